//! JS method: the multipart document upload (the rest of documents and
//! search are endpoint-table methods).

use super::input;
use crate::api::documents::{calls, UploadDocument};
use crate::error::Error;
use crate::js::args;
use crate::js::client::{json, promise, rejected, JsClient};
use crate::web::fetch::map_error;
use js_sys::{Promise, Uint8Array};
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
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
}
