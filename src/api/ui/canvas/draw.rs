//! `wx.drawCanvas({canvasId, actions, reserve})`: replays checked actions onto the
//! `<canvas>` of the current page with CanvasRenderingContext2D, in CSS pixels scaled
//! by devicePixelRatio. Browser primitives: `querySelectorAll`, the `canvasId` and
//! `canvas` properties of `<wx-canvas>`, HtmlImageElement.decode, setTimeout.
//!
//! Differences from WeChat: style calls act on the canvas state at once, so `restore`
//! also restores styles (WeChat's view kept styles aside and `restore` left them);
//! each call starts with only the devicePixelRatio transform, and saves left open are
//! closed at its end; `arc` takes an absolute end angle (one early view added the start
//! angle to it); images are loaded before anything is drawn, so they keep their place
//! in the drawing order, and an image that does not load fails the call.

use std::rc::Rc;

use js_sys::{Promise, Reflect, JSON};
use rustc_hash::FxHashMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{CanvasRenderingContext2d as Context2d, Element, HtmlCanvasElement, HtmlImageElement};

use super::color::Rgba;
use super::program::{self, Gradient, Op, Paint, Program, Segment, Shape};
use crate::view::value::number_to_string;
use crate::bridge::params::{is_array, mismatch};
use crate::bridge::{Fail, FromOptions, Options, Outcome, ParamError};

#[wasm_bindgen]
extern "C" {
    /// A CanvasRenderingContext2D seen through its style setters, which take a JS
    /// value (a kept colour string or a gradient) without converting a Rust string.
    type Styles;
    #[wasm_bindgen(method, setter = fillStyle)]
    fn set_fill(this: &Styles, value: &JsValue);
    #[wasm_bindgen(method, setter = strokeStyle)]
    fn set_stroke(this: &Styles, value: &JsValue);
    #[wasm_bindgen(method, setter = shadowColor)]
    fn set_shadow_color(this: &Styles, value: &JsValue);
}

/// How long drawCanvas waits for its canvas to appear, and how often it looks.
const WAIT_MS: f64 = 5000.0;
const POLL_MS: i32 = 16;

/// Turns an image `src` (and the `<wx-canvas>` drawn on, for page-relative paths) into
/// a loadable URL; `None` when the file does not exist.
pub type Resolve = Rc<dyn Fn(&str, &Element) -> Option<String>>;

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
        if !is_array(&actions) {
            return Err(mismatch(&actions, "actions", "Array"));
        }
        let reserve = options.get("reserve").as_bool().unwrap_or(false);
        Ok(DrawOptions { canvas_id, actions, reserve })
    }
}

/// A canvas id as a string: `3001` and `"3001"` name the same canvas.
fn id_text(value: &JsValue) -> Option<String> {
    value.as_string().or_else(|| value.as_f64().map(number_to_string))
}

/// The body of drawCanvas. Its first poll (at call time) draws at once when the canvas
/// is there and no image must load.
pub async fn draw(options: DrawOptions, resolve: Option<Resolve>) -> Outcome {
    let json = JSON::stringify(&options.actions).map_err(|_| Fail::new("actions cannot be serialized"))?;
    let json = String::from(json);
    let program = program::parse(&json).map_err(|error| Fail::owned(error.to_string()))?;
    let start = js_sys::Date::now();
    let element = loop {
        if let Some(element) = find(&options.canvas_id) {
            break element;
        }
        if js_sys::Date::now() - start > WAIT_MS {
            return Err(Fail::owned(format!("canvas \"{}\" not found", options.canvas_id)));
        }
        let _ = sleep(POLL_MS).await;
    };
    let images = load_images(&program, &element, resolve.as_ref()).await?;
    let canvas = Reflect::get(&element, &JsValue::from_str("canvas"))
        .ok()
        .and_then(|c| c.dyn_into::<HtmlCanvasElement>().ok())
        .ok_or(Fail::new("canvas is not available"))?;
    let context = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<Context2d>().ok())
        .ok_or(Fail::new("canvas 2d context is not available"))?;
    let ratio = fit(&element, &canvas);
    begin(&context, &canvas, ratio, options.reserve);
    Replay { context: &context, program: &program, images: &images }.run();
    Ok(JsValue::UNDEFINED)
}

/// The `<wx-canvas>` of the current page (the `<wx-page>` without `hidden`; the whole
/// document when there are no pages) whose `canvasId` is `id`.
fn find(id: &str) -> Option<Element> {
    let document = web_sys::window()?.document()?;
    let scope = if document.query_selector("wx-page").ok()?.is_some() { "wx-page:not([hidden]) wx-canvas" } else { "wx-canvas" };
    let list = document.query_selector_all(scope).ok()?;
    let key = JsValue::from_str("canvasId");
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .find(|element| Reflect::get(element, &key).ok().and_then(|v| id_text(&v)).as_deref() == Some(id))
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

/// Loads every image of the program (in parallel) before drawing.
async fn load_images(program: &Program<'_>, element: &Element, resolve: Option<&Resolve>) -> Result<Vec<HtmlImageElement>, Fail> {
    let mut images = Vec::with_capacity(program.images.len());
    let mut pending = Vec::with_capacity(program.images.len());
    for src in &program.images {
        let url = match resolve {
            Some(resolve) => resolve(src, element),
            None if src.starts_with("wxfile://") => None,
            None => Some(src.to_string()),
        };
        let url = url.ok_or_else(|| Fail::owned(format!("image \"{src}\" not found")))?;
        let image = HtmlImageElement::new().map_err(|_| Fail::new("cannot make an image"))?;
        image.set_src(&url);
        pending.push(JsFuture::from(image.decode()));
        images.push(image);
    }
    for (future, src) in pending.into_iter().zip(&program.images) {
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

/// One replay of a program onto a context.
struct Replay<'p, 'a> {
    context: &'p Context2d,
    program: &'p Program<'a>,
    images: &'p [HtmlImageElement],
}

impl Replay<'_, '_> {
    fn run(&self) {
        let c = self.context;
        let styles: &Styles = c.unchecked_ref();
        let mut colors = ColorCache::default();
        let mut depth = 0usize;
        for op in &self.program.ops {
            match op {
                Op::Save => {
                    depth += 1;
                    c.save();
                }
                Op::Restore => {
                    depth = depth.saturating_sub(1);
                    c.restore();
                }
                Op::Translate(x, y) => {
                    let _ = c.translate(*x, *y);
                }
                Op::Scale(x, y) => {
                    let _ = c.scale(*x, *y);
                }
                Op::Rotate(angle) => {
                    let _ = c.rotate(*angle);
                }
                Op::ClearRect([x, y, w, h]) => c.clear_rect(*x, *y, *w, *h),
                Op::FillRect([x, y, w, h]) => c.fill_rect(*x, *y, *w, *h),
                Op::StrokeRect([x, y, w, h]) => c.stroke_rect(*x, *y, *w, *h),
                Op::FillPath(start, end) => {
                    self.path(*start, *end);
                    c.fill();
                }
                Op::StrokePath(start, end) => {
                    self.path(*start, *end);
                    c.stroke();
                }
                Op::BeginPath => c.begin_path(),
                Op::Segment(segment) => self.segment(segment),
                Op::Fill => c.fill(),
                Op::Stroke => c.stroke(),
                Op::FillText(text, x, y) => {
                    let _ = c.fill_text(text, *x, *y);
                }
                Op::DrawImage(index, [x, y, w, h], sized) => {
                    if let Some(image) = self.images.get(*index) {
                        let _ = if *sized {
                            c.draw_image_with_html_image_element_and_dw_and_dh(image, *x, *y, *w, *h)
                        } else {
                            c.draw_image_with_html_image_element(image, *x, *y)
                        };
                    }
                }
                Op::FillStyle(paint) => styles.set_fill(&self.paint(paint, &mut colors)),
                Op::StrokeStyle(paint) => styles.set_stroke(&self.paint(paint, &mut colors)),
                Op::GlobalAlpha(alpha) => c.set_global_alpha(*alpha),
                Op::Shadow([x, y, blur], rgba) => {
                    c.set_shadow_offset_x(*x);
                    c.set_shadow_offset_y(*y);
                    c.set_shadow_blur(*blur);
                    styles.set_shadow_color(colors.get(*rgba));
                }
                Op::FontSize(size) => c.set_font(&format!("{}px sans-serif", number_to_string(*size))),
                Op::LineWidth(width) => c.set_line_width(*width),
                Op::MiterLimit(limit) => c.set_miter_limit(*limit),
                Op::LineCap(cap) => c.set_line_cap(cap),
                Op::LineJoin(join) => c.set_line_join(join),
            }
        }
        for _ in 0..depth {
            c.restore();
        }
    }

    /// A fresh path from the program's segments `start..end`.
    fn path(&self, start: usize, end: usize) {
        self.context.begin_path();
        for segment in self.program.segments.get(start..end).unwrap_or_default() {
            self.segment(segment);
        }
    }

    fn segment(&self, segment: &Segment) {
        let c = self.context;
        match *segment {
            Segment::MoveTo(x, y) => c.move_to(x, y),
            Segment::LineTo(x, y) => c.line_to(x, y),
            Segment::Quadratic([a, b, x, y]) => c.quadratic_curve_to(a, b, x, y),
            Segment::Bezier([a, b, d, e, x, y]) => c.bezier_curve_to(a, b, d, e, x, y),
            Segment::Arc([x, y, r, start, end], ccw) => {
                let _ = c.arc_with_anticlockwise(x, y, r.max(0.0), start, end, ccw);
            }
            Segment::Rect([x, y, w, h]) => c.rect(x, y, w, h),
            Segment::Close => c.close_path(),
        }
    }

    fn paint(&self, paint: &Paint, colors: &mut ColorCache) -> JsValue {
        match paint {
            Paint::Color(rgba) => colors.get(*rgba).clone(),
            Paint::Gradient(index) => match self.program.gradients.get(*index) {
                Some(gradient) => self.gradient(gradient, colors),
                None => JsValue::from_str("#000000"),
            },
        }
    }

    fn gradient(&self, gradient: &Gradient, colors: &mut ColorCache) -> JsValue {
        let c = self.context;
        let made = match gradient.shape {
            Shape::Linear([x0, y0, x1, y1]) => c.create_linear_gradient(x0, y0, x1, y1),
            Shape::Radial([x, y, r]) => match c.create_radial_gradient(x, y, 0.0, x, y, r.max(0.0)) {
                Ok(made) => made,
                Err(_) => return JsValue::from_str("#000000"),
            },
        };
        for (offset, rgba) in &gradient.stops {
            let color = colors.get(*rgba).as_string().unwrap_or_default();
            let _ = made.add_color_stop(*offset as f32, &color);
        }
        made.into()
    }
}

/// CSS colour strings made once per colour of a replay, so that repeated styles cost
/// no string conversion.
#[derive(Default)]
struct ColorCache(FxHashMap<Rgba, JsValue>);

impl ColorCache {
    fn get(&mut self, rgba: Rgba) -> &JsValue {
        self.0.entry(rgba).or_insert_with(|| {
            let [r, g, b, a] = rgba;
            JsValue::from_str(&format!("rgba({r},{g},{b},{})", number_to_string(f64::from(a) / 255.0)))
        })
    }
}

