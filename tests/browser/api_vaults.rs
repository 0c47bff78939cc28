//! Secret vaults: CRUD, redacted secrets, names encoded.

use super::api_common::*;
use serde_json::json;
use tavora_wasm::api::vaults::{CreateSecretVault, UpdateSecretVault};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn vaults_and_redacted_secrets() {
    let c = fresh().await;
    let v = c
        .create_secret_vault(&CreateSecretVault {
            name: "llm".into(),
            metadata: Some(obj_map(json!({"owner": "ops"}))),
        })
        .await
        .unwrap();
    let req = last("POST", "/secret-vaults").await;
    assert_eq!(
        body(&req),
        json!({"name": "llm", "metadata": {"owner": "ops"}})
    );
    assert_eq!(v.name, "llm");
    assert!(c
        .list_secret_vaults()
        .await
        .unwrap()
        .iter()
        .any(|x| x.id == v.id));
    assert_eq!(c.get_secret_vault(&v.id).await.unwrap().id, v.id);

    let updated = c
        .update_secret_vault(
            &v.id,
            &UpdateSecretVault {
                metadata: Some(obj_map(json!({"owner": "sec"}))),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        body(&last("PATCH", &format!("/secret-vaults/{}", v.id)).await),
        json!({"metadata": {"owner": "sec"}})
    );
    assert_eq!(updated.metadata["owner"], "sec");

    let s = c
        .put_secret(&v.id, "openai api/key", "sk-secret")
        .await
        .unwrap();
    let req = last(
        "PUT",
        &format!("/secret-vaults/{}/secrets/openai%20api%2Fkey", v.id),
    )
    .await;
    assert_eq!(body(&req), json!({"value": "sk-secret"}));
    assert_eq!(s.name, "openai api/key");
    assert_eq!(s.vault_id, v.id);
    let listed = c.list_secrets(&v.id).await.unwrap();
    assert_eq!(listed.len(), 1);
    let raw = serde_json::to_string(&listed).unwrap();
    assert!(!raw.contains("sk-secret"), "no plaintext ever comes back");

    c.delete_secret(&v.id, "openai api/key").await.unwrap();
    assert!(c.list_secrets(&v.id).await.unwrap().is_empty());
    c.delete_secret_vault(&v.id).await.unwrap();
    assert!(c.get_secret_vault(&v.id).await.unwrap_err().is_not_found());

    rejected_locally(c.put_secret(&v.id, "k", "")).await;
    rejected_locally(c.put_secret(&v.id, "", "v")).await;
    rejected_locally(c.create_secret_vault(&CreateSecretVault::default())).await;
}
