// The Storage panel, as in WeChat's developer tools: every key of the mini program's storage
// with its type, size and value, a bar of use against the 10 MB limit, and the saved files
// (path, size, time). A value can be edited (as JSON, a raw string or a Date), a key added
// or deleted, everything cleared (after a confirmation), a saved file removed. All of it goes
// through `wx` (getStorageInfoSync, getStorageSync, setStorageSync, removeStorageSync,
// clearStorageSync, getSavedFileList, removeSavedFile), so the panel sees and changes what
// the mini program does; it follows the runtime's `wxweb:storage` events live.

const ROWS_MAX = 500; // rows shown at once; the filter box finds the others
const PREVIEW_MAX = 300; // characters of a value shown in its row
const REFRESH_DELAY = 30; // ms: a burst of writes redraws once

let wx;
let root;
let container;
let timer = 0;
let listing = 0; // the latest getSavedFileList asked for: an older answer is not shown

/** Builds the panel in `host` (#panel-storage) and keeps it up to date. */
export async function mount(host) {
  container = host;
  // The runtime tells storage writes only while asked (each event costs about a write).
  globalThis.wxweb.inspectStorage = true;
  host.replaceChildren(
    el('p', { className: 'st-empty', textContent: 'Waiting for the mini program to start…' }),
  );
  wx = await globalThis.wxReady;
  root = build();
  host.replaceChildren(root.panel);
  addEventListener('wxweb:storage', schedule);
  await refresh();
  return { shown: refresh };
}

// ---- Building the panel ----

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children.filter((child) => child != null));
  return node;
}

function button(text, className, onClick, title) {
  const node = el('button', { type: 'button', className, textContent: text });
  if (title) node.title = title;
  node.addEventListener('click', onClick);
  return node;
}

function build() {
  const parts = {};
  parts.fill = el('div', { className: 'st-bar-fill' });
  parts.bar = el('div', { className: 'st-bar', role: 'meter' }, parts.fill);
  parts.bar.setAttribute('aria-label', 'Storage used');
  parts.bar.setAttribute('aria-valuemin', '0');
  parts.usage = el('span', { className: 'st-usage-text' });
  parts.filter = el('input', {
    type: 'search',
    className: 'st-filter',
    placeholder: 'Filter keys',
    spellcheck: false,
  });
  parts.filter.setAttribute('aria-label', 'Filter keys');
  parts.filter.addEventListener('input', () => refresh());
  parts.clear = button('Clear all', 'st-clear', () => confirmClear(true));
  parts.confirm = el(
    'span',
    { className: 'st-confirm', hidden: true },
    el('span', { className: 'st-confirm-text' }),
    button('Clear', 'st-confirm-yes', clearAll),
    button('Cancel', 'st-confirm-no', () => confirmClear(false)),
  );
  parts.editor = buildEditor(parts);
  parts.rows = el('tbody');
  parts.more = el('p', { className: 'st-more', hidden: true });
  parts.empty = el('p', { className: 'st-empty', hidden: true, textContent: 'No keys stored.' });
  parts.fileRows = el('tbody');
  parts.filesInfo = el('span', { className: 'st-files-info' });
  parts.filesEmpty = el('p', {
    className: 'st-empty',
    hidden: true,
    textContent: 'No saved files.',
  });
  parts.panel = el(
    'div',
    { className: 'st' },
    el('div', { className: 'st-usage' }, parts.bar, parts.usage),
    el(
      'div',
      { className: 'st-toolbar' },
      parts.filter,
      button('Add key', 'st-add', () => openEditor(null)),
      parts.clear,
      parts.confirm,
    ),
    parts.editor.form,
    el(
      'table',
      { className: 'st-table st-keys' },
      head(['Key', 'Type', 'Size', 'Value', '']),
      parts.rows,
    ),
    parts.more,
    parts.empty,
    el('h3', { className: 'st-heading' }, 'Saved files ', parts.filesInfo),
    el(
      'table',
      { className: 'st-table st-files' },
      head(['Path', 'Size', 'Time', '']),
      parts.fileRows,
    ),
    parts.filesEmpty,
  );
  return parts;
}

function head(names) {
  return el('thead', {}, el('tr', {}, ...names.map((name) => el('th', { textContent: name }))));
}

// ---- Reading storage ----

/** Redraws soon after a storage change, once for a burst of them. */
function schedule() {
  if (timer) return;
  timer = setTimeout(() => {
    timer = 0;
    if (!container.hidden) refresh(); // else shown() refreshes
  }, REFRESH_DELAY);
}

async function refresh() {
  showKeys();
  await showFiles();
}

/** The type of a stored value as the panel names it: string, number, boolean, null,
 * undefined, object, array or Date. */
function typeOf(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'Date';
  return typeof value;
}

/** The size of a key and its value as getStorageInfo counts it (src/api/storage/codec.rs):
 * UTF-16 units of the key plus those of the data — a string itself, a Date's milliseconds,
 * nothing for undefined, the JSON text of anything else. */
function sizeOf(key, value) {
  let data;
  if (typeof value === 'string') data = value;
  else if (value instanceof Date) data = String(value.getTime());
  else if (value === undefined) data = '';
  else data = JSON.stringify(value) ?? '';
  return key.length + data.length;
}

function preview(value) {
  let text;
  if (typeof value === 'string') text = value;
  else if (value instanceof Date)
    text = Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  else if (value === undefined) text = 'undefined';
  else text = JSON.stringify(value) ?? String(value);
  return text.length > PREVIEW_MAX ? `${text.slice(0, PREVIEW_MAX)}…` : text;
}

function showKeys() {
  const info = wx.getStorageInfoSync();
  const used = info.currentSize;
  const limit = info.limitSize || 10240;
  const share = Math.min(1, used / limit);
  root.fill.style.width = `${share * 100}%`;
  root.fill.classList.toggle('st-bar-full', share > 0.9);
  root.bar.setAttribute('aria-valuenow', String(used));
  root.bar.setAttribute('aria-valuemax', String(limit));
  root.usage.textContent = `${kb(used)} of ${kb(limit)} (${percent(share)}) · ${plural(info.keys.length, 'key')}`;

  const needle = root.filter.value.trim().toLowerCase();
  const keys = needle ? info.keys.filter((key) => key.toLowerCase().includes(needle)) : info.keys;
  const rows = keys.slice(0, ROWS_MAX).map((key) => keyRow(key, wx.getStorageSync(key)));
  root.rows.replaceChildren(...rows);
  root.more.hidden = keys.length <= ROWS_MAX;
  root.more.textContent = `… and ${plural(keys.length - ROWS_MAX, 'more key')}: filter to find them.`;
  root.empty.hidden = keys.length > 0;
  root.empty.textContent = needle ? 'No key matches the filter.' : 'No keys stored.';
  root.clear.disabled = info.keys.length === 0;
  if (root.confirm.hidden === false) confirmClear(true); // the count in the question
}

function keyRow(key, value) {
  const size = sizeOf(key, value);
  const row = el(
    'tr',
    { className: 'st-row', title: 'Click to edit' },
    el('td', { className: 'st-key', textContent: key }),
    el('td', { className: 'st-type', textContent: typeOf(value) }),
    el('td', { className: 'st-size', textContent: bytes(size), title: `${size} bytes` }),
    el('td', { className: 'st-value', textContent: preview(value) }),
    el(
      'td',
      { className: 'st-actions' },
      button(
        '✕',
        'st-delete',
        (event) => {
          event.stopPropagation();
          wx.removeStorageSync(key);
          if (root.editor.key === key) closeEditor();
          schedule();
        },
        `Delete ${key}`,
      ),
    ),
  );
  row.dataset.key = key;
  row.dataset.size = String(size);
  row.classList.toggle('st-selected', root.editor.key === key);
  row.tabIndex = 0;
  row.addEventListener('click', () => openEditor(key));
  row.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && event.target === row) openEditor(key);
  });
  return row;
}

async function showFiles() {
  const asked = ++listing;
  const list = await new Promise((resolve) =>
    wx.getSavedFileList({
      success: (res) => resolve(res.fileList),
      fail: () => resolve([]),
    }),
  );
  if (asked !== listing) return;
  const total = list.reduce((sum, file) => sum + file.size, 0);
  // Saved files have their own 10 MB (CONVENTIONS.md, "Files").
  root.filesInfo.textContent = list.length
    ? `${plural(list.length, 'file')} · ${bytes(total)} of 10 MB`
    : '';
  root.fileRows.replaceChildren(...list.map(fileRow));
  root.filesEmpty.hidden = list.length > 0;
}

function fileRow(file) {
  const row = el(
    'tr',
    { className: 'st-file' },
    el('td', { className: 'st-path', textContent: file.filePath }),
    el('td', { className: 'st-size', textContent: bytes(file.size), title: `${file.size} bytes` }),
    el('td', { className: 'st-time', textContent: clock(file.createTime * 1000) }),
    el(
      'td',
      { className: 'st-actions' },
      button(
        '✕',
        'st-delete',
        () => {
          wx.removeSavedFile({ filePath: file.filePath, complete: () => schedule() });
        },
        `Remove ${file.filePath}`,
      ),
    ),
  );
  row.dataset.path = file.filePath;
  row.dataset.size = String(file.size);
  return row;
}

// ---- Changing storage ----

function confirmClear(asking) {
  root.confirm.hidden = !asking;
  root.clear.hidden = asking;
  if (asking) {
    const count = wx.getStorageInfoSync().keys.length;
    root.confirm.firstChild.textContent = `Remove all ${plural(count, 'key')}?`;
  }
}

function clearAll() {
  confirmClear(false);
  wx.clearStorageSync();
  closeEditor();
  schedule();
}

function buildEditor() {
  const title = el('span', { className: 'st-editor-title' });
  const key = el('input', { name: 'key', className: 'st-editor-key', spellcheck: false });
  key.setAttribute('aria-label', 'Key');
  key.placeholder = 'key';
  const mode = el(
    'select',
    { name: 'mode', className: 'st-editor-mode' },
    new Option('JSON', 'json'),
    new Option('String', 'string'),
    new Option('Date', 'date'),
  );
  mode.setAttribute('aria-label', 'Stored as');
  mode.title = 'JSON: a number, boolean, null, object or array; String: the text as it is';
  const value = el('textarea', {
    name: 'value',
    className: 'st-editor-value',
    rows: 4,
    spellcheck: false,
  });
  value.setAttribute('aria-label', 'Value');
  const error = el('p', { className: 'st-editor-error', hidden: true });
  const form = el(
    'form',
    { className: 'st-editor', hidden: true },
    el('div', { className: 'st-editor-head' }, title, key, el('label', {}, 'as ', mode)),
    value,
    error,
    el(
      'div',
      { className: 'st-editor-buttons' },
      el('button', { type: 'submit', className: 'st-save', textContent: 'Save' }),
      button('Cancel', 'st-cancel', () => closeEditor()),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    save();
  });
  value.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      save();
    }
    if (event.key === 'Escape') closeEditor();
  });
  return { form, title, key: null, keyInput: key, mode, value, error };
}

/** Opens the editor on `key`'s value, or empty for a new key (`key` null). */
function openEditor(key) {
  const editor = root.editor;
  editor.key = key;
  editor.error.hidden = true;
  editor.form.hidden = false;
  editor.keyInput.hidden = key !== null;
  if (key === null) {
    editor.title.textContent = 'New key';
    editor.keyInput.value = '';
    editor.mode.value = 'string';
    editor.value.value = '';
    editor.value.rows = 3;
    editor.keyInput.focus();
    select(null);
    return;
  }
  const value = wx.getStorageSync(key);
  editor.title.textContent = key;
  if (typeof value === 'string') {
    editor.mode.value = 'string';
    editor.value.value = value;
  } else if (value instanceof Date) {
    editor.mode.value = 'date';
    editor.value.value = preview(value);
  } else {
    editor.mode.value = 'json';
    editor.value.value = value === undefined ? 'undefined' : JSON.stringify(value, null, 2);
  }
  editor.value.rows = Math.min(12, Math.max(3, editor.value.value.split('\n').length));
  editor.value.focus();
  editor.value.setSelectionRange(0, 0);
  editor.value.scrollTop = 0;
  select(key);
}

/** Marks the row being edited. */
function select(key) {
  for (const row of root.rows.children)
    row.classList.toggle('st-selected', row.dataset.key === key);
}

function closeEditor() {
  root.editor.form.hidden = true;
  root.editor.key = null;
  select(null);
}

function save() {
  const editor = root.editor;
  const key = editor.key ?? editor.keyInput.value;
  try {
    if (key === '') throw new Error('The key is empty.');
    wx.setStorageSync(key, parse(editor.value.value, editor.mode.value));
  } catch (error) {
    editor.error.textContent = error?.message ?? String(error);
    editor.error.hidden = false;
    return;
  }
  closeEditor();
  schedule();
}

/** The value the editor's text stands for in `mode` ('json', 'string' or 'date'). */
function parse(text, mode) {
  if (mode === 'string') return text;
  if (mode === 'date') {
    const trimmed = text.trim();
    const date = new Date(/^-?\d+$/.test(trimmed) ? Number(trimmed) : trimmed);
    if (Number.isNaN(date.getTime())) throw new Error(`Not a date: ${text}`);
    return date;
  }
  if (text.trim() === 'undefined') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(
      `Not valid JSON (choose "String" to store the text as it is): ${error.message}`,
    );
  }
}

// ---- Units ----

function bytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(2)} MB`;
}

function kb(n) {
  return n >= 1024 ? `${(n / 1024).toFixed(n % 1024 ? 2 : 0)} MB` : `${n} KB`;
}

function percent(share) {
  return `${share > 0 && share < 0.001 ? '<0.1' : (share * 100).toFixed(1)} %`;
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function clock(ms) {
  const date = new Date(ms);
  const two = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}
