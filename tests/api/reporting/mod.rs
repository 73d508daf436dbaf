//! The monthly reporting cycle: annual plans, monthly returns and their review, deadlines,
//! schedule warnings and the problem register.

mod cycle;
mod month_facts;
mod problems;
mod rollup;
mod summary;
