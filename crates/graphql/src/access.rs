//! Tokens and assignments, for administrators.

use async_graphql::{Context, Enum, InputObject, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;
use service::access::{self, Role as ServiceRole};

use crate::auth::principal;
use crate::error::to_gql;
use crate::payload::{UserError, user_errors};

/// What a token may do.
#[derive(Enum, Clone, Copy, Debug, PartialEq, Eq)]
#[graphql(remote = "service::access::Role")]
pub enum Role {
    /// Reads the portfolio.
    Viewer,
    /// Reads and exports.
    Finance,
    /// Reads; writes only the projects assigned to the token, and files their monthly returns.
    Manager,
    /// The major-projects office: reads and exports everything, sets annual plans, reviews
    /// monthly returns, manages problems and warning rules; manages no tokens and files no
    /// returns.
    Coordinator,
    /// Everything, including tokens and assignments.
    Admin,
}

/// An API token (never with its secret, which is shown once, at creation).
pub struct ApiToken(pub access::ApiToken);

/// An API token (never with its secret, which is shown once, at creation).
#[Object]
impl ApiToken {
    /// Unique name; recorded as the actor of every change made with the token.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// Role.
    async fn role(&self) -> Role {
        self.0.role.into()
    }
    /// The first characters of the secret, to tell tokens apart.
    async fn prefix(&self) -> &str {
        &self.0.prefix
    }
    /// Who created it.
    async fn created_by(&self) -> &str {
        &self.0.created_by
    }
    /// When it was created (RFC 3339).
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When it was last used, to the minute; null if never.
    async fn last_used_at(&self) -> Option<DateTime<Utc>> {
        self.0.last_used_at
    }
    /// When it was revoked; null while valid.
    async fn revoked_at(&self) -> Option<DateTime<Utc>> {
        self.0.revoked_at
    }
    /// Keys of the projects a MANAGER token may write.
    async fn project_keys(&self) -> &[String] {
        &self.0.project_keys
    }
}

/// Input of `createApiToken`.
#[derive(InputObject)]
pub struct CreateApiTokenInput {
    /// Unique name, 1 to 128 characters.
    pub name: String,
    /// Role of the new token.
    pub role: Role,
    /// Projects a MANAGER token may write.
    #[graphql(default)]
    pub project_keys: Vec<String>,
}

/// Result of `createApiToken`.
#[derive(SimpleObject)]
pub struct CreateApiTokenPayload {
    /// The bearer secret. It is shown here once and stored only as a hash: keep it now.
    pub secret: Option<String>,
    /// The token created.
    pub api_token: Option<ApiToken>,
    /// Why nothing was created.
    pub user_errors: Vec<UserError>,
}

/// Input of `revokeApiToken`.
#[derive(InputObject)]
pub struct RevokeApiTokenInput {
    /// Name of the token to revoke.
    pub name: String,
}

/// Input of `assignProjects`.
#[derive(InputObject)]
pub struct AssignProjectsInput {
    /// Name of a MANAGER token.
    pub token_name: String,
    /// Keys of the projects to assign.
    pub project_keys: Vec<String>,
    /// Make these the token's only projects (otherwise they are added).
    #[graphql(default)]
    pub replace: bool,
}

/// Result of a change to a token.
#[derive(SimpleObject)]
pub struct ApiTokenPayload {
    /// The token as it is now.
    pub api_token: Option<ApiToken>,
    /// Why nothing was changed.
    pub user_errors: Vec<UserError>,
}

fn token_payload(result: service::ServiceResult<access::ApiToken>) -> Result<ApiTokenPayload> {
    Ok(match result {
        Ok(token) => ApiTokenPayload {
            api_token: Some(ApiToken(token)),
            user_errors: Vec::new(),
        },
        Err(err) => ApiTokenPayload {
            api_token: None,
            user_errors: user_errors(err)?,
        },
    })
}

/// The caller as it sees itself: enough for a client to offer only what the server would allow.
/// The server still checks every request.
#[derive(SimpleObject)]
pub struct Me {
    /// The name recorded as the actor of the caller's changes (`anonymous` without a token).
    pub name: String,
    /// The token's role; null for an anonymous caller of a public-read server.
    pub role: Option<Role>,
    /// Keys of the projects assigned to a MANAGER token, sorted; empty for other roles.
    pub project_keys: Vec<String>,
    /// Exports (`/export/…`) answer this caller.
    pub can_export: bool,
    /// The caller is the office: it sets annual plans, reviews monthly returns and manages
    /// problems and warning rules.
    pub can_review: bool,
    /// The caller may change every project (ADMIN), not only those in `projectKeys`.
    pub can_write_all_projects: bool,
}

/// Queries about tokens.
#[derive(Default)]
pub struct AccessQuery;

#[Object]
impl AccessQuery {
    /// The caller: its name, role, assigned projects and what it may do. Any caller who may read
    /// may ask; without a token (and without public reads) it is `UNAUTHENTICATED`.
    async fn me(&self, ctx: &Context<'_>) -> Result<Me> {
        let db = ctx.data::<DatabaseConnection>()?;
        let by = principal(ctx).await?;
        let me = access::identify(db, by).await.map_err(to_gql)?;
        Ok(Me {
            name: me.name,
            role: me.role.map(Role::from),
            project_keys: me.project_keys,
            can_export: me.can_export,
            can_review: me.can_review,
            can_write_all_projects: me.can_write_all_projects,
        })
    }

    /// Every API token, oldest first (ADMIN only).
    async fn api_tokens(&self, ctx: &Context<'_>) -> Result<Vec<ApiToken>> {
        let db = ctx.data::<DatabaseConnection>()?;
        let by = principal(ctx).await?;
        let tokens = access::list_tokens(db, by).await.map_err(to_gql)?;
        Ok(tokens.into_iter().map(ApiToken).collect())
    }
}

/// Administrators' mutations.
#[derive(Default)]
pub struct AccessMutation;

#[Object]
impl AccessMutation {
    /// Creates a token and returns its secret, once (ADMIN only).
    async fn create_api_token(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The token to create.")] input: CreateApiTokenInput,
    ) -> Result<CreateApiTokenPayload> {
        let db = ctx.data::<DatabaseConnection>()?;
        let by = principal(ctx).await?;
        let role: ServiceRole = input.role.into();
        Ok(
            match access::create_token(db, by, &input.name, role, &input.project_keys).await {
                Ok(new) => CreateApiTokenPayload {
                    secret: Some(new.secret),
                    api_token: Some(ApiToken(new.token)),
                    user_errors: Vec::new(),
                },
                Err(err) => CreateApiTokenPayload {
                    secret: None,
                    api_token: None,
                    user_errors: user_errors(err)?,
                },
            },
        )
    }

    /// Revokes a token: it authenticates nothing from now on (ADMIN only).
    async fn revoke_api_token(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The token to revoke.")] input: RevokeApiTokenInput,
    ) -> Result<ApiTokenPayload> {
        let db = ctx.data::<DatabaseConnection>()?;
        let by = principal(ctx).await?;
        token_payload(access::revoke_token(db, by, &input.name).await)
    }

    /// Assigns projects to a MANAGER token (ADMIN only).
    async fn assign_projects(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The token and its projects.")] input: AssignProjectsInput,
    ) -> Result<ApiTokenPayload> {
        let db = ctx.data::<DatabaseConnection>()?;
        let by = principal(ctx).await?;
        token_payload(
            access::assign_projects(
                db,
                by,
                &input.token_name,
                &input.project_keys,
                input.replace,
            )
            .await,
        )
    }
}
