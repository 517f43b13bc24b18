// wx.createContext / wx.drawCanvas on a fixture project (fixtures/canvas): known shapes
// read back pixel by pixel at devicePixelRatio 1 and 2, a drawing made before its canvas
// mounts, unknown canvases and malformed actions, and the seed's example verbatim.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openSimulator, serveFixture } from './support.mjs';

const ARTIFACTS = fileURLToPath(new URL('artifacts/', import.meta.url));
const fixture = serveFixture('canvas');

async function open(path = '', options = {}) {
  const context = await fixture.browser.newContext(options);
  const page = await openSimulator(context, path, fixture.server.url);
  await page.evaluate(() => {
    // The pixel at CSS point (x, y) of <canvas canvas-id=id>, as [r, g, b, a].
    globalThis.pixel = (id, x, y) => {
      const canvas = [...document.querySelectorAll('wx-canvas')].find((c) => String(c.canvasId) === id).canvas;
      const ratio = canvas.width / canvas.getBoundingClientRect().width;
      return [...canvas.getContext('2d').getImageData(Math.round(x * ratio), Math.round(y * ratio), 1, 1).data];
    };
    // Draws with `build(context)` and resolves with the drawCanvas result.
    globalThis.draw = (canvasId, build, extra = {}) => new Promise((resolve) => {
      const context = wx.createContext();
      build(context);
      wx.drawCanvas({ canvasId, actions: context.getActions(), ...extra, complete: resolve });
    });
  });
  return { context, page };
}

const shapes = (c) => {
  c.setFillStyle('#ff0000');
  c.fillRect(0, 0, 100, 60);
  c.setFillStyle('rgb(0, 0, 255)');
  c.fillRect(100, 0, 100, 60);
  c.beginPath();
  c.arc(50, 90, 20, 0, 2 * Math.PI);
  c.setFillStyle('#00ff00');
  c.fill();
  const gradient = c.createLinearGradient(100, 0, 200, 0);
  gradient.addColorStop(0, '#000000');
  gradient.addColorStop(1, '#ffffff');
  c.setFillStyle(gradient);
  c.fillRect(100, 100, 100, 20);
};

for (const ratio of [1, 2]) {
  test(`known shapes read back at devicePixelRatio ${ratio}`, async () => {
    const { context, page } = await open('', { deviceScaleFactor: ratio });
    const result = await page.evaluate(`draw('main', (${shapes}))`);
    assert.equal(result.errMsg, 'drawCanvas:ok');
    const read = (x, y) => page.evaluate(([x, y]) => pixel('main', x, y), [x, y]);
    assert.equal(await page.evaluate(() => document.querySelector('wx-canvas').canvas.width), 200 * ratio);
    assert.deepEqual(await read(50, 30), [255, 0, 0, 255]);
    assert.deepEqual(await read(150, 30), [0, 0, 255, 255]);
    assert.deepEqual(await read(50, 90), [0, 255, 0, 255]);
    assert.deepEqual(await read(150, 90), [0, 0, 0, 0]);
    const [dark] = await read(105, 110);
    const [light] = await read(195, 110);
    assert.ok(dark < 30 && light > 225, `gradient from ${dark} to ${light}`);
    if (ratio === 2) {
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.locator('wx-canvas').first().screenshot({ path: `${ARTIFACTS}canvas.png` });
    }
    // reserve: true draws over; the default clears first.
    await page.evaluate(() => draw('main', (c) => { c.setFillStyle('#000000'); c.fillRect(0, 0, 10, 10); }, { reserve: true }));
    assert.deepEqual(await read(50, 30), [255, 0, 0, 255]);
    await page.evaluate(() => draw('main', (c) => { c.setFillStyle('#000000'); c.fillRect(0, 0, 10, 10); }));
    assert.deepEqual(await read(50, 30), [0, 0, 0, 0]);
    await context.close();
  });
}

test('a drawing made before its canvas mounts appears once it does', async () => {
  const { context, page } = await open();
  const drawn = page.evaluate(() => draw('late', (c) => { c.setFillStyle('#ff0000'); c.fillRect(0, 0, 100, 50); }));
  await page.waitForTimeout(100);
  await page.evaluate(() => getCurrentPages()[0].setData({ late: true }));
  assert.equal((await drawn).errMsg, 'drawCanvas:ok');
  assert.deepEqual(await page.evaluate(() => pixel('late', 50, 25)), [255, 0, 0, 255]);
  await context.close();
});

test('an unknown canvas and malformed actions fail and draw nothing', async () => {
  const { context, page } = await open();
  await page.evaluate(() => draw('main', (c) => { c.setFillStyle('#ff0000'); c.fillRect(0, 0, 200, 120); }));
  const malformed = await page.evaluate(() => new Promise((resolve) => wx.drawCanvas({
    canvasId: 'main', actions: [{ method: 'fillRect', data: ['x'] }], complete: resolve })));
  assert.match(malformed.errMsg, /^drawCanvas:fail .*fillRect/);
  assert.deepEqual(await page.evaluate(() => pixel('main', 50, 30)), [255, 0, 0, 255]);
  const missing = await page.evaluate(() => draw('nope', (c) => c.fillRect(0, 0, 1, 1)));
  assert.match(missing.errMsg, /^drawCanvas:fail .*"nope"/);
  await context.close();
});

test("the seed's three-canvas example runs verbatim", async () => {
  const { context, page } = await open('#/pages/seed/seed');
  await page.waitForFunction(() => getCurrentPages()[0].results.length === 3);
  assert.deepEqual(await page.evaluate(() => getCurrentPages()[0].results), ['drawCanvas:ok', 'drawCanvas:ok', 'drawCanvas:ok']);
  await context.close();
});
