//! HTTP dates: [`http_date`] writes IMF-fixdate for any year from 1 to 9999, [`parse_date`]
//! reads IMF-fixdate, RFC 850 and asctime dates plus the lenient RFC 2822 forms Werkzeug
//! accepts (numeric zones, missing weekday, two-digit years, years before 1970).
//!
//! `httpdate` is not used: it rejects years before 1970 and the lenient forms, which
//! Werkzeug's tests require.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
/// English month abbreviations, as HTTP dates and log lines write them.
pub(crate) const MONTHS: [&str; 12] = [
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
///
/// The algorithm is RFC 2822's lenient one as Python's `email.utils` implements it, with
/// two hardenings: numbers are ASCII digits only, and a year written with three or more
/// digits is taken literally (`0001` is year 1, so every [`http_date`] output reads back
/// unchanged; Python would read `0001` as 2001).
pub fn parse_date_unix(value: &str) -> Option<i64> {
    let mut data: Vec<String> = value.split_whitespace().map(str::to_owned).collect();
    if data.is_empty() {
        return None;
    }
    // A leading weekday, with or without its comma, carries no information.
    if data[0].ends_with(',') || is_day_name(&data[0].to_ascii_lowercase()) {
        data.remove(0);
    } else if let Some(i) = data[0].rfind(',') {
        // `Sun,06 Nov ...`
        data[0] = data[0][i + 1..].to_owned();
    }
    if data.len() == 3 {
        // RFC 850 writes the date as one token: `06-Nov-94 08:49:37 GMT`.
        let parts: Vec<String> = data[0].split('-').map(str::to_owned).collect();
        if parts.len() == 3 {
            data.splice(0..1, parts);
        }
    }
    if data.len() == 4 {
        // A zone glued to the time (`08:49:37+0100`), or no zone at all.
        let t = data[3].clone();
        let split = t.find('+').or_else(|| t.find('-')).filter(|&i| i > 0);
        match split {
            Some(i) => data
                .splice(3..4, [t[..i].to_owned(), t[i..].to_owned()])
                .for_each(drop),
            None => data.push(String::new()),
        }
    }
    if data.len() < 5 {
        return None;
    }
    let (mut dd, mut mm, mut yy, mut tm, mut tz) = (
        data[0].as_str(),
        data[1].as_str(),
        data[2].as_str(),
        data[3].as_str(),
        data[4].as_str(),
    );
    if dd.is_empty() || mm.is_empty() || yy.is_empty() {
        return None;
    }
    if month_index(mm).is_none() {
        // asctime puts the month first: `Nov 6 08:49:37 1994`.
        std::mem::swap(&mut dd, &mut mm);
    }
    let month = month_index(mm)?;
    let dd = dd.strip_suffix(',').unwrap_or(dd);
    if yy.find(':').is_some_and(|i| i > 0) {
        // ... and the time before the year.
        std::mem::swap(&mut yy, &mut tm);
    }
    if let Some(stripped) = yy.strip_suffix(',') {
        if stripped.is_empty() {
            return None;
        }
        yy = stripped;
    }
    if !yy.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        std::mem::swap(&mut yy, &mut tz);
    }
    let tm = tm.strip_suffix(',').unwrap_or(tm);
    let fields: Vec<&str> = if tm.contains(':') || !tm.contains('.') {
        tm.split(':').collect()
    } else {
        // Some mailers separate the time with dots.
        tm.split('.').collect()
    };
    let (hour, minute, second) = match fields.as_slice() {
        [h, m] => (ascii_number::<u32>(h)?, ascii_number::<u32>(m)?, 0),
        [h, m, s] => (ascii_number(h)?, ascii_number(m)?, ascii_number(s)?),
        _ => return None,
    };
    let mut year: i64 = ascii_number(yy)?;
    if year < 100 && yy.len() <= 2 {
        // Two-digit years, as RFC 2822 section 4.3 says.
        year += if year > 68 { 1900 } else { 2000 };
    }
    let day: u32 = ascii_number(dd)?;
    if !(1..=9999).contains(&year)
        || day == 0
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let offset = zone_offset(tz);
    let days = days_from_civil(year, month, day);
    Some(
        days * 86_400 + i64::from(hour) * 3600 + i64::from(minute) * 60 + i64::from(second)
            - offset,
    )
}

fn is_day_name(lower: &str) -> bool {
    DAYS.iter().any(|d| d.eq_ignore_ascii_case(lower))
}

fn month_index(token: &str) -> Option<u32> {
    const FULL: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let lower = token.to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(&lower))
        .or_else(|| FULL.iter().position(|m| *m == lower))
        .and_then(|i| u32::try_from(i + 1).ok())
}

fn ascii_number<T: std::str::FromStr>(s: &str) -> Option<T> {
    if s.is_empty() || s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// A zone's offset east of UTC in seconds. Named zones of RFC 2822 and numeric `+hhmm`
/// offsets; anything else (an unknown name, `-0000`) counts as UTC, as in Werkzeug.
fn zone_offset(zone: &str) -> i64 {
    let upper = zone.to_ascii_uppercase();
    let hhmm: i64 = match upper.as_str() {
        "UT" | "UTC" | "GMT" | "Z" => 0,
        "AST" => -400,
        "ADT" => -300,
        "EST" => -500,
        "EDT" => -400,
        "CST" => -600,
        "CDT" => -500,
        "MST" => -700,
        "MDT" => -600,
        "PST" => -800,
        "PDT" => -700,
        _ => {
            let (sign, digits) = match upper.as_bytes().first() {
                Some(b'+') => (1, &upper[1..]),
                Some(b'-') => (-1, &upper[1..]),
                _ => (1, upper.as_str()),
            };
            match ascii_number::<i64>(digits) {
                Some(v) => sign * v,
                None => 0,
            }
        }
    };
    let (sign, v) = if hhmm < 0 { (-1, -hhmm) } else { (1, hhmm) };
    sign * ((v / 100) * 3600 + (v % 100) * 60)
}
