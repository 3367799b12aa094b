//! The form's tests.

use super::area::area_len;
use super::draw::wrapped_rows;
use super::*;
use crate::ui::theme::Theme;
use crate::ui::widgets::hits::{self, Hit};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

mod form {
    use super::*;

    /// The kept length of a multi-line field is what the limit counts, after any keys (the
    /// limit reached and refused, undo) and pastes.
    mod area_length {
        use super::*;
        use proptest::prelude::*;

        fn key_code() -> impl Strategy<Value = KeyEvent> {
            prop_oneof![
                5 => prop::sample::select(vec!['a', 'é', '👧', ' '])
                    .prop_map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
                1 => Just(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
                1 => Just(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE)),
                1 => Just(KeyEvent::new(KeyCode::Delete, KeyModifiers::NONE)),
                1 => Just(KeyEvent::new(KeyCode::Left, KeyModifiers::NONE)),
                1 => Just(KeyEvent::new(KeyCode::Up, KeyModifiers::NONE)),
                1 => Just(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL)),
            ]
        }

        proptest! {
            #[test]
            fn the_kept_length_is_the_texts(
                keys in prop::collection::vec(key_code(), 0..60),
                paste_at in 0usize..60,
            ) {
                let mut form = FieldForm::new("T", vec![Field::area("Text", 30, "one\ntwo")]);
                for (i, key) in keys.into_iter().enumerate() {
                    if i == paste_at {
                        form.paste("pasted\nlines");
                    }
                    form.handle_key(key);
                    let Some(FieldValue::Area { editor, len, max, .. }) = form.value(Pos(0)) else {
                        panic!("an area")
                    };
                    prop_assert_eq!(*len, area_len(editor));
                    prop_assert!(*len <= *max);
                }
                form.append_line(Pos(0), "added");
                let Some(FieldValue::Area { editor, len, .. }) = form.value(Pos(0)) else {
                    panic!("an area")
                };
                prop_assert_eq!(*len, area_len(editor));
            }
        }
    }

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn form() -> FieldForm {
        FieldForm::new(
            "Test",
            vec![
                Field::text("Name", 10, ""),
                Field::choice(
                    "Mode",
                    vec!["Walk-in".into(), "Phone".into(), "Video".into()],
                    0,
                ),
                Field::multi("Tags", vec!["a".into(), "b".into(), "c".into()], vec![]),
                Field::area("Notes", 100, ""),
            ],
        )
    }

    #[test]
    fn a_multi_line_field_steps_and_deletes_whole_grapheme_clusters() {
        let family = "👨\u{200d}👩\u{200d}👧";
        let mut f = form();
        f.focus = 3;
        f.paste(&format!("Kit\n{family}e\u{301}x"));
        f.handle_key(key(KeyCode::Left));
        f.handle_key(key(KeyCode::Backspace));
        assert_eq!(f.text(Pos(3)), format!("Kit\n{family}x"), "é went whole");
        f.handle_key(key(KeyCode::Left));
        f.handle_key(key(KeyCode::Delete));
        assert_eq!(f.text(Pos(3)), "Kit\nx", "the family went whole");
        f.handle_key(key(KeyCode::Backspace));
        assert_eq!(
            f.text(Pos(3)),
            "Kitx",
            "at a line's start Backspace joins the lines"
        );
        f.handle_key(key(KeyCode::Right));
        f.handle_key(key(KeyCode::Char('!')));
        assert_eq!(f.text(Pos(3)), "Kitx!");

        // Down from column 2 lands inside the family: the cursor goes to its start.
        let mut f = form();
        f.focus = 3;
        f.paste(&format!("ab\n{family}x"));
        f.handle_key(key(KeyCode::Up));
        f.handle_key(key(KeyCode::End));
        f.handle_key(key(KeyCode::Down));
        f.handle_key(key(KeyCode::Char('!')));
        assert_eq!(f.text(Pos(3)), format!("ab\n!{family}x"));
    }

    #[test]
    fn ctrl_z_undoes_in_a_multi_line_field_as_the_hints_say() {
        let mut f = form();
        f.focus = 3;
        for c in "kept".chars() {
            f.handle_key(key(KeyCode::Char(c)));
        }
        f.handle_key(key(KeyCode::Enter));
        for c in "gone".chars() {
            f.handle_key(key(KeyCode::Char(c)));
        }
        assert_eq!(f.text(Pos(3)), "kept\ngone");
        let mut undone = 0;
        while f.text(Pos(3)) != "kept" && undone < 10 {
            f.handle_key(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL));
            undone += 1;
        }
        assert_eq!(f.text(Pos(3)), "kept", "undone step by step with Ctrl-z");
        assert!(undone > 0);
    }

    #[test]
    fn fields_edit_and_move() {
        let mut f = form();
        f.handle_key(key(KeyCode::Char('J')));
        f.handle_key(key(KeyCode::Enter));
        f.handle_key(key(KeyCode::Right));
        assert_eq!(f.text(Pos(1)), "Phone");
        f.handle_key(key(KeyCode::Char('v')));
        assert_eq!(
            f.selected(Pos(1)),
            2,
            "a letter jumps to the option starting with it"
        );
        f.handle_key(key(KeyCode::Tab));
        f.handle_key(key(KeyCode::Right));
        f.handle_key(key(KeyCode::Char(' ')));
        assert_eq!(f.chosen(Pos(2)), [1]);
        f.handle_key(key(KeyCode::Tab));
        for c in "one".chars() {
            f.handle_key(key(KeyCode::Char(c)));
        }
        f.handle_key(key(KeyCode::Enter));
        f.handle_key(key(KeyCode::Char('2')));
        assert_eq!(
            f.text(Pos(3)),
            "one\n2",
            "Enter starts a new line in a multi-line field"
        );
        assert_eq!(f.text(Pos(0)), "J");
        assert_eq!(
            f.handle_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
            FieldsEvent::Submit
        );
    }

    #[test]
    fn escape_asks_before_discarding_changes() {
        let mut f = form();
        assert_eq!(
            f.handle_key(key(KeyCode::Esc)),
            FieldsEvent::Cancel,
            "nothing to lose"
        );
        let mut f = form();
        f.handle_key(key(KeyCode::Char('x')));
        assert_eq!(f.handle_key(key(KeyCode::Esc)), FieldsEvent::Ignored);
        assert!(f.message.is_some());
        f.handle_key(key(KeyCode::Char('y')));
        assert_eq!(f.text(Pos(0)), "xy", "any other key keeps editing");
        assert_eq!(f.handle_key(key(KeyCode::Esc)), FieldsEvent::Ignored);
        assert_eq!(f.handle_key(key(KeyCode::Esc)), FieldsEvent::Cancel);
    }

    #[test]
    fn a_multi_line_field_opens_with_the_cursor_after_its_text() {
        let mut f = FieldForm::new("T", vec![Field::area("Notes", 100, "first line\nsecond")]);
        f.handle_key(key(KeyCode::Char('!')));
        assert_eq!(f.text(Pos(0)), "first line\nsecond!");
    }

    #[test]
    fn appending_a_line_to_an_area_marks_the_form_changed() {
        let mut f = form();
        f.append_line(Pos(3), "first");
        f.append_line(Pos(3), "second");
        assert_eq!(f.text(Pos(3)), "first\nsecond");
        assert!(f.has_changes());
        assert_eq!(f.handle_key(key(KeyCode::Esc)), FieldsEvent::Ignored);
    }

    #[test]
    fn long_messages_wrap_by_words() {
        assert_eq!(wrapped_rows("short", 20), 1);
        assert_eq!(wrapped_rows("one two three four", 9), 3);
        assert_eq!(wrapped_rows("abcdefghijkl", 5), 3);
        assert_eq!(wrapped_rows("", 5), 1);
    }

    pub(super) fn message(f: &FieldForm) -> &str {
        f.message.as_ref().map_or("", Message::text)
    }

    #[test]
    fn a_paste_into_a_one_line_field_turns_line_breaks_into_spaces() {
        let mut f = form();
        assert_eq!(f.paste("Sam\r\nLee\n"), FieldsEvent::Edited);
        assert_eq!(f.text(Pos(0)), "Sam Lee");
        assert_eq!(f.focus, 0, "a pasted line break does not move on");
        assert!(f.has_changes());
    }

    #[test]
    fn a_paste_into_an_area_keeps_its_line_breaks_at_the_cursor() {
        let mut f = FieldForm::new("T", vec![Field::area("Notes", 100, "top\nend")]);
        f.handle_key(key(KeyCode::Up));
        f.handle_key(key(KeyCode::End));
        assert_eq!(f.paste("\r\none\rtwo\tthree"), FieldsEvent::Edited);
        assert_eq!(f.text(Pos(0)), "top\none\ntwo three\nend");
        f.handle_key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL));
        assert_eq!(f.text(Pos(0)), "top\nend", "one paste, one undo");
    }

    #[test]
    fn a_paste_past_the_limit_is_refused_whole_with_a_message() {
        let mut f = FieldForm::new(
            "T",
            vec![
                Field::text("Presenting need", 500, "kept"),
                Field::area("Action taken", 500, "kept"),
            ],
        );
        assert_eq!(f.paste(&"x".repeat(10_000)), FieldsEvent::Ignored);
        assert_eq!(f.text(Pos(0)), "kept");
        assert_eq!(
            message(&f),
            "That paste is 9,504 characters too long for Presenting need (at most 500); nothing \
             was added"
        );
        f.focus = 1;
        f.paste(&"line\n".repeat(2_000));
        assert_eq!(f.text(Pos(1)), "kept");
        assert!(
            message(&f).starts_with("That paste is 9,504 characters too long for Action taken")
        );
        assert!(!f.has_changes(), "nothing was changed");
    }

    #[test]
    fn a_list_area_refuses_an_item_past_its_line_limit_typed_or_pasted() {
        let mut f = FieldForm::new(
            "T",
            vec![Field::area("Warning signs", 100, "abcd\nxy").with_line_max(5)],
        );
        // The cursor is after "xy": its line may grow to five.
        assert_eq!(f.paste("zzzz"), FieldsEvent::Ignored);
        assert_eq!(f.text(Pos(0)), "abcd\nxy", "refused whole");
        assert_eq!(
            message(&f),
            "That paste would make an item of Warning signs 6 characters long (at most 5 each, \
             one per line); nothing was added"
        );
        assert_eq!(
            f.paste("zz\nnew"),
            FieldsEvent::Edited,
            "lines each short enough"
        );
        assert_eq!(f.text(Pos(0)), "abcd\nxyzz\nnew");
        f.handle_key(key(KeyCode::Up));
        f.handle_key(key(KeyCode::End));
        f.handle_key(key(KeyCode::Char('!')));
        assert_eq!(f.text(Pos(0)), "abcd\nxyzz!\nnew");
        f.handle_key(key(KeyCode::Char('?')));
        assert_eq!(f.text(Pos(0)), "abcd\nxyzz!\nnew", "the item is full");
        assert_eq!(
            message(&f),
            "An item of Warning signs holds at most 5 characters: Enter starts the next"
        );
        // A plain 'm' is a letter like any other (Ctrl-m is the line break).
        f.handle_key(key(KeyCode::Char('m')));
        assert_eq!(
            f.text(Pos(0)),
            "abcd\nxyzz!\nnew",
            "'m' is refused at a full item too"
        );
        f.handle_key(key(KeyCode::Enter));
        f.handle_key(key(KeyCode::Char('?')));
        assert_eq!(f.text(Pos(0)), "abcd\nxyzz!\n?\nnew", "a new item takes it");
        let mut full = FieldForm::new("T", vec![Field::area("Notes", 3, "abc")]);
        full.handle_key(key(KeyCode::Char('m')));
        assert_eq!(full.text(Pos(0)), "abc");
        assert_eq!(message(&full), "Notes is full: at most 3 characters");
    }

    #[test]
    fn a_full_field_refuses_more_typing_with_a_message() {
        let mut f = FieldForm::new(
            "T",
            vec![
                Field::text("Presenting need", 500, &"n".repeat(500)),
                Field::area("Notes", 20, &"a".repeat(20)),
            ],
        );
        f.handle_key(key(KeyCode::Char('x')));
        assert_eq!(f.text(Pos(0)).len(), 500);
        assert_eq!(
            message(&f),
            "Presenting need is full: at most 500 characters"
        );
        f.focus = 1;
        f.handle_key(key(KeyCode::Enter));
        assert_eq!(f.text(Pos(1)).len(), 20, "a line break counts too");
        assert_eq!(message(&f), "Notes is full: at most 20 characters");
        f.handle_key(key(KeyCode::Backspace));
        assert_eq!(message(&f), "", "editing clears it");
    }

    #[test]
    fn the_counter_appears_near_the_limit_and_is_drawn() {
        let mut f = FieldForm::new(
            "T",
            vec![
                Field::text("Need", 500, &"n".repeat(449)),
                Field::area("Notes", 100, &"a".repeat(95)),
            ],
        );
        assert_eq!(f.counter(Pos(0)), None);
        f.handle_key(key(KeyCode::Char('n')));
        assert_eq!(f.counter(Pos(0)).as_deref(), Some("450 / 500"));
        assert_eq!(f.counter(Pos(1)).as_deref(), Some("95 / 100"));
        let backend = ratatui::backend::TestBackend::new(80, 12);
        let mut terminal = ratatui::Terminal::new(backend).unwrap();
        terminal
            .draw(|frame| f.render(frame, frame.area(), &Theme::plain(), SAVE_CANCEL))
            .unwrap();
        let screen: String = terminal
            .backend()
            .buffer()
            .content()
            .iter()
            .map(|c| c.symbol())
            .collect();
        assert!(screen.contains("450 / 500") && screen.contains("95 / 100"));
    }

    #[test]
    fn a_saved_text_longer_than_the_limit_is_shown_whole() {
        let f = FieldForm::new(
            "T",
            vec![
                Field::text("Need", 500, &"n".repeat(600)),
                Field::area("Notes", 100, &"a".repeat(150)),
            ],
        );
        assert_eq!(f.text(Pos(0)).len(), 600);
        assert_eq!(f.text(Pos(1)).len(), 150);
        assert_eq!(f.counter(Pos(1)).as_deref(), Some("150 / 100"));
    }

    #[test]
    fn a_number_keeps_every_digit_typed() {
        let mut f = FieldForm::new("T", vec![Field::number("Distress on arrival", "")]);
        for c in "100".chars() {
            f.handle_key(key(KeyCode::Char(c)));
        }
        assert_eq!(
            f.text(Pos(0)),
            "100",
            "the reader refuses it by range, not the field by cutting"
        );
    }

    #[test]
    fn a_paste_into_a_choice_acts_as_typed_letters() {
        let mut f = form();
        f.focus = 1;
        assert_eq!(f.paste("v"), FieldsEvent::Edited);
        assert_eq!(f.text(Pos(1)), "Video");
        f.focus = 2;
        f.paste(" ");
        assert_eq!(f.chosen(Pos(2)), [0]);
    }

    fn type_into(f: &mut FieldForm, text: &str) {
        for c in text.chars() {
            f.handle_key(key(KeyCode::Char(c)));
        }
    }

    fn drawn(f: &FieldForm, w: u16, h: u16) -> String {
        let mut t = ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).unwrap();
        t.draw(|fr| f.render(fr, fr.area(), &Theme::plain(), &[Say::Key(FormKey::Cancel)]))
            .unwrap();
        let buf = t.backend().buffer();
        (0..h)
            .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>() + "\n")
            .collect()
    }

    #[test]
    fn a_word_wider_than_a_notes_field_wraps_by_characters_and_shows_whole() {
        let word = format!("{}Z", "q".repeat(99));
        let f = FieldForm::new("T", vec![Field::area("Notes", 500, &word)]);
        let screen = drawn(&f, 60, 12);
        let shown: usize = screen.matches('q').count();
        assert_eq!(
            shown, 99,
            "every character of the long word is on screen:\n{screen}"
        );
        assert!(screen.contains('Z'), "{screen}");
    }

    fn services() -> FieldForm {
        let names = [
            "Housing advice",
            "Shelter",
            "Samaritans",
            "Food bank",
            "The House",
        ];
        FieldForm::new(
            "T",
            vec![
                Field::multi(
                    "Signposted to",
                    names.iter().map(|n| n.to_string()).collect(),
                    vec![false, false, true],
                ),
                Field::text("Note", 20, ""),
            ],
        )
    }

    #[test]
    fn typing_in_a_checkbox_field_narrows_it_and_keeps_hidden_ticks() {
        let mut f = services();
        type_into(&mut f, "HOU");
        assert_eq!(f.filter(Pos(0)), Some("HOU"));
        let screen = drawn(&f, 80, 8);
        assert!(
            screen.contains("2 of 5 match 'HOU' · 1 more ticked"),
            "{screen}"
        );
        assert!(screen.contains("[ ] Housing advice"), "{screen}");
        assert!(screen.contains("[ ] The House"), "{screen}");
        assert!(!screen.contains("Shelter"), "{screen}");
        // Space ticks the option under the cursor (the first on show), → the next on show.
        f.handle_key(key(KeyCode::Char(' ')));
        f.handle_key(key(KeyCode::Right));
        f.handle_key(key(KeyCode::Char(' ')));
        assert_eq!(
            f.chosen(Pos(0)),
            [0, 2, 4],
            "Samaritans, hidden, stays ticked"
        );
        // → stops at the last on show rather than landing on a hidden one.
        f.handle_key(key(KeyCode::Right));
        f.handle_key(key(KeyCode::Char(' ')));
        assert_eq!(f.chosen(Pos(0)), [0, 2]);
        // Backspace widens; nothing matching ticks nothing.
        f.handle_key(key(KeyCode::Backspace));
        assert_eq!(f.filter(Pos(0)), Some("HO"));
        type_into(&mut f, "zz");
        assert!(drawn(&f, 80, 8).contains("0 of 5 match 'HOzz'"));
        f.handle_key(key(KeyCode::Char(' ')));
        assert_eq!(f.chosen(Pos(0)), [0, 2]);
        // Esc empties the filter first and the form stays; then it asks as before.
        assert_eq!(f.handle_key(key(KeyCode::Esc)), FieldsEvent::Moved);
        assert_eq!(f.filter(Pos(0)), None);
        assert!(drawn(&f, 80, 8).contains("Shelter"));
        assert_eq!(f.handle_key(key(KeyCode::Esc)), FieldsEvent::Ignored);
        assert!(f.message.is_some(), "asks before discarding the ticks");
    }

    #[test]
    fn leaving_a_filtered_field_forgets_the_filter_and_a_click_counts_options_on_show() {
        let mut f = services();
        type_into(&mut f, "sh");
        hits::begin();
        let _ = drawn(&f, 80, 8);
        let map = hits::finish();
        // "Shelter" is the only match but the first option is not: a click on it is no step.
        let screen = drawn(&f, 80, 8);
        let (y, line) = screen
            .lines()
            .enumerate()
            .find(|(_, l)| l.contains("[ ] Shelter"))
            .unwrap();
        let x = line.chars().position(|c| c == '[').unwrap() as u16;
        assert_eq!(
            map.at(x, y as u16),
            Some(Hit::Checkbox {
                from_focused: 0,
                from_cursor: 0
            })
        );
        f.handle_key(key(KeyCode::Tab));
        assert_eq!(f.filter(Pos(0)), None);
        f.handle_key(key(KeyCode::BackTab));
        assert!(drawn(&f, 80, 8).contains("Food bank"));
    }

    #[test]
    fn a_name_pasted_into_a_picker_narrows_it_and_one_matching_nothing_is_refused() {
        let mut f = services();
        assert_eq!(f.paste("  food bank\n"), FieldsEvent::Moved);
        assert_eq!(f.filter(Pos(0)), Some("food bank"));
        f.handle_key(key(KeyCode::Char(' ')));
        assert_eq!(
            f.chosen(Pos(0)),
            [2, 3],
            "Food bank ticked, Samaritans kept"
        );
        assert_eq!(f.paste("xyz"), FieldsEvent::Ignored);
        assert_eq!(f.filter(Pos(0)), Some("food bank"));
        assert!(
            f.message
                .as_ref()
                .unwrap()
                .text()
                .contains("'food bankxyz'")
        );
        // An ordinary choice still refuses a long paste.
        let mut g = form();
        g.focus = 1;
        assert_eq!(g.paste("Video call"), FieldsEvent::Ignored);
        assert_eq!(g.text(Pos(1)), "Walk-in");
    }

    #[test]
    fn a_filterable_choice_narrows_to_what_is_typed_and_refuses_what_matches_nothing() {
        let names = ["Ali", "Bea", "Alex", "Sam", "Sally"];
        let mut f = FieldForm::new(
            "T",
            vec![
                Field::choice(
                    "Peer worker",
                    names.iter().map(|n| n.to_string()).collect(),
                    1,
                )
                .filterable(),
            ],
        );
        type_into(&mut f, "al");
        assert_eq!(f.text(Pos(0)), "Ali", "the first holding 'al'");
        assert!(drawn(&f, 80, 8).contains("◂ Ali ▸  3 of 5 match 'al'"));
        f.handle_key(key(KeyCode::Right));
        assert_eq!(f.text(Pos(0)), "Alex");
        f.handle_key(key(KeyCode::Right));
        assert_eq!(f.text(Pos(0)), "Sally");
        f.handle_key(key(KeyCode::Right));
        assert_eq!(f.text(Pos(0)), "Ali", "round the options on show");
        f.handle_key(key(KeyCode::Left));
        assert_eq!(f.text(Pos(0)), "Sally");
        type_into(&mut f, "q");
        assert_eq!(
            f.filter(Pos(0)),
            Some("al"),
            "a letter matching nothing is refused"
        );
        assert_eq!(f.text(Pos(0)), "Sally");
        assert!(f.message.as_ref().unwrap().text().contains("'alq'"));
        f.handle_key(key(KeyCode::Esc));
        assert_eq!(f.filter(Pos(0)), None);
        assert_eq!(f.text(Pos(0)), "Sally", "the choice stays");
        // An ordinary choice still jumps by first letter.
        let mut g = form();
        g.focus = 1;
        type_into(&mut g, "v");
        assert_eq!(g.text(Pos(1)), "Video");
        assert_eq!(g.filter(Pos(1)), None);
    }

    #[test]
    fn a_bidi_override_in_an_area_is_kept_but_drawn_visibly() {
        let mut f = FieldForm::new("T", vec![Field::area("Notes", 100, "")]);
        f.paste("abc\u{202E}def");
        assert_eq!(f.text(Pos(0)), "abc\u{202E}def");
        let backend = ratatui::backend::TestBackend::new(60, 10);
        let mut terminal = ratatui::Terminal::new(backend).unwrap();
        terminal
            .draw(|frame| f.render(frame, frame.area(), &Theme::plain(), &[]))
            .unwrap();
        let screen: String = terminal
            .backend()
            .buffer()
            .content()
            .iter()
            .map(|c| c.symbol())
            .collect();
        assert!(
            !screen.contains('\u{202E}') && screen.contains("abc\u{FFFD}def"),
            "{screen}"
        );
    }

    #[test]
    fn a_long_paste_into_an_area_costs_one_pass() {
        let mut f = FieldForm::new("T", vec![Field::area("Notes", 200_000, "")]);
        let text = "word and more words\n".repeat(5_000);
        let started = std::time::Instant::now();
        f.paste(&text);
        f.handle_key(key(KeyCode::Char('x')));
        assert!(started.elapsed() < std::time::Duration::from_millis(200));
        assert_eq!(f.text(Pos(0)).chars().count(), 100_001);
    }

    #[test]
    fn control_characters_do_not_enter_the_editor() {
        let mut f = form();
        f.focus = 3;
        f.handle_key(key(KeyCode::Char('\u{1b}')));
        assert_eq!(f.text(Pos(3)), "");
    }
}

#[cfg(test)]
mod draft_tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn form() -> FieldForm {
        FieldForm::new(
            "Test",
            vec![
                Field::text("Name", 10, ""),
                Field::choice("Mode", vec!["Walk-in".into(), "Phone".into()], 0),
                Field::multi("Tags", vec!["a".into(), "b".into(), "c".into()], vec![]),
                Field::area("Notes", 1_000, ""),
                Field::pin("PIN"),
            ],
        )
    }

    #[test]
    fn a_draft_holds_every_field_but_secrets_and_fills_a_fresh_form() {
        let mut f = form();
        for c in "Jo".chars() {
            f.handle_key(key(KeyCode::Char(c)));
        }
        f.handle_key(key(KeyCode::Tab));
        f.handle_key(key(KeyCode::Right));
        f.handle_key(key(KeyCode::Tab));
        f.handle_key(key(KeyCode::Right));
        f.handle_key(key(KeyCode::Char(' ')));
        f.handle_key(key(KeyCode::Tab));
        for c in "one".chars() {
            f.handle_key(key(KeyCode::Char(c)));
        }
        f.handle_key(key(KeyCode::Enter));
        f.handle_key(key(KeyCode::Char('2')));
        f.handle_key(key(KeyCode::Tab));
        for c in "123456".chars() {
            f.handle_key(key(KeyCode::Char(c)));
        }
        let draft = f.draft_fields();
        assert_eq!(draft.len(), 4, "the PIN is not kept: {draft:?}");
        let mut g = form();
        assert!(!g.has_changes());
        assert_eq!(g.restore(&draft), 4);
        assert!(g.has_changes(), "a filled form counts as changed");
        assert_eq!(g.text(Pos(0)), "Jo");
        assert_eq!(g.text(Pos(1)), "Phone");
        assert_eq!(g.chosen(Pos(2)), [1]);
        assert_eq!(g.text(Pos(3)), "one\n2");
        assert_eq!(g.text(Pos(4)), "");
        // The PIN had the cursor and is not kept, so no field is marked: the cursor stays at
        // the top, and the values come back as they were.
        assert!(draft.iter().all(|d| !d.focused), "{draft:?}");
        let values = |d: &[crate::domain::draft::DraftField]| {
            d.iter()
                .map(|f| (f.label.clone(), f.value.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(values(&g.draft_fields()), values(&draft));

        // With the cursor in the notes, the draft marks them and the form goes back there.
        f.handle_key(key(KeyCode::BackTab));
        let draft = f.draft_fields();
        assert_eq!(
            draft
                .iter()
                .filter(|d| d.focused)
                .map(|d| d.label.as_str())
                .collect::<Vec<_>>(),
            ["Notes"]
        );
        let mut g = form();
        g.restore(&draft);
        assert!(g.is_focused(Pos(3)));
        assert_eq!(g.draft_fields(), draft);
    }
}

mod ids {
    use super::*;

    const NAME: FieldId = FieldId::new("name");
    const MODE: FieldId = FieldId::new("mode");

    fn form(extra_first: bool) -> FieldForm {
        let mut fields = vec![
            Field::text("Name", 10, "Jo").id(NAME),
            Field::choice("Mode", vec!["Walk-in".into(), "Phone".into()], 1).id(MODE),
        ];
        if extra_first {
            fields.insert(0, Field::text("Added above", 10, "x"));
        }
        FieldForm::new("T", fields)
    }

    #[test]
    fn a_refusal_names_its_field_unless_its_words_already_do() {
        let mut f = FieldForm::new(
            "T",
            vec![
                Field::text("Name", 10, "").id(NAME),
                Field::text("DBS check date", 10, "31/02/2026").id(MODE),
                Field::text("Reason (required)", 10, "").id(FieldId::new("why")),
            ],
        );
        f.refuse_at::<()>(MODE, "31/02/2026 does not exist.");
        assert_eq!(
            super::form::message(&f),
            "DBS check date: 31/02/2026 does not exist."
        );
        f.refuse_at::<()>(MODE, "The DBS check date is in the future.");
        assert_eq!(
            super::form::message(&f),
            "The DBS check date is in the future."
        );
        f.refuse_at::<()>(FieldId::new("why"), "Say why.");
        assert_eq!(
            super::form::message(&f),
            "Reason: Say why.",
            "named without its '(required)'"
        );
    }

    #[test]
    fn a_field_is_found_by_its_id_wherever_it_sits() {
        for extra in [false, true] {
            let mut f = form(extra);
            assert_eq!(f.text(NAME), "Jo");
            assert_eq!(f.picked(MODE, &['w', 'p']), Ok('p'));
            assert_eq!(f.refuse_at::<()>(MODE, "no"), None);
            assert!(f.is_focused(MODE));
            assert_eq!(f.index(MODE), Some(1 + usize::from(extra)));
        }
        let f = form(false);
        assert_eq!(
            f.text(FieldId::new("gone")),
            "",
            "no such field reads as empty"
        );
        assert_eq!(
            f.picked(MODE, &['w']),
            Err((MODE, NOT_ON_THE_LIST.to_string())),
            "a drifted list is refused at the field, by its id"
        );
    }

    #[test]
    fn a_form_of_secrets_leaves_at_once_and_clears_a_refused_pair() {
        const PIN: FieldId = FieldId::new("pin");
        const AGAIN: FieldId = FieldId::new("again");
        let mut f = FieldForm::new(
            "T",
            vec![Field::pin("PIN").id(PIN), Field::pin("PIN again").id(AGAIN)],
        )
        .cancelling_at_once();
        f.paste("123456");
        f.focus_on(AGAIN);
        f.paste("123457");
        f.refuse_secret_pair(PIN, AGAIN, "They differ".into(), true);
        assert_eq!((f.typed(PIN), f.typed(AGAIN)), ("123456", ""));
        assert!(f.is_focused(AGAIN), "a mismatch asks for the repeat only");
        f.refuse_secret_pair(PIN, AGAIN, "Too short".into(), false);
        assert_eq!((f.typed(PIN), f.typed(AGAIN)), ("", ""));
        assert!(f.is_focused(PIN));
        f.paste("1");
        assert_eq!(
            f.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
            FieldsEvent::Cancel,
            "typed, yet Esc does not ask"
        );
    }
}

/// A run of characters typed faster than a frame is taken in one go, exactly as the same keys
/// one at a time: text, cursor, undo steps, message, the changed mark.
mod typed_runs {
    use super::*;
    use proptest::prelude::*;

    fn key_for(c: char) -> KeyEvent {
        let code = if c == '\n' {
            KeyCode::Enter
        } else {
            KeyCode::Char(c)
        };
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    /// Everything a lead could see or do next: the text, where the cursor is, what the
    /// form says, whether it asks before discarding.
    fn state(form: &FieldForm) -> (String, Option<(usize, usize)>, Option<String>, bool) {
        let cursor = match form.value(Pos(form.focus)) {
            Some(FieldValue::Area { editor, .. }) => {
                let ratatui_textarea::DataCursor(r, c) = editor.cursor();
                Some((r, c))
            }
            Some(FieldValue::Text(t)) => Some((0, t.cursor_column(10_000))),
            _ => None,
        };
        let message = form.message.as_ref().map(|m| format!("{m:?}"));
        (
            form.text(Pos(form.focus)),
            cursor,
            message,
            form.has_changes(),
        )
    }

    /// Undo (and redo) step by step from here, recording each state.
    fn undo_trail(form: &mut FieldForm) -> Vec<(String, Option<(usize, usize)>)> {
        let mut trail = Vec::new();
        for _ in 0..60 {
            form.handle_key(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL));
            let (text, cursor, ..) = state(form);
            trail.push((text, cursor));
        }
        for _ in 0..3 {
            form.handle_key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL));
            let (text, cursor, ..) = state(form);
            trail.push((text, cursor));
        }
        trail
    }

    fn run() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                6 => prop::sample::select(vec!['a', 'Z', ' ', 'é', '👧', '語', '\u{301}']),
                2 => Just('\n'),
                1 => prop::sample::select(vec!['\t', '\r', '\u{1b}', '\u{7f}']),
            ],
            0..200,
        )
        .prop_map(|cs| cs.into_iter().collect())
    }

    /// A field partly filled, its cursor somewhere, maybe a few keys' worth of history,
    /// maybe a word selected.
    fn area_form(
        max: usize,
        line_max: Option<usize>,
        start: &str,
        lefts: usize,
        selecting: bool,
    ) -> FieldForm {
        let area = Field::area("Notes", max, start);
        let area = match line_max {
            Some(n) => area.with_line_max(n),
            None => area,
        };
        let mut form = FieldForm::new("T", vec![area]);
        for c in "xy".chars() {
            form.handle_key(key_for(c));
        }
        for _ in 0..lefts {
            form.handle_key(KeyEvent::new(KeyCode::Left, KeyModifiers::NONE));
        }
        if selecting {
            form.handle_key(KeyEvent::new(KeyCode::Left, KeyModifiers::SHIFT));
        }
        form
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn a_run_into_a_multi_line_field_is_the_keys_one_by_one(
            text in run(),
            start in "[a-z \n]{0,40}",
            max in prop::sample::select(vec![10usize, 40, 80, 100_000]),
            line_max in prop::option::of(prop::sample::select(vec![3usize, 12])),
            lefts in 0usize..6,
            selecting in any::<bool>(),
            asking in any::<bool>(),
        ) {
            let mut by_keys = area_form(max, line_max, &start, lefts, selecting);
            let mut at_once = area_form(max, line_max, &start, lefts, selecting);
            if asking {
                by_keys.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
                at_once.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
            }
            let mut edited = FieldsEvent::Ignored;
            for c in text.chars() {
                if by_keys.handle_key(key_for(c)) == FieldsEvent::Edited {
                    edited = FieldsEvent::Edited;
                }
            }
            prop_assert_eq!(at_once.type_text(&text), Some(edited));
            prop_assert_eq!(state(&at_once), state(&by_keys));
            prop_assert_eq!(at_once.counter(Pos(0)), by_keys.counter(Pos(0)));
            prop_assert_eq!(undo_trail(&mut at_once), undo_trail(&mut by_keys));
        }

        #[test]
        fn a_run_into_a_one_line_field_is_the_keys_one_by_one(
            text in run().prop_map(|t| t.replace('\n', "")),
            start in "[a-z ]{0,20}",
            max in prop::sample::select(vec![5usize, 30, 500]),
            pin in any::<bool>(),
        ) {
            let field = || if pin {
                Field::pin("PIN")
            } else {
                Field::text("Name", max, &start)
            };
            let mut by_keys = FieldForm::new("T", vec![field()]);
            let mut at_once = FieldForm::new("T", vec![field()]);
            let mut edited = FieldsEvent::Ignored;
            for c in text.chars() {
                if by_keys.handle_key(key_for(c)) == FieldsEvent::Edited {
                    edited = FieldsEvent::Edited;
                }
            }
            prop_assert_eq!(at_once.type_text(&text), Some(edited));
            prop_assert_eq!(state(&at_once), state(&by_keys));
            prop_assert_eq!(at_once.typed(Pos(0)), by_keys.typed(Pos(0)));
            // The cursor is where the keys left it: the next key lands in the same place.
            at_once.handle_key(KeyEvent::new(KeyCode::Left, KeyModifiers::NONE));
            by_keys.handle_key(KeyEvent::new(KeyCode::Left, KeyModifiers::NONE));
            at_once.handle_key(key_for('1'));
            by_keys.handle_key(key_for('1'));
            prop_assert_eq!(at_once.typed(Pos(0)), by_keys.typed(Pos(0)));
        }
    }

    #[test]
    fn a_run_past_the_limit_takes_what_fits_and_says_the_field_is_full_as_keys_do() {
        let mut form = FieldForm::new("T", vec![Field::area("Notes", 10, "abcdef")]);
        assert_eq!(form.type_text("ghij\nklm"), Some(FieldsEvent::Edited));
        assert_eq!(
            form.text(Pos(0)),
            "abcdefghij",
            "the keys that fitted, in order"
        );
        assert_eq!(message(&form), "Notes is full: at most 10 characters");
        assert_eq!(form.type_text("more"), Some(FieldsEvent::Ignored));
        assert_eq!(form.text(Pos(0)), "abcdefghij");
    }

    #[test]
    fn a_run_with_a_line_break_is_not_typing_into_a_one_line_field() {
        let mut form = FieldForm::new("T", vec![Field::text("Name", 50, "")]);
        assert!(!form.takes_as_text("Sam\nJones"));
        assert_eq!(form.type_text("Sam\nJones"), None);
        assert_eq!(
            form.text(Pos(0)),
            "",
            "nothing done: the caller goes key by key"
        );
    }

    #[test]
    fn a_long_run_into_a_long_multi_line_field_is_laid_out_once() {
        let long = "word ".repeat(1_800);
        let mut form = FieldForm::new("T", vec![Field::area("Notes", 100_000, &long)]);
        let run: String = "typed fast\n".repeat(9_000);
        let started = std::time::Instant::now();
        form.type_text(&run);
        let took = started.elapsed();
        assert_eq!(area_len_of(&form), 100_000, "what fitted, the rest refused");
        assert_eq!(form.text(Pos(0)).chars().count(), 100_000);
        assert_eq!(message(&form), "Notes is full: at most 100,000 characters");
        // Key by key this is 91,000 re-layouts of a text of up to 100,000 characters (many
        // minutes in a debug build); in one go it is a few.
        assert!(took < std::time::Duration::from_secs(2), "{took:?}");
    }

    fn message(f: &FieldForm) -> &str {
        f.message.as_ref().map_or("", Message::text)
    }

    fn area_len_of(form: &FieldForm) -> usize {
        match form.value(Pos(0)) {
            Some(FieldValue::Area { len, .. }) => *len,
            _ => 0,
        }
    }
}

/// A long multi-line field is drawn from the lines around its cursor: exactly what the whole
/// text drawn shows, wherever the cursor and whatever the lines.
mod drawn_from_around_the_cursor {
    use super::super::area::drawable;
    use super::*;
    use proptest::prelude::*;
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::widgets::Widget;

    fn drawn(editor: &ratatui_textarea::TextArea<'static>, area: Rect) -> Buffer {
        let mut buf = Buffer::empty(area);
        editor.render(area, &mut buf);
        buf
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn the_window_draws_as_the_whole_text(
            lines in prop::collection::vec("[a-z ]{0,90}|語{0,30}|e\u{301}{0,5}", 1..80),
            ups in 0usize..90,
            lefts in 0usize..40,
            width in 8u16..60,
            height in 1u16..12,
        ) {
            let mut form = FieldForm::new("T", vec![Field::area("Notes", 100_000, &lines.join("\n"))]);
            for _ in 0..ups {
                form.handle_key(KeyEvent::new(KeyCode::Up, KeyModifiers::NONE));
            }
            for _ in 0..lefts {
                form.handle_key(KeyEvent::new(KeyCode::Left, KeyModifiers::NONE));
            }
            let Some(FieldValue::Area { editor, .. }) = form.value(Pos(0)) else {
                panic!("an area");
            };
            let area = Rect::new(0, 0, width, height);
            prop_assert_eq!(drawn(&drawable(editor, height), area), drawn(&editor.clone(), area));
        }
    }
}
