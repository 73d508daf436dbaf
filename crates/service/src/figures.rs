//! The figures a project or a phase carries: its construction period and its amounts.
//!
//! One rule set for every way figures arrive: a manager's write, the seed files and the synthetic
//! generator all build a [`Figures`] through [`Figures::new`] (or [`Figures::apply`]), so a year
//! outside 1949-2100, a period that ends before it starts, an amount finer than one fen or a
//! 14th-FYP amount above the total is refused in the same words everywhere. Unknown (待定) is
//! `None` throughout and is never replaced by zero.

use std::fmt;

use entity::{phase, project};
use rust_decimal::Decimal;

use crate::ServiceError;
use crate::money::{Amount, AmountError};

/// How an unknown period or amount is written in the document and the seed files.
pub const UNKNOWN: &str = "待定";

/// The earliest and latest years a period may name.
pub const YEARS: std::ops::RangeInclusive<i32> = 1949..=2100;

/// Why figures are refused. Each names the input field at fault, in the API's naming.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FigureError {
    /// A year outside [`YEARS`].
    #[error("{year} is not a plausible year (1949-2100)")]
    Year {
        /// `startYear` or `endYear`.
        field: &'static str,
        /// The year given.
        year: i32,
    },
    /// The period ends before it starts.
    #[error("the period {start}-{end} ends before it starts")]
    Reversed {
        /// Start year.
        start: i32,
        /// End year.
        end: i32,
    },
    /// A period text that is neither `YYYY-YYYY` nor 待定.
    #[error("period `{0}` is neither YYYY-YYYY nor 待定")]
    PeriodSyntax(String),
    /// An amount that is not an amount of 万元.
    #[error("{source}")]
    Amount {
        /// `totalInvestment` or `fypInvestment`.
        field: &'static str,
        /// What is wrong with it.
        source: AmountError,
    },
    /// The 14th-FYP investment exceeds the total.
    #[error("14th-FYP investment exceeds the total investment")]
    FypAboveTotal,
}

impl FigureError {
    /// The input field at fault.
    pub fn field(&self) -> &'static str {
        match self {
            Self::Year { field, .. } | Self::Amount { field, .. } => field,
            Self::Reversed { .. } => "endYear",
            Self::PeriodSyntax(_) => "period",
            Self::FypAboveTotal => "fypInvestment",
        }
    }
}

impl From<FigureError> for ServiceError {
    fn from(err: FigureError) -> Self {
        ServiceError::validation(err.field(), err.to_string())
    }
}

/// A construction period; either end may be unknown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Period {
    /// Start year.
    pub start: Option<i32>,
    /// End year.
    pub end: Option<i32>,
}

impl Period {
    /// A checked period: plausible years, start ≤ end.
    pub fn new(start: Option<i32>, end: Option<i32>) -> Result<Self, FigureError> {
        for (field, year) in [("startYear", start), ("endYear", end)] {
            if let Some(year) = year
                && !YEARS.contains(&year)
            {
                return Err(FigureError::Year { field, year });
            }
        }
        if let (Some(start), Some(end)) = (start, end)
            && start > end
        {
            return Err(FigureError::Reversed { start, end });
        }
        Ok(Self { start, end })
    }

    /// Parses `YYYY-YYYY` or 待定 (and, when `empty_is_unknown`, an empty text).
    pub fn parse(text: &str, empty_is_unknown: bool) -> Result<Self, FigureError> {
        if text == UNKNOWN || (empty_is_unknown && text.is_empty()) {
            return Ok(Self::default());
        }
        let year = |y: &str| {
            (y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
                .then(|| y.parse::<i32>().ok())
                .flatten()
        };
        let (start, end) = text
            .split_once('-')
            .and_then(|(s, e)| Some((year(s)?, year(e)?)))
            .ok_or_else(|| FigureError::PeriodSyntax(text.to_owned()))?;
        Self::new(Some(start), Some(end))
    }

    /// Whether the period is known to overlap the years `window` (inclusive).
    pub fn overlaps(self, window: (i32, i32)) -> Option<bool> {
        Some(self.start? <= window.1 && self.end? >= window.0)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.start, self.end) {
            (Some(s), Some(e)) => write!(f, "{s}-{e}"),
            (None, None) => f.write_str(UNKNOWN),
            (s, e) => {
                let year = |y: Option<i32>| y.map_or_else(|| UNKNOWN.to_owned(), |y| y.to_string());
                write!(f, "{}-{}", year(s), year(e))
            }
        }
    }
}

/// Period and amounts, checked together.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Figures {
    /// Construction period.
    pub period: Period,
    /// Total investment; `None` is unknown.
    pub total: Option<Amount>,
    /// Investment inside the plan window; `None` is unknown.
    pub fyp: Option<Amount>,
}

/// Requested changes to figures: `None` keeps a value, `Some(None)` makes it unknown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FigureChanges {
    /// Start year.
    pub start_year: Option<Option<i32>>,
    /// End year.
    pub end_year: Option<Option<i32>>,
    /// Total investment (万元).
    pub total_investment: Option<Option<Decimal>>,
    /// 14th-FYP investment (万元).
    pub fyp_investment: Option<Option<Decimal>>,
}

impl Figures {
    /// Checked figures: the period's rules and 14th-FYP ≤ total when both are known.
    pub fn new(
        period: Period,
        total: Option<Amount>,
        fyp: Option<Amount>,
    ) -> Result<Self, FigureError> {
        let period = Period::new(period.start, period.end)?;
        if let (Some(total), Some(fyp)) = (total, fyp)
            && fyp > total
        {
            return Err(FigureError::FypAboveTotal);
        }
        Ok(Self { period, total, fyp })
    }

    /// The figures after `changes`, checked as a whole.
    pub fn apply(self, changes: FigureChanges) -> Result<Self, FigureError> {
        let amount = |field, value: Option<Decimal>| {
            value
                .map(|v| {
                    Amount::from_decimal(v).map_err(|source| FigureError::Amount { field, source })
                })
                .transpose()
        };
        let total = match changes.total_investment {
            Some(v) => amount("totalInvestment", v)?,
            None => self.total,
        };
        let fyp = match changes.fyp_investment {
            Some(v) => amount("fypInvestment", v)?,
            None => self.fyp,
        };
        let period = Period {
            start: changes.start_year.unwrap_or(self.period.start),
            end: changes.end_year.unwrap_or(self.period.end),
        };
        Self::new(period, total, fyp)
    }
}

/// Rows that carry figures in their columns (projects and phases), read and written as one.
pub trait HasFigures {
    /// The row's figures as stored (checked when they were written).
    fn figures(&self) -> Figures;
    /// Writes `figures` into the row's columns.
    fn set_figures(&mut self, figures: Figures);
}

macro_rules! has_figures {
    ($model:ty) => {
        impl HasFigures for $model {
            fn figures(&self) -> Figures {
                Figures {
                    period: Period {
                        start: self.start_year,
                        end: self.end_year,
                    },
                    total: self.total_investment_fen.and_then(Amount::from_fen),
                    fyp: self.fyp_investment_fen.and_then(Amount::from_fen),
                }
            }

            fn set_figures(&mut self, figures: Figures) {
                self.start_year = figures.period.start;
                self.end_year = figures.period.end;
                self.total_investment_fen = figures.total.map(Amount::fen);
                self.fyp_investment_fen = figures.fyp.map(Amount::fen);
            }
        }
    };
}

has_figures!(project::Model);
has_figures!(phase::Model);

/// A percentage from 0 to 100 with at most two decimals, as basis points (the form percentages
/// and percentage points are stored in); `field` names the input in the error.
pub fn percent_bp(field: &str, value: Decimal) -> Result<i32, ServiceError> {
    let value = value.normalize();
    if value.is_sign_negative() || value > Decimal::ONE_HUNDRED || value.scale() > 2 {
        return Err(ServiceError::validation(
            field,
            "a percentage from 0 to 100 with at most two decimals",
        ));
    }
    i32::try_from((value * Decimal::ONE_HUNDRED).trunc().mantissa())
        .map_err(|_| ServiceError::validation(field, "out of range"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wan(text: &str) -> Option<Amount> {
        text.parse().ok()
    }

    #[test]
    fn periods_parse_as_printed() {
        assert_eq!(
            Period::parse("2020-2022", false),
            Ok(Period {
                start: Some(2020),
                end: Some(2022)
            })
        );
        assert_eq!(Period::parse("待定", false), Ok(Period::default()));
        assert_eq!(Period::parse("", true), Ok(Period::default()));
        for bad in ["", "2020", "20-2022", "2020—2022", "2020-22", "abcd-efgh"] {
            assert_eq!(
                Period::parse(bad, false),
                Err(FigureError::PeriodSyntax(bad.to_owned())),
                "{bad:?}"
            );
        }
        assert_eq!(
            Period::parse("2022-2020", false),
            Err(FigureError::Reversed {
                start: 2022,
                end: 2020
            })
        );
    }

    #[test]
    fn years_must_be_plausible() {
        assert_eq!(
            Period::new(Some(1948), None),
            Err(FigureError::Year {
                field: "startYear",
                year: 1948
            })
        );
        assert_eq!(
            Period::new(Some(2020), Some(2101)).map_err(|e| e.field()),
            Err("endYear")
        );
        assert!(Period::new(Some(1949), Some(2100)).is_ok());
    }

    #[test]
    fn the_fyp_amount_never_exceeds_the_total() {
        let period = Period::default();
        assert_eq!(
            Figures::new(period, wan("10"), wan("12")),
            Err(FigureError::FypAboveTotal)
        );
        assert!(Figures::new(period, wan("10"), wan("10")).is_ok());
        // Unknown on either side cannot be compared, so it is accepted as unknown.
        assert!(Figures::new(period, None, wan("12")).is_ok());
        assert!(Figures::new(period, wan("10"), None).is_ok());
    }

    #[test]
    fn changes_keep_what_they_do_not_name_and_check_the_whole() -> Result<(), FigureError> {
        let figures = Figures::new(
            Period::parse("2021-2025", false)?,
            wan("11700"),
            wan("6200"),
        )?;
        let kept = figures.apply(FigureChanges::default())?;
        assert_eq!(kept, figures);
        let unknown_total = figures.apply(FigureChanges {
            total_investment: Some(None),
            ..Default::default()
        })?;
        assert_eq!(unknown_total.total, None);
        assert_eq!(unknown_total.fyp, wan("6200"));
        let too_much = figures.apply(FigureChanges {
            fyp_investment: Some(Some(Decimal::new(11701, 0))),
            ..Default::default()
        });
        assert_eq!(too_much, Err(FigureError::FypAboveTotal));
        let too_fine = figures.apply(FigureChanges {
            total_investment: Some(Some(Decimal::new(1, 7))),
            ..Default::default()
        });
        assert_eq!(too_fine.map_err(|e| e.field()), Err("totalInvestment"));
        let reversed = figures.apply(FigureChanges {
            start_year: Some(Some(2026)),
            ..Default::default()
        });
        assert_eq!(reversed.map_err(|e| e.field()), Err("endYear"));
        Ok(())
    }
}
