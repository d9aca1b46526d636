//! When to repeat a request, and how long to wait first. Pure, so it is tested natively.
//!
//! - 429 on any method: wait `Retry-After` (delta-seconds or an HTTP date), capped at
//!   `max_delay_ms`; without a usable header, `default_delay_ms`.
//! - 502, 503, 504, network failures and timeouts: only for idempotent methods, with
//!   exponential backoff and full jitter (AWS "standard" mode); a POST or PATCH is
//!   never repeated, because the first attempt may have reached the server.

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
    match attempt {
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
    }
}

/// Full jitter: uniform in [0, min(max, base * 2^n)].
fn backoff_ms(config: &RetryConfig, retries_done: u32, random: f64) -> u32 {
    let ceiling = (config.base_delay_ms as f64 * 2f64.powi(retries_done.min(30) as i32)).min(config.max_delay_ms as f64);
    (ceiling * random.clamp(0.0, 1.0)) as u32
}

/// `Retry-After` in ms from now: delta-seconds or an IMF-fixdate (RFC 9110 §10.2.3).
pub fn retry_after_ms(value: &str, now_ms: f64) -> Option<f64> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(seconds as f64 * 1000.0);
    }
    http_date_ms(value).map(|at| (at - now_ms).max(0.0))
}

/// Parses `Sun, 06 Nov 1994 08:49:37 GMT` into Unix ms.
fn http_date_ms(value: &str) -> Option<f64> {
    let rest = value.split_once(", ")?.1;
    let mut parts = rest.split(' ');
    let day: i64 = parts.next()?.parse().ok()?;
    let month = match parts.next()? {
        "Jan" => 1, "Feb" => 2, "Mar" => 3, "Apr" => 4, "May" => 5, "Jun" => 6,
        "Jul" => 7, "Aug" => 8, "Sep" => 9, "Oct" => 10, "Nov" => 11, "Dec" => 12,
        _ => return None,
    };
    let year: i64 = parts.next()?.parse().ok()?;
    let mut hms = parts.next()?.split(':').map(|p| p.parse::<i64>().ok());
    let (h, m, s) = (hms.next()??, hms.next()??, hms.next()??);
    if parts.next()? != "GMT" || !(1..=31).contains(&day) || h > 23 || m > 59 || s > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(((days * 86_400 + h * 3600 + m * 60 + s) * 1000) as f64)
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
        let now = http_date_ms("Wed, 21 Oct 2015 07:28:00 GMT").unwrap();
        assert_eq!(now, 1_445_412_480_000.0);
        assert_eq!(retry_after_ms("Wed, 21 Oct 2015 07:28:05 GMT", now), Some(5000.0));
        assert_eq!(retry_after_ms("Wed, 21 Oct 2015 07:27:00 GMT", now), Some(0.0));
        assert_eq!(retry_after_ms("Wed, 21 Foo 2015 07:28:05 GMT", now), None);
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
