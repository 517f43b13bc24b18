// The mini-program runtime on a fixture project (fixtures/runtime): WXML, setData,
// events, WXSS, modules, the lifecycle and navigation, and errors in the app's files.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openSimulator, serveFixture } from './support.mjs';

const fixture = serveFixture('runtime');

async function open(path = '') {
  const context = await fixture.browser.newContext();
  const page = await openSimulator(context, path, fixture.server.url);
  return { context, page };
}

const text = (page, selector) =>
  page.locator(`wx-page:not([hidden]) ${selector}`).first().textContent();
const top = (page, code) =>
  page.evaluate(`(() => { const page = getCurrentPages().at(-1); return ${code}; })()`);

test('WXML: interpolation, operators, literals, conditions, loops, templates, include', async () => {
  const { context, page } = await open();
  assert.equal(await text(page, '#title'), 'Runtime');
  assert.equal(await page.getAttribute('#title', 'class'), 'title big');
  assert.equal(await text(page, '#math'), '3 1 3 0.25 -1');
  assert.equal(await text(page, '#compare'), 'false one yes fallback false true');
  assert.equal(await text(page, '#concat'), 'Hello, Ann! 11');
  assert.equal(await text(page, '#literal'), 'literals & entities');
  assert.equal(await text(page, '#missing'), '[]');
  assert.equal(await page.locator('#hidden').isVisible(), false);
  assert.equal(await text(page, '#grade'), 'B');
  assert.equal(await page.locator('#grade').count(), 1);
  assert.deepEqual(await page.locator('#block1, #block2').allTextContents(), ['one', 'two']);
  assert.deepEqual(await page.locator('#rows .row').allTextContents(), [
    '0:one',
    '1:two',
    '2:three',
  ]);
  assert.equal(await text(page, '#matrix'), '00=1;01=2;10=3;');
  assert.equal(await text(page, '#filtered'), 'onethree');
  assert.equal(await text(page, '#card'), 'Ann (30) x');
  assert.equal(await text(page, '#picked'), 'yes-template');
  assert.equal(await text(page, '#footer'), 'footer Runtime');
  await context.close();
});

test('setData with path keys changes data and view together', async () => {
  const { context, page } = await open();
  const data = await top(
    page,
    `(page.setData({ 'user.name': 'Bob', 'list[1].name': 'TWO', score: 95, flag: false, 'matrix[1][1]': 4 }), page.data)`,
  );
  assert.equal(data.user.name, 'Bob');
  assert.equal(data.list[1].name, 'TWO');
  assert.deepEqual(data.matrix, [
    [1, 2],
    [3, 4],
  ]);
  assert.equal(await text(page, '#card'), 'Bob (30) x');
  assert.deepEqual(await page.locator('#rows .row').allTextContents(), [
    '0:one',
    '1:TWO',
    '2:three',
  ]);
  assert.equal(await text(page, '#grade'), 'A');
  assert.equal(await page.locator('#block1').count(), 0);
  assert.equal(await page.locator('#hidden').isVisible(), true);
  assert.equal(await text(page, '#picked'), 'no-template');
  assert.equal(await text(page, '#matrix'), '00=1;01=2;10=3;11=4;');
  // A keyed list keeps its elements when reordered, and grows and shrinks.
  await page.evaluate(() => {
    document
      .querySelector('#wx-viewport')
      .shadowRoot.querySelectorAll('#rows .row')[2].dataset.marker = 'three';
  });
  await top(
    page,
    `page.setData({ list: [{ id: 3, name: 'three' }, { id: 4, name: 'four' }, { id: 1, name: 'one' }] })`,
  );
  assert.deepEqual(await page.locator('#rows .row').allTextContents(), [
    '0:three',
    '1:four',
    '2:one',
  ]);
  assert.equal(await page.getAttribute('#rows .row:first-child', 'data-marker'), 'three');
  // A bad key throws and changes nothing, not even the good keys beside it.
  const refused = await top(
    page,
    `(() => { try { page.setData({ title: 'changed', 'list[x]': 1 }) } catch (e) { return e.message } })()`,
  );
  assert.match(refused, /^invalid setData key "list\[x\]": /);
  assert.equal(await top(page, 'page.data.title'), 'Runtime');
  assert.equal(await text(page, '#title'), 'Runtime');
  // The callback runs after the view shows the change.
  const shown = await top(
    page,
    `new Promise((resolve) => page.setData({ title: 'Later' }, () => resolve(document.querySelector('#wx-viewport').shadowRoot.querySelector('#title').textContent)))`,
  );
  assert.equal(shown, 'Later');
  await context.close();
});

test('events: dataset, bubbling, catch, touches, longtap, input', async () => {
  const { context, page } = await open('#/pages/events/events');
  await page.click('#inner');
  await page.click('#bubbles');
  assert.deepEqual(await top(page, 'page.log'), [
    'inner',
    'middle',
    'bubbles',
    'outer:outer<bubbles',
  ]);
  const inner = await top(page, 'page.lastInner');
  assert.equal(inner.type, 'tap');
  assert.deepEqual(inner.target.dataset, { userName: 'ann', count: 3 });
  assert.equal(inner.currentTarget.id, 'inner');
  assert.equal(typeof inner.timeStamp, 'number');
  assert.equal(typeof inner.detail.x, 'number');
  const outer = await top(page, 'page.lastOuter');
  assert.deepEqual(outer.currentTarget.dataset, { level: 'outer' });
  assert.equal(outer.target.id, 'bubbles');

  await top(page, 'page.log = []');
  await page.click('#press');
  assert.deepEqual(await top(page, 'page.log'), ['touchstart', 'touchend', 'tap']);
  const touch = await top(page, 'page.lastTouch.touches[0]');
  assert.deepEqual(Object.keys(touch).sort(), [
    'clientX',
    'clientY',
    'identifier',
    'pageX',
    'pageY',
  ]);
  await top(page, 'page.log = []');
  await page.click('#press', { delay: 500 });
  assert.deepEqual(await top(page, 'page.log'), ['touchstart', 'longtap', 'touchend']);

  await page.locator('#field input').pressSequentially('ab');
  assert.deepEqual((await top(page, 'page.log')).slice(-2), ['input:a', 'input:Ab']);
  assert.equal(await page.locator('#field input').inputValue(), 'AB');
  await context.close();
});

test('WXSS: rpx follows the window width, imports apply, page styles stay on their page', async () => {
  for (const [device, width] of [
    ['iphone5', 320],
    ['iphone6plus', 414],
  ]) {
    const { context, page } = await open(`?device=${device}#/pages/rpx/rpx`);
    const box = await page.locator('#half').boundingBox();
    assert.ok(Math.abs(box.width - width / 2) < 0.5, `${device}: ${box.width}`);
    assert.ok(Math.abs(box.height - (100 * width) / 750) < 0.5, `${device}: ${box.height}`);
    const inline = await page.locator('#inline').boundingBox();
    assert.ok(Math.abs(inline.width - (150 * width) / 750) < 0.5);
    assert.ok(Math.abs(inline.height - (75 * width) / 750) < 0.5);
    const hairline = await page.$eval('#hairline', (el) =>
      parseFloat(getComputedStyle(el).borderTopWidth),
    );
    assert.ok(hairline >= 1, `a 1rpx border shows at least 1px, not ${hairline}`);
    const color = await page.$eval('#unscoped', (el) => getComputedStyle(el).color);
    assert.notEqual(color, 'rgb(255, 0, 0)');
    await context.close();
  }
  const { context, page } = await open();
  assert.equal(await page.$eval('#title', (el) => getComputedStyle(el).color), 'rgb(255, 0, 0)');
  assert.equal(
    await page.$eval('#footer', (el) => getComputedStyle(el).borderTopColor),
    'rgb(0, 0, 255)',
  );
  assert.equal(
    await page.$eval('wx-page', (el) => getComputedStyle(el).backgroundColor),
    'rgb(250, 250, 250)',
  );
  await context.close();
});

test('modules: evaluated once, cycles as in Node, no window or document', async () => {
  const { context, page } = await open('#/pages/rpx/rpx');
  const seen = await page.evaluate(() => {
    const counter = getCurrentPages().at(-1).counter;
    return {
      same: counter === getApp().counter,
      runs: globalThis.counterRuns,
      cycle: counter.cycle,
      window: counter.seesWindow,
      document: counter.seesDocument,
    };
  });
  assert.deepEqual(seen, {
    same: true,
    runs: 1,
    cycle: { name: 'a', fromB: 'a' },
    window: 'undefined',
    document: 'undefined',
  });
  await context.close();
});

test('lifecycle order and navigation across five levels, back and relative urls', async () => {
  const { context, page } = await open();
  const log = () => page.evaluate(() => getApp().log.splice(0));
  assert.deepEqual(await log(), [
    'app:onLaunch:pages/index/index',
    'app:onShow',
    'index:onLoad:{}',
    'index:onShow',
    'index:onReady',
  ]);
  assert.equal(await page.textContent('#nav-title'), 'Index');
  await page.click('#to-level'); // url="../level/level?n=2", relative to pages/index/index
  // onReady comes in a later task, once the first render is in.
  await page.waitForFunction(() => getApp().log.includes('level2:onReady'));
  assert.deepEqual(await log(), [
    'index:onHide',
    'level2:onLoad',
    'level2:onShow',
    'level2:onReady',
  ]);
  assert.equal(await page.textContent('#nav-title'), 'Level');
  assert.equal(await page.locator('.wx-nav-back').isVisible(), true);
  assert.equal(await top(page, 'JSON.stringify(page.query)'), '{"n":"2"}');
  for (let n = 3; n <= 5; n++) await page.locator('wx-page:not([hidden]) #deeper').click();
  assert.equal(await page.evaluate(() => getCurrentPages().length), 5);
  assert.equal(await text(page, '#level'), 'level 5');
  assert.match(await page.evaluate(() => location.hash), /^#\/pages\/level\/level\?n=5$/);
  const sixth = await page.evaluate(
    () => new Promise((resolve) => wx.navigateTo({ url: 'level?n=6', fail: resolve })),
  );
  assert.equal(sixth.errMsg, 'navigateTo:fail webview count limit exceed');
  const unknown = await page.evaluate(
    () => new Promise((resolve) => wx.redirectTo({ url: '/pages/nope/nope', fail: resolve })),
  );
  assert.equal(unknown.errMsg, 'redirectTo:fail url not in app.json');
  await log();

  const back = await page.evaluate(
    () => new Promise((resolve) => wx.navigateBack({ delta: 2, success: resolve })),
  );
  assert.equal(back.errMsg, 'navigateBack:ok');
  assert.deepEqual(await log(), ['level5:onUnload', 'level4:onUnload', 'level3:onShow']);
  assert.equal(await page.evaluate(() => getCurrentPages().length), 3);
  await page.waitForFunction(() => location.hash === '#/pages/level/level?n=3');

  // A reload comes back to the same page, with the stack under it.
  await page.reload();
  await page.evaluate(() => globalThis.wxReady);
  assert.equal(await text(page, '#level'), 'level 3');
  assert.deepEqual(await page.evaluate(() => getCurrentPages().map((p) => p.route)), [
    'pages/index/index',
    'pages/level/level',
    'pages/level/level',
  ]);
  // The browser's back button goes back a page.
  await log();
  await page.goBack();
  await page.waitForFunction(() => getCurrentPages().length === 2);
  assert.deepEqual(await log(), ['level3:onUnload', 'level2:onShow']);
  await page.click('.wx-nav-back');
  assert.equal(await page.evaluate(() => getCurrentPages().length), 1);
  assert.equal(await page.locator('.wx-nav-back').isVisible(), false);
  await context.close();
});

test('getCurrentPages() in the onUnload of a redirectTo answers', async () => {
  const { context, page } = await open();
  await top(
    page,
    `page.onUnload = () => { getApp().pagesAtUnload = getCurrentPages().map((p) => p.route); }`,
  );
  const redirected = await page.evaluate(
    () =>
      new Promise((resolve) => wx.redirectTo({ url: '/pages/level/level?n=7', complete: resolve })),
  );
  assert.equal(redirected.errMsg, 'redirectTo:ok');
  assert.deepEqual(await page.evaluate(() => getApp().pagesAtUnload), []);
  assert.deepEqual(await page.evaluate(() => getCurrentPages().map((p) => p.route)), [
    'pages/level/level',
  ]);
  assert.equal(await text(page, '#level'), 'level 7');
  await context.close();
});

test('a WXML syntax error and a throwing onLoad are reported; the simulator lives on', async () => {
  const { context, page } = await open();
  // A page file that does not parse is named with its line; the other pages run.
  assert.match(
    await page.locator('#wx-viewport wx-body > wx-error').first().textContent(),
    /^pages\/syntax\/syntax\.js:4:\d+: .*SyntaxError/,
  );
  const errorsBefore = page.logs.length;
  await page.evaluate(
    () =>
      new Promise((resolve) => wx.navigateTo({ url: '/pages/broken/broken', complete: resolve })),
  );
  const problem = await page.locator('wx-page:not([hidden]) wx-error').textContent();
  assert.match(problem, /pages\/broken\/broken\.wxml:3:\d+: /);
  await page.evaluate(
    () =>
      new Promise((resolve) => wx.redirectTo({ url: '/pages/throws/throws', complete: resolve })),
  );
  assert.equal(await text(page, '#still'), 'the page still renders');
  // onLoad throws at once; onReady's timer throws a moment later, outside any call of ours.
  await page.waitForFunction(() => getApp().errors.length === 2);
  const errors = await page.evaluate(() => getApp().errors);
  assert.match(
    errors[0],
    /^thirdScriptError\nTypeError: this\.callsSomethingMissing is not a function;at pages\/throws\/throws onLoad/,
  );
  assert.match(errors[1], /^thirdScriptError\nError: later\n.*pages\/throws\/throws\.js:6:/s);
  const logged = (await Promise.all(page.logs.slice(errorsBefore))).filter(
    (l) => typeof l === 'string',
  );
  assert.ok(
    logged.some((l) => l.startsWith('pages/throws/throws.js:3:')),
    logged.join('\n'),
  );
  assert.equal(
    await page.evaluate(() => {
      wx.setStorageSync('alive', 1);
      return wx.getStorageSync('alive');
    }),
    1,
  );
  // A wx callback that throws reaches App.onError too.
  await page.evaluate(
    () =>
      new Promise((resolve) =>
        wx.getStorage({
          key: 'nope',
          fail() {
            resolve();
            throw new Error('boom');
          },
        }),
      ),
  );
  await page.waitForFunction(() => getApp().errors.length === 3);
  assert.match(
    await page.evaluate(() => getApp().errors[2]),
    /^thirdScriptError\nError: boom;at wx\.getStorage fail callback/,
  );
  await context.close();
});

test('components render with their attributes and report WeChat events', async () => {
  const { context, page } = await open('#/pages/components/components');
  const events = () => top(page, 'page.events.splice(0)');
  const last = async (type) => (await events()).filter((e) => e.type === type).at(-1);

  await page.waitForFunction(() =>
    getCurrentPages()
      .at(-1)
      .events.some((e) => e.type === 'load'),
  );
  assert.deepEqual((await last('load')).detail, { width: 4, height: 2 }); // ../../images/red.png, relative to the page
  await page.locator('#name input').fill('Ann');
  assert.deepEqual((await last('input')).detail.value, 'Ann');
  await page.locator('#name input').press('Enter');
  assert.equal((await last('confirm')).detail.value, 'Ann');
  await page.click('#fruit-pear');
  assert.deepEqual((await last('change')).detail, { value: ['apple', 'pear'] });
  await page.click('#size-s');
  assert.deepEqual((await last('change')).detail, { value: 's' });
  await page.click('#on');
  assert.deepEqual((await last('change')).detail, { value: true });

  await page.click('#picker');
  await page.locator('.wx-picker-item').nth(2).click();
  await page.click('.wx-picker-confirm');
  assert.deepEqual((await last('change')).detail, { value: 2 });
  assert.equal(await text(page, '#picked'), 'blue');

  await page.click('#submit');
  const submit = await last('submit');
  assert.equal(submit.id, 'form');
  assert.deepEqual(submit.detail.value, {
    name: 'Ann',
    bio: '',
    fruits: ['apple', 'pear'],
    size: 's',
    on: true,
    level: 5,
    color: 2,
  });
  await page.click('#reset');
  assert.ok(await last('reset'));
  assert.equal(await page.locator('#name input').inputValue(), '');

  assert.equal(await page.getAttribute('#mini', 'size'), 'mini');
  assert.equal(await page.getAttribute('#mini', 'type'), 'warn');
  await top(page, `page.setData({ busy: false })`);
  assert.equal(await page.getAttribute('#mini', 'loading'), null);
  await page.$eval('#scroller', (el) => {
    el.scrollTop = 300;
  });
  await page.waitForFunction(() =>
    getCurrentPages()
      .at(-1)
      .events.some((e) => e.type === 'scrolltolower'),
  );
  assert.ok((await events()).some((e) => e.type === 'scroll'));
  assert.ok(await page.$eval('#canvas', (el) => el.canvas instanceof HTMLCanvasElement));
  assert.equal(await page.$eval('#myVideo', (el) => el.danmuList[0].text), 'first');
  assert.ok(
    await page.$eval(
      '#myAudio',
      (el) => typeof el.play === 'function' && typeof el.seek === 'function',
    ),
  );

  // A downloaded file's wxfile:// path shows in <image src>.
  const path = await page.evaluate(
    () =>
      new Promise((resolve) =>
        wx.downloadFile({
          url: `${location.origin}/app/images/red.png`,
          success: (res) => resolve(res.tempFilePath),
        }),
      ),
  );
  assert.match(path, /^wxfile:\/\/tmp_[0-9a-f]{32}\.png$/);
  await top(page, `page.setData({ tempSrc: ${JSON.stringify(path)} })`);
  await page.waitForFunction(() =>
    getCurrentPages()
      .at(-1)
      .events.some((e) => e.type === 'load' && e.id === 'temp'),
  );
  assert.match(await page.$eval('#temp img', (img) => img.src), /^blob:/);

  await page.click('#nav');
  assert.equal(await page.evaluate(() => getCurrentPages().length), 2);
  await context.close();
});
