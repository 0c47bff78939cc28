//! `--static-dir`: serves the demo page and its assets at `/`.

use std::path::{Component, Path, PathBuf};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::state::AppState;

/// Content type by file extension.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "txt" | "md" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// Maps a URL path to a file under `root`, refusing anything that escapes it.
pub fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_encoding::percent_decode_str(url_path)
        .decode_utf8()
        .ok()?;
    let mut out = root.to_path_buf();
    for c in Path::new(decoded.trim_start_matches('/')).components() {
        match c {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if out.is_dir() {
        out.push("index.html");
    }
    Some(out)
}

/// Fallback handler: a file from the static dir, else 404 `NOT_FOUND`.
pub async fn serve(State(state): State<AppState>, req: Request) -> Response {
    let not_found = || ApiError::not_found("no such route").into_response();
    let Some(root) = state.config.static_dir.clone() else {
        return not_found();
    };
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return not_found();
    }
    let Some(path) = resolve(&root, req.uri().path()) else {
        return not_found();
    };
    match tokio::fs::read(&path).await {
        Ok(bytes) => {
            let body = if req.method() == Method::HEAD {
                Body::empty()
            } else {
                Body::from(bytes)
            };
            let mut resp = Response::new(body);
            *resp.status_mut() = StatusCode::OK;
            let h = resp.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(content_type(&path)),
            );
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            resp
        }
        Err(_) => not_found(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::TestServer;

    #[test]
    fn types_and_traversal() {
        assert_eq!(content_type(Path::new("a/pkg_bg.wasm")), "application/wasm");
        assert_eq!(content_type(Path::new("x.js")), "text/javascript");
        assert_eq!(content_type(Path::new("x.mjs")), "text/javascript");
        assert!(resolve(Path::new("/srv"), "/../etc/passwd").is_none());
        assert!(resolve(Path::new("/srv"), "/%2e%2e/etc/passwd").is_none());
        assert_eq!(
            resolve(Path::new("/srv"), "/pkg/a.js"),
            Some(PathBuf::from("/srv/pkg/a.js"))
        );
    }

    #[tokio::test]
    async fn serves_files_with_types() {
        let dir =
            std::env::temp_dir().join(format!("tavora-devserver-static-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("pkg")).unwrap();
        std::fs::write(dir.join("index.html"), "<h1>demo</h1>").unwrap();
        std::fs::write(dir.join("pkg/sdk_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
        std::fs::write(dir.join("pkg/sdk.js"), "export {}").unwrap();
        let d = dir.clone();
        let s = TestServer::start_with(move |c| c.static_dir = Some(d)).await;
        let r = s.get("/").send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-type"], "text/html; charset=utf-8");
        assert_eq!(r.text().await.unwrap(), "<h1>demo</h1>");
        let r = s.get("/pkg/sdk_bg.wasm").send().await.unwrap();
        assert_eq!(r.headers()["content-type"], "application/wasm");
        assert_eq!(&r.bytes().await.unwrap()[..4], b"\0asm");
        let r = s.get("/pkg/sdk.js").send().await.unwrap();
        assert_eq!(r.headers()["content-type"], "text/javascript");
        let r = s.get("/missing.js").send().await.unwrap();
        assert_eq!(r.status(), 404);
        // API routes still win over the static fallback.
        let r = s.get("/api/sdk/project").send().await.unwrap();
        assert_eq!(r.status(), 401);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
