// The interface APIs on a fixture mini program (fixtures/ui): toast, modal, action sheet
// (results, limits, keyboard, blocking the page), the navigation bar per page, pull-down
// refresh and hideKeyboard. Screenshots of the overlays at a phone's width are kept in
// tests/e2e/artifacts/.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { call, openSimulator, serveFixture } from './support.mjs';

const ARTIFACTS = fileURLToPath(new URL('artifacts/', import.meta.url));
const fixture = serveFixture('ui');
before(() => mkdirSync(ARTIFACTS, { recursive: true }));

async function open(options = {}) {
  const context = await fixture.browser.newContext(options);
  const page = await openSimulator(context, '', fixture.server.url);
  return { context, page };
}

test('showToast: one at a time, icons, default and longest durations', async () => {
  const { context, page } = await open();
  await page.clock.install();
  // Paused, the fake clock moves only with runFor: a loaded machine's real seconds between
  // two steps must not count as toast time.
  await page.clock.pauseAt(await page.evaluate(() => Date.now() + 1000));
  await call(page, 'showToast', { title: 'saved' });
  assert.equal(await page.locator('.wx-toast').count(), 1);
  assert.equal(await page.locator('.wx-toast .wx-toast-icon').count(), 1); // success is the default
  await call(page, 'showToast', { title: 'loading', icon: 'loading', duration: 20000 });
  assert.deepEqual(await page.locator('.wx-toast').allTextContents(), ['loading']);
  assert.equal(await page.locator('.wx-toast .wx-toast-loading').count(), 1);
  await page.clock.runFor(9900);
  assert.equal(await page.locator('.wx-toast').count(), 1);
  await page.clock.runFor(200); // capped at 10 s
  assert.equal(await page.locator('.wx-toast').count(), 0);
  await call(page, 'showToast', { title: 'default' });
  await page.clock.runFor(1400);
  assert.equal(await page.locator('.wx-toast').count(), 1);
  await page.clock.runFor(200); // 1500 ms by default
  assert.equal(await page.locator('.wx-toast').count(), 0);
  await call(page, 'showToast', { title: 'masked', mask: true, duration: 5000 });
  assert.equal(await page.locator('.wx-toast-mask').count(), 1);
  assert.deepEqual(await call(page, 'hideToast', {}), ['success', { errMsg: 'hideToast:ok' }]);
  assert.equal(await page.locator('.wx-toast, .wx-toast-mask').count(), 0);
  const [which, result] = await call(page, 'showToast', {});
  assert.equal(which, 'fail');
  assert.equal(
    result.errMsg,
    'showToast:fail parameter error: parameter.title should be String instead of Undefined;',
  );
  await context.close();
});

test('showModal: confirm, cancel, keyboard, limits, and the page underneath blocked', async () => {
  const { context, page } = await open();
  const shown = call(page, 'showModal', { title: 'Delete?', content: 'This cannot be undone' });
  await page.locator('.wx-modal').waitFor();
  assert.equal(await page.locator('.wx-modal-confirm').textContent(), '确定');
  assert.equal(
    await page.$eval('.wx-modal-confirm', (b) => getComputedStyle(b).color),
    'rgb(60, 197, 31)',
  );
  assert.equal(await page.locator('.wx-modal-cancel').textContent(), '取消');
  // A click where the page's button is lands on the mask.
  const box = await page.locator('#under').boundingBox();
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  assert.deepEqual(await page.evaluate(() => getCurrentPages()[0].log), []);
  await page.click('.wx-modal-confirm');
  assert.deepEqual(await shown, [
    'success',
    { confirm: true, cancel: false, errMsg: 'showModal:ok' },
  ]);

  const cancelled = call(page, 'showModal', {
    content: 'x',
    cancelText: '不要',
    cancelColor: '#ff0000',
  });
  await page.locator('.wx-modal-cancel', { hasText: '不要' }).click();
  assert.deepEqual(await cancelled, [
    'success',
    { confirm: false, cancel: true, errMsg: 'showModal:ok' },
  ]);

  const entered = call(page, 'showModal', { content: 'Enter confirms' });
  await page.locator('.wx-modal').waitFor();
  await page.keyboard.press('Enter');
  assert.equal((await entered)[1].confirm, true);
  const escaped = call(page, 'showModal', { content: 'Escape cancels' });
  await page.locator('.wx-modal').waitFor();
  await page.keyboard.press('Escape');
  assert.equal((await escaped)[1].cancel, true);
  const single = call(page, 'showModal', { content: 'no cancel', showCancel: false });
  await page.locator('.wx-modal').waitFor();
  assert.equal(await page.locator('.wx-modal-cancel').count(), 0);
  await page.click('.wx-modal-confirm');
  await single;

  assert.deepEqual(await call(page, 'showModal', { content: 'x', confirmText: '五个字确定' }), [
    'fail',
    { errMsg: 'showModal:fail confirmText length should not larger than 4 Chinese characters' },
  ]);
  assert.deepEqual(await call(page, 'showModal', { content: 'x', cancelText: 'abcde' }), [
    'fail',
    { errMsg: 'showModal:fail cancelText length should not larger than 4 Chinese characters' },
  ]);
  assert.equal(await page.locator('.wx-modal').count(), 0);
  await context.close();
});

test('showActionSheet: tapIndex, cancel by button, mask or Escape, at most 6 items', async () => {
  const { context, page } = await open();
  const tapped = call(page, 'showActionSheet', { itemList: ['A', 'B', 'C'], itemColor: '#0000ff' });
  await page.locator('.wx-sheet').waitFor();
  assert.equal(
    await page.$eval('.wx-sheet-item', (b) => getComputedStyle(b).color),
    'rgb(0, 0, 255)',
  );
  await page.locator('.wx-sheet-item', { hasText: 'C' }).click();
  assert.deepEqual(await tapped, ['success', { tapIndex: 2, errMsg: 'showActionSheet:ok' }]);
  for (const how of ['button', 'mask', 'escape']) {
    const cancelled = call(page, 'showActionSheet', { itemList: ['A'] });
    await page.locator('.wx-sheet').waitFor();
    if (how === 'button') await page.click('.wx-sheet-cancel');
    if (how === 'mask') {
      const mask = await page.locator('.wx-sheet-mask').boundingBox();
      await page.mouse.click(mask.x + 20, mask.y + 20);
    }
    if (how === 'escape') await page.keyboard.press('Escape');
    assert.deepEqual(await cancelled, ['fail', { errMsg: 'showActionSheet:fail cancel' }], how);
  }
  assert.deepEqual(
    await call(page, 'showActionSheet', { itemList: ['1', '2', '3', '4', '5', '6', '7'] }),
    [
      'fail',
      { errMsg: 'showActionSheet:fail parameter error: itemList should not be large than 6' },
    ],
  );
  assert.deepEqual(await call(page, 'showActionSheet', { itemList: 'A' }), [
    'fail',
    {
      errMsg:
        'showActionSheet:fail parameter error: parameter.itemList should be Array instead of String;',
    },
  ]);
  await context.close();
});

test('screenshots of toast, modal and action sheet at a phone width', async () => {
  const { context, page } = await open({
    viewport: { width: 375, height: 667 },
    deviceScaleFactor: 2,
  });
  await call(page, 'showToast', { title: '已完成', duration: 10000 });
  await page.screenshot({ path: `${ARTIFACTS}toast.png`, animations: 'disabled' });
  await call(page, 'hideToast', {});
  const modal = call(page, 'showModal', { title: '提示', content: '这是一个模态弹窗' });
  await page.locator('.wx-modal').waitFor();
  await page.screenshot({ path: `${ARTIFACTS}modal.png`, animations: 'disabled' });
  await page.click('.wx-modal-confirm');
  await modal;
  const sheet = call(page, 'showActionSheet', { itemList: ['A', 'B', 'C'] });
  await page.locator('.wx-sheet').waitFor();
  await page.screenshot({ path: `${ARTIFACTS}action-sheet.png`, animations: 'disabled' });
  await page.click('.wx-sheet-cancel');
  await sheet;
  await context.close();
});

test('navigation bar: title and loading kept per page', async () => {
  const { context, page } = await open();
  assert.equal(await page.textContent('#nav-title'), 'Feedback');
  await call(page, 'setNavigationBarTitle', { title: '当前页面' });
  await call(page, 'showNavigationBarLoading', {});
  assert.equal(await page.textContent('#nav-title'), '当前页面');
  assert.equal(await page.locator('.wx-nav-loading').isVisible(), true);
  await call(page, 'navigateTo', { url: '../second/second' });
  assert.equal(await page.textContent('#nav-title'), 'UI fixture');
  assert.equal(await page.locator('.wx-nav-loading').isVisible(), false);
  await call(page, 'navigateBack', {});
  assert.equal(await page.textContent('#nav-title'), '当前页面');
  assert.equal(await page.locator('.wx-nav-loading').isVisible(), true);
  await call(page, 'hideNavigationBarLoading', {});
  assert.equal(await page.locator('.wx-nav-loading').isVisible(), false);
  await context.close();
});

test('pull-down refresh with the mouse, stopPullDownRefresh, hideKeyboard', async () => {
  const { context, page } = await open();
  const box = await page.locator('.intro').boundingBox();
  await page.mouse.move(box.x + 20, box.y + 5);
  await page.mouse.down();
  await page.mouse.move(box.x + 20, box.y + 70, { steps: 5 });
  assert.match(
    await page.$eval('wx-page', (p) => p.style.transform),
    /translateY\(3\d(\.\d+)?px\)/,
  );
  await page.mouse.move(box.x + 20, box.y + 200, { steps: 5 });
  await page.mouse.up();
  assert.deepEqual(await page.evaluate(() => getCurrentPages()[0].log), ['refresh']);
  assert.equal(await page.$eval('wx-page', (p) => p.style.transform), 'translateY(50px)');
  assert.equal(await page.locator('wx-refresh[data-refreshing]').count(), 1);
  await call(page, 'stopPullDownRefresh', {});
  assert.equal(await page.$eval('wx-page', (p) => p.style.transform), '');
  assert.equal(await page.locator('wx-refresh[data-refreshing]').count(), 0);
  // A short pull springs back without refreshing.
  await page.mouse.move(box.x + 20, box.y + 5);
  await page.mouse.down();
  await page.mouse.move(box.x + 20, box.y + 40, { steps: 3 });
  await page.mouse.up();
  assert.deepEqual(await page.evaluate(() => getCurrentPages()[0].log), ['refresh']);

  await page.locator('#field input').focus();
  assert.equal(
    await page.evaluate(
      () => document.querySelector('#wx-viewport').shadowRoot.activeElement?.tagName,
    ),
    'INPUT',
  );
  assert.deepEqual(await call(page, 'hideKeyboard', {}), [
    'success',
    { errMsg: 'hideKeyboard:ok' },
  ]);
  assert.notEqual(
    await page.evaluate(
      () => document.querySelector('#wx-viewport').shadowRoot.activeElement?.tagName,
    ),
    'INPUT',
  );
  assert.deepEqual(await call(page, 'hideKeyboard', {}), [
    'success',
    { errMsg: 'hideKeyboard:ok' },
  ]);
  await context.close();
});

test('pull-down refresh with a finger (touch events)', async () => {
  const { context, page } = await open({ hasTouch: true });
  const moved = await page.evaluate(() => {
    const target = document
      .querySelector('#wx-viewport')
      .shadowRoot.querySelector('wx-page .intro');
    const touch = (y) => new Touch({ identifier: 1, target, clientX: 100, clientY: y });
    const fire = (type, y) =>
      target.dispatchEvent(
        new TouchEvent(type, {
          bubbles: true,
          cancelable: true,
          touches: type === 'touchend' ? [] : [touch(y)],
          changedTouches: [touch(y)],
        }),
      );
    fire('touchstart', 150);
    const scrolled = !fire('touchmove', 250); // the pull keeps the browser from scrolling
    fire('touchmove', 350);
    fire('touchend', 350);
    return scrolled;
  });
  assert.equal(moved, true);
  assert.deepEqual(await page.evaluate(() => getCurrentPages()[0].log), ['refresh']);
  await call(page, 'stopPullDownRefresh', {});
  assert.equal(await page.$eval('wx-page', (p) => p.style.transform), '');
  await context.close();
});
