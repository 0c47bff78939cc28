//! CORS for the configured origins only. Applied by the server pipeline to
//! every route (including `/__test/*`).

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Method, Response, StatusCode};

use crate::config::Config;

pub const ALLOW_METHODS: &str = "GET, POST, PUT, PATCH, DELETE";
pub const ALLOW_HEADERS: &str =
    "X-API-Key, Content-Type, Authorization, Accept, X-Trace-Id, X-Request-Id";
pub const MAX_AGE: &str = "600";
pub const EXPOSE_HEADERS: &str = "Date, Retry-After";

/// The request's `Origin` if it is one of the configured origins.
pub fn allowed_origin(cfg: &Config, headers: &HeaderMap) -> Option<HeaderValue> {
    let origin = headers.get(header::ORIGIN)?;
    let s = origin.to_str().ok()?;
    cfg.cors_origins
        .iter()
        .any(|o| o == s)
        .then(|| origin.clone())
}

/// An `OPTIONS` request carrying `Origin` and `Access-Control-Request-Method`.
pub fn is_preflight(method: &Method, headers: &HeaderMap) -> bool {
    method == Method::OPTIONS
        && headers.contains_key(header::ORIGIN)
        && headers.contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
}

/// 204 for every preflight; CORS headers only for an allowed origin.
pub fn preflight_response(origin: Option<HeaderValue>) -> Response<Body> {
    let mut resp = Response::new(Body::empty());
    *resp.status_mut() = StatusCode::NO_CONTENT;
    let h = resp.headers_mut();
    h.insert(header::VARY, HeaderValue::from_static("Origin"));
    if let Some(origin) = origin {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static(ALLOW_METHODS),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static(ALLOW_HEADERS),
        );
        h.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static(MAX_AGE),
        );
    }
    resp
}

/// Adds the actual-response CORS headers for an allowed origin.
pub fn decorate(headers: &mut HeaderMap, origin: Option<HeaderValue>) {
    if let Some(origin) = origin {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        headers.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static(EXPOSE_HEADERS),
        );
        headers.append(header::VARY, HeaderValue::from_static("Origin"));
    }
}

#[cfg(test)]
mod tests {
    use crate::testutil::{TestServer, TEST_ORIGIN};
    use serde_json::json;

    async fn preflight(s: &TestServer, path: &str, origin: &str) -> reqwest::Response {
        s.client
            .request(reqwest::Method::OPTIONS, s.url(path))
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "x-api-key, content-type")
            .send()
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn preflight_allowed_origin() {
        let s = TestServer::start().await;
        for path in [
            "/api/sdk/agents",
            "/api/auth/session-token",
            "/__test/reset",
        ] {
            let r = preflight(&s, path, TEST_ORIGIN).await;
            assert_eq!(r.status(), 204, "{path}");
            let h = r.headers();
            assert_eq!(h["access-control-allow-origin"], TEST_ORIGIN);
            assert_eq!(h["vary"], "Origin");
            assert_eq!(
                h["access-control-allow-methods"],
                "GET, POST, PUT, PATCH, DELETE"
            );
            assert_eq!(h["access-control-allow-headers"], super::ALLOW_HEADERS);
            assert_eq!(h["access-control-max-age"], "600");
            assert!(r.bytes().await.unwrap().is_empty());
        }
        // Preflights are not counted as requests, only as preflights.
        let log = s.requests().await;
        assert_eq!(log["preflights"], 3);
        assert!(log["counts"].as_object().unwrap().is_empty(), "{log}");
    }

    #[tokio::test]
    async fn preflight_denied_origin() {
        let s = TestServer::start().await;
        let r = preflight(&s, "/api/sdk/agents", "http://evil.test").await;
        assert!(r.headers().get("access-control-allow-origin").is_none());
        assert!(r.headers().get("access-control-allow-methods").is_none());
        // No origins configured at all: nobody gets CORS.
        let s = TestServer::start_with(|c| c.cors_origins.clear()).await;
        let r = preflight(&s, "/api/sdk/agents", TEST_ORIGIN).await;
        assert!(r.headers().get("access-control-allow-origin").is_none());
    }

    #[tokio::test]
    async fn actual_responses_get_cors_for_allowed_origin_only() {
        let s = TestServer::start().await;
        let key = s.api_key().await;
        let r = s
            .get("/api/sdk/project")
            .header("X-API-Key", &key)
            .header("Origin", TEST_ORIGIN)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["access-control-allow-origin"], TEST_ORIGIN);
        assert_eq!(
            r.headers()["access-control-expose-headers"],
            "Date, Retry-After"
        );
        // Errors carry CORS too, so the browser can read the 401 body.
        let r = s
            .get("/api/sdk/project")
            .header("Origin", TEST_ORIGIN)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401);
        assert_eq!(r.headers()["access-control-allow-origin"], TEST_ORIGIN);
        // Control routes too.
        let r = s
            .post("/__test/reset")
            .header("Origin", TEST_ORIGIN)
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.headers()["access-control-allow-origin"], TEST_ORIGIN);
        let r = s
            .get("/api/sdk/project")
            .header("X-API-Key", &key)
            .header("Origin", "http://evil.test")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert!(r.headers().get("access-control-allow-origin").is_none());
        assert!(r.headers().get("access-control-expose-headers").is_none());
    }
}
