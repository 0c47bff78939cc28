//! A map as a short list of pairs, for the auth layer's few-entry maps
//! (key-manager state per scope, the memory key store's slots): a client
//! holds one or two entries, and a list is a few hundred bytes of wasm
//! where a hash map and its hasher, or a B-tree, are kilobytes.

pub struct ListMap<K, V>(Vec<(K, V)>);

impl<K, V> Default for ListMap<K, V> {
    fn default() -> Self {
        ListMap(Vec::new())
    }
}

impl<K, V> ListMap<K, V> {
    pub fn get<Q: ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: PartialEq<Q>,
    {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Sets `key`'s value, replacing an earlier one.
    pub fn insert(&mut self, key: K, value: V)
    where
        K: PartialEq,
    {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(entry) => entry.1 = value,
            None => self.0.push((key, value)),
        }
    }

    pub fn remove<Q: ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: PartialEq<Q>,
    {
        let at = self.0.iter().position(|(k, _)| k == key)?;
        Some(self.0.swap_remove(at).1)
    }

    /// Keeps the entries `keep` says yes to.
    pub fn retain(&mut self, mut keep: impl FnMut(&K, &V) -> bool) {
        self.0.retain(|(k, v)| keep(k, v));
    }

    pub fn clear(&mut self) {
        self.0.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn behaves_as_a_map() {
        let mut m = ListMap::default();
        assert_eq!(m.get("alice"), None);
        m.insert("alice".to_string(), 1);
        m.insert("bob".to_string(), 2);
        m.insert("alice".to_string(), 3);
        assert_eq!(m.get("alice"), Some(&3));
        assert_eq!(m.get("bob"), Some(&2));
        assert_eq!(m.remove("alice"), Some(3));
        assert_eq!(m.remove("alice"), None);
        assert_eq!(m.get("bob"), Some(&2));
        m.insert("carol".to_string(), 4);
        m.retain(|k, _| k.starts_with('c'));
        assert_eq!((m.get("bob"), m.get("carol")), (None, Some(&4)));
        m.clear();
        assert_eq!(m.get("carol"), None);
    }
}
