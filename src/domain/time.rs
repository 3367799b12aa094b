//! How times are written to and read from the store: UTC, 'YYYY-MM-DDTHH:MM:SSZ', which sorts as
//! text.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;

const FORMAT: &str = "%Y-%m-%dT%H:%M:%SZ";

pub fn to_stored(t: DateTime<Utc>) -> String {
    t.format(FORMAT).to_string()
}

pub fn from_stored(s: &str) -> Option<DateTime<Utc>> {
    from_stored_on(s, stored_date)
}

/// Stored times read one after another, each new day's date made once: rows read in time
/// order (a year's report reads tens of thousands) mostly fall on the day of the one before.
#[derive(Debug, Default)]
pub struct StoredTimes {
    last_day: Option<([u8; 10], NaiveDate)>,
}

impl StoredTimes {
    /// As [`from_stored`].
    pub fn read(&mut self, s: &str) -> Option<DateTime<Utc>> {
        from_stored_on(s, |day| {
            let text: [u8; 10] = day.try_into().ok()?;
            match self.last_day {
                Some((known, date)) if known == text => Some(date),
                _ => {
                    let date = stored_date(day)?;
                    self.last_day = Some((text, date));
                    Some(date)
                }
            }
        })
    }
}

/// A stored time with its date part read by `date`.
fn from_stored_on(s: &str, date: impl FnOnce(&[u8]) -> Option<NaiveDate>) -> Option<DateTime<Utc>> {
    // Every stored time is 'YYYY-MM-DDTHH:MM:SSZ': read by hand, a fifth of chrono's parse (a
    // page of rows reads hundreds). Anything else (a leap second too) goes to chrono.
    if let [day @ .., b'T', h1, h2, b':', m1, m2, b':', s1, s2, b'Z'] = s.as_bytes()
        && let (Some(h), Some(m), Some(sec)) = (
            digits(&[*h1, *h2]),
            digits(&[*m1, *m2]),
            digits(&[*s1, *s2]),
        )
        && sec < 60
        && let Some(d) = date(day)
    {
        return chrono::NaiveTime::from_hms_opt(h, m, sec).map(|t| d.and_time(t).and_utc());
    }
    NaiveDateTime::parse_from_str(s, FORMAT)
        .ok()
        .map(|n| n.and_utc())
}

/// 'YYYY-MM-DD' of ASCII digits, as a date if it is one.
fn stored_date(b: &[u8]) -> Option<NaiveDate> {
    let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = *b else {
        return None;
    };
    let year = i32::try_from(digits(&[y1, y2, y3, y4])?).ok()?;
    NaiveDate::from_ymd_opt(year, digits(&[m1, m2])?, digits(&[d1, d2])?)
}

/// A run of ASCII digits as a number (None if any byte is not one).
fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |n, &c| {
        c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
    })
}

pub fn date_to_stored(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub fn date_from_stored(s: &str) -> Option<NaiveDate> {
    // 'YYYY-MM-DD' as stored, by hand (see `from_stored`); anything else as chrono reads it.
    stored_date(s.as_bytes()).or_else(|| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn round_trip_and_order() {
        let a = Utc.with_ymd_and_hms(2026, 3, 29, 0, 59, 59).unwrap();
        let b = Utc.with_ymd_and_hms(2026, 3, 29, 1, 0, 0).unwrap();
        assert_eq!(from_stored(&to_stored(a)), Some(a));
        assert!(to_stored(a) < to_stored(b));
        assert_eq!(from_stored("2026-02-30T00:00:00Z"), None);
        let d = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
        assert_eq!(date_from_stored(&date_to_stored(d)), Some(d));
    }

    /// Read by hand, stored times and dates read exactly as chrono reads them, odd ones too.
    #[test]
    fn stored_times_and_dates_read_as_chrono_reads_them() {
        let chrono_time = |s: &str| {
            NaiveDateTime::parse_from_str(s, FORMAT)
                .ok()
                .map(|n| n.and_utc())
        };
        let chrono_date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let mut day = NaiveDate::from_ymd_opt(2023, 12, 25).unwrap();
        let mut n = 0u32;
        while day < NaiveDate::from_ymd_opt(2025, 1, 5).unwrap() {
            let d = date_to_stored(day);
            assert_eq!(date_from_stored(&d), Some(day));
            let t = format!("{d}T{:02}:{:02}:{:02}Z", n % 24, n * 7 % 60, n * 13 % 60);
            assert_eq!(from_stored(&t), chrono_time(&t), "{t}");
            assert!(from_stored(&t).is_some(), "{t}");
            day = day.succ_opt().unwrap();
            n += 1;
        }
        for s in [
            "2026-02-30",
            "2026-13-01",
            "2026-00-10",
            "2026-01-00",
            "0000-01-01",
            "9999-12-31",
            "2026-1-05",
            "2026-11-2",
            "+2026-11-22",
            "2026/11/22",
            "2026-11-22 ",
            "２026-11-22",
            "20a6-11-22",
            "",
        ] {
            assert_eq!(date_from_stored(s), chrono_date(s), "{s:?}");
            for time in [
                "T19:30:00Z",
                "T23:59:60Z",
                "T24:00:00Z",
                "T19:60:00Z",
                "T7:30:00Z",
            ] {
                let t = format!("{s}{time}");
                assert_eq!(from_stored(&t), chrono_time(&t), "{t:?}");
            }
        }
        for t in [
            "2026-11-22T19:30:00",
            "2026-11-22t19:30:00Z",
            "2026-11-22T19:30:00+00:00",
            "2026-11-22T19-30-00Z",
            "2026-11-22T1a:30:00Z",
        ] {
            assert_eq!(from_stored(t), chrono_time(t), "{t:?}");
        }
        assert!(
            from_stored("2026-11-22T23:59:60Z").is_some(),
            "chrono reads a leap second"
        );
        // Read one after another, remembering the day, the same: odd ones between good ones.
        let mut times = StoredTimes::default();
        for t in [
            "2026-11-22T19:30:00Z",
            "2026-11-22T19:45:10Z",
            "2026-11-22T23:59:60Z",
            "2026-11-23T00:00:01Z",
            "2026-02-30T10:00:00Z",
            "2026-11-23T7:30:00Z",
            "2026-11-23T08:30:00Z",
            "2024-02-29T08:30:00Z",
            "2026-11-22T19:30:00+00:00",
            "2026-11-22T19:30:00Z",
        ] {
            assert_eq!(times.read(t), chrono_time(t), "{t:?}");
        }
    }
}

/// A date typed by a person: dd/mm/yyyy (also with - or .) or yyyy-mm-dd. A date that does not
/// exist (31/02/2026) gets its own message.
pub fn parse_typed_date(s: &str) -> Result<NaiveDate, String> {
    let s = s.trim();
    let parts: Vec<&str> = s.split(['/', '-', '.']).collect();
    let numbers: Option<Vec<u32>> = parts.iter().map(|p| p.trim().parse().ok()).collect();
    let (d, m, y) = match (numbers.as_deref(), parts.first().map(|p| p.len())) {
        (Some([y, m, d]), Some(4)) => (*d, *m, *y),
        (Some([d, m, y]), _) if *y >= 1000 => (*d, *m, *y),
        _ => {
            return Err(format!(
                "\"{}\" is not a date; write it as dd/mm/yyyy.",
                crate::domain::text::sanitize_for_terminal(s)
            ));
        }
    };
    NaiveDate::from_ymd_opt(y as i32, m, d)
        .ok_or_else(|| format!("{d:02}/{m:02}/{y} does not exist."))
}

/// A clock time typed by a person: HH:MM (or H:MM, or HHMM).
pub fn parse_typed_time(s: &str) -> Result<chrono::NaiveTime, String> {
    let s = s.trim();
    let (h, m) = match s.split_once(':') {
        Some((h, m)) => (h, m),
        None if s.len() == 4 => s.split_at(2),
        None => {
            return Err(format!(
                "\"{}\" is not a time; write it as hh:mm.",
                crate::domain::text::sanitize_for_terminal(s)
            ));
        }
    };
    match (h.parse::<u32>(), m.parse::<u32>()) {
        (Ok(h), Ok(m)) if m < 60 && h < 24 => {
            Ok(chrono::NaiveTime::from_hms_opt(h, m, 0).expect("in range"))
        }
        _ => Err(format!(
            "\"{}\" is not a time of day; write it as hh:mm.",
            crate::domain::text::sanitize_for_terminal(s)
        )),
    }
}

#[cfg(test)]
mod typed_tests {
    use super::*;

    #[test]
    fn typed_dates() {
        assert_eq!(
            parse_typed_date("04/03/1990"),
            Ok(NaiveDate::from_ymd_opt(1990, 3, 4).unwrap())
        );
        assert_eq!(
            parse_typed_date("1990-03-04"),
            Ok(NaiveDate::from_ymd_opt(1990, 3, 4).unwrap())
        );
        assert_eq!(
            parse_typed_date("29/02/2024"),
            Ok(NaiveDate::from_ymd_opt(2024, 2, 29).unwrap())
        );
        assert_eq!(
            parse_typed_date("29/02/2026"),
            Err("29/02/2026 does not exist.".into())
        );
        assert_eq!(
            parse_typed_date("31/04/2026"),
            Err("31/04/2026 does not exist.".into())
        );
        assert!(
            parse_typed_date("next tuesday")
                .unwrap_err()
                .contains("dd/mm/yyyy")
        );
        assert!(parse_typed_date("4/3/90").is_err());
    }

    #[test]
    fn typed_times() {
        assert_eq!(
            parse_typed_time("19:05"),
            Ok(chrono::NaiveTime::from_hms_opt(19, 5, 0).unwrap())
        );
        assert_eq!(
            parse_typed_time("1905"),
            Ok(chrono::NaiveTime::from_hms_opt(19, 5, 0).unwrap())
        );
        assert!(parse_typed_time("25:00").is_err());
        assert!(parse_typed_time("7pm").is_err());
    }
}

/// A clock time as typed, with an optional zone abbreviation after it ("01:15 BST"): the only
/// way to say which 01:15 is meant in the hour the clocks go back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypedClock {
    pub time: chrono::NaiveTime,
    /// Upper-cased ("BST", "GMT"); None when only a time was typed.
    pub zone: Option<String>,
}

/// "19:05", "1905" or "01:15 GMT".
pub fn parse_typed_clock(s: &str) -> Result<TypedClock, String> {
    let s = s.trim();
    let (time, zone) = match s.split_once(char::is_whitespace) {
        Some((t, z)) if !z.trim().is_empty() => (t, Some(z.trim())),
        _ => (s, None),
    };
    if let Some(z) = zone
        && !(z.len() <= 6
            && z.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-".contains(c)))
    {
        return Err(format!(
            "\"{}\" is not a time; write it as hh:mm (or hh:mm BST / hh:mm GMT when the clocks go back).",
            crate::domain::text::sanitize_for_terminal(s)
        ));
    }
    Ok(TypedClock {
        time: parse_typed_time(time)?,
        zone: zone.map(str::to_ascii_uppercase),
    })
}

/// What a local date and time names in a zone: one instant, two (the hour repeated when the
/// clocks go back), or none (the hour skipped when they go forward).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalReading {
    Exact(DateTime<Utc>),
    Ambiguous {
        earlier: DateTime<Utc>,
        later: DateTime<Utc>,
    },
    Missing,
}

impl LocalReading {
    pub fn instants(self) -> Vec<DateTime<Utc>> {
        match self {
            LocalReading::Exact(t) => vec![t],
            LocalReading::Ambiguous { earlier, later } => vec![earlier, later],
            LocalReading::Missing => vec![],
        }
    }
}

pub fn local_reading(tz: Tz, date: NaiveDate, time: chrono::NaiveTime) -> LocalReading {
    use chrono::{LocalResult, TimeZone};
    match tz.from_local_datetime(&date.and_time(time)) {
        LocalResult::Single(t) => LocalReading::Exact(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(a, b) => LocalReading::Ambiguous {
            earlier: a.with_timezone(&Utc),
            later: b.with_timezone(&Utc),
        },
        LocalResult::None => LocalReading::Missing,
    }
}

/// The zone's abbreviation at an instant ("BST", "GMT"); the UTC offset where the zone has none.
pub fn zone_abbreviation(t: DateTime<Utc>, tz: Tz) -> String {
    use chrono_tz::OffsetName;
    let local = t.with_timezone(&tz);
    match local.offset().abbreviation() {
        Some(a) => a.to_string(),
        None => local.format("%:z").to_string(),
    }
}

/// A local time in words for a message: "01:15 on 25 Oct 2026".
fn clock_on(time: chrono::NaiveTime, date: NaiveDate) -> String {
    format!("{} on {}", time.format("%H:%M"), date.format("%-d %b %Y"))
}

/// Why a typed clock time names no single instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClockProblem {
    /// The clocks went back: the time happened twice. Both readings are given so the lead can
    /// be asked which one they meant.
    Ambiguous {
        date: NaiveDate,
        time: chrono::NaiveTime,
        earlier: DateTime<Utc>,
        later: DateTime<Utc>,
        earlier_zone: String,
        later_zone: String,
    },
    /// The clocks went forward over it.
    Missing {
        date: NaiveDate,
        time: chrono::NaiveTime,
    },
    /// A zone was typed that the clock did not read at that time.
    WrongZone {
        date: NaiveDate,
        time: chrono::NaiveTime,
        typed: String,
        zones: Vec<String>,
    },
}

impl std::fmt::Display for ClockProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ClockProblem::Ambiguous {
                date,
                time,
                earlier_zone,
                later_zone,
                ..
            } => {
                let hm = time.format("%H:%M");
                write!(
                    f,
                    "{} happened twice (the clocks went back): type \"{hm} {earlier_zone}\" \
                     for the first, or \"{hm} {later_zone}\" for the second, an hour later.",
                    clock_on(*time, *date)
                )
            }
            ClockProblem::Missing { date, time } => write!(
                f,
                "{} does not exist on {}: the clocks went forward.",
                time.format("%H:%M"),
                date.format("%-d %b %Y")
            ),
            ClockProblem::WrongZone {
                date,
                time,
                typed,
                zones,
            } => write!(
                f,
                "At {} the clocks read {}, not {}.",
                clock_on(*time, *date),
                zones.join(" or "),
                crate::domain::text::sanitize_for_terminal(typed)
            ),
        }
    }
}

/// The instants a typed clock time may name on a date: every reading, or only the one whose
/// zone was typed. An empty list means the time does not exist that day.
pub fn clock_readings(
    tz: Tz,
    date: NaiveDate,
    typed: &TypedClock,
) -> Result<Vec<DateTime<Utc>>, ClockProblem> {
    let all = local_reading(tz, date, typed.time).instants();
    let Some(zone) = &typed.zone else {
        return Ok(all);
    };
    let matching: Vec<DateTime<Utc>> = all
        .iter()
        .copied()
        .filter(|t| zone_abbreviation(*t, tz).eq_ignore_ascii_case(zone))
        .collect();
    if matching.is_empty() && !all.is_empty() {
        return Err(ClockProblem::WrongZone {
            date,
            time: typed.time,
            typed: zone.clone(),
            zones: all.iter().map(|t| zone_abbreviation(*t, tz)).collect(),
        });
    }
    Ok(matching)
}

/// The one instant a typed clock time names on a date, or why there is not exactly one.
pub fn resolve_clock(
    tz: Tz,
    date: NaiveDate,
    typed: &TypedClock,
) -> Result<DateTime<Utc>, ClockProblem> {
    match clock_readings(tz, date, typed)?.as_slice() {
        [one] => Ok(*one),
        [] => Err(ClockProblem::Missing {
            date,
            time: typed.time,
        }),
        [earlier, later, ..] => Err(ambiguous(tz, date, typed.time, *earlier, *later)),
    }
}

pub fn ambiguous(
    tz: Tz,
    date: NaiveDate,
    time: chrono::NaiveTime,
    earlier: DateTime<Utc>,
    later: DateTime<Utc>,
) -> ClockProblem {
    ClockProblem::Ambiguous {
        date,
        time,
        earlier,
        later,
        earlier_zone: zone_abbreviation(earlier, tz),
        later_zone: zone_abbreviation(later, tz),
    }
}

/// How a form shows an instant as a clock time it will read back as the same instant: "19:05",
/// or "01:30 GMT" in the hour the clocks go back, where "01:30" alone would be ambiguous.
pub fn clock_text(t: DateTime<Utc>, tz: Tz) -> String {
    let local = t.with_timezone(&tz);
    let hm = local.format("%H:%M").to_string();
    match local_reading(tz, local.date_naive(), local.time()) {
        LocalReading::Ambiguous { .. } => format!("{hm} {}", zone_abbreviation(t, tz)),
        _ => hm,
    }
}

/// Longest text `clock_text` writes ("01:30 +0530" in a zone without abbreviations).
pub const CLOCK_TEXT_MAX: usize = 12;

#[cfg(test)]
mod clock_change_tests {
    use super::*;
    use chrono::{NaiveTime, TimeZone};

    const LONDON: Tz = chrono_tz::Europe::London;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn utc(y: i32, m: u32, day: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, day, h, min, 0).unwrap()
    }
    fn typed(s: &str) -> TypedClock {
        parse_typed_clock(s).unwrap()
    }

    #[test]
    fn a_zone_may_follow_the_time() {
        assert_eq!(
            parse_typed_clock(" 01:15 bst "),
            Ok(TypedClock {
                time: NaiveTime::from_hms_opt(1, 15, 0).unwrap(),
                zone: Some("BST".into())
            })
        );
        assert_eq!(typed("0115").zone, None);
        assert!(parse_typed_clock("01:15 British Summer").is_err());
        assert!(parse_typed_clock("1:15pm").is_err());
    }

    #[test]
    fn the_repeated_hour_has_two_readings_and_a_zone_picks_one() {
        // 25 Oct 2026: 02:00 BST becomes 01:00 GMT, so 01:15 happens at 00:15Z and at 01:15Z.
        let e = resolve_clock(LONDON, d(2026, 10, 25), &typed("01:15")).unwrap_err();
        assert_eq!(
            e,
            ClockProblem::Ambiguous {
                date: d(2026, 10, 25),
                time: NaiveTime::from_hms_opt(1, 15, 0).unwrap(),
                earlier: utc(2026, 10, 25, 0, 15),
                later: utc(2026, 10, 25, 1, 15),
                earlier_zone: "BST".into(),
                later_zone: "GMT".into(),
            }
        );
        assert_eq!(
            e.to_string(),
            "01:15 on 25 Oct 2026 happened twice (the clocks went back): type \"01:15 BST\" for \
             the first, or \"01:15 GMT\" for the second, an hour later."
        );
        assert_eq!(
            resolve_clock(LONDON, d(2026, 10, 25), &typed("01:15 BST")),
            Ok(utc(2026, 10, 25, 0, 15))
        );
        assert_eq!(
            resolve_clock(LONDON, d(2026, 10, 25), &typed("01:15 gmt")),
            Ok(utc(2026, 10, 25, 1, 15))
        );
        // Either side of the repeated hour there is one reading, and a zone that does not fit
        // is refused rather than guessed at.
        assert_eq!(
            resolve_clock(LONDON, d(2026, 10, 25), &typed("00:59")),
            Ok(utc(2026, 10, 24, 23, 59))
        );
        assert_eq!(
            resolve_clock(LONDON, d(2026, 10, 25), &typed("02:00")),
            Ok(utc(2026, 10, 25, 2, 0))
        );
        assert_eq!(
            resolve_clock(LONDON, d(2026, 10, 25), &typed("00:30 GMT"))
                .unwrap_err()
                .to_string(),
            "At 00:30 on 25 Oct 2026 the clocks read BST, not GMT."
        );
    }

    #[test]
    fn the_missing_hour_is_refused_saying_so() {
        // 28 Mar 2027: 01:00 GMT becomes 02:00 BST.
        let e = resolve_clock(LONDON, d(2027, 3, 28), &typed("01:30")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "01:30 does not exist on 28 Mar 2027: the clocks went forward."
        );
        assert!(resolve_clock(LONDON, d(2027, 3, 28), &typed("01:30 GMT")).is_err());
        assert_eq!(
            resolve_clock(LONDON, d(2027, 3, 28), &typed("00:59")),
            Ok(utc(2027, 3, 28, 0, 59))
        );
        assert_eq!(
            resolve_clock(LONDON, d(2027, 3, 28), &typed("02:00")),
            Ok(utc(2027, 3, 28, 1, 0))
        );
    }

    #[test]
    fn clock_text_reads_back_as_the_same_instant() {
        assert_eq!(clock_text(utc(2026, 10, 25, 0, 30), LONDON), "01:30 BST");
        assert_eq!(clock_text(utc(2026, 10, 25, 1, 30), LONDON), "01:30 GMT");
        assert_eq!(clock_text(utc(2026, 10, 25, 2, 30), LONDON), "02:30");
        assert_eq!(clock_text(utc(2026, 11, 23, 19, 5), LONDON), "19:05");
        for t in [utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 1, 30)] {
            let local = t.with_timezone(&LONDON).date_naive();
            assert_eq!(
                resolve_clock(LONDON, local, &typed(&clock_text(t, LONDON))),
                Ok(t)
            );
        }
    }
}
