//! The Intake pane's keys: the board, a visit, a person, the forms and pickers, each in the
//! mode it belongs to.

use super::bindings::{BOARD, BoardKey, VISIT, VisitKey};
use super::{
    IntakeAction, IntakePane, Mode, Pick, closeout, correct_form, follow_ups, log_forms, quick_add,
    reason_form, settle_rows, visit_form,
};
use crate::domain::person::PersonRef;
use crate::ui::keys::ListMove;
use crate::ui::widgets::fields::FieldsEvent;
use crate::ui::widgets::table;
use chrono::{DateTime, Duration, Utc};
use crossterm::event::{KeyCode, KeyEvent};

impl IntakePane {
    pub(super) fn list_key(&mut self, key: ListMove, now: DateTime<Utc>) -> Option<IntakeAction> {
        let count = self.visible_rows().len();
        match (&mut self.mode, key) {
            (Mode::Board, ListMove::Down) => {
                self.selected = (self.selected + 1).min(count.saturating_sub(1))
            }
            (Mode::Board, ListMove::Up) => self.selected = self.selected.saturating_sub(1),
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
            match key.code {
                KeyCode::Enter => self.filtering = false,
                KeyCode::Esc => {
                    self.filtering = false;
                    self.filter.clear();
                }
                _ => {
                    self.filter.handle_key(key);
                    self.selected = 0;
                }
            }
            return None;
        }
        let tz = self.tz;
        match &mut self.mode {
            Mode::Board => self.board_key(key, now),
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
            Mode::QuickAdd(form) => match form.handle_key(key) {
                FieldsEvent::Cancel => {
                    self.mode = Mode::Board;
                    None
                }
                FieldsEvent::Submit => {
                    let shift = self.shift?;
                    match quick_add::read(form, &self.refs.sources, &shift, tz, now) {
                        Ok(q) => Some(IntakeAction::AddVisit(q)),
                        Err((field, message)) => form.refuse_at(field, message),
                    }
                }
                _ => None,
            },
            Mode::Match { choice, .. } => match key.code {
                // The candidates, then "someone new" after them.
                code if table::moved(code, choice.selected, choice.candidates.len() + 1)
                    .is_some() =>
                {
                    choice.selected =
                        table::moved(code, choice.selected, choice.candidates.len() + 1)?;
                    None
                }
                KeyCode::Esc => {
                    let Mode::Match { form, .. } = std::mem::replace(&mut self.mode, Mode::Board)
                    else {
                        // Matched just above: cannot be otherwise.
                        return None;
                    };
                    self.mode = Mode::QuickAdd(form);
                    None
                }
                KeyCode::Enter => {
                    let Mode::Match {
                        pending, choice, ..
                    } = &self.mode
                    else {
                        // Matched just above: cannot be otherwise.
                        return None;
                    };
                    let person = match choice.candidates.get(choice.selected) {
                        Some((p, _)) => PersonRef::Existing(p.id),
                        None => PersonRef::New(pending.person.clone()),
                    };
                    Some(IntakeAction::SaveVisit {
                        quick: pending.clone(),
                        person,
                    })
                }
                _ => None,
            },
            Mode::View(view) => {
                let (visit_id, person_id) = (view.record.id, view.record.person_id);
                match VISIT.resolve(key)? {
                    VisitKey::Back => {
                        self.mode = Mode::Board;
                        None
                    }
                    VisitKey::Edit => Some(IntakeAction::Edit(visit_id)),
                    VisitKey::FollowUpDone => {
                        self.start_pick(Pick::FollowUpDone);
                        None
                    }
                    VisitKey::FollowUpReopen => {
                        self.start_pick(Pick::FollowUpReopen);
                        None
                    }
                    VisitKey::CorrectIncident => {
                        self.start_pick(Pick::Incident);
                        None
                    }
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
                    VisitKey::Correct => {
                        let Mode::View(view) = std::mem::replace(&mut self.mode, Mode::Board)
                        else {
                            // Matched just above: cannot be otherwise.
                            return None;
                        };
                        let form =
                            correct_form::form(&view.record, &view.person, &self.refs.sources, tz);
                        let record = Box::new(view.record.clone());
                        self.underneath = Some(view);
                        self.mode = Mode::Correct { record, form };
                        None
                    }
                    VisitKey::Incident => {
                        let Mode::View(view) = std::mem::replace(&mut self.mode, Mode::Board)
                        else {
                            // Matched just above: cannot be otherwise.
                            return None;
                        };
                        self.underneath = Some(view);
                        self.mode = Mode::Incident {
                            visit_id,
                            form: log_forms::incident_form(now, tz),
                        };
                        None
                    }
                    VisitKey::FollowUp => {
                        let Mode::View(view) = std::mem::replace(&mut self.mode, Mode::Board)
                        else {
                            // Matched just above: cannot be otherwise.
                            return None;
                        };
                        let label = crate::domain::person::display_label(
                            person_id,
                            view.record.display_name.as_deref(),
                        );
                        self.underneath = Some(view);
                        self.mode = Mode::FollowUp {
                            visit_id,
                            form: log_forms::follow_up_form(&label),
                        };
                        None
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
            Mode::Edit {
                visit_id,
                asking: Some(asking),
                ..
            } => match asking.1.handle_key(key) {
                // Back to the triage form, everything typed kept.
                FieldsEvent::Cancel => {
                    if let Mode::Edit { asking, .. } = &mut self.mode {
                        *asking = None;
                    }
                    None
                }
                FieldsEvent::Submit => {
                    match crate::domain::correction::check_reason(
                        &asking.1.text(correct_form::REASON),
                    ) {
                        Ok(reason) => Some(IntakeAction::Update {
                            visit_id: *visit_id,
                            update: asking.0.clone(),
                            reason: Some(reason),
                        }),
                        Err(message) => {
                            asking.1.error(message);
                            None
                        }
                    }
                }
                _ => None,
            },
            Mode::Edit {
                visit_id,
                form,
                current,
                asking,
                ..
            } => match visit_form::handle_key(form, key) {
                FieldsEvent::Cancel => {
                    self.close_form();
                    None
                }
                FieldsEvent::Submit => {
                    match visit_form::read(
                        form,
                        current,
                        &self.refs.codes,
                        &self.refs.directory,
                        tz,
                        now,
                    ) {
                        Ok(update) => {
                            let directory = &self.refs.directory;
                            let name = |id: i64| {
                                directory
                                    .iter()
                                    .find(|d| d.id == id)
                                    .map_or_else(|| format!("entry {id}"), |d| d.name.clone())
                            };
                            let changes =
                                crate::domain::correction::triage_changes(current, &update, &name);
                            if changes.is_empty() {
                                return Some(IntakeAction::Update {
                                    visit_id: *visit_id,
                                    update,
                                    reason: None,
                                });
                            }
                            // A value already recorded is changed: a correction, so ask why
                            // (moving the visit on or filling a blank never asks).
                            *asking = Some(Box::new((update, reason_form(&changes))));
                            None
                        }
                        Err((field, message)) => form.refuse_at(field, message),
                    }
                }
                _ => None,
            },
            Mode::Pick {
                pick,
                items,
                selected,
            } => match key.code {
                KeyCode::Esc => {
                    self.close_form();
                    None
                }
                code if table::moved(code, *selected, items.len()).is_some() => {
                    *selected = table::moved(code, *selected, items.len())?;
                    None
                }
                KeyCode::Enter => {
                    let (pick, id) = (*pick, items.get(*selected)?.0);
                    self.picked(pick, id)
                }
                _ => None,
            },
            Mode::Reopen {
                visit_id,
                follow_up_id,
                form,
            } => match form.handle_key(key) {
                FieldsEvent::Cancel => {
                    self.close_form();
                    None
                }
                FieldsEvent::Submit => {
                    match crate::domain::correction::check_reason(&form.text(correct_form::REASON))
                    {
                        Ok(reason) => Some(IntakeAction::ReopenFollowUp {
                            visit_id: *visit_id,
                            follow_up_id: *follow_up_id,
                            reason,
                        }),
                        Err(message) => {
                            form.error(message);
                            None
                        }
                    }
                }
                _ => None,
            },
            Mode::CorrectIncident { incident, form } => match form.handle_key(key) {
                FieldsEvent::Cancel => {
                    self.close_form();
                    None
                }
                FieldsEvent::Submit => match correct_form::read_incident(form, incident, tz, now) {
                    Ok((incident, reason)) => {
                        Some(IntakeAction::CorrectIncident { incident, reason })
                    }
                    Err((field, message)) => form.refuse_at(field, message),
                },
                _ => None,
            },
            Mode::Correct { record, form } => match form.handle_key(key) {
                FieldsEvent::Cancel => {
                    self.close_form();
                    None
                }
                FieldsEvent::Submit => {
                    match correct_form::read(form, record, &self.refs.sources, tz, now) {
                        Ok(c) => Some(IntakeAction::CorrectDetails(c)),
                        Err((field, message)) => form.refuse_at(field, message),
                    }
                }
                _ => None,
            },
            Mode::Incident { visit_id, form } => match form.handle_key(key) {
                FieldsEvent::Cancel => {
                    self.close_form();
                    None
                }
                FieldsEvent::Submit => {
                    // The visit open underneath; without it (never expected), the incident may
                    // be any time in the last day.
                    let arrived_at = self
                        .underneath
                        .as_ref()
                        .map_or(now - chrono::Duration::days(1), |v| v.record.arrived_at);
                    match log_forms::read_incident(form, *visit_id, arrived_at, tz, now) {
                        Ok(i) => Some(IntakeAction::LogIncident(i)),
                        Err((field, message)) => form.refuse_at(field, message),
                    }
                }
                _ => None,
            },
            Mode::FollowUp { visit_id, form } => match form.handle_key(key) {
                FieldsEvent::Cancel => {
                    self.close_form();
                    None
                }
                FieldsEvent::Submit => match log_forms::read_follow_up(form, *visit_id) {
                    Ok(f) => Some(IntakeAction::LogFollowUp(f)),
                    Err((field, message)) => form.refuse_at(field, message),
                },
                _ => None,
            },
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
            Mode::CloseSafeguarding { visit_id, form } => match form.handle_key(key) {
                FieldsEvent::Cancel => {
                    self.close_form();
                    None
                }
                FieldsEvent::Submit => Some(IntakeAction::CloseSafeguarding {
                    visit_id: *visit_id,
                    note: form.text(follow_ups::WHAT_CAME_OF_IT),
                }),
                _ => None,
            },
            Mode::Merge(_) => self.merge_key(key),
            Mode::Person(h) => match key.code {
                KeyCode::Esc => {
                    self.close_form();
                    None
                }
                code if table::moved(code, h.selected, h.visits.len()).is_some() => {
                    h.selected = table::moved(code, h.selected, h.visits.len())?;
                    // On the last row loaded (by ↓ or End): the next page is fetched.
                    if h.has_more && h.selected + 1 == h.visits.len() {
                        let last = h.visits.last()?;
                        return Some(IntakeAction::MoreVisits {
                            person_id: h.person.id,
                            before: (last.arrived_at, last.id),
                        });
                    }
                    None
                }
                KeyCode::Enter => h.visits.get(h.selected).map(|v| IntakeAction::Open(v.id)),
                _ if h.confirming_export => {
                    h.confirming_export = false;
                    (key.code == KeyCode::Char('y'))
                        .then_some(IntakeAction::ExportPerson(h.person.id))
                }
                KeyCode::Char('c') => Some(IntakeAction::OpenPlan(h.person.id)),
                KeyCode::Char('x') => {
                    h.confirming_export = true;
                    None
                }
                _ => None,
            },
        }
    }

    /// From the visit on show: choose one of its follow-ups or incidents. Nothing to choose
    /// from leaves the view as it is (its lists say what there is).
    pub(super) fn start_pick(&mut self, pick: Pick) {
        let Mode::View(view) = &self.mode else {
            return;
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
            return;
        }
        let Mode::View(view) = std::mem::replace(&mut self.mode, Mode::Board) else {
            // Matched just above: cannot be otherwise.
            return;
        };
        self.underneath = Some(view);
        self.mode = Mode::Pick {
            pick,
            items,
            selected: 0,
        };
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
                if let Some(to) = table::paged(key.code, self.selected, count) {
                    self.selected = to;
                }
                None
            }
        }
    }

    // ----- drawing -----
}
