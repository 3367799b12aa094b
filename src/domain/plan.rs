//! Crisis prevention plans: one per visitor, co-produced with them; every save is a new,
//! immutable version. The sections follow the Stanley–Brown safety plan, WRAP and Mind's
//! crisis planning guidance.
//!
//! Each section has one of three shapes, chosen by how people write it:
//! - short items (a list): warning signs, things I can do on my own, people and places that take
//!   my mind off things, making my surroundings safer. These are discrete, glanceable steps in
//!   the Stanley–Brown plan ("1. go for a walk, 2. ...") that a visitor reads in a crisis;
//! - contacts (a list of name and phone): people I can ask for help, professionals and services;
//! - free text (several lines): my reasons for living, what helps and what does not, practical
//!   needs. These are said in the visitor's own words, often as sentences ("If I go into
//!   hospital, my sister collects the children"), and lose meaning when chopped into items.

mod diff;
mod phone;
mod plain_text;
mod records;

pub use diff::{LineChange, MetaChange, PlanDiff, SectionChange, diff};
pub use phone::is_uk_phone;
pub use plain_text::to_plain_text;
pub use records::{
    PlanCursor, PlanDraft, PlanListRow, PlanReview, PlanSummary, PlanVersion, VersionInfo,
};

use crate::domain::text::{TextError, optional_line, optional_text};
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// At most this many characters in one list item (a short line, not a paragraph).
pub const ITEM_MAX: usize = 200;
/// At most this many items in one list section: a plan is read in a crisis, so it stays short.
pub const ITEMS_MAX: usize = 30;
/// At most this many contacts in one contact section.
pub const CONTACTS_MAX: usize = 20;
/// A contact's name ("Mum", "GP – Riverside Surgery").
pub const CONTACT_NAME_MAX: usize = 80;
/// A contact's number as written ("text SHOUT to 85258" is the longest usual form).
pub const PHONE_MAX: usize = 40;
/// At most this many characters in one free-text section.
pub const TEXT_MAX: usize = 2000;
/// "Who has a copy".
pub const COPY_HOLDERS_MAX: usize = 200;
/// DESIGN.md: review due 90 days after a save unless the settings say otherwise.
pub const DEFAULT_REVIEW_DAYS: u32 = 90;
/// A review date further ahead than this is taken for a typing slip: the plan would never be
/// flagged for review.
pub const MAX_REVIEW_DAYS: u32 = 366;

/// How a section is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SectionKind {
    Items,
    Contacts,
    Text,
}

/// The plan's sections, in the order they are shown, edited and printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    WarningSigns,
    OnMyOwn,
    TakeMyMindOff,
    PeopleToAsk,
    Professionals,
    SaferSurroundings,
    ReasonsForLiving,
    WhatHelps,
    PracticalNeeds,
}

impl Section {
    pub const ALL: [Section; 9] = [
        Section::WarningSigns,
        Section::OnMyOwn,
        Section::TakeMyMindOff,
        Section::PeopleToAsk,
        Section::Professionals,
        Section::SaferSurroundings,
        Section::ReasonsForLiving,
        Section::WhatHelps,
        Section::PracticalNeeds,
    ];

    /// The heading, in the visitor's voice.
    pub fn title(self) -> &'static str {
        match self {
            Section::WarningSigns => "My warning signs",
            Section::OnMyOwn => "Things I can do on my own",
            Section::TakeMyMindOff => "People and places that help me take my mind off things",
            Section::PeopleToAsk => "People I can ask for help",
            Section::Professionals => "Professionals and services",
            Section::SaferSurroundings => "Making my surroundings safer",
            Section::ReasonsForLiving => "My reasons for living / what matters to me",
            Section::WhatHelps => "What helps and what does not",
            Section::PracticalNeeds => "Practical needs (children, pets, work)",
        }
    }

    /// A prompt for the form, from the guidance the section comes from.
    pub fn prompt(self) -> &'static str {
        match self {
            Section::WarningSigns => {
                "Thoughts, feelings, situations or behaviour that tell me a crisis may be coming"
            }
            Section::OnMyOwn => "Things that help me cope without contacting anyone",
            Section::TakeMyMindOff => "People to be with and places to go that distract me",
            Section::PeopleToAsk => "Friends or family I can tell that I am struggling",
            Section::Professionals => {
                "GP, crisis team, NHS 111 (the mental health option), Samaritans, SHOUT"
            }
            Section::SaferSurroundings => "Steps that keep the means of harm out of reach",
            Section::ReasonsForLiving => "What matters to me and keeps me going",
            Section::WhatHelps => "What helps me in a crisis, and what makes it worse",
            Section::PracticalNeeds => "Who looks after children or pets, who tells work",
        }
    }

    pub fn kind(self) -> SectionKind {
        match self {
            Section::WarningSigns
            | Section::OnMyOwn
            | Section::TakeMyMindOff
            | Section::SaferSurroundings => SectionKind::Items,
            Section::PeopleToAsk | Section::Professionals => SectionKind::Contacts,
            Section::ReasonsForLiving | Section::WhatHelps | Section::PracticalNeeds => {
                SectionKind::Text
            }
        }
    }
}

impl fmt::Display for Section {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.title())
    }
}

/// Someone to contact. The phone may be blank (a neighbour one knocks for), never wrong.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Contact {
    pub name: String,
    pub phone: String,
}

impl Contact {
    pub fn new(name: &str, phone: &str) -> Self {
        Contact {
            name: name.into(),
            phone: phone.into(),
        }
    }

    fn is_blank(&self) -> bool {
        self.name.trim().is_empty() && self.phone.trim().is_empty()
    }
}

/// The follow-up calls offered when a plan is saved: (task, days after the save's service date
/// it is due). After Stanley et al. (2018, JAMA Psychiatry, "Comparison of the Safety Planning
/// Intervention With Follow-up vs Usual Care of Suicidal Patients Treated in the Emergency
/// Department"): a safety plan followed by at least two structured calls, the first within 72
/// hours, went with about half as many suicidal behaviours over six months.
pub fn follow_up_calls() -> [(&'static str, i64); 2] {
    [
        (
            "Follow-up call after the crisis plan (1 of 2, within 72 hours): how are things, is the plan helping, anything to change?",
            3,
        ),
        (
            "Follow-up call after the crisis plan (2 of 2, a week on): how are things, is the plan helping, anything to change?",
            7,
        ),
    ]
}

/// National lines the form offers to add to "Professionals and services", written as a
/// visitor would dial or text them.
pub fn national_lines() -> [Contact; 3] {
    [
        // NHS England: "call 111 and choose the mental health option"; the option number has
        // changed and varies by area, so the plan names the option, not its number.
        Contact::new("NHS 111, the mental health option", "111"),
        Contact::new("Samaritans", "116 123"),
        Contact::new("SHOUT (text)", "text SHOUT to 85258"),
    ]
}

/// A section's content, whatever its shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionBody<'a> {
    Items(&'a [String]),
    Contacts(&'a [Contact]),
    Text(&'a str),
}

impl SectionBody<'_> {
    pub fn is_empty(&self) -> bool {
        match self {
            SectionBody::Items(items) => items.is_empty(),
            SectionBody::Contacts(contacts) => contacts.is_empty(),
            SectionBody::Text(text) => text.trim().is_empty(),
        }
    }
}

/// What the plan says: stored as JSON in `plan_versions.sections`. Missing fields read as
/// empty, so a section added later does not make older versions unreadable.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanContent {
    pub warning_signs: Vec<String>,
    pub on_my_own: Vec<String>,
    pub take_my_mind_off: Vec<String>,
    pub people_to_ask: Vec<Contact>,
    pub professionals: Vec<Contact>,
    pub safer_surroundings: Vec<String>,
    pub reasons_for_living: String,
    pub what_helps: String,
    pub practical_needs: String,
}

impl PlanContent {
    pub fn body(&self, section: Section) -> SectionBody<'_> {
        match section {
            Section::WarningSigns => SectionBody::Items(&self.warning_signs),
            Section::OnMyOwn => SectionBody::Items(&self.on_my_own),
            Section::TakeMyMindOff => SectionBody::Items(&self.take_my_mind_off),
            Section::PeopleToAsk => SectionBody::Contacts(&self.people_to_ask),
            Section::Professionals => SectionBody::Contacts(&self.professionals),
            Section::SaferSurroundings => SectionBody::Items(&self.safer_surroundings),
            Section::ReasonsForLiving => SectionBody::Text(&self.reasons_for_living),
            Section::WhatHelps => SectionBody::Text(&self.what_helps),
            Section::PracticalNeeds => SectionBody::Text(&self.practical_needs),
        }
    }

    /// Every section empty (blank rows and whitespace count as empty).
    pub fn is_empty(&self) -> bool {
        let clean = self.normalized();
        Section::ALL.iter().all(|s| clean.body(*s).is_empty())
    }

    /// The national lines not yet among the professionals (compared by number), to offer.
    pub fn missing_national_lines(&self) -> Vec<Contact> {
        let have: Vec<String> = self
            .professionals
            .iter()
            .map(|c| phone_key(&c.phone))
            .collect();
        national_lines()
            .into_iter()
            .filter(|line| !have.contains(&phone_key(&line.phone)))
            .collect()
    }

    /// Trimmed, blank rows dropped, text line ends tidied. What is checked and stored.
    pub fn normalized(&self) -> PlanContent {
        let items = |v: &[String]| -> Vec<String> {
            v.iter()
                .map(|i| i.trim().to_string())
                .filter(|i| !i.is_empty())
                .collect()
        };
        let contacts = |v: &[Contact]| -> Vec<Contact> {
            v.iter()
                .filter(|c| !c.is_blank())
                .map(|c| Contact::new(c.name.trim(), c.phone.trim()))
                .collect()
        };
        PlanContent {
            warning_signs: items(&self.warning_signs),
            on_my_own: items(&self.on_my_own),
            take_my_mind_off: items(&self.take_my_mind_off),
            people_to_ask: contacts(&self.people_to_ask),
            professionals: contacts(&self.professionals),
            safer_surroundings: items(&self.safer_surroundings),
            reasons_for_living: tidy_text(&self.reasons_for_living),
            what_helps: tidy_text(&self.what_helps),
            practical_needs: tidy_text(&self.practical_needs),
        }
    }

    /// Checks every rule for saving a version and returns the content to store.
    pub fn check(&self) -> Result<PlanContent, PlanError> {
        let clean = self.normalized();
        if Section::ALL.iter().all(|s| clean.body(*s).is_empty()) {
            return Err(PlanError::Empty);
        }
        for section in Section::ALL {
            match clean.body(section) {
                SectionBody::Items(items) => check_items(section, items)?,
                SectionBody::Contacts(contacts) => check_contacts(section, contacts)?,
                SectionBody::Text(text) => check_text(section, text)?,
            }
        }
        Ok(clean)
    }
}

/// A number reduced to what identifies it, so "116 123" and "116123" compare equal.
fn phone_key(phone: &str) -> String {
    phone
        .to_ascii_lowercase()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// Unix line ends, no trailing spaces on a line, no blank lines before or after.
fn tidy_text(text: &str) -> String {
    let lines: Vec<&str> = text
        .split('\n')
        .map(|l| l.trim_end_matches('\r').trim_end())
        .collect();
    let first = lines.iter().position(|l| !l.is_empty());
    let last = lines.iter().rposition(|l| !l.is_empty());
    match (first, last) {
        (Some(a), Some(b)) => lines.get(a..=b).unwrap_or_default().join("\n"),
        _ => String::new(),
    }
}

fn check_items(section: Section, items: &[String]) -> Result<(), PlanError> {
    if items.len() > ITEMS_MAX {
        return Err(PlanError::TooMany {
            section,
            max: ITEMS_MAX,
        });
    }
    for (i, item) in items.iter().enumerate() {
        optional_line("This item", item, ITEM_MAX).map_err(|problem| PlanError::Item {
            section,
            position: i + 1,
            problem,
        })?;
    }
    Ok(())
}

fn check_contacts(section: Section, contacts: &[Contact]) -> Result<(), PlanError> {
    if contacts.len() > CONTACTS_MAX {
        return Err(PlanError::TooMany {
            section,
            max: CONTACTS_MAX,
        });
    }
    for (i, c) in contacts.iter().enumerate() {
        let position = i + 1;
        let item = |problem| PlanError::Item {
            section,
            position,
            problem,
        };
        if c.name.is_empty() {
            return Err(PlanError::ContactWithoutName { section, position });
        }
        optional_line("The name", &c.name, CONTACT_NAME_MAX).map_err(item)?;
        optional_line("The phone number", &c.phone, PHONE_MAX).map_err(item)?;
        if !c.phone.is_empty() && !is_uk_phone(&c.phone) {
            return Err(PlanError::Phone {
                section,
                position,
                name: c.name.clone(),
            });
        }
    }
    Ok(())
}

fn check_text(section: Section, text: &str) -> Result<(), PlanError> {
    let problem = |problem| PlanError::Text { section, problem };
    if text.chars().count() > TEXT_MAX {
        return Err(problem(TextError::TooLong {
            field: "The text",
            max: TEXT_MAX,
        }));
    }
    // Line breaks are the text's own; any other control character is refused by name.
    optional_text("The text", text, TEXT_MAX).map_err(problem)?;
    Ok(())
}

/// About the plan rather than in it. Part of every version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanMeta {
    /// Written together with the visitor.
    pub co_produced: bool,
    /// The visitor agreed it may be shared with the people and services named in it.
    pub consent_to_share: bool,
    /// Who has a copy ("me, my GP").
    pub copy_holders: String,
    #[serde(with = "iso_date")]
    pub review_due: NaiveDate,
}

impl PlanMeta {
    /// A new plan's metadata: review due after the default interval from `saved_on`.
    pub fn new(saved_on: NaiveDate, review_days: u32) -> Self {
        PlanMeta {
            co_produced: true,
            consent_to_share: false,
            copy_holders: String::new(),
            review_due: default_review_due(saved_on, review_days),
        }
    }

    /// Checks the metadata of a version saved on `saved_on` and returns what to store.
    pub fn check(&self, saved_on: NaiveDate) -> Result<PlanMeta, PlanError> {
        let copy_holders = optional_line("Who has a copy", &self.copy_holders, COPY_HOLDERS_MAX)
            .map_err(PlanError::Meta)?
            .unwrap_or_default();
        if self.review_due < saved_on {
            return Err(PlanError::ReviewInPast);
        }
        if self.review_due > saved_on + Duration::days(MAX_REVIEW_DAYS.into()) {
            return Err(PlanError::ReviewTooFar);
        }
        Ok(PlanMeta {
            copy_holders,
            ..self.clone()
        })
    }

    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        is_overdue(self.review_due, today)
    }
}

/// The review date a save on `saved_on` gets unless the lead picks another.
pub fn default_review_due(saved_on: NaiveDate, interval_days: u32) -> NaiveDate {
    saved_on + Duration::days(interval_days.into())
}

/// Overdue once the review day has passed: a review due today is not yet overdue.
pub fn is_overdue(review_due: NaiveDate, today: NaiveDate) -> bool {
    review_due < today
}

/// The number the next saved version gets: 1 for a new plan, then one more each save.
pub fn next_version(latest: Option<u32>) -> u32 {
    latest.map_or(1, |v| v + 1)
}

/// Why a version cannot be saved. Messages name a section and position (and a contact's name,
/// which the lead has just typed), never other visitor text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanError {
    Empty,
    TooMany {
        section: Section,
        max: usize,
    },
    Item {
        section: Section,
        position: usize,
        problem: TextError,
    },
    ContactWithoutName {
        section: Section,
        position: usize,
    },
    Phone {
        section: Section,
        position: usize,
        name: String,
    },
    Text {
        section: Section,
        problem: TextError,
    },
    Meta(TextError),
    ReviewInPast,
    ReviewTooFar,
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanError::Empty => f.write_str(
                "The plan is empty: write something in at least one section before saving.",
            ),
            PlanError::TooMany { section, max } => {
                write!(f, "\"{section}\" has too many entries (at most {max}).")
            }
            PlanError::Item {
                section,
                position,
                problem,
            } => write!(f, "\"{section}\", entry {position}: {problem}."),
            PlanError::ContactWithoutName { section, position } => write!(
                f,
                "\"{section}\", entry {position}: give a name for this phone number."
            ),
            PlanError::Phone {
                section,
                position,
                name,
            } => write!(
                f,
                "The phone number for \"{name}\" (\"{section}\", entry {position}) is not a UK \
                 number. Use 11 digits such as 07700 900123, the +44 form, or a helpline code \
                 such as 116 123."
            ),
            PlanError::Text { section, problem } => write!(f, "\"{section}\": {problem}."),
            PlanError::Meta(problem) => write!(f, "{problem}."),
            PlanError::ReviewInPast => {
                f.write_str("The review date cannot be before the day the plan is saved.")
            }
            PlanError::ReviewTooFar => write!(
                f,
                "The review date is more than {MAX_REVIEW_DAYS} days away; plans are reviewed \
                 at least once a year."
            ),
        }
    }
}

impl std::error::Error for PlanError {}

/// Dates in JSON as "YYYY-MM-DD", the same text the store uses in its date columns.
mod iso_date {
    use crate::domain::time::{date_from_stored, date_to_stored};
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&date_to_stored(*d))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let text = String::deserialize(d)?;
        date_from_stored(&text).ok_or_else(|| D::Error::custom("expected a YYYY-MM-DD date"))
    }
}

#[cfg(test)]
mod tests;
