//! Request middleware: security headers, cross-site request refusal, session resolution, page access.
use crate::startup::AppState;
use app::{
    domain::permissions::Denied,
    routes::page_access,
    server::{
        context::{ClientAddr, RequestSession},
        cookies,
        services::auth,
    },
};
use axum::{
    body::Body,
    extract::{ConnectInfo, Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use std::net::SocketAddr;

/// Headers every response carries. HTML pages get their nonce-based policy from the app shell;
/// anything else gets a policy that allows nothing.
pub async fn security_headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let is_asset = req.uri().path().starts_with("/pkg/");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // `same-origin` keeps the Referer that plain form posts need to return to their page.
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=()"),
    );
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
        );
    }
    if state.settings.cookie_secure {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    // Pages and answers carry personal data: no shared cache may keep them.
    if !is_asset && !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// True when a state-changing request comes from another site (a CSRF attempt). Browsers send
/// `Sec-Fetch-Site` or at least `Origin` on such requests; clients that send neither are not browsers.
pub fn is_cross_site(method: &Method, headers: &HeaderMap) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return false;
    }
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or("");
    origin == "null" || origin_host.is_empty() || !origin_host.eq_ignore_ascii_case(host)
}

pub async fn reject_cross_site(req: Request, next: Next) -> Response {
    if is_cross_site(req.method(), req.headers()) {
        tracing::warn!(path = req.uri().path(), "cross-site request refused");
        return (
            StatusCode::FORBIDDEN,
            "cross-site requests are not accepted",
        )
            .into_response();
    }
    next.run(req).await
}

/// Resolves the session cookie to the signed-in person and records the client address.
pub async fn resolve_session(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    if let Some(ConnectInfo(addr)) = req.extensions().get::<ConnectInfo<SocketAddr>>().copied() {
        req.extensions_mut().insert(ClientAddr(addr.ip()));
    }
    let path = req.uri().path();
    if path.starts_with("/pkg/") || path == "/health" {
        return next.run(req).await;
    }
    let token = req
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| cookies::session_token(&state.settings, c));
    let mut stale_cookie = false;
    if let Some(token) = token {
        match auth::resolve_session(&state.db, &state.settings, &token, chrono::Utc::now()).await {
            Ok(Some(session)) => {
                req.extensions_mut().insert::<RequestSession>(session);
            }
            Ok(None) => stale_cookie = true,
            // Already logged with a reference. Going on as anonymous would look like a sign-out.
            Err(err) => return unavailable(&err),
        }
    }
    let mut res = next.run(req).await;
    if stale_cookie
        && !res.headers().contains_key(header::SET_COOKIE)
        && let Ok(v) = HeaderValue::from_str(&cookies::expired_session_cookie(&state.settings))
    {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

/// The answer when the session store cannot be read: the same JSON error every server function gives.
fn unavailable(err: &app::error::AppError) -> Response {
    let body = serde_json::to_string(err).unwrap_or_default();
    let mut res = (StatusCode::SERVICE_UNAVAILABLE, body).into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    res.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
    res
}

const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b'/');

fn is_page_request(req: &Request<Body>) -> bool {
    let path = req.uri().path();
    matches!(*req.method(), Method::GET | Method::HEAD)
        && !path.starts_with("/api/")
        && !path.starts_with("/pkg/")
        && path != "/health"
        && !path.rsplit('/').next().unwrap_or("").contains('.')
}

/// Sends anonymous visitors to sign in, signed-in visitors away from the sign-in page, and answers
/// 403 for pages the person may not open (the page itself explains).
pub async fn guard_pages(req: Request, next: Next) -> Response {
    if !is_page_request(&req) {
        return next.run(req).await;
    }
    let actor = req
        .extensions()
        .get::<RequestSession>()
        .map(|s| s.actor.clone());
    let path = req.uri().path().to_owned();
    if path == "/login" && actor.is_some() {
        return Redirect::to("/").into_response();
    }
    match page_access(&path, actor.as_ref()) {
        Ok(()) => next.run(req).await,
        Err(Denied::Unauthenticated) => {
            let target = req
                .uri()
                .path_and_query()
                .map(|p| p.as_str())
                .unwrap_or("/");
            let location = if target == "/" {
                "/login".to_owned()
            } else {
                format!("/login?next={}", utf8_percent_encode(target, QUERY_VALUE))
            };
            Redirect::to(&location).into_response()
        }
        Err(Denied::Forbidden) => {
            let mut res = next.run(req).await;
            *res.status_mut() = StatusCode::FORBIDDEN;
            res
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    /// Method, request headers, and whether the request must be refused.
    type Case<'a> = (&'a Method, &'a [(&'static str, &'static str)], bool);

    #[test]
    fn cross_site_posts_are_recognised() {
        let post = Method::POST;
        let cases: &[Case] = &[
            (&post, &[("sec-fetch-site", "same-origin")], false),
            (&post, &[("sec-fetch-site", "none")], false),
            (&post, &[("sec-fetch-site", "cross-site")], true),
            (&post, &[("sec-fetch-site", "same-site")], true),
            (
                &post,
                &[
                    ("origin", "http://127.0.0.1:3000"),
                    ("host", "127.0.0.1:3000"),
                ],
                false,
            ),
            (
                &post,
                &[
                    ("origin", "https://evil.example"),
                    ("host", "127.0.0.1:3000"),
                ],
                true,
            ),
            (
                &post,
                &[("origin", "null"), ("host", "127.0.0.1:3000")],
                true,
            ),
            (&post, &[("host", "127.0.0.1:3000")], false),
            (&Method::GET, &[("sec-fetch-site", "cross-site")], false),
        ];
        for (method, pairs, expected) in cases {
            assert_eq!(
                is_cross_site(method, &headers(pairs)),
                *expected,
                "{method} {pairs:?}"
            );
        }
    }
}
