//! `tests/examples_<version>.rs`: the examples of `data/<version>.json` as
//! data. One dispatch table maps each model key to its Rust type; the
//! hand-written harness (`runtime::testing::examples`) deserializes every
//! example into its model, serializes it back and compares, asserts that
//! the examples the report says cannot round-trip fail for the stated
//! reason, and decodes every change notification into typed objects.

use super::examples::Data;
use super::rust_types::{TypeSpace, cfg_attr};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub fn emit(space: &TypeSpace<'_>, data: &Data) -> TokenStream {
    let outside = space.seen_from_tests();
    let version = space.api;
    let arms = data.models.iter().filter_map(|key| {
        let (ty, cfg) = model_type(&outside, key)?;
        Some(quote! { #cfg #key => roundtrip::<#ty>(json), })
    });
    let feature = version.module_name();
    let module = format_ident!("{}", version.module_name());
    let data_path = format!("../data/{}.json", version.module_name());
    let header = format!(
        "The JSON examples of `{}` as data: each round-trips through its model, or fails as the report predicts.",
        version.as_str()
    );
    let head = super::test_file_header(&header, quote! { feature = #feature });
    quote! {
        #head
        #[allow(unused_imports)]
        use msgraph_comms::runtime::testing::{examples, roundtrip};

        const DATA: &str = include_str!(#data_path);

        /// The model of each key, among those the enabled features compile.
        #[allow(unreachable_code, unused_variables)] // With no model's feature on, every key is `None`.
        fn dispatch(model: &str, json: &str) -> ::std::option::Option<::std::result::Result<(), ::std::string::String>> {
            ::std::option::Option::Some(match model {
                #(#arms)*
                _ => return ::std::option::Option::None,
            })
        }

        #[test]
        fn every_example_round_trips_or_fails_as_reported() {
            examples::check_roundtrips(DATA, dispatch);
        }

        #[test]
        fn every_notification_decodes_into_typed_objects() {
            use msgraph_comms::#module::models::AnyGraphObject;
            examples::check_notifications(DATA, AnyGraphObject::type_name);
        }
    }
}

/// The Rust type of a model key, as seen from the tests crate, and the
/// `#[cfg]` that compiles it.
pub fn model_type(space: &TypeSpace<'_>, key: &str) -> Option<(TokenStream, TokenStream)> {
    if let Some(operation) = key.strip_prefix("request:") {
        let op = space.version.operations.get(operation)?;
        let models = space.models_path();
        let ident = format_ident!("{}", super::models::request_body_name(operation));
        return Some((quote! { #models::#ident }, cfg_attr(op.area.as_deref())));
    }
    let (name, collection) = match key.strip_suffix("[]") {
        Some(name) => (name, true),
        None => (key, false),
    };
    // A primitive answer: `{"value": …}` through `PrimitiveAnswer`, a collection through `Collection`.
    let named = crate::ir::TypeRef::named(name.to_string());
    if let Some(primitive) = named.as_primitive() {
        let item = space.rust_type(&named, false);
        let ty = match (collection, primitive) {
            (true, _) => quote! { msgraph_comms::runtime::Collection<#item> },
            // Untyped JSON is any JSON, wrapped or not.
            (false, crate::ir::Primitive::Untyped) => item,
            (false, _) => quote! { msgraph_comms::runtime::PrimitiveAnswer<#item> },
        };
        return Some((ty, TokenStream::new()));
    }
    let def = space.def(name)?;
    let path = space.type_path(name);
    let ty = match (collection, def.kind) {
        (true, _) => quote! { msgraph_comms::runtime::Collection<#path> },
        // An enum answers as a primitive does: `{"value": "pending"}`.
        (false, crate::ir::TypeKind::Enum) => {
            quote! { msgraph_comms::runtime::PrimitiveAnswer<#path> }
        }
        (false, _) => path,
    };
    Some((ty, space.type_cfg(&def.name)))
}
