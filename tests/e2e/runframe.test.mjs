// The playground's run frame: the simulator opened with ?files=parent in an iframe runs
// the project its parent page posts (nothing is requested from app/), images as blob:
// URLs, miniprogramRoot honoured; it tells the parent its mode, errors (with the file's
// path in the project), pages shown and the launch's end; it keeps the page stack over a
// reload; it takes files only from its parent on its own origin. Without a server (a
// plain static server over dist/) wx.login is answered in the page, with single-use
// codes; under `wxweb serve` the server is used.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from './static-server.mjs';
import { launch, startServer } from './support.mjs';

const DIST = process.env.WXWEB_DIST ?? fileURLToPath(new URL('../../dist/', import.meta.url));
// A 4×3 red PNG.
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAQAAAADCAYAAAC09K7GAAAAEklEQVR4nGP4z8DwHxkzEBQAAGHtF+mRbBMEAAAAAElFTkSuQmCC';

const PROJECT = {
  'project.config.json': JSON.stringify({ appid: 'wxplayground1', miniprogramRoot: 'mp/' }),
  'mp/app.json': JSON.stringify({ pages: ['pages/index/index', 'pages/next/next'] }),
  'mp/app.js': 'App({ globalData: { from: "memory" } })',
  'mp/pages/index/index.js': 'Page({ data: { n: 1 } })',
  'mp/pages/index/index.wxml':
    '<view id="hello">n = {{n}}, {{"from " + "memory"}}</view><image id="pic" src="/img/red.png" style="width:40px;height:30px"></image>',
  'mp/pages/index/index.wxss': '#hello { color: rgb(1, 2, 3); }',
  'mp/pages/next/next.js': 'Page({ onLoad: function (q) { this.setData({ q: q.x }) } })',
  'mp/pages/next/next.wxml': '<view id="next">next {{q}}</view>',
  'mp/img/red.png': { base64: PNG, type: 'image/png' },
};

let browser;
let site;
let served;
before(async () => {
  assert.ok(existsSync(`${DIST}/index.html`), `no static build at ${DIST}: cargo xtask build`);
  browser = await launch();
  site = await startStaticServer(DIST);
  served = await startServer([]);
});
after(async () => {
  await browser?.close();
  await site?.stop();
  await served?.stop();
});

/**
 * Opens a page of `base`'s origin that embeds the run frame, answering its requests for
 * files with `project` (`{base64, type}` values become Blobs) and recording its messages
 * in `messages`; resolves once the frame says its launch settled.
 */
async function openFrame(base, project = PROJECT, query = '') {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(new URL('no-such-page', base).href); // any page of the origin
  await page.evaluate(
    ({ project, src }) => {
      globalThis.messages = [];
      globalThis.asked = 0;
      const files = (globalThis.files = {});
      for (const [path, value] of Object.entries(project)) {
        files[path] =
          typeof value === 'string'
            ? value
            : new Blob([Uint8Array.from(atob(value.base64), (c) => c.charCodeAt(0))], {
                type: value.type,
              });
      }
      const frame = document.createElement('iframe');
      frame.id = 'run-frame';
      frame.style.cssText = 'width: 1200px; height: 900px; border: 0';
      addEventListener('message', (event) => {
        if (event.source !== frame.contentWindow) return;
        if (event.data?.type === 'wxweb:files?') {
          globalThis.asked += 1;
          frame.contentWindow.postMessage(
            { type: 'wxweb:files', files: globalThis.files },
            location.origin,
          );
        } else {
          globalThis.messages.push(event.data);
        }
      });
      frame.src = src;
      document.body.replaceChildren(frame);
    },
    { project, src: new URL(`?files=parent${query}`, base).href },
  );
  await launched(page, 1);
  return { context, page, frame: page.frameLocator('#run-frame') };
}

/** Waits until the frame has said `count` times that its launch settled. */
async function launched(page, count) {
  await page.waitForFunction(
    (count) => globalThis.messages.filter((m) => m.type === 'wxweb:launched').length >= count,
    count,
    { timeout: 15000 },
  );
}

const messages = (page, type) =>
  page.evaluate((type) => globalThis.messages.filter((m) => m.type === type), type);

test('the frame runs the posted project from memory, nothing fetched from app/', async () => {
  const from = site.served.length;
  const { context, page, frame } = await openFrame(site.url);
  const hello = frame.locator('wx-page:not([hidden]) #hello');
  assert.equal(await hello.textContent(), 'n = 1, from memory');
  assert.equal(await hello.evaluate((el) => getComputedStyle(el).color), 'rgb(1, 2, 3)');
  const image = await frame.locator('wx-page:not([hidden]) #pic img').evaluate((img) => ({
    src: img.currentSrc,
    width: img.naturalWidth,
    height: img.naturalHeight,
  }));
  assert.match(image.src, /^blob:/);
  assert.deepEqual([image.width, image.height], [4, 3]);
  assert.deepEqual(await messages(page, 'wxweb:mode'), [{ type: 'wxweb:mode', served: false }]);
  assert.deepEqual(await messages(page, 'wxweb:launched'), [{ type: 'wxweb:launched', ok: true }]);
  const [ready] = await messages(page, 'wxweb:pageready');
  assert.equal(ready.detail.route, 'pages/index/index');
  const appid = await page.evaluate(() =>
    document.querySelector('#run-frame').contentWindow.eval('wxSimulator.appid'),
  );
  assert.equal(appid, 'wxplayground1', "project.config.json's appid");
  const fetched = site.served.slice(from).map((entry) => entry.path);
  assert.deepEqual(
    fetched.filter((path) => path.startsWith('/app/')),
    [],
    'no file of app/ requested',
  );
  await context.close();
});

test('errors reach the parent with the path in the project', async () => {
  const broken = {
    ...PROJECT,
    'mp/pages/next/next.js': 'Page({ onLoad: function (q) { this.setData({ q: q.x }) }\n',
  };
  const { context, page } = await openFrame(site.url, broken);
  const errors = await messages(page, 'wxweb:error');
  assert.equal(errors.length, 1, JSON.stringify(errors));
  const [{ detail }] = errors;
  assert.equal(detail.type, 'compile');
  assert.equal(detail.file, 'mp/pages/next/next.js');
  assert.deepEqual([detail.line, detail.column], [1, 57], 'the end of the unclosed call');
  assert.match(detail.frame, /> 1 \| Page\(/);
  await context.close();
});

test('a re-run (the frame reloads, asks again) shows the new files on the same stack', async () => {
  const { context, page, frame } = await openFrame(site.url);
  await page.evaluate(() =>
    document
      .querySelector('#run-frame')
      .contentWindow.eval("wx.navigateTo({ url: '/pages/next/next?x=7' })"),
  );
  const next = frame.locator('wx-page:not([hidden]) #next');
  await next.waitFor();
  assert.equal(await next.textContent(), 'next 7');
  const changed = Object.fromEntries(
    Object.entries({
      ...PROJECT,
      'mp/pages/next/next.wxml': '<view id="next">after {{q}}</view>',
    }).filter(([, value]) => typeof value === 'string'),
  );
  await page.evaluate((changed) => {
    globalThis.files = changed;
    document.querySelector('#run-frame').contentWindow.location.reload();
  }, changed);
  await launched(page, 2);
  assert.equal(await page.evaluate(() => globalThis.asked), 2);
  assert.equal(await frame.locator('wx-page:not([hidden]) #next').textContent(), 'after 7');
  const stack = await page.evaluate(() =>
    document
      .querySelector('#run-frame')
      .contentWindow.getCurrentPages()
      .map((p) => p.route),
  );
  assert.deepEqual(stack, ['pages/index/index', 'pages/next/next']);
  await context.close();
});

test('without a server, wx.login gets single-use codes from the page', async () => {
  const { context, page } = await openFrame(site.url);
  const result = await page.evaluate(async () => {
    const run = document.querySelector('#run-frame').contentWindow;
    const login = () => new Promise((resolve) => run.wx.login({ complete: resolve }));
    const first = await login();
    const second = await login();
    const server = run.wxweb.loginServer;
    const exchange = (js_code, appid = 'wxplayground1') =>
      server.jscode2session({ appid, js_code, grant_type: 'authorization_code' });
    return {
      first,
      second,
      session: await exchange(first.code),
      again: await exchange(first.code),
      otherApp: await exchange(second.code, 'wxother'),
      unknown: await exchange('x'.repeat(32)),
      missing: await exchange(''),
    };
  });
  assert.equal(result.first.errMsg, 'login:ok');
  assert.match(result.first.code, /^[0-9A-Za-z]{32}$/);
  assert.notEqual(result.first.code, result.second.code);
  assert.match(result.session.openid, /^o[0-9A-Za-z_-]{27}$/);
  assert.match(result.session.session_key, /^[A-Za-z0-9+/]{22}==$/);
  assert.equal(result.session.expires_in, 2592000);
  assert.deepEqual(result.again, { errcode: 40163, errmsg: 'code been used' });
  assert.deepEqual(result.otherApp, { errcode: 40029, errmsg: 'invalid code' });
  assert.deepEqual(result.unknown, { errcode: 40029, errmsg: 'invalid code' });
  assert.deepEqual(result.missing, { errcode: 41008, errmsg: 'missing code' });
  await context.close();
});

test('under wxweb serve the frame says so and wx.login asks the server', async () => {
  const { context, page } = await openFrame(served.url);
  assert.deepEqual(await messages(page, 'wxweb:mode'), [{ type: 'wxweb:mode', served: true }]);
  const result = await page.evaluate(async () => {
    const run = document.querySelector('#run-frame').contentWindow;
    const login = await new Promise((resolve) => run.wx.login({ complete: resolve }));
    return { login, simulated: 'loginServer' in run.wxweb };
  });
  assert.equal(result.login.errMsg, 'login:ok');
  assert.equal(result.simulated, false);
  assert.match(result.login.code, /^[0-9A-Za-z]{32}$/);
  await context.close();
});

test('bad paths are left out; another origin can neither ask nor give files', async () => {
  const hostile = { ...PROJECT, '../escape.js': 'throw 1', 'mp//double.js': 'x', '': 'y' };
  const opened = await openFrame(site.url, hostile);
  const hello = opened.frame.locator('wx-page:not([hidden]) #hello');
  assert.equal(await hello.textContent(), 'n = 1, from memory');
  await opened.context.close();

  // A page of another origin (localhost, not 127.0.0.1) framing the run frame.
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(site.url.replace('127.0.0.1', 'localhost') + 'no-such-page');
  await page.evaluate((src) => {
    globalThis.asked = 0;
    const frame = document.createElement('iframe');
    frame.id = 'run-frame';
    addEventListener('message', (event) => {
      if (event.data?.type !== 'wxweb:files?') return;
      globalThis.asked += 1;
    });
    frame.addEventListener('load', () => {
      const files = { 'app.json': '{"pages":["a"]}', 'a.wxml': '<view id="evil">x</view>' };
      frame.contentWindow.postMessage({ type: 'wxweb:files', files }, '*');
    });
    frame.src = src;
    document.body.replaceChildren(frame);
  }, `${site.url}?files=parent`);
  await page.waitForTimeout(1500);
  assert.equal(await page.evaluate(() => globalThis.asked), 0, 'the ask went to no other origin');
  assert.equal(await page.frameLocator('#run-frame').locator('wx-page').count(), 0);
  await context.close();
});

test('on the static build, the simulator and its run frame ask for nothing missing', async () => {
  const from = site.served.length;
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on('console', (message) => {
    if (['error', 'warning'].includes(message.type())) problems.push(message.text());
  });
  await page.goto(site.url);
  await page.evaluate(() => globalThis.wxReady);
  assert.equal(
    await page.locator('wx-page:not([hidden])').first().getAttribute('data-route'),
    'pages/index/index',
    'the demo runs',
  );
  await page.waitForTimeout(300); // any late request (the LAN address) would be in by now
  await context.close();
  const opened = await openFrame(site.url);
  await opened.context.close();
  const missing = site.served
    .slice(from)
    .filter((entry) => entry.status === 404 && entry.path !== '/no-such-page'); // openFrame's host
  assert.deepEqual(missing, []);
  assert.deepEqual(problems, []);
});
