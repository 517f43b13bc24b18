//! Sensor readings as WeChat reports them, from what the browser gives, and the
//! sampler that delivers them about 5 times a second. No browser calls.
//!
//! Sign convention: WeChat reports the accelerometer as iOS's Core Motion does on every
//! platform, in g: a phone lying face up reads `z = -1`, held upright `y = -1`. The
//! DeviceMotion specification (Chrome, Firefox) gives `accelerationIncludingGravity` the
//! other way round (face up: `z = +9.81` m/s²), so those readings are negated; Safari on
//! iOS and iPadOS passes Core Motion's sign through, so its readings are only scaled.

/// Standard gravity, m/s² per g.
pub const STANDARD_GRAVITY: f64 = 9.806_65;

/// How often WeChat delivers sensor readings: 5 times a second.
pub const SAMPLE_PERIOD_MS: u32 = 200;

/// onAccelerometerChange's `{x, y, z}`, in g.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Acceleration {
    pub x: f64,
    pub y: f64,
    pub z: f64,
}

/// How a browser signs `accelerationIncludingGravity`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MotionSign {
    /// The specification's: the reaction to gravity, face up `z = +9.81`.
    Specification,
    /// WebKit on iOS: Core Motion's, face up `z = -9.81`.
    CoreMotion,
}

impl MotionSign {
    /// The convention of the browser whose platform (getSystemInfo's) is `platform`.
    pub fn of_platform(platform: &str) -> Self {
        if platform == "ios" {
            MotionSign::CoreMotion
        } else {
            MotionSign::Specification
        }
    }
}

/// A DeviceMotion `accelerationIncludingGravity` in m/s² as WeChat's reading in g.
/// Missing axes (null in the event) read as 0; `None` when every axis is missing.
pub fn acceleration(
    x: Option<f64>,
    y: Option<f64>,
    z: Option<f64>,
    sign: MotionSign,
) -> Option<Acceleration> {
    let finite = |v: Option<f64>| v.filter(|v| v.is_finite());
    let (x, y, z) = (finite(x), finite(y), finite(z));
    if x.is_none() && y.is_none() && z.is_none() {
        return None;
    }
    let scale = match sign {
        MotionSign::Specification => -1.0 / STANDARD_GRAVITY,
        MotionSign::CoreMotion => 1.0 / STANDARD_GRAVITY,
    };
    let g = |v: Option<f64>| v.unwrap_or(0.0) * scale + 0.0; // + 0.0 turns -0 into 0
    Some(Acceleration { x: g(x), y: g(y), z: g(z) })
}

/// onCompassChange's `direction`, degrees clockwise from north (0 ≤ d < 360), from
/// orientation events. Sources in order of trust: iOS's `webkitCompassHeading` (already
/// clockwise from north), an absolute orientation's `alpha` (counter-clockwise, so
/// direction = 360 − alpha), and, only while no absolute reading has come (a browser
/// without a magnetometer fires `deviceorientationabsolute` with a null alpha), the
/// relative `alpha`, whose 0 is wherever the phone pointed when the page started.
#[derive(Debug, Default)]
pub struct Compass {
    absolute_seen: bool,
}

impl Compass {
    /// The direction an orientation event gives, if any: `heading` is
    /// `webkitCompassHeading`, `absolute` whether the event's alpha is absolute.
    pub fn direction(
        &mut self,
        heading: Option<f64>,
        alpha: Option<f64>,
        absolute: bool,
    ) -> Option<f64> {
        let direction = if let Some(heading) = heading.filter(|h| h.is_finite() && *h >= 0.0) {
            self.absolute_seen = true;
            heading
        } else {
            let alpha = alpha.filter(|a| a.is_finite())?;
            if absolute {
                self.absolute_seen = true;
            } else if self.absolute_seen {
                return None;
            }
            360.0 - alpha
        };
        Some(direction.rem_euclid(360.0) + 0.0)
    }
}

/// The newest reading of a sensor, handed out at each tick of a 200 ms timer, so that
/// listeners hear about 5 readings a second whatever the device's own rate: a faster
/// source is sampled, a slower or still one repeats its last value. Nothing is
/// delivered before the first reading.
#[derive(Debug)]
pub struct Sampler<T> {
    latest: Option<T>,
}

impl<T> Default for Sampler<T> {
    fn default() -> Self {
        Sampler { latest: None }
    }
}

impl<T: Copy> Sampler<T> {
    /// A reading arrived from the device.
    pub fn record(&mut self, reading: T) {
        self.latest = Some(reading);
    }

    /// The timer ticked: what to deliver now.
    pub fn tick(&self) -> Option<T> {
        self.latest
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn face_up_reads_minus_one_g_on_z_whatever_the_browser() {
        let chrome =
            acceleration(Some(0.0), Some(0.0), Some(STANDARD_GRAVITY), MotionSign::Specification)
                .unwrap();
        assert_eq!(chrome, Acceleration { x: 0.0, y: 0.0, z: -1.0 });
        let safari =
            acceleration(Some(0.0), Some(0.0), Some(-STANDARD_GRAVITY), MotionSign::CoreMotion)
                .unwrap();
        assert_eq!(safari, chrome);
        // Held upright (spec: y = +9.81): WeChat's y = -1.
        let upright =
            acceleration(Some(0.0), Some(STANDARD_GRAVITY), Some(0.0), MotionSign::Specification)
                .unwrap();
        assert_eq!(upright, Acceleration { x: 0.0, y: -1.0, z: 0.0 });
        let tilted =
            acceleration(Some(4.903325), None, Some(-8.5), MotionSign::Specification).unwrap();
        assert!(
            (tilted.x + 0.5).abs() < 1e-12
                && tilted.y == 0.0
                && (tilted.z - 8.5 / STANDARD_GRAVITY).abs() < 1e-12
        );
        assert_eq!(acceleration(None, Some(f64::NAN), None, MotionSign::Specification), None);
        assert_eq!(MotionSign::of_platform("ios"), MotionSign::CoreMotion);
        assert_eq!(MotionSign::of_platform("android"), MotionSign::Specification);
    }

    #[test]
    fn compass_direction_is_clockwise_from_north() {
        let mut compass = Compass::default();
        assert_eq!(compass.direction(None, Some(0.0), true), Some(0.0));
        assert_eq!(compass.direction(None, Some(90.0), true), Some(270.0)); // facing west
        assert_eq!(compass.direction(None, Some(270.0), true), Some(90.0)); // facing east
        assert_eq!(compass.direction(None, Some(360.0), true), Some(0.0));
        assert_eq!(compass.direction(Some(45.5), Some(10.0), false), Some(45.5));
        assert_eq!(compass.direction(Some(-1.0), Some(350.0), true), Some(10.0)); // iOS: -1 means unknown
        assert_eq!(compass.direction(None, None, true), None);
    }

    #[test]
    fn relative_alpha_serves_only_until_an_absolute_reading_comes() {
        let mut compass = Compass::default();
        assert_eq!(compass.direction(None, None, true), None); // no magnetometer
        assert_eq!(compass.direction(None, Some(90.0), false), Some(270.0));
        assert_eq!(compass.direction(None, Some(30.0), true), Some(330.0));
        assert_eq!(compass.direction(None, Some(90.0), false), None);
        assert_eq!(compass.direction(None, Some(f64::NAN), true), None);
    }

    #[test]
    fn a_fast_source_is_delivered_five_times_a_second() {
        // A 60 Hz source and the 200 ms timer, over 2 s: 10 deliveries, each the newest reading.
        let mut sampler = Sampler::default();
        let mut delivered = Vec::new();
        let mut next_tick = f64::from(SAMPLE_PERIOD_MS);
        for frame in 0..120 {
            let now = f64::from(frame) * 1000.0 / 60.0;
            while next_tick <= now {
                delivered.extend(sampler.tick());
                next_tick += f64::from(SAMPLE_PERIOD_MS);
            }
            sampler.record(frame);
        }
        while next_tick <= 2000.0 {
            delivered.extend(sampler.tick());
            next_tick += f64::from(SAMPLE_PERIOD_MS);
        }
        assert_eq!(delivered.len(), 10);
        assert_eq!(delivered[..3], [11, 23, 35]); // the frames just before 200, 400, 600 ms
    }

    #[test]
    fn nothing_before_the_first_reading_then_a_still_source_repeats() {
        let mut sampler = Sampler::default();
        assert_eq!(sampler.tick(), None);
        sampler.record(42.0);
        assert_eq!((sampler.tick(), sampler.tick()), (Some(42.0), Some(42.0)));
    }
}
