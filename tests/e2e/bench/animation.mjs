// Bench: wx.createAnimation building and exporting 10,000 steps,
// `animation.opacity(0.5).rotate(45).translate(10, 20).step()` × 10,000 then `export()`,
// against the same done with plain JS objects (a raw baseline shaped like WeChat's own
// Animation: animates pushed as objects, merged per type at each step). In one headless
// Chromium page; each round times both sides back to back (alternating which goes first),
// and the figures are medians over the rounds.
import { launch, openSimulator } from '../support.mjs';

const browser = await launch();
try {
  const context = await browser.newContext();
  const page = await openSimulator(context);
  const result = await page.evaluate(() => {
    const STEPS = 10000;
    const ROUNDS = 21;
    const WARMUP = 3;

    /** The raw baseline: WeChat's Animation reduced to the three methods used here. */
    class RawAnimation {
      constructor() {
        this.actions = [];
        this.current = {};
        this.pending = [];
        this.option = {
          transformOrigin: '50% 50% 0',
          transition: { duration: 400, timingFunction: 'linear', delay: 0 },
        };
      }
      opacity(v) {
        this.pending.push({ type: 'style', args: ['opacity', v] });
        return this;
      }
      rotate(d = 0) {
        this.pending.push({ type: 'rotate', args: [d] });
        return this;
      }
      translate(x = 0, y = 0) {
        this.pending.push({ type: 'translate', args: [x, y] });
        return this;
      }
      step() {
        for (const a of this.pending)
          this.current[a.type === 'style' ? `style.${a.args[0]}` : a.type] = a;
        const { transformOrigin, transition } = this.option;
        this.actions.push({
          animates: Object.values(this.current),
          option: { transformOrigin, transition: { ...transition } },
        });
        this.pending = [];
        return this;
      }
      export() {
        const actions = this.actions;
        this.actions = [];
        return { actions };
      }
    }

    const build = (animation) => {
      const start = performance.now();
      for (let i = 0; i < STEPS; i++) animation.opacity(0.5).rotate(45).translate(10, 20).step();
      const built = performance.now();
      const data = animation.export();
      const end = performance.now();
      if (data.actions.length !== STEPS) throw new Error(`exported ${data.actions.length} steps`);
      return { total: end - start, build: built - start, export: end - built };
    };
    const sides = { wx: () => build(wx.createAnimation()), raw: () => build(new RawAnimation()) };
    const times = { wx: [], raw: [] };
    const ratios = [];
    for (let round = 0; round < ROUNDS + WARMUP; round++) {
      const order = round % 2 ? ['raw', 'wx'] : ['wx', 'raw'];
      const got = {};
      for (const side of order) got[side] = sides[side]();
      if (round < WARMUP) continue;
      times.wx.push(got.wx);
      times.raw.push(got.raw);
      ratios.push(got.wx.total / got.raw.total);
    }
    const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
    const medians = (list) =>
      Object.fromEntries(
        ['total', 'build', 'export'].map((k) => [k, median(list.map((t) => t[k]))]),
      );
    return {
      steps: STEPS,
      rounds: ROUNDS,
      wx: medians(times.wx),
      raw: medians(times.raw),
      ratio: median(ratios),
    };
  });
  const ms = (value) => `${value.toFixed(1).padStart(7)} ms`;
  console.log(
    `animation, ${result.steps.toLocaleString('en')} steps of opacity(0.5).rotate(45).translate(10, 20).step() then export(), medians of ${result.rounds} paired rounds:`,
  );
  for (const side of ['wx', 'raw']) {
    const { total, build, export: exported } = result[side];
    console.log(
      `${side.padEnd(4)} total ${ms(total)}   (steps ${ms(build)}, export ${ms(exported)})`,
    );
  }
  console.log(`ratio wx/raw ${result.ratio.toFixed(2)}×`);
} finally {
  await browser.close();
}
