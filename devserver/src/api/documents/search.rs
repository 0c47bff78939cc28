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

fn search_impl(
    state: &AppState,
    ctx: &WorkspaceCtx,
    scope: Option<&str>,
    b: Query,
) -> ApiResult<Response> {
    let query = b.query.0;
    let top_k = match b.top_k {
        None | Some(0) => DEFAULT_TOP_K,
        Some(n) if n < 0 => return invalid("top_k", "top_k must not be negative"),
        Some(n) => (n as usize).min(MAX_TOP_K),
    };
    let min_score = b.min_score.unwrap_or(0.0);
    let by_document = match b.result_type.as_deref() {
        None | Some("") | Some("chunk") => false,
        Some("document") => true,
        Some(other) => {
            return invalid(
                "result_type",
                format!("result_type must be \"chunk\" or \"document\", not {other:?}"),
            )
        }
    };
    let mut store = state.store();
    let d = store.data_mut(&ctx.workspace_id);
    if let Some(s) = scope {
        indexes::require(d, s)?;
    }
    settle_now(state, d);
    let hits: Vec<Hit> = search(d, scope, &query)
        .into_iter()
        .filter(|h| h.score >= min_score)
        .collect();
    let mut results = Vec::new();
    if by_document {
        let mut seen = HashSet::new();
        for h in hits {
            if !seen.insert(h.doc) {
                continue;
            }
            let doc = &d.documents[h.doc];
            let c = &doc.chunks[h.chunk];
            results.push(json!({
                "document_id": doc.id,
                "index_id": doc.index_id,
                "filename": doc.filename,
                "document_name": doc.name,
                "document_metadata": doc.metadata,
                "parent_id": doc.parent_id,
                "content_sha256": doc.content_sha256,
                "score": h.score,
                "best_chunk": {"chunk_id": c.id, "chunk_index": c.index, "preview": preview(&c.content)},
            }));
            if results.len() == top_k {
                break;
            }
        }
    } else {
        for h in hits.into_iter().take(top_k) {
            let doc = &d.documents[h.doc];
            let c = &doc.chunks[h.chunk];
            results.push(json!({
                "chunk_id": c.id,
                "document_id": doc.id,
                "filename": doc.filename,
                "document_name": doc.name,
                "document_metadata": doc.metadata,
                "content": c.content,
                "score": h.score,
                "chunk_index": c.index,
                "metadata": {"index_id": doc.index_id, "chars": c.content.chars().count()},
            }));
        }
    }
    Ok(ok(json!({ "results": results })))
}

pub async fn search_all(ctx: WorkspaceCtx, JsonBody(b): JsonBody<Query>) -> ApiResult<Response> {
    search_impl(&ctx.state, &ctx, None, b)
}

pub async fn search_index(
    ctx: WorkspaceCtx,
    Path(index_id): Path<String>,
    JsonBody(b): JsonBody<Query>,
) -> ApiResult<Response> {
    search_impl(&ctx.state, &ctx, Some(&index_id), b)
}
