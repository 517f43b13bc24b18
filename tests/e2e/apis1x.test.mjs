// The 1.x APIs a 2016 mini program calls, on a fixture project (fixtures/apis1x):
// showLoading/hideLoading (the slot shared with showToast), canvasToTempFilePath and its
// first name toTempFilePath (the file read back as PNG and JPEG, pixel by pixel),
// createSelectorQuery (rects against the elements' boxes in the device window, dataset,
// selectAll, scrollOffset, fields), chooseVideo with the seed's camera array, the audio
// context's setSrc, and the background audio listeners' `{errMsg}`. Both profiles.
// Screenshot: tests/e2e/artifacts/apis1x-loading.png.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { call, openSimulator, serveFixture } from './support.mjs';

const ARTIFACTS = fileURLToPath(new URL('artifacts/', import.meta.url));
const fixture = serveFixture('apis1x');
before(() => mkdirSync(ARTIFACTS, { recursive: true }));

const PAGE = 'wx-page:not([hidden])';

async function open(path = '', options = {}) {
  const context = await fixture.browser.newContext({
    viewport: { width: 1280, height: 900 },
    ...options,
  });
  const page = await openSimulator(context, path, fixture.server.url);
  await page.locator(`${PAGE} wx-canvas`).waitFor();
  return { context, page };
}

/** Opens `route` with navigateTo and waits until it is the current page. */
async function goTo(page, route) {
  await page.evaluate((url) => wx.navigateTo({ url }), `/${route}`);
  await page.waitForFunction((r) => getCurrentPages().at(-1)?.route === r, route);
}

// ---- showLoading / hideLoading ------------------------------------------------------------

test('showLoading: a spinner with its title until hideLoading, over a request', async () => {
  const { context, page } = await open('?device=iphone6');
  await page.evaluate((api) => {
    getApp().api = api;
    getApp().delay = 1500;
  }, fixture.server.url);
  await page.locator(`${PAGE} #load`).click();
  const box = page.locator('.wx-toast');
  await box.waitFor();
  assert.equal(await box.locator('.wx-toast-title').textContent(), '加载中');
  assert.equal(await box.locator('.wx-toast-loading').count(), 1, 'a spinner');
  assert.equal(await page.locator('.wx-toast-mask').count(), 1, 'mask: true');
  // The box sits over the device screen, centred across it.
  const screen = await page.locator('#wx-viewport').boundingBox();
  const shown = await box.boundingBox();
  assert.ok(
    Math.abs(shown.x + shown.width / 2 - (screen.x + screen.width / 2)) < 2,
    'centred horizontally on the screen',
  );
  assert.ok(shown.width >= 120 && shown.height >= 120, `size ${shown.width}×${shown.height}`);
  assert.equal(
    await box.locator('.wx-toast-loading').evaluate((e) => getComputedStyle(e).animationName),
    'wx-spin',
  );
  await page.screenshot({ path: `${ARTIFACTS}apis1x-loading.png`, animations: 'disabled' });
  await page.waitForFunction(() => document.querySelector('.wx-toast') === null, null, {
    timeout: 5000,
  });
  assert.equal(await page.locator(`${PAGE} #status`).textContent(), '已加载');
  assert.equal(await page.locator('.wx-toast-mask').count(), 0);
  await context.close();
});

test('showLoading and showToast share one slot; hide* hide either unless noConflict', async () => {
  const { context, page } = await open();
  const titles = () => page.locator('.wx-toast .wx-toast-title').allTextContents();
  assert.deepEqual(await call(page, 'showLoading', { title: 'A' }), [
    'success',
    { errMsg: 'showLoading:ok' },
  ]);
  assert.deepEqual(await titles(), ['A']);
  await page.waitForTimeout(1700); // no duration: still there after a toast's 1500 ms
  assert.deepEqual(await titles(), ['A']);
  await call(page, 'showToast', { title: 'B', duration: 10000 });
  assert.deepEqual(await titles(), ['B'], 'showToast replaces the loading');
  assert.equal(await page.locator('.wx-toast .wx-toast-loading').count(), 0);
  await call(page, 'showLoading', { title: 'C' });
  assert.deepEqual(await titles(), ['C'], 'showLoading replaces the toast');
  await call(page, 'hideToast', { noConflict: true });
  assert.deepEqual(await titles(), ['C'], 'hideToast with noConflict leaves a loading');
  assert.deepEqual(await call(page, 'hideToast', {}), ['success', { errMsg: 'hideToast:ok' }]);
  assert.deepEqual(await titles(), [], 'hideToast hides a loading');
  await call(page, 'showToast', { title: 'D', duration: 10000 });
  await call(page, 'hideLoading', { noConflict: true });
  assert.deepEqual(await titles(), ['D']);
  assert.deepEqual(await call(page, 'hideLoading', {}), ['success', { errMsg: 'hideLoading:ok' }]);
  assert.deepEqual(await titles(), []);
  assert.deepEqual(await call(page, 'showLoading', {}), [
    'fail',
    {
      errMsg:
        'showLoading:fail parameter error: parameter.title should be String instead of Undefined;',
    },
  ]);
  await context.close();
});

test('showLoading and hideLoading return Promises in the modern profile', async () => {
  const { context, page } = await open('?profile=modern');
  const results = await page.evaluate(async () => [
    await wx.showLoading({ title: 'M' }),
    document.querySelector('.wx-toast .wx-toast-loading') ? 'shown' : 'missing',
    await wx.hideLoading(),
  ]);
  assert.deepEqual(results, [{ errMsg: 'showLoading:ok' }, 'shown', { errMsg: 'hideLoading:ok' }]);
  assert.equal(await page.locator('.wx-toast').count(), 0);
  await context.close();
});

// ---- canvasToTempFilePath -----------------------------------------------------------------

/** Draws the fixture's canvas (red left half, blue right half) and exports it. */
function drawAndExport(page, options) {
  return page.evaluate(
    (options) =>
      new Promise((resolve) => {
        const current = getCurrentPages().at(-1);
        current.draw(() => current.exportArt(options, resolve));
      }),
    options,
  );
}

/** The `<image id=out>` once it shows `path`: its pixels, size and file type. */
async function picture(page, path) {
  await page.waitForFunction((p) => getCurrentPages().at(-1).data.image === p, path);
  const img = page.locator(`${PAGE} #out img`);
  await page.waitForFunction(
    (element) => element.src.startsWith('blob:') && element.complete && element.naturalWidth > 0,
    await img.elementHandle(),
  );
  return img.evaluate(async (element) => {
    const canvas = document.createElement('canvas');
    canvas.width = element.naturalWidth;
    canvas.height = element.naturalHeight;
    const ctx = canvas.getContext('2d');
    ctx.drawImage(element, 0, 0);
    const at = (x, y) => [...ctx.getImageData(x, y, 1, 1).data];
    const blob = await (await fetch(element.src)).blob();
    return {
      width: canvas.width,
      height: canvas.height,
      left: at(5, 5),
      right: at(canvas.width - 5, canvas.height - 5),
      type: blob.type,
      head: [...new Uint8Array(await blob.slice(0, 4).arrayBuffer())],
    };
  });
}

const RED = [255, 0, 0, 255];
const BLUE = [0, 0, 255, 255];
/** Each channel within 8 of the expected (JPEG is lossy). */
function near(actual, expected, what) {
  assert.ok(
    actual.every((v, i) => Math.abs(v - expected[i]) <= 8),
    `${what}: ${actual} is not ${expected}`,
  );
}

test('canvasToTempFilePath: a PNG temp file with the drawn pixels, shown by <image>', async () => {
  const { context, page } = await open();
  const res = await drawAndExport(page, {});
  assert.equal(res.errMsg, 'canvasToTempFilePath:ok');
  assert.deepEqual(Object.keys(res), ['tempFilePath', 'errMsg']);
  assert.match(res.tempFilePath, /^wxfile:\/\/tmp_[0-9a-f]{32}\.png$/);
  const png = await picture(page, res.tempFilePath);
  assert.deepEqual([png.width, png.height], [100, 60], 'the canvas size in CSS px (seed)');
  assert.equal(png.type, 'image/png');
  assert.deepEqual(png.head, [0x89, 0x50, 0x4e, 0x47]);
  assert.deepEqual(png.left, RED);
  assert.deepEqual(png.right, BLUE);

  // The file works with the other file APIs: getImageInfo, then saveFile.
  const [, info] = await call(page, 'getImageInfo', { src: res.tempFilePath });
  assert.deepEqual([info.width, info.height], [100, 60]);
  const [saved, savedRes] = await call(page, 'saveFile', { tempFilePath: res.tempFilePath });
  assert.equal(saved, 'success', JSON.stringify(savedRes));
  assert.match(savedRes.savedFilePath, /^wxfile:\/\/store_/);
  await context.close();
});

test('canvasToTempFilePath: JPEG, a region, destWidth scaling, and toTempFilePath', async () => {
  const { context, page } = await open();
  const jpg = await drawAndExport(page, { fileType: 'jpg', quality: 0.9 });
  assert.match(jpg.tempFilePath, /^wxfile:\/\/tmp_[0-9a-f]{32}\.jpg$/);
  const jpeg = await picture(page, jpg.tempFilePath);
  assert.equal(jpeg.type, 'image/jpeg');
  assert.deepEqual(jpeg.head.slice(0, 3), [0xff, 0xd8, 0xff]);
  near(jpeg.left, RED, 'jpeg left');
  near(jpeg.right, BLUE, 'jpeg right');

  const scaled = await drawAndExport(page, { destWidth: 200, destHeight: 30 });
  const big = await picture(page, scaled.tempFilePath);
  assert.deepEqual([big.width, big.height], [200, 30]);
  assert.deepEqual([big.left, big.right], [RED, BLUE]);

  const region = await drawAndExport(page, { x: 50, y: 10, width: 50, height: 40 });
  const right = await picture(page, region.tempFilePath);
  assert.deepEqual([right.width, right.height], [50, 40]);
  assert.deepEqual([right.left, right.right], [BLUE, BLUE], 'only the right half');

  const alias = await drawAndExport(page, { name: 'toTempFilePath' });
  assert.equal(alias.errMsg, 'toTempFilePath:ok');
  const old = await picture(page, alias.tempFilePath);
  assert.deepEqual([old.width, old.left, old.right], [100, RED, BLUE]);

  assert.deepEqual(await call(page, 'canvasToTempFilePath', { canvasId: 'nope' }), [
    'fail',
    { errMsg: 'canvasToTempFilePath:fail canvas is empty' },
  ]);
  assert.deepEqual(await call(page, 'canvasToTempFilePath', {}), [
    'fail',
    {
      errMsg:
        'canvasToTempFilePath:fail parameter error: parameter.canvasId should be String instead of Undefined;',
    },
  ]);
  await context.close();
});

test('canvasToTempFilePath, modern: a Promise, and the size × devicePixelRatio by default', async () => {
  const { context, page } = await open('?profile=modern', { deviceScaleFactor: 2 });
  await page.evaluate(() => new Promise((resolve) => getCurrentPages().at(-1).draw(resolve)));
  const res = await page.evaluate(() => wx.canvasToTempFilePath({ canvasId: 'art' }));
  assert.equal(res.errMsg, 'canvasToTempFilePath:ok');
  await page.evaluate(
    (path) => getCurrentPages().at(-1).setData({ image: path }),
    res.tempFilePath,
  );
  const png = await picture(page, res.tempFilePath);
  assert.deepEqual([png.width, png.height], [200, 120]);
  assert.deepEqual([png.left, png.right], [RED, BLUE]);
  await context.close();
});

// ---- createSelectorQuery ------------------------------------------------------------------

/** Runs `build(query)` on a new query and resolves with exec's results and the callbacks'. */
function query(page, source) {
  return page.evaluate(
    (source) =>
      new Promise((resolve) => {
        const seen = [];
        const q = wx.createSelectorQuery();
        // biome-ignore lint/security/noGlobalEval: the test's query, as the page would write it
        globalThis.eval(`(q, seen) => { ${source} }`)(q, seen);
        q.exec((results) => resolve({ results, seen }));
      }),
    source,
  );
}

/** The box of `selector` on the current page relative to the device window. */
async function box(page, selector) {
  const window = await page.locator('#wx-viewport').evaluate((e) => {
    const r = e.getBoundingClientRect();
    return { x: r.x + e.clientLeft, y: r.y + e.clientTop };
  });
  const b = await page.locator(`${PAGE} ${selector}`).boundingBox();
  return { left: b.x - window.x, top: b.y - window.y, width: b.width, height: b.height };
}

function sameRect(rect, expected, what) {
  for (const key of ['left', 'top', 'width', 'height'])
    assert.ok(
      Math.abs(rect[key] - expected[key]) < 0.5,
      `${what}.${key}: ${rect[key]} vs ${expected[key]}`,
    );
  assert.ok(Math.abs(rect.right - (expected.left + expected.width)) < 0.5, `${what}.right`);
  assert.ok(Math.abs(rect.bottom - (expected.top + expected.height)) < 0.5, `${what}.bottom`);
}

test('createSelectorQuery: rects in the device window, dataset, selectAll, viewport', async () => {
  const { context, page } = await open('?device=iphone6');
  await goTo(page, 'pages/measure/measure');
  const chained = await page.evaluate(() => {
    const q = wx.createSelectorQuery();
    const ref = q.select('#header');
    return [ref !== q, ref.boundingClientRect() === q, q.selectAll('.item').fields({}) === q];
  });
  assert.deepEqual(chained, [true, true, true], 'select → NodesRef → the query');

  const { results, seen } = await query(
    page,
    `q.select('#header').boundingClientRect((r) => seen.push(['header', r]));
     q.selectAll('.item').boundingClientRect();
     q.select('#missing').boundingClientRect();
     q.selectViewport().boundingClientRect();
     q.selectViewport().scrollOffset();`,
  );
  const [header, items, missing, viewport, offset] = results;
  assert.deepEqual(seen, [['header', header]], 'the request callback gets its result');
  assert.deepEqual(Object.keys(header), [
    'id',
    'dataset',
    'left',
    'right',
    'top',
    'bottom',
    'width',
    'height',
  ]);
  assert.equal(header.id, 'header');
  assert.deepEqual(header.dataset, { kind: 'head', userName: 'wx' });
  sameRect(header, await box(page, '#header'), 'header');
  assert.equal(header.left, 20, 'margin-left 20px from the window edge');
  assert.equal(header.top, 10, 'margin-top 10px below the window top (not the browser)');
  assert.deepEqual(
    items.map((item) => [item.id, item.dataset.index]),
    [
      ['item-0', 0],
      ['item-1', 1],
      ['item-2', 2],
    ],
    'selectAll in document order',
  );
  sameRect(items[2], await box(page, '#item-2'), 'item-2');
  assert.equal(missing, null);
  const screen = await page
    .locator('#wx-viewport')
    .evaluate((e) => [e.clientWidth, e.clientHeight]);
  assert.deepEqual(
    [viewport.id, viewport.dataset, viewport.left, viewport.top, viewport.width, viewport.height],
    ['', {}, 0, 0, ...screen],
  );
  assert.equal(screen[0], 375, 'the iPhone 6 window width');
  assert.deepEqual([offset.scrollLeft, offset.scrollTop], [0, 0]);
  await context.close();
});

test('createSelectorQuery: scrollOffset after scrolling, rects moving with the page, fields', async () => {
  const { context, page } = await open('?device=iphone6');
  await goTo(page, 'pages/measure/measure');
  const screen = await page.locator('#wx-viewport').boundingBox();
  // Below the scroll-view, so the page itself scrolls.
  await page.mouse.move(screen.x + screen.width / 2, screen.y + screen.height * 0.85);
  await page.mouse.wheel(0, 300);
  let after;
  for (let tries = 0; tries < 50; tries++) {
    after = (
      await query(
        page,
        `q.selectViewport().scrollOffset(); q.select('#header').boundingClientRect();`,
      )
    ).results;
    if (after[0].scrollTop > 0) break;
    await page.waitForTimeout(50);
  }
  const [offset, header] = after;
  assert.ok(offset.scrollTop > 100, `scrolled: ${offset.scrollTop}`);
  assert.equal(offset.scrollLeft, 0);
  assert.deepEqual(Object.keys(offset).slice(0, 4), ['id', 'dataset', 'scrollLeft', 'scrollTop']);
  assert.ok(Math.abs(header.top - (10 - offset.scrollTop)) < 0.5, `header.top ${header.top}`);
  sameRect(header, await box(page, '#header'), 'scrolled header');

  // A scroll-view's own offset, and fields.
  await page.locator(`${PAGE} #list`).evaluate((e) => {
    e.scrollTop = 15; // of 3 × 40 px rows in 100 px: at most 20
  });
  await page.waitForTimeout(50);
  const { results } = await query(
    page,
    `q.select('#list').fields({ id: true, dataset: true, size: true, scrollOffset: true,
       properties: ['scrollY'], computedStyle: ['overflowY', 'font-size'] });
     q.select('#header').fields({ rect: true });
     q.select('#header').fields({ size: true, dataset: true });`,
  );
  const [list, rectOnly, sized] = results;
  assert.equal(list.id, 'list');
  assert.deepEqual(list.dataset, {});
  assert.equal(list.height, 100);
  assert.equal(list.scrollTop, 15);
  assert.equal(list.scrollY, true);
  assert.equal(list.overflowY, 'auto');
  assert.match(list['font-size'], /^\d+(\.\d+)?px$/);
  assert.deepEqual(Object.keys(rectOnly), ['left', 'right', 'top', 'bottom']);
  assert.deepEqual(Object.keys(sized), ['dataset', 'width', 'height']);
  assert.equal(sized.width, 375 - 40);
  await context.close();
});

test('createSelectorQuery: results come after exec returns; a throwing callback is reported', async () => {
  const { context, page } = await open();
  const order = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const order = [];
        const q = wx.createSelectorQuery();
        q.select('#load').boundingClientRect(() => {
          order.push('callback');
          throw new Error('boom');
        });
        q.exec((res) => {
          order.push(`exec ${res.length}`);
          resolve(order);
        });
        order.push('returned');
      }),
  );
  assert.deepEqual(order, ['returned', 'callback', 'exec 1']);
  await page.waitForTimeout(50);
  const logs = await Promise.all(page.logs);
  assert.ok(
    logs.some((line) => String(line).includes('wx.createSelectorQuery callback')),
    `reported: ${JSON.stringify(logs)}`,
  );
  await context.close();
});

// ---- media: chooseVideo camera array, setSrc, background audio listeners ------------------

test("chooseVideo takes the seed's camera array as well as the typings' string", async () => {
  const { context, page } = await open();
  for (const [camera, capture] of [
    [['front', 'back'], 'environment'],
    [['front'], 'user'],
    ['front', 'user'],
  ]) {
    const chooser = page.waitForEvent('filechooser');
    const result = page.evaluate(
      (camera) =>
        new Promise((resolve) =>
          wx.chooseVideo({ sourceType: ['camera'], maxDuration: 60, camera, complete: resolve }),
        ),
      camera,
    );
    const picker = await chooser;
    assert.equal(await picker.element().getAttribute('capture'), capture, JSON.stringify(camera));
    await picker.setFiles({ name: 'x.webm', mimeType: 'video/webm', buffer: Buffer.from('nope') });
    const res = await result;
    assert.ok(!res.errMsg.includes('parameter error'), res.errMsg);
  }
  const [which, res] = await call(page, 'chooseVideo', { camera: 1 });
  assert.deepEqual(
    [which, res.errMsg],
    [
      'fail',
      'chooseVideo:fail parameter error: parameter.camera should be String instead of Number;',
    ],
  );
  await context.close();
});

test('createAudioContext: setSrc then play plays the new source', async () => {
  const { context, page } = await open();
  await goTo(page, 'pages/audio/audio');
  const src = `${fixture.server.url}__wxweb/test/tone?seconds=3`;
  await page.evaluate((src) => {
    const audio = wx.createAudioContext('player');
    audio.setSrc(src);
    audio.play();
  }, src);
  const audio = page.locator(`${PAGE} wx-audio#player audio`);
  await page.waitForFunction(
    (element) => !element.paused && element.currentTime > 0,
    await audio.elementHandle(),
    { timeout: 5000 },
  );
  assert.equal(await audio.evaluate((e) => e.src), src);
  await page.evaluate(() => wx.createAudioContext('player').pause());
  assert.equal(await audio.evaluate((e) => e.paused), true);
  await context.close();
});

test('onBackgroundAudioPlay/Pause/Stop listeners get {errMsg}', async () => {
  const { context, page } = await open();
  await page.evaluate(() => {
    window.__heard = [];
    wx.onBackgroundAudioPlay((res) => window.__heard.push(res));
    wx.onBackgroundAudioPause((res) => window.__heard.push(res));
    wx.onBackgroundAudioStop((res) => window.__heard.push(res));
  });
  const dataUrl = `${fixture.server.url}__wxweb/test/tone?seconds=3`;
  assert.equal((await call(page, 'playBackgroundAudio', { dataUrl }))[0], 'success');
  await call(page, 'pauseBackgroundAudio', {});
  await call(page, 'stopBackgroundAudio', {});
  await page.waitForFunction(() => window.__heard.length === 3);
  assert.deepEqual(await page.evaluate(() => window.__heard), [
    { errMsg: 'onBackgroundAudioPlay:ok' },
    { errMsg: 'onBackgroundAudioPause:ok' },
    { errMsg: 'onBackgroundAudioStop:ok' },
  ]);
  await context.close();
});
