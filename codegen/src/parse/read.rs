//! Bytes of a page → [`PageDoc`]: decoding, binary detection, and the choice
//! between the markdown and the plain-text front-ends.

use super::doc::PageDoc;
use super::{markdown, plaintext};
use crate::diag::{Code, Sink, Source};
use crate::ir::PageFormat;
use std::collections::BTreeMap;

/// Reads one page. Never fails: what cannot be read becomes a diagnostic and,
/// at worst, an empty document.
pub fn read_page(path: &str, bytes: &[u8], sink: &mut Sink) -> PageDoc {
    let at = Source::new(path, 1);
    let empty = || PageDoc {
        path: path.to_string(),
        format: PageFormat::Markdown,
        front_matter: BTreeMap::new(),
        bilingual: false,
        blocks: Vec::new(),
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        sink.warn(Code::EmptyFile, &at, "page is empty");
        return empty();
    }
    if looks_binary(bytes) {
        sink.error(
            Code::BinaryFile,
            &at,
            "page is binary (NUL bytes or mostly control characters); skipped",
        );
        return empty();
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            sink.warn(
                Code::InvalidUtf8,
                &Source::new(path, u32::try_from(line).unwrap_or(u32::MAX)),
                format!(
                    "invalid UTF-8 after byte {}; decoded with replacement characters",
                    e.valid_up_to()
                ),
            );
            String::from_utf8_lossy(bytes)
        }
    };
    let text = normalize_newlines(&text);
    if plaintext::looks_like_plain_text(&text) {
        plaintext::read(path, &text, sink)
    } else {
        markdown::read(path, &text, sink)
    }
}

/// `\r\n` and lone `\r` become `\n`, so line numbers and output never depend on them.
fn normalize_newlines(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    control * 10 > head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_bytes_never_fail() {
        let mut sink = Sink::default();
        assert!(read_page("e.md", b"", &mut sink).blocks.is_empty());
        assert_eq!(sink.items[0].code, Code::EmptyFile);

        let mut sink = Sink::default();
        assert!(
            read_page("b.md", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", &mut sink)
                .blocks
                .is_empty()
        );
        assert_eq!(sink.items[0].code, Code::BinaryFile);

        let mut sink = Sink::default();
        let page = read_page("u.md", b"# Title\n\nbad \xff\xfe byte\n", &mut sink);
        assert_eq!(sink.items[0].code, Code::InvalidUtf8);
        assert_eq!(sink.items[0].line, 3);
        assert_eq!(page.blocks.len(), 2);
    }

    #[test]
    fn crlf_pages_read_like_lf_pages() {
        let lf = include_str!("../../../specs/pages/000_52f2b910e3db41c3.txt");
        let crlf = lf.replace('\n', "\r\n");
        let (mut a, mut b) = (Sink::default(), Sink::default());
        assert_eq!(
            read_page("p", lf.as_bytes(), &mut a),
            read_page("p", crlf.as_bytes(), &mut b)
        );
    }
}
