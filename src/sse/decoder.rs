//! The event-stream decoder: bytes in, events out.
//!
//! Design notes (why it looks the way it does):
//!
//! * **Lines are split on raw bytes, then decoded.** CR (0x0D), LF (0x0A),
//!   `:` and space are ASCII, and ASCII bytes never occur inside a multi-byte
//!   UTF-8 sequence, so a line terminator always ends any incomplete sequence
//!   before it. Decoding each complete line on its own with the
//!   maximal-subpart replacement rule (`String::from_utf8_lossy`) therefore
//!   gives exactly what decoding the whole stream with `TextDecoder` would,
//!   and a character split across chunks needs no special handling: its
//!   bytes simply wait in the pending-line buffer with the rest of the line.
//! * **Every byte is looked at a bounded number of times.** A chunk is
//!   scanned once for line ends; complete lines inside the chunk are
//!   processed in place, and only the unterminated tail is copied into the
//!   pending-line buffer. Work is linear in the input however it is chunked.
//! * **Memory is bounded.** The pending line plus the event being assembled
//!   may not exceed the configured maximum, and buffers grown by an unusually
//!   large event are shrunk back after it is dispatched.

use std::fmt;

/// Default for [`Decoder::with_max_event_size`]: 32 MiB.
pub const DEFAULT_MAX_EVENT_SIZE: usize = 32 * 1024 * 1024;

/// How many reconnection times [`Decoder::retry_history`] keeps (the most
/// recent ones). A hostile stream could send `retry` lines forever; keeping
/// them all would break the decoder's memory bound.
pub const RETRY_HISTORY_CAP: usize = 64;

/// Buffers are shrunk back to this capacity after holding a larger event, so
/// one 8 MiB event does not pin 8 MiB for the rest of the stream, while
/// ordinary events reuse their buffers without reallocating.
const RETAINED_CAPACITY: usize = 64 * 1024;

/// The byte order mark, stripped once at the very start of a stream.
const BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];

/// A dispatched server-sent event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SseEvent {
    /// The event type; `"message"` when the block set none (or set it empty).
    pub event: String,
    /// The `data` lines of the block joined with LF.
    pub data: String,
    /// The last event ID in force at dispatch (`""` if never set, or reset).
    pub id: String,
    /// The reconnection time in milliseconds in force when this event was
    /// dispatched (`None` if the stream never set one).
    pub retry: Option<u32>,
}

/// A dispatched event borrowing the decoder's buffers, for callers (such as
/// the wasm layer) that convert the strings anyway and want to skip the
/// intermediate `String` allocations of [`SseEvent`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SseEventRef<'a> {
    /// See [`SseEvent::event`].
    pub event: &'a str,
    /// See [`SseEvent::data`].
    pub data: &'a str,
    /// See [`SseEvent::id`].
    pub id: &'a str,
    /// See [`SseEvent::retry`].
    pub retry: Option<u32>,
}

impl SseEventRef<'_> {
    /// Copies the borrowed event into an owned [`SseEvent`].
    pub fn to_event(&self) -> SseEvent {
        SseEvent {
            event: self.event.to_owned(),
            data: self.data.to_owned(),
            id: self.id.to_owned(),
            retry: self.retry,
        }
    }
}

/// Why the decoder stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SseError {
    /// The pending line plus the event being assembled (its data and type)
    /// grew past the configured maximum, counted in bytes.
    EventTooLarge {
        /// The configured maximum event size in bytes.
        limit: usize,
    },
}

impl fmt::Display for SseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SseError::EventTooLarge { limit } => {
                write!(f, "SSE event exceeds the {limit}-byte limit")
            }
        }
    }
}

impl std::error::Error for SseError {}

/// Progress in stripping a leading BOM, which may arrive split over chunks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bom {
    /// This many leading bytes of the stream (0..=2) matched the BOM so far.
    Matched(usize),
    /// Decided: a BOM was stripped, or the stream does not start with one.
    Done,
}

/// Incremental `text/event-stream` decoder (WHATWG HTML, "event stream
/// interpretation").
///
/// Feed body bytes with [`push`](Self::push) or [`push_with`](Self::push_with)
/// in whatever chunks they arrive, then call [`finish`](Self::finish) at end
/// of stream. Results never depend on the chunking.
///
/// **Errors poison the decoder.** Once a push fails (the only failure is
/// [`SseError::EventTooLarge`]), every later `push`, `push_with` and `finish`
/// returns the same error without looking at its input, because the stream
/// position is lost; [`reset`](Self::reset) makes the decoder usable again.
#[derive(Debug, Clone)]
pub struct Decoder {
    max_event_size: usize,
    /// Raw bytes of the current line, which has no terminator yet.
    line: Vec<u8>,
    /// The data buffer: each `data` value followed by LF.
    data: String,
    /// The event type buffer.
    event_type: String,
    /// The last event ID buffer, set by `id` fields.
    id_buffer: String,
    /// The last event ID string: the buffer as of the last blank line. This
    /// is what a reconnection should send as `Last-Event-ID`; an `id` of a
    /// block cut off by the end of the stream never reaches it.
    last_event_id: String,
    retry: Option<u32>,
    retry_history: Vec<u32>,
    /// The previous chunk ended in CR, so an LF starting the next chunk is
    /// the second half of a CRLF, not a line end of its own.
    after_cr: bool,
    bom: Bom,
    error: Option<SseError>,
}

impl Default for Decoder {
    fn default() -> Self {
        Self::new()
    }
}

impl Decoder {
    /// A decoder with the default maximum event size
    /// ([`DEFAULT_MAX_EVENT_SIZE`]).
    pub fn new() -> Self {
        Self::with_max_event_size(DEFAULT_MAX_EVENT_SIZE)
    }

    /// A decoder that fails with [`SseError::EventTooLarge`] once the pending
    /// line plus the data and type of the event being assembled exceed `max`
    /// bytes (decoded bytes, so each invalid input byte counts as the three
    /// bytes of its U+FFFD).
    pub fn with_max_event_size(max: usize) -> Self {
        Decoder {
            max_event_size: max,
            line: Vec::new(),
            data: String::new(),
            event_type: String::new(),
            id_buffer: String::new(),
            last_event_id: String::new(),
            retry: None,
            retry_history: Vec::new(),
            after_cr: false,
            bom: Bom::Matched(0),
            error: None,
        }
    }

    /// Feeds bytes; calls `on_event` for every event completed by them, in
    /// order. On error, the events completed earlier in the same chunk have
    /// already been delivered.
    pub fn push_with(
        &mut self,
        chunk: &[u8],
        on_event: &mut dyn FnMut(SseEvent),
    ) -> Result<(), SseError> {
        self.push_borrowed(chunk, &mut |event| on_event(event.to_event()))
    }

    /// Like [`push_with`](Self::push_with), but lends each event instead of
    /// allocating it.
    pub fn push_borrowed(
        &mut self,
        chunk: &[u8],
        on_event: &mut dyn FnMut(SseEventRef<'_>),
    ) -> Result<(), SseError> {
        if let Some(error) = &self.error {
            return Err(error.clone());
        }
        let result = self.feed_bom(chunk, on_event);
        if let Err(error) = &result {
            self.error = Some(error.clone());
        }
        result
    }

    /// Convenience: feeds bytes and collects the completed events. On error
    /// the events completed before it in this chunk are dropped; use
    /// [`push_with`](Self::push_with) to receive them.
    pub fn push(&mut self, chunk: &[u8]) -> Result<Vec<SseEvent>, SseError> {
        let mut events = Vec::new();
        self.push_with(chunk, &mut |event| events.push(event))?;
        Ok(events)
    }

    /// End of stream. An unterminated last block is discarded without
    /// dispatch, as the spec requires, and so is an unterminated last line
    /// (its `id` or `retry` never applies). A line end is acted on as soon as
    /// it is seen (a final CR included), so the end itself completes no
    /// event and the returned list is always empty; it exists so callers need
    /// not know that.
    ///
    /// Afterwards the decoder is ready for a new stream, such as a
    /// reconnection: parsing starts afresh (a BOM is stripped again), while
    /// [`last_event_id`](Self::last_event_id), [`retry`](Self::retry) and
    /// [`retry_history`](Self::retry_history) are kept, as an `EventSource`
    /// keeps them across reconnections. [`reset`](Self::reset) forgets them
    /// too.
    pub fn finish(&mut self) -> Result<Vec<SseEvent>, SseError> {
        if let Some(error) = &self.error {
            return Err(error.clone());
        }
        self.line.clear();
        self.data.clear();
        self.event_type.clear();
        self.release_event_buffers();
        self.id_buffer.clone_from(&self.last_event_id);
        self.after_cr = false;
        self.bom = Bom::Matched(0);
        Ok(Vec::new())
    }

    /// End of stream for a consumer that also accepts a last block whose
    /// blank line never came (`event: done\ndata: {…}\n` then EOF), as the
    /// official SDKs do: when every line of the pending block ended before
    /// the end of the stream, the block is dispatched to `on_event` as if
    /// the blank line had arrived. A line cut before its end still discards
    /// the whole block. Then the decoder is reset as by
    /// [`finish`](Self::finish), which stays WHATWG-exact.
    pub fn finish_accepting_unterminated_block(
        &mut self,
        on_event: &mut dyn FnMut(SseEventRef<'_>),
    ) -> Result<(), SseError> {
        if let Some(error) = &self.error {
            return Err(error.clone());
        }
        if self.line.is_empty() && !self.data.is_empty() {
            self.dispatch(on_event);
        }
        self.finish().map(|_| ())
    }

    /// Returns to the state of a new decoder with the same maximum event
    /// size, clearing any error.
    pub fn reset(&mut self) {
        *self = Self::with_max_event_size(self.max_event_size);
    }

    /// The last event ID string: the `id` in force at the last blank line
    /// (`""` if none). This is the value to send as `Last-Event-ID` when
    /// reconnecting.
    pub fn last_event_id(&self) -> &str {
        &self.last_event_id
    }

    /// The reconnection time in milliseconds in force, if the stream set one.
    pub fn retry(&self) -> Option<u32> {
        self.retry
    }

    /// The reconnection times set so far, oldest first. Bounded: only the
    /// most recent [`RETRY_HISTORY_CAP`] are kept.
    pub fn retry_history(&self) -> &[u32] {
        &self.retry_history
    }

    /// Bytes of buffer capacity currently held (pending line, event being
    /// assembled, event ID), for memory tests.
    pub fn buffered_bytes(&self) -> usize {
        self.line.capacity()
            + self.data.capacity()
            + self.event_type.capacity()
            + self.id_buffer.capacity()
            + self.last_event_id.capacity()
    }

    /// Strips a leading BOM, which may arrive a byte at a time, then feeds
    /// the rest. Empty chunks leave the BOM state alone.
    fn feed_bom(
        &mut self,
        chunk: &[u8],
        on_event: &mut dyn FnMut(SseEventRef<'_>),
    ) -> Result<(), SseError> {
        let Bom::Matched(mut matched) = self.bom else {
            return self.feed(chunk, on_event);
        };
        let mut rest = chunk;
        while let (Some(&byte), Some(&expected)) = (rest.first(), BOM.get(matched)) {
            if byte != expected {
                break;
            }
            matched += 1;
            rest = &rest[1..];
        }
        if matched == BOM.len() {
            self.bom = Bom::Done;
            return self.feed(rest, on_event);
        }
        if rest.is_empty() {
            // Still a possible BOM prefix: decide when more bytes arrive.
            self.bom = Bom::Matched(matched);
            return Ok(());
        }
        // Not a BOM: the bytes held back are ordinary text.
        self.bom = Bom::Done;
        self.feed(&BOM[..matched], on_event)?;
        self.feed(rest, on_event)
    }

    /// Splits `chunk` into lines and processes each complete one.
    fn feed(
        &mut self,
        mut chunk: &[u8],
        on_event: &mut dyn FnMut(SseEventRef<'_>),
    ) -> Result<(), SseError> {
        if self.after_cr {
            let Some(&first) = chunk.first() else {
                return Ok(());
            };
            if first == b'\n' {
                chunk = &chunk[1..];
            }
            self.after_cr = false;
        }
        while let Some(end) = find_line_end(chunk) {
            self.check_size(self.line.len() + end)?;
            if self.line.is_empty() {
                self.process_line(&chunk[..end], on_event)?;
            } else {
                self.line.extend_from_slice(&chunk[..end]);
                let line = std::mem::take(&mut self.line);
                let result = self.process_line(&line, on_event);
                self.line = line;
                self.line.clear();
                shrink(&mut self.line);
                result?;
            }
            // Skip the terminator: CR, LF, or CRLF. A CR that ends the chunk
            // may be the first half of a CRLF split across chunks.
            let next = end + 1;
            if chunk[end] == b'\r' {
                match chunk.get(next) {
                    Some(b'\n') => chunk = &chunk[next + 1..],
                    Some(_) => chunk = &chunk[next..],
                    None => {
                        self.after_cr = true;
                        return Ok(());
                    }
                }
            } else {
                chunk = &chunk[next..];
            }
        }
        self.check_size(self.line.len() + chunk.len())?;
        self.line.extend_from_slice(chunk);
        Ok(())
    }

    /// Fails if `line_len` bytes of pending line plus the event being
    /// assembled exceed the limit. Checked before copying, so an oversized
    /// chunk is never buffered.
    fn check_size(&self, line_len: usize) -> Result<(), SseError> {
        let size = line_len
            .saturating_add(self.data.len())
            .saturating_add(self.event_type.len());
        if size > self.max_event_size {
            return Err(SseError::EventTooLarge {
                limit: self.max_event_size,
            });
        }
        Ok(())
    }

    /// Interprets one complete line (without its terminator).
    fn process_line(
        &mut self,
        line: &[u8],
        on_event: &mut dyn FnMut(SseEventRef<'_>),
    ) -> Result<(), SseError> {
        if line.is_empty() {
            self.dispatch(on_event);
            return Ok(());
        }
        // Field names and the checks on values below compare raw bytes: the
        // ASCII bytes involved decode to themselves and nothing else decodes
        // to them, so this is the same as comparing decoded text.
        let (field, value) = match line.iter().position(|&b| b == b':') {
            Some(0) => return Ok(()), // comment
            Some(colon) => {
                let value = &line[colon + 1..];
                (&line[..colon], value.strip_prefix(b" ").unwrap_or(value))
            }
            None => (line, &b""[..]),
        };
        match field {
            b"data" => {
                push_lossy(&mut self.data, value);
                self.data.push('\n');
            }
            b"event" => {
                self.event_type.clear();
                push_lossy(&mut self.event_type, value);
            }
            // An ID containing U+0000 is ignored entirely.
            b"id" if !value.contains(&0) => {
                self.id_buffer.clear();
                push_lossy(&mut self.id_buffer, value);
            }
            // Only ASCII digits: "１２" or "-1" or "" are ignored.
            b"retry" if !value.is_empty() && value.iter().all(u8::is_ascii_digit) => {
                self.set_retry(parse_retry(value));
            }
            _ => {} // unknown fields are ignored
        }
        // Replacement characters can make decoded text longer than the line.
        self.check_size(0)
    }

    fn set_retry(&mut self, millis: u32) {
        self.retry = Some(millis);
        if self.retry_history.len() == RETRY_HISTORY_CAP {
            self.retry_history.remove(0);
        }
        self.retry_history.push(millis);
    }

    /// A blank line: commit the ID and dispatch the block, if it had data.
    fn dispatch(&mut self, on_event: &mut dyn FnMut(SseEventRef<'_>)) {
        if self.last_event_id != self.id_buffer {
            self.last_event_id.clone_from(&self.id_buffer);
        }
        if !self.data.is_empty() {
            let data = self.data.strip_suffix('\n').unwrap_or(&self.data);
            let event = if self.event_type.is_empty() {
                "message"
            } else {
                &self.event_type
            };
            on_event(SseEventRef {
                event,
                data,
                id: &self.last_event_id,
                retry: self.retry,
            });
        }
        self.data.clear();
        self.event_type.clear();
        self.release_event_buffers();
    }

    fn release_event_buffers(&mut self) {
        shrink(&mut self.line);
        if self.data.capacity() > RETAINED_CAPACITY {
            self.data.shrink_to(RETAINED_CAPACITY);
        }
        if self.event_type.capacity() > RETAINED_CAPACITY {
            self.event_type.shrink_to(RETAINED_CAPACITY);
        }
    }
}

/// Gives back the memory of an unusually large (now cleared) buffer.
fn shrink(buffer: &mut Vec<u8>) {
    if buffer.capacity() > RETAINED_CAPACITY {
        buffer.shrink_to(RETAINED_CAPACITY);
    }
}

/// Appends `bytes` decoded as UTF-8, each maximal invalid subpart replaced by
/// one U+FFFD (as `TextDecoder` and `String::from_utf8_lossy` do). Valid
/// input, the common case, is validated once and copied as one slice.
fn push_lossy(out: &mut String, bytes: &[u8]) {
    match std::str::from_utf8(bytes) {
        Ok(text) => out.push_str(text),
        Err(_) => out.push_str(&String::from_utf8_lossy(bytes)),
    }
}

/// Parses a non-empty run of ASCII digits, saturating at `u32::MAX`
/// milliseconds (about 49 days) rather than ignoring a value too large to
/// represent: the server asked for a very long wait either way.
fn parse_retry(digits: &[u8]) -> u32 {
    digits.iter().fold(0u32, |acc, &digit| {
        acc.saturating_mul(10)
            .saturating_add(u32::from(digit - b'0'))
    })
}

/// Index of the first CR or LF in `bytes`.
///
/// Lines are usually long JSON payloads, so this tests eight bytes per step
/// (SWAR: a byte equal to the target XORs to zero, and
/// `(x - 0x01..) & !x & 0x80..` flags zero bytes; flags above a real zero
/// can be spurious, but the lowest flag is always exact).
pub(crate) fn find_line_end(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    const LFS: u64 = u64::from_le_bytes([b'\n'; 8]);
    const CRS: u64 = u64::from_le_bytes([b'\r'; 8]);
    let mut words = bytes.chunks_exact(8);
    for (index, word) in (&mut words).enumerate() {
        let mut array = [0u8; 8];
        array.copy_from_slice(word);
        let word = u64::from_le_bytes(array);
        let lf = word ^ LFS;
        let cr = word ^ CRS;
        let found = ((lf.wrapping_sub(ONES) & !lf) | (cr.wrapping_sub(ONES) & !cr)) & HIGHS;
        if found != 0 {
            return Some(index * 8 + (found.trailing_zeros() / 8) as usize);
        }
    }
    let tail = words.remainder();
    let tail_start = bytes.len() - tail.len();
    tail.iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map(|position| tail_start + position)
}
