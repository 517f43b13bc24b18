// The console panel: a log, an input that evaluates JavaScript in the page's global scope
// (with top-level `await`, see console-await.js; history in sessionStorage), example
// snippets, and a mirror of console.log/info/warn/error. On a phone's browser the panel is
// a drawer opened by a floating button.

import { asyncWrap, needsAsync } from './console-await.js';
import { format } from './format.js';
import { showPanel } from './panels.js';

const HISTORY_KEY = 'wxweb.console.history';
const HISTORY_MAX = 100;
const LOG_MAX = 1000;

const log = document.getElementById('console-log');
const input = document.getElementById('console-input');

const history = loadHistory();
let cursor = history.length; // index into history; history.length means "the draft"
let draft = '';

/** Wires up the panel and starts mirroring the browser console into it. */
export function setupConsole() {
  for (const level of ['log', 'info', 'warn', 'error']) {
    const original = console[level];
    console[level] = (...args) => {
      original.apply(console, args);
      print('log', describe(args), level);
    };
  }
  addEventListener('error', (event) => {
    // The runtime reports a mini program's syntax error itself (with the file's name) and
    // cancels the event, in a listener after this one: look once the dispatch is over.
    setTimeout(() => {
      if (!event.defaultPrevented)
        print('error', `Uncaught ${describe([event.error ?? event.message])}`);
    });
  });
  addEventListener('unhandledrejection', (event) =>
    print('error', `Uncaught (in promise) ${describe([event.reason])}`),
  );

  input.addEventListener('keydown', onKey);
  input.addEventListener('input', grow);
  document.getElementById('console-run').addEventListener('click', submit);
  document.getElementById('console-clear').addEventListener('click', () => log.replaceChildren());
  document.getElementById('console-examples').addEventListener('click', (event) => {
    const example = event.target.closest('[data-code]');
    if (example) setInput(example.dataset.code);
  });
  for (const id of ['console-toggle', 'console-close']) {
    document
      .getElementById(id)
      .addEventListener('click', () => document.body.classList.toggle('console-open'));
  }
}

/** Shows a failure in red (its cause on a second line) and makes sure the panel is visible. */
export function showError(error) {
  const cause = error?.cause ? `\n${describe([error.cause])}` : '';
  print('error', `${error?.message ?? describe([error])}${cause}`);
  showPanel('console');
  document.body.classList.add('console-open');
}

function print(kind, text, level) {
  const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 24;
  const entry = document.createElement('div');
  entry.className = `entry entry-${kind}`;
  if (level) entry.classList.add(`level-${level}`);
  entry.textContent = text;
  log.append(entry);
  if (log.childElementCount > LOG_MAX) log.firstElementChild.remove();
  if (atBottom) log.scrollTop = log.scrollHeight;
}

// Console-style text for a list of values: strings as they are, anything else formatted.
function describe(values) {
  return values.map((value) => (typeof value === 'string' ? value : format(value))).join(' ');
}

function run(code) {
  print('input', code);
  if (needsAsync(code)) {
    // Awaits at its top level: the result is what the awaited code gives, not a Promise.
    const failed = (error) => print('error', `Uncaught ${describe([error])}`);
    try {
      // biome-ignore lint/security/noGlobalEval: the console runs what the developer types
      globalThis.eval(asyncWrap(code)).then((value) => print('result', format(value)), failed);
    } catch (error) {
      failed(error); // the rewrite did not parse (a construct the tokenizer does not know)
    }
    return;
  }
  let value;
  try {
    // biome-ignore lint/security/noGlobalEval: the console runs what the developer types
    value = globalThis.eval(code); // indirect eval: global scope, so `var` declares globals
  } catch (error) {
    print('error', `Uncaught ${describe([error])}`);
    return;
  }
  if (typeof value?.then === 'function') {
    print('result', 'Promise');
    Promise.resolve(value).then(
      (settled) => print('result', format(settled)),
      (reason) => print('error', `Uncaught (in promise) ${describe([reason])}`),
    );
  } else {
    print('result', format(value));
  }
}

function submit() {
  const code = input.value;
  input.focus();
  if (!code.trim()) return;
  remember(code);
  setInput('');
  run(code);
}

function onKey(event) {
  if (event.isComposing) return; // Enter confirms an IME composition (Chinese input), not a run
  const { value, selectionStart, selectionEnd } = input;
  const collapsed = selectionStart === selectionEnd;
  if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    submit();
  } else if (
    event.key === 'ArrowUp' &&
    collapsed &&
    !value.slice(0, selectionStart).includes('\n')
  ) {
    walk(-1, event);
  } else if (event.key === 'ArrowDown' && collapsed && !value.slice(selectionEnd).includes('\n')) {
    walk(1, event);
  }
}

// Steps through the history from the first/last line of the input, keeping the draft.
function walk(step, event) {
  const next = cursor + step;
  if (next < 0 || next > history.length) return;
  event.preventDefault();
  if (cursor === history.length) draft = input.value;
  cursor = next;
  const code = cursor === history.length ? draft : history[cursor];
  // Going up, the caret ends on the first line, so the next ArrowUp walks on.
  const firstLineEnd = code.indexOf('\n');
  setInput(code, step < 0 && firstLineEnd >= 0 ? firstLineEnd : code.length);
}

function remember(code) {
  if (history.at(-1) !== code) history.push(code);
  history.splice(0, history.length - HISTORY_MAX);
  cursor = history.length;
  draft = '';
  try {
    sessionStorage.setItem(HISTORY_KEY, JSON.stringify(history));
  } catch {
    // Storage full or disabled: the history lasts for this page only.
  }
}

function loadHistory() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(HISTORY_KEY));
    return Array.isArray(saved) ? saved : [];
  } catch {
    return [];
  }
}

function setInput(code, caret = code.length) {
  input.value = code;
  grow();
  input.focus();
  input.setSelectionRange(caret, caret);
}

// Fits the textarea to its text; CSS max-height caps it at a few lines.
function grow() {
  input.style.height = 'auto';
  input.style.height = `${input.scrollHeight}px`;
}
