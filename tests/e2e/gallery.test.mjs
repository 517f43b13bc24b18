// The playground's gallery (playground/gallery): every entry of index.json is a mini program
// around one of the seed document's examples. Each one is opened in the playground
// (`/playground/#gallery=<id>`, served by `wxweb serve`; the entries that reach the
// network also on a plain static server over dist/, with no proxy), its first page must
// render with no page error and no console error or warning of ours, and its example is
// run as a visitor would (the first button, the overlays answered) until the page shows
// the result, or the errMsg of a request that cannot reach the seed's made-up servers.
// One screenshot per section goes to tests/e2e/artifacts/gallery-<section>.png.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startStaticServer } from './static-server.mjs';
import { launch, startServer } from './support.mjs';

const GALLERY = fileURLToPath(new URL('../../playground/gallery/', import.meta.url));
const ARTIFACTS = fileURLToPath(new URL('artifacts/', import.meta.url));
const INDEX = JSON.parse(readFileSync(join(GALLERY, 'index.json'), 'utf8'));
const DIST = process.env.WXWEB_DIST ?? fileURLToPath(new URL('../../dist/', import.meta.url));
const SECTIONS = ['网络', '媒体', '数据', '位置', '设备', '界面', '开发接口'];
/** The entry of each section whose screen is kept as tests/e2e/artifacts/gallery-<folder>.png. */
const SCREENSHOT = new Set([
  'request',
  'choose-image',
  'set-storage',
  'open-location',
  'get-system-info',
  'show-modal',
  'login',
]);

/** Console messages the browser writes itself about a resource that failed to load (the
 * seed's made-up hosts, map tiles offline), not messages of the runtime or the app. */
const BROWSER_NOISE = /^Failed to load resource|has been blocked by CORS policy|net::ERR_/;

const ON = 'wx-page:not([hidden])';
const result = (page) => page.locator(`${ON} #result`);
const tap = (page, text) => page.locator(`${ON} wx-button`, { hasText: text }).first().click();

let browser;
let video;
let served; // wxweb serve, with its proxy
let site; // a plain static server over dist/
before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launch();
  served = await startServer([]);
  site = await startStaticServer(DIST);
});
after(async () => {
  await browser?.close();
  await served?.stop();
  await site?.stop();
});

/**
 * A browser context and page for one entry (storage does not carry over): `problems` collects page errors, wxweb:error events and
 * console errors and warnings other than the browser's own resource messages; a file
 * chooser is answered with the test image, or a short video for chooseVideo.
 */
async function newVisitor() {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    permissions: ['geolocation'],
    geolocation: { latitude: 39.9042, longitude: 116.4074, accuracy: 20 },
  });
  await context.addInitScript(() => {
    addEventListener('wxweb:error', ({ detail }) =>
      console.error(`wxweb:error ${detail.type} ${detail.file}:${detail.line} ${detail.message}`),
    );
  });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    const type = message.type();
    if ((type === 'error' || type === 'warning') && !BROWSER_NOISE.test(message.text()))
      problems.push(`console.${type}: ${message.text()}`);
  });
  page.on('filechooser', async (chooser) => {
    const accept = (await chooser.element().getAttribute('accept')) ?? '';
    const file = accept.startsWith('video')
      ? { name: 'clip.webm', mimeType: 'video/webm', buffer: await videoFile() }
      : join(GALLERY, 'media/get-image-info/pages/index/images/a.jpg');
    await chooser.setFiles(file);
  });
  return { context, page, problems };
}

/**
 * Opens gallery entry `entry` in the playground in `page` (on `wxweb serve`, or with
 * `proxy: false` on the static server) and resolves, once its first page has rendered,
 * with `{app}`: the Frame the simulator runs it in (`#run-frame`).
 */
async function openEntry(page, entry, { proxy = true } = {}) {
  const base = proxy ? served.url : site.url;
  await page.goto(`${base}playground/#gallery=${entry.id}`);
  await page.locator('#run-status', { hasText: 'Showing' }).waitFor({ timeout: 20000 });
  const app = page.frame({ url: /[?&]files=parent/ });
  assert.ok(app, 'the run frame');
  await app.evaluate(() => globalThis.wxReady);
  return { app };
}

/** A 0.6 s WebM recorded from a canvas by the browser itself (made once). */
async function videoFile() {
  if (video) return video;
  const page = await browser.newPage();
  const bytes = await page.evaluate(async () => {
    const canvas = Object.assign(document.createElement('canvas'), { width: 160, height: 120 });
    const ctx = canvas.getContext('2d');
    const recorder = new MediaRecorder(canvas.captureStream(25), { mimeType: 'video/webm' });
    const chunks = [];
    recorder.ondataavailable = (e) => chunks.push(e.data);
    let frame = 0;
    const timer = setInterval(() => {
      frame += 1;
      ctx.fillStyle = `hsl(${(frame * 12) % 360} 70% 55%)`;
      ctx.fillRect(0, 0, 160, 120);
    }, 40);
    recorder.start();
    await new Promise((r) => setTimeout(r, 600));
    recorder.stop();
    await new Promise((r) => (recorder.onstop = r));
    clearInterval(timer);
    return [...new Uint8Array(await new Blob(chunks).arrayBuffer())];
  });
  await page.close();
  video = Buffer.from(bytes);
  return video;
}

/** Waits until the shown page's #result matches `pattern`; fails with what it shows. A
 * request to a made-up host can take a while to fail (the browser's DNS resolver retries;
 * networkTimeout in the entries' app.json caps it at 10 s). */
async function shows(page, pattern, timeout = 12000) {
  const deadline = Date.now() + timeout;
  let text = '';
  while (Date.now() < deadline) {
    text =
      (await result(page)
        .textContent({ timeout: 200 })
        .catch(() => null)) ?? '';
    if (pattern.test(text)) return text;
    await page.waitForTimeout(50);
  }
  assert.fail(`#result should match ${pattern}, shows ${JSON.stringify(text)}`);
}

/** Records with the fake microphone: the first button starts, “停止录音” stops. */
async function record(page) {
  await tap(page, '');
  await shows(page, /录音中/);
  await page.waitForTimeout(300);
  await tap(page, '停止录音');
}

/** What a visitor does on an entry's page (`page`: the Page or Frame of the simulator), and
 * what the page must then show. A pattern: tap the first button unless the example ran on
 * load, then wait until #result matches it. */
const RUNS = {
  // 网络: the seed's hosts do not exist; every call ends in its fail, shown on the page.
  request: /request:fail invalid url \\"test\.php\\"/,
  'upload-file': /chooseImage:ok|uploadFile:fail/,
  'download-file': /downloadFile:fail/,
  'connect-socket': /connectSocket:fail invalid url/,
  'on-socket-open': /connectSocket:fail/,
  'on-socket-error': /connectSocket:fail/,
  'send-socket-message': async (page) => {
    await tap(page, '连接');
    await shows(page, /connectSocket:fail/);
    await tap(page, '发送一条消息');
    await shows(page, /队列里有 1 条消息/);
  },
  'on-socket-message': /connectSocket:fail/,
  'close-socket': /connectSocket:fail/,
  // 媒体
  'choose-image': async (page) => {
    await tap(page, '选择图片');
    await shows(page, /chooseImage:ok/);
    await page.locator(`${ON} wx-image.chosen`).waitFor();
  },
  'preview-image': async (page) => {
    await tap(page, '运行示例');
    await shows(page, /previewImage:fail urls is empty/);
    await tap(page, '预览 images/a.jpg');
    await shows(page, /previewImage:ok/);
  },
  'get-image-info': async (page) => {
    await shows(page, /"width": 300,\s+"height": 200/);
    await tap(page, '选择图片并获取信息');
    await shows(page, /wxfile:\/\/tmp_/);
  },
  'start-record': async (page) => {
    await record(page);
    await shows(page, /wxfile:\/\/tmp_[\s\S]*startRecord:ok/);
  },
  'play-voice': async (page) => {
    await record(page);
    await shows(page, /播放 wxfile:\/\/tmp_/);
  },
  'pause-voice': async (page) => {
    await record(page);
    await shows(page, /播放 wxfile:\/\/tmp_.*5 秒后暂停/);
  },
  'stop-voice': async (page) => {
    await record(page);
    await shows(page, /播放 wxfile:\/\/tmp_.*5 秒后结束/);
  },
  'get-background-audio-player-state': /getBackgroundAudioPlayerState:ok/,
  'play-background-audio': /playBackgroundAudio:fail/,
  'pause-background-audio': /getBackgroundAudioPlayerState:ok/,
  'seek-background-audio': /getBackgroundAudioPlayerState:ok/,
  'stop-background-audio': /getBackgroundAudioPlayerState:ok/,
  'save-file': async (page) => {
    await record(page);
    await shows(page, /wxfile:\/\/store_[\s\S]*saveFile:ok/);
  },
  'get-saved-file-list': /getSavedFileList:ok/,
  'get-saved-file-info': /getSavedFileInfo:fail/,
  'remove-saved-file': /没有已保存的文件/,
  'open-document': /downloadFile:fail/,
  'choose-video': async (page) => {
    await tap(page, '获取视频');
    await shows(page, /chooseVideo:ok/);
    assert.match(await page.$eval(`${ON} wx-video`, (el) => el.src), /^blob:|^wxfile:/);
  },
  'create-audio-context': /audioCtx\.play\(\)/,
  'create-video-context': async (page) => {
    const input = page.locator(`${ON} .btn-area wx-input input`);
    await input.fill('你好，弹幕');
    await input.blur();
    await tap(page, '发送弹幕');
    await shows(page, /已发送弹幕：你好，弹幕/);
  },
  // 数据
  'set-storage': /setStorage:ok[\s\S]*key = "value"/,
  'get-storage': /getStorage:fail data not found/,
  'get-storage-info': /"limitSize": 10240/,
  'remove-storage': /removeStorage:ok[\s\S]*剩下的 keys：\[\]/,
  'clear-storage': /"keys": \[\]/,
  // 位置: the context's geolocation is Beijing.
  'get-location': /"latitude": 39\.90[\s\S]*getLocation:ok/,
  'choose-location': async (page) => {
    await tap(page, '选择位置');
    await page.locator('.wx-map-confirm').click();
    await shows(page, /chooseLocation:ok/);
  },
  'open-location': async (page) => {
    await tap(page, '');
    await shows(page, /openLocation:(ok|fail)/);
    await page.locator('.wx-map').waitFor();
  },
  // 设备
  'get-network-type': /getNetworkType:ok/,
  'get-system-info': /"model": "iPhone 6"[\s\S]*getSystemInfo:ok/,
  'on-accelerometer-change': async (page) => {
    await shows(page, /等待重力感应数据/);
    await page.locator('input[data-sensor="gamma"]').fill('30');
    await shows(page, /"x": -?0\.\d+/);
  },
  'on-compass-change': async (page) => {
    await shows(page, /等待罗盘数据/);
    await page.locator('input[data-sensor="heading"]').fill('90');
    await shows(page, /"direction": \d+/);
  },
  'make-phone-call': async (page) => {
    await tap(page, '');
    await page.locator('.wx-call-cancel').click();
    await shows(page, /makePhoneCall:fail cancel/);
  },
  // 界面
  'show-toast': async (page) => {
    await tap(page, '');
    await shows(page, /showToast:ok/);
    await page.locator('.wx-toast', { hasText: '成功' }).waitFor();
  },
  'hide-toast': async (page) => {
    await tap(page, '');
    await page.locator('.wx-toast', { hasText: '加载中' }).waitFor();
    await shows(page, /2 秒后 hideToast/, 4000);
    assert.equal(await page.locator('.wx-toast').count(), 0);
  },
  'show-modal': async (page, screenshot) => {
    await tap(page, '');
    await page.locator('.wx-modal', { hasText: '这是一个模态弹窗' }).waitFor();
    await screenshot?.();
    await page.locator('.wx-modal-confirm').click();
    await shows(page, /"confirm": true/);
  },
  'show-action-sheet': async (page) => {
    await tap(page, '');
    await page.locator('.wx-sheet button', { hasText: 'B' }).click();
    await shows(page, /"tapIndex": 1/);
  },
  'set-navigation-bar-title': async (page) => {
    await tap(page, '');
    await shows(page, /setNavigationBarTitle:ok/);
    assert.equal(
      await page.evaluate(() => {
        const root = document.querySelector('#wx-viewport').shadowRoot;
        return root.textContent.includes('当前页面');
      }),
      true,
    );
  },
  'navigation-bar-loading': /showNavigationBarLoading/,
  'navigate-to': async (page) => {
    await tap(page, '');
    await page.evaluate(() => globalThis.wxweb.pageReady('pages/index/test'));
    await shows(page, /onLoad\(option\)：\{"id":"1"\}/);
    assert.equal(await page.evaluate(() => getCurrentPages().length), 2);
  },
  'redirect-to': async (page) => {
    await tap(page, '');
    await page.evaluate(() => globalThis.wxweb.pageReady('pages/index/test'));
    await shows(page, /onLoad\(option\)：\{"id":"1"\}/);
    assert.equal(await page.evaluate(() => getCurrentPages().length), 1);
  },
  'navigate-back': async (page) => {
    await shows(page, /页面栈：1 层/);
    await tap(page, '打开第 2 层');
    await page.evaluate(() => globalThis.wxweb.pageReady('pages/level/level'));
    await tap(page, '再打开一层');
    await page.locator(`${ON} .page-title`, { hasText: '第 3 层' }).waitFor();
    await tap(page, '返回首页');
    await page.evaluate(() => globalThis.wxweb.pageReady('pages/index/index'));
    await shows(page, /页面栈：1 层/);
  },
  'create-animation': async (page) => {
    // onShow scales and rotates the box at once, then translates it 1 s later.
    const box = page.locator(`${ON} #box`);
    await page.waitForFunction(
      (el) => getComputedStyle(el).transform !== 'none',
      await box.elementHandle(),
    );
    await tap(page, '旋转同时放大');
  },
  'create-context': async (page) => {
    await tap(page, '运行示例');
    await shows(page, /wx\.drawCanvas × 3，actions：\[\]/);
    await tap(page, '画点东西');
    await shows(page, /每个 \d+ 个动作/);
    // The first canvas has the green square at (20, 20) in its CSS pixels.
    await page.waitForFunction(() => {
      const root = document.querySelector('#wx-viewport').shadowRoot;
      const canvas = root.querySelector('wx-page:not([hidden]) wx-canvas canvas');
      const scale = canvas.width / canvas.clientWidth;
      const [r, g, b] = canvas.getContext('2d').getImageData(20 * scale, 20 * scale, 1, 1).data;
      return r === 0x1a && g === 0xad && b === 0x19;
    });
  },
  'hide-keyboard': async (page) => {
    await page.locator(`${ON} wx-input input`).focus();
    await shows(page, /得到焦点/);
    await tap(page, '');
    await shows(page, /失去焦点|hideKeyboard\(\) 已调用/);
  },
  'stop-pull-down-refresh': /stopPullDownRefresh\(\) 已调用/,
  // 开发接口: the code is shown at once; the seed's https://test.com does not exist.
  login: async (page) => {
    await shows(page, /"errMsg": "login:ok"[\s\S]*request:fail/);
    await tap(page, '再登录一次');
    await shows(page, /request:fail[\s\S]*"errMsg": "login:ok"\s*\}$/);
  },
};

/** Runs `entry` in `visitor`'s page as a person would; saves the section's screenshot. */
async function runEntry(entry, folder, options) {
  const { context, page, problems } = await newVisitor();
  try {
    const { app } = await openEntry(page, entry, options);
    const title = app.locator(`${ON} .page-title`).first();
    assert.ok((await title.textContent()).trim(), 'the page shows a title');
    const file = join(ARTIFACTS, `gallery-${folder}.png`);
    const screenshot =
      SCREENSHOT.has(entry.id) && !options ? () => page.screenshot({ path: file }) : null;
    const run = RUNS[entry.id];
    assert.ok(run, `the test knows what ${entry.id} shows`);
    if (typeof run === 'function') {
      await run(app, screenshot);
    } else {
      // A page whose example needs no gesture has run it on load already.
      if ((await result(app).count()) === 0) await tap(app, '');
      await shows(app, run);
    }
    if (screenshot && entry.id !== 'show-modal') await screenshot();
    await app.waitForTimeout(100);
    assert.deepEqual(problems, [], 'no page error, no console error or warning of ours');
  } finally {
    await context.close();
  }
}

test('the index lists the seed sections in order, each entry with a folder of its own', () => {
  assert.deepEqual(
    INDEX.sections.map((s) => s.title),
    SECTIONS,
  );
  const ids = new Set();
  for (const section of INDEX.sections) {
    assert.ok(section.entries.length > 0, section.title);
    for (const entry of section.entries) {
      assert.match(entry.id, /^[a-z0-9-]+$/);
      assert.ok(!ids.has(entry.id), `${entry.id} is unique`);
      ids.add(entry.id);
      assert.match(entry.title, /^wx\.\w+/);
      assert.ok(entry.description.length > 4, `${entry.id} has a description`);
      const dir = join(GALLERY, entry.folder);
      for (const file of ['app.json', 'app.js', 'app.wxss', 'pages/index/index.js']) {
        assert.ok(existsSync(join(dir, file)), `${entry.folder}/${file}`);
      }
      for (const ext of ['wxml', 'wxss', 'json']) {
        assert.ok(
          existsSync(join(dir, `pages/index/index.${ext}`)),
          `${entry.folder} index.${ext}`,
        );
      }
      const app = JSON.parse(readFileSync(join(dir, 'app.json'), 'utf8'));
      assert.ok(app.window.navigationBarTitleText, `${entry.id} has a title bar`);
    }
  }
  // Every folder under the gallery is an entry.
  const folders = INDEX.sections.flatMap((s) => s.entries.map((e) => e.folder)).sort();
  const onDisk = readdirSync(GALLERY)
    .filter((name) => statSync(join(GALLERY, name)).isDirectory())
    .flatMap((section) => readdirSync(join(GALLERY, section)).map((name) => `${section}/${name}`))
    .sort();
  assert.deepEqual(onDisk, folders);
  assert.ok(ids.size >= 50, `${ids.size} entries`);
});

for (const section of INDEX.sections) {
  test(`gallery ${section.title}: every entry runs with no error of ours`, async (t) => {
    const folder = section.entries[0].folder.split('/')[0];
    for (const entry of section.entries) {
      await t.test(`${entry.id} (${entry.title})`, () => runEntry(entry, folder));
    }
  });
}

// On a static host there is no proxy: requests go straight from the browser, where the
// seed's made-up hosts fail as they do behind the proxy, with the errMsg on the page.
const REACHING_OUT = ['upload-file', 'download-file', 'open-document', 'login'];

test('the entries that reach the network, without the proxy (as on a static host)', async (t) => {
  const entries = INDEX.sections.flatMap((s) => s.entries);
  for (const id of REACHING_OUT) {
    const entry = entries.find((e) => e.id === id);
    const folder = entry.folder.split('/')[0];
    await t.test(id, () => runEntry(entry, folder, { proxy: false }));
  }
});
