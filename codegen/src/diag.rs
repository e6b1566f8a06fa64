//! Structured diagnostics: a code, a severity, the page and line, a message.
//!
//! Diagnostics never stop a run: extraction records them and goes on, and they
//! are written into the spec so `cargo xtask report` can show them without the
//! docs tree.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        })
    }
}

/// Where something came from: a page (relative to the input root) and a 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Source {
    pub page: String,
    pub line: u32,
}

impl Source {
    pub fn new(page: impl Into<String>, line: u32) -> Self {
        Source {
            page: page.into(),
            line,
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.page, self.line)
    }
}

/// The kinds of problem the extractor reports. The code is stable: tools match on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    /// The file is not valid UTF-8 (decoded lossily).
    InvalidUtf8,
    /// The file looks binary (NUL bytes) and was skipped.
    BinaryFile,
    /// The file is empty.
    EmptyFile,
    /// Front matter is missing or unterminated.
    FrontMatter,
    /// An HTML-comment annotation is not valid JSON.
    AnnotationJson,
    /// A fence is never closed.
    UnterminatedFence,
    /// A JSON example had to be repaired to parse (trailing comma, escaped string, …).
    JsonRepaired,
    /// A JSON example could not be parsed at all.
    JsonInvalid,
    /// A JSON example holds a placeholder instead of a value (`"a | b | c"`).
    JsonPlaceholder,
    /// A table row has fewer cells than its header.
    TableCells,
    /// An identifier on the page is translated or mangled; the true name came from other evidence.
    NameRecovered,
    /// An identifier is translated or mangled and no evidence gives the true name.
    NameUnrecoverable,
    /// The page has no operation or type we could read.
    NoContent,
    /// Two sources disagree (status code, type, property type …); the rule that picked one is in the message.
    Conflict,
    /// A type was inferred from examples or tables rather than read from its own page.
    InferredType,
    /// A type is used but nothing on any page says what it is.
    UnknownType,
    /// An example names an operation or type that no page defines.
    UnmatchedExample,
    /// An example uses a property its model does not define.
    UndocumentedProperty,
    /// An example uses an enum value its enum does not list.
    UndocumentedEnumValue,
    /// A link points to a page that is not in the input.
    BrokenLink,
    /// `baseType` links form a cycle.
    TypeCycle,
    /// A path or request line could not be read.
    BadRequestLine,
    /// An annotation names something that disagrees with the page around it.
    AnnotationMismatch,
    /// Reading the page hit a bug in the extractor (a panic, caught per page); the page gave nothing.
    InternalError,
    /// A file of the docs tree could not be read (permissions, a dangling link, a directory link).
    UnreadableFile,
    /// A type name outside Graph's namespaces, or not a type name at all (`odata.error`,
    /// `collection(…)`): mapped to the Graph type it stands for, or dropped.
    ForeignType,
    /// Two Graph items would get one Rust name; the rule in `specs/README.md` keeps one.
    NameCollision,
    /// Two pages document the same operation (method and path); they are merged.
    DuplicateOperation,
    /// A type or operation no English tree has (newer than the trees): its text stays the
    /// machine translation.
    NoEnglish,
}

impl Code {
    /// Every code, in declaration order.
    pub const ALL: [Code; 29] = [
        Code::InvalidUtf8,
        Code::BinaryFile,
        Code::EmptyFile,
        Code::FrontMatter,
        Code::AnnotationJson,
        Code::UnterminatedFence,
        Code::JsonRepaired,
        Code::JsonInvalid,
        Code::JsonPlaceholder,
        Code::TableCells,
        Code::NameRecovered,
        Code::NameUnrecoverable,
        Code::NoContent,
        Code::Conflict,
        Code::InferredType,
        Code::UnknownType,
        Code::UnmatchedExample,
        Code::UndocumentedProperty,
        Code::UndocumentedEnumValue,
        Code::BrokenLink,
        Code::TypeCycle,
        Code::BadRequestLine,
        Code::AnnotationMismatch,
        Code::InternalError,
        Code::UnreadableFile,
        Code::ForeignType,
        Code::NameCollision,
        Code::DuplicateOperation,
        Code::NoEnglish,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::InvalidUtf8 => "invalid-utf8",
            Code::BinaryFile => "binary-file",
            Code::EmptyFile => "empty-file",
            Code::FrontMatter => "front-matter",
            Code::AnnotationJson => "annotation-json",
            Code::UnterminatedFence => "unterminated-fence",
            Code::JsonRepaired => "json-repaired",
            Code::JsonInvalid => "json-invalid",
            Code::JsonPlaceholder => "json-placeholder",
            Code::TableCells => "table-cells",
            Code::NameRecovered => "name-recovered",
            Code::NameUnrecoverable => "name-unrecoverable",
            Code::NoContent => "no-content",
            Code::Conflict => "conflict",
            Code::InferredType => "inferred-type",
            Code::UnknownType => "unknown-type",
            Code::UnmatchedExample => "unmatched-example",
            Code::UndocumentedProperty => "undocumented-property",
            Code::UndocumentedEnumValue => "undocumented-enum-value",
            Code::BrokenLink => "broken-link",
            Code::TypeCycle => "type-cycle",
            Code::BadRequestLine => "bad-request-line",
            Code::AnnotationMismatch => "annotation-mismatch",
            Code::InternalError => "internal-error",
            Code::UnreadableFile => "unreadable-file",
            Code::ForeignType => "foreign-type",
            Code::NameCollision => "name-collision",
            Code::DuplicateOperation => "duplicate-operation",
            Code::NoEnglish => "no-english",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Diagnostic {
    pub page: String,
    pub line: u32,
    pub severity: Severity,
    pub code: Code,
    pub message: String,
}

impl Diagnostic {
    pub fn new(severity: Severity, code: Code, at: &Source, message: impl Into<String>) -> Self {
        Diagnostic {
            page: at.page.clone(),
            line: at.line,
            severity,
            code,
            message: message.into(),
        }
    }

    pub fn source(&self) -> Source {
        Source::new(self.page.clone(), self.line)
    }

    /// Renders like a compiler: `warning[code]: message` then ` --> page:line`,
    /// then the offending line when the caller has the page text.
    pub fn render(&self, page_text: Option<&str>) -> String {
        let mut out = format!(
            "{}[{}]: {}\n  --> {}:{}\n",
            self.severity,
            self.code.as_str(),
            self.message,
            self.page,
            self.line
        );
        if let Some(line) =
            page_text.and_then(|text| text.lines().nth(self.line.saturating_sub(1) as usize))
        {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            let shown: String = line.chars().take(160).collect();
            out.push_str(&format!("{pad} |\n{number} | {shown}\n{pad} |\n"));
        }
        out
    }

    /// One line of JSON: `{"code", "severity", "page", "line", "message"}`, for tools
    /// (`cargo xtask extract --json`).
    pub fn to_json_line(&self) -> String {
        serde_json::json!({
            "code": self.code.as_str(),
            "severity": self.severity,
            "page": self.page,
            "line": self.line,
            "message": self.message,
        })
        .to_string()
    }
}

/// Collects diagnostics for one page; cheap to pass around by `&mut`.
#[derive(Debug, Default)]
pub struct Sink {
    pub items: Vec<Diagnostic>,
}

impl Sink {
    pub fn push(
        &mut self,
        severity: Severity,
        code: Code,
        at: &Source,
        message: impl Into<String>,
    ) {
        self.items
            .push(Diagnostic::new(severity, code, at, message));
    }
    pub fn error(&mut self, code: Code, at: &Source, message: impl Into<String>) {
        self.push(Severity::Error, code, at, message);
    }
    pub fn warn(&mut self, code: Code, at: &Source, message: impl Into<String>) {
        self.push(Severity::Warning, code, at, message);
    }
    pub fn info(&mut self, code: Code, at: &Source, message: impl Into<String>) {
        self.push(Severity::Info, code, at, message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_kebab_case_and_match_their_serde_names() {
        for code in Code::ALL {
            let serde_name = serde_json::to_value(code).unwrap();
            assert_eq!(serde_name, code.as_str(), "{code:?}");
            assert!(
                code.as_str()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            );
        }
    }

    #[test]
    fn a_json_line_has_every_field() {
        let d = Diagnostic::new(
            Severity::Warning,
            Code::BrokenLink,
            &Source::new("ru-RU/v1.0/api/x.md", 12),
            "link to \"y.md\"",
        );
        let line = d.to_json_line();
        assert!(!line.contains('\n'));
        let value: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(
            value,
            serde_json::json!({
                "code": "broken-link",
                "severity": "warning",
                "page": "ru-RU/v1.0/api/x.md",
                "line": 12,
                "message": "link to \"y.md\"",
            })
        );
    }
}
