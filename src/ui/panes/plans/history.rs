//! A plan's versions, newest first, and what changed between any two of them, section by
//! section with + and - lines.

use super::lines;
use super::view_bindings::{self, CHANGES, TextKey, VERSIONS, VersionsKey};
use crate::domain::plan::{LineChange, MetaChange, PlanDiff, SectionChange, VersionInfo};
use crate::ui::safe;
use crate::ui::theme::Theme;
use crate::ui::widgets::block;
use crate::ui::widgets::hint;
use crate::ui::widgets::list::Cursor;
use crate::ui::widgets::scroll::Scroll;
use crate::ui::widgets::table::{DataTable, ToCells, col};
use chrono_tz::Tz;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Paragraph};

pub struct History {
    pub plan_id: i64,
    /// Drawn safe.
    pub visitor: String,
    /// Newest first.
    pub versions: Vec<VersionInfo>,
    /// The selected row, over this plan's versions and then the merged ones.
    cursor: Cursor,
    /// The version marked (Space) as one side of the comparison.
    pub marked: Option<u32>,
    pub message: Option<String>,
    /// Versions of another record's plan merged into this one (see `domain::merge`): (the
    /// record it came from, its plan, the version), newest first, listed after this plan's.
    pub merged: Vec<(i64, i64, VersionInfo)>,
}

/// A row of the versions table: one of this plan's, or one merged from record `from`.
struct Version<'a> {
    from: Option<i64>,
    v: &'a VersionInfo,
}

/// A version's row, with the version marked for comparing.
impl ToCells<(Option<u32>, Tz)> for Version<'_> {
    fn cells(&self, (marked, tz): &(Option<u32>, Tz)) -> Vec<Cell<'static>> {
        let v = self.v;
        let mark = match self.from {
            Some(_) => "merged",
            None if *marked == Some(v.version) => "marked",
            None => "",
        };
        vec![
            Cell::from(match self.from {
                Some(p) => format!("#{p} v{}", v.version),
                None => format!("v{}", v.version),
            }),
            Cell::from(
                v.saved_at
                    .with_timezone(tz)
                    .format("%a %d/%m/%Y %H:%M")
                    .to_string(),
            ),
            Cell::from(safe(&v.author)),
            Cell::from(v.review_due.format("%d/%m/%Y").to_string()),
            Cell::from(mark),
        ]
    }
}

pub enum HistoryEvent {
    Back,
    Compare {
        from: u32,
        to: u32,
    },
    /// A merged version against this plan's latest.
    CompareMerged {
        from_person: i64,
        from_plan: i64,
        version: u32,
    },
    None,
}

impl History {
    pub fn new(plan_id: i64, visitor: String, versions: Vec<VersionInfo>) -> Self {
        History {
            plan_id,
            visitor,
            versions,
            cursor: Cursor::default(),
            marked: None,
            message: None,
            merged: Vec::new(),
        }
    }

    /// The merged version on the selected row, if it is one.
    fn merged_selected(&self) -> Option<&(i64, i64, VersionInfo)> {
        self.cursor
            .selected()
            .checked_sub(self.versions.len())
            .and_then(|i| self.merged.get(i))
    }

    /// The two versions Enter compares: the marked one and the selected one, or the selected
    /// one and the version before it. Older first.
    fn pair(&self) -> Result<(u32, u32), &'static str> {
        let selected = self
            .versions
            .get(self.cursor.selected())
            .ok_or("No versions.")?
            .version;
        match self.marked {
            Some(m) if m != selected => Ok((m.min(selected), m.max(selected))),
            Some(_) => Err("Mark one version with Space, then choose another to compare with."),
            None if selected > 1 => Ok((selected - 1, selected)),
            None => {
                Err("Version 1 is the first: mark another version with Space to compare it with.")
            }
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> HistoryEvent {
        self.message = None;
        let last = (self.versions.len() + self.merged.len()).saturating_sub(1);
        let pressed = VERSIONS.resolve(key);
        if let Some((from_person, from_plan, v)) = self.merged_selected() {
            match pressed {
                Some(VersionsKey::Compare) => {
                    return HistoryEvent::CompareMerged {
                        from_person: *from_person,
                        from_plan: *from_plan,
                        version: v.version,
                    };
                }
                Some(VersionsKey::Mark) => {
                    self.message =
                        Some("A merged version is compared with this plan's latest: Enter.".into());
                    return HistoryEvent::None;
                }
                _ => {}
            }
        }
        match pressed {
            Some(VersionsKey::Back) => return HistoryEvent::Back,
            Some(VersionsKey::Move) => {
                self.cursor.key(key, last + 1);
            }
            Some(VersionsKey::Mark) => {
                let v = self.versions.get(self.cursor.selected()).map(|v| v.version);
                self.marked = if self.marked == v { None } else { v };
            }
            Some(VersionsKey::Compare) => match self.pair() {
                Ok((from, to)) => return HistoryEvent::Compare { from, to },
                Err(m) => self.message = Some(m.into()),
            },
            None => {}
        }
        HistoryEvent::None
    }

    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme, tz: Tz) {
        let [table_area, message] =
            Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).areas(area);
        let block = block::titled(
            format!(
                " Plans — {} — history ({} version{}{}) ",
                self.visitor,
                self.versions.len(),
                if self.versions.len() == 1 { "" } else { "s" },
                if self.merged.is_empty() {
                    String::new()
                } else {
                    format!(", {} merged", self.merged.len())
                }
            ),
            theme,
        )
        .title_bottom(Line::styled(
            hint::in_border(&view_bindings::versions_hint(), area.width),
            theme.dim(),
        ));
        let own = self.versions.iter().map(|v| Version { from: None, v });
        let merged = self
            .merged
            .iter()
            .map(|(p, _, v)| Version { from: Some(*p), v });
        let rows: Vec<Version<'_>> = own.chain(merged).collect();
        let columns = [
            col(
                "Version",
                Constraint::Length(if self.merged.is_empty() { 8 } else { 12 }),
            ),
            col("Saved", Constraint::Length(21)),
            col("By", Constraint::Fill(1)),
            col("Review due", Constraint::Length(11)),
            col("Compare", Constraint::Length(8)),
        ];
        DataTable::new(columns, block).render(
            frame,
            table_area,
            &rows,
            &(self.marked, tz),
            self.cursor.selected(),
            theme,
        );
        let text = match (&self.message, self.pair()) {
            (Some(m), _) => Line::styled(format!(" {m}"), theme.error()),
            (None, _) if self.merged_selected().is_some() => {
                let (p, _, v) = self.merged_selected().expect("just checked");
                Line::styled(
                    format!(
                        " Merged from #{p}: Enter shows what differs from its version {} to this plan's latest.",
                        v.version
                    ),
                    theme.dim(),
                )
            }
            (None, Ok((from, to))) => Line::styled(
                format!(" Enter shows the changes from version {from} to version {to}."),
                theme.dim(),
            ),
            (None, Err(_)) => Line::raw(""),
        };
        frame.render_widget(Paragraph::new(text), message);
    }
}

/// What changed between two versions, ready to draw.
pub struct DiffView {
    /// The record the `from` version came from, when it was merged from another plan.
    pub from_record: Option<i64>,
    pub visitor: String,
    pub from: VersionInfo,
    pub to: VersionInfo,
    pub diff: PlanDiff,
    pub scroll: Scroll,
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

impl DiffView {
    fn lines(&self, theme: &Theme, tz: Tz) -> Vec<Line<'static>> {
        let who = |v: &VersionInfo| {
            format!(
                "Version {}: saved {} by {}",
                v.version,
                v.saved_at.with_timezone(&tz).format("%a %d/%m/%Y %H:%M"),
                safe(&v.author)
            )
        };
        let from_line = match self.from_record {
            Some(p) => format!("Merged from #{p}: {}", who(&self.from)),
            None => who(&self.from),
        };
        let mut out = vec![Line::raw(from_line), Line::raw(who(&self.to))];
        if self.diff.is_empty() {
            out.push(Line::raw(""));
            out.push(Line::raw("Nothing changed between these versions."));
            return out;
        }
        let added = |text: String| Line::styled(format!("  + {text}"), theme.ok());
        let removed = |text: String| Line::styled(format!("  - {text}"), theme.error());
        for change in &self.diff.changes {
            out.push(Line::raw(""));
            out.push(Line::styled(change.title().to_string(), theme.title()));
            match change {
                SectionChange::Items {
                    added: a,
                    removed: r,
                    ..
                } => {
                    out.extend(r.iter().map(|i| removed(safe(i))));
                    out.extend(a.iter().map(|i| added(safe(i))));
                }
                SectionChange::Contacts {
                    added: a,
                    removed: r,
                    ..
                } => {
                    out.extend(r.iter().map(|c| removed(lines::contact_line(c))));
                    out.extend(a.iter().map(|c| added(lines::contact_line(c))));
                }
                SectionChange::Text { lines, .. } => {
                    out.extend(lines.iter().map(|l| match l {
                        LineChange::Added(t) => added(safe(t)),
                        LineChange::Removed(t) => removed(safe(t)),
                    }));
                }
                SectionChange::Meta(m) => match m {
                    MetaChange::CoProduced { from, to }
                    | MetaChange::ConsentToShare { from, to } => {
                        out.push(removed(yes_no(*from).into()));
                        out.push(added(yes_no(*to).into()));
                    }
                    MetaChange::CopyHolders { from, to } => {
                        if !from.is_empty() {
                            out.push(removed(safe(from)));
                        }
                        if !to.is_empty() {
                            out.push(added(safe(to)));
                        }
                    }
                    MetaChange::ReviewDue { from, to } => {
                        out.push(removed(from.format("%d/%m/%Y").to_string()));
                        out.push(added(to.format("%d/%m/%Y").to_string()));
                    }
                },
            }
        }
        out
    }

    pub fn render(&self, frame: &mut Frame<'_>, area: Rect, theme: &Theme, tz: Tz) {
        let lines = self.lines(theme, tz);
        let block = block::titled(
            match self.from_record {
                Some(p) => format!(
                    " Plans — {} — changes from #{p}'s version {} to version {} ",
                    self.visitor, self.from.version, self.to.version
                ),
                None => format!(
                    " Plans — {} — changes from version {} to version {} ",
                    self.visitor, self.from.version, self.to.version
                ),
            },
            theme,
        )
        .title_bottom(Line::styled(
            hint::in_border(&view_bindings::changes_hint(), area.width),
            theme.dim(),
        ));
        self.scroll.render(frame, area, lines, block);
    }

    /// True when it should close.
    pub fn handle_key(&mut self, key: KeyEvent) -> bool {
        match CHANGES.resolve(key) {
            Some(TextKey::Close) => return true,
            Some(TextKey::Scroll) => self.scroll.by_key(key.code),
            None => {}
        }
        false
    }
}
