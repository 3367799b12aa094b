//! Terminal bytes to input events, with no I/O: the reader thread feeds it what each read
//! returned and asks it to give up on a half-sequence when the terminal has gone quiet.
//!
//! Why our own decoder rather than crossterm's: crossterm 0.29 reads one 1 KiB chunk per
//! wake-up and can sit on the rest of a paste until another key arrives (crossterm #813,
//! #1057), and its bracketed-paste parser waits forever for an end marker that never comes
//! (#1060, #1061). Decoding here lets the reader drain the terminal in full on every wake-up,
//! bound a paste in size and time, and see the terminal close (end of file or EIO).

#![allow(
    clippy::indexing_slicing,
    reason = "a parser of terminal bytes that only indexes past positions it has checked; the property test `no_bytes_in_any_chunks_panic` feeds it random bytes in random pieces"
)]

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

/// Longest bracketed paste taken in, in bytes. Larger than any field's limit, so anything a
/// field could accept arrives whole and the field can say how much too long it is; past it
/// the paste is dropped and reported, never cut.
pub const PASTE_MAX_BYTES: usize = 4 * 1024 * 1024;

const PASTE_END: &[u8] = b"\x1b[201~";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Key(KeyEvent),
    /// Printable characters that arrived in one read without bracketed paste: typed faster
    /// than a frame, or pasted into a terminal that does not bracket pastes. Semantically
    /// keys; a text field takes them in one go.
    Text(String),
    /// A bracketed paste: one event, line breaks and all, never to be read as keys.
    Paste(String),
    /// A bracketed paste longer than [`PASTE_MAX_BYTES`]: dropped whole. Its size in bytes.
    PasteTooLong(usize),
    /// A mouse report (SGR mode 1006), with the column and row counted from 0 as ratatui does.
    Mouse(MouseEvent),
}

/// Keeps no text longer than it must (issue 17 point 7): the bytes of each read are taken out of
/// `pending` and freed once decoded, a paste's buffer is freed when its event is made, and every
/// freed block is zeroed by the allocator (`crate::wipe`); only a half-sequence waits here.
#[derive(Default)]
pub struct Decoder {
    /// Bytes of a sequence not yet complete (an escape sequence or a UTF-8 character).
    pending: Vec<u8>,
    /// Inside a bracketed paste: what it holds so far (`None` when it grew too long).
    paste: Option<PasteBuffer>,
}

struct PasteBuffer {
    bytes: Vec<u8>,
    /// Set once the paste passed the limit: how many bytes it has had, none of them kept.
    dropped: Option<usize>,
}

impl Decoder {
    pub fn new() -> Decoder {
        Decoder::default()
    }

    /// True while a bracketed paste has started and not ended.
    pub fn in_paste(&self) -> bool {
        self.paste.is_some()
    }

    /// True while the bytes seen so far end part-way through a sequence, so the reader
    /// should wait a moment for the rest before calling [`Decoder::flush`].
    pub fn has_partial(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Takes the bytes of one read and returns the events they complete.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<Input> {
        let mut out = Vec::new();
        self.pending.extend_from_slice(bytes);
        let data = std::mem::take(&mut self.pending);
        let mut i = 0;
        let mut text = String::new();
        while i < data.len() {
            if let Some(paste) = &mut self.paste {
                // Everything up to the end marker is pasted text, escape bytes included.
                match find(&data[i..], PASTE_END) {
                    Some(at) => {
                        paste.push(&data[i..i + at]);
                        i += at + PASTE_END.len();
                        out.push(self.end_paste());
                    }
                    None => {
                        // Keep back a tail that could be the start of the end marker.
                        let keep = partial_suffix(&data[i..], PASTE_END);
                        let end = data.len() - keep;
                        paste.push(&data[i..end]);
                        self.pending.extend_from_slice(&data[end..]);
                        i = data.len();
                    }
                }
                continue;
            }
            match decode_one(&data[i..]) {
                Step::Incomplete => {
                    self.pending.extend_from_slice(&data[i..]);
                    break;
                }
                Step::Char(c, used) => {
                    text.push(c);
                    i += used;
                }
                Step::Event(event, used) => {
                    flush_text(&mut text, &mut out);
                    out.push(event);
                    i += used;
                }
                Step::PasteStart(used) => {
                    flush_text(&mut text, &mut out);
                    self.paste = Some(PasteBuffer {
                        bytes: Vec::new(),
                        dropped: None,
                    });
                    i += used;
                }
                Step::Skip(used) => {
                    i += used;
                }
            }
        }
        flush_text(&mut text, &mut out);
        out
    }

    /// The terminal has gone quiet: a lone ESC was the Esc key, a half-sequence is dropped,
    /// and a paste whose end marker never came ends here with what arrived (so an
    /// unterminated paste cannot swallow every later key).
    pub fn flush(&mut self) -> Vec<Input> {
        let mut out = Vec::new();
        if let Some(paste) = &mut self.paste {
            let tail = std::mem::take(&mut self.pending);
            paste.push(&tail);
            out.push(self.end_paste());
            return out;
        }
        let pending = std::mem::take(&mut self.pending);
        match pending.as_slice() {
            [] => {}
            [0x1b] => out.push(Input::Key(key(KeyCode::Esc, KeyModifiers::NONE))),
            // An escape sequence or a UTF-8 character cut short: nothing a key could mean.
            _ => {}
        }
        out
    }

    fn end_paste(&mut self) -> Input {
        let paste = self.paste.take().expect("in a paste");
        if let Some(size) = paste.dropped {
            return Input::PasteTooLong(size);
        }
        Input::Paste(String::from_utf8_lossy(&paste.bytes).into_owned())
    }
}

impl PasteBuffer {
    fn push(&mut self, bytes: &[u8]) {
        match &mut self.dropped {
            // Too long already: only count, so the message can say how large it was.
            Some(count) => *count += bytes.len(),
            None => {
                self.bytes.extend_from_slice(bytes);
                if self.bytes.len() > PASTE_MAX_BYTES {
                    self.dropped = Some(self.bytes.len());
                    self.bytes = Vec::new();
                }
            }
        }
    }
}

fn flush_text(text: &mut String, out: &mut Vec<Input>) {
    match text.chars().count() {
        0 => {}
        1 => {
            let c = text.chars().next().expect("one");
            out.push(Input::Key(key(KeyCode::Char(c), KeyModifiers::NONE)));
            text.clear();
        }
        _ => out.push(Input::Text(std::mem::take(text))),
    }
}

enum Step {
    /// More bytes are needed to know what this is.
    Incomplete,
    /// A printable character, and how many bytes it took.
    Char(char, usize),
    Event(Input, usize),
    PasteStart(usize),
    /// Bytes that mean nothing here (an unknown sequence, a broken UTF-8 byte).
    Skip(usize),
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, modifiers)
}

fn event(code: KeyCode, modifiers: KeyModifiers, used: usize) -> Step {
    Step::Event(Input::Key(key(code, modifiers)), used)
}

fn decode_one(data: &[u8]) -> Step {
    let b = data[0];
    match b {
        0x1b => decode_escape(data),
        b'\r' | b'\n' => event(KeyCode::Enter, KeyModifiers::NONE, 1),
        b'\t' => event(KeyCode::Tab, KeyModifiers::NONE, 1),
        0x7f | 0x08 => event(KeyCode::Backspace, KeyModifiers::NONE, 1),
        0x00 => event(KeyCode::Char(' '), KeyModifiers::CONTROL, 1),
        0x01..=0x1a => event(
            KeyCode::Char((b - 0x01 + b'a') as char),
            KeyModifiers::CONTROL,
            1,
        ),
        0x1c..=0x1f => event(
            KeyCode::Char((b - 0x1c + b'4') as char),
            KeyModifiers::CONTROL,
            1,
        ),
        0x20..=0x7e => Step::Char(b as char, 1),
        _ => decode_utf8(data),
    }
}

fn decode_utf8(data: &[u8]) -> Step {
    let len = match data[0] {
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        // A continuation byte with no lead, or a byte UTF-8 never uses.
        _ => return Step::Skip(1),
    };
    if data
        .iter()
        .take(len)
        .skip(1)
        .any(|byte| byte & 0xc0 != 0x80)
    {
        // A lead byte cut short by another character: drop the lead byte alone, so the
        // character after it still counts (a lone 0xc2 must not swallow the next key).
        return Step::Skip(1);
    }
    if data.len() < len {
        return Step::Incomplete;
    }
    match std::str::from_utf8(&data[..len]) {
        Ok(s) => {
            let c = s.chars().next().expect("one character");
            if c.is_control() {
                // C1 controls: never typed, never text.
                Step::Skip(len)
            } else {
                Step::Char(c, len)
            }
        }
        Err(_) => Step::Skip(1),
    }
}

fn decode_escape(data: &[u8]) -> Step {
    let Some(&next) = data.get(1) else {
        return Step::Incomplete;
    };
    match next {
        b'[' => decode_csi(data),
        b'O' => {
            let Some(&last) = data.get(2) else {
                return Step::Incomplete;
            };
            let code = match last {
                b'R' => KeyCode::F(3),
                _ => match cursor_or_function_key(last) {
                    Some(code) => code,
                    None => return Step::Skip(3),
                },
            };
            event(code, KeyModifiers::NONE, 3)
        }
        // Esc pressed twice: the first is a key of its own.
        0x1b => event(KeyCode::Esc, KeyModifiers::NONE, 1),
        _ => match decode_one(&data[1..]) {
            Step::Incomplete => Step::Incomplete,
            Step::Char(c, used) => event(KeyCode::Char(c), KeyModifiers::ALT, used + 1),
            Step::Event(Input::Key(k), used) => {
                event(k.code, k.modifiers | KeyModifiers::ALT, used + 1)
            }
            _ => event(KeyCode::Esc, KeyModifiers::NONE, 1),
        },
    }
}

/// `ESC [ params final`: arrows, Home/End, editing keys, function keys, paste markers.
fn decode_csi(data: &[u8]) -> Step {
    // Parameters and intermediates run from 0x20 to 0x3f; the final byte is 0x40..=0x7e.
    let body = &data[2..];
    let Some(end) = body.iter().position(|b| (0x40..=0x7e).contains(b)) else {
        if body.iter().all(|b| (0x20..=0x3f).contains(b)) && body.len() < 64 {
            return Step::Incomplete;
        }
        // Not a sequence after all: the ESC stands alone and the rest is read again.
        return event(KeyCode::Esc, KeyModifiers::NONE, 1);
    };
    let used = 2 + end + 1;
    let params = &body[..end];
    let last = body[end];
    if params.first() == Some(&b'<') && matches!(last, b'M' | b'm') {
        return match sgr_mouse(&params[1..], last == b'M') {
            Some(mouse) => Step::Event(Input::Mouse(mouse), used),
            None => Step::Skip(used),
        };
    }
    if params.first() == Some(&b'<') || params.first() == Some(&b'?') {
        // Terminal replies: nothing asked them.
        return Step::Skip(used);
    }
    if params.is_empty() && last == b'M' {
        // A legacy X10 mouse report (`ESC [ M` and three raw bytes), from a terminal without
        // SGR reports: its three bytes must not be read as typed characters.
        if data.len() < used + 3 {
            return Step::Incomplete;
        }
        return Step::Skip(used + 3);
    }
    let numbers: Vec<u16> = std::str::from_utf8(params)
        .unwrap_or("")
        .split(';')
        .map(|p| p.parse().unwrap_or(0))
        .collect();
    let modifiers = numbers
        .get(1)
        .map_or(KeyModifiers::NONE, |&m| modifiers_of(m));
    let code = match last {
        b'Z' => return event(KeyCode::BackTab, KeyModifiers::SHIFT, used),
        b'~' => match numbers.first().copied().unwrap_or(0) {
            200 => return Step::PasteStart(used),
            // An end marker outside a paste: nothing to end.
            201 => return Step::Skip(used),
            1 | 7 => KeyCode::Home,
            2 => KeyCode::Insert,
            3 => KeyCode::Delete,
            4 | 8 => KeyCode::End,
            5 => KeyCode::PageUp,
            6 => KeyCode::PageDown,
            n @ 11..=15 => KeyCode::F((n - 10) as u8),
            n @ 17..=21 => KeyCode::F((n - 11) as u8),
            n @ 23..=24 => KeyCode::F((n - 12) as u8),
            _ => return Step::Skip(used),
        },
        // `ESC [ 1 ; 3 R` is F3 to some terminals and a cursor report to others: left alone.
        _ => match cursor_or_function_key(last) {
            Some(code) => code,
            None => return Step::Skip(used),
        },
    };
    event(code, modifiers, used)
}

/// `b ; x ; y` of an SGR mouse report: the button and modifier bits of `b`, and the 1-based
/// column and row. `press` is the final `M` (a press, drag or wheel), not `m` (a release).
fn sgr_mouse(params: &[u8], press: bool) -> Option<MouseEvent> {
    let text = std::str::from_utf8(params).ok()?;
    let mut numbers = text.split(';').map(|p| p.parse::<u16>().ok());
    let (b, x, y) = (numbers.next()??, numbers.next()??, numbers.next()??);
    if numbers.next().is_some() || x == 0 || y == 0 {
        return None;
    }
    let button = match b & 0b11 {
        0 => MouseButton::Left,
        1 => MouseButton::Middle,
        _ => MouseButton::Right,
    };
    let kind = if b & 64 != 0 {
        match b & 0b11 {
            0 => MouseEventKind::ScrollUp,
            1 => MouseEventKind::ScrollDown,
            2 => MouseEventKind::ScrollLeft,
            _ => MouseEventKind::ScrollRight,
        }
    } else if b & 32 != 0 {
        // Motion: with a button held it is a drag; "button 3" is motion with none held.
        if b & 0b11 == 3 {
            MouseEventKind::Moved
        } else {
            MouseEventKind::Drag(button)
        }
    } else if press {
        MouseEventKind::Down(button)
    } else {
        MouseEventKind::Up(button)
    };
    let mut modifiers = KeyModifiers::NONE;
    if b & 4 != 0 {
        modifiers |= KeyModifiers::SHIFT;
    }
    if b & 8 != 0 {
        modifiers |= KeyModifiers::ALT;
    }
    if b & 16 != 0 {
        modifiers |= KeyModifiers::CONTROL;
    }
    Some(MouseEvent {
        kind,
        column: x - 1,
        row: y - 1,
        modifiers,
    })
}

/// The final byte shared by `ESC [` and `ESC O` sequences: arrows, Home, End, F1, F2, F4.
fn cursor_or_function_key(last: u8) -> Option<KeyCode> {
    Some(match last {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'P' => KeyCode::F(1),
        b'Q' => KeyCode::F(2),
        b'S' => KeyCode::F(4),
        _ => return None,
    })
}

/// xterm's modifier parameter: 1 + a bit mask of Shift (1), Alt (2) and Ctrl (4).
fn modifiers_of(param: u16) -> KeyModifiers {
    let mask = param.saturating_sub(1);
    let mut m = KeyModifiers::NONE;
    if mask & 1 != 0 {
        m |= KeyModifiers::SHIFT;
    }
    if mask & 2 != 0 {
        m |= KeyModifiers::ALT;
    }
    if mask & 4 != 0 {
        m |= KeyModifiers::CONTROL;
    }
    m
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// How many bytes at the end of `data` are the start of `marker`.
fn partial_suffix(data: &[u8], marker: &[u8]) -> usize {
    (1..marker.len())
        .rev()
        .find(|&n| data.len() >= n && data[data.len() - n..] == marker[..n])
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Bytes a terminal sends, weighted towards the ones that start and shape sequences.
    fn terminal_byte() -> impl Strategy<Value = u8> {
        prop_oneof![
            3 => any::<u8>(),
            2 => Just(0x1b),
            1 => prop::sample::select(b"[O<;~Mm0123456789ABCDHFPQRS200201".to_vec()),
            1 => prop::sample::select(vec![0xc2, 0xe2, 0xf0, 0x80, 0x9f, 0xbf]),
        ]
    }

    proptest! {
        /// The decoder reads whatever a terminal (or a hostile paste) sends, cut into reads at
        /// any place, without panicking; what it keeps back is bounded by what it was fed.
        #[test]
        fn no_bytes_in_any_chunks_panic(
            bytes in prop::collection::vec(terminal_byte(), 0..600),
            cuts in prop::collection::vec(0usize..600, 0..10),
        ) {
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(bytes.len())).collect();
            cuts.sort_unstable();
            let mut decoder = Decoder::new();
            let mut from = 0;
            for cut in cuts.into_iter().chain([bytes.len()]) {
                decoder.feed(&bytes[from..cut]);
                from = cut;
            }
            decoder.flush();
            prop_assert!(!decoder.has_partial());
        }
    }

    const PASTE_START: &[u8] = b"\x1b[200~";

    fn k(code: KeyCode) -> Input {
        Input::Key(key(code, KeyModifiers::NONE))
    }

    fn ctrl(c: char) -> Input {
        Input::Key(key(KeyCode::Char(c), KeyModifiers::CONTROL))
    }

    fn decode_all(chunks: &[&[u8]]) -> Vec<Input> {
        let mut d = Decoder::new();
        let mut out: Vec<Input> = chunks.iter().flat_map(|c| d.feed(c)).collect();
        out.extend(d.flush());
        out
    }

    fn bracketed(text: &str) -> Vec<u8> {
        [PASTE_START, text.as_bytes(), PASTE_END].concat()
    }

    #[test]
    fn a_lone_character_is_a_key_and_a_run_is_text() {
        assert_eq!(decode_all(&[b"j"]), vec![k(KeyCode::Char('j'))]);
        assert_eq!(decode_all(&[b"Sam"]), vec![Input::Text("Sam".into())]);
    }

    #[test]
    fn control_bytes_are_keys_between_runs_of_text() {
        assert_eq!(
            decode_all(&[b"Sam\tneed\r\x13\x0c\x7f"]),
            vec![
                Input::Text("Sam".into()),
                k(KeyCode::Tab),
                Input::Text("need".into()),
                k(KeyCode::Enter),
                ctrl('s'),
                ctrl('l'),
                k(KeyCode::Backspace),
            ]
        );
    }

    #[test]
    fn escape_sequences_name_their_keys() {
        let cases: &[(&[u8], KeyCode, KeyModifiers)] = &[
            (b"\x1b[A", KeyCode::Up, KeyModifiers::NONE),
            (b"\x1b[B", KeyCode::Down, KeyModifiers::NONE),
            (b"\x1bOC", KeyCode::Right, KeyModifiers::NONE),
            (b"\x1b[1;5D", KeyCode::Left, KeyModifiers::CONTROL),
            (b"\x1b[1;2H", KeyCode::Home, KeyModifiers::SHIFT),
            (b"\x1b[F", KeyCode::End, KeyModifiers::NONE),
            (b"\x1b[Z", KeyCode::BackTab, KeyModifiers::SHIFT),
            (b"\x1b[3~", KeyCode::Delete, KeyModifiers::NONE),
            (b"\x1b[5~", KeyCode::PageUp, KeyModifiers::NONE),
            (b"\x1b[6;3~", KeyCode::PageDown, KeyModifiers::ALT),
            (b"\x1bOP", KeyCode::F(1), KeyModifiers::NONE),
            (b"\x1b[24~", KeyCode::F(12), KeyModifiers::NONE),
            (b"\x1bx", KeyCode::Char('x'), KeyModifiers::ALT),
        ];
        for (bytes, code, modifiers) in cases {
            assert_eq!(
                decode_all(&[bytes]),
                vec![Input::Key(key(*code, *modifiers))],
                "{bytes:?}"
            );
        }
    }

    #[test]
    fn a_lone_esc_waits_for_the_quiet_then_is_the_esc_key() {
        let mut d = Decoder::new();
        assert!(d.feed(b"\x1b").is_empty(), "could start a sequence");
        assert!(d.has_partial());
        assert_eq!(d.flush(), vec![k(KeyCode::Esc)]);
        assert_eq!(
            decode_all(&[b"\x1b\x1b"]),
            vec![k(KeyCode::Esc), k(KeyCode::Esc)]
        );
    }

    #[test]
    fn a_sequence_split_across_reads_is_joined() {
        assert_eq!(
            decode_all(&[b"\x1b", b"[", b"1;5", b"C"]),
            vec![Input::Key(key(KeyCode::Right, KeyModifiers::CONTROL))]
        );
    }

    #[test]
    fn utf8_split_across_reads_is_one_character() {
        let e = "é".as_bytes();
        assert_eq!(decode_all(&[&e[..1], &e[1..]]), vec![k(KeyCode::Char('é'))]);
        assert_eq!(
            decode_all(&["née 👪".as_bytes()]),
            vec![Input::Text("née 👪".into())]
        );
    }

    #[test]
    fn a_broken_utf8_byte_does_not_swallow_the_next_key() {
        assert_eq!(decode_all(&[b"\xc2a"]), vec![k(KeyCode::Char('a'))]);
        assert_eq!(decode_all(&[b"\xc2", b"\r"]), vec![k(KeyCode::Enter)]);
        assert_eq!(decode_all(&[b"\xff\x13"]), vec![ctrl('s')]);
    }

    #[test]
    fn a_bracketed_paste_is_one_event_with_its_line_breaks_and_escapes() {
        let text = "Referral from GP\r\nSees things\x1b[A moving\ttoday";
        let mut bytes = bracketed(text);
        bytes.extend_from_slice(b"\x13");
        assert_eq!(
            decode_all(&[&bytes]),
            vec![Input::Paste(text.into()), ctrl('s')],
            "the paste whole, then the key after it"
        );
    }

    #[test]
    fn a_paste_split_at_any_byte_arrives_whole() {
        let text = "line one\nline two é 👪 end";
        let mut bytes = b"ab".to_vec();
        bytes.extend(bracketed(text));
        bytes.push(b'\t');
        for split in 0..=bytes.len() {
            for second in split..=bytes.len() {
                let got = decode_all(&[&bytes[..split], &bytes[split..second], &bytes[second..]]);
                let pasted: Vec<&Input> = got
                    .iter()
                    .filter(|e| matches!(e, Input::Paste(_)))
                    .collect();
                assert_eq!(
                    pasted,
                    vec![&Input::Paste(text.into())],
                    "split {split}/{second}"
                );
                assert_eq!(got.last(), Some(&k(KeyCode::Tab)), "split {split}/{second}");
            }
        }
    }

    #[test]
    fn an_unterminated_paste_ends_at_the_quiet_and_later_keys_are_keys() {
        let mut d = Decoder::new();
        let mut start = PASTE_START.to_vec();
        start.extend_from_slice(b"half a letter");
        assert!(d.feed(&start).is_empty());
        assert!(d.in_paste());
        assert_eq!(d.flush(), vec![Input::Paste("half a letter".into())]);
        assert!(!d.in_paste());
        assert_eq!(d.feed(b"\x13"), vec![ctrl('s')]);
    }

    #[test]
    fn a_paste_past_the_limit_is_dropped_whole_and_reported() {
        let mut d = Decoder::new();
        let big = vec![b'x'; PASTE_MAX_BYTES / 2 + 1];
        assert!(d.feed(PASTE_START).is_empty());
        assert!(d.feed(&big).is_empty());
        assert!(d.feed(&big).is_empty());
        let mut end = PASTE_END.to_vec();
        end.push(b'\r');
        assert_eq!(
            d.feed(&end),
            vec![Input::PasteTooLong(big.len() * 2), k(KeyCode::Enter)]
        );
    }

    fn mouse(kind: MouseEventKind, column: u16, row: u16) -> Input {
        Input::Mouse(MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    }

    #[test]
    fn sgr_mouse_reports_are_mouse_events_counted_from_zero() {
        use MouseButton::Left;
        assert_eq!(
            decode_all(&[b"\x1b[<0;10;5M\x1b[<0;10;5mq"]),
            vec![
                mouse(MouseEventKind::Down(Left), 9, 4),
                mouse(MouseEventKind::Up(Left), 9, 4),
                k(KeyCode::Char('q')),
            ]
        );
        let cases: &[(&[u8], MouseEventKind)] = &[
            (b"\x1b[<64;1;1M", MouseEventKind::ScrollUp),
            (b"\x1b[<65;1;1M", MouseEventKind::ScrollDown),
            (b"\x1b[<2;1;1M", MouseEventKind::Down(MouseButton::Right)),
            (b"\x1b[<1;1;1M", MouseEventKind::Down(MouseButton::Middle)),
            (b"\x1b[<32;1;1M", MouseEventKind::Drag(Left)),
            (b"\x1b[<35;1;1M", MouseEventKind::Moved),
        ];
        for (bytes, kind) in cases {
            assert_eq!(decode_all(&[bytes]), vec![mouse(*kind, 0, 0)], "{bytes:?}");
        }
        let Input::Mouse(with_ctrl) = &decode_all(&[b"\x1b[<16;200;50M"])[0] else {
            panic!("a mouse event");
        };
        assert_eq!(with_ctrl.modifiers, KeyModifiers::CONTROL);
        assert_eq!((with_ctrl.column, with_ctrl.row), (199, 49));
    }

    #[test]
    fn a_mouse_report_split_across_reads_is_joined() {
        assert_eq!(
            decode_all(&[b"\x1b[<0;1", b"2;3", b"M"]),
            vec![mouse(MouseEventKind::Down(MouseButton::Left), 11, 2)]
        );
    }

    #[test]
    fn malformed_mouse_reports_legacy_reports_and_stray_end_markers_mean_nothing() {
        assert_eq!(
            decode_all(&[b"\x1b[<0;0;5M\x1b[<0;99999;5M\x1b[<0;1M\x1b[201~q"]),
            vec![k(KeyCode::Char('q'))]
        );
        // X10: `ESC [ M` then button, column and row as raw bytes, none of them typing.
        assert_eq!(decode_all(&[b"\x1b[M !!j"]), vec![k(KeyCode::Char('j'))]);
        assert_eq!(
            decode_all(&[b"\x1b[M", b" !", b"!j"]),
            vec![k(KeyCode::Char('j'))]
        );
    }
}
