//! Prompt templates CRUD.

use super::api_common::*;
use serde_json::json;
use tavora_wasm::api::templates::PromptTemplateInput;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn template_crud() {
    let c = fresh().await;
    let t = c
        .create_prompt_template(&PromptTemplateInput {
            name: "greet".into(),
            content: "Hello {{name}}".into(),
            variables: Some(vec!["name".into()]),
        })
        .await
        .unwrap();
    assert_eq!(
        body(&last("POST", "/prompt-templates").await),
        json!({"name": "greet", "content": "Hello {{name}}", "variables": ["name"]})
    );
    assert_eq!(t.variables, json!(["name"]));
    assert!(c
        .list_prompt_templates()
        .await
        .unwrap()
        .iter()
        .any(|x| x.id == t.id));
    assert_eq!(
        c.get_prompt_template(&t.id).await.unwrap().content,
        "Hello {{name}}"
    );

    let u = c
        .update_prompt_template(
            &t.id,
            &PromptTemplateInput {
                name: "greet2".into(),
                content: "Hi {{who}}".into(),
                variables: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        body(&last("PATCH", &format!("/prompt-templates/{}", t.id)).await),
        json!({"name": "greet2", "content": "Hi {{who}}"})
    );
    assert_eq!(u.name, "greet2");

    c.delete_prompt_template(&t.id).await.unwrap();
    assert!(c
        .get_prompt_template(&t.id)
        .await
        .unwrap_err()
        .is_not_found());
    rejected_locally(c.create_prompt_template(&PromptTemplateInput {
        name: "n".into(),
        ..Default::default()
    }))
    .await;
    rejected_locally(c.update_prompt_template(&t.id, &PromptTemplateInput::default())).await;
}
