// The listener contract on a fixture mini program (fixtures/listeners) whose App keeps
// what App.onError receives: a throwing onSocketMessage (seed), SocketTask.onMessage
// (modern), onProgressUpdate (download and upload) and onAccelerometerChange each reach
// App.onError and the console with the file and line, and the other listeners and later
// events still run. Also the modern profile's off… functions.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openSimulator, serveFixture } from './support.mjs';

const fixture = serveFixture('listeners');

async function open(query = '') {
  const context = await fixture.browser.newContext();
  const page = await openSimulator(context, query, fixture.server.url);
  return { context, page };
}

/** Calls `method(argument)` of the fixture's page and waits for what it resolves with. */
function pageCall(page, method, argument) {
  return page.evaluate(
    ([method, argument]) => getCurrentPages().at(-1)[method](argument),
    [method, argument],
  );
}

const errors = (page) => page.evaluate(() => getApp().errors);

/** The console lines logged so far (their first argument), as strings. */
async function consoleLines(page) {
  return (await Promise.all(page.logs)).filter((line) => typeof line === 'string');
}

/**
 * Checks that `thrown` (messages) reached App.onError in WeChat's form, at `context`, and
 * the console with the place in the fixture's page file.
 */
async function assertReported(page, context, thrown) {
  const atContext = (await errors(page)).filter((e) => e.includes(`;at ${context}\n`));
  assert.deepEqual(
    atContext.map((e) => e.split('\n')[1]),
    thrown.map((message) => `Error: ${message};at ${context}`),
  );
  for (const error of atContext) assert.match(error, /^thirdScriptError\n/);
  for (const message of thrown) {
    const line = `Error: ${message} (in ${context})`;
    const found = (lines) =>
      lines.some((l) => /^pages\/index\/index\.js:\d+:\d+: /.test(l) && l.endsWith(line));
    // The console reaches the test a moment after App.onError.
    const deadline = Date.now() + 5000;
    while (!found(await consoleLines(page)) && Date.now() < deadline) await page.waitForTimeout(20);
    const lines = await consoleLines(page);
    assert.ok(found(lines), `console has "…index.js:L:C: ${line}" in:\n${lines.join('\n')}`);
  }
}

const wsUrl = () => `${fixture.server.url.replace(/^http/, 'ws')}__wxweb/test/ws`;

test('a throwing onSocketMessage reaches App.onError and the console; later events still come', async () => {
  const { context, page } = await open();
  const result = await pageCall(page, 'seedSocket', wsUrl());
  assert.deepEqual(result, { seen: ['one', 'two'], code: 4000 });
  await assertReported(page, 'wx.onSocketMessage callback', [
    'socket message one',
    'socket message two',
  ]);
  await context.close();
});

test('a throwing SocketTask.onMessage: the next listener and the global handler still hear', async () => {
  const { context, page } = await open('?profile=modern');
  const result = await pageCall(page, 'socketTask', wsUrl());
  assert.deepEqual(result, {
    seen: { task: ['one', 'two'], global: ['one', 'two'] },
    code: 4000,
  });
  await assertReported(page, 'SocketTask.onMessage callback', [
    'task message one',
    'task message two',
  ]);
  await context.close();
});

test('a throwing onProgressUpdate reaches App.onError; the other listener and the transfer go on', async () => {
  const { context, page } = await open();
  const result = await pageCall(page, 'transfers', fixture.server.url);
  assert.deepEqual(result.errMsg, ['downloadFile:ok', 'uploadFile:ok']);
  assert.ok(result.down.length > 0 && result.up.length > 0, JSON.stringify(result));
  assert.equal(result.down.at(-1), 100);
  assert.equal(result.up.at(-1), 100);
  await assertReported(
    page,
    'DownloadTask.onProgressUpdate callback',
    result.down.map((p) => `progress ${p}`),
  );
  await assertReported(
    page,
    'UploadTask.onProgressUpdate callback',
    result.up.map((p) => `progress ${p}`),
  );
  await context.close();
});

test('a throwing onAccelerometerChange reaches App.onError; the other listener keeps reading', async () => {
  const { context, page } = await open();
  await pageCall(page, 'sensor');
  await page.evaluate(() =>
    window.dispatchEvent(
      new DeviceMotionEvent('devicemotion', {
        accelerationIncludingGravity: { x: 0, y: 0, z: 9.80665 },
      }),
    ),
  );
  await page.waitForFunction(() => getCurrentPages().at(-1).readings.length >= 3);
  const readings = await page.evaluate(() => getCurrentPages().at(-1).readings.slice());
  // The throwing listener ran (and threw) once per reading, before the other.
  await page.waitForFunction(
    (count) =>
      getApp().errors.filter((e) => e.includes(';at wx.onAccelerometerChange callback')).length >=
      count,
    readings.length,
  );
  const thrown = (await errors(page)).filter((e) =>
    e.includes(';at wx.onAccelerometerChange callback'),
  );
  await assertReported(
    page,
    'wx.onAccelerometerChange callback',
    thrown.map(() => 'reading -1'),
  );
  assert.ok(readings.every((z) => z === -1));
  await context.close();
});

test('modern off…: offProgressUpdate and offAccelerometerChange remove listeners; seed has none', async () => {
  const { context, page } = await open('?profile=modern');
  const result = await page.evaluate(async (base) => {
    const heard = { kept: 0, removed: 0, removedAll: 0 };
    await new Promise((resolve) => {
      const task = wx.downloadFile({ url: `${base}__wxweb/test/bytes/65536`, complete: resolve });
      const removed = () => heard.removed++;
      task.onProgressUpdate(removed);
      task.onProgressUpdate(() => heard.kept++);
      task.onProgressUpdate(removed);
      task.offProgressUpdate(removed);
    });
    const sensor = { a: 0, b: 0 };
    const a = () => sensor.a++;
    wx.onAccelerometerChange(a);
    wx.onAccelerometerChange(() => sensor.b++);
    wx.offAccelerometerChange(a);
    const motion = () =>
      window.dispatchEvent(
        new DeviceMotionEvent('devicemotion', {
          accelerationIncludingGravity: { x: 0, y: 0, z: 1 },
        }),
      );
    motion();
    await new Promise((resolve) => setTimeout(resolve, 500));
    wx.offAccelerometerChange();
    const afterAll = sensor.b;
    motion();
    await new Promise((resolve) => setTimeout(resolve, 500));
    let refused;
    try {
      wx.offCompassChange(1);
    } catch (error) {
      refused = error.message;
    }
    return { heard, sensor, afterAll, refused };
  }, fixture.server.url);
  assert.ok(result.heard.kept > 0, JSON.stringify(result));
  assert.equal(result.heard.removed, 0);
  assert.equal(result.sensor.a, 0);
  assert.ok(result.sensor.b >= 2, JSON.stringify(result));
  assert.equal(result.sensor.b, result.afterAll, 'offAccelerometerChange() removes them all');
  assert.equal(
    result.refused,
    'offCompassChange:fail parameter error: parameter.callback should be Function instead of Number;',
  );
  await context.close();

  const seed = await open();
  assert.deepEqual(
    await seed.page.evaluate(
      (base) => [
        typeof wx.offAccelerometerChange,
        typeof wx.offCompassChange,
        typeof wx.downloadFile({ url: `${base}__wxweb/test/bytes/10` }).offProgressUpdate,
      ],
      fixture.server.url,
    ),
    ['undefined', 'undefined', 'undefined'],
  );
  await seed.context.close();
});
