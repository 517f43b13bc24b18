// Projects in and out of .zip files (fflate): a download holds one folder named after the
// project (with a project.config.json if the project has none), which `wxweb serve` and
// WeChat's developer tools open; a .zip dropped or chosen opens as a project.
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { isTextPath, projectConfig, unwrapFolder } from './project.js';

/** The .zip of `project` as a Blob, its files in a folder `folderName(project)`. */
export async function zipProject(project) {
  const folder = folderName(project);
  const entries = {};
  for (const [path, content] of Object.entries(project.files)) {
    entries[`${folder}/${path}`] =
      typeof content === 'string' ? strToU8(content) : new Uint8Array(await content.arrayBuffer());
  }
  if (!Object.hasOwn(project.files, 'project.config.json')) {
    entries[`${folder}/project.config.json`] = strToU8(projectConfig(project.name));
  }
  return new Blob([zipSync(entries, { level: 6 })], { type: 'application/zip' });
}

/** The project's name as a folder or file name. */
export function folderName(project) {
  return project.name.replace(/[\\/:*?"<>|\0]+/g, '-').trim() || 'miniprogram';
}

/** {name, files} of a .zip (a File or Blob named `fileName`). */
export async function unzipProject(blob, fileName) {
  const entries = unzipSync(new Uint8Array(await blob.arrayBuffer()));
  const files = {};
  for (const [path, bytes] of Object.entries(entries)) {
    if (path.endsWith('/') || path.split('/').some(skipped)) continue;
    files[path] = isTextPath(path) ? strFromU8(bytes) : new Blob([bytes], { type: mimeType(path) });
  }
  return unwrapFolder(files, fileName.replace(/\.zip$/i, ''));
}

/** Names a project leaves out: dotfiles (.git, .DS_Store), node_modules, __MACOSX. */
export function skipped(name) {
  return name.startsWith('.') || name === 'node_modules' || name === '__MACOSX';
}

const TYPES = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  mp3: 'audio/mpeg',
  mp4: 'video/mp4',
};

export function mimeType(path) {
  const dot = path.lastIndexOf('.');
  return TYPES[path.slice(dot + 1).toLowerCase()] ?? '';
}
