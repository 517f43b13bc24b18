// The seed document's examples that are pages (Page() with WXML), taken verbatim from
// shared/spec/seed-wx-api.md at test time and served as a mini program: chooseVideo,
// createAudioContext, createVideoContext, and navigateTo with onLoad(option). Here they
// must load and render; what their media calls do is tested in media.test.mjs and
// files.test.mjs.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  seedBlocks as blocks,
  launch,
  NO_SEED,
  openSimulator,
  run,
  startServer,
} from './support.mjs';

/** A block holding WXML then JS: split where `before` starts a line. */
function split(block, before) {
  const at = block.search(new RegExp(`^${before}`, 'm'));
  return [block.slice(0, at), block.slice(at)];
}

const [chooseVideo] = blocks('## 视频');
const [audio] = blocks('## 音频组件控制');
const [videoWxml, videoJs] = blocks('## 视频组件控制');
const [navigate] = blocks('## 导航');
const [navigateCall, testJs] = split(navigate, '//test.js');

const PAGES = {
  'pages/index/index': ['<view>seed examples</view>', 'Page({})'],
  'pages/index/test': ['<view>test</view>', testJs],
  'pages/video/video': split(chooseVideo, 'Page\\('),
  'pages/audio/audio': split(audio, '// audio.js'),
  'pages/videoctx/videoctx': [videoWxml, videoJs],
};

let browser;
let server;
let dir;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wxweb-seed-pages-'));
  for (const [route, [wxml, js]] of Object.entries(PAGES)) {
    mkdirSync(join(dir, route, '..'), { recursive: true });
    writeFileSync(join(dir, `${route}.wxml`), wxml);
    writeFileSync(join(dir, `${route}.js`), js);
  }
  writeFileSync(join(dir, 'app.json'), JSON.stringify({ pages: Object.keys(PAGES) }));
  browser = await launch();
  server = await startServer([dir]);
});
after(async () => {
  await browser?.close();
  server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test("navigateTo's example: a relative url, and the query reaching onLoad(option)", {
  skip: NO_SEED,
}, async () => {
  const context = await browser.newContext();
  const page = await openSimulator(context, '', server.url);
  const from = page.logs.length;
  await run(page, navigateCall);
  await page.waitForFunction(() => getCurrentPages().length === 2);
  assert.equal(await page.evaluate(() => getCurrentPages()[1].route), 'pages/index/test');
  // The example logs option.query: the query object has no such field.
  assert.equal(await page.logs[from], undefined);
  assert.equal(page.logs.length, from + 1);
  await context.close();
});

for (const [name, route, expect] of [
  [
    'chooseVideo',
    'pages/video/video',
    async (page) => {
      assert.equal(await page.locator('wx-view.container wx-video').count(), 1);
      assert.equal(await page.locator('wx-button').textContent(), '获取视频');
    },
  ],
  [
    'createAudioContext',
    'pages/audio/audio',
    async (page) => {
      assert.match(
        await page.$eval('wx-audio#myAudio', (el) => el.src),
        /^http:\/\/ws\.stream\.qqmusic\.qq\.com\/M500001VfvsJ21xFqb\.mp3/,
      );
      assert.equal(await page.locator('wx-button[type=primary]').count(), 4);
    },
  ],
  [
    'createVideoContext',
    'pages/videoctx/videoctx',
    async (page) => {
      assert.equal(
        await page.$eval('wx-video#myVideo', (el) => el.enableDanmu && el.danmuBtn && el.controls),
        true,
      );
      assert.equal(await page.locator('.btn-area wx-input').count(), 1);
      assert.equal(await page.locator('.btn-area wx-button').textContent(), '发送弹幕');
    },
  ],
]) {
  test(`${name}'s example page loads and renders`, { skip: NO_SEED }, async () => {
    const context = await browser.newContext();
    const page = await openSimulator(context, `#/${route}`, server.url);
    assert.equal(await page.evaluate(() => getCurrentPages().at(-1).route), route);
    await expect(page);
    assert.equal(await page.locator('wx-error').count(), 0);
    await context.close();
  });
}
