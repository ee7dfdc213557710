//! Demo data: a deterministic, idempotent set of accounts and a roster so every screen has something real to show. Never seed a production roster.
pub mod roster;

use app::{
    domain::{
        account::{DisplayName, Email, NewPassword},
        member_state::MemberStateCode,
        permissions::Principal,
    },
    error::AppError,
    server::{
        errors::internal,
        password,
        repo::{
            audit::{self, AuditEntry},
            users::{self, NewUser},
        },
    },
};
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;

/// The one password of every demo account. Demo data only: never seed a production roster.
pub const DEMO_PASSWORD: &str = "blue-suits-demo-2026";
pub const DEMO_DOMAIN: &str = "demo.blue-suits.org";
/// Experts of the demo roster, spread over the demo's roster offices.
pub const DEMO_EXPERTS: usize = 1_000;

/// Roster offices of the demo: state and the manager's name, written in their own script.
const ROSTER_OFFICES: &[(&str, &str)] = &[
    ("ARG", "Lucía Fernández"),
    ("AUS", "Olivia Nguyen"),
    ("AUT", "Lukas Gruber"),
    ("BEL", "Sofie Peeters"),
    ("BEN", "Gbénou Adjovi"),
    ("BGD", "তানভীর আহমেদ"),
    ("BRA", "João Pereira"),
    ("CAN", "Amélie Tremblay"),
    ("CHE", "Reto Müller"),
    ("CHL", "Camila Soto"),
    ("CHN", "王晓明"),
    ("CIV", "Aya Kouassi"),
    ("COL", "Andrés Gómez"),
    ("DEU", "Jana Schröder"),
    ("DNK", "Mette Sørensen"),
    ("EGY", "منى حسن"),
    ("ESP", "Íñigo Martínez"),
    ("ETH", "Selam Tesfaye"),
    ("FIN", "Aino Virtanen"),
    ("FRA", "Claire Dubois"),
    ("GBR", "Siobhan O'Brien"),
    ("GHA", "Kwame Mensah"),
    ("GRC", "Ελένη Παπαδοπούλου"),
    ("IDN", "Siti Rahmawati"),
    ("IND", "Priya Raghavan"),
    ("IRL", "Ciarán Ó Súilleabháin"),
    ("ITA", "Giulia Bianchi"),
    ("JOR", "ليلى الخطيب"),
    ("JPN", "佐藤 花子"),
    ("KEN", "Wanjiru Kamau"),
    ("KOR", "김민준"),
    ("MAR", "Youssef El Amrani"),
    ("MEX", "Mariana López"),
    ("NGA", "Chinedu Okafor"),
    ("NLD", "Sanne de Vries"),
    ("NOR", "Øyvind Hansen"),
    ("PAK", "Ayesha Siddiqui"),
    ("PER", "Rosa Quispe"),
    ("PHL", "Maria Santos"),
    ("POL", "Zofia Wiśniewska"),
    ("PRT", "Inês Carvalho"),
    ("RWA", "Aline Uwase"),
    ("SEN", "Aminata Touré"),
    ("SWE", "Linnea Lindqvist"),
    ("TUN", "Sami Ben Salah"),
    ("UKR", "Олена Коваленко"),
    ("URY", "Martín Rodríguez"),
    ("VNM", "Nguyễn Thị Lan"),
    ("ZAF", "Thandiwe Dlamini"),
];

#[derive(Debug, Clone)]
pub struct DemoAccount {
    pub email: String,
    pub display_name: String,
    pub principal: Principal,
}

/// Every demo account, in a fixed order.
pub fn demo_accounts() -> Result<Vec<DemoAccount>, AppError> {
    let mut out = vec![
        DemoAccount {
            email: format!("secretariat@{DEMO_DOMAIN}"),
            display_name: "Hélène Marchand".into(),
            principal: Principal::Secretariat,
        },
        DemoAccount {
            email: format!("planner1@{DEMO_DOMAIN}"),
            display_name: "Daniel Okonkwo".into(),
            principal: Principal::MissionPlanner,
        },
        DemoAccount {
            email: format!("planner2@{DEMO_DOMAIN}"),
            display_name: "Sara Lindholm".into(),
            principal: Principal::MissionPlanner,
        },
    ];
    for (code, name) in ROSTER_OFFICES {
        let state = MemberStateCode::parse(code).map_err(|e| internal("demo data", e))?;
        out.push(DemoAccount {
            email: format!("manager.{}@{DEMO_DOMAIN}", code.to_lowercase()),
            display_name: (*name).to_owned(),
            principal: Principal::RosterManager { state },
        });
    }
    Ok(out)
}

#[derive(Debug, Default)]
pub struct SeedReport {
    pub created: usize,
    /// Demo experts written by this run (none when the roster already had experts).
    pub experts_created: usize,
    pub already_present: usize,
    pub accounts: Vec<DemoAccount>,
}

/// Creates the demo accounts that do not exist yet; running it again changes nothing.
pub async fn seed(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<SeedReport, AppError> {
    let accounts = demo_accounts()?;
    let pw = NewPassword::parse(DEMO_PASSWORD).map_err(|e| internal("demo password", e))?;
    // One hash for all: they share the password, and hashing fifty times would only slow the start.
    let password_hash = password::hash(&pw).await?;
    let mut missing = Vec::new();
    for a in &accounts {
        let email = Email::parse(&a.email).map_err(|e| internal("demo data", e))?;
        if users::find_by_email(db, &email).await?.is_none() {
            let name = DisplayName::parse(&a.display_name).map_err(|e| internal("demo data", e))?;
            missing.push(NewUser {
                email,
                display_name: name,
                principal: a.principal.clone(),
                password_hash: password_hash.clone(),
            });
        }
    }
    let created = missing.len();
    app::server::tx::in_write(db, |txn| {
        Box::pin(async move {
            for new in missing {
                let user = users::insert(txn, new, now).await?;
                let entry = AuditEntry::new(None, "user.create", "user", user.id).after(serde_json::json!({ "email": user.email, "role": user.principal.role().as_str(), "demo": true }));
                audit::append(txn, entry, now).await?;
            }
            Ok(())
        })
    })
    .await?;
    let experts_created = roster::seed(db, DEMO_EXPERTS, now).await?;
    Ok(SeedReport {
        created,
        experts_created,
        already_present: accounts.len() - created,
        accounts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_has_forty_roster_offices_and_every_role() {
        let accounts = demo_accounts().expect("demo data parses");
        let managers = accounts
            .iter()
            .filter(|a| matches!(a.principal, Principal::RosterManager { .. }))
            .count();
        assert!(managers >= 40, "{managers} roster offices");
        assert!(
            accounts
                .iter()
                .any(|a| a.principal == Principal::Secretariat)
        );
        assert_eq!(
            accounts
                .iter()
                .filter(|a| a.principal == Principal::MissionPlanner)
                .count(),
            2
        );
        let mut emails: Vec<_> = accounts.iter().map(|a| a.email.clone()).collect();
        emails.sort();
        emails.dedup();
        assert_eq!(emails.len(), accounts.len(), "e-mails are unique");
    }
}
