// The map view of wx.openLocation and wx.chooseLocation, over the device screen. The Rust
// side (map.rs) checks the options, lays out the tiles and turns pin offsets into
// coordinates; this module builds the DOM, moves the pin and reports what the person did.
// When a tile cannot load (offline, a bad template), the view becomes a plain card with
// the coordinates on a grid, where the pin still moves. The <map> component (components.js)
// draws its tiles and offline card with the same code and CSS, through `mapKit`.

const STYLE_ID = 'wx-map-style';
const CSS = `
.wx-map { position: absolute; inset: 0; z-index: 100; display: flex; flex-direction: column; background: #fff;
  font: 15px/1.4 -apple-system, "PingFang SC", "Helvetica Neue", sans-serif; color: #000; }
.wx-map-bar { flex: none; display: flex; align-items: center; justify-content: space-between; gap: 8px; box-sizing: border-box;
  height: 64px; padding: 20px 8px 0; background: #393a3f; color: #fff; }
.wx-map-bar h2 { margin: 0; font-size: 17px; font-weight: 600; overflow: hidden; white-space: nowrap; text-overflow: ellipsis; }
.wx-map-bar button { min-width: 56px; height: 32px; border: 0; border-radius: 4px; background: none; color: #fff; font: inherit; cursor: pointer; }
.wx-map-bar .wx-map-confirm { background: #1aad19; }
.wx-map-area { position: relative; flex: 1; overflow: hidden; background: #e8e4dc; touch-action: none; cursor: crosshair; }
.wx-map-tiles { position: absolute; left: 50%; top: 50%; }
.wx-map-tiles img { position: absolute; width: 256px; height: 256px; user-select: none; -webkit-user-drag: none; pointer-events: none; }
.wx-map-offline .wx-map-tiles { display: none; }
.wx-map-offline .wx-map-area { background-color: #f4f6f8; background-position: center;
  background-image: repeating-linear-gradient(0deg, transparent 0 31px, #dde3ea 31px 32px),
  repeating-linear-gradient(90deg, transparent 0 31px, #dde3ea 31px 32px); }
.wx-map-pin { position: absolute; width: 28px; height: 40px; margin: -40px 0 0 -14px; cursor: grab; touch-action: none; }
.wx-map-pin svg { display: block; filter: drop-shadow(0 2px 2px rgba(0,0,0,.35)); }
.wx-map-card { flex: none; padding: 14px 16px 18px; border-top: 1px solid #e5e5e5; background: #fff; }
.wx-map-name { font-size: 18px; font-weight: 600; word-break: break-word; }
.wx-map-address { margin-top: 2px; color: #888; word-break: break-word; }
.wx-map-coords { margin-top: 6px; color: #353535; font: 14px ui-monospace, Menlo, Consolas, monospace; }
.wx-map-note { display: none; margin-top: 6px; color: #b2b2b2; font-size: 13px; }
.wx-map-offline .wx-map-note { display: block; }
.wx-map-card label { display: flex; align-items: center; gap: 8px; margin-top: 8px; color: #888; }
.wx-map-card input { flex: 1; min-width: 0; height: 32px; padding: 0 8px; border: 1px solid #e5e5e5; border-radius: 4px; font: inherit; }
`;

const PIN =
  '<svg width="28" height="40" viewBox="0 0 28 40"><path d="M14 39C14 39 27 22 27 13.5A13 13 0 0 0 1 13.5C1 22 14 39 14 39z" fill="#f43530" stroke="#b31d1a"/><circle cx="14" cy="13.5" r="5" fill="#fff"/></svg>';

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
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function button(className, text) {
  const node = element('button', className, text);
  node.type = 'button';
  return node;
}

function field(label, value) {
  const wrap = element('label', '', label);
  const input = element('input');
  input.value = value;
  wrap.append(input);
  return [wrap, input];
}

/**
 * Lays `laid` ([{url, left, top}], from the top-left corner of a `width` × `height` area)
 * into `layer`, which sits at the area's centre. No tile, or a tile that fails to load,
 * turns `view` into the offline card (the class `wx-map-offline`).
 */
function drawTiles(view, layer, laid, width, height) {
  const offline = () => view.classList.add('wx-map-offline');
  if (laid.length === 0) offline();
  // Tiles already shown stay (a redrawn map does not flash while they reload).
  const shown = new Map([...layer.children].map((img) => [img.dataset.url, img]));
  const tiles = laid.map(({ url, left, top }) => {
    let img = shown.get(url);
    shown.delete(url);
    if (!img) {
      img = element('img');
      img.alt = '';
      img.dataset.url = url;
      img.onerror = offline;
      img.src = url;
    }
    img.style.left = `${left - width / 2}px`;
    img.style.top = `${top - height / 2}px`;
    return img;
  });
  layer.replaceChildren(...tiles);
}

/**
 * What the <map> component draws with (components.js's `map` hook): map.rs's math —
 * `tiles(latitude, longitude, zoom, width, height)` → [{url, left, top}],
 * `offset(latitude, longitude, zoom, pointLatitude, pointLongitude)` → [dx, dy] from the
 * centre, `locate(latitude, longitude, zoom, dx, dy)` → [latitude, longitude], all GCJ-02,
 * `gcj02(latitude, longitude)` for a browser's WGS-84 position — and this module's
 * `style(element)`, `drawTiles` and marker `pin`.
 */
export function mapKit(tiles, offset, locate, gcj02) {
  return { tiles, offset, locate, gcj02, style: ensureStyle, drawTiles, pin: PIN };
}

/**
 * Shows the map. `options`: {choose, name, address, title}; `tiles(width, height)` gives
 * [{url, left, top}] for the map area; `locate(dx, dy)` gives the [latitude, longitude]
 * text of the point dx, dy pixels from the centre. Resolves when the view closes: with
 * null (closed or cancelled) or, when choosing, {dx, dy, name, address}. One map shows at a
 * time, as one native map page would cover the app: a new one closes the open one (a
 * chooseLocation it closes is cancelled).
 */
let closeOpenMap = null;

export function showMap(container, options, tiles, locate) {
  ensureStyle(container);
  closeOpenMap?.(null);
  return new Promise((resolve) => {
    const view = element('div', 'wx-map');
    view.setAttribute('role', 'dialog');
    const bar = element('div', 'wx-map-bar');
    const back = button('wx-map-cancel', options.choose ? '取消' : '返回');
    bar.append(back, element('h2', '', options.title));
    const confirm = options.choose ? button('wx-map-confirm', '确定') : null;
    bar.append(confirm ?? element('span'));
    const area = element('div', 'wx-map-area');
    const layer = element('div', 'wx-map-tiles');
    const pin = element('div', 'wx-map-pin');
    pin.innerHTML = PIN;
    area.append(layer, pin);
    const card = element('div', 'wx-map-card');
    const coords = element('div', 'wx-map-coords');
    const note = element(
      'div',
      'wx-map-note',
      'Map tiles could not load: showing coordinates only',
    );
    let nameInput = null;
    let addressInput = null;
    if (options.choose) {
      const [nameRow, name] = field('名称', options.name);
      const [addressRow, address] = field('地址', options.address);
      name.className = 'wx-map-name-input';
      address.className = 'wx-map-address-input';
      name.placeholder = 'Name (optional)';
      address.placeholder = 'Address (optional)';
      nameInput = name;
      addressInput = address;
      card.append(coords, note, nameRow, addressRow);
    } else {
      card.append(
        element('div', 'wx-map-name', options.name),
        element('div', 'wx-map-address', options.address),
        coords,
        note,
      );
    }
    view.append(bar, area, card);
    container.append(view);

    // The pin and the tiles are placed from the area's centre, which stays the map's
    // centre when the card below changes height.
    let offset = [0, 0];
    const place = () => {
      pin.style.left = `calc(50% + ${offset[0]}px)`;
      pin.style.top = `calc(50% + ${offset[1]}px)`;
      coords.textContent = locate(offset[0], offset[1]).join(', ');
    };
    const [width, height] = [area.clientWidth, area.clientHeight];
    drawTiles(view, layer, tiles(width, height), width, height);
    place();

    if (options.choose) {
      // The pin follows a drag, or jumps to where the map is tapped.
      const moveTo = (event) => {
        const box = area.getBoundingClientRect();
        const x = Math.min(Math.max(event.clientX - box.left, 0), box.width);
        const y = Math.min(Math.max(event.clientY - box.top, 0), box.height);
        offset = [x - box.width / 2, y - box.height / 2];
        place();
      };
      area.addEventListener('pointerdown', (event) => {
        area.setPointerCapture?.(event.pointerId);
        moveTo(event);
        const move = (e) => moveTo(e);
        const up = () => {
          area.removeEventListener('pointermove', move);
          area.removeEventListener('pointerup', up);
        };
        area.addEventListener('pointermove', move);
        area.addEventListener('pointerup', up);
      });
    }

    const onKey = (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        close(null);
      }
    };
    document.addEventListener('keydown', onKey, true);
    function close(result) {
      document.removeEventListener('keydown', onKey, true);
      if (closeOpenMap === close) closeOpenMap = null;
      view.remove();
      resolve(result);
    }
    closeOpenMap = close;
    back.onclick = () => close(null);
    if (confirm) {
      confirm.onclick = () =>
        close({ dx: offset[0], dy: offset[1], name: nameInput.value, address: addressInput.value });
    }
  });
}
