//! A checked [`Program`] as one buffer of numbers that `player.js` replays onto a
//! CanvasRenderingContext2D in a plain JS loop, so that drawing 10,000 actions costs
//! one crossing out of wasm instead of one per canvas call. Pure: no browser calls.
//!
//! Each command is an opcode followed by its operands. Strings (texts, image-free
//! colours, fonts, keywords) are indexes into the JS strings array that the tape came
//! with, to which [`Commands::strings`] is appended.

use rustc_hash::FxHashMap;

use super::color::Rgba;
use super::program::{Gradient, Op, Paint, Program, Segment, Shape};
use crate::view::value::number_to_string;

/// The opcodes; `player.js` has the same list.
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

/// The commands of one drawing, and the strings they add to the tape's.
#[derive(Debug, Default, PartialEq)]
pub struct Commands {
    pub codes: Vec<f64>,
    pub strings: Vec<String>,
}

/// Encodes `program`, whose first `tape_strings` strings are already in JS. Saves left
/// open at the end are closed.
pub fn encode(program: &Program, tape_strings: usize) -> Commands {
    let mut encoder = Encoder { program, tape_strings, out: Commands::default(), colors: FxHashMap::default() };
    let mut depth = 0usize;
    for op in &program.ops {
        match op {
            Op::Save => depth += 1,
            Op::Restore => depth = depth.saturating_sub(1),
            _ => {}
        }
        encoder.op(op);
    }
    for _ in 0..depth {
        encoder.code(Code::Restore, &[]);
    }
    encoder.out.codes.shrink_to_fit();
    encoder.out
}

struct Encoder<'p> {
    program: &'p Program,
    tape_strings: usize,
    out: Commands,
    /// The string index of each colour's CSS text, made once per drawing.
    colors: FxHashMap<Rgba, usize>,
}

impl Encoder<'_> {
    fn code(&mut self, code: Code, operands: &[f64]) {
        self.out.codes.push(f64::from(code as u8));
        self.out.codes.extend_from_slice(operands);
    }

    fn op(&mut self, op: &Op) {
        match op {
            Op::Save => self.code(Code::Save, &[]),
            Op::Restore => self.code(Code::Restore, &[]),
            Op::Translate(x, y) => self.code(Code::Translate, &[*x, *y]),
            Op::Scale(x, y) => self.code(Code::Scale, &[*x, *y]),
            Op::Rotate(angle) => self.code(Code::Rotate, &[*angle]),
            Op::ClearRect(rect) => self.code(Code::ClearRect, rect),
            Op::FillRect(rect) => self.code(Code::FillRect, rect),
            Op::StrokeRect(rect) => self.code(Code::StrokeRect, rect),
            Op::FillPath(start, end) | Op::StrokePath(start, end) => {
                self.code(Code::BeginPath, &[]);
                for segment in self.program.segments.get(*start..*end).unwrap_or_default() {
                    self.segment(segment);
                }
                self.code(if matches!(op, Op::FillPath(..)) { Code::Fill } else { Code::Stroke }, &[]);
            }
            Op::BeginPath => self.code(Code::BeginPath, &[]),
            Op::Segment(segment) => self.segment(segment),
            Op::Fill => self.code(Code::Fill, &[]),
            Op::Stroke => self.code(Code::Stroke, &[]),
            Op::FillText(text, x, y) => {
                let text = self.string(*text) as f64;
                self.code(Code::FillText, &[text, *x, *y]);
            }
            Op::DrawImage(image, [x, y, w, h], sized) => {
                let image = *image as f64;
                if *sized {
                    self.code(Code::DrawImageSized, &[image, *x, *y, *w, *h]);
                } else {
                    self.code(Code::DrawImage, &[image, *x, *y]);
                }
            }
            Op::FillStyle(paint) => self.paint(*paint, true),
            Op::StrokeStyle(paint) => self.paint(*paint, false),
            Op::GlobalAlpha(alpha) => self.code(Code::GlobalAlpha, &[*alpha]),
            Op::Shadow([x, y, blur], rgba) => {
                let color = self.color(*rgba) as f64;
                self.code(Code::Shadow, &[*x, *y, *blur, color]);
            }
            Op::FontSize(size) => {
                let font = self.add(format!("{}px sans-serif", number_to_string(*size))) as f64;
                self.code(Code::Font, &[font]);
            }
            Op::LineWidth(width) => self.code(Code::LineWidth, &[*width]),
            Op::MiterLimit(limit) => self.code(Code::MiterLimit, &[*limit]),
            Op::LineCap(cap) => {
                let cap = self.add((*cap).to_owned()) as f64;
                self.code(Code::LineCap, &[cap]);
            }
            Op::LineJoin(join) => {
                let join = self.add((*join).to_owned()) as f64;
                self.code(Code::LineJoin, &[join]);
            }
        }
    }

    fn segment(&mut self, segment: &Segment) {
        match segment {
            Segment::MoveTo(x, y) => self.code(Code::MoveTo, &[*x, *y]),
            Segment::LineTo(x, y) => self.code(Code::LineTo, &[*x, *y]),
            Segment::Quadratic(points) => self.code(Code::Quadratic, points),
            Segment::Bezier(points) => self.code(Code::Bezier, points),
            Segment::Arc([x, y, r, start, end], ccw) => {
                self.code(Code::Arc, &[*x, *y, r.max(0.0), *start, *end, f64::from(u8::from(*ccw))]);
            }
            Segment::Rect(rect) => self.code(Code::Rect, rect),
            Segment::Close => self.code(Code::ClosePath, &[]),
        }
    }

    /// A fill (`fill`) or stroke style: `FillStyle|StrokeStyle colour`, or a gradient
    /// command `target, geometry…, stop count, (offset, colour)…`.
    fn paint(&mut self, paint: Paint, fill: bool) {
        let gradient = match paint {
            Paint::Color(rgba) => {
                let color = self.color(rgba) as f64;
                return self.code(if fill { Code::FillStyle } else { Code::StrokeStyle }, &[color]);
            }
            Paint::Gradient(index) => self.program.gradients.get(index),
        };
        let Some(Gradient { shape, stops }) = gradient else { return };
        let target = f64::from(u8::from(fill));
        match *shape {
            Shape::Linear([x0, y0, x1, y1]) => self.code(Code::LinearGradient, &[target, x0, y0, x1, y1]),
            Shape::Radial([x, y, r]) => self.code(Code::RadialGradient, &[target, x, y, r.max(0.0)]),
        }
        self.out.codes.push(stops.len() as f64);
        for (offset, rgba) in stops {
            let color = self.color(*rgba) as f64;
            self.out.codes.extend_from_slice(&[*offset, color]);
        }
    }

    /// The index of a program string in JS: the tape's own, or one added.
    fn string(&mut self, index: usize) -> usize {
        if index < self.tape_strings {
            index
        } else {
            self.add(self.program.string(index).to_owned())
        }
    }

    fn color(&mut self, rgba: Rgba) -> usize {
        if let Some(index) = self.colors.get(&rgba) {
            return *index;
        }
        let [r, g, b, a] = rgba;
        let index = self.add(format!("rgba({r},{g},{b},{})", number_to_string(f64::from(a) / 255.0)));
        self.colors.insert(rgba, index);
        index
    }

    fn add(&mut self, text: String) -> usize {
        self.out.strings.push(text);
        self.tape_strings + self.out.strings.len() - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ui::canvas::program::parse;
    use crate::api::ui::canvas::tape::from_json::tape;

    fn encode_json(json: &str) -> (Commands, usize) {
        let tape = tape(json);
        let count = tape.strings.len();
        (encode(&parse(tape).unwrap(), count), count)
    }

    const FILL_STYLE: f64 = Code::FillStyle as u8 as f64;

    #[test]
    fn paths_become_begin_segments_and_fill() {
        let (commands, _) = encode_json(
            r#"[{"method":"fillPath","data":[{"method":"moveTo","data":[1,2]},{"method":"arc","data":[5,5,-1,0,3,true]}]},
                {"method":"strokePath","data":[{"method":"rect","data":[0,0,5,5]}]}]"#,
        );
        let [b, m, a, f, s] = [Code::BeginPath, Code::MoveTo, Code::Arc, Code::Fill, Code::StrokeRect].map(|c| c as u8 as f64);
        assert_eq!(commands.codes, vec![b, m, 1.0, 2.0, a, 5.0, 5.0, 0.0, 0.0, 3.0, 1.0, f, s, 0.0, 0.0, 5.0, 5.0]);
        assert!(commands.strings.is_empty());
    }

    #[test]
    fn colours_are_made_once_and_saves_are_closed() {
        let (commands, base) = encode_json(
            r#"[{"method":"save"},{"method":"setFillStyle","data":["normal",[255,0,0,255]]},
                {"method":"setFillStyle","data":["normal",[255,0,0,255]]},{"method":"setFontSize","data":[12.5]},
                {"method":"setLineCap","data":["round"]}]"#,
        );
        let color = base as f64;
        let [save, font, cap, restore] = [Code::Save, Code::Font, Code::LineCap, Code::Restore].map(|c| c as u8 as f64);
        assert_eq!(
            commands.codes,
            vec![save, FILL_STYLE, color, FILL_STYLE, color, font, color + 1.0, cap, color + 2.0, restore]
        );
        assert_eq!(commands.strings, vec!["rgba(255,0,0,1)", "12.5px sans-serif", "round"]);
    }

    #[test]
    fn texts_from_the_tape_are_not_copied_and_numbers_are_printed() {
        let json = r#"[{"method":"fillText","data":["hi",1,2]},{"method":"fillText","data":[0.5,3,4]}]"#;
        let (commands, base) = encode_json(json);
        let text = Code::FillText as u8 as f64;
        let hi = tape(json).strings.iter().position(|s| s == "hi").unwrap() as f64;
        assert_eq!(commands.codes, vec![text, hi, 1.0, 2.0, text, base as f64, 3.0, 4.0]);
        assert_eq!(commands.strings, vec!["0.5"]);
    }

    #[test]
    fn gradients_carry_their_stops() {
        let (commands, base) = encode_json(
            r#"[{"method":"setStrokeStyle","data":["radial",[50,50,40],[[0,[255,0,0,255]],[1,[0,0,255,0]]]]}]"#,
        );
        let radial = Code::RadialGradient as u8 as f64;
        let (red, blue) = (base as f64, base as f64 + 1.0);
        assert_eq!(commands.codes, vec![radial, 0.0, 50.0, 50.0, 40.0, 2.0, 0.0, red, 1.0, blue]);
        assert_eq!(commands.strings, vec!["rgba(255,0,0,1)", "rgba(0,0,255,0)"]);
    }
}
