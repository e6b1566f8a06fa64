//! How strong the IR's types are: string members the pages say are
//! temporal, and enums made from listed values rather than named by Graph.

use crate::ir::{Origin, Primitive, Property, RequestBody, Spec, TypeKind};
use serde::Serialize;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TypeStrength {
    /// Types of both versions.
    pub total: usize,
    /// `Edm.String` members and body parameters named like a date, time or
    /// duration (`…DateTime`, `…Duration`) whose description gives a date-time
    /// sample or says ISO 8601 or UTC: each should be typed (0 is the target).
    pub primitive_string_with_temporal_hint: usize,
    /// Enums made from the values a member lists (no named Graph enum holds
    /// them; `specs/README.md`, rule 21), over both versions.
    pub inline_enums: usize,
}

impl TypeStrength {
    pub fn of(spec: &Spec, total: usize) -> TypeStrength {
        let mut out = TypeStrength {
            total,
            ..TypeStrength::default()
        };
        for version in spec.versions.values() {
            for ty in version.types.values() {
                if ty.kind == TypeKind::Enum && ty.origin == Origin::Listed {
                    out.inline_enums += 1;
                }
                out.primitive_string_with_temporal_hint +=
                    ty.properties.iter().filter(|p| temporal_string(p)).count();
            }
            for op in version.operations.values() {
                if let Some(RequestBody::Parameters { parameters, .. }) = &op.request_body {
                    out.primitive_string_with_temporal_hint +=
                        parameters.iter().filter(|p| temporal_string(p)).count();
                }
            }
        }
        out
    }
}

const TEMPORAL_SUFFIXES: &[&str] = &["DateTime", "Date", "Time", "Duration", "Timestamp"];

/// Words that name a date-time format, the same in every locale's pages. (A bare
/// "timestamp" does not: `deviceHealthAttestationState.lastUpdateDateTime` is "the timestamp
/// of the last update", and a string on every page and on the wire.)
const TEMPORAL_WORDS: &[&str] = &["iso 8601", "iso8601", "utc"];

fn temporal_string(p: &Property) -> bool {
    if p.r#type.as_primitive() != Some(Primitive::String) {
        return false;
    }
    if !TEMPORAL_SUFFIXES.iter().any(|s| p.name.ends_with(s)) {
        return false;
    }
    [
        p.description.en.as_deref(),
        p.description.localized.as_deref(),
    ]
    .into_iter()
    .flatten()
    .any(|text| {
        let lower = text.to_lowercase();
        TEMPORAL_WORDS.iter().any(|w| lower.contains(w)) || has_date_time_sample(&lower)
    })
}

/// `2014-01-01T00:00:00Z` (lowercased) somewhere in the text: a date, a time and
/// an offset. Without the offset (`2017-08-29T04:00:00.0000000` of
/// `dateTimeTimeZone.dateTime`) it is a local time, which Graph types as a string.
fn has_date_time_sample(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    (0..bytes.len()).any(|i| {
        let date = (0..4).all(|k| digit(i + k))
            && bytes.get(i + 4) == Some(&b'-')
            && digit(i + 5)
            && digit(i + 6)
            && bytes.get(i + 7) == Some(&b'-')
            && digit(i + 8)
            && digit(i + 9)
            && bytes.get(i + 10) == Some(&b't');
        if !date {
            return false;
        }
        let mut end = i + 11;
        while bytes
            .get(end)
            .is_some_and(|b| b.is_ascii_digit() || *b == b':' || *b == b'.')
        {
            end += 1;
        }
        matches!(bytes.get(end), Some(b'z' | b'+' | b'-'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_and_words_hint_a_point_in_time() {
        assert!(has_date_time_sample("midnight is 2014-01-01t00:00:00z."));
        assert!(!has_date_time_sample("2014-01-01 only"));
        assert!(!has_date_time_sample("local: 2017-08-29t04:00:00.0000000)"));
        assert!(has_date_time_sample("2017-08-29t04:00:00.0000000+02:00"));
        let prop = |name: &str, ty: Primitive, text: &str| Property {
            name: name.into(),
            r#type: crate::ir::TypeRef::primitive(ty),
            description: crate::ir::Text {
                localized: Some(text.into()),
                ..Default::default()
            },
            nullable: false,
            read_only: false,
            navigation: false,
            allowed_values: Vec::new(),
            one_of: Vec::new(),
            comma_separated: false,
            source: crate::diag::Source::new("p.md", 1),
        };
        assert!(temporal_string(&prop(
            "createdDateTime",
            Primitive::String,
            "Формат ISO 8601."
        )));
        assert!(!temporal_string(&prop(
            "createdDateTime",
            Primitive::DateTimeOffset,
            "ISO 8601"
        )));
        assert!(!temporal_string(&prop(
            "displayName",
            Primitive::String,
            "ISO 8601"
        )));
        assert!(!temporal_string(&prop(
            "lastUpdateDateTime",
            Primitive::String,
            "Метка времени."
        )));
    }
}
