//! `AnyGraphObject`: any structured type of a version, chosen by its
//! `@odata.type`, or the raw JSON when the tag names no type this crate has.
//! Change notifications carry such objects in `resourceData`.

use super::docs::doc_attrs;
use super::rust_types::{TypeSpace, cfg_attr};
use crate::ir::TypeKind;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub fn emit(space: &TypeSpace<'_>) -> TokenStream {
    // Variant, wire name, path, and the feature its type needs.
    let variants: Vec<(proc_macro2::Ident, &str, TokenStream, TokenStream)> = space
        .version
        .types
        .values()
        .filter(|t| t.kind != TypeKind::Enum)
        .map(|t| {
            (
                format_ident!("{}", TypeSpace::variant_name(&t.name)),
                t.name.as_str(),
                space.struct_path(&t.name),
                cfg_attr(t.area.as_deref()),
            )
        })
        .collect();
    let doc = doc_attrs(&[
        "Any structured Graph type of this version, chosen by `@odata.type`.",
        "",
        "Objects without a tag, or with a tag this crate does not know, stay raw JSON in",
        "[`AnyGraphObject::Unknown`]. Decoding is strict otherwise: an object that does not fit the",
        "type its tag names is an error. In change notifications",
        "(`runtime::notifications::Notifications<AnyGraphObject>`) such an object (a page defect",
        "Graph may share) is kept as raw JSON instead, so one odd object never fails a whole",
        "notification.",
    ]);
    let decls = variants.iter().map(|(v, name, path, cfg)| {
        let d = format!(" `{name}`");
        quote! { #[doc = #d] #cfg #v(::std::boxed::Box<#path>), }
    });
    let de_arms = variants.iter().map(|(v, name, _, cfg)| {
        quote! {
            #cfg #name => Self::#v(crate::runtime::model::read_rest(tag, seen, map)?),
        }
    });
    let ser_arms = variants.iter().map(|(v, name, _, cfg)| {
        quote! { #cfg Self::#v(inner) => crate::runtime::odata::serialize_tagged(inner.as_ref(), #name, serializer), }
    });
    let names = variants.iter().map(
        |(v, name, _, cfg)| quote! { #cfg Self::#v(_) => ::std::option::Option::Some(#name), },
    );
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
                crate::runtime::odata::deserialize_any_object(deserializer)
            }
        }
        impl crate::runtime::odata::AnyObject for AnyGraphObject {
            fn read_tagged<'de, A: ::serde::de::MapAccess<'de>>(
                tag: &str,
                seen: &mut ::serde_json::Map<::std::string::String, ::serde_json::Value>,
                map: &mut A,
            ) -> ::std::result::Result<::std::option::Option<Self>, A::Error> {
                ::std::result::Result::Ok(::std::option::Option::Some(match crate::runtime::odata::qualified_name(tag) {
                    #(#de_arms)*
                    _ => return ::std::result::Result::Ok(::std::option::Option::None),
                }))
            }
            fn untyped(object: ::serde_json::Value) -> Self {
                Self::Unknown(object)
            }
        }
        impl crate::runtime::notifications::Resource for AnyGraphObject {
            const FALLS_BACK: bool = true;
            fn from_json(object: ::serde_json::Value) -> ::std::result::Result<Self, ::serde_json::Error> {
                ::std::result::Result::Ok(crate::runtime::odata::decode_or_keep(object))
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
