//! A short, deterministic fuzz run in the test suite: real pages with bytes
//! flipped, inserted, deleted, spliced and cut off must read without a panic,
//! and every diagnostic must point at a line of the page. (The long run is
//! the cargo-fuzz target in `codegen/fuzz/`.)

use codegen::pipeline::{self, Input};
use std::path::Path;

/// xorshift64*: small, fast, and the same sequence everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Bytes that matter to the parsers: fences, tables, comments, JSON, spans.
const TOKENS: &[&[u8]] = &[
    b"```",
    b"```json\n",
    b"\n```\n",
    b"|",
    b" | ",
    b"\n|---|---|\n",
    b"<!--",
    b"-->",
    b"<!-- { \"blockType\": \"request\", ",
    b"{",
    b"}",
    b"[",
    b"]",
    b"\"",
    b",",
    b"\\",
    b"...",
    b"\n---\n",
    b"# ",
    b"\n## ",
    b"<span class=\"sxs-lookup\"><span data-stu-id=\"1\">",
    b"</span>",
    b"<a name=\"x\">",
    b"](../resources/",
    b".md)",
    b"POST https://graph.microsoft.com/v1.0/",
    b"HTTP/1.1 200 OK\n",
    b"\r",
    b"\0",
    b"\xff",
    b"\xd0",
    b"\t",
];

fn mutate(rng: &mut Rng, page: &[u8], other: &[u8]) -> Vec<u8> {
    let mut bytes = page.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(bytes.len() + 1);
        match rng.below(7) {
            0 if !bytes.is_empty() => {
                let i = rng.below(bytes.len());
                bytes[i] ^= 1 << rng.below(8);
            }
            1 => bytes.insert(at, rng.next() as u8),
            2 => {
                let end = (at + 1 + rng.below(64)).min(bytes.len());
                bytes.drain(at.min(end)..end);
            }
            3 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                bytes.splice(at..at, token.iter().copied());
            }
            4 => bytes.truncate(at),
            5 if !other.is_empty() => {
                // A slice of another page spliced in.
                let from = rng.below(other.len());
                let to = (from + rng.below(512)).min(other.len());
                bytes.splice(at..at, other[from..to].iter().copied());
            }
            _ => {
                // A line repeated or dropped.
                let start = bytes[..at]
                    .iter()
                    .rposition(|&b| b == b'\n')
                    .map_or(0, |i| i + 1);
                let end = bytes[at..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(bytes.len(), |i| at + i + 1);
                if rng.below(2) == 0 {
                    let line = bytes[start..end].to_vec();
                    bytes.splice(start..start, line);
                } else {
                    bytes.drain(start..end);
                }
            }
        }
    }
    bytes
}

/// The whole page one time in eight, else a piece of it from a line start:
/// small inputs keep the run short in a debug build.
fn window<'a>(rng: &mut Rng, page: &'a [u8]) -> &'a [u8] {
    if rng.below(8) == 0 {
        return page;
    }
    let at = rng.below(page.len());
    let start = page[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let end = (start + 256 + rng.below(2816)).min(page.len());
    &page[start..end]
}

fn pages() -> Vec<Input> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut pages = Vec::new();
    let seeds = root.join("specs/pages");
    let mut names: Vec<_> = std::fs::read_dir(&seeds)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    for name in names {
        pages.push(Input {
            bytes: std::fs::read(seeds.join(&name)).unwrap(),
            path: format!("pages/{name}"),
        });
    }
    // A few pages of other shapes from the docs trees, when they are here.
    for rel in [
        "ru-RU/v1.0/resources/call.md",
        "ru-RU/v1.0/resources/callrecords-callrecord.md",
        "ru-RU/beta/api/presence-get.md",
        "en-US/v1.0/api/call-answer.md",
        "en-US/v1.0/resources/enums.md",
    ] {
        if let Ok(bytes) = std::fs::read(root.join("../shared/graph-docs").join(rel)) {
            pages.push(Input {
                bytes,
                path: rel.to_string(),
            });
        }
    }
    pages
}

#[test]
fn mutated_pages_never_panic_and_diagnostics_point_into_the_page() {
    let pages = pages();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let started = std::time::Instant::now();
    let mut runs = 0;
    // A bounded run: a fixed number of mutants, stopped early on a slow machine.
    while runs < 3000 && started.elapsed().as_millis() < 3500 {
        let page = &pages[runs % pages.len()];
        let other = &pages[rng.below(pages.len())];
        let piece = window(&mut rng, &page.bytes);
        let bytes = mutate(&mut rng, piece, &other.bytes);
        let input = Input {
            path: page.path.clone(),
            bytes,
        };
        let result = pipeline::read_one(&input);
        let lines = 1 + input
            .bytes
            .iter()
            .filter(|&&b| b == b'\n' || b == b'\r')
            .count();
        for d in &result.diagnostics {
            assert!(
                d.line >= 1 && d.line as usize <= lines,
                "run {runs}: {d:?} is outside the page ({lines} lines)"
            );
        }
        runs += 1;
    }
    assert!(runs >= 200, "only {runs} mutants in the time allowed");
    eprintln!(
        "{runs} mutants of {} pages in {:?}",
        pages.len(),
        started.elapsed()
    );
}
