//! Table tests of the checks and the roster-status moves.
use super::*;
use CheckKind::*;
use RosterStatus::*;
use chrono::NaiveDate;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

fn today() -> NaiveDate {
    day("2026-11-29")
}

fn passed(kind: CheckKind, expires_on: Option<&str>) -> CheckRecord {
    CheckRecord {
        kind,
        status: CheckStatus::Passed,
        done_on: Some(day("2026-01-10")),
        expires_on: expires_on.map(day),
    }
}

fn all_passed() -> Vec<CheckRecord> {
    CheckKind::ALL
        .into_iter()
        .map(|k| passed(k, k.expires().then_some("2028-01-01")))
        .collect()
}

#[test]
fn check_kinds_and_statuses_have_stable_names() {
    let names: Vec<_> = CheckKind::ALL.into_iter().map(CheckKind::as_str).collect();
    assert_eq!(
        names,
        [
            "background",
            "references",
            "human_rights",
            "medical",
            "security_training"
        ]
    );
    for k in CheckKind::ALL {
        assert_eq!(CheckKind::parse(k.as_str()), Some(k));
        assert_eq!(
            serde_json::to_string(&k).expect("json"),
            format!("\"{}\"", k.as_str())
        );
    }
    for s in CheckStatus::ALL {
        assert_eq!(CheckStatus::parse(s.as_str()), Some(s));
        assert_eq!(
            serde_json::to_string(&s).expect("json"),
            format!("\"{}\"", s.as_str())
        );
    }
    for s in RosterStatus::ALL {
        assert_eq!(RosterStatus::parse(s.as_str()), Some(s));
        assert_eq!(
            serde_json::to_string(&s).expect("json"),
            format!("\"{}\"", s.as_str())
        );
    }
    assert_eq!(CheckKind::parse("x-ray"), None);
    assert_eq!(RosterStatus::parse("under review"), None);
    assert_eq!(Medical.label(), "medical clearance");
}

#[test]
fn background_medical_and_security_training_expire_with_typical_validities() {
    let table: Vec<_> = CheckKind::ALL
        .into_iter()
        .map(|k| (k, k.expires(), k.default_validity_days()))
        .collect();
    assert_eq!(
        table,
        [
            (Background, true, Some(730)),
            (References, false, None),
            (HumanRights, false, None),
            (Medical, true, Some(365)),
            (SecurityTraining, true, Some(1095)),
        ]
    );
}

#[test]
fn recorded_checks_are_validated_field_by_field() {
    use CheckStatus::{Failed, Passed, Pending};
    type Case = (
        CheckKind,
        CheckStatus,
        Option<&'static str>,
        Option<&'static str>,
        &'static [(&'static str, &'static str)],
    );
    let cases: [Case; 11] = [
        (Medical, Passed, Some("2026-11-01"), Some("2027-11-01"), &[]),
        (References, Passed, Some("2026-11-29"), None, &[]),
        (References, Failed, Some("2026-11-01"), None, &[]),
        (Background, Pending, None, None, &[]),
        (Background, Failed, Some("2026-11-01"), None, &[]),
        (
            Medical,
            Passed,
            None,
            Some("2027-11-01"),
            &[("done_on", "a passed check needs the date it was done")],
        ),
        (
            HumanRights,
            Failed,
            None,
            None,
            &[("done_on", "a failed check needs the date it was done")],
        ),
        (
            Medical,
            Passed,
            Some("2026-11-30"),
            Some("2027-11-30"),
            &[(
                "done_on",
                "2026-11-30 is in the future; record a check once it is done",
            )],
        ),
        (
            Medical,
            Passed,
            Some("2026-11-01"),
            None,
            &[(
                "expires_on",
                "medical clearance expires; give its expiry date (typically 365 days after it was done: 2027-11-01)",
            )],
        ),
        (
            SecurityTraining,
            Passed,
            Some("2026-11-01"),
            Some("2026-11-01"),
            &[(
                "expires_on",
                "the expiry date 2026-11-01 must be after the date done (2026-11-01)",
            )],
        ),
        (
            References,
            Passed,
            None,
            Some("2027-01-01"),
            &[
                ("done_on", "a passed check needs the date it was done"),
                (
                    "expires_on",
                    "references do not expire; leave the expiry date empty",
                ),
            ],
        ),
    ];
    for (kind, status, done, expires, expected) in cases {
        let got = validate_check(kind, status, done.map(day), expires.map(day), today());
        let got: Vec<(&str, String)> = got
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.message))
            .collect();
        let expected: Vec<(&str, String)> = expected
            .iter()
            .map(|(f, m)| (*f, (*m).to_owned()))
            .collect();
        assert_eq!(got, expected, "{kind:?} {status:?} {done:?} {expires:?}");
    }
}

/// The transition table written out independently of the code: (from, to, secretariat only).
const TABLE: [(RosterStatus, RosterStatus, bool); 14] = [
    (Nominated, UnderReview, true),
    (Nominated, Rejected, true),
    (UnderReview, Rejected, true),
    (UnderReview, Vetted, true),
    (Vetted, Suspended, true),
    (Suspended, Vetted, true),
    (Vetted, UnderReview, true),
    (Suspended, UnderReview, true),
    (Nominated, Withdrawn, false),
    (UnderReview, Withdrawn, false),
    (Vetted, Withdrawn, false),
    (Suspended, Withdrawn, false),
    (Withdrawn, Nominated, false),
    (Rejected, Nominated, false),
];

#[test]
fn every_status_move_by_either_decider_follows_the_table() {
    for from in RosterStatus::ALL {
        for to in RosterStatus::ALL {
            for by in [Decider::Secretariat, Decider::NominatingState] {
                let expected = if from == to {
                    Err(TransitionError::Unchanged(to))
                } else {
                    match TABLE.iter().find(|(f, t, _)| *f == from && *t == to) {
                        None => Err(TransitionError::NotAllowed { from, to }),
                        Some((_, _, true)) if by == Decider::NominatingState => {
                            Err(TransitionError::SecretariatOnly)
                        }
                        Some(_) => Ok(()),
                    }
                };
                let got = decide(from, to, by, "as minuted", &all_passed(), today());
                assert_eq!(got, expected, "{from:?} → {to:?} by {by:?}");
            }
        }
    }
}

#[test]
fn the_offered_choices_are_exactly_the_moves_that_can_succeed() {
    for from in RosterStatus::ALL {
        for by in [Decider::Secretariat, Decider::NominatingState] {
            let offered = allowed_next(from, by);
            for to in RosterStatus::ALL {
                let works = decide(from, to, by, "as minuted", &all_passed(), today()).is_ok();
                assert_eq!(offered.contains(&to), works, "{from:?} → {to:?} by {by:?}");
            }
        }
    }
    assert_eq!(allowed_next(Vetted, Decider::NominatingState), [Withdrawn]);
    assert_eq!(allowed_next(Rejected, Decider::Secretariat), [Nominated]);
    assert_eq!(
        allowed_next(UnderReview, Decider::Secretariat),
        [Vetted, Withdrawn, Rejected]
    );
}

#[test]
fn every_decision_needs_a_reason_of_at_most_two_thousand_characters() {
    let checks = all_passed();
    let go = |reason: &str| {
        decide(
            Nominated,
            Withdrawn,
            Decider::NominatingState,
            reason,
            &checks,
            today(),
        )
    };
    assert_eq!(go(""), Err(TransitionError::ReasonRequired));
    assert_eq!(go(" \n\t "), Err(TransitionError::ReasonRequired));
    assert_eq!(go(&"é".repeat(2001)), Err(TransitionError::ReasonRequired));
    assert_eq!(go(&format!("  {}  ", "é".repeat(2000))), Ok(()));
    assert_eq!(go("Candidate took up a national post"), Ok(()));
}

#[test]
fn vetting_is_refused_while_any_mandatory_check_is_missing_pending_failed_or_expired() {
    let mut checks = all_passed();
    checks.retain(|c| c.kind != HumanRights);
    checks.iter_mut().for_each(|c| match c.kind {
        Medical => c.expires_on = Some(day("2026-01-03")),
        References => c.status = CheckStatus::Pending,
        Background => c.status = CheckStatus::Failed,
        _ => {}
    });
    let err = decide(
        UnderReview,
        Vetted,
        Decider::Secretariat,
        "panel of 2026-11-28",
        &checks,
        today(),
    )
    .expect_err("blocked");
    assert_eq!(
        err.to_string(),
        "cannot vet: criminal-record / background check failed; references pending; \
             human-rights screening not recorded; medical clearance expired 2026-01-03"
    );
    let reinstating = decide(
        Suspended,
        Vetted,
        Decider::Secretariat,
        "back",
        &checks,
        today(),
    );
    assert!(matches!(
        reinstating,
        Err(TransitionError::ChecksIncomplete(_))
    ));
}

#[test]
fn a_check_is_still_valid_on_its_expiry_date_and_not_the_day_after() {
    let mut checks = all_passed();
    checks
        .iter_mut()
        .filter(|c| c.kind == Medical)
        .for_each(|c| c.expires_on = Some(today()));
    assert_eq!(
        decide(
            UnderReview,
            Vetted,
            Decider::Secretariat,
            "ok",
            &checks,
            today()
        ),
        Ok(())
    );
    let tomorrow = day("2026-11-30");
    assert_eq!(
        decide(
            UnderReview,
            Vetted,
            Decider::Secretariat,
            "ok",
            &checks,
            tomorrow
        ),
        Err(TransitionError::ChecksIncomplete(vec![
            "medical clearance expired 2026-11-29".to_owned()
        ]))
    );
}

#[test]
fn an_expiring_check_passed_without_an_expiry_date_does_not_count() {
    let mut checks = all_passed();
    checks
        .iter_mut()
        .filter(|c| c.kind == Background)
        .for_each(|c| c.expires_on = None);
    assert_eq!(
        decide(
            UnderReview,
            Vetted,
            Decider::Secretariat,
            "ok",
            &checks,
            today()
        ),
        Err(TransitionError::ChecksIncomplete(vec![
            "criminal-record / background check has no expiry date".to_owned()
        ]))
    );
}

#[test]
fn a_failed_record_is_not_hidden_by_a_passed_one_of_the_same_kind() {
    let mut checks = all_passed();
    checks.push(CheckRecord {
        kind: Medical,
        status: CheckStatus::Failed,
        done_on: Some(day("2026-02-01")),
        expires_on: None,
    });
    assert_eq!(
        check_gaps(&checks, today(), today()),
        [(Medical, CheckGap::Failed)]
    );
}

#[test]
fn withdrawing_and_renominating_need_no_checks() {
    assert_eq!(
        decide(
            Vetted,
            Withdrawn,
            Decider::NominatingState,
            "retired",
            &[],
            today()
        ),
        Ok(())
    );
    assert_eq!(
        decide(
            Rejected,
            Nominated,
            Decider::NominatingState,
            "new evidence",
            &[],
            today()
        ),
        Ok(())
    );
}

#[test]
fn transition_errors_read_as_english() {
    assert_eq!(
        TransitionError::NotAllowed {
            from: Vetted,
            to: Nominated
        }
        .to_string(),
        "cannot move from vetted to nominated"
    );
    assert_eq!(
        TransitionError::NotAllowed {
            from: UnderReview,
            to: Nominated
        }
        .to_string(),
        "cannot move from under review to nominated"
    );
    assert_eq!(
        TransitionError::Unchanged(Vetted).to_string(),
        "the expert is already vetted"
    );
    assert_eq!(
        TransitionError::SecretariatOnly.to_string(),
        "only the secretariat can make this vetting decision"
    );
}
