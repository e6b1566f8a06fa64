//! `cargo xtask`: the maintainer's driver. Reads doc pages into `specs/ir/`,
//! generates `generated/` from it, and reports on both.

mod bench;
mod bench_crate;
mod flags;
mod fs;
mod progress;
mod scratch;
mod tally;

use codegen::area::{self, Area};
use codegen::diag::Severity;
use codegen::emit::{Generator, Settings};
use codegen::english;
use codegen::ir::{Inputs, Spec, store};
use codegen::pipeline::{self, Input};
use codegen::report::Report;
use flags::Command;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use tally::Tally;

type Result<T> = std::result::Result<T, String>;

/// Extraction and codegen allocate and free millions of small strings and token trees.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let command = match flags::parse(std::env::args().skip(1)) {
        Ok(command) => command,
        Err(message) => {
            eprintln!("error: {message}\n\n{}", flags::USAGE);
            return ExitCode::from(2);
        }
    };
    let result = match command {
        Command::Help => {
            print!("{}", flags::USAGE);
            Ok(())
        }
        Command::Extract {
            docs,
            english,
            area,
            out,
            verbose,
            json,
        } => extract(
            docs.as_deref(),
            &english,
            area.as_deref(),
            out,
            verbose,
            json,
        ),
        Command::Codegen { check } => codegen(check),
        Command::Report { json } => report(json),
        Command::Bench { runs, json } => bench::run(runs, json),
        Command::BenchCrate { docs, json } => bench_crate::run(docs, json),
        Command::Measure { args } => bench_crate::measure(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: xtask lives one level below it.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The seed pages, `specs/pages/*`, named `pages/<file>`.
fn seed_inputs(root: &Path) -> Result<Vec<Input>> {
    let dir = root.join("specs/pages");
    let files = fs::list_files(&dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    files
        .into_iter()
        .map(|name| {
            let bytes =
                std::fs::read(dir.join(&name)).map_err(|e| format!("cannot read {name}: {e}"))?;
            Ok(Input {
                path: format!("pages/{name}"),
                bytes,
            })
        })
        .collect()
}

/// The seed pages plus, with a docs tree, the pages of `area` in it; and the
/// record of those inputs that goes into the spec.
#[cfg_attr(not(test), allow(dead_code))]
fn gather_inputs(
    root: &Path,
    docs: Option<&Path>,
    area: Option<&str>,
) -> Result<(Vec<Input>, Inputs)> {
    gather_inputs_tallied(root, docs, area).map(|(inputs, recorded, _)| (inputs, recorded))
}

/// [`gather_inputs`], with what became of every file of the docs tree. A file
/// that cannot be read is counted and reported, not fatal.
fn gather_inputs_tallied(
    root: &Path,
    docs: Option<&Path>,
    area: Option<&str>,
) -> Result<(Vec<Input>, Inputs, Tally)> {
    let mut inputs = seed_inputs(root)?;
    let mut tally = Tally {
        seeds: inputs.len(),
        ..Tally::default()
    };
    let Some(docs) = docs else {
        return Ok((inputs, Inputs::default(), tally));
    };
    let label = docs
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "docs".into());
    let area_name = area.unwrap_or("all");
    let area = Area::parse(area_name)
        .ok_or_else(|| format!("unknown area `{area_name}`; known: {}", Area::NAMES))?;
    let files = fs::list_files(docs).map_err(|e| format!("cannot list {}: {e}", docs.display()))?;
    tally.tree = Some(label.clone());
    tally.files = files.len();
    let mut pages = Vec::new();
    let bar = progress::bar(files.len(), "files");
    let read = fs::read_files(docs, files, |name| name.ends_with(".md"), || bar.inc(1));
    bar.finish_and_clear();
    for (name, bytes) in read {
        let Some(bytes) = bytes else {
            tally.not_markdown(&name);
            continue;
        };
        match bytes {
            Ok(bytes) => pages.push(Input {
                path: format!("{label}/{name}"),
                bytes,
            }),
            Err(e) => tally.unreadable(format!("{label}/{name}"), &e),
        }
    }
    let selected = area::select(area, &pages);
    tally
        .tree_pages
        .extend(pages.iter().map(|p| p.path.clone()));
    tally.read = selected.len();
    tally.outside_area = pages.len() - selected.len();
    inputs.extend(pages.into_iter().filter(|p| selected.contains(&p.path)));
    Ok((
        inputs,
        Inputs {
            docs: Some(label),
            area: Some(area_name.to_string()),
            english: Vec::new(),
        },
        tally,
    ))
}

/// The English trees, each read into a spec of its own (pages named `<label>/<path>`).
fn english_trees(dirs: &[PathBuf]) -> Result<Vec<english::EnglishTree>> {
    dirs.iter()
        .map(|dir| {
            let label = dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .ok_or_else(|| format!("{}: not a folder name", dir.display()))?;
            let files =
                fs::list_files(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
            let inputs: Vec<Input> = fs::read_files(dir, files, |n| n.ends_with(".md"), || {})
                .into_iter()
                .filter_map(|(name, bytes)| {
                    Some(Input {
                        path: format!("{label}/{name}"),
                        bytes: bytes?.ok()?,
                    })
                })
                .collect();
            Ok(english::EnglishTree {
                label,
                spec: pipeline::extract_spec(&inputs),
            })
        })
        .collect()
}

/// Reads the gathered inputs into a spec, with English from `english` (newest
/// first), read side by side.
fn extract_spec(
    inputs: &[Input],
    recorded: Inputs,
    tally: &Tally,
    english: &[PathBuf],
    on_page: &(dyn Fn() + Sync),
) -> Result<Spec> {
    let (spec, trees) = rayon::join(
        || pipeline::extract_spec_in_tree(inputs, &tally.tree_pages, on_page),
        || english_trees(english),
    );
    let mut spec = spec;
    let trees = trees?;
    english::apply(&mut spec, &trees);
    spec.inputs = recorded;
    spec.inputs.english = trees.into_iter().map(|t| t.label).collect();
    Ok(spec)
}

fn extract(
    docs: Option<&Path>,
    english: &[PathBuf],
    area: Option<&str>,
    out: Option<PathBuf>,
    verbose: bool,
    json: bool,
) -> Result<()> {
    let root = root();
    let (inputs, recorded, tally) = gather_inputs_tallied(&root, docs, area)?;
    let bar = progress::bar(inputs.len(), "pages");
    let mut spec = extract_spec(&inputs, recorded, &tally, english, &|| bar.inc(1))?;
    bar.finish_and_clear();
    if !tally.unreadable.is_empty() {
        spec.diagnostics.extend(tally.unreadable.iter().cloned());
        spec.diagnostics.sort();
    }
    let out_dir = out.unwrap_or_else(|| root.join("specs")).join("ir");
    fs::replace_dir(&out_dir, &store::to_files(&spec))
        .map_err(|e| format!("cannot write {}: {e}", out_dir.display()))?;

    let texts: std::collections::BTreeMap<&str, &[u8]> = inputs
        .iter()
        .map(|i| (i.path.as_str(), i.bytes.as_slice()))
        .collect();
    let mut stdout = std::io::stdout().lock();
    for d in &spec.diagnostics {
        if json {
            use std::io::Write;
            writeln!(stdout, "{}", d.to_json_line()).map_err(|e| format!("stdout: {e}"))?;
        } else if verbose || d.severity == Severity::Error {
            let text = texts
                .get(d.page.as_str())
                .map(|b| String::from_utf8_lossy(b));
            eprint!("{}", d.render(text.as_deref()));
        }
    }
    let report = Report::new(&spec);
    eprint!("{}", tally.render());
    eprintln!(
        "extracted {} pages: {} operations, {} types, {} examples; {} error(s), {} warning(s), {} info → {}",
        report.pages,
        report.operations,
        report.types.total,
        report.examples.total,
        report.diagnostics.error,
        report.diagnostics.warning,
        report.diagnostics.info,
        out_dir.display()
    );
    eprint!("{}", report.render_summary());
    let panicked: Vec<&str> = spec
        .diagnostics
        .iter()
        .filter(|d| d.code == codegen::diag::Code::InternalError)
        .map(|d| d.page.as_str())
        .collect();
    if !panicked.is_empty() {
        eprintln!(
            "{} page(s) hit an internal error (a bug: please report): {}",
            panicked.len(),
            panicked.join(", ")
        );
    }
    drop((panicked, texts));
    // Freeing the spec and the pages piece by piece takes a tenth of a second
    // on a whole tree; the process's exit returns their memory at once.
    std::mem::forget((spec, inputs));
    Ok(())
}

fn load_spec(root: &Path) -> Result<Spec> {
    let dir = root.join("specs/ir");
    store::from_files(|name| std::fs::read_to_string(dir.join(name)).ok())
        .map_err(|e| e.to_string())
}

/// Emitted paths are owned by the generator: anything else under these is hand-written.
fn is_emitted_path(path: &str) -> bool {
    path == "src/lib.rs"
        || path.starts_with("data/")
        || path.starts_with("tests/examples_")
        || path.starts_with("tests/replay_")
        || ["v1_0", "beta"]
            .iter()
            .any(|v| path.starts_with(&format!("src/{v}/")))
}

fn codegen(check: bool) -> Result<()> {
    let root = root();
    let spec = load_spec(&root)?;
    let generator = Generator::new(&Settings::default());
    let mut files = generator.generate(&spec).map_err(|e| e.to_string())?;
    let generated = root.join("generated");
    let manifest = std::fs::read_to_string(generated.join("Cargo.toml"))
        .map_err(|e| format!("cannot read generated/Cargo.toml: {e}"))?;
    files.insert(
        "Cargo.toml".to_string(),
        generator
            .manifest(&spec, &manifest)
            .map_err(|e| e.to_string())?,
    );
    let existing: Vec<String> = fs::list_files(&generated)
        .unwrap_or_default()
        .into_iter()
        .filter(|p| is_emitted_path(p))
        .collect();
    let mut stale = Vec::new();
    let mut writes = std::collections::BTreeMap::new();
    for (path, contents) in &files {
        let target = generated.join(path);
        if std::fs::read_to_string(&target).ok().as_deref() != Some(contents.as_str()) {
            stale.push(path.clone());
            writes.insert(path.clone(), contents.clone());
        }
    }
    let removals: Vec<String> = existing
        .into_iter()
        .filter(|p| !files.contains_key(p))
        .collect();
    stale.extend(
        removals
            .iter()
            .map(|p| format!("{p} (no longer generated)")),
    );
    if !check {
        // All or nothing: an error leaves every old file as it was.
        fs::update_files(&generated, &writes, &removals)
            .map_err(|e| format!("cannot update {}: {e}", generated.display()))?;
    }
    if check {
        if stale.is_empty() {
            eprintln!("generated/ is up to date ({} files)", files.len());
            return Ok(());
        }
        let hint = if std::env::var_os("CI").is_some() {
            "; run `cargo xtask codegen` locally and commit"
        } else {
            "; run `cargo xtask codegen`"
        };
        return Err(format!("generated/ is stale: {}{hint}", stale.join(", ")));
    }
    eprintln!("generated/: {} files, {} updated", files.len(), stale.len());
    Ok(())
}

/// The replay tests write what they exercised to `target/tmp/replay-<version>.json`
/// (Cargo's `CARGO_TARGET_TMPDIR`): the report counts from the test run.
fn read_replay_results(report: &mut Report) {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"));
    let mut exercised = 0;
    let mut read = Vec::new();
    for version in ["v1_0", "beta"] {
        let path = target.join("tmp").join(format!("replay-{version}.json"));
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) else {
            continue;
        };
        exercised += value
            .get("exercised")
            .and_then(|e| e.as_array())
            .map_or(0, Vec::len);
        read.push(path.display().to_string());
    }
    if !read.is_empty() {
        report.replay.exercised = exercised;
        report.replay.exercised_from = read.join(", ");
    }
}

fn report(json: bool) -> Result<()> {
    let spec = load_spec(&root())?;
    let mut report = Report::new(&spec);
    read_replay_results(&mut report);
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?
        );
    } else {
        print!("{}", report.render());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `cargo test` catches a `generated/` that no longer matches `specs/`.
    #[test]
    fn generated_is_fresh() {
        if let Err(message) = codegen(true) {
            panic!("{message}");
        }
    }

    /// `cargo test` catches a `specs/ir/` that no longer matches its inputs
    /// and the extractor: the seed pages, and the docs tree it was extracted
    /// from when that tree is beside the repository (`../shared/graph-docs`, as in CI).
    #[test]
    fn specs_are_fresh() {
        let root = root();
        let committed = load_spec(&root).expect("specs/ir/ loads");
        let docs = committed
            .inputs
            .docs
            .as_ref()
            .map(|label| root.join("../shared/graph-docs").join(label));
        if docs.as_ref().is_some_and(|d| !d.is_dir()) {
            eprintln!("skipped: the docs tree {docs:?} is not here");
            return;
        }
        let english: Vec<PathBuf> = committed
            .inputs
            .english
            .iter()
            .map(|label| root.join("../shared/graph-docs").join(label))
            .collect();
        if let Some(missing) = english.iter().find(|d| !d.is_dir()) {
            eprintln!("skipped: the English tree {missing:?} is not here");
            return;
        }
        let (inputs, recorded, tally) =
            gather_inputs_tallied(&root, docs.as_deref(), committed.inputs.area.as_deref())
                .expect("inputs");
        let fresh =
            extract_spec(&inputs, recorded, &tally, &english, &|| {}).expect("English trees");
        let (fresh, committed) = (store::to_files(&fresh), store::to_files(&committed));
        for (name, text) in &fresh {
            assert!(
                committed.get(name) == Some(text),
                "specs/ir/{name} is stale: run `cargo xtask extract`"
            );
        }
        assert_eq!(
            fresh.len(),
            committed.len(),
            "specs/ir/ has extra files: run `cargo xtask extract`"
        );
    }
}

/// The same area from the English tree (2020) must extract, generate, compile
/// and pass its own round-trip tests. The crate is written under `target/`
/// with the committed runtime and lockfile, and built offline.
#[cfg(test)]
mod english_tree {
    use super::*;
    use std::process::Command;

    #[test]
    fn english_area_extracts_generates_and_compiles() {
        let root = root();
        let docs = root.join("../shared/graph-docs/en-US");
        if !docs.is_dir() {
            eprintln!("skipped: {} is not here", docs.display());
            return;
        }
        let (inputs, _) =
            gather_inputs(&root, Some(&docs), Some("cloud-communications")).expect("inputs");
        let spec = pipeline::extract_spec(&inputs);
        assert!(
            spec.versions
                .values()
                .map(|v| v.operations.len())
                .sum::<usize>()
                > 50,
            "too few operations"
        );
        let workspace = scratch::workspace(&root, "en-us-workspace", &spec).expect("workspace");
        let target = scratch::target_dir(&root);
        let output = Command::new(env!("CARGO"))
            .args([
                "test",
                "--offline",
                "--all-features",
                "--quiet",
                "-p",
                "msgraph-comms",
            ])
            .current_dir(&workspace)
            .env("CARGO_TARGET_DIR", target.join("en-us-target"))
            .env("RUSTFLAGS", "-D warnings")
            .output()
            .expect("cargo runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success(),
            "the en-US crate failed:\n{stdout}\n{stderr}"
        );
        assert!(stdout.contains("test result: ok"), "{stdout}");
    }
}
