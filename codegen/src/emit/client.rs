//! Client methods (feature `client`): one async method per endpoint on a
//! version's `Api` view of the hand-written `runtime::client::Client`. Each
//! builds the request with the endpoint function, sends it, and decodes the
//! documented response type.

use super::docs::{described, doc_attrs};
use super::endpoints::Endpoint;
use super::rust_types::{TypeSpace, cfg_attr};
use crate::ir::{ApiVersion, HttpMethod, Operation, Primitive, TypeRef};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// How a method turns the answer into a value.
pub enum Decode<'a> {
    /// `send_json`: the documented type.
    Json(&'a TypeRef),
    /// `page`: one page of a collection.
    Page(&'a TypeRef),
    /// `call_value`: a primitive answer, `{"value": …}`, unwrapped.
    Value(&'a TypeRef),
    /// `send_accepted`: `202 Accepted`, its `Location` and the body if any.
    Accepted(Option<&'a TypeRef>),
    /// `send_empty`: no documented body.
    Empty,
    /// `send`: a redirect or a non-JSON body, returned raw.
    Raw,
}

/// How a method decodes its answer. An enum answers as a primitive does, `{"value": "pending"}`:
/// OData wraps every non-structured result.
pub fn decode_of<'a>(space: &TypeSpace<'_>, op: &'a Operation) -> Decode<'a> {
    let Some(response) = &op.response else {
        return Decode::Empty;
    };
    let ty = response.r#type.as_ref();
    match (response.status, ty) {
        (202, ty) => Decode::Accepted(ty),
        (204, _) | (_, None) if (200..300).contains(&response.status) => Decode::Empty,
        (300..=399, _) => Decode::Raw,
        // A report or file: the bytes as sent.
        (_, Some(t)) if t.as_primitive() == Some(Primitive::Stream) => Decode::Raw,
        (_, Some(t)) if t.collection => Decode::Page(t),
        (_, Some(t))
            if t.as_primitive().is_some_and(|p| p != Primitive::Untyped)
                || space.is_enum(&t.name) =>
        {
            Decode::Value(t)
        }
        (_, Some(t)) => Decode::Json(t),
        (_, None) => Decode::Empty,
    }
}

/// The Rust type a method returns, written from inside the version's `client` module.
pub fn return_type(space: &TypeSpace<'_>, decode: &Decode<'_>) -> TokenStream {
    let single = |t: &TypeRef| space.rust_type(&TypeRef::named(t.name.clone()), false);
    match decode {
        Decode::Json(t) if t.collection => {
            let item = single(t);
            quote! { ::std::vec::Vec<#item> }
        }
        Decode::Json(t) | Decode::Value(t) => single(t),
        Decode::Page(t) => {
            let item = single(t);
            quote! { crate::runtime::Collection<#item> }
        }
        Decode::Accepted(Some(t)) => {
            let item = single(t);
            quote! { crate::runtime::client::Accepted<#item> }
        }
        Decode::Accepted(None) => quote! { crate::runtime::client::Accepted<::serde_json::Value> },
        Decode::Empty => quote! { () },
        Decode::Raw => quote! { ::http::Response<::std::vec::Vec<u8>> },
    }
}

/// The version's `Api` view of the client; its methods are in the area modules.
pub fn api(version: ApiVersion) -> TokenStream {
    let accessor = format_ident!("{}", version.module_name());
    let accessor_doc = format!(" The Microsoft Graph `{}` operations.", version.as_str());
    let usage = format!(
        " Reached through [`Client::{0}`](crate::runtime::client::Client::{0}): `client.{0}().call_get(\"id\").await`.",
        version.module_name()
    );
    quote! {
        #[doc = #accessor_doc]
        #[doc = ""]
        #[doc = #usage]
        #[derive(Debug, Clone, Copy)]
        pub struct Api<'a> {
            client: &'a crate::runtime::client::Client,
        }
        impl crate::runtime::client::Client {
            #[doc = #accessor_doc]
            pub fn #accessor(&self) -> Api<'_> {
                Api { client: self }
            }
        }
    }
}

/// The client methods of one area's endpoints.
pub fn methods(space: &TypeSpace<'_>, endpoints: &[&Endpoint<'_>]) -> TokenStream {
    let methods = endpoints.iter().map(|e| method(space, e));
    quote! {
        impl<'a> super::Api<'a> {
            #(#methods)*
        }
    }
}

fn method(space: &TypeSpace<'_>, endpoint: &Endpoint<'_>) -> TokenStream {
    let op = endpoint.op;
    let name = format_ident!("{}", endpoint.name);
    let params: Vec<proc_macro2::Ident> = endpoint
        .param_names()
        .iter()
        .map(|n| format_ident!("{n}"))
        .collect();
    let (body_param, body_arg) = match &op.request_body {
        Some(_) => {
            let ty = super::models::request_body_type(space, op)
                .unwrap_or_else(|| quote! { ::serde_json::Value });
            (quote! { body: &#ty, }, quote! { body })
        }
        None => (quote! {}, quote! {}),
    };
    let decode = decode_of(space, op);
    let returns = return_type(space, &decode);
    // Plain functions over one generic call each: no state machine per method.
    let call = match decode {
        Decode::Json(_) => quote! { call_json },
        Decode::Page(_) => quote! { call_page },
        Decode::Value(_) => quote! { call_value },
        Decode::Accepted(_) => quote! { call_accepted },
        Decode::Empty => quote! { call_empty },
        Decode::Raw => quote! { call_raw },
    };
    let endpoint_ident = format_ident!("{}", endpoint.name);
    let version = format_ident!("{}", space.api.module_name());
    let endpoint_fn = quote! { crate::#version::endpoints::#endpoint_ident };
    let cfg = cfg_attr(super::endpoints::features(space, op));
    // What a user reads first: what it does, the request, who may call it; the endpoint
    // function's page has the rest (headers, response, source).
    let mut lines = Vec::new();
    if let Some(summary) = described(&op.summary) {
        lines.push(summary);
        lines.push(String::new());
    }
    lines.push(format!(
        "`{} {}`",
        op.method.as_str(),
        endpoint.path.template
    ));
    let granted: Vec<String> = op
        .permissions
        .iter()
        .filter(|p| !p.scopes.is_empty())
        .map(|p| {
            let scopes: Vec<String> = p.scopes.iter().map(|s| format!("`{s}`")).collect();
            format!("{}: {}", p.kind, scopes.join(", "))
        })
        .collect();
    if !granted.is_empty() {
        lines.push(String::new());
        lines.push(format!("Permissions: {}.", granted.join("; ")));
    }
    if let Some(link) = super::docs::learn_link(&op.source.page) {
        lines.push(String::new());
        lines.push(format!("Docs: {link}."));
    }
    lines.push(String::new());
    lines.push(format!(
        "Sends [`{0}`](crate::{1}::endpoints::{0}) and decodes the documented response.",
        endpoint.name,
        space.api.module_name()
    ));
    for line in usage_lines(op, &decode) {
        lines.push(String::new());
        lines.push(line);
    }
    let doc = doc_attrs(&lines);
    let alias = endpoint.primary.then(|| {
        let id = op.id.as_str();
        quote! { #[doc(alias = #id)] }
    });
    let deprecated = endpoint.path.deprecated.as_ref().map(|note| {
        let note = note.best().unwrap_or_default().to_string();
        quote! { #[deprecated(note = #note)] }
    });
    let allow = deprecated.as_ref().map(|_| quote! { #[allow(deprecated)] });
    let function_args = endpoint.function_args(space);
    let args: Vec<TokenStream> = params
        .iter()
        .map(|p| quote! { #p, })
        .chain(function_args.iter().map(|a| {
            let n = format_ident!("{}", a.name);
            quote! { #n, }
        }))
        .collect();
    let decls: Vec<TokenStream> = params
        .iter()
        .map(|p| quote! { #p: &str, })
        .chain(function_args.iter().map(|a| {
            let n = format_ident!("{}", a.name);
            let ty = &a.ty;
            quote! { #n: #ty, }
        }))
        .collect();
    let build = quote! { #endpoint_fn(self.client.base_url(), #(#args)* #body_arg) };
    let query = query_options(op, &decode).marker();
    quote! {
        #doc
        #alias
        #cfg
        #deprecated
        pub fn #name(&self, #(#decls)* #body_param)
            -> crate::runtime::client::Pending<'a, #returns, crate::runtime::client::query::#query>
        {
            #allow
            self.client.#call(#build)
        }
    }
}

/// The OData query options a method takes, by what it is: a `GET` answered with a page is a
/// list (`$filter`, `$top`, …), one answered with a resource a read (`$select`, `$expand`).
fn query_options(op: &Operation, decode: &Decode<'_>) -> QueryOptions {
    match (op.method, decode) {
        (HttpMethod::Get, Decode::Page(_)) => QueryOptions::List,
        (HttpMethod::Get, Decode::Json(_)) => QueryOptions::Read,
        _ => QueryOptions::None,
    }
}

/// What [`query_options`] decides: a marker type of `runtime::client::query`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QueryOptions {
    List,
    Read,
    None,
}

impl QueryOptions {
    /// The marker type's name.
    fn marker(self) -> proc_macro2::Ident {
        match self {
            Self::List => format_ident!("List"),
            Self::Read => format_ident!("Read"),
            Self::None => format_ident!("NoOptions"),
        }
    }
}

/// The doc lines on what a method's answer can do beyond `.await`.
fn usage_lines(op: &Operation, decode: &Decode<'_>) -> Vec<String> {
    let mut lines = Vec::new();
    let options = match query_options(op, decode) {
        QueryOptions::List => Some(
            "[`select`](crate::runtime::client::Pending::select), [`expand`](crate::runtime::client::Pending::expand), \
             [`filter`](crate::runtime::client::Pending::filter), [`order_by`](crate::runtime::client::Pending::order_by), \
             [`top`](crate::runtime::client::Pending::top), [`skip`](crate::runtime::client::Pending::skip), \
             [`count`](crate::runtime::client::Pending::count) and [`search`](crate::runtime::client::Pending::search)",
        ),
        QueryOptions::Read => Some(
            "[`select`](crate::runtime::client::Pending::select) and [`expand`](crate::runtime::client::Pending::expand)",
        ),
        QueryOptions::None => None,
    };
    if let Some(options) = options {
        let honoured = match super::docs::learn_url(&op.source.page) {
            Some(url) => format!(
                "; which of them this operation honours is on [its page]({url}#optional-query-parameters)"
            ),
            None => String::new(),
        };
        lines.push(format!("OData query options: {options}{honoured}."));
    }
    if matches!(decode, Decode::Page(_)) {
        lines.push(
            "[`.items()`](crate::runtime::client::Pending::items) streams every item, page after page."
                .to_string(),
        );
    }
    lines.push(
        "[`.with_response()`](crate::runtime::client::Pending::with_response) keeps the status and headers."
            .to_string(),
    );
    lines
}
