//! Skills: list/get (seeded), the linter, the Markdown authoring guide.

use super::api_common::*;
use serde_json::json;
use tavora_wasm::api::skills::ValidateSkill;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn skills_validate_and_guide() {
    let c = fresh().await;
    let skills = c.list_skills().await.unwrap();
    assert!(skills.iter().any(|s| s.id == "sk_summarize"));
    let s = c.get_skill("sk_summarize").await.unwrap();
    assert_eq!(s.id, "sk_summarize");
    assert!(!s.kind.is_empty());

    let out = c
        .validate_skill(&ValidateSkill {
            source: "export default function run() { return 1; }".into(),
            kind: Some("module".into()),
        })
        .await
        .unwrap();
    assert_eq!(
        body(&last("POST", "/skills/validate").await),
        json!({"source": "export default function run() { return 1; }", "type": "module"})
    );
    assert!(out.is_object(), "{out}");

    let guide = c.get_skill_authoring_guide().await.unwrap();
    let req = last("GET", "/skills/authoring-guide").await;
    assert_eq!(header(&req, "accept"), "text/markdown");
    assert!(guide.starts_with('#'), "{guide}");

    rejected_locally(c.validate_skill(&ValidateSkill::default())).await;
    rejected_locally(c.get_skill("")).await;

    let jc = js_client().await;
    let text = settle(jc.get_skill_authoring_guide()).await.unwrap();
    assert!(text.as_string().is_some_and(|t| t.contains('#')));
}
