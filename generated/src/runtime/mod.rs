//! Hand-written runtime support for the generated SDK (not generated, edit freely): serde helpers,
//! lossless OData primitives and request building that the generated models and endpoints call.

#[cfg(feature = "client")]
pub mod client;
pub mod collection;
mod comma_separated;
pub mod model;
pub mod notifications;
pub mod nullable;
pub mod odata;
pub mod primitives;
#[cfg(any(feature = "client", feature = "replay"))]
mod random;
mod reference;
#[cfg(feature = "replay")]
pub mod replay;
pub mod request;
#[doc(hidden)]
pub mod testing;
#[cfg(feature = "webhook")]
pub mod webhook;

pub use collection::{Collection, PrimitiveAnswer};
pub use comma_separated::CommaSeparated;
pub use nullable::Nullable;
pub use primitives::{Binary, Date, DateTimeOffset, Duration, Guid, TimeOfDay};
pub use reference::Reference;
pub use request::{BaseUrl, RequestError};
