// Media on a fixture mini program (fixtures/media, plus the seed's audio and video
// examples taken verbatim from shared/spec/seed-wx-api.md at test time): recording with
// Chromium's fake microphone, voice, background audio across navigation, the audio and
// video contexts and danmu. Test audio is the server's generated tone
// (/__wxweb/test/tone); the seed's remote media URLs are answered by the test. A
// screenshot of danmu over the video is kept in tests/e2e/artifacts/.

import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import {
  seedBlocks as blocks,
  call,
  FLAGS,
  launch,
  NO_SEED,
  openSimulator,
  run,
  startServer,
} from './support.mjs';

const ARTIFACTS = fileURLToPath(new URL('artifacts/', import.meta.url));
const SEED_AUDIO = /^http:\/\/ws\.stream\.qqmusic\.qq\.com\//;
const SEED_VIDEO = /^http:\/\/wxsnsdy\.tc\.qq\.com\//;

const [audioBlock] = blocks('## 音频组件控制');
const audioSplit = audioBlock.search(/^\/\/ audio\.js/m);
const [videoWxml, videoJs] = blocks('## 视频组件控制');
const SEED_PAGES = {
  'pages/audio/audio': [audioBlock.slice(0, audioSplit), audioBlock.slice(audioSplit)],
  'pages/videoctx/videoctx': [videoWxml, videoJs],
};
const OWN_PAGES = ['pages/index/index', 'pages/other/other', 'pages/danmu/danmu'];

let browser;
let server;
let dir;
let wav;
let video;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'wxweb-media-'));
  cpSync(fileURLToPath(new URL('fixtures/media', import.meta.url)), dir, { recursive: true });
  for (const [route, [wxml, js]] of Object.entries(SEED_PAGES)) {
    mkdirSync(join(dir, route, '..'), { recursive: true });
    writeFileSync(join(dir, `${route}.wxml`), wxml);
    writeFileSync(join(dir, `${route}.js`), js);
  }
  writeFileSync(
    join(dir, 'app.json'),
    JSON.stringify({ pages: [...OWN_PAGES, ...Object.keys(SEED_PAGES)] }),
  );
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launch();
  server = await startServer([dir]);
  wav = Buffer.from(
    await (await fetch(`${server.url}__wxweb/test/tone?seconds=20&hz=330`)).arrayBuffer(),
  );
  video = await makeVideo();
});
after(async () => {
  await browser?.close();
  server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A 1.5 s WebM of moving colour bars, recorded from a canvas by the browser itself. */
async function makeVideo() {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${server.url}__wxweb/health`);
  const bytes = await page.evaluate(async () => {
    const canvas = Object.assign(document.createElement('canvas'), { width: 320, height: 240 });
    const ctx = canvas.getContext('2d');
    const recorder = new MediaRecorder(canvas.captureStream(25), {
      mimeType: 'video/webm;codecs=vp8',
    });
    const chunks = [];
    recorder.ondataavailable = (e) => chunks.push(e.data);
    let frame = 0;
    const timer = setInterval(() => {
      frame += 1;
      for (let i = 0; i < 8; i += 1) {
        ctx.fillStyle = `hsl(${(i * 45 + frame * 6) % 360} 70% 55%)`;
        ctx.fillRect(i * 40, 0, 40, 240);
      }
    }, 40);
    recorder.start();
    await new Promise((r) => setTimeout(r, 1500));
    recorder.stop();
    await new Promise((r) => (recorder.onstop = r));
    clearInterval(timer);
    return [...new Uint8Array(await new Blob(chunks).arrayBuffer())];
  });
  await context.close();
  return Buffer.from(bytes);
}

/** A new context whose pages record the media elements they play and the Blobs they
 * show by URL, with the seed's remote media answered locally. */
async function open(path = '', options = {}) {
  const context = await browser.newContext(options);
  await context.addInitScript(() => {
    window.__played = new Set();
    const play = HTMLMediaElement.prototype.play;
    HTMLMediaElement.prototype.play = function () {
      window.__played.add(this);
      return play.call(this);
    };
    window.__blobs = new Map();
    const create = URL.createObjectURL;
    URL.createObjectURL = (blob) => {
      const url = create(blob);
      window.__blobs.set(url, blob);
      return url;
    };
  });
  await context.route(SEED_AUDIO, (route) => fulfill(route, wav, 'audio/wav'));
  await context.route(SEED_VIDEO, (route) => fulfill(route, video, 'video/webm'));
  const page = await openSimulator(context, path, server.url);
  await page.waitForFunction(() => getCurrentPages().length > 0);
  return { context, page };
}

/** Answers a media request as a real media server does, with byte ranges (seeking needs them). */
function fulfill(route, body, contentType) {
  const range = /^bytes=(\d+)-(\d*)$/.exec(route.request().headers().range ?? '');
  if (!range) return route.fulfill({ body, contentType, headers: { 'accept-ranges': 'bytes' } });
  const start = Number(range[1]);
  const end = Math.min(range[2] ? Number(range[2]) : body.length - 1, body.length - 1);
  return route.fulfill({
    status: 206,
    body: body.subarray(start, end + 1),
    contentType,
    headers: { 'accept-ranges': 'bytes', 'content-range': `bytes ${start}-${end}/${body.length}` },
  });
}

/** Downloads `seconds` of the server's tone and returns its wxfile:// path. */
async function tone(page, seconds, hz = 440) {
  const [which, res] = await call(page, 'downloadFile', {
    url: `${server.url}__wxweb/test/tone?seconds=${seconds}&hz=${hz}`,
  });
  assert.equal(which, 'success');
  return res.tempFilePath;
}

/** Stops the installed fake clock from following real time: only runFor moves it. */
async function pauseClock(page) {
  await page.clock.pauseAt(await page.evaluate(() => Date.now() + 1000));
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- recording -----------------------------------------------------------------------------

test('startRecord with the fake microphone: stopRecord ends it; the file plays back and uploads unchanged', async () => {
  const { context, page } = await open();
  const recorded = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const started = performance.now();
        wx.startRecord({
          success: (res) => resolve({ res, ms: performance.now() - started }),
          fail: (res) => resolve({ res }),
        });
        setTimeout(() => wx.stopRecord(), 1500);
      }),
  );
  assert.match(recorded.res.errMsg, /^startRecord:ok$/);
  assert.match(recorded.res.tempFilePath, /^wxfile:\/\/tmp_[0-9a-f]{32}\.webm$/);
  assert.ok(recorded.ms >= 1500 && recorded.ms < 4000, `settled when stopped: ${recorded.ms}`);

  const played = await page.evaluate(
    (filePath) =>
      new Promise((resolve) => {
        const started = performance.now();
        wx.playVoice({
          filePath,
          complete: (res) => resolve({ errMsg: res.errMsg, ms: performance.now() - started }),
        });
      }),
    recorded.res.tempFilePath,
  );
  assert.equal(played.errMsg, 'playVoice:ok');
  assert.ok(played.ms > 900, `played the recording through: ${played.ms} ms`);

  // The bytes that played are the bytes that upload.
  const local = await page.evaluate(async () => {
    const element = [...window.__played].at(-1);
    const blob = window.__blobs.get(element.src);
    const bytes = await blob.arrayBuffer();
    const hash = [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))]
      .map((b) => b.toString(16).padStart(2, '0'))
      .join('');
    const audio = await new AudioContext().decodeAudioData(bytes.slice(0));
    return { hash, size: blob.size, type: blob.type, seconds: audio.duration };
  });
  assert.match(local.type, /^audio\/webm/);
  assert.ok(local.seconds > 1.2 && local.seconds < 2.5, `about 1.5 s of sound: ${local.seconds}`);
  const [which, upload] = await call(page, 'uploadFile', {
    url: `${server.url}__wxweb/test/upload`,
    filePath: recorded.res.tempFilePath,
    name: 'voice',
  });
  assert.equal(which, 'success');
  const [part] = JSON.parse(upload.data).parts;
  assert.equal(part.name, 'voice');
  assert.match(part.filename, /^tmp_[0-9a-f]{32}\.webm$/);
  assert.equal(part.size, local.size);
  assert.equal(part.sha256, local.hash);
  await context.close();
});

test('a recording stops by itself after 60 s, with success', async () => {
  const { context, page } = await open();
  await page.evaluate(() => {
    const start = MediaRecorder.prototype.start;
    MediaRecorder.prototype.start = function (...args) {
      window.__recording = true;
      return start.apply(this, args);
    };
  });
  await page.clock.install();
  await pauseClock(page);
  await page.evaluate(() => {
    window.__record = null;
    wx.startRecord({
      complete: (res) => {
        window.__record = res;
      },
    });
  });
  await page.waitForFunction(() => window.__recording === true);
  await page.clock.runFor(59_000);
  await sleep(200);
  assert.equal(await page.evaluate(() => window.__record), null, 'still recording at 59 s');
  await page.clock.runFor(1_000);
  await page.waitForFunction(() => window.__record !== null);
  const res = await page.evaluate(() => window.__record);
  assert.equal(res.errMsg, 'startRecord:ok');
  assert.match(res.tempFilePath, /^wxfile:\/\/tmp_/);
  await context.close();
});

test('startRecord fails clearly when the microphone is refused or missing, or already recording', async () => {
  // Without the fake permission prompt, a microphone that was not granted is refused.
  const asking = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: FLAGS.filter((flag) => flag !== '--use-fake-ui-for-media-stream'),
  });
  try {
    const context = await asking.newContext();
    const page = await openSimulator(context, '', server.url);
    const [which, res] = await call(page, 'startRecord');
    assert.deepEqual([which, res.errMsg], ['fail', 'startRecord:fail auth deny']);
    await context.close();
  } finally {
    await asking.close();
  }

  const missing = await open();
  await missing.page.evaluate(() => {
    navigator.mediaDevices.getUserMedia = () =>
      Promise.reject(new DOMException('Requested device not found', 'NotFoundError'));
  });
  const [, none] = await call(missing.page, 'startRecord');
  assert.equal(none.errMsg, 'startRecord:fail no microphone');
  await missing.context.close();

  const twice = await open();
  const results = await twice.page.evaluate(
    () =>
      new Promise((resolve) => {
        const seen = [];
        wx.startRecord({
          complete: (res) => {
            seen.push(res.errMsg);
            resolve(seen);
          },
        });
        wx.startRecord({
          complete: (res) => {
            seen.push(res.errMsg);
            setTimeout(() => wx.stopRecord(), 300);
          },
        });
      }),
  );
  assert.deepEqual(results, ['startRecord:fail is recording', 'startRecord:ok']);
  await twice.context.close();
});

test("the seed's recording and voice examples, verbatim (clock run forward)", {
  skip: NO_SEED,
}, async () => {
  const [record] = blocks('## 录音');
  const [playAfterRecord, pauseAfterFive, stopAfterFive] = blocks('## 音频播放控制');
  for (const [example, expect] of [
    [record, { stops: 1, played: 0 }],
    [playAfterRecord, { stops: 1, played: 1, paused: false }],
    [pauseAfterFive, { stops: 1, played: 1, paused: true }],
    [stopAfterFive, { stops: 1, played: 1, paused: true, atStart: true }],
  ]) {
    const { context, page } = await open();
    await page.evaluate(() => {
      window.__stops = 0;
      const { start, stop } = MediaRecorder.prototype;
      MediaRecorder.prototype.start = function (...args) {
        window.__recording = true;
        return start.apply(this, args);
      };
      MediaRecorder.prototype.stop = function () {
        window.__stops += 1;
        return stop.call(this);
      };
    });
    await page.clock.install();
    await pauseClock(page);
    await pauseClock(page);
    await run(page, example);
    await page.waitForFunction(() => window.__recording === true);
    await sleep(1500); // the fake microphone records in real time
    // The recording ends at the example's stopRecord (10 s) or by itself at 60 s.
    await page.clock.runFor(60_000);
    await sleep(400);
    await page.clock.runFor(5_000);
    await sleep(100);
    const seen = await page.evaluate(() => {
      const voice = [...window.__played].find((e) => window.__blobs.has(e.src));
      return {
        stops: window.__stops,
        played: voice ? 1 : 0,
        paused: voice?.paused,
        time: voice?.currentTime,
      };
    });
    assert.equal(seen.stops, expect.stops, 'the recording stopped once');
    assert.equal(seen.played, expect.played);
    if (expect.played) {
      assert.equal(seen.paused, expect.paused);
      if (expect.atStart) assert.equal(seen.time, 0);
      else assert.ok(seen.time > 0, `played some: ${seen.time}`);
    }
    assert.ok(!page.logs.some((log) => String(log).startsWith('pageerror')), 'no errors');
    await context.close();
  }
});

// ---- voice ---------------------------------------------------------------------------------

test('playVoice: complete when the file ends; bad paths fail', async () => {
  const { context, page } = await open();
  const path = await tone(page, 1);
  const played = await page.evaluate(
    (filePath) =>
      new Promise((resolve) => {
        const started = performance.now();
        const seen = [];
        wx.playVoice({
          filePath,
          success: (res) => seen.push(res.errMsg),
          complete: (res) => {
            seen.push(res.errMsg);
            resolve({ seen, ms: performance.now() - started });
          },
        });
      }),
    path,
  );
  assert.deepEqual(played.seen, ['playVoice:ok', 'playVoice:ok']);
  assert.ok(played.ms >= 900 && played.ms < 3000, `complete at the end: ${played.ms}`);
  assert.equal(
    (await call(page, 'playVoice', { filePath: 'wxfile://tmp_missing.wav' }))[1].errMsg,
    'playVoice:fail file not found',
  );
  assert.equal(
    (await call(page, 'playVoice', {}))[1].errMsg,
    'playVoice:fail parameter error: parameter.filePath should be String instead of Undefined;',
  );
  await context.close();
});

test('pauseVoice keeps the position; playVoice of the paused file resumes there', async () => {
  const { context, page } = await open();
  const path = await tone(page, 2);
  const result = await page.evaluate(async (filePath) => {
    const pause = (ms) => new Promise((r) => setTimeout(r, ms));
    const log = [];
    wx.playVoice({ filePath, complete: (res) => log.push(`first ${res.errMsg}`) });
    await pause(700);
    wx.pauseVoice();
    await pause(50);
    const element = [...window.__played].at(-1);
    const pausedAt = element.currentTime;
    const paused = element.paused;
    await pause(400);
    const later = element.currentTime;
    const resumed = performance.now();
    const second = new Promise((r) => wx.playVoice({ filePath, complete: (res) => r(res.errMsg) }));
    await pause(150);
    const afterResume = element.currentTime;
    log.push(`second ${await second}`);
    return { pausedAt, paused, later, afterResume, rest: performance.now() - resumed, log };
  }, path);
  assert.ok(result.paused);
  assert.ok(result.pausedAt > 0.4 && result.pausedAt < 1.2, `paused at ${result.pausedAt}`);
  assert.equal(result.later, result.pausedAt, 'nothing plays while paused');
  assert.ok(
    result.afterResume > result.pausedAt,
    `resumed from ${result.pausedAt}: ${result.afterResume}`,
  );
  const expected = (2 - result.pausedAt) * 1000;
  assert.ok(
    Math.abs(result.rest - expected) < 600,
    `played the rest (${expected} ms) in ${result.rest} ms`,
  );
  assert.deepEqual(result.log, ['first playVoice:ok', 'second playVoice:ok']);
  await context.close();
});

test('stopVoice ends the call and the next playVoice starts over', async () => {
  const { context, page } = await open();
  const path = await tone(page, 2);
  const result = await page.evaluate(async (filePath) => {
    const pause = (ms) => new Promise((r) => setTimeout(r, ms));
    let first = null;
    wx.playVoice({
      filePath,
      complete: (res) => {
        first = res.errMsg;
      },
    });
    await pause(700);
    wx.stopVoice({});
    await pause(50);
    const element = [...window.__played].at(-1);
    const stopped = { paused: element.paused, time: element.currentTime, first };
    wx.playVoice({ filePath });
    await pause(200);
    return { stopped, again: element.currentTime, playing: !element.paused };
  }, path);
  assert.deepEqual(result.stopped, { paused: true, time: 0, first: 'playVoice:ok' });
  assert.ok(result.playing && result.again < 0.6, `started over: ${result.again}`);
  await context.close();
});

test('a new voice interrupts the one playing', async () => {
  const { context, page } = await open();
  const long = await tone(page, 3, 300);
  const short = await tone(page, 1, 600);
  const result = await page.evaluate(
    async ([long, short]) => {
      const pause = (ms) => new Promise((r) => setTimeout(r, ms));
      const log = [];
      const t0 = performance.now();
      wx.playVoice({
        filePath: long,
        complete: (res) => log.push(['long', res.errMsg, Math.round(performance.now() - t0)]),
      });
      await pause(400);
      const done = new Promise((r) =>
        wx.playVoice({ filePath: short, complete: (res) => r(res.errMsg) }),
      );
      await pause(50);
      const element = [...window.__played].at(-1);
      const blob = window.__blobs.get(element.src);
      log.push(['short', await done, Math.round(performance.now() - t0)]);
      return { log, playingSize: blob.size, players: window.__played.size };
    },
    [long, short],
  );
  const [[l, lMsg, lAt], [s, sMsg, sAt]] = result.log;
  assert.deepEqual([l, lMsg, s, sMsg], ['long', 'playVoice:ok', 'short', 'playVoice:ok']);
  assert.ok(lAt >= 400 && lAt < 700, `the long voice ended when interrupted: ${lAt}`);
  assert.ok(sAt > 1300 && sAt < 2500, `the short one played through: ${sAt}`);
  assert.equal(result.playingSize, 44 + 8000 * 2, 'the short file is the one playing');
  assert.equal(result.players, 1, 'one voice player');
  await context.close();
});

// ---- background audio -------------------------------------------------------------------------

test('background audio: state, events, seek, Media Session, and navigation keeps it playing', async () => {
  const { context, page } = await open();
  const dataUrl = `${server.url}__wxweb/test/tone?seconds=6`;
  await page.evaluate(() => {
    window.__events = [];
    // The listeners get `{errMsg}` (miniprogram-api-typings' GeneralCallbackResult).
    const push = (res) => window.__events.push(res.errMsg.replace(/^onBackgroundAudio|:ok$/g, ''));
    wx.onBackgroundAudioPlay(push);
    wx.onBackgroundAudioPause(push);
    wx.onBackgroundAudioStop(push);
  });
  const state = async () => (await call(page, 'getBackgroundAudioPlayerState'))[1];
  const none = await state();
  assert.equal(none.status, 2);
  assert.equal(none.errMsg, 'getBackgroundAudioPlayerState:ok');

  const [which, played] = await call(page, 'playBackgroundAudio', {
    dataUrl,
    title: 'Tone',
    coverImgUrl: `${server.url}cover.png`,
  });
  assert.deepEqual([which, played.errMsg], ['success', 'playBackgroundAudio:ok']);
  await sleep(500);
  let now = await state();
  assert.equal(now.status, 1);
  assert.equal(now.dataUrl, dataUrl);
  assert.ok(Math.abs(now.duration - 6) < 0.01, `duration ${now.duration}`);
  assert.ok(
    now.currentPosition > 0.2 && now.currentPosition < 1.5,
    `position ${now.currentPosition}`,
  );
  assert.equal(now.downloadPercent, 100);
  assert.deepEqual(
    await page.evaluate(() => [
      navigator.mediaSession.metadata?.title,
      navigator.mediaSession.metadata?.artwork[0]?.src,
      navigator.mediaSession.playbackState,
    ]),
    ['Tone', `${server.url}cover.png`, 'playing'],
  );

  await call(page, 'pauseBackgroundAudio');
  now = await state();
  const pausedAt = now.currentPosition;
  assert.equal(now.status, 0);
  await call(page, 'seekBackgroundAudio', { position: 3 });
  await sleep(100);
  assert.equal((await state()).currentPosition, 3);
  assert.equal(
    (await call(page, 'seekBackgroundAudio', {}))[1].errMsg,
    'seekBackgroundAudio:fail parameter error: parameter.position should be Number instead of Undefined;',
  );
  await call(page, 'playBackgroundAudio', { dataUrl, title: 'Tone' });
  assert.equal((await state()).status, 1);
  assert.ok(pausedAt < 3);

  // Navigating to another page and back does not interrupt the music.
  await page.evaluate(
    () => new Promise((resolve) => wx.navigateTo({ url: '/pages/other/other', success: resolve })),
  );
  const before = (await state()).currentPosition;
  await sleep(400);
  const onOther = await state();
  assert.equal(await page.evaluate(() => getCurrentPages().at(-1).route), 'pages/other/other');
  assert.equal(onOther.status, 1);
  assert.ok(
    onOther.currentPosition > before + 0.2,
    `still playing on the next page: ${before} → ${onOther.currentPosition}`,
  );
  await page.evaluate(() => new Promise((resolve) => wx.navigateBack({ success: resolve })));
  await sleep(200);
  assert.equal((await state()).status, 1);

  await call(page, 'stopBackgroundAudio');
  now = await state();
  assert.deepEqual([now.status, now.dataUrl, now.currentPosition], [2, '', 0]);
  assert.deepEqual(await page.evaluate(() => window.__events), ['Play', 'Pause', 'Play', 'Stop']);
  await context.close();
});

test('background audio: the end of the track stops it; a track that cannot play fails', async () => {
  const { context, page } = await open();
  await page.evaluate(() => {
    window.__events = [];
    wx.onBackgroundAudioPlay(() => window.__events.push('play'));
    wx.onBackgroundAudioStop(() => window.__events.push('stop'));
  });
  await call(page, 'playBackgroundAudio', {
    dataUrl: `${server.url}__wxweb/test/tone?seconds=0.6`,
  });
  await page.waitForFunction(() => window.__events.length === 2, null, { timeout: 4000 });
  assert.deepEqual(await page.evaluate(() => window.__events), ['play', 'stop']);
  assert.equal((await call(page, 'getBackgroundAudioPlayerState'))[1].status, 2);

  const [which, res] = await call(page, 'playBackgroundAudio', {
    dataUrl: `${server.url}__wxweb/test/status/404`,
  });
  assert.equal(which, 'fail');
  assert.match(res.errMsg, /^playBackgroundAudio:fail ./);
  assert.equal((await call(page, 'getBackgroundAudioPlayerState'))[1].status, 2);
  await context.close();
});

test("the seed's background audio examples, verbatim", { skip: NO_SEED }, async () => {
  const examples = blocks('## 音乐播放控制');
  assert.equal(examples.length, 4);
  const { context, page } = await open();
  for (const example of examples) await run(page, example);
  await sleep(300);
  // dataUrl '' is nothing a browser can play: no track.
  assert.equal((await call(page, 'getBackgroundAudioPlayerState'))[1].status, 2);
  // The same without a round trip between play and pause: the pause comes before the
  // empty source fails, and still no track is kept.
  await page.evaluate(() => {
    wx.playBackgroundAudio({ dataUrl: '' });
    wx.pauseBackgroundAudio();
  });
  await sleep(300);
  assert.equal((await call(page, 'getBackgroundAudioPlayerState'))[1].status, 2);
  assert.ok(!page.logs.some((log) => String(log).startsWith('pageerror')), 'no errors');
  await context.close();
});

// ---- contexts and danmu -------------------------------------------------------------------------

/** The inner media element of the page's `<tag id>`: [paused, currentTime]. */
function media(page, selector) {
  return page.$eval(selector, (el) => {
    const m = el.querySelector('audio, video');
    return [m.paused, m.currentTime];
  });
}

test("the seed's audio example: createAudioContext's play, pause and seek drive <audio id=myAudio>", {
  skip: NO_SEED,
}, async () => {
  const { context, page } = await open('#/pages/audio/audio');
  const audio = 'wx-page:not([hidden]) wx-audio#myAudio';
  await page.waitForFunction(
    (s) =>
      document.querySelector('#wx-viewport').shadowRoot.querySelector(s)?.querySelector('audio')
        .readyState >= 1,
    audio,
  );
  const button = (text) =>
    page.locator('wx-page:not([hidden]) wx-button').getByText(text, { exact: true });
  await button('播放').click();
  await sleep(600);
  let [paused, time] = await media(page, audio);
  assert.ok(!paused && time > 0.2, `playing: ${time}`);
  await button('暂停').click();
  await sleep(50);
  [paused, time] = await media(page, audio);
  assert.ok(paused);
  await button('设置当前播放时间为14秒').click();
  await sleep(100);
  assert.deepEqual(await media(page, audio), [true, 14]);
  await button('回到开头').click();
  await sleep(100);
  assert.deepEqual(await media(page, audio), [true, 0]);
  assert.equal(await page.locator('wx-error').count(), 0);
  await context.close();
});

test("the seed's video example: sendDanmu draws a moving comment over <video id=myVideo> that goes away", {
  skip: NO_SEED,
}, async () => {
  const { context, page } = await open('#/pages/videoctx/videoctx');
  const videoSel = 'wx-page:not([hidden]) wx-video#myVideo';
  await page.waitForFunction(
    (s) =>
      document.querySelector('#wx-viewport').shadowRoot.querySelector(s)?.querySelector('video')
        .readyState >= 2,
    videoSel,
  );
  // The page's own context: play, pause, seek.
  await page.evaluate(() => getCurrentPages().at(-1).videoContext.play());
  await sleep(400);
  let [paused, time] = await media(page, videoSel);
  assert.ok(!paused && time > 0.1, `playing: ${time}`);
  await page.evaluate(() => getCurrentPages().at(-1).videoContext.pause());
  await page.evaluate(() => getCurrentPages().at(-1).videoContext.seek(1));
  await sleep(200);
  [paused, time] = await media(page, videoSel);
  assert.ok(paused && Math.abs(time - 1) < 0.05, `paused at 1 s: ${time}`);

  // As a person would: type, leave the field (bindblur), tap the button.
  await page.locator('wx-page:not([hidden]) .btn-area wx-input input').fill('Hello danmu');
  await page.locator('wx-page:not([hidden]) .btn-area wx-input input').blur();
  await page.locator('wx-page:not([hidden]) wx-button', { hasText: '发送弹幕' }).click();
  const item = page.locator(`${videoSel} .wx-video-danmu-item`);
  await item.waitFor();
  assert.equal(await item.textContent(), 'Hello danmu');
  assert.match(await item.evaluate((el) => getComputedStyle(el).color), /^rgb\(\d+, \d+, \d+\)$/);
  const box = await page.locator(videoSel).boundingBox();
  await sleep(1500);
  const first = await item.boundingBox();
  await sleep(700);
  const second = await item.boundingBox();
  assert.ok(second.x < first.x - 10, `moves left: ${first.x} → ${second.x}`);
  assert.ok(first.y >= box.y && first.y + first.height <= box.y + box.height, 'over the video');
  assert.ok(await item.isVisible());
  await page.locator(videoSel).screenshot({ path: `${ARTIFACTS}media-danmu.png` });
  // Fast-forward the comment's own animation to its end: it is removed.
  await item.evaluate((el) => {
    for (const animation of el.getAnimations()) animation.finish();
  });
  await item.waitFor({ state: 'detached', timeout: 1000 });
  assert.equal(await page.locator('wx-error').count(), 0);
  await context.close();
});

test('danmu-list comments appear when playback passes their time; enable-danmu and danmu-btn', async () => {
  const { context, page } = await open('#/pages/danmu/danmu');
  await page.evaluate(
    (src) => getCurrentPages().at(-1).setData({ src }),
    `${server.url}__wxweb/test/tone?seconds=6`,
  );
  const timed = 'wx-page:not([hidden]) wx-video#timed';
  await page.waitForFunction(
    (s) =>
      document.querySelector('#wx-viewport').shadowRoot.querySelector(s)?.querySelector('video')
        .readyState >= 2,
    timed,
  );
  const texts = () =>
    page.$$eval(`${timed} .wx-video-danmu-item`, (els) => els.map((e) => e.textContent));
  assert.deepEqual(await texts(), []);
  await page.evaluate(() => getCurrentPages().at(-1).timed.play());
  await page.waitForFunction(
    (s) =>
      document.querySelector('#wx-viewport').shadowRoot.querySelector(s).querySelector('video')
        .currentTime > 1.3,
    timed,
  );
  assert.deepEqual(await texts(), ['at 0 s', 'at 1 s']);
  assert.equal(
    await page.$eval(`${timed} .wx-video-danmu-item`, (el) => getComputedStyle(el).color),
    'rgb(255, 0, 0)',
  );
  // Jumping past a comment's time does not show it; playing past it does.
  await page.evaluate(() => getCurrentPages().at(-1).timed.seek(3.5));
  await sleep(500);
  assert.deepEqual(await texts(), ['at 0 s', 'at 1 s']);
  await page.evaluate(() => getCurrentPages().at(-1).timed.seek(2.7));
  await page.waitForFunction(
    (s) =>
      document.querySelector('#wx-viewport').shadowRoot.querySelector(s).querySelector('video')
        .currentTime > 3.2,
    timed,
  );
  assert.deepEqual(await texts(), ['at 0 s', 'at 1 s', 'at 3 s']);
  await page.evaluate(() => getCurrentPages().at(-1).timed.pause());

  // danmu-btn switches the comments off and on; without enable-danmu they are hidden.
  const layer = `${timed} .wx-video-danmu`;
  assert.ok(await page.locator(layer).isVisible());
  await page.locator(`${timed} .wx-video-danmu-btn`).click();
  assert.ok(!(await page.locator(layer).isVisible()));
  await page.locator(`${timed} .wx-video-danmu-btn`).click();
  assert.ok(await page.locator(layer).isVisible());
  const plain = 'wx-page:not([hidden]) wx-video#plain';
  assert.ok(!(await page.locator(`${plain} .wx-video-danmu-btn`).isVisible()));
  await page.evaluate(() =>
    getCurrentPages().at(-1).plain.sendDanmu({ text: 'hidden', color: '#fff' }),
  );
  assert.equal(await page.locator(`${plain} .wx-video-danmu-item`).count(), 1);
  assert.ok(!(await page.locator(`${plain} .wx-video-danmu`).isVisible()));

  // A context for an id the page does not have warns and does nothing.
  const from = page.logs.length;
  await page.evaluate(() => wx.createVideoContext('nope').play());
  assert.match(await page.logs[from], /play: no <video> with id "nope"/);
  await context.close();
});
