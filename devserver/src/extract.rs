//! Request-body and query extractors that fail with the contract's 400 body
//! instead of axum's plain-text rejections.

use crate::prelude::*;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Query};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use serde_json::Map;

/// A JSON object body read into `T` with serde. An empty body reads as
/// `{}`; invalid JSON is 400 `invalid_json`; anything that does not fit `T`
/// is 400 `invalid_request` with the offending top-level `field`.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| ApiError::bad_request(format!("could not read body: {e}")))?;
        from_value(Value::Object(parse_object(&bytes)?)).map(JsonBody)
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
            StatusCode::BAD_REQUEST,
            "invalid_json",
            format!("request body is not valid JSON: {e}"),
        )),
    }
}

/// Reads a JSON value into `T`; a mismatch is a 400 naming the top-level field.
pub fn from_value<T: DeserializeOwned>(v: Value) -> ApiResult<T> {
    serde_path_to_error::deserialize(v).map_err(|e| {
        let path = e.path().to_string();
        let message = e.inner().to_string();
        let field = match e.path().iter().next() {
            Some(serde_path_to_error::Segment::Map { key }) => key.clone(),
            // A missing field is reported at its parent: serde names it in
            // the message, "missing field `name`".
            _ => message.split('`').nth(1).unwrap_or_default().to_string(),
        };
        let message = if path == "." {
            message
        } else {
            format!("{path}: {message}")
        };
        ApiError::invalid_field(&field, message)
    })
}

/// A string that holds more than white space.
#[derive(Debug, Clone, Deserialize)]
#[serde(try_from = "String")]
pub struct NonBlank(pub String);

impl TryFrom<String> for NonBlank {
    type Error = &'static str;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        if s.trim().is_empty() {
            return Err("must not be empty");
        }
        Ok(NonBlank(s))
    }
}

/// For `Option<Option<T>>` fields: absent → `None`, `null` → `Some(None)`.
pub fn nullable<'de, T, D>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// The raw query pairs (repeated keys kept, in order); a malformed query is a 400.
#[derive(Debug, Clone, Default)]
pub struct QueryPairs(pub Vec<(String, String)>);

impl<S: Send + Sync> FromRequestParts<S> for QueryPairs {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Query(q) = Query::<Vec<(String, String)>>::from_request_parts(parts, state)
            .await
            .map_err(|e| ApiError::bad_request(format!("invalid query string: {e}")))?;
        Ok(QueryPairs(q))
    }
}

impl QueryPairs {
    /// The last value of `key`, if present and non-empty.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|(k, v)| k == key && !v.is_empty())
            .map(|(_, v)| v.as_str())
    }

    /// `key` as a non-negative integer (absent/empty → `None`).
    pub fn usize(&self, key: &str) -> ApiResult<Option<usize>> {
        self.get(key)
            .map(|v| {
                v.parse::<usize>().map_err(|_| {
                    ApiError::invalid_field(key, format!("{key} must be a non-negative integer"))
                })
            })
            .transpose()
    }

    /// `key` as a boolean (`true`/`1` or `false`/`0`).
    pub fn bool(&self, key: &str) -> ApiResult<bool> {
        match self.get(key) {
            None => Ok(false),
            Some("true") | Some("1") => Ok(true),
            Some("false") | Some("0") => Ok(false),
            Some(_) => invalid(key, format!("{key} must be true or false")),
        }
    }
}

/// `limit` (0/absent → `default`, capped at `max`) and `offset` from a query.
pub fn limit_offset(q: &QueryPairs, default: usize, max: usize) -> ApiResult<(usize, usize)> {
    let limit = match q.usize("limit")? {
        None | Some(0) => default,
        Some(n) => n.min(max),
    };
    Ok((limit, q.usize("offset")?.unwrap_or(0)))
}

/// `?limit=&offset=`; `limit` 0 or absent means 50, capped at 500.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub limit: usize,
    pub offset: usize,
}

impl<S: Send + Sync> FromRequestParts<S> for Page {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let q = QueryPairs::from_request_parts(parts, state).await?;
        let (limit, offset) = limit_offset(&q, 50, 500)?;
        Ok(Page { limit, offset })
    }
}

impl Page {
    pub fn apply<T: Clone>(&self, items: impl Iterator<Item = T>) -> Vec<T> {
        items.skip(self.offset).take(self.limit).collect()
    }
}
