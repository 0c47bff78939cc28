//! Indexes: create, list, get (wrapped), update, delete; ids encoded; bad
//! input stopped locally; the JS surface.

use super::api_common::*;
use super::support::*;
use serde_json::json;
use tavora_wasm::api::indexes::{CreateIndex, UpdateIndex};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn index_crud_round_trip() {
    let c = fresh().await;
    let created = c
        .create_index(&CreateIndex {
            name: "kb".into(),
            description: Some("docs".into()),
            metadata: Some(obj_map(json!({"team": "x"}))),
        })
        .await
        .unwrap();
    let req = last("POST", "/indexes").await;
    assert_eq!(
        body(&req),
        json!({"name": "kb", "description": "docs", "metadata": {"team": "x"}})
    );
    assert_eq!(header(&req, "content-type"), "application/json");
    assert_eq!(req["status"], 201);
    assert_eq!(created.name, "kb");
    assert_eq!(created.project_id, WS1);
    assert_eq!(created.metadata["team"], "x");

    let all = c.list_indexes().await.unwrap();
    assert!(all.iter().any(|i| i.id == created.id));

    let got = c.get_index(&created.id).await.unwrap();
    assert_eq!(got, created);

    let updated = c
        .update_index(
            &created.id,
            &UpdateIndex {
                name: "kb2".into(),
                description: None,
                metadata: Some(Default::default()),
            },
        )
        .await
        .unwrap();
    let req = last("PATCH", &format!("/indexes/{}", created.id)).await;
    assert_eq!(body(&req), json!({"name": "kb2", "metadata": {}}));
    assert_eq!(updated.name, "kb2");
    assert_eq!(updated.description, "docs");
    assert!(updated.metadata.is_empty());

    c.delete_index(&created.id).await.unwrap();
    assert_eq!(
        last("DELETE", &format!("/indexes/{}", created.id)).await["status"],
        204
    );
    assert!(c.get_index(&created.id).await.unwrap_err().is_not_found());
}

#[wasm_bindgen_test]
async fn ids_are_one_encoded_segment_and_bad_input_sends_nothing() {
    let c = fresh().await;
    let e = c.get_index("a/b c").await.unwrap_err();
    assert!(e.is_not_found(), "{e}");
    last("GET", "/indexes/a%2Fb%20c").await;
    rejected_locally(c.get_index("")).await;
    rejected_locally(c.delete_index("..")).await;
    rejected_locally(c.create_index(&CreateIndex::default())).await;
    rejected_locally(c.update_index("x", &UpdateIndex::default())).await;
}

#[wasm_bindgen_test]
async fn js_surface_lists_arrays_unwraps_and_rejects_bad_args() {
    control("reset", json!({"data": true})).await;
    reset().await;
    let jc = js_client().await;
    let created = settle(jc.invoke(
        "createIndex",
        js_args(&[js_value(json!({"name": "from-js"}))]),
    ))
    .await
    .unwrap();
    let id = prop(&created, "id").as_string().unwrap();
    let list = settle(jc.invoke("listIndexes", js_args(&[])))
        .await
        .unwrap();
    assert!(
        js_sys::Array::is_array(&list),
        "listIndexes resolves to an array"
    );
    let got = settle(jc.invoke("getIndex", js_args(&[JsValue::from_str(&id)])))
        .await
        .unwrap();
    assert_eq!(prop(&got, "name").as_string().as_deref(), Some("from-js"));
    let deleted = settle(jc.invoke("deleteIndex", js_args(&[JsValue::from_str(&id)])))
        .await
        .unwrap();
    assert!(deleted.is_undefined());

    let before = sdk_log().await.len();
    for p in [
        jc.invoke("getIndex", js_args(&[JsValue::from_f64(5.0)])),
        jc.invoke(
            "createIndex",
            js_args(&[js_value(json!({"description": "no name"}))]),
        ),
        jc.invoke("createIndex", js_args(&[JsValue::from_str("kb")])),
        jc.invoke(
            "updateIndex",
            js_args(&[JsValue::from_str(""), js_value(json!({"name": "x"}))]),
        ),
    ] {
        let err = settle(p).await.unwrap_err();
        assert_eq!(
            prop(&err, "code").as_string().as_deref(),
            Some("invalid_input")
        );
    }
    assert_eq!(sdk_log().await.len(), before, "no request for bad input");
}

fn js_value(v: serde_json::Value) -> JsValue {
    jv(v)
}
