// wx.createSelectorQuery: WeChat's SelectorQuery and NodesRef over one page's root element.
// select / selectAll / selectViewport name nodes; boundingClientRect, scrollOffset and
// fields say what to measure; exec measures everything in the next animation frame and
// calls each request's callback, then exec's with the list of results. Rects are in px
// relative to the device window: the page's scrolling ancestor, found across shadow roots.
// The Rust side (selector_query.rs) gives the page's root, the dataset key and `report`
// (how a throwing callback reaches App.onError).

/** A SelectorQuery on the nodes under `root` (null: no page, nothing matches). */
export function createSelectorQuery(root, datasetKey, report) {
  let requests = [];
  const query = {
    select: (selector) => nodesRef(String(selector), false),
    selectAll: (selector) => nodesRef(String(selector), true),
    selectViewport: () => nodesRef(null, false),
    exec(callback) {
      const taken = requests;
      requests = [];
      nextFrame(() => {
        const results = taken.map((request) => {
          const result = measureRequest(root, datasetKey, request);
          call(report, request.callback, result);
          return result;
        });
        call(report, callback, results);
      });
    },
  };
  function nodesRef(selector, all) {
    const add = (fields, callback) => {
      requests.push({ selector, all, fields, callback });
      return query;
    };
    return {
      boundingClientRect: (callback) =>
        add(copyFields({ id: true, dataset: true, rect: true, size: true }), callback),
      scrollOffset: (callback) =>
        add(copyFields({ id: true, dataset: true, scrollOffset: true }), callback),
      fields: (fields, callback) => add(copyFields(fields), callback),
    };
  }
  return query;
}

/** The fields asked for, read once when asked (later changes to the object do not count). */
function copyFields(fields) {
  const list = (value) => (Array.isArray(value) ? value.map(String) : []);
  const f = fields ?? {};
  return {
    id: !!f.id,
    dataset: !!f.dataset,
    rect: !!f.rect,
    size: !!f.size,
    scrollOffset: !!f.scrollOffset,
    properties: list(f.properties),
    computedStyle: list(f.computedStyle),
  };
}

/** Runs `task` in the next animation frame (or after 50 ms in a tab that draws none). */
function nextFrame(task) {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    task();
  };
  requestAnimationFrame(once);
  setTimeout(once, 50);
}

function call(report, callback, result) {
  if (typeof callback !== 'function') return;
  try {
    callback(result);
  } catch (error) {
    report(error);
  }
}

/** One request's result: an object (or null) for select/selectViewport, a list for selectAll. */
function measureRequest(root, datasetKey, { selector, all, fields }) {
  const window = deviceWindow(root);
  if (selector === null) return measure(null, window, datasetKey, fields);
  const nodes = find(root, selector, all);
  const results = nodes.map((node) => measure(node, window, datasetKey, fields));
  return all ? results : (results[0] ?? null);
}

/** The elements under `root` matching `selector` (an invalid selector matches nothing). */
function find(root, selector, all) {
  if (!root) return [];
  try {
    if (all) return [...root.querySelectorAll(selector)];
    const node = root.querySelector(selector);
    return node ? [node] : [];
  } catch {
    return [];
  }
}

/** The parent of `node`, stepping out of a shadow root to its host. */
function parentOf(node) {
  const parent = node.parentNode;
  return parent instanceof ShadowRoot ? parent.host : parent;
}

/** The device window of the page: its scrolling ancestor (or the document's scroller). */
function deviceWindow(root) {
  for (let node = root; node && node.nodeType === Node.ELEMENT_NODE; node = parentOf(node)) {
    const overflow = getComputedStyle(node).overflowY;
    if (overflow === 'auto' || overflow === 'scroll') {
      const box = node.getBoundingClientRect();
      return { scroller: node, left: box.left + node.clientLeft, top: box.top + node.clientTop };
    }
  }
  return { scroller: document.scrollingElement ?? document.documentElement, left: 0, top: 0 };
}

/** The fields of one node (`null`: the viewport), in WeChat's key order. */
function measure(node, window, datasetKey, fields) {
  const result = {};
  const scroller = node ?? window.scroller;
  if (fields.id) result.id = node?.id ?? '';
  if (fields.dataset) result.dataset = { ...(node?.[datasetKey] ?? {}) };
  if (fields.rect || fields.size) {
    const box = node
      ? node.getBoundingClientRect()
      : {
          left: window.left,
          top: window.top,
          width: scroller.clientWidth,
          height: scroller.clientHeight,
        };
    const left = box.left - window.left;
    const top = box.top - window.top;
    if (fields.rect) {
      result.left = left;
      result.right = left + box.width;
      result.top = top;
      result.bottom = top + box.height;
    }
    if (fields.size) {
      result.width = box.width;
      result.height = box.height;
    }
  }
  if (fields.scrollOffset) {
    result.scrollLeft = scroller.scrollLeft;
    result.scrollTop = scroller.scrollTop;
    result.scrollWidth = scroller.scrollWidth;
    result.scrollHeight = scroller.scrollHeight;
  }
  if (node) {
    for (const name of fields.properties) result[name] = node[name];
    if (fields.computedStyle.length) {
      const style = getComputedStyle(node);
      for (const name of fields.computedStyle)
        result[name] = name.includes('-') ? style.getPropertyValue(name) : (style[name] ?? '');
    }
  }
  return result;
}
