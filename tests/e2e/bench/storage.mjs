// Bench: setStorageSync/getStorageSync of a 100-byte object against the raw browser
// primitive, localStorage.setItem(JSON.stringify) / JSON.parse(localStorage.getItem),
// in one headless Chromium page. Each round times both sides back to back (alternating
// which goes first) and the figure is the median of the per-round ratios, which keeps
// GC pauses and machine noise from landing on one side. Target: ≤ 1.2×.
import { launch, openSimulator } from '../support.mjs';

const browser = await launch();
try {
  const context = await browser.newContext();
  const page = await openSimulator(context);
  const result = await page.evaluate(() => {
    const sample = {
      id: 10000,
      name: 'wxweb bench',
      tags: ['mini', 'program'],
      ok: true,
      score: 98.5,
      note: 'one hundred b',
    };
    // Enough operations per timing for performance.now()'s 0.1 ms granularity.
    const N = { setStorageSync: 2000, getStorageSync: 20000 };
    const ROUNDS = 61;
    const WARMUP = 5;
    // Each write stores a different value (the id changes), as real writes do.
    const seconds = (body, n) => {
      const start = performance.now();
      for (let i = 0; i < n; i++) body(i);
      return (performance.now() - start) / 1000;
    };
    const pairs = {
      setStorageSync: {
        raw: (i) => {
          sample.id = i;
          localStorage.setItem('bench-raw', JSON.stringify(sample));
        },
        wx: (i) => {
          sample.id = i;
          wx.setStorageSync('bench', sample);
        },
      },
      getStorageSync: {
        raw: () => JSON.parse(localStorage.getItem('bench-raw')),
        wx: () => wx.getStorageSync('bench'),
      },
    };
    const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
    const report = { bytes: JSON.stringify(sample).length };
    for (const [name, { raw, wx: ours }] of Object.entries(pairs)) {
      const ratios = [];
      const rawTimes = [];
      const wxTimes = [];
      for (let round = 0; round < ROUNDS + WARMUP; round++) {
        const [first, second] = round % 2 ? [raw, ours] : [ours, raw];
        const a = seconds(first, N[name]);
        const b = seconds(second, N[name]);
        const [rawTime, wxTime] = round % 2 ? [a, b] : [b, a];
        if (round < WARMUP) continue;
        ratios.push(wxTime / rawTime);
        rawTimes.push(rawTime);
        wxTimes.push(wxTime);
      }
      report[name] = {
        wx: N[name] / median(wxTimes),
        raw: N[name] / median(rawTimes),
        ratio: median(ratios),
      };
    }
    return report;
  });
  const ops = (value) => Math.round(value).toLocaleString('en').padStart(9);
  console.log(
    `storage, ${result.bytes}-byte object, medians of 61 paired rounds (2,000 sets / 20,000 gets each):`,
  );
  for (const name of ['setStorageSync', 'getStorageSync']) {
    const { wx, raw, ratio } = result[name];
    console.log(
      `${name.padEnd(16)} wx ${ops(wx)} ops/s   raw ${ops(raw)} ops/s   ratio ${ratio.toFixed(2)}× (target ≤ 1.20×)`,
    );
  }
} finally {
  await browser.close();
}
