//! When to repeat a request, and how long to wait first. Pure, so it is tested natively.
//!
//! - 429 on any method: wait `Retry-After` (delta-seconds or an HTTP date), capped at
//!   `max_delay_ms`; without a usable header, `default_delay_ms`.
//! - 502, 503, 504, network failures and timeouts: only for idempotent methods, with
//!   exponential backoff and full jitter (AWS "standard" mode); a POST or PATCH is
//!   never repeated, because the first attempt may have reached the server.

use crate::config::MAX_TIMER_MS;
use crate::operation::Method;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryConfig {
    /// Retries after the first attempt; 0 turns retrying off.
    pub max_retries: u32,
    /// Wait after a 429 that carries no usable `Retry-After`.
    pub default_delay_ms: u32,
    /// First backoff step for 5xx and network failures (doubles each retry).
    pub base_delay_ms: u32,
    /// Upper bound of any single wait.
    pub max_delay_ms: u32,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig { max_retries: 3, default_delay_ms: 1000, base_delay_ms: 200, max_delay_ms: 20_000 }
    }
}

/// What an attempt ended with, as far as retrying cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attempt<'a> {
    Status { status: u16, retry_after: Option<&'a str> },
    NetworkError,
    TimedOut,
}

/// The wait before the next attempt, or `None` to give up. `retries_done` counts
/// retries already made; `random` is uniform in [0, 1); `now_ms` is Unix time in ms.
pub fn delay_before_retry(
    config: &RetryConfig,
    method: Method,
    attempt: Attempt<'_>,
    retries_done: u32,
    now_ms: f64,
    random: f64,
) -> Option<u32> {
    if retries_done >= config.max_retries {
        return None;
    }
    let delay = match attempt {
        Attempt::Status { status: 429, retry_after } => Some(
            retry_after
                .and_then(|v| retry_after_ms(v, now_ms))
                .unwrap_or(config.default_delay_ms as f64)
                .min(config.max_delay_ms as f64) as u32,
        ),
        Attempt::Status { status: 502..=504, retry_after } if method.is_idempotent() => Some(
            match retry_after.and_then(|v| retry_after_ms(v, now_ms)) {
                Some(ms) => ms.min(config.max_delay_ms as f64) as u32,
                None => backoff_ms(config, retries_done, random),
            },
        ),
        Attempt::NetworkError | Attempt::TimedOut if method.is_idempotent() => {
            Some(backoff_ms(config, retries_done, random))
        }
        _ => None,
    };
    // A browser timer cannot wait longer (it would fire at once).
    delay.map(|ms| ms.min(MAX_TIMER_MS))
}

/// Full jitter: uniform in [0, min(max, base * 2^n)].
fn backoff_ms(config: &RetryConfig, retries_done: u32, random: f64) -> u32 {
    let ceiling = (config.base_delay_ms as f64 * 2f64.powi(retries_done.min(30) as i32)).min(config.max_delay_ms as f64);
    (ceiling * random.clamp(0.0, 1.0)) as u32
}

/// `Retry-After` in ms from now: delta-seconds or an HTTP date in any of the three forms
/// RFC 9110 §5.6.7 requires a recipient to accept. Saturating: a value too large for any type
/// is a very long wait (then capped at `max_delay_ms`), never an overflow.
pub fn retry_after_ms(value: &str, now_ms: f64) -> Option<f64> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Digit by digit in f64: any length saturates (to infinity, then f64::MAX) instead of
        // overflowing, and no float parser (~10 KB of wasm) is needed.
        let seconds = value.bytes().fold(0.0, |n: f64, b| n * 10.0 + f64::from(b - b'0'));
        return Some((seconds * 1000.0).min(f64::MAX));
    }
    http_date_ms(value, now_ms).map(|at| (at - now_ms).max(0.0))
}

/// An HTTP date as Unix ms:
/// - IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`
/// - RFC 850 `Sunday, 06-Nov-94 08:49:37 GMT` (two-digit year: the one not more than 50 years
///   ahead of `now_ms`, as RFC 9110 says)
/// - asctime `Sun Nov  6 08:49:37 1994`
///
/// Years have at most four digits, so the arithmetic below cannot overflow.
fn http_date_ms(value: &str, now_ms: f64) -> Option<f64> {
    let (weekday, rest) = crate::text::split_once(value, b", ")?;
    if weekday.is_empty() || !weekday.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    // At most five words (no form has more), kept in place instead of collected.
    let mut words = [""; 5];
    let mut count = 0;
    for word in rest.split_whitespace() {
        *words.get_mut(count)? = word;
        count += 1;
    }
    let parts = words.get(..count)?;
    let (day, month, year, time) = if value.as_bytes().get(weekday.len()) == Some(&b',') {
        match parts {
            [date, time, "GMT"] => {
                // RFC 850: 06-Nov-94
                let mut d = crate::text::pieces(date, b'-');
                let (day, month, yy) = (d.next()?, d.next()?, d.next()?);
                if d.next().is_some() || yy.len() != 2 {
                    return None;
                }
                (day, month, two_digit_year(number(yy)?, now_ms), *time)
            }
            [day, month, year, time, "GMT"] if year.len() == 4 => (*day, *month, number(year)?, *time),
            _ => return None,
        }
    } else {
        match parts {
            [month, day, time, year] if year.len() == 4 => (*day, *month, number(year)?, *time),
            _ => return None,
        }
    };
    let day = if day.len() <= 2 { number(day)? } else { return None };
    let month = month_number(month)?;
    let mut hms = crate::text::pieces(time, b':');
    let (h, m, s) = (hms.next()?, hms.next()?, hms.next()?);
    if hms.next().is_some() || [h, m, s].iter().any(|p| p.len() != 2) {
        return None;
    }
    let (h, m, s) = (number(h)?, number(m)?, number(s)?);
    if !(1..=31).contains(&day) || h > 23 || m > 59 || s > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(((days * 86_400 + h * 3600 + m * 60 + s) * 1000) as f64)
}

/// A short run of ASCII digits (at most four) as a number.
fn number(text: &str) -> Option<i64> {
    crate::error::digits(text).filter(|_| text.len() <= 4).map(i64::from)
}

fn month_number(name: &str) -> Option<i64> {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    MONTHS.iter().position(|m| *m == name).map(|i| i as i64 + 1)
}

/// The full year of an RFC 850 two-digit year: in the century that puts it at most 50 years
/// after the current year.
fn two_digit_year(yy: i64, now_ms: f64) -> i64 {
    let now_year = 1970 + (now_ms / 31_556_952_000.0).floor().clamp(0.0, 8000.0) as i64; // mean Gregorian year
    let year = now_year - now_year.rem_euclid(100) + yy;
    if year > now_year + 50 {
        year - 100
    } else {
        year
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    const CFG: RetryConfig = RetryConfig { max_retries: 3, default_delay_ms: 1000, base_delay_ms: 200, max_delay_ms: 20_000 };

    fn status(status: u16, retry_after: Option<&str>) -> Attempt<'_> {
        Attempt::Status { status, retry_after }
    }

    #[test]
    fn retries_429_on_any_method_with_retry_after_seconds() {
        assert_eq!(delay_before_retry(&CFG, Method::Post, status(429, Some("2")), 0, 0.0, 0.5), Some(2000));
        assert_eq!(delay_before_retry(&CFG, Method::Get, status(429, None), 0, 0.0, 0.5), Some(1000));
        assert_eq!(delay_before_retry(&CFG, Method::Get, status(429, Some("soon")), 0, 0.0, 0.5), Some(1000));
    }

    #[test]
    fn retry_after_is_capped() {
        assert_eq!(delay_before_retry(&CFG, Method::Get, status(429, Some("3600")), 0, 0.0, 0.5), Some(20_000));
    }

    #[test]
    fn retry_after_http_date() {
        let now = http_date_ms("Wed, 21 Oct 2015 07:28:00 GMT", 0.0).unwrap();
        assert_eq!(now, 1_445_412_480_000.0);
        assert_eq!(retry_after_ms("Wed, 21 Oct 2015 07:28:05 GMT", now), Some(5000.0));
        assert_eq!(retry_after_ms("Wed, 21 Oct 2015 07:27:00 GMT", now), Some(0.0));
        assert_eq!(retry_after_ms("Wed, 21 Foo 2015 07:28:05 GMT", now), None);
        assert_eq!(retry_after_ms("Wed, 21 Oct 2015 07:28:05 GMT GMT", now), None);
        assert_eq!(retry_after_ms("Wed, 21 Oct 2015 07:28:05 GMT a b c", now), None);
        assert_eq!(retry_after_ms("Wed, 21 Oct\t2015 07:28:05\u{a0}GMT", now), Some(5000.0));
    }

    #[test]
    fn retry_after_obsolete_date_forms() {
        let now = http_date_ms("Wed, 21 Oct 2015 07:28:00 GMT", 0.0).unwrap();
        // RFC 850 and asctime, both 5 s ahead.
        assert_eq!(retry_after_ms("Wednesday, 21-Oct-15 07:28:05 GMT", now), Some(5000.0));
        assert_eq!(retry_after_ms("Wed Oct 21 07:28:05 2015", now), Some(5000.0));
        assert_eq!(retry_after_ms("Sun Nov  6 08:49:37 1994", 0.0), Some(784_111_777_000.0));
        // A two-digit year more than 50 years ahead is in the past century.
        assert_eq!(http_date_ms("Sunday, 06-Nov-94 08:49:37 GMT", now), Some(784_111_777_000.0));
        assert_eq!(http_date_ms("Sunday, 06-Nov-64 08:49:37 GMT", now), http_date_ms("Fri, 06 Nov 2064 08:49:37 GMT", 0.0));
        for bad in ["Sunday, 06-Nov-1994 08:49:37 GMT", "Sun Nov 6 08:49:37", "Sun, 06 Nov 94 08:49:37 GMT", "Sun Nov  6 8:49:37 1994"] {
            assert_eq!(http_date_ms(bad, now), None, "{bad}");
        }
    }

    #[test]
    fn far_future_retry_after_saturates_and_is_capped() {
        // Too large for any integer type, and a date past any year: capped, not wrapped to 0.
        for far in ["99999999999999999999999999", "Fri, 31 Dec 9999 23:59:59 GMT", "Fri, 31 Dec 99999999999999 23:59:59 GMT"] {
            let wait = delay_before_retry(&CFG, Method::Get, status(429, Some(far)), 0, 1_445_412_480_000.0, 0.5);
            let expected = if far.contains("99999999999999 ") { CFG.default_delay_ms } else { CFG.max_delay_ms };
            assert_eq!(wait, Some(expected), "{far}");
        }
        assert!(retry_after_ms("9".repeat(400).as_str(), 0.0).is_some_and(|ms| ms.is_finite()));
    }

    #[test]
    fn waits_never_exceed_a_browser_timer() {
        let huge = RetryConfig { max_delay_ms: u32::MAX, base_delay_ms: u32::MAX, ..CFG };
        assert_eq!(delay_before_retry(&huge, Method::Get, status(429, Some("99999999999")), 0, 0.0, 0.5), Some(MAX_TIMER_MS));
        assert_eq!(delay_before_retry(&huge, Method::Get, status(503, None), 2, 0.0, 1.0), Some(MAX_TIMER_MS));
    }

    #[test]
    fn never_repeats_post_or_patch_on_5xx_or_network_failure() {
        for method in [Method::Post, Method::Patch] {
            for attempt in [status(502, None), status(503, None), status(504, None), Attempt::NetworkError, Attempt::TimedOut] {
                assert_eq!(delay_before_retry(&CFG, method, attempt, 0, 0.0, 0.5), None);
            }
        }
    }

    #[test]
    fn idempotent_methods_back_off_exponentially_with_full_jitter() {
        for method in [Method::Get, Method::Head, Method::Put, Method::Delete] {
            assert_eq!(delay_before_retry(&CFG, method, status(503, None), 0, 0.0, 1.0), Some(200));
            assert_eq!(delay_before_retry(&CFG, method, status(503, None), 2, 0.0, 1.0), Some(800));
            assert_eq!(delay_before_retry(&CFG, method, Attempt::NetworkError, 1, 0.0, 0.5), Some(200));
            assert_eq!(delay_before_retry(&CFG, method, status(502, None), 0, 0.0, 0.0), Some(0));
        }
        let big = RetryConfig { max_retries: 40, ..CFG };
        assert_eq!(delay_before_retry(&big, Method::Get, status(504, None), 35, 0.0, 1.0), Some(20_000));
    }

    #[test]
    fn other_statuses_are_final() {
        for s in [400, 401, 403, 404, 409, 500, 501] {
            assert_eq!(delay_before_retry(&CFG, Method::Get, status(s, None), 0, 0.0, 0.5), None);
        }
    }

    #[test]
    fn stops_after_max_retries_and_zero_disables() {
        assert_eq!(delay_before_retry(&CFG, Method::Get, status(503, None), 3, 0.0, 0.5), None);
        let off = RetryConfig { max_retries: 0, ..CFG };
        assert_eq!(delay_before_retry(&off, Method::Get, status(429, None), 0, 0.0, 0.5), None);
    }
}
