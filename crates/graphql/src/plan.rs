//! Writes to plans: `createPlan`, and `importProjectList`, which reads a plan's list from a
//! spreadsheet into it.

use async_graphql::{Context, Enum, InputObject, Object, Result, SimpleObject, Upload};
use chrono::NaiveDate;
use sea_orm::DatabaseConnection;
use service::list_import::{apply, read};
use service::plan::NewPlan;

use crate::auth::{Auth, principal};
use crate::payload::{UserError, user_errors};
use crate::types::Plan;

/// Input of `createPlan`.
#[derive(InputObject)]
pub struct CreatePlanInput {
    /// Stable code, never changed afterwards: 2 to 40 capitals, digits and hyphens, e.g.
    /// `DONGTOU-15FYP`.
    pub code: String,
    /// Title as published (Chinese).
    pub title: String,
    /// English title.
    pub title_en: String,
    /// Issuing body, when known.
    pub issuer: Option<String>,
    /// Date of issue, when known.
    pub issued_on: Option<NaiveDate>,
    /// First year of the plan window.
    pub window_start: i32,
    /// Last year of the plan window (at most ten years in all).
    pub window_end: i32,
}

/// Result of `createPlan`.
#[derive(SimpleObject)]
pub struct CreatePlanPayload {
    /// The plan created; null when nothing was changed.
    pub plan: Option<Plan>,
    /// Why nothing was changed.
    pub user_errors: Vec<UserError>,
}

/// Writes to plans.
#[derive(Default)]
pub struct PlanMutation;

#[Object]
impl PlanMutation {
    /// Creates a plan (ADMIN only), with no list yet: importing a list names the plan. A code
    /// in use is a `CONFLICT`, a bad code, a blank title or a window that runs backwards or
    /// spans more than ten years a `VALIDATION` user error; each changes nothing.
    async fn create_plan(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The plan's code, titles, issuer, date of issue and window.")]
        input: CreatePlanInput,
    ) -> Result<CreatePlanPayload> {
        let db = ctx.data::<DatabaseConnection>()?;
        let principal = principal(ctx).await?;
        let actor = service::write::Actor {
            principal,
            request_id: ctx.data::<Auth>()?.request_id(),
        };
        let result = service::plan::create_plan(
            db,
            actor,
            NewPlan {
                code: input.code,
                title: input.title,
                title_en: input.title_en,
                issuer: input.issuer,
                issued_on: input.issued_on,
                window_start: input.window_start,
                window_end: input.window_end,
            },
        )
        .await;
        Ok(match result {
            Ok(plan) => CreatePlanPayload {
                plan: Some(Plan(plan)),
                user_errors: Vec::new(),
            },
            Err(e) => CreatePlanPayload {
                plan: None,
                user_errors: user_errors(e)?,
            },
        })
    }
}

/// A code for one heading of an imported list, by its ordinal.
#[derive(InputObject)]
pub struct CategoryCodeInput {
    /// The heading's ordinal (`一` = 1).
    pub ordinal: i32,
    /// Its category code, e.g. `MARINE`.
    pub code: String,
}

/// A figure the import changes.
#[derive(SimpleObject)]
pub struct ImportFieldChange {
    /// The field (`name`, `scope`, `startYear`, `endYear`, `totalInvestment`, `fypInvestment`,
    /// `location`, `heading`, `declaredProjectCount`, `declaredTotalInvestment`,
    /// `declaredFypInvestment`).
    pub field: String,
    /// In the database; null when unknown or absent.
    pub old: Option<String>,
    /// In the file; null when unknown.
    pub new: Option<String>,
}

fn changes(list: Vec<apply::FieldChange>) -> Vec<ImportFieldChange> {
    list.into_iter()
        .map(|c| ImportFieldChange {
            field: c.field.to_owned(),
            old: c.old,
            new: c.new,
        })
        .collect()
}

/// Where an imported heading's category code came from.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(remote = "service::list_import::apply::CodeSource")]
pub enum CategoryCodeSource {
    /// The list has this heading already.
    Existing,
    /// The heading's name is a known category's (产业发展项目 → `INDUSTRIAL`, …).
    KnownName,
    /// Named in `categoryCodes`.
    Given,
    /// Made from the heading's ordinal (`C6`).
    Ordinal,
}

/// A heading of the file.
#[derive(SimpleObject)]
pub struct ImportedCategory {
    /// Its ordinal.
    pub ordinal: u32,
    /// Its category code.
    pub code: String,
    /// Where the code came from.
    pub code_source: CategoryCodeSource,
    /// Its name.
    pub name: String,
    /// Whether the import creates it.
    pub created: bool,
    /// Its declared figures that change.
    pub changes: Vec<ImportFieldChange>,
}

/// A project row and what the import does with it.
#[derive(SimpleObject)]
pub struct ImportedRow {
    /// The project's key (`<LIST>-<CATEGORY>-<序号>`).
    pub key: String,
    /// The file's row, from 1.
    pub row: u32,
    /// The name in the file.
    pub name: String,
    /// For a changed project: what changes, old → new.
    pub changes: Vec<ImportFieldChange>,
    /// The key of the earlier plan's listing the row carries on (its 原项目编号), when it names
    /// one: the two listings are one project, with one status and one history.
    pub continues: Option<String>,
}

/// A project of the list the file does not hold; an import never deletes it.
#[derive(SimpleObject)]
pub struct ImportMissing {
    /// Its key.
    pub key: String,
    /// Its name.
    pub name: String,
}

/// A project of another list with a name like a row's: never linked on a guess.
#[derive(SimpleObject)]
pub struct ImportSuggestion {
    /// The file's row.
    pub row: u32,
    /// The row's name.
    pub name: String,
    /// The key of the project that looks alike.
    pub key: String,
    /// Its name.
    pub its_name: String,
}

/// A row or cell that could not be read or taken, where it is and why.
#[derive(SimpleObject)]
pub struct ImportProblem {
    /// The sheet.
    pub sheet: String,
    /// The row, from 1.
    pub row: u32,
    /// The column's header, when one column is at fault.
    pub column: Option<String>,
    /// What is wrong.
    pub reason: String,
}

/// What an import did, or would do on a dry run.
#[derive(SimpleObject)]
pub struct ImportReport {
    /// The plan.
    pub plan_code: String,
    /// The list.
    pub list_code: String,
    /// Whether the import creates the list.
    pub list_created: bool,
    /// A dry run: nothing was written.
    pub dry_run: bool,
    /// The list's declared totals (its 合计 row) that change.
    pub list_changes: Vec<ImportFieldChange>,
    /// The file's headings.
    pub categories: Vec<ImportedCategory>,
    /// Projects the file adds.
    pub new: Vec<ImportedRow>,
    /// Projects whose figures the file changes, field by field.
    pub changed: Vec<ImportedRow>,
    /// Keys of the projects the file leaves as they are.
    pub unchanged: Vec<String>,
    /// Projects of the list the file does not hold (kept).
    pub missing: Vec<ImportMissing>,
    /// Likely matches in other lists by name (link them with 原项目编号).
    pub suggestions: Vec<ImportSuggestion>,
    /// Rows and cells left out, with where and why.
    pub problems: Vec<ImportProblem>,
}

fn row(r: apply::RowOutcome) -> ImportedRow {
    ImportedRow {
        key: r.key,
        row: r.row,
        name: r.name,
        changes: changes(r.changes),
        continues: r.continues,
    }
}

impl From<apply::ImportReport> for ImportReport {
    fn from(r: apply::ImportReport) -> Self {
        Self {
            plan_code: r.plan_code,
            list_code: r.list_code,
            list_created: r.list_created,
            dry_run: r.dry_run,
            list_changes: changes(r.list_changes),
            categories: r
                .categories
                .into_iter()
                .map(|c| ImportedCategory {
                    ordinal: c.ordinal,
                    code: c.code,
                    code_source: c.code_source.into(),
                    name: c.name,
                    created: c.created,
                    changes: changes(c.changes),
                })
                .collect(),
            new: r.new.into_iter().map(row).collect(),
            changed: r.changed.into_iter().map(row).collect(),
            unchanged: r.unchanged,
            missing: r
                .missing
                .into_iter()
                .map(|m| ImportMissing {
                    key: m.key,
                    name: m.name,
                })
                .collect(),
            suggestions: r
                .suggestions
                .into_iter()
                .map(|s| ImportSuggestion {
                    row: s.row,
                    name: s.name,
                    key: s.key,
                    its_name: s.its_name,
                })
                .collect(),
            problems: r
                .problems
                .into_iter()
                .map(|p| ImportProblem {
                    sheet: p.sheet,
                    row: p.row,
                    column: p.column,
                    reason: p.reason,
                })
                .collect(),
        }
    }
}

/// Result of `importProjectList`.
#[derive(SimpleObject)]
pub struct ImportProjectListPayload {
    /// The report; null when the file was refused as a whole.
    pub report: Option<ImportReport>,
    /// Why nothing was changed: the file refused as a whole (`field: "file"`), no such plan, a
    /// list of another plan.
    pub user_errors: Vec<UserError>,
}

#[Object]
impl ImportMutation {
    /// Imports a plan's project list from a spreadsheet (ADMIN only), sent as an upload (the
    /// GraphQL multipart request): `.xlsx` or `.csv` in the appendix layout — 序号, 项目名称,
    /// 建设内容和规模, 建设年限, 总投资, the plan's window column (e.g. `“十五五”投资`), 备注, found by
    /// their header text; category headings such as `一、产业发展项目（17项）` with their
    /// subtotals; a 合计 row. Answers the report: rows new, changed field by field, unchanged,
    /// and in the database but not in the file, with every problem by sheet, row and column.
    /// All or nothing in one transaction; with `dryRun` nothing is written; the same file twice
    /// changes nothing the second time. A file that is not a spreadsheet, too large, has a
    /// formula cell or a hidden sheet is refused whole.
    // The GraphQL multipart request names its arguments one by one; an input object would hide
    // the upload inside it.
    #[allow(clippy::too_many_arguments)]
    async fn import_project_list(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The spreadsheet (multipart upload).")] file: Upload,
        #[graphql(desc = "The plan the list belongs to; it must exist.")] plan_code: String,
        #[graphql(desc = "The list: updated when it exists, created otherwise.")] list_code: String,
        #[graphql(desc = "Report only; write nothing (false when omitted).")] dry_run: Option<bool>,
        #[graphql(desc = "The sheet to read, when the workbook has several.")] sheet: Option<
            String,
        >,
        #[graphql(
            desc = "Codes for headings by ordinal, over the codes they would get.",
            default
        )]
        category_codes: Vec<CategoryCodeInput>,
    ) -> Result<ImportProjectListPayload> {
        let db = ctx.data::<DatabaseConnection>()?;
        let principal = principal(ctx).await?;
        let actor = service::write::Actor {
            principal,
            request_id: ctx.data::<Auth>()?.request_id(),
        };
        let refused = |field: &str, message: String| -> Result<ImportProjectListPayload> {
            Ok(ImportProjectListPayload {
                report: None,
                user_errors: user_errors(service::ServiceError::validation(field, message))?,
            })
        };
        if let Err(e) = service::access::require_admin(principal) {
            return Ok(ImportProjectListPayload {
                report: None,
                user_errors: user_errors(e)?,
            });
        }
        let limits = read::Limits {
            sheet,
            ..read::Limits::default()
        };
        let upload = file.value(ctx)?;
        let name = upload.filename.clone();
        let mut bytes = Vec::new();
        let mut content = upload.into_read();
        // The upload's size was bounded by the request; this bounds what is read of it too.
        if let Err(e) = std::io::Read::read_to_end(
            &mut std::io::Read::take(&mut content, limits.max_bytes as u64 + 1),
            &mut bytes,
        ) {
            return refused("file", format!("the upload cannot be read: {e}"));
        }
        let parsed = match read::read_file(&name, &bytes, &limits) {
            Ok(parsed) => parsed,
            Err(e) => return refused("file", format!("{name}: {e}")),
        };
        let mut codes = Vec::new();
        for c in category_codes {
            match u32::try_from(c.ordinal) {
                Ok(n) if n > 0 => codes.push((n, c.code)),
                _ => return refused("categoryCodes", "ordinals start at 1".into()),
            }
        }
        let options = apply::ImportOptions {
            plan_code,
            list_code,
            dry_run: dry_run.unwrap_or(false),
            category_codes: codes,
        };
        Ok(match apply::import_list(db, actor, parsed, options).await {
            Ok(report) => ImportProjectListPayload {
                report: Some(report.into()),
                user_errors: Vec::new(),
            },
            Err(e) => ImportProjectListPayload {
                report: None,
                user_errors: user_errors(e)?,
            },
        })
    }
}

/// Importing a plan's list.
#[derive(Default)]
pub struct ImportMutation;
