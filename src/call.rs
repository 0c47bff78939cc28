//! One API call described as data: method, encoded path, body, and how to
//! read the answer. Every SDK method builds a [`Call`]; the transport sends
//! it. Keeping this pure lets the contract test walk every route natively.

use crate::error::Error;
use crate::url::Path;
use serde::de::DeserializeOwned;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// A method name as `sdkFetch` takes it (any case).
    pub fn parse(name: &str) -> Option<Method> {
        [
            Method::Get,
            Method::Post,
            Method::Put,
            Method::Patch,
            Method::Delete,
        ]
        .into_iter()
        .find(|m| m.as_str().eq_ignore_ascii_case(name))
    }
}

/// The request body, kept as bytes so a retry after a 401 is byte-identical.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body {
    Empty,
    Json(Vec<u8>),
    /// Bytes with their own content type (a `multipart/form-data` upload).
    Bytes {
        content_type: String,
        bytes: Vec<u8>,
    },
}

/// What the endpoint answers with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// A JSON entity or wrapper.
    Json,
    /// 204 / empty body.
    Empty,
    /// Raw bytes (audit export) or text (authoring guide).
    Raw,
    /// `text/event-stream`.
    Stream,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    pub method: Method,
    pub path: Path,
    pub body: Body,
    pub answer: Answer,
    /// Take this key of the JSON answer if present (`{"index": …}`), else
    /// the whole answer: the contract's bare-vs-wrapped ambiguity (wire contract §10.3).
    pub unwrap: Option<&'static str>,
    /// Sent as `Accept`.
    pub accept: &'static str,
}

impl Call {
    pub fn new(method: Method, path: Path) -> Call {
        Call {
            method,
            path,
            body: Body::Empty,
            answer: if method == Method::Delete {
                Answer::Empty
            } else {
                Answer::Json
            },
            unwrap: None,
            accept: "application/json",
        }
    }

    pub fn get(path: Path) -> Call {
        Call::new(Method::Get, path)
    }

    pub fn delete(path: Path) -> Call {
        Call::new(Method::Delete, path)
    }

    /// A call with a JSON body.
    pub fn with_json(method: Method, path: Path, body: &serde_json::Value) -> Call {
        Call::new(method, path).body_bytes(crate::json::to_vec(body))
    }

    /// A call with an already-encoded JSON body (the JS layer stringifies).
    pub fn body_bytes(mut self, json: Vec<u8>) -> Call {
        self.body = Body::Json(json);
        self
    }

    /// A non-JSON body (e.g. multipart), sent with its own content type.
    pub fn body_raw(mut self, content_type: String, bytes: Vec<u8>) -> Call {
        self.body = Body::Bytes {
            content_type,
            bytes,
        };
        self
    }

    pub fn unwrapping(mut self, key: &'static str) -> Call {
        self.unwrap = Some(key);
        self
    }

    pub fn answering(mut self, answer: Answer) -> Call {
        self.answer = answer;
        if answer == Answer::Stream {
            self.accept = "text/event-stream";
        }
        self
    }

    pub fn accepting(mut self, accept: &'static str) -> Call {
        self.accept = accept;
        self
    }

    /// `"GET /agents/as_1"`: names the endpoint in decode errors.
    pub fn route_name(&self) -> String {
        format!("{} {}", self.method.as_str(), self.path.route())
    }

    /// Reads this call's JSON answer into `T`, unwrapping `{"index": …}`
    /// style wrappers. Errors name the endpoint, never echo the body.
    pub fn decode<T: DeserializeOwned>(&self, bytes: &[u8]) -> Result<T, Error> {
        let route = self.route_name();
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(Error::decode(&route, "the response body is empty"));
        }
        let mut value: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| Error::decode(&route, e))?;
        if let Some(key) = self.unwrap {
            if let Some(inner) = value.get_mut(key) {
                value = inner.take();
            }
        }
        serde_json::from_value(value).map_err(|e| Error::decode(&route, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Thing {
        id: String,
    }

    #[test]
    fn decode_unwraps_when_wrapped_and_takes_bare_otherwise() {
        let call =
            Call::get(Path::new().lit("indexes").id("id", "i1").unwrap()).unwrapping("index");
        let t: Thing = call.decode(br#"{"index":{"id":"i1"}}"#).unwrap();
        assert_eq!(t.id, "i1");
        let t: Thing = call.decode(br#"{"id":"i2"}"#).unwrap();
        assert_eq!(t.id, "i2");
    }

    #[test]
    fn decode_errors_name_the_endpoint() {
        let call = Call::get(Path::new().lit("agents").id("id", "secret-id").unwrap());
        for body in [&b""[..], b"  ", b"<html>", br#"{"id":5}"#] {
            let e = call.decode::<Thing>(body).unwrap_err();
            assert_eq!(e.code(), "decode_error");
            assert!(e.to_string().contains("GET /agents/secret-id"), "{e}");
        }
    }
}
