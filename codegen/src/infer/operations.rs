//! One operation per method and path, with a name that says what it does.
//!
//! Several pages may document one operation (a seed and its tree page, a
//! resource's page and its navigation's page): operations that share a
//! method and a path are merged, the newest page winning on conflicts and
//! every page kept as provenance. Names are `<resource>.<action>` from the
//! path's shape and the docs' action names (`call.answer`, `user.list`); when
//! several operations would share one, each is qualified by the path segments
//! before its resource (`managedEBook.assignment.list`) until they differ.
//! Never a page-order number. The rules are in `specs/README.md`.

use crate::diag::{Code, Sink};
use crate::ir::{HttpMethod, Model, Operation, RequestBody, TypeDef, TypeKind, TypeRef};
use crate::naming;
use std::collections::{BTreeMap, BTreeSet};

/// A page's date as `(year, month, day)`: `ms.date`, else the translation's
/// hand-off date. Pages without one are the oldest.
pub type PageDate = (u32, u32, u32);

pub fn page_date(front_matter: &BTreeMap<String, String>) -> Option<PageDate> {
    ["ms.date", "ms.lasthandoff"]
        .iter()
        .find_map(|key| parse_date(front_matter.get(*key)?))
}

/// `04/01/2022` (the docs' month/day/year).
fn parse_date(text: &str) -> Option<PageDate> {
    let mut parts = text.trim().trim_matches(['\'', '"']).split('/');
    let month = parts.next()?.trim().parse().ok()?;
    let day = parts.next()?.trim().parse().ok()?;
    let year = parts.next()?.trim().parse().ok()?;
    Some((year, month, day))
}

/// `/communications/calls/{id}/answer` → `communications/calls/{}/answer`:
/// what makes two paths one, whatever their placeholder names and casing.
pub fn path_key(template: &str) -> String {
    let path = template.split('?').next().unwrap_or(template);
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            // Placeholders inside a segment keep the text around them:
            // `range(address='{address}')` → `range(address='{}')`.
            crate::ir::pieces(s)
                .into_iter()
                .map(|piece| match piece {
                    crate::ir::Piece::Text(text) => text.to_lowercase(),
                    crate::ir::Piece::Placeholder(_) => "{}".to_string(),
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("/")
}

pub fn merge_and_name(
    documented: Vec<(Operation, Option<PageDate>)>,
    sink: &mut Sink,
) -> BTreeMap<String, Operation> {
    let merged = merge(documented, sink);
    name(merged, sink)
}

/// Rule 36: `POST` and `PUT` to a `…/$ref` path send an OData entity reference,
/// `{"@odata.id": …}`, whatever the page says its body is (none, or "a JSON representation of a
/// `directoryObject`"). Each changed body is an info.
pub fn references_send_a_reference(operations: &mut BTreeMap<String, Operation>, sink: &mut Sink) {
    for op in operations.values_mut() {
        let to_ref = !op.paths.is_empty() && op.paths.iter().all(|p| p.template.ends_with("/$ref"));
        if !to_ref || !matches!(op.method, HttpMethod::Post | HttpMethod::Put) {
            continue;
        }
        let (was, at) = match &op.request_body {
            None => ("no request body".to_string(), op.source.clone()),
            Some(crate::ir::RequestBody::Resource { r#type, source, .. }) => (
                format!("its body as `{}`", r#type.short_name()),
                source.clone(),
            ),
            Some(_) => continue,
        };
        sink.info(
            Code::InferredType,
            &at,
            format!(
                "`{}` documents {was}: a `$ref` request sends an entity reference, `{{\"@odata.id\": …}}` (rule 36)",
                op.id
            ),
        );
        op.request_body = Some(crate::ir::RequestBody::Reference { source: at });
    }
}

/// Rule 43: a create whose parameter table lists members of the type it answers with sends
/// that type. Intune's create pages, among others, copy the resource's property table under
/// "Request body"; Graph's own model posts the entity, and the page's `update` already says
/// so. Every row must name a member of the type or of its bases (a row whose casing differs,
/// `Ischecked`, is the member: an info); a row that names none (`workbookTable`'s `add`
/// takes `address` and `hasHeaders`) keeps the table. The rows the docs require stay listed
/// with the body. `defined` holds the types the version's resource pages define. Examples
/// of the operation's request go through the type instead.
pub fn creates_send_the_type_they_answer(
    operations: &mut BTreeMap<String, Operation>,
    examples: &mut [crate::ir::Example],
    defined: &BTreeMap<String, TypeDef>,
    sink: &mut Sink,
) {
    let mut retyped: BTreeMap<String, TypeRef> = BTreeMap::new();
    for op in operations.values_mut() {
        if op.method != HttpMethod::Post || op.id.rsplit('.').next() != Some("create") {
            continue;
        }
        let Some(RequestBody::Parameters { parameters, source }) = &op.request_body else {
            continue;
        };
        let Some(created) = op
            .response
            .as_ref()
            .and_then(|r| r.r#type.as_ref())
            .filter(|t| !t.collection)
            .filter(|t| {
                defined
                    .get(&t.name)
                    .is_some_and(|d| d.kind != TypeKind::Enum)
            })
        else {
            continue;
        };
        let members: Vec<&str> = std::iter::once(created.name.clone())
            .chain(crate::ir::ancestors(defined, &created.name))
            .filter_map(|name| defined.get(&name))
            .flat_map(|d| d.properties.iter().map(|p| p.name.as_str()))
            .collect();
        let mut recased = Vec::new();
        let all_members = parameters.iter().all(|p| {
            if members.contains(&p.name.as_str()) {
                return true;
            }
            let same = members.iter().find(|m| m.eq_ignore_ascii_case(&p.name));
            recased.extend(same.map(|m| format!("`{}` is `{m}`", p.name)));
            same.is_some()
        });
        if parameters.is_empty() || !all_members {
            continue;
        }
        let required = parameters
            .iter()
            .filter(|p| p.description.says_required())
            .filter_map(|p| members.iter().find(|m| m.eq_ignore_ascii_case(&p.name)))
            .map(|m| m.to_string())
            .collect();
        let casing = match recased.is_empty() {
            true => String::new(),
            false => format!(" ({})", recased.join(", ")),
        };
        sink.info(
            Code::InferredType,
            source,
            format!(
                "`{}`'s body table names only members of the `{}` it answers with ({}): it sends that type{casing} (rule 43)",
                op.id,
                created.short_name(),
                parameters.len()
            ),
        );
        retyped.insert(op.id.clone(), created.clone());
        op.request_body = Some(RequestBody::Resource {
            r#type: created.clone(),
            required,
            source: source.clone(),
        });
    }
    for example in examples {
        if let Some(Model::RequestBody { operation }) = &example.model
            && let Some(r#type) = retyped.get(operation)
        {
            example.model = Some(Model::Type {
                r#type: r#type.clone(),
            });
        }
    }
}

/// Rule 45: an operation page that a resource page's "Methods" table links, and that types
/// nothing (Dynamics 365 Business Central's pages name their objects in translated bold,
/// `**объекта валют**`), works on the type that resource page defines, when its path names
/// that type (`…/currencies/{id}` for `currencies`): a `get` answers it, a `list` a collection of
/// it, a `create` or an `update` sends it (when one of its pages shows the method sending a JSON
/// object) and answers it. An update's type guessed from its path (`currency`), which no
/// resource page defines, gives way to the listing page's. `listed` maps an operation page to
/// the type of the resource page that lists it (pages two resource pages list with different
/// types are left out); `sent` holds the pages and methods whose examples send a JSON object;
/// `defined` the types resource pages define, by lowercase short name. Each typing is an info.
pub fn listed_operations_work_on_their_type(
    operations: &mut BTreeMap<String, Operation>,
    listed: &BTreeMap<String, String>,
    sent: &BTreeSet<(&str, HttpMethod)>,
    defined: &BTreeMap<String, String>,
    sink: &mut Sink,
) {
    let guessed =
        |t: &TypeRef| t.as_primitive().is_none() && !defined.values().any(|name| *name == t.name);
    for op in operations.values_mut() {
        let pages: Vec<&crate::diag::Source> = std::iter::once(&op.source)
            .chain(&op.also_documented_at)
            .collect();
        let Some(r#type) = pages.iter().find_map(|at| listed.get(&at.page)) else {
            continue;
        };
        let verb = op.id.rsplit('.').next().unwrap_or_default();
        let one = TypeRef::named(r#type.as_str());
        let (answer, body) = match (op.method, verb) {
            (HttpMethod::Get, "get") => (one.clone(), false),
            (HttpMethod::Get, "list") => (TypeRef::collection_of(r#type.as_str()), false),
            (HttpMethod::Post, "create") | (HttpMethod::Patch, "update") => (one.clone(), true),
            _ => continue,
        };
        let collection = |template: &str| {
            let segments: Vec<&str> = template.split('/').filter(|s| !s.is_empty()).collect();
            let last = segments.len().checked_sub(1)?;
            // The collection: before an item's key (a create's page may write the item's path).
            let at = match segments[last].starts_with('{') {
                true => last.checked_sub(1)?,
                false => last,
            };
            Some(segments[at].to_ascii_lowercase())
        };
        let short = crate::ir::typeref_short_name(r#type).to_ascii_lowercase();
        let names_it = |template: &str| {
            collection(template).is_some_and(|c| {
                let (c, t) = (naming::singular(&c), naming::singular(&short));
                !c.contains(['{', '(', '$', ':']) && (c.contains(&t) || t.contains(&c))
            })
        };
        if op.paths.is_empty() || !op.paths.iter().all(|p| names_it(&p.template)) {
            continue;
        }
        let shown = pages
            .iter()
            .any(|at| sent.contains(&(at.page.as_str(), op.method)));
        let mut typed = Vec::new();
        if let Some(RequestBody::Resource { r#type: sent, .. }) = &op.request_body
            && op.method == HttpMethod::Patch
            && guessed(sent)
        {
            if let Some(response) = op.response.as_mut()
                && response.r#type.as_ref() == Some(sent)
            {
                response.r#type = None;
            }
            op.request_body = None;
        }
        if body && op.request_body.is_none() && (shown || op.method == HttpMethod::Patch) {
            op.request_body = Some(RequestBody::Resource {
                r#type: one.clone(),
                required: Vec::new(),
                source: op.source.clone(),
            });
            typed.push("its body");
        }
        if let Some(response) = op
            .response
            .as_mut()
            .filter(|r| r.r#type.is_none() && matches!(r.status, 200 | 201) && !r.location_header)
        {
            response.r#type = Some(answer);
            typed.push("its answer");
        }
        if !typed.is_empty() {
            let verb = if typed.len() > 1 { "are" } else { "is" };
            sink.info(
                Code::InferredType,
                &op.source,
                format!(
                    "`{}` names no type; {} {verb} the `{}` of the resource page whose methods list it (rule 45)",
                    op.id,
                    typed.join(" and "),
                    crate::ir::typeref_short_name(r#type)
                ),
            );
        }
    }
}

/// Rule 35: a create (`POST` to a collection) whose pages have no request-body section sends
/// what it creates, when its answer is one object of the type the collection's name says
/// (`POST /teams/{id}/schedule/shifts` answered with a `shift`), and one of its pages shows a
/// `POST` sending a JSON object (`json_posts`: OneNote pages are created from HTML). Each is an
/// info.
///
/// A create answered `201 Created` whose page names no type at all (the dynamics pages write
/// it in translated bold, `**поставщиков**`) creates the type its collection's name spells,
/// when a resource page of the version defines that type (`POST …/vendors` → `vendor`): that
/// type is both its body and its answer. `defined` maps a lowercase short name to the type.
pub fn creates_send_what_they_create(
    operations: &mut BTreeMap<String, Operation>,
    json_posts: &BTreeSet<&str>,
    defined: &BTreeMap<String, String>,
    sink: &mut Sink,
) {
    for op in operations.values_mut() {
        let shown = std::iter::once(&op.source)
            .chain(&op.also_documented_at)
            .any(|at| json_posts.contains(at.page.as_str()));
        if op.method != HttpMethod::Post
            || op.request_body.is_some()
            || op.id.rsplit('.').next() != Some("create")
            || !shown
        {
            continue;
        }
        let Some(response) = &mut op.response else {
            continue;
        };
        if response.r#type.is_none() && response.status == 201 {
            let named: BTreeSet<String> = op
                .paths
                .iter()
                .filter_map(|p| p.template.rsplit('/').next())
                .map(crate::naming::singular)
                .collect();
            if let [name] = Vec::from_iter(named).as_slice()
                && !name.contains(['{', '(', '$', ':'])
                && let Some(resolved) = defined.get(&name.to_ascii_lowercase()).cloned()
            {
                sink.info(
                    Code::InferredType,
                    &response.source,
                    format!(
                        "`{}` is answered `201 Created` with no type named: it creates the `{resolved}` its collection names (rule 35)",
                        op.id
                    ),
                );
                response.r#type = Some(crate::ir::TypeRef {
                    name: resolved,
                    collection: false,
                });
            }
        }
        let response = &*response;
        let Some(created) = response
            .r#type
            .as_ref()
            .filter(|t| !t.collection && t.as_primitive().is_none())
        else {
            continue;
        };
        let names_it = |template: &str| {
            let segment = template
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase();
            let singular = match segment.strip_suffix("ies") {
                Some(stem) => format!("{stem}y"),
                None => segment.strip_suffix('s').unwrap_or(&segment).to_string(),
            };
            let created = created.short_name().to_ascii_lowercase();
            // `sections` → `onenoteSection`, `columns` → `columnDefinition`.
            !singular.is_empty()
                && !singular.contains(['{', '(', '$'])
                && (created.starts_with(&singular)
                    || created.ends_with(&singular)
                    || singular.starts_with(&created))
        };
        if op.paths.is_empty() || !op.paths.iter().all(|p| names_it(&p.template)) {
            continue;
        }
        sink.info(
            Code::InferredType,
            &response.source,
            format!(
                "`{}` documents no request body: a create sends what it creates, `{}` (rule 35)",
                op.id,
                created.short_name()
            ),
        );
        op.request_body = Some(crate::ir::RequestBody::Resource {
            r#type: created.clone(),
            required: Vec::new(),
            source: response.source.clone(),
        });
    }
}

/// Operations sharing a method and a path become one.
fn merge(documented: Vec<(Operation, Option<PageDate>)>, sink: &mut Sink) -> Vec<Operation> {
    // Union-find over the operations by (method, path key).
    let mut parent: Vec<usize> = (0..documented.len()).collect();
    fn find(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut owner: BTreeMap<(HttpMethod, String), usize> = BTreeMap::new();
    for (i, (op, _)) in documented.iter().enumerate() {
        for path in &op.paths {
            let key = (op.method, path_key(&path.template));
            match owner.get(&key) {
                Some(&j) => {
                    let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                    parent[a.max(b)] = a.min(b);
                }
                None => {
                    owner.insert(key, i);
                }
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<(Operation, Option<PageDate>)>> = BTreeMap::new();
    for (i, entry) in documented.into_iter().enumerate() {
        let root = find(&mut parent, i);
        groups.entry(root).or_default().push(entry);
    }
    groups
        .into_values()
        .map(|mut group| {
            // Newest first; among equals, page order.
            group.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.source.cmp(&b.0.source)));
            let mut ops = group.into_iter().map(|(op, _)| op);
            let mut winner = dedup_paths(ops.next().expect("a group has a member"));
            for other in ops {
                sink.info(
                    Code::DuplicateOperation,
                    &other.source,
                    format!(
                        "{} {} is also documented at {}, the newer page; merged into it",
                        other.method.as_str(),
                        other.paths.first().map_or("", |p| p.template.as_str()),
                        winner.source
                    ),
                );
                absorb(&mut winner, other);
            }
            winner.also_documented_at.sort();
            winner.also_documented_at.dedup();
            winner
        })
        .collect()
}

fn dedup_paths(mut op: Operation) -> Operation {
    let mut seen = BTreeSet::new();
    op.paths.retain(|p| seen.insert(path_key(&p.template)));
    op
}

/// The older page adds what the newer one lacks: paths, permissions,
/// headers, a body, a response, a summary.
fn absorb(winner: &mut Operation, other: Operation) {
    let known: BTreeSet<String> = winner.paths.iter().map(|p| path_key(&p.template)).collect();
    let mut added = BTreeSet::new();
    for path in other.paths {
        let key = path_key(&path.template);
        if !known.contains(&key) && added.insert(key) {
            winner.paths.push(path);
        }
    }
    if winner.permissions.is_empty() {
        winner.permissions = other.permissions;
    }
    if winner.headers.is_empty() {
        winner.headers = other.headers;
    }
    if winner.request_body.is_none() {
        winner.request_body = other.request_body;
    }
    if winner.response.as_ref().is_none_or(|r| r.r#type.is_none())
        && other.response.as_ref().is_some_and(|r| r.r#type.is_some())
    {
        winner.response = other.response;
    }
    if winner.summary.is_empty() {
        winner.summary = other.summary;
    }
    winner.also_documented_at.push(other.source);
    winner.also_documented_at.extend(other.also_documented_at);
}

/// Gives every operation a unique id, qualifying clashing ones by their path.
fn name(ops: Vec<Operation>, sink: &mut Sink) -> BTreeMap<String, Operation> {
    let mut by_base: BTreeMap<String, Vec<Operation>> = BTreeMap::new();
    for op in ops {
        by_base.entry(base_id(&op)).or_default().push(op);
    }
    // A group of one keeps its base id; larger groups are qualified.
    let mut out = BTreeMap::new();
    for (base, mut group) in by_base {
        group.sort_by(|a, b| primary(a).cmp(primary(b)));
        let qualifiers: Vec<Qualifiers> = group.iter().map(|op| qualifiers(op, &base)).collect();
        let mut names: Vec<Option<String>> = vec![None; group.len()];
        let widest = qualifiers.iter().map(|q| q.prefix.len()).max().unwrap_or(0);
        let deepest = widest + qualifiers.iter().map(|q| q.suffix.len()).max().unwrap_or(0);
        for depth in 0..=deepest {
            let candidates: Vec<Option<String>> = (0..group.len())
                .map(|i| {
                    names[i]
                        .is_none()
                        .then(|| qualified(&base, &qualifiers[i], depth, widest))
                })
                .collect();
            let taken: BTreeSet<&String> = names.iter().flatten().collect();
            let mut count: BTreeMap<&String, usize> = BTreeMap::new();
            for c in candidates.iter().flatten() {
                *count.entry(c).or_default() += 1;
            }
            let settled: Vec<(usize, String)> = candidates
                .iter()
                .enumerate()
                .filter_map(|(i, c)| {
                    let c = c.as_ref()?;
                    (count[c] == 1 && !taken.contains(c)).then(|| (i, c.clone()))
                })
                .collect();
            for (i, name) in settled {
                names[i] = Some(name);
            }
        }
        for (op, name) in group.into_iter().zip(names) {
            match name {
                Some(id) => {
                    let mut op = op;
                    op.id = id.clone();
                    out.insert(id, op);
                }
                None => sink.warn(
                    Code::NameCollision,
                    &op.source,
                    format!(
                        "operation {} {} cannot be told apart from another `{base}` by its path; not emitted",
                        op.method.as_str(),
                        primary(&op)
                    ),
                ),
            }
        }
    }
    out
}

fn primary(op: &Operation) -> &str {
    op.paths
        .iter()
        .find(|p| p.deprecated.is_none())
        .or(op.paths.first())
        .map_or("", |p| p.template.as_str())
}

/// A path segment, as naming sees it.
#[derive(Debug, Clone, PartialEq)]
enum Segment {
    /// `calls`, `microsoft.graph.iosVppApp` (as `iosVppApp`), `root:` (as `root`).
    Literal(String),
    /// `getActivitiesByInterval(startDateTime=…)`: a function, by its name.
    Function(String),
    /// `{id}`, and what the docs wrote in its place: a GUID, `(team-id)`.
    Param(String),
}

fn segments(template: &str) -> Vec<Segment> {
    let path = template.split('?').next().unwrap_or(template);
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(|s| {
            if s.starts_with('{') || s.starts_with('(') || looks_like_id(s) {
                Segment::Param(
                    s.trim_matches(|c| matches!(c, '{' | '}' | '(' | ')'))
                        .to_string(),
                )
            } else if let Some((name, _)) = s.split_once('(') {
                Segment::Function(word_of(name))
            } else if is_function_name(&word_of(s)) {
                Segment::Function(word_of(s))
            } else {
                Segment::Literal(word_of(s))
            }
        })
        .filter(|s| !matches!(s, Segment::Literal(w) | Segment::Function(w) if w.is_empty()))
        .collect()
}

/// Functions the docs write without parentheses: `delta`, `getPstnCalls`.
fn is_function_name(word: &str) -> bool {
    word == "delta"
        || word
            .strip_prefix("get")
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()))
}

/// What the page's file name says the operation is: the docs name pages
/// `<resource>-<action>[-<navigation>]` (`schedule-list-timesoff.md`).
fn page_action(op: &Operation) -> Option<&'static str> {
    let stem = op.source.page.rsplit('/').next()?.strip_suffix(".md")?;
    let words: Vec<&str> = stem.split('-').collect();
    ["list", "get", "post", "create", "update", "delete"]
        .into_iter()
        .find(|a| words[1..].contains(a))
}

/// A concrete id the docs wrote where a placeholder belongs: a GUID, a long
/// hex or digit string.
fn looks_like_id(segment: &str) -> bool {
    let compact: String = segment.chars().filter(|c| *c != '-').collect();
    compact.len() >= 16 && compact.chars().all(|c| c.is_ascii_hexdigit())
        || segment.len() >= 6 && segment.chars().all(|c| c.is_ascii_digit())
}

/// `microsoft.graph.iosVppApp` → `iosVppApp`, `root:` → `root`, `$value` → `value`.
fn word_of(segment: &str) -> String {
    let segment = segment.rsplit('.').next().unwrap_or(segment);
    let cleaned: String = segment
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let cleaned = cleaned.trim();
    // lowerCamel keeps inner capitals: `managedEBooks` stays as written.
    let mut chars = cleaned.chars();
    match chars.next() {
        Some(first) if !cleaned.contains(' ') => {
            first.to_ascii_lowercase().to_string() + chars.as_str()
        }
        Some(_) => naming::lower_camel(cleaned),
        None => String::new(),
    }
}

fn singular_word(word: &str) -> String {
    naming::singular(word)
}

/// `<resource>.<action>` from the primary path's shape: `get`/`list` for a
/// GET of one or of a collection (a plural segment), the function's name for
/// a function, `update`/`put`/`delete` by method, and for a POST the action
/// the page names (its title or last segment) or `create`.
fn base_id(op: &Operation) -> String {
    let segs = segments(primary(op));
    let owner = |end: usize| -> String {
        segs[..end]
            .iter()
            .rev()
            .find_map(|s| match s {
                Segment::Literal(w) | Segment::Function(w) => Some(singular_word(w)),
                Segment::Param(_) => None,
            })
            .unwrap_or_else(|| "root".to_string())
    };
    let n = segs.len();
    let (resource, action) = match (op.method, segs.last()) {
        (_, None) => ("root".to_string(), op.method.as_str().to_lowercase()),
        (method, Some(Segment::Function(f))) => {
            let action = if method == HttpMethod::Get || method == HttpMethod::Post {
                f.clone()
            } else {
                method.as_str().to_lowercase()
            };
            (owner(n - 1), action)
        }
        (HttpMethod::Get, Some(Segment::Param(_))) => (owner(n - 1), "get".into()),
        (HttpMethod::Get, Some(Segment::Literal(w))) => {
            let one = singular_word(w);
            let collection = op
                .response
                .as_ref()
                .and_then(|r| r.r#type.as_ref())
                .map(|t| t.collection);
            // A plural segment is a collection, unless the page or its response says otherwise.
            let list = match (page_action(op), collection) {
                (Some("list"), _) => true,
                (Some("get"), _) => false,
                (_, Some(c)) => c,
                _ => one != *w,
            };
            (one, if list { "list" } else { "get" }.into())
        }
        (HttpMethod::Patch | HttpMethod::Put | HttpMethod::Delete, Some(last)) => {
            let resource = match last {
                Segment::Literal(w) => singular_word(w),
                _ => owner(n - 1),
            };
            let action = match op.method {
                HttpMethod::Patch => "update",
                HttpMethod::Put => "put",
                _ => "delete",
            };
            (resource, action.into())
        }
        (HttpMethod::Post, Some(last)) => {
            // The extractor read the page's action: its title, or the last segment.
            let documented = op
                .id
                .split_once('.')
                .map(|(_, a)| a.trim_end_matches(|c: char| c.is_ascii_digit()))
                .filter(|a| !a.is_empty() && a.chars().all(|c| c.is_ascii_alphanumeric()))
                .unwrap_or("create");
            let documented = match page_action(op) {
                Some("post" | "create") => "create",
                _ => documented,
            };
            match last {
                Segment::Literal(w) if documented == "create" => {
                    (singular_word(w), "create".into())
                }
                Segment::Param(_) => (owner(n - 1), "create".into()),
                Segment::Literal(w) if word_of(documented) == *w => {
                    (owner(n - 1), documented.to_string())
                }
                Segment::Literal(w) => (owner(n - 1), w.clone()),
                Segment::Function(_) => unreachable!("matched above"),
            }
        }
    };
    format!("{resource}.{action}")
}

/// The words that can tell this operation apart from others with the same
/// base id. `prefix`: the literal segments before its resource's, nearest
/// first (`managedEBook` in `managedEBook.assignment.list`); `suffix`, when
/// those run out: its placeholders (`byUserId`), then its last segment as
/// written (`userExperienceAnalyticsDeviceScopes`).
struct Qualifiers {
    prefix: Vec<String>,
    suffix: Vec<String>,
}

fn qualifiers(op: &Operation, base: &str) -> Qualifiers {
    let resource = base.split('.').next().unwrap_or("");
    let segs = segments(primary(op));
    let word = |s: &Segment| match s {
        Segment::Literal(w) | Segment::Function(w) => Some(w.clone()),
        Segment::Param(_) => None,
    };
    let cut = segs
        .iter()
        .rposition(|s| word(s).is_some_and(|w| singular_word(&w) == resource))
        .unwrap_or(segs.len().saturating_sub(1));
    let mut seen = BTreeSet::new();
    seen.insert(resource.to_string());
    let prefix: Vec<String> = segs[..cut]
        .iter()
        .rev()
        .filter_map(word)
        .map(|w| singular_word(&w))
        .filter(|w| seen.insert(w.clone()))
        .collect();
    let mut suffix: Vec<String> = segs
        .iter()
        .filter_map(|s| match s {
            Segment::Param(p) => Some(naming::lower_camel(&format!("by {p}"))),
            _ => None,
        })
        .filter(|w| seen.insert(w.clone()))
        .collect();
    if let Some(last) = segs.iter().rev().find_map(word) {
        suffix.push(last);
    }
    Qualifiers { prefix, suffix }
}

/// The name at `depth`: up to `depth` prefix words; past the longest prefix
/// of the group (`widest`), suffix words too. An operation whose path runs
/// out of prefix words keeps its shortest name while the others qualify.
fn qualified(base: &str, q: &Qualifiers, depth: usize, widest: usize) -> String {
    let mut words: Vec<&str> = q.prefix.iter().take(depth).map(String::as_str).collect();
    words.reverse();
    words.push(base);
    words.extend(
        q.suffix
            .iter()
            .take(depth.saturating_sub(widest))
            .map(String::as_str),
    );
    words.join(".")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Source;
    use crate::ir::{PathTemplate, Response, TypeRef};

    fn op(id: &str, method: HttpMethod, paths: &[&str], page: &str) -> Operation {
        Operation {
            id: id.into(),
            summary: Default::default(),
            method,
            paths: paths
                .iter()
                .map(|t| PathTemplate {
                    template: t.to_string(),
                    params: vec![],
                    deprecated: None,
                    source: Source::new(page, 1),
                })
                .collect(),
            permissions: vec![],
            headers: vec![],
            request_body: None,
            response: None,
            function_parameters: vec![],
            source: Source::new(page, 1),
            area: None,
            also_documented_at: vec![],
        }
    }

    #[test]
    fn pages_documenting_one_operation_merge_and_the_newest_wins() {
        let old = op("call.create", HttpMethod::Post, &["/app/calls"], "seed.md");
        let new = op(
            "call.create",
            HttpMethod::Post,
            &["/app/calls", "/communications/calls"],
            "tree.md",
        );
        let mut sink = Sink::default();
        let ops = merge_and_name(
            vec![(old, Some((2020, 9, 18))), (new, Some((2022, 4, 1)))],
            &mut sink,
        );
        assert_eq!(ops.keys().collect::<Vec<_>>(), ["call.create"]);
        let merged = &ops["call.create"];
        assert_eq!(merged.source.page, "tree.md");
        assert_eq!(merged.paths.len(), 2);
        assert_eq!(merged.also_documented_at, [Source::new("seed.md", 1)]);
        assert_eq!(sink.items[0].code, Code::DuplicateOperation);
    }

    #[test]
    fn clashing_ids_are_qualified_by_their_paths_never_numbered() {
        let a = op(
            "assignment.list",
            HttpMethod::Get,
            &["/deviceAppManagement/managedEBooks/{id}/assignments"],
            "a.md",
        );
        let b = op(
            "assignment.list",
            HttpMethod::Get,
            &["/deviceAppManagement/mobileApps/{id}/assignments"],
            "b.md",
        );
        let c = op(
            "assignment.list2",
            HttpMethod::Get,
            &["/deviceManagement/deviceCompliancePolicies/{id}/assignments"],
            "c.md",
        );
        let d = op("user.list", HttpMethod::Get, &["/users"], "d.md");
        let mut sink = Sink::default();
        let ops = merge_and_name(vec![(a, None), (b, None), (c, None), (d, None)], &mut sink);
        let ids: Vec<&str> = ops.keys().map(String::as_str).collect();
        assert_eq!(
            ids,
            [
                "deviceCompliancePolicy.assignment.list",
                "managedEBook.assignment.list",
                "mobileApp.assignment.list",
                "user.list"
            ]
        );
        assert!(sink.items.is_empty());
    }

    #[test]
    fn a_single_valued_get_is_not_a_list() {
        let mut manager = op("manager.list", HttpMethod::Get, &["/me/manager"], "m.md");
        manager.response = Some(Response {
            status: 200,
            r#type: Some(TypeRef::named("microsoft.graph.directoryObject")),
            location_header: false,
            json_rows: None,
            description: Default::default(),
            source: Source::new("m.md", 2),
        });
        let ops = merge_and_name(vec![(manager, None)], &mut Sink::default());
        assert!(ops.contains_key("manager.get"));
    }

    #[test]
    fn dates_and_path_keys() {
        let fm: BTreeMap<String, String> =
            [("ms.lasthandoff".to_string(), "04/01/2022".to_string())].into();
        assert_eq!(page_date(&fm), Some((2022, 4, 1)));
        assert_eq!(
            path_key("/Communications/calls/{call-id}/answer"),
            path_key("/communications/calls/{id}/answer")
        );
    }
}
