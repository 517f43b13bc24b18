// Start-up on folders of every shape: optional files a project lacks are not requested
// (no 404 and no error on the browser's console, which fails CI suites), project.config.json's
// miniprogramRoot puts the app in a sub-folder, and a fatal start-up error (no app.json, a
// broken one) stops the navigation bar's spinner and names the folder's path on disk.

import assert from 'node:assert/strict';
import { mkdirSync, realpathSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { launch, startServer, waitForWx } from './support.mjs';

const ARTIFACTS = fileURLToPath(new URL('artifacts/', import.meta.url));
let browser;
const servers = [];
before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  for (const server of servers) server.stop();
});

const folder = (name) => realpathSync(fileURLToPath(new URL(`fixtures/${name}`, import.meta.url)));

/** Serves fixtures/<name> (the bundled demo without a name), opens the simulator on it, and records what goes wrong. */
async function open(name) {
  const server = await startServer(name ? [folder(name)] : []);
  servers.push(server);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  const errors = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      problems.push(`console.${message.type()}: ${message.text()}`);
      errors.push(message.text());
    }
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });
  page.on('requestfailed', (request) => problems.push(`failed ${request.url()}`));
  const requested = [];
  page.on('request', (request) => requested.push(new URL(request.url()).pathname));
  await page.goto(`${server.url}?device=iphone6`);
  await waitForWx(page);
  return { context, page, problems, errors, requested };
}

test('a folder without optional files: no failed request and no error, launch to navigation', async () => {
  const { context, page, problems, requested } = await open('optional-files');
  assert.equal(await page.locator('wx-page:not([hidden]) #title').textContent(), 'First');
  await page.locator('wx-page:not([hidden]) #next').click();
  await page.waitForFunction(() => getCurrentPages().length === 2);
  assert.equal(await page.locator('wx-page:not([hidden]) #title').textContent(), 'Second');
  await page.evaluate(() => new Promise((success) => wx.navigateBack({ success })));
  assert.equal(await page.locator('wx-page:not([hidden]) #title').textContent(), 'First');
  await page.waitForTimeout(300);
  assert.deepEqual(problems, []);
  // The manifest was asked, and none of the absent files.
  assert.ok(requested.includes('/__wxweb/manifest'), requested.join(' '));
  for (const absent of [
    '/app/project.config.json',
    '/app/app.wxss',
    '/app/pages/index/index.json',
    '/app/pages/index/index.wxss',
    '/app/pages/two/two.json',
  ]) {
    assert.ok(!requested.includes(absent), absent);
  }
  assert.ok(requested.includes('/app/pages/two/two.wxml'));
  await context.close();
});

test('the bundled demo starts without a failed request or an error', async () => {
  const { context, page, problems } = await open();
  assert.ok((await page.locator('wx-page:not([hidden])').count()) === 1);
  await page.waitForTimeout(300);
  assert.deepEqual(problems, []);
  await context.close();
});

test('miniprogramRoot: the app runs from its sub-folder, the config stays at the top', async () => {
  const { context, page, problems } = await open('miniprogram-root');
  const title = page.locator('wx-page:not([hidden]) #title');
  assert.equal(await title.textContent(), 'In miniprogram/');
  assert.equal(await title.evaluate((node) => getComputedStyle(node).color), 'rgb(0, 128, 0)');
  assert.equal(await page.locator('#nav-title').textContent(), 'Root page');
  assert.equal(await page.locator('#app-info').textContent(), 'wxminiroot0001');
  assert.equal(await page.evaluate(() => getApp().where), 'miniprogram/');
  await page.screenshot({ path: `${ARTIFACTS}startup-miniprogram-root.png` });
  assert.deepEqual(problems, []);
  await context.close();
});

for (const [name, says] of [
  ['no-app-json', 'No app.json in'],
  ['bad-app-json', 'app.json is not valid JSON'],
]) {
  test(`a fatal start-up error (${name}): the spinner stops, the folder's path is shown`, async () => {
    const { context, page, errors } = await open(name);
    const path = folder(name);
    const message = page.locator('wx-error');
    await message.waitFor();
    const text = await message.textContent();
    assert.ok(text.includes(says), text);
    assert.ok(text.includes(path), `${text} names ${path}`);
    assert.ok(await message.isVisible());
    const spinner = page.locator('#nav-bar .wx-nav-loading');
    assert.equal(await spinner.count(), 1);
    assert.equal(await spinner.evaluate((node) => getComputedStyle(node).display), 'none');
    assert.equal(await page.locator('#nav-bar .wx-nav-back').isVisible(), false);
    // Logged as one message, with nothing after it.
    assert.ok(
      errors.some(
        (error) => error.includes(says) && error.includes(path) && !error.includes('undefined'),
      ),
      errors.join('\n'),
    );
    await page.screenshot({ path: `${ARTIFACTS}startup-${name}.png` });
    await context.close();
  });
}
