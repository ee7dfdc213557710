//! Erasing an expert's personal data on the person's own request: the secretariat only.
use crate::error::AppError;
use leptos::prelude::*;

/// Erases the expert's personal data and returns to the roster, where the record is no more.
#[server(endpoint = "erase_expert", prefix = "/api")]
pub async fn erase_expert(
    id: String,
    reason: String,
    confirm: Option<String>,
) -> Result<(), AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::erasure;
    Door::serve(Action::ViewRoster, async |d| {
        let id = door::id(&id)?;
        d.may_act_on_expert(id, |state| Action::EraseExpert { state })
            .await?;
        if confirm.as_deref() != Some("on") {
            return Err(AppError::invalid(
                "confirm",
                "tick the box to confirm that the erasure cannot be undone",
            ));
        }
        erasure::erase(&d.db, &d.actor, id, &reason, d.now).await?;
        leptos_axum::redirect("/roster?erased=1");
        Ok(())
    })
    .await
}
