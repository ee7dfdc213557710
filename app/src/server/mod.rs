//! Server-only code: database access, services and request context. Never compiled to WASM.
pub mod context;
pub mod cookies;
pub mod csp;
pub mod entities;
pub mod errors;
pub mod password;
pub mod repo;
pub mod services;
pub mod settings;
