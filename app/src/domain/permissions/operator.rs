//! Who may read the operator's routes (`GET /metrics`): whoever presents the configured token.
//! They are not people's routes: no session, no role, and nothing about any expert in them.
use subtle::ConstantTimeEq;

/// What a request for an operator route gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperatorAccess {
    /// No token is configured: the route does not exist (404), so nobody learns it could.
    Hidden,
    /// A token is configured and the request did not present it (401).
    Refused,
    Allowed,
}

/// Decides on the `Authorization` header's value. The comparison takes the same time however
/// much of the token matches, so the token cannot be guessed a character at a time.
pub fn operator_access(configured: Option<&str>, authorization: Option<&str>) -> OperatorAccess {
    let Some(expected) = configured.filter(|t| !t.is_empty()) else {
        return OperatorAccess::Hidden;
    };
    let presented = authorization
        .and_then(|h| h.strip_prefix("Bearer "))
        .unwrap_or_default();
    if bool::from(presented.as_bytes().ct_eq(expected.as_bytes())) {
        OperatorAccess::Allowed
    } else {
        OperatorAccess::Refused
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use OperatorAccess::*;

    #[test]
    fn only_the_configured_bearer_token_opens_the_operator_routes() {
        let table: [(Option<&str>, Option<&str>, OperatorAccess); 9] = [
            (None, None, Hidden),
            (None, Some("Bearer anything"), Hidden),
            (Some(""), Some("Bearer "), Hidden),
            (Some("s3cret-token"), None, Refused),
            (Some("s3cret-token"), Some("Bearer s3cret-toke"), Refused),
            (Some("s3cret-token"), Some("Bearer s3cret-token2"), Refused),
            (Some("s3cret-token"), Some("s3cret-token"), Refused),
            (Some("s3cret-token"), Some("Basic s3cret-token"), Refused),
            (Some("s3cret-token"), Some("Bearer s3cret-token"), Allowed),
        ];
        for (configured, header, expected) in table {
            assert_eq!(
                operator_access(configured, header),
                expected,
                "{configured:?} / {header:?}"
            );
        }
    }
}
