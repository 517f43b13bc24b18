// The compile-error overlay over the device screen: each `wxweb:error` event of type
// 'compile' (a JS syntax error, WXML, WXSS, JSON) shows there with file:line:col, the
// message and the code frame with its caret, until a reload without the error, its sheet
// reloaded without it (live.js), or the close button. An error that breaks the page on
// screen (in its own .js, .wxml or .json, in app.js or app.json) covers the whole screen.
// The others (WXSS, which loses a rule and no more; another page's files, whose page is
// not shown) leave the page in use: a badge over the navigation bar says how many there
// are and opens them in a sheet at the bottom, a line per error whose code frame a tap
// shows. Every `wxweb:error`, compile or runtime, is also POSTed to `wxweb serve`'s
// `__wxweb/log`, which prints it in the terminal with the file's path on disk.

/**
 * Shows the compile errors over `screen` (the element the overlay covers); returns
 * `{ logTo(url, sub), forget(paths), add(details) }`.
 */
export function setupOverlay(screen) {
  const shown = []; // the errorDetails on the overlay, in the order they came
  const box = document.createElement('div');
  box.id = 'compile-overlay';
  box.setAttribute('role', 'alertdialog');
  box.setAttribute('aria-label', 'Compile errors');
  box.hidden = true;
  const title = document.createElement('h2');
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'compile-close';
  close.setAttribute('aria-label', 'Close');
  close.textContent = '✕';
  // Over the whole screen it dismisses the errors; as a sheet it goes back to the badge.
  close.addEventListener('click', () => {
    if (box.classList.contains('compile-sheet')) opened = false;
    else shown.length = 0;
    render();
  });
  const head = document.createElement('header');
  head.append(title, close);
  const list = document.createElement('div');
  list.className = 'compile-list';
  box.append(head, list);
  // Errors that leave the page on screen working: a badge over the navigation bar, which
  // opens the sheet.
  const badge = document.createElement('button');
  badge.type = 'button';
  badge.id = 'compile-badge';
  badge.hidden = true;
  let opened = false;
  badge.addEventListener('click', () => {
    opened = true;
    render();
  });
  screen.append(box, badge);

  function render() {
    const covers = shown.some(breaksPage);
    if (shown.length === 0) opened = false;
    box.hidden = shown.length === 0 || !(covers || opened);
    box.classList.toggle('compile-sheet', !covers);
    badge.hidden = shown.length === 0 || !box.hidden;
    const count = shown.length === 1 ? 'Compile error' : `${shown.length} compile errors`;
    title.textContent = count;
    badge.textContent = `⚠ ${count.toLowerCase()}`;
    list.replaceChildren(...shown.map(describe));
  }

  function add(details) {
    for (const detail of details) {
      if (detail?.type !== 'compile' || shown.some((other) => same(other, detail))) continue;
      shown.push(detail);
    }
    render();
  }

  // The page on screen changed: its errors cover it, the others' do not.
  addEventListener('wxweb:pageready', render);

  // Until logTo() says where (or that there is no terminal), errors wait here.
  let pending = [];
  let post;
  addEventListener('wxweb:error', ({ detail }) => {
    add([detail]);
    if (post) post(detail);
    else pending?.push(detail);
  });

  return {
    /** Sends every error to `url` (none: wxweb serve serves no folder), `sub` prefixed to its file. */
    logTo(url, sub = '') {
      if (url) post = (detail) => send(url, { ...detail, file: detail.file && sub + detail.file });
      for (const detail of pending) post?.(detail);
      pending = undefined;
    },
    /** Drops the errors of the files at `paths` (relative to the app root): they are recompiled. */
    forget(paths) {
      const files = new Set(paths);
      for (let i = shown.length - 1; i >= 0; i -= 1)
        if (files.has(shown[i].file)) shown.splice(i, 1);
      render();
    },
    /** Shows these errorDetails too (those already shown once). */
    add,
  };
}

// Whether the error breaks the page on screen: in its .js, .wxml or .json, in app.js or
// app.json, or in no file; its WXSS only loses rules.
function breaksPage({ file }) {
  if (!file || file === 'app.js' || file === 'app.json') return true;
  if (file.endsWith('.wxss')) return false;
  const route =
    globalThis.getCurrentPages?.().at(-1)?.route ?? location.hash.match(/^#\/([^?]*)/)?.[1];
  return route === undefined || file.slice(0, file.lastIndexOf('.')) === route;
}

function same(a, b) {
  return a.file === b.file && a.line === b.line && a.column === b.column && a.message === b.message;
}

// One error: where (file:line:col), what, and the code frame with its marked line and caret.
function describe({ file, line, column, message, frame }) {
  const section = document.createElement('section');
  section.className = 'compile-error';
  section.addEventListener('click', () => section.classList.toggle('compile-open'));
  const where = document.createElement('p');
  where.className = 'compile-where';
  where.textContent = [file ?? '', line, column].filter((part) => part != null).join(':');
  const what = document.createElement('p');
  what.className = 'compile-message';
  what.textContent = message;
  section.append(where, what);
  if (frame) {
    const pre = document.createElement('pre');
    pre.className = 'compile-frame';
    for (const text of frame.split('\n')) {
      const row = document.createElement('span');
      const caret = /^(\s*\|\s*)(\^+)$/.exec(text);
      if (caret) {
        // The gutter as the other lines', the caret in red.
        const mark = document.createElement('b');
        mark.className = 'compile-caret';
        mark.textContent = caret[2];
        row.append(caret[1], mark, '\n');
      } else {
        if (text.startsWith('>')) row.className = 'compile-line';
        row.textContent = `${text}\n`;
      }
      pre.append(row);
    }
    section.append(pre);
  }
  return section;
}

function send(url, detail) {
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-wxweb-api': '1' },
    body: JSON.stringify(detail),
  }).catch(() => {}); // the server went away: the page shows the error all the same
}
