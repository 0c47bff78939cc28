//! The app's `getJwt()`: a string, or a Promise of one.

use crate::auth::{JwtSource, Secret};
use crate::error::{Error, HttpError};
use futures_util::future::{FutureExt, LocalBoxFuture};
use js_sys::{Function, Promise};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

pub struct JsJwtSource {
    get_jwt: Function,
}

impl JsJwtSource {
    pub fn new(get_jwt: Function) -> JsJwtSource {
        JsJwtSource { get_jwt }
    }
}

/// The app's exception text is not repeated: it could quote the token.
fn failed() -> Error {
    Error::Http(HttpError::new(
        401,
        "unauthenticated",
        "getJwt() threw or rejected; sign in again",
    ))
}

impl JwtSource for JsJwtSource {
    fn jwt(&self) -> LocalBoxFuture<'static, Result<Secret, Error>> {
        let result = self.get_jwt.call0(&JsValue::UNDEFINED);
        async move {
            let value = result.map_err(|_| failed())?;
            let value = match value.dyn_into::<Promise>() {
                Ok(p) => JsFuture::from(p).await.map_err(|_| failed())?,
                Err(v) => v,
            };
            // null / undefined / "" mean "not signed in": the manager
            // answers that with an `unauthenticated` error, no request.
            Ok(Secret::new(value.as_string().unwrap_or_default()))
        }
        .boxed_local()
    }
}
