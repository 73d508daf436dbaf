//! Plans (a five-year plan with its window of years), as the API reads them.

use chrono::{NaiveDate, Utc};
use entity::plan;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use tracing::instrument;

use crate::access::{Principal, require_admin, require_read};
use crate::audit::fields::{Change, events};
use crate::audit::record::{Target, append};
use crate::error::OnUnique;
use crate::figures::YEARS;
use crate::write::{Actor, begin_write, optional_text};
use crate::{ServiceError, ServiceResult};

/// A plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// Surrogate id.
    pub id: i32,
    /// Stable code, e.g. `DONGTOU-14FYP`.
    pub code: String,
    /// Title as published.
    pub title: String,
    /// English title.
    pub title_en: String,
    /// Issuing body.
    pub issuer: Option<String>,
    /// Date of issue.
    pub issued_on: Option<NaiveDate>,
    /// First year of the window.
    pub window_start: i32,
    /// Last year of the window.
    pub window_end: i32,
    /// Where in the document.
    pub source: Option<String>,
}

impl From<plan::Model> for Plan {
    fn from(m: plan::Model) -> Self {
        Self {
            id: m.id,
            code: m.code,
            title: m.title,
            title_en: m.title_en,
            issuer: m.issuer,
            issued_on: m.issued_on,
            window_start: m.window_start,
            window_end: m.window_end,
            source: m.source,
        }
    }
}

/// Every plan, oldest window first.
pub async fn list_plans(
    db: &impl ConnectionTrait,
    principal: &Principal,
) -> ServiceResult<Vec<Plan>> {
    require_read(principal)?;
    let rows = plan::Entity::find()
        .order_by_asc(plan::Column::WindowStart)
        .order_by_asc(plan::Column::Id)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(Plan::from).collect())
}

/// The plan with this code, if any.
pub async fn get_plan_by_code(
    db: &impl ConnectionTrait,
    principal: &Principal,
    code: &str,
) -> ServiceResult<Option<Plan>> {
    require_read(principal)?;
    Ok(plan::Entity::find()
        .filter(plan::Column::Code.eq(code))
        .one(db)
        .await?
        .map(Plan::from))
}

/// The plan with this id, if any.
pub async fn get_plan(
    db: &impl ConnectionTrait,
    principal: &Principal,
    id: i32,
) -> ServiceResult<Option<Plan>> {
    require_read(principal)?;
    Ok(plan::Entity::find_by_id(id).one(db).await?.map(Plan::from))
}

/// Plans by id, in one statement, for callers that checked access already (a list's plan).
pub async fn plans_by_ids(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> ServiceResult<std::collections::HashMap<i32, Plan>> {
    crate::batch::by_ids::<plan::Entity, _>(db, plan::Column::Id, ids, |m| m.id).await
}

/// What `createPlan` states.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewPlan {
    /// Stable code: capitals, digits and hyphens, e.g. `DONGTOU-15FYP`.
    pub code: String,
    /// Title as published.
    pub title: String,
    /// English title.
    pub title_en: String,
    /// Issuing body.
    pub issuer: Option<String>,
    /// Date of issue.
    pub issued_on: Option<NaiveDate>,
    /// First year of the window.
    pub window_start: i32,
    /// Last year of the window.
    pub window_end: i32,
}

/// Longest window a plan may have: a five-year plan, or a ten-year outline.
const LONGEST_WINDOW: i32 = 10;

fn check_code(code: &str) -> ServiceResult<String> {
    let code = code.trim();
    let ok = (2..=40).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
        && !code.starts_with('-')
        && !code.ends_with('-');
    if ok {
        Ok(code.to_owned())
    } else {
        Err(ServiceError::validation(
            "code",
            "2 to 40 capitals, digits and hyphens, e.g. DONGTOU-15FYP",
        ))
    }
}

/// Parses a window written `2026-2030`.
pub fn parse_window(text: &str) -> ServiceResult<(i32, i32)> {
    let bad = || ServiceError::validation("window", "two years, e.g. 2026-2030");
    let (start, end) = text.trim().split_once('-').ok_or_else(bad)?;
    let start = start.trim().parse::<i32>().map_err(|_| bad())?;
    let end = end.trim().parse::<i32>().map_err(|_| bad())?;
    Ok((start, end))
}

/// Creates a plan (ADMIN): the code is unique and never changes; the window is one to
/// [`LONGEST_WINDOW`] years within the years the system holds.
#[instrument(skip_all, fields(plan.code = %input.code))]
pub async fn create_plan(
    db: &DatabaseConnection,
    actor: Actor<'_>,
    input: NewPlan,
) -> ServiceResult<Plan> {
    require_admin(actor.principal)?;
    let code = check_code(&input.code)?;
    let title = input.title.trim().to_owned();
    if title.is_empty() {
        return Err(ServiceError::validation("title", "must not be blank"));
    }
    let title_en = input.title_en.trim().to_owned();
    if title_en.is_empty() {
        return Err(ServiceError::validation("titleEn", "must not be blank"));
    }
    let (start, end) = (input.window_start, input.window_end);
    for (field, year) in [("windowStart", start), ("windowEnd", end)] {
        if !YEARS.contains(&year) {
            return Err(ServiceError::validation(
                field,
                format!("{year} is not a plausible year (1949-2100)"),
            ));
        }
    }
    if end < start || end - start + 1 > LONGEST_WINDOW {
        return Err(ServiceError::validation(
            "windowEnd",
            format!(
                "the window {start}-{end} must run forwards and span at most {LONGEST_WINDOW} years"
            ),
        ));
    }
    let txn = begin_write(db).await?;
    let now = Utc::now();
    let row = plan::ActiveModel {
        code: Set(code.clone()),
        title: Set(title.clone()),
        title_en: Set(title_en),
        window_start: Set(start),
        window_end: Set(end),
        issued_on: Set(input.issued_on),
        issuer: Set(optional_text(input.issuer)),
        source: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .on_unique(|| format!("a plan with the code {code} exists already"))?;
    append(
        &txn,
        actor,
        Target {
            entity_type: "plan",
            entity_id: row.id,
            project_id: None,
            version: 1,
        },
        &[Change {
            field: events::CREATED,
            old: None,
            new: Some(format!("{code} {title} ({start}-{end})")),
        }],
        now,
    )
    .await?;
    crate::mark::commit(txn).await?;
    Ok(row.into())
}
