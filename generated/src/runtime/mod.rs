//! Hand-written runtime support for the generated SDK (not generated, edit freely): serde helpers,
//! lossless OData primitives and request building that the generated models and endpoints call.

pub mod collection;
pub mod nullable;
pub mod odata;
pub mod primitives;
pub mod request;
#[doc(hidden)]
pub mod testing;

pub use collection::Collection;
pub use primitives::{Date, DateTimeOffset, Duration, TimeOfDay};
pub use request::{BaseUrl, RequestError};
