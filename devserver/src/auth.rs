//! Authentication: the browser session-token exchange, the `X-API-Key`
//! middleware for `/api/sdk/*`, and the dev sign-in route.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::routing::post;
use parking_lot::{MappedMutexGuard, MutexGuard};
use time::Duration;

use crate::clock::rfc3339;
use crate::jwt::{self, Claims};
use crate::prelude::*;
use crate::state::{random_hex, ApiKey, DEMO_EMAIL};

/// Lifetime of JWTs handed out by the dev sign-in.
pub const SIGN_IN_JWT_TTL_SECS: i64 = 12 * 60 * 60;

/// The workspace an `X-API-Key` resolved to; every `/api/sdk/*` handler takes it.
#[derive(Clone)]
pub struct WorkspaceCtx {
    pub state: AppState,
    pub workspace_id: String,
    pub key_id: String,
    /// The server clock when the request arrived: its records' timestamps.
    pub now: Now,
}

impl WorkspaceCtx {
    /// The store, locked, as this workspace's data.
    pub fn data(&self) -> MappedMutexGuard<'_, WorkspaceData> {
        MutexGuard::map(self.state.store(), |s| s.data_mut(&self.workspace_id))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for WorkspaceCtx {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<WorkspaceCtx>()
            .cloned()
            .ok_or_else(invalid_key)
    }
}

fn invalid_key() -> ApiError {
    ApiError::unauthorized("invalid or expired API key")
}

/// Routes outside `/api/sdk`: the exchange and the dev sign-in.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/auth/session-token", post(session_token))
        .route("/api/dev/sign-in", post(dev_sign_in))
}

/// Middleware for `/api/sdk/*`: resolves `X-API-Key` to a workspace or answers 401.
pub async fn require_api_key(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let key = req
        .headers()
        .get("x-api-key")
        .and_then(|v| v.to_str().ok())
        .map(|s| s.trim().to_string());
    let Some(key) = key.filter(|k| !k.is_empty()) else {
        return invalid_key().into_response();
    };
    let now = state.clock.at();
    let ctx = {
        let store = state.store();
        match store.keys.get(&key) {
            Some(k) if k.expires_at > now.t => WorkspaceCtx {
                state: state.clone(),
                workspace_id: k.workspace_id.clone(),
                key_id: k.key_id.clone(),
                now,
            },
            _ => return invalid_key().into_response(),
        }
    };
    req.extensions_mut().insert(ctx);
    next.run(req).await
}

/// Verifies `Authorization: Bearer <jwt>` against the server secret and clock.
pub fn bearer_claims(state: &AppState, headers: &HeaderMap) -> ApiResult<Claims> {
    let raw = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .trim();
    let token = raw
        .strip_prefix("Bearer ")
        .or_else(|| raw.strip_prefix("bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| ApiError::unauthorized("missing bearer token"))?;
    jwt::verify(
        state.config.jwt_secret.as_bytes(),
        token,
        state.clock.now_unix(),
    )
    .map_err(|e| ApiError::unauthorized(format!("invalid session: {e}")))
}

/// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, hex digits, any case.
pub fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// `project_id` is accepted as an alias of `workspace_id`.
#[derive(Deserialize)]
struct Exchange {
    workspace_id: Option<String>,
    project_id: Option<String>,
}

async fn session_token(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<JsonBody<Exchange>, ApiError>,
) -> ApiResult<Response> {
    let claims = bearer_claims(&state, &headers)?;
    let JsonBody(body) = body?;
    let Some(id) = body.workspace_id.or(body.project_id) else {
        return invalid("workspace_id", "workspace_id is required");
    };
    if !is_uuid(&id) {
        return invalid("workspace_id", "workspace_id must be a UUID");
    }
    let id = id.to_ascii_lowercase();
    let now = state.clock.now();
    let ttl = state.key_ttl_secs();
    let mut store = state.store();
    let owned = store
        .workspace(&id)
        .is_some_and(|w| w.team_id == claims.team_id);
    if !owned {
        // Non-existence and no access look the same on purpose.
        return Err(ApiError::not_found("workspace not found"));
    }
    let api_key = format!("tvr_{}", random_hex(16));
    let key = ApiKey {
        key_id: new_id("key"),
        key_prefix: api_key.chars().take(8).collect(),
        api_key: api_key.clone(),
        workspace_id: id,
        user_id: claims.sub.clone(),
        created_at: now,
        expires_at: now + Duration::seconds(ttl),
    };
    let body = json!({
        "api_key": key.api_key,
        "key_id": key.key_id,
        "key_prefix": key.key_prefix,
        "expires_at": rfc3339(key.expires_at),
    });
    store.keys.insert(api_key, key);
    Ok(created(body))
}

/// Signs a JWT for `user_id` valid for `ttl_secs` (negative = already expired).
pub fn jwt_for_user(state: &AppState, user_id: &str, ttl_secs: i64) -> Option<String> {
    let store = state.store();
    let user = store.user_by_id(user_id)?;
    let now = state.clock.now_unix();
    let claims = Claims {
        sub: user.id.clone(),
        team_id: user.team_id.clone(),
        email: user.email.clone(),
        iat: now,
        exp: now + ttl_secs,
    };
    Some(jwt::sign(state.config.jwt_secret.as_bytes(), &claims))
}

#[derive(Deserialize)]
struct SignIn {
    email: Option<String>,
}

async fn dev_sign_in(
    State(state): State<AppState>,
    body: Result<JsonBody<SignIn>, ApiError>,
) -> ApiResult<Response> {
    if !state.config.dev {
        return Err(ApiError::not_found("no such route"));
    }
    let JsonBody(body) = body?;
    let email = body.email.unwrap_or_else(|| DEMO_EMAIL.to_string());
    let (user, workspaces) = {
        let store = state.store();
        let user = store
            .user_by_email(&email)
            .cloned()
            .ok_or_else(|| ApiError::unauthorized(format!("no user with email {email:?}")))?;
        let workspaces: Vec<_> = store
            .team_workspaces(&user.team_id)
            .into_iter()
            .map(|w| json!({"id": w.id, "name": w.name}))
            .collect();
        (user, workspaces)
    };
    let token = jwt_for_user(&state, &user.id, SIGN_IN_JWT_TTL_SECS)
        .ok_or_else(|| ApiError::internal("user vanished"))?;
    Ok(ok(json!({
        "jwt": token,
        "user": {"id": user.id, "email": user.email, "name": user.name, "team_id": user.team_id},
        "workspaces": workspaces,
    })))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::parse_rfc3339;
    use crate::state::{DEMO_WORKSPACE, OTHER_WORKSPACE, SECOND_WORKSPACE};
    use crate::testutil::TestServer;
    use serde_json::Value;

    #[test]
    fn uuid_check() {
        assert!(is_uuid(DEMO_WORKSPACE));
        assert!(is_uuid("ABCDEF01-1111-4111-8111-111111111111"));
        assert!(!is_uuid("not-a-uuid"));
        assert!(!is_uuid("11111111-1111-4111-8111-11111111111g"));
        assert!(!is_uuid("111111111-111-4111-8111-111111111111"));
    }

    #[tokio::test]
    async fn exchange_success_shape_and_date() {
        let s = TestServer::start().await;
        let jwt = s.jwt("demo@tavora.dev").await;
        let r = s
            .post("/api/auth/session-token")
            .bearer_auth(&jwt)
            .json(&json!({"workspace_id": DEMO_WORKSPACE}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        assert_eq!(r.headers()["content-type"], "application/json");
        let dates: Vec<_> = r.headers().get_all("date").iter().collect();
        assert_eq!(dates.len(), 1, "exactly one Date header");
        let date = httpdate::parse_http_date(dates[0].to_str().unwrap()).unwrap();
        let b: Value = r.json().await.unwrap();
        let key = b["api_key"].as_str().unwrap();
        assert!(key.starts_with("tvr_") && key.len() == 36, "{key}");
        assert!(key[4..].chars().all(|c| c.is_ascii_hexdigit()));
        assert!(b["key_id"].as_str().unwrap().starts_with("key_"));
        assert_eq!(b["key_prefix"].as_str().unwrap(), &key[..8]);
        let exp = parse_rfc3339(b["expires_at"].as_str().unwrap()).unwrap();
        let date = time::OffsetDateTime::from(date);
        let ttl = (exp - date).whole_seconds();
        assert!((ttl - 28800).abs() <= 2, "ttl {ttl}");
        // project_id is accepted as an alias.
        let r = s
            .post("/api/auth/session-token")
            .bearer_auth(&jwt)
            .json(&json!({"project_id": SECOND_WORKSPACE}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        // The minted key works.
        let r = s
            .get("/api/sdk/project")
            .header("X-API-Key", key)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let p: Value = r.json().await.unwrap();
        assert_eq!(p["id"], DEMO_WORKSPACE);
    }

    #[tokio::test]
    async fn exchange_rejects_bad_jwts() {
        let s = TestServer::start().await;
        let body = json!({"workspace_id": DEMO_WORKSPACE});
        let send = |auth: Option<String>| {
            let mut rb = s.post("/api/auth/session-token").json(&body);
            if let Some(a) = auth {
                rb = rb.header("authorization", a);
            }
            rb.send()
        };
        let expired = s
            .control(
                "/__test/jwt",
                json!({"sub": "user_demo", "exp_in_secs": -5}),
            )
            .await;
        let expired = expired["jwt"].as_str().unwrap().to_string();
        let good = s.jwt("demo@tavora.dev").await;
        let wrong_secret = jwt::sign(
            b"not-the-secret",
            &Claims {
                sub: "user_demo".into(),
                team_id: "team_demo".into(),
                email: "demo@tavora.dev".into(),
                exp: i64::MAX / 2,
                iat: 0,
            },
        );
        for auth in [
            None,
            Some("Bearer ".to_string()),
            Some("Bearer garbage".to_string()),
            Some(format!("Bearer {wrong_secret}")),
            Some(format!("Bearer {expired}")),
            Some(format!("Basic {good}")),
        ] {
            let r = send(auth.clone()).await.unwrap();
            assert_eq!(r.status(), 401, "{auth:?}");
            let b: Value = r.json().await.unwrap();
            assert_eq!(b["code"], "unauthorized");
            assert_eq!(b["error"], "unauthorized");
        }
        let r = send(Some(format!("Bearer {good}"))).await.unwrap();
        assert_eq!(r.status(), 201);
    }

    #[tokio::test]
    async fn exchange_validates_workspace_id() {
        let s = TestServer::start().await;
        let jwt = s.jwt("demo@tavora.dev").await;
        for body in [
            json!({}),
            json!({"workspace_id": "nope"}),
            json!({"workspace_id": 42}),
            json!({"workspace_id": ""}),
        ] {
            let r = s
                .post("/api/auth/session-token")
                .bearer_auth(&jwt)
                .json(&body)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 400, "{body}");
            let b: Value = r.json().await.unwrap();
            assert_eq!(b["code"], b["error"]);
            assert!(b["message"].as_str().unwrap().contains("workspace_id"));
        }
        let r = s
            .post("/api/auth/session-token")
            .bearer_auth(&jwt)
            .body("{not json")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400);
    }

    #[tokio::test]
    async fn exchange_other_team_and_missing_look_identical() {
        let s = TestServer::start().await;
        let jwt = s.jwt("demo@tavora.dev").await;
        let mut bodies = Vec::new();
        for id in [OTHER_WORKSPACE, "44444444-4444-4444-8444-444444444444"] {
            let r = s
                .post("/api/auth/session-token")
                .bearer_auth(&jwt)
                .json(&json!({"workspace_id": id}))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 404);
            bodies.push(r.text().await.unwrap());
        }
        assert_eq!(bodies[0], bodies[1]);
        let b: Value = serde_json::from_str(&bodies[0]).unwrap();
        assert_eq!(b["code"], "NOT_FOUND");
        // Eve (other team) can mint for her own workspace but not the demo one.
        let eve = s.jwt("eve@tavora.dev").await;
        let mint = |id: &'static str| {
            s.post("/api/auth/session-token")
                .bearer_auth(&eve)
                .json(&json!({"workspace_id": id}))
                .send()
        };
        assert_eq!(mint(OTHER_WORKSPACE).await.unwrap().status(), 201);
        assert_eq!(mint(DEMO_WORKSPACE).await.unwrap().status(), 404);
    }

    #[tokio::test]
    async fn api_key_required_unknown_and_expired() {
        let s = TestServer::start().await;
        let check = |r: reqwest::Response| async move {
            assert_eq!(r.status(), 401);
            assert_eq!(r.headers()["content-type"], "application/json");
            let b: Value = r.json().await.unwrap();
            assert_eq!(
                b,
                json!({"error":"unauthorized","code":"unauthorized","message":"invalid or expired API key"})
            );
        };
        check(s.get("/api/sdk/project").send().await.unwrap()).await;
        check(
            s.get("/api/sdk/project")
                .header("X-API-Key", "tvr_nope")
                .send()
                .await
                .unwrap(),
        )
        .await;
        // Unknown routes under /api/sdk also need a key.
        check(s.get("/api/sdk/nope").send().await.unwrap()).await;
        // Expire one key explicitly.
        let key = s.api_key().await;
        assert_eq!(s.sdk_get(&key, "/api/sdk/project").await.status(), 200);
        s.control("/__test/expire-key", json!({"key_prefix": &key[..8]}))
            .await;
        check(s.sdk_get(&key, "/api/sdk/project").await).await;
        // Clock moves past the TTL.
        let key = s.api_key().await;
        assert_eq!(s.sdk_get(&key, "/api/sdk/project").await.status(), 200);
        s.control("/__test/clock", json!({"offset_secs": 28800 + 5}))
            .await;
        check(s.sdk_get(&key, "/api/sdk/project").await).await;
        s.control("/__test/clock", json!({"offset_secs": 0})).await;
        assert_eq!(s.sdk_get(&key, "/api/sdk/project").await.status(), 200);
        // Unknown route with a valid key is a 404 NOT_FOUND.
        let r = s.sdk_get(&key, "/api/sdk/nope").await;
        assert_eq!(r.status(), 404);
        let b: Value = r.json().await.unwrap();
        assert_eq!(b["code"], "NOT_FOUND");
    }

    #[tokio::test]
    async fn dev_sign_in_only_with_dev_flag() {
        let s = TestServer::start_with(|c| c.dev = false).await;
        let r = s
            .post("/api/dev/sign-in")
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404);
        let b: Value = r.json().await.unwrap();
        assert_eq!(b["code"], "NOT_FOUND");

        let s = TestServer::start().await;
        let r = s
            .post("/api/dev/sign-in")
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let b: Value = r.json().await.unwrap();
        assert_eq!(
            b["user"],
            json!({"id":"user_demo","email":"demo@tavora.dev","name":"Demo User","team_id":"team_demo"})
        );
        let ids: Vec<_> = b["workspaces"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["id"].clone())
            .collect();
        assert_eq!(ids, vec![json!(DEMO_WORKSPACE), json!(SECOND_WORKSPACE)]);
        let claims = jwt::verify(b"tavora-dev-secret", b["jwt"].as_str().unwrap(), 0).unwrap();
        assert_eq!(claims.sub, "user_demo");
        assert_eq!(claims.exp - claims.iat, 12 * 3600);
        // No body at all also means the demo user.
        let r = s.post("/api/dev/sign-in").send().await.unwrap();
        assert_eq!(r.status(), 200);
        let r = s
            .post("/api/dev/sign-in")
            .json(&json!({"email": "eve@tavora.dev"}))
            .send()
            .await
            .unwrap();
        let b: Value = r.json().await.unwrap();
        assert_eq!(
            b["workspaces"],
            json!([{"id": OTHER_WORKSPACE, "name": "Other team's workspace"}])
        );
        let r = s
            .post("/api/dev/sign-in")
            .json(&json!({"email": "nobody@x"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401);
    }
}
