// The 1.x declarative components on a fixture mini program (fixtures/components1x): <modal>,
// <toast>, <loading> and <action-sheet> (shown and hidden by `hidden`, their texts, their
// events reaching the page's handlers with WeChat's event object, the toast's duration on
// a fake clock), and <map> (tiles from the fixture's tileUrl served by a route, the
// offline card when they fail, markers at their coordinates' pixels, marker and control
// taps, drag → regionchange begin/end, wx.createMapContext().getCenterLocation).
// Screenshots go to tests/e2e/artifacts/.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { call, openSimulator, serveFixture } from './support.mjs';

const ARTIFACTS = fileURLToPath(new URL('artifacts/', import.meta.url));
const fixture = serveFixture('components1x');
before(() => mkdirSync(ARTIFACTS, { recursive: true }));

// The fixture's project.config.json sets tileUrl to this host.
const TILES = 'https://tiles.wxweb.test/**';
function tileImage(url) {
  const [z, x, y] = new URL(url).pathname.match(/\d+/g);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256"><rect width="256" height="256" fill="#eef3e4" stroke="#9ab"/>
    <text x="128" y="128" text-anchor="middle" font-family="sans-serif" font-size="18" fill="#567">${z}/${x}/${y}</text></svg>`;
}

/** The simulator at iPhone 6 size on `route`; tiles served, or refused when `offline`. */
async function open(route, { offline = false, options = {} } = {}) {
  const context = await fixture.browser.newContext({
    viewport: { width: 1280, height: 900 },
    ...options,
  });
  const requested = [];
  await context.route(TILES, (r) => {
    requested.push(r.request().url());
    return offline
      ? r.abort()
      : r.fulfill({ body: tileImage(r.request().url()), contentType: 'image/svg+xml' });
  });
  const page = await openSimulator(context, '?device=iphone6', fixture.server.url);
  // The overlays are `position: fixed` in the window. Until the device screen's window is
  // the containing block of fixed elements (the page's move into a shadow root), the
  // viewport stands in for it here.
  await page.addStyleTag({ content: '#wx-viewport { contain: layout; }' });
  if (route !== 'pages/modal/modal') await call(page, 'redirectTo', { url: `/${route}` });
  await page.locator(`wx-page[data-route="${route}"]:not([hidden])`).waitFor();
  page.requested = requested;
  return { context, page, $: (s) => page.locator(`wx-page[data-route="${route}"] ${s}`) };
}

/** What the current page's handler kept: `this[name]`, as JSON. */
function kept(page, name) {
  return page.evaluate((n) => JSON.parse(JSON.stringify(getCurrentPages().pop()[n] ?? null)), name);
}

async function box(locator) {
  const b = await locator.boundingBox();
  assert.ok(b, 'has a box');
  return b;
}

test('<modal>: hidden until the button, texts, confirm and cancel reach the handlers', async () => {
  const { context, page, $ } = await open('pages/modal/modal');
  const modal = $('#modal');
  const dialogOf = (m) => m.locator('.wx-modal');
  assert.equal(await dialogOf(modal).isVisible(), false);
  await $('#open').click();
  await modal.locator('.wx-modal').waitFor();
  assert.equal(await modal.locator('.wx-modal-title').textContent(), '标题');
  assert.equal(
    (await modal.locator('.wx-modal-content').textContent()).trim(),
    '这是对话框的内容。',
  );
  assert.equal(await modal.locator('.wx-modal-cancel').textContent(), '取消');
  assert.equal(await modal.locator('.wx-modal-confirm').textContent(), '确定');
  // Drawn as wx.showModal: the overlay's white rounded box over a dark mask, fixed.
  const style = await modal
    .locator('.wx-modal')
    .evaluate((e) => [getComputedStyle(e).position, getComputedStyle(e).borderRadius]);
  assert.deepEqual(style, ['fixed', '6px']);
  const mask = await modal
    .locator('.wx-modal-mask')
    .evaluate((e) => getComputedStyle(e).backgroundColor);
  assert.equal(mask, 'rgba(0, 0, 0, 0.6)');
  const screen = await box(page.locator('#device-screen'));
  const dialog = await box(modal.locator('.wx-modal'));
  assert.ok(dialog.width > 200 && dialog.width <= 300, `width ${dialog.width}`);
  assert.ok(dialog.x >= screen.x && dialog.x + dialog.width <= screen.x + screen.width);
  await page.locator('#device-screen').screenshot({ path: `${ARTIFACTS}components1x-modal.png` });

  await modal.locator('.wx-modal-confirm').click();
  await dialogOf(modal).waitFor({ state: 'hidden' });
  assert.equal(await $('#result').textContent(), 'confirm');
  const event = await kept(page, 'lastEvent');
  assert.equal(event.type, 'confirm');
  assert.deepEqual(event.detail, {});
  assert.equal(event.target.id, 'modal');
  assert.equal(event.currentTarget.id, 'modal');
  assert.equal(typeof event.timeStamp, 'number');

  await $('#open').click();
  await modal.locator('.wx-modal-cancel').click();
  await dialogOf(modal).waitFor({ state: 'hidden' });
  assert.equal(await $('#result').textContent(), 'cancel');
  assert.equal((await kept(page, 'lastEvent')).type, 'cancel');
  // The mask is a cancel too.
  await $('#open').click();
  await modal.locator('.wx-modal').waitFor();
  await page.mouse.click(screen.x + 20, screen.y + 120);
  await dialogOf(modal).waitFor({ state: 'hidden' });
  assert.equal(await $('#result').textContent(), 'cancel');

  // no-cancel: one button, and no title (the content in the title's place).
  const second = $('#modal2');
  await $('#open2').click();
  await second.locator('.wx-modal').waitFor();
  assert.equal(await second.locator('.wx-modal-cancel').isVisible(), false);
  assert.equal(await second.locator('.wx-modal-confirm').textContent(), '知道了');
  await second.locator('.wx-modal-confirm').click();
  await dialogOf(second).waitFor({ state: 'hidden' });
  assert.equal(await $('#result').textContent(), 'confirm2');
  await context.close();
});

test('<toast>: change after `duration` (1500 by default) hides it; <loading> spins until hidden', async () => {
  const { context, page, $ } = await open('pages/toast/toast');
  await page.clock.install();
  await page.clock.pauseAt(await page.evaluate(() => Date.now() + 1000));
  const toast1 = $('#toast1 .wx-toast');
  assert.equal(await toast1.isVisible(), false);
  await $('#toast1-open').click();
  await toast1.waitFor();
  assert.equal((await toast1.locator('.wx-toast-title').textContent()).trim(), '默认');
  assert.equal(await toast1.locator('.wx-toast-icon').count(), 1); // the success icon
  await page.clock.runFor(1400);
  assert.equal(await toast1.isVisible(), true);
  await page.clock.runFor(200);
  await toast1.waitFor({ state: 'hidden' });
  assert.equal(await $('#changes').textContent(), '1');
  const event = await kept(page, 'lastEvent');
  assert.equal(event.type, 'change');
  assert.equal(event.target.id, 'toast1');

  const toast2 = $('#toast2 .wx-toast');
  await $('#toast2-open').click();
  await toast2.waitFor();
  await page.clock.runFor(2900);
  assert.equal(await toast2.isVisible(), true);
  await page.clock.runFor(200);
  await toast2.waitFor({ state: 'hidden' });
  assert.equal(await $('#changes').textContent(), '2');

  const loading = $('#loading .wx-toast');
  await $('#loading-open').click();
  await loading.locator('.wx-toast-loading').waitFor();
  assert.equal((await loading.locator('.wx-toast-title').textContent()).trim(), '加载中...');
  await page.clock.runFor(1600); // the page hides it
  await loading.waitFor({ state: 'hidden' });
  assert.equal(await $('#changes').textContent(), '2'); // loading has no change
  await context.close();
});

test('<action-sheet>: items tap their own handlers; cancel and the mask are `change`', async () => {
  const { context, page, $ } = await open('pages/actionsheet/actionsheet');
  const sheet = $('#sheet');
  const shown = sheet.locator('.wx-sheet');
  assert.equal(await shown.isVisible(), false);
  await $('#open').click();
  await sheet.locator('.wx-sheet').waitFor();
  assert.deepEqual(await sheet.locator('wx-action-sheet-item').allTextContents(), [
    'item1',
    'item2',
    'item3',
  ]);
  await shown.evaluate((e) => Promise.all(e.getAnimations().map((a) => a.finished))); // risen
  const screen = await box(page.locator('#device-screen'));
  const rows = sheet.locator('wx-action-sheet-item, wx-action-sheet-cancel');
  const last = await box(rows.last());
  const first = await box(rows.first());
  assert.equal(Math.round(first.height), 50);
  assert.ok(
    Math.abs(last.y + last.height - (screen.y + screen.height)) < 2,
    `the sheet sits on the bottom: ${last.y + last.height} vs ${screen.y + screen.height}`,
  );
  await page.locator('#device-screen').screenshot({
    path: `${ARTIFACTS}components1x-actionsheet.png`,
  });

  await sheet.locator('wx-action-sheet-item').nth(1).click();
  await shown.waitFor({ state: 'hidden' });
  assert.equal(await $('#result').textContent(), 'tap item2');
  const tap = await kept(page, 'lastEvent');
  assert.equal(tap.type, 'tap');
  assert.deepEqual(tap.currentTarget.dataset, { name: 'item2' });

  await $('#open').click();
  await sheet.locator('wx-action-sheet-cancel').click();
  await shown.waitFor({ state: 'hidden' });
  assert.equal(await $('#result').textContent(), 'change');
  const change = await kept(page, 'lastEvent');
  assert.equal(change.type, 'change');
  assert.equal(change.target.id, 'sheet');

  await $('#open').click();
  await sheet.locator('.wx-sheet').waitFor();
  await page.mouse.click(screen.x + 20, screen.y + 100); // the mask
  await shown.waitFor({ state: 'hidden' });
  assert.equal((await kept(page, 'lastEvent')).type, 'change');
  await context.close();
});

test('<map>: tiles from tileUrl, markers at their pixels, taps, drag, getCenterLocation', async () => {
  const { context, page, $ } = await open('pages/map/map');
  const map = $('#map');
  await map.locator('.wx-map-tiles img').first().waitFor({ state: 'attached' });
  await page.waitForFunction(() => true);
  const mapBox = await box(map);
  assert.equal(Math.round(mapBox.height), 300);
  // The tiles of zoom 14 around the centre, from the fixture's template.
  const urls = await map.locator('.wx-map-tiles img').evaluateAll((imgs) => imgs.map((i) => i.src));
  assert.ok(urls.length >= 4, `${urls.length} tiles`);
  assert.ok(urls.every((u) => u.startsWith('https://tiles.wxweb.test/14/')));
  await page.waitForFunction(
    (el) => [...el.querySelectorAll('.wx-map-tiles img')].every((i) => i.complete),
    await map.elementHandle(),
  );
  assert.equal(await map.evaluate((e) => e.classList.contains('wx-map-offline')), false);

  // The first marker is the centre: its icon's bottom centre at the map's middle.
  const markers = map.locator('.wx-map-marker');
  assert.equal(await markers.count(), 2);
  const icon = await box(markers.nth(0).locator('img'));
  assert.ok(Math.abs(icon.x + icon.width / 2 - (mapBox.x + mapBox.width / 2)) < 1.5);
  assert.ok(Math.abs(icon.y + icon.height - (mapBox.y + mapBox.height / 2)) < 1.5);
  assert.equal(Math.round(icon.width), 32);
  // The second, 0.01° north and east: at zoom 14 (256·2^14 px around the world) that is
  // 0.01 / 360 · 4194304 = 116.5 px east, and a little more north (Mercator at 23°).
  const anchor = await markers.nth(1).boundingBox();
  const dx = anchor.x - (mapBox.x + mapBox.width / 2);
  const dy = anchor.y - (mapBox.y + mapBox.height / 2);
  assert.ok(Math.abs(dx - 116.5) < 1.5, `dx ${dx}`);
  const mercator = (lat) => Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
  const north = ((mercator(23.109994) - mercator(23.099994)) / (2 * Math.PI)) * 4194304;
  assert.ok(Math.abs(-dy - north) < 1.5, `dy ${dy} vs ${north}`);
  // The polyline and the circle are drawn.
  assert.equal(await map.locator('.wx-map-shapes polyline').count(), 1);
  const circle = await box(map.locator('.wx-map-shapes circle'));
  // 500 m at zoom 14 at 23.1°: 500 / (156543.03 · cos 23.1° / 16384) ≈ 56.8 px radius.
  assert.ok(Math.abs(circle.width / 2 - 56.8) < 3, `radius ${circle.width / 2}`);
  await page.locator('#device-screen').screenshot({ path: `${ARTIFACTS}components1x-map.png` });

  // Marker and control taps.
  await markers.nth(0).locator('img').click();
  await markers.nth(1).locator('svg').click();
  await map.locator('.wx-map-control').click();
  await page.mouse.click(mapBox.x + 40, mapBox.y + 40);
  let events = await kept(page, 'events');
  assert.deepEqual(events.map((e) => [e.type, e.detail]).slice(0, 3), [
    ['markertap', { markerId: 0 }],
    ['markertap', { markerId: 7 }],
    ['controltap', { controlId: 1 }],
  ]);
  // 1.x pages read the ids on the event itself (the 2016 docs' `e.markerId`).
  assert.deepEqual(
    events.slice(0, 3).map((e) => [e.markerId, e.controlId]),
    [
      [0, undefined],
      [7, undefined],
      [undefined, 1],
    ],
  );
  assert.equal(events[3].type, 'tap');
  assert.equal(events[0].currentTarget.id, 'map');
  assert.equal(typeof events[0].timeStamp, 'number');

  // getCenterLocation: the data's centre.
  await $('#center').click();
  await page.waitForFunction(() => getCurrentPages().pop().centerResult);
  const center = await kept(page, 'centerResult');
  assert.deepEqual(Object.keys(center), ['longitude', 'latitude', 'errMsg']);
  assert.equal(center.errMsg, 'getCenterLocation:ok');
  assert.ok(Math.abs(center.latitude - 23.099994) < 1e-6, `${center.latitude}`);
  assert.ok(Math.abs(center.longitude - 113.32452) < 1e-6);

  // Dragging 100 px left moves the centre east; begin, then end; the release is no tap.
  const before = events.length;
  const [x, y] = [mapBox.x + 150, mapBox.y + 150];
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x - 50, y, { steps: 5 });
  await page.mouse.move(x - 100, y, { steps: 5 });
  await page.mouse.up();
  events = await kept(page, 'events');
  assert.deepEqual(
    events.slice(before).map((e) => e.type),
    ['begin', 'end'],
  );
  assert.equal(events[before].target.id, 'map');
  await page.evaluate(() => getCurrentPages().pop().getCenter());
  const moved = await kept(page, 'centerResult');
  // 100 px at zoom 14 is 100 / 4194304 · 360 = 0.008583°.
  assert.ok(Math.abs(moved.longitude - 113.32452 - 0.008583) < 2e-5, `${moved.longitude}`);
  assert.ok(Math.abs(moved.latitude - 23.099994) < 2e-5);
  // The marker went with the map.
  const after = await box(markers.nth(0).locator('img'));
  assert.ok(Math.abs(after.x - (icon.x - 100)) < 1.5, `${after.x} vs ${icon.x - 100}`);

  // New data recentres.
  await page.evaluate(() => getCurrentPages().pop().setData({ latitude: 23.1, longitude: 113.3 }));
  await page.evaluate(() => getCurrentPages().pop().getCenter());
  assert.equal((await kept(page, 'centerResult')).longitude, 113.3);

  // include-points: centred between them, at the largest scale that shows both.
  await page.evaluate(() =>
    getCurrentPages()
      .pop()
      .setData({
        includePoints: [
          { latitude: 23.099994, longitude: 113.32452 },
          { latitude: 23.109994, longitude: 113.33452 },
        ],
      }),
  );
  await page.evaluate(() => getCurrentPages().pop().getCenter());
  const middle = await kept(page, 'centerResult');
  assert.ok(
    Math.abs(middle.latitude - 23.104994) < 1e-6 && Math.abs(middle.longitude - 113.32952) < 1e-6,
  );
  const inside = async (locator) => {
    const b = await box(locator);
    return (
      b.x >= mapBox.x &&
      b.x <= mapBox.x + mapBox.width &&
      b.y >= mapBox.y &&
      b.y <= mapBox.y + mapBox.height
    );
  };
  assert.ok(await inside(markers.nth(0).locator('img')));
  assert.ok(await inside(markers.nth(1)));
  // Zoom 15: each 116.5 px east or west and about 127 px north or south of the centre,
  // inside the 375 × 300 map; at zoom 16 (233 px) they would not fit.
  const spread = (await box(markers.nth(1))).x - (await box(markers.nth(0).locator('img'))).x;
  assert.ok(spread > 200 && spread < 260, `spread ${spread}`);
  await context.close();
});

test('<map>: the offline card when tiles cannot load, markers still placed', async () => {
  const { context, page, $ } = await open('pages/map/map', { offline: true });
  const map = $('#map');
  await page.waitForFunction(
    (el) => el.classList.contains('wx-map-offline'),
    await map.elementHandle(),
  );
  assert.ok(page.requested.length > 0);
  assert.equal(await map.locator('.wx-map-tiles').isVisible(), false);
  assert.equal(await map.locator('.wx-map-note').textContent(), '23.099994, 113.324520');
  const background = await map
    .locator('.wx-map-area')
    .evaluate((e) => getComputedStyle(e).backgroundImage);
  assert.match(background, /repeating-linear-gradient/);
  const mapBox = await box(map);
  const icon = await box(map.locator('.wx-map-marker img'));
  assert.ok(Math.abs(icon.x + icon.width / 2 - (mapBox.x + mapBox.width / 2)) < 1.5);
  await page.locator('#device-screen').screenshot({
    path: `${ARTIFACTS}components1x-map-offline.png`,
  });
  await context.close();
});

test('MapContext.moveToLocation and show-location: the position in GCJ-02; a missing map fails', async () => {
  // A point in Beijing and its GCJ-02 twin (the eviltransform project's test vector).
  const geolocation = { latitude: 39.911954, longitude: 116.377817 };
  const { context, page } = await open('pages/map/map', {
    options: { geolocation, permissions: ['geolocation'] },
  });
  await page.evaluate(() => getCurrentPages().pop().mapCtx.moveToLocation());
  await page.waitForFunction(() => {
    const p = getCurrentPages().pop();
    p.getCenter();
    return p.centerResult && Math.abs(p.centerResult.latitude - 39.9133) < 0.001;
  });
  const center = await kept(page, 'centerResult');
  assert.ok(Math.abs(center.latitude - 39.91334545536069) < 1e-6, `${center.latitude}`);
  assert.ok(Math.abs(center.longitude - 116.38404722455657) < 1e-6, `${center.longitude}`);
  // show-location's dot is there: at the centre.
  const map = page.locator('wx-page:not([hidden]) #map');
  const mapBox = await box(map);
  const dot = await box(map.locator('.wx-map-here'));
  assert.equal(dot.width, 20);
  await page.locator('#device-screen').screenshot({
    path: `${ARTIFACTS}components1x-map-location.png`,
  });
  assert.ok(Math.abs(dot.x + dot.width / 2 - (mapBox.x + mapBox.width / 2)) < 1.5, `${dot.x}`);
  assert.ok(Math.abs(dot.y + dot.height / 2 - (mapBox.y + mapBox.height / 2)) < 1.5, `${dot.y}`);
  const failed = await page.evaluate(
    () =>
      new Promise((resolve) => wx.createMapContext('nowhere').getCenterLocation({ fail: resolve })),
  );
  assert.deepEqual(failed, {
    errMsg: 'getCenterLocation:fail no <map> with id "nowhere" on the page',
  });
  await context.close();
});
