//! The roster's controlled vocabularies: expertise categories, skills and their levels, languages with CEFR levels, gender.
use super::expert::{quoted, shown};
use serde::{Deserialize, Serialize};
use std::fmt;

/// An expertise category; the slug is what the upload template and the database use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    Judge,
    Prosecutor,
    LegalAdviser,
    CorrectionsOfficer,
    FinancialAnalyst,
    PoliceInvestigator,
    CivilServant,
    GovernanceExpert,
    CustomsBorder,
}

impl Category {
    pub const ALL: [Category; 9] = [
        Category::Judge,
        Category::Prosecutor,
        Category::LegalAdviser,
        Category::CorrectionsOfficer,
        Category::FinancialAnalyst,
        Category::PoliceInvestigator,
        Category::CivilServant,
        Category::GovernanceExpert,
        Category::CustomsBorder,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Category::Judge => "judge",
            Category::Prosecutor => "prosecutor",
            Category::LegalAdviser => "legal-adviser",
            Category::CorrectionsOfficer => "corrections-officer",
            Category::FinancialAnalyst => "financial-analyst",
            Category::PoliceInvestigator => "police-investigator",
            Category::CivilServant => "civil-servant",
            Category::GovernanceExpert => "governance-expert",
            Category::CustomsBorder => "customs-border",
        }
    }

    /// Surrounding spaces and letter case are forgiven, since spreadsheets are typed by hand.
    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        Self::ALL
            .into_iter()
            .find(|c| c.slug().eq_ignore_ascii_case(raw))
    }

    pub fn label(self) -> &'static str {
        match self {
            Category::Judge => "Judge",
            Category::Prosecutor => "Prosecutor",
            Category::LegalAdviser => "Defence / legal adviser",
            Category::CorrectionsOfficer => "Corrections / detention officer",
            Category::FinancialAnalyst => "Financial analyst / investigator",
            Category::PoliceInvestigator => "Police investigator",
            Category::CivilServant => "Civil servant / public administration",
            Category::GovernanceExpert => "Governance expert",
            Category::CustomsBorder => "Customs / border officer",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

/// A skill from the controlled taxonomy; the slug is what the upload template and the database use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Skill {
    MoneyLaundering,
    AssetRecovery,
    MutualLegalAssistance,
    WitnessProtection,
    PrisonManagement,
    CourtAdministration,
    LegislativeDrafting,
    ForensicAccounting,
    AntiCorruption,
    DrugTrafficking,
    HumanTrafficking,
    ArmsTrafficking,
    Cybercrime,
    MaritimeCrime,
    TerrorismFinancing,
    JudicialTraining,
    CaseManagement,
    SanctionsMonitoring,
}

impl Skill {
    pub const ALL: [Skill; 18] = [
        Skill::MoneyLaundering,
        Skill::AssetRecovery,
        Skill::MutualLegalAssistance,
        Skill::WitnessProtection,
        Skill::PrisonManagement,
        Skill::CourtAdministration,
        Skill::LegislativeDrafting,
        Skill::ForensicAccounting,
        Skill::AntiCorruption,
        Skill::DrugTrafficking,
        Skill::HumanTrafficking,
        Skill::ArmsTrafficking,
        Skill::Cybercrime,
        Skill::MaritimeCrime,
        Skill::TerrorismFinancing,
        Skill::JudicialTraining,
        Skill::CaseManagement,
        Skill::SanctionsMonitoring,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Skill::MoneyLaundering => "money-laundering",
            Skill::AssetRecovery => "asset-recovery",
            Skill::MutualLegalAssistance => "mutual-legal-assistance",
            Skill::WitnessProtection => "witness-protection",
            Skill::PrisonManagement => "prison-management",
            Skill::CourtAdministration => "court-administration",
            Skill::LegislativeDrafting => "legislative-drafting",
            Skill::ForensicAccounting => "forensic-accounting",
            Skill::AntiCorruption => "anti-corruption",
            Skill::DrugTrafficking => "drug-trafficking",
            Skill::HumanTrafficking => "human-trafficking",
            Skill::ArmsTrafficking => "arms-trafficking",
            Skill::Cybercrime => "cybercrime",
            Skill::MaritimeCrime => "maritime-crime",
            Skill::TerrorismFinancing => "terrorism-financing",
            Skill::JudicialTraining => "judicial-training",
            Skill::CaseManagement => "case-management",
            Skill::SanctionsMonitoring => "sanctions-monitoring",
        }
    }

    /// Surrounding spaces and letter case are forgiven, since spreadsheets are typed by hand.
    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        Self::ALL
            .into_iter()
            .find(|s| s.slug().eq_ignore_ascii_case(raw))
    }

    pub fn label(self) -> &'static str {
        match self {
            Skill::MoneyLaundering => "Money-laundering investigation",
            Skill::AssetRecovery => "Asset recovery",
            Skill::MutualLegalAssistance => "Mutual legal assistance",
            Skill::WitnessProtection => "Witness protection",
            Skill::PrisonManagement => "Prison management",
            Skill::CourtAdministration => "Court administration",
            Skill::LegislativeDrafting => "Legislative drafting",
            Skill::ForensicAccounting => "Forensic accounting",
            Skill::AntiCorruption => "Anti-corruption",
            Skill::DrugTrafficking => "Drug-trafficking cases",
            Skill::HumanTrafficking => "Human-trafficking cases",
            Skill::ArmsTrafficking => "Arms-trafficking cases",
            Skill::Cybercrime => "Cybercrime",
            Skill::MaritimeCrime => "Maritime crime",
            Skill::TerrorismFinancing => "Terrorism financing",
            Skill::JudicialTraining => "Judicial training",
            Skill::CaseManagement => "Case management",
            Skill::SanctionsMonitoring => "Sanctions monitoring",
        }
    }
}

impl fmt::Display for Skill {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

/// How well an expert masters a skill: 1 working, 2 proficient, 3 expert, 4 authority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct SkillLevel(u8);

impl SkillLevel {
    pub const MIN: SkillLevel = SkillLevel(1);
    pub const MAX: SkillLevel = SkillLevel(4);

    pub fn new(level: u8) -> Option<Self> {
        (Self::MIN.0..=Self::MAX.0)
            .contains(&level)
            .then_some(Self(level))
    }

    /// The message names the value, so a list parser can add which item it came from.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let text = raw.trim();
        if text.is_empty() {
            return Err("a level between 1 and 4 is required".to_owned());
        }
        if !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("{} is not a level between 1 and 4", quoted(text)));
        }
        text.parse::<u8>()
            .ok()
            .and_then(Self::new)
            .ok_or_else(|| format!("level {} is not between 1 and 4", shown(text)))
    }

    pub fn get(self) -> u8 {
        self.0
    }

    pub fn label(self) -> &'static str {
        match self.0 {
            1 => "working",
            2 => "proficient",
            3 => "expert",
            _ => "authority",
        }
    }
}

impl TryFrom<u8> for SkillLevel {
    type Error = String;
    fn try_from(level: u8) -> Result<Self, Self::Error> {
        Self::new(level).ok_or_else(|| format!("level {level} is not between 1 and 4"))
    }
}

impl From<SkillLevel> for u8 {
    fn from(level: SkillLevel) -> Self {
        level.0
    }
}

impl fmt::Display for SkillLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A language level on the Common European Framework of Reference, ordered from A1 up to C2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Cefr {
    A1,
    A2,
    B1,
    B2,
    C1,
    C2,
}

impl Cefr {
    pub const ALL: [Cefr; 6] = [Cefr::A1, Cefr::A2, Cefr::B1, Cefr::B2, Cefr::C1, Cefr::C2];

    pub fn parse(raw: &str) -> Result<Self, String> {
        let text = raw.trim();
        Self::ALL
            .into_iter()
            .find(|l| l.as_str().eq_ignore_ascii_case(text))
            .ok_or_else(|| {
                format!(
                    "{} is not a CEFR level (A1, A2, B1, B2, C1, C2)",
                    quoted(text)
                )
            })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Cefr::A1 => "A1",
            Cefr::A2 => "A2",
            Cefr::B1 => "B1",
            Cefr::B2 => "B2",
            Cefr::C1 => "C1",
            Cefr::C2 => "C2",
        }
    }

    /// The number the database stores, so "at least B2" is a numeric comparison there too.
    pub fn rank(self) -> u8 {
        match self {
            Cefr::A1 => 1,
            Cefr::A2 => 2,
            Cefr::B1 => 3,
            Cefr::B2 => 4,
            Cefr::C1 => 5,
            Cefr::C2 => 6,
        }
    }

    pub fn from_rank(rank: u8) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.rank() == rank)
    }
}

impl fmt::Display for Cefr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An ISO 639-1 code such as `fr`: two Latin letters, kept lower-case.
///
/// Whether the code names a known language is a question for the reference data, not for the parser.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct LanguageCode(String);

impl LanguageCode {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let code = raw.trim();
        if code.len() == 2 && code.bytes().all(|b| b.is_ascii_alphabetic()) {
            Ok(Self(code.to_ascii_lowercase()))
        } else {
            Err(format!(
                "{} is not a two-letter language code (ISO 639-1, such as en or fr)",
                quoted(code)
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for LanguageCode {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<LanguageCode> for String {
    fn from(code: LanguageCode) -> Self {
        code.0
    }
}

impl fmt::Display for LanguageCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    Female,
    Male,
    Other,
    Undisclosed,
}

impl Gender {
    pub const ALL: [Gender; 4] = [
        Gender::Female,
        Gender::Male,
        Gender::Other,
        Gender::Undisclosed,
    ];

    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        Self::ALL
            .into_iter()
            .find(|g| g.as_str().eq_ignore_ascii_case(raw))
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Female => "female",
            Gender::Male => "male",
            Gender::Other => "other",
            Gender::Undisclosed => "undisclosed",
        }
    }
}

impl fmt::Display for Gender {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json<T: Serialize>(value: T) -> String {
        serde_json::to_string(&value).expect("serialises")
    }

    #[test]
    fn category_slugs_are_exactly_those_of_the_upload_format() {
        let slugs: Vec<_> = Category::ALL.into_iter().map(Category::slug).collect();
        assert_eq!(
            slugs,
            [
                "judge",
                "prosecutor",
                "legal-adviser",
                "corrections-officer",
                "financial-analyst",
                "police-investigator",
                "civil-servant",
                "governance-expert",
                "customs-border"
            ]
        );
    }

    #[test]
    fn skill_slugs_are_exactly_those_of_the_upload_format() {
        let slugs: Vec<_> = Skill::ALL.into_iter().map(Skill::slug).collect();
        assert_eq!(
            slugs,
            [
                "money-laundering",
                "asset-recovery",
                "mutual-legal-assistance",
                "witness-protection",
                "prison-management",
                "court-administration",
                "legislative-drafting",
                "forensic-accounting",
                "anti-corruption",
                "drug-trafficking",
                "human-trafficking",
                "arms-trafficking",
                "cybercrime",
                "maritime-crime",
                "terrorism-financing",
                "judicial-training",
                "case-management",
                "sanctions-monitoring"
            ]
        );
    }

    #[test]
    fn serde_names_equal_the_slugs() {
        for c in Category::ALL {
            assert_eq!(json(c), format!("\"{}\"", c.slug()));
            assert_eq!(serde_json::from_str::<Category>(&json(c)).ok(), Some(c));
        }
        for s in Skill::ALL {
            assert_eq!(json(s), format!("\"{}\"", s.slug()));
            assert_eq!(serde_json::from_str::<Skill>(&json(s)).ok(), Some(s));
        }
        for g in Gender::ALL {
            assert_eq!(json(g), format!("\"{}\"", g.as_str()));
        }
        for l in Cefr::ALL {
            assert_eq!(json(l), format!("\"{}\"", l.as_str()));
        }
        assert_eq!(
            json(Category::CorrectionsOfficer),
            "\"corrections-officer\""
        );
        assert_eq!(json(SkillLevel::MAX), "4");
        assert!(serde_json::from_str::<SkillLevel>("5").is_err());
        assert_eq!(json(LanguageCode::parse("FR").expect("valid")), "\"fr\"");
        assert!(serde_json::from_str::<LanguageCode>("\"fra\"").is_err());
    }

    #[test]
    fn every_slug_parses_back_forgiving_case_and_spaces() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.slug()), Some(c));
            assert_eq!(
                Category::parse(&format!("  {} ", c.slug().to_uppercase())),
                Some(c)
            );
            assert!(!c.label().is_empty());
        }
        for s in Skill::ALL {
            assert_eq!(Skill::parse(s.slug()), Some(s));
            assert_eq!(
                Skill::parse(&format!("\t{}", s.slug().to_uppercase())),
                Some(s)
            );
            assert!(!s.label().is_empty());
        }
        assert_eq!(
            Category::CorrectionsOfficer.label(),
            "Corrections / detention officer"
        );
    }

    #[test]
    fn unknown_or_misspelt_slugs_are_refused() {
        for raw in [
            "",
            "astronaut",
            "legal adviser",
            "legal_adviser",
            "judges",
            "jüdge",
        ] {
            assert_eq!(Category::parse(raw), None, "{raw:?}");
        }
        for raw in [
            "",
            "frog",
            "money laundering",
            "moneylaundering",
            "cyber-crime",
        ] {
            assert_eq!(Skill::parse(raw), None, "{raw:?}");
        }
    }

    #[test]
    fn skill_levels_are_one_to_four() {
        let cases: [(&str, Result<u8, &str>); 11] = [
            ("1", Ok(1)),
            (" 4 ", Ok(4)),
            ("03", Ok(3)),
            ("0", Err("level 0 is not between 1 and 4")),
            ("5", Err("level 5 is not between 1 and 4")),
            ("300", Err("level 300 is not between 1 and 4")),
            (
                "99999999999",
                Err("level 99999999999 is not between 1 and 4"),
            ),
            ("-1", Err("\"-1\" is not a level between 1 and 4")),
            ("2.5", Err("\"2.5\" is not a level between 1 and 4")),
            ("expert", Err("\"expert\" is not a level between 1 and 4")),
            ("", Err("a level between 1 and 4 is required")),
        ];
        for (raw, expected) in cases {
            let got = SkillLevel::parse(raw).map(SkillLevel::get);
            assert_eq!(got, expected.map_err(str::to_owned), "{raw:?}");
        }
        assert_eq!(SkillLevel::new(0), None);
        assert_eq!(SkillLevel::new(5), None);
        let labels: Vec<_> = (1..=4)
            .filter_map(SkillLevel::new)
            .map(SkillLevel::label)
            .collect();
        assert_eq!(labels, ["working", "proficient", "expert", "authority"]);
        assert!(SkillLevel::new(3) > SkillLevel::new(2));
    }

    #[test]
    fn cefr_levels_parse_forgivingly_and_rank_in_order() {
        let cases = [
            ("A1", Some(Cefr::A1)),
            ("b2", Some(Cefr::B2)),
            (" c2 ", Some(Cefr::C2)),
            ("B3", None),
            ("C", None),
            ("native", None),
            ("", None),
        ];
        for (raw, expected) in cases {
            assert_eq!(Cefr::parse(raw).ok(), expected, "{raw:?}");
        }
        assert_eq!(
            Cefr::parse("B3"),
            Err("\"B3\" is not a CEFR level (A1, A2, B1, B2, C1, C2)".to_owned())
        );
        for (i, level) in Cefr::ALL.into_iter().enumerate() {
            assert_eq!(usize::from(level.rank()), i + 1);
            assert_eq!(Cefr::from_rank(level.rank()), Some(level));
        }
        assert_eq!(Cefr::from_rank(0), None);
        assert_eq!(Cefr::from_rank(7), None);
        assert!(Cefr::A1 < Cefr::A2 && Cefr::B2 < Cefr::C1);
    }

    #[test]
    fn language_codes_are_two_letters_kept_lower_case() {
        let cases = [
            ("fr", Some("fr")),
            ("EN", Some("en")),
            (" wo ", Some("wo")),
            ("fra", None),
            ("f", None),
            ("f1", None),
            ("", None),
            ("ру", None),
        ];
        for (raw, expected) in cases {
            let got = LanguageCode::parse(raw).ok();
            assert_eq!(got.as_ref().map(LanguageCode::as_str), expected, "{raw:?}");
        }
    }

    #[test]
    fn genders_are_the_four_of_the_upload_format() {
        let cases = [
            ("female", Some(Gender::Female)),
            ("Male", Some(Gender::Male)),
            (" OTHER ", Some(Gender::Other)),
            ("undisclosed", Some(Gender::Undisclosed)),
            ("f", None),
            ("", None),
        ];
        for (raw, expected) in cases {
            assert_eq!(Gender::parse(raw), expected, "{raw:?}");
        }
        for g in Gender::ALL {
            assert_eq!(Gender::parse(g.as_str()), Some(g));
        }
    }
}
