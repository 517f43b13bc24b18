//! wx.hideKeyboard: blurs the focused text field (browser: `document.activeElement`, and
//! a shadow root's, for a field in the device screen),
//! which puts a phone's keyboard away. Succeeds when nothing is focused too.

use wasm_bindgen::JsCast;

use crate::bridge::WxObject;

pub fn install(wx: &WxObject) {
    wx.add_async("hideKeyboard", |()| {
        let mut focused =
            web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
        // A field in the device screen's shadow root: the document sees its host.
        while let Some(inner) =
            focused.as_ref().and_then(|e| e.shadow_root()).and_then(|s| s.active_element())
        {
            focused = Some(inner);
        }
        if let Some(field) = focused.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            if matches!(field.tag_name().as_str(), "INPUT" | "TEXTAREA")
                || field.is_content_editable()
            {
                let _ = field.blur();
            }
        }
        std::future::ready(Ok(wasm_bindgen::JsValue::UNDEFINED))
    });
}
