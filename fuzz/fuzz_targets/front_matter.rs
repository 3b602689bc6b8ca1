//! Bytes → text decoding → front-matter split → YAML tree: must never panic or hang.
#![no_main]

use jiebie::{load, yaml};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = load::decode_text(data) else {
        return;
    };
    let _ = yaml::parse(&text);
    if let Ok(split) = load::split_front_matter(&text) {
        let _ = yaml::parse(split.front);
    }
});
