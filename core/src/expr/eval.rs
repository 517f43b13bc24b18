//! Evaluating expressions with JS semantics over [`Value`]s. Never fails: what JS would
//! throw on (a member of `undefined`) is `undefined`, as WeChat's view shows it.

use std::cmp::Ordering;
use std::rc::Rc;

use super::{BinaryOp, Element, Expr, Interp, Part, Property, Scope, UnaryOp};
use crate::value::{Map, Value};

impl Expr {
    /// The value of the expression in `scope`.
    pub fn eval(&self, scope: &dyn Scope) -> Value {
        match self {
            Expr::Lit(value) => value.clone(),
            Expr::Ident(name) => scope.lookup(name),
            Expr::Member(object, key) => object.eval(scope).member(&key.eval(scope)),
            Expr::Unary(op, operand) => {
                let value = operand.eval(scope);
                match op {
                    UnaryOp::Not => Value::Bool(!value.truthy()),
                    UnaryOp::Neg => Value::Num(-value.to_number()),
                    UnaryOp::Plus => Value::Num(value.to_number()),
                }
            }
            Expr::Binary(BinaryOp::And, left, right) => {
                let left = left.eval(scope);
                if left.truthy() {
                    right.eval(scope)
                } else {
                    left
                }
            }
            Expr::Binary(BinaryOp::Or, left, right) => {
                let left = left.eval(scope);
                if left.truthy() {
                    left
                } else {
                    right.eval(scope)
                }
            }
            Expr::Binary(op, left, right) => binary(*op, &left.eval(scope), &right.eval(scope)),
            Expr::Cond(test, then, otherwise) => {
                if test.eval(scope).truthy() {
                    then.eval(scope)
                } else {
                    otherwise.eval(scope)
                }
            }
            Expr::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    match item {
                        Element::Item(expr) => out.push(expr.eval(scope)),
                        Element::Spread(expr) => match expr.eval(scope) {
                            Value::Array(spread) => out.extend(spread.iter().cloned()),
                            Value::Str(s) => {
                                out.extend(s.chars().map(|c| Value::Str(c.to_string().into())))
                            }
                            _ => {}
                        },
                    }
                }
                Value::array(out)
            }
            Expr::Object(properties) => {
                let mut map = Map::new();
                for property in properties {
                    match property {
                        Property::Pair(key, expr) => map.insert(key.clone(), expr.eval(scope)),
                        Property::Spread(expr) => match expr.eval(scope) {
                            Value::Object(spread) => {
                                spread.iter().for_each(|(k, v)| map.insert(k.clone(), v.clone()))
                            }
                            Value::Array(spread) => spread
                                .iter()
                                .enumerate()
                                .for_each(|(i, v)| map.insert(i.to_string().into(), v.clone())),
                            Value::Str(s) => s.chars().enumerate().for_each(|(i, c)| {
                                map.insert(i.to_string().into(), Value::Str(c.to_string().into()))
                            }),
                            _ => {}
                        },
                    }
                }
                Value::object(map)
            }
        }
    }

    /// Calls `visit` with each name the expression reads from its scope.
    pub fn visit_names(&self, visit: &mut dyn FnMut(&Rc<str>)) {
        match self {
            Expr::Lit(_) => {}
            Expr::Ident(name) => visit(name),
            Expr::Member(object, key) => {
                object.visit_names(visit);
                key.visit_names(visit);
            }
            Expr::Unary(_, operand) => operand.visit_names(visit),
            Expr::Binary(_, left, right) => {
                left.visit_names(visit);
                right.visit_names(visit);
            }
            Expr::Cond(test, then, otherwise) => {
                test.visit_names(visit);
                then.visit_names(visit);
                otherwise.visit_names(visit);
            }
            Expr::Array(items) => items.iter().for_each(|item| match item {
                Element::Item(expr) | Element::Spread(expr) => expr.visit_names(visit),
            }),
            Expr::Object(properties) => properties.iter().for_each(|property| match property {
                Property::Pair(_, expr) | Property::Spread(expr) => expr.visit_names(visit),
            }),
        }
    }

    /// For a plain data path (`list`, `a.rows`, `a['b'][2]`): the root name then the
    /// literal keys. `None` for anything computed.
    pub fn as_path(&self) -> Option<Vec<Value>> {
        match self {
            Expr::Ident(name) => Some(vec![Value::Str(name.clone())]),
            Expr::Member(object, key) => match &**key {
                Expr::Lit(key @ (Value::Str(_) | Value::Num(_))) => {
                    let mut path = object.as_path()?;
                    path.push(key.clone());
                    Some(path)
                }
                _ => None,
            },
            _ => None,
        }
    }
}

impl Interp {
    /// `Static` → the text; `Single` → the value itself; `Concat` → the joined text.
    pub fn eval(&self, scope: &dyn Scope) -> Value {
        match self {
            Interp::Static(text) => Value::Str(text.clone()),
            Interp::Single(expr) => expr.eval(scope),
            Interp::Concat(parts) => {
                let mut text = String::new();
                for part in parts {
                    match part {
                        Part::Text(literal) => text.push_str(literal),
                        Part::Expr(expr) => text.push_str(&expr.eval(scope).to_text()),
                    }
                }
                Value::Str(text.into())
            }
        }
    }

    pub fn visit_names(&self, visit: &mut dyn FnMut(&Rc<str>)) {
        match self {
            Interp::Static(_) => {}
            Interp::Single(expr) => expr.visit_names(visit),
            Interp::Concat(parts) => parts.iter().for_each(|part| {
                if let Part::Expr(expr) = part {
                    expr.visit_names(visit);
                }
            }),
        }
    }
}

fn binary(op: BinaryOp, left: &Value, right: &Value) -> Value {
    let number = |f: fn(f64, f64) -> f64| Value::Num(f(left.to_number(), right.to_number()));
    match op {
        BinaryOp::Add => {
            let (a, b) = (primitive(left), primitive(right));
            if matches!(a, Value::Str(_)) || matches!(b, Value::Str(_)) {
                Value::Str((a.to_js_string() + &b.to_js_string()).into())
            } else {
                Value::Num(a.to_number() + b.to_number())
            }
        }
        BinaryOp::Sub => number(|a, b| a - b),
        BinaryOp::Mul => number(|a, b| a * b),
        BinaryOp::Div => number(|a, b| a / b),
        BinaryOp::Rem => number(|a, b| a % b),
        BinaryOp::Lt => Value::Bool(compare(left, right) == Some(Ordering::Less)),
        BinaryOp::Gt => Value::Bool(compare(left, right) == Some(Ordering::Greater)),
        BinaryOp::Le => {
            Value::Bool(matches!(compare(left, right), Some(Ordering::Less | Ordering::Equal)))
        }
        BinaryOp::Ge => {
            Value::Bool(matches!(compare(left, right), Some(Ordering::Greater | Ordering::Equal)))
        }
        BinaryOp::Eq => Value::Bool(loose_eq(left, right)),
        BinaryOp::Ne => Value::Bool(!loose_eq(left, right)),
        BinaryOp::StrictEq => Value::Bool(strict_eq(left, right)),
        BinaryOp::StrictNe => Value::Bool(!strict_eq(left, right)),
        BinaryOp::And | BinaryOp::Or => Value::Undefined, // short-circuited in `eval`
    }
}

/// JS `ToPrimitive`: arrays and objects become their string.
fn primitive(value: &Value) -> Value {
    match value {
        Value::Array(_) | Value::Object(_) => Value::Str(value.to_js_string().into()),
        other => other.clone(),
    }
}

/// JS relational comparison: strings by UTF-16 code units, otherwise as numbers.
fn compare(left: &Value, right: &Value) -> Option<Ordering> {
    match (primitive(left), primitive(right)) {
        (Value::Str(a), Value::Str(b)) => Some(a.encode_utf16().cmp(b.encode_utf16())),
        (a, b) => a.to_number().partial_cmp(&b.to_number()),
    }
}

fn strict_eq(left: &Value, right: &Value) -> bool {
    match (left, right) {
        (Value::Num(a), Value::Num(b)) => a == b,
        (Value::Array(a), Value::Array(b)) => Rc::ptr_eq(a, b),
        (Value::Object(a), Value::Object(b)) => Rc::ptr_eq(a, b),
        (a, b) => std::mem::discriminant(a) == std::mem::discriminant(b) && a.same(b),
    }
}

/// JS `==`.
fn loose_eq(left: &Value, right: &Value) -> bool {
    use Value::*;
    match (left, right) {
        (Undefined | Null, Undefined | Null) => true,
        (Undefined | Null, _) | (_, Undefined | Null) => false,
        (Bool(b), other) | (other, Bool(b)) => loose_eq(&Num(f64::from(u8::from(*b))), other),
        (Num(_), Str(_)) | (Str(_), Num(_)) => left.to_number() == right.to_number(),
        (Array(_) | Object(_), Array(_) | Object(_)) => strict_eq(left, right),
        (Array(_) | Object(_), other) | (other, Array(_) | Object(_)) => {
            let object = if matches!(left, Array(_) | Object(_)) { left } else { right };
            loose_eq(&primitive(object), other)
        }
        _ => strict_eq(left, right),
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use super::super::{parse, parse_object_body, Interp, Scope};
    use super::*;

    /// A page's data; records the names it was asked for.
    struct Data {
        root: Value,
        asked: RefCell<Vec<String>>,
    }

    impl Scope for Data {
        fn lookup(&self, name: &str) -> Value {
            self.asked.borrow_mut().push(name.to_owned());
            self.root.field(name)
        }
    }

    fn data() -> Data {
        let user: Map = [("name".into(), Value::str("Ann")), ("age".into(), Value::Num(30.0))]
            .into_iter()
            .collect();
        let list = Value::array(vec![Value::Num(1.0), Value::Num(2.0), Value::Num(3.0)]);
        let map: Map = [
            ("a".into(), Value::Num(1.0)),
            ("b".into(), Value::Num(2.0)),
            ("s".into(), Value::str("x")),
            ("user".into(), Value::object(user)),
            ("list".into(), list),
            ("flag".into(), Value::Bool(true)),
            ("nul".into(), Value::Null),
            ("empty".into(), Value::str("")),
        ]
        .into_iter()
        .collect();
        Data { root: Value::object(map), asked: RefCell::new(Vec::new()) }
    }

    fn eval(source: &str) -> Value {
        parse(source).unwrap_or_else(|e| panic!("{source}: {e:?}")).eval(&data())
    }

    fn text(source: &str) -> String {
        eval(source).to_js_string()
    }

    fn check(cases: &[(&str, &str)]) {
        for (source, expected) in cases {
            assert_eq!(text(source), *expected, "{source}");
        }
    }

    fn names(source: &str) -> Vec<String> {
        let mut names = Vec::new();
        parse(source).unwrap().visit_names(&mut |n| names.push(n.to_string()));
        names
    }

    #[test]
    fn arithmetic() {
        check(&[
            ("a + b * 3", "7"),
            ("(a + b) * 3", "9"),
            ("b - a - 1", "0"),
            ("7 % 4 / 2", "1.5"),
            ("-5 % 3", "-2"),
            ("5.5 % 2", "1.5"),
            ("'3' * '4'", "12"),
            ("'3' - 1", "2"),
            ("'a' - 1", "NaN"),
            ("true + 1", "2"),
            ("null + 1", "1"),
            ("undefined + 1", "NaN"),
            ("missing * 2", "NaN"),
            ("-a + +'2'", "1"),
            ("-'3'", "-3"),
            ("+''", "0"),
            ("+'x'", "NaN"),
            ("+true", "1"),
            ("-null", "0"),
            ("+list", "NaN"),
            ("+[5]", "5"),
            ("1 / 0", "Infinity"),
            ("-1 / 0", "-Infinity"),
            ("0 / 0", "NaN"),
            ("0.1 + 0.2", "0.30000000000000004"),
            ("0x10 + 1e2 + .5", "116.5"),
        ]);
        assert_eq!(eval("a * 2"), Value::Num(2.0));
    }

    #[test]
    fn concatenation() {
        check(&[
            ("'n' + a + b", "n12"),
            ("a + b + 'n'", "3n"),
            ("1 + 2 + '3'", "33"),
            ("'1' + 2 + 3", "123"),
            ("s + null", "xnull"),
            ("s + undefined", "xundefined"),
            ("s + true", "xtrue"),
            ("list + 1", "1,2,31"),
            ("[1, 2] + [3]", "1,23"),
            ("{a: 1} + 1", "[object Object]1"),
            ("[] + []", ""),
            ("[null, undefined, 1] + ''", ",,1"),
            ("'x' + 1 / 0", "xInfinity"),
            ("'a\\'b\\u0041'", "a'bA"),
        ]);
        assert_eq!(eval("'1' + 1"), Value::str("11"));
        assert_eq!(eval("1 + 1"), Value::Num(2.0));
    }

    #[test]
    fn comparison() {
        check(&[
            ("a < b", "true"),
            ("a > b", "false"),
            ("a <= 1", "true"),
            ("a >= 2", "false"),
            ("'b' > 'a'", "true"),
            ("'B' < 'a'", "true"),
            ("'ab' < 'abc'", "true"),
            ("'10' < '9'", "true"),
            ("'10' < 9", "false"),
            ("'x' < 1", "false"),
            ("'x' >= 1", "false"),
            ("null >= 0", "true"),
            ("null < 1", "true"),
            ("undefined < 1", "false"),
            ("undefined >= 0", "false"),
            ("0 / 0 <= 0 / 0", "false"),
            ("[2] > 1", "true"),
            ("true > false", "true"),
            // UTF-16 code units: U+1F600 is D83D DE00, below U+FF61.
            ("'\\u{1F600}' < '\\uFF61'", "true"),
            ("'é' > 'z'", "true"),
        ]);
    }

    #[test]
    fn equality() {
        check(&[
            ("a == '1'", "true"),
            ("a === '1'", "false"),
            ("a !== '1'", "true"),
            ("a != '1'", "false"),
            ("0 == ''", "true"),
            ("0 == '0'", "true"),
            ("'' == '0'", "false"),
            ("false == 'false'", "false"),
            ("false == '0'", "true"),
            ("flag == 1", "true"),
            ("flag == 2", "false"),
            ("flag === true", "true"),
            ("null == undefined", "true"),
            ("null === undefined", "false"),
            ("nul == missing", "true"),
            ("null == 0", "false"),
            ("undefined == 0", "false"),
            ("null == false", "false"),
            ("null === null", "true"),
            ("undefined === missing", "true"),
            ("0 / 0 == 0 / 0", "false"),
            ("0 / 0 !== 0 / 0", "true"),
            ("0 === -0", "true"),
            ("'a' === 'a'", "true"),
            ("'a' == 'b'", "false"),
            ("[1, 2] == '1,2'", "true"),
            ("[1] == 1", "true"),
            ("[1] == true", "true"),
            ("{a: 1} == '[object Object]'", "true"),
            ("list == list", "true"),
            ("list === list", "true"),
            ("user === user", "true"),
            ("[1] == [1]", "false"),
            ("{a: 1} === {a: 1}", "false"),
            ("list == user", "false"),
        ]);
    }

    #[test]
    fn logic_and_conditions() {
        check(&[
            ("missing || 'fallback'", "fallback"),
            ("0 || ''", ""),
            ("flag && 'yes'", "yes"),
            ("'a' && 0", "0"),
            ("null && 1", "null"),
            ("a || b && 0", "1"),
            ("(a || b) && 0", "0"),
            ("!flag", "false"),
            ("!0", "true"),
            ("!''", "true"),
            ("!'a'", "false"),
            ("![]", "false"),
            ("!!list", "true"),
            ("!missing", "true"),
            ("!nul", "true"),
            ("a === 1 ? 'one' : a === 2 ? 'two' : 'many'", "one"),
            ("b === 1 ? 'one' : b === 2 ? 'two' : 'many'", "two"),
            ("empty ? 'y' : 'n'", "n"),
            ("flag ? a ? 'both' : 'flag' : 'none'", "both"),
            ("a > 0 && b > 0 ? a + b : 0", "3"),
        ]);
        // `&&`, `||` and `?:` evaluate only what they need.
        for (source, asked) in [
            ("flag || missing", vec!["flag"]),
            ("nul && missing", vec!["nul"]),
            ("flag ? a : b", vec!["flag", "a"]),
            ("nul ? a : b", vec!["nul", "b"]),
        ] {
            let scope = data();
            parse(source).unwrap().eval(&scope);
            assert_eq!(*scope.asked.borrow(), asked, "{source}");
        }
    }

    #[test]
    fn members() {
        check(&[
            ("user.name", "Ann"),
            ("user['age']", "30"),
            ("user['na' + 'me']", "Ann"),
            ("list[1]", "2"),
            ("list['1']", "2"),
            ("list[a + 1]", "3"),
            ("list.length", "3"),
            ("s.length", "1"),
            ("'abc'[1]", "b"),
            ("'abc'.length", "3"),
            ("{a: {b: 5}}.a.b", "5"),
            ("[[1, 2], [3]][0][1]", "2"),
        ]);
        for source in [
            "missing.deep.path",
            "nul.a",
            "null.a",
            "undefined[0]",
            "list[9]",
            "list[-1]",
            "list[0.5]",
            "user[missing]",
            "a.b",
            "flag.x",
            "list.name",
        ] {
            assert_eq!(eval(source), Value::Undefined, "{source}");
        }
    }

    #[test]
    fn arrays_and_spread() {
        check(&[
            ("[a, ...list, 'x']", "1,1,2,3,x"),
            ("[...'ab', 1]", "a,b,1"),
            ("[...user, ...missing, ...nul, ...a, 2]", "2"),
            ("[1, , 2]", "1,,2"),
            ("[1, 2, ].length", "2"),
            ("[].length", "0"),
        ]);
        let nested = eval("[list, [a]]");
        assert!(matches!(&nested, Value::Array(items) if items.len() == 2));
        assert_eq!(nested.member(&Value::Num(0.0)).member(&Value::Num(2.0)), Value::Num(3.0));
    }

    #[test]
    fn objects_and_spread() {
        let object = eval("{a, b: b + 1, ...user, 'c d': 3, 7: 'seven', }");
        assert_eq!(object.field("a"), Value::Num(1.0));
        assert_eq!(object.field("b"), Value::Num(3.0));
        assert_eq!(object.field("name"), Value::str("Ann"));
        assert_eq!(object.field("c d"), Value::Num(3.0));
        assert_eq!(object.field("7"), Value::str("seven"));
        let Value::Object(map) = eval("{a: 1, b: 2, ...{a: 3}}") else { panic!("not an object") };
        assert_eq!(
            map.iter().map(|(k, v)| format!("{k}={}", v.to_js_string())).collect::<Vec<_>>(),
            ["a=3", "b=2"]
        );
        let from_array = eval("{...list}");
        assert_eq!(from_array.field("0"), Value::Num(1.0));
        assert_eq!(from_array.field("2"), Value::Num(3.0));
        assert_eq!(eval("{...'hi'}").field("1"), Value::str("i"));
        let Value::Object(map) = eval("{...a, ...nul, ...missing, ...flag}") else {
            panic!("not an object")
        };
        assert!(map.is_empty());
        let body = parse_object_body("...user, extra: 'x', a").unwrap().eval(&data());
        assert_eq!(body.field("age"), Value::Num(30.0));
        assert_eq!(body.field("extra"), Value::str("x"));
        assert_eq!(body.field("a"), Value::Num(1.0));
    }

    #[test]
    fn visits_free_names() {
        assert_eq!(names("a + user.name + list[b] + {x: s}.x"), ["a", "user", "list", "b", "s"]);
        assert_eq!(names("!c ? [d, ...e] : {f, ...g}"), ["c", "d", "e", "f", "g"]);
        assert_eq!(names("-h.i.j['k'] || 'l' && 1"), ["h"]);
        assert!(names("1 + 'a' + true + null").is_empty());
        let mut seen = Vec::new();
        Interp::parse("x {{a}} y {{b.c}}").unwrap().visit_names(&mut |n| seen.push(n.to_string()));
        assert_eq!(seen, ["a", "b"]);
        Interp::parse("static").unwrap().visit_names(&mut |_| panic!("no names in static text"));
    }

    #[test]
    fn data_paths() {
        let path = |source: &str| parse(source).unwrap().as_path();
        assert_eq!(path("list"), Some(vec![Value::str("list")]));
        assert_eq!(
            path("a.rows[2]"),
            Some(vec![Value::str("a"), Value::str("rows"), Value::Num(2.0)])
        );
        assert_eq!(
            path("a['x y'].z"),
            Some(vec![Value::str("a"), Value::str("x y"), Value::str("z")])
        );
        assert_eq!(path("(a).b"), Some(vec![Value::str("a"), Value::str("b")]));
        for computed in [
            "a[b]",
            "a[1 + 1]",
            "a[true]",
            "1",
            "'a'.length",
            "a.b + 1",
            "{a}.a",
            "[a][0]",
            "!a",
            "a ? b : c",
        ] {
            assert_eq!(path(computed), None, "{computed}");
        }
    }

    #[test]
    fn interpolation() {
        let scope = data();
        assert_eq!(Interp::parse("plain").unwrap().eval(&scope), Value::str("plain"));
        assert_eq!(
            Interp::parse("{{list}}").unwrap().eval(&scope).field("length"),
            Value::Num(3.0)
        );
        assert_eq!(Interp::parse("{{a}}").unwrap().eval(&scope), Value::Num(1.0));
        assert_eq!(Interp::parse("{{missing}}").unwrap().eval(&scope), Value::Undefined);
        assert_eq!(Interp::parse(" {{a}} ").unwrap().eval(&scope), Value::str(" 1 "));
        assert_eq!(
            Interp::parse("{{a}}-{{missing}}-{{null}}-{{flag}}").unwrap().eval(&scope),
            Value::str("1---true")
        );
        assert_eq!(
            Interp::parse("{{list}}{{user}}").unwrap().eval(&scope),
            Value::str("1,2,3[object Object]")
        );
        assert_eq!(Interp::parse("{{ '}}' }}").unwrap().eval(&scope), Value::str("}}"));
        assert_eq!(
            Interp::parse("{{ {x: {y: a}} }}").unwrap().eval(&scope).field("x").field("y"),
            Value::Num(1.0)
        );
        assert_eq!(
            Interp::parse("{{x: a, y: 2}}").unwrap().eval(&scope).field("y"),
            Value::Num(2.0)
        );
        assert_eq!(Interp::parse("{{ }}").unwrap().eval(&scope), Value::Undefined);
        assert_eq!(Interp::parse("n={{ }}").unwrap().eval(&scope), Value::str("n="));
    }
}
