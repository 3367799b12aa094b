//! Why the page cache is 32 MiB: SQLCipher decrypts every page it reads from disk, so reads that
//! miss SQLite's page cache cost far more than on a plain file. This measures the same random
//! row reads on an encrypted and a plain copy, with the 2 MiB default cache and with ours.
//!
//! `cargo bench --bench cipher_cache`; STAYWELL_BENCH_QUICK=1 for a small, fast run.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unreachable,
    reason = "tests and benchmarks assert by panicking"
)]

use rusqlite::Connection;
use std::time::Instant;

fn build(path: &std::path::Path, key: Option<&str>, rows: usize) {
    let c = Connection::open(path).unwrap();
    if let Some(k) = key {
        c.execute_batch(&format!("PRAGMA key = '{k}';")).unwrap();
    }
    c.execute_batch(
        "PRAGMA journal_mode = WAL; CREATE TABLE visits (id INTEGER PRIMARY KEY, arrived TEXT, need TEXT);",
    )
    .unwrap();
    let tx = c.unchecked_transaction().unwrap();
    {
        let mut s = tx
            .prepare("INSERT INTO visits (arrived, need) VALUES (?1, ?2)")
            .unwrap();
        for i in 0..rows {
            s.execute((
                format!("2026-01-01T{:02}:00:00Z", i % 24),
                "x".repeat(150 + i % 100),
            ))
            .unwrap();
        }
    }
    tx.commit().unwrap();
    c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
}

/// Median and p99 microseconds of `reads` random point reads after a warm-up pass.
fn measure(
    path: &std::path::Path,
    key: Option<&str>,
    cache_kib: i64,
    rows: usize,
    reads: usize,
) -> (f64, f64) {
    let c = Connection::open(path).unwrap();
    if let Some(k) = key {
        c.execute_batch(&format!(
            "PRAGMA key = '{k}'; PRAGMA cipher_log_level = NONE;"
        ))
        .unwrap();
    }
    c.execute_batch(&format!("PRAGMA cache_size = -{cache_kib};"))
        .unwrap();
    let mut stmt = c
        .prepare("SELECT length(need) FROM visits WHERE id = ?1")
        .unwrap();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x % rows as u64) as i64 + 1
    };
    for _ in 0..reads {
        let _: i64 = stmt.query_row([next()], |r| r.get(0)).unwrap();
    }
    let mut times: Vec<f64> = (0..reads)
        .map(|_| {
            let t = Instant::now();
            let _: i64 = stmt.query_row([next()], |r| r.get(0)).unwrap();
            t.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    (times[times.len() / 2], times[times.len() * 99 / 100])
}

fn main() {
    let quick = std::env::var_os("STAYWELL_BENCH_QUICK").is_some();
    let (rows, reads) = if quick {
        (5_000, 500)
    } else {
        (120_000, 20_000)
    };
    let dir = tempfile::tempdir().unwrap();
    let enc = dir.path().join("enc.db");
    let plain = dir.path().join("plain.db");
    build(&enc, Some("bench passphrase"), rows);
    build(&plain, None, rows);
    println!("random point reads over {rows} rows ({reads} timed), microseconds");
    println!("{:<28} {:>8} {:>8}", "", "median", "p99");
    let mut results = Vec::new();
    for (label, cache) in [
        ("2 MiB cache (default)", 2 * 1024),
        ("32 MiB cache (staywell)", staywell::store::PAGE_CACHE_KIB),
    ] {
        let (pm, pp) = measure(&plain, None, cache, rows, reads);
        let (em, ep) = measure(&enc, Some("bench passphrase"), cache, rows, reads);
        println!("{:<28} {:>8.1} {:>8.1}  plain", label, pm, pp);
        println!(
            "{:<28} {:>8.1} {:>8.1}  encrypted ({:.2}x plain median)",
            "",
            em,
            ep,
            em / pm
        );
        results.push(em / pm);
    }
    println!(
        "encrypted/plain median ratio: default cache {:.2}x, staywell cache {:.2}x",
        results[0], results[1]
    );
}
