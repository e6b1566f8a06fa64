//! Hand-written support code (not generated, edit freely): lossless newtypes for the OData
//! primitive types `Edm.DateTimeOffset`, `Edm.Date`, `Edm.TimeOfDay` and `Edm.Duration`.
//!
//! Each keeps the exact wire text, so a payload round-trips byte for byte (Graph sends things
//! like seven fractional digits that a date library would reformat). Deserializing never
//! rejects a value; the `is_well_formed` helpers check the shape when a caller cares.
//! Ordering and equality are those of the text, not of the instant it denotes.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Writes out one newtype with its constructors and conversions; only the docs differ.
macro_rules! wire_text_newtype {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Wraps the wire text as is, without validating it.
            pub fn new(text: impl Into<String>) -> Self {
                Self(text.into())
            }

            /// The wire text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// Gives back the wire text.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<String> for $name {
            fn from(text: String) -> Self {
                Self(text)
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                Self(text.to_owned())
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> Self {
                value.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

wire_text_newtype! {
    /// An `Edm.DateTimeOffset`: an RFC 3339 timestamp such as `2024-05-01T09:30:00.0000000Z`,
    /// kept as the exact text Graph sent.
    DateTimeOffset
}

wire_text_newtype! {
    /// An `Edm.Date`: a calendar date such as `2024-05-01`, kept as the exact text Graph sent.
    Date
}

wire_text_newtype! {
    /// An `Edm.TimeOfDay`: a time such as `09:30:00.0000000`, kept as the exact text Graph sent.
    TimeOfDay
}

wire_text_newtype! {
    /// An `Edm.Duration`: an ISO 8601 duration such as `PT1H30M`, kept as the exact text Graph
    /// sent.
    Duration
}

impl DateTimeOffset {
    /// Whether the text has the RFC 3339 shape `YYYY-MM-DDTHH:MM:SS(.frac)?(Z|±HH:MM)` with
    /// in-range fields (`T` and `Z` may be lower case, as RFC 3339 allows; a leap second `60`
    /// is accepted).
    pub fn is_well_formed(&self) -> bool {
        let Some((date, rest)) = self.0.split_once(['T', 't']) else {
            return false;
        };
        if !is_date(date) {
            return false;
        }
        let (time, offset) = match rest.find(['Z', 'z', '+', '-']) {
            Some(at) => rest.split_at(at),
            None => return false,
        };
        is_time(time, true) && is_offset(offset)
    }
}

impl Date {
    /// Whether the text is a valid `YYYY-MM-DD` date (month 01–12, day within the month).
    pub fn is_well_formed(&self) -> bool {
        is_date(&self.0)
    }
}

impl TimeOfDay {
    /// Whether the text has the `Edm.TimeOfDay` shape `HH:MM(:SS(.frac)?)?` with in-range fields.
    pub fn is_well_formed(&self) -> bool {
        is_time(&self.0, false)
    }
}

impl Duration {
    /// Whether the text has the `Edm.Duration` shape `-?P(nD)?(T(nH)?(nM)?(n(.n)?S)?)?`, e.g.
    /// `PT1H30M`, `P1D`, `PT0.5S`: at least one component, in that order, and a `T` only when a
    /// time component follows. Years, months and weeks are not part of `Edm.Duration` and are
    /// reported as not well formed.
    pub fn is_well_formed(&self) -> bool {
        let text = self.0.strip_prefix('-').unwrap_or(&self.0);
        let Some(text) = text.strip_prefix('P') else {
            return false;
        };
        let (days, time) = match text.split_once('T') {
            Some((days, time)) => (days, Some(time)),
            None => (text, None),
        };
        let day_ok = days.is_empty() || days.strip_suffix('D').is_some_and(is_digits);
        let time_ok = match time {
            None => !days.is_empty(),
            Some(time) => !time.is_empty() && is_duration_time(time),
        };
        day_ok && time_ok
    }
}

/// `(nH)?(nM)?(n(.n)?S)?` after the `T` of a duration; the caller rules out the empty string.
fn is_duration_time(mut text: &str) -> bool {
    for unit in ['H', 'M'] {
        if let Some((number, rest)) = text.split_once(unit) {
            if !is_digits(number) {
                return false;
            }
            text = rest;
        }
    }
    if text.is_empty() {
        return true;
    }
    let Some(seconds) = text.strip_suffix('S') else {
        return false;
    };
    match seconds.split_once('.') {
        Some((whole, frac)) => is_digits(whole) && is_digits(frac),
        None => is_digits(seconds),
    }
}

/// `YYYY-MM-DD` with a real month and a day that exists in that month.
fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return false;
    }
    // `get` rather than indexing: non-ASCII text must give `false`, not a panic.
    let field = |range: std::ops::Range<usize>| text.get(range).and_then(number);
    let (Some(year), Some(month), Some(day)) = (field(0..4), field(5..7), field(8..10)) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days_in_month).contains(&day)
}

/// `HH:MM:SS(.frac)?`, and unless `seconds_required` also `HH:MM`.
fn is_time(text: &str, seconds_required: bool) -> bool {
    let (clock, frac) = match text.split_once('.') {
        Some((clock, frac)) => (clock, Some(frac)),
        None => (text, None),
    };
    let mut fields = clock.split(':');
    let (Some(hour), Some(minute), second, None) =
        (fields.next(), fields.next(), fields.next(), fields.next())
    else {
        return false;
    };
    let second_ok = match second {
        Some(second) => two_digits_up_to(second, 60),
        // A fraction needs seconds to belong to.
        None => !seconds_required && frac.is_none(),
    };
    two_digits_up_to(hour, 23)
        && two_digits_up_to(minute, 59)
        && second_ok
        && frac.is_none_or(is_digits)
}

/// `Z`, `z` or `±HH:MM`.
fn is_offset(text: &str) -> bool {
    if text == "Z" || text == "z" {
        return true;
    }
    let Some(rest) = text.strip_prefix(['+', '-']) else {
        return false;
    };
    let Some((hour, minute)) = rest.split_once(':') else {
        return false;
    };
    two_digits_up_to(hour, 23) && two_digits_up_to(minute, 59)
}

/// Exactly two digits with a value of at most `max`.
fn two_digits_up_to(field: &str, max: u32) -> bool {
    field.len() == 2 && number(field).is_some_and(|n| n <= max)
}

/// One or more ASCII digits.
fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// The value of a short all-digit field (no sign, no spaces, unlike `str::parse`).
fn number(text: &str) -> Option<u32> {
    if !is_digits(text) || text.len() > 9 {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_text_round_trips_byte_for_byte() {
        let json = r#"["2024-05-01T09:30:00.0000000Z","2024-05-01","09:30:00.0000000","PT1H30M","not even a date"]"#;
        let parsed: (DateTimeOffset, Date, TimeOfDay, Duration, Date) =
            serde_json::from_str(json).unwrap();
        assert_eq!(parsed.0.as_str(), "2024-05-01T09:30:00.0000000Z");
        assert_eq!(parsed.4.as_str(), "not even a date");
        assert_eq!(serde_json::to_string(&parsed).unwrap(), json);
    }

    #[test]
    fn conversions_agree() {
        let a = DateTimeOffset::new("2024-05-01T09:30:00Z");
        let b = DateTimeOffset::from("2024-05-01T09:30:00Z");
        let c = DateTimeOffset::from(String::from("2024-05-01T09:30:00Z"));
        assert_eq!(a, b);
        assert_eq!(b, c);
        assert_eq!(a.to_string(), "2024-05-01T09:30:00Z");
        assert_eq!(a.as_ref(), "2024-05-01T09:30:00Z");
        assert_eq!(String::from(a.clone()), "2024-05-01T09:30:00Z");
        assert_eq!(a.into_string(), "2024-05-01T09:30:00Z");
        assert_eq!(format!("{}", Duration::new("P1D")), "P1D");
    }

    #[test]
    fn date_time_offset_shapes() {
        for good in [
            "2024-05-01T09:30:00Z",
            "2024-05-01T09:30:00.0000000Z",
            "2024-05-01T09:30:00.5+02:00",
            "2024-05-01T23:59:60-08:00",
            "2024-02-29t00:00:00z",
            "0001-01-01T00:00:00Z",
        ] {
            assert!(DateTimeOffset::new(good).is_well_formed(), "{good}");
        }
        for bad in [
            "",
            "2024-05-01",
            "2024-05-01T09:30Z",
            "2024-05-01T09:30:00",
            "2024-05-01 09:30:00Z",
            "2024-05-01T24:00:00Z",
            "2024-05-01T09:60:00Z",
            "2024-05-01T09:30:00.Z",
            "2024-05-01T09:30:00+0200",
            "2024-05-01T09:30:00+02:00Z",
            "2024-05-01T09:30:00+24:00",
            "2023-02-29T00:00:00Z",
            "2024-05-01T9:30:00Z",
            "2024-05-01T+9:30:00Z",
            "2024-05-01T09:30:00Z ",
            "２０２４-05-01T09:30:00Z",
        ] {
            assert!(!DateTimeOffset::new(bad).is_well_formed(), "{bad}");
        }
    }

    #[test]
    fn date_shapes() {
        for good in ["2024-05-01", "2024-02-29", "2000-02-29", "9999-12-31"] {
            assert!(Date::new(good).is_well_formed(), "{good}");
        }
        for bad in [
            "",
            "2024-5-01",
            "2024-05-1",
            "2024/05/01",
            "2024-13-01",
            "2024-00-10",
            "2024-04-31",
            "1900-02-29",
            "2023-02-29",
            "2024-05-00",
            "+024-05-01",
            "2024-05-01T00:00:00Z",
        ] {
            assert!(!Date::new(bad).is_well_formed(), "{bad}");
        }
    }

    #[test]
    fn time_of_day_shapes() {
        for good in ["09:30", "09:30:00", "23:59:59.9999999", "00:00:00.0"] {
            assert!(TimeOfDay::new(good).is_well_formed(), "{good}");
        }
        for bad in [
            "",
            "9:30",
            "09:30.5",
            "24:00:00",
            "09:30:00.",
            "09:30:00:00",
            "09-30-00",
            "09:30:00Z",
        ] {
            assert!(!TimeOfDay::new(bad).is_well_formed(), "{bad}");
        }
    }

    #[test]
    fn duration_shapes() {
        for good in [
            "PT1H30M",
            "P1D",
            "PT0.5S",
            "P1DT2H",
            "PT10M",
            "PT1H2M3.25S",
            "-PT5S",
            "P0D",
            "PT0S",
            "PT36H",
        ] {
            assert!(Duration::new(good).is_well_formed(), "{good}");
        }
        for bad in [
            "", "P", "PT", "P1DT", "1D", "PT1.5H", "PT1M1H", "PT.5S", "PT5.S", "P1Y", "P1W", "P1M",
            "PT1H1H", "PTS", "pt1h", "PT-1H", "P1DT1H ", "+PT1H",
        ] {
            assert!(!Duration::new(bad).is_well_formed(), "{bad}");
        }
    }

    #[test]
    fn validation_never_affects_deserialization() {
        let parsed: Duration = serde_json::from_str(r#""garbage""#).unwrap();
        assert!(!parsed.is_well_formed());
        assert_eq!(serde_json::to_string(&parsed).unwrap(), r#""garbage""#);
    }
}
