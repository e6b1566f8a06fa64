//! Command-line flags, parsed by hand to keep xtask's dependencies short.

use std::path::PathBuf;

pub enum Command {
    Extract {
        docs: Option<PathBuf>,
        english: Vec<PathBuf>,
        area: Option<String>,
        out: Option<PathBuf>,
        verbose: bool,
        json: bool,
    },
    Codegen {
        check: bool,
    },
    Report {
        json: bool,
    },
    Bench {
        runs: usize,
        json: bool,
    },
    BenchCrate {
        docs: Option<PathBuf>,
        json: bool,
    },
    /// Hidden: runs a command and prints its wall time and peak memory.
    Measure {
        args: Vec<String>,
    },
    Help,
}

pub const USAGE: &str = "\
cargo xtask <command>

Commands:
  extract [--docs DIR] [--english DIR]... [--area NAME] [--out DIR] [--verbose] [--json]
          Read the doc pages into the spec IR. Without --docs, reads the seed
          pages in specs/pages/. Each --english tree (newest first, e.g.
          ../shared/graph-docs/en-US-2021 then ../shared/graph-docs/en-US)
          gives English descriptions for the items it has, matched by Graph
          item. Writes specs/ir/ (or DIR/ir with --out).
          Prints errors (every diagnostic with --verbose) like a compiler, and a
          summary: what became of every file and page. With --json, prints every
          diagnostic as a line of JSON on stdout instead.
  codegen [--check]
          Generate generated/ from specs/ir/. With --check, write nothing and
          fail if the committed files differ from what would be generated.
  report [--json]
          Summarise pages (by outcome, with skip reasons), operations, types,
          examples and diagnostics (by severity and by code).
  bench [--runs N] [--json]
          Time extraction of the docs trees in ../shared/graph-docs (every page,
          and the cloud-communications area), each followed by codegen, and
          codegen of the committed spec: best of N runs (default 5), pages/s and
          MB/s. The first case is the committed spec's job (the whole ru-RU tree
          with both English trees, then codegen; budget 10 s).
          Build it optimized: `cargo run --release -p xtask -- bench`.
  bench-crate [--docs DIR] [--json]
          Extract and generate the whole docs tree DIR (default
          ../shared/graph-docs/ru-RU) into a scratch workspace under target/,
          timed, then time a cold `cargo check` of that crate (dependencies
          built) and its peak memory, with the default features, one area
          alone, and every area of both versions.
";

pub fn parse(args: impl Iterator<Item = String>) -> Result<Command, String> {
    let args: Vec<String> = args.collect();
    let Some((command, rest)) = args.split_first() else {
        return Ok(Command::Help);
    };
    let mut rest = rest.iter();
    let value = |flag: &str, rest: &mut std::slice::Iter<'_, String>| {
        rest.next()
            .cloned()
            .ok_or_else(|| format!("`{flag}` needs a value"))
    };
    match command.as_str() {
        "extract" => {
            let (mut docs, mut area, mut out, mut verbose, mut json) =
                (None, None, None, false, false);
            let mut english = Vec::new();
            while let Some(flag) = rest.next() {
                match flag.as_str() {
                    "--docs" => docs = Some(PathBuf::from(value(flag, &mut rest)?)),
                    "--english" => english.push(PathBuf::from(value(flag, &mut rest)?)),
                    "--area" => area = Some(value(flag, &mut rest)?),
                    "--out" => out = Some(PathBuf::from(value(flag, &mut rest)?)),
                    "--verbose" | "-v" => verbose = true,
                    "--json" => json = true,
                    other => return Err(format!("unknown flag `{other}` for extract")),
                }
            }
            Ok(Command::Extract {
                docs,
                english,
                area,
                out,
                verbose,
                json,
            })
        }
        "codegen" => {
            let mut check = false;
            for flag in rest {
                match flag.as_str() {
                    "--check" => check = true,
                    other => return Err(format!("unknown flag `{other}` for codegen")),
                }
            }
            Ok(Command::Codegen { check })
        }
        "report" => {
            let mut json = false;
            for flag in rest {
                match flag.as_str() {
                    "--json" => json = true,
                    other => return Err(format!("unknown flag `{other}` for report")),
                }
            }
            Ok(Command::Report { json })
        }
        "bench" => {
            let (mut runs, mut json) = (5, false);
            while let Some(flag) = rest.next() {
                match flag.as_str() {
                    "--runs" => {
                        runs = value(flag, &mut rest)?
                            .parse()
                            .map_err(|e| format!("`--runs` needs a number: {e}"))?
                    }
                    "--json" => json = true,
                    other => return Err(format!("unknown flag `{other}` for bench")),
                }
            }
            Ok(Command::Bench { runs, json })
        }
        "bench-crate" => {
            let (mut docs, mut json) = (None, false);
            while let Some(flag) = rest.next() {
                match flag.as_str() {
                    "--docs" => docs = Some(PathBuf::from(value(flag, &mut rest)?)),
                    "--json" => json = true,
                    other => return Err(format!("unknown flag `{other}` for bench-crate")),
                }
            }
            Ok(Command::BenchCrate { docs, json })
        }
        "__measure" => Ok(Command::Measure {
            args: rest.cloned().collect(),
        }),
        "help" | "--help" | "-h" => Ok(Command::Help),
        other => Err(format!("unknown command `{other}`")),
    }
}
