//! The public WGS-84 → GCJ-02 transform (China's "Mars coordinates", which WeChat's
//! `type: "gcj02"` and its maps use) and its inverse. No browser calls.
//!
//! The transform is defined on the Krasovsky 1940 ellipsoid with a polynomial-and-sine
//! offset around (105° E, 35° N); points outside the rough box around mainland China
//! that the transform defines are returned unchanged.

use std::f64::consts::PI;

/// Semi-major axis of the Krasovsky 1940 ellipsoid, in metres.
const AXIS: f64 = 6_378_245.0;
/// Its first eccentricity squared.
const ECCENTRICITY_SQUARED: f64 = 0.006_693_421_622_965_943;

/// A point in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LatLon {
    pub latitude: f64,
    pub longitude: f64,
}

/// Whether the transform leaves the point alone: outside longitude 72.004–137.8347 E
/// or latitude 0.8293–55.8271 N, the box the transform defines.
pub fn outside_china(point: LatLon) -> bool {
    !(72.004..=137.8347).contains(&point.longitude) || !(0.8293..=55.8271).contains(&point.latitude)
}

/// WGS-84 (GPS, the browser's geolocation) → GCJ-02.
pub fn wgs84_to_gcj02(point: LatLon) -> LatLon {
    if outside_china(point) {
        return point;
    }
    let (d_lat, d_lon) = offset(point);
    LatLon { latitude: point.latitude + d_lat, longitude: point.longitude + d_lon }
}

/// GCJ-02 → WGS-84, by fixed-point iteration of the forward transform until it maps
/// back to `point` within 1e-10 degrees (a few steps; at most 30).
pub fn gcj02_to_wgs84(point: LatLon) -> LatLon {
    if outside_china(point) {
        return point;
    }
    let mut guess = point;
    for _ in 0..30 {
        let forward = wgs84_to_gcj02(guess);
        let (e_lat, e_lon) =
            (forward.latitude - point.latitude, forward.longitude - point.longitude);
        guess = LatLon { latitude: guess.latitude - e_lat, longitude: guess.longitude - e_lon };
        if e_lat.abs() < 1e-10 && e_lon.abs() < 1e-10 {
            break;
        }
    }
    guess
}

/// The (latitude, longitude) shift in degrees at `point`.
fn offset(point: LatLon) -> (f64, f64) {
    let x = point.longitude - 105.0;
    let y = point.latitude - 35.0;
    let shift_lat = latitude_shift(x, y);
    let shift_lon = longitude_shift(x, y);
    let rad_lat = point.latitude.to_radians();
    let sin = rad_lat.sin();
    let magic = 1.0 - ECCENTRICITY_SQUARED * sin * sin;
    let sqrt_magic = magic.sqrt();
    let d_lat =
        shift_lat * 180.0 / ((AXIS * (1.0 - ECCENTRICITY_SQUARED)) / (magic * sqrt_magic) * PI);
    let d_lon = shift_lon * 180.0 / (AXIS / sqrt_magic * rad_lat.cos() * PI);
    (d_lat, d_lon)
}

/// The wave terms both shifts share, in `x`.
fn common_waves(x: f64) -> f64 {
    (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0
}

fn latitude_shift(x: f64, y: f64) -> f64 {
    -100.0
        + 2.0 * x
        + 3.0 * y
        + 0.2 * y * y
        + 0.1 * x * y
        + 0.2 * x.abs().sqrt()
        + common_waves(x)
        + (20.0 * (y * PI).sin() + 40.0 * (y / 3.0 * PI).sin()) * 2.0 / 3.0
        + (160.0 * (y / 12.0 * PI).sin() + 320.0 * (y * PI / 30.0).sin()) * 2.0 / 3.0
}

fn longitude_shift(x: f64, y: f64) -> f64 {
    300.0
        + x
        + 2.0 * y
        + 0.1 * x * x
        + 0.1 * x * y
        + 0.1 * x.abs().sqrt()
        + common_waves(x)
        + (20.0 * (x * PI).sin() + 40.0 * (x / 3.0 * PI).sin()) * 2.0 / 3.0
        + (150.0 * (x / 12.0 * PI).sin() + 300.0 * (x / 30.0 * PI).sin()) * 2.0 / 3.0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Published reference pairs (WGS-84, GCJ-02) of the transform, from the test
    /// vectors of the eviltransform project: Shanghai, Shenzhen, Beijing.
    const REFERENCE: [(f64, f64, f64, f64); 3] = [
        (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),
        (22.543847, 113.912316, 22.540796131694766, 113.9171764808363),
        (39.911954, 116.377817, 39.91334545536069, 116.38404722455657),
    ];

    fn point(latitude: f64, longitude: f64) -> LatLon {
        LatLon { latitude, longitude }
    }

    #[test]
    fn matches_the_published_reference_values_within_1e_6_degrees() {
        for (wgs_lat, wgs_lon, gcj_lat, gcj_lon) in REFERENCE {
            let gcj = wgs84_to_gcj02(point(wgs_lat, wgs_lon));
            assert!((gcj.latitude - gcj_lat).abs() < 1e-6, "{gcj:?} vs {gcj_lat}");
            assert!((gcj.longitude - gcj_lon).abs() < 1e-6, "{gcj:?} vs {gcj_lon}");
        }
    }

    #[test]
    fn the_inverse_comes_back_within_1e_6_degrees() {
        for (wgs_lat, wgs_lon, gcj_lat, gcj_lon) in REFERENCE {
            let wgs = gcj02_to_wgs84(point(gcj_lat, gcj_lon));
            assert!((wgs.latitude - wgs_lat).abs() < 1e-6, "{wgs:?}");
            assert!((wgs.longitude - wgs_lon).abs() < 1e-6, "{wgs:?}");
        }
    }

    #[test]
    fn points_outside_the_box_are_unchanged() {
        for outside in [
            point(51.5007, -0.1246),
            point(35.6586, 139.7454),
            point(-33.8568, 151.2153),
            point(0.5, 110.0),
        ] {
            assert!(outside_china(outside));
            assert_eq!(wgs84_to_gcj02(outside), outside);
            assert_eq!(gcj02_to_wgs84(outside), outside);
        }
        assert!(!outside_china(point(39.9, 116.4)));
    }

    #[test]
    fn the_shift_is_a_few_hundred_metres_inside_china() {
        let wgs = point(39.9, 116.4);
        let gcj = wgs84_to_gcj02(wgs);
        assert!(
            (gcj.latitude - wgs.latitude).abs() > 1e-4
                && (gcj.latitude - wgs.latitude).abs() < 1e-2
        );
        assert!(
            (gcj.longitude - wgs.longitude).abs() > 1e-4
                && (gcj.longitude - wgs.longitude).abs() < 1e-2
        );
    }
}
