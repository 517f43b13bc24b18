// wx.drawCanvas: flattens the actions array in one pass into a tape of tokens (the
// kinds and values that `tape.rs` reads), so that wasm reads numbers instead of
// parsing JSON text. An array of finite numbers is marked as such, so that it is
// read in one step. Values read as JSON.stringify would write them: non-finite
// numbers, undefined and functions as null. An object with a string `method` is a
// record, written as its method and then its `data` (`[]` when missing); any other
// object is written without its contents, which no action may hold. Nesting deeper
// than MAX_DEPTH (a cycle) or a BigInt throws.

const NULL = 0, FALSE = 1, TRUE = 2, NUMBER = 3, STRING = 4, ARRAY = 5, OBJECT = 6, RECORD = 7, NUMBERS = 8;
const MAX_DEPTH = 64;

let kinds = new Uint8Array(1 << 14);
let values = new Float64Array(1 << 14);
let length = 0;
let strings = [];
let indexes = new Map();

function grow() {
  const k = new Uint8Array(kinds.length * 2);
  k.set(kinds);
  kinds = k;
  const v = new Float64Array(values.length * 2);
  v.set(values);
  values = v;
}

function push(kind, value) {
  if (length === kinds.length) grow();
  kinds[length] = kind;
  values[length++] = value;
}

/// The index of `s` in `strings`, each distinct string stored once.
function string(s) {
  let index = indexes.get(s);
  if (index === undefined) {
    index = strings.length;
    strings.push(s);
    indexes.set(s, index);
  }
  return index;
}

function walk(v, depth) {
  if (typeof v === 'number') {
    push(Number.isFinite(v) ? NUMBER : NULL, v);
  } else if (typeof v === 'string') {
    push(STRING, string(v));
  } else if (typeof v === 'boolean') {
    push(v ? TRUE : FALSE, 0);
  } else if (typeof v === 'bigint') {
    throw new TypeError('BigInt');
  } else if (typeof v !== 'object' || v === null) {
    push(NULL, 0);
  } else if (depth > MAX_DEPTH) {
    throw new RangeError('nested too deeply');
  } else if (Array.isArray(v)) {
    const count = v.length;
    let numbers = true;
    for (let i = 0; i < count && numbers; i++) numbers = Number.isFinite(v[i]);
    push(numbers ? NUMBERS : ARRAY, count);
    for (let i = 0; i < count; i++) {
      const item = v[i];
      // Most items are numbers: pushed here without another call.
      if (numbers) push(NUMBER, item); else walk(item, depth + 1);
    }
  } else if (typeof v.method === 'string') {
    push(RECORD, string(v.method));
    const data = v.data;
    if (data === undefined) push(ARRAY, 0); else walk(data, depth + 1);
  } else {
    push(OBJECT, 0);
  }
}

export function flatten(value) {
  length = 0;
  strings = [];
  indexes = new Map();
  walk(value, 0);
  const tape = { kinds: kinds.subarray(0, length), values: values.subarray(0, length), strings };
  strings = [];
  indexes = new Map();
  return tape;
}
