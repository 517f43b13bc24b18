// wx.createAnimation and the `animation` attribute, on a fixture project (fixtures/animation):
// the exported JSON of every method, and the steps played as CSS transitions, including the
// seed document's example page verbatim.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openSimulator, serveFixture } from './support.mjs';

const fixture = serveFixture('animation');

async function open(path = '') {
  const context = await fixture.browser.newContext();
  const page = await openSimulator(context, path, fixture.server.url);
  // In the page: the largest difference between two transforms' matrices (`none` = identity).
  await page.evaluate(() => {
    globalThis.transformGap = (a, b) => {
      const [x, y] = [new DOMMatrix(a), new DOMMatrix(b)].map((m) => m.toFloat64Array());
      return Math.max(...x.map((v, i) => Math.abs(v - y[i])));
    };
    globalThis.box = () =>
      document.querySelector('#wx-viewport').shadowRoot.querySelector('wx-page:not([hidden]) #box');
  });
  return { context, page };
}

const DEFAULT_OPTION = {
  transformOrigin: '50% 50% 0',
  transition: { duration: 400, timingFunction: 'linear', delay: 0 },
};
const action = (animates, option = DEFAULT_OPTION) => ({ animates, option });
const exported = (page, code) =>
  page.evaluate(`(() => { const a = wx.createAnimation(); ${code}; return a.export(); })()`);

test("every method exports WeChat's {type, args}", async () => {
  const { context, page } = await open();
  const cases = [
    ['a.opacity(0.5)', { type: 'style', args: ['opacity', 0.5] }],
    ['a.backgroundColor("#f00")', { type: 'style', args: ['backgroundColor', '#f00'] }],
    ['a.width(10)', { type: 'style', args: ['width', '10px'] }],
    ['a.height("50%")', { type: 'style', args: ['height', '50%'] }],
    ['a.top(1.5)', { type: 'style', args: ['top', '1.5px'] }],
    ['a.left(-3)', { type: 'style', args: ['left', '-3px'] }],
    ['a.bottom(0)', { type: 'style', args: ['bottom', '0px'] }],
    ['a.right("2em")', { type: 'style', args: ['right', '2em'] }],
    ['a.rotate(45)', { type: 'rotate', args: [45] }],
    ['a.rotate()', { type: 'rotate', args: [0] }],
    ['a.rotateX(10)', { type: 'rotateX', args: [10] }],
    ['a.rotateY(20)', { type: 'rotateY', args: [20] }],
    ['a.rotateZ(30)', { type: 'rotateZ', args: [30] }],
    ['a.rotate3d(1, 1, 0, 45)', { type: 'rotate3d', args: [1, 1, 0, 45] }],
    ['a.scale(2)', { type: 'scale', args: [2, 2] }],
    ['a.scale(2, 3)', { type: 'scale', args: [2, 3] }],
    ['a.scaleX(0.5)', { type: 'scaleX', args: [0.5] }],
    ['a.scaleY()', { type: 'scaleY', args: [1] }],
    ['a.scaleZ(3)', { type: 'scaleZ', args: [3] }],
    ['a.scale3d(1, 2)', { type: 'scale3d', args: [1, 2, 1] }],
    ['a.translate(30)', { type: 'translate', args: [30, 0] }],
    ['a.translate(10, 20)', { type: 'translate', args: [10, 20] }],
    ['a.translateX("50%")', { type: 'translateX', args: ['50%'] }],
    ['a.translateY(5)', { type: 'translateY', args: [5] }],
    ['a.translateZ(6)', { type: 'translateZ', args: [6] }],
    ['a.translate3d(1, 2, 3)', { type: 'translate3d', args: [1, 2, 3] }],
    ['a.skew(10)', { type: 'skew', args: [10, 0] }],
    ['a.skewX(15)', { type: 'skewX', args: [15] }],
    ['a.skewY(-15)', { type: 'skewY', args: [-15] }],
    ['a.matrix()', { type: 'matrix', args: [1, 0, 0, 1, 0, 0] }],
    ['a.matrix(1, 2, 3, 4, 5, 6)', { type: 'matrix', args: [1, 2, 3, 4, 5, 6] }],
    ['a.matrix3d()', { type: 'matrix3d', args: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1] }],
  ];
  for (const [call, animate] of cases) {
    assert.deepEqual(
      await exported(page, `${call}.step()`),
      { actions: [action([animate])] },
      call,
    );
  }
  await context.close();
});

test('options, step options, carry-over, export clearing, chaining', async () => {
  const { context, page } = await open();
  const result = await page.evaluate(() => {
    const a = wx.createAnimation({
      duration: 1000,
      timingFunction: 'ease',
      transformOrigin: 'left top',
    });
    const chained = [a.rotate(45), a.opacity(0.5), a.step(), a.scale(2)].every((r) => r === a);
    a.step({ duration: 200, delay: 50 });
    const first = a.export();
    const empty = a.export();
    a.rotate(90).step();
    const second = a.export();
    // Options of the wrong type are ignored, as WeChat does; nothing throws.
    const odd = wx
      .createAnimation({ duration: 'fast', delay: null, timingFunction: 3 })
      .step({ duration: '1' })
      .export();
    const none = wx.createAnimation('x').step(7).export();
    return {
      chained,
      first,
      empty,
      second,
      odd,
      none,
      keys: Object.keys(a),
      json: JSON.stringify(a),
    };
  });
  assert.equal(result.chained, true);
  const option = {
    transformOrigin: 'left top',
    transition: { duration: 1000, timingFunction: 'ease', delay: 0 },
  };
  const rotate = { type: 'rotate', args: [45] };
  const opacity = { type: 'style', args: ['opacity', 0.5] };
  const scale = { type: 'scale', args: [2, 2] };
  assert.deepEqual(result.first, {
    actions: [
      action([rotate, opacity], option),
      action([rotate, opacity, scale], {
        transformOrigin: 'left top',
        transition: { duration: 200, timingFunction: 'ease', delay: 50 },
      }),
    ],
  });
  assert.deepEqual(result.empty, { actions: [] });
  assert.deepEqual(result.second, {
    actions: [action([{ type: 'rotate', args: [90] }, opacity, scale], option)],
  });
  assert.deepEqual(result.odd, { actions: [action([])] });
  assert.deepEqual(result.none, { actions: [action([])] });
  assert.deepEqual(result.keys, []);
  assert.equal(result.json, '{}');
  await context.close();
});

test('steps play in order as transitions; transforms carry over', async () => {
  const { context, page } = await open('#/pages/steps/steps');
  const samples = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const el = box();
        const out = [];
        const origins = [];
        const started = performance.now();
        // At a step's end its values hold (the next step's transitions start from them).
        el.addEventListener('transitionend', (event) => {
          if (event.target !== el || event.propertyName !== 'transform') return;
          const style = getComputedStyle(el);
          out.push({
            transform: style.transform,
            opacity: style.opacity,
            origin: origins[out.length],
            at: performance.now() - started,
          });
          if (out.length === 3) resolve(out);
        });
        el.addEventListener('transitionrun', (event) => {
          if (event.target === el && event.propertyName === 'transform')
            origins.push(getComputedStyle(el).transformOrigin);
        });
        getCurrentPages()
          .at(-1)
          .play({ duration: 150 }, (a) => {
            a.opacity(0.5).rotate(45).step();
            a.translate(20, 10).step({ duration: 100, transformOrigin: '0 0' });
            a.opacity(1).scale(2).step({ timingFunction: 'ease-in' });
          });
        setTimeout(() => resolve(out), 3000);
      }),
  );
  assert.equal(samples.length, 3, JSON.stringify(samples));
  const expected = [
    ['rotate(45deg)', '0.5'],
    ['rotate(45deg) translate(20px, 10px)', '0.5'],
    ['rotate(45deg) translate(20px, 10px) scale(2, 2)', '1'],
  ];
  for (const [index, [transform, opacity]] of expected.entries()) {
    const gap = await page.evaluate(
      ([a, b]) => transformGap(a, b),
      [samples[index].transform, transform],
    );
    assert.ok(gap < 0.01, `step ${index + 1}: ${samples[index].transform} ≠ ${transform}`);
    assert.equal(samples[index].opacity, opacity, `step ${index + 1}`);
  }
  assert.equal(samples[1].origin, '0px 0px');
  assert.equal(samples[0].origin, '25px 25px');
  // One after another: 150 + 100 + 150 ms at the least.
  assert.ok(samples[2].at >= 390, `ended at ${samples[2].at} ms`);
  const style = await page.evaluate(() => ({
    transition: box().style.transition,
    property: getComputedStyle(box()).transitionProperty,
  }));
  assert.match(style.transition, /ease-in/);
  assert.equal(style.property, 'transform, opacity');

  // The next export of another instance keeps the element's transforms and adds its own.
  await page.evaluate(() =>
    getCurrentPages()
      .at(-1)
      .play({ duration: 50 }, (a) =>
        a.translate(0, 0).width(80).backgroundColor('rgb(255, 0, 0)').step(),
      ),
  );
  await page.waitForFunction(
    () =>
      getComputedStyle(box()).width === '80px' &&
      getComputedStyle(box()).backgroundColor === 'rgb(255, 0, 0)',
  );
  await page.waitForFunction(
    () => transformGap(getComputedStyle(box()).transform, 'rotate(45deg) scale(2)') < 0.01,
  );
  await context.close();
});

test('a new animation value replaces a running sequence; numbers get px', async () => {
  const { context, page } = await open('#/pages/steps/steps');
  await page.evaluate(() => {
    getCurrentPages()
      .at(-1)
      .play({ duration: 300 }, (a) => a.rotate(90).step().opacity(0.2).step());
  });
  await page.waitForTimeout(50);
  await page.evaluate(() => {
    getCurrentPages()
      .at(-1)
      .play({ duration: 100 }, (a) => a.scale(0.5).step());
  });
  await page.waitForFunction(
    () => transformGap(getComputedStyle(box()).transform, 'rotate(90deg) scale(0.5)') < 0.01,
  );
  // The replaced sequence's second step never comes.
  await page.waitForTimeout(500);
  assert.equal(await page.evaluate(() => getComputedStyle(box()).opacity), '1');

  // Hand-written data: numbers become px; a zero-length step applies at once; the inner
  // text's own transitions do not advance the box's steps.
  const size = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const el = box();
        el.animation = {
          actions: [
            {
              animates: [
                { type: 'style', args: ['height', 30] },
                { type: 'style', args: ['left', 7] },
              ],
              option: {
                transformOrigin: '50% 50% 0',
                transition: { duration: 0, timingFunction: 'linear', delay: 0 },
              },
            },
            {
              animates: [{ type: 'translateX', args: ['10%'] }],
              option: {
                transformOrigin: '50% 50% 0',
                transition: { duration: 0, timingFunction: 'linear', delay: 0 },
              },
            },
          ],
        };
        setTimeout(
          () =>
            resolve({
              height: getComputedStyle(el).height,
              left: el.style.left,
              transform: el.style.transform,
              animation: el.animation.actions.length,
            }),
          50,
        );
      }),
  );
  assert.deepEqual(size, {
    height: '30px',
    left: '7px',
    transform: 'rotate(90deg) scale(0.5, 0.5) translateX(10%)',
    animation: 2,
  });
  await context.close();
});

test('a style attribute changed by setData keeps the animated transform', async () => {
  const { context, page } = await open('#/pages/steps/steps');
  await page.evaluate(() =>
    getCurrentPages()
      .at(-1)
      .play({ duration: 50 }, (a) => a.rotate(45).step()),
  );
  await page.waitForFunction(
    () => transformGap(getComputedStyle(box()).transform, 'rotate(45deg)') < 0.01,
  );
  await page.evaluate(() =>
    getCurrentPages().at(-1).setData({ boxStyle: 'color: rgb(255, 0, 0); width: 100rpx' }),
  );
  assert.equal(await page.evaluate(() => getComputedStyle(box()).color), 'rgb(255, 0, 0)');
  assert.ok(
    await page.evaluate(
      () => transformGap(getComputedStyle(box()).transform, 'rotate(45deg)') < 0.01,
    ),
  );
  await context.close();
});

test("the seed's animation page runs verbatim", async () => {
  const { context, page } = await open();
  const reaches = (transform, timeout = 4000) =>
    page.waitForFunction(
      (expected) => transformGap(getComputedStyle(box()).transform, expected) < 0.01,
      transform,
      { timeout },
    );
  // onShow: scale and rotate over 1000 ms, then translate(30) over the next 1000 ms.
  await reaches('scale(2, 2) rotate(45deg)');
  await reaches('scale(2, 2) rotate(45deg) translate(30px, 0px)');
  const data = await page.evaluate(() => getCurrentPages().at(-1).data.animationData);
  assert.deepEqual(
    data.actions[0].animates.map((a) => a.type),
    ['scale', 'rotate', 'translate'],
  );
  assert.deepEqual(data.actions[0].option.transition, {
    duration: 1000,
    timingFunction: 'ease',
    delay: 0,
  });
  // The same transforms again: nothing moves.
  await page.click('#rotateAndScale');
  await page.click('#rotateThenScale');
  await page.click('#rotateAndScaleThenTranslate');
  await reaches('scale(2, 2) rotate(45deg) translate(100px, 100px)', 5000);
  const last = await page.evaluate(() =>
    getCurrentPages()
      .at(-1)
      .data.animationData.actions.map((a) => a.option.transition.duration),
  );
  assert.deepEqual(last, [1000, 1000]);
  assert.deepEqual(
    page.logs.filter((line) => typeof line === 'string' && line.startsWith('pageerror')),
    [],
  );
  await context.close();
});
