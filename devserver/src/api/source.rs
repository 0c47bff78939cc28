//! The code-first source surface (camelCase JSON): sync, validate, deploy,
//! rename and delete of agents authored as folders (`tavora/agents/<id>/…`);
//! the files a folder may hold are in the README (*Code-first source*).

use std::collections::{BTreeMap, HashSet};

use base64::Engine;

use super::configs::{cascade_delete, AgentConfig, AgentVersion, Spec, Staged};
use super::evals::{new_run, EvalCase};
use super::sha256_hex;
use super::skills::{lint, Skill};
use crate::prelude::*;

/// A synced file (content kept when it was sent).
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub hash: String,
    pub size: i64,
    pub content: Option<Vec<u8>>,
}

/// A finding of validate/sync/deploy.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Issue {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    pub code: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// `fatal` (blocks sync) or `warn`.
    pub severity: String,
}

fn fatal(file: Option<&str>, code: &str, message: impl Into<String>) -> Issue {
    Issue {
        file: file.map(str::to_string),
        line: None,
        column: None,
        code: code.to_string(),
        message: message.into(),
        hint: None,
        severity: "fatal".to_string(),
    }
}

fn warn(file: Option<&str>, code: &str, message: impl Into<String>) -> Issue {
    Issue {
        severity: "warn".to_string(),
        ..fatal(file, code, message)
    }
}

/// A JSON file that did not parse: `invalid_json` with its position, or
/// `data_code` when it is JSON of the wrong shape.
fn json_issue(file: Option<&str>, data_code: &str, e: &serde_json::Error) -> Issue {
    if e.is_data() {
        return fatal(file, data_code, e.to_string());
    }
    let mut i = fatal(file, "invalid_json", format!("invalid JSON: {e}"));
    i.line = Some(e.line());
    i.column = Some(e.column());
    i
}

pub fn routes() -> Api {
    Api::default()
        .put("/source-sync", sync)
        .post("/source-validate", validate)
        .post("/source-deploy", deploy)
        .post("/source-rename", rename)
        .post("/source-delete", delete)
}

/// `[a-z0-9][a-z0-9_-]*`, at most 63 characters.
pub fn valid_local_id(id: &str) -> bool {
    let b = id.as_bytes();
    !b.is_empty()
        && b.len() <= 63
        && (b[0].is_ascii_lowercase() || b[0].is_ascii_digit())
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-' || *c == b'_')
}

/// The body of source-sync and source-validate (`environment`,
/// `sourceHash` and `generatedAt` are accepted and ignored).
#[derive(Deserialize)]
pub struct Manifest {
    project: Option<String>,
    agents: Option<Vec<ManifestAgent>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ManifestAgent {
    id: Option<String>,
    source_hash: Option<String>,
    files: Option<Vec<ManifestFile>>,
}

#[derive(Deserialize)]
struct ManifestFile {
    path: Option<String>,
    hash: Option<String>,
    size: Option<i64>,
    content: Option<String>,
}

/// `agent.json` / `config.json`.
#[derive(Debug, Default, Deserialize)]
struct AgentJson {
    name: Option<String>,
    description: Option<String>,
    provider: Option<String>,
    model: Option<String>,
    capabilities: Option<Vec<String>>,
    stores: Option<Vec<String>>,
}

/// `evals/*.json`.
#[derive(Debug, Deserialize)]
struct EvalJson {
    name: Option<String>,
    prompt: String,
    criteria: Option<String>,
    description: Option<String>,
    system_prompt: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    config: Option<Value>,
    tools: Option<Value>,
    pass_threshold: Option<i64>,
}

/// What one manifest agent turns into.
#[derive(Debug, Default)]
struct Plan {
    local_id: String,
    source_hash: String,
    files: BTreeMap<String, SourceFile>,
    persona: String,
    config: AgentJson,
    /// (name, kind, text)
    skills: Vec<(String, String, String)>,
    /// (file stem, case)
    evals: Vec<(String, EvalJson)>,
}

/// Decodes `content` (raw UTF-8 if it hashes to `hash`, else base64).
fn decode_content(content: &str, hash: &str) -> Option<Vec<u8>> {
    let want = hash.strip_prefix("sha256:")?.to_ascii_lowercase();
    if sha256_hex(content.as_bytes()) == want {
        return Some(content.as_bytes().to_vec());
    }
    let b = base64::engine::general_purpose::STANDARD
        .decode(content.trim())
        .ok()?;
    (sha256_hex(&b) == want).then_some(b)
}

fn relative_path(path: &str, local_id: &str) -> String {
    let marker = format!("agents/{local_id}/");
    match path.find(&marker) {
        Some(i) => path[i + marker.len()..].to_string(),
        None => path.to_string(),
    }
}

fn stem(path: &str) -> String {
    let file = path.rsplit('/').next().unwrap_or(path);
    file.rsplit_once('.')
        .map(|(s, _)| s.to_string())
        .unwrap_or_else(|| file.to_string())
}

/// A file's path relative to the agent folder and its bytes: sent, or kept
/// from the last sync under the same hash.
fn read_file(
    f: &ManifestFile,
    id: &str,
    old: Option<&AgentConfig>,
) -> Result<(String, Vec<u8>), Box<Issue>> {
    let (path, hash) = (
        f.path.as_deref().unwrap_or(""),
        f.hash.as_deref().unwrap_or(""),
    );
    let fail = |code: &str, message: &str| Err(Box::new(fatal(Some(path), code, message)));
    let rel = relative_path(path, id);
    if rel.is_empty()
        || rel.starts_with('/')
        || rel.contains('\\')
        || rel.split('/').any(|s| s == "..")
    {
        return fail("invalid_path", "file paths must be relative, without `..`");
    }
    let hex = hash.strip_prefix("sha256:").unwrap_or("");
    if hex.len() != 64 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return fail("invalid_hash", "hash must be \"sha256:<64 hex digits>\"");
    }
    let bytes = match &f.content {
        Some(c) => match decode_content(c, hash) {
            Some(bytes) => bytes,
            None => {
                return fail(
                    "hash_mismatch",
                    "content matches the hash neither as UTF-8 nor as base64",
                )
            }
        },
        None => match old
            .and_then(|c| c.files.get(&rel))
            .filter(|o| o.hash.eq_ignore_ascii_case(hash))
        {
            Some(SourceFile {
                content: Some(bytes),
                ..
            }) => bytes.clone(),
            _ => {
                let mut i = fatal(
                    Some(path),
                    "content_missing",
                    "the server has no content for this file",
                );
                i.hint = Some("send the file content".to_string());
                return Err(Box::new(i));
            }
        },
    };
    Ok((rel, bytes))
}

/// Validates a manifest: everything it finds is an issue.
fn analyze(d: &WorkspaceData, m: &Manifest) -> (Vec<Issue>, Vec<Plan>) {
    let mut issues = Vec::new();
    let project = m.project.clone().unwrap_or_default();
    if project.trim().is_empty() {
        issues.push(fatal(None, "missing_project", "project is required"));
    }
    let mut seen = HashSet::new();
    let mut plans = Vec::new();
    for a in m.agents.iter().flatten() {
        let id = a.id.clone().unwrap_or_default();
        if !valid_local_id(&id) {
            let msg = format!("agent id {id:?} must match [a-z0-9][a-z0-9_-]* (max 63)");
            issues.push(fatal(None, "invalid_agent_id", msg));
            continue;
        }
        if !seen.insert(id.clone()) {
            let msg = format!("agent {id} appears twice");
            issues.push(fatal(None, "duplicate_agent_id", msg));
            continue;
        }
        let existing = find_local(d, &project, &id);
        let mut plan = Plan {
            local_id: id.clone(),
            ..Default::default()
        };
        for f in a.files.iter().flatten() {
            let (rel, bytes) = match read_file(f, &id, existing) {
                Ok(x) => x,
                Err(issue) => {
                    issues.push(*issue);
                    continue;
                }
            };
            let p = f.path.as_deref();
            if let Some(size) = f.size.filter(|s| *s != bytes.len() as i64) {
                let msg = format!("size says {size} but the content has {} bytes", bytes.len());
                issues.push(warn(p, "size_mismatch", msg));
            }
            let text = String::from_utf8_lossy(&bytes).into_owned();
            match rel.as_str() {
                "persona.md" | "agent.md" | "AGENT.md" => plan.persona = text,
                "agent.json" | "config.json" => match serde_json::from_str(&text) {
                    Ok(c) => plan.config = c,
                    Err(e) => issues.push(json_issue(p, "invalid_config", &e)),
                },
                r if r.starts_with("skills/") && (r.ends_with(".js") || r.ends_with(".md")) => {
                    let kind = if r.ends_with(".js") {
                        "module"
                    } else {
                        "prompt"
                    };
                    for l in lint(&text, kind) {
                        let severity = if l.severity == "error" { fatal } else { warn };
                        let mut i = severity(p, "skill_lint", l.message);
                        i.line = l.line;
                        issues.push(i);
                    }
                    plan.skills.push((stem(r), kind.to_string(), text));
                }
                r if r.starts_with("evals/") && r.ends_with(".json") => {
                    match serde_json::from_str(&text) {
                        Ok(case) => plan.evals.push((stem(r), case)),
                        Err(e) => issues.push(json_issue(p, "invalid_eval_case", &e)),
                    }
                }
                _ => {}
            }
            let hash = f.hash.clone().unwrap_or_default().to_ascii_lowercase();
            let size = bytes.len() as i64;
            plan.files.insert(
                rel,
                SourceFile {
                    hash,
                    size,
                    content: Some(bytes),
                },
            );
        }
        if plan.persona.trim().is_empty() {
            issues.push(warn(
                None,
                "missing_persona",
                format!("agent {id} has no persona.md"),
            ));
        }
        plan.source_hash = match a.source_hash.clone().filter(|h| !h.is_empty()) {
            Some(h) => h,
            None => {
                let joined: String = plan
                    .files
                    .iter()
                    .map(|(p, f)| format!("{p}\0{}\n", f.hash))
                    .collect();
                format!("sha256:{}", sha256_hex(joined.as_bytes()))
            }
        };
        plans.push(plan);
    }
    (issues, plans)
}

fn has_fatal(issues: &[Issue]) -> bool {
    issues.iter().any(|i| i.severity == "fatal")
}

async fn validate(ctx: WorkspaceCtx, JsonBody(m): JsonBody<Manifest>) -> ApiResult<Response> {
    let d = ctx.data();
    let (issues, _) = analyze(&d, &m);
    Ok(ok(json!({ "issues": issues })))
}

/// Applies one plan: upserts the config, its staged draft, skills and cases.
fn apply(
    d: &mut WorkspaceData,
    ws: &str,
    project: &str,
    plan: Plan,
    now: &str,
) -> (String, String) {
    let cfg = &plan.config;
    let id = match find_local(d, project, &plan.local_id) {
        Some(c) => c.id.clone(),
        None => {
            let id = new_id("agt");
            d.agent_configs.push(AgentConfig {
                id: id.clone(),
                project_id: ws.to_string(),
                name: cfg.name.clone().unwrap_or_else(|| plan.local_id.clone()),
                description: cfg.description.clone().unwrap_or_default(),
                created_by: "source-sync".to_string(),
                spec: Spec {
                    skills_json: json!([]),
                    stores_json: json!([]),
                    provider: "google".to_string(),
                    model: "gemini-2.5-flash".to_string(),
                    ..Spec::default()
                },
                created_at: now.to_string(),
                updated_at: now.to_string(),
                code_first_project: Some(project.to_string()),
                code_first_local_id: Some(plan.local_id.clone()),
                ..Default::default()
            });
            id
        }
    };
    // Skills and eval cases mirror the folder: skills are kept by name.
    let mine = |agent: &Option<String>| agent.as_deref() == Some(id.as_str());
    let in_plan = |name: &String| plan.skills.iter().any(|(n, ..)| n == name);
    d.skills.retain(|s| !mine(&s.agent_id) || in_plan(&s.name));
    let mut skill_refs = Vec::new();
    for (name, kind, text) in &plan.skills {
        let (prompt, config) = match kind.as_str() {
            "prompt" => (text.clone(), json!({"file": format!("skills/{name}.md")})),
            _ => (
                String::new(),
                json!({"file": format!("skills/{name}.js"), "source": text}),
            ),
        };
        let at = d
            .skills
            .iter()
            .position(|s| mine(&s.agent_id) && &s.name == name);
        let at = at.unwrap_or_else(|| {
            d.skills.push(Skill {
                id: new_id("sk"),
                project_id: ws.to_string(),
                name: name.clone(),
                parameters: json!({}),
                enabled: true,
                created_at: now.to_string(),
                agent_id: Some(id.clone()),
                ..Default::default()
            });
            d.skills.len() - 1
        });
        let s = &mut d.skills[at];
        (s.kind, s.prompt, s.config, s.updated_at) =
            (kind.clone(), prompt, config, now.to_string());
        skill_refs.push(json!({"skill_id": s.id, "version": "draft"}));
    }
    d.eval_cases.retain(|c| !mine(&c.agent_id));
    for (stem, case) in &plan.evals {
        d.eval_cases.push(EvalCase {
            id: new_id("ec"),
            project_id: ws.to_string(),
            name: case.name.clone().unwrap_or_else(|| stem.clone()),
            description: case.description.clone().unwrap_or_default(),
            set_name: plan.local_id.clone(),
            kind: case.kind.clone().unwrap_or_else(|| "llm_judge".to_string()),
            config: case.config.clone().unwrap_or(json!({})),
            prompt: case.prompt.clone(),
            criteria: case.criteria.clone().unwrap_or_default(),
            system_prompt: case.system_prompt.clone().unwrap_or_default(),
            tools: case.tools.clone().unwrap_or(json!([])),
            pass_threshold: case.pass_threshold.unwrap_or(70),
            created_at: now.to_string(),
            agent_id: Some(id.clone()),
        });
    }
    let draft_id = new_id("drf");
    if let Some(c) = d.agent_configs.iter_mut().find(|c| c.id == id) {
        let or = |v: &Option<String>, old: &String| v.clone().unwrap_or_else(|| old.clone());
        c.staged = Some(Staged {
            draft_id: draft_id.clone(),
            source_hash: plan.source_hash.clone(),
            name: or(&cfg.name, &c.name),
            description: or(&cfg.description, &c.description),
            spec: Spec {
                persona_md: plan.persona.clone(),
                skills_json: Value::Array(skill_refs),
                stores_json: json!(cfg.stores.clone().unwrap_or_default()),
                provider: or(&cfg.provider, &c.spec.provider),
                model: or(&cfg.model, &c.spec.model),
            },
            enabled_capabilities: cfg
                .capabilities
                .clone()
                .or_else(|| c.enabled_capabilities.clone()),
        });
        c.files = plan.files;
        c.updated_at = now.to_string();
    }
    (id, draft_id)
}

async fn sync(ctx: WorkspaceCtx, JsonBody(m): JsonBody<Manifest>) -> ApiResult<Response> {
    let now = ctx.now.stamp.clone();
    let mut d = ctx.data();
    let (issues, plans) = analyze(&d, &m);
    if has_fatal(&issues) {
        let n = issues.iter().filter(|i| i.severity == "fatal").count();
        return Err(ApiError::bad_request(format!(
            "source has {n} fatal issue(s); nothing was synced"
        ))
        .recode("source_invalid")
        .with_detail("issues", serde_json::to_value(&issues).unwrap_or_default()));
    }
    // No fatal issue: the project is there.
    let project = m.project.unwrap_or_default();
    let mut agents = Vec::new();
    let mut hashes = Vec::new();
    for plan in plans {
        let local_id = plan.local_id.clone();
        let source_hash = plan.source_hash.clone();
        let (agent_id, draft_id) = apply(&mut d, &ctx.workspace_id, &project, plan, &now);
        hashes.push(format!("{local_id}:{source_hash}\n"));
        agents.push(json!({
            "localId": local_id,
            "agentId": agent_id,
            "draftId": draft_id,
            "sourceHash": source_hash,
        }));
    }
    hashes.sort();
    let draft_hash = format!("sha256:{}", sha256_hex(hashes.concat().as_bytes()));
    record(
        &mut d,
        &ctx,
        "source.sync",
        "source_project",
        &project,
        json!({"agents": agents.len(), "draft_hash": draft_hash}),
    );
    let mut out = json!({"draftHash": draft_hash, "agents": agents, "syncedAt": now});
    if !issues.is_empty() {
        out["serverIssues"] = serde_json::to_value(&issues).unwrap_or_default();
    }
    Ok(ok(out))
}

fn bump_minor(semver: &str) -> String {
    let mut parts = semver.split('.').map(|p| p.parse::<u64>().unwrap_or(0));
    let major = parts.next().unwrap_or(1);
    let minor = parts.next().unwrap_or(0);
    format!("{major}.{}.0", minor + 1)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Deploy {
    project: NonBlank,
    local_agent_id: Option<String>,
    run_evals: Option<bool>,
}

async fn deploy(ctx: WorkspaceCtx, JsonBody(b): JsonBody<Deploy>) -> ApiResult<Response> {
    let project = b.project.0;
    let local = b.local_agent_id.filter(|l| !l.is_empty());
    let run_evals = b.run_evals.unwrap_or(false);
    let now = ctx.now.stamp.clone();
    let mut d = ctx.data();
    let in_project = |c: &AgentConfig| {
        c.code_first_project.as_deref() == Some(project.as_str())
            && local
                .as_ref()
                .is_none_or(|l| c.code_first_local_id.as_ref() == Some(l))
    };
    if !d.agent_configs.iter().any(in_project) {
        return Err(not_found(if local.is_some() {
            "agent"
        } else {
            "source project"
        }));
    }
    let staged: Vec<usize> = (0..d.agent_configs.len())
        .filter(|&i| in_project(&d.agent_configs[i]) && d.agent_configs[i].staged.is_some())
        .collect();
    if staged.is_empty() {
        let msg = "no agent has staged changes; run source-sync first";
        return Err(ApiError::conflict("nothing_to_deploy", msg));
    }
    let (mut agents, mut issues) = (Vec::new(), Vec::new());
    for i in staged {
        let id = d.agent_configs[i].id.clone();
        let last = d.agent_versions.iter().rev().find(|v| v.agent_id == id);
        let semver = last.map_or("1.0.0".to_string(), |v| bump_minor(&v.semver));
        let suite_id = d.agent_configs[i].eval_suite_id.clone();
        let suite = suite_id
            .as_ref()
            .and_then(|s| d.eval_suites.iter().find(|x| &x.id == s));
        let suite_version = suite
            .and_then(|s| s.active_version_id.as_ref())
            .and_then(|v| d.eval_suite_versions.iter().find(|x| &x.id == v))
            .map(|v| v.semver.clone());
        let cfg = &mut d.agent_configs[i];
        let Some(st) = cfg.staged.take() else {
            continue;
        };
        let version = AgentVersion {
            id: new_id("agv"),
            agent_id: id.clone(),
            semver: semver.clone(),
            spec: st.spec.clone(),
            eval_suite_id: suite_id,
            eval_suite_version: suite_version,
            created_by: ctx.key_id.clone(),
            created_at: now.clone(),
        };
        let vid = version.id.clone();
        (cfg.name, cfg.description, cfg.spec) = (st.name, st.description, st.spec);
        cfg.enabled_capabilities = st.enabled_capabilities;
        cfg.active_version_id = Some(vid.clone());
        (cfg.published_at, cfg.updated_at) = (Some(now.clone()), now.clone());
        let local_id = cfg.code_first_local_id.clone().unwrap_or_default();
        d.agent_versions.push(version);
        if run_evals {
            match new_run(&d, &d.agent_configs[i], "live", ctx.now.t) {
                Ok(r) => d.eval_runs.push(r),
                Err(e) => {
                    let msg = format!("{local_id}: {}", e.message);
                    issues.push(warn(None, "eval_not_started", msg));
                }
            }
        }
        agents
            .push(json!({"localId": local_id, "agentId": id, "versionId": vid, "semver": semver}));
    }
    d.deploys += 1;
    let version = format!("v{}", d.deploys);
    record(
        &mut d,
        &ctx,
        "source.deploy",
        "source_project",
        &project,
        json!({"version": version, "agents": agents.len(), "run_evals": run_evals}),
    );
    let mut out = json!({"version": version, "agents": agents, "deployedAt": now});
    if !issues.is_empty() {
        out["serverIssues"] = serde_json::to_value(&issues).unwrap_or_default();
    }
    Ok(ok(out))
}

fn find_local<'a>(d: &'a WorkspaceData, project: &str, local: &str) -> Option<&'a AgentConfig> {
    d.agent_configs.iter().find(|c| {
        c.code_first_project.as_deref() == Some(project)
            && c.code_first_local_id.as_deref() == Some(local)
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Rename {
    project: NonBlank,
    old_local_id: NonBlank,
    new_local_id: NonBlank,
}

async fn rename(ctx: WorkspaceCtx, JsonBody(b): JsonBody<Rename>) -> ApiResult<Response> {
    let (project, old, new) = (b.project.0, b.old_local_id.0, b.new_local_id.0);
    if !valid_local_id(&new) {
        return invalid(
            "newLocalId",
            "newLocalId must match [a-z0-9][a-z0-9_-]* (max 63)",
        );
    }
    let now = ctx.now.stamp.clone();
    let mut d = ctx.data();
    let id = find_local(&d, &project, &old)
        .map(|c| c.id.clone())
        .ok_or_else(|| not_found("agent"))?;
    if old != new && find_local(&d, &project, &new).is_some() {
        return Err(ApiError::conflict(
            "local_id_taken",
            format!("an agent with local id {new:?} already exists in {project:?}"),
        ));
    }
    if let Some(c) = d.agent_configs.iter_mut().find(|c| c.id == id) {
        c.code_first_local_id = Some(new.clone());
        c.updated_at = now.clone();
    }
    for c in d.eval_cases.iter_mut() {
        if c.agent_id.as_deref() == Some(id.as_str()) && c.set_name == old {
            c.set_name = new.clone();
        }
    }
    record(
        &mut d,
        &ctx,
        "source.rename",
        "agent_config",
        &id,
        json!({"project": project, "old_local_id": old, "new_local_id": new}),
    );
    Ok(ok(
        json!({"agentId": id, "oldLocalId": old, "newLocalId": new}),
    ))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Delete {
    project: NonBlank,
    local_id: NonBlank,
    force: Option<bool>,
}

async fn delete(ctx: WorkspaceCtx, JsonBody(b): JsonBody<Delete>) -> ApiResult<Response> {
    let (project, local) = (b.project.0, b.local_id.0);
    if b.force != Some(true) {
        return Err(ApiError::bad_request(
            "deleting a code-managed agent destroys its versions and runs; send force: true",
        )
        .recode("force_required")
        .with_detail("field", "force"));
    }
    let mut d = ctx.data();
    let id = find_local(&d, &project, &local)
        .map(|c| c.id.clone())
        .ok_or_else(|| not_found("agent"))?;
    cascade_delete(&mut d, &id);
    record(
        &mut d,
        &ctx,
        "source.delete",
        "agent_config",
        &id,
        json!({"project": project, "local_id": local}),
    );
    Ok(ok(
        json!({"agentId": id, "localId": local, "deleted": true}),
    ))
}

#[cfg(test)]
mod tests;
