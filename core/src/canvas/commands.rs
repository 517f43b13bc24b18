//! The drawing as one buffer of numbers that `player.js` replays onto a
//! CanvasRenderingContext2D in a plain JS loop, so that drawing 10,000 actions costs
//! one crossing out of wasm instead of one per canvas call. Pure: no browser calls.
//!
//! Each command is an opcode followed by its operands. Strings (texts, colours, fonts,
//! keywords) are indexes into the JS strings array that the tape came with, to which
//! [`Commands::strings`] is appended; images are indexes into [`Commands::images`].

use rustc_hash::FxHashMap;

use super::color::Rgba;
use crate::value::number_to_string;

/// The opcodes; `player.js` has the same list. Operands, in order:
/// - `Translate`, `Scale`, `MoveTo`, `LineTo`: x, y. `Rotate`: angle.
/// - `ClearRect`, `FillRect`, `StrokeRect`, `Rect`: x, y, width, height.
/// - `Quadratic`: cpx, cpy, x, y. `Bezier`: cp1x, cp1y, cp2x, cp2y, x, y.
/// - `Arc`: x, y, r, start, end, counterclockwise (1 or 0).
/// - `FillText`: text, x, y. `DrawImage`: image, x, y. `DrawImageSized`: image, x, y, w, h.
/// - `FillStyle`, `StrokeStyle`, `Font`, `LineCap`, `LineJoin`: a string.
/// - `LinearGradient`: fill (1) or stroke (0), x0, y0, x1, y1, then the stops.
///   `RadialGradient`: fill or stroke, x, y, r, then the stops. The stops: their count,
///   then offset and colour for each.
/// - `GlobalAlpha`, `LineWidth`, `MiterLimit`: a number. `Shadow`: x, y, blur, colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Code {
    Save,
    Restore,
    Translate,
    Scale,
    Rotate,
    ClearRect,
    FillRect,
    StrokeRect,
    BeginPath,
    MoveTo,
    LineTo,
    Quadratic,
    Bezier,
    Arc,
    Rect,
    ClosePath,
    Fill,
    Stroke,
    FillText,
    DrawImage,
    DrawImageSized,
    FillStyle,
    StrokeStyle,
    LinearGradient,
    RadialGradient,
    GlobalAlpha,
    Shadow,
    Font,
    LineWidth,
    MiterLimit,
    LineCap,
    LineJoin,
}

impl Code {
    /// The opcode as the buffer holds it.
    pub fn value(self) -> f64 {
        f64::from(self as u8)
    }
}

/// The commands of one drawing, with the strings they add to the tape's and the
/// images they draw.
#[derive(Debug, Default)]
pub struct Commands {
    pub codes: Vec<f64>,
    /// Strings made for the drawing (colours, fonts, keywords, numbers shown as text),
    /// numbered after the tape's own.
    pub strings: Vec<String>,
    /// The distinct image sources, in order of first use, as indexes into the tape's
    /// strings.
    pub images: Vec<usize>,
    tape_strings: usize,
    /// The string index of each colour's CSS text (keyed by its bytes), made once.
    colors: FxHashMap<u32, f64>,
    /// Saves not yet restored, closed by [`Commands::finish`].
    open_saves: usize,
}

impl Commands {
    /// An empty drawing for a tape with `tape_strings` strings (already in JS), room
    /// reserved for `capacity` numbers.
    pub fn new(tape_strings: usize, capacity: usize) -> Self {
        Commands { codes: Vec::with_capacity(capacity), tape_strings, ..Commands::default() }
    }

    /// Appends one command.
    #[inline(always)]
    pub fn push(&mut self, code: Code, operands: &[f64]) {
        self.codes.push(code.value());
        self.codes.extend_from_slice(operands);
    }
    /// Where the next command goes, to come back to with [`Commands::truncate`].
    pub fn mark(&self) -> usize {
        self.codes.len()
    }

    pub fn truncate(&mut self, len: usize) {
        self.codes.truncate(len);
    }

    /// The numbers written since `mark`.
    pub fn since(&self, mark: usize) -> &[f64] {
        self.codes.get(mark..).unwrap_or_default()
    }

    /// Appends numbers to the command being written.
    #[inline(always)]
    pub fn operands(&mut self, values: &[f64]) {
        self.codes.extend_from_slice(values);
    }

    pub fn save(&mut self) {
        self.open_saves += 1;
        self.push(Code::Save, &[]);
    }

    /// A `restore` with nothing saved changes nothing on a canvas, and is kept.
    pub fn restore(&mut self) {
        self.open_saves = self.open_saves.saturating_sub(1);
        self.push(Code::Restore, &[]);
    }

    /// The string index of a colour's CSS text.
    pub fn color(&mut self, rgba: Rgba) -> f64 {
        let key = u32::from_le_bytes(rgba);
        if let Some(index) = self.colors.get(&key) {
            return *index;
        }
        let [r, g, b, a] = rgba;
        let index =
            self.add(format!("rgba({r},{g},{b},{})", number_to_string(f64::from(a) / 255.0)));
        self.colors.insert(key, index);
        index
    }

    /// The index of a string made for this drawing.
    pub fn add(&mut self, text: String) -> f64 {
        self.strings.push(text);
        (self.tape_strings + self.strings.len() - 1) as f64
    }

    /// The index into [`Commands::images`] of the image whose source is tape string
    /// `src`.
    pub fn image(&mut self, src: usize) -> f64 {
        let index = self.images.iter().position(|known| *known == src).unwrap_or_else(|| {
            self.images.push(src);
            self.images.len() - 1
        });
        index as f64
    }

    /// Ends the drawing: saves left open are closed.
    pub fn finish(mut self) -> Self {
        for _ in 0..self.open_saves {
            self.push(Code::Restore, &[]);
        }
        self.open_saves = 0;
        self
    }
}

#[cfg(test)]
pub mod decode {
    //! Commands read back as canvas calls, one line each (`fillRect 0 0 5 5`,
    //! `fillStyle rgba(255,0,0,1)`), for host tests.
    use super::{Code, Commands};

    const CODES: [(Code, &str, &str); 32] = [
        (Code::Save, "save", ""),
        (Code::Restore, "restore", ""),
        (Code::Translate, "translate", "nn"),
        (Code::Scale, "scale", "nn"),
        (Code::Rotate, "rotate", "n"),
        (Code::ClearRect, "clearRect", "nnnn"),
        (Code::FillRect, "fillRect", "nnnn"),
        (Code::StrokeRect, "strokeRect", "nnnn"),
        (Code::BeginPath, "beginPath", ""),
        (Code::MoveTo, "moveTo", "nn"),
        (Code::LineTo, "lineTo", "nn"),
        (Code::Quadratic, "quadraticCurveTo", "nnnn"),
        (Code::Bezier, "bezierCurveTo", "nnnnnn"),
        (Code::Arc, "arc", "nnnnnn"),
        (Code::Rect, "rect", "nnnn"),
        (Code::ClosePath, "closePath", ""),
        (Code::Fill, "fill", ""),
        (Code::Stroke, "stroke", ""),
        (Code::FillText, "fillText", "snn"),
        (Code::DrawImage, "drawImage", "inn"),
        (Code::DrawImageSized, "drawImage", "innnn"),
        (Code::FillStyle, "fillStyle", "s"),
        (Code::StrokeStyle, "strokeStyle", "s"),
        (Code::LinearGradient, "linearGradient", "nnnnnG"),
        (Code::RadialGradient, "radialGradient", "nnnnG"),
        (Code::GlobalAlpha, "globalAlpha", "n"),
        (Code::Shadow, "shadow", "nnns"),
        (Code::Font, "font", "s"),
        (Code::LineWidth, "lineWidth", "n"),
        (Code::MiterLimit, "miterLimit", "n"),
        (Code::LineCap, "lineCap", "s"),
        (Code::LineJoin, "lineJoin", "s"),
    ];

    /// Each command as a line: numbers as JS prints them, strings and image sources as
    /// their text, gradient stops as `offset colour` pairs.
    pub fn lines(commands: &Commands, tape_strings: &[String]) -> Vec<String> {
        let string = |index: f64| {
            let index = index as usize;
            tape_strings
                .get(index)
                .or_else(|| commands.strings.get(index - tape_strings.len()))
                .cloned()
                .expect("a string index")
        };
        let number = crate::value::number_to_string;
        let codes = &commands.codes;
        let mut out = Vec::new();
        let mut i = 0;
        while i < codes.len() {
            let (_, name, operands) =
                CODES.iter().find(|(code, ..)| code.value() == codes[i]).expect("an opcode");
            i += 1;
            let mut line = name.to_string();
            for kind in operands.chars() {
                let value = codes[i];
                i += 1;
                let text = match kind {
                    'n' => number(value),
                    's' => string(value),
                    'i' => string(commands.images[value as usize] as f64),
                    _ => {
                        let stops: Vec<String> = (0..value as usize)
                            .map(|k| {
                                format!(
                                    "{} {}",
                                    number(codes[i + 2 * k]),
                                    string(codes[i + 2 * k + 1])
                                )
                            })
                            .collect();
                        i += 2 * stops.len();
                        stops.join(", ")
                    }
                };
                line.push(' ');
                line.push_str(&text);
            }
            out.push(line);
        }
        out
    }
}
