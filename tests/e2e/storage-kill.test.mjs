// Storage across a browser crash: Chromium with a profile on disk
// (launchPersistentContext), the browser process killed with SIGKILL, relaunched on the
// same profile. Chromium writes localStorage to disk lazily (a kill within seconds of a
// write loses it), so what a kill must not lose has to be in IndexedDB: a setStorage,
// removeStorage or clearStorage whose success ran, and a setStorageSync a second later.

import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { FLAGS, startServer, waitForWx } from './support.mjs';

let server;
before(async () => {
  server = await startServer();
});
after(() => server?.stop());

/** Chromium on the profile in `dir`, with the simulator open. */
async function open(dir) {
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: FLAGS,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(server.url);
  await waitForWx(page);
  return { context, page };
}

/** The browser process of the profile `dir` (the one without `--type=`). */
function browserPid(dir) {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args;
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (args.includes(`--user-data-dir=${dir}`) && !args.some((arg) => arg.startsWith('--type='))) {
      return Number(entry);
    }
  }
  throw new Error(`no browser process for ${dir}`);
}

/** SIGKILLs the browser and its helpers (Playwright starts it as a process group). */
async function kill(context, dir) {
  const closed = new Promise((resolve) => context.once('close', resolve));
  const pid = browserPid(dir);
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    process.kill(pid, 'SIGKILL');
  }
  await closed;
}

/** Runs `body(open, kill)` with a fresh profile; closes the browser, removes the profile. */
async function withProfile(body) {
  const dir = mkdtempSync(join(tmpdir(), 'wxweb-kill-'));
  let last;
  try {
    await body(
      async () => {
        last = await open(dir);
        return last;
      },
      (context) => kill(context, dir),
    );
  } finally {
    await last?.context.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}

const BIG = 'b'.repeat(600 * 1024);

test('setStorage, removeStorage and clearStorage survive a browser kill right after success', async () => {
  await withProfile(async (launch, killBrowser) => {
    let { context, page } = await launch();
    // A committed starting point: values to remove and to clear away later.
    await page.evaluate(async () => {
      const call = (name, options = {}) =>
        new Promise((resolve, reject) =>
          wx[name]({
            ...options,
            success: resolve,
            fail: (res) => reject(new Error(res.errMsg)),
          }),
        );
      await call('setStorage', { key: 'removed', data: 'old' });
      await call('setStorage', { key: 'replaced', data: 'old' });
    });
    await context.close();

    ({ context, page } = await launch());
    await page.evaluate(async (big) => {
      const call = (name, options = {}) =>
        new Promise((resolve, reject) =>
          wx[name]({
            ...options,
            success: resolve,
            fail: (res) => reject(new Error(res.errMsg)),
          }),
        );
      await call('setStorage', { key: 'replaced', data: { n: 2, when: 'new' } });
      await call('removeStorage', { key: 'removed' });
      await call('setStorage', { key: 'big', data: big });
      await call('setStorage', { key: 'date', data: new Date(1500000000000) });
      await call('setStorage', { key: 'last', data: 'written last' });
    }, BIG);
    await killBrowser(context);

    ({ context, page } = await launch());
    const back = await page.evaluate(() => ({
      keys: wx.getStorageInfoSync().keys,
      replaced: wx.getStorageSync('replaced'),
      big: wx.getStorageSync('big').length,
      date: wx.getStorageSync('date') instanceof Date && wx.getStorageSync('date').getTime(),
      last: wx.getStorageSync('last'),
    }));
    assert.deepEqual(back, {
      keys: ['big', 'date', 'last', 'replaced'],
      replaced: { n: 2, when: 'new' },
      big: BIG.length,
      date: 1500000000000,
      last: 'written last',
    });

    await page.evaluate(
      () =>
        new Promise((resolve, reject) =>
          wx.clearStorage({
            success: resolve,
            fail: (res) => reject(new Error(res.errMsg)),
          }),
        ),
    );
    await killBrowser(context);
    ({ context, page } = await launch());
    assert.deepEqual(
      await page.evaluate(() => wx.getStorageInfoSync().keys),
      [],
      'the clear survives',
    );
    await context.close();
  });
});

test('a setStorageSync survives a browser kill one second after it returned', async () => {
  await withProfile(async (launch, killBrowser) => {
    let { context, page } = await launch();
    await page.evaluate((big) => {
      wx.setStorageSync('a', 1);
      wx.setStorageSync('profile', { name: '小程序', tags: ['x'] });
      wx.setStorageSync('big', big);
      wx.setStorageSync('gone', 'soon');
      wx.removeStorageSync('gone');
      wx.setStorageSync('a', 2);
    }, BIG);
    await page.waitForTimeout(1000);
    await killBrowser(context);

    ({ context, page } = await launch());
    const back = await page.evaluate(() => ({
      keys: wx.getStorageInfoSync().keys,
      a: wx.getStorageSync('a'),
      profile: wx.getStorageSync('profile'),
      big: wx.getStorageSync('big').length,
    }));
    assert.deepEqual(back, {
      keys: ['a', 'big', 'profile'],
      a: 2,
      profile: { name: '小程序', tags: ['x'] },
      big: BIG.length,
    });
    await context.close();
  });
});
