//! The plain-text copy a visitor takes away: headings, short lines, nothing but text. Empty
//! sections are left out so the page holds only what the visitor said.

use super::{PlanContent, PlanMeta, Section, SectionBody};
use crate::domain::text::{sanitize_for_terminal, sanitize_multiline};
use chrono::NaiveDate;

/// Lines are wrapped to this many characters, so the copy prints and reads on a phone.
const WIDTH: usize = 72;

/// The plan as plain text. Every piece of stored text passes through the shared sanitiser, so
/// nothing in the file can drive a terminal or printer that shows it.
pub fn to_plain_text(
    content: &PlanContent,
    meta: &PlanMeta,
    visitor_label: &str,
    version: u32,
    saved_on: NaiveDate,
) -> String {
    let mut out = String::new();
    heading(&mut out, "My crisis prevention plan", '=');
    push_wrapped(&mut out, &sanitize_for_terminal(visitor_label), "", "");
    let saved = format!("Version {version}, saved on {}.", long_date(saved_on));
    push_wrapped(&mut out, &saved, "", "");
    let review = format!("To be reviewed by {}.", long_date(meta.review_due));
    push_wrapped(&mut out, &review, "", "");
    // The numbers first: someone reaching for this in a crisis should not have to read past
    // their warning signs to find who to ring. Their own people, then services, then 999.
    out.push('\n');
    heading(&mut out, "Who to call now", '=');
    for section in CONTACT_SECTIONS {
        if let SectionBody::Contacts(contacts) = content.body(section) {
            for c in contacts {
                push_wrapped(&mut out, &contact_line(c), "- ", "  ");
            }
        }
    }
    push_wrapped(&mut out, "- In an emergency: 999, or go to A&E.", "", "  ");
    for section in Section::ALL {
        let body = content.body(section);
        if body.is_empty() || CONTACT_SECTIONS.contains(&section) {
            continue;
        }
        out.push('\n');
        heading(&mut out, section.title(), '-');
        match body {
            SectionBody::Items(items) => {
                for item in items {
                    push_wrapped(&mut out, &sanitize_for_terminal(item), "- ", "  ");
                }
            }
            SectionBody::Contacts(contacts) => {
                for c in contacts {
                    push_wrapped(&mut out, &contact_line(c), "- ", "  ");
                }
            }
            SectionBody::Text(text) => {
                for line in sanitize_multiline(text).lines() {
                    push_wrapped(&mut out, line, "", "");
                }
            }
        }
    }
    out.push('\n');
    heading(&mut out, "About this plan", '-');
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    push_wrapped(
        &mut out,
        &format!("Written together with you: {}", yes_no(meta.co_produced)),
        "",
        "",
    );
    push_wrapped(
        &mut out,
        &format!(
            "You agreed it may be shared: {}",
            yes_no(meta.consent_to_share)
        ),
        "",
        "",
    );
    let holders = sanitize_for_terminal(&meta.copy_holders);
    if !holders.trim().is_empty() {
        push_wrapped(&mut out, &format!("Who has a copy: {holders}"), "", "");
    }
    out.push('\n');
    push_wrapped(
        &mut out,
        "If you cannot keep yourself safe right now, call 999 or go to A&E.",
        "",
        "",
    );
    out
}

/// The sections of names and numbers, in the order "Who to call now" lists them.
const CONTACT_SECTIONS: [Section; 2] = [Section::PeopleToAsk, Section::Professionals];

/// "Mum: 07700 900123", or the name alone when there is no number.
fn contact_line(c: &super::Contact) -> String {
    let name = sanitize_for_terminal(&c.name);
    match sanitize_for_terminal(&c.phone) {
        phone if phone.trim().is_empty() => name,
        phone => format!("{name}: {phone}"),
    }
}

/// "22 November 2026".
fn long_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

fn heading(out: &mut String, title: &str, rule: char) {
    out.push_str(title);
    out.push('\n');
    out.extend(std::iter::repeat_n(rule, title.chars().count()));
    out.push('\n');
}

/// Greedy word wrap to `WIDTH`, the first line after `first`, the rest after `rest`. A word
/// longer than a line gets a line of its own rather than being cut. A blank line stays blank.
fn push_wrapped(out: &mut String, text: &str, first: &str, rest: &str) {
    let mut line = String::from(first);
    let mut line_has_word = false;
    for word in text.split_whitespace() {
        let len = line.chars().count();
        if line_has_word && len + 1 + word.chars().count() > WIDTH {
            out.push_str(&line);
            out.push('\n');
            line = String::from(rest);
            line_has_word = false;
        }
        if line_has_word {
            line.push(' ');
        }
        line.push_str(word);
        line_has_word = true;
    }
    out.push_str(line.trim_end());
    out.push('\n');
}
