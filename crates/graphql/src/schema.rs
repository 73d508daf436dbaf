//! Building the schema and exporting its SDL.

use async_graphql::{EmptyMutation, EmptySubscription, Request, SDLExportOptions, Schema};
use sea_orm::DatabaseConnection;

use crate::loaders::Loaders;
use crate::query::Query;

/// The portfolio schema.
pub type PortfolioSchema = Schema<Query, EmptyMutation, EmptySubscription>;

/// Deepest query accepted. The standard introspection query needs 15, and GraphiQL and code
/// generators send it, so the bound stays above that.
pub const MAX_DEPTH: usize = 20;
/// Largest query cost accepted (one point per field, list fields times their page size).
pub const MAX_COMPLEXITY: usize = 20_000;

/// The schema over `db`.
pub fn build_schema(db: DatabaseConnection) -> PortfolioSchema {
    Schema::build(Query, EmptyMutation, EmptySubscription)
        .data(db)
        .limit_depth(MAX_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
        .finish()
}

/// Adds what one request needs (its own DataLoaders) to `request`.
pub fn request_data(request: Request, db: &DatabaseConnection) -> Request {
    request.data(Loaders::new(db))
}

/// The schema in SDL, fields, arguments and enum values sorted, as committed in `schema.graphql`.
pub fn sdl() -> String {
    Schema::build(Query, EmptyMutation, EmptySubscription)
        .finish()
        .sdl_with_options(
            SDLExportOptions::new()
                .sorted_fields()
                .sorted_arguments()
                .sorted_enum_items()
                .include_specified_by(),
        )
}
