//! How times are written to and read from the store: UTC, 'YYYY-MM-DDTHH:MM:SSZ', which sorts as
//! text.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

const FORMAT: &str = "%Y-%m-%dT%H:%M:%SZ";

pub fn to_stored(t: DateTime<Utc>) -> String {
    t.format(FORMAT).to_string()
}

pub fn from_stored(s: &str) -> Option<DateTime<Utc>> {
    NaiveDateTime::parse_from_str(s, FORMAT)
        .ok()
        .map(|n| n.and_utc())
}

pub fn date_to_stored(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub fn date_from_stored(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
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
