//! Decision forms that never carry the last decision: once their action succeeds they go back to
//! their empty state, choices included.
use crate::error::AppError;
use leptos::{html, prelude::*};

/// A reference for an `ActionForm` (`node_ref=…`) that resets the form whenever `action`
/// succeeds. A page re-rendered after a decision keeps its DOM nodes where it can, and with them
/// whatever was typed or chosen; a decision form must open empty, so it is reset explicitly.
/// Without the script the form post reloads the page, which renders the form empty anyway.
pub fn cleared_on_success<I, O>(action: ServerAction<I>) -> NodeRef<html::Form>
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    let form = NodeRef::<html::Form>::new();
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(_)))
            && let Some(el) = form.get_untracked()
        {
            el.reset();
        }
    });
    form
}
