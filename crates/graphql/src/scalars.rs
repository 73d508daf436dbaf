//! The `Decimal` scalar: exact amounts as strings, never through a float.

use std::str::FromStr;

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};

/// An exact decimal number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decimal(pub rust_decimal::Decimal);

/// Accepts a plain decimal string or an integer literal; refuses float literals, which a client
/// or JSON parser may already have rounded.
#[Scalar(
    name = "Decimal",
    specified_by_url = "https://en.wikipedia.org/wiki/Decimal_data_type"
)]
impl ScalarType for Decimal {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(text) => parse_plain(text)
                .map(Decimal)
                .ok_or_else(|| InputValueError::custom(format!(
                    "`{text}` is not a plain decimal number; write it like \"1234.5\" (no exponent, separators or spaces)"
                ))),
            Value::Number(n) => match (n.as_i64(), n.as_u64()) {
                (Some(i), _) => Ok(Decimal(rust_decimal::Decimal::from(i))),
                (None, Some(u)) => Ok(Decimal(rust_decimal::Decimal::from(u))),
                _ => Err(InputValueError::custom(format!(
                    "{n} is a floating-point number, which may already have been rounded; write the amount as a string, e.g. \"{n}\""
                ))),
            },
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn is_valid(value: &Value) -> bool {
        matches!(value, Value::String(_) | Value::Number(_))
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.normalize().to_string())
    }
}

fn parse_plain(text: &str) -> Option<rust_decimal::Decimal> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "0"));
    let plain = !int.is_empty()
        && !frac.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit());
    if plain {
        rust_decimal::Decimal::from_str_exact(text)
            .or_else(|_| rust_decimal::Decimal::from_str(text))
            .ok()
    } else {
        None
    }
}

impl From<rust_decimal::Decimal> for Decimal {
    fn from(value: rust_decimal::Decimal) -> Self {
        Self(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_and_integers_parse_floats_do_not() {
        let ok = |v: Value| Decimal::parse(v).map(|d| d.0.to_string()).ok();
        assert_eq!(ok(Value::String("0.3".into())), Some("0.3".into()));
        assert_eq!(ok(Value::from(42)), Some("42".into()));
        assert_eq!(ok(Value::String("1e5".into())), None);
        assert_eq!(ok(Value::String("1,000".into())), None);
        let float = Value::Number(async_graphql::Number::from_f64(0.3).unwrap_or(0.into()));
        let message = Decimal::parse(float)
            .err()
            .map(|e| e.into_server_error(Default::default()).message);
        assert!(
            message
                .unwrap_or_default()
                .contains("write the amount as a string")
        );
    }

    #[test]
    fn output_is_plain_without_trailing_zeros() {
        let out = |s: &str| Decimal(s.parse().unwrap_or_default()).to_value();
        assert_eq!(out("11406800.000000"), Value::String("11406800".into()));
        assert_eq!(out("0.30"), Value::String("0.3".into()));
    }
}
