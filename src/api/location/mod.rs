//! Location (位置): getLocation over `navigator.geolocation`, openLocation and
//! chooseLocation over a map view in the device screen (map.rs), the `<map>` component's
//! tiles and createMapContext (map_context.rs). The coordinate transform and the tile math
//! are pure, in `wxweb_core::location`.

mod map;
mod map_context;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::Element;
use wxweb_core::errmsg::{Fail, ParamError};
use wxweb_core::location::gcj02::{wgs84_to_gcj02, LatLon};

use crate::bridge::read;
use crate::bridge::result::wx_result;
use crate::bridge::{FromOptions, IntoResult, Options, Outcome, WxObject};
pub use map::{Maps, DEFAULT_TILE_URL};

#[wasm_bindgen(module = "/src/api/location/geolocation.js")]
extern "C" {
    #[wasm_bindgen(js_name = currentPosition)]
    fn current_position(timeout: f64, maximum_age: f64, limit: f64) -> Promise;
}

/// How long getLocation waits for a position (WeChat gives up after about 30 s too).
const LOCATION_TIMEOUT_MS: f64 = 30_000.0;
/// How long chooseLocation waits for the person's position (an open permission prompt
/// included) before opening elsewhere.
const CHOOSE_START_TIMEOUT_MS: f64 = 3_000.0;

/// getLocation's `type`: the browser's WGS-84, or GCJ-02 computed from it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Datum {
    Wgs84,
    Gcj02,
}

impl FromOptions for Datum {
    fn from_options(options: &Options) -> Result<Self, ParamError> {
        match options.optional_string("type")?.as_deref() {
            None | Some("wgs84") => Ok(Datum::Wgs84),
            Some("gcj02") => Ok(Datum::Gcj02),
            Some(other) => {
                Err(ParamError::mismatch("type", "\"wgs84\" or \"gcj02\"", format!("\"{other}\"")))
            }
        }
    }
}

/// A position from the browser: WGS-84 degrees, speed in m/s (`None` when unknown),
/// accuracy in metres.
struct Fix {
    point: LatLon,
    speed: Option<f64>,
    accuracy: f64,
}

/// Asks the browser for a position; fails with WeChat's texts: `auth deny` (permission
/// refused, or an insecure page), `position unavailable`, `timeout`, `not supported`.
/// `limit`: a deadline that also counts an open permission prompt (0: none).
async fn locate(timeout: f64, maximum_age: f64, limit: f64) -> Result<Fix, Fail> {
    match JsFuture::from(current_position(timeout, maximum_age, limit)).await {
        Ok(values) => {
            let values = read::elements(&values).ok().flatten().unwrap_or_default();
            let number = |index| values.get(index).as_f64().filter(|v| v.is_finite());
            let (Some(latitude), Some(longitude)) = (number(0), number(1)) else {
                return Err(Fail::new("position unavailable"));
            };
            Ok(Fix {
                point: LatLon { latitude, longitude },
                speed: number(2),
                accuracy: number(3).unwrap_or(0.0),
            })
        }
        Err(code) => Err(match code.as_f64() {
            Some(1.0) => Fail::new("auth deny"),
            Some(3.0) => Fail::new("timeout"),
            Some(0.0) => Fail::new("not supported"),
            _ => Fail::new("position unavailable"),
        }),
    }
}

wx_result! {
    /// The success result of wx.getLocation: degrees, m/s and metres.
    struct Location {
        latitude: f64,
        longitude: f64,
        speed: f64,
        accuracy: f64,
    }
}

/// wx.getLocation: `{latitude, longitude, speed, accuracy}`; speed is 0 when the browser
/// does not know it, and there is never an altitude.
async fn get_location(datum: Datum) -> Outcome {
    let fix = locate(LOCATION_TIMEOUT_MS, 0.0, 0.0).await?;
    let point = match datum {
        Datum::Wgs84 => fix.point,
        Datum::Gcj02 => wgs84_to_gcj02(fix.point),
    };
    Ok(Location {
        latitude: point.latitude,
        longitude: point.longitude,
        speed: fix.speed.filter(|s| *s >= 0.0).unwrap_or(0.0),
        accuracy: fix.accuracy,
    }
    .into_result())
}

/// Adds getLocation, openLocation and chooseLocation; map views go over `screen` (none
/// without a document), with tiles from `tile_url` (a `{z}/{x}/{y}` template;
/// OpenStreetMap's by default), which the `<map>` component draws from too.
pub fn install(wx: &WxObject, screen: Option<Element>, tile_url: Option<String>) {
    wx.add_async("getLocation", get_location);
    map::install_component(tile_url.clone());
    let Some(screen) = screen else { return };
    let maps = Maps::new(screen, tile_url);
    let m = maps.clone();
    wx.add_async("openLocation", move |options: map::OpenOptions| {
        std::future::ready(m.open(options))
    });
    wx.add_async("chooseLocation", move |()| {
        let maps = maps.clone();
        async move {
            let start = locate(CHOOSE_START_TIMEOUT_MS, f64::INFINITY, CHOOSE_START_TIMEOUT_MS)
                .await
                .ok()
                .map(|fix| fix.point);
            maps.choose(start).await
        }
    });
}

/// Adds createMapContext, for the `<map>`s of the running mini program's pages.
pub fn install_for_pages(wx: &WxObject, runtime: &std::rc::Rc<crate::app::runtime::Runtime>) {
    map_context::install(wx, runtime);
}
