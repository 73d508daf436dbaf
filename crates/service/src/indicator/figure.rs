//! Exact figures of indicators, stored as integers of millionths of the printed unit.
//!
//! Every value the tables print (285, 0.372, -12.4, 29.86) has at most three decimals, so 10^-6
//! holds each exactly with room to spare; a recorded value with more decimals is refused, never
//! rounded. Unlike money, a figure may be negative (growth rates such as -12.4 %).

use std::str::FromStr;

use rust_decimal::Decimal;

/// Millionths per unit.
pub const MICRO: i64 = 1_000_000;
/// Decimal places a figure holds.
pub const SCALE: u32 = 6;
/// The largest magnitude held, 9,999,999,999.999999, in millionths.
pub const MAX_MICRO: i64 = 9_999_999_999_999_999;

/// Why a text or decimal is not a figure.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FigureError {
    /// Not a plain decimal number.
    #[error("`{0}` is not a plain decimal number (write it like \"12.5\" or \"-4.85\")")]
    Syntax(String),
    /// More decimals than stored.
    #[error("`{0}` has more than six decimals; it would have to be rounded")]
    TooPrecise(String),
    /// Beyond the range held.
    #[error("`{0}` is beyond the largest figure held, 9999999999.999999")]
    TooLarge(String),
}

/// A decimal figure as stored millionths, exactly.
pub fn to_micro(value: Decimal) -> Result<i64, FigureError> {
    let shown = value.to_string();
    let value = value.normalize();
    if value.scale() > SCALE {
        return Err(FigureError::TooPrecise(shown));
    }
    value
        .mantissa()
        .checked_mul(10i128.pow(SCALE - value.scale()))
        .and_then(|m| i64::try_from(m).ok())
        .filter(|m| m.abs() <= MAX_MICRO)
        .ok_or(FigureError::TooLarge(shown))
}

/// Stored millionths as a decimal without trailing zeros.
pub fn from_micro(micro: i64) -> Decimal {
    Decimal::new(micro, SCALE).normalize()
}

/// An optional stored figure as a decimal.
pub fn opt(micro: Option<i64>) -> Option<Decimal> {
    micro.map(from_micro)
}

/// Parses a plain decimal (`"51.19"`, `"-12.4"`): no exponent, separators, spaces or `+`.
pub fn parse(text: &str) -> Result<i64, FigureError> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let is_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let plain = match digits.split_once('.') {
        Some((int, frac)) => is_digits(int) && is_digits(frac),
        None => is_digits(digits),
    };
    if !plain {
        return Err(FigureError::Syntax(text.to_owned()));
    }
    let value = Decimal::from_str(text).map_err(|_| FigureError::TooLarge(text.to_owned()))?;
    if digits.split_once('.').is_some_and(|(_, f)| f.len() > 20) {
        return Err(FigureError::TooPrecise(text.to_owned()));
    }
    to_micro(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_figures_are_held_exactly() -> Result<(), FigureError> {
        assert_eq!(parse("51.19")?, 51_190_000);
        assert_eq!(parse("0.372")?, 372_000);
        assert_eq!(parse("-12.4")?, -12_400_000);
        assert_eq!(parse("285")?, 285_000_000);
        assert_eq!(from_micro(parse("29.460")?).to_string(), "29.46");
        assert_eq!(from_micro(-4_850_000).to_string(), "-4.85");
        Ok(())
    }

    #[test]
    fn what_would_need_guessing_is_refused() {
        assert!(matches!(
            parse("1.0000001"),
            Err(FigureError::TooPrecise(_))
        ));
        assert!(matches!(
            parse("10000000000"),
            Err(FigureError::TooLarge(_))
        ));
        for bad in ["", "1e5", "+1", "1,5", " 1", "—", "-", "[24]", "100%", "1."] {
            assert!(matches!(parse(bad), Err(FigureError::Syntax(_))), "{bad:?}");
        }
    }
}
