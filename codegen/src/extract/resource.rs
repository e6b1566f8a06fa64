//! Resource pages: the type a page defines (its `resource` annotation, JSON
//! representation, property and relationship tables) and enum tables.

use super::sections::Section;
use super::typeword::TypeWord;
use crate::diag::{Sink, Source};
use crate::ir::{Primitive, Text};
use crate::parse::doc::{Block, PageDoc};

/// What a resource page says about the type it defines.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceFacts {
    /// Qualified name from the `resource` annotation's `@odata.type` (the truth);
    /// else from the title/anchor (`call-resource-type` → `call`, cased later).
    pub name: String,
    /// False when only a lowercase anchor or file name gave the name.
    pub name_cased: bool,
    /// `baseType` of the annotation, else an "Inherits from [x](x.md)" sentence; qualified.
    pub base_type: Option<String>,
    pub key_property: Option<String>,
    pub open_type: bool,
    /// `optionalProperties` of the annotation.
    pub optional_properties: Vec<String>,
    /// The first paragraph after the title that is not the namespace line.
    pub description: Text,
    /// Members of the JSON-representation block, in block order.
    pub json_properties: Vec<JsonProperty>,
    /// Rows of the properties table, in table order.
    pub table_properties: Vec<TableProperty>,
    /// Rows of the relationships table (navigation properties), in table order.
    pub relationships: Vec<TableProperty>,
    /// Where the type is defined: the annotation's line, else the title's.
    pub source: Source,
}

/// One member of the JSON representation: `"callbackUri": "String"`.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonProperty {
    pub name: String,
    pub shape: JsonShape,
    pub collection: bool,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JsonShape {
    /// `"String"`, `"String (identifier)"`, `"Boolean"`, `"Int32"`, `"DateTimeOffset"`, `true`, `1024` …
    Primitive(Primitive),
    /// `{"@odata.type": "#microsoft.graph.chatInfo"}`: qualified name, `#` removed.
    Type(String),
    /// `"incoming | outgoing"`: the values of a string enumeration.
    Enum(Vec<String>),
    /// Anything else (an object without `@odata.type`, `null`, `[]`, an unknown word): the raw text.
    Unknown(String),
}

/// One row of a properties or relationships table.
#[derive(Debug, Clone, PartialEq)]
pub struct TableProperty {
    /// The name cell's primary text (English where the page has it). May be a
    /// translation (`состояние`): the merge recovers the true name.
    pub name: String,
    /// True when `name` is an ASCII identifier.
    pub name_is_identifier: bool,
    /// Every type the cell names: one, or several for unions (`[a](a.md) или [b](b.md)`).
    pub types: Vec<TypeWord>,
    /// The collection marker of the cell (`Коллекция …`, `… collection`).
    pub collection: bool,
    pub description: Text,
    /// Values in code spans after "Possible values" / "Возможные значения".
    pub allowed_values: Vec<String>,
    /// "Read-only" / "Только для чтения".
    pub read_only: bool,
    /// "Nullable" / "Допускается значение null" (and not "Not nullable").
    pub nullable: bool,
    pub line: u32,
}

/// An enum table: a heading such as `### callState values` / `Значения callState`
/// (anchor `callstate-values`) followed by a `Member | Value | Description` table.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumFacts {
    /// The enum's name as the heading spells it (`callState`), qualified; or the
    /// lowercase anchor stem when the heading is translated (`name_cased` false).
    pub name: String,
    pub name_cased: bool,
    pub members: Vec<EnumMemberFacts>,
    pub source: Source,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumMemberFacts {
    /// The member cell's primary text; may be a translation (`Входящих`).
    pub name: String,
    pub name_is_identifier: bool,
    pub description: Text,
    pub line: u32,
}

/// Reads the type a resource page defines; `None` when the page defines none.
pub fn read(
    _doc: &PageDoc,
    _sections: &[(Section, &Block)],
    _sink: &mut Sink,
) -> Option<ResourceFacts> {
    None
}

/// Reads every enum table on a page (resource pages and `enums.md`).
pub fn read_enums(_doc: &PageDoc, _sink: &mut Sink) -> Vec<EnumFacts> {
    Vec::new()
}
