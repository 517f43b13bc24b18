// wx.previewImage's full-screen viewer over the device screen: one image at a time on
// black, starting at `current`; swipe, the arrow keys or the ‹ › buttons move between
// images; pinch, the mouse wheel or a double tap zoom; a tap (or Escape) closes it.
// image.rs resolves the urls and answers the wx call.

const STYLE_ID = 'wx-preview-style';
const CSS = `
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

let current = null; // the viewer on screen: {close}

function ensureStyle(container) {
  const root = container.getRootNode();
  const scope = root.head ?? root;
  if (!scope.querySelector?.(`#${STYLE_ID}`)) {
    const style = document.createElement('style');
    style.id = STYLE_ID;
    style.textContent = CSS;
    scope.append(style);
  }
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Shows `urls` (already loadable by an <img>) starting at `index`, replacing any viewer. */
export function previewImage(container, urls, index) {
  ensureStyle(container);
  current?.close();
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
    zoom(1);
    shown = target;
    zoom(1);
    track.style.transform = `translateX(${-100 * shown}%)`;
    counter.textContent = urls.length > 1 ? `${shown + 1}/${urls.length}` : '';
    prev.hidden = shown === 0;
    next.hidden = shown === urls.length - 1;
    view.dataset.index = String(shown);
  };
  prev.onclick = (event) => { event.stopPropagation(); show(shown - 1); };
  next.onclick = (event) => { event.stopPropagation(); show(shown + 1); };
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
    if (current?.view === view) current = null;
  };
  document.addEventListener('keydown', onKey, true);

  view.addEventListener('wheel', (event) => {
    event.preventDefault();
    zoom(scale * Math.exp(-event.deltaY / 300));
  }, { passive: false });

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
    if (pointers.size === 1) gesture = { x: event.clientX, y: event.clientY, time: Date.now(), pinch: null, moved: false };
    else if (pointers.size === 2 && gesture) gesture.pinch = { distance: distance(), scale };
  });
  view.addEventListener('pointermove', (event) => {
    if (!pointers.has(event.pointerId) || !gesture) return;
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    if (gesture.pinch && pointers.size === 2) {
      gesture.moved = true;
      zoom(gesture.pinch.scale * distance() / Math.max(gesture.pinch.distance, 1));
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
      if (now - lastTap < 300) { clearTimeout(view.tapTimer); zoom(scale > 1 ? 1 : 2); lastTap = 0; return; }
      lastTap = now;
      view.tapTimer = setTimeout(close, 300); // a single tap closes; a double tap zooms
    }
  };
  view.addEventListener('pointerup', release);
  view.addEventListener('pointercancel', (event) => { pointers.delete(event.pointerId); gesture = null; });

  container.append(view);
  show(shown);
  current = { view, close };
}
