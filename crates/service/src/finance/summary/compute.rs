//! The statements behind a summary: one `GROUP BY` over the chosen projects, a read of the
//! maintained aggregates, and the same `GROUP BY` over the projects as they were at a moment.

// The statements and the shapes they fill are one idea, split for length.
use super::*;

/// The summary computed by one `GROUP BY` over the chosen projects, with the latest progress
/// reports joined in only when completed investment is asked for.
pub async fn summary_from_projects(
    db: &impl ConnectionTrait,
    filter: &ProjectFilter,
    dimensions: &[Dimension],
    parts: SummaryParts,
    kept: Option<&catalog::Catalog>,
) -> ServiceResult<InvestmentSummary> {
    let dimensions = normalise(dimensions);
    let cond = filter_condition(db, filter).await?;
    const T: &str = "\"project\".\"total_investment_fen\"";
    const F: &str = "\"project\".\"fyp_investment_fen\"";
    const C: &str = "\"latest\".\"completed_investment_fen\"";
    // Every sum is split into whole 万元 and leftover fen and cast to BIGINT: exact, and the same
    // integers from SQLite and PostgreSQL.
    let split = |name: &str, value: &str| {
        [
            (
                format!("{name}_whole"),
                format!("CAST(SUM({value} / 1000000) AS BIGINT)"),
            ),
            (
                format!("{name}_rest"),
                format!("CAST(SUM({value} % 1000000) AS BIGINT)"),
            ),
        ]
    };
    let mut columns: Vec<(String, String)> =
        vec![("project_count".into(), "CAST(COUNT(*) AS BIGINT)".into())];
    columns.extend(split("total", T));
    columns.push((
        "total_unknown".into(),
        format!("CAST(COUNT(*) - COUNT({T}) AS BIGINT)"),
    ));
    columns.extend(split("fyp", F));
    columns.push((
        "fyp_unknown".into(),
        format!("CAST(COUNT(*) - COUNT({F}) AS BIGINT)"),
    ));
    if parts.share {
        columns.push((
            "both_count".into(),
            format!(
                "CAST(SUM(CASE WHEN {T} IS NOT NULL AND {F} IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT)"
            ),
        ));
        columns.extend(split(
            "both_total",
            &format!("(CASE WHEN {F} IS NOT NULL THEN {T} END)"),
        ));
        columns.extend(split(
            "both_fyp",
            &format!("(CASE WHEN {T} IS NOT NULL THEN {F} END)"),
        ));
    }
    if parts.completed {
        columns.push((
            "reported_count".into(),
            "CAST(COUNT(\"latest\".\"project_id\") AS BIGINT)".into(),
        ));
        columns.extend(split("completed", C));
        columns.extend(split(
            "completed_fk",
            &format!("(CASE WHEN {F} IS NOT NULL THEN {C} END)"),
        ));
    }
    let dimension_columns: Vec<(Dimension, &str)> = dimensions
        .iter()
        .map(|d| {
            (
                *d,
                match d {
                    Dimension::List => "list_id",
                    Dimension::Category => "category_id",
                    Dimension::Status => "status",
                    Dimension::StartYear => "start_year",
                    Dimension::EndYear => "end_year",
                    Dimension::Location => "location",
                },
            )
        })
        .collect();

    let mut select = Query::select();
    select.from(project::Entity).cond_where(cond);
    for (_, column) in &dimension_columns {
        let expr = Expr::cust(format!("\"project\".\"{column}\""));
        select.expr_as(expr.clone(), Alias::new(format!("d_{column}")));
        select.add_group_by([expr]);
    }
    for (alias, sql) in &columns {
        select.expr_as(Expr::cust(sql.clone()), Alias::new(alias.clone()));
    }
    if parts.completed {
        // The latest report of each project: the one recorded last (reports are append-only).
        let latest_ids = Query::select()
            .expr(Expr::cust("MAX(\"r\".\"id\")"))
            .from_as(entity::progress_report::Entity, Alias::new("r"))
            .add_group_by([Expr::cust("\"r\".\"project_id\"")])
            .to_owned();
        let latest = Query::select()
            .expr(Expr::cust("\"progress_report\".\"project_id\""))
            .expr(Expr::cust(
                "\"progress_report\".\"completed_investment_fen\"",
            ))
            .from(entity::progress_report::Entity)
            .and_where(Expr::cust("\"progress_report\".\"id\"").in_subquery(latest_ids))
            .to_owned();
        select.join_subquery(
            JoinType::LeftJoin,
            latest,
            Alias::new("latest"),
            // A listing's reports are its physical project's (one history over every plan).
            Expr::cust(
                "\"latest\".\"project_id\" = COALESCE(\"project\".\"physical_id\", \"project\".\"id\")",
            ),
        );
    }
    let rows = db.query_all(&select).await?;

    let ids_of = |dimension: Dimension| -> Result<Vec<i32>, DbErr> {
        let Some((_, column)) = dimension_columns.iter().find(|(d, _)| *d == dimension) else {
            return Ok(Vec::new());
        };
        let name = format!("d_{column}");
        let mut ids = Vec::new();
        for row in &rows {
            ids.extend(get::<Option<i32>>(row, &name)?);
        }
        Ok(ids)
    };
    let names = GroupNames::for_groups(
        db,
        kept,
        ids_of(Dimension::List)?,
        ids_of(Dimension::Category)?,
    )
    .await?;
    let mut keyed = Vec::with_capacity(rows.len());
    for row in &rows {
        let mut key = GroupKey::default();
        for (dimension, column) in &dimension_columns {
            let name = format!("d_{column}");
            match dimension {
                Dimension::List => {
                    key.list = get::<Option<i32>>(row, &name)?.and_then(|id| names.list(id));
                }
                Dimension::Category => {
                    let category = get::<Option<i32>>(row, &name)?.and_then(|id| {
                        names
                            .catalog()
                            .categories
                            .get(&id)
                            .map(|c| (c.list_id, names.category(id)))
                    });
                    if let Some((list_id, category)) = category {
                        key.list = names.list(list_id);
                        key.category = category;
                    }
                }
                Dimension::Status => {
                    key.status = get::<Option<String>>(row, &name)?
                        .map(|s| status_of(&s))
                        .transpose()?;
                }
                Dimension::StartYear => key.start_year = get::<Option<i32>>(row, &name)?,
                Dimension::EndYear => key.end_year = get::<Option<i32>>(row, &name)?,
                Dimension::Location => key.location = get::<Option<String>>(row, &name)?,
            }
        }
        keyed.push((key, figures(row, parts)?));
    }
    Ok(assemble(dimensions, parts, keyed, SummarySource::Projects))
}

/// The unfiltered summary grouped by list, category and/or status, read from the maintained
/// aggregates (a few rows per category) with no scan of the projects. Completed investment is not
/// kept there: asking for it is an error of the caller, who should use [`investment_summary`].
pub async fn summary_from_aggregates(
    db: &impl ConnectionTrait,
    dimensions: &[Dimension],
    parts: SummaryParts,
    kept: Option<&catalog::Catalog>,
) -> ServiceResult<InvestmentSummary> {
    let dimensions = normalise(dimensions);
    if !aggregates_answer(&ProjectFilter::default(), &dimensions, parts) {
        return Err(crate::ServiceError::validation(
            "groupBy",
            "the maintained aggregates hold list, category and status sums without completed \
             investment",
        ));
    }
    let sql = "SELECT category_id, status, list_id, project_count, total_whole, total_rest, \
               total_unknown, fyp_whole, fyp_rest, fyp_unknown, both_count, both_total_whole, \
               both_total_rest, both_fyp_whole, both_fyp_rest FROM investment_aggregate \
               WHERE project_count <> 0";
    let rows = db
        .query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await?;
    // A category's key names its list too.
    let (mut lists, mut categories) = (Vec::new(), Vec::new());
    let by_category = dimensions.contains(&Dimension::Category);
    if by_category || dimensions.contains(&Dimension::List) {
        for row in &rows {
            lists.push(get::<i32>(row, "list_id")?);
        }
    }
    if by_category {
        for row in &rows {
            categories.push(get::<i32>(row, "category_id")?);
        }
    }
    let names = GroupNames::for_groups(db, kept, lists, categories).await?;
    // Rows of one key are added in exact decimal arithmetic; the map keeps them apart.
    let mut by_key: BTreeMap<(i32, i32, i32), (GroupKey, Figures)> = BTreeMap::new();
    for row in &rows {
        let category_id = get::<i32>(row, "category_id")?;
        let list_id = get::<i32>(row, "list_id")?;
        let status = status_of(&get::<String>(row, "status")?)?;
        let mut key = GroupKey::default();
        let mut id = (0, 0, 0);
        for dimension in &dimensions {
            match dimension {
                Dimension::List => {
                    key.list = names.list(list_id);
                    id.0 = list_id;
                }
                Dimension::Category => {
                    key.list = names.list(list_id);
                    key.category = names.category(category_id);
                    id.1 = category_id;
                }
                Dimension::Status => {
                    key.status = Some(status);
                    id.2 = i32::from(status_rank(status)) + 1;
                }
                _ => {}
            }
        }
        let figures = figures(row, parts)?;
        by_key
            .entry(id)
            .and_modify(|(_, f)| f.add(&figures))
            .or_insert((key, figures));
    }
    Ok(assemble(
        dimensions,
        parts,
        by_key.into_values().collect(),
        SummarySource::Aggregates,
    ))
}

/// The summary as it was at `at`: the same question answered over the projects as the change log
/// rebuilds them for that moment, and over the progress reports filed by then.
///
/// The rebuilt rows go into temporary tables named like the real ones, inside a transaction that
/// is rolled back; temporary tables are found first by both backends, so the very queries of
/// [`summary_from_projects`] answer for the past. The maintained aggregates describe the present
/// and are not used.
pub async fn investment_summary_as_of(
    db: &sea_orm::DatabaseConnection,
    principal: &crate::access::Principal,
    filter: &ProjectFilter,
    dimensions: &[Dimension],
    parts: SummaryParts,
    at: chrono::DateTime<chrono::Utc>,
) -> ServiceResult<InvestmentSummary> {
    use sea_orm::{ActiveModelTrait, EntityTrait, TransactionTrait};
    crate::access::require_read(principal)?;
    let txn = db.begin().await?;
    let rows = entity::project::Entity::find().all(&txn).await?;
    let past = crate::audit::projects_as_of(&txn, rows, at).await?;
    let backend = txn.get_database_backend();
    let (project, reports) = match backend {
        sea_orm::DbBackend::Postgres => ("public.project", "public.progress_report"),
        _ => ("main.project", "main.progress_report"),
    };
    let stamp = match backend {
        sea_orm::DbBackend::Postgres => format!("'{}'::timestamptz", at.to_rfc3339()),
        _ => format!("'{}'", at.format("%Y-%m-%d %H:%M:%S%.f%:z")),
    };
    for sql in [
        format!("CREATE TEMP TABLE project AS SELECT * FROM {project} WHERE 1 = 0"),
        format!(
            "CREATE TEMP TABLE progress_report AS SELECT * FROM {reports} WHERE created_at <= {stamp}"
        ),
    ] {
        txn.execute_raw(Statement::from_string(backend, sql))
            .await?;
    }
    for chunk in past.chunks(500) {
        entity::project::Entity::insert_many(
            chunk
                .iter()
                .map(|m| entity::project::ActiveModel::from(m.clone()).reset_all()),
        )
        .exec(&txn)
        .await?;
    }
    let summary = summary_from_projects(&txn, filter, dimensions, parts, None).await;
    // Rolling back drops the temporary tables with everything else.
    txn.rollback().await?;
    summary
}
