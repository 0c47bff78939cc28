//! `POST /api/auth/session-token` through `fetch`.

use super::fetch::{header, read_bytes, Fetcher, Outgoing};
use crate::auth::manager::EXCHANGE_ROUTE;
use crate::auth::{Clock, MintAnswer, Minter, Secret};
use crate::error::{Error, HttpError};
use futures_util::future::{FutureExt, LocalBoxFuture};
use serde_json::Value;
use std::rc::Rc;
use wasm_bindgen::JsValue;

pub struct FetchMinter {
    pub fetcher: Fetcher,
    pub url: String,
    pub clock: Rc<dyn Clock>,
}

/// The exchange's answer: `api_key` and `expires_at` strings, `key_id`
/// and `key_prefix` strings when present.
struct Minted {
    api_key: String,
    key_id: String,
    key_prefix: String,
    expires_at: String,
}

impl Minted {
    fn read(bytes: &[u8]) -> Option<Minted> {
        let Some(Value::Object(m)) = crate::json::parse(bytes) else {
            return None;
        };
        let text = |key: &str| m.get(key)?.as_str().map(str::to_string);
        let optional = |key: &str| match m.get(key) {
            None => Some(String::new()),
            Some(v) => v.as_str().map(str::to_string),
        };
        Some(Minted {
            api_key: text("api_key")?,
            key_id: optional("key_id")?,
            key_prefix: optional("key_prefix")?,
            expires_at: text("expires_at")?,
        })
    }
}

impl Minter for FetchMinter {
    fn mint(
        &self,
        jwt: Secret,
        workspace_id: String,
    ) -> LocalBoxFuture<'static, Result<MintAnswer, Error>> {
        let fetcher = self.fetcher.clone();
        let url = self.url.clone();
        let clock = self.clock.clone();
        async move {
            let mut body = serde_json::Map::new();
            body.insert("workspace_id".into(), Value::from(workspace_id));
            let body = crate::json::to_vec(&Value::Object(body));
            let body = String::from_utf8(body).unwrap_or_default();
            let body = JsValue::from_str(&body);
            let auth = format!("Bearer {}", jwt.expose());
            let sent_at_ms = clock.now_ms();
            let resp = fetcher
                .send(Outgoing {
                    method: "POST",
                    url: &url,
                    headers: &[
                        ("Authorization", &auth),
                        ("Content-Type", "application/json"),
                        ("Accept", "application/json"),
                    ],
                    body: Some(&body),
                    signal: None,
                    progress: None,
                })
                .await?;
            let status = resp.status();
            let server_date = header(&resp, "date");
            let bytes = read_bytes(&resp, None).await?;
            if !(200..300).contains(&status) {
                return Err(Error::Http(HttpError::from_body(status, &bytes)));
            }
            // serde's message could quote a field's value (the key): say
            // what was wrong in our own words instead.
            let m = Minted::read(&bytes).ok_or_else(|| {
                Error::decode(
                    EXCHANGE_ROUTE,
                    "expected a JSON object with api_key and expires_at strings",
                )
            })?;
            let key_prefix = if m.key_prefix.is_empty() {
                m.api_key.chars().take(8).collect()
            } else {
                m.key_prefix
            };
            Ok(MintAnswer {
                api_key: Secret::new(m.api_key),
                key_id: m.key_id,
                key_prefix,
                expires_at: m.expires_at,
                server_date,
                sent_at_ms,
            })
        }
        .boxed_local()
    }
}
