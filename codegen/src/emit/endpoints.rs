//! Endpoint functions: one per operation and path, each building an
//! `http::Request` with escaped path parameters, headers and the JSON body.

use super::docs::{doc_attrs, escape};
use super::rust_types::TypeSpace;
use crate::ir::{ApiVersion, Operation, PathTemplate};
use crate::naming::{Case, sanitize};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use std::collections::BTreeMap;

/// One endpoint function: an operation on one of its paths.
pub struct Endpoint<'a> {
    pub op: &'a Operation,
    pub path: &'a PathTemplate,
    /// The Rust name: the operation id for its primary path, `…_via_<root>` for the others.
    pub name: String,
    pub primary: bool,
}

impl Endpoint<'_> {
    /// The parameter names of the function, in path order (safe from the function's locals).
    pub fn param_names(&self) -> Vec<String> {
        let reserved = ["base", "body", "request_path"];
        self.path
            .params
            .iter()
            .map(|p| {
                let mut n = sanitize(&p.name, Case::Snake);
                if reserved.contains(&n.as_str()) {
                    n.push('_');
                }
                n
            })
            .collect()
    }
}

/// Every endpoint of a version, with unique names, in a stable order.
pub fn plan(version: &crate::ir::VersionSpec) -> Vec<Endpoint<'_>> {
    let mut used = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for op in version.operations.values() {
        let primary = op
            .paths
            .iter()
            .position(|p| p.deprecated.is_none())
            .unwrap_or(0);
        let base_name = sanitize(&op.id, Case::Snake);
        for (index, path) in op.paths.iter().enumerate() {
            let mut name = if index == primary {
                base_name.clone()
            } else {
                format!("{base_name}_via_{}", root_segment(path))
            };
            while !used.insert(name.clone()) {
                name.push('_');
            }
            out.push(Endpoint {
                op,
                path,
                name,
                primary: index == primary,
            });
        }
    }
    out
}

pub fn emit(
    space: &TypeSpace<'_>,
    version: ApiVersion,
    endpoints: &[Endpoint<'_>],
    items: &mut BTreeMap<String, TokenStream>,
) {
    for e in endpoints {
        items.insert(e.name.clone(), function(space, version, e));
    }
}

/// `/app/calls/{id}` → `app`: what tells a secondary path apart.
fn root_segment(path: &PathTemplate) -> String {
    let first = path
        .template
        .split('/')
        .find(|s| !s.is_empty())
        .unwrap_or("root");
    sanitize(first, Case::Snake)
}

fn function(space: &TypeSpace<'_>, version: ApiVersion, endpoint: &Endpoint<'_>) -> TokenStream {
    let (op, path, primary) = (endpoint.op, endpoint.path, endpoint.primary);
    let ident = format_ident!("{}", endpoint.name);
    // Parameters are named so they cannot collide with the function's own locals.
    let params: Vec<(proc_macro2::Ident, &str)> = endpoint
        .param_names()
        .into_iter()
        .zip(&path.params)
        .map(|(n, p)| (format_ident!("{n}"), p.placeholder.as_str()))
        .collect();

    // `/calls/{id}/x` → template `/calls/{}/x`, filled with the encoded values in order at run time.
    let mut format = String::new();
    let mut next = 0;
    for segment in path.template.split('/').filter(|s| !s.is_empty()) {
        format.push('/');
        if segment.starts_with('{') && segment.ends_with('}') && next < params.len() {
            format.push_str("{}");
            next += 1;
        } else {
            format.push_str(segment);
        }
    }
    let args = params.iter().map(|(p, _)| quote! { #p });
    let param_decls = params.iter().map(|(p, _)| quote! { #p: &str, });

    let (body_param, body_arg) = match &op.request_body {
        Some(_) => {
            let ty = super::models::request_body_type(space, op)
                .unwrap_or_else(|| quote! { ::serde_json::Value });
            (
                quote! { body: &super::models::#ty, },
                quote! { ::std::option::Option::Some(body) },
            )
        }
        None => (quote! {}, quote! { ::std::option::Option::<&()>::None }),
    };
    let method = format_ident!("{}", op.method.as_str());
    let version_str = version.as_str();
    let doc = doc_attrs(&doc_lines(space, op, path, primary));
    let deprecated = path.deprecated.as_ref().map(|note| {
        let note = note
            .en
            .clone()
            .or_else(|| note.localized.clone())
            .unwrap_or_default();
        quote! { #[deprecated(note = #note)] }
    });
    let path_expr = if params.is_empty() {
        quote! { #format }
    } else {
        quote! { &crate::runtime::request::expand(#format, &[#(#args),*]) }
    };
    quote! {
        #doc
        #deprecated
        pub fn #ident(base: &crate::runtime::BaseUrl, #(#param_decls)* #body_param)
            -> ::std::result::Result<::http::Request<::std::vec::Vec<u8>>, crate::runtime::RequestError>
        {
            let request_path = #path_expr;
            crate::runtime::request::build(::http::Method::#method, base, #version_str, request_path, #body_arg)
        }
    }
}

fn doc_lines(
    space: &TypeSpace<'_>,
    op: &Operation,
    path: &PathTemplate,
    primary: bool,
) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(summary) = op.summary.best() {
        lines.push(escape(summary));
        lines.push(String::new());
    }
    lines.push(format!("`{} {}`", op.method.as_str(), path.template));
    if !primary {
        lines.push(String::new());
        lines.push(format!(
            "Another path for [`{}`].",
            sanitize(&op.id, Case::Snake)
        ));
    }
    if !path.params.is_empty() {
        lines.push(String::new());
        lines.push("# Path parameters".into());
        for p in &path.params {
            lines.push(format!(
                "- `{}`: the `{{{}}}` segment, percent-encoded.",
                sanitize(&p.name, Case::Snake),
                p.placeholder
            ));
        }
    }
    if !op.permissions.is_empty() {
        lines.push(String::new());
        lines.push("# Permissions".into());
        for p in &op.permissions {
            let scopes = if p.scopes.is_empty() {
                "not supported".to_string()
            } else {
                p.scopes
                    .iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            lines.push(format!("- {}: {scopes}", p.kind));
        }
    }
    if !op.headers.is_empty() {
        lines.push(String::new());
        lines.push("# Request headers".into());
        for h in &op.headers {
            let description = h.description.best().map(escape).unwrap_or_default();
            lines.push(format!("- `{}`: {description}", h.name));
        }
    }
    if let Some(response) = &op.response {
        lines.push(String::new());
        lines.push("# Response".into());
        let ty = response.r#type.as_ref().map(|t| {
            let rust = space.def(&t.name).map(|_| space.use_name(&t.name));
            match (rust, t.collection) {
                (Some(r), false) => format!(" with a [`{r}`](super::models::{r})"),
                (Some(r), true) => format!(" with a collection of [`{r}`](super::models::{r})"),
                (None, _) => format!(" with `{}`", t.name),
            }
        });
        let location = if response.location_header {
            ", and a `Location` header"
        } else {
            ""
        };
        lines.push(format!(
            "`{}`{}{location}.",
            status_text(response.status),
            ty.unwrap_or_default()
        ));
        if let Some(text) = response.description.best() {
            lines.push(String::new());
            lines.push(format!("> {}", escape(text)));
        }
    }
    lines.push(String::new());
    lines.push(format!("Documented at `{}`.", op.source));
    lines
}

/// `202` → `202 Accepted`: the reason phrases of the statuses Graph documents.
fn status_text(status: u16) -> String {
    let reason = match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        206 => "Partial Content",
        302 => "Found",
        303 => "See Other",
        _ => "",
    };
    format!("{status} {reason}").trim_end().to_string()
}
