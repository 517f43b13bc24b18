// The headless contract of README's "Testing your mini program in CI": the README's
// Playwright example runs as written against fixtures/ci-example, and wxweb:pageready /
// wxweb.pageReady follow navigateTo, redirectTo, navigateBack and switchTab.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openSimulator, serveFixture } from './support.mjs';

const running = serveFixture('ci-example');
const here = (path) => fileURLToPath(new URL(path, import.meta.url));

/** The code block between README's ci-example markers. */
function readmeExample() {
  const readme = readFileSync(here('../../README.md'), 'utf8');
  const block = readme.match(
    /<!-- ci-example:start -->\n```js\n([\s\S]*?)```\n<!-- ci-example:end -->/,
  );
  assert.ok(block, 'README has the ci-example block');
  return block[1];
}

/** Runs `node --test file` with `env`; resolves with {code, output}. */
function runNodeTest(file, env) {
  const child = spawn(process.execPath, ['--test', '--test-reporter=tap', file], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  return new Promise((done) => child.once('exit', (code) => done({ code, output })));
}

test("README's CI example runs as written and passes", async () => {
  mkdirSync(here('artifacts'), { recursive: true });
  // Under tests/e2e, so that `playwright-core` resolves from its node_modules; not named
  // *.test.mjs, so that no glob of test files picks it up.
  const file = here('artifacts/ci-example.mjs');
  writeFileSync(file, readmeExample());
  const env = {
    ...process.env,
    WXWEB_BIN: resolve(process.env.WXWEB_BIN),
    WXWEB_APP: here('fixtures/ci-example'),
  };
  // Not a subtest of this run: its own top-level node:test run.
  delete env.NODE_TEST_CONTEXT;
  const { code, output } = await runNodeTest(file, env);
  assert.equal(code, 0, output);
  assert.match(output, /^# pass 1$/m, output);
  assert.match(output, /^# fail 0$/m, output);
});

test('wxweb:pageready follows each route, once the page shows', async () => {
  const context = await running.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await openSimulator(context, '?device=iphone6', running.server.url);
  // Each event with the page then showing and its text, as the runtime left them.
  await page.evaluate(() => {
    globalThis.seen = [];
    addEventListener('wxweb:pageready', ({ detail }) => {
      const viewport = document.getElementById('wx-viewport').shadowRoot;
      const showing = [...viewport.querySelectorAll('wx-page:not([hidden])')];
      globalThis.seen.push({
        ...detail,
        showing: showing.map((element) => element.dataset.route),
        text: showing[0]?.textContent.replace(/\s+/g, ' ').trim(),
      });
    });
  });
  const route = (name, url) =>
    page.evaluate(
      ([name, url]) => {
        wx[name](url ? { url } : {});
        return globalThis.wxweb.pageReady();
      },
      [name, url],
    );
  assert.deepEqual(await route('navigateTo', '/pages/detail/detail?id=1'), {
    route: 'pages/detail/detail',
    query: { id: '1' },
  });
  await route('redirectTo', '/pages/detail/detail?id=2');
  await page.screenshot({ path: here('artifacts/ci-contract-detail.png') });
  await route('navigateBack');
  await route('switchTab', '/pages/about/about');
  await route('switchTab', '/pages/index/index');
  await page.screenshot({ path: here('artifacts/ci-contract-home.png') });
  const seen = await page.evaluate(() => globalThis.seen);
  assert.deepEqual(seen, [
    {
      route: 'pages/detail/detail',
      query: { id: '1' },
      showing: ['pages/detail/detail'],
      text: 'Item 1',
    },
    {
      route: 'pages/detail/detail',
      query: { id: '2' },
      showing: ['pages/detail/detail'],
      text: 'Item 2',
    },
    {
      route: 'pages/index/index',
      query: {},
      showing: ['pages/index/index'],
      text: 'HelloOpen item 7',
    },
    {
      route: 'pages/about/about',
      query: {},
      showing: ['pages/about/about'],
      text: 'About this app',
    },
    {
      route: 'pages/index/index',
      query: {},
      showing: ['pages/index/index'],
      text: 'HelloOpen item 7',
    },
  ]);
  // The current page has rendered already: at once; another route: not before the timeout.
  assert.deepEqual(await page.evaluate(() => globalThis.wxweb.pageReady('/pages/index/index')), {
    route: 'pages/index/index',
    query: {},
  });
  const late = await page.evaluate(() =>
    globalThis.wxweb.pageReady('pages/about/about', 200).then(
      () => 'resolved',
      (error) => error.message,
    ),
  );
  assert.equal(late, 'no page pages/about/about became ready within 200 ms');
  assert.deepEqual(
    page.logs.filter((log) => typeof log === 'string' && log.startsWith('pageerror')),
    [],
  );
  await context.close();
});
