//! onAccelerometerChange and onCompassChange over DeviceMotion
//! (`accelerationIncludingGravity`) and DeviceOrientation (`deviceorientationabsolute`'s
//! alpha, iOS's `webkitCompassHeading`, the relative alpha as a last resort: `wxweb_core::device::readings`),
//! and the modern profile's offAccelerometerChange and offCompassChange. The first
//! listener of a sensor starts it: DOM listeners record the newest reading, and a 200 ms
//! timer hands it to every listener (the bridge's listener contract), about 5 times a
//! second whatever the device's own rate (the same module's sampler); removing the last one stops it.
//! On iOS, permission is asked on the person's next tap (sensors.js); a refusal is
//! reported with `console.warn` and a notice on the screen, since WeChat's `on…Change`
//! has no fail callback.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use gloo_events::EventListener;
use gloo_timers::callback::Interval;
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::{Element, Event};
use wxweb_core::device::readings::{
    acceleration, Acceleration, Compass, MotionSign, Sampler, SAMPLE_PERIOD_MS,
};

use crate::bridge::params::mismatch;
use crate::bridge::result::wx_result;
use crate::bridge::{listener, IntoResult, Listeners, Profile, WxObject};
use crate::platform::js::console_warn;

#[wasm_bindgen(module = "/src/api/device/sensors.js")]
extern "C" {
    #[wasm_bindgen(js_name = whenPermitted)]
    fn when_permitted(kind: &str) -> Promise;
    #[wasm_bindgen(js_name = showNotice)]
    fn show_notice(container: &Element, text: &str);
}

/// One sensor: its listeners, its newest reading, and while on, what feeds it.
struct Channel<T> {
    listeners: Listeners,
    sampler: Sampler<T>,
    running: Option<Running>,
}

/// The DOM listeners and the timer of a started sensor; dropped with the channel.
struct Running {
    _sources: Vec<EventListener>,
    _timer: Interval,
}

/// Reads a sensor's reading out of one of its DOM events.
type Reader<T> = Rc<dyn Fn(&Event) -> Option<T>>;

/// How one sensor reads its events and presents its readings.
struct Kind<T> {
    /// The wx function that registers listeners, for messages.
    api: &'static str,
    /// `api` as a throwing listener's report names it (`wx.onCompassChange`).
    reported_as: &'static str,
    /// The modern profile's wx function that removes listeners.
    off: &'static str,
    /// The constructor whose `requestPermission` iOS wants called from a gesture.
    permission: &'static str,
    events: &'static [&'static str],
    read: Reader<T>,
    result: fn(T) -> JsValue,
}

fn field(target: &JsValue, name: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// `accelerationIncludingGravity` of a devicemotion event, in WeChat's g and signs.
fn motion_reading(event: &Event, sign: MotionSign) -> Option<Acceleration> {
    let vector = field(event, "accelerationIncludingGravity");
    if !vector.is_object() {
        return None;
    }
    let axis = |name| field(&vector, name).as_f64();
    acceleration(axis("x"), axis("y"), axis("z"), sign)
}

/// The compass direction of an orientation event (see [`Compass`]).
fn compass_reading(compass: &RefCell<Compass>, event: &Event) -> Option<f64> {
    let heading = field(event, "webkitCompassHeading").as_f64();
    let absolute = event.type_() == "deviceorientationabsolute"
        || field(event, "absolute").as_bool() == Some(true);
    compass.borrow_mut().direction(heading, field(event, "alpha").as_f64(), absolute)
}

wx_result! {
    /// The onAccelerometerChange event, in g.
    struct AccelerometerEvent {
        x: f64,
        y: f64,
        z: f64,
    }
}

wx_result! {
    /// The onCompassChange event, in degrees.
    struct CompassEvent {
        direction: f64,
    }
}

fn acceleration_result(reading: Acceleration) -> JsValue {
    AccelerometerEvent { x: reading.x, y: reading.y, z: reading.z }.into_result()
}

fn compass_result(direction: f64) -> JsValue {
    CompassEvent { direction }.into_result()
}

/// Adds a listener; the first one starts the sensor.
fn listen<T: Copy + 'static>(
    channel: &Rc<RefCell<Channel<T>>>,
    kind: &Kind<T>,
    callback: Function,
    screen: &Option<Element>,
) {
    let first = {
        let state = channel.borrow();
        state.listeners.add(callback);
        state.running.is_none()
    };
    if !first {
        return;
    }
    let Some(window) = web_sys::window() else { return };
    let sources = kind
        .events
        .iter()
        .map(|&name| {
            let weak = Rc::downgrade(channel);
            let read = kind.read.clone();
            EventListener::new(&window, name, move |event| {
                if let (Some(channel), Some(reading)) = (weak.upgrade(), read(event)) {
                    channel.borrow_mut().sampler.record(reading);
                }
            })
        })
        .collect();
    let timer = Interval::new(SAMPLE_PERIOD_MS, tick(Rc::downgrade(channel), kind.result));
    channel.borrow_mut().running = Some(Running { _sources: sources, _timer: timer });
    ask_permission(kind.api, kind.permission, screen.clone());
}

/// Removes `callback`'s registrations, or every listener when it is `undefined`; the
/// sensor stops with its last listener (the modern profile's `off…Change`).
fn unlisten<T>(channel: &RefCell<Channel<T>>, callback: &JsValue) {
    let mut state = channel.borrow_mut();
    if callback.is_undefined() {
        state.listeners.clear();
    } else {
        state.listeners.remove(callback);
    }
    if state.listeners.is_empty() {
        state.running = None;
        state.sampler = Sampler::default();
    }
}

/// The timer's work: the newest reading to every listener, none of them holding the
/// channel while it runs (a listener may add or remove one).
fn tick<T: Copy + 'static>(
    channel: Weak<RefCell<Channel<T>>>,
    result: fn(T) -> JsValue,
) -> impl FnMut() {
    move || {
        let Some(channel) = channel.upgrade() else { return };
        let (reading, listeners) = {
            let state = channel.borrow();
            (state.sampler.tick(), state.listeners.clone())
        };
        if let Some(reading) = reading {
            listeners.emit(&result(reading));
        }
    }
}

/// On iOS, asks for the sensor on the next tap and reports a refusal.
fn ask_permission(api: &'static str, permission: &'static str, screen: Option<Element>) {
    spawn_local(async move {
        let answer =
            JsFuture::from(when_permitted(permission)).await.ok().and_then(|a| a.as_string());
        if answer.as_deref() == Some("denied") {
            let message = format!(
                "wx.{api}: permission to read the sensor was refused, so no readings will come"
            );
            console_warn(&message);
            if let Some(screen) = screen {
                show_notice(&screen, &message);
            }
        }
    });
}

/// Adds onAccelerometerChange and onCompassChange (and in the modern profile
/// offAccelerometerChange and offCompassChange: WeChat 1.x has no way to remove a
/// listener). `platform` is the browser's real platform (getSystemInfo's, from the user
/// agent), which decides the accelerometer's signs.
pub fn install(wx: &WxObject, platform: &str, screen: Option<Element>) {
    let sign = MotionSign::of_platform(platform);
    let accelerometer = Kind {
        api: "onAccelerometerChange",
        reported_as: "wx.onAccelerometerChange",
        off: "offAccelerometerChange",
        permission: "DeviceMotionEvent",
        events: &["devicemotion"],
        read: Rc::new(move |event: &Event| motion_reading(event, sign)),
        result: acceleration_result,
    };
    let state = RefCell::new(Compass::default());
    let compass = Kind {
        api: "onCompassChange",
        reported_as: "wx.onCompassChange",
        off: "offCompassChange",
        permission: "DeviceOrientationEvent",
        events: &["deviceorientationabsolute", "deviceorientation"],
        read: Rc::new(move |event: &Event| compass_reading(&state, event)),
        result: compass_result,
    };
    add(wx, accelerometer, screen.clone());
    add(wx, compass, screen);
}

fn add<T: Copy + 'static>(wx: &WxObject, kind: Kind<T>, screen: Option<Element>) {
    let channel = Rc::new(RefCell::new(Channel::<T> {
        listeners: Listeners::new(kind.reported_as),
        sampler: Sampler::default(),
        running: None,
    }));
    let (api, off) = (kind.api, kind.off);
    if wx.profile() == Profile::Modern {
        let channel = channel.clone();
        wx.add_sync(off, move |callback, _| {
            if !callback.is_undefined() && !callback.is_instance_of::<Function>() {
                return Err(mismatch(callback, "callback", "Function").into());
            }
            unlisten(&channel, callback);
            Ok(JsValue::UNDEFINED)
        });
    }
    wx.add_sync(api, move |callback, _| {
        listen(&channel, &kind, listener(callback)?, &screen);
        Ok(JsValue::UNDEFINED)
    });
}
