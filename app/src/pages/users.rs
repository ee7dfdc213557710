//! User administration for the secretariat: every account, new accounts, deactivation.
use crate::views::users::UserRow;
use crate::{
    api::{
        reference::list_countries,
        second_factor::ResetSecondFactor,
        users::{CreateUser, SetUserActive, list_users},
    },
    components::{
        errors::{ErrorAlert, FieldMessage, action_error},
        guard::Guarded,
        header::role_label,
    },
    domain::permissions::Role,
    i18n::*,
};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, users.title).to_string() />
        <Guarded>
            <UsersContent />
        </Guarded>
    }
}

#[component]
fn UsersContent() -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateUser>::new();
    let set_active = ServerAction::<SetUserActive>::new();
    let reset = ServerAction::<ResetSecondFactor>::new();
    let users = Resource::new(
        move || {
            (
                create.version().get(),
                set_active.version().get(),
                reset.version().get(),
            )
        },
        |_| list_users(),
    );
    let set_active_error = action_error(set_active);
    let reset_error = action_error(reset);
    view! {
        <section class="page" aria-labelledby="users-title">
            <h1 id="users-title">{t!(i18n, users.title)}</h1>
            <NewUserForm create />
            <h2>{t!(i18n, users.all_accounts)}</h2>
            <ErrorAlert error=set_active_error />
            <ErrorAlert error=reset_error />
            <Transition fallback=move || view! { <p class="muted">{t!(i18n, shell.loading)}</p> }>
                {move || Suspend::new(async move {
                    match users.await {
                        Err(e) => view! { <ErrorAlert error=Signal::derive(move || Some(e.clone())) /> }.into_any(),
                        Ok(rows) => view! { <UsersTable rows set_active reset /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn UsersTable(
    rows: Vec<UserRow>,
    set_active: ServerAction<SetUserActive>,
    reset: ServerAction<ResetSecondFactor>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-wrap">
            <table class="data-table">
                <caption class="visually-hidden">{t!(i18n, users.all_accounts)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, users.name)}</th>
                        <th scope="col">{t!(i18n, users.email)}</th>
                        <th scope="col">{t!(i18n, users.role)}</th>
                        <th scope="col">{t!(i18n, users.state)}</th>
                        <th scope="col">{t!(i18n, users.last_sign_in)}</th>
                        <th scope="col">{t!(i18n, users.status)}</th>
                        <th scope="col">{t!(i18n, mfa.second_factor)}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|u| {
                            let next_active = (!u.active).to_string();
                            let reset_id = u.id.clone();
                            view! {
                                <tr>
                                    <td>{u.display_name.clone()}</td>
                                    <td>{u.email.clone()}</td>
                                    <td>{role_label(i18n, u.role)}</td>
                                    <td>{u.member_state.clone().unwrap_or_default()}</td>
                                    <td>{u.last_sign_in.clone().unwrap_or_else(|| "—".to_owned())}</td>
                                    <td>
                                        <span class=if u.active { "badge badge-ok" } else { "badge badge-muted" }>
                                            {if u.active { t_string!(i18n, users.active).to_string() } else { t_string!(i18n, users.inactive).to_string() }}
                                        </span>
                                        <ActionForm action=set_active attr:class="inline-form">
                                            <input type="hidden" name="user_id" value=u.id.clone() />
                                            <input type="hidden" name="active" value=next_active />
                                            <button type="submit" class="button-quiet">
                                                {if u.active { t_string!(i18n, users.deactivate).to_string() } else { t_string!(i18n, users.reactivate).to_string() }}
                                            </button>
                                        </ActionForm>
                                    </td>
                                    <td>
                                        {if u.second_factor {
                                            let field = format!("reset-{reset_id}");
                                            view! {
                                                <span class="badge badge-ok">{t!(i18n, mfa.on)}</span>
                                                <details class="reset">
                                                    <summary>{t!(i18n, mfa.reset)}</summary>
                                                    <ActionForm action=reset attr:class="inline-form" attr:autocomplete="off">
                                                        <input type="hidden" name="user_id" value=reset_id.clone() />
                                                        <label for=field.clone()>{t!(i18n, roster.reason)}</label>
                                                        <input id=field name="reason" type="text" required maxlength="2000" />
                                                        <button type="submit" class="button-danger">{t!(i18n, mfa.reset)}</button>
                                                    </ActionForm>
                                                </details>
                                            }.into_any()
                                        } else {
                                            view! { <span class="badge badge-muted">{t!(i18n, mfa.off)}</span> }.into_any()
                                        }}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn NewUserForm(create: ServerAction<CreateUser>) -> impl IntoView {
    let i18n = use_i18n();
    let error = action_error(create);
    let general = Signal::derive(move || {
        error
            .get()
            .filter(|e| !matches!(e, crate::error::AppError::Invalid(_)))
    });
    let invalid =
        move |f: &'static str| move || error.get().and_then(|e| e.field(f)).is_some().to_string();
    let created = move || create.value().get().and_then(Result::ok);
    let states = Resource::new(|| (), |_| list_countries(None, None));
    view! {
        {move || created().map(|u| view! { <p class="alert alert-ok" role="status">{t!(i18n, users.created, email = u.email.clone())}</p> })}
        // Stays open after an answer, so errors can be fixed and the next account entered.
        <details class="panel" open=move || error.get().is_some() || created().is_some()>
            <summary>{t!(i18n, users.new_account)}</summary>
            <ActionForm action=create attr:class="form form-grid">
                <ErrorAlert error=general />
                <div class="field">
                    <label for="new-email">{t!(i18n, users.email)}</label>
                    <input id="new-email" name="email" type="email" required autocomplete="off" aria-invalid=invalid("email") aria-describedby="email-error" />
                    <FieldMessage error field="email" />
                </div>
                <div class="field">
                    <label for="new-name">{t!(i18n, users.name)}</label>
                    <input id="new-name" name="display_name" type="text" required maxlength="200" aria-invalid=invalid("display_name") aria-describedby="display_name-error" />
                    <FieldMessage error field="display_name" />
                </div>
                <div class="field">
                    <label for="new-role">{t!(i18n, users.role)}</label>
                    <select id="new-role" name="role" required aria-invalid=invalid("role") aria-describedby="role-error">
                        {Role::ALL.into_iter().map(|r| view! { <option value=r.as_str()>{role_label(i18n, r)}</option> }).collect_view()}
                    </select>
                    <FieldMessage error field="role" />
                </div>
                <div class="field">
                    <label for="new-state">{t!(i18n, users.state_for_managers)}</label>
                    <select id="new-state" name="member_state" aria-invalid=invalid("member_state") aria-describedby="member_state-error">
                        <option value="">"—"</option>
                        <Transition fallback=|| ()>
                            {move || Suspend::new(async move {
                                states.await.map(|list| {
                                    list.rows
                                        .into_iter()
                                        .filter(|c| c.un_member)
                                        .map(|c| view! { <option value=c.code.clone()>{c.name.clone()} " (" {c.code.clone()} ")"</option> })
                                        .collect_view()
                                }).ok()
                            })}
                        </Transition>
                    </select>
                    <FieldMessage error field="member_state" />
                </div>
                <div class="field">
                    <label for="new-password">{t!(i18n, users.initial_password)}</label>
                    <input id="new-password" name="password" type="password" required minlength="12" autocomplete="new-password" aria-invalid=invalid("password") aria-describedby="password-error password-hint" />
                    <p class="hint" id="password-hint">{t!(i18n, users.password_hint)}</p>
                    <FieldMessage error field="password" />
                </div>
                <div class="form-actions">
                    <button type="submit" class="button-primary">{t!(i18n, users.create)}</button>
                </div>
            </ActionForm>
        </details>
    }
}
