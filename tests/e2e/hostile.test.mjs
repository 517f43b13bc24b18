// Hostile input: every wx function (both profiles) and every method of the objects they
// return is fed values that throw when read (Proxies, revoked Proxies, throwing getters),
// junk and oversized values. After each call the wasm shadow stack must be where it was
// (an exception that unwound through Rust frames leaves it moved, and a few thousand of
// those corrupt the instance); every call settles exactly once; async calls never throw;
// sync calls throw only `Error`s carrying `name:fail`. Then every function still works.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, openSimulator, seeded } from './support.mjs';

let browser;
let page;
before(async () => {
  browser = await launch();
  page = await openSimulator(await browser.newContext());
  // A person closes each file picker without choosing (the input's cancel event).
  page.on('filechooser', (chooser) => chooser.setFiles([]).catch(() => {}));
  await page.evaluate(installWalker);
  await page.evaluate(`globalThis.seeded = ${seeded}`);
});
after(() => browser?.close());

/** Runs in the page: defines globalThis.hostile, the walker and its values. */
function installWalker() {
  const boom = () => {
    throw new Error('hostile trap');
  };
  const traps = {
    get: boom,
    set: boom,
    has: boom,
    ownKeys: boom,
    getOwnPropertyDescriptor: boom,
    getPrototypeOf: boom,
    defineProperty: boom,
    deleteProperty: boom,
    apply: boom,
    construct: boom,
  };
  const revoked = (target) => {
    const { proxy, revoke } = Proxy.revocable(target, {});
    revoke();
    return proxy;
  };
  const cyclic = { name: 'cycle' };
  cyclic.self = cyclic;
  const cyclicArray = [1];
  cyclicArray.push(cyclicArray);
  let deep = {};
  for (let i = 0; i < 20000; i++) deep = { deep };
  const throwingElement = [1, 2];
  Object.defineProperty(throwingElement, 0, { get: boom, enumerable: true });

  // Cheap to pass many times.
  const cheap = [
    new Proxy({}, traps),
    new Proxy([], traps),
    new Proxy(() => {}, traps),
    revoked({}),
    revoked([]),
    revoked(() => {}),
    {
      get x() {
        throw new Error('getter');
      },
    },
    throwingElement,
    [new Proxy({}, traps), 'a'],
    { toString: boom, valueOf: boom, [Symbol.toPrimitive]: boom },
    {
      get [Symbol.toStringTag]() {
        throw new Error('tag');
      },
    },
    new Proxy(new Date(), {}),
    new Proxy(new ArrayBuffer(8), {}),
    new Proxy(['a', 'b'], {}),
    cyclic,
    cyclicArray,
    deep,
    Symbol('s'),
    10n,
    NaN,
    Infinity,
    -0,
    -1,
    1e300,
    null,
    undefined,
    '',
    'x',
    true,
    () => 1,
    new ArrayBuffer(0),
    new Uint8Array(4),
    Object.create(null),
    new Date(NaN),
    { url: new Proxy({}, traps), key: { toString: boom } },
  ];
  // Oversized: passed once per function and place.
  const big = 'x'.repeat((1.1 * 2 ** 20) | 0); // over storage's 1 MB a key
  const path = 'x'.repeat(2 ** 21); // URLs over Chromium's 2 MiB
  const manyKeys = new Proxy(
    {},
    {
      ownKeys: () => Array.from({ length: 100000 }, (_, i) => `k${i}`),
      getOwnPropertyDescriptor: () => ({ value: 1, enumerable: true, configurable: true }),
      get: () => 1,
    },
  );
  const oversized = [
    big,
    `http://127.0.0.1:1/${path}`,
    `ws://127.0.0.1:1/${path}`,
    `wxfile://${big}`,
    new Array(1 << 16).fill('a'),
    { [big.slice(0, 1 << 20)]: big },
    manyKeys,
  ];
  // Plausible values for the fields the functions read, so that a call gets past its
  // first field and meets the hostile one further in.
  const plausible = {
    url: 'http://127.0.0.1:1/',
    key: 'hostile-key',
    data: 'value',
    filePath: 'wxfile://nope.png',
    tempFilePath: 'wxfile://nope.png',
    src: 'wxfile://nope.png',
    title: 'title',
    content: 'text',
    itemList: ['a', 'b'],
    urls: ['wxfile://a.png'],
    canvasId: 'nope',
    actions: [],
    phoneNumber: '123',
    latitude: 1,
    longitude: 1,
    dataUrl: '',
    position: 1,
    name: 'file',
    delta: 1,
    header: { a: 'b' },
    method: 'POST',
    count: 1,
    duration: 1,
    sourceType: ['album'],
    sizeType: ['original'],
    timingFunction: 'linear',
    delay: 0,
    transformOrigin: '50% 50%',
  };

  const CALLBACKS = new Set(['success', 'fail', 'complete']);
  const sp = () => globalThis.hostile.stackMark();
  let last = '';

  /** The option fields `fn` reads, learnt by handing it a Proxy that records them. */
  function fieldsRead(fn) {
    const seen = new Set();
    const recorder = new Proxy(
      {},
      {
        get(_, key) {
          if (typeof key === 'string') seen.add(key);
          return undefined;
        },
      },
    );
    try {
      const returned = fn(recorder);
      if (returned instanceof Promise) returned.catch(() => {});
    } catch {
      /* the sync functions throw for missing fields */
    }
    return [...seen].filter((key) => !CALLBACKS.has(key));
  }

  const isSync = (name) => /Sync$/.test(name) || /^(create|on|off)[A-Z]/.test(name);

  class Walker {
    constructor(wx, label, random) {
      this.wx = wx;
      this.label = label;
      this.random = random;
      this.names = Object.keys(wx)
        .filter((name) => typeof wx[name] === 'function')
        .sort();
      this.fields = Object.fromEntries(this.names.map((name) => [name, fieldsRead(wx[name])]));
      this.calls = [];
      this.problems = [];
      this.methods = 0;
    }

    pick(list) {
      return list[Math.floor(this.random() * list.length)];
    }

    /** Options for an async call: hostile as a whole, hostile fields, or a hostile Proxy. */
    options(name, values, record) {
      const callbacks = record
        ? {
            success: (res) => record.push(['success', res]),
            fail: (res) => record.push(['fail', res]),
            complete: (res) => record.push(['complete', res]),
          }
        : {};
      const mode = this.random();
      if (mode < 0.15) {
        if (record) record.unobserved = true; // no callbacks to hear it
        return this.pick(values);
      }
      if (mode < 0.3) {
        return new Proxy(
          {},
          {
            get: (_, key) => (key in callbacks ? callbacks[key] : this.pick(values)),
            has: (_, key) => key in callbacks || this.random() < 0.5,
            ownKeys: boom,
          },
        );
      }
      const options = { ...callbacks };
      const fields = this.fields[name];
      const hostileField = this.pick(fields.length ? fields : ['x']);
      for (const field of fields) {
        if (field in plausible && this.random() < 0.8) options[field] = plausible[field];
      }
      options[hostileField] = this.pick(values);
      if (record && this.random() < 0.1) {
        Object.defineProperty(options, 'success', { get: boom });
        record.successUnreadable = true; // reads as absent: fail or nothing, then complete
      }
      return options;
    }

    /** One call of wx[name]; checks the stack, what was thrown, and keeps the record. */
    call(name, values) {
      last = name;
      const fn = this.wx[name];
      const before = sp();
      let returned;
      let record = null;
      try {
        if (isSync(name)) {
          returned = fn(this.pick(values), this.pick(values));
        } else {
          const withCallbacks = this.label === 'seed' || this.random() < 0.5;
          record = [];
          returned = fn(this.options(name, values, withCallbacks ? record : null));
          if (returned instanceof Promise) {
            returned.then(
              (res) => record.push(['resolve', res]),
              (res) => record.push(['reject', res]),
            );
            record.promise = true;
            record.unobserved = false;
          } else if (!withCallbacks) {
            record = null; // a task API: settles only through callbacks
          }
        }
      } catch (error) {
        if (!isSync(name)) this.problem(name, `the async call threw ${describe(error)}`);
        else if (!(error instanceof Error) || !error.message.includes(`${name}:fail`)) {
          this.problem(name, `threw ${describe(error)} instead of an Error with ${name}:fail`);
        }
      }
      const after = sp();
      if (after !== before) this.problem(name, `the wasm stack moved by ${after - before} bytes`);
      if (record) this.calls.push({ name, record });
      return returned;
    }

    /** Calls each method of an object a wx function returned (tasks, contexts, animations). */
    poke(object, values, arity = 3) {
      if (!object || typeof object !== 'object') return;
      for (const key of Object.keys(object)) {
        if (typeof object[key] !== 'function' || key === 'offProgressUpdate') continue;
        last = `${last} .${key}`;
        const before = sp();
        const args = Array.from({ length: arity }, () => this.pick(values));
        try {
          object[key](...args);
        } catch (error) {
          if (!(error instanceof Error) || error instanceof WebAssembly.RuntimeError) {
            this.problem(`.${key}`, `threw ${describe(error)}`);
          }
        }
        const moved = sp() - before;
        if (moved)
          this.problem(
            `.${key}`,
            `the wasm stack moved by ${moved} bytes (values ${args.map((a) => values.indexOf(a))})`,
          );
        this.methods++;
      }
    }

    problem(name, text) {
      if (this.problems.length < 50) this.problems.push(`${this.label} ${name}: ${text}`);
    }

    /** `count` calls round-robin over the functions with cheap hostile values. */
    storm(count, skip) {
      const names = this.names.filter((name) => !skip.includes(name));
      const spent = {};
      for (let i = 0; i < count && this.problems.length < 50; i++) {
        const name = names[i % names.length];
        const start = performance.now();
        const returned = this.call(name, cheap);
        if (i % 7 === 0) this.poke(returned, cheap);
        spent[name] = (spent[name] ?? 0) + performance.now() - start;
      }
      this.slowestStorm = Object.entries(spent)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 4)
        .map(([name, ms]) => [Math.round(ms), name]);
    }

    /** Every function once with each oversized value. */
    oversize(skip) {
      this.slowest = [];
      for (const name of this.names.filter((name) => !skip.includes(name))) {
        const start = performance.now();
        for (const value of oversized) {
          if (this.problems.length >= 50) return;
          const returned = this.call(name, [value]);
          // The long URLs matter to the functions' options, not to their objects' methods.
          if (typeof value !== 'string' || !value.includes('://')) this.poke(returned, [value], 1);
        }
        this.slowest.push([Math.round(performance.now() - start), name]);
      }
      this.slowest = this.slowest.sort((a, b) => b[0] - a[0]).slice(0, 5);
    }

    /** The calls that did not settle exactly once (one outcome, then complete). */
    unsettled() {
      const wrong = [];
      for (const { name, record } of this.calls) {
        if (record.unobserved) continue;
        const kinds = record.map(([kind]) => kind).join(',');
        const ok = record.promise
          ? kinds === 'resolve' || kinds === 'reject'
          : kinds === 'success,complete' ||
            kinds === 'fail,complete' ||
            (record.successUnreadable && kinds === 'complete');
        if (!ok) wrong.push(`${this.label} ${name}: ${kinds || 'never settled'}`);
      }
      return wrong;
    }
  }

  function describe(error) {
    try {
      return error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error);
    } catch {
      return 'an unprintable value';
    }
  }

  const rejections = [];
  addEventListener('unhandledrejection', (event) => {
    let text;
    try {
      text = event.reason?.errMsg ?? String(event.reason);
    } catch {
      text = 'unprintable';
    }
    if (rejections.length < 20) rejections.push(text);
  });
  /** Runs in the page: every async function once with plausible options; its answers. */
  function answerAll(wx) {
    const names = Object.keys(wx).filter((name) => typeof wx[name] === 'function' && !isSync(name));
    return Promise.all(
      names.map(
        (name) =>
          new Promise((resolve) => {
            const timer = setTimeout(() => resolve(`${name}: no answer`), 8000);
            const done = (res) => {
              clearTimeout(timer);
              resolve(res.errMsg);
            };
            const options = { success: done, fail: done };
            for (const field of fieldsRead(wx[name])) {
              if (field in plausible) options[field] = plausible[field];
            }
            if (name === 'navigateBack') options.delta = 0;
            try {
              wx[name](options);
            } catch (error) {
              done({ errMsg: `${name} threw ${describe(error)}` });
            }
            if (name === 'startRecord') setTimeout(() => wx.stopRecord(), 200);
          }),
      ),
    );
  }

  globalThis.hostile = { Walker, cheap, oversized, last: () => last, rejections, answerAll };
}

/** Runs in the page: the walkers for both profiles, sharing the page's wasm instance. */
async function prepare() {
  const module = await import(new URL('/pkg/wxweb.js', location.href).href);
  globalThis.hostile.stackMark = module.stackMark;
  const before = module.stackMark();
  return before > 0 && before === module.stackMark();
}

// Functions that wait for a person (a picker, a sheet, a dialog) are walked too; after
// the walk the test closes whatever they opened, as a person would, before counting.
async function dismissEverything(presses = 20) {
  for (let i = 0; i < presses; i++) await page.keyboard.press('Escape');
  await page.evaluate(() => {
    for (const stop of ['stopRecord', 'stopVoice', 'stopBackgroundAudio', 'hideToast']) {
      try {
        wx[stop]({});
      } catch {
        /* checked elsewhere */
      }
    }
  });
}

/** Runs in the page: `count` storm calls and the oversized pass, for both profiles. */
async function walk({ seed, count }) {
  const { Walker, stackMark } = globalThis.hostile;
  const module = await import(new URL('/pkg/wxweb.js', location.href).href);
  const modern = await module.createWx({ appid: 'hostile-modern', profile: 'modern' });
  const walkers = [
    new Walker(wx, 'seed', seeded(seed)),
    new Walker(modern, 'modern', seeded(seed + 1)),
  ];
  // Navigation would leave the page under test; it is walked with junk urls separately.
  const skip = ['navigateBack'];
  const start = performance.now();
  const times = {};
  try {
    for (const walker of walkers) {
      let lap = performance.now();
      walker.storm(count / walkers.length, skip);
      times[`${walker.label} storm`] = Math.round(performance.now() - lap);
      lap = performance.now();
      walker.oversize(skip);
      times[`${walker.label} oversized`] = Math.round(performance.now() - lap);
    }
  } catch (error) {
    throw new Error(
      `${error.message} (after ${globalThis.hostile.last()}; ${walkers.flatMap((w) => w.problems).join('; ')})`,
    );
  }
  globalThis.hostile.walkers = walkers;
  return {
    slowest: walkers.map((w) => [w.slowestStorm, w.slowest]),
    times,
    ms: Math.round(performance.now() - start),
    calls: walkers.reduce((sum, w) => sum + w.calls.length, 0),
    methods: walkers.reduce((sum, w) => sum + w.methods, 0),
    problems: walkers.flatMap((w) => w.problems),
    stack: stackMark(),
  };
}

/** Runs in the page: the calls that have not settled exactly once yet. */
function unsettled() {
  return globalThis.hostile.walkers.flatMap((walker) => walker.unsettled());
}

/** Runs in the page: ordinary calls after the walk, each with its expected outcome. */
async function stillWorks() {
  const results = {};
  const call = (name, options) =>
    new Promise((resolve) => {
      setTimeout(() => resolve(`${name}: no answer in 10 s`), 10000);
      wx[name]({
        ...options,
        success: (res) => resolve(res.errMsg),
        fail: (res) => resolve(res.errMsg),
      });
    });
  wx.setStorageSync('after', { n: 1 });
  results.getStorageSync = JSON.stringify(wx.getStorageSync('after'));
  results.getSystemInfoSync = typeof wx.getSystemInfoSync().windowWidth;
  results.setStorage = await call('setStorage', { key: 'a', data: [1, 2] });
  results.getStorage = await call('getStorage', { key: 'a' });
  results.getStorageInfo = await call('getStorageInfo', {});
  results.request = await call('request', {
    url: new URL('/__wxweb/test/echo', location.href).href,
  });
  results.getNetworkType = await call('getNetworkType', {});
  results.showToast = await call('showToast', { title: 'ok', duration: 10 });
  results.showActionSheet = await Promise.race([
    call('showActionSheet', { itemList: ['a'] }),
    new Promise((resolve) => setTimeout(() => resolve('open'), 200)),
  ]);
  results.createAnimation = typeof wx.createAnimation().opacity(1).step().export().actions;
  const context = wx.createContext();
  context.fillRect(0, 0, 1, 1);
  results.createContext = context.getActions().length;
  results.getSavedFileList = await call('getSavedFileList', {});
  results.connectSocket = await call('connectSocket', {
    url: new URL('/__wxweb/test/ws', location.href).href.replace('http', 'ws'),
  });
  return results;
}

test('hostile values never unwind through wasm, and every call settles exactly once', async () => {
  assert.equal(await page.evaluate(prepare), true, 'stackMark() reads the same twice');
  const seed = Number(process.env.HOSTILE_SEED ?? Date.now() % 100000);
  const count = Number(process.env.HOSTILE_CALLS ?? 100000);
  const walked = await page.evaluate(walk, { seed, count });
  console.log(
    `# seed ${seed}: ${walked.calls} async calls recorded, ${walked.methods} method calls, ${walked.ms} ms (${JSON.stringify(walked.times)}); slowest storm, oversized: ${JSON.stringify(walked.slowest)}`,
  );
  assert.deepEqual(walked.problems, [], `seed ${seed}`);

  const overlays = await page.evaluate(() =>
    [...document.querySelectorAll('#device-screen > *, body > *')].reduce((count, el) => {
      count[el.className || el.tagName] = (count[el.className || el.tagName] ?? 0) + 1;
      return count;
    }, {}),
  );
  console.log(`# after the walk: ${JSON.stringify(overlays)}`);
  let lap = Date.now();
  await dismissEverything();
  console.log(`# dismissed in ${Date.now() - lap} ms`);
  lap = Date.now();
  let left = await page.evaluate(unsettled);
  // chooseLocation opens its map once the position is known (up to 3 s later).
  for (let i = 0; i < 50 && left.length; i++) {
    await page.waitForTimeout(200);
    await dismissEverything(2);
    left = await page.evaluate(unsettled);
  }
  console.log(`# settled in ${Date.now() - lap} ms`);
  assert.deepEqual(
    left.slice(0, 20),
    [],
    `seed ${seed}: ${left.length} calls did not settle exactly once`,
  );

  await dismissEverything();
  lap = Date.now();
  const works = await page.evaluate(stillWorks);
  console.log(`# ordinary calls answered in ${Date.now() - lap} ms`);
  assert.deepEqual(works, {
    getStorageSync: '{"n":1}',
    getSystemInfoSync: 'number',
    setStorage: 'setStorage:ok',
    getStorage: 'getStorage:ok',
    getStorageInfo: 'getStorageInfo:ok',
    request: 'request:ok',
    getNetworkType: 'getNetworkType:ok',
    showToast: 'showToast:ok',
    showActionSheet: 'open',
    createAnimation: 'object',
    createContext: 1,
    getSavedFileList: 'getSavedFileList:ok',
    connectSocket: 'connectSocket:ok',
  });
  // Every async function still answers a plausible call (a person closing what opens).
  lap = Date.now();
  let answered = false;
  const answering = page
    .evaluate(() => globalThis.hostile.answerAll(wx))
    .finally(() => {
      answered = true;
    });
  for (let i = 0; i < 40 && !answered; i++) {
    await page.waitForTimeout(250);
    await dismissEverything(1);
  }
  const answers = await answering;
  console.log(`# every function answered in ${Date.now() - lap} ms`);
  assert.deepEqual(
    answers.filter((answer) => !/^\w+:(ok|fail)/.test(answer)),
    [],
    'every function answers',
  );
  assert.ok(answers.length >= 45, `${answers.length} async functions answered`);

  assert.deepEqual(
    await page.evaluate(() => globalThis.hostile.rejections),
    [],
    'unhandled rejections',
  );
  assert.deepEqual(
    page.logs.filter((line) => typeof line === 'string' && line.startsWith('pageerror')),
    [],
  );
});

test('a request whose data throws takes no slot: later requests still run (both profiles)', async () => {
  const results = await page.evaluate(async () => {
    const { createWx } = await import(new URL('/pkg/wxweb.js', location.href).href);
    const modern = await createWx({ appid: 'hostile-slots', profile: 'modern' });
    const echo = new URL('/__wxweb/test/echo', location.href).href;
    const out = {};
    for (const [label, api] of [
      ['seed', wx],
      ['modern', modern],
    ]) {
      const failures = [];
      for (let i = 0; i < 12; i++) {
        api.request({
          url: echo,
          method: 'GET',
          data: {
            get x() {
              throw new Error(`getter ${i}`);
            },
          },
          fail: (res) => failures.push(res.errMsg),
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      out[label] = {
        failures: [...new Set(failures)],
        count: failures.length,
        after: await new Promise((resolve) =>
          api.request({
            url: echo,
            success: (res) => resolve(res.statusCode),
            fail: (res) => resolve(res.errMsg),
          }),
        ),
      };
    }
    return out;
  });
  const texts = Array.from(
    { length: 12 },
    (_, i) => `request:fail parameter error: parameter.data threw: getter ${i};`,
  );
  for (const label of ['seed', 'modern']) {
    assert.deepEqual(results[label], { failures: texts, count: 12, after: 200 }, label);
  }
});

test('a 2 MiB WebSocket url fails cleanly instead of crashing the renderer', async () => {
  const result = await page.evaluate(
    () =>
      new Promise((resolve) =>
        wx.connectSocket({
          url: `ws://127.0.0.1:1/${'x'.repeat(2 ** 21)}`,
          success: () => resolve('success'),
          fail: (res) => resolve(res.errMsg),
        }),
      ),
  );
  assert.match(
    result,
    /^connectSocket:fail invalid url "ws:\/\/127\.0\.0\.1:1\/x{10}.*…" \(longer than 1048576 characters\)$/,
  );
  const viaData = await page.evaluate(
    () =>
      new Promise((resolve) =>
        wx.connectSocket({
          url: 'ws://127.0.0.1:1/',
          data: { q: 'y'.repeat(2 ** 21) },
          fail: (res) => resolve(res.errMsg),
        }),
      ),
  );
  assert.match(
    viaData,
    /^connectSocket:fail invalid url "ws:\/\/127\.0\.0\.1:1\/\?q=y{10}.*…" \(longer than 1048576 characters\)$/,
  );
  assert.equal(await page.evaluate(() => typeof wx.getSystemInfoSync().windowWidth), 'number');
});

test('one picker at a time: a second chooseImage fails at once, the first still answers', async () => {
  const chooser = page.waitForEvent('filechooser');
  const outcome = page.evaluate(() => {
    const answers = [];
    const record = (name) => ({
      fail: (res) => answers.push(`${name} ${res.errMsg}`),
      success: () => answers.push(`${name} ok`),
    });
    wx.chooseImage(record('first'));
    wx.chooseVideo(record('second'));
    wx.chooseImage(record('third'));
    return new Promise((resolve) => setTimeout(() => resolve(answers), 1500));
  });
  await (await chooser).setFiles([]);
  assert.deepEqual((await outcome).sort(), [
    'first chooseImage:fail cancel',
    'second chooseVideo:fail another chooseImage or chooseVideo is in progress',
    'third chooseImage:fail another chooseImage or chooseVideo is in progress',
  ]);
});

test('setData with values that throw throws an Error and the page goes on', async () => {
  const result = await page.evaluate(async () => {
    const { stackMark } = await import(new URL('/pkg/wxweb.js', location.href).href);
    const current = getCurrentPages().pop();
    const { proxy: revoked, revoke } = Proxy.revocable({}, {});
    revoke();
    const before = stackMark();
    const thrown = [];
    for (const data of [
      new Proxy(
        {},
        {
          ownKeys() {
            throw new Error('keys trap');
          },
        },
      ),
      {
        a: {
          get b() {
            throw new Error('getter');
          },
        },
      },
      { list: [new Proxy(new Date(), {})] },
      revoked,
    ]) {
      try {
        current.setData(data);
        thrown.push('nothing');
      } catch (error) {
        thrown.push(error instanceof Error ? error.message : 'not an Error');
      }
    }
    current.setData({ fine: 1 });
    return { thrown, moved: stackMark() - before, fine: current.data.fine };
  });
  assert.deepEqual(result, {
    thrown: [
      'setData: keys trap',
      'setData: getter',
      'setData: this is not a Date object.',
      "setData: Cannot perform 'IsArray' on a proxy that has been revoked",
    ],
    moved: 0,
    fine: 1,
  });
});

test('chooseImage long after the last tap fails at once, and frees the picker', async () => {
  // Playwright's evaluate counts as a tap; the browser forgets it after about 5 s.
  const answers = await page.evaluate(
    () =>
      new Promise((resolve) =>
        setTimeout(() => {
          const got = [];
          const record = (then) => ({
            fail: (res) => {
              got.push(res.errMsg);
              then();
            },
            success: () => {
              got.push('success');
              then();
            },
          });
          // Once the first has answered, the picker is free for the next.
          wx.chooseImage(record(() => wx.chooseVideo(record(() => resolve(got)))));
        }, 5500),
      ),
  );
  assert.deepEqual(answers, [
    'chooseImage:fail the browser opens a file picker only in answer to a tap',
    'chooseVideo:fail the browser opens a file picker only in answer to a tap',
  ]);
});
