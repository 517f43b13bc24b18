// Projects as JSON and as links. The JSON form `{path: text | {base64, type}}` is shared by
// the gallery's <id>.json files and by `#project=` links, whose data is the base64url (no
// padding) of the deflate-raw CompressionStream of `{"v":1,"files":…}` in UTF-8.
import { checkedFiles, fileTable } from './project.js';

/** What a link's project may inflate to. */
export const MAX_LINK_BYTES = 32 * 1024 * 1024;

/** `{path: text | Blob}` → `{path: text | {base64, type}}`. */
export async function filesToJson(files) {
  const json = fileTable();
  for (const [path, content] of Object.entries(files)) {
    json[path] =
      typeof content === 'string'
        ? content
        : {
            base64: bytesToBase64(new Uint8Array(await content.arrayBuffer())),
            type: content.type,
          };
  }
  return json;
}

/**
 * `{path: text | {base64, type}}` → {files: {path: text | Blob}, refused}: other values are
 * skipped, and paths that are not paths of a project (checkPath) are listed in `refused`.
 */
export function filesFromJson(json) {
  const entries = [];
  for (const [path, content] of Object.entries(json ?? {})) {
    if (typeof content === 'string') entries.push([path, content]);
    else if (typeof content?.base64 === 'string') {
      entries.push([path, new Blob([base64ToBytes(content.base64)], { type: content.type ?? '' })]);
    }
  }
  return checkedFiles(entries);
}

/** The `#project=` data of `files`. */
export async function encodeProject(files) {
  const text = JSON.stringify({ v: 1, files: await filesToJson(files) });
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  return bytesToBase64(bytes).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/**
 * {files, refused} of `#project=` data (see filesFromJson); throws if it is not such data
 * or inflates to more than MAX_LINK_BYTES (a small link can inflate to gigabytes).
 */
export async function decodeProject(data) {
  const base64 = data.replaceAll('-', '+').replaceAll('_', '/');
  const stream = new Blob([base64ToBytes(base64)])
    .stream()
    .pipeThrough(new DecompressionStream('deflate-raw'));
  const reader = stream.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > MAX_LINK_BYTES) {
      reader.cancel();
      throw new Error(`its project is over ${MAX_LINK_BYTES / 1024 / 1024} MB unpacked`);
    }
    chunks.push(value);
  }
  const parsed = JSON.parse(await new Blob(chunks).text());
  if (parsed?.v !== 1 || typeof parsed.files !== 'object') {
    throw new Error('not a wxweb playground project (v1)');
  }
  return filesFromJson(parsed.files);
}

function bytesToBase64(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function base64ToBytes(base64) {
  const binary = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '='));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}
