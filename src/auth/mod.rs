//! Session-token exchange: the browser trades the user's JWT for a
//! short-lived workspace key and caches it (see the README's "Key cache").

pub mod jwt;
pub mod list_map;
pub mod manager;
pub mod record;
pub mod retry;
pub mod secret;
pub mod store;

pub use manager::{Clock, JwtSource, KeyInfo, KeyManager, Minter, Seams};
pub use record::{KeyRecord, MintAnswer};
pub use retry::{Auth, Status};
pub use secret::Secret;
pub use store::{KeyStore, MemoryStore};
