// The Network panel, as in WeChat's developer tools: a row for every wx.request,
// uploadFile, downloadFile and socket (method, URL, status, time, size, whether it went
// through wxweb serve's proxy; failures in red with their errMsg), and for the selected row
// its request and response headers and bodies (JSON pretty-printed) or a socket's frames in
// both directions. A filter box, a kind filter and Clear.
//
// It is fed by the runtime's `wxweb:network` events (one per step of a call; README,
// "Network", and src/api/network/inspect.rs). `listen()` starts recording them and is meant to be
// called at start (panels.js), so that the requests made before the panel is first shown,
// and while it is hidden, are listed; `mount()` calls it too. At most ENTRIES_MAX calls
// and TEXT_BUDGET characters of bodies and frames are kept: the oldest go first.

const ENTRIES_MAX = 500;
const FRAMES_MAX = 1000; // per socket
const TEXT_BUDGET = 32 * 1024 * 1024; // UTF-16 units of bodies and frame data kept in all
const FLUSH_DELAY = 40; // ms: a burst of events redraws once

const entries = new Map(); // `${kind}:${id}` → entry, oldest first
const ignored = new Set(); // calls cleared away before they ended: their later events
const dirty = new Set();
let textKept = 0;
let listening = false;
let view = null; // the mounted panel's parts
let flushTimer = 0;

/**
 * Starts recording the runtime's `wxweb:network` events (mount() calls it too). It sets
 * `globalThis.wxweb.inspectNetwork`, which the runtime reads as each call starts: without
 * it no event is built (src/api/network/inspect.rs).
 */
export function listen() {
  globalThis.wxweb ??= {};
  globalThis.wxweb.inspectNetwork = true;
  if (listening) return;
  listening = true;
  addEventListener('wxweb:network', (event) => record(event.detail));
}

/** Builds the panel in `host` (#panel-network). */
export function mount(host) {
  listen();
  view = build(host);
  host.replaceChildren(view.panel);
  for (const entry of entries.values()) dirty.add(entry);
  flush();
  return { shown: flush };
}

// ---- Recording ----

const PHASES = new Set(['start', 'end', 'open', 'send', 'receive', 'close', 'error']);

function record(detail) {
  if (!detail || typeof detail !== 'object' || !PHASES.has(detail.phase)) return;
  const key = `${detail.kind}:${detail.id}`;
  if (ignored.has(key)) {
    if (finishes(detail)) ignored.delete(key);
    return;
  }
  let entry = entries.get(key);
  if (!entry) {
    entry = {
      key,
      id: detail.id,
      kind: String(detail.kind),
      url: null,
      method: detail.kind === 'socket' ? 'WS' : '',
      started: detail.time,
      frames: [],
      framesDropped: 0,
      text: 0,
    };
    entries.set(key, entry);
    trim();
  }
  switch (detail.phase) {
    case 'start':
      entry.started = detail.time;
      entry.url = detail.url;
      if (detail.method) entry.method = detail.method;
      entry.proxied = Boolean(detail.proxied);
      entry.requestHeaders = detail.requestHeaders;
      entry.requestBody = detail.requestBody ?? null;
      entry.requestSize = detail.requestSize;
      entry.protocols = detail.protocols;
      keep(entry, entry.requestBody);
      break;
    case 'end':
      entry.ended = detail.time;
      entry.status = detail.status;
      entry.responseHeaders = detail.responseHeaders;
      entry.responseBody = detail.responseBody ?? null;
      entry.responseSize = detail.responseSize;
      entry.errMsg = detail.errMsg;
      entry.duration = detail.duration;
      entry.failed = typeof detail.errMsg === 'string' && !detail.errMsg.endsWith(':ok');
      keep(entry, entry.responseBody);
      break;
    case 'open':
      entry.opened = detail.time;
      frame(entry, { direction: 'open', time: detail.time });
      break;
    case 'send':
    case 'receive':
      frame(entry, {
        direction: detail.phase,
        time: detail.time,
        data: detail.data ?? null,
        size: detail.size,
        binary: Boolean(detail.binary),
      });
      break;
    case 'close':
      entry.ended = detail.time;
      entry.close = { code: detail.code, reason: detail.reason };
      frame(entry, { direction: 'close', time: detail.time, data: describeClose(entry.close) });
      break;
    case 'error':
      entry.ended ??= detail.time;
      entry.errMsg = detail.errMsg;
      entry.failed = true;
      frame(entry, { direction: 'error', time: detail.time, data: detail.errMsg ?? null });
      break;
  }
  touch(entry);
}

/** Whether a call's last event is `detail` (a socket's error comes before its close). */
function finishes(detail) {
  return detail.phase === 'end' || detail.phase === 'close';
}

/** Adds a socket's frame, dropping its oldest past FRAMES_MAX or a quarter of the budget. */
function frame(entry, item) {
  entry.frames.push(item);
  keep(entry, item.data);
  while (
    entry.frames.length > FRAMES_MAX ||
    (entry.text > TEXT_BUDGET / 4 && entry.frames.length > 1)
  ) {
    const old = entry.frames.shift();
    if (old.direction === 'send' || old.direction === 'receive') entry.framesDropped += 1;
    release(entry, old.data);
  }
}

function keep(entry, text) {
  const length = typeof text === 'string' ? text.length : 0;
  entry.text += length;
  textKept += length;
  if (textKept > TEXT_BUDGET) trim();
}

function release(entry, text) {
  const length = typeof text === 'string' ? text.length : 0;
  entry.text -= length;
  textKept -= length;
}

/** Drops the oldest calls while more than ENTRIES_MAX or TEXT_BUDGET are kept. */
function trim() {
  for (const entry of entries.values()) {
    if (entries.size <= ENTRIES_MAX && textKept <= TEXT_BUDGET) break;
    if (entries.size === 1) break; // the newest call stays, however big
    drop(entry);
  }
}

function drop(entry) {
  entries.delete(entry.key);
  textKept -= entry.text;
  dirty.delete(entry);
  if (!done(entry)) ignored.add(entry.key);
  entry.row?.remove();
  if (view?.selected === entry) select(null);
}

function done(entry) {
  return entry.kind === 'socket' ? Boolean(entry.close || entry.failed) : 'errMsg' in entry;
}

function touch(entry) {
  dirty.add(entry);
  if (view && !flushTimer) flushTimer = setTimeout(flush, FLUSH_DELAY);
}

// ---- The panel ----

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children.filter((child) => child != null));
  return node;
}

function build(host) {
  const parts = { host, selected: null };
  parts.filter = el('input', {
    type: 'search',
    className: 'nw-filter',
    placeholder: 'Filter URLs',
    spellcheck: false,
  });
  parts.filter.setAttribute('aria-label', 'Filter URLs');
  parts.kind = el(
    'select',
    { className: 'nw-kind' },
    new Option('All kinds', ''),
    ...['request', 'uploadFile', 'downloadFile', 'socket'].map((kind) => new Option(kind, kind)),
  );
  parts.kind.setAttribute('aria-label', 'Kind');
  for (const input of [parts.filter, parts.kind]) input.addEventListener('input', applyFilter);
  const clear = el('button', { type: 'button', className: 'nw-clear', textContent: 'Clear' });
  clear.addEventListener('click', clearAll);
  parts.count = el('span', { className: 'nw-count' });
  parts.rows = el('tbody');
  parts.rows.addEventListener('click', (event) => {
    const row = event.target.closest('tr');
    if (row) select(entries.get(row.dataset.key) ?? null);
  });
  parts.rows.addEventListener('keydown', (event) => {
    const row = event.target.closest('tr');
    if (row && event.key === 'Enter') select(entries.get(row.dataset.key) ?? null);
  });
  parts.scroller = el(
    'div',
    { className: 'nw-scroller' },
    el(
      'table',
      { className: 'nw-table' },
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          ...['Name', 'Method', 'Status', 'Kind', 'Size', 'Time'].map((name) =>
            el('th', { textContent: name }),
          ),
        ),
      ),
      parts.rows,
    ),
    el('p', { className: 'nw-empty', textContent: 'No requests yet.' }),
  );
  parts.details = el('div', { className: 'nw-details', hidden: true });
  parts.panel = el(
    'div',
    { className: 'nw' },
    el('div', { className: 'nw-toolbar' }, parts.filter, parts.kind, clear, parts.count),
    parts.scroller,
    parts.details,
  );
  return parts;
}

/** Brings the rows (and the selected call's details) up to date, when the panel shows. */
function flush() {
  clearTimeout(flushTimer);
  flushTimer = 0;
  if (!view || view.host.hidden) return;
  const { scroller } = view;
  const atBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 24;
  for (const entry of dirty) {
    if (!entry.row) {
      entry.row = el('tr');
      entry.row.dataset.key = entry.key;
      entry.row.tabIndex = 0;
      view.rows.append(entry.row);
    }
    fillRow(entry);
    if (view.selected === entry) showDetails(entry);
  }
  dirty.clear();
  applyFilter();
  if (atBottom) scroller.scrollTop = scroller.scrollHeight;
}

function fillRow(entry) {
  const { row } = entry;
  row.className = 'nw-row';
  row.classList.toggle('nw-failed', Boolean(entry.failed));
  row.classList.toggle('nw-pending', !done(entry));
  row.classList.toggle('nw-selected', view.selected === entry);
  row.dataset.kind = entry.kind;
  const name = el(
    'td',
    { className: 'nw-name', title: entry.url ?? '' },
    el('span', { className: 'nw-url', textContent: shortUrl(entry.url) }),
  );
  if (entry.proxied) {
    name.prepend(
      el('span', {
        className: 'nw-proxied',
        textContent: 'proxy',
        title: 'Sent through wxweb serve’s proxy',
      }),
    );
  }
  if (entry.failed && entry.errMsg) {
    name.append(el('span', { className: 'nw-errmsg', textContent: entry.errMsg }));
  }
  row.replaceChildren(
    name,
    el('td', { className: 'nw-method', textContent: entry.method }),
    el('td', { className: 'nw-status', textContent: statusText(entry) }),
    el('td', { className: 'nw-kind-cell', textContent: entry.kind }),
    el('td', { className: 'nw-size', textContent: sizeText(entry) }),
    el('td', { className: 'nw-time', textContent: timeText(entry) }),
  );
}

function statusText(entry) {
  if (entry.kind === 'socket') {
    if (entry.close) return `closed ${entry.close.code ?? ''}`.trim();
    if (entry.failed) return 'failed';
    return entry.opened !== undefined ? 'open' : 'connecting';
  }
  if (entry.status != null) return String(entry.status);
  if (entry.failed) return 'failed';
  return done(entry) ? '' : 'pending';
}

function sizeText(entry) {
  if (entry.kind === 'socket') {
    const count = entry.frames.filter((f) => f.direction === 'send' || f.direction === 'receive');
    return count.length + entry.framesDropped ? `${count.length + entry.framesDropped} frames` : '';
  }
  if (entry.kind === 'uploadFile' && entry.requestSize != null && entry.responseSize == null) {
    return bytes(entry.requestSize);
  }
  return entry.responseSize != null ? bytes(entry.responseSize) : '';
}

function timeText(entry) {
  if (entry.duration != null) return ms(entry.duration);
  if (entry.ended !== undefined && entry.started !== undefined) {
    return ms(entry.ended - entry.started);
  }
  return '';
}

function applyFilter() {
  if (!view) return;
  const needle = view.filter.value.trim().toLowerCase();
  const kind = view.kind.value;
  let shown = 0;
  for (const entry of entries.values()) {
    if (!entry.row) continue;
    const visible =
      (!kind || entry.kind === kind) &&
      (!needle || (entry.url ?? '').toLowerCase().includes(needle));
    entry.row.hidden = !visible;
    if (visible) shown += 1;
  }
  view.count.textContent =
    shown === entries.size
      ? plural(entries.size, 'call')
      : `${shown} of ${plural(entries.size, 'call')}`;
  view.scroller.querySelector('.nw-empty').hidden = entries.size > 0;
}

function clearAll() {
  for (const entry of entries.values()) if (!done(entry)) ignored.add(entry.key);
  entries.clear();
  dirty.clear();
  textKept = 0;
  view.rows.replaceChildren();
  select(null);
  applyFilter();
}

function select(entry) {
  if (!view) return;
  view.selected?.row?.classList.remove('nw-selected');
  view.selected = entry;
  entry?.row?.classList.add('nw-selected');
  view.details.hidden = !entry;
  if (entry) showDetails(entry);
  else view.details.replaceChildren();
}

// ---- The details of the selected call ----

function showDetails(entry) {
  const close = el('button', { type: 'button', className: 'nw-close', textContent: '✕' });
  close.title = 'Close the details';
  close.addEventListener('click', () => select(null));
  // Sections the developer folded stay folded; the scroll position stays.
  const folded = new Set(
    [...view.details.querySelectorAll('details')].filter((d) => !d.open).map((d) => d.dataset.name),
  );
  const { scrollTop } = view.details;
  const sections = [section('General', general(entry))];
  if (entry.kind === 'socket') {
    sections.push(
      section(`Frames (${framesCount(entry)})`, frames(entry), 'Frames'),
      section('Request headers', headers(entry.requestHeaders)),
    );
  } else {
    sections.push(
      section('Request headers', headers(entry.requestHeaders)),
      section('Request body', body(entry.requestBody, entry.requestSize, 'request')),
      section('Response headers', headers(entry.responseHeaders)),
      section('Response body', body(entry.responseBody, entry.responseSize, 'response', entry)),
    );
  }
  for (const details of sections) if (folded.has(details.dataset.name)) details.open = false;
  view.details.replaceChildren(
    el(
      'div',
      { className: 'nw-details-head' },
      el('span', { className: 'nw-details-url', textContent: entry.url ?? '(unknown URL)' }),
      close,
    ),
    ...sections,
  );
  view.details.scrollTop = scrollTop;
}

function section(title, content, name = title) {
  const details = el('details', { open: true }, el('summary', { textContent: title }), content);
  details.dataset.name = name;
  details.className = `nw-section nw-section-${name.toLowerCase().replaceAll(' ', '-')}`;
  return details;
}

function general(entry) {
  const rows = [
    ['URL', entry.url],
    ['Kind', entry.kind],
    ['Method', entry.kind === 'socket' ? null : entry.method],
    ['Status', statusText(entry)],
    ['errMsg', entry.errMsg],
    [
      'Proxied',
      entry.proxied === undefined ? null : entry.proxied ? 'yes, through wxweb serve' : 'no',
    ],
    [
      'Protocols',
      Array.isArray(entry.protocols) && entry.protocols.length ? entry.protocols.join(', ') : null,
    ],
    ['Started', entry.started === undefined ? null : clock(entry.started)],
    ['Time', timeText(entry) || null],
    ['Request size', entry.requestSize == null ? null : bytes(entry.requestSize)],
    ['Response size', entry.responseSize == null ? null : bytes(entry.responseSize)],
  ];
  return pairs(
    rows.filter(([, value]) => value != null && value !== ''),
    'nw-general',
  );
}

function headers(map) {
  if (!map || typeof map !== 'object' || Object.keys(map).length === 0) {
    return el('p', { className: 'nw-none', textContent: map ? '(none)' : '(not known)' });
  }
  return pairs(Object.entries(map), 'nw-headers');
}

function pairs(rows, className) {
  return el(
    'table',
    { className: `nw-pairs ${className}` },
    el(
      'tbody',
      {},
      ...rows.map(([name, value]) =>
        el('tr', {}, el('th', { textContent: name }), el('td', { textContent: String(value) })),
      ),
    ),
  );
}

function body(text, size, which, entry) {
  if (typeof text === 'string') {
    return el('pre', { className: `nw-body nw-${which}-body`, textContent: pretty(text) });
  }
  let note = '(none)';
  if (entry?.failed) note = '(no response)';
  else if (entry && !done(entry)) note = '(waiting for the response)';
  else if (which === 'response' && size > 1024 * 1024)
    note = `(${bytes(size)}: larger than 1 MiB, not kept)`;
  else if (size > 0) note = `(binary, ${bytes(size)})`;
  return el('p', { className: 'nw-none', textContent: note });
}

/** JSON text indented by two spaces; any other text as it is. */
function pretty(text) {
  if (!/^\s*[[{]/.test(text)) return text;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function framesCount(entry) {
  return entry.frames.filter((f) => f.direction === 'send' || f.direction === 'receive').length;
}

const ARROWS = {
  send: '↑ sent',
  receive: '↓ received',
  open: 'open',
  close: 'close',
  error: 'error',
};

function frames(entry) {
  const rows = entry.frames.map((item) => {
    let data = item.data;
    if (item.binary) data = `(binary, ${bytes(item.size ?? 0)})`;
    const row = el(
      'tr',
      { className: `nw-frame nw-frame-${item.direction}` },
      el('td', { className: 'nw-frame-dir', textContent: ARROWS[item.direction] }),
      el('td', { className: 'nw-frame-time', textContent: clock(item.time) }),
      el('td', { className: 'nw-frame-data', textContent: data ?? '' }),
    );
    row.dataset.direction = item.direction;
    return row;
  });
  const table = el(
    'table',
    { className: 'nw-frames' },
    el(
      'thead',
      {},
      el('tr', {}, ...['Direction', 'Time', 'Data'].map((name) => el('th', { textContent: name }))),
    ),
    el('tbody', {}, ...rows),
  );
  if (!entry.framesDropped) return table;
  const note = `(${plural(entry.framesDropped, 'older frame')} not kept)`;
  return el('div', {}, el('p', { className: 'nw-none', textContent: note }), table);
}

function describeClose({ code, reason }) {
  return [code, reason].filter((part) => part != null && part !== '').join(' ');
}

// ---- Units ----

/** A URL as a row shows it: without the scheme, and without the host for the simulator's own. */
function shortUrl(url) {
  if (url == null) return '(started before the panel listened)';
  try {
    const parsed = new URL(url);
    const path = `${parsed.pathname}${parsed.search}`;
    return parsed.host === location.host ? path : `${parsed.host}${path}`;
  } catch {
    return url;
  }
}

function bytes(n) {
  if (typeof n !== 'number') return '';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(2)} MB`;
}

function ms(n) {
  return n < 1000 ? `${Math.round(n)} ms` : `${(n / 1000).toFixed(2)} s`;
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The wall-clock time of a `performance.now()` stamp: HH:MM:SS.mmm. */
function clock(stamp) {
  const date = new Date(performance.timeOrigin + stamp);
  const two = (n) => String(n).padStart(2, '0');
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}
