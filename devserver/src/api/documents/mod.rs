//! Documents (multipart upload, versions per (index, name), soft and hard
//! delete, list filters, by-name lookup) and search over their chunks.
//! Processing is simulated (README, *Processing time*): each direct read, or
//! `--processing-ms` on the server clock, moves an upload to its final state.

mod delete;
mod extraction;
mod reads;
mod search;
mod store;
mod upload;

use std::collections::HashSet;

use crate::prelude::*;

pub use extraction::{chunk_text, classify, extract_markdown, guess_content_type};
pub use search::{preview, search, Hit};
pub use store::settle;

pub const CHUNK_CHARS: usize = 500;
pub const DEFAULT_TOP_K: usize = 10;
pub const MAX_TOP_K: usize = 100;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DocKind {
    /// Markdown: chunked itself, settles at `ready`.
    Markdown,
    /// Other indexable types: settle at `stored` and spawn a markdown sibling.
    Extract,
    /// Not indexable: settles at `stored`.
    #[default]
    Stored,
}

#[derive(Debug, Clone)]
pub struct Chunk {
    pub id: String,
    pub index: usize,
    pub content: String,
    pub tokens: HashSet<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
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
    /// Unix ms on the server clock.
    #[serde(skip)]
    pub created_ms: i128,
    #[serde(skip)]
    pub reads: u32,
}

impl Document {
    fn is_extraction(&self) -> bool {
        self.metadata.get("derived_from").and_then(Value::as_str) == Some("extraction")
    }
}

pub fn routes() -> Api {
    Api::default()
        .post("/indexes/{id}/documents", upload::upload)
        .get("/indexes/{id}/documents", reads::list_in_index)
        .get("/indexes/{id}/documents/{docId}", reads::get_in_index)
        .get("/indexes/{id}/documents/by-name/{name}", reads::by_name)
        .get(
            "/indexes/{id}/documents/by-name/{name}/versions",
            reads::versions,
        )
        .delete("/indexes/{id}/documents/{docId}", delete::delete_in_index)
        .get("/documents", reads::list_all)
        .get("/documents/{id}", reads::get_doc)
        .delete("/documents/{id}", delete::delete_doc)
        .post("/search", search::search_all)
        .post("/indexes/{id}/search", search::search_index)
}

#[cfg(test)]
mod tests;
