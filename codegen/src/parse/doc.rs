//! The page document model: what both front-ends (markdown and rendered plain
//! text) produce, and the only thing the extractor reads.

use crate::ir::PageFormat;
use std::collections::BTreeMap;

/// A page reduced to the blocks the extractor needs, each with its line.
#[derive(Debug, Clone, PartialEq)]
pub struct PageDoc {
    /// Relative to the input root, `/`-separated.
    pub path: String,
    pub format: PageFormat,
    /// `key: value` pairs of the YAML front matter, values unquoted.
    pub front_matter: BTreeMap<String, String>,
    /// The page carries `sxs-lookup` spans with English originals.
    pub bilingual: bool,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// 1-based line where the block starts.
    pub line: u32,
    pub kind: BlockKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum BlockKind {
    Heading {
        level: u8,
        /// The `<a name="…">` anchor, which stays English on translated pages.
        anchor: Option<String>,
        text: Inline,
    },
    Paragraph {
        text: Inline,
        /// Inside a blockquote (`> **Note:** …`).
        quoted: bool,
    },
    Table {
        header: Vec<Inline>,
        rows: Vec<Row>,
    },
    Code {
        /// The fence info string, trimmed and lowercased: `http`, `json`, ``.
        info: String,
        body: String,
        /// 1-based line of the first body line.
        body_line: u32,
        /// The HTML-comment annotation just before the fence.
        annotation: Option<Annotation>,
        /// False when the fence runs to the end of the page unclosed.
        terminated: bool,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub line: u32,
    pub cells: Vec<Inline>,
}

/// Inline text in both languages. On bilingual pages `en` is the text of the
/// `sxs-lookup` spans and `local` the translation; elsewhere `en` is `None`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inline {
    pub en: Option<String>,
    pub local: String,
    /// Links, from the English text when there is one.
    pub links: Vec<Link>,
    /// Code spans (`` `x` ``), from the English text when there is one.
    pub code: Vec<String>,
}

impl Inline {
    /// Plain text with no second language.
    pub fn plain(text: impl Into<String>) -> Self {
        Inline {
            en: None,
            local: text.into(),
            links: Vec::new(),
            code: Vec::new(),
        }
    }
    /// The text identifiers are read from: English where the page has it.
    pub fn primary(&self) -> &str {
        self.en.as_deref().unwrap_or(&self.local)
    }
    pub fn to_text(&self) -> crate::ir::Text {
        let local = self.local.trim();
        crate::ir::Text {
            en: self
                .en
                .as_ref()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty()),
            localized: (!local.is_empty() && self.en.as_deref().map(str::trim) != Some(local))
                .then(|| local.to_string()),
            en_source: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub text: String,
    pub target: String,
}

/// An HTML-comment annotation such as `<!-- { "blockType": "request", "name": "x" } -->`.
#[derive(Debug, Clone, PartialEq)]
pub struct Annotation {
    pub line: u32,
    /// `request`, `response`, `example`, `ignored`, `resource`, … (None when the JSON was invalid).
    pub block_type: Option<String>,
    pub name: Option<String>,
    /// `@odata.type`, without a leading `#`.
    pub odata_type: Option<String>,
    pub truncated: bool,
    pub is_collection: bool,
    /// Every field as given, for the ones not named above (`baseType`, `keyProperty`, …).
    pub fields: serde_json::Map<String, serde_json::Value>,
}
