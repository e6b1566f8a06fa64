//! Hand-written support code (not generated, edit freely): when and how long the client waits
//! before sending a throttled request again (429, 503, 504), honouring `Retry-After`.

use std::time::{Duration, SystemTime};

use http::StatusCode;

/// How throttled requests (429 Too Many Requests, 503 Service Unavailable, 504 Gateway Timeout)
/// are retried.
///
/// The wait before a retry is the answer's `Retry-After` (seconds or an HTTP date), else
/// `base_delay * 2^n` capped at `max_delay` (with full jitter: a random wait up to that).
/// Retrying stops after `max_attempts` attempts, or when the next wait would take the total
/// waited past `max_total_delay`; the last answer is then returned as the error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
    max_total_delay: Duration,
    jitter: bool,
}

impl Default for RetryPolicy {
    /// 4 attempts, 1 s base delay, 30 s cap per wait, 60 s in all, with jitter.
    fn default() -> Self {
        Self {
            max_attempts: 4,
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(30),
            max_total_delay: Duration::from_secs(60),
            jitter: true,
        }
    }
}

impl RetryPolicy {
    /// One attempt, no retries.
    pub fn none() -> Self {
        Self::default().with_max_attempts(1)
    }

    /// Attempts in all, the first one included; `0` counts as `1`.
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts.max(1);
        self
    }

    /// The first backoff wait, doubled on each further retry.
    pub fn with_base_delay(mut self, base_delay: Duration) -> Self {
        self.base_delay = base_delay;
        self
    }

    /// The longest backoff wait (a server's `Retry-After` is not capped by it).
    pub fn with_max_delay(mut self, max_delay: Duration) -> Self {
        self.max_delay = max_delay;
        self
    }

    /// The most the client waits in all for one request.
    pub fn with_max_total_delay(mut self, max_total_delay: Duration) -> Self {
        self.max_total_delay = max_total_delay;
        self
    }

    /// Whether backoff waits are randomized ("full jitter"), so many clients throttled at
    /// once do not come back at once.
    pub fn with_jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// Attempts in all, the first one included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The first backoff wait.
    pub fn base_delay(&self) -> Duration {
        self.base_delay
    }

    /// The longest backoff wait.
    pub fn max_delay(&self) -> Duration {
        self.max_delay
    }

    /// The most the client waits in all for one request.
    pub fn max_total_delay(&self) -> Duration {
        self.max_total_delay
    }

    /// Whether backoff waits are randomized.
    pub fn jitter(&self) -> bool {
        self.jitter
    }

    /// The backoff wait before retry number `retry` (0 for the first retry).
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let factor = 1u32.checked_shl(retry).unwrap_or(u32::MAX);
        let capped = self
            .base_delay
            .checked_mul(factor)
            .unwrap_or(Duration::MAX)
            .min(self.max_delay);
        if !self.jitter {
            return capped;
        }
        let nanos = u64::try_from(capped.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(crate::runtime::random::up_to(nanos))
    }

    /// What to do after `attempts` attempts, having waited `waited` so far, when the last
    /// answer was throttled and said `retry_after`: `Some(wait)` to retry after `wait`.
    pub(crate) fn next_wait(
        &self,
        attempts: u32,
        waited: Duration,
        retry_after: Option<Duration>,
    ) -> Option<Duration> {
        if attempts >= self.max_attempts {
            return None;
        }
        let wait = retry_after.unwrap_or_else(|| self.backoff(attempts.saturating_sub(1)));
        (wait <= self.max_total_delay.saturating_sub(waited)).then_some(wait)
    }
}

/// The statuses Graph uses for throttling and transient overload.
pub(crate) fn is_retryable(status: StatusCode) -> bool {
    matches!(
        status,
        StatusCode::TOO_MANY_REQUESTS
            | StatusCode::SERVICE_UNAVAILABLE
            | StatusCode::GATEWAY_TIMEOUT
    )
}

/// Reads a `Retry-After` value: delta-seconds or an HTTP date (IMF-fixdate, and the obsolete
/// RFC 850 and asctime forms). A date in the past means "now"; anything else is `None`.
pub(crate) fn parse_retry_after(value: &[u8], now: SystemTime) -> Option<Duration> {
    let value = std::str::from_utf8(value).ok()?.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Too many digits for a u64 is still "a very long time", not "no advice".
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn defaults_and_none() {
        let p = RetryPolicy::default();
        assert_eq!(p.max_attempts(), 4);
        assert_eq!(p.base_delay(), Duration::from_secs(1));
        assert_eq!(p.max_delay(), Duration::from_secs(30));
        assert_eq!(p.max_total_delay(), Duration::from_secs(60));
        assert!(p.jitter());
        assert_eq!(RetryPolicy::none().max_attempts(), 1);
        assert_eq!(RetryPolicy::none().next_wait(1, Duration::ZERO, None), None);
        assert_eq!(
            RetryPolicy::default().with_max_attempts(0).max_attempts(),
            1
        );
    }

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let p = RetryPolicy::default()
            .with_base_delay(10 * MS)
            .with_max_delay(50 * MS)
            .with_jitter(false);
        let waits: Vec<Duration> = (0..5).map(|n| p.backoff(n)).collect();
        assert_eq!(waits, [10 * MS, 20 * MS, 40 * MS, 50 * MS, 50 * MS]);
        assert_eq!(p.backoff(40), 50 * MS);
        assert_eq!(p.backoff(u32::MAX), 50 * MS);
        let huge = p
            .clone()
            .with_base_delay(Duration::MAX)
            .with_max_delay(Duration::MAX);
        assert_eq!(huge.backoff(3), Duration::MAX);
    }

    #[test]
    fn jitter_stays_under_the_backoff() {
        let p = RetryPolicy::default()
            .with_base_delay(10 * MS)
            .with_max_delay(Duration::MAX);
        for n in 0..10 {
            assert!(p.backoff(n) <= (10 * MS) * (1 << n));
        }
        let distinct: std::collections::BTreeSet<Duration> =
            (0..50).map(|_| p.backoff(8)).collect();
        assert!(distinct.len() > 1);
    }

    #[test]
    fn waits_are_bounded_by_attempts_and_budget() {
        let p = RetryPolicy::default()
            .with_max_attempts(3)
            .with_base_delay(10 * MS)
            .with_max_total_delay(25 * MS)
            .with_jitter(false);
        assert_eq!(p.next_wait(1, Duration::ZERO, None), Some(10 * MS));
        assert_eq!(p.next_wait(2, 10 * MS, None), None);
        assert_eq!(p.next_wait(2, 5 * MS, None), Some(20 * MS));
        assert_eq!(p.next_wait(3, Duration::ZERO, None), None);
        // A server's advice wins over backoff, but not over the budget.
        assert_eq!(p.next_wait(1, Duration::ZERO, Some(25 * MS)), Some(25 * MS));
        assert_eq!(p.next_wait(1, Duration::ZERO, Some(26 * MS)), None);
        assert_eq!(
            p.next_wait(1, Duration::ZERO, Some(Duration::ZERO)),
            Some(Duration::ZERO)
        );
    }

    #[test]
    fn retryable_statuses() {
        for code in [429, 503, 504] {
            assert!(is_retryable(StatusCode::from_u16(code).unwrap()), "{code}");
        }
        for code in [200, 400, 401, 404, 500, 502] {
            assert!(!is_retryable(StatusCode::from_u16(code).unwrap()), "{code}");
        }
    }

    #[test]
    fn retry_after_in_seconds() {
        let now = SystemTime::now();
        assert_eq!(parse_retry_after(b"1", now), Some(Duration::from_secs(1)));
        assert_eq!(
            parse_retry_after(b" 120 ", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after(b"0", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after(b"99999999999999999999999", now),
            Some(Duration::from_secs(u64::MAX))
        );
        for bad in [&b""[..], b"-1", b"1.5", b"soon", b"\xff"] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad:?}");
        }
    }

    #[test]
    fn retry_after_as_http_date() {
        let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        for later in [
            "Sun, 06 Nov 1994 08:49:40 GMT",
            "Sunday, 06-Nov-94 08:49:40 GMT",
            "Sun Nov  6 08:49:40 1994",
        ] {
            assert_eq!(
                parse_retry_after(later.as_bytes(), now),
                Some(Duration::from_secs(3)),
                "{later}"
            );
        }
        assert_eq!(
            parse_retry_after(b"Sun, 06 Nov 1994 08:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(
            parse_retry_after(b"Sun, 31 Nov 1994 08:00:00 GMT", now),
            None
        );
    }
}
