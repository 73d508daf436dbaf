//! The maintained aggregates answer what a `GROUP BY` over the projects answers, through every
//! kind of write, and GraphQL serves the same figures from either source.

use chrono::Utc;
use entity::ProjectStatus;
use sea_orm::{ActiveModelTrait, DatabaseConnection, IntoActiveModel, Set, TransactionTrait};
use serde_json::{Value, json};
use service::finance::summary::{self, SummarySource};
use service::finance::{Dimension, SummaryParts};
use service::project_search::ProjectFilter;

use super::new_row;
use crate::both_backends;
use crate::helpers::{Backend, category_by_code, fen, project_by_key, spawn_app};

both_backends!(
    the_aggregates_match_a_group_by_after_seeding,
    the_aggregates_match_a_group_by_after_generated_projects,
    an_edit_of_amounts_and_status_keeps_the_aggregates_exact,
    archiving_and_inserting_keep_the_aggregates_exact,
    a_rolled_back_write_leaves_the_aggregates_as_they_were,
    graphql_serves_the_same_figures_from_either_source,
    a_row_written_behind_the_services_back_counts_only_after_a_rebuild,
    groups_are_named_from_a_kept_catalog_only_when_it_holds_them,
);

/// Without completed investment: what the maintained aggregates can answer.
const LEAN_SUMMARY: &str = "query($filter: ProjectFilter, $groupBy: [InvestmentDimension!]) {
  investmentSummary(filter: $filter, groupBy: $groupBy) {
    total { projectCount totalInvestment { known unknownCount } fypInvestment { known unknownCount }
            fypShare { value basisCount } }
    groups { key { listCode categoryCode status } projectCount totalInvestment { known unknownCount }
             fypInvestment { known unknownCount } fypShare { value basisCount } }
  } }";

const AGGREGATE_DIMENSIONS: [&[Dimension]; 6] = [
    &[],
    &[Dimension::List],
    &[Dimension::Category],
    &[Dimension::List, Dimension::Category],
    &[Dimension::Status],
    &[Dimension::Category, Dimension::Status],
];

/// Every breakdown the aggregates serve equals the `GROUP BY` over the projects.
async fn assert_aggregates_exact(db: &DatabaseConnection, when: &str) {
    let parts = SummaryParts {
        share: true,
        completed: false,
    };
    for dims in AGGREGATE_DIMENSIONS {
        let fast = summary::summary_from_aggregates(db, dims, parts, None)
            .await
            .expect("aggregates");
        let scan = summary::summary_from_projects(db, &ProjectFilter::default(), dims, parts, None)
            .await
            .expect("group by");
        assert_eq!(fast.source, SummarySource::Aggregates);
        assert_eq!(scan.source, SummarySource::Projects);
        assert_eq!(fast.total, scan.total, "{when}: total of {dims:?}");
        assert_eq!(fast.groups, scan.groups, "{when}: groups of {dims:?}");
    }
}

// The writes, in the order the tests apply them: each test replays those before its own.

async fn add_generated_projects(db: &DatabaseConnection) {
    service::synthetic::add(db, 700, 11, &|_| {})
        .await
        .expect("synthetic");
}

/// An edit through the service function: amounts and status change together.
async fn edit_the_lng_terminal(db: &DatabaseConnection) {
    let txn = db.begin().await.expect("begin");
    let old = project_by_key(&txn, "DONGTOU-GREEN-08").await;
    let mut edit = old.clone().into_active_model();
    edit.total_investment_fen = Set(Some(fen("1303600.000001")));
    edit.fyp_investment_fen = Set(None);
    edit.status = Set(ProjectStatus::UnderConstruction);
    let new = edit.update(&txn).await.expect("update");
    service::finance::apply_delta(&txn, Some(&old), Some(&new))
        .await
        .expect("delta");
    txn.commit().await.expect("commit");
}

/// Archiving takes a project out of every sum; an insert adds one.
async fn archive_one_and_insert_one(db: &DatabaseConnection) {
    let txn = db.begin().await.expect("begin");
    let old = project_by_key(&txn, "OUJIANG-PARKS-04").await;
    let mut edit = old.clone().into_active_model();
    edit.archived_at = Set(Some(Utc::now()));
    let new = edit.update(&txn).await.expect("archive");
    service::finance::apply_delta(&txn, Some(&old), Some(&new))
        .await
        .expect("delta");
    let parks = category_by_code(db, "OUJIANG", "PARKS").await;
    let added = new_row(&parks, "TEST-ADDED", 90, None, None, Some("0.000001"))
        .insert(&txn)
        .await
        .expect("insert");
    service::finance::apply_delta(&txn, None, Some(&added))
        .await
        .expect("delta");
    txn.commit().await.expect("commit");
}

async fn roll_back_an_insert(db: &DatabaseConnection) {
    let parks = category_by_code(db, "OUJIANG", "PARKS").await;
    let txn = db.begin().await.expect("begin");
    let extra = new_row(&parks, "TEST-ROLLED-BACK", 91, None, Some("5"), Some("5"))
        .insert(&txn)
        .await
        .expect("insert");
    service::finance::apply_delta(&txn, None, Some(&extra))
        .await
        .expect("delta");
    txn.rollback().await.expect("rollback");
}

/// Every write above, in turn.
async fn write_in_turn(db: &DatabaseConnection) {
    add_generated_projects(db).await;
    edit_the_lng_terminal(db).await;
    archive_one_and_insert_one(db).await;
    roll_back_an_insert(db).await;
}

async fn the_aggregates_match_a_group_by_after_seeding(backend: Backend) {
    let app = spawn_app(backend).await;
    assert_aggregates_exact(&app.db.db, "after seeding").await;
}

async fn the_aggregates_match_a_group_by_after_generated_projects(backend: Backend) {
    let app = spawn_app(backend).await;
    let db = &app.db.db;
    add_generated_projects(db).await;
    assert_aggregates_exact(db, "after synthetic projects").await;
}

async fn an_edit_of_amounts_and_status_keeps_the_aggregates_exact(backend: Backend) {
    let app = spawn_app(backend).await;
    let db = &app.db.db;
    add_generated_projects(db).await;
    edit_the_lng_terminal(db).await;
    assert_aggregates_exact(db, "after an edit").await;
}

async fn archiving_and_inserting_keep_the_aggregates_exact(backend: Backend) {
    let app = spawn_app(backend).await;
    let db = &app.db.db;
    add_generated_projects(db).await;
    edit_the_lng_terminal(db).await;
    archive_one_and_insert_one(db).await;
    assert_aggregates_exact(db, "after archiving and inserting").await;
}

async fn a_rolled_back_write_leaves_the_aggregates_as_they_were(backend: Backend) {
    let app = spawn_app(backend).await;
    let db = &app.db.db;
    write_in_turn(db).await;
    assert_aggregates_exact(db, "after a rollback").await;
}

/// GraphQL serves the same figures from either source (the aggregates when unfiltered and no
/// completed investment is asked for).
async fn graphql_serves_the_same_figures_from_either_source(backend: Backend) {
    let app = spawn_app(backend).await;
    write_in_turn(&app.db.db).await;
    let lean = |filter: Value| {
        app.data(
            LEAN_SUMMARY,
            json!({ "filter": filter, "groupBy": ["LIST", "CATEGORY"] }),
        )
    };
    let fast = lean(Value::Null).await["investmentSummary"].clone();
    let scan = lean(json!({ "listCodes": ["DONGTOU", "OUJIANG", "SYNTHETIC"] })).await
        ["investmentSummary"]
        .clone();
    assert_eq!(fast["groups"], scan["groups"]);
    assert_eq!(fast["total"], scan["total"]);
    let green = fast["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .find(|g| g["key"]["listCode"] == "DONGTOU" && g["key"]["categoryCode"] == "GREEN")
        .expect("green")
        .clone();
    assert_eq!(green["totalInvestment"]["known"], "5431700.000001");
    assert_eq!(green["fypInvestment"]["unknownCount"], 3 + 1);
}

/// A row written behind the service's back is not counted until the aggregates are rebuilt.
async fn a_row_written_behind_the_services_back_counts_only_after_a_rebuild(backend: Backend) {
    let app = spawn_app(backend).await;
    let db = &app.db.db;
    write_in_turn(db).await;
    let parks = category_by_code(db, "OUJIANG", "PARKS").await;
    new_row(&parks, "TEST-BEHIND", 92, None, Some("1"), Some("1"))
        .insert(db)
        .await
        .expect("insert");
    let parts = SummaryParts {
        share: false,
        completed: false,
    };
    let fast = summary::summary_from_aggregates(db, &[], parts, None)
        .await
        .expect("aggregates");
    let scan = summary::summary_from_projects(db, &ProjectFilter::default(), &[], parts, None)
        .await
        .expect("group by");
    assert_eq!(fast.total.project_count + 1, scan.total.project_count);
    let txn = db.begin().await.expect("begin");
    service::finance::rebuild_aggregates(&txn)
        .await
        .expect("rebuild");
    txn.commit().await.expect("commit");
    assert_aggregates_exact(db, "after a rebuild").await;
}

/// A summary names its groups from a catalog the caller keeps when that catalog holds every list
/// and category the groups name, and reads them from its own database when it lacks one (a copy
/// older than that database); the figures are the same either way.
async fn groups_are_named_from_a_kept_catalog_only_when_it_holds_them(backend: Backend) {
    let app = spawn_app(backend).await;
    let db = &app.db.db;
    let parts = SummaryParts {
        share: false,
        completed: false,
    };
    let categories = service::catalog::list_categories(db)
        .await
        .expect("categories");
    let list_ids: Vec<i32> = categories.iter().map(|c| c.list_id).collect();
    let mut kept = service::catalog::Catalog {
        lists: service::catalog::lists_by_ids(db, &list_ids)
            .await
            .expect("lists"),
        categories: categories.into_iter().map(|c| (c.id, c)).collect(),
    };
    let industrial = kept
        .categories
        .values_mut()
        .find(|c| c.code == "INDUSTRIAL")
        .expect("the seed's INDUSTRIAL category");
    // Renamed in the kept copy only: the name shows where a group's name was taken from.
    industrial.name = "只在副本里的名字".into();
    let industrial = industrial.id;
    let name_of = |summary: &summary::InvestmentSummary| {
        summary
            .groups
            .iter()
            .find_map(|g| g.key.category.as_ref().filter(|c| c.id == industrial))
            .map(|c| c.name.clone())
            .expect("a group of INDUSTRIAL")
    };
    for from_aggregates in [true, false] {
        let summarise = |kept: Option<service::catalog::Catalog>| async move {
            let dims = &[Dimension::Category];
            if from_aggregates {
                summary::summary_from_aggregates(db, dims, parts, kept.as_ref()).await
            } else {
                let filter = ProjectFilter::default();
                summary::summary_from_projects(db, &filter, dims, parts, kept.as_ref()).await
            }
            .expect("summary")
        };
        let read = summarise(None).await;
        assert_eq!(name_of(&read), "产业发展项目");

        let named = summarise(Some(kept.clone())).await;
        assert_eq!(
            name_of(&named),
            "只在副本里的名字",
            "aggregates: {from_aggregates}"
        );
        assert_eq!(named.total, read.total);
        assert_eq!(named.groups.len(), read.groups.len());

        // A copy without one of the groups' categories: every name from the database.
        let mut lacking = kept.clone();
        let other = lacking
            .categories
            .values()
            .find(|c| c.code == "INFRASTRUCTURE")
            .map(|c| c.id)
            .expect("the seed's INFRASTRUCTURE category");
        lacking.categories.remove(&other);
        let fallen_back = summarise(Some(lacking)).await;
        assert_eq!(
            fallen_back.groups, read.groups,
            "aggregates: {from_aggregates}"
        );
    }
}
