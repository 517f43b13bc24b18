//! `wx.drawCanvas({canvasId, actions, reserve})`: replays checked actions onto the
//! `<canvas>` of the current page (looked for under the page's root element) with
//! CanvasRenderingContext2D, in CSS pixels scaled by devicePixelRatio. Browser
//! primitives: `querySelectorAll`, the `canvasId` and
//! `canvas` properties of `<wx-canvas>`, HtmlImageElement.decode, setTimeout.
//!
//! Differences from WeChat: style calls act on the canvas state at once, so `restore`
//! also restores styles (WeChat's view kept styles aside and `restore` left them);
//! each call starts with only the devicePixelRatio transform, and saves left open are
//! closed at its end; `arc` takes an absolute end angle (one early view added the start
//! angle to it); images are loaded before anything is drawn, so they keep their place
//! in the drawing order, and an image that does not load fails the call.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    CanvasRenderingContext2d as Context2d, Element, HtmlCanvasElement, HtmlImageElement,
};
use wxweb_core::canvas::commands::Commands;
use wxweb_core::canvas::compile::compile;
use wxweb_core::canvas::tape::Tape;
use wxweb_core::errmsg::{Fail, ParamError};
use wxweb_core::value::number_to_string;

use crate::bridge::params::mismatch;
use crate::bridge::read;
use crate::bridge::{FromOptions, Options, Outcome};

#[wasm_bindgen(module = "/src/api/ui/canvas/tape.js")]
extern "C" {
    /// The tokens of a flattened value.
    type Flat;
    /// Flattens the actions array (`tape.js`); throws for what JSON.stringify refuses.
    #[wasm_bindgen(catch)]
    fn flatten(value: &JsValue) -> Result<Flat, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn kinds(this: &Flat) -> Vec<u8>;
    #[wasm_bindgen(method, getter)]
    fn values(this: &Flat) -> Vec<f64>;
    #[wasm_bindgen(method, getter)]
    fn strings(this: &Flat) -> Array;
}

#[wasm_bindgen(module = "/src/api/ui/canvas/player.js")]
extern "C" {
    /// Replays encoded commands onto a context (`player.js`).
    #[wasm_bindgen(catch)]
    fn play(
        context: &Context2d,
        commands: &[f64],
        strings: &Array,
        images: &Array,
    ) -> Result<(), JsValue>;
}

/// How long drawCanvas waits for its canvas to appear, and how often it looks.
const WAIT_MS: f64 = 5000.0;
const POLL_MS: i32 = 16;

/// Turns an image `src` (and the `<wx-canvas>` drawn on, for page-relative paths) into
/// a loadable URL; `None` when the file does not exist.
pub type Resolve = Rc<dyn Fn(&str, &Element) -> Option<String>>;

/// The root element of the current page (`<wx-page>`), where canvases are looked for;
/// `None` while no page is shown. Without it (a `wx` without a running app) the
/// document's canvases are used.
pub type PageRoot = Rc<dyn Fn() -> Option<Element>>;

/// The decoded options of drawCanvas.
pub struct DrawOptions {
    canvas_id: String,
    actions: JsValue,
    reserve: bool,
}

impl FromOptions for DrawOptions {
    fn from_options(options: &Options) -> Result<Self, ParamError> {
        let id = options.get("canvasId");
        let canvas_id = id_text(&id).ok_or_else(|| mismatch(&id, "canvasId", "String"))?;
        let actions = options.get("actions");
        // The tape reader walks the actions themselves, catching what they throw.
        if !read::is_array(&actions).map_err(|thrown| ParamError::threw("actions", thrown))? {
            return Err(mismatch(&actions, "actions", "Array"));
        }
        let reserve = options.get("reserve").as_bool().unwrap_or(false);
        Ok(DrawOptions { canvas_id, actions, reserve })
    }
}

/// A canvas id as a string: `3001` and `"3001"` name the same canvas.
pub(super) fn id_text(value: &JsValue) -> Option<String> {
    value.as_string().or_else(|| value.as_f64().map(number_to_string))
}

/// The body of drawCanvas. The actions are read and checked at call time; the drawing
/// then waits for earlier drawCanvas calls on the same canvas, so drawings land in call
/// order even when an earlier one loads images. With nothing to wait for, the first poll
/// (at call time) draws at once.
pub async fn draw(
    options: DrawOptions,
    resolve: Option<Resolve>,
    page: Option<PageRoot>,
) -> Outcome {
    let (tape, commands, strings) = prepare(&options.actions)?;
    let mut turn = Turn::take(&options.canvas_id);
    if let Some(before) = turn.before.take() {
        let _ = JsFuture::from(before).await;
    }
    let element = wait_for(&options.canvas_id, page.as_ref()).await?;
    let sources =
        commands.images.iter().map(|index| tape.strings.get(*index).map_or("", String::as_str));
    let images = load_images(sources, &element, resolve.as_ref()).await?;
    let canvas = canvas_of(&element).ok_or(Fail::new("canvas is not available"))?;
    let context = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<Context2d>().ok())
        .ok_or(Fail::new("canvas 2d context is not available"))?;
    let ratio = fit(&element, &canvas);
    begin(&context, &canvas, ratio, options.reserve);
    play(&context, &commands.codes, &strings, &images)
        .map_err(|_| Fail::new("actions cannot be drawn"))?;
    Ok(JsValue::UNDEFINED)
}

/// Flattens, checks and encodes the actions: the tape (for the image sources), the
/// commands, and the strings they point at.
fn prepare(actions: &JsValue) -> Result<(Tape, Commands, Array), Fail> {
    let flat = flatten(actions).map_err(|_| Fail::new("actions cannot be serialized"))?;
    let strings = flat.strings();
    let tape = Tape {
        kinds: flat.kinds(),
        values: flat.values(),
        strings: strings.iter().map(|s| s.as_string().unwrap_or_default()).collect(),
    };
    let commands = compile(&tape).map_err(|error| Fail::owned(error.to_string()))?;
    for added in &commands.strings {
        strings.push(&JsValue::from_str(added));
    }
    Ok((tape, commands, strings))
}

/// The canvas `id` of the current page, looked for until it appears or WAIT_MS pass.
async fn wait_for(id: &str, page: Option<&PageRoot>) -> Result<Element, Fail> {
    let start = js_sys::Date::now();
    loop {
        if let Some(element) = find(id, page) {
            return Ok(element);
        }
        if js_sys::Date::now() - start > WAIT_MS {
            return Err(Fail::owned(format!("canvas \"{id}\" not found")));
        }
        let _ = sleep(POLL_MS).await;
    }
}

thread_local! {
    /// For each canvas id, the turn of its latest drawCanvas call still running (a few
    /// entries at most: one per canvas being drawn).
    static LAST_TURN: RefCell<Vec<(String, Promise)>> = RefCell::default();
}

/// One drawCanvas call's place in its canvas's queue: `before` settles when the previous
/// call ends; dropping the turn (however the call ends) lets the next one go.
pub(super) struct Turn {
    id: String,
    done: Promise,
    finish: Option<Function>,
    pub(super) before: Option<Promise>,
}

impl Turn {
    pub(super) fn take(id: &str) -> Turn {
        let mut finish = None;
        let done = Promise::new(&mut |resolve, _| finish = Some(resolve));
        let before = LAST_TURN.with(|last| {
            let mut last = last.borrow_mut();
            match last.iter_mut().find(|(canvas, _)| canvas == id) {
                Some((_, latest)) => Some(std::mem::replace(latest, done.clone())),
                None => {
                    last.push((id.to_owned(), done.clone()));
                    None
                }
            }
        });
        Turn { id: id.to_owned(), done, finish, before }
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        if let Some(finish) = &self.finish {
            let _ = finish.call0(&JsValue::UNDEFINED);
        }
        LAST_TURN.with(|last| {
            last.borrow_mut()
                .retain(|(canvas, latest)| *canvas != self.id || !Object::is(latest, &self.done))
        });
    }
}

/// The `<wx-canvas>` of the current page whose `canvasId` is `id`: under `page`'s root
/// when given, else in the device screen (the `<wx-page>` without `hidden`, or anywhere
/// when there are no pages).
pub(super) fn find(id: &str, page: Option<&PageRoot>) -> Option<Element> {
    let list = match page {
        Some(page) => page()?.query_selector_all("wx-canvas").ok()?,
        None => {
            let screen = crate::platform::screen::query_all;
            let pages = screen("wx-page").is_some_and(|list| list.length() > 0);
            screen(if pages { "wx-page:not([hidden]) wx-canvas" } else { "wx-canvas" })?
        }
    };
    let key = JsValue::from_str("canvasId");
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<Element>().ok()).find(|element| {
        Reflect::get(element, &key).ok().and_then(|v| id_text(&v)).as_deref() == Some(id)
    })
}

/// The `<canvas>` inside a `<wx-canvas>`.
pub(super) fn canvas_of(element: &Element) -> Option<HtmlCanvasElement> {
    Reflect::get(element, &JsValue::from_str("canvas")).ok()?.dyn_into().ok()
}

/// Keeps the canvas at its CSS size × devicePixelRatio (as `<wx-canvas>` does on
/// resize) and returns the ratio.
fn fit(element: &Element, canvas: &HtmlCanvasElement) -> f64 {
    let ratio = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
    let (width, height) = (f64::from(element.client_width()), f64::from(element.client_height()));
    if width > 0.0 && height > 0.0 {
        let (w, h) = ((width * ratio).round() as u32, (height * ratio).round() as u32);
        if canvas.width() != w {
            canvas.set_width(w);
        }
        if canvas.height() != h {
            canvas.set_height(h);
        }
    }
    ratio
}

/// Starts a drawing: cleared with default styles unless `reserve`, and the
/// devicePixelRatio transform.
fn begin(context: &Context2d, canvas: &HtmlCanvasElement, ratio: f64, reserve: bool) {
    if !reserve {
        let _ = context.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
        context.clear_rect(0.0, 0.0, canvas.width().into(), canvas.height().into());
        context.set_fill_style_str("#000000");
        context.set_stroke_style_str("#000000");
        context.set_shadow_color("rgba(0,0,0,0)");
        context.set_shadow_blur(0.0);
        context.set_shadow_offset_x(0.0);
        context.set_shadow_offset_y(0.0);
        context.set_global_alpha(1.0);
        context.set_line_width(1.0);
        context.set_line_cap("butt");
        context.set_line_join("miter");
        context.set_miter_limit(10.0);
        context.set_font("10px sans-serif");
    }
    let _ = context.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0);
    context.begin_path();
}

/// Loads the images of the drawing (in parallel) before drawing.
async fn load_images<'s>(
    sources: impl Iterator<Item = &'s str>,
    element: &Element,
    resolve: Option<&Resolve>,
) -> Result<Array, Fail> {
    let images = Array::new();
    let mut pending = Vec::new();
    for src in sources {
        let url = match resolve {
            Some(resolve) => resolve(src, element),
            None if src.starts_with("wxfile://") => None,
            None => Some(src.to_string()),
        };
        let url = url.ok_or_else(|| Fail::owned(format!("image \"{src}\" not found")))?;
        let image = HtmlImageElement::new().map_err(|_| Fail::new("cannot make an image"))?;
        image.set_src(&url);
        pending.push((JsFuture::from(image.decode()), src));
        images.push(&image);
    }
    for (future, src) in pending {
        future.await.map_err(|_| Fail::owned(format!("image \"{src}\" could not be loaded")))?;
    }
    Ok(images)
}

fn sleep(ms: i32) -> JsFuture {
    let promise = Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    JsFuture::from(promise)
}
