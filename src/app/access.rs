//! Getting in and out: unlocking (or creating) the database, signing in, locking and quitting.
//! Each keeps the promise of DESIGN.md §4: nothing typed is lost and nothing is left in memory
//! after a lock.

use super::{App, Resume, Screen, Session, damage, drafts, erasures, follow, keep_drafts, pins};
use crate::domain::audit::{AuditAction, RecordKind};
use crate::domain::backoff;
use crate::domain::staff::StaffMember;
use crate::store::{CreateOptions, OpenError, Passphrase, Store, attempts};
use crate::ui::panes::PaneId;
use crate::ui::signin::{SignInAction, SignInScreen};
use crate::ui::unlock::UnlockScreen;
use crate::ui::widgets::message::Message;
use chrono::{DateTime, Duration, Utc};
use zeroize::Zeroizing;

impl App {
    pub(super) fn try_unlock(&mut self, secret: Zeroizing<String>) {
        let now = self.clock.now();
        // Not pruned: every failure is audited at the next unlock, however old (the back-off
        // itself only counts the last five minutes).
        if let Some(at) = backoff::next_attempt_allowed_at(&self.unlock_failures, now) {
            let secs = (at - now).num_seconds().max(1);
            self.unlock_message(Message::Error(format!(
                "Too many wrong passphrases. Try again in {}.",
                crate::domain::plural::count(secs as usize, "second", "seconds")
            )));
            return;
        }
        let passphrase = Passphrase::from(secret.as_str());
        // Every page is authenticated at the first unlock of a run, on a connection of its
        // own after the first frame (nothing is written until its verdict; a damaged file is
        // then made read-only with a banner). After that this process has had the file open
        // throughout, so an unlock after a lock does not read it all again (on a large file
        // that is seconds, every five minutes). A file found damaged is checked every time.
        match Store::open(&self.db_path, &passphrase) {
            Ok(mut store) => {
                if !self.file_sound {
                    store.check_pages_in_background(&passphrase);
                }
                self.unlocked(store, now, None)
            }
            Err(e @ OpenError::WrongPassphraseOrForeign) => {
                self.unlock_failures.push(now);
                attempts::record(&self.db_path, now);
                self.unlock_message(Message::Error(e.to_string()));
            }
            Err(e) => self.unlock_message(Message::Error(e.to_string())),
        }
    }

    pub(super) fn unlock_message(&mut self, m: Message) {
        if let Screen::Unlock(s) = &mut self.screen {
            s.set_message(Some(m));
        } else {
            let mut s = UnlockScreen::new(self.demo.clone(), None);
            s.set_message(Some(m));
            self.screen = Screen::Unlock(s);
        }
    }

    pub(super) fn unlocked(
        &mut self,
        mut store: Store,
        now: DateTime<Utc>,
        damage_banner: Option<String>,
    ) {
        // Failed attempts could not be written while locked; they are audited now.
        // Those recorded beside the database (by this app or a command) and any that could not
        // be written there, each once.
        let failures = std::mem::take(&mut self.unlock_failures);
        match damage::audit_unlock(&mut store, failures, now) {
            Ok(kept) => self.unlock_failures = kept,
            Err((e, kept)) => {
                self.unlock_failures = kept;
                self.unlock_message(Message::Error(e.to_string()));
                return;
            }
        }
        let loaded = (|| -> Result<_, crate::store::StoreError> {
            Ok((
                store.active_staff()?,
                store.service_hours()?,
                store.auto_lock_minutes()?,
            ))
        })();
        let (staff, hours, minutes) = match loaded {
            Ok(v) => v,
            Err(e) => {
                self.unlock_message(Message::Error(e.to_string()));
                return;
            }
        };
        self.session = Some(Session {
            store,
            staff: None,
            pane: self.resume.map_or(PaneId::Intake, |r| r.pane),
            help_open: false,
            help_scroll: 0,
            status: None,
            hours,
            auto_lock_after: Duration::minutes(minutes as i64),
            last_activity: now,
            needs_checkpoint: true,
            pin_failures: Vec::new(),
            panes: Default::default(),
            finder: None,
            find_for_plan: false,
            banner: None,
            drafts: Default::default(),
            erasures: Default::default(),
            views: Default::default(),
            damage_banner,
            print_command: self.print_command.clone(),
        });
        let preselect = self.resume.map(|r| r.staff_id);
        self.screen = Screen::SignIn(SignInScreen::new(staff, preselect));
    }

    pub(super) fn create_database(&mut self, new_db: crate::ui::create::NewDatabase) {
        let now = self.clock.now();
        let passphrase = Passphrase::from(new_db.passphrase.as_str());
        let created = Store::create(
            &self.db_path,
            &passphrase,
            &CreateOptions {
                first_staff_name: &new_db.staff_name,
                first_staff_pin: &new_db.pin,
            },
            now,
        );
        match created {
            Ok(store) => {
                self.unlocked(store, now, None);
                if let Some(staff) = self
                    .session
                    .as_ref()
                    .and_then(|s| s.store.active_staff().ok())
                    .and_then(|v| v.into_iter().next())
                {
                    self.signed_in(staff, now);
                }
            }
            Err(e) => {
                if let Screen::Create(s) = &mut self.screen {
                    s.set_error(e.to_string());
                }
            }
        }
    }

    pub(super) fn sign_in_action(&mut self, action: SignInAction) {
        let now = self.clock.now();
        let Some(session) = &mut self.session else {
            return;
        };
        let Screen::SignIn(screen) = &mut self.screen else {
            return;
        };
        let check_pin =
            |session: &mut Session, screen: &mut SignInScreen, staff_id: i64, pin: &str| -> bool {
                let purpose = pins::PinPurpose::sign_in(staff_id);
                let checked = pins::check_pin(
                    &mut session.store,
                    &mut session.pin_failures,
                    staff_id,
                    pin,
                    purpose,
                    now,
                );
                if let Err(e) = &checked {
                    screen.set_message(Some(Message::Error(e.to_string())));
                }
                checked.is_ok()
            };
        match action {
            SignInAction::SignIn { staff_id, pin } => {
                if check_pin(session, screen, staff_id, &pin) {
                    match session.store.staff_member(staff_id) {
                        Ok(staff) => self.signed_in(staff, now),
                        Err(e) => screen.set_message(Some(Message::Error(e.to_string()))),
                    }
                }
            }
            SignInAction::AuthoriseNewColleague { staff_id, pin } => {
                if check_pin(session, screen, staff_id, &pin) {
                    screen.start_new_colleague(staff_id);
                }
            }
            SignInAction::AddColleague {
                sponsor_id,
                name,
                pin,
            } => match session.store.add_staff(&name, &pin, sponsor_id, now) {
                Ok(id) => {
                    session.needs_checkpoint = true;
                    match session.store.active_staff() {
                        Ok(staff) => screen.colleague_added(staff, id),
                        Err(e) => screen.set_message(Some(Message::Error(e.to_string()))),
                    }
                }
                Err(e) => screen.set_message(Some(Message::Error(e.to_string()))),
            },
        }
    }

    pub(super) fn signed_in(&mut self, staff: StaffMember, now: DateTime<Utc>) {
        let Some(session) = &mut self.session else {
            return;
        };
        if let Err(e) = damage::audit_sign_in(&mut session.store, staff.id, now) {
            if let Screen::SignIn(s) = &mut self.screen {
                s.set_message(Some(Message::Error(e.to_string())));
            }
            return;
        }
        session.needs_checkpoint = true;
        session.staff = Some(staff);
        session.load_panes(now);
        erasures::start(session, now);
        follow::start(session, now);
        self.resume = None;
        self.screen = Screen::Main;
        let back_to = self
            .resume_form
            .take()
            .filter(|(id, _)| Some(*id) == self.signed_in_staff().map(|s| s.id))
            .map(|(_, k)| k);
        self.drafts_after_sign_in(back_to);
    }

    // ----- locking and quitting -----

    /// Locks now: drafts saved, the event audited, the connection closed, every piece of
    /// visitor data dropped with the session. Unlocking returns to the same pane.
    pub fn lock(&mut self, reason: Option<String>) {
        let now = self.clock.now();
        let mut reason = reason;
        self.finish_page_check();
        if let Some(mut session) = self.session.take() {
            let form = drafts::front_form(&session);
            if let Some(warning) = keep_drafts(&mut session, now) {
                reason = Some(match reason {
                    Some(r) => format!("{r} {warning}"),
                    None => warning,
                });
            }
            let staff_id = session.staff.as_ref().map(|s| s.id);
            let _ = session.store.write_held_audit();
            let _ = session.store.audit(
                now,
                staff_id,
                AuditAction::Lock,
                Some(RecordKind::Database),
                None,
            );
            if let Some(id) = staff_id {
                self.resume = Some(Resume {
                    pane: session.pane,
                    staff_id: id,
                });
                self.resume_form = form.map(|k| (id, k));
            }
            let _ = session.store.close();
        }
        self.screen = Screen::Unlock(UnlockScreen::new(self.demo.clone(), reason));
        self.dirty = true;
    }

    /// Quits with everything saved: drafts, a sign-out entry, a checkpoint.
    pub fn quit_safely(&mut self) {
        let now = self.clock.now();
        self.finish_page_check();
        if let Some(mut session) = self.session.take() {
            // Nowhere to show a warning on the way out; the draft is kept if it can be.
            let _ = keep_drafts(&mut session, now);
            if let Some(staff) = &session.staff {
                let _ = session.store.audit(
                    now,
                    Some(staff.id),
                    AuditAction::SignOut,
                    Some(RecordKind::Staff),
                    Some(staff.id),
                );
            }
            let _ = session.store.close();
        }
        self.quit = true;
    }

    // ----- drawing -----
}
