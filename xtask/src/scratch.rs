//! A copy of the workspace with `generated/` alone as its member, holding the crate generated
//! from another spec: the committed manifest, runtime, hand-written tests and example, with the
//! emitted files (and the spec) of that spec in place of the committed ones. Used to build and
//! measure crates that are not committed (the en-US area, the whole tree) without touching
//! `generated/`.

use crate::{Result, fs, is_emitted_path};
use codegen::emit::{Generator, Settings};
use codegen::ir::{Spec, store};
use std::path::{Path, PathBuf};

/// The target directory cargo uses for this workspace.
pub fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}

/// Writes the workspace for `spec` at `<target>/<name>` (replacing what was there) and returns
/// its root.
pub fn workspace(root: &Path, name: &str, spec: &Spec) -> Result<PathBuf> {
    let generator = Generator::new(&Settings::default());
    let mut files = generator.generate(spec).map_err(|e| e.to_string())?;
    let committed = root.join("generated");
    let manifest = read(&committed.join("Cargo.toml"))?;
    files.insert(
        "Cargo.toml".to_string(),
        generator
            .manifest(spec, &manifest)
            .map_err(|e| e.to_string())?,
    );

    let workspace = target_dir(root).join(name);
    let _ = std::fs::remove_dir_all(&workspace);
    let krate = workspace.join("generated");
    let listed = fs::list_files(&committed).map_err(|e| format!("cannot list generated/: {e}"))?;
    for name in listed.iter().filter(|name| !is_emitted_path(name)) {
        write(&krate.join(name), &read(&committed.join(name))?)?;
    }
    for (path, contents) in &files {
        write(&krate.join(path), contents)?;
    }
    for (name, contents) in store::to_files(spec) {
        write(&workspace.join("specs/ir").join(name), &contents)?;
    }
    let manifest = read(&root.join("Cargo.toml"))?;
    let members = manifest
        .lines()
        .find(|l| l.trim_start().starts_with("members"))
        .ok_or("the workspace manifest has no `members` line")?;
    let manifest = manifest.replace(members, "members = [\"generated\"]");
    write(&workspace.join("Cargo.toml"), &manifest)?;
    write(
        &workspace.join("Cargo.lock"),
        &read(&root.join("Cargo.lock"))?,
    )?;
    Ok(workspace)
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn write(path: &Path, contents: &str) -> Result<()> {
    fs::write_atomic(path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))
}
