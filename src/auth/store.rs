//! Where cached keys live. The browser uses sessionStorage (see
//! `web::session_store`); tests and `storage: "memory"` use [`MemoryStore`].

use super::list_map::ListMap;
use std::cell::RefCell;

/// The seed's storage key, extended with the key's scope.
pub const SLOT_PREFIX: &str = "tavora_sdk_session_key";

/// A string map. Implementations never throw or panic: a store that
/// cannot write simply forgets (the key manager keeps its own copy).
pub trait KeyStore {
    fn load(&self, slot: &str) -> Option<String>;
    fn save(&self, slot: &str, value: &str);
    fn remove(&self, slot: &str);
    /// Removes every slot whose name starts with `prefix`.
    fn remove_prefix(&self, prefix: &str);
}

#[derive(Default)]
pub struct MemoryStore {
    slots: RefCell<ListMap<String, String>>,
}

impl MemoryStore {
    pub fn new() -> Self {
        MemoryStore::default()
    }
}

impl KeyStore for MemoryStore {
    fn load(&self, slot: &str) -> Option<String> {
        self.slots.borrow().get(slot).cloned()
    }
    fn save(&self, slot: &str, value: &str) {
        self.slots
            .borrow_mut()
            .insert(slot.to_string(), value.to_string());
    }
    fn remove(&self, slot: &str) {
        self.slots.borrow_mut().remove(slot);
    }
    fn remove_prefix(&self, prefix: &str) {
        self.slots
            .borrow_mut()
            .retain(|k, _| !k.starts_with(prefix));
    }
}

/// Who a key belongs to: the API's origin, the workspace and the signed-in
/// user. Two clients in one page share a store but never a slot unless all
/// three match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    pub origin: String,
    pub workspace_id: String,
    pub user: String,
}

impl Scope {
    /// Slots of one (origin, workspace), whatever the user.
    pub fn workspace_prefix(origin: &str, workspace_id: &str) -> String {
        format!("{SLOT_PREFIX}:{origin}|{workspace_id}|")
    }

    pub fn slot(&self) -> String {
        format!(
            "{}{}",
            Scope::workspace_prefix(&self.origin, &self.workspace_id),
            self.user
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_separate_origin_workspace_and_user() {
        let a = Scope {
            origin: "https://a".into(),
            workspace_id: "w1".into(),
            user: "sub:u1".into(),
        };
        let mut b = a.clone();
        b.user = "sub:u2".into();
        let mut c = a.clone();
        c.workspace_id = "w2".into();
        assert_ne!(a.slot(), b.slot());
        assert_ne!(a.slot(), c.slot());
        assert!(a.slot().starts_with("tavora_sdk_session_key:"));

        let store = MemoryStore::new();
        store.save(&a.slot(), "1");
        store.save(&b.slot(), "2");
        store.save(&c.slot(), "3");
        store.remove_prefix(&Scope::workspace_prefix("https://a", "w1"));
        assert_eq!(store.load(&a.slot()), None);
        assert_eq!(store.load(&b.slot()), None);
        assert_eq!(store.load(&c.slot()).as_deref(), Some("3"));
    }
}
