// The code editor: CodeMirror 6 (basicSetup: line numbers, search, undo history, bracket
// matching) with one EditorState per file, so each file keeps its own undo history and
// selection. The language follows the extension: .js JavaScript, .json JSON, .wxml XML
// with its {{ }} mustaches marked, .wxss CSS. The errors of the last run are lint
// diagnostics (@codemirror/lint) on their lines.
import { css } from '@codemirror/lang-css';
import { javascript } from '@codemirror/lang-javascript';
import { json } from '@codemirror/lang-json';
import { xml } from '@codemirror/lang-xml';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import { EditorSelection, EditorState, Prec } from '@codemirror/state';
import { Decoration, keymap, MatchDecorator, ViewPlugin } from '@codemirror/view';
import { basicSetup, EditorView } from 'codemirror';
import { extension } from './project.js';

// WXML's {{ expression }} spans, marked with the class cm-mustache.
const mustaches = new MatchDecorator({
  regexp: /\{\{[\s\S]*?\}\}/g,
  decoration: Decoration.mark({ class: 'cm-mustache' }),
});
const mustachePlugin = ViewPlugin.define(
  (view) => ({
    decorations: mustaches.createDeco(view),
    update(update) {
      this.decorations = mustaches.updateDeco(update, this.decorations);
    },
  }),
  { decorations: (plugin) => plugin.decorations },
);

function language(path) {
  switch (extension(path)) {
    case 'js':
    case 'wxs':
      return javascript();
    case 'json':
      return json();
    case 'wxml':
      return [xml(), mustachePlugin];
    case 'wxss':
      return css();
    default:
      return [];
  }
}

/**
 * An editor in `parent`. `onChange(path, text)` is told each edit; `onRun()` is
 * Ctrl/Cmd+Enter.
 */
export function createEditor(parent, { onChange, onRun }) {
  const states = new Map();
  const runKey = () => {
    onRun();
    return true;
  };
  let current;
  const shared = [
    basicSetup,
    lintGutter(),
    EditorView.lineWrapping,
    Prec.highest(keymap.of([{ key: 'Mod-Enter', run: runKey }])),
    EditorView.updateListener.of((update) => {
      if (update.docChanged && current !== undefined)
        onChange(current, update.state.doc.toString());
    }),
    EditorView.contentAttributes.of({ 'aria-label': 'Code' }),
  ];
  const view = new EditorView({ parent, state: EditorState.create({ extensions: shared }) });
  // Each file's diagnostics: {line, column, message, severity}[] (line and column from 1).
  let errors = new Map();

  function stateOf(path, text) {
    let state = states.get(path);
    if (!state) {
      state = EditorState.create({ doc: text, extensions: [shared, language(path)] });
      state = state.update(setDiagnostics(state, diagnostics(state, errors.get(path)))).state;
      states.set(path, state);
    }
    return state;
  }

  return {
    view,
    /** Shows the file `path` (its text `text` the first time). */
    open(path, text) {
      if (current !== undefined && current !== path) states.set(current, view.state);
      current = path;
      view.setState(stateOf(path, text));
    },
    get current() {
      return current;
    },
    /** Forgets every file (a new project). */
    reset() {
      states.clear();
      errors = new Map();
      current = undefined;
      view.setState(EditorState.create({ extensions: shared }));
    },
    /** Forgets the state of `path` (and of files under it, a folder), deleted or renamed. */
    forget(path) {
      for (const key of [...states.keys()]) {
        if (key === path || key.startsWith(`${path}/`)) states.delete(key);
      }
      if (current === path || current?.startsWith(`${path}/`)) current = undefined;
    },
    /** Shows `byFile` (path → [{line, column, message, severity}]) as the diagnostics. */
    setErrors(byFile) {
      errors = byFile;
      if (current !== undefined) states.set(current, view.state);
      for (const [path, state] of states) {
        const spec = setDiagnostics(state, diagnostics(state, errors.get(path)));
        if (path === current) view.dispatch(spec);
        else states.set(path, state.update(spec).state);
      }
    },
    /** Puts the cursor on `line`:`column` of the file shown and focuses the editor. */
    jumpTo(line, column) {
      const pos = position(view.state.doc, line, column);
      view.dispatch({
        selection: EditorSelection.cursor(pos),
        effects: EditorView.scrollIntoView(pos, { y: 'center' }),
      });
      view.focus();
    },
  };
}

function diagnostics(state, errors = []) {
  return errors.map(({ line, column, message, severity }) => {
    const from = position(state.doc, line, column);
    // To the end of its line (`from` is clamped to it).
    return { from, to: state.doc.lineAt(from).to, severity: severity ?? 'error', message };
  });
}

// The offset of `line`:`column` (from 1) in `doc`, clamped to the document.
function position(doc, line, column) {
  const at = doc.line(Math.min(Math.max(1, line || 1), doc.lines));
  return Math.min(at.from + Math.max(0, (column || 1) - 1), at.to);
}
