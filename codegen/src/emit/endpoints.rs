//! Endpoint functions: one per operation and path, each building an
//! `http::Request` with escaped path parameters, headers and the JSON body.

use super::docs::{described, doc_attrs, escape};
use super::rust_types::{TypeSpace, cfg_attr};
use crate::ir::{ApiVersion, Operation, PathTemplate};
use crate::naming::{Case, sanitize};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

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
                let n = sanitize(&p.name, Case::Snake);
                if reserved.contains(&n.as_str()) {
                    format!("path_{n}")
                } else {
                    n
                }
            })
            .collect()
    }

    /// The function's arguments (`getPstnCalls(fromDateTime=…)`) when its path ends
    /// with the bare function name, after the path parameters. A path that writes the call
    /// itself (`f(a='{a}')`) has none.
    pub fn function_args(&self, space: &TypeSpace<'_>) -> Vec<FunctionArg> {
        let last = self.path.template.rsplit('/').next().unwrap_or_default();
        if self.op.function_parameters.is_empty() || last.starts_with('{') {
            return Vec::new();
        }
        let parameters: Vec<&crate::ir::Property> = match self.literal_call() {
            // The arguments the path writes, in its order.
            Some((_, keys)) => keys
                .iter()
                .filter_map(|k| {
                    self.op
                        .function_parameters
                        .iter()
                        .find(|p| p.name.eq_ignore_ascii_case(k))
                })
                .collect(),
            None if last.contains('(') => return Vec::new(),
            None => self.op.function_parameters.iter().collect(),
        };
        let taken = self.param_names();
        parameters
            .into_iter()
            .map(|p| {
                let mut n = sanitize(&p.name, Case::Snake);
                if taken.contains(&n) || ["base", "body", "request_path"].contains(&n.as_str()) {
                    n = format!("arg_{n}");
                }
                let ident = format_ident!("{n}");
                let (ty, text) = match enum_type(space, &p.r#type) {
                    // An enum member is written as its wire name in quotes: `on='target'`.
                    Some(path) => (
                        quote! { &#path },
                        quote! { crate::runtime::request::FunctionArg::url_text(&#ident.as_str()) },
                    ),
                    None => (
                        function_arg_type(&p.r#type),
                        quote! { crate::runtime::request::FunctionArg::url_text(&#ident) },
                    ),
                };
                FunctionArg {
                    name: n,
                    wire: p.name.clone(),
                    ty,
                    text,
                }
            })
            .collect()
    }
}

impl Endpoint<'_> {
    /// A path whose last segment writes the function call with the docs' sample values of the
    /// function's own parameters (`filterByCurrentUser(on='parameterValue')`, `rowsAbove(count=n)`):
    /// the function's name and the parameters written, which the caller gives instead. A call
    /// with `{placeholders}` is filled from path parameters instead.
    pub fn literal_call(&self) -> Option<(&str, Vec<&str>)> {
        let last = self.path.template.rsplit('/').next()?;
        let (name, rest) = last.split_once('(')?;
        let args = rest.strip_suffix(')')?;
        if args.contains('{') || name.is_empty() {
            return None;
        }
        let keys: Vec<&str> = args
            .split(',')
            .map(|pair| pair.split_once('=').map(|(k, _)| k.trim()))
            .collect::<Option<_>>()?;
        let own = keys.iter().all(|k| {
            self.op
                .function_parameters
                .iter()
                .any(|p| p.name.eq_ignore_ascii_case(k))
        });
        (own && !keys.is_empty()).then_some((name, keys))
    }
}

/// One argument of an OData function written in the URL.
pub struct FunctionArg {
    /// The Rust parameter name.
    pub name: String,
    /// The name the URL writes: `fromDateTime`.
    pub wire: String,
    /// The Rust type it is taken as.
    pub ty: TokenStream,
    /// The expression of its URL text.
    pub text: TokenStream,
}

/// The path of the enum a single argument is a member of, when the docs name one.
fn enum_type(space: &TypeSpace<'_>, t: &crate::ir::TypeRef) -> Option<TokenStream> {
    (!t.collection && space.is_enum(&t.name)).then(|| space.type_path(&t.name))
}

/// The Rust type a function argument is taken as: the primitive's own, by
/// reference where it is text; anything else as `&str`.
fn function_arg_type(t: &crate::ir::TypeRef) -> TokenStream {
    use crate::ir::Primitive as P;
    match t.as_primitive().filter(|_| !t.collection) {
        Some(P::Boolean) => quote! { bool },
        Some(P::Int32) => quote! { i32 },
        Some(P::Int64) => quote! { i64 },
        Some(P::Double) => quote! { f64 },
        Some(P::DateTimeOffset) => quote! { &crate::runtime::DateTimeOffset },
        Some(P::Date) => quote! { &crate::runtime::Date },
        Some(P::TimeOfDay) => quote! { &crate::runtime::TimeOfDay },
        Some(P::Duration) => quote! { &crate::runtime::Duration },
        Some(P::Guid) => quote! { &crate::runtime::Guid },
        _ => quote! { &str },
    }
}

/// Every endpoint of a version, with unique names, in a stable order. The
/// primary path of an operation takes its id (`call_answer`); another path
/// adds the fewest of its own last segments that tell it apart
/// (`online_meeting_get_via_users`, `…_via_users_by_user_id`), never a number.
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
        let tokens: Vec<Vec<String>> = op.paths.iter().map(path_tokens).collect();
        for (index, path) in op.paths.iter().enumerate() {
            let name = if index == primary {
                base_name.clone()
            } else {
                let others: Vec<&Vec<String>> = tokens
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != index && *i != primary)
                    .map(|(_, t)| t)
                    .collect();
                let own = &tokens[index];
                let tail = (1..=own.len())
                    .map(|n| &own[own.len() - n..])
                    .find(|tail| !others.iter().any(|o| o.ends_with(tail)))
                    .unwrap_or(own.as_slice());
                format!("{base_name}_via_{}", tail.join("_"))
            };
            if !used.insert(name.clone()) {
                // Only two paths of one operation with the same shape get here:
                // they were merged by the extractor, so this cannot happen.
                continue;
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

/// A path as words: literal segments in snake case, placeholders as `by_<name>`.
fn path_tokens(path: &PathTemplate) -> Vec<String> {
    let template = path.template.split('?').next().unwrap_or(&path.template);
    template
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            // Words of a longer name: a keyword needs no `r#` there.
            let word = |w: &str| {
                sanitize(w, Case::Snake)
                    .trim_start_matches("r#")
                    .to_string()
            };
            if s.starts_with('{') {
                format!("by_{}", word(s))
            } else {
                let s = s.split('(').next().unwrap_or(s);
                word(s.rsplit('.').next().unwrap_or(s))
            }
        })
        .collect()
}

/// The features an endpoint needs beyond its operation's area: those of the
/// types its body and response use.
pub fn features<'a>(space: &TypeSpace<'a>, op: &Operation) -> Vec<&'a str> {
    let home = op.area.as_deref();
    let mut refs: Vec<&crate::ir::TypeRef> = Vec::new();
    match &op.request_body {
        Some(crate::ir::RequestBody::Resource { r#type, .. }) => refs.push(r#type),
        // A parameter-table body is a struct of the operation's own area.
        Some(crate::ir::RequestBody::Parameters { .. })
        | Some(crate::ir::RequestBody::Reference { .. })
        | None => {}
    }
    if let Some(t) = op.response.as_ref().and_then(|r| r.r#type.as_ref()) {
        refs.push(t);
    }
    // An enum-typed function argument needs its enum.
    refs.extend(
        op.function_parameters
            .iter()
            .map(|p| &p.r#type)
            .filter(|t| space.is_enum(&t.name)),
    );
    let mut out: Vec<&'a str> = refs
        .into_iter()
        .filter_map(|t| space.feature_for(home, t))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The endpoint functions of a version, by area.
/// The endpoint function of one endpoint.
pub fn function(
    space: &TypeSpace<'_>,
    version: ApiVersion,
    endpoint: &Endpoint<'_>,
) -> TokenStream {
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
    let segments: Vec<&str> = path.template.split('/').filter(|s| !s.is_empty()).collect();
    let called = endpoint.literal_call().map(|(name, _)| name);
    for (i, segment) in segments.iter().enumerate() {
        let segment = match called {
            // The sample values give way to the caller's arguments.
            Some(name) if i + 1 == segments.len() => name,
            _ => segment,
        };
        format.push('/');
        // Every placeholder is a `{}`, whole segment or not (`root:/{}:`, `range(address='{}')`).
        for piece in crate::ir::pieces(segment) {
            match piece {
                crate::ir::Piece::Placeholder(_) if next < params.len() => {
                    format.push_str("{}");
                    next += 1;
                }
                crate::ir::Piece::Placeholder(name) => {
                    format.push('{');
                    format.push_str(name);
                    format.push('}');
                }
                crate::ir::Piece::Text(text) => format.push_str(text),
            }
        }
    }
    let args = params.iter().map(|(p, _)| quote! { #p });
    let param_decls = params.iter().map(|(p, _)| quote! { #p: &str, });
    let function_args = endpoint.function_args(space);
    let function_decls = function_args.iter().map(|a| {
        let n = format_ident!("{}", a.name);
        let ty = &a.ty;
        quote! { #n: #ty, }
    });

    let body_param = op.request_body.as_ref().map(|_| {
        let ty = super::models::request_body_type(space, op)
            .unwrap_or_else(|| quote! { ::serde_json::Value });
        quote! { body: &#ty, }
    });
    let method = format_ident!("{}", op.method.as_str());
    let version_str = version.as_str();
    let doc = doc_attrs(&doc_lines(space, endpoint));
    let deprecated = path.deprecated.as_ref().map(|note| {
        let note = note
            .en
            .clone()
            .or_else(|| note.localized.clone())
            .unwrap_or_default();
        quote! { #[deprecated(note = #note)] }
    });
    // One runtime call per function: no temporaries to drop, so thousands of
    // bodies stay small to check.
    let with_body = op.request_body.is_some();
    let call = if function_args.is_empty() {
        let route = quote! { ::http::Method::#method, base, #version_str, #format, &[#(#args),*] };
        if with_body {
            quote! { crate::runtime::request::with_body(#route, body) }
        } else {
            quote! { crate::runtime::request::without_body(#route) }
        }
    } else {
        // `…/getPstnCalls` + `(fromDateTime=2019-11-01T00:00:00Z,…)`.
        let pairs = function_args.iter().map(|a| {
            let (wire, text) = (&a.wire, &a.text);
            quote! { (#wire, #text) }
        });
        let body_arg = if with_body {
            quote! { ::std::option::Option::Some(body) }
        } else {
            quote! { ::std::option::Option::<&()>::None }
        };
        quote! {
            let request_path = crate::runtime::request::expand(#format, &[#(#args),*]);
            let request_path = crate::runtime::request::call_function(&request_path, &[#(#pairs),*]);
            crate::runtime::request::build(::http::Method::#method, base, #version_str, &request_path, #body_arg)
        }
    };
    let cfg = cfg_attr(features(space, op));
    // Searchable by the docs' own name of the operation (`call.answer`).
    let alias = primary.then(|| {
        let id = op.id.as_str();
        quote! { #[doc(alias = #id)] }
    });
    quote! {
        #doc
        #alias
        #cfg
        #deprecated
        pub fn #ident(base: &crate::runtime::BaseUrl, #(#param_decls)* #(#function_decls)* #body_param)
            -> ::std::result::Result<::http::Request<::std::vec::Vec<u8>>, crate::runtime::RequestError>
        {
            #call
        }
    }
}

fn doc_lines(space: &TypeSpace<'_>, endpoint: &Endpoint<'_>) -> Vec<String> {
    let (op, path, primary) = (endpoint.op, endpoint.path, endpoint.primary);
    let mut lines = Vec::new();
    if let Some(summary) = described(&op.summary) {
        lines.push(summary);
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
        for (name, place) in endpoint.param_names().iter().zip(param_places(path)) {
            lines.push(format!("- `{name}`: {place}"));
        }
    }
    let last = path.template.rsplit('/').next().unwrap_or_default();
    if !op.function_parameters.is_empty() && !last.contains('(') && !last.starts_with('{') {
        lines.push(String::new());
        lines.push("# Function parameters".into());
        lines.push(format!(
            "Written in the URL: `{last}({})`.",
            op.function_parameters
                .iter()
                .map(|p| format!("{}=…", p.name))
                .collect::<Vec<_>>()
                .join(",")
        ));
        for p in &op.function_parameters {
            let what = described(&p.description)
                .map(|d| format!(": {d}"))
                .unwrap_or_default();
            lines.push(format!(
                "- `{}` (`{}`){what}",
                sanitize(&p.name, Case::Snake),
                p.r#type.name
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
    if let Some(crate::ir::RequestBody::Resource {
        r#type, required, ..
    }) = &op.request_body
        && !required.is_empty()
    {
        let members: Vec<String> = required.iter().map(|m| format!("`{m}`")).collect();
        lines.push(String::new());
        lines.push("# Request body".into());
        lines.push(format!(
            "{} with {} set: the docs require them.",
            space.doc_mention(&r#type.name, op.area.as_deref()),
            members.join(", ")
        ));
    }
    if let Some(response) = &op.response {
        lines.push(String::new());
        lines.push("# Response".into());
        let ty = response.r#type.as_ref().map(|t| {
            let mention = space.doc_mention(&t.name, op.area.as_deref());
            if t.collection {
                format!(" with a collection of {mention}")
            } else {
                format!(" with a {mention}")
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
        if let Some(rows) = &response.json_rows {
            lines.push(format!(
                "Asked `$format=application/json`, it answers a page (`{{\"value\": […]}}`) of {} instead.",
                space.doc_mention(&rows.name, op.area.as_deref())
            ));
        }
        if let Some(text) = described(&response.description) {
            lines.push(String::new());
            lines.push(format!("> {text}"));
        }
    }
    lines.push(String::new());
    match super::docs::learn_link(&op.source.page) {
        Some(link) => lines.push(format!("Documented at {link} (read from `{}`).", op.source)),
        None => lines.push(format!("Documented at `{}`.", op.source)),
    }
    lines
}

/// `202` → `202 Accepted`: the reason phrases of the statuses Graph documents.
/// What each placeholder of a path is, in order, as the runtime's `request::expand` fills it:
/// a whole segment, a string in quotes (`'` doubled), an item path between `:/` and `:`,
/// or text inside a segment.
fn param_places(path: &PathTemplate) -> Vec<String> {
    let segments: Vec<&str> = path.template.split('/').collect();
    let mut out = Vec::new();
    for (i, segment) in segments.iter().enumerate() {
        for (at, placeholder) in crate::ir::placeholders(segment) {
            let (before, after) = (&segment[..at], &segment[at + placeholder.len() + 2..]);
            let previous = i.checked_sub(1).map(|p| segments[p]).unwrap_or_default();
            out.push(if before.is_empty() && after.is_empty() {
                format!("the `{{{placeholder}}}` segment, percent-encoded.")
            } else if before.ends_with('\'') && after.starts_with('\'') {
                format!(
                    "the `{{{placeholder}}}` string in `{segment}`: its `'` doubled, percent-encoded."
                )
            } else if before.is_empty() && after == ":" && previous.ends_with(':') {
                format!(
                    "the `{{{placeholder}}}` item path after `{previous}/` (`Folder/file.txt`): each part between `/`s percent-encoded."
                )
            } else {
                format!("the `{{{placeholder}}}` in `{segment}`, percent-encoded.")
            });
        }
    }
    out
}

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
