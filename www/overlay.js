// The compile-error overlay over the device screen: each `wxweb:error` event of type
// 'compile' (a JS syntax error, WXML, WXSS, JSON) shows there with file:line:col, the
// message and the code frame with its caret, until a reload without the error, its sheet
// reloaded without it (live.js), or the close button. It covers the whole screen, except
// when all its errors are WXSS ones (the page works, less a rule): then it is a sheet at
// the bottom with a line per error, whose code frame a tap shows. Every `wxweb:error`, compile or
// runtime, is also POSTed to `wxweb serve`'s `__wxweb/log`, which prints it in the
// terminal with the file's path on disk.

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
  close.addEventListener('click', () => {
    shown.length = 0;
    render();
  });
  const head = document.createElement('header');
  head.append(title, close);
  const list = document.createElement('div');
  list.className = 'compile-list';
  box.append(head, list);
  screen.append(box);

  function render() {
    box.hidden = shown.length === 0;
    // Only WXSS problems, which lose a rule and no more: a sheet at the bottom of the
    // screen, a line per problem (a tap shows its code frame), the page above it still in
    // use. Otherwise the page is broken: all of it, code frames shown.
    box.classList.toggle(
      'compile-styles',
      shown.every(({ file }) => file?.endsWith('.wxss')),
    );
    title.textContent = shown.length === 1 ? 'Compile error' : `${shown.length} compile errors`;
    list.replaceChildren(...shown.map(describe));
  }

  function add(details) {
    for (const detail of details) {
      if (detail?.type !== 'compile' || shown.some((other) => same(other, detail))) continue;
      shown.push(detail);
    }
    render();
  }

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
