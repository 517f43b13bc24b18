//! wx.createMapContext(mapId): an object acting on the `<map id>` of the page that was
//! current when it was made (the `wx-map` custom element of components.js): 1.x's
//! `getCenterLocation({success})`, the centre in GCJ-02 degrees, and `moveToLocation()`,
//! which centres the map on the person's position (`navigator.geolocation`). The element
//! is looked up at each call, so a context outlives re-rendering.

use std::rc::Rc;

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::{Element, HtmlElement};
use wxweb_core::errmsg::Fail;
use wxweb_core::location::gcj02::wgs84_to_gcj02;

use crate::app::runtime::Runtime;
use crate::bridge::params::string;
use crate::bridge::result::wx_result;
use crate::bridge::{answer, method, read, IntoResult, WxObject};
use crate::platform::js::console_warn;

wx_result! {
    /// MapContext.getCenterLocation's success result: GCJ-02 degrees.
    struct CenterLocation {
        longitude: f64,
        latitude: f64,
    }
}

/// How long moveToLocation waits for the person's position, and how old it may be.
const MOVE_TIMEOUT_MS: f64 = 10_000.0;
const MOVE_MAXIMUM_AGE_MS: f64 = 60_000.0;

pub fn install(wx: &WxObject, runtime: &Rc<Runtime>) {
    let app = runtime.clone();
    wx.add_sync("createMapContext", move |id, _| {
        let id = string(id, "mapId")?;
        Ok(context(&app, Rc::new(id)))
    });
}

/// The MapContext of `<map id>` on the current page.
fn context(runtime: &Rc<Runtime>, id: Rc<String>) -> JsValue {
    let page = runtime.top().map(|page| page.root().clone());
    let context = Object::new();
    let (root, map_id) = (page.clone(), id.clone());
    method(&context, "getCenterLocation", move |options| {
        let outcome = find(root.as_ref(), &map_id)
            .ok_or_else(|| Fail::owned(format!("no <map> with id \"{map_id}\" on the page")))
            .and_then(|map| center(&map).ok_or(Fail::new("map not ready")))
            .map(|(latitude, longitude)| CenterLocation { longitude, latitude }.into_result());
        answer("getCenterLocation", options, outcome);
    });
    method(&context, "moveToLocation", move |_| {
        let Some(map) = find(page.as_ref(), &id) else {
            return console_warn(&format!("moveToLocation: no <map> with id \"{id}\" on the page"));
        };
        spawn_local(async move {
            let Ok(fix) = super::locate(MOVE_TIMEOUT_MS, MOVE_MAXIMUM_AGE_MS, 0.0).await else {
                return console_warn("moveToLocation: the position is unavailable");
            };
            let point = wgs84_to_gcj02(fix.point);
            call(&map, "moveTo", &[point.latitude.into(), point.longitude.into()]);
        });
    });
    context.into()
}

/// The `<map id>` under the page's root.
fn find(root: Option<&HtmlElement>, id: &str) -> Option<Element> {
    let all = root?.query_selector_all("wx-map").ok()?;
    (0..all.length())
        .filter_map(|i| all.item(i)?.dyn_into::<Element>().ok())
        .find(|element| element.id() == id)
}

/// The map's centre, [latitude, longitude], from the element's `centerLocation()`.
fn center(map: &Element) -> Option<(f64, f64)> {
    let values = read::elements(&call(map, "centerLocation", &[])).ok().flatten()?;
    let number = |index| values.get(index).as_f64().filter(|v| v.is_finite());
    Some((number(0)?, number(1)?))
}

/// Calls the element's method `name` (components.js), `undefined` when it has none.
fn call(element: &Element, name: &str, arguments: &[JsValue]) -> JsValue {
    let Some(function) =
        Reflect::get(element, &name.into()).ok().and_then(|f| f.dyn_into::<Function>().ok())
    else {
        return JsValue::UNDEFINED;
    };
    let arguments: js_sys::Array = arguments.iter().collect();
    function.apply(element, &arguments).unwrap_or_default()
}
