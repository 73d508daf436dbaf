//! Importing a plan's project list (the appendix table a planning office sends as a spreadsheet).
//!
//! [`read`] turns the file's bytes into a typed, checked list and the problems met on the way,
//! without touching the database, so that a file can be looked at, and its problems shown to the
//! office, before anything of it is compared with what is stored.
//!
//! [`apply`] compares the list with the database and, unless it is a dry run, applies it in one
//! transaction, answering a report of every row new, changed, unchanged or missing.

pub mod apply;
pub mod read;
