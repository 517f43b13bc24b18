// The WXML panel: the current page's rendered tree with WXML tag names (`view`, not
// `wx-view`), attributes, data-* values and event bindings (wxweb.describeElement) and its
// text, as a collapsible tree that follows the page (a MutationObserver on the device
// screen, one render per frame at most). Hovering or focusing a node outlines its element
// over the device screen with its size, as browsers' devtools do; "Inspect" picks an element
// by clicking it on the screen (the click does not reach the mini program); the selected
// element's box, attributes, dataset and bindings show below the tree.

import { focusRow, treeKeys } from './appdata.js';

const CHILD_LIMIT = 200; // children shown per element before "… N more"
const TEXT_CHARS = 200; // characters of a text node shown in its row
const AUTO_OPEN_DEPTH = 3; // elements this shallow start expanded…
const AUTO_OPEN_CHILDREN = 20; // …when they have at most this many children
const SWALLOWED = [
  'pointerdown',
  'pointerup',
  'pointercancel',
  'mousedown',
  'mouseup',
  'click',
  'dblclick',
  'auxclick',
  'contextmenu',
  'touchstart',
  'touchmove',
  'touchend',
  'touchcancel',
];

/** Mounts the panel in `container`; returns `{shown}` for panels.js. */
export function mount(container) {
  container.classList.add('wxml');
  const bar = element('div', 'wxml-bar', container);
  const inspectButton = element('button', 'wxml-inspect', bar, 'Inspect');
  inspectButton.type = 'button';
  inspectButton.setAttribute('aria-pressed', 'false');
  inspectButton.title = 'Select an element by clicking it on the device screen (Esc stops)';
  element('span', 'wxml-label', bar, 'Page');
  const routeLabel = element('code', 'wxml-route', bar, '—');
  const tree = element('div', 'wxml-tree', container);
  tree.setAttribute('role', 'tree');
  tree.setAttribute('aria-label', 'WXML');
  const details = element('section', 'wxml-details', container);
  details.setAttribute('aria-label', 'Selected element');
  details.hidden = true;
  const highlight = makeHighlight();

  const state = {
    open: new WeakMap(), // element → expanded (absent: the default)
    limit: new WeakMap(), // element → how many children are shown
    rows: new Map(), // node → its row in the last render
    selected: null,
    focus: null, // the node whose row is tabbable
  };
  let viewport;
  let scheduled = false;
  let dirty = true;

  const render = () => {
    scheduled = false;
    if (container.hidden || !viewport?.shadowRoot) return;
    dirty = false;
    const root = pageRoot(viewport);
    routeLabel.textContent = root?.dataset.route ?? '—';
    const hadFocus = tree.contains(document.activeElement);
    const scroll = tree.scrollTop;
    const rows = [];
    const previous = state.rows;
    state.rows = new Map();
    if (root) addRows(rows, state, previous, root, 1);
    else rows.push(element('div', 'wxml-empty', undefined, 'No page is shown.'));
    tree.replaceChildren(...rows);
    tree.scrollTop = scroll;
    if (state.selected && !state.selected.isConnected) state.selected = null;
    for (const [node, row] of state.rows)
      row.setAttribute('aria-selected', String(node === state.selected));
    const focused =
      state.rows.get(state.focus) ?? state.rows.get(state.selected) ?? state.rows.get(root);
    if (focused) {
      for (const row of tree.querySelectorAll('[tabindex="0"]')) row.tabIndex = -1;
      focused.tabIndex = 0;
      state.focus = focused.wxNode;
      if (hadFocus) focused.focus({ preventScroll: true });
    }
    showDetails(details, state.selected);
  };
  const schedule = () => {
    dirty = true;
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(render);
  };

  Promise.resolve(globalThis.wxReady).then(
    () => {
      viewport = document.getElementById('wx-viewport');
      if (!viewport?.shadowRoot) return;
      new MutationObserver(schedule).observe(viewport.shadowRoot, {
        subtree: true,
        childList: true,
        attributes: true,
        characterData: true,
      });
      schedule();
    },
    () => {
      tree.replaceChildren(
        element('div', 'wxml-empty', undefined, 'The mini program did not start.'),
      );
    },
  );
  addEventListener('wxweb:pageready', schedule);

  const select = (node) => {
    state.selected = node;
    state.focus = node;
    render();
    const row = state.rows.get(node);
    if (row) focusRow(tree, row);
  };
  const toggle = (row) => {
    if (row.getAttribute('aria-expanded') === null) return;
    state.open.set(row.wxNode, row.getAttribute('aria-expanded') !== 'true');
    state.focus = row.wxNode;
    render();
    state.rows.get(row.wxNode)?.focus();
  };
  const more = (row) => {
    const parent = row.wxParent;
    state.limit.set(parent, (state.limit.get(parent) ?? CHILD_LIMIT) + CHILD_LIMIT);
    render();
  };

  tree.addEventListener('click', (event) => {
    const row = event.target.closest('[role="treeitem"]');
    if (!row) return;
    if (row.wxParent) return more(row);
    if (event.target.closest('.wxml-twisty')) return toggle(row);
    select(row.wxNode);
  });
  tree.addEventListener('dblclick', (event) => {
    const row = event.target.closest('[role="treeitem"]');
    if (row && !row.wxParent && !event.target.closest('.wxml-twisty')) toggle(row);
  });
  tree.addEventListener('mouseover', (event) => {
    const row = event.target.closest('[role="treeitem"]');
    if (row?.wxNode) highlight.show(row.wxNode);
  });
  tree.addEventListener('mouseleave', () => highlight.show(null));
  tree.addEventListener('focusin', (event) => {
    const row = event.target.closest('[role="treeitem"]');
    if (!row) return;
    if (row.wxNode) state.focus = row.wxNode;
    if (row.wxNode && !tree.matches(':hover')) highlight.show(row.wxNode);
  });
  tree.addEventListener('focusout', (event) => {
    if (!tree.contains(event.relatedTarget) && !tree.matches(':hover')) highlight.show(null);
  });
  treeKeys(tree, {
    toggle,
    activate: (row) => (row.wxParent ? more(row) : select(row.wxNode)),
  });

  // ---- Inspect: pick an element on the device screen ----
  let inspecting = false;
  const onScreen = (event) => {
    if (!viewport || !event.composedPath().includes(viewport)) return null;
    const root = pageRoot(viewport);
    if (!root) return null;
    return event.composedPath().find((node) => node === root || isWxml(node, root)) ?? null;
  };
  const onPointer = (event) => {
    if (container.hidden) return setInspect(false);
    if (!event.composedPath().includes(viewport)) return;
    // Nothing of the press reaches the mini program (no tap, no touch, no hover-class).
    event.preventDefault();
    event.stopImmediatePropagation();
    const target = onScreen(event);
    if (event.type === 'click' && target) {
      setInspect(false);
      reveal(state, target);
      select(target);
      highlight.show(target);
    }
  };
  const onMove = (event) => {
    if (container.hidden) return setInspect(false);
    const target = onScreen(event);
    if (target) highlight.show(target);
  };
  const onKey = (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      setInspect(false);
    }
  };
  const setInspect = (on) => {
    if (on === inspecting) return;
    inspecting = on;
    inspectButton.setAttribute('aria-pressed', String(on));
    viewport?.classList.toggle('wxml-inspecting', on);
    for (const type of SWALLOWED) {
      if (on) addEventListener(type, onPointer, { capture: true, passive: false });
      else removeEventListener(type, onPointer, { capture: true });
    }
    if (on) {
      addEventListener('pointermove', onMove, { capture: true });
      addEventListener('keydown', onKey, { capture: true });
    } else {
      removeEventListener('pointermove', onMove, { capture: true });
      removeEventListener('keydown', onKey, { capture: true });
      highlight.show(null);
    }
  };
  inspectButton.addEventListener('click', () => setInspect(!inspecting));

  return {
    shown() {
      if (dirty) render();
      else schedule();
    },
  };
}

// ---- The tree ----

/** The current page's root element (`<wx-page>`) on the device screen. */
function pageRoot(viewport) {
  const shadow = viewport.shadowRoot;
  let route;
  try {
    route = globalThis.getCurrentPages?.().at(-1)?.route;
  } catch {
    route = undefined;
  }
  const shownPages = [...shadow.querySelectorAll('wx-page:not([hidden])')];
  if (typeof route === 'string')
    return shownPages.findLast((page) => page.dataset.route === route) ?? shownPages.at(-1);
  return shownPages.at(-1) ?? null;
}

/** Whether `node` is an element of the WXML tree under `root` (not a component's insides). */
function isWxml(node, root) {
  return (
    node instanceof Element &&
    node.localName.startsWith('wx-') &&
    root.contains(node) &&
    node !== root
  );
}

/** What the runtime says of an element: {tag, attributes, dataset, bindings}. */
function describe(el) {
  let described = null;
  try {
    described = globalThis.wxweb?.describeElement?.(el) ?? null;
  } catch {
    described = null;
  }
  const tag = el.localName === 'wx-page' ? 'page' : el.localName.replace(/^wx-/, '');
  if (described) return { ...described, tag: described.tag || tag };
  // Without the runtime's description (an older build): the element's own attributes.
  const attributes = {};
  if (el.localName !== 'wx-page')
    for (const { name, value } of el.attributes) attributes[name] = value;
  return { tag, attributes, dataset: {}, bindings: {} };
}

/** Every binding as its WXML attribute: `bindtap` → handler, `catchtap` → handler. */
function bindingAttributes(bindings) {
  const out = [];
  for (const [event, binding] of Object.entries(bindings ?? {})) {
    let handler = binding;
    let caught = false;
    if (Array.isArray(binding)) [handler, caught] = binding;
    else if (binding && typeof binding === 'object') {
      handler = binding.handler ?? binding.name;
      caught = Boolean(binding.catch);
    }
    const name = /^(bind|catch)/.test(event) ? event : `${caught ? 'catch' : 'bind'}${event}`;
    out.push([name, String(handler)]);
  }
  return out;
}

/** All of an element's WXML attributes, as [name, text] pairs. */
function allAttributes(info) {
  const out = [];
  for (const [name, value] of Object.entries(info.attributes ?? {})) out.push([name, text(value)]);
  for (const [name, value] of Object.entries(info.dataset ?? {}))
    out.push([`data-${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, text(value)]);
  return out.concat(bindingAttributes(info.bindings));
}

/** An attribute value as text: strings as they are, other values as JSON. */
function text(value) {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The WXML children of an element: its (or its content box's) elements and text. */
function wxmlChildren(el) {
  let box = el;
  try {
    box = el.wxContent ?? el;
  } catch {
    box = el;
  }
  const out = [];
  const walk = (parent, direct) => {
    for (const node of parent.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) {
        if (direct && node.data.trim()) out.push(node);
      } else if (node.nodeType === Node.ELEMENT_NODE) {
        if (node.localName.startsWith('wx-')) out.push(node);
        else walk(node, false); // a component's insides: only the WXML elements in them
      }
    }
  };
  walk(box, true);
  return out;
}

/** `"text"` of a text node, whitespace collapsed and cut. */
function textRow(node) {
  const collapsed = node.data.replace(/\s+/g, ' ').trim();
  return collapsed.length > TEXT_CHARS ? `${collapsed.slice(0, TEXT_CHARS)}…` : collapsed;
}

function addRows(rows, state, previous, node, level) {
  if (node.nodeType === Node.TEXT_NODE) {
    const label = JSON.stringify(textRow(node));
    rows.push(
      reuse(previous, state, node, `t${level}${label}`, () => {
        const row = treeRow(node, level, 'wxml-row wxml-text');
        element('span', 'wxml-twisty', row);
        element('span', 'wxml-string', row, label);
        return row;
      }),
    );
    return;
  }
  const info = describe(node);
  const attributes = allAttributes(info);
  const children = wxmlChildren(node);
  const inlineText =
    children.length === 1 &&
    children[0].nodeType === Node.TEXT_NODE &&
    textRow(children[0]).length <= 60
      ? textRow(children[0])
      : null;
  const parent = inlineText === null && children.length > 0;
  const open =
    parent &&
    (state.open.get(node) ?? (level <= AUTO_OPEN_DEPTH && children.length <= AUTO_OPEN_CHILDREN));
  const signature = JSON.stringify([level, info.tag, attributes, inlineText, parent, open]);
  rows.push(
    reuse(previous, state, node, signature, () => {
      const row = treeRow(node, level, 'wxml-row');
      element('span', 'wxml-twisty', row).setAttribute('aria-hidden', 'true');
      if (parent) row.setAttribute('aria-expanded', String(open));
      openTag(row, info.tag, attributes);
      if (inlineText !== null) element('span', 'wxml-string', row, inlineText);
      if (!open) {
        if (parent) element('span', 'wxml-ellipsis', row, '…');
        closeTag(row, info.tag);
      }
      return row;
    }),
  );
  if (!open) return;
  const limit = state.limit.get(node) ?? CHILD_LIMIT;
  for (const child of children.slice(0, limit)) addRows(rows, state, previous, child, level + 1);
  if (children.length > limit) {
    const rest = element(
      'div',
      'wxml-row wxml-more',
      undefined,
      `… ${children.length - limit} more`,
    );
    rest.setAttribute('role', 'treeitem');
    rest.setAttribute('aria-level', String(level + 1));
    rest.tabIndex = -1;
    rest.style.setProperty('--level', String(level));
    rest.wxParent = node;
    rows.push(rest);
  }
  const closing = element('div', 'wxml-row wxml-closing');
  closing.setAttribute('role', 'none');
  closing.style.setProperty('--level', String(level - 1));
  element('span', 'wxml-twisty', closing);
  closeTag(closing, info.tag);
  rows.push(closing);
}

/** The row drawn for `node` last time if it looked the same, else a new one. */
function reuse(previous, state, node, signature, make) {
  const old = previous.get(node);
  const row = old?.dataset.signature === signature ? old : make();
  row.dataset.signature = signature;
  state.rows.set(node, row);
  return row;
}

function treeRow(node, level, className) {
  const row = element('div', className);
  row.setAttribute('role', 'treeitem');
  row.setAttribute('aria-level', String(level));
  row.tabIndex = -1;
  row.style.setProperty('--level', String(level - 1));
  row.wxNode = node;
  return row;
}

function openTag(row, tag, attributes) {
  element('span', 'wxml-punct', row, '<');
  element('span', 'wxml-tag', row, tag);
  for (const [name, value] of attributes) {
    element('span', 'wxml-punct', row, ' ');
    element('span', 'wxml-attr', row, name);
    element('span', 'wxml-punct', row, '="');
    element('span', 'wxml-value', row, value.length > 80 ? `${value.slice(0, 79)}…` : value);
    element('span', 'wxml-punct', row, '"');
  }
  element('span', 'wxml-punct', row, '>');
}

function closeTag(row, tag) {
  element('span', 'wxml-punct', row, '</');
  element('span', 'wxml-tag', row, tag);
  element('span', 'wxml-punct', row, '>');
}

/** Expands every ancestor of `node` up to its page, so that its row shows. */
function reveal(state, node) {
  for (let el = node.parentElement; el; el = el.parentElement) {
    if (el.localName.startsWith('wx-')) state.open.set(el, true);
    if (el.localName === 'wx-page') break;
  }
}

// ---- The selected element ----

function showDetails(details, el) {
  if (!el) {
    details.hidden = true;
    details.replaceChildren();
    return;
  }
  details.hidden = false;
  if (el.nodeType === Node.TEXT_NODE) {
    const heading = element('h3', 'wxml-details-title', undefined, '#text');
    element('span', 'wxml-size', heading, sizeOf(rectOf(el)));
    const content = el.data.length > 2000 ? `${el.data.slice(0, 2000)}…` : el.data;
    details.replaceChildren(heading, element('pre', 'wxml-text-content', undefined, content));
    return;
  }
  const info = describe(el);
  const rect = el.getBoundingClientRect();
  const scale = screenScale();
  const style = getComputedStyle(el);
  const side = (prefix, suffix = '') =>
    ['top', 'right', 'bottom', 'left'].map(
      (s) => parseFloat(style[`${prefix}-${s}${suffix}`]) || 0,
    );
  const margin = side('margin');
  const border = side('border', '-width');
  const padding = side('padding');
  const content = [
    rect.width / scale - border[1] - border[3] - padding[1] - padding[3],
    rect.height / scale - border[0] - border[2] - padding[0] - padding[2],
  ];
  const heading = element('h3', 'wxml-details-title');
  openTag(heading, info.tag, []);
  element('span', 'wxml-size', heading, sizeOf(rect));
  const box = element('div', 'wxml-box');
  box.setAttribute('aria-label', 'Box model');
  const layer = (name, values, parent) => {
    const part = element('div', `wxml-box-${name}`, parent);
    element('span', 'wxml-box-name', part, name);
    const [top, right, bottom, left] = values.map(size);
    element('span', 'wxml-box-top', part, top);
    element('span', 'wxml-box-right', part, right);
    element('span', 'wxml-box-bottom', part, bottom);
    element('span', 'wxml-box-left', part, left);
    return part;
  };
  const inner = layer('padding', padding, layer('border', border, layer('margin', margin, box)));
  element('div', 'wxml-box-content', inner, `${size(content[0])} × ${size(content[1])}`);
  details.replaceChildren(
    heading,
    box,
    table(
      'Attributes',
      Object.entries(info.attributes ?? {}).map(([k, v]) => [k, text(v)]),
    ),
    table(
      'Dataset',
      Object.entries(info.dataset ?? {}).map(([k, v]) => [k, text(v)]),
    ),
    table('Bindings', bindingAttributes(info.bindings)),
  );
}

function table(title, entries) {
  const section = element('div', 'wxml-table');
  element('h4', undefined, section, title);
  if (entries.length === 0) {
    element('p', 'wxml-none', section, 'none');
    return section;
  }
  const list = element('dl', undefined, section);
  for (const [name, value] of entries) {
    element('dt', undefined, list, name);
    element('dd', undefined, list, value);
  }
  return section;
}

/** The bounding rectangle of an element, or of a text node's text. */
function rectOf(node) {
  if (node.nodeType !== Node.TEXT_NODE) return node.getBoundingClientRect();
  const range = document.createRange();
  range.selectNodeContents(node);
  return range.getBoundingClientRect();
}

/**
 * How much the device screen is scaled on the page (a CSS transform fits the frame to the
 * window): sizes are told in the mini program's CSS pixels, as its WXSS sees them.
 */
function screenScale() {
  const screen = document.getElementById('wx-viewport');
  const scale = screen ? screen.getBoundingClientRect().width / screen.offsetWidth : 1;
  return Number.isFinite(scale) && scale > 0 ? scale : 1;
}

/** `width × height` of a rectangle on the page, in the mini program's CSS pixels. */
function sizeOf(rect) {
  const scale = screenScale();
  return `${size(rect.width / scale)} × ${size(rect.height / scale)}`;
}

function size(value) {
  return String(Math.round(value * 100) / 100);
}

// ---- The outline over the device screen ----

/** A box over an element's bounding rectangle, with its name and size, kept in place. */
function makeHighlight() {
  const box = element('div', 'wxml-highlight', document.body);
  box.hidden = true;
  box.setAttribute('aria-hidden', 'true');
  const label = element('div', 'wxml-highlight-label', document.body);
  label.hidden = true;
  label.setAttribute('aria-hidden', 'true');
  let target = null;
  let frame = 0;
  // `view#id.class`, or `#text`, as the label names the node.
  const name = () => {
    if (target.nodeType === Node.TEXT_NODE) return '#text';
    const id = target.id ? `#${target.id}` : '';
    return `${describe(target).tag}${id}${[...target.classList].map((c) => `.${c}`).join('')}`;
  };
  const place = () => {
    frame = 0;
    if (!target?.isConnected) {
      box.hidden = true;
      label.hidden = true;
      return;
    }
    const rect = rectOf(target);
    Object.assign(box.style, {
      left: `${rect.left}px`,
      top: `${rect.top}px`,
      width: `${rect.width}px`,
      height: `${rect.height}px`,
    });
    box.hidden = false;
    label.textContent = `${name()}  ${sizeOf(rect)}`;
    label.hidden = false;
    const above = rect.top - label.offsetHeight - 4;
    label.style.left = `${Math.max(0, rect.left)}px`;
    label.style.top = `${above >= 0 ? above : rect.bottom + 4}px`;
    frame = requestAnimationFrame(place); // follows scrolling and animation
  };
  return {
    show(node) {
      target = node;
      if (frame) cancelAnimationFrame(frame);
      place();
    },
  };
}

function element(tag, className, parent, content) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (content !== undefined) node.textContent = content;
  parent?.append(node);
  return node;
}
