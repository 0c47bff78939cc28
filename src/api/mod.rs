//! The `/api/sdk` surface, one file per area. Each file holds the area's
//! request/response types, a pure `calls` builder per endpoint (what goes
//! on the wire), and — in the browser — the typed `Client` methods.

pub mod agents;
pub mod audit;
pub mod chat;
pub mod configs;
pub mod conversations;
pub mod documents;
pub mod endpoint;
pub mod evals;
pub mod fields;
pub mod indexes;
pub mod project;
pub mod scheduled;
pub mod skills;
pub mod source;
pub mod studio;
pub mod templates;
pub mod vaults;

use serde::{Deserialize, Serialize};

/// `?limit=&offset=`. The SDK always sends an explicit limit (default 50),
/// as the wire contract recommends (§10.17).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListOptions {
    pub limit: u32,
    pub offset: u32,
}

impl Default for ListOptions {
    fn default() -> Self {
        ListOptions {
            limit: 50,
            offset: 0,
        }
    }
}

impl ListOptions {
    pub fn apply(self, path: crate::url::Path) -> Result<crate::url::Path, crate::Error> {
        if self.limit == 0 {
            return Err(crate::Error::invalid("limit must be at least 1"));
        }
        Ok(path
            .query("limit", &self.limit.to_string())
            .query("offset", &self.offset.to_string()))
    }
}
