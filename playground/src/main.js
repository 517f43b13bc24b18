// The playground page: wires the file tree, the editor, the run frame, the projects kept in
// IndexedDB, share links, .zip files, local folders and the gallery. What opens first: the
// project of the URL's hash (#gallery=<id>, #project=<data>), else the last project, else
// the gallery's first entry (else a starter). A project from a #project= link is someone
// else's code: it does not run until the user says so (the trust bar).
import { folderName, unzipProject, zipProject } from './archive.js';
import { createEditor } from './editor.js';
import { pickFolder, readDroppedFolder, readInputFiles } from './folder.js';
import {
  checkPath,
  exists,
  isTextPath,
  makeProject,
  mimeType,
  remove,
  rename,
  starterFiles,
  TooBig,
} from './project.js';
import { createRunner } from './runner.js';
import { decodeProject, encodeProject, filesFromJson } from './share.js';
import { deleteProject, lastProject, listProjects, loadProject, saveProject } from './store.js';
import { createTree } from './tree.js';

const AUTO_RUN_DELAY = 800;
const SAVE_DELAY = 300;
const LONG_URL = 100 * 1024;

const $ = (id) => document.getElementById(id);

let project;
let selected = { path: undefined, kind: 'file' };
let problems = [];
let saveTimer;
let runTimer;
let galleryIndex;
let previewUrl;

const editor = createEditor($('editor'), {
  onChange(path, text) {
    if (!project || !Object.hasOwn(project.files, path)) return;
    project.files[path] = text;
    changed();
  },
  onRun: () => run(),
});

const tree = createTree($('tree'), {
  onSelect: (path, kind) => select(path, kind),
  onDrop: (data, folder) => dropped(data, folder),
});

const runner = createRunner($('frame-box'), {
  getFiles: () => ({ ...project.files }),
  on: {
    // Each launch (a Run, or the simulator reloading itself) starts with no problems.
    asked: () => {
      problems = [];
      showProblems();
      $('run-status').textContent = 'Launching…';
    },
    launched: ({ ok }) => {
      if (!ok) $('run-status').textContent = 'The launch failed: see the problems';
    },
    pageready: ({ route }) => {
      $('run-status').textContent = typeof route === 'string' ? `Showing ${route}` : '';
    },
    mode: ({ served }) => {
      $('mode-note').hidden = served;
    },
    error: (detail) => {
      problems.push(detail);
      showProblems();
    },
  },
});

// ---- projects ------------------------------------------------------------------------

/** Shows `next` and runs it (in a new frame) if it is trusted. */
function setProject(next) {
  // A gallery entry or starter left unedited is not kept in the list of projects.
  if (project?.pristine && project.id !== next.id) {
    clearTimeout(saveTimer);
    deleteProject(project.id).catch(() => {});
  }
  project = next;
  clearTimeout(runTimer);
  editor.reset();
  problems = [];
  showProblems();
  $('project-name').value = project.name;
  select(firstFile(project), 'file');
  save();
  refreshProjectList();
  if (project.trusted) {
    $('trust-bar').hidden = true;
    $('run-status').textContent = 'Starting…';
    runner.restart();
  } else {
    $('trust-bar').hidden = false;
    const note = document.createElement('p');
    note.className = 'frame-note';
    note.textContent = 'Not run yet: this code comes from a link. Press Run to run it.';
    runner.stop(note);
    $('run-status').textContent = 'Not run';
  }
}

// The file shown first: the first page's .js (or .wxml), else app.json, else any; the app
// is in project.config.json's miniprogramRoot if it names one.
function firstFile(p) {
  const root = appRoot(p);
  let first;
  try {
    first = JSON.parse(p.files[`${root}app.json`] ?? '{}').pages?.[0];
  } catch {
    first = undefined;
  }
  for (const path of [`${root}${first}.js`, `${root}${first}.wxml`, `${root}app.json`]) {
    if (Object.hasOwn(p.files, path)) return path;
  }
  return Object.keys(p.files).sort()[0];
}

// The app's folder in the project: '' or miniprogramRoot ending with '/'.
function appRoot(p) {
  try {
    const root = JSON.parse(p.files['project.config.json'] ?? '{}').miniprogramRoot;
    const names = typeof root === 'string' ? root.split('/').filter((n) => n && n !== '.') : [];
    return names.length > 0 ? `${names.join('/')}/` : '';
  } catch {
    return '';
  }
}

function changed() {
  project.updated = Date.now();
  project.pristine = false;
  clearTimeout(saveTimer);
  saveTimer = setTimeout(save, SAVE_DELAY);
  clearTimeout(runTimer);
  if ($('auto-run').checked && project.trusted && runner.running) {
    runTimer = setTimeout(run, AUTO_RUN_DELAY);
  }
}

function save() {
  clearTimeout(saveTimer);
  if (!project) return;
  saveProject(project).catch((error) => notify(`Could not save the project: ${error.message}`));
}

async function refreshProjectList() {
  const list = $('project-list');
  let projects = [];
  try {
    projects = await listProjects();
  } catch {
    // No IndexedDB (a private window in some browsers): the list stays empty.
  }
  list.replaceChildren(
    ...projects.map(({ id, name }) => new Option(id === project.id ? project.name : name, id)),
  );
  list.value = project.id;
}

/** Runs the project: reloads the frame (the page stack is kept), errors cleared. */
function run() {
  clearTimeout(runTimer);
  if (!project) return;
  if (!project.trusted) {
    project.trusted = true;
    $('trust-bar').hidden = true;
    save();
  }
  problems = [];
  showProblems();
  runner.run();
}

// ---- the tree and the editor ---------------------------------------------------------

function select(path, kind) {
  selected = { path, kind };
  tree.show(project, path);
  if (kind !== 'file' || path === undefined) return;
  $('editor-path').textContent = path;
  const content = project.files[path];
  if (typeof content === 'string') {
    $('preview').hidden = true;
    $('editor').hidden = false;
    editor.open(path, content);
  } else {
    $('editor').hidden = true;
    showPreview(path, content);
  }
}

function showPreview(path, blob) {
  const preview = $('preview');
  if (previewUrl) URL.revokeObjectURL(previewUrl);
  previewUrl = URL.createObjectURL(blob);
  const type = blob.type || mimeType(path);
  if (type.startsWith('image/')) {
    const image = document.createElement('img');
    image.src = previewUrl;
    image.alt = path;
    preview.replaceChildren(image);
  } else {
    const link = document.createElement('a');
    link.href = previewUrl;
    link.download = path.slice(path.lastIndexOf('/') + 1);
    link.textContent = `${path} (${blob.size} bytes, ${type || 'binary'}): download`;
    preview.replaceChildren(link);
  }
  preview.hidden = false;
}

// The folder new files go in: the selected folder, or the selected file's.
function currentFolder() {
  const { path, kind } = selected;
  if (!path) return '';
  if (kind === 'folder') return path;
  return path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
}

async function newFile() {
  const folder = currentFolder();
  const path = await ask('New file (path in the project)', folder ? `${folder}/` : '', (p) => {
    if (exists(project, p)) throw new Error(`"${p}" already exists`);
  });
  if (path === undefined) return;
  project.files[path] = isTextPath(path) ? '' : new Blob([]);
  changed();
  select(path, 'file');
}

async function newFolder() {
  const folder = currentFolder();
  const path = await ask('New folder (path in the project)', folder ? `${folder}/` : '', (p) => {
    if (exists(project, p)) throw new Error(`"${p}" already exists`);
  });
  if (path === undefined) return;
  project.folders.push(path);
  changed();
  select(path, 'folder');
}

async function renameSelected() {
  const { path, kind } = selected;
  if (!path) return notify('Select a file or a folder to rename.');
  const to = await ask(`Rename ${path} to`, path, (p) => {
    if (p !== path && exists(project, p)) throw new Error(`"${p}" already exists`);
    if (p.startsWith(`${path}/`)) throw new Error('A folder cannot move into itself');
  });
  if (to === undefined || to === path) return;
  rename(project, path, to);
  editor.forget(path);
  changed();
  select(to, kind);
}

function deleteSelected() {
  const { path, kind } = selected;
  if (!path) return notify('Select a file or a folder to delete.');
  const what = kind === 'folder' ? `the folder ${path} and everything in it` : path;
  if (!confirm(`Delete ${what}?`)) return;
  remove(project, path);
  editor.forget(path);
  changed();
  const next = firstFile(project);
  if (next) select(next, 'file');
  else {
    selected = { path: undefined, kind: 'file' };
    tree.show(project, undefined);
    $('editor-path').textContent = '';
  }
}

/**
 * Asks for a path in the dialog, `value` filled in; resolves with it checked (checkPath,
 * then `check`, which throws to refuse), or undefined if cancelled.
 */
function ask(label, value, check) {
  const dialog = $('ask-dialog');
  const input = $('ask-input');
  const error = $('ask-error');
  $('ask-label').textContent = label;
  input.value = value;
  error.textContent = '';
  return new Promise((resolve) => {
    const form = dialog.querySelector('form');
    const finish = (result) => {
      form.removeEventListener('submit', submit);
      cancel.removeEventListener('click', cancelled);
      dialog.removeEventListener('cancel', cancelled);
      dialog.close();
      resolve(result);
    };
    const submit = (event) => {
      event.preventDefault();
      try {
        const path = checkPath(input.value);
        check(path);
        finish(path);
      } catch (problem) {
        error.textContent = problem.message;
      }
    };
    const cancel = dialog.querySelector('.cancel');
    const cancelled = (event) => {
      event.preventDefault();
      finish(undefined);
    };
    form.addEventListener('submit', submit);
    cancel.addEventListener('click', cancelled);
    dialog.addEventListener('cancel', cancelled);
    dialog.showModal();
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
  });
}

// ---- problems of the last run --------------------------------------------------------

function showProblems() {
  const byFile = new Map();
  for (const { file, line, column, message } of problems) {
    if (typeof file !== 'string' || !Object.hasOwn(project?.files ?? {}, file)) continue;
    if (!byFile.has(file)) byFile.set(file, []);
    byFile.get(file).push({ line, column, message: String(message ?? 'error') });
  }
  editor.setErrors(byFile);
  const list = $('problem-list');
  list.replaceChildren(
    ...problems.map((detail) => {
      const { file, line, column, message, type } = detail;
      const li = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'problem';
      const where = file ? `${file}${line ? `:${line}${column ? `:${column}` : ''}` : ''}` : '';
      button.textContent = `${type === 'compile' ? 'Compile error' : 'Error'}${where ? ` in ${where}` : ''}: ${message ?? ''}`;
      button.disabled = !(typeof file === 'string' && Object.hasOwn(project.files, file));
      button.addEventListener('click', () => {
        select(file, 'file');
        editor.jumpTo(line, column);
      });
      li.append(button);
      return li;
    }),
  );
  $('problems').hidden = problems.length === 0;
}

// ---- opening projects: hash, gallery, folders, zips, drops ---------------------------

async function openFromHash() {
  const hash = new URLSearchParams(location.hash.slice(1));
  const gallery = hash.get('gallery');
  const data = hash.get('project');
  if (!gallery && !data) return false;
  // The project is kept in IndexedDB: a reload brings it back, edits and all.
  history.replaceState(history.state, '', location.pathname + location.search);
  try {
    if (gallery) await openGallery(gallery);
    else {
      const { files, refused } = await decodeProject(data);
      setProject(makeProject('Shared project', files, { trusted: false }));
      noteRefused(refused);
    }
    return true;
  } catch (error) {
    notify(`Could not open the link: ${error.message}`);
    return false;
  }
}

async function loadGalleryIndex() {
  galleryIndex ??= fetch('gallery/index.json').then((response) => {
    if (!response.ok) throw new Error(`gallery/index.json: ${response.status}`);
    return response.json();
  });
  try {
    return await galleryIndex;
  } catch (error) {
    galleryIndex = undefined;
    throw error;
  }
}

async function openGallery(id) {
  if (!/^[a-z0-9-]+$/.test(id)) throw new Error(`no gallery entry "${id}"`);
  const indexed = loadGalleryIndex().catch(() => undefined); // for the title, meanwhile
  const response = await fetch(`gallery/${id}.json`);
  if (!response.ok) throw new Error(`no gallery entry "${id}"`);
  const { files, refused } = filesFromJson((await response.json()).files);
  const index = await indexed;
  const entry = index?.sections
    ?.flatMap((section) => section.entries ?? [])
    .find((e) => e.id === id);
  setProject(makeProject(entry?.title ?? id, files, { pristine: true }));
  noteRefused(refused);
}

async function showGallery() {
  const dialog = $('gallery-dialog');
  const list = $('gallery-list');
  dialog.showModal();
  try {
    const index = await loadGalleryIndex();
    list.replaceChildren(
      ...(index.sections ?? []).map((section) => {
        const group = document.createElement('section');
        const title = document.createElement('h3');
        title.textContent = section.title;
        const entries = document.createElement('ul');
        for (const entry of section.entries ?? []) {
          const li = document.createElement('li');
          const link = document.createElement('a');
          link.href = `#gallery=${encodeURIComponent(entry.id)}`;
          link.className = 'gallery-entry';
          const name = document.createElement('strong');
          name.textContent = entry.title;
          const description = document.createElement('span');
          description.textContent = entry.description ?? '';
          link.append(name, description);
          link.addEventListener('click', () => dialog.close());
          li.append(link);
          entries.append(li);
        }
        group.append(title, entries);
        return group;
      }),
    );
  } catch (error) {
    list.textContent = `The gallery could not be loaded (${error.message}).`;
  }
}

/** Opens `{name, files, refused}` (a folder, a zip) as a new project, run at once. */
function openFiles({ name, files, refused }) {
  if (Object.keys(files).length === 0) return notify(`${name} has no files.`);
  const hasApp = Object.keys(files).some((path) => path.split('/').at(-1) === 'app.json');
  setProject(makeProject(name, files));
  if (!hasApp) notify(`${name} has no app.json: is it a mini program?`);
  noteRefused(refused);
}

// Says which files were left out because their paths are not paths of a project.
function noteRefused(refused = []) {
  if (refused.length === 0) return;
  const shown = refused.slice(0, 3).map((path) => JSON.stringify(path));
  const more = refused.length > 3 ? ` and ${refused.length - 3} more` : '';
  notify(
    `Left out ${refused.length} file(s) whose paths are not allowed: ${shown.join(', ')}${more}.`,
  );
}

async function opening(work) {
  try {
    const result = await work();
    if (result) openFiles(result);
  } catch (error) {
    notify(error instanceof TooBig ? error.message : `Could not open it: ${error.message}`);
  }
}

async function openFolder() {
  if (typeof globalThis.showDirectoryPicker === 'function') {
    await opening(pickFolder);
  } else $('folder-input').click();
}

// A drop: a folder or a .zip opens as the project; other files are added to `folder`.
async function dropped(data, folder) {
  const entries = [...data.items]
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry?.());
  const directory = entries.find((entry) => entry?.isDirectory);
  if (directory) return opening(() => readDroppedFolder(directory));
  const files = [...data.files];
  const zip = files.find((file) => /\.zip$/i.test(file.name));
  if (zip) return opening(() => unzipProject(zip, zip.name));
  if (!project || files.length === 0) return;
  let last;
  const refused = [];
  for (const file of files) {
    let path;
    try {
      path = checkPath(folder ? `${folder}/${file.name}` : file.name);
    } catch {
      refused.push(file.name);
      continue;
    }
    project.files[path] = isTextPath(path) ? await file.text() : file;
    last = path;
  }
  noteRefused(refused);
  if (last === undefined) return;
  changed();
  select(last, 'file');
}

// ---- share and download --------------------------------------------------------------

async function share() {
  const dialog = $('share-dialog');
  const data = await encodeProject(project.files);
  const url = `${location.origin}${location.pathname}#project=${data}`;
  $('share-url').value = url;
  const warning = $('share-warning');
  warning.hidden = url.length <= LONG_URL;
  warning.textContent = `This link is ${Math.round(url.length / 1024)} KB long: some apps cut long links (images make them big). Download a .zip to send big projects.`;
  let status = 'Link copied to the clipboard.';
  try {
    await navigator.clipboard.writeText(url);
  } catch {
    status = 'Copy this link:';
  }
  $('share-status').textContent = status;
  dialog.showModal();
  $('share-url').select();
}

async function download() {
  const blob = await zipProject(project);
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = `${folderName(project)}.zip`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}

// ---- the page ------------------------------------------------------------------------

let noticeTimer;
function notify(text) {
  const notice = $('notice');
  notice.textContent = text;
  notice.hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => {
    notice.hidden = true;
  }, 8000);
}

$('run-button').addEventListener('click', run);
$('trust-run').addEventListener('click', run);
$('share-button').addEventListener('click', share);
$('download-button').addEventListener('click', download);
$('open-folder-button').addEventListener('click', openFolder);
$('open-zip-button').addEventListener('click', () => $('zip-input').click());
$('gallery-button').addEventListener('click', showGallery);
$('new-button').addEventListener('click', () =>
  setProject(makeProject('Untitled', starterFiles(), { pristine: true })),
);
$('new-file').addEventListener('click', newFile);
$('new-folder').addEventListener('click', newFolder);
$('rename-button').addEventListener('click', renameSelected);
$('delete-button').addEventListener('click', deleteSelected);
// In the tree, F2 renames and Delete deletes the selected file or folder.
$('tree').addEventListener('keydown', (event) => {
  if (event.key === 'F2') renameSelected();
  else if (event.key === 'Delete') deleteSelected();
  else return;
  event.preventDefault();
});
$('folder-input').addEventListener('change', (event) => {
  const input = event.currentTarget;
  opening(() => readInputFiles(input.files)).finally(() => {
    input.value = '';
  });
});
$('zip-input').addEventListener('change', (event) => {
  const input = event.currentTarget;
  const [file] = input.files;
  if (file) {
    opening(() => unzipProject(file, file.name)).finally(() => {
      input.value = '';
    });
  }
});
$('project-name').addEventListener('change', (event) => {
  project.name = event.currentTarget.value.trim() || 'Untitled';
  event.currentTarget.value = project.name;
  changed();
  refreshProjectList();
});
$('project-list').addEventListener('change', async (event) => {
  const id = event.currentTarget.value;
  if (id === project.id) return;
  save();
  const next = await loadProject(id);
  if (next) setProject(next);
});
for (const dialog of document.querySelectorAll('dialog')) {
  dialog.querySelector('.close')?.addEventListener('click', () => dialog.close());
}

// Ctrl/Cmd+Enter outside the editor (inside, the editor's own key binding runs).
addEventListener('keydown', (event) => {
  if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey)) return;
  if (event.target instanceof Element && event.target.closest('.cm-editor')) return;
  event.preventDefault();
  run();
});
// A folder or a .zip dropped anywhere on the page opens it.
addEventListener('dragover', (event) => event.preventDefault());
addEventListener('drop', (event) => {
  event.preventDefault();
  dropped(event.dataTransfer, '');
});
addEventListener('hashchange', openFromHash);
addEventListener('pagehide', save);

async function start() {
  if (await openFromHash()) return;
  const last = await lastProject().catch(() => undefined);
  if (last) return setProject(last);
  try {
    const index = await loadGalleryIndex();
    const first = index.sections?.[0]?.entries?.[0];
    if (first) return await openGallery(first.id);
  } catch {
    // No gallery (or no entry in it): the starter project.
  }
  setProject(makeProject('Untitled', starterFiles(), { pristine: true }));
}

// The simulator starts loading at once, unless the project is a link's (it may not run).
if (!location.hash.includes('project=')) runner.prepare();
globalThis.playgroundReady = start();
