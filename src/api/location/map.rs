//! openLocation and chooseLocation: a map view over the device screen (map.js draws it)
//! from tiles at a URL template the developer may set, with a plain coordinates card when
//! tiles cannot load. WeChat's maps take and give GCJ-02 coordinates; the tiles are
//! OpenStreetMap-style Web Mercator in WGS-84, so points are converted both ways. The
//! `<map>` component draws with the same tiles, math and drawing ([`install_component`]).

use std::rc::Rc;

use js_sys::{Array, Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::Element;
use wxweb_core::errmsg::{Fail, ParamError};
use wxweb_core::location::gcj02::{gcj02_to_wgs84, wgs84_to_gcj02, LatLon};
use wxweb_core::location::tiles::{covering, offset_point, tile_url, to_pixel};

use crate::bridge::params::mismatch;
use crate::bridge::result::wx_result;
use crate::bridge::{object, FromOptions, IntoResult, Options, Outcome};
use crate::view::components;

#[wasm_bindgen(module = "/src/api/location/map.js")]
extern "C" {
    #[wasm_bindgen(js_name = showMap)]
    fn show_map(
        container: &Element,
        options: &JsValue,
        tiles: &Function,
        locate: &Function,
    ) -> Promise;
    #[wasm_bindgen(js_name = mapKit)]
    fn map_kit(tiles: &JsValue, offset: &JsValue, locate: &JsValue, gcj02: &JsValue) -> JsValue;
}

wx_result! {
    /// The success result of wx.chooseLocation: GCJ-02 degrees.
    pub struct ChosenLocation {
        name: String,
        address: String,
        latitude: f64,
        longitude: f64,
    }
}

/// The tiles used unless the developer sets `tileUrl` (createWx/launch config, or
/// `"tileUrl"` in project.config.json for the simulator).
pub const DEFAULT_TILE_URL: &str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
/// openLocation's zoom range and default (WeChat's `scale`).
const MIN_SCALE: f64 = 5.0;
const MAX_SCALE: f64 = 18.0;
/// The zoom chooseLocation opens at: streets and buildings.
const CHOOSE_ZOOM: u8 = 17;

/// The map views of one `wx`: where they go and where their tiles come from.
#[derive(Clone)]
pub struct Maps {
    screen: Element,
    template: Rc<str>,
}

/// The options of openLocation.
pub struct OpenOptions {
    point: LatLon,
    zoom: u8,
    name: String,
    address: String,
}

/// A required number option.
fn number(options: &Options, field: &'static str) -> Result<f64, ParamError> {
    let value = options.get(field);
    value.as_f64().ok_or_else(|| mismatch(&value, field, "Number"))
}

impl FromOptions for OpenOptions {
    fn from_options(options: &Options) -> Result<Self, ParamError> {
        let latitude = number(options, "latitude")?;
        let longitude = number(options, "longitude")?;
        // WeChat's scale is 5–18 (the 2016 documents said 1–28, and the seed's own example
        // passes 28): values outside are brought to the nearest end, not refused.
        let scale =
            options.optional_number("scale")?.filter(|s| s.is_finite()).unwrap_or(MAX_SCALE);
        Ok(OpenOptions {
            point: LatLon { latitude, longitude },
            zoom: scale.round().clamp(MIN_SCALE, MAX_SCALE) as u8,
            name: options.optional_string("name")?.unwrap_or_default(),
            address: options.optional_string("address")?.unwrap_or_default(),
        })
    }
}

impl Maps {
    /// Map views over `screen`, with tiles from `template` (OpenStreetMap's when `None`).
    pub fn new(screen: Element, template: Option<String>) -> Self {
        Maps { screen, template: template.unwrap_or_else(|| DEFAULT_TILE_URL.to_owned()).into() }
    }

    /// wx.openLocation: shows the point and answers at once, as WeChat does when its map
    /// opens; the view stays until the person goes back.
    pub fn open(&self, options: OpenOptions) -> Result<JsValue, Fail> {
        check_range(options.point)?;
        let view = self.view(gcj02_to_wgs84(options.point), options.zoom);
        let title =
            if options.name.is_empty() { "位置".to_owned() } else { options.name.clone() };
        let shown = view.show(&object(&[
            ("choose", false.into()),
            ("title", title.into()),
            ("name", options.name.into()),
            ("address", options.address.into()),
        ]));
        spawn_local(async move {
            let _ = shown.await;
        });
        Ok(JsValue::UNDEFINED)
    }

    /// wx.chooseLocation: a pin at the person's position (or the centre of Beijing when
    /// the browser gives none) that they drag or tap elsewhere; confirm gives the pin's
    /// point and the name and address they typed (the coordinates when they typed no name),
    /// cancel fails with `cancel`.
    pub async fn choose(&self, start: Option<LatLon>) -> Outcome {
        let center = start.unwrap_or(TIANANMEN);
        let view = self.view(center, CHOOSE_ZOOM);
        let shown = view.show(&object(&[
            ("choose", true.into()),
            ("title", "选择位置".into()),
            ("name", "".into()),
            ("address", "".into()),
        ]));
        let chosen = shown.await.ok_or_else(Fail::cancel)?;
        let options = Options::new(chosen);
        let offset = |field| options.get(field).as_f64().filter(|v| v.is_finite()).unwrap_or(0.0);
        let point = wgs84_to_gcj02(offset_point(center, CHOOSE_ZOOM, offset("dx"), offset("dy")));
        let typed =
            |field| options.get(field).as_string().map(|s| s.trim().to_owned()).unwrap_or_default();
        let name = Some(typed("name"))
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| coordinates_text(point));
        Ok(ChosenLocation {
            name,
            address: typed("address"),
            latitude: point.latitude,
            longitude: point.longitude,
        }
        .into_result())
    }

    fn view(&self, center: LatLon, zoom: u8) -> MapView {
        MapView { screen: self.screen.clone(), template: self.template.clone(), center, zoom }
    }
}

/// The tiles covering a `width`×`height` view centred on `center` at `zoom`, as map.js
/// draws them: `{url, left, top}`, offsets in px from the view's top left.
fn tile_objects(template: &str, center: LatLon, zoom: u8, width: f64, height: f64) -> Array {
    covering(center, zoom, width, height)
        .iter()
        .map(|tile| {
            object(&[
                ("url", tile_url(template, tile).into()),
                ("left", tile.left.into()),
                ("top", tile.top.into()),
            ])
        })
        .collect()
}

/// The `<map>` component's zoom: its `scale`, brought into 5–18.
fn component_zoom(scale: f64) -> u8 {
    if scale.is_finite() {
        scale.round().clamp(MIN_SCALE, MAX_SCALE) as u8
    } else {
        16
    }
}

/// Gives the `<map>` component (components.js) its tiles from `template` and the math
/// between GCJ-02 points and pixel offsets from the map's centre, through map.js's
/// `mapKit`. The closures live as long as the document (one set per `wx`).
pub fn install_component(template: Option<String>) {
    let template: Rc<str> = template.unwrap_or_else(|| DEFAULT_TILE_URL.to_owned()).into();
    let wgs84 = |latitude, longitude| gcj02_to_wgs84(LatLon { latitude, longitude });
    let tiles = Closure::<dyn Fn(f64, f64, f64, f64, f64) -> Array>::new(
        move |latitude, longitude, scale, width, height| {
            tile_objects(
                &template,
                wgs84(latitude, longitude),
                component_zoom(scale),
                width,
                height,
            )
        },
    );
    let offset = Closure::<dyn Fn(f64, f64, f64, f64, f64) -> Array>::new(
        move |latitude, longitude, scale, point_latitude, point_longitude| {
            let zoom = component_zoom(scale);
            let (cx, cy) = to_pixel(wgs84(latitude, longitude), zoom);
            let (x, y) = to_pixel(wgs84(point_latitude, point_longitude), zoom);
            [x - cx, y - cy].iter().map(|&v| JsValue::from_f64(v)).collect()
        },
    );
    let locate = Closure::<dyn Fn(f64, f64, f64, f64, f64) -> Array>::new(
        move |latitude, longitude, scale, dx, dy| {
            let center = wgs84(latitude, longitude);
            let point = wgs84_to_gcj02(offset_point(center, component_zoom(scale), dx, dy));
            [point.latitude, point.longitude].iter().map(|&v| JsValue::from_f64(v)).collect()
        },
    );
    let gcj02 = Closure::<dyn Fn(f64, f64) -> Array>::new(|latitude, longitude| {
        let point = wgs84_to_gcj02(LatLon { latitude, longitude });
        [point.latitude, point.longitude].iter().map(|&v| JsValue::from_f64(v)).collect()
    });
    components::set_map_kit(&map_kit(
        &tiles.into_js_value(),
        &offset.into_js_value(),
        &locate.into_js_value(),
        &gcj02.into_js_value(),
    ));
}

/// A WGS-84 point near the middle of Tiananmen Square.
const TIANANMEN: LatLon = LatLon { latitude: 39.903_1, longitude: 116.397_5 };

/// "39.913345, 116.384047": a point as the view and an unnamed choice show it (GCJ-02).
fn coordinates_text(point: LatLon) -> String {
    format!("{:.6}, {:.6}", point.latitude, point.longitude)
}

fn check_range(point: LatLon) -> Result<(), Fail> {
    if !(-90.0..=90.0).contains(&point.latitude) {
        return Err(Fail::new("latitude should be between -90 and 90"));
    }
    if !(-180.0..=180.0).contains(&point.longitude) {
        return Err(Fail::new("longitude should be between -180 and 180"));
    }
    Ok(())
}

/// One map view: its centre (WGS-84) and zoom, and the closures map.js calls back.
struct MapView {
    screen: Element,
    template: Rc<str>,
    center: LatLon,
    zoom: u8,
}

impl MapView {
    /// Shows the view; resolves with map.js's answer (`null` when closed or cancelled).
    /// The closures live as long as the returned future, which ends when the view closes.
    fn show(self, options: &JsValue) -> impl std::future::Future<Output = Option<JsValue>> {
        let MapView { screen, template, center, zoom } = self;
        let tiles = Closure::<dyn Fn(f64, f64) -> Array>::new(move |width, height| {
            tile_objects(&template, center, zoom, width, height)
        });
        let locate = Closure::<dyn Fn(f64, f64) -> Array>::new(move |dx, dy| {
            let point = wgs84_to_gcj02(offset_point(center, zoom, dx, dy));
            [format!("{:.6}", point.latitude), format!("{:.6}", point.longitude)]
                .iter()
                .map(|s| JsValue::from_str(s))
                .collect()
        });
        let promise = show_map(
            &screen,
            options,
            tiles.as_ref().unchecked_ref(),
            locate.as_ref().unchecked_ref(),
        );
        async move {
            let answer = JsFuture::from(promise).await.ok();
            drop((tiles, locate));
            answer.filter(|a| a.is_object())
        }
    }
}
