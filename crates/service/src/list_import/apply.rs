//! Importing a list read from a spreadsheet ([`super::read`]) into a plan: the report of what the
//! file would change — rows new, changed field by field, unchanged, and in the database but not
//! in the file — and, unless it is a dry run, the change itself, all of it in one transaction.
//!
//! A row's project is found by its key, `<LIST>-<CATEGORY>-<序号>`, so importing the same file
//! twice changes nothing the second time and an existing key never changes. The headings' and
//! the 合计 row's declared counts and subtotals become the list's and categories' declared
//! figures, which `reconciliation` compares with the projects at once.
//!
//! A dry run does the same work inside the transaction and rolls it back, so its report is
//! exactly what applying would do.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use entity::{ProjectStatus, category, plan, project, project_list};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use tracing::instrument;

use super::read::{Declared, Figure, ParsedList, ParsedProject, Problem};
use crate::access::require_admin;
use crate::audit::fields::{Change, events};
use crate::audit::record::{Target, append};
use crate::figures::{Figures, HasFigures};
use crate::money::{Amount, fen_to_decimal};
use crate::project::project_key;
use crate::write::{Actor, begin_write, insert_projects, save_project_change};
use crate::{ServiceError, ServiceResult};

/// What an import is asked to do.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// The plan the list belongs to; it must exist.
    pub plan_code: String,
    /// The list: updated when it exists (in that plan), created otherwise.
    pub list_code: String,
    /// Report only; write nothing.
    pub dry_run: bool,
    /// Codes for headings by their ordinal (`一` = 1), over the code a heading would get.
    pub category_codes: Vec<(u32, String)>,
}

/// Where a category's code came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeSource {
    /// The list has this heading already.
    Existing,
    /// The heading's name is a known category's.
    KnownName,
    /// Named by the import's options.
    Given,
    /// Made from the heading's ordinal (`C6`).
    Ordinal,
}

/// One figure that differs between the database and the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldChange {
    /// The field, in the API's naming (`name`, `totalInvestment`, …).
    pub field: &'static str,
    /// In the database; `None` when unknown or absent.
    pub old: Option<String>,
    /// In the file.
    pub new: Option<String>,
}

/// A heading of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CategoryOutcome {
    /// Its ordinal.
    pub ordinal: u32,
    /// Its code in the list.
    pub code: String,
    /// Where the code came from.
    pub code_source: CodeSource,
    /// Its name.
    pub name: String,
    /// Whether the import creates it.
    pub created: bool,
    /// Its declared figures that change.
    pub changes: Vec<FieldChange>,
}

/// A project row and what the import does with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowOutcome {
    /// The project's key.
    pub key: String,
    /// The file's row.
    pub row: u32,
    /// The project's name in the file.
    pub name: String,
    /// For a changed project, the figures that change.
    pub changes: Vec<FieldChange>,
    /// The key of the earlier plan's listing the row carries on (原项目编号), when it names one.
    pub continues: Option<String>,
}

/// A project of the list the file does not hold (kept: an import never deletes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Missing {
    /// Its key.
    pub key: String,
    /// Its name.
    pub name: String,
}

/// A project of another list whose name is like a row's: perhaps the same project, carried on.
/// Never linked on a guess: the file says so with 原项目编号.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suggestion {
    /// The file's row.
    pub row: u32,
    /// The row's name.
    pub name: String,
    /// The key of the project that looks alike.
    pub key: String,
    /// Its name.
    pub its_name: String,
}

/// What an import did, or would do.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// The plan.
    pub plan_code: String,
    /// The list.
    pub list_code: String,
    /// Whether the import creates the list.
    pub list_created: bool,
    /// Whether this was a dry run (nothing written).
    pub dry_run: bool,
    /// The list's declared figures (合计 and title) that change.
    pub list_changes: Vec<FieldChange>,
    /// The file's headings.
    pub categories: Vec<CategoryOutcome>,
    /// Projects the file adds.
    pub new: Vec<RowOutcome>,
    /// Projects whose figures the file changes.
    pub changed: Vec<RowOutcome>,
    /// Keys of the projects the file leaves as they are.
    pub unchanged: Vec<String>,
    /// Projects of the list the file does not hold.
    pub missing: Vec<Missing>,
    /// Likely matches in other lists, by name.
    pub suggestions: Vec<Suggestion>,
    /// Rows and cells that could not be read or taken: left out, with where and why.
    pub problems: Vec<Problem>,
}

/// The seeded category a heading's name is, if any: the name compared without a parenthesised
/// qualifier such as `（已确定）` or a count.
fn known_category(name: &str) -> Option<crate::seed::KnownCategory> {
    let bare = bare_name(name);
    crate::seed::known_categories()
        .into_iter()
        .find(|k| k.name == bare)
}

/// A heading's name without a parenthesised qualifier: `工业投资项目（已确定）` is the category
/// 工业投资项目, confirmed; the heading keeps the whole text.
fn bare_name(name: &str) -> String {
    name.split(['（', '('])
        .next()
        .unwrap_or(name)
        .trim()
        .to_owned()
}

fn check_code(field: &str, code: &str) -> ServiceResult<()> {
    let ok = (1..=40).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
        && code.bytes().next().is_some_and(|b| b.is_ascii_uppercase());
    if ok {
        Ok(())
    } else {
        Err(ServiceError::validation(
            field,
            format!("`{code}`: capitals, digits and _ only, starting with a capital"),
        ))
    }
}

fn amount_text(fen: Option<i64>) -> Option<String> {
    fen.map(|f| fen_to_decimal(f).to_string())
}

fn change<T: PartialEq>(
    out: &mut Vec<FieldChange>,
    field: &'static str,
    old: &T,
    new: &T,
    show: impl Fn(&T) -> Option<String>,
) {
    if old != new {
        out.push(FieldChange {
            field,
            old: show(old),
            new: show(new),
        });
    }
}

fn fen(f: &Figure) -> Option<i64> {
    f.known().map(Amount::fen)
}

/// Letters and digits only, full-width folded: how two names are compared for a suggestion.
fn normalised(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The title row split into the appendix it names (`附件2`) and the title proper.
fn split_title(title: &str) -> (Option<String>, String) {
    let t = title.trim();
    if let Some(rest) = t.strip_prefix("附件") {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if !digits.is_empty() {
            let after = rest[digits.len()..].trim_start_matches([' ', '\u{3000}', '：', ':']);
            return (Some(format!("附件{digits}")), after.trim().to_owned());
        }
    }
    (None, t.to_owned())
}

/// Whether a window header (`“十五五”投资`) names a window other than the plan's.
fn window_mismatch(header: &str, start: i32, end: i32) -> Option<String> {
    let expected = crate::appendix::window_header(start, end);
    let name = |h: &str| -> Option<String> {
        let open = h.find('十')?;
        let rest = &h[open..];
        let close = rest.find('五').map(|i| i + '五'.len_utf8())?;
        // `十五五` has its plan's number before the last 五.
        let more = rest[close..]
            .find('五')
            .map(|i| close + i + '五'.len_utf8());
        Some(rest[..more.unwrap_or(close)].to_owned())
    };
    match (name(header), name(&expected)) {
        (Some(got), Some(want)) if got != want => Some(format!(
            "the window column `{header}` names another plan than this one's ({start}-{end}, {want})"
        )),
        _ => None,
    }
}

/// Imports `parsed` as list `options.list_code` of plan `options.plan_code` (ADMIN): see the
/// module's documentation. A missing plan, a list of another plan, a bad code or a window column
/// that names another plan is an error and changes nothing; a row that cannot be taken is a
/// problem in the report, and the rest is imported.
#[instrument(skip_all, fields(plan = %options.plan_code, list = %options.list_code, dry_run = options.dry_run))]
pub async fn import_list(
    db: &DatabaseConnection,
    actor: Actor<'_>,
    parsed: ParsedList,
    options: ImportOptions,
) -> ServiceResult<ImportReport> {
    require_admin(actor.principal)?;
    check_code("list", &options.list_code)?;
    for (_, code) in &options.category_codes {
        check_code("categoryCodes", code)?;
    }
    let txn = begin_write(db).await?;
    let report = import_in(&txn, actor, parsed, &options).await?;
    if options.dry_run {
        txn.rollback().await?;
    } else {
        crate::mark::commit(txn).await?;
    }
    Ok(report)
}

async fn import_in(
    txn: &DatabaseTransaction,
    actor: Actor<'_>,
    parsed: ParsedList,
    options: &ImportOptions,
) -> ServiceResult<ImportReport> {
    let now = Utc::now();
    let plan = plan::Entity::find()
        .filter(plan::Column::Code.eq(options.plan_code.as_str()))
        .one(txn)
        .await?
        .ok_or_else(|| {
            ServiceError::validation(
                "plan",
                format!(
                    "no plan has the code {}; create it first (createPlan)",
                    options.plan_code
                ),
            )
        })?;
    if let Some(reason) = parsed
        .window_header
        .as_deref()
        .and_then(|h| window_mismatch(h, plan.window_start, plan.window_end))
    {
        return Err(ServiceError::validation("file", reason));
    }
    let mut report = ImportReport {
        plan_code: plan.code.clone(),
        list_code: options.list_code.clone(),
        dry_run: options.dry_run,
        problems: parsed.problems.clone(),
        ..Default::default()
    };
    let (appendix, title) = parsed
        .title
        .as_deref()
        .map(split_title)
        .unwrap_or((None, options.list_code.clone()));
    let declared = parsed.declared.clone().unwrap_or(Declared {
        count: None,
        total_investment: Figure::Unknown {
            written: String::new(),
        },
        window_investment: Figure::Unknown {
            written: String::new(),
        },
    });

    // The list.
    let existing = project_list::Entity::find()
        .filter(project_list::Column::Code.eq(options.list_code.as_str()))
        .one(txn)
        .await?;
    let list = match existing {
        Some(list) if list.plan_id != plan.id => {
            return Err(ServiceError::validation(
                "list",
                format!(
                    "list {} belongs to another plan; a list is imported into its own plan",
                    list.code
                ),
            ));
        }
        Some(list) => {
            let mut next = list.clone();
            next.declared_total_investment_fen = fen(&declared.total_investment);
            next.declared_fyp_investment_fen = fen(&declared.window_investment);
            let mut changes = Vec::new();
            change(
                &mut changes,
                "declaredTotalInvestment",
                &list.declared_total_investment_fen,
                &next.declared_total_investment_fen,
                |v| amount_text(*v),
            );
            change(
                &mut changes,
                "declaredFypInvestment",
                &list.declared_fyp_investment_fen,
                &next.declared_fyp_investment_fen,
                |v| amount_text(*v),
            );
            if !changes.is_empty() {
                let mut active: project_list::ActiveModel = list.clone().into();
                active.declared_total_investment_fen = Set(next.declared_total_investment_fen);
                active.declared_fyp_investment_fen = Set(next.declared_fyp_investment_fen);
                active.version = Set(list.version + 1);
                active.updated_at = Set(now);
                let saved = active.update(txn).await?;
                log(
                    txn,
                    actor,
                    "project_list",
                    saved.id,
                    None,
                    saved.version,
                    &changes,
                )
                .await?;
                report.list_changes = changes;
                saved
            } else {
                list
            }
        }
        None => {
            let ordinal: Option<i32> = project_list::Entity::find()
                .select_only()
                .column_as(project_list::Column::Ordinal.max(), "max")
                .into_tuple()
                .one(txn)
                .await?
                .flatten();
            let saved = project_list::ActiveModel {
                plan_id: Set(plan.id),
                code: Set(options.list_code.clone()),
                ordinal: Set(ordinal.unwrap_or(0) + 1),
                appendix: Set(appendix),
                title: Set(title.clone()),
                title_en: Set(options.list_code.clone()),
                unit: Set("万元".into()),
                declared_total_investment_fen: Set(fen(&declared.total_investment)),
                declared_fyp_investment_fen: Set(fen(&declared.window_investment)),
                note: Set(None),
                source: Set(Some(format!("imported from sheet {}", parsed.sheet))),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            log(
                txn,
                actor,
                "project_list",
                saved.id,
                None,
                1,
                &[FieldChange {
                    field: events::CREATED,
                    old: None,
                    new: Some(format!("{} {}", saved.code, saved.title)),
                }],
            )
            .await?;
            report.list_created = true;
            saved
        }
    };

    // The headings.
    let mut by_ordinal: HashMap<i32, category::Model> = category::Entity::find()
        .filter(category::Column::ListId.eq(list.id))
        .all(txn)
        .await?
        .into_iter()
        .map(|c| (c.ordinal, c))
        .collect();
    let mut taken: HashSet<String> = by_ordinal.values().map(|c| c.code.clone()).collect();
    let mut placed: Vec<(category::Model, &[ParsedProject])> = Vec::new();
    for heading in &parsed.categories {
        let ordinal = i32::try_from(heading.ordinal).unwrap_or(i32::MAX);
        let given = options
            .category_codes
            .iter()
            .find(|(o, _)| *o == heading.ordinal)
            .map(|(_, c)| c.clone());
        let current = by_ordinal.remove(&ordinal);
        let name = bare_name(&heading.name);
        let known = known_category(&heading.name);
        let (code, source) = match (&given, &current, &known) {
            (Some(code), _, _) => (code.clone(), CodeSource::Given),
            (None, Some(c), _) => (c.code.clone(), CodeSource::Existing),
            (None, None, Some(k)) if !taken.contains(&k.code) => {
                (k.code.clone(), CodeSource::KnownName)
            }
            _ => (format!("C{}", heading.ordinal), CodeSource::Ordinal),
        };
        if let Some(c) = &current
            && c.code != code
        {
            return Err(ServiceError::validation(
                "categoryCodes",
                format!(
                    "heading {} is category {} of the list already; a code never changes",
                    heading.ordinal, c.code
                ),
            ));
        }
        taken.insert(code.clone());
        let declared_count = heading.declared.count.and_then(|n| i32::try_from(n).ok());
        let total = fen(&heading.declared.total_investment);
        let window = fen(&heading.declared.window_investment);
        let mut outcome = CategoryOutcome {
            ordinal: heading.ordinal,
            code: code.clone(),
            code_source: source,
            name: heading.name.clone(),
            created: current.is_none(),
            changes: Vec::new(),
        };
        let saved = match current {
            Some(c) => {
                let mut changes = Vec::new();
                change(&mut changes, "heading", &c.heading, &heading.heading, |v| {
                    Some(v.clone())
                });
                change(&mut changes, "name", &c.name, &name, |v| Some(v.clone()));
                change(
                    &mut changes,
                    "declaredProjectCount",
                    &c.declared_project_count,
                    &declared_count,
                    |v| v.map(|n| n.to_string()),
                );
                change(
                    &mut changes,
                    "declaredTotalInvestment",
                    &c.declared_total_investment_fen,
                    &total,
                    |v| amount_text(*v),
                );
                change(
                    &mut changes,
                    "declaredFypInvestment",
                    &c.declared_fyp_investment_fen,
                    &window,
                    |v| amount_text(*v),
                );
                if changes.is_empty() {
                    c
                } else {
                    let mut active: category::ActiveModel = c.clone().into();
                    active.heading = Set(heading.heading.clone());
                    active.name = Set(name.clone());
                    active.declared_project_count = Set(declared_count);
                    active.declared_total_investment_fen = Set(total);
                    active.declared_fyp_investment_fen = Set(window);
                    active.version = Set(c.version + 1);
                    active.updated_at = Set(now);
                    let saved = active.update(txn).await?;
                    log(
                        txn,
                        actor,
                        "category",
                        saved.id,
                        None,
                        saved.version,
                        &changes,
                    )
                    .await?;
                    outcome.changes = changes;
                    saved
                }
            }
            None => {
                let saved = category::ActiveModel {
                    list_id: Set(list.id),
                    code: Set(code.clone()),
                    ordinal: Set(ordinal),
                    heading: Set(heading.heading.clone()),
                    name: Set(name.clone()),
                    name_en: Set(known
                        .as_ref()
                        .filter(|k| k.code == code)
                        .map_or_else(|| code.clone(), |k| k.name_en.clone())),
                    declared_project_count: Set(declared_count),
                    declared_total_investment_fen: Set(total),
                    declared_fyp_investment_fen: Set(window),
                    confirmed: Set(heading.heading.contains("已确定")),
                    source: Set(Some(format!("{} row {}", parsed.sheet, heading.row))),
                    version: Set(1),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(txn)
                .await?;
                log(
                    txn,
                    actor,
                    "category",
                    saved.id,
                    None,
                    1,
                    &[FieldChange {
                        field: events::CREATED,
                        old: None,
                        new: Some(format!("{} {}", saved.code, saved.heading)),
                    }],
                )
                .await?;
                saved
            }
        };
        report.categories.push(outcome);
        placed.push((saved, heading.projects.as_slice()));
    }

    // The projects.
    let in_list: HashMap<String, project::Model> = project::Entity::find()
        .filter(project::Column::ListId.eq(list.id))
        .all(txn)
        .await?
        .into_iter()
        .map(|p| (p.key.clone(), p))
        .collect();
    let elsewhere: Vec<(String, String, String)> = project::Entity::find()
        .filter(project::Column::ListId.ne(list.id))
        .filter(project::Column::ArchivedAt.is_null())
        .order_by_asc(project::Column::Id)
        .all(txn)
        .await?
        .into_iter()
        .map(|p| (normalised(&p.name), p.key, p.name))
        .collect();
    let earlier = carried_on(txn, &placed).await?;
    let mut seen: HashSet<String> = HashSet::new();
    let mut continued: HashMap<String, String> = HashMap::new();
    let mut inserts: Vec<(project::Model, project::Model)> = Vec::new();
    for (cat, rows) in &placed {
        for row in *rows {
            let key = project_key(&list.code, &cat.code, row.seq);
            let problem = |column: Option<&str>, reason: String| Problem {
                sheet: parsed.sheet.clone(),
                row: row.row,
                column: column.map(str::to_owned),
                reason,
            };
            if !seen.insert(key.clone()) {
                report.problems.push(problem(
                    Some("序号"),
                    format!(
                        "序号 {} appears twice under heading {}; the row is left out",
                        row.seq, cat.heading
                    ),
                ));
                continue;
            }
            let from = match row
                .continues
                .as_deref()
                .map(str::trim)
                .filter(|k| !k.is_empty())
            {
                None => None,
                Some(their_key) => match check_carry(
                    &earlier,
                    &continued,
                    &plan,
                    list.id,
                    &key,
                    their_key,
                    in_list.get(&key),
                ) {
                    Ok(from) => {
                        continued.insert(their_key.to_owned(), key.clone());
                        Some(from)
                    }
                    Err(reason) => {
                        report.problems.push(problem(Some("原项目编号"), reason));
                        continue;
                    }
                },
            };
            let figures = match Figures::new(
                row.period,
                row.total_investment.known(),
                row.window_investment.known(),
            ) {
                Ok(f) => f,
                Err(e) => {
                    report.problems.push(problem(None, e.to_string()));
                    continue;
                }
            };
            let wanted = |base: &project::Model| {
                let mut p = base.clone();
                p.name = row.name.clone();
                p.scope = row.scope.clone().unwrap_or_default();
                p.set_figures(figures);
                p.location = row.location.clone().filter(|l| !l.trim().is_empty());
                p
            };
            match in_list.get(&key) {
                Some(old) => {
                    let new = wanted(old);
                    let changes = project_changes(old, &new);
                    if changes.is_empty() {
                        report.unchanged.push(key);
                    } else {
                        save_project_change(txn, actor, old, new, &[]).await?;
                        report.changed.push(RowOutcome {
                            key,
                            row: row.row,
                            name: row.name.clone(),
                            changes,
                            continues: from.map(|f| f.key.clone()),
                        });
                    }
                }
                None => {
                    let blank = project::Model {
                        id: 0,
                        key: key.clone(),
                        category_id: cat.id,
                        list_id: list.id,
                        list_ordinal: list.ordinal,
                        category_ordinal: cat.ordinal,
                        seq: row.seq,
                        name: String::new(),
                        scope: String::new(),
                        start_year: None,
                        end_year: None,
                        total_investment_fen: None,
                        fyp_investment_fen: None,
                        status: ProjectStatus::Planned,
                        location: None,
                        land_area_micro_mu: None,
                        responsible_unit: None,
                        source: Some(format!("{} row {}", parsed.sheet, row.row)),
                        archived_at: None,
                        carried_from_id: None,
                        physical_id: None,
                        version: 1,
                        created_at: now,
                        updated_at: now,
                    };
                    let mut new = wanted(&blank);
                    if let Some(from) = from {
                        // One physical project: the new listing joins its chain and has its
                        // status; its history stays the project's.
                        new.carried_from_id = Some(from.id);
                        new.physical_id = Some(from.physical());
                        new.status = from.status;
                    }
                    // Inserted together after the walk: one statement per 500 rows.
                    inserts.push((blank, new));
                    let mine = normalised(&row.name);
                    for (theirs, their_key, their_name) in &elsewhere {
                        if !mine.is_empty()
                            && (theirs == &mine
                                || (mine.chars().count() >= 6
                                    && (theirs.contains(&mine) || mine.contains(theirs.as_str()))))
                        {
                            report.suggestions.push(Suggestion {
                                row: row.row,
                                name: row.name.clone(),
                                key: their_key.clone(),
                                its_name: their_name.clone(),
                            });
                        }
                    }
                    report.new.push(RowOutcome {
                        key,
                        row: row.row,
                        name: row.name.clone(),
                        changes: Vec::new(),
                        continues: from.map(|f| f.key.clone()),
                    });
                }
            }
        }
    }
    let carried: Vec<(String, String)> = inserts
        .iter()
        .filter_map(|(_, new)| {
            let from = new.carried_from_id?;
            let their = earlier.values().find(|e| e.row.id == from)?;
            Some((new.key.clone(), their.row.key.clone()))
        })
        .collect();
    insert_projects(txn, actor, inserts).await?;
    record_carries(txn, actor, &carried, now).await?;
    let mut missing: Vec<&project::Model> = in_list
        .values()
        .filter(|p| p.archived_at.is_none() && !seen.contains(&p.key))
        .collect();
    missing.sort_by_key(|p| (p.category_ordinal, p.seq));
    report.missing = missing
        .into_iter()
        .map(|p| Missing {
            key: p.key.clone(),
            name: p.name.clone(),
        })
        .collect();
    Ok(report)
}

/// The earlier listings the file's rows name in 原项目编号, by key, each with whether a later
/// listing carries it on already (its key), in two queries.
async fn carried_on(
    txn: &impl ConnectionTrait,
    placed: &[(category::Model, &[ParsedProject])],
) -> ServiceResult<HashMap<String, Earlier>> {
    let keys: Vec<String> = placed
        .iter()
        .flat_map(|(_, rows)| rows.iter())
        .filter_map(|r| r.continues.as_deref().map(str::trim))
        .filter(|k| !k.is_empty())
        .map(str::to_owned)
        .collect();
    if keys.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = project::Entity::find()
        .filter(project::Column::Key.is_in(keys))
        .find_also_related(project_list::Entity)
        .all(txn)
        .await?;
    let plan_ids: Vec<i32> = rows
        .iter()
        .filter_map(|(_, l)| l.as_ref().map(|l| l.plan_id))
        .collect();
    let windows: HashMap<i32, (i32, i32)> = plan::Entity::find()
        .filter(plan::Column::Id.is_in(plan_ids))
        .all(txn)
        .await?
        .into_iter()
        .map(|p| (p.id, (p.window_start, p.window_end)))
        .collect();
    let ids: Vec<i32> = rows.iter().map(|(p, _)| p.id).collect();
    let successors: HashMap<i32, String> = project::Entity::find()
        .filter(project::Column::CarriedFromId.is_in(ids))
        .all(txn)
        .await?
        .into_iter()
        .filter_map(|p| Some((p.carried_from_id?, p.key)))
        .collect();
    Ok(rows
        .into_iter()
        .filter_map(|(p, list)| {
            let list = list?;
            let window = windows.get(&list.plan_id).copied()?;
            Some((
                p.key.clone(),
                Earlier {
                    carried_into: successors.get(&p.id).cloned(),
                    window,
                    row: p,
                },
            ))
        })
        .collect())
}

/// A listing a row names in 原项目编号.
struct Earlier {
    row: project::Model,
    /// Its plan's window.
    window: (i32, i32),
    /// The key of the listing that carries it on already, if any.
    carried_into: Option<String>,
}

/// Whether row `key` may carry on `their_key`: it must be a listing of an earlier plan, not
/// carried on by another listing, named by one row only, and an existing row must already be
/// linked to it (linking two histories after the fact would merge two projects' records).
#[allow(clippy::too_many_arguments)]
fn check_carry<'a>(
    earlier: &'a HashMap<String, Earlier>,
    continued: &HashMap<String, String>,
    plan: &plan::Model,
    list_id: i32,
    key: &str,
    their_key: &str,
    existing: Option<&project::Model>,
) -> Result<&'a project::Model, String> {
    let Some(their) = earlier.get(their_key) else {
        return Err(format!(
            "原项目编号 {their_key} names no project; the row is left out rather than counted as a new one"
        ));
    };
    if their.row.list_id == list_id {
        return Err(format!(
            "原项目编号 {their_key} is a project of this same list; a row carries on a project of an earlier plan"
        ));
    }
    if their.window.0 >= plan.window_start {
        return Err(format!(
            "原项目编号 {their_key} is listed in a plan of {}-{}, not earlier than this plan's {}-{}",
            their.window.0, their.window.1, plan.window_start, plan.window_end
        ));
    }
    if their.row.archived_at.is_some() {
        return Err(format!(
            "原项目编号 {their_key} is archived; it cannot be carried on"
        ));
    }
    if let Some(other) = continued.get(their_key) {
        return Err(format!(
            "原项目编号 {their_key} is carried on by {other} already in this file; the row is left out"
        ));
    }
    match (existing, &their.carried_into) {
        (Some(row), _) if row.carried_from_id == Some(their.row.id) => Ok(&their.row),
        (Some(row), _) => Err(format!(
            "{} is recorded already without carrying on {their_key}; linking it now would merge \
             two projects' histories, so the row is left out",
            row.key
        )),
        (None, Some(into)) if into != key => Err(format!(
            "原项目编号 {their_key} is carried on by {into} already; a project is listed once per plan"
        )),
        _ => Ok(&their.row),
    }
}

/// The change-log entries saying which listing each new one carries on.
async fn record_carries(
    txn: &DatabaseTransaction,
    actor: Actor<'_>,
    carried: &[(String, String)],
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    if carried.is_empty() {
        return Ok(());
    }
    let rows: HashMap<String, project::Model> = project::Entity::find()
        .filter(project::Column::Key.is_in(carried.iter().map(|(k, _)| k.clone())))
        .all(txn)
        .await?
        .into_iter()
        .map(|p| (p.key.clone(), p))
        .collect();
    let mut entries = Vec::with_capacity(carried.len());
    for (key, from) in carried {
        let Some(row) = rows.get(key) else {
            return Err(ServiceError::internal(format!(
                "project {key} was inserted but not found"
            )));
        };
        entries.push((
            Target {
                entity_type: "project",
                entity_id: row.id,
                project_id: Some(row.physical()),
                version: row.version,
            },
            vec![Change {
                field: events::CARRIED_FROM,
                old: None,
                new: Some(from.clone()),
            }],
        ));
    }
    crate::audit::record::append_many(txn, actor, &entries, now).await
}

fn project_changes(old: &project::Model, new: &project::Model) -> Vec<FieldChange> {
    let mut out = Vec::new();
    let text = |v: &String| Some(v.clone());
    let year = |v: &Option<i32>| v.map(|y| y.to_string());
    change(&mut out, "name", &old.name, &new.name, text);
    change(&mut out, "scope", &old.scope, &new.scope, text);
    change(
        &mut out,
        "startYear",
        &old.start_year,
        &new.start_year,
        year,
    );
    change(&mut out, "endYear", &old.end_year, &new.end_year, year);
    change(
        &mut out,
        "totalInvestment",
        &old.total_investment_fen,
        &new.total_investment_fen,
        |v| amount_text(*v),
    );
    change(
        &mut out,
        "fypInvestment",
        &old.fyp_investment_fen,
        &new.fyp_investment_fen,
        |v| amount_text(*v),
    );
    change(&mut out, "location", &old.location, &new.location, |v| {
        v.clone()
    });
    out
}

async fn log(
    txn: &DatabaseTransaction,
    actor: Actor<'_>,
    entity_type: &'static str,
    id: i32,
    project_id: Option<i32>,
    version: i32,
    changes: &[FieldChange],
) -> ServiceResult<()> {
    let changes: Vec<Change> = changes
        .iter()
        .map(|c| Change {
            field: c.field,
            old: c.old.clone(),
            new: c.new.clone(),
        })
        .collect();
    append(
        txn,
        actor,
        Target {
            entity_type,
            entity_id: id,
            project_id,
            version,
        },
        &changes,
        Utc::now(),
    )
    .await
}

impl std::fmt::Display for ImportReport {
    /// The report as the command line prints it: the counts, then every row and problem.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "(unknown)".into());
        writeln!(
            f,
            "{} list {} of plan {}{}: {} new, {} changed, {} unchanged, {} not in the file, {} problem(s)",
            if self.dry_run {
                "dry run:"
            } else {
                "imported:"
            },
            self.list_code,
            self.plan_code,
            if self.list_created {
                " (a new list)"
            } else {
                ""
            },
            self.new.len(),
            self.changed.len(),
            self.unchanged.len(),
            self.missing.len(),
            self.problems.len()
        )?;
        for c in &self.list_changes {
            writeln!(f, "  list {}: {} → {}", c.field, show(&c.old), show(&c.new))?;
        }
        for c in &self.categories {
            let source = match c.code_source {
                CodeSource::Existing => "as before",
                CodeSource::KnownName => "a known category's name",
                CodeSource::Given => "as given",
                CodeSource::Ordinal => "from its ordinal",
            };
            writeln!(
                f,
                "  heading {} {} → category {} ({source}){}",
                c.ordinal,
                c.name,
                c.code,
                if c.created { ", new" } else { "" }
            )?;
            for ch in &c.changes {
                writeln!(f, "    {}: {} → {}", ch.field, show(&ch.old), show(&ch.new))?;
            }
        }
        for r in &self.new {
            writeln!(f, "  new      {} (row {}) {}", r.key, r.row, r.name)?;
            if let Some(from) = &r.continues {
                writeln!(
                    f,
                    "    carries on {from} (one project: one status, one history)"
                )?;
            }
        }
        for r in &self.changed {
            writeln!(f, "  changed  {} (row {}) {}", r.key, r.row, r.name)?;
            for c in &r.changes {
                writeln!(f, "    {}: {} → {}", c.field, show(&c.old), show(&c.new))?;
            }
        }
        for m in &self.missing {
            writeln!(f, "  not in the file: {} {}", m.key, m.name)?;
        }
        for s in &self.suggestions {
            writeln!(
                f,
                "  row {} {} looks like {} {} (not linked: name 原项目编号 to link)",
                s.row, s.name, s.key, s.its_name
            )?;
        }
        for p in &self.problems {
            writeln!(
                f,
                "  problem: {}!row {}{}: {}",
                p.sheet,
                p.row,
                p.column
                    .as_deref()
                    .map(|c| format!(" ({c})"))
                    .unwrap_or_default(),
                p.reason
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_heading_of_a_seeded_category_is_known_by_its_name() {
        let known = |n: &str| known_category(n).map(|k| k.code);
        assert_eq!(known("产业发展项目").as_deref(), Some("INDUSTRIAL"));
        assert_eq!(
            known("工业投资项目（已确定）").as_deref(),
            Some("INVESTMENT")
        );
        assert_eq!(known("海洋经济项目"), None);
    }

    #[test]
    fn a_title_row_names_its_appendix() {
        assert_eq!(
            split_title("附件2  洞头区“十五五”重大项目表"),
            (Some("附件2".into()), "洞头区“十五五”重大项目表".into())
        );
        assert_eq!(split_title("重大项目表"), (None, "重大项目表".into()));
    }

    #[test]
    fn a_window_column_of_another_plan_is_caught() {
        assert!(window_mismatch("“十五五”投资", 2021, 2025).is_some());
        assert!(window_mismatch("“十五五”投资（万元）", 2026, 2030).is_none());
        assert!(window_mismatch("“十四五”投资", 2021, 2025).is_none());
        assert!(window_mismatch("期间投资", 2026, 2030).is_none());
    }

    #[test]
    fn names_compare_without_spacing_or_width() {
        assert_eq!(
            normalised("ＬＮＧ 接收站（一期）"),
            normalised("lng接收站(一期)")
        );
    }
}
