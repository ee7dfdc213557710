//! Deployments: one expert on one position, from the offer to the end of the mission — the states,
//! who may take which step, and when two deployments of one expert collide.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeploymentState {
    Offered,
    Accepted,
    Declined,
    Expired,
    /// Medical, visa, travel.
    Preparing,
    /// On the ground.
    Deployed,
    Extended,
    Completed,
    Cancelled,
    Withdrawn,
}

impl DeploymentState {
    pub const ALL: [DeploymentState; 10] = [
        DeploymentState::Offered,
        DeploymentState::Accepted,
        DeploymentState::Declined,
        DeploymentState::Expired,
        DeploymentState::Preparing,
        DeploymentState::Deployed,
        DeploymentState::Extended,
        DeploymentState::Completed,
        DeploymentState::Cancelled,
        DeploymentState::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DeploymentState::Offered => "offered",
            DeploymentState::Accepted => "accepted",
            DeploymentState::Declined => "declined",
            DeploymentState::Expired => "expired",
            DeploymentState::Preparing => "preparing",
            DeploymentState::Deployed => "deployed",
            DeploymentState::Extended => "extended",
            DeploymentState::Completed => "completed",
            DeploymentState::Cancelled => "cancelled",
            DeploymentState::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }

    /// Accepted or active: the states that book the expert's dates. No expert holds two of these
    /// over overlapping dates; the database enforces it as well.
    pub fn books_dates(self) -> bool {
        matches!(
            self,
            DeploymentState::Accepted
                | DeploymentState::Preparing
                | DeploymentState::Deployed
                | DeploymentState::Extended
        )
    }

    /// The SQL list of [`Self::books_dates`] states, for the database's own guard.
    pub const BOOKING_SQL_LIST: &'static str = "'accepted','preparing','deployed','extended'";

    /// Holding one of a position's seats: booked, or served to the end. A position never holds
    /// more of these than its head count; the database enforces it as well.
    pub fn holds_seat(self) -> bool {
        self.books_dates() || self == DeploymentState::Completed
    }

    /// The SQL list of [`Self::holds_seat`] states, for the database's own guard.
    pub const SEAT_SQL_LIST: &'static str =
        "'accepted','preparing','deployed','extended','completed'";
}

/// The step the system takes on a deployment in `state` whose expert is no longer vetted, or
/// whose position has no seat left for it: an open offer lapses, a booking not yet on the ground
/// is cancelled, one on the ground is withdrawn. `None` when nothing is held.
pub fn release_step(state: DeploymentState) -> Option<DeploymentStep> {
    match state {
        DeploymentState::Offered => Some(DeploymentStep::Expire),
        DeploymentState::Accepted | DeploymentState::Preparing => Some(DeploymentStep::Cancel),
        DeploymentState::Deployed | DeploymentState::Extended => Some(DeploymentStep::Withdraw),
        _ => None,
    }
}

impl fmt::Display for DeploymentState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who takes a step on a deployment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Party {
    /// The expert offered the position.
    Expert,
    /// The roster office of the expert's nominating state, which may have to release them.
    RosterOffice,
    /// The planner of the request (or the secretariat acting for them).
    Planner,
    /// The system itself: offers lapse at their deadline or when the last seat is taken, and
    /// whatever an expert held is released when they leave the vetted roster.
    System,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeploymentStep {
    Accept,
    Decline,
    Expire,
    Prepare,
    Deploy,
    Extend,
    Complete,
    Cancel,
    Withdraw,
}

impl DeploymentStep {
    pub const ALL: [DeploymentStep; 9] = [
        DeploymentStep::Accept,
        DeploymentStep::Decline,
        DeploymentStep::Expire,
        DeploymentStep::Prepare,
        DeploymentStep::Deploy,
        DeploymentStep::Extend,
        DeploymentStep::Complete,
        DeploymentStep::Cancel,
        DeploymentStep::Withdraw,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DeploymentStep::Accept => "accept",
            DeploymentStep::Decline => "decline",
            DeploymentStep::Expire => "expire",
            DeploymentStep::Prepare => "prepare",
            DeploymentStep::Deploy => "deploy",
            DeploymentStep::Extend => "extend",
            DeploymentStep::Complete => "complete",
            DeploymentStep::Cancel => "cancel",
            DeploymentStep::Withdraw => "withdraw",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }

    fn verb(self) -> &'static str {
        match self {
            DeploymentStep::Accept => "accepted",
            DeploymentStep::Decline => "declined",
            DeploymentStep::Expire => "left to lapse",
            DeploymentStep::Prepare => "moved to preparation",
            DeploymentStep::Deploy => "marked as on the ground",
            DeploymentStep::Extend => "extended",
            DeploymentStep::Complete => "completed",
            DeploymentStep::Cancel => "cancelled",
            DeploymentStep::Withdraw => "withdrawn",
        }
    }
}

/// The state a step leads to, or a message saying why it may not be taken.
pub fn next_state(
    from: DeploymentState,
    step: DeploymentStep,
    by: Party,
) -> Result<DeploymentState, String> {
    use DeploymentState as S;
    use DeploymentStep as T;
    use Party as P;
    let to = match (from, step) {
        (S::Offered, T::Accept) => S::Accepted,
        (S::Offered, T::Decline) => S::Declined,
        (S::Offered, T::Expire) => S::Expired,
        (S::Offered, T::Withdraw) => S::Withdrawn,
        (S::Accepted, T::Prepare) => S::Preparing,
        (S::Preparing, T::Deploy) => S::Deployed,
        (S::Deployed | S::Extended, T::Extend) => S::Extended,
        (S::Deployed | S::Extended, T::Complete) => S::Completed,
        (S::Accepted | S::Preparing, T::Cancel) => S::Cancelled,
        (S::Accepted | S::Preparing | S::Deployed | S::Extended, T::Withdraw) => S::Withdrawn,
        (from, step) => {
            return Err(format!(
                "a deployment that is {from} cannot be {}",
                step.verb()
            ));
        }
    };
    let allowed = match step {
        // Only the expert says yes; the roster office can only refuse to release them.
        T::Accept => by == P::Expert,
        T::Decline => matches!(by, P::Expert | P::RosterOffice),
        T::Expire => by == P::System,
        T::Prepare | T::Deploy | T::Extend | T::Complete => by == P::Planner,
        // The system cancels a booking whose expert is no longer vetted.
        T::Cancel => matches!(by, P::Planner | P::System),
        // An offer is withdrawn by the planner; a person already committed may also be withdrawn
        // by themselves, recalled by their state, or released by the system when no longer vetted.
        T::Withdraw => from != S::Offered || by == P::Planner,
    };
    if !allowed {
        return Err(format!(
            "the {} cannot have a deployment {}",
            match by {
                P::Expert => "expert",
                P::RosterOffice => "roster office",
                P::Planner => "planner",
                P::System => "system",
            },
            step.verb()
        ));
    }
    Ok(to)
}

/// Whether two date ranges, both ends included, share a day.
pub fn overlaps(a: (NaiveDate, NaiveDate), b: (NaiveDate, NaiveDate)) -> bool {
    a.0 <= b.1 && b.0 <= a.1
}

#[cfg(test)]
mod tests {
    use super::*;
    use DeploymentState as S;
    use DeploymentStep as T;
    use Party as P;

    #[test]
    fn every_step_from_every_state_by_every_party_is_decided() {
        // (from, step, party, to); anything not listed is refused.
        let allowed = [
            (S::Offered, T::Accept, P::Expert, S::Accepted),
            (S::Offered, T::Decline, P::Expert, S::Declined),
            (S::Offered, T::Decline, P::RosterOffice, S::Declined),
            (S::Offered, T::Expire, P::System, S::Expired),
            (S::Offered, T::Withdraw, P::Planner, S::Withdrawn),
            (S::Accepted, T::Prepare, P::Planner, S::Preparing),
            (S::Preparing, T::Deploy, P::Planner, S::Deployed),
            (S::Deployed, T::Extend, P::Planner, S::Extended),
            (S::Extended, T::Extend, P::Planner, S::Extended),
            (S::Deployed, T::Complete, P::Planner, S::Completed),
            (S::Extended, T::Complete, P::Planner, S::Completed),
            (S::Accepted, T::Cancel, P::Planner, S::Cancelled),
            (S::Preparing, T::Cancel, P::Planner, S::Cancelled),
            (S::Accepted, T::Cancel, P::System, S::Cancelled),
            (S::Preparing, T::Cancel, P::System, S::Cancelled),
        ];
        let withdrawable = [S::Accepted, S::Preparing, S::Deployed, S::Extended];
        let parties = [P::Expert, P::RosterOffice, P::Planner, P::System];
        for from in DeploymentState::ALL {
            for step in DeploymentStep::ALL {
                for by in parties {
                    let expected = allowed
                        .iter()
                        .find(|(f, s, p, _)| *f == from && *s == step && *p == by)
                        .map(|(_, _, _, to)| *to)
                        .or_else(|| {
                            (step == T::Withdraw && withdrawable.contains(&from))
                                .then_some(S::Withdrawn)
                        });
                    match (next_state(from, step, by), expected) {
                        (Ok(to), Some(want)) => assert_eq!(to, want, "{from} {step:?} {by:?}"),
                        (Err(message), None) => assert!(
                            message.contains("cannot"),
                            "{from} {step:?} {by:?}: {message}"
                        ),
                        (got, want) => panic!("{from} {step:?} {by:?}: got {got:?}, want {want:?}"),
                    }
                }
            }
        }
    }

    #[test]
    fn refusals_say_what_and_why() {
        let e = next_state(S::Completed, T::Deploy, P::Planner).expect_err("refused");
        assert_eq!(
            e,
            "a deployment that is completed cannot be marked as on the ground"
        );
        let e = next_state(S::Offered, T::Accept, P::Planner).expect_err("refused");
        assert_eq!(e, "the planner cannot have a deployment accepted");
    }

    #[test]
    fn only_accepted_and_active_deployments_book_dates() {
        let booking: Vec<S> = DeploymentState::ALL
            .into_iter()
            .filter(|s| s.books_dates())
            .collect();
        assert_eq!(
            booking,
            [S::Accepted, S::Preparing, S::Deployed, S::Extended]
        );
        for s in booking {
            assert!(DeploymentState::BOOKING_SQL_LIST.contains(&format!("'{s}'")));
        }
    }

    #[test]
    fn seats_are_held_from_acceptance_to_completion() {
        let holding: Vec<S> = DeploymentState::ALL
            .into_iter()
            .filter(|s| s.holds_seat())
            .collect();
        assert_eq!(
            holding,
            [
                S::Accepted,
                S::Preparing,
                S::Deployed,
                S::Extended,
                S::Completed
            ]
        );
        for s in holding {
            assert!(DeploymentState::SEAT_SQL_LIST.contains(&format!("'{s}'")));
        }
    }

    #[test]
    fn the_system_releases_whatever_is_held_and_nothing_else() {
        for from in DeploymentState::ALL {
            match release_step(from) {
                Some(step) => {
                    let to = next_state(from, step, P::System).expect("the system may release");
                    assert!(!to.books_dates(), "{from} → {to}");
                    assert!(!to.holds_seat(), "{from} → {to}");
                }
                None => assert!(
                    !from.books_dates() && from != S::Offered,
                    "{from} holds something but is not released"
                ),
            }
        }
    }

    #[test]
    fn ranges_sharing_a_single_day_overlap() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        assert!(overlaps(
            (d("2027-01-01"), d("2027-01-31")),
            (d("2027-01-31"), d("2027-03-01"))
        ));
        assert!(!overlaps(
            (d("2027-01-01"), d("2027-01-30")),
            (d("2027-01-31"), d("2027-03-01"))
        ));
        assert!(overlaps(
            (d("2027-01-01"), d("2027-12-31")),
            (d("2027-03-01"), d("2027-03-02"))
        ));
    }
}
