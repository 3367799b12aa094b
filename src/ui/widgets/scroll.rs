//! A scroll view: a read-only, word-wrapped text in a box (a plan, a diff, a take-away copy, a
//! handover note, a visit, an assignment). The pane's keys move it (j/k a line, PgUp/PgDn a
//! page), and the last drawing says how far there is to go, so a long text neither runs off
//! nor sticks past its end.

use crate::ui::keys::{Chord, NONE};
use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};
use std::cell::Cell;

/// The keys that scroll a text ([`Scroll::by_key`] says how far).
pub const SCROLL_KEYS: &[Chord] = &[
    (KeyCode::Char('j'), NONE),
    (KeyCode::Char('k'), NONE),
    (KeyCode::Down, NONE),
    (KeyCode::Up, NONE),
    (KeyCode::PageDown, NONE),
    (KeyCode::Char(' '), NONE),
    (KeyCode::PageUp, NONE),
];

#[derive(Debug, Clone)]
pub struct Scroll {
    pos: u16,
    /// How far the text could scroll when it was last drawn (unknown before: no limit).
    max: Cell<u16>,
}

/// Two views are scrolled alike if they are at the same place (the limit is the drawing's).
impl PartialEq for Scroll {
    fn eq(&self, other: &Self) -> bool {
        self.pos == other.pos
    }
}

impl Eq for Scroll {}

impl Default for Scroll {
    fn default() -> Self {
        Scroll {
            pos: 0,
            max: Cell::new(u16::MAX),
        }
    }
}

impl Scroll {
    pub fn down(&mut self, rows: u16) {
        self.pos = self.pos.saturating_add(rows).min(self.max.get());
    }

    pub fn up(&mut self, rows: u16) {
        self.pos = self.pos.saturating_sub(rows);
    }

    /// Moves as one of [`SCROLL_KEYS`] says: a row for `j` `k` `↓` `↑`, ten for `PgDn`,
    /// `Space` and `PgUp`. The one place those keys' distances are read.
    pub fn by_key(&mut self, code: KeyCode) {
        match code {
            KeyCode::Down | KeyCode::Char('j') => self.down(1),
            KeyCode::Up | KeyCode::Char('k') => self.up(1),
            KeyCode::PageDown | KeyCode::Char(' ') => self.down(10),
            KeyCode::PageUp => self.up(10),
            _ => {}
        }
    }

    /// Draws `lines` word-wrapped in `block` over `area`, from where the view is scrolled to; a
    /// wrapped line goes on under where its text began (see `hang`).
    pub fn render(
        &self,
        frame: &mut Frame<'_>,
        area: Rect,
        lines: Vec<Line<'_>>,
        block: Block<'_>,
    ) {
        let inner = block.inner(area);
        // Wrapped here, not by the paragraph: a long row goes on under its own text
        // (`hang`), and the rows counted for the scroll's end are the rows drawn.
        let lines: Vec<Line<'static>> = lines
            .into_iter()
            .flat_map(|l| super::hang::wrapped(l, usize::from(inner.width)))
            .collect();
        let pos = self.fit(&lines, inner);
        frame.render_widget(
            Paragraph::new(lines)
                .block(block)
                .wrap(Wrap { trim: false })
                .scroll((pos, 0)),
            area,
        );
    }

    /// The rows `lines` take wrapped to `inner` (the area inside the block), estimated
    /// generously (word wrap can need a row more than the characters do); records the limit
    /// and returns the position to draw at.
    pub fn fit(&self, lines: &[Line<'_>], inner: Rect) -> u16 {
        let width = usize::from(inner.width.max(1));
        let rows: usize = lines
            .iter()
            .map(|l| {
                let w = l.width();
                if w <= width { 1 } else { w.div_ceil(width) + 1 }
            })
            .sum();
        let max = u16::try_from(rows.saturating_sub(usize::from(inner.height))).unwrap_or(u16::MAX);
        self.max.set(max);
        self.pos.min(max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrolling_stops_at_the_end_of_the_text() {
        let mut s = Scroll::default();
        let lines: Vec<Line<'_>> = (0..10).map(|i| Line::raw(format!("line {i}"))).collect();
        let inner = Rect::new(0, 0, 20, 4);
        assert_eq!(s.fit(&lines, inner), 0);
        s.down(100);
        assert_eq!(s.fit(&lines, inner), 6);
        s.up(1);
        assert_eq!(s.fit(&lines, inner), 5, "one key up moves up at once");
    }

    #[test]
    fn a_view_scrolled_past_its_end_draws_the_end_and_comes_back_at_once() {
        let lines =
            || -> Vec<Line<'static>> { (0..10).map(|i| Line::raw(format!("line {i}"))).collect() };
        let mut s = Scroll::default();
        let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(20, 6)).unwrap();
        let draw = |t: &mut ratatui::Terminal<ratatui::backend::TestBackend>, s: &Scroll| {
            t.draw(|f| s.render(f, f.area(), lines(), Block::bordered()))
                .unwrap();
            let buf = t.backend().buffer().clone();
            (1..5)
                .map(|y| (1..19).map(|x| buf[(x, y)].symbol()).collect::<String>())
                .map(|l| l.trim_end().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(draw(&mut t, &s)[0], "line 0");
        s.down(50);
        assert_eq!(draw(&mut t, &s)[3], "line 9", "the end, not past it");
        s.up(1);
        assert_eq!(draw(&mut t, &s)[3], "line 8", "one key up moves at once");
    }
}
