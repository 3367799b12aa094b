//! A single-line text input. Its buffer is wiped from memory when dropped, so passphrases,
//! PINs and visitor words do not linger after a lock. It never cuts: what would pass its limit
//! is refused whole (the caller shows the [`Refusal`]), and a value set from the database is
//! kept whole even if it is longer than today's limit.

use super::limit::{self, Refusal, Typed};
use crate::ui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::text::{Line, Span};
use zeroize::Zeroizing;

pub struct TextInput {
    value: Zeroizing<String>,
    /// How many characters `value` holds, kept as it changes: a key typed at the limit is
    /// refused without counting the whole value again (a long paste typed key by key into a
    /// full field would otherwise cost the field's length for every key).
    chars: usize,
    /// Cursor position in characters.
    cursor: usize,
    masked: bool,
    max_chars: usize,
    digits_only: bool,
}

impl std::fmt::Debug for TextInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the contents.
        f.debug_struct("TextInput")
            .field("chars", &self.len())
            .finish()
    }
}

impl TextInput {
    pub fn new(max_chars: usize) -> Self {
        TextInput {
            value: Zeroizing::new(String::new()),
            chars: 0,
            cursor: 0,
            masked: false,
            max_chars,
            digits_only: false,
        }
    }

    pub fn masked(max_chars: usize) -> Self {
        TextInput {
            masked: true,
            ..Self::new(max_chars)
        }
    }

    pub fn pin() -> Self {
        TextInput {
            digits_only: true,
            ..Self::masked(crate::domain::pin::MAX_DIGITS)
        }
    }

    pub fn value(&self) -> &str {
        &self.value
    }

    pub fn len(&self) -> usize {
        self.chars
    }

    pub fn is_empty(&self) -> bool {
        self.value.is_empty()
    }

    pub fn clear(&mut self) {
        self.value = Zeroizing::new(String::new());
        self.chars = 0;
        self.cursor = 0;
    }

    /// Puts a value in whole, even past the limit (a saved value must show as it is; saving it
    /// again is then refused by the domain's length rule, never shortened).
    pub fn set(&mut self, text: &str) {
        self.value = Zeroizing::new(text.to_string());
        self.chars = self.value.chars().count();
        self.cursor = self.len();
    }

    pub fn max_chars(&self) -> usize {
        self.max_chars
    }

    /// "480 / 500" while the text is near its limit.
    pub fn counter(&self) -> Option<String> {
        limit::counter(self.len(), self.max_chars)
    }

    /// The cursor after moving one user-perceived character (grapheme cluster) back or
    /// forward: a family emoji or a letter with a combining accent is one step, one delete,
    /// never split into pieces that would be drawn on their own.
    fn grapheme_step(&self, forward: bool) -> usize {
        use unicode_segmentation::GraphemeCursor;
        let at = self.byte_index(self.cursor);
        let mut g = GraphemeCursor::new(at, self.value.len(), true);
        let to = if forward {
            g.next_boundary(&self.value, 0)
        } else {
            g.prev_boundary(&self.value, 0)
        };
        match to {
            Ok(Some(byte)) => self.value[..byte].chars().count(),
            _ => self.cursor,
        }
    }

    fn byte_index(&self, char_index: usize) -> usize {
        self.value
            .char_indices()
            .nth(char_index)
            .map_or(self.value.len(), |(i, _)| i)
    }

    /// Removes the bytes `range` (whole characters) from the value, keeping the count.
    fn remove(&mut self, range: std::ops::Range<usize>) {
        let removed = self
            .value
            .get(range.clone())
            .map_or(0, |r| r.chars().count());
        self.value.replace_range(range, "");
        self.chars -= removed;
    }

    /// Inserts pasted text at the cursor, whole or not at all: line breaks and tabs become
    /// spaces, control characters are left out (the count is returned, for a note). One copy
    /// of the text, so a 100,000-character paste costs one pass, not one per character.
    pub fn paste(&mut self, text: &str) -> Result<usize, Refusal> {
        let cleaned = limit::one_line(text);
        if self.digits_only && !cleaned.text.chars().all(|c| c.is_ascii_digit()) {
            return Err(Refusal::NotDigits);
        }
        limit::room_for(self.len(), cleaned.chars, self.max_chars)?;
        let at = self.byte_index(self.cursor);
        // A fresh buffer rather than insert_str: growing in place could leave a copy of a
        // passphrase in freed memory; the old buffer is wiped as it drops.
        let mut joined =
            Zeroizing::new(String::with_capacity(self.value.len() + cleaned.text.len()));
        joined.push_str(&self.value[..at]);
        joined.push_str(&cleaned.text);
        joined.push_str(&self.value[at..]);
        self.value = joined;
        self.chars += cleaned.chars;
        self.cursor += cleaned.chars;
        Ok(cleaned.dropped)
    }

    /// Characters typed at once (faster than a frame), exactly as [`Self::try_key`] would take
    /// them one by one, but copied in once: what fits goes in at the cursor, control
    /// characters (and a PIN's letters) are used up and left out, and once the field is full
    /// every further character is refused.
    pub fn type_text(&mut self, text: &str) -> Typed {
        let mut typed = Typed {
            edited: false,
            last: None,
        };
        let mut kept = Zeroizing::new(String::with_capacity(text.len()));
        let mut count = 0;
        for c in text.chars() {
            if c.is_control() || (self.digits_only && !c.is_ascii_digit()) {
                typed.edited = true;
                typed.last = Some(Ok(()));
            } else if let Err(refusal) = limit::room_for(self.chars + count, 1, self.max_chars) {
                typed.last = Some(Err(refusal));
            } else {
                kept.push(c);
                count += 1;
                typed.edited = true;
                typed.last = Some(Ok(()));
            }
        }
        if count > 0 {
            let at = self.byte_index(self.cursor);
            // A fresh buffer, as for a paste: nothing typed is left behind in freed memory.
            let mut joined = Zeroizing::new(String::with_capacity(self.value.len() + kept.len()));
            joined.push_str(&self.value[..at]);
            joined.push_str(&kept);
            joined.push_str(&self.value[at..]);
            self.value = joined;
            self.chars += count;
            self.cursor += count;
        }
        typed
    }

    /// Handles an editing key; returns true if the key was used. A character the field has no
    /// room for is used up and dropped: callers with a message line use [`Self::try_key`].
    pub fn handle_key(&mut self, key: KeyEvent) -> bool {
        self.try_key(key).unwrap_or(true)
    }

    /// Handles an editing key: Ok(true) if it was used, Err when a character was refused
    /// because the field is full.
    pub fn try_key(&mut self, key: KeyEvent) -> Result<bool, Refusal> {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('u') if ctrl => {
                self.clear();
                Ok(true)
            }
            KeyCode::Char('a') if ctrl => {
                self.cursor = 0;
                Ok(true)
            }
            KeyCode::Char('e') if ctrl => {
                self.cursor = self.len();
                Ok(true)
            }
            KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) => {
                // Controls never get in; a PIN ignores letters as it always has.
                if c.is_control() || (self.digits_only && !c.is_ascii_digit()) {
                    return Ok(true);
                }
                limit::room_for(self.len(), 1, self.max_chars)?;
                let at = self.byte_index(self.cursor);
                self.value.insert(at, c);
                self.chars += 1;
                self.cursor += 1;
                Ok(true)
            }
            KeyCode::Backspace => {
                let from = self.grapheme_step(false);
                let (a, b) = (self.byte_index(from), self.byte_index(self.cursor));
                self.remove(a..b);
                self.cursor = from;
                Ok(true)
            }
            KeyCode::Delete => {
                let to = self.grapheme_step(true);
                let (a, b) = (self.byte_index(self.cursor), self.byte_index(to));
                self.remove(a..b);
                Ok(true)
            }
            KeyCode::Left => {
                self.cursor = self.grapheme_step(false);
                Ok(true)
            }
            KeyCode::Right => {
                self.cursor = self.grapheme_step(true);
                Ok(true)
            }
            KeyCode::Home => {
                self.cursor = 0;
                Ok(true)
            }
            KeyCode::End => {
                self.cursor = self.len();
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// What is shown: bullets for a masked field, the text otherwise (with anything unsafe
    /// for the terminal shown as '�', one for one, so the cursor stays true), scrolled so
    /// the cursor stays within `width` columns. Returns the visible text and the cursor column.
    pub fn display(&self, width: usize) -> (String, usize) {
        if self.masked {
            return layout(&"•".repeat(self.len()), self.cursor, width).0;
        }
        // A long value is laid out from a stretch around the cursor, so a key costs what is
        // drawn, not the whole text; the same answer as the whole, or the whole is used.
        if let Some(shown) = self.display_near_cursor(width) {
            return shown;
        }
        let text = crate::domain::text::visible_for_editing(&self.value);
        layout(&text, self.cursor, width).0
    }

    /// [`Self::display`] from the characters around the cursor, cut where grapheme clusters
    /// cannot join across (between two printable ASCII characters), when what is shown is
    /// known to lie inside: None when the value is short or the stretch would not do.
    fn display_near_cursor(&self, width: usize) -> Option<(String, usize)> {
        let reach = 2 * width.max(1) + 32;
        let value: &str = &self.value;
        if value.len() <= 4 * reach {
            return None;
        }
        // At most `reach` characters either side of the cursor: within 4 bytes each.
        let at = self.byte_index(self.cursor);
        let mut lo = at.saturating_sub(4 * reach);
        while !value.is_char_boundary(lo) {
            lo -= 1;
        }
        let mut hi = (at + 4 * reach).min(value.len());
        while !value.is_char_boundary(hi) {
            hi += 1;
        }
        let chars: Vec<(usize, char)> = value
            .get(lo..hi)?
            .char_indices()
            .map(|(b, c)| (lo + b, c))
            .collect();
        let cursor = value.get(lo..at)?.chars().count();
        let byte = |i: usize| chars.get(i).map_or(hi, |(b, _)| *b);
        let printable = |i: usize| chars.get(i).is_some_and(|(_, c)| (' '..='~').contains(c));
        let cut = |i: usize| {
            (i == 0 && lo == 0)
                || (i == chars.len() && hi == value.len())
                || (i > 0 && printable(i - 1) && printable(i))
        };
        let from = (cursor.saturating_sub(reach)..=cursor.saturating_sub(reach / 2))
            .rev()
            .find(|&i| cut(i))?;
        let to = ((cursor + reach / 2).min(chars.len())..=(cursor + reach).min(chars.len()))
            .find(|&i| cut(i))?;
        let text = crate::domain::text::visible_for_editing(value.get(byte(from)..byte(to))?);
        let (shown, (at_start, at_end)) = layout(&text, cursor - from, width);
        // The walk back or forward ran out of the stretch before the width: not known.
        if (at_start && byte(from) > 0) || (at_end && byte(to) < value.len()) {
            return None;
        }
        Some(shown)
    }

    /// A labelled line for a form: "Label: value".
    pub fn line<'a>(&self, label: &'a str, focused: bool, theme: &Theme, width: usize) -> Line<'a> {
        let label_style = if focused {
            theme.focused_field()
        } else {
            theme.title()
        };
        let marker = if focused { "▸ " } else { "  " };
        let counter = self.counter().map(|c| format!("  {c}"));
        let room = width.saturating_sub(label.len() + 4 + counter.as_ref().map_or(0, |c| c.len()));
        let (text, _) = self.display(room);
        let mut spans = vec![
            Span::styled(marker, label_style),
            Span::styled(format!("{label}: "), label_style),
            Span::raw(text),
        ];
        spans.extend(counter.map(|c| Span::styled(c, theme.dim())));
        Line::from(spans)
    }

    pub fn cursor_column(&self, width: usize) -> usize {
        self.display(width).1
    }

    /// Columns the counter takes at the end of a field's line (none while it is hidden).
    pub fn counter_width(&self) -> usize {
        self.counter().map_or(0, |c| c.chars().count() + 2)
    }
}

impl TextInput {
    /// A masked field (a PIN, a passphrase): never kept in a draft.
    pub fn is_secret(&self) -> bool {
        self.masked
    }
}

/// The part of `text` shown in `width` columns with the cursor (at `cursor` characters) in
/// view, and the cursor's column; and whether the part reaches the text's start and its end.
fn layout(text: &str, cursor: usize, width: usize) -> ((String, usize), (bool, bool)) {
    use unicode_segmentation::UnicodeSegmentation;
    use unicode_width::UnicodeWidthStr;
    // Whole grapheme clusters, each with its width as the terminal draws it (a family
    // emoji is one two-column cluster, not three emoji and two joiners), and the cursor
    // as a cluster index (editing keeps it on a cluster boundary).
    let clusters: Vec<&str> = text.graphemes(true).collect();
    let mut chars_before = 0;
    let cursor = clusters
        .iter()
        .position(|g| {
            let at = chars_before >= cursor;
            chars_before += g.chars().count();
            at
        })
        .unwrap_or(clusters.len());
    let width = width.max(1);
    // Walk back from the cursor while the text before it still leaves a column for it.
    let (mut start, mut cursor_col) = (cursor, 0);
    while let Some(before) = start.checked_sub(1).and_then(|at| clusters.get(at)) {
        let w = before.width();
        if cursor_col + w >= width {
            break;
        }
        cursor_col += w;
        start -= 1;
    }
    // Only what fits is handed on, so a long value costs its visible part to draw.
    let mut used = 0;
    let mut taken = 0;
    let visible: String = clusters
        .iter()
        .skip(start)
        .take_while(|g| {
            used += g.width();
            used <= width
        })
        .inspect(|_| taken += 1)
        .copied()
        .collect();
    let at_end = start + taken == clusters.len();
    ((visible, cursor_col), (start == 0, at_end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn edit() -> impl Strategy<Value = KeyCode> {
        prop_oneof![
            4 => prop::sample::select(vec!['a', 'é', '👧', '\u{200d}', '\u{301}', ' '])
                .prop_map(KeyCode::Char),
            1 => Just(KeyCode::Backspace),
            1 => Just(KeyCode::Delete),
            1 => Just(KeyCode::Left),
            1 => Just(KeyCode::Right),
            1 => Just(KeyCode::Home),
            1 => Just(KeyCode::End),
        ]
    }

    proptest! {
        /// The kept count is the value's: after any keys and pastes, within the limit or
        /// refused at it.
        #[test]
        fn the_kept_count_is_always_the_values(
            keys in prop::collection::vec(edit(), 0..80),
            paste_at in 0usize..80,
        ) {
            let mut t = TextInput::new(40);
            for (i, code) in keys.into_iter().enumerate() {
                if i == paste_at {
                    let _ = t.paste("pasted e\u{301} 👨\u{200d}👩");
                }
                let _ = t.try_key(KeyEvent::new(code, KeyModifiers::NONE));
                prop_assert_eq!(t.len(), t.value().chars().count());
                prop_assert!(t.len() <= 40);
            }
            t.clear();
            prop_assert_eq!(t.len(), 0);
            t.set("set whole");
            prop_assert_eq!(t.len(), 9);
        }
    }

    #[test]
    fn an_emoji_sequence_or_a_combining_accent_is_one_character_to_edit_and_draw() {
        let family = "👨\u{200d}👩\u{200d}👧";
        let mut t = TextInput::new(100);
        t.paste(&format!("a{family}e\u{301}b")).unwrap();
        let (shown, col) = t.display(40);
        assert_eq!(shown, format!("a{family}e\u{301}b"));
        assert_eq!(col, 1 + 2 + 1 + 1, "columns as drawn: a, the family, é, b");
        t.handle_key(KeyEvent::new(KeyCode::Left, KeyModifiers::NONE));
        t.handle_key(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
        assert_eq!(t.value(), format!("a{family}b"), "é went whole");
        t.handle_key(KeyEvent::new(KeyCode::Left, KeyModifiers::NONE));
        assert_eq!(t.display(40).1, 1, "one step over the whole family");
        t.handle_key(KeyEvent::new(KeyCode::Delete, KeyModifiers::NONE));
        assert_eq!(t.value(), "ab", "the family went whole");
    }

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn a_flag_is_one_step_and_a_narrow_field_never_shows_half_of_one() {
        let (uk, ua) = ("🇬🇧", "🇺🇦");
        let mut t = TextInput::new(100);
        t.paste(&format!("{uk}{ua}x")).unwrap();
        t.handle_key(key(KeyCode::Left));
        t.handle_key(key(KeyCode::Backspace));
        assert_eq!(t.value(), format!("{uk}x"), "both regional indicators went");
        t.handle_key(key(KeyCode::Home));
        t.handle_key(key(KeyCode::Right));
        assert_eq!(t.display(40).1, 2, "one step over the flag, two columns");
        t.set(&format!("{uk}{ua}{uk}"));
        let (shown, col) = t.display(3);
        assert_eq!(
            shown, uk,
            "only whole flags: the last one, with room for the cursor"
        );
        assert_eq!(col, 2);
    }

    #[test]
    fn editing_keys() {
        let mut t = TextInput::new(5);
        for c in "abc".chars() {
            t.handle_key(key(KeyCode::Char(c)));
        }
        t.handle_key(key(KeyCode::Left));
        t.handle_key(key(KeyCode::Backspace));
        assert_eq!(t.value(), "ac");
        t.handle_key(key(KeyCode::Home));
        t.handle_key(key(KeyCode::Char('é')));
        assert_eq!(t.value(), "éac");
        for c in "xyz".chars() {
            t.handle_key(key(KeyCode::Char(c)));
        }
        assert_eq!(t.value(), "éxyac", "stops at the maximum length");
    }

    #[test]
    fn masked_and_pin_fields() {
        let mut p = TextInput::pin();
        for c in "12a3".chars() {
            p.handle_key(key(KeyCode::Char(c)));
        }
        assert_eq!(p.value(), "123");
        assert_eq!(p.display(20).0, "•••");
        assert!(!format!("{p:?}").contains("123"));
    }

    #[test]
    fn a_full_field_refuses_a_typed_character() {
        let mut t = TextInput::new(3);
        t.set("abc");
        assert_eq!(
            t.try_key(key(KeyCode::Char('d'))),
            Err(Refusal::Full { max: 3 })
        );
        assert_eq!(t.value(), "abc");
    }

    #[test]
    fn a_paste_goes_in_at_the_cursor_on_one_line() {
        let mut t = TextInput::new(100);
        t.set("Dear GP,  thanks");
        for _ in 0..8 {
            t.handle_key(key(KeyCode::Left));
        }
        assert_eq!(
            t.paste(
                "line one
line two	end
"
            ),
            Ok(0)
        );
        assert_eq!(t.value(), "Dear GP,line one line two end  thanks");
        t.handle_key(key(KeyCode::Char('!')));
        assert_eq!(
            t.value(),
            "Dear GP,line one line two end!  thanks",
            "cursor after it"
        );
    }

    #[test]
    fn a_paste_past_the_limit_is_refused_whole() {
        let mut t = TextInput::new(500);
        t.set("kept");
        assert_eq!(
            t.paste(&"x".repeat(10_000)),
            Err(Refusal::PasteTooLong {
                max: 500,
                over: 9_504
            })
        );
        assert_eq!(t.value(), "kept", "nothing was added");
        assert_eq!(
            t.paste(&"y".repeat(496)),
            Ok(0),
            "exactly the room left fits"
        );
        assert_eq!(t.len(), 500);
    }

    #[test]
    fn a_pasted_pin_must_be_digits() {
        let mut p = TextInput::pin();
        assert_eq!(p.paste("12a456"), Err(Refusal::NotDigits));
        assert!(p.is_empty());
        assert_eq!(
            p.paste("123456\n"),
            Ok(0),
            "a copied trailing line break is dropped"
        );
        assert_eq!(p.value(), "123456");
        let mut pass = TextInput::masked(1024);
        pass.paste("correct horse battery\r\n").unwrap();
        assert_eq!(pass.value(), "correct horse battery");
    }

    #[test]
    fn control_characters_are_left_out_of_a_paste_and_counted() {
        let mut t = TextInput::new(80);
        assert_eq!(t.paste("Sam\x1b[31m W\x07"), Ok(2));
        assert_eq!(t.value(), "Sam[31m W");
        t.handle_key(key(KeyCode::Char('\u{1b}')));
        assert_eq!(t.value(), "Sam[31m W", "nor typed");
    }

    #[test]
    fn a_saved_value_longer_than_the_limit_is_shown_whole() {
        let mut t = TextInput::new(10);
        t.set(&"z".repeat(12));
        assert_eq!(t.value().len(), 12);
        assert_eq!(t.counter(), None, "a 10-character field has no counter");
        let mut t = TextInput::new(500);
        t.set(&"z".repeat(520));
        assert_eq!(t.value().len(), 520);
        assert_eq!(t.counter().as_deref(), Some("520 / 500"));
    }

    #[test]
    fn the_counter_shows_near_the_limit() {
        let mut t = TextInput::new(500);
        t.set(&"a".repeat(449));
        assert_eq!(t.counter(), None);
        t.handle_key(key(KeyCode::Char('a')));
        assert_eq!(t.counter().as_deref(), Some("450 / 500"));
        let theme = Theme::plain();
        let line = t.line("Need", true, &theme, 60);
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        assert!(text.ends_with("450 / 500"), "{text}");
    }

    #[test]
    fn a_bidi_override_is_kept_and_shown_visibly() {
        let mut t = TextInput::new(80);
        t.paste("abc\u{202E}def").unwrap();
        assert_eq!(t.value(), "abc\u{202E}def", "stored as typed");
        let (shown, col) = t.display(40);
        assert_eq!(shown, "abc\u{FFFD}def");
        assert_eq!(col, 7);
    }

    #[test]
    fn a_long_paste_costs_one_pass() {
        let mut t = TextInput::new(200_000);
        t.set("start end");
        t.handle_key(key(KeyCode::Home));
        let text = "é".repeat(100_000);
        let started = std::time::Instant::now();
        t.paste(&text).unwrap();
        let _ = t.display(80);
        t.handle_key(key(KeyCode::Char('x')));
        assert!(started.elapsed() < std::time::Duration::from_millis(200));
        assert_eq!(t.len(), 100_010);
    }

    proptest::proptest! {
        /// A long value laid out from the stretch around its cursor shows exactly what the
        /// whole value laid out shows, wherever the cursor and whatever the characters.
        #[test]
        fn a_long_value_shows_as_the_whole_would(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::strategy::Just("word ".to_string()),
                    proptest::strategy::Just("ab".to_string()),
                    proptest::strategy::Just("👨‍👩‍👧".to_string()),
                    proptest::strategy::Just("e\u{301}".to_string()),
                    proptest::strategy::Just("\u{202E}".to_string()),
                    proptest::strategy::Just("\u{200B}".to_string()),
                    proptest::strategy::Just("🇬🇧".to_string()),
                    proptest::strategy::Just("語".to_string()),
                    proptest::strategy::Just("\t".to_string()),
                    "[a-z ]{1,30}",
                ],
                50..400,
            ),
            cursor_at in 0.0f64..=1.0,
            width in 1usize..130,
        ) {
            let mut t = TextInput::new(100_000);
            t.set(&parts.concat());
            t.cursor = (t.len() as f64 * cursor_at) as usize;
            // Onto a cluster boundary, as editing keeps it.
            t.cursor = t.grapheme_step(false);
            t.cursor = t.grapheme_step(true);
            let whole = layout(
                &crate::domain::text::visible_for_editing(t.value()),
                t.cursor,
                width,
            )
            .0;
            proptest::prop_assert_eq!(t.display(width), whole);
        }
    }

    #[test]
    fn a_long_plain_value_is_laid_out_from_around_the_cursor() {
        let mut t = TextInput::new(20_000);
        t.set(&"word ".repeat(2000));
        for cursor in [0, 3, 5000, 9_999, 10_000] {
            t.cursor = cursor;
            assert!(t.display_near_cursor(80).is_some(), "cursor {cursor}");
        }
    }

    #[test]
    fn long_text_scrolls_to_keep_the_cursor_visible() {
        let mut t = TextInput::new(100);
        t.set(&"x".repeat(50));
        let (shown, col) = t.display(10);
        assert!(shown.len() <= 50 && col < 10);
    }
}
