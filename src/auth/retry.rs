//! The one place a request gets its key: every API call and every stream
//! goes through [`Auth::send`], which adds the key and, after a 401 on an
//! exchanged key, retries exactly once with a fresh one.

use super::manager::KeyManager;
use super::secret::Secret;
use crate::error::Error;
use std::future::Future;

/// Anything with an HTTP status (the browser's Response, a test double).
pub trait Status {
    fn status(&self) -> u16;
}

/// How requests are authenticated.
#[derive(Clone)]
pub enum Auth {
    /// A fixed key (`new TavoraClient({ baseUrl, apiKey })`): no exchange,
    /// a 401 is the caller's.
    Fixed(Secret),
    /// Keys minted through the session-token exchange.
    Exchange(KeyManager),
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Auth::Fixed(_) => f.write_str("Auth::Fixed(<redacted>)"),
            Auth::Exchange(m) => write!(f, "Auth::Exchange(workspace {})", m.workspace_id()),
        }
    }
}

impl Auth {
    /// Runs `attempt` with a key. `attempt` must be repeatable: it is
    /// called a second time, with the new key, after a 401 on an exchanged
    /// key (callers keep the body as bytes so the retry is byte-identical).
    pub async fn send<R, F, Fut>(&self, mut attempt: F) -> Result<R, Error>
    where
        R: Status,
        F: FnMut(Secret) -> Fut,
        Fut: Future<Output = Result<R, Error>>,
    {
        match self {
            Auth::Fixed(key) => attempt(key.clone()).await,
            Auth::Exchange(keys) => {
                let first = keys.key().await?;
                let response = attempt(first.api_key.clone()).await?;
                if response.status() != 401 {
                    return Ok(response);
                }
                let second = keys.key_after_unauthorized(&first).await?;
                attempt(second.api_key).await
            }
        }
    }
}
