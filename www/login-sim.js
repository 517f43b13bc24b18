// WeChat's login server, simulated in the page when no `wxweb serve` is behind it (a
// static host, the playground on GitHub Pages): wx.login's `POST …/__wxweb/login?appid=`
// is answered here with a fresh code, as `wxweb serve` answers it. A code is 32 letters
// and digits drawn uniformly, works once and expires after 5 minutes; exchanging it
// (`wxweb.loginServer.jscode2session`, the developer's server's side) gives
// `{openid, session_key, expires_in}` or WeChat's `{errcode, errmsg}`, as the server's
// `/sns/jscode2session` does. The openid is the one `wxweb serve` gives the same user.
// wx.getUserInfo needs the server (its answer is signed and encrypted): it still fails.

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const CODE_LENGTH = 32;
const CODE_LIFETIME_MS = 5 * 60 * 1000;
const SESSION_EXPIRES_IN = 2_592_000; // seconds, as the server says
const MAX_LIVE_CODES = 100;
const USER = 'wxweb-user';

/** Answers wx.login in this page; returns `{jscode2session(query)}` for the other side. */
export function simulateLoginServer() {
  const codes = new Map(); // code → {appid, issued, used}
  const pageFetch = globalThis.fetch;
  globalThis.fetch = function fetch(input, init) {
    const appid = loginRequest(input, init);
    if (appid === undefined) return pageFetch.call(this, input, init);
    for (const [code, issued] of codes) {
      if (codes.size < MAX_LIVE_CODES && Date.now() - issued.issued < CODE_LIFETIME_MS) break;
      codes.delete(code); // the oldest first: a Map keeps insertion order
    }
    const code = newCode();
    codes.set(code, { appid, issued: Date.now(), used: false });
    return Promise.resolve(json({ code }));
  };
  return {
    /**
     * The developer's server exchanging a code, as `GET /sns/jscode2session` would:
     * `{appid, secret?, js_code, grant_type?}`. The simulation holds no secret.
     */
    async jscode2session({ appid, js_code: code } = {}) {
      if (!appid) return { errcode: 41002, errmsg: 'appid missing' };
      if (!code) return { errcode: 41008, errmsg: 'missing code' };
      const issued = codes.get(code);
      if (!issued || issued.appid !== appid || Date.now() - issued.issued >= CODE_LIFETIME_MS) {
        return { errcode: 40029, errmsg: 'invalid code' };
      }
      if (issued.used) return { errcode: 40163, errmsg: 'code been used' };
      issued.used = true;
      return {
        openid: await openid(appid, USER),
        session_key: base64(crypto.getRandomValues(new Uint8Array(16))),
        expires_in: SESSION_EXPIRES_IN,
      };
    },
  };
}

// The appid of a `POST /__wxweb/login?appid=…` on this origin, else undefined.
function loginRequest(input, init) {
  if (typeof input !== 'string' || init?.method !== 'POST') return undefined;
  const url = new URL(input, location.href);
  if (url.origin !== location.origin || !url.pathname.endsWith('/__wxweb/login')) return undefined;
  return url.searchParams.get('appid') ?? '';
}

// 32 characters of the 62, each uniform: bytes at or above 248 (4 × 62) are drawn again.
function newCode() {
  let code = '';
  while (code.length < CODE_LENGTH) {
    for (const byte of crypto.getRandomValues(new Uint8Array(CODE_LENGTH))) {
      if (byte < 248 && code.length < CODE_LENGTH) code += ALPHABET[byte % 62];
    }
  }
  return code;
}

// `o` and 27 URL-safe base64 characters of SHA-256("wxweb openid\0" appid "\0" user).
async function openid(appid, user) {
  const text = new TextEncoder().encode(`wxweb openid\0${appid}\0${user}`);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', text));
  return `o${base64(digest).replaceAll('+', '-').replaceAll('/', '_').slice(0, 27)}`;
}

function base64(bytes) {
  return btoa(String.fromCharCode(...bytes));
}

function json(body) {
  return new Response(JSON.stringify(body), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });
}
