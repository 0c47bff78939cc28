//! Reads: one document (each direct read advances its processing), by
//! name, its versions, and the filtered lists.

use super::store::settle_now;
use super::Document;
use crate::api::indexes;
use crate::extract::limit_offset;
use crate::prelude::*;

/// Counts a direct read of `id`, settles, and returns the document if live.
pub fn read_doc(
    state: &AppState,
    d: &mut WorkspaceData,
    id: &str,
    index: Option<&str>,
) -> ApiResult<Value> {
    if let Some(x) = d.documents.iter_mut().find(|x| x.id == id) {
        x.reads += 1;
    }
    settle_now(state, d);
    d.documents
        .iter()
        .find(|x| x.id == id && x.deleted_at.is_none() && index.is_none_or(|i| x.index_id == i))
        .map(to_value)
        .ok_or_else(|| not_found("document"))
}

pub async fn get_doc(ctx: WorkspaceCtx, Path(id): Path<String>) -> ApiResult<Response> {
    let mut d = ctx.data();
    read_doc(&ctx.state, &mut d, &id, None).map(ok)
}

pub async fn get_in_index(
    ctx: WorkspaceCtx,
    Path((index_id, id)): Path<(String, String)>,
) -> ApiResult<Response> {
    let mut d = ctx.data();
    indexes::require(&mut d, &index_id)?;
    read_doc(&ctx.state, &mut d, &id, Some(&index_id)).map(ok)
}

pub async fn by_name(
    ctx: WorkspaceCtx,
    Path((index_id, name)): Path<(String, String)>,
    q: QueryPairs,
) -> ApiResult<Response> {
    let version = q
        .get("version")
        .map(|v| {
            v.parse::<i64>()
                .map_err(|_| ApiError::invalid_field("version", "version must be an integer"))
        })
        .transpose()?;
    let mut d = ctx.data();
    indexes::require(&mut d, &index_id)?;
    let id = d
        .documents
        .iter()
        .filter(|x| {
            x.index_id == index_id
                && x.name.as_deref() == Some(name.as_str())
                && x.deleted_at.is_none()
                && version.is_none_or(|v| x.version == v)
        })
        .max_by_key(|x| x.version)
        .map(|x| x.id.clone())
        .ok_or_else(|| not_found("document"))?;
    read_doc(&ctx.state, &mut d, &id, Some(&index_id)).map(ok)
}

pub async fn versions(
    ctx: WorkspaceCtx,
    Path((index_id, name)): Path<(String, String)>,
) -> ApiResult<Response> {
    let mut d = ctx.data();
    indexes::require(&mut d, &index_id)?;
    settle_now(&ctx.state, &mut d);
    let mut rows: Vec<&Document> = d
        .documents
        .iter()
        .filter(|x| x.index_id == index_id && x.name.as_deref() == Some(name.as_str()))
        .collect();
    if rows.is_empty() {
        return Err(not_found("document"));
    }
    rows.sort_by_key(|x| std::cmp::Reverse(x.version));
    let list: Vec<Value> = rows.into_iter().map(to_value).collect();
    Ok(ok(json!({ "versions": list })))
}

pub fn meta_matches(meta: &Value, key: &str, want: &str) -> bool {
    match meta.get(key) {
        Some(Value::String(s)) => s == want,
        Some(Value::Bool(b)) => want == if *b { "true" } else { "false" },
        Some(Value::Number(n)) => want.parse::<f64>().ok() == n.as_f64(),
        _ => false,
    }
}

/// `{data, total, has_more}` for the list query (wire contract §4.3).
pub fn list_page(d: &WorkspaceData, scope: Option<&str>, q: &QueryPairs) -> ApiResult<Value> {
    let (limit, offset) = limit_offset(q, 50, 500)?;
    let include_deleted = q.bool("include_deleted")?;
    let text = q.get("q").map(str::to_lowercase);
    let source = q.get("source");
    let parent_id = q.get("parent_id");
    let derived_from = q.get("derived_from");
    let sha = q.get("content_sha256").map(str::to_ascii_lowercase);
    let meta: Vec<(&str, &str)> =
        q.0.iter()
            .filter_map(|(k, v)| k.strip_prefix("metadata.").map(|k| (k, v.as_str())))
            .collect();
    // duplicate_of: same hash as that document, excluding it.
    let dup = match q.get("duplicate_of") {
        None => None,
        Some(id) => match d.documents.iter().find(|x| x.id == id) {
            Some(x) => Some((id, x.content_sha256.clone())),
            None => Some((id, None)),
        },
    };
    let rows: Vec<&Document> = d
        .documents
        .iter()
        .rev()
        .filter(|x| scope.is_none_or(|s| x.index_id == s))
        .filter(|x| include_deleted || x.deleted_at.is_none())
        .filter(|x| {
            text.as_ref().is_none_or(|t| {
                x.filename.to_lowercase().contains(t)
                    || x.name
                        .as_ref()
                        .is_some_and(|n| n.to_lowercase().contains(t))
            })
        })
        .filter(|x| source.is_none_or(|s| meta_matches(&x.metadata, "source", s)))
        .filter(|x| parent_id.is_none_or(|p| x.parent_id.as_deref() == Some(p)))
        .filter(|x| derived_from.is_none_or(|v| meta_matches(&x.metadata, "derived_from", v)))
        .filter(|x| {
            sha.as_ref()
                .is_none_or(|h| x.content_sha256.as_ref() == Some(h))
        })
        .filter(|x| {
            dup.as_ref().is_none_or(|(id, h)| {
                x.id != *id && h.is_some() && x.content_sha256.as_ref() == h.as_ref()
            })
        })
        .filter(|x| meta.iter().all(|(k, v)| meta_matches(&x.metadata, k, v)))
        .collect();
    let total = rows.len();
    let data: Vec<Value> = rows
        .iter()
        .skip(offset)
        .take(limit)
        .map(|x| to_value(*x))
        .collect();
    let has_more = offset + data.len() < total;
    Ok(json!({"data": data, "total": total, "has_more": has_more}))
}

pub async fn list_all(ctx: WorkspaceCtx, q: QueryPairs) -> ApiResult<Response> {
    let mut d = ctx.data();
    settle_now(&ctx.state, &mut d);
    list_page(&d, None, &q).map(ok)
}

pub async fn list_in_index(
    ctx: WorkspaceCtx,
    Path(index_id): Path<String>,
    q: QueryPairs,
) -> ApiResult<Response> {
    let mut d = ctx.data();
    indexes::require(&mut d, &index_id)?;
    settle_now(&ctx.state, &mut d);
    list_page(&d, Some(&index_id), &q).map(ok)
}
