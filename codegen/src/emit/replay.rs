//! The replay data (feature `replay`) and the replay tests: every documented
//! request/response pair of a version, served by the hand-written replay
//! server and driven through the generated client, endpoint by endpoint.

use super::client::{Decode, decode_of};
use super::endpoints::Endpoint;
use super::rust_types::TypeSpace;
use crate::check::{self, Verdict};
use crate::ir::{ApiVersion, Example, ExampleRole, Exchange, Model, RequestBody, TypeRef};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeSet;

fn json_text(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

fn opt_str(text: Option<String>) -> TokenStream {
    match text {
        Some(t) => {
            let lit = super::tests::raw_string(&t);
            quote! { ::std::option::Option::Some(#lit) }
        }
        None => quote! { ::std::option::Option::None },
    }
}

/// `src/<version>/replay.rs`: the exchanges as static data.
pub fn data(version: ApiVersion, exchanges: &[Exchange]) -> TokenStream {
    let v = version.as_str();
    let items = exchanges.iter().map(|x| {
        let (operation, method, path, source) = (
            &x.operation,
            x.method.as_str(),
            &x.path,
            x.source.to_string(),
        );
        let request_path = &x.request_path;
        let request_body = opt_str(x.request_body.as_ref().map(json_text));
        let response_body = opt_str(x.response_body.as_ref().map(json_text));
        let status = x.status;
        let headers = x
            .response_headers
            .iter()
            .map(|(n, val)| quote! { (#n, #val), });
        quote! {
            crate::runtime::replay::Exchange {
                operation: #operation,
                method: #method,
                version: #v,
                path: #path,
                request_path: #request_path,
                request_body: #request_body,
                status: #status,
                response_headers: &[#(#headers)*],
                response_body: #response_body,
                source: #source,
            },
        }
    });
    let doc = format!(" Every documented request/response pair of `{v}`, for the replay server.");
    quote! {
        #[doc = #doc]
        pub static EXCHANGES: &[crate::runtime::replay::Exchange] = &[#(#items)*];
    }
}

/// What the test expects of one exchange.
enum Expect {
    /// The decoded value serializes back to the documented body.
    Decoded,
    /// Accepted: the documented `Location`, and the body when documented.
    Accepted(Option<String>),
    /// Nothing to decode.
    Done,
    /// The documented answer cannot be decoded into the documented type: the client must say so.
    DecodeError(String),
    /// The example answers an error status: the client must return it as a Graph error.
    GraphError(u16),
}

/// `tests/replay_<version>.rs`.
pub fn tests(space: &TypeSpace<'_>, version: ApiVersion, plan: &[Endpoint<'_>]) -> TokenStream {
    let module = format_ident!("{}", version.module_name());
    let feature = version.module_name();
    let mut fns = Vec::new();
    let mut calls = Vec::new();
    let mut endpoints_with_examples: BTreeSet<String> = BTreeSet::new();
    for (index, x) in space.version.exchanges.iter().enumerate() {
        let Some(endpoint) = plan
            .iter()
            .find(|e| e.op.id == x.operation && e.path.template == x.path)
        else {
            continue;
        };
        let Some(test) = exchange_test(space, version, endpoint, x, index) else {
            continue;
        };
        endpoints_with_examples.insert(endpoint.name.clone());
        let fn_name = format_ident!("exchange_{index}");
        let label = format!("{} ({})", endpoint.name, x.source);
        let name = &endpoint.name;
        fns.push(test);
        calls.push(quote! { results.push((#name, #label, #fn_name(&client).await)); });
    }
    let total = endpoints_with_examples.len();
    let results_file = format!("replay-{}.json", version.module_name());
    let header = format!(
        "Replay tests for `{}`: every endpoint with a documented example is called through the client against the replay server.",
        version.as_str()
    );
    let head = super::test_file_header(
        &header,
        quote! { all(feature = #feature, feature = "client", feature = "replay") },
    );
    quote! {
        #head
        #![allow(unused_imports, deprecated, clippy::too_many_lines)]
        use msgraph_comms::#module::{models, replay};
        use msgraph_comms::runtime::client::{Client, Error, RetryPolicy, StaticToken};
        use msgraph_comms::runtime::replay::ReplayServer;
        use msgraph_comms::runtime::testing::json_diff;

        fn same(documented: &str, decoded: &impl ::serde::Serialize) -> ::std::result::Result<(), ::std::string::String> {
            let documented: ::serde_json::Value = ::serde_json::from_str(documented).map_err(|e| e.to_string())?;
            let decoded = ::serde_json::to_value(decoded).map_err(|e| e.to_string())?;
            let diff = json_diff(&documented, &decoded);
            if diff.is_empty() { Ok(()) } else { Err(diff.join("; ")) }
        }

        #(#fns)*

        #[tokio::test]
        async fn every_endpoint_with_an_example_answers_over_http() {
            let server = ReplayServer::start(replay::EXCHANGES).await.expect("replay server starts");
            let client = Client::builder(StaticToken::new("replay-token"))
                .base_url(server.base_url())
                .retry(RetryPolicy::none())
                .build();
            let mut results: ::std::vec::Vec<(&str, &str, ::std::result::Result<(), ::std::string::String>)> = ::std::vec::Vec::new();
            #(#calls)*
            let answered = server.exercised();
            server.shutdown().await;
            let failures: ::std::vec::Vec<::std::string::String> = results
                .iter()
                .filter_map(|(_, label, r)| r.as_ref().err().map(|e| format!("{label}: {e}")))
                .collect();
            let failed: ::std::collections::BTreeSet<&str> = results.iter().filter(|(_, _, r)| r.is_err()).map(|(n, _, _)| *n).collect();
            let exercised: ::std::collections::BTreeSet<&str> = results
                .iter()
                .map(|(n, _, _)| *n)
                .filter(|n| !failed.contains(n))
                .collect();
            // What the run proved, for `cargo xtask report --json`.
            let record = ::serde_json::json!({
                "endpoints_with_examples": #total,
                "exercised": exercised,
                "operations_answered": answered,
            });
            let path = ::std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(#results_file);
            ::std::fs::write(&path, record.to_string()).expect("results written");
            assert!(failures.is_empty(), "{} exchange(s) failed:\n{}", failures.len(), failures.join("\n"));
            assert_eq!(exercised.len(), #total, "every endpoint with an example is exercised");
        }
    }
}

fn exchange_test(
    space: &TypeSpace<'_>,
    version: ApiVersion,
    endpoint: &Endpoint<'_>,
    x: &Exchange,
    index: usize,
) -> Option<TokenStream> {
    let op = endpoint.op;
    let accessor = format_ident!("{}", version.module_name());
    let method = format_ident!("{}", endpoint.name);
    // Path arguments: the documented request's segments where the template has placeholders.
    let template: Vec<&str> = x.path.split('/').filter(|s| !s.is_empty()).collect();
    let actual: Vec<&str> = x
        .request_path
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    let args: Vec<&str> = template
        .iter()
        .zip(&actual)
        .filter(|(t, _)| t.starts_with('{'))
        .map(|(_, a)| *a)
        .collect();
    let (body_decl, body_arg) = match &op.request_body {
        None => (quote! {}, quote! {}),
        Some(body) => {
            if let RequestBody::Resource { r#type, .. } = body {
                space.def(&r#type.name)?;
            }
            let ty = super::models::request_body_type(space, op)?;
            let ty = quote! { models::#ty };
            let json = x
                .request_body
                .as_ref()
                .map(json_text)
                .unwrap_or_else(|| "{}".to_string());
            // A request body the model cannot hold is a page defect the round-trip report covers.
            let model = match body {
                RequestBody::Parameters { .. } => Model::RequestBody {
                    operation: op.id.clone(),
                },
                RequestBody::Resource { r#type, .. } => Model::Type {
                    r#type: r#type.clone(),
                },
            };
            if x.request_body.is_some()
                && !round_trips(space, model, ExampleRole::Request, x.request_body.clone())
            {
                return None;
            }
            let lit = super::tests::raw_string(&json);
            (
                quote! { let body: #ty = ::serde_json::from_str(#lit).map_err(|e| format!("documented request body: {e}"))?; },
                quote! { &body },
            )
        }
    };
    let expect = expectation(space, op, x);
    let call = quote! { client.#accessor().#method(#(#args,)* #body_arg).await };
    let check = match expect {
        Expect::Decoded => {
            let body = x.response_body.as_ref().map(json_text)?;
            let lit = super::tests::raw_string(&body);
            // A single-page list, documented once, also streams its items.
            let single_exchange = space
                .version
                .exchanges
                .iter()
                .filter(|o| o.operation == x.operation && o.path == x.path)
                .count()
                == 1;
            let documented_items = x
                .response_body
                .as_ref()
                .filter(|b| b.get("@odata.nextLink").is_none())
                .and_then(|b| b.get("value"))
                .and_then(|v| v.as_array())
                .map(Vec::len);
            let stream_check = match (decode_of(op), documented_items) {
                (Decode::Page(_), Some(count)) if single_exchange => {
                    let items = format_ident!("{}_items", endpoint.name);
                    quote! {
                        let streamed: ::std::vec::Vec<_> = ::futures_util::TryStreamExt::try_collect(
                            client.#accessor().#items(#(#args,)* #body_arg).map_err(|e| e.to_string())?,
                        )
                        .await
                        .map_err(|e: Error| e.to_string())?;
                        if streamed.len() != #count {
                            return Err(format!("streamed {} items, the docs show {}", streamed.len(), #count));
                        }
                    }
                }
                _ => quote! {},
            };
            quote! { let value = #call.map_err(|e| e.to_string())?; #stream_check same(#lit, &value) }
        }
        Expect::Accepted(location) => {
            let location_check = location.map(|l| quote! {
                if accepted.location.as_deref() != ::std::option::Option::Some(#l) {
                    return Err(format!("Location {:?} is not the documented {:?}", accepted.location, #l));
                }
            });
            let body_check = match (&x.response_body, decode_of(op)) {
                (Some(body), Decode::Accepted(_)) => {
                    let lit = super::tests::raw_string(&json_text(body));
                    quote! {
                        match &accepted.body {
                            ::std::option::Option::Some(decoded) => same(#lit, decoded)?,
                            ::std::option::Option::None => return Err("the documented body was not decoded".into()),
                        }
                    }
                }
                _ => quote! {},
            };
            if location_check.is_none() && body_check.is_empty() {
                quote! { #call.map(|_| ()).map_err(|e| e.to_string()) }
            } else {
                quote! { let accepted = #call.map_err(|e| e.to_string())?; #location_check #body_check Ok(()) }
            }
        }
        Expect::Done => quote! { #call.map(|_| ()).map_err(|e| e.to_string()) },
        Expect::DecodeError(why) => quote! {
            match #call {
                Err(Error::Decode { .. }) => Ok(()),
                other => Err(format!("expected a decode error ({}), got {:?}", #why, other.map(|_| ()))),
            }
        },
        Expect::GraphError(status) => quote! {
            match #call {
                Err(Error::Graph(e)) if e.status.as_u16() == #status => Ok(()),
                other => Err(format!("expected Graph error {}, got {:?}", #status, other.map(|_| ()))),
            }
        },
    };
    let fn_name = format_ident!("exchange_{index}");
    let doc = format!(
        " `{} {}` documented at `{}`.",
        x.method.as_str(),
        x.request_path,
        x.source
    );
    Some(quote! {
        #[doc = #doc]
        async fn #fn_name(client: &Client) -> ::std::result::Result<(), ::std::string::String> {
            #body_decl
            #check
        }
    })
}

fn round_trips(
    space: &TypeSpace<'_>,
    model: Model,
    role: ExampleRole,
    json: Option<serde_json::Value>,
) -> bool {
    let example = Example {
        source: crate::diag::Source::new("", 0),
        role,
        name: None,
        http: None,
        operation: None,
        model: Some(model),
        unmodelled: None,
        truncated: false,
        json,
        defects: Vec::new(),
    };
    check::example(space.version, &example).verdict == Verdict::RoundTrips
}

fn expectation(space: &TypeSpace<'_>, op: &crate::ir::Operation, x: &Exchange) -> Expect {
    if x.status >= 400 {
        return Expect::GraphError(x.status);
    }
    let decode = decode_of(op);
    let model_of = |t: &TypeRef| Model::Type { r#type: t.clone() };
    match decode {
        Decode::Json(t) | Decode::Page(t) => match &x.response_body {
            None => Expect::DecodeError("the example shows no body".into()),
            Some(_) if space.def(&t.name).is_none() && t.as_primitive().is_none() => {
                Expect::Decoded
            }
            Some(body)
                if round_trips(
                    space,
                    model_of(t),
                    ExampleRole::Response,
                    Some(body.clone()),
                ) =>
            {
                Expect::Decoded
            }
            Some(_) => {
                Expect::DecodeError("the documented body does not fit the documented type".into())
            }
        },
        Decode::Accepted(t) => {
            let location = x
                .response_headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case("Location"))
                .map(|(_, v)| v.clone());
            match (t, &x.response_body) {
                (Some(t), Some(body))
                    if !round_trips(
                        space,
                        model_of(t),
                        ExampleRole::Response,
                        Some(body.clone()),
                    ) =>
                {
                    Expect::DecodeError(
                        "the documented body does not fit the documented type".into(),
                    )
                }
                _ => Expect::Accepted(location),
            }
        }
        Decode::Empty | Decode::Raw => Expect::Done,
    }
}
