//! Documents (multipart upload, versions by name, soft/hard delete) and
//! semantic search.

use super::endpoint::Endpoint;
use super::fields::{
    check, def, encode, get_bool, get_i64, get_str_map, get_string, get_u32, is_blank, opt, req,
    to_object, Field, Kind, StrPairs,
};
use crate::call::{Call, Method};
use crate::error::Error;
use crate::multipart::{self, Part};
use crate::url::Path;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub id: String,
    #[serde(default, alias = "app_id")]
    pub project_id: String,
    #[serde(default)]
    pub index_id: String,
    #[serde(default)]
    pub filename: String,
    #[serde(default)]
    pub content_type: String,
    #[serde(default)]
    pub file_size: i64,
    /// `pending`, `processing`, `ready`, `stored` or `error`.
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub error_message: Option<String>,
    #[serde(default)]
    pub page_count: Option<i64>,
    #[serde(default)]
    pub chunk_count: i64,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub version: i64,
    #[serde(default)]
    pub is_latest: bool,
    #[serde(default)]
    pub metadata: Map<String, Value>,
    #[serde(default)]
    pub parent_id: Option<String>,
    #[serde(default)]
    pub created_by_api_key_id: Option<String>,
    #[serde(default)]
    pub content_sha256: Option<String>,
    #[serde(default)]
    pub deleted_at: Option<String>,
    #[serde(default)]
    pub created_at: String,
    #[serde(default)]
    pub updated_at: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One page of `GET /documents` or `GET /indexes/{id}/documents`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentPage {
    #[serde(default)]
    pub data: Vec<Document>,
    #[serde(default)]
    pub total: i64,
    #[serde(default)]
    pub has_more: bool,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The list query (wire contract §4.3). `limit` is always sent (default 50, at least 1),
/// `offset` too; each filter only when set. JS passes it camelCased
/// (`includeDeleted`, `parentId`, …), as the TS SDK does.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct DocumentListOptions {
    pub limit: u32,
    pub offset: u32,
    /// Case-insensitive filename match.
    pub q: Option<String>,
    /// Equality on `metadata.source`.
    pub source: Option<String>,
    pub include_deleted: bool,
    pub parent_id: Option<String>,
    /// Equality on `metadata.derived_from` (e.g. `extraction`).
    pub derived_from: Option<String>,
    pub content_sha256: Option<String>,
    /// Documents with the same content as this one, itself excluded.
    pub duplicate_of: Option<String>,
    /// `metadata.<key>=<value>`, one parameter per pair.
    #[serde(default, with = "super::fields::str_pairs")]
    pub metadata: StrPairs,
}

impl Default for DocumentListOptions {
    fn default() -> Self {
        DocumentListOptions {
            limit: 50,
            offset: 0,
            q: None,
            source: None,
            include_deleted: false,
            parent_id: None,
            derived_from: None,
            content_sha256: None,
            duplicate_of: None,
            metadata: StrPairs::new(),
        }
    }
}

impl DocumentListOptions {
    fn apply(&self, path: Path) -> Result<Path, Error> {
        if self.limit == 0 {
            return Err(Error::invalid("limit must be at least 1"));
        }
        let mut p = path
            .query("limit", &self.limit.to_string())
            .query("offset", &self.offset.to_string())
            .query_opt("q", self.q.as_deref())
            .query_opt("source", self.source.as_deref());
        if self.include_deleted {
            p = p.query("include_deleted", "true");
        }
        p = p
            .query_opt("parent_id", self.parent_id.as_deref())
            .query_opt("derived_from", self.derived_from.as_deref())
            .query_opt("content_sha256", self.content_sha256.as_deref())
            .query_opt("duplicate_of", self.duplicate_of.as_deref());
        for (k, v) in &self.metadata {
            if k.is_empty() {
                return Err(Error::invalid("metadata filter keys must not be empty"));
            }
            p = p.query(&format!("metadata.{k}"), v);
        }
        Ok(p)
    }
}

/// `POST /indexes/{id}/documents` (multipart, wire contract §6).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UploadDocument {
    pub file: Vec<u8>,
    /// Defaults to `upload.bin` when empty.
    pub filename: String,
    /// Defaults to `application/octet-stream`.
    pub content_type: Option<String>,
    /// Logical name: re-uploading the same name makes a new version.
    pub name: Option<String>,
    pub parent_id: Option<String>,
    /// Optimistic concurrency: 409 `version_conflict` unless the latest
    /// live version of (index, name) is this one.
    pub if_version: Option<i64>,
    /// The caller's metadata; `source`/`task`/`kind` and `tags` are merged
    /// over it (tags flat, wire contract §6).
    pub metadata: Map<String, Value>,
    pub source: Option<String>,
    pub task: Option<String>,
    /// Sent as metadata `type`.
    pub kind: Option<String>,
    /// Merged flat into the metadata part (a later pair wins).
    pub tags: StrPairs,
}

/// The search body (wire contract §4.3). `result_type` is set per method.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchRequest {
    pub query: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top_k: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_score: Option<f64>,
}

/// The wire shape of [`SearchRequest`].
pub const SEARCH_FIELDS: &[Field] = &[
    req("query", Kind::Str),
    opt("top_k", Kind::U32),
    opt("min_score", Kind::Num),
];

/// The search body as sent: the request plus its `result_type`.
const SEARCH_BODY_FIELDS: &[Field] = &[
    req("query", Kind::Str),
    opt("top_k", Kind::U32),
    opt("min_score", Kind::Num),
    req("result_type", Kind::Str),
];

/// The JS shape of [`DocumentListOptions`] (camelCase, as in the TS SDK).
pub const DOCUMENT_LIST_FIELDS: &[Field] = &[
    def("limit", Kind::U32),
    def("offset", Kind::U32),
    opt("q", Kind::Str),
    opt("source", Kind::Str),
    def("includeDeleted", Kind::Bool),
    opt("parentId", Kind::Str),
    opt("derivedFrom", Kind::Str),
    opt("contentSha256", Kind::Str),
    opt("duplicateOf", Kind::Str),
    def("metadata", Kind::StrMap),
];

/// The JS `uploadDocument` options (camelCase, as in the TS SDK).
pub const UPLOAD_OPTIONS_FIELDS: &[Field] = &[
    opt("filename", Kind::Str),
    opt("contentType", Kind::Str),
    opt("name", Kind::Str),
    opt("parentId", Kind::Str),
    opt("ifVersion", Kind::Int),
    def("metadata", Kind::Object),
    opt("source", Kind::Str),
    opt("task", Kind::Str),
    opt("type", Kind::Str),
    def("tags", Kind::StrMap),
];

impl DocumentListOptions {
    /// Reads a list options object (`listDocuments`), checking every type.
    pub fn from_body(body: Map<String, Value>, what: &str) -> Result<Self, Error> {
        let b = check(body, DOCUMENT_LIST_FIELDS, what)?;
        let d = DocumentListOptions::default();
        Ok(DocumentListOptions {
            limit: get_u32(&b, "limit").unwrap_or(d.limit),
            offset: get_u32(&b, "offset").unwrap_or(d.offset),
            q: get_string(&b, "q"),
            source: get_string(&b, "source"),
            include_deleted: get_bool(&b, "includeDeleted").unwrap_or(d.include_deleted),
            parent_id: get_string(&b, "parentId"),
            derived_from: get_string(&b, "derivedFrom"),
            content_sha256: get_string(&b, "contentSha256"),
            duplicate_of: get_string(&b, "duplicateOf"),
            metadata: get_str_map(&b, "metadata"),
        })
    }
}

impl UploadDocument {
    /// Reads the JS upload options (no file yet; `filename` and
    /// `content_type` as given, for the caller to default).
    pub fn from_options(body: Map<String, Value>, what: &str) -> Result<Self, Error> {
        let mut b = check(body, UPLOAD_OPTIONS_FIELDS, what)?;
        let metadata = match crate::json::take(&mut b, "metadata") {
            Some(Value::Object(m)) => m,
            _ => Map::new(),
        };
        Ok(UploadDocument {
            file: Vec::new(),
            filename: get_string(&b, "filename").unwrap_or_default(),
            content_type: get_string(&b, "contentType"),
            name: get_string(&b, "name"),
            parent_id: get_string(&b, "parentId"),
            if_version: get_i64(&b, "ifVersion"),
            metadata,
            source: get_string(&b, "source"),
            task: get_string(&b, "task"),
            kind: get_string(&b, "type"),
            tags: get_str_map(&b, "tags"),
        })
    }
}

/// A chunk hit (`result_type: "chunk"`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchResult {
    #[serde(default)]
    pub chunk_id: String,
    #[serde(default)]
    pub document_id: String,
    #[serde(default)]
    pub filename: String,
    #[serde(default)]
    pub document_name: Option<String>,
    #[serde(default)]
    pub document_metadata: Map<String, Value>,
    #[serde(default)]
    pub content: String,
    #[serde(default)]
    pub score: f64,
    #[serde(default)]
    pub chunk_index: i64,
    #[serde(default)]
    pub metadata: Map<String, Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BestChunk {
    #[serde(default)]
    pub chunk_id: String,
    #[serde(default)]
    pub chunk_index: i64,
    #[serde(default)]
    pub preview: String,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A document hit (`result_type: "document"`): one per document, ranked by
/// its best chunk.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentSearchRow {
    #[serde(default)]
    pub document_id: String,
    #[serde(default)]
    pub index_id: String,
    #[serde(default)]
    pub filename: String,
    #[serde(default)]
    pub document_name: Option<String>,
    #[serde(default)]
    pub document_metadata: Map<String, Value>,
    #[serde(default)]
    pub parent_id: Option<String>,
    #[serde(default)]
    pub content_sha256: Option<String>,
    #[serde(default)]
    pub score: f64,
    #[serde(default)]
    pub best_chunk: BestChunk,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

pub const LIST_DOCUMENTS: Endpoint = Endpoint::get("listDocuments", "indexes/{index id}/documents");
/// Every index of the project.
pub const LIST_ALL_DOCUMENTS: Endpoint = Endpoint::get("listAllDocuments", "documents");
pub const GET_DOCUMENT: Endpoint = Endpoint::get("getDocument", "documents/{document id}");
pub const GET_INDEX_DOCUMENT: Endpoint = Endpoint::get(
    "getIndexDocument",
    "indexes/{index id}/documents/{document id}",
);
/// `?version=`: unset = the latest live version.
pub const GET_DOCUMENT_BY_NAME: Endpoint = Endpoint::get(
    "getDocumentByName",
    "indexes/{index id}/documents/by-name/{document name}",
);
pub const LIST_DOCUMENT_VERSIONS: Endpoint = Endpoint::get(
    "listDocumentVersions",
    "indexes/{index id}/documents/by-name/{document name}/versions",
)
.unwrapping("versions");
/// Soft delete unless `?hard=true` (then the stored file goes too).
pub const DELETE_DOCUMENT: Endpoint = Endpoint::delete("deleteDocument", "documents/{document id}");
pub const DELETE_INDEX_DOCUMENT: Endpoint = Endpoint::delete(
    "deleteIndexDocument",
    "indexes/{index id}/documents/{document id}",
);
/// Multipart: the form is built by `calls::upload_document*`.
pub const UPLOAD_DOCUMENT: Endpoint = Endpoint::new(
    "uploadDocument",
    Method::Post,
    "indexes/{index id}/documents",
);
/// Chunk hits across the project (`result_type` `chunk`).
pub const SEARCH: Endpoint = Endpoint::new("search", Method::Post, "search").unwrapping("results");
/// Chunk hits in one index.
pub const SEARCH_INDEX: Endpoint =
    Endpoint::new("searchIndex", Method::Post, "indexes/{index id}/search").unwrapping("results");
/// Document hits (`result_type` `document`): at [`SEARCH`]'s path, or at
/// [`SEARCH_INDEX`]'s when an index id is given.
pub const SEARCH_DOCUMENTS: Endpoint =
    Endpoint::new("searchDocuments", Method::Post, "search").unwrapping("results");

pub mod calls {
    use super::*;

    /// The form fields of an upload (everything but the file), checked.
    fn upload_fields<'a>(
        index_id: &'a str,
        input: &'a UploadDocument,
        if_version: &'a Option<String>,
        metadata: &'a Option<String>,
    ) -> Result<Vec<Part<'a>>, Error> {
        if input.if_version.is_some_and(|v| v < 0) {
            return Err(Error::invalid("if_version must not be negative"));
        }
        if input.name.as_deref() == Some("") {
            return Err(Error::invalid("name must not be empty when set"));
        }
        if input.parent_id.as_deref() == Some("") {
            return Err(Error::invalid("parent_id must not be empty when set"));
        }
        let mut parts = vec![Part::text("index_id", index_id)];
        if let Some(n) = &input.name {
            parts.push(Part::text("name", n));
        }
        if let Some(p) = &input.parent_id {
            parts.push(Part::text("parent_id", p));
        }
        if let Some(v) = if_version {
            parts.push(Part::text("if_version", v));
        }
        if let Some(m) = metadata {
            parts.push(Part::text("metadata", m));
        }
        Ok(parts)
    }

    /// The file part's name and content type, with their defaults.
    fn file_part<'a>(input: &'a UploadDocument, data: &'a [u8]) -> Part<'a> {
        let filename = if input.filename.is_empty() {
            "upload.bin"
        } else {
            &input.filename
        };
        let content_type = match input.content_type.as_deref() {
            None | Some("") => "application/octet-stream",
            Some(ct) => ct,
        };
        Part::file("file", filename, content_type, data)
    }

    fn metadata_of(input: &UploadDocument) -> Option<String> {
        multipart::document_metadata(
            &input.metadata,
            input.source.as_deref(),
            input.task.as_deref(),
            input.kind.as_deref(),
            &input.tags,
        )
    }

    /// With a fixed boundary seed (tests); [`upload_document`] draws one.
    pub fn upload_document_seeded(
        index_id: &str,
        input: &UploadDocument,
        seed: u64,
    ) -> Result<Call, Error> {
        let path = UPLOAD_DOCUMENT.path(&[index_id])?;
        let if_version = input.if_version.map(|v| v.to_string());
        let metadata = metadata_of(input);
        let mut parts = upload_fields(index_id, input, &if_version, &metadata)?;
        parts.push(file_part(input, &input.file));
        let encoded = multipart::encode(&parts, seed)?;
        Ok(Call::new(Method::Post, path).body_raw(encoded.content_type, encoded.body))
    }

    /// The upload as a call without a body and the framing to put around
    /// the file's bytes, which the caller supplies (the browser's Blob, so
    /// the file never enters wasm memory). `input.file` is not read.
    pub fn upload_document_framed(
        index_id: &str,
        input: &UploadDocument,
        seed: u64,
    ) -> Result<(Call, multipart::Framing), Error> {
        let path = UPLOAD_DOCUMENT.path(&[index_id])?;
        let if_version = input.if_version.map(|v| v.to_string());
        let metadata = metadata_of(input);
        let fields = upload_fields(index_id, input, &if_version, &metadata)?;
        let framing = multipart::frame_around_file(&fields, &file_part(input, b""), seed)?;
        Ok((Call::new(Method::Post, path), framing))
    }

    pub fn upload_document(index_id: &str, input: &UploadDocument) -> Result<Call, Error> {
        upload_document_seeded(index_id, input, multipart::random_seed())
    }

    pub fn list_documents(index_id: &str, opts: &DocumentListOptions) -> Result<Call, Error> {
        LIST_DOCUMENTS.call_at(opts.apply(LIST_DOCUMENTS.path(&[index_id])?)?, None)
    }

    /// `GET /documents`: every index of the project.
    pub fn list_all_documents(opts: &DocumentListOptions) -> Result<Call, Error> {
        LIST_ALL_DOCUMENTS.call_at(opts.apply(LIST_ALL_DOCUMENTS.path(&[])?)?, None)
    }

    pub fn get_document(id: &str) -> Result<Call, Error> {
        GET_DOCUMENT.call(&[id], None)
    }

    pub fn get_index_document(index_id: &str, doc_id: &str) -> Result<Call, Error> {
        GET_INDEX_DOCUMENT.call(&[index_id, doc_id], None)
    }

    /// `version`: `None` = the latest live version.
    pub fn get_document_by_name(
        index_id: &str,
        name: &str,
        version: Option<i64>,
    ) -> Result<Call, Error> {
        if version.is_some_and(|v| v < 1) {
            return Err(Error::invalid("version must be at least 1"));
        }
        let path = GET_DOCUMENT_BY_NAME.path(&[index_id, name])?;
        GET_DOCUMENT_BY_NAME.call_at(path.query_opt("version", version), None)
    }

    pub fn list_document_versions(index_id: &str, name: &str) -> Result<Call, Error> {
        LIST_DOCUMENT_VERSIONS.call(&[index_id, name], None)
    }

    /// Soft delete unless `hard` (then the stored file goes too).
    pub fn delete_document(id: &str, hard: bool) -> Result<Call, Error> {
        let p = DELETE_DOCUMENT.path(&[id])?;
        DELETE_DOCUMENT.call_at(if hard { p.query("hard", "true") } else { p }, None)
    }

    pub fn delete_index_document(index_id: &str, doc_id: &str, hard: bool) -> Result<Call, Error> {
        let p = DELETE_INDEX_DOCUMENT.path(&[index_id, doc_id])?;
        DELETE_INDEX_DOCUMENT.call_at(if hard { p.query("hard", "true") } else { p }, None)
    }

    fn search_call(
        path: Path,
        body: Map<String, Value>,
        result_type: &'static str,
        what: &str,
    ) -> Result<Call, Error> {
        let mut body = check(body, SEARCH_FIELDS, what)?;
        if is_blank(&body, "query") {
            return Err(Error::invalid("query must not be empty"));
        }
        if get_u32(&body, "top_k") == Some(0) {
            return Err(Error::invalid("top_k must be at least 1"));
        }
        if body
            .get("min_score")
            .and_then(Value::as_f64)
            .is_some_and(|s| !s.is_finite())
        {
            return Err(Error::invalid("min_score must be a finite number"));
        }
        body.insert("result_type".into(), Value::from(result_type));
        Ok(Call::new(Method::Post, path)
            .body_bytes(encode(&body, SEARCH_BODY_FIELDS))
            .unwrapping("results"))
    }

    /// A typed search request as a body (a non-finite `min_score`, which
    /// JSON cannot carry, is rejected here).
    fn typed(req: &SearchRequest) -> Result<Map<String, Value>, Error> {
        if req.min_score.is_some_and(|s| !s.is_finite()) {
            return Err(Error::invalid("min_score must be a finite number"));
        }
        to_object(req)
    }

    /// `POST /search`: chunk hits across the project.
    pub fn search(req: &SearchRequest) -> Result<Call, Error> {
        search_body(typed(req)?)
    }

    pub fn search_body(body: Map<String, Value>) -> Result<Call, Error> {
        search_call(SEARCH.path(&[])?, body, "chunk", "search input")
    }

    /// `POST /indexes/{id}/search`: chunk hits in one index.
    pub fn search_index(index_id: &str, req: &SearchRequest) -> Result<Call, Error> {
        search_index_body(index_id, typed(req)?)
    }

    pub fn search_index_body(index_id: &str, body: Map<String, Value>) -> Result<Call, Error> {
        search_call(
            SEARCH_INDEX.path(&[index_id])?,
            body,
            "chunk",
            "searchIndex input",
        )
    }

    /// Chunk hits, in one index when `index_id` is given (the JS `search`,
    /// whose errors name `what`).
    pub fn search_chunks_body(
        index_id: Option<&str>,
        body: Map<String, Value>,
        what: &str,
    ) -> Result<Call, Error> {
        let path = match index_id {
            Some(id) => SEARCH_INDEX.path(&[id])?,
            None => SEARCH.path(&[])?,
        };
        search_call(path, body, "chunk", what)
    }

    /// Document hits: in one index when `index_id` is given
    /// (`POST /indexes/{id}/search`), else project-wide (`POST /search`).
    pub fn search_documents(index_id: Option<&str>, req: &SearchRequest) -> Result<Call, Error> {
        search_documents_body(index_id, typed(req)?)
    }

    pub fn search_documents_body(
        index_id: Option<&str>,
        body: Map<String, Value>,
    ) -> Result<Call, Error> {
        let path = match index_id {
            Some(id) => SEARCH_INDEX.path(&[id])?,
            None => SEARCH.path(&[])?,
        };
        search_call(path, body, "document", "searchDocuments input")
    }
}

#[cfg(target_arch = "wasm32")]
impl crate::client::Client {
    /// `POST /indexes/{id}/documents` (multipart). A 409 answer is a
    /// version conflict: see [`Error::as_version_conflict`].
    pub async fn upload_document(
        &self,
        index_id: &str,
        input: &UploadDocument,
    ) -> Result<Document, Error> {
        self.json(calls::upload_document(index_id, input)?).await
    }

    /// `GET /indexes/{id}/documents`.
    pub async fn list_documents(
        &self,
        index_id: &str,
        opts: &DocumentListOptions,
    ) -> Result<DocumentPage, Error> {
        self.json(calls::list_documents(index_id, opts)?).await
    }

    /// `GET /documents`: documents of every index.
    pub async fn list_all_documents(
        &self,
        opts: &DocumentListOptions,
    ) -> Result<DocumentPage, Error> {
        self.json(calls::list_all_documents(opts)?).await
    }

    /// `GET /documents/{id}` (404 once soft-deleted).
    pub async fn get_document(&self, id: &str) -> Result<Document, Error> {
        self.json(calls::get_document(id)?).await
    }

    /// `GET /indexes/{id}/documents/{docId}`.
    pub async fn get_index_document(
        &self,
        index_id: &str,
        doc_id: &str,
    ) -> Result<Document, Error> {
        self.json(calls::get_index_document(index_id, doc_id)?)
            .await
    }

    /// `GET /indexes/{id}/documents/by-name/{name}[?version=N]`.
    pub async fn get_document_by_name(
        &self,
        index_id: &str,
        name: &str,
        version: Option<i64>,
    ) -> Result<Document, Error> {
        self.json(calls::get_document_by_name(index_id, name, version)?)
            .await
    }

    /// `GET /indexes/{id}/documents/by-name/{name}/versions`, newest first.
    pub async fn list_document_versions(
        &self,
        index_id: &str,
        name: &str,
    ) -> Result<Vec<Document>, Error> {
        self.json(calls::list_document_versions(index_id, name)?)
            .await
    }

    /// `DELETE /documents/{id}[?hard=true]`.
    pub async fn delete_document(&self, id: &str, hard: bool) -> Result<(), Error> {
        self.empty(calls::delete_document(id, hard)?).await
    }

    /// `DELETE /indexes/{id}/documents/{docId}[?hard=true]`.
    pub async fn delete_index_document(
        &self,
        index_id: &str,
        doc_id: &str,
        hard: bool,
    ) -> Result<(), Error> {
        self.empty(calls::delete_index_document(index_id, doc_id, hard)?)
            .await
    }

    /// `POST /search` (chunks).
    pub async fn search(&self, req: &SearchRequest) -> Result<Vec<SearchResult>, Error> {
        self.json(calls::search(req)?).await
    }

    /// `POST /indexes/{id}/search` (chunks).
    pub async fn search_index(
        &self,
        index_id: &str,
        req: &SearchRequest,
    ) -> Result<Vec<SearchResult>, Error> {
        self.json(calls::search_index(index_id, req)?).await
    }

    /// `POST [/indexes/{id}]/search` with `result_type: "document"`.
    pub async fn search_documents(
        &self,
        index_id: Option<&str>,
        req: &SearchRequest,
    ) -> Result<Vec<DocumentSearchRow>, Error> {
        self.json(calls::search_documents(index_id, req)?).await
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_framed_upload_is_the_encoded_upload_with_the_file_left_out() {
        let mut input = UploadDocument {
            filename: "notes.md".into(),
            name: Some("notes".into()),
            if_version: Some(2),
            ..Default::default()
        };
        input.file = b"# Notes\nnaive cafe\n".to_vec();
        let whole = calls::upload_document_seeded("idx_1", &input, 7).unwrap();
        let (call, framing) = calls::upload_document_framed("idx_1", &input, 7).unwrap();
        let crate::call::Body::Bytes {
            content_type,
            bytes,
        } = whole.body
        else {
            panic!("{:?}", whole.body)
        };
        let mut framed = framing.head.clone();
        framed.extend_from_slice(&input.file);
        framed.extend_from_slice(&framing.tail);
        assert_eq!(framed, bytes);
        assert_eq!(framing.content_type, content_type);
        assert_eq!(call.path, whole.path);
        assert_eq!(call.body, crate::call::Body::Empty);
        assert!(calls::upload_document_framed(
            "idx_1",
            &UploadDocument {
                if_version: Some(-1),
                ..Default::default()
            },
            7
        )
        .is_err());
    }

    use super::*;
    use crate::api::fields::testing::assert_matches;

    #[test]
    fn tables_match_the_structs() {
        assert_matches(
            &SearchRequest {
                query: "q".into(),
                top_k: Some(3),
                min_score: Some(0.5),
            },
            SEARCH_FIELDS,
            "search input",
        );
        let list = DocumentListOptions {
            limit: 10,
            offset: 5,
            q: Some("q".into()),
            source: Some("s".into()),
            include_deleted: true,
            parent_id: Some("p".into()),
            derived_from: Some("d".into()),
            content_sha256: Some("c".into()),
            duplicate_of: Some("x".into()),
            metadata: vec![("k".to_string(), "v".to_string())],
        };
        assert_matches(&list, DOCUMENT_LIST_FIELDS, "listDocuments options");
        let read = DocumentListOptions::from_body(to_object(&list).unwrap(), "o").unwrap();
        assert_eq!(read, list);
        assert_eq!(
            DocumentListOptions::from_body(Map::new(), "o").unwrap(),
            DocumentListOptions::default()
        );
    }

    #[test]
    fn upload_options_and_search_bodies() {
        let opts = serde_json::json!({
            "filename": "a.txt", "contentType": "text/plain", "name": "n", "parentId": "p",
            "ifVersion": 2, "metadata": {"m": 1}, "source": "s", "task": "t", "type": "k",
            "tags": {"a": "b"}
        });
        let Value::Object(opts) = opts else {
            unreachable!()
        };
        for f in UPLOAD_OPTIONS_FIELDS {
            assert!(opts.contains_key(f.name), "{}", f.name);
        }
        let u = UploadDocument::from_options(opts, "o").unwrap();
        assert_eq!(u.filename, "a.txt");
        assert_eq!(u.content_type.as_deref(), Some("text/plain"));
        assert_eq!(u.if_version, Some(2));
        assert_eq!(u.kind.as_deref(), Some("k"));
        assert_eq!(u.metadata["m"], 1);
        assert_eq!(u.tags, [("a".to_string(), "b".to_string())]);
        let mut bad = Map::new();
        bad.insert("tags".into(), serde_json::json!({"a": 1}));
        let err = UploadDocument::from_options(bad, "o")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("o: tags must be an object of strings"),
            "{err}"
        );

        let mut body = Map::new();
        body.insert("min_score".into(), Value::from(1));
        body.insert("query".into(), Value::from("q"));
        let call = calls::search_body(body).unwrap();
        assert_eq!(
            call.body,
            crate::call::Body::Json(
                br#"{"query":"q","min_score":1.0,"result_type":"chunk"}"#.to_vec()
            )
        );
        let mut body = Map::new();
        body.insert("query".into(), Value::from("q"));
        body.insert("top_k".into(), Value::from(-1));
        let err = calls::search_documents_body(None, body)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("searchDocuments input: top_k must be"),
            "{err}"
        );
    }
}
