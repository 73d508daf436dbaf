//! Enables the PostgreSQL variants of the end-to-end tests when `TEST_DATABASE_URL` is set, so a
//! plain `cargo test` on a machine without PostgreSQL reports them as ignored, not as passed.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(pg_tests)");
    println!("cargo::rerun-if-env-changed=TEST_DATABASE_URL");
    if std::env::var_os("TEST_DATABASE_URL").is_some_and(|v| !v.is_empty()) {
        println!("cargo::rustc-cfg=pg_tests");
    }
}
