//! The rendered page: one [`Inst`] per compiled node, each holding its DOM nodes and
//! what it last showed. `update` walks only into subtrees whose names a change touches,
//! and writes to the DOM only where a value differs.
//!
//! Conditional, looped and template content sits before an empty comment node (its
//! anchor), so it can be replaced or reordered in place.

use std::rc::Rc;

use rustc_hash::FxHashMap;
use web_sys::{Comment, Document, Element, Node};
use wxweb_core::template::program::{CNode, ForNode, NodeId, Program};
use wxweb_core::template::scope::{Changes, Scope};
use wxweb_core::value::Value;

use super::dom;

/// What rendering needs besides the scope.
pub struct Ctx<'a> {
    pub program: &'a Program,
    pub doc: &'a Document,
}

pub enum Inst {
    /// A subtree that reads no data: built once, never updated.
    Static(Node),
    Text {
        id: NodeId,
        node: web_sys::Text,
        last: Value,
    },
    Element {
        id: NodeId,
        el: Element,
        values: Vec<Value>,
        children: Vec<Inst>,
    },
    Block {
        id: NodeId,
        children: Vec<Inst>,
    },
    If {
        id: NodeId,
        anchor: Comment,
        branch: Option<usize>,
        child: Option<Box<Inst>>,
    },
    For {
        id: NodeId,
        anchor: Comment,
        rows: Vec<Row>,
    },
    Template {
        id: NodeId,
        anchor: Comment,
        name: Rc<str>,
        data: Value,
        children: Vec<Inst>,
    },
}

pub struct Row {
    key: Option<String>,
    item: Value,
    index: Value,
    inst: Inst,
}

/// Where new nodes go: into `parent`, before `before` (or at the end).
#[derive(Clone, Copy)]
pub struct At<'a> {
    pub parent: &'a Node,
    pub before: Option<&'a Node>,
}

impl At<'_> {
    fn insert(&self, node: &Node) {
        let _ = self.parent.insert_before(node, self.before);
    }
}

/// Builds the instances of `ids` at `at`.
pub fn build_all(ctx: &Ctx, ids: &[NodeId], scope: &Scope, at: At) -> Vec<Inst> {
    ids.iter().map(|&id| build(ctx, id, scope, at)).collect()
}

/// Builds one node's instance at `at`.
pub fn build(ctx: &Ctx, id: NodeId, scope: &Scope, at: At) -> Inst {
    let names = ctx.program.names.get(id).map(|n| n.is_empty()).unwrap_or(true);
    let Some(node) = ctx.program.nodes.get(id) else {
        return Inst::Block { id, children: Vec::new() };
    };
    match node {
        CNode::Text(text) => {
            let value = text.eval(scope);
            let node = ctx.doc.create_text_node(&value.to_text());
            at.insert(&node);
            if names {
                Inst::Static(node.into())
            } else {
                Inst::Text { id, node, last: value }
            }
        }
        CNode::Element { tag, attrs, children } => {
            let Ok(el) = ctx.doc.create_element(&format!("wx-{tag}")) else {
                return Inst::Block { id, children: Vec::new() }; // a tag no element can have
            };
            // In the document before its properties are set: a component may resolve
            // its `src` against the page it is on.
            at.insert(&el);
            let values: Vec<Value> = attrs
                .iter()
                .map(|attr| {
                    let value =
                        attr.value.as_ref().map(|v| v.eval(scope)).unwrap_or(Value::Bool(true));
                    dom::apply(&el, &attr.kind, &value);
                    value
                })
                .collect();
            let content = content_of(&el);
            let kids = build_all(ctx, children, scope, At { parent: &content, before: None });
            if names {
                Inst::Static(el.into())
            } else {
                Inst::Element { id, el, values, children: kids }
            }
        }
        CNode::Block(children) => Inst::Block { id, children: build_all(ctx, children, scope, at) },
        CNode::If(branches) => {
            let anchor = anchor(ctx, at);
            let branch = choose(branches, scope);
            let child = branch
                .and_then(|b| branches.get(b))
                .map(|&(_, body)| Box::new(build(ctx, body, scope, before(&anchor, at))));
            Inst::If { id, anchor, branch, child }
        }
        CNode::For(looped) => {
            let anchor = anchor(ctx, at);
            let rows = items(&looped.list.eval(scope))
                .into_iter()
                .map(|(index, item)| {
                    build_row(ctx, looped, scope, index, item, before(&anchor, at))
                })
                .collect();
            Inst::For { id, anchor, rows }
        }
        CNode::Template { is, data } => {
            let anchor = anchor(ctx, at);
            let name: Rc<str> = is.eval(scope).to_text().into();
            let data = data.as_ref().map(|d| d.eval(scope)).unwrap_or_default();
            let children = build_template(ctx, &name, &data, before(&anchor, at));
            Inst::Template { id, anchor, name, data, children }
        }
    }
}

impl Inst {
    /// Brings this instance up to date with `changes` in `scope`.
    pub fn update(&mut self, ctx: &Ctx, scope: &Scope, changes: &Changes) {
        let id = match self {
            Inst::Static(_) => return,
            Inst::Text { id, .. }
            | Inst::Element { id, .. }
            | Inst::Block { id, .. }
            | Inst::If { id, .. }
            | Inst::For { id, .. }
            | Inst::Template { id, .. } => *id,
        };
        let touched = ctx.program.names.get(id).is_some_and(|names| changes.touches(names));
        if !touched {
            return;
        }
        let Some(node) = ctx.program.nodes.get(id) else { return };
        match (self, node) {
            (Inst::Text { node, last, .. }, CNode::Text(text)) => {
                let value = text.eval(scope);
                if !value.same(last) {
                    node.set_data(&value.to_text());
                    *last = value;
                }
            }
            (Inst::Element { el, values, children, .. }, CNode::Element { attrs, .. }) => {
                for (attr, last) in attrs.iter().zip(values.iter_mut()) {
                    let Some(interp) = &attr.value else { continue };
                    let mut reads = false;
                    interp.visit_names(&mut |name| reads |= changes.names(name));
                    if !reads {
                        continue;
                    }
                    let value = interp.eval(scope);
                    if !value.same(last) {
                        dom::apply(el, &attr.kind, &value);
                        *last = value;
                    }
                }
                for child in children {
                    child.update(ctx, scope, changes);
                }
            }
            (Inst::Block { children, .. }, CNode::Block(_)) => {
                for child in children {
                    child.update(ctx, scope, changes);
                }
            }
            (Inst::If { anchor, branch, child, .. }, CNode::If(branches)) => {
                let chosen = choose(branches, scope);
                if chosen == *branch {
                    if let Some(child) = child {
                        child.update(ctx, scope, changes);
                    }
                    return;
                }
                if let Some(old) = child.take() {
                    old.remove();
                }
                *branch = chosen;
                if let (Some(body), Some(parent)) =
                    (chosen.and_then(|b| branches.get(b)), anchor.parent_node())
                {
                    let at = At { parent: &parent, before: Some(anchor) };
                    *child = Some(Box::new(build(ctx, body.1, scope, at)));
                }
            }
            (Inst::For { anchor, rows, .. }, CNode::For(looped)) => {
                update_for(ctx, looped, anchor, rows, scope, changes)
            }
            (
                Inst::Template { anchor, name, data, children, .. },
                CNode::Template { is, data: expr },
            ) => {
                let new_name: Rc<str> = is.eval(scope).to_text().into();
                let new_data = expr.as_ref().map(|d| d.eval(scope)).unwrap_or_default();
                if new_name != *name {
                    for child in children.drain(..) {
                        child.remove();
                    }
                    if let Some(parent) = anchor.parent_node() {
                        *children = build_template(
                            ctx,
                            &new_name,
                            &new_data,
                            At { parent: &parent, before: Some(anchor) },
                        );
                    }
                } else if !new_data.same(data) {
                    let inner = Scope::Data(&new_data);
                    for child in children.iter_mut() {
                        child.update(ctx, &inner, &Changes::All);
                    }
                }
                *name = new_name;
                *data = new_data;
            }
            _ => {}
        }
    }

    /// Removes this instance's nodes from the document.
    pub fn remove(self) {
        let mut nodes = Vec::new();
        self.nodes(&mut nodes);
        for node in nodes {
            if let Some(parent) = node.parent_node() {
                let _ = parent.remove_child(&node);
            }
        }
    }

    /// This instance's top-level DOM nodes, in order.
    fn nodes(&self, out: &mut Vec<Node>) {
        match self {
            Inst::Static(node) => out.push(node.clone()),
            Inst::Text { node, .. } => out.push(node.clone().into()),
            Inst::Element { el, .. } => out.push(el.clone().into()),
            Inst::Block { children, .. } => children.iter().for_each(|c| c.nodes(out)),
            Inst::If { anchor, child, .. } => {
                if let Some(child) = child {
                    child.nodes(out);
                }
                out.push(anchor.clone().into());
            }
            Inst::For { anchor, rows, .. } => {
                rows.iter().for_each(|row| row.inst.nodes(out));
                out.push(anchor.clone().into());
            }
            Inst::Template { anchor, children, .. } => {
                children.iter().for_each(|c| c.nodes(out));
                out.push(anchor.clone().into());
            }
        }
    }
}

/// Where a component wants its WXML children: its `wxContent` element, or itself.
fn content_of(el: &Element) -> Node {
    use wasm_bindgen::JsCast;
    js_sys::Reflect::get(el, &"wxContent".into())
        .ok()
        .and_then(|content| content.dyn_into::<Node>().ok())
        .unwrap_or_else(|| el.clone().into())
}

fn anchor(ctx: &Ctx, at: At) -> Comment {
    let anchor = ctx.doc.create_comment("");
    at.insert(&anchor);
    anchor
}

fn before<'a>(anchor: &'a Comment, at: At<'a>) -> At<'a> {
    At { parent: at.parent, before: Some(anchor) }
}

/// The first branch whose condition holds (`wx:else` always does).
fn choose(branches: &[(Option<wxweb_core::expr::Interp>, NodeId)], scope: &Scope) -> Option<usize> {
    branches.iter().position(|(cond, _)| cond.as_ref().is_none_or(|c| c.eval(scope).truthy()))
}

/// What `wx:for` iterates: an array's items, an object's values (keyed by name), the
/// numbers below a number, a string's characters.
fn items(list: &Value) -> Vec<(Value, Value)> {
    match list {
        Value::Array(items) => {
            items.iter().enumerate().map(|(i, item)| (Value::Num(i as f64), item.clone())).collect()
        }
        Value::Object(map) => {
            map.iter().map(|(key, item)| (Value::Str(key.clone()), item.clone())).collect()
        }
        Value::Num(n) if *n > 0.0 => (0..(n.min(1e6) as usize))
            .map(|i| (Value::Num(i as f64), Value::Num(i as f64)))
            .collect(),
        Value::Str(s) => s
            .chars()
            .enumerate()
            .map(|(i, c)| (Value::Num(i as f64), Value::Str(c.to_string().into())))
            .collect(),
        _ => Vec::new(),
    }
}

/// A row's `wx:key`: `*this` is the item itself, otherwise one of its properties.
fn key_of(looped: &ForNode, item: &Value) -> Option<String> {
    let key = looped.key.as_deref()?;
    Some(if key == "*this" { item.to_js_string() } else { item.field(key).to_js_string() })
}

fn build_row(ctx: &Ctx, looped: &ForNode, scope: &Scope, index: Value, item: Value, at: At) -> Row {
    let inst = {
        let row = Scope::Row {
            parent: scope,
            item: &looped.item,
            item_value: &item,
            index: &looped.index,
            index_value: &index,
        };
        build(ctx, looped.body, &row, at)
    };
    Row { key: key_of(looped, &item), item, index, inst }
}

fn build_template(ctx: &Ctx, name: &str, data: &Value, at: At) -> Vec<Inst> {
    match ctx.program.templates.get(name) {
        Some(ids) => build_all(ctx, ids, &Scope::Data(data), at),
        None => {
            if !name.is_empty() {
                crate::platform::js::console_warn(&format!("Template `{name}` not found."));
            }
            Vec::new()
        }
    }
}

fn update_row(ctx: &Ctx, looped: &ForNode, row: &mut Row, scope: &Scope, changes: &Changes) {
    let inner = Scope::Row {
        parent: scope,
        item: &looped.item,
        item_value: &row.item,
        index: &looped.index,
        index_value: &row.index,
    };
    row.inst.update(ctx, &inner, changes);
}

fn update_for(
    ctx: &Ctx,
    looped: &ForNode,
    anchor: &Comment,
    rows: &mut Vec<Row>,
    scope: &Scope,
    changes: &Changes,
) {
    let outer = changes.touches(&looped.outer);
    let mut list_names = Vec::new();
    looped.list.visit_names(&mut |name| list_names.push(name.clone()));
    if !list_names.iter().any(|name| changes.names(name)) {
        if outer {
            rows.iter_mut().for_each(|row| update_row(ctx, looped, row, scope, changes));
        }
        return;
    }
    // One row's fields changed (`list[3].name`): that row alone, unless the rows also
    // read what changed from outside.
    if let Some(changed) = looped.path.as_ref().and_then(|path| changes.rows_under(path)) {
        if !outer && changed.iter().all(|(index, _)| *index < rows.len()) {
            let list = looped.list.eval(scope);
            for (index, rest) in changed {
                let Some(row) = rows.get_mut(index) else { continue };
                let item = list.member(&Value::Num(index as f64));
                if item.same(&row.item) {
                    continue;
                }
                row.item = item;
                let mut path = vec![Value::Str(looped.item.clone())];
                path.extend(rest);
                update_row(ctx, looped, row, scope, &Changes::Paths(vec![path]));
            }
            return;
        }
    }
    reconcile(ctx, looped, anchor, rows, scope, changes, outer);
}

/// Matches the new list against the rows (by `wx:key`, else by position), updating
/// kept rows, building new ones, removing the rest and restoring the order.
fn reconcile(
    ctx: &Ctx,
    looped: &ForNode,
    anchor: &Comment,
    rows: &mut Vec<Row>,
    scope: &Scope,
    changes: &Changes,
    outer: bool,
) {
    let Some(parent) = anchor.parent_node() else { return };
    let at = At { parent: &parent, before: Some(anchor) };
    let items = items(&looped.list.eval(scope));
    let mut old: Vec<Option<Row>> = rows.drain(..).map(Some).collect();
    let keyed: FxHashMap<String, usize> = if looped.key.is_some() {
        old.iter()
            .enumerate()
            .filter_map(|(i, row)| Some((row.as_ref()?.key.clone()?, i)))
            .collect()
    } else {
        FxHashMap::default()
    };
    let alias_changes = Changes::Paths(vec![
        vec![Value::Str(looped.item.clone())],
        vec![Value::Str(looped.index.clone())],
    ]);
    for (position, (index, item)) in items.into_iter().enumerate() {
        let key = key_of(looped, &item);
        let reused = match &key {
            Some(key) => keyed.get(key).and_then(|&i| old.get_mut(i)).and_then(Option::take),
            None if looped.key.is_none() => old.get_mut(position).and_then(Option::take),
            None => None,
        };
        let row = match reused {
            Some(mut row) => {
                let moved = !row.item.same(&item) || !row.index.same(&index);
                row.item = item;
                row.index = index;
                row.key = key;
                if moved {
                    update_row(ctx, looped, &mut row, scope, &alias_changes);
                }
                if outer {
                    update_row(ctx, looped, &mut row, scope, changes);
                }
                row
            }
            None => build_row(ctx, looped, scope, index, item, at),
        };
        rows.push(row);
    }
    for row in old.into_iter().flatten() {
        row.inst.remove();
    }
    restore_order(&parent, anchor, rows);
}

/// Moves rows whose nodes are out of place, walking back from the anchor.
fn restore_order(parent: &Node, anchor: &Comment, rows: &[Row]) {
    let mut next: Node = anchor.clone().into();
    let mut nodes = Vec::new();
    for row in rows.iter().rev() {
        nodes.clear();
        row.inst.nodes(&mut nodes);
        let (Some(first), Some(last)) = (nodes.first(), nodes.last()) else { continue };
        if last.next_sibling().as_ref() != Some(&next) {
            for node in &nodes {
                let _ = parent.insert_before(node, Some(&next));
            }
        }
        next = first.clone();
    }
}
