//! The input path as a real terminal breaks it: a paste is one large write to the pty (with
//! and without bracketed paste), and a closed window is the pty master dropped while the app
//! runs (not a signal with the terminal still open).

use super::*;
use portable_pty::MasterPty;
use staywell::domain::draft::{DraftKey, DraftValue, FormKind};
use staywell::domain::visit::LONG_TEXT_MAX;
use std::os::fd::BorrowedFd;

/// A pasted referral letter: `n` characters of words, with line breaks when `lines` is set.
fn letter(n: usize, lines: bool) -> String {
    let words = [
        "referral ",
        "from ",
        "the GP ",
        "surgery: ",
        "low mood, ",
        "not sleeping. ",
    ];
    let mut text = String::with_capacity(n + 16);
    let mut i = 0;
    while text.len() < n {
        text.push_str(words[i % words.len()]);
        if lines && i % 9 == 8 {
            text.pop();
            text.push('\n');
        }
        i += 1;
    }
    text.truncate(n);
    text.push('Z'); // the last character, so a cut is seen
    text
}

/// Tonight's handover summary for the first visitor, from the store.
fn handover_summary(db: &Path) -> String {
    let store = Store::open(db, &passphrase()).unwrap();
    let hours = store.service_hours().unwrap();
    let date = hours.current_or_last_shift(chrono::Utc::now()).service_date;
    let note = store.handover(date).unwrap().expect("a draft was saved");
    note.body.entries[0].summary.clone()
}

/// Signs in on a database with one visitor (Kit) and opens the handover editor on Kit's
/// summary.
fn in_the_handover_summary(home: &Path) -> (std::path::PathBuf, Tui) {
    let (db, _) = kit_waiting(home);
    let mut tui = signed_in(home, &db);
    open_the_handover_summary(&mut tui);
    (db, tui)
}

#[test]
fn a_bracketed_paste_of_100000_characters_in_one_write_is_refused_whole_and_one_that_fits_arrives_whole()
 {
    let _one = serial();
    let home = tempfile::tempdir().unwrap();
    let (db, mut tui) = in_the_handover_summary(home.path());
    // One write of 100,000 characters: more than a handover section holds (10,000), so it is
    // refused whole, with a message saying by how much, and no key is needed after it.
    tui.send(&format!("\x1b[200~{}\x1b[201~", letter(100_000, true)));
    tui.wait_for("characters too long for");
    // A letter that fits, in one write with the key that follows it: all of it, line breaks
    // kept, nothing read as keys, then Ctrl-s acts.
    let text = letter(LONG_TEXT_MAX - 1, true);
    tui.send(&format!("\x1b[200~{text}\x1b[201~\x13"));
    tui.wait_for("e edit · s sign off");
    tui.wait_for("Draft saved");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    let saved = handover_summary(&db);
    assert_eq!(
        saved.chars().count(),
        LONG_TEXT_MAX,
        "every character arrived"
    );
    assert_eq!(saved, text, "the refused paste added nothing");
}

#[test]
fn an_unbracketed_paste_of_100000_characters_in_one_write_fills_the_field_and_ctrl_s_acts() {
    let _one = serial();
    let home = tempfile::tempdir().unwrap();
    let (db, mut tui) = in_the_handover_summary(home.path());
    // A terminal that does not bracket pastes sends the text as if typed (no line breaks
    // here, since each would be the Enter key). It is typing, so the field takes what fits,
    // then says it is full; nothing stalls, and nothing is spliced.
    let text = letter(100_000, false);
    tui.send(&format!("{text}\x13"));
    tui.wait_for("e edit · s sign off");
    tui.wait_for("Draft saved");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    let saved = handover_summary(&db);
    assert!(
        !saved.is_empty() && saved.chars().count() <= LONG_TEXT_MAX,
        "{} characters",
        saved.len()
    );
    assert!(
        text.starts_with(&saved),
        "what was taken is the start of the paste, unchanged"
    );
}

#[test]
fn twenty_thousand_characters_typed_in_one_write_with_line_breaks_fill_a_notes_field_in_order() {
    let _one = serial();
    let home = tempfile::tempdir().unwrap();
    let (db, mut tui) = in_the_handover_summary(home.path());
    // A terminal without bracketed paste (or tmux without -p) sends a paste as keys, each line
    // break the Enter key, which in a notes field starts a new line. Twice what the field
    // holds, in one write, then Ctrl-s: the field takes the first 10,000 characters, line
    // breaks included, as typing them would, refuses the rest, and the Ctrl-s after them
    // still acts (nothing stalls: the keys reach the field as runs, laid out once a run).
    let text = letter(20_000, true);
    tui.send(&format!("{}\x13", text.replace('\n', "\r")));
    tui.wait_for("e edit · s sign off");
    tui.wait_for("Draft saved");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    let saved = handover_summary(&db);
    let fits: String = text.chars().take(LONG_TEXT_MAX).collect();
    assert_eq!(
        saved.chars().count(),
        LONG_TEXT_MAX,
        "every key that fitted"
    );
    assert!(saved.contains('\n'), "Enter started new lines");
    assert_eq!(saved, fits, "in order, nothing dropped or spliced");
}

#[test]
fn an_unterminated_paste_does_not_wedge_the_keys_after_it() {
    let _one = serial();
    let home = tempfile::tempdir().unwrap();
    let (db, mut tui) = in_the_handover_summary(home.path());
    tui.send("\x1b[200~half a letter, and the end marker never comes");
    tui.wait_for("the end marker never comes");
    tui.send("\x13");
    tui.wait_for("e edit · s sign off");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    assert_eq!(
        handover_summary(&db),
        "half a letter, and the end marker never comes"
    );
}

/// The app in a terminal window that can be closed: the test holds the pty master's only
/// descriptor and reads and writes it itself (portable-pty's writer sends a newline and EOF
/// when dropped, which is not what closing a window does).
struct Window {
    master: Option<Box<dyn MasterPty + Send>>,
    child: Box<dyn Child + Send + Sync>,
    screen: vt100::Parser,
}

impl Window {
    fn open(home: &Path, db: &Path) -> Window {
        let pair = open_pty();
        let mut cmd = CommandBuilder::new(BIN);
        cmd.args(["--db", db.to_str().unwrap()]);
        in_home(&mut cmd, home);
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let window = Window {
            master: Some(pair.master),
            child,
            screen: vt100::Parser::new(ROWS.try_into().unwrap(), COLS.try_into().unwrap(), 0),
        };
        let fd = window.fd();
        let flags = rustix::fs::fcntl_getfl(fd).unwrap();
        rustix::fs::fcntl_setfl(fd, flags | rustix::fs::OFlags::NONBLOCK).unwrap();
        window
    }

    fn fd(&self) -> BorrowedFd<'_> {
        let raw = self.master.as_ref().unwrap().as_raw_fd().unwrap();
        // The master outlives the borrow: it is dropped only by `close`, which takes &mut.
        unsafe { BorrowedFd::borrow_raw(raw) }
    }

    /// Reads whatever the app has drawn so far.
    fn pump(&mut self) {
        let mut buf = [0u8; 16 * 1024];
        while let Ok(n) = rustix::io::read(self.fd(), &mut buf) {
            if n == 0 {
                break;
            }
            self.screen.process(&buf[..n]);
        }
    }

    fn wait_for(&mut self, text: &str) {
        let start = Instant::now();
        while start.elapsed() < CEILING {
            self.pump();
            if self.screen.screen().contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "timed out waiting for {text:?}; the screen shows:\n{}",
            self.screen.screen().contents()
        );
    }

    fn send(&mut self, text: &str) {
        let mut bytes = text.as_bytes();
        while !bytes.is_empty() {
            match rustix::io::write(self.fd(), bytes) {
                Ok(n) => bytes = &bytes[n..],
                Err(rustix::io::Errno::AGAIN) => self.pump(),
                Err(e) => panic!("writing to the terminal: {e}"),
            }
        }
    }

    /// Closes the window: the last descriptor of the pty master goes, as when a terminal
    /// emulator's window is closed.
    fn close(&mut self) {
        self.master = None;
    }

    fn wait_exit(&mut self) {
        let start = Instant::now();
        while start.elapsed() < CEILING {
            if self.child.try_wait().unwrap().is_some() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        panic!("the app did not exit after its window closed");
    }
}

impl Keys for Window {
    fn type_keys(&mut self, text: &str) {
        self.send(text);
    }
    fn wait_until(&mut self, text: &str) {
        self.wait_for(text);
    }
}

#[test]
fn closing_the_window_mid_sentence_keeps_the_handover_draft() {
    let _one = serial();
    let home = tempfile::tempdir().unwrap();
    let (db, _) = kit_waiting(home.path());
    let mut window = Window::open(home.path(), &db);
    unlock_and_sign_in(&mut window);
    open_the_handover_summary(&mut window);
    // Closed well inside the two-second autosave pause: only the close can keep these words.
    window.send("Kit settled after tea, asked abo");
    window.wait_for("asked abo");
    window.close();
    window.wait_exit();
    assert_eq!(handover_summary(&db), "Kit settled after tea, asked abo");
}

#[test]
fn closing_the_window_mid_sentence_keeps_the_plan_draft() {
    let _one = serial();
    let home = tempfile::tempdir().unwrap();
    let (db, mut store) = new_db(home.path());
    let sam = known_person(&mut store, "Sam");
    store.close().unwrap();
    let mut window = Window::open(home.path(), &db);
    unlock_and_sign_in(&mut window);
    window.wait_for("Nobody on the board");
    start_a_plan_for_sam(&mut window);
    window.send("Stops answering the pho");
    window.wait_for("Stops answering the pho");
    window.close();
    window.wait_exit();
    let store = Store::open(&db, &passphrase()).unwrap();
    let draft = store
        .plan_draft(sam, 1)
        .unwrap()
        .expect("the plan being written was kept as a draft");
    assert_eq!(draft.content.warning_signs, ["Stops answering the pho"]);
}

#[test]
fn words_typed_with_the_lock_key_never_reach_the_unlock_screen() {
    let _one = serial();
    let home = tempfile::tempdir().unwrap();
    let (db, store) = new_db(home.path());
    store.close().unwrap();
    let mut tui = signed_in(home.path(), &db);
    tui.wait_for("Nobody on the board");
    // One write: Ctrl-l and, behind it, the rest of a sentence (no Enter, so anything that
    // got through would stay in the passphrase field as bullets).
    tui.send("\x0cthe rest of a note about Kit");
    tui.wait_for("Locked.");
    // Typing after the Unlock screen is up still counts: one character shows as one bullet.
    tui.send("x");
    tui.wait_for("•");
    let screen = tui.contents();
    assert_eq!(screen.matches('•').count(), 1, "{screen}");
    assert!(
        !screen.to_lowercase().contains("wrong passphrase"),
        "{screen}"
    );
    tui.send("\x03");
    assert_eq!(tui.wait_exit(), 0);
}

#[test]
fn closing_the_window_mid_sentence_keeps_the_triage_draft() {
    let _one = serial();
    let home = tempfile::tempdir().unwrap();
    let (db, kit) = kit_waiting(home.path());
    let mut window = Window::open(home.path(), &db);
    unlock_and_sign_in(&mut window);
    window.wait_for("Intake │");
    window.send("e");
    window.wait_for("Visit — Kit — arrived");
    // Into the safety formulation, and closed inside the two-second pause.
    window.send("\t\tSays the voices are louder tonig");
    window.wait_for("louder tonig");
    window.close();
    window.wait_exit();
    let store = Store::open(&db, &passphrase()).unwrap();
    let draft = store
        .form_draft(1, &DraftKey::new(FormKind::Visit, kit))
        .unwrap()
        .expect("the triage form being written was kept as a draft");
    let texts: Vec<&DraftValue> = draft.fields.iter().map(|f| &f.value).collect();
    assert!(
        texts.contains(&&DraftValue::Text(
            "Says the voices are louder tonig".into()
        )),
        "{texts:?}"
    );
    store.close().unwrap();

    // Back in a new window: Ctrl-r, and the rest of the word goes where it was being typed.
    let mut window = Window::open(home.path(), &db);
    unlock_and_sign_in(&mut window);
    window.wait_for("Ctrl-r goes back");
    window.send("\x12");
    window.wait_for("Continuing your unsaved draft");
    window.send("ht");
    window.wait_for("louder tonight");
    window.send("\x13");
    window.wait_for("Saved");
    window.close();
    window.wait_exit();
    let v = Store::open(&db, &passphrase()).unwrap().visit(kit).unwrap();
    assert_eq!(v.safety_formulation, "Says the voices are louder tonight");
    assert_eq!(
        v.presenting_need, "needs to talk",
        "nothing went into the first field"
    );
}

#[test]
fn a_referral_note_pasted_into_a_plan_list_is_refused_at_the_item_not_first_at_saving() {
    let _one = serial();
    let home = tempfile::tempdir().unwrap();
    let (db, mut store) = new_db(home.path());
    known_person(&mut store, "Sam");
    store.close().unwrap();
    let mut tui = signed_in(home.path(), &db);
    tui.wait_for("Nobody on the board");
    start_a_plan_for_sam(&mut tui);
    // A referral note of one long paragraph, pasted whole (bracketed, one write): refused.
    let note = letter(1_500, false).replace('\n', " ");
    tui.send(&format!("\x1b[200~{note}\x1b[201~"));
    tui.wait_for("nothing was added");
    // The same note from a terminal without bracketed paste (one write of keys): the item
    // takes its first 200 characters and says so; the rest is refused, and Enter then starts
    // the next item, so Ctrl-s saves (before, the plan was refused only at saving).
    tui.send(&note);
    tui.wait_for("Enter starts the next");
    tui.send("\rNot answering the phone\x13");
    tui.wait_for("Plans — Sam — version 1 of 1");
    tui.send("q");
    assert_eq!(tui.wait_exit(), 0);
    let store = Store::open(&db, &passphrase()).unwrap();
    let plan = store.plan_for_person(1).unwrap().unwrap();
    let v = store.latest_plan_version(plan.plan_id).unwrap();
    let first: String = note.chars().take(200).collect();
    assert_eq!(
        v.content.warning_signs,
        [
            first.trim_end().to_string(),
            "Not answering the phone".into()
        ]
    );
}
