//! Soft and hard deletes; extraction siblings follow their original.

use crate::api::indexes;
use crate::prelude::*;

fn delete(
    ctx: &WorkspaceCtx,
    id: &str,
    index: Option<&str>,
    q: &QueryPairs,
) -> ApiResult<Response> {
    let hard = q.bool("hard")?;
    let now = &ctx.now.stamp;
    let mut d = ctx.data();
    if let Some(i) = index {
        indexes::require(&mut d, i)?;
    }
    let doc = d
        .documents
        .iter()
        .find(|x| x.id == id && index.is_none_or(|i| x.index_id == i));
    // Idempotent: already gone (or never there).
    if doc.is_none_or(|doc| !hard && doc.deleted_at.is_some()) {
        return Ok(no_content());
    }
    let target = |x: &super::Document| {
        x.id == id || (x.parent_id.as_deref() == Some(id) && x.is_extraction())
    };
    if hard {
        d.documents.retain(|x| !target(x));
    }
    for x in d.documents.iter_mut().filter(|x| target(x)) {
        if x.deleted_at.is_none() {
            (x.deleted_at, x.updated_at) = (Some(now.clone()), now.clone());
        }
        x.is_latest = false;
    }
    record(
        &mut d,
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
    delete(&ctx, &id, None, &q)
}

pub async fn delete_in_index(
    ctx: WorkspaceCtx,
    Path((index_id, id)): Path<(String, String)>,
    q: QueryPairs,
) -> ApiResult<Response> {
    delete(&ctx, &id, Some(&index_id), &q)
}
