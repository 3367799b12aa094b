//! Choices and checkboxes: filtering the options, laying out and recording the chips.

use super::FieldsEvent;
use crate::ui::widgets::hits::{self, Hit};
use crate::ui::widgets::limit::Refusal;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

/// Records each "[x] option" chip of a checkbox field where [`multi_lines`] puts it.
pub(super) fn record_checkboxes(
    area: Rect,
    options: &[String],
    chosen: &[bool],
    shown: &[usize],
    cursor: usize,
    from_focused: isize,
) {
    // Distances count the options on show, as ←/→ step through them.
    let cursor = shown.iter().position(|i| *i == cursor).unwrap_or(0);
    let mut index = 0;
    for (line, chips) in multi_lines(options, chosen, shown, 0, false, area.width)
        .iter()
        .enumerate()
    {
        let mut x = area.x;
        for (chip, _) in chips {
            // Measured as multi_lines measures it, so the recorded chip is where it was laid.
            let width = chip.chars().count() as u16;
            // The two spaces after a chip are gap, not the chip.
            let shown = width.saturating_sub(2).min(area.right().saturating_sub(x));
            hits::record(
                Rect::new(x, area.y + line as u16, shown, 1),
                Hit::Checkbox {
                    from_focused,
                    from_cursor: hits::distance(cursor, index),
                },
            );
            x = x.saturating_add(width);
            index += 1;
        }
    }
}

/// Lays out "[x] option" chips of the options `shown` (indices into `options`) over as many
/// lines as the width needs.
pub(super) fn multi_lines(
    options: &[String],
    chosen: &[bool],
    shown: &[usize],
    cursor: usize,
    focused: bool,
    width: u16,
) -> Vec<Vec<(String, bool)>> {
    let mut lines: Vec<Vec<(String, bool)>> = vec![Vec::new()];
    let mut used = 0usize;
    for &i in shown {
        let Some(option) = options.get(i) else {
            continue;
        };
        let tick = if chosen.get(i).copied().unwrap_or(false) {
            "[x] "
        } else {
            "[ ] "
        };
        // A chip wider than the row (a long directory name) ends in "…" rather than being
        // clipped mid-word by the edge.
        let room = (width as usize).saturating_sub(tick.len() + 2);
        let chip = format!(
            "{tick}{}  ",
            crate::ui::widgets::hint::ellipsize(&crate::ui::safe(option), room)
        );
        let len = chip.chars().count();
        if used > 0 && used + len > width as usize {
            lines.push(Vec::new());
            used = 0;
        }
        used += len;
        lines
            .last_mut()
            .expect("one line")
            .push((chip, focused && i == cursor));
    }
    lines
}

/// Characters a filter holds at most (more would match nothing anyone would type).
pub(super) const FILTER_MAX: usize = 40;

/// True when `option` holds `filter`, case aside: what a picker's filter keeps on show.
pub fn matches(option: &str, filter: &str) -> bool {
    option.to_lowercase().contains(&filter.to_lowercase())
}

/// The indices of the options the filter keeps (all, for an empty filter).
pub(super) fn visible(options: &[String], filter: &str) -> Vec<usize> {
    options
        .iter()
        .enumerate()
        .filter(|(_, o)| filter.is_empty() || matches(o, filter))
        .map(|(i, _)| i)
        .collect()
}

/// "3 of 21 match 'hou'".
pub fn match_count(shown: usize, of: usize, filter: &str) -> String {
    format!("{shown} of {of} match '{}'", crate::ui::safe(filter))
}

/// After the filter changed: the cursor stays on its option if it is still on show, else
/// goes to the first that is.
pub(super) fn follow_filter(options: &[String], cursor: &mut usize, filter: &str) {
    let shown = visible(options, filter);
    if !shown.contains(cursor)
        && let Some(&first) = shown.first()
    {
        *cursor = first;
    }
}

/// A key in a filterable choice: letters narrow (a letter that would leave nothing to
/// choose is refused, so the choice always shows an option that matches), Backspace widens,
/// ←/→ and Space step through the options on show.
pub(super) fn choice_filter_key(
    options: &[String],
    selected: &mut usize,
    filter: &mut String,
    key: KeyEvent,
) -> Result<bool, Refusal> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let shown = visible(options, filter);
    let at = shown.iter().position(|i| i == selected).unwrap_or(0);
    let n = shown.len().max(1);
    match key.code {
        KeyCode::Right | KeyCode::Char(' ') => {
            *selected = shown.get((at + 1) % n).copied().unwrap_or(*selected);
            Ok(true)
        }
        KeyCode::Left => {
            *selected = shown.get((at + n - 1) % n).copied().unwrap_or(*selected);
            Ok(true)
        }
        KeyCode::Char(c) if !ctrl && !c.is_control() => {
            let mut wider = filter.clone();
            wider.push(c);
            if filter.chars().count() >= FILTER_MAX || visible(options, &wider).is_empty() {
                return Err(Refusal::NoMatch(wider));
            }
            *filter = wider;
            follow_filter(options, selected, filter);
            Ok(true)
        }
        KeyCode::Backspace if !filter.is_empty() => {
            filter.pop();
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// A key in an ordinary choice: ←/→ and Space step round the options, a letter or digit
/// jumps to the next option starting with it.
pub(super) fn choice_key(
    options: &[String],
    selected: &mut usize,
    key: KeyEvent,
) -> Result<bool, Refusal> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let n = options.len().max(1);
    match key.code {
        KeyCode::Right | KeyCode::Char(' ') => {
            *selected = (*selected + 1) % n;
            Ok(true)
        }
        KeyCode::Left => {
            *selected = (*selected + n - 1) % n;
            Ok(true)
        }
        KeyCode::Char(c) if !ctrl => {
            let c = c.to_ascii_lowercase();
            if let Some(i) = (1..=n).map(|k| (*selected + k) % n).find(|i| {
                options
                    .get(*i)
                    .and_then(|o| o.chars().next())
                    .is_some_and(|f| f.to_ascii_lowercase() == c)
            }) {
                *selected = i;
            }
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// What a key did in a checkbox field: an edit (or refusal) to count, or a move that is
/// no change to the form.
pub(super) enum MultiKey {
    Used(Result<bool, Refusal>),
    Done(FieldsEvent),
}

/// A key in a checkbox field: ←/→ move among the options on show, Space ticks, letters
/// narrow the options shown and Backspace widens them again.
pub(super) fn multi_key(
    options: &[String],
    chosen: &mut [bool],
    cursor: &mut usize,
    filter: &mut String,
    key: KeyEvent,
) -> MultiKey {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let shown = visible(options, filter);
    let at = shown.iter().position(|i| i == cursor);
    match key.code {
        KeyCode::Right => {
            if let Some(&next) = at.and_then(|a| shown.get(a + 1)) {
                *cursor = next;
            }
            MultiKey::Done(FieldsEvent::Moved)
        }
        KeyCode::Left => {
            if let Some(&prev) = at.and_then(|a| a.checked_sub(1)).and_then(|a| shown.get(a)) {
                *cursor = prev;
            }
            MultiKey::Done(FieldsEvent::Moved)
        }
        // Only an option on show can be ticked (none is, when nothing matches).
        KeyCode::Char(' ') if at.is_some() => {
            if let Some(tick) = chosen.get_mut(*cursor) {
                *tick = !*tick;
            }
            MultiKey::Used(Ok(true))
        }
        KeyCode::Char(c) if !ctrl && c != ' ' && !c.is_control() => {
            if filter.chars().count() >= FILTER_MAX {
                return MultiKey::Done(FieldsEvent::Ignored);
            }
            filter.push(c);
            follow_filter(options, cursor, filter);
            MultiKey::Done(FieldsEvent::Moved)
        }
        KeyCode::Backspace if !filter.is_empty() => {
            filter.pop();
            follow_filter(options, cursor, filter);
            MultiKey::Done(FieldsEvent::Moved)
        }
        _ => MultiKey::Used(Ok(false)),
    }
}
