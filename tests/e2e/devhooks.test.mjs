// The runtime's developer hooks: `wxweb:error` events (compile errors of every kind and
// runtime errors, with file, line, column and code frame), `wxweb:data` after setData,
// `wxweb:storage` after storage and saved-file writes, and the wasm exports
// `reloadStyles(paths)` (a changed .wxss re-applied in place, data and scroll kept) and
// `describeElement(el)`, on the fixtures devhooks and devhooks-broken.

import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { call, launch, openSimulator, startServer } from './support.mjs';

const FIXTURES = fileURLToPath(new URL('fixtures/', import.meta.url));
const ARTIFACTS = fileURLToPath(new URL('artifacts/', import.meta.url));
let browser;
let dir; // a copy of fixtures/devhooks, whose files the reload tests change
const servers = {};

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'wxweb-devhooks-'));
  cpSync(join(FIXTURES, 'devhooks'), dir, { recursive: true });
  browser = await launch();
  servers.hooks = await startServer([dir]);
  servers.broken = await startServer([join(FIXTURES, 'devhooks-broken')]);
  servers.badApp = await startServer([join(FIXTURES, 'bad-app-json')]);
});
after(async () => {
  await browser?.close();
  for (const server of Object.values(servers)) server.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/**
 * Opens the simulator on `server` at `path`, with every `wxweb:*` event recorded from the
 * start (`globalThis.hookEvents`: `[name, detail]`), launch-time ones included. Live
 * reload is cut off: these tests change files and call the hooks themselves, and a
 * relaunch by live.js (a new sheet appearing) would race them. devloop tests live reload.
 */
async function open(server, path = '', viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport });
  await context.route('**/__wxweb/events', (route) => route.abort());
  await context.addInitScript(() => {
    globalThis.hookEvents = [];
    for (const name of ['wxweb:error', 'wxweb:data', 'wxweb:storage']) {
      addEventListener(name, (event) => globalThis.hookEvents.push([name, event.detail]));
    }
  });
  const page = await openSimulator(context, path, server.url);
  return { context, page };
}

const events = (page, name) =>
  page.evaluate(
    (name) => globalThis.hookEvents.filter(([n]) => n === name).map(([, detail]) => detail),
    name,
  );

const compile = (file, line, column, message, frame) => ({
  type: 'compile',
  file,
  line,
  column,
  message,
  frame,
  stack: null,
});

const LAUNCH_ERRORS = [
  compile(
    'pages/wxml/wxml.wxml',
    3,
    49,
    'expected `</view>` but found `</text>`',
    [
      '  1 | <view class="list">',
      '  2 |   <text>标题</text>',
      '> 3 |   <view class="item" wx:for="{{items}}">{{item}}</text>',
      '    |                                                 ^',
      '  4 | </view>',
    ].join('\n'),
  ),
  compile(
    'pages/first/first.js',
    1,
    19,
    "SyntaxError: Unexpected token '}'",
    [
      '> 1 | Page({ data: { a: } });',
      '    |                   ^',
      "  2 | // The stray } above is on line 1, after the module's hidden head.",
    ].join('\n'),
  ),
  compile(
    'pages/end/end.js',
    6,
    16,
    'SyntaxError: Unexpected end of input',
    ['  4 |', '  5 | function helper(a) {', '> 6 |   return a + 1;', '    |                ^'].join(
      '\n',
    ),
  ),
  compile(
    'pages/extra/extra.js',
    5,
    1,
    "SyntaxError: Unexpected token '}'",
    ['  3 |   },', '  4 | });', '> 5 | }', '    | ^'].join('\n'),
  ),
];

test('compile errors at launch: JS syntax errors (line 1, the end, a } too many), WXML', async () => {
  const { context, page } = await open(servers.broken);
  assert.deepEqual(await events(page, 'wxweb:error'), LAUNCH_ERRORS);
  // The column on line 1 is the file's own (the module's hidden head is not counted).
  const first = readFileSync(join(FIXTURES, 'devhooks-broken/pages/first/first.js'), 'utf8');
  assert.equal(first.indexOf('} });') + 1, 19);
  // The console says the same, with the engine's message and nothing after it. (The
  // browser's own report of the syntax errors is suppressed; Playwright still sees them
  // as page errors, which are not console messages.)
  const logs = (await Promise.all(page.logs)).filter(
    (log) => typeof log === 'string' && !log.startsWith('pageerror: '),
  );
  for (const text of [
    "pages/first/first.js:1:19: SyntaxError: Unexpected token '}'",
    'pages/end/end.js:6:16: SyntaxError: Unexpected end of input',
    "pages/extra/extra.js:5:1: SyntaxError: Unexpected token '}'",
  ]) {
    assert.ok(logs.includes(text), `${text} in ${JSON.stringify(logs)}`);
  }
  assert.ok(!logs.some((log) => /appendChild|wxModule|undefined$/.test(log)), logs.join('\n'));
  await context.close();
});

test('compile errors of a page: a WXSS problem, the page .json not valid JSON, a missing import', async () => {
  let { context, page } = await open(servers.broken, '#/pages/wxss/wxss');
  const wxss = compile(
    'pages/wxss/wxss.wxss',
    4,
    1,
    'unexpected }',
    [
      '  2 |   color: red;',
      '  3 | }',
      '> 4 | }',
      '    | ^',
      '  5 | .fine {',
      '  6 |   color: blue;',
    ].join('\n'),
  );
  assert.deepEqual(await events(page, 'wxweb:error'), [...LAUNCH_ERRORS, wxss]);
  // The rules around the bad one still apply.
  const color = await page
    .locator('wx-page:not([hidden]) .ok')
    .evaluate((el) => getComputedStyle(el).color);
  assert.equal(color, 'rgb(255, 0, 0)');
  await context.close();

  ({ context, page } = await open(servers.broken, '#/pages/json/json'));
  const json = compile(
    'pages/json/json.json',
    3,
    3,
    "not valid JSON: Expected ',' or '}' after property value in JSON at position 38 (line 3 column 3)",
    [
      '  1 | {',
      '  2 |   "navigationBarTitleText": "Bad"',
      '> 3 |   "enablePullDownRefresh": true',
      '    |   ^',
      '  4 | }',
    ].join('\n'),
  );
  assert.deepEqual(await events(page, 'wxweb:error'), [...LAUNCH_ERRORS, json]);
  await context.close();

  // A WXML file that another imports and the folder lacks.
  ({ context, page } = await open(servers.broken, '#/pages/missing/missing'));
  const missing = compile(
    'pages/missing/missing.wxml',
    null,
    null,
    'pages/parts/gone.wxml not found (imported by pages/missing/missing.wxml)',
    null,
  );
  assert.deepEqual(await events(page, 'wxweb:error'), [...LAUNCH_ERRORS, missing]);
  await context.close();
});

test('compile error: app.json not valid JSON points at the end of its content', async () => {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    globalThis.hookEvents = [];
    addEventListener('wxweb:error', (event) => globalThis.hookEvents.push(event.detail));
  });
  const page = await context.newPage();
  await page.goto(servers.badApp.url);
  await page.waitForFunction(() => globalThis.hookEvents.length > 0);
  assert.deepEqual(await page.evaluate(() => globalThis.hookEvents), [
    compile(
      'app.json',
      2,
      33,
      'not valid JSON: Unexpected end of JSON input',
      [
        '  1 | {',
        '> 2 |   "pages": ["pages/index/index",',
        '    |                                 ^',
      ].join('\n'),
    ),
  ]);
  await context.close();
});

const tap = (page, id) =>
  page.evaluate(
    (id) => document.querySelector('#wx-viewport').shadowRoot.querySelector(`#${id}`).click(),
    id,
  );

test('runtime errors: handlers, a required module on its line 1, unhandled rejections', async () => {
  const { context, page } = await open(servers.hooks);
  assert.deepEqual(await events(page, 'wxweb:error'), []);
  for (const id of ['fail', 'first', 'reject']) await tap(page, id);
  await page.waitForFunction(() => globalThis.hookEvents.length >= 3);
  const errors = await events(page, 'wxweb:error');
  const stacks = errors.map((error) => error.stack);
  assert.deepEqual(
    errors.map(({ stack, ...rest }) => rest),
    [
      {
        type: 'runtime',
        file: 'pages/index/index.js',
        line: 12,
        column: 11,
        message: 'Error: boom 标题',
        frame: [
          '  10 |   fail: function () {',
          "  11 |     var title = '标题';",
          "> 12 |     throw new Error('boom ' + title);",
          '     |           ^',
          '  13 |   },',
          '  14 |   failFirstLine: function () {',
        ].join('\n'),
      },
      {
        type: 'runtime',
        file: 'utils/one.js',
        line: 1,
        column: 38,
        message: 'Error: first line',
        frame: [
          "> 1 | module.exports = function () { throw new Error('first line'); };",
          '    |                                      ^',
        ].join('\n'),
      },
      {
        type: 'runtime',
        file: 'pages/index/index.js',
        line: 18,
        column: 20,
        message: 'TypeError: nope',
        frame: [
          '  16 |   },',
          '  17 |   reject: function () {',
          "> 18 |     Promise.reject(new TypeError('nope'));",
          '     |                    ^',
          '  19 |   },',
          '  20 | });',
        ].join('\n'),
      },
    ],
  );
  assert.match(
    stacks[0],
    /^Error: boom 标题\n {4}at Object\.fail \(.*\/pages\/index\/index\.js:12:11\)/,
  );
  assert.match(stacks[2], /^TypeError: nope\n/);
  // The runtime's own frames (glue, wasm) are left out of the stacks.
  assert.ok(!stacks.some((stack) => /wxweb\.js|wasm/.test(stack)), stacks.join('\n'));
  assert.equal(stacks[1].split('\n').length, 3, stacks[1]);
  await context.close();
});

test('wxweb:data after setData and update: once per page and turn, after the view', async () => {
  const { context, page } = await open(servers.hooks);
  assert.deepEqual(await events(page, 'wxweb:data'), []);
  await tap(page, 'probe');
  await page.waitForFunction(() => globalThis.hookEvents.length > 0);
  assert.deepEqual(await events(page, 'wxweb:data'), [{ route: 'pages/index/index' }]);
  // update() too; the setData calls of one turn make one event.
  const during = await page.evaluate(() => {
    const top = getCurrentPages().at(-1);
    top.data.n = 10;
    top.update();
    for (let i = 0; i < 100; i++) top.setData({ c: `c${i}` });
    return globalThis.hookEvents.length;
  });
  assert.equal(during, 1, 'told after the turn, not during it');
  await page.waitForFunction(() => globalThis.hookEvents.length > 1);
  await page.waitForTimeout(50);
  assert.deepEqual(await events(page, 'wxweb:data'), [
    { route: 'pages/index/index' },
    { route: 'pages/index/index' },
  ]);
  // The event comes after the view changed.
  const seen = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const top = getCurrentPages().at(-1);
        const probe = document.querySelector('#wx-viewport').shadowRoot.querySelector('#probe');
        addEventListener('wxweb:data', (event) => resolve([event.detail, probe.textContent]), {
          once: true,
        });
        top.setData({ n: 42 });
      }),
  );
  assert.deepEqual(seen, [{ route: 'pages/index/index' }, 'n = 42']);
  await context.close();
});

test('wxweb:storage after each storage write and saved-file change', async () => {
  const { context, page } = await open(servers.hooks);
  await page.evaluate(() => wx.setStorageSync('unasked', 1)); // not told: nobody asked
  await page.evaluate(() => {
    globalThis.wxweb.inspectStorage = true;
  });
  await page.evaluate(() => {
    wx.setStorageSync('a', 1);
    wx.removeStorageSync('a');
    wx.clearStorageSync();
    wx.getStorageSync('b'); // a read is not a change
  });
  await call(page, 'setStorage', { key: 'k', data: { x: 1 } });
  await call(page, 'removeStorage', { key: 'k' });
  await call(page, 'clearStorage');
  // A failed write is no change.
  await page.evaluate(() => {
    try {
      wx.setStorageSync(42, 'not a string key');
    } catch {}
  });
  const bytes = new URL('__wxweb/test/bytes/64?name=a.bin', servers.hooks.url).href;
  const [which, downloaded] = await call(page, 'downloadFile', { url: bytes });
  assert.equal(which, 'success', JSON.stringify(downloaded));
  const [, saved] = await call(page, 'saveFile', { tempFilePath: downloaded.tempFilePath });
  await call(page, 'removeSavedFile', { filePath: saved.savedFilePath });
  assert.deepEqual(await events(page, 'wxweb:storage'), [
    { area: 'storage', op: 'setStorageSync', key: 'a' },
    { area: 'storage', op: 'removeStorageSync', key: 'a' },
    { area: 'storage', op: 'clearStorageSync', key: null },
    { area: 'storage', op: 'setStorage', key: 'k' },
    { area: 'storage', op: 'removeStorage', key: 'k' },
    { area: 'storage', op: 'clearStorage', key: null },
    { area: 'files', op: 'saveFile', key: saved.savedFilePath },
    { area: 'files', op: 'removeSavedFile', key: saved.savedFilePath },
  ]);
  // A burst is told after its turn, at most 100 writes of it, in order.
  const told = await page.evaluate(() => {
    const before = globalThis.hookEvents.length;
    for (let i = 0; i < 150; i += 1) wx.setStorageSync(`burst${i}`, i);
    const during = globalThis.hookEvents.length - before;
    return new Promise((resolve) =>
      setTimeout(() =>
        resolve([during, globalThis.hookEvents.slice(before).map(([, detail]) => detail.key)]),
      ),
    );
  });
  assert.equal(told[0], 0, 'nothing is dispatched inside the writing turn');
  assert.deepEqual(
    told[1],
    Array.from({ length: 100 }, (_, i) => `burst${i}`),
  );
  await context.close();
});

test('describeElement: tag, attributes as bound, typed dataset, bindings', async () => {
  const { context, page } = await open(servers.hooks);
  const described = await page.evaluate(async () => {
    const { describeElement } = await import('/pkg/wxweb.js');
    const root = document.querySelector('#wx-viewport').shadowRoot;
    return {
      probe: describeElement(root.querySelector('#probe')),
      box: describeElement(root.querySelector('#box')),
      page: describeElement(root.querySelector('wx-page')),
      body: describeElement(document.body),
      text: describeElement(root.querySelector('#probe').firstChild),
      nothing: describeElement(null),
    };
  });
  assert.deepEqual(described.probe, {
    tag: 'view',
    attributes: { id: 'probe', class: 'a on', style: 'color: blue' },
    dataset: { id: 3, name: 'probe' },
    bindings: { bindtap: 'tap', catchlongtap: 'x' },
  });
  assert.deepEqual(described.box, {
    tag: 'view',
    attributes: { id: 'box', class: 'box' },
    dataset: {},
    bindings: {},
  });
  assert.equal(described.page, null);
  assert.equal(described.body, null);
  assert.equal(described.text, null);
  assert.equal(described.nothing, null);
  await context.close();
});

const computed = (page, selector, property) =>
  page
    .locator(`wx-page:not([hidden]) ${selector}`)
    .evaluate((el, property) => getComputedStyle(el)[property], property);

const reload = (page, paths) =>
  page.evaluate(async (paths) => {
    const { reloadStyles } = await import('/pkg/wxweb.js');
    return reloadStyles(paths);
  }, paths);

const sheets = (page) =>
  page.evaluate(() =>
    [...document.querySelector('#wx-viewport').shadowRoot.querySelectorAll('style[data-wxss]')].map(
      (style) => style.dataset.wxss,
    ),
  );

test('reloadStyles: a changed @import re-applies in place, data and scroll kept', async () => {
  const { context, page } = await open(servers.hooks, '?device=iphone6');
  assert.equal(await computed(page, '#box', 'backgroundColor'), 'rgb(255, 0, 0)');
  assert.equal(await computed(page, '#box', 'width'), '100px');
  await page.evaluate(() => getCurrentPages().at(-1).setData({ n: 7 }));
  const scroller = page.locator('#wx-viewport wx-body');
  await scroller.evaluate((body) => {
    body.scrollTop = 500;
  });
  const order = await sheets(page);
  writeFileSync(
    join(dir, 'common/box.wxss'),
    '.box {\n  width: 200px;\n  height: 40px;\n  background: rgb(0, 0, 255);\n}\n',
  );
  assert.deepEqual(await reload(page, ['common/box.wxss']), []);
  assert.equal(await computed(page, '#box', 'backgroundColor'), 'rgb(0, 0, 255)');
  assert.equal(await computed(page, '#box', 'width'), '200px');
  assert.deepEqual(await sheets(page), order, 'sheets replaced in place');
  assert.equal(await scroller.evaluate((body) => body.scrollTop), 500);
  assert.equal(await page.evaluate(() => getCurrentPages().at(-1).data.n), 7);
  assert.equal(
    await page.locator('wx-page:not([hidden]) #probe').textContent(),
    'n = 7',
    'not relaunched',
  );
  await scroller.evaluate((body) => {
    body.scrollTop = 0;
  });
  await page.screenshot({ path: `${ARTIFACTS}devhooks-reload-styles.png` });

  // An error in the new sheet is returned and dispatched; the rest of it applies.
  const before = (await events(page, 'wxweb:error')).length;
  writeFileSync(join(dir, 'common/box.wxss'), '.box {\n  width: 150px;\n}\n}\n');
  const problem = compile(
    'common/box.wxss',
    4,
    1,
    'unexpected }',
    ['  2 |   width: 150px;', '  3 | }', '> 4 | }', '    | ^'].join('\n'),
  );
  assert.deepEqual(await reload(page, ['common/box.wxss']), [problem]);
  assert.deepEqual((await events(page, 'wxweb:error')).slice(before), [problem]);
  assert.equal(await computed(page, '#box', 'width'), '150px');

  // A new @import in a changed file is fetched, though the server did not list it.
  writeFileSync(join(dir, 'common/extra.wxss'), '#probe { margin-left: 33px; }\n');
  writeFileSync(
    join(dir, 'pages/index/index.wxss'),
    '@import "../../common/box.wxss";\n@import "../../common/extra.wxss";\n',
  );
  assert.deepEqual(await reload(page, ['pages/index/index.wxss']), [problem]);
  assert.equal(await computed(page, '#probe', 'marginLeft'), '33px');
  // ... and is a file of the sheet from now on.
  writeFileSync(join(dir, 'common/extra.wxss'), '#probe { margin-left: 44px; }\n');
  await reload(page, ['common/extra.wxss']);
  assert.equal(await computed(page, '#probe', 'marginLeft'), '44px');
  assert.deepEqual(await sheets(page), order);
  // A path no sheet includes changes nothing; the components' sheet is never recompiled.
  assert.deepEqual(await reload(page, ['pages/nowhere.wxss', 'components']), []);
  assert.equal(await computed(page, '#probe', 'display'), 'block');
  await context.close();
});
