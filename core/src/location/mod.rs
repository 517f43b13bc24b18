//! Location (位置) without the browser: [`gcj02`], the WGS-84 → GCJ-02 transform of
//! getLocation's `type: "gcj02"`, and [`tiles`], the tile math of the map view of
//! openLocation and chooseLocation.

pub mod gcj02;
pub mod tiles;
