//! A multi-line field's editor: the limit, grapheme clusters, undo, pastes.

use crate::ui::widgets::limit::{self, Refusal, Typed};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;

/// What an area holds at most: characters in all, and for a list written one item per line,
/// characters in one line.
#[derive(Debug, Clone, Copy)]
pub(super) struct Limits {
    pub total: usize,
    pub line: Option<usize>,
}

impl Limits {
    pub fn of(total: usize, line: Option<usize>) -> Limits {
        Limits { total, line }
    }
}

/// Characters in the line the cursor is on.
fn cursor_line_len(editor: &TextArea<'_>) -> usize {
    let ratatui_textarea::DataCursor(row, _) = editor.cursor();
    editor.lines().get(row).map_or(0, |l| l.chars().count())
}

/// Characters in an area, a line break counting as one (as in the saved text).
pub(super) fn area_len(editor: &TextArea<'_>) -> usize {
    let lines = editor.lines();
    lines.iter().map(|l| l.chars().count()).sum::<usize>() + lines.len().saturating_sub(1)
}

/// True for a key that would put a character into the editor.
pub(super) fn inserts(key: &KeyEvent) -> bool {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    match key.code {
        // Ctrl-m is a line break to the editor; a plain 'm' is a letter like any other.
        KeyCode::Char('m') if ctrl && !alt => true,
        KeyCode::Char(_) => !ctrl && !alt,
        KeyCode::Enter => true,
        _ => false,
    }
}

/// A key in a multi-line field: control characters never get in, and a character past the
/// limit is refused. Anything else that grew the text past it (a yank, a redo) is undone.
pub(super) fn area_key(
    editor: &mut TextArea<'static>,
    limits: Limits,
    len: &mut usize,
    key: KeyEvent,
) -> Result<bool, Refusal> {
    let max = limits.total;
    // The hints say Ctrl-z, as most editors do; ratatui-textarea binds undo to Ctrl-u only.
    if key.code == KeyCode::Char('z') && key.modifiers.contains(KeyModifiers::CONTROL) {
        let undone = editor.undo();
        *len = area_len(editor);
        return Ok(undone);
    }
    if let KeyCode::Char(c) = key.code
        && c.is_control()
    {
        return Ok(false);
    }
    let before = *len;
    if inserts(&key) {
        limit::room_for(before, 1, max)?;
        // A character (not a line break) lengthens the cursor's line: a full item is refused
        // as it is typed, so the lead is told at the item, not first when saving the form.
        if let Some(line_max) = limits.line
            && !matches!(key.code, KeyCode::Enter)
            && !(key.code == KeyCode::Char('m') && key.modifiers.contains(KeyModifiers::CONTROL))
            && !editor.is_selecting()
            && cursor_line_len(editor) >= line_max
        {
            return Err(Refusal::LineFull { max: line_max });
        }
    }
    // Backspace, Delete and the arrows act on a whole grapheme cluster (a family emoji, a
    // letter and its accent), as in one-line fields; the editor itself steps by character.
    let repeat = match (key.code, key.modifiers.is_empty()) {
        (KeyCode::Backspace | KeyCode::Left, true) => cluster_chars(editor, false),
        (KeyCode::Delete | KeyCode::Right, true) => cluster_chars(editor, true),
        _ => 1,
    };
    // A plain character or line break typed with nothing selected adds exactly one: counted
    // without walking the text (a run of keys into a long text would count it once a key).
    let adds_one = !editor.is_selecting()
        && match key.code {
            KeyCode::Char(_) => !key
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT),
            KeyCode::Enter => key.modifiers.is_empty(),
            _ => false,
        };
    let used = editor.input(key);
    for _ in 1..repeat {
        editor.input(key);
    }
    // Up and Down keep the column in characters, which can fall inside a cluster on the new
    // line: the cursor goes to that cluster's start instead.
    if matches!(key.code, KeyCode::Up | KeyCode::Down) {
        snap_to_cluster(editor);
    }
    let after = match (adds_one, used) {
        (true, true) => before + 1,
        (true, false) => before,
        _ => area_len(editor),
    };
    if after > max && after > before {
        editor.undo();
        *len = area_len(editor);
        return Err(Refusal::PasteTooLong {
            max,
            over: after - max.max(before),
        });
    }
    *len = after;
    Ok(used)
}

/// Characters typed into a multi-line field ('\n' for Enter), exactly as [`area_key`] would
/// take them one by one (the same text, cursor, undo steps and refusal) but laid out once,
/// not once a key: the editor re-wraps its whole text on every edit, so a long run of keys (a
/// paste in a terminal without bracketed paste) would cost its length times the text's.
/// What fits goes in; once the field is full every further key is refused, as typed keys are.
/// The undo history keeps its last steps (one per key, as typing leaves them): every key but
/// the last `max_histories` goes in as one edit, which those last keys push out of the history.
pub(super) fn area_type(
    editor: &mut TextArea<'static>,
    limits: Limits,
    len: &mut usize,
    text: &str,
) -> Typed {
    let max = limits.total;
    let mut typed = Typed {
        edited: false,
        last: None,
    };
    let key_for = |c: char| {
        KeyEvent::new(
            if c == '\n' {
                KeyCode::Enter
            } else {
                KeyCode::Char(c)
            },
            KeyModifiers::NONE,
        )
    };
    // The keys the field would act on: control characters are ignored by `area_key`.
    let mut keys = text.chars().filter(|c| *c == '\n' || !c.is_control());
    // One key through the key path itself, its outcome kept as the run's last.
    let mut as_key = |editor: &mut TextArea<'static>, len: &mut usize, c: char| {
        let outcome = area_key(editor, limits, len, key_for(c));
        match outcome {
            Ok(true) => {
                typed.edited = true;
                typed.last = Some(Ok(()));
            }
            Ok(false) => {}
            Err(refusal) => typed.last = Some(Err(refusal)),
        }
    };
    // A list's items are short (a plan's hold 200 characters) and each line has its own
    // limit: its keys go one by one, each refused exactly as if typed.
    if limits.line.is_some() {
        for c in keys {
            as_key(editor, len, c);
        }
        return typed;
    }
    // A selection is replaced by the first key: that one goes through the key path itself.
    if editor.is_selecting() {
        let Some(c) = keys.next() else {
            return typed;
        };
        as_key(editor, len, c);
    }
    let keys: Vec<char> = keys.collect();
    let room = max.saturating_sub(*len).min(keys.len());
    let (fits, refused) = keys.split_at(room);
    if !fits.is_empty() {
        let history = editor.max_histories();
        let one_edit = if history == 0 {
            fits.len()
        } else {
            fits.len().saturating_sub(history)
        };
        let (first, last) = fits.split_at(one_edit);
        if !first.is_empty() {
            editor.insert_str(first.iter().collect::<String>());
        }
        for &c in last {
            if c == '\n' {
                editor.insert_newline();
            } else {
                editor.insert_char(c);
            }
        }
        *len += fits.len();
        typed.edited = true;
        typed.last = Some(Ok(()));
    }
    if !refused.is_empty() {
        typed.last = Some(Err(Refusal::Full { max }));
    }
    typed
}

/// Characters in the grapheme cluster just before (or after) the cursor on its line; 1 at
/// the line's edge, where the step is the line break.
pub(super) fn cluster_chars(editor: &TextArea<'_>, forward: bool) -> usize {
    use unicode_segmentation::UnicodeSegmentation;
    let ratatui_textarea::DataCursor(row, col) = editor.cursor();
    let Some(line) = editor.lines().get(row) else {
        return 1;
    };
    let at = line.char_indices().nth(col).map_or(line.len(), |(i, _)| i);
    let cluster = if forward {
        line[at..].graphemes(true).next()
    } else {
        line[..at].graphemes(true).next_back()
    };
    cluster.map_or(1, |g| g.chars().count())
}

/// Moves a cursor that sits inside a grapheme cluster to the cluster's start.
pub(super) fn snap_to_cluster(editor: &mut TextArea<'_>) {
    use unicode_segmentation::UnicodeSegmentation;
    let ratatui_textarea::DataCursor(row, col) = editor.cursor();
    let Some(line) = editor.lines().get(row) else {
        return;
    };
    let mut start = 0;
    for g in line.graphemes(true) {
        let n = g.chars().count();
        if start + n > col {
            break;
        }
        start += n;
    }
    if start < col
        && let (Ok(row), Ok(start)) = (u16::try_from(row), u16::try_from(start))
    {
        editor.move_cursor(ratatui_textarea::CursorMove::Jump(row, start));
    }
}

/// A paste into a multi-line field, at the cursor: whole, as one undo step, or refused.
pub(super) fn area_paste(
    editor: &mut TextArea<'static>,
    limits: Limits,
    len: &mut usize,
    text: &str,
) -> Result<usize, Refusal> {
    let cleaned = limit::multi_line(text);
    limit::room_for(*len, cleaned.chars, limits.total)?;
    let first_row = editor.cursor().0;
    editor.insert_str(cleaned.text.as_str());
    // The lines the paste made or lengthened: one longer than a list's item may be is
    // refused whole, as a paste too long for the field is.
    if let Some(line_max) = limits.line {
        let last_row = editor.cursor().0;
        let longest = editor
            .lines()
            .get(first_row..=last_row)
            .into_iter()
            .flatten()
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(0);
        if longest > line_max {
            editor.undo();
            *len = area_len(editor);
            return Err(Refusal::PasteLineTooLong {
                max: line_max,
                longest,
            });
        }
    }
    *len = area_len(editor);
    Ok(cleaned.dropped)
}

/// The editor as it may be drawn in `rows` rows: anything unsafe for the terminal (a bidi
/// override) shown as '�', one for one, so the cursor stays where it is. The stored text keeps
/// it.
///
/// Only the lines around the cursor are handed on: the editor lays out (wraps) every line it
/// holds when drawn, so a 10,000-character note would cost its whole length each frame. What
/// shows is the same: the field is drawn from its first row with the cursor kept in view, so
/// the cursor's row is the last shown once it is past the first screen, and `rows` lines
/// above it (each at least one row) already reach past the top. A selection is drawn from
/// the whole text (it may start anywhere).
pub(super) fn drawable(editor: &TextArea<'static>, rows: u16) -> TextArea<'static> {
    use crate::domain::text::visible_for_editing;
    let ratatui_textarea::DataCursor(row, col) = editor.cursor();
    let all = editor.lines();
    let (from, to) = if editor.is_selecting() {
        (0, all.len())
    } else {
        let rows = usize::from(rows);
        (row.saturating_sub(rows), (row + rows + 1).min(all.len()))
    };
    let window = all.get(from..to).unwrap_or(all);
    let lines: Vec<String> = window.iter().map(|l| visible_for_editing(l)).collect();
    if from == 0 && to == all.len() && lines.as_slice() == all {
        return editor.clone();
    }
    let mut shown = TextArea::new(lines);
    let clamp = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
    shown.move_cursor(ratatui_textarea::CursorMove::Jump(
        clamp(row - from.min(row)),
        clamp(col),
    ));
    shown.set_wrap_mode(editor.wrap_mode());
    shown.set_cursor_line_style(ratatui::style::Style::default());
    shown
}
