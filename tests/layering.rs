//! The rooms of ARCHITECTURE.md, checked: a word a room must not use fails this test with the
//! file and line. domain → store → app/ui → cli → main; no room reaches back up, `domain` does
//! no I/O, `store` draws nothing and `ui` runs no SQL. Comments are skipped, so a comment may
//! still name what it does not do.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable,
    reason = "tests and benchmarks assert by panicking"
)]

use std::fs;
use std::path::{Path, PathBuf};

/// (room, words it must not contain, why)
const RULES: &[(&str, &[&str], &str)] = &[
    (
        "src/domain",
        &[
            "crate::store",
            "crate::ui",
            "crate::app",
            "crate::cli",
            "rusqlite",
            "ratatui",
            "crossterm",
            "std::fs",
            "std::io",
            "std::net",
            "std::process",
            "std::env",
            "Utc::now",
            "Local::now",
            "SystemTime::now",
            "Instant::now",
        ],
        "domain is pure: no I/O, no clock, no store or screen",
    ),
    (
        "src/store",
        &[
            "crate::ui",
            "crate::app",
            "crate::cli",
            "ratatui",
            "crossterm",
        ],
        "store keeps data and draws nothing",
    ),
    (
        "src/ui",
        &[
            "crate::store",
            "crate::app",
            "crate::cli",
            "rusqlite",
            "std::fs",
            "std::process",
            "Utc::now",
            "Local::now",
        ],
        "ui draws and keeps form state: no SQL, no files, no clock (the app passes `now`)",
    ),
    (
        "src/app",
        &["crate::cli"],
        "the command line sits above the app",
    ),
];

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// The code of a line, without a trailing `//` comment (a `//` inside a string is rare here,
/// and only makes the check stricter).
fn code_of(line: &str) -> &str {
    let trimmed = line.trim_start();
    if trimmed.starts_with("//") {
        return "";
    }
    match line.find("//") {
        Some(at) => &line[..at],
        None => line,
    }
}

/// Every `room`-relative breach of `words`, as "file:line: word".
fn breaches(root: &Path, room: &str, words: &[&str]) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(&root.join(room), &mut files);
    files.sort();
    let mut found = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).expect("a source file");
        // A grouped import (`use crate::{store, ui}`) names a room without the `::` after
        // `crate`; spell such groups out so the check sees them.
        for (number, line) in text.lines().enumerate() {
            let code = code_of(line);
            for word in words {
                let grouped = word
                    .strip_prefix("crate::")
                    .is_some_and(|room| code.contains("crate::{") && code.contains(room));
                if code.contains(word) || grouped {
                    found.push(format!(
                        "{}:{}: {word}",
                        file.strip_prefix(root).unwrap_or(&file).display(),
                        number + 1
                    ));
                }
            }
        }
    }
    found
}

/// The modules directly inside `dir` (a file `x.rs` or a folder `x/`), each with the sibling
/// modules its code names (`super::y` from `x.rs` or `x/mod.rs`, `crate::…::y` from anywhere
/// under `x`).
fn sibling_uses(root: &Path, dir: &str) -> Vec<(String, Vec<String>)> {
    let crate_path = format!(
        "crate::{}::",
        dir.trim_start_matches("src/").replace('/', "::")
    );
    let mut names: Vec<String> = fs::read_dir(root.join(dir))
        .expect("a source folder")
        .filter_map(|e| {
            let path = e.ok()?.path();
            let stem = path.file_stem()?.to_str()?.to_string();
            (path.is_dir() || path.extension().is_some_and(|x| x == "rs"))
                .then_some(stem)
                .filter(|s| s != "mod")
        })
        .collect();
    names.sort();
    names.dedup();
    names
        .iter()
        .map(|name| {
            let mut files = Vec::new();
            let file = root.join(dir).join(format!("{name}.rs"));
            if file.exists() {
                files.push(file);
            }
            let folder = root.join(dir).join(name);
            if folder.is_dir() {
                rust_files(&folder, &mut files);
            }
            let mut uses = Vec::new();
            for file in files {
                let direct = file.parent() == Some(&root.join(dir)) || file.ends_with("mod.rs");
                let text = fs::read_to_string(&file).expect("a source file");
                for line in text.lines().map(code_of) {
                    for other in names.iter().filter(|n| *n != name) {
                        let by_super = direct
                            && (line.contains(&format!("super::{other}::"))
                                || line.contains(&format!("super::{other};"))
                                || line.contains(&format!("super::{{{other}")));
                        if by_super || line.contains(&format!("{crate_path}{other}::")) {
                            uses.push(other.clone());
                        }
                    }
                }
            }
            uses.sort();
            uses.dedup();
            (name.clone(), uses)
        })
        .collect()
}

/// A circle of modules that use each other, as "a → b → a", if there is one.
fn circle(uses: &[(String, Vec<String>)]) -> Option<String> {
    fn visit(
        at: &str,
        uses: &[(String, Vec<String>)],
        path: &mut Vec<String>,
        done: &mut Vec<String>,
    ) -> Option<String> {
        if let Some(start) = path.iter().position(|p| p == at) {
            let mut shown = path[start..].to_vec();
            shown.push(at.to_string());
            return Some(shown.join(" → "));
        }
        if done.iter().any(|d| d == at) {
            return None;
        }
        path.push(at.to_string());
        let next = uses.iter().find(|(n, _)| n == at).map(|(_, u)| u.clone());
        for n in next.unwrap_or_default() {
            if let Some(found) = visit(&n, uses, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.push(at.to_string());
        None
    }
    let mut done = Vec::new();
    uses.iter()
        .find_map(|(name, _)| visit(name, uses, &mut Vec::new(), &mut done))
}

#[test]
fn no_modules_use_each_other_in_a_circle() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut failures = Vec::new();
    for dir in [
        "src/domain",
        "src/store",
        "src/app",
        "src/ui",
        "src/ui/panes",
        "src/ui/panes/intake",
        "src/ui/panes/peers",
        "src/ui/panes/plans",
        "src/ui/panes/handover",
        "src/ui/panes/reports",
        "src/ui/admin",
        "src/ui/widgets",
        "src/store/peers",
        "src/domain/peers",
        "src/domain/plan",
        "src/domain/report",
        "src/app/input",
    ] {
        if let Some(found) = circle(&sibling_uses(root, dir)) {
            failures.push(format!("{dir}: {found}"));
        }
    }
    assert!(
        failures.is_empty(),
        "import circles:\n{}",
        failures.join("\n")
    );
}

#[test]
fn the_circle_check_finds_a_circle() {
    let uses = |pairs: &[(&str, &[&str])]| -> Vec<(String, Vec<String>)> {
        pairs
            .iter()
            .map(|(n, u)| (n.to_string(), u.iter().map(|s| s.to_string()).collect()))
            .collect()
    };
    assert_eq!(
        circle(&uses(&[("a", &["b"]), ("b", &["c"]), ("c", &["a"])])),
        Some("a → b → c → a".to_string())
    );
    assert_eq!(
        circle(&uses(&[("a", &["b"]), ("b", &["c"]), ("c", &[])])),
        None
    );
}

#[test]
fn no_room_uses_what_it_must_not() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut failures = Vec::new();
    for (room, words, why) in RULES {
        for breach in breaches(root, room, words) {
            failures.push(format!("{breach}  ({why})"));
        }
    }
    assert!(
        failures.is_empty(),
        "layering broken:\n{}",
        failures.join("\n")
    );
}

#[test]
fn the_check_sees_a_breach_and_skips_comments() {
    let dir = std::env::temp_dir().join(format!("staywell-layering-{}", std::process::id()));
    let room = dir.join("src/ui");
    fs::create_dir_all(&room).expect("a scratch folder");
    fs::write(
        room.join("pane.rs"),
        "// crate::store is never named here\nuse crate::store::Store;\nuse crate::{domain, store};\n",
    )
    .expect("a scratch file");
    let found = breaches(&dir, "src/ui", &["crate::store"]);
    fs::remove_dir_all(&dir).expect("scratch removed");
    assert_eq!(
        found,
        [
            "src/ui/pane.rs:2: crate::store",
            "src/ui/pane.rs:3: crate::store"
        ]
    );
}

#[test]
fn the_lints_that_hold_the_discipline_stay_denied() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = fs::read_to_string(root.join("Cargo.toml")).expect("Cargo.toml");
    let section = manifest
        .split("[lints.clippy]")
        .nth(1)
        .expect("a [lints.clippy] section in Cargo.toml");
    for lint in [
        "unwrap_used",
        "panic",
        "indexing_slicing",
        "unreachable",
        "todo",
        "unimplemented",
    ] {
        assert!(
            section
                .lines()
                .any(|l| l.replace(' ', "") == format!("{lint}=\"deny\"")),
            "clippy::{lint} must be denied in Cargo.toml"
        );
    }
}

/// The most lines of code (before a file's `#[cfg(test)]` module) a file in `src` may have.
const FILE_LINES_MAX: usize = 600;
/// The most lines a function in `src` may span, signature to closing brace.
const FN_LINES_MAX: usize = 100;

/// The lines of `text` before its test module: what the size rules count.
fn code_part(text: &str) -> Vec<&str> {
    text.lines()
        .take_while(|l| !l.starts_with("#[cfg(test)]"))
        .collect()
}

/// Whether `line` begins a function (`fn`, `pub fn`, `pub(crate) fn`, `const fn`…).
fn starts_fn(line: &str) -> bool {
    let mut words = line.split_whitespace().peekable();
    while let Some(w) = words.next() {
        match w {
            "fn" => return words.peek().is_some(),
            "pub" | "const" | "async" | "unsafe" => {}
            w if w.starts_with("pub(") => {}
            _ => return false,
        }
    }
    false
}

/// Each function in `lines` longer than `max`: its name, first line (from 1) and length. The
/// braces are counted outside strings, characters and comments.
fn long_fns(lines: &[&str], max: usize) -> Vec<(String, usize, usize)> {
    let mut found = Vec::new();
    for (start, line) in lines.iter().enumerate() {
        if !starts_fn(line) {
            continue;
        }
        let mut depth = 0i64;
        let mut opened = false;
        let mut end = start;
        for (i, l) in lines.iter().enumerate().skip(start) {
            let code = strip_literals(code_of(l));
            for c in code.chars() {
                match c {
                    '{' => {
                        depth += 1;
                        opened = true;
                    }
                    '}' => depth -= 1,
                    _ => {}
                }
            }
            end = i;
            if (opened && depth <= 0) || (!opened && code.trim_end().ends_with(';')) {
                break;
            }
        }
        let length = end - start + 1;
        if opened && length > max {
            let name = line
                .split("fn ")
                .nth(1)
                .and_then(|r| r.split(['(', '<']).next())
                .unwrap_or("?");
            found.push((name.to_string(), start + 1, length));
        }
    }
    found
}

/// `code` with the insides of string and character literals removed, so a brace in a
/// format string is not counted.
fn strip_literals(code: &str) -> String {
    let mut out = String::new();
    let mut chars = code.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                while let Some(d) = chars.next() {
                    match d {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
                out.push_str("\"\"");
            }
            // A character literal ('{', '\''), not a lifetime ('a).
            '\'' if matches!(chars.clone().nth(1), Some('\'')) || chars.peek() == Some(&'\\') => {
                for d in chars.by_ref() {
                    if d == '\'' {
                        break;
                    }
                }
            }
            c => out.push(c),
        }
    }
    out
}

#[test]
fn no_file_over_600_lines_and_no_function_over_100() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut over = Vec::new();
    for file in files {
        let shown = file
            .strip_prefix(root)
            .unwrap_or(&file)
            .display()
            .to_string();
        // A module that is all tests (`tests.rs` beside its module) is not code to keep small.
        if file.file_name().is_some_and(|n| n == "tests.rs") {
            continue;
        }
        let text = fs::read_to_string(&file).unwrap();
        let code = code_part(&text);
        if code.len() > FILE_LINES_MAX {
            over.push(format!(
                "{shown}: {} lines (most {FILE_LINES_MAX})",
                code.len()
            ));
        }
        for (name, line, length) in long_fns(&code, FN_LINES_MAX) {
            over.push(format!(
                "{shown}:{line}: fn {name} is {length} lines (most {FN_LINES_MAX})"
            ));
        }
    }
    assert!(over.is_empty(), "split these:\n{}", over.join("\n"));
}

#[test]
fn the_size_check_finds_a_long_function_and_ignores_braces_in_strings() {
    let mut long = vec![
        "pub(crate) fn long(x: u8) -> u8 {",
        "    let s = \"}}}\";",
        "    let c = '}';",
    ];
    long.extend(std::iter::repeat_n("    x;", 100));
    long.push("}");
    let short = [
        "fn short<'a>(s: &'a str) -> &'a str {",
        "    s",
        "}",
        "fn decl();",
    ];
    let mut both: Vec<&str> = short.to_vec();
    both.extend(long.iter().copied());
    let found = long_fns(&both, FN_LINES_MAX);
    assert_eq!(found, vec![("long".to_string(), 5, 104)]);
    assert!(long_fns(&short, FN_LINES_MAX).is_empty());
    assert_eq!(
        code_part("a\nb\n#[cfg(test)]\nmod tests {}\n"),
        vec!["a", "b"]
    );
}
