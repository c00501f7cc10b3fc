//! HTTP dates: [`http_date`] writes IMF-fixdate for any year from 1 to 9999, [`parse_date`]
//! reads IMF-fixdate, RFC 850 and asctime dates plus the lenient RFC 2822 forms Werkzeug
//! accepts (numeric zones, missing weekday, two-digit years, years before 1970).
//!
//! `httpdate` is not used: it rejects years before 1970 and the lenient forms, which
//! Werkzeug's tests require.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Days since 1970-01-01 of a proleptic Gregorian date.
pub(crate) fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(month) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of a day count since 1970-01-01.
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Seconds relative to the Unix epoch (negative before 1970).
pub(crate) fn unix_seconds(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(e) => {
            let d = e.duration();
            // Round towards negative infinity so 1969-12-31T23:59:59.5 is still 23:59:59.
            let secs = i64::try_from(d.as_secs()).unwrap_or(i64::MAX);
            if d.subsec_nanos() > 0 {
                -secs - 1
            } else {
                -secs
            }
        }
    }
}

/// The `SystemTime` of a number of seconds relative to the epoch, if representable.
pub(crate) fn from_unix_seconds(secs: i64) -> Option<SystemTime> {
    if secs >= 0 {
        UNIX_EPOCH.checked_add(Duration::from_secs(secs.unsigned_abs()))
    } else {
        UNIX_EPOCH.checked_sub(Duration::from_secs(secs.unsigned_abs()))
    }
}

/// Formats a time as an IMF-fixdate in GMT (`Sun, 06 Nov 1994 08:49:37 GMT`), sub-second
/// precision dropped. Years are written with four digits (`0001`); times after year 9999
/// are clamped to its last second.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use stellwerk_runtime::headers::http_date;
/// assert_eq!(http_date(UNIX_EPOCH), "Thu, 01 Jan 1970 00:00:00 GMT");
/// assert_eq!(
///     http_date(UNIX_EPOCH + Duration::from_secs(784_111_777)),
///     "Sun, 06 Nov 1994 08:49:37 GMT"
/// );
/// ```
pub fn http_date(time: SystemTime) -> String {
    http_date_from_unix(unix_seconds(time))
}

/// [`http_date`] for a number of seconds since the epoch (may be negative).
pub fn http_date_from_unix(secs: i64) -> String {
    // 0001-01-01 .. 9999-12-31T23:59:59
    let secs = secs.clamp(-62_135_596_800, 253_402_300_799);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    let weekday = DAYS[(days + 3).rem_euclid(7) as usize];
    format!(
        "{weekday}, {day:02} {} {year:04} {:02}:{:02}:{:02} GMT",
        MONTHS[month as usize - 1],
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Parses an HTTP date leniently, as Werkzeug (via Python's RFC 2822 parser) does:
/// IMF-fixdate, RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`), asctime
/// (`Sun Nov  6 08:49:37 1994`), numeric or named zones, no zone (UTC), surrounding
/// spaces, and any year from 1 to 9999. Invalid dates (`33 Jan`) give `None`.
///
/// ```
/// use stellwerk_runtime::headers::{http_date, parse_date};
/// let t = parse_date("Sun, 06 Nov 1994 08:49:37 GMT  ").unwrap();
/// assert_eq!(http_date(t), "Sun, 06 Nov 1994 08:49:37 GMT");
/// assert_eq!(parse_date("Sunday, 06-Nov-94 08:49:37 GMT"), Some(t));
/// assert_eq!(parse_date("Sun Nov  6 08:49:37 1994"), Some(t));
/// assert_eq!(parse_date("Thu, 33 Jan 1970 00:00:00 GMT"), None);
/// ```
pub fn parse_date(value: &str) -> Option<SystemTime> {
    from_unix_seconds(parse_date_unix(value)?)
}

/// [`parse_date`] giving seconds since the epoch (negative before 1970).
pub fn parse_date_unix(value: &str) -> Option<i64> {
    let mut tokens: Vec<String> = value.split_whitespace().map(str::to_owned).collect();
    if tokens.is_empty() {
        return None;
    }
    // A leading weekday, with or without its comma, carries no information.
    if tokens[0].ends_with(',') || is_day_name(&tokens[0].to_ascii_lowercase()) {
        tokens.remove(0);
    } else if let Some((_, rest)) = tokens[0].split_once(',') {
        // `Sun,06 Nov ...`
        tokens[0] = rest.to_owned();
    }
    // RFC 850 writes the date as one token: `06-Nov-94`.
    if let Some(first) = tokens.first() {
        let parts: Vec<String> = first.split('-').map(str::to_owned).collect();
        if parts.len() == 3 {
            tokens.splice(0..1, parts);
        }
    }
    if tokens.len() < 4 || tokens.len() > 5 {
        return None;
    }
    let (mut dd, mut mm, mut yy, mut tm) = (
        tokens[0].as_str(),
        tokens[1].as_str(),
        tokens[2].as_str(),
        tokens[3].as_str(),
    );
    let tz = tokens.get(4);
    if month_index(mm).is_none() {
        // asctime puts the month first: `Nov 6 08:49:37 1994`.
        std::mem::swap(&mut dd, &mut mm);
    }
    let month = month_index(mm)?;
    if yy.contains(':') {
        // ... and the time before the year.
        std::mem::swap(&mut yy, &mut tm);
    }
    let dd = dd.trim_end_matches(',');
    let yy = yy.trim_end_matches(',');
    let tm = tm.trim_end_matches(',');
    // A zone glued to the year is not supported; neither is a missing time.
    let day: u32 = ascii_number(dd)?;
    let mut year: i64 = ascii_number(yy)?;
    if yy.len() <= 2 {
        // Two-digit years, as RFC 2822 section 4.3 says.
        year += if year > 68 { 1900 } else { 2000 };
    }
    let mut hms = tm.split(':');
    let hour: u32 = ascii_number(hms.next()?)?;
    let minute: u32 = ascii_number(hms.next()?)?;
    let second: u32 = match hms.next() {
        Some(s) => ascii_number(s)?,
        None => 0,
    };
    if hms.next().is_some() {
        return None;
    }
    if !(1..=9999).contains(&year)
        || day == 0
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let offset = match tz {
        None => 0,
        Some(zone) => zone_offset(zone)?,
    };
    let days = days_from_civil(year, month, day);
    Some(
        days * 86_400 + i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second)
            - offset,
    )
}

fn is_day_name(lower: &str) -> bool {
    let full = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    DAYS.iter().any(|d| d.eq_ignore_ascii_case(lower)) || full.contains(&lower)
}

fn month_index(token: &str) -> Option<u32> {
    let lower = token.to_ascii_lowercase();
    let lower = lower.trim_end_matches([',', '.']);
    if lower.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| lower.starts_with(&m.to_ascii_lowercase()))
        .and_then(|i| u32::try_from(i + 1).ok())
}

fn ascii_number<T: std::str::FromStr>(s: &str) -> Option<T> {
    if s.is_empty() || s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// A zone's offset east of UTC in seconds.
fn zone_offset(zone: &str) -> Option<i64> {
    let upper = zone.to_ascii_uppercase();
    let named = match upper.as_str() {
        "UT" | "UTC" | "GMT" | "Z" => Some(0),
        "AST" => Some(-4),
        "ADT" => Some(-3),
        "EST" => Some(-5),
        "EDT" => Some(-4),
        "CST" => Some(-6),
        "CDT" => Some(-5),
        "MST" => Some(-7),
        "MDT" => Some(-6),
        "PST" => Some(-8),
        "PDT" => Some(-7),
        _ => None,
    };
    if let Some(hours) = named {
        return Some(hours * 3600);
    }
    let (sign, digits) = match upper.as_bytes().first()? {
        b'+' => (1, &upper[1..]),
        b'-' => (-1, &upper[1..]),
        _ => return None,
    };
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let hh: i64 = digits[..2].parse().ok()?;
    let mm: i64 = digits[2..].parse().ok()?;
    Some(sign * (hh * 3600 + mm * 60))
}
