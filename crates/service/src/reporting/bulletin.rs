//! The monthly bulletin (通报): the office publishes a month once it has ended, and from then on
//! the month's bulletin reads exactly as published, whatever is corrected later.
//!
//! Publishing stores every monitored project's figures for the month ([`ProjectMonth`]) as they
//! stand, in one transaction; the published bulletin is the same aggregation
//! ([`summarize`]) over those stored rows. Asked for `live`, a bulletin answers today's figures
//! for the month with what differs from the published ones. A published month takes no new or
//! edited return except a correction (`isCorrection` with a note), which shows in the live
//! figures and in later months, never in the published bulletin.

use chrono::{DateTime, Utc};
use entity::{bulletin, bulletin_project};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use tracing::instrument;

use super::due::DueStatus;
use super::period::Period;
use super::schedule::{Level, Rule};
use super::summary::{
    Dimension, GroupKey, ProjectMonth, ReportingSummary, project_months, summarize,
};
use crate::access::{Principal, require_office, require_read};
use crate::audit::fields::{Change, events};
use crate::audit::record::{Target, append};
use crate::money::fen_to_decimal;
use crate::project_search::ProjectFilter;
use crate::write::{Actor, begin_write, optional_text};
use crate::{ServiceError, ServiceResult};

/// Who published a month, and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Publication {
    /// The month.
    pub period: String,
    /// The office's note.
    pub note: Option<String>,
    /// Who published it.
    pub published_by: String,
    /// When.
    pub published_at: DateTime<Utc>,
}

/// One figure of a project that differs between the published bulletin and today.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    /// The project.
    pub project_id: i32,
    /// Its key.
    pub project_key: String,
    /// The figure (`annualPlan`, `completedThisMonth`, `completedThisYear`, `level`, …, or
    /// `project` for a project in one and not the other).
    pub field: &'static str,
    /// As published.
    pub published: Option<String>,
    /// As it stands now.
    pub live: Option<String>,
}

/// A month's bulletin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bulletin {
    /// The month.
    pub period: String,
    /// Today's figures (an unpublished month, or asked for live), not the published ones.
    pub live: bool,
    /// The publication, when the month is published.
    pub publication: Option<Publication>,
    /// The roll-up.
    pub summary: ReportingSummary,
    /// Every monitored project's figures, in the lists' order.
    pub projects: Vec<ProjectMonth>,
    /// With `live` on a published month: what differs from the published figures.
    pub differences: Vec<Difference>,
}

fn publication(row: bulletin::Model) -> Publication {
    Publication {
        period: row.period,
        note: row.note,
        published_by: row.published_by,
        published_at: row.published_at,
    }
}

/// The publication of `period`, if it is published.
pub async fn published(
    db: &impl ConnectionTrait,
    period: Period,
) -> ServiceResult<Option<bulletin::Model>> {
    Ok(bulletin::Entity::find()
        .filter(bulletin::Column::Period.eq(period.to_string()))
        .one(db)
        .await?)
}

fn stored(bulletin_id: i32, m: &ProjectMonth) -> bulletin_project::ActiveModel {
    let count = |n: u64| i32::try_from(n).unwrap_or(i32::MAX);
    bulletin_project::ActiveModel {
        bulletin_id: Set(bulletin_id),
        project_id: Set(m.project_id),
        project_key: Set(m.project_key.clone()),
        project_name: Set(m.project_name.clone()),
        list_code: Set(m.key_parts.list_code.clone()),
        category_code: Set(m.key_parts.category_code.clone()),
        location: Set(m.key_parts.location.clone()),
        responsible_unit: Set(m.key_parts.responsible_unit.clone()),
        status: Set(m
            .key_parts
            .status
            .map_or("PLANNED", |s| s.as_str())
            .to_owned()),
        planned_fen: Set(m.planned),
        cumulative_fen: Set(m.cumulative),
        this_month_fen: Set(m.this_month),
        this_year_fen: Set(m.this_year),
        expected_fen: Set(m.expected),
        gap_centipoints: Set(m
            .gap_points
            .and_then(|g| i64::try_from((g * Decimal::ONE_HUNDRED).trunc().mantissa()).ok())),
        image_progress: Set(m.image_progress.clone()),
        level: Set(m.level.as_str().to_owned()),
        rule: Set(m.rule.map(|r| r.as_str().to_owned())),
        reason: Set(m.reason.clone()),
        due_status: Set(m.due.as_str().to_owned()),
        planned_to_start: Set(m.planned_to_start),
        started: Set(m.started),
        problems_open: Set(count(m.problems_open)),
        problems_overdue: Set(count(m.problems_overdue)),
        ..Default::default()
    }
}

fn month_of(r: bulletin_project::Model) -> ProjectMonth {
    let level = Level::parse(&r.level).unwrap_or(Level::NotApplicable);
    ProjectMonth {
        project_id: r.project_id,
        project_key: r.project_key,
        project_name: r.project_name,
        key_parts: GroupKey {
            list_code: r.list_code,
            category_code: r.category_code,
            location: r.location,
            responsible_unit: r.responsible_unit,
            status: r.status.parse().ok(),
            warning_level: Some(level),
        },
        planned: r.planned_fen,
        cumulative: r.cumulative_fen,
        this_month: r.this_month_fen,
        this_year: r.this_year_fen,
        expected: r.expected_fen,
        gap_points: r.gap_centipoints.map(|c| Decimal::new(c, 2).normalize()),
        image_progress: r.image_progress,
        level,
        rule: r.rule.as_deref().and_then(Rule::parse),
        reason: r.reason,
        due: DueStatus::parse(&r.due_status).unwrap_or(DueStatus::Missing),
        planned_to_start: r.planned_to_start,
        started: r.started,
        problems_open: u64::try_from(r.problems_open).unwrap_or(0),
        problems_overdue: u64::try_from(r.problems_overdue).unwrap_or(0),
    }
}

/// Publishes an ended month (COORDINATOR or ADMIN): stores every monitored project's figures as
/// they stand, once; a month is published only once.
#[instrument(skip_all, fields(period = %period))]
pub async fn publish_period(
    db: &DatabaseConnection,
    actor: Actor<'_>,
    period: Period,
    note: Option<String>,
) -> ServiceResult<Bulletin> {
    require_office(actor.principal)?;
    let now = Utc::now();
    if period >= Period::containing(now) {
        return Err(ServiceError::validation(
            "period",
            format!("{period} has not ended yet; a month is published once it is over"),
        ));
    }
    let txn = begin_write(db).await?;
    if let Some(done) = published(&txn, period).await? {
        return Err(ServiceError::validation(
            "period",
            format!(
                "{period} was published by {} at {}; a bulletin never changes",
                done.published_by,
                done.published_at.to_rfc3339()
            ),
        ));
    }
    let months = project_months(&txn, &ProjectFilter::default(), period, now).await?;
    let row = bulletin::ActiveModel {
        period: Set(period.to_string()),
        note: Set(optional_text(note)),
        published_by: Set(actor.principal.name.clone()),
        published_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for chunk in months.chunks(500) {
        bulletin_project::Entity::insert_many(chunk.iter().map(|m| stored(row.id, m)))
            .exec(&txn)
            .await?;
    }
    append(
        &txn,
        actor,
        Target {
            entity_type: "bulletin",
            entity_id: row.id,
            project_id: None,
            version: 1,
        },
        &[Change {
            field: events::CREATED,
            old: None,
            new: Some(format!("{period}: {} projects", months.len())),
        }],
        now,
    )
    .await?;
    txn.commit().await?;
    let summary = summarize(period, &months, &[]);
    Ok(Bulletin {
        period: period.to_string(),
        live: false,
        publication: Some(publication(row)),
        summary,
        projects: months,
        differences: Vec::new(),
    })
}

fn amount(fen: Option<i64>) -> Option<String> {
    fen.map(|f| fen_to_decimal(f).to_string())
}

/// What differs, figure by figure, between the published rows and today's.
fn differences(published: &[ProjectMonth], live: &[ProjectMonth]) -> Vec<Difference> {
    let mut out = Vec::new();
    let by_id: std::collections::HashMap<i32, &ProjectMonth> =
        live.iter().map(|m| (m.project_id, m)).collect();
    let published_ids: std::collections::HashSet<i32> =
        published.iter().map(|m| m.project_id).collect();
    for p in published {
        let Some(l) = by_id.get(&p.project_id) else {
            out.push(Difference {
                project_id: p.project_id,
                project_key: p.project_key.clone(),
                field: "project",
                published: Some(p.project_key.clone()),
                live: None,
            });
            continue;
        };
        let pairs: [(&'static str, Option<String>, Option<String>); 8] = [
            ("annualPlan", amount(p.planned), amount(l.planned)),
            (
                "cumulativeCompletedInvestment",
                amount(p.cumulative),
                amount(l.cumulative),
            ),
            (
                "completedThisMonth",
                amount(p.this_month),
                amount(l.this_month),
            ),
            (
                "completedThisYear",
                amount(p.this_year),
                amount(l.this_year),
            ),
            ("expectedToDate", amount(p.expected), amount(l.expected)),
            (
                "level",
                Some(p.level.as_str().to_owned()),
                Some(l.level.as_str().to_owned()),
            ),
            (
                "imageProgress",
                p.image_progress.clone(),
                l.image_progress.clone(),
            ),
            (
                "returnStatus",
                Some(p.due.as_str().to_owned()),
                Some(l.due.as_str().to_owned()),
            ),
        ];
        for (field, published, live) in pairs {
            if published != live {
                out.push(Difference {
                    project_id: p.project_id,
                    project_key: p.project_key.clone(),
                    field,
                    published,
                    live,
                });
            }
        }
    }
    for l in live
        .iter()
        .filter(|l| !published_ids.contains(&l.project_id))
    {
        out.push(Difference {
            project_id: l.project_id,
            project_key: l.project_key.clone(),
            field: "project",
            published: None,
            live: Some(l.project_key.clone()),
        });
    }
    out
}

/// The bulletin of `period`: as published (the stored figures, whatever changed since), or with
/// `live` — and always for a month not yet published — today's figures, with what differs from
/// the published ones.
pub async fn bulletin(
    db: &impl ConnectionTrait,
    principal: &Principal,
    period: Period,
    live: bool,
    dims: &[Dimension],
) -> ServiceResult<Bulletin> {
    require_read(principal)?;
    let publication_row = published(db, period).await?;
    let stored_months = match &publication_row {
        Some(row) => Some(
            bulletin_project::Entity::find()
                .filter(bulletin_project::Column::BulletinId.eq(row.id))
                .order_by_asc(bulletin_project::Column::ProjectId)
                .all(db)
                .await?
                .into_iter()
                .map(month_of)
                .collect::<Vec<_>>(),
        ),
        None => None,
    };
    let publication = publication_row.map(publication);
    match stored_months {
        Some(months) if !live => Ok(Bulletin {
            period: period.to_string(),
            live: false,
            publication,
            summary: summarize(period, &months, dims),
            projects: months,
            differences: Vec::new(),
        }),
        stored => {
            let months = project_months(db, &ProjectFilter::default(), period, Utc::now()).await?;
            let differences = stored
                .as_deref()
                .map(|s| differences(s, &months))
                .unwrap_or_default();
            Ok(Bulletin {
                period: period.to_string(),
                live: true,
                publication,
                summary: summarize(period, &months, dims),
                projects: months,
                differences,
            })
        }
    }
}
