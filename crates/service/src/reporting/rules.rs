//! The warning rules as data: thresholds of the schedule lights and the day returns are due,
//! one set of defaults and, where the office sets them, one set per list. A list without its own
//! set follows the defaults; the first change to a list's rules starts from them.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{project_list, warning_rule};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use tracing::instrument;

use crate::audit::fields::{Change, WARNING_RULE_FIELDS, diff, events};
use crate::audit::record::{Target, append, stale};
use crate::error::OnUnique;
use crate::write::{Actor, begin_write, nothing_to_change};
use crate::{ServiceError, ServiceResult};

/// Most months the missing-return rule may look back.
pub const MAX_MISSING_MONTHS: i32 = 12;

/// One set of rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WarningRules {
    /// Surrogate id.
    pub id: i32,
    /// The list they apply to; `None` for the defaults.
    pub list_id: Option<i32>,
    /// The list's code, with `list_id`.
    pub list_code: Option<String>,
    /// Yellow from this many percentage points behind schedule.
    pub behind_schedule_yellow: Decimal,
    /// Red from this many.
    pub behind_schedule_red: Decimal,
    /// Yellow from this many months past the planned start month without a start.
    pub start_overdue_yellow: i32,
    /// Red from this many.
    pub start_overdue_red: i32,
    /// Yellow when this many months running lack a return after their deadline.
    pub return_missing_yellow: i32,
    /// Red when this many do.
    pub return_missing_red: i32,
    /// Day of the month a month's return is due.
    pub due_day: i32,
    /// Version, +1 per change.
    pub version: i32,
    /// Who changed them last.
    pub updated_by: String,
    /// When.
    pub updated_at: DateTime<Utc>,
    /// The row, for the schedule.
    pub row: warning_rule::Model,
}

fn points(bp: i32) -> Decimal {
    Decimal::new(i64::from(bp), 2).normalize()
}

fn view(m: warning_rule::Model, list_code: Option<String>) -> WarningRules {
    WarningRules {
        id: m.id,
        list_id: m.list_id,
        list_code,
        behind_schedule_yellow: points(m.behind_yellow_bp),
        behind_schedule_red: points(m.behind_red_bp),
        start_overdue_yellow: m.start_yellow_months,
        start_overdue_red: m.start_red_months,
        return_missing_yellow: m.missing_yellow_months,
        return_missing_red: m.missing_red_months,
        due_day: m.due_day,
        version: m.version,
        updated_by: m.updated_by.clone(),
        updated_at: m.updated_at,
        row: m,
    }
}

/// The rules in force, as rows: the defaults and each list's own set.
#[derive(Clone, Debug)]
pub struct RuleBook {
    defaults: warning_rule::Model,
    by_list: HashMap<i32, warning_rule::Model>,
}

impl RuleBook {
    /// The rules a project of `list_id` is judged by.
    pub fn for_list(&self, list_id: i32) -> &warning_rule::Model {
        self.by_list.get(&list_id).unwrap_or(&self.defaults)
    }

    /// The longest look-back of the missing-return rule across every set.
    pub fn longest_missing_run(&self) -> i32 {
        self.by_list
            .values()
            .chain(std::iter::once(&self.defaults))
            .map(|r| r.missing_red_months.max(r.missing_yellow_months))
            .max()
            .unwrap_or(1)
            .clamp(1, MAX_MISSING_MONTHS)
    }
}

/// The rules in force now, or at `at` (rebuilt from the change log).
pub async fn rule_book(
    db: &impl ConnectionTrait,
    at: Option<DateTime<Utc>>,
) -> ServiceResult<RuleBook> {
    let mut rows = warning_rule::Entity::find()
        .order_by_asc(warning_rule::Column::Id)
        .all(db)
        .await?;
    if let Some(at) = at {
        // The defaults exist from the migration on, so they are kept even when asked about a
        // moment before it: they were what applied.
        let defaults_now = rows.iter().find(|r| r.list_id.is_none()).cloned();
        rows = crate::audit::as_of::rows_as_of(
            db,
            &crate::audit::as_of::LoggedRows {
                entity_type: "warning_rule",
                fields: &WARNING_RULE_FIELDS,
                id: |r| r.id,
                created: |r| r.created_at,
                version: |r| &mut r.version,
            },
            rows,
            at,
        )
        .await?;
        if !rows.iter().any(|r| r.list_id.is_none())
            && let Some(d) = defaults_now
        {
            rows.push(d);
        }
    }
    let mut defaults = None;
    let mut by_list = HashMap::new();
    for row in rows {
        match row.list_id {
            None => defaults = Some(row),
            Some(list) => {
                by_list.insert(list, row);
            }
        }
    }
    let defaults =
        defaults.ok_or_else(|| ServiceError::internal("the default warning rules are missing"))?;
    Ok(RuleBook { defaults, by_list })
}

/// Every set of rules: the defaults first, then each list's own, by list.
pub async fn warning_rules(
    db: &impl ConnectionTrait,
    principal: &crate::access::Principal,
) -> ServiceResult<Vec<WarningRules>> {
    crate::access::require_read(principal)?;
    let rows = warning_rule::Entity::find()
        .order_by_asc(warning_rule::Column::Id)
        .all(db)
        .await?;
    let codes: HashMap<i32, String> = project_list::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|l| (l.id, l.code))
        .collect();
    let mut out: Vec<WarningRules> = rows
        .into_iter()
        .map(|r| {
            let code = r.list_id.and_then(|id| codes.get(&id).cloned());
            view(r, code)
        })
        .collect();
    out.sort_by_key(|r| (r.list_id.is_some(), r.list_code.clone()));
    Ok(out)
}

/// A change to one set of rules: `None` keeps a value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RuleChanges {
    /// The list whose rules change; `None` changes the defaults.
    pub list_code: Option<String>,
    /// Yellow from this many percentage points behind.
    pub behind_schedule_yellow: Option<Decimal>,
    /// Red from this many.
    pub behind_schedule_red: Option<Decimal>,
    /// Yellow from this many months past the planned start.
    pub start_overdue_yellow: Option<i32>,
    /// Red from this many.
    pub start_overdue_red: Option<i32>,
    /// Yellow at this many months running without a return.
    pub return_missing_yellow: Option<i32>,
    /// Red at this many.
    pub return_missing_red: Option<i32>,
    /// Day of the month returns are due.
    pub due_day: Option<i32>,
}

fn months(field: &str, value: i32, least: i32) -> ServiceResult<i32> {
    if (least..=MAX_MISSING_MONTHS).contains(&value) {
        Ok(value)
    } else {
        Err(ServiceError::validation(
            field,
            format!("a number of months from {least} to {MAX_MISSING_MONTHS}"),
        ))
    }
}

/// Applies `changes` to `row`, checking every value and that each red threshold is at least
/// its yellow one.
fn apply(row: &mut warning_rule::Model, changes: &RuleChanges) -> ServiceResult<()> {
    if let Some(v) = changes.behind_schedule_yellow {
        row.behind_yellow_bp = crate::figures::percent_bp("behindScheduleYellow", v)?;
    }
    if let Some(v) = changes.behind_schedule_red {
        row.behind_red_bp = crate::figures::percent_bp("behindScheduleRed", v)?;
    }
    if let Some(v) = changes.start_overdue_yellow {
        row.start_yellow_months = months("startOverdueYellow", v, 0)?;
    }
    if let Some(v) = changes.start_overdue_red {
        row.start_red_months = months("startOverdueRed", v, 0)?;
    }
    if let Some(v) = changes.return_missing_yellow {
        row.missing_yellow_months = months("returnMissingYellow", v, 1)?;
    }
    if let Some(v) = changes.return_missing_red {
        row.missing_red_months = months("returnMissingRed", v, 1)?;
    }
    if let Some(v) = changes.due_day {
        if !(1..=31).contains(&v) {
            return Err(ServiceError::validation(
                "dueDay",
                "a day of the month from 1 to 31 (a shorter month's last day is used)",
            ));
        }
        row.due_day = v;
    }
    for (red, yellow, field) in [
        (row.behind_red_bp, row.behind_yellow_bp, "behindScheduleRed"),
        (
            row.start_red_months,
            row.start_yellow_months,
            "startOverdueRed",
        ),
        (
            row.missing_red_months,
            row.missing_yellow_months,
            "returnMissingRed",
        ),
    ] {
        if red < yellow {
            return Err(ServiceError::validation(
                field,
                "a red threshold is at least its yellow one",
            ));
        }
    }
    Ok(())
}

/// Changes one set of rules (COORDINATOR or ADMIN). `expected_version` is the version of the set
/// changed; a list without its own set yet starts from the defaults, at their version.
#[instrument(skip_all, fields(list = changes.list_code.as_deref()))]
pub async fn update_warning_rules(
    db: &DatabaseConnection,
    actor: Actor<'_>,
    expected_version: i32,
    changes: RuleChanges,
) -> ServiceResult<WarningRules> {
    crate::access::require_office(actor.principal)?;
    let txn = begin_write(db).await?;
    let list_id = match &changes.list_code {
        None => None,
        Some(code) => Some(
            project_list::Entity::find()
                .filter(project_list::Column::Code.eq(code.as_str()))
                .one(&txn)
                .await?
                .ok_or_else(|| {
                    ServiceError::validation("listCode", format!("no list has the code {code}"))
                })?
                .id,
        ),
    };
    let book = rule_book(&txn, None).await?;
    let own = list_id.and_then(|id| book.by_list.get(&id).cloned());
    let current = match (list_id, &own) {
        (None, _) => book.defaults.clone(),
        (Some(_), Some(own)) => own.clone(),
        (Some(_), None) => book.defaults.clone(),
    };
    if current.version != expected_version {
        return Err(stale(
            &txn,
            "warning_rule",
            current.id,
            current.version,
            expected_version,
        )
        .await);
    }
    let mut next = current.clone();
    apply(&mut next, &changes)?;
    let logged = diff(&WARNING_RULE_FIELDS, &current, &next);
    if logged.is_empty() {
        return Err(nothing_to_change());
    }
    let now = Utc::now();
    next.updated_by = actor.principal.name.clone();
    next.updated_at = now;
    let (saved, entries) = match (list_id, own) {
        (Some(list), None) => {
            let mut entries = vec![Change {
                field: events::CREATED,
                old: None,
                new: changes.list_code.clone(),
            }];
            entries.extend(logged);
            let row = warning_rule::ActiveModel {
                list_id: Set(Some(list)),
                behind_yellow_bp: Set(next.behind_yellow_bp),
                behind_red_bp: Set(next.behind_red_bp),
                start_yellow_months: Set(next.start_yellow_months),
                start_red_months: Set(next.start_red_months),
                missing_yellow_months: Set(next.missing_yellow_months),
                missing_red_months: Set(next.missing_red_months),
                due_day: Set(next.due_day),
                version: Set(1),
                updated_by: Set(next.updated_by.clone()),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .on_unique(|| "the list's rules were set meanwhile; reload them".to_owned())?;
            (row, entries)
        }
        _ => {
            next.version = current.version + 1;
            let result = warning_rule::Entity::update_many()
                .set(warning_rule::ActiveModel {
                    behind_yellow_bp: Set(next.behind_yellow_bp),
                    behind_red_bp: Set(next.behind_red_bp),
                    start_yellow_months: Set(next.start_yellow_months),
                    start_red_months: Set(next.start_red_months),
                    missing_yellow_months: Set(next.missing_yellow_months),
                    missing_red_months: Set(next.missing_red_months),
                    due_day: Set(next.due_day),
                    version: Set(next.version),
                    updated_by: Set(next.updated_by.clone()),
                    updated_at: Set(now),
                    ..Default::default()
                })
                .filter(warning_rule::Column::Id.eq(current.id))
                .filter(warning_rule::Column::Version.eq(current.version))
                .exec(&txn)
                .await?;
            if result.rows_affected != 1 {
                return Err(stale(
                    &txn,
                    "warning_rule",
                    current.id,
                    current.version + 1,
                    expected_version,
                )
                .await);
            }
            (next, logged)
        }
    };
    let target = Target {
        entity_type: "warning_rule",
        entity_id: saved.id,
        project_id: None,
        version: saved.version,
    };
    append(&txn, actor, target, &entries, now).await?;
    crate::mark::commit(txn).await?;
    Ok(view(saved, changes.list_code))
}
