//! Soft and hard deletes; extraction siblings follow their original.

use crate::api::indexes;
use crate::prelude::*;

pub fn delete_impl(
    state: &AppState,
    ctx: &WorkspaceCtx,
    id: &str,
    index: Option<&str>,
    q: &QueryPairs,
) -> ApiResult<Response> {
    let hard = q.bool("hard")?;
    let now = ctx.now.stamp.clone();
    let mut store = state.store();
    let d = store.data_mut(&ctx.workspace_id);
    if let Some(i) = index {
        indexes::require(d, i)?;
    }
    let Some(doc) = d
        .documents
        .iter()
        .find(|x| x.id == id && index.is_none_or(|i| x.index_id == i))
    else {
        // Idempotent: already gone (or never there).
        return Ok(no_content());
    };
    if !hard && doc.deleted_at.is_some() {
        return Ok(no_content());
    }
    // Extraction siblings follow their original.
    let targets: Vec<String> = d
        .documents
        .iter()
        .filter(|x| x.id == id || (x.parent_id.as_deref() == Some(id) && x.is_extraction()))
        .map(|x| x.id.clone())
        .collect();
    if hard {
        d.documents.retain(|x| !targets.contains(&x.id));
    } else {
        for x in d.documents.iter_mut().filter(|x| targets.contains(&x.id)) {
            if x.deleted_at.is_none() {
                x.deleted_at = Some(now.clone());
                x.updated_at = now.clone();
            }
            x.is_latest = false;
        }
    }
    record(
        d,
        ctx,
        "document.delete",
        "document",
        id,
        json!({"hard": hard}),
    );
    Ok(no_content())
}

pub async fn delete_doc(
    ctx: WorkspaceCtx,
    Path(id): Path<String>,
    q: QueryPairs,
) -> ApiResult<Response> {
    delete_impl(&ctx.state, &ctx, &id, None, &q)
}

pub async fn delete_in_index(
    ctx: WorkspaceCtx,
    Path((index_id, id)): Path<(String, String)>,
    q: QueryPairs,
) -> ApiResult<Response> {
    delete_impl(&ctx.state, &ctx, &id, Some(&index_id), &q)
}
