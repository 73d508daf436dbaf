//! Amounts as the tests write them, and rows read or written straight in the tables, past the
//! API, as data from elsewhere might arrive.

use chrono::{NaiveDate, Utc};
use entity::{ProjectStatus, category, progress_report, project};
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use service::money::Amount;

/// A decimal written as text, exactly.
pub fn d(text: &str) -> Decimal {
    text.parse().expect("decimal")
}

/// An amount in 万元 text, in fen (millionths of 万元) as the tables store it.
pub fn fen(text: &str) -> i64 {
    text.parse::<Amount>().expect("a valid amount").fen()
}

/// The project with `key`, as stored.
pub async fn project_by_key(db: &impl ConnectionTrait, key: &str) -> project::Model {
    project::Entity::find()
        .filter(project::Column::Key.eq(key))
        .one(db)
        .await
        .expect("query")
        .expect("project")
}

/// The category `code` of the list `list`, as stored.
pub async fn category_by_code(
    db: &impl ConnectionTrait,
    list: &str,
    code: &str,
) -> category::Model {
    let list_id = entity::project_list::Entity::find()
        .filter(entity::project_list::Column::Code.eq(list))
        .one(db)
        .await
        .expect("query")
        .expect("list")
        .id;
    category::Entity::find()
        .filter(category::Column::Code.eq(code))
        .filter(category::Column::ListId.eq(list_id))
        .one(db)
        .await
        .expect("query")
        .expect("category")
}

/// A new planned project of `category` at version 1, with neither period nor amounts: a test
/// sets what it is about.
pub fn project_row(
    category: &category::Model,
    list_ordinal: i32,
    key: &str,
    seq: i32,
    name: String,
    scope: &str,
) -> project::ActiveModel {
    let now = Utc::now();
    project::ActiveModel {
        key: Set(key.to_owned()),
        category_id: Set(category.id),
        list_id: Set(category.list_id),
        list_ordinal: Set(list_ordinal),
        category_ordinal: Set(category.ordinal),
        seq: Set(seq),
        name: Set(name),
        scope: Set(scope.to_owned()),
        start_year: Set(None),
        end_year: Set(None),
        total_investment_fen: Set(None),
        fyp_investment_fen: Set(None),
        status: Set(ProjectStatus::Planned),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
}

/// A progress report by `tester` on a project under construction: `percent_bp` in basis points,
/// `completed_fen` the completed investment.
pub fn progress_report_row(
    project_id: i32,
    reported_on: NaiveDate,
    percent_bp: i32,
    completed_fen: i64,
) -> progress_report::ActiveModel {
    progress_report::ActiveModel {
        project_id: Set(project_id),
        reported_on: Set(reported_on),
        reported_by: Set("tester".into()),
        status: Set(ProjectStatus::UnderConstruction),
        percent_complete_bp: Set(percent_bp),
        completed_investment_fen: Set(completed_fen),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
}
