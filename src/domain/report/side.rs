//! One piece of a report's work done on a second thread while this one does another, without
//! ever waiting for that thread to start: a helper thread kept for it (started the first time
//! it is needed) is offered the piece, and if it has not taken it by the time this thread is
//! done with its own (a busy machine, the helper not yet scheduled), this thread does it
//! itself. So the two pieces take at most as long as doing both here, and less when a core is
//! free. (A thread started for each report, then joined, made a report slower than on one
//! thread when the machine was busy: the join waited for the new thread to be scheduled.)

use std::sync::mpsc::{Sender, channel};
use std::sync::{Arc, Mutex, OnceLock};

type Job = Box<dyn FnOnce() + Send>;

/// The helper's queue, None if the thread could not be started.
fn helper() -> Option<Sender<Job>> {
    static HELPER: OnceLock<Option<Mutex<Sender<Job>>>> = OnceLock::new();
    let queue = HELPER.get_or_init(|| {
        let (tx, rx) = channel::<Job>();
        std::thread::Builder::new()
            .name("report helper".into())
            .spawn(move || {
                for job in rx {
                    job();
                }
            })
            .ok()
            .map(|_| Mutex::new(tx))
    });
    queue.as_ref()?.lock().ok().map(|tx| tx.clone())
}

/// `side()` and `here()`, `side` offered to the helper thread, `here` on this one. The results
/// are the same whichever thread runs `side`. A panic in `side` on the helper is raised here.
pub(super) fn side_by_side<A: Send + 'static, B>(
    side: impl FnOnce() -> A + Send + 'static,
    here: impl FnOnce() -> B,
) -> (A, B) {
    // Whoever takes the piece first runs it.
    let slot = Arc::new(Mutex::new(Some(side)));
    let (done, result) = channel();
    if let Some(queue) = helper() {
        let theirs = Arc::clone(&slot);
        let job: Job = Box::new(move || {
            let taken = theirs.lock().ok().and_then(|mut s| s.take());
            if let Some(side) = taken {
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(side));
                let _ = done.send(outcome);
            }
        });
        // A helper gone (it cannot be, its jobs do not panic) leaves the piece to this thread.
        let _ = queue.send(job);
    }
    let here = here();
    let mine = slot.lock().ok().and_then(|mut s| s.take());
    let side = match mine {
        Some(side) => side(),
        // The helper took it: it is running, so its result comes.
        None => match result.recv() {
            Ok(Ok(side)) => side,
            Ok(Err(panic)) => std::panic::resume_unwind(panic),
            Err(_) => std::panic::resume_unwind(Box::new("the report helper stopped")),
        },
    };
    (side, here)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_pieces_run_once_and_their_results_come_back() {
        for i in 0..200u64 {
            let (a, b) = side_by_side(move || (0..=i).sum::<u64>(), || i * 2);
            assert_eq!((a, b), (i * (i + 1) / 2, i * 2));
        }
    }

    #[test]
    fn a_panic_in_the_side_piece_is_raised_here_and_the_helper_goes_on() {
        let caught = std::panic::catch_unwind(|| {
            side_by_side(
                || -> u8 { std::panic::panic_any("side piece failed") },
                || (),
            )
        });
        assert!(caught.is_err());
        assert_eq!(side_by_side(|| 1, || 2), (1, 2));
    }
}
