//! Hand-written support code (not generated, edit freely): helpers for `@odata.type`
//! polymorphism, called by the generated `Any*` enums and `AnyGraphObject`.
//!
//! Reading, the `Any*` enums switch to the type the tag names as they go
//! ([`crate::runtime::model`]), and so does `AnyGraphObject` ([`deserialize_any_object`]).
//! Writing a derived variant puts its tag first ([`crate::runtime::model::serialize_tagged`]) so
//! Graph is told which derived type it gets.

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};
use std::fmt;

use super::model::{Key, Model, read_member_value, read_members, serialize_tagged};

/// The JSON member that names an object's OData type.
pub const TYPE_MEMBER: &str = "@odata.type";

/// The qualified type name a tag stands for: one leading `#` stripped
/// (`"#microsoft.graph.call"` → `"microsoft.graph.call"`).
pub fn qualified_name(tag: &str) -> &str {
    tag.strip_prefix('#').unwrap_or(tag)
}

/// A type holding any of several models, chosen by `@odata.type`, or raw JSON (the generated
/// `AnyGraphObject`).
pub trait AnyObject: Sized {
    /// An empty model of the type `tag` names, if it names one of the models.
    fn with_tag(tag: &str) -> Option<Self>;

    /// An object without a tag, or with one this type does not know.
    fn untyped(object: Value) -> Self;

    /// The model held and its qualified type name; `None` for raw JSON.
    fn model(&self) -> Option<(&dyn Model, &'static str)>;

    /// The model held, mutably; `None` for raw JSON.
    fn model_mut(&mut self) -> Option<&mut dyn Model>;

    /// The raw JSON held, if that is what it is.
    fn raw(&self) -> Option<&Value>;
}

/// Deserializes an [`AnyObject`] in one pass: the members up to `@odata.type` are kept aside
/// (Graph writes the tag first, so usually there are none), then the model the tag names reads
/// them and the rest in place. Without a known tag the object stays JSON.
///
/// # Errors
///
/// When the input is not an object, or does not fit the model its tag names.
pub fn deserialize_any_object<'de, T: AnyObject, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    struct AnyObjectVisitor<T>(std::marker::PhantomData<T>);

    impl<'de, T: AnyObject> Visitor<'de> for AnyObjectVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON object")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
            let mut seen = Map::new();
            while let Some(Key(key)) = map.next_key()? {
                let value: Value = map.next_value()?;
                if key == TYPE_MEMBER
                    && let Value::String(tag) = &value
                    && let Some(mut object) = T::with_tag(qualified_name(tag))
                    && let Some(model) = object.model_mut()
                {
                    for (key, value) in std::mem::take(&mut seen) {
                        read_member_value(model, key, value).map_err(de::Error::custom)?;
                    }
                    model
                        .read_type(Some(tag.clone()))
                        .map_err(de::Error::custom)?;
                    read_members(model, &mut map)?;
                    return Ok(object);
                }
                seen.insert(key.into_owned(), value);
            }
            Ok(T::untyped(Value::Object(seen)))
        }
    }

    deserializer.deserialize_map(AnyObjectVisitor(std::marker::PhantomData))
}

/// Serializes an [`AnyObject`]: a model with its tag first, or the raw JSON as it is.
///
/// # Errors
///
/// When a value cannot be represented or `serializer` fails.
pub fn serialize_any_object<T: AnyObject, S: Serializer>(
    object: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match (object.model(), object.raw()) {
        (Some((model, tag)), _) => serialize_tagged(model, Some(tag), serializer),
        (None, Some(raw)) => raw.serialize(serializer),
        (None, None) => serializer.serialize_none(),
    }
}

/// Decodes `object` into the model its tag names, or keeps it as JSON when it has no known tag
/// or does not fit: the lenient path of change notifications.
pub fn decode_or_keep<T: AnyObject + for<'de> Deserialize<'de>>(object: Value) -> T {
    T::deserialize(&object).unwrap_or_else(|_| T::untyped(object))
}

// The generated models are what these helpers serve, so the tests use them.
#[cfg(all(test, feature = "v1_0", feature = "cloud-communications"))]
mod tests {
    use super::*;
    use crate::v1_0::models::{
        AnyGraphObject, AnyMediaConfig, AppHostedMediaConfig, Call, MediaConfig,
        ServiceHostedMediaConfig,
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
    fn any_object_reads_the_model_its_tag_names_wherever_the_tag_is() {
        for json in [
            r##"{"@odata.type": "#microsoft.graph.call", "state": "established", "x": 1}"##,
            r##"{"state": "established", "x": 1, "@odata.type": "#microsoft.graph.call"}"##,
        ] {
            let object: AnyGraphObject = serde_json::from_str(json).unwrap();
            let AnyGraphObject::Call(call) = &object else {
                panic!("{json}: {object:?}");
            };
            assert_eq!(call.state.as_ref().map(|s| s.as_str()), Some("established"));
            assert_eq!(call.odata_type.as_deref(), Some("#microsoft.graph.call"));
            assert_eq!(call.additional_properties["x"], json!(1));
            let back: Value = serde_json::to_value(&object).unwrap();
            assert_eq!(back, serde_json::from_str::<Value>(json).unwrap());
        }
    }

    #[test]
    fn any_object_keeps_untagged_and_unknown_objects_as_json() {
        for json in [
            json!({"state": "established"}),
            json!({"@odata.type": "#microsoft.graph.future", "a": [1]}),
            json!({"@odata.type": 3}),
        ] {
            let object: AnyGraphObject = serde_json::from_value(json.clone()).unwrap();
            assert_eq!(object, AnyGraphObject::Unknown(json.clone()));
            assert_eq!(object.type_name(), None);
        }
    }

    #[test]
    fn any_object_is_strict_and_decode_or_keep_is_not() {
        // `ru-RU/v1.0/api/call-delete.md:142`: `resultInfo.code` is a number, the page sends "0".
        let misfit = json!({
            "@odata.type": "#microsoft.graph.call",
            "resultInfo": {"@odata.type": "#microsoft.graph.resultInfo", "code": "0"}
        });
        let err = serde_json::from_value::<AnyGraphObject>(misfit.clone()).unwrap_err();
        assert!(
            err.to_string().contains("invalid type: string \"0\""),
            "{err}"
        );
        let kept: AnyGraphObject = decode_or_keep(misfit.clone());
        assert_eq!(kept, AnyGraphObject::Unknown(misfit));
        let fits: AnyGraphObject = decode_or_keep(json!({"@odata.type": "#microsoft.graph.call"}));
        assert_eq!(fits.type_name(), Some("microsoft.graph.call"));
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
            call.media_config.as_deref(),
            Some(AnyMediaConfig::AppHostedMediaConfig(_))
        ));
        let output = serde_json::to_value(&call).unwrap();
        assert_eq!(output, input);

        let built = Call {
            media_config: Some(Box::new(AnyMediaConfig::ServiceHostedMediaConfig(
                ServiceHostedMediaConfig {
                    pre_fetch_media: Some(vec![]),
                    ..Default::default()
                },
            ))),
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
