//! The audit log: every successful mutating SDK call appends an entry
//! (see [`record`]); `GET /audit-log` filters and pages them and
//! `GET /audit-log/export` dumps them as a JSON array or CSV.

use time::OffsetDateTime;

use crate::clock::parse_rfc3339;
use crate::extract::limit_offset;
use crate::prelude::*;

pub const DEFAULT_LIMIT: usize = 100;
pub const MAX_LIMIT: usize = 500;

pub const CSV_COLUMNS: [&str; 11] = [
    "id",
    "created_at",
    "project_id",
    "action",
    "subject_type",
    "subject_id",
    "actor_user_id",
    "actor_api_key_id",
    "agent_version_id",
    "session_id",
    "metadata",
];

/// One audit entry (historically "TenantAuditEntry").
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: String,
    #[serde(default)]
    pub project_id: String,
    pub actor_user_id: Option<String>,
    pub actor_api_key_id: Option<String>,
    pub action: String,
    pub subject_type: String,
    pub subject_id: String,
    pub agent_version_id: Option<String>,
    pub session_id: Option<String>,
    pub metadata: Value,
    pub created_at: String,
}

/// Appends an entry for a mutating call made with the key in `ctx`.
pub fn record(
    d: &mut WorkspaceData,
    ctx: &WorkspaceCtx,
    action: &str,
    subject_type: &str,
    subject_id: &str,
    metadata: Value,
) {
    d.audit.push(AuditEntry {
        id: new_id("au"),
        project_id: ctx.workspace_id.clone(),
        actor_user_id: None,
        actor_api_key_id: Some(ctx.key_id.clone()),
        action: action.to_string(),
        subject_type: subject_type.to_string(),
        subject_id: subject_id.to_string(),
        agent_version_id: metadata
            .get("agent_version_id")
            .and_then(Value::as_str)
            .map(str::to_string),
        session_id: metadata
            .get("session_id")
            .and_then(Value::as_str)
            .map(str::to_string),
        metadata,
        created_at: ctx.now.stamp.clone(),
    });
}

pub fn routes() -> Api {
    Api::default()
        .get("/audit-log", list)
        .get("/audit-log/export", export)
}

fn time_param(q: &QueryPairs, key: &str) -> ApiResult<Option<OffsetDateTime>> {
    q.get(key)
        .map(|v| {
            parse_rfc3339(v).ok_or_else(|| {
                ApiError::invalid_field(key, format!("{key} must be an RFC 3339 timestamp"))
            })
        })
        .transpose()
}

/// Entries matching the query's filters, newest first.
fn filtered(d: &WorkspaceData, q: &QueryPairs, with_actor: bool) -> ApiResult<Vec<AuditEntry>> {
    let from = time_param(q, "from")?;
    let to = time_param(q, "to")?;
    let action = q.get("action");
    let subject_type = q.get("subject_type");
    let subject_id = q.get("subject_id");
    let actor = if with_actor {
        q.get("actor_user_id")
    } else {
        None
    };
    Ok(d.audit
        .iter()
        .rev()
        .filter(|e| action.is_none_or(|a| e.action == a))
        .filter(|e| subject_type.is_none_or(|t| e.subject_type == t))
        .filter(|e| subject_id.is_none_or(|t| e.subject_id == t))
        .filter(|e| actor.is_none_or(|a| e.actor_user_id.as_deref() == Some(a)))
        .filter(|e| {
            let at = parse_rfc3339(&e.created_at);
            from.is_none_or(|f| at.is_some_and(|t| t >= f))
                && to.is_none_or(|l| at.is_some_and(|t| t <= l))
        })
        .cloned()
        .collect())
}

async fn list(ctx: WorkspaceCtx, q: QueryPairs) -> ApiResult<Response> {
    let (limit, offset) = limit_offset(&q, DEFAULT_LIMIT, MAX_LIMIT)?;
    let entries = filtered(&ctx.data(), &q, true)?;
    let total = entries.len();
    let page: Vec<Value> = entries
        .iter()
        .skip(offset)
        .take(limit)
        .map(to_value)
        .collect();
    Ok(ok(json!({
        "entries": page,
        "total": total,
        "limit": limit,
        "offset": offset,
    })))
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The CSV export: a header row of [`CSV_COLUMNS`], then one row per entry
/// (`metadata` as compact JSON, nulls as empty cells), CRLF line endings.
pub fn to_csv(entries: &[AuditEntry]) -> String {
    let mut out = CSV_COLUMNS.join(",");
    out.push_str("\r\n");
    for e in entries {
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        let row = [
            e.id.clone(),
            e.created_at.clone(),
            e.project_id.clone(),
            e.action.clone(),
            e.subject_type.clone(),
            e.subject_id.clone(),
            opt(&e.actor_user_id),
            opt(&e.actor_api_key_id),
            opt(&e.agent_version_id),
            opt(&e.session_id),
            if e.metadata.is_null() {
                String::new()
            } else {
                e.metadata.to_string()
            },
        ];
        out.push_str(
            &row.iter()
                .map(|c| csv_field(c))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    out
}

async fn export(ctx: WorkspaceCtx, q: QueryPairs) -> ApiResult<Response> {
    let format = q.get("format").unwrap_or("json");
    if format != "json" && format != "csv" {
        return invalid("format", "format must be \"json\" or \"csv\"");
    }
    let entries = filtered(&ctx.data(), &q, false)?;
    let (body, ctype, ext) = if format == "csv" {
        (to_csv(&entries).into_bytes(), "text/csv", "csv")
    } else {
        (
            serde_json::to_vec(&entries).unwrap_or_else(|_| b"[]".to_vec()),
            "application/json",
            "json",
        )
    };
    let mut resp = (StatusCode::OK, body).into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"audit-log.{ext}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use crate::testutil::TestServer;

    #[tokio::test]
    async fn seeded_entries_filters_and_pagination() {
        let s = TestServer::start().await;
        let key = s.api_key().await;
        let b: Value = s
            .sdk_get(&key, "/api/sdk/audit-log")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(b["total"], 2);
        assert_eq!(b["limit"], 100);
        assert_eq!(b["offset"], 0);
        // Newest first.
        assert_eq!(b["entries"][0]["action"], "promotion.approve");
        assert_eq!(b["entries"][1]["action"], "promotion.propose");
        assert_eq!(b["entries"][1]["actor_user_id"], "user_demo");
        assert_eq!(b["entries"][1]["subject_type"], "promotion");
        assert!(b["entries"][1]["actor_api_key_id"].is_null());

        // Mutating calls are recorded with the key id.
        let r = s
            .sdk_post(&key, "/api/sdk/indexes", json!({"name": "kb"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        let idx: Value = r.json().await.unwrap();
        let b: Value = s
            .sdk_get(&key, "/api/sdk/audit-log?action=index.create")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(b["total"], 1);
        let e = &b["entries"][0];
        assert_eq!(e["subject_type"], "index");
        assert_eq!(e["subject_id"], idx["id"]);
        assert!(e["actor_api_key_id"].as_str().unwrap().starts_with("key_"));
        assert!(e["actor_user_id"].is_null());

        let b: Value = s
            .sdk_get(&key, "/api/sdk/audit-log?actor_user_id=user_bob")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(b["total"], 1);
        let b: Value = s
            .sdk_get(
                &key,
                "/api/sdk/audit-log?subject_type=promotion&limit=1&offset=1",
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            (b["total"].as_u64(), b["limit"].as_u64()),
            (Some(2), Some(1))
        );
        assert_eq!(b["entries"][0]["action"], "promotion.propose");
        let b: Value = s
            .sdk_get(
                &key,
                "/api/sdk/audit-log?from=2026-01-02T10:00:00Z&to=2026-01-03T00:00:00Z",
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(b["total"], 1);
        assert_eq!(b["entries"][0]["action"], "promotion.approve");
        let b: Value = s
            .sdk_get(&key, "/api/sdk/audit-log?limit=9999")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(b["limit"], 500);
        let r = s.sdk_get(&key, "/api/sdk/audit-log?from=yesterday").await;
        assert_eq!(r.status(), 400);
        let e: Value = r.json().await.unwrap();
        assert_eq!(
            (e["code"].as_str(), e["field"].as_str()),
            (Some("invalid_request"), Some("from"))
        );
    }

    #[tokio::test]
    async fn export_json_and_csv() {
        let s = TestServer::start().await;
        let key = s.api_key().await;
        let r = s
            .sdk_get(&key, "/api/sdk/audit-log/export?format=json")
            .await;
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-type"], "application/json");
        let arr: Value = r.json().await.unwrap();
        assert_eq!(arr.as_array().unwrap().len(), 2);
        let r = s
            .sdk_get(
                &key,
                "/api/sdk/audit-log/export?format=csv&action=promotion.approve",
            )
            .await;
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-type"], "text/csv");
        let text = r.text().await.unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{text}");
        assert_eq!(lines[0], super::CSV_COLUMNS.join(","));
        assert!(lines[1].starts_with("au_seed_2,2026-01-02T10:30:00Z,"));
        assert!(
            lines[1].contains("\"{\"\"from\"\":\"\"dev\"\""),
            "{}",
            lines[1]
        );
        // Default format is JSON; an unknown one is a 400.
        let r = s.sdk_get(&key, "/api/sdk/audit-log/export").await;
        assert_eq!(r.headers()["content-type"], "application/json");
        let r = s
            .sdk_get(&key, "/api/sdk/audit-log/export?format=xml")
            .await;
        assert_eq!(r.status(), 400);
    }
}
