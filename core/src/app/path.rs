//! setData's keys: `'a.b.c'`, `'list[2].name'`, `'a[0][1]'` name a place in the page's
//! data ([`parse_key`]); [`set`] writes there, creating what is missing, as WeChat does.
//! Pure code.

use std::fmt;
use std::rc::Rc;

use crate::value::{Map, Value};

/// One step of a key: a property name or an array index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seg {
    Key(Rc<str>),
    Index(usize),
}

/// A key that names no place, or a place that cannot be written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathError {
    pub key: String,
    pub reason: &'static str,
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid setData key \"{}\": {}", self.key, self.reason)
    }
}

/// Splits a setData key into its steps.
pub fn parse_key(key: &str) -> Result<Vec<Seg>, PathError> {
    let error = |reason| PathError { key: key.to_owned(), reason };
    if key.is_empty() {
        return Err(error("empty key"));
    }
    let mut segs = Vec::new();
    let mut rest = key;
    loop {
        let end = rest.find(['.', '[']).unwrap_or(rest.len());
        let (name, after) = rest.split_at(end);
        if name.is_empty() {
            return Err(error("empty name"));
        }
        segs.push(Seg::Key(name.into()));
        rest = after;
        while let Some(inner) = rest.strip_prefix('[') {
            let close = inner.find(']').ok_or_else(|| error("unclosed ["))?;
            let digits = inner.get(..close).unwrap_or_default();
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(error("an index must be a non-negative integer"));
            }
            segs.push(Seg::Index(digits.parse().map_err(|_| error("index too large"))?));
            rest = inner.get(close + 1..).unwrap_or_default();
        }
        if rest.is_empty() {
            return Ok(segs);
        }
        rest = rest.strip_prefix('.').ok_or_else(|| error("expected . or [ after ]"))?;
        if rest.is_empty() {
            return Err(error("empty name"));
        }
    }
}

/// How far past an array's end a write may reach (padding it with `null`): further
/// would make a huge allocation of a sparse JS array.
pub const MAX_PADDING: usize = 100_000;

/// Whether [`set`] can write `path` in `root` (so a `setData` checks every key before
/// changing anything): an array takes only indices (`list[1]`, `list.1`), not too far
/// past its end.
pub fn check(root: &Value, path: &[Seg]) -> Result<(), PathError> {
    let error = |reason| PathError { key: display(path), reason };
    if path.is_empty() {
        return Err(error("empty key"));
    }
    let mut current = Some(root);
    for seg in path {
        // What the step writes into: the value there, or a new array before an index.
        let len = match current {
            Some(Value::Array(items)) => Some(items.len()),
            Some(Value::Object(_)) => None,
            _ => matches!(seg, Seg::Index(_)).then_some(0),
        };
        if let Some(len) = len {
            let index = array_index(seg).ok_or_else(|| {
                error(if matches!(seg, Seg::Key(_)) {
                    "an array has no named fields"
                } else {
                    "index too large"
                })
            })?;
            if index > len.saturating_add(MAX_PADDING) {
                return Err(error("index too far past the end of the array"));
            }
        }
        current = current.and_then(|value| get_step(value, seg));
    }
    Ok(())
}

/// Writes `value` at `path`, creating objects (before a name) and arrays (before an
/// index) where nothing or a primitive is, and padding arrays with `null`. Copies on
/// write what other values share.
pub fn set(root: &mut Value, path: &[Seg], value: Value) -> Result<(), PathError> {
    check(root, path)?;
    write(root, path, value);
    Ok(())
}

fn write(target: &mut Value, path: &[Seg], value: Value) {
    let Some((seg, rest)) = path.split_first() else {
        *target = value;
        return;
    };
    let wants_array = matches!(seg, Seg::Index(_));
    let fits = matches!(target, Value::Object(_) | Value::Array(_));
    if !fits {
        *target = if wants_array { Value::array(Vec::new()) } else { Value::object(Map::new()) };
    }
    match target {
        Value::Object(map) => {
            let map = Rc::make_mut(map);
            let key: Rc<str> = match seg {
                Seg::Key(name) => name.clone(),
                Seg::Index(i) => i.to_string().into(),
            };
            if map.get(&key).is_none() {
                map.insert(key.clone(), Value::Undefined);
            }
            if let Some(slot) = map.get_mut(&key) {
                write(slot, rest, value);
            }
        }
        Value::Array(items) => {
            let Some(index) = array_index(seg) else { return }; // refused by `check`
            let items = Rc::make_mut(items);
            if items.len() <= index {
                items.resize(index + 1, Value::Null);
            }
            if let Some(slot) = items.get_mut(index) {
                write(slot, rest, value);
            }
        }
        _ => {}
    }
}

/// The value at `path`, if there is one.
pub fn get<'a>(root: &'a Value, path: &[Seg]) -> Option<&'a Value> {
    path.iter().try_fold(root, |value, seg| get_step(value, seg))
}

fn get_step<'a>(value: &'a Value, seg: &Seg) -> Option<&'a Value> {
    match (value, seg) {
        (Value::Object(map), Seg::Key(name)) => map.get(name),
        (Value::Object(map), Seg::Index(i)) => map.get(&i.to_string()),
        (Value::Array(items), seg) => array_index(seg).and_then(|i| items.get(i)),
        _ => None,
    }
}

/// The path as the renderer's values: names as strings, indices as numbers.
pub fn to_values(path: &[Seg]) -> Vec<Value> {
    path.iter()
        .map(|seg| match seg {
            Seg::Key(name) => Value::Str(name.clone()),
            Seg::Index(i) => Value::Num(*i as f64),
        })
        .collect()
}

/// The array index a step names: an index, or a name of digits only (`list.1`).
fn array_index(seg: &Seg) -> Option<usize> {
    match seg {
        Seg::Index(i) => Some(*i),
        Seg::Key(name) if name.bytes().all(|b| b.is_ascii_digit()) => name.parse().ok(),
        Seg::Key(_) => None,
    }
}

fn display(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(name) if out.is_empty() => out.push_str(name),
            Seg::Key(name) => {
                out.push('.');
                out.push_str(name);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(name: &str) -> Seg {
        Seg::Key(name.into())
    }

    #[test]
    fn parses_keys() {
        assert_eq!(parse_key("a").unwrap(), [key("a")]);
        assert_eq!(parse_key("a.b.c").unwrap(), [key("a"), key("b"), key("c")]);
        assert_eq!(parse_key("list[2].name").unwrap(), [key("list"), Seg::Index(2), key("name")]);
        assert_eq!(parse_key("a[0][1]").unwrap(), [key("a"), Seg::Index(0), Seg::Index(1)]);
        assert_eq!(parse_key("a b.c").unwrap(), [key("a b"), key("c")]);
    }

    #[test]
    fn refuses_malformed_keys() {
        for bad in [
            "",
            "a..b",
            ".a",
            "a.",
            "a[",
            "a[x]",
            "a[-1]",
            "a[ 1]",
            "a[]",
            "a[1]b",
            "[1]",
            "a.[0]",
            "a[0].",
            "a[99999999999999999999999]",
        ] {
            assert!(parse_key(bad).is_err(), "{bad}");
        }
        assert_eq!(
            parse_key("a..b").unwrap_err().to_string(),
            "invalid setData key \"a..b\": empty name"
        );
        assert_eq!(
            parse_key("a[x]").unwrap_err().to_string(),
            "invalid setData key \"a[x]\": an index must be a non-negative integer"
        );
    }

    #[test]
    fn sets_and_creates() {
        let mut data = Value::object(Map::new());
        set(&mut data, &parse_key("a.b").unwrap(), Value::Num(1.0)).unwrap();
        set(&mut data, &parse_key("list[2].name").unwrap(), Value::str("x")).unwrap();
        assert_eq!(get(&data, &parse_key("a.b").unwrap()), Some(&Value::Num(1.0)));
        let list = get(&data, &[key("list")]).unwrap();
        assert_eq!(list.field("length"), Value::Num(3.0));
        assert_eq!(list.member(&Value::Num(0.0)), Value::Null);
        assert_eq!(get(&data, &parse_key("list[2].name").unwrap()), Some(&Value::str("x")));
        // A primitive on the way is replaced.
        set(&mut data, &parse_key("a.b.c").unwrap(), Value::Bool(true)).unwrap();
        assert_eq!(get(&data, &parse_key("a.b.c").unwrap()), Some(&Value::Bool(true)));
    }

    #[test]
    fn copies_on_write_and_refuses_without_change() {
        let mut data = Value::object(Map::new());
        set(&mut data, &parse_key("list[0]").unwrap(), Value::Num(1.0)).unwrap();
        let before = data.clone();
        set(&mut data, &parse_key("list[0]").unwrap(), Value::Num(2.0)).unwrap();
        assert_eq!(get(&before, &parse_key("list[0]").unwrap()), Some(&Value::Num(1.0)));
        let error = set(&mut data, &parse_key("list.name").unwrap(), Value::Null).unwrap_err();
        assert_eq!(error.reason, "an array has no named fields");
        assert_eq!(get(&data, &parse_key("list[0]").unwrap()), Some(&Value::Num(2.0)));
        assert_eq!(
            to_values(&parse_key("list[0]").unwrap()),
            [Value::str("list"), Value::Num(0.0)]
        );
    }

    #[test]
    fn indices_names_and_limits() {
        let mut data = Value::object(Map::new());
        set(&mut data, &parse_key("m[0][1]").unwrap(), Value::Num(1.0)).unwrap();
        assert_eq!(get(&data, &[key("m"), Seg::Index(0), key("1")]), Some(&Value::Num(1.0)));
        assert_eq!(get(&data, &parse_key("m[0][0]").unwrap()), Some(&Value::Null));
        // A name of digits indexes an array; an index names an object's field.
        set(&mut data, &parse_key("m.0.2").unwrap(), Value::Num(2.0)).unwrap();
        assert_eq!(get(&data, &parse_key("m[0][2]").unwrap()), Some(&Value::Num(2.0)));
        set(&mut data, &parse_key("o.x").unwrap(), Value::Null).unwrap();
        set(&mut data, &parse_key("o[2]").unwrap(), Value::Num(3.0)).unwrap();
        assert_eq!(get(&data, &parse_key("o.2").unwrap()), Some(&Value::Num(3.0)));
        // Refusals change nothing, even when an earlier step could have been written.
        let before = data.clone();
        for bad in [
            "m[0].x",
            "m.99999999999999999999999",
            "m[200000]",
            "fresh[200000]",
            "m[0][0].y[100001]",
        ] {
            assert!(set(&mut data, &parse_key(bad).unwrap(), Value::Null).is_err(), "{bad}");
        }
        assert!(set(&mut data, &[], Value::Null).is_err());
        assert!(data.same(&before));
        assert!(
            matches!((&data, &before), (Value::Object(a), Value::Object(b)) if Rc::ptr_eq(a, b))
        );
        set(&mut data, &parse_key("m[0][0].y[100000]").unwrap(), Value::Null).unwrap();
        assert_eq!(
            get(&data, &parse_key("m[0][0].y").unwrap()).map(|y| y.field("length")),
            Some(Value::Num(100_001.0))
        );
    }

    #[test]
    fn fuzzed_keys_never_panic() {
        let mut seed = 0x9e3779b97f4a7c15_u64;
        let alphabet = ['a', 'b', '.', '[', ']', '0', '9', ' ', '-', 'é'];
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 12) as usize;
            let key: String = (0..len)
                .map(|i| alphabet[((seed >> (i * 4)) % alphabet.len() as u64) as usize])
                .collect();
            if let Ok(path) = parse_key(&key) {
                let mut data = Value::object(Map::new());
                let _ = set(&mut data, &path, Value::Null);
            }
        }
    }
}
