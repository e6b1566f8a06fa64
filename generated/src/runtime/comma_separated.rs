//! Hand-written support code (not generated, edit freely): members whose value is a
//! comma-separated list of an enum's members, `"created,updated"` (`subscription.changeType`).

use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A comma-separated list of `E`'s members as Graph writes it: `"created,updated"`. The text
/// is kept as sent, so a value round-trips byte for byte; [`CommaSeparated::members`] reads it.
///
/// ```
/// use msgraph_comms::runtime::CommaSeparated;
/// # #[derive(Debug, PartialEq)] enum Change { Created, Updated, Other(String) }
/// # impl std::str::FromStr for Change { type Err = std::convert::Infallible;
/// #     fn from_str(s: &str) -> Result<Self, Self::Err> { Ok(match s { "created" => Change::Created, "updated" => Change::Updated, o => Change::Other(o.into()) }) } }
/// # impl std::fmt::Display for Change { fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
/// #     f.write_str(match self { Change::Created => "created", Change::Updated => "updated", Change::Other(o) => o }) } }
/// let list: CommaSeparated<Change> = [Change::Created, Change::Updated].into_iter().collect();
/// assert_eq!(list.as_str(), "created,updated");
/// assert_eq!(CommaSeparated::<Change>::new("created, updated").members(), [Change::Created, Change::Updated]);
/// ```
pub struct CommaSeparated<E> {
    text: String,
    members: PhantomData<fn() -> E>,
}

impl<E> CommaSeparated<E> {
    /// The list as written.
    pub fn new(text: impl Into<String>) -> Self {
        CommaSeparated {
            text: text.into(),
            members: PhantomData,
        }
    }

    /// The text as sent or built.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl<E: FromStr> CommaSeparated<E> {
    /// The members, in order; spaces around the commas and empty items are skipped. A value
    /// the docs do not list stays in `E` as it does for a single member.
    pub fn members(&self) -> Vec<E> {
        self.text
            .split(',')
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .filter_map(|m| m.parse().ok())
            .collect()
    }
}

impl<E: fmt::Display> FromIterator<E> for CommaSeparated<E> {
    fn from_iter<I: IntoIterator<Item = E>>(members: I) -> Self {
        let mut text = String::new();
        for member in members {
            if !text.is_empty() {
                text.push(',');
            }
            text.push_str(&member.to_string());
        }
        CommaSeparated::new(text)
    }
}

impl<E> From<&str> for CommaSeparated<E> {
    fn from(text: &str) -> Self {
        CommaSeparated::new(text)
    }
}

impl<E> Clone for CommaSeparated<E> {
    fn clone(&self) -> Self {
        CommaSeparated::new(self.text.clone())
    }
}

impl<E> PartialEq for CommaSeparated<E> {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl<E> Eq for CommaSeparated<E> {}

impl<E> fmt::Debug for CommaSeparated<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.text, f)
    }
}

impl<E> fmt::Display for CommaSeparated<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl<E> Serialize for CommaSeparated<E> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de, E> Deserialize<'de> for CommaSeparated<E> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(CommaSeparated::new)
    }
}

impl<E: 'static> super::model::Field for CommaSeparated<E> {}
