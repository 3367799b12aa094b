//! The Administration screen driven by keys alone (no app, no database) and drawn on a
//! TestBackend with fixed rows: one snapshot per section.

use super::*;
use crate::domain::audit::{AuditAction, ChainBreak, RecordKind};
use chrono::TimeZone;
use crossterm::event::KeyModifiers;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 19, 30, 0).unwrap()
}

fn member(id: i64, name: &str, is_admin: bool, active: bool) -> StaffMember {
    StaffMember {
        id,
        name: name.into(),
        is_admin,
        active,
    }
}

fn triage(code: &str, label: &str, target: Option<u32>, active: bool, row_id: i64) -> TriageRecord {
    TriageRecord {
        code: code.into(),
        label: label.into(),
        description: format!("{label}: what the code means."),
        target_minutes: target,
        active,
        row_id,
    }
}

fn entry(
    id: i64,
    at: &str,
    staff: Option<i64>,
    action: AuditAction,
    kind: Option<RecordKind>,
    rec: Option<i64>,
) -> AuditEntry {
    AuditEntry {
        id,
        at: at.into(),
        staff_id: staff,
        action: action.as_str().into(),
        record_kind: kind.map(|k| k.as_str().into()),
        record_id: rec,
    }
}

/// A screen with every section's rows loaded, as the app would load them.
fn screen() -> AdminScreen {
    let mut s = AdminScreen::new(chrono_tz::Europe::London);
    s.load(AdminData::Staff(vec![
        member(1, "Robin Example", true, true),
        member(2, "Jo Sample", false, true),
        member(3, "Sam Former\u{1b}[31m", false, false),
    ]));
    s.load(AdminData::Directory(vec![
        DirectoryRecord {
            id: 1,
            name: "Samaritans".into(),
            category: "national helpline".into(),
            phone: Some("116 123".into()),
            website: Some("samaritans.org".into()),
            hours: Some("24 hours, every day".into()),
            description: "Free, confidential emotional support.".into(),
            active: true,
        },
        DirectoryRecord {
            id: 2,
            name: "Old drop-in\u{202E}".into(),
            category: "local".into(),
            phone: None,
            website: None,
            hours: None,
            description: String::new(),
            active: false,
        },
    ]));
    s.load(AdminData::ReferralSources(vec![
        ReferralSourceRecord {
            id: 1,
            label: "GP".into(),
            reporting_code: "GP".into(),
            active: true,
        },
        ReferralSourceRecord {
            id: 2,
            label: "Self".into(),
            reporting_code: "SELF".into(),
            active: true,
        },
        ReferralSourceRecord {
            id: 11,
            label: "Street triage".into(),
            reporting_code: "STT".into(),
            active: false,
        },
    ]));
    s.load(AdminData::Triage(vec![
        triage("A", "Emergency", Some(0), true, 1),
        triage("B", "Very urgent", Some(240), true, 2),
        triage("E", "Low", None, true, 5),
        triage("H", "Call back", Some(4320), false, 8),
    ]));
    s.load(AdminData::BankHolidays(vec![
        BankHoliday {
            date: NaiveDate::from_ymd_opt(2026, 12, 25).unwrap(),
            name: "Christmas Day".into(),
        },
        BankHoliday {
            date: NaiveDate::from_ymd_opt(2026, 12, 28).unwrap(),
            name: "Boxing Day (substitute day)".into(),
        },
    ]));
    s.load(AdminData::Settings(
        SettingKey::ALL
            .into_iter()
            .map(|key| SettingRow {
                key,
                value: if key == SettingKey::AutoLockMinutes {
                    "10".into()
                } else {
                    key.default_text()
                },
                is_default: key != SettingKey::AutoLockMinutes,
            })
            .collect(),
    ));
    s.load(AdminData::Audit {
        filter: AuditFilter::default(),
        rows: vec![
            entry(
                7,
                "2026-11-22T19:29:00Z",
                Some(1),
                AuditAction::SettingsChange,
                Some(RecordKind::Setting),
                Some(4),
            ),
            entry(
                6,
                "2026-11-22T19:20:00Z",
                Some(1),
                AuditAction::SettingsChange,
                Some(RecordKind::BankHoliday),
                Some(20261228),
            ),
            entry(
                5,
                "2026-11-22T19:10:00Z",
                Some(1),
                AuditAction::Change,
                Some(RecordKind::Staff),
                Some(2),
            ),
            entry(
                4,
                "2026-11-22T19:05:00Z",
                Some(2),
                AuditAction::View,
                Some(RecordKind::Plan),
                Some(3),
            ),
            entry(
                3,
                "2026-11-22T19:00:00Z",
                Some(1),
                AuditAction::SignIn,
                Some(RecordKind::Staff),
                Some(1),
            ),
            entry(
                2,
                "2026-11-22T18:59:00Z",
                None,
                AuditAction::Unlock,
                Some(RecordKind::Database),
                None,
            ),
        ],
        append: false,
    });
    s.load(AdminData::Chain(ChainStatus::Verified { entries: 7 }));
    s
}

fn key(s: &mut AdminScreen, code: KeyCode) -> Option<AdminAction> {
    s.handle_key(KeyEvent::from(code), now())
}

fn ctrl_s(s: &mut AdminScreen) -> Option<AdminAction> {
    s.handle_key(
        KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL),
        now(),
    )
}

fn type_text(s: &mut AdminScreen, text: &str) {
    for c in text.chars() {
        assert_eq!(key(s, KeyCode::Char(c)), None);
    }
}

fn draw(s: &AdminScreen) -> String {
    let mut terminal = Terminal::new(TestBackend::new(100, 24)).unwrap();
    terminal
        .draw(|f| s.render(f, f.area(), &Theme::plain(), now()))
        .unwrap();
    let buffer = terminal.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            out.push_str(buffer[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

#[test]
fn letters_choose_sections_and_each_asks_for_its_rows() {
    let mut s = screen();
    for (c, section) in [
        ('d', Section::Directory),
        ('r', Section::ReferralSources),
        ('t', Section::Triage),
        ('b', Section::BankHolidays),
        ('g', Section::Settings),
        ('a', Section::Audit),
        ('s', Section::Staff),
    ] {
        assert_eq!(
            key(&mut s, KeyCode::Char(c)),
            Some(AdminAction::Load(section))
        );
        assert_eq!(s.section(), section);
        assert!(!s.captures_input(), "lists leave digits and q to the app");
    }
    assert_eq!(
        key(&mut s, KeyCode::Char('1')),
        None,
        "digits are the app's"
    );
    assert_eq!(key(&mut s, KeyCode::Esc), Some(AdminAction::Close));
}

#[test]
fn lists_move_with_j_and_k_and_list_keys() {
    let mut s = screen();
    key(&mut s, KeyCode::Char('j'));
    key(&mut s, KeyCode::Char('j'));
    key(&mut s, KeyCode::Char('j'));
    assert_eq!(s.selected(), 2, "stops at the last row");
    s.on_list(ListMove::Up, now());
    assert_eq!(s.selected(), 1);
    key(&mut s, KeyCode::Char('d'));
    assert_eq!(s.selected(), 0, "each section keeps its own place");
    key(&mut s, KeyCode::Char('s'));
    assert_eq!(s.selected(), 1);
}

#[test]
fn a_new_colleague_needs_matching_pins_and_your_own() {
    let mut s = screen();
    assert_eq!(s.on_list(ListMove::New, now()), None);
    assert_eq!(s.mode_name(), "form");
    assert!(s.captures_input());
    type_text(&mut s, "Alex New");
    key(&mut s, KeyCode::Tab);
    type_text(&mut s, "135790");
    key(&mut s, KeyCode::Tab);
    type_text(&mut s, "135791");
    key(&mut s, KeyCode::Tab);
    type_text(&mut s, "246810");
    assert_eq!(ctrl_s(&mut s), None);
    assert_eq!(
        s.form().unwrap().message.as_ref().unwrap().text(),
        "The two PINs do not match."
    );
    key(&mut s, KeyCode::BackTab);
    key(&mut s, KeyCode::Backspace);
    type_text(&mut s, "0");
    let action = ctrl_s(&mut s).unwrap();
    assert_eq!(
        action,
        AdminAction::AddStaff {
            name: "Alex New".into(),
            pin: PinText::new("135790"),
            your_pin: PinText::new("246810"),
        }
    );
    assert!(
        !format!("{action:?}").contains("135790"),
        "PINs never reach Debug output"
    );
    s.refuse("Wrong PIN.".into());
    assert_eq!(s.mode_name(), "form", "a refusal keeps the form");
    s.done(Some("Saved 19:30:00".into()));
    assert_eq!(s.mode_name(), "list");
    assert_eq!(s.message.as_ref().unwrap().text(), "Saved 19:30:00");
}

#[test]
fn a_pin_is_reset_for_an_active_colleague_only() {
    let mut s = screen();
    key(&mut s, KeyCode::Char('j')); // Jo Sample
    key(&mut s, KeyCode::Char('p'));
    assert_eq!(s.form().unwrap().title, "New PIN for Jo Sample");
    type_text(&mut s, "975310");
    key(&mut s, KeyCode::Tab);
    type_text(&mut s, "975310");
    key(&mut s, KeyCode::Tab);
    assert_eq!(ctrl_s(&mut s), None, "your own PIN is needed");
    type_text(&mut s, "246810");
    assert_eq!(
        ctrl_s(&mut s),
        Some(AdminAction::ResetPin {
            staff_id: 2,
            pin: PinText::new("975310"),
            your_pin: PinText::new("246810"),
        })
    );
    s.done(None);
    key(&mut s, KeyCode::Char('j')); // Sam Former, deactivated
    assert_eq!(key(&mut s, KeyCode::Char('e')), None);
    assert_eq!(s.mode_name(), "list");
    assert!(
        s.message
            .as_ref()
            .unwrap()
            .text()
            .contains("Reactivate them first")
    );
}

#[test]
fn x_asks_before_deactivating_and_any_other_key_cancels() {
    let mut s = screen();
    key(&mut s, KeyCode::Char('j'));
    assert_eq!(key(&mut s, KeyCode::Char('x')), None);
    assert_eq!(s.mode_name(), "confirm");
    assert!(s.captures_input(), "q does not quit mid-question");
    assert!(draw(&s).contains("Deactivate Jo Sample?"));
    assert_eq!(key(&mut s, KeyCode::Char('q')), None);
    assert_eq!(s.mode_name(), "list");
    assert_eq!(s.message.as_ref().unwrap().text(), "Nothing was changed.");
    key(&mut s, KeyCode::Char('x'));
    assert_eq!(
        key(&mut s, KeyCode::Char('y')),
        Some(AdminAction::SetStaffActive {
            staff_id: 2,
            active: false
        })
    );
    key(&mut s, KeyCode::Char('j'));
    key(&mut s, KeyCode::Char('x'));
    assert_eq!(
        key(&mut s, KeyCode::Char('y')),
        Some(AdminAction::SetStaffActive {
            staff_id: 3,
            active: true
        }),
        "x on a deactivated colleague reactivates"
    );
    s.refuse("This is the only active staff member.".into());
    assert_eq!(s.mode_name(), "list");
    assert!(s.message.as_ref().unwrap().text().contains("only active"));
}

#[test]
fn directory_entries_are_edited_and_retired() {
    let mut s = screen();
    key(&mut s, KeyCode::Char('d'));
    key(&mut s, KeyCode::Enter);
    assert_eq!(s.form().unwrap().title, "Edit Samaritans");
    key(&mut s, KeyCode::Tab);
    key(&mut s, KeyCode::Tab);
    key(&mut s, KeyCode::End);
    type_text(&mut s, " (free)");
    let Some(AdminAction::SaveDirectoryEntry { id, entry }) = ctrl_s(&mut s) else {
        panic!("a save");
    };
    assert_eq!(id, Some(1));
    assert_eq!(entry.phone, "116 123 (free)");
    assert_eq!(entry.description, "Free, confidential emotional support.");
    s.done(None);
    key(&mut s, KeyCode::Char('j'));
    key(&mut s, KeyCode::Char('x'));
    assert_eq!(
        key(&mut s, KeyCode::Char('y')),
        Some(AdminAction::SetDirectoryEntryActive {
            id: 2,
            active: true
        }),
        "a retired entry is reinstated"
    );
    key(&mut s, KeyCode::Char('n'));
    type_text(&mut s, "Night shelter");
    key(&mut s, KeyCode::Tab);
    type_text(&mut s, "housing");
    key(&mut s, KeyCode::Tab);
    key(&mut s, KeyCode::Tab);
    key(&mut s, KeyCode::Tab);
    key(&mut s, KeyCode::Tab);
    type_text(&mut s, "Beds");
    key(&mut s, KeyCode::Enter);
    type_text(&mut s, "for the night");
    assert_eq!(
        ctrl_s(&mut s),
        Some(AdminAction::SaveDirectoryEntry {
            id: None,
            entry: DirectoryInput {
                name: "Night shelter".into(),
                category: "housing".into(),
                description: "Beds for the night".into(),
                ..Default::default()
            }
        }),
        "a description's lines join into one"
    );
}

#[test]
fn referral_sources_and_triage_codes_are_added_edited_and_retired() {
    let mut s = screen();
    key(&mut s, KeyCode::Char('r'));
    key(&mut s, KeyCode::Char('n'));
    type_text(&mut s, "Street triage");
    key(&mut s, KeyCode::Tab);
    type_text(&mut s, "stt");
    assert_eq!(
        key(&mut s, KeyCode::Enter),
        Some(AdminAction::SaveReferralSource {
            id: None,
            label: "Street triage".into(),
            code: "stt".into()
        }),
        "Enter on the last field saves"
    );
    s.done(None);
    key(&mut s, KeyCode::Char('x'));
    assert_eq!(
        key(&mut s, KeyCode::Char('y')),
        Some(AdminAction::SetReferralSourceActive {
            id: 1,
            active: false
        })
    );

    key(&mut s, KeyCode::Char('t'));
    key(&mut s, KeyCode::Char('j'));
    key(&mut s, KeyCode::Char('e'));
    assert_eq!(s.form().unwrap().title, "Triage code B");
    key(&mut s, KeyCode::Tab);
    key(&mut s, KeyCode::Tab);
    for _ in 0..2 {
        key(&mut s, KeyCode::Backspace);
    }
    type_text(&mut s, "soon");
    assert_eq!(ctrl_s(&mut s), None);
    assert!(
        s.form()
            .unwrap()
            .message
            .as_ref()
            .unwrap()
            .text()
            .contains("minutes (240), hours (4h)")
    );
    for _ in 0..5 {
        key(&mut s, KeyCode::Backspace);
    }
    type_text(&mut s, "3h");
    assert_eq!(
        ctrl_s(&mut s),
        Some(AdminAction::SaveTriageCode {
            new: false,
            input: TriageInput {
                code: "B".into(),
                label: "Very urgent".into(),
                description: "Very urgent: what the code means.".into(),
                target_minutes: Some(180),
            }
        })
    );
    s.done(None);
    key(&mut s, KeyCode::Char('n'));
    type_text(&mut s, "h2");
    key(&mut s, KeyCode::Tab);
    type_text(&mut s, "Later");
    key(&mut s, KeyCode::Tab);
    type_text(&mut s, "Routine call back.");
    let Some(AdminAction::SaveTriageCode { new, input }) = ctrl_s(&mut s) else {
        panic!("a save");
    };
    assert!(new);
    assert_eq!((input.code.as_str(), input.target_minutes), ("h2", None));
}

#[test]
fn bank_holidays_are_added_with_a_real_date_and_removed_after_asking() {
    let mut s = screen();
    key(&mut s, KeyCode::Char('b'));
    key(&mut s, KeyCode::Char('n'));
    type_text(&mut s, "31/02/2027");
    key(&mut s, KeyCode::Tab);
    type_text(&mut s, "Not a day");
    assert_eq!(ctrl_s(&mut s), None);
    assert_eq!(
        s.form().unwrap().message.as_ref().unwrap().text(),
        "31/02/2027 does not exist."
    );
    key(&mut s, KeyCode::BackTab);
    for _ in 0..10 {
        key(&mut s, KeyCode::Backspace);
    }
    type_text(&mut s, "01/01/2027");
    assert_eq!(
        ctrl_s(&mut s),
        Some(AdminAction::AddBankHoliday {
            date: NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
            name: "Not a day".into()
        })
    );
    s.done(None);
    key(&mut s, KeyCode::Char('x'));
    assert!(draw(&s).contains("Remove the bank holiday on Fri 25/12/2026 (Christmas Day)?"));
    assert_eq!(
        key(&mut s, KeyCode::Char('y')),
        Some(AdminAction::RemoveBankHoliday {
            date: NaiveDate::from_ymd_opt(2026, 12, 25).unwrap()
        })
    );
}

#[test]
fn settings_and_triage_targets_are_edited_in_place() {
    let mut s = screen();
    key(&mut s, KeyCode::Char('g'));
    key(&mut s, KeyCode::Char('e'));
    assert_eq!(s.form().unwrap().text(forms::VALUE), "17:00-22:30");
    for _ in 0..5 {
        key(&mut s, KeyCode::Backspace);
    }
    type_text(&mut s, "23:00");
    assert_eq!(
        key(&mut s, KeyCode::Enter),
        Some(AdminAction::SaveSetting {
            key: SettingKey::WeekdayHours,
            value: "17:00-23:00".into()
        })
    );
    s.refuse("Write service hours as hh:mm-hh:mm, for example 17:00-22:30.".into());
    assert!(draw(&s).contains("Write service hours as hh:mm-hh:mm"));
    key(&mut s, KeyCode::Esc);
    key(&mut s, KeyCode::Esc);
    assert_eq!(s.mode_name(), "list", "Esc asks, then discards");
    // Past the settings come the active codes' targets (H is retired).
    for _ in 0..=SettingKey::ALL.len() {
        key(&mut s, KeyCode::Char('j'));
    }
    key(&mut s, KeyCode::Char('e'));
    assert_eq!(s.form().unwrap().title, "Target time for B Very urgent");
    assert_eq!(s.form().unwrap().text(forms::TARGET), "4h");
    for _ in 0..2 {
        key(&mut s, KeyCode::Backspace);
    }
    assert_eq!(
        key(&mut s, KeyCode::Enter),
        Some(AdminAction::SaveTriageTarget {
            code: "B".into(),
            minutes: None
        }),
        "empty: no target"
    );
    s.done(None);
    for _ in 0..5 {
        key(&mut s, KeyCode::Char('j'));
    }
    assert_eq!(
        s.selected(),
        SettingKey::ALL.len() + 2,
        "A, B and E: H is retired"
    );
    assert_eq!(key(&mut s, KeyCode::Char('x')), None);
    assert_eq!(s.mode_name(), "list");
}

#[test]
fn the_audit_log_filters_pages_and_follows_a_record() {
    let mut s = screen();
    key(&mut s, KeyCode::Char('a'));
    assert_eq!(
        key(&mut s, KeyCode::Char('v')),
        Some(AdminAction::VerifyChain)
    );
    s.on_list(ListMove::Filter, now());
    assert_eq!(s.mode_name(), "form");
    key(&mut s, KeyCode::Char('j')); // Jo Sample
    key(&mut s, KeyCode::Tab);
    key(&mut s, KeyCode::Char('p')); // person
    key(&mut s, KeyCode::Char('p')); // plan
    key(&mut s, KeyCode::Tab);
    type_text(&mut s, "3");
    key(&mut s, KeyCode::Tab);
    type_text(&mut s, "22/11/2026");
    key(&mut s, KeyCode::Tab);
    type_text(&mut s, "21/11/2026");
    assert_eq!(ctrl_s(&mut s), None);
    assert_eq!(
        s.form().unwrap().message.as_ref().unwrap().text(),
        "The start date is after the end date."
    );
    for _ in 0..10 {
        key(&mut s, KeyCode::Backspace);
    }
    let filter = AuditFilter {
        staff_id: Some(2),
        record_kind: Some(RecordKind::Plan),
        record_id: Some(3),
        from: NaiveDate::from_ymd_opt(2026, 11, 22),
        to: None,
    };
    assert_eq!(
        ctrl_s(&mut s),
        Some(AdminAction::AuditPage {
            filter: filter.clone(),
            before: None
        })
    );
    s.load(AdminData::Audit {
        filter: filter.clone(),
        rows: vec![entry(
            4,
            "2026-11-22T19:05:00Z",
            Some(2),
            AuditAction::View,
            Some(RecordKind::Plan),
            Some(3),
        )],
        append: false,
    });
    s.done(None);
    assert!(draw(&s).contains("Showing: by Jo Sample · plan #3 · from 22/11/2026 (c clears)"));
    assert_eq!(
        key(&mut s, KeyCode::Char('c')),
        Some(AdminAction::AuditPage {
            filter: AuditFilter::default(),
            before: None
        })
    );

    // A full page asks for the next when the selection reaches its end.
    let page: Vec<AuditEntry> = (0..AUDIT_PAGE as i64)
        .map(|i| {
            entry(
                1000 - i,
                "2026-11-22T19:00:00Z",
                Some(1),
                AuditAction::View,
                Some(RecordKind::Plan),
                Some(i),
            )
        })
        .collect();
    s.load(AdminData::Audit {
        filter: AuditFilter::default(),
        rows: page,
        append: false,
    });
    for _ in 0..AUDIT_PAGE - 2 {
        assert_eq!(key(&mut s, KeyCode::Char('j')), None);
    }
    assert_eq!(
        key(&mut s, KeyCode::Char('j')),
        Some(AdminAction::AuditPage {
            filter: AuditFilter::default(),
            before: Some(1000 - AUDIT_PAGE as i64 + 1)
        })
    );
    assert_eq!(
        key(&mut s, KeyCode::Char('j')),
        None,
        "the next page is asked for once, until it comes"
    );
    assert_eq!(key(&mut s, KeyCode::PageUp), None, "going up never fetches");
    assert_eq!(
        key(&mut s, KeyCode::End),
        None,
        "still asked for: not asked again"
    );
    assert_eq!(
        key(&mut s, KeyCode::Enter),
        Some(AdminAction::AuditPage {
            filter: AuditFilter {
                record_kind: Some(RecordKind::Plan),
                record_id: Some(AUDIT_PAGE as i64 - 1),
                ..AuditFilter::default()
            },
            before: None
        }),
        "Enter: every entry about this record"
    );
    // The next page came (full again): the selection stays, and the end asks once more.
    let next: Vec<AuditEntry> = (0..AUDIT_PAGE as i64)
        .map(|i| {
            let id = 1000 - AUDIT_PAGE as i64 - i;
            entry(
                id,
                "2026-11-22T18:00:00Z",
                Some(1),
                AuditAction::View,
                None,
                None,
            )
        })
        .collect();
    s.load(AdminData::Audit {
        filter: AuditFilter::default(),
        rows: next,
        append: true,
    });
    assert_eq!(s.selected(), AUDIT_PAGE - 1, "the selection stays");
    assert_eq!(
        key(&mut s, KeyCode::End),
        Some(AdminAction::AuditPage {
            filter: AuditFilter::default(),
            before: Some(1000 - 2 * AUDIT_PAGE as i64 + 1)
        })
    );
}

#[test]
fn a_broken_chain_is_said_in_words() {
    let mut s = screen();
    key(&mut s, KeyCode::Char('a'));
    s.load(AdminData::Chain(ChainStatus::Broken(ChainBreak::Link {
        id: 5,
    })));
    assert!(draw(&s).contains("✗ HASH CHAIN BROKEN at entry #5"));
}

#[test]
fn database_strings_are_drawn_safely() {
    let mut s = screen();
    let staff = draw(&s);
    assert!(!staff.contains('\u{1b}'));
    assert!(staff.contains("Sam Former[31m"));
    key(&mut s, KeyCode::Char('d'));
    assert!(!draw(&s).contains('\u{202E}'));
    // A form holds the saved text as it is (so saving keeps it, or names what is refused)
    // and draws it safe: the escape shows as a visible mark.
    let mut e = s.directory[0].clone();
    e.description = "Call\u{1b}[2J now".into();
    s.load(AdminData::Directory(vec![e]));
    key(&mut s, KeyCode::Char('e'));
    assert_eq!(
        s.form().unwrap().text(forms::DESCRIPTION),
        "Call\u{1b}[2J now"
    );
    let drawn = draw(&s);
    assert!(!drawn.contains('\u{1b}') && drawn.contains("Call\u{FFFD}[2J now"));
}

#[test]
fn each_section_draws() {
    let mut s = screen();
    insta::assert_snapshot!("admin_staff", draw(&s));
    for (c, name) in [
        ('d', "admin_directory"),
        ('r', "admin_referral_sources"),
        ('t', "admin_triage"),
        ('b', "admin_bank_holidays"),
        ('g', "admin_settings"),
        ('a', "admin_audit"),
    ] {
        key(&mut s, KeyCode::Char(c));
        insta::assert_snapshot!(name, draw(&s));
    }
    key(&mut s, KeyCode::Char('d'));
    key(&mut s, KeyCode::Char('e'));
    insta::assert_snapshot!("admin_directory_form", draw(&s));
}
