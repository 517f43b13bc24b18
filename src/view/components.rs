//! The built-in components (`<wx-view>`, `<wx-button>`, `<wx-input>`, …): custom elements
//! defined in `components.js`, styled by `components.css`. The renderer sets their
//! attributes as properties; they report WeChat's events as `wx:<type>` DOM events.
//! Here: registering them, and where their `src` and `poster` files come from.

use wasm_bindgen::prelude::*;
use web_sys::Element;
use wxweb_core::app::source_path;

use crate::platform::files::{Files, TEMP_PREFIX};
use crate::platform::folder::Folder;

/// The components' default look, added to the document once.
pub const CSS: &str = include_str!("components.css");

#[wasm_bindgen(module = "/src/view/components.js")]
extern "C" {
    #[wasm_bindgen(js_name = defineComponents)]
    fn define_components(hooks: &JsValue);
    #[wasm_bindgen(js_name = setHook)]
    fn set_hook(name: &str, value: &JsValue);
}

#[wasm_bindgen(module = "/src/api/ui/overlay.js")]
extern "C" {
    /// The look of wx.showModal & co., for `<modal>`, `<toast>`, `<loading>`, `<action-sheet>`.
    #[wasm_bindgen(js_name = overlayKit)]
    fn overlay_kit() -> JsValue;
}

/// Gives `<map>` what it draws with: map.js's drawing and map.rs's tile math
/// (`api::location`, which knows the tile template, installs it).
pub fn set_map_kit(kit: &JsValue) {
    set_hook("map", kit);
}

/// Defines the components (once per document). A component's `src` resolves as in
/// WeChat: `wxfile://` paths to their files, `/x.png` from the app's `folder`, other
/// relative paths from the page's own folder, and URLs as they are.
pub fn define(files: Files, folder: Folder) {
    let resolve =
        Closure::<dyn Fn(String, JsValue) -> String>::new(move |src: String, element: JsValue| {
            resolve_src(&files, Some(&folder), &src, element.dyn_ref::<Element>()).unwrap_or(src)
        });
    let hooks = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&hooks, &"resolveUrl".into(), &resolve.into_js_value());
    define_components(&hooks);
    set_hook("overlay", &overlay_kit());
}

/// The URL of a file that `element` (an `<image>`, a `<canvas>` drawing it…) names as
/// `src`: `wxfile://` paths from the temporary files, `/x.png` from the app's `folder`,
/// other relative paths from the page's folder. `None` for a `wxfile://` path that does
/// not exist, or a relative one without a folder to resolve it in.
pub fn resolve_src(
    files: &Files,
    folder: Option<&Folder>,
    src: &str,
    element: Option<&Element>,
) -> Option<String> {
    if src.starts_with(TEMP_PREFIX) || src.starts_with("wxfile://") {
        return files.object_url(src);
    }
    if src.contains("://")
        || src.starts_with("data:")
        || src.starts_with("blob:")
        || src.starts_with("//")
    {
        return Some(src.to_owned());
    }
    let page = element
        .and_then(|e| e.closest("wx-page").ok().flatten())
        .and_then(|page| page.get_attribute("data-route"))
        .unwrap_or_default();
    Some(folder?.url(&source_path::join(&format!("{page}.wxml"), src)?))
}
