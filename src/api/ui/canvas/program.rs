//! Reading and checking the actions given to `wx.drawCanvas` (WeChat's `{method, data}`
//! records) into drawing operations, before anything is drawn. Pure: no browser calls.
//!
//! Accepted besides the records `createContext()` makes: what WeChat's view applied
//! to the canvas as it came, i.e. top-level `fillRect`, `strokeRect`, `beginPath`,
//! path calls, `fill` and `stroke`.

use std::borrow::Cow;
use std::fmt;

use super::color::Rgba;
use super::json::{Cursor, BAD_JSON};

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

/// One drawing operation. Paths are ranges of [`Program::segments`]; images are
/// indexes into [`Program::images`].
#[derive(Debug, Clone, PartialEq)]
pub enum Op<'a> {
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
    FillText(Cow<'a, str>, f64, f64),
    /// Image index, `x, y, w, h`, and whether `w, h` were given.
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
pub struct Program<'a> {
    pub ops: Vec<Op<'a>>,
    pub segments: Vec<Segment>,
    pub gradients: Vec<Gradient>,
    /// The distinct image sources, in order of first use.
    pub images: Vec<Cow<'a, str>>,
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

/// Reads `JSON.stringify(actions)` into a program, or the first malformed action.
pub fn parse(json: &str) -> Result<Program<'_>, ActionError> {
    let top = |reason| ActionError { index: 0, method: String::new(), reason };
    let mut program = Program::default();
    let mut cursor = Cursor::new(json);
    if !cursor.open(b'[') {
        return Err(top(BAD_JSON));
    }
    let mut index = 0;
    while cursor.next_item(b']', index == 0).map_err(top)? {
        let (method, data) = record(&mut cursor).map_err(|reason| ActionError { index, method: String::new(), reason })?;
        let fail = |reason| ActionError { index, method: method.to_string(), reason };
        let op = action(&mut program, &method, data).map_err(fail)?;
        program.ops.push(op);
        index += 1;
    }
    Ok(program)
}

/// Reads `{method, data}` (in any key order): the method and the text of `data`.
fn record<'a>(cursor: &mut Cursor<'a>) -> Result<(Cow<'a, str>, &'a str), &'static str> {
    if !cursor.open(b'{') {
        cursor.skip()?;
        return Err(NOT_RECORD);
    }
    let (mut method, mut data) = (None, "[]");
    let mut first = true;
    while cursor.next_item(b'}', first)? {
        first = false;
        let key = cursor.string()?;
        cursor.expect(b':')?;
        match &*key {
            "method" if cursor.at_string() => method = Some(cursor.string()?),
            "data" => data = cursor.skip()?,
            _ => {
                cursor.skip()?;
            }
        }
    }
    Ok((method.ok_or(NO_METHOD)?, data))
}

fn action<'a>(program: &mut Program<'a>, method: &str, data: &'a str) -> Result<Op<'a>, &'static str> {
    let mut c = Cursor::new(data);
    Ok(match method {
        "save" => Op::Save,
        "restore" => Op::Restore,
        "beginPath" => Op::BeginPath,
        "fill" => Op::Fill,
        "stroke" => Op::Stroke,
        "translate" => {
            let [x, y] = numbers(&mut c)?;
            Op::Translate(x, y)
        }
        "scale" => {
            let [x, y] = numbers(&mut c)?;
            Op::Scale(x, y)
        }
        "rotate" => Op::Rotate(numbers::<1>(&mut c)?[0]),
        "clearRect" => Op::ClearRect(numbers(&mut c)?),
        "fillRect" => Op::FillRect(numbers(&mut c)?),
        "strokeRect" => Op::StrokeRect(numbers(&mut c)?),
        "fillPath" | "strokePath" => path(program, &mut c, method == "fillPath")?,
        "setFillStyle" => Op::FillStyle(paint(program, &mut c)?),
        "setStrokeStyle" => Op::StrokeStyle(paint(program, &mut c)?),
        "setGlobalAlpha" => Op::GlobalAlpha((numbers::<1>(&mut c)?[0] / 255.0).clamp(0.0, 1.0)),
        "setShadow" => shadow(&mut c)?,
        "setFontSize" => Op::FontSize(numbers::<1>(&mut c)?[0]),
        "setLineWidth" => Op::LineWidth(numbers::<1>(&mut c)?[0]),
        "setMiterLimit" => Op::MiterLimit(numbers::<1>(&mut c)?[0]),
        "setLineCap" => Op::LineCap(keyword(&mut c, &["butt", "round", "square"]).ok_or(CAP)?),
        "setLineJoin" => Op::LineJoin(keyword(&mut c, &["bevel", "round", "miter"]).ok_or(JOIN)?),
        "fillText" => text(&mut c)?,
        "drawImage" => image(program, &mut c)?,
        _ => Op::Segment(segment(method, &mut c)?.ok_or(UNKNOWN)?),
    })
}

/// Exactly `N` numbers (`null` reads as NaN, which the canvas ignores).
fn numbers<const N: usize>(c: &mut Cursor<'_>) -> Result<[f64; N], &'static str> {
    let mut out = [0.0; N];
    let count = numbers_into(c, &mut out)?;
    if count == N {
        Ok(out)
    } else {
        Err(NUMBERS)
    }
}

/// Up to `out.len()` numbers; returns how many, and leaves the list open when longer.
fn numbers_into(c: &mut Cursor<'_>, out: &mut [f64]) -> Result<usize, &'static str> {
    if !c.open(b'[') {
        return Err(NUMBERS);
    }
    let mut count = 0;
    while c.next_item(b']', count == 0).map_err(|_| NUMBERS)? {
        let slot = out.get_mut(count).ok_or(NUMBERS)?;
        *slot = c.number().map_err(|_| NUMBERS)?;
        count += 1;
    }
    Ok(count)
}

fn segment(method: &str, c: &mut Cursor<'_>) -> Result<Option<Segment>, &'static str> {
    Ok(Some(match method {
        "closePath" => Segment::Close,
        "moveTo" => {
            let [x, y] = numbers(c)?;
            Segment::MoveTo(x, y)
        }
        "lineTo" => {
            let [x, y] = numbers(c)?;
            Segment::LineTo(x, y)
        }
        "quadraticCurveTo" => Segment::Quadratic(numbers(c)?),
        "bezierCurveTo" => Segment::Bezier(numbers(c)?),
        "rect" => Segment::Rect(numbers(c)?),
        "arc" => arc(c)?,
        _ => return Ok(None),
    }))
}

/// `[x, y, r, start, end]` with an optional sixth `counterclockwise` (boolean).
fn arc(c: &mut Cursor<'_>) -> Result<Segment, &'static str> {
    const ARC: &str = "data should be [x, y, r, sAngle, eAngle, counterclockwise?]";
    if !c.open(b'[') {
        return Err(ARC);
    }
    let mut values = [0.0; 5];
    let mut ccw = false;
    let mut count = 0;
    while c.next_item(b']', count == 0).map_err(|_| ARC)? {
        match values.get_mut(count) {
            Some(slot) => *slot = c.number().map_err(|_| ARC)?,
            None if count == 5 => ccw = c.boolean().map_err(|_| ARC)?,
            None => return Err(ARC),
        }
        count += 1;
    }
    if count < 5 {
        return Err(ARC);
    }
    Ok(Segment::Arc(values, ccw))
}

/// `fillPath`/`strokePath`: the path steps into the program's segments; one `rect`
/// becomes `fillRect`/`strokeRect`, which draws the same.
fn path<'a>(program: &mut Program<'a>, c: &mut Cursor<'a>, fill: bool) -> Result<Op<'a>, &'static str> {
    if !c.open(b'[') {
        return Err(PATH);
    }
    let start = program.segments.len();
    let mut first = true;
    while c.next_item(b']', first)? {
        first = false;
        let (method, data) = record(c).map_err(|_| PATH)?;
        let step = segment(&method, &mut Cursor::new(data))?.ok_or(PATH)?;
        program.segments.push(step);
    }
    let end = program.segments.len();
    if let (true, Some(Segment::Rect(rect))) = (end == start + 1, program.segments.get(start).copied()) {
        program.segments.truncate(start);
        return Ok(if fill { Op::FillRect(rect) } else { Op::StrokeRect(rect) });
    }
    Ok(if fill { Op::FillPath(start, end) } else { Op::StrokePath(start, end) })
}

fn rgba(c: &mut Cursor<'_>) -> Result<Rgba, &'static str> {
    let values: [f64; 4] = numbers(c).map_err(|_| COLOR)?;
    let mut out = [0; 4];
    for (slot, value) in out.iter_mut().zip(values) {
        if !(0.0..=255.0).contains(&value) {
            return Err(COLOR);
        }
        *slot = value.round() as u8;
    }
    Ok(out)
}

/// `["normal", rgba]`, `["linear", [x0, y0, x1, y1], stops]`, `["radial", [x, y, r], stops]`.
fn paint(program: &mut Program<'_>, c: &mut Cursor<'_>) -> Result<Paint, &'static str> {
    if !c.open(b'[') || !c.next_item(b']', true)? || !c.at_string() {
        return Err(STYLE);
    }
    let kind = c.string()?;
    c.expect(b',').map_err(|_| STYLE)?;
    let paint = match &*kind {
        "normal" => Paint::Color(rgba(c)?),
        "linear" | "radial" => {
            let shape = if kind == "linear" { Shape::Linear(numbers(c)?) } else { Shape::Radial(numbers(c)?) };
            c.expect(b',').map_err(|_| STYLE)?;
            let stops = stops(c)?;
            program.gradients.push(Gradient { shape, stops });
            Paint::Gradient(program.gradients.len() - 1)
        }
        _ => return Err(STYLE),
    };
    while c.next_item(b']', false).map_err(|_| STYLE)? {
        c.skip()?;
    }
    Ok(paint)
}

/// `[[offset, rgba], …]`, offsets within 0–1.
fn stops(c: &mut Cursor<'_>) -> Result<Vec<(f64, Rgba)>, &'static str> {
    const STOPS: &str = "gradient stops should be [[offset 0–1, [r, g, b, a]], …]";
    let mut out = Vec::new();
    if !c.open(b'[') {
        return Err(STOPS);
    }
    while c.next_item(b']', out.is_empty()).map_err(|_| STOPS)? {
        c.expect(b'[').map_err(|_| STOPS)?;
        let offset = c.number().map_err(|_| STOPS)?;
        if !(0.0..=1.0).contains(&offset) {
            return Err(STOPS);
        }
        c.expect(b',').map_err(|_| STOPS)?;
        out.push((offset, rgba(c)?));
        c.expect(b']').map_err(|_| STOPS)?;
    }
    Ok(out)
}

fn shadow(c: &mut Cursor<'_>) -> Result<Op<'static>, &'static str> {
    const SHADOW: &str = "data should be [offsetX, offsetY, blur, [r, g, b, a]]";
    let mut geometry = [0.0; 3];
    for (i, slot) in geometry.iter_mut().enumerate() {
        if !(if i == 0 { c.open(b'[') } else { c.eat(b',') }) {
            return Err(SHADOW);
        }
        *slot = c.number().map_err(|_| SHADOW)?;
    }
    c.expect(b',').map_err(|_| SHADOW)?;
    let color = rgba(c)?;
    c.expect(b']').map_err(|_| SHADOW)?;
    Ok(Op::Shadow(geometry, color))
}

fn keyword(c: &mut Cursor<'_>, allowed: &[&'static str]) -> Option<&'static str> {
    if !c.open(b'[') || !c.at_string() {
        return None;
    }
    let word = c.string().ok()?;
    c.expect(b']').ok()?;
    allowed.iter().find(|a| **a == word).copied()
}

/// `[text, x, y]`; a number as text is shown as JS prints it.
fn text<'a>(c: &mut Cursor<'a>) -> Result<Op<'a>, &'static str> {
    if !c.open(b'[') || !c.next_item(b']', true)? {
        return Err(TEXT);
    }
    let text = if c.at_string() { c.string()? } else { Cow::Borrowed(c.skip()?) };
    let mut at = [0.0; 2];
    for slot in &mut at {
        c.expect(b',').map_err(|_| TEXT)?;
        *slot = c.number().map_err(|_| TEXT)?;
    }
    c.expect(b']').map_err(|_| TEXT)?;
    Ok(Op::FillText(text, at[0], at[1]))
}

fn image<'a>(program: &mut Program<'a>, c: &mut Cursor<'a>) -> Result<Op<'a>, &'static str> {
    if !c.open(b'[') || !c.next_item(b']', true)? || !c.at_string() {
        return Err(IMAGE);
    }
    let src = c.string()?;
    let mut at = [0.0; 4];
    let mut count = 0;
    while c.next_item(b']', false).map_err(|_| IMAGE)? {
        let slot = at.get_mut(count).ok_or(IMAGE)?;
        *slot = c.number().map_err(|_| IMAGE)?;
        count += 1;
    }
    if count != 2 && count != 4 {
        return Err(IMAGE);
    }
    let index = match program.images.iter().position(|known| *known == src) {
        Some(index) => index,
        None => {
            program.images.push(src);
            program.images.len() - 1
        }
    };
    Ok(Op::DrawImage(index, at, count == 4))
}
