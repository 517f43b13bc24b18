// Location, sensors and phone calls on a fixture mini program (fixtures/location):
// getLocation through Playwright's geolocation override (WGS-84 and GCJ-02 against the
// transform's published reference values), the map views of openLocation and
// chooseLocation (tiles served by a route, and the offline fallback), the accelerometer
// and compass at 5 readings a second, iOS's permission on the next tap, the simulator's
// tilt/turn control, and makePhoneCall. Screenshots go to tests/e2e/artifacts/.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { device as deviceExamples, location as examples } from './seed-examples.mjs';
import { call, logsAfter, openSimulator, run, serveFixture } from './support.mjs';

const ARTIFACTS = fileURLToPath(new URL('artifacts/', import.meta.url));
const fixture = serveFixture('location');
before(() => mkdirSync(ARTIFACTS, { recursive: true }));

// A point in Beijing and its GCJ-02 twin: the eviltransform project's test vector.
const BEIJING = { latitude: 39.911954, longitude: 116.377817 };
const BEIJING_GCJ02 = { latitude: 39.91334545536069, longitude: 116.38404722455657 };
const IPHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1';
const LONDON = { latitude: 51.5007, longitude: -0.1246 };
// The fixture's project.config.json sets tileUrl to this host.
const TILES = 'https://tiles.wxweb.test/**';
// A tile that shows its own numbers, served when tiles should load.
function tileImage(url) {
  const [z, x, y] = new URL(url).pathname.match(/\d+/g);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256"><rect width="256" height="256" fill="#eef3e4" stroke="#9ab"/>
    <text x="128" y="128" text-anchor="middle" font-family="sans-serif" font-size="18" fill="#567">${z}/${x}/${y}</text></svg>`;
}

async function open(options = {}, { tiles = 'offline' } = {}) {
  const context = await fixture.browser.newContext(options);
  await context.route(TILES, (route) =>
    tiles === 'offline'
      ? route.abort()
      : route.fulfill({ body: tileImage(route.request().url()), contentType: 'image/svg+xml' }),
  );
  const page = await openSimulator(context, '', fixture.server.url);
  return { context, page };
}

function near(actual, expected, label) {
  assert.ok(Math.abs(actual - expected) < 1e-6, `${label}: ${actual} vs ${expected}`);
}

test('getLocation: WGS-84 as the browser gives it, GCJ-02 by the public transform, no altitude', async () => {
  const { context, page } = await open({
    geolocation: { ...BEIJING, accuracy: 25 },
    permissions: ['geolocation'],
  });
  const [which, wgs] = await call(page, 'getLocation', {});
  assert.equal(which, 'success');
  assert.deepEqual(Object.keys(wgs).sort(), [
    'accuracy',
    'errMsg',
    'latitude',
    'longitude',
    'speed',
  ]);
  assert.equal(wgs.errMsg, 'getLocation:ok');
  near(wgs.latitude, BEIJING.latitude, 'wgs84 latitude');
  near(wgs.longitude, BEIJING.longitude, 'wgs84 longitude');
  assert.equal(wgs.speed, 0); // the override has no speed
  assert.equal(wgs.accuracy, 25);
  const [, gcj] = await call(page, 'getLocation', { type: 'gcj02' });
  near(gcj.latitude, BEIJING_GCJ02.latitude, 'gcj02 latitude');
  near(gcj.longitude, BEIJING_GCJ02.longitude, 'gcj02 longitude');
  assert.ok(Math.abs(gcj.longitude - wgs.longitude) > 1e-3, 'the transform moved the point');

  await context.setGeolocation(LONDON);
  const [, london] = await call(page, 'getLocation', { type: 'gcj02' });
  assert.deepEqual([london.latitude, london.longitude], [LONDON.latitude, LONDON.longitude]);

  const [bad, result] = await call(page, 'getLocation', { type: 'bd09' });
  assert.equal(bad, 'fail');
  assert.equal(
    result.errMsg,
    'getLocation:fail parameter error: parameter.type should be "wgs84" or "gcj02" instead of "bd09";',
  );
  // The seed's example, verbatim, runs without an error.
  await run(page, examples.getLocation);
  await page.waitForTimeout(100);
  assert.deepEqual(
    page.logs.filter((l) => typeof l === 'string' && l.startsWith('pageerror')),
    [],
  );
  await context.close();
});

test('getLocation fails with auth deny when permission is refused, and says why otherwise', async () => {
  const { context, page } = await open();
  await context.grantPermissions([]); // grants none: geolocation is denied
  assert.deepEqual(await call(page, 'getLocation', {}), [
    'fail',
    { errMsg: 'getLocation:fail auth deny' },
  ]);
  // chooseLocation still opens, in the middle of Beijing.
  const chosen = call(page, 'chooseLocation', {});
  await page.locator('.wx-map-confirm').click();
  const [which, result] = await chosen;
  assert.equal(which, 'success');
  assert.ok(
    Math.abs(result.latitude - 39.9045) < 0.01 && Math.abs(result.longitude - 116.404) < 0.01,
    JSON.stringify(result),
  );
  await context.close();

  for (const [code, text] of [
    [2, 'position unavailable'],
    [3, 'timeout'],
  ]) {
    const other = await fixture.browser.newContext();
    await other.addInitScript((code) => {
      navigator.geolocation.getCurrentPosition = (_ok, fail) =>
        setTimeout(() => fail({ code, message: 'stub' }), 5);
    }, code);
    const page = await openSimulator(other, '', fixture.server.url);
    assert.deepEqual(await call(page, 'getLocation', { type: 'gcj02' }), [
      'fail',
      { errMsg: `getLocation:fail ${text}` },
    ]);
    await other.close();
  }
});

test('openLocation: the point on tiles from the configured template, name and address, scale kept in 5–18', async () => {
  const { context, page } = await open({}, { tiles: 'serve' });
  const requested = [];
  page.on('request', (request) => {
    if (request.url().startsWith('https://tiles.wxweb.test/')) requested.push(request.url());
  });
  const answer = await call(page, 'openLocation', {
    ...BEIJING_GCJ02,
    scale: 15,
    name: '天安门',
    address: '北京市东城区',
  });
  assert.deepEqual(answer, ['success', { errMsg: 'openLocation:ok' }]);
  await page.locator('.wx-map').waitFor();
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.wx-map-tiles img')].every((img) => img.complete),
  );
  assert.equal(await page.locator('.wx-map-offline').count(), 0, 'tiles loaded');
  assert.ok(
    requested.length >= 4 &&
      requested.every((url) => /^https:\/\/tiles\.wxweb\.test\/15\/\d+\/\d+\.png$/.test(url)),
    requested.join(),
  );
  // The GCJ-02 point is placed on the WGS-84 tiles: Beijing's tile at zoom 15 is shown.
  const tile = (lat, lon, z) => [
    Math.floor(((lon + 180) / 360) * 2 ** z),
    Math.floor(
      ((1 -
        Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) /
        2) *
        2 ** z,
    ),
  ];
  const [x, y] = tile(BEIJING.latitude, BEIJING.longitude, 15);
  assert.ok(
    requested.some((url) => url.endsWith(`/15/${x}/${y}.png`)),
    `tile ${x}/${y}`,
  );
  assert.equal(await page.locator('.wx-map-name').textContent(), '天安门');
  assert.equal(await page.locator('.wx-map-address').textContent(), '北京市东城区');
  assert.equal(await page.locator('.wx-map-coords').textContent(), '39.913345, 116.384047');
  // The pin is in the middle of the map area.
  const area = await page.locator('.wx-map-area').boundingBox();
  const pin = await page.locator('.wx-map-pin').boundingBox();
  assert.ok(Math.abs(pin.x + pin.width / 2 - (area.x + area.width / 2)) < 1, 'pin centred across');
  assert.ok(Math.abs(pin.y + pin.height - (area.y + area.height / 2)) < 1, 'pin tip at the centre');
  await page.locator('#device-screen').screenshot({ path: `${ARTIFACTS}openLocation-tiles.png` });
  await page.click('.wx-map-cancel');
  assert.equal(await page.locator('.wx-map').count(), 0);

  const zooms = () =>
    page.$$eval('.wx-map-tiles img', (imgs) => [
      ...new Set(imgs.map((img) => img.src.split('/')[3])),
    ]);
  await call(page, 'openLocation', { ...BEIJING_GCJ02, scale: 28 });
  assert.deepEqual(await zooms(), ['18'], 'scale 28 is brought to 18');
  await page.keyboard.press('Escape');
  await call(page, 'openLocation', { ...BEIJING_GCJ02, scale: 1 });
  assert.deepEqual(await zooms(), ['5'], 'scale 1 is brought to 5');
  await page.click('.wx-map-cancel');
  await call(page, 'openLocation', BEIJING_GCJ02);
  assert.deepEqual(await zooms(), ['18'], 'the default scale is 18');
  await page.click('.wx-map-cancel');

  assert.deepEqual(await call(page, 'openLocation', { longitude: 116 }), [
    'fail',
    {
      errMsg:
        'openLocation:fail parameter error: parameter.latitude should be Number instead of Undefined;',
    },
  ]);
  assert.deepEqual(await call(page, 'openLocation', { latitude: '39.9', longitude: 116 }), [
    'fail',
    {
      errMsg:
        'openLocation:fail parameter error: parameter.latitude should be Number instead of String;',
    },
  ]);
  assert.deepEqual(await call(page, 'openLocation', { latitude: 91, longitude: 116 }), [
    'fail',
    {
      errMsg: 'openLocation:fail latitude should be between -90 and 90',
    },
  ]);
  assert.equal(await page.locator('.wx-map').count(), 0, 'a refused call shows nothing');
  await context.close();
});

test("openLocation offline: the coordinates card, and the seed's example verbatim", async () => {
  const { context, page } = await open({ geolocation: BEIJING, permissions: ['geolocation'] });
  await run(page, examples.openLocation);
  await page.locator('.wx-map.wx-map-offline').waitFor();
  assert.ok(await page.locator('.wx-map-note').isVisible());
  assert.equal(await page.locator('.wx-map-coords').textContent(), '39.913345, 116.384047');
  assert.equal(await page.locator('.wx-map-tiles').isVisible(), false);
  await page.locator('#device-screen').screenshot({ path: `${ARTIFACTS}openLocation-offline.png` });
  await context.close();
});

test('chooseLocation: cancel fails, confirm gives the pin where it was dragged or tapped, and what was typed', async () => {
  const { context, page } = await open({ geolocation: BEIJING, permissions: ['geolocation'] });
  const cancelled = call(page, 'chooseLocation', {});
  await page.locator('.wx-map.wx-map-offline').waitFor();
  await page.click('.wx-map-cancel');
  assert.deepEqual(await cancelled, ['fail', { errMsg: 'chooseLocation:fail cancel' }]);

  // Confirmed where it opened: the person's own position, in GCJ-02.
  const still = call(page, 'chooseLocation', {});
  await page.locator('.wx-map-confirm').click();
  const [which, here] = await still;
  assert.equal(which, 'success');
  near(here.latitude, BEIJING_GCJ02.latitude, 'latitude');
  near(here.longitude, BEIJING_GCJ02.longitude, 'longitude');
  assert.equal(here.name, '39.913345, 116.384047'); // nothing typed: the coordinates
  assert.equal(here.address, '');

  // Dragged 100 px right and 50 px down, then named.
  const dragged = call(page, 'chooseLocation', {});
  const area = await page.locator('.wx-map-area').boundingBox();
  const [cx, cy] = [area.x + area.width / 2, area.y + area.height / 2];
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  await page.mouse.move(cx + 60, cy + 20, { steps: 4 });
  await page.mouse.move(cx + 100, cy + 50, { steps: 4 });
  await page.mouse.up();
  const shown = await page.locator('.wx-map-coords').textContent();
  await page.fill('.wx-map-name-input', '  咖啡馆 ');
  await page.fill('.wx-map-address-input', '北京市西城区');
  await page
    .locator('#device-screen')
    .screenshot({ path: `${ARTIFACTS}chooseLocation-offline.png` });
  await page.locator('.wx-map-confirm').click();
  const [, there] = await dragged;
  assert.equal(there.name, '咖啡馆');
  assert.equal(there.address, '北京市西城区');
  assert.equal(
    `${there.latitude.toFixed(6)}, ${there.longitude.toFixed(6)}`,
    shown,
    'the card showed the chosen point',
  );
  // At zoom 17 a pixel is 360 / 2^25 degrees of WGS-84 longitude (the GCJ-02 shift
  // changes by about 1e-6° over those 60 m).
  assert.ok(
    Math.abs(there.longitude - here.longitude - (100 * 360) / 2 ** 25) < 3e-6,
    'moved east by 100 px',
  );
  assert.ok(there.latitude < here.latitude, 'moved south');

  // A tap moves the pin there.
  const tapped = call(page, 'chooseLocation', {});
  await page
    .locator('.wx-map-area')
    .click({ position: { x: area.width / 2 - 80, y: area.height / 2 } });
  await page.locator('.wx-map-confirm').click();
  const [, west] = await tapped;
  assert.ok(
    Math.abs(west.longitude - here.longitude + (80 * 360) / 2 ** 25) < 3e-6,
    'tapped 80 px west',
  );
  assert.ok(Math.abs(west.latitude - here.latitude) < 3e-6, 'same latitude');
  await context.close();
});

/** Counts each listener's calls in the page: `wxSensorLog[name]` = [results]. */
async function listenTo(page, name) {
  await page.evaluate((name) => {
    globalThis.wxSensorLog ??= {};
    globalThis.wxSensorLog[name] = [];
    wx[name]((res) => globalThis.wxSensorLog[name].push({ ...res, at: performance.now() }));
  }, name);
}

test('onAccelerometerChange: in g with WeChat signs, 5 readings a second from a fast source', async () => {
  const { context, page } = await open();
  await listenTo(page, 'onAccelerometerChange');
  // A 100 Hz source lying face up (the specification's +9.80665 on z).
  const readings = await page.evaluate(async () => {
    const started = performance.now();
    const source = setInterval(
      () =>
        window.dispatchEvent(
          new DeviceMotionEvent('devicemotion', {
            accelerationIncludingGravity: { x: 0, y: 0, z: 9.80665 },
            interval: 10,
          }),
        ),
      10,
    );
    await new Promise((resolve) => setTimeout(resolve, 2000));
    clearInterval(source);
    const log = globalThis.wxSensorLog.onAccelerometerChange;
    return log.filter((r) => r.at >= started && r.at < started + 2000);
  });
  assert.ok(readings.length >= 9 && readings.length <= 11, `${readings.length} readings in 2 s`);
  assert.deepEqual(Object.keys(readings[0]).sort(), ['at', 'x', 'y', 'z']);
  assert.deepEqual([readings[0].x, readings[0].y, readings[0].z], [0, 0, -1]);
  // Held upright and tilted left: y = -1 upright; a quarter of g on x.
  await page.evaluate(() =>
    window.dispatchEvent(
      new DeviceMotionEvent('devicemotion', {
        accelerationIncludingGravity: { x: 2.4516625, y: 9.80665, z: 0 },
      }),
    ),
  );
  await page.waitForTimeout(450);
  const last = await page.evaluate(() => globalThis.wxSensorLog.onAccelerometerChange.at(-1));
  assert.deepEqual([last.x, last.y, last.z], [-0.25, -1, 0]);

  // The seed's example, verbatim: its three console lines come with the next reading.
  const from = page.logs.length;
  await run(page, deviceExamples.onAccelerometerChange);
  assert.deepEqual(await logsAfter(page, from, 3), [-0.25, -1, 0]);
  assert.match(
    await page.evaluate(() => {
      try {
        wx.onAccelerometerChange(1);
      } catch (e) {
        return e.message;
      }
    }),
    /^onAccelerometerChange:fail parameter error: parameter.callback should be Function instead of Number;$/,
  );
  await context.close();
});

test("onAccelerometerChange on iOS Safari keeps Core Motion's signs: face up is still z = -1", async () => {
  const { context, page } = await open({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    userAgent: IPHONE_UA,
  });
  await listenTo(page, 'onAccelerometerChange');
  await page.evaluate(() =>
    window.dispatchEvent(
      new DeviceMotionEvent('devicemotion', {
        accelerationIncludingGravity: { x: 0, y: 0, z: -9.80665 },
      }),
    ),
  );
  await page.waitForFunction(() => globalThis.wxSensorLog.onAccelerometerChange.length > 0);
  const first = await page.evaluate(() => globalThis.wxSensorLog.onAccelerometerChange[0]);
  assert.deepEqual([first.x, first.y, first.z], [0, 0, -1]);
  await context.close();
});

// Headless Chromium has no absolute orientation: the override drives the relative
// `deviceorientation`, and `deviceorientationabsolute` comes with a null alpha, so the
// compass falls back to the relative alpha (the simulator test covers the absolute event).
test('onCompassChange: degrees clockwise from north through a CDP orientation override, 5 a second', async () => {
  const { context, page } = await open();
  const cdp = await context.newCDPSession(page);
  await listenTo(page, 'onCompassChange');
  await cdp.send('DeviceOrientation.setDeviceOrientationOverride', {
    alpha: 90,
    beta: 0,
    gamma: 0,
  });
  await page.waitForFunction(() => globalThis.wxSensorLog.onCompassChange.length > 0);
  let last = await page.evaluate(() => globalThis.wxSensorLog.onCompassChange.at(-1));
  assert.deepEqual(Object.keys(last).sort(), ['at', 'direction']);
  assert.equal(last.direction, 270); // alpha 90 is turned a quarter left: facing west
  await cdp.send('DeviceOrientation.setDeviceOrientationOverride', {
    alpha: 300,
    beta: 10,
    gamma: 0,
  });
  await page.waitForFunction(() => globalThis.wxSensorLog.onCompassChange.at(-1).direction !== 270);
  last = await page.evaluate(() => globalThis.wxSensorLog.onCompassChange.at(-1));
  assert.ok(Math.abs(last.direction - 60) < 1e-9, `${last.direction}`);
  // A still phone keeps being reported 5 times a second.
  const count = await page.evaluate(async () => {
    const before = globalThis.wxSensorLog.onCompassChange.length;
    await new Promise((resolve) => setTimeout(resolve, 2000));
    return globalThis.wxSensorLog.onCompassChange.length - before;
  });
  assert.ok(count >= 9 && count <= 11, `${count} readings in 2 s`);
  const from = page.logs.length;
  await run(page, deviceExamples.onCompassChange);
  assert.ok(Math.abs((await logsAfter(page, from, 1))[0] - 60) < 1e-9);
  await context.close();
});

test('iOS: the sensor permission is asked on the next tap, and a refusal is reported', async () => {
  for (const answer of ['denied', 'granted']) {
    const context = await fixture.browser.newContext();
    await context.route(TILES, (route) => route.abort());
    await context.addInitScript((answer) => {
      globalThis.permissionAsks = 0;
      DeviceMotionEvent.requestPermission = () => {
        globalThis.permissionAsks += 1;
        return Promise.resolve(answer);
      };
    }, answer);
    const page = await openSimulator(context, '', fixture.server.url);
    await listenTo(page, 'onAccelerometerChange');
    await page.waitForTimeout(100);
    assert.equal(
      await page.evaluate(() => globalThis.permissionAsks),
      0,
      'not asked without a gesture',
    );
    await page.click('#gesture');
    await page.waitForFunction(() => globalThis.permissionAsks === 1);
    if (answer === 'denied') {
      await page.locator('.wx-sensor-notice').waitFor();
      assert.match(
        await page.locator('.wx-sensor-notice').textContent(),
        /onAccelerometerChange: permission to read the sensor was refused/,
      );
      const logs = await Promise.all(page.logs);
      assert.ok(
        logs.some(
          (l) => typeof l === 'string' && l.includes('permission to read the sensor was refused'),
        ),
        'a console warning',
      );
    } else {
      await page.evaluate(() =>
        window.dispatchEvent(
          new DeviceMotionEvent('devicemotion', {
            accelerationIncludingGravity: { x: 0, y: 0, z: 9.80665 },
          }),
        ),
      );
      await page.waitForFunction(() => globalThis.wxSensorLog.onAccelerometerChange.length > 0);
      assert.equal(await page.locator('.wx-sensor-notice').count(), 0);
    }
    await page.click('#gesture');
    await page.waitForTimeout(50);
    assert.equal(await page.evaluate(() => globalThis.permissionAsks), 1, 'asked once');
    await context.close();
  }
});

test("the simulator's control tilts and turns the virtual phone", async () => {
  const { context, page } = await open();
  await listenTo(page, 'onAccelerometerChange');
  await listenTo(page, 'onCompassChange');
  await page.locator('#sensor-control input[data-sensor="beta"]').fill('90'); // upright
  await page.locator('#sensor-control input[data-sensor="heading"]').fill('45');
  await page.waitForFunction(() => globalThis.wxSensorLog.onCompassChange.at(-1)?.direction === 45);
  const motion = await page.evaluate(() => globalThis.wxSensorLog.onAccelerometerChange.at(-1));
  assert.ok(
    Math.abs(motion.y + 1) < 1e-6 && Math.abs(motion.x) < 1e-6 && Math.abs(motion.z) < 1e-6,
    JSON.stringify(motion),
  );
  await page.locator('#sensor-control input[data-sensor="beta"]').fill('0');
  await page.locator('#sensor-control input[data-sensor="gamma"]').fill('-30'); // rolled left
  await page.waitForFunction(
    () =>
      Math.abs(globalThis.wxSensorLog.onAccelerometerChange.at(-1).z + Math.cos(Math.PI / 6)) <
      1e-6,
  );
  const rolled = await page.evaluate(() => globalThis.wxSensorLog.onAccelerometerChange.at(-1));
  assert.ok(Math.abs(rolled.x + 0.5) < 1e-6, `x ${rolled.x}`); // left edge down reads x = -0.5, as on iOS
  await page.locator('#layout').screenshot({ path: `${ARTIFACTS}sensor-control.png` });
  await context.close();
});

test('makePhoneCall: the number with a call link in the simulator; cancel; checks', async () => {
  const { context, page } = await open();
  await run(page, deviceExamples.makePhoneCall); // the seed's example, verbatim
  await page.locator('.wx-call').waitFor();
  assert.equal(await page.locator('.wx-call-number strong').textContent(), '1340000');
  assert.equal(await page.locator('.wx-call-dial').getAttribute('href'), 'tel:1340000');
  await page.locator('#device-screen').screenshot({ path: `${ARTIFACTS}makePhoneCall.png` });
  await page.click('.wx-call-cancel');

  const calling = call(page, 'makePhoneCall', { phoneNumber: '+86 138-0013-8000' });
  assert.equal(await page.locator('.wx-call-dial').getAttribute('href'), 'tel:+8613800138000');
  // Following a tel: link leaves the page where it is; keep the test's page from trying.
  await page.evaluate(() =>
    document.querySelector('.wx-call-dial').addEventListener('click', (e) => e.preventDefault()),
  );
  await page.click('.wx-call-dial');
  assert.deepEqual(await calling, ['success', { errMsg: 'makePhoneCall:ok' }]);
  assert.equal(await page.locator('.wx-call').count(), 0);

  const cancelled = call(page, 'makePhoneCall', { phoneNumber: '10086' });
  await page.locator('.wx-call').waitFor();
  await page.keyboard.press('Escape');
  assert.deepEqual(await cancelled, ['fail', { errMsg: 'makePhoneCall:fail cancel' }]);

  assert.deepEqual(await call(page, 'makePhoneCall', {}), [
    'fail',
    {
      errMsg:
        'makePhoneCall:fail parameter error: parameter.phoneNumber should be String instead of Undefined;',
    },
  ]);
  assert.deepEqual(await call(page, 'makePhoneCall', { phoneNumber: 10086 }), [
    'fail',
    {
      errMsg:
        'makePhoneCall:fail parameter error: parameter.phoneNumber should be String instead of Number;',
    },
  ]);
  assert.deepEqual(await call(page, 'makePhoneCall', { phoneNumber: 'call me' }), [
    'fail',
    {
      errMsg: 'makePhoneCall:fail invalid phoneNumber',
    },
  ]);
  assert.equal(await page.locator('.wx-call').count(), 0);
  await context.close();
});

test("makePhoneCall on a phone's browser follows the tel: link at once", async () => {
  const { context, page } = await open({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    userAgent: IPHONE_UA,
  });
  await page.evaluate(() => {
    globalThis.followed = [];
    document.addEventListener(
      'click',
      (event) => {
        const link = event.target.closest?.('a');
        if (link) {
          globalThis.followed.push(link.href);
          event.preventDefault();
        }
      },
      true,
    );
  });
  assert.deepEqual(await call(page, 'makePhoneCall', { phoneNumber: '10086' }), [
    'success',
    { errMsg: 'makePhoneCall:ok' },
  ]);
  assert.deepEqual(await page.evaluate(() => globalThis.followed), ['tel:10086']);
  assert.equal(await page.locator('.wx-call').count(), 0);
  await context.close();
});
