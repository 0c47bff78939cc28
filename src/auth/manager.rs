//! The key lifecycle: mint, cache, refresh early, recover from 401, back off.
//!
//! Pure logic over four seams (the exchange call, the JWT getter, the clock
//! and the store), so every guarantee is tested natively with a fake clock
//! and a scripted exchange. Single-threaded by design (wasm): state lives in
//! `Rc<RefCell<_>>` and no borrow is held across an `.await`.

use super::jwt;
use super::list_map::ListMap;
use super::record::{Freshness, KeyRecord, MintAnswer};
use super::secret::Secret;
use super::store::{KeyStore, Scope};
use crate::error::{Error, HttpError};
use futures_util::future::{FutureExt, LocalBoxFuture, Shared};
use std::cell::RefCell;
use std::rc::Rc;

pub const DEFAULT_EARLY_REFRESH_MS: f64 = 600_000.0;
/// First wait after a failed mint; doubles per failure up to the cap.
pub const BACKOFF_BASE_MS: f64 = 1_000.0;
pub const BACKOFF_CAP_MS: f64 = 30_000.0;
/// Route name used in errors about the exchange.
pub const EXCHANGE_ROUTE: &str = "POST /api/auth/session-token";

/// Calls the session-token exchange.
pub trait Minter {
    fn mint(
        &self,
        jwt: Secret,
        workspace_id: String,
    ) -> LocalBoxFuture<'static, Result<MintAnswer, Error>>;
}

/// The app's `getJwt`.
pub trait JwtSource {
    fn jwt(&self) -> LocalBoxFuture<'static, Result<Secret, Error>>;
}

/// Milliseconds since the Unix epoch on this machine.
pub trait Clock {
    fn now_ms(&self) -> f64;
}

/// What a UI may show about the key in use. Never the key itself.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyInfo {
    pub key_id: String,
    pub key_prefix: String,
    /// As the server sent it (server clock).
    pub expires_at: String,
    /// The expiry on this machine's clock (skew-corrected), in Unix ms.
    pub expires_at_ms: f64,
}

impl From<&KeyRecord> for KeyInfo {
    fn from(r: &KeyRecord) -> Self {
        KeyInfo {
            key_id: r.key_id.clone(),
            key_prefix: r.key_prefix.clone(),
            expires_at: r.expires_at.clone(),
            expires_at_ms: r.expires_at_local_ms,
        }
    }
}

pub struct Seams {
    pub minter: Rc<dyn Minter>,
    pub jwt: Rc<dyn JwtSource>,
    pub clock: Rc<dyn Clock>,
    pub store: Rc<dyn KeyStore>,
    /// Told when the key in use changes (`None`: signed out or refused).
    pub on_key_change: Option<Rc<dyn Fn(Option<KeyInfo>)>>,
    /// Told when the exchange refuses the JWT (401): send the user to sign-in.
    pub on_unauthenticated: Option<Rc<dyn Fn()>>,
}

type MintFuture = Shared<LocalBoxFuture<'static, Result<KeyRecord, Error>>>;

struct Backoff {
    failures: u32,
    retry_at_ms: f64,
    error: Error,
}

/// A permanent answer (400/401/403/404) for one JWT: not asked again until
/// the app hands us a different JWT.
struct Refusal {
    jwt_fingerprint: String,
    error: Error,
}

#[derive(Default)]
struct State {
    in_flight: ListMap<Scope, (u64, MintFuture)>,
    next_ticket: u64,
    /// Bumped by `sign_out`: a mint started in an older epoch is not stored.
    epoch: u64,
    backoff: ListMap<Scope, Backoff>,
    refused: ListMap<Scope, Refusal>,
    current: Option<KeyInfo>,
}

#[derive(Clone)]
pub struct KeyManager {
    origin: String,
    workspace_id: String,
    early_refresh_ms: f64,
    seams: Rc<Seams>,
    state: Rc<RefCell<State>>,
}

impl KeyManager {
    pub fn new(
        origin: &str,
        workspace_id: &str,
        early_refresh_ms: f64,
        seams: Seams,
    ) -> Result<KeyManager, Error> {
        if workspace_id.trim().is_empty() {
            return Err(Error::invalid("workspaceId must not be empty"));
        }
        if !early_refresh_ms.is_finite() || early_refresh_ms < 0.0 {
            return Err(Error::invalid(
                "earlyRefreshMs must be a non-negative number",
            ));
        }
        Ok(KeyManager {
            origin: origin.to_string(),
            workspace_id: workspace_id.to_string(),
            early_refresh_ms,
            seams: Rc::new(seams),
            state: Rc::new(RefCell::new(State::default())),
        })
    }

    pub fn workspace_id(&self) -> &str {
        &self.workspace_id
    }

    /// The key to send now: cached if fresh, else minted (one mint for any
    /// number of concurrent callers).
    pub async fn key(&self) -> Result<KeyRecord, Error> {
        let (scope, jwt) = self.scope().await?;
        match self.cached(&scope) {
            Some(rec) => match rec.freshness(self.seams.clock.now_ms(), self.early_refresh_ms) {
                Freshness::Fresh => {
                    self.set_current(Some(&rec), false);
                    Ok(rec)
                }
                Freshness::Refresh => match self.mint(scope, jwt).await {
                    Ok(new) => Ok(new),
                    // A transient failure inside the early window: the old
                    // key is still good, keep using it.
                    Err(e) if is_transient(&e) && self.still_usable(&rec) => Ok(rec),
                    Err(e) => Err(e),
                },
                Freshness::Expired => self.mint(scope, jwt).await,
            },
            None => self.mint(scope, jwt).await,
        }
    }

    /// After the API answered 401 to `rejected`: a newer cached key if some
    /// other call already replaced it, else a fresh mint.
    pub async fn key_after_unauthorized(&self, rejected: &KeyRecord) -> Result<KeyRecord, Error> {
        let (scope, jwt) = self.scope().await?;
        if let Some(current) = self.cached(&scope) {
            if current.api_key != rejected.api_key {
                if self.still_usable(&current) {
                    return Ok(current);
                }
            } else {
                self.seams.store.remove(&scope.slot());
            }
        }
        self.mint(scope, jwt).await
    }

    /// Forgets every key this client cached (for its origin and workspace,
    /// whatever the user), and makes any mint in flight not be stored.
    pub fn sign_out(&self) {
        {
            let mut st = self.state.borrow_mut();
            st.epoch += 1;
            st.in_flight.clear();
            st.backoff.clear();
            st.refused.clear();
        }
        self.seams
            .store
            .remove_prefix(&Scope::workspace_prefix(&self.origin, &self.workspace_id));
        self.set_current(None, true);
    }

    pub fn key_info(&self) -> Option<KeyInfo> {
        self.state.borrow().current.clone()
    }

    async fn scope(&self) -> Result<(Scope, Secret), Error> {
        let jwt = self.seams.jwt.jwt().await?;
        if jwt.is_empty() {
            return Err(unauthenticated("getJwt returned no token; sign in first"));
        }
        let scope = Scope {
            origin: self.origin.clone(),
            workspace_id: self.workspace_id.clone(),
            user: jwt::subject(&jwt),
        };
        Ok((scope, jwt))
    }

    fn still_usable(&self, rec: &KeyRecord) -> bool {
        rec.freshness(self.seams.clock.now_ms(), 0.0) != Freshness::Expired
    }

    fn cached(&self, scope: &Scope) -> Option<KeyRecord> {
        let slot = scope.slot();
        let raw = self.seams.store.load(&slot)?;
        let rec = KeyRecord::decode(&raw, &self.workspace_id);
        if rec.is_none() {
            // Corrupt or foreign: a miss, and out of the way of the next save.
            self.seams.store.remove(&slot);
        }
        rec
    }

    fn set_current(&self, rec: Option<&KeyRecord>, notify_always: bool) {
        let info = rec.map(KeyInfo::from);
        let changed = {
            let mut st = self.state.borrow_mut();
            let changed = st.current != info;
            st.current = info.clone();
            changed
        };
        if changed || notify_always {
            if let Some(cb) = &self.seams.on_key_change {
                cb(info);
            }
        }
    }

    fn mint(&self, scope: Scope, jwt: Secret) -> MintFuture {
        let now = self.seams.clock.now_ms();
        let mut st = self.state.borrow_mut();
        if let Some(r) = st.refused.get(&scope) {
            if r.jwt_fingerprint == jwt.fingerprint() {
                return ready(Err(r.error.clone()));
            }
        }
        if let Some(b) = st.backoff.get(&scope) {
            if now < b.retry_at_ms {
                return ready(Err(b.error.clone()));
            }
        }
        if let Some((_, fut)) = st.in_flight.get(&scope) {
            return fut.clone();
        }
        let ticket = st.next_ticket;
        st.next_ticket += 1;
        let epoch = st.epoch;
        let this = self.clone();
        let key_scope = scope.clone();
        let fut = async move {
            let fingerprint = jwt.fingerprint();
            let answer = this.seams.minter.mint(jwt, this.workspace_id.clone()).await;
            let result = answer.and_then(|a| {
                KeyRecord::from_answer(a, &this.workspace_id)
                    .map_err(|m| Error::decode(EXCHANGE_ROUTE, m))
            });
            this.settle(key_scope, ticket, epoch, fingerprint, result)
        }
        .boxed_local()
        .shared();
        st.in_flight.insert(scope, (ticket, fut.clone()));
        fut
    }

    /// Records a mint's outcome: store the key, or decide how long not to
    /// ask again.
    fn settle(
        &self,
        scope: Scope,
        ticket: u64,
        epoch: u64,
        jwt_fingerprint: String,
        result: Result<KeyRecord, Error>,
    ) -> Result<KeyRecord, Error> {
        let mut st = self.state.borrow_mut();
        if st.in_flight.get(&scope).map(|(t, _)| *t) == Some(ticket) {
            st.in_flight.remove(&scope);
        }
        if st.epoch != epoch {
            return Err(unauthenticated("signed out while a key was being minted"));
        }
        match result {
            Ok(rec) => {
                st.backoff.remove(&scope);
                st.refused.remove(&scope);
                drop(st);
                self.store_keeping_later(&scope, &rec);
                Ok(rec)
            }
            Err(e) if is_transient(&e) => {
                let now = self.seams.clock.now_ms();
                let failures = st.backoff.get(&scope).map_or(0, |b| b.failures) + 1;
                let wait = (BACKOFF_BASE_MS * 2f64.powi(failures as i32 - 1)).min(BACKOFF_CAP_MS);
                let wait = retry_after_ms(&e).map_or(wait, |ra| ra.max(wait));
                st.backoff.insert(
                    scope,
                    Backoff {
                        failures,
                        retry_at_ms: now + wait,
                        error: e.clone(),
                    },
                );
                Err(e)
            }
            Err(e) => {
                let e = match e {
                    Error::Http(h) if h.status == 401 => unauthenticated(
                        "the session-token exchange refused the sign-in token; sign in again",
                    ),
                    other => other,
                };
                st.refused.insert(
                    scope.clone(),
                    Refusal {
                        jwt_fingerprint,
                        error: e.clone(),
                    },
                );
                let is_unauth = e.code() == "unauthenticated";
                drop(st);
                if is_unauth {
                    self.seams.store.remove(&scope.slot());
                    self.set_current(None, false);
                    if let Some(cb) = &self.seams.on_unauthenticated {
                        cb();
                    }
                }
                Err(e)
            }
        }
    }

    fn store_keeping_later(&self, scope: &Scope, rec: &KeyRecord) {
        let keep = match self.cached(scope) {
            Some(existing) if existing.expires_at_local_ms > rec.expires_at_local_ms => existing,
            _ => rec.clone(),
        };
        self.seams.store.save(&scope.slot(), &keep.encode());
        self.set_current(Some(&keep), false);
    }
}

fn ready(result: Result<KeyRecord, Error>) -> MintFuture {
    futures_util::future::ready(result).boxed_local().shared()
}

fn unauthenticated(message: &str) -> Error {
    Error::Http(HttpError::new(401, "unauthenticated", message))
}

/// Worth asking again later (after a back-off): the network, 5xx, 429, or
/// an answer we could not read. 4xx are permanent for the JWT that got them.
fn is_transient(e: &Error) -> bool {
    match e {
        Error::Http(h) => h.status >= 500 || h.status == 429 || h.status == 408,
        Error::Network { .. } | Error::Decode { .. } => true,
        _ => false,
    }
}

fn retry_after_ms(e: &Error) -> Option<f64> {
    match e {
        Error::Http(h) => h
            .details
            .get("retry_after_seconds")
            .and_then(serde_json::Value::as_f64)
            .map(|s| (s * 1000.0).min(BACKOFF_CAP_MS * 4.0)),
        _ => None,
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
#[path = "manager_tests.rs"]
mod tests;
