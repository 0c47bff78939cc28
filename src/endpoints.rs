//! The plain JSON methods of the JS `TavoraClient`, as ONE table: each
//! entry names the JS method, how its JS arguments are read (in order,
//! each with the error its wrong type gives), and which `calls::*` builder
//! turns them into the [`Call`](crate::call::Call) (path, body checks,
//! query), so the rules stay where the Rust API has them. One wasm export,
//! `invoke(name, args)` (`js::api::invoke`), interprets it, instead of one
//! compiled export per method.
//!
//! [`NAMES`] is compiled on the host too: `pkg-template/endpoints.js` (the
//! list the package's `TavoraClient` defines its methods from before the
//! module loads) must match it; a host test checks, and
//! `UPDATE_ENDPOINTS=1 cargo test -p tavora-wasm endpoints` rewrites it.
//!
//! Methods that are not "arguments in, JSON out" (streams, uploads, Blob
//! and text answers, the escape hatch) stay real exports.

#[cfg(target_arch = "wasm32")]
use crate::api::{
    agents, audit, chat, configs, conversations, documents, evals, indexes, project, scheduled,
    skills, source, studio, templates, vaults,
};
#[cfg(target_arch = "wasm32")]
use crate::call::Call;
#[cfg(target_arch = "wasm32")]
use crate::error::Error;
#[cfg(target_arch = "wasm32")]
use crate::js::api::{opt_bool, opt_int, options};
#[cfg(target_arch = "wasm32")]
use crate::js::client::list_options;
#[cfg(target_arch = "wasm32")]
use serde_json::{Map, Value};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen::JsValue;

/// How one JS argument is read before the builder runs.
#[cfg(target_arch = "wasm32")]
pub(crate) enum Arg {
    /// A required string (`"index id"` names it in the error).
    Id(&'static str),
    /// A request object read as JSON (`undefined` = `{}`).
    Input(&'static str),
    /// An options bag (`undefined`, `null` or an object), read by the builder.
    Opts,
    /// Any JS value, read by the builder.
    Raw,
    /// Any JSON value but `undefined`.
    Json(&'static str),
}

/// A read argument.
#[cfg(target_arch = "wasm32")]
pub(crate) enum Val {
    Str(String),
    Obj(Map<String, Value>),
    Js(JsValue),
    Json(Value),
}

/// The read arguments, in order, handed to an entry's builder.
#[cfg(target_arch = "wasm32")]
pub(crate) struct Args(pub(crate) Vec<Val>);

#[cfg(target_arch = "wasm32")]
impl Args {
    fn s(&self, i: usize) -> &str {
        match &self.0[i] {
            Val::Str(s) => s,
            _ => unreachable!("argument {i} is not a string"),
        }
    }

    fn obj(&mut self, i: usize) -> Map<String, Value> {
        match std::mem::replace(&mut self.0[i], Val::Json(Value::Null)) {
            Val::Obj(m) => m,
            _ => unreachable!("argument {i} is not an object"),
        }
    }

    fn js(&self, i: usize) -> &JsValue {
        match &self.0[i] {
            Val::Js(v) => v,
            _ => unreachable!("argument {i} is not a JS value"),
        }
    }

    fn json(&self, i: usize) -> &Value {
        match &self.0[i] {
            Val::Json(v) => v,
            _ => unreachable!("argument {i} is not JSON"),
        }
    }
}

/// One table entry.
#[cfg(target_arch = "wasm32")]
pub(crate) struct Endpoint {
    pub name: &'static str,
    pub args: &'static [Arg],
    pub build: fn(&mut Args) -> Result<Call, Error>,
}

macro_rules! endpoints {
    ($($name:literal ($($arg:expr),*) => $build:expr;)*) => {
        /// Every table method's JS name, in table order.
        pub const NAMES: &[&str] = &[$($name),*];

        #[cfg(target_arch = "wasm32")]
        pub(crate) static TABLE: &[Endpoint] = &[$(Endpoint {
            name: $name,
            args: &[$($arg),*],
            build: $build,
        }),*];
    };
}

/// The TS SDK's optional `indexId` of a search input (it picks the path
/// and is not sent).
#[cfg(target_arch = "wasm32")]
fn take_index_id(body: &mut Map<String, Value>, what: &str) -> Result<Option<String>, Error> {
    match crate::json::take(body, "indexId") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(Error::invalid(format!("{what}: indexId must be a string"))),
    }
}

/// `{ hard?: boolean }` of the document deletes.
#[cfg(target_arch = "wasm32")]
fn hard(opts: &JsValue) -> Result<bool, Error> {
    options(opts, "options")?;
    Ok(opt_bool(opts, "hard")?.unwrap_or(false))
}

endpoints! {
    // Project
    "getProject"() => |_| Ok(project::calls::get_project());
    "getMetrics"() => |_| Ok(project::calls::get_metrics());

    // Agent sessions (`runAgent` and `replayFromStep` stream: real exports)
    "getAgentSystemPrompt"() => |_| Ok(agents::calls::get_agent_system_prompt());
    "createAgentSession"(Arg::Input("createAgentSession input")) =>
        |a| agents::calls::create_agent_session_body(a.obj(0));
    "listAgentSessions"(Arg::Raw) =>
        |a| list_options(a.js(0)).and_then(agents::calls::list_agent_sessions);
    "getAgentSession"(Arg::Id("session id")) => |a| agents::calls::get_agent_session(a.s(0));
    "deleteAgentSession"(Arg::Id("session id")) =>
        |a| agents::calls::delete_agent_session(a.s(0));
    "respondToAgentInput"(Arg::Id("session id"), Arg::Id("request id"), Arg::Json("value")) =>
        |a| agents::calls::respond_to_agent_input(a.s(0), a.s(1), a.json(2));

    // Chat
    "chatCompletion"(Arg::Input("chatCompletion input")) =>
        |a| chat::calls::chat_completion_body(a.obj(0));

    // Agent configs
    "listAgentConfigs"() => |_| Ok(configs::calls::list_agent_configs());
    "getAgentConfig"(Arg::Id("agent config id")) => |a| configs::calls::get_agent_config(a.s(0));
    "deleteAgentConfig"(Arg::Id("agent config id")) =>
        |a| configs::calls::delete_agent_config(a.s(0));
    "updateAgentSettings"(Arg::Id("agent config id"), Arg::Input("updateAgentSettings input")) =>
        |a| {
            let body = a.obj(1);
            configs::calls::update_agent_settings_body(a.s(0), body)
        };
    "listAgentVersions"(Arg::Id("agent config id")) =>
        |a| configs::calls::list_agent_versions(a.s(0));
    "getAgentVersion"(Arg::Id("agent config id"), Arg::Id("version id")) =>
        |a| configs::calls::get_agent_version(a.s(0), a.s(1));
    "triggerAgentEval"(Arg::Id("agent config id"), Arg::Opts) => |a| {
        let target = crate::js::args::opt_string(a.js(1), "target")?;
        configs::calls::trigger_agent_eval(a.s(0), target.as_deref())
    };
    "listAgentEvalRuns"(Arg::Id("agent config id"), Arg::Opts) => |a| {
        let limit = opt_int(a.js(1), "limit", 1)?
            .map(|l| u32::try_from(l).map_err(|_| Error::invalid("limit is too large")))
            .transpose()?;
        configs::calls::list_agent_eval_runs(a.s(0), limit)
    };
    "getAgentEvalSuite"(Arg::Id("agent config id")) =>
        |a| configs::calls::get_agent_eval_suite(a.s(0));

    // Conversations
    "createConversation"(Arg::Input("createConversation input")) =>
        |a| conversations::calls::create_conversation_body(a.obj(0));
    "listConversations"(Arg::Opts) =>
        |a| list_options(a.js(0)).and_then(conversations::calls::list_conversations);
    "getConversation"(Arg::Id("conversation id")) =>
        |a| conversations::calls::get_conversation(a.s(0));
    "deleteConversation"(Arg::Id("conversation id")) =>
        |a| conversations::calls::delete_conversation(a.s(0));
    "sendMessage"(Arg::Id("conversation id"), Arg::Input("sendMessage input")) => |a| {
        let body = a.obj(1);
        conversations::calls::send_message_body(a.s(0), body)
    };

    // Documents and search (`uploadDocument` is multipart: a real export)
    "listDocuments"(Arg::Id("index id"), Arg::Input("listDocuments options")) => |a| {
        let o = documents::DocumentListOptions::from_body(a.obj(1), "listDocuments options")?;
        documents::calls::list_documents(a.s(0), &o)
    };
    "listAllDocuments"(Arg::Input("listAllDocuments options")) => |a| {
        let o = documents::DocumentListOptions::from_body(a.obj(0), "listAllDocuments options")?;
        documents::calls::list_all_documents(&o)
    };
    "getDocument"(Arg::Id("document id")) => |a| documents::calls::get_document(a.s(0));
    "getIndexDocument"(Arg::Id("index id"), Arg::Id("document id")) =>
        |a| documents::calls::get_index_document(a.s(0), a.s(1));
    "getDocumentByName"(Arg::Id("index id"), Arg::Id("document name"), Arg::Opts) => |a| {
        let version = opt_int(a.js(2), "version", 1)?;
        documents::calls::get_document_by_name(a.s(0), a.s(1), version)
    };
    "listDocumentVersions"(Arg::Id("index id"), Arg::Id("document name")) =>
        |a| documents::calls::list_document_versions(a.s(0), a.s(1));
    "deleteDocument"(Arg::Id("document id"), Arg::Raw) =>
        |a| documents::calls::delete_document(a.s(0), hard(a.js(1))?);
    "deleteIndexDocument"(Arg::Id("index id"), Arg::Id("document id"), Arg::Raw) =>
        |a| documents::calls::delete_index_document(a.s(0), a.s(1), hard(a.js(2))?);
    "search"(Arg::Input("search input")) => |a| {
        let what = "search input";
        let mut body = a.obj(0);
        let index_id = take_index_id(&mut body, what)?;
        documents::calls::search_chunks_body(index_id.as_deref(), body, what)
    };
    "searchIndex"(Arg::Id("index id"), Arg::Input("searchIndex input")) => |a| {
        let body = a.obj(1);
        documents::calls::search_index_body(a.s(0), body)
    };
    "searchDocuments"(Arg::Input("searchDocuments input")) => |a| {
        let mut body = a.obj(0);
        let index_id = take_index_id(&mut body, "searchDocuments input")?;
        documents::calls::search_documents_body(index_id.as_deref(), body)
    };

    // Evals
    "listEvalCases"() => |_| Ok(evals::calls::list_eval_cases());
    "getEvalCase"(Arg::Id("eval case id")) => |a| evals::calls::get_eval_case(a.s(0));
    "listEvalRuns"() => |_| Ok(evals::calls::list_eval_runs());
    "getEvalRun"(Arg::Id("eval run id")) => |a| evals::calls::get_eval_run(a.s(0));
    "listEvalSuites"() => |_| Ok(evals::calls::list_eval_suites());
    "getEvalSuite"(Arg::Id("eval suite id")) => |a| evals::calls::get_eval_suite(a.s(0));
    "listEvalSuiteVersions"(Arg::Id("eval suite id")) =>
        |a| evals::calls::list_eval_suite_versions(a.s(0));

    // Indexes
    "listIndexes"() => |_| Ok(indexes::calls::list_indexes());
    "createIndex"(Arg::Input("createIndex input")) =>
        |a| indexes::calls::create_index_body(a.obj(0));
    "getIndex"(Arg::Id("index id")) => |a| indexes::calls::get_index(a.s(0));
    "updateIndex"(Arg::Id("index id"), Arg::Input("updateIndex input")) => |a| {
        let body = a.obj(1);
        indexes::calls::update_index_body(a.s(0), body)
    };
    "deleteIndex"(Arg::Id("index id")) => |a| indexes::calls::delete_index(a.s(0));

    // Scheduled runs
    "listScheduledRuns"() => |_| Ok(scheduled::calls::list_scheduled_runs());
    "createScheduledRun"(Arg::Input("createScheduledRun input")) =>
        |a| scheduled::calls::create_scheduled_run_body(a.obj(0));
    "getScheduledRun"(Arg::Id("scheduled run id")) =>
        |a| scheduled::calls::get_scheduled_run(a.s(0));
    "updateScheduledRun"(Arg::Id("scheduled run id"), Arg::Input("updateScheduledRun input")) =>
        |a| {
            let body = a.obj(1);
            scheduled::calls::update_scheduled_run_body(a.s(0), body)
        };
    "deleteScheduledRun"(Arg::Id("scheduled run id")) =>
        |a| scheduled::calls::delete_scheduled_run(a.s(0));

    // Skills (`getSkillAuthoringGuide` answers text: a real export)
    "listSkills"() => |_| Ok(skills::calls::list_skills());
    "getSkill"(Arg::Id("skill id")) => |a| skills::calls::get_skill(a.s(0));
    "validateSkill"(Arg::Input("validateSkill input")) =>
        |a| skills::calls::validate_skill_body(a.obj(0));

    // Code-first source
    "sourceSync"(Arg::Input("sourceSync manifest")) =>
        |a| source::calls::source_sync_body(a.obj(0));
    "sourceValidate"(Arg::Input("sourceValidate manifest")) =>
        |a| source::calls::source_validate_body(a.obj(0));
    "sourceDeploy"(Arg::Input("sourceDeploy input")) =>
        |a| source::calls::source_deploy_body(a.obj(0));
    "sourceRename"(Arg::Input("sourceRename input")) =>
        |a| source::calls::source_rename_body(a.obj(0));
    "sourceDelete"(Arg::Input("sourceDelete input")) =>
        |a| source::calls::source_delete_body(a.obj(0));

    // Studio (`replayFromStep` streams: a real export)
    "getStudioTrace"(Arg::Id("session id")) => |a| studio::calls::get_studio_trace(a.s(0));
    "analyzeFix"(Arg::Id("session id"), Arg::Input("analyzeFix input")) => |a| {
        let body = a.obj(1);
        studio::calls::analyze_fix_body(a.s(0), body)
    };

    // Prompt templates
    "listPromptTemplates"() => |_| Ok(templates::calls::list_prompt_templates());
    "createPromptTemplate"(Arg::Input("createPromptTemplate input")) =>
        |a| templates::calls::create_prompt_template_body(a.obj(0));
    "getPromptTemplate"(Arg::Id("template id")) =>
        |a| templates::calls::get_prompt_template(a.s(0));
    "updatePromptTemplate"(Arg::Id("template id"), Arg::Input("updatePromptTemplate input")) =>
        |a| {
            let body = a.obj(1);
            templates::calls::update_prompt_template_body(a.s(0), body)
        };
    "deletePromptTemplate"(Arg::Id("template id")) =>
        |a| templates::calls::delete_prompt_template(a.s(0));

    // Secret vaults
    "createSecretVault"(Arg::Input("createSecretVault input")) =>
        |a| vaults::calls::create_secret_vault_body(a.obj(0));
    "listSecretVaults"() => |_| Ok(vaults::calls::list_secret_vaults());
    "getSecretVault"(Arg::Id("vault id")) => |a| vaults::calls::get_secret_vault(a.s(0));
    "updateSecretVault"(Arg::Id("vault id"), Arg::Input("updateSecretVault input")) => |a| {
        let body = a.obj(1);
        vaults::calls::update_secret_vault_body(a.s(0), body)
    };
    "deleteSecretVault"(Arg::Id("vault id")) => |a| vaults::calls::delete_secret_vault(a.s(0));
    "listSecrets"(Arg::Id("vault id")) => |a| vaults::calls::list_secrets(a.s(0));
    "putSecret"(Arg::Id("vault id"), Arg::Id("secret name"), Arg::Id("secret value")) =>
        |a| vaults::calls::put_secret(a.s(0), a.s(1), a.s(2));
    "deleteSecret"(Arg::Id("vault id"), Arg::Id("secret name")) =>
        |a| vaults::calls::delete_secret(a.s(0), a.s(1));

    // Audit log (`exportAuditLog` answers a Blob: a real export)
    "listAuditLog"(Arg::Input("listAuditLog filter")) => |a| {
        let f = audit::AuditLogFilter::from_body(a.obj(0), "listAuditLog filter")?;
        audit::calls::list_audit_log(&f)
    };
}

/// `pkg-template/endpoints.js` as generated from [`NAMES`].
pub fn endpoints_js() -> String {
    let mut out = String::from(
        "// Generated from the Rust endpoint table (src/endpoints.rs); a host test\n\
         // checks it: `UPDATE_ENDPOINTS=1 cargo test -p tavora-wasm endpoints`.\n\
         // The TavoraClient methods answered by the wasm export `invoke(name, args)`.\n\
         export const ENDPOINTS = [\n",
    );
    for name in NAMES {
        out.push_str(&format!("  '{name}',\n"));
    }
    out.push_str("];\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_js_matches_the_table() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/pkg-template/endpoints.js");
        let want = endpoints_js();
        if std::env::var_os("UPDATE_ENDPOINTS").is_some() {
            std::fs::write(path, &want).unwrap();
        }
        let have = std::fs::read_to_string(path).unwrap_or_default();
        assert_eq!(
            have, want,
            "pkg-template/endpoints.js is stale: run UPDATE_ENDPOINTS=1 cargo test -p tavora-wasm endpoints"
        );
    }

    #[test]
    fn names_are_unique() {
        let mut names = NAMES.to_vec();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), NAMES.len());
    }
}
