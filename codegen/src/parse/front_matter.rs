//! The YAML front matter between `---` lines: flat `key: value` pairs only,
//! which is all the docs use.

use std::collections::BTreeMap;

pub struct FrontMatter {
    pub fields: BTreeMap<String, String>,
    /// Number of lines the block takes (0 when there is none).
    pub line_count: usize,
    /// The block was opened but never closed.
    pub unterminated: bool,
}

pub fn read(text: &str) -> FrontMatter {
    let mut lines = text.lines();
    let mut fm = FrontMatter {
        fields: BTreeMap::new(),
        line_count: 0,
        unterminated: false,
    };
    if lines.next().map(str::trim_end) != Some("---") {
        return fm;
    }
    for (index, line) in lines.enumerate() {
        if line.trim_end() == "---" {
            fm.line_count = index + 2;
            return fm;
        }
        if let Some((key, value)) = line.split_once(':')
            && !key.starts_with(' ')
            && !key.trim().is_empty()
        {
            fm.fields
                .insert(key.trim().to_string(), unquote(value.trim()).to_string());
        }
    }
    fm.unterminated = true;
    fm
}

fn unquote(value: &str) -> &str {
    for quote in ['\'', '"'] {
        if let Some(inner) = value
            .strip_prefix(quote)
            .and_then(|v| v.strip_suffix(quote))
        {
            return inner;
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_seed_front_matter() {
        let page = include_str!("../../../specs/pages/000_52f2b910e3db41c3.txt");
        let fm = read(page);
        assert_eq!(fm.line_count, 14);
        assert!(!fm.unterminated);
        assert_eq!(fm.fields["title"], "Call: Упдатеметадата");
        assert_eq!(fm.fields["ms.prod"], "cloud-communications");
        assert_eq!(fm.fields["doc_type"], "apiPageType");
        assert_eq!(fm.fields["ms.contentlocale"], "ru-RU");
        assert_eq!(fm.fields["ms.translationtype"], "MT");
        assert_eq!(fm.fields["ms.locfileid"], "47987262");
    }

    #[test]
    fn absent_and_unterminated() {
        assert_eq!(read("# title\n").line_count, 0);
        let fm = read("---\ntitle: x\n");
        assert!(fm.unterminated);
        assert_eq!(fm.fields["title"], "x");
    }
}
