//! A line too wide for its view, wrapped with a hanging indent: it goes on under where its text
//! began, so a labelled row's value reads as a column ("Triage   B Very urgent · by Priya Shah
//! at" / "         02/12/2026 18:28") and an indented note stays indented, where a plain word
//! wrap starts every continuation at the left edge, under the labels. Nothing is dropped but the
//! one space each break replaces; a word longer than a row is broken inside it, never cut.

use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Where `line`'s continuation rows begin: under the value of a labelled row (a first span
/// padded with spaces, the label column, followed by the value) or under the line's own
/// indent. None when that would leave the text less than half of a `width`-column row.
fn hang_of(line: &Line<'_>, width: usize) -> usize {
    let hang = match line.spans.first() {
        Some(label) if line.spans.len() > 1 && label.content.ends_with(' ') => label.width(),
        _ => line
            .spans
            .iter()
            .flat_map(|s| s.content.chars())
            .take_while(|c| *c == ' ')
            .count(),
    };
    if hang * 2 > width { 0 } else { hang }
}

/// `line` as the rows it takes in a view `width` columns wide: itself when it fits, else
/// broken at spaces (inside a word only when the word is wider than a row), each row after
/// the first indented by its hang. Each piece keeps its span's style.
pub fn wrapped(line: Line<'_>, width: usize) -> Vec<Line<'static>> {
    if width == 0 || line.width() <= width {
        return vec![owned(line)];
    }
    let hang = hang_of(&line, width);
    let cells: Vec<(usize, &str, usize)> = line
        .spans
        .iter()
        .enumerate()
        .flat_map(|(i, s)| s.content.graphemes(true).map(move |g| (i, g, g.width())))
        .collect();
    let mut rows = Vec::new();
    let mut start = 0;
    while start < cells.len() {
        let first = rows.is_empty();
        let room = if first { width } else { width - hang };
        // How many cells fit in the row (always one at least, so a row is never empty).
        let mut used = 0;
        let mut end = start;
        while let Some((_, _, w)) = cells.get(end) {
            if used + w > room && end > start {
                break;
            }
            used += w;
            end += 1;
        }
        let (row_end, next) = if end == cells.len() {
            (end, end)
        } else {
            // The last space in the row, past the label on the first row; it becomes the
            // break. Without one the row is full and the word goes on in the next.
            let from = if first { start + hang } else { start };
            match (from + 1..=end)
                .rev()
                .find(|&k| cells.get(k).is_some_and(|c| c.1 == " "))
            {
                Some(space) if space < cells.len() => (space, space + 1),
                _ => (end, end),
            }
        };
        let mut spans = Vec::new();
        if !first && hang > 0 {
            spans.push(Span::raw(" ".repeat(hang)));
        }
        for (i, piece) in pieces(cells.get(start..row_end).unwrap_or_default()) {
            let style = line.spans.get(i).map(|s| s.style).unwrap_or_default();
            spans.push(Span::styled(piece, style));
        }
        rows.push(Line {
            spans,
            style: line.style,
            alignment: line.alignment,
        });
        start = next;
    }
    rows
}

/// Consecutive cells of one span joined: (span index, text).
fn pieces(cells: &[(usize, &str, usize)]) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    for &(i, g, _) in cells {
        match out.last_mut() {
            Some((j, text)) if *j == i => text.push_str(g),
            _ => out.push((i, g.to_string())),
        }
    }
    out
}

fn owned(line: Line<'_>) -> Line<'static> {
    let spans: Vec<Span<'static>> = line
        .spans
        .into_iter()
        .map(|s| Span::styled(s.content.into_owned(), s.style))
        .collect();
    Line {
        spans,
        style: line.style,
        alignment: line.alignment,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ratatui::style::Style;

    fn text(l: &Line<'_>) -> String {
        l.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    fn rows(line: Line<'_>, width: usize) -> Vec<String> {
        wrapped(line, width).iter().map(text).collect()
    }

    #[test]
    fn a_labelled_row_goes_on_under_its_value() {
        let line = Line::from(vec![
            Span::raw(format!("{:<10}", "Triage")),
            Span::raw("B Very urgent · by Priya Shah at 02/12/2026 18:28"),
        ]);
        assert_eq!(
            rows(line, 30),
            [
                "Triage    B Very urgent · by",
                "          Priya Shah at",
                "          02/12/2026 18:28"
            ]
        );
    }

    #[test]
    fn an_indented_note_stays_indented_and_a_line_that_fits_is_left_alone() {
        let note = Line::raw("  corrected 18:28 by Priya Shah: name Sam → Sam O (spelling)");
        assert_eq!(
            rows(note, 24),
            [
                "  corrected 18:28 by",
                "  Priya Shah: name Sam →",
                "  Sam O (spelling)"
            ]
        );
        assert_eq!(rows(Line::raw("short"), 24), ["short"]);
    }

    #[test]
    fn a_word_wider_than_a_row_is_broken_not_cut_and_styles_are_kept() {
        let bold = ratatui::style::Style::new().bold();
        let line = Line::from(vec![
            Span::styled("Ref ", bold),
            Span::raw("ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
        ]);
        let got = wrapped(line, 10);
        assert_eq!(
            got.iter().map(text).collect::<Vec<_>>(),
            [
                "Ref ABCDEF",
                "    GHIJKL",
                "    MNOPQR",
                "    STUVWX",
                "    YZ"
            ]
        );
        assert_eq!(got[0].spans[0].style, bold, "the label keeps its style");
        assert_eq!(
            got[1].spans[1].style,
            Style::default(),
            "the value keeps its own"
        );
    }

    #[test]
    fn a_hang_wider_than_half_the_row_is_not_kept() {
        let line = Line::from(vec![
            Span::raw(format!("{:<24}", "Label")),
            Span::raw("a b c d e f g"),
        ]);
        assert_eq!(rows(line, 30)[1], "d e f g", "continues at the edge");
    }

    proptest! {
        /// Every row fits (unless one wide character is all it holds), every character but
        /// spaces is kept in order, and each row drops one space at most (its break).
        #[test]
        fn nothing_is_lost_and_every_row_fits(
            label in "[A-Za-z]{0,8}",
            words in proptest::collection::vec("[a-zé界 ]{0,14}", 0..8),
            width in 1usize..40,
        ) {
            let line = Line::from(vec![
                Span::raw(format!("{label:<10}")),
                Span::raw(words.join(" ")),
            ]);
            let original = text(&line);
            let hang = hang_of(&line, width);
            let got = wrapped(line, width);
            let mut kept = String::new();
            for (k, row) in got.iter().enumerate() {
                let t = text(row);
                prop_assert!(
                    row.width() <= width || t.trim_start().graphemes(true).count() == 1,
                    "row {} of {:?} is wider than {}", k, t, width
                );
                kept.push_str(if k == 0 { &t } else { t.get(hang..).unwrap_or_default() });
            }
            // Every character but spaces is kept, in order; a row's break drops one space at
            // most (the space it breaks at).
            let letters = |t: &str| t.chars().filter(|c| *c != ' ').collect::<String>();
            prop_assert_eq!(letters(&kept), letters(&original));
            let dropped = original.len() - kept.len();
            prop_assert!(dropped <= got.len(), "{} spaces dropped in {} rows", dropped, got.len());
        }
    }
}
