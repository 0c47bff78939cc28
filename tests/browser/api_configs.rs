//! Agent configs (seeded: agt_support, agt_research), versions, settings,
//! advisory eval runs and the pinned suite.

use super::api_common::*;
use serde_json::json;
use tavora_wasm::api::configs::AgentSettings;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

const SUPPORT: &str = "agt_support";

#[wasm_bindgen_test]
async fn configs_versions_and_settings() {
    let c = fresh().await;
    let all = c.list_agent_configs().await.unwrap();
    assert!(all.iter().any(|a| a.id == SUPPORT));
    let cfg = c.get_agent_config(SUPPORT).await.unwrap();
    assert_eq!(cfg.eval_suite_id.as_deref(), Some("es_support"));

    let versions = c.list_agent_versions(SUPPORT).await.unwrap();
    assert!(versions.len() >= 2);
    let v = c.get_agent_version(SUPPORT, "agv_support_2").await.unwrap();
    assert_eq!(v.agent_id, SUPPORT);
    assert!(!v.semver.is_empty());

    let cleared = c
        .update_agent_settings(
            SUPPORT,
            &AgentSettings {
                eval_suite_id: Some(String::new()),
                run_eval_on_publish: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        body(&last("PATCH", "/agent-configs/agt_support/settings").await),
        json!({"eval_suite_id": ""})
    );
    assert_eq!(cleared.eval_suite_id, None);
    let kept = c
        .update_agent_settings(SUPPORT, &AgentSettings::default())
        .await
        .unwrap();
    assert_eq!(
        body(&last("PATCH", "/agent-configs/agt_support/settings").await),
        json!({})
    );
    assert_eq!(kept.eval_suite_id, None);

    c.delete_agent_config("agt_research").await.unwrap();
    assert!(c
        .get_agent_config("agt_research")
        .await
        .unwrap_err()
        .is_not_found());
    rejected_locally(c.get_agent_version(SUPPORT, "")).await;
}

#[wasm_bindgen_test]
async fn advisory_eval_runs_and_pinned_suite() {
    let c = fresh().await;
    let suite = c.get_agent_eval_suite(SUPPORT).await.unwrap();
    assert_eq!(suite["id"], "es_support");

    let run = c.trigger_agent_eval(SUPPORT, None).await.unwrap();
    let req = last("POST", "/agent-configs/agt_support/eval-runs").await;
    assert_eq!(req["status"], 202);
    assert_eq!(query(&req), "");
    assert_eq!(req["body"], "");
    assert!(!run.id.is_empty());
    let runs = c.list_agent_eval_runs(SUPPORT, None).await.unwrap();
    assert_eq!(
        query(&last("GET", "/agent-configs/agt_support/eval-runs").await),
        "limit=5"
    );
    assert!(runs.iter().any(|r| r.id == run.id));

    // Nothing staged: a draft run is a 409.
    let e = c
        .trigger_agent_eval(SUPPORT, Some("draft"))
        .await
        .unwrap_err();
    assert_eq!(
        query(&last("POST", "/agent-configs/agt_support/eval-runs").await),
        "target=draft"
    );
    assert_eq!(e.status(), Some(409), "{e}");

    rejected_locally(c.trigger_agent_eval(SUPPORT, Some("prod"))).await;
    rejected_locally(c.list_agent_eval_runs(SUPPORT, Some(0))).await;

    let jc = js_client().await;
    let arr = settle(jc.invoke("listAgentConfigs", js_args(&[])))
        .await
        .unwrap();
    assert!(js_sys::Array::is_array(&arr), "bare arrays stay arrays");
    let run = settle(jc.invoke(
        "triggerAgentEval",
        js_args(&[JsValue::from_str(SUPPORT), JsValue::UNDEFINED]),
    ))
    .await
    .unwrap();
    assert!(prop(&run, "id").is_string(), "{{run}} is unwrapped");
}
