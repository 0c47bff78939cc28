//! Versions, `is_latest`, and the simulated processing (see the module
//! docs of `documents`).

use time::OffsetDateTime;

use super::extraction::make_chunks;
use super::{DocKind, Document};
use crate::api::sha256_hex;
use crate::clock::rfc3339;
use crate::prelude::*;

/// The next version number for (index, name): one above every row kept.
pub fn next_version(d: &WorkspaceData, index_id: &str, name: &str) -> i64 {
    d.documents
        .iter()
        .filter(|x| x.index_id == index_id && x.name.as_deref() == Some(name))
        .map(|x| x.version)
        .max()
        .unwrap_or(0)
        + 1
}

/// The newest non-deleted version of (index, name), 0 if none.
pub fn current_version(d: &WorkspaceData, index_id: &str, name: &str) -> i64 {
    d.documents
        .iter()
        .filter(|x| {
            x.index_id == index_id && x.name.as_deref() == Some(name) && x.deleted_at.is_none()
        })
        .map(|x| x.version)
        .max()
        .unwrap_or(0)
}

/// Inserts a document, taking over `is_latest` from older rows of its name.
pub fn insert(d: &mut WorkspaceData, doc: Document) {
    if let Some(name) = &doc.name {
        for x in d.documents.iter_mut() {
            if x.index_id == doc.index_id && x.name.as_ref() == Some(name) {
                x.is_latest = false;
            }
        }
    }
    d.documents.push(doc);
}

/// Advances processing (README, *Processing time* and *Final states*).
pub fn settle(d: &mut WorkspaceData, now: OffsetDateTime, processing_ms: u64) {
    let mut siblings = Vec::new();
    let stamp = rfc3339(now);
    for doc in d
        .documents
        .iter_mut()
        .filter(|x| x.status == "pending" || x.status == "processing")
    {
        let elapsed = now.unix_timestamp_nanos() / 1_000_000 - doc.created_ms;
        let done = doc.reads >= 2 || elapsed >= i128::from(processing_ms);
        if !done {
            if doc.reads >= 1 || elapsed * 2 >= i128::from(processing_ms) {
                doc.status = "processing".to_string();
            }
            continue;
        }
        doc.updated_at = stamp.clone();
        if doc.kind != DocKind::Stored && doc.file_size == 0 {
            doc.status = "error".to_string();
            doc.error_message = Some("no text could be extracted: the file is empty".to_string());
            continue;
        }
        match doc.kind {
            DocKind::Stored => doc.status = "stored".to_string(),
            DocKind::Markdown => {
                doc.chunks = make_chunks(&doc.id, doc.text.as_deref().unwrap_or(""));
                doc.chunk_count = doc.chunks.len() as i64;
                doc.status = "ready".to_string();
            }
            DocKind::Extract => {
                doc.status = "stored".to_string();
                if doc.deleted_at.is_none() {
                    siblings.push(extraction_sibling(doc, now));
                }
            }
        }
    }
    for mut sib in siblings {
        if let Some(name) = sib.name.clone() {
            sib.version = next_version(d, &sib.index_id, &name);
        }
        insert(d, sib);
    }
}

pub fn extraction_sibling(doc: &Document, now: OffsetDateTime) -> Document {
    let text = doc.text.clone().unwrap_or_default();
    let id = new_id("doc");
    let mut metadata = doc.metadata.as_object().cloned().unwrap_or_default();
    metadata.insert("derived_from".into(), json!("extraction"));
    let chunks = make_chunks(&id, &text);
    let stamp = rfc3339(now);
    Document {
        id,
        project_id: doc.project_id.clone(),
        index_id: doc.index_id.clone(),
        filename: format!("{}.md", doc.filename),
        content_type: "text/markdown".to_string(),
        file_size: text.len() as i64,
        status: "ready".to_string(),
        chunk_count: chunks.len() as i64,
        name: doc.name.as_ref().map(|n| format!("{n}.md")),
        version: 1,
        is_latest: true,
        metadata: Value::Object(metadata),
        parent_id: Some(doc.id.clone()),
        created_by_api_key_id: doc.created_by_api_key_id.clone(),
        content_sha256: Some(sha256_hex(text.as_bytes())),
        created_at: stamp.clone(),
        updated_at: stamp,
        text: Some(text),
        chunks,
        kind: DocKind::Markdown,
        created_ms: now.unix_timestamp_nanos() / 1_000_000,
        ..Default::default()
    }
}

pub fn settle_now(state: &AppState, d: &mut WorkspaceData) {
    settle(d, state.clock.now(), state.config.processing_ms);
}
