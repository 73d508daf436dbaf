//! End-to-end tests of the portfolio server live in `tests/`; this crate has no code of its own.
