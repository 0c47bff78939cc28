//! Skills (read-only over REST; they arrive via source sync), a small skill
//! linter (`POST /skills/validate`) and the Markdown authoring guide.

use crate::prelude::*;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Skill {
    pub id: String,
    #[serde(default)]
    pub project_id: String,
    pub name: String,
    pub description: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub prompt: String,
    pub config: Value,
    pub parameters: Value,
    pub enabled: bool,
    pub created_at: String,
    pub updated_at: String,
    /// The agent config whose source defined the skill (extra to the contract).
    pub agent_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LintIssue {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    pub message: String,
    /// `error` (makes the source invalid) or `warning`.
    pub severity: String,
}

pub fn routes() -> Api {
    Api::default()
        .get("/skills", crud::list::<Skill>)
        .post("/skills/validate", validate)
        .get("/skills/authoring-guide", authoring_guide)
        .get("/skills/{id}", crud::get::<Skill>)
}

impl Record for Skill {
    const SUBJECT: &'static str = "skill";
    const LIST: &'static str = "skills";
}

fn issue(line: Option<usize>, severity: &str, message: impl Into<String>) -> LintIssue {
    LintIssue {
        line,
        message: message.into(),
        severity: severity.to_string(),
    }
}

/// Checks `()[]{}` balance, skipping strings, template literals and comments.
fn bracket_issues(src: &str) -> Vec<LintIssue> {
    let mut out = Vec::new();
    let mut stack: Vec<(char, usize)> = Vec::new();
    let chars: Vec<char> = src.chars().collect();
    let mut line = 1;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match c {
            '\n' => line += 1,
            '/' if next == Some('/') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            '/' if next == Some('*') => {
                let start = line;
                i += 2;
                loop {
                    match chars.get(i) {
                        None => {
                            out.push(issue(Some(start), "error", "unterminated block comment"));
                            return out;
                        }
                        Some('*') if chars.get(i + 1) == Some(&'/') => {
                            i += 1;
                            break;
                        }
                        Some('\n') => line += 1,
                        _ => {}
                    }
                    i += 1;
                }
            }
            '"' | '\'' | '`' => {
                let start = line;
                i += 1;
                loop {
                    match chars.get(i) {
                        None => {
                            out.push(issue(Some(start), "error", "unterminated string literal"));
                            return out;
                        }
                        Some('\\') => i += 1,
                        Some(&q) if q == c => break,
                        Some('\n') if c != '`' => {
                            out.push(issue(Some(start), "error", "unterminated string literal"));
                            line += 1;
                            break;
                        }
                        Some('\n') => line += 1,
                        _ => {}
                    }
                    i += 1;
                }
            }
            '(' | '[' | '{' => stack.push((c, line)),
            ')' | ']' | '}' => {
                let want = match c {
                    ')' => '(',
                    ']' => '[',
                    _ => '{',
                };
                match stack.pop() {
                    Some((open, _)) if open == want => {}
                    Some((open, l)) => {
                        out.push(issue(
                            Some(line),
                            "error",
                            format!(
                                "unbalanced brackets: `{c}` closes `{open}` opened on line {l}"
                            ),
                        ));
                        return out;
                    }
                    None => {
                        out.push(issue(
                            Some(line),
                            "error",
                            format!("unbalanced brackets: unexpected `{c}`"),
                        ));
                        return out;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    if let Some((open, l)) = stack.pop() {
        out.push(issue(
            Some(l),
            "error",
            format!("unbalanced brackets: `{open}` is never closed"),
        ));
    }
    out
}

fn line_of(src: &str, needle: &str) -> Option<usize> {
    src.lines().position(|l| l.contains(needle)).map(|i| i + 1)
}

/// Lints a skill body; `kind` is `module` (JavaScript) or `prompt` (Markdown).
pub fn lint(source: &str, kind: &str) -> Vec<LintIssue> {
    if source.trim().is_empty() {
        return vec![issue(None, "error", "source is empty")];
    }
    let mut out = Vec::new();
    if kind == "prompt" {
        let mut depth = 0i32;
        for (n, l) in source.lines().enumerate() {
            depth += l.matches("{{").count() as i32;
            depth -= l.matches("}}").count() as i32;
            if depth < 0 {
                out.push(issue(Some(n + 1), "error", "`}}` without a matching `{{`"));
                depth = 0;
            }
        }
        if depth > 0 {
            out.push(issue(None, "error", "unclosed `{{` template variable"));
        }
        if source.len() > 20_000 {
            out.push(issue(None, "warning", "prompt is longer than 20000 bytes"));
        }
        return out;
    }
    out.extend(bracket_issues(source));
    if let Some(l) = line_of(source, "require(") {
        out.push(issue(
            Some(l),
            "error",
            "require() is not available in the skill sandbox; use import",
        ));
    }
    for needle in ["eval(", "new Function"] {
        if let Some(l) = line_of(source, needle) {
            out.push(issue(
                Some(l),
                "warning",
                format!("avoid `{needle}`: dynamic code is blocked in production"),
            ));
        }
    }
    if !source.contains("export ") {
        out.push(issue(
            None,
            "warning",
            "the module exports nothing; export a default function",
        ));
    }
    out
}

#[derive(Deserialize)]
pub struct Validate {
    source: String,
    #[serde(rename = "type")]
    kind: Option<String>,
}

async fn validate(JsonBody(Validate { source, kind }): JsonBody<Validate>) -> ApiResult<Response> {
    let kind = kind.unwrap_or_else(|| "module".to_string());
    if kind != "module" && kind != "prompt" {
        return invalid("type", "type must be \"module\" or \"prompt\"");
    }
    let issues = lint(&source, &kind);
    let valid = !issues.iter().any(|i| i.severity == "error");
    Ok(ok(json!({ "valid": valid, "issues": issues })))
}

/// `skill-guide.md`, then a table row per skill of the workspace.
async fn authoring_guide(ctx: WorkspaceCtx) -> Response {
    let mut md = include_str!("../../skill-guide.md").to_string();
    for s in &ctx.data().skills {
        md.push_str(&format!(
            "| `{}` | {} | {} |\n",
            s.name, s.kind, s.description
        ));
    }
    ([(header::CONTENT_TYPE, "text/markdown")], md).into_response()
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::lint;
    use crate::testutil::TestServer;

    #[test]
    fn linter() {
        assert!(lint("export default () => { return [1, 2]; }", "module").is_empty());
        assert_eq!(lint("  ", "module")[0].message, "source is empty");
        let i = lint(
            "export default function f() {\n  if (x) {\n    return 1;\n}\n",
            "module",
        );
        assert_eq!(i[0].severity, "error");
        assert!(i[0].message.contains("never closed"), "{i:?}");
        let i = lint("export const a = 1;\n)\n", "module");
        assert_eq!(i[0].line, Some(2));
        // Brackets inside strings and comments do not count.
        assert!(lint(
            "export const s = \"{(\"; // }\n/* ) */ export const t = `]`;",
            "module"
        )
        .is_empty());
        let i = lint("const fs = require('fs');", "module");
        assert!(i
            .iter()
            .any(|x| x.severity == "error" && x.message.contains("require")));
        assert!(i
            .iter()
            .any(|x| x.severity == "warning" && x.message.contains("exports nothing")));
        assert!(lint("Hello {{name}}", "prompt").is_empty());
        assert_eq!(lint("Hello {{name", "prompt")[0].severity, "error");
        assert_eq!(lint("Hello name}}", "prompt")[0].line, Some(1));
    }

    #[tokio::test]
    async fn skills_validate_and_guide() {
        let s = TestServer::start().await;
        let key = s.api_key().await;
        let l: Value = s
            .sdk_get(&key, "/api/sdk/skills")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(l["skills"].as_array().unwrap().len(), 2);
        let one: Value = s
            .sdk_get(&key, "/api/sdk/skills/sk_summarize")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(one["type"], "module");
        assert_eq!(one["enabled"], true);
        let r = s.sdk_get(&key, "/api/sdk/skills/sk_nope").await;
        assert_eq!(r.status(), 404);
        let e: Value = r.json().await.unwrap();
        assert_eq!(e["message"], "skill not found");

        let v: Value = s
            .sdk_post(
                &key,
                "/api/sdk/skills/validate",
                json!({"source": "export default () => 1;"}),
            )
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(v, json!({"valid": true, "issues": []}));
        let r = s
            .sdk_post(
                &key,
                "/api/sdk/skills/validate",
                json!({"source": "export default () => {"}),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["valid"], false);
        assert_eq!(v["issues"][0]["severity"], "error");
        assert_eq!(v["issues"][0]["line"], 1);
        let v: Value = s
            .sdk_post(
                &key,
                "/api/sdk/skills/validate",
                json!({"source": "", "type": "prompt"}),
            )
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(v["valid"], false);
        for bad in [
            json!({}),
            json!({"source": 1}),
            json!({"source": "x", "type": "webhook"}),
        ] {
            let r = s
                .sdk_post(&key, "/api/sdk/skills/validate", bad)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 400);
        }

        let r = s
            .get("/api/sdk/skills/authoring-guide")
            .header("X-API-Key", &key)
            .header("Accept", "text/markdown")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-type"], "text/markdown");
        let md = r.text().await.unwrap();
        assert!(md.starts_with("# Skill authoring guide"));
        assert!(md.contains("`summarize`"));
    }
}
