//! Server-only code: database access, services and request context. Never compiled to WASM.
pub mod context;
pub mod cookies;
pub mod csp;
pub mod door;
pub mod entities;
pub mod errors;
pub mod gate;
pub mod password;
pub mod repo;
pub mod request_id;
pub mod services;
pub mod settings;
pub mod totp;
pub mod tx;

/// SQLite page cache per connection, in KiB: the roster's list queries read far more pages than
/// SQLite's default 2 MB holds.
pub const SQLITE_CACHE_KIB: u32 = 16_384;
