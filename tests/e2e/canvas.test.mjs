// wx.createContext / wx.drawCanvas (the 2016 drawing API) on a fixture project
// (fixtures/canvas): records, replay read back with getImageData at devicePixelRatio
// 1 and 2, a drawing made before its canvas mounts, failures, and the seed's example.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openSimulator, serveFixture } from './support.mjs';

const ARTIFACTS = fileURLToPath(new URL('artifacts', import.meta.url));
const fixture = serveFixture('canvas');

async function open(options = {}, path = '') {
  const context = await fixture.browser.newContext(options);
  const page = await openSimulator(context, path, fixture.server.url);
  await page.waitForFunction(
    () =>
      getCurrentPages().length > 0 &&
      document
        .querySelector('#wx-viewport')
        .shadowRoot.querySelector('wx-page:not([hidden]) wx-canvas'),
  );
  return { context, page };
}

/** Calls wx.drawCanvas in the page and resolves with the errMsg of complete. */
function draw(page, script) {
  return page.evaluate(
    (source) =>
      new Promise((resolve) => {
        const ctx = wx.createContext();
        // biome-ignore lint/security/noGlobalEval: runs the seed example verbatim, as the page would
        const options = globalThis.eval(`(ctx) => { ${source} }`)(ctx);
        wx.drawCanvas({ ...options, complete: (res) => resolve(res.errMsg) });
      }),
    script,
  );
}

/** The RGBA of CSS pixel (x, y) of canvas `id` (at its device-pixel position). */
function pixels(page, id, points) {
  return page.evaluate(
    ({ id, points }) => {
      const element = [
        ...document
          .querySelector('#wx-viewport')
          .shadowRoot.querySelectorAll('wx-page:not([hidden]) wx-canvas'),
      ].find((e) => String(e.canvasId) === id);
      const canvas = element.canvas;
      const ratio = canvas.width / element.clientWidth;
      const ctx = canvas.getContext('2d');
      return points.map(([x, y]) => [
        ...ctx.getImageData(Math.floor(x * ratio), Math.floor(y * ratio), 1, 1).data,
      ]);
    },
    { id, points },
  );
}

const SHAPES = `
  ctx.setFillStyle('#ff0000'); ctx.fillRect(0, 0, 50, 50);
  ctx.setFillStyle('rgb(0, 0, 255)'); ctx.fillRect(50, 0, 50, 50);
  ctx.setFillStyle('lime'); ctx.beginPath(); ctx.arc(150, 25, 20, 0, 2 * Math.PI); ctx.fill();
  const grd = ctx.createLinearGradient(0, 0, 200, 0);
  grd.addColorStop(0, '#000000'); grd.addColorStop(1, '#ffffff');
  ctx.setFillStyle(grd); ctx.fillRect(0, 60, 200, 60);
  ctx.setStrokeStyle('#0000ff'); ctx.setLineWidth(4); ctx.strokeRect(120, 70, 40, 40);
  return { canvasId: 'main', actions: ctx.getActions() };
`;

for (const scale of [1, 2]) {
  test(`known shapes read back at devicePixelRatio ${scale}`, async () => {
    const { context, page } = await open({ deviceScaleFactor: scale });
    assert.equal(await draw(page, SHAPES), 'drawCanvas:ok');
    const size = await page.evaluate(() => {
      const element = document
        .querySelector('#wx-viewport')
        .shadowRoot.querySelector('wx-page:not([hidden]) wx-canvas');
      return [element.canvas.width, element.canvas.height, element.clientWidth];
    });
    assert.deepEqual(size, [200 * scale, 120 * scale, 200]);
    const [red, blue, arc, outside, left, right, stroke, inside] = await pixels(page, 'main', [
      [25, 25],
      [75, 25],
      [150, 25],
      [180, 45],
      [2, 90],
      [197, 90],
      [120, 90],
      [140, 90],
    ]);
    assert.deepEqual(red, [255, 0, 0, 255]);
    assert.deepEqual(blue, [0, 0, 255, 255]);
    assert.deepEqual(arc, [0, 255, 0, 255]);
    assert.deepEqual(outside, [0, 0, 0, 0]);
    assert.ok(left[0] < 10 && left[3] === 255, `gradient starts black: ${left}`);
    assert.ok(right[0] > 245, `gradient ends white: ${right}`);
    assert.deepEqual(stroke, [0, 0, 255, 255]);
    assert.ok(inside[0] > 150 && inside[2] < 255, `the stroked rect is not filled: ${inside}`);
    if (scale === 2) {
      mkdirSync(ARTIFACTS, { recursive: true });
      await page
        .locator('wx-page:not([hidden]) wx-canvas')
        .first()
        .screenshot({ path: `${ARTIFACTS}/canvas.png` });
    }
    await context.close();
  });
}

test("getActions records WeChat's format and empties the context", async () => {
  const { context, page } = await open();
  const result = await page.evaluate(() => {
    const ctx = wx.createContext();
    ctx.setFillStyle('#f00');
    ctx.fillRect(1, 2, 3, 4);
    ctx.moveTo(0, 0);
    ctx.lineTo(5, 5);
    ctx.stroke();
    ctx.setGlobalAlpha(0.5);
    const grd = ctx.createCircularGradient(10, 10, 5);
    grd.addColorStop(0, 'red');
    ctx.setStrokeStyle(grd);
    const first = ctx.getActions();
    return { first, second: ctx.getActions(), fresh: first !== ctx.getActions() };
  });
  assert.deepEqual(result.first, [
    { method: 'setFillStyle', data: ['normal', [255, 0, 0, 255]] },
    { method: 'fillPath', data: [{ method: 'rect', data: [1, 2, 3, 4] }] },
    {
      method: 'strokePath',
      data: [
        { method: 'moveTo', data: [0, 0] },
        { method: 'lineTo', data: [5, 5] },
      ],
    },
    { method: 'setGlobalAlpha', data: [127] },
    { method: 'setStrokeStyle', data: ['radial', [10, 10, 5], [[0, [255, 0, 0, 255]]]] },
  ]);
  assert.deepEqual(result.second, []);
  await context.close();
});

test('reserve: true draws over, reserve: false clears first', async () => {
  const { context, page } = await open();
  await draw(
    page,
    `ctx.setFillStyle('red'); ctx.fillRect(0, 0, 20, 20); return { canvasId: 'main', actions: ctx.getActions() };`,
  );
  await draw(
    page,
    `ctx.setFillStyle('blue'); ctx.fillRect(30, 0, 20, 20); return { canvasId: 'main', actions: ctx.getActions(), reserve: true };`,
  );
  assert.deepEqual(
    await pixels(page, 'main', [
      [10, 10],
      [40, 10],
    ]),
    [
      [255, 0, 0, 255],
      [0, 0, 255, 255],
    ],
  );
  await draw(
    page,
    `ctx.setFillStyle('blue'); ctx.fillRect(30, 0, 20, 20); return { canvasId: 'main', actions: ctx.getActions() };`,
  );
  assert.deepEqual(
    await pixels(page, 'main', [
      [10, 10],
      [40, 10],
    ]),
    [
      [0, 0, 0, 0],
      [0, 0, 255, 255],
    ],
  );
  await context.close();
});

test('a drawing made before its canvas mounts appears once it does', async () => {
  const { context, page } = await open({ deviceScaleFactor: 2 });
  const done = page.evaluate(
    () =>
      new Promise((resolve) => {
        const ctx = wx.createContext();
        ctx.setFillStyle('#00ff00');
        ctx.fillRect(0, 0, 100, 50);
        wx.drawCanvas({
          canvasId: 'late',
          actions: ctx.getActions(),
          complete: (res) => resolve(res.errMsg),
        });
        setTimeout(() => getCurrentPages()[0].setData({ late: true }), 100);
      }),
  );
  assert.equal(await done, 'drawCanvas:ok');
  assert.deepEqual(
    await pixels(page, 'late', [
      [50, 25],
      [99, 49],
    ]),
    [
      [0, 255, 0, 255],
      [0, 255, 0, 255],
    ],
  );
  await context.close();
});

test('an unknown canvas fails after waiting; malformed actions fail and draw nothing', async () => {
  const { context, page } = await open();
  const started = Date.now();
  assert.equal(
    await draw(page, `return { canvasId: 4242, actions: [] };`),
    'drawCanvas:fail canvas "4242" not found',
  );
  assert.ok(Date.now() - started >= 4900);
  const malformed = await draw(
    page,
    `
    ctx.setFillStyle('red'); ctx.fillRect(0, 0, 50, 50);
    return { canvasId: 'main', actions: [...ctx.getActions(), { method: 'fillRect', data: [1, 'x'] }] };`,
  );
  assert.equal(
    malformed,
    'drawCanvas:fail actions[2] (fillRect): data should be an Array of Numbers',
  );
  assert.deepEqual(await pixels(page, 'main', [[10, 10]]), [[0, 0, 0, 0]]);
  assert.equal(
    await draw(page, `return { canvasId: 'main', actions: [{ method: 'explode', data: [] }] };`),
    'drawCanvas:fail actions[0] (explode): unknown method',
  );
  assert.equal(
    await draw(page, `return { canvasId: 'main' };`),
    'drawCanvas:fail parameter error: parameter.actions should be Array instead of Undefined;',
  );
  await context.close();
});

test('the seed example (three canvases, cleared actions) succeeds for each canvas', async () => {
  const { context, page } = await open();
  await page.evaluate(() => wx.navigateTo({ url: '/pages/seed/seed' }));
  await page.waitForFunction(() => getCurrentPages().at(-1).results?.length === 3);
  assert.deepEqual(await page.evaluate(() => getCurrentPages().at(-1).results), [
    'drawCanvas:ok',
    'drawCanvas:ok',
    'drawCanvas:ok',
  ]);
  assert.deepEqual(await pixels(page, '3002', [[5, 5]]), [[0, 0, 0, 0]]);
  await context.close();
});

test('drawings on one canvas land in call order, even when an earlier one waits for an image', async () => {
  const { context, page } = await open();
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
    'base64',
  );
  await page.route('**/slow.png', async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 400));
    await route.fulfill({ body: png, contentType: 'image/png' });
  });
  const order = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const done = [];
        const first = wx.createContext();
        first.setFillStyle('#ff0000');
        first.fillRect(0, 0, 200, 100);
        first.drawImage(`${location.origin}/slow.png`, 0, 0, 1, 1);
        wx.drawCanvas({
          canvasId: 'main',
          actions: first.getActions(),
          complete: () => done.push('first'),
        });
        const second = wx.createContext();
        second.setFillStyle('#0000ff');
        second.fillRect(0, 0, 200, 100);
        wx.drawCanvas({
          canvasId: 'main',
          actions: second.getActions(),
          complete: () => {
            done.push('second');
            resolve(done);
          },
        });
      }),
  );
  assert.deepEqual(order, ['first', 'second']);
  assert.deepEqual(await pixels(page, 'main', [[50, 50]]), [[0, 0, 255, 255]]);
  await context.close();
});

test('a canvas that changes size keeps its drawing in place', async () => {
  const { context, page } = await open({ deviceScaleFactor: 2 });
  await draw(
    page,
    `ctx.setFillStyle('#ff0000'); ctx.fillRect(0, 0, 50, 50); return { canvasId: 'main', actions: ctx.getActions() };`,
  );
  await page.evaluate(
    () =>
      new Promise((resolve) => {
        const element = document
          .querySelector('#wx-viewport')
          .shadowRoot.querySelector('wx-page:not([hidden]) wx-canvas');
        element.style.width = '300px';
        const wait = () => (element.canvas.width === 600 ? resolve() : requestAnimationFrame(wait));
        wait();
      }),
  );
  assert.deepEqual(
    await pixels(page, 'main', [
      [10, 10],
      [49, 49],
      [60, 10],
      [250, 10],
    ]),
    [
      [255, 0, 0, 255],
      [255, 0, 0, 255],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ],
  );
  await context.close();
});
