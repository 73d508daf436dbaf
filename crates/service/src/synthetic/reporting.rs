//! Synthetic reporting cycles: for a generated project, its annual plan for [`YEAR`] and its
//! monthly returns from December of the year before to November, as the office and the
//! project's unit would have entered them (the same checks as `setAnnualPlan` and
//! `submitMonthlyReturn`: no plan or return before the start year, rising quarterly targets,
//! cumulative figures that never fall, a comment on every return sent back).
//!
//! The spread is chosen so that November's lights come out mixed as on a real list: most
//! projects on schedule, some behind, a few far behind, late to start or silent, and some that
//! cannot be judged (an unknown amount, a return sent back, a missing December figure).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use entity::{ProjectStatus, annual_plan, monthly_return};

use super::{ACTOR, Rng};
use crate::money::FEN_PER_WAN;
use crate::reporting::annual_plan::{SHARE_DENOMINATOR, expected_share};
use crate::reporting::monthly_return::ReturnStatus;
use crate::reporting::period::{Period, office_zone};

/// The year planned.
pub const YEAR: i32 = 2026;
/// The last month returned: the benchmarks read its lights.
pub const LAST_MONTH: u32 = 11;

/// The months returns are generated for, oldest first: December of the year before, then
/// January to [`LAST_MONTH`].
pub fn months() -> Vec<Period> {
    let december = Period::new(YEAR - 1, 12);
    december
        .into_iter()
        .chain((1..=LAST_MONTH).filter_map(|m| Period::new(YEAR, m)))
        .collect()
}

/// What the reporting cycle needs to know of a generated project.
pub(super) struct ProjectFacts {
    pub status: ProjectStatus,
    pub start_year: Option<i32>,
    pub end_year: Option<i32>,
    pub total_fen: Option<i64>,
    /// The cumulative figure of the project's latest generated progress report (0 without):
    /// returns never report less, as `submitMonthlyReturn` would refuse.
    pub ledger_fen: i64,
}

/// A project's plan and returns; `project_id` is 0 until the project is written.
pub(super) struct Cycle {
    pub plan: annual_plan::Model,
    pub returns: Vec<monthly_return::Model>,
}

const TARGETS: [&str; 6] = [
    "主体结构封顶",
    "完成设备安装调试",
    "部分建成投产",
    "完成竣工验收",
    "完成场地平整及桩基工程",
    "完成年度投资计划",
];
const EARLY_TARGETS: [&str; 3] = [
    "完成前期审批手续，力争开工",
    "完成土地摘牌及施工图审查",
    "完成项目备案及环评批复",
];
const PROGRESS: [&str; 8] = [
    "桩基施工中",
    "主体结构施工",
    "钢结构吊装",
    "设备安装调试",
    "室内外装修",
    "管网铺设",
    "场地平整",
    "附属设施建设",
];
const EARLY_PROGRESS: [&str; 4] = ["办理前期手续", "施工图设计中", "土地征收中", "招投标准备"];
const NEXT_STEPS: [&str; 4] = [
    "加快施工进度，确保按期完成年度计划",
    "推进设备采购及进场",
    "协调要素保障，落实施工力量",
    "完成节点验收",
];
const PROBLEMS: [&str; 4] = [
    "用地指标尚未落实",
    "资金到位不足",
    "政策处理进度滞后",
    "施工许可审批中",
];
const REVIEW_COMMENTS: [&str; 3] = [
    "本月完成投资与形象进度不符，请核实后重新报送",
    "形象进度描述不全，请补充主要节点",
    "累计完成投资与财务口径不一致，请说明",
];

/// A moment on the office's clock.
fn office_time(day: NaiveDate, minute_of_day: u32) -> DateTime<Utc> {
    day.and_hms_opt(minute_of_day / 60 % 24, minute_of_day % 60, 0)
        .and_then(|t| t.and_local_timezone(office_zone()).single())
        .map_or(DateTime::<Utc>::MIN_UTC, |t| t.with_timezone(&Utc))
}

/// Rounds fen down to a hundredth of a 万元, as returns are usually written.
fn to_cents_of_wan(fen: i64) -> i64 {
    fen - fen.rem_euclid(FEN_PER_WAN / 100)
}

fn plan(rng: &mut Rng, facts: &ProjectFacts) -> annual_plan::Model {
    // A share of the total for the year, or an amount of its own when the total is unknown;
    // now and then the office has no figure yet.
    let planned = if rng.chance(2) {
        None
    } else {
        let wan = match facts.total_fen {
            Some(total) => total / FEN_PER_WAN / 100 * (4 + rng.below(30) as i64),
            None => 200 + rng.below(50_000) as i64,
        };
        Some(wan.max(10) * FEN_PER_WAN)
    };
    let quarters = rng.chance(30).then(|| {
        let q1 = 1_000 + rng.below(1_501) as i32;
        let q2 = q1 + 1_500 + rng.below(2_001) as i32;
        let q3 = (q2 + 1_500 + rng.below(2_001) as i32).min(9_500);
        [q1, q2, q3]
    });
    let start =
        (facts.status == ProjectStatus::Planned && rng.chance(8)).then(|| 1 + rng.below(12) as i32);
    let completion = (facts.end_year == Some(YEAR) && rng.chance(60))
        .then(|| {
            let first = start.unwrap_or(1);
            first + rng.below((13 - first) as u64) as i32
        })
        .filter(|c| (1..=12).contains(c));
    let target = rng.chance(70).then(|| {
        if facts.status == ProjectStatus::Planned {
            rng.pick(&EARLY_TARGETS).to_owned()
        } else {
            rng.pick(&TARGETS).to_owned()
        }
    });
    let set_on = NaiveDate::from_ymd_opt(YEAR, 1, 5 + rng.below(20) as u32).unwrap_or_default();
    let at = office_time(set_on, 9 * 60 + rng.below(8 * 60) as u32);
    annual_plan::Model {
        id: 0,
        project_id: 0,
        year: YEAR,
        planned_investment_fen: planned,
        planned_start_month: start,
        planned_completion_month: completion,
        target_progress: target,
        q1_share_bp: quarters.map(|q| q[0]),
        q2_share_bp: quarters.map(|q| q[1]),
        q3_share_bp: quarters.map(|q| q[2]),
        version: 1,
        updated_by: ACTOR.to_owned(),
        created_at: at,
        updated_at: at,
    }
}

/// The review a return of `month` has had by the generation's end: older months are nearly
/// all approved, the latest ones are still being reviewed.
fn review_status(rng: &mut Rng, month: Period) -> ReturnStatus {
    let months_ago = if month.year() < YEAR {
        u32::MAX
    } else {
        LAST_MONTH.saturating_sub(month.month())
    };
    // In thousandths.
    let (approved, submitted) = match months_ago {
        0 => (450, 535),
        1 => (850, 140),
        _ => (990, 5),
    };
    match rng.below(1_000) {
        n if n < approved => ReturnStatus::Approved,
        n if n < approved + submitted => ReturnStatus::Submitted,
        _ => ReturnStatus::Returned,
    }
}

/// The project's plan for [`YEAR`] and its returns, or `None` when it has no plan: it starts
/// later, or it was completed or cancelled before the year (most such projects).
pub(super) fn generate(rng: &mut Rng, facts: &ProjectFacts) -> Option<Cycle> {
    if facts.start_year.is_some_and(|s| s > YEAR) {
        return None;
    }
    if matches!(
        facts.status,
        ProjectStatus::Completed | ProjectStatus::Cancelled
    ) && !rng.chance(15)
    {
        return None;
    }
    let plan = plan(rng, facts);
    let plan_fen = plan.planned_investment_fen.unwrap_or(1_000 * FEN_PER_WAN);
    // How the project keeps to its schedule, in thousandths of it: most on or ahead of it,
    // some behind, a few far behind.
    let pace = match rng.below(100) {
        0..=72 => 920 + rng.below(330),
        73..=89 => 690 + rng.below(190),
        _ => 250 + rng.below(400),
    } as i128;
    // A unit that often misses the deadline altogether.
    let silent = rng.chance(5);
    let mut cumulative = facts.ledger_fen;
    if facts.start_year.is_none_or(|s| s < YEAR) {
        // What was done in the years before.
        let before = match facts.total_fen {
            Some(total) => total / 100 * rng.below(40) as i64,
            None => plan_fen / 100 * rng.below(200) as i64,
        };
        cumulative = to_cents_of_wan(cumulative.saturating_add(before)).max(facts.ledger_fen);
    }
    let year_base = cumulative;
    let generation_end =
        Period::new(YEAR, LAST_MONTH).map_or(DateTime::<Utc>::MAX_UTC, Period::end);
    let mut returns = Vec::new();
    for month in months() {
        if facts.start_year.is_some_and(|s| month.year() < s) {
            continue;
        }
        let missing = if silent {
            rng.chance(25)
        } else {
            rng.chance(1)
        };
        if month.year() == YEAR {
            // The schedule times the pace, a few percent either way month by month; the
            // cumulative figure never falls.
            let wobble = 950 + rng.below(101) as i128;
            let share = i128::from(expected_share(&plan, month.month()));
            let done = i128::from(plan_fen) * share * pace * wobble
                / (i128::from(SHARE_DENOMINATOR) * 1_000_000);
            let target = year_base.saturating_add(i64::try_from(done).unwrap_or(i64::MAX));
            cumulative = cumulative.max(to_cents_of_wan(target));
        }
        if missing {
            continue;
        }
        let figure = (rng.below(1_000) >= 5).then_some(cumulative);
        let percent = match facts.total_fen {
            Some(total) if total > 0 => {
                (i128::from(cumulative) * 10_000 / i128::from(total)).clamp(0, 10_000) as i32
            }
            _ => (month.month() as i32 * 600).min(10_000),
        };
        let due = month.due_on(25);
        let filed_on = if rng.chance(93) {
            NaiveDate::from_ymd_opt(month.year(), month.month(), 15 + rng.below(11) as u32)
        } else {
            // Late, but within the month (November's by the 29th, before the month's end).
            let last = month.last_day().pred_opt().unwrap_or(due);
            due.checked_add_signed(Duration::days(
                1 + rng.below((last - due).num_days().max(1) as u64) as i64,
            ))
        }
        .unwrap_or(due);
        let filed = office_time(filed_on, 8 * 60 + rng.below(10 * 60) as u32);
        let status = review_status(rng, month);
        let reviewed = (status != ReturnStatus::Submitted).then(|| {
            (filed + Duration::hours(1 + rng.below(72) as i64))
                .min(generation_end)
                .max(filed)
        });
        let early = facts.status == ProjectStatus::Planned;
        let image = if early {
            rng.pick(&EARLY_PROGRESS)
        } else {
            rng.pick(&PROGRESS)
        };
        returns.push(monthly_return::Model {
            id: 0,
            project_id: 0,
            period: month.to_string(),
            revision: 0,
            status: status.as_str().to_owned(),
            cumulative_completed_fen: figure,
            percent_complete_bp: if early { percent.min(500) } else { percent },
            image_progress: image.to_owned(),
            next_steps: rng.chance(60).then(|| rng.pick(&NEXT_STEPS).to_owned()),
            problems: rng.chance(20).then(|| rng.pick(&PROBLEMS).to_owned()),
            is_correction: false,
            note: None,
            review_comment: (status == ReturnStatus::Returned)
                .then(|| rng.pick(&REVIEW_COMMENTS).to_owned()),
            reviewed_by: reviewed.map(|_| ACTOR.to_owned()),
            reviewed_at: reviewed,
            submitted_by: ACTOR.to_owned(),
            first_submitted_at: filed,
            submitted_at: filed,
            version: 1,
            created_at: filed,
            updated_at: reviewed.unwrap_or(filed),
        });
    }
    Some(Cycle { plan, returns })
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use entity::{project, warning_rule};
    use sea_orm::{Set, TryIntoModel};

    use super::*;
    use crate::reporting::monthly_return::effective;
    use crate::reporting::schedule::{Facts, Level, evaluate};
    use crate::synthetic::{CYCLE_STREAM, generate as generate_project};

    fn default_rules() -> warning_rule::Model {
        let now = Utc::now();
        warning_rule::Model {
            id: 1,
            list_id: None,
            behind_yellow_bp: 1_000,
            behind_red_bp: 3_000,
            start_yellow_months: 0,
            start_red_months: 3,
            missing_yellow_months: 1,
            missing_red_months: 2,
            due_day: 25,
            version: 1,
            updated_by: "migration".into(),
            created_at: now,
            updated_at: now,
        }
    }

    /// `n` projects and their cycles, as `add_with` draws them from `seed`.
    fn portfolio(n: i32, seed: u64) -> Vec<(project::Model, i64, Option<Cycle>)> {
        let now = Utc::now();
        let mut rng = Rng(seed);
        let mut cycles = Rng(seed ^ CYCLE_STREAM);
        (1..=n)
            .map(|id| {
                let g = generate_project(&mut rng, id, (1, 1, 1, "GREEN"), now)
                    .unwrap_or_else(|e| panic!("project {id}: {e}"));
                let facts = ProjectFacts {
                    status: g.contribution.status,
                    start_year: g.start_year,
                    end_year: g.end_year,
                    total_fen: g.contribution.total_fen,
                    ledger_fen: g.reports.last().map_or(0, |r| r.3),
                };
                let cycle = generate(&mut cycles, &facts).map(|mut c| {
                    c.plan.project_id = id;
                    for r in &mut c.returns {
                        r.project_id = id;
                    }
                    c
                });
                let mut row = g.project;
                row.id = Set(id);
                let model = row
                    .try_into_model()
                    .unwrap_or_else(|e| panic!("project {id}: {e}"));
                (model, facts.ledger_fen, cycle)
            })
            .collect()
    }

    #[test]
    fn november_lights_come_out_mixed() {
        let projects = portfolio(20_000, 1);
        let mut plans = HashMap::new();
        let mut returns: HashMap<(i32, Period), Vec<monthly_return::Model>> = HashMap::new();
        for (_, _, cycle) in &projects {
            let Some(cycle) = cycle else { continue };
            plans.insert((cycle.plan.project_id, cycle.plan.year), cycle.plan.clone());
            for r in &cycle.returns {
                let period = r.period.parse().unwrap_or_else(|()| panic!("{}", r.period));
                returns
                    .entry((r.project_id, period))
                    .or_default()
                    .push(r.clone());
            }
        }
        let rules = default_rules();
        let november = Period::new(YEAR, LAST_MONTH).unwrap_or_else(|| panic!("November"));
        let mut counts: HashMap<Level, usize> = HashMap::new();
        for (project, _, _) in &projects {
            if !plans.contains_key(&(project.id, YEAR)) {
                continue;
            }
            let light = evaluate(&Facts {
                period: november,
                project,
                plans: &plans,
                returns: &returns,
                rules: &rules,
                at: november.end(),
            });
            *counts.entry(light.level).or_default() += 1;
        }
        let monitored: usize = counts.values().sum();
        let share =
            |level| 100.0 * counts.get(&level).copied().unwrap_or(0) as f64 / monitored as f64;
        let (green, yellow, red, none) = (
            share(Level::Green),
            share(Level::Yellow),
            share(Level::Red),
            share(Level::NotApplicable),
        );
        let spread = format!(
            "{monitored} monitored: {green:.1} % green, {yellow:.1} % yellow, {red:.1} % red, {none:.1} % not applicable"
        );
        assert!(monitored > 15_000, "{spread}");
        assert!((60.0..=70.0).contains(&green), "{spread}");
        assert!((15.0..=20.0).contains(&yellow), "{spread}");
        assert!((10.0..=15.0).contains(&red), "{spread}");
        assert!((2.0..=10.0).contains(&none), "{spread}");
    }

    #[test]
    fn cycles_keep_the_rules_of_the_write_paths() {
        for (project, ledger, cycle) in portfolio(5_000, 7) {
            let Some(cycle) = cycle else {
                assert!(
                    project.start_year.is_some_and(|s| s > YEAR)
                        || matches!(
                            project.status,
                            ProjectStatus::Completed | ProjectStatus::Cancelled
                        ),
                    "project {} has no plan",
                    project.id
                );
                continue;
            };
            let plan = &cycle.plan;
            assert!(project.start_year.is_none_or(|s| s <= plan.year));
            if let (Some(a), Some(b), Some(c)) =
                (plan.q1_share_bp, plan.q2_share_bp, plan.q3_share_bp)
            {
                assert!(0 < a && a <= b && b <= c && c <= 10_000, "{a} {b} {c}");
            }
            assert!(plan.planned_start_month.is_none() || project.status == ProjectStatus::Planned);
            let mut previous = ledger;
            let mut months = Vec::new();
            for r in &cycle.returns {
                let period: Period = r.period.parse().unwrap_or_else(|()| panic!("{}", r.period));
                assert!(project.start_year.is_none_or(|s| period.year() >= s));
                months.push(period);
                if let Some(fen) = r.cumulative_completed_fen {
                    assert!(
                        fen >= previous,
                        "{} falls from {previous} to {fen}",
                        r.period
                    );
                    previous = fen;
                }
                let status = ReturnStatus::parse(&r.status);
                assert_eq!(
                    status == Some(ReturnStatus::Returned),
                    r.review_comment.is_some(),
                    "a return sent back, and only one, has a comment"
                );
                assert_eq!(
                    status == Some(ReturnStatus::Submitted),
                    r.reviewed_at.is_none()
                );
                assert!(r.reviewed_at.is_none_or(|t| t >= r.first_submitted_at));
                assert!(r.first_submitted_at < Period::end_of(period.last_day()));
                assert!(!r.image_progress.is_empty());
                assert!((0..=10_000).contains(&r.percent_complete_bp));
                assert!(effective([r]).is_some() || status == Some(ReturnStatus::Returned));
            }
            assert!(
                months.windows(2).all(|w| w[0] < w[1]),
                "one return a month, in order"
            );
        }
    }

    #[test]
    fn cycles_are_deterministic() {
        let a = portfolio(300, 5);
        let b = portfolio(300, 5);
        for ((_, _, x), (_, _, y)) in a.iter().zip(&b) {
            assert_eq!(
                x.as_ref().map(|c| (&c.plan, &c.returns)),
                y.as_ref().map(|c| (&c.plan, &c.returns))
            );
        }
    }
}
