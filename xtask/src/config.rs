//! The project's layout and settings: the workspace root, the cargo target directory,
//! `wasm-pack.toml`, and the few facts read from `Cargo.toml` and `Cargo.lock`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Deserialize;

use crate::Result;

/// `wasm-pack.toml`: wxweb's build settings.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Config {
    pub wasm_bindgen: WasmBindgen,
    pub wasm_opt: WasmOpt,
    pub test: TestConfig,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct WasmBindgen {
    pub version: String,
    pub target: String,
    pub out_dir: String,
    pub out_name: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct WasmOpt {
    pub npm_package: String,
    pub npm_version: String,
    pub min_version: u32,
    pub level: String,
    pub flags: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct TestConfig {
    pub playwright_core: String,
    pub apt_packages: Vec<String>,
}

/// The workspace and where things live in it.
pub struct Project {
    pub root: PathBuf,
    /// Absolute cargo target directory (`$CARGO_TARGET_DIR` or `target/`).
    pub target_dir: PathBuf,
    /// Whether `$CARGO_TARGET_DIR` chose it: child cargos (run in `root`) then get it
    /// absolute, as the variable may be relative to the caller's directory.
    target_dir_from_env: bool,
    pub config: Config,
}

impl Project {
    pub fn load() -> Result<Project> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .ok_or("xtask/ has no parent directory")?
            .to_path_buf();
        let config_path = root.join("wasm-pack.toml");
        let config = toml::from_str(&read(&config_path)?)
            .map_err(|e| format!("{}: {e}", config_path.display()))?;
        let (target_dir, target_dir_from_env) = match std::env::var_os("CARGO_TARGET_DIR") {
            Some(dir) => (absolute(Path::new(&dir))?, true),
            None => (root.join("target"), false),
        };
        Ok(Project { root, target_dir, target_dir_from_env, config })
    }

    /// `cargo ARGS…` run from the workspace root, with the same cargo that runs the xtask.
    pub fn cargo(&self, args: &[&str]) -> Command {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut command = Command::new(cargo);
        command.args(args).current_dir(&self.root);
        if self.target_dir_from_env {
            command.env("CARGO_TARGET_DIR", &self.target_dir);
        }
        command
    }

    /// A command run from the workspace root (`program` is a name on `$PATH` or absolute).
    pub fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut command = Command::new(program);
        command.current_dir(&self.root);
        command
    }

    /// The wasm-bindgen output directory (`pkg/`).
    pub fn out_dir(&self) -> PathBuf {
        self.root.join(&self.config.wasm_bindgen.out_dir)
    }

    /// The `wxweb` server binary (debug profile).
    pub fn server_bin(&self) -> PathBuf {
        self.target_dir.join("debug").join(format!("wxweb{}", std::env::consts::EXE_SUFFIX))
    }

    /// The project-local wasm-opt from the npm package `binaryen`.
    pub fn wasm_opt(&self) -> PathBuf {
        self.root.join("tools/node_modules/.bin/wasm-opt")
    }

    /// Biome, the JavaScript formatter and linter, from the root package.json.
    pub fn biome(&self) -> PathBuf {
        self.root.join("node_modules/.bin/biome")
    }

    /// `path` relative to the workspace root (where commands run), for readable output.
    pub fn relative<'a>(&self, path: &'a Path) -> &'a Path {
        path.strip_prefix(&self.root).unwrap_or(path)
    }

    /// esbuild, the playground's bundler, from the root package.json.
    pub fn esbuild(&self) -> PathBuf {
        self.root.join("node_modules/.bin/esbuild")
    }

    /// The static site `cargo xtask build` writes (`dist/`, gitignored).
    pub fn dist_dir(&self) -> PathBuf {
        self.root.join("dist")
    }

    /// The e2e test folder (`tests/e2e`), with its own package.json.
    pub fn e2e_dir(&self) -> PathBuf {
        self.root.join("tests/e2e")
    }
}

/// Facts about the root `wxweb` package, for `pkg/package.json`.
#[derive(Debug, PartialEq)]
pub struct PackageMeta {
    pub name: String,
    pub version: String,
    pub description: String,
    pub license: String,
    pub repository: String,
}

impl PackageMeta {
    /// Reads `[package]` of the root Cargo.toml, following `key.workspace = true`
    /// to `[workspace.package]`.
    pub fn from_manifest(text: &str) -> Result<PackageMeta> {
        let manifest: toml::Table = toml::from_str(text).map_err(|e| format!("Cargo.toml: {e}"))?;
        let field = |key: &str| -> Result<String> {
            let value = manifest.get("package").and_then(|p| p.get(key));
            let inherited = value.and_then(|v| v.get("workspace")).and_then(toml::Value::as_bool);
            let value = if inherited == Some(true) {
                manifest.get("workspace").and_then(|w| w.get("package")).and_then(|p| p.get(key))
            } else {
                value
            };
            value
                .and_then(toml::Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| format!("Cargo.toml: [package] has no `{key}`"))
        };
        Ok(PackageMeta {
            name: field("name")?,
            version: field("version")?,
            description: field("description")?,
            license: field("license")?,
            repository: field("repository")?,
        })
    }
}

/// The version of crate `name` in Cargo.lock; an error if it is absent or locked twice.
pub fn locked_version(lock: &str, name: &str) -> Result<String> {
    #[derive(Deserialize)]
    struct Lock {
        package: Vec<Locked>,
    }
    #[derive(Deserialize)]
    struct Locked {
        name: String,
        version: String,
    }
    let lock: Lock = toml::from_str(lock).map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut versions: Vec<String> =
        lock.package.into_iter().filter(|p| p.name == name).map(|p| p.version).collect();
    versions.dedup();
    match versions.as_slice() {
        [version] => Ok(version.clone()),
        [] => Err(format!("Cargo.lock has no `{name}` package")),
        _ => Err(format!(
            "Cargo.lock has several `{name}` versions ({}): keep one",
            versions.join(", ")
        )),
    }
}

/// `dir` as an absolute path without `..`, created if missing (as cargo would).
fn absolute(dir: &Path) -> Result<PathBuf> {
    let error = |e: std::io::Error| format!("CARGO_TARGET_DIR {}: {e}", dir.display());
    fs::create_dir_all(dir).map_err(error)?;
    dir.canonicalize().map_err(error)
}

/// Reads a text file, with the path in the error.
pub fn read(path: &Path) -> Result<String> {
    fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// Writes pretty JSON with a final newline, leaving the file alone if it is unchanged.
pub fn write_json(path: &Path, value: &impl serde::Serialize) -> Result {
    let text = serde_json::to_string_pretty(value).map_err(|e| e.to_string())? + "\n";
    if fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Files in `dir` whose names end with `suffix`, sorted; none if `dir` is missing.
pub fn files_ending_with(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.is_file() && path.to_string_lossy().ends_with(suffix))
        .collect();
    files.sort();
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"
# This file is automatically @generated by Cargo.
version = 4

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = [
 "cfg-if",
]

[[package]]
name = "wasm-bindgen-futures"
version = "0.4.55"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "wxweb"
version = "0.1.0"
"#;

    #[test]
    fn finds_the_locked_version() {
        assert_eq!(locked_version(LOCK, "wasm-bindgen").unwrap(), "0.2.130");
        assert_eq!(locked_version(LOCK, "wasm-bindgen-futures").unwrap(), "0.4.55");
    }

    #[test]
    fn missing_or_duplicated_crates_are_errors() {
        assert!(locked_version(LOCK, "wasm-bindgen-cli")
            .unwrap_err()
            .contains("no `wasm-bindgen-cli`"));
        let twice =
            format!("{LOCK}\n[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.100\"\n");
        assert!(locked_version(&twice, "wasm-bindgen").unwrap_err().contains("0.2.130, 0.2.100"));
    }

    #[test]
    fn reads_the_real_lock_file() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let lock = read(&root.join("Cargo.lock")).unwrap();
        assert!(locked_version(&lock, "wasm-bindgen").unwrap().starts_with("0.2."));
    }

    #[test]
    fn package_meta_follows_workspace_inheritance() {
        let manifest = r#"
[workspace.package]
version = "0.3.0"
license = "MIT"
repository = "https://example.com/x"

[package]
name = "wxweb"
description = "d"
version.workspace = true
license.workspace = true
repository = { workspace = true }
"#;
        let meta = PackageMeta::from_manifest(manifest).unwrap();
        assert_eq!(
            meta,
            PackageMeta {
                name: "wxweb".into(),
                version: "0.3.0".into(),
                description: "d".into(),
                license: "MIT".into(),
                repository: "https://example.com/x".into(),
            }
        );
        assert!(PackageMeta::from_manifest("[package]\nname = \"x\"")
            .unwrap_err()
            .contains("`version`"));
    }

    #[test]
    fn the_real_config_parses() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let config: Config = toml::from_str(&read(&root.join("wasm-pack.toml")).unwrap()).unwrap();
        assert_eq!(config.wasm_bindgen.out_name, "wxweb");
        assert!(config.wasm_opt.min_version >= 116);
    }
}
