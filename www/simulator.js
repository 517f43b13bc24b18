// Boots the simulator page. globalThis.wxReady is set first: a Promise that loads the wasm
// build (pkg/wxweb.js), reads wxweb serve's manifest (__wxweb/manifest: the folder's files
// and path; absent on a static host, where every file is tried), app/project.config.json
// for the appid and profile (URL params ?appid= and ?profile= override; `tileUrl`: the map
// tiles; `miniprogramRoot`: the app's sub-folder) and the app's app.json for
// networkTimeout, calls launch() with
// wxweb serve's proxy for cross-origin requests (?proxy=off: none), which runs the mini
// program in app/, and resolves with wx once its first page shows.
// globalThis.wxweb.pageReady(route?) waits for a page to render after a navigation (the
// runtime's wxweb:pageready events); headless tests use both (README, "Testing your mini
// program in CI").
// Opened with ?files=parent (the playground's run frame) it runs the project its parent
// page posts to it (receiveProject and tellParent say how) instead of app/.
// Without `wxweb serve` behind it (a static host: the static build's index.html says so
// with <meta name="wxweb-host" content="static">, else /__wxweb/health does not answer):
// no proxy, so requests go straight from the browser (CORS applies), and wx.login is
// answered in the page (login-sim.js).
// With `wxweb serve --lan` it shows the URL and QR code for phones.
// On a wide screen the page simulates a phone (?device=, see DEVICES), its frame scaled
// down to fit the window; on a narrow one it is the phone, and the runtime reads the real
// browser. Served by `wxweb serve`, it reloads live (live.js), shows compile errors over
// the screen (overlay.js) and launches on a chosen page (launcher.js).

import { setupConsole, showError } from './console.js';
import { setupLauncher } from './launcher.js';
import { setupLiveReload } from './live.js';
import { simulateLoginServer } from './login-sim.js';
import { setupOverlay } from './overlay.js';
import { setupPanels } from './panels.js';
import { setupSensorControl } from './sensor-control.js';

const DEVICES = {
  iphone5: { model: 'iPhone 5', screenWidth: 320, screenHeight: 568, pixelRatio: 2 },
  iphone6: { model: 'iPhone 6', screenWidth: 375, screenHeight: 667, pixelRatio: 2 },
  iphone6plus: { model: 'iPhone 6 Plus', screenWidth: 414, screenHeight: 736, pixelRatio: 3 },
};
// What WeChat's developer tools report for their simulator, whatever the model.
const SIMULATOR = { system: 'iOS 10.0.1', platform: 'devtools' };
const PROFILES = ['seed', 'modern'];

const params = new URLSearchParams(location.search);
const deviceKey = Object.hasOwn(DEVICES, params.get('device')) ? params.get('device') : 'iphone6';
const framed = matchMedia('(min-width: 600px)').matches; // same breakpoint as simulator.css
// The playground's run frame: the project comes from the parent page, errors go back to it.
const playground = params.get('files') === 'parent' && parent !== window;
// The static build (dist/) has no /__wxweb/ endpoints but the manifest: none is asked.
const staticHost =
  document.querySelector('meta[name="wxweb-host"]')?.getAttribute('content') === 'static';

globalThis.wxweb = { pageReady };
// Before boot(): the compile errors of the launch must reach the overlay.
const overlay = setupOverlay(document.getElementById('device-screen'));
const ready = boot();
globalThis.wxReady = ready;
// The last wxweb:pageready: its detail {route, query} and the page instance on top then.
let shown;
addEventListener('wxweb:pageready', ({ detail }) => {
  shown = { detail, page: globalThis.getCurrentPages?.().at(-1) };
});

setupConsole();
setupPanels();
setupPickers();
if (framed) {
  setupSensorControl(document.getElementById('sensor-control'));
  fitFrame();
}
showClock();
showLanAddress();
ready.catch((error) => {
  const placeholder = document.getElementById('viewport-placeholder');
  if (placeholder) placeholder.textContent = 'wx failed to start — see the console';
  showError(error);
});

async function boot() {
  const device = framed ? { ...DEVICES[deviceKey], ...SIMULATOR } : undefined;
  if (device) {
    // On the frame: the screen and the sensor controls under it are as wide as the phone.
    const frame = document.getElementById('device-frame').style;
    frame.setProperty('--screen-width', `${device.screenWidth}px`);
    frame.setProperty('--screen-height', `${device.screenHeight}px`);
  }
  const [wasm, served, { project, app, folder, manifest, root, sub, files }] = await Promise.all([
    loadWasm(),
    isServed(),
    playground ? receiveProject() : readFolder(),
  ]);
  if (playground) tellParent(sub, served);
  if (!served) {
    globalThis.wxweb.loginServer = simulateLoginServer();
    console.info(
      'No wxweb serve behind this page: requests go straight from the browser (CORS applies), and wx.login is simulated here (wxweb.loginServer.jscode2session exchanges its codes).',
    );
  }
  // The runtime's hooks for the simulator (absent from an older wasm build).
  if (wasm.reloadStyles) globalThis.wxweb.reloadStyles = wasm.reloadStyles;
  if (wasm.describeElement) globalThis.wxweb.describeElement = wasm.describeElement;
  // Every error goes to the terminal of `wxweb serve` when it serves a folder on disk.
  overlay.logTo(folder && new URL('__wxweb/log', import.meta.url), sub);
  const appid = params.get('appid') || project.appid || 'touristappid';
  const profile = PROFILES.includes(params.get('profile'))
    ? params.get('profile')
    : parseInt(project.libVersion, 10) >= 2
      ? 'modern'
      : 'seed';
  globalThis.wxSimulator = { appid, profile };
  document.getElementById('app-info').textContent = appid;
  document.getElementById('profile-select').value = profile;
  // Before launch(): opened with no page in its URL, it starts on the launcher's choice.
  setupLauncher(document.getElementById('launcher'), {
    key: `${appid}:${playground ? 'playground' : (folder ?? '')}`,
    pages: Array.isArray(app.pages) ? app.pages.filter((page) => typeof page === 'string') : [],
  });
  // A folder on disk (not the bundled demo) is watched: one event stream, which holds one
  // of the browser's six HTTP/1.1 connections to the server.
  if (folder && manifest) setupLiveReload({ sub, manifest, overlay, ready: globalThis.wxReady });
  const viewport = document.getElementById('wx-viewport');
  // Cross-origin requests go through wxweb serve's proxy (WeChat knows no CORS);
  // ?proxy=off, or no server, sends them straight from the browser instead.
  const proxy =
    !served || params.get('proxy') === 'off'
      ? undefined
      : new URL('__wxweb/proxy', import.meta.url).pathname;
  return wasm.launch({
    appid,
    profile,
    ...(device && { device }),
    viewport,
    root,
    ...(manifest && { manifest }),
    ...(files && { files }),
    ...(folder && { folder }),
    navigationBar: document.getElementById('nav-bar'),
    ...(proxy && { proxy }),
    ...(app.networkTimeout && { networkTimeout: app.networkTimeout }),
    ...(typeof project.tileUrl === 'string' && { tileUrl: project.tileUrl }),
    ...(typeof project.projectname === 'string' && { appName: project.projectname }),
  });
}

// Resolves with {route, query} once the current page (route's, if given: 'pages/a/a') has
// rendered: if its wxweb:pageready came while it was on top, else at the next
// wxweb:pageready for it; rejects after `timeout` ms. It looks in a later task, after the
// routes asked for in this one (they run a microtask later) have started.
async function pageReady(route, timeout = 10000) {
  const wanted = route?.replace(/^\//, '');
  const matches = (detail) => wanted === undefined || detail.route === wanted;
  await new Promise((resolve) => setTimeout(resolve, 0));
  const top = globalThis.getCurrentPages?.().at(-1);
  if (shown && top && shown.page === top && matches(shown.detail)) return shown.detail;
  return new Promise((resolve, reject) => {
    const listener = ({ detail }) => {
      if (!matches(detail)) return;
      clearTimeout(timer);
      removeEventListener('wxweb:pageready', listener);
      resolve(detail);
    };
    const timer = setTimeout(() => {
      removeEventListener('wxweb:pageready', listener);
      reject(new Error(`no page ${wanted ?? ''} became ready within ${timeout} ms`));
    }, timeout);
    addEventListener('wxweb:pageready', listener);
  });
}

async function loadWasm() {
  let wasm;
  try {
    wasm = await import(new URL('pkg/wxweb.js', import.meta.url).href);
  } catch (cause) {
    throw new Error('The wasm build is missing — run `cargo xtask build`', { cause });
  }
  await wasm.default(); // fetches and instantiates pkg/wxweb_bg.wasm
  return wasm;
}

// The folder's config and the app in it: with project.config.json's miniprogramRoot the
// app (app.json, its pages) is in that sub-folder `sub` ('' or ending with '/'), and
// `manifest` lists its files by path from there; `folder` is its path on disk (when
// wxweb serve serves a folder, not the bundled demo).
async function readFolder() {
  const listing = await fetch(new URL('__wxweb/manifest', import.meta.url))
    .then((response) => (response.ok ? response.json() : undefined))
    .catch(() => undefined);
  const listed = Array.isArray(listing?.files) ? listing.files : undefined;
  const project = await readAppJson('project.config.json', listed);
  const sub = subFolder(project.miniprogramRoot);
  const manifest = listed
    ?.filter((path) => path.startsWith(sub))
    .map((path) => path.slice(sub.length));
  const app = await readAppJson(`${sub}app.json`, listed);
  const folder =
    typeof listing?.root === 'string'
      ? [listing.root, sub.slice(0, -1)].filter(Boolean).join('/')
      : undefined;
  return { project, app, folder, manifest, root: `app/${sub}`, sub };
}

// Whether `wxweb serve` is behind the page (a static host has no /__wxweb/).
async function isServed() {
  if (staticHost) return false;
  const response = await fetch(new URL('__wxweb/health', import.meta.url)).catch(() => undefined);
  return response?.ok === true;
}

// The playground's project, posted by the parent page: it answers every
// {type: 'wxweb:files?'} with {type: 'wxweb:files', files: {path: string | Blob}}. Only
// messages of the parent window on this origin count. The app is in memory, under the
// sub-folder project.config.json's miniprogramRoot names.
async function receiveProject() {
  const all = await new Promise((resolve) => {
    addEventListener('message', function listener(event) {
      const { data } = event;
      if (event.source !== parent || event.origin !== location.origin) return;
      if (data?.type !== 'wxweb:files' || typeof data.files !== 'object' || !data.files) return;
      removeEventListener('message', listener);
      resolve(data.files);
    });
    parent.postMessage({ type: 'wxweb:files?' }, location.origin);
  });
  const text = (path) => (typeof all[path] === 'string' ? all[path] : undefined);
  const parse = (path) => {
    try {
      const value = JSON.parse(text(path) ?? '{}');
      return value && typeof value === 'object' ? value : {};
    } catch {
      return {};
    }
  };
  const project = parse('project.config.json');
  const sub = subFolder(project.miniprogramRoot);
  const files = {};
  for (const [path, content] of Object.entries(all)) {
    if (path.startsWith(sub)) files[path.slice(sub.length)] = content;
  }
  // A broken app.json is the runtime's to show, over the screen.
  return { project, app: parse(`${sub}app.json`), root: `app/${sub}`, sub, files };
}

// The playground's page hears what the run frame tells: whether a server is behind it,
// each error (its file as a path of the project), each page shown, and the launch's end.
function tellParent(sub, served) {
  const tell = (message) => parent.postMessage(message, location.origin);
  tell({ type: 'wxweb:mode', served });
  addEventListener('wxweb:error', ({ detail }) =>
    tell({ type: 'wxweb:error', detail: { ...detail, file: detail.file && sub + detail.file } }),
  );
  addEventListener('wxweb:pageready', ({ detail }) => tell({ type: 'wxweb:pageready', detail }));
  globalThis.wxReady.then(
    () => tell({ type: 'wxweb:launched', ok: true }),
    () => tell({ type: 'wxweb:launched', ok: false }),
  );
}

// miniprogramRoot ("miniprogram/") as a path ending with "/", or '' for the folder itself.
function subFolder(value) {
  if (typeof value !== 'string') return '';
  const names = value.split('/').filter((name) => name && name !== '.');
  if (names.some((name) => name.startsWith('.'))) return '';
  return names.length > 0 ? `${names.join('/')}/` : '';
}

// A JSON file of the mini program (project.config.json, app.json), or {} when absent (not
// requested when the manifest does not list it) or malformed: the runtime shows what is
// wrong with app.json, and a broken project.config.json is reported here while the
// simulator goes on with the defaults.
async function readAppJson(name, listed) {
  if (listed && !listed.includes(name)) return {};
  const response = await fetch(new URL(`app/${name}`, import.meta.url));
  if (!response.ok) return {};
  try {
    return await response.json();
  } catch (cause) {
    if (!name.endsWith('app.json'))
      showError(new Error(`app/${name} is not valid JSON`, { cause }));
    return {};
  }
}

// The device and profile are read once by launch(), so a change reloads the page.
function setupPickers() {
  const deviceSelect = document.getElementById('device-select');
  const profileSelect = document.getElementById('profile-select');
  deviceSelect.append(...Object.entries(DEVICES).map(([key, { model }]) => new Option(model, key)));
  deviceSelect.value = deviceKey;
  profileSelect.value = PROFILES.includes(params.get('profile')) ? params.get('profile') : 'seed';
  deviceSelect.addEventListener('change', () => reloadWith('device', deviceSelect.value));
  profileSelect.addEventListener('change', () => reloadWith('profile', profileSelect.value));
}

// Relaunches with another URL parameter; the history state (the page stack) is kept.
function reloadWith(name, value) {
  const url = new URL(location.href);
  url.searchParams.set(name, value);
  history.replaceState(history.state, '', url);
  location.reload();
}

// Scales the device frame down (never up) so that it fits the window: a CSS transform, and
// negative margins so that the layout takes only the scaled size.
function fitFrame() {
  const frame = document.getElementById('device-frame');
  const layout = getComputedStyle(document.getElementById('layout'));
  const fit = () => {
    const room = {
      width: innerWidth - parseFloat(layout.paddingLeft) - parseFloat(layout.paddingRight),
      height: innerHeight - parseFloat(layout.paddingTop) - parseFloat(layout.paddingBottom),
    };
    const scale = Math.min(1, room.width / frame.offsetWidth, room.height / frame.offsetHeight);
    frame.style.setProperty('--frame-scale', String(Math.max(scale, 0.1)));
    frame.style.setProperty('--frame-width', `${frame.offsetWidth}px`);
    frame.style.setProperty('--frame-height', `${frame.offsetHeight}px`);
  };
  new ResizeObserver(fit).observe(frame); // its size, unscaled: the device, the sensors
  addEventListener('resize', fit);
}

// With `wxweb serve --lan`: the URL phones open, as a link and a QR code (an SVG made by
// the server), above the console.
async function showLanAddress() {
  if (staticHost) return;
  const response = await fetch(new URL('__wxweb/lan', import.meta.url)).catch(() => undefined);
  if (!response?.ok) return;
  const { url, svg } = await response.json();
  if (!url) return; // not serving on the LAN
  const link = document.getElementById('lan-url');
  link.href = url;
  link.textContent = url;
  document.getElementById('lan-qr').innerHTML = svg;
  document.getElementById('lan-panel').hidden = false;
}

// The status bar's clock, as on a phone.
function showClock() {
  const time = document.getElementById('status-time');
  const tick = () => {
    const now = new Date();
    time.textContent = `${now.getHours()}:${String(now.getMinutes()).padStart(2, '0')}`;
  };
  tick();
  setInterval(tick, 10_000);
}
