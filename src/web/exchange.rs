//! `POST /api/auth/session-token` through `fetch`.

use super::fetch::{header, read_bytes, Fetcher, Outgoing};
use crate::auth::manager::EXCHANGE_ROUTE;
use crate::auth::{Clock, MintAnswer, Minter, Secret};
use crate::error::{Error, HttpError};
use futures_util::future::{FutureExt, LocalBoxFuture};
use serde::Deserialize;
use std::rc::Rc;
use wasm_bindgen::JsValue;

pub struct FetchMinter {
    pub fetcher: Fetcher,
    pub url: String,
    pub clock: Rc<dyn Clock>,
}

#[derive(Deserialize)]
struct Minted {
    api_key: String,
    #[serde(default)]
    key_id: String,
    #[serde(default)]
    key_prefix: String,
    expires_at: String,
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
            let body = serde_json::json!({ "workspace_id": workspace_id }).to_string();
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
            let m: Minted = serde_json::from_slice(&bytes).map_err(|_| {
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
