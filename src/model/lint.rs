//! Extra checks run by `jiebie check` (not by `build`): personal data that government
//! sites must not publish, the committee's list of wrong terms, and oversized images.

use crate::core::diagnostics::{Diagnostic, Position};
use crate::source::fields::Reporter;
use crate::source::yaml::Node;
use std::path::Path;

/// Images larger than this many bytes are flagged.
pub const MAX_IMAGE_BYTES: u64 = 2 * 1024 * 1024;
/// Images wider or taller than this many pixels are flagged.
pub const MAX_IMAGE_PIXELS: u32 = 4000;

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

/// Finds mobile, ID and bank card numbers in one line of text. Digits may be grouped
/// with single spaces or hyphens (138-1234-5678, 6222 0212 …).
pub fn find_sensitive(line: &str) -> Vec<Finding> {
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

/// One entry of the committee's list of wrong terms (`content/lint.yaml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The wrong or outdated wording.
    pub wrong: String,
    /// What to write instead.
    pub right: String,
    /// Why, optionally.
    pub note: Option<String>,
}

/// Reads `lint.yaml`: either `terms: [{ wrong, right, note }]` or a plain mapping
/// `wrong: right`.
pub fn read_terms(path: &Path, node: &Node) -> (Vec<Term>, Vec<Diagnostic>) {
    let mut r = Reporter::new(path);
    let mut terms = Vec::new();
    if node.is_null() {
        return (terms, r.diagnostics);
    }
    let Some(entries) = node.as_mapping() else {
        r.error(
            node.position,
            crate::tr!(
                "lint.yaml 应该是 `错误写法: 正确写法` 的列表",
                "lint.yaml should be a list of `wrong: right` lines"
            ),
            crate::tr!(
                "例如：\n政协委员会议: 政协全体委员会议",
                "for example:\n政协委员会议: 政协全体委员会议"
            ),
        );
        return (terms, r.diagnostics);
    };
    for (key, value) in entries {
        if key.text == "terms" {
            for item in r.mapping_list(value, "terms") {
                let Some(mut f) = r.fields(item, &crate::tr!("用语规则", "a term rule")) else {
                    continue;
                };
                let wrong = f.require_text(
                    &mut r,
                    "wrong",
                    &crate::tr!("错误写法", "wrong wording"),
                    "政协委员会议",
                );
                let right = f.require_text(
                    &mut r,
                    "right",
                    &crate::tr!("正确写法", "right wording"),
                    "政协全体委员会议",
                );
                let note = f.text(&mut r, "note");
                f.finish(
                    &mut r,
                    &["wrong", "right", "note"],
                    &crate::tr!("用语规则", "a term rule"),
                );
                if let (Some(wrong), Some(right)) = (wrong, right) {
                    terms.push(Term { wrong, right, note });
                }
            }
        } else if let Some(right) = r.text(value, &key.text) {
            terms.push(Term {
                wrong: key.text.clone(),
                right,
                note: None,
            });
        }
    }
    (terms, r.diagnostics)
}

/// Reads `content/lint.yaml` if there is one.
pub fn load_terms(content_dir: &Path) -> (Vec<Term>, Vec<Diagnostic>) {
    let path = content_dir.join("lint.yaml");
    if !path.is_file() {
        return (Vec::new(), Vec::new());
    }
    let text = match crate::source::front_matter::read_text(&path) {
        Ok(text) => text,
        Err(d) => return (Vec::new(), vec![d]),
    };
    match crate::source::yaml::parse(&text) {
        Ok(node) => read_terms(&path, &node),
        Err(e) => (
            Vec::new(),
            vec![Diagnostic::error(&path, e.position, e.message).with_help(e.help)],
        ),
    }
}

/// Checks every image among `assets` for size.
pub fn check_images(
    content_dir: &Path,
    assets: &std::collections::BTreeSet<std::path::PathBuf>,
) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let images: Vec<&std::path::PathBuf> = assets
        .iter()
        .filter(|p| {
            matches!(
                p.extension()
                    .and_then(|e| e.to_str())
                    .map(str::to_ascii_lowercase)
                    .as_deref(),
                Some("jpg" | "jpeg" | "png" | "gif" | "webp")
            )
        })
        .collect();
    images
        .par_iter()
        .filter_map(|rel| check_image(&content_dir.join(rel), &content_dir.join(rel)))
        .collect()
}

/// Reports every use of a wrong term in a document.
pub fn check_terms(path: &Path, text: &str, terms: &[Term]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if terms.is_empty() {
        return out;
    }
    for (n, line) in text.lines().enumerate() {
        for term in terms {
            if term.wrong.is_empty() {
                continue;
            }
            for (byte, _) in line.match_indices(&term.wrong) {
                // The right wording may contain the wrong one (会议 → 全体会议): skip those.
                if !term.right.contains(&term.wrong) || !right_at(line, byte, term) {
                    let column = line[..byte].chars().count() + 1;
                    let why = term
                        .note
                        .as_ref()
                        .map(|n| format!("（{n}）"))
                        .unwrap_or_default();
                    out.push(
                        Diagnostic::warning(
                            path,
                            Position::new(n + 1, column),
                            crate::tr!(
                                "用语不规范：“{}”{why}",
                                "non-standard wording: “{}”{why}",
                                term.wrong
                            ),
                        )
                        .with_help(crate::tr!(
                            "改为 “{}”",
                            "change it to “{}”",
                            term.right
                        )),
                    );
                }
            }
        }
    }
    out
}

fn right_at(line: &str, byte: usize, term: &Term) -> bool {
    let Some(offset) = term.right.find(&term.wrong) else {
        return false;
    };
    byte >= offset && line[byte - offset..].starts_with(&term.right)
}

/// Width and height of a PNG, JPEG or GIF, read from its header.
pub fn image_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.len() >= 24 {
        let w = u32::from_be_bytes(bytes[16..20].try_into().ok()?);
        let h = u32::from_be_bytes(bytes[20..24].try_into().ok()?);
        return Some((w, h));
    }
    if bytes.starts_with(b"GIF8") && bytes.len() >= 10 {
        return Some((
            u16::from_le_bytes([bytes[6], bytes[7]]) as u32,
            u16::from_le_bytes([bytes[8], bytes[9]]) as u32,
        ));
    }
    if bytes.starts_with(&[0xFF, 0xD8]) {
        let mut i = 2;
        while i + 9 < bytes.len() {
            if bytes[i] != 0xFF {
                i += 1;
                continue;
            }
            let marker = bytes[i + 1];
            let length = u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]) as usize;
            let is_frame = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
            if is_frame {
                let h = u16::from_be_bytes([bytes[i + 5], bytes[i + 6]]) as u32;
                let w = u16::from_be_bytes([bytes[i + 7], bytes[i + 8]]) as u32;
                return Some((w, h));
            }
            i += 2 + length;
        }
    }
    None
}

/// Flags an image that is too heavy for readers on phones.
pub fn check_image(path: &Path, display: &Path) -> Option<Diagnostic> {
    use std::io::Read;
    let size = std::fs::metadata(path).ok()?.len();
    // Headers sit near the start; a JPEG's frame header follows its metadata.
    let mut head = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(256 * 1024)
        .read_to_end(&mut head)
        .ok()?;
    let dimensions = image_size(&head);
    let too_wide = dimensions.is_some_and(|(w, h)| w > MAX_IMAGE_PIXELS || h > MAX_IMAGE_PIXELS);
    if size <= MAX_IMAGE_BYTES && !too_wide {
        return None;
    }
    let shape = dimensions
        .map(|(w, h)| crate::tr!("，{w}×{h} 像素", ", {w}×{h} pixels"))
        .unwrap_or_default();
    Some(
        Diagnostic::warning(display, Position::start(), crate::tr!("图片过大（{} KB{shape}），在手机上打开很慢", "the image is too large ({} KB{shape}) and opens slowly on phones", size / 1024))
            .with_help(crate::tr!("用图片工具把长边缩小到 2000 像素以内、以 JPEG 质量 80 另存（通常不到 500 KB）；上限为 {} KB、{MAX_IMAGE_PIXELS} 像素", "shrink the long side to 2000 pixels or less with an image tool and save as JPEG quality 80 (usually under 500 KB); the limits are {} KB and {MAX_IMAGE_PIXELS} pixels", MAX_IMAGE_BYTES / 1024)),
    )
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

    #[test]
    fn wrong_terms_are_found_but_not_inside_the_right_one() {
        let terms = vec![Term {
            wrong: "委员会议".into(),
            right: "全体委员会议".into(),
            note: None,
        }];
        let diags = check_terms(
            Path::new("a.md"),
            "召开委员会议。\n召开全体委员会议。",
            &terms,
        );
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].position, Position::new(1, 3));
        assert!(diags[0].help.as_deref().unwrap().contains("全体委员会议"));
    }

    #[test]
    fn image_sizes_come_from_headers() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend(5000u32.to_be_bytes());
        png.extend(300u32.to_be_bytes());
        assert_eq!(image_size(&png), Some((5000, 300)));
        let jpeg = [
            0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0, 0xFF, 0xC0, 0, 17, 8, 0x02, 0x15, 0x03, 0x20, 3,
        ];
        assert_eq!(image_size(&jpeg), Some((800, 533)));
    }
}
