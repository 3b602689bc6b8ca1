//! Bytes → text decoding → front-matter split → YAML tree: must never panic or hang.
#![no_main]

use jiebie::source::front_matter::{decode_text, split_front_matter};
use jiebie::source::yaml;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = decode_text(data) else {
        return;
    };
    let _ = yaml::parse(&text);
    if let Ok(split) = split_front_matter(&text) {
        let _ = yaml::parse(split.front);
    }
});
