//! Integration tests: each starts the real server on a fresh database (SQLite, or PostgreSQL when
//! `BLUE_SUITS_TEST_POSTGRES` is set) and talks to it over HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod auth;
mod cli;
mod concurrency;
mod crash;
mod dashboard;
mod deployments;
mod health;
mod helpers;
mod import;
mod matching;
mod outbox;
mod pages;
mod permissions;
mod portal;
mod retention;
mod roster;
mod security;
mod sessions;
mod sign_in;
mod storage;
mod trust;
mod users;
