//! Memory the process gives back is wiped first: the global allocator zeroes every block before
//! the system allocator gets it.
//!
//! Why: after a lock the app drops everything it held from the database and everything typed
//! (issue 17 point 7), but dropping only returns the bytes to malloc, which keeps them as they
//! were until the block is reused. A visitor's name in a freed `String`, the passphrase in a
//! freed input buffer, a decoded paste: all would stay readable in the heap of a locked app.
//! Zeroing on free covers every copy the app's own code and its Rust dependencies make (ratatui,
//! crossterm, rusqlite, serde_json...), however many times a value was cloned, formatted or
//! moved between growing vectors. SQLCipher's own allocations are wiped by SQLCipher
//! (`cipher_memory_security`), since it allocates through SQLite's allocator, not this one.
//!
//! What it cannot do: bytes still held by a live allocation (the spare capacity of a vector
//! that was cleared, a buffer reused for every read) are not freed, so the code that keeps such
//! buffers wipes them itself (see the terminal reader and writer in `app::input` and
//! `app::event_loop`); copies on the stack are not allocations at all.
//!
//! Growing a block goes through `GlobalAlloc`'s default `realloc` (allocate, copy, free the old
//! block, which is wiped here), never the system's in-place `realloc`, which would hand the old
//! bytes back unwiped when it moves the block. Its cost, measured with `cargo bench --bench
//! keystrokes`, is in README's security model.

use std::alloc::{GlobalAlloc, Layout, System};
use std::mem::MaybeUninit;
use zeroize::Zeroize;

/// An allocator (the system's in the app) whose every freed block is zeroed first.
pub struct Wiping<A = System>(pub A);

// SAFETY: every call is passed to the inner allocator with the same layout; `dealloc` only
// writes zeroes into the block it was given, which the caller owns until it is freed.
unsafe impl<A: GlobalAlloc> GlobalAlloc for Wiping<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract for `alloc`, passed on.
        unsafe { self.0.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        unsafe { self.0.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` is a live block of `layout.size()` bytes from this allocator, owned by
        // the caller; `MaybeUninit` allows bytes never initialised. The zeroing cannot be
        // optimised away (zeroize puts a barrier after it).
        unsafe {
            std::slice::from_raw_parts_mut(ptr.cast::<MaybeUninit<u8>>(), layout.size()).zeroize();
            self.0.dealloc(ptr, layout)
        }
    }

    // `realloc` is deliberately not overridden: the default allocates a new block, copies and
    // calls `dealloc` on the old one, so the old bytes are wiped.
}

#[global_allocator]
static WIPING: Wiping = Wiping(System);

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// The system allocator, noting whether each block it is asked to free is all zeroes.
    struct Watching {
        freed: Mutex<Vec<(usize, bool)>>,
    }

    unsafe impl GlobalAlloc for Watching {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            unsafe { System.alloc(layout) }
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            let zero = unsafe { std::slice::from_raw_parts(ptr, layout.size()) }
                .iter()
                .all(|&b| b == 0);
            self.freed.lock().unwrap().push((ptr as usize, zero));
            unsafe { System.dealloc(ptr, layout) }
        }

        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            // The system's realloc moves a block without wiping it: counted as unwiped.
            self.freed.lock().unwrap().push((ptr as usize, false));
            unsafe { System.realloc(ptr, layout, new_size) }
        }
    }

    #[test]
    fn every_block_freed_or_outgrown_reaches_the_system_zeroed() {
        let wiping = Wiping(Watching {
            freed: Mutex::new(Vec::new()),
        });
        let layout = Layout::from_size_align(64, 8).unwrap();
        unsafe {
            let a = wiping.alloc(layout);
            std::ptr::write_bytes(a, 0xA5, 64);
            wiping.dealloc(a, layout);

            let b = wiping.alloc(layout);
            std::ptr::write_bytes(b, 0x5A, 64);
            let grown = wiping.realloc(b, layout, 4096);
            assert!(!grown.is_null());
            assert_eq!(*grown.add(63), 0x5A, "the contents move with the block");
            let grown_layout = Layout::from_size_align(4096, 8).unwrap();
            std::ptr::write_bytes(grown, 0x33, 4096);
            wiping.dealloc(grown, grown_layout);

            let freed = wiping.0.freed.lock().unwrap().clone();
            assert_eq!(
                freed,
                vec![
                    (a as usize, true),
                    (b as usize, true),
                    (grown as usize, true)
                ]
            );
        }
    }
}
