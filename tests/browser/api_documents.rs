//! Documents: multipart upload, versions by name, 409 conflicts, list
//! filters, soft/hard delete, the per-index aliases, and search.

use super::api_common::*;
use serde_json::json;
use tavora_wasm::api::documents::{DocumentListOptions, SearchRequest, UploadDocument};
use tavora_wasm::api::indexes::CreateIndex;
use tavora_wasm::Client;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

async fn index(c: &Client) -> String {
    c.create_index(&CreateIndex {
        name: "docs".into(),
        ..Default::default()
    })
    .await
    .unwrap()
    .id
}

fn markdown(name: &str, text: &str) -> UploadDocument {
    UploadDocument {
        file: text.as_bytes().to_vec(),
        filename: format!("{name}.md"),
        content_type: Some("text/markdown".into()),
        name: Some(name.into()),
        ..Default::default()
    }
}

#[wasm_bindgen_test]
async fn upload_is_multipart_and_versions_by_name() {
    let c = fresh().await;
    let idx = index(&c).await;
    let mut up = markdown("policy", "# Refunds\nRefunds take five days.");
    up.source = Some("crawler".into());
    up.tags.push(("branch".into(), "main".into()));
    let doc = c.upload_document(&idx, &up).await.unwrap();
    let req = last("POST", &format!("/indexes/{idx}/documents")).await;
    assert!(header(&req, "content-type").starts_with("multipart/form-data; boundary="));
    let sent = req["body"].as_str().unwrap();
    assert!(sent.contains("name=\"file\"; filename=\"policy.md\"\r\nContent-Type: text/markdown"));
    assert!(sent.contains(&format!("name=\"index_id\"\r\n\r\n{idx}\r\n")));
    assert!(sent.contains(r#"{"branch":"main","source":"crawler"}"#));
    assert!(!sent.contains("name=\"if_version\""));
    assert_eq!(req["status"], 201);
    assert_eq!(doc.index_id, idx);
    assert_eq!(doc.name.as_deref(), Some("policy"));
    assert_eq!(doc.version, 1);
    assert_eq!(doc.metadata["source"], "crawler");
    assert_eq!(doc.metadata["branch"], "main");
    assert_eq!(doc.content_type, "text/markdown");

    // A stale if_version is a 409 with the current version.
    let mut stale = markdown("policy", "v2");
    stale.if_version = Some(7);
    let e = c.upload_document(&idx, &stale).await.unwrap_err();
    assert_eq!(e.status(), Some(409));
    assert_eq!(e.as_version_conflict(), Some(1));

    let mut v2 = markdown("policy", "# Refunds\nNow three days.");
    v2.if_version = Some(1);
    let doc2 = c.upload_document(&idx, &v2).await.unwrap();
    assert_eq!(doc2.version, 2);

    let latest = c.get_document_by_name(&idx, "policy", None).await.unwrap();
    assert_eq!(latest.id, doc2.id);
    let first = c
        .get_document_by_name(&idx, "policy", Some(1))
        .await
        .unwrap();
    assert_eq!(first.id, doc.id);
    assert_eq!(
        query(&last("GET", &format!("/indexes/{idx}/documents/by-name/policy")).await),
        "version=1"
    );
    let versions = c.list_document_versions(&idx, "policy").await.unwrap();
    assert_eq!(
        versions.iter().map(|d| d.version).collect::<Vec<_>>(),
        [2, 1]
    );

    rejected_locally(c.get_document_by_name(&idx, "policy", Some(0))).await;
    rejected_locally(c.upload_document("", &markdown("x", "y"))).await;
    let mut neg = markdown("x", "y");
    neg.if_version = Some(-1);
    rejected_locally(c.upload_document(&idx, &neg)).await;
}

#[wasm_bindgen_test]
async fn lists_filters_deletes_and_aliases() {
    let c = fresh().await;
    let idx = index(&c).await;
    let mut a = markdown("alpha", "alpha text");
    a.source = Some("crawler".into());
    let a = c.upload_document(&idx, &a).await.unwrap();
    let b = c
        .upload_document(&idx, &markdown("beta", "beta text"))
        .await
        .unwrap();

    let page = c
        .list_documents(&idx, &DocumentListOptions::default())
        .await
        .unwrap();
    assert_eq!(
        query(&last("GET", &format!("/indexes/{idx}/documents")).await),
        "limit=50&offset=0"
    );
    assert_eq!(page.total, 2);
    assert!(!page.has_more);

    let opts = DocumentListOptions {
        limit: 1,
        source: Some("crawler".into()),
        metadata: [("source".to_string(), "crawler".to_string())].into(),
        ..Default::default()
    };
    let page = c.list_all_documents(&opts).await.unwrap();
    assert_eq!(
        query(&last("GET", "/documents").await),
        "limit=1&offset=0&source=crawler&metadata.source=crawler"
    );
    assert_eq!(page.data.len(), 1);
    assert_eq!(page.data[0].id, a.id);

    let alias = c.get_index_document(&idx, &b.id).await.unwrap();
    assert_eq!(alias.id, b.id);
    assert_eq!(c.get_document(&a.id).await.unwrap().id, a.id);

    // Soft delete: gone from GET, listed with include_deleted.
    c.delete_document(&a.id, false).await.unwrap();
    assert_eq!(
        query(&last("DELETE", &format!("/documents/{}", a.id)).await),
        ""
    );
    assert!(c.get_document(&a.id).await.unwrap_err().is_not_found());
    let with_deleted = c
        .list_documents(
            &idx,
            &DocumentListOptions {
                include_deleted: true,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert!(with_deleted
        .data
        .iter()
        .any(|d| d.id == a.id && d.deleted_at.is_some()));

    c.delete_index_document(&idx, &b.id, true).await.unwrap();
    let req = last("DELETE", &format!("/indexes/{idx}/documents/{}", b.id)).await;
    assert_eq!(query(&req), "hard=true");
    assert_eq!(req["status"], 204);
    rejected_locally(c.list_all_documents(&DocumentListOptions {
        limit: 0,
        ..Default::default()
    }))
    .await;
}

#[wasm_bindgen_test]
async fn search_chunks_and_documents() {
    let c = fresh().await;
    let idx = index(&c).await;
    let d = c
        .upload_document(
            &idx,
            &markdown(
                "refunds",
                "Refunds are processed within five business days.",
            ),
        )
        .await
        .unwrap();
    // Two reads settle processing.
    c.get_document(&d.id).await.unwrap();
    let ready = c.get_document(&d.id).await.unwrap();
    assert_eq!(ready.status, "ready");

    let req = SearchRequest {
        query: "refunds processed".into(),
        top_k: Some(3),
        min_score: None,
    };
    let hits = c.search(&req).await.unwrap();
    assert_eq!(
        body(&last("POST", "/search").await),
        json!({"query": "refunds processed", "top_k": 3, "result_type": "chunk"})
    );
    assert!(hits.iter().any(|h| h.document_id == d.id));

    let hits = c.search_index(&idx, &req).await.unwrap();
    assert!(hits.iter().all(|h| h.document_id == d.id) && !hits.is_empty());

    let rows = c.search_documents(Some(&idx), &req).await.unwrap();
    assert_eq!(
        body(&last("POST", &format!("/indexes/{idx}/search")).await)["result_type"],
        "document"
    );
    assert_eq!(rows[0].document_id, d.id);
    assert_eq!(rows[0].index_id, idx);
    let rows = c.search_documents(None, &req).await.unwrap();
    assert_eq!(rows[0].document_id, d.id);

    rejected_locally(c.search(&SearchRequest::default())).await;
}

#[wasm_bindgen_test]
async fn js_upload_reads_the_blob() {
    let c = fresh().await;
    let idx = index(&c).await;
    let jc = js_client().await;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(&b"hello, file"[..]));
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type("text/plain");
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &bag).unwrap();
    let doc = settle(jc.upload_document(
        JsValue::from_str(&idx),
        blob.into(),
        jv(json!({"name": "note", "tags": {"k": "v"}})),
    ))
    .await
    .unwrap();
    assert_eq!(
        prop(&doc, "filename").as_string().as_deref(),
        Some("upload.bin")
    );
    assert_eq!(prop(&doc, "version").as_f64(), Some(1.0));
    let sent = last("POST", &format!("/indexes/{idx}/documents")).await;
    let text = sent["body"].as_str().unwrap();
    assert!(
        text.contains("filename=\"upload.bin\"\r\nContent-Type: text/plain\r\n\r\nhello, file\r\n")
    );

    let before = sdk_log().await.len();
    let err = settle(jc.upload_document(
        JsValue::from_str(&idx),
        JsValue::from_str("not a blob"),
        JsValue::UNDEFINED,
    ))
    .await
    .unwrap_err();
    assert_eq!(
        prop(&err, "code").as_string().as_deref(),
        Some("invalid_input")
    );
    assert_eq!(sdk_log().await.len(), before);

    let page = settle(jc.invoke(
        "listDocuments",
        js_args(&[JsValue::from_str(&idx), jv(json!({"limit": 5}))]),
    ))
    .await
    .unwrap();
    assert!(js_sys::Array::is_array(&prop(&page, "data")));
}
