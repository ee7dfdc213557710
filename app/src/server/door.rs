//! The one shape of a server function: who is asking and whether they may, the arguments parsed
//! into typed values, then one service call.
use super::{context, gate, repo::facts};
use crate::{
    domain::{
        ids::{ExpertId, TypedId},
        member_state::MemberStateCode,
        permissions::{Action, Actor},
    },
    error::AppError,
};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::DatabaseConnection;

/// What a door holds once it knows who is asking and that they may ask at all.
pub struct Door {
    pub actor: Actor,
    pub db: DatabaseConnection,
    /// The calendar day the request is judged on, read once so rules can take it in.
    pub today: NaiveDate,
    pub now: DateTime<Utc>,
}

/// What a door open to everyone holds.
pub struct PublicDoor {
    /// Who is signed in, if anyone.
    pub actor: Option<Actor>,
    pub db: DatabaseConnection,
    pub now: DateTime<Utc>,
}

impl Door {
    /// Serves a server function for someone the policy allows `action`. When the action depends
    /// on a record, `action` is what the person's role must allow before anything is read (for
    /// example listing requests), and the body asks [`Door::permit`] for the record's own action
    /// once it has read its facts.
    pub async fn serve<T>(
        action: Action,
        body: impl AsyncFnOnce(Door) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        context::respond(
            async {
                let actor = context::require(action)?;
                body(Door::for_actor(actor)?).await
            }
            .await,
        )
    }

    /// Serves a server function whose whole permission depends on the record it concerns (an
    /// offer may be answered by the expert or their office, stepped by the planner too): only
    /// "signed in" is known before the body reads the facts and asks [`Door::permit`].
    pub async fn serve_signed_in<T>(
        body: impl AsyncFnOnce(Door) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        context::respond(
            async {
                let actor = context::signed_in()?;
                body(Door::for_actor(actor)?).await
            }
            .await,
        )
    }

    /// Serves a server function open to everyone (signing in, following an invitation link):
    /// the policy is still asked, and the body learns who is signed in, if anyone.
    pub async fn serve_public<T>(
        body: impl AsyncFnOnce(PublicDoor) -> Result<T, AppError>,
    ) -> Result<T, AppError> {
        context::respond(
            async {
                let actor = context::allow_public(Action::SignIn)?;
                body(PublicDoor {
                    actor,
                    db: context::db()?,
                    now: Utc::now(),
                })
                .await
            }
            .await,
        )
    }

    fn for_actor(actor: Actor) -> Result<Door, AppError> {
        let now = Utc::now();
        Ok(Door {
            actor,
            db: context::db()?,
            today: now.date_naive(),
            now,
        })
    }

    /// The asker's own member state, for what only a state's roster office does (uploading):
    /// whoever has none is refused before any record is read.
    pub fn own_state(&self) -> Result<MemberStateCode, AppError> {
        self.actor
            .principal
            .member_state()
            .cloned()
            .ok_or(AppError::Forbidden)
    }

    /// The record's own permission, asked once the door has read its facts.
    pub fn permit(&self, action: Action) -> Result<(), AppError> {
        gate::check(&self.actor, &action)
    }

    /// [`Door::permit`] for seeing a record: one the person may not see does not exist for them.
    pub fn see(&self, action: Action) -> Result<(), AppError> {
        gate::see(&self.actor, &action)
    }

    /// The check for acting on one expert's record: it must be one the person sees (else it does
    /// not exist for them), then the policy must allow `action` for its state.
    pub async fn may_act_on_expert(
        &self,
        id: ExpertId,
        action: impl FnOnce(MemberStateCode) -> Action,
    ) -> Result<(), AppError> {
        let facts = facts::expert(&self.db, self.actor.user_id, id).await?;
        self.see(Action::ViewExpert(facts.clone()))?;
        self.permit(action(facts.state))
    }
}

/// Reads a typed id from a URL or form field: anything that is not one is a record that does not
/// exist.
pub fn id<T: TypedId>(raw: &str) -> Result<T, AppError> {
    T::parse(raw).ok_or(AppError::NotFound)
}

/// Reads a typed id that may be left empty (a form for a new record): empty is `None`.
pub fn optional_id<T: TypedId>(raw: &str) -> Result<Option<T>, AppError> {
    match raw.trim() {
        "" => Ok(None),
        raw => id(raw).map(Some),
    }
}

/// Reads a record's version, sent back by an edit form so a change made meanwhile is noticed.
pub fn version(raw: &str) -> Result<i32, AppError> {
    raw.trim().parse().map_err(|_| AppError::BadRequest)
}

/// Reads a page number: absent is the first page, anything else must be a page that can exist.
pub fn page(raw: Option<u64>) -> Result<crate::domain::paging::Page, AppError> {
    use crate::domain::paging::Page;
    match raw {
        None => Ok(Page::FIRST),
        Some(n) => Page::new(n).map_err(|why| AppError::invalid("page", why)),
    }
}

/// What nearly every server function needs, in one line: `use crate::server::door::prelude::*;`.
pub mod prelude {
    pub use crate::{
        domain::permissions::Action,
        server::{
            context,
            door::{self, Door},
            repo::facts,
        },
    };
}
