//! Pure types and rules. Nothing in here does I/O: no files, no database, no clock, no terminal.

pub mod admin;
pub mod audit;
pub mod backoff;
pub mod closeout;
pub mod correction;
pub mod draft;
pub mod follow_up;
pub mod handover;
pub mod ons4;
pub mod passphrase;
pub mod peers;
pub mod person;
pub mod pin;
pub mod plan;
pub mod plural;
pub mod redact;
pub mod report;
pub mod shift;
pub mod staff;
pub mod swemwbs;
pub mod text;
pub mod time;
pub mod visit;
