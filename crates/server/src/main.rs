//! `portfolio`: serve the GraphQL API, migrate, seed, print the schema.

// A request allocates thousands of small, short-lived values (one per field, row and cell) from
// several threads; glibc's allocator spent a fifth of a page request's CPU on them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    portfolio_server::cli::main().await
}
