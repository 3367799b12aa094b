//! A headless app on a temp database, driven by keys, drawn on a TestBackend, with a clock
//! the test moves.

use super::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use secrecy::SecretString;
use staywell::app::clock::ManualClock;
use staywell::app::{App, Config};
use staywell::store::Store;
use staywell::ui::theme::Theme;
use staywell::ui::unlock::DemoHint;
use std::path::PathBuf;

pub struct Harness {
    pub app: App,
    pub clock: ManualClock,
    pub terminal: Terminal<TestBackend>,
    pub db: PathBuf,
    _dir: tempfile::TempDir,
}

impl Harness {
    /// An app on a new (not yet created) database.
    pub fn new_database() -> Harness {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("staywell.db");
        Self::with(dir, db, None, None)
    }

    /// An app on an existing database with one staff member.
    pub fn existing() -> Harness {
        Self::existing_with(|_| {})
    }

    /// An app on an existing database that `fill` has written to first.
    pub fn existing_with(fill: impl FnOnce(&mut Store)) -> Harness {
        let dir = tempfile::tempdir().unwrap();
        let (db, mut store) = new_db(dir.path());
        fill(&mut store);
        store.close().unwrap();
        Self::with(dir, db, None, None)
    }

    /// Signed in and looking at the Intake board.
    pub fn signed_in_with(fill: impl FnOnce(&mut Store)) -> Harness {
        let mut h = Self::existing_with(fill);
        h.unlock_and_sign_in();
        h
    }

    /// Signed in, printing through `print_command` (the app's `Config::print_command`).
    pub fn signed_in_printing(
        print_command: Option<PathBuf>,
        fill: impl FnOnce(&mut Store),
    ) -> Harness {
        let dir = tempfile::tempdir().unwrap();
        let (db, mut store) = new_db(dir.path());
        fill(&mut store);
        store.close().unwrap();
        let mut h = Self::with_config(dir, db, None, None, print_command);
        h.unlock_and_sign_in();
        h
    }

    pub fn with(
        dir: tempfile::TempDir,
        db: PathBuf,
        demo: Option<DemoHint>,
        passphrase: Option<&str>,
    ) -> Harness {
        Self::with_config(dir, db, demo, passphrase, None)
    }

    fn with_config(
        dir: tempfile::TempDir,
        db: PathBuf,
        demo: Option<DemoHint>,
        passphrase: Option<&str>,
        print_command: Option<PathBuf>,
    ) -> Harness {
        let clock = ManualClock::new(now());
        let config = Config {
            db_path: db.clone(),
            theme: Theme::plain(),
            demo,
            passphrase: passphrase.map(SecretString::from),
            print_command,
        };
        let app = App::new(config, Box::new(clock.clone()));
        Harness {
            app,
            clock,
            terminal: Terminal::new(TestBackend::new(100, 30)).unwrap(),
            db,
            _dir: dir,
        }
    }

    pub fn key(&mut self, code: KeyCode) {
        self.app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
    }

    pub fn ctrl(&mut self, c: char) {
        self.app
            .handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    }

    pub fn shift_tab(&mut self) {
        self.app
            .handle_key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT));
    }

    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    /// A bracketed paste (or a run of keys typed faster than a frame), as the input path
    /// delivers it.
    pub fn paste(&mut self, text: &str) {
        self.app.handle_paste(text);
    }

    /// A left click at a cell of the screen, as the terminal reports it (press, then release).
    /// The screen is drawn first, as the event loop does before a click, so the click lands
    /// on what is shown.
    pub fn click(&mut self, x: u16, y: u16) {
        use crossterm::event::{MouseButton, MouseEventKind};
        self.screen();
        self.mouse(MouseEventKind::Down(MouseButton::Left), x, y);
        self.mouse(MouseEventKind::Up(MouseButton::Left), x, y);
    }

    /// One notch of the wheel over a cell (`down`: towards the end of a list).
    pub fn wheel(&mut self, x: u16, y: u16, down: bool) {
        use crossterm::event::MouseEventKind;
        self.screen();
        let kind = if down {
            MouseEventKind::ScrollDown
        } else {
            MouseEventKind::ScrollUp
        };
        self.mouse(kind, x, y);
    }

    pub fn mouse(&mut self, kind: crossterm::event::MouseEventKind, x: u16, y: u16) {
        self.app.handle_mouse(crossterm::event::MouseEvent {
            kind,
            column: x,
            row: y,
            modifiers: KeyModifiers::NONE,
        });
    }

    /// Where `text` first appears on the screen (column, row), for a test to click it.
    pub fn find_on_screen(&mut self, text: &str) -> Option<(u16, u16)> {
        let screen = self.screen();
        screen.lines().enumerate().find_map(|(y, line)| {
            let at = line.find(text)?;
            Some((line[..at].chars().count() as u16, y as u16))
        })
    }

    pub fn enter_line(&mut self, text: &str) {
        self.type_text(text);
        self.key(KeyCode::Enter);
    }

    pub fn screen(&mut self) -> String {
        let app = &mut self.app;
        self.terminal.draw(|f| app.render(f)).unwrap();
        let buffer = self.terminal.backend().buffer().clone();
        let mut out = String::new();
        for y in 0..buffer.area.height {
            for x in 0..buffer.area.width {
                out.push_str(buffer[(x, y)].symbol());
            }
            out.push('\n');
        }
        out
    }

    pub fn unlock_and_sign_in(&mut self) {
        self.enter_line(PASSPHRASE);
        assert_eq!(
            self.app.screen_name(),
            "sign-in",
            "{:?}",
            self.app.message()
        );
        // Choose the lead: the list is alphabetical and may hold colleagues.
        for _ in 0..10 {
            self.key(KeyCode::Up);
        }
        for _ in 0..10 {
            if self.screen().contains(&format!("Signing in as {LEAD}")) {
                break;
            }
            self.key(KeyCode::Down);
        }
        self.enter_line(PIN);
        assert_eq!(self.app.screen_name(), "main", "{:?}", self.app.message());
    }

    pub fn reopen_store(&self) -> Store {
        Store::open(&self.db, &passphrase()).unwrap()
    }
}
