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
