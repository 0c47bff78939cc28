//! JS methods: documents (upload, lists, versions, deletes) and search.

use super::{input, opt_bool, opt_int, options, send};
use crate::api::documents::{calls, DocumentListOptions, UploadDocument};
use crate::error::Error;
use crate::js::args;
use crate::js::client::{json, promise, rejected, JsClient};
use crate::web::fetch::map_error;
use js_sys::{Promise, Uint8Array};
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

/// The TS SDK's optional `indexId` of a search input (it picks the path
/// and is not sent).
fn take_index_id(body: &mut Map<String, Value>, what: &str) -> Result<Option<String>, Error> {
    match body.remove("indexId") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(Error::invalid(format!("{what}: indexId must be a string"))),
    }
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
            let what = "uploadDocument options";
            let body = input(&opts, what)?;
            let named = matches!(body.get("filename"), Some(Value::String(_)));
            let mut upload = UploadDocument::from_options(body, what)?;
            let file_name = js_sys::Reflect::get(&blob, &"name".into())
                .ok()
                .and_then(|n| n.as_string())
                .filter(|n| !n.is_empty());
            let blob_type = Some(blob.type_()).filter(|t| !t.is_empty());
            if !named {
                upload.filename = file_name.unwrap_or_default();
            }
            upload.content_type = upload.content_type.or(blob_type);
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
            let what = "listDocuments options";
            let o = DocumentListOptions::from_body(input(&opts, what)?, what)?;
            calls::list_documents(&id, &o)
        })();
        send(&self.client, call)
    }

    /// `GET /documents`: like `listDocuments`, across every index.
    #[wasm_bindgen(js_name = listAllDocuments)]
    pub fn list_all_documents(&self, opts: JsValue) -> Promise {
        let what = "listAllDocuments options";
        let call = input(&opts, what)
            .and_then(|b| DocumentListOptions::from_body(b, what))
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
        let call = (|| {
            let what = "search input";
            let mut body = input(&input_, what)?;
            let index_id = take_index_id(&mut body, what)?;
            calls::search_chunks_body(index_id.as_deref(), body, what)
        })();
        send(&self.client, call)
    }

    /// Chunk hits in one index.
    #[wasm_bindgen(js_name = searchIndex)]
    pub fn search_index(&self, index_id: JsValue, input_: JsValue) -> Promise {
        let call = (|| {
            let id = args::string(&index_id, "index id")?;
            calls::search_index_body(&id, input(&input_, "searchIndex input")?)
        })();
        send(&self.client, call)
    }

    /// `{ query, top_k?, min_score?, indexId? }` → one row per document.
    #[wasm_bindgen(js_name = searchDocuments)]
    pub fn search_documents(&self, input_: JsValue) -> Promise {
        let call = (|| {
            let what = "searchDocuments input";
            let mut body = input(&input_, what)?;
            let index_id = take_index_id(&mut body, what)?;
            calls::search_documents_body(index_id.as_deref(), body)
        })();
        send(&self.client, call)
    }
}
