//! An endpoint declared as data: its JS name, method, path template, body
//! table and answer. Each area file declares its endpoints as constants
//! of this type; the Rust builders (`calls::*`), the JS endpoint table
//! (`crate::js::endpoints`) and the contract test all read the same
//! declaration, and one function ([`Endpoint::call`]) turns any of them
//! into a [`Call`], so no endpoint has code of its own unless it has rules
//! its tables cannot say.

use super::fields::{check, encode, Field};
use crate::call::{Answer, Call, Method};
use crate::error::Error;
use crate::url::Path;
use serde_json::{Map, Value};

/// Rules a body must meet beyond its field table (non-blank names, cron
/// syntax, …), checked after the table.
pub type Rule = fn(&Map<String, Value>) -> Result<(), Error>;

/// A JSON request body: its field table, the name its errors use
/// (`"createIndex input"`) and any further rule.
pub struct Body {
    pub what: &'static str,
    pub fields: &'static [Field],
    pub rule: Option<Rule>,
}

pub struct Endpoint {
    /// The JS method name (`getIndex`).
    pub name: &'static str,
    pub method: Method,
    /// Below `/api/sdk`, without the leading `/`; each `{what}` segment is
    /// an id argument, in argument order, and `what` names it in errors.
    pub path: &'static str,
    pub body: Option<Body>,
    pub answer: Answer,
    /// The key of a `{"index": …}` wrapper, if the answer may have one.
    pub unwrap: Option<&'static str>,
}

impl Endpoint {
    pub const fn new(name: &'static str, method: Method, path: &'static str) -> Endpoint {
        Endpoint {
            name,
            method,
            path,
            body: None,
            answer: match method {
                Method::Delete => Answer::Empty,
                _ => Answer::Json,
            },
            unwrap: None,
        }
    }

    pub const fn get(name: &'static str, path: &'static str) -> Endpoint {
        Endpoint::new(name, Method::Get, path)
    }

    pub const fn delete(name: &'static str, path: &'static str) -> Endpoint {
        Endpoint::new(name, Method::Delete, path)
    }

    pub const fn unwrapping(mut self, key: &'static str) -> Endpoint {
        self.unwrap = Some(key);
        self
    }

    pub const fn answering(mut self, answer: Answer) -> Endpoint {
        self.answer = answer;
        self
    }

    /// A JSON body checked against `fields`.
    pub const fn body(mut self, what: &'static str, fields: &'static [Field]) -> Endpoint {
        self.body = Some(Body {
            what,
            fields,
            rule: None,
        });
        self
    }

    /// A JSON body checked against `fields`, then by `rule`.
    pub const fn body_ruled(
        mut self,
        what: &'static str,
        fields: &'static [Field],
        rule: Rule,
    ) -> Endpoint {
        self.body = Some(Body {
            what,
            fields,
            rule: Some(rule),
        });
        self
    }

    /// The names of the path's id parameters, in argument order.
    pub fn params(&self) -> impl Iterator<Item = &'static str> {
        self.path.split('/').filter_map(param)
    }

    /// The path with `ids` in its parameters (each checked and encoded).
    pub fn path(&self, ids: &[&str]) -> Result<Path, Error> {
        let mut ids = ids.iter();
        let mut path = Path::new();
        for segment in self.path.split('/') {
            path = match param(segment) {
                Some(what) => path.id(what, ids.next().copied().unwrap_or_default())?,
                None => path.lit(segment),
            };
        }
        Ok(path)
    }

    /// The call with these ids and, for an endpoint with a body, this body
    /// (checked against its table and rule; `None` reads as `{}`).
    pub fn call(&self, ids: &[&str], body: Option<Map<String, Value>>) -> Result<Call, Error> {
        self.call_at(self.path(ids)?, body)
    }

    /// The call of an endpoint without ids or body: nothing to check.
    pub fn fixed(&self) -> Call {
        let path = self.path.split('/').fold(Path::new(), Path::lit);
        self.bare(path)
    }

    fn bare(&self, path: Path) -> Call {
        let mut call = Call::new(self.method, path).answering(self.answer);
        call.unwrap = self.unwrap;
        call
    }

    /// [`Endpoint::call`] with the path already built (a query added).
    pub fn call_at(&self, path: Path, body: Option<Map<String, Value>>) -> Result<Call, Error> {
        let mut call = self.bare(path);
        if let Some(spec) = &self.body {
            let body = check(body.unwrap_or_default(), spec.fields, spec.what)?;
            if let Some(rule) = spec.rule {
                rule(&body)?;
            }
            call = call.body_bytes(encode(&body, spec.fields));
        }
        Ok(call)
    }
}

fn param(segment: &str) -> Option<&str> {
    segment.strip_prefix('{')?.strip_suffix('}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::fields::{req, Kind};

    const FIELDS: &[Field] = &[req("name", Kind::Str)];
    const UPDATE: Endpoint = Endpoint::new("updateThing", Method::Patch, "things/{thing id}/x")
        .body_ruled("updateThing input", FIELDS, |b| match b.get("name") {
            Some(Value::String(s)) if s.is_empty() => Err(Error::invalid("name must not be empty")),
            _ => Ok(()),
        })
        .unwrapping("thing");

    fn body(name: &str) -> Option<Map<String, Value>> {
        Some(Map::from_iter([("name".to_string(), Value::from(name))]))
    }

    #[test]
    fn ids_fill_the_template_in_order_encoded() {
        let call = UPDATE.call(&["a b/c"], body("n")).unwrap();
        assert_eq!(call.method, Method::Patch);
        assert_eq!(call.path.as_str(), "/things/a%20b%2Fc/x");
        assert_eq!(call.unwrap, Some("thing"));
        assert_eq!(
            call.body,
            crate::call::Body::Json(br#"{"name":"n"}"#.to_vec())
        );
        assert_eq!(UPDATE.params().collect::<Vec<_>>(), ["thing id"]);
    }

    #[test]
    fn a_missing_or_empty_id_is_named() {
        for ids in [&[][..], &[""]] {
            let e = UPDATE.call(ids, body("n")).unwrap_err();
            assert_eq!(
                e.to_string(),
                "tavora: invalid input: thing id must not be empty"
            );
        }
    }

    #[test]
    fn the_table_then_the_rule_check_the_body() {
        let e = UPDATE.call(&["t"], None).unwrap_err();
        assert!(e.to_string().contains("updateThing input"), "{e}");
        let e = UPDATE.call(&["t"], body("")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "tavora: invalid input: name must not be empty"
        );
    }

    #[test]
    fn deletes_answer_empty_and_gets_json() {
        assert_eq!(Endpoint::delete("d", "x").answer, Answer::Empty);
        assert_eq!(Endpoint::get("g", "x").answer, Answer::Json);
        let call = Endpoint::get("g", "x/y").call(&[], None).unwrap();
        assert_eq!(call.path.as_str(), "/x/y");
        assert_eq!(call.body, crate::call::Body::Empty);
    }
}
