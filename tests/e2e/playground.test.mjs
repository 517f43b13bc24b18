// The playground (playground/, built into dist/playground/) on a plain static server, as
// GitHub Pages would serve it: editing app.json and a page's WXML changes the running frame,
// a syntax error is marked on its line, a share link opens the same files elsewhere (and
// waits for Run), a downloaded .zip runs under `wxweb serve`, a reload keeps the edits
// (IndexedDB), a folder opens through the directory input, the gallery opens its entries,
// and on a phone the editor and the frame are stacked. The static site is
// $WXWEB_DIST (default: dist/ of the repository, written by `cargo xtask build`).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { startStaticServer } from './static-server.mjs';
import { launch, startServer } from './support.mjs';

const DIST = process.env.WXWEB_DIST ?? fileURLToPath(new URL('../../dist', import.meta.url));
const ARTIFACTS = new URL('artifacts/', import.meta.url);
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

let browser;
let site;
const scratch = mkdtempSync(join(tmpdir(), 'wxweb-playground-'));

before(async () => {
  assert.ok(existsSync(join(DIST, 'playground', 'index.html')), `no playground in ${DIST}`);
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launch();
  site = await startStaticServer(DIST);
});
after(async () => {
  await browser?.close();
  await site?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

/** Polls `probe` until it returns a truthy value (returned), or fails after `timeout` ms. */
async function until(probe, what, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (last) return last;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) assert.fail(`${what}: still ${String(last)} after ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A new page (in a new context unless `context` is given) on the playground; `hash` added. */
async function openPlayground({ context, viewport = DESKTOP, hash = '' } = {}) {
  const owner = context ?? (await browser.newContext({ viewport }));
  const page = await owner.newPage();
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(error.message));
  await page.goto(`${site.url}playground/${hash}`);
  await page.evaluate(() => globalThis.playgroundReady);
  return page;
}

/** Starts a new project (the starter) and waits for its first page in the frame. */
async function newProject(page) {
  await page.click('#new-button');
  await framePage(page).locator('#greeting').waitFor();
}

/** The shown page of the mini program in the run frame (a locator piercing its shadow root). */
function framePage(page) {
  return page.frameLocator('#run-frame').locator('wx-page:not([hidden])');
}

/** Selects `path` in the file tree and replaces the editor's text with `text`. */
async function edit(page, path, text) {
  await page.click(`#tree [data-path="${path}"]`);
  await until(
    async () => (await page.textContent('#editor-path')) === path,
    `${path} shown in the editor`,
  );
  await page.click('#editor .cm-content');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.insertText(text);
}

/** The editor's text. */
function editorText(page) {
  return page.$$eval('#editor .cm-line', (lines) =>
    lines.map((line) => line.textContent).join('\n'),
  );
}

/** The #project= data of `json` (what a share link holds), made here as a hostile site would. */
function linkData(json) {
  return deflateRawSync(
    Buffer.from(typeof json === 'string' ? json : JSON.stringify(json)),
  ).toString('base64url');
}

const WXML =
  '<view id="box" style="width: 123px; height: 45px; background: #07c160">Edited page</view>\n';

describe('the playground', () => {
  test('editing app.json and the page WXML changes the running frame', async () => {
    const page = await openPlayground();
    await newProject(page);
    // The static server is not wxweb serve: the page says what that means.
    await until(() => page.isVisible('#mode-note'), 'the static-host note');

    await edit(page, 'pages/index/index.wxml', WXML);
    // Auto-run: the frame reloads by itself after a pause.
    const box = framePage(page).locator('#box');
    await box.waitFor({ timeout: 10_000 });
    assert.equal((await box.textContent()).trim(), 'Edited page');
    const size = await box.evaluate((element) => [element.offsetWidth, element.offsetHeight]);
    assert.deepEqual(size, [123, 45]);

    await edit(
      page,
      'app.json',
      JSON.stringify({
        pages: ['pages/index/index'],
        window: { navigationBarTitleText: 'Typed title' },
      }),
    );
    await page.keyboard.press('ControlOrMeta+Enter'); // Run at once
    const title = page.frameLocator('#run-frame').locator('#nav-title');
    await until(async () => (await title.textContent()) === 'Typed title', 'the new title');
    await page.screenshot({ path: fileURLToPath(new URL('playground-desktop.png', ARTIFACTS)) });
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('each file keeps its own undo history; WXML mustaches are marked', async () => {
    const page = await openPlayground();
    await newProject(page);
    await page.uncheck('#auto-run');
    await page.click('#tree [data-path="pages/index/index.wxml"]');
    assert.deepEqual(
      await page.$$eval('#editor .cm-mustache', (marks) => marks.map((m) => m.textContent)),
      ['{{greeting}}', '{{count}}'],
    );
    const original = await editorText(page);
    await edit(page, 'pages/index/index.wxml', '<view>changed</view>');
    await edit(page, 'app.wxss', '/* changed too */');
    await page.click('#tree [data-path="pages/index/index.wxml"]');
    assert.equal(await editorText(page), '<view>changed</view>');
    await page.click('#editor .cm-content');
    await page.keyboard.press('ControlOrMeta+z');
    assert.equal(await editorText(page), original);
    await page.click('#tree [data-path="app.wxss"]');
    assert.equal(await editorText(page), '/* changed too */');
    await page.context().close();
  });

  test('a syntax error is marked on its line and listed; the next run clears it', async () => {
    const page = await openPlayground();
    await newProject(page);
    await page.uncheck('#auto-run');
    const broken = [
      'Page({',
      '  data: {},',
      '  onLoad: function () {',
      '    var x = = 1',
      '  }',
      '})',
    ];
    await edit(page, 'pages/index/index.js', broken.join('\n'));
    await page.click('#run-button');
    const marker = page.locator('#editor .cm-lintRange-error').first();
    await marker.waitFor({ timeout: 10_000 });
    // The marked range is on line 4, and so is the gutter's error marker.
    const line = await marker.evaluate((range) => {
      const lines = [...range.closest('.cm-content').querySelectorAll('.cm-line')];
      return lines.indexOf(range.closest('.cm-line')) + 1;
    });
    assert.equal(line, 4);
    const [markerTop, lineTop] = await page.evaluate(() => {
      const gutter = document.querySelector('#editor .cm-lint-marker-error');
      const fourth = document.querySelectorAll('#editor .cm-line')[3];
      return [gutter.getBoundingClientRect().top, fourth.getBoundingClientRect().top];
    });
    assert.ok(
      Math.abs(markerTop - lineTop) < 6,
      `gutter marker at ${markerTop}, line at ${lineTop}`,
    );
    const problem = page.locator('#problem-list .problem').first();
    assert.match(await problem.textContent(), /pages\/index\/index\.js:4/);
    // The listed problem jumps to its line.
    await page.click('#tree [data-path="app.json"]');
    await problem.click();
    assert.equal(await page.textContent('#editor-path'), 'pages/index/index.js');
    const cursorLine = await page.evaluate(() => {
      const selection = getSelection();
      const lines = [...document.querySelectorAll('#editor .cm-line')];
      return lines.findIndex((line) => line.contains(selection.anchorNode)) + 1;
    });
    assert.equal(cursorLine, 4);

    await edit(page, 'pages/index/index.js', 'Page({ data: { greeting: "fixed" } })\n');
    await page.click('#run-button');
    await until(
      async () => (await page.locator('#editor .cm-lintRange-error').count()) === 0,
      'the marker cleared',
    );
    assert.ok(await page.isHidden('#problems'));
    await page.context().close();
  });

  test('a share link opens the same files in a fresh browser, running only on Run', async () => {
    const page = await openPlayground();
    await newProject(page);
    await edit(page, 'pages/index/index.wxml', WXML);
    await page.click('#share-button');
    await page.locator('#share-dialog').waitFor();
    const url = await page.inputValue('#share-url');
    assert.match(url, /\/playground\/#project=[A-Za-z0-9_-]+$/);
    const files = await page.$$eval('#tree .tree-item.file', (items) =>
      items.map((item) => item.dataset.path),
    );
    await page.context().close();

    const context = await browser.newContext({ viewport: DESKTOP });
    const other = await context.newPage();
    await other.goto(url);
    await other.evaluate(() => globalThis.playgroundReady);
    assert.deepEqual(
      await other.$$eval('#tree .tree-item.file', (items) =>
        items.map((item) => item.dataset.path),
      ),
      files,
    );
    await other.click('#tree [data-path="pages/index/index.wxml"]');
    assert.equal(await editorText(other), WXML);
    // Someone else's code: nothing runs until Run.
    assert.ok(await other.isVisible('#trust-bar'));
    assert.equal(await other.locator('#run-frame').count(), 0);
    await other.waitForTimeout(1200); // past the auto-run delay
    assert.equal(await other.locator('#run-frame').count(), 0);
    await other.screenshot({ path: fileURLToPath(new URL('playground-link.png', ARTIFACTS)) });
    // Still not run after a reload: the project is kept as someone else's.
    await other.reload();
    await other.evaluate(() => globalThis.playgroundReady);
    assert.ok(await other.isVisible('#trust-bar'));
    assert.equal(await other.locator('#run-frame').count(), 0);
    await other.click('#trust-run');
    await framePage(other).locator('#box').waitFor({ timeout: 10_000 });
    assert.ok(await other.isHidden('#trust-bar'));
    await context.close();
  });

  test('the downloaded .zip holds the files, and wxweb serve runs it', async (t) => {
    const page = await openPlayground();
    await newProject(page);
    await edit(page, 'pages/index/index.wxml', WXML);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#download-button'),
    ]);
    assert.equal(download.suggestedFilename(), 'Untitled.zip');
    const zip = join(scratch, 'download.zip');
    await download.saveAs(zip);
    await page.context().close();
    const out = join(scratch, 'unzipped');
    execFileSync('unzip', ['-q', '-o', zip, '-d', out]);
    const folder = join(out, 'Untitled');
    assert.equal(readFileSync(join(folder, 'pages/index/index.wxml'), 'utf8'), WXML);
    for (const name of ['app.json', 'app.js', 'pages/index/index.js']) {
      assert.ok(existsSync(join(folder, name)), `${name} in the zip`);
    }
    const config = JSON.parse(readFileSync(join(folder, 'project.config.json'), 'utf8'));
    assert.equal(config.appid, 'touristappid');

    // The .zip opens again as a project, its folder unwrapped.
    const again = await openPlayground();
    await again.setInputFiles('#zip-input', zip);
    await until(async () => (await again.inputValue('#project-name')) === 'Untitled', 'opened');
    await again.click('#tree [data-path="pages/index/index.wxml"]');
    assert.equal(await editorText(again), WXML);
    assert.equal(await again.locator('#tree [data-path="project.config.json"]').count(), 1);
    await again.context().close();

    if (!process.env.WXWEB_BIN) return t.skip('WXWEB_BIN is not set: wxweb serve not tried');
    const server = await startServer([folder]);
    try {
      const simulator = await browser.newPage();
      await simulator.goto(server.url);
      await simulator.waitForFunction(() => globalThis.wxReady !== undefined);
      await simulator.evaluate(() => globalThis.wxReady);
      const box = simulator.locator('wx-page:not([hidden]) #box');
      assert.equal((await box.textContent()).trim(), 'Edited page');
      await simulator.close();
    } finally {
      await server.stop();
    }
  });

  test('a reload brings the project back, edits and all (IndexedDB)', async () => {
    const page = await openPlayground();
    await newProject(page);
    await page.click('#project-name');
    await page.fill('#project-name', 'Kept project');
    await page.press('#project-name', 'Enter');
    await edit(page, 'pages/index/index.wxml', WXML);
    await page.waitForTimeout(500); // the save is debounced by 300 ms
    await page.reload();
    await page.evaluate(() => globalThis.playgroundReady);
    assert.equal(await page.inputValue('#project-name'), 'Kept project');
    await page.click('#tree [data-path="pages/index/index.wxml"]');
    assert.equal(await editorText(page), WXML);
    // The user's own project runs again at once.
    await framePage(page).locator('#box').waitFor({ timeout: 10_000 });
    await page.context().close();
  });

  test('a folder opens through the directory input, dotfiles and node_modules left out', async () => {
    const folder = join(scratch, 'my-folder');
    const write = (path, content) => {
      mkdirSync(join(folder, path, '..'), { recursive: true });
      writeFileSync(join(folder, path), content);
    };
    write('app.json', JSON.stringify({ pages: ['pages/start/start'] }));
    write('app.js', 'App({})\n');
    write('pages/start/start.js', 'Page({})\n');
    write('pages/start/start.wxml', '<view id="start">Opened from disk</view>\n');
    // A 1x1 PNG.
    write(
      'images/dot.png',
      Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
        'base64',
      ),
    );
    write('.git/HEAD', 'ref: refs/heads/main\n');
    write('node_modules/left-out/index.js', 'module.exports = 1\n');

    const page = await openPlayground();
    await page.setInputFiles('#folder-input', folder);
    await until(async () => (await page.inputValue('#project-name')) === 'my-folder', 'opened');
    const files = await page.$$eval('#tree .tree-item.file', (items) =>
      items.map((item) => item.dataset.path).sort(),
    );
    assert.deepEqual(files, [
      'app.js',
      'app.json',
      'images/dot.png',
      'pages/start/start.js',
      'pages/start/start.wxml',
    ]);
    await framePage(page).locator('#start').waitFor({ timeout: 10_000 });
    // An image shows as a preview, not in the editor.
    await page.click('#tree [data-path="images/dot.png"]');
    const size = await page
      .locator('#preview img')
      .evaluate((image) => image.decode().then(() => [image.naturalWidth, image.naturalHeight]));
    assert.deepEqual(size, [1, 1]);
    assert.ok(await page.isHidden('#editor'));
    await page.context().close();
  });

  test('a folder with miniprogramRoot is kept whole and its app runs', async () => {
    const page = await openPlayground();
    await page.setInputFiles(
      '#folder-input',
      fileURLToPath(new URL('fixtures/miniprogram-root', import.meta.url)),
    );
    await until(
      async () => (await page.inputValue('#project-name')) === 'miniprogram-root',
      'opened',
    );
    assert.equal(await page.locator('#tree [data-path="project.config.json"]').count(), 1);
    assert.equal(await page.textContent('#editor-path'), 'miniprogram/pages/index/index.js');
    const title = framePage(page).locator('#title');
    await title.waitFor({ timeout: 10_000 });
    assert.equal(await title.textContent(), 'In miniprogram/');
    await page.context().close();
  });

  test('an image dropped on a folder of the tree is added to it and previewed', async () => {
    const page = await openPlayground();
    await newProject(page);
    const data = await page.evaluateHandle(async () => {
      const transfer = new DataTransfer();
      const canvas = new OffscreenCanvas(3, 2);
      canvas.getContext('2d').fillRect(0, 0, 3, 2);
      const blob = await canvas.convertToBlob({ type: 'image/png' });
      transfer.items.add(new File([blob], 'pic.png', { type: 'image/png' }));
      return transfer;
    });
    await page.dispatchEvent('#tree [data-path="pages"]', 'drop', { dataTransfer: data });
    await page.locator('#tree [data-path="pages/pic.png"]').waitFor();
    assert.equal(await page.textContent('#editor-path'), 'pages/pic.png');
    const size = await page
      .locator('#preview img')
      .evaluate((image) => image.decode().then(() => [image.naturalWidth, image.naturalHeight]));
    assert.deepEqual(size, [3, 2]);
    await page.context().close();
  });

  test('the gallery lists its sections and opens an entry, which runs', async () => {
    const page = await openPlayground();
    await page.click('#gallery-button');
    const first = page.locator('#gallery-list .gallery-entry').first();
    await first.waitFor();
    assert.ok((await page.locator('#gallery-list h3').count()) >= 1);
    // Every card holds its own name: none runs past its card's edge.
    const overflowing = await page.$$eval('#gallery-list .gallery-entry', (cards) =>
      cards
        .filter((card) => card.querySelector('strong').scrollWidth > card.clientWidth)
        .map((card) => card.querySelector('strong').textContent),
    );
    assert.deepEqual(overflowing, []);
    await page.screenshot({ path: fileURLToPath(new URL('playground-gallery.png', ARTIFACTS)) });
    const title = await first.locator('strong').textContent();
    await first.click();
    await until(async () => (await page.inputValue('#project-name')) === title, 'entry opened');
    assert.ok(await page.isHidden('#gallery-dialog'));
    await framePage(page).waitFor({ timeout: 10_000 });
    assert.ok(await page.isHidden('#trust-bar'));
    // The entry shown first, left unedited, is not kept in the list of projects.
    await until(
      async () => (await page.locator('#project-list option').count()) === 1,
      'one project in the list',
    );
    await page.context().close();
  });

  test('every gallery entry opens from the playground and shows its page, no problem listed', async () => {
    const index = await fetch(`${site.url}playground/gallery/index.json`).then((r) => r.json());
    const entries = index.sections.flatMap((section) => section.entries);
    assert.ok(entries.length > 0);
    const page = await openPlayground();
    const failed = [];
    for (const { id, title } of entries) {
      await page.evaluate((entry) => {
        location.hash = `gallery=${entry}`;
      }, id);
      try {
        await until(
          async () =>
            (await page.inputValue('#project-name')) === title &&
            /^Showing /.test(await page.textContent('#run-status')),
          `${id} shown`,
        );
      } catch (error) {
        failed.push(`${id}: ${error.message}`);
        continue;
      }
      await page.waitForTimeout(300); // errors of the first page's onLoad/onShow
      if (await page.isVisible('#problems')) {
        failed.push(`${id}: ${await page.textContent('#problem-list')}`);
      }
    }
    assert.deepEqual(failed, []);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });

  test('#gallery=<id> opens that entry, and the hash is dropped so a reload keeps edits', async () => {
    const index = await fetch(`${site.url}playground/gallery/index.json`).then((r) => r.json());
    const entry = index.sections.at(-1).entries.at(-1);
    const page = await openPlayground({ hash: `#gallery=${entry.id}` });
    assert.equal(await page.inputValue('#project-name'), entry.title);
    assert.equal(new URL(page.url()).hash, '');
    await framePage(page).waitFor({ timeout: 10_000 });
    await page.context().close();
  });

  test('a big share link (an image in it) is shown with a warning', async () => {
    const page = await openPlayground();
    await newProject(page);
    const data = await page.evaluateHandle(() => {
      const transfer = new DataTransfer();
      // Random bytes do not compress: 2 × 45 KB, base64 in the link.
      const noise = [0, 1].map(() => crypto.getRandomValues(new Uint8Array(45_000)));
      transfer.items.add(new File(noise, 'noise.png', { type: 'image/png' }));
      return transfer;
    });
    await page.dispatchEvent('#tree', 'drop', { dataTransfer: data });
    await page.locator('#tree [data-path="noise.png"]').waitFor();
    await page.click('#share-button');
    await page.locator('#share-warning').waitFor();
    assert.match(await page.textContent('#share-warning'), /KB long/);
    assert.ok((await page.inputValue('#share-url')).length > 100 * 1024);
    await page.context().close();
  });

  test('renaming a folder moves its files; deleting removes them', async () => {
    const page = await openPlayground();
    await newProject(page);
    await page.click('#tree [data-path="pages"]');
    await page.press('#tree [data-path="pages"]', 'F2'); // the Rename button's key
    await page.fill('#ask-input', 'screens');
    await page.press('#ask-input', 'Enter');
    await page.locator('#tree [data-path="screens/index/index.wxml"]').waitFor();
    assert.equal(await page.locator('#tree [data-path^="pages"]').count(), 0);
    page.once('dialog', (dialog) => dialog.accept());
    await page.click('#delete-button');
    await until(
      async () => (await page.locator('#tree [data-path^="screens"]').count()) === 0,
      'the folder deleted',
    );
    assert.deepEqual(
      await page.$$eval('#tree .tree-item', (items) => items.map((item) => item.dataset.path)),
      ['app.js', 'app.json', 'app.wxss'],
    );
    await page.context().close();
  });

  test('a link that inflates to 64 MiB is refused, and the page stays responsive', async () => {
    const bomb = deflateRawSync(Buffer.alloc(64 * 1024 * 1024, 0x20)).toString('base64url');
    assert.ok(bomb.length < 200_000, `the link is ${bomb.length} characters`);
    const page = await openPlayground({ hash: `#project=${bomb}` });
    await page.locator('#notice').waitFor();
    assert.match(await page.textContent('#notice'), /over 32 MB unpacked/);
    assert.equal(await page.evaluate(() => 1 + 1), 2);
    assert.ok(await page.isHidden('#trust-bar'));
    assert.notEqual(await page.inputValue('#project-name'), 'Shared project');
    await page.context().close();
  });

  test('a link or a zip with hostile paths opens without them', async () => {
    const app = JSON.stringify({ pages: ['pages/index/index'] });
    const hostile = [
      ['__proto__', { base64: 'AAAA', type: 'image/png' }],
      ['../evil.js', 'alert(1)'],
      ['/abs.js', 'x'],
      ['a//b.js', 'x'],
      ['nul\0.js', 'x'],
    ];
    // JSON text, so that "__proto__" is a key of the link's object, as an attacker writes it.
    const json = `{"v":1,"files":{"app.json":${JSON.stringify(app)},${hostile
      .map(([path, content]) => `${JSON.stringify(path)}:${JSON.stringify(content)}`)
      .join(',')}}}`;
    const page = await openPlayground({ hash: `#project=${linkData(json)}` });
    assert.deepEqual(
      await page.$$eval('#tree .tree-item', (items) => items.map((item) => item.dataset.path)),
      ['app.json'],
    );
    assert.match(await page.textContent('#notice'), /Left out 5 file\(s\)/);
    assert.equal(await page.evaluate(() => Object.getPrototypeOf({}) === Object.prototype), true);

    const zip = join(scratch, 'hostile.zip');
    writeFileSync(
      zip,
      zipSync({
        'p/app.json': Buffer.from(app),
        'p/../evil.js': Buffer.from('x'),
        'p/__proto__': Buffer.from('x'),
      }),
    );
    await page.setInputFiles('#zip-input', zip);
    await until(async () => (await page.inputValue('#project-name')) === 'p', 'zip opened');
    assert.deepEqual(
      await page.$$eval('#tree .tree-item', (items) => items.map((item) => item.dataset.path)),
      ['app.json'],
    );
    // "..", a dot name, is left out with the dotfiles; "__proto__" is refused and said so.
    assert.match(await page.textContent('#notice'), /Left out 1 file\(s\).*"p\/__proto__"/);
    await page.context().close();
  });

  test('a zip past the limits (2001 files, or 64 MiB inflated) is refused', async () => {
    const page = await openPlayground();
    await newProject(page);
    const many = {};
    for (let i = 0; i <= 2000; i += 1) many[`p/f${i}.txt`] = Buffer.from('x');
    const manyZip = join(scratch, 'many.zip');
    writeFileSync(manyZip, zipSync(many));
    await page.setInputFiles('#zip-input', manyZip);
    await until(
      async () => /more than 2000 files/.test(await page.textContent('#notice')),
      'refused',
    );

    const bombZip = join(scratch, 'bomb.zip');
    writeFileSync(
      bombZip,
      zipSync({ 'p/big.txt': new Uint8Array(64 * 1024 * 1024) }, { level: 9 }),
    );
    await page.setInputFiles('#zip-input', bombZip);
    await until(async () => /more than 20 MB/.test(await page.textContent('#notice')), 'refused');
    assert.equal(await page.inputValue('#project-name'), 'Untitled');
    await page.context().close();
  });

  test('paths are checked: no "..", no leading "/", no empty names', async () => {
    const page = await openPlayground();
    await newProject(page);
    await page.click('#new-file');
    for (const bad of ['../x.js', '/x.js', 'a//b.js', '', '__proto__']) {
      await page.fill('#ask-input', bad);
      await page.press('#ask-input', 'Enter');
      assert.notEqual(await page.textContent('#ask-error'), '', `"${bad}" refused`);
      assert.ok(await page.isVisible('#ask-dialog'));
    }
    await page.fill('#ask-input', 'utils/util.js');
    await page.press('#ask-input', 'Enter');
    assert.ok(await page.isHidden('#ask-dialog'));
    assert.equal(await page.textContent('#editor-path'), 'utils/util.js');
    assert.equal(await page.locator('#tree [data-path="utils"]').count(), 1);
    await page.context().close();
  });

  test('wxweb serve serves the same playground at /playground/, with its proxy', async (t) => {
    if (!process.env.WXWEB_BIN) return t.skip('WXWEB_BIN is not set: wxweb serve not tried');
    const server = await startServer([]);
    try {
      const context = await browser.newContext({ viewport: DESKTOP });
      const page = await context.newPage();
      await page.goto(`${server.url}playground/`);
      await page.evaluate(() => globalThis.playgroundReady);
      await newProject(page);
      await until(
        async () => /^Showing /.test(await page.textContent('#run-status')),
        'the first page shown',
      );
      // A server is behind the page: no static-host note.
      assert.ok(await page.isHidden('#mode-note'));
      await context.close();
    } finally {
      await server.stop();
    }
  });

  test('on a phone the editor and the frame are stacked, the frame full width', async () => {
    const page = await openPlayground({ viewport: PHONE });
    await newProject(page);
    const editor = await page.locator('#editor-pane').boundingBox();
    const frame = await page.locator('#run-frame').boundingBox();
    assert.ok(frame.y >= editor.y + editor.height - 1, 'the frame under the editor');
    assert.ok(Math.abs(frame.x) < 1 && Math.abs(frame.width - PHONE.width) < 1, 'full width');
    assert.ok(editor.width > PHONE.width - 2, 'the editor full width too');
    assert.ok(frame.height > 500, `a usable frame height (${frame.height})`);
    await page.screenshot({ path: fileURLToPath(new URL('playground-phone.png', ARTIFACTS)) });
    await page.locator('#run-pane').scrollIntoViewIfNeeded();
    await page.screenshot({
      path: fileURLToPath(new URL('playground-phone-frame.png', ARTIFACTS)),
    });
    await page.context().close();
  });
});
