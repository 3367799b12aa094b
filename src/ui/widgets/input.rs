//! A single-line text input. Its buffer is wiped from memory when dropped, so passphrases,
//! PINs and visitor words do not linger after a lock.

use crate::ui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;
use zeroize::Zeroizing;

pub struct TextInput {
    value: Zeroizing<String>,
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
        self.value.chars().count()
    }

    pub fn is_empty(&self) -> bool {
        self.value.is_empty()
    }

    pub fn clear(&mut self) {
        self.value = Zeroizing::new(String::new());
        self.cursor = 0;
    }

    pub fn set(&mut self, text: &str) {
        self.value = Zeroizing::new(text.chars().take(self.max_chars).collect());
        self.cursor = self.len();
    }

    fn byte_index(&self, char_index: usize) -> usize {
        self.value
            .char_indices()
            .nth(char_index)
            .map_or(self.value.len(), |(i, _)| i)
    }

    /// Handles an editing key; returns true if the key was used.
    pub fn handle_key(&mut self, key: KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('u') if ctrl => {
                self.clear();
                true
            }
            KeyCode::Char('a') if ctrl => {
                self.cursor = 0;
                true
            }
            KeyCode::Char('e') if ctrl => {
                self.cursor = self.len();
                true
            }
            KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) => {
                if c.is_control()
                    || (self.digits_only && !c.is_ascii_digit())
                    || self.len() >= self.max_chars
                {
                    return true;
                }
                let at = self.byte_index(self.cursor);
                self.value.insert(at, c);
                self.cursor += 1;
                true
            }
            KeyCode::Backspace => {
                if self.cursor > 0 {
                    self.cursor -= 1;
                    let at = self.byte_index(self.cursor);
                    self.value.remove(at);
                }
                true
            }
            KeyCode::Delete => {
                if self.cursor < self.len() {
                    let at = self.byte_index(self.cursor);
                    self.value.remove(at);
                }
                true
            }
            KeyCode::Left => {
                self.cursor = self.cursor.saturating_sub(1);
                true
            }
            KeyCode::Right => {
                self.cursor = (self.cursor + 1).min(self.len());
                true
            }
            KeyCode::Home => {
                self.cursor = 0;
                true
            }
            KeyCode::End => {
                self.cursor = self.len();
                true
            }
            _ => false,
        }
    }

    /// What is shown: bullets for a masked field, the (sanitised) text otherwise, scrolled so
    /// the cursor stays within `width` columns.
    pub fn display(&self, width: usize) -> (String, usize) {
        let shown: String = if self.masked {
            "•".repeat(self.len())
        } else {
            crate::ui::safe(&self.value)
        };
        let chars: Vec<char> = shown.chars().collect();
        let cursor = self.cursor.min(chars.len());
        let mut start = 0;
        while UnicodeWidthStr::width(chars[start..cursor].iter().collect::<String>().as_str())
            >= width.max(1)
        {
            start += 1;
        }
        let visible: String = chars[start..].iter().collect();
        let cursor_col =
            UnicodeWidthStr::width(chars[start..cursor].iter().collect::<String>().as_str());
        (visible, cursor_col)
    }

    /// A labelled line for a form: "Label: value".
    pub fn line<'a>(&self, label: &'a str, focused: bool, theme: &Theme, width: usize) -> Line<'a> {
        let label_style = if focused {
            theme.focused_field()
        } else {
            theme.title()
        };
        let marker = if focused { "▸ " } else { "  " };
        let (text, _) = self.display(width.saturating_sub(label.len() + 4));
        Line::from(vec![
            Span::styled(marker, label_style),
            Span::styled(format!("{label}: "), label_style),
            Span::raw(text),
        ])
    }

    pub fn cursor_column(&self, width: usize) -> usize {
        self.display(width).1
    }
}

impl TextInput {
    /// A masked field (a PIN, a passphrase): never kept in a draft.
    pub fn is_secret(&self) -> bool {
        self.masked
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
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
    fn long_text_scrolls_to_keep_the_cursor_visible() {
        let mut t = TextInput::new(100);
        t.set(&"x".repeat(50));
        let (shown, col) = t.display(10);
        assert!(shown.len() <= 50 && col < 10);
    }
}
