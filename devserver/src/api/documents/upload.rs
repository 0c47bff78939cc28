//! `POST /indexes/{id}/documents` (multipart).

use std::collections::HashMap;

use axum::extract::multipart::{MultipartError, MultipartRejection};
use axum::extract::Multipart;
use serde_json::Map;

use super::extraction::{classify, extension, extract_markdown, guess_content_type};
use super::store::{current_version, insert, next_version};
use super::{DocKind, Document};
use crate::api::{indexes, sha256_hex};
use crate::error::default_code_for_status;
use crate::prelude::*;

pub async fn upload(
    ctx: WorkspaceCtx,
    Path(index_id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> ApiResult<Response> {
    indexes::require(&mut ctx.data(), &index_id)?;
    let mut mp = multipart
        .map_err(|e| ApiError::bad_request(format!("expected a multipart/form-data body: {e}")))?;
    // The status tells a body over the limit (413) from a malformed one.
    let bad = |e: MultipartError| {
        let status = e.status();
        let code = default_code_for_status(status.as_u16());
        ApiError::new(status, code, format!("malformed multipart body: {e}"))
    };
    // (filename, content type, bytes) of the file part; the other parts as text.
    let (mut file, mut fields) = (None, HashMap::new());
    while let Some(part) = mp.next_field().await.map_err(bad)? {
        let name = part.name().unwrap_or_default().to_string();
        if name != "file" {
            fields.insert(name, part.text().await.map_err(bad)?);
            continue;
        }
        let filename = part
            .file_name()
            .filter(|f| !f.is_empty())
            .unwrap_or("upload.bin");
        let (filename, content_type) = (
            filename.to_string(),
            part.content_type().map(str::to_string),
        );
        file = Some((
            filename,
            content_type,
            part.bytes().await.map_err(bad)?.to_vec(),
        ));
    }
    let (filename, sent_type, bytes) =
        file.ok_or_else(|| ApiError::invalid_field("file", "a file part is required"))?;
    let field = |k: &str| {
        fields
            .get(k)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let name = field("name");
    let parent_id = field("parent_id");
    let if_version = field("if_version")
        .map(|v| {
            v.parse::<i64>()
                .map_err(|_| ApiError::invalid_field("if_version", "if_version must be an integer"))
        })
        .transpose()?;
    if if_version.is_some() && name.is_none() {
        return invalid("if_version", "if_version needs a name to compare against");
    }
    let metadata = match field("metadata") {
        None => Map::new(),
        Some(raw) => match serde_json::from_str::<Value>(&raw) {
            Ok(Value::Object(m)) => m,
            _ => return invalid("metadata", "metadata must be a JSON object"),
        },
    };
    let content_type = match sent_type {
        Some(c) if !c.is_empty() && c != "application/octet-stream" => c,
        _ => guess_content_type(&filename).to_string(),
    };
    let kind = classify(&filename, &content_type);
    let text = match kind {
        DocKind::Markdown => Some(String::from_utf8_lossy(&bytes).into_owned()),
        DocKind::Extract => Some(extract_markdown(&filename, &content_type, &bytes)),
        DocKind::Stored => None,
    };
    let page_count = (extension(&filename) == "pdf").then(|| {
        let s = String::from_utf8_lossy(&bytes);
        let pages = s
            .matches("/Type /Page")
            .count()
            .saturating_sub(s.matches("/Type /Pages").count());
        pages.max(1) as i64
    });

    let (now_t, now) = (ctx.now.t, ctx.now.stamp.clone());
    let mut d = ctx.data();
    indexes::require(&mut d, &index_id)?;
    if let Some(p) = &parent_id {
        if !d.documents.iter().any(|x| &x.id == p) {
            return invalid("parent_id", format!("unknown parent document {p}"));
        }
    }
    let version = match &name {
        Some(n) => {
            let current = current_version(&d, &index_id, n);
            if let Some(want) = if_version {
                if want != current {
                    return Err(ApiError::conflict(
                        "version_conflict",
                        "if_version does not match current version",
                    )
                    .with_detail("current_version", current));
                }
            }
            next_version(&d, &index_id, n)
        }
        None => 1,
    };
    let doc = Document {
        id: new_id("doc"),
        project_id: ctx.workspace_id.clone(),
        index_id: index_id.clone(),
        filename,
        content_type,
        file_size: bytes.len() as i64,
        status: "pending".to_string(),
        page_count,
        name,
        version,
        is_latest: true,
        metadata: Value::Object(metadata),
        parent_id,
        created_by_api_key_id: Some(ctx.key_id.clone()),
        content_sha256: Some(sha256_hex(&bytes)),
        created_at: now.clone(),
        updated_at: now.clone(),
        text,
        kind,
        created_ms: now_t.unix_timestamp_nanos() / 1_000_000,
        ..Default::default()
    };
    let body = to_value(&doc);
    record(
        &mut d,
        &ctx,
        "document.upload",
        "document",
        &doc.id,
        json!({"index_id": index_id, "filename": doc.filename, "name": doc.name, "version": version}),
    );
    insert(&mut d, doc);
    Ok(created(body))
}
