// The developer panels beside the device: Console, AppData, WXML, Storage and Network, one
// tab each, as in WeChat's developer tools. A panel's module (www/panels/<name>.js) is
// loaded the first time its tab is chosen, with its style sheet (www/panels/<name>.css),
// and exports `mount(container)`, which may return
// `{ shown() }`, called each time the tab is chosen again. The chosen tab is remembered
// for the session (sessionStorage), so a reload (live reload, a device switch) keeps it.
// The Network panel listens from the start, so it lists the calls made before it is shown.

import { listen as listenToNetwork } from './panels/network.js';

const TAB_KEY = 'wxweb.panel';
const tabs = document.getElementById('panel-tabs');
const mounted = new Map(); // name → Promise of what mount() returned

/** Wires up the tabs and shows the remembered one (Console at first). */
export function setupPanels() {
  listenToNetwork(); // the Network panel records every call from the start, shown or not
  tabs.addEventListener('click', (event) => {
    const tab = event.target.closest('[data-panel]');
    if (tab) showPanel(tab.dataset.panel);
  });
  tabs.addEventListener('keydown', (event) => {
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    if (!step) return;
    const names = [...tabs.querySelectorAll('[data-panel]')].map((tab) => tab.dataset.panel);
    const next = names[(names.indexOf(currentPanel()) + step + names.length) % names.length];
    showPanel(next);
    document.getElementById(`tab-${next}`).focus();
  });
  showPanel(rememberedPanel());
}

/** The name of the panel shown ('console', 'appdata', …). */
export function currentPanel() {
  return tabs.querySelector('[aria-selected="true"]')?.dataset.panel ?? 'console';
}

/** Shows the panel `name`, loading its module the first time. */
export function showPanel(name) {
  const container = document.getElementById(`panel-${name}`);
  if (!container) return;
  for (const tab of tabs.querySelectorAll('[data-panel]')) {
    const selected = tab.dataset.panel === name;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
    document.getElementById(`panel-${tab.dataset.panel}`).hidden = !selected;
  }
  try {
    sessionStorage.setItem(TAB_KEY, name);
  } catch {
    // Storage disabled: the tab is not remembered.
  }
  if (name === 'console') return; // console.js sets it up at start, to catch every log
  if (!mounted.has(name)) {
    const sheet = document.createElement('link');
    sheet.rel = 'stylesheet';
    sheet.href = new URL(`./panels/${name}.css`, import.meta.url).href;
    document.head.append(sheet);
    const loading = import(`./panels/${name}.js`).then((panel) => panel.mount(container));
    mounted.set(name, loading);
    loading.catch((error) => {
      container.textContent = `The ${name} panel failed to load: ${error?.message ?? error}`;
    });
  } else {
    mounted.get(name).then((panel) => panel?.shown?.());
  }
}

function rememberedPanel() {
  try {
    return sessionStorage.getItem(TAB_KEY) ?? 'console';
  } catch {
    return 'console';
  }
}
