//! Search over the chunks of live, ready, latest documents.

use std::collections::HashSet;

use super::store::settle_now;
use super::{DEFAULT_TOP_K, MAX_TOP_K};
use crate::api::{indexes, tokens};
use crate::prelude::*;

/// One matching chunk: positions into `documents` / its `chunks`.
#[derive(Debug, Clone, Copy)]
pub struct Hit {
    pub doc: usize,
    pub chunk: usize,
    pub score: f64,
}

/// Ranks the chunks of live, ready, latest documents (optionally of one
/// index) by the share of distinct query tokens they contain. Best first;
/// zero scores are dropped.
pub fn search(d: &WorkspaceData, scope: Option<&str>, query: &str) -> Vec<Hit> {
    let q: HashSet<String> = tokens(query).into_iter().collect();
    if q.is_empty() {
        return Vec::new();
    }
    let mut hits = Vec::new();
    for (di, doc) in d.documents.iter().enumerate() {
        if doc.deleted_at.is_some()
            || doc.status != "ready"
            || !doc.is_latest
            || scope.is_some_and(|s| doc.index_id != s)
        {
            continue;
        }
        for (ci, c) in doc.chunks.iter().enumerate() {
            let matched = q.iter().filter(|t| c.tokens.contains(*t)).count();
            if matched > 0 {
                let score = matched as f64 / q.len() as f64;
                hits.push(Hit {
                    doc: di,
                    chunk: ci,
                    score: (score * 10_000.0).round() / 10_000.0,
                });
            }
        }
    }
    hits.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.doc.cmp(&b.doc))
            .then(a.chunk.cmp(&b.chunk))
    });
    hits
}

/// The first ~200 characters of a chunk.
pub fn preview(text: &str) -> String {
    let p: String = text.chars().take(200).collect();
    if p.len() < text.len() {
        format!("{p}…")
    } else {
        p
    }
}

/// A search body; `index_id`/`indexId` in it are ignored (the path scopes).
#[derive(Deserialize)]
pub struct Query {
    query: NonBlank,
    top_k: Option<i64>,
    min_score: Option<f64>,
    result_type: Option<String>,
}

fn search_impl(ctx: &WorkspaceCtx, scope: Option<&str>, b: Query) -> ApiResult<Response> {
    let top_k = match b.top_k {
        None | Some(0) => DEFAULT_TOP_K,
        Some(n) if n < 0 => return invalid("top_k", "top_k must not be negative"),
        Some(n) => (n as usize).min(MAX_TOP_K),
    };
    let by_document = match b.result_type.as_deref() {
        None | Some("") | Some("chunk") => false,
        Some("document") => true,
        Some(other) => {
            let msg = format!("result_type must be \"chunk\" or \"document\", not {other:?}");
            return invalid("result_type", msg);
        }
    };
    let mut d = ctx.data();
    if let Some(s) = scope {
        indexes::require(&mut d, s)?;
    }
    settle_now(&ctx.state, &mut d);
    let mut seen = HashSet::new();
    let hits = search(&d, scope, &b.query.0).into_iter();
    let hits = hits.filter(|h| h.score >= b.min_score.unwrap_or(0.0));
    // By document: one row each, with its best chunk.
    let hits = hits.filter(|h| !by_document || seen.insert(h.doc));
    let results: Vec<Value> = hits
        .take(top_k)
        .map(|h| {
            let doc = &d.documents[h.doc];
            let c = &doc.chunks[h.chunk];
            if by_document {
                json!({
                    "document_id": doc.id,
                    "index_id": doc.index_id,
                    "filename": doc.filename,
                    "document_name": doc.name,
                    "document_metadata": doc.metadata,
                    "parent_id": doc.parent_id,
                    "content_sha256": doc.content_sha256,
                    "score": h.score,
                    "best_chunk": {"chunk_id": c.id, "chunk_index": c.index, "preview": preview(&c.content)},
                })
            } else {
                json!({
                    "chunk_id": c.id,
                    "document_id": doc.id,
                    "filename": doc.filename,
                    "document_name": doc.name,
                    "document_metadata": doc.metadata,
                    "content": c.content,
                    "score": h.score,
                    "chunk_index": c.index,
                    "metadata": {"index_id": doc.index_id, "chars": c.content.chars().count()},
                })
            }
        })
        .collect();
    Ok(ok(json!({ "results": results })))
}

pub async fn search_all(ctx: WorkspaceCtx, JsonBody(b): JsonBody<Query>) -> ApiResult<Response> {
    search_impl(&ctx, None, b)
}

pub async fn search_index(
    ctx: WorkspaceCtx,
    Path(index_id): Path<String>,
    JsonBody(b): JsonBody<Query>,
) -> ApiResult<Response> {
    search_impl(&ctx, Some(&index_id), b)
}
