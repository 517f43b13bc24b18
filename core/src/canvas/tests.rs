//! Host tests of the pure canvas modules: the context's records in WeChat's format, and
//! the checking of actions given to drawCanvas into the canvas calls that replay them.

use super::commands::decode::lines;
use super::compile::compile;
use super::record::{to_json, Method, Recorder, Value, METHODS};
use super::tape::from_json::tape;

/// Reads actions written as JSON, as drawCanvas reads them from JS: the canvas calls
/// they make, one a line, or the error that fails the call.
fn draw(json: &str) -> Result<Vec<String>, String> {
    let tape = tape(json);
    let commands = compile(&tape).map_err(|error| error.to_string())?;
    Ok(lines(&commands, &tape.strings))
}

/// The canvas calls of actions that must be valid.
fn calls(json: &str) -> Vec<String> {
    draw(json).unwrap_or_else(|error| panic!("{json}: {error}"))
}

fn n(v: f64) -> Value {
    Value::Num(v)
}

fn s(v: &str) -> Value {
    Value::Str(v.into())
}

/// Records `calls` on a fresh context and returns `getActions()` as JSON.
fn record(calls: &[(Method, Vec<Value>)]) -> String {
    let mut recorder = Recorder::default();
    for (method, args) in calls {
        recorder.record(*method, args.clone());
    }
    to_json(&recorder.take())
}

#[test]
fn every_method_has_a_js_name() {
    assert_eq!(METHODS.len(), 29);
    assert!(METHODS
        .iter()
        .any(|(name, m)| *name == "setGlobalAlpha" && *m == Method::SetGlobalAlpha));
}

#[test]
fn paths_are_recorded_into_fill_and_stroke() {
    use Method::*;
    let json = record(&[
        (BeginPath, vec![]),
        (LineTo, vec![n(1.0), n(2.0)]),
        (LineTo, vec![n(3.0), n(4.0)]),
        (QuadraticCurveTo, vec![n(1.0), n(2.0), n(3.0), n(4.0)]),
        (BezierCurveTo, vec![n(1.0), n(2.0), n(3.0), n(4.0), n(5.0), n(6.0)]),
        (Arc, vec![n(50.0), n(50.0), n(10.0), n(0.0), n(3.5), Value::Bool(true)]),
        (Rect, vec![n(0.0), n(0.0), n(5.0), n(5.0)]),
        (ClosePath, vec![]),
        (Fill, vec![]),
        (BeginPath, vec![]),
        (MoveTo, vec![n(9.0), n(9.0)]),
        (Stroke, vec![]),
    ]);
    assert_eq!(
        json,
        concat!(
            r#"[{"method":"fillPath","data":[{"method":"moveTo","data":[1,2]},{"method":"lineTo","data":[3,4]},"#,
            r#"{"method":"quadraticCurveTo","data":[1,2,3,4]},{"method":"bezierCurveTo","data":[1,2,3,4,5,6]},"#,
            r#"{"method":"arc","data":[50,50,10,0,3.5,true]},{"method":"rect","data":[0,0,5,5]},"#,
            r#"{"method":"closePath","data":[]}]},"#,
            r#"{"method":"strokePath","data":[{"method":"moveTo","data":[9,9]}]}]"#
        )
    );
}

#[test]
fn rects_transforms_and_state() {
    use Method::*;
    let rect = vec![n(1.0), n(2.0), n(3.0), n(4.0)];
    let json = record(&[
        (FillRect, rect.clone()),
        (StrokeRect, rect.clone()),
        (ClearRect, rect),
        (Save, vec![]),
        (Translate, vec![n(10.0), n(20.0)]),
        (Rotate, vec![n(0.5)]),
        (Scale, vec![n(2.0), n(3.0)]),
        (Restore, vec![]),
    ]);
    assert_eq!(
        json,
        concat!(
            r#"[{"method":"fillPath","data":[{"method":"rect","data":[1,2,3,4]}]},"#,
            r#"{"method":"strokePath","data":[{"method":"rect","data":[1,2,3,4]}]},"#,
            r#"{"method":"clearRect","data":[1,2,3,4]},{"method":"save","data":[]},"#,
            r#"{"method":"translate","data":[10,20]},{"method":"rotate","data":[0.5]},"#,
            r#"{"method":"scale","data":[2,3]},{"method":"restore","data":[]}]"#
        )
    );
}

#[test]
fn styles_are_normalised() {
    use Method::*;
    let json = record(&[
        (SetFillStyle, vec![s("#f00")]),
        (SetStrokeStyle, vec![s("rgba(0, 128, 255, 0.5)")]),
        (SetFillStyle, vec![s("not a colour")]),
        (SetLineWidth, vec![n(5.0), n(9.0)]),
        (SetLineCap, vec![s("round")]),
        (SetLineJoin, vec![s("bevel")]),
        (SetMiterLimit, vec![n(4.0)]),
        (SetFontSize, vec![n(20.0)]),
        (SetGlobalAlpha, vec![n(0.5)]),
        (SetShadow, vec![n(1.0), n(2.0), n(3.0), s("blue")]),
        (SetShadow, vec![n(0.0), n(0.0), n(0.0)]),
    ]);
    assert_eq!(
        json,
        concat!(
            r#"[{"method":"setFillStyle","data":["normal",[255,0,0,255]]},"#,
            r#"{"method":"setStrokeStyle","data":["normal",[0,128,255,127]]},"#,
            r#"{"method":"setLineWidth","data":[5]},{"method":"setLineCap","data":["round"]},"#,
            r#"{"method":"setLineJoin","data":["bevel"]},{"method":"setMiterLimit","data":[4]},"#,
            r#"{"method":"setFontSize","data":[20]},{"method":"setGlobalAlpha","data":[127]},"#,
            r#"{"method":"setShadow","data":[1,2,3,[0,0,255,255]]},"#,
            r#"{"method":"setShadow","data":[0,0,0,[0,0,0,0]]}]"#
        )
    );
}

#[test]
fn text_and_images() {
    use Method::*;
    let json = record(&[
        (FillText, vec![n(42.0), n(1.0), n(2.0)]),
        (FillText, vec![s("he said \"hi\"\n"), n(1.0), n(2.0)]),
        (DrawImage, vec![s("wxfile://tmp_1.png"), n(0.0), n(0.0)]),
        (DrawImage, vec![s("/a.png"), n(1.0), n(2.0), n(3.0), n(4.0)]),
        (DrawImage, vec![s("/a.png"), n(1.0), n(2.0), n(3.0)]),
    ]);
    assert_eq!(
        json,
        concat!(
            r#"[{"method":"fillText","data":["42",1,2]},{"method":"fillText","data":["he said \"hi\"\n",1,2]},"#,
            r#"{"method":"drawImage","data":["wxfile://tmp_1.png",0,0]},"#,
            r#"{"method":"drawImage","data":["/a.png",1,2,3,4]},{"method":"drawImage","data":["/a.png",1,2]}]"#
        )
    );
}

#[test]
fn gradients_are_recorded_with_their_stops() {
    let stops = Value::List(vec![
        Value::List(vec![n(0.0), Value::List(vec![n(255.0), n(0.0), n(0.0), n(255.0)])]),
        Value::List(vec![n(1.0), Value::List(vec![n(0.0), n(0.0), n(255.0), n(255.0)])]),
    ]);
    let linear = Value::List(vec![
        s("linear"),
        Value::List(vec![n(0.0), n(0.0), n(100.0), n(0.0)]),
        stops.clone(),
    ]);
    let radial =
        Value::List(vec![s("radial"), Value::List(vec![n(50.0), n(50.0), n(40.0)]), stops]);
    let json =
        record(&[(Method::SetFillStyle, vec![linear]), (Method::SetStrokeStyle, vec![radial])]);
    assert_eq!(
        json,
        concat!(
            r#"[{"method":"setFillStyle","data":["linear",[0,0,100,0],[[0,[255,0,0,255]],[1,[0,0,255,255]]]]},"#,
            r#"{"method":"setStrokeStyle","data":["radial",[50,50,40],[[0,[255,0,0,255]],[1,[0,0,255,255]]]]}]"#
        )
    );
    assert_eq!(super::record::color_stop(0.5, "lime"), Some((0.5, [0, 255, 0, 255])));
    assert_eq!(super::record::color_stop(0.5, "nope"), None);
    assert_eq!(
        calls(&json),
        [
            "linearGradient 1 0 0 100 0 0 rgba(255,0,0,1), 1 rgba(0,0,255,1)",
            "radialGradient 0 50 50 40 0 rgba(255,0,0,1), 1 rgba(0,0,255,1)"
        ]
    );
}

#[test]
fn get_actions_empties_the_context_and_clear_actions_too() {
    let mut recorder = Recorder::default();
    recorder.record(Method::MoveTo, vec![n(1.0), n(1.0)]);
    recorder.record(Method::Save, vec![]);
    assert_eq!(recorder.take().len(), 1);
    assert!(recorder.take().is_empty());
    recorder.record(Method::Fill, vec![]);
    assert_eq!(to_json(&recorder.take()), r#"[{"method":"fillPath","data":[]}]"#);
    recorder.record(Method::Save, vec![]);
    recorder.clear();
    assert!(recorder.take().is_empty());
}

#[test]
fn recorded_actions_read_back_as_canvas_calls() {
    use Method::*;
    let json = record(&[
        (SetFillStyle, vec![s("red")]),
        (FillRect, vec![n(0.0), n(0.0), n(10.0), n(10.0)]),
        (Arc, vec![n(5.0), n(5.0), n(2.0), n(0.0), n(6.0)]),
        (LineTo, vec![n(1.0), n(1.0)]),
        (Fill, vec![]),
        (Save, vec![]),
        (FillText, vec![s("é"), n(1.0), n(2.0)]),
        (DrawImage, vec![s("a.png"), n(1.0), n(2.0)]),
        (DrawImage, vec![s("a.png"), n(1.0), n(2.0), n(3.0), n(4.0)]),
        (SetGlobalAlpha, vec![n(1.0)]),
        (SetShadow, vec![n(1.0), n(2.0), n(3.0), s("#000")]),
        (SetLineCap, vec![s("square")]),
        (SetLineJoin, vec![s("round")]),
        (SetFontSize, vec![n(12.5)]),
        (SetFillStyle, vec![s("#ff0000")]),
        (StrokeRect, vec![n(1.0), n(2.0), n(3.0), n(4.0)]),
    ]);
    assert_eq!(
        calls(&json),
        [
            "fillStyle rgba(255,0,0,1)",
            "fillRect 0 0 10 10",
            "beginPath",
            "arc 5 5 2 0 6 0",
            "lineTo 1 1",
            "fill",
            "save",
            "fillText é 1 2",
            "drawImage a.png 1 2",
            "drawImage a.png 1 2 3 4",
            "globalAlpha 1",
            "shadow 1 2 3 rgba(0,0,0,1)",
            "lineCap square",
            "lineJoin round",
            "font 12.5px sans-serif",
            "fillStyle rgba(255,0,0,1)",
            "strokeRect 1 2 3 4",
            "restore",
        ],
        "saves left open are closed at the end"
    );
}

#[test]
fn drawing_strings_are_made_once_and_tape_strings_are_not_copied() {
    let tape = tape(
        r#"[{"method":"setFillStyle","data":["normal",[255,0,0,255]]},{"method":"setStrokeStyle","data":["normal",[255,0,0,255]]},
            {"method":"fillText","data":["hi",1,2]},{"method":"fillText","data":[0.5,3,4]},{"method":"setLineCap","data":["round"]},
            {"method":"drawImage","data":["b.png",0,0]},{"method":"drawImage","data":["a.png",0,0]},{"method":"drawImage","data":["b.png",1,1]}]"#,
    );
    let commands = compile(&tape).unwrap();
    assert_eq!(commands.strings, ["rgba(255,0,0,1)", "0.5"]);
    let sources: Vec<&str> = commands.images.iter().map(|i| tape.strings[*i].as_str()).collect();
    assert_eq!(sources, ["b.png", "a.png"]);
    let lines = lines(&commands, &tape.strings);
    assert_eq!(
        lines[2..],
        [
            "fillText hi 1 2",
            "fillText 0.5 3 4",
            "lineCap round",
            "drawImage b.png 0 0",
            "drawImage a.png 0 0",
            "drawImage b.png 1 1"
        ]
    );
}

#[test]
fn paths_become_begin_steps_and_fill_and_a_lone_rect_a_rect_call() {
    assert_eq!(
        calls(
            r#"[{"method":"fillPath","data":[{"method":"moveTo","data":[1,2]},{"method":"arc","data":[5,5,-1,0,3,true]},
                {"method":"quadraticCurveTo","data":[1,2,3,4]},{"method":"bezierCurveTo","data":[1,2,3,4,5,6]},
                {"method":"rect","data":[0,0,1,1]},{"method":"closePath","data":[]}]},
                {"method":"strokePath","data":[{"method":"rect","data":[0,0,5,5]}]},{"method":"strokePath","data":[]}]"#
        ),
        [
            "beginPath",
            "moveTo 1 2",
            "arc 5 5 0 0 3 1",
            "quadraticCurveTo 1 2 3 4",
            "bezierCurveTo 1 2 3 4 5 6",
            "rect 0 0 1 1",
            "closePath",
            "fill",
            "strokeRect 0 0 5 5",
            "beginPath",
            "stroke"
        ]
    );
}

#[test]
fn canvas_methods_as_written_are_accepted() {
    assert_eq!(
        calls(
            r#"[{"data":[1,2,3,4],"method":"fillRect"},{"method":"beginPath"},{"method":"moveTo","data":[0,0]},
                {"method":"arc","data":[1,1,1,0,1,null]},{"method":"fill","data":[]},{"method":"stroke"},
                {"method":"translate","data":[1,2]},{"method":"scale","data":[2,2]},{"method":"rotate","data":[1]},
                {"method":"clearRect","data":[0,0,1,1]},{"method":"restore"},{"method":"setLineWidth","data":[3]},
                {"method":"setMiterLimit","data":[null]},{"method":"setGlobalAlpha","data":[510]}]"#
        ),
        [
            "fillRect 1 2 3 4",
            "beginPath",
            "moveTo 0 0",
            "arc 1 1 1 0 1 0",
            "fill",
            "stroke",
            "translate 1 2",
            "scale 2 2",
            "rotate 1",
            "clearRect 0 0 1 1",
            "restore",
            "lineWidth 3",
            "miterLimit NaN",
            "globalAlpha 1"
        ]
    );
    assert!(calls("[]").is_empty());
}

#[test]
fn malformed_actions_name_their_index_and_method() {
    let error = |json: &str| draw(json).unwrap_err();
    assert_eq!(
        error(r#"[{"method":"save"},{"method":"explode","data":[]}]"#),
        "actions[1] (explode): unknown method"
    );
    assert_eq!(
        error(r#"[{"method":"fillRect","data":[1,2,"x",4]}]"#),
        "actions[0] (fillRect): data should be an Array of Numbers"
    );
    assert_eq!(
        error(r#"[{"method":"fillRect","data":[1,2,3]}]"#),
        "actions[0] (fillRect): data should be an Array of Numbers"
    );
    assert_eq!(
        error(r#"[{"method":"save"},3]"#),
        "actions[1] (): should be an object {method, data}"
    );
    assert_eq!(error(r#"[{"data":[]}]"#), "actions[0] (): method should be a String");
    assert_eq!(
        error(r#"[{"method":"setFillStyle","data":["normal",[1,2,3]]}]"#),
        "actions[0] (setFillStyle): colour should be [r, g, b, a]"
    );
    assert_eq!(
        error(r##"[{"method":"setFillStyle","data":["#ff0000"]}]"##),
        "actions[0] (setFillStyle): data should be [\"normal\", [r, g, b, a]] or a gradient"
    );
    assert_eq!(
        error(r#"[{"method":"setStrokeStyle","data":["linear",[0,0,1,1],[[2,[0,0,0,255]]]]}]"#),
        "actions[0] (setStrokeStyle): gradient stops should be [[offset 0–1, [r, g, b, a]], …]"
    );
    assert_eq!(
        error(r#"[{"method":"fillPath","data":[{"method":"fillRect","data":[0,0,1,1]}]}]"#),
        "actions[0] (fillPath): data should be an Array of {method, data} path steps"
    );
    assert_eq!(
        error(r#"[{"method":"setLineCap","data":["fat"]}]"#),
        "actions[0] (setLineCap): line cap should be butt, round or square"
    );
    assert_eq!(
        error(r#"[{"method":"arc","data":[1,2,3]}]"#),
        "actions[0] (arc): data should be [x, y, r, sAngle, eAngle, counterclockwise?]"
    );
    assert_eq!(
        error(r#"[{"method":"fillText","data":["a",1]}]"#),
        "actions[0] (fillText): data should be [text, x, y]"
    );
    assert_eq!(
        error(r#"[{"method":"drawImage","data":[1,2,3]}]"#),
        "actions[0] (drawImage): data should be [src, x, y] or [src, x, y, width, height]"
    );
    assert_eq!(
        error(r#"[{"method":"setShadow","data":[1,2,3,"red"]}]"#),
        "actions[0] (setShadow): colour should be [r, g, b, a]"
    );
    assert_eq!(error("{}"), "actions[0] (): actions cannot be read");
    assert_eq!(
        error(r#"[{"method":"fillText","data":[true,1,2]}]"#),
        "actions[0] (fillText): data should be [text, x, y]"
    );
}
