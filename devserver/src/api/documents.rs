//! Documents (multipart upload, versions per (index, name), soft and hard
//! delete, list filters, by-name lookup) and search over their chunks.
//!
//! Processing is simulated: an upload is `pending`; each direct read
//! (`GET /documents/:id`, the per-index alias, by-name) advances it one
//! stage (`processing`, then final), and any read settles documents older
//! than `--processing-ms` (server clock). Final states: markdown → `ready`
//! (chunked); other indexable types → `stored` plus an extracted markdown
//! sibling that is `ready` and carries the chunks; everything else
//! (`.json`, source code, unknown) → `stored`; an empty indexable file →
//! `error`.

use std::collections::HashSet;

use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Serialize;
use serde_json::{json, Map, Value};
use time::OffsetDateTime;

use super::audit::record;
use super::{indexes, limit_offset, not_found, sha256_hex, to_value, tokens, QueryPairs};
use crate::auth::WorkspaceCtx;
use crate::clock::rfc3339;
use crate::error::{created, no_content, ok, ApiError, ApiResult};
use crate::extract::{opt_str, JsonObject};
use crate::state::{new_id, AppState, WorkspaceData};

/// Target chunk size in characters.
pub const CHUNK_CHARS: usize = 500;
/// Default and largest `top_k` of a search.
pub const DEFAULT_TOP_K: usize = 10;
pub const MAX_TOP_K: usize = 100;

/// How a document is processed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    /// Markdown: chunked itself, settles at `ready`.
    Markdown,
    /// Other indexable types: settle at `stored` and spawn a markdown sibling.
    Extract,
    /// Not indexable: settles at `stored`.
    Stored,
}

#[derive(Debug, Clone)]
pub struct Chunk {
    pub id: String,
    pub index: usize,
    pub content: String,
    pub tokens: HashSet<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Document {
    pub id: String,
    pub project_id: String,
    pub index_id: String,
    pub filename: String,
    pub content_type: String,
    pub file_size: i64,
    pub status: String,
    pub error_message: Option<String>,
    pub page_count: Option<i64>,
    pub chunk_count: i64,
    pub name: Option<String>,
    pub version: i64,
    pub is_latest: bool,
    pub metadata: Value,
    pub parent_id: Option<String>,
    pub created_by_api_key_id: Option<String>,
    pub content_sha256: Option<String>,
    pub deleted_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// The markdown text (own for markdown, extracted for other indexable types).
    #[serde(skip)]
    pub text: Option<String>,
    #[serde(skip)]
    pub chunks: Vec<Chunk>,
    #[serde(skip)]
    pub kind: DocKind,
    #[serde(skip)]
    pub created: OffsetDateTime,
    #[serde(skip)]
    pub reads: u32,
}

impl Document {
    fn is_extraction(&self) -> bool {
        self.metadata.get("derived_from").and_then(Value::as_str) == Some("extraction")
    }
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/indexes/{id}/documents",
            post(upload)
                .get(list_in_index)
                .layer(DefaultBodyLimit::disable()),
        )
        .route(
            "/indexes/{id}/documents/{doc_id}",
            get(get_in_index).delete(delete_in_index),
        )
        .route("/indexes/{id}/documents/by-name/{name}", get(by_name))
        .route(
            "/indexes/{id}/documents/by-name/{name}/versions",
            get(versions),
        )
        .route("/documents", get(list_all))
        .route("/documents/{id}", get(get_doc).delete(delete_doc))
        .route("/search", post(search_all))
        .route("/indexes/{id}/search", post(search_index))
}

// ---------------------------------------------------------------------------
// Types and extraction.

fn extension(filename: &str) -> String {
    filename
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

/// A content type for a filename when the client sent none (or octet-stream).
pub fn guess_content_type(filename: &str) -> &'static str {
    match extension(filename).as_str() {
        "md" | "markdown" => "text/markdown",
        "txt" => "text/plain",
        "csv" => "text/csv",
        "html" | "htm" => "text/html",
        "pdf" => "application/pdf",
        "json" => "application/json",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "js" | "mjs" => "text/javascript",
        "ts" | "py" | "rs" | "go" | "java" | "rb" | "sh" | "c" | "h" | "cpp" => "text/plain",
        _ => "application/octet-stream",
    }
}

/// Whether a file is markdown, another indexable type, or only stored.
pub fn classify(filename: &str, content_type: &str) -> DocKind {
    match extension(filename).as_str() {
        "md" | "markdown" => return DocKind::Markdown,
        "pdf" | "txt" | "csv" | "html" | "htm" | "docx" | "xlsx" | "png" | "jpg" | "jpeg"
        | "gif" | "webp" => return DocKind::Extract,
        "" => {}
        _ => return DocKind::Stored,
    }
    let ct = content_type.to_ascii_lowercase();
    let ct = ct.split(';').next().unwrap_or("").trim();
    match ct {
        "text/markdown" => DocKind::Markdown,
        "text/plain" | "text/csv" | "text/html" | "application/pdf" => DocKind::Extract,
        c if c.starts_with("image/") => DocKind::Extract,
        _ => DocKind::Stored,
    }
}

fn strip_html(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n")
}

fn csv_to_markdown(csv: &str) -> String {
    let rows: Vec<Vec<&str>> = csv
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split(',').map(str::trim).collect())
        .collect();
    let Some(header) = rows.first() else {
        return String::new();
    };
    let mut out = format!("| {} |\n", header.join(" | "));
    out.push_str(&format!("|{}\n", " --- |".repeat(header.len())));
    for r in &rows[1..] {
        out.push_str(&format!("| {} |\n", r.join(" | ")));
    }
    out
}

/// The markdown text the dev server "extracts" from an upload.
pub fn extract_markdown(filename: &str, content_type: &str, bytes: &[u8]) -> String {
    let lossy = String::from_utf8_lossy(bytes).replace("\r\n", "\n");
    let ext = extension(filename);
    let body = if ext == "csv" || content_type.starts_with("text/csv") {
        csv_to_markdown(&lossy)
    } else if ext == "html" || ext == "htm" || content_type.starts_with("text/html") {
        strip_html(&lossy)
    } else if content_type.starts_with("image/") {
        format!(
            "Image `{filename}` ({} bytes). The dev server does no OCR.",
            bytes.len()
        )
    } else {
        let printable: String = lossy
            .chars()
            .filter(|c| (!c.is_control() || c.is_whitespace()) && *c != '\u{FFFD}')
            .collect();
        if printable.trim().is_empty() {
            format!("No text layer in `{filename}` ({} bytes).", bytes.len())
        } else {
            printable
        }
    };
    format!("# {filename}\n\n{}", body.trim())
}

fn split_long(p: &str, max: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for w in p.split_whitespace() {
        if !cur.is_empty() && cur.len() + 1 + w.len() > max {
            out.push(std::mem::take(&mut cur));
        }
        if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(w);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Paragraphs packed into chunks of at most ~[`CHUNK_CHARS`] bytes.
pub fn chunk_text(text: &str) -> Vec<String> {
    let text = text.replace("\r\n", "\n");
    let mut chunks = Vec::new();
    let mut cur = String::new();
    for para in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        let pieces = if para.len() > CHUNK_CHARS {
            split_long(para, CHUNK_CHARS)
        } else {
            vec![para.to_string()]
        };
        for piece in pieces {
            if !cur.is_empty() && cur.len() + 2 + piece.len() > CHUNK_CHARS {
                chunks.push(std::mem::take(&mut cur));
            }
            if !cur.is_empty() {
                cur.push_str("\n\n");
            }
            cur.push_str(&piece);
        }
    }
    if !cur.is_empty() {
        chunks.push(cur);
    }
    chunks
}

fn make_chunks(doc_id: &str, text: &str) -> Vec<Chunk> {
    chunk_text(text)
        .into_iter()
        .enumerate()
        .map(|(i, content)| Chunk {
            id: format!("chk_{}_{i}", doc_id.trim_start_matches("doc_")),
            index: i,
            tokens: tokens(&content).into_iter().collect(),
            content,
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Store helpers.

/// The next version number for (index, name): one above every row kept.
fn next_version(d: &WorkspaceData, index_id: &str, name: &str) -> i64 {
    d.documents
        .iter()
        .filter(|x| x.index_id == index_id && x.name.as_deref() == Some(name))
        .map(|x| x.version)
        .max()
        .unwrap_or(0)
        + 1
}

/// The newest non-deleted version of (index, name), 0 if none.
fn current_version(d: &WorkspaceData, index_id: &str, name: &str) -> i64 {
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
fn insert(d: &mut WorkspaceData, doc: Document) {
    if let Some(name) = &doc.name {
        for x in d.documents.iter_mut() {
            if x.index_id == doc.index_id && x.name.as_ref() == Some(name) {
                x.is_latest = false;
            }
        }
    }
    d.documents.push(doc);
}

/// Advances processing: see the module docs.
pub fn settle(d: &mut WorkspaceData, now: OffsetDateTime, processing_ms: u64) {
    let mut siblings = Vec::new();
    let stamp = rfc3339(now);
    for doc in d
        .documents
        .iter_mut()
        .filter(|x| x.status == "pending" || x.status == "processing")
    {
        let elapsed = (now - doc.created).whole_milliseconds();
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

fn extraction_sibling(doc: &Document, now: OffsetDateTime) -> Document {
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
        error_message: None,
        page_count: None,
        chunk_count: chunks.len() as i64,
        name: doc.name.as_ref().map(|n| format!("{n}.md")),
        version: 1,
        is_latest: true,
        metadata: Value::Object(metadata),
        parent_id: Some(doc.id.clone()),
        created_by_api_key_id: doc.created_by_api_key_id.clone(),
        content_sha256: Some(sha256_hex(text.as_bytes())),
        deleted_at: None,
        created_at: stamp.clone(),
        updated_at: stamp,
        text: Some(text),
        chunks,
        kind: DocKind::Markdown,
        created: now,
        reads: 0,
    }
}

fn settle_now(state: &AppState, d: &mut WorkspaceData) {
    settle(d, state.clock.now(), state.config.processing_ms);
}

// ---------------------------------------------------------------------------
// Upload.

struct FilePart {
    filename: String,
    content_type: Option<String>,
    bytes: Vec<u8>,
}

async fn upload(
    State(state): State<AppState>,
    ctx: WorkspaceCtx,
    Path(index_id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> ApiResult<Response> {
    indexes::require(state.store().data_mut(&ctx.workspace_id), &index_id)?;
    let mut mp = multipart
        .map_err(|e| ApiError::bad_request(format!("expected a multipart/form-data body: {e}")))?;
    let bad = |e: axum::extract::multipart::MultipartError| {
        ApiError::bad_request(format!("malformed multipart body: {e}"))
    };
    let mut file = None;
    let mut fields = Map::new();
    while let Some(field) = mp.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            let filename = field
                .file_name()
                .filter(|f| !f.is_empty())
                .unwrap_or("upload.bin")
                .to_string();
            let content_type = field.content_type().map(str::to_string);
            let bytes = field.bytes().await.map_err(bad)?.to_vec();
            file = Some(FilePart {
                filename,
                content_type,
                bytes,
            });
        } else {
            let text = field.text().await.map_err(bad)?;
            fields.insert(name, Value::String(text));
        }
    }
    let file = file.ok_or_else(|| ApiError::invalid_field("file", "a file part is required"))?;
    let field = |k: &str| {
        fields
            .get(k)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
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
        return Err(ApiError::invalid_field(
            "if_version",
            "if_version needs a name to compare against",
        ));
    }
    let metadata = match field("metadata") {
        None => Map::new(),
        Some(raw) => match serde_json::from_str::<Value>(&raw) {
            Ok(Value::Object(m)) => m,
            _ => {
                return Err(ApiError::invalid_field(
                    "metadata",
                    "metadata must be a JSON object",
                ))
            }
        },
    };
    let content_type = match &file.content_type {
        Some(c) if !c.is_empty() && c != "application/octet-stream" => c.clone(),
        _ => guess_content_type(&file.filename).to_string(),
    };
    let kind = classify(&file.filename, &content_type);
    let text = match kind {
        DocKind::Markdown => Some(String::from_utf8_lossy(&file.bytes).into_owned()),
        DocKind::Extract => Some(extract_markdown(&file.filename, &content_type, &file.bytes)),
        DocKind::Stored => None,
    };
    let page_count = (extension(&file.filename) == "pdf").then(|| {
        let s = String::from_utf8_lossy(&file.bytes);
        let pages = s
            .matches("/Type /Page")
            .count()
            .saturating_sub(s.matches("/Type /Pages").count());
        pages.max(1) as i64
    });

    let now_t = state.clock.now();
    let now = rfc3339(now_t);
    let mut store = state.store();
    let d = store.data_mut(&ctx.workspace_id);
    indexes::require(d, &index_id)?;
    if let Some(p) = &parent_id {
        if !d.documents.iter().any(|x| &x.id == p) {
            return Err(ApiError::invalid_field(
                "parent_id",
                format!("unknown parent document {p}"),
            ));
        }
    }
    let version = match &name {
        Some(n) => {
            let current = current_version(d, &index_id, n);
            if let Some(want) = if_version {
                if want != current {
                    return Err(ApiError::conflict(
                        "version_conflict",
                        "if_version does not match current version",
                    )
                    .with_detail("current_version", current));
                }
            }
            next_version(d, &index_id, n)
        }
        None => 1,
    };
    let doc = Document {
        id: new_id("doc"),
        project_id: ctx.workspace_id.clone(),
        index_id: index_id.clone(),
        filename: file.filename.clone(),
        content_type,
        file_size: file.bytes.len() as i64,
        status: "pending".to_string(),
        error_message: None,
        page_count,
        chunk_count: 0,
        name,
        version,
        is_latest: true,
        metadata: Value::Object(metadata),
        parent_id,
        created_by_api_key_id: Some(ctx.key_id.clone()),
        content_sha256: Some(sha256_hex(&file.bytes)),
        deleted_at: None,
        created_at: now.clone(),
        updated_at: now.clone(),
        text,
        chunks: Vec::new(),
        kind,
        created: now_t,
        reads: 0,
    };
    let body = to_value(&doc);
    record(
        d,
        &ctx,
        &now,
        "document.upload",
        "document",
        &doc.id,
        json!({"index_id": index_id, "filename": doc.filename, "name": doc.name, "version": version}),
    );
    insert(d, doc);
    Ok(created(body))
}

// ---------------------------------------------------------------------------
// Reads.

/// Counts a direct read of `id`, settles, and returns the document if live.
fn read_doc(
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

async fn get_doc(
    State(state): State<AppState>,
    ctx: WorkspaceCtx,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let mut store = state.store();
    let d = store.data_mut(&ctx.workspace_id);
    read_doc(&state, d, &id, None).map(ok)
}

async fn get_in_index(
    State(state): State<AppState>,
    ctx: WorkspaceCtx,
    Path((index_id, id)): Path<(String, String)>,
) -> ApiResult<Response> {
    let mut store = state.store();
    let d = store.data_mut(&ctx.workspace_id);
    indexes::require(d, &index_id)?;
    read_doc(&state, d, &id, Some(&index_id)).map(ok)
}

async fn by_name(
    State(state): State<AppState>,
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
    let mut store = state.store();
    let d = store.data_mut(&ctx.workspace_id);
    indexes::require(d, &index_id)?;
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
    read_doc(&state, d, &id, Some(&index_id)).map(ok)
}

async fn versions(
    State(state): State<AppState>,
    ctx: WorkspaceCtx,
    Path((index_id, name)): Path<(String, String)>,
) -> ApiResult<Response> {
    let mut store = state.store();
    let d = store.data_mut(&ctx.workspace_id);
    indexes::require(d, &index_id)?;
    settle_now(&state, d);
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

fn meta_matches(meta: &Value, key: &str, want: &str) -> bool {
    match meta.get(key) {
        Some(Value::String(s)) => s == want,
        Some(Value::Bool(b)) => want == if *b { "true" } else { "false" },
        Some(Value::Number(n)) => want.parse::<f64>().ok() == n.as_f64(),
        _ => false,
    }
}

/// `{data, total, has_more}` for the list query (wire contract §4.3).
fn list_page(d: &WorkspaceData, scope: Option<&str>, q: &QueryPairs) -> ApiResult<Value> {
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

async fn list_all(
    State(state): State<AppState>,
    ctx: WorkspaceCtx,
    q: QueryPairs,
) -> ApiResult<Response> {
    let mut store = state.store();
    let d = store.data_mut(&ctx.workspace_id);
    settle_now(&state, d);
    list_page(d, None, &q).map(ok)
}

async fn list_in_index(
    State(state): State<AppState>,
    ctx: WorkspaceCtx,
    Path(index_id): Path<String>,
    q: QueryPairs,
) -> ApiResult<Response> {
    let mut store = state.store();
    let d = store.data_mut(&ctx.workspace_id);
    indexes::require(d, &index_id)?;
    settle_now(&state, d);
    list_page(d, Some(&index_id), &q).map(ok)
}

// ---------------------------------------------------------------------------
// Delete.

fn delete_impl(
    state: &AppState,
    ctx: &WorkspaceCtx,
    id: &str,
    index: Option<&str>,
    q: &QueryPairs,
) -> ApiResult<Response> {
    let hard = q.bool("hard")?;
    let now = rfc3339(state.clock.now());
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
        &now,
        "document.delete",
        "document",
        id,
        json!({"hard": hard}),
    );
    Ok(no_content())
}

async fn delete_doc(
    State(state): State<AppState>,
    ctx: WorkspaceCtx,
    Path(id): Path<String>,
    q: QueryPairs,
) -> ApiResult<Response> {
    delete_impl(&state, &ctx, &id, None, &q)
}

async fn delete_in_index(
    State(state): State<AppState>,
    ctx: WorkspaceCtx,
    Path((index_id, id)): Path<(String, String)>,
    q: QueryPairs,
) -> ApiResult<Response> {
    delete_impl(&state, &ctx, &id, Some(&index_id), &q)
}

// ---------------------------------------------------------------------------
// Search.

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

fn search_impl(
    state: &AppState,
    ctx: &WorkspaceCtx,
    scope: Option<&str>,
    b: &Map<String, Value>,
) -> ApiResult<Response> {
    let query = super::req_str(b, "query")?;
    let top_k = match super::opt_i64(b, "top_k")? {
        None | Some(0) => DEFAULT_TOP_K,
        Some(n) if n < 0 => {
            return Err(ApiError::invalid_field(
                "top_k",
                "top_k must not be negative",
            ))
        }
        Some(n) => (n as usize).min(MAX_TOP_K),
    };
    let min_score = match b.get("min_score") {
        None | Some(Value::Null) => 0.0,
        Some(v) => v
            .as_f64()
            .ok_or_else(|| ApiError::invalid_field("min_score", "min_score must be a number"))?,
    };
    let by_document = match opt_str(b, "result_type")?.as_deref() {
        None | Some("") | Some("chunk") => false,
        Some("document") => true,
        Some(other) => {
            return Err(ApiError::invalid_field(
                "result_type",
                format!("result_type must be \"chunk\" or \"document\", not {other:?}"),
            ))
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

async fn search_all(
    State(state): State<AppState>,
    ctx: WorkspaceCtx,
    body: Result<JsonObject, ApiError>,
) -> ApiResult<Response> {
    let JsonObject(b) = body?;
    search_impl(&state, &ctx, None, &b)
}

async fn search_index(
    State(state): State<AppState>,
    ctx: WorkspaceCtx,
    Path(index_id): Path<String>,
    body: Result<JsonObject, ApiError>,
) -> ApiResult<Response> {
    let JsonObject(b) = body?;
    search_impl(&state, &ctx, Some(&index_id), &b)
}

#[cfg(test)]
mod tests;
