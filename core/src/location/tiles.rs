//! Web-Mercator tile math for the map view of openLocation and chooseLocation: which
//! 256-pixel tiles cover a view centred on a point, and which point lies at a pixel
//! offset from the centre. No browser calls.

use std::f64::consts::PI;

use super::gcj02::LatLon;

/// The side of a map tile, in CSS pixels.
pub const TILE_SIZE: f64 = 256.0;
/// The furthest latitude Web Mercator shows.
const MAX_LATITUDE: f64 = 85.051_128_78;
/// The largest view the math lays tiles out for, in pixels per side.
const MAX_VIEW: f64 = 4096.0;

/// One tile of a view: its numbers at zoom `z` and where its top-left corner goes,
/// relative to the view's top-left corner.
#[derive(Debug, Clone, PartialEq)]
pub struct Tile {
    pub z: u8,
    pub x: u32,
    pub y: u32,
    pub left: f64,
    pub top: f64,
}

/// The world's width in pixels at `zoom`.
fn world_size(zoom: u8) -> f64 {
    TILE_SIZE * f64::from(1u32 << zoom.min(24))
}

/// Where `point` lies on the world map at `zoom`, in pixels from its top-left corner.
pub fn to_pixel(point: LatLon, zoom: u8) -> (f64, f64) {
    let size = world_size(zoom);
    let latitude = point.latitude.clamp(-MAX_LATITUDE, MAX_LATITUDE).to_radians();
    let x = (point.longitude + 180.0) / 360.0 * size;
    let y = (1.0 - (latitude.tan() + 1.0 / latitude.cos()).ln() / PI) / 2.0 * size;
    (x, y)
}

/// The point at world pixel (`x`, `y`) at `zoom`; longitudes wrap into -180..180.
pub fn from_pixel(x: f64, y: f64, zoom: u8) -> LatLon {
    let size = world_size(zoom);
    let longitude = (x / size * 360.0 - 180.0 + 540.0).rem_euclid(360.0) - 180.0;
    let latitude = (PI * (1.0 - 2.0 * y / size)).sinh().atan().to_degrees();
    LatLon { latitude: latitude.clamp(-MAX_LATITUDE, MAX_LATITUDE), longitude }
}

/// The point `dx`, `dy` pixels right of and below `center` at `zoom`.
pub fn offset_point(center: LatLon, zoom: u8, dx: f64, dy: f64) -> LatLon {
    let (x, y) = to_pixel(center, zoom);
    from_pixel(x + dx, y + dy, zoom)
}

/// The tiles that cover a `width` × `height` view centred on `center` at `zoom`,
/// row by row. Columns wrap around the antimeridian; rows beyond the poles are left out.
pub fn covering(center: LatLon, zoom: u8, width: f64, height: f64) -> Vec<Tile> {
    let side = |length: f64| if length.is_finite() { length.clamp(0.0, MAX_VIEW) } else { 0.0 };
    let (width, height) = (side(width), side(height));
    let (cx, cy) = to_pixel(center, zoom);
    let (left, top) = (cx - width / 2.0, cy - height / 2.0);
    let count = 1i64 << zoom.min(24);
    let first_col = (left / TILE_SIZE).floor() as i64;
    let last_col = ((left + width) / TILE_SIZE).ceil() as i64;
    let first_row = ((top / TILE_SIZE).floor() as i64).max(0);
    let last_row = (((top + height) / TILE_SIZE).ceil() as i64).min(count);
    let mut tiles = Vec::new();
    for row in first_row..last_row {
        for col in first_col..last_col {
            tiles.push(Tile {
                z: zoom,
                x: col.rem_euclid(count) as u32,
                y: row as u32,
                left: col as f64 * TILE_SIZE - left,
                top: row as f64 * TILE_SIZE - top,
            });
        }
    }
    tiles
}

/// A tile's address from a template such as `https://tile.openstreetmap.org/{z}/{x}/{y}.png`.
pub fn tile_url(template: &str, tile: &Tile) -> String {
    template
        .replace("{z}", &tile.z.to_string())
        .replace("{x}", &tile.x.to_string())
        .replace("{y}", &tile.y.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(latitude: f64, longitude: f64) -> LatLon {
        LatLon { latitude, longitude }
    }

    #[test]
    fn known_tiles_of_known_places() {
        // Zoom 0 is one tile with (0, 0) in its middle; Tiananmen at zoom 10 is tile
        // 843/388 (x = (lon + 180) / 360 · 2^z, y = (1 − ln(tan φ + sec φ) / π) / 2 · 2^z).
        assert_eq!(to_pixel(point(0.0, 0.0), 0), (128.0, 128.0));
        assert_eq!(to_pixel(point(0.0, 0.0), 1), (256.0, 256.0));
        let (x, y) = to_pixel(point(39.908_823, 116.397_470), 10);
        assert_eq!(((x / TILE_SIZE) as u32, (y / TILE_SIZE) as u32), (843, 388));
    }

    #[test]
    fn pixels_and_points_round_trip() {
        for (latitude, longitude) in
            [(39.9, 116.4), (-33.86, 151.21), (51.5, -0.12), (0.0, 0.0), (80.0, -179.9)]
        {
            for zoom in [5, 12, 18] {
                let (x, y) = to_pixel(point(latitude, longitude), zoom);
                let back = from_pixel(x, y, zoom);
                assert!(
                    (back.latitude - latitude).abs() < 1e-9
                        && (back.longitude - longitude).abs() < 1e-9,
                    "{back:?}"
                );
            }
        }
    }

    #[test]
    fn offsets_move_east_and_south() {
        let center = point(39.9, 116.4);
        let moved = offset_point(center, 18, 100.0, 50.0);
        assert!(moved.longitude > center.longitude && moved.latitude < center.latitude);
        // At zoom 18 a pixel is about 0.6 m near Beijing: 100 px east is about 0.000536°.
        assert!(
            (moved.longitude - center.longitude - 100.0 * 360.0 / world_size(18)).abs() < 1e-12
        );
        assert_eq!(
            offset_point(center, 18, 0.0, 0.0),
            from_pixel(to_pixel(center, 18).0, to_pixel(center, 18).1, 18)
        );
    }

    #[test]
    fn the_tiles_cover_the_view_and_put_the_centre_in_the_middle() {
        let center = point(39.908_823, 116.397_470);
        let tiles = covering(center, 16, 375.0, 400.0);
        let (cx, cy) = to_pixel(center, 16);
        let middle = tiles.iter().find(|t| {
            let (x0, y0) = (f64::from(t.x) * TILE_SIZE, f64::from(t.y) * TILE_SIZE);
            (x0..x0 + TILE_SIZE).contains(&cx) && (y0..y0 + TILE_SIZE).contains(&cy)
        });
        let middle = middle.expect("the centre's tile is shown");
        // The centre's pixel inside its tile lands in the middle of the view.
        assert!((middle.left + (cx - f64::from(middle.x) * TILE_SIZE) - 187.5).abs() < 1e-6);
        assert!((middle.top + (cy - f64::from(middle.y) * TILE_SIZE) - 200.0).abs() < 1e-6);
        assert!(tiles.iter().all(|t| t.left < 375.0
            && t.left + TILE_SIZE > 0.0
            && t.top < 400.0
            && t.top + TILE_SIZE > 0.0));
        assert!((4..=9).contains(&tiles.len()), "{}", tiles.len());
    }

    #[test]
    fn columns_wrap_at_the_antimeridian_and_rows_stop_at_the_poles() {
        let tiles = covering(point(0.0, 179.99), 1, 600.0, 600.0);
        assert!(tiles.iter().all(|t| t.x < 2 && t.y < 2));
        assert!(
            tiles.iter().any(|t| t.x == 0 && t.left > 0.0),
            "the tile east of the antimeridian is column 0"
        );
        assert!(covering(point(0.0, 0.0), 3, 1e9, f64::NAN).is_empty());
    }

    #[test]
    fn urls_fill_the_template() {
        let tile = Tile { z: 18, x: 215_828, y: 99_274, left: 0.0, top: 0.0 };
        assert_eq!(
            tile_url("https://tile.openstreetmap.org/{z}/{x}/{y}.png", &tile),
            "https://tile.openstreetmap.org/18/215828/99274.png"
        );
    }
}
