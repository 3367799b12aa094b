//! Memory after lock (issue 17, point 7), read the way it breaks: as root, the running app's
//! writable memory is read through /proc/PID/maps and /proc/PID/mem after Ctrl-l, and every
//! copy of a visitor's name (loaded from the database and shown), of a need typed into a form
//! and of the passphrase is counted.

use super::*;

/// Every copy of each needle in the process's readable, writable mappings: for each needle,
/// where it was found (the mapping's name or range, the offset, and the bytes around it, so a
/// failure says which buffer kept it).
fn copies_in_memory(pid: u32, needles: &[&str]) -> Vec<Vec<String>> {
    let maps = std::fs::read_to_string(format!("/proc/{pid}/maps")).unwrap();
    let mut mem = std::fs::File::open(format!("/proc/{pid}/mem")).unwrap();
    let mut found = vec![Vec::new(); needles.len()];
    for line in maps.lines() {
        let mut parts = line.split_whitespace();
        let (Some(range), Some(perms)) = (parts.next(), parts.next()) else {
            continue;
        };
        if !perms.starts_with("rw") {
            continue;
        }
        let name = parts.nth(3).unwrap_or("[anonymous]");
        let (a, b) = range.split_once('-').unwrap();
        let (a, b) = (
            u64::from_str_radix(a, 16).unwrap(),
            u64::from_str_radix(b, 16).unwrap(),
        );
        let mut buf = vec![0u8; (b - a) as usize];
        use std::io::Seek;
        if mem.seek(std::io::SeekFrom::Start(a)).is_err() || mem.read_exact(&mut buf).is_err() {
            continue;
        }
        for (i, n) in needles.iter().enumerate() {
            let n = n.as_bytes();
            for at in
                (0..buf.len().saturating_sub(n.len() - 1)).filter(|&at| buf[at..].starts_with(n))
            {
                let around = &buf[at.saturating_sub(48)..(at + n.len() + 48).min(buf.len())];
                found[i].push(format!(
                    "{name} {range} +{at:#x}: {:?}",
                    String::from_utf8_lossy(around)
                ));
            }
        }
    }
    found
}

#[test]
#[ignore = "issue 17 point 7 is not done: a freed copy of typed text can remain after lock \
            (0-1 copies measured with cipher_memory_security; run with --ignored to measure)"]
fn after_ctrl_l_no_visitor_data_or_passphrase_is_left_in_memory() {
    let _one = serial();
    if !rustix::process::geteuid().is_root() {
        eprintln!("skipped: reading another process's memory needs root");
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let (db, mut store) = new_db(home.path());
    walk_in(
        &mut store,
        Some("Quenbyloadedcanary"),
        chrono::Utc::now() - chrono::Duration::minutes(5),
    );
    store.close().unwrap();
    let mut tui = signed_in(home.path(), &db);
    tui.wait_for("Quenbyloadedcanary");
    tui.send("n");
    tui.wait_for("New arrival");
    tui.send("\t\t\t");
    tui.send("Zephyrtypedcanary need");
    tui.send("\x13");
    tui.wait_for("Saved ");
    tui.send("\x0c"); // Ctrl-l
    tui.wait_for("Unlock");
    std::thread::sleep(Duration::from_millis(300));
    let pid = tui.child.process_id().unwrap();
    let needles = ["Quenbyloadedcanary", "Zephyrtypedcanary", PASSPHRASE];
    let found = copies_in_memory(pid, &needles);
    for (n, f) in needles.iter().zip(&found) {
        eprintln!("{n}: {} copies\n  {}", f.len(), f.join("\n  "));
    }
    let counts: Vec<usize> = found.iter().map(Vec::len).collect();
    tui.send("\x03");
    let _ = tui.wait_exit();
    assert_eq!(counts, vec![0, 0, 0], "copies left in memory after Ctrl-l");
}
