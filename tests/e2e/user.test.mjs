// wx.getUserInfo and authorisation end to end on fixtures/user, the 2016 quick-start
// app: it calls wx.login then wx.getUserInfo at launch, which first asks scope.userInfo on
// the permission sheet. The test plays the developer's server: it exchanges the page's
// code at jscode2session for the session key, verifies signature = sha1(rawData +
// session_key) and decrypts encryptedData (AES-128-CBC) with node:crypto. Then refusal
// (getUserInfo:fail auth deny), authorize/getSetting/openSetting, their memory across a
// reload, and the server's --user-name/--user-avatar and default avatar.

import assert from 'node:assert/strict';
import { createDecipheriv, createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { call, launch, openSimulator, startServer } from './support.mjs';

const APPID = 'wxuserfixture';
const SECRET = 'user-secret'; // project.config.json's appsecret
const FIXTURE = fileURLToPath(new URL('fixtures/user', import.meta.url));
const ARTIFACTS = fileURLToPath(new URL('artifacts/', import.meta.url));
const SCREEN = 'wx-page:not([hidden])';

let browser;
let server;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launch();
  server = await startServer([FIXTURE]);
});
after(async () => {
  await browser?.close();
  server?.stop();
});

/** A fresh browser profile (no answers kept) on the simulator, iPhone 6 frame. */
async function open() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await openSimulator(context, '?device=iphone6', server.url);
  return { context, page };
}

/** The app's globalData field once it is set. */
async function globalData(page, name) {
  await page.waitForFunction((name) => getApp().globalData[name] !== undefined, name);
  return page.evaluate((name) => getApp().globalData[name], name);
}

/** GET /sns/jscode2session as a developer's server calls it. */
async function exchange(code) {
  const query = new URLSearchParams({
    appid: APPID,
    secret: SECRET,
    js_code: code,
    grant_type: 'authorization_code',
  });
  const response = await fetch(new URL(`sns/jscode2session?${query}`, server.url));
  return response.json();
}

test('getUserInfo after wx.login: signed and encrypted with the session key', async () => {
  const { context, page } = await open();
  const sheet = page.locator('.wx-auth');
  await sheet.waitFor();
  const text = await sheet.textContent();
  for (const part of [
    '微信授权',
    '用户示例',
    '申请获得以下权限',
    '获得你的公开信息（昵称、头像等）',
  ]) {
    assert.ok(text.includes(part), `${part} in ${text}`);
  }
  const box = await sheet.boundingBox();
  const screen = await page.locator('#wx-viewport').boundingBox();
  assert.ok(box.x > screen.x && box.x + box.width < screen.x + screen.width, 'inside the screen');
  await page.screenshot({ path: `${ARTIFACTS}user-authorize.png`, animations: 'disabled' });
  await page.locator('.wx-auth-allow').click();

  const code = await globalData(page, 'code');
  const res = await globalData(page, 'userRes');
  assert.deepEqual(Object.keys(res), [
    'userInfo',
    'rawData',
    'signature',
    'encryptedData',
    'iv',
    'errMsg',
  ]);
  assert.equal(res.errMsg, 'getUserInfo:ok');
  assert.deepEqual(JSON.parse(res.rawData), res.userInfo);
  const origin = new URL(server.url).origin;
  assert.deepEqual(res.userInfo, {
    nickName: '小程序测试员',
    gender: 2,
    language: 'zh_CN',
    city: 'Shenzhen',
    province: 'Guangdong',
    country: 'China',
    avatarUrl: `${origin}/app/images/me.png`,
  });

  const session = await exchange(code);
  assert.ok(session.session_key, JSON.stringify(session));
  const signature = createHash('sha1')
    .update(res.rawData + session.session_key)
    .digest('hex');
  assert.equal(res.signature, signature);
  const decipher = createDecipheriv(
    'aes-128-cbc',
    Buffer.from(session.session_key, 'base64'),
    Buffer.from(res.iv, 'base64'),
  );
  const plain = JSON.parse(
    Buffer.concat([decipher.update(res.encryptedData, 'base64'), decipher.final()]).toString(),
  );
  const { watermark, openId, ...info } = plain;
  assert.deepEqual(info, res.userInfo);
  assert.equal(openId, session.openid);
  assert.equal(watermark.appid, APPID);
  assert.ok(Math.abs(watermark.timestamp - Date.now() / 1000) < 60, `${watermark.timestamp}`);

  // The page shows the configured name and avatar, and the avatar loads.
  await page.locator(`${SCREEN} .userinfo-nickname`).getByText('小程序测试员').waitFor();
  const avatar = page.locator(`${SCREEN} .userinfo-avatar img`);
  await page.waitForFunction(
    (img) => img.complete && img.naturalWidth > 0,
    await avatar.elementHandle(),
  );
  const size = await page.locator(`${SCREEN} .userinfo-avatar`).boundingBox();
  assert.ok(size.width > 50 && Math.abs(size.width - size.height) < 1, JSON.stringify(size));
  await page.screenshot({ path: `${ARTIFACTS}user-info.png`, animations: 'disabled' });

  assert.deepEqual(await call(page, 'getSetting'), [
    'success',
    { authSetting: { 'scope.userInfo': true }, errMsg: 'getSetting:ok' },
  ]);
  // Asked once: a second getUserInfo shows no sheet; withCredentials: false leaves the
  // encrypted part out.
  const [which, again] = await call(page, 'getUserInfo', { withCredentials: false });
  assert.equal(which, 'success');
  assert.equal(again.encryptedData, undefined);
  assert.equal(again.iv, undefined);
  assert.equal(again.userInfo.nickName, '小程序测试员');
  assert.equal(await page.locator('.wx-auth').count(), 0);
  await context.close();
});

test('a refusal: getUserInfo fails with auth deny until openSetting allows it', async () => {
  const { context, page } = await open();
  await page.locator('.wx-auth-deny').click();
  const fail = await globalData(page, 'userFail');
  assert.deepEqual(fail, { errMsg: 'getUserInfo:fail auth deny' });
  assert.deepEqual(await call(page, 'getSetting'), [
    'success',
    { authSetting: { 'scope.userInfo': false }, errMsg: 'getSetting:ok' },
  ]);
  // Refused scopes are not asked again.
  assert.deepEqual(await call(page, 'authorize', { scope: 'scope.userInfo' }), [
    'fail',
    { errMsg: 'authorize:fail auth deny' },
  ]);
  assert.deepEqual(await call(page, 'getUserInfo'), [
    'fail',
    { errMsg: 'getUserInfo:fail auth deny' },
  ]);
  assert.equal(await page.locator('.wx-auth').count(), 0);

  const opened = call(page, 'openSetting');
  const twice = call(page, 'openSetting');
  const toggle = page.getByRole('switch', { name: '用户信息' });
  await toggle.waitFor();
  assert.equal(await toggle.isChecked(), false);
  assert.ok((await page.locator('.wx-setting').textContent()).includes('允许“用户示例”使用我的'));
  const setting = await page.locator('.wx-setting').boundingBox();
  const screen = await page.locator('#wx-viewport').boundingBox();
  assert.ok(setting.width <= screen.width + 1 && setting.x >= screen.x - 1, 'inside the screen');
  await toggle.click();
  assert.equal(await toggle.isChecked(), true);
  await page.screenshot({ path: `${ARTIFACTS}user-setting.png`, animations: 'disabled' });
  assert.equal(await page.locator('.wx-setting').count(), 1, 'one settings page');
  await page.locator('.wx-setting-back').click();
  assert.deepEqual(await opened, [
    'success',
    { authSetting: { 'scope.userInfo': true }, errMsg: 'openSetting:ok' },
  ]);
  assert.deepEqual(await twice, await opened);
  const [which, res] = await call(page, 'getUserInfo');
  assert.equal(which, 'success', JSON.stringify(res));
  assert.equal(res.userInfo.nickName, '小程序测试员');
  await context.close();
});

test('authorize: the sheet per scope, getSetting in asking order, kept across a reload', async () => {
  const { context, page } = await open();
  await page.locator('.wx-auth-allow').click();
  await globalData(page, 'userRes');
  await page.locator(`${SCREEN} .userinfo`).click();
  await page.locator(`${SCREEN} #ask`).click();
  const sheet = page.locator('.wx-auth');
  await sheet.getByText('使用你的麦克风').waitFor();
  await page.locator('.wx-auth-allow').click();
  await page.locator(`${SCREEN} #result`).getByText('authorize:ok').waitFor();

  // Two asks of one scope at once: one sheet, one answer for both.
  const camera = call(page, 'authorize', { scope: 'scope.camera' });
  const again = call(page, 'authorize', { scope: 'scope.camera' });
  await sheet.getByText('使用你的摄像头').waitFor();
  await page.waitForTimeout(100);
  assert.equal(await page.locator('.wx-auth').count(), 1);
  await page.locator('.wx-auth-deny').click();
  assert.deepEqual(await camera, ['fail', { errMsg: 'authorize:fail auth deny' }]);
  assert.deepEqual(await again, ['fail', { errMsg: 'authorize:fail auth deny' }]);
  assert.deepEqual(await call(page, 'authorize', { scope: 'scope.record' }), [
    'success',
    { errMsg: 'authorize:ok' },
  ]);
  assert.deepEqual(await call(page, 'authorize', { scope: 'scope.bogus' }), [
    'fail',
    { errMsg: 'authorize:fail invalid scope' },
  ]);
  assert.deepEqual(await call(page, 'authorize', {}), [
    'fail',
    {
      errMsg:
        'authorize:fail parameter error: parameter.scope should be String instead of Undefined;',
    },
  ]);
  const expected = {
    authSetting: { 'scope.userInfo': true, 'scope.record': true, 'scope.camera': false },
    errMsg: 'getSetting:ok',
  };
  const [, setting] = await call(page, 'getSetting');
  assert.deepEqual(setting, expected);
  assert.deepEqual(Object.keys(setting.authSetting), Object.keys(expected.authSetting));
  await page.locator(`${SCREEN} #get`).click();
  await page.locator(`${SCREEN} #result`).getByText('getSetting:ok').waitFor();

  await page.reload();
  await page.waitForFunction(() => globalThis.wxReady !== undefined);
  await page.evaluate(() => globalThis.wxReady);
  await globalData(page, 'userRes'); // no sheet this time: scope.userInfo was allowed
  assert.deepEqual(await call(page, 'getSetting'), ['success', expected]);
  await context.close();
});

test('wxweb serve --user-name and --user-avatar; the default avatar loads', async () => {
  const flagged = await startServer([FIXTURE, '--user-name', 'Flag 名字', '--user-avatar', '']);
  try {
    const response = await fetch(new URL(`__wxweb/userinfo?appid=${APPID}`, flagged.url), {
      method: 'POST',
      headers: { 'x-wxweb-api': 'getUserInfo' },
    });
    assert.equal(response.status, 200);
    const res = await response.json();
    assert.equal(res.userInfo.nickName, 'Flag 名字');
    assert.equal(res.userInfo.gender, 2, 'the other fields stay the project’s');
    assert.equal(res.userInfo.avatarUrl, `${new URL(flagged.url).origin}/__wxweb/avatar.png`);
    const avatar = await fetch(res.userInfo.avatarUrl);
    assert.equal(avatar.status, 200);
    assert.equal(avatar.headers.get('content-type'), 'image/png');
    assert.ok((await avatar.arrayBuffer()).byteLength > 100);
    // Only the runtime asks (as for wx.login).
    const bare = await fetch(new URL(`__wxweb/userinfo?appid=${APPID}`, flagged.url), {
      method: 'POST',
    });
    assert.equal(bare.status, 403);
  } finally {
    flagged.stop();
  }
});

test('modern profile: the same APIs, returning Promises', async () => {
  const context = await browser.newContext();
  const page = await openSimulator(context, '?profile=modern', server.url);
  await page.locator('.wx-auth-allow').click();
  await globalData(page, 'userRes');
  const results = await page.evaluate(async () => {
    const setting = await wx.getSetting();
    const info = await wx.getUserInfo();
    const denied = await wx.authorize({ scope: 'scope.bogus' }).catch((res) => res);
    return [setting, Object.keys(info), denied];
  });
  assert.deepEqual(results, [
    { authSetting: { 'scope.userInfo': true }, errMsg: 'getSetting:ok' },
    ['userInfo', 'rawData', 'signature', 'encryptedData', 'iv', 'errMsg'],
    { errMsg: 'authorize:fail invalid scope' },
  ]);
  await context.close();
});
