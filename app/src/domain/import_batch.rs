//! The life of an import batch: checking → checked → committing → committed, or failed /
//! discarded; and when a running batch must be taken as interrupted.
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// The dry run is reading the file.
    Checking,
    /// The dry run is done; the report waits for a decision.
    Checked,
    /// The good rows are being written, all in one transaction.
    Committing,
    Committed,
    /// The file could not be read at all, or the work stopped; nothing was written.
    Failed,
    /// The uploader dropped the file after seeing the dry run.
    Discarded,
}

impl Phase {
    pub const ALL: [Phase; 6] = [
        Phase::Checking,
        Phase::Checked,
        Phase::Committing,
        Phase::Committed,
        Phase::Failed,
        Phase::Discarded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Checking => "checking",
            Phase::Checked => "checked",
            Phase::Committing => "committing",
            Phase::Committed => "committed",
            Phase::Failed => "failed",
            Phase::Discarded => "discarded",
        }
    }

    pub fn parse(raw: &str) -> Option<Phase> {
        Phase::ALL.into_iter().find(|p| p.as_str() == raw)
    }

    /// Work is under way and the page should keep showing progress.
    pub fn is_running(self) -> bool {
        matches!(self, Phase::Checking | Phase::Committing)
    }

    /// The phases a batch may move to from this one.
    pub fn allowed_next(self) -> &'static [Phase] {
        match self {
            Phase::Checking => &[Phase::Checked, Phase::Failed],
            Phase::Checked => &[Phase::Committing, Phase::Discarded],
            Phase::Committing => &[Phase::Committed, Phase::Checked, Phase::Failed],
            Phase::Committed | Phase::Failed | Phase::Discarded => &[],
        }
    }
}

/// A checked file nobody commits is discarded after this long, so no copy of personal data
/// lingers in an upload nobody will finish.
pub const UNCOMMITTED_KEPT: Duration = Duration::days(7);

/// A running batch that has not reported for this long is taken as stopped (its process ended);
/// since every commit is one transaction, nothing of it was written.
pub const SILENCE_LIMIT: Duration = Duration::seconds(120);

/// The phase to show: a running batch that has fallen silent, and is not being worked on in this
/// process, has stopped.
pub fn shown_phase(
    stored: Phase,
    last_report: DateTime<Utc>,
    now: DateTime<Utc>,
    worked_on_here: bool,
) -> Phase {
    if stored.is_running() && !worked_on_here && now - last_report > SILENCE_LIMIT {
        Phase::Failed
    } else {
        stored
    }
}

/// Percent done, never past 100, and never 100 before the work has ended.
pub fn percent(done: u64, total: u64, finished: bool) -> u8 {
    if finished {
        return 100;
    }
    if total == 0 {
        return 0;
    }
    let p = done.saturating_mul(100) / total;
    u8::try_from(p.min(99)).unwrap_or(99)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn phases_round_trip_through_their_names() {
        for p in Phase::ALL {
            assert_eq!(Phase::parse(p.as_str()), Some(p));
        }
        assert_eq!(Phase::parse("done"), None);
    }

    #[test]
    fn only_a_checked_batch_can_be_committed_or_discarded() {
        let cases = [
            (Phase::Checking, Phase::Committing, false),
            (Phase::Checked, Phase::Committing, true),
            (Phase::Checked, Phase::Discarded, true),
            (Phase::Committed, Phase::Committing, false),
            (Phase::Committing, Phase::Committing, false),
            (Phase::Failed, Phase::Committing, false),
            (Phase::Discarded, Phase::Committing, false),
        ];
        for (from, to, allowed) in cases {
            assert_eq!(
                from.allowed_next().contains(&to),
                allowed,
                "{from:?} → {to:?}"
            );
        }
    }

    #[test]
    fn a_silent_running_batch_is_shown_as_stopped_unless_this_process_works_on_it() {
        let t = DateTime::<Utc>::UNIX_EPOCH;
        let later = t + Duration::seconds(121);
        assert_eq!(
            shown_phase(Phase::Committing, t, later, false),
            Phase::Failed
        );
        assert_eq!(
            shown_phase(Phase::Committing, t, later, true),
            Phase::Committing
        );
        assert_eq!(
            shown_phase(Phase::Checking, t, t + Duration::seconds(5), false),
            Phase::Checking
        );
        assert_eq!(shown_phase(Phase::Checked, t, later, false), Phase::Checked);
    }

    proptest! {
        #[test]
        fn percent_stays_in_range(done in 0u64..10_000_000, total in 0u64..10_000_000) {
            let p = percent(done, total, false);
            prop_assert!(p <= 99);
            prop_assert_eq!(percent(done, total, true), 100);
        }
    }
}
