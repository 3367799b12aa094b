//! The application: screens, the signed-in session and the rules that join the store to the
//! user interface. Headless: keys go in, frames are drawn on any ratatui backend, time comes from
//! an injected clock. `event_loop` runs it in a real terminal.

mod access;
mod admin;
pub mod clock;
mod damage;
mod drafts;
mod effects;
mod erasures;
pub mod error;
pub mod event_loop;
pub mod files;
mod follow;
mod handover;
pub mod hardening;
pub mod input;
mod intake;
pub mod keymap;
mod mount;
mod mouse;
mod peers;
mod pins;
mod plans;
pub mod print;
mod queries;
mod render;
mod reports;

use crate::domain::shift::ServiceHours;
use crate::domain::staff::StaffMember;
use crate::store::{Passphrase, Store, attempts};
use crate::ui::create::CreateScreen;
use crate::ui::find::{FindAction, FindOverlay, RESULTS};
use crate::ui::help::HelpRow;
use crate::ui::keys;
use crate::ui::panes::{self, PaneId, TypedRun};
use crate::ui::signin::SignInScreen;
use crate::ui::theme::Theme;
use crate::ui::unlock::{DemoHint, UnlockAction, UnlockScreen};
use crate::ui::widgets::hits::HitMap;
use crate::ui::widgets::message::Message;
use chrono::{DateTime, Duration, Utc};
use clock::Clock;
use crossterm::event::KeyEvent;
use effects::Effect;
use keymap::Action;
use mount::{Mounted, Panes, Routed};
use ratatui::Frame;
use secrecy::ExposeSecret;
use std::path::PathBuf;
use zeroize::Zeroizing;

/// How long the app must be idle before the WAL is checkpointed (never inside a keystroke).
const CHECKPOINT_WHEN_IDLE_FOR: Duration = Duration::seconds(2);

pub struct Config {
    pub db_path: PathBuf,
    pub theme: Theme,
    /// Shown on the unlock screen of the demo database.
    pub demo: Option<DemoHint>,
    /// From --passphrase-file: unlocks (or creates) without typing at start.
    pub passphrase: Option<Passphrase>,
    /// The command take-away plans and signed handovers are printed through, text on its
    /// stdin ([`print::find_print_command`]: `lp`, or `STAYWELL_PRINT_COMMAND`); none: the
    /// panes say printing is not available.
    pub print_command: Option<PathBuf>,
}

enum Screen {
    Create(CreateScreen),
    Unlock(UnlockScreen),
    SignIn(SignInScreen),
    Main,
}

/// Everything that exists only while the database is unlocked. Dropping it closes the store
/// and forgets every piece of visitor data the app held.
struct Session {
    store: Store,
    staff: Option<StaffMember>,
    pane: PaneId,
    help_open: bool,
    /// How far the help overlay is scrolled (reset when it opens).
    help_scroll: u16,
    status: Option<Message>,
    hours: ServiceHours,
    auto_lock_after: Duration,
    last_activity: DateTime<Utc>,
    needs_checkpoint: bool,
    pin_failures: Vec<DateTime<Utc>>,
    /// Loaded when a staff member signs in (`app/mount.rs`).
    panes: Panes,
    finder: Option<FindOverlay>,
    /// The open finder chooses whose plan to open (Plans `n`) rather than whose visits.
    find_for_plan: bool,
    /// A line above every pane while a handover waits for acknowledgement.
    banner: Option<String>,
    /// Every open form's draft: watched, saved as the lead types, deleted when it closes.
    drafts: drafts::Drafts,
    /// Erasures made by another process while the session is open.
    erasures: erasures::Watch,
    /// Which change each pane last showed (views follow the data).
    views: follow::Views,
    /// Shown above everything while the database is damaged and open read-only.
    damage_banner: Option<String>,
    /// What copies are printed through (from [`Config::print_command`]).
    print_command: Option<PathBuf>,
}

impl Session {
    /// "Saved hh:mm:ss", once the transaction has committed (and a checkpoint is due when
    /// the app is next idle).
    fn saved(&mut self, now: DateTime<Utc>) {
        self.needs_checkpoint = true;
        let local = now.with_timezone(&self.hours.tz);
        self.status = Some(Message::Info(format!("Saved {}", local.format("%H:%M:%S"))));
    }

    /// The pane in front, if it has content yet.
    fn front(&self) -> Option<&dyn Mounted> {
        self.panes.front(self.pane)
    }

    fn front_has_content(&self) -> bool {
        self.front().is_some()
    }

    fn front_captures_input(&self) -> bool {
        self.front().is_some_and(|p| p.captures_input())
    }

    /// A form, filter or question has the keyboard, so every key is typed into it.
    fn front_takes_typing(&self) -> bool {
        self.front()
            .is_some_and(|p| p.captures_input() && !p.reading())
    }

    fn front_help_rows(&self) -> Vec<HelpRow> {
        self.front().map(|p| p.help_rows()).unwrap_or_default()
    }

    fn route_key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> Option<Routed> {
        self.panes.front_mut(self.pane)?.key(key, now)
    }

    fn route_paste(&mut self, text: &str, now: DateTime<Utc>) -> Option<Routed> {
        self.panes.front_mut(self.pane)?.paste(text, now)
    }

    fn render_front(
        &self,
        frame: &mut Frame<'_>,
        area: ratatui::layout::Rect,
        theme: &Theme,
        now: DateTime<Utc>,
    ) {
        match self.front() {
            Some(pane) => pane.render(frame, area, theme, now),
            None => panes::render_placeholder(frame, area, theme, self.pane),
        }
    }
}

/// Where to return after the next unlock. No visitor data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resume {
    pub pane: PaneId,
    pub staff_id: i64,
}

pub struct App {
    clock: Box<dyn Clock>,
    db_path: PathBuf,
    theme: Theme,
    demo: Option<DemoHint>,
    screen: Screen,
    session: Option<Session>,
    resume: Option<Resume>,
    /// The form to go back into after the next unlock, and whose it was (no content).
    resume_form: Option<(i64, crate::domain::draft::DraftKey)>,
    unlock_failures: Vec<DateTime<Utc>>,
    help_rows: Vec<HelpRow>,
    quit: bool,
    /// The minute last drawn in the status bar; a new minute needs a redraw.
    drawn_minute: Option<i64>,
    dirty: bool,
    /// The last frame said the window is too small: nothing but a safe quit is acted on,
    /// since the lead cannot see what a key would do.
    too_small: bool,
    /// The height of the last frame drawn: how much of a tall help overlay fits.
    frame_height: u16,
    /// Every page of the file was found sound at an unlock in this run.
    file_sound: bool,
    /// What the last frame drew where, for the mouse.
    hits: HitMap,
    print_command: Option<PathBuf>,
}

impl App {
    pub fn new(config: Config, clock: Box<dyn Clock>) -> App {
        let unlock_failures = attempts::load(&config.db_path);
        let exists = config.db_path.exists();
        let mut app = App {
            clock,
            screen: if exists {
                Screen::Unlock(UnlockScreen::new(config.demo.clone(), None))
            } else {
                Screen::Create(CreateScreen::new())
            },
            db_path: config.db_path,
            theme: config.theme,
            demo: config.demo,
            session: None,
            resume: None,
            resume_form: None,
            unlock_failures,
            help_rows: keymap::help_rows(),
            quit: false,
            drawn_minute: None,
            dirty: true,
            too_small: false,
            frame_height: u16::MAX,
            file_sound: false,
            hits: HitMap::default(),
            print_command: config.print_command,
        };
        if let Some(secret) = config.passphrase {
            let secret = Zeroizing::new(secret.expose_secret().to_string());
            if exists {
                app.try_unlock(secret);
            } else {
                app.screen = Screen::Create(CreateScreen::with_passphrase(secret));
            }
        }
        app
    }

    // ----- input -----

    pub fn handle_key(&mut self, key: KeyEvent) {
        self.key(key);
        self.observe_drafts();
    }

    /// One key, without looking at the open forms afterwards (which copies what they hold):
    /// a run of typed characters looks once, after its last key.
    fn key(&mut self, key: KeyEvent) {
        self.dirty = true;
        let now = self.clock.now();
        if let Some(s) = &mut self.session {
            s.last_activity = now;
        }
        if keymap::is_force_quit(key) {
            self.quit_safely();
            return;
        }
        if self.too_small {
            return;
        }
        match &mut self.screen {
            Screen::Create(screen) => {
                if let Some(new_db) = screen.handle_key(key) {
                    self.create_database(new_db);
                }
            }
            Screen::Unlock(screen) => {
                if let Some(UnlockAction::Unlock(secret)) = screen.handle_key(key) {
                    self.try_unlock(secret);
                }
            }
            Screen::SignIn(screen) => {
                if let Some(action) = screen.handle_key(key) {
                    self.sign_in_action(action);
                }
            }
            Screen::Main => {
                self.main_key(key);
                self.follow_data(now, false);
            }
        }
    }

    /// Printable characters that arrived at once without bracketed paste (typed faster than
    /// a frame, or pasted into a terminal that does not bracket pastes), '\n' standing for
    /// Enter. They are typing, key by key, so a field near its limit takes what fits and then
    /// says it is full, exactly as if they had been typed slowly. A text field in front takes
    /// them in one go (laid out once, not once a key: DESIGN.md §6, a 100,000-character paste
    /// in 200 ms); anything else, a list whose letters are commands, gets them one key at a
    /// time. The look at the open forms is done once, after the last.
    pub fn handle_text(&mut self, text: &str) {
        if !self.typed_into_front(text) {
            for c in text.chars() {
                let code = match c {
                    '\n' => crossterm::event::KeyCode::Enter,
                    c => crossterm::event::KeyCode::Char(c),
                };
                self.key(KeyEvent::new(code, crossterm::event::KeyModifiers::NONE));
            }
        }
        self.observe_drafts();
    }

    /// True while Enter would start a new line in the text field that has the keyboard, so a
    /// run of typed keys may carry line breaks (the event loop joins them: see
    /// [`Self::handle_text`]).
    pub fn types_lines(&self) -> bool {
        matches!(self.screen, Screen::Main)
            && !self.too_small
            && self.session.as_ref().is_some_and(|s| {
                s.finder.is_none()
                    && !s.help_open
                    && s.front_takes_typing()
                    && s.front().is_some_and(|p| p.types_lines())
            })
    }

    /// `text` typed into the text field in front, if that is where every key of it would go
    /// (a form has the keyboard and takes them as text); false, with nothing done, otherwise.
    fn typed_into_front(&mut self, text: &str) -> bool {
        if self.too_small || !matches!(self.screen, Screen::Main) {
            return false;
        }
        let now = self.clock.now();
        let Some(session) = &mut self.session else {
            return false;
        };
        if session.finder.is_some() || session.help_open || !session.front_takes_typing() {
            return false;
        }
        let Some(pane) = session.panes.front_mut(session.pane) else {
            return false;
        };
        let routed = match pane.typed(text, now) {
            TypedRun::AsKeys => return false,
            TypedRun::Taken(routed) => routed,
        };
        // As each key would have: activity now, a frame to draw, its action, the data followed.
        session.last_activity = now;
        self.dirty = true;
        self.run_routed(routed);
        self.follow_data(now, false);
        true
    }

    /// A bracketed paste too large to take in at all: nothing is added, and the lead is told.
    pub fn paste_too_long(&mut self, bytes: usize) {
        self.dirty = true;
        if let Some(session) = &mut self.session {
            session.status = Some(Message::Error(format!(
                "That paste was too large to take in ({} KB); nothing was added.",
                bytes.div_ceil(1024)
            )));
        }
    }

    /// A bracketed paste: one event, inserted as text into whatever has the keyboard, never
    /// read as keys (a pasted newline must not submit, nor a pasted Esc discard).
    pub fn handle_paste(&mut self, text: &str) {
        self.dirty = true;
        let now = self.clock.now();
        if let Some(s) = &mut self.session {
            s.last_activity = now;
        }
        if self.too_small {
            return;
        }
        match &mut self.screen {
            Screen::Main => {
                let Some(session) = &mut self.session else {
                    return;
                };
                if session.help_open {
                    return;
                }
                // Ctrl-f's search takes a pasted name or number as if typed.
                if let Some(finder) = &mut session.finder {
                    if let Some(FindAction::Search(q)) = finder.paste(text) {
                        match session.store.find_people(&q, RESULTS) {
                            Ok(found) => finder.set_results(found),
                            Err(e) => session.status = Some(Message::Error(e.to_string())),
                        }
                    }
                    return;
                }
                if session.front_takes_typing() {
                    let routed = session.route_paste(text, now);
                    self.run_routed(routed);
                }
            }
            Screen::Create(screen) => screen.paste(text),
            Screen::Unlock(screen) => screen.paste(text),
            Screen::SignIn(screen) => screen.paste(text),
        }
        self.observe_drafts();
    }

    /// A key while the finder (Ctrl-f) is open: it takes them all.
    fn finder_key(&mut self, key: KeyEvent) {
        let Some(session) = &mut self.session else {
            return;
        };
        let Some(finder) = &mut session.finder else {
            return;
        };
        match finder.handle_key(key) {
            Some(FindAction::Close) => {
                session.finder = None;
                session.find_for_plan = false;
            }
            Some(FindAction::Search(q)) => match session.store.find_people(&q, RESULTS) {
                Ok(found) => finder.set_results(found),
                Err(e) => session.status = Some(Message::Error(e.to_string())),
            },
            Some(FindAction::Choose(person_id)) => {
                session.finder = None;
                if std::mem::take(&mut session.find_for_plan) {
                    self.apply(vec![Effect::OpenPlan { person_id }]);
                    return;
                }
                session.pane = PaneId::Intake;
                let show = panes::intake::IntakeAction::ShowPerson(person_id);
                self.run_routed(Some(Routed::Intake(show)));
            }
            None => {}
        }
    }

    fn main_key(&mut self, key: KeyEvent) {
        let Some(session) = &mut self.session else {
            return;
        };
        if session.finder.is_some() {
            self.finder_key(key);
            return;
        }
        if session.help_open {
            // The help may be taller than the window (a pane's keys at 80×24): it scrolls.
            let rows = self.help_rows.len() + session.front_help_rows().len();
            let hidden = crate::ui::help::max_scroll(rows, self.frame_height);
            let at = session.help_scroll.min(hidden);
            session.help_scroll = match crate::ui::help::HELP.resolve(key) {
                Some(pressed) => {
                    session.help_open = pressed != crate::ui::help::HelpKey::Close;
                    crate::ui::help::scrolled(pressed, at, hidden)
                }
                None => at,
            };
            return;
        }
        let action = keymap::action_for(key);
        if action == Some(Action::Lock) {
            self.lock(Some("Locked.".into()));
            return;
        }
        let now = self.clock.now();
        let global_anywhere_but_typing = means_the_same_in_a_view(action);
        let typing = session.front_takes_typing();
        let reading = session.front_captures_input() && !typing;
        if typing || (reading && !global_anywhere_but_typing) {
            let routed = session.route_key(key, now);
            self.run_routed(routed);
            return;
        }
        if action == Some(Action::ResumeDraft) {
            self.resume_next_draft();
            return;
        }
        session.status = None;
        let shown_before = session.pane;
        let routed = match action {
            // The pane shown is loaded again if it missed a change (see `follow`).
            Some(Action::ShowPane(p)) => {
                session.pane = p;
                None
            }
            Some(Action::NextPane) => {
                session.pane = session.pane.next();
                None
            }
            Some(Action::PreviousPane) => {
                session.pane = session.pane.previous();
                None
            }
            Some(Action::Help) => {
                session.help_open = true;
                None
            }
            Some(Action::Lock | Action::ResumeDraft) => None,
            Some(Action::Quit) => {
                self.quit_safely();
                return;
            }
            Some(Action::FindPerson) => {
                session.finder = Some(FindOverlay::new());
                session.find_for_plan = false;
                None
            }
            None if !session.front_has_content() && keys::LIST.resolve(key).is_some() => {
                session.status = Some(not_loaded(session.pane));
                None
            }
            None => session.route_key(key, now),
        };
        self.run_routed(routed);
        if let Some(front) = self.current_pane()
            && front != shown_before
            && let Some(session) = &mut self.session
        {
            // Brought to the front by a key (Peers: who is on now follows the clock).
            session.ask_front(now, |pane, ctx, fx| pane.entered(ctx, fx));
        }
    }

    /// Called on every turn of the event loop: auto-lock and idle checkpoints.
    pub fn tick(&mut self) {
        let now = self.clock.now();
        self.follow_page_check();
        // Before anything is saved: an erasure made elsewhere closes what it erased.
        self.notice_erasures(now);
        self.follow_data(now, true);
        self.autosave_handover(now);
        self.autosave_drafts(now);
        let Some(session) = &mut self.session else {
            return;
        };
        let idle = now - session.last_activity;
        if idle >= session.auto_lock_after {
            let minutes = session.auto_lock_after.num_minutes();
            self.lock(Some(format!(
                "Locked after {} without activity.",
                crate::domain::plural::count(minutes.max(0) as usize, "minute", "minutes")
            )));
            return;
        }
        if idle >= CHECKPOINT_WHEN_IDLE_FOR && session.idle_panes(now) {
            self.dirty = true;
        }
        if idle >= CHECKPOINT_WHEN_IDLE_FOR {
            self.write_held_audit();
        }
        let Some(session) = &mut self.session else {
            return;
        };
        if session.needs_checkpoint && idle >= CHECKPOINT_WHEN_IDLE_FOR {
            // A failed checkpoint loses nothing: the WAL stays and is retried later.
            if session.store.checkpoint().is_ok() {
                session.needs_checkpoint = false;
            }
        }
    }
}

/// A read-only view keeps its own keys, but not those that cannot mean anything in it.
fn means_the_same_in_a_view(action: Option<Action>) -> bool {
    matches!(
        action,
        Some(
            Action::ShowPane(_)
                | Action::NextPane
                | Action::PreviousPane
                | Action::Help
                | Action::Quit
                | Action::FindPerson
        )
    )
}

/// A list key in a pane that could not be loaded.
fn not_loaded(pane: PaneId) -> Message {
    Message::Info(format!(
        "The {} pane could not be loaded; lock (Ctrl-l) and unlock to try again.",
        pane.title()
    ))
}

/// The hook every way of closing the store goes through (lock, auto-lock, quit, Ctrl-c,
/// SIGTERM/SIGHUP): each open editor keeps its unsaved content as a draft first. Returns a
/// warning when something could not be kept.
/// Unsaved work in any pane is kept as a draft before the store closes; a warning comes back if
/// a draft could not be kept.
fn keep_drafts(session: &mut Session, now: DateTime<Utc>) -> Option<String> {
    erasures::before_close(session, now);
    let handover = handover::keep_draft(session, now);
    drafts::keep_all(session, now).or(handover)
}
