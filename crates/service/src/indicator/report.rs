//! The evaluation table a mid-term or final report prints: every indicator of a plan graded as of
//! a year, with the counts per grade and per group.

use sea_orm::ConnectionTrait;

use super::{Evaluation, Grade, Indicator, IndicatorFilter, Scope, evaluate, list_indicators};
use crate::access::Principal;
use crate::{ServiceError, ServiceResult};

/// How many indicators have a grade.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GradeCount {
    /// The grade.
    pub grade: Grade,
    /// How many indicators have it.
    pub count: i64,
}

/// The counts of one group of one table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupCounts {
    /// Table number.
    pub table_no: i32,
    /// Territory.
    pub scope: Scope,
    /// Group as printed (`None` for a table without groups).
    pub group: Option<String>,
    /// Group in English.
    pub group_en: Option<String>,
    /// Indicators in the group.
    pub total: i64,
    /// Counts per grade, every grade in order (zeros included).
    pub counts: Vec<GradeCount>,
}

/// A plan's indicators graded as of a year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvaluationReport {
    /// The plan.
    pub plan_code: String,
    /// The year asked about (`None`: every actual recorded).
    pub as_of_year: Option<i32>,
    /// Every indicator with its evaluation, in table and row order.
    pub rows: Vec<(Indicator, Evaluation)>,
    /// Counts per grade over all indicators, every grade in order.
    pub by_grade: Vec<GradeCount>,
    /// Counts per table and group, in printed order.
    pub by_group: Vec<GroupCounts>,
}

fn counts<'a>(grades: impl Iterator<Item = &'a Grade> + Clone) -> Vec<GradeCount> {
    Grade::ALL
        .iter()
        .map(|&grade| GradeCount {
            grade,
            count: grades.clone().filter(|g| **g == grade).count() as i64,
        })
        .collect()
}

/// Grades every indicator of the plan as of `as_of`; `NotFound` for an unknown plan.
pub async fn indicator_evaluation(
    db: &impl ConnectionTrait,
    principal: &Principal,
    plan_code: &str,
    as_of: Option<i32>,
) -> ServiceResult<EvaluationReport> {
    if crate::plan::get_plan_by_code(db, principal, plan_code)
        .await?
        .is_none()
    {
        return Err(ServiceError::not_found(format!("plan {plan_code}")));
    }
    let filter = IndicatorFilter {
        plan_code: Some(plan_code.to_owned()),
        ..Default::default()
    };
    let rows: Vec<(Indicator, Evaluation)> = list_indicators(db, principal, &filter)
        .await?
        .into_iter()
        .map(|i| {
            let e = evaluate(&i, as_of);
            (i, e)
        })
        .collect();
    let by_grade = counts(rows.iter().map(|(_, e)| &e.grade));
    let mut by_group: Vec<GroupCounts> = Vec::new();
    let mut keys: Vec<(i32, Scope, Option<String>)> = Vec::new();
    for (i, _) in &rows {
        let key = (i.table_no, i.scope, i.group.clone());
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    for (table_no, scope, group) in keys {
        let members: Vec<&(Indicator, Evaluation)> = rows
            .iter()
            .filter(|(i, _)| i.table_no == table_no && i.scope == scope && i.group == group)
            .collect();
        by_group.push(GroupCounts {
            table_no,
            scope,
            group_en: members.first().and_then(|(i, _)| i.group_en.clone()),
            group,
            total: members.len() as i64,
            counts: counts(members.iter().map(|(_, e)| &e.grade)),
        });
    }
    Ok(EvaluationReport {
        plan_code: plan_code.to_owned(),
        as_of_year: as_of,
        rows,
        by_grade,
        by_group,
    })
}
