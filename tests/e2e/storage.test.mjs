// Storage through the served simulator: the seed's examples verbatim, reloads, and
// 9.5 MB across keys (more than Chrome's localStorage holds) surviving a reload.
// Crashes: storage-kill.test.mjs; random reloads: storage-torture.test.mjs.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { storage as examples } from './seed-examples.mjs';
import { launch, logsAfter, openSimulator, run, waitForWx } from './support.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(() => browser?.close());

test('the seed storage examples run verbatim and the data survives a reload', async () => {
  const context = await browser.newContext();
  const page = await openSimulator(context);

  await assert.rejects(
    run(page, examples.setStorage),
    /SyntaxError|Unexpected identifier/,
    "the seed's setStorage example lacks a comma and is not valid JavaScript",
  );
  await run(page, examples.setStorageFixed);
  let mark = page.logs.length;
  await run(page, examples.getStorage);
  assert.deepEqual(await logsAfter(page, mark, 1), ['value']);

  await run(page, examples.clearStorageSync);
  await run(page, examples.setStorageSync);
  await run(page, examples.getStorageSync);
  assert.equal(await page.evaluate(() => globalThis.value), 'value');

  mark = page.logs.length;
  await run(page, examples.getStorageInfo);
  assert.deepEqual(await logsAfter(page, mark, 3), [['key'], 1, 10240]);
  mark = page.logs.length;
  await run(page, examples.getStorageInfoSync);
  assert.deepEqual(await logsAfter(page, mark, 3), [['key'], 1, 10240]);

  await page.reload();
  await waitForWx(page);
  await run(page, examples.getStorageSync);
  assert.equal(await page.evaluate(() => globalThis.value), 'value', 'survives a reload');

  mark = page.logs.length;
  await run(page, examples.removeStorage);
  assert.deepEqual(
    await logsAfter(page, mark, 1),
    [undefined],
    'removeStorage success has no data',
  );
  assert.equal(await run(page, `wx.getStorageSync('key')`), '');
  await run(page, `wx.setStorageSync('a', 1); wx.setStorageSync('b', 2)`);
  await run(page, examples.removeStorageSync);
  await run(page, examples.clearStorage);
  await page.waitForFunction(() => wx.getStorageInfoSync().keys.length === 0);
  await run(page, `wx.setStorageSync('c', 3)`);
  await run(page, examples.clearStorageSync);
  await page.reload();
  await waitForWx(page);
  assert.deepEqual(await run(page, `wx.getStorageInfoSync().keys`), []);
  await context.close();
});

test('a setStorageSync that returned survives a reload right after it', async () => {
  const context = await browser.newContext();
  const page = await openSimulator(context);
  await page.evaluate(() => {
    wx.setStorageSync('when', new Date(1500000000000));
    wx.setStorageSync('profile', { name: '小程序', tags: ['a', 'b'], nested: { n: 1 } });
    wx.setStorageSync('nothing', undefined);
    location.reload();
  });
  await waitForWx(page);
  const back = await page.evaluate(() => ({
    isDate: wx.getStorageSync('when') instanceof Date,
    time: wx.getStorageSync('when').getTime(),
    profile: wx.getStorageSync('profile'),
    nothing: wx.getStorageSync('nothing'),
    keys: wx.getStorageInfoSync().keys,
  }));
  assert.deepEqual(back, {
    isDate: true,
    time: 1500000000000,
    profile: { name: '小程序', tags: ['a', 'b'], nested: { n: 1 } },
    nothing: undefined,
    keys: ['nothing', 'profile', 'when'],
  });
  await context.close();
});

test('9.5 MB across keys survives a reload intact', async () => {
  const context = await browser.newContext();
  const page = await openSimulator(context);
  const written = await page.evaluate(async () => {
    const sizes = [];
    for (let i = 0; i < 10; i++) {
      const data = String.fromCharCode(97 + i).repeat(950 * 1024 + i);
      await new Promise((resolve, reject) =>
        wx.setStorage({
          key: `part${i}`,
          data,
          success: resolve,
          fail: (res) => reject(new Error(res.errMsg)),
        }),
      );
      sizes.push(data.length);
    }
    const inLocalStorage = Object.keys(localStorage).filter((k) => k.startsWith('wxweb:')).length;
    return { sizes, currentSize: wx.getStorageInfoSync().currentSize, inLocalStorage };
  });
  assert.equal(written.inLocalStorage, 0, 'committed to IndexedDB, so localStorage keeps no copy');
  assert.ok(written.currentSize >= 9500, `currentSize ${written.currentSize} KB`);

  await page.reload();
  await waitForWx(page);
  const read = await page.evaluate(() => {
    const parts = [];
    for (let i = 0; i < 10; i++) {
      const data = wx.getStorageSync(`part${i}`);
      const letter = String.fromCharCode(97 + i);
      parts.push({ length: data.length, intact: data === letter.repeat(data.length) });
    }
    return parts;
  });
  assert.deepEqual(
    read,
    written.sizes.map((length) => ({ length, intact: true })),
  );
  await context.close();
});
