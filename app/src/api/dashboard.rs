//! The readiness dashboard: experts by tier across category, region and language, time to deploy,
//! expiring credentials and stale availability, counted within what the asker may see.
use crate::{error::AppError, views::dashboard::*};
use leptos::prelude::*;

#[server(endpoint = "readiness_dashboard", prefix = "/api")]
pub async fn readiness_dashboard() -> Result<DashboardView, AppError> {
    use crate::server::door::prelude::*;
    use crate::server::services::dashboard;
    Door::serve(Action::ViewDashboard, async |d| {
        dashboard::dashboard(&d.db, &d.actor, d.today).await
    })
    .await
}
