//! The monthly reporting cycle the major-projects office runs: the problem register.

mod problems;
