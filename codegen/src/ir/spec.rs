//! The spec IR types. Everything is ordered (`BTreeMap`, sorted `Vec`s) so the
//! JSON written to `specs/` is canonical: same inputs, same bytes.

use super::TypeRef;
use crate::diag::{Diagnostic, Source};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Bumped whenever the shape of the IR changes.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ApiVersion {
    #[serde(rename = "v1.0")]
    V1_0,
    #[serde(rename = "beta")]
    Beta,
}

impl ApiVersion {
    pub const ALL: [ApiVersion; 2] = [ApiVersion::V1_0, ApiVersion::Beta];

    /// The URL segment: `v1.0` or `beta`.
    pub fn as_str(self) -> &'static str {
        match self {
            ApiVersion::V1_0 => "v1.0",
            ApiVersion::Beta => "beta",
        }
    }
    /// The Rust module and cargo feature name: `v1_0` or `beta`.
    pub fn module_name(self) -> &'static str {
        match self {
            ApiVersion::V1_0 => "v1_0",
            ApiVersion::Beta => "beta",
        }
    }
    pub fn parse(s: &str) -> Option<ApiVersion> {
        match s {
            "v1.0" => Some(ApiVersion::V1_0),
            "beta" => Some(ApiVersion::Beta),
            _ => None,
        }
    }
}

impl fmt::Display for ApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Text as a page gives it: the English original where the page has it (the
/// truth), and the translation as secondary text.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Text {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub localized: Option<String>,
    /// The English tree `en` came from (`en-US-2021`), when not from the page itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en_source: Option<String>,
}

impl Text {
    pub fn is_empty(&self) -> bool {
        self.en.is_none() && self.localized.is_none()
    }
    /// Whether a member's description makes it required: an English sentence `Required.`,
    /// `(Required)` or `Required for …` (the call it documents), in the English text, else in
    /// the page's own (an English tree, or a translation that kept the note). Conditional notes
    /// ("Required if …", "required when a user is created") decide nothing.
    pub fn says_required(&self) -> bool {
        let Some(en) = self.en.as_deref().or(self.localized.as_deref()) else {
            return false;
        };
        en.split(['.', ';'])
            .map(|sentence| {
                sentence
                    .trim()
                    .trim_start_matches('(')
                    .trim_end_matches(')')
            })
            .any(|sentence| sentence == "Required" || sentence.starts_with("Required for "))
    }
    /// English when the page has it, else the translation.
    pub fn best(&self) -> Option<&str> {
        self.en.as_deref().or(self.localized.as_deref())
    }
    /// Only a machine translation says it: no English source has the text.
    pub fn localized_only(&self) -> bool {
        self.en.is_none() && self.localized.is_some()
    }
}

/// The whole spec: every page read, the operations and types per API version,
/// and every diagnostic.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Spec {
    pub schema_version: u32,
    /// What the spec was extracted from, so it can be extracted again.
    pub inputs: Inputs,
    pub pages: Vec<PageInfo>,
    pub versions: BTreeMap<ApiVersion, VersionSpec>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The inputs of an extraction: the seed pages always, plus a docs tree and
/// an area when `--docs` was given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inputs {
    /// The docs tree's folder name (`ru-RU`), as page paths are prefixed with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs: Option<String>,
    /// The English trees descriptions were completed from, newest first (`--english`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub english: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PageFormat {
    /// A markdown page with HTML-comment annotations.
    Markdown,
    /// A page rendered to plain text: no markdown, no annotations.
    PlainText,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PageKind {
    /// Describes one operation.
    Api,
    /// Describes a type.
    Resource,
    /// Neither: an overview, a concept, an include.
    Conceptual,
}

/// A page that was read, with what it produced and why it was skipped if it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageInfo {
    pub path: String,
    pub format: PageFormat,
    pub kind: PageKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<ApiVersion>,
    /// What on the page told us the version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_evidence: Option<String>,
    pub title: Text,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub front_matter: BTreeMap<String, String>,
    /// Bilingual pages carry `sxs-lookup` spans with the English original.
    pub bilingual: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub operations: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
}

/// What one API version offers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct VersionSpec {
    /// Keyed by operation id (`call.updateMetadata`).
    pub operations: BTreeMap<String, Operation>,
    /// Keyed by qualified name (`microsoft.graph.call`).
    pub types: BTreeMap<String, TypeDef>,
    /// In page order, then line order.
    pub examples: Vec<Example>,
    /// Documented request/response pairs, in page order: what the replay
    /// server answers and the replay tests send.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exchanges: Vec<Exchange>,
}

/// A documented request and the response the page shows for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Exchange {
    pub operation: String,
    /// The template of the operation's path the request matches.
    pub path: String,
    pub method: HttpMethod,
    /// The request's Graph path as written (`/communications/calls/57dab…/answer`).
    pub request_path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_body: Option<serde_json::Value>,
    pub status: u16,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub response_headers: Vec<(String, String)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_body: Option<serde_json::Value>,
    /// The request's line.
    pub source: Source,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl HttpMethod {
    pub fn parse(s: &str) -> Option<HttpMethod> {
        match s {
            "GET" => Some(HttpMethod::Get),
            "POST" => Some(HttpMethod::Post),
            "PUT" => Some(HttpMethod::Put),
            "PATCH" => Some(HttpMethod::Patch),
            "DELETE" => Some(HttpMethod::Delete),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
        }
    }
}

/// One operation: a method on one or more paths.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Operation {
    /// `<resource>.<action>`, from the paths (see `specs/README.md`).
    pub id: String,
    pub summary: Text,
    pub method: HttpMethod,
    pub paths: Vec<PathTemplate>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub permissions: Vec<Permission>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<Header>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_body: Option<RequestBody>,
    /// The arguments of an OData function, written in the URL after its name
    /// (`getPstnCalls(fromDateTime=…,toDateTime=…)`), from its "Function parameters" table.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub function_parameters: Vec<Property>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<Response>,
    pub source: Source,
    /// The documentation area (the page's `ms.prod`) and so the cargo feature
    /// the operation is compiled under; `None`: always compiled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
    /// Other pages that document the same operation (method and path),
    /// merged into this one: the newest page wins on conflicts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_documented_at: Vec<Source>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathTemplate {
    /// As the page writes it: `/communications/calls/{id}/updateMetadata`.
    pub template: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub params: Vec<PathParam>,
    /// The page's deprecation note, when it has one for this path.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<Text>,
    pub source: Source,
}

/// The `{placeholder}`s of a path, in order, wherever they stand: a whole segment (`{id}`),
/// inside one (`root:/{item-path}:`, `range(address='{address}')`), or several in one
/// (`{hostname},{spsite-id},{spweb-id}`).
pub fn placeholders(template: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(open) = template[at..].find('{').map(|o| at + o) {
        let Some(close) = template[open..].find('}').map(|c| open + c) else {
            break;
        };
        // `{a='{b}'}`: the innermost braces hold the placeholder.
        match template[open + 1..close].rfind('{') {
            Some(inner) => at = open + 1 + inner,
            None => {
                out.push((open, &template[open + 1..close]));
                at = close + 1;
            }
        }
    }
    out
}

/// A piece of a path segment: literal text, or a `{placeholder}` (its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Placeholder(&'a str),
}

/// A segment as its literal text and its [`placeholders`], in order:
/// `range(address='{address}')` → `range(address='`, `address`, `')`.
pub fn pieces(segment: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut written = 0;
    for (at, placeholder) in placeholders(segment) {
        if at > written {
            out.push(Piece::Text(&segment[written..at]));
        }
        out.push(Piece::Placeholder(placeholder));
        written = at + placeholder.len() + 2;
    }
    if written < segment.len() {
        out.push(Piece::Text(&segment[written..]));
    }
    out
}

/// The segments of a concrete path, with an item path (`root:/Docs/a.txt:/content`) joined
/// into the one segment (`Docs/a.txt:`) that the template's `{item-path}:` stands for.
pub fn addressed_by_path(path: &str) -> Vec<String> {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let mut out = Vec::with_capacity(segments.len());
    let mut i = 0;
    while i < segments.len() {
        out.push(segments[i].to_string());
        let path_end = segments[i]
            .ends_with(':')
            .then(|| (i + 1..segments.len()).find(|&j| segments[j].ends_with(':')))
            .flatten();
        match path_end {
            Some(end) => {
                out.push(segments[i + 1..=end].join("/"));
                i = end + 1;
            }
            None => i += 1,
        }
    }
    out
}

/// A `{placeholder}` in a path, with an unambiguous name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathParam {
    /// As written between the braces.
    pub placeholder: String,
    /// Unique within the path: `{id}` after `calls` is `callId`.
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Permission {
    /// `Delegated (work or school account)`, `Delegated (personal Microsoft account)`, `Application`.
    pub kind: String,
    /// Empty when the page says "Not supported".
    pub scopes: Vec<String>,
    pub source: Source,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub name: String,
    pub description: Text,
    pub source: Source,
}

/// The request body: a parameter table, or a JSON representation of a resource.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum RequestBody {
    Parameters {
        parameters: Vec<Property>,
        source: Source,
    },
    Resource {
        r#type: TypeRef,
        /// The members the docs require in the body (a create's table that rule 43 made the
        /// type it lists: `Required.` in a row).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        required: Vec<String>,
        source: Source,
    },
    /// An OData entity reference, `{"@odata.id": "<the entity's URL>"}`: what `POST` and `PUT`
    /// to a `…/$ref` path send (rule 36).
    Reference { source: Source },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Response {
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub r#type: Option<TypeRef>,
    /// The page says the response carries a `Location` header.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub location_header: bool,
    /// The rows a stream answers in its JSON form, asked `$format=application/json` (a
    /// report's; rule 44).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub json_rows: Option<TypeRef>,
    pub description: Text,
    pub source: Source,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TypeKind {
    /// Has an identity (`id`) and is addressed by a path.
    Entity,
    /// A structured value.
    Complex,
    /// A string enumeration.
    Enum,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// Read from the type's own resource page.
    Defined,
    /// Inferred from tables and examples on other pages.
    Inferred,
    /// An enum made from the values a member's description lists, where no
    /// named enum holds them (`specs/README.md`, rule 21).
    Listed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TypeDef {
    /// Qualified: `microsoft.graph.call`.
    pub name: String,
    pub kind: TypeKind,
    pub origin: Origin,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_type: Option<String>,
    /// The key property of an entity (`id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// Open types accept members their page does not list.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub open: bool,
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub description: Text,
    /// Sorted by wire name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub properties: Vec<Property>,
    /// For enums, in the order the pages list them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<EnumMember>,
    /// Every place that contributed to this type, sorted.
    pub sources: Vec<Source>,
    /// The documentation area whose cargo feature compiles the type; `None`
    /// for shared types, compiled with their version whatever the features
    /// (rules in `specs/README.md`, areas).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Property {
    /// The wire name: `callbackUri`.
    pub name: String,
    pub r#type: TypeRef,
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub description: Text,
    /// Seen as `null` in an example, or documented as nullable.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub nullable: bool,
    /// Documented as read-only: Graph ignores it in requests.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub read_only: bool,
    /// A navigation property (from the relationships table).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub navigation: bool,
    /// Values the page lists for a string ("Possible values are …"), when the
    /// property has no named enum type.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowed_values: Vec<String>,
    /// The types the docs allow when they name several (`[appHostedMediaConfig]
    /// or [serviceHostedMediaConfig]`); `type` is then their nearest common base,
    /// whose `Any…` enum holds each (`specs/README.md`, rule 22).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub one_of: Vec<String>,
    /// The value is a comma-separated list of members of its enum type (`"created,updated"`),
    /// as the English description says (`specs/README.md`, rule 31).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub comma_separated: bool,
    /// Where the property and its type were first seen.
    pub source: Source,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnumMember {
    pub name: String,
    #[serde(default, skip_serializing_if = "Text::is_empty")]
    pub description: Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExampleRole {
    /// The body of a documented request.
    Request,
    /// The body of a documented response.
    Response,
    /// A standalone payload (`"blockType": "example"`), such as a notification.
    Example,
}

/// What an example's JSON should deserialize into.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Model {
    /// A Graph type (possibly a collection, wrapped as `{"value": [...]}`).
    Type { r#type: TypeRef },
    /// The parameter-table body of an operation.
    RequestBody { operation: String },
    /// An OData entity reference (`{"@odata.id": …}`), the body of a `…/$ref` request.
    Reference,
}

/// A JSON example from a page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Example {
    /// Where the JSON starts.
    pub source: Source,
    pub role: ExampleRole,
    /// The annotation's `name`, which pairs requests with responses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The request line (`POST /communications/calls/{id}`) or status line (`HTTP/1.1 200 OK`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http: Option<String>,
    /// The operation the example belongs to, when one matches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    /// The model it should round-trip through; `None` with `unmodelled` saying why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<Model>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unmodelled: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
    /// The JSON, repaired where the page's was broken (see `defects`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub json: Option<serde_json::Value>,
    /// What was wrong with the JSON as written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub defects: Vec<String>,
}

impl Operation {
    /// The types an operation names: its body's parameters or resource, then its response.
    pub fn type_refs(&self) -> Vec<&TypeRef> {
        let mut out: Vec<&TypeRef> = Vec::new();
        match &self.request_body {
            Some(RequestBody::Parameters { parameters, .. }) => {
                out.extend(parameters.iter().map(|p| &p.r#type));
            }
            Some(RequestBody::Resource { r#type, .. }) => out.push(r#type),
            Some(RequestBody::Reference { .. }) | None => {}
        }
        out.extend(self.response.as_ref().and_then(|r| r.r#type.as_ref()));
        out
    }
}

impl VersionSpec {
    /// Every type reference of the version (see [`Self::for_each_type_ref_mut`]).
    pub fn type_refs(&self) -> Vec<&TypeRef> {
        let mut out: Vec<&TypeRef> = Vec::new();
        for def in self.types.values() {
            out.extend(def.properties.iter().map(|p| &p.r#type));
        }
        for op in self.operations.values() {
            out.extend(op.type_refs());
        }
        for ex in &self.examples {
            if let Some(Model::Type { r#type }) = &ex.model {
                out.push(r#type);
            }
        }
        out
    }

    /// Calls `f` on every type reference of the version: property and
    /// parameter types, request and response types, example models.
    /// (`baseType` names are plain strings, handled by the caller.)
    pub fn for_each_type_ref_mut(&mut self, f: &mut impl FnMut(&mut TypeRef)) {
        for def in self.types.values_mut() {
            for p in &mut def.properties {
                f(&mut p.r#type);
            }
        }
        for op in self.operations.values_mut() {
            match &mut op.request_body {
                Some(RequestBody::Parameters { parameters, .. }) => {
                    for p in parameters {
                        f(&mut p.r#type);
                    }
                }
                Some(RequestBody::Resource { r#type, .. }) => f(r#type),
                Some(RequestBody::Reference { .. }) | None => {}
            }
            if let Some(t) = op.response.as_mut().and_then(|r| r.r#type.as_mut()) {
                f(t);
            }
        }
        for ex in &mut self.examples {
            if let Some(Model::Type { r#type }) = &mut ex.model {
                f(r#type);
            }
        }
    }
}

/// The base types of `name`, nearest first, as far as `types` knows them;
/// a `baseType` cycle ends the walk. A base that `types` lacks is the last entry.
pub fn ancestors(types: &BTreeMap<String, TypeDef>, name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = types.get(name).and_then(|t| t.base_type.clone());
    while let Some(base) = current {
        if base == name || out.contains(&base) {
            break;
        }
        current = types.get(&base).and_then(|t| t.base_type.clone());
        out.push(base);
    }
    out
}
