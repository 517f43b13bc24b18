//! Reading and checking the actions given to `wx.drawCanvas` (WeChat's `{method, data}`
//! records, as a [`Tape`]) and writing them as [`Commands`], in one pass and before
//! anything is drawn: one malformed action fails the whole call. Pure: no browser calls.
//!
//! Accepted besides the records `createContext()` makes: what WeChat's view applied
//! to the canvas as it came, i.e. top-level `fillRect`, `strokeRect`, `beginPath`,
//! path calls, `fill` and `stroke`.

use std::fmt;

use super::color::Rgba;
use super::commands::{Code, Commands};
use super::tape::{Kind, Reader, Tape, BAD_TAPE};
use crate::value::number_to_string;

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

/// Checks the actions array on `tape` and writes it as commands, or returns the first
/// malformed action.
pub fn compile(tape: &Tape) -> Result<Commands, ActionError> {
    let mut compiler = Compiler {
        r: Reader::new(tape),
        strings: &tape.strings,
        methods: vec![None; tape.strings.len()],
        // Commands take no more numbers than their actions' tokens, but for saves
        // closed at the end.
        out: Commands::new(tape.strings.len(), tape.kinds.len() + 16),
    };
    let count = compiler.r.array().ok_or(ActionError {
        index: 0,
        method: String::new(),
        reason: BAD_TAPE,
    })?;
    for index in 0..count {
        let fail = |method: &str, reason| ActionError { index, method: method.to_owned(), reason };
        let name = compiler.record().map_err(|reason| fail("", reason))?;
        let written = match compiler.method(name) {
            Some(method) => compiler.action(method),
            None => Err(UNKNOWN),
        };
        written.map_err(|reason| fail(compiler.string(name), reason))?;
    }
    Ok(compiler.out.finish())
}

/// Actions being read from `r` and written to `out`, with the method each distinct
/// string names (looked up once).
struct Compiler<'t> {
    r: Reader<'t>,
    strings: &'t [String],
    methods: Vec<Option<Option<Method>>>,
    out: Commands,
}

impl<'t> Compiler<'t> {
    fn string(&self, index: usize) -> &'t str {
        self.strings.get(index).map_or("", String::as_str)
    }

    /// The method named by the string `name`.
    fn method(&mut self, name: usize) -> Option<Method> {
        let strings = self.strings;
        let slot = self.methods.get_mut(name)?;
        *slot.get_or_insert_with(|| strings.get(name).and_then(|s| Method::from_name(s)))
    }

    /// Starts a `{method, data}` record: its method's string index; its data comes next.
    fn record(&mut self) -> Result<usize, &'static str> {
        let kind = self.r.peek();
        self.r.record().ok_or(if kind == Some(Kind::Object) { NO_METHOD } else { NOT_RECORD })
    }

    /// Reads the data of one action and writes its commands.
    fn action(&mut self, method: Method) -> Result<(), &'static str> {
        use Method as M;
        match method {
            M::Save => {
                self.r.skip()?;
                self.out.save();
            }
            M::Restore => {
                self.r.skip()?;
                self.out.restore();
            }
            M::BeginPath | M::Fill | M::Stroke => {
                self.r.skip()?;
                let code = match method {
                    M::BeginPath => Code::BeginPath,
                    M::Fill => Code::Fill,
                    _ => Code::Stroke,
                };
                self.out.push(code, &[]);
            }
            M::Translate => self.command::<2>(Code::Translate)?,
            M::Scale => self.command::<2>(Code::Scale)?,
            M::Rotate => self.command::<1>(Code::Rotate)?,
            M::ClearRect => self.command::<4>(Code::ClearRect)?,
            M::FillRect => self.command::<4>(Code::FillRect)?,
            M::StrokeRect => self.command::<4>(Code::StrokeRect)?,
            M::FillPath | M::StrokePath => self.path(method == M::FillPath)?,
            M::SetFillStyle | M::SetStrokeStyle => self.paint(method == M::SetFillStyle)?,
            M::SetGlobalAlpha => {
                // WeChat records 0–255.
                let [alpha] = self.numbers()?;
                self.out.push(Code::GlobalAlpha, &[(alpha / 255.0).clamp(0.0, 1.0)]);
            }
            M::SetShadow => self.shadow()?,
            M::SetFontSize => {
                let [size] = self.numbers()?;
                let font = self.out.add(format!("{}px sans-serif", number_to_string(size)));
                self.out.push(Code::Font, &[font]);
            }
            M::SetLineWidth => self.command::<1>(Code::LineWidth)?,
            M::SetMiterLimit => self.command::<1>(Code::MiterLimit)?,
            M::SetLineCap => {
                let cap = self.keyword(&["butt", "round", "square"]).ok_or(CAP)?;
                self.out.push(Code::LineCap, &[cap]);
            }
            M::SetLineJoin => {
                let join = self.keyword(&["bevel", "round", "miter"]).ok_or(JOIN)?;
                self.out.push(Code::LineJoin, &[join]);
            }
            M::FillText => self.text()?,
            M::DrawImage => self.image()?,
            _ => self.segment(method, UNKNOWN)?,
        }
        Ok(())
    }

    /// `fillPath`/`strokePath`: `beginPath`, the path steps, then `fill`/`stroke`; one
    /// `rect` becomes `fillRect`/`strokeRect`, which draws the same.
    fn path(&mut self, fill: bool) -> Result<(), &'static str> {
        let steps = self.r.array().ok_or(PATH)?;
        let start = self.out.mark();
        self.out.push(Code::BeginPath, &[]);
        for _ in 0..steps {
            let name = self.r.record().ok_or(PATH)?;
            let method = self.method(name).ok_or(PATH)?;
            self.segment(method, PATH)?;
        }
        if let [_, code, x, y, w, h] = *self.out.since(start) {
            if code == Code::Rect.value() {
                self.out.truncate(start);
                self.out.push(if fill { Code::FillRect } else { Code::StrokeRect }, &[x, y, w, h]);
                return Ok(());
            }
        }
        self.out.push(if fill { Code::Fill } else { Code::Stroke }, &[]);
        Ok(())
    }

    /// A path step, or `not_step` when `method` names none.
    fn segment(&mut self, method: Method, not_step: &'static str) -> Result<(), &'static str> {
        match method {
            Method::ClosePath => {
                self.r.skip()?;
                self.out.push(Code::ClosePath, &[]);
            }
            Method::MoveTo => self.command::<2>(Code::MoveTo)?,
            Method::LineTo => self.command::<2>(Code::LineTo)?,
            Method::QuadraticCurveTo => self.command::<4>(Code::Quadratic)?,
            Method::BezierCurveTo => self.command::<6>(Code::Bezier)?,
            Method::Rect => self.command::<4>(Code::Rect)?,
            Method::Arc => self.arc()?,
            _ => return Err(not_step),
        }
        Ok(())
    }

    /// `[x, y, r, start, end]` with an optional sixth `counterclockwise` (boolean); a
    /// negative radius draws as 0.
    fn arc(&mut self) -> Result<(), &'static str> {
        let ([x, y, r, start, end], ccw) = match self.r.numbers::<5>() {
            Some(values) => (*values, false),
            None => {
                let items = self.r.array().ok_or(ARC)?;
                if items != 5 && items != 6 {
                    return Err(ARC);
                }
                let mut values = [0.0; 5];
                for slot in &mut values {
                    *slot = self.r.number().ok_or(ARC)?;
                }
                (values, items == 6 && self.r.boolean().ok_or(ARC)?)
            }
        };
        self.out.push(Code::Arc, &[x, y, r.max(0.0), start, end, f64::from(u8::from(ccw))]);
        Ok(())
    }

    /// `["normal", rgba]`, `["linear", [x0, y0, x1, y1], stops]` or `["radial", [x, y, r],
    /// stops]` as the fill (`fill`) or stroke style.
    fn paint(&mut self, fill: bool) -> Result<(), &'static str> {
        let items = self.r.array().ok_or(STYLE)?;
        let kind = if items >= 2 { self.r.string().ok_or(STYLE)? } else { return Err(STYLE) };
        let read = match self.string(kind) {
            "normal" => {
                let rgba = self.rgba()?;
                let color = self.out.color(rgba);
                self.out.push(if fill { Code::FillStyle } else { Code::StrokeStyle }, &[color]);
                2
            }
            kind @ ("linear" | "radial") if items >= 3 => {
                let target = f64::from(u8::from(fill));
                if kind == "linear" {
                    let [x0, y0, x1, y1] = self.numbers()?;
                    self.out.push(Code::LinearGradient, &[target, x0, y0, x1, y1]);
                } else {
                    let [x, y, r] = self.numbers()?;
                    self.out.push(Code::RadialGradient, &[target, x, y, r.max(0.0)]);
                }
                self.stops()?;
                3
            }
            _ => return Err(STYLE),
        };
        for _ in read..items {
            self.r.skip()?;
        }
        Ok(())
    }

    /// `[[offset, rgba], …]`, offsets within 0–1: their count, then offset and colour.
    fn stops(&mut self) -> Result<(), &'static str> {
        let count = self.r.array().ok_or(STOPS)?;
        self.out.operands(&[count as f64]);
        for _ in 0..count {
            if self.r.array() != Some(2) {
                return Err(STOPS);
            }
            let offset = self.r.number().ok_or(STOPS)?;
            if !(0.0..=1.0).contains(&offset) {
                return Err(STOPS);
            }
            let rgba = self.rgba()?;
            let color = self.out.color(rgba);
            self.out.operands(&[offset, color]);
        }
        Ok(())
    }

    /// `[word]`, one of `allowed`: the word's string index.
    fn keyword(&mut self, allowed: &[&str]) -> Option<f64> {
        if self.r.array()? != 1 {
            return None;
        }
        let index = self.r.string()?;
        allowed.contains(&self.string(index)).then_some(index as f64)
    }

    /// `[text, x, y]`; a number as text is shown as JS prints it.
    fn text(&mut self) -> Result<(), &'static str> {
        if self.r.array() != Some(3) {
            return Err(TEXT);
        }
        let text = match self.r.peek() {
            Some(Kind::String) => self.r.string().ok_or(TEXT)? as f64,
            Some(Kind::Number) => {
                let number = self.r.number().ok_or(TEXT)?;
                self.out.add(number_to_string(number))
            }
            _ => return Err(TEXT),
        };
        let [x, y] = [self.r.number().ok_or(TEXT)?, self.r.number().ok_or(TEXT)?];
        self.out.push(Code::FillText, &[text, x, y]);
        Ok(())
    }

    /// `[src, x, y]` or `[src, x, y, width, height]`.
    fn image(&mut self) -> Result<(), &'static str> {
        let items = self.r.array().ok_or(IMAGE)?;
        if items != 3 && items != 5 {
            return Err(IMAGE);
        }
        let src = self.r.string().ok_or(IMAGE)?;
        let mut at = [0.0; 5];
        at[0] = self.out.image(src);
        for slot in at.iter_mut().skip(1).take(items - 1) {
            *slot = self.r.number().ok_or(IMAGE)?;
        }
        if items == 5 {
            self.out.push(Code::DrawImageSized, &at);
        } else {
            self.out.push(Code::DrawImage, &at[..3]);
        }
        Ok(())
    }

    /// `[offsetX, offsetY, blur, rgba]`.
    fn shadow(&mut self) -> Result<(), &'static str> {
        if self.r.array() != Some(4) {
            return Err(SHADOW);
        }
        let mut geometry = [0.0; 3];
        for slot in &mut geometry {
            *slot = self.r.number().ok_or(SHADOW)?;
        }
        let rgba = self.rgba()?;
        let color = self.out.color(rgba);
        self.out.push(Code::Shadow, &[geometry[0], geometry[1], geometry[2], color]);
        Ok(())
    }

    /// A command whose operands are the action's `N` numbers.
    #[inline(always)]
    fn command<const N: usize>(&mut self, code: Code) -> Result<(), &'static str> {
        match self.r.numbers::<N>() {
            Some(operands) => self.out.push(code, operands),
            None => {
                let operands = self.numbers_with_nulls::<N>()?;
                self.out.push(code, &operands);
            }
        }
        Ok(())
    }

    /// Exactly `N` numbers (`null` reads as NaN, which the canvas ignores).
    #[inline(always)]
    fn numbers<const N: usize>(&mut self) -> Result<[f64; N], &'static str> {
        match self.r.numbers::<N>() {
            Some(numbers) => Ok(*numbers),
            None => self.numbers_with_nulls(),
        }
    }

    /// Exactly `N` numbers read one by one, for arrays that hold `null`s.
    fn numbers_with_nulls<const N: usize>(&mut self) -> Result<[f64; N], &'static str> {
        if self.r.array() != Some(N) {
            return Err(NUMBERS);
        }
        let mut out = [0.0; N];
        for slot in &mut out {
            *slot = self.r.number().ok_or(NUMBERS)?;
        }
        Ok(out)
    }

    /// `[r, g, b, a]`, each within 0–255 (rounded).
    fn rgba(&mut self) -> Result<Rgba, &'static str> {
        let values: [f64; 4] = self.numbers().map_err(|_| COLOR)?;
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
}
