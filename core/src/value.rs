//! The values that WXML templates see: a page's `data` as plain Rust, so that the
//! expression evaluator, setData paths and the renderer's change checks are pure code.
//!
//! Page data crosses from JS once per `setData` (see wxweb's `view::convert`); it is JSON-like, as in
//! WeChat, where data travels to the view layer as JSON. Strings, arrays and objects
//! are reference-counted, so cloning a value for a `wx:for` row is cheap and an
//! unchanged subtree can be recognised by pointer.

use std::rc::Rc;

/// A JSON-like value, plus `undefined`.
#[derive(Clone, Debug, Default)]
pub enum Value {
    #[default]
    Undefined,
    Null,
    Bool(bool),
    Num(f64),
    Str(Rc<str>),
    Array(Rc<Vec<Value>>),
    Object(Rc<Map>),
}

/// An object's properties in insertion order (as JS keeps string keys).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Map {
    entries: Vec<(Rc<str>, Value)>,
}

impl Map {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entries.iter().find(|(k, _)| &**k == key).map(|(_, v)| v)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        self.entries.iter_mut().find(|(k, _)| &**k == key).map(|(_, v)| v)
    }

    /// Sets `key`, keeping its place when it exists already.
    pub fn insert(&mut self, key: Rc<str>, value: Value) {
        match self.get_mut(&key) {
            Some(slot) => *slot = value,
            None => self.entries.push((key, value)),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Rc<str>, &Value)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl FromIterator<(Rc<str>, Value)> for Map {
    fn from_iter<I: IntoIterator<Item = (Rc<str>, Value)>>(iter: I) -> Self {
        let mut map = Map::new();
        for (key, value) in iter {
            map.insert(key, value);
        }
        map
    }
}

impl Value {
    pub fn str(text: &str) -> Self {
        Value::Str(text.into())
    }

    pub fn array(items: Vec<Value>) -> Self {
        Value::Array(Rc::new(items))
    }

    pub fn object(map: Map) -> Self {
        Value::Object(Rc::new(map))
    }

    /// JS truthiness: `false`, `0`, `NaN`, `""`, `null` and `undefined` are false.
    pub fn truthy(&self) -> bool {
        match self {
            Value::Undefined | Value::Null => false,
            Value::Bool(b) => *b,
            Value::Num(n) => *n != 0.0 && !n.is_nan(),
            Value::Str(s) => !s.is_empty(),
            Value::Array(_) | Value::Object(_) => true,
        }
    }

    /// JS `ToNumber`.
    pub fn to_number(&self) -> f64 {
        match self {
            Value::Undefined => f64::NAN,
            Value::Null => 0.0,
            Value::Bool(b) => f64::from(u8::from(*b)),
            Value::Num(n) => *n,
            Value::Str(s) => string_to_number(s),
            Value::Array(_) | Value::Object(_) => string_to_number(&self.to_js_string()),
        }
    }

    /// JS `String(value)`: `undefined` → "undefined", arrays joined with commas.
    pub fn to_js_string(&self) -> String {
        match self {
            Value::Undefined => "undefined".into(),
            Value::Null => "null".into(),
            Value::Bool(b) => b.to_string(),
            Value::Num(n) => number_to_string(*n),
            Value::Str(s) => s.to_string(),
            Value::Array(items) => items
                .iter()
                .map(|item| match item {
                    Value::Undefined | Value::Null => String::new(),
                    other => other.to_js_string(),
                })
                .collect::<Vec<_>>()
                .join(","),
            Value::Object(_) => "[object Object]".into(),
        }
    }

    /// What `{{value}}` shows in a text node or string attribute: like `String(value)`,
    /// except that `undefined` and `null` show nothing, as in WeChat's view layer.
    pub fn to_text(&self) -> String {
        match self {
            Value::Undefined | Value::Null => String::new(),
            other => other.to_js_string(),
        }
    }

    /// The property `key` (`undefined` when absent). Arrays answer indices and `length`;
    /// strings answer `length` and indices.
    pub fn member(&self, key: &Value) -> Value {
        match self {
            Value::Object(map) => map.get(&key.to_js_string()).cloned().unwrap_or_default(),
            Value::Array(items) => match key {
                Value::Str(s) if &**s == "length" => Value::Num(items.len() as f64),
                _ => index_of(key).and_then(|i| items.get(i)).cloned().unwrap_or_default(),
            },
            Value::Str(s) => match key {
                Value::Str(k) if &**k == "length" => Value::Num(s.encode_utf16().count() as f64),
                _ => index_of(key)
                    .and_then(|i| s.chars().nth(i))
                    .map(|c| Value::Str(c.to_string().into()))
                    .unwrap_or_default(),
            },
            _ => Value::Undefined,
        }
    }

    /// The property `name` of an object (or `length` of an array or string); a name is
    /// looked up without allocating, unlike [`Value::member`].
    pub fn field(&self, name: &str) -> Value {
        match self {
            Value::Object(map) => map.get(name).cloned().unwrap_or_default(),
            _ => self.member(&Value::str(name)),
        }
    }

    /// Same value, cheaply: primitives by value, strings by content, arrays and objects
    /// by identity first and then by content. Used to skip DOM writes that change nothing.
    pub fn same(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Undefined, Value::Undefined) | (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Num(a), Value::Num(b)) => a == b || (a.is_nan() && b.is_nan()),
            (Value::Str(a), Value::Str(b)) => a == b,
            (Value::Array(a), Value::Array(b)) => {
                Rc::ptr_eq(a, b)
                    || (a.len() == b.len() && a.iter().zip(b.iter()).all(|(x, y)| x.same(y)))
            }
            (Value::Object(a), Value::Object(b)) => {
                Rc::ptr_eq(a, b)
                    || (a.len() == b.len()
                        && a.iter()
                            .zip(b.iter())
                            .all(|((ka, va), (kb, vb))| ka == kb && va.same(vb)))
            }
            _ => false,
        }
    }
}

impl PartialEq for Value {
    fn eq(&self, other: &Self) -> bool {
        self.same(other)
    }
}

/// A key that names an array element: a non-negative integer (as a number or a string).
fn index_of(key: &Value) -> Option<usize> {
    let n = match key {
        Value::Num(n) => *n,
        Value::Str(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
            s.parse().ok()?
        }
        _ => return None,
    };
    (n >= 0.0 && n.fract() == 0.0 && n < 4_294_967_295.0).then_some(n as usize)
}

/// JS `Number(text)` for the forms templates meet: blank → 0, decimal, hex, Infinity.
fn string_to_number(text: &str) -> f64 {
    let t = text.trim();
    if t.is_empty() {
        return 0.0;
    }
    if let Some(hex) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        return u64::from_str_radix(hex, 16).map(|n| n as f64).unwrap_or(f64::NAN);
    }
    match t {
        "Infinity" | "+Infinity" => f64::INFINITY,
        "-Infinity" => f64::NEG_INFINITY,
        _ if t.bytes().any(|b| b.is_ascii_alphabetic() && b != b'e' && b != b'E') => f64::NAN,
        _ => t.parse().unwrap_or(f64::NAN),
    }
}

/// JS `Number.prototype.toString()` for the common cases: integers without a fraction,
/// otherwise the shortest round-tripping decimal.
pub fn number_to_string(n: f64) -> String {
    if n.is_nan() {
        "NaN".into()
    } else if n.is_infinite() {
        if n > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else if n == 0.0 {
        "0".into()
    } else if n.fract() == 0.0 && n.abs() < 1e21 {
        format!("{n:.0}")
    } else {
        format!("{n}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_like_js() {
        assert_eq!(Value::Num(3.0).to_js_string(), "3");
        assert_eq!(Value::Num(-0.0).to_js_string(), "0");
        assert_eq!(Value::Num(0.1 + 0.2).to_js_string(), "0.30000000000000004");
        assert_eq!(Value::Num(f64::NAN).to_js_string(), "NaN");
        let list = Value::array(vec![Value::Num(1.0), Value::Null, Value::str("a")]);
        assert_eq!(list.to_js_string(), "1,,a");
        assert_eq!(Value::Undefined.to_text(), "");
        assert_eq!(Value::Null.to_text(), "");
        assert_eq!(Value::Bool(false).to_text(), "false");
    }

    #[test]
    fn numbers_like_js() {
        assert_eq!(Value::str(" 12 ").to_number(), 12.0);
        assert_eq!(Value::str("").to_number(), 0.0);
        assert!(Value::str("12px").to_number().is_nan());
        assert_eq!(Value::str("0x10").to_number(), 16.0);
        assert_eq!(Value::str("1e3").to_number(), 1000.0);
        assert_eq!(Value::Bool(true).to_number(), 1.0);
        assert!(Value::Undefined.to_number().is_nan());
    }

    #[test]
    fn members() {
        let map: Map = [("a".into(), Value::Num(1.0))].into_iter().collect();
        let obj = Value::object(map);
        assert_eq!(obj.member(&Value::str("a")), Value::Num(1.0));
        assert_eq!(obj.member(&Value::str("b")), Value::Undefined);
        let list = Value::array(vec![Value::str("x"), Value::str("y")]);
        assert_eq!(list.member(&Value::Num(1.0)), Value::str("y"));
        assert_eq!(list.member(&Value::str("1")), Value::str("y"));
        assert_eq!(list.member(&Value::Num(1.5)), Value::Undefined);
        assert_eq!(list.member(&Value::str("length")), Value::Num(2.0));
        assert_eq!(Value::str("héllo").member(&Value::str("length")), Value::Num(5.0));
        assert_eq!(Value::Undefined.member(&Value::str("a")), Value::Undefined);
    }

    #[test]
    fn sameness_by_content() {
        let a = Value::array(vec![Value::Num(1.0)]);
        let b = Value::array(vec![Value::Num(1.0)]);
        assert!(a.same(&b));
        assert!(!a.same(&Value::array(vec![])));
        assert!(Value::Num(f64::NAN).same(&Value::Num(f64::NAN)));
    }
}
