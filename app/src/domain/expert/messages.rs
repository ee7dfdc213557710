//! How a field problem is worded and gathered: echoed values cut to size, one line each, every field's problems at once.
use super::*;

pub(super) const REQUIRED: &str = "is required";

/// Bad values are echoed so the clerk can find them, but a pasted page must not flood the report.
pub(super) const ECHO_LIMIT: usize = 60;

/// One cell full of garbage should not bury the rest of the row's report.
pub(super) const PROBLEMS_PER_FIELD: usize = 5;

/// A bad value as shown in a message: cut to a readable length, and with control characters
/// replaced so that a message always stays on one line of the report.
pub(crate) fn shown(raw: &str) -> String {
    let mut out: String = raw
        .chars()
        .take(ECHO_LIMIT)
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect();
    if raw.chars().nth(ECHO_LIMIT).is_some() {
        out.push('…');
    }
    out
}

/// [`shown`], in quotes.
pub(crate) fn quoted(raw: &str) -> String {
    format!("\"{}\"", shown(raw))
}

/// Line and paragraph separators break a name across lines just as a newline does.
pub(super) fn is_line_breaking(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// A trimmed, single-line text of 1 to `max_chars` characters (characters, not bytes, so
/// every script gets the same room).
pub(crate) fn single_line(raw: &str, max_chars: usize) -> Result<&str, String> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(REQUIRED.to_owned());
    }
    if text.chars().any(is_line_breaking) {
        return Err("contains a line break, a tab or another control character".to_owned());
    }
    let length = text.chars().count();
    if length > max_chars {
        return Err(format!(
            "is {length} characters long; the limit is {max_chars}"
        ));
    }
    Ok(text)
}

/// Gathers the problems of every field, so one pass tells the clerk all that is wrong.
#[derive(Default)]
pub(crate) struct Problems(pub(crate) Vec<FieldError>);

impl Problems {
    pub(crate) fn take<T>(&mut self, field: &'static str, parsed: Result<T, String>) -> Option<T> {
        parsed
            .map_err(|m| self.0.push(FieldError::new(field, m)))
            .ok()
    }

    pub(crate) fn take_all<T>(
        &mut self,
        field: &'static str,
        parsed: Result<T, Vec<String>>,
    ) -> Option<T> {
        match parsed {
            Ok(value) => Some(value),
            Err(messages) => {
                let extra = messages.len().saturating_sub(PROBLEMS_PER_FIELD);
                self.0.extend(
                    messages
                        .into_iter()
                        .take(PROBLEMS_PER_FIELD)
                        .map(|m| FieldError::new(field, m)),
                );
                if extra > 0 {
                    self.0.push(FieldError::new(
                        field,
                        format!("and {extra} more problems in this cell"),
                    ));
                }
                None
            }
        }
    }
}

/// Empty or blank optional cells mean "not given".
pub(crate) fn optional<T>(
    raw: &str,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> Result<Option<T>, String> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        parse(raw).map(Some)
    }
}
