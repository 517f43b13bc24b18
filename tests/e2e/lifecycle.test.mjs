// Page and App lifecycles on fixtures/lifecycle: methods bound to their instance (the
// 2016 demo's setInterval(this.drawBall, 17)), this.update(), onReady after the first
// render and after what onLoad queued, navigation away before onReady, and errors
// thrown later (timers, promises) reported with the mini program's file and line.

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openSimulator, serveFixture } from './support.mjs';

const fixture = serveFixture('lifecycle');
const ARTIFACTS = fileURLToPath(new URL('artifacts/', import.meta.url));
before(() => mkdirSync(ARTIFACTS, { recursive: true }));

// What onReady of the first page reads of the rendered page: page code cannot reach the
// document, so the test lends it this probe (it looks into the viewport's shadow root too).
const PROBE = () => {
  globalThis.lifecycleProbe = (selector) => {
    const viewport = document.querySelector('#wx-viewport');
    const roots = [viewport?.shadowRoot, document].filter(Boolean);
    for (const root of roots) {
      const found = root.querySelector(`wx-page:not([hidden]) ${selector}`);
      if (found) return found.textContent;
    }
    return 'not rendered';
  };
};

async function open(path = '', viewport = undefined) {
  const context = await fixture.browser.newContext(viewport ? { viewport } : {});
  await context.addInitScript(PROBE);
  const page = await openSimulator(context, path, fixture.server.url);
  return { context, page };
}

/** Closes the context once the page's logged values are read: the app.json `debug`
 * trace of the onHide that closing causes is not listened to. */
async function close({ context, page }) {
  page.removeAllListeners('console');
  await Promise.allSettled(page.logs);
  await context.close();
}

const text = (page, selector) =>
  page.locator(`wx-page:not([hidden]) ${selector}`).first().textContent();
const order = (page) => page.evaluate(() => getApp().order.splice(0));
const navigateTo = (page, url) =>
  page.evaluate((url) => new Promise((resolve) => wx.navigateTo({ url, complete: resolve })), url);

/** The 1-based line of `path` (in the fixture) holding `marker`. */
function lineOf(path, marker) {
  const source = readFileSync(new URL(`fixtures/lifecycle/${path}`, import.meta.url), 'utf8');
  const line = source.split('\n').findIndex((l) => l.includes(marker)) + 1;
  assert.ok(line > 0, `${marker} in ${path}`);
  return line;
}

test("launch order is WeChat's: onReady after onLoad's queued work, seeing its setData", async () => {
  const opened = await open();
  const { page } = opened;
  assert.deepEqual(await order(page), [
    'app:onLaunch',
    'app:onShow',
    'index:onLoad',
    'index:onShow',
    'onLoad promise',
    'onLoad setTimeout 0',
    'index:onReady loaded',
  ]);
  // app.json's debug traces the page's lifecycle calls in the same order.
  const traced = (await Promise.all(page.logs)).filter(
    (l) => typeof l === 'string' && l.startsWith('[wxweb] pages/index/index on'),
  );
  assert.deepEqual(traced, [
    '[wxweb] pages/index/index onLoad',
    '[wxweb] pages/index/index onShow',
    '[wxweb] pages/index/index onReady',
  ]);
  await close(opened);
});

test('page and App methods keep their this when passed as plain functions; update()', async () => {
  const opened = await open();
  const { page } = opened;
  // onReady handed this.bump to a module that calls it as a plain function; App's
  // record was used unbound by every page (the order log above is filled by it).
  assert.equal(await text(page, '#count'), 'count 1');
  assert.equal(await page.evaluate(() => getCurrentPages()[0].dataStaysLive), true);
  await page.locator('wx-page:not([hidden]) #later').click(); // setTimeout(this.bump, 0)
  await page.waitForFunction(() => getCurrentPages()[0].data.count === 2);
  assert.equal(await text(page, '#count'), 'count 2');
  // this.update() after changing this.data directly renders it.
  await page.locator('wx-page:not([hidden]) #mutate').click();
  assert.equal(await text(page, '#note'), 'mutated');
  assert.equal(await page.evaluate(() => typeof getCurrentPages()[0].update), 'function');
  // The instance's methods are the Page object's, bound to it.
  assert.equal(await page.evaluate(() => getCurrentPages()[0].bump.name), 'bound bump');
  assert.deepEqual(await page.evaluate(() => getApp().errors), []);
  await close(opened);
});

test('the 2016 demo ball: setInterval(this.drawBall, 17) moves the ball', async () => {
  const opened = await open('?device=iphone6', { width: 1280, height: 900 });
  const { page } = opened;
  await order(page);
  await navigateTo(page, '/pages/ball/ball');
  const ball = page.locator('wx-page:not([hidden]) #ball');
  await ball.waitFor();
  const first = await ball.boundingBox();
  const x1 = await page.evaluate(() => getCurrentPages().at(-1).data.x);
  await page.waitForTimeout(300);
  const second = await ball.boundingBox();
  const x2 = await page.evaluate(() => getCurrentPages().at(-1).data.x);
  assert.notEqual(x2, x1, 'the data changes');
  assert.ok(
    Math.abs(second.x - first.x) + Math.abs(second.y - first.y) > 10,
    `the ball moved: ${JSON.stringify([first, second])}`,
  );
  assert.equal(second.width, 20);
  await page.screenshot({ path: `${ARTIFACTS}lifecycle-ball.png` });
  const logged = (await Promise.all(page.logs)).filter(
    (l) => typeof l === 'string' && !l.startsWith('[wxweb]'),
  );
  assert.deepEqual(logged, [], 'nothing else logged');
  assert.deepEqual(await page.evaluate(() => getApp().errors), []);
  // Unloading stops the timer (its onUnload clears it).
  await page.evaluate(() => new Promise((resolve) => wx.navigateBack({ complete: resolve })));
  await close(opened);
});

test('a page that navigates away in onLoad: the page closed before onReady never gets it', async () => {
  const opened = await open();
  const { page } = opened;
  await order(page);
  // navigateTo then navigateBack at once, in the hop page's onLoad.
  await navigateTo(page, '/pages/hop/hop?mode=both');
  await page.waitForFunction(() => getApp().order.includes('hop:onReady'));
  await page.waitForTimeout(100);
  const log = await order(page);
  assert.ok(log.includes('child:onLoad') && log.includes('child:onUnload'), log.join());
  assert.ok(!log.includes('child:onReady'), log.join());
  assert.equal(log.filter((e) => e === 'hop:onReady').length, 1, log.join());
  assert.ok(log.indexOf('child:onShow') < log.indexOf('child:onUnload'), log.join());
  assert.ok(log.indexOf('hop:onShow') < log.indexOf('hop:onHide'), log.join());
  assert.equal(log.at(-1), 'hop:onReady', log.join());
  assert.deepEqual(await page.evaluate(() => getCurrentPages().map((p) => p.route)), [
    'pages/index/index',
    'pages/hop/hop',
  ]);
  await close(opened);
});

test('a page that goes back from a timer queued in its onLoad never gets onReady', async () => {
  const opened = await open();
  const { page } = opened;
  await order(page);
  await navigateTo(page, '/pages/hop/hop?mode=self');
  await page.waitForFunction(() => getApp().order.includes('hop:onReady'));
  await page.waitForTimeout(100);
  const log = await order(page);
  assert.ok(log.includes('child:onUnload'), log.join());
  assert.ok(!log.includes('child:onReady'), log.join());
  // Routes run after the calling callback, so the hop page, rendered, gets its onReady
  // (hidden under the child) whenever its turn comes; it gets it once.
  assert.equal(log.filter((e) => e === 'hop:onReady').length, 1, log.join());
  assert.equal(await page.evaluate(() => getCurrentPages().at(-1).route), 'pages/hop/hop');
  assert.equal(await text(page, '#hop'), 'hop');
  await close(opened);
});

test('a page that routes in its own onLoad: the route runs after onLoad and onShow', async () => {
  const opened = await open();
  const { page } = opened;
  await order(page);
  // navigateBack in the child's onLoad: the history stays inside the simulator.
  await navigateTo(page, '/pages/hop/hop?mode=inLoad');
  await page.waitForFunction(() => getApp().order.includes('child:onUnload'));
  await page.waitForTimeout(100);
  let log = await order(page);
  assert.ok(log.indexOf('child:onShow') < log.indexOf('child:onUnload'), log.join());
  assert.ok(!log.includes('child:onReady'), log.join());
  assert.deepEqual(await page.evaluate(() => getCurrentPages().map((p) => p.route)), [
    'pages/index/index',
    'pages/hop/hop',
  ]);
  assert.match(page.url(), /#\/pages\/hop\/hop/);
  // A splash page: redirectTo in onLoad replaces the child once its onLoad/onShow ran.
  await navigateTo(page, '/pages/hop/hop?mode=redirect');
  await page.waitForFunction(() => getCurrentPages().at(-1).route === 'pages/ball/ball');
  log = await order(page);
  assert.deepEqual(
    log.filter((e) => e.startsWith('child:')),
    ['child:onLoad', 'child:onShow', 'child:onUnload'],
  );
  assert.deepEqual(await page.evaluate(() => getCurrentPages().map((p) => p.route)), [
    'pages/index/index',
    'pages/hop/hop',
    'pages/hop/hop',
    'pages/ball/ball',
  ]);
  await close(opened);
});

test('an error thrown in a timer is reported with its file:line, to the console and onError', async () => {
  const opened = await open();
  const { page } = opened;
  const line = lineOf('pages/errors/timer.js', 'throws here');
  const from = page.logs.length;
  await navigateTo(page, '/pages/errors/timer');
  await page.waitForFunction(() => getApp().errors.length === 1);
  const [error] = await page.evaluate(() => getApp().errors);
  assert.match(error, /^thirdScriptError\nTypeError: Cannot read properties of undefined/);
  assert.ok(error.includes(`pages/errors/timer.js:${line}:`), error);
  const logged = (await Promise.all(page.logs.slice(from))).filter((l) => typeof l === 'string');
  const report = logged.find((l) => l.startsWith(`pages/errors/timer.js:${line}:`));
  assert.ok(report, logged.join('\n'));
  assert.match(report, /TypeError: .*\(uncaught\)$/);
  await close(opened);
});

test('a promise rejected with no handler reaches onError (or onUnhandledRejection) with its file:line', async () => {
  const opened = await open();
  const { page } = opened;
  const line = lineOf('pages/errors/promise.js', 'rejects here');
  const from = page.logs.length;
  await navigateTo(page, '/pages/errors/promise');
  await page.waitForFunction(() => getApp().errors.length === 1);
  const [error] = await page.evaluate(() => getApp().errors);
  assert.match(error, /^thirdScriptError\nRangeError: rejected on purpose\n/);
  assert.ok(error.includes(`pages/errors/promise.js:${line}:`), error);
  const logged = (await Promise.all(page.logs.slice(from))).filter((l) => typeof l === 'string');
  assert.ok(
    logged.some(
      (l) =>
        l.startsWith(`pages/errors/promise.js:${line}:`) &&
        l.endsWith('(unhandled promise rejection)'),
    ),
    logged.join('\n'),
  );
  // An app with onUnhandledRejection (the modern base library) hears it there instead.
  const heard = await page.evaluate(
    () =>
      new Promise((resolve) => {
        getApp().onUnhandledRejection = function (event) {
          resolve([this === getApp(), String(event.reason), event.promise instanceof Promise]);
        };
        Promise.reject('a bare value');
      }),
  );
  assert.deepEqual(heard, [true, 'a bare value', true]);
  assert.equal(await page.evaluate(() => getApp().errors.length), 1);
  await close(opened);
});
