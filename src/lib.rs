//! wxweb: the `wx` API of WeChat mini programs, over the browser's own primitives.
//!
//! The host page calls [`install`] once (the simulator does so at start-up) and gets
//! `globalThis.wx`; JS users of the npm package may call [`create_wx`] instead to get
//! a `wx` object without touching globals. See ARCHITECTURE.md for the layout:
//! `bridge` holds the calling contract, `api` the functions, `platform` the browser
//! wrappers they share.

pub mod api;
pub mod app;
pub mod bridge;
pub mod config;
pub mod platform;
mod typescript;
pub mod view;

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;

use api::device::Device;
use api::network::Network;
use api::storage::Storage;
use app::runtime::{LaunchOptions, Runtime};
use bridge::WxObject;
use config::Config;
use platform::files::Files;
use wasm_bindgen::JsCast;

/// Runs when the module is instantiated. A panic is a bug that poisons the instance;
/// with the `panic-hook` feature its message at least reaches the console.
#[wasm_bindgen(start)]
pub fn start() {
    #[cfg(feature = "panic-hook")]
    console_error_panic_hook::set_once();
}

/// `createWx(config) → Promise<wx>`: builds a `wx` object for one mini program once its
/// storage has loaded. `config`: `{appid?, profile?: "seed" | "modern", device?, viewport?,
/// proxy?, networkTimeout?, tileUrl?}` (see [`config::Config`]). The TypeScript
/// declarations of this, [`launch`] and [`install`] are in src/typescript.d.ts.
#[wasm_bindgen(js_name = createWx, skip_typescript)]
pub async fn create_wx(config: JsValue) -> Result<Object, JsValue> {
    let config = Config::from_js(config).map_err(|message| js_sys::Error::new(&message))?;
    Ok(build_wx(config, Files::default(), None).await.finish())
}

/// The wx object with every API family; navigation when a mini program `runtime` runs.
async fn build_wx(
    config: Config,
    files: Files,
    runtime: Option<&std::rc::Rc<Runtime>>,
) -> WxObject {
    let wx = WxObject::new(config.profile);
    let screen = config.viewport.as_ref().and_then(|viewport| viewport.parent_element());
    api::ui::install(&wx, screen.clone(), files.clone(), runtime);
    files.open_saved(&config.appid).await;
    api::files::install(&wx, &files, screen.clone());
    let overlays = screen.clone().or_else(|| web_sys::window()?.document()?.body().map(Into::into));
    let media = api::media::Media::new(files.clone(), screen, runtime.cloned());
    let storage = Storage::open(&config.appid).await;
    api::storage::install(&wx, &storage);
    let device = Device::new(config.device, config.viewport, config.profile);
    api::device::install(&wx, &device);
    api::device::install_hardware(&wx, &device, overlays.clone());
    let overlays_for_open = overlays.clone();
    api::location::install(&wx, overlays, config.tile_url);
    api::media::install(&wx, &media);
    api::network::install(&wx, &Network::new(files, config.proxy, config.timeouts, config.profile));
    let app_name = config.app_name.as_deref().unwrap_or(&config.appid);
    api::open::install(&wx, &config.appid, app_name, overlays_for_open);
    if let Some(runtime) = runtime {
        api::route::install(&wx, runtime.clone());
        api::ui::install_for_pages(&wx, runtime);
        api::media::install_for_pages(&wx, runtime);
        api::location::install_for_pages(&wx, runtime);
    }
    wx
}

/// `launch(config) → Promise<wx>`: runs the mini program in the folder `config.root`
/// (default `app/`), or the one given in memory as `config.files` (`{path: string |
/// Blob}`: the playground's), inside `config.viewport`, with `config.navigationBar` as the device
/// frame's navigation bar, and sets `globalThis.wx`. Resolves once the first page is
/// shown; problems with the folder's files are shown in the viewport, not thrown.
#[wasm_bindgen(skip_typescript)]
pub async fn launch(config: JsValue) -> Result<Object, JsValue> {
    let options = bridge::Options::new(config.clone());
    let parsed = Config::from_js(config).map_err(|message| js_sys::Error::new(&message))?;
    let viewport = parsed
        .viewport
        .clone()
        .and_then(|v| v.dyn_into::<web_sys::HtmlElement>().ok())
        .ok_or_else(|| js_sys::Error::new("launch: config.viewport must be an element"))?;
    let launch = LaunchOptions {
        root: options.get("root").as_string().unwrap_or_else(|| "app/".into()),
        viewport,
        nav_bar: options.get("navigationBar").dyn_into().ok(),
        profile: parsed.profile,
        files: Files::default(),
        manifest: bridge::read::elements(&options.get("manifest")).ok().flatten().map(|paths| {
            paths
                .iter()
                .filter_map(|path| path.as_string())
                .collect::<rustc_hash::FxHashSet<String>>()
        }),
        folder: options.get("folder").as_string(),
        memory: app::sources::InMemory::read(&options.get("files")),
    };
    let launch_files = launch.files.clone();
    let runtime = Runtime::new(launch).ok_or_else(|| js_sys::Error::new("launch: no document"))?;
    RUNNING.with(|running| *running.borrow_mut() = std::rc::Rc::downgrade(&runtime));
    let wx = build_wx(parsed, launch_files, Some(&runtime)).await.finish();
    Reflect::set(&js_sys::global(), &JsValue::from_str("wx"), &wx)?;
    runtime.launch(&wx).await;
    Ok(wx)
}

thread_local! {
    /// The mini program [`launch`] runs, for [`reload_styles`].
    static RUNNING: std::cell::RefCell<std::rc::Weak<Runtime>> = std::cell::RefCell::default();
}

/// `reloadStyles(paths) → Promise<errorDetail[]>`: the .wxss files at `paths` (from the
/// app root) changed on disk; the running mini program fetches them again and replaces
/// every sheet including one in place, without relaunching. Resolves with the compile
/// errors now found in those sheets (also dispatched as `wxweb:error` events).
#[wasm_bindgen(js_name = reloadStyles, skip_typescript)]
pub async fn reload_styles(paths: JsValue) -> js_sys::Array {
    let paths: Vec<String> = bridge::read::elements(&paths)
        .ok()
        .flatten()
        .map(|paths| {
            paths
                .iter()
                .filter_map(|path| path.as_string())
                .map(|path| path.trim_start_matches("./").trim_start_matches('/').to_owned())
                .collect()
        })
        .unwrap_or_default();
    let Some(runtime) = RUNNING.with(|running| running.borrow().upgrade()) else {
        return js_sys::Array::new();
    };
    runtime.reload_styles(&paths).await.iter().map(|problem| problem.to_js()).collect()
}

/// `describeElement(el) → {tag, attributes, dataset, bindings} | null`: an element of
/// the rendered page as WXML tells it (see [`view::describe`]).
#[wasm_bindgen(js_name = describeElement, skip_typescript)]
pub fn describe_element(el: JsValue) -> JsValue {
    view::describe::describe(&el)
}

/// `install(config) → Promise<wx>`: [`create_wx`], then sets `globalThis.wx`.
#[wasm_bindgen(skip_typescript)]
pub async fn install(config: JsValue) -> Result<Object, JsValue> {
    let wx = create_wx(config).await?;
    Reflect::set(&js_sys::global(), &JsValue::from_str("wx"), &wx)?;
    Ok(wx)
}

/// `stackMark() → number`: where the top of the wasm shadow stack is, for tests. It is
/// the same before and after any `wx` call unless a JS exception unwound through Rust
/// frames (which skips their epilogues and corrupts the instance within a few thousand
/// calls); the hostile-input tests compare it around every call.
#[wasm_bindgen(js_name = stackMark)]
pub fn stack_mark() -> usize {
    let local = std::hint::black_box(0u8);
    std::hint::black_box(&local) as *const u8 as usize
}
