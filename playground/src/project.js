// The playground's project: a name and its files (path → text, or a Blob for images and
// other binary files), plus empty folders made in the tree. Paths are relative to the
// project's folder, "/"-separated, with no "..", no leading "/" and no empty names.

/** Extensions whose files are edited as text; any other file is kept as a Blob. */
export const TEXT_EXTENSIONS = ['js', 'json', 'wxml', 'wxss', 'wxs', 'txt', 'md'];

export function isTextPath(path) {
  return TEXT_EXTENSIONS.includes(extension(path));
}

/** Limits on a project from outside (a folder, a .zip): file count and bytes in all. */
export const MAX_FILES = 2000;
export const MAX_BYTES = 20 * 1024 * 1024;

/** A project too big to open; its message says why. */
export class TooBig extends Error {}

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

/** The MIME type of a binary file by its extension, or ''. */
export function mimeType(path) {
  return TYPES[extension(path)] ?? '';
}

/**
 * A table of files by path, `entries` copied in: an object without a prototype, so that
 * no path ("__proto__", "constructor") can reach Object.prototype.
 */
export function fileTable(entries = {}) {
  return Object.assign(Object.create(null), entries);
}

/**
 * The files of `entries` ([path, content] pairs from outside: a link, a zip, a folder)
 * whose paths pass checkPath, cleaned, in a fileTable; `refused` lists the others.
 */
export function checkedFiles(entries) {
  const files = fileTable();
  const refused = [];
  for (const [path, content] of entries) {
    try {
      files[checkPath(path)] = content;
    } catch {
      refused.push(path);
    }
  }
  return { files, refused };
}

export function extension(path) {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/**
 * `path` cleaned (spaces, "." names and a trailing "/" dropped), or throws an Error
 * saying what is wrong with it.
 */
export function checkPath(path) {
  const text = String(path).trim().replace(/\/+$/, '');
  if (text.startsWith('/')) throw new Error('A path must not start with "/"');
  const names = text.split('/').filter((name) => name !== '.');
  if (text === '' || names.length === 0) throw new Error('The name is empty');
  for (const name of names) {
    if (name === '') throw new Error('A path must not have empty names ("a//b")');
    if (name === '..') throw new Error('A path must not have ".." in it');
    if (name === '__proto__') throw new Error('"__proto__" is not a name for a file');
    if (/[\\:*?"<>|\0]/.test(name)) throw new Error(`"${name}" has a character files cannot have`);
  }
  return names.join('/');
}

/**
 * A new project named `name` with `files` ({path: text | Blob}). `trusted`: it may run
 * without asking (not a link's); `pristine`: a copy of something kept elsewhere (a gallery
 * entry, the starter), forgotten when left unedited.
 */
export function makeProject(name, files, { trusted = true, pristine = false } = {}) {
  return {
    id: `p-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    name,
    files: fileTable(files),
    folders: [],
    trusted,
    pristine,
    updated: Date.now(),
  };
}

/** The folders of the project: those of its files' paths and the empty ones, sorted. */
export function allFolders(project) {
  const folders = new Set(project.folders);
  for (const path of Object.keys(project.files)) {
    const names = path.split('/');
    for (let i = 1; i < names.length; i += 1) folders.add(names.slice(0, i).join('/'));
  }
  return [...folders].sort();
}

/** Whether `path` is taken by a file or a folder. */
export function exists(project, path) {
  return Object.hasOwn(project.files, path) || allFolders(project).includes(path);
}

/** Renames the file or folder `from` to `to` (a folder moves with everything in it). */
export function rename(project, from, to) {
  if (from === to) return;
  if (exists(project, to)) throw new Error(`"${to}" already exists`);
  if (to.startsWith(`${from}/`)) throw new Error('A folder cannot move into itself');
  const files = fileTable();
  for (const [path, content] of Object.entries(project.files)) {
    files[moved(path, from, to)] = content;
  }
  project.files = files;
  project.folders = project.folders.map((path) => moved(path, from, to));
}

/** Deletes the file or folder `path` (a folder with everything in it). */
export function remove(project, path) {
  const inside = (other) => other === path || other.startsWith(`${path}/`);
  for (const file of Object.keys(project.files)) if (inside(file)) delete project.files[file];
  project.folders = project.folders.filter((folder) => !inside(folder));
}

function moved(path, from, to) {
  if (path === from) return to;
  return path.startsWith(`${from}/`) ? to + path.slice(from.length) : path;
}

/** The project a "New" button gives: one page saying hello, ready to edit. */
export function starterFiles() {
  return {
    'app.json': `${JSON.stringify(
      { pages: ['pages/index/index'], window: { navigationBarTitleText: 'Playground' } },
      null,
      2,
    )}\n`,
    'app.js': "App({\n  onLaunch: function () {\n    console.log('launched')\n  }\n})\n",
    'app.wxss': '.container {\n  padding: 20px;\n}\n',
    'pages/index/index.json': '{}\n',
    'pages/index/index.js': [
      'Page({',
      '  data: {',
      "    greeting: 'Hello, wxweb',",
      '    count: 0',
      '  },',
      '  tap: function () {',
      '    this.setData({ count: this.data.count + 1 })',
      '  }',
      '})',
      '',
    ].join('\n'),
    'pages/index/index.wxml': [
      '<view class="container">',
      '  <text id="greeting">{{greeting}}</text>',
      '  <button bindtap="tap">Tapped {{count}} times</button>',
      '</view>',
      '',
    ].join('\n'),
    'pages/index/index.wxss': '#greeting {\n  font-size: 20px;\n}\n',
  };
}

/**
 * A project.config.json for the project when it has none: what WeChat's developer tools
 * need to open a folder (the tourist appid works without an account).
 */
export function projectConfig(name) {
  return `${JSON.stringify(
    { appid: 'touristappid', projectname: name, compileType: 'miniprogram', setting: {} },
    null,
    2,
  )}\n`;
}

/**
 * Files read from somewhere (a folder, a zip) all inside one folder: that folder's name and
 * the files with paths from inside it; else `fallback` and the files as they are.
 */
export function unwrapFolder(files, fallback) {
  const paths = Object.keys(files);
  const first = paths[0]?.split('/')[0];
  if (!first || !paths.every((path) => path.startsWith(`${first}/`))) {
    return { name: fallback, files };
  }
  const inner = fileTable();
  for (const [path, content] of Object.entries(files))
    inner[path.slice(first.length + 1)] = content;
  return { name: first, files: inner };
}
