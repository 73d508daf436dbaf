//! The derived figures of an indicator and its grade, computed exactly in decimal arithmetic.
//!
//! - Required growth: `(target / baseline)^(1/n) − 1`, `n` = target year − baseline year.
//! - Achieved growth: `(latest / baseline)^(1/m) − 1`, `m` = latest actual's year − baseline year.
//! - Progress: `(latest − baseline) / (target − baseline)`; for a cumulative target, the sum of
//!   the actuals of the window's years so far over the target.
//! - Elapsed share: `(latest actual's year − baseline year) / n`.
//!
//! The n-th root is found by Newton's method from above (`y ← ((n−1)·y + x / y^(n−1)) / n`,
//! which decreases monotonically to the root) in 28-significant-digit decimals, until a step no
//! longer lowers `y`; the result is within about 10^-26 of the root, and is rounded half away
//! from zero to 10 decimals, like every ratio of the API.

use rust_decimal::{Decimal, RoundingStrategy};

/// Decimal places of every derived ratio.
pub const RATIO_DP: u32 = 10;
/// How far progress may stray from the elapsed share and still be `ON_TRACK` (10 points).
pub const TOLERANCE: Decimal = Decimal::from_parts(1, 0, 0, false, 1);

/// Rounds a ratio half away from zero to [`RATIO_DP`] decimals.
pub fn round_ratio(value: Decimal) -> Decimal {
    value
        .round_dp_with_strategy(RATIO_DP, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

fn pow(y: Decimal, n: u32) -> Option<Decimal> {
    (0..n).try_fold(Decimal::ONE, |acc, _| acc.checked_mul(y))
}

/// The positive n-th root of a positive `x`, to the precision of `Decimal`.
pub fn nth_root(x: Decimal, n: u32) -> Option<Decimal> {
    if x <= Decimal::ZERO || n == 0 {
        return None;
    }
    if n == 1 {
        return Some(x);
    }
    let n_dec = Decimal::from(n);
    // Any start above the root converges from above; max(x, 1) is above it.
    let mut y = x.max(Decimal::ONE);
    for _ in 0..2000 {
        let next = (n_dec - Decimal::ONE)
            .checked_mul(y)?
            .checked_add(x.checked_div(pow(y, n - 1)?)?)?
            .checked_div(n_dec)?;
        if next >= y {
            break;
        }
        y = next;
    }
    Some(y)
}

/// Average annual growth from `from` to `to` over `years`: `(to/from)^(1/years) − 1`, rounded;
/// unknown when either is not positive or `years` is not.
pub fn annual_growth(from: Decimal, to: Decimal, years: i32) -> Option<Decimal> {
    if from <= Decimal::ZERO || to <= Decimal::ZERO || years <= 0 {
        return None;
    }
    let ratio = to.checked_div(from)?;
    let root = nth_root(ratio, u32::try_from(years).ok()?)?;
    Some(round_ratio(root - Decimal::ONE))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn required_growth_of_gross_output_xiaodongtou() {
        // (85 / 51.19)^(1/5) − 1 = 0.10674293737936638347… (60-digit decimal arithmetic), so
        // 0.1067429374 to ten places.
        assert_eq!(
            annual_growth(d("51.19"), d("85"), 5),
            Some(d("0.1067429374"))
        );
    }

    #[test]
    fn roots_are_exact_where_they_can_be() {
        assert_eq!(nth_root(d("32"), 5).map(|r| r.round_dp(20)), Some(d("2")));
        assert_eq!(annual_growth(d("100"), d("121"), 2), Some(d("0.1")));
        assert_eq!(
            annual_growth(d("121"), d("100"), 2),
            Some(d("-0.0909090909"))
        );
        assert_eq!(annual_growth(d("0"), d("100"), 2), None);
        assert_eq!(annual_growth(d("1"), d("2"), 0), None);
    }
}
