//! Page facts → spec: operations per version, examples matched to their
//! operations and models, and types inferred from everything the pages show.

mod areas;
pub(crate) mod canonical;
mod casing;
pub(crate) mod listed;
mod observe;
mod one_of;
mod operations;
mod resources;
mod routes;
mod settle;
mod vocabulary;

pub use casing::qualify;

use crate::diag::{Code, Diagnostic, Sink, Source};
use crate::extract::http::StartLine;
use crate::extract::typeword::{TypeName, TypeWord};
use crate::extract::{
    BodyFacts, EnumFacts, ExampleFacts, OperationFacts, PageFacts, ResourceFacts,
};
use crate::ir::*;
use casing::Casing;
use observe::Observer;
use rayon::prelude::*;
use routes::Routes;
use std::collections::{BTreeMap, BTreeSet};

/// One page's facts with the diagnostics found while reading it.
pub struct PageResult {
    pub facts: PageFacts,
    pub diagnostics: Vec<Diagnostic>,
}

/// Merges every page into the spec. The result does not depend on the order
/// of `pages`.
pub fn build(mut pages: Vec<PageResult>) -> Spec {
    pages.sort_by(|a, b| a.facts.path.cmp(&b.facts.path));
    let mut sink = Sink::default();
    let mut casing = Casing::default();
    for page in &pages {
        for (name, at) in &page.facts.type_names {
            casing.observe(name, at);
        }
    }
    casing.report_conflicts(&mut sink);
    bases_from_the_other_version(&mut pages, &mut sink);

    // The versions are independent: they are built side by side, each with a
    // sink of its own (the diagnostics are sorted below, whatever their order).
    let in_versions: Vec<(ApiVersion, Vec<&PageFacts>)> = ApiVersion::ALL
        .into_iter()
        .map(|version| {
            let in_version: Vec<&PageFacts> = pages
                .iter()
                .map(|p| &p.facts)
                .filter(|f| f.version == Some(version))
                .collect();
            (version, in_version)
        })
        .filter(|(_, in_version)| !in_version.is_empty())
        .collect();
    let built: Vec<(ApiVersion, VersionSpec, Sink)> = in_versions
        .par_iter()
        .map(|(version, in_version)| {
            let mut version_sink = Sink::default();
            let spec = build_version(in_version, &casing, &mut version_sink);
            (*version, spec, version_sink)
        })
        .collect();
    drop(in_versions);
    let mut versions = BTreeMap::new();
    for (version, spec, version_sink) in built {
        versions.insert(version, spec);
        sink.items.extend(version_sink.items);
    }

    let contributions: BTreeMap<ApiVersion, Contributions> = versions
        .iter()
        .map(|(v, spec)| (*v, Contributions::new(spec)))
        .collect();
    // Pages are consumed here, in parallel: their facts move into the page
    // infos, and what is left of them is freed on both threads.
    let (mut page_infos, page_diagnostics): (Vec<PageInfo>, Vec<Vec<Diagnostic>>) = pages
        .into_par_iter()
        .map(|p| (page_info(p.facts, &contributions), p.diagnostics))
        .unzip();
    page_infos.sort_by(|a, b| a.path.cmp(&b.path));
    let mut diagnostics: Vec<Diagnostic> = page_diagnostics
        .into_iter()
        .flatten()
        .chain(sink.items)
        .collect();
    diagnostics.par_sort();
    diagnostics.dedup();
    Spec {
        schema_version: SCHEMA_VERSION,
        inputs: Inputs::default(),
        pages: page_infos,
        versions,
        diagnostics,
    }
}

/// What each page contributed to one version: operation ids and type names,
/// each list in the version's (sorted) order. Built once, so that a page's
/// info is a lookup rather than a scan of every operation and type.
#[derive(Default)]
struct Contributions<'a> {
    operations: BTreeMap<&'a str, Vec<String>>,
    types: BTreeMap<&'a str, Vec<String>>,
}

impl<'a> Contributions<'a> {
    fn new(version: &'a VersionSpec) -> Self {
        let mut out = Contributions::default();
        for o in version.operations.values() {
            out.operations
                .entry(o.source.page.as_str())
                .or_default()
                .push(o.id.clone());
        }
        for t in version.types.values() {
            let pages: BTreeSet<&str> = t.sources.iter().map(|s| s.page.as_str()).collect();
            for page in pages {
                out.types.entry(page).or_default().push(t.name.clone());
            }
        }
        out
    }
}

fn page_info(facts: PageFacts, contributions: &BTreeMap<ApiVersion, Contributions>) -> PageInfo {
    let version = facts.version.and_then(|v| contributions.get(&v));
    let operations = version
        .and_then(|v| v.operations.get(facts.path.as_str()).cloned())
        .unwrap_or_default();
    let types = version
        .and_then(|v| v.types.get(facts.path.as_str()).cloned())
        .unwrap_or_default();
    PageInfo {
        path: facts.path,
        format: facts.format,
        kind: facts.kind,
        version: facts.version,
        version_evidence: facts.version_evidence,
        title: facts.title,
        front_matter: facts.front_matter,
        bilingual: facts.bilingual,
        operations,
        types,
        skipped: facts.skipped,
    }
}

/// A body parameter an example sends as `null` (`"passwordCredential": null` to `addKey`) is
/// nullable, as a property seen as `null` is: the model must be able to send it.
fn parameters_seen_as_null(operations: &mut BTreeMap<String, Operation>, examples: &[Example]) {
    for example in examples {
        let (Some(Model::RequestBody { operation }), Some(serde_json::Value::Object(members))) =
            (&example.model, &example.json)
        else {
            continue;
        };
        let Some(RequestBody::Parameters { parameters, .. }) = operations
            .get_mut(operation)
            .and_then(|o| o.request_body.as_mut())
        else {
            continue;
        };
        for p in parameters.iter_mut() {
            if members.get(&p.name).is_some_and(serde_json::Value::is_null) {
                p.nullable = true;
            }
        }
    }
}

/// Marks `prop` nullable on the first type of `line` (a type and its ancestors, nearest
/// first) that declares it.
fn nullable_where_declared(types: &mut BTreeMap<String, TypeDef>, line: &[String], prop: &str) {
    for name in line {
        if let Some(p) = types
            .get_mut(name)
            .and_then(|d| d.properties.iter_mut().find(|p| p.name == prop))
        {
            p.nullable = true;
            return;
        }
    }
}

/// Rule 46: a member its page types as one value that every example shows as an array, and
/// one at least with items (`chatMessage.hostedContents`: `[{"@microsoft.graph.temporaryId": "1",
/// …}]`), is a collection: the tables drop "collection" (the English ones too), the payloads
/// cannot. Empty arrays prove nothing (`"schedule": []`), nor does one array against the page
/// (`invitation.invitedUser` in one beta example). Where the member is inherited, it
/// changes where it is declared. Each is a `conflict` info.
fn arrays_make_collections(
    types: &mut BTreeMap<String, TypeDef>,
    observer: &observe::Observer<'_>,
    sink: &mut Sink,
) {
    for (name, obs) in &observer.types {
        for (prop, seen) in &obs.props {
            let only_arrays = seen.array && !seen.single;
            if !only_arrays || seen.filled_arrays < 2 {
                continue;
            }
            let line = std::iter::once(name.clone()).chain(crate::ir::ancestors(types, name));
            let declared = line
                .filter_map(|n| types.get(&n).map(|d| (n, d)))
                .find_map(|(n, d)| d.properties.iter().any(|p| p.name == *prop).then_some(n));
            let Some(owner) = declared else {
                continue;
            };
            let Some(member) = types
                .get_mut(&owner)
                .and_then(|d| d.properties.iter_mut().find(|p| p.name == *prop))
                // `Edm.Untyped` (Graph's `Json`) holds an array as it is.
                .filter(|p| {
                    !p.r#type.collection && p.r#type.as_primitive() != Some(Primitive::Untyped)
                })
            else {
                continue;
            };
            member.r#type.collection = true;
            sink.info(
                Code::Conflict,
                &seen.first,
                format!(
                    "`{}.{prop}` is documented as one `{}`, but every example shows an array of them: a collection (rule 46)",
                    short_name(&owner),
                    member.r#type.short_name()
                ),
            );
        }
    }
}

fn resolve_type(word: &TypeWord, casing: &Casing, at: &Source, sink: &mut Sink) -> TypeRef {
    let name = match &word.name {
        TypeName::Primitive(p) => p.odata_name().to_string(),
        TypeName::Graph { name, cased } => match casing.resolve(name) {
            Some(resolved) => {
                if !cased && !resolved.ends_with(&format!(".{name}")) {
                    sink.info(
                        Code::NameRecovered,
                        at,
                        format!("type `{name}` (from a file name; the link text is translated) cased as `{resolved}` from other evidence"),
                    );
                }
                resolved
            }
            None => {
                if !cased {
                    sink.warn(
                        Code::NameUnrecoverable,
                        at,
                        format!("type `{name}` is only known from a lowercase file name; no page spells it, kept as is"),
                    );
                }
                qualify(name)
            }
        },
    };
    TypeRef {
        name,
        collection: word.collection,
    }
}

/// Rule 53: a resource page that names no base (v1.0's `inviteParticipantsOperation`), whose
/// type the other version's page derives from a base this version's pages define, derives from
/// it too when its JSON representation shows every member the base's does: the versions document
/// one type system, and the members say the base fits.
fn bases_from_the_other_version(pages: &mut [PageResult], sink: &mut Sink) {
    type Key = (ApiVersion, String);
    let mut bases: BTreeMap<Key, String> = BTreeMap::new();
    let mut members: BTreeMap<Key, BTreeSet<String>> = BTreeMap::new();
    for facts in pages.iter().map(|p| &p.facts) {
        let (Some(version), Some(resource)) = (facts.version, &facts.resource) else {
            continue;
        };
        let key = (version, resource.name.to_lowercase());
        if let Some(base) = &resource.base_type {
            bases.insert(key.clone(), base.clone());
        }
        let names = resource.json_properties.iter().map(|m| m.name.clone());
        members.entry(key).or_default().extend(names);
    }
    for page in pages.iter_mut() {
        let facts = &mut page.facts;
        let (Some(version), Some(resource)) = (facts.version, facts.resource.as_mut()) else {
            continue;
        };
        if resource.base_type.is_some() {
            continue;
        }
        let name = resource.name.to_lowercase();
        let other = ApiVersion::ALL.into_iter().find(|v| *v != version);
        let Some(base) = other.and_then(|other| bases.get(&(other, name.clone()))) else {
            continue;
        };
        let base_members = members.get(&(version, base.to_lowercase()));
        let own = members.get(&(version, name));
        let fits = match (base_members, own) {
            (Some(b), Some(own)) => !b.is_empty() && b.is_subset(own),
            _ => false,
        };
        if fits {
            sink.info(
                Code::InferredType,
                &resource.source,
                format!("`{}` derives from `{base}`: its page names no base, the other version's does, and it shows every member of `{base}`", resource.name),
            );
            resource.base_type = Some(base.clone());
        }
    }
}

/// Resource pages whose file is named otherwise than the type they define (`rangeformat.md`
/// defines `workbookRangeFormat`): the name a link to the file alone gives (`rangeformat`, in
/// the type's namespace) → the type.
fn page_types(pages: &[&PageFacts]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for facts in pages {
        let Some(resource) = &facts.resource else {
            continue;
        };
        let file = facts.path.rsplit('/').next().unwrap_or(&facts.path);
        let Some(stem) = file.strip_suffix(".md") else {
            continue;
        };
        let local = crate::ir::typeref_short_name(&resource.name);
        if stem.contains('-') || !resource.name_cased || local.eq_ignore_ascii_case(stem) {
            continue;
        }
        let namespace = resource.name.rsplit_once('.').map_or("", |(ns, _)| ns);
        out.insert(
            format!("{namespace}.{}", stem.to_lowercase()),
            resource.name.clone(),
        );
    }
    out
}

fn build_version(pages: &[&PageFacts], casing: &Casing, sink: &mut Sink) -> VersionSpec {
    // The tree's own type words, learned from rows the JSON representations confirm.
    let vocabulary =
        vocabulary::Vocabulary::learn(pages.iter().filter_map(|f| f.resource.as_ref()));
    let documented: Vec<(Operation, Option<operations::PageDate>)> = pages
        .iter()
        .filter_map(|facts| {
            let op = facts.operation.as_ref()?;
            let date = operations::page_date(&facts.front_matter);
            Some((lower_operation(op, casing, &vocabulary, sink), date))
        })
        .collect();
    let mut operations = operations::merge_and_name(documented, sink);
    let json_posts: BTreeSet<&str> = pages
        .iter()
        .filter(|f| {
            f.examples.iter().any(|ex| {
                ex.role == ExampleRole::Request
                    && matches!(&ex.start, Some(StartLine::Request(r)) if r.method == HttpMethod::Post)
                    && ex.json.as_ref().is_some_and(serde_json::Value::is_object)
            })
        })
        .map(|f| f.path.as_str())
        .collect();
    // The types this version's resource pages define, by lowercase short name.
    let defined: BTreeMap<String, String> = pages
        .iter()
        .filter_map(|f| f.resource.as_ref())
        .map(|r| {
            let name = casing.resolve(&r.name).unwrap_or_else(|| qualify(&r.name));
            (
                crate::ir::typeref_short_name(&name).to_ascii_lowercase(),
                name,
            )
        })
        .collect();
    operations::creates_send_what_they_create(&mut operations, &json_posts, &defined, sink);
    let sent: BTreeSet<(&str, HttpMethod)> = pages
        .iter()
        .flat_map(|f| {
            f.examples.iter().filter_map(|ex| match &ex.start {
                Some(StartLine::Request(r))
                    if ex.role == ExampleRole::Request
                        && ex.json.as_ref().is_some_and(serde_json::Value::is_object) =>
                {
                    Some((f.path.as_str(), r.method))
                }
                _ => None,
            })
        })
        .collect();
    let listed = listed_operation_pages(pages, casing);
    operations::listed_operations_work_on_their_type(
        &mut operations,
        &listed,
        &sent,
        &defined,
        sink,
    );
    operations::references_send_a_reference(&mut operations, sink);

    let routes = Routes::new(&operations);
    let mut examples = Vec::new();
    for facts in pages {
        let mut last_request_op: Option<Option<String>> = None;
        let mut named: BTreeMap<String, Option<String>> = BTreeMap::new();
        for ex in &facts.examples {
            let (example, op) =
                lower_example(ex, facts, &routes, &last_request_op, &named, casing, sink);
            if ex.role == ExampleRole::Request
                || matches!(ex.start, Some(StartLine::Request(ref r)) if r.graph_path.is_some())
            {
                last_request_op = Some(op.clone());
                if let Some(name) = &ex.name {
                    named.insert(name.clone(), op);
                }
            }
            examples.push(example);
        }
    }

    // Parallel: the other version is usually built by then, and its thread idle.
    let exchanges = pages
        .par_iter()
        .flat_map_iter(|f| exchanges(f, &routes))
        .collect();
    parameters_seen_as_null(&mut operations, &examples);
    streams_answer_json_rows(&mut operations, &examples);

    let resources: Vec<(&ResourceFacts, Option<&str>)> = pages
        .iter()
        .filter_map(|f| f.resource.as_ref().map(|r| (r, f.namespace.as_deref())))
        .collect();
    let enums: Vec<(&EnumFacts, Option<&str>)> = pages
        .iter()
        .flat_map(|f| f.enums.iter().map(|e| (e, f.namespace.as_deref())))
        .collect();
    let (defined, unsettled) =
        resources::defined_types(&resources, &vocabulary, &enums, casing, sink);
    operations::creates_send_the_type_they_answer(&mut operations, &mut examples, &defined, sink);
    let types = infer_types(&operations, &examples, defined, unsettled, casing, sink);
    let mut spec = VersionSpec {
        operations,
        types,
        examples,
        exchanges,
    };
    canonical::canonicalize(&mut spec, &page_types(pages), sink);
    check_type_graph(&mut spec.types, sink);
    one_of::assign(&mut spec, sink);
    listed::assign(&mut spec, sink);
    listed::mark_comma_separated(&mut spec);
    canonical::check_rust_names(&mut spec, sink);
    let page_areas: BTreeMap<&str, String> = pages
        .iter()
        .filter_map(|f| Some((f.path.as_str(), areas::page_area(&f.front_matter)?)))
        .collect();
    areas::assign(&mut spec, &page_areas);
    spec
}

/// Each operation page a resource page's "Methods" table links, with the type that page defines;
/// a page two resource pages list with different types is left out.
fn listed_operation_pages(pages: &[&PageFacts], casing: &Casing) -> BTreeMap<String, String> {
    let mut listed: BTreeMap<String, Option<String>> = BTreeMap::new();
    for resource in pages.iter().filter_map(|f| f.resource.as_ref()) {
        let name = casing
            .resolve(&resource.name)
            .unwrap_or_else(|| qualify(&resource.name));
        for page in &resource.methods {
            listed
                .entry(page.clone())
                .and_modify(|t| {
                    if t.as_ref() != Some(&name) {
                        *t = None;
                    }
                })
                .or_insert_with(|| Some(name.clone()));
        }
    }
    listed
        .into_iter()
        .filter_map(|(page, name)| Some((page, name?)))
        .collect()
}

/// A request message matched to an operation, paired with the status
/// message right after it on the same page.
fn exchanges(facts: &PageFacts, routes: &Routes) -> Vec<Exchange> {
    let body = |index: Option<usize>| {
        index
            .and_then(|i| facts.examples.get(i))
            .and_then(|e| e.json.clone())
    };
    let mut out = Vec::new();
    for (i, message) in facts.messages.iter().enumerate() {
        let StartLine::Request(request) = &message.start else {
            continue;
        };
        let Some(path) = &request.graph_path else {
            continue;
        };
        let Some(op) = match_operation(request.method, path, routes) else {
            continue;
        };
        let Some(response) = facts.messages.get(i + 1) else {
            continue;
        };
        let StartLine::Status { code, .. } = &response.start else {
            continue;
        };
        // Replayed only through a path the request takes as written: a function
        // called with arguments (`findRooms(RoomList='…')`) is not its bare template.
        let Some(template) = op
            .paths
            .iter()
            .find(|p| segments_match(&p.template, path, false))
        else {
            continue;
        };
        out.push(Exchange {
            operation: op.id.clone(),
            path: template.template.clone(),
            method: request.method,
            request_path: path.clone(),
            request_body: body(message.body),
            status: *code,
            response_headers: response
                .headers
                .iter()
                .filter(|(name, _)| !name.eq_ignore_ascii_case("Content-Length"))
                .cloned()
                .collect(),
            response_body: body(response.body),
            source: Source::new(&facts.path, message.line),
        });
    }
    out
}

fn lower_operation(
    op: &OperationFacts,
    casing: &Casing,
    vocabulary: &vocabulary::Vocabulary,
    sink: &mut Sink,
) -> Operation {
    // A cell in the tree's own words (`Cadeia de caracteres`) is the primitive it learned.
    let param_type = |p: &crate::extract::ParamFacts, sink: &mut Sink| match vocabulary
        .primitive(&p.type_words)
    {
        Some((primitive, collection)) => TypeRef {
            name: primitive.odata_name().to_string(),
            collection,
        },
        None => resolve_type(&p.r#type, casing, &p.source, sink),
    };
    // Body and function parameters alike: a row of a parameter table.
    let lower_param = |p: &crate::extract::ParamFacts, sink: &mut Sink| Property {
        name: p.name.clone(),
        r#type: param_type(p, sink),
        description: p.description.clone(),
        nullable: false,
        read_only: false,
        navigation: false,
        allowed_values: p.allowed_values.clone(),
        one_of: match p.alternatives.is_empty() {
            true => Vec::new(),
            false => std::iter::once(&p.r#type)
                .chain(&p.alternatives)
                .map(|w| resolve_type(w, casing, &p.source, sink).name)
                .collect(),
        },
        comma_separated: false,
        source: p.source.clone(),
    };
    let request_body = op.body.as_ref().map(|body| match body {
        BodyFacts::Parameters(params, at) => RequestBody::Parameters {
            parameters: params.iter().map(|p| lower_param(p, sink)).collect(),
            source: at.clone(),
        },
        BodyFacts::Resource(word, at) => RequestBody::Resource {
            r#type: resolve_type(word, casing, at, sink),
            required: Vec::new(),
            source: at.clone(),
        },
    });
    let response = op.response.as_ref().map(|r| Response {
        status: r.status,
        r#type: r
            .r#type
            .as_ref()
            .map(|t| resolve_type(t, casing, &r.source, sink)),
        location_header: r.location_header,
        json_rows: None,
        description: r.description.clone(),
        source: r.source.clone(),
    });
    Operation {
        id: op.id.clone(),
        summary: op.summary.clone(),
        method: op.method,
        paths: op.paths.clone(),
        permissions: op.permissions.clone(),
        headers: op.headers.clone(),
        request_body,
        response,
        function_parameters: op
            .function_params
            .iter()
            .map(|p| lower_param(p, sink))
            .collect(),
        source: op.source.clone(),
        area: None,
        also_documented_at: Vec::new(),
    }
}

/// Whether a response's JSON is a value of `r#type`: a primitive answers `{"value": …}` of its
/// kind, a model an object that is not such an answer. `None` when the JSON cannot tell (a
/// stream, an untyped value, a date written as a string).
fn fits(r#type: &TypeRef, json: &serde_json::Value) -> Option<bool> {
    let answer = json
        .as_object()
        .filter(|o| o.len() == 1)
        .and_then(|o| o.get("value"));
    let Some(primitive) = r#type.as_primitive() else {
        return Some(answer.is_none_or(|v| v.is_object() || v.is_array()) && json.is_object());
    };
    let value = answer?;
    let one = |v: &serde_json::Value| match primitive {
        Primitive::Stream | Primitive::Untyped => None,
        primitive => Some(primitive.accepts(v)),
    };
    match (r#type.collection, value.as_array()) {
        (true, Some(items)) => items.first().map_or(Some(true), one),
        (true, None) => Some(false),
        (false, _) => one(value),
    }
}

/// The operation whose path template matches a concrete request path.
/// The first operation, in id order, whose path template matches a concrete request path.
fn match_operation<'a>(
    method: HttpMethod,
    path: &str,
    routes: &Routes<'a>,
) -> Option<&'a Operation> {
    routes.find(method, path)
}

/// `/calls/{id}/answer` matches `/calls/57dab…/answer`: placeholders match one
/// segment, literals compare case-insensitively, `f(a=1)` matches `f`. The rule
/// `routes::Routes` indexes; its tests compare against this scan.
#[cfg(test)]
fn template_matches(template: &str, path: &str) -> bool {
    segments_match(template, path, true)
}

/// [`template_matches`], where `calls` says whether a function called with
/// arguments (`f(a=1)`) matches its bare name `f`.
fn segments_match(template: &str, path: &str, calls: bool) -> bool {
    let mut template = template.split('/').filter(|s| !s.is_empty());
    let segments = crate::ir::addressed_by_path(path);
    let mut segments = segments.iter().map(String::as_str);
    loop {
        match (template.next(), segments.next()) {
            (None, None) => return true,
            (Some(t), Some(s))
                if is_placeholder(t)
                    || t.eq_ignore_ascii_case(s)
                    || (t.contains('{') && routes::pattern_fits(t, s))
                    || (calls
                        && routes::function_name(s).is_some_and(|f| t.eq_ignore_ascii_case(f))) => {
            }
            _ => return false,
        }
    }
}

/// A segment that is one placeholder (`{id}`), not a pattern of several
/// (`{hostname},{spsite-id},{spweb-id}`), which only a request of that shape matches.
fn is_placeholder(segment: &str) -> bool {
    segment
        .strip_prefix('{')
        .and_then(|s| s.strip_suffix('}'))
        .is_some_and(|inner| !inner.contains(['{', '}']))
}

fn lower_example(
    ex: &ExampleFacts,
    facts: &PageFacts,
    routes: &Routes,
    last_request_op: &Option<Option<String>>,
    named: &BTreeMap<String, Option<String>>,
    casing: &Casing,
    sink: &mut Sink,
) -> (Example, Option<String>) {
    let operations = routes.operations;
    // The page's own operation, under the name merging gave it (not the id the page suggests).
    let own_op = facts.operation.as_ref().and_then(|o| {
        o.paths
            .iter()
            .find_map(|p| routes.find(o.method, &p.template))
            .map(|op| op.id.clone())
    });
    // `"@odata.type": "string"` / `"Edm.Boolean"` on a response names a primitive answer.
    let annotated_type = ex.odata_type.as_ref().map(|t| TypeRef {
        name: match Primitive::from_annotation(t) {
            Some(p) => p.odata_name().to_string(),
            None => casing.resolve(t).unwrap_or_else(|| qualify(t)),
        },
        collection: ex.is_collection,
    });
    let root_tag = ex
        .json
        .as_ref()
        .and_then(|j| j.get("@odata.type"))
        .and_then(|t| t.as_str())
        .map(|t| TypeRef {
            name: casing.resolve(t).unwrap_or_else(|| qualify(t)),
            collection: false,
        });

    let (operation, model, unmodelled) = match (&ex.role, &ex.start) {
        (ExampleRole::Request, Some(StartLine::Request(request))) => {
            let matched = request.graph_path.as_deref().and_then(|path| {
                match_operation(request.method, path, routes).or_else(|| {
                    // The page's own operation, on its own path, under another method
                    // (`PATCH` in the example, `PUT` in the HTTP request section): the
                    // page contradicts itself; its body is still the one the example sends.
                    let own = own_op.as_ref().and_then(|id| operations.get(id))?;
                    own.paths
                        .iter()
                        .any(|p| segments_match(&p.template, path, true))
                        .then(|| {
                            sink.warn(
                                Code::Conflict,
                                &ex.source,
                                format!(
                                    "example request is `{}` but the page documents `{}` for `{}`; checked against it",
                                    request.method.as_str(),
                                    own.method.as_str(),
                                    own.id
                                ),
                            );
                            own
                        })
                        .or_else(|| {
                            // A create whose HTTP request section writes the item's path
                            // (`POST …/journals/{id}`) while its example posts to the
                            // collection (`POST …/journals`).
                            own.paths
                                .iter()
                                .filter(|_| own.method == HttpMethod::Post)
                                .filter_map(|p| p.template.rsplit_once('/'))
                                .filter(|(_, last)| is_placeholder(last))
                                .any(|(collection, _)| segments_match(collection, path, true))
                                .then(|| {
                                    sink.warn(
                                        Code::Conflict,
                                        &ex.source,
                                        format!(
                                            "example request posts to the collection, but the page documents `{}` at an item's path; checked against it",
                                            own.id
                                        ),
                                    );
                                    own
                                })
                        })
                })
            });
            match matched {
                Some(op) => {
                    let model = match &op.request_body {
                        Some(RequestBody::Parameters { .. }) => Some(Model::RequestBody {
                            operation: op.id.clone(),
                        }),
                        Some(RequestBody::Resource { r#type, .. }) => Some(Model::Type {
                            r#type: r#type.clone(),
                        }),
                        Some(RequestBody::Reference { .. }) => Some(Model::Reference),
                        None => annotated_type
                            .clone()
                            .or(root_tag.clone())
                            .map(|t| Model::Type { r#type: t }),
                    };
                    let why = model
                        .is_none()
                        .then(|| format!("operation `{}` documents no request body", op.id));
                    (Some(op.id.clone()), model, why)
                }
                None => (
                    None,
                    None,
                    Some(format!(
                        "request `{} {}` matches no operation documented in the input",
                        request.method.as_str(),
                        request.target
                    )),
                ),
            }
        }
        (ExampleRole::Response, start) => {
            // Pair by annotation name, else with the request just before it, else the page's operation.
            let op_id = ex
                .name
                .as_ref()
                .and_then(|n| named.get(n).cloned())
                .or_else(|| last_request_op.clone())
                .unwrap_or(own_op.clone());
            let op = op_id.as_ref().and_then(|id| operations.get(id));
            if let (Some(op), Some(StartLine::Status { code, reason })) = (op, start)
                && let Some(documented) = &op.response
                && documented.status != *code
            {
                sink.warn(
                    Code::Conflict,
                    &ex.source,
                    format!(
                        "example response is `{code} {reason}` but the page documents `{}` for `{}`; the documented status is kept",
                        documented.status, op.id
                    ),
                );
            }
            let documented = op
                .and_then(|o| o.response.as_ref())
                .and_then(|r| r.r#type.clone());
            // An annotation that names a primitive its own JSON is not (`"@odata.type":
            // "string"` over `{"value": true}`) gives way to the documented type the JSON is.
            let annotated_type = match (annotated_type.clone(), &documented, &ex.json) {
                (Some(annotated), Some(documented), Some(json))
                    if annotated != *documented
                        && fits(&annotated, json) == Some(false)
                        && fits(documented, json) != Some(false) =>
                {
                    sink.info(
                        Code::Conflict,
                        &ex.source,
                        format!(
                            "the example's annotation says `{}`, which its JSON is not; the documented `{}` is kept",
                            annotated.name, documented.name
                        ),
                    );
                    Some(documented.clone())
                }
                (annotated, _, _) => annotated,
            };
            let model = annotated_type
                .clone()
                .or(documented)
                .or(root_tag.clone())
                .map(|t| Model::Type { r#type: t });
            let why = model.is_none().then(|| match (&op_id, op) {
                (None, _) | (Some(_), None) => "response to a request that matches no documented operation, with no `@odata.type`".to_string(),
                (Some(id), Some(_)) => format!("operation `{id}` documents no response type and the example names none"),
            });
            (op_id.filter(|id| operations.contains_key(id)), model, why)
        }
        _ => {
            let model = annotated_type
                .clone()
                .or(root_tag.clone())
                .map(|t| Model::Type { r#type: t });
            let why = model.is_none().then(|| {
                "JSON block with no annotation type, no request or response line before it, and no `@odata.type`: nothing names its type".to_string()
            });
            (None, model, why)
        }
    };
    // A primitive answer (`{"value": true}`) goes through `runtime::PrimitiveAnswer`; a
    // stream (a report's rows, a file) or an untyped one has no model to go through.
    let answers_a_value = ex
        .json
        .as_ref()
        .is_some_and(|j| j.get("value").is_some() && ex.role == ExampleRole::Response);
    let rows = operation
        .as_deref()
        .and_then(|op| json_rows_of_a_stream(ex, op, casing));
    let model = match (model, rows) {
        (Some(Model::Type { r#type }), Some(rows))
            if r#type.as_primitive() == Some(Primitive::Stream) =>
        {
            sink.info(
                Code::InferredType,
                &ex.source,
                format!(
                    "a stream's JSON form (`$format=application/json`): a page of untagged rows, typed `{}` after the function (rule 44)",
                    rows.name
                ),
            );
            Some(Model::Type { r#type: rows })
        }
        (model, _) => model,
    };
    let (model, unmodelled) = match model {
        Some(Model::Type { r#type })
            if r#type
                .as_primitive()
                .is_some_and(|p| matches!(p, Primitive::Stream | Primitive::Untyped))
                || (r#type.as_primitive().is_some() && !answers_a_value) =>
        {
            (
                None,
                Some(format!(
                    "a primitive answer (`{}`) that is not a typed `{{\"value\": …}}`: no model to round-trip",
                    r#type.name
                )),
            )
        }
        model => (model, unmodelled),
    };
    let why = if ex.json.is_none() {
        Some("the JSON does not parse, even leniently".to_string())
    } else {
        unmodelled
    };
    if let Some(reason) = &why {
        sink.info(
            Code::UnmatchedExample,
            &ex.source,
            format!("example not round-tripped: {reason}"),
        );
    }
    let example = Example {
        source: ex.source.clone(),
        role: ex.role,
        name: ex.name.clone(),
        http: ex.start.as_ref().map(StartLine::describe),
        operation: operation.clone(),
        model: if ex.json.is_some() { model } else { None },
        unmodelled: why,
        truncated: ex.truncated,
        json: ex.json.clone(),
        defects: ex.defects.clone(),
    };
    let request_op = if ex.role == ExampleRole::Request {
        operation
    } else {
        None
    };
    (example, request_op)
}

/// A stream whose examples show its JSON form (rule 44) names the rows' type.
fn streams_answer_json_rows(operations: &mut BTreeMap<String, Operation>, examples: &[Example]) {
    for ex in examples {
        let (Some(op), Some(Model::Type { r#type })) = (&ex.operation, &ex.model) else {
            continue;
        };
        let Some(response) = operations.get_mut(op).and_then(|o| o.response.as_mut()) else {
            continue;
        };
        let stream = response
            .r#type
            .as_ref()
            .is_some_and(|t| t.as_primitive() == Some(Primitive::Stream));
        if stream && ex.role == ExampleRole::Response && response.json_rows.is_none() {
            response.json_rows = Some(r#type.clone());
        }
    }
}

/// Rule 44: a report function answers a stream (CSV), or, asked `$format=application/json`, a
/// page of rows no page types (`{"value": [{"reportRefreshDate": …}]}`, with no `@odata.type`).
/// The rows are the type the function's name says, `getEmailActivityUserDetail` →
/// `emailActivityUserDetail` (Graph's own name for it), inferred from the examples.
fn json_rows_of_a_stream(ex: &ExampleFacts, op: &str, casing: &Casing) -> Option<TypeRef> {
    let rows = ex.json.as_ref()?.get("value")?.as_array()?;
    let untagged = |row: &serde_json::Value| {
        row.as_object()
            .is_some_and(|o| !o.is_empty() && !o.contains_key("@odata.type"))
    };
    if ex.role != ExampleRole::Response || rows.is_empty() || !rows.iter().all(untagged) {
        return None;
    }
    let function = op.rsplit('.').next()?.strip_prefix("get")?;
    let mut chars = function.chars();
    let first = chars.next().filter(char::is_ascii_uppercase)?;
    let name = format!("{}{}", first.to_ascii_lowercase(), chars.as_str());
    let qualified = format!("microsoft.graph.{name}");
    Some(TypeRef {
        name: casing.resolve(&qualified).unwrap_or(qualified),
        collection: true,
    })
}

/// Every object the operations and examples show, observed as the type its
/// tag or position gives it.
fn observe<'a>(
    operations: &BTreeMap<String, Operation>,
    examples: &[Example],
    defined: &BTreeMap<String, TypeDef>,
    casing: &'a Casing,
    sink: &mut Sink,
) -> Observer<'a> {
    let mut observer = Observer::new(casing, declared_properties(defined));
    for op in operations.values() {
        if let Some(RequestBody::Resource { r#type, source, .. }) = &op.request_body {
            observer.reference(&r#type.name, source);
        }
        if let Some(RequestBody::Parameters { parameters, .. }) = &op.request_body {
            for p in parameters
                .iter()
                .filter(|p| p.r#type.as_primitive().is_none())
            {
                observer.reference(&p.r#type.name, &p.source);
            }
        }
        if let Some(Response {
            r#type: Some(t),
            source,
            ..
        }) = &op.response
            && t.as_primitive().is_none()
        {
            observer.reference(&t.name, source);
        }
    }
    for example in examples {
        let (Some(model), Some(json)) = (&example.model, &example.json) else {
            continue;
        };
        match model {
            Model::Type { r#type } if r#type.as_primitive().is_none() => {
                let root = if r#type.collection {
                    json.get("value").unwrap_or(json)
                } else {
                    json
                };
                observer.walk(root, Some(&r#type.name), &example.source);
            }
            Model::Type { .. } | Model::Reference => {}
            Model::RequestBody { operation } => {
                let Some(RequestBody::Parameters { parameters, .. }) = operations
                    .get(operation)
                    .and_then(|o| o.request_body.as_ref())
                else {
                    continue;
                };
                for p in parameters
                    .iter()
                    .filter(|p| p.r#type.as_primitive().is_none())
                {
                    if let Some(value) = json.get(&p.name) {
                        observer.walk(value, Some(&p.r#type.name), &example.source);
                    }
                }
            }
        }
    }
    observer.resolve_deferred(sink);
    observer
}

/// Settled rows become their owners' properties, kept in name order.
fn add_settled(defined: &mut BTreeMap<String, TypeDef>, settled: Vec<(String, Property)>) {
    for (owner, property) in settled {
        if let Some(def) = defined.get_mut(&owner) {
            def.properties.push(property);
            def.properties.sort_by(|a, b| a.name.cmp(&b.name));
        }
    }
}

fn infer_types(
    operations: &BTreeMap<String, Operation>,
    examples: &[Example],
    mut defined: BTreeMap<String, TypeDef>,
    mut unsettled: Vec<resources::UnsettledRow>,
    casing: &Casing,
    sink: &mut Sink,
) -> BTreeMap<String, TypeDef> {
    // Observing is repeated while it settles translated rows: a settled row is
    // a declared property, so the objects in it are typed by position, and
    // they may settle rows of their own types. Only the last pass reports.
    let (settled, remaining) = settle::from_paths(unsettled, operations, &defined, sink);
    unsettled = remaining;
    add_settled(&mut defined, settled);
    let observer = loop {
        let mut pass = Sink::default();
        let observer = observe(operations, examples, &defined, casing, &mut pass);
        let (settled, remaining) =
            settle::from_examples(unsettled, &observer.types, &defined, sink);
        unsettled = remaining;
        if settled.is_empty() {
            settle::report(&unsettled, sink);
            sink.items.extend(pass.items);
            break observer;
        }
        add_settled(&mut defined, settled);
    };

    let entity_names: BTreeSet<String> = operations
        .values()
        .flat_map(|o| o.paths.iter())
        .flat_map(|p| {
            p.template
                .split('/')
                .filter(|s| !s.is_empty() && !s.starts_with('{'))
                .map(crate::naming::singular)
        })
        .collect();
    let mut types = defined;
    // Defined types keep their pages' properties; examples only add what they
    // prove: a property seen as `null` is nullable.
    for (name, obs) in &observer.types {
        if let Some(def) = types.get_mut(name) {
            for prop in def.properties.iter_mut() {
                if obs.props.get(&prop.name).is_some_and(|o| o.nullable) {
                    prop.nullable = true;
                }
            }
        }
    }
    let ancestors_nullable: Vec<(String, String)> = observer
        .types
        .iter()
        .flat_map(|(name, obs)| {
            obs.props
                .iter()
                .filter(|(_, o)| o.nullable)
                .map(move |(p, _)| (name.clone(), p.clone()))
        })
        .collect();
    for (name, prop) in ancestors_nullable {
        // An inherited property seen as null in a derived type is nullable where it is declared.
        let line = crate::ir::ancestors(&types, &name);
        nullable_where_declared(&mut types, &line, &prop);
    }
    arrays_make_collections(&mut types, &observer, sink);

    let mut derived: BTreeMap<String, String> = BTreeMap::new();
    let mut inferred: BTreeMap<String, TypeDef> = BTreeMap::new();
    for (name, obs) in &observer.types {
        if types.contains_key(name) {
            continue;
        }
        let properties: Vec<Property> = obs
            .props
            .iter()
            .map(|(prop_name, prop)| Property {
                name: prop_name.clone(),
                r#type: observe::decide(name, prop_name, prop, sink, &mut derived),
                description: Text::default(),
                nullable: prop.nullable,
                read_only: false,
                navigation: false,
                allowed_values: Vec::new(),
                one_of: Vec::new(),
                comma_separated: false,
                source: prop.first.clone(),
            })
            .collect();
        let short = TypeRef::named(name.clone()).short_name().to_string();
        inferred.insert(
            name.clone(),
            TypeDef {
                name: name.clone(),
                kind: if entity_names.contains(&short) {
                    TypeKind::Entity
                } else {
                    TypeKind::Complex
                },
                origin: Origin::Inferred,
                base_type: None,
                key: None,
                open: false,
                description: Text::default(),
                properties,
                members: Vec::new(),
                sources: obs.sources.iter().cloned().collect(),
                area: None,
            },
        );
    }
    // Base types by suffix, only among inferred types: a defined type's page says its base.
    for (child, base) in &derived {
        if !inferred.contains_key(child) {
            continue;
        }
        if !inferred.contains_key(base) && !types.contains_key(base) {
            let siblings: Vec<&TypeDef> = derived
                .iter()
                .filter(|(_, b)| *b == base)
                .filter_map(|(c, _)| inferred.get(c))
                .collect();
            // With one derived type there is no evidence of what the base
            // itself holds; with several, it holds what they all share.
            let common: Vec<Property> = siblings
                .first()
                .filter(|_| siblings.len() > 1)
                .map(|first| {
                    first
                        .properties
                        .iter()
                        .filter(|p| {
                            siblings.iter().all(|s| {
                                s.properties
                                    .iter()
                                    .any(|q| q.name == p.name && q.r#type == p.r#type)
                            })
                        })
                        .cloned()
                        .collect()
                })
                .unwrap_or_default();
            let sources: BTreeSet<Source> = siblings
                .iter()
                .flat_map(|s| s.sources.iter().cloned())
                .collect();
            inferred.insert(
                base.clone(),
                TypeDef {
                    name: base.clone(),
                    kind: TypeKind::Complex,
                    origin: Origin::Inferred,
                    base_type: None,
                    key: None,
                    open: false,
                    description: Text::default(),
                    properties: common,
                    members: Vec::new(),
                    sources: sources.into_iter().collect(),
                    area: None,
                },
            );
        }
        if let Some(t) = inferred.get_mut(child) {
            let at = t
                .sources
                .first()
                .cloned()
                .unwrap_or_else(|| Source::new("", 0));
            sink.info(
                Code::InferredType,
                &at,
                format!(
                    "`{child}` derives from `{base}`: a property named `{}` holds it",
                    TypeRef::named(base.clone()).short_name()
                ),
            );
            t.base_type = Some(base.clone());
        }
    }
    // Rule 42: an inferred type whose tagged objects stand only where the docs expect one other
    // type (`aadUserConversationMemberResult` items of a collection of `actionResultPart`)
    // derives from it; what its objects show as `null` is nullable where it is declared.
    for (child, expected) in &observer.tagged_where {
        let mut expected = expected.iter();
        let (Some(base), None) = (expected.next(), expected.next()) else {
            continue;
        };
        let known = types.contains_key(base) || inferred.contains_key(base);
        let cycle = inferred
            .get(base)
            .is_some_and(|b| b.base_type.as_deref() == Some(child.as_str()));
        let Some(t) = inferred
            .get_mut(child)
            .filter(|t| t.base_type.is_none() && known && !cycle)
        else {
            continue;
        };
        let at = t
            .sources
            .first()
            .cloned()
            .unwrap_or_else(|| Source::new("", 0));
        sink.info(
            Code::InferredType,
            &at,
            format!("`{child}` derives from `{base}`: its objects stand where the docs expect a `{base}` (rule 42)"),
        );
        t.base_type = Some(base.clone());
        let nulls: Vec<String> = t
            .properties
            .iter()
            .filter(|p| p.nullable)
            .map(|p| p.name.clone())
            .collect();
        let mut line = vec![base.clone()];
        line.extend(crate::ir::ancestors(&types, base));
        for name in nulls {
            nullable_where_declared(&mut types, &line, &name);
        }
    }
    for t in inferred.values() {
        let at = t
            .sources
            .first()
            .cloned()
            .unwrap_or_else(|| Source::new("", 0));
        if t.properties.is_empty()
            && t.base_type.is_none()
            && !derived.values().any(|b| *b == t.name)
        {
            sink.warn(
                Code::UnknownType,
                &at,
                format!(
                    "type `{}` is referenced but no page or example shows its properties",
                    t.name
                ),
            );
        } else {
            sink.info(
                Code::InferredType,
                &at,
                format!("type `{}` inferred from {} example(s) and table(s); no page in the input defines it", t.name, t.sources.len()),
            );
        }
    }
    types.extend(inferred);
    types
}

/// Every defined struct's properties, inherited ones included, for typing
/// untagged objects in examples by position.
fn declared_properties(
    defined: &BTreeMap<String, TypeDef>,
) -> BTreeMap<String, BTreeMap<String, TypeRef>> {
    let mut out = BTreeMap::new();
    for name in defined.keys() {
        let mut props: BTreeMap<String, TypeRef> = BTreeMap::new();
        let chain = std::iter::once(name.clone()).chain(crate::ir::ancestors(defined, name));
        for def in chain
            .map_while(|n| defined.get(&n))
            .take_while(|d| d.kind != TypeKind::Enum)
        {
            for p in &def.properties {
                if p.r#type.as_primitive().is_none()
                    && defined
                        .get(&p.r#type.name)
                        .is_none_or(|t| t.kind != TypeKind::Enum)
                {
                    props
                        .entry(p.name.clone())
                        .or_insert_with(|| p.r#type.clone());
                }
            }
        }
        out.insert(name.clone(), props);
    }
    out
}

/// Base types must exist and must not form cycles; property types that name
/// no type are reported (the emitter gives them `serde_json::Value`).
fn check_type_graph(types: &mut BTreeMap<String, TypeDef>, sink: &mut Sink) {
    let names: Vec<String> = types.keys().cloned().collect();
    for name in &names {
        let Some(base) = types.get(name).and_then(|t| t.base_type.clone()) else {
            continue;
        };
        let at = types[name]
            .sources
            .first()
            .cloned()
            .unwrap_or_else(|| Source::new("", 0));
        if !types.contains_key(&base) {
            sink.info(
                Code::UnknownType,
                &at,
                format!("base type `{base}` of `{name}` has no page in the input; its properties are not inherited"),
            );
            if let Some(t) = types.get_mut(name) {
                t.base_type = None;
            }
            continue;
        }
        let mut current = Some(base.clone());
        let mut chain = vec![name.clone()];
        while let Some(n) = current.take() {
            if chain.contains(&n) {
                sink.error(
                    Code::TypeCycle,
                    &at,
                    format!(
                        "`baseType` links form a cycle: {} → {n}; the link from `{name}` is cut",
                        chain.join(" → ")
                    ),
                );
                if let Some(t) = types.get_mut(name) {
                    t.base_type = None;
                }
                break;
            }
            chain.push(n.clone());
            current = types.get(&n).and_then(|t| t.base_type.clone());
        }
    }
    // A derived page's JSON representation often repeats inherited members
    // with sample values (`10` for a Double): the declaring type's is kept.
    for name in &names {
        let mut inherited: BTreeMap<String, (String, TypeRef)> = BTreeMap::new();
        for base in crate::ir::ancestors(types, name) {
            let Some(def) = types.get(&base) else { break };
            for p in &def.properties {
                inherited
                    .entry(p.name.clone())
                    .or_insert_with(|| (base.clone(), p.r#type.clone()));
            }
        }
        let Some(def) = types.get_mut(name) else {
            continue;
        };
        def.properties.retain(|p| match inherited.get(&p.name) {
            None => true,
            Some((base, declared)) => {
                if *declared != p.r#type {
                    sink.info(
                        Code::Conflict,
                        &p.source,
                        format!(
                            "`{}.{}` repeats a member of `{base}` as `{}`; the declaring type's `{}` is kept",
                            short_name(name),
                            p.name,
                            p.r#type.name,
                            declared.name
                        ),
                    );
                }
                false
            }
        });
    }
    for t in types.values() {
        for p in &t.properties {
            if p.r#type.as_primitive().is_none() && !types.contains_key(&p.r#type.name) {
                sink.info(
                    Code::UnknownType,
                    &p.source,
                    format!("`{}.{}` is typed `{}`, which no page in the input defines; it stays untyped JSON", short_name(&t.name), p.name, p.r#type.name),
                );
            }
        }
    }
    // Entities: a key, or an entity ancestor.
    for name in &names {
        let entity = std::iter::once(name.clone())
            .chain(crate::ir::ancestors(types, name))
            .map_while(|n| types.get(&n))
            .any(|t| t.key.is_some() || t.kind == TypeKind::Entity);
        if let Some(t) = types.get_mut(name)
            && entity
            && t.kind == TypeKind::Complex
        {
            t.kind = TypeKind::Entity;
        }
    }
}

fn short_name(name: &str) -> &str {
    name.rsplit('.').next().unwrap_or(name)
}

#[cfg(test)]
mod fits_tests {
    use super::*;

    fn ty(name: &str, collection: bool) -> TypeRef {
        TypeRef {
            name: name.to_string(),
            collection,
        }
    }

    fn json(text: &str) -> serde_json::Value {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn an_answer_fits_the_type_its_json_is() {
        // `serviceUpdateMessage.archive`: annotated `string`, documented `Boolean`.
        let answer = json(r#"{"value": true}"#);
        assert_eq!(fits(&ty("Edm.String", false), &answer), Some(false));
        assert_eq!(fits(&ty("Edm.Boolean", false), &answer), Some(true));
        assert_eq!(
            fits(&ty("Edm.String", true), &json(r#"{"value": ["a"]}"#)),
            Some(true)
        );
        assert_eq!(
            fits(&ty("Edm.String", false), &json(r#"{"id": "a"}"#)),
            None
        );
        let model = ty("microsoft.graph.evaluateDynamicMembershipResult", false);
        assert_eq!(
            fits(&model, &json(r#"{"membershipRule": "x"}"#)),
            Some(true)
        );
        assert_eq!(fits(&model, &answer), Some(false));
        assert_eq!(
            fits(&ty("Edm.Stream", false), &json(r#"{"value": 1}"#)),
            None
        );
    }
}
