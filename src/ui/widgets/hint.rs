//! Key hints and one-line explanations laid out so no word is ever cut.
//!
//! A footer is a list of whole items ("e edit", "Esc back"), most important first. Where
//! there are rows to spare they wrap, item by item; in a border, which has one row, the
//! items that do not fit are left out whole and "? all keys" says where they are (the help
//! overlay lists every key). Prose (a field's hint) wraps at spaces. Ratatui would otherwise
//! clip a line at the edge, mid-word ("c plan · [ ] other shi"), with nothing to say so.

use crate::ui::widgets::hits::{self, Hit};
use crossterm::event::KeyCode;
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

const SEP: &str = " · ";
const MORE: &str = "? all keys";

fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// The items wrapped over as many rows as `width` needs, each row starting with a space (as
/// every footer does) and no item split between rows. An item wider than a row on its own
/// gets a row of its own, cut with "…" at a character boundary (no footer has one).
pub fn rows(items: &[&str], width_cols: u16) -> Vec<String> {
    let room = usize::from(width_cols);
    let mut rows: Vec<String> = Vec::new();
    let mut row = String::new();
    for item in items {
        let candidate = if row.is_empty() {
            format!(" {item}")
        } else {
            format!("{row}{SEP}{item}")
        };
        if width(&candidate) <= room || row.is_empty() {
            row = candidate;
        } else {
            rows.push(std::mem::take(&mut row));
            row = format!(" {item}");
        }
    }
    if !row.is_empty() {
        rows.push(row);
    }
    rows.into_iter().map(|r| ellipsize(&r, room)).collect()
}

/// How many rows [`rows`] needs (at least one, so a footer keeps its place).
pub fn rows_needed(items: &[&str], width_cols: u16) -> u16 {
    rows(items, width_cols).len().max(1) as u16
}

/// A footer written as one string ("e edit · h history · Esc back") as its items.
pub fn items(footer: &str) -> Vec<&str> {
    footer
        .split(SEP.trim())
        .map(str::trim)
        .filter(|i| !i.is_empty())
        .collect()
}

/// The footer on one row of `width_cols` columns: as many items as fit, whole, in order,
/// then "? all keys" when any were left out. With a space before it, as every footer has.
pub fn one_row(footer: &str, width_cols: u16) -> String {
    fit_one_row(&items(footer), width_cols, Some(MORE))
}

/// As [`one_row`], for a form, where `?` is typed rather than opening help: the items left
/// out are simply not shown (so a form lists the ones it cannot do without first).
pub fn one_row_in_form(footer: &str, width_cols: u16) -> String {
    fit_one_row(&items(footer), width_cols, None)
}

fn fit_one_row(items: &[&str], width_cols: u16, more: Option<&str>) -> String {
    let room = usize::from(width_cols);
    let all = format!(" {}", items.join(SEP));
    if width(&all) <= room {
        return all;
    }
    for keep in (0..items.len()).rev() {
        let mut shown: Vec<&str> = items.iter().take(keep).copied().collect();
        shown.extend(more);
        let line = format!(" {}", shown.join(SEP));
        if width(&line) <= room {
            return line;
        }
    }
    String::new()
}

/// The key an item of a footer names by its first word ("n new" → n, "Enter open" → Enter,
/// "Ctrl-s saves" → Ctrl-s, "[ earlier" → [); `None` for an item that names none ("? all keys"
/// does: ?).
pub fn key_of(item: &str) -> Option<(KeyCode, bool)> {
    let first = item.split_whitespace().next()?;
    if let Some(rest) = first.strip_prefix("Ctrl-") {
        let mut chars = rest.chars();
        return match (chars.next(), chars.next()) {
            (Some(c), None) => Some((KeyCode::Char(c.to_ascii_lowercase()), true)),
            _ => None,
        };
    }
    let code = match first {
        "Enter" => KeyCode::Enter,
        "Esc" => KeyCode::Esc,
        "Tab" => KeyCode::Tab,
        "PgUp" => KeyCode::PageUp,
        "PgDn" => KeyCode::PageDown,
        "Space" => KeyCode::Char(' '),
        one if one.chars().count() == 1 => KeyCode::Char(one.chars().next()?),
        _ => return None,
    };
    Some((code, false))
}

/// Records, for clicks, where each item of a footer drawn as `shown` at `row` lies: a click
/// on "n new" is `n`. `shown` is the text as drawn (from [`one_row`], [`in_border`]...).
pub fn record_keys(row: Rect, shown: &str) {
    let mut x = row.x;
    let end = row.x.saturating_add(row.width);
    for (i, part) in shown.split(SEP).enumerate() {
        let lead = if i == 0 {
            part.len() - part.trim_start().len()
        } else {
            0
        };
        let item = part.trim();
        let start = x.saturating_add(lead as u16);
        let item_width = width(item) as u16;
        if let Some((code, ctrl)) = key_of(item)
            && start < end
        {
            let w = item_width.min(end - start);
            hits::record(Rect::new(start, row.y, w, 1), Hit::Key { code, ctrl });
        }
        x = x.saturating_add(width(part) as u16 + width(SEP) as u16);
    }
}

/// As [`record_keys`], for a footer drawn in the bottom border of `area` (by [`in_border`]).
pub fn record_border_keys(area: Rect, shown: &str) {
    if area.height == 0 || area.width < 2 {
        return;
    }
    let row = Rect::new(area.x + 1, area.y + area.height - 1, area.width - 2, 1);
    record_keys(row, shown);
}

/// A footer in the bottom border of a box `box_width` columns wide (the corners take two),
/// with a space at each end, clear of the border's line.
pub fn in_border(footer: &str, box_width: u16) -> String {
    padded(one_row(footer, box_width.saturating_sub(3)))
}

/// A form's footer in its bottom border (see [`one_row_in_form`]).
pub fn in_form_border(footer: &str, box_width: u16) -> String {
    padded(one_row_in_form(footer, box_width.saturating_sub(3)))
}

fn padded(row: String) -> String {
    if row.is_empty() { row } else { row + " " }
}

/// Prose wrapped at spaces to `width_cols` (a word longer than a row is cut with "…").
pub fn wrap(text: &str, width_cols: u16) -> Vec<String> {
    let room = usize::from(width_cols.max(1));
    let mut rows: Vec<String> = Vec::new();
    let mut row = String::new();
    for word in text.split_whitespace() {
        let candidate = if row.is_empty() {
            word.to_string()
        } else {
            format!("{row} {word}")
        };
        if width(&candidate) <= room || row.is_empty() {
            row = candidate;
        } else {
            rows.push(std::mem::take(&mut row));
            row = word.to_string();
        }
    }
    if !row.is_empty() {
        rows.push(row);
    }
    rows.into_iter().map(|r| ellipsize(&r, room)).collect()
}

/// `text` cut to `width_cols` columns at a character boundary, ending in "…" when cut.
pub fn ellipsize(text: &str, width_cols: usize) -> String {
    if width(text) <= width_cols {
        return text.to_string();
    }
    // Whole grapheme clusters, so a family emoji or an accented letter is kept or left out
    // whole, never cut into pieces a terminal would draw on their own.
    use unicode_segmentation::UnicodeSegmentation;
    let mut out = String::new();
    let mut used = 0;
    for g in text.graphemes(true) {
        let w = width(g);
        if used + w + 1 > width_cols {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out.push('…');
    out
}

/// `text` in a column `cols` wide: as many whole grapheme clusters as fit in `cols - 1`
/// columns (one is left as a gap), then spaces to the column's width, measured as drawn.
pub fn column(text: &str, cols: usize) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    let mut out = String::new();
    let mut used = 0;
    for g in text.graphemes(true) {
        let w = width(g);
        if used + w + 1 > cols {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out.extend(std::iter::repeat_n(' ', cols.saturating_sub(used)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_footer_item_names_its_key_by_its_first_word() {
        assert_eq!(key_of("n new"), Some((KeyCode::Char('n'), false)));
        assert_eq!(key_of("Enter open"), Some((KeyCode::Enter, false)));
        assert_eq!(key_of("Esc back"), Some((KeyCode::Esc, false)));
        assert_eq!(key_of("Ctrl-s saves"), Some((KeyCode::Char('s'), true)));
        assert_eq!(key_of("[ earlier"), Some((KeyCode::Char('['), false)));
        assert_eq!(key_of("E correct"), Some((KeyCode::Char('E'), false)));
        assert_eq!(key_of("j/k scroll"), None, "two keys: no one key to press");
        assert_eq!(key_of("Tab/Shift-Tab fields"), None);
    }

    #[test]
    fn a_column_is_measured_as_drawn_and_never_holds_half_a_cluster() {
        let family = "👨\u{200d}👩\u{200d}👧";
        let c = column(&format!("{family} Kit"), 10);
        assert_eq!(c, format!("{family} Kit    "));
        assert_eq!(width(&c), 10);
        assert_eq!(column(&format!("ab{family}"), 4), "ab  ", "no half family");
        assert_eq!(column("Rene\u{301}e", 5), "Rene\u{301} ");
    }

    #[test]
    fn ellipsize_keeps_emoji_sequences_and_accents_whole() {
        let family = "👨\u{200d}👩\u{200d}👧";
        let name = format!("{family}{family}{family} Rene\u{301}e");
        assert_eq!(width(&name), 12);
        assert_eq!(ellipsize(&name, 5), format!("{family}{family}…"));
        assert_eq!(
            ellipsize(&name, 4),
            format!("{family}…"),
            "not half a family"
        );
        let accented = "Rene\u{301}e Sample";
        assert_eq!(
            ellipsize(accented, 6),
            "Rene\u{301}e…",
            "the accent stays on its e"
        );
        assert_eq!(ellipsize(accented, 4), "Ren…");
        assert_eq!(ellipsize(&name, 40), name, "what fits is left alone");
    }

    const BOARD: &[&str] = &[
        "n new",
        "Enter open",
        "e edit",
        "/ filter",
        "p past visits",
        "c plan",
        "[ ] other shifts",
    ];

    /// Every row is made of whole items (or whole words), none cut.
    fn whole(rows: &[String], items: &[&str]) {
        for row in rows {
            for part in row.trim().split(SEP) {
                assert!(
                    items.contains(&part) || part == MORE,
                    "{part:?} is not a whole item in {rows:?}"
                );
            }
        }
    }

    #[test]
    fn items_wrap_whole_and_all_are_kept() {
        let wide = rows(BOARD, 120);
        assert_eq!(wide.len(), 1);
        let narrow = rows(BOARD, 60);
        assert_eq!(narrow.len(), 2);
        whole(&narrow, BOARD);
        assert!(narrow.iter().all(|r| width(r) <= 60));
        let joined = narrow.join(" · ");
        for item in BOARD {
            assert!(joined.contains(item), "{item} kept");
        }
        assert_eq!(rows_needed(BOARD, 60), 2);
    }

    #[test]
    fn one_row_leaves_out_whole_items_and_says_where_they_are() {
        let footer = BOARD.join(" · ");
        assert_eq!(items(&format!(" {footer} ")), BOARD);
        let line = one_row(&footer, 60);
        assert!(width(&line) <= 60, "{line}");
        assert!(line.ends_with(" · ? all keys"), "{line}");
        whole(std::slice::from_ref(&line), BOARD);
        assert_eq!(one_row(&footer, 200).trim(), footer);
        assert_eq!(in_border(" Esc back ", 12), " Esc back ");
        let form = one_row_in_form("Ctrl-s saves · Esc cancels · Tab/Shift-Tab fields", 30);
        assert_eq!(
            form, " Ctrl-s saves · Esc cancels",
            "the last item goes, whole"
        );
        assert_eq!(
            in_form_border("Ctrl-s saves · Esc cancels", 20),
            " Ctrl-s saves "
        );
    }

    #[test]
    fn prose_wraps_at_spaces() {
        let text = "Written formulation, not a risk score. Enter: new line.";
        let rows = wrap(text, 20);
        assert!(rows.iter().all(|r| width(r) <= 20), "{rows:?}");
        assert_eq!(rows.join(" "), text);
    }

    #[test]
    fn a_cut_ends_in_an_ellipsis_at_a_character_boundary() {
        assert_eq!(ellipsize("Yas Placeholder", 8), "Yas Pla…");
        assert_eq!(ellipsize("short", 8), "short");
        // Wide characters are never split: a two-column character that does not fit goes.
        assert_eq!(ellipsize("日本語テキスト", 6), "日本…");
    }
}
