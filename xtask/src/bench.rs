//! `cargo xtask bench`: how fast the extractor and the generator are, measured
//! in-process on the docs trees beside the repository (`../shared/graph-docs`).
//!
//! Each case runs `xtask extract` as a child process (this executable) `runs`
//! times and keeps the fastest: that is the wall time of the command. Then it
//! runs the same steps in-process (list and read the files, select the area,
//! read every page and the English trees, merge, serialize the IR, write it to
//! a temporary directory, render the errors and the summary, generate and
//! format the crate in memory), keeping the fastest run's time of each phase.
//! The first case is the committed spec's job, whose command plus codegen has
//! a budget of 10 s. The figures mean something only in a release build:
//! `cargo run --release -p xtask -- bench`.

use crate::fs;
use crate::{Result, extract_spec, gather_inputs_tallied, load_spec, root};
use codegen::diag::Severity;
use codegen::emit::{Generator, Settings};
use codegen::ir::store;
use codegen::report::Report;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The trees measured, when present: `(folder under ../shared/graph-docs, area, English trees)`.
/// The first is the committed spec's job: the whole ru-RU tree with both English trees.
const CASES: [(&str, &str, &[&str]); 4] = [
    ("ru-RU", "all", &["en-US-2021", "en-US"]),
    ("ru-RU", "cloud-communications", &[]),
    ("en-US", "all", &[]),
    ("en-US", "cloud-communications", &[]),
];

/// One run of one case, by phase.
#[derive(Clone, Copy, Default)]
struct Phases {
    /// Listing, reading and selecting the files.
    read: Duration,
    /// Pages → spec (parse, extract, infer).
    extract: Duration,
    /// Spec → IR JSON text.
    serialize: Duration,
    /// IR files → disk.
    write: Duration,
    /// The errors rendered like a compiler's, and the summary.
    report: Duration,
    /// Spec → formatted Rust files, in memory.
    codegen: Duration,
}

impl Phases {
    /// What `cargo xtask extract` does.
    fn extract_total(&self) -> Duration {
        self.read + self.extract + self.serialize + self.write + self.report
    }
    /// Extract, then generate the crate from the result.
    fn end_to_end(&self) -> Duration {
        self.extract_total() + self.codegen
    }
}

struct Measured {
    name: String,
    pages: usize,
    bytes: usize,
    /// `xtask extract` as a process, fastest run.
    process: Duration,
    /// In-process, the fastest run by phase.
    best: Phases,
}

impl Measured {
    /// The command, then codegen of its spec.
    fn end_to_end(&self) -> Duration {
        self.process + self.best.codegen
    }
}

pub fn run(runs: usize, json: bool) -> Result<()> {
    let runs = runs.max(1);
    if cfg!(debug_assertions) {
        eprintln!(
            "warning: xtask was built without optimizations: these figures are not the tool's speed.\n\
             warning: run `cargo run --release -p xtask -- bench` for meaningful numbers."
        );
    }
    let root = root();
    let scratch = std::env::temp_dir().join(format!("xtask-bench-{}", std::process::id()));
    let mut measured = Vec::new();
    for (tree, area, english) in CASES {
        let shared = root.join("../shared/graph-docs");
        let docs = shared.join(tree);
        let english: Vec<PathBuf> = english.iter().map(|e| shared.join(e)).collect();
        if let Some(missing) = std::iter::once(&docs).chain(&english).find(|d| !d.is_dir()) {
            eprintln!("skipped {tree}: {} is not here", missing.display());
            continue;
        }
        let case = Case {
            tree,
            area,
            docs: &docs,
            english: &english,
        };
        if !json {
            eprintln!("measuring {} ({runs} runs)…", case.name());
        }
        measured.push(measure_extract(&root, &case, runs, &scratch.join("ir"))?);
    }
    let _ = std::fs::remove_dir_all(&scratch);

    if !json {
        eprintln!("measuring codegen of the committed spec ({runs} runs)…");
    }
    let spec = load_spec(&root)?;
    let mut codegen_best = Duration::MAX;
    let mut files = 0;
    let mut bytes = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let out = Generator::new(&Settings::default())
            .generate(&spec)
            .map_err(|e| e.to_string())?;
        codegen_best = codegen_best.min(start.elapsed());
        files = out.len();
        bytes = out.values().map(String::len).sum();
    }

    if json {
        let cases: Vec<serde_json::Value> = measured.iter().map(case_json).collect();
        let value = serde_json::json!({
            "optimized": !cfg!(debug_assertions),
            "threads": rayon::current_num_threads(),
            "runs": runs,
            "cases": cases,
            "codegen": {
                "spec": "specs/ir (committed)",
                "files": files,
                "bytes": bytes,
                "seconds": codegen_best.as_secs_f64(),
            },
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?
        );
    } else {
        print!(
            "{}",
            render_table(&measured, codegen_best, files, bytes, runs)
        );
    }
    Ok(())
}

/// One measured command: a docs tree, an area, and the English trees it reads.
struct Case<'a> {
    tree: &'a str,
    area: &'a str,
    docs: &'a Path,
    english: &'a [PathBuf],
}

impl Case<'_> {
    fn name(&self) -> String {
        let mut name = format!("{} --area {}", self.tree, self.area);
        if !self.english.is_empty() {
            name.push_str(" +English");
        }
        name
    }
}

fn measure_extract(root: &Path, case: &Case<'_>, runs: usize, out_dir: &Path) -> Result<Measured> {
    let mut best: Option<Phases> = None;
    let mut pages = 0;
    let mut bytes = bytes_on_disk(root, case.docs, true)?;
    for tree in case.english {
        bytes += bytes_on_disk(root, tree, false)?;
    }
    let process = measure_process(case, out_dir, runs)?;
    for _ in 0..runs {
        let mut phases = Phases::default();
        let start = Instant::now();
        let (inputs, recorded, tally) =
            gather_inputs_tallied(root, Some(case.docs), Some(case.area))?;
        phases.read = start.elapsed();

        let start = Instant::now();
        let spec = extract_spec(&inputs, recorded, &tally, case.english, &|| {})?;
        phases.extract = start.elapsed();

        let start = Instant::now();
        let files = store::to_files(&spec);
        phases.serialize = start.elapsed();

        let start = Instant::now();
        fs::replace_dir(out_dir, &files)
            .map_err(|e| format!("cannot write {}: {e}", out_dir.display()))?;
        phases.write = start.elapsed();

        let start = Instant::now();
        let texts: BTreeMap<&str, &[u8]> = inputs
            .iter()
            .map(|i| (i.path.as_str(), i.bytes.as_slice()))
            .collect();
        let mut rendered = tally.render();
        for d in spec
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
        {
            let text = texts
                .get(d.page.as_str())
                .map(|b| String::from_utf8_lossy(b));
            rendered.push_str(&d.render(text.as_deref()));
        }
        rendered.push_str(&Report::new(&spec).render_summary());
        std::hint::black_box(rendered);
        phases.report = start.elapsed();

        let start = Instant::now();
        Generator::new(&Settings::default())
            .generate(&spec)
            .map_err(|e| e.to_string())?;
        phases.codegen = start.elapsed();
        pages = inputs.len();
        if best.is_none_or(|b| phases.end_to_end() < b.end_to_end()) {
            best = Some(phases);
        }
    }
    Ok(Measured {
        name: case.name(),
        pages,
        bytes,
        process,
        best: best.unwrap_or_default(),
    })
}

/// The fastest of `runs` runs of `xtask extract --docs DOCS [--english DIR]… --area AREA` as a
/// child process, writing under `out_dir`'s parent.
fn measure_process(case: &Case<'_>, out_dir: &Path, runs: usize) -> Result<Duration> {
    let (docs, area) = (case.docs, case.area);
    let exe = std::env::current_exe().map_err(|e| format!("cannot find xtask itself: {e}"))?;
    let out = out_dir.parent().unwrap_or(out_dir);
    let mut best = Duration::MAX;
    for _ in 0..runs {
        let start = Instant::now();
        let status = Command::new(&exe)
            .arg("extract")
            .arg("--docs")
            .arg(docs)
            .args(
                case.english
                    .iter()
                    .flat_map(|e| [Path::new("--english"), e]),
            )
            .args(["--area", area, "--out"])
            .arg(out)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|e| format!("cannot run {}: {e}", exe.display()))?;
        let elapsed = start.elapsed();
        if !status.success() {
            return Err(format!(
                "`xtask extract --docs {} --area {area}` failed: {status}",
                docs.display()
            ));
        }
        best = best.min(elapsed);
    }
    Ok(best)
}

/// What extraction reads from disk: every `.md` file of the tree, and the seed pages
/// with the docs tree itself.
fn bytes_on_disk(root: &Path, docs: &Path, with_seeds: bool) -> Result<usize> {
    let mut total = 0;
    let seeds = with_seeds.then(|| (root.join("specs/pages"), false));
    for (dir, only_md) in seeds.into_iter().chain([(docs.to_path_buf(), true)]) {
        let files =
            fs::list_files(&dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
        for name in files.iter().filter(|n| !only_md || n.ends_with(".md")) {
            total += std::fs::metadata(dir.join(name)).map_or(0, |m| m.len() as usize);
        }
    }
    Ok(total)
}

fn per_second(count: f64, time: Duration) -> f64 {
    count / time.as_secs_f64().max(1e-9)
}

fn megabytes(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

fn millis(time: Duration) -> String {
    format!("{:.0}", time.as_secs_f64() * 1e3)
}

fn case_json(m: &Measured) -> serde_json::Value {
    serde_json::json!({
        "case": m.name,
        "pages": m.pages,
        "megabytes_read": megabytes(m.bytes),
        "seconds": m.process.as_secs_f64(),
        "pages_per_second": per_second(m.pages as f64, m.process),
        "megabytes_per_second": per_second(megabytes(m.bytes), m.process),
        "in_process_seconds": m.best.extract_total().as_secs_f64(),
        "phases": {
            "read": m.best.read.as_secs_f64(),
            "extract": m.best.extract.as_secs_f64(),
            "serialize": m.best.serialize.as_secs_f64(),
            "write": m.best.write.as_secs_f64(),
            "report": m.best.report.as_secs_f64(),
            "codegen": m.best.codegen.as_secs_f64(),
        },
        "end_to_end_seconds": m.end_to_end().as_secs_f64(),
    })
}

fn render_table(
    measured: &[Measured],
    codegen: Duration,
    files: usize,
    bytes: usize,
    runs: usize,
) -> String {
    let mut out = format!(
        "best of {runs} run(s), {} thread(s){}\n\n",
        rayon::current_num_threads(),
        if cfg!(debug_assertions) {
            ", DEBUG BUILD"
        } else {
            ""
        }
    );
    let header = [
        "case", "pages", "MB", "wall ms", "pages/s", "MB/s", "in-proc", "read", "extract", "ser.",
        "write", "report", "codegen", "e2e ms",
    ];
    let mut rows: Vec<Vec<String>> = vec![header.iter().map(|h| h.to_string()).collect()];
    for m in measured {
        rows.push(vec![
            m.name.clone(),
            m.pages.to_string(),
            format!("{:.1}", megabytes(m.bytes)),
            millis(m.process),
            format!("{:.0}", per_second(m.pages as f64, m.process)),
            format!("{:.1}", per_second(megabytes(m.bytes), m.process)),
            millis(m.best.extract_total()),
            millis(m.best.read),
            millis(m.best.extract),
            millis(m.best.serialize),
            millis(m.best.write),
            millis(m.best.report),
            millis(m.best.codegen),
            millis(m.end_to_end()),
        ]);
    }
    let widths: Vec<usize> = (0..header.len())
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    for (n, row) in rows.iter().enumerate() {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (cell, w))| {
                if i == 0 {
                    format!("{cell:<w$}")
                } else {
                    format!("{cell:>w$}")
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
        if n == 0 {
            out.push_str(&"-".repeat(widths.iter().sum::<usize>() + 2 * (widths.len() - 1)));
            out.push('\n');
        }
    }
    out.push_str(&format!(
        "\ncodegen of the committed spec (specs/ir → {files} formatted files, {:.1} MB, in memory): {} ms\n",
        megabytes(bytes),
        millis(codegen)
    ));
    out.push_str(
        "\nwall: `xtask extract` as a process (pages/s and MB/s from it; MB: what it reads). \
         in-proc = read + extract + ser(ialize) + write + report, the same steps in-process \
         (warm heap). e2e = wall + codegen (formatted files, in memory) of the extracted spec: \
         for `ru-RU --area all +English`, the maintainers' whole job (budget: 10 s).\n",
    );
    out
}
