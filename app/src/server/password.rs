//! Password hashing with Argon2id, run off the async threads because it is deliberately slow.
use super::errors::internal;
use crate::{domain::account::NewPassword, error::AppError};
use argon2::{
    Argon2, PasswordHash, PasswordHasher, PasswordVerifier,
    password_hash::{SaltString, rand_core::OsRng},
};

/// Hashes a new password (Argon2id, the crate's OWASP-recommended default parameters).
pub async fn hash(password: &NewPassword) -> Result<String, AppError> {
    let plain = password.expose().to_owned();
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(plain.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await
    .map_err(|e| internal("password hashing task failed", e))?
    .map_err(|e| internal("password hashing failed", e))
}

/// A hash of a random secret nobody is told: stored in place of a password that must stop
/// working (an account reset), it never verifies, while sign-in still costs one hash as always.
pub async fn hash_unguessable() -> Result<String, AppError> {
    let secret = crate::server::services::auth::new_token();
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(secret.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await
    .map_err(|e| internal("password hashing task failed", e))?
    .map_err(|e| internal("password hashing failed", e))
}

/// Checks `candidate` against a stored hash. With no hash (unknown account) a fixed hash is checked
/// instead, so the answer takes as long whether or not the account exists.
pub async fn verify(candidate: &str, stored: Option<String>) -> Result<bool, AppError> {
    let candidate = candidate.to_owned();
    tokio::task::spawn_blocking(move || {
        let known = stored.is_some();
        let hash = stored.unwrap_or_else(|| DUMMY_HASH.to_owned());
        let parsed = PasswordHash::new(&hash).map_err(|e| e.to_string())?;
        let matches = Argon2::default()
            .verify_password(candidate.as_bytes(), &parsed)
            .is_ok();
        Ok::<bool, String>(known && matches)
    })
    .await
    .map_err(|e| internal("password check task failed", e))?
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
