//! Feedback (交互反馈): showToast, hideToast, showLoading, hideLoading, showModal,
//! showActionSheet, over the device screen (overlay.js draws them), with WeChat's
//! defaults and limits. A toast and a loading share one slot, as in WeChat: showing
//! one replaces the other, and hideToast and hideLoading hide either, unless given
//! `noConflict: true` (the later base library's way to hide only their own kind).

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::Element;
use wxweb_core::errmsg::{Fail, ParamError};

use crate::bridge::params::{array, mismatch};
use crate::bridge::result::wx_result;
use crate::bridge::{object, FromOptions, IntoResult, Options, WxObject};

#[wasm_bindgen(module = "/src/api/ui/overlay.js")]
extern "C" {
    #[wasm_bindgen(js_name = showToast)]
    fn show_toast(container: &Element, title: &str, icon: &str, mask: bool, duration: f64);
    #[wasm_bindgen(js_name = showLoading)]
    fn show_loading(container: &Element, title: &str, mask: bool);
    #[wasm_bindgen(js_name = hideToast)]
    fn hide_toast(only: &str);
    #[wasm_bindgen(js_name = showModal)]
    fn show_modal(container: &Element, options: &JsValue) -> Promise;
    #[wasm_bindgen(js_name = showActionSheet)]
    fn show_action_sheet(container: &Element, items: &Array, color: &str) -> Promise;
}

wx_result! {
    /// The success result of showModal: which button was tapped.
    struct ModalResult {
        confirm: bool,
        cancel: bool,
    }
}

wx_result! {
    /// The success result of showActionSheet: the tapped item, from 0.
    struct SheetResult {
        tap_index as "tapIndex": f64,
    }
}

/// showToast's longest duration, in ms.
const MAX_TOAST_MS: f64 = 10_000.0;
/// The most characters a modal's button text may have.
const MAX_BUTTON_CHARS: usize = 4;
/// The most items an action sheet may have.
const MAX_SHEET_ITEMS: u32 = 6;

struct Toast {
    title: String,
    icon: String,
    duration: f64,
    mask: bool,
}

impl FromOptions for Toast {
    fn from_options(options: &Options) -> Result<Self, ParamError> {
        Ok(Toast {
            title: options.string("title")?,
            icon: options.optional_string("icon")?.unwrap_or_else(|| "success".into()),
            duration: options
                .optional_number("duration")?
                .unwrap_or(1500.0)
                .clamp(0.0, MAX_TOAST_MS),
            mask: options.get("mask").is_truthy(),
        })
    }
}

/// The options of showLoading: a required title, no duration.
struct Loading {
    title: String,
    mask: bool,
}

impl FromOptions for Loading {
    fn from_options(options: &Options) -> Result<Self, ParamError> {
        Ok(Loading { title: options.string("title")?, mask: options.get("mask").is_truthy() })
    }
}

/// The options of hideToast and hideLoading: `noConflict` hides only their own kind.
struct Hide {
    no_conflict: bool,
}

impl FromOptions for Hide {
    fn from_options(options: &Options) -> Result<Self, ParamError> {
        Ok(Hide { no_conflict: options.get("noConflict").is_truthy() })
    }
}

struct Modal {
    title: String,
    content: String,
    show_cancel: bool,
    cancel_text: String,
    cancel_color: String,
    confirm_text: String,
    confirm_color: String,
}

impl FromOptions for Modal {
    fn from_options(options: &Options) -> Result<Self, ParamError> {
        let text = |field: &'static str, default: &str| {
            Ok::<_, ParamError>(options.optional_string(field)?.unwrap_or_else(|| default.into()))
        };
        let show_cancel = options.get("showCancel");
        Ok(Modal {
            title: text("title", "")?,
            content: text("content", "")?,
            show_cancel: show_cancel.as_bool().unwrap_or(true),
            cancel_text: text("cancelText", "取消")?,
            cancel_color: text("cancelColor", "#000000")?,
            confirm_text: text("confirmText", "确定")?,
            confirm_color: text("confirmColor", "#3CC51F")?,
        })
    }
}

struct Sheet {
    items: Array,
    color: String,
}

impl FromOptions for Sheet {
    fn from_options(options: &Options) -> Result<Self, ParamError> {
        let items = array(&options.get("itemList"), "itemList")?;
        for (index, item) in items.iter().enumerate() {
            if item.as_string().is_none() {
                return Err(mismatch(&item, format!("itemList[{index}]"), "String"));
            }
        }
        Ok(Sheet {
            items,
            color: options.optional_string("itemColor")?.unwrap_or_else(|| "#000000".into()),
        })
    }
}

/// Adds the feedback APIs; overlays go into `container` (the device screen).
pub fn install(wx: &WxObject, container: Element) {
    let screen = container.clone();
    wx.add_async("showToast", move |toast: Toast| {
        show_toast(&screen, &toast.title, &toast.icon, toast.mask, toast.duration);
        std::future::ready(Ok(JsValue::UNDEFINED))
    });
    wx.add_async("hideToast", |hide: Hide| {
        hide_toast(if hide.no_conflict { "toast" } else { "" });
        std::future::ready(Ok(JsValue::UNDEFINED))
    });
    let screen = container.clone();
    wx.add_async("showLoading", move |loading: Loading| {
        show_loading(&screen, &loading.title, loading.mask);
        std::future::ready(Ok(JsValue::UNDEFINED))
    });
    wx.add_async("hideLoading", |hide: Hide| {
        hide_toast(if hide.no_conflict { "loading" } else { "" });
        std::future::ready(Ok(JsValue::UNDEFINED))
    });
    let screen = container.clone();
    wx.add_async("showModal", move |modal: Modal| {
        let shown = check_modal(&modal).map(|()| show_modal(&screen, &modal_options(&modal)));
        async move {
            let confirm =
                JsFuture::from(shown?).await.ok().and_then(|c| c.as_bool()).unwrap_or(false);
            Ok(ModalResult { confirm, cancel: !confirm }.into_result())
        }
    });
    let screen = container;
    wx.add_async("showActionSheet", move |sheet: Sheet| {
        let shown = if sheet.items.length() > MAX_SHEET_ITEMS {
            Err(Fail::new("parameter error: itemList should not be large than 6"))
        } else {
            Ok(show_action_sheet(&screen, &sheet.items, &sheet.color))
        };
        async move {
            let index = JsFuture::from(shown?).await.ok().and_then(|i| i.as_f64()).unwrap_or(-1.0);
            if index < 0.0 {
                return Err(Fail::cancel());
            }
            Ok(SheetResult { tap_index: index }.into_result())
        }
    });
}

/// WeChat refuses button texts longer than four characters.
fn check_modal(modal: &Modal) -> Result<(), Fail> {
    if modal.confirm_text.chars().count() > MAX_BUTTON_CHARS {
        return Err(Fail::new("confirmText length should not larger than 4 Chinese characters"));
    }
    if modal.show_cancel && modal.cancel_text.chars().count() > MAX_BUTTON_CHARS {
        return Err(Fail::new("cancelText length should not larger than 4 Chinese characters"));
    }
    Ok(())
}

fn modal_options(modal: &Modal) -> JsValue {
    object(&[
        ("title", modal.title.as_str().into()),
        ("content", modal.content.as_str().into()),
        ("showCancel", modal.show_cancel.into()),
        ("cancelText", modal.cancel_text.as_str().into()),
        ("cancelColor", modal.cancel_color.as_str().into()),
        ("confirmText", modal.confirm_text.as_str().into()),
        ("confirmColor", modal.confirm_color.as_str().into()),
    ])
}
