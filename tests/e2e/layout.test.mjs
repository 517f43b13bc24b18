// The device screen on a fixture mini program (fixtures/layout) styled by its WXSS alone:
// the simulator's own CSS does not reach it (content-box sizes), position: fixed is
// relative to the phone's window, vw/vh are the window's, `page` is a stacking context and
// its height: 100% the window's, and a WXSS error loses only its rule. The same pages
// launched inside a foreign page with hostile CSS measure the same. Screenshots at iPhone 6
// size go to tests/e2e/artifacts/layout-*.png.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openSimulator, serveFixture, waitForWx } from './support.mjs';

const ARTIFACTS = fileURLToPath(new URL('artifacts/', import.meta.url));
const fixture = serveFixture('layout');
before(() => mkdirSync(ARTIFACTS, { recursive: true }));

const SIZE = { viewport: { width: 1280, height: 900 } };
// iPhone 6: 375 × 667, less the status bar (20) and the navigation bar (44).
const WINDOW = { width: 375, height: 603 };

// A page of someone else's that launches the mini program in its own element, with CSS
// that would squash, recolour and re-font everything it reached.
const FOREIGN = `<!doctype html>
<html><head><meta charset="utf-8"><title>foreign</title><style>
* { box-sizing: border-box; font: 20px/3 serif; color: red; margin: 3px; }
input { padding: 20px; border: 5px solid blue; height: 10px; }
div { padding: 4px; }
svg { width: 10px; height: 10px; }
body { background: #445; }
</style></head><body>
<h1>A foreign page</h1>
<div id="phone" style="width: ${WINDOW.width}px; height: ${WINDOW.height}px; margin: 24px; background: #fff"></div>
<script type="module">
import init, { launch } from '/pkg/wxweb.js';
globalThis.wxReady = init().then(() => launch({ viewport: document.getElementById('phone'), root: 'app/' }));
</script>
</body></html>`;

/** The simulator at iPhone 6 size on `route`; its window is `#wx-viewport`. */
async function simulator(route) {
  const context = await fixture.browser.newContext(SIZE);
  const page = await openSimulator(context, `?device=iphone6#/${route}`, fixture.server.url);
  return { context, page, host: '#wx-viewport' };
}

/** The foreign page on `route`; its window is `#phone`. */
async function foreign(route) {
  const context = await fixture.browser.newContext(SIZE);
  const page = await context.newPage();
  page.logs = [];
  page.on('console', (message) => page.logs.push(message.text()));
  page.on('pageerror', (error) => page.logs.push(`pageerror: ${error.message}`));
  await page.route('**/foreign.html', (route) =>
    route.fulfill({ contentType: 'text/html', body: FOREIGN }),
  );
  await page.goto(new URL(`foreign.html#/${route}`, fixture.server.url).href);
  await waitForWx(page);
  return { context, page, host: '#phone' };
}

const round = (n) => Math.round(n * 100) / 100;

/** The element `#id` of the shown page: its box relative to the window, and some style. */
async function measure({ page, host }, id) {
  const hostBox = await page.locator(host).boundingBox();
  const element = page.locator(`${host} wx-page:not([hidden]) #${id}`);
  const box = await element.boundingBox();
  const style = await element.evaluate((el) => {
    const s = getComputedStyle(el);
    return {
      boxSizing: s.boxSizing,
      fontSize: s.fontSize,
      fontFamily: s.fontFamily,
      color: s.color,
      lineHeight: s.lineHeight,
    };
  });
  return {
    x: round(box.x - hostBox.x),
    y: round(box.y - hostBox.y),
    width: round(box.width),
    height: round(box.height),
    ...style,
  };
}

/** The window's scrolling body (in the screen's shadow root) scrolled to `top` (unless
 *  undefined); its scrollTop. */
function scrollWindow({ page, host }, top) {
  return page.locator(host).evaluate((el, top) => {
    const body = el.shadowRoot.querySelector('wx-body');
    if (top !== undefined) body.scrollTop = top;
    return body.scrollTop;
  }, top);
}

const PAGES = {
  'pages/index/index': ['title', 'field', 'icon', 'after-import', 'after-bad', 'board', 'half'],
  'pages/fixed/fixed': ['header', 'tall', 'footer', 'fab'],
  'pages/full/full': ['fill'],
};

async function measureAll(screen, route) {
  const boxes = {};
  for (const id of PAGES[route]) boxes[id] = await measure(screen, id);
  return boxes;
}

test('inputs and icons keep the sizes their WXSS gives (content-box), fonts are WeChat’s', async () => {
  const screen = await simulator('pages/index/index');
  const { page, context } = screen;
  assert.equal(await page.evaluate(() => getComputedStyle(document.body).boxSizing), 'border-box');
  const field = await measure(screen, 'field');
  const icon = await measure(screen, 'icon');
  assert.equal(field.boxSizing, 'content-box');
  assert.deepEqual([field.width, field.height], [200 + 2 * 10 + 2, 40 + 2]);
  assert.equal(icon.boxSizing, 'content-box');
  assert.deepEqual([icon.width, icon.height], [40 + 2 * 6 + 2 * 2, 40 + 2 * 6 + 2 * 2]);
  const svg = await page.locator('#wx-viewport wx-page:not([hidden]) #icon svg').boundingBox();
  assert.deepEqual([svg.width, svg.height], [40, 40]);
  const board = await measure(screen, 'board');
  assert.equal(board.fontSize, '16px'); // WeChat's page default, not the simulator's 14px
  assert.equal(board.color, 'rgb(0, 0, 0)');
  await page.screenshot({ path: `${ARTIFACTS}layout-simulator.png` });
  await context.close();
});

test('vw and vh are the phone window’s: a 93vw board is 348.75px on a 375px window', async () => {
  const screen = await simulator('pages/index/index');
  const board = await measure(screen, 'board');
  assert.equal(board.width, round(0.93 * WINDOW.width));
  assert.equal(board.height, round(0.2 * WINDOW.width));
  assert.equal(board.x, round((WINDOW.width - 0.93 * WINDOW.width) / 2));
  const half = await measure(screen, 'half');
  assert.equal(half.height, round(WINDOW.height / 2));
  assert.equal(half.width, WINDOW.width);
  await screen.context.close();

  const tall = await simulator('pages/fixed/fixed');
  assert.equal((await measure(tall, 'tall')).height, WINDOW.height + 1); // 100vh + its border
  await tall.context.close();
});

test('page { height: 100% } and a child at 100% fill the window', async () => {
  const screen = await simulator('pages/full/full');
  const fill = await measure(screen, 'fill');
  assert.deepEqual([fill.x, fill.y, fill.width, fill.height], [0, 0, WINDOW.width, WINDOW.height]);
  const pageBox = await screen.page.locator('#wx-viewport wx-page:not([hidden])').boundingBox();
  assert.equal(pageBox.height, WINDOW.height);
  await screen.context.close();
});

test('position: fixed is relative to the window: below the nav bar, at its bottom, unscrolled', async () => {
  const screen = await simulator('pages/fixed/fixed');
  const { page, context } = screen;
  const nav = await page.locator('#nav-bar').boundingBox();
  const window = await page.locator('#wx-viewport').boundingBox();
  assert.deepEqual([window.width, window.height], [WINDOW.width, WINDOW.height]);
  assert.equal(window.y, nav.y + nav.height);
  const fixed = async () => ({
    header: await measure(screen, 'header'),
    footer: await measure(screen, 'footer'),
    fab: await measure(screen, 'fab'),
  });
  const before = await fixed();
  assert.deepEqual(
    [before.header.x, before.header.y, before.header.width, before.header.height],
    [0, 0, WINDOW.width, 44],
  );
  assert.equal(before.footer.y + before.footer.height, WINDOW.height);
  assert.equal(before.footer.width, WINDOW.width);
  assert.equal(before.fab.x + before.fab.width, WINDOW.width - 20);
  assert.equal(before.fab.y + before.fab.height, WINDOW.height - 70);
  const tallBefore = await measure(screen, 'tall');

  // A wheel over the window scrolls the page under the fixed elements, not the browser's page.
  await page.mouse.move(window.x + 100, window.y + 300);
  await page.mouse.wheel(0, 400);
  await page.waitForFunction(
    () =>
      document.querySelector('#wx-viewport').shadowRoot.querySelector('wx-body').scrollTop >= 400,
  );
  assert.equal(await page.evaluate(() => scrollY), 0);
  assert.equal((await measure(screen, 'tall')).y, tallBefore.y - 400);
  assert.deepEqual(await fixed(), before);
  assert.equal(
    await scrollWindow(screen, 10_000),
    2 * (WINDOW.height + 1) + 44 + 50 - WINDOW.height,
  );
  assert.deepEqual(await fixed(), before);
  await page.waitForFunction(() => getCurrentPages().at(-1).reached === 1); // onReachBottom
  await page.screenshot({ path: `${ARTIFACTS}layout-fixed-simulator.png` });
  // Another page opens at its top; coming back, this one is where it was left.
  const end = await scrollWindow(screen, 10_000);
  await page.evaluate(
    () => new Promise((complete) => wx.navigateTo({ url: '../full/full', complete })),
  );
  assert.equal(await scrollWindow(screen, undefined), 0);
  await page.evaluate(() => new Promise((complete) => wx.navigateBack({ complete })));
  assert.equal(await scrollWindow(screen, undefined), end);
  await context.close();
});

test('page is a stacking context: a background at z-index -1 shows over the page’s colour', async () => {
  const screen = await simulator('pages/index/index');
  const order = await screen.page.locator('#wx-viewport').evaluate((host) => {
    const box = host.getBoundingClientRect();
    return host.shadowRoot
      .elementsFromPoint(box.right - 5, box.top + 140)
      .map((el) => el.id || el.localName);
  });
  const bg = order.indexOf('bg');
  assert.ok(bg >= 0, `the background is under the point: ${order}`);
  assert.ok(bg < order.indexOf('wx-page'), `the background paints over the page: ${order}`);
  await screen.context.close();
});

test('a WXSS error loses only its rule: the sheet after it applies, the warning names file:line', async () => {
  const screen = await simulator('pages/index/index');
  const { page, context } = screen;
  assert.equal((await measure(screen, 'title')).fontSize, '20px'); // from the @import without ;
  assert.equal((await measure(screen, 'after-import')).color, 'rgb(0, 128, 0)');
  assert.equal((await measure(screen, 'after-bad')).color, 'rgb(0, 0, 255)');
  const logs = (await Promise.all(page.logs)).filter((l) => typeof l === 'string');
  assert.ok(logs.includes('app.wxss:1:1: missing ; after @import'), logs.join('\n'));
  assert.ok(logs.includes('app.wxss:3:21: unexpected }'), logs.join('\n'));
  // The simulator's console shows them as warnings; the window shows no error note.
  const warnings = await page.locator('#console-log .level-warn').allTextContents();
  assert.ok(
    warnings.some((w) => w.includes('app.wxss:1:1: missing ; after @import')),
    warnings,
  );
  assert.equal(await page.locator('wx-error').count(), 0);
  await context.close();
});

test('inside a foreign page with hostile CSS the pages measure as in the simulator', async () => {
  for (const route of Object.keys(PAGES)) {
    const sim = await simulator(route);
    const expected = await measureAll(sim, route);
    await sim.context.close();
    const other = await foreign(route);
    assert.deepEqual(await measureAll(other, route), expected, route);
    const hostFont = await other.page.evaluate(() => getComputedStyle(phone).fontFamily);
    assert.equal(hostFont, 'serif'); // the foreign page's CSS is there, and stops at the screen
    if (route === 'pages/index/index') {
      assert.equal(expected.title.color, 'rgb(0, 0, 0)');
      assert.notEqual(expected.title.fontFamily, 'serif');
      await other.page.screenshot({ path: `${ARTIFACTS}layout-foreign.png` });
    }
    if (route === 'pages/fixed/fixed') {
      await scrollWindow(other, 400);
      const header = await measure(other, 'header');
      assert.deepEqual([header.y, header.width], [0, WINDOW.width]);
    }
    assert.deepEqual(
      other.page.logs.filter((l) => l.startsWith('pageerror')),
      [],
    );
    await other.context.close();
  }
});
