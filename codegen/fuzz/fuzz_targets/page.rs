//! Any bytes as a doc page: decoding, both front-ends, extraction, and the
//! lenient JSON parser must never panic, and every diagnostic must point at a
//! line of the page.

#![no_main]

use codegen::parse::lenient_json;
use codegen::pipeline::{self, Input};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let input = Input {
        path: "ru-RU/v1.0/api/fuzz.md".to_string(),
        bytes: bytes.to_vec(),
    };
    let result = pipeline::read_one(&input);
    // Lone `\r`s end lines too (they are read as `\n`).
    let lines = 1 + bytes.iter().filter(|&&b| b == b'\n' || b == b'\r').count();
    for d in &result.diagnostics {
        assert!(
            d.line >= 1 && d.line as usize <= lines,
            "{d:?} is outside the page ({lines} lines)"
        );
    }
    let _ = lenient_json::parse(&String::from_utf8_lossy(bytes));
});
