use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn sample() -> PlanContent {
    PlanContent {
        warning_signs: vec!["Not sleeping".into(), "Stopping answering texts".into()],
        on_my_own: vec!["Walk by the canal".into()],
        people_to_ask: vec![Contact::new("Mum", "07700 900123")],
        professionals: vec![Contact::new("Samaritans", "116 123")],
        reasons_for_living: "My daughter.\nFinishing my course.".into(),
        ..Default::default()
    }
}

fn meta(review_due: NaiveDate) -> PlanMeta {
    PlanMeta {
        co_produced: true,
        consent_to_share: false,
        copy_holders: "Me".into(),
        review_due,
    }
}

#[test]
fn sections_are_in_the_guidance_order_with_their_shapes() {
    let titles: Vec<&str> = Section::ALL.iter().map(|s| s.title()).collect();
    assert_eq!(titles[0], "My warning signs");
    assert_eq!(titles[3], "People I can ask for help");
    assert_eq!(titles[8], "Practical needs (children, pets, work)");
    let kind = |s: Section| s.kind();
    assert_eq!(kind(Section::WarningSigns), SectionKind::Items);
    assert_eq!(kind(Section::SaferSurroundings), SectionKind::Items);
    assert_eq!(kind(Section::PeopleToAsk), SectionKind::Contacts);
    assert_eq!(kind(Section::Professionals), SectionKind::Contacts);
    assert_eq!(kind(Section::ReasonsForLiving), SectionKind::Text);
    assert_eq!(kind(Section::WhatHelps), SectionKind::Text);
    assert_eq!(kind(Section::PracticalNeeds), SectionKind::Text);
    let c = PlanContent::default();
    for s in Section::ALL {
        let shape = match c.body(s) {
            SectionBody::Items(_) => SectionKind::Items,
            SectionBody::Contacts(_) => SectionKind::Contacts,
            SectionBody::Text(_) => SectionKind::Text,
        };
        assert_eq!(shape, s.kind(), "{s}");
        assert!(!s.prompt().is_empty());
    }
}

#[test]
fn versions_are_numbered_from_one() {
    assert_eq!(next_version(None), 1);
    assert_eq!(next_version(Some(1)), 2);
    assert_eq!(next_version(Some(41)), 42);
}

#[test]
fn review_is_due_after_the_interval_and_overdue_the_day_after() {
    let saved = d(2026, 11, 22);
    assert_eq!(
        default_review_due(saved, DEFAULT_REVIEW_DAYS),
        d(2027, 2, 20)
    );
    assert_eq!(default_review_due(saved, 30), d(2026, 12, 22));
    assert_eq!(PlanMeta::new(saved, 90).review_due, d(2027, 2, 20));
    let due = d(2027, 2, 20);
    assert!(!is_overdue(due, d(2027, 2, 19)));
    assert!(!is_overdue(due, due), "due today is not yet overdue");
    assert!(is_overdue(due, d(2027, 2, 21)));
    assert!(meta(due).is_overdue(d(2027, 3, 1)));
}

#[test]
fn review_date_must_be_from_the_save_day_to_a_year_ahead() {
    let saved = d(2026, 11, 22);
    assert_eq!(
        meta(d(2026, 11, 21)).check(saved),
        Err(PlanError::ReviewInPast)
    );
    assert!(meta(saved).check(saved).is_ok());
    assert!(meta(d(2027, 11, 23)).check(saved).is_ok());
    assert_eq!(
        meta(d(2027, 11, 24)).check(saved),
        Err(PlanError::ReviewTooFar)
    );
}

#[test]
fn copy_holders_are_trimmed_and_checked() {
    let saved = d(2026, 11, 22);
    let mut m = meta(d(2027, 1, 1));
    m.copy_holders = "  me, my GP  ".into();
    assert_eq!(m.check(saved).unwrap().copy_holders, "me, my GP");
    m.copy_holders = "GP\x1b[2J".into();
    let err = m.check(saved).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("Who has a copy has an invisible control character (ESC) at character 3")
    );
    m.copy_holders = "x".repeat(COPY_HOLDERS_MAX + 1);
    assert!(err_text(m.check(saved)).contains("too long"));
}

fn err_text<T: std::fmt::Debug>(r: Result<T, PlanError>) -> String {
    r.unwrap_err().to_string()
}

#[test]
fn an_empty_plan_is_refused() {
    assert_eq!(PlanContent::default().check(), Err(PlanError::Empty));
    let blank_rows = PlanContent {
        warning_signs: vec!["   ".into(), String::new()],
        people_to_ask: vec![Contact::new(" ", "")],
        what_helps: "\n  \n".into(),
        ..Default::default()
    };
    assert!(blank_rows.is_empty());
    assert_eq!(blank_rows.check(), Err(PlanError::Empty));
    assert!(err_text(blank_rows.check()).contains("The plan is empty"));
    assert!(!sample().is_empty());
}

#[test]
fn check_returns_the_tidied_content() {
    let messy = PlanContent {
        warning_signs: vec!["  Not sleeping ".into(), " ".into()],
        people_to_ask: vec![Contact::new(" Mum ", " 07700 900123 "), Contact::default()],
        what_helps: "\r\n\nHelps: quiet   \r\nDoes not help: crowds\n\n".into(),
        ..Default::default()
    };
    let clean = messy.check().unwrap();
    assert_eq!(clean.warning_signs, ["Not sleeping"]);
    assert_eq!(clean.people_to_ask, [Contact::new("Mum", "07700 900123")]);
    assert_eq!(clean.what_helps, "Helps: quiet\nDoes not help: crowds");
    assert_eq!(clean.check().unwrap(), clean, "checking is idempotent");
}

#[test]
fn item_rules_name_the_section_and_entry() {
    let mut c = sample();
    c.on_my_own.push("x".repeat(ITEM_MAX + 1));
    assert_eq!(
        err_text(c.check()),
        "\"Things I can do on my own\", entry 2: This item is too long (at most 200 characters)."
    );
    let mut c = sample();
    c.warning_signs[1] = "bad\u{202E}txet".into();
    assert!(c.check().is_ok(), "a bidi override is stored as typed");
    c.warning_signs[1] = "bad\u{7}bell".into();
    assert!(matches!(
        c.check(),
        Err(PlanError::Item {
            section: Section::WarningSigns,
            position: 2,
            problem: TextError::ControlCharacter { at: 4, .. }
        })
    ));
    let mut c = sample();
    c.take_my_mind_off = vec!["Library".into(); ITEMS_MAX + 1];
    assert_eq!(
        err_text(c.check()),
        "\"People and places that help me take my mind off things\" has too many entries (at \
         most 30)."
    );
    c.take_my_mind_off.truncate(ITEMS_MAX);
    assert!(c.check().is_ok());
}

#[test]
fn a_contact_needs_a_name_and_a_uk_number_if_any() {
    let mut c = sample();
    c.people_to_ask.push(Contact::new("Jo next door", ""));
    assert!(c.check().is_ok(), "a number is optional");

    c.people_to_ask.push(Contact::new("", "07700 900456"));
    assert_eq!(
        c.check(),
        Err(PlanError::ContactWithoutName {
            section: Section::PeopleToAsk,
            position: 3
        })
    );

    let mut c = sample();
    c.people_to_ask
        .push(Contact::new("Aunt Bea", "0770 090 012"));
    let err = c.check().unwrap_err();
    assert_eq!(
        err,
        PlanError::Phone {
            section: Section::PeopleToAsk,
            position: 2,
            name: "Aunt Bea".into()
        }
    );
    let text = err.to_string();
    assert!(text.starts_with("The phone number for \"Aunt Bea\" (\"People I can ask for help\", entry 2) is not a UK number."));
    assert!(
        !text.contains("0770 090 012"),
        "the number itself is not repeated"
    );

    let mut c = sample();
    c.professionals = national_lines().to_vec();
    assert!(c.check().is_ok(), "the offered national lines are valid");
    c.professionals[0].name = "x".repeat(CONTACT_NAME_MAX + 1);
    assert!(err_text(c.check()).contains("The name is too long"));
    let mut c = sample();
    c.professionals = vec![Contact::new("GP", "0".repeat(PHONE_MAX + 1).as_str())];
    assert!(err_text(c.check()).contains("The phone number is too long"));
    c.professionals = vec![Contact::new("GP", "x"); CONTACTS_MAX + 1];
    assert!(matches!(c.check(), Err(PlanError::TooMany { max: 20, .. })));
}

#[test]
fn national_lines_are_offered_only_when_missing() {
    let mut c = PlanContent::default();
    assert_eq!(c.missing_national_lines().len(), 3);
    c.professionals.push(Contact::new("Sams", "116123"));
    let missing: Vec<String> = c
        .missing_national_lines()
        .into_iter()
        .map(|l| l.name)
        .collect();
    assert_eq!(
        missing,
        ["NHS 111, the mental health option", "SHOUT (text)"]
    );
}

#[test]
fn text_sections_keep_lines_but_refuse_controls_and_length() {
    let mut c = sample();
    c.practical_needs = "Sister has the children.\n\nNeighbour feeds the cat.".into();
    assert_eq!(
        c.check().unwrap().practical_needs,
        "Sister has the children.\n\nNeighbour feeds the cat."
    );
    c.practical_needs = "Cat\tfood".into();
    assert_eq!(
        err_text(c.check()),
        "\"Practical needs (children, pets, work)\": The text has an invisible control character \
         (TAB) at character 4: Backspace removes it."
    );
    c.practical_needs = "a".repeat(TEXT_MAX);
    assert!(c.check().is_ok());
    c.practical_needs.push('a');
    assert!(err_text(c.check()).contains("too long (at most 2000 characters)"));
}

#[test]
fn content_and_meta_round_trip_through_json() {
    let c = sample();
    let json = serde_json::to_string(&c).unwrap();
    assert_eq!(serde_json::from_str::<PlanContent>(&json).unwrap(), c);
    // A version written before a field existed reads that field as empty.
    let old: PlanContent = serde_json::from_str(r#"{"warning_signs":["a"]}"#).unwrap();
    assert_eq!(old.warning_signs, ["a"]);
    assert!(old.practical_needs.is_empty());
    let m = meta(d(2027, 2, 20));
    let json = serde_json::to_string(&m).unwrap();
    assert!(json.contains("\"review_due\":\"2027-02-20\""));
    assert_eq!(serde_json::from_str::<PlanMeta>(&json).unwrap(), m);
    assert!(serde_json::from_str::<PlanMeta>(&json.replace("2027-02-20", "20/02/2027")).is_err());
}

#[test]
fn identical_versions_have_no_diff() {
    let m = meta(d(2027, 2, 20));
    let diff = diff(&sample(), &m, &sample(), &m);
    assert!(diff.is_empty());
    assert_eq!(diff.summary(), "");
}

#[test]
fn list_diff_ignores_order_and_keeps_display_order() {
    let m = meta(d(2027, 2, 20));
    let old = sample();
    let mut new = sample();
    new.warning_signs = vec![
        "Stopping answering texts".into(),
        "Drinking more".into(),
        "Not sleeping".into(),
        "Pacing".into(),
    ];
    new.on_my_own.clear();
    let diff = diff(&old, &m, &new, &m);
    assert_eq!(
        diff.changes,
        [
            SectionChange::Items {
                section: Section::WarningSigns,
                added: vec!["Drinking more".into(), "Pacing".into()],
                removed: vec![],
            },
            SectionChange::Items {
                section: Section::OnMyOwn,
                added: vec![],
                removed: vec!["Walk by the canal".into()],
            },
        ]
    );
    assert_eq!(
        diff.summary(),
        "My warning signs, Things I can do on my own"
    );

    // Reordering alone is not a change; a repeated item counts.
    let mut reordered = sample();
    reordered.warning_signs.reverse();
    assert!(super::diff(&old, &m, &reordered, &m).is_empty());
    reordered.warning_signs.push("Not sleeping".into());
    let changes = super::diff(&old, &m, &reordered, &m).changes;
    assert!(
        matches!(&changes[..], [SectionChange::Items { added, .. }] if added == &["Not sleeping"])
    );
}

#[test]
fn contact_diff_shows_a_new_number_as_removed_and_added() {
    let m = meta(d(2027, 2, 20));
    let mut new = sample();
    new.people_to_ask[0].phone = "07700 900999".into();
    let changes = diff(&sample(), &m, &new, &m).changes;
    assert_eq!(
        changes,
        [SectionChange::Contacts {
            section: Section::PeopleToAsk,
            added: vec![Contact::new("Mum", "07700 900999")],
            removed: vec![Contact::new("Mum", "07700 900123")],
        }]
    );
}

#[test]
fn text_diff_lists_removed_and_added_lines() {
    let m = meta(d(2027, 2, 20));
    let old = sample();
    let mut new = sample();
    new.reasons_for_living = "My daughter.\nMy dog, Biscuit.\nFinishing my course".into();
    let changes = diff(&old, &m, &new, &m).changes;
    assert_eq!(
        changes,
        [SectionChange::Text {
            section: Section::ReasonsForLiving,
            lines: vec![
                LineChange::Removed("Finishing my course.".into()),
                LineChange::Added("My dog, Biscuit.".into()),
                LineChange::Added("Finishing my course".into()),
            ],
        }]
    );
    // From nothing to something, and back.
    let mut empty = sample();
    empty.reasons_for_living.clear();
    let added = diff(&empty, &m, &old, &m).changes;
    assert!(matches!(&added[..], [SectionChange::Text { lines, .. }]
        if lines.len() == 2 && lines.iter().all(|l| matches!(l, LineChange::Added(_)))));
    let removed = diff(&old, &m, &empty, &m).changes;
    assert!(matches!(&removed[..], [SectionChange::Text { lines, .. }]
        if lines.iter().all(|l| matches!(l, LineChange::Removed(_)))));
}

#[test]
fn metadata_diff_names_each_changed_field() {
    let a = meta(d(2027, 2, 20));
    let b = PlanMeta {
        co_produced: false,
        consent_to_share: true,
        copy_holders: "Me, GP".into(),
        review_due: d(2027, 1, 10),
    };
    let diff = diff(&sample(), &a, &sample(), &b);
    assert_eq!(
        diff.changes,
        [
            SectionChange::Meta(MetaChange::CoProduced {
                from: true,
                to: false
            }),
            SectionChange::Meta(MetaChange::ConsentToShare {
                from: false,
                to: true
            }),
            SectionChange::Meta(MetaChange::CopyHolders {
                from: "Me".into(),
                to: "Me, GP".into()
            }),
            SectionChange::Meta(MetaChange::ReviewDue {
                from: d(2027, 2, 20),
                to: d(2027, 1, 10)
            }),
        ]
    );
    assert_eq!(
        diff.summary(),
        "Co-produced, Consent to share, Who has a copy, Review due"
    );
}

#[test]
fn plain_text_has_headings_and_only_written_sections() {
    let text = to_plain_text(&sample(), &meta(d(2027, 2, 20)), "Sam", 3, d(2026, 11, 22));
    let expected = "\
My crisis prevention plan
=========================
Sam
Version 3, saved on 22 November 2026.
To be reviewed by 20 February 2027.

Who to call now
===============
- Mum: 07700 900123
- Samaritans: 116 123
- In an emergency: 999, or go to A&E.

My warning signs
----------------
- Not sleeping
- Stopping answering texts

Things I can do on my own
-------------------------
- Walk by the canal

My reasons for living / what matters to me
------------------------------------------
My daughter.
Finishing my course.

About this plan
---------------
Written together with you: yes
You agreed it may be shared: no
Who has a copy: Me

If you cannot keep yourself safe right now, call 999 or go to A&E.
";
    assert_eq!(text, expected);
    assert!(
        !text.contains("Practical needs"),
        "empty sections are left out"
    );
}

#[test]
fn plain_text_wraps_long_lines_and_strips_control_characters() {
    let mut c = sample();
    c.on_my_own = vec![format!("{} end", "word ".repeat(30))];
    c.people_to_ask = vec![Contact::new("Jo", "")];
    c.what_helps = "Helps\x1b[31m: quiet\n\nDoes not help: noise".into();
    let text = to_plain_text(
        &c,
        &meta(d(2027, 2, 20)),
        "Anon\u{202E} #4",
        1,
        d(2026, 11, 22),
    );
    assert!(text.lines().all(|l| l.chars().count() <= 72), "{text}");
    assert!(text.contains("- word word"));
    assert!(
        text.contains("\n  word word"),
        "continuation lines are indented"
    );
    assert!(text.contains("- Jo\n"), "no number, no colon");
    assert!(text.contains("Helps[31m: quiet\n\nDoes not help: noise\n"));
    assert!(!text.contains('\x1b') && !text.contains('\u{202E}'));
    assert!(text.contains("\nAnon #4\n"));
}
