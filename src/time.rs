//! The two timestamp formats the exchange answers with, parsed to Unix
//! milliseconds without a date library (the wasm budget is tight):
//! `expires_at` (RFC 3339) and the HTTP `Date` header (IMF-fixdate).

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn epoch_ms(y: i64, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Option<f64> {
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let days = days_from_civil(y, mo, d);
    let secs = days * 86_400 + i64::from(h) * 3600 + i64::from(mi) * 60 + i64::from(s);
    Some(secs as f64 * 1000.0)
}

/// `2026-05-11T10:30:00Z`, `2026-05-11T10:30:00.123456+02:00`, lower-case
/// `t`/`z`, or a space for `T`.
pub fn parse_rfc3339_ms(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.len() < 20 || !s.is_ascii() {
        return None;
    }
    let (date, rest) = s.split_at(10);
    let sep = rest.as_bytes()[0];
    if !matches!(sep, b'T' | b't' | b' ') {
        return None;
    }
    let rest = &rest[1..];
    let mut dp = date.split('-');
    let y = digits(dp.next()?)?;
    let mo = digits(dp.next()?)?;
    let d = digits(dp.next()?)?;
    if dp.next().is_some() || rest.len() < 9 {
        return None;
    }
    let (hms, mut tail) = rest.split_at(8);
    let mut tp = hms.split(':');
    let h = digits(tp.next()?)?;
    let mi = digits(tp.next()?)?;
    let sec = digits(tp.next()?)?;
    let mut frac_ms = 0.0;
    if let Some(f) = tail.strip_prefix('.') {
        let end = f.find(|c: char| !c.is_ascii_digit()).unwrap_or(f.len());
        if end == 0 {
            return None;
        }
        let frac: String = f[..end].chars().chain("000".chars()).take(3).collect();
        frac_ms = f64::from(digits(&frac)?);
        tail = &f[end..];
    }
    let offset_min: i64 = match tail {
        "Z" | "z" => 0,
        t if t.len() == 6 && (t.starts_with('+') || t.starts_with('-')) => {
            let oh = i64::from(digits(&t[1..3])?);
            let om = i64::from(digits(&t[4..6])?);
            if &t[3..4] != ":" {
                return None;
            }
            let sign = if t.starts_with('-') { -1 } else { 1 };
            sign * (oh * 60 + om)
        }
        _ => return None,
    };
    let base = epoch_ms(i64::from(y), mo, d, h, mi, sec)?;
    Some(base + frac_ms - (offset_min * 60_000) as f64)
}

/// `Sun, 06 Nov 1994 08:49:37 GMT` (RFC 7231 IMF-fixdate).
pub fn parse_http_date_ms(s: &str) -> Option<f64> {
    let mut parts = s.split_whitespace();
    let _weekday = parts.next()?;
    let d = digits(parts.next()?)?;
    let mon = parts.next()?;
    let y = digits(parts.next()?)?;
    let hms = parts.next()?;
    if parts.next()? != "GMT" || parts.next().is_some() {
        return None;
    }
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mo = MONTHS.iter().position(|m| *m == mon)? as u32 + 1;
    let mut tp = hms.split(':');
    let h = digits(tp.next()?)?;
    let mi = digits(tp.next()?)?;
    let sec = digits(tp.next()?)?;
    epoch_ms(i64::from(y), mo, d, h, mi, sec)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_variants() {
        assert_eq!(parse_rfc3339_ms("1970-01-01T00:00:00Z"), Some(0.0));
        assert_eq!(
            parse_rfc3339_ms("2026-05-11T10:30:00Z"),
            Some(1_778_495_400_000.0)
        );
        assert_eq!(
            parse_rfc3339_ms("2026-05-11T12:30:00.250+02:00"),
            Some(1_778_495_400_250.0)
        );
        assert_eq!(
            parse_rfc3339_ms("2026-05-11t10:30:00.123456789z"),
            Some(1_778_495_400_123.0)
        );
        assert_eq!(
            parse_rfc3339_ms("2000-03-01 00:00:00-00:30"),
            Some(951_870_600_000.0)
        );
    }

    #[test]
    fn rfc3339_garbage_is_none() {
        for s in [
            "",
            "tomorrow",
            "2026-05-11",
            "2026-13-11T10:30:00Z",
            "2026-05-11T10:30:00",
            "2026-05-11T10:30:00+0200",
            "2026-05-11T25:30:00Z",
            "2026-05-11T10:30:00.Z",
            "２０２６-05-11T10:30:00Z",
        ] {
            assert_eq!(parse_rfc3339_ms(s), None, "{s}");
        }
    }

    #[test]
    fn http_date() {
        assert_eq!(
            parse_http_date_ms("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777_000.0)
        );
        assert_eq!(parse_http_date_ms("Sun, 06 Nov 1994 08:49:37 UTC"), None);
        assert_eq!(parse_http_date_ms("garbage"), None);
    }
}
