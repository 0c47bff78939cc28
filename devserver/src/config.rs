//! Server configuration: the command-line flags (clap) and their defaults.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::error::ErrorKind;
use clap::Parser;

pub const DEFAULT_JWT_SECRET: &str = "tavora-dev-secret";

#[derive(Clone, Debug, Parser)]
#[command(
    name = "tavora-devserver",
    about = "In-memory Tavora-compatible server for the SDK's tests and demo",
    after_help = "On startup the server prints one line `LISTENING http://HOST:PORT` to stdout."
)]
pub struct Config {
    /// Address to bind
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// Port to bind; 0 picks a free port
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Enable POST /api/dev/sign-in
    #[arg(long)]
    pub dev: bool,
    /// HS256 secret for user JWTs
    #[arg(long, default_value = DEFAULT_JWT_SECRET, value_parser = non_empty)]
    pub jwt_secret: String,
    /// Lifetime of exchanged API keys, in seconds (8 h)
    #[arg(long, default_value_t = 8 * 60 * 60, value_parser = clap::value_parser!(i64).range(1..))]
    pub key_ttl_secs: i64,
    /// Allow this exact origin cross-origin (repeatable; a trailing / is ignored)
    #[arg(long = "cors-origin", value_name = "ORIGIN", value_parser = origin)]
    pub cors_origins: Vec<String>,
    /// Enable the /__test/* control API (implies --no-keep-alive)
    #[arg(long)]
    pub test_control: bool,
    /// Serve DIR at / (index.html for directories)
    #[arg(long, value_name = "DIR")]
    pub static_dir: Option<PathBuf>,
    /// Pause between scripted agent events, in ms
    #[arg(long, default_value_t = 150)]
    pub stream_delay_ms: u64,
    /// HTTP/1.1 keep-alive; resolved from the two flags below by `parse_args`.
    /// Off with `--test-control` so a `close` fault is never swallowed by a
    /// browser silently re-sending the request on a reused connection.
    #[arg(skip = true)]
    pub keep_alive: bool,
    /// Force HTTP keep-alive on (even with --test-control)
    #[arg(long = "keep-alive", overrides_with = "no_keep_alive")]
    pub force_keep_alive: bool,
    /// Close every connection after one response
    #[arg(long, overrides_with = "force_keep_alive")]
    pub no_keep_alive: bool,
    /// Time documents and eval runs take to settle, in ms (reads also advance them)
    #[arg(long, default_value_t = 1000)]
    pub processing_ms: u64,
    /// Answer 503 on every /secret-vaults route
    #[arg(long = "no-vault-encryption", action = clap::ArgAction::SetFalse)]
    pub vault_encryption: bool,
    /// Proxy mode: forward every /api/* request to URL (http:// or https://); static files stay local
    #[arg(long, value_name = "URL", value_parser = crate::proxy::parse_upstream)]
    pub upstream: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        // Every flag has a default, so an empty command line always parses.
        Config::parse_from(["tavora-devserver"]).resolved()
    }
}

impl Config {
    /// Applies the keep-alive default, which depends on `--test-control`.
    fn resolved(mut self) -> Self {
        self.keep_alive = match (self.force_keep_alive, self.no_keep_alive) {
            (true, _) => true,
            (_, true) => false,
            _ => !self.test_control,
        };
        self
    }
}

#[derive(Debug)]
pub enum Command {
    Run(Config),
    Help,
}

/// Parses the arguments after the program name.
pub fn parse_args<I, S>(args: I) -> Result<Command, clap::Error>
where
    I: IntoIterator<Item = S>,
    S: Into<OsString>,
{
    let argv =
        std::iter::once(OsString::from("tavora-devserver")).chain(args.into_iter().map(Into::into));
    match Config::try_parse_from(argv) {
        Ok(c) => Ok(Command::Run(c.resolved())),
        Err(e) if e.kind() == ErrorKind::DisplayHelp => Ok(Command::Help),
        Err(e) => Err(e),
    }
}

fn non_empty(s: &str) -> Result<String, String> {
    if s.is_empty() {
        return Err("must not be empty".to_string());
    }
    Ok(s.to_string())
}

fn origin(s: &str) -> Result<String, String> {
    if s.contains('*') {
        return Err("give an exact origin; `*` is not supported".to_string());
    }
    Ok(s.trim_end_matches('/').to_string())
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
