//! Request middleware: the request id, security headers, cross-site request refusal, the client's address behind
//! trusted proxies, session resolution (signed in, or half-way through signing in), canonical
//! paths, and page access.
use crate::startup::AppState;
use app::{
    domain::{
        mfa::Stage,
        permissions::{Denied, page_access},
    },
    server::{
        context::{ClientAddr, PendingSignIn, RequestSession},
        cookies,
        services::auth::{self, Resolved},
    },
};
use axum::{
    body::Body,
    extract::{ConnectInfo, Request, State},
    http::{HeaderMap, HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use ipnet::IpNet;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use std::net::IpAddr;
use std::net::SocketAddr;

/// The id of one request, in its log lines, its `X-Request-Id` response header, and the reference
/// of any failure shown to the person (`app::server::request_id`).
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// Gives every request a fresh id. One sent by the client is not taken: it would let anyone write
/// what the log says.
pub async fn request_id(mut req: Request, next: Next) -> Response {
    let id = app::server::request_id::fresh();
    req.extensions_mut().insert(RequestId(id.clone()));
    let mut res = app::server::request_id::scope(id.clone(), next.run(req)).await;
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut().insert("x-request-id", value);
    }
    res
}

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

/// An origin as `scheme://host[:port]`, lower case, without the scheme's default port; `None`
/// for anything that is not one.
pub fn normalize_origin(raw: &str) -> Option<String> {
    let uri: http::Uri = raw.trim().parse().ok()?;
    let scheme = uri.scheme_str()?.to_ascii_lowercase();
    let host = uri.host()?.to_ascii_lowercase();
    if host.is_empty() || !matches!(scheme.as_str(), "http" | "https") {
        return None;
    }
    let default = if scheme == "https" { 443 } else { 80 };
    Some(match uri.port_u16().filter(|p| *p != default) {
        Some(port) => format!("{scheme}://{host}:{port}"),
        None => format!("{scheme}://{host}"),
    })
}

/// The origin this site is served from: the configured public URL's, or — when none is
/// configured — the request's host with the scheme the site runs under.
fn site_origin(
    configured: Option<&str>,
    cookie_secure: bool,
    headers: &HeaderMap,
) -> Option<String> {
    match configured {
        Some(origin) => Some(origin.to_owned()),
        None => {
            let host = headers.get(header::HOST).and_then(|v| v.to_str().ok())?;
            let scheme = if cookie_secure { "https" } else { "http" };
            normalize_origin(&format!("{scheme}://{host}"))
        }
    }
}

/// True when a state-changing request comes from another site (a CSRF attempt). Browsers send
/// `Sec-Fetch-Site` or at least `Origin` on such requests; clients that send neither are not
/// browsers. An `Origin` must match the site's own in scheme, host and port.
pub fn is_cross_site(method: &Method, headers: &HeaderMap, site: Option<&str>) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return false;
    }
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    match (normalize_origin(origin), site) {
        (Some(origin), Some(site)) => origin != site,
        _ => true,
    }
}

pub async fn reject_cross_site(
    State(state): State<AppState>,
    req: Request,
    next: Next,
) -> Response {
    let site = site_origin(
        state.origin.as_deref(),
        state.settings.cookie_secure,
        req.headers(),
    );
    if is_cross_site(req.method(), req.headers(), site.as_deref()) {
        tracing::warn!(path = req.uri().path(), "cross-site request refused");
        return (
            StatusCode::FORBIDDEN,
            "cross-site requests are not accepted",
        )
            .into_response();
    }
    next.run(req).await
}

/// The client behind `peer`: the connecting address, unless that is one of the trusted proxies,
/// whose `X-Forwarded-For` then names it. The header is read from the right (the nearest hop)
/// past trusted proxies, so a client cannot choose its own address by sending the header itself.
pub fn client_address(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let hops: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|hop| hop.trim().parse::<IpAddr>().ok())
        .collect();
    hops.iter()
        .rev()
        .find(|ip| !is_trusted(ip))
        .or(hops.first())
        .copied()
        .unwrap_or(peer)
}

/// Reads `BLUE_SUITS_TRUSTED_PROXIES`: CIDR ranges or single addresses, separated by commas.
pub fn parse_trusted_proxies(raw: &str) -> anyhow::Result<Vec<IpNet>> {
    raw.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<IpNet>()
                .or_else(|_| s.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| anyhow::anyhow!("BLUE_SUITS_TRUSTED_PROXIES: \"{s}\" is not an address range such as 10.0.0.0/8"))
        })
        .collect()
}

/// Resolves the session cookie to the signed-in person (or a sign-in half-way through) and
/// records the client address.
pub async fn resolve_session(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    if let Some(ConnectInfo(addr)) = req.extensions().get::<ConnectInfo<SocketAddr>>().copied() {
        let client = client_address(addr.ip(), req.headers(), &state.trusted_proxies);
        req.extensions_mut().insert(ClientAddr(client));
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
            Ok(Some(Resolved::SignedIn(session))) => {
                req.extensions_mut().insert::<RequestSession>(session);
            }
            Ok(Some(Resolved::Pending(pending))) => {
                req.extensions_mut().insert::<PendingSignIn>(pending);
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

pub fn is_page_request(req: &Request<Body>) -> bool {
    let path = req.uri().path();
    matches!(*req.method(), Method::GET | Method::HEAD)
        && !path.starts_with("/api/")
        && !path.starts_with("/pkg/")
        && path != "/health"
        && !path.rsplit('/').next().unwrap_or("").contains('.')
}

/// `/roster/` and `/roster` are one page: a path with a trailing slash is sent to the path
/// without it, keeping the query, so every page renders from one route with its context.
pub async fn canonical_paths(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if matches!(*req.method(), Method::GET | Method::HEAD) && path.len() > 1 && path.ends_with('/')
    {
        let trimmed = format!("/{}", path.trim_matches('/'));
        let location = match req.uri().query() {
            Some(q) => format!("{trimmed}?{q}"),
            None => trimmed,
        };
        if let Ok(v) = HeaderValue::from_str(&location) {
            let mut res = StatusCode::PERMANENT_REDIRECT.into_response();
            res.headers_mut().insert(header::LOCATION, v);
            return res;
        }
        return StatusCode::BAD_REQUEST.into_response();
    }
    next.run(req).await
}

/// The sign-in pages of the second step, and who may open them.
fn second_step_page(path: &str, pending: Option<&PendingSignIn>, signed_in: bool) -> Option<bool> {
    match path {
        "/login/code" => Some(pending.is_some_and(|p| p.stage == Stage::SecondFactor)),
        // Also for a signed-in person setting up a factor of their own will.
        "/login/enrol" => Some(pending.is_some_and(|p| p.stage == Stage::Enrol) || signed_in),
        _ => None,
    }
}

/// Sends anonymous visitors to sign in, signed-in visitors away from the sign-in page, a person
/// half-way through signing in to their second step (and nowhere else), and answers 403 for
/// pages the person may not open (the page itself explains).
pub async fn guard_pages(req: Request, next: Next) -> Response {
    if !is_page_request(&req) {
        return next.run(req).await;
    }
    let actor = req
        .extensions()
        .get::<RequestSession>()
        .map(|s| s.actor.clone());
    let pending = req.extensions().get::<PendingSignIn>().cloned();
    let path = req.uri().path().to_owned();
    if path == "/login" && actor.is_some() {
        return Redirect::to("/").into_response();
    }
    match second_step_page(&path, pending.as_ref(), actor.is_some()) {
        Some(true) => return next.run(req).await,
        Some(false) if actor.is_some() => return Redirect::to("/").into_response(),
        Some(false) => return Redirect::to("/login").into_response(),
        None => {}
    }
    // Half-way through signing in, only the second step opens (and the sign-in page, to start
    // again as someone else).
    if let Some(pending) = pending.filter(|_| path != "/login") {
        let target = req
            .uri()
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or("/");
        return Redirect::to(&format!(
            "{}?next={}",
            pending.stage.page(),
            utf8_percent_encode(target, QUERY_VALUE)
        ))
        .into_response();
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
        Err(Denied::Forbidden | Denied::Hidden) => {
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

    /// Request headers as name and value pairs.
    type Headers<'a> = &'a [(&'static str, &'static str)];

    /// Method, request headers, and whether the request must be refused.
    type Case<'a> = (&'a Method, &'a [(&'static str, &'static str)], bool);

    #[test]
    fn cross_site_posts_are_recognised() {
        let post = Method::POST;
        let site = Some("http://127.0.0.1:3000");
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
                is_cross_site(method, &headers(pairs), site),
                *expected,
                "{method} {pairs:?}"
            );
        }
    }

    #[test]
    fn an_origin_must_match_the_site_in_scheme_host_and_port() {
        let post = Method::POST;
        let site = normalize_origin("http://roster.example.org");
        let cases = [
            ("http://roster.example.org", false),
            ("http://ROSTER.example.org:80", false),
            ("https://roster.example.org", true),
            ("http://roster.example.org:8080", true),
            ("http://evil.example", true),
            ("http://roster.example.org.evil.example", true),
            ("null", true),
            ("javascript:alert(1)", true),
        ];
        for (origin, refused) in cases {
            let h = headers(&[("origin", origin)]);
            assert_eq!(
                is_cross_site(&post, &h, site.as_deref()),
                refused,
                "{origin}"
            );
        }
        assert_eq!(
            normalize_origin("https://Roster.Example.org:443/path").as_deref(),
            Some("https://roster.example.org")
        );
    }

    #[test]
    fn the_forwarded_address_is_believed_only_from_a_trusted_proxy() {
        let trusted = parse_trusted_proxies("10.0.0.0/8, 192.168.1.5").expect("ranges");
        let peer = |s: &str| s.parse::<IpAddr>().expect("ip");
        // (connecting address, request headers, the client it stands for)
        let cases: [(&str, Headers, &str); 6] = [
            (
                "203.0.113.9",
                &[("x-forwarded-for", "198.51.100.1")],
                "203.0.113.9",
            ),
            (
                "10.0.0.2",
                &[("x-forwarded-for", "198.51.100.1")],
                "198.51.100.1",
            ),
            (
                "10.0.0.2",
                &[("x-forwarded-for", "1.2.3.4, 198.51.100.1")],
                "198.51.100.1",
            ),
            (
                "10.0.0.2",
                &[("x-forwarded-for", "198.51.100.1, 10.0.0.3")],
                "198.51.100.1",
            ),
            ("192.168.1.5", &[], "192.168.1.5"),
            (
                "10.0.0.2",
                &[("x-forwarded-for", "not an address")],
                "10.0.0.2",
            ),
        ];
        for (from, pairs, expected) in cases {
            assert_eq!(
                client_address(peer(from), &headers(pairs), &trusted),
                peer(expected),
                "{from} {pairs:?}"
            );
        }
        assert!(parse_trusted_proxies("").expect("empty").is_empty());
        assert!(parse_trusted_proxies("10.0.0.0/33").is_err());
    }
}
