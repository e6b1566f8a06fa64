//! Hand-written support code (not generated, edit freely): lossless newtypes for the OData
//! primitive types `Edm.DateTimeOffset`, `Edm.Date`, `Edm.TimeOfDay`, `Edm.Duration`,
//! `Edm.Guid` and `Edm.Binary`.
//!
//! Conversions to and from the `time` crate's values (`to_offset_date_time`,
//! `From<time::OffsetDateTime>`, …) and to bytes (`Binary::decode`) parse or format on demand.
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

wire_text_newtype! {
    /// An `Edm.Guid` such as `5f4c9c2e-1d2b-4c3a-9e8f-0a1b2c3d4e5f`, kept as the exact text Graph
    /// sent.
    Guid
}

wire_text_newtype! {
    /// An `Edm.Binary`: base64 text, kept as sent; [`Binary::decode`] gives the bytes.
    Binary
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

impl DateTimeOffset {
    /// The instant, parsed as RFC 3339 (fractions finer than nanoseconds are cut).
    pub fn to_offset_date_time(&self) -> Result<time::OffsetDateTime, time::error::Parse> {
        time::OffsetDateTime::parse(&self.0, &time::format_description::well_known::Rfc3339)
    }
}

impl From<time::OffsetDateTime> for DateTimeOffset {
    /// RFC 3339 text, `Z` for UTC.
    fn from(value: time::OffsetDateTime) -> Self {
        let text = value
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_else(|_| value.to_string());
        Self(text)
    }
}

impl Date {
    /// The calendar date; `None` when the text is not a valid `YYYY-MM-DD`.
    pub fn to_date(&self) -> Option<time::Date> {
        if !self.is_well_formed() {
            return None;
        }
        let field = |range: std::ops::Range<usize>| self.0.get(range).and_then(number);
        let month = time::Month::try_from(u8::try_from(field(5..7)?).ok()?).ok()?;
        let day = u8::try_from(field(8..10)?).ok()?;
        time::Date::from_calendar_date(i32::try_from(field(0..4)?).ok()?, month, day).ok()
    }
}

impl From<time::Date> for Date {
    fn from(value: time::Date) -> Self {
        Self(format!(
            "{:04}-{:02}-{:02}",
            value.year(),
            u8::from(value.month()),
            value.day()
        ))
    }
}

impl TimeOfDay {
    /// The time, parsed from `HH:MM(:SS(.frac)?)?`; `None` when the text is not well formed.
    pub fn to_time(&self) -> Option<time::Time> {
        if !self.is_well_formed() {
            return None;
        }
        let (clock, frac) = self.0.split_once('.').unwrap_or((&self.0, ""));
        let mut fields = clock.split(':').map(|f| f.parse::<u8>().ok());
        let hour = fields.next()??;
        let minute = fields.next()??;
        let second = fields.next().flatten().unwrap_or(0);
        time::Time::from_hms_nano(hour, minute, second, nanos(frac)?).ok()
    }
}

impl From<time::Time> for TimeOfDay {
    /// `HH:MM:SS`, with the fraction when there is one (seven digits, as Graph writes).
    fn from(value: time::Time) -> Self {
        let (h, m, s, nano) = value.as_hms_nano();
        Self(match nano {
            0 => format!("{h:02}:{m:02}:{s:02}"),
            _ => format!("{h:02}:{m:02}:{s:02}.{:07}", nano / 100),
        })
    }
}

impl Duration {
    /// The span; `None` when the text is not a well-formed `Edm.Duration` (or too long).
    pub fn to_duration(&self) -> Option<time::Duration> {
        if !self.is_well_formed() {
            return None;
        }
        let (negative, text) = match self.0.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, self.0.as_str()),
        };
        let text = text.strip_prefix('P')?;
        let (days, clock) = text.split_once('T').unwrap_or((text, ""));
        let mut seconds: i64 = match days.strip_suffix('D') {
            Some(n) => n.parse::<i64>().ok()?.checked_mul(86_400)?,
            None => 0,
        };
        let mut rest = clock;
        let mut nano = 0;
        for (unit, factor) in [('H', 3_600), ('M', 60), ('S', 1)] {
            if let Some((number, after)) = rest.split_once(unit) {
                let (whole, frac) = number.split_once('.').unwrap_or((number, ""));
                seconds = seconds.checked_add(whole.parse::<i64>().ok()?.checked_mul(factor)?)?;
                if unit == 'S' {
                    nano = nanos(frac)?;
                }
                rest = after;
            }
        }
        let span = time::Duration::new(seconds, i32::try_from(nano).ok()?);
        Some(if negative { -span } else { span })
    }
}

impl From<time::Duration> for Duration {
    /// `P1DT2H3M4.5S`, only the components that are not zero (`PT0S` for zero).
    fn from(value: time::Duration) -> Self {
        let sign = if value.is_negative() { "-" } else { "" };
        let value = value.abs();
        let total = value.whole_seconds();
        let (days, hours, minutes, seconds) = (
            total / 86_400,
            total / 3_600 % 24,
            total / 60 % 60,
            total % 60,
        );
        let nano = value.subsec_nanoseconds();
        let mut text = format!("{sign}P");
        if days > 0 {
            text.push_str(&format!("{days}D"));
        }
        if hours > 0 || minutes > 0 || seconds > 0 || nano > 0 || days == 0 {
            text.push('T');
            if hours > 0 {
                text.push_str(&format!("{hours}H"));
            }
            if minutes > 0 {
                text.push_str(&format!("{minutes}M"));
            }
            if seconds > 0 || nano > 0 || (hours == 0 && minutes == 0) {
                text.push_str(&seconds.to_string());
                if nano > 0 {
                    let frac = format!("{nano:09}");
                    text.push('.');
                    text.push_str(frac.trim_end_matches('0'));
                }
                text.push('S');
            }
        }
        Self(text)
    }
}

impl From<std::time::Duration> for Duration {
    fn from(value: std::time::Duration) -> Self {
        time::Duration::try_from(value)
            .map(Self::from)
            .unwrap_or_else(|_| Self(format!("PT{}S", value.as_secs())))
    }
}

impl Guid {
    /// Whether the text is 8-4-4-4-12 hexadecimal digits (either case).
    pub fn is_well_formed(&self) -> bool {
        let groups: Vec<&str> = self.0.split('-').collect();
        groups.len() == 5
            && groups
                .iter()
                .zip([8, 4, 4, 4, 12])
                .all(|(g, n)| g.len() == n && g.bytes().all(|b| b.is_ascii_hexdigit()))
    }

    /// The 128-bit value; `None` when the text is not well formed.
    pub fn to_u128(&self) -> Option<u128> {
        self.is_well_formed()
            .then(|| u128::from_str_radix(&self.0.replace('-', ""), 16).ok())
            .flatten()
    }
}

impl From<u128> for Guid {
    /// Lowercase 8-4-4-4-12, as Graph writes ids.
    fn from(value: u128) -> Self {
        let hex = format!("{value:032x}");
        Self(format!(
            "{}-{}-{}-{}-{}",
            &hex[..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..]
        ))
    }
}

impl Binary {
    /// The bytes of the base64 text (standard alphabet, padding optional).
    pub fn decode(&self) -> Result<Vec<u8>, base64::DecodeError> {
        use base64::Engine as _;
        let engine = base64::engine::GeneralPurpose::new(
            &base64::alphabet::STANDARD,
            base64::engine::GeneralPurposeConfig::new()
                .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
        );
        engine.decode(self.0.as_bytes())
    }

    /// Base64 text (standard alphabet, padded) of the bytes.
    pub fn encode(bytes: &[u8]) -> Self {
        use base64::Engine as _;
        Self(base64::engine::general_purpose::STANDARD.encode(bytes))
    }
}

/// Nanoseconds of a decimal fraction's digits (`"5"` → 500,000,000); digits past nine are cut.
fn nanos(frac: &str) -> Option<u32> {
    if frac.is_empty() {
        return Some(0);
    }
    let digits: String = frac.chars().take(9).collect();
    let value: u32 = digits.parse().ok()?;
    Some(value * 10u32.pow(9 - digits.len() as u32))
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

    #[test]
    fn time_conversions_read_graph_text() {
        let at = DateTimeOffset::new("2024-05-01T09:30:00.1234567Z")
            .to_offset_date_time()
            .unwrap();
        assert_eq!(at.unix_timestamp(), 1_714_555_800);
        assert_eq!(at.nanosecond(), 123_456_700);
        assert_eq!(
            DateTimeOffset::from(at).as_str(),
            "2024-05-01T09:30:00.1234567Z"
        );
        assert!(
            DateTimeOffset::new("yesterday")
                .to_offset_date_time()
                .is_err()
        );
        let date = Date::new("2024-02-29").to_date().unwrap();
        assert_eq!(
            (date.year(), u8::from(date.month()), date.day()),
            (2024, 2, 29)
        );
        assert_eq!(Date::from(date).as_str(), "2024-02-29");
        let time = TimeOfDay::new("09:30:05.5").to_time().unwrap();
        assert_eq!(time.as_hms_nano(), (9, 30, 5, 500_000_000));
        assert_eq!(TimeOfDay::from(time).as_str(), "09:30:05.5000000");
        assert_eq!(TimeOfDay::new("9:30").to_time(), None);
    }

    #[test]
    fn durations_convert_both_ways() {
        for (text, seconds, nano) in [
            ("PT1H30M", 5_400, 0),
            ("P1DT2H", 93_600, 0),
            ("PT0.5S", 0, 500_000_000),
            ("-PT5S", -5, 0),
            ("PT0S", 0, 0),
        ] {
            let span = Duration::new(text).to_duration().unwrap();
            assert_eq!(
                (span.whole_seconds(), span.subsec_nanoseconds().abs()),
                (seconds, nano),
                "{text}"
            );
            assert_eq!(Duration::from(span).as_str(), text);
        }
        assert_eq!(Duration::new("P1Y").to_duration(), None);
        assert_eq!(
            Duration::from(std::time::Duration::from_secs(90)).as_str(),
            "PT1M30S"
        );
    }

    #[test]
    fn guids_and_binaries() {
        let id = Guid::new("5F4C9C2E-1d2b-4c3a-9e8f-0a1b2c3d4e5f");
        assert!(id.is_well_formed());
        let value = id.to_u128().unwrap();
        assert_eq!(
            Guid::from(value).as_str(),
            "5f4c9c2e-1d2b-4c3a-9e8f-0a1b2c3d4e5f"
        );
        assert!(!Guid::new("not-a-guid").is_well_formed());
        assert_eq!(Binary::new("aGVsbG8").decode().unwrap(), b"hello");
        assert_eq!(Binary::encode(b"hello").as_str(), "aGVsbG8=");
        assert!(Binary::new("***").decode().is_err());
    }
}
