//! The synchronous event loop in a real terminal: draw when something changed, wait for a key
//! or the next tick, hand it to the App. The terminal is restored on quit, error, panic and
//! SIGTERM/SIGHUP.

use super::App;
use super::input::{self, Input, TermEvent};
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use std::io;
use std::os::fd::AsFd;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};
use zeroize::Zeroize;

/// How often the loop wakes without input: the clock in the status bar, auto-lock, autosaves,
/// other processes' changes and idle checkpoints need no finer grain, and an idle app wakes
/// once a second (DESIGN.md §6).
pub const TICK: Duration = Duration::from_secs(1);

/// Installs a panic hook that restores the terminal and prints where it happened, never the
/// panic's message (which could hold data).
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        restore_terminal();
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "staywell stopped because of an internal error{location}. Everything saved before \
             this is safe in the encrypted database. Please report this (no visitor data is shown here)."
        );
    }));
}

/// How long the loop has to quit safely after SIGTERM or SIGHUP before the process exits anyway.
const SIGNAL_GRACE: Duration = Duration::from_secs(2);

/// On SIGTERM or SIGHUP: ask the loop to quit safely (drafts saved, terminal restored), and if
/// it has not managed within the grace period, exit (a backstop: a closed terminal is also seen
/// by the input reader as end of file). Every save is a committed transaction, so exiting loses
/// nothing that was confirmed.
fn watch_signals(stop: Arc<AtomicBool>) -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP])?;
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            stop.store(true, Ordering::Relaxed);
            std::thread::sleep(SIGNAL_GRACE);
            restore_terminal();
            std::process::exit(128 + signal);
        }
    });
    Ok(())
}

/// Runs the app in the terminal. `mouse`: report clicks and the wheel to the app (off with
/// `--no-mouse`, so the terminal's own text selection works; nothing needs the mouse).
pub fn run(app: &mut App, mouse: bool) -> io::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    watch_signals(Arc::clone(&stop))?;
    // As `ratatui::try_init`, but drawing through `TermOut` (see there); the panic hook is ours.
    crossterm::terminal::enable_raw_mode()?;
    crossterm::execute!(io::stdout(), crossterm::terminal::EnterAlternateScreen)?;
    let mut terminal = ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(
        TermOut::new(io::stdout()),
    ))?;
    install_panic_hook();
    // A paste arrives as one event, never as keys (a pasted newline must not submit a form).
    let _ = crossterm::execute!(io::stdout(), EnableBracketedPaste);
    if mouse {
        // Button, drag and motion reports in SGR form (1006), which the decoder reads; the
        // terminal's own selection still works with Shift held in most terminals.
        let _ = crossterm::execute!(io::stdout(), EnableMouseCapture);
    }
    let events = input::spawn()?;
    let result = run_loop(app, &mut terminal, &stop, &events);
    match result {
        // Nothing to restore on a terminal that has gone.
        Ok(Ended::TerminalClosed) => Ok(()),
        Ok(Ended::Quit) => {
            restore_terminal();
            Ok(())
        }
        Err(e) => {
            restore_terminal();
            Err(e)
        }
    }
}

/// Leaves the terminal as it was found: mouse reports and bracketed paste off, raw mode off,
/// main screen back. Turning mouse reports off when they were never on is harmless, and the
/// panic hook and signal watcher do not know whether they were.
fn restore_terminal() {
    let _ = crossterm::execute!(io::stdout(), DisableMouseCapture, DisableBracketedPaste);
    ratatui::restore();
}

type Terminal = ratatui::Terminal<ratatui::backend::CrosstermBackend<TermOut<io::Stdout>>>;

/// Where frames are drawn: each frame is gathered here, written straight to the terminal's file
/// descriptor when ratatui flushes, and wiped. Through std's `Stdout` every frame would pass its
/// 1 KiB buffer, which is never freed and keeps the tail of earlier frames (a visitor's name as
/// drawn) until a later frame happens to overwrite it; after a lock nothing drawn before it may
/// stay in memory (issue 17 point 7). Measured: with `Stdout`, the text of a form as last drawn
/// was in that buffer; through this, it is not.
struct TermOut<T: AsFd> {
    to: T,
    frame: Vec<u8>,
}

impl<T: AsFd> TermOut<T> {
    fn new(to: T) -> Self {
        TermOut {
            to,
            frame: Vec::with_capacity(16 * 1024),
        }
    }
}

impl<T: AsFd> io::Write for TermOut<T> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        // Growing goes through the allocator, which wipes the block it leaves (`crate::wipe`).
        self.frame.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        // Anything written through std's Stdout (the mode changes above) goes first.
        let mut stdout = io::stdout().lock();
        stdout.flush()?;
        let mut rest = &self.frame[..];
        let written = loop {
            if rest.is_empty() {
                break Ok(());
            }
            match rustix::io::write(self.to.as_fd(), rest) {
                Ok(0) => break Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => rest = rest.get(n..).unwrap_or_default(),
                Err(rustix::io::Errno::INTR) => {}
                Err(e) => break Err(io::Error::from(e)),
            }
        };
        self.frame.as_mut_slice().zeroize();
        self.frame.clear();
        written
    }
}

enum Ended {
    Quit,
    TerminalClosed,
}

/// How long one turn may spend on input already waiting before it draws: a burst of keys
/// costs one frame, and a flood of input still shows progress.
const DRAIN_FOR_AT_MOST: Duration = Duration::from_millis(50);

fn run_loop(
    app: &mut App,
    terminal: &mut Terminal,
    stop: &AtomicBool,
    events: &Receiver<TermEvent>,
) -> io::Result<Ended> {
    loop {
        if stop.load(Ordering::Relaxed) {
            app.quit_safely();
        }
        if app.should_quit() {
            return Ok(Ended::Quit);
        }
        if app.needs_redraw() && terminal.draw(|frame| app.render(frame)).is_err() {
            // Writing failed: the terminal has most likely gone. Keep everything first.
            app.quit_safely();
            return Ok(Ended::TerminalClosed);
        }
        app.after_frame();
        let mut next = match events.recv_timeout(TICK) {
            Ok(event) => Some(event),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => Some(TermEvent::Closed),
        };
        let started = Instant::now();
        // An event read while gathering a run of typing, which ended it: the next to handle.
        let mut held: Option<TermEvent> = None;
        while let Some(event) = next.take() {
            let was_locked = app.is_locked();
            match event {
                TermEvent::Closed => {
                    app.quit_safely();
                    return Ok(Ended::TerminalClosed);
                }
                TermEvent::Resize => app.mark_dirty(),
                TermEvent::Input(Input::Mouse(mouse)) => {
                    // A click means what is on screen now: draw what earlier events in this
                    // burst changed first (a double-click's second click lands on the row
                    // the first one selected).
                    if app.needs_redraw() && terminal.draw(|frame| app.render(frame)).is_err() {
                        app.quit_safely();
                        return Ok(Ended::TerminalClosed);
                    }
                    app.handle_mouse(mouse);
                }
                TermEvent::Input(input) => {
                    let (typing, after) = typed_run(input, app.types_lines(), events, started);
                    match typing {
                        Typing::One(input) => deliver(app, input),
                        Typing::Run(text) => app.handle_text(&text),
                    }
                    held = after;
                }
            }
            if !was_locked && app.is_locked() && drop_typed_before_the_lock(events) {
                app.quit_safely();
                return Ok(Ended::TerminalClosed);
            }
            if held.is_some() {
                next = held.take();
            } else if started.elapsed() < DRAIN_FOR_AT_MOST {
                next = events.try_recv().ok();
            }
        }
        let was_locked = app.is_locked();
        app.tick();
        if !was_locked && app.is_locked() && drop_typed_before_the_lock(events) {
            app.quit_safely();
            return Ok(Ended::TerminalClosed);
        }
    }
}

/// What one turn hands the app: an input as it came, or a run of typing gathered from
/// several ('\n' for Enter).
enum Typing {
    One(Input),
    Run(String),
}

/// Typing already waiting behind `first` (plain characters, runs of them, and Enter where it
/// starts a new line: `newlines`), gathered into one run, so a text field lays its text out
/// once for them all rather than once a key: a paste in a terminal without bracketed paste
/// (or tmux without -p) arrives as thousands of keys, split at every line break. The app
/// still takes the run as the same keys one by one ([`App::handle_text`]); anything else (a
/// list, whose letters are commands) gets them key by key. Returns the run and the event that
/// ended it, if one was read. Gathering stops with the turn's drain time, as handling does.
fn typed_run(
    first: Input,
    newlines: bool,
    events: &Receiver<TermEvent>,
    started: Instant,
) -> (Typing, Option<TermEvent>) {
    let mut run = String::new();
    if !add_typing(&mut run, &first, newlines) {
        return (Typing::One(first), None);
    }
    let mut pieces = 1;
    let mut after = None;
    while started.elapsed() < DRAIN_FOR_AT_MOST {
        match events.try_recv() {
            Ok(TermEvent::Input(input)) if add_typing(&mut run, &input, newlines) => pieces += 1,
            Ok(other) => {
                after = Some(other);
                break;
            }
            Err(_) => break,
        }
    }
    if pieces == 1 {
        return (Typing::One(first), after);
    }
    (Typing::Run(run), after)
}

/// Adds `input` to a run of typing if it is typing: printable characters, or Enter while
/// `newlines` (it starts a new line in the field that has the keyboard).
fn add_typing(run: &mut String, input: &Input, newlines: bool) -> bool {
    use crossterm::event::{KeyCode, KeyModifiers};
    match input {
        Input::Text(text) => {
            run.push_str(text);
            true
        }
        Input::Key(key) if key.modifiers == KeyModifiers::NONE => match key.code {
            KeyCode::Char(c) if !c.is_control() => {
                run.push(c);
                true
            }
            KeyCode::Enter if newlines => {
                run.push('\n');
                true
            }
            _ => false,
        },
        _ => false,
    }
}

/// Input already waiting when the app locks was typed for the screen that just went: it
/// must not reach the Unlock screen (the rest of a note typed into the passphrase field).
/// Returns true when the terminal closed meanwhile, which still counts.
fn drop_typed_before_the_lock(events: &Receiver<TermEvent>) -> bool {
    while let Ok(event) = events.try_recv() {
        if matches!(event, TermEvent::Closed) {
            return true;
        }
    }
    false
}

fn deliver(app: &mut App, input: Input) {
    match input {
        Input::Key(key) => {
            panic_on_request_for_tests(key);
            app.handle_key(key);
        }
        Input::Text(text) => app.handle_text(&text),
        Input::Paste(text) => app.handle_paste(&text),
        Input::PasteTooLong(bytes) => app.paste_too_long(bytes),
        Input::Mouse(mouse) => app.handle_mouse(mouse),
    }
}

/// Test support only (feature `test-support`, never in the app): F12 panics when
/// STAYWELL_TEST_PANIC is set, so a test can prove the terminal is restored after a panic.
#[cfg(feature = "test-support")]
#[allow(
    clippy::panic,
    reason = "the panic is the test: the terminal must be restored after one"
)]
fn panic_on_request_for_tests(key: crossterm::event::KeyEvent) {
    if key.code == crossterm::event::KeyCode::F(12)
        && std::env::var_os("STAYWELL_TEST_PANIC").is_some()
    {
        panic!("test panic requested");
    }
}

#[cfg(not(feature = "test-support"))]
fn panic_on_request_for_tests(_key: crossterm::event::KeyEvent) {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Seek, Write};

    fn queued(inputs: Vec<Input>) -> Receiver<TermEvent> {
        let (tx, rx) = std::sync::mpsc::channel();
        for input in inputs {
            tx.send(TermEvent::Input(input)).unwrap();
        }
        rx
    }

    fn key(code: crossterm::event::KeyCode, modifiers: crossterm::event::KeyModifiers) -> Input {
        Input::Key(crossterm::event::KeyEvent::new(code, modifiers))
    }

    #[test]
    fn typing_already_waiting_is_one_run_and_the_key_that_ends_it_comes_next() {
        use crossterm::event::{KeyCode, KeyModifiers as M};
        let waiting = || {
            queued(vec![
                key(KeyCode::Enter, M::NONE),
                Input::Text("cd".into()),
                key(KeyCode::Char('e'), M::NONE),
                key(KeyCode::Char('s'), M::CONTROL),
                Input::Text("later".into()),
            ])
        };
        // In a notes field Enter is a new line: all of it, up to Ctrl-s.
        let events = waiting();
        let (typing, after) = typed_run(Input::Text("ab".into()), true, &events, Instant::now());
        assert!(matches!(typing, Typing::Run(ref t) if t == "ab\ncde"));
        assert!(matches!(
            after,
            Some(TermEvent::Input(Input::Key(k))) if k.code == KeyCode::Char('s')
        ));
        assert!(matches!(events.try_recv(), Ok(TermEvent::Input(Input::Text(t))) if t == "later"));
        // Elsewhere Enter is a key of its own (it moves on, or saves): it ends the run.
        let events = waiting();
        let (typing, after) = typed_run(Input::Text("ab".into()), false, &events, Instant::now());
        assert!(matches!(typing, Typing::One(Input::Text(ref t)) if t == "ab"));
        assert!(matches!(
            after,
            Some(TermEvent::Input(Input::Key(k))) if k.code == KeyCode::Enter
        ));
        // A key that is not typing is handed over as it came, nothing read after it.
        let events = waiting();
        let (typing, after) = typed_run(key(KeyCode::Esc, M::NONE), true, &events, Instant::now());
        assert!(matches!(typing, Typing::One(Input::Key(k)) if k.code == KeyCode::Esc));
        assert!(after.is_none());
        assert!(
            matches!(events.try_recv(), Ok(TermEvent::Input(Input::Key(k))) if k.code == KeyCode::Enter)
        );
    }

    #[test]
    fn a_frame_reaches_the_terminal_whole_and_is_wiped_from_memory_once_written() {
        let mut file = tempfile::tempfile().unwrap();
        let mut out = TermOut::new(file.try_clone().unwrap());
        out.write_all(b"\x1b[9;45HSorrelcanary").unwrap();
        out.write_all(b"\x1b[0m").unwrap();
        let buffer = out.frame.as_ptr();
        let len = out.frame.len();
        out.flush().unwrap();
        assert!(out.frame.is_empty());
        assert_eq!(
            out.frame.as_ptr(),
            buffer,
            "the same buffer, kept for the next frame"
        );
        // SAFETY: the first `len` bytes of the buffer were written (and then wiped); the
        // vector still owns it.
        let kept = unsafe { std::slice::from_raw_parts(buffer, len) };
        assert!(kept.iter().all(|&b| b == 0), "{kept:?}");
        let mut written = Vec::new();
        file.rewind().unwrap();
        file.read_to_end(&mut written).unwrap();
        assert_eq!(written, b"\x1b[9;45HSorrelcanary\x1b[0m");
    }
}
