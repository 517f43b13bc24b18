//! Reading and checking the actions given to `wx.drawCanvas` (WeChat's `{method, data}`
//! records, as a [`Tape`]) into drawing operations, before anything is drawn. Pure: no
//! browser calls.
//!
//! Accepted besides the records `createContext()` makes: what WeChat's view applied
//! to the canvas as it came, i.e. top-level `fillRect`, `strokeRect`, `beginPath`,
//! path calls, `fill` and `stroke`.

use std::fmt;

use super::color::Rgba;
use super::tape::{Kind, Reader, Tape, BAD_TAPE};
use crate::view::value::number_to_string;

/// A step of a path.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Segment {
    MoveTo(f64, f64),
    LineTo(f64, f64),
    Quadratic([f64; 4]),
    Bezier([f64; 6]),
    /// `x, y, r, start, end` and whether counter-clockwise.
    Arc([f64; 5], bool),
    Rect([f64; 4]),
    Close,
}

/// A fill or stroke style: a colour or the index of a gradient of the program.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Paint {
    Color(Rgba),
    Gradient(usize),
}

/// A gradient: `[x0, y0, x1, y1]` (linear) or `[x, y, r]` (radial, from the centre).
#[derive(Debug, Clone, PartialEq)]
pub struct Gradient {
    pub shape: Shape,
    pub stops: Vec<(f64, Rgba)>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shape {
    Linear([f64; 4]),
    Radial([f64; 3]),
}

/// One drawing operation. Paths are ranges of [`Program::segments`]; texts and image
/// sources are indexes into [`Program::strings`].
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    Save,
    Restore,
    Translate(f64, f64),
    Scale(f64, f64),
    Rotate(f64),
    ClearRect([f64; 4]),
    FillRect([f64; 4]),
    StrokeRect([f64; 4]),
    FillPath(usize, usize),
    StrokePath(usize, usize),
    BeginPath,
    Segment(Segment),
    Fill,
    Stroke,
    FillText(usize, f64, f64),
    /// Image index (into [`Program::images`]), `x, y, w, h`, and whether `w, h` were given.
    DrawImage(usize, [f64; 4], bool),
    FillStyle(Paint),
    StrokeStyle(Paint),
    /// 0–1 (WeChat records 0–255).
    GlobalAlpha(f64),
    Shadow([f64; 3], Rgba),
    FontSize(f64),
    LineWidth(f64),
    MiterLimit(f64),
    LineCap(&'static str),
    LineJoin(&'static str),
}

/// Checked actions, ready to draw.
#[derive(Debug, Default)]
pub struct Program {
    pub ops: Vec<Op>,
    pub segments: Vec<Segment>,
    pub gradients: Vec<Gradient>,
    /// The distinct image sources, in order of first use, as indexes into `strings`.
    pub images: Vec<usize>,
    /// The tape's strings, and texts made from numbers.
    pub strings: Vec<String>,
}

impl Program {
    pub fn string(&self, index: usize) -> &str {
        self.strings.get(index).map_or("", String::as_str)
    }
}

/// A malformed action: `actions[3] (setFillStyle): <reason>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionError {
    pub index: usize,
    pub method: String,
    pub reason: &'static str,
}

impl fmt::Display for ActionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "actions[{}] ({}): {}", self.index, self.method, self.reason)
    }
}

const NOT_RECORD: &str = "should be an object {method, data}";
const NO_METHOD: &str = "method should be a String";
const UNKNOWN: &str = "unknown method";
const NUMBERS: &str = "data should be an Array of Numbers";
const STYLE: &str = "data should be [\"normal\", [r, g, b, a]] or a gradient";
const COLOR: &str = "colour should be [r, g, b, a]";
const TEXT: &str = "data should be [text, x, y]";
const IMAGE: &str = "data should be [src, x, y] or [src, x, y, width, height]";
const CAP: &str = "line cap should be butt, round or square";
const JOIN: &str = "line join should be bevel, round or miter";
const PATH: &str = "data should be an Array of {method, data} path steps";
const ARC: &str = "data should be [x, y, r, sAngle, eAngle, counterclockwise?]";
const STOPS: &str = "gradient stops should be [[offset 0–1, [r, g, b, a]], …]";
const SHADOW: &str = "data should be [offsetX, offsetY, blur, [r, g, b, a]]";

/// The methods an action may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Method {
    Save,
    Restore,
    BeginPath,
    Fill,
    Stroke,
    Translate,
    Scale,
    Rotate,
    ClearRect,
    FillRect,
    StrokeRect,
    FillPath,
    StrokePath,
    SetFillStyle,
    SetStrokeStyle,
    SetGlobalAlpha,
    SetShadow,
    SetFontSize,
    SetLineWidth,
    SetMiterLimit,
    SetLineCap,
    SetLineJoin,
    FillText,
    DrawImage,
    ClosePath,
    MoveTo,
    LineTo,
    QuadraticCurveTo,
    BezierCurveTo,
    Rect,
    Arc,
}

impl Method {
    fn from_name(name: &str) -> Option<Method> {
        use Method::*;
        Some(match name {
            "save" => Save,
            "restore" => Restore,
            "beginPath" => BeginPath,
            "fill" => Fill,
            "stroke" => Stroke,
            "translate" => Translate,
            "scale" => Scale,
            "rotate" => Rotate,
            "clearRect" => ClearRect,
            "fillRect" => FillRect,
            "strokeRect" => StrokeRect,
            "fillPath" => FillPath,
            "strokePath" => StrokePath,
            "setFillStyle" => SetFillStyle,
            "setStrokeStyle" => SetStrokeStyle,
            "setGlobalAlpha" => SetGlobalAlpha,
            "setShadow" => SetShadow,
            "setFontSize" => SetFontSize,
            "setLineWidth" => SetLineWidth,
            "setMiterLimit" => SetMiterLimit,
            "setLineCap" => SetLineCap,
            "setLineJoin" => SetLineJoin,
            "fillText" => FillText,
            "drawImage" => DrawImage,
            "closePath" => ClosePath,
            "moveTo" => MoveTo,
            "lineTo" => LineTo,
            "quadraticCurveTo" => QuadraticCurveTo,
            "bezierCurveTo" => BezierCurveTo,
            "rect" => Rect,
            "arc" => Arc,
            _ => return None,
        })
    }
}

/// Reads the tape of an actions array into a program, or the first malformed action.
pub fn parse(tape: Tape) -> Result<Program, ActionError> {
    let Tape { kinds, values, strings } = tape;
    let reading = Tape { kinds, values, strings: Vec::new() };
    let methods = vec![None; strings.len()];
    let mut parser = Parser { program: Program { strings, ..Program::default() }, methods };
    let mut r = Reader::new(&reading);
    let count = r.array().ok_or(ActionError { index: 0, method: String::new(), reason: BAD_TAPE })?;
    parser.program.ops.reserve(count.min(reading.kinds.len()));
    for index in 0..count {
        let fail = |method: &str, reason| ActionError { index, method: method.to_owned(), reason };
        let (name, data) = parser.record(&mut r).map_err(|reason| fail("", reason))?;
        let op = match parser.method(name) {
            Some(method) => parser.action(method, data),
            None => Err(UNKNOWN),
        };
        let op = op.map_err(|reason| fail(parser.program.string(name), reason))?;
        parser.program.ops.push(op);
    }
    Ok(parser.program)
}

/// A program being read, with the method each distinct string names (looked up once).
struct Parser {
    program: Program,
    methods: Vec<Option<Option<Method>>>,
}

impl Parser {
    /// The method named by the string `name`.
    fn method(&mut self, name: usize) -> Option<Method> {
        let slot = self.methods.get_mut(name)?;
        *slot.get_or_insert_with(|| self.program.strings.get(name).and_then(|s| Method::from_name(s)))
    }

    /// Reads a `{method, data}` record: the method's string and a reader at its data.
    fn record<'t>(&self, r: &mut Reader<'t>) -> Result<(usize, Reader<'t>), &'static str> {
        let kind = r.peek();
        let Some(method) = r.record() else {
            r.skip()?;
            return Err(if kind == Some(Kind::Object) { NO_METHOD } else { NOT_RECORD });
        };
        let data = *r;
        r.skip()?;
        Ok((method, data))
    }

    fn action(&mut self, method: Method, mut data: Reader<'_>) -> Result<Op, &'static str> {
        use Method as M;
        let c = &mut data;
        Ok(match method {
            M::Save => Op::Save,
            M::Restore => Op::Restore,
            M::BeginPath => Op::BeginPath,
            M::Fill => Op::Fill,
            M::Stroke => Op::Stroke,
            M::Translate => {
                let [x, y] = numbers(c)?;
                Op::Translate(x, y)
            }
            M::Scale => {
                let [x, y] = numbers(c)?;
                Op::Scale(x, y)
            }
            M::Rotate => Op::Rotate(numbers::<1>(c)?[0]),
            M::ClearRect => Op::ClearRect(numbers(c)?),
            M::FillRect => Op::FillRect(numbers(c)?),
            M::StrokeRect => Op::StrokeRect(numbers(c)?),
            M::FillPath | M::StrokePath => self.path(c, method == M::FillPath)?,
            M::SetFillStyle => Op::FillStyle(self.paint(c)?),
            M::SetStrokeStyle => Op::StrokeStyle(self.paint(c)?),
            M::SetGlobalAlpha => Op::GlobalAlpha((numbers::<1>(c)?[0] / 255.0).clamp(0.0, 1.0)),
            M::SetShadow => shadow(c)?,
            M::SetFontSize => Op::FontSize(numbers::<1>(c)?[0]),
            M::SetLineWidth => Op::LineWidth(numbers::<1>(c)?[0]),
            M::SetMiterLimit => Op::MiterLimit(numbers::<1>(c)?[0]),
            M::SetLineCap => Op::LineCap(self.keyword(c, &["butt", "round", "square"]).ok_or(CAP)?),
            M::SetLineJoin => Op::LineJoin(self.keyword(c, &["bevel", "round", "miter"]).ok_or(JOIN)?),
            M::FillText => self.text(c)?,
            M::DrawImage => self.image(c)?,
            _ => Op::Segment(segment(method, c, UNKNOWN)?),
        })
    }

    /// `fillPath`/`strokePath`: the path steps into the program's segments; one `rect`
    /// becomes `fillRect`/`strokeRect`, which draws the same.
    fn path(&mut self, c: &mut Reader<'_>, fill: bool) -> Result<Op, &'static str> {
        let steps = c.array().ok_or(PATH)?;
        let start = self.program.segments.len();
        for _ in 0..steps {
            let (name, mut data) = self.record(c).map_err(|_| PATH)?;
            let method = self.method(name).ok_or(PATH)?;
            self.program.segments.push(segment(method, &mut data, PATH)?);
        }
        let end = self.program.segments.len();
        if let (true, Some(Segment::Rect(rect))) = (end == start + 1, self.program.segments.get(start).copied()) {
            self.program.segments.truncate(start);
            return Ok(if fill { Op::FillRect(rect) } else { Op::StrokeRect(rect) });
        }
        Ok(if fill { Op::FillPath(start, end) } else { Op::StrokePath(start, end) })
    }

    /// `["normal", rgba]`, `["linear", [x0, y0, x1, y1], stops]`, `["radial", [x, y, r], stops]`.
    fn paint(&mut self, c: &mut Reader<'_>) -> Result<Paint, &'static str> {
        let items = c.array().ok_or(STYLE)?;
        let kind = if items >= 2 { c.string().ok_or(STYLE)? } else { return Err(STYLE) };
        let (paint, read) = match self.program.string(kind) {
            "normal" => (Paint::Color(rgba(c)?), 2),
            kind @ ("linear" | "radial") if items >= 3 => {
                let shape = if kind == "linear" { Shape::Linear(numbers(c)?) } else { Shape::Radial(numbers(c)?) };
                let stops = stops(c)?;
                self.program.gradients.push(Gradient { shape, stops });
                (Paint::Gradient(self.program.gradients.len() - 1), 3)
            }
            _ => return Err(STYLE),
        };
        for _ in read..items {
            c.skip()?;
        }
        Ok(paint)
    }

    fn keyword(&self, c: &mut Reader<'_>, allowed: &[&'static str]) -> Option<&'static str> {
        if c.array()? != 1 {
            return None;
        }
        let word = self.program.string(c.string()?);
        allowed.iter().find(|a| **a == word).copied()
    }

    /// `[text, x, y]`; a number as text is shown as JS prints it.
    fn text(&mut self, c: &mut Reader<'_>) -> Result<Op, &'static str> {
        if c.array() != Some(3) {
            return Err(TEXT);
        }
        let text = match c.peek() {
            Some(Kind::String) => c.string().ok_or(TEXT)?,
            Some(Kind::Number) => {
                let number = c.number().ok_or(TEXT)?;
                self.program.strings.push(number_to_string(number));
                self.program.strings.len() - 1
            }
            _ => return Err(TEXT),
        };
        let [x, y] = [c.number().ok_or(TEXT)?, c.number().ok_or(TEXT)?];
        Ok(Op::FillText(text, x, y))
    }

    fn image(&mut self, c: &mut Reader<'_>) -> Result<Op, &'static str> {
        let items = c.array().ok_or(IMAGE)?;
        if items != 3 && items != 5 {
            return Err(IMAGE);
        }
        let src = c.string().ok_or(IMAGE)?;
        let mut at = [0.0; 4];
        for slot in at.iter_mut().take(items - 1) {
            *slot = c.number().ok_or(IMAGE)?;
        }
        // The tape stores each distinct string once, so equal sources have equal indexes.
        let index = match self.program.images.iter().position(|known| *known == src) {
            Some(index) => index,
            None => {
                self.program.images.push(src);
                self.program.images.len() - 1
            }
        };
        Ok(Op::DrawImage(index, at, items == 5))
    }
}

/// Exactly `N` numbers (`null` reads as NaN, which the canvas ignores).
fn numbers<const N: usize>(c: &mut Reader<'_>) -> Result<[f64; N], &'static str> {
    if let Some(numbers) = c.numbers() {
        return Ok(numbers);
    }
    if c.array() != Some(N) {
        return Err(NUMBERS);
    }
    let mut out = [0.0; N];
    for slot in &mut out {
        *slot = c.number().ok_or(NUMBERS)?;
    }
    Ok(out)
}

/// A path step, or `not_step` when `method` names none.
fn segment(method: Method, c: &mut Reader<'_>, not_step: &'static str) -> Result<Segment, &'static str> {
    Ok(match method {
        Method::ClosePath => Segment::Close,
        Method::MoveTo => {
            let [x, y] = numbers(c)?;
            Segment::MoveTo(x, y)
        }
        Method::LineTo => {
            let [x, y] = numbers(c)?;
            Segment::LineTo(x, y)
        }
        Method::QuadraticCurveTo => Segment::Quadratic(numbers(c)?),
        Method::BezierCurveTo => Segment::Bezier(numbers(c)?),
        Method::Rect => Segment::Rect(numbers(c)?),
        Method::Arc => arc(c)?,
        _ => return Err(not_step),
    })
}

/// `[x, y, r, start, end]` with an optional sixth `counterclockwise` (boolean).
fn arc(c: &mut Reader<'_>) -> Result<Segment, &'static str> {
    let items = c.array().ok_or(ARC)?;
    if items != 5 && items != 6 {
        return Err(ARC);
    }
    let mut values = [0.0; 5];
    for slot in &mut values {
        *slot = c.number().ok_or(ARC)?;
    }
    let ccw = if items == 6 { c.boolean().ok_or(ARC)? } else { false };
    Ok(Segment::Arc(values, ccw))
}

fn rgba(c: &mut Reader<'_>) -> Result<Rgba, &'static str> {
    let values: [f64; 4] = numbers(c).map_err(|_| COLOR)?;
    let mut out = [0; 4];
    for (slot, value) in out.iter_mut().zip(values) {
        if !(0.0..=255.0).contains(&value) {
            return Err(COLOR);
        }
        // Within 0–255, so adding a half and truncating rounds half away from zero.
        *slot = (value + 0.5) as u8;
    }
    Ok(out)
}

/// `[[offset, rgba], …]`, offsets within 0–1.
fn stops(c: &mut Reader<'_>) -> Result<Vec<(f64, Rgba)>, &'static str> {
    let count = c.array().ok_or(STOPS)?;
    let mut out = Vec::with_capacity(count.min(16));
    for _ in 0..count {
        if c.array() != Some(2) {
            return Err(STOPS);
        }
        let offset = c.number().ok_or(STOPS)?;
        if !(0.0..=1.0).contains(&offset) {
            return Err(STOPS);
        }
        out.push((offset, rgba(c)?));
    }
    Ok(out)
}

fn shadow(c: &mut Reader<'_>) -> Result<Op, &'static str> {
    if c.array() != Some(4) {
        return Err(SHADOW);
    }
    let mut geometry = [0.0; 3];
    for slot in &mut geometry {
        *slot = c.number().ok_or(SHADOW)?;
    }
    Ok(Op::Shadow(geometry, rgba(c)?))
}
