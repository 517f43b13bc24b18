//! The 2016 drawing context's records (`wx.createContext()`): each call becomes a
//! `{method, data}` record in WeChat's own format. Pure: no browser calls.
//!
//! The format follows WeChat's base library 1.x (service side of `createContext`):
//! - path calls (`moveTo`, `lineTo`, `arc`, …) go into a current path that `beginPath`
//!   empties; `lineTo` on an empty path records `moveTo`;
//! - `fill()`/`stroke()` record `fillPath`/`strokePath` with a copy of the path as data,
//!   `fillRect`/`strokeRect` record `fillPath`/`strokePath` of one `rect`;
//! - colours are `["normal", [r, g, b, a]]` (0–255); gradients are
//!   `["linear", [x0, y0, x1, y1], stops]` and `["radial", [x, y, r], stops]` with
//!   stops `[[offset, [r, g, b, a]], …]`;
//! - `setGlobalAlpha(a)` records `[floor(255 × a)]`, `setShadow` `[x, y, blur, rgba]`,
//!   `fillText` `[String(text), x, y]`, `drawImage` `[src, x, y]` or `[src, x, y, w, h]`;
//! - other calls record their arguments as given (other set* calls: the first one).
//!
//! Unknown in the sources found, and chosen here: an unrecognised colour (WeChat logged
//! `不支持颜色` and recorded `undefined`) records nothing; `setShadow` without a colour
//! records transparent black. `getActions()` returns the records and, as in WeChat,
//! empties the context (actions and path).

use std::fmt::Write;

use super::color::{self, Rgba};
use crate::json_text::write_string;
use crate::value::number_to_string;

/// A datum of a record, as it travels to the view (JSON-like).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    List(Vec<Value>),
    Record(Record),
}

/// One `{method, data}` record.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub method: &'static str,
    pub data: Vec<Value>,
}

/// The methods of the 2016 context that record something.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    BeginPath,
    ClosePath,
    MoveTo,
    LineTo,
    QuadraticCurveTo,
    BezierCurveTo,
    Arc,
    Rect,
    FillRect,
    StrokeRect,
    ClearRect,
    Fill,
    Stroke,
    Save,
    Restore,
    Translate,
    Rotate,
    Scale,
    SetFillStyle,
    SetStrokeStyle,
    SetLineWidth,
    SetLineCap,
    SetLineJoin,
    SetMiterLimit,
    SetFontSize,
    FillText,
    DrawImage,
    SetShadow,
    SetGlobalAlpha,
}

/// The JS name of each recording method, as `createContext()` exposes it.
pub const METHODS: [(&str, Method); 29] = [
    ("beginPath", Method::BeginPath),
    ("closePath", Method::ClosePath),
    ("moveTo", Method::MoveTo),
    ("lineTo", Method::LineTo),
    ("quadraticCurveTo", Method::QuadraticCurveTo),
    ("bezierCurveTo", Method::BezierCurveTo),
    ("arc", Method::Arc),
    ("rect", Method::Rect),
    ("fillRect", Method::FillRect),
    ("strokeRect", Method::StrokeRect),
    ("clearRect", Method::ClearRect),
    ("fill", Method::Fill),
    ("stroke", Method::Stroke),
    ("save", Method::Save),
    ("restore", Method::Restore),
    ("translate", Method::Translate),
    ("rotate", Method::Rotate),
    ("scale", Method::Scale),
    ("setFillStyle", Method::SetFillStyle),
    ("setStrokeStyle", Method::SetStrokeStyle),
    ("setLineWidth", Method::SetLineWidth),
    ("setLineCap", Method::SetLineCap),
    ("setLineJoin", Method::SetLineJoin),
    ("setMiterLimit", Method::SetMiterLimit),
    ("setFontSize", Method::SetFontSize),
    ("fillText", Method::FillText),
    ("drawImage", Method::DrawImage),
    ("setShadow", Method::SetShadow),
    ("setGlobalAlpha", Method::SetGlobalAlpha),
];

/// The state of one context: its records and its current path.
#[derive(Debug, Default)]
pub struct Recorder {
    actions: Vec<Record>,
    path: Vec<Record>,
}

impl Recorder {
    /// Records the call `method(args…)` (trailing `undefined`s already dropped). A fill
    /// or stroke style is a colour string or, for a gradient, `[type, data, stops]`.
    pub fn record(&mut self, method: Method, mut args: Vec<Value>) {
        use Method::*;
        let name = name_of(method);
        match method {
            BeginPath => self.path.clear(),
            LineTo if self.path.is_empty() => {
                self.path.push(Record { method: "moveTo", data: args })
            }
            ClosePath | MoveTo | LineTo | QuadraticCurveTo | BezierCurveTo | Arc | Rect => {
                self.path.push(Record { method: name, data: args })
            }
            Fill | Stroke => {
                let path = self.path.iter().cloned().map(Value::Record).collect();
                let method = if method == Fill { "fillPath" } else { "strokePath" };
                self.actions.push(Record { method, data: path });
            }
            FillRect | StrokeRect => {
                let rect = Value::Record(Record { method: "rect", data: args });
                let method = if method == FillRect { "fillPath" } else { "strokePath" };
                self.actions.push(Record { method, data: vec![rect] });
            }
            SetFillStyle | SetStrokeStyle => {
                if let Some(data) = style(args.into_iter().next()) {
                    self.actions.push(Record { method: name, data });
                }
            }
            SetGlobalAlpha => {
                let alpha =
                    number(args.first()).map_or(Value::Null, |a| Value::Num((255.0 * a).floor()));
                self.actions.push(Record { method: name, data: vec![alpha] });
            }
            SetShadow => {
                args.resize(4, Value::Null);
                let rgba = match args.get(3) {
                    Some(Value::Str(text)) => color::parse(text),
                    _ => Some([0, 0, 0, 0]),
                };
                if let (Some(rgba), Some(slot)) = (rgba, args.get_mut(3)) {
                    *slot = rgba_value(rgba);
                    self.actions.push(Record { method: name, data: args });
                }
            }
            SetLineWidth | SetLineCap | SetLineJoin | SetMiterLimit | SetFontSize => {
                args.truncate(1);
                self.actions.push(Record { method: name, data: args });
            }
            FillText => {
                if let Some(first) = args.first_mut() {
                    *first = Value::Str(text_of(first));
                }
                self.actions.push(Record { method: name, data: args });
            }
            DrawImage => {
                let sized = matches!(
                    (args.get(3), args.get(4)),
                    (Some(Value::Num(_)), Some(Value::Num(_)))
                );
                args.truncate(if sized { 5 } else { 3 });
                self.actions.push(Record { method: name, data: args });
            }
            ClearRect | Save | Restore | Translate | Rotate | Scale => {
                self.actions.push(Record { method: name, data: args })
            }
        }
    }

    /// `getActions()`: the records so far; the context starts afresh, as in WeChat.
    pub fn take(&mut self) -> Vec<Record> {
        self.path.clear();
        std::mem::take(&mut self.actions)
    }

    /// `clearActions()`.
    pub fn clear(&mut self) {
        self.path.clear();
        self.actions.clear();
    }
}

fn name_of(method: Method) -> &'static str {
    METHODS.iter().find(|(_, m)| *m == method).map_or("", |(name, _)| name)
}

fn number(value: Option<&Value>) -> Option<f64> {
    match value? {
        Value::Num(n) => Some(*n),
        Value::Str(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn rgba_value(rgba: Rgba) -> Value {
    Value::List(rgba.iter().map(|c| Value::Num(f64::from(*c))).collect())
}

/// `["normal", rgba]` for a colour string, `[type, data, stops]` for a gradient.
fn style(arg: Option<Value>) -> Option<Vec<Value>> {
    match arg? {
        Value::Str(text) => {
            Some(vec![Value::Str("normal".into()), rgba_value(color::parse(&text)?)])
        }
        Value::List(parts) => match parts.first() {
            Some(Value::Str(kind)) if kind == "linear" || kind == "radial" => Some(parts),
            _ => None,
        },
        _ => None,
    }
}

/// A gradient colour stop `[offset, [r, g, b, a]]` (`addColorStop`), or `None` for an
/// unknown colour.
pub fn color_stop(offset: f64, text: &str) -> Option<(f64, Rgba)> {
    Some((offset, color::parse(text)?))
}

/// `String(value)` for the text of `fillText`.
fn text_of(value: &Value) -> String {
    match value {
        Value::Null => "undefined".into(),
        Value::Bool(b) => b.to_string(),
        Value::Num(n) => number_to_string(*n),
        Value::Str(s) => s.clone(),
        Value::List(items) => items.iter().map(text_of).collect::<Vec<_>>().join(","),
        Value::Record(_) => "[object Object]".into(),
    }
}

/// The records as JSON text, `[{"method":…,"data":[…]},…]` (non-finite numbers become
/// `null`, as when WeChat sends actions to the view).
pub fn to_json(records: &[Record]) -> String {
    let mut out = String::with_capacity(records.len() * 48);
    out.push('[');
    for (i, record) in records.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_record(&mut out, record);
    }
    out.push(']');
    out
}

fn write_record(out: &mut String, record: &Record) {
    out.push_str("{\"method\":\"");
    out.push_str(record.method);
    out.push_str("\",\"data\":[");
    for (i, value) in record.data.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_value(out, value);
    }
    out.push_str("]}");
}

fn write_value(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Num(n) if n.is_finite() => {
            let _ = write!(out, "{}", if *n == 0.0 { 0.0 } else { *n });
        }
        Value::Num(_) => out.push_str("null"),
        Value::Str(s) => write_string(out, s),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item);
            }
            out.push(']');
        }
        Value::Record(record) => write_record(out, record),
    }
}
