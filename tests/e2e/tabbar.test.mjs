// app.json's tabBar on fixture projects (fixtures/tabbar: four tabs at the bottom with
// icons; fixtures/tabbar-top: two at the top): the bar as WeChat draws it, on tab pages
// only; tab pages kept alive across switches; wx.switchTab, wx.reLaunch and WeChat's fail
// texts; windowHeight without the bar; the launch URL's query; empty page .json files.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { call, launch, openSimulator, startServer } from './support.mjs';

const ARTIFACTS = fileURLToPath(new URL('artifacts/', import.meta.url));
const FIXTURES = fileURLToPath(new URL('fixtures/', import.meta.url));

let browser;
let bottom;
let top;
before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launch();
  bottom = await startServer([`${FIXTURES}tabbar`]);
  top = await startServer([`${FIXTURES}tabbar-top`]);
});
after(async () => {
  await browser?.close();
  bottom?.stop();
  top?.stop();
});

/** The simulator at iPhone 6 size in the device frame, on fixture `server`. */
async function open(path = '', server = bottom) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await openSimulator(context, `?device=iphone6${path}`, server.url);
  return { context, page };
}

const bar = (page) => page.locator('.wx-tab-bar');
const item = (page, index) => page.locator('.wx-tab-item').nth(index);
const current = (page, selector) => page.locator(`wx-page:not([hidden]) ${selector}`).first();
const route = (page) => page.evaluate(() => getCurrentPages().map((p) => p.route));
/** The lifecycle log since the last call, emptied. */
const log = (page) => page.evaluate(() => getApp().log.splice(0));
const color = (locator) => locator.evaluate((e) => getComputedStyle(e).color);

test('the bottom bar: WeChat size and colours, icons that swap, on tab pages only', async () => {
  const { context, page } = await open();
  const screen = await page.locator('#device-screen').boundingBox();
  const box = await bar(page).boundingBox();
  assert.equal(box.height, 50);
  assert.equal(box.width, screen.width);
  assert.equal(box.x, screen.x);
  assert.equal(box.y + box.height, screen.y + screen.height, 'the bar ends the screen');
  const viewport = await page.locator('#wx-viewport').boundingBox();
  assert.equal(viewport.y + viewport.height, box.y, 'the window ends where the bar begins');

  assert.deepEqual(await page.locator('.wx-tab-text').allTextContents(), [
    '首页',
    '分类',
    '购物车',
    '我的',
  ]);
  const style = await bar(page).evaluate((e) => {
    const s = getComputedStyle(e);
    return [s.backgroundColor, s.borderTopWidth, s.borderTopStyle, s.borderTopColor];
  });
  assert.deepEqual(style, ['rgb(247, 247, 250)', '1px', 'solid', 'rgba(0, 0, 0, 0.33)']);
  assert.equal(await item(page, 0).getAttribute('aria-selected'), 'true');
  assert.equal(await color(page.locator('.wx-tab-text').nth(0)), 'rgb(26, 173, 25)');
  assert.equal(await color(page.locator('.wx-tab-text').nth(1)), 'rgb(122, 126, 131)');
  const text = await page
    .locator('.wx-tab-text')
    .nth(1)
    .evaluate((e) => getComputedStyle(e).fontSize);
  assert.equal(text, '10px');

  const icons = page.locator('.wx-tab-icon');
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.wx-tab-icon')].every((i) => i.complete && i.naturalWidth > 0),
  );
  const icon = await icons.nth(0).boundingBox();
  assert.deepEqual([icon.width, icon.height], [27, 27]);
  assert.match(await icons.nth(0).getAttribute('src'), /\/images\/home-on\.png$/);
  assert.match(await icons.nth(1).getAttribute('src'), /\/images\/list\.png$/);
  assert.match(await icons.nth(2).getAttribute('src'), /\/images\/cart\.png$/, 'a /root path');
  // The selected icon is green, the others grey: the pixel in the middle of the house.
  const pixel = (index) =>
    icons.nth(index).evaluate((img) => {
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const g = canvas.getContext('2d');
      g.drawImage(img, 0, 0);
      return [...g.getImageData(27, 35, 1, 1).data];
    });
  assert.deepEqual(await pixel(0), [0x1a, 0xad, 0x19, 255]);

  await page.screenshot({ path: `${ARTIFACTS}tabbar-bottom.png` });

  await item(page, 1).click();
  await current(page, '.title').waitFor();
  assert.deepEqual(await route(page), ['pages/list/list']);
  assert.match(await icons.nth(0).getAttribute('src'), /\/images\/home\.png$/);
  assert.match(await icons.nth(1).getAttribute('src'), /\/images\/list-on\.png$/);
  assert.equal(await color(page.locator('.wx-tab-text').nth(1)), 'rgb(26, 173, 25)');
  assert.equal(await page.locator('#nav-title').textContent(), '分类');
  assert.equal(await page.locator('.wx-nav-back').isVisible(), false, 'no back on a tab page');

  // A page that is not a tab: no bar, and the window takes its place.
  await call(page, 'navigateTo', { url: '/pages/detail/detail?id=3' });
  assert.equal(await bar(page).isVisible(), false);
  const full = await page.locator('#wx-viewport').boundingBox();
  assert.equal(full.y + full.height, screen.y + screen.height);
  assert.equal(await page.locator('.wx-nav-back').isVisible(), true);
  await page.locator('.wx-nav-back').click();
  await bar(page).waitFor();
  assert.deepEqual(await route(page), ['pages/list/list']);
  await context.close();
});

test('tapping tabs keeps each tab page alive: its data, onHide and onShow, no onUnload', async () => {
  const { context, page } = await open();
  assert.deepEqual(await log(page), [
    'app:onLaunch:pages/index/index',
    'index:onLoad:{}',
    'index:onShow',
    'index:onReady',
  ]);
  await current(page, '#add').click();
  await current(page, '#add').click();
  assert.equal(await current(page, '#count').textContent(), '2');

  await item(page, 2).click();
  assert.deepEqual(await log(page), [
    'index:onHide',
    'cart:onLoad:{}',
    'cart:onShow',
    'cart:onReady',
  ]);
  assert.equal(await current(page, '#count').textContent(), '0');
  await current(page, '#add').click();

  await item(page, 0).click();
  assert.deepEqual(await log(page), ['cart:onHide', 'index:onShow']);
  assert.equal(await current(page, '#count').textContent(), '2', 'index kept its data');
  assert.deepEqual(await route(page), ['pages/index/index']);
  assert.equal(await page.evaluate(() => getCurrentPages()[0].data.count), 2);

  await item(page, 2).click();
  assert.deepEqual(await log(page), ['index:onHide', 'cart:onShow']);
  assert.equal(await current(page, '#count').textContent(), '1', 'cart kept its data');

  // Tapping the current tab does nothing.
  await item(page, 2).click();
  assert.deepEqual(await log(page), []);
  assert.equal(await page.locator('wx-page').count(), 2, 'two tab pages alive, one shown');
  await context.close();
});

test('switchTab from a detail page closes it; the tab rules fail with WeChat’s texts', async () => {
  const { context, page } = await open();
  await log(page);
  await current(page, '#goods-2').click();
  await current(page, '#id').waitFor();
  assert.equal(await current(page, '#id').textContent(), '2');
  assert.deepEqual(await route(page), ['pages/index/index', 'pages/detail/detail']);
  assert.deepEqual(await log(page), [
    'index:onHide',
    'detail:onLoad:{"id":"2"}',
    'detail:onShow',
    'detail:onReady',
  ]);

  assert.deepEqual(await call(page, 'navigateTo', { url: '/pages/list/list' }), [
    'fail',
    { errMsg: 'navigateTo:fail can not navigateTo a tabbar page' },
  ]);
  assert.deepEqual(await call(page, 'redirectTo', { url: '../cart/cart' }), [
    'fail',
    { errMsg: 'redirectTo:fail can not redirectTo a tabbar page' },
  ]);
  assert.deepEqual(await call(page, 'switchTab', { url: '/pages/blank/blank' }), [
    'fail',
    { errMsg: 'switchTab:fail can not switch to no-tabBar page' },
  ]);
  assert.deepEqual(await call(page, 'switchTab', { url: '/pages/nope/nope' }), [
    'fail',
    { errMsg: 'switchTab:fail url not in app.json' },
  ]);
  assert.deepEqual(await log(page), [], 'nothing moved');

  // The query of a switchTab url is dropped, as WeChat does.
  assert.deepEqual(await call(page, 'switchTab', { url: '/pages/list/list?x=1' }), [
    'success',
    { errMsg: 'switchTab:ok' },
  ]);
  assert.deepEqual(await log(page), [
    'detail:onUnload',
    'list:onLoad:{}',
    'list:onShow',
    'list:onReady',
  ]);
  assert.deepEqual(await route(page), ['pages/list/list']);
  assert.equal(await page.locator('wx-page[data-route="pages/detail/detail"]').count(), 0);
  assert.equal(await page.locator('.wx-nav-back').isVisible(), false);
  assert.equal(await page.evaluate(() => location.hash), '#/pages/list/list');

  // Back to the first tab: it shows again, from a detail page opened on the second.
  await call(page, 'navigateTo', { url: '/pages/detail/detail?id=9' });
  await current(page, '#to-cart').click();
  await page.waitForFunction(() => getCurrentPages().at(-1).route === 'pages/cart/cart');
  assert.deepEqual(await route(page), ['pages/cart/cart']);
  await log(page);
  assert.deepEqual(await call(page, 'switchTab', { url: '/pages/index/index' }), [
    'success',
    { errMsg: 'switchTab:ok' },
  ]);
  assert.deepEqual(await log(page), ['cart:onHide', 'index:onShow']);
  await context.close();
});

test('reLaunch closes every page, kept tabs too, and opens any page with its query', async () => {
  const { context, page } = await open();
  await item(page, 1).click();
  await call(page, 'navigateTo', { url: '/pages/detail/detail?id=1' });
  await log(page);
  assert.deepEqual(await call(page, 'reLaunch', { url: '/pages/blank/blank?a=1&b=x' }), [
    'success',
    { errMsg: 'reLaunch:ok' },
  ]);
  const calls = await log(page);
  assert.deepEqual(calls.slice(0, 1), ['detail:onUnload']);
  assert.deepEqual(calls.slice(1, 3).sort(), ['index:onUnload', 'list:onUnload']);
  assert.deepEqual(calls.slice(3), [
    'blank:onLoad:{"a":"1","b":"x"}',
    'blank:onShow',
    'blank:onReady',
  ]);
  assert.deepEqual(await route(page), ['pages/blank/blank']);
  assert.equal(await page.locator('wx-page').count(), 1);
  assert.equal(await bar(page).isVisible(), false);
  assert.equal(await page.evaluate(() => location.hash), '#/pages/blank/blank?a=1&b=x');

  // To a tab page: the bar comes back with that tab selected, and the query is kept.
  assert.deepEqual(await call(page, 'reLaunch', { url: '/pages/cart/cart?from=blank' }), [
    'success',
    { errMsg: 'reLaunch:ok' },
  ]);
  assert.deepEqual(await log(page), [
    'blank:onUnload',
    'cart:onLoad:{"from":"blank"}',
    'cart:onShow',
    'cart:onReady',
  ]);
  assert.equal(await bar(page).isVisible(), true);
  assert.equal(await item(page, 2).getAttribute('aria-selected'), 'true');
  assert.deepEqual(await call(page, 'reLaunch', { url: '/pages/nope/nope' }), [
    'fail',
    { errMsg: 'reLaunch:fail url not in app.json' },
  ]);
  assert.deepEqual(await call(page, 'reLaunch', { url: '' }), [
    'fail',
    { errMsg: 'reLaunch:fail url is empty' },
  ]);
  await context.close();
});

test('the same in the modern profile: switchTab and reLaunch, with Promises', async () => {
  const { context, page } = await open('&profile=modern');
  const result = await page.evaluate(async () => [
    await wx.switchTab({ url: '/pages/mine/mine' }),
    getCurrentPages().map((p) => p.route),
    await wx.reLaunch({ url: '/pages/detail/detail?id=5' }),
    getCurrentPages().map((p) => p.route),
    await wx.navigateTo({ url: '/pages/index/index' }).catch((e) => e),
  ]);
  assert.deepEqual(result, [
    { errMsg: 'switchTab:ok' },
    ['pages/mine/mine'],
    { errMsg: 'reLaunch:ok' },
    ['pages/detail/detail'],
    { errMsg: 'navigateTo:fail can not navigateTo a tabbar page' },
  ]);
  await context.close();
});

test('modern profile: a tap on a tab calls its page’s onTabItemTap, the current one too', async () => {
  const { context, page } = await open('&profile=modern');
  await log(page);
  await item(page, 1).click();
  await page.waitForFunction(() => getApp().log.includes('list:onReady'));
  const tap = 'list:onTabItemTap:{"index":1,"pagePath":"pages/list/list","text":"分类"}';
  // The tap is heard once the tab page shows; its onReady comes in a later task.
  assert.deepEqual(
    (await log(page)).filter((entry) => entry !== 'list:onReady'),
    ['index:onHide', 'list:onLoad:{}', 'list:onShow', tap],
  );
  await item(page, 1).click();
  assert.deepEqual(await log(page), [tap]);
  await context.close();
});

test('windowHeight on a tab page leaves out the navigation bar and the tab bar', async () => {
  const { context, page } = await open();
  const info = await page.evaluate(() => wx.getSystemInfoSync());
  assert.deepEqual(
    [info.screenHeight, info.windowHeight, info.windowWidth],
    [667, 667 - 20 - 44 - 50, 375],
  );
  await call(page, 'navigateTo', { url: '/pages/detail/detail' });
  const detail = await page.evaluate(() => wx.getSystemInfoSync());
  assert.equal(detail.windowHeight, 667 - 20 - 44);
  await context.close();
});

test('on a phone’s browser the bar ends the page and the window shrinks by it', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await openSimulator(context, '', bottom.url);
  const box = await bar(page).boundingBox();
  assert.deepEqual([box.x, box.y, box.width, box.height], [0, 844 - 50, 390, 50]);
  const info = await page.evaluate(() => wx.getSystemInfoSync());
  assert.equal(info.windowHeight, 844 - 44 - 50);
  await context.close();
});

test('the launch URL keeps its query; empty page .json files count as {}', async () => {
  const { context, page } = await open('#/pages/detail/detail?id=1');
  assert.deepEqual(await log(page), [
    'app:onLaunch:pages/detail/detail',
    'detail:onLoad:{"id":"1"}',
    'detail:onShow',
    'detail:onReady',
  ]);
  assert.equal(await current(page, '#id').textContent(), '1');
  assert.equal(await bar(page).isVisible(), false);

  // blank.json is 0 bytes and mine.json only whitespace: app.json's window, no problem.
  await call(page, 'reLaunch', { url: '/pages/blank/blank' });
  assert.equal(await page.locator('#nav-title').textContent(), 'Tab shop');
  await call(page, 'switchTab', { url: '/pages/mine/mine' });
  assert.equal(await page.locator('#nav-title').textContent(), 'Tab shop');
  assert.equal(await page.locator('wx-error').count(), 0);
  assert.deepEqual(
    page.logs.filter((entry) => typeof entry === 'string' && entry.includes('JSON')),
    [],
  );

  // A tab page's URL opens it with the bar.
  const tab = await openSimulator(context, '?device=iphone6#/pages/cart/cart', bottom.url);
  assert.deepEqual(await route(tab), ['pages/cart/cart']);
  assert.equal(await item(tab, 2).getAttribute('aria-selected'), 'true');
  await context.close();
});

test('the browser’s back button follows tab switches and reloads keep the tab', async () => {
  const { context, page } = await open();
  await call(page, 'navigateTo', { url: '/pages/detail/detail?id=4' });
  await current(page, '#to-cart').click();
  await page.waitForFunction(() => location.hash === '#/pages/cart/cart');
  await log(page);
  await page.goBack();
  await page.waitForFunction(() => getCurrentPages()[0]?.route === 'pages/index/index');
  assert.deepEqual(await route(page), ['pages/index/index']);
  assert.deepEqual(await log(page), ['cart:onHide', 'index:onShow']);
  assert.equal(await item(page, 0).getAttribute('aria-selected'), 'true');
  await page.goForward();
  await page.waitForFunction(() => getCurrentPages()[0]?.route === 'pages/cart/cart');
  assert.deepEqual(await log(page), ['index:onHide', 'cart:onShow']);

  await page.reload();
  await page.evaluate(() => globalThis.wxReady);
  assert.deepEqual(await route(page), ['pages/cart/cart']);
  assert.equal(await item(page, 2).getAttribute('aria-selected'), 'true');
  await context.close();
});

test('position top: under the navigation bar, text only, underlined when current', async () => {
  const { context, page } = await open('', top);
  const nav = await page.locator('#nav-bar').boundingBox();
  const box = await bar(page).boundingBox();
  const viewport = await page.locator('#wx-viewport').boundingBox();
  assert.equal(box.height, 50);
  assert.equal(box.y, nav.y + nav.height, 'right under the navigation bar');
  assert.equal(viewport.y, box.y + box.height, 'the window begins under the bar');
  assert.equal(await page.locator('.wx-tab-icon').count(), 0, 'no icons at the top');
  const first = item(page, 0);
  const style = await first.evaluate((e) => {
    const s = getComputedStyle(e);
    const t = getComputedStyle(e.querySelector('.wx-tab-text'));
    return [s.color, s.borderBottomWidth, s.borderBottomColor, t.fontSize];
  });
  assert.deepEqual(style, ['rgb(212, 60, 51)', '2px', 'rgb(212, 60, 51)', '14px']);
  const other = await item(page, 1).evaluate((e) => [
    getComputedStyle(e).color,
    getComputedStyle(e).borderBottomStyle,
  ]);
  assert.deepEqual(other, ['rgb(102, 102, 102)', 'none']);
  const border = await bar(page).evaluate((e) => getComputedStyle(e).borderBottomColor);
  assert.equal(border, 'rgba(255, 255, 255, 0.33)');
  const info = await page.evaluate(() => wx.getSystemInfoSync());
  assert.equal(info.windowHeight, 667 - 20 - 44 - 50);
  await page.screenshot({ path: `${ARTIFACTS}tabbar-top.png` });

  await item(page, 1).click();
  assert.deepEqual(await route(page), ['pages/video/video']);
  assert.equal(await current(page, '#name').textContent(), 'video');
  await call(page, 'navigateTo', { url: '/pages/detail/detail' });
  assert.equal(await bar(page).isVisible(), false);
  await context.close();
});
