//! The whole path once: sign in, mint, call, stream a run.

use super::support::*;
use tavora_wasm::api::agents::CreateAgentSession;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn sign_in_mint_call_and_stream_a_run() {
    reset().await;
    let (client, _jwt) = demo_client().await;
    let project = client.get_project().await.unwrap();
    assert_eq!(project.id, WS1);
    let info = client.key_info().expect("a key is in use");
    assert!(info.key_prefix.starts_with("tvr_"));

    let session = client
        .create_agent_session(&CreateAgentSession {
            title: Some("smoke".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let mut names = Vec::new();
    let summary = client
        .run_agent(
            &session.id,
            "hello there",
            |name, ev| names.push(format!("{name}/{}", ev.kind)),
            None,
        )
        .await
        .unwrap();
    assert_eq!(names.last().map(String::as_str), Some("done/done"));
    assert!(names.iter().any(|n| n == "step/response"), "{names:?}");
    assert_eq!(summary.session_id, session.id);
    assert!(summary.steps > 0);
    assert_eq!(count(MINT).await, 1);
}
