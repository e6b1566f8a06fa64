//! Hand-written support code (not generated, edit freely): a tiny pseudo-random source for retry
//! jitter and the replay server's request ids. Not for anything secret.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Advanced by the golden-ratio increment on every draw, so concurrent callers get different
/// values even within one clock tick.
static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A 64-bit pseudo-random number: SplitMix64 over the clock and a shared counter.
pub(crate) fn next_u64() -> u64 {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    let mut z = nanos ^ COUNTER.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A number in `0..=max`, close enough to uniform for jitter.
#[cfg_attr(not(feature = "client"), allow(dead_code))]
pub(crate) fn up_to(max: u64) -> u64 {
    match max.checked_add(1) {
        Some(bound) => next_u64() % bound,
        None => next_u64(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_differ_and_stay_in_range() {
        let draws: std::collections::BTreeSet<u64> = (0..100).map(|_| next_u64()).collect();
        assert!(draws.len() > 95, "{}", draws.len());
        for max in [0, 1, 7, 1000, u64::MAX] {
            for _ in 0..100 {
                assert!(up_to(max) <= max);
            }
        }
        assert_eq!(up_to(0), 0);
    }
}
