//! JS method: the audit log export (a Blob).

use super::{blob, input};
use crate::api::audit::{calls, AuditExportOptions};
use crate::js::client::{promise, rejected, JsClient};
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_class = TavoraClient)]
impl JsClient {
    /// `{ format?: "json" | "csv", action?, subject_type?, from?, to? }`;
    /// resolves to a `Blob` typed with the response's content type.
    #[wasm_bindgen(js_name = exportAuditLog)]
    pub fn export_audit_log(&self, opts: JsValue) -> Promise {
        let what = "exportAuditLog options";
        match input(&opts, what)
            .and_then(|b| AuditExportOptions::from_body(b, what))
            .and_then(|o| calls::export_audit_log(&o))
        {
            Ok(call) => promise(blob(self.client.clone(), call)),
            Err(e) => rejected(e),
        }
    }
}
