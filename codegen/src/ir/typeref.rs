//! References to types: Graph's qualified names and OData primitive names.

use serde::{Deserialize, Serialize};

/// A reference to a type: `Edm.String`, `microsoft.graph.call`, or a collection of one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TypeRef {
    pub name: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub collection: bool,
}

impl TypeRef {
    pub fn named(name: impl Into<String>) -> Self {
        TypeRef {
            name: name.into(),
            collection: false,
        }
    }
    pub fn collection_of(name: impl Into<String>) -> Self {
        TypeRef {
            name: name.into(),
            collection: true,
        }
    }
    pub fn primitive(p: Primitive) -> Self {
        TypeRef::named(p.odata_name())
    }
    pub fn as_primitive(&self) -> Option<Primitive> {
        Primitive::from_odata_name(&self.name)
    }
    /// The unqualified name of a Graph type (`call` for `microsoft.graph.call`).
    pub fn short_name(&self) -> &str {
        short_name(&self.name)
    }
    pub fn is_untyped(&self) -> bool {
        self.as_primitive() == Some(Primitive::Untyped)
    }
}

/// The part of a qualified name after the last dot.
pub fn short_name(qualified: &str) -> &str {
    qualified.rsplit('.').next().unwrap_or(qualified)
}

/// The OData primitive types the docs use. `Untyped` is any JSON value: used
/// when no evidence on any page says more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Primitive {
    String,
    Boolean,
    Int32,
    Int64,
    Double,
    DateTimeOffset,
    Date,
    TimeOfDay,
    Duration,
    Guid,
    Binary,
    Stream,
    Untyped,
}

impl Primitive {
    pub const ALL: [Primitive; 13] = [
        Primitive::String,
        Primitive::Boolean,
        Primitive::Int32,
        Primitive::Int64,
        Primitive::Double,
        Primitive::DateTimeOffset,
        Primitive::Date,
        Primitive::TimeOfDay,
        Primitive::Duration,
        Primitive::Guid,
        Primitive::Binary,
        Primitive::Stream,
        Primitive::Untyped,
    ];

    pub fn odata_name(self) -> &'static str {
        match self {
            Primitive::String => "Edm.String",
            Primitive::Boolean => "Edm.Boolean",
            Primitive::Int32 => "Edm.Int32",
            Primitive::Int64 => "Edm.Int64",
            Primitive::Double => "Edm.Double",
            Primitive::DateTimeOffset => "Edm.DateTimeOffset",
            Primitive::Date => "Edm.Date",
            Primitive::TimeOfDay => "Edm.TimeOfDay",
            Primitive::Duration => "Edm.Duration",
            Primitive::Guid => "Edm.Guid",
            Primitive::Binary => "Edm.Binary",
            Primitive::Stream => "Edm.Stream",
            Primitive::Untyped => "Edm.Untyped",
        }
    }

    /// How wide a JSON number type is (`Int32` < `Int64` < `Double`); `None` for the rest.
    pub fn number_width(self) -> Option<u8> {
        match self {
            Primitive::Int32 => Some(1),
            Primitive::Int64 => Some(2),
            Primitive::Double => Some(3),
            _ => None,
        }
    }

    /// A type JSON writes as a string, with more to say than `Edm.String`.
    pub fn is_string_on_the_wire(self) -> bool {
        matches!(
            self,
            Primitive::DateTimeOffset
                | Primitive::Date
                | Primitive::TimeOfDay
                | Primitive::Duration
                | Primitive::Guid
                | Primitive::Binary
        )
    }
    pub fn from_odata_name(name: &str) -> Option<Primitive> {
        Primitive::ALL.into_iter().find(|p| p.odata_name() == name)
    }

    /// The primitive an example annotation names (`string`, `Edm.Boolean`,
    /// `Collection(Edm.String)`); a qualified Graph name (`microsoft.graph.call`) is none.
    pub fn from_annotation(annotation: &str) -> Option<Primitive> {
        let (inner, _) = annotation_parts(annotation);
        (!inner.contains('.') || inner.starts_with("Edm."))
            .then(|| Primitive::from_doc_word(inner))
            .flatten()
    }

    /// Whether a JSON value is one of this primitive, as the models read it.
    pub fn accepts(self, value: &serde_json::Value) -> bool {
        match self {
            Primitive::Untyped => true,
            Primitive::Boolean => value.is_boolean(),
            Primitive::Int32 => value.as_i64().is_some_and(|i| i32::try_from(i).is_ok()),
            Primitive::Int64 => value.is_i64(),
            Primitive::Double => value.is_number(),
            _ => value.is_string(),
        }
    }

    /// Reads a type word as the docs write it in tables: `String`, `Int32`,
    /// `DateTimeOffset`, `Edm.String`, `Строка`, `Логический` …
    pub fn from_doc_word(word: &str) -> Option<Primitive> {
        let w = word.trim().trim_start_matches("Edm.").to_lowercase();
        Some(match w.as_str() {
            "string" | "строка" | "строковый" | "строковое" | "строки" | "str" => {
                Primitive::String
            }
            "boolean" | "bool" | "логический" | "логическое" | "логическое значение" => {
                Primitive::Boolean
            }
            "int32" | "int" | "integer" | "int16" | "число" | "целое число" => {
                Primitive::Int32
            }
            "int64" | "long" => Primitive::Int64,
            "double" | "single" | "decimal" | "float" => Primitive::Double,
            "datetimeoffset" | "datetime" => Primitive::DateTimeOffset,
            "date" => Primitive::Date,
            "timeofday" => Primitive::TimeOfDay,
            "duration" | "timespan" => Primitive::Duration,
            "guid" | "uuid" => Primitive::Guid,
            "binary" | "byte[]" => Primitive::Binary,
            "stream" => Primitive::Stream,
            "object" | "json" | "untyped" => Primitive::Untyped,
            _ => return None,
        })
    }
}

/// An annotation's type name without its `#` and `Collection(…)`, and whether it named a
/// collection: `#Collection(microsoft.graph.user)` → (`microsoft.graph.user`, true).
pub fn annotation_parts(annotation: &str) -> (&str, bool) {
    let word = annotation.trim().trim_start_matches('#');
    match word
        .strip_prefix("Collection(")
        .or_else(|| word.strip_prefix("collection("))
        .and_then(|rest| rest.strip_suffix(')'))
    {
        Some(inner) => (inner, true),
        None => (word, false),
    }
}
