//! Opening a SQLite connection only once SQLCipher is ready to take a key.
//!
//! SQLite marks itself initialised *before* it runs SQLCipher's own set-up (SQLITE_EXTRA_INIT
//! runs after `isInit` is set). A thread that opens a connection in that window gets one whose
//! `PRAGMA key` fails with "PRAGMA key requires a key of one or more characters". The app opens
//! one database at a time, but the CLI, tests and benchmarks may open several at once, and CI
//! met the failure. So the first connection of the process waits, once, until a throwaway
//! in-memory connection can be keyed; every later one finds SQLCipher ready.

use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::sync::Once;
use std::time::{Duration, Instant};

/// SQLCipher's set-up takes well under a millisecond; this only bounds a broken build, whose
/// real error then comes from the real key.
const READY_CEILING: Duration = Duration::from_secs(2);

pub(super) fn connect(path: &Path, flags: OpenFlags) -> rusqlite::Result<Connection> {
    wait_until_sqlcipher_is_ready();
    Connection::open_with_flags(path, flags)
}

fn wait_until_sqlcipher_is_ready() {
    static READY: Once = Once::new();
    READY.call_once(|| {
        let deadline = Instant::now() + READY_CEILING;
        while !sqlcipher_takes_a_key() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_micros(200));
        }
    });
}

/// Keying an in-memory database derives nothing (that waits for the first page), so this is
/// cheap; it fails only while SQLCipher is not yet set up.
fn sqlcipher_takes_a_key() -> bool {
    Connection::open_in_memory()
        .and_then(|probe| probe.execute_batch("PRAGMA key = 'readiness probe';"))
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    const CHILD: &str = "STAYWELL_CONNECT_RACE_CHILD";

    /// The race exists once per process and its window is short, so it is run in many fresh
    /// processes. Without the wait one process in forty to a hundred failed on a 2-core machine.
    #[test]
    fn the_first_connections_of_a_process_can_be_keyed_from_several_threads_at_once() {
        let runs = 300;
        let mut failed = Vec::new();
        for _ in 0..runs {
            let out = Command::new(std::env::current_exe().unwrap())
                .args(["--exact", "store::connect::tests::race_to_key_first"])
                .args(["--ignored", "--test-threads=1", "--nocapture"])
                .env(CHILD, "1")
                .output()
                .unwrap();
            let ran = String::from_utf8_lossy(&out.stdout).contains("1 passed");
            if !out.status.success() || !ran {
                failed.push(String::from_utf8_lossy(&out.stderr).into_owned());
            }
        }
        assert!(
            failed.is_empty(),
            "{} of {runs} processes could not key a connection:\n{}",
            failed.len(),
            failed[0]
        );
    }

    /// Run in a fresh process by the test above.
    #[test]
    #[ignore = "run in a fresh process by the test above"]
    fn race_to_key_first() {
        assert!(std::env::var_os(CHILD).is_some(), "run by the test above");
        const THREADS: usize = 4;
        let go = Arc::new(AtomicBool::new(false));
        let threads: Vec<_> = (0..THREADS)
            .map(|_| {
                let go = Arc::clone(&go);
                std::thread::spawn(move || {
                    // Spinning, not a barrier: a barrier wakes its threads one by one.
                    while !go.load(Ordering::Acquire) {
                        std::hint::spin_loop();
                    }
                    let conn = connect(Path::new(":memory:"), OpenFlags::default()).unwrap();
                    conn.execute_batch("PRAGMA key = 'racing';")
                        .map_err(|e| e.to_string())
                })
            })
            .collect();
        go.store(true, Ordering::Release);
        for thread in threads {
            thread.join().unwrap().expect("key");
        }
    }
}
