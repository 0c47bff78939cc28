//! The contract's error body: `{"error": code, "code": code, "message": str, ...details}`.

use crate::prelude::*;
use axum::Json;
use serde_json::Map;

/// An API error rendered as the contract's JSON error body.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: String,
    pub message: String,
    pub details: Map<String, Value>,
}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(status: StatusCode, code: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code: code.into(),
            message: message.into(),
            details: Map::new(),
        }
    }

    /// Adds a structured detail key next to `code` and `message`.
    pub fn with_detail(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.details.insert(key.to_string(), value.into());
        self
    }

    /// Replaces the stable code (keeping status, message and details).
    pub fn recode(mut self, code: impl Into<String>) -> Self {
        self.code = code.into();
        self
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "NOT_FOUND", message)
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", message)
    }

    /// 400 `invalid_request`.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_request", message)
    }

    /// 400 `invalid_request` naming the offending field.
    pub fn invalid_field(field: &str, message: impl Into<String>) -> Self {
        Self::bad_request(message).with_detail("field", field)
    }

    pub fn conflict(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, code, message)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal_error", message)
    }

    /// The JSON body; `error` always equals `code`.
    pub fn body(&self) -> Value {
        let mut m = self.details.clone();
        m.insert("error".into(), self.code.clone().into());
        m.insert("code".into(), self.code.clone().into());
        m.insert("message".into(), self.message.clone().into());
        Value::Object(m)
    }

    /// A contract-shaped error for an arbitrary status (used by faults).
    pub fn for_status(status: StatusCode) -> Self {
        let code = default_code_for_status(status.as_u16());
        let message = status
            .canonical_reason()
            .map(|r| r.to_ascii_lowercase())
            .unwrap_or_else(|| format!("injected status {}", status.as_u16()));
        let err = Self::new(status, code, message);
        if status == StatusCode::TOO_MANY_REQUESTS {
            err.with_detail("retry_after_seconds", 1)
        } else {
            err
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        json_response(self.status, &self.body())
    }
}

/// 400 `invalid_request` naming `field`, as an `Err`.
pub fn invalid<T>(field: &str, message: impl Into<String>) -> ApiResult<T> {
    Err(ApiError::invalid_field(field, message))
}

/// A JSON response with `Content-Type: application/json`.
pub fn json_response(status: StatusCode, body: &Value) -> Response {
    (status, Json(body)).into_response()
}

pub fn ok(body: Value) -> Response {
    json_response(StatusCode::OK, &body)
}

pub fn created(body: Value) -> Response {
    json_response(StatusCode::CREATED, &body)
}

pub fn no_content() -> Response {
    StatusCode::NO_CONTENT.into_response()
}

/// The stable code used for a status when nothing more specific applies.
pub fn default_code_for_status(status: u16) -> &'static str {
    match status {
        400 => "invalid_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "NOT_FOUND",
        405 => "method_not_allowed",
        409 => "conflict",
        413 => "payload_too_large",
        429 => "rate_limited",
        500 => "internal_error",
        502 => "bad_gateway",
        503 => "service_unavailable",
        504 => "gateway_timeout",
        s if s >= 500 => "server_error",
        _ => "error",
    }
}

pub async fn not_found_fallback() -> ApiError {
    ApiError::not_found("no such route")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_shape() {
        let e = ApiError::conflict("version_conflict", "document was modified")
            .with_detail("current_version", 5)
            .with_detail("code", "ignored");
        let b = e.body();
        assert_eq!(b["error"], "version_conflict");
        assert_eq!(b["code"], "version_conflict");
        assert_eq!(b["message"], "document was modified");
        assert_eq!(b["current_version"], 5);
        assert_eq!(
            ApiError::for_status(StatusCode::NOT_FOUND).code,
            "NOT_FOUND"
        );
        let r = ApiError::for_status(StatusCode::TOO_MANY_REQUESTS).body();
        assert_eq!(r["retry_after_seconds"], 1);
    }
}
