// iOS asks before a page may read motion and orientation, and only from a user gesture.
// sensors.rs calls whenPermitted when a listener starts a sensor; the question waits for
// the person's next tap or click on the page.

/**
 * Resolves with 'granted' at once where no permission is needed, else asks
 * `DeviceMotionEvent.requestPermission()` (or DeviceOrientationEvent's, per `kind`) on the
 * next click or pointerup and resolves with its answer ('denied' when it throws).
 */
export function whenPermitted(kind) {
  const request = globalThis[kind]?.requestPermission;
  if (typeof request !== 'function') return Promise.resolve('granted');
  return new Promise((resolve) => {
    const ask = () => {
      document.removeEventListener('click', ask, true);
      document.removeEventListener('pointerup', ask, true);
      let answer;
      try {
        answer = request.call(globalThis[kind]); // inside the gesture, as iOS requires
      } catch {
        resolve('denied');
        return;
      }
      Promise.resolve(answer).then(
        (a) => resolve(a === 'granted' ? 'granted' : 'denied'),
        () => resolve('denied'),
      );
    };
    document.addEventListener('click', ask, true);
    document.addEventListener('pointerup', ask, true);
  });
}

/** A short notice at the top of the device screen, gone after 4 s. */
export function showNotice(container, text) {
  const notice = document.createElement('div');
  notice.className = 'wx-sensor-notice';
  notice.setAttribute('role', 'alert');
  notice.textContent = text;
  Object.assign(notice.style, {
    position: 'absolute',
    zIndex: 102,
    left: '12px',
    right: '12px',
    top: '72px',
    padding: '10px 12px',
    borderRadius: '6px',
    background: 'rgba(17, 17, 17, .8)',
    color: '#fff',
    textAlign: 'center',
    font: '14px/1.4 -apple-system, "PingFang SC", "Helvetica Neue", sans-serif',
    pointerEvents: 'none',
  });
  container.append(notice);
  setTimeout(() => notice.remove(), 4000);
}
