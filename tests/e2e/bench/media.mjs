// Bench: media's per-call costs against the raw browser primitives, on the media fixture.
// (1) getBackgroundAudioPlayerState, 10,000 calls with a success callback, against reading
// the same five values off an HTMLAudioElement; (2) VideoContext.sendDanmu, 500 comments,
// against creating the same elements and Web Animations directly. Each round times both,
// alternating which goes first; figures are medians of the per-round ratios.
import { fileURLToPath } from 'node:url';
import { launch, openSimulator, startServer } from '../support.mjs';

const FIXTURE = fileURLToPath(new URL('../fixtures/media', import.meta.url));
const server = await startServer([FIXTURE]);
const browser = await launch();
try {
  const context = await browser.newContext();
  const page = await openSimulator(context, '#/pages/danmu/danmu', server.url);
  await page.waitForFunction(() => getCurrentPages().at(-1)?.timed);
  const result = await page.evaluate(async () => {
    const ROUNDS = 11;
    const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
    const paired = async (viaWx, raw) => {
      const ratios = [],
        wxTimes = [],
        rawTimes = [];
      for (let round = 0; round < ROUNDS + 2; round++) {
        let wxTime, rawTime;
        const timeRaw = () => {
          const t = performance.now();
          raw();
          rawTime = performance.now() - t;
        };
        const timeWx = async () => {
          const t = performance.now();
          await viaWx();
          wxTime = performance.now() - t;
        };
        if (round % 2) {
          timeRaw();
          await timeWx();
        } else {
          await timeWx();
          timeRaw();
        }
        if (round < 2) continue;
        ratios.push(wxTime / rawTime);
        wxTimes.push(wxTime);
        rawTimes.push(rawTime);
      }
      return { wx: median(wxTimes), raw: median(rawTimes), ratio: median(ratios) };
    };

    const CALLS = 10_000;
    const audio = new Audio();
    let sink = 0;
    const state = await paired(
      () =>
        new Promise((resolve) => {
          let left = CALLS;
          for (let i = 0; i < CALLS; i++) {
            wx.getBackgroundAudioPlayerState({
              success: (res) => {
                sink += res.status;
                if (--left === 0) resolve();
              },
            });
          }
        }),
      () => {
        for (let i = 0; i < CALLS; i++) {
          const b = audio.buffered;
          const res = {
            status: audio.paused ? 0 : 1,
            duration: audio.duration || 0,
            currentPosition: audio.currentTime,
            downloadPercent: b.length ? b.end(b.length - 1) : 0,
            dataUrl: audio.src,
          };
          sink += res.status;
        }
      },
    );

    const COMMENTS = 500;
    const video = document
      .querySelector('#wx-viewport')
      .shadowRoot.querySelector('wx-page:not([hidden]) wx-video#timed');
    const layer = video.danmuLayer;
    const clear = () => {
      for (const a of layer.getAnimations({ subtree: true })) a.cancel();
      layer.replaceChildren();
    };
    const context = getCurrentPages().at(-1).timed;
    const danmu = await paired(
      async () => {
        for (let i = 0; i < COMMENTS; i++)
          context.sendDanmu({ text: `comment ${i}`, color: '#ff0000' });
        layer.getBoundingClientRect();
        clear();
      },
      () => {
        for (let i = 0; i < COMMENTS; i++) {
          const item = document.createElement('div');
          item.className = 'wx-video-danmu-item';
          item.textContent = `comment ${i}`;
          item.style.color = '#ff0000';
          item.style.top = `${(i % 7) * 24 + 4}px`;
          layer.append(item);
          item.animate([{ transform: 'translateX(100cqw)' }, { transform: 'translateX(-100%)' }], {
            duration: 5000,
            easing: 'linear',
            fill: 'forwards',
          }).onfinish = () => item.remove();
        }
        layer.getBoundingClientRect();
        clear();
      },
    );
    return { state, danmu, sink };
  });
  const line = (name, r) =>
    `${name}: wx ${r.wx.toFixed(1)} ms   raw ${r.raw.toFixed(1)} ms   ratio ${r.ratio.toFixed(2)}×`;
  console.log('media, medians of 11 paired rounds:');
  console.log(
    line(
      'getBackgroundAudioPlayerState ×10,000 (callbacks) vs reading the audio element',
      result.state,
    ),
  );
  console.log(
    line('sendDanmu ×500 vs creating the elements and animations directly', result.danmu),
  );
} finally {
  await browser.close();
  server.stop();
}
