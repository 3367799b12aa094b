//! A report's canvas kept between frames.

use crate::ui::theme::Theme;
use ratatui::buffer::Buffer;
use std::cell::{Ref, RefCell};

/// The whole report drawn once, for one width and theme. Scrolling copies rows out of it, so a
/// key that only scrolls does not lay out every table and chart again (most of a frame's cost).
/// The pane forgets it when another report arrives; it goes with the pane at a lock.
#[derive(Default)]
pub struct DrawnReport(RefCell<Canvas>);

/// `drawn_for` is None until the first draw and after `forget`.
#[derive(Default)]
struct Canvas {
    drawn_for: Option<(u16, Theme)>,
    buf: Buffer,
}

impl DrawnReport {
    pub fn forget(&self) {
        self.0.borrow_mut().drawn_for = None;
    }

    /// The canvas for `width` and `theme`, drawn now if the last one was for another.
    pub(super) fn at(
        &self,
        width: u16,
        theme: &Theme,
        draw: impl FnOnce() -> Buffer,
    ) -> Ref<'_, Buffer> {
        {
            let mut canvas = self.0.borrow_mut();
            if canvas.drawn_for != Some((width, *theme)) {
                canvas.buf = draw();
                canvas.drawn_for = Some((width, *theme));
            }
        }
        Ref::map(self.0.borrow(), |c| &c.buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use std::cell::Cell;

    #[test]
    fn the_canvas_is_drawn_again_only_for_another_width_or_report() {
        let drawn = DrawnReport::default();
        let draws = Cell::new(0);
        let draw = |w: u16| {
            draws.set(draws.get() + 1);
            Buffer::empty(Rect::new(0, 0, w, 3))
        };
        let plain = Theme::plain();
        assert_eq!(drawn.at(80, &plain, || draw(80)).area.width, 80);
        assert_eq!(drawn.at(80, &plain, || draw(80)).area.width, 80);
        assert_eq!(
            draws.get(),
            1,
            "a scroll at the same width draws nothing again"
        );
        assert_eq!(drawn.at(100, &plain, || draw(100)).area.width, 100);
        assert_eq!(draws.get(), 2, "a resized window lays the report out again");
        drawn.forget();
        drawn.at(100, &plain, || draw(100));
        assert_eq!(draws.get(), 3, "another report is drawn afresh");
    }
}
