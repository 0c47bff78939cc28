//! Proxy mode (`--upstream URL`): every `/api/*` request is forwarded to a
//! real Tavora deployment while the static files (the demo page) are still
//! served from here, so the page and the API share one origin, as the
//! platform's CORS requires.
//!
//! What is forwarded: the method, the path and query, every header but the
//! hop-by-hop ones (and `Host`, which names the upstream), and the body. The
//! browser's `Origin` is rewritten to the upstream's own origin, so the
//! upstream sees a same-origin request. The response comes back with its
//! status and headers (hop-by-hop ones dropped), `Date` included: the SDK
//! corrects its clock skew from the server's `Date`, so that must be the
//! upstream's. The body is streamed chunk by chunk, so server-sent events
//! arrive as the upstream sends them; when the browser goes away, the
//! upstream request is dropped with it.
//!
//! `https://` upstreams use rustls with the webpki root certificates.

use std::time::Duration;

use crate::prelude::*;
use axum::body::Body;
use axum::http::HeaderName;
use axum::routing::any;
use futures_util::TryStreamExt;

/// Marks a response that came from the upstream: the pipeline then keeps
/// its `Date` instead of writing the local server clock's.
#[derive(Clone, Copy, Debug)]
pub struct Proxied;

/// Checks and normalises an `--upstream` value: an `http://` or `https://`
/// origin, optionally with a path prefix; a trailing `/` is dropped.
pub fn parse_upstream(s: &str) -> Result<String, String> {
    let url = reqwest::Url::parse(s).map_err(|e| format!("--upstream {s:?}: {e}"))?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return Err(format!(
            "--upstream {s:?}: only http:// and https:// are supported"
        ));
    }
    if url.host_str().is_none() {
        return Err(format!("--upstream {s:?}: no host"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!(
            "--upstream {s:?}: must not have a query or fragment"
        ));
    }
    Ok(s.trim_end_matches('/').to_string())
}

/// Headers that belong to one connection, never forwarded (RFC 9110 §7.6.1),
/// plus `Host`.
fn is_hop_by_hop(name: &HeaderName) -> bool {
    matches!(
        name.as_str(),
        "connection"
            | "keep-alive"
            | "proxy-connection"
            | "proxy-authenticate"
            | "proxy-authorization"
            | "te"
            | "trailer"
            | "transfer-encoding"
            | "upgrade"
            | "host"
    )
}

/// Copies `from` without hop-by-hop headers, nor those the `Connection`
/// header names.
fn end_to_end(from: &HeaderMap) -> HeaderMap {
    let named: Vec<String> = from
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().to_ascii_lowercase())
        .filter(|t| !t.is_empty())
        .collect();
    let mut out = HeaderMap::with_capacity(from.len());
    for (name, value) in from {
        if is_hop_by_hop(name) || named.iter().any(|n| n == name.as_str()) {
            continue;
        }
        out.append(name.clone(), value.clone());
    }
    out
}

#[derive(Clone)]
struct Upstream {
    /// `scheme://host[:port][/prefix]`, no trailing `/`.
    base: String,
    /// `scheme://host[:port]`, what `Origin` becomes.
    origin: HeaderValue,
    client: reqwest::Client,
}

impl Upstream {
    fn new(base: &str) -> Result<Upstream, String> {
        let base = parse_upstream(base)?;
        let url = reqwest::Url::parse(&base).map_err(|e| e.to_string())?;
        let origin = HeaderValue::from_str(&url.origin().ascii_serialization())
            .map_err(|e| e.to_string())?;
        let client = reqwest::Client::builder()
            // The browser follows redirects itself; answers pass through as-is.
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(15))
            // No overall timeout: agent runs stream for as long as they take.
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
        Ok(Upstream {
            base,
            origin,
            client,
        })
    }
}

/// The `/api/*` routes of proxy mode, forwarding to `upstream`. (`serve`
/// has checked the URL; should the HTTP client still fail to build, every
/// `/api/*` request answers 502 saying why.)
pub fn routes(upstream: &str) -> Router<AppState> {
    let handler = match Upstream::new(upstream) {
        Ok(up) => any(move |req: Request| forward(up.clone(), req)),
        Err(e) => any(move || {
            let e = e.clone();
            async move { ApiError::new(StatusCode::BAD_GATEWAY, "bad_gateway", e).into_response() }
        }),
    };
    Router::new()
        .route("/api", handler.clone())
        .route("/api/{*rest}", handler)
}

/// Forwards one request and streams the answer back.
async fn forward(up: Upstream, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let path_and_query = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str())
        .unwrap_or("/");
    let url = format!("{}{}", up.base, path_and_query);

    let mut headers = end_to_end(&parts.headers);
    if headers.contains_key(header::ORIGIN) {
        headers.insert(header::ORIGIN, up.origin.clone());
    }
    // The pipeline has already read the whole body (bounded by MAX_BODY_BYTES).
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(b) => b,
        Err(e) => {
            return ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                format!("could not read the request body: {e}"),
            )
            .into_response()
        }
    };
    let mut request = up
        .client
        .request(parts.method.clone(), &url)
        .headers(headers);
    if !body.is_empty() {
        request = request.body(body);
    }
    let upstream = match request.send().await {
        Ok(r) => r,
        Err(e) => {
            let mut source: &dyn std::error::Error = &e;
            let mut detail = e.to_string();
            while let Some(s) = source.source() {
                detail = format!("{detail}: {s}");
                source = s;
            }
            return ApiError::new(
                StatusCode::BAD_GATEWAY,
                "bad_gateway",
                format!("the upstream {} could not be reached: {detail}", up.base),
            )
            .into_response();
        }
    };

    let status = upstream.status();
    let resp_headers = end_to_end(upstream.headers());
    let stream = upstream.bytes_stream().map_err(std::io::Error::other);
    let mut resp = Response::new(Body::from_stream(stream));
    *resp.status_mut() = status;
    *resp.headers_mut() = resp_headers;
    resp.extensions_mut().insert(Proxied);
    resp
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::DEMO_WORKSPACE;
    use crate::testutil::TestServer;
    use serde_json::{json, Value};
    use std::time::Instant;

    #[test]
    fn upstream_values() {
        assert_eq!(
            parse_upstream("https://tavora.example/").unwrap(),
            "https://tavora.example"
        );
        assert_eq!(
            parse_upstream("http://127.0.0.1:9000").unwrap(),
            "http://127.0.0.1:9000"
        );
        assert!(parse_upstream("ftp://x").is_err());
        assert!(parse_upstream("tavora.example").is_err());
        assert!(parse_upstream("https://x/?a=1").is_err());
    }

    #[test]
    fn hop_by_hop_headers_are_dropped() {
        let mut h = HeaderMap::new();
        h.insert("connection", HeaderValue::from_static("keep-alive, x-hop"));
        h.insert("keep-alive", HeaderValue::from_static("timeout=5"));
        h.insert("x-hop", HeaderValue::from_static("1"));
        h.insert("host", HeaderValue::from_static("127.0.0.1"));
        h.insert("transfer-encoding", HeaderValue::from_static("chunked"));
        h.insert("x-api-key", HeaderValue::from_static("tvr_x"));
        h.append("accept", HeaderValue::from_static("a"));
        h.append("accept", HeaderValue::from_static("b"));
        let out = end_to_end(&h);
        let names: Vec<_> = out.keys().map(|k| k.as_str()).collect();
        assert_eq!(names, vec!["x-api-key", "accept"]);
        assert_eq!(out.get_all("accept").iter().count(), 2);
    }

    /// A dev server (`upstream`) and a second one proxying `/api/*` to it
    /// while serving its own static dir.
    async fn pair(delay_ms: u64) -> (TestServer, TestServer, std::path::PathBuf) {
        let upstream = TestServer::start_with(|c| c.stream_delay_ms = delay_ms).await;
        let dir = std::env::temp_dir().join(format!(
            "tavora-devserver-proxy-{}-{delay_ms}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("index.html"), "<h1>local page</h1>").unwrap();
        let (d, base) = (dir.clone(), upstream.base.clone());
        let proxy = TestServer::start_with(move |c| {
            c.static_dir = Some(d);
            c.upstream = Some(base);
            c.dev = false;
        })
        .await;
        (upstream, proxy, dir)
    }

    #[tokio::test]
    async fn forwards_api_and_serves_static_locally() {
        let (up, px, dir) = pair(0).await;

        // The page comes from the proxy's own static dir.
        let r = px.get("/").send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.text().await.unwrap(), "<h1>local page</h1>");

        // The dev sign-in is the upstream's (the proxy itself runs without --dev).
        let r = px
            .post("/api/dev/sign-in")
            .header("Origin", px.base.as_str())
            .header("X-Demo", "forwarded")
            .json(&json!({"email": "demo@tavora.dev"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let jwt = r.json::<Value>().await.unwrap()["jwt"]
            .as_str()
            .unwrap()
            .to_string();

        // Session-token exchange: status, JSON body and headers pass through.
        let r = px
            .post("/api/auth/session-token")
            .bearer_auth(&jwt)
            .json(&json!({"workspace_id": DEMO_WORKSPACE}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        assert_eq!(r.headers()["content-type"], "application/json");
        let key = r.json::<Value>().await.unwrap()["api_key"]
            .as_str()
            .unwrap()
            .to_string();

        // Errors pass through unchanged.
        let r = px.get("/api/sdk/project").send().await.unwrap();
        assert_eq!(r.status(), 401);
        assert_eq!(r.json::<Value>().await.unwrap()["code"], "unauthorized");

        // Query strings and bodies.
        for title in ["one", "two"] {
            let r = px
                .post("/api/sdk/agents")
                .header("X-API-Key", &key)
                .json(&json!({"title": title}))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 201);
        }
        let r = px
            .get("/api/sdk/agents?limit=1")
            .header("X-API-Key", &key)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let b: Value = r.json().await.unwrap();
        assert_eq!(b["sessions"].as_array().unwrap().len(), 1);
        assert_eq!(b["sessions"][0]["title"], "two");

        // What the upstream received.
        let log: Value = up
            .get("/__test/requests")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let entries = log["log"].as_array().unwrap();
        let sign_in = entries
            .iter()
            .find(|e| e["path"] == "/api/dev/sign-in")
            .unwrap();
        assert_eq!(sign_in["method"], "POST");
        assert_eq!(sign_in["headers"]["x-demo"], "forwarded");
        assert_eq!(sign_in["headers"]["origin"], up.base.as_str());
        assert!(sign_in["body"]
            .as_str()
            .unwrap()
            .contains("demo@tavora.dev"));
        let list = entries
            .iter()
            .find(|e| e["path"] == "/api/sdk/agents" && e["method"] == "GET")
            .unwrap();
        assert_eq!(list["query"], "limit=1");
        assert_eq!(list["headers"]["x-api-key"], key.as_str());

        // The upstream's Date, not the proxy's clock.
        up.post("/__test/clock")
            .json(&json!({"offset_secs": -86400}))
            .send()
            .await
            .unwrap();
        let up_date = up.get("/api/sdk/project").send().await.unwrap().headers()["date"].clone();
        let r = px.get("/api/sdk/project").send().await.unwrap();
        let px_date = httpdate::parse_http_date(r.headers()["date"].to_str().unwrap()).unwrap();
        let up_date = httpdate::parse_http_date(up_date.to_str().unwrap()).unwrap();
        let diff = px_date
            .duration_since(up_date)
            .unwrap_or_else(|e| e.duration());
        assert!(
            diff < Duration::from_secs(5),
            "proxied Date is the upstream's"
        );

        up.handle.shutdown().await;
        px.handle.shutdown().await;
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[tokio::test]
    async fn streams_server_sent_events_as_they_arrive() {
        let (up, px, dir) = pair(60).await;
        let key = {
            let jwt = up.jwt("demo@tavora.dev").await;
            let r = px
                .post("/api/auth/session-token")
                .bearer_auth(jwt)
                .json(&json!({"workspace_id": DEMO_WORKSPACE}))
                .send()
                .await
                .unwrap();
            r.json::<Value>().await.unwrap()["api_key"]
                .as_str()
                .unwrap()
                .to_string()
        };
        let r = px
            .post("/api/sdk/agents")
            .header("X-API-Key", &key)
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        let id = r.json::<Value>().await.unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();

        let start = Instant::now();
        let mut r = px
            .post(&format!("/api/sdk/agents/{id}/run"))
            .header("X-API-Key", &key)
            .json(&json!({"message": "hello"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-type"], "text/event-stream");
        let mut text = String::new();
        let mut first_event_at = None;
        while let Some(chunk) = r.chunk().await.unwrap() {
            text.push_str(&String::from_utf8_lossy(&chunk));
            if first_event_at.is_none() && text.contains("\n\n") {
                first_event_at = Some(start.elapsed());
            }
        }
        let total = start.elapsed();
        let first = first_event_at.unwrap();
        // Seven paced events: the first must arrive long before the end.
        assert!(
            total >= Duration::from_millis(300) && first + Duration::from_millis(200) < total,
            "first event at {first:?}, end at {total:?}: not streamed"
        );
        let names: Vec<&str> = text
            .lines()
            .filter_map(|l| l.strip_prefix("event: "))
            .collect();
        assert_eq!(names.first(), Some(&"step"));
        assert_eq!(names.last(), Some(&"done"));
        assert!(text.contains("naïve café ✓ 😀"));

        up.handle.shutdown().await;
        px.handle.shutdown().await;
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[tokio::test]
    async fn unreachable_upstream_is_a_502() {
        // A port nothing listens on: bind, note it, close.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let px = TestServer::start_with(move |c| {
            c.upstream = Some(format!("http://127.0.0.1:{port}"));
        })
        .await;
        let r = px.get("/api/sdk/project").send().await.unwrap();
        assert_eq!(r.status(), 502);
        assert_eq!(r.json::<Value>().await.unwrap()["code"], "bad_gateway");
        // Routes outside /api stay local.
        let r = px.get("/nothing-here").send().await.unwrap();
        assert_eq!(r.status(), 404);
        px.handle.shutdown().await;
    }

    #[tokio::test]
    async fn https_upstreams_go_through_tls() {
        // An https:// upstream that speaks plain HTTP: the TLS handshake
        // (rustls) fails, which proves TLS is attempted, and is a clean 502.
        let plain = TestServer::start().await;
        let addr = plain.base.trim_start_matches("http://").to_string();
        let px =
            TestServer::start_with(move |c| c.upstream = Some(format!("https://{addr}"))).await;
        let r = px.get("/api/sdk/project").send().await.unwrap();
        assert_eq!(r.status(), 502);
        let b: Value = r.json().await.unwrap();
        assert_eq!(b["code"], "bad_gateway");
        assert!(b["message"].as_str().unwrap().contains("https://"), "{b}");
        px.handle.shutdown().await;
        plain.handle.shutdown().await;
    }
}
