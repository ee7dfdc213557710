//! Demo and benchmark experts: a deterministic, varied roster (names in many scripts, every status,
//! expiring and failed checks, stale availability) and a bulk loader for it.
use app::{
    domain::{
        expert::{ExpertFields, ExpertInput},
        ids::{ExpertId, UserId},
        member_state::MemberStateCode,
        readiness::{self, ReadinessFacts, STANDARD_DEPLOYMENT_DAYS},
        taxonomy::{Category, Skill},
        vetting::{CheckKind, CheckRecord, CheckStatus, RosterStatus},
    },
    error::AppError,
    server::{
        entities::{
            audit_event, expert, expert_category, expert_language, expert_nationality,
            expert_skill, prior_mission, roster_status_change, vetting_check,
        },
        errors::internal,
        services::expert_record::name_keys,
    },
};
use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use sea_orm::{ActiveValue::Set, DatabaseConnection, EntityTrait, PaginatorTrait};

/// SplitMix64: a few lines that give the same sequence on every platform and every release,
/// which a general-purpose RNG crate does not promise; demo data and benchmarks must not drift.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// A name in its own script with its Latin transliteration (empty when already Latin).
type Name = (&'static str, &'static str);

struct Culture {
    given: &'static [Name],
    family: &'static [Name],
    /// Mother tongue first.
    languages: &'static [&'static str],
}

const FRANCOPHONE: Culture = Culture {
    given: &[
        ("Aminata", ""),
        ("Amélie", ""),
        ("Élodie", ""),
        ("François", ""),
        ("Grégoire", ""),
        ("Mamadou", ""),
        ("Chloé", ""),
        ("Hélène", ""),
        ("Oumar", ""),
        ("Joséphine", ""),
    ],
    family: &[
        ("Touré", ""),
        ("Diallo", ""),
        ("Lefèvre", ""),
        ("Bérubé", ""),
        ("Côté", ""),
        ("N'Diaye", ""),
        ("Faye", ""),
        ("Gagnon", ""),
        ("Kâ", ""),
        ("Dubois", ""),
    ],
    languages: &["fr", "en", "wo"],
};
const HISPANIC: Culture = Culture {
    given: &[
        ("José", ""),
        ("María", ""),
        ("Lucía", ""),
        ("Íñigo", ""),
        ("Andrés", ""),
        ("Martín", ""),
        ("Sofía", ""),
        ("Ramón", ""),
    ],
    family: &[
        ("Fernández", ""),
        ("Gómez", ""),
        ("Núñez", ""),
        ("Pérez", ""),
        ("Ibáñez", ""),
        ("Muñoz", ""),
        ("Quispe", ""),
        ("Rodríguez", ""),
    ],
    languages: &["es", "en", "pt"],
};
const LUSOPHONE: Culture = Culture {
    given: &[("João", ""), ("Inês", ""), ("Conceição", ""), ("Luís", "")],
    family: &[
        ("Pereira", ""),
        ("Carvalho", ""),
        ("Gonçalves", ""),
        ("Magalhães", ""),
    ],
    languages: &["pt", "es", "en"],
};
const ARABIC: Culture = Culture {
    given: &[
        ("محمد", "Mohammed"),
        ("فاطمة", "Fatima"),
        ("ليلى", "Layla"),
        ("يوسف", "Youssef"),
        ("أحمد", "Ahmad"),
        ("منى", "Mona"),
    ],
    family: &[
        ("الفارسي", "Al-Farsi"),
        ("حسن", "Hassan"),
        ("الخطيب", "Al-Khatib"),
        ("بن صالح", "Ben Salah"),
        ("العمراني", "El Amrani"),
    ],
    languages: &["ar", "fr", "en"],
};
const SLAVIC: Culture = Culture {
    given: &[
        ("Олена", "Olena"),
        ("Іван", "Ivan"),
        ("Анна", "Anna"),
        ("Дмитро", "Dmytro"),
    ],
    family: &[
        ("Коваленко", "Kovalenko"),
        ("Шевченко", "Shevchenko"),
        ("Бондаренко", "Bondarenko"),
        ("Мельник", "Melnyk"),
    ],
    languages: &["uk", "ru", "en"],
};
const GREEK: Culture = Culture {
    given: &[
        ("Ελένη", "Eleni"),
        ("Γιώργος", "Giorgos"),
        ("Μαρία", "Maria"),
        ("Νίκος", "Nikos"),
    ],
    family: &[
        ("Παπαδοπούλου", "Papadopoulou"),
        ("Οικονόμου", "Oikonomou"),
        ("Νικολάου", "Nikolaou"),
    ],
    languages: &["el", "en", "fr"],
};
const CHINESE: Culture = Culture {
    given: &[
        ("晓明", "Xiaoming"),
        ("丽", "Li"),
        ("伟", "Wei"),
        ("静", "Jing"),
    ],
    family: &[("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu")],
    languages: &["zh", "en", "fr"],
};
const JAPANESE: Culture = Culture {
    given: &[("花子", "Hanako"), ("健", "Ken"), ("陽子", "Yoko")],
    family: &[("佐藤", "Sato"), ("鈴木", "Suzuki"), ("高橋", "Takahashi")],
    languages: &["ja", "en", "fr"],
};
const KOREAN: Culture = Culture {
    given: &[
        ("민준", "Min-jun"),
        ("서연", "Seo-yeon"),
        ("지훈", "Ji-hoon"),
    ],
    family: &[("김", "Kim"), ("박", "Park"), ("이", "Lee")],
    languages: &["ko", "en", "ja"],
};
const VIETNAMESE: Culture = Culture {
    given: &[
        ("Thị Lan", ""),
        ("Văn Minh", ""),
        ("Thu Hà", ""),
        ("Quốc Bảo", ""),
    ],
    family: &[
        ("Nguyễn", ""),
        ("Trần", ""),
        ("Lê", ""),
        ("Phạm", ""),
        ("Đặng", ""),
    ],
    languages: &["vi", "en", "fr"],
};
const BENGALI: Culture = Culture {
    given: &[("তানভীর", "Tanvir"), ("নুসরাত", "Nusrat")],
    family: &[("আহমেদ", "Ahmed"), ("রহমান", "Rahman")],
    languages: &["bn", "en", "ar"],
};
const NORTHERN: Culture = Culture {
    given: &[
        ("Øyvind", ""),
        ("Linnea", ""),
        ("Søren", ""),
        ("Jürgen", ""),
        ("Siobhan", ""),
        ("Ciarán", ""),
        ("Zofia", ""),
        ("Mette", ""),
        ("Kwame", ""),
        ("Wanjiru", ""),
    ],
    family: &[
        ("Hansen", ""),
        ("Sørensen", ""),
        ("Müller", ""),
        ("O'Brien", ""),
        ("Ó Súilleabháin", ""),
        ("Wiśniewska", ""),
        ("Lindqvist", ""),
        ("Schröder", ""),
        ("Mensah", ""),
        ("Kamau", ""),
    ],
    languages: &["en", "de", "fr"],
};

fn culture(state: &str) -> &'static Culture {
    match state {
        "SEN" | "CIV" | "BEN" | "FRA" | "BEL" | "CAN" | "CHE" | "RWA" => &FRANCOPHONE,
        "ARG" | "CHL" | "COL" | "ESP" | "MEX" | "PER" | "URY" => &HISPANIC,
        "BRA" | "PRT" => &LUSOPHONE,
        "EGY" | "JOR" | "MAR" | "TUN" => &ARABIC,
        "UKR" => &SLAVIC,
        "GRC" => &GREEK,
        "CHN" => &CHINESE,
        "JPN" => &JAPANESE,
        "KOR" => &KOREAN,
        "VNM" => &VIETNAMESE,
        "BGD" => &BENGALI,
        _ => &NORTHERN,
    }
}

/// Nominating states of the demo: the demo's roster offices.
pub const DEMO_STATES: &[&str] = &[
    "ARG", "AUS", "AUT", "BEL", "BEN", "BGD", "BRA", "CAN", "CHE", "CHL", "CHN", "CIV", "COL",
    "DEU", "DNK", "EGY", "ESP", "ETH", "FIN", "FRA", "GBR", "GHA", "GRC", "IDN", "IND", "IRL",
    "ITA", "JOR", "JPN", "KEN", "KOR", "MAR", "MEX", "NGA", "NLD", "NOR", "PAK", "PER", "PHL",
    "POL", "PRT", "RWA", "SEN", "SWE", "TUN", "UKR", "URY", "VNM", "ZAF",
];

const MISSIONS: &[(&str, &str)] = &[
    ("MINUSMA", "MLI"),
    ("UNMISS", "SSD"),
    ("MONUSCO", "COD"),
    ("MINUSCA", "CAF"),
    ("UNSMIL", "LBY"),
    ("BINUH", "HTI"),
    ("UNAMA", "AFG"),
    ("UNMIK", "SRB"),
];

/// One generated expert with the vetting state it should be stored in.
pub struct SeedExpert {
    pub state: MemberStateCode,
    pub input: ExpertInput,
    pub status: RosterStatus,
    pub checks: Vec<CheckRecord>,
    pub last_confirmed: NaiveDate,
    pub mission: Option<(&'static str, &'static str, NaiveDate)>,
}

fn days(n: u64) -> Days {
    Days::new(n)
}

fn status_for(rng: &mut Rng) -> RosterStatus {
    match rng.below(100) {
        0..=54 => RosterStatus::Vetted,
        55..=66 => RosterStatus::Nominated,
        67..=78 => RosterStatus::UnderReview,
        79..=86 => RosterStatus::Suspended,
        87..=93 => RosterStatus::Withdrawn,
        _ => RosterStatus::Rejected,
    }
}

fn checks_for(rng: &mut Rng, status: RosterStatus, today: NaiveDate) -> Vec<CheckRecord> {
    let passed = |rng: &mut Rng, kind: CheckKind| {
        let done = today - days(30 + rng.below(300) as u64);
        let expires_on = kind.default_validity_days().map(|v| {
            // About one in six expiring credentials falls due within the next three months.
            if rng.chance(16) {
                today + days(3 + rng.below(90) as u64)
            } else {
                done + days(u64::from(v))
            }
        });
        CheckRecord {
            kind,
            status: CheckStatus::Passed,
            done_on: Some(done),
            expires_on,
        }
    };
    match status {
        RosterStatus::Nominated => Vec::new(),
        RosterStatus::UnderReview => CheckKind::ALL
            .into_iter()
            .filter_map(|k| match rng.below(3) {
                0 => None,
                1 => Some(CheckRecord {
                    kind: k,
                    status: CheckStatus::Pending,
                    done_on: None,
                    expires_on: None,
                }),
                _ => Some(passed(rng, k)),
            })
            .collect(),
        RosterStatus::Vetted | RosterStatus::Withdrawn => {
            CheckKind::ALL.into_iter().map(|k| passed(rng, k)).collect()
        }
        RosterStatus::Suspended => CheckKind::ALL
            .into_iter()
            .map(|k| {
                let mut c = passed(rng, k);
                if k == CheckKind::Medical {
                    c.expires_on = Some(today - days(1 + rng.below(60) as u64));
                }
                c
            })
            .collect(),
        RosterStatus::Rejected => CheckKind::ALL
            .into_iter()
            .map(|k| {
                let mut c = passed(rng, k);
                if k == CheckKind::Background {
                    c.status = CheckStatus::Failed;
                    c.expires_on = None;
                }
                c
            })
            .collect(),
    }
}

const LEVELS: [&str; 6] = ["A2", "B1", "B2", "C1", "C2", "C2"];

/// `count` experts spread over `states`, the same ones for the same arguments.
pub fn generate(
    count: usize,
    states: &[&str],
    today: NaiveDate,
) -> Result<Vec<SeedExpert>, AppError> {
    let mut rng = Rng(0x000B_10E5_u64);
    let mut out = Vec::with_capacity(count);
    for n in 0..count {
        let state = states[n % states.len().max(1)];
        let c = culture(state);
        let given = rng.pick(c.given);
        let family = rng.pick(c.family);
        let latin = if given.1.is_empty() {
            String::new()
        } else {
            format!("{} {}", given.1, family.1)
        };
        let mut categories = vec![*rng.pick(&Category::ALL)];
        if rng.chance(30) {
            let second = *rng.pick(&Category::ALL);
            if !categories.contains(&second) {
                categories.push(second);
            }
        }
        let mut skills: Vec<String> = Vec::new();
        for _ in 0..(1 + rng.below(4)) {
            let s = rng.pick(&Skill::ALL).slug();
            if !skills.iter().any(|k| k.starts_with(&format!("{s}:"))) {
                skills.push(format!("{s}:{}", 1 + rng.below(4)));
            }
        }
        let mut languages = vec![format!("{}:C2", c.languages[0])];
        for l in &c.languages[1..] {
            if rng.chance(70) {
                languages.push(format!("{l}:{}", rng.pick(&LEVELS)));
            }
        }
        if !languages.iter().any(|l| l.starts_with("en:")) && rng.chance(60) {
            languages.push(format!("en:{}", rng.pick(&LEVELS)));
        }
        let mut nationalities = state.to_owned();
        if rng.chance(8) {
            let other = rng.pick(DEMO_STATES);
            if *other != state {
                nationalities = format!("{state};{other}");
            }
        }
        let age = 28 + rng.below(40) as i32;
        let birth = NaiveDate::from_ymd_opt(
            today.year() - age,
            1 + rng.below(12) as u32,
            1 + rng.below(28) as u32,
        )
        .ok_or_else(|| internal("demo data", "birth date"))?;
        let (available_from, available_to) = match rng.below(10) {
            0..=5 => (String::new(), String::new()),
            6..=8 => (
                (today - days(rng.below(200) as u64)).to_string(),
                (today + days(200 + rng.below(400) as u64)).to_string(),
            ),
            _ => (
                (today + days(20 + rng.below(100) as u64)).to_string(),
                String::new(),
            ),
        };
        let fields = ExpertFields {
            external_ref: format!("{state}-{}-{:05}", today.year() - 1 + (n % 2) as i32, n),
            given_names: given.0.to_owned(),
            family_name: family.0.to_owned(),
            latin_name: latin,
            gender: rng
                .pick(&["female", "male", "female", "male", "other", "undisclosed"])
                .to_string(),
            date_of_birth: birth.to_string(),
            nationalities,
            email: format!(
                "expert.{n:06}@{}.{}",
                state.to_lowercase(),
                super::DEMO_DOMAIN
            ),
            phone: if rng.chance(85) {
                format!("+41{:09}", 700_000_000 + n)
            } else {
                String::new()
            },
            years_experience: (3 + rng.below(30)).to_string(),
            categories: categories
                .iter()
                .map(|c| c.slug())
                .collect::<Vec<_>>()
                .join(";"),
            skills: skills.join(";"),
            languages: languages.join(";"),
            notice_days: rng
                .pick(&[1u16, 2, 3, 3, 7, 14, 30, 30, 45, 60])
                .to_string(),
            available_from,
            available_to,
        };
        // A generator bug must say which field it broke, not only that something did.
        let input = fields.parse(today).map_err(|errors| {
            AppError::Invalid(
                errors
                    .into_iter()
                    .map(|e| app::error::FieldError {
                        field: format!("demo expert {n}: {}", e.field),
                        message: e.message,
                    })
                    .collect(),
            )
        })?;
        let status = status_for(&mut rng);
        let checks = checks_for(&mut rng, status, today);
        let last_confirmed = if rng.chance(25) {
            today - days(91 + rng.below(300) as u64)
        } else {
            today - days(rng.below(80) as u64)
        };
        let mission = rng.chance(30).then(|| {
            let (m, country) = *rng.pick(MISSIONS);
            (m, country, today - days(400 + rng.below(2000) as u64))
        });
        out.push(SeedExpert {
            state: MemberStateCode::parse(state).map_err(|e| internal("demo data", e))?,
            input,
            status,
            checks,
            last_confirmed,
            mission,
        });
    }
    Ok(out)
}

/// Stores generated experts in batches, each batch in one transaction, with status history and
/// one audit event per expert; returns how many were written.
pub async fn load(
    db: &DatabaseConnection,
    experts: &[SeedExpert],
    actor: Option<UserId>,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    for batch in experts.chunks(200) {
        let mut rows = Vec::new();
        let mut nationalities = Vec::new();
        let mut categories = Vec::new();
        let mut skills = Vec::new();
        let mut languages = Vec::new();
        let mut checks = Vec::new();
        let mut history = Vec::new();
        let mut missions = Vec::new();
        let mut audit = Vec::new();
        for s in batch {
            let id = ExpertId(uuid::Uuid::new_v4());
            let facts = ReadinessFacts {
                status: s.status,
                checks: s.checks.clone(),
                windows: Vec::new(),
                notice_days: s.input.notice_days,
                last_confirmed: Some(s.last_confirmed),
                committed: false,
            };
            let mut facts = facts;
            if s.input.available_from.is_some() || s.input.available_to.is_some() {
                facts.windows.push(readiness::Window {
                    kind: readiness::AvailabilityKind::Available,
                    from: s.input.available_from.unwrap_or(NaiveDate::MIN),
                    to: s.input.available_to.unwrap_or(NaiveDate::MAX),
                });
            }
            let tier = readiness::assess(&facts, today, STANDARD_DEPLOYMENT_DAYS).tier;
            let keys = name_keys(&s.input);
            let i = &s.input;
            rows.push(expert::ActiveModel {
                id: Set(id.0),
                member_state: Set(s.state.as_str().to_owned()),
                external_ref: Set(i.external_ref.as_str().to_owned()),
                given_names: Set(i.given_names.as_str().to_owned()),
                family_name: Set(i.family_name.as_str().to_owned()),
                latin_name: Set(i.latin_name.as_ref().map(|n| n.as_str().to_owned())),
                search_name: Set(keys.search),
                sort_name: Set(keys.sort),
                gender: Set(i.gender.as_str().to_owned()),
                date_of_birth: Set(i.date_of_birth),
                email: Set(i.email.as_str().to_owned()),
                phone: Set(i.phone.as_ref().map(|p| p.as_str().to_owned())),
                years_experience: Set(i16::from(i.years_experience)),
                notice_days: Set(i16::try_from(i.notice_days).unwrap_or(i16::MAX)),
                longest_deployment_days: Set(None),
                available_from: Set(i.available_from),
                available_to: Set(i.available_to),
                roster_status: Set(s.status.as_str().to_owned()),
                status_changed_at: Set(now),
                last_confirmed_on: Set(Some(s.last_confirmed)),
                readiness_tier: Set(tier.as_str().to_owned()),
                readiness_on: Set(today),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(1),
                ..Default::default()
            });
            for c in &i.nationalities {
                nationalities.push(expert_nationality::ActiveModel {
                    expert_id: Set(id.0),
                    country: Set(c.as_str().to_owned()),
                });
            }
            for c in &i.categories {
                categories.push(expert_category::ActiveModel {
                    expert_id: Set(id.0),
                    category: Set(c.slug().to_owned()),
                });
            }
            for (skill, level) in &i.skills {
                skills.push(expert_skill::ActiveModel {
                    expert_id: Set(id.0),
                    skill: Set(skill.slug().to_owned()),
                    level: Set(i16::from(level.get())),
                    years: Set(None),
                });
            }
            for (code, level) in &i.languages {
                languages.push(expert_language::ActiveModel {
                    expert_id: Set(id.0),
                    language: Set(code.as_str().to_owned()),
                    level: Set(i16::from(level.rank())),
                });
            }
            for c in &s.checks {
                checks.push(vetting_check::ActiveModel {
                    expert_id: Set(id.0),
                    kind: Set(c.kind.as_str().to_owned()),
                    status: Set(c.status.as_str().to_owned()),
                    done_on: Set(c.done_on),
                    expires_on: Set(c.expires_on),
                    recorded_by: Set(actor.map(|a| a.0)),
                    recorded_at: Set(now),
                    note: Set(None),
                });
            }
            history.push(roster_status_change::ActiveModel {
                id: Set(uuid::Uuid::new_v4()),
                expert_id: Set(id.0),
                from_status: Set(None),
                to_status: Set(RosterStatus::Nominated.as_str().to_owned()),
                reason: Set(format!("nominated by {}", s.state)),
                actor_user_id: Set(None),
                at: Set(now),
            });
            if s.status != RosterStatus::Nominated {
                history.push(roster_status_change::ActiveModel {
                    id: Set(uuid::Uuid::new_v4()),
                    expert_id: Set(id.0),
                    from_status: Set(Some(RosterStatus::Nominated.as_str().to_owned())),
                    to_status: Set(s.status.as_str().to_owned()),
                    reason: Set(
                        "demo data: decision recorded before the roster moved to Blue Suits"
                            .to_owned(),
                    ),
                    actor_user_id: Set(actor.map(|a| a.0)),
                    at: Set(now),
                });
            }
            if let Some((mission, country, started)) = s.mission {
                missions.push(prior_mission::ActiveModel {
                    id: Set(uuid::Uuid::new_v4()),
                    expert_id: Set(id.0),
                    mission: Set(mission.to_owned()),
                    country: Set(Some(country.to_owned())),
                    role: Set(i
                        .categories
                        .first()
                        .map_or("adviser", |c| c.label())
                        .to_owned()),
                    started_on: Set(started),
                    ended_on: Set(Some(started + days(180))),
                });
            }
            audit.push(audit_event::ActiveModel {
                id: Set(uuid::Uuid::new_v4()),
                at: Set(now),
                actor_user_id: Set(actor.map(|a| a.0)),
                action: Set("expert.nominate".to_owned()),
                record_type: Set("expert".to_owned()),
                record_id: Set(id.to_string()),
                before: Set(None),
                after: Set(Some(
                    serde_json::json!({ "member_state": s.state.as_str(), "demo": true }),
                )),
                redacted_at: Set(None),
            });
        }
        let txn = app::server::tx::write(db).await?;
        expert::Entity::insert_many(rows)
            .exec_without_returning(&txn)
            .await?;
        for chunk in nationalities.chunks(500) {
            expert_nationality::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(&txn)
                .await?;
        }
        for chunk in categories.chunks(500) {
            expert_category::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(&txn)
                .await?;
        }
        for chunk in skills.chunks(500) {
            expert_skill::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(&txn)
                .await?;
        }
        for chunk in languages.chunks(500) {
            expert_language::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(&txn)
                .await?;
        }
        for chunk in checks.chunks(300) {
            vetting_check::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(&txn)
                .await?;
        }
        for chunk in history.chunks(300) {
            roster_status_change::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(&txn)
                .await?;
        }
        if !missions.is_empty() {
            prior_mission::Entity::insert_many(missions)
                .exec_without_returning(&txn)
                .await?;
        }
        for chunk in audit.chunks(300) {
            audit_event::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(&txn)
                .await?;
        }
        txn.commit().await?;
    }
    Ok(experts.len())
}

/// Seeds the demo roster once: nothing happens when experts already exist.
pub async fn seed(
    db: &DatabaseConnection,
    count: usize,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    if expert::Entity::find().count(db).await? > 0 {
        return Ok(0);
    }
    let today = now.date_naive();
    let experts = generate(count, DEMO_STATES, today)?;
    load(db, &experts, None, today, now).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 29).expect("date")
    }

    #[test]
    fn the_demo_roster_is_the_same_every_time() {
        let a = generate(50, DEMO_STATES, today()).expect("generates");
        let b = generate(50, DEMO_STATES, today()).expect("generates");
        let names = |v: &[SeedExpert]| {
            v.iter()
                .map(|s| s.input.family_name.as_str().to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&a), names(&b));
    }

    #[test]
    fn the_demo_roster_has_every_status_and_several_scripts() {
        let experts = generate(1_000, DEMO_STATES, today()).expect("generates");
        for status in RosterStatus::ALL {
            assert!(experts.iter().any(|s| s.status == status), "{status:?}");
        }
        for sample in [
            "Touré",
            "Nguyễn",
            "الفارسي",
            "Коваленко",
            "Παπαδοπούλου",
            "王",
            "O'Brien",
        ] {
            assert!(
                experts
                    .iter()
                    .any(|s| s.input.family_name.as_str() == sample),
                "{sample}"
            );
        }
        assert!(
            experts
                .iter()
                .any(|s| s.checks.iter().any(|c| c.status == CheckStatus::Failed))
        );
        let soon = today() + days(90);
        assert!(experts.iter().any(|s| {
            s.checks
                .iter()
                .any(|c| c.expires_on.is_some_and(|d| d > today() && d <= soon))
        }));
        assert!(
            experts
                .iter()
                .any(|s| readiness::is_stale(Some(s.last_confirmed), today()))
        );
    }
}
