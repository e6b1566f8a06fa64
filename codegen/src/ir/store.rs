//! The spec as files under `specs/ir/`: pretty JSON with stable ordering, one
//! file per concern so diffs stay local.
//!
//! - `pages.json`: schema version and every page read
//! - `diagnostics.json`: every diagnostic, sorted
//! - `<version>.json`: operations, types and examples of one API version

use super::{ApiVersion, Inputs, PageInfo, SCHEMA_VERSION, Spec, VersionSpec};
use crate::diag::Diagnostic;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Serialize, Deserialize)]
struct PagesFile {
    schema_version: u32,
    #[serde(default)]
    inputs: Inputs,
    pages: Vec<PageInfo>,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("`{file}` is missing")]
    Missing { file: String },
    #[error("`{file}` is not a valid spec file: {source}")]
    Invalid {
        file: String,
        source: serde_json::Error,
    },
    #[error(
        "`{file}` has schema version {found}; this tool reads {SCHEMA_VERSION}: run `cargo xtask extract`"
    )]
    Schema { file: String, found: u32 },
}

/// [`PagesFile`] borrowed from the spec, for writing: the same JSON, without
/// cloning every page.
#[derive(Serialize)]
struct PagesFileRef<'a> {
    schema_version: u32,
    inputs: &'a Inputs,
    pages: &'a [PageInfo],
}

fn pretty<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// One file of the IR and the part of the spec it holds.
enum Part<'a> {
    Pages(PagesFileRef<'a>),
    Diagnostics(&'a [Diagnostic]),
    Version(&'a VersionSpec),
}

/// The files, keyed by path relative to `specs/ir/`. The files are serialized
/// side by side (the IR of a whole docs tree is tens of megabytes).
pub fn to_files(spec: &Spec) -> BTreeMap<String, String> {
    let mut parts = vec![
        (
            "pages.json".to_string(),
            Part::Pages(PagesFileRef {
                schema_version: spec.schema_version,
                inputs: &spec.inputs,
                pages: &spec.pages,
            }),
        ),
        (
            "diagnostics.json".to_string(),
            Part::Diagnostics(&spec.diagnostics),
        ),
    ];
    for (version, content) in &spec.versions {
        parts.push((format!("{}.json", version.as_str()), Part::Version(content)));
    }
    parts
        .into_par_iter()
        .map(|(name, part)| {
            let text = match part {
                Part::Pages(pages) => pretty(&pages),
                Part::Diagnostics(diagnostics) => pretty(&diagnostics),
                Part::Version(content) => pretty(content),
            };
            (name, text)
        })
        .collect()
}

/// Reads the files back; `read` returns a file's text by its name.
/// The files are parsed side by side (the version files are tens of megabytes each).
pub fn from_files(read: impl Fn(&str) -> Option<String> + Sync) -> Result<Spec, StoreError> {
    let invalid = |file: &str| {
        let file = file.to_string();
        move |source| StoreError::Invalid { file, source }
    };
    let load = |file: &str| {
        read(file).ok_or_else(|| StoreError::Missing {
            file: file.to_string(),
        })
    };
    let pages = || -> Result<PagesFile, StoreError> {
        let text = load("pages.json")?;
        let value: serde_json::Value =
            serde_json::from_str(&text).map_err(invalid("pages.json"))?;
        let pages: PagesFile = serde_json::from_value(value).map_err(invalid("pages.json"))?;
        if pages.schema_version != SCHEMA_VERSION {
            return Err(StoreError::Schema {
                file: "pages.json".into(),
                found: pages.schema_version,
            });
        }
        Ok(pages)
    };
    let diagnostics = || -> Result<Vec<Diagnostic>, StoreError> {
        serde_json::from_str(&load("diagnostics.json")?).map_err(invalid("diagnostics.json"))
    };
    let version = |version: ApiVersion| -> Result<Option<(ApiVersion, VersionSpec)>, StoreError> {
        let file = format!("{}.json", version.as_str());
        let Some(text) = read(&file) else {
            return Ok(None);
        };
        let content: VersionSpec = serde_json::from_str(&text).map_err(invalid(&file))?;
        Ok(Some((version, content)))
    };
    let ((pages, diagnostics), versions) = rayon::join(
        || rayon::join(pages, diagnostics),
        || {
            ApiVersion::ALL
                .par_iter()
                .map(|v| version(*v))
                .collect::<Vec<_>>()
        },
    );
    let (pages, diagnostics) = (pages?, diagnostics?);
    let mut parsed = BTreeMap::new();
    for entry in versions {
        if let Some((version, content)) = entry? {
            parsed.insert(version, content);
        }
    }
    let versions = parsed;
    Ok(Spec {
        schema_version: pages.schema_version,
        inputs: pages.inputs,
        pages: pages.pages,
        versions,
        diagnostics,
    })
}
