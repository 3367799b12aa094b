//! Carrying out the Administration screen's actions against the store.
//!
//! The screen (`ui::admin::AdminScreen`) is a self-contained component for the Reports pane to
//! mount. [`new_screen`] makes one, [`run`] carries out one of its actions against a store (no
//! `App` needed, so it can be tested alone), and its [`Mount`] does the same for the signed-in
//! staff member and gives back the session's new copies (service hours, time zone, auto-lock).
//!
//! # Mounting it
//!
//! It is registered in `app/mount.rs` over the Reports pane (`Admin(admin: AdminScreen) in
//! Reports`, before Reports, so it is in front while it is open). It is not loaded at sign-in:
//! the Reports pane's `a` gives back `Effect::OpenAdmin`, for which `Session::open_admin`
//! opens a new screen, and Esc on a list gives back `Effect::CloseAdmin`. (Digits, Tab, `q`,
//! `?`, Ctrl-f and Ctrl-l stay the app's while the screen shows a list; while a form or a
//! question is open, `captures_input()` gives it every key.)
//!
//! Not refreshed here: the Intake pane's reference lists (triage codes, referral sources,
//! directory) and the panes' cached staff names and time zone pick up changes at the next
//! sign-in (`Effects::reference` and `Effects::staff` say when one happened).

use super::effects::{Ctx, Effect};
use super::error::AppResult;
use super::mount::Mount;
use crate::domain::admin::{AUDIT_PAGE, SettingKey};
use crate::store::Store;
use crate::ui::admin::{AdminAction, AdminData, AdminScreen, PinText, Section};
use chrono::{DateTime, Duration, Utc};

/// What a carried-out action changed that the app may hold copies of.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) struct Effects {
    /// A transaction committed (checkpoint when idle).
    pub wrote: bool,
    /// Service hours, time zone or bank holidays changed.
    pub hours: bool,
    /// The auto-lock interval changed.
    pub auto_lock: bool,
    /// Triage codes, referral sources or the directory changed (Intake caches them).
    pub reference: bool,
    /// Staff were added, deactivated or reactivated (panes cache staff names).
    pub staff: bool,
    /// The screen asked to close.
    pub close: bool,
}

/// A new Administration screen on its staff section, in the service's time zone.
pub(super) fn new_screen(store: &Store) -> AppResult<AdminScreen> {
    let mut screen = AdminScreen::new(store.service_hours()?.tz);
    load(store, &mut screen, Section::Staff)?;
    Ok(screen)
}

fn load(store: &Store, screen: &mut AdminScreen, section: Section) -> AppResult<()> {
    let data = match section {
        Section::Staff => AdminData::Staff(store.all_staff()?),
        Section::Directory => AdminData::Directory(store.directory_records()?),
        Section::ReferralSources => AdminData::ReferralSources(store.referral_source_records()?),
        Section::Triage => AdminData::Triage(store.triage_records()?),
        Section::BankHolidays => AdminData::BankHolidays(store.bank_holiday_list()?),
        Section::Settings => {
            screen.load(AdminData::Triage(store.triage_records()?));
            AdminData::Settings(store.admin_settings()?)
        }
        Section::Audit => {
            // The log names staff by id; the screen shows their names.
            screen.load(AdminData::Staff(store.all_staff()?));
            let filter = screen.audit_filter().clone();
            let rows = store.audit_page(&filter, None, AUDIT_PAGE)?;
            screen.load(AdminData::Audit {
                filter,
                rows,
                append: false,
            });
            if screen.chain().is_none() {
                AdminData::Chain(store.verify_audit_chain()?)
            } else {
                return Ok(());
            }
        }
    };
    screen.load(data);
    Ok(())
}

/// The signed-in member confirms a credential change with their own PIN: the session's one PIN
/// check (back-off, a wrong one audited like a failed sign-in).
fn check_own_pin(
    store: &mut Store,
    pin_failures: &mut Vec<DateTime<Utc>>,
    staff_id: i64,
    pin: &PinText,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let purpose = super::pins::PinPurpose::sign_in(staff_id);
    super::pins::check_pin(store, pin_failures, staff_id, pin.expose(), purpose, now)
}

/// Carries out one action for `staff_id` (the signed-in staff member). Writes are confirmed
/// on the screen ("Saved hh:mm:ss") only after their transaction committed; a refusal is
/// returned for the caller to show with `AdminScreen::refuse`.
pub(super) fn run(
    store: &mut Store,
    screen: &mut AdminScreen,
    action: AdminAction,
    staff_id: i64,
    pin_failures: &mut Vec<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> AppResult<Effects> {
    let mut effects = Effects::default();
    let reload = match action {
        AdminAction::Load(section) => {
            load(store, screen, section)?;
            return Ok(effects);
        }
        AdminAction::Close => {
            effects.close = true;
            return Ok(effects);
        }
        AdminAction::AuditPage { filter, before } => {
            let rows = store.audit_page(&filter, before, AUDIT_PAGE)?;
            screen.load(AdminData::Audit {
                filter,
                rows,
                append: before.is_some(),
            });
            screen.done(None);
            return Ok(effects);
        }
        AdminAction::VerifyChain => {
            screen.load(AdminData::Chain(store.verify_audit_chain()?));
            screen.done(None);
            return Ok(effects);
        }
        AdminAction::SaveSetting { key, value } => {
            if !store.set_admin_setting(key, &value, staff_id, now)? {
                screen.done(Some("No change: that is the value already.".into()));
                return Ok(effects);
            }
            match key {
                SettingKey::WeekdayHours | SettingKey::WeekendHours | SettingKey::TimeZone => {
                    effects.hours = true
                }
                SettingKey::AutoLockMinutes => effects.auto_lock = true,
                _ => {}
            }
            Section::Settings
        }
        staff @ (AdminAction::AddStaff { .. }
        | AdminAction::ResetPin { .. }
        | AdminAction::SetStaffActive { .. }) => {
            write_staff(store, staff, staff_id, pin_failures, now, &mut effects)?
        }
        reference => write_reference(store, reference, staff_id, now, &mut effects)?,
    };
    effects.wrote = true;
    let tz = store.service_hours()?.tz;
    screen.set_tz(tz);
    load(store, screen, reload)?;
    screen.done(Some(format!(
        "Saved {}",
        now.with_timezone(&tz).format("%H:%M:%S")
    )));
    Ok(effects)
}

/// Adding a colleague, resetting a PIN (both confirmed with the lead's own PIN), and
/// deactivating or reactivating someone. Returns the section to show again.
fn write_staff(
    store: &mut Store,
    action: AdminAction,
    staff_id: i64,
    pin_failures: &mut Vec<DateTime<Utc>>,
    now: DateTime<Utc>,
    effects: &mut Effects,
) -> AppResult<Section> {
    Ok(match action {
        AdminAction::AddStaff {
            name,
            pin,
            your_pin,
        } => {
            check_own_pin(store, pin_failures, staff_id, &your_pin, now)?;
            store.add_staff(&name, pin.expose(), staff_id, now)?;
            effects.staff = true;
            Section::Staff
        }
        AdminAction::ResetPin {
            staff_id: whom,
            pin,
            your_pin,
        } => {
            check_own_pin(store, pin_failures, staff_id, &your_pin, now)?;
            store.reset_staff_pin(whom, pin.expose(), staff_id, now)?;
            Section::Staff
        }
        AdminAction::SetStaffActive {
            staff_id: whom,
            active,
        } => {
            store.set_staff_active(whom, active, staff_id, now)?;
            effects.staff = true;
            Section::Staff
        }
        // Not reached: `run` carries out every other action itself.
        _ => Section::Staff,
    })
}

/// The reference lists and bank holidays. Returns the section to show again.
fn write_reference(
    store: &mut Store,
    action: AdminAction,
    staff_id: i64,
    now: DateTime<Utc>,
    effects: &mut Effects,
) -> AppResult<Section> {
    Ok(match action {
        AdminAction::SaveDirectoryEntry { id, entry } => {
            match id {
                Some(id) => store.edit_directory_entry(id, &entry, staff_id, now)?,
                None => {
                    store.add_directory_entry(&entry, staff_id, now)?;
                }
            }
            effects.reference = true;
            Section::Directory
        }
        AdminAction::SetDirectoryEntryActive { id, active } => {
            store.set_directory_entry_active(id, active, staff_id, now)?;
            effects.reference = true;
            Section::Directory
        }
        AdminAction::SaveReferralSource { id, label, code } => {
            match id {
                Some(id) => store.edit_referral_source(id, &label, &code, staff_id, now)?,
                None => {
                    store.add_referral_source(&label, &code, staff_id, now)?;
                }
            }
            effects.reference = true;
            Section::ReferralSources
        }
        AdminAction::SetReferralSourceActive { id, active } => {
            store.set_referral_source_active(id, active, staff_id, now)?;
            effects.reference = true;
            Section::ReferralSources
        }
        AdminAction::SaveTriageCode { new, input } => {
            if new {
                store.add_triage_code(&input, staff_id, now)?;
            } else {
                store.edit_triage_code(&input, staff_id, now)?;
            }
            effects.reference = true;
            Section::Triage
        }
        AdminAction::SetTriageCodeActive { code, active } => {
            store.set_triage_code_active(&code, active, staff_id, now)?;
            effects.reference = true;
            Section::Triage
        }
        AdminAction::SaveTriageTarget { code, minutes } => {
            store.set_triage_target(&code, minutes, staff_id, now)?;
            effects.reference = true;
            Section::Settings
        }
        AdminAction::AddBankHoliday { date, name } => {
            store.add_bank_holiday(date, &name, staff_id, now)?;
            effects.hours = true;
            Section::BankHolidays
        }
        AdminAction::RemoveBankHoliday { date } => {
            store.remove_bank_holiday(date, staff_id, now)?;
            effects.hours = true;
            Section::BankHolidays
        }
        // Not reached: `run` carries out every other action itself.
        _ => Section::Staff,
    })
}

impl Mount for AdminScreen {
    const AT_SIGN_IN: bool = false;

    fn open(ctx: &mut Ctx, _fx: &mut Vec<Effect>) -> AppResult<AdminScreen> {
        new_screen(ctx.store)
    }

    /// Wrong PINs back off as at sign-in, refusals show on the screen, and the session's
    /// service hours and auto-lock interval follow the settings.
    fn run(&mut self, ctx: &mut Ctx, action: AdminAction, fx: &mut Vec<Effect>) -> AppResult<()> {
        let staff_id = ctx.staff_id();
        let effects = run(ctx.store, self, action, staff_id, ctx.pin_failures, ctx.now)?;
        if effects.wrote {
            fx.push(Effect::Wrote);
        }
        if effects.close {
            fx.push(Effect::CloseAdmin);
        }
        if effects.hours {
            fx.push(Effect::Hours(ctx.store.service_hours()?));
        }
        if effects.auto_lock {
            let minutes = ctx.store.auto_lock_minutes()?;
            fx.push(Effect::AutoLock(Duration::minutes(i64::from(minutes))));
        }
        Ok(())
    }

    fn refused(&mut self, text: String, _fx: &mut Vec<Effect>) {
        self.refuse(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::CreateOptions;
    use crate::ui::panes::Pane;
    use chrono::TimeZone;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, 19, 30, 0).unwrap()
    }

    fn store(dir: &std::path::Path) -> Store {
        Store::create(
            &dir.join("staywell.db"),
            &crate::store::Passphrase::from("lantern orbit teacup mosaic"),
            &CreateOptions {
                first_staff_name: "Robin Example",
                first_staff_pin: "246810",
            },
            now(),
        )
        .unwrap()
    }

    fn keys(screen: &mut AdminScreen, text: &str) -> Option<AdminAction> {
        let mut last = None;
        for c in text.chars() {
            let code = match c {
                '\t' => KeyCode::Tab,
                '\n' => KeyCode::Enter,
                c => KeyCode::Char(c),
            };
            last = screen.handle_key(KeyEvent::new(code, KeyModifiers::NONE), now());
        }
        last
    }

    #[test]
    fn a_colleague_is_added_after_the_lead_confirms_with_their_own_pin() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store(dir.path());
        let mut screen = new_screen(&store).unwrap();
        let action = keys(&mut screen, "nJo Sample\t135790\t135790\t999999\n").unwrap();
        let err = run(
            &mut store,
            &mut screen,
            action.clone(),
            1,
            &mut Vec::new(),
            now(),
        )
        .unwrap_err();
        assert!(
            matches!(err, crate::app::error::AppError::WrongPin),
            "{err}"
        );
        assert_eq!(err.to_string(), "Wrong PIN.");
        let failed = store.recent_audit_entries(1).unwrap().remove(0);
        assert_eq!(failed.action, "sign_in_failed");
        assert_eq!(store.all_staff().unwrap().len(), 1, "nothing added");

        screen.refuse(err.to_string());
        assert_eq!(screen.mode_name(), "form", "the form stays for another try");
        for _ in 0..6 {
            screen.handle_key(KeyEvent::from(KeyCode::Backspace), now());
        }
        let action = keys(&mut screen, "246810\n").unwrap();
        let effects = run(&mut store, &mut screen, action, 1, &mut Vec::new(), now()).unwrap();
        assert!(effects.wrote && effects.staff);
        assert_eq!(screen.mode_name(), "list");
        assert_eq!(screen.message.as_ref().unwrap().text(), "Saved 19:30:00");
        assert!(store.verify_pin(2, "135790").unwrap());
    }

    #[test]
    fn settings_report_what_the_session_must_refresh_and_refusals_change_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store(dir.path());
        let mut screen = new_screen(&store).unwrap();
        let load = keys(&mut screen, "g").unwrap();
        run(&mut store, &mut screen, load, 1, &mut Vec::new(), now()).unwrap();
        // Down to the time zone; replace it.
        assert_eq!(keys(&mut screen, "jje"), None);
        for _ in 0.."Europe/London".len() {
            screen.handle_key(KeyEvent::from(KeyCode::Backspace), now());
        }
        let action = keys(&mut screen, "America/New_York\n").unwrap();
        let effects = run(&mut store, &mut screen, action, 1, &mut Vec::new(), now()).unwrap();
        assert!(effects.hours && !effects.auto_lock);
        assert_eq!(
            screen.message.as_ref().unwrap().text(),
            "Saved 14:30:00",
            "confirmed in the new time zone"
        );
        let refused = run(
            &mut store,
            &mut screen,
            AdminAction::SaveSetting {
                key: SettingKey::AutoLockMinutes,
                value: "500".into(),
            },
            1,
            &mut Vec::new(),
            now(),
        );
        assert!(refused.is_err());
        assert_eq!(store.auto_lock_minutes().unwrap(), 5);
        let effects = run(
            &mut store,
            &mut screen,
            AdminAction::Close,
            1,
            &mut Vec::new(),
            now(),
        )
        .unwrap();
        assert!(effects.close && !effects.wrote);
    }

    #[test]
    fn the_audit_section_loads_a_page_names_and_the_chain() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = store(dir.path());
        let mut screen = new_screen(&store).unwrap();
        let load = keys(&mut screen, "a").unwrap();
        run(&mut store, &mut screen, load, 1, &mut Vec::new(), now()).unwrap();
        assert!(!screen.audit_rows().is_empty());
        assert!(matches!(
            screen.chain(),
            Some(crate::store::audit::ChainStatus::Verified { .. })
        ));
    }
}
