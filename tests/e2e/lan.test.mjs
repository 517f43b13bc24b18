// `wxweb serve --lan` in the browser: the simulator opens at the printed https URL (a
// secure context, so sensors and geolocation are allowed) once the certificate is
// accepted, and shows that URL with its QR code above the console. A screenshot of the
// panel is kept in tests/e2e/artifacts/lan-panel.png. The certificate, the HTTPS request
// and the decoding of the QR code are checked on the host (server/tests/lan.rs).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { launch, openSimulator } from './support.mjs';

const ARTIFACTS = fileURLToPath(new URL('artifacts/', import.meta.url));

let browser;
let child;
let url; // the printed https URL (with its token), or the reason there is none
const printed = [];

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launch();
  const certDir = mkdtempSync(join(tmpdir(), 'wxweb-lan-'));
  child = spawn(process.env.WXWEB_BIN, ['serve', '--lan', '--port', '0', '--cert-dir', certDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => printed.push(line));
  const errors = [];
  child.stderr.on('data', (data) => errors.push(String(data)));
  url = await new Promise((resolve) => {
    lines.once('line', (line) => resolve(line.match(/https:\/\/\S+\/\?token=\w+/)?.[0]));
    child.once('exit', () => resolve({ noLan: errors.join('') }));
  });
});
after(async () => {
  await browser?.close();
  child?.kill();
});

test('the simulator runs at the LAN URL over HTTPS and shows its QR code', async (t) => {
  if (url?.noLan !== undefined) {
    assert.match(url.noLan, /no LAN address found/);
    return t.skip('this machine has no LAN address');
  }
  // Without the token, another machine (this one at its LAN address) gets a page that
  // says how to get in.
  const stranger = await browser.newContext({ ignoreHTTPSErrors: true });
  const refused = await stranger.request.get(url.replace(/\?token=\w+$/, ''));
  assert.equal(refused.status(), 401);
  assert.match(await refused.text(), /scan the QR code/);
  await stranger.close();
  const context = await browser.newContext({
    ignoreHTTPSErrors: true,
    viewport: { width: 1100, height: 800 },
  });
  const page = await openSimulator(context, '', url);
  assert.equal(new URL(page.url()).search, '', 'the token left the address bar for a cookie');
  assert.equal(
    await page.evaluate(() => [location.protocol, isSecureContext].join()),
    'https:,true',
  );
  const panel = page.locator('#lan-panel');
  await panel.waitFor();
  assert.equal(await page.locator('#lan-url').textContent(), url);
  assert.equal(await page.locator('#lan-url').getAttribute('href'), url);
  const qr = page.locator('#lan-qr svg');
  assert.deepEqual(await qr.boundingBox().then(({ width, height }) => [width, height]), [120, 120]);
  assert.ok(
    printed.some((line) => line.includes(url)),
    'the same URL was printed',
  );
  await panel.screenshot({ path: join(ARTIFACTS, 'lan-panel.png') });
  await context.close();
});

test('without --lan there is no panel', async () => {
  const context = await browser.newContext();
  const page = await openSimulator(context);
  const response = await page.request.get(new URL('__wxweb/lan', page.url()).href);
  assert.equal(response.status(), 200);
  assert.equal((await response.json()).url, null);
  assert.equal(await page.locator('#lan-panel').isHidden(), true);
  await context.close();
});
