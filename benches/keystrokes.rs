//! DESIGN.md §6 on the large dataset (ten years: 12,000 people, 120,000 visits...), in one run,
//! at each scale asked for (`STAYWELL_BENCH_SCALES=1,3,10`; a full run does 1 and 3):
//! - keystroke to drawn frame (key handled, its queries run, a 120×40 frame rendered) for the
//!   common actions of every pane, each beside its floor: the same frame drawn from data
//!   already in memory (no key, no query) onto a screen still showing the frame before the key,
//!   interleaved with the keys, and the p99 as a ratio;
//! - a save, person search by name, phone digits, date of birth and #id;
//! - open with a raw key (SQLCipher's `x'…'` key skips the KDF, so open plus the first frame is
//!   measured directly, not as a total less a KDF measured elsewhere), and the KDF alone;
//! - the same query set on the encrypted file and an unencrypted copy, alternated A B A B, each
//!   from a fresh connection with the same page cache, warm and cold (pages dropped);
//! - typing into a field holding 10,000 characters and a 100,000-character paste (at N = 1);
//! - peak memory (max RSS) of the app part of each scale (reset after the data is generated).
//!
//! It ends with one table to paste into README (machine, date, every figure at each N, the
//! growth from the first N to the last).
//!
//! `cargo bench --bench keystrokes`. STAYWELL_BENCH_QUICK=1: the small dataset and few samples
//! (CI runs it that way so it keeps working; it never fails on time). STAYWELL_BENCH_DATA=<folder>
//! keeps each scale's generated data there and reuses it on the next run of the same day and
//! schema (fictional demo data only, outside the repository). STAYWELL_BENCH_ONLY=typing: only
//! the typing figures.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable,
    reason = "tests and benchmarks assert by panicking"
)]

use chrono::{TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use secrecy::SecretString;
use sha2::{Digest, Sha512};
use staywell::app::clock::ManualClock;
use staywell::app::{App, Config};
use staywell::demo::{self, Size};
use staywell::store::Store;
use staywell::ui::theme::Theme;
use staywell::ui::widgets::fields::{Field, FieldForm};
use std::path::Path;
use std::time::{Duration, Instant};

// ----- figures -----

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[derive(Clone, Copy)]
struct Fig {
    median: f64,
    p99: f64,
    /// The p99 of the floor for the same frame, for keystroke actions.
    floor_p99: Option<f64>,
    n: usize,
}

fn summarise(mut samples: Vec<Duration>) -> (f64, f64, usize) {
    samples.sort();
    let n = samples.len();
    let p99 = samples[(n * 99).div_ceil(100).clamp(1, n) - 1];
    (ms(samples[n / 2]), ms(p99), n)
}

fn fig(samples: Vec<Duration>) -> Fig {
    let (median, p99, n) = summarise(samples);
    Fig {
        median,
        p99,
        floor_p99: None,
        n,
    }
}

/// One row of the final table: what, its goal, and a cell per scale.
struct Row {
    measure: String,
    goal: String,
    cells: Vec<Option<String>>,
    /// The figure whose growth is stated (p99 or the single value).
    values: Vec<Option<f64>>,
}

struct Table {
    scales: Vec<usize>,
    rows: Vec<Row>,
    column: usize,
}

impl Table {
    fn row(&mut self, measure: &str, goal: &str) -> &mut Row {
        let n = self.scales.len();
        if let Some(i) = self.rows.iter().position(|r| r.measure == measure) {
            return &mut self.rows[i];
        }
        self.rows.push(Row {
            measure: measure.to_string(),
            goal: goal.to_string(),
            cells: vec![None; n],
            values: vec![None; n],
        });
        self.rows.last_mut().unwrap()
    }

    /// A timed figure: printed now, and kept for the table.
    fn fig(&mut self, measure: &str, goal: &str, f: Fig) {
        let cell = match f.floor_p99 {
            Some(floor) => format!(
                "{:.2} / {:.2} ({:.1}× floor {:.2})",
                f.median,
                f.p99,
                f.p99 / floor.max(1e-6),
                floor
            ),
            None => format!("{:.2} / {:.2}", f.median, f.p99),
        };
        println!("{measure:<46} {:>6}  median / p99 ms: {cell}", f.n);
        let c = self.column;
        let row = self.row(measure, goal);
        row.cells[c] = Some(cell);
        row.values[c] = Some(f.p99);
    }

    /// What a child process measured: its rows, one a line, for the parent's table.
    fn send(&self) {
        for r in &self.rows {
            if let (Some(cell), Some(v)) = (&r.cells[self.column], r.values[self.column]) {
                println!("ROW\t{}\t{}\t{v}\t{cell}", r.measure, r.goal);
            }
        }
    }

    fn receive(&mut self, line: &str) -> bool {
        let parts: Vec<&str> = line.splitn(5, '\t').collect();
        if parts.len() != 5 || parts[0] != "ROW" {
            return false;
        }
        let c = self.column;
        let row = self.row(parts[1], parts[2]);
        row.values[c] = parts[3].parse().ok();
        row.cells[c] = Some(parts[4].to_string());
        true
    }

    /// A single value (a ratio, MiB, seconds).
    fn value(&mut self, measure: &str, goal: &str, value: f64, cell: String) {
        println!("{measure:<46}         {cell}");
        let c = self.column;
        let row = self.row(measure, goal);
        row.cells[c] = Some(cell);
        row.values[c] = Some(value);
    }

    fn print(&self, machine: &str) {
        println!();
        println!("{machine}");
        println!(
            "Keystroke cells: median / p99 ms (p99 as a ratio to the p99 of the floor, the same frame drawn from memory). Others: median / p99 ms unless said."
        );
        println!();
        let mut head = "| Measure |".to_string();
        let mut rule = "|---|".to_string();
        for n in &self.scales {
            head.push_str(&format!(" N = {n} |"));
            rule.push_str("---|");
        }
        let growth = self.scales.len() > 1;
        if growth {
            head.push_str(&format!(
                " Growth N = {} → {} |",
                self.scales[0],
                self.scales[self.scales.len() - 1]
            ));
            rule.push_str("---|");
        }
        head.push_str(" Goal |");
        rule.push_str("---|");
        println!("{head}\n{rule}");
        for r in &self.rows {
            let mut line = format!("| {} |", r.measure);
            for c in &r.cells {
                line.push_str(&format!(" {} |", c.as_deref().unwrap_or("–")));
            }
            if growth {
                match (
                    r.values.first().copied().flatten(),
                    r.values.last().copied().flatten(),
                ) {
                    // A value not measured at a scale (NaN: the data was reused) has no growth.
                    (Some(a), Some(b)) if a > 0.0 && b.is_finite() => {
                        line.push_str(&format!(" {:.2}× |", b / a))
                    }
                    _ => line.push_str(" – |"),
                }
            }
            line.push_str(&format!(" {} |", r.goal));
            println!("{line}");
        }
    }
}

fn key(c: KeyCode) -> KeyEvent {
    KeyEvent::new(c, KeyModifiers::NONE)
}

/// Presses `keys` `rounds` times, timing each key handled plus a frame drawn, and after each
/// the floor: the same frame drawn from what is already in memory (no key, no query) onto a
/// second screen that still shows the frame from before the key, so the floor writes the same
/// changed cells the key's frame wrote. (Redrawing an unchanged screen writes nothing: that is
/// printed beside it, as "unchanged".)
/// After the frame, as the event loop does, what the key committed without waiting for the
/// disk is synced (opening a plan: its audit entry); that is timed apart and printed.
fn keystrokes(
    app: &mut App,
    term: &mut Terminal<TestBackend>,
    keys: &[KeyEvent],
    rounds: usize,
) -> Fig {
    let mut samples = Vec::with_capacity(keys.len() * rounds);
    let mut floor = Vec::with_capacity(keys.len() * rounds);
    let mut unchanged = Vec::with_capacity(keys.len() * rounds);
    let mut syncs = Vec::new();
    let size = term.size().unwrap();
    let mut before = Terminal::new(TestBackend::new(size.width, size.height)).unwrap();
    before.draw(|f| app.render(f)).unwrap();
    for _ in 0..rounds {
        for k in keys {
            let t = Instant::now();
            app.handle_key(*k);
            term.draw(|f| app.render(f)).unwrap();
            samples.push(t.elapsed());
            let t = Instant::now();
            if app.after_frame() {
                syncs.push(t.elapsed());
            }
            // `before` shows the frame from before the key; drawing on it brings it level.
            let t = Instant::now();
            before.draw(|f| app.render(f)).unwrap();
            floor.push(t.elapsed());
            let t = Instant::now();
            term.draw(|f| app.render(f)).unwrap();
            unchanged.push(t.elapsed());
        }
    }
    if !syncs.is_empty() {
        let n = syncs.len();
        let (median, p99, _) = summarise(syncs);
        println!(
            "  (after the frame, off the key's time: {n} syncs of an audit entry, \
             median {median:.2} ms, p99 {p99:.2} ms)"
        );
    }
    let (_, unchanged_p99, _) = summarise(unchanged);
    println!("  (an unchanged screen redrawn: p99 {unchanged_p99:.2} ms)");
    beside_floor(samples, floor)
}

/// An action's figure with its floor's p99 beside it, the medians' ratio printed too.
fn beside_floor(samples: Vec<Duration>, floor: Vec<Duration>) -> Fig {
    let mut f = fig(samples);
    let (floor_median, floor_p99, _) = summarise(floor);
    // On a shared machine the p99s are the scheduler's slices: the medians compare too.
    println!(
        "  (median {:.2} ms, {:.1}× the floor's median {floor_median:.2} ms)",
        f.median,
        f.median / floor_median.max(1e-6)
    );
    f.floor_p99 = Some(floor_p99);
    f
}

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kib| kib / 1024.0)
}

// ----- a raw key: SQLCipher 4's PBKDF2-HMAC-SHA512, done once here -----

fn hmac_sha512(key: &[u8], parts: &[&[u8]]) -> [u8; 64] {
    let mut k = [0u8; 128];
    if key.len() > 128 {
        k[..64].copy_from_slice(&Sha512::digest(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let mut inner = Sha512::new();
    inner.update(k.map(|b| b ^ 0x36));
    for p in parts {
        inner.update(p);
    }
    let mut outer = Sha512::new();
    outer.update(k.map(|b| b ^ 0x5c));
    outer.update(inner.finalize());
    outer.finalize().into()
}

/// The 32-byte key SQLCipher 4 derives from `passphrase` for the file at `path` (its salt is the
/// file's first 16 bytes), as `x'…'`, which SQLCipher takes as the key itself. Bench-only: the
/// product always derives; never printed.
fn raw_key(path: &Path, passphrase: &str) -> String {
    let file = std::fs::read(path).unwrap();
    let salt = &file[..16];
    let mut u = hmac_sha512(passphrase.as_bytes(), &[salt, &1u32.to_be_bytes()]);
    let mut t = u;
    for _ in 1..256_000 {
        u = hmac_sha512(passphrase.as_bytes(), &[&u]);
        for (a, b) in t.iter_mut().zip(u.iter()) {
            *a ^= b;
        }
    }
    let hex: String = t[..32].iter().map(|b| format!("{b:02x}")).collect();
    format!("x'{hex}'")
}

// ----- the cipher's cost: one query set, encrypted vs plain -----

fn query_set(c: &rusqlite::Connection, people: i64) {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = |m: i64| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % m as u64) as i64
    };
    let mut summary = c
        .prepare_cached(
            "SELECT p.id, p.display_name, p.full_name, p.date_of_birth, p.phone,
                    (SELECT max(arrived_at) FROM visits v WHERE v.person_id = p.id)
             FROM people p WHERE p.id = ?1",
        )
        .unwrap();
    for _ in 0..200 {
        summary
            .query_row([1 + next(people)], |r| r.get::<_, i64>(0))
            .unwrap();
    }
    let mut night = c
        .prepare_cached(
            "SELECT id, person_id, status, presenting_need FROM visits
             WHERE arrived_at >= ?1 AND arrived_at < ?2 ORDER BY arrived_at, id",
        )
        .unwrap();
    for _ in 0..50 {
        let day = chrono::NaiveDate::from_ymd_opt(2017, 1, 1).unwrap()
            + chrono::Duration::days(next(3600));
        let rows = night
            .query_map(
                [format!("{day}T00:00:00Z"), format!("{day}T23:59:59Z")],
                |r| r.get::<_, i64>(0),
            )
            .unwrap()
            .count();
        std::hint::black_box(rows);
    }
    let mut month = c
        .prepare_cached(
            "SELECT count(*), sum(distress_arrival), count(DISTINCT person_id) FROM visits
             WHERE arrived_at >= ?1 AND arrived_at < ?2",
        )
        .unwrap();
    for m in 1..=6 {
        month
            .query_row(
                [format!("2025-{m:02}-01"), format!("2025-{:02}-01", m + 1)],
                |r| r.get::<_, i64>(0),
            )
            .unwrap();
    }
    let mut plan = c
        .prepare_cached(
            "SELECT sections FROM plan_versions WHERE plan_id = ?1 ORDER BY version DESC LIMIT 1",
        )
        .unwrap();
    for _ in 0..100 {
        let _ = plan.query_row([1 + next(people / 2)], |r| r.get::<_, String>(0));
    }
}

fn drop_os_cache(path: &Path) {
    for p in [path.to_path_buf(), path.with_extension("db-wal")] {
        if let Ok(f) = std::fs::File::open(&p) {
            let _ = rustix::fs::fadvise(&f, 0, None, rustix::fs::Advice::DontNeed);
        }
    }
}

fn fresh(path: &Path, key: Option<&str>) -> rusqlite::Connection {
    let c = rusqlite::Connection::open_with_flags(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .unwrap();
    if let Some(k) = key {
        c.execute_batch(&format!(
            "PRAGMA key = \"{k}\"; PRAGMA cipher_log_level = NONE; PRAGMA cipher_compatibility = 4;"
        ))
        .unwrap();
    }
    c.execute_batch(&format!(
        "PRAGMA cache_size = -{};",
        staywell::store::PAGE_CACHE_KIB
    ))
    .unwrap();
    c.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
        r.get::<_, i64>(0)
    })
    .unwrap();
    c
}

/// (encrypted, plain) medians of `rounds` A B A B runs: warm = the set run once on the fresh
/// connection first (its page cache full), first = a fresh connection's first run with the file
/// in the OS cache, cold = the OS cache dropped first.
fn cipher_cost(enc: &Path, key: &str, plain: &Path, people: i64, rounds: usize) -> [(f64, f64); 3] {
    let mut t = [
        [Vec::new(), Vec::new()],
        [Vec::new(), Vec::new()],
        [Vec::new(), Vec::new()],
    ];
    for _ in 0..rounds {
        for (i, (path, k)) in [(enc, Some(key)), (plain, None)].into_iter().enumerate() {
            // Cold.
            drop_os_cache(path);
            let c = fresh(path, k);
            let s = Instant::now();
            query_set(&c, people);
            t[2][i].push(s.elapsed());
            drop(c);
            // First read with the file in the OS cache.
            let c = fresh(path, k);
            let s = Instant::now();
            query_set(&c, people);
            t[1][i].push(s.elapsed());
            // Warm.
            let s = Instant::now();
            query_set(&c, people);
            t[0][i].push(s.elapsed());
        }
    }
    t.map(|[e, p]| (summarise(e).0, summarise(p).0))
}

// ----- typing -----

fn prose(chars: usize) -> String {
    let words = [
        "they", "said", "the", "evening", "was", "hard", "and", "that", "a", "friend", "would",
        "ring", "tomorrow", "about", "housing",
    ];
    let mut s = String::with_capacity(chars + 16);
    let mut i = 0;
    while s.chars().count() < chars {
        s.push_str(words[i % words.len()]);
        i += 1;
        s.push(if i % 23 == 0 { '\n' } else { ' ' });
    }
    s.truncate(chars);
    s
}

fn form_keys(
    form: &mut FieldForm,
    term: &mut Terminal<TestBackend>,
    keys: &[KeyEvent],
    rounds: usize,
) -> Fig {
    let theme = Theme::plain();
    let draw = |form: &FieldForm, term: &mut Terminal<TestBackend>| {
        term.draw(|f| {
            form.render(
                f,
                f.area(),
                &theme,
                staywell::ui::widgets::fields::SAVE_CANCEL,
            )
        })
        .unwrap();
    };
    let mut samples = Vec::new();
    let mut floor = Vec::new();
    // The floor as in `keystrokes`: drawn onto a screen still showing the frame before the key.
    let size = term.size().unwrap();
    let mut before = Terminal::new(TestBackend::new(size.width, size.height)).unwrap();
    draw(form, &mut before);
    for _ in 0..rounds {
        for k in keys {
            let t = Instant::now();
            form.handle_key(*k);
            draw(form, term);
            samples.push(t.elapsed());
            let t = Instant::now();
            draw(form, &mut before);
            floor.push(t.elapsed());
        }
    }
    beside_floor(samples, floor)
}

fn typing(table: &mut Table, rounds: usize) {
    let theme = Theme::plain();
    let typed: Vec<KeyEvent> = [KeyCode::Char('x'), KeyCode::Backspace]
        .into_iter()
        .map(key)
        .collect();
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let long = prose(9_998);
    let mut form = FieldForm::new(
        "Typing",
        vec![Field::text("One line", 10_000, &long.replace('\n', " "))],
    );
    term.draw(|f| form.render(f, f.area(), &theme, &[]))
        .unwrap();
    let f = form_keys(&mut form, &mut term, &typed, rounds);
    table.fig(
        "a key in a one-line field of 10,000 characters",
        "p99 ≤ 0.5",
        f,
    );
    let mut form = FieldForm::new("Typing", vec![Field::area("Multi-line", 10_000, &long)]);
    term.draw(|f| form.render(f, f.area(), &theme, &[]))
        .unwrap();
    let f = form_keys(&mut form, &mut term, &typed, rounds);
    table.fig(
        "a key in a multi-line field of 10,000 characters",
        "p99 ≤ 0.5",
        f,
    );

    // A bracketed paste of 100,000 characters, into a field with room for it, then drawn.
    let pasted = prose(100_000);
    let mut samples = Vec::new();
    for _ in 0..5 {
        let text = staywell::ui::widgets::fields::FieldId::new("text");
        let mut form = FieldForm::new("Paste", vec![Field::area("Text", 100_000, "").id(text)]);
        let t = Instant::now();
        form.paste(&pasted);
        term.draw(|f| form.render(f, f.area(), &theme, &[]))
            .unwrap();
        samples.push(t.elapsed());
        assert_eq!(form.text(text).chars().count(), 100_000);
    }
    table.fig(
        "a 100,000-character paste (bracketed), drawn",
        "≤ 200",
        fig(samples),
    );
    // Unbracketed: 100,000 characters arriving as keys into a 10,000-character field (the rest
    // refused), as the event loop hands them over: the keys of each 4 KiB read of the terminal
    // (a pty's usual piece) gathered into one run of typing (Enter, a new line here, included),
    // taken as the keys one by one would be; the field drawn before and after every run.
    let mut samples = Vec::new();
    for _ in 0..3 {
        let notes = staywell::ui::widgets::fields::FieldId::new("notes");
        let mut form = FieldForm::new("Paste", vec![Field::area("Text", 10_000, "").id(notes)]);
        term.draw(|f| form.render(f, f.area(), &theme, &[]))
            .unwrap();
        let t = Instant::now();
        let mut run = String::new();
        for c in pasted.chars() {
            run.push(c);
            if run.len() >= 4096 {
                form.type_text(&run);
                run.clear();
                term.draw(|f| form.render(f, f.area(), &theme, &[]))
                    .unwrap();
            }
        }
        form.type_text(&run);
        term.draw(|f| form.render(f, f.area(), &theme, &[]))
            .unwrap();
        samples.push(t.elapsed());
        assert_eq!(form.text(notes).chars().count(), 10_000);
    }
    table.fig(
        "100,000 characters as keys (unbracketed) into 10,000",
        "≤ 200",
        fig(samples),
    );
}

// ----- one scale -----

fn open_app(path: &Path, key: &str, now: chrono::DateTime<Utc>) -> (App, Terminal<TestBackend>) {
    let (app, term, _) = open_app_with_clock(path, key, now);
    (app, term)
}

fn open_app_with_clock(
    path: &Path,
    key: &str,
    now: chrono::DateTime<Utc>,
) -> (App, Terminal<TestBackend>, ManualClock) {
    let clock = ManualClock::new(now);
    let config = Config {
        db_path: path.to_path_buf(),
        theme: Theme::plain(),
        demo: None,
        passphrase: Some(SecretString::from(key.to_string())),
        print_command: None,
    };
    let app = App::new(config, Box::new(clock.clone()));
    let term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    (app, term, clock)
}

fn sign_in(app: &mut App, term: &mut Terminal<TestBackend>) {
    for c in demo::DEMO_PIN.chars() {
        app.handle_key(key(KeyCode::Char(c)));
    }
    app.handle_key(key(KeyCode::Enter));
    term.draw(|f| app.render(f)).unwrap();
}

/// Tonight in the demo: Sunday 22 November 2026, 19:30 London.
fn tonight() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 19, 30, 0).unwrap()
}

/// Generates the data for `scale`, then measures it in a fresh process, so its peak memory is
/// the app's, not the generator's.
/// Where `STAYWELL_BENCH_DATA` (a folder) keeps a scale's generated demo between runs, so a run
/// that measures one change need not spend minutes generating the same data again. The name
/// holds what the data depends on: the size, the scale, the evening it was generated for (the
/// demo is laid out back from "now") and the schema version (a kept file from an older schema
/// would be migrated inside the measurement). A reused file says so in the run's output and its
/// "demo generated" figure is the copy's time.
fn kept_data(size: Size, scale: usize, now: chrono::DateTime<Utc>) -> Option<std::path::PathBuf> {
    let dir = std::path::PathBuf::from(std::env::var_os("STAYWELL_BENCH_DATA")?);
    std::fs::create_dir_all(&dir).unwrap();
    Some(dir.join(format!(
        "{size:?}-x{scale}-{}-schema{}.db",
        now.format("%Y%m%d"),
        staywell::store::migrations::latest_version()
    )))
}

fn one_scale(table: &mut Table, scale: usize, quick: bool, dir: &Path) {
    let size = if quick { Size::Small } else { Size::Large };
    let path = dir.join(format!("bench-{scale}.db"));
    let now = tonight();
    let t = Instant::now();
    let reused = match kept_data(size, scale, now) {
        Some(kept) if kept.exists() => {
            std::fs::copy(&kept, &path).unwrap();
            println!(
                "(N = {scale}: the data kept at {} is reused)",
                kept.display()
            );
            true
        }
        kept => {
            demo::generate_scaled(&path, size, scale, now)
                .unwrap()
                .close()
                .unwrap();
            if let Some(kept) = kept {
                std::fs::copy(&path, &kept).unwrap();
            }
            false
        }
    };
    let gen_secs = t.elapsed().as_secs_f64();
    // The copy (or the generation) leaves the whole file's pages dirty in the OS cache: the
    // first fsync the app makes would wait for all of them to reach the disk (seconds at
    // N = 10), which is this bench's doing, not the app's. Written out before measuring.
    std::fs::File::open(&path).unwrap().sync_all().unwrap();
    let people = {
        let s = Store::open(&path, &demo::passphrase()).unwrap();
        let n = s.people_count().unwrap();
        let visits: i64 = s
            .connection()
            .query_row("SELECT count(*) FROM visits", [], |r| r.get(0))
            .unwrap();
        println!(
            "\n== N = {scale}: {size:?} × {scale}: {n} people, {visits} visits, {:.0} MiB; generated in {gen_secs:.1} s",
            std::fs::metadata(&path).unwrap().len() as f64 / 1048576.0
        );
        n
    };
    table.value(
        "demo generated (s)",
        "–",
        if reused { f64::NAN } else { gen_secs },
        if reused {
            "kept data reused".to_string()
        } else {
            format!("{gen_secs:.1} s")
        },
    );
    let raw = raw_key(&path, demo::DEMO_PASSPHRASE);
    use std::io::BufRead;
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args(std::env::args().skip(1))
        .env(CHILD, format!("{scale}\t{people}\t{}", path.display()))
        .env("STAYWELL_BENCH_RAW_KEY", &raw)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    for line in std::io::BufReader::new(child.stdout.take().unwrap()).lines() {
        let line = line.unwrap();
        if !table.receive(&line) {
            println!("{line}");
        }
    }
    assert!(
        child.wait().unwrap().success(),
        "the measuring process failed"
    );
    for ext in ["db", "db-wal", "db-shm"] {
        let _ = std::fs::remove_file(path.with_extension(ext));
    }
}

/// Set in the measuring process: "scale, people, path".
const CHILD: &str = "STAYWELL_BENCH_CHILD";

fn measure_scale(table: &mut Table, scale: usize, people: i64, path: &Path, quick: bool) {
    let rounds = if quick { 20 } else { 500 };
    let dir = path.parent().unwrap();
    let now = tonight();
    // Never printed: the key for this run's throwaway file, handed over by the parent.
    let raw = std::env::var("STAYWELL_BENCH_RAW_KEY").unwrap();

    // Open with the raw key (no KDF): the file opened, its page check (every page's HMAC, at the
    // first unlock of a run) started on its own connection, and the sign-in screen drawn; then Store::open alone, and the sign-in
    // (its Argon2id PIN check is deliberate work) to the first board frame.
    // The page check, timed on its own below, reads every page: seconds at N = 10, so fewer
    // runs there.
    let runs = if quick {
        3
    } else if scale >= 10 {
        4
    } else {
        10
    };
    let (mut open, mut store_open, mut signin, mut check) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let t = Instant::now();
        let (mut app, mut term) = open_app(path, &raw, now);
        term.draw(|f| app.render(f)).unwrap();
        open.push(t.elapsed());
        assert!(app.holds_store(), "the raw key opens the file");
        let t = Instant::now();
        sign_in(&mut app, &mut term);
        signin.push(t.elapsed());
        assert!(app.signed_in_staff().is_some(), "signed in");
        app.quit_safely();
        let t = Instant::now();
        let s = Store::open(path, &staywell::store::Passphrase::from(raw.as_str())).unwrap();
        store_open.push(t.elapsed());
        drop(s);
        let t = Instant::now();
        let report =
            Store::damage_report(path, &staywell::store::Passphrase::from(raw.as_str())).unwrap();
        check.push(t.elapsed());
        assert!(report.pages.is_empty(), "the demo file is sound");
    }
    table.fig(
        "first open of a run (raw key) + first frame",
        "≤ 20",
        fig(open),
    );
    table.fig("of which Store::open alone (raw key)", "–", fig(store_open));
    table.fig(
        "the page check (every page's HMAC), after the first frame",
        "–",
        fig(check),
    );
    table.fig(
        "sign-in (Argon2id PIN) + first board frame",
        "–",
        fig(signin),
    );

    // Every unlock after the first of a run (the lead's, after each lock): the file's pages
    // were checked at the first, so this is the open and the sign-in screen drawn.
    let (mut app, mut term, clock) = open_app_with_clock(path, &raw, now);
    sign_in(&mut app, &mut term);
    let mut unlock = Vec::new();
    for _ in 0..runs * 2 {
        app.lock(None);
        term.draw(|f| app.render(f)).unwrap();
        let t = Instant::now();
        app.handle_paste(&raw);
        app.handle_key(key(KeyCode::Enter));
        term.draw(|f| app.render(f)).unwrap();
        unlock.push(t.elapsed());
        assert!(app.holds_store(), "unlocked again");
        sign_in(&mut app, &mut term);
        assert!(app.signed_in_staff().is_some(), "signed in again");
    }
    table.fig(
        "unlock after a lock (raw key) + first frame",
        "≤ 20",
        fig(unlock),
    );

    let panes: Vec<KeyEvent> = "12345".chars().map(key_of).collect();
    let f = keystrokes(&mut app, &mut term, &panes, rounds);
    table.fig("switch pane (1-5)", "p99 ≤ 2× floor, ≤ 1", f);
    app.handle_key(key_of('1'));
    let moves: Vec<KeyEvent> = [KeyCode::Down; 4]
        .into_iter()
        .chain([KeyCode::Up; 4])
        .map(key)
        .collect();
    let f = keystrokes(&mut app, &mut term, &moves, rounds);
    table.fig("Intake: move down/up the board", "p99 ≤ 2× floor, ≤ 1", f);
    let f = keystrokes(
        &mut app,
        &mut term,
        &[key(KeyCode::Enter), key(KeyCode::Esc)],
        rounds * 2,
    );
    table.fig("Intake: open a visit, back", "p99 ≤ 2× floor, ≤ 1", f);
    let filter: Vec<KeyEvent> = [
        KeyCode::Char('/'),
        KeyCode::Char('a'),
        KeyCode::Backspace,
        KeyCode::Esc,
    ]
    .into_iter()
    .map(key)
    .collect();
    let f = keystrokes(&mut app, &mut term, &filter, rounds);
    table.fig("Intake: filter the board", "p99 ≤ 2× floor, ≤ 1", f);
    let person = [key_of('p'), key(KeyCode::Down), key(KeyCode::Esc)];
    let f = keystrokes(&mut app, &mut term, &person, rounds);
    table.fig("Intake: a person's past visits", "p99 ≤ 2× floor, ≤ 1", f);
    app.handle_key(key_of('4'));
    let scroll: Vec<KeyEvent> = [KeyCode::Down, KeyCode::Down, KeyCode::Up, KeyCode::Up]
        .into_iter()
        .map(key)
        .collect();
    let f = keystrokes(&mut app, &mut term, &scroll, rounds);
    table.fig("Handover: scroll the note", "p99 ≤ 2× floor, ≤ 1", f);
    let f = keystrokes(
        &mut app,
        &mut term,
        &[key_of('h'), key(KeyCode::Esc)],
        rounds,
    );
    table.fig("Handover: history, back", "p99 ≤ 2× floor, ≤ 1", f);

    app.handle_key(key_of('2'));
    let list: Vec<KeyEvent> = [KeyCode::Down; 3]
        .into_iter()
        .chain([KeyCode::Up; 3])
        .map(key)
        .collect();
    let f = keystrokes(&mut app, &mut term, &list, rounds);
    table.fig("Plans: move down/up the list", "p99 ≤ 2× floor, ≤ 1", f);
    let f = keystrokes(
        &mut app,
        &mut term,
        &[key(KeyCode::Enter), key(KeyCode::Esc)],
        rounds,
    );
    table.fig("Plans: open a plan, back", "p99 ≤ 2× floor, ≤ 1", f);
    let f = keystrokes(&mut app, &mut term, &filter, rounds / 2);
    table.fig("Plans: filter the list", "p99 ≤ 2× floor, ≤ 1", f);
    app.handle_key(key_of('3'));
    let f = keystrokes(&mut app, &mut term, &list, rounds);
    table.fig("Peers: move down/up", "p99 ≤ 2× floor, ≤ 1", f);
    let f = keystrokes(
        &mut app,
        &mut term,
        &[
            key(KeyCode::Enter),
            key(KeyCode::Esc),
            key(KeyCode::Down),
            key(KeyCode::Enter),
            key(KeyCode::Esc),
            key(KeyCode::Up),
        ],
        rounds / 2,
    );
    table.fig(
        "Peers: open a worker, back, the next",
        "p99 ≤ 2× floor, ≤ 1",
        f,
    );
    // The same worker again with nothing changed is shown from what was kept at Esc: the
    // row above alternates two workers, so each of its openings reads its page.
    let f = keystrokes(
        &mut app,
        &mut term,
        &[key(KeyCode::Enter), key(KeyCode::Esc)],
        rounds,
    );
    table.fig(
        "Peers: the same worker again, back",
        "p99 ≤ 2× floor, ≤ 1",
        f,
    );
    app.handle_key(key_of('5'));
    let f = keystrokes(&mut app, &mut term, &list, rounds);
    table.fig("Reports: scroll the report", "p99 ≤ 2× floor, ≤ 1", f);

    // A save: one committed transaction, fsync included (a quick add).
    app.handle_key(key_of('1'));
    let mut save = Vec::new();
    for _ in 0..if quick { 20 } else { 200 } {
        app.handle_key(key_of('n'));
        for _ in 0..3 {
            app.handle_key(key(KeyCode::Tab));
        }
        app.handle_key(key_of('x'));
        let t = Instant::now();
        app.handle_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
        save.push(t.elapsed());
        term.draw(|f| app.render(f)).unwrap();
    }
    table.fig("save (quick add, committed, fsync)", "p99 ≤ 30", fig(save));

    // Idle with the board showing: a minute of the event loop's wake-ups (one each tick), each
    // tick's work and the frame it asks for, as a share of the minute. The process's own work
    // only; the terminal's writes are not counted.
    let tick = staywell::app::event_loop::TICK;
    let mut busy = Duration::ZERO;
    let (mut wakes, mut frames) = (0, 0);
    for _ in 0..(60_000 / tick.as_millis()) {
        clock.advance(chrono::Duration::from_std(tick).unwrap());
        let t = Instant::now();
        app.tick();
        if app.needs_redraw() {
            term.draw(|f| app.render(f)).unwrap();
            frames += 1;
        }
        busy += t.elapsed();
        wakes += 1;
    }
    assert!(
        app.signed_in_staff().is_some(),
        "still signed in after the idle minute"
    );
    let share = busy.as_secs_f64() / 60.0 * 100.0;
    table.value(
        "idle minute on the board: CPU (wake-ups, frames)",
        "≤ 0.1%, ≤ 60 wake-ups",
        share,
        format!(
            "{share:.3}% ({wakes} wake-ups, {frames} frames, {:.1} ms)",
            ms(busy)
        ),
    );
    app.quit_safely();
    drop(app);

    // Person search, straight on the store, by each kind of query.
    let store = Store::open(path, &staywell::store::Passphrase::from(raw.as_str())).unwrap();
    let n = if quick { 30 } else { 300 };
    for (label, queries) in [
        (
            "person search: a name fragment",
            &["al", "alex", "sam", "pryia", "e", "ample"][..],
        ),
        (
            "person search: phone digits",
            &["07700 9001", "900123", "0770090"][..],
        ),
        (
            "person search: date of birth",
            &["01/02/1980", "1975-06-30", "12/12/1990"][..],
        ),
        ("person search: #id", &["#42", "#7", "#100"][..]),
    ] {
        let mut s = Vec::new();
        // The first search builds the index; a lead's first Ctrl-f pays it once.
        store.find_people("warm", 30).unwrap();
        for q in queries.iter().cycle().take(n) {
            let t = Instant::now();
            std::hint::black_box(store.find_people(q, 30).unwrap());
            s.push(t.elapsed());
        }
        table.fig(label, "p99 ≤ 1 (N=1), ≤ 3 (N=10)", fig(s));
    }
    // Reports, as the Reports pane builds them: last month and the last year.
    {
        use chrono::{Datelike, Duration as Days};
        use staywell::domain::report::Period;
        let hours = store.service_hours().unwrap();
        let today = now.with_timezone(&hours.tz).date_naive();
        let month = Period::month(&hours, today.with_day(1).unwrap() - Days::days(1));
        let year = Period::range(&hours, today - Days::days(365), today - Days::days(1)).unwrap();
        for (label, period, goal) in [
            (
                "a month's report (last month)",
                &month,
                "≤ 50; ≤ 20 at N=10",
            ),
            (
                "a year's report (365 service dates)",
                &year,
                "≤ 200; ≤ 30 at N=1",
            ),
        ] {
            store.report_for(period).unwrap();
            let mut s = Vec::new();
            for _ in 0..if quick { 5 } else { 50 } {
                let t = Instant::now();
                std::hint::black_box(store.report_for(period).unwrap());
                s.push(t.elapsed());
            }
            table.fig(label, goal, fig(s));
        }
    }

    let mut first = Vec::new();
    for _ in 0..if quick { 2 } else { 5 } {
        let s = Store::open(path, &staywell::store::Passphrase::from(raw.as_str())).unwrap();
        let t = Instant::now();
        s.find_people("al", 30).unwrap();
        first.push(t.elapsed());
    }
    table.fig(
        "first search after unlock (builds the index)",
        "–",
        fig(first),
    );

    // The cipher's cost: an unencrypted copy, the same query set alternated.
    let plain_path = dir.join(format!("plain-{scale}.db"));
    std::fs::write(&plain_path, b"").unwrap();
    store
        .connection()
        .execute_batch(&format!(
            "ATTACH DATABASE '{}' AS plaintext KEY ''; SELECT sqlcipher_export('plaintext'); DETACH DATABASE plaintext;",
            plain_path.display()
        ))
        .unwrap();
    drop(store);
    let [warm, first_read, cold] =
        cipher_cost(path, &raw, &plain_path, people, if quick { 2 } else { 10 });
    for ((label, goal), (e, p)) in [
        ("cipher: same queries, warm (encrypted ÷ plain)", "≤ 1.15×"),
        ("cipher: fresh connection, file in OS cache", "–"),
        ("cipher: cold (OS cache dropped)", "–"),
    ]
    .into_iter()
    .zip([warm, first_read, cold])
    {
        table.value(
            label,
            goal,
            e / p,
            format!("{:.2}× ({e:.1} / {p:.1} ms)", e / p),
        );
    }
    std::fs::remove_file(&plain_path).unwrap();

    if scale == 1 || quick {
        typing(table, if quick { 20 } else { 500 });
    }
    let rss = peak_rss_mib();
    table.value(
        "peak memory (max RSS) of the measuring process",
        "≤ 100 MiB (N=1), ≤ 160 (N=10)",
        rss,
        format!("{rss:.0} MiB"),
    );
}

fn key_of(c: char) -> KeyEvent {
    key(KeyCode::Char(c))
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|s| s.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let load = std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default();
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .next()
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kib| kib / 1048576.0);
    format!(
        "Machine: {cpu}, {cores} cores, {mem:.0} GiB; load average at the end {load}; {} UTC; {} build",
        Utc::now().format("%Y-%m-%d %H:%M"),
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }
    )
}

fn main() {
    let quick = std::env::var_os("STAYWELL_BENCH_QUICK").is_some();
    if let Ok(child) = std::env::var(CHILD) {
        let parts: Vec<&str> = child.splitn(3, '\t').collect();
        let (scale, people) = (parts[0].parse().unwrap(), parts[1].parse().unwrap());
        let mut table = Table {
            scales: vec![scale],
            rows: Vec::new(),
            column: 0,
        };
        measure_scale(&mut table, scale, people, Path::new(parts[2]), quick);
        table.send();
        return;
    }
    let scales: Vec<usize> = if quick {
        vec![1]
    } else {
        std::env::var("STAYWELL_BENCH_SCALES")
            .unwrap_or_else(|_| "1,3".into())
            .split(',')
            .filter_map(|s| s.trim().parse().ok())
            .filter(|n| (1..=demo::MAX_SCALE).contains(n))
            .collect()
    };
    if quick {
        println!("(quick mode: small data, few samples; times from a quick run mean nothing)");
    }
    let dir = tempfile::tempdir().unwrap();
    let mut table = Table {
        scales: scales.clone(),
        rows: Vec::new(),
        column: 0,
    };
    // STAYWELL_BENCH_ONLY=typing: only the typing figures (no data generated), to measure a
    // change to the editors in seconds.
    if std::env::var("STAYWELL_BENCH_ONLY").as_deref() == Ok("typing") {
        table.scales = vec![1];
        typing(&mut table, if quick { 20 } else { 500 });
        table.print(&machine());
        return;
    }

    // The KDF alone: key a tiny database and prove the key with one read.
    let tiny = dir.path().join("tiny.db");
    {
        let c = rusqlite::Connection::open(&tiny).unwrap();
        c.execute_batch("PRAGMA key = 'bench kdf'; CREATE TABLE t (x);")
            .unwrap();
    }
    let mut kdf = Vec::new();
    for _ in 0..if quick { 3 } else { 10 } {
        let t = Instant::now();
        let c = rusqlite::Connection::open(&tiny).unwrap();
        c.execute_batch("PRAGMA key = 'bench kdf';").unwrap();
        c.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
            r.get::<_, i64>(0)
        })
        .unwrap();
        kdf.push(t.elapsed());
    }
    table.fig(
        "the KDF itself (PBKDF2-SHA512, 256,000 iterations)",
        "by design",
        fig(kdf),
    );

    for (i, scale) in scales.iter().enumerate() {
        table.column = i;
        one_scale(&mut table, *scale, quick, dir.path());
    }
    table.print(&machine());
}
