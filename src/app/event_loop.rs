//! The synchronous event loop in a real terminal: draw when something changed, wait for a key
//! or the next tick, hand it to the App. The terminal is restored on quit, error, panic and
//! SIGTERM/SIGHUP.

use super::App;
use crossterm::event::{self, Event, KeyEventKind};
use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// How often the loop wakes without input: the clock in the status bar, auto-lock and idle
/// checkpoints need no finer grain.
const TICK: Duration = Duration::from_millis(250);

/// Installs a panic hook that restores the terminal and prints where it happened, never the
/// panic's message (which could hold data).
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        ratatui::restore();
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
/// it has not managed within the grace period, exit. That happens when the terminal has gone
/// away: crossterm's reader then spins on end-of-file and never returns to the loop. Every save
/// is a committed transaction, so exiting loses nothing that was confirmed.
fn watch_signals(stop: Arc<AtomicBool>) -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP])?;
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            stop.store(true, Ordering::Relaxed);
            std::thread::sleep(SIGNAL_GRACE);
            ratatui::restore();
            std::process::exit(128 + signal);
        }
    });
    Ok(())
}

pub fn run(app: &mut App) -> io::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    watch_signals(Arc::clone(&stop))?;
    let mut terminal = ratatui::try_init()?;
    install_panic_hook();
    let result = run_loop(app, &mut terminal, &stop);
    ratatui::restore();
    result
}

fn run_loop(
    app: &mut App,
    terminal: &mut ratatui::DefaultTerminal,
    stop: &AtomicBool,
) -> io::Result<()> {
    loop {
        if stop.load(Ordering::Relaxed) {
            app.quit_safely();
        }
        if app.should_quit() {
            return Ok(());
        }
        if app.needs_redraw() {
            terminal.draw(|frame| app.render(frame))?;
        }
        if event::poll(TICK)? {
            match event::read()? {
                Event::Key(key) if key.kind != KeyEventKind::Release => {
                    panic_on_request_for_tests(key);
                    app.handle_key(key)
                }
                Event::Resize(_, _) => app.mark_dirty(),
                _ => {}
            }
        }
        app.tick();
    }
}

/// Test support only (feature `test-support`, never in the app): F12 panics when
/// STAYWELL_TEST_PANIC is set, so a test can prove the terminal is restored after a panic.
#[cfg(feature = "test-support")]
fn panic_on_request_for_tests(key: crossterm::event::KeyEvent) {
    if key.code == crossterm::event::KeyCode::F(12)
        && std::env::var_os("STAYWELL_TEST_PANIC").is_some()
    {
        panic!("test panic requested");
    }
}

#[cfg(not(feature = "test-support"))]
fn panic_on_request_for_tests(_key: crossterm::event::KeyEvent) {}
