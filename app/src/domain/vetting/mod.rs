//! Vetting: the five mandatory checks, a candidate's roster status, and who may move it where.
mod checks;
mod status;

pub use checks::*;
pub use status::*;

#[cfg(test)]
mod tests;
