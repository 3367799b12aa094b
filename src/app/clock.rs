//! Time is injected so that tests, snapshots and benchmarks are deterministic.

use chrono::{DateTime, Duration, Utc};
use std::cell::Cell;
use std::rc::Rc;

pub trait Clock {
    fn now(&self) -> DateTime<Utc>;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that tests move by hand. Clones share one time.
#[derive(Clone)]
pub struct ManualClock(Rc<Cell<DateTime<Utc>>>);

impl ManualClock {
    pub fn new(at: DateTime<Utc>) -> Self {
        ManualClock(Rc::new(Cell::new(at)))
    }
    pub fn set(&self, at: DateTime<Utc>) {
        self.0.set(at);
    }
    pub fn now_for_test(&self) -> DateTime<Utc> {
        self.0.get()
    }
    pub fn advance(&self, by: Duration) {
        self.0.set(self.0.get() + by);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        self.0.get()
    }
}
