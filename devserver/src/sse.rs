//! Writing `text/event-stream` responses, with the stream faults of the
//! control API applied: chunk splitting, cuts, malformed frames and
//! alternative line endings. Also notices when the client goes away.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use crate::prelude::*;
use axum::body::{Body, Bytes};
use axum::extract::{FromRequestParts, OriginalUri};
use axum::http::request::Parts;
use axum::http::HeaderName;
use parking_lot::Mutex;
use tokio::sync::{mpsc, oneshot};

/// How often a paused stream sends `: keepalive`.
pub const KEEPALIVE_EVERY: Duration = Duration::from_secs(2);

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LineEndings {
    #[default]
    Lf,
    Crlf,
    Cr,
}

impl LineEndings {
    pub fn as_str(self) -> &'static str {
        match self {
            LineEndings::Lf => "\n",
            LineEndings::Crlf => "\r\n",
            LineEndings::Cr => "\r",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct RandomChunks {
    pub min: usize,
    pub max: usize,
    pub seed: u64,
}

impl Default for RandomChunks {
    fn default() -> Self {
        RandomChunks {
            min: 1,
            max: 64,
            seed: 0,
        }
    }
}

/// Stream-shaping faults for one SSE response (all off by default).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct StreamFaults {
    /// Send this many complete events, then end the body without a terminal event.
    pub cut_after_events: Option<u64>,
    /// Split the body into exactly these sizes, cycling.
    pub chunk_sizes: Option<Vec<usize>>,
    /// Split the body into seeded random sizes in `min..=max`.
    pub random_chunks: Option<RandomChunks>,
    /// After this many events, insert one frame whose data is not JSON.
    pub malformed_after_events: Option<u64>,
    pub line_endings: LineEndings,
    /// Pause between body chunks so they reach the client separately.
    pub chunk_delay_ms: u64,
}

/// What a streaming request brings to its stream: its path (for the
/// stream record) and the stream faults the control middleware attached.
#[derive(Debug, Clone, Default)]
pub struct StreamShaping {
    pub path: String,
    pub faults: StreamFaults,
}

impl<S: Send + Sync> FromRequestParts<S> for StreamShaping {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        // Nested routers see the path without their prefix; the record wants all of it.
        let uri = parts
            .extensions
            .get::<OriginalUri>()
            .map_or(&parts.uri, |u| &u.0);
        Ok(StreamShaping {
            path: uri.path().to_string(),
            faults: parts
                .extensions
                .get::<StreamFaults>()
                .cloned()
                .unwrap_or_default(),
        })
    }
}

/// What `/__test/requests` reports for one streaming response.
#[derive(Debug, Clone, Default, Serialize)]
pub struct StreamRecord {
    pub path: String,
    pub events_sent: u64,
    pub completed: bool,
    pub client_disconnected: bool,
    pub cut: bool,
}

/// Why a stream stopped early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamStop {
    /// The client went away (sending into the body failed).
    Disconnected,
    /// A `cut_after_events` fault ended the body.
    Cut,
    /// Whatever the stream waited for can no longer happen.
    Abandoned,
}

/// splitmix64: tiny, deterministic per seed on every platform.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

type Sizes = Box<dyn Iterator<Item = usize> + Send>;

/// Re-cuts a byte stream into chunks of planned sizes.
pub struct Chunker {
    /// `None` passes every write through whole.
    sizes: Option<Sizes>,
    want: usize,
    buf: Vec<u8>,
}

impl Chunker {
    pub fn new(f: &StreamFaults) -> Chunker {
        let sizes: Option<Sizes> = match (&f.chunk_sizes, f.random_chunks) {
            (Some(s), _) if !s.is_empty() => Some(Box::new(s.clone().into_iter().cycle())),
            (_, Some(r)) => {
                let mut rng = SplitMix64(r.seed);
                let span = (r.max - r.min) as u64 + 1;
                Some(Box::new(std::iter::repeat_with(move || {
                    r.min + (rng.next_u64() % span) as usize
                })))
            }
            _ => None,
        };
        let mut c = Chunker {
            sizes,
            want: usize::MAX,
            buf: Vec::new(),
        };
        c.advance();
        c
    }

    fn advance(&mut self) {
        if let Some(next) = self.sizes.as_mut().and_then(Iterator::next) {
            self.want = next.max(1);
        }
    }

    /// Adds bytes; returns every chunk that is complete.
    pub fn push(&mut self, bytes: &[u8]) -> Vec<Bytes> {
        if self.sizes.is_none() {
            return vec![Bytes::copy_from_slice(bytes)];
        }
        self.buf.extend_from_slice(bytes);
        let (mut out, mut start) = (Vec::new(), 0);
        while self.buf.len() - start >= self.want {
            out.push(Bytes::copy_from_slice(&self.buf[start..start + self.want]));
            start += self.want;
            self.advance();
        }
        self.buf.drain(..start);
        out
    }

    /// Emits whatever is buffered as one (short) chunk.
    pub fn flush(&mut self) -> Option<Bytes> {
        if self.buf.is_empty() {
            return None;
        }
        self.advance();
        Some(Bytes::from(std::mem::take(&mut self.buf)))
    }
}

/// Writes SSE frames into a streaming response body.
pub struct SseWriter {
    tx: mpsc::Sender<Bytes>,
    faults: StreamFaults,
    chunker: Chunker,
    events_sent: u64,
    chunks_sent: u64,
    malformed_done: bool,
    record: Option<Arc<Mutex<StreamRecord>>>,
}

impl SseWriter {
    /// Creates the 200 `text/event-stream` response and the writer feeding it.
    /// With test control on, the stream is listed under `/__test/requests`.
    pub fn start(state: &AppState, stream: StreamShaping) -> (SseWriter, Response) {
        let StreamShaping { path, faults } = stream;
        let (tx, rx) = mpsc::channel::<Bytes>(32);
        let stream = futures_util::stream::unfold(rx, |mut rx| async move {
            rx.recv().await.map(|b| (Ok::<_, Infallible>(b), rx))
        });
        let headers = [
            (header::CONTENT_TYPE, "text/event-stream"),
            (header::CACHE_CONTROL, "no-cache"),
            (HeaderName::from_static("x-accel-buffering"), "no"),
        ];
        let resp = (headers, Body::from_stream(stream)).into_response();
        let record = state.config.test_control.then(|| {
            let rec = Arc::new(Mutex::new(StreamRecord {
                path,
                ..Default::default()
            }));
            state.control().streams.push(rec.clone());
            rec
        });
        let writer = SseWriter {
            tx,
            chunker: Chunker::new(&faults),
            faults,
            events_sent: 0,
            chunks_sent: 0,
            malformed_done: false,
            record,
        };
        (writer, resp)
    }

    fn eol(&self) -> &'static str {
        self.faults.line_endings.as_str()
    }

    fn update(&self, f: impl FnOnce(&mut StreamRecord)) {
        if let Some(r) = &self.record {
            f(&mut r.lock());
        }
    }

    fn disconnected(&self) -> StreamStop {
        self.update(|r| r.client_disconnected = true);
        StreamStop::Disconnected
    }

    /// One `event: NAME` + `data: JSON` frame.
    pub async fn event(&mut self, name: &str, data: &Value) -> Result<(), StreamStop> {
        if let Some(k) = self.faults.cut_after_events {
            if self.events_sent >= k {
                self.flush().await?;
                self.update(|r| r.cut = true);
                return Err(StreamStop::Cut);
            }
        }
        let eol = self.eol();
        let json = serde_json::to_string(data).unwrap_or_else(|_| "{}".to_string());
        let frame = format!("event: {name}{eol}data: {json}{eol}{eol}");
        self.write(frame.as_bytes()).await?;
        self.events_sent += 1;
        let n = self.events_sent;
        self.update(|r| r.events_sent = n);
        if !self.malformed_done && self.faults.malformed_after_events == Some(n) {
            self.malformed_done = true;
            let bad = format!("event: step{eol}data: {{not json{eol}{eol}");
            self.write(bad.as_bytes()).await?;
        }
        Ok(())
    }

    /// A `: TEXT` comment line plus a blank line.
    pub async fn comment(&mut self, text: &str) -> Result<(), StreamStop> {
        let eol = self.eol();
        self.write(format!(": {text}{eol}{eol}").as_bytes()).await
    }

    async fn write(&mut self, bytes: &[u8]) -> Result<(), StreamStop> {
        for chunk in self.chunker.push(bytes) {
            self.send(chunk).await?;
        }
        Ok(())
    }

    async fn send(&mut self, chunk: Bytes) -> Result<(), StreamStop> {
        if self.faults.chunk_delay_ms > 0 && self.chunks_sent > 0 {
            self.pause(self.faults.chunk_delay_ms).await?;
        }
        self.chunks_sent += 1;
        if self.tx.send(chunk).await.is_err() {
            return Err(self.disconnected());
        }
        Ok(())
    }

    /// Sends any partially filled chunk now.
    pub async fn flush(&mut self) -> Result<(), StreamStop> {
        match self.chunker.flush() {
            Some(b) => self.send(b).await,
            None => Ok(()),
        }
    }

    /// Sleeps, but returns early if the client disconnects.
    pub async fn pause(&mut self, ms: u64) -> Result<(), StreamStop> {
        if ms == 0 {
            return Ok(());
        }
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_millis(ms)) => Ok(()),
            _ = self.tx.closed() => Err(self.disconnected()),
        }
    }

    /// Waits for `rx`, sending `: keepalive` every [`KEEPALIVE_EVERY`].
    pub async fn wait_for<T>(&mut self, mut rx: oneshot::Receiver<T>) -> Result<T, StreamStop> {
        self.flush().await?;
        loop {
            tokio::select! {
                v = &mut rx => return v.map_err(|_| StreamStop::Abandoned),
                _ = self.tx.closed() => return Err(self.disconnected()),
                _ = tokio::time::sleep(KEEPALIVE_EVERY) => {
                    self.comment("keepalive").await?;
                    self.flush().await?;
                }
            }
        }
    }

    /// Flushes and ends the body; `completed` = a terminal event was sent.
    pub async fn finish(mut self, completed: bool) {
        let _ = self.flush().await;
        self.update(|r| r.completed = completed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_chunker(f: &StreamFaults, parts: &[&[u8]]) -> Vec<Bytes> {
        let mut c = Chunker::new(f);
        let mut out = Vec::new();
        for p in parts {
            out.extend(c.push(p));
        }
        out.extend(c.flush());
        out
    }

    #[test]
    fn sizes_cycle_and_keep_bytes() {
        let f = StreamFaults {
            chunk_sizes: Some(vec![1, 2, 3]),
            ..Default::default()
        };
        let out = run_chunker(&f, &[b"abcd", b"efghijk", b"lm"]);
        let lens: Vec<_> = out.iter().map(|b| b.len()).collect();
        assert_eq!(lens, vec![1, 2, 3, 1, 2, 3, 1]);
        assert_eq!(out.concat(), b"abcdefghijklm");
    }

    #[test]
    fn random_is_deterministic_per_seed_and_in_range() {
        let data: Vec<u8> = "naïve café ✓ 😀\r\n".repeat(200).into_bytes();
        let f = |seed| StreamFaults {
            random_chunks: Some(RandomChunks {
                min: 1,
                max: 7,
                seed,
            }),
            ..Default::default()
        };
        let a = run_chunker(&f(7), &[&data]);
        let b = run_chunker(&f(7), &[&data[..100], &data[100..]]);
        let c = run_chunker(&f(8), &[&data]);
        let lens = |v: &Vec<Bytes>| v.iter().map(|b| b.len()).collect::<Vec<_>>();
        assert_eq!(lens(&a), lens(&b));
        assert_ne!(lens(&a), lens(&c));
        assert!(a[..a.len() - 1].iter().all(|x| (1..=7).contains(&x.len())));
        assert_eq!(a.concat(), data);
        // Some cut lands inside a multi-byte character and some inside CRLF.
        let mut pos = 0;
        let (mut in_utf8, mut in_crlf) = (false, false);
        for ch in &a[..a.len() - 1] {
            pos += ch.len();
            in_utf8 |= std::str::from_utf8(&data[..pos]).is_err();
            in_crlf |= data[pos - 1] == b'\r' && data.get(pos) == Some(&b'\n');
        }
        assert!(in_utf8 && in_crlf);
    }

    #[test]
    fn whole_passes_through() {
        let out = run_chunker(&StreamFaults::default(), &[b"abc", b"de"]);
        assert_eq!(
            out,
            vec![Bytes::from_static(b"abc"), Bytes::from_static(b"de")]
        );
    }
}
