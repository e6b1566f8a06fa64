//! The committed spec (every page of the ru-RU tree) and its cloud-communications area: what
//! they must hold. Tests that need the docs tree skip when `../shared` is absent.

use codegen::area::{self, Area};
use codegen::extract::resource::JsonShape;
use codegen::ir::{
    ApiVersion, ExampleRole, Model, Primitive, RequestBody, Spec, TypeKind, TypeRef, VersionSpec,
    store,
};
use codegen::pipeline::{self, Input};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn committed() -> Spec {
    let dir = root().join("specs/ir");
    store::from_files(|name| std::fs::read_to_string(dir.join(name)).ok()).expect("specs/ir loads")
}

fn ru_area() -> Option<Vec<Input>> {
    area_of("ru-RU")
}

/// The cloud-communications pages of one locale's tree, `None` when it is not here.
fn area_of(locale: &str) -> Option<Vec<Input>> {
    let docs = root().join("../shared/graph-docs").join(locale);
    if !docs.is_dir() {
        eprintln!("skipped: {} is not here", docs.display());
        return None;
    }
    let mut pages = Vec::new();
    let mut stack = vec![docs.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                let rel = path
                    .strip_prefix(&docs)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                pages.push(Input {
                    path: format!("{locale}/{rel}"),
                    bytes: std::fs::read(&path).unwrap(),
                });
            }
        }
    }
    let selected = area::select(Area::CloudCommunications, &pages);
    Some(
        pages
            .into_iter()
            .filter(|p| selected.contains(&p.path))
            .collect(),
    )
}

#[test]
fn the_committed_spec_is_every_page_of_the_tree() {
    let spec = committed();
    assert_eq!(spec.inputs.docs.as_deref(), Some("ru-RU"));
    assert_eq!(spec.inputs.area.as_deref(), Some("all"));
    let api = spec
        .pages
        .iter()
        .filter(|p| p.path.contains("/api/"))
        .count();
    let resources = spec
        .pages
        .iter()
        .filter(|p| p.path.contains("/resources/"))
        .count();
    // 13,059 pages of the tree, and the five seeds.
    assert_eq!(spec.pages.len(), 13_064);
    assert!((7_500..=9_000).contains(&api), "{api} API pages");
    assert!(
        (4_500..=5_500).contains(&resources),
        "{resources} resource pages"
    );
    for version in ApiVersion::ALL {
        let content = &spec.versions[&version];
        assert!(
            content.operations.len() > 1_800,
            "{version}: few operations"
        );
        assert!(content.types.len() > 1_600, "{version}: few types");
    }
    // Operations a calling bot needs, in both versions.
    for version in ApiVersion::ALL {
        let ops = &spec.versions[&version].operations;
        for id in [
            "call.create",
            "call.get",
            "call.delete",
            "call.answer",
            "call.reject",
            "call.redirect",
            "call.transfer",
            "call.playPrompt",
            "call.recordResponse",
            "call.subscribeToTone",
            "call.mute",
            "call.unmute",
            "call.keepAlive",
            "call.changeScreenSharingRole",
            "call.cancelMediaProcessing",
            "call.updateRecordingStatus",
            "participant.invite",
            "participant.list",
            "participant.get",
            "participant.mute",
            "participant.delete",
        ] {
            assert!(
                ops.contains_key(id),
                "{version}: {id} missing; have {:?}",
                ops.keys().collect::<Vec<_>>()
            );
        }
    }
}

/// Every identifier in the IR is ASCII: no translated name reached it.
#[test]
fn no_cyrillic_identifier_in_specs() {
    let spec = committed();
    let cyrillic = |s: &str| s.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c));
    let mut bad = Vec::new();
    let mut check = |what: &str, s: &str| {
        if cyrillic(s) {
            bad.push(format!("{what}: {s}"));
        }
    };
    let check_type = |check: &mut dyn FnMut(&str, &str), t: &TypeRef| check("type", &t.name);
    for content in spec.versions.values() {
        for (id, op) in &content.operations {
            check("operation", id);
            for p in &op.paths {
                check("path", &p.template);
                p.params
                    .iter()
                    .for_each(|x| check("path parameter", &x.name));
            }
            op.permissions
                .iter()
                .flat_map(|p| &p.scopes)
                .for_each(|s| check("scope", s));
            op.headers.iter().for_each(|h| check("header", &h.name));
            match &op.request_body {
                Some(RequestBody::Parameters { parameters, .. }) => {
                    for p in parameters {
                        check("parameter", &p.name);
                        check_type(&mut check, &p.r#type);
                        p.allowed_values.iter().for_each(|v| check("value", v));
                    }
                }
                Some(RequestBody::Resource { r#type, .. }) => check_type(&mut check, r#type),
                Some(RequestBody::Reference { .. }) | None => {}
            }
            if let Some(t) = op.response.as_ref().and_then(|r| r.r#type.as_ref()) {
                check_type(&mut check, t);
            }
        }
        for (name, t) in &content.types {
            check("type", name);
            t.base_type.iter().for_each(|b| check("base type", b));
            for p in &t.properties {
                check("property", &p.name);
                check_type(&mut check, &p.r#type);
                p.allowed_values.iter().for_each(|v| check("value", v));
            }
            t.members.iter().for_each(|m| check("enum member", &m.name));
        }
        for e in &content.examples {
            if let Some(Model::Type { r#type }) = &e.model {
                check_type(&mut check, r#type);
            }
        }
    }
    assert!(
        bad.is_empty(),
        "{} Cyrillic identifiers:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

/// The own and inherited properties of a type.
fn members<'a>(v: &'a VersionSpec, name: &str) -> Vec<&'a codegen::ir::Property> {
    let mut out = Vec::new();
    let mut current = Some(name.to_string());
    let mut seen = BTreeSet::new();
    while let Some(n) = current.take() {
        if !seen.insert(n.clone()) {
            break;
        }
        let Some(t) = v.types.get(&n) else { break };
        out.extend(t.properties.iter());
        current = t.base_type.clone();
    }
    out
}

fn related(v: &VersionSpec, a: &str, b: &str) -> bool {
    let chain = |n: &str| {
        let mut out = vec![n.to_string()];
        let mut current = v.types.get(n).and_then(|t| t.base_type.clone());
        while let Some(c) = current.take() {
            if out.contains(&c) {
                break;
            }
            current = v.types.get(&c).and_then(|t| t.base_type.clone());
            out.push(c);
        }
        out
    };
    a.eq_ignore_ascii_case(b)
        || chain(a).iter().any(|x| x.eq_ignore_ascii_case(b))
        || chain(b).iter().any(|x| x.eq_ignore_ascii_case(a))
}

/// Every member of every JSON-representation block in the area is a field of
/// its model, with the type the block gives.
#[test]
fn every_json_representation_member_is_a_field_with_its_type() {
    let Some(inputs) = ru_area() else { return };
    let spec = pipeline::extract_spec(&inputs);
    let (mut total, mut mismatches) = (0, Vec::new());
    for input in &inputs {
        let facts = pipeline::read_one(input).facts;
        let (Some(resource), Some(version)) = (&facts.resource, facts.version) else {
            continue;
        };
        let v = &spec.versions[&version];
        let Some(def) = v.types.values().find(|t| {
            t.kind != TypeKind::Enum
                && t.sources
                    .iter()
                    .any(|s| s.page == facts.path && s.line == resource.source.line)
        }) else {
            mismatches.push(format!("{}: no model for `{}`", facts.path, resource.name));
            continue;
        };
        let fields = members(v, &def.name);
        for jp in &resource.json_properties {
            total += 1;
            let Some(field) = fields.iter().find(|p| p.name == jp.name) else {
                mismatches.push(format!(
                    "{}:{} `{}.{}` is not a field",
                    facts.path, jp.line, def.name, jp.name
                ));
                continue;
            };
            let t = &field.r#type;
            let ok = t.collection == jp.collection
                && match &jp.shape {
                    JsonShape::Type(name) => related(v, &t.name, name),
                    JsonShape::Primitive(p) => match t.as_primitive() {
                        Some(q) => {
                            q == *p
                                || matches!(
                                    (p, q),
                                    (
                                        Primitive::Int32 | Primitive::Int64,
                                        Primitive::Int64 | Primitive::Double
                                    )
                                )
                        }
                        // `"String"` with a table that names the enum.
                        None => {
                            *p == Primitive::String
                                && v.types
                                    .get(&t.name)
                                    .is_some_and(|d| d.kind == TypeKind::Enum)
                        }
                    },
                    JsonShape::Enum(values) => match v.types.get(&t.name) {
                        Some(d) if d.kind == TypeKind::Enum => values
                            .iter()
                            .all(|x| d.members.iter().any(|m| &m.name == x)),
                        _ => {
                            t.as_primitive() == Some(Primitive::String)
                                && field.allowed_values == *values
                        }
                    },
                    JsonShape::Unknown(_) => true,
                };
            if !ok {
                mismatches.push(format!(
                    "{}:{} `{}.{}`: {:?} (collection {}) became {:?}",
                    facts.path, jp.line, def.name, jp.name, jp.shape, jp.collection, t
                ));
            }
        }
    }
    eprintln!(
        "{total} JSON-representation members checked, {} mismatches",
        mismatches.len()
    );
    assert!(total > 1000, "only {total} members");
    assert!(
        mismatches.is_empty(),
        "{} of {total}:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

/// ≥ 97% of the area's JSON examples round-trip; each other one has a reason.
#[test]
fn area_examples_round_trip_at_the_target_rate() {
    let Some(mut inputs) = ru_area() else { return };
    // The area as `cargo xtask extract --area cloud-communications` reads it: with the seeds.
    let seeds = root().join("specs/pages");
    for entry in std::fs::read_dir(&seeds).unwrap() {
        let path = entry.unwrap().path();
        inputs.push(Input {
            path: format!("pages/{}", path.file_name().unwrap().to_string_lossy()),
            bytes: std::fs::read(&path).unwrap(),
        });
    }
    let report = codegen::report::Report::new(&pipeline::extract_spec(&inputs));
    let rate = report.examples.roundtrip_ok as f64 / report.examples.total as f64;
    assert!(report.examples.total > 400);
    assert!(rate >= 0.97, "{:.1}% round-trip", rate * 100.0);
    every_failure_has_a_reason(&report);
}

/// The whole tree's examples: the rate per version may not fall below what this stop reached
/// (97.0% of v1.0, 95.0% of beta, measured on the committed spec; primitive answers such as
/// `{"value": true}` now round-trip through `runtime::PrimitiveAnswer`, which an earlier stop
/// had counted through made-up types). The target is 97%: the rest are reported, each with its
/// reason, in `cargo xtask report`.
#[test]
fn whole_tree_examples_round_trip_rate_does_not_fall() {
    let report = codegen::report::Report::new(&committed());
    for (version, floor) in [(ApiVersion::V1_0, 0.973), (ApiVersion::Beta, 0.970)] {
        let examples = &report.versions[&version].examples;
        let rate = examples.roundtrip_ok as f64 / examples.total as f64;
        assert!(examples.total > 3_000, "{version}: few examples");
        assert!(
            rate >= floor,
            "{version}: {:.1}% round-trip, below {:.1}%",
            rate * 100.0,
            floor * 100.0
        );
    }
    every_failure_has_a_reason(&report);
}

fn every_failure_has_a_reason(report: &codegen::report::Report) {
    for page in &report.per_page {
        for e in page.examples.iter().filter(|e| !e.ok) {
            assert!(
                e.reason.as_deref().is_some_and(|r| r.len() > 20),
                "{}:{}",
                page.path,
                e.line
            );
        }
    }
}

/// The property of `owner` named `name`, in the committed spec.
fn property<'a>(v: &'a VersionSpec, owner: &str, name: &str) -> Option<&'a codegen::ir::Property> {
    v.types
        .get(owner)?
        .properties
        .iter()
        .find(|p| p.name == name)
}

/// Rule 18: `callRecord`'s relationship row `сеансы` is translated and the
/// page has nothing else to settle it (navigation properties are not in the
/// JSON representation); the `GET callRecord?$expand=sessions` examples show
/// `sessions`, the one member no property claims, an array of sessions.
#[test]
fn a_translated_relationship_is_settled_by_the_examples() {
    let spec = committed();
    for version in [ApiVersion::V1_0, ApiVersion::Beta] {
        let v = &spec.versions[&version];
        let sessions = property(v, "microsoft.graph.callRecords.callRecord", "sessions")
            .unwrap_or_else(|| panic!("{version:?}: callRecord.sessions"));
        assert_eq!(
            sessions.r#type,
            TypeRef {
                name: "microsoft.graph.callRecords.session".into(),
                collection: true
            }
        );
        assert!(sessions.navigation && sessions.read_only && sessions.nullable);
        assert!(
            sessions.description.best().is_some_and(|d| !d.is_empty()),
            "the row's description comes along"
        );
    }
    let recovered = spec
        .diagnostics
        .iter()
        .filter(|d| d.code == codegen::diag::Code::NameRecovered && d.message.contains("`сеансы`"))
        .count();
    assert_eq!(recovered, 2, "one `name-recovered` per version");
}

/// Rule 12: `networkInfo`'s rows `Порт`, `dressipAddress` (a mangled
/// `reflexiveIPAddress`) and `Подсети` sit between rows that match, each
/// alone in its gap with one JSON member of its type; the mangled name must not
/// become a property of its own.
#[test]
fn mangled_and_translated_rows_pair_with_the_member_in_their_place() {
    let spec = committed();
    for version in [ApiVersion::V1_0, ApiVersion::Beta] {
        let v = &spec.versions[&version];
        let owner = "microsoft.graph.callRecords.networkInfo";
        assert!(
            property(v, owner, "dressipAddress").is_none(),
            "{version:?}: a mangled row name is not a property"
        );
        for name in ["port", "reflexiveIPAddress", "subnet"] {
            let p = property(v, owner, name).unwrap_or_else(|| panic!("{version:?}: {name}"));
            assert!(
                p.description.best().is_some_and(|d| !d.is_empty()),
                "{version:?}: `{name}` has its row's description"
            );
        }
        assert_eq!(
            property(v, owner, "port").map(|p| p.r#type.name.as_str()),
            Some("Edm.Int32")
        );
    }
    // Every row of `personName` that names a member is translated, and the table is in the
    // English names' order, not the JSON representation's: the rows pair alphabetically.
    let beta = &spec.versions[&ApiVersion::Beta];
    let owner = "microsoft.graph.personName";
    let type_of = |name: &str| {
        members(beta, owner)
            .into_iter()
            .find(|p| p.name == name)
            .map(|p| p.r#type.name.as_str())
    };
    assert_eq!(type_of("first"), Some("Edm.String"));
    // Inherited from `itemFacet`.
    assert_eq!(type_of("inference"), Some("microsoft.graph.inferenceData"));
    assert_eq!(
        type_of("pronunciation"),
        Some("microsoft.graph.yomiPersonName")
    );
}

/// Members of each type, as `(wire name, type name, collection)`, and enum members.
fn shape(v: &VersionSpec) -> std::collections::BTreeMap<&str, BTreeSet<(String, String, bool)>> {
    v.types
        .iter()
        .map(|(name, t)| {
            let members = t
                .properties
                .iter()
                .map(|p| (p.name.clone(), p.r#type.name.clone(), p.r#type.collection))
                .chain(
                    t.members
                        .iter()
                        .map(|m| (m.name.clone(), String::new(), false)),
                )
                .collect();
            (name.as_str(), members)
        })
        .collect()
}

/// The same pages in two machine translations (ru-RU: Cyrillic words; pt-BR: Portuguese words that
/// read like identifiers, `assunto` for `subject`) give the same types, member by member. Not yet
/// true: the differences may not grow beyond what this stop left (21 types and enums of v1.0, 36
/// of beta: translated member names that read like identifiers and that no JSON representation
/// shows, enum members translated in enum tables that no property lists, listed values the
/// pt-BR text joins differently); each is printed. Enum members the pt-BR tables translate into
/// words (`desconhecido`) are settled by the values the properties list (rule 37).
#[test]
fn ru_and_pt_trees_give_the_same_types() {
    let (Some(ru), Some(pt)) = (area_of("ru-RU"), area_of("pt-BR")) else {
        return;
    };
    let ru = pipeline::extract_spec(&ru);
    let pt = pipeline::extract_spec(&pt);
    let members = |spec: &Spec, name: &str| -> Vec<String> {
        let ty = &spec.versions[&ApiVersion::V1_0].types[name];
        ty.members.iter().map(|m| m.name.clone()).collect()
    };
    for name in [
        "microsoft.graph.callRecords.failureStage",
        "microsoft.graph.callRecords.clientPlatform",
    ] {
        let settled = members(&pt, name);
        assert!(
            settled.contains(&"unknown".to_string()),
            "{name}: {settled:?}"
        );
        assert!(
            !settled.contains(&"desconhecido".to_string()),
            "{name}: {settled:?}"
        );
        assert_eq!(settled, members(&ru, name), "{name}");
    }
    for (version, ceiling) in [(ApiVersion::V1_0, 16), (ApiVersion::Beta, 26)] {
        let (a, b) = (shape(&ru.versions[&version]), shape(&pt.versions[&version]));
        assert!(a.len() > 100, "{version}: {} types", a.len());
        let mut differing = Vec::new();
        for (name, members) in &a {
            match b.get(name) {
                Some(other) if other == members => {}
                Some(other) => {
                    let only_ru: Vec<_> = members.difference(other).collect();
                    let only_pt: Vec<_> = other.difference(members).collect();
                    differing.push(format!("{name}: ru-RU {only_ru:?}, pt-BR {only_pt:?}"));
                }
                None => {}
            }
        }
        let shared = a.keys().filter(|n| b.contains_key(*n)).count();
        assert!(
            shared * 10 >= a.len() * 9,
            "{version}: {shared} of {} types in both",
            a.len()
        );
        assert!(
            differing.len() <= ceiling,
            "{version}: {} types differ between ru-RU and pt-BR (at most {ceiling}):\n{}",
            differing.len(),
            differing.join("\n")
        );
    }
}

/// Descriptions are English wherever an English tree has the item: the committed spec was read
/// with `--english en-US-2021 --english en-US`, and at least 95% of the described items those
/// trees have are English (83% of all described items; the rest are newer than 2021, each a
/// `no-english` diagnostic).
#[test]
fn descriptions_are_english_where_an_english_tree_has_them() {
    let spec = committed();
    assert_eq!(spec.inputs.english, ["en-US-2021", "en-US"]);
    let docs = codegen::report::DocsLanguage::of(&spec);
    assert!(docs.items > 40_000, "{docs:?}");
    assert!(docs.english_share_of_known() >= 0.95, "{docs:?}");
    assert!(docs.english_share() >= 0.82, "{docs:?}");
    // A member the seeds translate, and the English tree says in English.
    let v1 = &spec.versions[&ApiVersion::V1_0];
    let answer = &v1.operations["call.answer"];
    let Some(RequestBody::Parameters { parameters, .. }) = &answer.request_body else {
        panic!("call.answer has a parameter table")
    };
    let media = parameters.iter().find(|p| p.name == "mediaConfig").unwrap();
    let english = media.description.en.as_deref().unwrap_or_default();
    assert!(
        english.is_ascii() && !english.is_empty(),
        "{:?}",
        media.description
    );
    let meeting = &v1.types["microsoft.graph.onlineMeeting"];
    let subject = meeting
        .properties
        .iter()
        .find(|p| p.name == "subject")
        .unwrap();
    assert_eq!(subject.description.en_source.as_deref(), Some("en-US-2021"));
    assert!(
        subject.description.localized.is_some(),
        "the translation stays"
    );
    // The English tree keeps `categories` on `outlookItem` only (the event page's row repeats
    // the inherited member): the same Graph item, so the event's member has the base's English.
    let event = &v1.types["microsoft.graph.event"];
    let categories = event
        .properties
        .iter()
        .find(|p| p.name == "categories")
        .unwrap();
    assert_eq!(
        categories.description.en.as_deref(),
        Some("The categories associated with the item"),
        "{:?}",
        categories.description
    );
}

/// An OData function's arguments come from its "Function parameters" table, typed, and the
/// endpoint takes them: `getPstnCalls(fromDateTime=…,toDateTime=…)`.
#[test]
fn function_parameters_are_typed_arguments() {
    let spec = committed();
    let op = &spec.versions[&ApiVersion::V1_0].operations["callRecord.getPstnCalls"];
    let args: Vec<(&str, &str)> = op
        .function_parameters
        .iter()
        .map(|p| (p.name.as_str(), p.r#type.name.as_str()))
        .collect();
    assert_eq!(
        args,
        [
            ("fromDateTime", "Edm.DateTimeOffset"),
            ("toDateTime", "Edm.DateTimeOffset")
        ]
    );
}

/// `site-post-columns.md` asks for "представление JSON ресурса [columnDefinition.][]", a link the
/// translation broke, and types its response only in the example's annotation: the create sends
/// and returns a `columnDefinition`. `dynamics-taxGroups-update.md` says it returns "the updated
/// **taxGroups** object" with no link: the update returns the resource it sends.
#[test]
fn creates_and_updates_are_typed_by_the_resource_they_send() {
    let spec = committed();
    let beta = &spec.versions[&ApiVersion::Beta];
    let resource = |op: &str| match &beta.operations[op].request_body {
        Some(codegen::ir::RequestBody::Resource { r#type, .. }) => r#type.name.clone(),
        other => panic!("{op}: {other:?}"),
    };
    let answer = |op: &str| {
        let response = beta.operations[op].response.as_ref().unwrap();
        (
            response.status,
            response.r#type.as_ref().map(|t| t.name.clone()),
        )
    };
    assert_eq!(
        resource("site.column.create"),
        "microsoft.graph.columnDefinition"
    );
    assert_eq!(
        answer("site.column.create"),
        (201, Some("microsoft.graph.columnDefinition".into()))
    );
    assert_eq!(resource("taxGroup.update"), "microsoft.graph.taxGroup");
    assert_eq!(
        answer("taxGroup.update"),
        (200, Some("microsoft.graph.taxGroup".into()))
    );
}

/// Rule 43: a create whose body table lists only members of the type it answers with sends that
/// type (its examples round-trip through it); the members the English docs require stay listed;
/// a table with a row that names no member (`workbookTable`'s `add`: `address`, `hasHeaders`)
/// stays a table.
#[test]
fn creates_whose_table_lists_their_type_send_that_type() {
    let spec = committed();
    let body = |version: ApiVersion, op: &str| match &spec.versions[&version].operations[op]
        .request_body
    {
        Some(RequestBody::Resource {
            r#type, required, ..
        }) => (r#type.name.clone(), required.clone()),
        other => panic!("{op}: {other:?}"),
    };
    let beta = ApiVersion::Beta;
    assert_eq!(
        body(beta, "acceptanceStatus.create"),
        (
            "microsoft.graph.termsAndConditionsAcceptanceStatus".into(),
            vec![]
        )
    );
    // The table's `Ischecked` is the member `isChecked`.
    assert_eq!(
        body(beta, "me.list.task.checklistItem.create").0,
        "microsoft.graph.checklistItem"
    );
    let (group, required) = body(ApiVersion::V1_0, "group.create");
    assert_eq!(group, "microsoft.graph.group");
    assert_eq!(
        required,
        [
            "displayName",
            "mailEnabled",
            "mailNickname",
            "securityEnabled"
        ]
    );
    let v1 = &spec.versions[&ApiVersion::V1_0];
    let group_examples: Vec<_> = v1
        .examples
        .iter()
        .filter(|e| {
            e.operation.as_deref() == Some("group.create") && e.role == ExampleRole::Request
        })
        .collect();
    assert!(!group_examples.is_empty());
    for example in group_examples {
        assert!(
            matches!(&example.model, Some(Model::Type { r#type }) if r#type.name == group),
            "{example:?}"
        );
    }
    assert!(matches!(
        spec.versions[&beta].operations["add.create"].request_body,
        Some(RequestBody::Parameters { .. })
    ));
}

/// Rule 31: `subscription.changeType` and `team.clone`'s body parameter `partsToClone` say their
/// value is a "comma-separated list" of members; `call.state` does not.
#[test]
fn comma_separated_members_and_parameters_are_marked() {
    let spec = committed();
    let v1 = &spec.versions[&ApiVersion::V1_0];
    let marked = |owner: &str, name: &str| property(v1, owner, name).unwrap().comma_separated;
    assert!(marked("microsoft.graph.subscription", "changeType"));
    assert!(!marked("microsoft.graph.call", "state"));
    let Some(codegen::ir::RequestBody::Parameters { parameters, .. }) =
        &v1.operations["team.clone"].request_body
    else {
        panic!("team.clone has a parameter table");
    };
    let parts = parameters
        .iter()
        .find(|p| p.name == "partsToClone")
        .unwrap();
    assert_eq!(parts.r#type.name, "microsoft.graph.clonableTeamParts");
    assert!(parts.comma_separated);
}

/// Rule 36: `POST …/owners/$ref` (`application-post-owners.md`, no body section) and
/// `POST /groups/{id}/members/$ref` (whose page calls the body a `directoryObject`) send an
/// entity reference; `DELETE …/$ref` sends nothing.
#[test]
fn ref_requests_send_an_entity_reference() {
    let spec = committed();
    let v1 = &spec.versions[&ApiVersion::V1_0];
    for op in [
        "application.owner.ref.create",
        "group.member.ref.create",
        "manager.ref.put",
    ] {
        assert!(
            matches!(
                v1.operations[op].request_body,
                Some(codegen::ir::RequestBody::Reference { .. })
            ),
            "{op}: {:?}",
            v1.operations[op].request_body
        );
    }
    let delete = v1
        .operations
        .values()
        .find(|op| {
            op.method == codegen::ir::HttpMethod::Delete
                && op.paths.iter().any(|p| p.template.ends_with("/$ref"))
        })
        .expect("a DELETE …/$ref");
    assert!(delete.request_body.is_none(), "{}", delete.id);
}

/// Rule 35: `schedule-post-shifts.md` has no request-body section; its create answers a `shift`
/// and its example posts one, so the body is a `shift`. `onenote-post-pages.md` creates a page
/// from HTML: no JSON body is shown, so none is inferred. `chat-post-installedapps.md` answers
/// nothing its collection names: it stays bodiless, its example reported.
#[test]
fn creates_without_a_body_section_send_what_they_create() {
    let spec = committed();
    let v1 = &spec.versions[&ApiVersion::V1_0];
    let body = |op: &str| match &v1.operations[op].request_body {
        Some(codegen::ir::RequestBody::Resource { r#type, .. }) => Some(r#type.name.clone()),
        Some(other) => panic!("{op}: {other:?}"),
        None => None,
    };
    assert_eq!(
        body("shift.create").as_deref(),
        Some("microsoft.graph.shift")
    );
    assert_eq!(
        body("openShift.create").as_deref(),
        Some("microsoft.graph.openShift")
    );
    assert_eq!(body("chat.installedApp.create"), None);
    let pages = v1
        .operations
        .values()
        .find(|op| {
            op.paths.iter().any(|p| p.template == "/me/onenote/pages")
                && op.method == codegen::ir::HttpMethod::Post
        })
        .expect("the OneNote page create");
    assert!(pages.request_body.is_none(), "{pages:?}");
}

/// Rule 45: Dynamics 365 Business Central's operation pages type nothing (their objects are
/// named in translated bold), but the resource page `currencies` lists them in its "Methods":
/// its get answers it, its create and update send and answer it, and the update's path guess
/// (`currency`, which no page defines) is not a second type. The get's JSON, after a bold
/// "Response" with no status line, is its answer and round-trips.
#[test]
fn operations_a_resource_page_lists_work_on_its_type() {
    let spec = committed();
    let beta = &spec.versions[&ApiVersion::Beta];
    let currencies = TypeRef::named("microsoft.graph.currencies");
    let body = |op: &str| match &beta.operations[op].request_body {
        Some(RequestBody::Resource { r#type, .. }) => Some(r#type.clone()),
        _ => None,
    };
    let answer = |op: &str| beta.operations[op].response.as_ref()?.r#type.clone();
    assert_eq!(answer("currency.get"), Some(currencies.clone()));
    for op in ["currency.create", "currency.update"] {
        assert_eq!(body(op), Some(currencies.clone()), "{op}");
        assert_eq!(answer(op), Some(currencies.clone()), "{op}");
    }
    assert!(!beta.types.contains_key("microsoft.graph.currency"));
    // A path guess gives way elsewhere too: `…/decisions/{id}` is not a `decision`.
    assert_eq!(
        body("decision.update").map(|t| t.name),
        Some("microsoft.graph.accessReviewInstanceDecisionItem".to_string())
    );
    let get: Vec<&codegen::ir::Example> = beta
        .examples
        .iter()
        .filter(|e| e.source.page.ends_with("/dynamics-currencies-get.md"))
        .collect();
    assert_eq!(get.len(), 1);
    assert_eq!(get[0].role, ExampleRole::Response);
    assert_eq!(get[0].model, Some(Model::Type { r#type: currencies }));
}

/// Rule 46: `chatMessage.hostedContents` is documented as one object (in English too), but every
/// example sends an array of them: a collection. One example against the page is not enough
/// (`invitation.invitedUser`), and Graph's `Json` holds arrays as it is (`workbookRange.values`).
/// Rule 47: an enum answers as a primitive does, `{"value": "inprogress"}`.
#[test]
fn examples_settle_collections_and_enum_answers() {
    let spec = committed();
    let beta = &spec.versions[&ApiVersion::Beta];
    let member = |owner: &str, name: &str| property(beta, owner, name).unwrap().r#type.clone();
    assert_eq!(
        member("microsoft.graph.chatMessage", "hostedContents"),
        TypeRef::collection_of("microsoft.graph.chatMessageHostedContent")
    );
    assert!(!member("microsoft.graph.invitation", "invitedUser").collection);
    assert_eq!(
        member("microsoft.graph.workbookRange", "values"),
        TypeRef::named("Edm.Untyped")
    );
    let connect = "chromeOSOnboardingSetting.connect";
    let answer = beta.operations[connect].response.as_ref().unwrap();
    let status = answer.r#type.as_ref().unwrap();
    assert_eq!(beta.types[&status.name].kind, TypeKind::Enum);
    let report = codegen::report::Report::new(&spec);
    let page = report
        .per_page
        .iter()
        .find(|p| {
            p.path
                .ends_with("/intune-chromebooksync-chromeosonboardingsettings-connect.md")
        })
        .unwrap();
    assert!(page.examples.iter().all(|e| e.ok), "{:?}", page.examples);
}

/// Rule 44: a report answers a stream (CSV), or, asked `$format=application/json`, a page of
/// untagged rows: they are the type the function names (`emailActivityUserDetail`), inferred
/// from the examples, whose dates (`"2017-09-01"` in a `…Date` member) are `Edm.Date`.
#[test]
fn a_reports_json_rows_are_the_type_its_function_names() {
    let spec = committed();
    let beta = &spec.versions[&ApiVersion::Beta];
    let op = "report.getEmailActivityUserDetail";
    let response = beta.operations[op].response.as_ref().unwrap();
    assert_eq!(
        response.r#type.as_ref().and_then(TypeRef::as_primitive),
        Some(Primitive::Stream)
    );
    let rows = "microsoft.graph.emailActivityUserDetail";
    assert_eq!(response.json_rows, Some(TypeRef::collection_of(rows)));
    let answers: Vec<_> = beta
        .examples
        .iter()
        .filter(|e| e.operation.as_deref() == Some(op) && e.role == ExampleRole::Response)
        .filter_map(|e| e.model.as_ref())
        .collect();
    assert_eq!(
        answers,
        [&Model::Type {
            r#type: TypeRef::collection_of(rows)
        }]
    );
    let type_of = |name: &str| property(beta, rows, name).map(|p| p.r#type.name.as_str());
    assert_eq!(type_of("lastActivityDate"), Some("Edm.Date"));
    assert_eq!(type_of("reportRefreshDate"), Some("Edm.Date"));
    assert_eq!(type_of("sendCount"), Some("Edm.Int32"));
    assert_eq!(type_of("userPrincipalName"), Some("Edm.String"));
}

/// Primitive answers are typed: by the annotation (`domain-promote.md`: `Edm.Boolean`), or by
/// the `value` the examples show when no annotation says more (`{"value": "…"}`, `{"value": 2}`).
#[test]
fn primitive_answers_are_typed() {
    let spec = committed();
    let answer = |version: ApiVersion, op: &str| {
        let response = spec.versions[&version].operations[op]
            .response
            .clone()
            .unwrap();
        response.r#type.map(|t| (t.name, t.collection))
    };
    assert_eq!(
        answer(ApiVersion::Beta, "domain.promote"),
        Some(("Edm.Boolean".into(), false))
    );
    assert_eq!(
        answer(
            ApiVersion::V1_0,
            "deviceConfiguration.getOmaSettingPlainTextValue"
        ),
        Some(("Edm.String".into(), false))
    );
    assert_eq!(
        answer(
            ApiVersion::V1_0,
            "organization.setMobileDeviceManagementAuthority"
        ),
        Some(("Edm.Int32".into(), false))
    );
}

/// Rule 30: the ru-RU enum table of `lifecycleEventType` translates `missed` (`Пропустил`) and
/// nothing on the page settles it; the English trees list the enum with exactly that one member
/// more, so it is `missed`, reported as recovered.
#[test]
fn enum_members_a_translation_dropped_are_settled_by_the_english_trees() {
    let spec = committed();
    let enum_members = |version: ApiVersion, name: &str| -> Vec<String> {
        spec.versions[&version].types[name]
            .members
            .iter()
            .map(|m| m.name.clone())
            .collect()
    };
    for version in [ApiVersion::V1_0, ApiVersion::Beta] {
        assert_eq!(
            enum_members(version, "microsoft.graph.lifecycleEventType"),
            ["missed", "subscriptionRemoved", "reauthorizationRequired"],
            "{version:?}"
        );
    }
    let recovered = spec
        .diagnostics
        .iter()
        .filter(|d| {
            d.code == codegen::diag::Code::NameRecovered
                && d.message.contains("`Пропустил`")
                && d.message.contains("it is `missed`")
        })
        .count();
    assert!(recovered >= 2, "one per version at least, got {recovered}");
    assert!(!spec.diagnostics.iter().any(|d| {
        d.code == codegen::diag::Code::NameUnrecoverable && d.message.contains("`Пропустил`")
    }));
    // Four words dropped, two of them given back by the property's list (`offering`,
    // `paused`): en-US-2021's enum, which holds every other member, settles the rest.
    assert_eq!(
        enum_members(
            ApiVersion::Beta,
            "microsoft.graph.windowsUpdates.deploymentStateValue"
        ),
        [
            "scheduled",
            "offering",
            "paused",
            "faulted",
            "archived",
            "unknownFutureValue"
        ]
    );
}

/// The type of `owner.member` in `version`, by its Graph names: the type's name and whether the
/// member is a collection of it.
fn member_type<'s>(
    spec: &'s Spec,
    version: ApiVersion,
    owner: &str,
    member: &str,
) -> Option<(&'s str, bool)> {
    let owner = spec.versions[&version].types.get(owner)?;
    let prop = owner.properties.iter().find(|p| p.name == member)?;
    Some((prop.r#type.name.as_str(), prop.r#type.collection))
}

/// The members of an enum of `version`, in order.
fn enum_members<'s>(spec: &'s Spec, version: ApiVersion, name: &str) -> Vec<&'s str> {
    let members = &spec.versions[&version].types[name].members;
    members.iter().map(|m| m.name.as_str()).collect()
}

/// Rule 49: beta's `operationStatus` table translates three of its four members, so rule 21 first
/// found no named enum for `commsOperation.status` and made one; once `en-US-2021` settles the
/// members, the status of every comms operation is `operationStatus`, in Graph's lowerCamel, and
/// the made enum is gone. The same holds for Graph enums such as `tone` and `importance`.
#[test]
fn listed_values_join_the_enum_the_english_trees_settle() {
    let spec = committed();
    let beta = ApiVersion::Beta;
    for owner in [
        "microsoft.graph.commsOperation",
        "microsoft.graph.cancelMediaProcessingOperation",
        "microsoft.graph.inviteParticipantsOperation",
    ] {
        assert_eq!(
            member_type(&spec, beta, owner, "status"),
            Some(("microsoft.graph.operationStatus", false)),
            "{owner}"
        );
    }
    assert_eq!(
        enum_members(&spec, beta, "microsoft.graph.operationStatus"),
        ["notStarted", "running", "completed", "failed"]
    );
    let made = "microsoft.graph.cancelMediaProcessingOperationStatus";
    assert!(!spec.versions[&beta].types.contains_key(made));
    // One compound member name whose value sets overlap is one enum listed in parts.
    for owner in ["participantInfo", "invitationParticipantInfo"] {
        let owner = format!("microsoft.graph.{owner}");
        assert_eq!(
            member_type(&spec, beta, &owner, "endpointType"),
            Some(("microsoft.graph.endpointType", false)),
            "{owner}"
        );
    }
    assert_eq!(
        enum_members(&spec, beta, "microsoft.graph.endpointType"),
        [
            "default",
            "voicemail",
            "skypeForBusiness",
            "skypeForBusinessVoipPhone"
        ]
    );
    for version in [ApiVersion::V1_0, ApiVersion::Beta] {
        assert_eq!(
            member_type(&spec, version, "microsoft.graph.toneInfo", "tone"),
            Some(("microsoft.graph.tone", false)),
            "{version:?}"
        );
        for made in ["toneInfoTone", "eventImportance", "baseTaskImportance"] {
            let name = format!("microsoft.graph.{made}");
            let types = &spec.versions[&version].types;
            assert!(!types.contains_key(&name), "{version:?} {made}");
        }
    }
}

/// Rules 14 and 24: a cell that names an enum by Graph's humped name over a JSON `"String"`
/// (`identityUserFlowAttributeDataType`, on the base page and on both derived pages) is that
/// enum, not a word the tree uses for strings; and its table, whose first two members the
/// translation changed (`Строка`, `логический`) and which ends with `unknownFutureValue`, takes
/// them by position from the list the member gives, since the other members stand where the list
/// has them. Before, the member was a made `dataType` enum and the Graph enum lacked two members.
#[test]
fn humped_enum_names_are_enums_and_their_tables_align_with_the_lists() {
    let spec = committed();
    for version in [ApiVersion::V1_0, ApiVersion::Beta] {
        let data_type = "microsoft.graph.identityUserFlowAttributeDataType";
        assert_eq!(
            member_type(
                &spec,
                version,
                "microsoft.graph.identityUserFlowAttribute",
                "dataType"
            ),
            Some((data_type, false)),
            "{version:?}"
        );
        assert_eq!(
            enum_members(&spec, version, data_type),
            [
                "string",
                "boolean",
                "int64",
                "stringCollection",
                "dateTime",
                "unknownFutureValue"
            ],
            "{version:?}"
        );
        // `freeBusyStatus` is named the same way on the calendar pages.
        assert_eq!(
            member_type(&spec, version, "microsoft.graph.event", "showAs"),
            Some(("microsoft.graph.freeBusyStatus", false)),
            "{version:?}"
        );
        assert_eq!(
            enum_members(&spec, version, "microsoft.graph.freeBusyStatus"),
            [
                "free",
                "tentative",
                "busy",
                "oof",
                "workingElsewhere",
                "unknown"
            ],
            "{version:?}"
        );
    }
}

/// Rule 24: a learned collection word beside a bare name reads as a collection of that type: the
/// ru-RU `educationUser` rows `[коллекция relatedContact]` and `Коллекция [educationClass]` (a
/// reference link with no target) are members, not rows without a type.
#[test]
fn a_collection_word_beside_a_bare_name_is_a_collection_of_it() {
    let spec = committed();
    for version in [ApiVersion::V1_0, ApiVersion::Beta] {
        assert_eq!(
            member_type(
                &spec,
                version,
                "microsoft.graph.educationUser",
                "relatedContacts"
            ),
            Some(("microsoft.graph.relatedContact", true)),
            "{version:?}"
        );
    }
}

/// Rule 51: v1.0's Excel and OneNote pages link types by file name (`rangeformat.md`,
/// `section.md`), whose pages define `workbookRangeFormat` and `onenoteSection`: the members are
/// typed by those, and no type is named after a file.
#[test]
fn links_by_file_name_name_the_type_the_page_defines() {
    let spec = committed();
    let v1 = ApiVersion::V1_0;
    assert_eq!(
        member_type(&spec, v1, "microsoft.graph.workbookRange", "format"),
        Some(("microsoft.graph.workbookRangeFormat", false))
    );
    assert_eq!(
        member_type(&spec, v1, "microsoft.graph.notebook", "sections"),
        Some(("microsoft.graph.onenoteSection", true))
    );
    assert_eq!(
        member_type(&spec, v1, "microsoft.graph.workbookWorksheet", "protection"),
        Some(("microsoft.graph.workbookWorksheetProtection", false))
    );
    // A link text that qualifies the enum its anchor names keeps the sub-namespace.
    assert_eq!(
        member_type(
            &spec,
            v1,
            "microsoft.graph.security.caseOperation",
            "status"
        ),
        Some(("microsoft.graph.security.caseOperationStatus", false))
    );
    for file_name in [
        "rangeformat",
        "section",
        "worksheet",
        "chartpoint",
        "caseoperationstatus",
    ] {
        let name = format!("microsoft.graph.{file_name}");
        assert!(!spec.versions[&v1].types.contains_key(&name), "{name}");
    }
}

/// Rule 52: the ru-RU Dynamics pages spell `agedAccountsPayable` only as the file name; the
/// English tree's spelling names the type, and a capitalized heading word does not.
#[test]
fn lowercase_only_types_take_the_english_trees_spelling() {
    let spec = committed();
    let beta = &spec.versions[&ApiVersion::Beta];
    for cased in [
        "agedAccountsPayable",
        "companyInformation",
        "teamsAppInstalledState",
    ] {
        let name = format!("microsoft.graph.{cased}");
        assert!(beta.types.contains_key(&name), "{name}");
        let lower = name.to_lowercase();
        assert!(!beta.types.contains_key(&lower), "{lower}");
    }
    assert!(beta.types.contains_key("microsoft.graph.roles"));
    assert!(!beta.types.contains_key("microsoft.graph.Roles"));
}

/// Rule 53: v1.0's `user` page names no base, beta's derives it from `directoryObject`, and its
/// JSON shows every member `directoryObject`'s does: it derives from it in both versions. Beta's
/// `message` takes `outlookItem` from v1.0 the same way.
#[test]
fn bases_come_from_the_other_version_when_the_members_fit() {
    let spec = committed();
    let base =
        |version: ApiVersion, name: &str| spec.versions[&version].types[name].base_type.clone();
    for version in [ApiVersion::V1_0, ApiVersion::Beta] {
        assert_eq!(
            base(version, "microsoft.graph.user").as_deref(),
            Some("microsoft.graph.directoryObject"),
            "{version:?}"
        );
        assert_eq!(
            base(version, "microsoft.graph.message").as_deref(),
            Some("microsoft.graph.outlookItem"),
            "{version:?}"
        );
    }
}

/// Rule 54: the relationship `Решения` of beta's `accessReview` is settled by the path of
/// `accessReview.decision.list` (`/accessReviews/{reviewId}/decisions`), which answers its type;
/// `Услуги` of `bookingBusiness` by `/bookingBusinesses/{id}/services`, in both versions.
#[test]
fn translated_rows_are_settled_by_the_paths_that_answer_their_type() {
    let spec = committed();
    assert_eq!(
        member_type(
            &spec,
            ApiVersion::Beta,
            "microsoft.graph.accessReview",
            "decisions"
        ),
        Some(("microsoft.graph.accessReviewDecision", true))
    );
    for version in [ApiVersion::V1_0, ApiVersion::Beta] {
        assert_eq!(
            member_type(
                &spec,
                version,
                "microsoft.graph.bookingBusiness",
                "services"
            ),
            Some(("microsoft.graph.bookingService", true)),
            "{version:?}"
        );
    }
}

/// A parameter table whose rows the translation turned into words (`идентификаторы полезных
/// данных` | `Коллекция строк`, under a `Свойство` header) is still the action's body, its rows
/// named after the request example (`payloadIds`), not dropped without a word.
#[test]
fn parameter_rows_in_words_are_named_by_the_request_example() {
    let spec = committed();
    let beta = &spec.versions[&ApiVersion::Beta];
    let op = &beta.operations["mobileApp.hasPayloadLinks"];
    let Some(RequestBody::Parameters { parameters, .. }) = &op.request_body else {
        panic!("{:?}", op.request_body)
    };
    let names: Vec<(&str, &str, bool)> = parameters
        .iter()
        .map(|p| (p.name.as_str(), p.r#type.name.as_str(), p.r#type.collection))
        .collect();
    assert_eq!(names, [("payloadIds", "Edm.String", true)]);
    // A create whose page sends a resource keeps it: the rows are that resource's members.
    let v1 = &spec.versions[&ApiVersion::V1_0];
    assert!(
        matches!(
            &v1.operations["set.children.create"].request_body,
            Some(RequestBody::Resource { r#type, .. }) if r#type.name == "microsoft.graph.termStore.term"
        ),
        "{:?}",
        v1.operations["set.children.create"].request_body
    );
}

/// "Collection" in a linked type's name is not the prose saying "a collection of": a
/// `configManagerCollection` is one object, an `attendanceRecord` list is a page of them.
#[test]
fn a_type_named_collection_is_one_object() {
    let spec = committed();
    let beta = &spec.versions[&ApiVersion::Beta];
    for id in [
        "configManagerCollection.get",
        "appLogCollectionRequest.create",
    ] {
        let response = beta.operations[id].response.as_ref().unwrap();
        let r#type = response.r#type.as_ref().unwrap();
        assert!(r#type.name.contains("Collection"), "{id}: {type:?}");
        assert!(!r#type.collection, "{id}: {type:?}");
    }
    let v1 = &spec.versions[&ApiVersion::V1_0];
    let list = v1.operations["attendanceRecord.list"]
        .response
        .as_ref()
        .unwrap();
    assert!(list.r#type.as_ref().unwrap().collection, "{list:?}");
}

/// An example whose annotation names a primitive its own JSON is not (`"@odata.type":
/// "string"` over `{"value": true}`) round-trips through the type the page documents
/// (`Boolean`), with a `conflict` info, instead of failing on the annotation's word.
#[test]
fn an_annotation_its_json_contradicts_gives_way_to_the_documented_type() {
    let spec = committed();
    let report = codegen::report::Report::new(&spec);
    let page = report
        .per_page
        .iter()
        .find(|p| p.path == "ru-RU/v1.0/api/serviceupdatemessage-archive.md")
        .expect("the page is read");
    assert!(!page.examples.is_empty());
    assert!(page.examples.iter().all(|e| e.ok), "{:?}", page.examples);
    assert!(
        spec.diagnostics
            .iter()
            .any(|d| { d.page == page.path && d.message.contains("annotation says `Edm.String`") })
    );
}

/// Rule 42: `conversationMembers/add` answers a collection of `actionResultPart` whose items are
/// tagged `aadUserConversationMemberResult`, a type no page defines: it derives from the type its
/// place expects, and the `"error": null` its items show makes the declared `error` nullable.
#[test]
fn tagged_objects_derive_from_the_type_their_place_expects() {
    let spec = committed();
    let types = &spec.versions[&ApiVersion::V1_0].types;
    let result = &types["microsoft.graph.aadUserConversationMemberResult"];
    assert_eq!(
        result.base_type.as_deref(),
        Some("microsoft.graph.actionResultPart")
    );
    let error = types["microsoft.graph.actionResultPart"]
        .properties
        .iter()
        .find(|p| p.name == "error")
        .expect("actionResultPart.error");
    assert!(error.nullable);
}

/// `orgContact`'s page names its type only by its anchor, `orgcontact`; the pages that link it
/// spell `orgContact`, and that spelling names the type (`OrgContact`, not `Orgcontact`).
#[test]
fn a_cased_spelling_wins_over_a_pages_lowercase_anchor() {
    let spec = committed();
    let v1 = &spec.versions[&ApiVersion::V1_0];
    for (cased, lowercase) in [
        ("microsoft.graph.orgContact", "microsoft.graph.orgcontact"),
        (
            "microsoft.graph.printFinishing",
            "microsoft.graph.printfinishing",
        ),
    ] {
        assert!(v1.types.contains_key(cased), "{cased}");
        assert!(!v1.types.contains_key(lowercase), "{lowercase}");
    }
    assert_eq!(
        v1.types["microsoft.graph.orgContact"].origin,
        codegen::ir::Origin::Defined
    );
}
