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

/// The page's address on Microsoft Learn, as a Markdown link: `ru-RU/v1.0/api/call-answer.md`
/// → `https://learn.microsoft.com/en-us/graph/api/call-answer?view=graph-rest-1.0`. `None` for a
/// page outside a docs tree's `api/` and `resources/` (a seed under `pages/`).
pub fn learn_link(page: &str) -> Option<String> {
    learn_url(page).map(|url| format!("[Microsoft Learn]({url})"))
}

/// The page's URL on Microsoft Learn (see [`learn_link`]).
pub fn learn_url(page: &str) -> Option<String> {
    let parts: Vec<&str> = page.split('/').collect();
    let [_locale, version, dir, file] = parts[..] else {
        return None;
    };
    let view = match version {
        "v1.0" => "graph-rest-1.0",
        "beta" => "graph-rest-beta",
        _ => return None,
    };
    let dir = match dir {
        "api" => "api",
        "resources" => "api/resources",
        _ => return None,
    };
    let name = file.strip_suffix(".md")?.to_ascii_lowercase();
    let safe = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    safe.then(|| format!("https://learn.microsoft.com/en-us/graph/{dir}/{name}?view={view}"))
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
/// links and angle brackets that would read as HTML; bare URLs outside code
/// spans become autolinks (`<https://…>`), so rustdoc links them.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, piece) in text.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 {
            escape_plain(piece, &mut out);
            continue;
        }
        let mut rest = piece;
        while let Some(start) = ["https://", "http://"]
            .iter()
            .filter_map(|p| rest.find(p))
            .min()
        {
            escape_plain(&rest[..start], &mut out);
            let tail = &rest[start..];
            let end = tail
                .find(|c: char| {
                    c.is_whitespace()
                        || matches!(c, '<' | '>' | '"' | '\'' | '(' | ')' | '[' | ']' | '|')
                })
                .unwrap_or(tail.len());
            let url = tail[..end].trim_end_matches(['.', ',', ';', ':', '!', '?']);
            if url.len() > "https://".len() {
                out.push('<');
                out.push_str(url);
                out.push('>');
            } else {
                escape_plain(url, &mut out);
            }
            rest = &tail[url.len().max(1)..];
        }
        escape_plain(rest, &mut out);
    }
    out
}

fn escape_plain(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{escape, learn_link};

    #[test]
    fn bare_urls_become_links_outside_code() {
        assert_eq!(
            escape("relative to https://graph.microsoft.com. Required [x] <b>"),
            "relative to <https://graph.microsoft.com>. Required \\[x\\] &lt;b&gt;"
        );
        assert_eq!(
            escape(
                "base URL (https://graph.microsoft.com/v1.0/) or `GET https://graph.microsoft.com/me`"
            ),
            "base URL (<https://graph.microsoft.com/v1.0/>) or `GET https://graph.microsoft.com/me`"
        );
        assert_eq!(escape("just https:// here"), "just https:// here");
    }

    #[test]
    fn pages_link_to_microsoft_learn() {
        assert_eq!(
            learn_link("ru-RU/v1.0/api/call-answer.md").as_deref(),
            Some(
                "[Microsoft Learn](https://learn.microsoft.com/en-us/graph/api/call-answer?view=graph-rest-1.0)"
            )
        );
        assert_eq!(
            learn_link("pt-BR/beta/resources/callRecords-callRecord.md").as_deref(),
            Some(
                "[Microsoft Learn](https://learn.microsoft.com/en-us/graph/api/resources/callrecords-callrecord?view=graph-rest-beta)"
            )
        );
        assert_eq!(learn_link("pages/000_52f2b910e3db41c3.txt"), None);
        assert_eq!(learn_link("ru-RU/v1.0/concepts/overview.md"), None);
        assert_eq!(learn_link("ru-RU/v1.0/api/a b(c).md"), None);
    }
}
