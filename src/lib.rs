//! staywell: a keyboard-first terminal app for the shift lead of an out-of-hours "Staying Well"
//! mental-health service. Data lives in one SQLCipher-encrypted SQLite file.
//!
//! Layers: `domain` (pure rules) ← `store` (SQLCipher) ← `app` (state, event loop) → `ui`
//! (ratatui drawing). Only `app` joins the store and the user interface.

pub mod app;
pub mod cli;
pub mod demo;
pub mod domain;
pub mod store;
pub mod ui;
pub mod wipe;
