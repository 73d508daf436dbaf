//! Writing validated seeds in one transaction, idempotently: a row whose natural key exists is
//! left as it is, and every row created is logged as created by the seed.

use std::collections::{HashMap, HashSet};

use chrono::Utc;
use entity::{ProjectStatus, category, change_log, phase, plan, project, project_list};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set,
};

use super::validate::{ValidPhase, ValidPlan, ValidProject};
use super::{SEED_ACTOR, SeedError, SeedReport};
use crate::ServiceError;
use crate::money::Amount;

pub(super) async fn write(
    txn: &impl ConnectionTrait,
    valid: ValidPlan,
    projects: Vec<ValidProject>,
    phases: Vec<ValidPhase>,
) -> Result<SeedReport, SeedError> {
    let now = Utc::now();
    let mut report = SeedReport::default();
    let mut log = Vec::new();

    let plan_id = match plan::Entity::find()
        .filter(plan::Column::Code.eq(&valid.plan.code))
        .one(txn)
        .await?
    {
        Some(existing) => {
            report.unchanged += 1;
            existing.id
        }
        None => {
            let p = valid.plan;
            let row = plan::ActiveModel {
                code: Set(p.code),
                title: Set(p.title),
                title_en: Set(p.title_en),
                window_start: Set(p.window_start),
                window_end: Set(p.window_end),
                issued_on: Set(valid.issued_on),
                issuer: Set(p.issuer),
                source: Set(p.source),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            report.inserted[0] += 1;
            row.id
        }
    };

    let mut list_ids: HashMap<String, i32> = project_list::Entity::find()
        .select_only()
        .column(project_list::Column::Code)
        .column(project_list::Column::Id)
        .into_tuple::<(String, i32)>()
        .all(txn)
        .await?
        .into_iter()
        .collect();
    for (list, total, fyp) in valid.lists {
        if list_ids.contains_key(&list.code) {
            report.unchanged += 1;
            continue;
        }
        let row = project_list::ActiveModel {
            plan_id: Set(plan_id),
            code: Set(list.code.clone()),
            ordinal: Set(list.ordinal),
            appendix: Set(list.appendix),
            title: Set(list.title),
            title_en: Set(list.title_en),
            unit: Set(list.unit),
            declared_total_investment_fen: Set(total),
            declared_fyp_investment_fen: Set(fyp),
            note: Set(list.note),
            source: Set(list.source),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        report.inserted[1] += 1;
        list_ids.insert(list.code, row.id);
    }

    let by_id: HashMap<i32, String> = list_ids.iter().map(|(c, id)| (*id, c.clone())).collect();
    let mut category_ids: HashMap<(String, String), i32> = HashMap::new();
    for (list_id, code, id) in category::Entity::find()
        .select_only()
        .column(category::Column::ListId)
        .column(category::Column::Code)
        .column(category::Column::Id)
        .into_tuple::<(i32, String, i32)>()
        .all(txn)
        .await?
    {
        if let Some(list) = by_id.get(&list_id) {
            category_ids.insert((list.clone(), code), id);
        }
    }
    for (cat, total, fyp) in valid.categories {
        let key = (cat.list.clone(), cat.code.clone());
        if category_ids.contains_key(&key) {
            report.unchanged += 1;
            continue;
        }
        let list_id = list_ids[&cat.list];
        let row = category::ActiveModel {
            list_id: Set(list_id),
            code: Set(cat.code),
            ordinal: Set(cat.ordinal),
            heading: Set(cat.heading),
            name: Set(cat.name),
            name_en: Set(cat.name_en),
            declared_project_count: Set(cat.declared_project_count),
            declared_total_investment_fen: Set(total),
            declared_fyp_investment_fen: Set(fyp),
            confirmed: Set(cat.confirmed),
            source: Set(cat.source),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        report.inserted[2] += 1;
        category_ids.insert(key, row.id);
    }

    // The maintained aggregates learn of every project inserted, in this transaction.
    let mut aggregates = crate::finance::AggregateDelta::new();
    let placements = crate::catalog::placements(txn).await?;
    let mut project_ids: HashMap<String, i32> = project::Entity::find()
        .select_only()
        .column(project::Column::Key)
        .column(project::Column::Id)
        .into_tuple::<(String, i32)>()
        .all(txn)
        .await?
        .into_iter()
        .collect();
    for p in projects {
        if project_ids.contains_key(&p.key) {
            report.unchanged += 1;
            continue;
        }
        let place = placements
            .get(&(p.list.clone(), p.category.clone()))
            .copied()
            .ok_or_else(|| {
                ServiceError::not_found(format!("category {}-{}", p.list, p.category))
            })?;
        let row = project::ActiveModel {
            key: Set(p.key.clone()),
            category_id: Set(place.category_id),
            list_id: Set(place.list_id),
            list_ordinal: Set(place.list_ordinal),
            category_ordinal: Set(place.category_ordinal),
            seq: Set(p.seq),
            name: Set(p.name),
            scope: Set(p.scope),
            start_year: Set(p.figures.period.start),
            end_year: Set(p.figures.period.end),
            total_investment_fen: Set(p.figures.total.map(Amount::fen)),
            fyp_investment_fen: Set(p.figures.fyp.map(Amount::fen)),
            status: Set(ProjectStatus::Planned),
            location: Set(p.location),
            land_area_micro_mu: Set(p.land_area_micro_mu),
            responsible_unit: Set(None),
            source: Set(Some(p.source)),
            archived_at: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        report.inserted[3] += 1;
        aggregates.add(&row);
        log.push(created_entry(now, "project", row.id, row.id, &p.key));
        project_ids.insert(p.key, row.id);
    }

    aggregates.apply(txn).await?;

    let existing_phases: HashSet<(i32, i32)> = phase::Entity::find()
        .select_only()
        .column(phase::Column::ProjectId)
        .column(phase::Column::Ordinal)
        .into_tuple::<(i32, i32)>()
        .all(txn)
        .await?
        .into_iter()
        .collect();
    for ph in phases {
        let project_id = project_ids[&ph.project_key];
        if existing_phases.contains(&(project_id, ph.ordinal)) {
            report.unchanged += 1;
            continue;
        }
        let label = format!("{} phase {}", ph.project_key, ph.ordinal);
        let row = phase::ActiveModel {
            project_id: Set(project_id),
            ordinal: Set(ph.ordinal),
            name: Set(ph.name),
            scope: Set(ph.scope),
            start_year: Set(ph.figures.period.start),
            end_year: Set(ph.figures.period.end),
            total_investment_fen: Set(ph.figures.total.map(Amount::fen)),
            fyp_investment_fen: Set(ph.figures.fyp.map(Amount::fen)),
            source: Set(Some(ph.source)),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        report.inserted[4] += 1;
        log.push(created_entry(now, "phase", row.id, project_id, &label));
    }

    if !log.is_empty() {
        // Batches keep each statement well under SQLite's bound-parameter limit.
        for chunk in log.chunks(500) {
            change_log::Entity::insert_many(chunk.to_vec())
                .exec(txn)
                .await?;
        }
    }
    Ok(report)
}

fn created_entry(
    at: chrono::DateTime<Utc>,
    entity_type: &str,
    entity_id: i32,
    project_id: i32,
    label: &str,
) -> change_log::ActiveModel {
    change_log::ActiveModel {
        at: Set(at),
        actor: Set(SEED_ACTOR.to_owned()),
        entity_type: Set(entity_type.to_owned()),
        entity_id: Set(entity_id),
        project_id: Set(Some(project_id)),
        field: Set("created".to_owned()),
        old_value: Set(None),
        new_value: Set(Some(label.to_owned())),
        version: Set(Some(1)),
        request_id: Set(None),
        ..Default::default()
    }
}
