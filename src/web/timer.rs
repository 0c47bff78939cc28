//! Time in the browser: an abortable sleep (the wait before a retry), and
//! an attempt's deadline — an `AbortSignal` that fires when the caller's
//! signal does or when the attempt's time is up, so either one aborts the
//! request and its body.

use crate::error::Error;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

#[wasm_bindgen(inline_js = r#"
export function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal && signal.aborted) return reject(signal.reason);
    const onAbort = () => { clearTimeout(timer); reject(signal.reason); };
    const timer = setTimeout(() => {
      if (signal) signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    if (signal) signal.addEventListener('abort', onAbort, { once: true });
  });
}
export class Deadline {
  constructor(ms, outer) {
    this.controller = new AbortController();
    this.outer = outer || null;
    this.expired = false;
    this.onAbort = () => this.controller.abort(this.outer.reason);
    if (this.outer) {
      if (this.outer.aborted) this.controller.abort(this.outer.reason);
      else this.outer.addEventListener('abort', this.onAbort, { once: true });
    }
    this.timer = ms > 0 ? setTimeout(() => {
      this.expired = true;
      this.controller.abort(new DOMException('the request timed out', 'TimeoutError'));
    }, ms) : 0;
  }
  get signal() { return this.controller.signal; }
  disarm() { clearTimeout(this.timer); }
  release() {
    clearTimeout(this.timer);
    if (this.outer) this.outer.removeEventListener('abort', this.onAbort);
  }
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = sleep)]
    fn sleep_js(ms: f64, signal: Option<AbortSignal>) -> js_sys::Promise;

    type Deadline;
    #[wasm_bindgen(constructor)]
    fn new(ms: f64, outer: Option<AbortSignal>) -> Deadline;
    #[wasm_bindgen(method, getter)]
    fn signal(this: &Deadline) -> AbortSignal;
    #[wasm_bindgen(method, getter)]
    fn expired(this: &Deadline) -> bool;
    #[wasm_bindgen(method)]
    fn disarm(this: &Deadline);
    #[wasm_bindgen(method)]
    fn release(this: &Deadline);
}

/// Waits `ms`; `Err(Aborted)` as soon as `signal` fires.
pub async fn sleep(ms: f64, signal: Option<&AbortSignal>) -> Result<(), Error> {
    JsFuture::from(sleep_js(ms, signal.cloned()))
        .await
        .map(|_| ())
        .map_err(|_| Error::Aborted)
}

/// One attempt's bound: its signal aborts the request when the caller's
/// signal fires or `ms` pass (`0`: no limit). Dropping it stops the timer
/// and unhooks the caller's signal.
pub struct AttemptDeadline {
    deadline: Deadline,
    ms: f64,
    for_body: std::cell::Cell<bool>,
}

impl AttemptDeadline {
    pub fn new(ms: f64, outer: Option<&AbortSignal>) -> AttemptDeadline {
        AttemptDeadline {
            deadline: Deadline::new(ms, outer.cloned()),
            ms,
            for_body: std::cell::Cell::new(false),
        }
    }

    /// The signal to send the attempt with.
    pub fn signal(&self) -> AbortSignal {
        self.deadline.signal()
    }

    /// Whether the time ran out (rather than the caller aborting).
    pub fn expired(&self) -> bool {
        self.deadline.expired()
    }

    /// The headers have arrived and the body is handed over unread (a
    /// stream): the clock stops, and the caller's signal stays hooked to
    /// the request, so it still aborts the body after this is dropped.
    pub fn keep_for_body(&self) {
        self.deadline.disarm();
        self.for_body.set(true);
    }

    /// `err` as the caller sees it: `timeout` when the time ran out.
    pub fn map(&self, err: Error) -> Error {
        if self.expired() && matches!(err, Error::Aborted | Error::Network { .. }) {
            Error::Timeout { after_ms: self.ms }
        } else {
            err
        }
    }
}

impl Drop for AttemptDeadline {
    fn drop(&mut self) {
        if !self.for_body.get() {
            self.deadline.release();
        }
    }
}
