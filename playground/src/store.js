// The playground's projects kept in the browser (IndexedDB, database "wxweb-playground"):
// store "projects" holds each project ({id, name, files, folders, trusted, updated}; its
// images as Blobs, which IndexedDB keeps as they are), store "meta" the id of the last one.

import { fileTable } from './project.js';

const DB_NAME = 'wxweb-playground';

let opening;

function open() {
  opening ??= new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore('projects', { keyPath: 'id' });
      request.result.createObjectStore('meta');
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  return opening;
}

// Runs `work(stores)` in one transaction over `names`; resolves with the result of the
// request it returns (if any) once the transaction has committed.
async function transact(names, mode, work) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(names, mode);
    const request = work(...names.map((name) => tx.objectStore(name)));
    tx.oncomplete = () => resolve(request?.result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

/** Saves `project` (a copy of it) and makes it the last one. */
export function saveProject(project) {
  const record = { ...project, files: { ...project.files }, folders: [...project.folders] };
  return transact(['projects', 'meta'], 'readwrite', (projects, meta) => {
    projects.put(record);
    meta.put(project.id, 'last');
  });
}

/** The last project saved, or undefined. */
export async function lastProject() {
  const id = await transact(['meta'], 'readonly', (meta) => meta.get('last'));
  return id === undefined ? undefined : loadProject(id);
}

/** The project saved with `id` (its files in a fileTable), or undefined. */
export async function loadProject(id) {
  const project = await transact(['projects'], 'readonly', (projects) => projects.get(id));
  if (project) project.files = fileTable(project.files);
  return project;
}

/** All projects saved, {id, name, updated} of each, the latest first. */
export async function listProjects() {
  const all = await transact(['projects'], 'readonly', (projects) => projects.getAll());
  return all
    .map(({ id, name, updated }) => ({ id, name, updated }))
    .sort((a, b) => b.updated - a.updated);
}

export function deleteProject(id) {
  return transact(['projects'], 'readwrite', (projects) => projects.delete(id));
}
