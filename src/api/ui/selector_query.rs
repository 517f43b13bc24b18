//! `wx.createSelectorQuery()`: a SelectorQuery (select, selectAll, selectViewport, exec)
//! whose NodesRefs (boundingClientRect, scrollOffset, fields) measure the nodes of the
//! page that is current when it is made, under that page's root element (never the
//! whole document), with getBoundingClientRect and the scrolling ancestor's offsets
//! (selector_query.js). Results come in the next animation frame, as in WeChat; a
//! callback that throws is reported like any callback (console and `App.onError`).
//!
//! Differences from WeChat: `.in(component)`, `context` and `node` (later base
//! libraries) are not there; `>>>` (across custom components) is not a selector here.

use std::rc::Rc;

use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::runtime::Runtime;
use crate::bridge::WxObject;
use crate::platform::js::report_error;
use crate::view::render::DATASET;

#[wasm_bindgen(module = "/src/api/ui/selector_query.js")]
extern "C" {
    /// A SelectorQuery over the nodes under `root` (`selector_query.js`).
    #[wasm_bindgen(js_name = createSelectorQuery)]
    fn create_selector_query(root: &JsValue, dataset_key: &str, report: &Function) -> JsValue;
}

/// Adds createSelectorQuery, on the current page of `runtime`.
pub fn install(wx: &WxObject, runtime: &Rc<Runtime>) {
    // Lives as long as `wx` (the JS garbage collector owns it with the function).
    let report = Closure::<dyn Fn(JsValue)>::new(|error: JsValue| {
        report_error(&error, "wx.createSelectorQuery callback")
    })
    .into_js_value();
    let app = runtime.clone();
    wx.add_sync("createSelectorQuery", move |_, _| {
        let root = app.top().map_or(JsValue::NULL, |page| page.root().clone().into());
        Ok(create_selector_query(&root, DATASET, report.unchecked_ref()))
    });
}
