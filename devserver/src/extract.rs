//! Request-body and query helpers that fail with the contract's 400 body
//! instead of axum's plain-text rejections.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{FromRequest, Query, Request};
use serde_json::{Map, Value};

use crate::error::{ApiError, ApiResult};

/// A JSON object body. An empty body reads as `{}`; anything that is not a
/// JSON object is a 400.
pub struct JsonObject(pub Map<String, Value>);

impl<S: Send + Sync> FromRequest<S> for JsonObject {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| ApiError::bad_request(format!("could not read body: {e}")))?;
        parse_object(&bytes).map(JsonObject)
    }
}

/// Parses bytes as a JSON object (empty → `{}`).
pub fn parse_object(bytes: &[u8]) -> ApiResult<Map<String, Value>> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(ApiError::bad_request("request body must be a JSON object")),
        Err(e) => Err(ApiError::new(
            axum::http::StatusCode::BAD_REQUEST,
            "invalid_json",
            format!("request body is not valid JSON: {e}"),
        )),
    }
}

/// An optional string field; present-but-not-a-string is a 400.
pub fn opt_str(m: &Map<String, Value>, field: &str) -> ApiResult<Option<String>> {
    match m.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(ApiError::invalid_field(
            field,
            format!("{field} must be a string"),
        )),
    }
}

/// An optional array of strings; anything else is a 400.
pub fn opt_str_array(m: &Map<String, Value>, field: &str) -> ApiResult<Option<Vec<String>>> {
    match m.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| match v {
                Value::String(s) => Ok(s.clone()),
                _ => Err(ApiError::invalid_field(
                    field,
                    format!("{field} must be an array of strings"),
                )),
            })
            .collect::<ApiResult<Vec<_>>>()
            .map(Some),
        Some(_) => Err(ApiError::invalid_field(
            field,
            format!("{field} must be an array of strings"),
        )),
    }
}

/// `?limit=&offset=`; `limit` 0 or absent means 50, capped at 500.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub limit: usize,
    pub offset: usize,
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Page {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        let Query(q) = Query::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map_err(|e| ApiError::bad_request(format!("invalid query string: {e}")))?;
        let num = |k: &str| -> ApiResult<Option<usize>> {
            match q.get(k) {
                None => Ok(None),
                Some(v) if v.is_empty() => Ok(None),
                Some(v) => v.parse::<usize>().map(Some).map_err(|_| {
                    ApiError::invalid_field(k, format!("{k} must be a non-negative integer"))
                }),
            }
        };
        let limit = match num("limit")? {
            None | Some(0) => 50,
            Some(n) => n.min(500),
        };
        Ok(Page {
            limit,
            offset: num("offset")?.unwrap_or(0),
        })
    }
}

impl Page {
    pub fn apply<T: Clone>(&self, items: impl Iterator<Item = T>) -> Vec<T> {
        items.skip(self.offset).take(self.limit).collect()
    }
}
