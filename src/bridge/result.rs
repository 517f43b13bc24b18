//! WeChat's result objects as Rust structs, turned into JS objects in one place.
//!
//! A result is declared once with [`wx_result!`]: the struct, and how it becomes the
//! plain object a `success` callback receives (its field names in WeChat's spelling and
//! order, each with WeChat's JS type). An API body ends with `Ok(Result {…}.into_result())`
//! and the bridge adds `errMsg` last (see `reply.rs`); listener events (`onSocketMessage`,
//! `onProgressUpdate`, …) are declared the same way.
//!
//! The conversion is called by the body, not by a bridge generic over the result type:
//! that bridge cost 3 KB gzip (one copy of the delivery code per result type).

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsValue;

/// A typed result that writes itself as WeChat's result object (its field names, its
/// JS types). `JsValue` passes through unchanged, `()` is `undefined`.
pub trait IntoResult {
    fn into_result(self) -> JsValue;
}

impl IntoResult for JsValue {
    fn into_result(self) -> JsValue {
        self
    }
}

impl IntoResult for () {
    fn into_result(self) -> JsValue {
        JsValue::UNDEFINED
    }
}

/// A value a result field can hold, with the JS type WeChat gives it; `None` leaves
/// the key out of the object (WeChat omits it, it is not `undefined`).
pub trait Field {
    fn into_field(self) -> Option<JsValue>;
}

/// Implements [`Field`] for types that always become a JS value through `From`.
macro_rules! field_from {
    ($($ty:ty),*) => {$(
        impl Field for $ty {
            fn into_field(self) -> Option<JsValue> {
                Some(JsValue::from(self))
            }
        }
    )*};
}

field_from!(JsValue, Object, Array, String, &'static str, f64, u32, u16, i32, u8, bool);

impl<T: Field> Field for Option<T> {
    fn into_field(self) -> Option<JsValue> {
        self.and_then(Field::into_field)
    }
}

/// A list becomes an array; an element that is `None` becomes `undefined`.
impl<T: Field> Field for Vec<T> {
    fn into_field(self) -> Option<JsValue> {
        let array = Array::new_with_length(self.len() as u32);
        for (index, item) in self.into_iter().enumerate() {
            array.set(index as u32, item.into_field().unwrap_or(JsValue::UNDEFINED));
        }
        Some(array.into())
    }
}

/// Sets `object[name]` to the field's value, or leaves the key out.
#[doc(hidden)]
pub fn set(object: &Object, name: &str, value: impl Field) {
    if let Some(value) = value.into_field() {
        set_value(object, name, &value);
    }
}

fn set_value(object: &Object, name: &str, value: &JsValue) {
    // Setting a property on a fresh plain object cannot fail.
    let _ = Reflect::set(object, &JsValue::from_str(name), value);
}

/// Declares a result struct and its conversion to a JS object. Fields are written in
/// the order given, under the name given after `as` or else the field's own name:
///
/// ```ignore
/// wx_result! {
///     /// The success result of wx.request.
///     pub struct RequestResult {
///         pub data: JsValue,
///         pub status_code as "statusCode": u16,
///         pub header: Object,
///     }
/// }
/// ```
macro_rules! wx_result {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident {
            $( $(#[$field_meta:meta])* $field_vis:vis $field:ident $(as $js:literal)? : $ty:ty ),*
            $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis struct $name {
            $( $(#[$field_meta])* $field_vis $field: $ty, )*
        }

        impl $crate::bridge::IntoResult for $name {
            fn into_result(self) -> ::wasm_bindgen::JsValue {
                let object = ::js_sys::Object::new();
                $( $crate::bridge::result::set(
                    &object,
                    $crate::bridge::result::wx_result!(@key $field $($js)?),
                    self.$field,
                ); )*
                object.into()
            }
        }

        impl $crate::bridge::result::Field for $name {
            fn into_field(self) -> Option<::wasm_bindgen::JsValue> {
                Some($crate::bridge::IntoResult::into_result(self))
            }
        }
    };
    (@key $field:ident $js:literal) => { $js };
    (@key $field:ident) => { stringify!($field) };
}

pub(crate) use wx_result;
