//! `portfolio`: serve the GraphQL API, migrate, seed, print the schema.

#[tokio::main]
async fn main() -> std::process::ExitCode {
    portfolio_server::cli::main().await
}
