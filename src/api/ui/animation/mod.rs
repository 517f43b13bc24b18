//! wx.createAnimation: an Animation instance whose methods record animates, `step()`
//! closes a group and `export()` hands the `{actions}` to a component's `animation`
//! attribute (played by `src/view/components.js` as CSS transitions).
//!
//! The semantics live in `wxweb_core::animation` (pure); this shell decodes the JS arguments and builds
//! the instance object: one shared JS prototype (`animation.js`), one Rust closure per
//! instance, and `JSON.parse` for the export.

use std::cell::RefCell;

use js_sys::{Array, JSON};
use wasm_bindgen::prelude::*;
use wxweb_core::animation::{Animation, Arg, Method, Settings};

use crate::bridge::{object, read, Options, WxObject};

#[wasm_bindgen(module = "/src/api/ui/animation/animation.js")]
extern "C" {
    /// The prototype shared by every instance, its methods named by `names`.
    #[wasm_bindgen(js_name = animationPrototype)]
    fn animation_prototype(names: &Array) -> JsValue;

    /// A new instance of `proto` whose methods call `core(op, a, b, c, d, rest)`.
    #[wasm_bindgen(js_name = newAnimation)]
    fn new_animation(proto: &JsValue, core: &JsValue) -> JsValue;
}

/// `core`'s operation numbers besides the recording methods (see animation.js).
const STEP: i32 = -1;
const EXPORT: i32 = -2;

/// Adds wx.createAnimation to `wx`. Like WeChat it never throws: options of the wrong
/// type fall back to the defaults.
pub fn install(wx: &WxObject) {
    let names: Array = Method::ALL.iter().map(|m| JsValue::from_str(m.name())).collect();
    let proto = animation_prototype(&names);
    wx.add_sync("createAnimation", move |options, _| Ok(create(&proto, options)));
}

/// One instance: its state and the closure its methods call, owned by the instance
/// object (`Closure::into_js_value`, reclaimed with it).
fn create(proto: &JsValue, options: &JsValue) -> JsValue {
    let state = RefCell::new(Animation::new(settings(options)));
    let core = Closure::<dyn Fn(i32, JsValue, JsValue, JsValue, JsValue, JsValue) -> JsValue>::new(
        move |op: i32, a: JsValue, b: JsValue, c: JsValue, d: JsValue, rest: JsValue| {
            // Decode before borrowing: an options getter may call back into this instance.
            match op {
                STEP => {
                    let over = settings(&a);
                    if let Ok(mut animation) = state.try_borrow_mut() {
                        animation.step(&over);
                    }
                    JsValue::UNDEFINED
                }
                EXPORT => export(&state),
                op => {
                    if let Some(method) = usize::try_from(op).ok().and_then(Method::from_index) {
                        let args: Vec<Option<Arg>> = match read::elements(&rest).ok().flatten() {
                            Some(list) => list.iter().map(|v| arg(&v)).collect(),
                            None => [a, b, c, d].iter().map(arg).collect(),
                        };
                        if let Ok(mut animation) = state.try_borrow_mut() {
                            animation.record(method, &args);
                        }
                    }
                    JsValue::UNDEFINED
                }
            }
        },
    );
    new_animation(proto, &core.into_js_value())
}

/// `export()`: the steps as JS objects, through `JSON.parse`.
fn export(state: &RefCell<Animation>) -> JsValue {
    let json = state.try_borrow_mut().map(|mut animation| animation.export());
    json.ok()
        .and_then(|text| JSON::parse(&text).ok())
        .unwrap_or_else(|| object(&[("actions", Array::new().into())]))
}

/// A method argument: a number or a string, anything else counts as missing.
fn arg(value: &JsValue) -> Option<Arg> {
    value.as_f64().map(Arg::Num).or_else(|| value.as_string().map(Arg::Text))
}

/// createAnimation's or step's options: numbers for duration and delay, strings for
/// timingFunction and transformOrigin; a field of another type is ignored.
fn settings(value: &JsValue) -> Settings {
    if !value.is_object() {
        return Settings::default();
    }
    let options = Options::new(value.clone());
    Settings {
        duration: options.get("duration").as_f64(),
        timing_function: options.get("timingFunction").as_string(),
        delay: options.get("delay").as_f64(),
        transform_origin: options.get("transformOrigin").as_string(),
    }
}
