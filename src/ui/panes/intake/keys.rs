//! The Intake pane's keys: the board, a visit, a person, the lists and pickers over them,
//! each resolved through its table (`bindings.rs`, `list_bindings.rs`). The forms' keys are
//! in `form_keys.rs`.

use super::bindings::{BOARD, BoardKey, VISIT, VisitKey};
use super::list_bindings::{MATCH, PAST_VISITS, PastVisitsKey};
use super::{
    IntakeAction, IntakePane, Mode, Pick, closeout, correct_form, follow_ups, log_forms, quick_add,
    settle_rows,
};
use crate::domain::person::PersonRef;
use crate::ui::keys::{FILTER, FilterKey, ListMove, PICK, PickKey, Step};
use crate::ui::widgets::fields::FieldsEvent;
use crate::ui::widgets::list::PagedList;
use chrono::{DateTime, Duration, Utc};
use crossterm::event::KeyEvent;

impl IntakePane {
    pub(super) fn list_key(&mut self, key: ListMove, now: DateTime<Utc>) -> Option<IntakeAction> {
        let count = self.visible_rows().len();
        match (&mut self.mode, key) {
            (Mode::Board, ListMove::Down) => {
                self.selected.step(Step::Down, count);
            }
            (Mode::Board, ListMove::Up) => {
                self.selected.step(Step::Up, count);
            }
            (Mode::Board, ListMove::Open) => {
                return self.selected_row().map(|r| IntakeAction::Open(r.visit_id));
            }
            (Mode::Board, ListMove::Edit) => {
                return self.selected_row().map(|r| IntakeAction::Edit(r.visit_id));
            }
            (Mode::Board, ListMove::Filter) => self.filtering = true,
            (Mode::Board, ListMove::New) => self.start_quick_add(now),
            _ => {}
        }
        None
    }

    pub(super) fn start_quick_add(&mut self, now: DateTime<Utc>) {
        if self.tonight {
            self.mode = Mode::QuickAdd(quick_add::form(&self.refs.sources, now, self.tz));
        }
    }

    /// Pane keys on the board, and everything while a form or list is open.
    pub(super) fn key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> Option<IntakeAction> {
        if self.filtering {
            match FILTER.resolve(key) {
                Some(FilterKey::Keep) => self.filtering = false,
                Some(FilterKey::Clear) => {
                    self.filtering = false;
                    self.filter.clear();
                }
                None => {
                    self.filter.handle_key(key);
                    self.selected.select(0, 0);
                }
            }
            return None;
        }
        match &self.mode {
            Mode::Board => self.board_key(key, now),
            Mode::CloseOut(_) => self.close_out_key(key, now),
            Mode::Match { .. } => self.match_key(key),
            Mode::View(_) => self.view_key(key, now),
            Mode::Pick { .. } => self.pick_key(key),
            Mode::FollowUps(_) | Mode::Close { .. } => self.follow_ups_key(key),
            Mode::Person(_) => self.person_key(key),
            Mode::Edit { .. } => self.edit_key(key, now),
            Mode::QuickAdd(_)
            | Mode::Reopen { .. }
            | Mode::CorrectIncident { .. }
            | Mode::Correct { .. }
            | Mode::Incident { .. }
            | Mode::FollowUp { .. }
            | Mode::CloseSafeguarding { .. } => self.form_key(key, now),
            Mode::Merge(_) => self.merge_key(key),
        }
    }

    /// The close-out step: one key each settles a visit still open.
    pub(super) fn close_out_key(
        &mut self,
        key: KeyEvent,
        now: DateTime<Utc>,
    ) -> Option<IntakeAction> {
        match &mut self.mode {
            Mode::CloseOut(list) => {
                let ended = self.tonight
                    && self
                        .shift
                        .is_some_and(|s| crate::domain::closeout::has_ended(&s, now));
                let open = settle_rows(&self.rows, &self.unsettled, ended);
                match list.key(key, &open) {
                    closeout::CloseOutKey::Act { visit_id, choice } => {
                        Some(IntakeAction::CloseOut { visit_id, choice })
                    }
                    closeout::CloseOutKey::Back => {
                        self.mode = Mode::Board;
                        None
                    }
                    closeout::CloseOutKey::Nothing => None,
                }
            }
            _ => None,
        }
    }

    /// "Has this person been before?": one of those found, or someone new.
    pub(super) fn match_key(&mut self, key: KeyEvent) -> Option<IntakeAction> {
        match &mut self.mode {
            Mode::Match { choice, .. } => match MATCH.resolve(key)? {
                // The candidates, then "someone new" after them.
                PickKey::Move => {
                    choice.selected.key(key, choice.candidates.len() + 1)?;
                    None
                }
                PickKey::Back => {
                    let Mode::Match { form, .. } = std::mem::replace(&mut self.mode, Mode::Board)
                    else {
                        // Matched just above: cannot be otherwise.
                        return None;
                    };
                    self.mode = Mode::QuickAdd(form);
                    None
                }
                PickKey::Choose => {
                    let Mode::Match {
                        pending, choice, ..
                    } = &self.mode
                    else {
                        // Matched just above: cannot be otherwise.
                        return None;
                    };
                    let person = match choice.candidates.get(choice.selected.selected()) {
                        Some((p, _)) => PersonRef::Existing(p.id),
                        None => PersonRef::New(pending.person.clone()),
                    };
                    Some(IntakeAction::SaveVisit {
                        quick: pending.clone(),
                        person,
                    })
                }
            },
            _ => None,
        }
    }

    /// A visit on show: its own table.
    pub(super) fn view_key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> Option<IntakeAction> {
        match &mut self.mode {
            Mode::View(view) => {
                let (visit_id, person_id) = (view.record.id, view.record.person_id);
                match VISIT.resolve(key)? {
                    VisitKey::Back => {
                        self.mode = Mode::Board;
                        None
                    }
                    VisitKey::Edit => Some(IntakeAction::Edit(visit_id)),
                    VisitKey::FollowUpDone => self.start_pick(Pick::FollowUpDone),
                    VisitKey::FollowUpReopen => self.start_pick(Pick::FollowUpReopen),
                    VisitKey::CorrectIncident => self.start_pick(Pick::Incident),
                    VisitKey::CloseSafeguarding => {
                        if view.safeguarding_closed.is_some()
                            || !view.record.safeguarding.has_concern()
                        {
                            return Some(IntakeAction::Notice(
                                "This visit has no open safeguarding concern to close.".into(),
                            ));
                        }
                        let Mode::View(view) = std::mem::replace(&mut self.mode, Mode::Board)
                        else {
                            // Matched just above: cannot be otherwise.
                            return None;
                        };
                        self.underneath = Some(view);
                        self.mode = Mode::CloseSafeguarding {
                            visit_id,
                            form: follow_ups::safeguarding_form(),
                        };
                        None
                    }
                    pressed @ (VisitKey::Correct | VisitKey::Incident | VisitKey::FollowUp) => {
                        self.open_visit_form(pressed, now)
                    }
                    VisitKey::PastVisits => Some(IntakeAction::ShowPerson(person_id)),
                    VisitKey::Plan => Some(IntakeAction::OpenPlan(person_id)),
                    VisitKey::Worker => Some(IntakeAction::AssignPeer {
                        person_id,
                        visit_id,
                    }),
                    VisitKey::Merge => {
                        self.start_merge(person_id);
                        None
                    }
                    VisitKey::Down => {
                        view.scroll.down(1);
                        None
                    }
                    VisitKey::Up => {
                        view.scroll.up(1);
                        None
                    }
                }
            }
            _ => None,
        }
    }

    /// A form over the visit on show (a correction, an incident, a follow-up); the visit
    /// stays underneath.
    fn open_visit_form(&mut self, pressed: VisitKey, now: DateTime<Utc>) -> Option<IntakeAction> {
        let Mode::View(view) = std::mem::replace(&mut self.mode, Mode::Board) else {
            return None;
        };
        let (visit_id, person_id, tz) = (view.record.id, view.record.person_id, self.tz);
        let mode = match pressed {
            VisitKey::Correct => Mode::Correct {
                form: correct_form::form(&view.record, &view.person, &self.refs.sources, tz),
                record: Box::new(view.record.clone()),
            },
            VisitKey::Incident => Mode::Incident {
                visit_id,
                form: log_forms::incident_form(now, tz),
            },
            VisitKey::FollowUp => {
                let label = crate::domain::person::display_label(
                    person_id,
                    view.record.display_name.as_deref(),
                );
                Mode::FollowUp {
                    visit_id,
                    form: log_forms::follow_up_form(&label),
                }
            }
            _ => {
                self.mode = Mode::View(view);
                return None;
            }
        };
        self.underneath = Some(view);
        self.mode = mode;
        None
    }

    /// A visit's pick list (a follow-up or incident to choose).
    pub(super) fn pick_key(&mut self, key: KeyEvent) -> Option<IntakeAction> {
        match &mut self.mode {
            Mode::Pick { pick, items } => match PICK.resolve(key)? {
                PickKey::Back => {
                    self.close_form();
                    None
                }
                PickKey::Move => {
                    items.key(key)?;
                    None
                }
                PickKey::Choose => {
                    let (pick, id) = (*pick, items.selected_row()?.0);
                    self.picked(pick, id)
                }
            },
            _ => None,
        }
    }

    /// The open follow-ups, and the form closing one of them.
    pub(super) fn follow_ups_key(&mut self, key: KeyEvent) -> Option<IntakeAction> {
        match &mut self.mode {
            Mode::FollowUps(list) => match list.key(key) {
                follow_ups::ListMove::Open(visit_id) => Some(IntakeAction::Open(visit_id)),
                follow_ups::ListMove::Close(f, closed_as) => {
                    let form = follow_ups::close_form(&f.task, closed_as);
                    let Mode::FollowUps(list) = std::mem::replace(&mut self.mode, Mode::Board)
                    else {
                        // Matched just above: cannot be otherwise.
                        return None;
                    };
                    self.mode = Mode::Close {
                        visit_id: f.visit_id,
                        follow_up_id: f.id,
                        form,
                        list: Some(Box::new(list)),
                    };
                    None
                }
                follow_ups::ListMove::Back => {
                    self.mode = Mode::Board;
                    None
                }
                follow_ups::ListMove::Nothing => None,
            },
            Mode::Close {
                visit_id,
                follow_up_id,
                form,
                list,
            } => match form.handle_key(key) {
                FieldsEvent::Cancel => {
                    match list.take() {
                        Some(list) => self.mode = Mode::FollowUps(*list),
                        None => self.close_form(),
                    }
                    None
                }
                FieldsEvent::Submit => match follow_ups::read_close(form) {
                    Ok(closure) => Some(IntakeAction::CloseFollowUp {
                        visit_id: *visit_id,
                        follow_up_id: *follow_up_id,
                        closure,
                        from_list: list.is_some(),
                    }),
                    Err((field, message)) => form.refuse_at(field, message),
                },
                _ => None,
            },
            _ => None,
        }
    }

    /// A person's past visits.
    pub(super) fn person_key(&mut self, key: KeyEvent) -> Option<IntakeAction> {
        match &mut self.mode {
            Mode::Person(h) => {
                let pressed = PAST_VISITS.resolve(key);
                if h.confirming_export
                    && !matches!(
                        pressed,
                        Some(PastVisitsKey::Back | PastVisitsKey::Move | PastVisitsKey::Open)
                    )
                {
                    // The question before an export: y writes it, any other key does not.
                    h.confirming_export = false;
                    return crate::ui::keys::says_yes(key)
                        .then_some(IntakeAction::ExportPerson(h.person.id));
                }
                match pressed? {
                    PastVisitsKey::Back => {
                        self.close_form();
                        None
                    }
                    PastVisitsKey::Move => {
                        // On the last row loaded (by ↓ or End): the next page is fetched.
                        if h.visits.key(key)? {
                            let last = h.visits.last()?;
                            return Some(IntakeAction::MoreVisits {
                                person_id: h.person.id,
                                before: (last.arrived_at, last.id),
                            });
                        }
                        None
                    }
                    PastVisitsKey::Open => {
                        h.visits.selected_row().map(|v| IntakeAction::Open(v.id))
                    }
                    PastVisitsKey::Plan => Some(IntakeAction::OpenPlan(h.person.id)),
                    PastVisitsKey::Export => {
                        h.confirming_export = true;
                        None
                    }
                }
            }
            _ => None,
        }
    }

    /// From the visit on show: choose one of its follow-ups or incidents. Nothing to choose
    /// from leaves the view as it is (its lists say what there is).
    /// Lists what `pick` can choose from; with nothing to choose, says so instead (a key that
    /// does nothing without a word leaves a tired lead guessing).
    pub(super) fn start_pick(&mut self, pick: Pick) -> Option<IntakeAction> {
        let Mode::View(view) = &self.mode else {
            return None;
        };
        let tz = self.tz;
        let items: Vec<(i64, String)> = match pick {
            Pick::FollowUpDone | Pick::FollowUpReopen => view
                .follow_ups
                .iter()
                .filter(|f| f.done_at.is_some() == (pick == Pick::FollowUpReopen))
                .map(|f| (f.id, crate::ui::safe(&f.task)))
                .collect(),
            Pick::Incident => view
                .incidents
                .iter()
                .map(|i| {
                    let at = i.occurred_at.with_timezone(&tz).format("%d/%m %H:%M");
                    (i.id, format!("{at} {}", crate::ui::safe(&i.kind)))
                })
                .collect(),
        };
        if items.is_empty() {
            return Some(IntakeAction::Notice(pick.nothing_to_pick().into()));
        }
        let Mode::View(view) = std::mem::replace(&mut self.mode, Mode::Board) else {
            // Matched just above: cannot be otherwise.
            return None;
        };
        self.underneath = Some(view);
        self.mode = Mode::Pick {
            pick,
            items: PagedList::of(items),
        };
        None
    }

    /// The follow-up or incident chosen: done at once, or its form opened.
    pub(super) fn picked(&mut self, pick: Pick, id: i64) -> Option<IntakeAction> {
        let view = self.underneath.as_ref()?;
        let visit_id = view.record.id;
        match pick {
            Pick::FollowUpDone => {
                let task = view.follow_ups.iter().find(|f| f.id == id)?.task.clone();
                self.mode = Mode::Close {
                    visit_id,
                    follow_up_id: id,
                    form: follow_ups::close_form(&task, crate::domain::follow_up::ClosedAs::Done),
                    list: None,
                };
                None
            }
            Pick::FollowUpReopen => {
                let task = view.follow_ups.iter().find(|f| f.id == id)?.task.clone();
                self.mode = Mode::Reopen {
                    visit_id,
                    follow_up_id: id,
                    form: correct_form::reopen_form(&task),
                };
                None
            }
            Pick::Incident => {
                let incident = view.incidents.iter().find(|i| i.id == id)?.clone();
                let form = correct_form::incident_form(&incident, self.tz);
                self.mode = Mode::CorrectIncident {
                    incident: Box::new(incident),
                    form,
                };
                None
            }
        }
    }

    /// Returning to a kept draft: opens the form for this follow-up or incident when the
    /// visit it belongs to is on show. Returns whether it did.
    pub(crate) fn resume_pick(&mut self, pick: Pick, id: i64) -> bool {
        let Mode::View(view) = &self.mode else {
            return false;
        };
        let known = match pick {
            Pick::Incident => view.incidents.iter().any(|i| i.id == id),
            _ => view.follow_ups.iter().any(|f| f.id == id),
        };
        if !known {
            return false;
        }
        let Mode::View(view) = std::mem::replace(&mut self.mode, Mode::Board) else {
            // Matched just above: cannot be otherwise.
            return false;
        };
        self.underneath = Some(view);
        self.picked(pick, id);
        true
    }

    pub(super) fn board_key(&mut self, key: KeyEvent, now: DateTime<Utc>) -> Option<IntakeAction> {
        let date = self.shift?.service_date;
        match BOARD.resolve(key)? {
            BoardKey::CloseOut => self.start_close_out(now),
            BoardKey::FollowUps => Some(IntakeAction::ShowFollowUps),
            BoardKey::MoveOn => self.selected_row().map(|r| match r.status.advance() {
                Some(_) => IntakeAction::AdvanceStatus {
                    visit_id: r.visit_id,
                    person_id: r.person_id,
                },
                None => IntakeAction::Notice(format!(
                    "{}'s visit has ended ({}): nothing to move on.",
                    crate::ui::safe(&r.label()),
                    r.status.label().to_lowercase()
                )),
            }),
            BoardKey::Earlier => Some(IntakeAction::ShowShift(date - Duration::days(1))),
            BoardKey::Later => Some(IntakeAction::ShowShift(date + Duration::days(1))),
            BoardKey::Tonight => Some(IntakeAction::ShowTonight),
            BoardKey::PastVisits => self
                .selected_row()
                .map(|r| IntakeAction::ShowPerson(r.person_id)),
            BoardKey::Plan => self
                .selected_row()
                .map(|r| IntakeAction::OpenPlan(r.person_id)),
            BoardKey::ClearFilter => {
                self.filter.clear();
                None
            }
            BoardKey::Page => {
                let count = self.visible_rows().len();
                self.selected.key(key, count);
                None
            }
        }
    }

    // ----- drawing -----
}
