// Bench: (1) saveFile of 100 temporary files of 10 KB (issued together) followed by
// getSavedFileList, against the raw browser primitive: 100 IndexedDB puts of the same
// Blobs, one transaction each, issued together. (2) getImageInfo of a 1000×1000 PNG,
// over http and as a wxfile:// file, against `new Image()` + `decode()` of the same URL.
// Each round times both sides back to back, alternating which goes first; the figures
// are medians (of the per-round ratios for the ratio).
import { fileURLToPath } from 'node:url';
import { launch, openSimulator, startServer } from '../support.mjs';

const FIXTURE = fileURLToPath(new URL('../fixtures/files', import.meta.url));
const server = await startServer([FIXTURE]);
const browser = await launch();
try {
  const context = await browser.newContext();
  const page = await openSimulator(context, '', server.url);
  const result = await page.evaluate(async () => {
    const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
    const promised = (name, options = {}) =>
      new Promise((resolve, reject) =>
        wx[name]({ ...options, success: resolve, fail: (res) => reject(new Error(res.errMsg)) }),
      );
    const FILES = 100;
    const SIZE = 10 * 1024;
    const bytesUrl = new URL(`__wxweb/test/bytes/${SIZE}?name=f.bin`, location.href).href;
    // The temporary files to save, downloaded 5 at a time (the seed profile's limit).
    const temps = async () => {
      const paths = [];
      while (paths.length < FILES) {
        const batch = await Promise.all(
          Array.from({ length: 5 }, () => promised('downloadFile', { url: bytesUrl })),
        );
        paths.push(...batch.map((res) => res.tempFilePath));
      }
      return paths;
    };
    const blobs = Array.from({ length: FILES }, (_, i) => new Blob([new Uint8Array(SIZE).fill(i)]));
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open('bench-raw-files', 1);
      request.onupgradeneeded = () => request.result.createObjectStore('items');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const put = (key, value) =>
      new Promise((resolve, reject) => {
        const transaction = db.transaction('items', 'readwrite');
        transaction.objectStore('items').put(value, key);
        transaction.oncomplete = resolve;
        transaction.onerror = transaction.onabort = () => reject(transaction.error);
      });
    const clearRaw = () =>
      new Promise((resolve) => {
        const transaction = db.transaction('items', 'readwrite');
        transaction.objectStore('items').clear();
        transaction.oncomplete = resolve;
      });

    const save = { wx: [], raw: [], ratio: [] };
    const ROUNDS = 9;
    for (let round = 0; round < ROUNDS + 1; round++) {
      const paths = await temps();
      const ours = async () => {
        const start = performance.now();
        await Promise.all(paths.map((tempFilePath) => promised('saveFile', { tempFilePath })));
        const list = await promised('getSavedFileList');
        if (list.fileList.length !== FILES) throw new Error(`listed ${list.fileList.length}`);
        return performance.now() - start;
      };
      const raw = async () => {
        const start = performance.now();
        const now = Math.floor(Date.now() / 1000);
        await Promise.all(
          blobs.map((blob, i) => put(`k${round}-${i}`, { blob, size: blob.size, createTime: now })),
        );
        return performance.now() - start;
      };
      const [wxTime, rawTime] =
        round % 2 ? [await ours(), await raw()] : (([r, w]) => [w, r])([await raw(), await ours()]);
      const { fileList } = await promised('getSavedFileList');
      await Promise.all(
        fileList.map((file) => promised('removeSavedFile', { filePath: file.filePath })),
      );
      await clearRaw();
      if (round === 0) continue; // warm-up
      save.wx.push(wxTime);
      save.raw.push(rawTime);
      save.ratio.push(wxTime / rawTime);
    }

    const imageUrl = new URL('app/images/big.png', location.href).href;
    const wxfile = (await promised('downloadFile', { url: imageUrl })).tempFilePath;
    const info = {};
    const N = 20;
    for (const [label, src] of [
      ['http', imageUrl],
      ['wxfile', wxfile],
    ]) {
      // The raw side loads the same bytes the same way: the http URL, or a blob: URL.
      const rawUrl = src.startsWith('wxfile:')
        ? URL.createObjectURL(await (await fetch(imageUrl)).blob())
        : src;
      const ours = async () => {
        const start = performance.now();
        for (let i = 0; i < N; i++) {
          const res = await promised('getImageInfo', { src });
          if (res.width !== 1000 || res.height !== 1000)
            throw new Error(`${res.width}×${res.height}`);
        }
        return (performance.now() - start) / N;
      };
      const raw = async () => {
        const start = performance.now();
        for (let i = 0; i < N; i++) {
          const image = new Image();
          image.src = rawUrl;
          await image.decode();
          if (image.naturalWidth !== 1000) throw new Error('raw size');
        }
        return (performance.now() - start) / N;
      };
      const times = { wx: [], raw: [], ratio: [] };
      for (let round = 0; round < 16; round++) {
        const [wxTime, rawTime] =
          round % 2
            ? [await ours(), await raw()]
            : (([r, w]) => [w, r])([await raw(), await ours()]);
        if (round === 0) continue;
        times.wx.push(wxTime);
        times.raw.push(rawTime);
        times.ratio.push(wxTime / rawTime);
      }
      info[label] = { wx: median(times.wx), raw: median(times.raw), ratio: median(times.ratio) };
    }
    return {
      save: { wx: median(save.wx), raw: median(save.raw), ratio: median(save.ratio) },
      info,
    };
  });
  const ms = (value) => `${value.toFixed(2).padStart(7)} ms`;
  console.log('files, medians of 9 paired rounds:');
  console.log(
    `saveFile ×100 (10 KB) + getSavedFileList   wx ${ms(result.save.wx)}   raw IndexedDB puts ${ms(result.save.raw)}   ratio ${result.save.ratio.toFixed(2)}×`,
  );
  for (const [label, { wx, raw, ratio }] of Object.entries(result.info)) {
    console.log(
      `getImageInfo 1000×1000 PNG (${label.padEnd(6)})    wx ${ms(wx)}   raw Image.decode ${ms(raw)}   ratio ${ratio.toFixed(2)}×`,
    );
  }
} finally {
  await browser.close();
  server.stop();
}
