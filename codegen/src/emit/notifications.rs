//! Notification tests: every `commsNotifications` example of a version is
//! decoded into `runtime::notifications::Notifications<AnyGraphObject>`; each
//! `resourceData` object must come out as the generated type its
//! `@odata.type` names (raw JSON only for types the crate does not have), and
//! the payload must round-trip.

use super::docs::doc_attrs;
use super::rust_types::TypeSpace;
use crate::check::{self, Verdict};
use crate::ir::{ApiVersion, Example, ExampleRole, Model, TypeKind};
use crate::naming::{Case, sanitize};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

const NOTIFICATIONS: &str = "microsoft.graph.commsNotifications";

/// The Graph types the `resourceData` objects should decode into, in order.
fn expected_types(space: &TypeSpace<'_>, payload: &Value) -> Vec<Option<String>> {
    let mut out = Vec::new();
    for notification in payload
        .get("value")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let objects: Vec<&Value> = match notification.get("resourceData") {
            Some(Value::Array(items)) => items.iter().collect(),
            Some(object @ Value::Object(_)) => vec![object],
            _ => Vec::new(),
        };
        for object in objects {
            let tag = object
                .get("@odata.type")
                .and_then(Value::as_str)
                .map(|t| t.trim_start_matches('#').to_string());
            // An object that does not fit its type is kept raw, as `AnyGraphObject` does.
            out.push(tag.filter(|t| {
                space.def(t).is_some_and(|d| d.kind != TypeKind::Enum) && decodes(space, t, object)
            }));
        }
    }
    out
}

/// Whether `object` deserializes into the type `name` (lossy or not).
fn decodes(space: &TypeSpace<'_>, name: &str, object: &Value) -> bool {
    let example = Example {
        source: crate::diag::Source::new("", 0),
        role: ExampleRole::Example,
        name: None,
        http: None,
        operation: None,
        model: Some(Model::Type {
            r#type: crate::ir::TypeRef::named(name),
        }),
        unmodelled: None,
        truncated: false,
        json: Some(object.clone()),
        defects: Vec::new(),
    };
    !matches!(
        check::example(space.version, &example).verdict,
        Verdict::Fails {
            needle: "deserializing into",
            ..
        }
    )
}

pub fn tests(space: &TypeSpace<'_>, version: ApiVersion) -> TokenStream {
    let module = format_ident!("{}", version.module_name());
    let feature = version.module_name();
    let mut tests = std::collections::BTreeMap::new();
    for example in &space.version.examples {
        let is_notification = matches!(&example.model, Some(Model::Type { r#type }) if r#type.name == NOTIFICATIONS && !r#type.collection);
        let Some(json) = example.json.as_ref().filter(|_| is_notification) else {
            continue;
        };
        let expected = expected_types(space, json).into_iter().map(|t| match t {
            Some(t) => quote! { ::std::option::Option::Some(#t), },
            None => quote! { ::std::option::Option::None, },
        });
        let text = serde_json::to_string_pretty(json).unwrap_or_default();
        let lit = super::tests::raw_string(&text);
        let stem = example.source.page.rsplit('/').next().unwrap_or_default();
        let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
        let mut name = format!(
            "notification_{}_line_{}",
            sanitize(stem, Case::Snake).trim_start_matches('_'),
            example.source.line
        );
        while tests.contains_key(&name) {
            name.push_str("_b");
        }
        let ident = format_ident!("{name}");
        let doc = doc_attrs(&[format!("`{}`", example.source)]);
        // Payloads the report says do not round-trip are checked for their types only.
        let lossless = check::example(space.version, example).verdict == Verdict::RoundTrips;
        tests.insert(
            name,
            quote! { #doc #[test] fn #ident() { check(#lit, &[#(#expected)*], #lossless); } },
        );
    }
    let header = format!(
        "Change-notification tests for `{}`: every notification example decodes into typed objects.",
        version.as_str()
    );
    let tests = tests.values();
    let body = if tests.len() == 0 {
        quote! {}
    } else {
        quote! {
            use msgraph_comms::#module::models::AnyGraphObject;
            use msgraph_comms::runtime::notifications::Notifications;
            use msgraph_comms::runtime::testing::json_diff;

            /// Decodes, checks each `resourceData` object's type, and round-trips.
            #[track_caller]
            fn check(json: &str, expected: &[::std::option::Option<&str>], lossless: bool) {
                let payload: Notifications<AnyGraphObject> = ::serde_json::from_str(json).expect("decodes");
                let types: ::std::vec::Vec<::std::option::Option<&str>> = payload
                    .value
                    .iter()
                    .filter_map(|n| n.resource_data.as_ref())
                    .flat_map(|data| data.iter())
                    .map(AnyGraphObject::type_name)
                    .collect();
                assert_eq!(types, expected, "resourceData objects decode into their types");
                if !lossless {
                    return;
                }
                let before: ::serde_json::Value = ::serde_json::from_str(json).expect("JSON");
                let after = ::serde_json::to_value(&payload).expect("serializes");
                let diff = json_diff(&before, &after);
                assert!(diff.is_empty(), "round-trip changed the payload: {diff:?}");
            }

            #(#tests)*
        }
    };
    let head = super::test_file_header(&header, quote! { feature = #feature });
    quote! {
        #head
        #body
    }
}
