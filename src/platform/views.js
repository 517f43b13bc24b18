// The views that the files, media and open APIs show over the device screen, and the
// browser calls behind them: openDocument's document view, previewImage's image viewer,
// the file picker of chooseImage / chooseVideo, the desktop camera, canvas re-encoding,
// reading an image's size or a video's metadata, and the authorisation sheets of
// authorize / openSetting. The Rust side (src/api/files/document.rs, src/api/media/,
// src/api/open/auth.rs) checks the options and answers the wx calls; this module only builds
// the DOM and reports what the person did. One module for all of them: each JS module is
// one more request before wasm starts.

function ensureStyle(container, id, css) {
  const root = container.getRootNode();
  const scope = root.head ?? root;
  if (!scope.querySelector?.(`#${id}`)) {
    const style = document.createElement('style');
    style.id = id;
    style.textContent = css;
    scope.append(style);
  }
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// ── openDocument ──────────────────────────────────────────────────────────────

const DOCUMENT_CSS = `
.wx-document { position: absolute; inset: 0; z-index: 150; display: flex; flex-direction: column;
  background: #fff; font: 16px/1.4 -apple-system, "PingFang SC", "Helvetica Neue", sans-serif; }
.wx-document-bar { display: flex; align-items: center; height: 44px; flex: none; background: #f7f7f7;
  border-bottom: 1px solid #e5e5e5; }
.wx-document-back { width: 44px; height: 44px; border: 0; background: none; font-size: 28px; cursor: pointer; }
.wx-document-title { flex: 1; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; text-align: center;
  margin-right: 44px; font-weight: 600; }
.wx-document-frame { flex: 1; width: 100%; border: 0; }
.wx-document-download { flex: 1; display: flex; flex-direction: column; align-items: center; justify-content: center;
  gap: 14px; padding: 24px; text-align: center; color: #353535; }
.wx-document-icon { width: 64px; height: 80px; border-radius: 6px; background: #2b7bd3; color: #fff;
  display: flex; align-items: flex-end; justify-content: center; padding-bottom: 10px; box-sizing: border-box;
  font-weight: 700; font-size: 15px; }
.wx-document-note { color: #888; font-size: 14px; }
.wx-document-link { display: inline-block; padding: 9px 28px; border-radius: 5px; background: #1aad19; color: #fff;
  text-decoration: none; }
`;

let documentView = null; // the one document view on screen: {view, url, release}

function closeDocument() {
  if (!documentView) return;
  documentView.release();
  documentView.view.remove();
  URL.revokeObjectURL(documentView.url);
  documentView = null;
}

/** Shows the document at the blob: URL `url`, named `name`, replacing any shown before. */
export function openDocument(container, url, name, viewer) {
  ensureStyle(container, 'wx-document-style', DOCUMENT_CSS);
  closeDocument();
  const view = element('div', 'wx-document');
  view.setAttribute('role', 'dialog');
  view.dataset.view = viewer ? 'viewer' : 'download';
  const bar = element('div', 'wx-document-bar');
  const back = element('button', 'wx-document-back', '‹');
  back.type = 'button';
  back.setAttribute('aria-label', '返回');
  back.onclick = closeDocument;
  bar.append(back, element('div', 'wx-document-title', name));
  view.append(bar);
  if (viewer) {
    const frame = element('iframe', 'wx-document-frame');
    frame.title = name;
    frame.src = url;
    view.append(frame);
  } else {
    const page = element('div', 'wx-document-download');
    const extension = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toUpperCase() : '';
    const link = element('a', 'wx-document-link', '下载文件');
    link.href = url;
    link.download = name;
    page.append(
      element('div', 'wx-document-icon', extension),
      element('div', 'wx-document-name', name),
      element('div', 'wx-document-note', '浏览器无法预览此类文件，可下载后用其他应用打开'),
      link,
    );
    view.append(page);
  }
  container.append(view);
  const onKey = (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      closeDocument();
    }
  };
  document.addEventListener('keydown', onKey, true);
  documentView = { view, url, release: () => document.removeEventListener('keydown', onKey, true) };
}

// ── previewImage ──────────────────────────────────────────────────────────────

const PREVIEW_CSS = `
.wx-preview { position: absolute; inset: 0; z-index: 170; background: #000; overflow: hidden;
  touch-action: none; user-select: none; }
.wx-preview-track { position: absolute; inset: 0; display: flex; transition: transform .25s ease-out; }
.wx-preview-slide { flex: none; width: 100%; height: 100%; display: flex; align-items: center; justify-content: center; }
.wx-preview-slide img { max-width: 100%; max-height: 100%; transform-origin: center; -webkit-user-drag: none; }
.wx-preview-index { position: absolute; left: 0; right: 0; bottom: 24px; text-align: center; color: #fff;
  font: 15px -apple-system, "PingFang SC", sans-serif; pointer-events: none; }
.wx-preview-arrow { position: absolute; top: 50%; transform: translateY(-50%); width: 40px; height: 64px; border: 0;
  background: rgba(255,255,255,.12); color: #fff; font-size: 30px; cursor: pointer; }
.wx-preview-prev { left: 0; } .wx-preview-next { right: 0; }
.wx-preview-arrow[hidden] { display: none; }
`;

let previewView = null; // the image viewer on screen: {view, close}

/** Shows `urls` (already loadable by an <img>) starting at `index`, replacing any viewer. */
export function previewImage(container, urls, index) {
  ensureStyle(container, 'wx-preview-style', PREVIEW_CSS);
  previewView?.close();
  const view = element('div', 'wx-preview');
  view.setAttribute('role', 'dialog');
  const track = element('div', 'wx-preview-track');
  const images = urls.map((url) => {
    const slide = element('div', 'wx-preview-slide');
    const image = element('img', '');
    image.src = url;
    image.alt = '';
    slide.append(image);
    track.append(slide);
    return image;
  });
  const counter = element('div', 'wx-preview-index');
  const prev = element('button', 'wx-preview-arrow wx-preview-prev', '‹');
  const next = element('button', 'wx-preview-arrow wx-preview-next', '›');
  prev.type = next.type = 'button';
  prev.setAttribute('aria-label', '上一张');
  next.setAttribute('aria-label', '下一张');
  view.append(track, counter, prev, next);

  let shown = Math.min(Math.max(index, 0), urls.length - 1);
  let scale = 1;
  const zoom = (value) => {
    scale = Math.min(Math.max(value, 1), 5);
    images[shown].style.transform = `scale(${scale})`;
    view.dataset.scale = String(scale);
  };
  const show = (target) => {
    if (target < 0 || target >= urls.length) return;
    zoom(1); // the image left behind returns to its size
    shown = target;
    zoom(1);
    track.style.transform = `translateX(${-100 * shown}%)`;
    counter.textContent = urls.length > 1 ? `${shown + 1}/${urls.length}` : '';
    prev.hidden = shown === 0;
    next.hidden = shown === urls.length - 1;
    view.dataset.index = String(shown);
  };
  prev.onclick = (event) => {
    event.stopPropagation();
    show(shown - 1);
  };
  next.onclick = (event) => {
    event.stopPropagation();
    show(shown + 1);
  };
  prev.onpointerdown = next.onpointerdown = (event) => event.stopPropagation();

  const onKey = (event) => {
    if (event.key === 'ArrowLeft') show(shown - 1);
    else if (event.key === 'ArrowRight') show(shown + 1);
    else if (event.key === 'Escape') close();
    else return;
    event.preventDefault();
  };
  const close = () => {
    document.removeEventListener('keydown', onKey, true);
    view.remove();
    if (previewView?.view === view) previewView = null;
  };
  document.addEventListener('keydown', onKey, true);

  view.addEventListener(
    'wheel',
    (event) => {
      event.preventDefault();
      zoom(scale * Math.exp(-event.deltaY / 300));
    },
    { passive: false },
  );

  // Pointers: one finger swipes or taps, two pinch.
  const pointers = new Map();
  let gesture = null; // {x, y, time, pinch: {distance, scale}, moved}
  const distance = () => {
    const [a, b] = [...pointers.values()];
    return Math.hypot(a.x - b.x, a.y - b.y);
  };
  let lastTap = 0;
  view.addEventListener('pointerdown', (event) => {
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    if (pointers.size === 1)
      gesture = { x: event.clientX, y: event.clientY, time: Date.now(), pinch: null, moved: false };
    else if (pointers.size === 2 && gesture) gesture.pinch = { distance: distance(), scale };
  });
  view.addEventListener('pointermove', (event) => {
    if (!pointers.has(event.pointerId) || !gesture) return;
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    if (gesture.pinch && pointers.size === 2) {
      gesture.moved = true;
      zoom((gesture.pinch.scale * distance()) / Math.max(gesture.pinch.distance, 1));
    } else if (Math.hypot(event.clientX - gesture.x, event.clientY - gesture.y) > 10) {
      gesture.moved = true;
    }
  });
  const release = (event) => {
    if (!pointers.delete(event.pointerId) || !gesture || pointers.size > 0) return;
    const dx = event.clientX - gesture.x;
    const wasPinch = gesture.pinch !== null;
    const quick = Date.now() - gesture.time < 500;
    gesture = null;
    if (wasPinch) return;
    if (Math.abs(dx) > 50 && scale === 1) show(dx < 0 ? shown + 1 : shown - 1);
    else if (Math.abs(dx) <= 10 && quick) {
      const now = Date.now();
      if (now - lastTap < 300) {
        clearTimeout(view.tapTimer);
        zoom(scale > 1 ? 1 : 2);
        lastTap = 0;
        return;
      }
      lastTap = now;
      view.tapTimer = setTimeout(close, 300); // a single tap closes; a double tap zooms
    }
  };
  view.addEventListener('pointerup', release);
  view.addEventListener('pointercancel', (event) => {
    pointers.delete(event.pointerId);
    gesture = null;
  });

  container.append(view);
  show(shown);
  previewView = { view, close };
}

// ── file picker, camera, images and videos ────────────────────────────────────

/**
 * Opens the file picker: resolves with the chosen Files, or null when the person
 * cancels (the input's `cancel` event, Chromium ≥ 113; elsewhere the window regaining
 * focus with no file chosen).
 */
export function pickFiles(accept, multiple, capture) {
  // A browser opens a file picker only within moments of a tap (transient user
  // activation); without one, click() opens nothing and no event would ever answer.
  if (navigator.userActivation && !navigator.userActivation.isActive) {
    return Promise.reject(new Error('the browser opens a file picker only in answer to a tap'));
  }
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.multiple = multiple;
    if (capture) input.setAttribute('capture', capture);
    input.hidden = true;
    input.className = 'wx-file-picker';
    let timer = 0;
    const finish = (files) => {
      clearTimeout(timer);
      window.removeEventListener('focus', onFocus);
      input.remove();
      resolve(files);
    };
    const chosen = () => (input.files?.length ? [...input.files] : null);
    input.addEventListener('change', () => finish(chosen()), { once: true });
    input.addEventListener('cancel', () => finish(null), { once: true });
    // Without the cancel event: the picker gives focus back when it closes; a choice
    // sends its change event soon after, so wait a little before calling it a cancel.
    const onFocus = () => {
      clearTimeout(timer);
      timer = setTimeout(() => finish(chosen()), 1500);
    };
    setTimeout(() => window.addEventListener('focus', onFocus), 0);
    document.body.append(input);
    input.click();
  });
}

const CAMERA_CSS = `
.wx-camera { position: absolute; inset: 0; z-index: 160; background: #000; display: flex; flex-direction: column; }
.wx-camera video { flex: 1; min-height: 0; width: 100%; object-fit: cover; }
.wx-camera-bar { height: 96px; flex: none; display: flex; align-items: center; justify-content: space-around; }
.wx-camera-shutter { width: 64px; height: 64px; border-radius: 50%; border: 5px solid #ccc; background: #fff; cursor: pointer; }
.wx-camera-cancel { border: 0; background: none; color: #fff; font: 16px sans-serif; cursor: pointer; }
`;

/**
 * The desktop camera: a live preview over the device screen with a shutter. Resolves
 * with a JPEG Blob of the frame, or null on cancel; rejects when there is no camera or
 * permission is denied (getUserMedia's error).
 */
export async function takePhoto(container, facing) {
  const stream = await navigator.mediaDevices.getUserMedia({
    video: { facingMode: facing },
    audio: false,
  });
  ensureStyle(container, 'wx-camera-style', CAMERA_CSS);
  const view = document.createElement('div');
  view.className = 'wx-camera';
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  const bar = document.createElement('div');
  bar.className = 'wx-camera-bar';
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.className = 'wx-camera-cancel';
  cancel.textContent = '取消';
  const shutter = document.createElement('button');
  shutter.type = 'button';
  shutter.className = 'wx-camera-shutter';
  shutter.setAttribute('aria-label', '拍照');
  bar.append(cancel, shutter);
  view.append(video, bar);
  container.append(view);
  // Not awaited: a page the browser treats as hidden may defer playback, and the
  // buttons must work meanwhile.
  video.play().catch(() => {});
  return new Promise((resolve) => {
    const finish = (blob) => {
      for (const track of stream.getTracks()) track.stop();
      view.remove();
      resolve(blob);
    };
    cancel.onclick = () => finish(null);
    shutter.onclick = () => {
      const canvas = document.createElement('canvas');
      canvas.width = video.videoWidth || 640;
      canvas.height = video.videoHeight || 480;
      canvas.getContext('2d').drawImage(video, 0, 0, canvas.width, canvas.height);
      canvas.toBlob((blob) => finish(blob), 'image/jpeg', 0.92);
    };
  });
}

/**
 * sizeType "compressed": the image re-encoded as JPEG at `quality` through a canvas;
 * the original when that is not smaller (an already small JPEG).
 */
export async function compressImage(blob, quality) {
  const bitmap = await createImageBitmap(blob);
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const context = canvas.getContext('2d');
  context.fillStyle = '#fff'; // JPEG has no transparency: what was clear becomes white
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const jpeg = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
  return jpeg && jpeg.size < blob.size ? jpeg : blob;
}

/** The natural size of the image at `url` as [width, height]; rejects when it does not load. */
export async function imageSize(url) {
  const image = new Image();
  image.src = url;
  await image.decode();
  return [image.naturalWidth, image.naturalHeight];
}

/**
 * A video's [duration (s), width, height] from its metadata (a `<video>` element's
 * loadedmetadata). Recordings made by MediaRecorder carry no duration; seeking far past
 * the end makes the browser find it.
 */
export function videoMetadata(url) {
  return new Promise((resolve, reject) => {
    const video = document.createElement('video');
    video.preload = 'metadata';
    video.muted = true;
    const done = () => {
      resolve([video.duration, video.videoWidth, video.videoHeight]);
      video.removeAttribute('src');
      video.load();
    };
    video.onerror = () => reject(new Error('video cannot be read'));
    video.onloadedmetadata = () => {
      if (Number.isFinite(video.duration)) return done();
      video.ondurationchange = () => {
        if (Number.isFinite(video.duration)) done();
      };
      video.onseeked = done;
      video.currentTime = Number.MAX_SAFE_INTEGER;
    };
    video.src = url;
  });
}

// ── authorize, getUserInfo and openSetting ──────────────────────────────────────
// The authorisation sheets, drawn as WeChat 1.x drew them: the permission sheet
// ("微信授权", "<name> 申请获得以下权限", 拒绝 / 允许) and the settings page (a switch per
// scope asked). src/api/open/auth.rs keeps the answers.

const AUTH_STYLE_ID = 'wx-auth-style';
const AUTH_FONT = '-apple-system, "PingFang SC", "Helvetica Neue", sans-serif';
const AUTH_CSS = `
.wx-auth-mask { position: absolute; inset: 0; z-index: 100; background: rgba(0, 0, 0, .6); }
.wx-auth { position: absolute; z-index: 101; left: 50%; top: 50%; transform: translate(-50%, -50%);
  width: 80%; max-width: 300px; border-radius: 6px; background: #fff; overflow: hidden;
  font: 16px/1.4 ${AUTH_FONT}; color: #353535; }
.wx-auth-head { padding: 14px 20px; border-bottom: 1px solid #e5e5e5; font-size: 15px; color: #353535; }
.wx-auth-app { display: flex; align-items: center; gap: 10px; padding: 18px 20px 6px; font-weight: 600; }
.wx-auth-icon { width: 32px; height: 32px; border-radius: 50%; background: #3cc51f; color: #fff;
  display: flex; align-items: center; justify-content: center; font-size: 16px; flex: none; }
.wx-auth-ask { padding: 6px 20px 4px; }
.wx-auth-scope { padding: 4px 20px 22px 34px; color: #888; font-size: 14px; position: relative; }
.wx-auth-scope::before { content: ""; position: absolute; left: 22px; top: 12px; width: 5px; height: 5px;
  border-radius: 50%; background: #888; }
.wx-auth-buttons { display: flex; border-top: 1px solid #e5e5e5; }
.wx-auth-buttons button { flex: 1; height: 48px; border: 0; background: none; font: 17px ${AUTH_FONT}; cursor: pointer; }
.wx-auth-buttons button:focus { outline: none; }
.wx-auth-buttons button:focus-visible, .wx-setting-back:focus-visible { background: #ececec; }
.wx-auth-deny { color: #353535; }
.wx-auth-allow { color: #3cc51f; border-left: 1px solid #e5e5e5 !important; }
.wx-setting { position: absolute; inset: 0; z-index: 102; background: #efeff4; font: 16px/1.4 ${AUTH_FONT};
  color: #353535; display: flex; flex-direction: column; }
.wx-setting-bar { flex: none; height: 44px; display: flex; align-items: center; background: #fff;
  border-bottom: 1px solid #e5e5e5; position: relative; }
.wx-setting-back { border: 0; background: none; font: 16px ${AUTH_FONT}; color: #353535; padding: 0 12px;
  height: 44px; cursor: pointer; position: relative; z-index: 1; }
.wx-setting-title { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center;
  font-size: 17px; font-weight: 600; }
.wx-setting-note { padding: 18px 15px 6px; color: #888; font-size: 14px; }
.wx-setting-list { background: #fff; border-top: 1px solid #e5e5e5; border-bottom: 1px solid #e5e5e5; }
.wx-setting-row { display: flex; align-items: center; justify-content: space-between; height: 50px;
  margin-left: 15px; padding-right: 15px; }
.wx-setting-row + .wx-setting-row { border-top: 1px solid #e5e5e5; }
.wx-setting-row input { appearance: none; width: 52px; height: 32px; margin: 0; border-radius: 16px;
  background: #dfdfdf; position: relative; cursor: pointer; transition: background .2s; }
.wx-setting-row input::after { content: ""; position: absolute; top: 2px; left: 2px; width: 28px; height: 28px;
  border-radius: 50%; background: #fff; box-shadow: 0 1px 3px rgba(0, 0, 0, .4); transition: transform .2s; }
.wx-setting-row input:checked { background: #04be02; }
.wx-setting-row input:checked::after { transform: translateX(20px); }
`;

/** Escape closes the sheet (as the device's back gesture would); returns the release. */
function onEscape(close) {
  const onKey = (event) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    close();
  };
  document.addEventListener('keydown', onKey, true);
  return () => document.removeEventListener('keydown', onKey, true);
}

/** wx.authorize's permission sheet: resolves with true (允许) or false (拒绝, Escape). */
export function authorizeSheet(container, appName, line) {
  ensureStyle(container, AUTH_STYLE_ID, AUTH_CSS);
  return new Promise((resolve) => {
    const mask = element('div', 'wx-auth-mask');
    const box = element('div', 'wx-auth');
    box.setAttribute('role', 'dialog');
    box.setAttribute('aria-modal', 'true');
    const app = element('div', 'wx-auth-app');
    app.append(element('div', 'wx-auth-icon', appName.slice(0, 1)), element('span', '', appName));
    const deny = element('button', 'wx-auth-deny', '拒绝');
    const allow = element('button', 'wx-auth-allow', '允许');
    let release = () => {};
    const close = (allowed) => {
      release();
      mask.remove();
      box.remove();
      resolve(allowed);
    };
    deny.type = 'button';
    allow.type = 'button';
    deny.onclick = () => close(false);
    allow.onclick = () => close(true);
    const buttons = element('div', 'wx-auth-buttons');
    buttons.append(deny, allow);
    box.append(
      element('div', 'wx-auth-head', '微信授权'),
      app,
      element('div', 'wx-auth-ask', '申请获得以下权限：'),
      element('div', 'wx-auth-scope', line),
      buttons,
    );
    container.append(mask, box);
    release = onEscape(() => close(false));
    allow.focus({ preventScroll: true });
  });
}

/**
 * wx.openSetting's settings page: `rows` are [label, allowed] pairs; resolves with the
 * switches' states when the person goes back (the back button, Escape).
 */
export function settingSheet(container, appName, rows) {
  ensureStyle(container, AUTH_STYLE_ID, AUTH_CSS);
  return new Promise((resolve) => {
    const page = element('div', 'wx-setting');
    page.setAttribute('role', 'dialog');
    const bar = element('div', 'wx-setting-bar');
    const back = element('button', 'wx-setting-back', '‹ 返回');
    back.type = 'button';
    bar.append(back, element('div', 'wx-setting-title', '设置'));
    const list = element('div', 'wx-setting-list');
    const switches = rows.map(([label, allowed]) => {
      const row = element('label', 'wx-setting-row');
      const toggle = element('input');
      toggle.type = 'checkbox';
      toggle.checked = allowed;
      toggle.setAttribute('role', 'switch');
      toggle.setAttribute('aria-label', label);
      row.append(element('span', '', label), toggle);
      list.append(row);
      return toggle;
    });
    page.append(bar, element('div', 'wx-setting-note', `允许“${appName}”使用我的`), list);
    let release = () => {};
    const close = () => {
      release();
      page.remove();
      resolve(switches.map((toggle) => toggle.checked));
    };
    back.onclick = close;
    container.append(page);
    release = onEscape(close);
  });
}
