//! `--static-dir`: serves the demo page and its assets at `/` (tower-http's
//! `ServeDir`: `index.html` for directories, no way out of the folder).

use std::convert::Infallible;
use std::path::Path;

use crate::prelude::*;
use axum::middleware::from_fn;
use tower::{service_fn, Layer, Service};
use tower_http::services::ServeDir;

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

/// The fallback service for `--static-dir`: a file, else 404 `NOT_FOUND`.
pub fn service(
    dir: &Path,
) -> impl Service<Request, Response = Response, Error = Infallible, Future: Send> + Clone + Send + Sync
{
    let not_found = service_fn(|_: Request| async {
        Ok::<_, Infallible>(ApiError::not_found("no such route").into_response())
    });
    let files = ServeDir::new(dir)
        .call_fallback_on_method_not_allowed(true)
        .fallback(not_found);
    from_fn(typed).layer(files)
}

/// Our own content types (mime_guess differs for `.mjs` and leaves out the
/// charset), and no caching, so a rebuilt package is picked up at once.
async fn typed(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let mut resp = next.run(req).await;
    if resp.status().is_success() {
        let file = if path.ends_with('/') {
            "index.html"
        } else {
            &path
        };
        let h = resp.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(content_type(Path::new(file))),
        );
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testutil::TestServer;

    /// The status of a GET of `path` sent as is (HTTP clients would
    /// normalise the `..` away).
    async fn raw_status(s: &TestServer, path: &str) -> u16 {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut tcp = tokio::net::TcpStream::connect(s.base.trim_start_matches("http://"))
            .await
            .unwrap();
        let req = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        tcp.write_all(req.as_bytes()).await.unwrap();
        let mut out = String::new();
        tcp.read_to_string(&mut out).await.unwrap();
        out[9..12].parse().unwrap()
    }

    #[tokio::test]
    async fn types_and_traversal() {
        assert_eq!(content_type(Path::new("a/pkg_bg.wasm")), "application/wasm");
        assert_eq!(content_type(Path::new("x.js")), "text/javascript");
        assert_eq!(content_type(Path::new("x.mjs")), "text/javascript");
        let dir = std::env::temp_dir().join(format!("tavora-devserver-up-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("srv/pkg")).unwrap();
        std::fs::write(dir.join("secret.txt"), "outside").unwrap();
        std::fs::write(dir.join("srv/pkg/a.js"), "export {}").unwrap();
        let root = dir.join("srv");
        let s = TestServer::start_with(move |c| c.static_dir = Some(root)).await;
        assert_eq!(raw_status(&s, "/../secret.txt").await, 404);
        assert_eq!(raw_status(&s, "/%2e%2e/secret.txt").await, 404);
        assert_eq!(raw_status(&s, "/pkg/a.js").await, 200);
        let _ = std::fs::remove_dir_all(&dir);
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
