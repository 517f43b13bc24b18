//! `cargo xtask build`: the wxweb crate → `pkg/` (cargo for wasm32, wasm-bindgen, wasm-opt,
//! an npm `package.json` with an `exports` map, the package's README from `npm/`), then the
//! static site `dist/` (see [`dist`]), then the server, which embeds `pkg/` and
//! `dist/playground/` when it is compiled. Ends by printing the sizes.

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::write::GzEncoder;
use flate2::Compression;
use serde::Serialize;

use crate::cmd;
use crate::config::{self, PackageMeta, Project};
use crate::dist;
use crate::setup::{self, WASM_TARGET};
use crate::Result;

/// Sets up, builds `pkg/` (debug wasm without wasm-opt if `dev`), `dist/`, then the server.
pub fn build(project: &Project, dev: bool) -> Result {
    setup::run(project)?;
    let wasm = compile(project, dev)?;
    bindgen(project, &wasm)?;
    if !dev {
        optimize(project)?;
    }
    write_readme(project)?;
    write_package_json(project)?;
    dist::write(project)?;
    cmd::run(&mut project.cargo(&["build", "-p", "wxweb-server"]))?;
    println!("xtask: {}", size_report(project)?);
    println!("xtask: {}", dist::size_report(project)?);
    Ok(())
}

/// Compiles the crate to wasm; returns the `.wasm` file.
fn compile(project: &Project, dev: bool) -> Result<PathBuf> {
    let profile = if dev { "debug" } else { "release" };
    let mut args = vec!["build", "--target", WASM_TARGET, "-p", "wxweb"];
    if !dev {
        args.insert(1, "--release");
    }
    cmd::run(&mut project.cargo(&args))?;
    Ok(project.target_dir.join(WASM_TARGET).join(profile).join("wxweb.wasm"))
}

/// Generates the JS glue into a fresh `pkg/` (so no stale snippets get shipped).
fn bindgen(project: &Project, wasm: &Path) -> Result {
    let out_dir = project.out_dir();
    if out_dir.exists() {
        fs::remove_dir_all(&out_dir).map_err(|e| format!("removing {}: {e}", out_dir.display()))?;
    }
    let settings = &project.config.wasm_bindgen;
    cmd::run(
        project
            .command("wasm-bindgen")
            .args(["--target", &settings.target])
            .args(["--out-dir", &settings.out_dir])
            .args(["--out-name", &settings.out_name])
            .arg(wasm),
    )
}

fn optimize(project: &Project) -> Result {
    let settings = &project.config.wasm_opt;
    let wasm = output(project, "_bg.wasm");
    cmd::run(
        project
            .command(project.wasm_opt())
            .arg(&settings.level)
            .args(&settings.flags)
            .arg(&wasm)
            .arg("-o")
            .arg(&wasm),
    )
}

/// `pkg/package.json`, in the field order npm users expect.
#[derive(Serialize)]
struct NpmPackage {
    name: String,
    version: String,
    description: String,
    license: String,
    repository: Repository,
    #[serde(rename = "type")]
    kind: &'static str,
    main: String,
    types: String,
    exports: Exports,
    /// The snippets are imported for their side effects (custom elements, styles).
    #[serde(rename = "sideEffects")]
    side_effects: Vec<String>,
    files: Vec<String>,
}

#[derive(Serialize)]
struct Repository {
    #[serde(rename = "type")]
    kind: &'static str,
    url: String,
}

/// The `exports` map: the module with its types, the wasm for bundlers and servers that
/// want its URL, and package.json for tools that read it.
#[derive(Serialize)]
struct Exports {
    #[serde(rename = ".")]
    module: Conditions,
    /// `./<out-name>_bg.wasm`, to itself.
    #[serde(flatten)]
    wasm: BTreeMap<String, String>,
    #[serde(rename = "./package.json")]
    package_json: &'static str,
}

/// The module's conditions, `types` first: resolvers take the first that applies.
#[derive(Serialize)]
struct Conditions {
    types: String,
    import: String,
    default: String,
}

fn write_package_json(project: &Project) -> Result {
    let meta = PackageMeta::from_manifest(&config::read(&project.root.join("Cargo.toml"))?)?;
    let out_name = &project.config.wasm_bindgen.out_name;
    let package = NpmPackage {
        name: meta.name,
        version: meta.version,
        description: meta.description,
        license: meta.license,
        repository: Repository { kind: "git", url: meta.repository },
        kind: "module",
        main: format!("{out_name}.js"),
        types: format!("{out_name}.d.ts"),
        exports: exports(out_name),
        side_effects: vec!["./snippets/*".into()],
        files: package_files(project)?,
    };
    config::write_json(&project.out_dir().join("package.json"), &package)
}

/// `pkg/README.md`: `npm/README.md`, the package's page on the registry.
fn write_readme(project: &Project) -> Result {
    let source = project.root.join("npm/README.md");
    let target = project.out_dir().join("README.md");
    fs::copy(&source, &target)
        .map(drop)
        .map_err(|e| format!("copying {} to {}: {e}", source.display(), target.display()))
}

/// The `exports` map of the package whose files are named after `out_name`.
fn exports(out_name: &str) -> Exports {
    let module = format!("./{out_name}.js");
    let wasm = format!("./{out_name}_bg.wasm");
    Exports {
        module: Conditions {
            types: format!("./{out_name}.d.ts"),
            import: module.clone(),
            default: module,
        },
        wasm: BTreeMap::from([(wasm.clone(), wasm)]),
        package_json: "./package.json",
    }
}

/// Everything wasm-bindgen wrote to `pkg/`, sorted; folders (`snippets/`) end with `/`.
fn package_files(project: &Project) -> Result<Vec<String>> {
    let out_dir = project.out_dir();
    let entries = fs::read_dir(&out_dir).map_err(|e| format!("{}: {e}", out_dir.display()))?;
    let mut files: Vec<String> = entries
        .flatten()
        .filter(|entry| entry.file_name() != "package.json")
        .map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.path().is_dir() {
                name + "/"
            } else {
                name
            }
        })
        .collect();
    files.sort();
    Ok(files)
}

/// A file in `pkg/`: `wxweb` + `suffix`.
fn output(project: &Project, suffix: &str) -> PathBuf {
    project.out_dir().join(format!("{}{suffix}", project.config.wasm_bindgen.out_name))
}

/// `size: wasm … raw / … gzip; glue …; total …` for the built `pkg/`.
pub fn size_report(project: &Project) -> Result<String> {
    let read = |path: PathBuf| fs::read(&path).map_err(|e| format!("{}: {e}", path.display()));
    let wasm = Size::of(&read(output(project, "_bg.wasm"))?);
    let glue = Size::of(&read(output(project, ".js"))?);
    let total = Size { raw: wasm.raw + glue.raw, gzip: wasm.gzip + glue.gzip };
    Ok(format!("size: wasm {wasm}; glue {glue}; total {total}"))
}

/// Raw and gzip -9 byte counts; shown in KB of 1024 bytes.
#[derive(Debug, PartialEq)]
pub struct Size {
    pub raw: usize,
    pub gzip: usize,
}

impl Size {
    pub fn of(bytes: &[u8]) -> Size {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
        encoder.write_all(bytes).expect("gzip into memory cannot fail");
        let gzip = encoder.finish().expect("gzip into memory cannot fail").len();
        Size { raw: bytes.len(), gzip }
    }
}

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let kb = |bytes: usize| bytes as f64 / 1024.0;
        write!(f, "{:.1} KB raw / {:.1} KB gzip", kb(self.raw), kb(self.gzip))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_show_raw_and_gzip_in_kb() {
        assert_eq!(Size { raw: 62_669, gzip: 24_576 }.to_string(), "61.2 KB raw / 24.0 KB gzip");
    }

    #[test]
    fn exports_the_module_with_types_first_the_wasm_and_package_json() {
        assert_eq!(
            serde_json::to_string(&exports("wxweb")).unwrap(),
            r#"{".":{"types":"./wxweb.d.ts","import":"./wxweb.js","default":"./wxweb.js"},"#
                .to_owned()
                + r#""./wxweb_bg.wasm":"./wxweb_bg.wasm","./package.json":"./package.json"}"#
        );
    }

    #[test]
    fn gzip_shrinks_repetitive_bytes() {
        let size = Size::of(&[b'a'; 10_000]);
        assert_eq!(size.raw, 10_000);
        assert!(size.gzip < 100, "{size:?}");
    }
}
