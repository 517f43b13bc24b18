// Bench: wx.request against raw fetch (1,000 same-origin requests to the echo endpoint,
// 5 at a time, both sending WeChat's default content-type and parsing the JSON body),
// the same through the cross-origin proxy (against raw same-origin fetch), and 10,000
// WebSocket echo round trips against a raw WebSocket. Rounds alternate wx and raw; the
// figures are medians. Targets: request ≤ 1.05×, WebSocket ≤ 1.1×.
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
      const worker = async () => { while (started < count) { started += 1; await one(); } };
      const start = performance.now();
      await Promise.all(Array.from({ length: concurrency }, worker));
      return performance.now() - start;
    };
    const viaWx = (url) => () => new Promise((resolve, reject) =>
      wx.request({ url, success: resolve, fail: (res) => reject(new Error(res.errMsg)) }));
    const viaFetch = (url) => () => fetch(url, { headers: { 'content-type': 'application/json' } })
      .then((response) => response.text()).then(JSON.parse);

    const ROUNDS = 9;
    const times = { wx: [], raw: [], proxy: [] };
    for (let round = 0; round < ROUNDS + 1; round++) {
      // Alternate which side goes first, so drift in the server favours neither.
      const [first, second] = round % 2 ? [viaWx(echo), viaFetch(echo)] : [viaFetch(echo), viaWx(echo)];
      const a = await pool(1000, 5, first);
      const b = await pool(1000, 5, second);
      const [wxTime, rawTime] = round % 2 ? [a, b] : [b, a];
      const proxyTime = await pool(1000, 5, viaWx(crossOrigin));
      if (round === 0) continue; // warm-up
      times.wx.push(wxTime);
      times.raw.push(rawTime);
      times.proxy.push(proxyTime);
    }

    const N = 10000;
    const wxEcho = () => new Promise((resolve) => {
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
    const rawEcho = () => new Promise((resolve) => {
      const socket = new WebSocket(socketUrl);
      socket.onopen = () => {
        let count = 0;
        const start = performance.now();
        socket.onmessage = () => {
          count += 1;
          if (count === N) { resolve(performance.now() - start); socket.close(); } else socket.send('ping');
        };
        socket.send('ping');
      };
    });
    const sockets = { wx: [], raw: [] };
    for (let round = 0; round < 5; round++) {
      if (round % 2) {
        sockets.wx.push(await wxEcho());
        sockets.raw.push(await rawEcho());
      } else {
        sockets.raw.push(await rawEcho());
        sockets.wx.push(await wxEcho());
      }
    }
    await new Promise((resolve) => wx.closeSocket({ complete: resolve }));
    return {
      wx: median(times.wx), raw: median(times.raw), proxy: median(times.proxy),
      socketWx: median(sockets.wx), socketRaw: median(sockets.raw),
    };
  }, other.url);
  const perSecond = (ms, n) => Math.round(n / (ms / 1000)).toLocaleString('en').padStart(7);
  console.log('network, medians (1,000 requests 5 at a time × 9 rounds; 10,000 socket round trips × 5):');
  console.log(`wx.request         ${perSecond(result.wx, 1000)} req/s   fetch ${perSecond(result.raw, 1000)} req/s   ratio ${(result.wx / result.raw).toFixed(2)}× (target ≤ 1.05×)`);
  console.log(`via the proxy      ${perSecond(result.proxy, 1000)} req/s   fetch ${perSecond(result.raw, 1000)} req/s   ratio ${(result.proxy / result.raw).toFixed(2)}× (same-origin fetch; reported)`);
  console.log(`socket round trip  ${perSecond(result.socketWx, 10000)} msg/s   raw   ${perSecond(result.socketRaw, 10000)} msg/s   ratio ${(result.socketWx / result.socketRaw).toFixed(2)}× (target ≤ 1.10×)`);
} finally {
  await browser.close();
  other.stop();
}
