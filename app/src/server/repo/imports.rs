//! Import batches: the record of each uploaded file, its phase, progress and report.
use crate::{
    domain::{
        ids::UserId,
        import::{Counts, FileKind, Report},
        import_batch::Phase,
        member_state::MemberStateCode,
    },
    error::AppError,
    server::{entities::import_batch, errors::internal},
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, Order,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::Expr,
};
use sha2::{Digest, Sha256};

pub struct NewBatch<'a> {
    pub id: uuid::Uuid,
    pub state: &'a MemberStateCode,
    /// `web` or `cli`.
    pub source: &'a str,
    pub uploaded_by: Option<UserId>,
    pub file_name: &'a str,
    pub kind: FileKind,
    pub bytes: &'a [u8],
    pub now: DateTime<Utc>,
}

pub async fn create(db: &impl ConnectionTrait, b: NewBatch<'_>) -> Result<(), AppError> {
    let digest = Sha256::digest(b.bytes);
    let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
    let model = import_batch::ActiveModel {
        id: Set(b.id),
        member_state: Set(b.state.as_str().to_owned()),
        source: Set(b.source.to_owned()),
        uploaded_by: Set(b.uploaded_by.map(|u| u.0)),
        file_name: Set(b.file_name.to_owned()),
        file_kind: Set(b.kind.as_str().to_owned()),
        file_size: Set(i64::try_from(b.bytes.len()).unwrap_or(i64::MAX)),
        file_sha256: Set(hex),
        content: Set(Some(b.bytes.to_vec())),
        phase: Set(Phase::Checking.as_str().to_owned()),
        progress_done: Set(0),
        progress_total: Set(0),
        created: Set(None),
        updated: Set(None),
        unchanged: Set(None),
        rejected: Set(None),
        report: Set(None),
        problem: Set(None),
        created_at: Set(b.now),
        updated_at: Set(b.now),
        committed_at: Set(None),
        committed_by: Set(None),
    };
    import_batch::Entity::insert(model)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// What a batch list or status shows: everything but the file and the report.
#[derive(Debug, Clone, FromQueryResult)]
pub struct BatchSummary {
    pub id: uuid::Uuid,
    pub member_state: String,
    pub source: String,
    pub uploaded_by: Option<uuid::Uuid>,
    pub file_name: String,
    pub file_kind: String,
    pub file_size: i64,
    pub phase: String,
    pub progress_done: i64,
    pub progress_total: i64,
    pub created: Option<i64>,
    pub updated: Option<i64>,
    pub unchanged: Option<i64>,
    pub rejected: Option<i64>,
    pub problem: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub committed_at: Option<DateTime<Utc>>,
}

impl BatchSummary {
    pub fn phase(&self) -> Phase {
        Phase::parse(&self.phase).unwrap_or(Phase::Failed)
    }

    pub fn counts(&self) -> Option<Counts> {
        let n = |v: Option<i64>| v.and_then(|v| u64::try_from(v).ok());
        Some(Counts {
            created: n(self.created)?,
            updated: n(self.updated)?,
            unchanged: n(self.unchanged)?,
            rejected: n(self.rejected)?,
        })
    }
}

fn summary_columns<E: QuerySelect>(select: E) -> E {
    use import_batch::Column as C;
    select.select_only().columns([
        C::Id,
        C::MemberState,
        C::Source,
        C::UploadedBy,
        C::FileName,
        C::FileKind,
        C::FileSize,
        C::Phase,
        C::ProgressDone,
        C::ProgressTotal,
        C::Created,
        C::Updated,
        C::Unchanged,
        C::Rejected,
        C::Problem,
        C::CreatedAt,
        C::UpdatedAt,
        C::CommittedAt,
    ])
}

/// One batch, if it belongs to `state` (any state when `None`): other states' batches do not exist
/// for the asker.
pub async fn find(
    db: &impl ConnectionTrait,
    id: uuid::Uuid,
    state: Option<&MemberStateCode>,
) -> Result<Option<BatchSummary>, AppError> {
    let mut query = summary_columns(import_batch::Entity::find_by_id(id));
    if let Some(state) = state {
        query = query.filter(import_batch::Column::MemberState.eq(state.as_str()));
    }
    Ok(query.into_model::<BatchSummary>().one(db).await?)
}

/// The newest batches first, of one state or of all.
pub async fn list(
    db: &impl ConnectionTrait,
    state: Option<&MemberStateCode>,
    limit: u64,
    offset: u64,
) -> Result<(Vec<BatchSummary>, u64), AppError> {
    let mut query = import_batch::Entity::find();
    if let Some(state) = state {
        query = query.filter(import_batch::Column::MemberState.eq(state.as_str()));
    }
    let total = query.clone().count(db).await?;
    let rows = summary_columns(query)
        .order_by(import_batch::Column::CreatedAt, Order::Desc)
        .order_by(import_batch::Column::Id, Order::Asc)
        .limit(limit)
        .offset(offset)
        .into_model::<BatchSummary>()
        .all(db)
        .await?;
    Ok((rows, total))
}

pub async fn content(
    db: &impl ConnectionTrait,
    id: uuid::Uuid,
) -> Result<Option<Vec<u8>>, AppError> {
    let row: Option<Option<Vec<u8>>> = import_batch::Entity::find_by_id(id)
        .select_only()
        .column(import_batch::Column::Content)
        .into_tuple()
        .one(db)
        .await?;
    Ok(row.flatten())
}

pub async fn report(db: &impl ConnectionTrait, id: uuid::Uuid) -> Result<Option<Report>, AppError> {
    let row: Option<Option<serde_json::Value>> = import_batch::Entity::find_by_id(id)
        .select_only()
        .column(import_batch::Column::Report)
        .into_tuple()
        .one(db)
        .await?;
    match row.flatten() {
        Some(json) => serde_json::from_value(json)
            .map(Some)
            .map_err(|e| internal("reading an import report", e)),
        None => Ok(None),
    }
}

/// Drops one person's rows from every stored report of their state's uploads (see
/// [`Report::forget`]); returns how many reports changed.
pub async fn forget_in_reports(
    db: &impl ConnectionTrait,
    state: &str,
    external_ref: &str,
) -> Result<u64, AppError> {
    let stored: Vec<(uuid::Uuid, serde_json::Value)> = import_batch::Entity::find()
        .select_only()
        .column(import_batch::Column::Id)
        .column(import_batch::Column::Report)
        .filter(import_batch::Column::MemberState.eq(state))
        .filter(import_batch::Column::Report.is_not_null())
        .into_tuple()
        .all(db)
        .await?;
    let mut changed = 0;
    for (id, json) in stored {
        let mut report: Report =
            serde_json::from_value(json).map_err(|e| internal("reading an import report", e))?;
        if !report.forget(external_ref) {
            continue;
        }
        let json =
            serde_json::to_value(&report).map_err(|e| internal("storing an import report", e))?;
        import_batch::Entity::update_many()
            .col_expr(import_batch::Column::Report, Expr::value(json))
            .filter(import_batch::Column::Id.eq(id))
            .exec(db)
            .await?;
        changed += 1;
    }
    Ok(changed)
}

/// Drops the reports (rejected rows hold the cells as typed) of batches that ended before
/// `before`; their counts stay. Returns how many.
pub async fn drop_reports_before(
    db: &impl ConnectionTrait,
    before: DateTime<Utc>,
) -> Result<u64, AppError> {
    Ok(import_batch::Entity::update_many()
        .col_expr(
            import_batch::Column::Report,
            Expr::value(Option::<serde_json::Value>::None),
        )
        .filter(import_batch::Column::Report.is_not_null())
        .filter(import_batch::Column::UpdatedAt.lt(before))
        .exec(db)
        .await?
        .rows_affected)
}

/// Moves a batch from one phase to the next only if it is still in `from`; false when another
/// request got there first (a double click, a second instance).
pub async fn advance(
    db: &impl ConnectionTrait,
    id: uuid::Uuid,
    from: Phase,
    to: Phase,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    if !from.allowed_next().contains(&to) {
        return Ok(false);
    }
    let result = import_batch::Entity::update_many()
        .col_expr(import_batch::Column::Phase, Expr::value(to.as_str()))
        .col_expr(import_batch::Column::ProgressDone, Expr::value(0i64))
        .col_expr(import_batch::Column::UpdatedAt, Expr::value(now))
        .filter(import_batch::Column::Id.eq(id))
        .filter(import_batch::Column::Phase.eq(from.as_str()))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

pub async fn set_progress(
    db: &impl ConnectionTrait,
    id: uuid::Uuid,
    done: u64,
    total: u64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let n = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
    import_batch::Entity::update_many()
        .col_expr(import_batch::Column::ProgressDone, Expr::value(n(done)))
        .col_expr(import_batch::Column::ProgressTotal, Expr::value(n(total)))
        .col_expr(import_batch::Column::UpdatedAt, Expr::value(now))
        .filter(import_batch::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// How a batch ends a phase.
pub struct Outcome<'a> {
    pub phase: Phase,
    pub report: Option<&'a Report>,
    pub problem: Option<&'a str>,
    pub committed_by: Option<UserId>,
    /// Drop the stored file: it has been committed or will never be.
    pub drop_content: bool,
}

pub async fn finish(
    db: &impl ConnectionTrait,
    id: uuid::Uuid,
    outcome: Outcome<'_>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let n = |v: u64| Some(i64::try_from(v).unwrap_or(i64::MAX));
    let counts = outcome.report.map(|r| r.counts);
    let report = outcome
        .report
        .map(serde_json::to_value)
        .transpose()
        .map_err(|e| internal("storing an import report", e))?;
    let mut model = import_batch::ActiveModel {
        id: Set(id),
        phase: Set(outcome.phase.as_str().to_owned()),
        created: Set(counts.and_then(|c| n(c.created))),
        updated: Set(counts.and_then(|c| n(c.updated))),
        unchanged: Set(counts.and_then(|c| n(c.unchanged))),
        rejected: Set(counts.and_then(|c| n(c.rejected))),
        report: Set(report),
        problem: Set(outcome.problem.map(str::to_owned)),
        updated_at: Set(now),
        ..Default::default()
    };
    if outcome.phase == Phase::Committed {
        model.committed_at = Set(Some(now));
        model.committed_by = Set(outcome.committed_by.map(|u| u.0));
    }
    if outcome.drop_content {
        model.content = Set(None);
    }
    import_batch::Entity::update(model).exec(db).await?;
    Ok(())
}

/// Discards checked files left uncommitted since `before`, dropping their content; returns how many.
pub async fn discard_unclaimed(
    db: &impl ConnectionTrait,
    before: DateTime<Utc>,
) -> Result<u64, AppError> {
    let result = import_batch::Entity::update_many()
        .col_expr(
            import_batch::Column::Phase,
            Expr::value(Phase::Discarded.as_str()),
        )
        .col_expr(
            import_batch::Column::Content,
            Expr::value(Option::<Vec<u8>>::None),
        )
        .filter(import_batch::Column::Phase.eq(Phase::Checked.as_str()))
        .filter(import_batch::Column::UpdatedAt.lt(before))
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

/// Marks running batches that have not reported since `before` (their process ended) as failed
/// and drops their files; `except` are those this process is still working on. Each commit was one
/// transaction, so nothing of these batches was written.
pub async fn stop_silent(
    db: &impl ConnectionTrait,
    before: DateTime<Utc>,
    except: &[uuid::Uuid],
    problem: &str,
) -> Result<u64, AppError> {
    let running: Vec<&str> = [Phase::Checking, Phase::Committing]
        .iter()
        .map(|p| p.as_str())
        .collect();
    let result = import_batch::Entity::update_many()
        .col_expr(
            import_batch::Column::Phase,
            Expr::value(Phase::Failed.as_str()),
        )
        .col_expr(
            import_batch::Column::Content,
            Expr::value(Option::<Vec<u8>>::None),
        )
        .col_expr(import_batch::Column::Problem, Expr::value(problem))
        .filter(import_batch::Column::Phase.is_in(running))
        .filter(import_batch::Column::UpdatedAt.lt(before))
        .filter(import_batch::Column::Id.is_not_in(except.iter().copied()))
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}
