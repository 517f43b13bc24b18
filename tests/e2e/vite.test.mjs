// The npm package in a real app: fixtures/vite-app depends on the built pkg/ (linked as
// npm links a `file:` dependency), type-checks with tsc, builds with Vite (which must
// bundle the module, its snippets and the wasm through the package's `exports`), and runs
// in Chromium: createWx answers a wx call, and launch shows the mini program's page.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';
import { linkPackage, NO_PKG } from './npm-package.mjs';
import { launch } from './support.mjs';

const APP = fileURLToPath(new URL('fixtures/vite-app/', import.meta.url));
const TSC = fileURLToPath(new URL('node_modules/typescript/bin/tsc', import.meta.url));

let outDir;
let server;
let browser;
before(() => {
  if (NO_PKG) return;
  linkPackage(APP);
  outDir = mkdtempSync(join(tmpdir(), 'wxweb-vite-'));
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

const settings = () => ({ root: APP, configFile: false, logLevel: 'warn', build: { outDir } });

test('the Vite app type-checks against the package', { skip: NO_PKG }, () => {
  const run = spawnSync(process.execPath, [TSC, '-p', APP], { encoding: 'utf8' });
  assert.equal(run.status, 0, `tsc -p fixtures/vite-app failed:\n${run.stdout}${run.stderr}`);
});

test('Vite builds it and it runs createWx and launch', { skip: NO_PKG }, async () => {
  await build({ ...settings(), build: { outDir, emptyOutDir: true } });
  server = await preview({ ...settings(), preview: { host: '127.0.0.1', port: 0 } });
  const url = server.resolvedUrls.local[0];
  browser = await launch();
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  const result = await page.evaluate(() => globalThis.viteApp);
  assert.deepEqual(result, {
    errMsg: 'getSystemInfo:ok',
    windowWidth: result.windowWidth,
    stored: 42,
    navigateTo: 'function',
  });
  assert.ok(result.windowWidth > 0, `windowWidth ${result.windowWidth}`);
  await page.locator('#screen #hello').waitFor();
  assert.equal(await page.locator('#screen #hello').textContent(), 'Hello from a Vite app');
  assert.deepEqual(errors, []);
});
