// The served simulator: wx installed on the page, the console, the device frame and
// what getSystemInfo/getNetworkType report there, and the profile a project selects.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { device as examples } from './seed-examples.mjs';
import { BASE_URL, launch, logsAfter, openSimulator, run, startServer } from './support.mjs';

const IPHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1';

let browser;
before(async () => {
  browser = await launch();
});
after(() => browser?.close());

test('wx is a global whose functions work detached', async () => {
  const context = await browser.newContext();
  const page = await openSimulator(context);
  const result = await page.evaluate(async () => {
    const resolved = await wxReady;
    const set = wx.setStorageSync;
    set('detached', 42);
    const get = wx.getStorage;
    const data = await new Promise((resolve) =>
      get({ key: 'detached', success: (res) => resolve(res.data) }),
    );
    return { same: resolved === wx, data, own: Object.hasOwn(wx, 'getStorage') };
  });
  assert.deepEqual(result, { same: true, data: 42, own: true });
  await context.close();
});

test('the console runs wx calls and shows results and errMsgs', async () => {
  const context = await browser.newContext();
  const page = await openSimulator(context);
  const input = page.locator('#console-input');
  await input.fill(`wx.setStorageSync('k', 'v'); wx.getStorageInfoSync()`);
  await input.press('Enter');
  await assert.doesNotReject(
    page.locator('#console-log .entry-result', { hasText: 'limitSize' }).waitFor(),
  );
  await input.fill(`wx.getStorage({ key: 'missing', fail: console.log })`);
  await input.press('Enter');
  await assert.doesNotReject(
    page
      .locator('#console-log .entry-log', { hasText: 'getStorage:fail data not found' })
      .waitFor(),
  );
  await input.fill(`wx.setStorageSync(1, 2)`);
  await input.press('Enter');
  await assert.doesNotReject(
    page
      .locator('#console-log .entry-error', {
        hasText:
          'setStorageSync:fail parameter error: parameter.key should be String instead of Number;',
      })
      .waitFor(),
  );
  await context.close();
});

test('in the device frame, system info is the simulated phone', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await openSimulator(context);
  const info = await run(page, `${examples.getSystemInfoSync}; res`);
  assert.equal(info.model, 'iPhone 6');
  assert.deepEqual(
    [info.windowWidth, info.windowHeight, info.screenWidth, info.screenHeight, info.pixelRatio],
    [375, 603, 375, 667, 2],
  );
  assert.equal(info.platform, 'devtools');
  assert.equal(info.version, '6.5.3');
  const logs = page.logs.length;
  await run(page, examples.getSystemInfo);
  assert.deepEqual(await logsAfter(page, logs, 4), ['iPhone 6', 2, 375, 603]);

  const plus = await openSimulator(context, '?device=iphone6plus');
  const big = await run(plus, 'wx.getSystemInfoSync()');
  assert.deepEqual(
    [big.model, big.windowWidth, big.screenHeight, big.pixelRatio],
    ['iPhone 6 Plus', 414, 736, 3],
  );
  await context.close();
});

test("on a phone's browser, system info is the real phone", async () => {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    userAgent: IPHONE_UA,
    deviceScaleFactor: 3,
    isMobile: true,
  });
  const page = await openSimulator(context);
  const info = await run(page, 'wx.getSystemInfoSync()');
  assert.deepEqual(
    [info.model, info.system, info.platform, info.pixelRatio, info.windowWidth],
    ['iPhone', 'iOS 17.1.2', 'ios', 3, 390],
  );
  assert.ok(
    info.windowHeight > 600 && info.windowHeight < 844,
    `windowHeight ${info.windowHeight}`,
  );
  await context.close();
});

test('getNetworkType follows the emulated network', async () => {
  const context = await browser.newContext();
  const page = await openSimulator(context);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const emulate = (conditions) =>
    cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
      ...conditions,
    });
  // Desktop Chromium exposes navigator.connection.effectiveType only (no `type`).
  assert.equal(await networkType(page), '4g');
  await emulate({ latency: 400, downloadThroughput: 50000, uploadThroughput: 50000 });
  assert.equal(await networkType(page), '3g');
  await emulate({ latency: 2000, downloadThroughput: 5000, uploadThroughput: 5000 });
  assert.equal(await networkType(page), '2g');
  await emulate({ offline: true });
  assert.equal(await networkType(page), 'none');
  await run(page, examples.getNetworkType);
  await context.close();
});

test('getNetworkType reads the connection type where the browser gives one', async () => {
  const context = await browser.newContext();
  // Android Chrome's navigator.connection has `type`; desktop Chromium's does not.
  await context.addInitScript(() => {
    const connection = { type: 'wifi', effectiveType: '3g' };
    Object.defineProperty(Navigator.prototype, 'connection', { get: () => connection });
    globalThis.fakeConnection = connection;
  });
  const page = await openSimulator(context);
  assert.equal(await networkType(page), 'wifi');
  await page.evaluate(() => {
    fakeConnection.type = 'cellular';
  });
  assert.equal(await networkType(page), '3g');
  await page.evaluate(() => {
    fakeConnection.type = 'none';
  });
  assert.equal(await networkType(page), 'none');
  await context.close();
});

function networkType(page) {
  return page.evaluate(
    () =>
      new Promise((resolve) => wx.getNetworkType({ success: (res) => resolve(res.networkType) })),
  );
}

test('a project with libVersion 2 gets the modern profile; ?profile overrides', async () => {
  const server = await startServer([new URL('./fixtures/modern', import.meta.url).pathname]);
  try {
    const context = await browser.newContext();
    const page = await openSimulator(context, '', server.url);
    const modern = await page.evaluate(async () => {
      wx.setStorageSync('k', 'v');
      const returned = wx.getStorage({ key: 'k' });
      return {
        isPromise: returned instanceof Promise,
        result: await returned,
        appid: wxSimulator.appid,
      };
    });
    assert.deepEqual(modern, {
      isPromise: true,
      result: { data: 'v', errMsg: 'getStorage:ok' },
      appid: 'wxe2emodern0001',
    });
    const seed = await openSimulator(context, '?profile=seed', server.url);
    assert.equal(await seed.evaluate(() => wx.getStorage({ key: 'k' })), undefined);
    await context.close();
  } finally {
    server.stop();
  }
});

test('the wasm is served as application/wasm and the bundled demo is the default app', async () => {
  const wasm = await fetch(new URL('pkg/wxweb_bg.wasm', BASE_URL));
  assert.equal(wasm.headers.get('content-type'), 'application/wasm');
  const config = await (await fetch(new URL('app/project.config.json', BASE_URL))).json();
  assert.equal(config.appid, 'touristappid');
});

test('the bundled demo is a mini program: its index lists a page per API family', async () => {
  const context = await browser.newContext();
  const page = await openSimulator(context);
  assert.equal(await page.textContent('#nav-title'), 'wxweb');
  const families = page.locator('wx-page:not([hidden]) wx-navigator.family');
  assert.equal(await families.count(), 3);
  await families.nth(1).click();
  assert.equal(await page.textContent('#nav-title'), 'Device');
  await page.locator('wx-page:not([hidden]) .cell-value', { hasText: 'devtools' }).waitFor();
  await page.click('.wx-nav-back');
  assert.deepEqual(await page.evaluate(() => getCurrentPages().map((p) => p.route)), [
    'pages/index/index',
  ]);
  await families.nth(0).click();
  await page.locator('wx-page:not([hidden]) input[placeholder="value"]').fill('from the demo');
  await page.click('wx-page:not([hidden]) wx-button[form-type=submit]');
  await page.locator('wx-page:not([hidden]) .result', { hasText: 'setStorage:ok' }).waitFor();
  assert.equal(await page.evaluate(() => wx.getStorageSync('demo')), 'from the demo');
  await context.close();
});
