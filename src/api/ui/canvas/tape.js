// wx.drawCanvas: flattens the actions array in one pass into a tape of tokens (the
// kinds and values that `tape.rs` reads), so that wasm reads numbers instead of
// parsing JSON text. An array of finite numbers is marked as such, so that it is
// read in one step. Values read as JSON.stringify would write them: non-finite
// numbers, undefined and functions as null. An object with a string `method` is a
// record, written as its method and then its `data` (`[]` when missing); any other
// object is written without its contents, which no action may hold. Nesting deeper
// than MAX_DEPTH (a cycle) or a BigInt throws.

const NULL = 0,
  FALSE = 1,
  TRUE = 2,
  NUMBER = 3,
  STRING = 4,
  ARRAY = 5,
  OBJECT = 6,
  RECORD = 7,
  NUMBERS = 8;
const MAX_DEPTH = 64;

let kinds = new Uint8Array(1 << 14);
let values = new Float64Array(1 << 14);
let length = 0;
let strings = [];
let indexes = new Map();

/// Makes room for `count` more tokens.
function reserve(count) {
  if (length + count <= kinds.length) return;
  let size = kinds.length * 2;
  while (size < length + count) size *= 2;
  const k = new Uint8Array(size);
  k.set(kinds);
  kinds = k;
  const v = new Float64Array(size);
  v.set(values);
  values = v;
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
  reserve(1);
  if (typeof v === 'number') {
    kinds[length] = Number.isFinite(v) ? NUMBER : NULL;
    values[length++] = v;
  } else if (typeof v === 'string') {
    kinds[length] = STRING;
    values[length++] = string(v);
  } else if (typeof v === 'boolean') {
    kinds[length] = v ? TRUE : FALSE;
    values[length++] = 0;
  } else if (typeof v === 'bigint') {
    throw new TypeError('BigInt');
  } else if (typeof v !== 'object' || v === null) {
    kinds[length] = NULL;
    values[length++] = 0;
  } else if (depth > MAX_DEPTH) {
    throw new RangeError('nested too deeply');
  } else if (Array.isArray(v)) {
    array(v, depth);
  } else if (typeof v.method === 'string') {
    kinds[length] = RECORD;
    values[length++] = string(v.method);
    const data = v.data;
    if (data === undefined) {
      reserve(1);
      kinds[length] = ARRAY;
      values[length++] = 0;
    } else if (Array.isArray(data)) {
      array(data, depth + 1);
    } else {
      walk(data, depth + 1);
    }
  } else {
    kinds[length] = OBJECT;
    values[length++] = 0;
  }
}

/// An array in one pass: its items are written as numbers while they are finite
/// numbers (the header says NUMBERS); the first that is not turns the header into
/// ARRAY, and the rest are walked.
function array(v, depth) {
  const count = v.length;
  reserve(count + 1);
  const header = length++;
  values[header] = count;
  let i = 0;
  for (; i < count; i++) {
    const item = v[i];
    if (typeof item !== 'number' || !Number.isFinite(item)) break;
    kinds[length] = NUMBER;
    values[length++] = item;
  }
  if (i === count) {
    kinds[header] = NUMBERS;
    return;
  }
  kinds[header] = ARRAY;
  for (; i < count; i++) walk(v[i], depth + 1);
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
