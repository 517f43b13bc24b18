// wx.openDocument's view over the device screen: a bar with the file's name and a back
// button, and below it either the browser's PDF viewer or a page offering the file for
// download. document.rs decides which and answers the wx call; this module builds the
// DOM and revokes the blob: URL when the view closes (back button or Escape).

const STYLE_ID = 'wx-document-style';
const CSS = `
.wx-document { position: absolute; inset: 0; z-index: 150; display: flex; flex-direction: column;
  background: #fff; font: 16px/1.4 -apple-system, "PingFang SC", "Helvetica Neue", sans-serif; }
.wx-document-bar { display: flex; align-items: center; height: 44px; flex: none; background: #f7f7f7;
  border-bottom: 1px solid #e5e5e5; }
.wx-document-back { width: 44px; height: 44px; border: 0; background: none; font-size: 28px; cursor: pointer; }
.wx-document-title { flex: 1; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; text-align: center;
  margin-right: 44px; font-weight: 600; }
.wx-document-frame { flex: 1; width: 100%; border: 0; }
.wx-document-download { flex: 1; display: flex; flex-direction: column; align-items: center; justify-content: center;
  gap: 14px; padding: 24px; text-align: center; color: #353535; }
.wx-document-icon { width: 64px; height: 80px; border-radius: 6px; background: #2b7bd3; color: #fff;
  display: flex; align-items: flex-end; justify-content: center; padding-bottom: 10px; box-sizing: border-box;
  font-weight: 700; font-size: 15px; }
.wx-document-note { color: #888; font-size: 14px; }
.wx-document-link { display: inline-block; padding: 9px 28px; border-radius: 5px; background: #1aad19; color: #fff;
  text-decoration: none; }
`;

let current = null; // the one document view on screen: {view, url, release}

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
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function close() {
  if (!current) return;
  current.release();
  current.view.remove();
  URL.revokeObjectURL(current.url);
  current = null;
}

/** Shows the document at the blob: URL `url`, named `name`, replacing any shown before. */
export function openDocument(container, url, name, viewer) {
  ensureStyle(container);
  close();
  const view = element('div', 'wx-document');
  view.setAttribute('role', 'dialog');
  view.dataset.view = viewer ? 'viewer' : 'download';
  const bar = element('div', 'wx-document-bar');
  const back = element('button', 'wx-document-back', '‹');
  back.type = 'button';
  back.setAttribute('aria-label', '返回');
  back.onclick = close;
  bar.append(back, element('div', 'wx-document-title', name));
  view.append(bar);
  if (viewer) {
    const frame = element('iframe', 'wx-document-frame');
    frame.title = name;
    frame.src = url;
    view.append(frame);
  } else {
    const page = element('div', 'wx-document-download');
    const extension = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toUpperCase() : '';
    const link = element('a', 'wx-document-link', '下载文件');
    link.href = url;
    link.download = name;
    page.append(element('div', 'wx-document-icon', extension), element('div', 'wx-document-name', name),
      element('div', 'wx-document-note', '浏览器无法预览此类文件，可下载后用其他应用打开'), link);
    view.append(page);
  }
  container.append(view);
  const onKey = (event) => { if (event.key === 'Escape') { event.preventDefault(); close(); } };
  document.addEventListener('keydown', onKey, true);
  current = { view, url, release: () => document.removeEventListener('keydown', onKey, true) };
}
