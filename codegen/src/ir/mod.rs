//! The spec IR: what the pages say, in a form that is checked in, reviewable and
//! the only input to code generation. See `specs/README.md` for the schema.

mod spec;
pub mod store;
mod typeref;

pub use spec::*;
pub use typeref::{Primitive, TypeRef, annotation_parts, short_name as typeref_short_name};
