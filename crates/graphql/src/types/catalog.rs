//! The plan's lists and categories, and how their declared figures reconcile.

use async_graphql::{Context, Enum, ID, Object, Result};
use service::catalog;
use service::finance::{self, ReconciliationStatus as Status};

use super::dec;
use crate::ids::{Kind, global_id};
use crate::loaders::{Loaders, load_error};
use crate::scalars::Decimal;

/// A project list published by the plan (one of its appendices), e.g. `DONGTOU` (Appendix 2).
pub struct ProjectList(pub catalog::ProjectList);

/// A project list published by the plan (one of its appendices), e.g. `DONGTOU` (Appendix 2).
#[Object]
impl ProjectList {
    /// Opaque global id.
    pub(crate) async fn id(&self) -> ID {
        global_id(Kind::ProjectList, self.0.id)
    }
    /// Stable code, e.g. `DONGTOU` or `OUJIANG`.
    async fn code(&self) -> &str {
        &self.0.code
    }
    /// Position among the plan's lists.
    async fn ordinal(&self) -> i32 {
        self.0.ordinal
    }
    /// The appendix the list is printed as, e.g. `附件2`.
    async fn appendix(&self) -> Option<&str> {
        self.0.appendix.as_deref()
    }
    /// Title as printed (Chinese).
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// English title.
    async fn title_en(&self) -> &str {
        &self.0.title_en
    }
    /// Unit of the printed amounts; every amount of this API is in 万元 (10,000 CNY).
    async fn unit(&self) -> &str {
        &self.0.unit
    }
    /// Grand total investment the list declares (万元), or null when it declares none.
    async fn declared_total_investment(&self) -> Option<Decimal> {
        dec(self.0.declared_total_investment)
    }
    /// Grand total 14th-FYP investment the list declares (万元), or null when it declares none.
    async fn declared_fyp_investment(&self) -> Option<Decimal> {
        dec(self.0.declared_fyp_investment)
    }
    /// Remark printed with the list, e.g. that project details are still to be confirmed.
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
    /// Where in the source document the list's figures come from.
    async fn source(&self) -> Option<&str> {
        self.0.source.as_deref()
    }
    /// The plan that publishes the list (its window is the list's `fypInvestment` window).
    async fn plan(&self, ctx: &Context<'_>) -> Result<super::Plan> {
        let loaders = ctx.data::<Loaders>()?;
        loaders
            .plans
            .load_one(self.0.plan_id)
            .await
            .map_err(load_error)?
            .map(super::Plan)
            .ok_or_else(|| "the list's plan is missing".into())
    }
    /// The list's categories in the printed order (一、二、…).
    async fn categories(&self, ctx: &Context<'_>) -> Result<Vec<Category>> {
        let loaders = ctx.data::<Loaders>()?;
        let categories = loaders
            .categories_of_list
            .load_one(self.0.id)
            .await
            .map_err(load_error)?
            .unwrap_or_default();
        Ok(categories.into_iter().map(Category).collect())
    }
}

/// A category of a project list, with the count and subtotals its heading declares.
pub struct Category(pub catalog::Category);

/// A category of a project list, with the count and subtotals its heading declares.
#[Object]
impl Category {
    /// Opaque global id.
    pub(crate) async fn id(&self) -> ID {
        global_id(Kind::Category, self.0.id)
    }
    /// Stable code, unique within the list, e.g. `GREEN`.
    async fn code(&self) -> &str {
        &self.0.code
    }
    /// Position within the list (一 = 1).
    async fn ordinal(&self) -> i32 {
        self.0.ordinal
    }
    /// The heading as printed, e.g. `二、绿色产业项目（10项）`.
    async fn heading(&self) -> &str {
        &self.0.heading
    }
    /// Chinese name.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// English name.
    async fn name_en(&self) -> &str {
        &self.0.name_en
    }
    /// Number of projects the heading declares, or null when it declares none.
    async fn declared_project_count(&self) -> Option<i32> {
        self.0.declared_project_count
    }
    /// Subtotal of total investment the heading row declares (万元), or null.
    async fn declared_total_investment(&self) -> Option<Decimal> {
        dec(self.0.declared_total_investment)
    }
    /// Subtotal of 14th-FYP investment the heading row declares (万元), or null.
    async fn declared_fyp_investment(&self) -> Option<Decimal> {
        dec(self.0.declared_fyp_investment)
    }
    /// Whether the heading marks the category as confirmed (已确定).
    async fn confirmed(&self) -> bool {
        self.0.confirmed
    }
    /// Where in the source document the category's figures come from.
    async fn source(&self) -> Option<&str> {
        self.0.source.as_deref()
    }
    /// The list the category belongs to.
    async fn list(&self, ctx: &Context<'_>) -> Result<ProjectList> {
        load_list(ctx, self.0.list_id).await
    }
}

pub(super) async fn load_list(ctx: &Context<'_>, id: i32) -> Result<ProjectList> {
    ctx.data::<Loaders>()?
        .lists
        .load_one(id)
        .await
        .map_err(load_error)?
        .map(ProjectList)
        .ok_or_else(crate::error::internal)
}

/// How a row's declared figures compare with what its projects add up to.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReconciliationStatus {
    /// Every declared figure equals the computed one.
    Matches,
    /// At least one declared figure differs from the computed one.
    Differs,
    /// The document declares no figure for this row.
    NotDeclared,
}

impl From<Status> for ReconciliationStatus {
    fn from(s: Status) -> Self {
        match s {
            Status::Matches => Self::Matches,
            Status::Differs => Self::Differs,
            Status::NotDeclared => Self::NotDeclared,
        }
    }
}

/// Declared against computed figures for one list (`categoryCode` null) or one of its categories.
/// Computed sums add the known amounts; unknown (待定) amounts are counted, never added as zero.
pub struct ReconciliationRow(pub finance::ReconciliationRow);

/// Declared against computed figures for one list (`categoryCode` null) or one of its categories.
/// Computed sums add the known amounts; unknown (待定) amounts are counted, never added as zero.
/// Declared against computed figures for one list (`categoryCode` null) or one of its categories.
#[Object]
impl ReconciliationRow {
    /// The list's code.
    async fn list_code(&self) -> &str {
        &self.0.list.code
    }
    /// The category's code, or null for the row of the whole list.
    async fn category_code(&self) -> Option<&str> {
        self.0.category.as_ref().map(|c| c.code.as_str())
    }
    /// Project count the document declares, or null.
    async fn declared_count(&self) -> Option<i64> {
        self.0.declared_count
    }
    /// Number of projects held now (archived ones excluded).
    async fn computed_count(&self) -> i64 {
        self.0.computed.project_count
    }
    /// `declaredCount - computedCount`, or null when nothing is declared.
    async fn count_difference(&self) -> Option<i64> {
        self.0.count_difference()
    }
    /// Total investment the document declares (万元), or null.
    async fn declared_total_investment(&self) -> Option<Decimal> {
        dec(self.0.declared_total_investment)
    }
    /// Sum of the known total investments held now (万元).
    async fn computed_total_investment(&self) -> Decimal {
        Decimal(self.0.computed.total_investment.known)
    }
    /// Number of projects whose total investment is unknown and so not in the computed sum.
    async fn unknown_total_investment_count(&self) -> i64 {
        self.0.computed.total_investment.unknown_count
    }
    /// `declaredTotalInvestment - computedTotalInvestment`, or null when nothing is declared.
    async fn total_investment_difference(&self) -> Option<Decimal> {
        dec(self.0.total_investment_difference())
    }
    /// 14th-FYP investment the document declares (万元), or null.
    async fn declared_fyp_investment(&self) -> Option<Decimal> {
        dec(self.0.declared_fyp_investment)
    }
    /// Sum of the known 14th-FYP investments held now (万元).
    async fn computed_fyp_investment(&self) -> Decimal {
        Decimal(self.0.computed.fyp_investment.known)
    }
    /// Number of projects whose 14th-FYP investment is unknown and so not in the computed sum.
    async fn unknown_fyp_investment_count(&self) -> i64 {
        self.0.computed.fyp_investment.unknown_count
    }
    /// `declaredFypInvestment - computedFypInvestment`, or null when nothing is declared.
    async fn fyp_investment_difference(&self) -> Option<Decimal> {
        dec(self.0.fyp_investment_difference())
    }
    /// True when no declared figure differs from the computed one (also when nothing is
    /// declared; `status` tells the two apart).
    async fn matches(&self) -> bool {
        self.0.matches()
    }
    /// Whether the declared figures match, differ, or were not declared.
    async fn status(&self) -> ReconciliationStatus {
        self.0.status().into()
    }
}
