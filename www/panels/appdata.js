// The AppData panel: the current page's `data` and `getApp().globalData` as a collapsible
// tree, as in WeChat's developer tools. It re-reads both on every `wxweb:data` event (a
// setData changed the page) and `wxweb:pageready` (a navigation), one frame at most after
// the change, keeping what was expanded. Children are made only for expanded nodes and at
// most PAGE_SIZE at a time ("… N more" shows the next ones), strings are cut in the row, so
// huge arrays, deep nesting and long strings cost only what is on screen. A leaf is edited
// in place (double-click, or Enter on it): the text is JSON; Enter calls the page's
// `setData({'a.b[2].c': value})` (WeChat's path syntax), or assigns into globalData.
// Also exports the tree's keyboard handling (ARIA tree pattern), which the WXML panel uses.

const PAGE_SIZE = 100; // children shown per level before "… N more"
const PREVIEW_CHARS = 120; // a string's characters shown in its row
const TITLE_CHARS = 2000; // … and in its tooltip
const PREVIEW_ENTRIES = 5; // entries in a collapsed object's one-line preview

/** Mounts the panel in `container`; returns `{shown}` for panels.js. */
export function mount(container) {
  container.classList.add('appdata');
  const header = element('div', 'appdata-bar', container);
  element('span', 'appdata-label', header, 'Page');
  const route = element('code', 'appdata-route', header, '—');
  const refresh = element('button', 'appdata-refresh', header, 'Refresh');
  refresh.type = 'button';
  refresh.title = 'Read the data again (globalData changes send no event)';
  const tree = element('div', 'appdata-tree', container);
  tree.setAttribute('role', 'tree');
  tree.setAttribute('aria-label', 'AppData');

  const state = {
    expanded: new Set([key('data', []), key('globalData', [])]),
    shown: new Map(), // node key → how many children are shown
    focus: key('data', []),
    editing: null, // {row, input} while a value is edited
    texts: new Map(), // node key → the text its row showed, to mark what changed
    seen: null, // the page whose data `texts` are of
  };
  let scheduled = false;
  let dirty = true;

  const render = () => {
    scheduled = false;
    if (container.hidden || state.editing) return; // again when shown or the edit ends
    dirty = false;
    const page = currentPage();
    route.textContent = page ? String(page.route ?? page.__route__ ?? '?') : '—';
    const roots = [
      { name: 'data', value: page?.data, label: 'data' },
      { name: 'globalData', value: appGlobalData(), label: 'globalData' },
    ];
    const hadFocus = tree.contains(document.activeElement);
    const scroll = tree.scrollTop;
    const rows = [];
    const previous = state.seen === page ? state.texts : new Map();
    state.texts = new Map();
    state.seen = page;
    for (const root of roots) {
      try {
        addRows(rows, state, root.name, [], root.label, root.value, 1);
      } catch (error) {
        // A hostile value (a Proxy whose traps throw): the rest of the panel still shows.
        const note = element('div', 'appdata-row appdata-type-error', undefined);
        note.textContent = `${root.label}: could not be read (${error?.message ?? error})`;
        rows.push(note);
      }
    }
    // A value that changed since the last time flashes, as in the developer tools.
    for (const row of rows) {
      const before = previous.get(row.dataset.key);
      if (before !== undefined && before !== state.texts.get(row.dataset.key))
        row.classList.add('appdata-changed');
    }
    tree.replaceChildren(...rows);
    tree.scrollTop = scroll;
    const focused =
      rows.find((row) => row.dataset.key === state.focus) ?? rows.find((row) => row.dataset.key);
    if (focused) {
      focused.tabIndex = 0;
      state.focus = focused.dataset.key;
      if (hadFocus) focused.focus({ preventScroll: true });
    }
  };
  const schedule = () => {
    dirty = true;
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(render);
  };

  addEventListener('wxweb:data', schedule);
  addEventListener('wxweb:pageready', schedule);
  refresh.addEventListener('click', schedule);
  globalThis.wxReady?.then(schedule, () => {});

  const toggle = (row) => {
    const nodeKey = row.dataset.key;
    if (row.getAttribute('aria-expanded') === null) return false;
    if (state.expanded.has(nodeKey)) state.expanded.delete(nodeKey);
    else state.expanded.add(nodeKey);
    state.focus = nodeKey;
    render();
    return true;
  };
  const more = (row) => {
    const parent = row.dataset.parent;
    state.shown.set(parent, (state.shown.get(parent) ?? PAGE_SIZE) + PAGE_SIZE);
    state.focus = row.dataset.key;
    render();
  };
  const startEdit = (row) => {
    if (!row.dataset.editable || state.editing) return;
    const target = locate(row.dataset.key);
    if (!target) return;
    state.focus = row.dataset.key;
    const valueCell = row.querySelector('.appdata-value');
    const input = document.createElement('input');
    input.className = 'appdata-input';
    input.spellcheck = false;
    input.setAttribute('aria-label', `New value of ${row.dataset.path}, as JSON`);
    input.value = editText(target.value);
    const error = element('span', 'appdata-error');
    error.setAttribute('role', 'alert');
    valueCell.replaceWith(input);
    input.after(error);
    state.editing = { row, input };
    input.focus();
    input.select();
    const finish = () => {
      state.editing = null;
      render();
      tree.querySelector(`[data-key="${CSS.escape(state.focus)}"]`)?.focus();
    };
    input.addEventListener('keydown', (event) => {
      event.stopPropagation();
      if (event.key === 'Escape') {
        event.preventDefault();
        finish();
      } else if (event.key === 'Enter') {
        event.preventDefault();
        let value;
        try {
          value = JSON.parse(input.value);
        } catch (problem) {
          error.textContent = `Not JSON: ${problem.message}`;
          input.setAttribute('aria-invalid', 'true');
          return;
        }
        const failure = assign(target, value);
        if (failure) {
          error.textContent = failure;
          input.setAttribute('aria-invalid', 'true');
          return;
        }
        finish();
      }
    });
    input.addEventListener('blur', () => {
      if (state.editing?.input === input) finish();
    });
  };

  tree.addEventListener('click', (event) => {
    const row = event.target.closest('[role="treeitem"]');
    if (!row || event.target.closest('.appdata-input')) return;
    focusRow(tree, row);
    state.focus = row.dataset.key;
    if (row.dataset.more) more(row);
    else if (event.target.closest('.appdata-twisty, .appdata-key, .appdata-preview')) toggle(row);
  });
  tree.addEventListener('dblclick', (event) => {
    const row = event.target.closest('[role="treeitem"]');
    if (row && !event.target.closest('.appdata-input')) startEdit(row);
  });
  tree.addEventListener('focusin', (event) => {
    const row = event.target.closest('[role="treeitem"]');
    if (row) state.focus = row.dataset.key;
  });
  treeKeys(tree, {
    toggle,
    activate: (row) => {
      if (row.dataset.more) more(row);
      else if (row.dataset.editable) startEdit(row);
      else toggle(row);
    },
  });

  return {
    shown() {
      if (dirty) render();
      else schedule();
    },
  };
}

/**
 * Keyboard handling of a tree of rows (`[role=treeitem]` in display order, with aria-level
 * and, when they have children, aria-expanded), roving tabindex: Up/Down, Home/End move;
 * Right expands or goes to the first child, Left collapses or goes to the parent;
 * Enter and Space call `activate(row)`. `toggle(row)` expands or collapses.
 */
export function treeKeys(tree, { toggle, activate }) {
  tree.addEventListener('keydown', (event) => {
    const row = event.target.closest('[role="treeitem"]');
    if (!row || event.target !== row || event.altKey || event.ctrlKey || event.metaKey) return;
    const rows = [...tree.querySelectorAll('[role="treeitem"]')];
    const at = rows.indexOf(row);
    const level = Number(row.getAttribute('aria-level'));
    const expanded = row.getAttribute('aria-expanded');
    let next;
    switch (event.key) {
      case 'ArrowDown':
        next = rows[at + 1];
        break;
      case 'ArrowUp':
        next = rows[at - 1];
        break;
      case 'Home':
        next = rows[0];
        break;
      case 'End':
        next = rows.at(-1);
        break;
      case 'ArrowRight':
        if (expanded === 'false') toggle(row);
        else if (expanded === 'true') next = rows[at + 1];
        break;
      case 'ArrowLeft':
        if (expanded === 'true') toggle(row);
        else next = rows.slice(0, at).findLast((r) => Number(r.getAttribute('aria-level')) < level);
        break;
      case 'Enter':
      case ' ':
        activate(row);
        break;
      default:
        return;
    }
    event.preventDefault();
    if (next) focusRow(tree, next);
  });
}

/** Makes `row` the tree's one tabbable row and focuses it. */
export function focusRow(tree, row) {
  for (const other of tree.querySelectorAll('[role="treeitem"][tabindex="0"]')) other.tabIndex = -1;
  row.tabIndex = 0;
  row.focus();
  row.scrollIntoView({ block: 'nearest' });
}

// ---- Reading the values ----

function currentPage() {
  try {
    return globalThis.getCurrentPages?.().at(-1);
  } catch {
    return undefined;
  }
}

function appGlobalData() {
  try {
    return globalThis.getApp?.()?.globalData;
  } catch {
    return undefined;
  }
}

/** A node's key: its root's name and its path, as text. */
function key(root, path) {
  return JSON.stringify([root, ...path]);
}

/** `value[name]`, or what a throwing getter threw. */
function read(value, name) {
  try {
    return { value: value[name] };
  } catch (error) {
    return { value: undefined, threw: error };
  }
}

/** The own enumerable keys of an object (indices of an array), or null for a leaf. */
function childKeys(value) {
  if (value === null || typeof value !== 'object') return null;
  try {
    if (value instanceof Date || value instanceof RegExp || value instanceof ArrayBuffer)
      return null;
    if (ArrayBuffer.isView(value)) return null;
    return Array.isArray(value) ? null : Object.keys(value);
  } catch {
    return []; // a Proxy whose traps throw: an object with nothing to show
  }
}

/** Whether the value has children to expand. */
function expandable(value) {
  return Array.isArray(value) || childKeys(value) !== null;
}

/** Adds the rows of `value` (and its expanded descendants) to `rows`. */
function addRows(rows, state, rootName, path, label, value, level, threw, extra = {}) {
  const nodeKey = key(rootName, path);
  const row = document.createElement('div');
  row.setAttribute('role', 'treeitem');
  row.setAttribute('aria-level', String(level));
  row.tabIndex = -1;
  row.dataset.key = nodeKey;
  row.dataset.path = [rootName, ...path].join('.');
  row.className = 'appdata-row';
  row.style.setProperty('--level', String(level - 1));
  if (extra.setsize) {
    row.setAttribute('aria-setsize', String(extra.setsize));
    row.setAttribute('aria-posinset', String(extra.posinset));
  }
  const open = expandable(value) && !threw;
  const expanded = open && state.expanded.has(nodeKey);
  element('span', 'appdata-twisty', row).setAttribute('aria-hidden', 'true');
  element('span', path.length ? 'appdata-key' : 'appdata-key appdata-root', row, label);
  element('span', 'appdata-colon', row, ': ');
  if (open) {
    row.setAttribute('aria-expanded', String(expanded));
    const summary = element('span', 'appdata-preview', row, preview(value));
    if (!expanded) state.texts.set(nodeKey, summary.textContent);
  } else if (threw) {
    element(
      'span',
      'appdata-value appdata-type-error',
      row,
      `(getter threw: ${threw?.message ?? threw})`,
    );
  } else {
    const cell = element('span', `appdata-value appdata-type-${kind(value)}`, row, leafText(value));
    state.texts.set(nodeKey, cell.textContent);
    if (typeof value === 'string' && value.length > PREVIEW_CHARS)
      cell.title = value.length > TITLE_CHARS ? `${value.slice(0, TITLE_CHARS)}…` : value;
    if (path.length) {
      row.dataset.editable = 'true';
      row.title = 'Double-click or Enter to edit (JSON)';
    }
  }
  rows.push(row);
  if (!expanded) return;
  const names = Array.isArray(value) ? null : childKeys(value);
  const total = names ? names.length : value.length;
  const shown = Math.min(total, state.shown.get(nodeKey) ?? PAGE_SIZE);
  for (let i = 0; i < shown; i++) {
    const name = names ? names[i] : i;
    const child = read(value, name);
    addRows(
      rows,
      state,
      rootName,
      [...path, name],
      String(name),
      child.value,
      level + 1,
      child.threw,
      { setsize: total, posinset: i + 1 },
    );
  }
  if (shown < total) {
    const rest = document.createElement('div');
    rest.setAttribute('role', 'treeitem');
    rest.setAttribute('aria-level', String(level + 1));
    rest.tabIndex = -1;
    rest.className = 'appdata-row appdata-more';
    rest.style.setProperty('--level', String(level));
    rest.dataset.key = `${nodeKey}+more`;
    rest.dataset.parent = nodeKey;
    rest.dataset.more = 'true';
    rest.textContent = `… ${total - shown} more`;
    rest.title = `Show ${Math.min(PAGE_SIZE, total - shown)} more`;
    rows.push(rest);
  }
}

function kind(value) {
  if (value === null) return 'null';
  if (typeof value === 'object') return 'object';
  return typeof value;
}

/** A leaf's text in its row. */
function leafText(value) {
  switch (typeof value) {
    case 'string': {
      const cut = value.length > PREVIEW_CHARS;
      const text = JSON.stringify(cut ? value.slice(0, PREVIEW_CHARS) : value);
      return cut ? `${text.slice(0, -1)}…" (${value.length} chars)` : text;
    }
    case 'function':
      return `ƒ ${value.name || 'anonymous'}()`;
    case 'bigint':
      return `${value}n`;
    case 'symbol':
      return value.toString();
    case 'object':
      if (value === null) return 'null';
      if (value instanceof Date)
        return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
      if (value instanceof ArrayBuffer) return `ArrayBuffer(${value.byteLength})`;
      if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${value.length ?? ''})`;
      return String(value);
    default:
      return Object.is(value, -0) ? '-0' : String(value);
  }
}

/** The one-line summary of an object or array: `Array(3)`, `{a: 1, b: "x", …}`. */
function preview(value) {
  if (Array.isArray(value)) return `Array(${value.length})`;
  const parts = [];
  let count = 0;
  try {
    for (const name in value) {
      if (!Object.hasOwn(value, name)) continue;
      if (++count > PREVIEW_ENTRIES) break;
      const child = read(value, name);
      parts.push(`${name}: ${short(child.value)}`);
    }
  } catch {
    // A Proxy's trap threw: what was read so far is the preview.
  }
  let prefix = '';
  try {
    const name = Object.getPrototypeOf(value)?.constructor?.name;
    if (typeof name === 'string' && name !== 'Object') prefix = `${name} `;
  } catch {
    // as above
  }
  return `${prefix}{${parts.join(', ')}${count > PREVIEW_ENTRIES ? ', …' : ''}}`;
}

/** A value inside a preview: nested objects are not opened. */
function short(value) {
  if (Array.isArray(value)) return `Array(${value.length})`;
  if (expandable(value)) return '{…}';
  const text = leafText(value);
  return text.length > 30 ? `${text.slice(0, 29)}…` : text;
}

/** The text an edit starts with: the value as JSON. */
function editText(value) {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

// ---- Writing a value ----

/** The value at a node's key, with what is needed to write it; null if it is gone. */
function locate(nodeKey) {
  const [root, ...path] = JSON.parse(nodeKey);
  const page = currentPage();
  let value = root === 'data' ? page?.data : appGlobalData();
  let parent;
  for (const name of path) {
    if (value === null || typeof value !== 'object') return null;
    parent = value;
    value = read(value, name).value;
  }
  return { root, path, parent, value, page };
}

/**
 * Writes `value` where `target` is: the page's setData with the path as WeChat writes it
 * (`list[2].name`), or an assignment into globalData. Returns the failure's text, if any.
 */
function assign(target, value) {
  const { root, path, parent, page } = target;
  try {
    if (root === 'globalData') {
      parent[path.at(-1)] = value; // the panel shows it when the edit ends
      return null;
    }
    if (!page || typeof page.setData !== 'function') return 'No page to set data on';
    // A key holding "." or "[" cannot be named in a setData path: set the nearest
    // ancestor that can, as a changed copy.
    const plain = path.findIndex((name) => typeof name === 'string' && /[.[\]]/.test(name));
    if (plain === 0) return `setData cannot name the key ${JSON.stringify(path[0])}`;
    if (plain < 0) {
      page.setData({ [setDataPath(path)]: value });
      return null;
    }
    const base = path.slice(0, plain);
    const copy = structuredClone(locate(key('data', base)).value);
    let place = copy;
    for (const name of path.slice(plain, -1)) place = place[name];
    place[path.at(-1)] = value;
    page.setData({ [setDataPath(base)]: copy });
    return null;
  } catch (error) {
    return `${error?.message ?? error}`;
  }
}

/** `['list', 2, 'name']` → `list[2].name`. */
function setDataPath(path) {
  return path
    .map((name, i) => (typeof name === 'number' ? `[${name}]` : i ? `.${name}` : name))
    .join('');
}

function element(tag, className, parent, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  parent?.append(node);
  return node;
}
