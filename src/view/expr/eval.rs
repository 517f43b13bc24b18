//! Evaluating expressions with JS semantics over [`Value`]s. Never fails: what JS would
//! throw on (a member of `undefined`) is `undefined`, as WeChat's view shows it.

use std::cmp::Ordering;
use std::rc::Rc;

use super::{BinaryOp, Element, Expr, Interp, Part, Property, Scope, UnaryOp};
use crate::view::value::{Map, Value};

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
                if left.truthy() { right.eval(scope) } else { left }
            }
            Expr::Binary(BinaryOp::Or, left, right) => {
                let left = left.eval(scope);
                if left.truthy() { left } else { right.eval(scope) }
            }
            Expr::Binary(op, left, right) => binary(*op, &left.eval(scope), &right.eval(scope)),
            Expr::Cond(test, then, otherwise) => {
                if test.eval(scope).truthy() { then.eval(scope) } else { otherwise.eval(scope) }
            }
            Expr::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    match item {
                        Element::Item(expr) => out.push(expr.eval(scope)),
                        Element::Spread(expr) => match expr.eval(scope) {
                            Value::Array(spread) => out.extend(spread.iter().cloned()),
                            Value::Str(s) => out.extend(s.chars().map(|c| Value::Str(c.to_string().into()))),
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
                            Value::Object(spread) => spread.iter().for_each(|(k, v)| map.insert(k.clone(), v.clone())),
                            Value::Array(spread) => {
                                spread.iter().enumerate().for_each(|(i, v)| map.insert(i.to_string().into(), v.clone()))
                            }
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
        BinaryOp::Le => Value::Bool(matches!(compare(left, right), Some(Ordering::Less | Ordering::Equal))),
        BinaryOp::Ge => Value::Bool(matches!(compare(left, right), Some(Ordering::Greater | Ordering::Equal))),
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
    use super::super::{parse, parse_object_body, Interp, Scope};
    use super::*;

    struct Data(Value);

    impl Scope for Data {
        fn lookup(&self, name: &str) -> Value {
            self.0.field(name)
        }
    }

    fn data() -> Data {
        let user: Map = [("name".into(), Value::str("Ann")), ("age".into(), Value::Num(30.0))].into_iter().collect();
        let list = Value::array(vec![Value::Num(1.0), Value::Num(2.0), Value::Num(3.0)]);
        let map: Map = [
            ("a".into(), Value::Num(1.0)),
            ("b".into(), Value::Num(2.0)),
            ("s".into(), Value::str("x")),
            ("user".into(), Value::object(user)),
            ("list".into(), list),
            ("flag".into(), Value::Bool(true)),
        ]
        .into_iter()
        .collect();
        Data(Value::object(map))
    }

    fn eval(source: &str) -> Value {
        parse(source).unwrap_or_else(|e| panic!("{source}: {e:?}")).eval(&data())
    }

    fn text(source: &str) -> String {
        eval(source).to_js_string()
    }

    #[test]
    fn arithmetic_and_concatenation() {
        assert_eq!(text("a + b * 3"), "7");
        assert_eq!(text("(a + b) * 3"), "9");
        assert_eq!(text("b - a - 1"), "0");
        assert_eq!(text("7 % 4 / 2"), "1.5");
        assert_eq!(text("-a + +'2'"), "1");
        assert_eq!(text("'n' + a + b"), "n12");
        assert_eq!(text("a + b + 'n'"), "3n");
        assert_eq!(text("list + 1"), "1,2,31");
        assert_eq!(text("1 / 0"), "Infinity");
        assert_eq!(text("0x10 + 1e2 + .5"), "116.5");
        assert_eq!(text("'a\\'b\\u0041'"), "a'bA");
    }

    #[test]
    fn comparison_and_logic() {
        assert_eq!(text("a < b"), "true");
        assert_eq!(text("'b' > 'a'"), "true");
        assert_eq!(text("'10' < '9'"), "true");
        assert_eq!(text("'10' < 9"), "false");
        assert_eq!(text("a >= 1 && b <= 2"), "true");
        assert_eq!(text("a == '1'"), "true");
        assert_eq!(text("a === '1'"), "false");
        assert_eq!(text("null == undefined"), "true");
        assert_eq!(text("null === undefined"), "false");
        assert_eq!(text("flag == 1"), "true");
        assert_eq!(text("list == list"), "true");
        assert_eq!(text("[1] == 1"), "true");
        assert_eq!(text("missing || 'fallback'"), "fallback");
        assert_eq!(text("flag && 'yes'"), "yes");
        assert_eq!(text("!flag"), "false");
        assert_eq!(text("a === 1 ? 'one' : a === 2 ? 'two' : 'many'"), "one");
        assert_eq!(text("0 / 0 == 0 / 0"), "false");
    }

    #[test]
    fn paths_and_literals() {
        assert_eq!(text("user.name"), "Ann");
        assert_eq!(text("user['age']"), "30");
        assert_eq!(text("list[1]"), "2");
        assert_eq!(text("list.length"), "3");
        assert_eq!(eval("missing.deep.path"), Value::Undefined);
        assert_eq!(text("[a, ...list, 'x']"), "1,1,2,3,x");
        let object = eval("{a, b: b + 1, ...user, 'c d': 3}");
        assert_eq!(object.field("a"), Value::Num(1.0));
        assert_eq!(object.field("b"), Value::Num(3.0));
        assert_eq!(object.field("name"), Value::str("Ann"));
        assert_eq!(object.field("c d"), Value::Num(3.0));
        let body = parse_object_body("...user, extra: 'x', a").unwrap().eval(&data());
        assert_eq!(body.field("age"), Value::Num(30.0));
        assert_eq!(body.field("extra"), Value::str("x"));
    }

    #[test]
    fn names_and_paths() {
        let mut names = Vec::new();
        parse("a + user.name + list[b] + {x: s}.x").unwrap().visit_names(&mut |n| names.push(n.to_string()));
        assert_eq!(names, ["a", "user", "list", "b", "s"]);
        assert_eq!(parse("a.rows[2]").unwrap().as_path(), Some(vec![Value::str("a"), Value::str("rows"), Value::Num(2.0)]));
        assert_eq!(parse("a[b]").unwrap().as_path(), None);
    }

    #[test]
    fn interpolation() {
        let scope = data();
        assert_eq!(Interp::parse("plain").unwrap(), Interp::Static("plain".into()));
        assert!(matches!(Interp::parse("{{list}}").unwrap(), Interp::Single(_)));
        assert_eq!(Interp::parse("{{list}}").unwrap().eval(&scope).field("length"), Value::Num(3.0));
        assert_eq!(Interp::parse(" {{a}} ").unwrap().eval(&scope), Value::str(" 1 "));
        assert_eq!(Interp::parse("{{a}}-{{missing}}-{{null}}").unwrap().eval(&scope), Value::str("1--"));
        assert_eq!(Interp::parse("{{ '}}' }}").unwrap().eval(&scope), Value::str("}}"));
        assert_eq!(Interp::parse("{{ {x: {y: a}} }}").unwrap().eval(&scope).field("x").field("y"), Value::Num(1.0));
        assert_eq!(Interp::parse("{{x: a, y: 2}}").unwrap().eval(&scope).field("y"), Value::Num(2.0));
    }

    #[test]
    fn syntax_errors() {
        let message = |source: &str| parse(source).unwrap_err().message;
        assert_eq!(message("a +"), "expected a value, found the end");
        assert_eq!(message("(a"), "expected `)`, found the end");
        assert!(message("f(1)").contains("function calls are not supported"));
        assert_eq!(message("'open"), "unterminated string");
        assert_eq!(message("a b"), "unexpected token, found `b`");
        assert_eq!(message("a ? b"), "expected `:`, found the end");
        assert_eq!(parse("a + )").unwrap_err().offset, 4);
        assert_eq!(Interp::parse("x {{a + }}").unwrap_err().offset, 8);
        assert_eq!(Interp::parse("{{a").unwrap_err().message, "unclosed {{");
        assert!(parse(&"(".repeat(5000)).is_err());
        assert!(parse(&"!".repeat(5000)).is_err());
        assert!(parse(&"[".repeat(5000)).is_err());
    }

    #[test]
    fn fuzzed_expressions_never_panic() {
        let pieces = ["a", "b", "1", ".5", "'s'", "\"", "+", "-", "*", "%", "!", "?", ":", ".", ",", "(", ")", "[", "]", "{", "}", "...", "===", "&&", "||", " ", "é", "0x", "e"];
        let mut seed = 0xda942042e4dd58b5_u64;
        let scope = data();
        for _ in 0..20_000 {
            let mut source = String::new();
            for _ in 0..(seed % 14) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                source.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            }
            if let Ok(expr) = parse(&source) {
                let _ = expr.eval(&scope);
            }
            if let Ok(interp) = Interp::parse(&format!("x{{{{{source}}}}}y")) {
                let _ = interp.eval(&scope);
            }
        }
    }
}
