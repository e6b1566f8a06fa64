//! Hand-written support code (not generated, edit freely): the change notifications Graph posts
//! to a bot's callback URL (`commsNotifications`), generic over how `resourceData` objects are
//! decoded. The generated crate supplies a per-version `AnyGraphObject` for `R`, which dispatches
//! on `@odata.type`; `serde_json::Value` works too.
//!
//! Everything keeps the members it does not know, so a payload round-trips. Payloads are read in
//! one pass (no `#[serde(flatten)]`, which would buffer them), from JSON text or a
//! `serde_json::Value`.

use std::fmt;

use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

/// The body of a notification POST: `{"@odata.type": "#microsoft.graph.commsNotifications",
/// "value": [...]}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Notifications<R> {
    /// `@odata.type` as sent (usually `#microsoft.graph.commsNotifications`, often absent).
    #[serde(rename = "@odata.type", skip_serializing_if = "Option::is_none")]
    pub odata_type: Option<String>,
    /// The notifications, in the order Graph sent them.
    pub value: Vec<Notification<R>>,
    /// Members the docs do not list, kept so a payload round-trips.
    #[serde(flatten)]
    pub additional_properties: Map<String, Value>,
}

/// One notification (`commsNotification`): what changed, where, and the changed objects.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Notification<R> {
    /// `@odata.type` as sent (usually `#microsoft.graph.commsNotification`, often absent).
    #[serde(rename = "@odata.type", skip_serializing_if = "Option::is_none")]
    pub odata_type: Option<String>,
    /// Created, updated or deleted.
    pub change_type: ChangeType,
    /// `resource`: the path of the changed resource, e.g. `/communications/calls/{id}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// `resourceUrl`: the same path under the name newer payloads use.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_url: Option<String>,
    /// The callback URL the notification was posted to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub callback_uri: Option<String>,
    /// The changed object, or objects (a roster update carries a list of participants).
    ///
    /// An explicit `"resourceData": null` reads as `None` and is written back absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_data: Option<ResourceData<R>>,
    /// Members the docs do not list, kept so a payload round-trips.
    #[serde(flatten)]
    pub additional_properties: Map<String, Value>,
}

impl<R: Resource> Notifications<R> {
    /// Decodes a notification POST body.
    ///
    /// The same result as deserializing it, faster when `R` [falls back](Resource::FALLS_BACK):
    /// it decodes strictly in one pass first, and keeps `resourceData` as text to decode again
    /// object by object only if that fails.
    ///
    /// # Errors
    ///
    /// When `json` is not a `commsNotifications` payload.
    #[allow(clippy::should_implement_trait)] // `FromStr` cannot borrow; this is serde_json's name.
    pub fn from_str(json: &str) -> Result<Self, serde_json::Error> {
        if R::FALLS_BACK
            && let Ok(strict) = serde_json::from_str::<Notifications<Strict<R>>>(json)
        {
            return Ok(strict.loosen());
        }
        serde_json::from_str(json)
    }

    /// [`Notifications::from_str`] for bytes.
    ///
    /// # Errors
    ///
    /// When `json` is not a `commsNotifications` payload.
    pub fn from_slice(json: &[u8]) -> Result<Self, serde_json::Error> {
        if R::FALLS_BACK
            && let Ok(strict) = serde_json::from_slice::<Notifications<Strict<R>>>(json)
        {
            return Ok(strict.loosen());
        }
        serde_json::from_slice(json)
    }
}

impl<R> Notifications<Strict<R>> {
    /// The objects out of their `Strict` wrappers.
    fn loosen(self) -> Notifications<R> {
        Notifications {
            odata_type: self.odata_type,
            value: self
                .value
                .into_iter()
                .map(|n| Notification {
                    odata_type: n.odata_type,
                    change_type: n.change_type,
                    resource: n.resource,
                    resource_url: n.resource_url,
                    callback_uri: n.callback_uri,
                    resource_data: n.resource_data.map(|data| data.map(|Strict(r)| r)),
                    additional_properties: n.additional_properties,
                })
                .collect(),
            additional_properties: self.additional_properties,
        }
    }
}

impl<R> Notification<R> {
    /// `resourceUrl` when present, else `resource`: the path of the changed resource.
    pub fn resource_path(&self) -> Option<&str> {
        self.resource_url.as_deref().or(self.resource.as_deref())
    }
}

/// `resourceData`: one object, or an array of objects.
#[derive(Debug, Clone, PartialEq)]
pub enum ResourceData<R> {
    /// A single object, as in call state updates.
    One(R),
    /// An array, as in participant roster updates.
    Many(Vec<R>),
}

impl<R> ResourceData<R> {
    /// The objects, whichever form they came in.
    pub fn iter(&self) -> impl Iterator<Item = &R> {
        match self {
            Self::One(one) => std::slice::from_ref(one).iter(),
            Self::Many(many) => many.iter(),
        }
    }

    /// How many objects there are.
    pub fn len(&self) -> usize {
        match self {
            Self::One(_) => 1,
            Self::Many(many) => many.len(),
        }
    }

    /// Whether there are none (only an empty array).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The objects as a `Vec`, whichever form they came in.
    pub fn into_vec(self) -> Vec<R> {
        match self {
            Self::One(one) => vec![one],
            Self::Many(many) => many,
        }
    }

    /// Maps each object, keeping the form.
    pub fn map<S>(self, mut f: impl FnMut(R) -> S) -> ResourceData<S> {
        match self {
            Self::One(one) => ResourceData::One(f(one)),
            Self::Many(many) => ResourceData::Many(many.into_iter().map(f).collect()),
        }
    }
}

impl<R: Serialize> Serialize for ResourceData<R> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::One(one) => one.serialize(serializer),
            Self::Many(many) => many.serialize(serializer),
        }
    }
}

impl<'de, R: Deserialize<'de>> Deserialize<'de> for ResourceData<R> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Dispatching on the JSON shape (rather than `#[serde(untagged)]`) keeps `R`'s own error
        // message, which names the member that did not fit.
        struct ShapeVisitor<R>(PhantomData<R>);

        impl<'de, R: Deserialize<'de>> Visitor<'de> for ShapeVisitor<R> {
            type Value = ResourceData<R>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object or an array of objects")
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                R::deserialize(de::value::MapAccessDeserializer::new(map)).map(ResourceData::One)
            }

            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                Vec::<R>::deserialize(de::value::SeqAccessDeserializer::new(seq))
                    .map(ResourceData::Many)
            }
        }

        deserializer.deserialize_any(ShapeVisitor(PhantomData))
    }
}

/// What `resourceData` objects decode into.
///
/// A type that [falls back](Resource::FALLS_BACK) (the generated `AnyGraphObject`) has
/// `resourceData` kept as text while it decodes: if it does not decode as a whole, each object is
/// decoded on its own with [`Resource::from_json`], so one object that does not fit its type (a doc
/// defect Graph may share, such as `"code": "0"` for a number) need not fail the whole
/// notification; `AnyGraphObject` keeps such an object as raw JSON. Other types decode directly.
pub trait Resource: DeserializeOwned {
    /// Whether a `resourceData` that does not decode is decoded again object by object.
    const FALLS_BACK: bool = false;

    /// Decodes one object of a `resourceData` that did not decode as a whole.
    ///
    /// # Errors
    ///
    /// When the object cannot be kept as a `Self`.
    fn from_json(object: Value) -> Result<Self, serde_json::Error> {
        serde_json::from_value(object)
    }
}

/// Any JSON fits: nothing to fall back from.
impl Resource for Value {}

/// `R` decoded without falling back: an object that does not fit fails the notification.
/// [`Notifications::from_str`] tries this first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Strict<R>(pub R);

impl<R: DeserializeOwned> Resource for Strict<R> {}

/// `resourceData` from its text: as `R`, else object by object through [`Resource::from_json`].
fn decode_resource_data<R: Resource>(json: &str) -> Result<ResourceData<R>, serde_json::Error> {
    let error = match serde_json::from_str::<ResourceData<R>>(json) {
        Ok(data) => return Ok(data),
        Err(error) => error,
    };
    let Ok(objects) = serde_json::from_str::<ResourceData<Value>>(json) else {
        return Err(error);
    };
    let data = match objects {
        ResourceData::One(object) => R::from_json(object).map(ResourceData::One),
        ResourceData::Many(objects) => objects
            .into_iter()
            .map(R::from_json)
            .collect::<Result<_, _>>()
            .map(ResourceData::Many),
    };
    // The first error names what did not fit.
    data.map_err(|_| error)
}

impl<'de, R: Resource> Deserialize<'de> for Notifications<R> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NotificationsVisitor<R>(PhantomData<R>);

        impl<'de, R: Resource> Visitor<'de> for NotificationsVisitor<R> {
            type Value = Notifications<R>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a commsNotifications object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut odata_type = None;
                let mut value = None;
                let mut additional_properties = Map::new();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "@odata.type" => odata_type = map.next_value()?,
                        "value" => value = Some(map.next_value()?),
                        _ => {
                            additional_properties.insert(key, map.next_value()?);
                        }
                    }
                }
                Ok(Notifications {
                    odata_type,
                    value: value.ok_or_else(|| de::Error::missing_field("value"))?,
                    additional_properties,
                })
            }
        }

        deserializer.deserialize_map(NotificationsVisitor(PhantomData))
    }
}

impl<'de, R: Resource> Deserialize<'de> for Notification<R> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NotificationVisitor<R>(PhantomData<R>);

        impl<'de, R: Resource> Visitor<'de> for NotificationVisitor<R> {
            type Value = Notification<R>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a commsNotification object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut odata_type = None;
                let mut change_type = None;
                let mut resource = None;
                let mut resource_url = None;
                let mut callback_uri = None;
                let mut resource_data = None;
                let mut additional_properties = Map::new();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "@odata.type" => odata_type = map.next_value()?,
                        "changeType" => change_type = Some(map.next_value()?),
                        "resource" => resource = map.next_value()?,
                        "resourceUrl" => resource_url = map.next_value()?,
                        "callbackUri" => callback_uri = map.next_value()?,
                        "resourceData" if R::FALLS_BACK => {
                            // Kept as text until it decodes, so a misfit can be decoded again.
                            let raw: Option<Box<RawValue>> = map.next_value()?;
                            resource_data = raw
                                .map(|raw| decode_resource_data(raw.get()))
                                .transpose()
                                .map_err(de::Error::custom)?;
                        }
                        "resourceData" => resource_data = map.next_value()?,
                        _ => {
                            additional_properties.insert(key, map.next_value()?);
                        }
                    }
                }
                Ok(Notification {
                    odata_type,
                    change_type: change_type
                        .ok_or_else(|| de::Error::missing_field("changeType"))?,
                    resource,
                    resource_url,
                    callback_uri,
                    resource_data,
                    additional_properties,
                })
            }
        }

        deserializer.deserialize_map(NotificationVisitor(PhantomData))
    }
}

/// What happened to the resource. Open: a value Graph adds later is kept as
/// [`ChangeType::Undocumented`] and written back unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ChangeType {
    /// `created`.
    Created,
    /// `updated`.
    Updated,
    /// `deleted`.
    Deleted,
    /// Any other value, exactly as sent.
    Undocumented(String),
}

impl ChangeType {
    /// The wire value.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Created => "created",
            Self::Updated => "updated",
            Self::Deleted => "deleted",
            Self::Undocumented(other) => other,
        }
    }
}

impl From<&str> for ChangeType {
    fn from(value: &str) -> Self {
        match value {
            "created" => Self::Created,
            "updated" => Self::Updated,
            "deleted" => Self::Deleted,
            other => Self::Undocumented(other.to_owned()),
        }
    }
}

impl fmt::Display for ChangeType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ChangeType {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl From<String> for ChangeType {
    fn from(value: String) -> Self {
        match value.as_str() {
            "created" => Self::Created,
            "updated" => Self::Updated,
            "deleted" => Self::Deleted,
            _ => Self::Undocumented(value),
        }
    }
}

impl<'de> Deserialize<'de> for ChangeType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Like the generated open enums: no allocation for a documented value.
        super::model::deserialize_open_enum(deserializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::testing::json_diff;
    use serde_json::json;

    /// `specs/pages/003_ff1a104853d25bee.txt`: a call state update, every `@odata.type` present.
    const ESTABLISHED: &str = r##"{
  "@odata.type": "#microsoft.graph.commsNotifications",
  "value": [
    {
      "@odata.type": "#microsoft.graph.commsNotification",
      "changeType": "updated",
      "resource": "/app/calls/2e1a0b00-b3c5-4b0f-99b3-c133bc1e6116",
      "callbackUri": "https://bot.contoso.com/callback",
      "resourceData": {
        "@odata.type": "#microsoft.graph.call",
        "state": "established",
        "direction": "outgoing",
        "tenantId": "aa67bd4c-8475-432d-bd41-39f255720e0a",
        "id": "2e1a0b00-b3c5-4b0f-99b3-c133bc1e6116"
      }
    }
  ]
}"##;

    /// `specs/pages/004_eea2b2543f077e07.txt`: no `@odata.type` on the envelope, `@odata.id` and
    /// `@odata.etag` on the object.
    const OPERATION_DELETED: &str = r##"{
  "value": [
    {
      "changeType": "deleted",
      "resource": "/app/calls/57DAB8B1894C409AB240BD8BEAE78896/operations/0FE0623FD62842EDB4BD8AC290072CC5",
      "resourceData": {
        "@odata.type": "#microsoft.graph.commsOperation",
        "@odata.id": "/app/calls/57DAB8B1894C409AB240BD8BEAE78896/operations/0FE0623FD62842EDB4BD8AC290072CC5",
        "@odata.etag": "W/\"51\"",
        "clientContext": "d45324c1-fcb5-430a-902c-f20af696537c",
        "status": "completed"
      }
    }
  ]
}"##;

    /// `specs/pages/004_eea2b2543f077e07.txt`: a roster update, `resourceData` is an array.
    const ROSTER_UPDATED: &str = r##"{
  "value": [
    {
      "changeType": "updated",
      "resource": "/app/calls/57DAB8B1894C409AB240BD8BEAE78896/participants",
      "resourceData": [
        {
          "@odata.type": "#microsoft.graph.participant",
          "@odata.id": "/app/calls/57DAB8B1894C409AB240BD8BEAE78896/participants/8A34A46B3D174ADC8DCEDC4E7D572698",
          "@odata.etag": "W/\"51\"",
          "info": {
            "identity": {
              "user": {
                "displayName": "Test User",
                "id": "8A34A46B-3D17-4ADC-8DCE-DC4E7D572698"
              }
            },
            "region": "westus",
            "languageId": "en-US"
          },
          "mediaStreams": [
            {
              "mediaType": "audio",
              "label": "main-audio",
              "sourceId": "1",
              "direction": "sendReceive",
              "serverMuted": false
            }
          ]
        },
        {
          "@odata.type": "#microsoft.graph.participant",
          "@odata.id": "/app/calls/57DAB8B1894C409AB240BD8BEAE78896/participants/123456W77E24E4D85F80597083CB830",
          "@odata.etag": "W/\"55\"",
          "info": {
            "identity": {
              "application": {
                "displayName": "Test Bot",
                "id": "1234A46B-3D17-4ADC-8DCE-DC4E7D556789"
              }
            },
            "region": "westus",
            "languageId": "en-US"
          },
          "mediaStreams": [
            {
              "mediaType": "audio",
              "label": "main-audio",
              "sourceId": "2",
              "direction": "sendReceive",
              "serverMuted": false
            }
          ]
        }
      ]
    }
  ]
}"##;

    /// The `resourceUrl` form of newer pages, with a member no page documents and no
    /// `resourceData`.
    const RESOURCE_URL: &str = r##"{
  "@odata.type": "#microsoft.graph.commsNotifications",
  "value": [
    {
      "@odata.type": "#microsoft.graph.commsNotification",
      "changeType": "escalated",
      "resourceUrl": "/communications/calls/491f0b00-ffff-4bc9-a43e-b226498ec22a",
      "tenantId": "aa67bd4c-8475-432d-bd41-39f255720e0a"
    }
  ],
  "validationTokens": ["a.b.c"]
}"##;

    fn decode(json: &str) -> Notifications<Value> {
        let payload: Notifications<Value> = serde_json::from_str(json).expect("decodes");
        let before: Value = serde_json::from_str(json).unwrap();
        let after = serde_json::to_value(&payload).unwrap();
        assert_eq!(json_diff(&before, &after), Vec::<String>::new());
        payload
    }

    #[test]
    fn call_update_round_trips() {
        let payload = decode(ESTABLISHED);
        assert_eq!(
            payload.odata_type.as_deref(),
            Some("#microsoft.graph.commsNotifications")
        );
        let [notification] = payload.value.as_slice() else {
            panic!("one notification expected: {payload:?}");
        };
        assert_eq!(notification.change_type, ChangeType::Updated);
        assert_eq!(
            notification.resource_path(),
            Some("/app/calls/2e1a0b00-b3c5-4b0f-99b3-c133bc1e6116")
        );
        assert_eq!(
            notification.callback_uri.as_deref(),
            Some("https://bot.contoso.com/callback")
        );
        let Some(ResourceData::One(call)) = &notification.resource_data else {
            panic!("one object expected: {notification:?}");
        };
        assert_eq!(call["state"], "established");
        assert!(notification.additional_properties.is_empty());
    }

    #[test]
    fn untyped_envelope_with_odata_id_and_etag_round_trips() {
        let payload = decode(OPERATION_DELETED);
        assert_eq!(payload.odata_type, None);
        let notification = &payload.value[0];
        assert_eq!(notification.odata_type, None);
        assert_eq!(notification.change_type, ChangeType::Deleted);
        let data = notification.resource_data.as_ref().unwrap();
        assert_eq!(data.len(), 1);
        let operation = data.iter().next().unwrap();
        assert_eq!(operation["@odata.etag"], "W/\"51\"");
    }

    #[test]
    fn array_resource_data_round_trips_in_order() {
        let payload = decode(ROSTER_UPDATED);
        let data = payload.value[0].resource_data.as_ref().unwrap();
        assert!(matches!(data, ResourceData::Many(_)));
        let ids: Vec<&str> = data
            .iter()
            .map(|p| {
                p["info"]["identity"]
                    .as_object()
                    .unwrap()
                    .keys()
                    .next()
                    .unwrap()
                    .as_str()
            })
            .collect();
        assert_eq!(ids, ["user", "application"]);
        assert_eq!(data.clone().into_vec().len(), 2);
    }

    #[test]
    fn unknown_change_type_and_members_are_kept() {
        let payload = decode(RESOURCE_URL);
        let notification = &payload.value[0];
        assert_eq!(
            notification.change_type,
            ChangeType::Undocumented("escalated".to_owned())
        );
        assert_eq!(notification.resource, None);
        assert_eq!(
            notification.resource_path(),
            Some("/communications/calls/491f0b00-ffff-4bc9-a43e-b226498ec22a")
        );
        assert_eq!(notification.resource_data, None);
        assert_eq!(
            notification.additional_properties["tenantId"],
            "aa67bd4c-8475-432d-bd41-39f255720e0a"
        );
        assert_eq!(
            payload.additional_properties["validationTokens"],
            json!(["a.b.c"])
        );
    }

    #[test]
    fn change_types_have_their_wire_names() {
        for (text, change) in [
            ("created", ChangeType::Created),
            ("updated", ChangeType::Updated),
            ("deleted", ChangeType::Deleted),
            ("Updated", ChangeType::Undocumented("Updated".to_owned())),
        ] {
            assert_eq!(ChangeType::from(text), change);
            assert_eq!(ChangeType::from(text.to_owned()), change);
            let read: ChangeType = serde_json::from_str(&json!(text).to_string()).unwrap();
            assert_eq!(read, change);
            assert_eq!(change.to_string(), text);
            assert_eq!(serde_json::to_value(&change).unwrap(), json!(text));
            let back: ChangeType = serde_json::from_value(json!(text)).unwrap();
            assert_eq!(back, change);
        }
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Call {
        state: String,
    }

    impl Resource for Call {}

    #[test]
    fn typed_objects_report_their_own_errors() {
        let ok: Notifications<Call> = serde_json::from_str(
            r#"{"value":[{"changeType":"updated","resourceData":[{"state":"a"},{"state":"b"}]}]}"#,
        )
        .unwrap();
        let states: Vec<&str> = ok.value[0]
            .resource_data
            .iter()
            .flat_map(ResourceData::iter)
            .map(|c| c.state.as_str())
            .collect();
        assert_eq!(states, ["a", "b"]);

        let err = serde_json::from_str::<Notifications<Call>>(
            r#"{"value":[{"changeType":"updated","resourceData":{"state":3}}]}"#,
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("invalid type: integer `3`"),
            "{err}"
        );

        let err = serde_json::from_str::<Notifications<Value>>(
            r#"{"value":[{"changeType":"updated","resourceData":"x"}]}"#,
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("an object or an array of objects"),
            "{err}"
        );
        let err = serde_json::from_str::<Notifications<Value>>(r#"{"value":[{}]}"#).unwrap_err();
        assert!(err.to_string().contains("changeType"), "{err}");
    }

    /// `specs/pages/..`-style payloads, and `ru-RU/v1.0/api/call-delete.md:142`, whose
    /// `resultInfo.code` is "0" where the type says a number.
    #[cfg(all(feature = "v1_0", feature = "cloud-communications"))]
    #[test]
    fn from_str_agrees_with_deserializing_and_keeps_misfits() {
        use crate::v1_0::models::AnyGraphObject;
        let misfit = r##"{"value":[{"changeType":"deleted","resourceData":{"@odata.type":"#microsoft.graph.call","resultInfo":{"@odata.type":"#microsoft.graph.resultInfo","code":"0"}}}]}"##;
        for json in [
            ESTABLISHED,
            OPERATION_DELETED,
            ROSTER_UPDATED,
            RESOURCE_URL,
            misfit,
        ] {
            let deserialized: Notifications<AnyGraphObject> = serde_json::from_str(json).unwrap();
            let fast = Notifications::<AnyGraphObject>::from_str(json).unwrap();
            assert_eq!(fast, deserialized);
            let bytes = Notifications::<AnyGraphObject>::from_slice(json.as_bytes()).unwrap();
            assert_eq!(bytes, deserialized);
        }
        let strict = serde_json::from_str::<Notifications<Strict<AnyGraphObject>>>(misfit);
        assert!(strict.is_err(), "strictly, the misfit fails");
        let kept = Notifications::<AnyGraphObject>::from_str(misfit).unwrap();
        let data = kept.value[0].resource_data.as_ref().unwrap();
        assert!(
            matches!(data, ResourceData::One(AnyGraphObject::Unknown(_))),
            "{data:?}"
        );
        let typed = Notifications::<AnyGraphObject>::from_str(ESTABLISHED).unwrap();
        let data = typed.value[0].resource_data.as_ref().unwrap();
        assert!(
            matches!(data, ResourceData::One(AnyGraphObject::Call(_))),
            "{data:?}"
        );
    }

    #[test]
    fn empty_array_stays_an_array() {
        let payload = decode(r#"{"value":[{"changeType":"updated","resourceData":[]}]}"#);
        let data = payload.value[0].resource_data.as_ref().unwrap();
        assert!(data.is_empty());
        assert_eq!(data.iter().count(), 0);
    }
}
