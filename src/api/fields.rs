//! Request bodies as JSON objects: each request type's wire shape declared
//! once, as a table of fields, and checked and encoded without a per-type
//! serde instantiation (the JS surface reads every request object as one
//! generic `Map`; the typed Rust builders convert their struct to one).

use crate::error::Error;
use serde::Serialize;
use serde_json::{Map, Value};

/// A field's JSON type.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    Str,
    Bool,
    /// A whole number that fits an `i64`.
    Int,
    /// A whole number that fits a `u32`.
    U32,
    /// Any finite number (sent as a float).
    Num,
    /// A JSON object (any contents).
    Object,
    /// Any JSON value.
    Any,
    /// An array of strings.
    Strings,
    /// An array of whole numbers (`i64`).
    Ints,
    /// An object whose values are all strings.
    StrMap,
    /// An array of objects, each checked against its own table.
    Objects(&'static [Field]),
}

impl Kind {
    fn describe(self) -> &'static str {
        match self {
            Kind::Str => "a string",
            Kind::Bool => "a boolean",
            Kind::Int => "a whole number",
            Kind::U32 => "a non-negative whole number (at most 4294967295)",
            Kind::Num => "a number",
            Kind::Object => "an object",
            Kind::Any => "a JSON value",
            Kind::Strings => "an array of strings",
            Kind::Ints => "an array of whole numbers",
            Kind::StrMap => "an object of strings",
            Kind::Objects(_) => "an array of objects",
        }
    }
}

/// Whether a field must be present.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    /// Must be present and not `null`.
    Required,
    /// May be absent; `null` reads as absent (and is not sent).
    Optional,
    /// May be absent (the reader supplies its default); `null` is wrong.
    Default,
    /// May be absent, then sent as its kind's empty value (`[]`, `{}`, …).
    Fill,
}

#[derive(Clone, Copy, Debug)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    pub need: Need,
}

pub const fn req(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        need: Need::Required,
    }
}

pub const fn opt(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        need: Need::Optional,
    }
}

pub const fn def(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        need: Need::Default,
    }
}

pub const fn fill(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        need: Need::Fill,
    }
}

fn empty(kind: Kind) -> Value {
    match kind {
        Kind::Str => Value::String(String::new()),
        Kind::Bool => Value::Bool(false),
        Kind::Int | Kind::U32 => Value::from(0),
        Kind::Num => Value::from(0.0),
        Kind::Object | Kind::StrMap => Value::Object(Map::new()),
        Kind::Any => Value::Null,
        Kind::Strings | Kind::Ints | Kind::Objects(_) => Value::Array(Vec::new()),
    }
}

/// Whether `v` has type `kind` (nested objects are checked by the caller).
fn fits(kind: Kind, v: &Value) -> bool {
    match kind {
        Kind::Str => v.is_string(),
        Kind::Bool => v.is_boolean(),
        Kind::Int => v.is_i64(),
        Kind::U32 => v.as_u64().is_some_and(|n| n <= u64::from(u32::MAX)),
        Kind::Num => v.is_number(),
        Kind::Object => v.is_object(),
        Kind::Any => true,
        Kind::Strings => v.as_array().is_some_and(|a| a.iter().all(Value::is_string)),
        Kind::Ints => v.as_array().is_some_and(|a| a.iter().all(Value::is_i64)),
        Kind::StrMap => v
            .as_object()
            .is_some_and(|m| m.values().all(Value::is_string)),
        Kind::Objects(_) => v.as_array().is_some_and(|a| a.iter().all(Value::is_object)),
    }
}

/// Checks `body` against `fields`: required fields present, every known
/// field of its type (`null` optional fields removed, `Fill` fields filled
/// in, numbers of `Num` fields read as floats); unknown keys are kept.
/// Errors read `"{what}: {field} must be a string"`.
pub fn check(
    body: Map<String, Value>,
    fields: &[Field],
    what: &str,
) -> Result<Map<String, Value>, Error> {
    check_at(body, fields, what, "")
}

fn check_at(
    mut body: Map<String, Value>,
    fields: &[Field],
    what: &str,
    at: &str,
) -> Result<Map<String, Value>, Error> {
    for f in fields {
        let present = match body.get(f.name) {
            None => false,
            Some(Value::Null) => f.need != Need::Optional,
            Some(_) => true,
        };
        if !present {
            crate::json::take(&mut body, f.name);
            match f.need {
                Need::Required => {
                    return Err(Error::invalid(format!(
                        "{what}: {at}{} is required",
                        f.name
                    )))
                }
                Need::Fill => {
                    body.insert(f.name.to_string(), empty(f.kind));
                }
                Need::Optional | Need::Default => {}
            }
            continue;
        }
        let Some(v) = body.get_mut(f.name) else {
            continue;
        };
        if !fits(f.kind, v) {
            return Err(Error::invalid(format!(
                "{what}: {at}{} must be {}",
                f.name,
                f.kind.describe()
            )));
        }
        match f.kind {
            Kind::Num => {
                if let Some(n) = v.as_f64() {
                    *v = Value::from(n);
                }
            }
            Kind::Objects(sub) => {
                if let Value::Array(items) = v {
                    for (i, item) in items.iter_mut().enumerate() {
                        let obj = std::mem::take(item.as_object_mut().expect("checked"));
                        let inner = format!("{at}{}[{i}].", f.name);
                        *item = Value::Object(check_at(obj, sub, what, &inner)?);
                    }
                }
            }
            _ => {}
        }
    }
    Ok(body)
}

/// Encodes `body` with the known fields first, in table order (the order
/// the typed structs serialise in), then any other keys.
pub fn encode(body: &Map<String, Value>, fields: &[Field]) -> Vec<u8> {
    let mut out = Vec::with_capacity(64);
    write_object(&mut out, body, fields);
    out
}

fn write_object(out: &mut Vec<u8>, body: &Map<String, Value>, fields: &[Field]) {
    out.push(b'{');
    let mut first = true;
    let mut entry = |out: &mut Vec<u8>, key: &str, value: &Value, sub: Option<&[Field]>| {
        if !first {
            out.push(b',');
        }
        first = false;
        crate::json::write_str(out, key);
        out.push(b':');
        match (sub, value) {
            (Some(sub), Value::Array(items)) => {
                out.push(b'[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    match item {
                        Value::Object(m) => write_object(out, m, sub),
                        other => write_value(out, other),
                    }
                }
                out.push(b']');
            }
            _ => write_value(out, value),
        }
    };
    for f in fields {
        if let Some(v) = body.get(f.name) {
            let sub = match f.kind {
                Kind::Objects(sub) => Some(sub),
                _ => None,
            };
            entry(out, f.name, v, sub);
        }
    }
    for (k, v) in body {
        if !fields.iter().any(|f| f.name == k) {
            entry(out, k, v, None);
        }
    }
    out.push(b'}');
}

fn write_value(out: &mut Vec<u8>, v: &Value) {
    crate::json::write(out, v);
}

/// A typed request as a JSON object (the Rust API's path into the body
/// builders; JS hands its object over directly).
pub fn to_object<T: Serialize>(input: &T) -> Result<Map<String, Value>, Error> {
    match serde_json::to_value(input) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(Error::invalid("request body must be a JSON object")),
        Err(e) => Err(Error::invalid(format!(
            "request body could not be encoded: {e}"
        ))),
    }
}

/// Whether `body[key]` is present and equals `""`.
pub fn is_empty_str(body: &Map<String, Value>, key: &str) -> bool {
    body.get(key).and_then(Value::as_str) == Some("")
}

/// Whether `body[key]` is absent or a blank string.
pub fn is_blank(body: &Map<String, Value>, key: &str) -> bool {
    body.get(key)
        .and_then(Value::as_str)
        .map_or(true, |s| s.trim().is_empty())
}

pub fn get_str<'a>(body: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    body.get(key).and_then(Value::as_str)
}

pub fn get_i64(body: &Map<String, Value>, key: &str) -> Option<i64> {
    body.get(key).and_then(Value::as_i64)
}

pub fn get_u32(body: &Map<String, Value>, key: &str) -> Option<u32> {
    body.get(key)
        .and_then(Value::as_u64)
        .and_then(|n| u32::try_from(n).ok())
}

pub fn get_bool(body: &Map<String, Value>, key: &str) -> Option<bool> {
    body.get(key).and_then(Value::as_bool)
}

pub fn get_string(body: &Map<String, Value>, key: &str) -> Option<String> {
    get_str(body, key).map(str::to_string)
}

/// String key/value pairs (metadata filters, upload tags), in the order
/// given. A list, not a map type: the wasm already has one map type (JSON
/// objects) and a second one costs kilobytes.
pub type StrPairs = Vec<(String, String)>;

/// Serde for [`StrPairs`] as a JSON object of strings:
/// `#[serde(with = "str_pairs")]`.
pub mod str_pairs {
    use serde::de::{MapAccess, Visitor};
    use serde::{Deserializer, Serializer};
    use std::fmt;

    pub fn serialize<S: Serializer>(pairs: &[(String, String)], s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(pairs.iter().map(|(k, v)| (k, v)))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<super::StrPairs, D::Error> {
        struct Pairs;
        impl<'de> Visitor<'de> for Pairs {
            type Value = super::StrPairs;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of strings")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(pair) = map.next_entry()? {
                    out.push(pair);
                }
                Ok(out)
            }
        }
        d.deserialize_map(Pairs)
    }
}

/// A `StrMap` field as pairs, in key order (absent = empty).
pub fn get_str_map(body: &Map<String, Value>, key: &str) -> StrPairs {
    body.get(key)
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_string())))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// Asserts a fully populated typed request converts to an object that
    /// passes its table unchanged, every table field is present in it, and
    /// every key of it is in the table: the struct and table cannot drift.
    pub fn assert_matches<T: Serialize>(full: &T, fields: &[Field], what: &str) {
        let obj = to_object(full).unwrap();
        for f in fields {
            assert!(
                obj.contains_key(f.name),
                "{what}: {} not serialised",
                f.name
            );
        }
        for k in obj.keys() {
            assert!(
                fields.iter().any(|f| f.name == k),
                "{what}: {k} is not in the table"
            );
        }
        let checked = check(obj.clone(), fields, what).unwrap();
        assert_eq!(checked, obj, "{what}: the table changed a valid body");
        assert_eq!(
            encode(&checked, fields),
            serde_json::to_vec(full).unwrap(),
            "{what}: encoding differs from the struct's"
        );
        // Each field: a wrong type is rejected, naming the field.
        for f in fields {
            let wrong = match f.kind {
                Kind::Any => continue,
                Kind::Str => Value::from(1),
                _ => Value::from("x"),
            };
            let mut bad = obj.clone();
            bad.insert(f.name.to_string(), wrong);
            let err = check(bad, fields, what).unwrap_err().to_string();
            assert!(
                err.contains(&format!("{what}: {} must be", f.name)),
                "{what}.{}: {err}",
                f.name
            );
            if f.need == Need::Required {
                let mut missing = obj.clone();
                missing.remove(f.name);
                let err = check(missing, fields, what).unwrap_err().to_string();
                assert!(
                    err.contains(&format!("{what}: {} is required", f.name)),
                    "{err}"
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const INNER: &[Field] = &[req("a", Kind::Str), opt("b", Kind::Int)];
    const OUTER: &[Field] = &[
        req("name", Kind::Str),
        opt("n", Kind::U32),
        opt("score", Kind::Num),
        def("flag", Kind::Bool),
        fill("items", Kind::Objects(INNER)),
    ];

    fn obj(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => unreachable!(),
        }
    }

    #[test]
    fn checks_types_and_presence() {
        let ok = check(obj(json!({"x": 1, "name": "a", "n": null})), OUTER, "t").unwrap();
        assert_eq!(
            encode(&ok, OUTER),
            br#"{"name":"a","items":[],"x":1}"#.to_vec()
        );
        let err = |v: Value| check(obj(v), OUTER, "t").unwrap_err().to_string();
        assert!(err(json!({})).contains("t: name is required"));
        assert!(err(json!({"name": 1})).contains("t: name must be a string"));
        assert!(err(json!({"name": "a", "n": -1})).contains("t: n must be"));
        assert!(err(json!({"name": "a", "n": 1.5})).contains("t: n must be"));
        assert!(err(json!({"name": "a", "flag": null})).contains("t: flag must be a boolean"));
        assert!(
            err(json!({"name": "a", "items": [{"b": 1}]})).contains("t: items[0].a is required")
        );
        assert!(err(json!({"name": "a", "items": [1]}))
            .contains("t: items must be an array of objects"));
    }

    #[test]
    fn numbers_are_sent_as_floats_and_nested_order_is_kept() {
        let ok = check(
            obj(json!({"score": 1, "name": "a", "items": [{"z": true, "b": 2, "a": "q"}]})),
            OUTER,
            "t",
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(encode(&ok, OUTER)).unwrap(),
            r#"{"name":"a","score":1.0,"items":[{"a":"q","b":2,"z":true}]}"#
        );
    }
}
