//! `cargo xtask setup`: checks each tool's version and installs only what is missing or
//! different, so on a ready machine it just runs a few `--version`s. Every other command
//! runs it first.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::cmd::{self, query};
use crate::config::{self, Project};
use crate::Result;

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

pub fn run(project: &Project) -> Result {
    wasm_target()?;
    let bindgen = wasm_bindgen(project)?;
    let wasm_opt = binaryen(project)?;
    browser(project)?;
    playwright(project)?;
    e2e_tools(project)?;
    dev_tools(project)?;
    let esbuild = esbuild(project)?;
    println!(
        "xtask: ready: {WASM_TARGET}, wasm-bindgen {bindgen}, wasm-opt {wasm_opt}, chromium, chromedriver, \
         playwright-core {}, esbuild {esbuild}",
        project.config.test.playwright_core
    );
    Ok(())
}

fn wasm_target() -> Result {
    let installed =
        query(Command::new("rustup").args(["target", "list", "--installed"])).ok_or(format!(
            "cannot run `rustup target list --installed`: wxweb needs rustup to add {WASM_TARGET}"
        ))?;
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        return Ok(());
    }
    cmd::run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
}

/// wasm-bindgen-cli at the exact version of the wasm-bindgen crate (their formats must match).
fn wasm_bindgen(project: &Project) -> Result<String> {
    let lock = config::read(&project.root.join("Cargo.lock"))?;
    let locked = config::locked_version(&lock, "wasm-bindgen")?;
    let version = agreed_bindgen_version(&locked, &project.config.wasm_bindgen.version)?;
    if installed_bindgen().as_deref() == Some(version.as_str()) {
        return Ok(version);
    }
    cmd::run(&mut project.cargo(&["install", "wasm-bindgen-cli", "--version", &version]))?;
    match installed_bindgen() {
        Some(installed) if installed == version => Ok(version),
        installed => Err(format!(
            "installed wasm-bindgen-cli {version}, but `wasm-bindgen --version` says {}: is ~/.cargo/bin \
             on PATH, before any other wasm-bindgen?",
            installed.unwrap_or_else(|| "nothing".into())
        )),
    }
}

fn agreed_bindgen_version(locked: &str, configured: &str) -> Result<String> {
    if locked == configured {
        return Ok(locked.to_owned());
    }
    Err(format!(
        "Cargo.lock has wasm-bindgen {locked} but wasm-pack.toml [wasm-bindgen] says version = \"{configured}\": \
         update wasm-pack.toml to \"{locked}\" (or, to keep {configured}, run \
         `cargo update -p wasm-bindgen --precise {configured}`)"
    ))
}

fn installed_bindgen() -> Option<String> {
    let output = query(Command::new("wasm-bindgen").arg("--version"))?;
    parse_bindgen_version(&output).map(str::to_owned)
}

/// `wasm-bindgen 0.2.130` → `0.2.130`.
fn parse_bindgen_version(output: &str) -> Option<&str> {
    match output.split_whitespace().collect::<Vec<_>>().as_slice() {
        ["wasm-bindgen", version, ..] => Some(version),
        _ => None,
    }
}

/// wasm-opt from the npm package `binaryen`, in `tools/` (never Debian's binaryen).
fn binaryen(project: &Project) -> Result<u32> {
    let opt = &project.config.wasm_opt;
    let tools = project.root.join("tools");
    let installed = tools.join("node_modules").join(&opt.npm_package).join("package.json");
    if json_string(&installed, &["version"]).as_deref() != Some(opt.npm_version.as_str()) {
        let manifest = serde_json::json!({
            "private": true,
            "description": "Tools for `cargo xtask`, generated from wasm-pack.toml (gitignored)",
            "dependencies": { &opt.npm_package: &opt.npm_version },
        });
        fs::create_dir_all(&tools).map_err(|e| format!("{}: {e}", tools.display()))?;
        config::write_json(&tools.join("package.json"), &manifest)?;
        cmd::run(project.command("npm").args([
            "install",
            "--prefix",
            "tools",
            "--no-audit",
            "--no-fund",
        ]))?;
    }
    let wasm_opt = project.wasm_opt();
    let output = query(Command::new(&wasm_opt).arg("--version")).ok_or_else(|| {
        format!(
            "cannot run `{} --version`: remove tools/ and run `cargo xtask setup`",
            wasm_opt.display()
        )
    })?;
    let version = parse_wasm_opt_version(&output).ok_or_else(|| {
        format!("cannot read the version in `wasm-opt --version` output {output:?}")
    })?;
    check_wasm_opt(version, opt.min_version)?;
    Ok(version)
}

/// `wasm-opt version 132 (version_132)` → 132.
fn parse_wasm_opt_version(output: &str) -> Option<u32> {
    let word = output.split_whitespace().skip_while(|word| *word != "version").nth(1)?;
    word.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
}

fn check_wasm_opt(version: u32, min: u32) -> Result {
    if version >= min {
        return Ok(());
    }
    Err(format!(
        "wasm-opt {version} is too old (need ≥ {min}): it corrupts wasm-bindgen output. wxweb uses \
         tools/node_modules/.bin/wasm-opt from the npm package binaryen, never Debian's binaryen: set \
         [wasm-opt] npm-version in wasm-pack.toml to a binaryen ≥ {min} and run `cargo xtask setup`"
    ))
}

/// Debian's Chromium and chromedriver, for wasm-bindgen-test and Playwright.
fn browser(project: &Project) -> Result {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return Ok(());
    }
    let packages = &project.config.test.apt_packages;
    if !is_root() {
        return Err(format!(
            "{CHROMIUM} or {CHROMEDRIVER} is missing: run `sudo apt-get update && sudo apt-get install -y {}`, \
             then `cargo xtask setup`",
            packages.join(" ")
        ));
    }
    cmd::run(Command::new("apt-get").arg("update"))?;
    cmd::run(
        Command::new("apt-get")
            .args(["install", "-y"])
            .args(packages)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )?;
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return Ok(());
    }
    Err(format!(
        "installed {} but {CHROMIUM} or {CHROMEDRIVER} is still missing",
        packages.join(" ")
    ))
}

fn is_root() -> bool {
    query(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0")
}

/// playwright-core in tests/e2e, at the version wasm-pack.toml pins, from the lock file.
fn playwright(project: &Project) -> Result {
    let wanted = &project.config.test.playwright_core;
    let dir = project.e2e_dir();
    let pinned = json_string(&dir.join("package.json"), &["devDependencies", "playwright-core"]);
    if pinned.as_ref() != Some(wanted) {
        return Err(format!(
            "tests/e2e/package.json pins playwright-core {} but wasm-pack.toml [test] says {wanted}: run \
             `npm install --prefix tests/e2e --save-exact --no-audit --no-fund playwright-core@{wanted}` \
             (or change wasm-pack.toml)",
            pinned.unwrap_or_else(|| "(none)".into())
        ));
    }
    let locked = json_string(
        &dir.join("package-lock.json"),
        &["packages", "node_modules/playwright-core", "version"],
    );
    if locked.as_ref() != Some(wanted) {
        return Err(format!(
            "tests/e2e/package-lock.json does not lock playwright-core {wanted}: run \
             `npm install --prefix tests/e2e --no-audit --no-fund` and commit the lock file"
        ));
    }
    let installed =
        json_string(&dir.join("node_modules/playwright-core/package.json"), &["version"]);
    if installed.as_ref() != Some(wanted) {
        cmd::run(project.command("npm").args([
            "ci",
            "--prefix",
            "tests/e2e",
            "--no-audit",
            "--no-fund",
        ]))?;
    }
    Ok(())
}

/// The root package.json's devDependencies: Biome (`cargo xtask tidy`), esbuild, CodeMirror
/// and fflate (the playground, `cargo xtask build`).
fn dev_tools(project: &Project) -> Result {
    pinned_npm_packages(project, "")
}

/// esbuild (the playground's bundler), installed by [`dev_tools`]: its native binary is a
/// package of its own for each platform, so it is run once to see that it is there.
fn esbuild(project: &Project) -> Result<String> {
    let esbuild = project.esbuild();
    let version = query(Command::new(&esbuild).arg("--version")).ok_or_else(|| {
        format!(
            "cannot run `{} --version`: remove node_modules/ and run `cargo xtask setup`",
            esbuild.display()
        )
    })?;
    Ok(version.trim().to_owned())
}

/// tests/e2e's devDependencies: playwright-core, typescript and miniprogram-api-typings
/// (the types test), vite (the Vite app test).
fn e2e_tools(project: &Project) -> Result {
    pinned_npm_packages(project, "tests/e2e")
}

/// The devDependencies of the package.json in `dir` (relative to the root, `""` for the
/// root), each pinned to an exact version: `npm ci` from the lock file when one is missing
/// or different.
fn pinned_npm_packages(project: &Project, dir: &str) -> Result {
    let folder = project.root.join(dir);
    let manifest = folder.join("package.json");
    let text = config::read(&manifest)?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", manifest.display()))?;
    let pinned = value.get("devDependencies").and_then(serde_json::Value::as_object);
    let mut ready = true;
    for (name, version) in pinned.into_iter().flatten() {
        let version = version.as_str().filter(|version| is_exact(version)).ok_or_else(|| {
            format!("{}: pin {name} to an exact version, not {version}", manifest.display())
        })?;
        let installed = folder.join("node_modules").join(name).join("package.json");
        ready &= json_string(&installed, &["version"]).as_deref() == Some(version);
    }
    if ready {
        return Ok(());
    }
    let mut npm = project.command("npm");
    npm.args(["ci", "--no-audit", "--no-fund"]);
    if !dir.is_empty() {
        npm.args(["--prefix", dir]);
    }
    cmd::run(&mut npm)
}

/// `1.65.1` or `7.1.0-dev.1`, not a range (`^5.2.3`, `~8`, `1.x`, `latest`, `*`).
fn is_exact(version: &str) -> bool {
    let (core, label) = version.split_once(['-', '+']).unwrap_or((version, ""));
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
        && label.chars().all(|c| c.is_ascii_alphanumeric() || ".-+".contains(c))
}

/// The string at `keys` in a JSON file; `None` if the file, a key or the string is missing.
fn json_string(path: &Path, keys: &[&str]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(&fs::read_to_string(path).ok()?).ok()?;
    keys.iter().try_fold(&value, |value, key| value.get(key))?.as_str().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_wasm_bindgen_versions() {
        assert_eq!(parse_bindgen_version("wasm-bindgen 0.2.130\n"), Some("0.2.130"));
        assert_eq!(parse_bindgen_version("bash: wasm-bindgen: command not found"), None);
        assert_eq!(parse_bindgen_version(""), None);
    }

    #[test]
    fn wasm_bindgen_versions_must_agree() {
        assert_eq!(agreed_bindgen_version("0.2.130", "0.2.130").unwrap(), "0.2.130");
        let error = agreed_bindgen_version("0.2.131", "0.2.130").unwrap_err();
        assert!(error.contains("update wasm-pack.toml to \"0.2.131\""), "{error}");
        assert!(error.contains("cargo update -p wasm-bindgen --precise 0.2.130"), "{error}");
    }

    #[test]
    fn reads_wasm_opt_versions() {
        assert_eq!(parse_wasm_opt_version("wasm-opt version 132 (version_132)\n"), Some(132));
        assert_eq!(parse_wasm_opt_version("wasm-opt version 108\n"), Some(108));
        assert_eq!(parse_wasm_opt_version("wasm-opt version 116 (version_116-12-gabc)"), Some(116));
        assert_eq!(parse_wasm_opt_version("wasm-opt"), None);
    }

    #[test]
    fn refuses_old_wasm_opt() {
        assert!(check_wasm_opt(132, 116).is_ok());
        assert!(check_wasm_opt(116, 116).is_ok());
        let error = check_wasm_opt(108, 116).unwrap_err();
        assert!(error.starts_with("wasm-opt 108 is too old (need ≥ 116)"), "{error}");
        assert!(error.contains("Debian"), "{error}");
    }

    #[test]
    fn npm_pins_are_exact_versions() {
        for exact in ["1.65.1", "7.0.2", "5.2.3", "7.1.0-dev.20261021.1"] {
            assert!(is_exact(exact), "{exact}");
        }
        for range in ["^5.2.3", "~8.4.0", ">=1", "1.x", "1.2", "1.2.3 || 2", "latest", "*", ""] {
            assert!(!is_exact(range), "{range}");
        }
    }

    #[test]
    fn reads_nested_json_strings() {
        let dir = std::env::temp_dir().join(format!("xtask-json-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("package-lock.json");
        let lock = serde_json::json!({ "packages": { "node_modules/playwright-core": { "version": "1.65.1" } } });
        config::write_json(&path, &lock).unwrap();
        assert_eq!(
            json_string(&path, &["packages", "node_modules/playwright-core", "version"]).as_deref(),
            Some("1.65.1")
        );
        assert_eq!(json_string(&path, &["packages", "node_modules/x", "version"]), None);
        assert_eq!(json_string(&dir.join("missing.json"), &["version"]), None);
        fs::remove_dir_all(dir).unwrap();
    }
}
