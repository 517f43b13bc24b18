// The Storage and Network panels (www/panels/storage.js, www/panels/network.js) on a fixture
// mini program (fixtures/netpanels) served by a fresh `wxweb serve`: keys with their types
// and sizes, editing, deleting, clearing and live updates through `wx`; saved files; the
// requests, failures and socket frames of the runtime's `wxweb:network` events, with their
// headers and bodies. Screenshots at 1280x900 in tests/e2e/artifacts/.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { call, openSimulator, serveFixture } from './support.mjs';

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
  assert.match(await page.textContent('#panel-storage .st-files-info'), /^2 files · 2\.3 KB$/);
  await page.screenshot({ path: `${ARTIFACTS}netpanels-storage-files.png` });

  await file(saved[0]).locator('.st-delete').click();
  await file(saved[0]).waitFor({ state: 'detached' });
  const [, after] = await call(page, 'getSavedFileList');
  assert.deepEqual(
    after.fileList.map((f) => f.filePath),
    [saved[1]],
  );
  await context.close();
});
