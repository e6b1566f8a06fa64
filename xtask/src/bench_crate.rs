//! `cargo xtask bench-crate`: what the generated crate costs the people who build it, for the
//! whole docs tree (every area, both versions): the time to extract and generate it, and the
//! wall time and peak memory of a cold `cargo check` of the crate (its dependencies already
//! built) with the default features, one area alone, and everything.
//!
//! The crate is generated into a scratch workspace under the target directory
//! ([`crate::scratch`]), so `generated/` is not touched. Each `cargo check` runs under a child
//! `xtask __measure`, whose own children's peak resident size is the compiler's.

use crate::{Result, gather_inputs_tallied, root, scratch};
use codegen::emit::{Generator, Settings};
use codegen::pipeline;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The feature sets checked: a label and cargo's flags.
const CONFIGS: [(&str, &[&str]); 3] = [
    ("default features", &[]),
    (
        "cloud-communications alone (both versions)",
        &[
            "--no-default-features",
            "--features",
            "v1_0,beta,cloud-communications",
        ],
    ),
    ("all areas, both versions", &["--features", "full"]),
];

/// One measured command.
struct Measured {
    label: &'static str,
    seconds: f64,
    max_rss_kb: u64,
}

pub fn run(docs: Option<PathBuf>, json: bool) -> Result<()> {
    let root = root();
    let docs = docs.unwrap_or_else(|| root.join("../shared/graph-docs/ru-RU"));
    if !docs.is_dir() {
        return Err(format!("no docs tree at {}", docs.display()));
    }
    let started = Instant::now();
    let (inputs, recorded, tally) = gather_inputs_tallied(&root, Some(&docs), Some("all"))?;
    let mut spec = pipeline::extract_spec_in_tree(&inputs, &tally.tree_pages, &|| {});
    spec.inputs = recorded;
    let extracted = started.elapsed().as_secs_f64();
    let generator = Generator::new(&Settings::default());
    let files = generator.generate(&spec).map_err(|e| e.to_string())?;
    let generated = started.elapsed().as_secs_f64();
    let bytes: usize = files.values().map(String::len).sum();
    eprintln!(
        "extract {extracted:.2} s + codegen and format {:.2} s = {generated:.2} s ({} files, {:.1} MB)",
        generated - extracted,
        files.len(),
        bytes as f64 / 1e6
    );
    drop(files);

    let workspace = scratch::workspace(&root, "bench-crate", &spec)?;
    let target = scratch::target_dir(&root).join("bench-crate-target");
    let mut measured = Vec::new();
    for (label, flags) in CONFIGS {
        // The first run builds the dependencies; the second checks the crate alone, cold.
        cargo_check(&workspace, &target, flags)?;
        touch(&workspace.join("generated/src/lib.rs"))?;
        let (seconds, max_rss_kb) = measure_check(&workspace, &target, flags)?;
        eprintln!("{label}: {seconds:.1} s, {:.2} GB", max_rss_kb as f64 / 1e6);
        measured.push(Measured {
            label,
            seconds,
            max_rss_kb,
        });
    }
    if json {
        let checks: Vec<serde_json::Value> = measured
            .iter()
            .map(|m| {
                serde_json::json!({
                    "features": m.label,
                    "check_seconds": m.seconds,
                    "peak_rss_kb": m.max_rss_kb,
                })
            })
            .collect();
        let out = serde_json::json!({
            "docs": docs.display().to_string(),
            "extract_seconds": extracted,
            "extract_and_codegen_seconds": generated,
            "generated_bytes": bytes,
            "check": checks,
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&out).map_err(|e| e.to_string())?
        );
    }
    Ok(())
}

fn cargo_check(workspace: &Path, target: &Path, flags: &[&str]) -> Result<()> {
    let status = Command::new(env!("CARGO"))
        .args(["check", "--quiet", "-p", "msgraph-comms"])
        .args(flags)
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("cargo check {} failed", flags.join(" ")))
    }
}

/// `cargo check` under `xtask __measure`: wall seconds and the compiler's peak RSS.
fn measure_check(workspace: &Path, target: &Path, flags: &[&str]) -> Result<(f64, u64)> {
    let me = std::env::current_exe().map_err(|e| format!("cannot find xtask: {e}"))?;
    let output = Command::new(me)
        .args([
            "__measure",
            env!("CARGO"),
            "check",
            "--quiet",
            "-p",
            "msgraph-comms",
        ])
        .args(flags)
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        .output()
        .map_err(|e| format!("cannot run xtask __measure: {e}"))?;
    let text = String::from_utf8_lossy(&output.stdout);
    let mut words = text.split_whitespace();
    let seconds = words.next().and_then(|w| w.parse().ok());
    let rss = words.next().and_then(|w| w.parse().ok());
    match (output.status.success(), seconds, rss) {
        (true, Some(seconds), Some(rss)) => Ok((seconds, rss)),
        _ => Err(format!(
            "measuring cargo check {} failed: {}",
            flags.join(" "),
            String::from_utf8_lossy(&output.stderr)
        )),
    }
}

/// Runs a command and prints its wall seconds and the peak resident size, in KB, of the largest
/// process it started (`getrusage(RUSAGE_CHILDREN)`): the hidden `xtask __measure`.
pub fn measure(args: &[String]) -> Result<()> {
    let (program, rest) = args.split_first().ok_or("__measure needs a command")?;
    let started = Instant::now();
    let status = Command::new(program)
        .args(rest)
        .status()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    let seconds = started.elapsed().as_secs_f64();
    if !status.success() {
        return Err(format!("{program} failed: {status}"));
    }
    let usage = nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN)
        .map_err(|e| format!("getrusage: {e}"))?;
    // Linux reports `ru_maxrss` in kilobytes.
    println!("{seconds:.3} {}", usage.max_rss());
    Ok(())
}

fn touch(path: &Path) -> Result<()> {
    let text = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}
