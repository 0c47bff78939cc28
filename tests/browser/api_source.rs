//! The code-first source surface (camelCase): validate, sync, deploy,
//! rename, delete.

use super::api_common::*;
use serde_json::json;
use tavora_wasm::api::source::{
    SourceAgent, SourceDelete, SourceDeploy, SourceFile, SourceManifest, SourceRename,
};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

/// `sha256:<hex>` through WebCrypto.
async fn sha256(text: &str) -> String {
    let subtle = prop(&prop(&js_sys::global(), "crypto"), "subtle");
    let digest: js_sys::Function = prop(&subtle, "digest").dyn_into().unwrap();
    let bytes = js_sys::Uint8Array::from(text.as_bytes());
    let p: js_sys::Promise = digest
        .call2(&subtle, &JsValue::from_str("SHA-256"), &bytes)
        .unwrap()
        .dyn_into()
        .unwrap();
    let buf = JsFuture::from(p).await.unwrap();
    let hex: String = js_sys::Uint8Array::new(&buf)
        .to_vec()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("sha256:{hex}")
}

async fn manifest() -> SourceManifest {
    let persona = "You are a helpful test agent.";
    let hash = sha256(persona).await;
    SourceManifest {
        project: "demo".into(),
        environment: None,
        source_hash: String::new(),
        agents: vec![SourceAgent {
            id: "helper".into(),
            source_hash: String::new(),
            files: vec![SourceFile {
                path: "persona.md".into(),
                hash,
                size: persona.len() as i64,
                content: Some(persona.into()),
            }],
        }],
        generated_at: "2026-05-17T10:00:00Z".into(),
    }
}

#[wasm_bindgen_test]
async fn validate_sync_deploy_rename_delete() {
    let c = fresh().await;
    let m = manifest().await;
    let issues = c.source_validate(&m).await.unwrap();
    let sent = body(&last("POST", "/source-validate").await);
    assert_eq!(sent["agents"][0]["files"][0]["path"], "persona.md");
    assert!(
        sent.get("generatedAt").is_some() && sent.get("generated_at").is_none(),
        "camelCase on the wire"
    );
    assert!(issues.iter().all(|i| i.severity != "fatal"), "{issues:?}");

    let synced = c.source_sync(&m).await.unwrap();
    assert_eq!(last("PUT", "/source-sync").await["status"], 200);
    assert_eq!(synced.agents.len(), 1);
    assert_eq!(synced.agents[0].local_id, "helper");
    let agent_id = synced.agents[0].agent_id.clone();
    assert_eq!(
        c.get_agent_config(&agent_id)
            .await
            .unwrap()
            .code_first_local_id
            .as_deref(),
        Some("helper")
    );

    let deployed = c
        .source_deploy(&SourceDeploy {
            project: "demo".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        body(&last("POST", "/source-deploy").await),
        json!({"project": "demo"})
    );
    assert!(!deployed.version.is_empty());

    let renamed = c
        .source_rename(&SourceRename {
            project: "demo".into(),
            old_local_id: "helper".into(),
            new_local_id: "helper2".into(),
        })
        .await
        .unwrap();
    assert_eq!(
        body(&last("POST", "/source-rename").await),
        json!({"project": "demo", "oldLocalId": "helper", "newLocalId": "helper2"})
    );
    assert_eq!(renamed.agent_id, agent_id);

    let deleted = c
        .source_delete(&SourceDelete {
            project: "demo".into(),
            local_id: "helper2".into(),
            force: true,
        })
        .await
        .unwrap();
    assert_eq!(
        body(&last("POST", "/source-delete").await),
        json!({"project": "demo", "localId": "helper2", "force": true})
    );
    assert!(deleted.deleted);
    assert!(c
        .get_agent_config(&agent_id)
        .await
        .unwrap_err()
        .is_not_found());

    rejected_locally(c.source_delete(&SourceDelete {
        project: "demo".into(),
        local_id: "x".into(),
        force: false,
    }))
    .await;
    rejected_locally(c.source_sync(&SourceManifest::default())).await;
}
