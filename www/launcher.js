// The page launcher (the developer tools' "compile mode"), under the panels' header: a page
// of app.json and a query; Launch relaunches the mini program on that page with that query
// (App.onLaunch and the page's onLoad see them). The choice is remembered per project
// (localStorage) and used whenever the simulator opens with no page in its URL; Reset
// forgets it and relaunches on app.json's first page.

const KEY = 'wxweb.launcher';

/**
 * Builds the launcher in `container` for the project `key` (appid and folder) whose
 * app.json lists `pages`. Call it before launch(): opened with no page in its URL (no
 * history state, no `#/route`), the simulator then starts on the remembered choice.
 */
export function setupLauncher(container, { key, pages }) {
  const remembered = load(key, pages);
  if (remembered && !history.state?.wxweb && !location.hash.startsWith('#/')) {
    show(remembered);
  }
  const select = document.createElement('select');
  select.id = 'launcher-page';
  select.append(...pages.map((page) => new Option(page, page)));
  const query = document.createElement('input');
  query.id = 'launcher-query';
  query.type = 'text';
  query.spellcheck = false;
  query.placeholder = 'query, e.g. id=1&type=a';
  const launch = button('launcher-launch', 'Launch', 'Relaunch on this page with this query');
  const reset = button(
    'launcher-reset',
    'Reset',
    "Forget the choice: launch on app.json's first page",
  );
  const form = document.createElement('form');
  form.append(label('Launch on', select), label('?', query), launch, reset);
  container.replaceChildren(form);
  select.value = remembered?.route ?? pages[0] ?? '';
  query.value = remembered?.query ?? '';
  container.classList.toggle('remembered', Boolean(remembered));

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const choice = { route: select.value, query: query.value.trim().replace(/^\?/, '') };
    if (!choice.route) return;
    save(key, choice);
    relaunch(choice);
  });
  reset.addEventListener('click', () => {
    save(key, undefined);
    if (pages[0]) relaunch({ route: pages[0], query: '' });
  });
}

function button(id, text, title) {
  const element = document.createElement('button');
  element.id = id;
  element.type = id === 'launcher-launch' ? 'submit' : 'button';
  element.textContent = text;
  element.title = title;
  return element;
}

function label(text, control) {
  const element = document.createElement('label');
  element.append(text, control);
  return element;
}

// Puts `route` with `query` alone on the page stack the runtime restores (history.js).
function show({ route, query }) {
  history.replaceState(
    { wxweb: [[route, query]] },
    '',
    query ? `#/${route}?${query}` : `#/${route}`,
  );
}

function relaunch(choice) {
  show(choice);
  location.reload();
}

// The remembered {route, query} of project `key`, if its page is still in app.json.
function load(key, pages) {
  try {
    const saved = JSON.parse(localStorage.getItem(`${KEY}:${key}`));
    if (pages.includes(saved?.route))
      return { route: saved.route, query: String(saved.query ?? '') };
  } catch {
    // Storage disabled or the value is not ours: nothing remembered.
  }
  return undefined;
}

function save(key, choice) {
  try {
    if (choice) localStorage.setItem(`${KEY}:${key}`, JSON.stringify(choice));
    else localStorage.removeItem(`${KEY}:${key}`);
  } catch {
    // Storage full or disabled: the choice holds for this launch only.
  }
}
