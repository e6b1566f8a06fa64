//! Round-trip tests: every JSON example with a model is parsed, deserialized
//! into that model, serialized back and compared as JSON. Examples the report
//! says cannot round-trip are asserted to fail for the stated reason.

use super::docs::doc_attrs;
use super::models::request_body_name;
use super::rust_types::TypeSpace;
use crate::check::{self, Verdict};
use crate::ir::{ApiVersion, Example, Model};
use crate::naming::{Case, sanitize};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use std::collections::BTreeMap;
use std::str::FromStr;

pub fn emit(space: &TypeSpace<'_>, version: ApiVersion) -> TokenStream {
    let module = format_ident!("{}", version.module_name());
    let mut tests: BTreeMap<String, TokenStream> = BTreeMap::new();
    let mut uses_ok = false;
    let mut uses_fail = false;
    for example in &space.version.examples {
        let Some(model) = model_type(space, example) else {
            continue;
        };
        let findings = check::example(space.version, example);
        let Some(json) = &example.json else { continue };
        let text = serde_json::to_string_pretty(json).unwrap_or_default();
        let literal = raw_string(&text);
        let assertion = match &findings.verdict {
            Verdict::RoundTrips => {
                uses_ok = true;
                quote! { assert_roundtrip::<#model>(#literal); }
            }
            Verdict::Fails { needle, .. } => {
                uses_fail = true;
                quote! { assert_roundtrip_fails::<#model>(#literal, #needle); }
            }
            Verdict::Unmodelled(_) => continue,
        };
        let mut name = test_name(example);
        while tests.contains_key(&name) {
            name.push_str("_b");
        }
        let ident = format_ident!("{name}");
        let mut doc = vec![format!(
            "`{}`: {}{}.",
            example.source,
            example
                .http
                .as_deref()
                .map(|h| format!("`{h}`"))
                .unwrap_or_else(|| format!("{:?} example", example.role).to_lowercase()),
            example
                .operation
                .as_deref()
                .map(|o| format!(" ({o})"))
                .unwrap_or_default(),
        )];
        if let Verdict::Fails { reason, .. } = &findings.verdict {
            doc.push(format!("Expected to fail: {reason}"));
        }
        let doc = doc_attrs(&doc);
        tests.insert(name, quote! { #doc #[test] fn #ident() { #assertion } });
    }
    let feature = version.module_name();
    let header = format!(
        "Round-trip tests for the JSON examples of `{}`: each is deserialized into its model and serialized back.",
        version.as_str()
    );
    let mut imports = Vec::new();
    if uses_ok {
        imports.push(quote! { assert_roundtrip });
    }
    if uses_fail {
        imports.push(quote! { assert_roundtrip_fails });
    }
    let uses = if tests.is_empty() {
        quote! {}
    } else {
        quote! {
            #[allow(unused_imports)]
            use msgraph_comms::#module::models;
            use msgraph_comms::runtime::testing::{#(#imports),*};
        }
    };
    let tests = tests.values();
    let head = super::test_file_header(&header, quote! { feature = #feature });
    quote! {
        #head
        #uses
        #(#tests)*
    }
}

/// The Rust type an example should deserialize into, as seen from the tests crate.
fn model_type(space: &TypeSpace<'_>, example: &Example) -> Option<TokenStream> {
    match example.model.as_ref()? {
        Model::RequestBody { operation } => {
            let ident = format_ident!("{}", request_body_name(operation));
            Some(quote! { models::#ident })
        }
        Model::Type { r#type } => {
            space.def(&r#type.name)?;
            let ident = format_ident!("{}", space.use_name(&r#type.name));
            Some(if r#type.collection {
                quote! { msgraph_comms::runtime::Collection<models::#ident> }
            } else {
                quote! { models::#ident }
            })
        }
    }
}

fn test_name(example: &Example) -> String {
    let stem = example
        .source
        .page
        .rsplit('/')
        .next()
        .unwrap_or(&example.source.page);
    let stem = stem.rsplit_once('.').map(|(s, _)| s).unwrap_or(stem);
    let name = format!(
        "{}_line_{}",
        sanitize(stem, Case::Snake),
        example.source.line
    );
    if name.starts_with('_') {
        format!("page{name}")
    } else {
        name
    }
}

/// A raw string literal with enough `#`s for the text.
pub(super) fn raw_string(text: &str) -> Literal {
    let mut hashes = 1;
    while text.contains(&format!("\"{}", "#".repeat(hashes))) {
        hashes += 1;
    }
    let fence = "#".repeat(hashes);
    Literal::from_str(&format!("r{fence}\"{text}\"{fence}"))
        .unwrap_or_else(|_| Literal::string(text))
}
