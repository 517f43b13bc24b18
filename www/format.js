// Turns any JavaScript value into the short, readable text the console panel shows:
// strings quoted, objects and arrays as indented JSON-like text, depth-limited and cycle-safe.

const MAX_DEPTH = 4;
const MAX_ITEMS = 100;
const INLINE_WIDTH = 72;

/** The console text for `value`; never throws. */
export function format(value) {
  try {
    return show(value, 0, []);
  } catch (error) {
    return `[unprintable value: ${error?.message ?? error}]`;
  }
}

function show(value, depth, ancestors) {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'bigint':
      return `${value}n`;
    case 'symbol':
      return value.toString();
    case 'function':
      return `ƒ ${value.name}()`;
    case 'object':
      return showObject(value, depth, ancestors);
    default:
      return Object.is(value, -0) ? '-0' : String(value); // undefined, number, boolean
  }
}

function showObject(value, depth, ancestors) {
  if (value instanceof Date)
    return `Date(${Number.isNaN(value) ? 'Invalid Date' : value.toISOString()})`;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (value instanceof ArrayBuffer) return `ArrayBuffer(${value.byteLength})`;
  if (ArrayBuffer.isView(value))
    return `${value.constructor.name}(${value.length ?? value.byteLength})`;
  if (value instanceof Element) return `<${value.localName}${value.id ? `#${value.id}` : ''}>`;
  if (ancestors.includes(value)) return '[Circular]';

  const name = Object.getPrototypeOf(value)?.constructor?.name ?? '';
  if (depth >= MAX_DEPTH)
    return Array.isArray(value) ? `[Array(${value.length})]` : `[${name || 'Object'}]`;

  const child = (v) => show(v, depth + 1, ancestors);
  ancestors.push(value);
  try {
    if (Array.isArray(value)) {
      return wrap('', '[', ']', Array.from(value.slice(0, MAX_ITEMS), child), value.length);
    }
    if (value instanceof Map) {
      const items = [...value].slice(0, MAX_ITEMS).map(([k, v]) => `${child(k)} => ${child(v)}`);
      return wrap(`Map(${value.size}) `, '{', '}', items, value.size);
    }
    if (value instanceof Set) {
      return wrap(
        `Set(${value.size}) `,
        '{',
        '}',
        [...value].slice(0, MAX_ITEMS).map(child),
        value.size,
      );
    }
    const keys = Object.keys(value);
    const items = keys.slice(0, MAX_ITEMS).map((k) => `${showKey(k)}: ${child(value[k])}`);
    return wrap(name && name !== 'Object' ? `${name} ` : '', '{', '}', items, keys.length);
  } finally {
    ancestors.pop();
  }
}

// One line when short, otherwise one item per line, indented by two spaces.
function wrap(prefix, open, close, items, total) {
  if (total > items.length) items.push(`… ${total - items.length} more`);
  if (items.length === 0) return `${prefix}${open}${close}`;
  const line = items.join(', ');
  if (line.length <= INLINE_WIDTH && !line.includes('\n')) {
    return open === '[' ? `${prefix}[${line}]` : `${prefix}${open} ${line} ${close}`;
  }
  const body = items.map((item) => `  ${item.replaceAll('\n', '\n  ')}`).join(',\n');
  return `${prefix}${open}\n${body}\n${close}`;
}

function showKey(key) {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
}
