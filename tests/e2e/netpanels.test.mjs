// The Storage and Network panels (www/panels/storage.js, www/panels/network.js) on a fixture
// mini program (fixtures/netpanels) served by a fresh `wxweb serve`: keys with their types
// and sizes, editing, deleting, clearing and live updates through `wx`; saved files; the
// requests, failures and socket frames of the runtime's `wxweb:network` events, with their
// headers and bodies. Screenshots at 1280x900 in tests/e2e/artifacts/.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { call, openSimulator, serveFixture, startServer } from './support.mjs';

const ARTIFACTS = fileURLToPath(new URL('artifacts/', import.meta.url));
const fixture = serveFixture('netpanels');
before(() => mkdirSync(ARTIFACTS, { recursive: true }));

async function open(search = '?device=iphone6') {
  const context = await fixture.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await openSimulator(context, search, fixture.server.url);
  return { context, page };
}

/** Chooses the panel tab `name` ('storage', 'network', …). */
async function showTab(page, name) {
  await page.click(`#tab-${name}`);
  await page.locator(`#panel-${name}`).waitFor({ state: 'visible' });
}

/** The rows of the storage table as {key, type, size (from data-size), value}. */
function storageRows(page) {
  return page.$$eval('#panel-storage .st-keys tbody tr', (rows) =>
    rows.map((row) => ({
      key: row.querySelector('.st-key').textContent,
      type: row.querySelector('.st-type').textContent,
      size: Number(row.dataset.size),
      value: row.querySelector('.st-value').textContent,
    })),
  );
}

const storageRow = (page, key) => page.locator(`#panel-storage .st-keys tr[data-key="${key}"]`);

test('storage: every key with its type, size and value, and the bar of use', async () => {
  const { context, page } = await open();
  await showTab(page, 'storage');
  await storageRow(page, 'seen').waitFor();
  const rows = Object.fromEntries((await storageRows(page)).map((row) => [row.key, row]));
  assert.deepEqual(Object.fromEntries(Object.entries(rows).map(([key, row]) => [key, row.type])), {
    count: 'number',
    enabled: 'boolean',
    list: 'array',
    seen: 'Date',
    token: 'string',
    user: 'object',
  });
  assert.equal(rows.token.value, 'abc123');
  assert.equal(rows.count.value, '42');
  assert.equal(rows.user.value, '{"name":"小明","age":7,"tags":["a","b"]}');
  assert.equal(rows.seen.value, new Date(1480000000000).toISOString());
  // Sizes as getStorageInfo counts them: the key and the data, in UTF-16 units.
  assert.equal(rows.token.size, 'token'.length + 'abc123'.length);
  assert.equal(rows.user.size, 'user'.length + rows.user.value.length);
  assert.equal(rows.seen.size, 'seen'.length + '1480000000000'.length);
  assert.equal(rows.enabled.size, 'enabled'.length + 'true'.length);

  // The bar: currentSize of limitSize, as getStorageInfoSync says.
  const info = await page.evaluate(() => wx.getStorageInfoSync());
  assert.equal(info.limitSize, 10240);
  const usage = await page.textContent('#panel-storage .st-usage-text');
  assert.match(usage, new RegExp(`^${info.currentSize} KB of 10 MB .* · 6 keys$`));
  // A big value moves the bar: 2 MB of 10 MB is a fifth of its width.
  await page.evaluate(() => {
    for (let i = 0; i < 2; i++) wx.setStorageSync(`big${i}`, 'x'.repeat(1024 * 1024 - 10));
  });
  await storageRow(page, 'big1').waitFor();
  const [bar, fill] = await Promise.all([
    page.locator('#panel-storage .st-bar').boundingBox(),
    page.locator('#panel-storage .st-bar-fill').boundingBox(),
  ]);
  await page.waitForTimeout(250); // the fill's transition
  const filled = (await page.locator('#panel-storage .st-bar-fill').boundingBox()).width;
  assert.ok(fill && bar && Math.abs(filled / bar.width - 0.2) < 0.01, `${filled} of ${bar.width}`);
  await page.screenshot({ path: `${ARTIFACTS}netpanels-storage.png` });
  await context.close();
});

test('storage: edit as JSON or a string, add, delete, clear with a confirmation', async () => {
  const { context, page } = await open();
  await showTab(page, 'storage');
  const editor = page.locator('#panel-storage .st-editor');

  // Edit `user` as JSON: wx.getStorageSync returns the new object.
  await storageRow(page, 'user').click();
  await editor.waitFor();
  assert.equal(await editor.locator('.st-editor-mode').inputValue(), 'json');
  assert.deepEqual(JSON.parse(await editor.locator('textarea').inputValue()), {
    name: '小明',
    age: 7,
    tags: ['a', 'b'],
  });
  await editor.locator('textarea').fill('{"name": "小红", "age": 8}');
  await editor.locator('.st-save').click();
  await editor.waitFor({ state: 'hidden' });
  assert.deepEqual(await page.evaluate(() => wx.getStorageSync('user')), { name: '小红', age: 8 });
  await page.waitForFunction(
    () =>
      document.querySelector('#panel-storage tr[data-key="user"] .st-value')?.textContent ===
      '{"name":"小红","age":8}',
  );

  // Not valid JSON: an error, nothing written; as a String it is stored as it is.
  await storageRow(page, 'count').click();
  await editor.locator('textarea').fill('43 apples');
  await editor.locator('.st-save').click();
  assert.match(await editor.locator('.st-editor-error').textContent(), /Not valid JSON/);
  assert.equal(await page.evaluate(() => wx.getStorageSync('count')), 42);
  await editor.locator('.st-editor-mode').selectOption('string');
  await editor.locator('.st-save').click();
  await editor.waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => wx.getStorageSync('count')), '43 apples');
  await page.waitForFunction(
    () =>
      document.querySelector('#panel-storage tr[data-key="count"] .st-type')?.textContent ===
      'string',
  );

  // A Date stays a Date.
  await storageRow(page, 'seen').click();
  assert.equal(await editor.locator('.st-editor-mode').inputValue(), 'date');
  await editor.locator('textarea').fill('2020-01-02T03:04:05.000Z');
  await editor.locator('.st-save').click();
  assert.equal(
    await page.evaluate(() => {
      const seen = wx.getStorageSync('seen');
      return seen instanceof Date && seen.toISOString();
    }),
    '2020-01-02T03:04:05.000Z',
  );

  // Add a key.
  await page.click('#panel-storage .st-add');
  await editor.locator('.st-editor-key').fill('added');
  await editor.locator('.st-editor-mode').selectOption('json');
  await editor.locator('textarea').fill('[true, null, 1.5]');
  await editor.locator('.st-save').click();
  assert.deepEqual(await page.evaluate(() => wx.getStorageSync('added')), [true, null, 1.5]);
  await storageRow(page, 'added').waitFor();
  assert.equal(await storageRow(page, 'added').locator('.st-type').textContent(), 'array');

  // Delete one key.
  await storageRow(page, 'token').locator('.st-delete').click();
  await storageRow(page, 'token').waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => wx.getStorageInfoSync().keys.includes('token')), false);

  // Clear all: asks first; Cancel keeps everything, Clear removes everything.
  await page.click('#panel-storage .st-clear');
  assert.match(await page.textContent('#panel-storage .st-confirm'), /Remove all 6 keys\?/);
  await page.screenshot({ path: `${ARTIFACTS}netpanels-storage-clear.png` });
  await page.click('#panel-storage .st-confirm-no');
  assert.equal(await page.evaluate(() => wx.getStorageInfoSync().keys.length), 6);
  await page.click('#panel-storage .st-clear');
  await page.click('#panel-storage .st-confirm-yes');
  assert.deepEqual(await page.evaluate(() => wx.getStorageInfoSync().keys), []);
  await page.locator('#panel-storage .st-keys tbody tr').first().waitFor({ state: 'detached' });
  assert.equal(await page.isVisible('#panel-storage .st-empty >> text=No keys stored.'), true);
  await context.close();
});

test('storage: a write by the mini program shows at once, also after the panel was hidden', async () => {
  const { context, page } = await open();
  await showTab(page, 'storage');
  await storageRow(page, 'token').waitFor();
  const visit = () => page.evaluate(() => getCurrentPages().at(-1).visit());
  await visit();
  await storageRow(page, 'visits').waitFor();
  assert.equal(await storageRow(page, 'visits').locator('.st-value').textContent(), '1');
  await visit();
  await page.waitForFunction(
    () =>
      document.querySelector('#panel-storage tr[data-key="visits"] .st-value')?.textContent === '2',
  );
  // Hidden, then shown again: it has caught up.
  await showTab(page, 'console');
  await visit();
  await page.evaluate(() => wx.removeStorageSync('token'));
  await showTab(page, 'storage');
  await page.waitForFunction(
    () =>
      document.querySelector('#panel-storage tr[data-key="visits"] .st-value')?.textContent === '3',
  );
  assert.equal(await storageRow(page, 'token').count(), 0);
  await context.close();
});

test('storage: saved files with path, size and time, removable', async () => {
  const { context, page } = await open();
  const bytes = (n, name) =>
    new URL(`__wxweb/test/bytes/${n}?name=${name}`, fixture.server.url).href;
  const saved = [];
  for (const [n, name] of [
    [2048, 'report.pdf'],
    [300, 'note.txt'],
  ]) {
    const [, download] = await call(page, 'downloadFile', { url: bytes(n, name) });
    const [which, res] = await call(page, 'saveFile', { tempFilePath: download.tempFilePath });
    assert.equal(which, 'success');
    saved.push(res.savedFilePath);
  }
  await showTab(page, 'storage');
  const file = (path) => page.locator(`#panel-storage .st-files tr[data-path="${path}"]`);
  await file(saved[1]).waitFor();
  assert.equal(await file(saved[0]).getAttribute('data-size'), '2048');
  assert.equal(await file(saved[0]).locator('.st-size').textContent(), '2.0 KB');
  assert.equal(await file(saved[1]).locator('.st-size').textContent(), '300 B');
  const [, list] = await call(page, 'getSavedFileList');
  const created = new Date(list.fileList[0].createTime * 1000);
  assert.match(
    await file(list.fileList[0].filePath).locator('.st-time').textContent(),
    new RegExp(`^${created.getFullYear()}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d$`),
  );
  assert.match(
    await page.textContent('#panel-storage .st-files-info'),
    /^2 files · 2\.3 KB of 10 MB$/,
  );
  await page.screenshot({ path: `${ARTIFACTS}netpanels-storage-files.png` });

  // A file the mini program saves while the panel shows appears at once.
  const [, third] = await call(page, 'downloadFile', { url: bytes(10, 'late.txt') });
  const [, late] = await call(page, 'saveFile', { tempFilePath: third.tempFilePath });
  await file(late.savedFilePath).waitFor();
  await call(page, 'removeSavedFile', { filePath: late.savedFilePath });
  await file(late.savedFilePath).waitFor({ state: 'detached' });

  await file(saved[0]).locator('.st-delete').click();
  await file(saved[0]).waitFor({ state: 'detached' });
  const [, after] = await call(page, 'getSavedFileList');
  assert.deepEqual(
    after.fileList.map((f) => f.filePath),
    [saved[1]],
  );
  await context.close();
});

// ---- Network ----

/** The row of the call whose URL has `text`, once the call has ended. */
const netRow = (page, text) =>
  page.locator('#panel-network tr.nw-row:not(.nw-pending)', { hasText: text });
const details = (page) => page.locator('#panel-network .nw-details');

/** The cells of a network row as {name, method, status, kind, size, time}. */
function cells(row) {
  return row.evaluate((tr) => ({
    name: tr.querySelector('.nw-url').textContent,
    method: tr.querySelector('.nw-method').textContent,
    status: tr.querySelector('.nw-status').textContent,
    kind: tr.querySelector('.nw-kind-cell').textContent,
    size: tr.querySelector('.nw-size').textContent,
    time: tr.querySelector('.nw-time').textContent,
    proxied: tr.querySelector('.nw-proxied') !== null,
    failed: tr.classList.contains('nw-failed'),
  }));
}

/** The name → value pairs of a details section ('General', 'Request headers', …). */
function pairsOf(page, section) {
  return details(page)
    .locator(`details[data-name="${section}"] .nw-pairs`)
    .evaluate((table) =>
      Object.fromEntries(
        [...table.rows].map((row) => [row.cells[0].textContent, row.cells[1].textContent]),
      ),
    );
}

test('network: a request made while the panel is hidden, with its headers and JSON bodies', async () => {
  const { context, page } = await open();
  await showTab(page, 'network');
  await page.locator('#panel-network .nw').waitFor();
  await showTab(page, 'storage'); // hidden from now on: the panel must keep listening
  const url = new URL('__wxweb/test/echo/users?page=2', fixture.server.url).href;
  const [which, res] = await call(page, 'request', {
    url,
    method: 'POST',
    header: { 'content-type': 'application/json', 'x-panel-test': 'yes' },
    data: { name: '小明', tags: [1, 2] },
  });
  assert.equal(which, 'success');
  await showTab(page, 'network');
  const row = netRow(page, '/__wxweb/test/echo/users?page=2');
  await row.waitFor();
  const shown = await cells(row);
  const length = Buffer.byteLength(JSON.stringify(res.data));
  assert.deepEqual(
    { ...shown, time: undefined },
    {
      name: '/__wxweb/test/echo/users?page=2',
      method: 'POST',
      status: '200',
      kind: 'request',
      size: `${length} B`,
      time: undefined,
      proxied: false,
      failed: false,
    },
  );
  assert.match(shown.time, /^\d+ ms$/);

  await row.click();
  await details(page).waitFor();
  const general = await pairsOf(page, 'General');
  assert.equal(general.URL, url);
  assert.equal(general.errMsg, 'request:ok');
  assert.equal(general.Proxied, 'no');
  const sent = await pairsOf(page, 'Request headers');
  assert.equal(sent['x-panel-test'], 'yes');
  const received = await pairsOf(page, 'Response headers');
  assert.equal(received['content-type'], 'application/json');
  const requestBody = await details(page).locator('.nw-request-body').textContent();
  assert.deepEqual(JSON.parse(requestBody), { name: '小明', tags: [1, 2] });
  assert.match(requestBody, /^\{\n {2}"name": "小明",/, 'pretty-printed');
  const responseBody = await details(page).locator('.nw-response-body').textContent();
  assert.deepEqual(JSON.parse(responseBody), res.data);
  assert.match(responseBody, /^\{\n {2}"/, 'pretty-printed');
  // The table keeps its rows in view (up to 40 % of the panel), the details fill the rest.
  const [panel, table, pane] = await Promise.all(
    ['#panel-network', '#panel-network .nw-scroller', '#panel-network .nw-details'].map((s) =>
      page.locator(s).boundingBox(),
    ),
  );
  assert.ok(table.height >= 60 && table.height <= panel.height * 0.4 + 1, `${table.height}`);
  assert.ok(pane.height > panel.height / 2, `${pane.height} of ${panel.height}`);
  assert.ok(Math.abs(pane.y + pane.height - (panel.y + panel.height)) <= 1);
  await page.screenshot({ path: `${ARTIFACTS}netpanels-network.png` });
  await context.close();
});

test('network: failures in red with their errMsg; statuses, downloads and uploads', async () => {
  const { context, page } = await open();
  await showTab(page, 'network');
  await page.locator('#panel-network .nw').waitFor();
  const at = (path) => new URL(path, fixture.server.url).href;
  // app.json's networkTimeout.request is 400 ms.
  const [which, res] = await call(page, 'request', { url: at('__wxweb/test/delay/3000') });
  assert.deepEqual([which, res.errMsg], ['fail', 'request:fail timeout']);
  const failed = netRow(page, '/__wxweb/test/delay/3000');
  await failed.waitFor();
  assert.equal((await cells(failed)).failed, true);
  assert.equal(await failed.locator('.nw-errmsg').textContent(), 'request:fail timeout');
  assert.equal(
    await failed.locator('.nw-url').evaluate((node) => getComputedStyle(node).color),
    'rgb(217, 48, 37)',
  );
  await failed.click();
  assert.equal((await pairsOf(page, 'General')).errMsg, 'request:fail timeout');
  assert.equal(
    await details(page).locator('details[data-name="Response body"] .nw-none').textContent(),
    '(no response)',
  );

  // A 404 is an answer, not a failure.
  await call(page, 'request', { url: at('__wxweb/test/status/404') });
  const missing = netRow(page, '/__wxweb/test/status/404');
  await missing.waitFor();
  assert.deepEqual([(await cells(missing)).status, (await cells(missing)).failed], ['404', false]);

  const [, download] = await call(page, 'downloadFile', { url: at('__wxweb/test/bytes/2048') });
  const got = netRow(page, '/__wxweb/test/bytes/2048');
  await got.waitFor();
  await page.waitForFunction(
    () =>
      document.querySelector('#panel-network tr[data-kind="downloadFile"] .nw-status')
        ?.textContent === '200',
  );
  assert.deepEqual(
    { ...(await cells(got)), time: undefined },
    {
      name: '/__wxweb/test/bytes/2048',
      method: 'GET',
      status: '200',
      kind: 'downloadFile',
      size: '2.0 KB',
      time: undefined,
      proxied: false,
      failed: false,
    },
  );
  const [uploaded] = await call(page, 'uploadFile', {
    url: at('__wxweb/test/upload'),
    filePath: download.tempFilePath,
    name: 'file',
    formData: { note: 'hi' },
  });
  assert.equal(uploaded, 'success');
  const sent = netRow(page, '/__wxweb/test/upload');
  await sent.waitFor();
  await page.waitForFunction(
    () =>
      document.querySelector('#panel-network tr[data-kind="uploadFile"] .nw-status')
        ?.textContent === '200',
  );
  assert.equal((await cells(sent)).method, 'POST');
  await sent.click();
  assert.match(await details(page).locator('.nw-request-body').textContent(), /note/);
  assert.match(await details(page).locator('.nw-response-body').textContent(), /"parts"/);
  await failed.click();
  await page.screenshot({ path: `${ARTIFACTS}netpanels-network-failed.png` });
  await context.close();
});

test('network: a socket lists its frames both ways; a cross-origin request is proxied', async () => {
  const other = await startServer();
  const { context, page } = await open();
  try {
    await showTab(page, 'network');
    await page.locator('#panel-network .nw').waitFor();
    const ws = new URL('__wxweb/test/ws', fixture.server.url).href.replace(/^http/, 'ws');
    const closed = await page.evaluate(
      (url) =>
        new Promise((resolve) => {
          const replies = [];
          wx.onSocketOpen(() => wx.sendSocketMessage({ data: 'hello panel' }));
          wx.onSocketMessage((res) => {
            replies.push(res.data);
            if (replies.length === 1) wx.sendSocketMessage({ data: '{"n":2}' });
            else wx.closeSocket();
          });
          wx.onSocketClose(() => resolve(replies));
          wx.connectSocket({ url });
        }),
      ws,
    );
    assert.deepEqual(closed, ['hello panel', '{"n":2}']);
    const socket = page.locator('#panel-network tr[data-kind="socket"]');
    await socket.waitFor();
    await page.waitForFunction(() =>
      document
        .querySelector('#panel-network tr[data-kind="socket"] .nw-status')
        ?.textContent.startsWith('closed'),
    );
    const shown = await cells(socket);
    assert.equal(shown.method, 'WS');
    assert.equal(shown.size, '4 frames');
    await socket.click();
    const frames = await details(page)
      .locator('.nw-frame')
      .evaluateAll((rows) =>
        rows.map((row) => [row.dataset.direction, row.querySelector('.nw-frame-data').textContent]),
      );
    assert.deepEqual(frames.slice(0, 5), [
      ['open', ''],
      ['send', 'hello panel'],
      ['receive', 'hello panel'],
      ['send', '{"n":2}'],
      ['receive', '{"n":2}'],
    ]);
    assert.equal(frames.at(-1)[0], 'close');
    const times = await details(page).locator('.nw-frame-time').allTextContents();
    for (const time of times) assert.match(time, /^\d\d:\d\d:\d\d\.\d\d\d$/);
    await page.screenshot({ path: `${ARTIFACTS}netpanels-network-socket.png` });

    // Another origin: through wxweb serve's proxy, marked so.
    const [which] = await call(page, 'request', {
      url: new URL('__wxweb/test/echo/far', other.url).href,
    });
    assert.equal(which, 'success');
    const far = netRow(page, '/__wxweb/test/echo/far');
    await far.waitFor();
    assert.equal((await cells(far)).proxied, true);
    await far.click();
    assert.equal((await pairsOf(page, 'General')).Proxied, 'yes, through wxweb serve');
  } finally {
    await context.close();
    other.stop();
  }
});

test('network: the filter box, the kind filter and Clear', async () => {
  const { context, page } = await open();
  await showTab(page, 'network');
  await page.locator('#panel-network .nw').waitFor();
  const at = (path) => new URL(path, fixture.server.url).href;
  await call(page, 'request', { url: at('__wxweb/test/echo/apple') });
  await call(page, 'request', { url: at('__wxweb/test/echo/banana') });
  await call(page, 'downloadFile', { url: at('__wxweb/test/bytes/10') });
  await netRow(page, '/__wxweb/test/bytes/10').waitFor();
  const visible = () =>
    page.$$eval('#panel-network tr.nw-row:not([hidden]) .nw-url', (names) =>
      names.map((name) => name.textContent),
    );
  await page.fill('#panel-network .nw-filter', 'BANANA');
  assert.deepEqual(await visible(), ['/__wxweb/test/echo/banana']);
  await page.fill('#panel-network .nw-filter', '');
  await page.selectOption('#panel-network .nw-kind', 'downloadFile');
  assert.deepEqual(await visible(), ['/__wxweb/test/bytes/10']);
  assert.match(await page.textContent('#panel-network .nw-count'), /^1 of \d+ calls$/);
  await page.selectOption('#panel-network .nw-kind', '');
  await page.click('#panel-network .nw-clear');
  assert.equal(await page.locator('#panel-network tr.nw-row').count(), 0);
  assert.equal(await page.isVisible('#panel-network .nw-empty'), true);
  await call(page, 'request', { url: at('__wxweb/test/echo/after') });
  await netRow(page, '/__wxweb/test/echo/after').waitFor();
  assert.deepEqual(await visible(), ['/__wxweb/test/echo/after']);
  await context.close();
});

test('network: at most 500 calls and 1,000 frames a socket are kept, the oldest going first', async () => {
  const { context, page } = await open();
  await showTab(page, 'network');
  await page.locator('#panel-network .nw').waitFor();
  // Synthetic events (the shape of the runtime's): 520 calls in one burst.
  await page.evaluate(() => {
    for (let id = 1e6; id < 1e6 + 520; id++) {
      for (const detail of [
        { phase: 'start', method: 'GET', url: `https://example.com/n/${id - 1e6}`, proxied: true },
        { phase: 'end', status: 200, errMsg: 'request:ok', responseSize: 1, duration: 1 },
      ])
        dispatchEvent(
          new CustomEvent('wxweb:network', {
            detail: { id, kind: 'request', time: performance.now(), ...detail },
          }),
        );
    }
  });
  await page.waitForFunction(
    () =>
      document.querySelector('#panel-network tr.nw-row:last-child .nw-url')?.textContent ===
      'example.com/n/519',
  );
  const names = await page.$$eval('#panel-network tr.nw-row .nw-url', (cells) =>
    cells.map((cell) => cell.textContent),
  );
  assert.equal(names.length, 500);
  assert.equal(names[0], 'example.com/n/20');

  // A socket keeps its last 1,000 frames.
  await page.evaluate(() => {
    const fire = (detail) =>
      dispatchEvent(
        new CustomEvent('wxweb:network', {
          detail: { id: 2e6, kind: 'socket', time: performance.now(), ...detail },
        }),
      );
    fire({ phase: 'start', url: 'wss://example.com/chat', proxied: false, requestHeaders: {} });
    fire({ phase: 'open' });
    for (let n = 0; n < 1100; n++)
      fire({ phase: 'receive', data: `m${n}`, size: 2, binary: false });
  });
  const socket = page.locator('#panel-network tr[data-kind="socket"]');
  await socket.waitFor();
  await socket.click();
  const frames = details(page).locator('.nw-frame-data');
  assert.equal(await frames.count(), 1000);
  assert.equal(await frames.first().textContent(), 'm100');
  assert.equal(await frames.last().textContent(), 'm1099');
  assert.equal(await socket.locator('.nw-size').textContent(), '1100 frames');
  assert.match(
    await details(page).locator('details[data-name="Frames"] .nw-none').textContent(),
    /^\(100 older frames not kept\)$/,
  );
  await context.close();
});

test('network and storage on a phone: the URL and the value keep their room in the drawer', async () => {
  const context = await fixture.browser.newContext({ viewport: { width: 375, height: 667 } });
  const page = await openSimulator(context, '', fixture.server.url);
  await page.click('#console-toggle');
  await showTab(page, 'network');
  await page.locator('#panel-network .nw').waitFor();
  await call(page, 'request', { url: new URL('__wxweb/test/echo/phone', fixture.server.url).href });
  const row = netRow(page, '/__wxweb/test/echo/phone');
  await row.waitFor();
  const url = await row.locator('.nw-name').boundingBox();
  assert.ok(url.width > 150, `the URL cell is ${url.width}px wide`);
  const table = await page.locator('#panel-network .nw-table').boundingBox();
  assert.ok(table.x >= 0 && table.x + table.width <= 375 + 0.5, 'no sideways overflow');
  await showTab(page, 'storage');
  await storageRow(page, 'token').waitFor();
  const value = await storageRow(page, 'token').locator('.st-value').boundingBox();
  assert.ok(value.width > 80, `the value cell is ${value.width}px wide`);
  await context.close();
});

test("network: the calls of the app's onLaunch, before the panel is first shown", async () => {
  const { context, page } = await open();
  await showTab(page, 'network');
  const launched = netRow(page, '/__wxweb/test/echo/launch?from=onLaunch');
  await launched.waitFor({ timeout: 3000 });
  assert.equal((await cells(launched)).status, '200');
  await context.close();
});
