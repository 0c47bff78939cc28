//! Shared application state and the in-memory store: teams, users,
//! workspaces (== projects), API keys and per-workspace data.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

use parking_lot::{Mutex, MutexGuard};
use time::OffsetDateTime;

use crate::api::agents::{AgentSession, AgentStep, PendingInput};
use crate::api::audit::AuditEntry;
use crate::api::configs::{AgentConfig, AgentVersion};
use crate::api::conversations::Conversation;
use crate::api::documents::Document;
use crate::api::evals::{EvalCase, EvalRun, EvalSuite, EvalSuiteVersion};
use crate::api::indexes::Index;
use crate::api::scheduled::ScheduledRun;
use crate::api::skills::Skill;
use crate::api::templates::PromptTemplate;
use crate::api::vaults::{Secret, SecretVault};
use crate::clock::Clock;
use crate::config::Config;
use crate::control::ControlState;
use crate::prelude::*;

pub const TEAM_DEMO: &str = "team_demo";
pub const TEAM_OTHER: &str = "team_other";
pub const USER_DEMO: &str = "user_demo";
pub const DEMO_EMAIL: &str = "demo@tavora.dev";
pub const DEMO_WORKSPACE: &str = "11111111-1111-4111-8111-111111111111";
pub const SECOND_WORKSPACE: &str = "22222222-2222-4222-8222-222222222222";
pub const OTHER_WORKSPACE: &str = "33333333-3333-4333-8333-333333333333";

#[derive(Debug, Clone, Deserialize)]
pub struct Team {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct User {
    pub id: String,
    pub email: String,
    pub name: String,
    pub team_id: String,
}

/// A workspace; the SDK calls it a project.
#[derive(Debug, Clone, Deserialize)]
pub struct Workspace {
    pub id: String,
    pub team_id: String,
    pub name: String,
    #[serde(default)]
    pub slug: String,
    pub description: String,
    #[serde(default)]
    pub created_at: String,
}

/// A workspace API key minted by the session-token exchange.
#[derive(Debug, Clone)]
pub struct ApiKey {
    pub key_id: String,
    pub api_key: String,
    pub key_prefix: String,
    pub workspace_id: String,
    pub user_id: String,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
}

/// Everything a workspace owns. Each API area adds its own collections here.
#[derive(Debug, Default)]
pub struct WorkspaceData {
    /// Agent sessions in creation order (oldest first).
    pub sessions: Vec<AgentSession>,
    /// Recorded steps per session id.
    pub steps: HashMap<String, Vec<AgentStep>>,
    /// Number of (simulated) LLM calls, for metrics.
    pub llm_requests: u64,
    /// Tokens spent by chat completions and conversation messages, for metrics.
    pub chat_prompt_tokens: i64,
    pub chat_completion_tokens: i64,
    pub indexes: Vec<Index>,
    /// Documents of every index, in upload order.
    pub documents: Vec<Document>,
    pub vaults: Vec<SecretVault>,
    pub secrets: Vec<Secret>,
    pub conversations: Vec<Conversation>,
    pub agent_configs: Vec<AgentConfig>,
    pub agent_versions: Vec<AgentVersion>,
    pub eval_cases: Vec<EvalCase>,
    pub eval_suites: Vec<EvalSuite>,
    pub eval_suite_versions: Vec<EvalSuiteVersion>,
    pub eval_runs: Vec<EvalRun>,
    pub skills: Vec<Skill>,
    pub scheduled_runs: Vec<ScheduledRun>,
    pub templates: Vec<PromptTemplate>,
    /// Audit entries, oldest first.
    pub audit: Vec<AuditEntry>,
    /// Number of source deploys (the deploy `version` counter).
    pub deploys: u64,
    /// Input requests of paused agent runs, keyed by request id.
    pub pending_inputs: HashMap<String, PendingInput>,
}

/// The seed data (`devserver/seed.json`): teams, users, workspaces, and
/// what every workspace starts with.
#[derive(Deserialize)]
struct Seed {
    teams: Vec<Team>,
    users: Vec<User>,
    workspaces: Vec<Workspace>,
    created_at: String,
    workspace: WorkspaceSeed,
}

/// Agent configs, versions, eval suites and cases, skills and legacy audit
/// entries, without their `project_id`.
#[derive(Clone, Deserialize)]
struct WorkspaceSeed {
    agent_configs: Vec<AgentConfig>,
    agent_versions: Vec<AgentVersion>,
    eval_suites: Vec<EvalSuite>,
    eval_suite_versions: Vec<EvalSuiteVersion>,
    eval_cases: Vec<EvalCase>,
    skills: Vec<Skill>,
    audit: Vec<AuditEntry>,
}

// Embedded at build time; every test reads it, so it cannot ship broken.
static SEED: LazyLock<Seed> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../seed.json"))
        .unwrap_or_else(|e| panic!("devserver/seed.json is not a valid seed: {e}"))
});

impl WorkspaceData {
    /// The seed data every workspace starts with.
    pub fn seeded(workspace_id: &str) -> WorkspaceData {
        let s = SEED.workspace.clone();
        let ws = || workspace_id.to_string();
        let mut d = WorkspaceData {
            agent_configs: s.agent_configs,
            agent_versions: s.agent_versions,
            eval_suites: s.eval_suites,
            eval_suite_versions: s.eval_suite_versions,
            eval_cases: s.eval_cases,
            skills: s.skills,
            audit: s.audit,
            ..WorkspaceData::default()
        };
        d.agent_configs.iter_mut().for_each(|x| x.project_id = ws());
        d.eval_suites.iter_mut().for_each(|x| x.project_id = ws());
        d.eval_cases.iter_mut().for_each(|x| x.project_id = ws());
        d.skills.iter_mut().for_each(|x| x.project_id = ws());
        d.audit.iter_mut().for_each(|x| x.project_id = ws());
        d
    }
}

#[derive(Debug, Default)]
pub struct Store {
    pub teams: Vec<Team>,
    pub users: Vec<User>,
    pub workspaces: Vec<Workspace>,
    /// Keyed by the full API key.
    pub keys: HashMap<String, ApiKey>,
    /// Keyed by workspace id.
    pub data: HashMap<String, WorkspaceData>,
}

impl Store {
    /// The fixed seed data (see README).
    pub fn seeded() -> Store {
        let workspaces: Vec<Workspace> = SEED
            .workspaces
            .iter()
            .map(|w| Workspace {
                slug: slugify(&w.name),
                created_at: SEED.created_at.clone(),
                ..w.clone()
            })
            .collect();
        let data = workspaces
            .iter()
            .map(|w| (w.id.clone(), WorkspaceData::seeded(&w.id)))
            .collect();
        Store {
            teams: SEED.teams.clone(),
            users: SEED.users.clone(),
            workspaces,
            keys: HashMap::new(),
            data,
        }
    }

    pub fn user_by_id(&self, id: &str) -> Option<&User> {
        self.users.iter().find(|u| u.id == id)
    }

    pub fn user_by_email(&self, email: &str) -> Option<&User> {
        self.users
            .iter()
            .find(|u| u.email.eq_ignore_ascii_case(email.trim()))
    }

    pub fn workspace(&self, id: &str) -> Option<&Workspace> {
        self.workspaces.iter().find(|w| w.id == id)
    }

    pub fn team_workspaces(&self, team_id: &str) -> Vec<&Workspace> {
        self.workspaces
            .iter()
            .filter(|w| w.team_id == team_id)
            .collect()
    }

    /// The data of a workspace (created on first use).
    pub fn data_mut(&mut self, workspace_id: &str) -> &mut WorkspaceData {
        self.data
            .entry(workspace_id.to_string())
            .or_insert_with(|| WorkspaceData::seeded(workspace_id))
    }

    pub fn data(&self, workspace_id: &str) -> Option<&WorkspaceData> {
        self.data.get(workspace_id)
    }
}

/// Lower-case, ASCII alphanumerics joined by single hyphens.
pub fn slugify(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// `n` random bytes as lower-case hex.
pub fn random_hex(n: usize) -> String {
    use rand::RngCore;
    let mut buf = vec![0u8; n];
    rand::thread_rng().fill_bytes(&mut buf);
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

/// A new opaque id such as `as_3f2a…`.
pub fn new_id(prefix: &str) -> String {
    format!("{prefix}_{}", random_hex(8))
}

pub struct Inner {
    pub config: Config,
    pub clock: Clock,
    pub store: Mutex<Store>,
    pub control: Mutex<ControlState>,
}

/// Cheaply clonable handle to everything the handlers share.
#[derive(Clone)]
pub struct AppState(pub Arc<Inner>);

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    pub fn new(config: Config) -> AppState {
        AppState(Arc::new(Inner {
            config,
            clock: Clock::default(),
            store: Mutex::new(Store::seeded()),
            control: Mutex::new(ControlState::default()),
        }))
    }

    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock()
    }

    pub fn control(&self) -> MutexGuard<'_, ControlState> {
        self.control.lock()
    }

    /// Key TTL: the control override, else the flag.
    pub fn key_ttl_secs(&self) -> i64 {
        self.control()
            .key_ttl_override
            .unwrap_or(self.config.key_ttl_secs)
    }

    /// Pause between scripted events: the control override, else the flag.
    pub fn stream_delay_ms(&self) -> u64 {
        self.control()
            .stream_delay_override
            .unwrap_or(self.config.stream_delay_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_and_helpers() {
        let s = Store::seeded();
        assert_eq!(s.team_workspaces(TEAM_DEMO).len(), 2);
        assert_eq!(s.user_by_email("DEMO@tavora.dev").unwrap().id, USER_DEMO);
        assert_eq!(s.workspace(OTHER_WORKSPACE).unwrap().team_id, TEAM_OTHER);
        assert_eq!(slugify("Other team's workspace"), "other-team-s-workspace");
        let h = random_hex(16);
        assert_eq!(h.len(), 32);
        assert!(h.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(random_hex(16), h);
    }
}
