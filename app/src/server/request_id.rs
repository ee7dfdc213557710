//! The id of the request being answered: it names the request's log lines and is the reference a
//! person is shown when something fails, so an operator finds the cause from what they quote.
use std::future::Future;

tokio::task_local! {
    static REQUEST_ID: String;
}

/// A fresh id: twelve hexadecimal digits, short enough to read out over the phone.
pub fn fresh() -> String {
    let id = uuid::Uuid::new_v4().simple().to_string();
    id[..12].to_owned()
}

/// Runs `work` as the request `id`.
pub async fn scope<F: Future>(id: String, work: F) -> F::Output {
    REQUEST_ID.scope(id, work).await
}

/// The id of the request this code answers. Work the request hands to other tasks (parts of a
/// streamed page) has none; their failures get a reference of their own, logged with the error.
pub fn current() -> Option<String> {
    REQUEST_ID.try_with(Clone::clone).ok()
}
