//! sessionStorage that never throws at us.
//!
//! Safari private mode, sandboxed iframes and a full quota make
//! `sessionStorage` (or its `setItem`) throw. Any such failure moves that
//! entry to memory: the tab keeps working, it just won't survive a reload.
//! Outside a page (workers, servers) every entry is in memory.

use crate::auth::store::{KeyStore, MemoryStore};
use web_sys::Storage;

pub struct SessionStore {
    session: Option<Storage>,
    memory: MemoryStore,
}

impl SessionStore {
    /// `use_session == false` is the `storage: "memory"` option.
    pub fn new(use_session: bool) -> SessionStore {
        let session = if use_session { session_storage() } else { None };
        SessionStore {
            session,
            memory: MemoryStore::new(),
        }
    }

    /// Whether entries can survive a reload.
    pub fn is_persistent(&self) -> bool {
        self.session.is_some()
    }
}

fn session_storage() -> Option<Storage> {
    // Only a page's sessionStorage belongs to one user. Server runtimes that
    // have one (Deno, newer Node) share it across every request the process
    // serves, so there keys stay in this client's memory. In a page,
    // `sessionStorage` may still throw on access.
    let global = js_sys::global();
    let window = js_sys::Reflect::get(&global, &"window".into()).ok()?;
    if !window.is_object() {
        return None;
    }
    let value = js_sys::Reflect::get(&global, &"sessionStorage".into()).ok()?;
    if value.is_undefined() || value.is_null() {
        return None;
    }
    wasm_bindgen::JsCast::dyn_into::<Storage>(value).ok()
}

impl KeyStore for SessionStore {
    fn load(&self, slot: &str) -> Option<String> {
        if let Some(v) = self.memory.load(slot) {
            return Some(v);
        }
        self.session.as_ref()?.get_item(slot).ok().flatten()
    }

    fn save(&self, slot: &str, value: &str) {
        let stored = self
            .session
            .as_ref()
            .is_some_and(|s| s.set_item(slot, value).is_ok());
        if stored {
            self.memory.remove(slot);
        } else {
            self.memory.save(slot, value);
        }
    }

    fn remove(&self, slot: &str) {
        self.memory.remove(slot);
        if let Some(s) = &self.session {
            let _ = s.remove_item(slot);
        }
    }

    fn remove_prefix(&self, prefix: &str) {
        self.memory.remove_prefix(prefix);
        let Some(s) = &self.session else { return };
        let len = s.length().unwrap_or(0);
        let doomed: Vec<String> = (0..len)
            .filter_map(|i| s.key(i).ok().flatten())
            .filter(|k| k.starts_with(prefix))
            .collect();
        for k in doomed {
            let _ = s.remove_item(&k);
        }
    }
}
