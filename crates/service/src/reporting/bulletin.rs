//! The monthly bulletin (通报): the office publishes a month once it has ended, and from then on
//! the month's bulletin reads exactly as published, whatever is corrected later.
//!
//! Publishing stores every monitored project's figures for the month ([`ProjectMonth`]) as they
//! stand, in one transaction; the published bulletin's roll-up is the same `GROUP BY`
//! ([`super::rollup`]) over those stored rows as the live one is over today's. Asked for `live`, a bulletin answers today's figures
//! for the month with what differs from the published ones. A published month takes no new or
//! edited return except a correction (`isCorrection` with a note), which shows in the live
//! figures and in later months, never in the published bulletin.

use chrono::{DateTime, Utc};
use entity::{bulletin, bulletin_project};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use tracing::instrument;

use super::due::DueStatus;
use super::period::Period;
use super::schedule::{Level, Rule};
use super::summary::{
    Dimension, GroupKey, MonthWalk, ProjectMonth, ReportingSummary, project_months, summarize,
};
use crate::access::{Principal, require_office, require_read};
use crate::audit::fields::{Change, events};
use crate::audit::record::{Target, append};
use crate::error::OnUnique;
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

/// How a group moved since the month before.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupChange {
    /// The group.
    pub key: GroupKey,
    /// Completed this year now less the month before's (known amounts), 万元.
    pub completed_this_year: Decimal,
    /// The completion rate's change in percentage points, 10 places; null when either rate is.
    pub completion_rate_points: Option<Decimal>,
    /// The schedule rate's change in percentage points; null when either rate is.
    pub schedule_rate_points: Option<Decimal>,
    /// Change in the number of projects at each light: green, yellow, red, not applicable.
    pub lights: [i64; 4],
}

/// A project whose light changed since the month before.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LightChange {
    /// The project.
    pub project_id: i32,
    /// Its key.
    pub project_key: String,
    /// The light the month before; `None` when it was not monitored then.
    pub previous: Option<Level>,
    /// The light now; `None` when it is no longer monitored.
    pub current: Option<Level>,
}

/// The comparison with the month before.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MonthOnMonth {
    /// The month before.
    pub period: String,
    /// Whether its figures are its published bulletin's (else today's).
    pub published: bool,
    /// Each group's change (groups of either month).
    pub groups: Vec<GroupChange>,
    /// Projects whose light changed.
    pub light_changes: Vec<LightChange>,
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
    /// The change since the month before (its published bulletin when there is one).
    pub month_on_month: MonthOnMonth,
}

/// A month's bulletin before its figures are read: which figures it shows (published or
/// today's) and its publication. Made only by [`bulletin_head`] and [`publish_period`], which
/// check who reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BulletinHead {
    /// The month.
    pub period: Period,
    /// Today's figures (an unpublished month, or asked for live), not the published ones.
    pub live: bool,
    /// The publication, when the month is published.
    pub publication: Option<Publication>,
    bulletin_id: Option<i32>,
}

/// Which figures `period`'s bulletin shows: the published ones unless `live` or unpublished.
pub async fn bulletin_head(
    db: &impl ConnectionTrait,
    principal: &Principal,
    period: Period,
    live: bool,
) -> ServiceResult<BulletinHead> {
    require_read(principal)?;
    Ok(match published(db, period).await? {
        Some(row) => BulletinHead {
            period,
            live,
            bulletin_id: Some(row.id),
            publication: Some(publication(row)),
        },
        None => BulletinHead {
            period,
            live: true,
            publication: None,
            bulletin_id: None,
        },
    })
}

/// The roll-up a bulletin shows, grouped by `dims`: the `GROUP BY` over its stored rows once
/// published, over today's figures when live.
pub async fn bulletin_summary(
    db: &(impl ConnectionTrait + sea_orm::TransactionTrait),
    head: &BulletinHead,
    dims: &[Dimension],
) -> ServiceResult<ReportingSummary> {
    let source = match head.bulletin_id {
        Some(id) if !head.live => Some(super::rollup::published_facts(id, false)),
        _ => {
            let book = super::rules::rule_book(db, None).await?;
            super::month_fact::facts(
                db,
                &ProjectFilter::default(),
                head.period,
                &book,
                Utc::now(),
            )
            .await?
        }
    };
    super::summary::summary_of(db, head.period, source, dims).await
}

/// A bulletin's project table, read a chunk at a time in project order: the stored rows once
/// published, today's figures when live. What a long export writes from without holding the
/// table.
pub(crate) enum ProjectRows {
    /// A published month's stored rows after this project.
    Stored { bulletin_id: i32, after: i32 },
    /// Today's figures.
    Live(Box<MonthWalk>),
    /// Read to the end.
    Done,
}

impl ProjectRows {
    /// The rows `head`'s bulletin shows.
    pub(crate) async fn of(db: &impl ConnectionTrait, head: &BulletinHead) -> ServiceResult<Self> {
        Ok(match head.bulletin_id {
            Some(bulletin_id) if !head.live => Self::Stored {
                bulletin_id,
                after: 0,
            },
            _ => Self::Live(Box::new(
                MonthWalk::new(db, ProjectFilter::default(), head.period, Utc::now()).await?,
            )),
        })
    }

    /// The next chunk, `None` at the end.
    pub(crate) async fn next_chunk(
        &mut self,
        db: &impl ConnectionTrait,
    ) -> ServiceResult<Option<Vec<ProjectMonth>>> {
        let chunk = match self {
            Self::Done => return Ok(None),
            Self::Live(walk) => walk.next_chunk(db).await?,
            Self::Stored { bulletin_id, after } => {
                let rows = bulletin_project::Entity::find()
                    .filter(bulletin_project::Column::BulletinId.eq(*bulletin_id))
                    .filter(bulletin_project::Column::OfPrevious.eq(false))
                    .filter(bulletin_project::Column::ProjectId.gt(*after))
                    .order_by_asc(bulletin_project::Column::ProjectId)
                    .limit(2_000)
                    .all(db)
                    .await?;
                match rows.last() {
                    Some(last) => {
                        *after = last.project_id;
                        Some(rows.into_iter().map(month_of).collect())
                    }
                    None => None,
                }
            }
        };
        if chunk.is_none() {
            *self = Self::Done;
        }
        Ok(chunk)
    }
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

fn stored(bulletin_id: i32, of_previous: bool, m: &ProjectMonth) -> bulletin_project::ActiveModel {
    let count = |n: u64| i32::try_from(n).unwrap_or(i32::MAX);
    bulletin_project::ActiveModel {
        bulletin_id: Set(bulletin_id),
        of_previous: Set(of_previous),
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
) -> ServiceResult<BulletinHead> {
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
    // What the month is compared with is kept too, so the comparison never changes either.
    let (previous, previous_live, _, _) = month_figures(&txn, period.previous(), false).await?;
    let row = bulletin::ActiveModel {
        period: Set(period.to_string()),
        note: Set(optional_text(note)),
        published_by: Set(actor.principal.name.clone()),
        published_at: Set(now),
        compared_with_published: Set(!previous_live),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .on_unique(|| format!("{period} was published meanwhile; a bulletin never changes"))?;
    let rows = months
        .iter()
        .map(|m| (false, m))
        .chain(previous.iter().map(|m| (true, m)))
        .collect::<Vec<_>>();
    for chunk in rows.chunks(500) {
        bulletin_project::Entity::insert_many(chunk.iter().map(|(p, m)| stored(row.id, *p, m)))
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
    crate::mark::commit(txn).await?;
    Ok(BulletinHead {
        period,
        live: false,
        bulletin_id: Some(row.id),
        publication: Some(publication(row)),
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

/// A month's figures: the published ones unless `live` or unpublished; with the publication
/// and the stored rows when published.
async fn month_figures(
    db: &impl ConnectionTrait,
    period: Period,
    live: bool,
) -> ServiceResult<(
    Vec<ProjectMonth>,
    bool,
    Option<Publication>,
    Option<Vec<ProjectMonth>>,
)> {
    let Some(row) = published(db, period).await? else {
        let months = project_months(db, &ProjectFilter::default(), period, Utc::now()).await?;
        return Ok((months, true, None, None));
    };
    let (stored, _) = stored_rows(db, row.id).await?;
    let publication = Some(publication(row));
    if live {
        let months = project_months(db, &ProjectFilter::default(), period, Utc::now()).await?;
        Ok((months, true, publication, Some(stored)))
    } else {
        Ok((stored, false, publication, None))
    }
}

/// A published bulletin's rows: the month's, and the month before's it was compared with.
async fn stored_rows(
    db: &impl ConnectionTrait,
    bulletin_id: i32,
) -> ServiceResult<(Vec<ProjectMonth>, Vec<ProjectMonth>)> {
    let mut month = Vec::new();
    let mut previous = Vec::new();
    for row in bulletin_project::Entity::find()
        .filter(bulletin_project::Column::BulletinId.eq(bulletin_id))
        .order_by_asc(bulletin_project::Column::ProjectId)
        .all(db)
        .await?
    {
        if row.of_previous {
            previous.push(month_of(row));
        } else {
            month.push(month_of(row));
        }
    }
    Ok((month, previous))
}

fn points(now: Option<Decimal>, before: Option<Decimal>) -> Option<Decimal> {
    Some(((now? - before?) * Decimal::ONE_HUNDRED).normalize())
}

fn month_on_month(
    period: Period,
    published: bool,
    now: &ReportingSummary,
    now_months: &[ProjectMonth],
    before: &ReportingSummary,
    before_months: &[ProjectMonth],
) -> MonthOnMonth {
    let mut keys: Vec<&GroupKey> = now.groups.iter().map(|g| &g.key).collect();
    for g in &before.groups {
        if !keys.contains(&&g.key) {
            keys.push(&g.key);
        }
    }
    let empty = super::summary::ReportingGroup::default();
    let find =
        |s: &'_ ReportingSummary, key: &GroupKey| -> Option<super::summary::ReportingGroup> {
            s.groups.iter().find(|g| &g.key == key).cloned()
        };
    let change =
        |key: GroupKey, n: &super::summary::ReportingGroup, b: &super::summary::ReportingGroup| {
            let light = |i: usize| {
                i64::try_from(n.lights[i]).unwrap_or(i64::MAX)
                    - i64::try_from(b.lights[i]).unwrap_or(i64::MAX)
            };
            GroupChange {
                key,
                completed_this_year: n.completed_this_year.known() - b.completed_this_year.known(),
                completion_rate_points: points(n.completion.value(), b.completion.value()),
                schedule_rate_points: points(n.schedule.value(), b.schedule.value()),
                lights: [light(0), light(1), light(2), light(3)],
            }
        };
    let mut groups = vec![change(GroupKey::default(), &now.total, &before.total)];
    if !now.groups.is_empty() || !before.groups.is_empty() {
        groups = keys
            .into_iter()
            .map(|k| {
                let n = find(now, k).unwrap_or_else(|| empty.clone());
                let b = find(before, k).unwrap_or_else(|| empty.clone());
                change(k.clone(), &n, &b)
            })
            .collect();
        groups.insert(0, change(GroupKey::default(), &now.total, &before.total));
    }
    let before_levels: std::collections::HashMap<i32, (Level, &str)> = before_months
        .iter()
        .map(|m| (m.project_id, (m.level, m.project_key.as_str())))
        .collect();
    let mut light_changes = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for m in now_months {
        seen.insert(m.project_id);
        let previous = before_levels.get(&m.project_id).map(|(l, _)| *l);
        if previous != Some(m.level) {
            light_changes.push(LightChange {
                project_id: m.project_id,
                project_key: m.project_key.clone(),
                previous,
                current: Some(m.level),
            });
        }
    }
    for m in before_months
        .iter()
        .filter(|m| !seen.contains(&m.project_id))
    {
        light_changes.push(LightChange {
            project_id: m.project_id,
            project_key: m.project_key.clone(),
            previous: Some(m.level),
            current: None,
        });
    }
    MonthOnMonth {
        period: period.to_string(),
        published,
        groups,
        light_changes,
    }
}

/// The bulletin of `period`: as published (the stored figures, whatever changed since), or with
/// `live` — and always for a month not yet published — today's figures, with what differs from
/// the published ones. Either way it carries the change since the month before, read from that
/// month's published bulletin when there is one.
pub async fn bulletin(
    db: &impl ConnectionTrait,
    principal: &Principal,
    period: Period,
    live: bool,
    dims: &[Dimension],
) -> ServiceResult<Bulletin> {
    require_read(principal)?;
    let (months, is_live, publication, stored) = month_figures(db, period, live).await?;
    let differences = stored
        .as_deref()
        .map(|s| differences(s, &months))
        .unwrap_or_default();
    let summary = summarize(period, &months, dims);
    let before_period = period.previous();
    // A published bulletin keeps the figures it was compared with; a live one compares with the
    // month before's published bulletin, or its live figures.
    let (before_months, before_published) = match (&publication, is_live) {
        (Some(_), false) => {
            let row = published(db, period)
                .await?
                .ok_or_else(|| ServiceError::internal("a publication vanished"))?;
            (
                stored_rows(db, row.id).await?.1,
                row.compared_with_published,
            )
        }
        _ => {
            let (m, live_before, _, _) = month_figures(db, before_period, false).await?;
            (m, !live_before)
        }
    };
    let before = summarize(before_period, &before_months, dims);
    let month_on_month = month_on_month(
        before_period,
        before_published,
        &summary,
        &months,
        &before,
        &before_months,
    );
    Ok(Bulletin {
        period: period.to_string(),
        live: is_live,
        publication,
        summary,
        projects: months,
        differences,
        month_on_month,
    })
}
