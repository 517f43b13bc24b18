// navigator.geolocation.getCurrentPosition as a Promise, for getLocation (mod.rs) and the
// starting point of chooseLocation.

/**
 * Resolves with [latitude, longitude, speed, accuracy] (speed null when unknown), or
 * rejects with the GeolocationPositionError code: 1 denied, 2 unavailable, 3 timeout,
 * and 0 when the browser has no geolocation at all. The browser's `timeout` starts once
 * permission is given; `limit` (ms, 0 for none) also counts a permission prompt left open.
 */
export function currentPosition(timeout, maximumAge, limit) {
  return new Promise((resolve, reject) => {
    const geolocation = globalThis.navigator?.geolocation;
    if (!geolocation) {
      reject(0);
      return;
    }
    if (limit > 0) setTimeout(() => reject(3), limit);
    geolocation.getCurrentPosition(
      ({ coords }) => resolve([coords.latitude, coords.longitude, coords.speed, coords.accuracy]),
      (error) => reject(error.code),
      { enableHighAccuracy: true, timeout, maximumAge },
    );
  });
}
