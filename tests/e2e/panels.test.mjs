// The AppData and WXML panels on the fixture `panels`: AppData shows the page's data and
// globalData, follows setData (wxweb:data) and navigation, edits a value in place through
// setData (the frame changes too) and refuses invalid JSON; WXML shows WXML tag names with
// their attributes and bindings, follows the page, outlines a hovered node's element on the
// device screen (measured), and "Inspect" selects an element by clicking it on the screen
// without the click reaching the mini program. Screenshots of both panels at 1280x900.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { serveFixture, waitForWx } from './support.mjs';

const ARTIFACTS = fileURLToPath(new URL('artifacts/', import.meta.url));
const running = serveFixture('panels');
before(() => mkdirSync(ARTIFACTS, { recursive: true }));

/** A fresh simulator on the fixture, 1280x900, with the panel `name` chosen. */
async function open(name) {
  const context = await running.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (error) => page.problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') page.problems.push(message.text());
  });
  await page.goto(`${running.server.url}?device=iphone6`);
  await waitForWx(page);
  await page.evaluate(() => wxweb.pageReady('pages/index/index'));
  await page.locator(`#tab-${name}`).click();
  await page.locator(`#panel-${name} [role="treeitem"]`).first().waitFor();
  return { context, page };
}

const row = (page, path) => page.locator(`#panel-appdata [data-path="${path}"]`);
const value = (page, path) => row(page, path).locator('.appdata-value');
const pageData = (page, expression) =>
  page.evaluate(`(() => { const data = getCurrentPages().at(-1).data; return ${expression}; })()`);

test('AppData shows the data, globalData and route, with capped long values', async () => {
  const { context, page } = await open('appdata');
  assert.equal(
    await page.locator('#panel-appdata .appdata-route').textContent(),
    'pages/index/index',
  );
  assert.equal(await value(page, 'data.title').textContent(), '"Panels"');
  assert.equal(await value(page, 'data.count').textContent(), '0');
  assert.equal(await value(page, 'data.empty').textContent(), 'null');
  assert.match(await row(page, 'data.list').textContent(), /list: Array\(3\)/);
  assert.match(await row(page, 'data.profile').textContent(), /name: "Li Lei"/);
  // Expanding: a click on the key, then the keyboard (ArrowRight) on a child.
  await row(page, 'data.profile').locator('.appdata-key').click();
  assert.equal(await row(page, 'data.profile').getAttribute('aria-expanded'), 'true');
  await row(page, 'data.profile.address').focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await value(page, 'data.profile.address.city').textContent(), '"Shenzhen"');
  await page.keyboard.press('ArrowDown');
  assert.equal(
    await page.evaluate(() => document.activeElement.dataset.path),
    'data.profile.address.city',
  );
  await page.keyboard.press('ArrowLeft'); // to the parent
  await page.keyboard.press('ArrowLeft'); // collapses it
  assert.equal(await row(page, 'data.profile.address').getAttribute('aria-expanded'), 'false');
  assert.equal(await row(page, 'data.profile.address.city').count(), 0);
  // globalData
  assert.equal(await value(page, 'globalData.theme').textContent(), '"light"');
  assert.match(await row(page, 'globalData.user').textContent(), /name: "Ada", level: 3/);
  // A 5000-item array shows 100 children and "… 4900 more"; a 20,000-char string is cut.
  assert.match(await row(page, 'data.big').textContent(), /Array\(5000\)/);
  await row(page, 'data.big').locator('.appdata-key').click();
  assert.equal(await page.locator('#panel-appdata [data-path^="data.big."]').count(), 100);
  const more = page.locator('#panel-appdata .appdata-more');
  assert.equal(await more.textContent(), '… 4900 more');
  await more.click();
  assert.equal(await page.locator('#panel-appdata [data-path^="data.big."]').count(), 200);
  const long = await value(page, 'data.long').textContent();
  assert.ok(long.length < 200 && long.endsWith('…" (20000 chars)'), long);
  await row(page, 'data.big').locator('.appdata-key').click(); // collapse again
  await row(page, 'data.list').locator('.appdata-key').click();
  await row(page, 'data.list.1').locator('.appdata-key').click();
  await row(page, 'data.profile.address').locator('.appdata-key').click();
  await page.locator('#panel-appdata .appdata-tree').evaluate((tree) => {
    tree.scrollTop = 0;
  });
  await page.screenshot({ path: `${ARTIFACTS}panels-appdata.png` });
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('AppData follows setData and navigation, keeping what is expanded', async () => {
  const { context, page } = await open('appdata');
  await row(page, 'data.profile').locator('.appdata-key').click();
  await page.locator('wx-page:not([hidden]) #add').click();
  await page.waitForFunction(() => getCurrentPages().at(-1).data.count === 1);
  await assert.doesNotReject(
    page
      .locator('#panel-appdata [data-path="data.count"] .appdata-value', { hasText: /^1$/ })
      .waitFor({ timeout: 2000 }),
  );
  assert.equal(await row(page, 'data.profile').getAttribute('aria-expanded'), 'true');
  // The changed value flashes; the others do not.
  assert.match(await row(page, 'data.count').getAttribute('class'), /appdata-changed/);
  assert.doesNotMatch(await row(page, 'data.title').getAttribute('class'), /appdata-changed/);
  // A setData from the page's code shows at once.
  await page.evaluate(() => getCurrentPages().at(-1).setData({ 'profile.tags[1]': 'changed' }));
  await row(page, 'data.profile.tags').locator('.appdata-key').click();
  assert.equal(await value(page, 'data.profile.tags.1').textContent(), '"changed"');
  await page.locator('wx-page:not([hidden]) #next').click();
  await page.evaluate(() => wxweb.pageReady('pages/two/two'));
  await assert.doesNotReject(
    page
      .locator('#panel-appdata .appdata-route', { hasText: 'pages/two/two' })
      .waitFor({ timeout: 2000 }),
  );
  assert.equal(await value(page, 'data.second').textContent(), 'true');
  assert.equal(await row(page, 'data.count').count(), 0);
  // Back: the first page's data again, as it was expanded.
  await page.evaluate(() => wx.navigateBack());
  await assert.doesNotReject(
    page
      .locator('#panel-appdata .appdata-route', { hasText: 'pages/index/index' })
      .waitFor({ timeout: 2000 }),
  );
  assert.equal(await value(page, 'data.count').textContent(), '1');
  assert.equal(await row(page, 'data.profile').getAttribute('aria-expanded'), 'true');
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('AppData edits a value in place through setData, and refuses invalid JSON', async () => {
  const { context, page } = await open('appdata');
  // Double-click the value: the input holds its JSON.
  await row(page, 'data.profile').locator('.appdata-key').click();
  await row(page, 'data.profile.address').locator('.appdata-key').click();
  await value(page, 'data.profile.address.city').dblclick();
  const input = page.locator('#panel-appdata .appdata-input');
  assert.equal(await input.inputValue(), '"Shenzhen"');
  await input.fill('"Beijing"');
  await input.press('Enter');
  assert.equal(await input.count(), 0);
  assert.equal(await pageData(page, 'data.profile.address.city'), 'Beijing');
  assert.equal(await page.locator('wx-page:not([hidden]) #city').textContent(), 'Beijing');
  assert.equal(await value(page, 'data.profile.address.city').textContent(), '"Beijing"');
  // Keyboard: Enter on a list item's field (path list[1].name), a new value, Enter.
  await row(page, 'data.list').locator('.appdata-key').click();
  await row(page, 'data.list.1').locator('.appdata-key').click();
  await row(page, 'data.list.1.name').focus();
  await page.keyboard.press('Enter');
  await input.fill('"blueberry"');
  await input.press('Enter');
  assert.equal(await pageData(page, 'data.list[1].name'), 'blueberry');
  assert.equal(
    await page.locator('wx-page:not([hidden]) #item-2 wx-text').textContent(),
    'blueberry',
  );
  // Focus is back on the row.
  assert.equal(await page.evaluate(() => document.activeElement.dataset.path), 'data.list.1.name');
  // A number, and an object replacing a leaf.
  await value(page, 'data.count').dblclick();
  await input.fill('41');
  await input.press('Enter');
  assert.equal(await page.locator('wx-page:not([hidden]) #count').textContent(), 'Count: 41');
  // Invalid JSON: an error, the input stays, nothing is set; Escape cancels.
  await value(page, 'data.count').dblclick();
  await input.fill('{oops');
  await input.press('Enter');
  assert.equal(await input.getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#panel-appdata .appdata-error').textContent(), /^Not JSON/);
  assert.equal(await pageData(page, 'data.count'), 41);
  await page.screenshot({ path: `${ARTIFACTS}panels-appdata-edit.png` });
  await input.press('Escape');
  assert.equal(await input.count(), 0);
  assert.equal(await pageData(page, 'data.count'), 41);
  assert.equal(await page.locator('wx-page:not([hidden]) #count').textContent(), 'Count: 41');
  // globalData is assigned.
  await value(page, 'globalData.theme').dblclick();
  await input.fill('"dark"');
  await input.press('Enter');
  assert.equal(await page.evaluate(() => getApp().globalData.theme), 'dark');
  assert.equal(await value(page, 'globalData.theme').textContent(), '"dark"');
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('AppData stays responsive with hostile data', async () => {
  const { context, page } = await open('appdata');
  const took = await page.evaluate(async () => {
    const huge = new Array(200000).fill('item');
    let deep = { leaf: 1 };
    for (let i = 0; i < 60; i++) deep = { deep };
    const start = performance.now();
    getCurrentPages()
      .at(-1)
      .setData({ huge, deep, wide: 'w'.repeat(1 << 20) });
    const tree = document.querySelector('#panel-appdata .appdata-tree');
    while (!tree.querySelector('[data-path="data.huge"]') && performance.now() - start < 5000)
      await new Promise((resolve) => requestAnimationFrame(resolve));
    return performance.now() - start;
  });
  assert.ok(took < 2000, `${took} ms`);
  assert.match(await row(page, 'data.huge').textContent(), /Array\(200000\)/);
  // Open the deep object ten levels with the keyboard: one row per level, no more.
  await row(page, 'data.deep').focus();
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
  }
  assert.equal(
    await page.evaluate(() => document.activeElement.dataset.path.split('.').length),
    12,
  );
  assert.ok((await value(page, 'data.wide').textContent()).length < 200);
  // A globalData with a throwing getter and a Proxy whose every trap throws.
  await page.evaluate(() => {
    const fail = () => {
      throw new Error('trap');
    };
    const globalData = getApp().globalData;
    globalData.trap = new Proxy({}, { getPrototypeOf: fail, ownKeys: fail, get: fail });
    Object.defineProperty(globalData, 'getter', { enumerable: true, get: fail });
  });
  await page.locator('#panel-appdata .appdata-refresh').click();
  await assert.doesNotReject(row(page, 'globalData.trap').waitFor({ timeout: 2000 }));
  assert.equal(await value(page, 'globalData.getter').textContent(), '(getter threw: trap)');
  assert.equal(await value(page, 'globalData.theme').textContent(), '"light"');
  await row(page, 'globalData.trap').locator('.appdata-key').click();
  assert.equal(await row(page, 'globalData.trap').getAttribute('aria-expanded'), 'true');
  assert.deepEqual(page.problems, []);
  await context.close();
});

// ---- WXML ----

const wxmlRow = (page, text) => page.locator('#panel-wxml [role="treeitem"]', { hasText: text });

test('WXML shows WXML tag names, attributes and bindings, and follows the page', async () => {
  const { context, page } = await open('wxml');
  const tree = page.locator('#panel-wxml .wxml-tree');
  await wxmlRow(page, 'id="title"').first().waitFor();
  const text = await tree.textContent();
  assert.ok(!text.includes('wx-'), 'no wx- tag names');
  assert.match(await tree.locator('[aria-level="1"]').textContent(), /^<page>/);
  const title = await wxmlRow(page, 'id="title"').textContent();
  assert.match(title, /^<view [^>]*>Panels<\/view>$/);
  assert.ok(title.includes(' class="title "'), title);
  const item = await wxmlRow(page, 'id="item-2"').textContent();
  assert.match(item, /^<view [^>]*>…<\/view>$|^<view [^>]*>$/);
  for (const attribute of [' class="item done"', ' id="item-2"', ' data-id="2"', ' bindtap="pick"'])
    assert.ok(item.includes(attribute), `${attribute} in ${item}`);
  assert.match(await wxmlRow(page, 'id="add"').textContent(), /^<button /);
  assert.match(await wxmlRow(page, 'id="add"').textContent(), /type="primary"/);
  assert.match(await wxmlRow(page, 'id="add"').textContent(), /bindtap="add"/);
  // A list item starts collapsed (depth 4); its twisty opens it.
  assert.equal(await wxmlRow(page, 'id="item-2"').getAttribute('aria-expanded'), 'false');
  await wxmlRow(page, 'id="item-2"').locator('.wxml-twisty').click();
  assert.equal(await wxmlRow(page, 'id="item-2"').getAttribute('aria-expanded'), 'true');
  assert.equal(await wxmlRow(page, /^<text>banana<\/text>$/).count(), 1);
  // Text beside elements has a row of its own; selected, the details show it.
  await wxmlRow(page, /^"Hello"$/).click();
  const details = page.locator('#panel-wxml .wxml-details');
  assert.match(
    await details.locator('.wxml-details-title').textContent(),
    /^#text\d+(\.\d+)? × \d/,
  );
  assert.equal(await details.locator('.wxml-text-content').textContent(), 'Hello ');
  // It follows a setData (class and text) within a frame or two.
  await page.locator('wx-page:not([hidden]) #add').click();
  await assert.doesNotReject(wxmlRow(page, 'class="title counted"').waitFor({ timeout: 2000 }));
  await assert.doesNotReject(wxmlRow(page, 'Count: 1').waitFor({ timeout: 2000 }));
  // Collapse and expand with the keyboard.
  const list = wxmlRow(page, /^<view class="list">/);
  await list.focus();
  await page.keyboard.press('ArrowLeft');
  assert.equal(await list.getAttribute('aria-expanded'), 'false');
  assert.equal(await wxmlRow(page, 'id="item-1"').count(), 0);
  await page.keyboard.press('ArrowRight');
  assert.equal(await wxmlRow(page, 'id="item-1"').count(), 1);
  await page.keyboard.press('ArrowDown');
  assert.match(await page.evaluate(() => document.activeElement.textContent), /id="item-1"/);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('WXML: hovering a node outlines its element; Inspect selects without a tap', async () => {
  const { context, page } = await open('wxml');
  await wxmlRow(page, 'id="item-2"').first().hover();
  const highlight = page.locator('.wxml-highlight');
  await highlight.waitFor();
  const box = await highlight.boundingBox();
  const target = await page.locator('wx-page:not([hidden]) #item-2').boundingBox();
  for (const side of ['x', 'y', 'width', 'height'])
    assert.ok(Math.abs(box[side] - target[side]) < 0.5, `${side}: ${box[side]} vs ${target[side]}`);
  const label = await page.locator('.wxml-highlight-label').textContent();
  assert.match(label, /^view#item-2\.item\.done {2}\d+(\.\d+)? × \d+(\.\d+)?$/);
  const scale = await page.evaluate(() => {
    const screen = document.getElementById('wx-viewport');
    return screen.getBoundingClientRect().width / screen.offsetWidth;
  });
  // The size in the mini program's CSS pixels (the frame may be scaled to fit).
  const css = ({ width, height }) =>
    `${Math.round((width / scale) * 100) / 100} × ${Math.round((height / scale) * 100) / 100}`;
  assert.ok(label.endsWith(`  ${css(target)}`), `${label} vs ${css(target)}`);
  await page.screenshot({ path: `${ARTIFACTS}panels-wxml-hover.png` });
  await page.mouse.move(1, 1);
  await assert.doesNotReject(highlight.waitFor({ state: 'hidden' }));

  // Inspect: a click on item 3 in the frame selects it; its bindtap (pick) does not run.
  await page.locator('#panel-wxml .wxml-inspect').click();
  assert.equal(
    await page.locator('#panel-wxml .wxml-inspect').getAttribute('aria-pressed'),
    'true',
  );
  await page.locator('wx-page:not([hidden]) #item-3').hover();
  await assert.doesNotReject(highlight.waitFor());
  await page.locator('wx-page:not([hidden]) #item-3 wx-text').click();
  assert.equal(await pageData(page, 'data.picked'), undefined);
  assert.equal(await pageData(page, 'data.count'), 0);
  assert.equal(
    await page.locator('#panel-wxml .wxml-inspect').getAttribute('aria-pressed'),
    'false',
  );
  const selected = page.locator('#panel-wxml [aria-selected="true"]');
  assert.equal(await selected.count(), 1);
  // The click landed on the <text>: that element is selected, and it is focused.
  assert.equal(await selected.textContent(), '<text>cherry</text>');
  assert.equal(
    await page.evaluate(() => document.activeElement.textContent),
    '<text>cherry</text>',
  );
  // Up to its item: Enter selects, and the details show its box, attributes and bindings.
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  const details = page.locator('#panel-wxml .wxml-details');
  const item = await page.locator('wx-page:not([hidden]) #item-3').boundingBox();
  assert.match(await details.locator('.wxml-details-title').textContent(), /^<view>/);
  assert.equal(await details.locator('.wxml-size').textContent(), css(item));
  const detailText = await details.textContent();
  assert.match(detailText, /idItem-3/i);
  assert.match(detailText, /classitem/);
  assert.match(detailText, /Datasetid3/);
  assert.match(detailText, /Bindingsbindtappick/);
  await page.screenshot({ path: `${ARTIFACTS}panels-wxml.png` });
  // Out of inspect mode, a click on the item reaches the app again.
  await page.locator('wx-page:not([hidden]) #item-3').click();
  await page.waitForFunction(() => getCurrentPages().at(-1).data.picked === 3);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('WXML caps a long list and keeps up with it', async () => {
  const { context, page } = await open('wxml');
  await page.evaluate(() => {
    const list = [];
    for (let id = 1; id <= 1000; id++) list.push({ id, name: `n${id}`, done: id % 2 === 0 });
    getCurrentPages().at(-1).setData({ list });
  });
  const list = wxmlRow(page, /^<view class="list">/);
  // 1000 children: it starts collapsed; opened, it shows 200 and "… 800 more".
  await assert.doesNotReject(
    page.locator('#panel-wxml [aria-expanded="false"]', { hasText: 'class="list"' }).waitFor(),
  );
  await list.locator('.wxml-twisty').click();
  assert.equal(
    await page.locator('#panel-wxml [role="treeitem"]', { hasText: 'id="item-' }).count(),
    200,
  );
  const more = page.locator('#panel-wxml .wxml-more');
  assert.equal(await more.textContent(), '… 800 more');
  await more.click();
  assert.equal(
    await page.locator('#panel-wxml [role="treeitem"]', { hasText: 'id="item-' }).count(),
    400,
  );
  assert.deepEqual(page.problems, []);
  await context.close();
});
