// Bench: wx.drawCanvas of 10,000 actions (setFillStyle, fillRect, beginPath, arc, fill in
// turn) against the same drawing made with direct CanvasRenderingContext2D calls, on the
// fixture's 200×120 canvas. Each round times both, alternating which goes first; the
// figure is the median of the per-round ratios, after WARMUP rounds that let the JS and
// wasm engines optimize both paths. Target: ≤ 1.3×.
import { fileURLToPath } from 'node:url';
import { launch, openSimulator, startServer } from '../support.mjs';

const FIXTURE = fileURLToPath(new URL('../fixtures/canvas', import.meta.url));
const server = await startServer([FIXTURE]);
const browser = await launch();
try {
  const context = await browser.newContext();
  const page = await openSimulator(context, '', server.url);
  const result = await page.evaluate(async () => {
    const ACTIONS = 10_000;
    const ROUNDS = 15;
    const WARMUP = 5;
    const colors = ['#ff0000', '#00ff00', '#0000ff', '#123456'];
    const record = () => {
      const c = wx.createContext();
      for (let i = 0; c && i < ACTIONS / 5; i++) {
        c.setFillStyle(colors[i % 4]);
        c.fillRect(i % 200, i % 120, 5, 5);
        c.beginPath();
        c.arc(i % 200, (i * 7) % 120, 3, 0, 2 * Math.PI);
        c.fill();
      }
      return c.getActions();
    };
    const canvas = document
      .querySelector('#wx-viewport')
      .shadowRoot.querySelector('wx-canvas').canvas;
    const ratio = canvas.width / canvas.getBoundingClientRect().width;
    const direct = () => {
      const ctx = canvas.getContext('2d');
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      for (let i = 0; i < ACTIONS / 5; i++) {
        ctx.fillStyle = colors[i % 4];
        ctx.fillRect(i % 200, i % 120, 5, 5);
        ctx.beginPath();
        ctx.arc(i % 200, (i * 7) % 120, 3, 0, 2 * Math.PI);
        ctx.fill();
      }
      ctx.getImageData(0, 0, 1, 1); // wait for the drawing, as a read-back would
    };
    const viaWx = (actions) =>
      new Promise((resolve) =>
        wx.drawCanvas({
          canvasId: 'main',
          actions,
          complete: () => {
            canvas.getContext('2d').getImageData(0, 0, 1, 1);
            resolve();
          },
        }),
      );
    const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
    const recordStart = performance.now();
    const actions = record();
    const recordMs = performance.now() - recordStart;
    const ratios = [],
      wxTimes = [],
      rawTimes = [];
    for (let round = 0; round < WARMUP + ROUNDS; round++) {
      let wxTime, rawTime;
      const timeRaw = () => {
        const t = performance.now();
        direct();
        rawTime = performance.now() - t;
      };
      const timeWx = async () => {
        const t = performance.now();
        await viaWx(actions);
        wxTime = performance.now() - t;
      };
      if (round % 2) {
        timeRaw();
        await timeWx();
      } else {
        await timeWx();
        timeRaw();
      }
      if (round < WARMUP) continue;
      ratios.push(wxTime / rawTime);
      wxTimes.push(wxTime);
      rawTimes.push(rawTime);
    }
    return {
      recordMs,
      wx: median(wxTimes),
      raw: median(rawTimes),
      ratio: median(ratios),
      count: actions.length,
    };
  });
  console.log(
    `canvas, 10,000 calls (${result.count.toLocaleString('en')} actions), medians of 15 paired rounds:`,
  );
  console.log(
    `drawCanvas ${result.wx.toFixed(1)} ms   direct 2D calls ${result.raw.toFixed(1)} ms   ratio ${result.ratio.toFixed(2)}× (target ≤ 1.30×)`,
  );
  console.log(`recording them with createContext: ${result.recordMs.toFixed(1)} ms`);
} finally {
  await browser.close();
  server.stop();
}
