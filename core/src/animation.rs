//! The semantics of wx.createAnimation, without the browser: the instance's options with
//! WeChat's defaults, the animates recorded for the current step, `step(options)` closing
//! a group, and `export()` writing WeChat's `{actions}` (as JSON text) and clearing them.
//!
//! The format follows base library 1.x (the seed's, read from its WAService.js):
//! - style methods record `{type:"style", args:[name, value]}` with the names `opacity`,
//!   `backgroundColor`, `width`, `height`, `top`, `left`, `bottom`, `right`; a number
//!   given to width…right becomes `"<n>px"`, opacity and backgroundColor keep the value;
//! - transform methods record `{type:<method>, args:[…]}` with the numbers as given (no
//!   "deg"/"px": the view adds them), defaults filling missing arguments: rotate* and skew*
//!   0, scale* 1 (`scale(sx)` repeats sx for sy), translate* 0 (`translate(30)` stores
//!   `[30, 0]`), matrix/matrix3d the identity;
//! - `step()` merges its animates into those of earlier steps, one per transform type and
//!   one per style name (a later one replaces an earlier one in place), and the action
//!   lists all of them: transforms and styles carry over between steps and exports.
//!
//! Where we choose: base library 1.x defaulted matrix's tx and ty to 1, an evident slip;
//! we use the identity (0), as its later versions do. WeChat stores any JS value; we keep
//! numbers and strings, an argument of another type counts as missing (a style method
//! without a usable value records nothing), and a non-finite number exports as `null`
//! (JSON has no NaN).

use crate::json_text::write_string;
use crate::value::number_to_string;

/// An argument as WeChat stores it.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Num(f64),
    Text(String),
}

/// The recording methods of an Animation instance, in the order of [`Method::ALL`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Opacity,
    BackgroundColor,
    Width,
    Height,
    Top,
    Left,
    Bottom,
    Right,
    Rotate,
    RotateX,
    RotateY,
    RotateZ,
    Rotate3d,
    Scale,
    ScaleX,
    ScaleY,
    ScaleZ,
    Scale3d,
    Translate,
    TranslateX,
    TranslateY,
    TranslateZ,
    Translate3d,
    Skew,
    SkewX,
    SkewY,
    Matrix,
    Matrix3d,
}

const IDENTITY_3D: [f64; 16] =
    [1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0];

impl Method {
    /// Every method; its index is the method's number in calls from JS.
    pub const ALL: [Method; 28] = [
        Method::Opacity,
        Method::BackgroundColor,
        Method::Width,
        Method::Height,
        Method::Top,
        Method::Left,
        Method::Bottom,
        Method::Right,
        Method::Rotate,
        Method::RotateX,
        Method::RotateY,
        Method::RotateZ,
        Method::Rotate3d,
        Method::Scale,
        Method::ScaleX,
        Method::ScaleY,
        Method::ScaleZ,
        Method::Scale3d,
        Method::Translate,
        Method::TranslateX,
        Method::TranslateY,
        Method::TranslateZ,
        Method::Translate3d,
        Method::Skew,
        Method::SkewX,
        Method::SkewY,
        Method::Matrix,
        Method::Matrix3d,
    ];

    /// The JS method name, which is also the animate's `type` (or style name).
    pub fn name(self) -> &'static str {
        match self {
            Method::Opacity => "opacity",
            Method::BackgroundColor => "backgroundColor",
            Method::Width => "width",
            Method::Height => "height",
            Method::Top => "top",
            Method::Left => "left",
            Method::Bottom => "bottom",
            Method::Right => "right",
            Method::Rotate => "rotate",
            Method::RotateX => "rotateX",
            Method::RotateY => "rotateY",
            Method::RotateZ => "rotateZ",
            Method::Rotate3d => "rotate3d",
            Method::Scale => "scale",
            Method::ScaleX => "scaleX",
            Method::ScaleY => "scaleY",
            Method::ScaleZ => "scaleZ",
            Method::Scale3d => "scale3d",
            Method::Translate => "translate",
            Method::TranslateX => "translateX",
            Method::TranslateY => "translateY",
            Method::TranslateZ => "translateZ",
            Method::Translate3d => "translate3d",
            Method::Skew => "skew",
            Method::SkewX => "skewX",
            Method::SkewY => "skewY",
            Method::Matrix => "matrix",
            Method::Matrix3d => "matrix3d",
        }
    }

    /// The method numbered `index` in [`Method::ALL`].
    pub fn from_index(index: usize) -> Option<Method> {
        Method::ALL.get(index).copied()
    }

    /// A transform's default arguments (its arity); `None` for a style method.
    fn transform_defaults(self) -> Option<&'static [f64]> {
        Some(match self {
            Method::Opacity
            | Method::BackgroundColor
            | Method::Width
            | Method::Height
            | Method::Top
            | Method::Left
            | Method::Bottom
            | Method::Right => return None,
            Method::Rotate | Method::RotateX | Method::RotateY | Method::RotateZ => &[0.0],
            Method::Rotate3d => &[0.0; 4],
            Method::Scale => &[1.0, 1.0],
            Method::ScaleX | Method::ScaleY | Method::ScaleZ => &[1.0],
            Method::Scale3d => &[1.0; 3],
            Method::Translate | Method::Skew => &[0.0; 2],
            Method::TranslateX
            | Method::TranslateY
            | Method::TranslateZ
            | Method::SkewX
            | Method::SkewY => &[0.0],
            Method::Translate3d => &[0.0; 3],
            Method::Matrix => &[1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
            Method::Matrix3d => &IDENTITY_3D,
        })
    }

    /// Whether a number given to this style method becomes `"<n>px"`.
    fn takes_px(self) -> bool {
        matches!(
            self,
            Method::Width
                | Method::Height
                | Method::Top
                | Method::Left
                | Method::Bottom
                | Method::Right
        )
    }
}

/// Options of createAnimation or of one step, as given: `None` where absent or unusable.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    pub duration: Option<f64>,
    pub timing_function: Option<String>,
    pub delay: Option<f64>,
    pub transform_origin: Option<String>,
}

impl Settings {
    fn is_empty(&self) -> bool {
        *self == Settings::default()
    }
}

/// An instance's resolved options, the `option` of each exported action.
#[derive(Debug, Clone, PartialEq)]
struct StepOption {
    duration: f64,
    timing_function: String,
    delay: f64,
    transform_origin: String,
}

impl StepOption {
    /// createAnimation's options over WeChat's defaults (an empty transformOrigin too
    /// falls back, as WeChat's `||` does).
    fn new(settings: Settings) -> Self {
        StepOption {
            duration: settings.duration.unwrap_or(400.0),
            timing_function: settings.timing_function.unwrap_or_else(|| "linear".into()),
            delay: settings.delay.unwrap_or(0.0),
            transform_origin: settings
                .transform_origin
                .filter(|o| !o.is_empty())
                .unwrap_or_else(|| "50% 50% 0".into()),
        }
    }

    /// `{"transformOrigin":…,"transition":{"duration":…,"timingFunction":…,"delay":…}}`,
    /// each field from `over` where given, else from `self`.
    fn write(&self, over: &Settings, out: &mut String) {
        out.push_str("{\"transformOrigin\":");
        write_string(out, over.transform_origin.as_deref().unwrap_or(&self.transform_origin));
        out.push_str(",\"transition\":{\"duration\":");
        write_num(over.duration.unwrap_or(self.duration), out);
        out.push_str(",\"timingFunction\":");
        write_string(out, over.timing_function.as_deref().unwrap_or(&self.timing_function));
        out.push_str(",\"delay\":");
        write_num(over.delay.unwrap_or(self.delay), out);
        out.push_str("}}");
    }
}

/// The state of one Animation instance. Each animate is kept as its JSON text, written
/// once when recorded; each step is written once when closed.
#[derive(Debug)]
pub struct Animation {
    option: StepOption,
    /// The instance's own option as JSON, shared by every step given no options.
    option_json: String,
    /// Animates recorded since the last step.
    pending: Vec<(Method, String)>,
    /// The latest animate of each type or style name, in order of first appearance.
    current: Vec<(Method, String)>,
    /// The steps since the last export, as comma-separated JSON objects.
    actions: String,
}

impl Animation {
    /// wx.createAnimation(options).
    pub fn new(settings: Settings) -> Self {
        let option = StepOption::new(settings);
        let mut option_json = String::new();
        option.write(&Settings::default(), &mut option_json);
        Animation {
            option,
            option_json,
            pending: Vec::new(),
            current: Vec::new(),
            actions: String::new(),
        }
    }

    /// One recording method (`rotate(45)`, `opacity(0.5)`, …); `args` are the JS
    /// arguments, `None` for any that is neither a number nor a string.
    pub fn record(&mut self, method: Method, args: &[Option<Arg>]) {
        let mut json = String::with_capacity(40);
        match method.transform_defaults() {
            Some(defaults) => {
                json.push_str("{\"type\":\"");
                json.push_str(method.name());
                json.push_str("\",\"args\":[");
                let mut first: Option<Arg> = None;
                for (index, default) in defaults.iter().enumerate() {
                    let given = args.get(index).and_then(Option::as_ref);
                    // scale(sx) repeats sx for a missing sy.
                    let arg = match (given, &first) {
                        (Some(arg), _) => arg.clone(),
                        (None, Some(sx)) if method == Method::Scale => sx.clone(),
                        (None, _) => Arg::Num(*default),
                    };
                    if index > 0 {
                        json.push(',');
                    }
                    write_arg(&arg, &mut json);
                    first.get_or_insert(arg);
                }
                json.push_str("]}");
            }
            None => {
                let Some(Some(value)) = args.first() else { return };
                json.push_str("{\"type\":\"style\",\"args\":[\"");
                json.push_str(method.name());
                json.push_str("\",");
                match value {
                    Arg::Num(n) if method.takes_px() => {
                        json.push('"');
                        json.push_str(&number_to_string(*n));
                        json.push_str("px\"");
                    }
                    value => write_arg(value, &mut json),
                }
                json.push_str("]}");
            }
        }
        self.pending.push((method, json));
    }

    /// `step(options)`: closes the current group; `over` overrides the instance's options
    /// for this step only.
    pub fn step(&mut self, over: &Settings) {
        for (method, json) in self.pending.drain(..) {
            match self.current.iter_mut().find(|(m, _)| *m == method) {
                Some(slot) => slot.1 = json,
                None => self.current.push((method, json)),
            }
        }
        if !self.actions.is_empty() {
            self.actions.push(',');
        }
        self.actions.push_str("{\"animates\":[");
        for (index, (_, json)) in self.current.iter().enumerate() {
            if index > 0 {
                self.actions.push(',');
            }
            self.actions.push_str(json);
        }
        self.actions.push_str("],\"option\":");
        if over.is_empty() {
            self.actions.push_str(&self.option_json);
        } else {
            self.option.write(over, &mut self.actions);
        }
        self.actions.push('}');
    }

    /// `export()`: `{"actions":[…]}` for the steps since the last export, which it
    /// clears. Animates recorded without a step yet stay for the next step, as in WeChat.
    pub fn export(&mut self) -> String {
        let mut out = String::with_capacity(self.actions.len() + 14);
        out.push_str("{\"actions\":[");
        out.push_str(&self.actions);
        out.push_str("]}");
        self.actions = String::new();
        out
    }
}

fn write_arg(arg: &Arg, out: &mut String) {
    match arg {
        Arg::Num(n) => write_num(*n, out),
        Arg::Text(text) => write_string(out, text),
    }
}

/// A JSON number as JS writes it; `null` for NaN and the infinities, as JSON.stringify does.
fn write_num(n: f64, out: &mut String) {
    if n.is_finite() {
        out.push_str(&number_to_string(n));
    } else {
        out.push_str("null");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEFAULT_OPTION: &str = r#"{"transformOrigin":"50% 50% 0","transition":{"duration":400,"timingFunction":"linear","delay":0}}"#;

    fn n(v: f64) -> Option<Arg> {
        Some(Arg::Num(v))
    }

    fn t(v: &str) -> Option<Arg> {
        Some(Arg::Text(v.into()))
    }

    /// The export of one step with `method(args)` on a fresh default instance.
    fn one(method: Method, args: &[Option<Arg>]) -> String {
        let mut animation = Animation::new(Settings::default());
        animation.record(method, args);
        animation.step(&Settings::default());
        animation.export()
    }

    fn action(animates: &str) -> String {
        format!(r#"{{"actions":[{{"animates":[{animates}],"option":{DEFAULT_OPTION}}}]}}"#)
    }

    #[test]
    fn style_methods() {
        use Method::*;
        assert_eq!(one(Opacity, &[n(0.5)]), action(r#"{"type":"style","args":["opacity",0.5]}"#));
        assert_eq!(
            one(BackgroundColor, &[t("#f00")]),
            action(r##"{"type":"style","args":["backgroundColor","#f00"]}"##)
        );
        for (method, name) in [
            (Width, "width"),
            (Height, "height"),
            (Top, "top"),
            (Left, "left"),
            (Bottom, "bottom"),
            (Right, "right"),
        ] {
            let expected = format!(r#"{{"type":"style","args":["{name}","10px"]}}"#);
            assert_eq!(one(method, &[n(10.0)]), action(&expected), "{name}");
            let expected = format!(r#"{{"type":"style","args":["{name}","50%"]}}"#);
            assert_eq!(one(method, &[t("50%")]), action(&expected), "{name}");
        }
        assert_eq!(one(Width, &[n(0.5)]), action(r#"{"type":"style","args":["width","0.5px"]}"#));
        // A style call without a usable value records nothing.
        assert_eq!(one(Opacity, &[]), action(""));
        assert_eq!(one(Width, &[None]), action(""));
    }

    #[test]
    fn rotate_methods() {
        use Method::*;
        assert_eq!(one(Rotate, &[n(45.0)]), action(r#"{"type":"rotate","args":[45]}"#));
        assert_eq!(one(Rotate, &[]), action(r#"{"type":"rotate","args":[0]}"#));
        assert_eq!(one(RotateX, &[n(10.0)]), action(r#"{"type":"rotateX","args":[10]}"#));
        assert_eq!(one(RotateY, &[n(-20.5)]), action(r#"{"type":"rotateY","args":[-20.5]}"#));
        assert_eq!(one(RotateZ, &[]), action(r#"{"type":"rotateZ","args":[0]}"#));
        assert_eq!(
            one(Rotate3d, &[n(1.0), n(1.0), n(0.0), n(30.0)]),
            action(r#"{"type":"rotate3d","args":[1,1,0,30]}"#)
        );
        assert_eq!(one(Rotate3d, &[n(1.0)]), action(r#"{"type":"rotate3d","args":[1,0,0,0]}"#));
        // A string keeps its unit.
        assert_eq!(one(Rotate, &[t("1turn")]), action(r#"{"type":"rotate","args":["1turn"]}"#));
    }

    #[test]
    fn scale_methods() {
        use Method::*;
        assert_eq!(one(Scale, &[n(2.0)]), action(r#"{"type":"scale","args":[2,2]}"#));
        assert_eq!(one(Scale, &[n(2.0), n(3.0)]), action(r#"{"type":"scale","args":[2,3]}"#));
        assert_eq!(one(Scale, &[]), action(r#"{"type":"scale","args":[1,1]}"#));
        assert_eq!(one(Scale, &[n(2.0), None]), action(r#"{"type":"scale","args":[2,2]}"#));
        assert_eq!(one(ScaleX, &[n(0.5)]), action(r#"{"type":"scaleX","args":[0.5]}"#));
        assert_eq!(one(ScaleY, &[]), action(r#"{"type":"scaleY","args":[1]}"#));
        assert_eq!(one(ScaleZ, &[n(3.0)]), action(r#"{"type":"scaleZ","args":[3]}"#));
        assert_eq!(one(Scale3d, &[n(2.0)]), action(r#"{"type":"scale3d","args":[2,1,1]}"#));
    }

    #[test]
    fn translate_methods() {
        use Method::*;
        assert_eq!(one(Translate, &[n(30.0)]), action(r#"{"type":"translate","args":[30,0]}"#));
        assert_eq!(
            one(Translate, &[n(10.0), n(20.0)]),
            action(r#"{"type":"translate","args":[10,20]}"#)
        );
        assert_eq!(
            one(Translate, &[t("50%"), t("1em")]),
            action(r#"{"type":"translate","args":["50%","1em"]}"#)
        );
        assert_eq!(one(TranslateX, &[n(5.0)]), action(r#"{"type":"translateX","args":[5]}"#));
        assert_eq!(one(TranslateY, &[]), action(r#"{"type":"translateY","args":[0]}"#));
        assert_eq!(one(TranslateZ, &[n(7.0)]), action(r#"{"type":"translateZ","args":[7]}"#));
        assert_eq!(
            one(Translate3d, &[n(1.0), n(2.0)]),
            action(r#"{"type":"translate3d","args":[1,2,0]}"#)
        );
    }

    #[test]
    fn skew_and_matrix_methods() {
        use Method::*;
        assert_eq!(one(Skew, &[n(10.0)]), action(r#"{"type":"skew","args":[10,0]}"#));
        assert_eq!(one(SkewX, &[n(15.0)]), action(r#"{"type":"skewX","args":[15]}"#));
        assert_eq!(one(SkewY, &[]), action(r#"{"type":"skewY","args":[0]}"#));
        assert_eq!(one(Matrix, &[]), action(r#"{"type":"matrix","args":[1,0,0,1,0,0]}"#));
        let six: Vec<_> = (1..=6).map(|v| n(v.into())).collect();
        assert_eq!(one(Matrix, &six), action(r#"{"type":"matrix","args":[1,2,3,4,5,6]}"#));
        assert_eq!(
            one(Matrix3d, &[]),
            action(r#"{"type":"matrix3d","args":[1,0,0,0,0,1,0,0,0,0,1,0,0,0,0,1]}"#)
        );
        let sixteen: Vec<_> = (0..16).map(|v| n(v.into())).collect();
        assert_eq!(
            one(Matrix3d, &sixteen),
            action(r#"{"type":"matrix3d","args":[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15]}"#)
        );
        // Extra arguments are ignored.
        assert_eq!(one(SkewX, &[n(1.0), n(2.0)]), action(r#"{"type":"skewX","args":[1]}"#));
    }

    #[test]
    fn instance_options_and_defaults() {
        let mut animation = Animation::new(Settings {
            duration: Some(1000.0),
            timing_function: Some("ease".into()),
            delay: None,
            transform_origin: Some(String::new()),
        });
        animation.step(&Settings::default());
        assert_eq!(
            animation.export(),
            r#"{"actions":[{"animates":[],"option":{"transformOrigin":"50% 50% 0","transition":{"duration":1000,"timingFunction":"ease","delay":0}}}]}"#
        );
        let mut animation = Animation::new(Settings {
            transform_origin: Some("0 0".into()),
            delay: Some(50.0),
            ..Settings::default()
        });
        animation.step(&Settings::default());
        assert_eq!(
            animation.export(),
            r#"{"actions":[{"animates":[],"option":{"transformOrigin":"0 0","transition":{"duration":400,"timingFunction":"linear","delay":50}}}]}"#
        );
    }

    #[test]
    fn step_options_merge_over_the_instance_for_that_step_only() {
        let mut animation =
            Animation::new(Settings { duration: Some(1000.0), ..Settings::default() });
        animation.record(Method::Rotate, &[n(45.0)]);
        animation.step(&Settings {
            duration: Some(200.0),
            transform_origin: Some("left top".into()),
            ..Settings::default()
        });
        animation.record(Method::Rotate, &[n(90.0)]);
        animation.step(&Settings::default());
        assert_eq!(
            animation.export(),
            concat!(
                r#"{"actions":["#,
                r#"{"animates":[{"type":"rotate","args":[45]}],"option":{"transformOrigin":"left top","transition":{"duration":200,"timingFunction":"linear","delay":0}}},"#,
                r#"{"animates":[{"type":"rotate","args":[90]}],"option":{"transformOrigin":"50% 50% 0","transition":{"duration":1000,"timingFunction":"linear","delay":0}}}"#,
                r#"]}"#
            )
        );
    }

    #[test]
    fn animates_carry_over_between_steps_and_exports() {
        let mut animation = Animation::new(Settings::default());
        animation.record(Method::Rotate, &[n(45.0)]);
        animation.record(Method::Opacity, &[n(0.5)]);
        animation.step(&Settings::default());
        animation.record(Method::Scale, &[n(2.0)]);
        animation.record(Method::Rotate, &[n(90.0)]);
        animation.step(&Settings::default());
        let rotate45 = r#"{"type":"rotate","args":[45]}"#;
        let rotate90 = r#"{"type":"rotate","args":[90]}"#;
        let opacity = r#"{"type":"style","args":["opacity",0.5]}"#;
        let scale = r#"{"type":"scale","args":[2,2]}"#;
        assert_eq!(
            animation.export(),
            format!(
                r#"{{"actions":[{{"animates":[{rotate45},{opacity}],"option":{DEFAULT_OPTION}}},{{"animates":[{rotate90},{opacity},{scale}],"option":{DEFAULT_OPTION}}}]}}"#
            )
        );
        // The next export starts from where the last one ended.
        animation.record(Method::Translate, &[n(30.0)]);
        animation.step(&Settings::default());
        let translate = r#"{"type":"translate","args":[30,0]}"#;
        assert_eq!(
            animation.export(),
            action(&format!("{rotate90},{opacity},{scale},{translate}"))
        );
    }

    #[test]
    fn the_same_type_twice_in_a_step_keeps_the_last() {
        let mut animation = Animation::new(Settings::default());
        animation.record(Method::Rotate, &[n(10.0)]);
        animation.record(Method::Rotate, &[n(20.0)]);
        animation.step(&Settings::default());
        assert_eq!(animation.export(), action(r#"{"type":"rotate","args":[20]}"#));
    }

    #[test]
    fn export_clears_the_steps_but_not_the_pending_animates() {
        let mut animation = Animation::new(Settings::default());
        assert_eq!(animation.export(), r#"{"actions":[]}"#);
        animation.record(Method::Rotate, &[n(45.0)]);
        animation.step(&Settings::default());
        animation.export();
        assert_eq!(animation.export(), r#"{"actions":[]}"#);
        animation.record(Method::Opacity, &[n(0.0)]);
        assert_eq!(animation.export(), r#"{"actions":[]}"#);
        animation.step(&Settings::default());
        assert_eq!(
            animation.export(),
            action(r#"{"type":"rotate","args":[45]},{"type":"style","args":["opacity",0]}"#)
        );
    }

    #[test]
    fn json_edge_cases() {
        assert_eq!(
            one(Method::Rotate, &[n(f64::NAN)]),
            action(r#"{"type":"rotate","args":[null]}"#)
        );
        assert_eq!(
            one(Method::BackgroundColor, &[t("a\"b\\c\n\u{1}é")]),
            action(r#"{"type":"style","args":["backgroundColor","a\"b\\c\n\u0001é"]}"#)
        );
        assert_eq!(
            one(Method::Opacity, &[n(0.1 + 0.2)]),
            action(r#"{"type":"style","args":["opacity",0.30000000000000004]}"#)
        );
    }

    #[test]
    fn methods_are_numbered_in_order() {
        for (index, method) in Method::ALL.iter().enumerate() {
            assert_eq!(Method::from_index(index), Some(*method));
        }
        assert_eq!(Method::from_index(Method::ALL.len()), None);
        assert_eq!(Method::Matrix3d.name(), "matrix3d");
    }
}
