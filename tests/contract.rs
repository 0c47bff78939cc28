//! The SDK against the REST seed (tests/data/rest-seed.txt, a copy of
//! shared/seeds/001): every endpoint listed there has a call builder whose
//! method, encoded path, query, body and answer handling are pinned here;
//! the table must cover the seed exactly; and the dev server must route
//! every one of them.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::{json, Value};
use std::collections::BTreeSet;
use tavora_wasm::api::*;
use tavora_wasm::call::{Answer, Body, Call};
use tavora_wasm::multipart;
use tavora_wasm::Error;

/// An id that must stay one segment.
const ID: &str = "a/b";
const ID_ENC: &str = "a%2Fb";
/// A second id with a space and a plus.
const ID2: &str = "c d+e";
const ID2_ENC: &str = "c%20d%2Be";

struct Row {
    method: &'static str,
    template: &'static str,
    call: Call,
    path: String,
    body: Option<Value>,
    answer: Answer,
    unwrap: Option<&'static str>,
}

fn row(
    method: &'static str,
    template: &'static str,
    call: Result<Call, Error>,
    path: &str,
    body: Option<Value>,
    answer: Answer,
    unwrap: Option<&'static str>,
) -> Row {
    Row {
        method,
        template,
        call: call.unwrap_or_else(|e| panic!("{method} {template}: {e}")),
        path: path.to_string(),
        body,
        answer,
        unwrap,
    }
}

const J: Answer = Answer::Json;
const E: Answer = Answer::Empty;

fn manifest() -> source::SourceManifest {
    source::SourceManifest {
        project: "demo".into(),
        environment: None,
        source_hash: "sha256:00".into(),
        agents: vec![source::SourceAgent {
            id: "support".into(),
            source_hash: "sha256:11".into(),
            files: vec![source::SourceFile {
                path: "agent.md".into(),
                hash: "sha256:22".into(),
                size: 5,
                content: Some("hello".into()),
            }],
        }],
        generated_at: "2026-05-17T10:00:00Z".into(),
    }
}

fn manifest_json() -> Value {
    json!({
        "project": "demo", "sourceHash": "sha256:00", "generatedAt": "2026-05-17T10:00:00Z",
        "agents": [{"id": "support", "sourceHash": "sha256:11",
                    "files": [{"path": "agent.md", "hash": "sha256:22", "size": 5, "content": "hello"}]}]
    })
}

fn upload() -> documents::UploadDocument {
    let tags = vec![("branch".to_string(), "main".to_string())];
    documents::UploadDocument {
        file: b"# hello\n".to_vec(),
        filename: "notes.md".into(),
        content_type: Some("text/markdown".into()),
        name: Some("notes".into()),
        parent_id: Some("doc_0".into()),
        if_version: Some(3),
        source: Some("agent".into()),
        tags,
        ..Default::default()
    }
}

fn search_req() -> documents::SearchRequest {
    documents::SearchRequest {
        query: "refund policy".into(),
        top_k: Some(5),
        min_score: None,
    }
}

#[allow(clippy::too_many_lines)]
fn table() -> Vec<Row> {
    use documents::calls as d;
    let all_docs_opts = documents::DocumentListOptions {
        limit: 10,
        offset: 20,
        q: Some("a&b".into()),
        source: Some("crawler".into()),
        include_deleted: true,
        parent_id: Some("doc_1".into()),
        derived_from: Some("extraction".into()),
        content_sha256: Some("ab12".into()),
        duplicate_of: Some("doc_2".into()),
        metadata: [("task".to_string(), "t 1".to_string())].into(),
    };
    vec![
        // Project
        row("GET", "/project", Ok(project::calls::get_project()), "/project", None, J, None),
        row("GET", "/metrics", Ok(project::calls::get_metrics()), "/metrics", None, J, None),
        // Indexes
        row("GET", "/indexes", Ok(indexes::calls::list_indexes()), "/indexes", None, J, Some("indexes")),
        row(
            "POST",
            "/indexes",
            indexes::calls::create_index(&indexes::CreateIndex {
                name: "kb".into(),
                description: Some("d".into()),
                metadata: None,
            }),
            "/indexes",
            Some(json!({"name": "kb", "description": "d"})),
            J,
            None,
        ),
        row("GET", "/indexes/:id", indexes::calls::get_index(ID), &format!("/indexes/{ID_ENC}"), None, J, Some("index")),
        row(
            "PATCH",
            "/indexes/:id",
            indexes::calls::update_index(
                ID,
                &indexes::UpdateIndex {
                    name: "kb2".into(),
                    description: None,
                    metadata: Some(serde_json::Map::new()),
                },
            ),
            &format!("/indexes/{ID_ENC}"),
            Some(json!({"name": "kb2", "metadata": {}})),
            J,
            None,
        ),
        row("DELETE", "/indexes/:id", indexes::calls::delete_index(ID), &format!("/indexes/{ID_ENC}"), None, E, None),
        // Documents
        row(
            "POST",
            "/indexes/:id/documents",
            d::upload_document_seeded(ID, &upload(), 9),
            &format!("/indexes/{ID_ENC}/documents"),
            None,
            J,
            None,
        ),
        row(
            "GET",
            "/indexes/:id/documents",
            d::list_documents(ID, &Default::default()),
            &format!("/indexes/{ID_ENC}/documents?limit=50&offset=0"),
            None,
            J,
            None,
        ),
        row(
            "GET",
            "/indexes/:id/documents/:docId",
            d::get_index_document(ID, ID2),
            &format!("/indexes/{ID_ENC}/documents/{ID2_ENC}"),
            None,
            J,
            None,
        ),
        row(
            "GET",
            "/indexes/:id/documents/by-name/:name",
            d::get_document_by_name(ID, "report/v1.pdf", Some(2)),
            &format!("/indexes/{ID_ENC}/documents/by-name/report%2Fv1.pdf?version=2"),
            None,
            J,
            None,
        ),
        row(
            "GET",
            "/indexes/:id/documents/by-name/:name/versions",
            d::list_document_versions(ID, "a b"),
            &format!("/indexes/{ID_ENC}/documents/by-name/a%20b/versions"),
            None,
            J,
            Some("versions"),
        ),
        row(
            "DELETE",
            "/indexes/:id/documents/:docId",
            d::delete_index_document(ID, ID2, true),
            &format!("/indexes/{ID_ENC}/documents/{ID2_ENC}?hard=true"),
            None,
            E,
            None,
        ),
        row(
            "GET",
            "/documents",
            d::list_all_documents(&all_docs_opts),
            "/documents?limit=10&offset=20&q=a%26b&source=crawler&include_deleted=true&parent_id=doc_1\
             &derived_from=extraction&content_sha256=ab12&duplicate_of=doc_2&metadata.task=t%201",
            None,
            J,
            None,
        ),
        row("GET", "/documents/:id", d::get_document(ID), &format!("/documents/{ID_ENC}"), None, J, None),
        row("DELETE", "/documents/:id", d::delete_document(ID, false), &format!("/documents/{ID_ENC}"), None, E, None),
        row(
            "POST",
            "/search",
            d::search(&search_req()),
            "/search",
            Some(json!({"query": "refund policy", "top_k": 5, "result_type": "chunk"})),
            J,
            Some("results"),
        ),
        row(
            "POST",
            "/indexes/:id/search",
            d::search_index(ID, &search_req()),
            &format!("/indexes/{ID_ENC}/search"),
            Some(json!({"query": "refund policy", "top_k": 5, "result_type": "chunk"})),
            J,
            Some("results"),
        ),
        row(
            "POST",
            "/search",
            d::search_documents(None, &search_req()),
            "/search",
            Some(json!({"query": "refund policy", "top_k": 5, "result_type": "document"})),
            J,
            Some("results"),
        ),
        row(
            "POST",
            "/indexes/:id/search",
            d::search_documents(Some(ID), &search_req()),
            &format!("/indexes/{ID_ENC}/search"),
            Some(json!({"query": "refund policy", "top_k": 5, "result_type": "document"})),
            J,
            Some("results"),
        ),
        // Secret vaults
        row(
            "POST",
            "/secret-vaults",
            vaults::calls::create_secret_vault(&vaults::CreateSecretVault {
                name: "llm".into(),
                metadata: Some(json!({"team": "x"}).as_object().cloned().unwrap_or_default()),
            }),
            "/secret-vaults",
            Some(json!({"name": "llm", "metadata": {"team": "x"}})),
            J,
            None,
        ),
        row("GET", "/secret-vaults", Ok(vaults::calls::list_secret_vaults()), "/secret-vaults", None, J, Some("secret_vaults")),
        row("GET", "/secret-vaults/:id", vaults::calls::get_secret_vault(ID), &format!("/secret-vaults/{ID_ENC}"), None, J, None),
        row(
            "PATCH",
            "/secret-vaults/:id",
            vaults::calls::update_secret_vault(ID, &Default::default()),
            &format!("/secret-vaults/{ID_ENC}"),
            Some(json!({})),
            J,
            None,
        ),
        row("DELETE", "/secret-vaults/:id", vaults::calls::delete_secret_vault(ID), &format!("/secret-vaults/{ID_ENC}"), None, E, None),
        row(
            "GET",
            "/secret-vaults/:id/secrets",
            vaults::calls::list_secrets(ID),
            &format!("/secret-vaults/{ID_ENC}/secrets"),
            None,
            J,
            Some("secrets"),
        ),
        row(
            "PUT",
            "/secret-vaults/:id/secrets/:name",
            vaults::calls::put_secret(ID, "openai_api_key", "sk-1"),
            &format!("/secret-vaults/{ID_ENC}/secrets/openai_api_key"),
            Some(json!({"value": "sk-1"})),
            J,
            None,
        ),
        row(
            "DELETE",
            "/secret-vaults/:id/secrets/:name",
            vaults::calls::delete_secret(ID, "x/y"),
            &format!("/secret-vaults/{ID_ENC}/secrets/x%2Fy"),
            None,
            E,
            None,
        ),
        // Agent sessions
        row("GET", "/agents/system-prompt", Ok(agents::calls::get_agent_system_prompt()), "/agents/system-prompt", None, J, Some("prompt")),
        row(
            "POST",
            "/agents",
            agents::calls::create_agent_session(&agents::CreateAgentSession {
                title: Some("t".into()),
                ..Default::default()
            }),
            "/agents",
            Some(json!({"title": "t"})),
            J,
            None,
        ),
        row(
            "GET",
            "/agents",
            agents::calls::list_agent_sessions(ListOptions::default()),
            "/agents?limit=50&offset=0",
            None,
            J,
            Some("sessions"),
        ),
        row("GET", "/agents/:id", agents::calls::get_agent_session(ID), &format!("/agents/{ID_ENC}"), None, J, None),
        row("DELETE", "/agents/:id", agents::calls::delete_agent_session(ID), &format!("/agents/{ID_ENC}"), None, E, None),
        row(
            "POST",
            "/agents/:id/run",
            agents::calls::run_agent(ID, "hi"),
            &format!("/agents/{ID_ENC}/run"),
            Some(json!({"message": "hi"})),
            Answer::Stream,
            None,
        ),
        row(
            "POST",
            "/agents/:id/input",
            agents::calls::respond_to_agent_input(ID, "rq_1", &json!("red")),
            &format!("/agents/{ID_ENC}/input"),
            Some(json!({"request_id": "rq_1", "value": "red"})),
            E,
            None,
        ),
        // Agent configs
        row("GET", "/agent-configs", Ok(configs::calls::list_agent_configs()), "/agent-configs", None, J, None),
        row("GET", "/agent-configs/:id", configs::calls::get_agent_config(ID), &format!("/agent-configs/{ID_ENC}"), None, J, None),
        row("DELETE", "/agent-configs/:id", configs::calls::delete_agent_config(ID), &format!("/agent-configs/{ID_ENC}"), None, E, None),
        row(
            "PATCH",
            "/agent-configs/:id/settings",
            configs::calls::update_agent_settings(
                ID,
                &configs::AgentSettings {
                    eval_suite_id: Some(String::new()),
                    run_eval_on_publish: None,
                },
            ),
            &format!("/agent-configs/{ID_ENC}/settings"),
            Some(json!({"eval_suite_id": ""})),
            J,
            None,
        ),
        row(
            "GET",
            "/agent-configs/:id/versions",
            configs::calls::list_agent_versions(ID),
            &format!("/agent-configs/{ID_ENC}/versions"),
            None,
            J,
            None,
        ),
        row(
            "GET",
            "/agent-configs/:id/versions/:vid",
            configs::calls::get_agent_version(ID, ID2),
            &format!("/agent-configs/{ID_ENC}/versions/{ID2_ENC}"),
            None,
            J,
            None,
        ),
        row(
            "POST",
            "/agent-configs/:id/eval-runs",
            configs::calls::trigger_agent_eval(ID, Some("draft")),
            &format!("/agent-configs/{ID_ENC}/eval-runs?target=draft"),
            None,
            J,
            Some("run"),
        ),
        row(
            "GET",
            "/agent-configs/:id/eval-runs",
            configs::calls::list_agent_eval_runs(ID, None),
            &format!("/agent-configs/{ID_ENC}/eval-runs?limit=5"),
            None,
            J,
            None,
        ),
        row(
            "GET",
            "/agent-configs/:id/eval-suite",
            configs::calls::get_agent_eval_suite(ID),
            &format!("/agent-configs/{ID_ENC}/eval-suite"),
            None,
            J,
            None,
        ),
        // Code-first source (camelCase)
        row("PUT", "/source-sync", source::calls::source_sync(&manifest()), "/source-sync", Some(manifest_json()), J, None),
        row(
            "POST",
            "/source-validate",
            source::calls::source_validate(&manifest()),
            "/source-validate",
            Some(manifest_json()),
            J,
            Some("issues"),
        ),
        row(
            "POST",
            "/source-deploy",
            source::calls::source_deploy(&source::SourceDeploy {
                project: "demo".into(),
                environment: Some("prod".into()),
                local_agent_id: Some("support".into()),
                run_evals: Some(true),
            }),
            "/source-deploy",
            Some(json!({"project": "demo", "environment": "prod", "localAgentId": "support", "runEvals": true})),
            J,
            None,
        ),
        row(
            "POST",
            "/source-rename",
            source::calls::source_rename(&source::SourceRename {
                project: "demo".into(),
                old_local_id: "a".into(),
                new_local_id: "b".into(),
            }),
            "/source-rename",
            Some(json!({"project": "demo", "oldLocalId": "a", "newLocalId": "b"})),
            J,
            None,
        ),
        row(
            "POST",
            "/source-delete",
            source::calls::source_delete(&source::SourceDelete {
                project: "demo".into(),
                local_id: "a".into(),
                force: true,
            }),
            "/source-delete",
            Some(json!({"project": "demo", "localId": "a", "force": true})),
            J,
            None,
        ),
        // Chat and conversations
        row(
            "POST",
            "/chat/completions",
            chat::calls::chat_completion(&chat::ChatCompletionRequest {
                model: None,
                messages: vec![chat::ChatMessage {
                    role: "user".into(),
                    content: "hi".into(),
                }],
                use_rag: Some(true),
                index_id: Some("idx_1".into()),
            }),
            "/chat/completions",
            Some(json!({"messages": [{"role": "user", "content": "hi"}], "use_rag": true, "index_id": "idx_1"})),
            J,
            None,
        ),
        row(
            "POST",
            "/conversations",
            conversations::calls::create_conversation(&conversations::CreateConversation {
                title: Some("t".into()),
                metadata: Some(json!([1])),
                ..Default::default()
            }),
            "/conversations",
            Some(json!({"title": "t", "metadata": [1]})),
            J,
            None,
        ),
        row(
            "GET",
            "/conversations",
            conversations::calls::list_conversations(ListOptions { limit: 5, offset: 10 }),
            "/conversations?limit=5&offset=10",
            None,
            J,
            Some("conversations"),
        ),
        row("GET", "/conversations/:id", conversations::calls::get_conversation(ID), &format!("/conversations/{ID_ENC}"), None, J, None),
        row(
            "DELETE",
            "/conversations/:id",
            conversations::calls::delete_conversation(ID),
            &format!("/conversations/{ID_ENC}"),
            None,
            E,
            None,
        ),
        row(
            "POST",
            "/conversations/:id/messages",
            conversations::calls::send_message(
                ID,
                &conversations::SendMessage {
                    content: "hello".into(),
                    use_rag: None,
                    index_id: None,
                },
            ),
            &format!("/conversations/{ID_ENC}/messages"),
            Some(json!({"content": "hello"})),
            J,
            None,
        ),
        // Skills
        row("GET", "/skills", Ok(skills::calls::list_skills()), "/skills", None, J, Some("skills")),
        row("GET", "/skills/:id", skills::calls::get_skill(ID), &format!("/skills/{ID_ENC}"), None, J, None),
        row(
            "POST",
            "/skills/validate",
            skills::calls::validate_skill(&skills::ValidateSkill {
                source: "export default 1".into(),
                kind: Some("module".into()),
            }),
            "/skills/validate",
            Some(json!({"source": "export default 1", "type": "module"})),
            J,
            None,
        ),
        row(
            "GET",
            "/skills/authoring-guide",
            Ok(skills::calls::get_skill_authoring_guide()),
            "/skills/authoring-guide",
            None,
            Answer::Raw,
            None,
        ),
        // Scheduled runs
        row("GET", "/scheduled-runs", Ok(scheduled::calls::list_scheduled_runs()), "/scheduled-runs", None, J, Some("scheduled_runs")),
        row(
            "POST",
            "/scheduled-runs",
            scheduled::calls::create_scheduled_run(&scheduled::CreateScheduledRun {
                agent_session_id: "as_1".into(),
                name: None,
                cron_expression: "0 9 * * 1".into(),
                message: "report".into(),
            }),
            "/scheduled-runs",
            Some(json!({"agent_session_id": "as_1", "cron_expression": "0 9 * * 1", "message": "report"})),
            J,
            None,
        ),
        row("GET", "/scheduled-runs/:id", scheduled::calls::get_scheduled_run(ID), &format!("/scheduled-runs/{ID_ENC}"), None, J, None),
        row(
            "PATCH",
            "/scheduled-runs/:id",
            scheduled::calls::update_scheduled_run(
                ID,
                &scheduled::UpdateScheduledRun {
                    enabled: Some(false),
                    ..Default::default()
                },
            ),
            &format!("/scheduled-runs/{ID_ENC}"),
            Some(json!({"enabled": false})),
            J,
            None,
        ),
        row(
            "DELETE",
            "/scheduled-runs/:id",
            scheduled::calls::delete_scheduled_run(ID),
            &format!("/scheduled-runs/{ID_ENC}"),
            None,
            E,
            None,
        ),
        // Evals
        row("GET", "/evals", Ok(evals::calls::list_eval_cases()), "/evals", None, J, Some("cases")),
        row("GET", "/evals/:id", evals::calls::get_eval_case(ID), &format!("/evals/{ID_ENC}"), None, J, None),
        row("GET", "/eval-runs", Ok(evals::calls::list_eval_runs()), "/eval-runs", None, J, Some("runs")),
        row("GET", "/eval-runs/:id", evals::calls::get_eval_run(ID), &format!("/eval-runs/{ID_ENC}"), None, J, None),
        row("GET", "/eval-suites", Ok(evals::calls::list_eval_suites()), "/eval-suites", None, J, None),
        row("GET", "/eval-suites/:id", evals::calls::get_eval_suite(ID), &format!("/eval-suites/{ID_ENC}"), None, J, None),
        row(
            "GET",
            "/eval-suites/:id/versions",
            evals::calls::list_eval_suite_versions(ID),
            &format!("/eval-suites/{ID_ENC}/versions"),
            None,
            J,
            Some("versions"),
        ),
        // Prompt templates
        row("GET", "/prompt-templates", Ok(templates::calls::list_prompt_templates()), "/prompt-templates", None, J, Some("templates")),
        row(
            "POST",
            "/prompt-templates",
            templates::calls::create_prompt_template(&templates::PromptTemplateInput {
                name: "greet".into(),
                content: "Hi {{name}}".into(),
                variables: Some(vec!["name".into()]),
            }),
            "/prompt-templates",
            Some(json!({"name": "greet", "content": "Hi {{name}}", "variables": ["name"]})),
            J,
            None,
        ),
        row("GET", "/prompt-templates/:id", templates::calls::get_prompt_template(ID), &format!("/prompt-templates/{ID_ENC}"), None, J, None),
        row(
            "PATCH",
            "/prompt-templates/:id",
            templates::calls::update_prompt_template(
                ID,
                &templates::PromptTemplateInput {
                    name: "greet".into(),
                    content: "Hello".into(),
                    variables: None,
                },
            ),
            &format!("/prompt-templates/{ID_ENC}"),
            Some(json!({"name": "greet", "content": "Hello"})),
            J,
            None,
        ),
        row(
            "DELETE",
            "/prompt-templates/:id",
            templates::calls::delete_prompt_template(ID),
            &format!("/prompt-templates/{ID_ENC}"),
            None,
            E,
            None,
        ),
        // Studio
        row("GET", "/studio/:sessionID", studio::calls::get_studio_trace(ID), &format!("/studio/{ID_ENC}"), None, J, None),
        row(
            "POST",
            "/studio/:sessionID/replay",
            studio::calls::replay_from_step(
                ID,
                &studio::ReplayRequest {
                    from_step: 0,
                    system_prompt: Some("be brief".into()),
                    message: None,
                },
            ),
            &format!("/studio/{ID_ENC}/replay"),
            Some(json!({"from_step": 0, "system_prompt": "be brief"})),
            Answer::Stream,
            None,
        ),
        row(
            "POST",
            "/studio/:sessionID/analyze",
            studio::calls::analyze_fix(
                ID,
                &studio::AnalyzeFixRequest {
                    failed_steps: vec![2, 3],
                    expected_outcome: "a refund".into(),
                },
            ),
            &format!("/studio/{ID_ENC}/analyze"),
            Some(json!({"failed_steps": [2, 3], "expected_outcome": "a refund"})),
            J,
            None,
        ),
        // Audit log
        row(
            "GET",
            "/audit-log",
            audit::calls::list_audit_log(&audit::AuditLogFilter {
                action: Some("agent.deploy".into()),
                from: Some("2026-05-01T00:00:00Z".into()),
                offset: 0,
                ..Default::default()
            }),
            "/audit-log?action=agent.deploy&from=2026-05-01T00%3A00%3A00Z&limit=100",
            None,
            J,
            None,
        ),
        row(
            "GET",
            "/audit-log/export",
            audit::calls::export_audit_log(&audit::AuditExportOptions {
                format: audit::ExportFormat::Csv,
                subject_type: Some("agent".into()),
                ..Default::default()
            }),
            "/audit-log/export?format=csv&subject_type=agent",
            None,
            Answer::Raw,
            None,
        ),
    ]
}

/// `/indexes/:id` matches `/indexes/a%2Fb`: one segment per parameter.
fn matches_template(template: &str, route: &str) -> bool {
    let t: Vec<&str> = template.split('/').collect();
    let r: Vec<&str> = route.split('/').collect();
    t.len() == r.len()
        && t.iter().zip(&r).all(|(t, r)| {
            if t.starts_with(':') {
                !r.is_empty()
            } else {
                t == r
            }
        })
}

/// Every `METHOD | /path` line of the seed's endpoint tables.
fn seed_routes() -> BTreeSet<(String, String)> {
    let text = include_str!("data/rest-seed.txt");
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let mut cols = line.split(" | ");
        let (Some(method), Some(path)) = (cols.next(), cols.next()) else {
            continue;
        };
        if !["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&method) || !path.starts_with('/') {
            continue;
        }
        // "/indexes/:id/documents (multipart)" → the path alone.
        let path = path.split_whitespace().next().unwrap_or(path);
        out.insert((method.to_string(), path.to_string()));
    }
    out
}

#[test]
fn every_call_matches_its_row() {
    for r in table() {
        let name = format!("{} {}", r.method, r.template);
        assert_eq!(r.call.method.as_str(), r.method, "{name}");
        assert!(
            matches_template(r.template, r.call.path.route()),
            "{name}: route {}",
            r.call.path.route()
        );
        assert_eq!(r.call.path.as_str(), r.path, "{name}");
        assert_eq!(r.call.answer, r.answer, "{name}");
        assert_eq!(r.call.unwrap, r.unwrap, "{name}");
        match (&r.call.body, &r.body) {
            (Body::Empty, None) => {}
            (Body::Json(bytes), Some(expected)) => {
                let got: Value = serde_json::from_slice(bytes).expect("JSON body");
                assert_eq!(&got, expected, "{name}");
            }
            (Body::Bytes { content_type, .. }, None) => {
                assert!(
                    content_type.starts_with("multipart/form-data; boundary="),
                    "{name}"
                );
            }
            (got, want) => panic!("{name}: body {got:?}, expected {want:?}"),
        }
        let accept = match r.answer {
            Answer::Stream => "text/event-stream",
            Answer::Raw => "",
            _ => "application/json",
        };
        if !accept.is_empty() {
            assert_eq!(r.call.accept, accept, "{name}");
        }
    }
}

#[test]
fn the_table_covers_the_rest_seed_exactly() {
    let seed = seed_routes();
    assert_eq!(seed.len(), 79, "the seed lists 79 endpoints");
    let covered: BTreeSet<(String, String)> = table()
        .iter()
        .map(|r| (r.method.to_string(), r.template.to_string()))
        .collect();
    let missing: Vec<_> = seed.difference(&covered).collect();
    assert!(
        missing.is_empty(),
        "seed endpoints without an SDK call: {missing:?}"
    );
    let extra: Vec<_> = covered.difference(&seed).collect();
    assert!(extra.is_empty(), "table rows not in the seed: {extra:?}");
}

#[test]
fn the_dev_server_routes_every_seed_endpoint() {
    let table = tavora_devserver::api::route_table();
    // The dev server spells parameters as axum does, `{id}`; the seed, `:id`.
    let served: BTreeSet<(String, String)> = table
        .iter()
        .map(|(m, p)| (m.to_string(), p.replace('{', ":").replace('}', "")))
        .collect();
    assert_eq!(served.len(), table.len(), "duplicates in route_table()");
    let seed = seed_routes();
    let missing: Vec<_> = seed.iter().filter(|r| !served.contains(*r)).collect();
    assert!(
        missing.is_empty(),
        "seed endpoints the dev server lacks: {missing:?}"
    );
    // The only extra is the legacy alias of GET /project.
    let extra: Vec<_> = served.difference(&seed).collect();
    assert_eq!(extra, vec![&("GET".to_string(), "/app".to_string())]);
}

#[test]
fn the_upload_is_multipart_per_the_contract() {
    let call = documents::calls::upload_document_seeded(ID, &upload(), 9).unwrap();
    let Body::Bytes {
        content_type,
        bytes,
    } = &call.body
    else {
        panic!("upload body must be bytes");
    };
    let parts = multipart::parse(content_type, bytes).expect("parsable multipart");
    let names: Vec<String> = parts
        .iter()
        .map(|(h, _)| {
            h.split("name=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .unwrap_or("")
                .to_string()
        })
        .collect();
    assert_eq!(
        names,
        [
            "index_id",
            "name",
            "parent_id",
            "if_version",
            "metadata",
            "file"
        ]
    );
    assert_eq!(parts[0].1, ID.as_bytes());
    assert_eq!(parts[3].1, b"3");
    assert_eq!(
        serde_json::from_slice::<Value>(&parts[4].1).unwrap(),
        json!({"source": "agent", "branch": "main"})
    );
    assert!(parts[5].0.contains("filename=\"notes.md\""));
    assert!(parts[5].0.contains("Content-Type: text/markdown"));
    assert_eq!(parts[5].1, b"# hello\n");
    // Byte-identical when rebuilt (what a 401 retry sends).
    assert_eq!(
        call,
        documents::calls::upload_document_seeded(ID, &upload(), 9).unwrap()
    );

    // Defaults: upload.bin, octet-stream, no optional parts.
    let bare = documents::UploadDocument {
        file: vec![0, 1, 2],
        ..Default::default()
    };
    let call = documents::calls::upload_document_seeded("idx", &bare, 1).unwrap();
    let Body::Bytes {
        content_type,
        bytes,
    } = &call.body
    else {
        panic!()
    };
    let parts = multipart::parse(content_type, bytes).unwrap();
    assert_eq!(parts.len(), 2);
    assert!(parts[1].0.contains("filename=\"upload.bin\""));
    assert!(parts[1]
        .0
        .contains("Content-Type: application/octet-stream"));
}

fn invalid(r: Result<Call, Error>) -> bool {
    matches!(r, Err(Error::InvalidInput { .. }))
}

#[test]
fn bad_input_is_rejected_before_any_request() {
    use documents::calls as d;
    let q = |s: &str| documents::SearchRequest {
        query: s.into(),
        ..Default::default()
    };
    let cases: Vec<(&str, Result<Call, Error>)> = vec![
        ("empty index id", indexes::calls::get_index("")),
        ("dot index id", indexes::calls::delete_index("..")),
        (
            "index without name",
            indexes::calls::create_index(&Default::default()),
        ),
        (
            "update without name",
            indexes::calls::update_index("i", &Default::default()),
        ),
        (
            "limit 0",
            d::list_all_documents(&documents::DocumentListOptions {
                limit: 0,
                ..Default::default()
            }),
        ),
        ("version 0", d::get_document_by_name("i", "n", Some(0))),
        (
            "negative version",
            d::get_document_by_name("i", "n", Some(-1)),
        ),
        ("empty name", d::list_document_versions("i", "")),
        (
            "negative if_version",
            d::upload_document(
                "i",
                &documents::UploadDocument {
                    if_version: Some(-1),
                    ..Default::default()
                },
            ),
        ),
        (
            "bad part type",
            d::upload_document(
                "i",
                &documents::UploadDocument {
                    content_type: Some("a\r\nb".into()),
                    ..Default::default()
                },
            ),
        ),
        ("empty query", d::search(&q("  "))),
        (
            "top_k 0",
            d::search(&documents::SearchRequest {
                query: "x".into(),
                top_k: Some(0),
                min_score: None,
            }),
        ),
        (
            "NaN min_score",
            d::search_index(
                "i",
                &documents::SearchRequest {
                    query: "x".into(),
                    top_k: None,
                    min_score: Some(f64::NAN),
                },
            ),
        ),
        (
            "vault without name",
            vaults::calls::create_secret_vault(&Default::default()),
        ),
        ("empty secret", vaults::calls::put_secret("v", "n", "")),
        ("empty secret name", vaults::calls::delete_secret("v", "")),
        (
            "no messages",
            chat::calls::chat_completion(&Default::default()),
        ),
        (
            "last not user",
            chat::calls::chat_completion(&chat::ChatCompletionRequest {
                messages: vec![chat::ChatMessage {
                    role: "assistant".into(),
                    content: "x".into(),
                }],
                ..Default::default()
            }),
        ),
        (
            "empty content",
            conversations::calls::send_message("c", &Default::default()),
        ),
        (
            "conversations limit 0",
            conversations::calls::list_conversations(ListOptions {
                limit: 0,
                offset: 0,
            }),
        ),
        (
            "bad eval target",
            configs::calls::trigger_agent_eval("a", Some("prod")),
        ),
        (
            "eval runs limit 0",
            configs::calls::list_agent_eval_runs("a", Some(0)),
        ),
        (
            "empty version id",
            configs::calls::get_agent_version("a", ""),
        ),
        (
            "manifest without project",
            source::calls::source_sync(&Default::default()),
        ),
        (
            "delete without force",
            source::calls::source_delete(&source::SourceDelete {
                project: "p".into(),
                local_id: "l".into(),
                force: false,
            }),
        ),
        (
            "rename without ids",
            source::calls::source_rename(&source::SourceRename {
                project: "p".into(),
                ..Default::default()
            }),
        ),
        (
            "empty skill source",
            skills::calls::validate_skill(&Default::default()),
        ),
        (
            "schedule without session",
            scheduled::calls::create_scheduled_run(&scheduled::CreateScheduledRun {
                cron_expression: "* * * * *".into(),
                message: "m".into(),
                ..Default::default()
            }),
        ),
        (
            "schedule without cron",
            scheduled::calls::create_scheduled_run(&scheduled::CreateScheduledRun {
                agent_session_id: "s".into(),
                message: "m".into(),
                ..Default::default()
            }),
        ),
        (
            "schedule with bad cron",
            scheduled::calls::create_scheduled_run(&scheduled::CreateScheduledRun {
                agent_session_id: "s".into(),
                cron_expression: "soon".into(),
                message: "m".into(),
                ..Default::default()
            }),
        ),
        (
            "schedule without message",
            scheduled::calls::create_scheduled_run(&scheduled::CreateScheduledRun {
                agent_session_id: "s".into(),
                cron_expression: "* * * * *".into(),
                ..Default::default()
            }),
        ),
        (
            "template without content",
            templates::calls::create_prompt_template(&templates::PromptTemplateInput {
                name: "n".into(),
                ..Default::default()
            }),
        ),
        (
            "negative from_step",
            studio::calls::replay_from_step(
                "s",
                &studio::ReplayRequest {
                    from_step: -1,
                    ..Default::default()
                },
            ),
        ),
        (
            "analyze without outcome",
            studio::calls::analyze_fix("s", &Default::default()),
        ),
        (
            "bad audit time",
            audit::calls::list_audit_log(&audit::AuditLogFilter {
                from: Some("yesterday".into()),
                ..Default::default()
            }),
        ),
        (
            "audit limit 0",
            audit::calls::list_audit_log(&audit::AuditLogFilter {
                limit: 0,
                ..Default::default()
            }),
        ),
        (
            "bad export time",
            audit::calls::export_audit_log(&audit::AuditExportOptions {
                to: Some("2026-13-01".into()),
                ..Default::default()
            }),
        ),
    ];
    for (what, r) in cases {
        assert!(invalid(r), "{what} should be rejected as invalid input");
    }
}

#[test]
fn optional_query_parameters_are_omitted_when_unset() {
    let c = documents::calls::delete_document("d", false).unwrap();
    assert_eq!(c.path.as_str(), "/documents/d");
    let c = documents::calls::get_document_by_name("i", "n", None).unwrap();
    assert_eq!(c.path.as_str(), "/indexes/i/documents/by-name/n");
    let c = configs::calls::trigger_agent_eval("a", None).unwrap();
    assert_eq!(c.path.as_str(), "/agent-configs/a/eval-runs");
    assert_eq!(c.body, Body::Empty);
    let c = audit::calls::list_audit_log(&audit::AuditLogFilter {
        offset: 3,
        ..Default::default()
    })
    .unwrap();
    assert_eq!(c.path.as_str(), "/audit-log?limit=100&offset=3");
    let c = audit::calls::export_audit_log(&Default::default()).unwrap();
    assert_eq!(c.path.as_str(), "/audit-log/export?format=json");
    assert_eq!(c.accept, "application/json");
    let c = skills::calls::get_skill_authoring_guide();
    assert_eq!(c.accept, "text/markdown");
}

// ---------------------------------------------------------------------------
// Decoding: one representative answer per entity, with an unknown field
// that must survive in `extra`, and the Go-era `app_id`.

fn decode<T: serde::de::DeserializeOwned>(call: &Call, body: Value) -> T {
    call.decode(body.to_string().as_bytes())
        .unwrap_or_else(|e| panic!("{}: {e}", call.route_name()))
}

#[test]
fn entities_decode_and_keep_unknown_fields() {
    let ts = "2026-05-17T10:30:00Z";
    let idx: indexes::Index = decode(
        &indexes::calls::get_index("i").unwrap(),
        json!({"index": {"id": "i", "app_id": "p", "name": "kb", "description": "", "metadata": {"a": 1},
                         "created_at": ts, "updated_at": ts, "doc_count": 3}}),
    );
    assert_eq!(
        (idx.project_id.as_str(), idx.extra["doc_count"].clone()),
        ("p", json!(3))
    );
    let bare: indexes::Index = decode(&indexes::calls::get_index("i").unwrap(), json!({"id": "i"}));
    assert_eq!(bare.id, "i");
    let list: Vec<indexes::Index> = decode(
        &indexes::calls::list_indexes(),
        json!({"indexes": [{"id": "i1"}, {"id": "i2"}]}),
    );
    assert_eq!(list.len(), 2);

    let doc = json!({"id": "doc_1", "project_id": "p", "index_id": "i", "filename": "a.pdf",
        "content_type": "application/pdf", "file_size": 10, "status": "ready", "error_message": null,
        "page_count": 2, "chunk_count": 4, "name": "a", "version": 2, "is_latest": true,
        "metadata": {"source": "x"}, "parent_id": null, "created_by_api_key_id": "key_1",
        "content_sha256": "ab", "deleted_at": null, "created_at": ts, "updated_at": ts, "lang": "en"});
    let page: documents::DocumentPage = decode(
        &documents::calls::list_all_documents(&Default::default()).unwrap(),
        json!({"data": [doc.clone()], "total": 1, "has_more": false}),
    );
    assert_eq!(page.data[0].version, 2);
    assert_eq!(page.data[0].page_count, Some(2));
    assert_eq!(page.data[0].extra["lang"], "en");
    let versions: Vec<documents::Document> = decode(
        &documents::calls::list_document_versions("i", "a").unwrap(),
        json!({"versions": [doc]}),
    );
    assert_eq!(versions[0].content_sha256.as_deref(), Some("ab"));

    let req = search_req();
    let hits: Vec<documents::SearchResult> = decode(
        &documents::calls::search(&req).unwrap(),
        json!({"results": [{"chunk_id": "c", "document_id": "d", "filename": "f", "document_name": null,
            "document_metadata": {}, "content": "x", "score": 0.5, "chunk_index": 1, "metadata": {}, "rank": 1}]}),
    );
    assert_eq!(
        (hits[0].score, hits[0].extra["rank"].clone()),
        (0.5, json!(1))
    );
    let rows: Vec<documents::DocumentSearchRow> = decode(
        &documents::calls::search_documents(None, &req).unwrap(),
        json!({"results": [{"document_id": "d", "index_id": "i", "filename": "f", "document_name": "n",
            "document_metadata": {}, "parent_id": null, "content_sha256": null, "score": 0.9,
            "best_chunk": {"chunk_id": "c", "chunk_index": 0, "preview": "p"}}]}),
    );
    assert_eq!(rows[0].best_chunk.preview, "p");

    let vs: Vec<vaults::SecretVault> = decode(
        &vaults::calls::list_secret_vaults(),
        json!({"secret_vaults": [{"id": "v", "project_id": "p", "name": "n", "metadata": {}, "created_at": ts, "updated_at": ts, "x": 1}]}),
    );
    assert_eq!(vs[0].extra["x"], 1);
    let secrets: Vec<vaults::RedactedSecret> = decode(
        &vaults::calls::list_secrets("v").unwrap(),
        json!({"secrets": [{"vault_id": "v", "name": "k", "kek_id": "kek", "created_at": ts, "updated_at": ts}]}),
    );
    assert_eq!(secrets[0].kek_id, "kek");

    let cc: chat::ChatCompletion = decode(
        &chat::calls::chat_completion(&chat::ChatCompletionRequest {
            messages: vec![chat::ChatMessage {
                role: "user".into(),
                content: "hi".into(),
            }],
            ..Default::default()
        })
        .unwrap(),
        json!({"id": "cc", "object": "chat.completion", "created": 1, "model": "m",
               "choices": [{"index": 0, "message": {"role": "assistant", "content": "yo"}, "finish_reason": "stop"}],
               "usage": {"prompt_tokens": 1, "completion_tokens": 2, "total_tokens": 3}, "system_fingerprint": "s"}),
    );
    assert_eq!(cc.choices[0].message.content, "yo");
    assert_eq!(cc.extra["system_fingerprint"], "s");

    let detail: conversations::ConversationDetail = decode(
        &conversations::calls::get_conversation("c").unwrap(),
        json!({"conversation": {"id": "c", "app_id": "p", "title": "t", "metadata": null},
               "messages": [{"id": "m", "conversation_id": "c", "role": "user", "content": "hi", "created_at": ts}],
               "token_usage": null}),
    );
    assert_eq!(detail.conversation.project_id, "p");
    assert_eq!(detail.token_usage, None);
    let sent: conversations::SendMessageResult = decode(
        &conversations::calls::send_message(
            "c",
            &conversations::SendMessage {
                content: "x".into(),
                ..Default::default()
            },
        )
        .unwrap(),
        json!({"user_message": {"id": "m1", "role": "user", "content": "x"},
               "message": {"id": "m2", "role": "assistant", "content": "y"},
               "token_usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}),
    );
    assert_eq!(sent.message.content, "y");

    let cfgs: Vec<configs::AgentConfig> = decode(
        &configs::calls::list_agent_configs(),
        json!([{"id": "ag", "project_id": "p", "name": "n", "skills_json": "[{\"skill_id\":\"s\",\"version\":\"1\"}]",
                "stores_json": ["i"], "enabled_capabilities": null, "eval_suite_id": null,
                "code_first_project": "demo", "draft_config": {"x": 1}}]),
    );
    assert!(cfgs[0].skills_json.is_string());
    assert_eq!(cfgs[0].code_first_project.as_deref(), Some("demo"));
    assert_eq!(cfgs[0].extra["draft_config"]["x"], 1);
    let ver: configs::AgentVersion = decode(
        &configs::calls::get_agent_version("ag", "v").unwrap(),
        json!({"id": "v", "agent_id": "ag", "semver": "1.0.0", "eval_suite_version": null}),
    );
    assert_eq!(ver.semver, "1.0.0");
    let run: evals::EvalRun = decode(
        &configs::calls::trigger_agent_eval("ag", None).unwrap(),
        json!({"run": {"id": "r", "status": "pending", "total_cases": 0, "passed": 0, "failed": 0,
                       "average_score": 0.0, "judge_model": "j", "created_at": ts, "agent_id": "ag"}}),
    );
    assert_eq!(
        (run.status.as_str(), run.extra["agent_id"].clone()),
        ("pending", json!("ag"))
    );
    let runs: Vec<evals::EvalRun> = decode(
        &configs::calls::list_agent_eval_runs("ag", None).unwrap(),
        json!([{"id": "r"}]),
    );
    assert_eq!(runs.len(), 1);

    let synced: source::SourceSyncResult = decode(
        &source::calls::source_sync(&manifest()).unwrap(),
        json!({"draftHash": "h", "agents": [{"localId": "support", "agentId": "ag", "draftId": "d", "sourceHash": "s"}],
               "syncedAt": ts, "serverIssues": [{"code": "c", "message": "m", "severity": "warn", "line": 3}]}),
    );
    assert_eq!(synced.agents[0].agent_id, "ag");
    assert_eq!(
        synced.server_issues.as_ref().map(|i| i[0].line),
        Some(Some(3))
    );
    let issues: Vec<source::SourceIssue> = decode(
        &source::calls::source_validate(&manifest()).unwrap(),
        json!({"issues": [{"file": "agent.md", "code": "c", "message": "m", "severity": "fatal"}]}),
    );
    assert_eq!(issues[0].severity, "fatal");
    let deployed: source::SourceDeployResult = decode(
        &source::calls::source_deploy(&source::SourceDeploy {
            project: "demo".into(),
            ..Default::default()
        })
        .unwrap(),
        json!({"version": "1.0.1", "agents": [{"localId": "l", "agentId": "a", "versionId": "v", "semver": "1.0.1"}], "deployedAt": ts}),
    );
    assert_eq!(deployed.agents[0].version_id, "v");
    let renamed: source::SourceRenameResult = decode(
        &source::calls::source_rename(&source::SourceRename {
            project: "p".into(),
            old_local_id: "a".into(),
            new_local_id: "b".into(),
        })
        .unwrap(),
        json!({"agentId": "ag", "oldLocalId": "a", "newLocalId": "b"}),
    );
    assert_eq!(renamed.new_local_id, "b");
    let deleted: source::SourceDeleteResult = decode(
        &source::calls::source_delete(&source::SourceDelete {
            project: "p".into(),
            local_id: "a".into(),
            force: true,
        })
        .unwrap(),
        json!({"agentId": "ag", "localId": "a", "deleted": true}),
    );
    assert!(deleted.deleted);

    let sk: Vec<skills::Skill> = decode(
        &skills::calls::list_skills(),
        json!({"skills": [{"id": "s", "app_id": "p", "name": "n", "type": "module", "config": {}, "enabled": true, "source_path": "x.js"}]}),
    );
    assert_eq!(
        (sk[0].kind.as_str(), sk[0].extra["source_path"].clone()),
        ("module", json!("x.js"))
    );

    let sr: scheduled::ScheduledRun = decode(
        &scheduled::calls::get_scheduled_run("r").unwrap(),
        json!({"id": "r", "agent_session_id": "as", "name": "n", "cron_expression": "* * * * *", "message": "m",
               "enabled": true, "last_run_at": null, "next_run_at": ts, "run_count": 0, "last_error": "", "tz": "UTC"}),
    );
    assert_eq!(sr.next_run_at.as_deref(), Some(ts));
    assert_eq!(sr.extra["tz"], "UTC");

    let cases: Vec<evals::EvalCase> = decode(
        &evals::calls::list_eval_cases(),
        json!({"cases": [{"id": "e", "name": "n", "set_name": "s", "type": "llm_judge", "pass_threshold": 7}]}),
    );
    assert_eq!(cases[0].kind, "llm_judge");
    let er: evals::EvalRunDetail = decode(
        &evals::calls::get_eval_run("r").unwrap(),
        json!({"run": {"id": "r", "status": "passed"}, "results": [{"id": "x", "case_name": "c", "score": 8, "pass": true}]}),
    );
    assert!(er.results[0].pass);
    let suites: Vec<evals::EvalSuite> = decode(
        &evals::calls::list_eval_suites(),
        json!([{"id": "su", "agent_id": null, "name": "n", "threshold": 0.8, "active_version_id": "sv"}]),
    );
    assert_eq!(suites[0].threshold, 0.8);
    let sv: Value = decode(
        &evals::calls::list_eval_suite_versions("su").unwrap(),
        json!({"versions": [{"id": "sv", "suite_id": "su", "semver": "1.0.0"}]}),
    );
    let sv: Vec<evals::EvalSuiteVersion> = serde_json::from_value(sv).unwrap();
    assert_eq!(sv[0].semver, "1.0.0");

    let tpl: Vec<templates::PromptTemplate> = decode(
        &templates::calls::list_prompt_templates(),
        json!({"templates": [{"id": "t", "name": "n", "content": "c", "variables": ["a"], "version": 2}]}),
    );
    assert_eq!(tpl[0].variables, json!(["a"]));

    let trace: studio::StudioTrace = decode(
        &studio::calls::get_studio_trace("s").unwrap(),
        json!({"session": {"id": "s", "status": "completed"}, "steps": [{"step_type": "thinking"}],
               "system_prompt": "p", "tools": ["web_search"], "memory": {}}),
    );
    assert_eq!(trace.tools, ["web_search"]);
    assert!(trace.extra.contains_key("memory"));
    let fix: studio::AnalyzeFixResult = decode(
        &studio::calls::analyze_fix(
            "s",
            &studio::AnalyzeFixRequest {
                failed_steps: vec![],
                expected_outcome: "x".into(),
            },
        )
        .unwrap(),
        json!({"prompt_changes": "c", "eval_case": {"name": "n", "prompt": "p", "criteria": "k"}, "reasoning": "r"}),
    );
    assert_eq!(fix.eval_case.map(|c| c.criteria), Some("k".into()));

    let audit_page: audit::AuditPage = decode(
        &audit::calls::list_audit_log(&Default::default()).unwrap(),
        json!({"entries": [{"id": "au", "app_id": "p", "actor_user_id": null, "actor_api_key_id": "k",
                            "action": "promotion.propose", "subject_type": "promotion", "subject_id": "x",
                            "agent_version_id": null, "session_id": null, "metadata": {}, "created_at": ts, "ip": "1.2.3.4"}],
               "total": 1, "limit": 100, "offset": 0}),
    );
    assert_eq!(audit_page.entries[0].project_id, "p");
    assert_eq!(audit_page.entries[0].extra["ip"], "1.2.3.4");

    let prompt: String = decode(
        &agents::calls::get_agent_system_prompt(),
        json!({"prompt": "You are"}),
    );
    assert_eq!(prompt, "You are");
}

#[test]
fn replay_started_ids_are_found_where_they_may_be() {
    assert_eq!(
        studio::replay_started_id(&json!({"type": "replay_started", "session_id": "as_2"})),
        Some("as_2".into())
    );
    assert_eq!(
        studio::replay_started_id(
            &json!({"type": "replay_started", "args": {"session_id": "as_3"}})
        ),
        Some("as_3".into())
    );
    assert_eq!(
        studio::replay_started_id(&json!({"type": "replay_started", "content": "as_4"})),
        Some("as_4".into())
    );
    assert_eq!(
        studio::replay_started_id(&json!({"type": "response", "content": "as_4"})),
        None
    );
}
