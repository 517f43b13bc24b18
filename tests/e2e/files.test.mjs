// Files and media on a fixture mini program (fixtures/files): saved files across reloads
// and the 10 MB limit, openDocument's views, chooseImage / chooseVideo through
// Playwright's file chooser with images and a video made by the tests, previewImage's
// viewer and getImageInfo for every kind of source. Screenshots in tests/e2e/artifacts/.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { call, openSimulator, serveFixture, waitForWx } from './support.mjs';

const ARTIFACTS = fileURLToPath(new URL('artifacts/', import.meta.url));
const fixture = serveFixture('files');
before(() => mkdirSync(ARTIFACTS, { recursive: true }));

async function open() {
  const context = await fixture.browser.newContext({ viewport: { width: 420, height: 860 } });
  const page = await openSimulator(context, '', fixture.server.url);
  return { context, page };
}

const bytes = (n, name) => new URL(`__wxweb/test/bytes/${n}?name=${name}`, fixture.server.url).href;

async function download(page, n, name) {
  const [which, res] = await call(page, 'downloadFile', { url: bytes(n, name) });
  assert.equal(which, 'success', JSON.stringify(res));
  return res.tempFilePath;
}

/** Starts `body` (which opens the file picker) and answers the picker with `files`. */
async function choose(page, body, files) {
  const chooser = page.waitForEvent('filechooser');
  const result = page.evaluate(body);
  await (await chooser).setFiles(files);
  return result;
}

/** PNG images of random pixels (so JPEG gains a lot), `width`×`height`, made in the page. */
async function noisyPngs(page, count, width, height) {
  const encoded = await page.evaluate(
    async ([count, width, height]) => {
      const out = [];
      for (let n = 0; n < count; n++) {
        const canvas = document.createElement('canvas');
        canvas.width = width;
        canvas.height = height;
        const context = canvas.getContext('2d');
        const pixels = context.createImageData(width, height);
        for (let i = 0; i < pixels.data.length; i++)
          pixels.data[i] = i % 4 === 3 ? 255 : Math.random() * 256;
        context.putImageData(pixels, 0, 0);
        out.push(canvas.toDataURL('image/png').split(',')[1]);
      }
      return out;
    },
    [count, width, height],
  );
  return encoded.map((base64, n) => ({
    name: `photo${n}.png`,
    mimeType: 'image/png',
    buffer: Buffer.from(base64, 'base64'),
  }));
}

test('download → saveFile → list → reload → list → info → remove; moves and unknown paths', async () => {
  const { context, page } = await open();
  const temp = await download(page, 10240, 'report.pdf');
  const [which, saved] = await call(page, 'saveFile', { tempFilePath: temp });
  assert.equal(which, 'success');
  assert.match(saved.savedFilePath, /^wxfile:\/\/store_[0-9a-f]{32}\.pdf$/);
  assert.equal(saved.errMsg, 'saveFile:ok');
  const path = saved.savedFilePath;

  assert.deepEqual(
    await call(page, 'saveFile', { tempFilePath: temp }),
    ['fail', { errMsg: 'saveFile:fail tempFilePath file not exist' }],
    'saving moved the temp file',
  );
  const other = await download(page, 500, 'other.bin');

  const list = async () => {
    const [which, res] = await call(page, 'getSavedFileList', {});
    assert.equal(which, 'success');
    assert.equal(res.errMsg, 'getSavedFileList:ok');
    return res.fileList;
  };
  const now = Math.floor(Date.now() / 1000);
  const before = await list();
  assert.equal(before.length, 1);
  assert.equal(before[0].filePath, path);
  assert.equal(before[0].size, 10240);
  assert.ok(
    Math.abs(before[0].createTime - now) <= 5,
    `createTime ${before[0].createTime} is in seconds`,
  );

  await page.reload();
  await waitForWx(page);
  assert.deepEqual(await list(), before, 'saved files survive a reload');
  assert.deepEqual(
    await call(page, 'saveFile', { tempFilePath: other }),
    ['fail', { errMsg: 'saveFile:fail tempFilePath file not exist' }],
    'temporary files do not',
  );
  const [, info] = await call(page, 'getSavedFileInfo', { filePath: path });
  assert.deepEqual(info, {
    size: 10240,
    createTime: before[0].createTime,
    errMsg: 'getSavedFileInfo:ok',
  });
  // The saved bytes are the downloaded ones, readable through every API taking a path.
  assert.deepEqual(
    await page.evaluate(
      (path) =>
        new Promise((resolve) =>
          wx.uploadFile({
            url: new URL('__wxweb/test/upload', location.href).href,
            filePath: path,
            name: 'file',
            success: (res) => resolve(JSON.parse(res.data).parts?.[0]?.size ?? res.data),
            fail: resolve,
          }),
        ),
      path,
    ),
    10240,
  );

  assert.deepEqual(await call(page, 'removeSavedFile', { filePath: path }), [
    'success',
    { errMsg: 'removeSavedFile:ok' },
  ]);
  assert.deepEqual(
    await call(page, 'removeSavedFile', { filePath: path }),
    ['fail', { errMsg: 'removeSavedFile:fail file not exist' }],
    'removing twice',
  );
  assert.deepEqual(await call(page, 'getSavedFileInfo', { filePath: path }), [
    'fail',
    { errMsg: 'getSavedFileInfo:fail file not exist' },
  ]);
  await page.reload();
  await waitForWx(page);
  assert.deepEqual(await list(), [], 'the removal is durable');
  await context.close();
});

test('saved files share 10 MB: a save past it fails and writes nothing', async () => {
  const { context, page } = await open();
  const first = await download(page, 6 * 1024 * 1024, 'a.bin');
  const second = await download(page, 5 * 1024 * 1024, 'b.bin');
  assert.equal((await call(page, 'saveFile', { tempFilePath: first }))[0], 'success');
  assert.deepEqual(await call(page, 'saveFile', { tempFilePath: second }), [
    'fail',
    { errMsg: 'saveFile:fail the maximum size of the file storage limit is exceeded' },
  ]);
  const small = await download(page, 4 * 1024 * 1024, 'c.bin');
  assert.equal(
    (await call(page, 'saveFile', { tempFilePath: small }))[0],
    'success',
    'exactly 10 MB fits',
  );
  await page.reload();
  await waitForWx(page);
  const [, res] = await call(page, 'getSavedFileList', {});
  // Both were saved in the same second: after a reload their order is not defined.
  assert.deepEqual(res.fileList.map((file) => file.size).sort(), [
    4 * 1024 * 1024,
    6 * 1024 * 1024,
  ]);
  for (const file of res.fileList) await call(page, 'removeSavedFile', { filePath: file.filePath });
  await context.close();
});

test('openDocument: PDF in the viewer, office files on a download page, other types fail', async () => {
  const { context, page } = await open();
  const pdf = await download(page, 2000, 'guide.pdf');
  assert.deepEqual(await call(page, 'openDocument', { filePath: pdf }), [
    'success',
    { view: 'viewer', errMsg: 'openDocument:ok' },
  ]);
  const frame = page.locator('.wx-document iframe');
  assert.equal(await frame.count(), 1);
  const served = await page.evaluate(
    async (src) => {
      const response = await fetch(src);
      return {
        type: response.headers.get('content-type'),
        size: (await response.arrayBuffer()).byteLength,
      };
    },
    await frame.getAttribute('src'),
  );
  assert.deepEqual(served, { type: 'application/pdf', size: 2000 });
  assert.equal(
    await page.locator('.wx-document-title').textContent(),
    pdf.slice('wxfile://'.length),
  );
  const inScreen = await page.evaluate(() => {
    const view = document.querySelector('.wx-document').getBoundingClientRect();
    const screen = document.querySelector('.wx-document').parentElement.getBoundingClientRect();
    return (
      view.width === screen.width && view.height === screen.height && view.width < innerWidth + 1
    );
  });
  assert.ok(inScreen, 'the view fills the device screen');

  const docx = await download(page, 3000, 'minutes.docx');
  assert.deepEqual(await call(page, 'openDocument', { filePath: docx }), [
    'success',
    { view: 'download', errMsg: 'openDocument:ok' },
  ]);
  assert.equal(await page.locator('.wx-document').count(), 1, 'the new view replaces the old');
  const link = page.locator('.wx-document-link');
  assert.equal(await link.getAttribute('download'), docx.slice('wxfile://'.length));
  assert.match(await page.locator('.wx-document-download').textContent(), /minutes|tmp_.*\.docx/);
  await page.screenshot({ path: `${ARTIFACTS}files-open-document.png` });
  const downloaded = page.waitForEvent('download');
  await link.click();
  assert.equal((await downloaded).suggestedFilename(), docx.slice('wxfile://'.length));
  await page.locator('.wx-document-back').click();
  assert.equal(await page.locator('.wx-document').count(), 0, 'the back button closes the view');

  const text = await download(page, 100, 'notes.txt');
  assert.deepEqual(await call(page, 'openDocument', { filePath: text }), [
    'fail',
    { errMsg: 'openDocument:fail filetype not supported' },
  ]);
  assert.deepEqual(await call(page, 'openDocument', { filePath: text, fileType: 'pdf' }), [
    'success',
    { view: 'viewer', errMsg: 'openDocument:ok' },
  ]);
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('.wx-document').count(), 0, 'Escape closes the view');
  await context.close();
});

test('chooseImage: count enforced, original sizes kept, compressed smaller, cancel fails', async () => {
  const { context, page } = await open();
  const images = await noisyPngs(page, 3, 240, 160);
  const chosen = await choose(
    page,
    () => new Promise((resolve) => wx.chooseImage({ count: 2, success: resolve, fail: resolve })),
    images,
  );
  assert.equal(chosen.errMsg, 'chooseImage:ok');
  assert.equal(chosen.tempFilePaths.length, 2, 'count 2 keeps two of three');
  assert.deepEqual(
    chosen.tempFiles.map((file) => file.size),
    images.slice(0, 2).map((image) => image.buffer.length),
  );
  assert.deepEqual(
    chosen.tempFiles.map((file) => file.path),
    chosen.tempFilePaths,
  );
  for (const path of chosen.tempFilePaths) assert.match(path, /^wxfile:\/\/tmp_[0-9a-f]{32}\.png$/);
  const [, info] = await call(page, 'getImageInfo', { src: chosen.tempFilePaths[1] });
  assert.deepEqual(info, {
    width: 240,
    height: 160,
    path: chosen.tempFilePaths[1],
    errMsg: 'getImageInfo:ok',
  });

  const all = await choose(
    page,
    () => new Promise((resolve) => wx.chooseImage({ success: resolve, fail: resolve })),
    images,
  );
  assert.equal(all.tempFilePaths.length, 3, 'the default count is 9');

  const compressed = await choose(
    page,
    () =>
      new Promise((resolve) =>
        wx.chooseImage({ count: 1, sizeType: ['compressed'], success: resolve }),
      ),
    images.slice(0, 1),
  );
  const [file] = compressed.tempFiles;
  assert.match(file.path, /\.jpg$/);
  assert.ok(
    file.size < images[0].buffer.length / 2,
    `compressed ${file.size} < original ${images[0].buffer.length}`,
  );
  const [, compressedInfo] = await call(page, 'getImageInfo', { src: file.path });
  assert.deepEqual(
    [compressedInfo.width, compressedInfo.height],
    [240, 160],
    'same pixels, smaller file',
  );

  const single = page.waitForEvent('filechooser');
  const singleResult = page.evaluate(
    () =>
      new Promise((resolve) =>
        wx.chooseImage({ count: 1, sourceType: ['album'], success: resolve }),
      ),
  );
  assert.equal((await single).isMultiple(), false, 'count 1 opens a single-file picker');
  await (await single).setFiles(images.slice(0, 1));
  await singleResult;

  // With nobody answering the file chooser, headless Chromium closes the picker as a
  // person cancelling it would: the input gets its cancel event.
  const cancelled = page.evaluate(
    () => new Promise((resolve) => wx.chooseImage({ fail: resolve })),
  );
  assert.deepEqual(await cancelled, { errMsg: 'chooseImage:fail cancel' });
  assert.equal(await page.locator('input.wx-file-picker').count(), 0, 'the input is gone');
  await context.close();
});

test('getImageInfo: http(s), relative to the page or the root, wxfile; failures', async () => {
  const { context, page } = await open();
  const base = fixture.server.url;
  const cases = [
    [`${base}app/images/big.png`, 1000, 1000],
    ['../../images/wide.png', 30, 20],
    ['/images/wide.png', 30, 20],
  ];
  for (const [src, width, height] of cases) {
    assert.deepEqual(
      await call(page, 'getImageInfo', { src }),
      ['success', { width, height, path: src, errMsg: 'getImageInfo:ok' }],
      src,
    );
  }
  assert.deepEqual(await call(page, 'getImageInfo', { src: `${base}app/images/missing.png` }), [
    'fail',
    { errMsg: 'getImageInfo:fail download image fail' },
  ]);
  assert.deepEqual(await call(page, 'getImageInfo', { src: 'images/missing.png' }), [
    'fail',
    { errMsg: 'getImageInfo:fail file not found' },
  ]);
  const notImage = await download(page, 100, 'x.png');
  assert.deepEqual(await call(page, 'getImageInfo', { src: notImage }), [
    'fail',
    { errMsg: 'getImageInfo:fail file not found' },
  ]);
  await context.close();
});

test('previewImage: starts at current, arrows and swipes move, wheel zooms, a tap closes', async () => {
  const { context, page } = await open();
  const [picked] = await noisyPngs(page, 1, 120, 90);
  const chosen = await choose(
    page,
    () => new Promise((resolve) => wx.chooseImage({ count: 1, success: resolve })),
    [picked],
  );
  const urls = [
    `${fixture.server.url}app/images/big.png`,
    chosen.tempFilePaths[0],
    '/images/wide.png',
  ];
  assert.deepEqual(await call(page, 'previewImage', { urls, current: urls[1] }), [
    'success',
    { errMsg: 'previewImage:ok' },
  ]);
  const view = page.locator('.wx-preview');
  assert.equal(await view.getAttribute('data-index'), '1');
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.wx-preview img')].every(
      (img) => img.complete && img.naturalWidth > 0,
    ),
  );
  assert.deepEqual(
    await page.$$eval('.wx-preview img', (imgs) => imgs.map((img) => img.naturalWidth)),
    [1000, 120, 30],
  );
  assert.equal(await page.locator('.wx-preview-index').textContent(), '2/3');
  await page.screenshot({ path: `${ARTIFACTS}files-preview-image.png` });

  await page.keyboard.press('ArrowRight');
  assert.equal(await view.getAttribute('data-index'), '2');
  await page.keyboard.press('ArrowRight');
  assert.equal(await view.getAttribute('data-index'), '2', 'stops at the last image');
  await page.locator('.wx-preview-prev').click();
  assert.equal(await view.getAttribute('data-index'), '1');

  const box = await view.boundingBox();
  const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.mouse.move(cx + 100, cy);
  await page.mouse.down();
  await page.mouse.move(cx - 100, cy, { steps: 5 });
  await page.mouse.up();
  assert.equal(await view.getAttribute('data-index'), '2', 'a swipe to the left shows the next');

  await page.mouse.move(cx, cy);
  await page.mouse.wheel(0, -300);
  assert.ok(Number(await view.getAttribute('data-scale')) > 2, 'the wheel zooms in');

  await page.mouse.click(cx, cy);
  await page.waitForSelector('.wx-preview', { state: 'detached' });
  assert.deepEqual(await call(page, 'previewImage', { urls: [] }), [
    'fail',
    { errMsg: 'previewImage:fail urls is empty' },
  ]);
  await context.close();
});

test('chooseVideo: duration, size and dimensions from a recorded video', async () => {
  const { context, page } = await open();
  // A 1.2 s 160×120 WebM recorded from a canvas in the page.
  const base64 = await page.evaluate(async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 160;
    canvas.height = 120;
    const context = canvas.getContext('2d');
    const stream = canvas.captureStream(30);
    const recorder = new MediaRecorder(stream, { mimeType: 'video/webm' });
    const chunks = [];
    recorder.ondataavailable = (event) => chunks.push(event.data);
    let frame = 0;
    const timer = setInterval(() => {
      context.fillStyle = `hsl(${frame++ * 12}, 80%, 50%)`;
      context.fillRect(0, 0, 160, 120);
    }, 33);
    recorder.start(100);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    await new Promise((resolve) => {
      recorder.onstop = resolve;
      recorder.stop();
    });
    clearInterval(timer);
    const buffer = await new Blob(chunks, { type: 'video/webm' }).arrayBuffer();
    let binary = '';
    for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
    return btoa(binary);
  });
  const video = {
    name: 'clip.webm',
    mimeType: 'video/webm',
    buffer: Buffer.from(base64, 'base64'),
  };
  const chooser = page.waitForEvent('filechooser');
  const result = page.evaluate(
    () =>
      new Promise((resolve) =>
        wx.chooseVideo({
          sourceType: ['camera'],
          camera: 'front',
          maxDuration: 30,
          success: resolve,
          fail: resolve,
        }),
      ),
  );
  const picker = await chooser;
  assert.equal(
    await picker.element().getAttribute('capture'),
    'user',
    'camera front → capture=user',
  );
  assert.equal(await picker.element().getAttribute('accept'), 'video/*');
  await picker.setFiles([video]);
  const res = await result;
  assert.equal(res.errMsg, 'chooseVideo:ok');
  assert.match(res.tempFilePath, /^wxfile:\/\/tmp_[0-9a-f]{32}\.webm$/);
  assert.equal(res.size, video.buffer.length);
  assert.deepEqual([res.width, res.height], [160, 120]);
  assert.ok(res.duration > 0.9 && res.duration < 2, `duration ${res.duration}`);

  const cancelled = page.evaluate(
    () => new Promise((resolve) => wx.chooseVideo({ fail: resolve })),
  );
  assert.deepEqual(await cancelled, { errMsg: 'chooseVideo:fail cancel' });
  await context.close();
});

test('chooseImage from the camera on a desktop: a live preview with a shutter (fake camera)', async () => {
  // The shared browser has Chromium's fake camera (support.mjs).
  const context = await fixture.browser.newContext({ viewport: { width: 1200, height: 900 } });
  try {
    const page = await openSimulator(context, '', fixture.server.url);
    const taken = page.evaluate(
      () =>
        new Promise((resolve) =>
          wx.chooseImage({ sourceType: ['camera'], success: resolve, fail: resolve }),
        ),
    );
    await page.waitForFunction(() => document.querySelector('.wx-camera video')?.videoWidth > 0);
    await page.screenshot({ path: `${ARTIFACTS}files-camera.png` });
    const inFrame = await page.evaluate(() => {
      const camera = document.querySelector('.wx-camera').getBoundingClientRect();
      return camera.width < innerWidth / 2; // inside the device frame, not the whole window
    });
    assert.ok(inFrame, 'the camera view is inside the device frame');
    await page.locator('.wx-camera-shutter').click();
    const res = await taken;
    assert.equal(res.errMsg, 'chooseImage:ok');
    assert.match(res.tempFilePaths[0], /\.jpg$/);
    const [, info] = await call(page, 'getImageInfo', { src: res.tempFilePaths[0] });
    assert.deepEqual([info.width, info.height], await page.evaluate(() => [640, 480]));
    assert.equal(await page.locator('.wx-camera').count(), 0, 'the preview closes');

    const cancelled = page.evaluate(
      () => new Promise((resolve) => wx.chooseImage({ sourceType: ['camera'], fail: resolve })),
    );
    await page.locator('.wx-camera-cancel').click();
    assert.deepEqual(await cancelled, { errMsg: 'chooseImage:fail cancel' });
  } finally {
    await context.close();
  }
});
