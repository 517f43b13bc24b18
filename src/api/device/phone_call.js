// wx.makePhoneCall's two faces: on a phone, the dialer through a tel: link; in the
// simulator or on a desktop, an overlay on the device screen with the number, a call
// button (the tel: link itself, for a desktop softphone) and a cancel.

/** Follows `uri` (a tel: link) as a tap on a link would. */
export function dial(uri) {
  const link = document.createElement('a');
  link.href = uri;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
}

/** Whether the page runs on a phone: a touch screen as the main pointer, or a phone's browser. */
export function isPhone() {
  return (
    matchMedia('(pointer: coarse)').matches || /\b(Android|iPhone|iPod)\b/.test(navigator.userAgent)
  );
}

const CSS = `
.wx-call-mask { position: absolute; inset: 0; z-index: 100; background: rgba(0, 0, 0, .6); }
.wx-call { position: absolute; z-index: 101; left: 0; right: 0; bottom: 0; background: #efeff4;
  font: 18px/1.4 -apple-system, "PingFang SC", "Helvetica Neue", sans-serif; animation: wx-call-rise .2s ease-out; }
@keyframes wx-call-rise { from { transform: translateY(100%); } }
.wx-call-number { padding: 14px 16px 10px; background: #fff; text-align: center; color: #888; font-size: 13px; }
.wx-call-number strong { display: block; color: #000; font-size: 22px; font-weight: 500; letter-spacing: .5px; }
.wx-call a, .wx-call button { display: block; box-sizing: border-box; width: 100%; height: 50px; border: 0;
  border-top: 1px solid #e5e5e5; background: #fff; color: #000; font: inherit; line-height: 49px; text-align: center;
  text-decoration: none; cursor: pointer; }
.wx-call a:focus-visible, .wx-call button:focus-visible { outline: none; background: #ececec; }
.wx-call a { color: #1aad19; }
.wx-call .wx-call-cancel { margin-top: 6px; border-top: 0; }
`;

/**
 * Shows the number with a call button and a cancel; resolves with true when the person
 * follows the call link, false when they cancel (the cancel button, the mask, Escape).
 */
export function showPhoneCall(container, number, uri) {
  const root = container.getRootNode();
  const scope = root.head ?? root;
  if (!scope.querySelector?.('#wx-call-style')) {
    const style = document.createElement('style');
    style.id = 'wx-call-style';
    style.textContent = CSS;
    scope.append(style);
  }
  return new Promise((resolve) => {
    const mask = document.createElement('div');
    mask.className = 'wx-call-mask';
    const sheet = document.createElement('div');
    sheet.className = 'wx-call';
    sheet.setAttribute('role', 'dialog');
    const shown = document.createElement('div');
    shown.className = 'wx-call-number';
    const strong = document.createElement('strong');
    strong.textContent = number;
    shown.append(strong, 'Phone number');
    const call = document.createElement('a');
    call.className = 'wx-call-dial';
    call.href = uri;
    call.textContent = '呼叫';
    const cancel = document.createElement('button');
    cancel.type = 'button';
    cancel.className = 'wx-call-cancel';
    cancel.textContent = '取消';
    sheet.append(shown, call, cancel);
    const onKey = (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        close(false);
      }
    };
    function close(called) {
      document.removeEventListener('keydown', onKey, true);
      mask.remove();
      sheet.remove();
      resolve(called);
    }
    call.addEventListener('click', () => close(true)); // the link is still followed
    cancel.onclick = () => close(false);
    mask.onclick = () => close(false);
    document.addEventListener('keydown', onKey, true);
    container.append(mask, sheet);
    call.focus({ preventScroll: true });
  });
}
