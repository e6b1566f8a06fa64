//! Hand-written support code (not generated, edit freely): the envelopes Graph
//! wraps collections in, `{"value": [...], "@odata.nextLink": "..."}`, and
//! primitive answers, `{"value": true}`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One page of a collection response.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
// `value` defaults to empty, which needs no `T: Default` (serde would ask for one).
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
pub struct Collection<T> {
    /// The items of this page.
    #[serde(default)]
    pub value: Vec<T>,
    /// The URL of the next page, when there is one.
    #[serde(
        rename = "@odata.nextLink",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub next_link: Option<String>,
    /// The `@odata.context` annotation as sent.
    #[serde(
        rename = "@odata.context",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub context: Option<String>,
    /// `@odata.count`: how many items match in all, when the request asked for it (`$count`).
    #[serde(
        rename = "@odata.count",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub count: Option<u64>,
    /// Members the docs do not list, kept so a payload round-trips.
    #[serde(flatten)]
    pub additional_properties: Map<String, Value>,
}

/// A primitive answer: `{"@odata.context": "…$metadata#Edm.Boolean", "value": true}`. Client
/// methods return its `value`; this keeps the rest, so the answer round-trips.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrimitiveAnswer<T> {
    /// The `@odata.context` annotation as sent.
    #[serde(
        rename = "@odata.context",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub context: Option<String>,
    /// The answer.
    pub value: T,
    /// Other members, kept so a payload round-trips.
    #[serde(flatten)]
    pub additional_properties: Map<String, Value>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_round_trip() {
        let json = r#"{"@odata.context":"x","value":[1,2],"@odata.nextLink":"https://graph/next","@odata.count":2}"#;
        let page: Collection<i32> = serde_json::from_str(json).unwrap();
        assert_eq!(page.value, [1, 2]);
        assert_eq!(page.next_link.as_deref(), Some("https://graph/next"));
        assert_eq!(page.count, Some(2));
        let back = serde_json::to_value(&page).unwrap();
        assert_eq!(back, serde_json::from_str::<Value>(json).unwrap());
    }

    #[test]
    fn primitive_answers_round_trip() {
        let json = r#"{"@odata.context":"https://graph.microsoft.com/beta/$metadata#Edm.Boolean","value":true}"#;
        let answer: PrimitiveAnswer<bool> = serde_json::from_str(json).unwrap();
        assert!(answer.value);
        let back = serde_json::to_value(&answer).unwrap();
        assert_eq!(back, serde_json::from_str::<Value>(json).unwrap());
        assert!(serde_json::from_str::<PrimitiveAnswer<bool>>(r#"{"value":"yes"}"#).is_err());
    }
}
