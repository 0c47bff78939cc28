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
use crate::api::endpoint::Endpoint;
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

/// One table entry: the endpoint's declaration, and for the few whose
/// JS arguments are not "ids, then the body" how to read and build them.
#[cfg(target_arch = "wasm32")]
pub(crate) struct Entry {
    pub endpoint: &'static Endpoint,
    pub custom: Option<Custom>,
}

#[cfg(target_arch = "wasm32")]
pub(crate) type Custom = (&'static [Arg], fn(&mut Args) -> Result<Call, Error>);

#[cfg(target_arch = "wasm32")]
const fn custom(
    args: &'static [Arg],
    build: fn(&mut Args) -> Result<Call, Error>,
) -> Option<Custom> {
    Some((args, build))
}

macro_rules! endpoints {
    (
        declared: [$($decl:path),* $(,)?]
        custom: { $($cdecl:path: ($($arg:expr),*) => $build:expr;)* }
    ) => {
        /// Every table method's JS name, in table order.
        pub const NAMES: &[&str] = &[$($decl.name,)* $($cdecl.name,)*];

        #[cfg(target_arch = "wasm32")]
        pub(crate) static TABLE: &[Entry] = &[
            $(Entry { endpoint: &$decl, custom: None },)*
            $(Entry { endpoint: &$cdecl, custom: custom(&[$($arg),*], $build) },)*
        ];
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
    declared: [
        project::GET_PROJECT,
        project::GET_METRICS,
        agents::GET_AGENT_SYSTEM_PROMPT,
        agents::CREATE_AGENT_SESSION,
        agents::GET_AGENT_SESSION,
        agents::DELETE_AGENT_SESSION,
        chat::CHAT_COMPLETION,
        configs::LIST_AGENT_CONFIGS,
        configs::GET_AGENT_CONFIG,
        configs::DELETE_AGENT_CONFIG,
        configs::UPDATE_AGENT_SETTINGS,
        configs::LIST_AGENT_VERSIONS,
        configs::GET_AGENT_VERSION,
        configs::GET_AGENT_EVAL_SUITE,
        conversations::CREATE_CONVERSATION,
        conversations::GET_CONVERSATION,
        conversations::DELETE_CONVERSATION,
        conversations::SEND_MESSAGE,
        documents::GET_DOCUMENT,
        documents::GET_INDEX_DOCUMENT,
        documents::LIST_DOCUMENT_VERSIONS,
        evals::LIST_EVAL_CASES,
        evals::GET_EVAL_CASE,
        evals::LIST_EVAL_RUNS,
        evals::GET_EVAL_RUN,
        evals::LIST_EVAL_SUITES,
        evals::GET_EVAL_SUITE,
        evals::LIST_EVAL_SUITE_VERSIONS,
        indexes::LIST_INDEXES,
        indexes::CREATE_INDEX,
        indexes::GET_INDEX,
        indexes::UPDATE_INDEX,
        indexes::DELETE_INDEX,
        scheduled::LIST_SCHEDULED_RUNS,
        scheduled::CREATE_SCHEDULED_RUN,
        scheduled::GET_SCHEDULED_RUN,
        scheduled::UPDATE_SCHEDULED_RUN,
        scheduled::DELETE_SCHEDULED_RUN,
        skills::LIST_SKILLS,
        skills::GET_SKILL,
        skills::VALIDATE_SKILL,
        source::SOURCE_SYNC,
        source::SOURCE_VALIDATE,
        source::SOURCE_DEPLOY,
        source::SOURCE_RENAME,
        source::SOURCE_DELETE,
        studio::GET_STUDIO_TRACE,
        studio::ANALYZE_FIX,
        templates::LIST_PROMPT_TEMPLATES,
        templates::CREATE_PROMPT_TEMPLATE,
        templates::GET_PROMPT_TEMPLATE,
        templates::UPDATE_PROMPT_TEMPLATE,
        templates::DELETE_PROMPT_TEMPLATE,
        vaults::CREATE_SECRET_VAULT,
        vaults::LIST_SECRET_VAULTS,
        vaults::GET_SECRET_VAULT,
        vaults::UPDATE_SECRET_VAULT,
        vaults::DELETE_SECRET_VAULT,
        vaults::LIST_SECRETS,
        vaults::DELETE_SECRET,
    ]
    custom: {
        agents::LIST_AGENT_SESSIONS: (Arg::Raw) =>
            |a| list_options(a.js(0)).and_then(agents::calls::list_agent_sessions);
        agents::RESPOND_TO_AGENT_INPUT: (Arg::Id("session id"), Arg::Id("request id"), Arg::Json("value")) =>
            |a| agents::calls::respond_to_agent_input(a.s(0), a.s(1), a.json(2));
        configs::TRIGGER_AGENT_EVAL: (Arg::Id("agent config id"), Arg::Opts) => |a| {
            let target = crate::js::args::opt_string(a.js(1), "target")?;
            configs::calls::trigger_agent_eval(a.s(0), target.as_deref())
        };
        configs::LIST_AGENT_EVAL_RUNS: (Arg::Id("agent config id"), Arg::Opts) => |a| {
            let limit = opt_int(a.js(1), "limit", 1)?
                .map(|l| u32::try_from(l).map_err(|_| Error::invalid("limit is too large")))
                .transpose()?;
            configs::calls::list_agent_eval_runs(a.s(0), limit)
        };
        conversations::LIST_CONVERSATIONS: (Arg::Opts) =>
            |a| list_options(a.js(0)).and_then(conversations::calls::list_conversations);
        documents::LIST_DOCUMENTS: (Arg::Id("index id"), Arg::Input("listDocuments options")) => |a| {
            let o = documents::DocumentListOptions::from_body(a.obj(1), "listDocuments options")?;
            documents::calls::list_documents(a.s(0), &o)
        };
        documents::LIST_ALL_DOCUMENTS: (Arg::Input("listAllDocuments options")) => |a| {
            let o = documents::DocumentListOptions::from_body(a.obj(0), "listAllDocuments options")?;
            documents::calls::list_all_documents(&o)
        };
        documents::GET_DOCUMENT_BY_NAME: (Arg::Id("index id"), Arg::Id("document name"), Arg::Opts) => |a| {
            let version = opt_int(a.js(2), "version", 1)?;
            documents::calls::get_document_by_name(a.s(0), a.s(1), version)
        };
        documents::DELETE_DOCUMENT: (Arg::Id("document id"), Arg::Raw) =>
            |a| documents::calls::delete_document(a.s(0), hard(a.js(1))?);
        documents::DELETE_INDEX_DOCUMENT: (Arg::Id("index id"), Arg::Id("document id"), Arg::Raw) =>
            |a| documents::calls::delete_index_document(a.s(0), a.s(1), hard(a.js(2))?);
        documents::SEARCH: (Arg::Input("search input")) => |a| {
            let what = "search input";
            let mut body = a.obj(0);
            let index_id = take_index_id(&mut body, what)?;
            documents::calls::search_chunks_body(index_id.as_deref(), body, what)
        };
        documents::SEARCH_INDEX: (Arg::Id("index id"), Arg::Input("searchIndex input")) => |a| {
            let body = a.obj(1);
            documents::calls::search_index_body(a.s(0), body)
        };
        documents::SEARCH_DOCUMENTS: (Arg::Input("searchDocuments input")) => |a| {
            let mut body = a.obj(0);
            let index_id = take_index_id(&mut body, "searchDocuments input")?;
            documents::calls::search_documents_body(index_id.as_deref(), body)
        };
        vaults::PUT_SECRET: (Arg::Id("vault id"), Arg::Id("secret name"), Arg::Id("secret value")) =>
            |a| vaults::calls::put_secret(a.s(0), a.s(1), a.s(2));
        audit::LIST_AUDIT_LOG: (Arg::Input("listAuditLog filter")) => |a| {
            let f = audit::AuditLogFilter::from_body(a.obj(0), "listAuditLog filter")?;
            audit::calls::list_audit_log(&f)
        };
    }
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
