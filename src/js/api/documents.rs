//! JS methods: documents (upload, lists, versions, deletes) and search.

use super::{input, opt_bool, opt_int, options, send};
use crate::api::documents::{calls, DocumentListOptions, SearchRequest, UploadDocument};
use crate::error::Error;
use crate::js::args;
use crate::js::client::{json, promise, rejected, JsClient};
use crate::web::fetch::map_error;
use js_sys::{Promise, Uint8Array};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

/// `uploadDocument` options, camelCased as in the TS SDK.
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct UploadOptions {
    filename: Option<String>,
    content_type: Option<String>,
    name: Option<String>,
    parent_id: Option<String>,
    if_version: Option<i64>,
    metadata: Map<String, Value>,
    source: Option<String>,
    task: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    tags: BTreeMap<String, String>,
}

/// A search body plus the TS SDK's optional `indexId` (which picks the path
/// and is not sent).
#[derive(Deserialize)]
struct SearchInput {
    #[serde(flatten)]
    req: SearchRequest,
    #[serde(default, rename = "indexId")]
    index_id: Option<String>,
}

fn hard(opts: &JsValue) -> Result<bool, Error> {
    options(opts, "options")?;
    Ok(opt_bool(opts, "hard")?.unwrap_or(false))
}

#[wasm_bindgen(js_class = TavoraClient)]
impl JsClient {
    /// `uploadDocument(indexId, file: Blob | File, options?)`: multipart.
    /// `filename` defaults to `options.filename`, then `file.name`, then
    /// `upload.bin`; the part's content type to `options.contentType`, then
    /// `file.type`, then `application/octet-stream`.
    #[wasm_bindgen(js_name = uploadDocument)]
    pub fn upload_document(&self, index_id: JsValue, file: JsValue, opts: JsValue) -> Promise {
        let prepared = (|| {
            let index_id = args::string(&index_id, "index id")?;
            let blob: Blob = file
                .dyn_into::<Blob>()
                .map_err(|_| Error::invalid("file must be a Blob or File"))?;
            let o = input::<UploadOptions>(&opts, "uploadDocument options")?;
            let file_name = js_sys::Reflect::get(&blob, &"name".into())
                .ok()
                .and_then(|n| n.as_string())
                .filter(|n| !n.is_empty());
            let blob_type = Some(blob.type_()).filter(|t| !t.is_empty());
            let upload = UploadDocument {
                file: Vec::new(),
                filename: o.filename.or(file_name).unwrap_or_default(),
                content_type: o.content_type.or(blob_type),
                name: o.name,
                parent_id: o.parent_id,
                if_version: o.if_version,
                metadata: o.metadata,
                source: o.source,
                task: o.task,
                kind: o.kind,
                tags: o.tags,
            };
            // Every check before the file is read: nothing is sent on bad input.
            calls::upload_document_seeded(&index_id, &upload, 0)?;
            Ok((index_id, blob, upload))
        })();
        let (index_id, blob, mut upload) = match prepared {
            Ok(p) => p,
            Err(e) => return rejected(e),
        };
        let client = self.client.clone();
        promise(async move {
            let buf = JsFuture::from(blob.array_buffer())
                .await
                .map_err(|e| map_error(&e, None))?;
            upload.file = Uint8Array::new(&buf).to_vec();
            json(client, calls::upload_document(&index_id, &upload)?).await
        })
    }

    /// Resolves to `{ data, total, has_more }`. Options: `limit` (default
    /// 50), `offset`, `q`, `source`, `includeDeleted`, `parentId`,
    /// `derivedFrom`, `contentSha256`, `duplicateOf`, `metadata` (map).
    #[wasm_bindgen(js_name = listDocuments)]
    pub fn list_documents(&self, index_id: JsValue, opts: JsValue) -> Promise {
        let call = (|| {
            let id = args::string(&index_id, "index id")?;
            let o = input::<DocumentListOptions>(&opts, "listDocuments options")?;
            calls::list_documents(&id, &o)
        })();
        send(&self.client, call)
    }

    /// `GET /documents`: like `listDocuments`, across every index.
    #[wasm_bindgen(js_name = listAllDocuments)]
    pub fn list_all_documents(&self, opts: JsValue) -> Promise {
        let call = input::<DocumentListOptions>(&opts, "listAllDocuments options")
            .and_then(|o| calls::list_all_documents(&o));
        send(&self.client, call)
    }

    #[wasm_bindgen(js_name = getDocument)]
    pub fn get_document(&self, id: JsValue) -> Promise {
        let call = args::string(&id, "document id").and_then(|id| calls::get_document(&id));
        send(&self.client, call)
    }

    #[wasm_bindgen(js_name = getIndexDocument)]
    pub fn get_index_document(&self, index_id: JsValue, doc_id: JsValue) -> Promise {
        let call = (|| {
            let i = args::string(&index_id, "index id")?;
            let d = args::string(&doc_id, "document id")?;
            calls::get_index_document(&i, &d)
        })();
        send(&self.client, call)
    }

    /// `options.version` pins a version; omitted = the latest live one.
    #[wasm_bindgen(js_name = getDocumentByName)]
    pub fn get_document_by_name(&self, index_id: JsValue, name: JsValue, opts: JsValue) -> Promise {
        let call = (|| {
            let i = args::string(&index_id, "index id")?;
            let n = args::string(&name, "document name")?;
            options(&opts, "options")?;
            let version = opt_int(&opts, "version", 1)?;
            calls::get_document_by_name(&i, &n, version)
        })();
        send(&self.client, call)
    }

    /// Resolves to the versions, newest first (soft-deleted included).
    #[wasm_bindgen(js_name = listDocumentVersions)]
    pub fn list_document_versions(&self, index_id: JsValue, name: JsValue) -> Promise {
        let call = (|| {
            let i = args::string(&index_id, "index id")?;
            let n = args::string(&name, "document name")?;
            calls::list_document_versions(&i, &n)
        })();
        send(&self.client, call)
    }

    /// Soft delete; `{ hard: true }` removes the stored file too.
    #[wasm_bindgen(js_name = deleteDocument)]
    pub fn delete_document(&self, id: JsValue, opts: JsValue) -> Promise {
        let call = (|| {
            let id = args::string(&id, "document id")?;
            calls::delete_document(&id, hard(&opts)?)
        })();
        send(&self.client, call)
    }

    #[wasm_bindgen(js_name = deleteIndexDocument)]
    pub fn delete_index_document(
        &self,
        index_id: JsValue,
        doc_id: JsValue,
        opts: JsValue,
    ) -> Promise {
        let call = (|| {
            let i = args::string(&index_id, "index id")?;
            let d = args::string(&doc_id, "document id")?;
            calls::delete_index_document(&i, &d, hard(&opts)?)
        })();
        send(&self.client, call)
    }

    /// `{ query, top_k?, min_score?, indexId? }` → chunk hits. `indexId`
    /// scopes the search to one index, as in the TS SDK.
    #[wasm_bindgen(js_name = search)]
    pub fn search(&self, input_: JsValue) -> Promise {
        let call = input::<SearchInput>(&input_, "search input").and_then(|s| {
            match s.index_id.as_deref() {
                Some(id) => calls::search_index(id, &s.req),
                None => calls::search(&s.req),
            }
        });
        send(&self.client, call)
    }

    /// Chunk hits in one index.
    #[wasm_bindgen(js_name = searchIndex)]
    pub fn search_index(&self, index_id: JsValue, input_: JsValue) -> Promise {
        let call = (|| {
            let id = args::string(&index_id, "index id")?;
            let s = input::<SearchRequest>(&input_, "searchIndex input")?;
            calls::search_index(&id, &s)
        })();
        send(&self.client, call)
    }

    /// `{ query, top_k?, min_score?, indexId? }` → one row per document.
    #[wasm_bindgen(js_name = searchDocuments)]
    pub fn search_documents(&self, input_: JsValue) -> Promise {
        let call = input::<SearchInput>(&input_, "searchDocuments input")
            .and_then(|s| calls::search_documents(s.index_id.as_deref(), &s.req));
        send(&self.client, call)
    }
}
