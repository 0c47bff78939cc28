//! Audit log: typed filters, paging, export as bytes / Blob.

use super::api_common::*;
use tavora_wasm::api::audit::{AuditExportOptions, AuditLogFilter, ExportFormat};
use tavora_wasm::api::indexes::CreateIndex;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn filters_pages_and_exports() {
    let c = fresh().await;
    c.create_index(&CreateIndex {
        name: "audited".into(),
        ..Default::default()
    })
    .await
    .unwrap();

    let page = c.list_audit_log(&AuditLogFilter::default()).await.unwrap();
    assert_eq!(query(&last("GET", "/audit-log").await), "limit=100");
    assert!(page.total >= 3, "{page:?}");
    assert_eq!(page.limit, 100);

    let f = AuditLogFilter {
        action: Some("promotion.approve".into()),
        subject_type: Some("promotion".into()),
        from: Some("2026-01-01T00:00:00Z".into()),
        limit: 1,
        offset: 0,
        ..Default::default()
    };
    let page = c.list_audit_log(&f).await.unwrap();
    assert_eq!(
        query(&last("GET", "/audit-log").await),
        "action=promotion.approve&subject_type=promotion&from=2026-01-01T00%3A00%3A00Z&limit=1"
    );
    assert_eq!(page.entries.len(), 1);
    assert_eq!(page.entries[0].action, "promotion.approve");

    let json_bytes = c
        .export_audit_log(&AuditExportOptions::default())
        .await
        .unwrap();
    assert_eq!(
        query(&last("GET", "/audit-log/export").await),
        "format=json"
    );
    let entries: Vec<serde_json::Value> = serde_json::from_slice(&json_bytes).unwrap();
    assert!(entries.len() >= 3);

    let csv = c
        .export_audit_log(&AuditExportOptions {
            format: ExportFormat::Csv,
            subject_type: Some("promotion".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        query(&last("GET", "/audit-log/export").await),
        "format=csv&subject_type=promotion"
    );
    let text = String::from_utf8(csv).unwrap();
    assert!(text.lines().count() >= 3, "{text}");

    rejected_locally(c.list_audit_log(&AuditLogFilter {
        from: Some("last week".into()),
        ..Default::default()
    }))
    .await;
    rejected_locally(c.list_audit_log(&AuditLogFilter {
        limit: 0,
        ..Default::default()
    }))
    .await;

    let jc = js_client().await;
    let blob = settle(jc.export_audit_log(jv(serde_json::json!({"format": "csv"}))))
        .await
        .unwrap();
    let blob: web_sys::Blob = wasm_bindgen::JsCast::dyn_into(blob).unwrap();
    assert!(blob.type_().starts_with("text/csv"), "{}", blob.type_());
    assert!(blob.size() > 0.0);
    let err = settle(jc.export_audit_log(jv(serde_json::json!({"format": "xml"}))))
        .await
        .unwrap_err();
    assert_eq!(
        prop(&err, "code").as_string().as_deref(),
        Some("invalid_input")
    );
    let page = settle(jc.invoke("listAuditLog", js_args(&[JsValue::UNDEFINED])))
        .await
        .unwrap();
    assert!(js_sys::Array::is_array(&prop(&page, "entries")));
}
