//! Recording an indicator's actual value for a year, and correcting it.
//!
//! Each record names the indicator's `version` as the caller read it; a stale one is a conflict
//! that changes nothing. The actual row keeps its own version (+1 per correction), the indicator's
//! rises by one per record, and both are logged in the write's transaction: the actual's fields
//! (`value`, `note`, …, as [`INDICATOR_ACTUAL_FIELDS`] spells them) on the actual, and an
//! `indicatorActual` event (`year: value`) on the indicator.

use chrono::Utc;
use entity::{indicator, indicator_actual};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ActiveValue, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
};
use tracing::instrument;

use super::figure::{from_micro, to_micro};
use super::{Actual, Indicator, get_indicator};
use crate::access::require_admin;
use crate::audit::fields::{Change, INDICATOR_ACTUAL_FIELDS, diff, events};
use crate::audit::record::{Target, append, stale};
use crate::error::OnUnique;
use crate::write::{Actor, begin_write, nothing_to_change, optional_text};
use crate::{ServiceError, ServiceResult};

/// What the office records.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecordValue {
    /// The indicator.
    pub indicator_id: i32,
    /// The year the value speaks for, from the baseline year to the target year.
    pub year: i32,
    /// The value; `None` records "cannot be measured" and needs a note.
    pub value: Option<Decimal>,
    /// For a target in words: whether it was met.
    pub met: Option<bool>,
    /// Why, or what the value means.
    pub note: Option<String>,
    /// Where the value comes from (e.g. the statistics bulletin).
    pub source: Option<String>,
    /// The indicator's version as the caller read it.
    pub expected_version: i32,
}

fn summary(actual: &indicator_actual::Model) -> String {
    let value = actual.value_micro.map_or_else(
        || "not measurable".to_owned(),
        |v| from_micro(v).to_string(),
    );
    format!("{}: {value}", actual.year)
}

/// Records (or corrects) the actual value of an indicator for a year. ADMIN only.
#[instrument(skip_all, fields(indicator.id = input.indicator_id, year = input.year))]
pub async fn record_indicator_value(
    db: &DatabaseConnection,
    actor: Actor<'_>,
    input: RecordValue,
) -> ServiceResult<(Indicator, Actual)> {
    require_admin(actor.principal)?;
    let txn = begin_write(db).await?;
    let ind = indicator::Entity::find_by_id(input.indicator_id)
        .one(&txn)
        .await?
        .ok_or_else(|| ServiceError::not_found("indicator"))?;
    if ind.version != input.expected_version {
        return Err(stale(
            &txn,
            "indicator",
            ind.id,
            ind.version,
            input.expected_version,
        )
        .await);
    }
    if !(ind.baseline_year..=ind.target_year).contains(&input.year) {
        return Err(ServiceError::validation(
            "year",
            format!(
                "{} is outside the indicator's years, {} (baseline) to {} (target)",
                input.year, ind.baseline_year, ind.target_year
            ),
        ));
    }
    let value = input
        .value
        .map(to_micro)
        .transpose()
        .map_err(|e| ServiceError::validation("value", e.to_string()))?;
    let note = optional_text(input.note);
    if value.is_none() && note.is_none() {
        return Err(ServiceError::validation(
            "note",
            "a null value records that the indicator cannot be measured; say why in the note",
        ));
    }
    if input.met.is_some() && ind.target_micro.is_some() {
        return Err(ServiceError::validation(
            "met",
            "only a target stated in words is met or not; this one is a number",
        ));
    }
    let now = Utc::now();
    let existing = indicator_actual::Entity::find()
        .filter(indicator_actual::Column::IndicatorId.eq(ind.id))
        .filter(indicator_actual::Column::Year.eq(input.year))
        .one(&txn)
        .await?;
    let old = existing.clone().unwrap_or(indicator_actual::Model {
        id: 0,
        indicator_id: ind.id,
        year: input.year,
        value_micro: None,
        growth_rate_micro: None,
        increase_micro: None,
        met: None,
        note: None,
        source: None,
        recorded_by: actor.principal.name.clone(),
        version: 0,
        created_at: now,
        updated_at: now,
    });
    let mut new = old.clone();
    new.value_micro = value;
    new.met = input.met;
    new.note = note;
    new.source = optional_text(input.source).or(old.source.clone());
    new.recorded_by = actor.principal.name.clone();
    new.version = old.version + 1;
    new.updated_at = now;
    let changes = diff(&INDICATOR_ACTUAL_FIELDS, &old, &new);
    if existing.is_some() && changes.is_empty() {
        return Err(nothing_to_change());
    }
    let saved = if existing.is_some() {
        let mut active = indicator_actual::ActiveModel::from(new.clone()).reset_all();
        active.id = ActiveValue::NotSet;
        active.indicator_id = ActiveValue::NotSet;
        active.year = ActiveValue::NotSet;
        active.created_at = ActiveValue::NotSet;
        indicator_actual::Entity::update_many()
            .set(active)
            .filter(indicator_actual::Column::Id.eq(old.id))
            .filter(indicator_actual::Column::Version.eq(old.version))
            .exec(&txn)
            .await?;
        new
    } else {
        let mut active = indicator_actual::ActiveModel::from(new).reset_all();
        active.id = ActiveValue::NotSet;
        active
            .insert(&txn)
            .await
            .on_unique(|| format!("an actual for {} is being recorded already", input.year))?
    };
    // The version check in the statement is what makes concurrent writers safe.
    let raised = indicator::Entity::update_many()
        .col_expr(
            indicator::Column::Version,
            sea_orm::sea_query::Expr::value(ind.version + 1),
        )
        .col_expr(
            indicator::Column::UpdatedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(indicator::Column::Id.eq(ind.id))
        .filter(indicator::Column::Version.eq(ind.version))
        .exec(&txn)
        .await?;
    if raised.rows_affected != 1 {
        return Err(stale(&txn, "indicator", ind.id, ind.version + 1, ind.version).await);
    }
    let on_actual = Target {
        entity_type: "indicator_actual",
        entity_id: saved.id,
        project_id: None,
        version: saved.version,
    };
    append(&txn, actor, on_actual, &changes, now).await?;
    let event = Change {
        field: events::INDICATOR_ACTUAL,
        old: existing.as_ref().map(summary),
        new: Some(summary(&saved)),
    };
    let on_indicator = Target {
        entity_type: "indicator",
        entity_id: ind.id,
        project_id: None,
        version: ind.version + 1,
    };
    append(&txn, actor, on_indicator, &[event], now).await?;
    crate::mark::commit(txn).await?;
    let indicator = get_indicator(db, actor.principal, ind.id).await?;
    Ok((indicator, saved.into()))
}
