//! Replays every input kept in `fuzz/regressions/<target>/` through the same code the fuzz
//! targets run (`fuzz/harness.rs`), so a normal `cargo test` keeps fixed crashes fixed. Each
//! file is an input a fuzzer found (minimised) that once panicked, hung or ran out of memory.

#[path = "../fuzz/harness.rs"]
mod harness;

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions").join(target);
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no inputs in {}", dir.display());
    for input in inputs {
        let bytes = std::fs::read(&input).expect("read");
        eprintln!("{}", input.display());
        run(&bytes);
    }
}

#[test]
fn front_matter() {
    replay("front_matter", harness::front_matter);
}

#[test]
fn markdown() {
    replay("markdown", harness::markdown);
}

#[test]
fn chart() {
    replay("chart", harness::chart);
}
