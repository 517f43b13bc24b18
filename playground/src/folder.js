// Opens a mini-program folder from disk as a project: through the File System Access API
// (showDirectoryPicker) where the browser has it, an <input webkitdirectory>'s files, or a
// folder dropped on the page (DataTransferItem.webkitGetAsEntry). Dotfiles and
// node_modules are skipped; text files become strings, others stay Files. The whole folder
// is kept, so a project.config.json's miniprogramRoot still points at its app.
import {
  checkPath,
  fileTable,
  isTextPath,
  MAX_BYTES,
  MAX_FILES,
  mimeType,
  skipped,
  TooBig,
} from './project.js';

// Counts files and bytes as they are read, and throws TooBig past the limits.
// Paths that are not paths of a project (checkPath) are left out, listed in `refused`.
class Reader {
  files = fileTable();
  refused = [];
  count = 0;
  bytes = 0;

  async add(name, file) {
    let path;
    try {
      path = checkPath(name);
    } catch {
      this.refused.push(name);
      return;
    }
    this.count += 1;
    this.bytes += file.size;
    if (this.count > MAX_FILES) {
      throw new TooBig(`The folder has more than ${MAX_FILES} files (node_modules is skipped).`);
    }
    if (this.bytes > MAX_BYTES) {
      throw new TooBig(`The folder holds more than ${MAX_BYTES / 1024 / 1024} MB.`);
    }
    this.files[path] = isTextPath(path)
      ? await file.text()
      : new File([file], file.name, { type: file.type || mimeType(path) });
  }
}

/** {name, files, refused} of a folder chosen with showDirectoryPicker, or undefined if cancelled. */
export async function pickFolder() {
  let handle;
  try {
    handle = await globalThis.showDirectoryPicker({ mode: 'read' });
  } catch (error) {
    if (error.name === 'AbortError') return undefined;
    throw error;
  }
  const reader = new Reader();
  const walk = async (directory, prefix) => {
    for await (const [name, entry] of directory.entries()) {
      if (skipped(name)) continue;
      if (entry.kind === 'directory') await walk(entry, `${prefix}${name}/`);
      else await reader.add(`${prefix}${name}`, await entry.getFile());
    }
  };
  await walk(handle, '');
  return { name: handle.name, files: reader.files, refused: reader.refused };
}

/** {name, files, refused} of the files of an <input webkitdirectory> (paths under the folder's name). */
export async function readInputFiles(fileList) {
  const reader = new Reader();
  let name = 'folder';
  for (const file of fileList) {
    const names = (file.webkitRelativePath || file.name).split('/');
    if (names.length > 1) name = names[0];
    const inner = names.length > 1 ? names.slice(1) : names;
    if (inner.some(skipped)) continue;
    await reader.add(inner.join('/'), file);
  }
  return { name, files: reader.files, refused: reader.refused };
}

/** {name, files, refused} of a folder dropped on the page (a FileSystemDirectoryEntry). */
export async function readDroppedFolder(root) {
  const reader = new Reader();
  const walk = async (directory, prefix) => {
    for (const entry of await readAllEntries(directory)) {
      if (skipped(entry.name)) continue;
      if (entry.isDirectory) await walk(entry, `${prefix}${entry.name}/`);
      else {
        const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
        await reader.add(`${prefix}${entry.name}`, file);
      }
    }
  };
  await walk(root, '');
  return { name: root.name, files: reader.files, refused: reader.refused };
}

// readEntries gives the entries in batches (100 in Chromium) until an empty one.
async function readAllEntries(directory) {
  const reader = directory.createReader();
  const all = [];
  for (;;) {
    const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}
