use reqwest::multipart::{Form, Part};
use serde_json::{json, Value};

use super::{chunk_text, classify, DocKind};
use crate::api::sha256_hex;
use crate::testutil::TestServer;

async fn index(s: &TestServer, key: &str, name: &str) -> String {
    let r = s
        .sdk_post(key, "/api/sdk/indexes", json!({ "name": name }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let b: Value = r.json().await.unwrap();
    b["id"].as_str().unwrap().to_string()
}

/// Uploads `bytes` as `filename` with extra text parts; returns the response.
async fn upload_raw(
    s: &TestServer,
    key: &str,
    idx: &str,
    filename: &str,
    bytes: &[u8],
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let mut form = Form::new()
        .part(
            "file",
            Part::bytes(bytes.to_vec())
                .file_name(filename.to_string())
                .mime_str("application/octet-stream")
                .unwrap(),
        )
        .text("index_id", idx.to_string());
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    s.post(&format!("/api/sdk/indexes/{idx}/documents"))
        .header("X-API-Key", key)
        .multipart(form)
        .send()
        .await
        .unwrap()
}

async fn upload(
    s: &TestServer,
    key: &str,
    idx: &str,
    filename: &str,
    bytes: &[u8],
    fields: &[(&str, &str)],
) -> Value {
    let r = upload_raw(s, key, idx, filename, bytes, fields).await;
    assert_eq!(r.status(), 201);
    r.json().await.unwrap()
}

async fn get(s: &TestServer, key: &str, path: &str) -> (u16, Value) {
    let r = s.sdk_get(key, path).await;
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

async fn delete(s: &TestServer, key: &str, path: &str) -> u16 {
    s.delete(path)
        .header("X-API-Key", key)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[test]
fn classification_and_chunking() {
    assert_eq!(
        classify("a.md", "application/octet-stream"),
        DocKind::Markdown
    );
    assert_eq!(classify("a.PDF", ""), DocKind::Extract);
    assert_eq!(classify("a.json", "application/json"), DocKind::Stored);
    assert_eq!(classify("main.rs", "text/plain"), DocKind::Stored);
    assert_eq!(classify("blob", "text/markdown"), DocKind::Markdown);
    assert_eq!(classify("blob", "image/png"), DocKind::Extract);
    let para = "word ".repeat(150);
    let text = format!("# T\n\n{para}\n\nshort\n\n{para}");
    let chunks = chunk_text(&text);
    assert!(chunks.len() >= 3, "{chunks:?}");
    assert!(chunks.iter().all(|c| c.len() <= 520));
    assert!(chunk_text("  \n\n ").is_empty());
}

#[tokio::test]
async fn upload_versions_conflicts_and_by_name() {
    let s = TestServer::start().await;
    let key = s.api_key().await;
    let idx = index(&s, &key, "kb").await;
    let name = "notes/a b+c.md";
    let enc = "notes%2Fa%20b+c.md";
    let body = b"# Notes\n\nFirst version.";
    let d1 = upload(
        &s,
        &key,
        &idx,
        "a.md",
        body,
        &[
            ("name", name),
            ("metadata", r#"{"source":"crm","branch":"main"}"#),
        ],
    )
    .await;
    assert!(d1["id"].as_str().unwrap().starts_with("doc_"));
    assert_eq!(d1["status"], "pending");
    assert_eq!(d1["index_id"], idx.as_str());
    assert_eq!(d1["project_id"], crate::state::DEMO_WORKSPACE);
    assert_eq!(d1["filename"], "a.md");
    assert_eq!(d1["content_type"], "text/markdown");
    assert_eq!(d1["file_size"], body.len());
    assert_eq!(d1["content_sha256"], sha256_hex(body));
    assert_eq!(
        (d1["version"].as_i64(), d1["is_latest"].as_bool()),
        (Some(1), Some(true))
    );
    assert_eq!(d1["name"], name);
    assert_eq!(d1["metadata"], json!({"source": "crm", "branch": "main"}));
    assert!(d1["created_by_api_key_id"]
        .as_str()
        .unwrap()
        .starts_with("key_"));
    for k in ["error_message", "page_count", "parent_id", "deleted_at"] {
        assert!(d1[k].is_null(), "{k}");
    }
    assert_eq!(d1["chunk_count"], 0);

    let d2 = upload(
        &s,
        &key,
        &idx,
        "a.md",
        b"# Notes\n\nSecond.",
        &[("name", name)],
    )
    .await;
    assert_eq!(d2["version"], 2);
    // if_version mismatch → 409 with current_version.
    let r = upload_raw(
        &s,
        &key,
        &idx,
        "a.md",
        b"x",
        &[("name", name), ("if_version", "1")],
    )
    .await;
    assert_eq!(r.status(), 409);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["error"], "version_conflict");
    assert_eq!(e["code"], "version_conflict");
    assert_eq!(e["current_version"], 2);
    assert!(e["message"].is_string());
    let d3 = upload(
        &s,
        &key,
        &idx,
        "a.md",
        b"# Notes\n\nThird.",
        &[("name", name), ("if_version", "2")],
    )
    .await;
    assert_eq!(d3["version"], 3);

    // By name (decoded once, `+` literal), latest and ?version=N.
    let (st, b) = get(
        &s,
        &key,
        &format!("/api/sdk/indexes/{idx}/documents/by-name/{enc}"),
    )
    .await;
    assert_eq!(st, 200);
    assert_eq!(b["id"], d3["id"]);
    let (_, b) = get(
        &s,
        &key,
        &format!("/api/sdk/indexes/{idx}/documents/by-name/{enc}?version=1"),
    )
    .await;
    assert_eq!(b["id"], d1["id"]);
    assert_eq!(b["is_latest"], false);
    let (st, b) = get(
        &s,
        &key,
        &format!("/api/sdk/indexes/{idx}/documents/by-name/{enc}?version=9"),
    )
    .await;
    assert_eq!((st, b["code"].as_str()), (404, Some("NOT_FOUND")));
    let (st, _) = get(
        &s,
        &key,
        &format!("/api/sdk/indexes/{idx}/documents/by-name/notes%2Fa%20b%20c.md"),
    )
    .await;
    assert_eq!(st, 404, "a decoded `+` must not match a space");

    // Soft-delete the latest: by-name falls back to v2; versions keep all, newest first.
    assert_eq!(
        delete(
            &s,
            &key,
            &format!("/api/sdk/documents/{}", d3["id"].as_str().unwrap())
        )
        .await,
        204
    );
    let (_, b) = get(
        &s,
        &key,
        &format!("/api/sdk/indexes/{idx}/documents/by-name/{enc}"),
    )
    .await;
    assert_eq!(b["id"], d2["id"]);
    let (_, v) = get(
        &s,
        &key,
        &format!("/api/sdk/indexes/{idx}/documents/by-name/{enc}/versions"),
    )
    .await;
    let versions: Vec<i64> = v["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["version"].as_i64().unwrap())
        .collect();
    assert_eq!(versions, vec![3, 2, 1]);
    assert!(v["versions"][0]["deleted_at"].is_string());
    assert_eq!(v["versions"][0]["is_latest"], false);
    // if_version compares with the newest live version (2 now).
    let r = upload_raw(
        &s,
        &key,
        &idx,
        "a.md",
        b"x",
        &[("name", name), ("if_version", "3")],
    )
    .await;
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["current_version"], 2);
    let d4 = upload(
        &s,
        &key,
        &idx,
        "a.md",
        b"# v4",
        &[("name", name), ("if_version", "2")],
    )
    .await;
    assert_eq!(d4["version"], 4);

    // Validation.
    let r = upload_raw(&s, &key, &idx, "a.md", b"x", &[("metadata", "[1]")]).await;
    assert_eq!(r.status(), 400);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["field"], "metadata");
    let r = upload_raw(
        &s,
        &key,
        &idx,
        "a.md",
        b"x",
        &[("if_version", "two"), ("name", "n")],
    )
    .await;
    assert_eq!(r.status(), 400);
    let r = upload_raw(&s, &key, &idx, "a.md", b"x", &[("if_version", "1")]).await;
    assert_eq!(r.status(), 400, "if_version without name");
    let r = upload_raw(&s, &key, &idx, "a.md", b"x", &[("parent_id", "doc_nope")]).await;
    assert_eq!(r.status(), 400);
    let r = s
        .post(&format!("/api/sdk/indexes/{idx}/documents"))
        .header("X-API-Key", &key)
        .multipart(Form::new().text("name", "x"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["field"], "file");
    let r = s
        .sdk_post(
            &key,
            &format!("/api/sdk/indexes/{idx}/documents"),
            json!({"file": "x"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let r = upload_raw(&s, &key, "idx_nope", "a.md", b"x", &[]).await;
    assert_eq!(r.status(), 404);
    let e: Value = r.json().await.unwrap();
    assert_eq!(e["message"], "index not found");
}

#[tokio::test]
async fn processing_stages_and_extraction_sibling() {
    let s = TestServer::start().await; // processing takes 1 s unless read twice
    let key = s.api_key().await;
    let idx = index(&s, &key, "kb").await;
    let md = upload(&s, &key, &idx, "guide.md", b"# Guide\n\nHello world.", &[]).await;
    let id = md["id"].as_str().unwrap();
    let (_, b) = get(&s, &key, &format!("/api/sdk/documents/{id}")).await;
    assert_eq!(b["status"], "processing");
    let (_, b) = get(&s, &key, &format!("/api/sdk/documents/{id}")).await;
    assert_eq!(b["status"], "ready");
    assert_eq!(b["chunk_count"], 1);

    let js = upload(&s, &key, &idx, "data.json", b"{\"a\":1}", &[]).await;
    let jid = js["id"].as_str().unwrap();
    get(&s, &key, &format!("/api/sdk/indexes/{idx}/documents/{jid}")).await;
    let (_, b) = get(&s, &key, &format!("/api/sdk/indexes/{idx}/documents/{jid}")).await;
    assert_eq!(b["status"], "stored");
    assert_eq!(b["chunk_count"], 0);

    let empty = upload(&s, &key, &idx, "empty.md", b"", &[]).await;
    let eid = empty["id"].as_str().unwrap();
    get(&s, &key, &format!("/api/sdk/documents/{eid}")).await;
    let (_, b) = get(&s, &key, &format!("/api/sdk/documents/{eid}")).await;
    assert_eq!(b["status"], "error");
    assert!(b["error_message"].is_string());

    // A .txt settles by time (moving the server clock) into `stored` plus a markdown sibling.
    let txt = upload(
        &s,
        &key,
        &idx,
        "faq.txt",
        b"Refunds take five days.\n\nShipping is free.",
        &[("name", "faq"), ("metadata", r#"{"source":"web"}"#)],
    )
    .await;
    let (_, l) = get(
        &s,
        &key,
        &format!("/api/sdk/indexes/{idx}/documents?derived_from=extraction"),
    )
    .await;
    assert_eq!(l["total"], 0, "not processed yet");
    s.control("/__test/clock", json!({"offset_secs": 5})).await;
    let (_, l) = get(
        &s,
        &key,
        &format!("/api/sdk/indexes/{idx}/documents?derived_from=extraction"),
    )
    .await;
    assert_eq!(l["total"], 1);
    let sib = &l["data"][0];
    assert_eq!(sib["parent_id"], txt["id"]);
    assert_eq!(sib["filename"], "faq.txt.md");
    assert_eq!(sib["name"], "faq.md");
    assert_eq!(sib["content_type"], "text/markdown");
    assert_eq!(sib["status"], "ready");
    assert_eq!(
        sib["metadata"],
        json!({"source": "web", "derived_from": "extraction"})
    );
    assert!(sib["chunk_count"].as_i64().unwrap() >= 1);
    let (_, orig) = get(
        &s,
        &key,
        &format!("/api/sdk/documents/{}", txt["id"].as_str().unwrap()),
    )
    .await;
    assert_eq!(orig["status"], "stored");
    let (_, l) = get(
        &s,
        &key,
        &format!(
            "/api/sdk/documents?parent_id={}",
            txt["id"].as_str().unwrap()
        ),
    )
    .await;
    assert_eq!(l["data"][0]["id"], sib["id"]);
    // Deleting the original takes the sibling with it.
    assert_eq!(
        delete(
            &s,
            &key,
            &format!("/api/sdk/documents/{}", txt["id"].as_str().unwrap())
        )
        .await,
        204
    );
    let (st, _) = get(
        &s,
        &key,
        &format!("/api/sdk/documents/{}", sib["id"].as_str().unwrap()),
    )
    .await;
    assert_eq!(st, 404);
}

#[tokio::test]
async fn list_filters_pagination_and_deletes() {
    let s = TestServer::start_with(|c| c.processing_ms = 0).await;
    let key = s.api_key().await;
    let a = index(&s, &key, "a").await;
    let b = index(&s, &key, "b").await;
    let d1 = upload(
        &s,
        &key,
        &a,
        "Report.md",
        b"same",
        &[("metadata", r#"{"source":"crm","branch":"main","n":3}"#)],
    )
    .await;
    let d2 = upload(
        &s,
        &key,
        &a,
        "notes.md",
        b"same",
        &[("metadata", r#"{"source":"web"}"#)],
    )
    .await;
    let d3 = upload(
        &s,
        &key,
        &b,
        "other.md",
        b"different",
        &[("parent_id", d1["id"].as_str().unwrap())],
    )
    .await;
    let id = |d: &Value| d["id"].as_str().unwrap().to_string();
    let ids = |v: &Value| -> Vec<String> {
        v["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["id"].as_str().unwrap().to_string())
            .collect()
    };

    let (st, l) = get(&s, &key, "/api/sdk/documents?limit=50&offset=0").await;
    assert_eq!(st, 200);
    assert_eq!(
        (l["total"].as_u64(), l["has_more"].as_bool()),
        (Some(3), Some(false))
    );
    assert_eq!(ids(&l), vec![id(&d3), id(&d2), id(&d1)], "newest first");
    let (_, l) = get(&s, &key, "/api/sdk/documents?limit=2&offset=0").await;
    assert_eq!((ids(&l).len(), l["has_more"].as_bool()), (2, Some(true)));
    let (_, l) = get(&s, &key, "/api/sdk/documents?limit=2&offset=2").await;
    assert_eq!(
        (ids(&l), l["has_more"].as_bool()),
        (vec![id(&d1)], Some(false))
    );
    let (_, l) = get(&s, &key, &format!("/api/sdk/indexes/{a}/documents")).await;
    assert_eq!(l["total"], 2);
    let (_, l) = get(&s, &key, "/api/sdk/documents?q=REPORT").await;
    assert_eq!(ids(&l), vec![id(&d1)]);
    let (_, l) = get(&s, &key, "/api/sdk/documents?source=web").await;
    assert_eq!(ids(&l), vec![id(&d2)]);
    let (_, l) = get(
        &s,
        &key,
        "/api/sdk/documents?metadata.branch=main&metadata.source=crm&metadata.n=3",
    )
    .await;
    assert_eq!(ids(&l), vec![id(&d1)]);
    let (_, l) = get(&s, &key, "/api/sdk/documents?metadata.branch=dev").await;
    assert_eq!(l["total"], 0);
    let (_, l) = get(
        &s,
        &key,
        &format!("/api/sdk/documents?content_sha256={}", sha256_hex(b"same")),
    )
    .await;
    assert_eq!(l["total"], 2);
    let (_, l) = get(
        &s,
        &key,
        &format!("/api/sdk/documents?duplicate_of={}", id(&d1)),
    )
    .await;
    assert_eq!(ids(&l), vec![id(&d2)]);
    let (_, l) = get(
        &s,
        &key,
        &format!("/api/sdk/documents?parent_id={}", id(&d1)),
    )
    .await;
    assert_eq!(ids(&l), vec![id(&d3)]);
    let (st, e) = get(&s, &key, "/api/sdk/documents?limit=x").await;
    assert_eq!((st, e["field"].as_str()), (400, Some("limit")));

    // Soft delete: hidden, listed with include_deleted, idempotent.
    assert_eq!(
        delete(&s, &key, &format!("/api/sdk/documents/{}", id(&d2))).await,
        204
    );
    assert_eq!(
        delete(&s, &key, &format!("/api/sdk/documents/{}", id(&d2))).await,
        204
    );
    let (st, e) = get(&s, &key, &format!("/api/sdk/documents/{}", id(&d2))).await;
    assert_eq!(
        (st, e["message"].as_str()),
        (404, Some("document not found"))
    );
    let (_, l) = get(&s, &key, "/api/sdk/documents").await;
    assert_eq!(l["total"], 2);
    let (_, l) = get(&s, &key, "/api/sdk/documents?include_deleted=true").await;
    assert_eq!(l["total"], 3);
    let deleted = l["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == d2["id"])
        .unwrap()
        .clone();
    assert!(deleted["deleted_at"].is_string());
    assert_eq!(deleted["is_latest"], false);
    // Hard delete removes it from every view.
    assert_eq!(
        delete(
            &s,
            &key,
            &format!("/api/sdk/documents/{}?hard=true", id(&d2))
        )
        .await,
        204
    );
    let (_, l) = get(&s, &key, "/api/sdk/documents?include_deleted=true").await;
    assert_eq!(l["total"], 2);
    assert_eq!(
        delete(&s, &key, "/api/sdk/documents/doc_never?hard=true").await,
        204
    );
    // Per-index alias: get and delete, scoped to the index.
    let (st, _) = get(
        &s,
        &key,
        &format!("/api/sdk/indexes/{b}/documents/{}", id(&d1)),
    )
    .await;
    assert_eq!(st, 404);
    let (st, g) = get(
        &s,
        &key,
        &format!("/api/sdk/indexes/{a}/documents/{}", id(&d1)),
    )
    .await;
    assert_eq!((st, g["id"].as_str()), (200, Some(id(&d1).as_str())));
    assert_eq!(
        delete(
            &s,
            &key,
            &format!("/api/sdk/indexes/{b}/documents/{}", id(&d3))
        )
        .await,
        204
    );
    let (st, _) = get(&s, &key, &format!("/api/sdk/documents/{}", id(&d3))).await;
    assert_eq!(st, 404);
    assert_eq!(
        delete(
            &s,
            &key,
            &format!("/api/sdk/indexes/idx_nope/documents/{}", id(&d1))
        )
        .await,
        404
    );
    // Deleting the index removes its documents.
    assert_eq!(
        delete(&s, &key, &format!("/api/sdk/indexes/{a}")).await,
        204
    );
    let (_, l) = get(&s, &key, "/api/sdk/documents?include_deleted=true").await;
    assert_eq!(ids(&l), vec![id(&d3)]);
    // Audit trail.
    let (_, au) = get(&s, &key, "/api/sdk/audit-log?action=document.delete").await;
    assert!(au["total"].as_u64().unwrap() >= 3);
    let (_, au) = get(
        &s,
        &key,
        "/api/sdk/audit-log?action=document.upload&subject_type=document",
    )
    .await;
    assert_eq!(au["total"], 3);
}

#[tokio::test]
async fn search_chunks_and_documents() {
    let s = TestServer::start_with(|c| c.processing_ms = 0).await;
    let key = s.api_key().await;
    let a = index(&s, &key, "a").await;
    let b = index(&s, &key, "b").await;
    let long = format!(
        "# Policies\n\n{}\n\nOur refund policy: refunds take five business days.\n\n{}",
        "Shipping information. ".repeat(30),
        "Warranty terms apply. ".repeat(30)
    );
    let p = upload(
        &s,
        &key,
        &a,
        "policies.md",
        long.as_bytes(),
        &[("metadata", r#"{"source":"kb"}"#)],
    )
    .await;
    upload(
        &s,
        &key,
        &a,
        "misc.md",
        b"# Misc\n\nThe refund desk is closed on Sundays.",
        &[],
    )
    .await;
    upload(
        &s,
        &key,
        &b,
        "b.md",
        b"# B\n\nrefund policy for index b",
        &[],
    )
    .await;
    upload(
        &s,
        &key,
        &a,
        "unrelated.md",
        b"# Cats\n\nCats sleep a lot.",
        &[],
    )
    .await;

    let search = |path: &str, body: Value| {
        let key = key.clone();
        let req = s.sdk_post(&key, path, body);
        async move {
            let r = req.send().await.unwrap();
            let st = r.status().as_u16();
            (st, r.json::<Value>().await.unwrap())
        }
    };
    let (st, r) = search(
        "/api/sdk/search",
        json!({"query": "Refund policy", "result_type": "chunk"}),
    )
    .await;
    assert_eq!(st, 200);
    let res = r["results"].as_array().unwrap();
    assert!(res.len() >= 3, "{r}");
    let scores: Vec<f64> = res.iter().map(|x| x["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert!(scores.iter().all(|s| *s > 0.0 && *s <= 1.0));
    assert_eq!(scores[0], 1.0);
    let top = &res[0];
    for k in [
        "chunk_id",
        "document_id",
        "filename",
        "content",
        "chunk_index",
        "metadata",
        "document_metadata",
    ] {
        assert!(!top[k].is_null(), "{k}");
    }
    assert!(top.get("document_name").is_some());
    // The policy document has several chunks; the hit is not the first one.
    let pol = res.iter().find(|x| x["document_id"] == p["id"]).unwrap();
    assert!(pol["chunk_index"].as_i64().unwrap() >= 1);
    assert_eq!(pol["document_metadata"], json!({"source": "kb"}));

    let (_, r) = search(
        "/api/sdk/search",
        json!({"query": "refund policy", "top_k": 1}),
    )
    .await;
    assert_eq!(r["results"].as_array().unwrap().len(), 1);
    let (_, r) = search(
        "/api/sdk/search",
        json!({"query": "refund policy", "min_score": 0.9}),
    )
    .await;
    assert!(r["results"]
        .as_array()
        .unwrap()
        .iter()
        .all(|x| x["score"].as_f64().unwrap() >= 0.9));
    assert!(r["results"].as_array().unwrap().len() < res.len());
    // Scoped by path; body index ids are ignored.
    let (_, r) = search(
        &format!("/api/sdk/indexes/{b}/search"),
        json!({"query": "refund", "index_id": a, "indexId": a}),
    )
    .await;
    let res_b = r["results"].as_array().unwrap();
    assert_eq!(res_b.len(), 1);
    assert_eq!(res_b[0]["filename"], "b.md");
    let (_, r) = search("/api/sdk/search", json!({"query": "refund", "index_id": b})).await;
    assert_eq!(r["results"].as_array().unwrap().len(), 3);
    // One row per document.
    let (_, r) = search(
        &format!("/api/sdk/indexes/{a}/search"),
        json!({"query": "refund policy", "result_type": "document"}),
    )
    .await;
    let rows = r["results"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["document_id"], p["id"]);
    assert_eq!(rows[0]["index_id"], a.as_str());
    assert!(rows[0]["best_chunk"]["preview"]
        .as_str()
        .unwrap()
        .contains("refund"));
    assert!(rows[0]["best_chunk"]["chunk_id"].is_string());
    assert!(rows[0]["best_chunk"]["chunk_index"].is_i64());
    assert!(rows[0]["content_sha256"].is_string());
    // No match → empty; validation.
    let (_, r) = search("/api/sdk/search", json!({"query": "zebra"})).await;
    assert_eq!(r["results"], json!([]));
    for bad in [
        json!({}),
        json!({"query": ""}),
        json!({"query": 1}),
        json!({"query": "x", "result_type": "page"}),
        json!({"query": "x", "top_k": "3"}),
    ] {
        let (st, e) = search("/api/sdk/search", bad).await;
        assert_eq!((st, e["code"].as_str()), (400, Some("invalid_request")));
    }
    let (st, _) = search("/api/sdk/indexes/idx_nope/search", json!({"query": "x"})).await;
    assert_eq!(st, 404);
}
