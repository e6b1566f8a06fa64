//! The replay data (feature `replay`) and the replay tests. The exchanges
//! live in `data/<version>.json` with the examples; the version's `replay`
//! module loads them for the hand-written replay server, and
//! `tests/replay_<version>.rs` drives every exchange through the client,
//! dispatching on the endpoint's name (`runtime::testing::exchanges`).

use super::client::{Decode, decode_of};
use super::endpoints::{Endpoint, features};
use super::examples::Data;
use super::rust_types::{TypeSpace, cfg_attr};
use crate::ir::ApiVersion;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// `src/<version>/replay.rs`: the exchanges, loaded once from the data file.
pub fn data(version: ApiVersion) -> TokenStream {
    let v = version.as_str();
    let data_path = format!("../../data/{}.json", version.module_name());
    let doc = format!(" Every documented request/response pair of `{v}`, for the replay server.");
    quote! {
        #[doc = #doc]
        pub fn exchanges() -> &'static [crate::runtime::replay::Exchange] {
            static EXCHANGES: ::std::sync::OnceLock<::std::vec::Vec<crate::runtime::replay::Exchange>> =
                ::std::sync::OnceLock::new();
            EXCHANGES.get_or_init(|| crate::runtime::replay::load(include_str!(#data_path)))
        }
    }
}

/// `tests/replay_<version>.rs`.
pub fn tests(space: &TypeSpace<'_>, plan: &[Endpoint<'_>], data: &Data) -> TokenStream {
    let version = space.api;
    let outside = space.seen_from_tests();
    let module = format_ident!("{}", version.module_name());
    let feature = version.module_name();
    // A function's arguments are typed values the documented URL writes as text;
    // those exchanges are not replayed (the report counts them as not exercised).
    let arms = plan
        .iter()
        .filter(|e| e.function_args(space).is_empty())
        .filter_map(|e| {
            let streams = *data.endpoints.get(&e.name)?;
            Some(arm(&outside, e, streams))
        });
    let data_path = format!("../data/{}.json", version.module_name());
    let results_file = format!("replay-{}.json", version.module_name());
    let header = format!(
        "Replay tests for `{}`: every documented exchange is sent through the client to the replay server.",
        version.as_str()
    );
    let head = super::test_file_header(
        &header,
        quote! { all(feature = #feature, feature = "client", feature = "replay") },
    );
    quote! {
        #head
        #![allow(deprecated)]
        use msgraph_comms::runtime::client::Client;
        use msgraph_comms::runtime::testing::exchanges::{self, Call, Reply};

        const DATA: &str = include_str!(#data_path);

        /// Sends one exchange through the client method of its endpoint.
        fn dispatch<'a>(client: &'a Client, call: &'a Call) -> ::std::option::Option<exchanges::Pending<'a>> {
            let api = client.#module();
            let args = &call.args;
            ::std::option::Option::Some(match call.endpoint.as_str() {
                #(#arms)*
                _ => return ::std::option::Option::None,
            })
        }

        #[tokio::test]
        async fn every_documented_exchange_answers_over_http() {
            let record = ::std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(#results_file);
            exchanges::check_all(DATA, msgraph_comms::#module::replay::exchanges(), dispatch, &record).await;
        }
    }
}

/// One endpoint's arm: its arguments from the documented request's path, its
/// body parsed into its type, its answer turned into a [`Reply`].
fn arm(space: &TypeSpace<'_>, e: &Endpoint<'_>, streams: bool) -> TokenStream {
    let op = e.op;
    let name = &e.name;
    let method = format_ident!("{}", e.name);
    let args = (0..e.path.params.len()).map(|i| quote! { exchanges::arg(args, #i), });
    let args: Vec<TokenStream> = args.collect();
    let (body_decl, body_arg) = match super::models::request_body_type(space, op) {
        Some(ty) if op.request_body.is_some() => (
            quote! { let body: #ty = match call.body() { Ok(b) => b, Err(e) => return Reply::Invalid(e) }; },
            quote! { &body },
        ),
        _ => (quote! {}, quote! {}),
    };
    let mut features = features(space, op);
    features.extend(op.area.as_deref());
    let cfg = cfg_attr(features);
    let call = quote! { api.#method(#(#args)* #body_arg).await };
    let reply = match decode_of(space, op) {
        Decode::Json(_) | Decode::Page(_) | Decode::Value(_) => quote! { Reply::value(#call) },
        Decode::Accepted(_) => quote! { Reply::accepted(#call) },
        Decode::Empty | Decode::Raw => quote! { Reply::done(#call) },
    };
    let items = if streams {
        quote! {
            if call.items.is_some() {
                return reply.with_items(exchanges::count(api.#method(#(#args)* #body_arg).items()).await);
            }
        }
    } else {
        quote! {}
    };
    let body = if streams {
        quote! { let reply = #reply; #items reply }
    } else {
        reply
    };
    quote! {
        #cfg
        #name => ::std::boxed::Box::pin(async move {
            #body_decl
            #body
        }),
    }
}
