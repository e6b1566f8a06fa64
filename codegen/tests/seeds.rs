//! The extractor on the five seed pages: what each page must yield.

use codegen::diag::Code;
use codegen::ir::{
    ApiVersion, ExampleRole, HttpMethod, Model, Origin, RequestBody, Spec, VersionSpec,
};
use codegen::pipeline::{self, Input};
use std::path::Path;
use std::sync::OnceLock;

fn seed_inputs() -> Vec<Input> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/pages");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| Input {
            bytes: std::fs::read(dir.join(&n)).unwrap(),
            path: format!("pages/{n}"),
        })
        .collect()
}

fn spec() -> &'static Spec {
    static SPEC: OnceLock<Spec> = OnceLock::new();
    SPEC.get_or_init(|| pipeline::extract_spec(&seed_inputs()))
}

fn beta() -> &'static VersionSpec {
    &spec().versions[&ApiVersion::Beta]
}

#[test]
fn all_five_pages_produce_their_operations() {
    let v1 = &spec().versions[&ApiVersion::V1_0];
    assert_eq!(
        v1.operations.keys().collect::<Vec<_>>(),
        ["call.updateRecordingStatus"]
    );
    assert_eq!(
        beta().operations.keys().collect::<Vec<_>>(),
        [
            "call.create",
            "call.updateMetadata",
            "call.updateRecordingStatus",
            "participant.invite"
        ]
    );
    for page in &spec().pages {
        assert!(
            page.skipped.is_none(),
            "{} skipped: {:?}",
            page.path,
            page.skipped
        );
        assert_eq!(page.operations.len(), 1, "{}", page.path);
    }
}

#[test]
fn front_matter_is_kept() {
    let page = spec()
        .pages
        .iter()
        .find(|p| p.path.ends_with("000_52f2b910e3db41c3.txt"))
        .unwrap();
    let fm = &page.front_matter;
    assert_eq!(fm["title"], "Call: Упдатеметадата");
    assert_eq!(
        fm["description"],
        "Обновление метаданных апплиатион, связанных с вызовом."
    );
    assert_eq!(fm["ms.prod"], "cloud-communications");
    assert_eq!(fm["doc_type"], "apiPageType");
    assert_eq!(fm["ms.contentlocale"], "ru-RU");
    assert_eq!(fm["ms.translationtype"], "MT");
    assert!(page.bilingual);
    assert_eq!(page.title.en.as_deref(), Some("call: updateMetadata"));
    assert_eq!(
        page.title.localized.as_deref(),
        Some("Call: Упдатеметадата")
    );
}

#[test]
fn english_spans_are_the_truth_for_names_and_text() {
    let op = &beta().operations["call.updateMetadata"];
    let Some(RequestBody::Parameters { parameters, .. }) = &op.request_body else {
        panic!()
    };
    let names: Vec<_> = parameters.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["metadata", "clientContext"]);
    assert_eq!(
        parameters[0].description.en.as_deref(),
        Some("A blob of data provided by the participant in the roster.")
    );
    assert_eq!(
        op.summary.en.as_deref(),
        Some("Update the appliation's metadata associated with a call.")
    );
    assert_eq!(
        op.summary.localized.as_deref(),
        Some("Обновление метаданных апплиатион, связанных с вызовом.")
    );
    // The translation is recorded as recovered, never used as a name.
    let recovered: Vec<_> = spec()
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::NameRecovered && d.page.contains("000_"))
        .collect();
    assert!(
        recovered
            .iter()
            .any(|d| d.message.contains("`metadata`") && d.message.contains("`метаданных`")),
        "{recovered:?}"
    );
    assert!(
        recovered
            .iter()
            .any(|d| d.message.contains("`clientContext`") && d.message.contains("`Контекст`"))
    );
}

/// No identifier anywhere in the IR is Cyrillic: names, types, paths, ids.
#[test]
fn no_mangled_identifier_reaches_the_ir() {
    let cyrillic = |s: &str| s.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c));
    for (version, content) in &spec().versions {
        for (id, op) in &content.operations {
            assert!(!cyrillic(id), "{version} {id}");
            for p in &op.paths {
                assert!(!cyrillic(&p.template));
                assert!(p.params.iter().all(|x| !cyrillic(&x.name)));
            }
            if let Some(RequestBody::Parameters { parameters, .. }) = &op.request_body {
                assert!(
                    parameters
                        .iter()
                        .all(|p| !cyrillic(&p.name) && !cyrillic(&p.r#type.name))
                );
            }
            for p in &op.permissions {
                assert!(p.scopes.iter().all(|s| !cyrillic(s)), "{:?}", p.scopes);
            }
        }
        for (name, t) in &content.types {
            assert!(!cyrillic(name));
            assert!(
                t.properties
                    .iter()
                    .all(|p| !cyrillic(&p.name) && !cyrillic(&p.r#type.name))
            );
        }
    }
}

#[test]
fn http_request_section_gives_paths_params_and_deprecation() {
    let op = &beta().operations["call.updateMetadata"];
    assert_eq!(op.method, HttpMethod::Post);
    let templates: Vec<_> = op.paths.iter().map(|p| p.template.as_str()).collect();
    assert_eq!(
        templates,
        [
            "/app/calls/{id}/updateMetadata",
            "/communications/calls/{id}/updateMetadata"
        ]
    );
    assert_eq!(op.paths[0].params[0].name, "callId");
    assert_eq!(op.paths[0].params[0].placeholder, "id");
    assert_eq!(op.paths[0].source.line, 35);
    let note = op.paths[0]
        .deprecated
        .as_ref()
        .expect("the /app path is deprecated");
    assert_eq!(
        note.en.as_deref(),
        Some("Note: The /app path is deprecated. Going forward, use the /communications path.")
    );
    assert!(op.paths[1].deprecated.is_none());

    let invite = &beta().operations["participant.invite"];
    let names: Vec<Vec<&str>> = invite
        .paths
        .iter()
        .map(|p| p.params.iter().map(|x| x.name.as_str()).collect())
        .collect();
    assert_eq!(names, [vec!["callId"], vec!["applicationId", "callId"]]);
}

#[test]
fn permissions_and_headers_are_read_in_english() {
    let op = &beta().operations["call.create"];
    let app = op
        .permissions
        .iter()
        .find(|p| p.kind == "Application")
        .unwrap();
    assert_eq!(
        app.scopes,
        [
            "Calls.JoinGroupCallsasGuest.All",
            "Calls.JoinGroupCalls.All",
            "Calls.Initiate.All",
            "Calls.InitiateGroupCalls.All"
        ]
    );
    assert!(
        op.permissions
            .iter()
            .filter(|p| p.kind.starts_with("Delegated"))
            .all(|p| p.scopes.is_empty())
    );
    assert_eq!(op.headers[0].name, "Authorization");
}

#[test]
fn bodies_from_tables_and_from_resources() {
    let invite = &beta().operations["participant.invite"];
    let Some(RequestBody::Parameters { parameters, .. }) = &invite.request_body else {
        panic!()
    };
    assert_eq!(parameters[0].name, "participants");
    assert_eq!(
        parameters[0].r#type.name,
        "microsoft.graph.invitationParticipantInfo"
    );
    assert!(parameters[0].r#type.collection);
    assert_eq!(parameters[1].r#type.name, "Edm.String");

    let create = &beta().operations["call.create"];
    let Some(RequestBody::Resource { r#type, .. }) = &create.request_body else {
        panic!()
    };
    assert_eq!(r#type.name, "microsoft.graph.call");

    let status = &spec().versions[&ApiVersion::V1_0].operations["call.updateRecordingStatus"];
    let Some(RequestBody::Parameters { parameters, .. }) = &status.request_body else {
        panic!()
    };
    // The listed values type the parameter by an enum (rule 21), members in page order.
    let v1 = &spec().versions[&ApiVersion::V1_0];
    let listed = &v1.types[&parameters[1].r#type.name];
    assert_eq!(listed.kind, codegen::ir::TypeKind::Enum);
    let members: Vec<&str> = listed.members.iter().map(|m| m.name.as_str()).collect();
    for value in ["notRecording", "recording", "failed"] {
        assert!(members.contains(&value), "{members:?}");
    }
    assert!(parameters[1].allowed_values.is_empty());
}

#[test]
fn responses_from_the_prose() {
    let r = beta().operations["call.updateMetadata"]
        .response
        .as_ref()
        .unwrap();
    assert_eq!(
        (r.status, r.r#type.as_ref().unwrap().name.as_str()),
        (202, "microsoft.graph.commsOperation")
    );
    assert!(r.location_header);
    let r = beta().operations["call.create"].response.as_ref().unwrap();
    assert_eq!(
        (r.status, r.r#type.as_ref().unwrap().name.as_str()),
        (201, "microsoft.graph.call")
    );
    let r = spec().versions[&ApiVersion::V1_0].operations["call.updateRecordingStatus"]
        .response
        .as_ref()
        .unwrap();
    assert_eq!(
        (r.status, r.r#type.as_ref().unwrap().name.as_str()),
        (200, "microsoft.graph.updateRecordingStatusOperation")
    );
    // The example answers 200 where the prose says 202: reported, prose kept.
    assert!(
        spec()
            .diagnostics
            .iter()
            .any(|d| d.code == Code::Conflict && d.page.contains("000_") && d.line == 107)
    );
}

#[test]
fn examples_are_paired_and_typed() {
    let examples: Vec<_> = beta()
        .examples
        .iter()
        .filter(|e| e.source.page.contains("000_"))
        .collect();
    assert_eq!(examples.len(), 2);
    assert_eq!(examples[0].role, ExampleRole::Request);
    assert_eq!(
        examples[0].model,
        Some(Model::RequestBody {
            operation: "call.updateMetadata".into()
        })
    );
    assert_eq!(examples[1].role, ExampleRole::Response);
    assert_eq!(examples[1].name.as_deref(), Some("call-updateMetadata"));
    assert_eq!(
        examples[1].operation.as_deref(),
        Some("call.updateMetadata")
    );
    assert!(examples[1].truncated);

    // 003: unannotated `http` request lines followed by `example` JSON blocks,
    // and notifications posted to the bot's callback.
    let create: Vec<_> = beta()
        .examples
        .iter()
        .filter(|e| e.source.page.contains("003_"))
        .collect();
    let requests = create
        .iter()
        .filter(|e| e.role == ExampleRole::Request)
        .count();
    let notifications = create
        .iter()
        .filter(|e| matches!(&e.model, Some(Model::Type { r#type }) if r#type.name == "microsoft.graph.commsNotifications"))
        .count();
    assert_eq!((requests, notifications), (6, 6));
    let blob = create.iter().find(|e| e.source.line == 304).unwrap();
    assert!(
        blob.model.is_none()
            && blob
                .unmodelled
                .as_deref()
                .unwrap()
                .contains("nothing names its type")
    );
    assert!(blob.defects[0].contains("backslash-escaped"));

    // 004: the answer request belongs to an operation no seed documents.
    let answer = beta()
        .examples
        .iter()
        .find(|e| e.http.as_deref().is_some_and(|h| h.ends_with("/answer")))
        .unwrap();
    assert!(
        answer
            .unmodelled
            .as_deref()
            .unwrap()
            .contains("matches no operation")
    );
}

#[test]
fn malformed_bodies_are_repaired_and_reported() {
    let trailing = spec()
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::JsonRepaired && d.message.contains("trailing comma"))
        .count();
    assert_eq!(trailing, 10);
    let placeholder = spec()
        .diagnostics
        .iter()
        .find(|d| d.code == Code::JsonPlaceholder)
        .unwrap();
    assert_eq!(
        (placeholder.page.as_str(), placeholder.line),
        ("pages/001_dc1d0be0ba6dd48f.txt", 74)
    );
}

#[test]
fn plain_text_page_yields_the_beta_sibling_of_the_markdown_page() {
    let v1 = &spec().versions[&ApiVersion::V1_0].operations["call.updateRecordingStatus"];
    let beta = &beta().operations["call.updateRecordingStatus"];
    assert!(beta.source.page.ends_with("002_39750de95ca96c49.txt"));
    assert_eq!(beta.method, v1.method);
    let templates: Vec<_> = beta.paths.iter().map(|p| p.template.as_str()).collect();
    assert_eq!(
        templates,
        [
            "/app/calls/{id}/updateRecordingStatus",
            "/communications/calls/{id}/updateRecordingStatus"
        ]
    );
    assert!(beta.paths[0].deprecated.is_some());
    let params = |op: &codegen::ir::Operation| match &op.request_body {
        Some(RequestBody::Parameters { parameters, .. }) => parameters
            .iter()
            .map(|p| (p.name.clone(), p.r#type.clone(), p.allowed_values.clone()))
            .collect::<Vec<_>>(),
        _ => panic!("no parameter table"),
    };
    assert_eq!(params(beta), params(v1));
    let (r1, r2) = (
        beta.response.as_ref().unwrap(),
        v1.response.as_ref().unwrap(),
    );
    assert_eq!((r1.status, &r1.r#type), (r2.status, &r2.r#type));
    let app = beta
        .permissions
        .iter()
        .find(|p| p.kind == "Application")
        .unwrap();
    assert_eq!(
        app.scopes,
        ["Calls.AccessMedia.All", "Calls.JoinGroupCall.All"]
    );
    let examples: Vec<_> = self::beta()
        .examples
        .iter()
        .filter(|e| e.source.page.contains("002_"))
        .collect();
    assert_eq!(examples.len(), 2);
    assert!(examples.iter().all(|e| e.model.is_some()));
}

#[test]
fn types_the_seeds_use_are_inferred_and_marked() {
    let types = &beta().types;
    for name in [
        "commsOperation",
        "participantInfo",
        "identitySet",
        "invitationParticipantInfo",
        "mediaConfig",
        "call",
        "participant",
    ] {
        let t = types
            .get(&format!("microsoft.graph.{name}"))
            .unwrap_or_else(|| panic!("{name} missing"));
        assert_eq!(t.origin, Origin::Inferred, "{name}");
        assert!(!t.sources.is_empty());
    }
    for derived in ["appHostedMediaConfig", "serviceHostedMediaConfig"] {
        assert_eq!(
            types[&format!("microsoft.graph.{derived}")]
                .base_type
                .as_deref(),
            Some("microsoft.graph.mediaConfig")
        );
    }
    let call = &types["microsoft.graph.call"];
    let prop = |n: &str| call.properties.iter().find(|p| p.name == n).unwrap();
    assert_eq!(
        prop("targets").r#type.name,
        "microsoft.graph.participantInfo"
    );
    assert!(prop("targets").r#type.collection);
    assert_eq!(
        prop("mediaConfig").r#type.name,
        "microsoft.graph.mediaConfig"
    );
    assert!(prop("subject").nullable);
    let identity = &types["microsoft.graph.invitationParticipantInfo"].properties;
    assert_eq!(
        identity
            .iter()
            .find(|p| p.name == "identity")
            .unwrap()
            .r#type
            .name,
        "microsoft.graph.identitySet"
    );
}

#[test]
fn every_example_round_trips_or_has_a_reason() {
    for (version, content) in &spec().versions {
        for example in &content.examples {
            let findings = codegen::check::example(content, example);
            match findings.verdict {
                codegen::check::Verdict::RoundTrips => {}
                codegen::check::Verdict::Fails { reason, .. }
                | codegen::check::Verdict::Unmodelled(reason) => {
                    assert!(!reason.is_empty(), "{version} {}", example.source)
                }
            }
        }
    }
}

#[test]
fn output_does_not_depend_on_input_order() {
    let mut inputs = seed_inputs();
    inputs.reverse();
    inputs.swap(0, 2);
    assert_eq!(&pipeline::extract_spec(&inputs), spec());
}

/// The plain-text front-end types a response and a body from every evidence the page keeps:
/// with the response section's sentence naming no type, the example's `@odata.type` still does;
/// with the body section a sentence and no table, so does the request example's.
#[test]
fn plain_text_answer_and_body_are_typed_by_their_example_tags() {
    let seed = seed_inputs()
        .into_iter()
        .find(|i| i.path.contains("002_"))
        .unwrap();
    let text = String::from_utf8(seed.bytes).unwrap();
    let typed = "Этот метод возвращает 200 OK код ответа и заголовок Location с универсальным кодом ресурса (URI) объекту updateRecordingStatusOperation , созданному для этого запроса.";
    assert!(text.contains(typed));
    let table = text
        .find("Параметр Тип Описание")
        .map(|start| &text[start..text.find("\nОтклик").unwrap()])
        .unwrap();
    let request = "{\n  \"clientContext\": \"clientContext-value\",";
    assert!(text.contains(request));
    let page = Input {
        path: seed.path,
        bytes: text
            .replace(typed, "В случае успеха этот метод возвращает код ответа 200 OK.")
            .replace(table, "")
            .replace(
                request,
                "{\n  \"@odata.type\": \"#microsoft.graph.recordingStatusRequest\",\n  \"clientContext\": \"clientContext-value\",",
            )
            .into_bytes(),
    };
    let spec = pipeline::extract_spec(&[page]);
    let op = &spec.versions[&ApiVersion::Beta].operations["call.updateRecordingStatus"];
    let response = op.response.as_ref().unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(
        response.r#type.as_ref().map(|t| t.name.as_str()),
        Some("microsoft.graph.updateRecordingStatusOperation")
    );
    assert!(
        matches!(&op.request_body, Some(RequestBody::Resource { r#type, .. })
            if r#type.name == "microsoft.graph.recordingStatusRequest"),
        "{:?}",
        op.request_body
    );
}
