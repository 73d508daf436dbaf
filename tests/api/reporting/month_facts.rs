//! The month's facts kept per period and brought up to date from the change log: after every
//! kind of write that moves a project's figures, light or grouping — its fields, status, plan,
//! returns, problems, archiving, a list's rules, a load around the service — the roll-up read
//! from the kept rows equals the one walked project by project, for the whole list and for a
//! filter, on both backends.

use entity::status::ProjectStatus;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use service::access::Principal;
use service::project::write::{ProjectChanges, archive_project, update_project};
use service::project_search::ProjectFilter;
use service::reporting::annual_plan::{PlanInput, set_annual_plan};
use service::reporting::monthly_return::{ReturnInput, submit_monthly_return};
use service::reporting::period::Period;
use service::reporting::problem::{NewProblem, ProblemKind, raise_problem};
use service::reporting::rules::{RuleChanges, update_warning_rules, warning_rules};
use service::reporting::schedule::warning_counts;
use service::reporting::summary::{Dimension, reporting_summary, reporting_summary_by_project};
use service::write::Actor;

use crate::both_backends;
use crate::helpers::{Backend, spawn_app};

both_backends!(kept_month_facts_follow_every_write);

async fn kept_month_facts_follow_every_write(backend: Backend) {
    let app = spawn_app(backend).await;
    let db = &app.db.db;
    service::synthetic::add_with(
        db,
        service::synthetic::Options {
            count: 160,
            seed: 5,
            reporting: true,
        },
        &|_| {},
    )
    .await
    .expect("synthetic cycles");
    let office = Principal::operator("office");
    let actor = Actor {
        principal: &office,
        request_id: None,
    };
    let planned: Vec<i32> = entity::annual_plan::Entity::find()
        .select_only()
        .column(entity::annual_plan::Column::ProjectId)
        .filter(entity::annual_plan::Column::Year.eq(2026))
        .order_by_asc(entity::annual_plan::Column::ProjectId)
        .into_tuple()
        .all(db)
        .await
        .expect("planned projects");
    assert!(planned.len() > 60, "{} planned projects", planned.len());
    let project = |id: i32| async move {
        entity::project::Entity::find_by_id(id)
            .one(db)
            .await
            .expect("project")
            .expect("project exists")
    };
    let by_status = |status: ProjectStatus| {
        entity::project::Entity::find()
            .select_only()
            .column(entity::project::Column::Id)
            .filter(entity::project::Column::Status.eq(status))
            .filter(entity::project::Column::Id.is_in(planned[5..].to_vec()))
            .order_by_asc(entity::project::Column::Id)
            .into_tuple::<i32>()
            .all(db)
    };

    compare(db, &office, planned[0], "the first request").await;

    // A project's place and unit: it moves between groups.
    let a = project(planned[1]).await;
    update_project(
        db,
        actor,
        a.id,
        a.version,
        ProjectChanges {
            location: Some(Some("鹿西岛".into())),
            responsible_unit: Some(Some("区发改局".into())),
            ..Default::default()
        },
    )
    .await
    .expect("moved");
    compare(
        db,
        &office,
        planned[0],
        "a project moved to another place and unit",
    )
    .await;

    // A plan cut to a tenth: the project falls behind, or back on schedule.
    let b = project(planned[2]).await;
    set_annual_plan(
        db,
        actor,
        b.id,
        b.version,
        PlanInput {
            year: 2026,
            planned_investment: Some("987654.32".parse().expect("decimal")),
            planned_start_month: None,
            planned_completion_month: None,
            target_progress: None,
            quarterly_targets: None,
        },
    )
    .await
    .expect("plan changed");
    compare(db, &office, planned[0], "a plan changed").await;

    // A status: started, then one under construction cancelled (not applicable).
    let waiting = by_status(ProjectStatus::Planned).await.expect("planned");
    let building = by_status(ProjectStatus::UnderConstruction)
        .await
        .expect("building");
    assert!(!waiting.is_empty() && !building.is_empty(), "statuses");
    let c = project(waiting[0]).await;
    service::lifecycle::change_status(
        db,
        actor,
        c.id,
        c.version,
        ProjectStatus::UnderConstruction,
        None,
    )
    .await
    .expect("started");
    let d = project(building[0]).await;
    service::lifecycle::change_status(db, actor, d.id, d.version, ProjectStatus::Cancelled, None)
        .await
        .expect("cancelled");
    compare(db, &office, planned[0], "statuses changed").await;

    // A problem past its due date.
    raise_problem(
        db,
        actor,
        NewProblem {
            project_id: planned[3],
            kind: ProblemKind::Land,
            description: "用地指标未落实".into(),
            owner_unit: None,
            due_on: chrono::NaiveDate::from_ymd_opt(2026, 7, 31),
        },
    )
    .await
    .expect("problem");
    compare(db, &office, planned[0], "a problem raised").await;

    // A return filed for a project without one for November.
    let filed: Vec<i32> = entity::monthly_return::Entity::find()
        .select_only()
        .column(entity::monthly_return::Column::ProjectId)
        .filter(entity::monthly_return::Column::Period.eq("2026-11"))
        .into_tuple()
        .all(db)
        .await
        .expect("filed");
    let e = planned
        .iter()
        .copied()
        .find(|id| !filed.contains(id))
        .expect("a project without a November return");
    let e = project(e).await;
    submit_monthly_return(
        db,
        actor,
        e.id,
        e.version,
        ReturnInput {
            period: "2026-11".into(),
            cumulative_completed_investment: Some("4321.5".parse().expect("decimal")),
            percent_complete: "35".parse().expect("decimal"),
            image_progress: "桩基施工".into(),
            next_steps: None,
            problems: None,
            is_correction: true,
            note: Some("补报".into()),
        },
    )
    .await
    .expect("filed");
    compare(db, &office, planned[0], "a return filed").await;

    // Archived: left out of every set.
    let f = project(planned[4]).await;
    archive_project(db, actor, f.id, f.version)
        .await
        .expect("archived");
    compare(db, &office, planned[0], "a project archived").await;

    // The list's rules: no one project's change, so the period is made again.
    let defaults = warning_rules(db, &office)
        .await
        .expect("rules")
        .into_iter()
        .find(|r| r.list_id.is_none())
        .expect("default rules");
    update_warning_rules(
        db,
        actor,
        defaults.version,
        RuleChanges {
            list_code: Some(service::synthetic::LIST_CODE.into()),
            behind_schedule_yellow: Some("2".parse().expect("decimal")),
            behind_schedule_red: Some("8".parse().expect("decimal")),
            start_overdue_yellow: Some(1),
            start_overdue_red: Some(2),
            return_missing_yellow: Some(1),
            return_missing_red: Some(3),
            due_day: Some(10),
        },
    )
    .await
    .expect("list rules");
    compare(db, &office, planned[0], "the list's rules changed").await;

    // Written around the service, then the mark raised as a bulk load does: no entry says
    // which projects, so the period is made again.
    db.execute_unprepared(
        "UPDATE annual_plan SET planned_investment_fen = planned_investment_fen * 3 WHERE year = 2026",
    )
    .await
    .expect("bulk change");
    service::mark::raise(db).await.expect("mark raised");
    compare(db, &office, planned[0], "a bulk change around the service").await;
}

/// Holds the roll-up read from the kept rows to the walked one for November (its deadline
/// passed) and December (not yet due), for the whole list, one status and the place of project
/// `watched`, in three groupings, and the light counts to the same total.
async fn compare(db: &sea_orm::DatabaseConnection, office: &Principal, watched: i32, step: &str) {
    let periods = [
        Period::new(2026, 11).expect("period"),
        Period::new(2026, 12).expect("period"),
    ];
    let location = entity::project::Entity::find_by_id(watched)
        .one(db)
        .await
        .expect("project")
        .expect("project exists")
        .location;
    let filters = [
        ProjectFilter::default(),
        ProjectFilter {
            statuses: Some(vec![ProjectStatus::UnderConstruction]),
            ..Default::default()
        },
        ProjectFilter {
            location,
            ..Default::default()
        },
    ];
    for period in periods {
        for filter in &filters {
            for dims in [
                &[][..],
                &[Dimension::ResponsibleUnit, Dimension::WarningLevel][..],
                &[Dimension::Location, Dimension::Status][..],
            ] {
                let kept = reporting_summary(db, office, period, filter, dims)
                    .await
                    .expect("summary");
                let walked = reporting_summary_by_project(db, office, period, filter, dims)
                    .await
                    .expect("walked summary");
                assert_eq!(
                    kept, walked,
                    "after {step}: {period}, {filter:?}, by {dims:?}"
                );
            }
            // The light counts read the same kept rows.
            let counts = warning_counts(db, office, period, filter, None)
                .await
                .expect("counts");
            let walked = reporting_summary_by_project(db, office, period, filter, &[])
                .await
                .expect("walked summary");
            let total: u64 = counts.values().sum();
            assert_eq!(
                total, walked.total.project_count,
                "after {step}: {period} counts"
            );
        }
    }
}
