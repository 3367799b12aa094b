//! The panes the session holds, registered once (the `register_panes!` list below): each
//! line names a pane's slot, its type and the pane id it shows in. From that one line come
//! the session's field, the tagged action ([`Routed`]), which pane is in front, where keys and
//! pastes go, the drafts' view of its forms, its loading at sign-in and the runner its actions
//! go to. What a pane does is in its runner, `app/<pane>.rs`, which implements [`Mount`].
//!
//! Effects ([`Effect`]) are carried out here too, by [`Session::apply`]: those for the session
//! directly, those for a pane by offering them to every pane's [`Mount::receive`].

use super::effects::{Ctx, Effect};
use super::error::{AppError, AppResult};
use super::{App, Session};
use crate::domain::draft::{DraftKey, FormDraft};
use crate::ui::admin::AdminScreen;
use crate::ui::find::FindOverlay;
use crate::ui::keys;
use crate::ui::panes::drafts::FormDrafts;
use crate::ui::panes::handover::HandoverPane;
use crate::ui::panes::intake::IntakePane;
use crate::ui::panes::peers::PeersPane;
use crate::ui::panes::plans::PlansPane;
use crate::ui::panes::reports::ReportsPane;
use crate::ui::panes::{Pane, PaneId, PaneView, TypedRun};
use crate::ui::widgets::message::Message;
use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;
use std::collections::VecDeque;

/// What the app needs of a pane beyond its keys and drawing; each runner (`app/<pane>.rs`)
/// implements it for its pane.
pub(super) trait Mount: FormDrafts + Sized {
    /// Loaded at sign-in (and again after an erasure made elsewhere). False: mounted only when
    /// asked for, as Administration is.
    const AT_SIGN_IN: bool = true;
    /// A new pane with its first data.
    fn open(ctx: &mut Ctx, fx: &mut Vec<Effect>) -> AppResult<Self>;
    /// Carries out one of the pane's actions.
    fn run(&mut self, ctx: &mut Ctx, action: Self::Action, fx: &mut Vec<Effect>) -> AppResult<()>;
    /// Says why an action was refused.
    fn refused(&mut self, text: String, fx: &mut Vec<Effect>);
    /// It comes to the front having missed a change (`app/follow.rs`).
    fn reload(&mut self, _ctx: &mut Ctx, _fx: &mut Vec<Effect>) {}
    /// It was brought to the front by a key.
    fn entered(&mut self, _ctx: &mut Ctx, _fx: &mut Vec<Effect>) {}
    /// The app is idle (on the tick). Returns whether it changed what it shows.
    fn idle(&mut self, _ctx: &mut Ctx, _fx: &mut Vec<Effect>) -> bool {
        false
    }
    /// An effect another pane's action gave back, offered to every pane.
    fn receive(
        &mut self,
        _ctx: &mut Ctx,
        _effect: &Effect,
        _fx: &mut Vec<Effect>,
    ) -> AppResult<()> {
        Ok(())
    }

    /// Runs `action`, and says so in the pane if it was refused.
    fn carry_out(&mut self, ctx: &mut Ctx, action: Self::Action, fx: &mut Vec<Effect>) {
        if let Err(e) = self.run(ctx, action, fx) {
            self.refused(e.to_string(), fx);
        }
    }
}

/// The usual refusal, after the pane has shown it: on the status line too when no form in
/// the pane has the keyboard to show it.
pub(super) fn tell_unless_typing(pane: &dyn PaneView, text: String, fx: &mut Vec<Effect>) {
    if !pane.captures_input() {
        fx.push(Effect::Status(Message::Error(text)));
    }
}

/// A mounted pane as the app sees it, whatever its actions: made from [`Mount`] for every
/// registered pane.
pub(super) trait Mounted: PaneView {
    /// A key: outside a form, the list keys resolve once in the list table ([`keys::LIST`]);
    /// everything else is the pane's own (its views, its forms).
    fn key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> Option<Routed>;
    fn paste(&mut self, text: &str, now: DateTime<Utc>) -> Option<Routed>;
    /// A run of typed characters: taken by the text field in front, or to go key by key.
    fn typed(&mut self, text: &str, now: DateTime<Utc>) -> TypedRun<Routed>;
    fn form(&self) -> Option<DraftKey>;
    fn form_draft(&self) -> Option<FormDraft>;
    fn fill(&mut self, draft: &FormDraft) -> bool;
    fn reopen_form(&mut self, key: &DraftKey, now: DateTime<Utc>) -> Option<Routed>;
    fn refused(&mut self, text: String, fx: &mut Vec<Effect>);
    fn reload(&mut self, ctx: &mut Ctx, fx: &mut Vec<Effect>);
    fn entered(&mut self, ctx: &mut Ctx, fx: &mut Vec<Effect>);
    fn idle(&mut self, ctx: &mut Ctx, fx: &mut Vec<Effect>) -> bool;
    fn receive(&mut self, ctx: &mut Ctx, effect: &Effect, fx: &mut Vec<Effect>) -> AppResult<()>;
}

impl<P> Mounted for P
where
    P: Mount,
    Routed: From<P::Action>,
{
    fn key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> Option<Routed> {
        if !self.captures_input()
            && let Some(list_move) = keys::LIST.resolve(key)
        {
            return self.on_list(list_move, now).map(Routed::from);
        }
        self.handle_key(key, now).map(Routed::from)
    }
    fn paste(&mut self, text: &str, now: DateTime<Utc>) -> Option<Routed> {
        self.handle_paste(text, now).map(Routed::from)
    }
    fn typed(&mut self, text: &str, now: DateTime<Utc>) -> TypedRun<Routed> {
        // Outside a form, letters are the list's commands: always key by key.
        if !self.captures_input() {
            return TypedRun::AsKeys;
        }
        self.handle_typed(text, now).map(Routed::from)
    }
    fn form(&self) -> Option<DraftKey> {
        self.open_form()
    }
    fn form_draft(&self) -> Option<FormDraft> {
        self.open_draft()
    }
    fn fill(&mut self, draft: &FormDraft) -> bool {
        self.fill_draft(draft)
    }
    fn reopen_form(&mut self, key: &DraftKey, now: DateTime<Utc>) -> Option<Routed> {
        self.reopen(key, now).map(Routed::from)
    }
    fn refused(&mut self, text: String, fx: &mut Vec<Effect>) {
        Mount::refused(self, text, fx)
    }
    fn reload(&mut self, ctx: &mut Ctx, fx: &mut Vec<Effect>) {
        Mount::reload(self, ctx, fx)
    }
    fn entered(&mut self, ctx: &mut Ctx, fx: &mut Vec<Effect>) {
        Mount::entered(self, ctx, fx)
    }
    fn idle(&mut self, ctx: &mut Ctx, fx: &mut Vec<Effect>) -> bool {
        Mount::idle(self, ctx, fx)
    }
    fn receive(&mut self, ctx: &mut Ctx, effect: &Effect, fx: &mut Vec<Effect>) -> AppResult<()> {
        Mount::receive(self, ctx, effect, fx)
    }
}

/// Loads a pane that opens at sign-in into its slot; a failure leaves the slot as it was.
fn load_into<P: Mount>(
    slot: &mut Option<P>,
    ctx: &mut Ctx,
    fx: &mut Vec<Effect>,
    failed: &mut Option<AppError>,
) {
    if P::AT_SIGN_IN {
        match P::open(ctx, fx) {
            Ok(pane) => *slot = Some(pane),
            Err(e) => *failed = Some(e),
        }
    }
}

fn carry_out<P: Mount>(
    slot: &mut Option<P>,
    ctx: &mut Ctx,
    action: P::Action,
    fx: &mut Vec<Effect>,
) {
    if let Some(pane) = slot {
        pane.carry_out(ctx, action, fx);
    }
}

macro_rules! register_panes {
    ($($variant:ident($slot:ident: $pane:ty) in $id:ident),* $(,)?) => {
        /// Every pane of the session; `None` until loaded (or while it could not be).
        #[derive(Default)]
        pub(super) struct Panes {
            $(pub $slot: Option<$pane>,)*
        }

        /// A pane's action, tagged with the pane it came from.
        pub(super) enum Routed {
            $($variant(<$pane as Pane>::Action),)*
        }

        $(impl From<<$pane as Pane>::Action> for Routed {
            fn from(action: <$pane as Pane>::Action) -> Routed {
                Routed::$variant(action)
            }
        })*

        /// The pane id each registered pane shows in, in the order registered.
        #[cfg(test)]
        const REGISTERED: &[PaneId] = &[$(PaneId::$id),*];

        impl Panes {
            /// Each loaded pane with the pane id it shows in, in the order registered.
            pub(super) fn all(&self) -> Vec<(PaneId, &dyn Mounted)> {
                let mut all: Vec<(PaneId, &dyn Mounted)> = Vec::new();
                $(if let Some(p) = &self.$slot { all.push((PaneId::$id, p)); })*
                all
            }

            pub(super) fn all_mut(&mut self) -> Vec<(PaneId, &mut dyn Mounted)> {
                let mut all: Vec<(PaneId, &mut dyn Mounted)> = Vec::new();
                $(if let Some(p) = &mut self.$slot { all.push((PaneId::$id, p)); })*
                all
            }

            /// Loads every pane that opens at sign-in; returns the last failure.
            fn load(&mut self, ctx: &mut Ctx, fx: &mut Vec<Effect>) -> Option<AppError> {
                let mut failed = None;
                $(load_into(&mut self.$slot, ctx, fx, &mut failed);)*
                failed
            }

            /// Hands `routed` to its pane's runner.
            fn run(&mut self, ctx: &mut Ctx, routed: Routed, fx: &mut Vec<Effect>) {
                match routed {
                    $(Routed::$variant(action) => carry_out(&mut self.$slot, ctx, action, fx),)*
                }
            }
        }
    };
}

// The one registration line per pane. A screen mounted over a pane (Administration over
// Reports) comes before it: it is in front while it is open.
register_panes! {
    Intake(intake: IntakePane) in Intake,
    Plans(plans: PlansPane) in Plans,
    Peers(peers: PeersPane) in Peers,
    Handover(handover: HandoverPane) in Handover,
    Admin(admin: AdminScreen) in Reports,
    Reports(reports: ReportsPane) in Reports,
}

impl Panes {
    /// What shows in pane `id`: the first loaded pane registered for it.
    pub(super) fn front(&self, id: PaneId) -> Option<&dyn Mounted> {
        self.all()
            .into_iter()
            .find(|(p, _)| *p == id)
            .map(|(_, m)| m)
    }

    pub(super) fn front_mut(&mut self, id: PaneId) -> Option<&mut dyn Mounted> {
        self.all_mut()
            .into_iter()
            .find(|(p, _)| *p == id)
            .map(|(_, m)| m)
    }
}

impl Session {
    /// The runner's view of the session, and the panes beside it (none before sign-in).
    pub(super) fn split(&mut self, now: DateTime<Utc>) -> Option<(Ctx<'_>, &mut Panes)> {
        let staff = self.staff.as_ref()?;
        Some((
            Ctx {
                store: &mut self.store,
                hours: &self.hours,
                staff,
                pin_failures: &mut self.pin_failures,
                print_command: self.print_command.as_deref(),
                now,
            },
            &mut self.panes,
        ))
    }

    /// Carries out what a pane asked for, and then what that gave back.
    pub(super) fn run_routed(&mut self, routed: Routed, now: DateTime<Utc>) {
        let Some((mut ctx, panes)) = self.split(now) else {
            return;
        };
        let mut fx = Vec::new();
        panes.run(&mut ctx, routed, &mut fx);
        self.apply(fx, now);
    }

    /// Every pane that opens at sign-in, loaded from the database; a failure is on the status
    /// line.
    pub(super) fn load_panes(&mut self, now: DateTime<Utc>) {
        let front = self.pane;
        let Some((mut ctx, panes)) = self.split(now) else {
            return;
        };
        let mut fx = Vec::new();
        let failed = panes.load(&mut ctx, &mut fx);
        // The pane in front (an unlock returns to it) takes now what it takes when brought to
        // the front by a key (the Plans list's counts, left out of the others' loading).
        if let Some(pane) = panes.front_mut(front) {
            pane.entered(&mut ctx, &mut fx);
        }
        self.apply(fx, now);
        if let Some(e) = failed {
            self.status = Some(Message::Error(e.to_string()));
        }
    }

    /// A new Administration screen over the Reports pane.
    pub(super) fn open_admin(&mut self, now: DateTime<Utc>) -> AppResult<()> {
        let Some((mut ctx, panes)) = self.split(now) else {
            return Ok(());
        };
        let mut fx = Vec::new();
        panes.admin = Some(AdminScreen::open(&mut ctx, &mut fx)?);
        self.apply(fx, now);
        Ok(())
    }

    /// Asks the pane in front for something through `ask`, then carries out the effects it
    /// gave back.
    pub(super) fn ask_front(
        &mut self,
        now: DateTime<Utc>,
        ask: impl FnOnce(&mut dyn Mounted, &mut Ctx, &mut Vec<Effect>),
    ) {
        let front = self.pane;
        let Some((mut ctx, panes)) = self.split(now) else {
            return;
        };
        let mut fx = Vec::new();
        if let Some(pane) = panes.front_mut(front) {
            ask(pane, &mut ctx, &mut fx);
        }
        self.apply(fx, now);
    }

    /// The app is idle: every pane may follow the clock. Returns whether one changed.
    pub(super) fn idle_panes(&mut self, now: DateTime<Utc>) -> bool {
        let Some((mut ctx, panes)) = self.split(now) else {
            return false;
        };
        let mut fx = Vec::new();
        let mut changed = false;
        for (_, pane) in panes.all_mut() {
            changed |= pane.idle(&mut ctx, &mut fx);
        }
        self.apply(fx, now);
        changed
    }

    /// Carries out `effects` in order (and whatever they give back in turn); a failure shows
    /// on the status line.
    pub(super) fn apply(&mut self, effects: Vec<Effect>, now: DateTime<Utc>) {
        let mut queue: VecDeque<Effect> = effects.into();
        while let Some(effect) = queue.pop_front() {
            match effect {
                Effect::Saved { note } => {
                    self.saved(now);
                    if let (Some(note), Some(Message::Info(text))) = (note, &mut self.status) {
                        text.push_str(" · ");
                        text.push_str(&note);
                    }
                }
                Effect::Wrote => self.needs_checkpoint = true,
                Effect::Status(message) => self.status = Some(message),
                Effect::ShowPane(pane) => self.pane = pane,
                Effect::FindWhosePlan => {
                    self.finder = Some(FindOverlay::titled("Whose plan? Find the visitor"));
                    self.find_for_plan = true;
                }
                Effect::Banner(banner) => self.banner = banner,
                Effect::Hours(hours) => self.hours = hours,
                Effect::AutoLock(after) => self.auto_lock_after = after,
                Effect::OpenAdmin => {
                    if let Err(e) = self.open_admin(now) {
                        self.ask_front(now, |pane, _, fx| pane.refused(e.to_string(), fx));
                    }
                }
                Effect::CloseAdmin => self.panes.admin = None,
                for_a_pane => {
                    let Some((mut ctx, panes)) = self.split(now) else {
                        return;
                    };
                    let mut more = Vec::new();
                    let mut failed = None;
                    for (_, pane) in panes.all_mut() {
                        if let Err(e) = pane.receive(&mut ctx, &for_a_pane, &mut more) {
                            failed = Some(e);
                        }
                    }
                    if let Some(e) = failed {
                        self.status = Some(Message::Error(e.to_string()));
                    }
                    // Before the rest: as if carried out at once.
                    for effect in more.into_iter().rev() {
                        queue.push_front(effect);
                    }
                }
            }
        }
    }
}

impl App {
    /// Carries out what a pane asked for.
    pub(super) fn run_routed(&mut self, routed: Option<Routed>) {
        let now = self.clock.now();
        if let (Some(routed), Some(session)) = (routed, self.session.as_mut()) {
            session.run_routed(routed, now);
        }
    }

    /// Carries out effects asked for outside any pane (the finder's choice, say).
    pub(super) fn apply(&mut self, effects: Vec<Effect>) {
        let now = self.clock.now();
        if let Some(session) = self.session.as_mut() {
            session.apply(effects, now);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::shift::ServiceHours;
    use chrono::TimeZone;

    #[test]
    fn every_pane_id_has_a_registered_pane() {
        for id in PaneId::ALL {
            assert!(
                REGISTERED.contains(&id),
                "{id:?} has no line in register_panes!"
            );
        }
    }

    #[test]
    fn administration_is_in_front_of_reports_only_while_it_is_open() {
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 19, 30, 0).unwrap();
        let hours = ServiceHours::default();
        let mut panes = Panes {
            reports: Some(ReportsPane::new(hours.clone(), now)),
            ..Panes::default()
        };
        let is = |front: Option<&dyn Mounted>, pane: *const ()| {
            front.is_some_and(|f| std::ptr::addr_eq(f as *const dyn Mounted, pane))
        };
        let reports = panes
            .reports
            .as_ref()
            .map(|r| r as *const ReportsPane as *const ());
        assert!(is(panes.front(PaneId::Reports), reports.unwrap()));
        assert!(
            panes.front(PaneId::Intake).is_none(),
            "not loaded: the placeholder"
        );

        panes.admin = Some(AdminScreen::new(hours.tz));
        let admin = panes
            .admin
            .as_ref()
            .map(|a| a as *const AdminScreen as *const ());
        assert!(is(panes.front(PaneId::Reports), admin.unwrap()));
        assert_eq!(panes.all().len(), 2);
    }

    fn signed_in_session(dir: &std::path::Path, now: DateTime<Utc>) -> Session {
        let store = crate::store::Store::create(
            &dir.join("staywell.db"),
            &crate::store::Passphrase::from("lantern orbit teacup mosaic"),
            &crate::store::CreateOptions {
                first_staff_name: "Robin Example",
                first_staff_pin: "246810",
            },
            now,
        )
        .unwrap();
        let staff = store.active_staff().unwrap().remove(0);
        let mut session = Session {
            hours: store.service_hours().unwrap(),
            store,
            staff: Some(staff),
            pane: PaneId::Intake,
            help_open: false,
            help_scroll: 0,
            status: None,
            auto_lock_after: chrono::Duration::minutes(5),
            last_activity: now,
            needs_checkpoint: false,
            pin_failures: Vec::new(),
            panes: Panes::default(),
            finder: None,
            find_for_plan: false,
            banner: None,
            drafts: Default::default(),
            erasures: Default::default(),
            views: Default::default(),
            damage_banner: None,
            print_command: None,
        };
        session.load_panes(now);
        session
    }

    /// The Plans list's counts read every plan, which the board shown at sign-in does not
    /// need: taken when the pane is first brought to the front, or when the app is first idle.
    #[test]
    fn the_plans_counts_wait_for_the_pane_or_the_first_idle_moment() {
        let dir = tempfile::tempdir().unwrap();
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 19, 30, 0).unwrap();
        let mut session = signed_in_session(dir.path(), now);
        let has_counts = |s: &Session| s.panes.plans.as_ref().map(PlansPane::has_counts);
        assert_eq!(has_counts(&session), Some(false), "not at sign-in");
        session.pane = PaneId::Plans;
        session.ask_front(now, |pane, ctx, fx| pane.entered(ctx, fx));
        assert_eq!(has_counts(&session), Some(true), "when shown");

        let dir = tempfile::tempdir().unwrap();
        let mut session = signed_in_session(dir.path(), now);
        assert_eq!(has_counts(&session), Some(false));
        assert!(session.idle_panes(now), "the title changed: drawn again");
        assert_eq!(has_counts(&session), Some(true), "when idle");
        assert!(!session.idle_panes(now), "then idle costs nothing more");

        // Signed in again with Plans in front (an unlock returns to it): taken at once.
        let dir = tempfile::tempdir().unwrap();
        let mut session = signed_in_session(dir.path(), now);
        session.pane = PaneId::Plans;
        session.panes = Panes::default();
        session.load_panes(now);
        assert_eq!(has_counts(&session), Some(true), "in front at sign-in");

        // When they cannot be read (here a temporary table hides the plans), it is said once;
        // the idle tick does not read again on every tick, bringing the pane to the front does.
        let dir = tempfile::tempdir().unwrap();
        let mut session = signed_in_session(dir.path(), now);
        session
            .store
            .connection()
            .execute_batch("CREATE TEMP TABLE crisis_plans (x)")
            .unwrap();
        assert!(session.idle_panes(now), "the failure is said");
        assert!(
            matches!(session.status, Some(Message::Error(_))),
            "{:?}",
            session.status
        );
        assert_eq!(has_counts(&session), Some(false));
        assert!(!session.idle_panes(now), "not tried again by the tick");
        session
            .store
            .connection()
            .execute_batch("DROP TABLE temp.crisis_plans")
            .unwrap();
        session.pane = PaneId::Plans;
        session.ask_front(now, |pane, ctx, fx| pane.entered(ctx, fx));
        assert_eq!(has_counts(&session), Some(true), "taken when shown");
        assert!(!session.idle_panes(now));
    }

    #[test]
    fn effects_are_carried_out_in_order_and_admin_opens_and_closes_through_them() {
        let dir = tempfile::tempdir().unwrap();
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 19, 30, 0).unwrap();
        let mut session = signed_in_session(dir.path(), now);
        assert!(
            session.panes.all().len() == 5,
            "every pane but Administration loaded"
        );
        assert!(session.panes.admin.is_none());

        session.apply(
            vec![
                Effect::ShowPane(PaneId::Peers),
                Effect::Saved {
                    note: Some("2 follow-up calls".into()),
                },
            ],
            now,
        );
        assert_eq!(session.pane, PaneId::Peers);
        assert!(session.needs_checkpoint);
        let status = session.status.as_ref().map(|m| m.text().to_string());
        assert_eq!(
            status.as_deref(),
            Some("Saved 19:30:00 · 2 follow-up calls")
        );

        session.apply(
            vec![
                Effect::Status(Message::Info("first".into())),
                Effect::Status(Message::Info("last".into())),
                Effect::OpenAdmin,
            ],
            now,
        );
        assert_eq!(session.status.as_ref().map(|m| m.text()), Some("last"));
        assert!(session.panes.admin.is_some());
        session.pane = PaneId::Reports;
        assert!(session.front().is_some_and(|f| f.form().is_none()));
        session.apply(vec![Effect::CloseAdmin], now);
        assert!(session.panes.admin.is_none());
    }

    #[test]
    fn an_effect_for_another_pane_reaches_it() {
        let dir = tempfile::tempdir().unwrap();
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 19, 30, 0).unwrap();
        let mut session = signed_in_session(dir.path(), now);
        // Intake's `c` on a person with no plan: Plans comes to the front with a new plan's
        // editor open for them.
        let person_id = session
            .store
            .add_visit(
                &crate::store::visits::NewVisit {
                    person: crate::store::visits::PersonRef::New(Default::default()),
                    arrived_at: now,
                    contact_mode: crate::domain::visit::ContactMode::ALL[0],
                    referral_source_id: None,
                    presenting_need: String::new(),
                },
                1,
                now,
            )
            .and_then(|visit| session.store.visit(visit))
            .unwrap()
            .person_id;
        session.apply(vec![Effect::OpenPlan { person_id }], now);
        assert_eq!(session.pane, PaneId::Plans);
        let plans = session.panes.plans.as_ref().unwrap();
        assert_eq!(plans.mode_name(), "edit");
        assert_eq!(session.status, None, "nothing refused");
    }
}
