// Bench: wx.request against raw fetch (1,000 same-origin requests to the echo endpoint,
// 5 at a time, both sending WeChat's default content-type and parsing the JSON body),
// the same through the cross-origin proxy (against raw same-origin fetch), and WebSocket
// echo round trips (15 rounds of 2,000) against a raw WebSocket. Each round times both
// sides back to back, alternating which goes first; the ratio is the median of the
// per-round ratios. Targets: request ≤ 1.05×, WebSocket ≤ 1.1×.
import { launch, openSimulator, startServer } from '../support.mjs';

const other = await startServer();
const browser = await launch();
try {
  const page = await openSimulator(await browser.newContext());
  const result = await page.evaluate(async (otherUrl) => {
    const echo = new URL('__wxweb/test/echo', location.href).href;
    const crossOrigin = new URL('__wxweb/test/echo', otherUrl).href;
    const socketUrl = new URL('__wxweb/test/ws', location.href).href.replace(/^http/, 'ws');
    const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
    const pool = async (count, concurrency, one) => {
      let started = 0;
      const worker = async () => {
        while (started < count) {
          started += 1;
          await one();
        }
      };
      const start = performance.now();
      await Promise.all(Array.from({ length: concurrency }, worker));
      return performance.now() - start;
    };
    const viaWx = (url) => () =>
      new Promise((resolve, reject) =>
        wx.request({ url, success: resolve, fail: (res) => reject(new Error(res.errMsg)) }),
      );
    const viaFetch = (url) => () =>
      fetch(url, { headers: { 'content-type': 'application/json' } })
        .then((response) => response.text())
        .then(JSON.parse);

    const ROUNDS = 9;
    const times = { wx: [], raw: [], proxy: [], ratio: [], proxyRatio: [] };
    for (let round = 0; round < ROUNDS + 1; round++) {
      // Alternate which side goes first, so drift in the server favours neither.
      const [first, second] =
        round % 2 ? [viaWx(echo), viaFetch(echo)] : [viaFetch(echo), viaWx(echo)];
      const a = await pool(1000, 5, first);
      const b = await pool(1000, 5, second);
      const [wxTime, rawTime] = round % 2 ? [a, b] : [b, a];
      const proxyTime = await pool(1000, 5, viaWx(crossOrigin));
      if (round === 0) continue; // warm-up
      times.wx.push(wxTime);
      times.raw.push(rawTime);
      times.proxy.push(proxyTime);
      times.ratio.push(wxTime / rawTime);
      times.proxyRatio.push(proxyTime / rawTime);
    }

    const N = 2000;
    const wxEcho = () =>
      new Promise((resolve) => {
        wx.onSocketOpen(() => {
          let count = 0;
          const start = performance.now();
          wx.onSocketMessage(() => {
            count += 1;
            if (count === N) resolve(performance.now() - start);
            else wx.sendSocketMessage({ data: 'ping' });
          });
          wx.sendSocketMessage({ data: 'ping' });
        });
        wx.connectSocket({ url: socketUrl });
      });
    const rawEcho = () =>
      new Promise((resolve) => {
        const socket = new WebSocket(socketUrl);
        socket.onopen = () => {
          let count = 0;
          const start = performance.now();
          socket.onmessage = () => {
            count += 1;
            if (count === N) {
              resolve(performance.now() - start);
              socket.close();
            } else socket.send('ping');
          };
          socket.send('ping');
        };
      });
    const sockets = { wx: [], raw: [], ratio: [] };
    for (let round = 0; round < 16; round++) {
      let wxTime;
      let rawTime;
      if (round % 2) {
        wxTime = await wxEcho();
        rawTime = await rawEcho();
      } else {
        rawTime = await rawEcho();
        wxTime = await wxEcho();
      }
      if (round === 0) continue; // warm-up
      sockets.wx.push(wxTime);
      sockets.raw.push(rawTime);
      sockets.ratio.push(wxTime / rawTime);
    }
    await new Promise((resolve) => wx.closeSocket({ complete: resolve }));
    return {
      wx: median(times.wx),
      raw: median(times.raw),
      proxy: median(times.proxy),
      ratio: median(times.ratio),
      proxyRatio: median(times.proxyRatio),
      socketWx: median(sockets.wx),
      socketRaw: median(sockets.raw),
      socketRatio: median(sockets.ratio),
    };
  }, other.url);
  const perSecond = (ms, n) =>
    Math.round(n / (ms / 1000))
      .toLocaleString('en')
      .padStart(7);
  console.log(
    'network, medians of paired rounds (9 × 1,000 requests 5 at a time; 15 × 2,000 socket round trips):',
  );
  console.log(
    `wx.request         ${perSecond(result.wx, 1000)} req/s   fetch ${perSecond(result.raw, 1000)} req/s   ratio ${result.ratio.toFixed(2)}× (target ≤ 1.05×)`,
  );
  console.log(
    `via the proxy      ${perSecond(result.proxy, 1000)} req/s   fetch ${perSecond(result.raw, 1000)} req/s   ratio ${result.proxyRatio.toFixed(2)}× (same-origin fetch; reported)`,
  );
  console.log(
    `socket round trip  ${perSecond(result.socketWx, 2000)} msg/s   raw   ${perSecond(result.socketRaw, 2000)} msg/s   ratio ${result.socketRatio.toFixed(2)}× (target ≤ 1.10×)`,
  );
} finally {
  await browser.close();
  other.stop();
}
