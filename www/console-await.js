// Top-level `await` for the console, as in Chrome's: code that parses only inside an async
// function (it awaits at its top level) is rewritten to run in one, its top-level
// declarations (var, let, const, function, class) becoming globals that later inputs see,
// and the value of its last expression statement becoming the result. Code without a
// top-level await keeps the console's plain eval. A small tokenizer (strings, templates,
// comments, regular expressions, brackets) finds the top-level statements; no parser.

const AsyncFunction = (async () => {}).constructor;

/** Whether `code` needs the async rewrite: it parses only as an async function's body. */
export function needsAsync(code) {
  if (!/\bawait\b/.test(code)) return false;
  try {
    new Function(code);
    return false; // `await` is an identifier there, or it is not at the top level
  } catch {
    // not a plain function body: perhaps an async one
  }
  try {
    new AsyncFunction(code);
    return true;
  } catch {
    return false; // a syntax error either way: plain eval reports it
  }
}

/** `code` as an expression whose value is a Promise of its result (see the file's comment). */
export function asyncWrap(code) {
  const statements = split(tokenize(code));
  const hoisted = [];
  const edits = []; // {start, end, text}: the source from start to end becomes text
  // The result: the last statement's value, function declarations (valueless) aside.
  const result = statements.findLastIndex((tokens) => !isFunction(tokens));
  statements.forEach((tokens, index) => {
    const [first, second] = tokens;
    const last = tokens.at(-1);
    const end = last.text === ';' ? last.start : last.end;
    const name = isFunction(tokens)
      ? tokens.find((t, i) => i > 0 && t.type === 'name' && t.text !== 'function')
      : null;
    if (name) {
      // Hoisted like a declaration, and global: `f = function f() {…};` first.
      hoisted.push(`${name.text} = ${code.slice(first.start, end)};\n`);
      edits.push({ start: first.start, end, text: '' });
    } else if (['var', 'let', 'const'].includes(first.text) && second && second.text !== '(') {
      edits.push({ start: first.start, end: second.start, text: 'void (' });
      for (const declarator of declarators(tokens.slice(1), end)) {
        if (!declarator.some((t) => t.depth === 0 && t.text === '=')) {
          edits.push({
            start: declarator.at(-1).end,
            end: declarator.at(-1).end,
            text: ' = undefined',
          });
        }
      }
      edits.push({ start: end, end, text: ')' });
    } else if (first.text === 'class' && second?.type === 'name') {
      edits.push({ start: first.start, end: first.start, text: `void (${second.text} = ` });
      edits.push({ start: end, end, text: ')' });
    } else if (index === result && isExpression(tokens)) {
      edits.push({ start: first.start, end: first.start, text: 'return (' });
      edits.push({ start: end, end, text: '\n)' });
    }
  });
  let body = '';
  let at = 0;
  for (const edit of edits) {
    body += code.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  body += code.slice(at);
  return `(async () => {\n${hoisted.join('')}${body}\n})()`;
}

const NOT_EXPRESSIONS = new Set(
  'var let const function class if else for while do switch try catch finally with return throw break continue import export debugger'.split(
    ' ',
  ),
);

function isFunction([first, second]) {
  return first.text === 'function' || (first.text === 'async' && second?.text === 'function');
}

function isExpression([first, second]) {
  if (first.text === '{' || first.text === ';' || NOT_EXPRESSIONS.has(first.text)) return false;
  if (first.text === 'async' && second?.text === 'function') return false;
  return !(first.type === 'name' && second?.text === ':'); // a label
}

// The declarators of a var/let/const (its tokens after the keyword, up to `end`): split at
// its top-level commas.
function declarators(tokens, end) {
  const list = [[]];
  for (const token of tokens) {
    if (token.start >= end) break;
    if (token.depth === 0 && token.text === ',') list.push([]);
    else list.at(-1).push(token);
  }
  return list.filter((declarator) => declarator.length > 0);
}

// Tokens that can end a statement before a line break, and those that can start one
// (anything else after a line break continues the statement, as the language's ASI says).
const ENDS = new Set([')', ']', '}', '++', '--']);
const CONTINUES = new Set(['in', 'instanceof', 'of']);

// The top-level statements: lists of tokens split at `;`, after the `}` closing a
// statement that starts with a block or a keyword, and at line breaks where ASI would.
function split(tokens) {
  const statements = [];
  let current = [];
  for (const token of tokens) {
    if (current.length > 0 && token.depth === 0 && boundary(current, token)) {
      statements.push(current);
      current = [];
    }
    current.push(token);
  }
  if (current.length > 0) statements.push(current);
  return statements;
}

function boundary(statement, next) {
  const prev = statement.at(-1);
  if (prev.text === ';' && prev.depth === 0) return true;
  if (prev.text === '}' && prev.depth === 0) {
    const [first, second] = statement;
    const blockLike =
      first.text === '{' ||
      (NOT_EXPRESSIONS.has(first.text) &&
        !['var', 'let', 'const', 'return', 'throw'].includes(first.text)) ||
      (first.text === 'async' && second?.text === 'function');
    if (blockLike && !['else', 'catch', 'finally', 'while'].includes(next.text)) return true;
  }
  if (!next.newline) return false;
  const ends =
    ['name', 'number', 'string', 'template', 'regex'].includes(prev.type) || ENDS.has(prev.text);
  const starts =
    (['name', 'number', 'string'].includes(next.type) && !CONTINUES.has(next.text)) ||
    ['{', '!', '~', '++', '--', ';'].includes(next.text) ||
    next.type === 'regex';
  return ends && starts;
}

// Keywords after which `/` starts a regular expression.
const BEFORE_REGEX = new Set(
  'return typeof instanceof in of new delete void throw case do else yield await'.split(' '),
);
const PUNCTUATORS = [
  '>>>=',
  '...',
  '===',
  '!==',
  '**=',
  '<<=',
  '>>=',
  '>>>',
  '&&=',
  '||=',
  '??=',
  '=>',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '??',
  '?.',
  '++',
  '--',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '<<',
  '>>',
  '**',
];

// The tokens of `code`: {type: name|number|string|template|regex|punct, text, start, end,
// depth (brackets open before it, a closing one counted inside), newline (a line break
// before it)}. Comments and white space are skipped.
function tokenize(code) {
  const tokens = [];
  const braces = []; // for each open `{` or `${`: whether it is a template's
  let depth = 0;
  let newline = false;
  let i = 0;
  const push = (type, start, end) => {
    tokens.push({ type, text: code.slice(start, end), start, end, depth, newline });
    newline = false;
  };
  // A template's text from `i` (after "`" or "}") to its "`" or "${".
  const template = (start) => {
    let j = i;
    while (j < code.length && code[j] !== '`' && !(code[j] === '$' && code[j + 1] === '{')) {
      j += code[j] === '\\' ? 2 : 1;
    }
    if (code[j] === '$') {
      push('template', start, j + 2);
      braces.push(true);
      depth += 1;
      i = j + 2;
    } else {
      push('template', start, j + 1);
      i = j + 1;
    }
  };
  while (i < code.length) {
    const c = code[i];
    if (c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029') {
      newline = true;
      i += 1;
    } else if (/\s/.test(c)) {
      i += 1;
    } else if (code.startsWith('//', i)) {
      while (i < code.length && code[i] !== '\n') i += 1;
    } else if (code.startsWith('/*', i)) {
      const close = code.indexOf('*/', i + 2);
      const end = close < 0 ? code.length : close + 2;
      if (code.slice(i, end).includes('\n')) newline = true;
      i = end;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < code.length && code[j] !== c && code[j] !== '\n') j += code[j] === '\\' ? 2 : 1;
      push('string', i, j + 1);
      i = j + 1;
    } else if (c === '`') {
      const start = i;
      i += 1;
      template(start);
    } else if (/[\p{ID_Start}$_\\]/u.test(c)) {
      let j = i + 1;
      while (j < code.length && /[\p{ID_Continue}$\\]|\u200c|\u200d/u.test(code[j])) j += 1;
      push('name', i, j);
      i = j;
    } else if (/\d/.test(c) || (c === '.' && /\d/.test(code[i + 1] ?? ''))) {
      let j = i + 1;
      while (j < code.length && /[\w.]/.test(code[j])) j += 1;
      push('number', i, j);
      i = j;
    } else if (c === '/' && regexAllowed(tokens.at(-1))) {
      let j = i + 1;
      let inClass = false;
      while (j < code.length && code[j] !== '\n' && (inClass || code[j] !== '/')) {
        if (code[j] === '\\') j += 1;
        else if (code[j] === '[') inClass = true;
        else if (code[j] === ']') inClass = false;
        j += 1;
      }
      j += 1;
      while (j < code.length && /\w/.test(code[j])) j += 1;
      push('regex', i, j);
      i = j;
    } else if ('([{'.includes(c)) {
      push('punct', i, i + 1);
      if (c === '{') braces.push(false);
      depth += 1;
      i += 1;
    } else if (')]}'.includes(c)) {
      depth = Math.max(0, depth - 1);
      if (c === '}' && braces.pop()) {
        const start = i;
        i += 1;
        template(start); // back in the template's text
      } else {
        push('punct', i, i + 1);
        i += 1;
      }
    } else {
      const long = PUNCTUATORS.find((p) => code.startsWith(p, i));
      const end = i + (long ? long.length : 1);
      push('punct', i, end);
      i = end;
    }
  }
  return tokens;
}

function regexAllowed(prev) {
  if (!prev) return true;
  if (prev.type === 'name') return BEFORE_REGEX.has(prev.text);
  if (prev.type === 'punct') return !(prev.text === ')' || prev.text === ']' || prev.text === '}');
  return false; // after a number, string, template or regex: a division
}
