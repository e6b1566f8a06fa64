//! `AnyGraphObject`: any structured type of a version, chosen by its
//! `@odata.type`, or the raw JSON when the tag names no type this crate has.
//! Change notifications carry such objects in `resourceData`.

use super::docs::doc_attrs;
use super::rust_types::TypeSpace;
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
                space.type_cfg(&t.name),
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
    let tag_arms = variants.iter().map(|(v, name, _, cfg)| {
        quote! { #cfg #name => Self::#v(::std::default::Default::default()), }
    });
    let model_arms = variants.iter().map(|(v, name, _, cfg)| {
        quote! { #cfg Self::#v(inner) => ::std::option::Option::Some((&**inner, #name)), }
    });
    let names = variants.iter().map(
        |(v, name, _, cfg)| quote! { #cfg Self::#v(_) => ::std::option::Option::Some(#name), },
    );
    let model_mut_arms = variants.iter().map(|(v, _, _, cfg)| {
        quote! { #cfg Self::#v(inner) => ::std::option::Option::Some(&mut **inner), }
    });
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
        impl ::serde::Serialize for AnyGraphObject {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                crate::runtime::odata::serialize_any_object(self, serializer)
            }
        }
        impl crate::runtime::odata::AnyObject for AnyGraphObject {
            // With no area's feature on, no tag names a compiled type.
            #[allow(unreachable_code)]
            fn with_tag(tag: &str) -> ::std::option::Option<Self> {
                ::std::option::Option::Some(match tag {
                    #(#tag_arms)*
                    _ => return ::std::option::Option::None,
                })
            }
            fn untyped(object: ::serde_json::Value) -> Self {
                Self::Unknown(object)
            }
            fn model(&self) -> ::std::option::Option<(&dyn crate::runtime::model::Model, &'static str)> {
                match self {
                    #(#model_arms)*
                    Self::Unknown(_) => ::std::option::Option::None,
                }
            }
            fn model_mut(&mut self) -> ::std::option::Option<&mut dyn crate::runtime::model::Model> {
                match self {
                    #(#model_mut_arms)*
                    Self::Unknown(_) => ::std::option::Option::None,
                }
            }
            // With no area's feature on, `Unknown` is the only variant.
            #[allow(unreachable_patterns)]
            fn raw(&self) -> ::std::option::Option<&::serde_json::Value> {
                match self {
                    Self::Unknown(value) => ::std::option::Option::Some(value),
                    _ => ::std::option::Option::None,
                }
            }
        }
        impl crate::runtime::notifications::Resource for AnyGraphObject {
            const FALLS_BACK: bool = true;
            fn from_json(object: ::serde_json::Value) -> ::std::result::Result<Self, ::serde_json::Error> {
                ::std::result::Result::Ok(crate::runtime::odata::decode_or_keep(object))
            }
        }
    }
}
