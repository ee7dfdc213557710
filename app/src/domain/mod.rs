//! Pure rules of Blue Suits: typed values, permissions and policies, free of web, database and clock.
pub mod account;
pub mod ids;
pub mod member_state;
pub mod permissions;
pub mod session;
pub mod throttle;
