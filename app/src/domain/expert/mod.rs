//! An expert's own fields — names, contact, dates, numbers, lists — parsed from the text a form or spreadsheet row gives.
mod form;
mod lists;
mod messages;
mod values;

pub use form::*;
pub use lists::*;
pub(crate) use messages::*;
pub use values::*;

#[cfg(test)]
mod tests;
