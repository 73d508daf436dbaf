//! Who may do what: bearer tokens (stored only as hashes), roles, and project assignments.
//!
//! `VIEWER` reads; `FINANCE` reads and exports; `MANAGER` reads and writes the projects assigned to
//! its token (and files their monthly returns); `COORDINATOR`, the major-projects office, reads and
//! exports everything, sets annual plans, reviews returns and manages problems and warning rules;
//! `ADMIN` does everything, including tokens and assignments. Without a token nothing is
//! readable unless the server runs in public-read mode, which never allows a write.

use std::collections::HashMap;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use entity::{api_token, project, project_assignment};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};
use sha2::{Digest, Sha256};

use crate::error::OnUnique;
use crate::{ServiceError, ServiceResult};

/// Prefix of every secret, so a leaked one is recognisable (and scannable) as ours.
pub const SECRET_PREFIX: &str = "pf_";
/// Name of the token a fresh database's first start creates.
pub const FIRST_ADMIN: &str = "admin";
/// How often `last_used_at` is written at most.
const LAST_USED_RESOLUTION: Duration = Duration::seconds(60);

/// A token's role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// Reads.
    Viewer,
    /// Reads and exports.
    Finance,
    /// Reads; writes assigned projects.
    Manager,
    /// The major-projects office.
    Coordinator,
    /// Everything.
    Admin,
}

impl Role {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "VIEWER",
            Role::Finance => "FINANCE",
            Role::Manager => "MANAGER",
            Role::Coordinator => "COORDINATOR",
            Role::Admin => "ADMIN",
        }
    }

    /// Parses a stored or typed name, in either case.
    pub fn parse(text: &str) -> Option<Self> {
        match text.to_ascii_uppercase().as_str() {
            "VIEWER" => Some(Role::Viewer),
            "FINANCE" => Some(Role::Finance),
            "MANAGER" => Some(Role::Manager),
            "COORDINATOR" => Some(Role::Coordinator),
            "ADMIN" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// Who is asking.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    /// The token, when authenticated by one.
    pub token_id: Option<i32>,
    /// The name recorded as the actor of changes.
    pub name: String,
    /// The role; `None` for an anonymous caller.
    pub role: Option<Role>,
    /// Anonymous reads allowed (public-read mode).
    pub public_read: bool,
}

impl Principal {
    /// A caller without a token.
    pub fn anonymous(public_read: bool) -> Self {
        Self {
            token_id: None,
            name: "anonymous".to_owned(),
            role: None,
            public_read,
        }
    }

    /// An operator at the command line, who holds the database itself.
    pub fn operator(name: &str) -> Self {
        Self {
            token_id: None,
            name: name.to_owned(),
            role: Some(Role::Admin),
            public_read: false,
        }
    }

    /// Whether the caller may read the portfolio.
    pub fn can_read(&self) -> bool {
        self.role.is_some() || self.public_read
    }

    fn unauthenticated() -> ServiceError {
        ServiceError::Unauthenticated {
            message: "send a bearer token: `Authorization: Bearer <token>`".to_owned(),
        }
    }
}

/// Fails unless the caller may read.
pub fn require_read(principal: &Principal) -> ServiceResult<()> {
    if principal.can_read() {
        Ok(())
    } else {
        Err(Principal::unauthenticated())
    }
}

/// Fails unless the caller may export (FINANCE, COORDINATOR or ADMIN).
pub fn require_export(principal: &Principal) -> ServiceResult<()> {
    match principal.role {
        Some(Role::Finance | Role::Coordinator | Role::Admin) => Ok(()),
        Some(_) => Err(ServiceError::forbidden(
            "exports are for FINANCE, COORDINATOR and ADMIN tokens",
        )),
        None => Err(Principal::unauthenticated()),
    }
}

/// Fails unless the caller is the major-projects office (COORDINATOR) or an administrator: annual
/// plans, reviews of returns, problems and warning rules are theirs.
pub fn require_office(principal: &Principal) -> ServiceResult<()> {
    match principal.role {
        Some(Role::Coordinator | Role::Admin) => Ok(()),
        Some(_) => Err(ServiceError::forbidden(
            "only COORDINATOR and ADMIN tokens may do this",
        )),
        None => Err(Principal::unauthenticated()),
    }
}

/// Fails unless the caller is an administrator.
pub fn require_admin(principal: &Principal) -> ServiceResult<()> {
    match principal.role {
        Some(Role::Admin) => Ok(()),
        Some(_) => Err(ServiceError::forbidden("only ADMIN tokens may do this")),
        None => Err(Principal::unauthenticated()),
    }
}

/// Fails unless the caller may change project `project_id`: an administrator, or a manager the
/// project is assigned to.
pub async fn require_project_write(
    db: &impl ConnectionTrait,
    principal: &Principal,
    project_id: i32,
) -> ServiceResult<()> {
    match (principal.role, principal.token_id) {
        (Some(Role::Admin), _) => Ok(()),
        (Some(Role::Manager), Some(token_id)) => {
            let assigned = project_assignment::Entity::find()
                .filter(project_assignment::Column::TokenId.eq(token_id))
                .filter(project_assignment::Column::ProjectId.eq(project_id))
                .count(db)
                .await?;
            if assigned > 0 {
                Ok(())
            } else {
                Err(ServiceError::forbidden(
                    "this project is not assigned to your token",
                ))
            }
        }
        (Some(_), _) => Err(ServiceError::forbidden(
            "only MANAGER tokens (for their assigned projects) and ADMIN tokens may change projects",
        )),
        (None, _) => Err(Principal::unauthenticated()),
    }
}

/// What a caller may learn about itself, so that a client offers only what the server would
/// allow (the server still checks every request).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    /// The name recorded as the actor of the caller's changes.
    pub name: String,
    /// The role; `None` for an anonymous caller of a public-read server.
    pub role: Option<Role>,
    /// Keys of the projects assigned to the token, sorted.
    pub project_keys: Vec<String>,
    /// Whether exports are open to the caller.
    pub can_export: bool,
    /// Whether the caller is the office (plans, reviews, problems, rules).
    pub can_review: bool,
    /// Whether the caller may change every project, not only the assigned ones.
    pub can_write_all_projects: bool,
}

/// The caller as it may see itself: any caller who may read learns its own name, role and
/// assignments, and the same rules as [`require_export`], [`require_office`] and
/// [`require_project_write`] decide what it is offered.
pub async fn identify(db: &impl ConnectionTrait, principal: &Principal) -> ServiceResult<Identity> {
    require_read(principal)?;
    let project_keys = match (principal.role, principal.token_id) {
        (Some(Role::Manager), Some(token_id)) => {
            let mut keys: Vec<String> = project_assignment::Entity::find()
                .filter(project_assignment::Column::TokenId.eq(token_id))
                .find_also_related(project::Entity)
                .all(db)
                .await?
                .into_iter()
                .filter_map(|(_, p)| p.map(|p| p.key))
                .collect();
            keys.sort();
            keys
        }
        _ => Vec::new(),
    };
    Ok(Identity {
        name: principal.name.clone(),
        role: principal.role,
        project_keys,
        can_export: require_export(principal).is_ok(),
        can_review: require_office(principal).is_ok(),
        can_write_all_projects: principal.role == Some(Role::Admin),
    })
}

/// The hex SHA-256 of a secret, as stored. Secrets are 256 random bits, so a fast hash is enough:
/// there is nothing to guess.
pub fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

fn new_secret() -> ServiceResult<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| ServiceError::internal(format!("no randomness for a token: {e}")))?;
    Ok(format!("{SECRET_PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes)))
}

/// A token as shown to administrators (never with its secret).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiToken {
    /// Surrogate id.
    pub id: i32,
    /// Unique name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// First characters of the secret.
    pub prefix: String,
    /// Who created it.
    pub created_by: String,
    /// When.
    pub created_at: DateTime<Utc>,
    /// Last use (to the minute).
    pub last_used_at: Option<DateTime<Utc>>,
    /// When revoked.
    pub revoked_at: Option<DateTime<Utc>>,
    /// Keys of the assigned projects, sorted.
    pub project_keys: Vec<String>,
}

/// A token just created: the secret is in this value and nowhere else.
#[derive(Clone, Debug)]
pub struct NewToken {
    /// The bearer secret; shown once.
    pub secret: String,
    /// The token.
    pub token: ApiToken,
}

async fn to_view(
    db: &impl ConnectionTrait,
    rows: Vec<api_token::Model>,
) -> ServiceResult<Vec<ApiToken>> {
    let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
    let assigned = project_assignment::Entity::find()
        .filter(project_assignment::Column::TokenId.is_in(ids))
        .find_also_related(project::Entity)
        .all(db)
        .await?;
    let mut keys: HashMap<i32, Vec<String>> = HashMap::new();
    for (a, p) in assigned {
        if let Some(p) = p {
            keys.entry(a.token_id).or_default().push(p.key);
        }
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            let mut project_keys = keys.remove(&r.id).unwrap_or_default();
            project_keys.sort();
            ApiToken {
                id: r.id,
                role: Role::parse(&r.role).unwrap_or(Role::Viewer),
                name: r.name,
                prefix: r.token_prefix,
                created_by: r.created_by,
                created_at: r.created_at,
                last_used_at: r.last_used_at,
                revoked_at: r.revoked_at,
                project_keys,
            }
        })
        .collect())
}

async fn project_ids(db: &impl ConnectionTrait, keys: &[String]) -> ServiceResult<Vec<i32>> {
    let found: HashMap<String, i32> = project::Entity::find()
        .filter(project::Column::Key.is_in(keys.iter().cloned()))
        .all(db)
        .await?
        .into_iter()
        // A manager is assigned to the physical project, named by any of its listings' keys.
        .map(|p| (p.key.clone(), p.physical()))
        .collect();
    let mut ids = Vec::with_capacity(keys.len());
    for key in keys {
        match found.get(key) {
            Some(id) => ids.push(*id),
            None => {
                return Err(ServiceError::validation(
                    "projectKeys",
                    format!("no project has the key `{key}`"),
                ));
            }
        }
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

async fn assign(
    db: &impl ConnectionTrait,
    token_id: i32,
    ids: &[i32],
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let existing: Vec<i32> = project_assignment::Entity::find()
        .filter(project_assignment::Column::TokenId.eq(token_id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.project_id)
        .collect();
    let new: Vec<project_assignment::ActiveModel> = ids
        .iter()
        .filter(|id| !existing.contains(id))
        .map(|id| project_assignment::ActiveModel {
            token_id: Set(token_id),
            project_id: Set(*id),
            created_at: Set(now),
            ..Default::default()
        })
        .collect();
    if !new.is_empty() {
        project_assignment::Entity::insert_many(new)
            .exec(db)
            .await?;
    }
    Ok(())
}

fn check_name(name: &str) -> ServiceResult<()> {
    let trimmed = name.trim();
    if trimmed.is_empty() || trimmed != name || name.chars().count() > 128 {
        return Err(ServiceError::validation(
            "name",
            "a token name has 1 to 128 characters and no surrounding spaces",
        ));
    }
    Ok(())
}

/// Creates a token (administrators only), assigning `project_keys` to it, in one transaction.
#[tracing::instrument(skip_all, fields(token.name = name, role = role.as_str(), by = %by.name))]
pub async fn create_token(
    db: &DatabaseConnection,
    by: &Principal,
    name: &str,
    role: Role,
    project_keys: &[String],
) -> ServiceResult<NewToken> {
    require_admin(by)?;
    check_name(name)?;
    if !project_keys.is_empty() && role != Role::Manager {
        return Err(ServiceError::validation(
            "projectKeys",
            "projects are assigned to MANAGER tokens only",
        ));
    }
    let txn = db.begin().await?;
    if api_token::Entity::find()
        .filter(api_token::Column::Name.eq(name))
        .count(&txn)
        .await?
        > 0
    {
        return Err(ServiceError::Conflict {
            message: format!("a token named `{name}` exists already"),
        });
    }
    let ids = project_ids(&txn, project_keys).await?;
    let secret = new_secret()?;
    let now = Utc::now();
    let row = api_token::ActiveModel {
        name: Set(name.to_owned()),
        role: Set(role.as_str().to_owned()),
        token_hash: Set(hash_secret(&secret)),
        token_prefix: Set(secret.chars().take(8).collect()),
        created_by: Set(by.name.clone()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .on_unique(|| format!("a token named `{name}` exists already"))?;
    assign(&txn, row.id, &ids, now).await?;
    let token = to_view(&txn, vec![row]).await?.remove(0);
    crate::mark::commit_tokens(txn).await?;
    tracing::info!(token.name = %token.name, token.role = role.as_str(), by = %by.name, "token created");
    Ok(NewToken { secret, token })
}

async fn find_by_name(db: &impl ConnectionTrait, name: &str) -> ServiceResult<api_token::Model> {
    api_token::Entity::find()
        .filter(api_token::Column::Name.eq(name))
        .one(db)
        .await?
        .ok_or_else(|| ServiceError::not_found(format!("token `{name}`")))
}

/// Revokes the token `name` (administrators only). Revoking twice is harmless.
#[tracing::instrument(skip_all, fields(token.name = name, by = %by.name))]
pub async fn revoke_token(
    db: &DatabaseConnection,
    by: &Principal,
    name: &str,
) -> ServiceResult<ApiToken> {
    require_admin(by)?;
    let txn = db.begin().await?;
    let row = find_by_name(&txn, name).await?;
    if row.revoked_at.is_some() {
        return to_view(&txn, vec![row]).await.map(|mut v| v.remove(0));
    }
    let mut active: api_token::ActiveModel = row.into();
    active.revoked_at = Set(Some(Utc::now()));
    let row = active.update(&txn).await?;
    let view = to_view(&txn, vec![row]).await?.remove(0);
    // Raising the token counter is what refuses the token at once on every instance: each
    // request reads the mark, and a cached caller older than it is looked up again.
    crate::mark::commit_tokens(txn).await?;
    tracing::info!(token.name = %view.name, by = %by.name, "token revoked");
    Ok(view)
}

/// Assigns projects to a manager's token (administrators only); with `replace`, the given
/// projects become the whole assignment.
#[tracing::instrument(skip_all, fields(token.name = name, projects = project_keys.len(), by = %by.name))]
pub async fn assign_projects(
    db: &DatabaseConnection,
    by: &Principal,
    name: &str,
    project_keys: &[String],
    replace: bool,
) -> ServiceResult<ApiToken> {
    require_admin(by)?;
    let txn = db.begin().await?;
    let row = find_by_name(&txn, name).await?;
    if Role::parse(&row.role) != Some(Role::Manager) {
        return Err(ServiceError::validation(
            "name",
            "projects are assigned to MANAGER tokens only",
        ));
    }
    let ids = project_ids(&txn, project_keys).await?;
    if replace {
        project_assignment::Entity::delete_many()
            .filter(project_assignment::Column::TokenId.eq(row.id))
            .filter(project_assignment::Column::ProjectId.is_not_in(ids.clone()))
            .exec(&txn)
            .await?;
    }
    assign(&txn, row.id, &ids, Utc::now()).await?;
    let view = to_view(&txn, vec![row]).await?.remove(0);
    crate::mark::commit_tokens(txn).await?;
    Ok(view)
}

/// Every token, oldest first (administrators only).
pub async fn list_tokens(
    db: &impl ConnectionTrait,
    by: &Principal,
) -> ServiceResult<Vec<ApiToken>> {
    require_admin(by)?;
    let rows = api_token::Entity::find()
        .order_by_asc(api_token::Column::Id)
        .all(db)
        .await?;
    to_view(db, rows).await
}

/// The principal a bearer secret stands for; unknown and revoked secrets are refused alike.
pub async fn authenticate(
    db: &DatabaseConnection,
    secret: &str,
    public_read: bool,
) -> ServiceResult<Principal> {
    Ok(look_up(db, secret, public_read).await?.0)
}

/// [`authenticate`], with the time the token's last use is now recorded at.
pub(crate) async fn look_up(
    db: &DatabaseConnection,
    secret: &str,
    public_read: bool,
) -> ServiceResult<(Principal, DateTime<Utc>)> {
    let row = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(hash_secret(secret)))
        .one(db)
        .await?
        .filter(|t| t.revoked_at.is_none())
        .ok_or_else(|| ServiceError::Unauthenticated {
            message: "the token is unknown or revoked".to_owned(),
        })?;
    let now = Utc::now();
    let last_used = match row.last_used_at {
        Some(t) if !use_due(t, now) => t,
        _ => {
            touch(db, row.id, now).await?;
            now
        }
    };
    let principal = Principal {
        token_id: Some(row.id),
        role: Role::parse(&row.role),
        name: row.name,
        public_read,
    };
    Ok((principal, last_used))
}

/// Whether a token last used at `last_used` is due to have its use recorded again at `now`.
pub(crate) fn use_due(last_used: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now - last_used >= LAST_USED_RESOLUTION
}

/// Records the token's use at `now`. To the minute is enough, and spares a write per request.
/// It does not raise the write mark: it would drop every cached answer once a minute for each
/// caller, and the only answer it changes, a token's `lastUsedAt`, is never kept (see the
/// server's response cache).
pub(crate) async fn touch(
    db: &DatabaseConnection,
    token_id: i32,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    api_token::Entity::update_many()
        .col_expr(api_token::Column::LastUsedAt, Expr::value(now))
        .filter(api_token::Column::Id.eq(token_id))
        .exec(db)
        .await?;
    Ok(())
}

/// On a database that never had a token, creates the first administrator token and returns its
/// secret (once: afterwards the table is never empty, as tokens are revoked, not deleted).
pub async fn ensure_first_admin(db: &DatabaseConnection) -> ServiceResult<Option<String>> {
    if api_token::Entity::find().count(db).await? > 0 {
        return Ok(None);
    }
    let token = create_token(
        db,
        &Principal::operator("first start"),
        FIRST_ADMIN,
        Role::Admin,
        &[],
    )
    .await?;
    Ok(Some(token.secret))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_long_random_and_hashed() -> ServiceResult<()> {
        let (a, b) = (new_secret()?, new_secret()?);
        assert_ne!(a, b);
        assert!(a.starts_with(SECRET_PREFIX) && a.len() == 3 + 43, "{a}");
        assert_eq!(hash_secret(&a).len(), 64);
        assert_ne!(hash_secret(&a), hash_secret(&b));
        assert!(!hash_secret(&a).contains(&a[3..]));
        Ok(())
    }

    #[test]
    fn roles_allow_what_the_design_says() {
        let token = |role| Principal {
            token_id: Some(1),
            name: "t".into(),
            role: Some(role),
            public_read: false,
        };
        assert!(require_read(&Principal::anonymous(false)).is_err());
        assert!(require_read(&Principal::anonymous(true)).is_ok());
        assert!(require_export(&Principal::anonymous(true)).is_err());
        assert!(require_export(&token(Role::Viewer)).is_err());
        assert!(require_export(&token(Role::Finance)).is_ok());
        assert!(require_admin(&token(Role::Manager)).is_err());
        assert!(require_admin(&token(Role::Admin)).is_ok());
        assert_eq!(Role::parse("finance"), Some(Role::Finance));
    }
}
