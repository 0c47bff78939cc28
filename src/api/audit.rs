//! The audit log: filtered pages, and bulk export as JSON or CSV bytes.

use super::endpoint::Endpoint;
use super::fields::{check, def, get_string, get_u32, opt, Field, Kind};
use crate::call::{Answer, Call};
use crate::error::Error;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// One entry (historically "TenantAuditEntry").
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: String,
    #[serde(default, alias = "app_id")]
    pub project_id: String,
    #[serde(default)]
    pub actor_user_id: Option<String>,
    #[serde(default)]
    pub actor_api_key_id: Option<String>,
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub subject_type: String,
    #[serde(default)]
    pub subject_id: String,
    #[serde(default)]
    pub agent_version_id: Option<String>,
    #[serde(default)]
    pub session_id: Option<String>,
    #[serde(default)]
    pub metadata: Value,
    #[serde(default)]
    pub created_at: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AuditPage {
    #[serde(default)]
    pub entries: Vec<AuditEntry>,
    #[serde(default)]
    pub total: i64,
    #[serde(default)]
    pub limit: i64,
    #[serde(default)]
    pub offset: i64,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The audit default page (the server caps at 500).
pub const DEFAULT_AUDIT_LIMIT: u32 = 100;

/// `GET /audit-log` filters. `from`/`to` are RFC 3339. `limit` is always
/// sent (default 100, at least 1); `offset` only when above 0. JS passes
/// the same snake_case keys as the wire.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditLogFilter {
    pub action: Option<String>,
    pub actor_user_id: Option<String>,
    pub subject_type: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub limit: u32,
    pub offset: u32,
}

impl Default for AuditLogFilter {
    fn default() -> Self {
        AuditLogFilter {
            action: None,
            actor_user_id: None,
            subject_type: None,
            from: None,
            to: None,
            limit: DEFAULT_AUDIT_LIMIT,
            offset: 0,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    #[default]
    Json,
    Csv,
}

impl ExportFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Json => "json",
            ExportFormat::Csv => "csv",
        }
    }
}

/// `GET /audit-log/export` filters (no actor filter, no paging).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditExportOptions {
    /// Always sent (default `json`).
    pub format: ExportFormat,
    pub action: Option<String>,
    pub subject_type: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
}

fn check_time(what: &str, value: Option<&str>) -> Result<(), Error> {
    match value {
        Some(v) if crate::time::parse_rfc3339_ms(v).is_none() => Err(Error::invalid(format!(
            "{what} must be an RFC 3339 timestamp (e.g. 2026-05-17T10:30:00Z)"
        ))),
        _ => Ok(()),
    }
}

fn check_str(what: &str, value: Option<&str>) -> Result<(), Error> {
    if value == Some("") {
        return Err(Error::invalid(format!("{what} must not be empty when set")));
    }
    Ok(())
}

/// The JS shape of [`AuditLogFilter`] (the wire's query keys).
pub const AUDIT_LOG_FILTER_FIELDS: &[Field] = &[
    opt("action", Kind::Str),
    opt("actor_user_id", Kind::Str),
    opt("subject_type", Kind::Str),
    opt("from", Kind::Str),
    opt("to", Kind::Str),
    def("limit", Kind::U32),
    def("offset", Kind::U32),
];

/// The JS shape of [`AuditExportOptions`].
pub const AUDIT_EXPORT_FIELDS: &[Field] = &[
    def("format", Kind::Str),
    opt("action", Kind::Str),
    opt("subject_type", Kind::Str),
    opt("from", Kind::Str),
    opt("to", Kind::Str),
];

impl AuditLogFilter {
    /// Reads a filter object (`listAuditLog`), checking every type.
    pub fn from_body(body: Map<String, Value>, what: &str) -> Result<Self, Error> {
        let b = check(body, AUDIT_LOG_FILTER_FIELDS, what)?;
        let d = AuditLogFilter::default();
        Ok(AuditLogFilter {
            action: get_string(&b, "action"),
            actor_user_id: get_string(&b, "actor_user_id"),
            subject_type: get_string(&b, "subject_type"),
            from: get_string(&b, "from"),
            to: get_string(&b, "to"),
            limit: get_u32(&b, "limit").unwrap_or(d.limit),
            offset: get_u32(&b, "offset").unwrap_or(d.offset),
        })
    }
}

impl AuditExportOptions {
    /// Reads an export options object (`exportAuditLog`).
    pub fn from_body(body: Map<String, Value>, what: &str) -> Result<Self, Error> {
        let b = check(body, AUDIT_EXPORT_FIELDS, what)?;
        let format = match b.get("format").and_then(Value::as_str) {
            None | Some("json") => ExportFormat::Json,
            Some("csv") => ExportFormat::Csv,
            Some(_) => {
                return Err(Error::invalid(format!(
                    "{what}: format must be \"json\" or \"csv\""
                )))
            }
        };
        Ok(AuditExportOptions {
            format,
            action: get_string(&b, "action"),
            subject_type: get_string(&b, "subject_type"),
            from: get_string(&b, "from"),
            to: get_string(&b, "to"),
        })
    }
}

pub const LIST_AUDIT_LOG: Endpoint = Endpoint::get("listAuditLog", "audit-log");
/// Raw bytes: a JSON array of entries, or CSV.
pub const EXPORT_AUDIT_LOG: Endpoint =
    Endpoint::get("exportAuditLog", "audit-log/export").answering(Answer::Raw);

pub mod calls {
    use super::*;

    pub fn list_audit_log(f: &AuditLogFilter) -> Result<Call, Error> {
        check_str("action", f.action.as_deref())?;
        check_str("actor_user_id", f.actor_user_id.as_deref())?;
        check_str("subject_type", f.subject_type.as_deref())?;
        check_time("from", f.from.as_deref())?;
        check_time("to", f.to.as_deref())?;
        if f.limit == 0 {
            return Err(Error::invalid("limit must be at least 1"));
        }
        let p = LIST_AUDIT_LOG
            .path(&[])?
            .query_opt("action", f.action.as_deref())
            .query_opt("actor_user_id", f.actor_user_id.as_deref())
            .query_opt("subject_type", f.subject_type.as_deref())
            .query_opt("from", f.from.as_deref())
            .query_opt("to", f.to.as_deref())
            .query("limit", &f.limit.to_string())
            .query_opt("offset", (f.offset > 0).then_some(f.offset));
        LIST_AUDIT_LOG.call_at(p, None)
    }

    /// Raw bytes: a JSON array of entries, or CSV.
    pub fn export_audit_log(o: &AuditExportOptions) -> Result<Call, Error> {
        check_str("action", o.action.as_deref())?;
        check_str("subject_type", o.subject_type.as_deref())?;
        check_time("from", o.from.as_deref())?;
        check_time("to", o.to.as_deref())?;
        let p = EXPORT_AUDIT_LOG
            .path(&[])?
            .query("format", o.format.as_str())
            .query_opt("action", o.action.as_deref())
            .query_opt("subject_type", o.subject_type.as_deref())
            .query_opt("from", o.from.as_deref())
            .query_opt("to", o.to.as_deref());
        let accept = match o.format {
            ExportFormat::Json => "application/json",
            ExportFormat::Csv => "text/csv",
        };
        Ok(EXPORT_AUDIT_LOG.call_at(p, None)?.accepting(accept))
    }
}

#[cfg(target_arch = "wasm32")]
impl crate::client::Client {
    /// `GET /audit-log`.
    pub async fn list_audit_log(&self, filter: &AuditLogFilter) -> Result<AuditPage, Error> {
        self.json(calls::list_audit_log(filter)?).await
    }

    /// `GET /audit-log/export`: the file's bytes.
    pub async fn export_audit_log(&self, opts: &AuditExportOptions) -> Result<Vec<u8>, Error> {
        self.bytes(calls::export_audit_log(opts)?).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::fields::{testing::assert_matches, to_object};

    #[test]
    fn tables_match_the_structs() {
        let f = AuditLogFilter {
            action: Some("a".into()),
            actor_user_id: Some("u".into()),
            subject_type: Some("s".into()),
            from: Some("2026-01-01T00:00:00Z".into()),
            to: Some("2026-01-02T00:00:00Z".into()),
            limit: 7,
            offset: 3,
        };
        assert_matches(&f, AUDIT_LOG_FILTER_FIELDS, "listAuditLog filter");
        assert_eq!(
            AuditLogFilter::from_body(to_object(&f).unwrap(), "f").unwrap(),
            f
        );
        assert_eq!(
            AuditLogFilter::from_body(Map::new(), "f").unwrap(),
            AuditLogFilter::default()
        );
        let o = AuditExportOptions {
            format: ExportFormat::Csv,
            action: Some("a".into()),
            subject_type: Some("s".into()),
            from: Some("x".into()),
            to: Some("y".into()),
        };
        assert_matches(&o, AUDIT_EXPORT_FIELDS, "exportAuditLog options");
        assert_eq!(
            AuditExportOptions::from_body(to_object(&o).unwrap(), "o").unwrap(),
            o
        );
        let mut bad = Map::new();
        bad.insert("format".into(), Value::from("xml"));
        assert!(AuditExportOptions::from_body(bad, "o").is_err());
    }
}
