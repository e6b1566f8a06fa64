//! Command-line flags, parsed by hand to keep xtask's dependencies short.

use std::path::PathBuf;

pub enum Command {
    Extract {
        docs: Option<PathBuf>,
        area: Option<String>,
        out: Option<PathBuf>,
        verbose: bool,
    },
    Codegen {
        check: bool,
    },
    Report {
        json: bool,
    },
    Help,
}

pub const USAGE: &str = "\
cargo xtask <command>

Commands:
  extract [--docs DIR] [--area NAME] [--out DIR] [--verbose]
          Read the doc pages into the spec IR. Without --docs, reads the seed
          pages in specs/pages/. Writes specs/ir/ (or DIR/ir with --out).
  codegen [--check]
          Generate generated/ from specs/ir/. With --check, write nothing and
          fail if the committed files differ from what would be generated.
  report [--json]
          Summarise pages, operations, types, examples and diagnostics.
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
            let (mut docs, mut area, mut out, mut verbose) = (None, None, None, false);
            while let Some(flag) = rest.next() {
                match flag.as_str() {
                    "--docs" => docs = Some(PathBuf::from(value(flag, &mut rest)?)),
                    "--area" => area = Some(value(flag, &mut rest)?),
                    "--out" => out = Some(PathBuf::from(value(flag, &mut rest)?)),
                    "--verbose" | "-v" => verbose = true,
                    other => return Err(format!("unknown flag `{other}` for extract")),
                }
            }
            Ok(Command::Extract {
                docs,
                area,
                out,
                verbose,
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
        "help" | "--help" | "-h" => Ok(Command::Help),
        other => Err(format!("unknown command `{other}`")),
    }
}
