//! Typed identifiers, so a user id can never be passed where another record's id is expected.
use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

/// What every typed id can do: be read from the textual form used in URLs and forms.
pub trait TypedId: Sized + Copy {
    /// Parses the textual form; anything else is `None`.
    fn parse(s: &str) -> Option<Self>;
    /// The database key.
    fn uuid(self) -> Uuid;
}

/// Ids parsed from URLs the same way, each its own type.
macro_rules! typed_id {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// Parses the textual form used in URLs; anything else is `None`.
            pub fn parse(s: &str) -> Option<Self> {
                Uuid::parse_str(s.trim()).ok().map(Self)
            }
        }

        impl TypedId for $name {
            fn parse(s: &str) -> Option<Self> {
                $name::parse(s)
            }
            fn uuid(self) -> Uuid {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

typed_id!(
    /// Identifies a user account.
    UserId,
    /// Identifies an expert on the roster.
    ExpertId,
    /// Identifies a mission request.
    RequestId,
    /// Identifies one position of a mission request.
    PositionId,
    /// Identifies an offer made to an expert, and the deployment it becomes.
    DeploymentId,
    /// Identifies one uploaded candidate file.
    BatchId,
    /// Identifies one period of an expert's availability calendar.
    WindowId,
    /// Identifies a language an expert claims, awaiting the secretariat's word.
    ClaimId,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_reads_back_what_it_prints_and_refuses_anything_else() {
        let id = ExpertId(Uuid::from_u128(7));
        assert_eq!(ExpertId::parse(&id.to_string()), Some(id));
        assert_eq!(ExpertId::parse(&format!("  {id} ")), Some(id));
        assert_eq!(ExpertId::parse("7"), None);
        assert_eq!(<BatchId as TypedId>::parse(""), None);
    }
}
