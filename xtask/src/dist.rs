//! `cargo xtask build`'s static site, `dist/`: the simulator, the wasm build, the bundled demo
//! and the playground as plain files that any static host serves (GitHub Pages,
//! `python3 -m http.server`), in the URL space of `wxweb serve`:
//!
//! - `www/` without `www/demo/` at the root; `pkg/`'s module, wasm and JS snippets in `pkg/`
//!   (not the npm extras); `www/demo/` as `app/`;
//! - `playground/`: its `index.html` and `playground.css`, `playground.js` (esbuild's bundle
//!   of `playground/src/main.js`), and `gallery/`: `index.json` (the source index without
//!   its `folder`s, plus a last "Demo" section) and one `<id>.json` per entry,
//!   `{"files": {path: text | {"base64", "type"}}}`, read from the entry's folder.
//!
//! It is written afresh each time, so nothing stale is ever deployed.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Component, Path, PathBuf};

use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use crate::cmd;
use crate::config::{self, Project};
use crate::wasm::Size;
use crate::Result;

/// Files of a gallery project sent as text; any other file is sent as base64 with its type
/// (images, audio). The playground opens local folders the same way.
const TEXT_EXTENSIONS: [&str; 7] = ["js", "json", "wxml", "wxss", "wxs", "txt", "md"];

/// The gallery entry made from `www/demo/`, always the last section's only entry.
const DEMO_ID: &str = "demo";

/// Writes `dist/` from `www/`, `pkg/` and `playground/` (the wasm build must be in `pkg/`).
pub fn write(project: &Project) -> Result {
    let dist = project.dist_dir();
    if dist.exists() {
        fs::remove_dir_all(&dist).map_err(|e| format!("removing {}: {e}", dist.display()))?;
    }
    let www = project.root.join("www");
    copy_tree(&www, &dist, &|path| path == www.join("demo"))?;
    copy_pkg(project, &dist.join("pkg"))?;
    copy_tree(&www.join("demo"), &dist.join("app"), &|_| false)?;
    mark_static_host(&dist)?;
    let source = project.root.join("playground");
    let target = dist.join("playground");
    fs::create_dir_all(&target).map_err(|e| format!("{}: {e}", target.display()))?;
    for name in ["index.html", "playground.css"] {
        copy_file(&source.join(name), &target.join(name))?;
    }
    bundle(project, &source.join("src/main.js"), &target.join("playground.js"))?;
    gallery(&source.join("gallery"), &www.join("demo"), &target.join("gallery"))
}

/// What a static host lacks, said in files, so that the simulator requests nothing that
/// would answer 404 (a red line on the console, which fails CI suites): `index.html`
/// says `<meta name="wxweb-host" content="static">` (no `/__wxweb/` endpoints to ask:
/// no proxy, no login server, no LAN address, no live reload), and
/// `__wxweb/manifest` lists the demo's files as `wxweb serve` would, without a folder.
fn mark_static_host(dist: &Path) -> Result {
    let page = dist.join("index.html");
    let html = config::read(&page)?;
    let marked = html.replacen(
        "<meta charset=\"utf-8\">",
        "<meta charset=\"utf-8\">\n  <meta name=\"wxweb-host\" content=\"static\">",
        1,
    );
    if marked == html {
        return Err(format!("{}: no <meta charset=\"utf-8\"> to mark", page.display()));
    }
    fs::write(&page, marked).map_err(|e| format!("{}: {e}", page.display()))?;
    let app = dist.join("app");
    let mut files = Vec::new();
    list_files(&app, &mut files)?;
    let paths: Vec<String> = files
        .iter()
        .filter_map(|file| file.strip_prefix(&app).ok())
        .map(|path| path.to_string_lossy().replace('\\', "/"))
        .collect();
    let manifest = dist.join("__wxweb/manifest");
    fs::create_dir_all(dist.join("__wxweb")).map_err(|e| format!("{}: {e}", dist.display()))?;
    fs::write(&manifest, json!({ "files": paths }).to_string())
        .map_err(|e| format!("{}: {e}", manifest.display()))
}

/// `pkg/`'s module, its wasm and the JS snippets it imports (`pkg/snippets/`).
fn copy_pkg(project: &Project, target: &Path) -> Result {
    let pkg = project.out_dir();
    let name = &project.config.wasm_bindgen.out_name;
    fs::create_dir_all(target).map_err(|e| format!("{}: {e}", target.display()))?;
    for file in [format!("{name}.js"), format!("{name}_bg.wasm")] {
        copy_file(&pkg.join(&file), &target.join(&file))?;
    }
    let snippets = pkg.join("snippets");
    if snippets.is_dir() {
        copy_tree(&snippets, &target.join("snippets"), &|_| false)?;
    }
    Ok(())
}

/// esbuild's bundle of the playground (ES module, minified, for es2022 browsers).
fn bundle(project: &Project, main: &Path, output: &Path) -> Result {
    cmd::run(
        project
            .command(project.esbuild())
            .arg(project.relative(main))
            .args(["--bundle", "--format=esm", "--minify", "--target=es2022", "--charset=utf8"])
            .args(["--log-level=warning"])
            .arg(format!("--outfile={}", project.relative(output).display())),
    )
}

/// `playground/gallery/index.json`: sections of entries, each naming its project's folder.
#[derive(Deserialize)]
struct SourceIndex {
    sections: Vec<SourceSection>,
}

#[derive(Deserialize)]
struct SourceSection {
    title: String,
    entries: Vec<SourceEntry>,
}

#[derive(Deserialize)]
struct SourceEntry {
    id: String,
    folder: String,
    /// `title`, `description` and whatever else the entry says, passed on as they are.
    #[serde(flatten)]
    shown: Map<String, Value>,
}

/// `dist/playground/gallery/index.json`: the entries without their folders.
#[derive(Serialize)]
struct Index {
    sections: Vec<Section>,
}

#[derive(Serialize)]
struct Section {
    title: String,
    entries: Vec<Map<String, Value>>,
}

/// Writes the gallery's index and one `<id>.json` per entry, the demo's last; no source
/// index means a gallery of the demo alone.
fn gallery(source: &Path, demo: &Path, target: &Path) -> Result {
    fs::create_dir_all(target).map_err(|e| format!("{}: {e}", target.display()))?;
    let index_path = source.join("index.json");
    let index = if index_path.is_file() {
        serde_json::from_str(&config::read(&index_path)?)
            .map_err(|e| format!("{}: {e}", index_path.display()))?
    } else {
        SourceIndex { sections: Vec::new() }
    };
    let mut sections = Vec::new();
    let mut ids = vec![DEMO_ID.to_owned()];
    for section in index.sections {
        let mut entries = Vec::new();
        for entry in section.entries {
            let error =
                |why: String| format!("{}: entry `{}`: {why}", index_path.display(), entry.id);
            check_id(&entry.id, &ids).map_err(error)?;
            let folder = entry_folder(source, &entry.folder).map_err(error)?;
            write_project(&folder, &target.join(format!("{}.json", entry.id)))?;
            ids.push(entry.id.clone());
            let mut shown = Map::from_iter([("id".to_owned(), Value::String(entry.id))]);
            shown.extend(entry.shown);
            entries.push(shown);
        }
        sections.push(Section { title: section.title, entries });
    }
    write_project(demo, &target.join(format!("{DEMO_ID}.json")))?;
    let demo_entry = Map::from_iter([
        ("id".to_owned(), DEMO_ID.into()),
        ("title".to_owned(), "wxweb demo".into()),
        (
            "description".to_owned(),
            "wxweb 自带的示例小程序：页面、组件、存储、设备与网络接口".into(),
        ),
    ]);
    sections.push(Section { title: "Demo".into(), entries: vec![demo_entry] });
    config::write_json(&target.join("index.json"), &Index { sections })
}

/// An id is `[a-z0-9-]+`, and not one of `taken`.
fn check_id(id: &str, taken: &[String]) -> Result {
    if id.is_empty()
        || !id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    {
        return Err("ids are made of a-z, 0-9 and -".into());
    }
    if taken.iter().any(|other| other == id) {
        return Err(format!("the id `{id}` is taken (ids are unique, `{DEMO_ID}` is the demo's)"));
    }
    Ok(())
}

/// The entry's folder inside the gallery: a relative path without `..`, holding app.json.
fn entry_folder(gallery: &Path, folder: &str) -> Result<PathBuf> {
    let relative = Path::new(folder);
    let inside = !folder.is_empty()
        && relative.components().all(|part| matches!(part, Component::Normal(_)));
    if !inside {
        return Err(format!("folder `{folder}` is not a path inside playground/gallery/"));
    }
    let path = gallery.join(relative);
    if !path.join("app.json").is_file() {
        return Err(format!("{} has no app.json", path.display()));
    }
    Ok(path)
}

/// `{"files": {...}}` of the mini program in `folder`, written to `target`.
fn write_project(folder: &Path, target: &Path) -> Result {
    let mut files = BTreeMap::new();
    read_project(folder, "", &mut files)?;
    config::write_json(target, &json!({ "files": files }))
}

/// Adds the files under `folder` to `files` by their path from the project's root (`prefix`
/// is `folder`'s); dotfiles and node_modules are skipped.
fn read_project(folder: &Path, prefix: &str, files: &mut BTreeMap<String, Value>) -> Result {
    for (name, path) in sorted_entries(folder)? {
        if name.starts_with('.') || name == "node_modules" {
            continue;
        }
        let relative = format!("{prefix}{name}");
        if path.is_dir() {
            read_project(&path, &format!("{relative}/"), files)?;
            continue;
        }
        let bytes = fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        files.insert(relative, file_value(&path, bytes)?);
    }
    Ok(())
}

/// A text file as its text; any other as `{"base64", "type"}`.
fn file_value(path: &Path, bytes: Vec<u8>) -> Result<Value> {
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    if extension.is_some_and(|e| TEXT_EXTENSIONS.contains(&e.as_str())) {
        return String::from_utf8(bytes)
            .map(Value::String)
            .map_err(|_| format!("{}: a text file that is not UTF-8", path.display()));
    }
    let kind = mime_guess::from_path(path).first_raw().unwrap_or("application/octet-stream");
    Ok(json!({ "base64": base64::engine::general_purpose::STANDARD.encode(bytes), "type": kind }))
}

/// The names and paths in `dir`, sorted by name.
fn sorted_entries(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    let entries = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut list: Vec<(String, PathBuf)> = entries
        .flatten()
        .map(|entry| (entry.file_name().to_string_lossy().into_owned(), entry.path()))
        .collect();
    list.sort();
    Ok(list)
}

/// Copies the tree `from` to `to`, but for the paths `skip` accepts.
fn copy_tree(from: &Path, to: &Path, skip: &dyn Fn(&Path) -> bool) -> Result {
    fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for (name, path) in sorted_entries(from)? {
        if skip(&path) {
            continue;
        }
        if path.is_dir() {
            copy_tree(&path, &to.join(&name), skip)?;
        } else {
            copy_file(&path, &to.join(&name))?;
        }
    }
    Ok(())
}

fn copy_file(from: &Path, to: &Path) -> Result {
    fs::copy(from, to)
        .map(drop)
        .map_err(|e| format!("copying {} to {}: {e}", from.display(), to.display()))
}

/// `playground: bundle … ; with the simulator and the runtime …`: the bundle, and all the
/// playground page may download but the gallery's projects (its page, the simulator shell,
/// its panels, the wasm build, the gallery's index).
pub fn size_report(project: &Project) -> Result<String> {
    let dist = project.dist_dir();
    let Ok(bundle) = fs::read(dist.join("playground/playground.js")) else {
        return Ok("playground: not built (no dist/playground/playground.js)".into());
    };
    let bundle = Size::of(&bundle);
    let mut files = Vec::new();
    list_files(&dist, &mut files)?;
    let gallery = dist.join("playground/gallery");
    let mut total = Size { raw: 0, gzip: 0 };
    for file in files {
        let project_file = file.starts_with(&gallery) && !file.ends_with("index.json");
        if file.starts_with(dist.join("app")) || project_file {
            continue;
        }
        let size = Size::of(&fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?);
        total = Size { raw: total.raw + size.raw, gzip: total.gzip + size.gzip };
    }
    Ok(format!("playground: bundle {bundle}; page + simulator + runtime {total}"))
}

/// Every file under `dir`, depth first.
fn list_files(dir: &Path, files: &mut Vec<PathBuf>) -> Result {
    for (_, path) in sorted_entries(dir)? {
        if path.is_dir() {
            list_files(&path, files)?;
        } else {
            files.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A gallery folder with `index.json` (from `index`) and the given files.
    fn gallery_with(index: Value, files: &[(&str, &[u8])]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("gallery")).unwrap();
        for (path, bytes) in files {
            let path = dir.path().join("gallery").join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, bytes).unwrap();
        }
        let demo = dir.path().join("demo");
        fs::create_dir_all(demo.join("pages")).unwrap();
        fs::write(demo.join("app.json"), r#"{"pages":["pages/index"]}"#).unwrap();
        fs::write(demo.join("pages/index.wxml"), "<view>demo</view>").unwrap();
        config::write_json(&dir.path().join("gallery/index.json"), &index).unwrap();
        dir
    }

    fn build(dir: &tempfile::TempDir) -> Result {
        gallery(&dir.path().join("gallery"), &dir.path().join("demo"), &dir.path().join("out"))
    }

    fn read_json(path: PathBuf) -> Value {
        serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
    }

    fn one_entry(id: &str, folder: &str) -> Value {
        json!({ "sections": [{ "title": "网络", "entries": [
            { "id": id, "title": "wx.request", "description": "d", "folder": folder }
        ]}]})
    }

    #[test]
    fn writes_the_index_without_folders_and_one_file_per_entry() {
        let png: &[u8] = b"\x89PNG\r\n\x1a\n";
        let dir = gallery_with(
            one_entry("request", "network/request"),
            &[
                ("network/request/app.json", br#"{"pages":["pages/index/index"]}"#),
                ("network/request/pages/index/index.wxml", "<view>请求</view>".as_bytes()),
                ("network/request/img/a.png", png),
                ("network/request/.hidden", b"x"),
                ("network/request/node_modules/x.js", b"x"),
            ],
        );
        build(&dir).unwrap();
        let out = dir.path().join("out");
        let index = read_json(out.join("index.json"));
        assert_eq!(
            index,
            json!({ "sections": [
                { "title": "网络", "entries": [
                    { "id": "request", "title": "wx.request", "description": "d" }
                ]},
                { "title": "Demo", "entries": [{
                    "id": "demo",
                    "title": "wxweb demo",
                    "description": index["sections"][1]["entries"][0]["description"],
                }]},
            ]})
        );
        assert_eq!(
            read_json(out.join("request.json")),
            json!({ "files": {
                "app.json": r#"{"pages":["pages/index/index"]}"#,
                "img/a.png": { "base64": "iVBORw0KGgo=", "type": "image/png" },
                "pages/index/index.wxml": "<view>请求</view>",
            }})
        );
        assert_eq!(
            read_json(out.join("demo.json"))["files"]["pages/index.wxml"],
            "<view>demo</view>"
        );
    }

    #[test]
    fn a_missing_index_leaves_the_demo_alone() {
        let dir = gallery_with(json!({ "sections": [] }), &[]);
        fs::remove_file(dir.path().join("gallery/index.json")).unwrap();
        build(&dir).unwrap();
        let index = read_json(dir.path().join("out/index.json"));
        assert_eq!(index["sections"].as_array().unwrap().len(), 1);
        assert_eq!(index["sections"][0]["entries"][0]["id"], "demo");
    }

    #[test]
    fn refuses_bad_and_repeated_ids() {
        let app: (&str, &[u8]) = ("a/app.json", b"{}");
        for id in ["Request", "a_b", "", "../x", "demo"] {
            let dir = gallery_with(one_entry(id, "a"), &[app]);
            let error = build(&dir).unwrap_err();
            assert!(error.contains(&format!("entry `{id}`")), "{error}");
        }
        let twice = json!({ "sections": [
            { "title": "a", "entries": [{ "id": "x", "title": "", "description": "", "folder": "a" }] },
            { "title": "b", "entries": [{ "id": "x", "title": "", "description": "", "folder": "a" }] },
        ]});
        let error = build(&gallery_with(twice, &[app])).unwrap_err();
        assert!(error.contains("the id `x` is taken"), "{error}");
    }

    #[test]
    fn refuses_folders_outside_the_gallery_or_without_app_json() {
        let files: &[(&str, &[u8])] = &[("a/app.js", b"App({})"), ("b/app.json", b"{}")];
        for folder in ["../b", "/b", "a", "missing", ""] {
            let dir = gallery_with(one_entry("x", folder), files);
            let error = build(&dir).unwrap_err();
            assert!(error.contains("entry `x`"), "{folder}: {error}");
        }
        build(&gallery_with(one_entry("x", "b"), files)).unwrap();
    }

    #[test]
    fn text_files_must_be_utf8() {
        let dir = gallery_with(one_entry("x", "a"), &[("a/app.json", b"{}"), ("a/b.js", b"\xff")]);
        assert!(build(&dir).unwrap_err().contains("not UTF-8"));
    }
}
