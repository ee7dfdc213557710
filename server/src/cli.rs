//! The command line: `serve` (the default), `migrate`, `create-admin`, `seed-demo`, `import`,
//! `invite`, `backup`.
use crate::config::{Config, DatabaseArgs, ServeArgs};
use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use std::io::{BufRead, IsTerminal, Write};

#[derive(Parser, Debug)]
#[command(
    name = "server",
    version,
    about = "Blue Suits: the on-call roster of civilian experts",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub serve: ServeArgs,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the web server (the default).
    Serve(ServeArgs),
    /// Bring the database schema up to date, then exit.
    Migrate,
    /// Create a secretariat account; the password is asked for, or read from standard input.
    CreateAdmin {
        #[arg(long)]
        email: String,
        /// The name shown for the account.
        #[arg(long, default_value = "Secretariat administrator")]
        name: String,
    },
    /// Load the demo accounts (idempotent) and print them. Demo data only.
    SeedDemo,
    /// Upload a candidate file (CSV or XLSX, told apart by content) for a member state and print
    /// the report. Exits 0 whenever the file was processed, whatever it rejected.
    Import {
        /// The nominating member state, ISO 3166-1 alpha-3 (CAN, SEN, …).
        #[arg(long)]
        state: String,
        /// Check every row and print the report without writing anything.
        #[arg(long)]
        dry_run: bool,
        path: std::path::PathBuf,
    },
    /// Issue an invitation link for an expert and print it, for an operator with shell access to
    /// hand over when no mail can be sent. The link is also queued to the expert's own address,
    /// and the audit log names the operator (`$USER`). Older links stop working.
    Invite {
        /// The expert's id, as in `/roster/<id>`.
        #[arg(long)]
        expert: String,
    },
    /// Copy a SQLite database to FILE while the server keeps running: one consistent snapshot,
    /// compacted. Restore by pointing DATABASE_URL at the copy. For PostgreSQL use `pg_dump`.
    Backup {
        /// Where the copy goes; must not exist yet.
        #[arg(long)]
        to: std::path::PathBuf,
    },
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let db_args = cli.database.clone();
    match cli.command {
        None => serve(&cli.serve, &db_args).await,
        Some(Command::Serve(args)) => serve(&args, &db_args).await,
        Some(Command::Migrate) => {
            let db = crate::database::connect(&db_args.url()).await?;
            crate::database::migrate(&db).await?;
            println!("database is up to date");
            Ok(())
        }
        Some(Command::CreateAdmin { email, name }) => create_admin(&db_args, email, name).await,
        Some(Command::SeedDemo) => seed_demo(&db_args).await,
        Some(Command::Import {
            state,
            dry_run,
            path,
        }) => import(&db_args, &state, dry_run, &path).await,
        Some(Command::Invite { expert }) => invite(&cli.serve, &db_args, &expert).await,
        Some(Command::Backup { to }) => backup(&db_args, &to).await,
    }
}

async fn backup(db_args: &DatabaseArgs, to: &std::path::Path) -> anyhow::Result<()> {
    let db = crate::database::connect(&db_args.url()).await?;
    let copied = crate::database::backup(&db, to).await?;
    println!("backed up to {} ({copied} bytes)", to.display());
    Ok(())
}

async fn invite(serve: &ServeArgs, db_args: &DatabaseArgs, expert: &str) -> anyhow::Result<()> {
    use app::domain::ids::ExpertId;
    let id = ExpertId::parse(expert)
        .ok_or_else(|| anyhow::anyhow!("--expert {expert}: not an expert id"))?;
    let config = Config::from_args(serve, db_args);
    let mut settings = config.settings;
    if settings.public_url.is_empty() {
        settings.public_url = format!("http://{}", config.addr);
    }
    let operator = std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_else(|_| "unknown operator".to_owned());
    let db = crate::database::connect(&db_args.url()).await?;
    crate::database::migrate(&db).await?;
    match app::server::services::invitations::invite_by_operator(
        &db,
        &settings,
        id,
        &operator,
        chrono::Utc::now(),
    )
    .await
    {
        Ok((link, invited)) => {
            println!("{link}");
            eprintln!(
                "invitation for {} valid until {} UTC; give the link to the expert only (whoever opens it acts as them)",
                invited.email,
                invited.expires_at.format("%Y-%m-%d %H:%M")
            );
            Ok(())
        }
        Err(app::error::AppError::NotFound) => bail!("no expert with id {id}"),
        Err(e) => bail!("no invitation issued: {e}"),
    }
}

async fn import(
    db_args: &DatabaseArgs,
    state: &str,
    dry_run: bool,
    path: &std::path::Path,
) -> anyhow::Result<()> {
    use app::{
        domain::{import::MAX_FILE_BYTES, member_state::MemberStateCode},
        server::services::{
            import::{Failure, Mode},
            import_batches::import_file,
        },
    };
    use std::io::Read;
    let state = MemberStateCode::parse(state.trim())
        .map_err(|e| anyhow::anyhow!("--state {state}: {e}"))?;
    let file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    // Reading one byte past the limit tells a too-large file without reading all of it.
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("reading {}", path.display()))?;
    let db = crate::database::connect(&db_args.url()).await?;
    crate::database::migrate(&db).await?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mode = if dry_run { Mode::DryRun } else { Mode::Commit };
    let now = chrono::Utc::now();
    match import_file(&db, &state, &name, &bytes, mode, now.date_naive(), now).await {
        Ok(report) => {
            let mut out = std::io::stdout().lock();
            for line in report.lines() {
                writeln!(out, "{line}")?;
            }
            Ok(())
        }
        Err(Failure::File(problem)) => bail!("{}: {problem}", path.display()),
        Err(Failure::App(e)) => bail!("import failed: {e}"),
    }
}

async fn serve(args: &ServeArgs, db: &DatabaseArgs) -> anyhow::Result<()> {
    let app = crate::startup::Application::build(Config::from_args(args, db)).await?;
    app.run_until_stopped().await.context("serving")
}

fn read_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password (at least 12 characters): ")?;
        let again = rpassword::prompt_password("Password again: ")?;
        if first != again {
            bail!("the two passwords differ");
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        Ok(line.trim_end_matches(['\r', '\n']).to_owned())
    }
}

async fn create_admin(db_args: &DatabaseArgs, email: String, name: String) -> anyhow::Result<()> {
    let password = read_password()?;
    let db = crate::database::connect(&db_args.url()).await?;
    crate::database::migrate(&db).await?;
    let input = app::server::services::users::NewAccountInput {
        email,
        display_name: name,
        role: "secretariat".to_owned(),
        member_state: None,
        password,
    };
    match app::server::services::users::create_account(&db, None, input, chrono::Utc::now()).await {
        Ok(user) => {
            println!("created secretariat account {}", user.email);
            Ok(())
        }
        Err(app::error::AppError::Invalid(fields)) => {
            let reasons: Vec<String> = fields
                .iter()
                .map(|f| format!("{}: {}", f.field, f.message))
                .collect();
            bail!("account not created: {}", reasons.join("; "))
        }
        Err(e) => bail!("account not created: {e}"),
    }
}

async fn seed_demo(db_args: &DatabaseArgs) -> anyhow::Result<()> {
    let db = crate::database::connect(&db_args.url()).await?;
    crate::database::migrate(&db).await?;
    let report = crate::seed::seed(&db, chrono::Utc::now())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    println!(
        "demo data: created {}, already present {}",
        report.created, report.already_present
    );
    println!("demo experts: created {}", report.experts_created);
    println!(
        "demo accounts (DEMO ONLY), password for all: {}",
        crate::seed::DEMO_PASSWORD
    );
    for a in report.accounts {
        let state = a
            .principal
            .member_state()
            .map(|s| format!(" ({s})"))
            .unwrap_or_default();
        println!("  {:<40} {}{}", a.email, a.principal.role().as_str(), state);
    }
    Ok(())
}
