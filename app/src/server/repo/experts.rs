//! Queries on experts and their lists. Every read takes the asker's [`RosterScope`] and applies it in
//! SQL, so a record outside it is simply not found.
use crate::{
    domain::{
        expert::{ExpertFields, ExpertInput},
        ids::ExpertId,
        member_state::MemberStateCode,
        permissions::RosterScope,
        readiness::Tier,
        roster_query::{PAGE_SIZE, RosterQuery, SortKey},
        taxonomy::Cefr,
        vetting::RosterStatus,
    },
    error::AppError,
    server::{
        entities::{expert, expert_category, expert_language, expert_nationality, expert_skill},
        errors::internal,
    },
};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, Order, QueryFilter,
    QueryOrder, QuerySelect,
    sea_query::{Alias, Expr, ExprTrait, LikeExpr, Query, SelectStatement},
};
use std::collections::HashMap;

/// One line of the roster list.
#[derive(Debug, Clone)]
pub struct ListedExpert {
    pub expert: expert::Model,
    pub categories: Vec<String>,
    pub nationalities: Vec<String>,
}

/// The folded name forms stored beside the names, for search and for one sort order everywhere.
pub struct NameKeys {
    pub search: String,
    pub sort: String,
}

/// Records whose name keys were cleared for recomputing (see the `name_keys` migration), after
/// `after` in id order: id, given names, family name, Latin name.
pub async fn without_name_keys(
    db: &impl ConnectionTrait,
    after: Option<uuid::Uuid>,
    limit: u64,
) -> Result<Vec<(uuid::Uuid, String, String, Option<String>)>, AppError> {
    let mut query = expert::Entity::find()
        .select_only()
        .column(expert::Column::Id)
        .column(expert::Column::GivenNames)
        .column(expert::Column::FamilyName)
        .column(expert::Column::LatinName)
        .filter(expert::Column::SearchName.eq(""))
        .filter(expert::Column::ErasedAt.is_null());
    if let Some(after) = after {
        query = query.filter(expert::Column::Id.gt(after));
    }
    Ok(query
        .order_by_asc(expert::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await?)
}

/// Stores recomputed name keys; the record's version stays, as nothing a person typed changed.
pub async fn set_name_keys(
    db: &impl ConnectionTrait,
    id: uuid::Uuid,
    keys: &NameKeys,
) -> Result<(), AppError> {
    expert::Entity::update_many()
        .col_expr(expert::Column::SearchName, Expr::value(keys.search.clone()))
        .col_expr(expert::Column::SortName, Expr::value(keys.sort.clone()))
        .filter(expert::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Row restriction of a scope; `None` when the scope sees nothing at all.
/// A record reduced by retention or erasure is in no scope: what is left of it is for the audit
/// trail, reached through the audit log, never through a list, a count, an export or its id.
pub fn scope_condition(scope: &RosterScope) -> Option<Condition> {
    let kept = Condition::all().add(expert::Column::ErasedAt.is_null());
    match scope {
        RosterScope::Everything => Some(kept),
        RosterScope::State(state) => Some(kept.add(expert::Column::MemberState.eq(state.as_str()))),
        RosterScope::VettedOnly => {
            Some(kept.add(expert::Column::RosterStatus.eq(RosterStatus::Vetted.as_str())))
        }
        RosterScope::Nothing => None,
    }
}

/// `%`, `_` and the escape character itself are literal in a name search.
fn like_contains(key: &str) -> LikeExpr {
    let mut escaped = String::with_capacity(key.len() + 2);
    escaped.push('%');
    for c in key.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped.push('%');
    LikeExpr::new(escaped).escape('\\')
}

fn filter_condition(scope: Condition, q: &RosterQuery) -> Condition {
    let mut cond = scope;
    if let Some(name) = &q.name {
        cond = cond.add(Expr::col(expert::Column::SearchName).like(like_contains(name)));
    }
    if let Some(state) = &q.state {
        cond = cond.add(expert::Column::MemberState.eq(state.as_str()));
    }
    if let Some(status) = q.status {
        cond = cond.add(expert::Column::RosterStatus.eq(status.as_str()));
    }
    if let Some(tier) = q.tier {
        cond = cond.add(expert::Column::ReadinessTier.eq(tier.as_str()));
    }
    cond
}

/// The list-valued filters as inner joins on the child tables' primary keys, so each joins at
/// most one row per expert and the planner can start from the most selective one.
fn joined(q: &RosterQuery, mut select: SelectStatement) -> SelectStatement {
    let experts_id = (expert::Entity, expert::Column::Id);
    if let Some(category) = q.category {
        select.inner_join(
            expert_category::Entity,
            Expr::col((expert_category::Entity, expert_category::Column::ExpertId))
                .equals(experts_id)
                .and(expert_category::Column::Category.eq(category.slug())),
        );
    }
    if let Some((skill, level)) = q.skill {
        select.inner_join(
            expert_skill::Entity,
            Expr::col((expert_skill::Entity, expert_skill::Column::ExpertId))
                .equals(experts_id)
                .and(expert_skill::Column::Skill.eq(skill.slug()))
                .and(expert_skill::Column::Level.gte(i16::from(level.get()))),
        );
    }
    if let Some((language, level)) = &q.language {
        select.inner_join(
            expert_language::Entity,
            Expr::col((expert_language::Entity, expert_language::Column::ExpertId))
                .equals(experts_id)
                .and(expert_language::Column::Language.eq(language.as_str()))
                .and(expert_language::Column::Level.gte(i16::from(level.rank()))),
        );
    }
    if let Some(country) = &q.nationality {
        select.inner_join(
            expert_nationality::Entity,
            Expr::col((
                expert_nationality::Entity,
                expert_nationality::Column::ExpertId,
            ))
            .equals(experts_id)
            .and(expert_nationality::Column::Country.eq(country.as_str())),
        );
    }
    select
}

#[derive(Debug, FromQueryResult)]
struct PageId {
    id: uuid::Uuid,
    total: i64,
}

/// One page of the roster view and the number of experts in the whole view.
///
/// One statement answers both: the page's ids with `COUNT(*) OVER ()`, the size of the whole
/// filtered set, which saves a second pass over it (measured in BENCHMARKS.md).
pub async fn list(
    db: &impl ConnectionTrait,
    scope: &RosterScope,
    q: &RosterQuery,
) -> Result<(Vec<ListedExpert>, u64), AppError> {
    let Some(scope) = scope_condition(scope) else {
        return Ok((Vec::new(), 0));
    };
    let order = if q.descending {
        Order::Desc
    } else {
        Order::Asc
    };
    let mut select = Query::select();
    select
        .column((expert::Entity, expert::Column::Id))
        .expr_as(Expr::cust("COUNT(*) OVER ()"), Alias::new("total"))
        .from(expert::Entity);
    let mut select = joined(q, select);
    select.cond_where(filter_condition(scope.clone(), q));
    let sort_column = match q.sort {
        SortKey::Name => None,
        SortKey::State => Some(expert::Column::MemberState),
        SortKey::Status => Some(expert::Column::RosterStatus),
        SortKey::Experience => Some(expert::Column::YearsExperience),
        SortKey::Updated => Some(expert::Column::UpdatedAt),
    };
    let name_order = match sort_column {
        Some(column) => {
            select.order_by((expert::Entity, column), order);
            Order::Asc
        }
        None => order,
    };
    select
        .order_by((expert::Entity, expert::Column::SortName), name_order)
        .order_by((expert::Entity, expert::Column::Id), Order::Asc)
        .limit(PAGE_SIZE)
        .offset(q.page * PAGE_SIZE);
    let page = PageId::find_by_statement(db.get_database_backend().build(&select))
        .all(db)
        .await?;
    let total = match page.first() {
        Some(first) => u64::try_from(first.total).unwrap_or(0),
        // Past the last page the window has no row to report on: count separately.
        None if q.page > 0 => {
            let mut count = Query::select();
            count.expr(Expr::cust("COUNT(*)")).from(expert::Entity);
            let mut count = joined(q, count);
            count.cond_where(filter_condition(scope, q));
            db.query_one(&count)
                .await?
                .and_then(|row| row.try_get_by_index::<i64>(0).ok())
                .map_or(0, |n| u64::try_from(n).unwrap_or(0))
        }
        None => 0,
    };
    let ids: Vec<uuid::Uuid> = page.iter().map(|p| p.id).collect();
    let mut by_id: HashMap<_, _> = expert::Entity::find()
        .filter(expert::Column::Id.is_in(ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    let experts: Vec<expert::Model> = ids.iter().filter_map(|id| by_id.remove(id)).collect();
    let ids: Vec<_> = experts.iter().map(|e| e.id).collect();
    let mut categories: HashMap<_, Vec<String>> = HashMap::new();
    for c in expert_category::Entity::find()
        .filter(expert_category::Column::ExpertId.is_in(ids.clone()))
        .order_by(expert_category::Column::Category, Order::Asc)
        .all(db)
        .await?
    {
        categories.entry(c.expert_id).or_default().push(c.category);
    }
    let mut nationalities: HashMap<_, Vec<String>> = HashMap::new();
    for n in expert_nationality::Entity::find()
        .filter(expert_nationality::Column::ExpertId.is_in(ids))
        .order_by(expert_nationality::Column::Country, Order::Asc)
        .all(db)
        .await?
    {
        nationalities
            .entry(n.expert_id)
            .or_default()
            .push(n.country);
    }
    let rows = experts
        .into_iter()
        .map(|e| ListedExpert {
            categories: categories.remove(&e.id).unwrap_or_default(),
            nationalities: nationalities.remove(&e.id).unwrap_or_default(),
            expert: e,
        })
        .collect();
    Ok((rows, total))
}

/// Where a walk through the whole filtered roster stands: the last row given, in the list's
/// order (sort name, then id).
#[derive(Debug, Clone)]
pub struct Cursor {
    pub sort_name: String,
    pub id: uuid::Uuid,
}

/// The next `limit` experts after `after` in the list's order, with the list's filters and the
/// asker's scope: a whole roster read in bounded pieces, each piece found by the index rather
/// than by skipping rows.
pub async fn page_after(
    db: &impl ConnectionTrait,
    scope: &RosterScope,
    q: &RosterQuery,
    after: Option<&Cursor>,
    limit: u64,
) -> Result<Vec<expert::Model>, AppError> {
    let Some(scope) = scope_condition(scope) else {
        return Ok(Vec::new());
    };
    let mut select = Query::select();
    select
        .column((expert::Entity, expert::Column::Id))
        .from(expert::Entity);
    let mut select = joined(q, select);
    let mut cond = filter_condition(scope, q);
    if let Some(after) = after {
        let sort = (expert::Entity, expert::Column::SortName);
        let id = (expert::Entity, expert::Column::Id);
        cond = cond.add(
            Condition::any()
                .add(Expr::col(sort).gt(after.sort_name.clone()))
                .add(
                    Condition::all()
                        .add(Expr::col(sort).eq(after.sort_name.clone()))
                        .add(Expr::col(id).gt(after.id)),
                ),
        );
    }
    select
        .cond_where(cond)
        .order_by((expert::Entity, expert::Column::SortName), Order::Asc)
        .order_by((expert::Entity, expert::Column::Id), Order::Asc)
        .limit(limit);
    let ids: Vec<uuid::Uuid> = db
        .query_all(&select)
        .await?
        .iter()
        .filter_map(|row| row.try_get_by_index::<uuid::Uuid>(0).ok())
        .collect();
    let mut by_id: HashMap<_, _> = expert::Entity::find()
        .filter(expert::Column::Id.is_in(ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}

/// The expert, when the scope lets the asker see them.
pub async fn find(
    db: &impl ConnectionTrait,
    scope: &RosterScope,
    id: ExpertId,
) -> Result<Option<expert::Model>, AppError> {
    let Some(scope) = scope_condition(scope) else {
        return Ok(None);
    };
    Ok(expert::Entity::find_by_id(id.0)
        .filter(scope)
        .one(db)
        .await?)
}

/// The expert whatever the scope: for writes that already hold the record's lock, the daily
/// readiness pass, and an expert reaching their own record through their account.
pub async fn by_id(
    db: &impl ConnectionTrait,
    id: ExpertId,
) -> Result<Option<expert::Model>, AppError> {
    Ok(expert::Entity::find_by_id(id.0).one(db).await?)
}

/// Experts on the roster in every state and status.
pub async fn count_all(db: &impl ConnectionTrait) -> Result<u64, AppError> {
    use sea_orm::PaginatorTrait;
    Ok(expert::Entity::find().count(db).await?)
}

/// The missions an expert served on before, latest first.
pub async fn prior_missions(
    db: &impl ConnectionTrait,
    id: ExpertId,
) -> Result<Vec<crate::server::entities::prior_mission::Model>, AppError> {
    use crate::server::entities::prior_mission;
    Ok(prior_mission::Entity::find()
        .filter(prior_mission::Column::ExpertId.eq(id.0))
        .order_by_desc(prior_mission::Column::StartedOn)
        .all(db)
        .await?)
}

pub async fn find_by_ref(
    db: &impl ConnectionTrait,
    state: &MemberStateCode,
    external_ref: &str,
) -> Result<Option<expert::Model>, AppError> {
    Ok(expert::Entity::find()
        .filter(expert::Column::MemberState.eq(state.as_str()))
        .filter(expert::Column::ExternalRef.eq(external_ref))
        .one(db)
        .await?)
}

/// Which of the state's nominees already uses this e-mail address, if any: addresses are unique
/// per nominating state. Another state's nominees are never consulted, so nothing about them can
/// show through a form's answer (the secretariat sees cross-state duplicates instead).
pub async fn email_owner(
    db: &impl ConnectionTrait,
    state: &MemberStateCode,
    email: &str,
) -> Result<Option<ExpertId>, AppError> {
    Ok(expert::Entity::find()
        .filter(expert::Column::MemberState.eq(state.as_str()))
        .filter(expert::Column::Email.eq(email))
        .one(db)
        .await?
        .map(|e| ExpertId(e.id)))
}

/// The stored record as the text of its form fields: the edit form's starting point and the
/// audit log's before/after.
pub async fn fields_of(
    db: &impl ConnectionTrait,
    e: &expert::Model,
) -> Result<ExpertFields, AppError> {
    Ok(fields_from(e, &lists_of(db, e.id).await?))
}

/// [`fields_of`] for a record whose lists are already loaded.
pub fn fields_from(e: &expert::Model, lists: &ExpertLists) -> ExpertFields {
    ExpertFields {
        external_ref: e.external_ref.clone(),
        given_names: e.given_names.clone(),
        family_name: e.family_name.clone(),
        latin_name: e.latin_name.clone().unwrap_or_default(),
        gender: e.gender.clone(),
        date_of_birth: e.date_of_birth.to_string(),
        nationalities: lists.nationalities.join(";"),
        email: e.email.clone(),
        phone: e.phone.clone().unwrap_or_default(),
        years_experience: e.years_experience.to_string(),
        categories: lists.categories.join(";"),
        skills: lists.skills_cell(),
        languages: lists.languages_cell(),
        notice_days: e.notice_days.to_string(),
        available_from: e.available_from.map(|d| d.to_string()).unwrap_or_default(),
        available_to: e.available_to.map(|d| d.to_string()).unwrap_or_default(),
    }
}

/// These experts, fetched by primary key in chunks under every parameter limit.
pub async fn by_ids(
    db: &impl ConnectionTrait,
    ids: &[uuid::Uuid],
) -> Result<Vec<expert::Model>, AppError> {
    let mut found = Vec::new();
    for chunk in ids.chunks(500) {
        found.extend(
            expert::Entity::find()
                .filter(expert::Column::Id.is_in(chunk.iter().copied()))
                .all(db)
                .await?,
        );
    }
    Ok(found)
}

/// Every reference the state uses, with the expert holding it.
pub async fn refs_of_state(
    db: &impl ConnectionTrait,
    state: &MemberStateCode,
) -> Result<HashMap<String, uuid::Uuid>, AppError> {
    let rows: Vec<(uuid::Uuid, String)> = expert::Entity::find()
        .select_only()
        .column(expert::Column::Id)
        .column(expert::Column::ExternalRef)
        .filter(expert::Column::MemberState.eq(state.as_str()))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(id, r)| (r, id)).collect())
}

/// Every e-mail address of the state's nominees (unique per state), with its expert.
pub async fn emails_of_state(
    db: &impl ConnectionTrait,
    state: &MemberStateCode,
) -> Result<HashMap<String, uuid::Uuid>, AppError> {
    let rows: Vec<(uuid::Uuid, String)> = expert::Entity::find()
        .filter(expert::Column::MemberState.eq(state.as_str()))
        .select_only()
        .column(expert::Column::Id)
        .column(expert::Column::Email)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(id, e)| (e, id)).collect())
}

/// The list-valued parts of an expert, in a stable order.
pub struct ExpertLists {
    pub nationalities: Vec<String>,
    pub categories: Vec<String>,
    pub skills: Vec<expert_skill::Model>,
    pub languages: Vec<expert_language::Model>,
}

pub async fn lists_of(db: &impl ConnectionTrait, id: uuid::Uuid) -> Result<ExpertLists, AppError> {
    let nationalities = expert_nationality::Entity::find()
        .filter(expert_nationality::Column::ExpertId.eq(id))
        .order_by(expert_nationality::Column::Country, Order::Asc)
        .all(db)
        .await?
        .into_iter()
        .map(|n| n.country)
        .collect();
    let categories = expert_category::Entity::find()
        .filter(expert_category::Column::ExpertId.eq(id))
        .order_by(expert_category::Column::Category, Order::Asc)
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.category)
        .collect();
    let skills = expert_skill::Entity::find()
        .filter(expert_skill::Column::ExpertId.eq(id))
        .order_by(expert_skill::Column::Skill, Order::Asc)
        .all(db)
        .await?;
    let languages = expert_language::Entity::find()
        .filter(expert_language::Column::ExpertId.eq(id))
        .order_by(expert_language::Column::Level, Order::Desc)
        .order_by(expert_language::Column::Language, Order::Asc)
        .all(db)
        .await?;
    Ok(ExpertLists {
        nationalities,
        categories,
        skills,
        languages,
    })
}

/// What a write stores besides the parsed fields.
pub struct WriteMeta {
    pub keys: NameKeys,
    pub tier: Tier,
    pub today: NaiveDate,
    pub now: DateTime<Utc>,
}

fn small(n: impl TryInto<i16>) -> Result<i16, AppError> {
    n.try_into()
        .map_err(|_| internal("expert write", "number out of range"))
}

/// Stores a new nominee; lists are written by [`replace_lists`].
pub async fn insert(
    db: &impl ConnectionTrait,
    id: ExpertId,
    state: &MemberStateCode,
    input: &ExpertInput,
    meta: &WriteMeta,
) -> Result<(), AppError> {
    let model = expert::ActiveModel {
        id: Set(id.0),
        member_state: Set(state.as_str().to_owned()),
        roster_status: Set(RosterStatus::Nominated.as_str().to_owned()),
        status_changed_at: Set(meta.now),
        last_confirmed_on: Set(Some(meta.today)),
        created_at: Set(meta.now),
        version: Set(1),
        ..scalar_fields(input, meta)?
    };
    expert::Entity::insert(model)
        .exec_without_returning(db)
        .await?;
    replace_lists(db, id, input).await
}

/// Overwrites the fields of an existing nominee, only if nobody changed it since `version` was read.
/// Returns false when the record moved on in between.
pub async fn update(
    db: &impl ConnectionTrait,
    id: ExpertId,
    version: i32,
    input: &ExpertInput,
    availability_changed: bool,
    meta: &WriteMeta,
) -> Result<bool, AppError> {
    let mut model = scalar_fields(input, meta)?;
    model.version = Set(version + 1);
    if availability_changed {
        model.last_confirmed_on = Set(Some(meta.today));
    }
    let result = expert::Entity::update_many()
        .set(model)
        .filter(expert::Column::Id.eq(id.0))
        .filter(expert::Column::Version.eq(version))
        .exec(db)
        .await?;
    if result.rows_affected != 1 {
        return Ok(false);
    }
    replace_lists(db, id, input).await?;
    Ok(true)
}

fn scalar_fields(input: &ExpertInput, meta: &WriteMeta) -> Result<expert::ActiveModel, AppError> {
    Ok(expert::ActiveModel {
        external_ref: Set(input.external_ref.as_str().to_owned()),
        given_names: Set(input.given_names.as_str().to_owned()),
        family_name: Set(input.family_name.as_str().to_owned()),
        latin_name: Set(input.latin_name.as_ref().map(|n| n.as_str().to_owned())),
        search_name: Set(meta.keys.search.clone()),
        sort_name: Set(meta.keys.sort.clone()),
        gender: Set(input.gender.as_str().to_owned()),
        date_of_birth: Set(input.date_of_birth),
        email: Set(input.email.as_str().to_owned()),
        phone: Set(input.phone.as_ref().map(|p| p.as_str().to_owned())),
        years_experience: Set(small(input.years_experience)?),
        notice_days: Set(small(input.notice_days)?),
        available_from: Set(input.available_from),
        available_to: Set(input.available_to),
        readiness_tier: Set(meta.tier.as_str().to_owned()),
        readiness_on: Set(meta.today),
        updated_at: Set(meta.now),
        ..Default::default()
    })
}

async fn replace_lists(
    db: &impl ConnectionTrait,
    id: ExpertId,
    input: &ExpertInput,
) -> Result<(), AppError> {
    expert_nationality::Entity::delete_many()
        .filter(expert_nationality::Column::ExpertId.eq(id.0))
        .exec(db)
        .await?;
    expert_category::Entity::delete_many()
        .filter(expert_category::Column::ExpertId.eq(id.0))
        .exec(db)
        .await?;
    expert_skill::Entity::delete_many()
        .filter(expert_skill::Column::ExpertId.eq(id.0))
        .exec(db)
        .await?;
    expert_language::Entity::delete_many()
        .filter(expert_language::Column::ExpertId.eq(id.0))
        .exec(db)
        .await?;
    let mut rows = ListRows::default();
    rows.add(id, input);
    rows.insert(db).await
}

/// The list rows of many experts, written with one statement per table and chunk.
#[derive(Default)]
struct ListRows {
    nationalities: Vec<expert_nationality::ActiveModel>,
    categories: Vec<expert_category::ActiveModel>,
    skills: Vec<expert_skill::ActiveModel>,
    languages: Vec<expert_language::ActiveModel>,
}

impl ListRows {
    fn add(&mut self, id: ExpertId, input: &ExpertInput) {
        self.nationalities
            .extend(
                input
                    .nationalities
                    .iter()
                    .map(|c| expert_nationality::ActiveModel {
                        expert_id: Set(id.0),
                        country: Set(c.as_str().to_owned()),
                    }),
            );
        self.categories.extend(
            input
                .categories
                .iter()
                .map(|c| expert_category::ActiveModel {
                    expert_id: Set(id.0),
                    category: Set(c.slug().to_owned()),
                }),
        );
        self.skills
            .extend(input.skills.iter().map(|(s, l)| expert_skill::ActiveModel {
                expert_id: Set(id.0),
                skill: Set(s.slug().to_owned()),
                level: Set(i16::from(l.get())),
                years: Set(None),
            }));
        self.languages
            .extend(
                input
                    .languages
                    .iter()
                    .map(|(code, level)| expert_language::ActiveModel {
                        expert_id: Set(id.0),
                        language: Set(code.as_str().to_owned()),
                        level: Set(i16::from(level.rank())),
                    }),
            );
    }

    async fn insert(self, db: &impl ConnectionTrait) -> Result<(), AppError> {
        super::insert_chunked::<expert_nationality::Entity, _>(db, self.nationalities).await?;
        super::insert_chunked::<expert_category::Entity, _>(db, self.categories).await?;
        super::insert_chunked::<expert_skill::Entity, _>(db, self.skills).await?;
        super::insert_chunked::<expert_language::Entity, _>(db, self.languages).await
    }
}

/// A new nominee for [`insert_batch`].
pub struct NewExpert<'a> {
    pub id: ExpertId,
    pub input: &'a ExpertInput,
    pub meta: WriteMeta,
}

/// Stores many new nominees of one state with a handful of statements, as an upload needs.
pub async fn insert_batch(
    db: &impl ConnectionTrait,
    state: &MemberStateCode,
    experts: &[NewExpert<'_>],
) -> Result<(), AppError> {
    let mut models = Vec::with_capacity(experts.len());
    let mut lists = ListRows::default();
    for e in experts {
        models.push(expert::ActiveModel {
            id: Set(e.id.0),
            member_state: Set(state.as_str().to_owned()),
            roster_status: Set(RosterStatus::Nominated.as_str().to_owned()),
            status_changed_at: Set(e.meta.now),
            last_confirmed_on: Set(Some(e.meta.today)),
            created_at: Set(e.meta.now),
            version: Set(1),
            ..scalar_fields(e.input, &e.meta)?
        });
        lists.add(e.id, e.input);
    }
    super::insert_chunked::<expert::Entity, _>(db, models).await?;
    lists.insert(db).await
}

pub async fn set_status(
    db: &impl ConnectionTrait,
    id: ExpertId,
    status: RosterStatus,
    tier: Tier,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    update_record(id, now)
        .col_expr(expert::Column::RosterStatus, Expr::value(status.as_str()))
        .col_expr(expert::Column::StatusChangedAt, Expr::value(now))
        .col_expr(expert::Column::ReadinessTier, Expr::value(tier.as_str()))
        .col_expr(expert::Column::ReadinessOn, Expr::value(today))
        .exec(db)
        .await?;
    Ok(())
}

/// An update of one record that also moves its version on (an editor holding the old one then
/// gets a conflict, not a silent overwrite) and its change time.
pub(super) fn update_record(
    id: ExpertId,
    now: DateTime<Utc>,
) -> sea_orm::UpdateMany<expert::Entity> {
    expert::Entity::update_many()
        .col_expr(expert::Column::UpdatedAt, Expr::value(now))
        .col_expr(
            expert::Column::Version,
            Expr::col(expert::Column::Version).add(1),
        )
        .filter(expert::Column::Id.eq(id.0))
}

pub async fn set_tier(
    db: &impl ConnectionTrait,
    id: ExpertId,
    tier: Tier,
    today: NaiveDate,
) -> Result<(), AppError> {
    expert::Entity::update_many()
        .col_expr(expert::Column::ReadinessTier, Expr::value(tier.as_str()))
        .col_expr(expert::Column::ReadinessOn, Expr::value(today))
        .filter(expert::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}

/// Experts whose stored tier was assessed before `today`, a batch at a time.
/// Takes up to `batch` records still assessed for an earlier day, for the rest of the transaction.
/// On PostgreSQL a record another writer holds is skipped, not waited for (`SKIP LOCKED`): the
/// daily pass never queues behind a person's change nor holds rows while waiting for one (no
/// deadlock), and passes on several instances share the work. Skipped records are taken at the
/// next pass. SQLite has one writer at a time, so there is nothing to skip.
pub async fn take_due_for_reassessment(
    txn: &impl ConnectionTrait,
    today: NaiveDate,
    batch: u64,
) -> Result<Vec<uuid::Uuid>, AppError> {
    Ok(expert::Entity::find()
        .select_only()
        .column(expert::Column::Id)
        .filter(expert::Column::ReadinessOn.lt(today))
        .order_by_asc(expert::Column::Id)
        .limit(batch)
        .lock_with_behavior(
            sea_orm::sea_query::LockType::NoKeyUpdate,
            sea_orm::sea_query::LockBehavior::SkipLocked,
        )
        .into_tuple::<uuid::Uuid>()
        .all(txn)
        .await?)
}

impl ExpertLists {
    /// The stable order [`lists_of`] reads: codes and slugs alphabetically, languages strongest
    /// first.
    fn sort(&mut self) {
        self.nationalities.sort();
        self.categories.sort();
        self.skills.sort_by(|a, b| a.skill.cmp(&b.skill));
        self.languages.sort_by(|a, b| {
            b.level
                .cmp(&a.level)
                .then_with(|| a.language.cmp(&b.language))
        });
    }

    /// The skills in the upload format's cell form, `slug:level;…`.
    pub fn skills_cell(&self) -> String {
        self.skills
            .iter()
            .map(|s| format!("{}:{}", s.skill, s.level))
            .collect::<Vec<_>>()
            .join(";")
    }

    /// The languages in the upload format's cell form, `code:CEFR;…`.
    pub fn languages_cell(&self) -> String {
        self.languages
            .iter()
            .map(|l| {
                let level = u8::try_from(l.level)
                    .ok()
                    .and_then(Cefr::from_rank)
                    .map_or("?", Cefr::as_str);
                format!("{}:{level}", l.language)
            })
            .collect::<Vec<_>>()
            .join(";")
    }

    pub fn empty() -> Self {
        ExpertLists {
            nationalities: Vec::new(),
            categories: Vec::new(),
            skills: Vec::new(),
            languages: Vec::new(),
        }
    }
}

/// The lists of many experts at once, fetched in chunks that stay under every database's limit
/// on bound parameters.
pub async fn lists_for(
    db: &impl ConnectionTrait,
    ids: &[uuid::Uuid],
) -> Result<HashMap<uuid::Uuid, ExpertLists>, AppError> {
    let mut all: HashMap<uuid::Uuid, ExpertLists> = HashMap::new();
    for chunk in ids.chunks(500) {
        let chunk = chunk.to_vec();
        for n in expert_nationality::Entity::find()
            .filter(expert_nationality::Column::ExpertId.is_in(chunk.clone()))
            .all(db)
            .await?
        {
            all.entry(n.expert_id)
                .or_insert_with(ExpertLists::empty)
                .nationalities
                .push(n.country);
        }
        for c in expert_category::Entity::find()
            .filter(expert_category::Column::ExpertId.is_in(chunk.clone()))
            .all(db)
            .await?
        {
            all.entry(c.expert_id)
                .or_insert_with(ExpertLists::empty)
                .categories
                .push(c.category);
        }
        for s in expert_skill::Entity::find()
            .filter(expert_skill::Column::ExpertId.is_in(chunk.clone()))
            .all(db)
            .await?
        {
            all.entry(s.expert_id)
                .or_insert_with(ExpertLists::empty)
                .skills
                .push(s);
        }
        for l in expert_language::Entity::find()
            .filter(expert_language::Column::ExpertId.is_in(chunk))
            .all(db)
            .await?
        {
            all.entry(l.expert_id)
                .or_insert_with(ExpertLists::empty)
                .languages
                .push(l);
        }
    }
    // Sorted here rather than in SQL: an ORDER BY invites the planner to walk a whole index in
    // that order, which it does when its statistics are stale after a large upload.
    for lists in all.values_mut() {
        lists.sort();
    }
    Ok(all)
}
