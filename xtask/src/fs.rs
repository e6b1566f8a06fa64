//! File writing that never leaves a half-written tree: files are written to a
//! temporary sibling and renamed into place; directories are built aside and
//! swapped in; a set of files is updated all or nothing.

use rayon::prelude::*;
use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Writes `contents` to `path` through a temporary file and a rename.
pub fn write_atomic(path: &Path, contents: &str) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let tmp = temp_sibling(path);
    fs::write(&tmp, contents)?;
    fs::rename(&tmp, path).inspect_err(|_| {
        let _ = fs::remove_file(&tmp);
    })
}

/// Replaces directory `dir` with the files given (relative paths), building
/// the new one aside first so an interrupted run leaves the old one intact.
pub fn replace_dir(dir: &Path, files: &BTreeMap<String, String>) -> io::Result<()> {
    let staging = temp_sibling(dir);
    if staging.exists() {
        fs::remove_dir_all(&staging)?;
    }
    // In parallel: the IR of a whole tree is tens of megabytes.
    let built = files.par_iter().try_for_each(|(name, contents)| {
        let path = staging.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(path, contents)
    });
    if let Err(e) = built {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    let old = dir.with_extension("old");
    if old.exists() {
        fs::remove_dir_all(&old)?;
    }
    if dir.exists()
        && let Err(e) = fs::rename(dir, &old)
    {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    if let Err(e) = fs::rename(&staging, dir) {
        if old.exists() {
            let _ = fs::rename(&old, dir);
        }
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    if old.exists() {
        fs::remove_dir_all(&old)?;
    }
    Ok(())
}

/// Updates files under `root`, all or nothing: writes `writes` (relative path →
/// contents) and removes `removals`. Every new file is first written to a
/// temporary sibling; only when all are written are they renamed into place,
/// each old file kept aside until the end. On any error the temporaries are
/// removed, the files already replaced are put back, and the old files stay.
pub fn update_files(
    root: &Path,
    writes: &BTreeMap<String, String>,
    removals: &[String],
) -> io::Result<()> {
    update_files_with(root, writes, removals, &mut |from, to| fs::rename(from, to))
}

/// [`update_files`] with the rename to use (a test makes one fail).
fn update_files_with(
    root: &Path,
    writes: &BTreeMap<String, String>,
    removals: &[String],
    rename: &mut dyn FnMut(&Path, &Path) -> io::Result<()>,
) -> io::Result<()> {
    // 1. Every new file beside its target; directories that did not exist are noted.
    let mut created_dirs: Vec<PathBuf> = Vec::new();
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    let written = writes.iter().try_for_each(|(name, contents)| {
        let target = root.join(name);
        if let Some(parent) = target.parent() {
            if let Some(top) = parent.ancestors().filter(|a| !a.exists()).last() {
                created_dirs.push(top.to_path_buf());
            }
            fs::create_dir_all(parent)?;
        }
        let tmp = temp_sibling(&target);
        staged.push((tmp.clone(), target));
        fs::write(&tmp, contents)
    });
    let clean_up = |staged: &[(PathBuf, PathBuf)], created_dirs: &[PathBuf]| {
        for (tmp, _) in staged {
            let _ = fs::remove_file(tmp);
        }
        for dir in created_dirs.iter().rev() {
            let _ = fs::remove_dir_all(dir);
        }
    };
    if let Err(e) = written {
        clean_up(&staged, &created_dirs);
        return Err(e);
    }

    // 2. Into place, each old file moved aside first; undone in reverse on error.
    let backup = |target: &Path| {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        target.with_file_name(format!(".{name}.old-{}", std::process::id()))
    };
    // (target, its old file moved aside, whether a new file is in place)
    let mut done: Vec<(PathBuf, Option<PathBuf>, bool)> = Vec::new();
    let mut step = |target: &Path,
                    tmp: Option<&Path>,
                    done: &mut Vec<(PathBuf, Option<PathBuf>, bool)>|
     -> io::Result<()> {
        let aside = if target.exists() {
            let aside = backup(target);
            rename(target, &aside)?;
            Some(aside)
        } else {
            None
        };
        done.push((target.to_path_buf(), aside, false));
        if let Some(tmp) = tmp {
            rename(tmp, target)?;
            if let Some(last) = done.last_mut() {
                last.2 = true;
            }
        }
        Ok(())
    };
    let committed = staged
        .iter()
        .try_for_each(|(tmp, target)| step(target, Some(tmp), &mut done))
        .and_then(|()| {
            removals
                .iter()
                .try_for_each(|name| step(&root.join(name), None, &mut done))
        });
    if let Err(e) = committed {
        for (target, aside, placed) in done.iter().rev() {
            if *placed {
                let _ = fs::remove_file(target);
            }
            if let Some(aside) = aside {
                let _ = fs::rename(aside, target);
            }
        }
        clean_up(&staged, &created_dirs);
        return Err(e);
    }

    // 3. The old files go.
    for (_, aside, _) in &done {
        if let Some(aside) = aside {
            let _ = fs::remove_file(aside);
        }
    }
    Ok(())
}

fn temp_sibling(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

/// Every file under `dir`, as `/`-separated paths relative to it, sorted.
pub fn list_files(dir: &Path) -> io::Result<Vec<String>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in fs::read_dir(&current)? {
            let entry = entry?;
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                stack.push(path);
            } else if let Ok(relative) = path.strip_prefix(dir) {
                out.push(
                    relative
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy())
                        .collect::<Vec<_>>()
                        .join("/"),
                );
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Reads the files `names` (relative to `dir`) that `wanted` accepts, in
/// parallel; the others come back as `None`. The result keeps the order of
/// `names`; `on_file` is called once per name, from any thread.
pub fn read_files(
    dir: &Path,
    names: Vec<String>,
    wanted: impl Fn(&str) -> bool + Sync,
    on_file: impl Fn() + Sync,
) -> Vec<(String, Option<io::Result<Vec<u8>>>)> {
    names
        .into_par_iter()
        .map(|name| {
            let bytes = wanted(&name).then(|| fs::read(dir.join(&name)));
            on_file();
            (name, bytes)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh scratch directory with `files` in it.
    fn scratch(name: &str, files: &[(&str, &str)]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-fs-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        for (path, contents) in files {
            let path = dir.join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, contents).unwrap();
        }
        dir
    }

    fn contents(dir: &Path) -> Vec<(String, String)> {
        list_files(dir)
            .unwrap()
            .into_iter()
            .map(|p| {
                let text = fs::read_to_string(dir.join(&p)).unwrap();
                (p, text)
            })
            .collect()
    }

    fn owned(files: &[(&str, &str)]) -> Vec<(String, String)> {
        files
            .iter()
            .map(|(p, c)| (p.to_string(), c.to_string()))
            .collect()
    }

    const OLD: &[(&str, &str)] = &[
        ("src/lib.rs", "old lib"),
        ("src/v1_0/models.rs", "old models"),
        ("tests/roundtrip_v1_0.rs", "old tests"),
    ];

    #[test]
    fn update_files_writes_and_removes() {
        let dir = scratch("update-ok", OLD);
        let writes = BTreeMap::from([
            ("src/lib.rs".to_string(), "new lib".to_string()),
            ("src/beta/mod.rs".to_string(), "new beta".to_string()),
        ]);
        update_files(&dir, &writes, &["tests/roundtrip_v1_0.rs".to_string()]).unwrap();
        assert_eq!(
            contents(&dir),
            owned(&[
                ("src/beta/mod.rs", "new beta"),
                ("src/lib.rs", "new lib"),
                ("src/v1_0/models.rs", "old models"),
            ])
        );
        let _ = fs::remove_dir_all(&dir);
    }

    /// A file that cannot be written (its directory would be a file): nothing
    /// changes, and no temporary is left behind.
    #[test]
    fn update_files_that_cannot_be_written_change_nothing() {
        let dir = scratch("update-unwritable", OLD);
        let writes = BTreeMap::from([
            ("src/lib.rs".to_string(), "new lib".to_string()),
            ("src/new/x.rs".to_string(), "new x".to_string()),
            // `src/lib.rs` is a file, so `src/lib.rs/y.rs` cannot be created.
            ("src/lib.rs/y.rs".to_string(), "new y".to_string()),
        ]);
        assert!(update_files(&dir, &writes, &["tests/roundtrip_v1_0.rs".to_string()]).is_err());
        assert_eq!(contents(&dir), owned(OLD));
        let _ = fs::remove_dir_all(&dir);
    }

    /// A rename that fails half-way through: the files already replaced or
    /// removed are put back.
    #[test]
    fn update_files_failing_half_way_puts_everything_back() {
        for fail_at in 0..6 {
            let dir = scratch(&format!("update-rename-{fail_at}"), OLD);
            let writes = BTreeMap::from([
                ("src/lib.rs".to_string(), "new lib".to_string()),
                ("src/v1_0/models.rs".to_string(), "new models".to_string()),
                ("src/beta/mod.rs".to_string(), "new beta".to_string()),
            ]);
            let mut calls = 0;
            let mut rename = |from: &Path, to: &Path| {
                calls += 1;
                if calls > fail_at {
                    return Err(io::Error::other("injected failure"));
                }
                fs::rename(from, to)
            };
            let result = update_files_with(
                &dir,
                &writes,
                &["tests/roundtrip_v1_0.rs".to_string()],
                &mut rename,
            );
            assert!(result.is_err(), "fail_at {fail_at}");
            assert_eq!(contents(&dir), owned(OLD), "fail_at {fail_at}");
            let _ = fs::remove_dir_all(&dir);
        }
    }

    #[test]
    fn replace_dir_that_cannot_be_built_keeps_the_old_one() {
        let root = scratch("replace", &[("ir/pages.json", "old pages")]);
        let dir = root.join("ir");
        let files = BTreeMap::from([
            ("a".to_string(), "file".to_string()),
            // `a` is a file: `a/b` cannot be written.
            ("a/b".to_string(), "x".to_string()),
        ]);
        assert!(replace_dir(&dir, &files).is_err());
        assert_eq!(contents(&root), owned(&[("ir/pages.json", "old pages")]));

        let files = BTreeMap::from([("pages.json".to_string(), "new pages".to_string())]);
        replace_dir(&dir, &files).unwrap();
        assert_eq!(contents(&root), owned(&[("ir/pages.json", "new pages")]));
        let _ = fs::remove_dir_all(&root);
    }
}
