// wx.login end to end on a fixture mini program (fixtures/login) whose app.js is the
// seed's login example: the page logs in at launch and sends the code to its developer's
// server, https://test.com/onLogin. The test plays that developer server (a Playwright
// route on the page's proxied request): it calls wxweb serve's /sns/jscode2session over
// HTTP with the project's appid and secret, keeps the session key, and answers the page
// with the openid. Checked: the openid reaches the page, each WeChat errcode, reuse,
// expiry on the server's test clock, the rate limit, and that no response the page
// receives carries a session key.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { launch, openSimulator, startServer } from './support.mjs';

const APPID = 'wxloginfixture';
const SECRET = 'fixture-secret'; // project.config.json's appsecret

let browser;
let server;
let context;
let page;
const sessionKeys = [];
const pageBodies = []; // promises of every response body the page received
const jsonBodies = []; // … of those that are JSON (the simulator's scripts name session_key)

before(async () => {
  browser = await launch();
  const fixture = fileURLToPath(new URL('fixtures/login', import.meta.url));
  server = await startServer([fixture, '--test-clock']);
  context = await browser.newContext();
  await context.route(
    (url) =>
      url.pathname === '/__wxweb/proxy' &&
      (url.searchParams.get('url') ?? '').startsWith('https://test.com/onLogin'),
    developerServer,
  );
  context.on('response', (response) => {
    // The live-reload event stream never ends: its body would never come.
    if (new URL(response.url()).pathname === '/__wxweb/events') return;
    const body = response.body().then(String, () => '');
    pageBodies.push(body);
    if (response.headers()['content-type']?.startsWith('application/json')) jsonBodies.push(body);
  });
  page = await openSimulator(context, '', server.url);
});
after(async () => {
  await browser?.close();
  server?.stop();
});

/** The developer's server: exchanges the code and answers with the openid only. */
async function developerServer(route) {
  const target = new URL(new URL(route.request().url()).searchParams.get('url'));
  const session = await exchange(target.searchParams.get('code'));
  const answer = session.openid
    ? { openid: session.openid }
    : { errcode: session.errcode, errmsg: session.errmsg };
  await route.fulfill({
    status: 200,
    contentType: 'application/json',
    body: JSON.stringify(answer),
  });
}

/** GET /sns/jscode2session as a developer's server calls it; keeps any session key. */
async function exchange(
  code,
  { appid = APPID, secret = SECRET, grantType = 'authorization_code' } = {},
) {
  const query = new URLSearchParams({ appid, secret, js_code: code });
  if (grantType !== null) query.set('grant_type', grantType);
  const response = await fetch(new URL(`sns/jscode2session?${query}`, server.url));
  assert.equal(response.status, 200);
  const body = await response.json();
  if (body.session_key) sessionKeys.push(body.session_key);
  return body;
}

/** wx.login in the page: [which callback, result]. */
function login() {
  return page.evaluate(
    () =>
      new Promise((resolve) =>
        wx.login({
          success: (res) => resolve(['success', res]),
          fail: (res) => resolve(['fail', res]),
        }),
      ),
  );
}

async function code() {
  const [which, res] = await login();
  assert.equal(which, 'success', res.errMsg);
  return res.code;
}

const advanceClock = (ms) =>
  fetch(new URL(`__wxweb/test/clock?advance=${ms}`, server.url), { method: 'POST' });

test("the seed's login example: the page gets the openid through its developer server", async () => {
  const shown = page.locator('#openid');
  await assert.doesNotReject(() =>
    shown.filter({ hasText: /^o[\w-]{27}$/ }).waitFor({ timeout: 5000 }),
  );
  const openid = await shown.textContent();
  assert.deepEqual(await page.evaluate(() => getApp().globalData.login), { openid });
  assert.equal(sessionKeys.length, 1, 'the developer server got a session key');
  // The same user in the same app: the same openid at every login.
  assert.equal((await exchange(await code())).openid, openid);
});

test('wx.login gives a fresh 32-character code and login:ok, nothing else', async () => {
  const [which, res] = await login();
  assert.equal(which, 'success');
  assert.deepEqual(Object.keys(res).sort(), ['code', 'errMsg']);
  assert.equal(res.errMsg, 'login:ok');
  assert.match(res.code, /^[0-9A-Za-z]{32}$/);
  assert.notEqual(res.code, await code());
});

test("jscode2session answers WeChat's errcodes", async () => {
  const fresh = await code();
  const cases = [
    [await exchange('not-a-code'), 40029, 'invalid code'],
    [await exchange(fresh, { secret: 'guess' }), 40125, 'invalid appsecret'],
    [await exchange(fresh, { appid: 'wxsomeoneelse' }), 40013, 'invalid appid'],
    [await exchange(fresh, { grantType: null }), 40002, 'invalid grant_type'],
    [await exchange(fresh, { grantType: 'client_credential' }), 40002, 'invalid grant_type'],
  ];
  for (const [body, errcode, errmsg] of cases) assert.deepEqual(body, { errcode, errmsg });
  // None of the refusals used the code up; it works once, then it has been used.
  const session = await exchange(fresh);
  assert.match(session.openid, /^o/);
  assert.equal(session.expires_in, 2592000);
  assert.match(session.session_key, /^[A-Za-z0-9+/]{22}==$/);
  assert.deepEqual(await exchange(fresh), { errcode: 40163, errmsg: 'code been used' });
});

test('a code expires 5 minutes after wx.login (the server runs with a test clock)', async () => {
  const old = await code();
  await advanceClock(299_999);
  const young = await code();
  assert.ok((await exchange(old)).openid, 'still valid 1 ms before 5 minutes');
  const stale = await code();
  await advanceClock(300_000);
  assert.deepEqual(await exchange(stale), { errcode: 40029, errmsg: 'invalid code' });
  assert.deepEqual(await exchange(young), { errcode: 40029, errmsg: 'invalid code' });
});

test('more than 100 exchanges a minute for one user: 45011, and the code still works after the minute', async () => {
  await advanceClock(60_000); // a fresh window
  const codes = await page.evaluate(() =>
    Promise.all(
      Array.from(
        { length: 101 },
        () =>
          new Promise((resolve) => {
            wx.login({ success: (res) => resolve(res.code), fail: (res) => resolve(res.errMsg) });
          }),
      ),
    ),
  );
  for (const one of codes.slice(0, 100)) assert.ok((await exchange(one)).openid);
  const limited = await exchange(codes[100]);
  assert.equal(limited.errcode, 45011);
  await advanceClock(60_000);
  assert.ok((await exchange(codes[100])).openid);
});

test('no response the page received carries a session key', async () => {
  const bodies = await Promise.all(pageBodies);
  assert.ok(
    bodies.some((body) => body.includes('"code"')),
    'the login responses were seen',
  );
  assert.ok(
    bodies.some((body) => body.includes('"openid"')),
    "the developer server's answers were seen",
  );
  assert.ok(sessionKeys.length > 100);
  assert.ok(jsonBodies.length > 0, 'JSON answers were seen');
  for (const body of await Promise.all(jsonBodies)) assert.ok(!body.includes('session_key'));
  for (const body of bodies) {
    for (const key of sessionKeys) assert.ok(!body.includes(key), 'a session key reached the page');
  }
});
