// TEMPORARY STUB (helper-3 is writing the real module)
pub fn looks_like_plain_text(_text: &str) -> bool {
    false
}
pub fn read(path: &str, _text: &str, _sink: &mut crate::diag::Sink) -> crate::parse::doc::PageDoc {
    crate::parse::doc::PageDoc {
        path: path.into(),
        format: crate::ir::PageFormat::PlainText,
        front_matter: Default::default(),
        bilingual: false,
        blocks: vec![],
    }
}
