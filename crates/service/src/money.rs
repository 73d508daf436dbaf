//! Exact amounts of money in 万元, stored as integer fen.
//!
//! 1 万元 = 10,000 yuan = 1,000,000 fen, so an amount holds at most six decimals of 万元. Converting
//! never goes through a float; an input with more decimals than a fen is rejected, never rounded.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

/// Fen per 万元.
pub const FEN_PER_WAN: i64 = 1_000_000;
/// Decimal places of 万元 that a fen represents.
pub const SCALE: u32 = 6;
/// The largest amount accepted, 9,999,999,999.999999 万元, in fen. Sums are computed so that even
/// many amounts of this size add up exactly (see [`ExactSum`]).
pub const MAX_FEN: i64 = 9_999_999_999_999_999;

/// A non-negative amount in 万元 with at most six decimals.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount(i64);

/// Why a text is not an amount.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    /// Not a plain decimal number.
    #[error("`{0}` is not a plain decimal number of 万元 (write it like \"1234.5\")")]
    Syntax(String),
    /// Negative.
    #[error("`{0}` is negative; amounts are never below zero")]
    Negative(String),
    /// Finer than one fen.
    #[error("`{0}` has more than six decimals of 万元 (one fen); it would have to be rounded")]
    TooPrecise(String),
    /// Above the storage limit.
    #[error("`{0}` exceeds the largest amount held, 9999999999.999999 万元")]
    TooLarge(String),
}

impl Amount {
    /// Zero 万元.
    pub const ZERO: Amount = Amount(0);

    /// The amount of `fen` fen, if within range.
    pub fn from_fen(fen: i64) -> Option<Self> {
        (0..=MAX_FEN).contains(&fen).then_some(Self(fen))
    }

    /// The stored integer.
    pub fn fen(self) -> i64 {
        self.0
    }

    /// Exact conversion from a decimal of 万元.
    pub fn from_decimal(value: Decimal) -> Result<Self, AmountError> {
        let shown = value.to_string();
        if value.is_sign_negative() && !value.is_zero() {
            return Err(AmountError::Negative(shown));
        }
        let value = value.normalize();
        if value.scale() > SCALE {
            return Err(AmountError::TooPrecise(shown));
        }
        let fen = value
            .mantissa()
            .checked_mul(10i128.pow(SCALE - value.scale()))
            .and_then(|fen| i64::try_from(fen).ok())
            .filter(|fen| *fen <= MAX_FEN)
            .ok_or(AmountError::TooLarge(shown))?;
        Ok(Self(fen))
    }

    /// The amount as a decimal of 万元 without trailing zeros.
    pub fn to_decimal(self) -> Decimal {
        fen_to_decimal(self.0)
    }
}

impl FromStr for Amount {
    type Err = AmountError;

    /// Parses a plain decimal (`"11406800"`, `"0.3"`); exponents, signs other than a leading `-`,
    /// separators and spaces are refused so that nothing is guessed.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let plain = !text.is_empty()
            && text
                .strip_prefix('-')
                .unwrap_or(text)
                .split_once('.')
                .map_or_else(
                    || is_digits(text.strip_prefix('-').unwrap_or(text)),
                    |(int, frac)| is_digits(int) && is_digits(frac),
                );
        if !plain {
            return Err(AmountError::Syntax(text.to_owned()));
        }
        let value = Decimal::from_str_exact(text).map_err(|_| {
            // Only digit strings reach here, so the one failure left is size or precision.
            if text
                .split_once('.')
                .is_some_and(|(_, frac)| frac.len() > 20)
            {
                AmountError::TooPrecise(text.to_owned())
            } else {
                AmountError::TooLarge(text.to_owned())
            }
        })?;
        Self::from_decimal(value)
    }
}

fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.to_decimal().fmt(f)
    }
}

/// A decimal of 万元 from a number of fen, without trailing zeros or exponent.
pub fn fen_to_decimal(fen: i64) -> Decimal {
    Decimal::new(fen, SCALE).normalize()
}

/// An optional stored amount as a decimal (`None` stays unknown).
pub fn opt_decimal(fen: Option<i64>) -> Option<Decimal> {
    fen.map(fen_to_decimal)
}

/// A sum computed in SQL from two integer parts so that it cannot overflow a 64-bit integer and
/// comes back identical from SQLite and PostgreSQL: the whole 万元 of every amount and the leftover
/// fen are summed separately (`SUM(fen / 1000000)`, `SUM(fen % 1000000)`) and joined here in
/// decimal arithmetic.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExactSum {
    /// Sum of whole 万元.
    pub whole_wan: i64,
    /// Sum of leftover fen.
    pub rest_fen: i64,
}

impl ExactSum {
    /// The sum in 万元; an empty sum (both parts NULL) is zero.
    pub fn from_parts(whole_wan: Option<i64>, rest_fen: Option<i64>) -> Self {
        Self {
            whole_wan: whole_wan.unwrap_or(0),
            rest_fen: rest_fen.unwrap_or(0),
        }
    }

    /// The exact decimal value in 万元.
    pub fn to_decimal(self) -> Decimal {
        (Decimal::from(self.whole_wan) + Decimal::new(self.rest_fen, SCALE)).normalize()
    }
}

/// A sum of amounts that may be unknown: the known part and how many were unknown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartialSum {
    /// Sum of the known amounts, in 万元.
    pub known: Decimal,
    /// How many amounts were unknown (待定) and left out of `known`.
    pub unknown_count: i64,
}

/// Land area in 亩, held like money in millionths so that it is exact.
pub fn parse_area(text: &str) -> Result<i64, AmountError> {
    text.parse::<Amount>().map(Amount::fen)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amount(text: &str) -> Result<Amount, AmountError> {
        text.parse()
    }

    #[test]
    fn parses_plain_decimals_exactly() -> Result<(), AmountError> {
        assert_eq!(amount("11406800")?.fen(), 11_406_800_000_000);
        assert_eq!(amount("0.3")?.fen(), 300_000);
        assert_eq!(amount("1234.567891")?.fen(), 1_234_567_891);
        assert_eq!(amount("9999999999.999999")?.fen(), MAX_FEN);
        assert_eq!(amount("0.100000")?.fen(), 100_000);
        assert_eq!(amount("0")?.fen(), 0);
        Ok(())
    }

    #[test]
    fn prints_without_trailing_zeros_or_exponent() -> Result<(), AmountError> {
        assert_eq!(amount("11406800")?.to_string(), "11406800");
        assert_eq!(amount("0.30")?.to_string(), "0.3");
        assert_eq!(amount("0.000001")?.to_string(), "0.000001");
        assert_eq!(
            amount("9999999999.999999")?.to_string(),
            "9999999999.999999"
        );
        Ok(())
    }

    #[test]
    fn refuses_what_it_would_have_to_guess() {
        assert!(matches!(
            amount("1.0000001"),
            Err(AmountError::TooPrecise(_))
        ));
        assert!(matches!(amount("-1"), Err(AmountError::Negative(_))));
        assert!(matches!(
            amount("10000000000"),
            Err(AmountError::TooLarge(_))
        ));
        for bad in [
            "", "1e5", "1,000", " 1", "+1", "1.", ".5", "待定", "NaN", "0x10",
        ] {
            assert!(
                matches!(amount(bad), Err(AmountError::Syntax(_))),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn exact_sum_joins_parts_without_loss() {
        let sum = ExactSum::from_parts(Some(9_999_999_999 * 3), Some(999_999 * 3));
        assert_eq!(sum.to_decimal().to_string(), "29999999999.999997");
        assert_eq!(ExactSum::from_parts(None, None).to_decimal(), Decimal::ZERO);
    }
}
