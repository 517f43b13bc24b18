// The authorisation sheets over the device screen, drawn as WeChat 1.x drew them: the
// permission sheet of wx.authorize / wx.getUserInfo ("微信授权", "<name> 申请获得以下权限",
// 拒绝 / 允许) and the settings page of wx.openSetting (a switch per scope asked). The
// Rust side (auth.rs) keeps the answers; this module only builds the DOM and reports them.

const STYLE_ID = 'wx-auth-style';
const FONT = '-apple-system, "PingFang SC", "Helvetica Neue", sans-serif';
const CSS = `
.wx-auth-mask { position: absolute; inset: 0; z-index: 100; background: rgba(0, 0, 0, .6); }
.wx-auth { position: absolute; z-index: 101; left: 50%; top: 50%; transform: translate(-50%, -50%);
  width: 80%; max-width: 300px; border-radius: 6px; background: #fff; overflow: hidden;
  font: 16px/1.4 ${FONT}; color: #353535; }
.wx-auth-head { padding: 14px 20px; border-bottom: 1px solid #e5e5e5; font-size: 15px; color: #353535; }
.wx-auth-app { display: flex; align-items: center; gap: 10px; padding: 18px 20px 6px; font-weight: 600; }
.wx-auth-icon { width: 32px; height: 32px; border-radius: 50%; background: #3cc51f; color: #fff;
  display: flex; align-items: center; justify-content: center; font-size: 16px; flex: none; }
.wx-auth-ask { padding: 6px 20px 4px; }
.wx-auth-scope { padding: 4px 20px 22px 34px; color: #888; font-size: 14px; position: relative; }
.wx-auth-scope::before { content: ""; position: absolute; left: 22px; top: 12px; width: 5px; height: 5px;
  border-radius: 50%; background: #888; }
.wx-auth-buttons { display: flex; border-top: 1px solid #e5e5e5; }
.wx-auth-buttons button { flex: 1; height: 48px; border: 0; background: none; font: 17px ${FONT}; cursor: pointer; }
.wx-auth-buttons button:focus { outline: none; }
.wx-auth-buttons button:focus-visible, .wx-setting-back:focus-visible { background: #ececec; }
.wx-auth-deny { color: #353535; }
.wx-auth-allow { color: #3cc51f; border-left: 1px solid #e5e5e5 !important; }
.wx-setting { position: absolute; inset: 0; z-index: 102; background: #efeff4; font: 16px/1.4 ${FONT};
  color: #353535; display: flex; flex-direction: column; }
.wx-setting-bar { flex: none; height: 44px; display: flex; align-items: center; background: #fff;
  border-bottom: 1px solid #e5e5e5; position: relative; }
.wx-setting-back { border: 0; background: none; font: 16px ${FONT}; color: #353535; padding: 0 12px;
  height: 44px; cursor: pointer; position: relative; z-index: 1; }
.wx-setting-title { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center;
  font-size: 17px; font-weight: 600; }
.wx-setting-note { padding: 18px 15px 6px; color: #888; font-size: 14px; }
.wx-setting-list { background: #fff; border-top: 1px solid #e5e5e5; border-bottom: 1px solid #e5e5e5; }
.wx-setting-row { display: flex; align-items: center; justify-content: space-between; height: 50px;
  margin-left: 15px; padding-right: 15px; }
.wx-setting-row + .wx-setting-row { border-top: 1px solid #e5e5e5; }
.wx-setting-row input { appearance: none; width: 52px; height: 32px; margin: 0; border-radius: 16px;
  background: #dfdfdf; position: relative; cursor: pointer; transition: background .2s; }
.wx-setting-row input::after { content: ""; position: absolute; top: 2px; left: 2px; width: 28px; height: 28px;
  border-radius: 50%; background: #fff; box-shadow: 0 1px 3px rgba(0, 0, 0, .4); transition: transform .2s; }
.wx-setting-row input:checked { background: #04be02; }
.wx-setting-row input:checked::after { transform: translateX(20px); }
`;

function ensureStyle(container) {
  const root = container.getRootNode();
  const scope = root.head ?? root;
  if (!scope.querySelector?.(`#${STYLE_ID}`)) {
    const style = document.createElement('style');
    style.id = STYLE_ID;
    style.textContent = CSS;
    scope.append(style);
  }
}

/** Escape closes the sheet (as the device's back gesture would); returns the release. */
function onEscape(close) {
  const onKey = (event) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    close();
  };
  document.addEventListener('keydown', onKey, true);
  return () => document.removeEventListener('keydown', onKey, true);
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** wx.authorize's permission sheet: resolves with true (允许) or false (拒绝, Escape). */
export function authorizeSheet(container, appName, line) {
  ensureStyle(container);
  return new Promise((resolve) => {
    const mask = element('div', 'wx-auth-mask');
    const box = element('div', 'wx-auth');
    box.setAttribute('role', 'dialog');
    box.setAttribute('aria-modal', 'true');
    const app = element('div', 'wx-auth-app');
    app.append(element('div', 'wx-auth-icon', appName.slice(0, 1)), element('span', '', appName));
    const deny = element('button', 'wx-auth-deny', '拒绝');
    const allow = element('button', 'wx-auth-allow', '允许');
    let release = () => {};
    const close = (allowed) => {
      release();
      mask.remove();
      box.remove();
      resolve(allowed);
    };
    deny.type = 'button';
    allow.type = 'button';
    deny.onclick = () => close(false);
    allow.onclick = () => close(true);
    const buttons = element('div', 'wx-auth-buttons');
    buttons.append(deny, allow);
    box.append(
      element('div', 'wx-auth-head', '微信授权'),
      app,
      element('div', 'wx-auth-ask', '申请获得以下权限：'),
      element('div', 'wx-auth-scope', line),
      buttons,
    );
    container.append(mask, box);
    release = onEscape(() => close(false));
    allow.focus({ preventScroll: true });
  });
}

/**
 * wx.openSetting's settings page: `rows` are [label, allowed] pairs; resolves with the
 * switches' states when the person goes back (the back button, Escape).
 */
export function settingSheet(container, appName, rows) {
  ensureStyle(container);
  return new Promise((resolve) => {
    const page = element('div', 'wx-setting');
    page.setAttribute('role', 'dialog');
    const bar = element('div', 'wx-setting-bar');
    const back = element('button', 'wx-setting-back', '‹ 返回');
    back.type = 'button';
    bar.append(back, element('div', 'wx-setting-title', '设置'));
    const list = element('div', 'wx-setting-list');
    const switches = rows.map(([label, allowed]) => {
      const row = element('label', 'wx-setting-row');
      const toggle = element('input');
      toggle.type = 'checkbox';
      toggle.checked = allowed;
      toggle.setAttribute('role', 'switch');
      toggle.setAttribute('aria-label', label);
      row.append(element('span', '', label), toggle);
      list.append(row);
      return toggle;
    });
    page.append(bar, element('div', 'wx-setting-note', `允许“${appName}”使用我的`), list);
    let release = () => {};
    const close = () => {
      release();
      page.remove();
      resolve(switches.map((toggle) => toggle.checked));
    };
    back.onclick = close;
    container.append(page);
    release = onEscape(close);
  });
}
