// The virtual phone's sensors, for a desktop without any: sliders under the device frame
// tilt (front-back), roll (left-right) and turn (compass heading) the phone. Each change
// is dispatched as the events a real phone's browser fires (devicemotion with
// accelerationIncludingGravity per the DeviceMotion specification, and
// deviceorientationabsolute), so wx.onAccelerometerChange and wx.onCompassChange hear
// them through the same listeners.

const G = 9.80665;

/** The specification's accelerationIncludingGravity of a phone at rest, in m/s². */
export function gravityFor(beta, gamma) {
  const b = (beta * Math.PI) / 180;
  const c = (gamma * Math.PI) / 180;
  const round = (v) => Math.round(v * 1e6) / 1e6 + 0; // + 0: no -0
  return {
    x: round(-G * Math.cos(b) * Math.sin(c)),
    y: round(G * Math.sin(b)),
    z: round(G * Math.cos(b) * Math.cos(c)),
  };
}

/** Builds the control in `host` and starts dispatching on every change. */
export function setupSensorControl(host) {
  const state = { beta: 0, gamma: 0, heading: 0 };
  const rows = [
    ['beta', 'Tilt', -90, 90, '°'],
    ['gamma', 'Roll', -90, 90, '°'],
    ['heading', 'Turn', 0, 359, '°'],
  ];
  host.replaceChildren();
  host.title =
    'Tilt, roll and turn the virtual phone: wx.onAccelerometerChange and wx.onCompassChange hear it';
  for (const [key, label, min, max, unit] of rows) {
    const wrap = document.createElement('label');
    const input = document.createElement('input');
    Object.assign(input, { type: 'range', min, max, step: 1, value: state[key], name: key });
    input.dataset.sensor = key;
    const shown = document.createElement('output');
    shown.textContent = `${state[key]}${unit}`;
    input.addEventListener('input', () => {
      state[key] = Number(input.value);
      shown.textContent = `${state[key]}${unit}`;
      dispatch(state);
    });
    wrap.append(label, input, shown);
    host.append(wrap);
  }
}

function dispatch({ beta, gamma, heading }) {
  const accelerationIncludingGravity = gravityFor(beta, gamma);
  window.dispatchEvent(
    new DeviceMotionEvent('devicemotion', { accelerationIncludingGravity, interval: 16 }),
  );
  const alpha = (360 - heading) % 360;
  window.dispatchEvent(
    new DeviceOrientationEvent('deviceorientationabsolute', { alpha, beta, gamma, absolute: true }),
  );
}
