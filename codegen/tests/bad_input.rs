//! Bad input, page by page: each gives a clear diagnostic at its page and
//! line, never a panic, and the run goes on with the other pages. (Decoding
//! defects — invalid UTF-8, empty, binary, CRLF — are unit-tested in
//! `parse/read.rs`, fences and front matter in `parse/markdown.rs`, annotation
//! JSON in `parse/annotation.rs`; here are whole pages and whole runs.)

use codegen::diag::{Code, Diagnostic, Severity};
use codegen::infer::{self, PageResult};
use codegen::ir::{ApiVersion, Spec};
use codegen::pipeline::{self, Input};
use codegen::report::{Outcome, Report};
use std::collections::BTreeSet;
use std::path::Path;

const CREATE_CALL: &str = include_str!("../../specs/pages/003_ff1a104853d25bee.txt");

fn input(path: &str, text: impl Into<Vec<u8>>) -> Input {
    Input {
        path: path.to_string(),
        bytes: text.into(),
    }
}

fn seed(name: &str) -> Input {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/pages");
    input(
        &format!("pages/{name}"),
        std::fs::read(dir.join(name)).unwrap(),
    )
}

/// The first `line - 1` lines of `text` and the first `quarters`/4 of line `line`.
fn cut_in_line(text: &str, line: usize, quarters: usize) -> String {
    let start: usize = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    let this = text[start..].lines().next().unwrap();
    let at = this
        .char_indices()
        .map(|(i, _)| i)
        .nth(this.chars().count() * quarters / 4)
        .unwrap();
    text[..start + at].to_string()
}

fn codes_at(diagnostics: &[Diagnostic], code: Code) -> Vec<u32> {
    diagnostics
        .iter()
        .filter(|d| d.code == code)
        .map(|d| d.line)
        .collect()
}

/// Every diagnostic of a page points at one of its lines.
fn assert_lines_within(result: &PageResult, text: &str) {
    let lines = text.lines().count().max(1) as u32;
    for d in &result.diagnostics {
        assert!(
            d.line >= 1 && d.line <= lines,
            "{d:?} (page of {lines} lines)"
        );
    }
}

fn outcome(spec: &Spec, path: &str) -> (Outcome, Option<String>) {
    let report = Report::new(spec);
    let page = report
        .per_page
        .iter()
        .find(|p| p.path == path)
        .unwrap_or_else(|| panic!("{path} is not in the report"));
    (page.outcome, page.skipped.clone())
}

#[test]
fn a_page_cut_in_the_middle_of_a_table() {
    // Line 28 is a row of the permissions table.
    assert!(CREATE_CALL.lines().nth(27).unwrap().starts_with("| <span"));
    // Cut in the row's second cell: two cells, the second one broken HTML.
    let text = cut_in_line(CREATE_CALL, 28, 2);
    let result = pipeline::read_one(&input("pages/cut-table.md", text.clone()));
    assert_lines_within(&result, &text);
    assert!(
        result
            .diagnostics
            .iter()
            .all(|d| d.code != Code::TableCells)
    );
    // Cut in its first cell: one cell of two.
    let text = cut_in_line(CREATE_CALL, 28, 1);
    let page = input("pages/cut-table.md", text.clone());
    let result = pipeline::read_one(&page);
    assert_lines_within(&result, &text);
    assert_eq!(codes_at(&result.diagnostics, Code::TableCells), [28]);
    assert!(result.facts.operation.is_none());
    // An API page with no request section left says so.
    assert_eq!(codes_at(&result.diagnostics, Code::NoContent), [1]);
}

#[test]
fn a_page_cut_in_the_middle_of_a_json_fence() {
    // Lines 206–223 are the request body of the first example.
    assert_eq!(CREATE_CALL.lines().nth(205).unwrap(), "```json");
    let text = cut_in_line(CREATE_CALL, 215, 2);
    let page = input("pages/cut-json.md", text.clone());
    let result = pipeline::read_one(&page);
    assert_lines_within(&result, &text);
    assert_eq!(
        codes_at(&result.diagnostics, Code::UnterminatedFence),
        [206]
    );
    // The example is kept with what is wrong with it, and the page keeps its operation.
    let example = result
        .facts
        .examples
        .iter()
        .find(|e| e.source.line == 207)
        .expect("the cut example is kept");
    assert!(example.json.is_none() && !example.defects.is_empty());
    let invalid: Vec<_> = result
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::JsonInvalid)
        .map(|d| (d.line, d.severity))
        .collect();
    assert_eq!(invalid, [(207, Severity::Error)]);
    assert!(result.facts.operation.is_some());

    // In a run, the cut page still gives its operation beside the intact seeds.
    let spec = pipeline::extract_spec(&[page, seed("000_52f2b910e3db41c3.txt")]);
    let beta = &spec.versions[&ApiVersion::Beta];
    assert!(beta.operations.contains_key("call.create"));
    assert!(beta.operations.contains_key("call.updateMetadata"));
}

#[test]
fn a_table_with_missing_cells() {
    let text = "# thing resource type\n\n## Properties\n\n\
                | Property | Type | Description |\n|:--|:--|:--|\n\
                | id | String | The id. |\n| name |\n| | | |\n| size | Int32 | The size. |\n";
    let result = pipeline::read_one(&input("t/v1.0/resources/thing.md", text));
    assert_lines_within(&result, text);
    let warnings: Vec<_> = result
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::TableCells)
        .map(|d| (d.line, d.severity, d.message.as_str()))
        .collect();
    assert_eq!(
        warnings,
        [
            (8, Severity::Warning, "table row has 1 filled cell(s) of 3"),
            (9, Severity::Warning, "table row has 0 filled cell(s) of 3")
        ]
    );
}

#[test]
fn an_annotation_that_is_not_json_on_a_page() {
    let text = "# call: get\n\n## Example\n\n<!-- { \"blockType\": \"request\" \"name\": get-call -->\n\
                ```http\nGET https://graph.microsoft.com/v1.0/communications/calls/1\n```\n";
    let result = pipeline::read_one(&input("t/v1.0/api/call-get.md", text));
    assert_lines_within(&result, text);
    assert_eq!(codes_at(&result.diagnostics, Code::AnnotationJson), [5]);
}

const RESOURCE: &str = "---\ntitle: \"NAME resource type\"\ndoc_type: resourcePageType\n---\n\n\
# NAME resource type\n\nNamespace: microsoft.graph\n\nSEE\n\n## Properties\n\n\
| Property | Type | Description |\n|:--|:--|:--|\n| PROP | String | A property. |\n\n\
## JSON representation\n\n<!-- {\n  \"blockType\": \"resource\",\n  \"baseType\": \"microsoft.graph.BASE\",\n  \"@odata.type\": \"microsoft.graph.NAME\"\n}-->\n\
```json\n{\n  \"PROP\": \"String\"\n}\n```\n";

fn resource(path: &str, name: &str, base: &str, prop: &str, see: &str) -> Input {
    let text = RESOURCE
        .replace("NAME", name)
        .replace("BASE", base)
        .replace("PROP", prop)
        .replace("SEE", see);
    input(path, text)
}

#[test]
fn a_base_type_cycle_is_cut_and_the_run_goes_on() {
    let inputs = [
        resource("t/v1.0/resources/alpha.md", "alpha", "beta", "a", ""),
        resource("t/v1.0/resources/beta.md", "beta", "alpha", "b", ""),
        seed("000_52f2b910e3db41c3.txt"),
    ];
    let spec = pipeline::extract_spec(&inputs);
    let cycles: Vec<_> = spec
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::TypeCycle)
        .collect();
    assert!(!cycles.is_empty(), "{:#?}", spec.diagnostics);
    for d in &cycles {
        assert_eq!(d.severity, Severity::Error);
        assert!(d.page.starts_with("t/v1.0/resources/"), "{d:?}");
        assert!(d.line > 1, "{d:?}");
    }
    // The cycle is cut: following base types ends.
    let v1 = &spec.versions[&ApiVersion::V1_0];
    let mut name = Some("microsoft.graph.alpha".to_string());
    for _ in 0..3 {
        name = name.and_then(|n| v1.types.get(&n).and_then(|t| t.base_type.clone()));
    }
    assert_eq!(name, None);
    // Both types are there, and so is the seed's operation.
    assert!(v1.types.contains_key("microsoft.graph.alpha"));
    assert!(v1.types.contains_key("microsoft.graph.beta"));
    assert!(
        spec.versions[&ApiVersion::Beta]
            .operations
            .contains_key("call.updateMetadata")
    );
}

#[test]
fn a_link_to_a_page_that_does_not_exist() {
    let see = "See [gamma](gamma.md), [delta](../resources/delta.md) and [Graph](https://graph.microsoft.com/x.md).\n\n\
               Again [gamma](gamma.md#props).";
    let inputs = [
        resource("t/v1.0/resources/alpha.md", "alpha", "delta", "a", see),
        resource("t/v1.0/resources/delta.md", "delta", "entity", "d", ""),
        // Seeds are in no docs tree: their links cannot be resolved.
        seed("000_52f2b910e3db41c3.txt"),
    ];
    let spec = pipeline::extract_spec(&inputs);
    let broken: Vec<_> = spec
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::BrokenLink)
        .collect();
    assert_eq!(broken.len(), 1, "one per (page, target): {broken:#?}");
    let d = broken[0];
    assert_eq!(
        (d.page.as_str(), d.line, d.severity),
        ("t/v1.0/resources/alpha.md", 10, Severity::Warning)
    );
    assert!(d.message.contains("`t/v1.0/resources/gamma.md`"), "{d:?}");

    // Selected from a tree that has the page, the link is not broken.
    let tree = BTreeSet::from(["t/v1.0/resources/gamma.md".to_string()]);
    let spec = pipeline::extract_spec_in_tree(&inputs, &tree, &|| {});
    assert!(spec.diagnostics.iter().all(|d| d.code != Code::BrokenLink));
}

#[test]
fn a_type_defined_twice_skips_the_second_page_with_its_reason() {
    let inputs = [
        resource("t/v1.0/resources/alpha.md", "alpha", "entity", "a", ""),
        resource(
            "t/v1.0/resources/other-alpha.md",
            "alpha",
            "entity",
            "a",
            "",
        ),
    ];
    let spec = pipeline::extract_spec(&inputs);
    assert_eq!(
        outcome(&spec, "t/v1.0/resources/other-alpha.md"),
        (
            Outcome::Skipped,
            Some("resource page whose type another page already defines".to_string())
        )
    );
    assert_eq!(
        outcome(&spec, "t/v1.0/resources/alpha.md"),
        (Outcome::Resource, None)
    );
}

#[test]
fn every_page_is_accounted_for_with_a_reason() {
    let inputs = [
        seed("000_52f2b910e3db41c3.txt"),
        resource("t/v1.0/resources/alpha.md", "alpha", "entity", "a", ""),
        input("t/v1.0/api/empty.md", ""),
        input(
            "t/v1.0/api/binary.md",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
        ),
        input(
            "t/v1.0/api/bad-utf8.md",
            b"---\ndoc_type: conceptualPageType\n---\n# Hi \xff\n".to_vec(),
        ),
        input(
            "t/v1.0/api/no-request.md",
            "---\ndoc_type: apiPageType\n---\n# call: get\n\nNothing.\n",
        ),
        input("t/v1.0/api/plain.md", "Just words.\n"),
    ];
    let spec = pipeline::extract_spec(&inputs);
    let report = Report::new(&spec);
    assert_eq!(report.outcomes.total(), inputs.len());
    let got: Vec<_> = report
        .per_page
        .iter()
        .map(|p| (p.path.as_str(), p.outcome, p.skipped.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            ("pages/000_52f2b910e3db41c3.txt", Outcome::Api, None),
            (
                "t/v1.0/api/bad-utf8.md",
                Outcome::Skipped,
                Some("conceptual page")
            ),
            (
                "t/v1.0/api/binary.md",
                Outcome::Skipped,
                Some("binary file")
            ),
            ("t/v1.0/api/empty.md", Outcome::Skipped, Some("empty file")),
            (
                "t/v1.0/api/no-request.md",
                Outcome::Skipped,
                Some("API page without an HTTP request section")
            ),
            (
                "t/v1.0/api/plain.md",
                Outcome::Skipped,
                Some("no front matter, and no operation, type or example")
            ),
            ("t/v1.0/resources/alpha.md", Outcome::Resource, None),
        ]
    );
    assert_eq!(report.diagnostic_codes.get(&Code::BinaryFile), Some(&1));
    assert_eq!(report.diagnostic_codes.get(&Code::InvalidUtf8), Some(&1));
}

#[test]
fn a_panic_on_one_page_is_an_internal_error_and_the_run_goes_on() {
    let page = pipeline::guard("t/v1.0/api/boom.md", || panic!("boom"));
    assert_eq!(page.diagnostics.len(), 1);
    let d = &page.diagnostics[0];
    assert_eq!(
        (d.code, d.severity, d.page.as_str(), d.line),
        (
            Code::InternalError,
            Severity::Error,
            "t/v1.0/api/boom.md",
            1
        )
    );
    assert!(d.message.contains("boom"), "{}", d.message);
    let ok = pipeline::read_one(&seed("000_52f2b910e3db41c3.txt"));
    let spec = infer::build(vec![page, ok]);
    assert!(
        spec.versions[&ApiVersion::Beta]
            .operations
            .contains_key("call.updateMetadata")
    );
    let (outcome, reason) = outcome(&spec, "t/v1.0/api/boom.md");
    assert_eq!(outcome, Outcome::Skipped);
    assert!(reason.unwrap().starts_with("internal error"));
}

/// Inputs the fuzz target (`codegen/fuzz/`) once failed on, kept in
/// `tests/regressions/` (mutated doc pages: CC BY 4.0, © Microsoft).
/// - `fuzz-indented-code-line.md`: an indented code block's body was placed one
///   line low (past the end of the page) and reported as an unclosed fence.
#[test]
fn fuzz_regressions_read_cleanly() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert!(!names.is_empty());
    for name in names {
        let bytes = std::fs::read(dir.join(&name)).unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let result = pipeline::read_one(&input(&format!("t/v1.0/api/{name}"), bytes));
        assert_lines_within(&result, &text);
    }
}
