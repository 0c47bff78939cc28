//! JS methods: the audit log and its export.

use super::{blob, input, send};
use crate::api::audit::{calls, AuditExportOptions, AuditLogFilter};
use crate::js::client::{promise, rejected, JsClient};
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_class = TavoraClient)]
impl JsClient {
    /// `{ action?, actor_user_id?, subject_type?, from?, to?, limit?, offset? }`;
    /// resolves to `{ entries, total, limit, offset }`.
    #[wasm_bindgen(js_name = listAuditLog)]
    pub fn list_audit_log(&self, filter: JsValue) -> Promise {
        let what = "listAuditLog filter";
        let call = input(&filter, what)
            .and_then(|b| AuditLogFilter::from_body(b, what))
            .and_then(|f| calls::list_audit_log(&f));
        send(&self.client, call)
    }

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
