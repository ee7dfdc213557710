//! Which pages each person may open, decided by the same policy as every server function, and
//! where to send someone after signing in.
use super::{actions::*, actors::*, policy::*};

/// The action that opening the page at `path` asks of `actor`: the page decides nothing itself.
/// `None` for pages everyone may open (signing in, an invitation link — the link itself is the
/// credential — and unknown paths, so that they reach the not-found page).
fn page_action(path: &str, actor: Option<&Actor>) -> Option<Action> {
    let path = path.split('?').next().unwrap_or(path).trim_end_matches('/');
    let own_state = actor.and_then(|a| a.principal.member_state().cloned());
    Some(match path {
        // Half-way through signing in: the session middleware admits exactly the right step.
        "/login" | "/login/code" | "/login/enrol" => return None,
        p if p.starts_with("/invite/") => return None,
        "/login/recovery-codes" | "/account" => Action::ManageOwnSecondFactor,
        p if p == "/me" || p.starts_with("/me/") => Action::ManageOwnProfile,
        "/offers" => Action::ListOffers,
        "" | "/countries" => Action::ViewReferenceData,
        "/admin/users" => Action::ManageUsers,
        "/admin/audit" => Action::ViewAuditLog,
        "/admin/outbox" => Action::ViewOutbox,
        p if p == "/dashboard" || p.starts_with("/dashboard/") => Action::ViewDashboard,
        "/vetting" | "/vetting/expiring" => Action::Vet,
        "/roster/new" => Action::NominateExpert,
        // Which batch a person may open is decided per record, by the server function.
        p if p == "/import" || p.starts_with("/import/") => {
            Action::ViewImports { state: own_state }
        }
        "/requests/new" => Action::FileRequest,
        // Which request a person may open is decided per record, by the server function.
        p if p == "/requests" || p.starts_with("/requests/") => Action::ListRequests,
        // Which expert a person may open is decided per record, by the server function.
        p if p == "/roster" || p.starts_with("/roster/") => Action::ViewRoster,
        // A roster office sees its own office; the secretariat sees any, as it manages accounts.
        "/office" => match own_state {
            Some(state) => Action::ViewRosterOffice { state },
            None => Action::ManageUsers,
        },
        _ => return None,
    })
}

/// Whether `actor` may open the page at `path`; the server's middleware and the pages both ask.
pub fn page_access(path: &str, actor: Option<&Actor>) -> Result<(), Denied> {
    match page_action(path, actor) {
        Some(action) => authorize(actor, &action),
        None => Ok(()),
    }
}

/// Where to send someone after signing in: only a path on this site, never another site.
///
/// The path is judged as the browser will read it, after percent-decoding: it starts with one
/// `/` not followed by another `/` or a `\` (which browsers read as another site), and holds no
/// control or whitespace character anywhere (`/%09/evil.example/` becomes `//evil.example/` once
/// the tab is dropped). As sent it must be plain printable ASCII, so that it is a valid
/// `Location` header. Anything else goes home.
pub fn safe_return_path(next: Option<&str>) -> &str {
    let Some(raw) = next else {
        return "/";
    };
    let printable = !raw.is_empty() && raw.bytes().all(|b| b.is_ascii_graphic());
    let decoded = percent_encoding::percent_decode_str(raw).decode_utf8();
    let safe = printable
        && decoded.is_ok_and(|p| {
            let mut chars = p.chars();
            chars.next() == Some('/')
                && !matches!(chars.next(), Some('/' | '\\'))
                && !p.chars().any(|c| c.is_control() || c.is_whitespace())
                && !p.starts_with("/login")
        });
    if safe { raw } else { "/" }
}
