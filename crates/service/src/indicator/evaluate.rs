//! Progress towards a target and the grade of an indicator, in the words of China's mid-term
//! reviews, from the actuals recorded up to a year.
//!
//! The actual that decides is the latest one recorded for a year after the baseline year (and no
//! later than the year asked about). The rules, in order:
//! 1. A target in words (or no target): `AHEAD` when that actual says it was met, `LAGGING` when
//!    it says not met, else `NOT_MEASURABLE`.
//! 2. No such actual, or its value cannot be measured: `NOT_MEASURABLE`.
//! 3. The target is reached (a higher-is-better value at or above it, a lower-is-better one at
//!    or below it, a cumulative sum at or above it): `AHEAD` (提前实现).
//! 4. The actual is of the target year and the target is not reached: `LAGGING` (滞后).
//! 5. The baseline is unknown, so progress cannot be computed: `NOT_MEASURABLE`.
//! 6. Progress against the elapsed share: more than 10 points ahead `FASTER_THAN_EXPECTED`
//!    (快于预期), more than 10 points behind `LAGGING`, otherwise `ON_TRACK` (基本符合预期).

use rust_decimal::Decimal;

use super::growth::{TOLERANCE, annual_growth, round_ratio};
use super::{Actual, Direction, Indicator, Kind, text_enum};

text_enum!(
    /// How an indicator stands against its target.
    Grade {
        /// 提前实现: the target is reached already.
        Ahead = "AHEAD",
        /// 快于预期: progress more than 10 points ahead of the elapsed share.
        FasterThanExpected = "FASTER_THAN_EXPECTED",
        /// 基本符合预期: progress within 10 points of the elapsed share.
        OnTrack = "ON_TRACK",
        /// 滞后: progress more than 10 points behind, or the window over and the target missed.
        Lagging = "LAGGING",
        /// The figures needed are not known.
        NotMeasurable = "NOT_MEASURABLE",
    }
);

/// The derived figures of an indicator as of a year, with its grade and the reason for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evaluation {
    /// The year asked about (`None`: every actual recorded).
    pub as_of_year: Option<i32>,
    /// The actual that decides (the latest after the baseline year), if any.
    pub latest: Option<Actual>,
    /// `(target / baseline)^(1/n) − 1`.
    pub required_growth: Option<Decimal>,
    /// `(latest / baseline)^(1/m) − 1`.
    pub achieved_growth: Option<Decimal>,
    /// For a cumulative target: the sum of the known actuals of the window so far.
    pub running_sum: Option<Decimal>,
    /// `(latest − baseline) / (target − baseline)`, or running sum / target.
    pub progress: Option<Decimal>,
    /// `(latest's year − baseline year) / n`.
    pub elapsed_share: Option<Decimal>,
    /// Target year − the year asked about (or the latest actual's, or the baseline's), ≥ 0.
    pub years_left: i32,
    /// The grade.
    pub grade: Grade,
    /// The rule that gave the grade, with the figures it used.
    pub reason: String,
}

fn growth_kind(kind: Kind) -> bool {
    matches!(kind, Kind::Level | Kind::Share | Kind::Index)
}

fn reached(direction: Direction, value: Decimal, target: Decimal) -> bool {
    match direction {
        Direction::Higher => value >= target,
        Direction::Lower => value <= target,
    }
}

/// Evaluates `indicator` from its actuals up to `as_of` (all of them when `None`).
pub fn evaluate(indicator: &Indicator, as_of: Option<i32>) -> Evaluation {
    let ind = indicator;
    let n = ind.target_year - ind.baseline_year;
    let window: Vec<&Actual> = ind
        .actuals
        .iter()
        .filter(|a| a.year > ind.baseline_year && as_of.is_none_or(|y| a.year <= y))
        .collect();
    let latest = window.last().copied();
    let reference = as_of
        .or(latest.map(|a| a.year))
        .unwrap_or(ind.baseline_year);
    let required_growth = match (growth_kind(ind.kind), ind.baseline, ind.target) {
        (true, Some(b), Some(t)) => annual_growth(b, t, n),
        _ => None,
    };
    let achieved_growth = match (growth_kind(ind.kind), ind.baseline, latest) {
        (true, Some(b), Some(a)) => a
            .value
            .and_then(|v| annual_growth(b, v, a.year - ind.baseline_year)),
        _ => None,
    };
    let running_sum = (ind.kind == Kind::Cumulative)
        .then(|| window.iter().filter_map(|a| a.value).sum::<Decimal>());
    let elapsed_share =
        latest.map(|a| round_ratio(Decimal::from(a.year - ind.baseline_year) / Decimal::from(n)));
    let progress = match (ind.kind, ind.target, latest.and_then(|a| a.value)) {
        (Kind::Cumulative, Some(t), Some(_)) if !t.is_zero() => {
            running_sum.map(|s| round_ratio(s / t))
        }
        (Kind::Cumulative, ..) => None,
        (_, Some(t), Some(v)) => ind
            .baseline
            .filter(|b| *b != t)
            .map(|b| round_ratio((v - b) / (t - b))),
        _ => None,
    };
    let (grade, reason) = grade(ind, latest, running_sum, progress, elapsed_share);
    Evaluation {
        as_of_year: as_of,
        latest: latest.cloned(),
        required_growth,
        achieved_growth,
        running_sum,
        progress,
        elapsed_share,
        years_left: (ind.target_year - reference).max(0),
        grade,
        reason,
    }
}

fn grade(
    ind: &Indicator,
    latest: Option<&Actual>,
    running_sum: Option<Decimal>,
    progress: Option<Decimal>,
    elapsed: Option<Decimal>,
) -> (Grade, String) {
    let Some(target) = ind.target else {
        let what = ind
            .target_text
            .as_deref()
            .map(|t| format!("target in words ({t})"))
            .or_else(|| {
                ind.target_unknown
                    .as_deref()
                    .map(|r| format!("no target ({r})"))
            })
            .unwrap_or_else(|| "no target".to_owned());
        return match latest.and_then(|a| a.met.map(|m| (a.year, m))) {
            Some((year, true)) => (
                Grade::Ahead,
                format!("{what}; the actual of {year} says met"),
            ),
            Some((year, false)) => (
                Grade::Lagging,
                format!("{what}; the actual of {year} says not met"),
            ),
            None => (
                Grade::NotMeasurable,
                format!("{what}; no recorded actual says whether it was met"),
            ),
        };
    };
    let Some(actual) = latest else {
        return (
            Grade::NotMeasurable,
            format!(
                "no actual recorded after the baseline year {}",
                ind.baseline_year
            ),
        );
    };
    let Some(value) = actual.value else {
        let why = actual.note.as_deref().unwrap_or("no reason given");
        return (
            Grade::NotMeasurable,
            format!("the actual of {} cannot be measured: {why}", actual.year),
        );
    };
    let (shown, measured) = match running_sum {
        Some(sum) => (format!("the sum of the actuals so far, {sum},"), sum),
        None => (format!("{value} in {}", actual.year), value),
    };
    if reached(ind.direction, measured, target) {
        return (Grade::Ahead, format!("{shown} reaches the target {target}"));
    }
    if actual.year >= ind.target_year {
        return (
            Grade::Lagging,
            format!("{shown} falls short of the target {target} in the target year"),
        );
    }
    let (Some(p), Some(e)) = (progress, elapsed) else {
        let why = ind
            .baseline_unknown
            .as_deref()
            .unwrap_or("baseline unknown");
        return (
            Grade::NotMeasurable,
            format!("progress cannot be computed: {why}"),
        );
    };
    let grade = if p > e + TOLERANCE {
        Grade::FasterThanExpected
    } else if p < e - TOLERANCE {
        Grade::Lagging
    } else {
        Grade::OnTrack
    };
    (
        grade,
        format!(
            "progress {p} against an elapsed share of {e} (ON_TRACK within ±{TOLERANCE}): {}",
            grade.as_str()
        ),
    )
}
