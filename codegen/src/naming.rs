//! Names: Graph wire names → Rust identifiers, and the small English rules the
//! extractor uses to name operations and path parameters.

use heck::{ToLowerCamelCase, ToPascalCase, ToSnakeCase};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    Pascal,
    Snake,
}

/// Rust keywords (2024 edition, including reserved ones) that cannot be identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// A valid Rust identifier for `input` in the given case. Characters that are
/// not identifier characters become word breaks, a leading digit gets `_`, and
/// keywords become raw identifiers (`r#type`; the serde `rename` keeps the
/// wire name). The four keywords that cannot be raw (`self`, `Self`, `super`,
/// `crate`) get the word `value`: `self_value`, `SelfValue`.
pub fn sanitize(input: &str, case: Case) -> String {
    let cleaned: String = input
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let mut name = match case {
        Case::Pascal => cleaned.to_pascal_case(),
        Case::Snake => cleaned.to_snake_case(),
    };
    if name.is_empty() {
        name.push_str(if case == Case::Pascal {
            "Empty"
        } else {
            "empty"
        });
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if KEYWORDS.contains(&name.as_str()) {
        name = match name.as_str() {
            "self" | "super" | "crate" => format!("{name}_value"),
            "Self" => "SelfValue".to_string(),
            _ => format!("r#{name}"),
        };
    }
    name
}

/// Whether a type's local name has a capital after its first letter (`orgContact`,
/// `identityUserFlowAttributeDataType`): Graph's camelCase, which says how the name is cased,
/// unlike an all-lowercase file name or anchor (`orgcontact`) or a capitalized heading word
/// (`Roles`).
pub fn has_hump(local: &str) -> bool {
    local.chars().skip(1).any(|c| c.is_ascii_uppercase())
}

/// `participants` → `participant`, `policies` → `policy`; plain English rules,
/// good enough for Graph's collection segments.
pub fn singular(word: &str) -> String {
    // `series` and `valueAxis` (a chart's) are one already.
    let lower = word.to_ascii_lowercase();
    if lower.ends_with("series") || lower.ends_with("axis") {
        return word.to_string();
    }
    if let Some(stem) = word.strip_suffix("ies") {
        return format!("{stem}y");
    }
    if word.to_ascii_lowercase().ends_with("axes") {
        return format!("{}is", &word[..word.len() - 2]);
    }
    for suffix in ["uses", "sses"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            return format!("{stem}{}", &suffix[..suffix.len() - 2]);
        }
    }
    for suffix in ["sses", "shes", "ches", "xes"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            return format!("{stem}{}", &suffix[..suffix.len() - 2]);
        }
    }
    if word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("us") && word.len() > 1 {
        return word[..word.len() - 1].to_string();
    }
    word.to_string()
}

/// `participant-id` → `participantId`.
pub fn lower_camel(input: &str) -> String {
    input.to_lower_camel_case()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_table() {
        let cases = [
            ("callbackUri", Case::Snake, "callback_uri"),
            ("XMLHttpRequest", Case::Snake, "xml_http_request"),
            ("1234", Case::Snake, "_1234"),
            ("type", Case::Snake, "r#type"),
            ("gen", Case::Snake, "r#gen"),
            ("self", Case::Snake, "self_value"),
            ("@odata.type", Case::Snake, "odata_type"),
            ("microsoft.graph.call", Case::Pascal, "MicrosoftGraphCall"),
            ("appHostedMediaConfig", Case::Pascal, "AppHostedMediaConfig"),
            ("notRecording", Case::Pascal, "NotRecording"),
            ("Self", Case::Pascal, "SelfValue"),
            ("---", Case::Pascal, "Empty"),
            ("v1.0", Case::Snake, "v1_0"),
        ];
        for (input, case, expected) in cases {
            assert_eq!(sanitize(input, case), expected, "{input}");
        }
    }

    #[test]
    fn singular_table() {
        for (plural, one) in [
            ("calls", "call"),
            ("participants", "participant"),
            ("policies", "policy"),
            ("addresses", "address"),
            ("status", "status"),
            ("communications", "communication"),
            ("class", "class"),
            ("statuses", "status"),
            ("axes", "axis"),
            ("valueAxes", "valueAxis"),
            ("valueAxis", "valueAxis"),
            ("series", "series"),
        ] {
            assert_eq!(singular(plural), one);
        }
    }
}
