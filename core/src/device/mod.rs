//! Device (设备) without the browser: [`detect`] (getSystemInfo's and getNetworkType's
//! answers from the browser's strings), [`readings`] (onAccelerometerChange and
//! onCompassChange readings and their sampler), [`phone_number`] (makePhoneCall).

pub mod detect;
pub mod phone_number;
pub mod readings;
