// Bench: setData on a page whose `wx:for` list has 100, 1,000 and 10,000 rows
// (fixtures/bench): changing one row's text (`'rows[k].text'`) and replacing the whole
// list. The raw primitive for one row is setting that row element's textContent.
// Target: one row at 10,000 rows within 2× of one row at 100 rows.
import { fileURLToPath } from 'node:url';
import { launch, openSimulator, startServer } from '../support.mjs';

const FIXTURE = fileURLToPath(new URL('../fixtures/bench', import.meta.url));
const server = await startServer([FIXTURE]);
const browser = await launch();
try {
  const context = await browser.newContext();
  const page = await openSimulator(context, '', server.url);
  const results = [];
  for (const size of [100, 1000, 10000]) {
    results.push(
      await page.evaluate((size) => {
        const page = getCurrentPages()[0];
        const rows = (tag) =>
          Array.from({ length: size }, (_, id) => ({ id, text: `${tag} ${id}` }));
        const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
        page.setData({ rows: rows('row') });
        const time = (body, n) => {
          const start = performance.now();
          for (let i = 0; i < n; i++) body(i);
          return (performance.now() - start) / n;
        };
        const ONE = 2000;
        const elements = document
          .querySelector('#wx-viewport')
          .shadowRoot.querySelectorAll('#rows .row');
        const one = [],
          raw = [],
          whole = [];
        for (let round = 0; round < 15; round++) {
          one.push(
            time(
              (i) => page.setData({ [`rows[${(i * 7919) % size}].text`]: `changed ${round} ${i}` }),
              ONE,
            ),
          );
          raw.push(
            time((i) => {
              elements[(i * 7919) % size].textContent = `raw ${round} ${i}`;
            }, ONE),
          );
          whole.push(time(() => page.setData({ rows: rows(`round ${round}`) }), 1));
        }
        return { size, one: median(one), raw: median(raw), whole: median(whole) };
      }, size),
    );
  }
  const us = (ms) => `${(ms * 1000).toFixed(1).padStart(8)} µs`;
  console.log('setData on a wx:for list, medians of 15 rounds (2,000 one-row changes each):');
  for (const { size, one, raw, whole } of results) {
    console.log(
      `${String(size).padStart(6)} rows   one row ${us(one)} (raw textContent ${us(raw)}, ${(one / raw).toFixed(1)}×)   whole list ${whole.toFixed(1).padStart(7)} ms`,
    );
  }
  const growth = results[2].one / results[0].one;
  console.log(`one row at 10,000 rows / at 100 rows: ${growth.toFixed(2)}× (target ≤ 2×)`);
} finally {
  await browser.close();
  server.stop();
}
