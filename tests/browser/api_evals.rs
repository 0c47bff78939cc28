//! Eval cases, runs and suites (read-only, seeded).

use super::api_common::*;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn cases_runs_and_suites() {
    let c = fresh().await;
    let cases = c.list_eval_cases().await.unwrap();
    assert!(cases.iter().any(|x| x.id == "ec_greeting"));
    let case = c.get_eval_case("ec_greeting").await.unwrap();
    assert_eq!(case.id, "ec_greeting");
    assert!(!case.prompt.is_empty());

    let suites = c.list_eval_suites().await.unwrap();
    assert!(suites.iter().any(|s| s.id == "es_support"));
    let suite = c.get_eval_suite("es_support").await.unwrap();
    assert_eq!(suite.agent_id.as_deref(), Some("agt_support"));
    let versions = c.list_eval_suite_versions("es_support").await.unwrap();
    let versions = versions.as_array().expect("an array of versions");
    assert!(versions.iter().all(|v| v["suite_id"] == "es_support") && !versions.is_empty());

    let run = c.trigger_agent_eval("agt_support", None).await.unwrap();
    let runs = c.list_eval_runs().await.unwrap();
    assert!(runs.iter().any(|r| r.id == run.id));
    // Reads advance the run; the detail carries per-case results.
    c.get_eval_run(&run.id).await.unwrap();
    let detail = c.get_eval_run(&run.id).await.unwrap();
    assert_eq!(detail.run.id, run.id);
    assert!(!detail.results.is_empty(), "{detail:?}");

    assert!(c.get_eval_case("nope/x").await.unwrap_err().is_not_found());
    last("GET", "/evals/nope%2Fx").await;
    rejected_locally(c.get_eval_suite("")).await;
}
