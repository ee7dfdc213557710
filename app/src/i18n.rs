//! Interface strings in English and French, generated at build time from `app/locales/*.json`.
#![allow(missing_docs, clippy::all, clippy::expect_used, clippy::unwrap_used)]
include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));
pub use i18n::*;
