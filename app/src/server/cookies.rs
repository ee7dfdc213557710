//! The session cookie: its name, attributes and parsing, in one place.
use super::settings::Settings;
use cookie::{Cookie, SameSite};

const PLAIN_NAME: &str = "bs_session";
/// With HTTPS the `__Host-` prefix stops a sibling sub-domain from planting a session cookie.
const SECURE_NAME: &str = "__Host-bs_session";

pub fn session_cookie_name(settings: &Settings) -> &'static str {
    if settings.cookie_secure {
        SECURE_NAME
    } else {
        PLAIN_NAME
    }
}

/// `Set-Cookie` value carrying a new session token.
pub fn session_cookie(settings: &Settings, token: &str) -> String {
    let max_age = cookie::time::Duration::seconds(settings.session.absolute.num_seconds());
    Cookie::build((session_cookie_name(settings), token.to_owned()))
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(settings.cookie_secure)
        .path("/")
        .max_age(max_age)
        .build()
        .to_string()
}

/// `Set-Cookie` value that removes the session cookie from the browser.
pub fn expired_session_cookie(settings: &Settings) -> String {
    Cookie::build((session_cookie_name(settings), ""))
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(settings.cookie_secure)
        .path("/")
        .max_age(cookie::time::Duration::ZERO)
        .build()
        .to_string()
}

/// Finds the session token in a `Cookie` request header.
pub fn session_token(settings: &Settings, cookie_header: &str) -> Option<String> {
    let name = session_cookie_name(settings);
    Cookie::split_parse(cookie_header)
        .filter_map(Result::ok)
        .find(|c| c.name() == name && !c.value().is_empty())
        .map(|c| c.value().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_session_cookie_is_http_only_and_strict() {
        let plain = session_cookie(&Settings::default(), "tok");
        assert!(plain.starts_with("bs_session=tok"));
        assert!(plain.contains("HttpOnly"));
        assert!(plain.contains("SameSite=Strict"));
        assert!(!plain.contains("Secure"));
        let secure = session_cookie(
            &Settings {
                cookie_secure: true,
                ..Settings::default()
            },
            "tok",
        );
        assert!(secure.starts_with("__Host-bs_session=tok"));
        assert!(secure.contains("Secure"));
    }

    #[test]
    fn the_token_is_found_among_other_cookies() {
        let s = Settings::default();
        assert_eq!(
            session_token(&s, "a=1; bs_session=xyz; b=2").as_deref(),
            Some("xyz")
        );
        assert_eq!(session_token(&s, "a=1"), None);
        assert_eq!(session_token(&s, "bs_session="), None);
    }
}
