//! Page bytes → page documents: decoding, front matter, annotations, and the
//! markdown and plain-text front-ends.

mod annotation;
pub mod doc;
mod front_matter;
pub mod lenient_json;
mod markdown;
pub mod plaintext;
mod read;

pub use read::read_page;
