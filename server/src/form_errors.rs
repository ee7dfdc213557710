//! Errors of forms posted without the script: out of the page's address, into a one-time cookie.
//!
//! The framework sends a refused form post back to the page it came from with the error written
//! into the address (`?__path=…&__err=…`). A page that showed errors from its address would show
//! whatever anyone wrote into a link ("your account is locked, call …"). So the error moves into
//! a short-lived cookie only this server sets; the next page reads it (see
//! `app::components::errors`) and this module removes it once that page has been served.
use crate::startup::AppState;
use app::server::{cookies, settings::Settings};
use axum::{
    extract::{Request, State},
    http::{HeaderValue, header},
    middleware::Next,
    response::Response,
};

/// Moves a form error out of a redirect's address into the one-time cookie; the redirect itself
/// stays on this site (the address's path and remaining query only).
pub fn into_cookie(settings: &Settings, mut res: Response) -> Response {
    let Some(location) = res
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .filter(|l| l.contains("__err="))
    else {
        return res;
    };
    let Ok(mut url) = url::Url::parse(location) else {
        return res;
    };
    let mut path = None;
    let mut error = None;
    let mut kept = Vec::new();
    for (key, value) in url.query_pairs().into_owned() {
        match key.as_str() {
            "__path" => path = Some(value),
            "__err" => error = Some(value),
            _ => kept.push((key, value)),
        }
    }
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
    let back = &url[url::Position::BeforePath..];
    if let Ok(v) = HeaderValue::from_str(back) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    if let (Some(path), Some(error)) = (path, error) {
        let value = format!("{path}|{error}");
        // An error too large for a cookie is not shown: the form comes back as it was sent.
        if value.len() <= cookies::FORM_ERROR_MAX
            && let Ok(v) = HeaderValue::from_str(&cookies::form_error_cookie(settings, &value))
        {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

/// Removes the form error once a page has been rendered with it: it is shown once.
pub async fn forget_once_shown(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let had_error = crate::middleware::is_page_request(&req)
        && req
            .headers()
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .any(|c| cookies::form_error(c).is_some());
    let mut res = next.run(req).await;
    if had_error
        && let Ok(v) = HeaderValue::from_str(&cookies::expired_form_error_cookie(&state.settings))
    {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::{body::Body, http::StatusCode};

    fn redirect(to: &str) -> Response {
        let mut res = Response::new(Body::empty());
        *res.status_mut() = StatusCode::FOUND;
        res.headers_mut()
            .insert(header::LOCATION, HeaderValue::from_str(to).unwrap());
        res
    }

    #[test]
    fn a_form_error_leaves_the_address_for_a_one_time_cookie() {
        let res = into_cookie(
            &Settings::default(),
            redirect(
                "http://127.0.0.1:3000/login?next=%2Froster&__path=%2Fapi%2Flogin&__err=eyJJbnZhbGlkQ3JlZGVudGlhbHMiOm51bGx9",
            ),
        );
        assert_eq!(res.headers()[header::LOCATION], "/login?next=%2Froster");
        let cookie = res.headers()[header::SET_COOKIE].to_str().unwrap();
        assert!(
            cookie.starts_with("bs_form_error=/api/login|eyJJbnZhbGlkQ3JlZGVudGlhbHMiOm51bGx9"),
            "{cookie}"
        );
    }

    #[test]
    fn a_redirect_without_an_error_is_left_alone() {
        let res = into_cookie(&Settings::default(), redirect("/roster/1"));
        assert_eq!(res.headers()[header::LOCATION], "/roster/1");
        assert!(res.headers().get(header::SET_COOKIE).is_none());
        let res = into_cookie(
            &Settings::default(),
            redirect("http://127.0.0.1:3000/login?__path=%2Fapi%2Flogin&__err=e30"),
        );
        assert_eq!(res.headers()[header::LOCATION], "/login");
    }
}
