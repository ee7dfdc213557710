//! The cookies the server sets: the session, and the one-time error a form posted without the
//! script leaves for the page it returns to; names, attributes and parsing in one place.
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

/// Every cookie this server sets: HttpOnly, same-site only, `Secure` behind HTTPS, whole site.
fn strict_cookie(
    settings: &Settings,
    name: &'static str,
    value: &str,
    max_age: cookie::time::Duration,
) -> String {
    Cookie::build((name, value.to_owned()))
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(settings.cookie_secure)
        .path("/")
        .max_age(max_age)
        .build()
        .to_string()
}

/// `Set-Cookie` value carrying a new session token.
pub fn session_cookie(settings: &Settings, token: &str) -> String {
    let max_age = cookie::time::Duration::seconds(settings.session.absolute.num_seconds());
    strict_cookie(settings, session_cookie_name(settings), token, max_age)
}

/// `Set-Cookie` value that removes the session cookie from the browser.
pub fn expired_session_cookie(settings: &Settings) -> String {
    strict_cookie(
        settings,
        session_cookie_name(settings),
        "",
        cookie::time::Duration::ZERO,
    )
}

/// Carries `<server function path>|<encoded error>` from a failed form post to the next page.
pub const FORM_ERROR_NAME: &str = "bs_form_error";
/// Longer than any redirect takes, short enough that a later visit never shows it.
const FORM_ERROR_SECONDS: i64 = 60;
/// Browsers keep cookies up to 4 KB; a larger error is not carried (the form comes back without
/// it, as before).
pub const FORM_ERROR_MAX: usize = 3_500;

/// `Set-Cookie` value carrying a form's error to the page the browser is sent back to.
pub fn form_error_cookie(settings: &Settings, value: &str) -> String {
    strict_cookie(
        settings,
        FORM_ERROR_NAME,
        value,
        cookie::time::Duration::seconds(FORM_ERROR_SECONDS),
    )
}

/// `Set-Cookie` value that removes the form error once a page has shown it.
pub fn expired_form_error_cookie(settings: &Settings) -> String {
    strict_cookie(settings, FORM_ERROR_NAME, "", cookie::time::Duration::ZERO)
}

/// The form error a `Cookie` request header carries: the server function's path and its error,
/// still encoded.
pub fn form_error(cookie_header: &str) -> Option<(String, String)> {
    Cookie::split_parse(cookie_header)
        .filter_map(Result::ok)
        .find(|c| c.name() == FORM_ERROR_NAME && !c.value().is_empty())
        .and_then(|c| {
            let (path, err) = c.value().split_once('|')?;
            Some((path.to_owned(), err.to_owned()))
        })
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
    fn a_form_error_cookie_lives_a_minute_and_reads_back_as_path_and_error() {
        let set = form_error_cookie(&Settings::default(), "/api/login|eyJ9");
        assert!(set.starts_with("bs_form_error=/api/login|eyJ9"), "{set}");
        assert!(set.contains("HttpOnly") && set.contains("SameSite=Strict"));
        assert!(set.contains("Max-Age=60"), "{set}");
        let header = "bs_session=tok; bs_form_error=/api/login|eyJ9";
        assert_eq!(
            form_error(header),
            Some(("/api/login".to_owned(), "eyJ9".to_owned()))
        );
        assert_eq!(form_error("bs_form_error=nopipe"), None);
        assert_eq!(form_error("bs_session=tok"), None);
        assert!(expired_form_error_cookie(&Settings::default()).contains("Max-Age=0"));
    }

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
