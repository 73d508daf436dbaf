//! The month's roll-up the database computes in one statement against the same roll-up read
//! project by project (the walk behind the lights and the bulletin's table), on generated
//! reporting cycles: every figure, count and key of every group must be identical, for months
//! whose deadline has passed and not, across a year's boundary, with a list of its own rules,
//! problems past their due date, and amounts near the largest the system holds.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use service::access::Principal;
use service::project_search::ProjectFilter;
use service::reporting::monthly_return::{
    Decision, ReturnInput, review_monthly_return, submit_monthly_return,
};
use service::reporting::period::Period;
use service::reporting::problem::{NewProblem, ProblemKind, raise_problem};
use service::reporting::rules::{RuleChanges, update_warning_rules, warning_rules};
use service::reporting::summary::{Dimension, reporting_summary, reporting_summary_by_project};
use service::write::Actor;

use crate::both_backends;
use crate::helpers::{Backend, spawn_app};

both_backends!(the_database_roll_up_equals_the_project_by_project_one);

async fn the_database_roll_up_equals_the_project_by_project_one(backend: Backend) {
    let app = spawn_app(backend).await;
    let db = &app.db.db;
    let options = service::synthetic::Options {
        count: 360,
        seed: 11,
        reporting: true,
    };
    service::synthetic::add_with(db, options, &|_| {})
        .await
        .expect("synthetic cycles");
    let office = Principal::operator("office");
    let actor = Actor {
        principal: &office,
        request_id: None,
    };

    // The generated list gets rules of its own: narrower bands, a later due day, a longer
    // look-back for missing returns (reaching into the year before from January to April).
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
            behind_schedule_yellow: Some("5".parse().expect("decimal")),
            behind_schedule_red: Some("17.5".parse().expect("decimal")),
            start_overdue_yellow: Some(1),
            start_overdue_red: Some(2),
            return_missing_yellow: Some(2),
            return_missing_red: Some(5),
            due_day: Some(28),
        },
    )
    .await
    .expect("list rules");

    // Open problems, some past their due date, some not, some without one.
    let ids: Vec<i32> = entity::annual_plan::Entity::find()
        .select_only()
        .column(entity::annual_plan::Column::ProjectId)
        .filter(entity::annual_plan::Column::Year.eq(2026))
        .order_by_asc(entity::annual_plan::Column::ProjectId)
        .into_tuple()
        .all(db)
        .await
        .expect("planned projects");
    assert!(ids.len() > 200, "{} planned projects", ids.len());
    for (i, id) in ids.iter().enumerate().filter(|(i, _)| i % 7 == 0) {
        let due_on = match i % 3 {
            0 => chrono::NaiveDate::from_ymd_opt(2026, 6, 30),
            1 => chrono::NaiveDate::from_ymd_opt(2027, 3, 31),
            _ => None,
        };
        raise_problem(
            db,
            actor,
            NewProblem {
                project_id: *id,
                kind: ProblemKind::Land,
                description: format!("用地问题 {i}"),
                owner_unit: None,
                due_on,
            },
        )
        .await
        .expect("problem");
    }

    // Three plans and their returns scaled towards the largest amount held (10^16 fen), where
    // a plan times a share of 30 000 no longer fits in 64 bits.
    for id in ids.iter().take(3) {
        for sql in [
            format!(
                "UPDATE annual_plan SET planned_investment_fen = 9999999999999999 - {id} \
                 WHERE project_id = {id} AND year = 2026"
            ),
            format!(
                "UPDATE monthly_return SET cumulative_completed_fen = cumulative_completed_fen * 100000 \
                 WHERE project_id = {id}"
            ),
        ] {
            db.execute_unprepared(&sql).await.expect("scale");
        }
    }
    // Returns written around the service are folded per year again, as the repair does.
    service::reporting::return_year::rebuild(db)
        .await
        .expect("returns folded per year");

    let dims: [&[Dimension]; 6] = [
        &[],
        &[Dimension::ResponsibleUnit],
        &[Dimension::Category],
        &[Dimension::WarningLevel, Dimension::Status],
        &[Dimension::Location, Dimension::List],
        &[Dimension::WarningLevel],
    ];
    let months = [
        (2026, 11),
        (2026, 12),
        (2026, 6),
        (2026, 3),
        (2026, 1),
        (2027, 1),
    ];
    let seen_levels = compare(db, &office, &dims, &months).await;
    // The cycles are varied enough for the comparison to mean something: every light occurs.
    assert!(seen_levels.iter().all(|n| *n > 0), "lights {seen_levels:?}");

    // Writes through the service keep the folded rows exact: a correction of an approved month,
    // a submitted return sent back, a month filed for the first time (below October's figure,
    // so as a correction).
    let returns_of = |status: &'static str, period: &'static str| {
        entity::monthly_return::Entity::find()
            .filter(entity::monthly_return::Column::Status.eq(status))
            .filter(entity::monthly_return::Column::Period.eq(period))
            .order_by_asc(entity::monthly_return::Column::ProjectId)
            .limit(3)
            .all(db)
    };
    let version = |id: i32| async move {
        entity::project::Entity::find_by_id(id)
            .one(db)
            .await
            .expect("project")
            .expect("project exists")
            .version
    };
    let input = |period: &str, cumulative: &str, correction: bool| ReturnInput {
        period: period.to_owned(),
        cumulative_completed_investment: Some(cumulative.parse().expect("decimal")),
        percent_complete: "40".parse().expect("decimal"),
        image_progress: "主体施工".into(),
        next_steps: None,
        problems: None,
        is_correction: correction,
        note: correction.then(|| "更正".to_owned()),
    };
    let approved = returns_of("APPROVED", "2026-10").await.expect("approved");
    assert!(!approved.is_empty(), "approved October returns");
    for r in &approved {
        submit_monthly_return(
            db,
            actor,
            r.project_id,
            version(r.project_id).await,
            input("2026-10", "123456.78", true),
        )
        .await
        .expect("correction");
    }
    let submitted = returns_of("SUBMITTED", "2026-11").await.expect("submitted");
    assert!(!submitted.is_empty(), "submitted November returns");
    for r in &submitted {
        review_monthly_return(
            db,
            actor,
            r.id,
            r.version,
            Decision::Return,
            Some("数据有误".into()),
        )
        .await
        .expect("sent back");
    }
    let filed: Vec<i32> = entity::monthly_return::Entity::find()
        .select_only()
        .column(entity::monthly_return::Column::ProjectId)
        .filter(entity::monthly_return::Column::Period.eq("2026-11"))
        .into_tuple()
        .all(db)
        .await
        .expect("filed November");
    let unfiled: Vec<i32> = ids
        .iter()
        .copied()
        .filter(|id| !filed.contains(id))
        .take(3)
        .collect();
    assert!(!unfiled.is_empty(), "projects without a November return");
    for id in &unfiled {
        submit_monthly_return(
            db,
            actor,
            *id,
            version(*id).await,
            input("2026-11", "98765.4321", true),
        )
        .await
        .expect("first filing");
    }
    compare(
        db,
        &office,
        &dims,
        &[(2026, 10), (2026, 11), (2026, 12), (2027, 1)],
    )
    .await;
}

/// Holds the database's roll-up to the walked one for every month and grouping; the lights
/// counted over the months' totals.
async fn compare(
    db: &sea_orm::DatabaseConnection,
    office: &Principal,
    dims: &[&[Dimension]],
    months: &[(i32, u32)],
) -> [u64; 4] {
    let mut seen_levels = [0u64; 4];
    for &(year, month) in months {
        let period = Period::new(year, month).expect("period");
        for d in dims.iter().copied() {
            let by_db = reporting_summary(db, office, period, &ProjectFilter::default(), d)
                .await
                .expect("summary");
            let walked =
                reporting_summary_by_project(db, office, period, &ProjectFilter::default(), d)
                    .await
                    .expect("walked summary");
            assert_eq!(by_db, walked, "{period} grouped by {d:?}");
            if d.is_empty() {
                for (seen, n) in seen_levels.iter_mut().zip(by_db.total.lights) {
                    *seen += n;
                }
            }
        }
    }
    seen_levels
}

both_backends!(returns_written_side_by_side_fold_as_if_one_after_the_other);

/// The rows of `project_id` in `return_year`: year, December before, newest month filed the
/// year before, each month's figure and whether it was filed.
async fn folded(db: &sea_orm::DatabaseConnection, project_id: i32) -> Vec<Vec<Option<i64>>> {
    let mut columns = vec![
        "CAST(year AS BIGINT)".to_owned(),
        "cum_before".to_owned(),
        "CAST(filed_before AS BIGINT)".to_owned(),
    ];
    for m in 1..=12 {
        columns.push(format!("cum_{m:02}"));
        columns.push(format!(
            "CAST(CASE WHEN filed_{m:02} IS NULL THEN 0 ELSE 1 END AS BIGINT)"
        ));
    }
    let sql = format!(
        "SELECT {} FROM return_year WHERE project_id = {project_id} ORDER BY year",
        columns
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c} AS c{i}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    db.query_all_raw(sea_orm::Statement::from_string(
        db.get_database_backend(),
        sql,
    ))
    .await
    .expect("folded rows")
    .iter()
    .map(|row| {
        (0..columns.len())
            .map(|i| {
                row.try_get::<Option<i64>>("", &format!("c{i}"))
                    .expect("a column")
            })
            .collect()
    })
    .collect()
}

/// A review of one month and the filing of the next, at the same moment for one project: each
/// transaction folds the project's returns after the other's are committed (on PostgreSQL the
/// project's row is locked first), so the rows end as a fold of every return would make them.
async fn returns_written_side_by_side_fold_as_if_one_after_the_other(backend: Backend) {
    let app = spawn_app(backend).await;
    let db = &app.db.db;
    let office = Principal::operator("office");
    let actor = Actor {
        principal: &office,
        request_id: None,
    };
    let project = entity::project::Entity::find()
        .filter(entity::project::Column::Key.eq("DONGTOU-GREEN-04"))
        .one(db)
        .await
        .expect("project")
        .expect("seeded project");
    let input = |month: u32| ReturnInput {
        period: format!("2026-{month:02}"),
        cumulative_completed_investment: Some(rust_decimal::Decimal::from(100 * month)),
        percent_complete: rust_decimal::Decimal::from(month),
        image_progress: "施工中".into(),
        next_steps: None,
        problems: None,
        is_correction: false,
        note: None,
    };
    let version = || async {
        entity::project::Entity::find_by_id(project.id)
            .one(db)
            .await
            .expect("project")
            .expect("project exists")
            .version
    };
    let (_, mut pending) = submit_monthly_return(db, actor, project.id, version().await, input(1))
        .await
        .expect("January");
    for month in 2..=9 {
        let expected = version().await;
        let (reviewed, filed) = tokio::join!(
            review_monthly_return(
                db,
                actor,
                pending.id,
                pending.version,
                Decision::Approve,
                None
            ),
            submit_monthly_return(db, actor, project.id, expected, input(month)),
        );
        reviewed.expect("review");
        pending = filed.expect("filing").1;
    }
    let kept = folded(db, project.id).await;
    let y2026 = kept
        .iter()
        .find(|row| row[0] == Some(2026))
        .expect("a row for 2026");
    // Months 1-9 filed with 100 万元 a month (in fen), 10-12 not.
    for m in 1..=12usize {
        let (cum, filed) = (y2026[1 + 2 * m], y2026[2 + 2 * m]);
        if m <= 9 {
            assert_eq!(cum, Some(100 * m as i64 * 1_000_000), "month {m}");
            assert_eq!(filed, Some(1), "month {m}");
        } else {
            assert_eq!((cum, filed), (None, Some(0)), "month {m}");
        }
    }
    service::reporting::return_year::rebuild(db)
        .await
        .expect("rebuild");
    assert_eq!(kept, folded(db, project.id).await);
}
