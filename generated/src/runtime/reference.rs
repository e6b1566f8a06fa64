//! Hand-written support code (not generated, edit freely): the OData entity reference that
//! `POST` and `PUT` to a `…/$ref` path send (adding an owner, a member, a policy).

use serde::{Deserialize, Serialize};

use super::request::{BaseUrl, encode_segment};

/// `{"@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/{id}"}`: the entity a
/// `…/$ref` request links to. Nothing else is sent, so nothing else is accepted.
///
/// ```
/// use msgraph_comms::runtime::{BaseUrl, Reference};
///
/// let owner = Reference::to(&BaseUrl::default(), "v1.0", "directoryObjects", "a b");
/// assert_eq!(owner.odata_id, "https://graph.microsoft.com/v1.0/directoryObjects/a%20b");
/// assert_eq!(
///     serde_json::to_string(&owner).unwrap(),
///     r#"{"@odata.id":"https://graph.microsoft.com/v1.0/directoryObjects/a%20b"}"#
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// The URL of the entity.
    #[serde(rename = "@odata.id")]
    pub odata_id: String,
}

impl Reference {
    /// A reference to the entity at `odata_id`, a URL as Graph writes it.
    pub fn new(odata_id: impl Into<String>) -> Self {
        Reference {
            odata_id: odata_id.into(),
        }
    }

    /// A reference to `{base}/{version}/{collection}/{id}`, the id percent-encoded as one path
    /// segment: `Reference::to(&base, "v1.0", "directoryObjects", user_id)`.
    pub fn to(base: &BaseUrl, version: &str, collection: &str, id: &str) -> Self {
        Reference::new(format!(
            "{}/{version}/{collection}/{}",
            base.as_str(),
            encode_segment(id)
        ))
    }
}
