//! CORS for the configured origins only (tower-http), on every route,
//! `/__test/*` included. Requests from any other origin get no CORS headers
//! at all, and their preflights a bare 204.

use axum::http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, DATE, ORIGIN, RETRY_AFTER, VARY};
use axum::http::HeaderName;
use tower::{Layer, ServiceExt};
use tower_http::cors::CorsLayer;

use crate::config::Config;
use crate::prelude::*;

/// The CORS rules, and the origins they are for.
#[derive(Clone)]
pub struct Cors {
    layer: CorsLayer,
    origins: Vec<String>,
}

impl Cors {
    pub fn new(cfg: &Config) -> Cors {
        let origins: Vec<HeaderValue> = cfg
            .cors_origins
            .iter()
            .filter_map(|o| HeaderValue::from_str(o).ok())
            .collect();
        let layer = CorsLayer::new()
            .allow_origin(origins)
            .allow_methods([
                Method::GET,
                Method::POST,
                Method::PUT,
                Method::PATCH,
                Method::DELETE,
            ])
            // The SDK's own headers, and the trace ids tests send per call.
            .allow_headers([
                HeaderName::from_static("x-api-key"),
                CONTENT_TYPE,
                AUTHORIZATION,
                ACCEPT,
                HeaderName::from_static("x-trace-id"),
                HeaderName::from_static("x-request-id"),
            ])
            // The SDK corrects clock skew from `Date` and honours `Retry-After`.
            .expose_headers([DATE, RETRY_AFTER])
            .max_age(std::time::Duration::from_secs(600))
            .vary([ORIGIN]);
        Cors {
            layer,
            origins: cfg.cors_origins.clone(),
        }
    }
}

/// An `OPTIONS` request carrying `Origin` and `Access-Control-Request-Method`.
pub fn is_preflight(req: &Request) -> bool {
    req.method() == Method::OPTIONS
        && req.headers().contains_key(ORIGIN)
        && req
            .headers()
            .contains_key(axum::http::header::ACCESS_CONTROL_REQUEST_METHOD)
}

/// Middleware: the CORS layer for allowed origins, nothing for the others.
pub async fn middleware(State(cors): State<Cors>, req: Request, next: Next) -> Response {
    let allowed = req
        .headers()
        .get(ORIGIN)
        .and_then(|o| o.to_str().ok())
        .is_some_and(|o| cors.origins.iter().any(|c| c == o));
    let preflight = is_preflight(&req);
    if !allowed {
        if preflight {
            return (StatusCode::NO_CONTENT, [(VARY, "Origin")]).into_response();
        }
        return next.run(req).await;
    }
    let mut resp = match cors.layer.layer(next).oneshot(req).await {
        Ok(r) => r,
        Err(never) => match never {},
    };
    if preflight {
        *resp.status_mut() = StatusCode::NO_CONTENT;
    }
    resp
}

#[cfg(test)]
mod tests {
    use crate::testutil::{TestServer, TEST_ORIGIN};
    use serde_json::json;

    /// A header's comma-separated list, the way HTTP compares it: names
    /// and tokens case-insensitively, white space around commas ignored.
    fn norm(v: impl AsRef<[u8]>) -> Vec<String> {
        String::from_utf8_lossy(v.as_ref())
            .split(',')
            .map(|t| t.trim().to_ascii_lowercase())
            .collect()
    }

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
            assert_eq!(norm(&h["vary"]), norm("Origin"));
            assert_eq!(
                norm(&h["access-control-allow-methods"]),
                norm("GET, POST, PUT, PATCH, DELETE")
            );
            assert_eq!(
                norm(&h["access-control-allow-headers"]),
                norm("X-API-Key, Content-Type, Authorization, Accept, X-Trace-Id, X-Request-Id")
            );
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
            norm(&r.headers()["access-control-expose-headers"]),
            norm("Date, Retry-After")
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
