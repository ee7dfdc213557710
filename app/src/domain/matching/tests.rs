//! Table and property tests of the matching rules.
use super::*;
use crate::domain::{
    readiness::AvailabilityKind,
    vetting::{CheckGap, CheckKind, CheckStatus},
};
use proptest::prelude::*;
use uuid::Uuid;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

fn code(s: &str) -> MemberStateCode {
    MemberStateCode::parse(s).expect("code")
}

fn lang(s: &str) -> LanguageCode {
    LanguageCode::parse(s).expect("language")
}

fn level(n: u8) -> SkillLevel {
    SkillLevel::new(n).expect("level")
}

fn brief() -> Brief {
    Brief {
        today: day("2026-11-29"),
        urgency: Urgency::Standard,
        host_country: code("SSD"),
        host_region: "Africa".into(),
        host_waived: false,
    }
}

fn position() -> Position {
    Position {
        title: "Prosecutor".into(),
        category: Category::Prosecutor,
        skills: vec![(Skill::MoneyLaundering, level(2))],
        languages: vec![(lang("fr"), Cefr::C1)],
        min_years: 5,
        start_on: day("2027-01-10"),
        duration_days: 180,
        head_count: 1,
    }
}

fn expert(n: u128) -> Candidate {
    Candidate {
        id: ExpertId(Uuid::from_u128(n)),
        sort_key: format!("expert {n:04}"),
        state: code("CAN"),
        state_region: "Americas".into(),
        nationalities: vec![code("CAN")],
        gender: Gender::Female,
        status: RosterStatus::Vetted,
        categories: vec![Category::Prosecutor],
        skills: vec![(Skill::MoneyLaundering, level(3))],
        languages: vec![(lang("fr"), Cefr::C2), (lang("en"), Cefr::C1)],
        years: 10,
        checks: CheckKind::ALL
            .into_iter()
            .map(|kind| CheckRecord {
                kind,
                status: CheckStatus::Passed,
                done_on: Some(day("2026-01-01")),
                expires_on: kind.expires().then(|| day("2029-01-01")),
            })
            .collect(),
        windows: Vec::new(),
        notice_days: 7,
        longest_deployment_days: None,
        excluded_regions: Vec::new(),
        commitments: Vec::new(),
        mission_regions: Vec::new(),
        mission_countries: Vec::new(),
    }
}

#[test]
fn a_fully_qualified_expert_is_eligible_with_no_reason_against() {
    assert!(exclusions(&brief(), &position(), &expert(1)).is_empty());
    assert!(is_eligible(&brief(), &position(), &expert(1)));
}

#[test]
fn every_hard_constraint_excludes_with_its_own_reason() {
    type Spoil = Box<dyn Fn(&mut Candidate, &mut Brief)>;
    let cases: Vec<(&str, Spoil, Exclusion, &str)> = vec![
        (
            "wrong category",
            Box::new(|c, _| c.categories = vec![Category::Judge]),
            Exclusion::Category(Category::Prosecutor),
            "not in the category Prosecutor",
        ),
        (
            "suspended",
            Box::new(|c, _| c.status = RosterStatus::Suspended),
            Exclusion::NotVetted(RosterStatus::Suspended),
            "not vetted",
        ),
        (
            "too few years",
            Box::new(|c, _| c.years = 4),
            Exclusion::Experience { needed: 5, has: 4 },
            "4 years' experience, 5 needed",
        ),
        (
            "host national",
            Box::new(|c, _| c.nationalities.push(code("SSD"))),
            Exclusion::HostNational(code("SSD")),
            "national of the host country SSD",
        ),
        (
            "French too weak",
            Box::new(|c, _| c.languages[0].1 = Cefr::B2),
            Exclusion::Language {
                code: lang("fr"),
                needed: Cefr::C1,
                has: Some(Cefr::B2),
            },
            "fr at B2, C1 needed",
        ),
        (
            "no French",
            Box::new(|c, _| {
                c.languages.remove(0);
            }),
            Exclusion::Language {
                code: lang("fr"),
                needed: Cefr::C1,
                has: None,
            },
            "does not speak fr",
        ),
        (
            "rapid, notice too long",
            Box::new(|c, b| {
                b.urgency = Urgency::Rapid;
                c.notice_days = 60;
            }),
            Exclusion::Notice {
                notice: 60,
                days_to_start: 42,
            },
            "notice period of 60 days, but the position starts in 42 days",
        ),
        (
            "deployment too long",
            Box::new(|c, _| c.longest_deployment_days = Some(90)),
            Exclusion::Duration {
                longest: 90,
                asked: 180,
            },
            "up to 90 days",
        ),
        (
            "region excluded",
            Box::new(|c, _| c.excluded_regions.push("Africa".into())),
            Exclusion::Region("Africa".into()),
            "does not deploy to Africa",
        ),
        (
            "medical expires during deployment",
            Box::new(|c, _| {
                if let Some(m) = c.checks.iter_mut().find(|k| k.kind == CheckKind::Medical) {
                    m.expires_on = Some(day("2027-03-01"));
                }
            }),
            Exclusion::Check {
                kind: CheckKind::Medical,
                gap: CheckGap::EndsBefore(day("2027-03-01")),
            },
            "medical clearance",
        ),
        (
            "references missing",
            Box::new(|c, _| c.checks.retain(|k| k.kind != CheckKind::References)),
            Exclusion::Check {
                kind: CheckKind::References,
                gap: CheckGap::Missing,
            },
            "references",
        ),
        (
            "unavailable in the middle",
            Box::new(|c, _| {
                c.windows.push(Window {
                    kind: AvailabilityKind::Unavailable,
                    from: day("2027-03-01"),
                    to: day("2027-03-20"),
                })
            }),
            Exclusion::Unavailable {
                on: day("2027-03-01"),
            },
            "not available on 2027-03-01",
        ),
        (
            "available window ends too early",
            Box::new(|c, _| {
                c.windows.push(Window {
                    kind: AvailabilityKind::Available,
                    from: day("2026-12-01"),
                    to: day("2027-05-31"),
                })
            }),
            Exclusion::Unavailable {
                on: day("2027-06-01"),
            },
            "not available on 2027-06-01",
        ),
        (
            "already deployed",
            Box::new(|c, _| c.commitments.push((day("2026-10-01"), day("2027-01-10")))),
            Exclusion::Committed {
                from: day("2026-10-01"),
                to: day("2027-01-10"),
            },
            "already deployed or committed",
        ),
    ];
    for (name, spoil, want, text) in cases {
        let (mut c, mut b) = (expert(1), brief());
        spoil(&mut c, &mut b);
        let found = exclusions(&b, &position(), &c);
        assert_eq!(found, vec![want], "{name}");
        assert!(found[0].to_string().contains(text), "{name}: {}", found[0]);
        assert!(!is_eligible(&b, &position(), &c), "{name}");
    }
}

#[test]
fn the_host_nationality_rule_can_be_waived() {
    let mut c = expert(1);
    c.nationalities.push(code("SSD"));
    let mut b = brief();
    b.host_waived = true;
    assert!(exclusions(&b, &position(), &c).is_empty());
}

#[test]
fn a_standard_request_does_not_exclude_on_notice() {
    let mut c = expert(1);
    c.notice_days = 90;
    assert!(is_eligible(&brief(), &position(), &c));
}

#[test]
fn touching_available_windows_cover_the_deployment_together() {
    let mut c = expert(1);
    c.windows = vec![
        Window {
            kind: AvailabilityKind::Available,
            from: day("2027-04-01"),
            to: day("2027-12-31"),
        },
        Window {
            kind: AvailabilityKind::Available,
            from: day("2026-12-01"),
            to: day("2027-03-31"),
        },
    ];
    assert!(is_eligible(&brief(), &position(), &c));
}

#[test]
fn several_failures_are_all_reported() {
    let mut c = expert(1);
    c.years = 1;
    c.languages.clear();
    c.status = RosterStatus::Nominated;
    let groups: Vec<&str> = exclusions(&brief(), &position(), &c)
        .iter()
        .map(|e| e.constraint().group())
        .collect();
    assert_eq!(groups, ["vetted", "experience", "language"]);
}

#[test]
fn the_score_explains_each_part_and_adds_up() {
    let mut c = expert(1);
    c.mission_regions = vec!["Africa".into()];
    c.mission_countries = vec![code("SSD")];
    let lines = explain(&brief(), &position(), &c);
    assert_eq!(lines.len(), 5);
    let total: u32 = lines.iter().map(|l| l.points).sum();
    assert_eq!(total, points(&brief(), &position(), &c).total());
    // Money laundering at 3 against a minimum of 2: 20 + 5.
    assert_eq!(lines[0].points, 25, "{}", lines[0].detail);
    // fr C2 above C1 (2) and English C1 as an extra language (4).
    assert_eq!(lines[1].points, 6, "{}", lines[1].detail);
    assert_eq!(lines[2].points, 5);
    assert_eq!(lines[3].points, 12, "{}", lines[3].detail);
    // Notice 7 days: (30 - 7) / 3.
    assert_eq!(lines[4].points, 7);
    assert!(lines[3].detail.contains("SSD itself"));
}

#[test]
fn shorter_notice_weighs_double_for_rapid_requests() {
    let mut b = brief();
    let standard = points(&b, &position(), &expert(1)).0[4];
    b.urgency = Urgency::Rapid;
    let rapid = points(&b, &position(), &expert(1)).0[4];
    assert_eq!(rapid, standard * 2 + 1);
}

#[test]
fn two_positions_never_get_the_same_person_and_the_total_is_the_best() {
    // Expert 1 is best at both; expert 2 only fits the second. The optimum gives 1 the first.
    let mut judge = position();
    judge.category = Category::Judge;
    let prosecutor = position();
    let mut one = expert(1);
    one.categories = vec![Category::Judge, Category::Prosecutor];
    one.years = 30;
    let two = expert(2);
    let result = shortlist(
        &brief(),
        &[judge, prosecutor],
        &[one.clone(), two.clone()],
        &Picks::default(),
        5,
    );
    assert_eq!(result.positions[0].proposed[0].id, one.id);
    assert_eq!(result.positions[1].proposed[0].id, two.id);
    assert!(result.positions[1].alternates.is_empty());
}

#[test]
fn a_pin_wins_its_seat_and_a_drop_leaves_the_list() {
    let candidates = [expert(1), expert(2), expert(3)];
    let mut weaker = expert(4);
    weaker.years = 5;
    let mut all = candidates.to_vec();
    all.push(weaker.clone());
    let picks = Picks {
        pinned: vec![(0, weaker.id)],
        dropped: vec![(0, candidates[0].id)],
    };
    let result = shortlist(&brief(), &[position()], &all, &picks, 10);
    let list = &result.positions[0];
    assert_eq!(
        list.proposed.iter().map(|r| r.id).collect::<Vec<_>>(),
        [weaker.id]
    );
    assert!(!list.alternates.iter().any(|r| r.id == candidates[0].id));
    assert_eq!(list.eligible, 3);
}

#[test]
fn a_pinned_expert_who_no_longer_qualifies_is_reported() {
    let mut lapsed = expert(9);
    lapsed.status = RosterStatus::Suspended;
    let picks = Picks {
        pinned: vec![(0, lapsed.id)],
        dropped: Vec::new(),
    };
    let result = shortlist(
        &brief(),
        &[position()],
        &[expert(1), lapsed.clone()],
        &picks,
        3,
    );
    assert_eq!(result.positions[0].pinned_ineligible, [lapsed.id]);
    assert_eq!(result.positions[0].proposed[0].id, expert(1).id);
}

#[test]
fn what_if_names_the_constraint_that_removes_the_most() {
    let mut pool: Vec<Candidate> = (0..10).map(expert).collect();
    for c in pool.iter_mut().take(8) {
        c.languages.retain(|(l, _)| l.as_str() != "fr");
    }
    pool[0].years = 2;
    pool[9].categories = vec![Category::Judge];
    let result = what_if(&brief(), &position(), &pool);
    assert_eq!(result.base, 9);
    assert_eq!(result.qualifying, 1);
    assert_eq!(
        result.constraints[0].constraint,
        Constraint::Language(lang("fr"), Cefr::C1)
    );
    assert_eq!(result.constraints[0].percent, 88);
    assert_eq!(result.constraints[0].constraint.to_string(), "fr at C1");
}

#[test]
fn spread_flags_a_dominating_state_and_gender() {
    let mut pool: Vec<Candidate> = (0..5).map(expert).collect();
    pool[4].state = code("FRA");
    pool[4].state_region = "Europe".into();
    pool[3].gender = Gender::Male;
    pool[4].gender = Gender::Male;
    let refs: Vec<&Candidate> = pool.iter().collect();
    let s = spread(&refs);
    assert_eq!(s.people, 5);
    let dims: Vec<Dimension> = s.dominant.iter().map(|d| d.dimension).collect();
    assert_eq!(
        dims,
        [Dimension::State, Dimension::Nationality, Dimension::Region]
    );
    assert_eq!(s.dominant[0].value, "CAN");
    assert_eq!(s.dominant[0].percent, 80);
    assert_eq!(
        s.counts[2].1,
        [("female".to_owned(), 3), ("male".to_owned(), 2)]
    );
}

/// A deterministic little generator, so proptest only has to shrink seeds.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn random_expert(rng: &mut Rng, n: u128) -> Candidate {
    let mut c = expert(n);
    c.categories = vec![[Category::Prosecutor, Category::Judge][rng.below(2) as usize]];
    c.status = if rng.below(6) == 0 {
        RosterStatus::UnderReview
    } else {
        RosterStatus::Vetted
    };
    c.years = rng.below(25) as u8;
    c.skills = vec![(Skill::MoneyLaundering, level(1 + rng.below(4) as u8))];
    c.languages = vec![(lang("fr"), Cefr::ALL[rng.below(6) as usize])];
    if rng.below(2) == 0 {
        c.languages
            .push((lang("ar"), Cefr::ALL[rng.below(6) as usize]));
    }
    c.notice_days = rng.below(45) as u16;
    if rng.below(8) == 0 {
        c.nationalities.push(code("SSD"));
    }
    c.mission_regions = (0..rng.below(3)).map(|_| "Africa".to_owned()).collect();
    c
}

fn random_pool(seed: u64, size: usize) -> Vec<Candidate> {
    let mut rng = Rng(seed | 1);
    (0..size)
        .map(|i| random_expert(&mut rng, i as u128 + 1))
        .collect()
}

fn random_positions(seed: u64) -> Vec<Position> {
    let mut rng = Rng(seed.rotate_left(17) | 1);
    (0..1 + rng.below(4))
        .map(|_| {
            let mut p = position();
            p.category = [Category::Prosecutor, Category::Judge][rng.below(2) as usize];
            p.min_years = rng.below(12) as u8;
            p.languages = vec![(lang("fr"), Cefr::ALL[rng.below(6) as usize])];
            p.head_count = 1 + rng.below(3) as u8;
            p
        })
        .collect()
}

/// The best total by trying every way to fill the seats: only for tiny cases.
fn brute_force(ranked: &[Vec<Ranked>], seats: &[usize], used: &mut Vec<ExpertId>) -> (usize, u64) {
    let Some((&position, rest)) = seats.split_first() else {
        return (0, 0);
    };
    let mut best = brute_force(ranked, rest, used);
    for r in &ranked[position] {
        if used.contains(&r.id) {
            continue;
        }
        used.push(r.id);
        let (filled, total) = brute_force(ranked, rest, used);
        used.pop();
        best = best.max((filled + 1, total + u64::from(r.total)));
    }
    best
}

proptest! {
    #[test]
    fn eligibility_and_reasons_never_disagree(seed in any::<u64>()) {
        let pool = random_pool(seed, 30);
        for p in random_positions(seed) {
            for c in &pool {
                prop_assert_eq!(is_eligible(&brief(), &p, c), exclusions(&brief(), &p, c).is_empty());
            }
        }
    }

    #[test]
    fn an_excluded_expert_never_appears_and_nobody_appears_twice(seed in any::<u64>()) {
        let pool = random_pool(seed, 40);
        let positions = random_positions(seed);
        let result = shortlist(&brief(), &positions, &pool, &Picks::default(), 5);
        let mut proposed = Vec::new();
        for (p, list) in positions.iter().zip(&result.positions) {
            prop_assert!(list.proposed.len() <= usize::from(p.head_count));
            for r in list.proposed.iter().chain(&list.alternates) {
                let c = pool.iter().find(|c| c.id == r.id).expect("from the pool");
                prop_assert!(exclusions(&brief(), p, c).is_empty());
            }
            proposed.extend(list.proposed.iter().map(|r| r.id));
        }
        let before = proposed.len();
        proposed.sort();
        proposed.dedup();
        prop_assert_eq!(before, proposed.len());
    }

    #[test]
    fn the_assignment_fills_the_most_seats_with_the_best_total(seed in any::<u64>()) {
        let pool = random_pool(seed, 7);
        let positions: Vec<Position> = random_positions(seed).into_iter().take(2).collect();
        let result = shortlist(&brief(), &positions, &pool, &Picks::default(), 0);
        let ranked: Vec<Vec<Ranked>> =
            positions.iter().map(|p| rank(&brief(), p, &pool, &[])).collect();
        let seats: Vec<usize> = positions
            .iter()
            .enumerate()
            .flat_map(|(i, p)| std::iter::repeat_n(i, usize::from(p.head_count)))
            .collect();
        let filled: usize = result.positions.iter().map(|l| l.proposed.len()).sum();
        prop_assert_eq!((filled, result.total), brute_force(&ranked, &seats, &mut Vec::new()));
    }

    #[test]
    fn adding_a_better_qualified_expert_never_lowers_the_best_score(seed in any::<u64>()) {
        let mut pool = random_pool(seed, 25);
        let p = position();
        let best = |pool: &[Candidate]| rank(&brief(), &p, pool, &[]).first().map(|r| r.total);
        let before = best(&pool);
        let mut better = expert(10_000);
        better.years = 40;
        better.skills = vec![(Skill::MoneyLaundering, level(4))];
        better.notice_days = 0;
        pool.push(better);
        prop_assert!(best(&pool) >= before);
        prop_assert!(best(&pool).is_some());
    }

    #[test]
    fn the_result_does_not_depend_on_the_order_of_the_roster(seed in any::<u64>()) {
        let pool = random_pool(seed, 30);
        let positions = random_positions(seed);
        let mut reversed = pool.clone();
        reversed.reverse();
        let a = shortlist(&brief(), &positions, &pool, &Picks::default(), 5);
        let b = shortlist(&brief(), &positions, &reversed, &Picks::default(), 5);
        prop_assert_eq!(a, b);
    }
}

#[test]
fn an_expert_booked_on_this_request_keeps_their_seat_instead_of_being_excluded() {
    let p = position();
    let (from, to) = (p.start_on, p.end_on());
    let mut booked_expert = expert(1);
    booked_expert.commitments.push((from, to));
    let mut pool = vec![booked_expert, expert(2)];
    let mut picks = Picks::default();
    picks.dropped.push((0, pool[0].id));
    let booked = [Booked {
        position: 0,
        expert: pool[0].id,
        from,
        to,
    }];
    // Before: the booking reads as a commitment that excludes them from their own position.
    assert!(!exclusions(&brief(), &p, &pool[0]).is_empty());
    hold_booked_seats(&mut pool, &mut picks, &booked);
    assert!(exclusions(&brief(), &p, &pool[0]).is_empty());
    assert!(picks.is_pinned(0, pool[0].id));
    assert!(picks.dropped.is_empty());
    let result = shortlist(&brief(), &[p], &pool, &picks, 10);
    assert_eq!(result.positions[0].proposed[0].id, pool[0].id);
    // Applying it twice changes nothing more.
    let before = picks.clone();
    hold_booked_seats(&mut pool, &mut picks, &booked);
    assert_eq!(picks, before);
}
