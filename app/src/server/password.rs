//! Password hashing with Argon2id, run off the async threads because it is deliberately slow.
use super::errors::internal;
use crate::{domain::account::NewPassword, error::AppError};
use argon2::{
    Argon2, PasswordHash, PasswordHasher, PasswordVerifier,
    password_hash::{SaltString, rand_core::OsRng},
};
use std::sync::OnceLock;
use tokio::sync::Semaphore;

/// Hashes run at once: one per core. Each takes 19 MiB and a core for its duration, so a burst
/// of sign-ins queues here instead of exhausting memory and starving every other request.
fn hashing() -> &'static Semaphore {
    static PERMITS: OnceLock<Semaphore> = OnceLock::new();
    PERMITS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, std::num::NonZero::get);
        Semaphore::new(cores.clamp(1, 16))
    })
}

/// Runs one password hash or check on the blocking pool, after waiting for a free permit.
async fn bounded<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AppError> {
    let _permit = hashing()
        .acquire()
        .await
        .map_err(|e| internal("password hashing queue closed", e))?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| internal("password hashing task failed", e))
}

/// Hashes a new password (Argon2id, the crate's OWASP-recommended default parameters).
pub async fn hash(password: &NewPassword) -> Result<String, AppError> {
    let plain = password.expose().to_owned();
    bounded(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(plain.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await?
    .map_err(|e| internal("password hashing failed", e))
}

/// A hash of a random secret nobody is told: stored in place of a password that must stop
/// working (an account reset), it never verifies, while sign-in still costs one hash as always.
pub async fn hash_unguessable() -> Result<String, AppError> {
    let secret = crate::server::services::auth::new_token();
    bounded(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(secret.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await?
    .map_err(|e| internal("password hashing failed", e))
}

/// Checks `candidate` against a stored hash. With no hash (unknown account) a fixed hash is checked
/// instead, so the answer takes as long whether or not the account exists.
pub async fn verify(candidate: &str, stored: Option<String>) -> Result<bool, AppError> {
    let candidate = candidate.to_owned();
    bounded(move || {
        let known = stored.is_some();
        let hash = stored.unwrap_or_else(|| DUMMY_HASH.to_owned());
        let parsed = PasswordHash::new(&hash).map_err(|e| e.to_string())?;
        let matches = Argon2::default()
            .verify_password(candidate.as_bytes(), &parsed)
            .is_ok();
        Ok::<bool, String>(known && matches)
    })
    .await?
    .map_err(|e| internal("stored password hash is unreadable", e))
}

/// An Argon2id hash of a random string nobody knows, with the default parameters.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2Jx6ejwrlXo4oQPAZyfoKfXu1EeUk6Ju6tNbKBdvmZE";

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hashed_password_verifies_and_a_wrong_one_does_not() {
        let p = NewPassword::parse("correct horse battery").expect("valid");
        let h = hash(&p).await.expect("hashes");
        assert!(h.starts_with("$argon2id$"));
        assert!(
            verify("correct horse battery", Some(h.clone()))
                .await
                .expect("checks")
        );
        assert!(
            !verify("correct horse batterY", Some(h))
                .await
                .expect("checks")
        );
    }

    #[tokio::test]
    async fn an_unknown_account_never_verifies() {
        assert!(!verify("anything at all", None).await.expect("checks"));
    }
}
