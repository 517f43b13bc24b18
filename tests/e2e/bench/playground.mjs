// Bench: the playground of the static build (dist/, WXWEB_DIST) on a plain static server.
// Time from opening /playground/#gallery=<the gallery's first entry> to the first page drawn
// in its run frame (the frame's wxweb:pageready message; a wx-page in the frame's device
// screen when no message comes), cold (a new browser context: empty cache) and warm (the
// same context, reloaded), medians of 5; and the bytes a cold load downloads (the sum of
// the responses, and of each served file's gzip size), beside the simulator alone (`/` of
// the same server, the demo) measured the same way. Target: the playground cold < 1.5 s.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { startStaticServer } from '../static-server.mjs';
import { launch } from '../support.mjs';

const DIST = process.env.WXWEB_DIST ?? fileURLToPath(new URL('../../../dist', import.meta.url));
const RUNS = 5;
const TARGET_MS = 1500;
/** How long to wait for the frame's wxweb:pageready before looking for its wx-page. */
const MESSAGE_TIMEOUT = 20_000;

const gallery = JSON.parse(readFileSync(join(DIST, 'playground/gallery/index.json'), 'utf8'));
const first = gallery.sections.flatMap((section) => section.entries)[0].id;

// In the top page from its first script on: the first page drawn, by each sign of it, in
// ms since the navigation started (performance.now()).
function watchFirstPage() {
  if (window !== window.top) return;
  const marks = {};
  window.firstPageMarks = marks;
  const mark = (sign) => {
    marks[sign] ??= performance.now();
  };
  // The run frame tells the playground; the simulator alone tells itself.
  addEventListener('message', (event) => {
    if (event.origin === location.origin && event.data?.type === 'wxweb:pageready') mark('message');
  });
  addEventListener('wxweb:pageready', () => mark('message'));
  const look = () => {
    const frame = document.querySelector('#run-frame');
    const doc = frame ? frame.contentDocument : document;
    if (doc?.querySelector('#wx-viewport')?.shadowRoot?.querySelector('wx-page')) mark('dom');
    if (!marks.dom) requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
}

const server = await startStaticServer(DIST);
const gzipSizes = new Map();
/** The gzip -9 size of the file served at `path`. */
function gzipSize(path) {
  if (!gzipSizes.has(path)) {
    const file = join(DIST, path.endsWith('/') ? `${path}index.html` : path);
    gzipSizes.set(path, gzipSync(readFileSync(file), { level: 9 }).length);
  }
  return gzipSizes.get(path);
}

/** The first page's time after `navigate()`, and what was served meanwhile. */
async function load(page, navigate) {
  const from = server.served.length;
  await navigate();
  let sign = 'message';
  try {
    await page.waitForFunction(() => window.firstPageMarks?.message, null, {
      timeout: MESSAGE_TIMEOUT,
    });
  } catch {
    sign = 'dom';
    await page.waitForFunction(() => window.firstPageMarks?.dom, null, { timeout: 5000 });
  }
  const ms = await page.evaluate((sign) => window.firstPageMarks[sign], sign);
  await page.waitForLoadState('networkidle');
  const responses = server.served.slice(from).filter((answer) => answer.status === 200);
  return {
    ms,
    sign,
    bytes: responses.reduce((sum, answer) => sum + answer.bytes, 0),
    gzip: responses.reduce((sum, answer) => sum + gzipSize(answer.path), 0),
    errors: page.errors.splice(0),
  };
}

/** Cold and warm loads of `path`, RUNS of each. */
async function measure(browser, path) {
  const url = new URL(path, server.url).href;
  const cold = [];
  const warm = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext();
    await context.addInitScript(watchFirstPage);
    const page = await context.newPage();
    page.errors = [];
    page.on('pageerror', (error) => page.errors.push(error.message));
    cold.push(await load(page, () => page.goto(url)));
    warm.push(await load(page, () => page.reload()));
    await context.close();
  }
  return { cold, warm };
}

const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const kb = (bytes) => `${Math.round(bytes / 1024).toLocaleString('en')} KB`;

const browser = await launch();
try {
  const playground = await measure(browser, `playground/#gallery=${first}`);
  const simulator = await measure(browser, '');
  const figures = ({ cold, warm }) => ({
    cold: median(cold.map((load) => load.ms)),
    warm: median(warm.map((load) => load.ms)),
    bytes: median(cold.map((load) => load.bytes)),
    gzip: median(cold.map((load) => load.gzip)),
    signs: [...new Set([...cold, ...warm].map((load) => load.sign))],
    errors: [...cold, ...warm].flatMap((load) => load.errors),
  });
  const ours = figures(playground);
  const alone = figures(simulator);
  const ms = (value) => `${Math.round(value)} ms`;
  console.log(
    `playground (gallery "${first}"), medians of ${RUNS}, static server over ${DIST.split('/').pop()}/:`,
  );
  console.log(
    `playground first page: cold ${ms(ours.cold)}, warm ${ms(ours.warm)}; downloads ${kb(ours.bytes)} ` +
      `(gzip ${kb(ours.gzip)}) vs simulator alone: cold ${ms(alone.cold)}, warm ${ms(alone.warm)}; ` +
      `downloads ${kb(alone.bytes)} (gzip ${kb(alone.gzip)})`,
  );
  console.log(
    `playground adds ${kb(ours.gzip - alone.gzip)} gzip; target cold < ${TARGET_MS} ms: ` +
      `${ours.cold < TARGET_MS ? 'met' : 'MISSED'}`,
  );
  const runs = (loads) => loads.map((load) => Math.round(load.ms)).join(' ');
  console.log(
    `runs (ms): playground cold ${runs(playground.cold)}, warm ${runs(playground.warm)}; ` +
      `simulator cold ${runs(simulator.cold)}, warm ${runs(simulator.warm)}`,
  );
  for (const [name, { signs }] of [
    ['playground', ours],
    ['simulator', alone],
  ]) {
    if (signs.includes('dom')) console.log(`${name}: no wxweb:pageready came; timed its wx-page`);
  }
  const errors = [...ours.errors, ...alone.errors];
  if (errors.length) throw new Error(`page errors: ${[...new Set(errors)].join('; ')}`);
} finally {
  await browser.close();
  await server.stop();
}
