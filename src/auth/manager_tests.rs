//! The key-lifecycle guarantees, natively, with a fake clock, a scripted
//! exchange and an in-memory store. Numbers follow the issue's behaviours.

use super::*;
use crate::auth::store::MemoryStore;
use futures_channel::oneshot;
use futures_executor::LocalPool;
use futures_util::task::LocalSpawnExt;
use std::cell::Cell;
use std::collections::VecDeque;

const HOUR: f64 = 3_600_000.0;
const MIN: f64 = 60_000.0;
// 2026-11-22T12:00:00Z
const NOON: f64 = 1_795_348_800_000.0;

// ---- timestamp formatting for the fake server -------------------------

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn parts(ms: f64) -> (i64, u32, u32, i64, i64, i64) {
    let secs = (ms / 1000.0).floor() as i64;
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    (y, m, d, s / 3600, (s / 60) % 60, s % 60)
}

fn rfc3339(ms: f64) -> String {
    let (y, m, d, h, mi, s) = parts(ms);
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

fn http_date(ms: f64) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (y, m, d, h, mi, s) = parts(ms);
    format!(
        "Mon, {d:02} {} {y:04} {h:02}:{mi:02}:{s:02} GMT",
        MONTHS[m as usize - 1]
    )
}

#[test]
fn formatters_round_trip_through_the_parsers() {
    let t = NOON + 123.0 * HOUR + 17_000.0;
    assert_eq!(crate::time::parse_rfc3339_ms(&rfc3339(t)), Some(t));
    assert_eq!(crate::time::parse_http_date_ms(&http_date(t)), Some(t));
}

// ---- fakes --------------------------------------------------------------

struct FakeClock(Cell<f64>);
impl Clock for FakeClock {
    fn now_ms(&self) -> f64 {
        self.0.get()
    }
}

#[derive(Clone)]
enum Mode {
    /// Answer at once with a fresh key.
    Immediate,
    /// Park the call until the test answers it.
    Manual,
    /// Fail with this error.
    Fail(Error),
}

/// Answers a parked mint.
type Reply = oneshot::Sender<Result<MintAnswer, Error>>;

struct FakeExchange {
    clock: Rc<FakeClock>,
    mode: RefCell<Mode>,
    calls: Cell<u32>,
    /// Server clock minus ours.
    skew_ms: Cell<f64>,
    ttl_ms: Cell<f64>,
    parked: RefCell<VecDeque<(u32, Reply)>>,
}

impl FakeExchange {
    fn answer(&self, n: u32) -> MintAnswer {
        let server_now = self.clock.now_ms() + self.skew_ms.get();
        MintAnswer {
            api_key: Secret::new(format!("tvr_key{n}_s3cr3t")),
            key_id: format!("key_{n}"),
            key_prefix: format!("tvr_key{n}"),
            expires_at: rfc3339(server_now + self.ttl_ms.get()),
            server_date: Some(http_date(server_now)),
            sent_at_ms: self.clock.now_ms(),
        }
    }

    /// Answers the oldest parked call with a fresh key.
    fn release_one(&self) {
        let (n, tx) = self.parked.borrow_mut().pop_front().expect("a parked mint");
        let _ = tx.send(Ok(self.answer(n)));
    }

    fn release_with(&self, idx: usize, ttl_ms: f64) {
        let (n, tx) = self.parked.borrow_mut().remove(idx).expect("a parked mint");
        let saved = self.ttl_ms.replace(ttl_ms);
        let _ = tx.send(Ok(self.answer(n)));
        self.ttl_ms.set(saved);
    }
}

struct ExchangeHandle(Rc<FakeExchange>);
impl Minter for ExchangeHandle {
    fn mint(&self, jwt: Secret, _ws: String) -> LocalBoxFuture<'static, Result<MintAnswer, Error>> {
        let ex = self.0.clone();
        assert!(!jwt.is_empty());
        let n = ex.calls.get() + 1;
        ex.calls.set(n);
        let mode = ex.mode.borrow().clone();
        match mode {
            Mode::Immediate => {
                let a = ex.answer(n);
                async move { Ok(a) }.boxed_local()
            }
            Mode::Fail(e) => async move { Err(e) }.boxed_local(),
            Mode::Manual => {
                let (tx, rx) = oneshot::channel();
                ex.parked.borrow_mut().push_back((n, tx));
                async move {
                    rx.await.unwrap_or(Err(Error::Network {
                        message: "dropped".into(),
                    }))
                }
                .boxed_local()
            }
        }
    }
}

fn b64url(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

fn jwt_for(sub: &str) -> String {
    format!(
        "{}.{}.sig",
        b64url(br#"{"alg":"HS256","typ":"JWT"}"#),
        b64url(format!(r#"{{"sub":"{sub}","exp":1}}"#).as_bytes())
    )
}

struct FakeJwt(Rc<RefCell<String>>);
impl JwtSource for FakeJwt {
    fn jwt(&self) -> LocalBoxFuture<'static, Result<Secret, Error>> {
        let j = self.0.borrow().clone();
        async move { Ok(Secret::new(j)) }.boxed_local()
    }
}

struct World {
    clock: Rc<FakeClock>,
    exchange: Rc<FakeExchange>,
    store: Rc<MemoryStore>,
    jwt: Rc<RefCell<String>>,
    unauthenticated: Rc<Cell<u32>>,
    key_changes: Rc<RefCell<Vec<Option<String>>>>,
}

impl World {
    fn new() -> World {
        let clock = Rc::new(FakeClock(Cell::new(NOON)));
        World {
            exchange: Rc::new(FakeExchange {
                clock: clock.clone(),
                mode: RefCell::new(Mode::Immediate),
                calls: Cell::new(0),
                skew_ms: Cell::new(0.0),
                ttl_ms: Cell::new(8.0 * HOUR),
                parked: RefCell::new(VecDeque::new()),
            }),
            clock,
            store: Rc::new(MemoryStore::new()),
            jwt: Rc::new(RefCell::new(jwt_for("user_demo"))),
            unauthenticated: Rc::new(Cell::new(0)),
            key_changes: Rc::new(RefCell::new(Vec::new())),
        }
    }

    fn manager(&self, workspace: &str) -> KeyManager {
        let unauth = self.unauthenticated.clone();
        let changes = self.key_changes.clone();
        KeyManager::new(
            "http://127.0.0.1:8080",
            workspace,
            DEFAULT_EARLY_REFRESH_MS,
            Seams {
                minter: Rc::new(ExchangeHandle(self.exchange.clone())),
                jwt: Rc::new(FakeJwt(self.jwt.clone())),
                clock: self.clock.clone(),
                store: self.store.clone(),
                on_key_change: Some(Rc::new(move |info: Option<KeyInfo>| {
                    changes.borrow_mut().push(info.map(|i| i.key_prefix))
                })),
                on_unauthenticated: Some(Rc::new(move || unauth.set(unauth.get() + 1))),
            },
        )
        .unwrap()
    }

    fn advance(&self, ms: f64) {
        self.clock.0.set(self.clock.0.get() + ms);
    }

    fn mints(&self) -> u32 {
        self.exchange.calls.get()
    }

    fn set_mode(&self, mode: Mode) {
        *self.exchange.mode.borrow_mut() = mode;
    }
}

type Results = Rc<RefCell<Vec<Result<KeyRecord, Error>>>>;

/// Starts `n` concurrent `key()` calls on `pool`; results land in order of completion.
fn spawn_keys(pool: &LocalPool, m: &KeyManager, n: usize) -> Results {
    let results: Results = Rc::new(RefCell::new(Vec::new()));
    for _ in 0..n {
        let m = m.clone();
        let r = results.clone();
        pool.spawner()
            .spawn_local(async move {
                let k = m.key().await;
                r.borrow_mut().push(k);
            })
            .unwrap();
    }
    results
}

fn key_of(r: &Result<KeyRecord, Error>) -> String {
    match r {
        Ok(k) => k.key_prefix.clone(),
        Err(e) => format!("error: {e}"),
    }
}

fn block<T>(f: impl std::future::Future<Output = T>) -> T {
    futures_executor::block_on(f)
}

fn server_error(status: u16) -> Error {
    Error::Http(HttpError::from_body(
        status,
        br#"{"code":"unavailable","message":"try later"}"#,
    ))
}

// ---- 1. concurrent cold calls ----------------------------------------------

#[test]
fn b1_fifty_concurrent_calls_make_one_mint() {
    let w = World::new();
    w.set_mode(Mode::Manual);
    let m = w.manager("ws1");
    let mut pool = LocalPool::new();
    let results = spawn_keys(&pool, &m, 50);
    pool.run_until_stalled();
    assert_eq!(w.mints(), 1);
    assert!(
        results.borrow().is_empty(),
        "nobody goes out before the mint"
    );
    w.exchange.release_one();
    pool.run_until_stalled();
    let results = results.borrow();
    assert_eq!(results.len(), 50);
    assert!(results.iter().all(|r| key_of(r) == "tvr_key1"));
    assert_eq!(w.mints(), 1);
}

// ---- 2. warm cache, reload -------------------------------------------------

#[test]
fn b2_warm_cache_survives_a_reload_without_minting() {
    let w = World::new();
    let m = w.manager("ws1");
    for _ in 0..100 {
        block(m.key()).unwrap();
        w.advance(1000.0);
    }
    assert_eq!(w.mints(), 1);
    // A reload: a new manager over the same (session) store.
    let reloaded = w.manager("ws1");
    for _ in 0..100 {
        assert_eq!(key_of(&block(reloaded.key())), "tvr_key1");
    }
    assert_eq!(w.mints(), 1);
    assert_eq!(reloaded.key_info().unwrap().key_prefix, "tvr_key1");
}

// ---- 3. early window --------------------------------------------------------

#[test]
fn b3_early_window_mints_once_before_calls_go_out() {
    let w = World::new();
    let m = w.manager("ws1");
    block(m.key()).unwrap();
    w.advance(8.0 * HOUR - 5.0 * MIN);
    w.set_mode(Mode::Manual);
    let mut pool = LocalPool::new();
    let results = spawn_keys(&pool, &m, 20);
    pool.run_until_stalled();
    assert_eq!(w.mints(), 2);
    assert!(results.borrow().is_empty());
    w.exchange.release_one();
    pool.run_until_stalled();
    assert!(results.borrow().iter().all(|r| key_of(r) == "tvr_key2"));
    assert_eq!(results.borrow().len(), 20);
}

#[test]
fn b3_failed_refresh_falls_back_to_the_still_valid_key() {
    let w = World::new();
    let m = w.manager("ws1");
    block(m.key()).unwrap();
    w.advance(8.0 * HOUR - 5.0 * MIN);
    w.set_mode(Mode::Fail(server_error(503)));
    let mut pool = LocalPool::new();
    let results = spawn_keys(&pool, &m, 20);
    pool.run_until_stalled();
    assert_eq!(w.mints(), 2, "one refresh attempt");
    assert!(results.borrow().iter().all(|r| key_of(r) == "tvr_key1"));
    // Within the back-off, calls keep the old key without asking again.
    block(m.key()).unwrap();
    assert_eq!(w.mints(), 2);
    // Once it is really expired, the failure is the caller's.
    w.advance(5.0 * MIN);
    let err = block(m.key()).unwrap_err();
    assert_eq!(err.status(), Some(503));
}

// ---- 4. failing exchange, back-off ------------------------------------------

#[test]
fn b4_failed_mint_rejects_all_waiters_with_one_request_and_backs_off() {
    let w = World::new();
    w.set_mode(Mode::Manual);
    let m = w.manager("ws1");
    let mut pool = LocalPool::new();
    let results = spawn_keys(&pool, &m, 50);
    pool.run_until_stalled();
    let (_, tx) = w.exchange.parked.borrow_mut().pop_front().unwrap();
    tx.send(Err(server_error(500))).unwrap();
    pool.run_until_stalled();
    {
        let results = results.borrow();
        assert_eq!(results.len(), 50);
        for r in results.iter() {
            let e = r.as_ref().unwrap_err();
            assert_eq!(e.status(), Some(500));
            assert_eq!(e.code(), "unavailable");
        }
    }
    assert_eq!(w.mints(), 1);

    // 1,000 calls spread over 60 s against an exchange that keeps failing.
    w.set_mode(Mode::Fail(Error::Network {
        message: "connection refused".into(),
    }));
    for _ in 0..1000 {
        w.advance(60.0);
        assert!(block(m.key()).is_err());
    }
    assert!(w.mints() <= 10, "{} mints", w.mints());
    assert!(w.mints() >= 3, "it does keep trying: {}", w.mints());

    // Recovery: after the back-off, exactly one more mint serves everyone.
    w.set_mode(Mode::Immediate);
    w.advance(BACKOFF_CAP_MS);
    let before = w.mints();
    for _ in 0..20 {
        block(m.key()).unwrap();
    }
    assert_eq!(w.mints(), before + 1);
}

#[test]
fn b4_retry_after_seconds_is_honoured() {
    let w = World::new();
    let m = w.manager("ws1");
    w.set_mode(Mode::Fail(Error::Http(HttpError::from_body(
        429,
        br#"{"code":"rate_limited","message":"slow down","retry_after_seconds":20}"#,
    ))));
    assert!(block(m.key()).is_err());
    w.set_mode(Mode::Immediate);
    w.advance(10_000.0);
    assert_eq!(block(m.key()).unwrap_err().code(), "rate_limited");
    assert_eq!(w.mints(), 1);
    w.advance(10_001.0);
    block(m.key()).unwrap();
    assert_eq!(w.mints(), 2);
}

// ---- 5/6. 401 from the API ---------------------------------------------------

#[test]
fn b6_fifty_401s_on_one_key_make_one_mint() {
    let w = World::new();
    let m = w.manager("ws1");
    let k1 = block(m.key()).unwrap();
    w.set_mode(Mode::Manual);
    let mut pool = LocalPool::new();
    let results: Results = Rc::new(RefCell::new(Vec::new()));
    for _ in 0..50 {
        let (m, r, k1) = (m.clone(), results.clone(), k1.clone());
        pool.spawner()
            .spawn_local(async move {
                let k = m.key_after_unauthorized(&k1).await;
                r.borrow_mut().push(k);
            })
            .unwrap();
    }
    pool.run_until_stalled();
    assert_eq!(w.mints(), 2);
    w.exchange.release_one();
    pool.run_until_stalled();
    assert_eq!(results.borrow().len(), 50);
    assert!(results.borrow().iter().all(|r| key_of(r) == "tvr_key2"));
    // A late 401 on K1 once K2 is cached: no mint, K2.
    assert_eq!(key_of(&block(m.key_after_unauthorized(&k1))), "tvr_key2");
    assert_eq!(w.mints(), 2);
}

// ---- 7. the exchange refuses -----------------------------------------------------

#[test]
fn b7_exchange_401_is_unauthenticated_clears_the_cache_and_is_not_retried() {
    let w = World::new();
    let m = w.manager("ws1");
    block(m.key()).unwrap();
    w.advance(9.0 * HOUR);
    w.set_mode(Mode::Fail(Error::Http(HttpError::from_body(
        401,
        br#"{"code":"unauthorized","message":"token expired"}"#,
    ))));
    let e = block(m.key()).unwrap_err();
    assert_eq!(e.code(), "unauthenticated");
    assert_eq!(e.status(), Some(401));
    assert_eq!(w.unauthenticated.get(), 1);
    assert!(m.key_info().is_none());
    assert!(w.store.load(&slot(&w, "ws1", "user_demo")).is_none());
    // Same JWT: refused again without a request.
    for _ in 0..10 {
        assert_eq!(block(m.key()).unwrap_err().code(), "unauthenticated");
    }
    assert_eq!(w.mints(), 2);
    // The app signs the user in again: a new JWT is tried.
    *w.jwt.borrow_mut() = format!("{}x", jwt_for("user_demo"));
    w.set_mode(Mode::Immediate);
    block(m.key()).unwrap();
    assert_eq!(w.mints(), 3);
}

#[test]
fn b7_404_and_400_are_typed_not_retried_not_cached() {
    for status in [404u16, 400] {
        let w = World::new();
        let m = w.manager("ws1");
        w.set_mode(Mode::Fail(Error::Http(HttpError::from_body(
            status,
            br#"{"code":"NOT_FOUND","message":"workspace not found"}"#,
        ))));
        for _ in 0..5 {
            assert_eq!(block(m.key()).unwrap_err().status(), Some(status));
        }
        assert_eq!(w.mints(), 1);
        assert!(w.store.load(&slot(&w, "ws1", "user_demo")).is_none());
        assert_eq!(w.unauthenticated.get(), 0);
    }
}

#[test]
fn b7_empty_workspace_is_rejected_up_front() {
    let w = World::new();
    let err = KeyManager::new(
        "",
        "  ",
        DEFAULT_EARLY_REFRESH_MS,
        Seams {
            minter: Rc::new(ExchangeHandle(w.exchange.clone())),
            jwt: Rc::new(FakeJwt(w.jwt.clone())),
            clock: w.clock.clone(),
            store: w.store.clone(),
            on_key_change: None,
            on_unauthenticated: None,
        },
    )
    .err()
    .unwrap();
    assert!(matches!(err, Error::InvalidInput { .. }));
    assert_eq!(w.mints(), 0);
}

#[test]
fn b7_missing_jwt_is_unauthenticated_without_a_request() {
    let w = World::new();
    *w.jwt.borrow_mut() = String::new();
    let m = w.manager("ws1");
    assert_eq!(block(m.key()).unwrap_err().code(), "unauthenticated");
    assert_eq!(w.mints(), 0);
}

// ---- 8. skew and sleep ----------------------------------------------------------

fn work_through_life(skew_ms: f64) {
    let w = World::new();
    w.exchange.skew_ms.set(skew_ms);
    let m = w.manager("ws1");
    let start = w.clock.now_ms();
    // Every 5 minutes for 7 h 45 min: one mint, never a dead key.
    while w.clock.now_ms() < start + 7.75 * HOUR {
        let k = block(m.key()).unwrap();
        let server_now = w.clock.now_ms() + skew_ms;
        let server_expiry = crate::time::parse_rfc3339_ms(&k.expires_at).unwrap();
        assert!(server_expiry - server_now > 60_000.0);
        w.advance(5.0 * MIN);
    }
    assert_eq!(w.mints(), 1, "skew {skew_ms}");
    // And on to the end of the day: refreshed, never expired on the server.
    while w.clock.now_ms() < start + 24.0 * HOUR {
        let k = block(m.key()).unwrap();
        let server_now = w.clock.now_ms() + skew_ms;
        let server_expiry = crate::time::parse_rfc3339_ms(&k.expires_at).unwrap();
        assert!(
            server_expiry > server_now,
            "expired key sent at skew {skew_ms}"
        );
        w.advance(5.0 * MIN);
    }
    assert!(w.mints() <= 4, "{}", w.mints());
}

#[test]
fn b8_server_two_hours_behind() {
    work_through_life(-2.0 * HOUR);
}

#[test]
fn b8_server_two_hours_ahead() {
    work_through_life(2.0 * HOUR);
}

#[test]
fn b8_sleeping_past_expiry_mints_before_the_next_request() {
    let w = World::new();
    let m = w.manager("ws1");
    block(m.key()).unwrap();
    w.advance(30.0 * HOUR); // no timer fired: the laptop slept
    let k = block(m.key()).unwrap();
    assert_eq!(k.key_prefix, "tvr_key2");
    assert_eq!(w.mints(), 2);
}

// ---- 9. corrupt storage ------------------------------------------------------------

fn slot(w: &World, ws: &str, sub: &str) -> String {
    let _ = w;
    Scope {
        origin: "http://127.0.0.1:8080".into(),
        workspace_id: ws.into(),
        user: format!("sub:{sub}"),
    }
    .slot()
}

#[test]
fn b9_corrupt_entries_are_a_miss_and_are_overwritten() {
    for bad in [
        "{bad",
        "null",
        "{}",
        r#"{"apiKey":"tvr_x","workspaceId":"ws1"}"#,
        r#"{"apiKey":"tvr_x","keyId":"k","keyPrefix":"p","expiresAt":"x","expiresAtLocalMs":"NaN","workspaceId":"ws1"}"#,
    ] {
        let w = World::new();
        w.store.save(&slot(&w, "ws1", "user_demo"), bad);
        let m = w.manager("ws1");
        assert_eq!(key_of(&block(m.key())), "tvr_key1", "{bad}");
        let raw = w.store.load(&slot(&w, "ws1", "user_demo")).unwrap();
        assert!(raw.contains("tvr_key1_s3cr3t"));
    }
}

// ---- 10. scoping -----------------------------------------------------------------------

#[test]
fn b10_workspaces_and_users_never_share_keys() {
    let w = World::new();
    let a = w.manager("ws-a");
    let b = w.manager("ws-b");
    let ka = block(a.key()).unwrap();
    let kb = block(b.key()).unwrap();
    assert_ne!(ka.api_key, kb.api_key);
    assert_eq!(block(a.key()).unwrap().api_key, ka.api_key);

    *w.jwt.borrow_mut() = jwt_for("user_bob");
    let kbob = block(a.key()).unwrap();
    assert_ne!(
        kbob.api_key, ka.api_key,
        "bob must not get the demo user's key"
    );
    assert_eq!(w.mints(), 3);

    a.sign_out();
    *w.jwt.borrow_mut() = jwt_for("user_demo");
    assert_eq!(
        block(b.key()).unwrap().api_key,
        kb.api_key,
        "b keeps its key"
    );
    assert_ne!(
        block(a.key()).unwrap().api_key,
        ka.api_key,
        "a forgot its key"
    );
}

#[test]
fn b10_sign_out_during_a_mint_discards_the_late_answer() {
    let w = World::new();
    w.set_mode(Mode::Manual);
    let m = w.manager("ws1");
    let mut pool = LocalPool::new();
    let results = spawn_keys(&pool, &m, 3);
    pool.run_until_stalled();
    m.sign_out();
    w.exchange.release_one();
    pool.run_until_stalled();
    assert_eq!(results.borrow().len(), 3);
    assert!(results.borrow().iter().all(|r| r.is_err()));
    assert!(w.store.load(&slot(&w, "ws1", "user_demo")).is_none());
    assert!(m.key_info().is_none());
}

#[test]
fn b10_out_of_order_mints_keep_the_later_expiry() {
    // Two clients of one page for the same workspace and user share the
    // session store; each mints, and the answers arrive out of order.
    for later_answers_first in [true, false] {
        let w = World::new();
        w.set_mode(Mode::Manual);
        let (m1, m2) = (w.manager("ws1"), w.manager("ws1"));
        let mut pool = LocalPool::new();
        let r1 = spawn_keys(&pool, &m1, 1);
        pool.run_until_stalled();
        let r2 = spawn_keys(&pool, &m2, 1);
        pool.run_until_stalled();
        assert_eq!(w.mints(), 2);
        // Mint 1 gets the short TTL, mint 2 the long one.
        if later_answers_first {
            w.exchange.release_with(1, 8.0 * HOUR);
            pool.run_until_stalled();
            w.exchange.release_with(0, HOUR);
        } else {
            w.exchange.release_with(0, HOUR);
            pool.run_until_stalled();
            w.exchange.release_with(0, 8.0 * HOUR);
        }
        pool.run_until_stalled();
        assert!(r1.borrow()[0].is_ok() && r2.borrow()[0].is_ok());
        let raw = w.store.load(&slot(&w, "ws1", "user_demo")).unwrap();
        let stored = KeyRecord::decode(&raw, "ws1").unwrap();
        assert_eq!(stored.key_prefix, "tvr_key2", "the later expiry wins");
    }
}

// ---- 11. secrets ---------------------------------------------------------------------------

#[test]
fn b11_nothing_printable_holds_a_secret() {
    let w = World::new();
    let m = w.manager("ws1");
    let k = block(m.key()).unwrap();
    let jwt = w.jwt.borrow().clone();
    for text in [
        format!("{k:?}"),
        format!("{:?}", m.key_info()),
        format!("{:?}", w.key_changes.borrow()),
    ] {
        assert!(!text.contains("s3cr3t"), "{text}");
        assert!(!text.contains(&jwt), "{text}");
    }
    // Errors about the exchange never carry the JWT.
    w.set_mode(Mode::Fail(Error::Http(HttpError::from_body(401, b"no"))));
    w.advance(9.0 * HOUR);
    let e = block(m.key()).unwrap_err();
    assert!(!format!("{e} {e:?}").contains(&jwt));
}

#[test]
fn key_changes_are_reported_without_the_key() {
    let w = World::new();
    let m = w.manager("ws1");
    block(m.key()).unwrap();
    block(m.key()).unwrap();
    m.sign_out();
    assert_eq!(
        *w.key_changes.borrow(),
        vec![Some("tvr_key1".to_string()), None]
    );
}

// ---- 5. the transport's single retry ---------------------------------------------------------

use crate::auth::retry::Status as _;
struct FakeResponse(u16);
impl crate::auth::retry::Status for FakeResponse {
    fn status(&self) -> u16 {
        self.0
    }
}

#[test]
fn b5_a_401_gets_one_mint_and_one_retry_then_is_returned() {
    use crate::auth::retry::Auth;
    let w = World::new();
    let m = w.manager("ws1");
    block(m.key()).unwrap(); // warm: K1 cached
    let auth = Auth::Exchange(m.clone());
    let sent: Rc<RefCell<Vec<String>>> = Rc::new(RefCell::new(Vec::new()));
    let body = b"{\"message\":\"hi\"}".to_vec();
    let bodies: Rc<RefCell<Vec<Vec<u8>>>> = Rc::new(RefCell::new(Vec::new()));
    let r = block(auth.send(|key: Secret| {
        sent.borrow_mut().push(key.expose().to_string());
        bodies.borrow_mut().push(body.clone());
        async { Ok(FakeResponse(401)) }
    }))
    .unwrap();
    assert_eq!(r.status(), 401, "the second 401 is the caller's");
    assert_eq!(w.mints(), 2, "one mint after the warm one");
    assert_eq!(
        *sent.borrow(),
        vec!["tvr_key1_s3cr3t".to_string(), "tvr_key2_s3cr3t".to_string()]
    );
    assert_eq!(bodies.borrow()[0], bodies.borrow()[1]);

    // A 401 then a success: the caller sees the success.
    let mut statuses = vec![200u16, 401]; // popped from the end: 401 first
    let r = block(auth.send(|_key: Secret| {
        let s = statuses.pop().unwrap_or(500);
        async move { Ok(FakeResponse(s)) }
    }))
    .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(w.mints(), 3);
}

#[test]
fn b5_fixed_keys_are_never_retried() {
    use crate::auth::retry::Auth;
    let calls = Cell::new(0);
    let auth = Auth::Fixed(Secret::new("tvr_fixed"));
    let r = block(auth.send(|_k: Secret| {
        calls.set(calls.get() + 1);
        async { Ok(FakeResponse(401)) }
    }))
    .unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(calls.get(), 1);
    assert!(!format!("{auth:?}").contains("tvr_fixed"));
}
