//! Doc attributes: one `#[doc = " line"]` per line, which prettyplease prints as `///`.

use proc_macro2::TokenStream;
use quote::quote;

/// Doc lines → attributes. Empty lines stay as paragraph breaks.
pub fn doc_attrs<S: AsRef<str>>(lines: &[S]) -> TokenStream {
    let mut out = TokenStream::new();
    for line in lines {
        for piece in line.as_ref().split('\n') {
            let text = if piece.trim().is_empty() {
                String::new()
            } else {
                format!(" {}", piece.trim_end())
            };
            out.extend(quote! { #[doc = #text] });
        }
    }
    out
}

/// A description for rustdoc: English where any source has it; else the
/// machine translation, marked as such.
pub fn described(text: &crate::ir::Text) -> Option<String> {
    match (&text.en, &text.localized) {
        (Some(en), _) => Some(escape(en)),
        (None, Some(localized)) => Some(format!(
            "{} *(Machine translation: no English source has this text.)*",
            escape(localized)
        )),
        (None, None) => None,
    }
}

/// Escapes text from the pages for rustdoc: brackets that are not intra-doc
/// links and angle brackets that would read as HTML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}
