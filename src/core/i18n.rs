//! The language of command-line output: Chinese by default, English on request.
//!
//! Liaisons read Chinese, so that is the default; technical staff (and CI logs read by
//! people who do not read Chinese) can ask for English with `--lang en` or an English
//! locale. Only what the command prints is translated — the generated website stays
//! Chinese whatever the setting.
//!
//! The setting is process-wide because diagnostics are built deep inside the pipeline, in
//! parallel, and threading a language parameter through every decoder would touch every
//! signature. The binary sets it once before doing any work; library code only reads it.
//! Tests must not change it (they run in parallel): use [`tr_in!`](crate::tr_in) with an
//! explicit [`Lang`] instead.

use std::sync::atomic::{AtomicU8, Ordering};

/// A language for command-line messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Chinese (the default).
    #[default]
    Zh,
    /// English.
    En,
}

// An atomic rather than a OnceLock so `set` may be called again (the binary sets it once;
// a second call is harmless) and reading it costs nothing in hot loops.
static CURRENT: AtomicU8 = AtomicU8::new(0);

/// Chooses the language for everything printed from now on.
pub fn set(lang: Lang) {
    CURRENT.store(
        match lang {
            Lang::Zh => 0,
            Lang::En => 1,
        },
        Ordering::Relaxed,
    );
}

/// The language chosen with [`set`] (Chinese if never set).
pub fn current() -> Lang {
    match CURRENT.load(Ordering::Relaxed) {
        1 => Lang::En,
        _ => Lang::Zh,
    }
}

/// The separator between items of a list in a message: the enumeration comma 、 in
/// Chinese, ", " in English.
pub fn separator() -> &'static str {
    match current() {
        Lang::Zh => "、",
        Lang::En => ", ",
    }
}

/// The language the environment asks for: English when the first set of `LC_ALL`,
/// `LC_MESSAGES`, `LANG` starts with `en`, otherwise Chinese.
///
/// `LANG=C`, `C.UTF-8`, `POSIX` and an unset locale (CI, most servers) mean Chinese: those
/// say nothing about the reader, and the reader of this tool is usually a liaison.
pub fn from_env() -> Lang {
    from_vars(|name| std::env::var(name).ok())
}

/// [`from_env`] with the environment passed in, so it can be tested without touching the
/// process environment.
pub fn from_vars(get: impl Fn(&str) -> Option<String>) -> Lang {
    // POSIX precedence: the first variable that is set and non-empty wins, even when it
    // names a non-English locale.
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .filter_map(&get)
        .find(|value| !value.is_empty());
    match locale {
        Some(value) if value.to_ascii_lowercase().starts_with("en") => Lang::En,
        _ => Lang::Zh,
    }
}

/// A message in the current language: `tr!("中文 {x}", "English {x}")` is `format!` of the
/// arm [`current`] chooses. Both arms take the same arguments (inline `{name}` captures
/// work in both).
#[macro_export]
macro_rules! tr {
    ($zh:literal, $en:literal $(,)?) => {
        $crate::tr_in!($crate::core::i18n::current(), $zh, $en)
    };
    ($zh:literal, $en:literal, $($args:tt)*) => {
        $crate::tr_in!($crate::core::i18n::current(), $zh, $en, $($args)*)
    };
}

/// [`tr!`](crate::tr) with the language given explicitly (for tests and for code that must
/// not depend on the process-wide setting).
#[macro_export]
macro_rules! tr_in {
    ($lang:expr, $zh:literal, $en:literal $(,)?) => {
        match $lang {
            $crate::core::i18n::Lang::Zh => ::std::format!($zh),
            $crate::core::i18n::Lang::En => ::std::format!($en),
        }
    };
    ($lang:expr, $zh:literal, $en:literal, $($args:tt)*) => {
        match $lang {
            $crate::core::i18n::Lang::Zh => ::std::format!($zh, $($args)*),
            $crate::core::i18n::Lang::En => ::std::format!($en, $($args)*),
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        }
    }

    #[test]
    fn english_locales_mean_english() {
        assert_eq!(from_vars(env(&[("LANG", "en_US.UTF-8")])), Lang::En);
        assert_eq!(from_vars(env(&[("LANG", "en")])), Lang::En);
        assert_eq!(from_vars(env(&[("LC_MESSAGES", "en_GB.utf8")])), Lang::En);
        assert_eq!(from_vars(env(&[("LC_ALL", "en_US")])), Lang::En);
    }

    #[test]
    fn c_posix_unset_and_chinese_locales_mean_chinese() {
        assert_eq!(from_vars(env(&[])), Lang::Zh);
        assert_eq!(from_vars(env(&[("LANG", "C")])), Lang::Zh);
        assert_eq!(from_vars(env(&[("LANG", "C.UTF-8")])), Lang::Zh);
        assert_eq!(from_vars(env(&[("LANG", "POSIX")])), Lang::Zh);
        assert_eq!(from_vars(env(&[("LANG", "zh_CN.UTF-8")])), Lang::Zh);
        assert_eq!(from_vars(env(&[("LANG", "")])), Lang::Zh);
    }

    #[test]
    fn lc_all_then_lc_messages_then_lang() {
        let zh_over_en = env(&[("LC_ALL", "zh_CN.UTF-8"), ("LANG", "en_US.UTF-8")]);
        assert_eq!(from_vars(zh_over_en), Lang::Zh);
        let en_over_zh = env(&[("LC_MESSAGES", "en_US.UTF-8"), ("LANG", "zh_CN.UTF-8")]);
        assert_eq!(from_vars(en_over_zh), Lang::En);
        let c_over_en = env(&[("LC_MESSAGES", "C"), ("LANG", "en_US.UTF-8")]);
        assert_eq!(from_vars(c_over_en), Lang::Zh);
        let empty_skipped = env(&[("LC_ALL", ""), ("LANG", "en_US.UTF-8")]);
        assert_eq!(from_vars(empty_skipped), Lang::En);
    }

    #[test]
    fn tr_in_formats_the_chosen_arm() {
        let kind = "reserch";
        assert_eq!(
            crate::tr_in!(
                Lang::Zh,
                "未知的活动类型 “{kind}”",
                "unknown activity kind “{kind}”"
            ),
            "未知的活动类型 “reserch”"
        );
        assert_eq!(
            crate::tr_in!(Lang::En, "共 {} 个", "{} in all", 3),
            "3 in all"
        );
        assert_eq!(crate::tr_in!(Lang::En, "错误", "error"), "error");
    }
}
