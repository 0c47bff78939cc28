//! A map keyed by [`Scope`] as a short list: a client has one scope per
//! signed-in user (one or two in practice), and a linear list is a few
//! hundred bytes of wasm where a hash map and its hasher are kilobytes.

use super::store::Scope;

pub struct ScopeMap<T>(Vec<(Scope, T)>);

impl<T> Default for ScopeMap<T> {
    fn default() -> Self {
        ScopeMap(Vec::new())
    }
}

impl<T> ScopeMap<T> {
    pub fn get(&self, scope: &Scope) -> Option<&T> {
        self.0.iter().find(|(s, _)| s == scope).map(|(_, v)| v)
    }

    /// Sets `scope`'s value, replacing an earlier one.
    pub fn insert(&mut self, scope: Scope, value: T) {
        match self.0.iter_mut().find(|(s, _)| *s == scope) {
            Some(slot) => slot.1 = value,
            None => self.0.push((scope, value)),
        }
    }

    pub fn remove(&mut self, scope: &Scope) -> Option<T> {
        let at = self.0.iter().position(|(s, _)| s == scope)?;
        Some(self.0.swap_remove(at).1)
    }

    pub fn clear(&mut self) {
        self.0.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(user: &str) -> Scope {
        Scope {
            origin: "https://api.example".into(),
            workspace_id: "ws".into(),
            user: user.into(),
        }
    }

    #[test]
    fn behaves_as_a_map() {
        let mut m = ScopeMap::default();
        assert_eq!(m.get(&scope("alice")), None);
        m.insert(scope("alice"), 1);
        m.insert(scope("bob"), 2);
        m.insert(scope("alice"), 3);
        assert_eq!(m.get(&scope("alice")), Some(&3));
        assert_eq!(m.get(&scope("bob")), Some(&2));
        assert_eq!(m.remove(&scope("alice")), Some(3));
        assert_eq!(m.remove(&scope("alice")), None);
        assert_eq!(m.get(&scope("bob")), Some(&2));
        m.clear();
        assert_eq!(m.get(&scope("bob")), None);
    }
}
