//! Server configuration and command-line flag parsing.

use std::path::PathBuf;

/// The JWT secret used when `--jwt-secret` is not given.
pub const DEFAULT_JWT_SECRET: &str = "tavora-dev-secret";
/// Default lifetime of keys minted by the session-token exchange (8 h).
pub const DEFAULT_KEY_TTL_SECS: i64 = 8 * 60 * 60;
/// Default pause between scripted agent events.
pub const DEFAULT_STREAM_DELAY_MS: u64 = 150;
/// Default time documents and eval runs take to settle.
pub const DEFAULT_PROCESSING_MS: u64 = 1000;

/// Everything the server needs to start.
#[derive(Clone, Debug)]
pub struct Config {
    pub host: String,
    pub port: u16,
    /// Enables `POST /api/dev/sign-in`.
    pub dev: bool,
    pub jwt_secret: String,
    pub key_ttl_secs: i64,
    /// Exact origins that get CORS headers.
    pub cors_origins: Vec<String>,
    /// Enables `/__test/*`.
    pub test_control: bool,
    /// Serve files from this folder at `/`.
    pub static_dir: Option<PathBuf>,
    pub stream_delay_ms: u64,
    /// HTTP/1.1 keep-alive. Off by default with `--test-control` so a `close`
    /// fault is never swallowed by a browser silently re-sending the request
    /// on a reused connection.
    pub keep_alive: bool,
    /// How long (server-clock ms) uploaded documents and triggered eval runs
    /// stay pending/processing before they settle. Reads also advance them.
    pub processing_ms: u64,
    /// Off with `--no-vault-encryption`: every secret-vault route answers 503.
    pub vault_encryption: bool,
    /// Proxy mode: forward every `/api/*` request to this origin (see `proxy`).
    pub upstream: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            host: "127.0.0.1".to_string(),
            port: 8080,
            dev: false,
            jwt_secret: DEFAULT_JWT_SECRET.to_string(),
            key_ttl_secs: DEFAULT_KEY_TTL_SECS,
            cors_origins: Vec::new(),
            test_control: false,
            static_dir: None,
            stream_delay_ms: DEFAULT_STREAM_DELAY_MS,
            keep_alive: true,
            processing_ms: DEFAULT_PROCESSING_MS,
            vault_encryption: true,
            upstream: None,
        }
    }
}

/// What the command line asked for.
#[derive(Debug)]
pub enum Command {
    Run(Config),
    Help,
}

pub const HELP: &str = "\
tavora-devserver — in-memory Tavora-compatible server for the SDK's tests and demo

USAGE:
    tavora-devserver [FLAGS]

FLAGS:
    --host HOST              address to bind (default 127.0.0.1)
    --port PORT              port to bind; 0 picks a free port (default 8080)
    --dev                    enable POST /api/dev/sign-in
    --jwt-secret SECRET      HS256 secret for user JWTs (default tavora-dev-secret)
    --key-ttl-secs N         lifetime of exchanged API keys (default 28800 = 8 h)
    --cors-origin ORIGIN     allow this exact origin cross-origin (repeatable)
    --test-control           enable the /__test/* control API (implies --no-keep-alive)
    --static-dir DIR         serve DIR at / (index.html for directories)
    --stream-delay-ms N      pause between scripted agent events (default 150)
    --keep-alive             force HTTP keep-alive on (even with --test-control)
    --no-keep-alive          close every connection after one response
    --processing-ms N        time documents / eval runs take to settle (default 1000)
    --no-vault-encryption    answer 503 on every /secret-vaults route
    --upstream URL           proxy mode: forward every /api/* request to URL
                             (http:// or https://); static files stay local
    -h, --help               print this help

On startup the server prints one line `LISTENING http://HOST:PORT` to stdout.
";

/// Parses the arguments after the program name.
pub fn parse_args<I, S>(args: I) -> Result<Command, String>
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    let mut cfg = Config::default();
    let mut keep_alive: Option<bool> = None;
    let mut it = args.into_iter().map(Into::into);
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            match inline.clone() {
                Some(v) => Ok(v),
                None => it.next().ok_or_else(|| format!("{name} needs a value")),
            }
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--host" => cfg.host = value("--host")?,
            "--port" => cfg.port = parse_num(&value("--port")?, "--port")?,
            "--dev" => cfg.dev = true,
            "--jwt-secret" => {
                let s = value("--jwt-secret")?;
                if s.is_empty() {
                    return Err("--jwt-secret must not be empty".to_string());
                }
                cfg.jwt_secret = s;
            }
            "--key-ttl-secs" => {
                let n: i64 = parse_num(&value("--key-ttl-secs")?, "--key-ttl-secs")?;
                if n <= 0 {
                    return Err("--key-ttl-secs must be positive".to_string());
                }
                cfg.key_ttl_secs = n;
            }
            "--cors-origin" => {
                let o = value("--cors-origin")?;
                cfg.cors_origins.push(o.trim_end_matches('/').to_string());
            }
            "--test-control" => cfg.test_control = true,
            "--static-dir" => cfg.static_dir = Some(PathBuf::from(value("--static-dir")?)),
            "--stream-delay-ms" => {
                cfg.stream_delay_ms = parse_num(&value("--stream-delay-ms")?, "--stream-delay-ms")?
            }
            "--keep-alive" => keep_alive = Some(true),
            "--no-keep-alive" => keep_alive = Some(false),
            "--processing-ms" => {
                cfg.processing_ms = parse_num(&value("--processing-ms")?, "--processing-ms")?
            }
            "--no-vault-encryption" => cfg.vault_encryption = false,
            "--upstream" => {
                cfg.upstream = Some(crate::proxy::parse_upstream(&value("--upstream")?)?)
            }
            other => return Err(format!("unknown flag {other:?} (see --help)")),
        }
    }
    cfg.keep_alive = keep_alive.unwrap_or(!cfg.test_control);
    Ok(Command::Run(cfg))
}

fn parse_num<T: std::str::FromStr>(s: &str, flag: &str) -> Result<T, String> {
    s.parse()
        .map_err(|_| format!("{flag}: {s:?} is not a valid number"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Config {
        match parse_args(args.iter().copied()).unwrap() {
            Command::Run(c) => c,
            Command::Help => panic!("unexpected help"),
        }
    }

    #[test]
    fn defaults() {
        let c = run(&[]);
        assert_eq!(c.host, "127.0.0.1");
        assert_eq!(c.port, 8080);
        assert!(!c.dev && !c.test_control && c.keep_alive);
        assert_eq!(c.jwt_secret, "tavora-dev-secret");
        assert_eq!(c.key_ttl_secs, 28800);
        assert_eq!(c.stream_delay_ms, 150);
        assert!(c.cors_origins.is_empty() && c.static_dir.is_none());
    }

    #[test]
    fn all_flags_both_syntaxes() {
        let c = run(&[
            "--host=0.0.0.0",
            "--port",
            "0",
            "--dev",
            "--jwt-secret",
            "s3",
            "--key-ttl-secs=60",
            "--cors-origin",
            "http://a.test/",
            "--cors-origin=http://b.test",
            "--test-control",
            "--static-dir",
            "www",
            "--stream-delay-ms",
            "5",
        ]);
        assert_eq!(c.host, "0.0.0.0");
        assert_eq!(c.port, 0);
        assert!(c.dev && c.test_control);
        assert!(!c.keep_alive, "test-control implies no keep-alive");
        assert_eq!(c.jwt_secret, "s3");
        assert_eq!(c.key_ttl_secs, 60);
        assert_eq!(c.cors_origins, vec!["http://a.test", "http://b.test"]);
        assert_eq!(c.static_dir, Some(PathBuf::from("www")));
        assert_eq!(c.stream_delay_ms, 5);
        assert!(run(&["--test-control", "--keep-alive"]).keep_alive);
        let c = run(&["--processing-ms=0", "--no-vault-encryption"]);
        assert_eq!(c.processing_ms, 0);
        assert!(!c.vault_encryption);
        assert_eq!(run(&[]).processing_ms, 1000);
    }

    #[test]
    fn help_and_errors() {
        assert!(matches!(parse_args(["--help"]), Ok(Command::Help)));
        assert!(parse_args(["--port", "x"]).is_err());
        assert!(parse_args(["--port"]).is_err());
        assert!(parse_args(["--bogus"]).is_err());
        assert!(parse_args(["--key-ttl-secs", "0"]).is_err());
        assert!(parse_args(["--upstream", "ftp://x"]).is_err());
        assert_eq!(
            run(&["--upstream=https://tavora.example/"])
                .upstream
                .as_deref(),
            Some("https://tavora.example")
        );
        assert!(run(&[]).upstream.is_none());
    }
}
