//! `tavora-devserver` binary: flag parsing, startup lines, and a graceful
//! stop on SIGINT or SIGTERM.

use std::io::Write;
use std::process::ExitCode;

use clap::CommandFactory;
use tavora_devserver::config::{parse_args, Command};
use tavora_devserver::state::DEMO_EMAIL;
use tavora_devserver::Config;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::prelude::*;

fn main() -> ExitCode {
    let cfg = match parse_args(std::env::args_os().skip(1)) {
        Ok(Command::Run(cfg)) => cfg,
        Ok(Command::Help) => {
            print!("{}", Config::command().render_help());
            return ExitCode::SUCCESS;
        }
        Err(e) => e.exit(),
    };
    trace_requests();
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("tavora-devserver: cannot start runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    rt.block_on(run(cfg))
}

async fn run(cfg: tavora_devserver::Config) -> ExitCode {
    let (addr, handle) = match tavora_devserver::serve(cfg.clone()).await {
        Ok(x) => x,
        Err(e) => {
            eprintln!(
                "tavora-devserver: cannot listen on {}:{}: {e}",
                cfg.host, cfg.port
            );
            return ExitCode::FAILURE;
        }
    };
    let url = format!("http://{addr}");
    let sign_in = match cfg.dev {
        true => format!("POST {url}/api/dev/sign-in {{\"email\":\"{DEMO_EMAIL}\"}}"),
        false => "disabled (start with --dev)".to_string(),
    };
    let mut lines = vec![format!("tavora-devserver ready at {url}")];
    if cfg.static_dir.is_some() {
        lines.push(format!("  demo page:      {url}/"));
    }
    lines.push(format!(
        "  SDK base URL:   {url}  (API under {url}/api/sdk)"
    ));
    lines.push(format!("  dev sign-in:    {sign_in}"));
    lines.push(format!("  demo user:      {DEMO_EMAIL}"));
    lines.push(format!("  JWT secret:     {}", cfg.jwt_secret));
    if let Some(upstream) = &cfg.upstream {
        lines.push(format!("  proxy mode:     {url}/api/* -> {upstream}/api/*"));
    }
    if !cfg.cors_origins.is_empty() {
        lines.push(format!("  CORS origins:   {}", cfg.cors_origins.join(", ")));
    }
    if cfg.test_control {
        lines.push(format!("  test control:   {url}/__test/*"));
    }
    // The LISTENING line comes first, alone and flushed: scripts wait for it.
    // Write errors are ignored: a reader that went away must not stop the server.
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "LISTENING {url}").and_then(|_| out.flush());
    let _ = writeln!(out, "{}", lines.join("\n")).and_then(|_| out.flush());
    drop(out);
    wait_for_signal().await;
    handle.shutdown().await;
    ExitCode::SUCCESS
}

/// Request tracing (tower-http) on stderr, only when `RUST_LOG` asks for
/// it, e.g. `RUST_LOG=tower_http=debug`.
fn trace_requests() {
    let Ok(spec) = std::env::var("RUST_LOG") else {
        return;
    };
    match spec.parse::<Targets>() {
        Ok(filter) => {
            let fmt = tracing_subscriber::fmt::layer().with_writer(std::io::stderr);
            let _ = tracing_subscriber::registry()
                .with(fmt)
                .with(filter)
                .try_init();
        }
        Err(e) => eprintln!("tavora-devserver: RUST_LOG ignored: {e}"),
    }
}

/// SIGINT (Ctrl-C) or SIGTERM.
async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match (
            signal(SignalKind::interrupt()),
            signal(SignalKind::terminate()),
        ) {
            (Ok(mut int), Ok(mut term)) => {
                tokio::select! {
                    _ = int.recv() => {}
                    _ = term.recv() => {}
                }
            }
            _ => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
