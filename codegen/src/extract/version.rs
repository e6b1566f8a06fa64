//! Which API version a page documents. Evidence, strongest first: the docs
//! tree folder (`v1.0/…`, `beta/…`), the version in the page's example URLs,
//! then the beta disclaimer.

use super::http;
use crate::ir::ApiVersion;
use crate::parse::doc::{BlockKind, PageDoc};

pub fn detect(doc: &PageDoc) -> Option<(ApiVersion, String)> {
    for segment in doc.path.split('/') {
        if let Some(v) = ApiVersion::parse(segment) {
            return Some((v, format!("docs folder `{segment}/`")));
        }
    }
    for block in &doc.blocks {
        if let BlockKind::Code { body, .. } = &block.kind {
            for (_, request) in http::request_lines(body) {
                if let Some(v) = request.version {
                    return Some((v, format!("example URL on line {}", block.line)));
                }
            }
        }
    }
    for block in &doc.blocks {
        let text = match &block.kind {
            BlockKind::Paragraph { text, .. } => text,
            _ => continue,
        };
        let beta_include = text
            .links
            .iter()
            .any(|l| l.target.contains("beta-disclaimer"));
        let primary = text.primary();
        if beta_include
            || primary.contains("/beta version")
            || text.local.contains("API версии /beta")
        {
            return Some((
                ApiVersion::Beta,
                format!("beta disclaimer on line {}", block.line),
            ));
        }
    }
    None
}
