//! Bulk upload of candidates: reading a file row by row, checking every row, and — on commit —
//! writing all good rows in one transaction. The dry run and the commit share every step.
use crate::{
    domain::{
        expert::{ExpertFields, ExpertInput},
        identity::{identity_changes, revetting},
        ids::{ExpertId, UserId},
        import::{
            BackToVetting, FileProblem, Header, Outcome, RejectedRow, Rejection, Report,
            SeenInFile, check_row, is_blank, outcome,
        },
        member_state::MemberStateCode,
        readiness::{self, ReadinessFacts, STANDARD_DEPLOYMENT_DAYS},
        vetting::RosterStatus,
    },
    error::AppError,
    server::{
        entities::expert,
        repo::{
            audit::{self, AuditEntry},
            experts::{self, NewExpert, WriteMeta},
            lookups, vetting,
        },
        services::{
            expert_record::{RECORD_TYPE, name_keys, snapshot},
            readiness::reassess,
            roster_status,
        },
    },
    spreadsheet::{self, RawRow},
};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseTransaction};
use std::collections::{HashMap, HashSet};

/// Rows checked against the database, and written, together.
const CHUNK: usize = 1_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    DryRun,
    Commit,
}

/// Who imports what, and when.
pub struct Run<'a> {
    pub state: &'a MemberStateCode,
    /// The account committing; `None` for the command line.
    pub actor: Option<UserId>,
    pub file_name: &'a str,
    pub today: NaiveDate,
    pub now: DateTime<Utc>,
}

/// Why an import stopped before reaching the end of the file.
#[derive(Debug)]
pub enum Failure {
    /// The file as a whole cannot be read; its message is for the uploader.
    File(FileProblem),
    App(AppError),
}

impl From<AppError> for Failure {
    fn from(e: AppError) -> Self {
        Failure::App(e)
    }
}

impl From<sea_orm::DbErr> for Failure {
    fn from(e: sea_orm::DbErr) -> Self {
        Failure::App(e.into())
    }
}

/// The reference codes a row may use, loaded once per run.
struct Codes {
    countries: HashSet<String>,
    languages: HashSet<String>,
}

impl Codes {
    async fn load(db: &impl ConnectionTrait) -> Result<Codes, AppError> {
        let (countries, languages) = lookups::all_codes(db).await?;
        Ok(Codes {
            countries: countries.into_iter().collect(),
            languages: languages.into_iter().collect(),
        })
    }

    fn problems(&self, row: u64, input: &ExpertInput) -> Vec<Rejection> {
        let mut problems = Vec::new();
        if let Some(code) = input
            .nationalities
            .iter()
            .find(|c| !self.countries.contains(c.as_str()))
        {
            problems.push(Rejection::new(
                row,
                "nationalities",
                format!("\"{}\" is not a country code in ISO 3166-1", code.as_str()),
            ));
        }
        if let Some((code, _)) = input
            .languages
            .iter()
            .find(|(c, _)| !self.languages.contains(c.as_str()))
        {
            problems.push(Rejection::new(
                row,
                "languages",
                format!("\"{}\" is not a language code in ISO 639-1", code.as_str()),
            ));
        }
        problems
    }
}

/// SQLite page cache for a commit, in KiB.
const COMMIT_CACHE_KIB: u32 = 65_536;

/// Who already holds each of the state's references and e-mail addresses, read once at the
/// start: lookups per chunk would depend on the database's statistics, which a large upload
/// makes stale (PostgreSQL then scans the whole table for every chunk).
struct Known {
    refs: HashMap<String, uuid::Uuid>,
    emails: HashMap<String, uuid::Uuid>,
}

impl Known {
    async fn load(db: &impl ConnectionTrait, state: &MemberStateCode) -> Result<Known, AppError> {
        Ok(Known {
            refs: experts::refs_of_state(db, state).await?,
            emails: experts::emails_of_state(db, state).await?,
        })
    }
}

/// A row that passed every check that needs no database.
struct Candidate {
    row: u64,
    cells: Vec<String>,
    input: ExpertInput,
}

fn reject(report: &mut Report, row: RejectedRow) {
    report.counts.rejected += 1;
    report.rows.push(row);
}

/// Reads the whole file and checks every row, inside `txn`; in `Commit` mode also writes the good
/// rows there, so a failure leaves nothing behind. A dry run's caller rolls the transaction back.
pub async fn process(
    txn: &DatabaseTransaction,
    bytes: &[u8],
    run: &Run<'_>,
    mode: Mode,
    progress: &mut (dyn FnMut(u64, u64) + Send),
) -> Result<Report, Failure> {
    // PostgreSQL plans each lookup with the statistics the roster had before the upload: for an
    // empty roster that means scanning the whole (growing) table once per chunk. Within this
    // transaction only, index lookups are used instead.
    if txn.get_database_backend() == DatabaseBackend::Postgres {
        txn.execute_unprepared("SET LOCAL enable_seqscan = off")
            .await?;
    }
    let db = txn;
    let (_, mut rows) = spreadsheet::open(bytes).map_err(Failure::File)?;
    let codes = Codes::load(db).await?;
    let known = Known::load(db, run.state).await?;
    // Writing many rows with random keys into SQLite's default page cache spills and rewrites
    // the same index pages over and over; a larger cache for this one transaction avoids that.
    let sqlite = db.get_database_backend() == DatabaseBackend::Sqlite;
    if sqlite && mode == Mode::Commit {
        db.execute_unprepared(&format!("PRAGMA cache_size = -{}", COMMIT_CACHE_KIB))
            .await?;
    }
    let mut report = Report::default();
    let header_row = loop {
        match rows.next_row() {
            None => return Err(Failure::File(FileProblem::Empty)),
            Some(row) => {
                let row = row.map_err(Failure::File)?;
                if !is_blank(&row.cells) {
                    break row;
                }
            }
        }
    };
    let header = match Header::parse(&header_row.cells) {
        Ok(header) => header,
        Err(problems) => {
            // Without a header nothing can be read; every row is rejected with the header's reasons.
            report.header = problems
                .into_iter()
                .map(|p| Rejection {
                    row: header_row.number,
                    ..p
                })
                .collect();
            while let Some(row) = rows.next_row() {
                if !is_blank(&row.map_err(Failure::File)?.cells) {
                    report.counts.rejected += 1;
                }
            }
            return Ok(report);
        }
    };
    let mut seen = SeenInFile::default();
    let mut chunk = Vec::with_capacity(CHUNK);
    while let Some(row) = rows.next_row() {
        let RawRow {
            number,
            cells,
            errors,
        } = row.map_err(Failure::File)?;
        if is_blank(&cells) && errors.is_empty() {
            continue;
        }
        let cell_errors: Vec<Rejection> = errors
            .iter()
            .map(|(column, error)| {
                Rejection::new(
                    number,
                    header.column_name(*column),
                    format!("the cell holds the spreadsheet error {error}; type the value instead"),
                )
            })
            .collect();
        match check_row(number, &header, &cells, &mut seen, run.today) {
            Err(mut rejected) => {
                rejected.problems.extend(cell_errors);
                reject(&mut report, rejected);
            }
            Ok(_) if !cell_errors.is_empty() => reject(
                &mut report,
                RejectedRow::new(number, header.cells(&cells), cell_errors),
            ),
            Ok((_, input)) => {
                let problems = codes.problems(number, &input);
                if problems.is_empty() {
                    chunk.push(Candidate {
                        row: number,
                        cells: header.cells(&cells),
                        input,
                    });
                } else {
                    reject(
                        &mut report,
                        RejectedRow::new(number, header.cells(&cells), problems),
                    );
                }
            }
        }
        if chunk.len() == CHUNK {
            settle(
                db,
                run,
                mode,
                &known,
                std::mem::take(&mut chunk),
                &mut report,
            )
            .await?;
            let (done, total) = rows.progress();
            progress(done, total);
        }
    }
    settle(db, run, mode, &known, chunk, &mut report).await?;
    if sqlite && mode == Mode::Commit {
        db.execute_unprepared(&format!(
            "PRAGMA cache_size = -{}",
            crate::server::SQLITE_CACHE_KIB
        ))
        .await?;
    }
    let (_, total) = rows.progress();
    progress(total, total);
    Ok(report)
}

/// Decides create / update / unchanged for a chunk of good rows against what is stored, and in
/// `Commit` mode writes them.
async fn settle(
    db: &DatabaseTransaction,
    run: &Run<'_>,
    mode: Mode,
    known: &Known,
    chunk: Vec<Candidate>,
    report: &mut Report,
) -> Result<(), AppError> {
    if chunk.is_empty() {
        return Ok(());
    }
    // Only references the state already has are read back, by primary key.
    let ids: Vec<uuid::Uuid> = chunk
        .iter()
        .filter_map(|c| known.refs.get(c.input.external_ref.as_str()).copied())
        .collect();
    let existing = experts::by_ids(db, &ids).await?;
    let mut lists = experts::lists_for(db, &ids).await?;
    let existing: HashMap<String, (expert::Model, ExpertFields)> = existing
        .into_iter()
        .map(|e| {
            let l = lists
                .remove(&e.id)
                .unwrap_or_else(experts::ExpertLists::empty);
            let fields = experts::fields_from(&e, &l);
            (e.external_ref.clone(), (e, fields))
        })
        .collect();
    let mut creates = Vec::new();
    let mut updates = Vec::new();
    for c in chunk {
        let current = existing.get(c.input.external_ref.as_str());
        if let Some(owner) = known.emails.get(c.input.email.as_str())
            && current.map(|(e, _)| e.id) != Some(*owner)
        {
            reject(
                report,
                RejectedRow::new(
                    c.row,
                    c.cells,
                    vec![Rejection::new(
                        c.row,
                        "email",
                        "another of your state's nominees already uses this e-mail address",
                    )],
                ),
            );
            continue;
        }
        let incoming = ExpertFields::from(&c.input);
        match outcome(current.map(|(_, f)| f), &incoming) {
            Outcome::Create => {
                report.counts.created += 1;
                creates.push(c);
            }
            Outcome::Update => {
                report.counts.updated += 1;
                if let Some((e, before)) = current {
                    let changed = identity_changes(before, &incoming);
                    let revetting = RosterStatus::parse(&e.roster_status)
                        .and_then(|status| revetting(status, &changed));
                    if let Some(r) = revetting.as_ref().filter(|r| r.to_review) {
                        report.back_to_vetting.push(BackToVetting {
                            row: c.row,
                            external_ref: c.input.external_ref.as_str().to_owned(),
                            fields: r.fields.iter().map(|f| f.as_str().to_owned()).collect(),
                        });
                    }
                    updates.push((c, e.clone(), before.clone(), incoming, revetting));
                }
            }
            Outcome::Unchanged => report.counts.unchanged += 1,
        }
    }
    if mode == Mode::Commit {
        write_creates(db, run, &creates).await?;
        for (c, e, before, after, revetting) in updates {
            write_update(db, run, &c, &e, &before, &after).await?;
            if let (Some(r), Some(status)) = (revetting, RosterStatus::parse(&e.roster_status)) {
                roster_status::revet(db, &e, status, &r, run.actor, run.today, run.now).await?;
            }
        }
    }
    Ok(())
}

async fn write_creates<C: ConnectionTrait>(
    db: &C,
    run: &Run<'_>,
    creates: &[Candidate],
) -> Result<(), AppError> {
    if creates.is_empty() {
        return Ok(());
    }
    let tier = |input: &ExpertInput| {
        let facts = ReadinessFacts {
            status: RosterStatus::Nominated,
            checks: Vec::new(),
            windows: Vec::new(),
            notice_days: input.notice_days,
            last_confirmed: Some(run.today),
            committed: false,
        };
        readiness::assess(&facts, run.today, STANDARD_DEPLOYMENT_DAYS).tier
    };
    let new: Vec<NewExpert<'_>> = creates
        .iter()
        .map(|c| NewExpert {
            // Time-ordered ids keep index inserts at the end of each index instead of all over it.
            id: ExpertId(uuid::Uuid::now_v7()),
            input: &c.input,
            meta: WriteMeta {
                keys: name_keys(&c.input),
                tier: tier(&c.input),
                today: run.today,
                now: run.now,
            },
        })
        .collect();
    experts::insert_batch(db, run.state, &new).await?;
    let ids: Vec<ExpertId> = new.iter().map(|n| n.id).collect();
    let reason = format!("nominated by {} (upload of {})", run.state, run.file_name);
    vetting::add_nominations(db, &ids, &reason, run.actor, run.now).await?;
    let entries = new
        .iter()
        .map(|n| {
            AuditEntry::new(run.actor, "expert.import", RECORD_TYPE, n.id)
                .after(snapshot(run.state, &ExpertFields::from(n.input)))
        })
        .collect();
    audit::append_many(db, entries, run.now).await
}

async fn write_update<C: ConnectionTrait>(
    db: &C,
    run: &Run<'_>,
    c: &Candidate,
    e: &expert::Model,
    before: &ExpertFields,
    after: &ExpertFields,
) -> Result<(), AppError> {
    let id = ExpertId(e.id);
    let availability_changed = before.available_from != after.available_from
        || before.available_to != after.available_to
        || before.notice_days != after.notice_days;
    let meta = WriteMeta {
        keys: name_keys(&c.input),
        tier: readiness::Tier::NotReady,
        today: run.today,
        now: run.now,
    };
    // The row was read in this same transaction, so its version cannot have moved.
    if !experts::update(db, id, e.version, &c.input, availability_changed, &meta).await? {
        return Err(AppError::Conflict(format!(
            "row {}: the record changed while the file was being committed; commit again",
            c.row
        )));
    }
    if let Some(updated) = experts::by_id(db, ExpertId(e.id)).await? {
        reassess(db, &updated, run.today).await?;
    }
    audit::append(
        db,
        AuditEntry::new(run.actor, "expert.import", RECORD_TYPE, id)
            .before(snapshot(run.state, before))
            .after(snapshot(run.state, after)),
        run.now,
    )
    .await
}
