//! The Plans pane's keys: the list, a plan, and each view over it (editor, draft offer,
//! history, changes, take-away), each resolved through its table.

use super::bindings::{self, PlanKey};
use super::editor::{Editor, EditorEvent};
use super::export::{self, ExportEvent, ExportForm};
use super::history::HistoryEvent;
use super::view_bindings::{self, OfferKey};
use super::{Mode, PlansAction, PlansPane};
use crate::ui::keys::{self, FilterKey, ListMove, Step};
use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;

impl PlansPane {
    pub(super) fn list_key(&mut self, key: ListMove) -> Option<PlansAction> {
        if !matches!(self.mode, Mode::List) {
            return None;
        }
        match key {
            ListMove::Up => return self.list.step(Step::Up).map(PlansAction::More),
            ListMove::Down => return self.list.step(Step::Down).map(PlansAction::More),
            ListMove::Open => return self.selected_row().map(|r| PlansAction::Open(r.person_id)),
            ListMove::Edit => return self.selected_row().map(|r| PlansAction::Edit(r.person_id)),
            ListMove::New => return Some(PlansAction::FindPerson),
            ListMove::Filter => self.list.filtering = true,
        }
        None
    }

    pub(super) fn paste(&mut self, text: &str, now: DateTime<Utc>) -> Option<PlansAction> {
        if self.list.filtering {
            let pasted = self.list.filter.paste(text);
            return pasted.ok().map(|_| PlansAction::Reload);
        }
        match &mut self.mode {
            Mode::Edit(editor) => editor.paste(text),
            Mode::Export(export) => export.paste(text),
            _ => return crate::ui::panes::paste_as_keys(self, text, now),
        }
        None
    }

    pub(super) fn key(&mut self, key: KeyEvent) -> Option<PlansAction> {
        if self.list.filtering {
            return self.filter_key(key);
        }
        match &mut self.mode {
            Mode::List => match bindings::LIST.resolve(key)? {
                bindings::ListKey::OverdueFirst => {
                    self.list.overdue_first = !self.list.overdue_first;
                    Some(PlansAction::Reload)
                }
                bindings::ListKey::ClearFilter if !self.list.filter.is_empty() => {
                    self.list.filter.clear();
                    Some(PlansAction::Reload)
                }
                bindings::ListKey::ClearFilter => None,
                bindings::ListKey::Page => {
                    let step = crate::ui::widgets::list::step_of(key)?;
                    self.list.step(step).map(PlansAction::More)
                }
            },
            Mode::View => self.view_key(key),
            Mode::Edit(_) => self.editor_key(key),
            Mode::DraftOffer { start, draft } => match view_bindings::DRAFT_OFFER.resolve(key)? {
                OfferKey::Continue => {
                    let kept = (draft.content.clone(), draft.meta.clone());
                    let mut editor = Editor::new((**start).clone(), Some(kept));
                    if let Some(label) = &draft.focus {
                        editor.focus_on_label(label);
                    }
                    self.mode = Mode::Edit(Box::new(editor));
                    None
                }
                OfferKey::Discard => {
                    let person_id = start.person_id;
                    let editor = Editor::new((**start).clone(), None);
                    self.mode = Mode::Edit(Box::new(editor));
                    Some(PlansAction::DiscardDraft(person_id))
                }
                OfferKey::NotNow => {
                    self.close();
                    None
                }
            },
            Mode::History(_) => self.history_key(key),
            Mode::Diff { diff, .. } => {
                if diff.handle_key(key) {
                    let Mode::Diff { history, .. } = std::mem::replace(&mut self.mode, Mode::List)
                    else {
                        // Matched just above: cannot be otherwise.
                        return None;
                    };
                    self.mode = Mode::History(history);
                }
                None
            }
            Mode::Export(_) => self.export_key(key),
            Mode::Copy(copy) => {
                if copy.handle_key(key) {
                    self.close();
                }
                None
            }
        }
    }

    /// While the list's filter is typed: Enter keeps it, Esc clears it, the rest is typing.
    fn filter_key(&mut self, key: KeyEvent) -> Option<PlansAction> {
        match keys::FILTER.resolve(key) {
            Some(FilterKey::Keep) => self.list.filtering = false,
            Some(FilterKey::Clear) => {
                self.list.filtering = false;
                // Already empty: the list shown is the whole list, nothing to read again.
                if !self.list.filter.is_empty() {
                    self.list.filter.clear();
                    return Some(PlansAction::Reload);
                }
            }
            None => {
                let before = self.list.filter.value().to_string();
                self.list.filter.handle_key(key);
                if self.list.filter.value() != before {
                    return Some(PlansAction::Reload);
                }
            }
        }
        None
    }

    fn editor_key(&mut self, key: KeyEvent) -> Option<PlansAction> {
        let Mode::Edit(editor) = &mut self.mode else {
            return None;
        };
        match editor.handle_key(key, &self.directory) {
            EditorEvent::Save(plan) => {
                let (content, meta) = *plan;
                Some(PlansAction::Save {
                    person_id: editor.person_id(),
                    content: Box::new(content),
                    meta,
                    follow_up_calls: editor.follow_up_calls(),
                })
            }
            EditorEvent::Cancel { discard_draft } => {
                let person_id = editor.person_id();
                self.close();
                discard_draft.then_some(PlansAction::DiscardDraft(person_id))
            }
            EditorEvent::None => None,
        }
    }

    fn history_key(&mut self, key: KeyEvent) -> Option<PlansAction> {
        let Mode::History(history) = &mut self.mode else {
            return None;
        };
        match history.handle_key(key) {
            HistoryEvent::Back => {
                self.close();
                None
            }
            HistoryEvent::Compare { from, to } => Some(PlansAction::Compare {
                plan_id: history.plan_id,
                from,
                to,
            }),
            HistoryEvent::CompareMerged {
                from_person,
                from_plan,
                version,
            } => Some(PlansAction::CompareMerged {
                plan_id: history.plan_id,
                from_person,
                from_plan,
                version,
            }),
            HistoryEvent::None => None,
        }
    }

    fn export_key(&mut self, key: KeyEvent) -> Option<PlansAction> {
        let Mode::Export(form) = &mut self.mode else {
            return None;
        };
        match form.handle_key(key) {
            ExportEvent::Write(path) => {
                let (plan_id, text) = self.take_away_text()?;
                Some(PlansAction::Export {
                    plan_id,
                    path,
                    text,
                })
            }
            ExportEvent::Show => self
                .open
                .as_ref()
                .map(|v| PlansAction::ShowCopy(v.plan_id())),
            ExportEvent::Print => {
                let (plan_id, text) = self.take_away_text()?;
                Some(PlansAction::Print { plan_id, text })
            }
            ExportEvent::Cancel => {
                self.close();
                None
            }
            ExportEvent::None => None,
        }
    }

    pub(super) fn view_key(&mut self, key: KeyEvent) -> Option<PlansAction> {
        let view = self.open.as_mut()?;
        if view.confirming_review {
            view.confirming_review = false;
            return crate::ui::keys::says_yes(key)
                .then_some(PlansAction::ReviewUnchanged(view.plan_id()));
        }
        match bindings::PLAN.resolve(key)? {
            PlanKey::Reviewed => {
                view.confirming_review = true;
                None
            }
            PlanKey::Back => {
                self.open = None;
                self.mode = Mode::List;
                None
            }
            PlanKey::Down => {
                view.scroll.down(1);
                None
            }
            PlanKey::Up => {
                view.scroll.up(1);
                None
            }
            PlanKey::PageDown => {
                view.scroll.down(10);
                None
            }
            PlanKey::PageUp => {
                view.scroll.up(10);
                None
            }
            PlanKey::Edit => Some(PlansAction::Edit(view.person_id())),
            PlanKey::History => Some(PlansAction::History(view.plan_id())),
            PlanKey::TakeAway => {
                let path = export::default_path(
                    &self.export_dir,
                    view.plan_id(),
                    view.current.info.version,
                );
                self.mode = Mode::Export(Box::new(ExportForm::new(&path, self.can_print)));
                None
            }
        }
    }

    // ----- drawing -----
}
