//! The conventions of the printed indicator tables, decoded once into meaning: `[24]` an increase
//! over the window, `—` not applicable, `-` not available, an empty cell, `(not printed)` for a
//! column the table does not have, `110（累计）` a cumulative total, `≥73` a floor, `100%` a
//! percentage, a number, and words.

use crate::indicator::figure;

/// A column the table does not have.
pub(super) const NOT_PRINTED: &str = "(not printed)";
/// Why a figure is unknown, for each blank convention.
pub const REASON_NOT_APPLICABLE: &str = "printed “—”: not applicable";
/// `-` in a figure's cell.
pub const REASON_NOT_AVAILABLE: &str = "printed “-”: not available";
/// An empty cell.
pub const REASON_EMPTY: &str = "the cell is empty in the document";
/// A column the table does not have.
pub const REASON_NOT_PRINTED: &str = "the table has no such column";

/// A printed cell, decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Cell {
    /// A plain number.
    Value(i64),
    /// `x%`.
    Percent(i64),
    /// `≥x`: a floor.
    Minimum(i64),
    /// `x（累计）`: a total over the window.
    Cumulative(i64),
    /// `[x]`: an increase over the window.
    Increase(i64),
    /// A blank, with the reason its convention means.
    Blank(&'static str),
    /// Words.
    Words(String),
}

impl std::fmt::Display for Cell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = |m: &i64| figure::from_micro(*m);
        match self {
            Cell::Value(v) => write!(f, "the number {}", n(v)),
            Cell::Percent(v) => write!(f, "the percentage {}%", n(v)),
            Cell::Minimum(v) => write!(f, "the floor ≥{}", n(v)),
            Cell::Cumulative(v) => write!(f, "the cumulative total {}（累计）", n(v)),
            Cell::Increase(v) => write!(f, "the increase [{}]", n(v)),
            Cell::Blank(reason) => write!(f, "a blank ({reason})"),
            Cell::Words(w) => write!(f, "the words `{w}`"),
        }
    }
}

/// Decodes one printed cell; a number with more than six decimals is an error, never rounded.
pub(super) fn decode(text: &str) -> Result<Cell, String> {
    let number = |t: &str| figure::parse(t).map_err(|e| e.to_string());
    Ok(match text {
        "—" => Cell::Blank(REASON_NOT_APPLICABLE),
        "-" => Cell::Blank(REASON_NOT_AVAILABLE),
        "" => Cell::Blank(REASON_EMPTY),
        NOT_PRINTED => Cell::Blank(REASON_NOT_PRINTED),
        t if t.starts_with('[') && t.ends_with(']') => Cell::Increase(number(&t[1..t.len() - 1])?),
        t if t.ends_with("（累计）") => {
            Cell::Cumulative(number(t.trim_end_matches("（累计）"))?)
        }
        t if t.starts_with('≥') => Cell::Minimum(number(t.trim_start_matches('≥'))?),
        t if t.ends_with('%') => Cell::Percent(number(t.trim_end_matches('%'))?),
        t if t.starts_with(|c: char| c.is_ascii_digit() || c == '-') => Cell::Value(number(t)?),
        t => Cell::Words(t.to_owned()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_conventions_decode_to_meaning() {
        assert_eq!(decode("[24]"), Ok(Cell::Increase(24_000_000)));
        assert_eq!(decode("[0.65]"), Ok(Cell::Increase(650_000)));
        assert_eq!(decode("110（累计）"), Ok(Cell::Cumulative(110_000_000)));
        assert_eq!(decode("≥0.9"), Ok(Cell::Minimum(900_000)));
        assert_eq!(decode("100%"), Ok(Cell::Percent(100_000_000)));
        assert_eq!(decode("-12.4"), Ok(Cell::Value(-12_400_000)));
        assert_eq!(decode("—"), Ok(Cell::Blank(REASON_NOT_APPLICABLE)));
        assert_eq!(decode("-"), Ok(Cell::Blank(REASON_NOT_AVAILABLE)));
        assert_eq!(decode(""), Ok(Cell::Blank(REASON_EMPTY)));
        assert_eq!(decode(NOT_PRINTED), Ok(Cell::Blank(REASON_NOT_PRINTED)));
        assert_eq!(
            decode("所有规上企业"),
            Ok(Cell::Words("所有规上企业".into()))
        );
        assert!(decode("1.0000001").is_err());
        assert!(decode("[x]").is_err());
    }
}
