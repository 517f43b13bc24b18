//! The import graph between the files of a crate, for `cargo xtask tidy`: an edge from a
//! file to every other file whose module its code names (`use crate::…`, `use super::…`,
//! `use self::…`, inline `crate::a::b::f()` paths), following `pub use` re-exports to the
//! file that defines the item. Declaring a child (`mod x;`) and re-exporting are not edges.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module's path from the crate root: `[]` for lib.rs/main.rs, `["app", "page"]`.
pub type ModulePath = Vec<String>;

/// The crate's files by module path, and what each file names.
pub struct Graph {
    files: BTreeMap<ModulePath, PathBuf>,
    pub edges: BTreeMap<ModulePath, BTreeSet<ModulePath>>,
}

/// One `use` or inline path found in a file.
struct Reference {
    path: Vec<String>,
    /// `pub use` (any visibility): a re-export, followed rather than counted.
    reexport: bool,
    /// Found in a `use` item, where a first segment may name a child module.
    in_use: bool,
}

impl Graph {
    /// Builds the graph of the crate whose root file is `src/lib.rs` or `src/main.rs` in
    /// `src`, from `(path relative to src, text)` of each of its `.rs` files.
    pub fn build(sources: &[(PathBuf, String)]) -> Graph {
        let files: BTreeMap<ModulePath, PathBuf> =
            sources.iter().map(|(path, _)| (module_path(path), path.clone())).collect();
        let modules: BTreeSet<ModulePath> = files.keys().cloned().collect();
        let references: BTreeMap<ModulePath, Vec<Reference>> = sources
            .iter()
            .map(|(path, text)| {
                (module_path(path), references(&strip_comments(before_tests(text))))
            })
            .collect();
        let resolver = Resolver { modules: &modules, references: &references };
        let edges = references
            .iter()
            .map(|(from, found)| {
                let targets = found
                    .iter()
                    .filter(|reference| !reference.reexport)
                    .filter_map(|reference| resolver.resolve(from, reference, 0))
                    .filter(|target| target != from)
                    .collect();
                (from.clone(), targets)
            })
            .collect();
        Graph { files, edges }
    }

    /// The file that holds module `path`.
    pub fn file(&self, path: &ModulePath) -> &Path {
        self.files.get(path).map_or(Path::new("?"), PathBuf::as_path)
    }

    /// The groups of files under `area` (a module path prefix) that import each other in a
    /// circle, counting only edges whose both ends are under `area`.
    pub fn cycles_within(&self, area: &[&str]) -> Vec<Vec<ModulePath>> {
        let inside = |path: &ModulePath| {
            path.len() >= area.len() && path.iter().zip(area).all(|(a, b)| a == b)
        };
        let nodes: Vec<&ModulePath> = self.files.keys().filter(|path| inside(path)).collect();
        let index: BTreeMap<&ModulePath, usize> =
            nodes.iter().enumerate().map(|(i, path)| (*path, i)).collect();
        let successors: Vec<Vec<usize>> = nodes
            .iter()
            .map(|path| {
                self.edges
                    .get(*path)
                    .into_iter()
                    .flatten()
                    .filter_map(|target| index.get(target).copied())
                    .collect()
            })
            .collect();
        strongly_connected(&successors)
            .into_iter()
            .filter(|component| component.len() > 1)
            .map(|component| component.into_iter().map(|i| nodes[i].clone()).collect())
            .collect()
    }
}

struct Resolver<'a> {
    modules: &'a BTreeSet<ModulePath>,
    references: &'a BTreeMap<ModulePath, Vec<Reference>>,
}

impl Resolver<'_> {
    /// The module (file) that `reference`, written in module `from`, names.
    fn resolve(
        &self,
        from: &ModulePath,
        reference: &Reference,
        depth: usize,
    ) -> Option<ModulePath> {
        let mut segments = reference.path.iter().map(String::as_str).peekable();
        let mut current: ModulePath = match segments.peek().copied()? {
            "crate" => {
                segments.next();
                Vec::new()
            }
            "self" => {
                segments.next();
                from.clone()
            }
            "super" => {
                let mut base = from.clone();
                while segments.peek() == Some(&"super") {
                    segments.next();
                    base.pop()?;
                }
                base
            }
            first if reference.in_use && self.modules.contains(&child(from, first)) => from.clone(),
            _ => return None,
        };
        for segment in segments {
            let next = child(&current, segment);
            if self.modules.contains(&next) {
                current = next;
                continue;
            }
            // `segment` is an item of `current`: where it is defined, if re-exported there.
            if depth < 8 {
                let reexport = self.references.get(&current).into_iter().flatten().find(|r| {
                    r.reexport && r.path.last().is_some_and(|last| last == segment || last == "*")
                });
                if let Some(found) = reexport.and_then(|r| self.resolve(&current, r, depth + 1)) {
                    return Some(found);
                }
            }
            break;
        }
        Some(current)
    }
}

fn child(parent: &ModulePath, name: &str) -> ModulePath {
    let mut path = parent.clone();
    path.push(name.to_owned());
    path
}

/// `app/page.rs` → `["app", "page"]`; `app/mod.rs` → `["app"]`; `lib.rs` → `[]`.
fn module_path(relative: &Path) -> ModulePath {
    let mut parts: Vec<String> =
        relative.iter().map(|part| part.to_string_lossy().into_owned()).collect();
    if let Some(last) = parts.pop() {
        let stem = last.strip_suffix(".rs").unwrap_or(&last);
        let is_root = parts.is_empty() && (stem == "lib" || stem == "main");
        if stem != "mod" && !is_root {
            parts.push(stem.to_owned());
        }
    }
    parts
}

/// The part of a file before its `#[cfg(test)]` module: a test module's `use super::*`
/// names the file itself, and tests are not part of the structure.
fn before_tests(text: &str) -> &str {
    text.find("\n#[cfg(test)]").map_or(text, |at| &text[..at])
}

/// The text with `//` and `/* */` comments and the contents of string and char literals
/// blanked, so that paths in docs and messages are not read as code.
pub fn strip_comments(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                i += 1;
            }
            i += 2;
        } else if c == '"' {
            out.push('"');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            out.push('"');
            i += 1;
        } else if c == 'r'
            && (next == Some('"') || next == Some('#'))
            && !ident_char_before(&chars, i)
        {
            // A raw string: r"…", r#"…"#.
            let hashes = chars[i + 1..].iter().take_while(|c| **c == '#').count();
            if chars.get(i + 1 + hashes) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            let close: String =
                std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
            let body: String = chars[i + 2 + hashes..].iter().collect();
            let end = body.find(&close).map_or(chars.len(), |at| {
                i + 2 + hashes + body[..at].chars().count() + close.chars().count()
            });
            out.push_str("\"\"");
            i = end;
        } else if c == '\'' && chars.get(i + 2) == Some(&'\'') {
            out.push_str("' '");
            i += 3;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn ident_char_before(chars: &[char], i: usize) -> bool {
    i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')
}

#[derive(Debug, PartialEq)]
enum Token {
    Ident(String),
    PathSep,
    Open,
    Close,
    Comma,
    Star,
    Other,
}

fn tokens(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(Token::Ident(chars[start..i].iter().collect()));
            continue;
        }
        i += 1;
        out.push(match c {
            ':' if chars.get(i) == Some(&':') => {
                i += 1;
                Token::PathSep
            }
            '{' => Token::Open,
            '}' => Token::Close,
            ',' => Token::Comma,
            '*' => Token::Star,
            c if c.is_whitespace() => continue,
            _ => Token::Other,
        });
    }
    out
}

/// Every module path named in `code` (comments already stripped).
fn references(code: &str) -> Vec<Reference> {
    let tokens = tokens(code);
    let mut found = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let Token::Ident(word) = &tokens[i] else {
            i += 1;
            continue;
        };
        if word == "use" {
            let reexport = is_public_use(&tokens, i);
            let mut paths = Vec::new();
            i = use_tree(&tokens, i + 1, &mut Vec::new(), &mut paths);
            found.extend(paths.into_iter().map(|path| Reference { path, reexport, in_use: true }));
            continue;
        }
        let starts_path = matches!(word.as_str(), "crate" | "super" | "self")
            && tokens.get(i + 1) == Some(&Token::PathSep)
            && (i == 0 || tokens[i - 1] != Token::PathSep);
        if starts_path {
            let mut paths = Vec::new();
            i = use_tree(&tokens, i, &mut Vec::new(), &mut paths);
            found.extend(paths.into_iter().map(|path| Reference {
                path,
                reexport: false,
                in_use: false,
            }));
            continue;
        }
        i += 1;
    }
    found
}

/// Whether the `use` at `at` is preceded by `pub` or `pub(…)`.
fn is_public_use(tokens: &[Token], at: usize) -> bool {
    let before = &tokens[..at];
    match before {
        [.., Token::Ident(word)] => word == "pub",
        // pub(crate) / pub(super) / pub(in …): `pub`, `(`, words, `)` read as Other tokens.
        [.., Token::Ident(word), Token::Other, Token::Ident(_), Token::Other] => word == "pub",
        _ => false,
    }
}

/// Parses a use tree (or an inline path) from `at`, pushing every full path it names onto
/// `paths`; returns the index after it.
fn use_tree(
    tokens: &[Token],
    mut at: usize,
    prefix: &mut Vec<String>,
    paths: &mut Vec<Vec<String>>,
) -> usize {
    let depth = prefix.len();
    loop {
        match tokens.get(at) {
            Some(Token::Ident(word)) => {
                prefix.push(word.clone());
                at += 1;
            }
            Some(Token::Open) => {
                at += 1;
                loop {
                    at = use_tree(tokens, at, prefix, paths);
                    match tokens.get(at) {
                        Some(Token::Comma) => at += 1,
                        Some(Token::Close) => {
                            at += 1;
                            break;
                        }
                        _ => break,
                    }
                }
                prefix.truncate(depth);
                return at;
            }
            Some(Token::Star) => {
                prefix.push("*".into());
                at += 1;
                break;
            }
            _ => break,
        }
        if tokens.get(at) != Some(&Token::PathSep) {
            break;
        }
        at += 1;
    }
    // `… as name`: the alias is not part of the path.
    if let (Some(Token::Ident(word)), Some(Token::Ident(_))) = (tokens.get(at), tokens.get(at + 1))
    {
        if word == "as" {
            at += 2;
        }
    }
    if prefix.len() > depth {
        paths.push(prefix.clone());
    }
    prefix.truncate(depth);
    at
}

/// Tarjan's algorithm: the strongly connected components of a graph given as successor
/// lists, each a list of node indices.
fn strongly_connected(successors: &[Vec<usize>]) -> Vec<Vec<usize>> {
    struct State<'a> {
        successors: &'a [Vec<usize>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        components: Vec<Vec<usize>>,
    }
    fn visit(state: &mut State, node: usize) {
        state.index[node] = Some(state.next);
        state.low[node] = state.next;
        state.next += 1;
        state.stack.push(node);
        state.on_stack[node] = true;
        for &next in &state.successors[node] {
            match state.index[next] {
                None => {
                    visit(state, next);
                    state.low[node] = state.low[node].min(state.low[next]);
                }
                Some(index) if state.on_stack[next] => {
                    state.low[node] = state.low[node].min(index);
                }
                Some(_) => {}
            }
        }
        if Some(state.low[node]) == state.index[node] {
            let mut component = Vec::new();
            while let Some(top) = state.stack.pop() {
                state.on_stack[top] = false;
                component.push(top);
                if top == node {
                    break;
                }
            }
            component.sort_unstable();
            state.components.push(component);
        }
    }
    let count = successors.len();
    let mut state = State {
        successors,
        index: vec![None; count],
        low: vec![0; count],
        on_stack: vec![false; count],
        stack: Vec::new(),
        next: 0,
        components: Vec::new(),
    };
    for node in 0..count {
        if state.index[node].is_none() {
            visit(&mut state, node);
        }
    }
    state.components
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(files: &[(&str, &str)]) -> Graph {
        let sources: Vec<(PathBuf, String)> =
            files.iter().map(|(path, text)| (PathBuf::from(path), text.to_string())).collect();
        Graph::build(&sources)
    }

    fn path(text: &str) -> ModulePath {
        text.split("::").filter(|part| !part.is_empty()).map(str::to_owned).collect()
    }

    fn edges(graph: &Graph, from: &str) -> Vec<String> {
        graph.edges[&path(from)].iter().map(|target| target.join("::")).collect()
    }

    #[test]
    fn use_trees_and_inline_paths_are_edges() {
        let graph = graph(&[
            ("lib.rs", "mod app; mod view;"),
            ("app/mod.rs", "mod page; mod runtime; mod events;"),
            (
                "app/page.rs",
                "use super::{runtime::Runtime, events as ev};\nfn f() { crate::view::draw(); }",
            ),
            ("app/runtime.rs", "use crate::app::page::{self, Page};\n#[cfg(test)]\nmod tests { use super::*; use crate::view::x; }"),
            ("app/events.rs", "// use super::page;\nconst S: &str = \"crate::app::runtime::X\";"),
            ("view/mod.rs", "pub fn draw() {}"),
        ]);
        assert_eq!(edges(&graph, "app::page"), ["app::events", "app::runtime", "view"]);
        assert_eq!(edges(&graph, "app::runtime"), ["app::page"]);
        assert!(edges(&graph, "app::events").is_empty(), "comments and strings are not code");
        assert_eq!(graph.cycles_within(&["app"]), [vec![path("app::page"), path("app::runtime")]]);
    }

    #[test]
    fn reexports_lead_to_the_defining_file() {
        let graph = graph(&[
            ("lib.rs", "mod app;"),
            (
                "app/mod.rs",
                "mod page; mod runtime;\npub use runtime::Runtime;\npub(crate) use page::*;",
            ),
            ("app/page.rs", "use super::Runtime;"),
            ("app/runtime.rs", "use super::Page; struct Runtime;"),
        ]);
        assert_eq!(edges(&graph, "app::page"), ["app::runtime"]);
        assert_eq!(edges(&graph, "app::runtime"), ["app::page"]);
        assert!(edges(&graph, "app").is_empty(), "a facade's re-exports are not its imports");
        assert_eq!(graph.cycles_within(&["app"]).len(), 1);
    }

    #[test]
    fn an_acyclic_area_has_no_cycles_and_outside_edges_do_not_count() {
        let graph = graph(&[
            ("main.rs", "mod a; mod b; mod c;"),
            ("a.rs", "use crate::b::x; use super::c;"),
            ("b.rs", "use crate::c::y;"),
            ("c.rs", "fn y() {}"),
        ]);
        assert!(graph.cycles_within(&[]).is_empty());
        let looped = super::tests::graph(&[
            ("main.rs", "mod a; mod b;"),
            ("a.rs", "use crate::b::x;"),
            ("b.rs", "fn x() { crate::a::y() }"),
        ]);
        assert_eq!(looped.cycles_within(&[]).len(), 1);
        assert!(looped.cycles_within(&["a"]).is_empty());
    }

    #[test]
    fn raw_strings_and_chars_are_blanked() {
        let code = strip_comments("let a = r#\"crate::x\"#; let b = '\"'; crate::y::z();");
        assert!(!code.contains("crate::x"));
        assert!(code.contains("crate::y::z"));
    }
}
