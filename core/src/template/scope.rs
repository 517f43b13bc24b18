//! What a template expression sees while rendering ([`Scope`]) and what a `setData`
//! changed ([`Changes`]). Pure code.

use std::rc::Rc;

use crate::expr;
use crate::value::Value;

/// Names in scope: the page's (or a template's) data, under the aliases of the
/// `wx:for` loops around the node being rendered.
pub enum Scope<'a> {
    Data(&'a Value),
    Row {
        parent: &'a Scope<'a>,
        item: &'a Rc<str>,
        item_value: &'a Value,
        index: &'a Rc<str>,
        index_value: &'a Value,
    },
}

impl expr::Scope for Scope<'_> {
    fn lookup(&self, name: &str) -> Value {
        match self {
            Scope::Data(data) => data.field(name),
            Scope::Row { parent, item, item_value, index, index_value } => {
                if ***item == *name {
                    (*item_value).clone()
                } else if ***index == *name {
                    (*index_value).clone()
                } else {
                    parent.lookup(name)
                }
            }
        }
    }
}

/// What changed, in the names of the scope being updated: each path starts with a
/// name (`["list", 3, "text"]` for `setData({'list[3].text': …})`). `All` refreshes
/// everything (a template whose data object was replaced).
pub enum Changes {
    All,
    Paths(Vec<Vec<Value>>),
}

impl Changes {
    /// Whether a subtree reading `names` (sorted) can be affected.
    pub fn touches(&self, names: &[Rc<str>]) -> bool {
        match self {
            Changes::All => true,
            Changes::Paths(paths) => paths.iter().any(|path| match path.first() {
                Some(Value::Str(root)) => names.binary_search(root).is_ok(),
                _ => false,
            }),
        }
    }

    /// Whether any change concerns `name` itself (any path starting with it).
    pub fn names(&self, name: &str) -> bool {
        match self {
            Changes::All => true,
            Changes::Paths(paths) => paths
                .iter()
                .any(|path| matches!(path.first(), Some(Value::Str(root)) if &**root == name)),
        }
    }

    /// When every change under the list at `path` is inside one row (`path` + index +
    /// anything), the changed row indices; `None` when the list itself may have been
    /// replaced or the changes are not all row-shaped. Changes elsewhere are ignored.
    pub fn rows_under(&self, path: &[Value]) -> Option<Vec<(usize, Vec<Value>)>> {
        let Changes::Paths(paths) = self else { return None };
        let root = path.first()?;
        let mut rows = Vec::new();
        for changed in paths {
            if changed.first() != Some(root) {
                continue;
            }
            // A change at or above the list (or beside it, deeper) may replace it.
            let shared = changed.iter().zip(path).take_while(|(a, b)| a == b).count();
            if shared < path.len() {
                if shared == changed.len() {
                    return None; // an ancestor of the list was set
                }
                continue; // a sibling branch: not the list
            }
            let index = match changed.get(path.len()) {
                Some(Value::Num(n)) if *n >= 0.0 && n.fract() == 0.0 => *n as usize,
                _ => return None,
            };
            rows.push((index, changed[path.len() + 1..].to_vec()));
        }
        Some(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::Scope as _;

    fn path(parts: &[&str]) -> Vec<Value> {
        parts
            .iter()
            .map(|p| p.parse::<f64>().map(Value::Num).unwrap_or_else(|_| Value::str(p)))
            .collect()
    }

    #[test]
    fn rows_shadow_data() {
        let data = Value::object(
            [("item".into(), Value::Num(1.0)), ("x".into(), Value::Num(2.0))].into_iter().collect(),
        );
        let root = Scope::Data(&data);
        let (item, index) = (Rc::from("item"), Rc::from("index"));
        let row = Scope::Row {
            parent: &root,
            item: &item,
            item_value: &Value::str("a"),
            index: &index,
            index_value: &Value::Num(0.0),
        };
        assert_eq!(row.lookup("item"), Value::str("a"));
        assert_eq!(row.lookup("x"), Value::Num(2.0));
        assert_eq!(row.lookup("nope"), Value::Undefined);
    }

    #[test]
    fn touches_by_root_name() {
        let changes = Changes::Paths(vec![path(&["list", "3", "name"])]);
        assert!(changes.touches(&[Rc::from("a"), Rc::from("list")]));
        assert!(!changes.touches(&[Rc::from("lists")]));
        assert!(Changes::All.touches(&[]));
    }

    #[test]
    fn row_changes_are_recognised() {
        let list = path(&["a", "list"]);
        let one_row = Changes::Paths(vec![path(&["a", "list", "3", "name"]), path(&["title"])]);
        assert_eq!(one_row.rows_under(&list), Some(vec![(3, vec![Value::str("name")])]));
        let whole_row = Changes::Paths(vec![path(&["a", "list", "0"])]);
        assert_eq!(whole_row.rows_under(&list), Some(vec![(0, vec![])]));
        assert_eq!(Changes::Paths(vec![path(&["a", "list"])]).rows_under(&list), None);
        assert_eq!(Changes::Paths(vec![path(&["a"])]).rows_under(&list), None);
        assert_eq!(Changes::Paths(vec![path(&["a", "list", "length"])]).rows_under(&list), None);
        assert_eq!(
            Changes::Paths(vec![path(&["a", "other", "1"])]).rows_under(&list),
            Some(vec![])
        );
    }
}
