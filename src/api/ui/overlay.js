// The interface's overlays over the device screen: toast, loading, modal and action sheet, drawn as
// WeChat draws them. The Rust side (feedback.rs) checks the options and answers the wx
// call; this module only builds the DOM and reports what the person chose.

const STYLE_ID = 'wx-overlay-style';
const CSS = `
.wx-toast-mask, .wx-modal-mask, .wx-sheet-mask { position: absolute; inset: 0; z-index: 100; }
.wx-modal-mask, .wx-sheet-mask { background: rgba(0, 0, 0, .6); }
.wx-toast { position: absolute; z-index: 101; left: 50%; top: 45%; transform: translate(-50%, -50%);
  min-width: 120px; max-width: 70%; min-height: 120px; box-sizing: border-box; padding: 16px 12px 14px;
  border-radius: 6px; background: rgba(17, 17, 17, .7); color: #fff; text-align: center;
  display: flex; flex-direction: column; align-items: center; justify-content: center; gap: 10px;
  font: 16px/1.4 -apple-system, "PingFang SC", "Helvetica Neue", sans-serif; pointer-events: none; }
.wx-toast.wx-toast-text { min-height: 0; padding: 10px 16px; }
.wx-toast-icon { width: 55px; height: 55px; }
.wx-toast-loading { width: 38px; height: 38px; margin: 8px; border: 3px solid rgba(255,255,255,.25);
  border-top-color: #fff; border-radius: 50%; animation: wx-spin 1s linear infinite; }
@keyframes wx-spin { to { transform: rotate(360deg); } }
.wx-modal { position: absolute; z-index: 101; left: 50%; top: 50%; transform: translate(-50%, -50%);
  width: 80%; max-width: 300px; border-radius: 6px; background: #fff; overflow: hidden; text-align: center;
  font: 17px/1.4 -apple-system, "PingFang SC", "Helvetica Neue", sans-serif; }
.wx-modal-title { padding: 20px 24px 6px; font-weight: 600; }
.wx-modal-content { padding: 6px 24px 22px; color: #888; font-size: 15px; white-space: pre-wrap; word-break: break-word; }
.wx-modal-title:empty + .wx-modal-content { padding-top: 28px; color: #353535; font-size: 17px; }
.wx-modal-buttons { display: flex; border-top: 1px solid #e5e5e5; }
.wx-modal-buttons button { flex: 1; height: 48px; border: 0; background: none; font: inherit; cursor: pointer; }
.wx-modal-buttons button + button { border-left: 1px solid #e5e5e5; }
.wx-modal-buttons button:focus-visible, .wx-sheet button:focus-visible { outline: none; background: #ececec; }
.wx-sheet { position: absolute; z-index: 101; left: 0; right: 0; bottom: 0; background: #efeff4;
  font: 18px/1.4 -apple-system, "PingFang SC", "Helvetica Neue", sans-serif; animation: wx-rise .2s ease-out; }
@keyframes wx-rise { from { transform: translateY(100%); } }
.wx-sheet button { display: block; width: 100%; height: 50px; border: 0; border-top: 1px solid #e5e5e5;
  background: #fff; font: inherit; cursor: pointer; }
.wx-sheet button:first-child { border-top: 0; }
.wx-sheet .wx-sheet-cancel { margin-top: 6px; border-top: 0; }
`;

const SUCCESS_ICON =
  '<svg class="wx-toast-icon" viewBox="0 0 55 55" fill="none" stroke="#fff" stroke-width="4" stroke-linecap="round" stroke-linejoin="round"><path d="M14 28l9 9 18-19"/></svg>';

// The one toast or loading on screen (they share WeChat's slot): {parts, timer, kind}.
let toast = null;

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

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** wx.showToast: replaces the toast or loading on screen; hides itself after `duration` ms. */
export function showToast(container, title, icon, mask, duration) {
  const current = showBox(container, title, icon, mask, 'toast');
  current.timer = setTimeout(() => {
    if (toast === current) hideToast('');
  }, duration);
}

/** wx.showLoading: a spinner and `title`, replacing the toast or loading; no timer. */
export function showLoading(container, title, mask) {
  showBox(container, title, 'loading', mask, 'loading');
}

function showBox(container, title, icon, mask, kind) {
  ensureStyle(container);
  hideToast('');
  const layer = element('div', mask ? 'wx-toast-mask' : '');
  const box = element('div', 'wx-toast');
  box.setAttribute('role', 'status');
  if (icon === 'success') box.insertAdjacentHTML('beforeend', SUCCESS_ICON);
  else if (icon === 'loading') box.append(element('div', 'wx-toast-loading'));
  else box.classList.add('wx-toast-text');
  box.append(element('div', 'wx-toast-title', title));
  const parts = mask ? [layer, box] : [box];
  container.append(...parts);
  toast = { parts, timer: 0, kind };
  return toast;
}

/**
 * wx.hideToast and wx.hideLoading: hide what is in the shared slot, or with `only`
 * ('toast' or 'loading', their `noConflict`) only that kind.
 */
export function hideToast(only) {
  if (!toast || (only && toast.kind !== only)) return;
  clearTimeout(toast.timer);
  for (const part of toast.parts) part.remove();
  toast = null;
}

/** Keeps the person's choice on the overlay: Enter and Escape, and focus inside. */
function keys(_layer, onEnter, onEscape) {
  const onKey = (event) => {
    if (event.key === 'Enter' && onEnter) {
      event.preventDefault();
      onEnter();
    }
    if (event.key === 'Escape' && onEscape) {
      event.preventDefault();
      onEscape();
    }
  };
  document.addEventListener('keydown', onKey, true);
  return () => document.removeEventListener('keydown', onKey, true);
}

/** wx.showModal: resolves with true (confirm) or false (cancel). */
export function showModal(container, options) {
  ensureStyle(container);
  return new Promise((resolve) => {
    const mask = element('div', 'wx-modal-mask');
    const box = element('div', 'wx-modal');
    box.setAttribute('role', 'dialog');
    box.setAttribute('aria-modal', 'true');
    const buttons = element('div', 'wx-modal-buttons');
    let release = () => {};
    const close = (confirm) => {
      release();
      mask.remove();
      box.remove();
      resolve(confirm);
    };
    if (options.showCancel) {
      const cancel = element('button', 'wx-modal-cancel', options.cancelText);
      cancel.type = 'button';
      cancel.style.color = options.cancelColor;
      cancel.onclick = () => close(false);
      buttons.append(cancel);
    }
    const confirm = element('button', 'wx-modal-confirm', options.confirmText);
    confirm.type = 'button';
    confirm.style.color = options.confirmColor;
    confirm.onclick = () => close(true);
    buttons.append(confirm);
    box.append(
      element('div', 'wx-modal-title', options.title),
      element('div', 'wx-modal-content', options.content),
      buttons,
    );
    container.append(mask, box);
    release = keys(box, () => close(true), options.showCancel ? () => close(false) : null);
    confirm.focus({ preventScroll: true });
  });
}

/** wx.showActionSheet: resolves with the tapped index, or -1 for cancel. */
export function showActionSheet(container, items, color) {
  ensureStyle(container);
  return new Promise((resolve) => {
    const mask = element('div', 'wx-sheet-mask');
    const sheet = element('div', 'wx-sheet');
    sheet.setAttribute('role', 'menu');
    let release = () => {};
    const close = (index) => {
      release();
      mask.remove();
      sheet.remove();
      resolve(index);
    };
    items.forEach((text, index) => {
      const item = element('button', 'wx-sheet-item', text);
      item.type = 'button';
      item.style.color = color;
      item.setAttribute('role', 'menuitem');
      item.onclick = () => close(index);
      sheet.append(item);
    });
    const cancel = element('button', 'wx-sheet-cancel', '取消');
    cancel.type = 'button';
    cancel.onclick = () => close(-1);
    sheet.append(cancel);
    mask.onclick = () => close(-1);
    container.append(mask, sheet);
    release = keys(sheet, null, () => close(-1));
    sheet.querySelector('button')?.focus({ preventScroll: true });
  });
}

/**
 * What the 1.x components <modal>, <toast>, <loading> and <action-sheet> (components.js)
 * draw with: this module's CSS, added to an element's root by `style(element)`, and the
 * toast's success icon.
 */
export function overlayKit() {
  return { style: ensureStyle, successIcon: SUCCESS_ICON };
}
