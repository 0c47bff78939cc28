//! JS method: the multipart document upload (the rest of documents and
//! search are endpoint-table methods).

use super::input;
use crate::api::documents::{calls, UploadDocument};
use crate::error::Error;
use crate::js::args;
use crate::js::client::{json_answer, promise, rejected, JsClient};
use crate::multipart;
use crate::web::fetch::map_error;
use js_sys::{Array, Promise, Uint8Array};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Blob;

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
            // Every check before anything is sent.
            let (call, framing) =
                calls::upload_document_framed(&index_id, &upload, multipart::random_seed())?;
            Ok((call, framing, blob))
        })();
        let (call, framing, blob) = match prepared {
            Ok(p) => p,
            Err(e) => return rejected(e),
        };
        let progress = match args::opt_function(&opts, "onProgress") {
            Ok(p) => p,
            Err(e) => return rejected(e),
        };
        let client = self.client.clone();
        promise(async move {
            // The file stays a Blob: head + file + tail, framed in Rust,
            // joined by the browser (re-sent as is on a retry).
            let parts = Array::of3(
                &Uint8Array::from(&framing.head[..]),
                &blob,
                &Uint8Array::from(&framing.tail[..]),
            );
            let body = Blob::new_with_blob_sequence(&parts).map_err(|e| map_error(&e, None))?;
            let resp = client
                .send_body(&call, &framing.content_type, &body, progress.as_ref())
                .await?;
            json_answer(&call, resp).await
        })
    }
}
