//! Upload batches for the web and the command line: storing a file, running its dry run and its
//! commit in the background with progress, and showing batches only to those who may see them.
use crate::{
    domain::{
        expert::ExpertFields,
        export::neutralise,
        ids::BatchId,
        ids::UserId,
        import::{FileKind, FileProblem, REASON_COLUMN, Report, clean_file_name},
        import_batch::{Phase, percent, shown_phase},
        member_state::MemberStateCode,
        permissions::{Action, Actor},
    },
    error::AppError,
    server::{
        errors::internal,
        gate,
        repo::{
            audit::{self, AuditEntry},
            imports::{self, BatchSummary, NewBatch, Outcome},
            lookups,
        },
        services::import::{Failure, Mode, Run, process},
    },
    spreadsheet,
    views::import::{BatchRow, BatchView, RejectionView, UploadHistory},
};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{DatabaseBackend, DatabaseConnection};
use serde_json::json;
use std::{
    collections::HashMap,
    sync::{LazyLock, Mutex},
    time::Duration,
};

/// Rejections shown on the page; the rest are in the downloadable file.
const SHOWN_REJECTIONS: usize = 500;
const HISTORY_PAGE: u64 = 25;

/// Progress of the batches this process is working on. The database holds the same figures for
/// other instances, except while a SQLite commit holds the only write lock.
static LIVE: LazyLock<Mutex<HashMap<uuid::Uuid, (u64, u64)>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

fn live_get(id: uuid::Uuid) -> Option<(u64, u64)> {
    LIVE.lock().ok().and_then(|m| m.get(&id).copied())
}

fn live_set(id: uuid::Uuid, done: u64, total: u64) {
    if let Ok(mut m) = LIVE.lock() {
        m.insert(id, (done, total));
    }
}

/// Removes a batch from [`LIVE`] however its work ends, a panic included.
struct LiveEntry(uuid::Uuid);

impl LiveEntry {
    fn start(id: uuid::Uuid) -> Self {
        live_set(id, 0, 0);
        LiveEntry(id)
    }
}

impl Drop for LiveEntry {
    fn drop(&mut self) {
        if let Ok(mut m) = LIVE.lock() {
            m.remove(&self.0);
        }
    }
}

/// What a batch stopped by the end of its process says.
const STOPPED: &str = "the server stopped while this file was being worked on; nothing of it was written. Upload it again.";

/// Ends the batches whose process stopped mid-way (a crash, a restart): they show as stopped and
/// their files are dropped. A batch is taken as stopped once silent for the silence limit and not
/// worked on here; running batches report at least twice a second (on SQLite, where a commit holds
/// the one write lock, this call waits for the commit to end and then finds it finished).
pub async fn stop_silent(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<u64, AppError> {
    let here: Vec<uuid::Uuid> = LIVE
        .lock()
        .map(|m| m.keys().copied().collect())
        .unwrap_or_default();
    imports::stop_silent(
        db,
        now - crate::domain::import_batch::SILENCE_LIMIT,
        &here,
        STOPPED,
    )
    .await
}

/// Copies live progress to the batch row twice a second until the work ends, so a reload on any
/// instance shows it.
fn spawn_progress_writer(db: DatabaseConnection, id: uuid::Uuid) {
    tokio::spawn(async move {
        let mut last = None;
        let mut quiet_ticks = 0u32;
        loop {
            tokio::time::sleep(Duration::from_millis(500)).await;
            let Some(now) = live_get(id) else { break };
            quiet_ticks += 1;
            // Unchanged figures are written too every 30 s: the write says the work is alive,
            // well inside the silence limit after which other instances take it as stopped.
            if last != Some(now) || quiet_ticks >= 60 {
                last = Some(now);
                quiet_ticks = 0;
                if let Err(e) = imports::set_progress(&db, id, now.0, now.1, Utc::now()).await {
                    tracing::debug!(error = %e, "import progress not stored");
                }
            }
        }
    });
}

/// The state a roster office uploads for: always its own, never one a request names.
fn upload_state(actor: &Actor) -> Result<MemberStateCode, AppError> {
    let state = actor
        .principal
        .member_state()
        .cloned()
        .ok_or(AppError::Forbidden)?;
    gate::check(
        actor,
        &Action::ImportCandidates {
            state: state.clone(),
        },
    )?;
    Ok(state)
}

/// Which batches the asker may see: `None` for all states.
fn history_scope(actor: &Actor) -> Result<Option<MemberStateCode>, AppError> {
    let state = actor.principal.member_state().cloned();
    gate::check(
        actor,
        &Action::ViewImports {
            state: state.clone(),
        },
    )?;
    Ok(state)
}

/// Checks the file's size and kind (and a workbook's archive) without reading its rows.
fn precheck(bytes: &[u8]) -> Result<FileKind, FileProblem> {
    spreadsheet::precheck(bytes)
}

/// Why an upload was not taken.
#[derive(Debug)]
pub enum UploadError {
    File(FileProblem),
    App(AppError),
}

impl From<AppError> for UploadError {
    fn from(e: AppError) -> Self {
        UploadError::App(e)
    }
}

impl UploadError {
    pub fn into_app_error(self) -> AppError {
        match self {
            UploadError::File(p) => AppError::invalid("file", p.to_string()),
            UploadError::App(e) => e,
        }
    }
}

/// Stores an uploaded file as a new batch and starts its dry run; returns the batch id.
pub async fn upload(
    db: &DatabaseConnection,
    actor: &Actor,
    file_name: &str,
    bytes: Vec<u8>,
    now: DateTime<Utc>,
) -> Result<uuid::Uuid, UploadError> {
    let state = upload_state(actor)?;
    let kind = precheck(&bytes).map_err(UploadError::File)?;
    let id = uuid::Uuid::new_v4();
    imports::create(
        db,
        NewBatch {
            id,
            state: &state,
            source: "web",
            uploaded_by: Some(actor.user_id),
            file_name: &clean_file_name(file_name),
            kind,
            bytes: &bytes,
            now,
        },
    )
    .await?;
    spawn_dry_run(db.clone(), id, state, bytes);
    Ok(id)
}

fn spawn_dry_run(db: DatabaseConnection, id: uuid::Uuid, state: MemberStateCode, bytes: Vec<u8>) {
    let live = LiveEntry::start(id);
    spawn_progress_writer(db.clone(), id);
    tokio::spawn(async move {
        let _live = live;
        let now = Utc::now();
        let run = Run {
            state: &state,
            actor: None,
            file_name: "",
            today: now.date_naive(),
            now,
        };
        let mut progress = |done: u64, total: u64| live_set(id, done, total);
        let result = dry_run(&db, &bytes, &run, &mut progress).await;
        if let Err(e) = record_dry_run(&db, id, result).await {
            tracing::error!(error = %e, batch = %id, "dry run not recorded");
        }
    });
}

/// A dry run reads in a transaction that is always rolled back: nothing it does can stay.
async fn dry_run(
    db: &DatabaseConnection,
    bytes: &[u8],
    run: &Run<'_>,
    progress: &mut (dyn FnMut(u64, u64) + Send),
) -> Result<Report, Failure> {
    let txn = crate::server::tx::read(db).await?;
    let result = process(&txn, bytes, run, Mode::DryRun, progress).await;
    txn.rollback().await?;
    result
}

async fn record_dry_run(
    db: &DatabaseConnection,
    id: uuid::Uuid,
    result: Result<Report, Failure>,
) -> Result<(), AppError> {
    let now = Utc::now();
    let (phase, report, problem) = match &result {
        Ok(report) => (Phase::Checked, Some(report), None),
        Err(failure) => (Phase::Failed, None, Some(failure_problem(failure))),
    };
    imports::finish(
        db,
        id,
        Outcome {
            phase,
            report,
            problem: problem.as_deref(),
            committed_by: None,
            drop_content: phase == Phase::Failed,
        },
        now,
    )
    .await
}

/// What a clerk is told when a run stopped: the file's problem, or the server-side failure
/// (whose details stay in the log).
fn failure_problem(failure: &Failure) -> String {
    match failure {
        Failure::File(p) => p.to_string(),
        Failure::App(e) => format!("{e}; nothing was written"),
    }
}

/// Commits a checked batch: all its good rows in one transaction, in the background.
pub async fn start_commit(
    db: &DatabaseConnection,
    actor: &Actor,
    batch: BatchId,
) -> Result<(), AppError> {
    let id = batch.0;
    let state = upload_state(actor)?;
    let batch = imports::find(db, id, Some(&state))
        .await?
        .ok_or(AppError::NotFound)?;
    if batch.source != "web" {
        return Err(AppError::Conflict(
            "this file was checked from the command line; upload it here to commit it".to_owned(),
        ));
    }
    if !imports::advance(db, id, Phase::Checked, Phase::Committing, Utc::now()).await? {
        return Err(AppError::Conflict(
            "this file is not waiting to be committed: it is being committed, was committed or was discarded"
                .to_owned(),
        ));
    }
    let Some(bytes) = imports::content(db, id).await? else {
        return Err(internal("import commit", "checked batch without its file"));
    };
    spawn_commit(db.clone(), id, state, actor.user_id, batch.file_name, bytes);
    Ok(())
}

fn spawn_commit(
    db: DatabaseConnection,
    id: uuid::Uuid,
    state: MemberStateCode,
    actor: UserId,
    file_name: String,
    bytes: Vec<u8>,
) {
    let live = LiveEntry::start(id);
    // While a SQLite commit runs nobody else can write, so progress stays in this process.
    if db.get_database_backend() != DatabaseBackend::Sqlite {
        spawn_progress_writer(db.clone(), id);
    }
    tokio::spawn(async move {
        let _live = live;
        let now = Utc::now();
        let run = Run {
            state: &state,
            actor: Some(actor),
            file_name: &file_name,
            today: now.date_naive(),
            now,
        };
        let mut progress = |done: u64, total: u64| live_set(id, done, total);
        if let Err(e) = commit_now(&db, id, &run, &bytes, &mut progress).await {
            let problem = failure_problem(&e);
            let phase = match e {
                Failure::File(_) => Phase::Failed,
                // The file is still good: the clerk may simply commit again.
                Failure::App(_) => Phase::Checked,
            };
            let outcome = Outcome {
                phase,
                report: None,
                problem: Some(&problem),
                committed_by: None,
                drop_content: phase == Phase::Failed,
            };
            if let Err(e) = imports::finish(&db, id, outcome, Utc::now()).await {
                tracing::error!(error = %e, batch = %id, "failed commit not recorded");
            }
        }
    });
}

/// The commit proper, also used by the command line: everything, including the batch's own
/// record and audit event, in one transaction.
async fn commit_now(
    db: &DatabaseConnection,
    id: uuid::Uuid,
    run: &Run<'_>,
    bytes: &[u8],
    progress: &mut (dyn FnMut(u64, u64) + Send),
) -> Result<Report, Failure> {
    let txn = crate::server::tx::write(db).await?;
    let report = process(&txn, bytes, run, Mode::Commit, progress).await?;
    imports::finish(
        &txn,
        id,
        Outcome {
            phase: Phase::Committed,
            report: Some(&report),
            problem: None,
            committed_by: run.actor,
            drop_content: true,
        },
        run.now,
    )
    .await?;
    audit::append(
        &txn,
        AuditEntry::new(run.actor, "import.commit", "import_batch", id).after(json!({
            "member_state": run.state.as_str(),
            "file_name": run.file_name,
            "summary": report.counts.to_string(),
        })),
        run.now,
    )
    .await?;
    txn.commit().await?;
    Ok(report)
}

/// Drops a checked file without writing anything.
pub async fn discard(
    db: &DatabaseConnection,
    actor: &Actor,
    batch: BatchId,
) -> Result<(), AppError> {
    let id = batch.0;
    let state = upload_state(actor)?;
    imports::find(db, id, Some(&state))
        .await?
        .ok_or(AppError::NotFound)?;
    let now = Utc::now();
    if !imports::advance(db, id, Phase::Checked, Phase::Discarded, now).await? {
        return Err(AppError::Conflict(
            "only a checked file that is not committed can be discarded".to_owned(),
        ));
    }
    imports::finish(
        db,
        id,
        Outcome {
            phase: Phase::Discarded,
            report: None,
            problem: None,
            committed_by: None,
            drop_content: true,
        },
        now,
    )
    .await
}

fn row_of(b: &BatchSummary, names: &HashMap<uuid::Uuid, String>, now: DateTime<Utc>) -> BatchRow {
    let phase = shown_phase(b.phase(), b.updated_at, now, live_get(b.id).is_some());
    BatchRow {
        id: b.id.to_string(),
        member_state: b.member_state.clone(),
        file_name: b.file_name.clone(),
        file_kind: b.file_kind.clone(),
        source: b.source.clone(),
        uploaded_by: b.uploaded_by.and_then(|u| names.get(&u).cloned()),
        phase: phase.as_str().to_owned(),
        created_at: crate::views::time_text(b.created_at),
        summary: b.counts().map(|c| c.to_string()),
        counts: b.counts(),
    }
}

/// The upload history: the asker's state's batches, or every state's for the secretariat.
pub async fn history(
    db: &DatabaseConnection,
    actor: &Actor,
    page: crate::domain::paging::Page,
) -> Result<UploadHistory, AppError> {
    let scope = history_scope(actor)?;
    let (batches, total) =
        imports::list(db, scope.as_ref(), HISTORY_PAGE, page.offset(HISTORY_PAGE)).await?;
    let page = page.get();
    let users: Vec<uuid::Uuid> = batches.iter().filter_map(|b| b.uploaded_by).collect();
    let names = lookups::user_names(db, users).await?;
    let now = Utc::now();
    let rows = batches.iter().map(|b| row_of(b, &names, now)).collect();
    Ok(UploadHistory {
        rows,
        total,
        page,
        pages: total.div_ceil(HISTORY_PAGE).max(1),
        can_upload: upload_state(actor).is_ok(),
        sees_all_states: scope.is_none(),
    })
}

/// One batch with its progress or its report.
pub async fn view(
    db: &DatabaseConnection,
    actor: &Actor,
    batch: BatchId,
) -> Result<BatchView, AppError> {
    let id = batch.0;
    let scope = history_scope(actor)?;
    let b = imports::find(db, id, scope.as_ref())
        .await?
        .ok_or(AppError::NotFound)?;
    let now = Utc::now();
    let users: Vec<uuid::Uuid> = b.uploaded_by.into_iter().collect();
    let names = lookups::user_names(db, users).await?;
    let row = row_of(&b, &names, now);
    let phase = Phase::parse(&row.phase).unwrap_or(Phase::Failed);
    let (done, total) = live_get(id).unwrap_or((
        u64::try_from(b.progress_done).unwrap_or(0),
        u64::try_from(b.progress_total).unwrap_or(0),
    ));
    let report = if matches!(phase, Phase::Checked | Phase::Committed) {
        imports::report(db, id).await?
    } else {
        None
    };
    let rejections: Vec<RejectionView> = report
        .iter()
        .flat_map(|r| r.rejections())
        .take(SHOWN_REJECTIONS)
        .map(|r| RejectionView {
            row: r.row,
            column: r.column.clone(),
            reason: r.reason.clone(),
        })
        .collect();
    let rejections_total = report.as_ref().map_or(0, |r| r.rejections().count() as u64);
    let may_act = upload_state(actor).is_ok_and(|s| s.as_str() == b.member_state);
    let problem = if phase == Phase::Failed && b.phase().is_running() {
        Some("the work stopped before it finished (the server restarted); nothing was written. Upload the file again.".to_owned())
    } else {
        b.problem.clone()
    };
    Ok(BatchView {
        percent: percent(done, total, !phase.is_running()),
        running: phase.is_running(),
        problem,
        lines_shown: rejections.len() as u64,
        rejections,
        rejections_total,
        has_rejected_rows: report.as_ref().is_some_and(|r| !r.rows.is_empty()),
        header_problems: report.as_ref().is_some_and(|r| !r.header.is_empty()),
        back_to_vetting: report
            .as_ref()
            .map(|r| {
                r.back_to_vetting
                    .iter()
                    .take(SHOWN_REJECTIONS)
                    .cloned()
                    .collect()
            })
            .unwrap_or_default(),
        can_commit: may_act && phase == Phase::Checked && b.source == "web",
        can_discard: may_act && phase == Phase::Checked && b.source == "web",
        row,
    })
}

/// The rejected rows as a CSV to fix and upload again: the template's columns plus the reasons.
pub async fn rejections_csv(
    db: &DatabaseConnection,
    actor: &Actor,
    batch: BatchId,
) -> Result<(String, String), AppError> {
    let id = batch.0;
    let scope = history_scope(actor)?;
    let b = imports::find(db, id, scope.as_ref())
        .await?
        .ok_or(AppError::NotFound)?;
    let report = imports::report(db, id).await?.unwrap_or_default();
    let mut out = csv::Writer::from_writer(Vec::new());
    let header = ExpertFields::COLUMNS
        .iter()
        .copied()
        .chain(std::iter::once(REASON_COLUMN));
    out.write_record(header)
        .map_err(|e| internal("rejections file", e))?;
    for row in &report.rows {
        let reason = row
            .problems
            .iter()
            .map(|p| format!("row {}, column {}: {}", p.row, p.column, p.reason))
            .collect::<Vec<_>>()
            .join(" | ");
        let cells = row
            .cells
            .iter()
            .map(String::as_str)
            .chain(std::iter::once(reason.as_str()))
            .map(|c| neutralise(c).into_owned());
        out.write_record(cells)
            .map_err(|e| internal("rejections file", e))?;
    }
    let bytes = out
        .into_inner()
        .map_err(|e| internal("rejections file", e))?;
    let stem = b
        .file_name
        .rsplit_once('.')
        .map_or(b.file_name.as_str(), |(stem, _)| stem);
    let csv = String::from_utf8(bytes).map_err(|e| internal("rejections file", e))?;
    Ok((format!("{stem}-rejected.csv"), csv))
}

/// The command line's import: the same checks and writes as the web, recorded as a batch, run
/// at once rather than in the background.
pub async fn import_file(
    db: &DatabaseConnection,
    state: &MemberStateCode,
    file_name: &str,
    bytes: &[u8],
    mode: Mode,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Report, Failure> {
    if lookups::known_countries(db, &[state.as_str()])
        .await?
        .is_empty()
    {
        return Err(Failure::App(AppError::invalid(
            "state",
            format!("{state} is not a country code in ISO 3166-1"),
        )));
    }
    let kind = precheck(bytes).map_err(Failure::File)?;
    let id = uuid::Uuid::new_v4();
    let name = clean_file_name(file_name);
    imports::create(
        db,
        NewBatch {
            id,
            state,
            source: "cli",
            uploaded_by: None,
            file_name: &name,
            kind,
            bytes,
            now,
        },
    )
    .await?;
    let run = Run {
        state,
        actor: None,
        file_name: &name,
        today,
        now,
    };
    let mut quiet = |_: u64, _: u64| {};
    let result = match mode {
        Mode::DryRun => dry_run(db, bytes, &run, &mut quiet).await,
        Mode::Commit => commit_now(db, id, &run, bytes, &mut quiet).await,
    };
    let ending = match &result {
        Ok(_) if mode == Mode::Commit => None,
        Ok(report) => Some((Phase::Checked, Some(report.clone()), None)),
        Err(failure) => Some((Phase::Failed, None, Some(failure_problem(failure)))),
    };
    if let Some((phase, report, problem)) = ending {
        imports::finish(
            db,
            id,
            Outcome {
                phase,
                report: report.as_ref(),
                problem: problem.as_deref(),
                committed_by: None,
                drop_content: true,
            },
            now,
        )
        .await?;
    }
    result
}
