// Live reload while `wxweb serve` watches the folder: its Server-Sent Events
// (`__wxweb/events`) name the files that changed. Only .wxss files changed →
// wxweb.reloadStyles (no relaunch: data and scroll position kept; the overlay shows what
// the sheets' compile errors now are). Anything else (.js, .json, .wxml, a sheet added or
// removed, project.config.json) → location.reload(), which relaunches the mini program on
// the same page stack (kept in the history state; storage persists). When the server went
// away and comes back (a `hello` after an error), the page reloads too.

/**
 * Listens for changes to the app in the sub-folder `sub` ('' or 'miniprogram/'), whose
 * files at launch were `manifest` (paths from the app root); `ready` settles when the app
 * has launched; `overlay` is overlay.js's.
 */
export function setupLiveReload({ sub, manifest, overlay, ready }) {
  const events = new EventSource(new URL('__wxweb/events', import.meta.url));
  let launched = false;
  ready.then(
    () => {
      launched = true;
    },
    () => {}, // it failed to start: any change relaunches
  );
  let lost = false;
  let reloading = false;
  let queue = Promise.resolve(); // one change after the other
  events.addEventListener('error', () => {
    lost = true;
  });
  events.addEventListener('hello', () => {
    if (lost) relaunch();
  });
  events.addEventListener('change', (event) => {
    const files = parseFiles(event.data);
    queue = queue.then(() => changed(files));
  });

  function relaunch() {
    if (reloading) return;
    reloading = true;
    events.close();
    location.reload();
  }

  async function changed(files) {
    if (reloading) return;
    if (files.includes('project.config.json')) return relaunch();
    const paths = files
      .filter((file) => file.startsWith(sub))
      .map((file) => file.slice(sub.length));
    if (paths.length === 0) return; // outside the app
    const { reloadStyles } = globalThis.wxweb;
    if (!launched || !reloadStyles || !paths.every((path) => path.endsWith('.wxss'))) {
      return relaunch();
    }
    // A sheet that appeared or went away changes what the pages load: a relaunch.
    const now = await listApp(sub);
    if (!now || paths.some((path) => manifest.includes(path) !== now.has(path))) return relaunch();
    overlay.forget(paths);
    try {
      overlay.add(await reloadStyles(paths));
    } catch {
      relaunch();
    }
  }
}

// The `files` of a change event's data, or [] if it is not what the server sends.
function parseFiles(data) {
  try {
    const { files } = JSON.parse(data);
    return Array.isArray(files) ? files.filter((file) => typeof file === 'string') : [];
  } catch {
    return [];
  }
}

// The app's files now (wxweb serve's manifest), by path from the app root.
async function listApp(sub) {
  try {
    const response = await fetch(new URL('__wxweb/manifest', import.meta.url), {
      cache: 'no-store',
    });
    const { files } = await response.json();
    return new Set(
      files.filter((file) => file.startsWith(sub)).map((file) => file.slice(sub.length)),
    );
  } catch {
    return undefined;
  }
}
