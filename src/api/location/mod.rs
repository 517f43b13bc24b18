//! Location (位置): getLocation over `navigator.geolocation`, openLocation and
//! chooseLocation over a map view in the device screen (map.rs). The coordinate
//! transform and the tile math are pure (gcj02.rs, tiles.rs).

pub mod gcj02;
pub mod tiles;
