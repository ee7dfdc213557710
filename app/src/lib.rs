//! Blue Suits: the on-call roster of civilian experts — pages, server functions and domain rules,
//! compiled for the server (`ssr`) and for the browser (`hydrate`).
// Deeply nested view types of whole pages exceed the default query depth in release WASM builds.
#![recursion_limit = "256"]
pub mod api;
pub mod components;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod pages;
pub mod routes;
#[cfg(feature = "ssr")]
pub mod server;
pub mod session;
#[cfg(feature = "spreadsheet")]
pub mod spreadsheet;
pub mod views;

pub use routes::{App, shell};

/// Entry point of the WASM bundle: takes over the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
}
