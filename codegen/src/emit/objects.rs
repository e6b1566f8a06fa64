//! `AnyGraphObject`: any structured type of a version, chosen by its
//! `@odata.type`, or the raw JSON when the tag names no type this crate has.
//! Change notifications carry such objects in `resourceData`.

use super::docs::doc_attrs;
use super::rust_types::TypeSpace;
use crate::ir::TypeKind;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub fn emit(space: &TypeSpace<'_>) -> TokenStream {
    let variants: Vec<(proc_macro2::Ident, &str)> = space
        .version
        .types
        .values()
        .filter(|t| t.kind != TypeKind::Enum)
        .map(|t| {
            (
                format_ident!("{}", TypeSpace::struct_name(&t.name)),
                t.name.as_str(),
            )
        })
        .collect();
    let doc = doc_attrs(&[
        "Any structured Graph type of this version, chosen by `@odata.type`.",
        "",
        "Objects without a tag, with a tag this crate does not know, or that do not fit the",
        "type their tag names (a page defect Graph may share), stay raw JSON in",
        "[`AnyGraphObject::Unknown`], so one odd object never fails a whole notification.",
        "",
        "It reads from JSON text or a `serde_json::Value` (it keeps the object's text while it",
        "decides), not from serde's buffered content: a struct holding it must not use",
        "`#[serde(flatten)]` or `#[serde(untagged)]` around it.",
    ]);
    let decls = variants.iter().map(|(v, name)| {
        let d = format!(" `{name}`");
        quote! { #[doc = #d] #v(::std::boxed::Box<#v>), }
    });
    let de_arms = variants.iter().map(|(v, name)| {
        quote! {
            ::std::option::Option::Some(#name) => crate::runtime::model::boxed_from_str(json).ok().map(Self::#v),
        }
    });
    let ser_arms = variants.iter().map(|(v, name)| {
        quote! { Self::#v(inner) => crate::runtime::odata::serialize_tagged(inner.as_ref(), #name, serializer), }
    });
    let names = variants
        .iter()
        .map(|(v, name)| quote! { Self::#v(_) => ::std::option::Option::Some(#name), });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub enum AnyGraphObject {
            #(#decls)*
            /// An object whose `@odata.type` is absent, names no type of this crate, or does not fit that type.
            Unknown(::serde_json::Value),
        }
        impl AnyGraphObject {
            /// The qualified Graph name of the variant (`microsoft.graph.call`); `None` for raw JSON.
            pub fn type_name(&self) -> ::std::option::Option<&'static str> {
                match self {
                    #(#names)*
                    Self::Unknown(_) => ::std::option::Option::None,
                }
            }
        }
        impl<'de> ::serde::Deserialize<'de> for AnyGraphObject {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                // Kept as text first: an object that does not fit its type falls back to raw JSON.
                let raw = <::std::boxed::Box<::serde_json::value::RawValue> as ::serde::Deserialize>::deserialize(deserializer)?;
                let json = raw.get();
                let typed = match crate::runtime::odata::peek_type(json).as_deref() {
                    #(#de_arms)*
                    _ => ::std::option::Option::None,
                };
                match typed {
                    ::std::option::Option::Some(object) => ::std::result::Result::Ok(object),
                    ::std::option::Option::None => ::serde_json::from_str(json).map(Self::Unknown).map_err(::serde::de::Error::custom),
                }
            }
        }
        impl ::serde::Serialize for AnyGraphObject {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    #(#ser_arms)*
                    Self::Unknown(value) => ::serde::Serialize::serialize(value, serializer),
                }
            }
        }
    }
}
