//! The terminal's input, read on a thread of its own and decoded here (see [`decode`] for why
//! not crossterm's reader). Every read drains what the terminal has, so a paste never waits
//! for another key; a lone ESC or a paste whose end never comes is settled after a short
//! quiet; end of file or EIO on the terminal (the window was closed) is reported as
//! [`TermEvent::Closed`] so the app can keep its drafts and exit.

pub mod decode;

use decode::Decoder;
pub use decode::Input;
use std::fs::File;
use std::io;
use std::os::fd::{AsFd, BorrowedFd};
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Duration;
use zeroize::Zeroize;

/// How long to wait for the rest of an escape sequence before a lone ESC counts as the Esc
/// key. Terminals send a sequence in one write, so this only matters for a split read.
const SEQUENCE_WAIT: Duration = Duration::from_millis(40);

/// How long a bracketed paste may go quiet before it is taken as ended without its end
/// marker (an unterminated paste must not swallow every later key).
const PASTE_IDLE: Duration = Duration::from_millis(500);

const READ_CHUNK: usize = 64 * 1024;

#[derive(Debug)]
pub enum TermEvent {
    Input(Input),
    Resize,
    /// The terminal has gone: end of file or an I/O error reading it.
    Closed,
}

/// Starts reading the terminal (stdin when it is one, as crossterm's raw mode does, or else
/// /dev/tty) and watching for window size changes. Events arrive in order on the receiver.
pub fn spawn() -> io::Result<Receiver<TermEvent>> {
    let tty = Tty::open()?;
    let (tx, rx) = mpsc::channel();
    let resize_tx = tx.clone();
    let mut winch = signal_hook::iterator::Signals::new([signal_hook::consts::SIGWINCH])?;
    std::thread::Builder::new()
        .name("terminal-resize".into())
        .spawn(move || {
            for _ in winch.forever() {
                if resize_tx.send(TermEvent::Resize).is_err() {
                    return;
                }
            }
        })?;
    std::thread::Builder::new()
        .name("terminal-input".into())
        .spawn(move || read_terminal(tty, tx))?;
    Ok(rx)
}

enum Tty {
    Stdin(io::Stdin),
    /// Standard input is not the terminal: read /dev/tty, as crossterm's raw mode does.
    DevTty(File),
}

impl Tty {
    fn open() -> io::Result<Tty> {
        use std::io::IsTerminal;
        let stdin = io::stdin();
        if stdin.is_terminal() {
            return Ok(Tty::Stdin(stdin));
        }
        Ok(Tty::DevTty(File::options().read(true).open("/dev/tty")?))
    }

    fn fd(&self) -> BorrowedFd<'_> {
        match self {
            Tty::Stdin(s) => s.as_fd(),
            Tty::DevTty(f) => f.as_fd(),
        }
    }
}

fn read_terminal(tty: Tty, tx: Sender<TermEvent>) {
    let mut decoder = Decoder::new();
    let mut buf = vec![0u8; READ_CHUNK];
    let send_all = |events: Vec<Input>| {
        events
            .into_iter()
            .all(|e| tx.send(TermEvent::Input(e)).is_ok())
    };
    loop {
        if let Some(wait) = wait_for_rest(&decoder) {
            match readable_within(tty.fd(), wait) {
                Ok(true) => {}
                Ok(false) => {
                    if !send_all(decoder.flush()) {
                        return;
                    }
                    continue;
                }
                Err(_) => break,
            }
        }
        match rustix::io::read(tty.fd(), &mut buf[..]) {
            Ok(0) => break,
            Ok(n) => {
                let read = buf.get_mut(..n).unwrap_or_default();
                let events = decoder.feed(read);
                // The buffer lives as long as the reader and would keep what was typed (a
                // passphrase, a note) until a longer read overwrote it: wiped after each read.
                read.zeroize();
                if !send_all(events) {
                    return;
                }
            }
            Err(rustix::io::Errno::INTR) | Err(rustix::io::Errno::AGAIN) => {}
            Err(_) => break,
        }
    }
    // End of file or EIO: the window was closed. Whatever was decoded is delivered first.
    let _ = send_all(decoder.flush());
    let _ = tx.send(TermEvent::Closed);
}

fn wait_for_rest(decoder: &Decoder) -> Option<Duration> {
    if decoder.in_paste() {
        Some(PASTE_IDLE)
    } else if decoder.has_partial() {
        Some(SEQUENCE_WAIT)
    } else {
        None
    }
}

/// True when the terminal has bytes (or has closed) within `wait`.
fn readable_within(fd: BorrowedFd<'_>, wait: Duration) -> io::Result<bool> {
    use rustix::event::{PollFd, PollFlags, Timespec, poll};
    let timeout = Timespec {
        tv_sec: wait.as_secs() as _,
        tv_nsec: wait.subsec_nanos() as _,
    };
    let mut fds = [PollFd::new(&fd, PollFlags::IN)];
    loop {
        match poll(&mut fds, Some(&timeout)) {
            Ok(n) => return Ok(n > 0),
            Err(rustix::io::Errno::INTR) => continue,
            Err(e) => return Err(e.into()),
        }
    }
}
