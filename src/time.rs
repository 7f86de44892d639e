//! Calendar arithmetic for the two timestamp formats on the wire: ISO 8601 in XML bodies
//! (`2026-11-24T22:53:10.538Z`) and SigV4's basic format (`20261124T225310Z`).
//!
//! Pure functions on [`SystemTime`]; no time zone database is needed because everything is UTC.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Civil date and time in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Civil {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub nanos: u32,
}

// Howard Hinnant's days-from-civil algorithm (public domain), for the proleptic Gregorian calendar.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

pub(crate) fn to_civil(t: SystemTime) -> Civil {
    let (secs, nanos) = match t.duration_since(UNIX_EPOCH) {
        Ok(d) => (d.as_secs() as i64, d.subsec_nanos()),
        Err(e) => {
            let d = e.duration();
            let mut secs = -(d.as_secs() as i64);
            let mut nanos = d.subsec_nanos();
            if nanos > 0 {
                secs -= 1;
                nanos = 1_000_000_000 - nanos;
            }
            (secs, nanos)
        }
    };
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400) as u32;
    let (year, month, day) = civil_from_days(days);
    Civil {
        year,
        month,
        day,
        hour: rem / 3600,
        minute: rem % 3600 / 60,
        second: rem % 60,
        nanos,
    }
}

fn from_civil(c: &Civil) -> Option<SystemTime> {
    let days = days_from_civil(c.year, c.month, c.day);
    let secs = days * 86_400 + (c.hour * 3600 + c.minute * 60 + c.second) as i64;
    if secs >= 0 {
        UNIX_EPOCH.checked_add(Duration::new(secs as u64, c.nanos))
    } else {
        UNIX_EPOCH
            .checked_sub(Duration::from_secs(secs.unsigned_abs()))?
            .checked_add(Duration::from_nanos(c.nanos as u64))
    }
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ => {
            if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 {
                29
            } else {
                28
            }
        }
    }
}

/// The value of 1 to 9 ASCII digits (nine always fit in a `u32`); `None` for anything else.
/// One pass, no overflow checks needed: a timestamp is parsed for every item of a listing.
fn digits(s: &[u8]) -> Option<u32> {
    if s.is_empty() || s.len() > 9 {
        return None;
    }
    let mut value = 0u32;
    for &b in s {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        value = value * 10 + u32::from(d);
    }
    Some(value)
}

/// Parses an ISO 8601 / RFC 3339 UTC timestamp as CloudFront sends it:
/// `YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|+00:00)`. Offsets other than zero are applied.
/// Returns `None` for anything else.
pub fn parse_iso8601(text: &str) -> Option<SystemTime> {
    let b = text.trim().as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !(b[10] == b'T' || b[10] == b't') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let year = digits(&b[0..4])? as i64;
    let month = digits(&b[5..7])?;
    let day = digits(&b[8..10])?;
    let hour = digits(&b[11..13])?;
    let minute = digits(&b[14..16])?;
    let second = digits(&b[17..19])?;
    let mut rest = &b[19..];
    let mut nanos = 0u32;
    if let Some(frac) = rest.strip_prefix(b".") {
        let n = frac.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 || n > 9 {
            return None;
        }
        nanos = digits(&frac[..n])? * 10u32.pow(9 - n as u32);
        rest = &frac[n..];
    }
    let offset_secs: i64 = match rest {
        b"Z" | b"z" => 0,
        [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
            let h = digits(&[*h1, *h2])? as i64;
            let m = digits(&[*m1, *m2])? as i64;
            if h > 23 || m > 59 {
                return None;
            }
            let off = h * 3600 + m * 60;
            if *sign == b'+' { off } else { -off }
        }
        _ => return None,
    };
    if !(1..=12).contains(&month)
        || day == 0
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let t = from_civil(&Civil {
        year,
        month,
        day,
        hour,
        minute,
        second: second.min(59),
        nanos,
    })?;
    if offset_secs >= 0 {
        t.checked_sub(Duration::from_secs(offset_secs as u64))
    } else {
        t.checked_add(Duration::from_secs(offset_secs.unsigned_abs()))
    }
}

/// Formats as ISO 8601 UTC with milliseconds, the way CloudFront writes timestamps:
/// `2026-11-24T22:53:10.538Z`.
pub fn format_iso8601(t: SystemTime) -> String {
    let c = to_civil(t);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        c.year,
        c.month,
        c.day,
        c.hour,
        c.minute,
        c.second,
        c.nanos / 1_000_000
    )
}

/// SigV4's `X-Amz-Date` format, `20150830T123600Z` (see [`date_of_amz_date`] for its date
/// part). Written digit by digit: this runs for every signature, and `format!` cost more
/// than the rest of the timestamp work together.
pub(crate) fn amz_date(t: SystemTime) -> String {
    let c = to_civil(t);
    if !(0..=9999).contains(&c.year) {
        // Not a date a request is signed with; kept exact all the same.
        return format!(
            "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
            c.year, c.month, c.day, c.hour, c.minute, c.second
        );
    }
    // In range: every field below is at most 99 after the split, so two digits each.
    let year = c.year as u32;
    let mut out = String::with_capacity(16);
    for (i, two) in [
        year / 100,
        year % 100,
        c.month,
        c.day,
        c.hour,
        c.minute,
        c.second,
    ]
    .into_iter()
    .enumerate()
    {
        if i == 4 {
            out.push('T');
        }
        out.push(char::from(b'0' + (two / 10) as u8));
        out.push(char::from(b'0' + (two % 10) as u8));
    }
    out.push('Z');
    out
}

/// The date part (`20150830`) of an [`amz_date`] (`20150830T123600Z`): everything before
/// the `T`.
pub(crate) fn date_of_amz_date(stamp: &str) -> &str {
    stamp.split_once('T').map_or(stamp, |(date, _)| date)
}

/// The UTC day of `t`, as days since 1970-01-01 (negative before): what a SigV4 signing
/// key's date depends on.
pub(crate) fn utc_day(t: SystemTime) -> i64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => (d.as_secs() / 86_400) as i64,
        // Before the epoch: the second just before 00:00 belongs to the previous day.
        Err(e) => {
            let d = e.duration();
            let secs = d.as_secs() as i64 + i64::from(d.subsec_nanos() > 0);
            (-secs).div_euclid(86_400)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: u64, nanos: u32) -> SystemTime {
        UNIX_EPOCH + Duration::new(secs, nanos)
    }

    #[test]
    fn parses_zero_three_and_six_fraction_digits() {
        // 2026-11-24T22:53:10Z = 1795560790
        let base = 1_795_560_790;
        assert_eq!(parse_iso8601("2026-11-24T22:53:10Z"), Some(at(base, 0)));
        assert_eq!(
            parse_iso8601("2026-11-24T22:53:10.538Z"),
            Some(at(base, 538_000_000))
        );
        assert_eq!(
            parse_iso8601("2026-11-24T22:53:10.538123Z"),
            Some(at(base, 538_123_000))
        );
        assert_eq!(
            parse_iso8601("2026-11-24T23:53:10.5+01:00"),
            Some(at(base, 500_000_000))
        );
    }

    #[test]
    fn rejects_malformed() {
        for bad in [
            "",
            "2026-11-24",
            "2026-13-24T22:53:10Z",
            "2026-02-30T22:53:10Z",
            "2026-11-24T22:53:10",
            "2026-11-24T22:53:10.Z",
            "2026-11-24T22:53:10.1234567890Z",
            "2026-11-24T24:00:00Z",
            "2026-11-24T22:53:10+0100",
            "２026-11-24T22:53:10Z",
        ] {
            assert_eq!(parse_iso8601(bad), None, "{bad}");
        }
    }

    #[test]
    fn digits_accepts_one_to_nine_ascii_digits_only() {
        assert_eq!(digits(b"0"), Some(0));
        assert_eq!(digits(b"2026"), Some(2026));
        assert_eq!(digits(b"999999999"), Some(999_999_999));
        assert_eq!(digits(b""), None);
        assert_eq!(digits(b"1234567890"), None);
        assert_eq!(digits(b"1a"), None);
        assert_eq!(digits(b"/"), None); // b'0' - 1
        assert_eq!(digits(b":"), None); // b'9' + 1
        assert_eq!(digits(b"-1"), None);
        assert_eq!(digits(b" 1"), None);
    }

    #[test]
    fn formats_with_millis() {
        assert_eq!(
            format_iso8601(at(1_795_560_790, 538_999_999)),
            "2026-11-24T22:53:10.538Z"
        );
        assert_eq!(format_iso8601(UNIX_EPOCH), "1970-01-01T00:00:00.000Z");
    }

    #[test]
    fn amz_date_matches_sigv4_suite() {
        // 2015-08-30T12:36:00Z
        let stamp = amz_date(at(1_440_938_160, 0));
        assert_eq!(stamp, "20150830T123600Z");
        assert_eq!(date_of_amz_date(&stamp), "20150830");
    }

    #[test]
    fn amz_date_agrees_with_the_formatted_civil_time() {
        // Across days, months, leap years, centuries, and before the epoch.
        let mut secs: i64 = -2_208_988_800; // 1900-01-01
        while secs < 4_102_444_800 {
            // 2100-01-01
            let t = if secs >= 0 {
                UNIX_EPOCH + Duration::from_secs(secs as u64)
            } else {
                UNIX_EPOCH - Duration::from_secs(secs.unsigned_abs())
            };
            let c = to_civil(t);
            let expected = format!(
                "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
                c.year, c.month, c.day, c.hour, c.minute, c.second
            );
            assert_eq!(amz_date(t), expected, "{secs}");
            let day = utc_day(t);
            assert_eq!(day, secs.div_euclid(86_400), "{secs}");
            secs += 86_400 * 13 + 3_599 * 7 + 1;
        }
        // A year with five digits falls back to formatting, still exact.
        let far = UNIX_EPOCH + Duration::from_secs(253_402_300_800); // 10000-01-01
        assert_eq!(amz_date(far), "100000101T000000Z");
        assert_eq!(date_of_amz_date(&amz_date(far)), "100000101");
    }

    #[test]
    fn utc_day_boundaries() {
        assert_eq!(utc_day(UNIX_EPOCH), 0);
        assert_eq!(utc_day(at(86_399, 999_999_999)), 0);
        assert_eq!(utc_day(at(86_400, 0)), 1);
        assert_eq!(utc_day(UNIX_EPOCH - Duration::from_nanos(1)), -1);
        assert_eq!(utc_day(UNIX_EPOCH - Duration::from_secs(86_400)), -1);
        assert_eq!(
            utc_day(UNIX_EPOCH - Duration::from_secs(86_400) - Duration::from_nanos(1)),
            -2
        );
    }

    #[test]
    fn round_trips_across_leap_years_and_before_epoch() {
        for secs in [0i64, 951_782_400, 4_107_542_399, -86_400 * 365 - 1] {
            let t = if secs >= 0 {
                UNIX_EPOCH + Duration::from_secs(secs as u64)
            } else {
                UNIX_EPOCH - Duration::from_secs(secs.unsigned_abs())
            };
            assert_eq!(parse_iso8601(&format_iso8601(t)), Some(t), "{secs}");
        }
    }
}
