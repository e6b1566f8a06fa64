//! Hand-written support code (not generated, edit freely): helpers for `@odata.type`
//! polymorphism, called by the generated `Any*` enums and `AnyGraphObject`.
//!
//! Reading, the `Any*` enums switch to the type the tag names as they go
//! ([`crate::runtime::model`]); `AnyGraphObject` looks the tag up first ([`peek_type`]).
//! Writing a derived variant goes through [`serialize_tagged`] so Graph is told which derived
//! type it gets.

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};
use std::fmt;

use super::model::{Key, Model};

/// The JSON member that names an object's OData type.
pub const TYPE_MEMBER: &str = "@odata.type";

/// The qualified type name a tag stands for: one leading `#` stripped
/// (`"#microsoft.graph.call"` → `"microsoft.graph.call"`).
pub fn qualified_name(tag: &str) -> &str {
    tag.strip_prefix('#').unwrap_or(tag)
}

/// The qualified type name in the top-level `"@odata.type"` of the JSON text `json`, if it is an
/// object with a string tag.
///
/// Graph writes the tag first, which is read without scanning the rest; otherwise every
/// top-level member is looked at (nested objects are skipped, not built).
pub fn peek_type(json: &str) -> Option<String> {
    let body = json.trim_start().strip_prefix('{')?.trim_start();
    if let Some(value) = body
        .strip_prefix("\"@odata.type\"")
        .and_then(|rest| rest.trim_start().strip_prefix(':'))
    {
        // Reads one JSON value and leaves whatever follows it alone.
        let mut deserializer = serde_json::Deserializer::from_str(value);
        if let Ok(tag) = Option::<String>::deserialize(&mut deserializer) {
            return tag.map(|tag| qualified_name(&tag).to_owned());
        }
    }
    let mut deserializer = serde_json::Deserializer::from_str(json);
    deserializer
        .deserialize_any(TagVisitor)
        .ok()
        .flatten()
        .map(|tag| qualified_name(&tag).to_owned())
}

/// Finds the tag among the members of an object; anything else has none.
struct TagVisitor;

impl<'de> Visitor<'de> for TagVisitor {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<String>, A::Error> {
        let mut tag = None;
        while let Some(Key(key)) = map.next_key()? {
            if key == TYPE_MEMBER && tag.is_none() {
                tag = map.next_value::<Value>()?.as_str().map(str::to_owned);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(tag)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Option<String>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Option<String>, E> {
        Ok(None)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Option<String>, E> {
        Ok(None)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Option<String>, E> {
        Ok(None)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Option<String>, E> {
        Ok(None)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Option<String>, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<String>, E> {
        Ok(None)
    }
}

/// Serializes a model, making sure it says which type it is.
///
/// A model read from a payload keeps the tag it came with and is written as is. One built in
/// Rust without a tag gets `"@odata.type": "#<qualified_name>"` as its first member, unless a
/// tag is already among its `additional_properties`.
///
/// # Errors
///
/// When `value` cannot be represented as JSON or `serializer` fails.
pub fn serialize_tagged<T: Serialize + Model, S: Serializer>(
    value: &T,
    qualified_name: &str,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    if value.odata_type().is_some() {
        return value.serialize(serializer);
    }
    // Only models built in Rust get here: going through a `Value` is the simple way to put
    // the tag first.
    let json = serde_json::to_value(value).map_err(serde::ser::Error::custom)?;
    match json {
        Value::Object(members) if !members.contains_key(TYPE_MEMBER) => {
            let mut tagged = Map::with_capacity(members.len() + 1);
            tagged.insert(
                TYPE_MEMBER.to_owned(),
                Value::String(format!("#{qualified_name}")),
            );
            tagged.extend(members);
            tagged.serialize(serializer)
        }
        other => other.serialize(serializer),
    }
}

// The generated models are what these helpers serve, so the tests use them.
#[cfg(all(test, feature = "v1_0"))]
mod tests {
    use super::*;
    use crate::v1_0::models::{
        AnyMediaConfig, AppHostedMediaConfig, Call, MediaConfig, ServiceHostedMediaConfig,
    };
    use serde_json::json;

    /// Reads `value` from JSON text and from a `Value`, which must agree.
    fn parse(value: &Value) -> AnyMediaConfig {
        let from_text: AnyMediaConfig =
            serde_json::from_str(&value.to_string()).expect("deserialize from text");
        let from_value: AnyMediaConfig =
            serde_json::from_value(value.clone()).expect("deserialize from a Value");
        assert_eq!(from_text, from_value);
        from_text
    }

    fn first_key(value: &Value) -> Option<&str> {
        value.as_object()?.keys().next().map(String::as_str)
    }

    #[test]
    fn qualified_name_strips_one_hash() {
        assert_eq!(
            qualified_name("#microsoft.graph.call"),
            "microsoft.graph.call"
        );
        assert_eq!(
            qualified_name("microsoft.graph.call"),
            "microsoft.graph.call"
        );
        assert_eq!(qualified_name("##x"), "#x");
        assert_eq!(qualified_name("#"), "");
    }

    #[test]
    fn peek_type_finds_the_top_level_tag_wherever_it_is() {
        let first = r##"{ "@odata.type" : "#microsoft.graph.call", "id": "1"}"##;
        assert_eq!(peek_type(first).as_deref(), Some("microsoft.graph.call"));
        let later = r##"{"id": {"@odata.type": "#nested.one"}, "@odata.type": "microsoft.graph.participant"}"##;
        assert_eq!(
            peek_type(later).as_deref(),
            Some("microsoft.graph.participant")
        );
        let escaped = r##"{"\u0040odata.type": "#a.b"}"##;
        assert_eq!(peek_type(escaped).as_deref(), Some("a.b"));
    }

    #[test]
    fn peek_type_is_none_without_a_string_tag_on_an_object() {
        for json in [
            "{}",
            r#"{"@odata.type": null}"#,
            r#"{"@odata.type": 3, "x": 1}"#,
            r##"{"nested": {"@odata.type": "#a.b"}}"##,
            r##""#microsoft.graph.call""##,
            r##"[{"@odata.type": "#a.b"}]"##,
            "null",
            "1.5",
        ] {
            assert_eq!(peek_type(json), None, "{json}");
        }
    }

    #[test]
    fn tagged_payload_becomes_the_derived_variant_and_round_trips() {
        let input = json!({
            "@odata.type": "#microsoft.graph.appHostedMediaConfig",
            "blob": "<media config blob>",
            "removeFromDefaultAudioGroup": false,
            "futureMember": {"a": [1, 2]}
        });
        let parsed = parse(&input);
        let AnyMediaConfig::AppHostedMediaConfig(inner) = &parsed else {
            panic!("expected the derived variant, got {parsed:?}");
        };
        assert_eq!(
            inner.odata_type.as_deref(),
            Some("#microsoft.graph.appHostedMediaConfig")
        );
        assert_eq!(inner.blob.as_deref(), Some("<media config blob>"));
        assert_eq!(
            inner.additional_properties["futureMember"],
            json!({"a": [1, 2]})
        );
        assert_eq!(serde_json::to_value(&parsed).unwrap(), input);

        let other = json!({"@odata.type": "#microsoft.graph.serviceHostedMediaConfig", "preFetchMedia": []});
        let parsed = parse(&other);
        assert!(
            matches!(parsed, AnyMediaConfig::ServiceHostedMediaConfig(_)),
            "{parsed:?}"
        );
        assert_eq!(serde_json::to_value(&parsed).unwrap(), other);
    }

    #[test]
    fn tag_after_other_members_still_picks_the_derived_type() {
        let input = json!({
            "removeFromDefaultAudioGroup": true,
            "@odata.type": "#microsoft.graph.appHostedMediaConfig",
            "blob": "b"
        });
        let parsed = parse(&input);
        let AnyMediaConfig::AppHostedMediaConfig(inner) = &parsed else {
            panic!("expected the derived variant, got {parsed:?}");
        };
        assert_eq!(inner.blob.as_deref(), Some("b"));
        assert_eq!(
            inner.additional_properties["removeFromDefaultAudioGroup"],
            json!(true)
        );
        assert_eq!(serde_json::to_value(&parsed).unwrap(), input);
    }

    #[test]
    fn tag_without_hash_is_recognised_and_kept_as_is() {
        let input = json!({"@odata.type": "microsoft.graph.appHostedMediaConfig", "blob": "b"});
        let parsed = parse(&input);
        assert!(
            matches!(parsed, AnyMediaConfig::AppHostedMediaConfig(_)),
            "{parsed:?}"
        );
        let output = serde_json::to_value(&parsed).unwrap();
        assert_eq!(output, input);
        assert_eq!(
            output["@odata.type"],
            "microsoft.graph.appHostedMediaConfig"
        );
    }

    #[test]
    fn untagged_payload_becomes_the_base_variant_and_round_trips() {
        let input =
            json!({"removeFromDefaultAudioGroup": true, "blob": "looks derived but is not tagged"});
        let parsed = parse(&input);
        let AnyMediaConfig::MediaConfig(inner) = &parsed else {
            panic!("expected the base variant, got {parsed:?}");
        };
        assert_eq!(inner.odata_type, None);
        assert_eq!(serde_json::to_value(&parsed).unwrap(), input);
    }

    #[test]
    fn unknown_tag_becomes_the_base_variant_and_keeps_its_tag() {
        let input = json!({"@odata.type": "#microsoft.graph.futureMediaConfig", "newThing": 1});
        let parsed = parse(&input);
        let AnyMediaConfig::MediaConfig(inner) = &parsed else {
            panic!("expected the base variant, got {parsed:?}");
        };
        assert_eq!(
            inner.odata_type.as_deref(),
            Some("#microsoft.graph.futureMediaConfig")
        );
        assert_eq!(serde_json::to_value(&parsed).unwrap(), input);
    }

    #[test]
    fn rust_built_derived_value_gets_the_tag_first() {
        let built = AnyMediaConfig::AppHostedMediaConfig(AppHostedMediaConfig {
            blob: Some("b".to_owned()),
            ..Default::default()
        });
        let text = serde_json::to_string(&built).unwrap();
        assert_eq!(
            text,
            r##"{"@odata.type":"#microsoft.graph.appHostedMediaConfig","blob":"b"}"##
        );
        // And it reads back as the same variant.
        let back: AnyMediaConfig = serde_json::from_str(&text).unwrap();
        assert!(
            matches!(back, AnyMediaConfig::AppHostedMediaConfig(_)),
            "{back:?}"
        );
    }

    #[test]
    fn rust_built_base_value_stays_untagged() {
        let built = AnyMediaConfig::MediaConfig(MediaConfig::default());
        assert_eq!(serde_json::to_string(&built).unwrap(), "{}");
        assert_eq!(AnyMediaConfig::default(), built);
    }

    #[test]
    fn tag_already_in_additional_properties_is_not_duplicated() {
        // A tag that ended up among the unknown members must not be written twice.
        let mut extra = Map::new();
        extra.insert(TYPE_MEMBER.to_owned(), json!("#custom.tag"));
        let built = AnyMediaConfig::AppHostedMediaConfig(AppHostedMediaConfig {
            additional_properties: extra,
            ..Default::default()
        });
        assert_eq!(
            serde_json::to_string(&built).unwrap(),
            r##"{"@odata.type":"#custom.tag"}"##
        );
    }

    #[test]
    fn enum_as_a_field_round_trips_and_tags_first() {
        let input = json!({
            "mediaConfig": {"blob": "b", "@odata.type": "#microsoft.graph.appHostedMediaConfig"},
            "callbackUri": "https://bot.example/callback"
        });
        let call: Call = serde_json::from_value(input.clone()).unwrap();
        assert!(matches!(
            call.media_config,
            Some(AnyMediaConfig::AppHostedMediaConfig(_))
        ));
        let output = serde_json::to_value(&call).unwrap();
        assert_eq!(output, input);

        let built = Call {
            media_config: Some(AnyMediaConfig::ServiceHostedMediaConfig(
                ServiceHostedMediaConfig {
                    pre_fetch_media: Some(vec![]),
                    ..Default::default()
                },
            )),
            ..Default::default()
        };
        let output = serde_json::to_value(&built).unwrap();
        assert_eq!(first_key(&output["mediaConfig"]), Some(TYPE_MEMBER));
        assert_eq!(
            output["mediaConfig"][TYPE_MEMBER],
            "#microsoft.graph.serviceHostedMediaConfig"
        );
    }

    #[test]
    fn derived_payload_with_bad_member_reports_the_member() {
        let err = serde_json::from_value::<AnyMediaConfig>(
            json!({"@odata.type": "#microsoft.graph.appHostedMediaConfig", "blob": 7}),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("invalid type: integer `7`"),
            "{err}"
        );
    }
}
