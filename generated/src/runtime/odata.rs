//! Hand-written support code (not generated, edit freely): helpers for `@odata.type`
//! polymorphism, called by the generated `Any*` enums' `Serialize`/`Deserialize` impls.
//!
//! Deserializing buffers the payload as a [`serde_json::Value`], dispatches on [`type_tag`] and
//! finishes with [`from_value`]; serializing a derived variant goes through [`serialize_tagged`]
//! so Graph is told which derived type it gets.

use serde::de::DeserializeOwned;
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

/// The JSON member that names an object's OData type.
pub const TYPE_MEMBER: &str = "@odata.type";

/// Returns the object's `"@odata.type"` with one leading `#` stripped
/// (`"#microsoft.graph.call"` → `"microsoft.graph.call"`).
///
/// `None` when `value` is not an object, or the member is missing or not a string.
pub fn type_tag(value: &Value) -> Option<&str> {
    let tag = value.as_object()?.get(TYPE_MEMBER)?.as_str()?;
    Some(tag.strip_prefix('#').unwrap_or(tag))
}

/// Deserializes `value` into `T`, turning a failure into the caller's error type with the
/// original message (which names the offending field or type).
///
/// # Errors
///
/// When `value` does not fit `T`.
pub fn from_value<T: DeserializeOwned, E: serde::de::Error>(value: Value) -> Result<T, E> {
    serde_json::from_value(value).map_err(E::custom)
}

/// Serializes `value`, making sure a JSON object says which type it is.
///
/// If `value` serializes to an object with no `"@odata.type"` member, the output gets
/// `"@odata.type": "#<qualified_name>"` as its first member. A member that is already there
/// (for example kept from a received payload, with or without `#`) is left exactly as it is.
/// Anything that is not an object is written unchanged.
///
/// # Errors
///
/// When `value` cannot be represented as JSON (e.g. a map with non-string keys) or `serializer`
/// fails.
pub fn serialize_tagged<T: Serialize + ?Sized, S: Serializer>(
    value: &T,
    qualified_name: &str,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    // Going through a `Value` is the simple way to see and reorder the members; these
    // payloads are small.
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde::{Deserialize, Deserializer};
    use serde_json::json;

    #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct MediaConfig {
        #[serde(
            rename = "@odata.type",
            default,
            skip_serializing_if = "Option::is_none"
        )]
        odata_type: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        remove_from_default_audio_group: Option<bool>,
        #[serde(flatten)]
        additional_properties: Map<String, Value>,
    }

    #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct AppHostedMediaConfig {
        #[serde(
            rename = "@odata.type",
            default,
            skip_serializing_if = "Option::is_none"
        )]
        odata_type: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        remove_from_default_audio_group: Option<bool>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        blob: Option<String>,
        #[serde(flatten)]
        additional_properties: Map<String, Value>,
    }

    #[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct ServiceHostedMediaConfig {
        #[serde(
            rename = "@odata.type",
            default,
            skip_serializing_if = "Option::is_none"
        )]
        odata_type: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pre_fetch_media: Option<Vec<Value>>,
        #[serde(flatten)]
        additional_properties: Map<String, Value>,
    }

    /// Written exactly the way the code generator emits it. Variant names repeat the type
    /// names on purpose, hence the allow (generated code needs it too).
    #[allow(clippy::enum_variant_names)]
    #[derive(Debug, Clone, PartialEq)]
    enum AnyMediaConfig {
        AppHostedMediaConfig(AppHostedMediaConfig),
        ServiceHostedMediaConfig(ServiceHostedMediaConfig),
        MediaConfig(MediaConfig),
    }

    impl<'de> Deserialize<'de> for AnyMediaConfig {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let value = ::serde_json::Value::deserialize(deserializer)?;
            match crate::runtime::odata::type_tag(&value) {
                Some("microsoft.graph.appHostedMediaConfig") => {
                    crate::runtime::odata::from_value(value).map(Self::AppHostedMediaConfig)
                }
                Some("microsoft.graph.serviceHostedMediaConfig") => {
                    crate::runtime::odata::from_value(value).map(Self::ServiceHostedMediaConfig)
                }
                _ => crate::runtime::odata::from_value(value).map(Self::MediaConfig),
            }
        }
    }

    impl Serialize for AnyMediaConfig {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            match self {
                Self::AppHostedMediaConfig(v) => crate::runtime::odata::serialize_tagged(
                    v,
                    "microsoft.graph.appHostedMediaConfig",
                    serializer,
                ),
                Self::ServiceHostedMediaConfig(v) => crate::runtime::odata::serialize_tagged(
                    v,
                    "microsoft.graph.serviceHostedMediaConfig",
                    serializer,
                ),
                Self::MediaConfig(v) => v.serialize(serializer),
            }
        }
    }

    /// A container, as in `call.mediaConfig`, so the enum is also exercised as a field.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Call {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        media_config: Option<AnyMediaConfig>,
        #[serde(flatten)]
        additional_properties: Map<String, Value>,
    }

    fn parse(value: &Value) -> AnyMediaConfig {
        serde_json::from_value(value.clone()).expect("deserialize")
    }

    fn first_key(value: &Value) -> Option<&str> {
        value.as_object()?.keys().next().map(String::as_str)
    }

    #[test]
    fn type_tag_strips_one_hash() {
        assert_eq!(
            type_tag(&json!({"@odata.type": "#microsoft.graph.call"})),
            Some("microsoft.graph.call")
        );
        assert_eq!(
            type_tag(&json!({"@odata.type": "microsoft.graph.call"})),
            Some("microsoft.graph.call")
        );
        assert_eq!(type_tag(&json!({"@odata.type": "##x"})), Some("#x"));
        assert_eq!(type_tag(&json!({"@odata.type": "#"})), Some(""));
    }

    #[test]
    fn type_tag_is_none_without_a_string_tag() {
        assert_eq!(type_tag(&json!({})), None);
        assert_eq!(type_tag(&json!({"@odata.type": null})), None);
        assert_eq!(type_tag(&json!({"@odata.type": 3})), None);
        assert_eq!(type_tag(&json!({"nested": {"@odata.type": "#a.b"}})), None);
        assert_eq!(type_tag(&json!("#microsoft.graph.call")), None);
        assert_eq!(type_tag(&json!([{"@odata.type": "#a.b"}])), None);
        assert_eq!(type_tag(&Value::Null), None);
    }

    #[test]
    fn from_value_keeps_the_message() {
        let direct =
            serde_json::from_value::<AppHostedMediaConfig>(json!({"blob": 1})).unwrap_err();
        let mapped: Result<AppHostedMediaConfig, serde_json::Error> =
            from_value(json!({"blob": 1}));
        let mapped = mapped.unwrap_err();
        assert_eq!(mapped.to_string(), direct.to_string());
        assert!(mapped.to_string().contains("invalid type"), "{mapped}");
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
            remove_from_default_audio_group: Some(true),
            ..Default::default()
        });
        let text = serde_json::to_string(&built).unwrap();
        assert_eq!(
            text,
            r##"{"@odata.type":"#microsoft.graph.appHostedMediaConfig","removeFromDefaultAudioGroup":true,"blob":"b"}"##
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
    fn non_objects_are_written_unchanged() {
        let mut out = Vec::new();
        serialize_tagged(&[1, 2], "a.b", &mut serde_json::Serializer::new(&mut out)).unwrap();
        assert_eq!(out, b"[1,2]");
        let mut out = Vec::new();
        serialize_tagged("x", "a.b", &mut serde_json::Serializer::new(&mut out)).unwrap();
        assert_eq!(out, br#""x""#);
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
            additional_properties: Map::new(),
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
