//! Weekly availability as the lead types it: one slot per line, "Mon 17:00-22:30". Days may be
//! a range ("Mon-Fri"), a list ("Sat, Sun") or a word ("daily", "weekdays", "weekends"); an end
//! not after the start runs past midnight ("Fri 20:00-02:00"). Each bad line gets its own
//! message, naming the line, so nothing has to be retyped.

use super::availability::{Slot, check_slots};
use crate::domain::text::sanitize_for_terminal;
use crate::domain::time::parse_typed_time;
use chrono::NaiveTime;

const SHORT: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// "Mon" for 0.
pub fn short_weekday(weekday: u8) -> &'static str {
    SHORT.get(usize::from(weekday)).copied().unwrap_or("?")
}

fn hhmm(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

/// "Mon 17:00-22:30": how a slot is written back into the form, so an edit round-trips.
pub fn slot_line(s: &Slot) -> String {
    format!(
        "{} {}-{}",
        short_weekday(s.weekday),
        hhmm(s.starts),
        hhmm(s.ends)
    )
}

/// One line per slot, Monday first.
pub fn slots_to_text(slots: &[Slot]) -> String {
    let mut sorted = slots.to_vec();
    sorted.sort_by_key(|s| (s.weekday, s.starts));
    sorted.iter().map(slot_line).collect::<Vec<_>>().join("\n")
}

fn weekday(word: &str) -> Option<u8> {
    let w = word.trim().trim_end_matches('.').to_lowercase();
    const NAMES: [&[&str]; 7] = [
        &["mon", "monday"],
        &["tue", "tues", "tuesday"],
        &["wed", "weds", "wednesday"],
        &["thu", "thur", "thurs", "thursday"],
        &["fri", "friday"],
        &["sat", "saturday"],
        &["sun", "sunday"],
    ];
    NAMES
        .iter()
        .position(|names| names.contains(&w.as_str()))
        .map(|i| i as u8)
}

/// The days a line names, in the order given.
fn days(text: &str) -> Result<Vec<u8>, String> {
    let lower = text.trim().to_lowercase();
    match lower.as_str() {
        "" => return Err("start with a day, e.g. Mon 17:00-22:30".into()),
        "daily" | "every day" | "everyday" | "all week" => return Ok((0..7).collect()),
        "weekdays" => return Ok((0..5).collect()),
        "weekends" | "weekend" => return Ok(vec![5, 6]),
        _ => {}
    }
    let mut out = Vec::new();
    for part in lower
        .split([',', '/', '&'])
        .flat_map(|p| p.split(" and "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let bounds: Vec<&str> = part.split(['-', '–', '—']).map(str::trim).collect();
        let named = |w: &str| {
            weekday(w).ok_or_else(|| {
                format!(
                    "\"{}\" is not a day (Mon, Tue, Wed, Thu, Fri, Sat, Sun)",
                    sanitize_for_terminal(w)
                )
            })
        };
        match bounds.as_slice() {
            [one] => {
                // "Sat Sun" without a comma: each word a day.
                for w in one.split_whitespace() {
                    out.push(named(w)?);
                }
            }
            [from, to] => {
                let (a, b) = (named(from)?, named(to)?);
                // Fri-Mon runs round the weekend.
                let mut d = a;
                loop {
                    out.push(d);
                    if d == b {
                        break;
                    }
                    d = (d + 1) % 7;
                }
            }
            _ => {
                return Err(format!(
                    "\"{}\" is not a day or a range of days such as Mon-Fri",
                    sanitize_for_terminal(part)
                ));
            }
        }
    }
    Ok(out)
}

fn times(text: &str) -> Result<(NaiveTime, NaiveTime), String> {
    let text = text.trim();
    let (a, b) = text
        .split_once(['-', '–', '—'])
        .or_else(|| text.split_once(" to "))
        .ok_or_else(|| "give the hours as hh:mm-hh:mm, e.g. 17:00-22:30".to_string())?;
    let starts = parse_typed_time(a)?;
    let ends = parse_typed_time(b)?;
    if starts == ends {
        return Err(format!(
            "it starts and ends at {} (a slot needs some hours; for overnight write e.g. 20:00-02:00)",
            hhmm(starts)
        ));
    }
    Ok((starts, ends))
}

fn parse_line(line: &str) -> Result<Vec<Slot>, String> {
    // The days come before the first digit; the hours from there on.
    let split = line
        .find(|c: char| c.is_ascii_digit())
        .unwrap_or(line.len());
    let (day_text, time_text) = line.split_at(split);
    let days = days(day_text)?;
    if time_text.trim().is_empty() {
        return Err("add the hours, e.g. Mon 17:00-22:30".into());
    }
    let (starts, ends) = times(time_text)?;
    let mut out: Vec<Slot> = Vec::new();
    for weekday in days {
        let slot = Slot {
            weekday,
            starts,
            ends,
        };
        if out.contains(&slot) {
            return Err(format!("{} is named twice", short_weekday(weekday)));
        }
        out.push(slot);
    }
    Ok(out)
}

/// Reads the typed lines (blank ones are skipped). Every bad line is reported, each with its
/// line number and what is wrong; once every line reads, slots that overlap are refused too
/// (counting an overnight slot's hours on the next day). Empty text means no weekly slots.
pub fn parse_slots(text: &str) -> Result<Vec<Slot>, Vec<String>> {
    let mut slots = Vec::new();
    let mut errors = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match parse_line(line) {
            Ok(s) => slots.extend(s),
            Err(e) => errors.push(format!(
                "Line {} \"{}\": {}.",
                i + 1,
                sanitize_for_terminal(line.trim()),
                e.trim_end_matches('.')
            )),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    check_slots(&slots).map_err(|e| vec![e])?;
    slots.sort_by_key(|s| (s.weekday, s.starts));
    Ok(slots)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn one_slot_per_line_round_trips() {
        let slots = parse_slots("Mon 17:00-22:30\n\nfri 20:00 - 02:00\n").unwrap();
        assert_eq!(
            slots,
            [
                Slot {
                    weekday: 0,
                    starts: t(17, 0),
                    ends: t(22, 30)
                },
                Slot {
                    weekday: 4,
                    starts: t(20, 0),
                    ends: t(2, 0)
                }
            ]
        );
        assert!(slots[1].crosses_midnight());
        assert_eq!(slots_to_text(&slots), "Mon 17:00-22:30\nFri 20:00-02:00");
        assert_eq!(parse_slots(&slots_to_text(&slots)).unwrap(), slots);
        assert_eq!(parse_slots("  \n"), Ok(vec![]));
    }

    #[test]
    fn ranges_lists_and_words_name_several_days() {
        let days =
            |s: &str| -> Vec<u8> { parse_slots(s).unwrap().iter().map(|s| s.weekday).collect() };
        assert_eq!(days("Mon-Fri 17:00-22:30"), [0, 1, 2, 3, 4]);
        assert_eq!(days("Sat, Sun 15:00–22:30"), [5, 6]);
        assert_eq!(days("Saturday Sunday 1500-2230"), [5, 6]);
        assert_eq!(days("Fri-Mon 18:00 to 22:00"), [0, 4, 5, 6]);
        assert_eq!(days("daily 12:00-23:00").len(), 7);
        assert_eq!(days("Weekends 15:00-22:30"), [5, 6]);
        assert_eq!(days("Tues & Thurs 17:00-22:00"), [1, 3]);
    }

    #[test]
    fn every_bad_line_gets_its_own_message() {
        let e = parse_slots("Mon 17:00-22:30\nMnday 17:00-22:30\nTue\nWed 17:00-17:00\nThu 25:00-26:00\n17:00-18:00").unwrap_err();
        assert_eq!(
            e,
            [
                "Line 2 \"Mnday 17:00-22:30\": \"mnday\" is not a day (Mon, Tue, Wed, Thu, Fri, Sat, Sun).",
                "Line 3 \"Tue\": add the hours, e.g. Mon 17:00-22:30.",
                "Line 4 \"Wed 17:00-17:00\": it starts and ends at 17:00 (a slot needs some hours; for overnight write e.g. 20:00-02:00).",
                "Line 5 \"Thu 25:00-26:00\": \"25:00\" is not a time of day; write it as hh:mm.",
                "Line 6 \"17:00-18:00\": start with a day, e.g. Mon 17:00-22:30.",
            ]
        );
        assert_eq!(
            parse_slots("Mon 17:00").unwrap_err(),
            ["Line 1 \"Mon 17:00\": give the hours as hh:mm-hh:mm, e.g. 17:00-22:30."]
        );
    }

    #[test]
    fn overlapping_slots_are_refused_after_every_line_reads() {
        assert_eq!(
            parse_slots("Mon 17:00-21:00\nMon 20:00-22:00").unwrap_err(),
            ["Monday 17:00–21:00 overlaps Monday 20:00–22:00."]
        );
        assert_eq!(
            parse_slots("Sun 22:00-02:00\nMon 01:00-03:00").unwrap_err(),
            ["Sunday 22:00–02:00 overlaps Monday 01:00–03:00."]
        );
        assert_eq!(
            parse_slots("Mon, Mon 17:00-22:00").unwrap_err(),
            ["Line 1 \"Mon, Mon 17:00-22:00\": Mon is named twice."]
        );
        // Overnight slots that only touch cover the whole week.
        assert_eq!(
            parse_slots("Daily 12:00-12:00").unwrap_err().len(),
            1,
            "a slot of no length"
        );
        assert_eq!(parse_slots("Daily 00:00-23:59").unwrap().len(), 7);
    }

    #[test]
    fn control_characters_in_a_bad_line_are_not_echoed() {
        let e = parse_slots("Mon\u{1b}[31m 17:00").unwrap_err();
        assert!(!e[0].contains('\u{1b}'), "{e:?}");
    }
}
