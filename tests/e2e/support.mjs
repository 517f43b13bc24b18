// Shared by the end-to-end tests and benches: launch Debian's Chromium through
// playwright-core, open the simulator served by `wxweb serve`, wait for wx.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const BASE_URL = process.env.WXWEB_URL ?? 'http://127.0.0.1:8420/';

export const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // A fake microphone and camera that need no prompt.
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
];

/**
 * The window size of contexts and pages unless a test gives one: tall enough for the
 * device frame at its full size (simulator.js scales it down in a smaller window, which
 * would change what layout tests measure). Playwright's own default is 1280x720.
 */
export const VIEWPORT = { width: 1280, height: 1000 };

export async function launch() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: FLAGS,
  });
  const newContext = browser.newContext.bind(browser);
  const newPage = browser.newPage.bind(browser);
  browser.newContext = (options = {}) => newContext({ viewport: VIEWPORT, ...options });
  browser.newPage = (options = {}) => newPage({ viewport: VIEWPORT, ...options });
  return browser;
}

/** Opens the simulator at `path` (relative to the server) and waits until wx is ready. */
export async function openSimulator(context, path = '', base = BASE_URL) {
  const page = await context.newPage();
  // What the page logs: the first argument of each console call, as a JSON value.
  page.logs = [];
  page.on('console', (message) => {
    const [first] = message.args();
    page.logs.push(first ? first.jsonValue() : undefined);
  });
  page.on('pageerror', (error) => page.logs.push(`pageerror: ${error.message}`));
  await page.goto(new URL(path, base).href);
  await waitForWx(page);
  return page;
}

export async function waitForWx(page) {
  await page.waitForFunction(() => globalThis.wxReady !== undefined);
  await page.evaluate(() => globalThis.wxReady);
}

/** Waits (up to 5 s) until the page has logged `count` messages after the first `from`. */
export async function logsAfter(page, from, count) {
  const deadline = Date.now() + 5000;
  while (page.logs.length < from + count && Date.now() < deadline) await page.waitForTimeout(10);
  return Promise.all(page.logs.slice(from, from + count));
}

/** Runs mini-program code in the page's global scope, as the console does. */
/** Calls wx[name](options) in the page; resolves with the first callback's [which, result]. */
export function call(page, name, options = {}) {
  return page.evaluate(
    ([name, options]) =>
      new Promise((resolve) =>
        wx[name]({
          ...options,
          success: (res) => resolve(['success', res]),
          fail: (res) => resolve(['fail', res]),
        }),
      ),
    [name, options],
  );
}

export function run(page, code) {
  // biome-ignore lint/security/noGlobalEval: the tests run mini-program code in the page
  return page.evaluate((source) => globalThis.eval(source), code);
}

/**
 * Starts another `wxweb serve` (for a fixture folder) on a free port (or `port`) and
 * returns `{url, stop, stderr()}`: stderr() is what it printed on its standard error so
 * far (also passed on to the test's). WXWEB_BIN is set by `cargo xtask test`.
 */
export async function startServer(args = [], port = 0) {
  const bin = process.env.WXWEB_BIN;
  if (!bin) throw new Error('WXWEB_BIN is not set: run through `cargo xtask test`');
  const child = spawn(bin, ['serve', '--port', String(port), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    process.stderr.write(chunk);
    stderr += chunk;
  });
  // The contract (README, "Testing your mini program in CI"): a line `WXWEB_URL=<url>`.
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    lines.on('line', (line) => {
      if (line.startsWith('WXWEB_URL=')) resolve(line.slice('WXWEB_URL='.length));
    });
    child.once('exit', (code) => reject(new Error(`wxweb serve exited with ${code}`)));
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    url,
    /** Stops the server; the Promise settles once it has exited. */
    stop: () => {
      child.kill();
      return exited;
    },
    stderr: () => stderr,
  };
}

/**
 * For a test file on the fixture mini program `fixtures/<name>`: launches Chromium and a
 * `wxweb serve` of the fixture before its tests and stops both after them. Returns
 * `{browser, server}`, filled in once the tests start.
 */
export function serveFixture(name) {
  const running = {};
  before(async () => {
    running.browser = await launch();
    running.server = await startServer([
      fileURLToPath(new URL(`fixtures/${name}`, import.meta.url)),
    ]);
  });
  after(async () => {
    await running.browser?.close();
    running.server?.stop();
  });
  return running;
}

/**
 * The seed document (the 2016 API reference whose examples must run verbatim) is not part
 * of the repository: `WXWEB_SEED_SPEC` names its path when the machine has it.
 */
const SEED_FILE = process.env.WXWEB_SEED_SPEC;
const SEED = SEED_FILE && existsSync(SEED_FILE) ? readFileSync(SEED_FILE, 'utf8') : null;

/**
 * Why a test that reads the seed document skips (WXWEB_SEED_SPEC unset or naming no file,
 * as on a user's clone), or false when the document is there: `test(name, { skip: NO_SEED }, …)`.
 */
export const NO_SEED =
  SEED === null &&
  (SEED_FILE
    ? `needs the seed document, and WXWEB_SEED_SPEC=${SEED_FILE} names no file`
    : 'needs the seed document: set WXWEB_SEED_SPEC to the path of seed-wx-api.md');

/**
 * The fenced code blocks of the seed document's section headed `heading` (whole line);
 * empty texts when the document is not here (the tests using them skip: see NO_SEED).
 */
export function seedBlocks(heading) {
  if (SEED === null) return Array(8).fill('');
  const start = SEED.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`the seed has no section ${heading}`);
  const next = SEED.indexOf('\n#', start + heading.length + 2);
  const section = SEED.slice(start, next < 0 ? undefined : next);
  return [...section.matchAll(/```\w*\n([\s\S]*?)```/g)].map((m) => m[1]);
}

/**
 * A small seeded generator (mulberry32): `seeded(n)()` gives the same numbers in [0, 1)
 * for the same `n`, so a randomized test's failure can be replayed. It uses nothing
 * outside itself, so a test can also define it in a page from its source text.
 */
export function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
