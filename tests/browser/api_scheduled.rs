//! Scheduled runs.

use super::api_common::*;
use serde_json::json;
use tavora_wasm::api::agents::CreateAgentSession;
use tavora_wasm::api::scheduled::{CreateScheduledRun, UpdateScheduledRun};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn scheduled_run_crud() {
    let c = fresh().await;
    let session = c
        .create_agent_session(&CreateAgentSession::default())
        .await
        .unwrap();
    let r = c
        .create_scheduled_run(&CreateScheduledRun {
            agent_session_id: session.id.clone(),
            name: Some("daily".into()),
            cron_expression: "0 9 * * *".into(),
            message: "summarise".into(),
        })
        .await
        .unwrap();
    assert_eq!(
        body(&last("POST", "/scheduled-runs").await),
        json!({"agent_session_id": session.id, "name": "daily", "cron_expression": "0 9 * * *", "message": "summarise"})
    );
    assert!(r.enabled);
    assert!(r.next_run_at.is_some());
    assert!(c
        .list_scheduled_runs()
        .await
        .unwrap()
        .iter()
        .any(|x| x.id == r.id));
    assert_eq!(c.get_scheduled_run(&r.id).await.unwrap().name, "daily");

    let u = c
        .update_scheduled_run(
            &r.id,
            &UpdateScheduledRun {
                enabled: Some(false),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        body(&last("PATCH", &format!("/scheduled-runs/{}", r.id)).await),
        json!({"enabled": false})
    );
    assert!(!u.enabled);

    c.delete_scheduled_run(&r.id).await.unwrap();
    assert!(c.get_scheduled_run(&r.id).await.unwrap_err().is_not_found());

    let base = CreateScheduledRun {
        agent_session_id: session.id.clone(),
        name: None,
        cron_expression: "0 9 * * *".into(),
        message: "m".into(),
    };
    rejected_locally(c.create_scheduled_run(&CreateScheduledRun {
        agent_session_id: String::new(),
        ..base.clone()
    }))
    .await;
    rejected_locally(c.create_scheduled_run(&CreateScheduledRun {
        cron_expression: String::new(),
        ..base.clone()
    }))
    .await;
    rejected_locally(c.create_scheduled_run(&CreateScheduledRun {
        message: String::new(),
        ..base
    }))
    .await;
}
