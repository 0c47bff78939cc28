//! `Date.now()`, or the app's own `now()` (tests drive time with it).

use crate::auth::Clock;
use js_sys::Function;
use wasm_bindgen::JsValue;

pub struct JsClock {
    now: Option<Function>,
}

impl JsClock {
    pub fn new(now: Option<Function>) -> JsClock {
        JsClock { now }
    }
}

impl Clock for JsClock {
    fn now_ms(&self) -> f64 {
        self.now
            .as_ref()
            .and_then(|f| f.call0(&JsValue::UNDEFINED).ok())
            .and_then(|v| v.as_f64())
            .filter(|t| t.is_finite())
            .unwrap_or_else(js_sys::Date::now)
    }
}
