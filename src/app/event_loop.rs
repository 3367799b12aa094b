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

pub fn run(app: &mut App) -> io::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(signal, Arc::clone(&stop))?;
    }
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
                Event::Key(key) if key.kind != KeyEventKind::Release => app.handle_key(key),
                Event::Resize(_, _) => app.mark_dirty(),
                _ => {}
            }
        }
        app.tick();
    }
}
