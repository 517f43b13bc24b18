// The Network panel's events (inspect.rs): whether the simulator asked for them, the text
// and size of a body as the engine holds it (never copied through wasm memory), a response's
// headers from an XMLHttpRequest, and the dispatch of one `wxweb:network` CustomEvent.
// Nothing here throws into the runtime: the browser's classes are taken at load, before
// mini-program code could replace them, and a body that throws when read is left out.

const {
  ArrayBuffer: NativeArrayBuffer,
  Blob: NativeBlob,
  CustomEvent: NativeCustomEvent,
  TextDecoder: NativeTextDecoder,
} = globalThis;
const dispatchOnWindow = globalThis.dispatchEvent.bind(globalThis);
const now = performance.now.bind(performance);

/** Bodies longer than this (in UTF-8 bytes) are described by their size alone. */
const LIMIT = 1024 * 1024;
/** Content types whose bodies are text. */
const TEXTUAL =
  /^text\/|^application\/(json|xml|javascript|ecmascript|x-www-form-urlencoded|graphql)\b|\+(json|xml)\b/i;

/** Whether `wxweb.inspectNetwork` is true (a hostile getter means no). */
export function inspecting() {
  try {
    return globalThis.wxweb?.inspectNetwork === true;
  } catch {
    return false;
  }
}

/** The length of `text` in UTF-8 (a lone surrogate counts as U+FFFD). */
function utf8Length(text) {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit < 0xdc00 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** The size in bytes of a body: a string (as UTF-8), bytes or a Blob; 0 for none. */
function sizeOf(body) {
  if (typeof body === 'string') return utf8Length(body);
  if (body instanceof NativeArrayBuffer || NativeArrayBuffer.isView(body)) return body.byteLength;
  if (body instanceof NativeBlob) return body.size;
  return 0;
}

/**
 * The text of a body of `size` bytes, or null: strings (unless `contentType` names a binary
 * type), and bytes whose `contentType` is textual, up to 1 MiB.
 */
function textOf(body, size, contentType) {
  if (size > LIMIT) return null;
  const textual = typeof contentType === 'string' && TEXTUAL.test(contentType);
  if (typeof body === 'string') return textual || !contentType ? body : null;
  if (textual && body instanceof NativeArrayBuffer) return new NativeTextDecoder().decode(body);
  return null;
}

/** A 'start' phase's request fields; `size` overrides the body's own (uploadFile). */
export function requestFields(method, url, proxied, headers, body, size) {
  const fields = { method, url, proxied, requestHeaders: headers, requestBody: null };
  try {
    fields.requestSize = size ?? sizeOf(body);
    fields.requestBody = textOf(body, fields.requestSize, undefined);
  } catch {
    fields.requestSize ??= null;
  }
  return fields;
}

/** An 'end' phase's response fields; `size` overrides the body's own (downloadFile). */
export function responseFields(status, headers, body, size) {
  const fields = { status, responseHeaders: headers, responseBody: null };
  try {
    fields.responseSize = size ?? sizeOf(body);
    fields.responseBody = textOf(body, fields.responseSize, headers['content-type']);
  } catch {
    fields.responseSize ??= null;
  }
  return fields;
}

/** `blob.text()` when `headers` say it is text and it is at most 1 MiB, else null. */
export function blobText(blob, headers) {
  try {
    const type = headers['content-type'];
    return blob.size <= LIMIT && typeof type === 'string' && TEXTUAL.test(type)
      ? blob.text()
      : null;
  } catch {
    return null;
  }
}

/** A socket frame's fields: `{data, size, binary}` (text up to 1 MiB). */
export function frameFields(data) {
  const binary = typeof data !== 'string';
  try {
    const size = sizeOf(data);
    return { data: binary ? null : textOf(data, size, undefined), size, binary };
  } catch {
    return { data: null, size: null, binary };
  }
}

/** The response headers of `xhr` as `{name: value}`, names in lower case. */
export function xhrHeaders(xhr) {
  const headers = {};
  try {
    for (const line of xhr.getAllResponseHeaders().split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) {
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
    }
  } catch {
    // A replaced XMLHttpRequest method: no headers to show.
  }
  return headers;
}

/**
 * Dispatches `wxweb:network` with detail `{id, kind, phase, time, ...fields}` (and
 * `duration` since `started` when it is not negative); returns `time`. A listener that
 * throws is reported by the browser and does not reach the caller.
 */
export function dispatch(id, kind, phase, fields, started) {
  const time = now();
  const detail = { id, kind, phase, time, ...fields };
  if (started >= 0) detail.duration = time - started;
  try {
    dispatchOnWindow(new NativeCustomEvent('wxweb:network', { detail }));
  } catch {
    // Nothing to do: the panel misses one event, the call goes on.
  }
  return time;
}
