// Projects in and out of .zip files (fflate): a download holds one folder named after the
// project (with a project.config.json if the project has none), which `wxweb serve` and
// WeChat's developer tools open; a .zip dropped or chosen opens as a project.
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import {
  checkedFiles,
  isTextPath,
  MAX_BYTES,
  MAX_FILES,
  mimeType,
  projectConfig,
  skipped,
  TooBig,
  unwrapFolder,
} from './project.js';

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

/**
 * {name, files, refused} of a .zip (a File or Blob named `fileName`): dotfiles and
 * node_modules left out, paths checked (`refused`: those that are not paths of a project),
 * within the limits on file count and size (TooBig past them, before anything is inflated:
 * fflate inflates an entry to no more than the size its header declares).
 */
export async function unzipProject(blob, fileName) {
  let count = 0;
  let bytes = 0;
  const entries = unzipSync(new Uint8Array(await blob.arrayBuffer()), {
    filter: ({ name, originalSize }) => {
      if (name.endsWith('/') || name.split('/').some(skipped)) return false;
      count += 1;
      bytes += originalSize;
      if (count > MAX_FILES) throw new TooBig(`${fileName} has more than ${MAX_FILES} files.`);
      if (bytes > MAX_BYTES) {
        throw new TooBig(`${fileName} holds more than ${MAX_BYTES / 1024 / 1024} MB.`);
      }
      return true;
    },
  });
  const { files, refused } = checkedFiles(
    Object.entries(entries).map(([path, data]) => [
      path,
      isTextPath(path) ? strFromU8(data) : new Blob([data], { type: mimeType(path) }),
    ]),
  );
  return { ...unwrapFolder(files, fileName.replace(/\.zip$/i, '')), refused };
}
