//! What the handlers and layers are written with: `use crate::prelude::*;`.

pub use crate::api::audit::record;
pub use crate::api::crud::{self, Create, Now, Record, Update};
pub use crate::api::{not_found, to_value, Api};
pub use crate::auth::WorkspaceCtx;
pub use crate::error::{created, invalid, no_content, ok, ApiError, ApiResult};
pub use crate::extract::{JsonBody, NonBlank, QueryPairs};
pub use crate::state::{new_id, AppState, WorkspaceData};
pub use axum::extract::{Path, Request, State};
pub use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
pub use axum::middleware::Next;
pub use axum::response::{IntoResponse, Response};
pub use axum::Router;
pub use serde::{Deserialize, Serialize};
pub use serde_json::{json, Value};
