//! Printing a take-away plan or a signed handover through the system's print command (`lp`,
//! or `STAYWELL_PRINT_COMMAND`). The text goes to the command's standard input, so no file is
//! left behind; what it prints to the terminal is caught, never drawn over the app.

use super::files::io_words;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Set to a program (a path, or a name found on PATH) to print with instead of `lp`; set to
/// nothing to turn printing off.
pub const PRINT_COMMAND_ENV: &str = "STAYWELL_PRINT_COMMAND";

/// A print command that has not finished by then is stopped and the lead told.
const PRINT_TIMEOUT: Duration = Duration::from_secs(30);

/// The print command to use: `STAYWELL_PRINT_COMMAND` when it is set (empty: none), else `lp`
/// if it is on PATH.
pub fn find_print_command() -> Option<PathBuf> {
    match std::env::var_os(PRINT_COMMAND_ENV) {
        Some(chosen) if chosen.is_empty() => None,
        Some(chosen) => {
            let chosen = PathBuf::from(chosen);
            if chosen.components().count() > 1 {
                Some(chosen).filter(|p| p.is_file())
            } else {
                on_path(&chosen)
            }
        }
        None => on_path(Path::new("lp")),
    }
}

fn on_path(name: &Path) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .filter(|dir| dir.is_absolute())
        .map(|dir| dir.join(name))
        .find(|p| {
            p.metadata()
                .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
}

/// Sends `text` to `program` on its standard input and waits for it to finish. The error is a
/// sentence for the lead: what the command said (its first line, made safe), or how it ended.
pub fn print(program: &Path, text: &str) -> Result<(), String> {
    let name = program.file_name().map_or_else(
        || "the print command".into(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut child = Command::new(program)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            format!(
                "Printing failed: {} could not be started ({}).",
                safe_name(&name),
                io_words(&e)
            )
        })?;
    // Its complaints are read as they come, so a chatty command cannot block on a full pipe.
    let mut stderr = child.stderr.take();
    let said = std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(err) = stderr.as_mut() {
            let _ = err.take(4096).read_to_end(&mut buf);
        }
        buf
    });
    // Written from a thread too: a command that stops reading cannot hang the app, the
    // timeout below still applies. The pipe closes when the thread ends, ending the text.
    let stdin = child.stdin.take();
    let bytes = text.as_bytes().to_vec();
    let writer = std::thread::spawn(move || stdin.map(|mut pipe| pipe.write_all(&bytes)));
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Ok(status),
            Ok(None) if started.elapsed() < PRINT_TIMEOUT => {
                std::thread::sleep(Duration::from_millis(20))
            }
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                break Err(format!(
                    "Printing failed: {} did not finish within {} seconds and was stopped. \
                     Check the printer.",
                    safe_name(&name),
                    PRINT_TIMEOUT.as_secs()
                ));
            }
            Err(e) => break Err(format!("Printing failed: {}.", io_words(&e))),
        }
    };
    let said = said.join().unwrap_or_default();
    let said = String::from_utf8_lossy(&said);
    let first_line = said
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(|l| {
            crate::domain::text::sanitize_for_terminal(l)
                .chars()
                .take(160)
                .collect::<String>()
        });
    let status = status?;
    let written = writer.join().ok().flatten();
    if !status.success() {
        let how = match status.code() {
            Some(code) => format!("it ended with code {code}"),
            None => "it was stopped".into(),
        };
        return Err(match first_line {
            Some(line) => format!("Printing failed: {} said \"{line}\".", safe_name(&name)),
            None => format!(
                "Printing failed: {} did not print ({how}).",
                safe_name(&name)
            ),
        });
    }
    if let Some(Err(e)) = written {
        return Err(format!(
            "Printing failed: {} did not take the whole text ({}).",
            safe_name(&name),
            io_words(&e)
        ));
    }
    Ok(())
}

fn safe_name(name: &str) -> String {
    crate::ui::safe(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn script(dir: &Path, body: &str) -> PathBuf {
        let p = dir.join("fake-lp");
        std::fs::write(&p, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o700)).unwrap();
        p
    }

    #[test]
    fn the_text_goes_to_the_command_on_stdin_and_nothing_else_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("printed");
        let lp = script(dir.path(), &format!("cat > '{}'", out.display()));
        print(&lp, "Who to call now\n- Mum: 07700 900123\n").unwrap();
        assert_eq!(
            std::fs::read_to_string(&out).unwrap(),
            "Who to call now\n- Mum: 07700 900123\n"
        );
        let mut left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["fake-lp", "printed"], "no temporary file");
    }

    #[test]
    fn a_failing_command_is_told_in_words() {
        let dir = tempfile::tempdir().unwrap();
        let lp = script(
            dir.path(),
            "cat > /dev/null; echo 'lp: Error - no default destination available.\x1b[2J' >&2; exit 1",
        );
        let e = print(&lp, "text").unwrap_err();
        assert_eq!(
            e,
            "Printing failed: fake-lp said \"lp: Error - no default destination available.[2J\"."
        );
        let quiet = script(dir.path(), "exit 3");
        let e = print(&quiet, "text").unwrap_err();
        assert!(e.contains("ended with code 3"), "{e}");
        let e = print(&dir.path().join("missing"), "text").unwrap_err();
        assert!(e.contains("could not be started"), "{e}");
        assert!(!e.contains("os error"), "{e}");
    }
}
