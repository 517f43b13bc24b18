// The file tree: the project's folders and files as nested lists of buttons (Tab and Enter
// reach and open each), folders folding on a click. Files dropped on a folder (images…) are
// added to it; `onDrop(dataTransfer, folder)` decides what a drop means.
import { allFolders } from './project.js';

export function createTree(root, { onSelect, onDrop }) {
  const folded = new Set();
  let project;
  let selected;

  root.addEventListener('dragover', (event) => {
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    const target = event.target.closest('[data-folder]');
    for (const element of root.querySelectorAll('.drop-target'))
      element.classList.remove('drop-target');
    (target ?? root).classList.add('drop-target');
  });
  root.addEventListener('dragleave', (event) => {
    if (!root.contains(event.relatedTarget)) {
      for (const element of root.querySelectorAll('.drop-target')) {
        element.classList.remove('drop-target');
      }
      root.classList.remove('drop-target');
    }
  });
  root.addEventListener('drop', (event) => {
    event.preventDefault();
    event.stopPropagation();
    for (const element of root.querySelectorAll('.drop-target'))
      element.classList.remove('drop-target');
    root.classList.remove('drop-target');
    const folder = event.target.closest('[data-folder]')?.dataset.folder ?? '';
    onDrop(event.dataTransfer, folder);
  });

  function item(path, kind, depth) {
    const name = path.slice(path.lastIndexOf('/') + 1);
    const button = document.createElement('button');
    button.type = 'button';
    button.className = `tree-item ${kind}`;
    button.style.setProperty('--depth', depth);
    button.dataset.path = path;
    button.dataset.kind = kind;
    if (kind === 'folder') {
      button.dataset.folder = path;
      button.setAttribute('aria-expanded', String(!folded.has(path)));
    }
    button.setAttribute('aria-current', String(path === selected));
    button.textContent = name;
    button.addEventListener('click', () => {
      if (kind === 'folder') {
        if (folded.has(path) && path === selected) folded.delete(path);
        else if (path === selected) folded.add(path);
      }
      onSelect(path, kind);
    });
    return button;
  }

  function render() {
    const folders = allFolders(project);
    const entries = [
      ...folders.map((path) => ({ path, kind: 'folder' })),
      ...Object.keys(project.files).map((path) => ({ path, kind: 'file' })),
    ];
    // Folders first at each level, then by name.
    entries.sort((a, b) => compare(a, b));
    const list = document.createElement('ul');
    for (const { path, kind } of entries) {
      const parents = path.split('/').slice(0, -1);
      if (parents.some((_, i) => folded.has(parents.slice(0, i + 1).join('/')))) continue;
      const li = document.createElement('li');
      if (kind === 'folder') li.dataset.folder = path;
      li.append(item(path, kind, parents.length));
      list.append(li);
    }
    root.replaceChildren(list);
  }

  return {
    /** Shows `nextProject`'s files, `path` selected. */
    show(nextProject, path) {
      project = nextProject;
      selected = path;
      render();
    },
  };
}

// Tree order: a folder's contents right after it; in a folder, folders before files.
function compare(a, b) {
  const pa = a.path.split('/');
  const pb = b.path.split('/');
  for (let i = 0; i < Math.min(pa.length, pb.length); i += 1) {
    if (pa[i] === pb[i]) continue;
    const aFolder = i < pa.length - 1 || a.kind === 'folder';
    const bFolder = i < pb.length - 1 || b.kind === 'folder';
    if (aFolder !== bFolder) return aFolder ? -1 : 1;
    return pa[i] < pb[i] ? -1 : 1;
  }
  return pa.length - pb.length;
}
