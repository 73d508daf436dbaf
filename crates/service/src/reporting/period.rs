//! Reporting periods: a calendar month (`YYYY-MM`), judged in the office's time zone.
//!
//! The office works on Beijing time, so "this month", a month's end and a return's deadline are
//! all read on a UTC+8 clock, whatever the server's own zone.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Offset, Utc};

use crate::{ServiceError, ServiceResult};

/// The office's clock: China Standard Time, UTC+8 all year.
pub fn office_zone() -> FixedOffset {
    // 8 hours is within FixedOffset's range, so this cannot fail; UTC is the fallback in name only.
    FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| Utc.fix())
}

/// A calendar month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    year: i32,
    month: u32,
}

impl Period {
    /// The month `month` (1-12) of `year` (2000-2100).
    pub fn new(year: i32, month: u32) -> Option<Self> {
        ((2000..=2100).contains(&year) && (1..=12).contains(&month)).then_some(Self { year, month })
    }

    /// The month `at` falls in on the office's clock.
    pub fn containing(at: DateTime<Utc>) -> Self {
        let local = at.with_timezone(&office_zone());
        Self {
            year: local.year(),
            month: local.month(),
        }
    }

    /// Parses `YYYY-MM`; `field` names the input in the error.
    pub fn parse(text: &str, field: &str) -> ServiceResult<Self> {
        text.parse().map_err(|()| {
            ServiceError::validation(
                field,
                format!("`{text}` is not a month: write it as YYYY-MM, e.g. 2026-11"),
            )
        })
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1-12.
    pub fn month(self) -> u32 {
        self.month
    }

    /// The month before.
    pub fn previous(self) -> Self {
        if self.month == 1 {
            Self {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Self {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    /// `n` months before.
    pub fn back(self, n: u32) -> Self {
        (0..n).fold(self, |p, _| p.previous())
    }

    /// December of the year before: the figure a year's completed investment is counted from.
    pub fn december_before(self) -> Self {
        Self {
            year: self.year - 1,
            month: 12,
        }
    }

    /// The month's first day.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// The month's last day.
    pub fn last_day(self) -> NaiveDate {
        let next = if self.month == 12 {
            NaiveDate::from_ymd_opt(self.year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(self.year, self.month + 1, 1)
        };
        next.and_then(|d| d.pred_opt()).unwrap_or(NaiveDate::MAX)
    }

    /// The day a return is due when the rules say `day`: that day, or the month's last day when
    /// the month is shorter.
    pub fn due_on(self, day: u32) -> NaiveDate {
        let last = self.last_day();
        NaiveDate::from_ymd_opt(self.year, self.month, day.min(last.day())).unwrap_or(last)
    }

    /// The moment a day ends on the office's clock.
    pub fn end_of(day: NaiveDate) -> DateTime<Utc> {
        day.succ_opt()
            .and_then(|next| next.and_hms_opt(0, 0, 0))
            .and_then(|midnight| midnight.and_local_timezone(office_zone()).single())
            .map_or(DateTime::<Utc>::MAX_UTC, |t| t.with_timezone(&Utc))
    }

    /// The moment the month ends.
    pub fn end(self) -> DateTime<Utc> {
        Self::end_of(self.last_day())
    }
}

impl FromStr for Period {
    type Err = ();

    fn from_str(text: &str) -> Result<Self, ()> {
        let bytes = text.as_bytes();
        if bytes.len() != 7 || bytes[4] != b'-' {
            return Err(());
        }
        let digits = |s: &str| -> Result<u32, ()> {
            if s.bytes().all(|b| b.is_ascii_digit()) {
                s.parse().map_err(|_| ())
            } else {
                Err(())
            }
        };
        let year = digits(&text[..4])?;
        let month = digits(&text[5..])?;
        Self::new(i32::try_from(year).map_err(|_| ())?, month).ok_or(())
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn p(text: &str) -> Period {
        text.parse().unwrap_or_else(|()| panic!("{text}"))
    }

    #[test]
    fn periods_are_strictly_yyyy_mm() {
        assert_eq!(p("2026-11").to_string(), "2026-11");
        for bad in [
            "2026-13",
            "2026-00",
            "2026-1",
            "26-11",
            "2026/11",
            "2026-1a",
            "１９９９-01",
            "",
        ] {
            assert!(bad.parse::<Period>().is_err(), "{bad}");
        }
        assert!("1999-12".parse::<Period>().is_err(), "before 2000");
    }

    #[test]
    fn months_step_back_across_years() {
        assert_eq!(p("2026-01").previous(), p("2025-12"));
        assert_eq!(p("2026-03").back(3), p("2025-12"));
        assert_eq!(p("2026-07").december_before(), p("2025-12"));
        assert!(p("2025-12") < p("2026-01"));
    }

    #[test]
    fn deadlines_fall_on_the_day_or_the_month_end() {
        assert_eq!(p("2026-02").due_on(25).to_string(), "2026-02-25");
        assert_eq!(p("2026-02").due_on(31).to_string(), "2026-02-28");
        assert_eq!(p("2024-02").last_day().to_string(), "2024-02-29");
        assert_eq!(p("2026-12").last_day().to_string(), "2026-12-31");
    }

    #[test]
    fn days_end_at_midnight_beijing_time() {
        let end = Period::end_of(p("2026-11").due_on(25));
        assert_eq!(end.to_rfc3339(), "2026-11-25T16:00:00+00:00");
        // 23:30 UTC on 30 November is already December in Beijing.
        let late = Utc.with_ymd_and_hms(2026, 11, 30, 23, 30, 0).single();
        assert_eq!(late.map(Period::containing), Some(p("2026-12")));
    }
}
