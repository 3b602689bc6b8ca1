//! Personal data government sites must not publish: mainland mobile numbers, resident ID
//! numbers (with a valid check digit) and bank card numbers (Luhn), each with the
//! masked form to write instead.

use crate::core::diagnostics::{Diagnostic, Position};
use std::path::Path;

/// What kind of personal number was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sensitive {
    /// A mainland mobile number (11 digits, 1[3-9]…).
    Mobile,
    /// An 18-digit resident ID number with a valid check digit.
    IdNumber,
    /// A bank card number (16–19 digits passing the Luhn check).
    BankCard,
}

impl Sensitive {
    fn name(self) -> String {
        match self {
            Sensitive::Mobile => crate::tr!("手机号码", "mobile number"),
            Sensitive::IdNumber => crate::tr!("身份证号码", "ID card number"),
            Sensitive::BankCard => crate::tr!("银行卡号", "bank card number"),
        }
    }
}

/// A personal number in a text: its kind, 0-based char column, the text as written and
/// its masked form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What it is.
    pub kind: Sensitive,
    /// 0-based character offset in the line.
    pub column: usize,
    /// As written.
    pub text: String,
    /// How to publish it instead.
    pub masked: String,
}

/// Whether an 18-character resident ID number has a valid check digit (GB 11643).
pub fn id_checksum_ok(id: &str) -> bool {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
    let chars: Vec<char> = id.chars().collect();
    if chars.len() != 18 || !chars[..17].iter().all(char::is_ascii_digit) {
        return false;
    }
    let sum: u32 = chars[..17]
        .iter()
        .zip(WEIGHTS)
        .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
        .sum();
    CHECK[(sum % 11) as usize] == chars[17].to_ascii_uppercase()
}

/// Whether a digit string passes the Luhn check used by bank cards.
pub fn luhn_ok(digits: &str) -> bool {
    let mut sum = 0;
    for (i, c) in digits.chars().rev().enumerate() {
        let Some(mut d) = c.to_digit(10) else {
            return false;
        };
        if i % 2 == 1 {
            d *= 2;
            if d > 9 {
                d -= 9;
            }
        }
        sum += d;
    }
    !digits.is_empty() && sum % 10 == 0
}

fn plausible_birth_date(id: &str) -> bool {
    let year: i32 = id[6..10].parse().unwrap_or(0);
    let month: u32 = id[10..12].parse().unwrap_or(0);
    let day: u32 = id[12..14].parse().unwrap_or(0);
    (1900..=2100).contains(&year) && chrono::NaiveDate::from_ymd_opt(year, month, day).is_some()
}

/// Fewest digits of anything [`find_sensitive`] reports (a mobile number).
const FEWEST_DIGITS: usize = 11;

/// Whether `line` holds a run of at least [`FEWEST_DIGITS`] digits grouped as
/// [`find_sensitive`] groups them: most lines hold none, and are skipped without being
/// cut into characters.
fn has_long_digit_run(line: &str) -> bool {
    let bytes = line.as_bytes();
    let mut digits = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b.is_ascii_digit() {
            digits += 1;
            if digits >= FEWEST_DIGITS {
                return true;
            }
        } else if !((b == b' ' || b == b'-')
            && digits > 0
            && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            digits = 0;
        }
    }
    false
}

/// Finds mobile, ID and bank card numbers in one line of text. Digits may be grouped
/// with single spaces or hyphens (138-1234-5678, 6222 0212 …).
pub fn find_sensitive(line: &str) -> Vec<Finding> {
    if !has_long_digit_run(line) {
        return Vec::new();
    }
    let chars: Vec<char> = line.chars().collect();
    let mut findings = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && (chars[i - 1].is_ascii_alphanumeric())) {
            i += 1;
            continue;
        }
        let start = i;
        let mut digits = String::new();
        let mut end = i;
        while end < chars.len() {
            let c = chars[end];
            if c.is_ascii_digit() {
                digits.push(c);
                end += 1;
            } else if (c == ' ' || c == '-')
                && end + 1 < chars.len()
                && chars[end + 1].is_ascii_digit()
                && !digits.is_empty()
            {
                end += 1;
            } else {
                break;
            }
        }
        // An ID number may end in X.
        let mut with_x = digits.clone();
        if end < chars.len() && matches!(chars[end], 'X' | 'x') && digits.len() == 17 {
            with_x.push('X');
            end += 1;
        }
        let followed_by_word = end < chars.len() && chars[end].is_ascii_alphanumeric();
        let written: String = chars[start..end].iter().collect();
        if !followed_by_word {
            let kind =
                if with_x.len() == 18 && id_checksum_ok(&with_x) && plausible_birth_date(&with_x) {
                    Some(Sensitive::IdNumber)
                } else if digits.len() == 11
                    && digits.starts_with('1')
                    && matches!(digits.as_bytes()[1], b'3'..=b'9')
                {
                    Some(Sensitive::Mobile)
                } else if (16..=19).contains(&digits.len()) && luhn_ok(&digits) {
                    Some(Sensitive::BankCard)
                } else {
                    None
                };
            if let Some(kind) = kind {
                let masked = match kind {
                    Sensitive::Mobile => format!("{}****{}", &digits[..3], &digits[7..]),
                    Sensitive::IdNumber => format!("{}********{}", &with_x[..6], &with_x[14..]),
                    Sensitive::BankCard => format!(
                        "{}{}",
                        "*".repeat(digits.len() - 4),
                        &digits[digits.len() - 4..]
                    ),
                };
                findings.push(Finding {
                    kind,
                    column: start,
                    text: written,
                    masked,
                });
            }
        }
        i = end.max(start + 1);
    }
    findings
}

/// Reports personal numbers in a document's text (front matter and body alike: both
/// are published).
pub fn check_privacy(path: &Path, text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        for f in find_sensitive(line) {
            out.push(
                Diagnostic::warning(
                    path,
                    Position::new(n + 1, f.column + 1),
                    crate::tr!(
                        "公开文字中出现{}“{}”",
                        "public text contains a {} “{}”",
                        f.kind.name(),
                        f.text
                    ),
                )
                .with_help(crate::tr!(
                    "按政府网站个人信息保护要求作脱敏处理，改写为 {}",
                    "mask it as government websites' personal-data rules require: write {}",
                    f.masked
                )),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_numbers_need_a_valid_check_digit() {
        assert!(id_checksum_ok("11010519491231002X"));
        assert!(!id_checksum_ok("110105194912310021"));
        assert!(id_checksum_ok("420102199003071238") == luhn_digit_free("420102199003071238"));
    }

    // Computes the check digit independently, to test the table-driven version.
    fn luhn_digit_free(id: &str) -> bool {
        let w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        let s: u32 = id
            .chars()
            .take(17)
            .zip(w)
            .map(|(c, w)| c.to_digit(10).unwrap() * w)
            .sum();
        "10X98765432".chars().nth((s % 11) as usize) == id.chars().nth(17)
    }

    #[test]
    fn finds_and_masks_personal_numbers() {
        let found = find_sensitive(
            "联系人电话13812345678，身份证11010519491231002X，卡号6222 0212 3456 7890 123",
        );
        let kinds: Vec<Sensitive> = found.iter().map(|f| f.kind).collect();
        assert_eq!(kinds, [Sensitive::Mobile, Sensitive::IdNumber]);
        assert_eq!(found[0].masked, "138****5678");
        assert_eq!(found[0].column, 5);
        assert_eq!(found[1].masked, "110105********002X");
        let card = find_sensitive("卡号 4111 1111 1111 1111 已登记");
        assert_eq!(card.len(), 1);
        assert_eq!(card[0].kind, Sensitive::BankCard);
        assert_eq!(card[0].masked, "************1111");
    }

    #[test]
    fn the_quick_filter_keeps_every_grouping_that_is_searched() {
        for line in [
            "电话13812345678",
            "电话 138-1234-5678。",
            "电话 138 1234 5678",
            "卡号6222 0212 3456 7890 123",
            "11010519491231002X",
        ] {
            assert!(has_long_digit_run(line), "{line}");
        }
        // Ten digits at most, or groups split by two separators: nothing to search.
        for line in [
            "2025-03-15 至 2025-04-01",
            "1381234567",
            "138--1234-5678",
            "138 -12345678",
        ] {
            assert!(!has_long_digit_run(line), "{line}");
            assert!(find_sensitive(line).is_empty(), "{line}");
        }
    }

    #[test]
    fn ordinary_numbers_are_not_flagged() {
        for text in [
            "2025-03-15",
            "027-00000000",
            "12345678901",
            "110105194912310021",
            "4111111111111112",
            "编号 A13812345678",
            "共 13812345678900 人",
        ] {
            assert!(
                find_sensitive(text).is_empty(),
                "{text}: {:?}",
                find_sensitive(text)
            );
        }
    }
}
