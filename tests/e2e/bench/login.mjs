// Bench: wx.login against the raw browser primitive it stands on, a `fetch` POST to
// wxweb serve's /__wxweb/login read as JSON. 100 sequential logins a side per round, in
// one headless Chromium page; each round times both sides back to back (alternating
// which goes first), and the figures are medians over the rounds.
import { launch, openSimulator } from '../support.mjs';

const browser = await launch();
try {
  const context = await browser.newContext();
  const page = await openSimulator(context);
  const result = await page.evaluate(async () => {
    const CALLS = 100;
    const ROUNDS = 11;
    const WARMUP = 2;
    const appid = globalThis.wxSimulator.appid;
    const wxLogin = () =>
      new Promise((resolve, reject) => wx.login({ success: resolve, fail: reject }));
    const rawLogin = () =>
      fetch(`/__wxweb/login?appid=${appid}`, {
        method: 'POST',
        cache: 'no-store',
        headers: { 'x-wxweb-api': 'login' }, // as the runtime sends it
      }).then((r) => r.json());
    const time = async (login) => {
      const start = performance.now();
      for (let i = 0; i < CALLS; i++) {
        const { code } = await login();
        if (typeof code !== 'string' || code.length !== 32) throw new Error(`no code: ${code}`);
      }
      return (performance.now() - start) / CALLS;
    };
    const sides = { wx: () => time(wxLogin), raw: () => time(rawLogin) };
    const times = { wx: [], raw: [] };
    const ratios = [];
    for (let round = 0; round < ROUNDS + WARMUP; round++) {
      const order = round % 2 ? ['raw', 'wx'] : ['wx', 'raw'];
      const got = {};
      for (const side of order) got[side] = await sides[side]();
      if (round < WARMUP) continue;
      times.wx.push(got.wx);
      times.raw.push(got.raw);
      ratios.push(got.wx / got.raw);
    }
    const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
    return {
      calls: CALLS,
      rounds: ROUNDS,
      wx: median(times.wx),
      raw: median(times.raw),
      ratio: median(ratios),
    };
  });
  console.log(
    `login, ${result.calls} sequential logins per side, medians of ${result.rounds} paired rounds, per call:`,
  );
  console.log(`wx   wx.login                          ${result.wx.toFixed(3).padStart(7)} ms`);
  console.log(`raw  fetch POST /__wxweb/login + json  ${result.raw.toFixed(3).padStart(7)} ms`);
  console.log(`ratio wx/raw ${result.ratio.toFixed(2)}×`);
} finally {
  await browser.close();
}
