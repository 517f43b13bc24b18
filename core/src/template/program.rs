//! A page's WXML compiled for rendering: the nodes of the page file, its `<include>`d
//! files and the templates it may use, flattened into one arena, with each node's
//! attributes classified and the data names its subtree reads precomputed, so that a
//! `setData` visits only the parts of the page that can change. Pure code.

use std::rc::Rc;

use rustc_hash::FxHashMap;

use crate::app::source_path;
use crate::expr::{Expr, Interp};
use crate::wxml::{Attr, Document, Node};

/// Index of a node in [`Program::nodes`].
pub type NodeId = usize;

/// The sorted, distinct names of data fields (and `wx:for` aliases) a subtree reads.
pub type Names = Rc<[Rc<str>]>;

pub struct Program {
    pub nodes: Vec<CNode>,
    /// What a node's subtree reads, by [`NodeId`].
    pub names: Vec<Names>,
    pub root: Vec<NodeId>,
    /// Templates by name: the page file's own and those of the files it imports.
    pub templates: FxHashMap<Rc<str>, Vec<NodeId>>,
}

pub enum CNode {
    Text(Interp),
    Element { tag: Rc<str>, attrs: Vec<CAttr>, children: Vec<NodeId> },
    Block(Vec<NodeId>),
    If(Vec<(Option<Interp>, NodeId)>),
    For(ForNode),
    Template { is: Interp, data: Option<Expr> },
}

pub struct ForNode {
    pub list: Interp,
    /// The list's data path when it is a plain one (`{{list}}`, `{{a.rows}}`): a
    /// `setData` of one row (`list[3].name`) then updates only that row.
    pub path: Option<Vec<crate::value::Value>>,
    pub item: Rc<str>,
    pub index: Rc<str>,
    pub key: Option<Rc<str>>,
    pub body: NodeId,
    /// What the body reads besides its own item and index.
    pub outer: Names,
}

pub struct CAttr {
    pub kind: AttrKind,
    /// `None` for a valueless attribute, which means `true`.
    pub value: Option<Interp>,
}

/// What an attribute does to its element.
#[derive(Clone, Debug, PartialEq)]
pub enum AttrKind {
    Id,
    Class,
    Style,
    Hidden,
    /// `data-foo-bar` → `dataset.fooBar`.
    Data(Rc<str>),
    /// `bindtap` / `bind:tap` / `catchtap` / `catch:tap`.
    On {
        event: Rc<str>,
        catch: bool,
    },
    /// Any other attribute: a property of the component, named in camelCase.
    Prop {
        name: Rc<str>,
        prop: Rc<str>,
    },
}

/// The files a page's WXML may refer to, parsed, by path from the app's root. The
/// error says why a file cannot be used: missing, or its syntax error.
pub trait Documents {
    fn document(&self, path: &str) -> Result<Rc<Document>, String>;
}

const MAX_INCLUDE_DEPTH: usize = 16;

impl Program {
    /// Compiles the page file `path`. Errors name the file that is missing.
    pub fn compile(path: &str, files: &dyn Documents) -> Result<Program, String> {
        let doc = files.document(path)?;
        let mut program = Program {
            nodes: Vec::new(),
            names: Vec::new(),
            root: Vec::new(),
            templates: FxHashMap::default(),
        };
        for import in &doc.imports {
            let file = join(path, import, "wxml")?;
            let imported =
                files.document(&file).map_err(|e| format!("{e} (imported by {path})"))?;
            program.add_templates(&imported, &file, files)?;
        }
        program.add_templates(&doc, path, files)?;
        program.root = program.add_all(&doc.nodes, path, files, 0)?;
        Ok(program)
    }

    fn add_templates(
        &mut self,
        doc: &Document,
        path: &str,
        files: &dyn Documents,
    ) -> Result<(), String> {
        for template in &doc.templates {
            let ids = self.add_all(&template.nodes, path, files, 0)?;
            self.templates.insert(template.name.clone(), ids);
        }
        Ok(())
    }

    fn add_all(
        &mut self,
        nodes: &[Node],
        path: &str,
        files: &dyn Documents,
        depth: usize,
    ) -> Result<Vec<NodeId>, String> {
        let mut ids = Vec::with_capacity(nodes.len());
        for node in nodes {
            if let Node::Include(src) = node {
                if depth >= MAX_INCLUDE_DEPTH {
                    return Err(format!("{path}: <include> nested too deeply (a cycle?)"));
                }
                let file = join(path, src, "wxml")?;
                let doc = files.document(&file).map_err(|e| format!("{e} (included by {path})"))?;
                ids.extend(self.add_all(&doc.nodes, &file, files, depth + 1)?);
            } else {
                ids.push(self.add(node, path, files, depth)?);
            }
        }
        Ok(ids)
    }

    fn add(
        &mut self,
        node: &Node,
        path: &str,
        files: &dyn Documents,
        depth: usize,
    ) -> Result<NodeId, String> {
        let mut names = NameSet::default();
        let compiled = match node {
            Node::Text(text) => {
                names.interp(text);
                CNode::Text(text.clone())
            }
            Node::Element(element) => {
                let children = self.add_all(&element.children, path, files, depth)?;
                names.children(self, &children);
                let attrs = element.attrs.iter().map(classify).collect::<Vec<_>>();
                for attr in &attrs {
                    if let Some(value) = &attr.value {
                        names.interp(value);
                    }
                }
                CNode::Element { tag: element.tag.clone(), attrs, children }
            }
            Node::Block(nodes) => {
                let children = self.add_all(nodes, path, files, depth)?;
                names.children(self, &children);
                CNode::Block(children)
            }
            Node::If(branches) => {
                let mut compiled = Vec::with_capacity(branches.len());
                for branch in branches {
                    let id = self.add(&branch.node, path, files, depth)?;
                    if let Some(cond) = &branch.cond {
                        names.interp(cond);
                    }
                    names.children(self, &[id]);
                    compiled.push((branch.cond.clone(), id));
                }
                CNode::If(compiled)
            }
            Node::For(looped) => {
                let body = self.add(&looped.body, path, files, depth)?;
                let mut outer = NameSet::default();
                outer.children(self, &[body]);
                outer.0.retain(|name| *name != looped.item && *name != looped.index);
                let outer = outer.finish();
                names.interp(&looped.list);
                names.0.extend(outer.iter().cloned());
                let path = match &looped.list {
                    Interp::Single(expr) => expr.as_path(),
                    _ => None,
                };
                CNode::For(ForNode {
                    list: looped.list.clone(),
                    path,
                    item: looped.item.clone(),
                    index: looped.index.clone(),
                    key: looped.key.clone(),
                    body,
                    outer,
                })
            }
            Node::Template(using) => {
                names.interp(&using.is);
                if let Some(data) = &using.data {
                    data.visit_names(&mut |name| names.0.push(name.clone()));
                }
                CNode::Template { is: using.is.clone(), data: using.data.clone() }
            }
            Node::Include(_) => {
                let ids = self.add_all(std::slice::from_ref(node), path, files, depth)?;
                names.children(self, &ids);
                CNode::Block(ids)
            }
        };
        self.nodes.push(compiled);
        self.names.push(names.finish());
        Ok(self.nodes.len() - 1)
    }
}

fn join(from: &str, src: &str, extension: &str) -> Result<String, String> {
    source_path::join(from, src)
        .map(|path| source_path::with_extension(path, extension))
        .ok_or_else(|| format!("{from}: invalid path \"{src}\""))
}

/// Classifies one attribute by its name.
fn classify(attr: &Attr) -> CAttr {
    let name = &*attr.name;
    let kind = match name {
        "id" => AttrKind::Id,
        "class" => AttrKind::Class,
        "style" => AttrKind::Style,
        "hidden" => AttrKind::Hidden,
        _ => {
            if let Some(data) = name.strip_prefix("data-") {
                AttrKind::Data(camel_case(data).into())
            } else if let Some((event, catch)) = event_of(name) {
                AttrKind::On { event: event.into(), catch }
            } else {
                AttrKind::Prop { name: attr.name.clone(), prop: camel_case(name).into() }
            }
        }
    };
    CAttr { kind, value: attr.value.clone() }
}

/// `bindtap` → (`tap`, false); `catch:touchstart` → (`touchstart`, true).
fn event_of(name: &str) -> Option<(&str, bool)> {
    let (rest, catch) = if let Some(rest) = name.strip_prefix("bind") {
        (rest, false)
    } else {
        (name.strip_prefix("catch")?, true)
    };
    let event = rest.strip_prefix(':').unwrap_or(rest);
    (!event.is_empty()).then_some((event, catch))
}

/// `range-key` → `rangeKey`, as WeChat names component properties and dataset keys.
pub fn camel_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '-' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

#[derive(Default)]
struct NameSet(Vec<Rc<str>>);

impl NameSet {
    fn interp(&mut self, interp: &Interp) {
        interp.visit_names(&mut |name| self.0.push(name.clone()));
    }

    fn children(&mut self, program: &Program, ids: &[NodeId]) {
        for &id in ids {
            if let Some(names) = program.names.get(id) {
                self.0.extend(names.iter().cloned());
            }
        }
    }

    fn finish(mut self) -> Names {
        self.0.sort_unstable();
        self.0.dedup();
        self.0.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wxml;

    struct Files(Vec<(&'static str, &'static str)>);

    impl Documents for Files {
        fn document(&self, path: &str) -> Result<Rc<Document>, String> {
            let (_, source) = self
                .0
                .iter()
                .find(|(p, _)| *p == path)
                .ok_or_else(|| format!("{path} not found"))?;
            wxml::parse(source).map(Rc::new).map_err(|e| format!("{path}:{e}"))
        }
    }

    fn names(program: &Program, id: NodeId) -> Vec<String> {
        program.names[id].iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn names_of_a_subtree() {
        let files = Files(vec![(
            "p.wxml",
            "<view class=\"{{cls}}\"><text>{{a.b}} {{c}}</text></view><view>static</view>",
        )]);
        let program = Program::compile("p.wxml", &files).unwrap();
        assert_eq!(names(&program, program.root[0]), ["a", "c", "cls"]);
        assert!(names(&program, program.root[1]).is_empty());
    }

    #[test]
    fn loops_hide_their_aliases() {
        let files = Files(vec![(
            "p.wxml",
            "<view wx:for=\"{{rows}}\" wx:for-item=\"row\" data-i=\"{{index}}\">{{row.name}}{{suffix}}</view>",
        )]);
        let program = Program::compile("p.wxml", &files).unwrap();
        let CNode::For(looped) = &program.nodes[program.root[0]] else { panic!("not a loop") };
        assert_eq!(&*looped.outer, [Rc::from("suffix")]);
        assert_eq!(looped.path, Some(vec![crate::value::Value::str("rows")]));
        assert_eq!(names(&program, program.root[0]), ["rows", "suffix"]);
    }

    #[test]
    fn includes_and_imports_resolve_relative_to_their_file() {
        let files = Files(vec![
            ("pages/a/a.wxml", "<import src=\"../../common/t.wxml\"/><include src=\"part.wxml\"/>"),
            ("pages/a/part.wxml", "<text>{{x}}</text>"),
            ("common/t.wxml", "<template name=\"t\"><text>{{y}}</text></template>"),
        ]);
        let program = Program::compile("pages/a/a.wxml", &files).unwrap();
        assert_eq!(program.root.len(), 1);
        assert!(program.templates.contains_key("t"));
        let missing = Files(vec![("p.wxml", "<include src=\"nope.wxml\"/>")]);
        let error = Program::compile("p.wxml", &missing).err().unwrap();
        assert!(error.contains("nope.wxml not found"), "{error}");
    }

    #[test]
    fn include_cycles_end() {
        let files = Files(vec![("p.wxml", "<include src=\"p.wxml\"/>")]);
        assert!(Program::compile("p.wxml", &files).is_err());
    }

    #[test]
    fn attributes_are_classified() {
        let attr = |name: &str| classify(&Attr { name: name.into(), value: None }).kind;
        assert_eq!(attr("bindtap"), AttrKind::On { event: "tap".into(), catch: false });
        assert_eq!(
            attr("catch:touchstart"),
            AttrKind::On { event: "touchstart".into(), catch: true }
        );
        assert_eq!(attr("data-user-name"), AttrKind::Data("userName".into()));
        assert_eq!(
            attr("range-key"),
            AttrKind::Prop { name: "range-key".into(), prop: "rangeKey".into() }
        );
        assert_eq!(attr("hidden"), AttrKind::Hidden);
    }
}
