//! Pages are read in parallel: the IR must be the same bytes with one thread
//! or several, and whatever the order of the inputs. Real pages: the seeds,
//! plus the cloud-communications area of the ru-RU tree when `../shared` is here.

use codegen::area::{self, Area};
use codegen::ir::store;
use codegen::pipeline::{self, Input};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every file under `dir`, as `(prefix/relative path, bytes)`, sorted by path.
fn read_tree(dir: &Path, prefix: &str, only_md: bool) -> Vec<Input> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).expect("readable dir") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if !only_md || path.extension().is_some_and(|e| e == "md") {
                let relative = path
                    .strip_prefix(dir)
                    .expect("under dir")
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push(Input {
                    path: format!("{prefix}/{relative}"),
                    bytes: std::fs::read(&path).expect("readable file"),
                });
            }
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// The seeds and, when the ru-RU tree is beside the repository, its
/// cloud-communications area; and the paths of every page of that tree.
fn inputs() -> (Vec<Input>, BTreeSet<String>) {
    let mut inputs = read_tree(&root().join("specs/pages"), "pages", false);
    let docs = root().join("../shared/graph-docs/ru-RU");
    if !docs.is_dir() {
        eprintln!("{} is not here: the seeds only", docs.display());
        return (inputs, BTreeSet::new());
    }
    let pages = read_tree(&docs, "ru-RU", true);
    let tree: BTreeSet<String> = pages.iter().map(|p| p.path.clone()).collect();
    let selected = area::select(Area::CloudCommunications, &pages);
    inputs.extend(pages.into_iter().filter(|p| selected.contains(&p.path)));
    (inputs, tree)
}

fn copy(inputs: &[Input]) -> Vec<Input> {
    inputs
        .iter()
        .map(|i| Input {
            path: i.path.clone(),
            bytes: i.bytes.clone(),
        })
        .collect()
}

/// A fixed permutation (Fisher–Yates driven by xorshift), so a failure replays.
fn shuffled(inputs: &[Input]) -> Vec<Input> {
    let mut out = copy(inputs);
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for i in (1..out.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let j = usize::try_from(state % (i as u64 + 1)).expect("fits");
        out.swap(i, j);
    }
    out
}

/// The IR files of `inputs`, extracted and serialized on a pool of `threads`.
fn ir_files(inputs: &[Input], tree: &BTreeSet<String>, threads: usize) -> BTreeMap<String, String> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool");
    assert_eq!(pool.current_num_threads(), threads);
    pool.install(|| store::to_files(&pipeline::extract_spec_in_tree(inputs, tree, &|| {})))
}

fn assert_same(expected: &BTreeMap<String, String>, actual: &BTreeMap<String, String>, run: &str) {
    assert_eq!(
        expected.keys().collect::<Vec<_>>(),
        actual.keys().collect::<Vec<_>>(),
        "{run}: other files"
    );
    for (name, text) in expected {
        // Not assert_eq!: a difference in megabytes of JSON is unreadable.
        if actual[name] != *text {
            let line = text
                .lines()
                .zip(actual[name].lines())
                .position(|(a, b)| a != b)
                .map_or(text.lines().count(), |i| i + 1);
            panic!("{run}: `{name}` differs from the one-thread run from line {line}");
        }
    }
}

#[test]
fn the_ir_is_the_same_for_any_thread_count_and_input_order() {
    let (inputs, tree) = inputs();
    assert!(inputs.len() >= 5, "the seeds at least");
    let one_thread = ir_files(&inputs, &tree, 1);
    assert!(one_thread.contains_key("pages.json"));

    assert_same(&one_thread, &ir_files(&inputs, &tree, 4), "4 threads");

    let mut reversed = copy(&inputs);
    reversed.reverse();
    assert_same(
        &one_thread,
        &ir_files(&reversed, &tree, 4),
        "4 threads, reversed",
    );

    let shuffled = shuffled(&inputs);
    assert_ne!(
        shuffled.iter().map(|i| &i.path).collect::<Vec<_>>(),
        inputs.iter().map(|i| &i.path).collect::<Vec<_>>()
    );
    assert_same(
        &one_thread,
        &ir_files(&shuffled, &tree, 4),
        "4 threads, shuffled",
    );
    assert_same(
        &one_thread,
        &ir_files(&shuffled, &tree, 1),
        "1 thread, shuffled",
    );
}

/// The generated files of `spec`, emitted and printed on a pool of `threads`.
fn generated(spec: &codegen::ir::Spec, threads: usize) -> BTreeMap<String, String> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool");
    pool.install(|| {
        codegen::emit::Generator::new(&codegen::emit::Settings::default())
            .generate(spec)
            .expect("the spec generates")
    })
}

#[test]
fn the_generated_crate_is_the_same_for_any_thread_count() {
    let (inputs, tree) = inputs();
    let spec = pipeline::extract_spec_in_tree(&inputs, &tree, &|| {});
    let one_thread = generated(&spec, 1);
    assert!(one_thread.contains_key("src/lib.rs"));
    assert!(one_thread.keys().any(|p| p.contains("/models/")));
    assert_same(&one_thread, &generated(&spec, 4), "codegen on 4 threads");
}
