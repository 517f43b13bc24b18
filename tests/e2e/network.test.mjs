// Network through the served simulator against the real wxweb serve: every method,
// encodings, statuses, timeouts, aborts, the concurrency limits measured at the server,
// 5 MB uploads and downloads with progress, WebSockets, and the cross-origin proxy.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { network as examples } from './seed-examples.mjs';
import { BASE_URL, launch, logsAfter, openSimulator, run, startServer } from './support.mjs';

let browser;
let page;
let other; // a second wxweb serve: the cross-origin host
before(async () => {
  browser = await launch();
  page = await openSimulator(await browser.newContext());
  other = await startServer();
});
after(async () => {
  await browser?.close();
  other?.stop();
});

/** wx.request (or another task API) as a Promise of {ok, res} in the page. */
function call(api, options, wxName = 'wx') {
  return page.evaluate(
    ([api, options, wxName]) =>
      new Promise((resolve) => {
        globalThis[wxName][api]({
          ...options,
          success: (res) => resolve({ ok: true, res }),
          fail: (res) => resolve({ ok: false, res }),
        });
      }),
    [api, options, wxName],
  );
}

const echo = (path = '') => new URL(`__wxweb/test/echo${path}`, BASE_URL).href;
const ws = (query = '') => `${BASE_URL.replace(/^http/, 'ws')}__wxweb/test/ws${query}`;
const pattern = (n) => Buffer.from(Array.from({ length: n }, (_, i) => i % 251));
const sha256 = (buffer) => createHash('sha256').update(buffer).digest('hex');

test('every method reaches the server, TRACE and CONNECT through the proxy', async () => {
  for (const method of ['OPTIONS', 'GET', 'POST', 'PUT', 'DELETE', 'TRACE']) {
    const { ok, res } = await call('request', {
      url: echo('/m'),
      method,
      data: method === 'GET' ? {} : 'body',
    });
    assert.ok(ok, `${method}: ${res.errMsg}`);
    assert.equal(res.statusCode, 200, method);
    assert.equal(res.data.method, method);
    assert.equal(res.errMsg, 'request:ok');
  }
  const head = await call('request', { url: echo(), method: 'HEAD' });
  assert.deepEqual([head.ok, head.res.statusCode, head.res.data], [true, 200, '']);
  // HTTP sends CONNECT in authority form (to the host, not a path): the target answers
  // it as it will (our server: 404), and any status is a success.
  const connect = await call('request', { url: echo(), method: 'CONNECT' });
  assert.deepEqual(
    [connect.ok, connect.res.statusCode, connect.res.errMsg],
    [true, 404, 'request:ok'],
  );
});

test('data is encoded the way WeChat does it', async () => {
  const get = await call('request', { url: echo('?a=1'), data: { x: '', y: 'a b', z: { n: 1 } } });
  assert.deepEqual(get.res.data.query, { a: '1', x: '', y: 'a b', z: '{"n":1}' });
  assert.equal(
    get.res.data.headers['content-type'],
    'application/json',
    'the default content-type',
  );

  const json = await call('request', { url: echo(), method: 'POST', data: { x: 1, list: [true] } });
  assert.equal(json.res.data.body, '{"x":1,"list":[true]}');
  const form = await call('request', {
    url: echo(),
    method: 'POST',
    data: { x: 1, y: 'a&b' },
    header: { 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(form.res.data.body, 'x=1&y=a%26b');
  const text = await call('request', { url: echo(), method: 'PUT', data: 'plain text' });
  assert.equal(text.res.data.body, 'plain text');
  const binary = await page.evaluate(
    () =>
      new Promise((resolve) =>
        wx.request({
          url: new URL('__wxweb/test/echo', location.href).href,
          method: 'POST',
          data: new Uint8Array([1, 2, 3]).buffer,
          success: (res) => resolve(res.data.bodyLength),
        }),
      ),
  );
  assert.equal(binary, 3);
  const headers = await call('request', { url: echo(), header: { 'X-Token': 'abc' } });
  assert.equal(headers.res.data.headers['x-token'], 'abc');
});

test('any HTTP status is a success; data types and response types', async () => {
  for (const code of [201, 204, 301, 404, 500, 503]) {
    const { ok, res } = await call('request', {
      url: new URL(`__wxweb/test/status/${code}`, BASE_URL).href,
    });
    assert.deepEqual([ok, res.statusCode], [true, code]);
    assert.equal(res.errMsg, 'request:ok');
    assert.equal(typeof res.header, 'object');
  }
  const bytes = (n, type) => new URL(`__wxweb/test/bytes/${n}?type=${type}`, BASE_URL).href;
  const notJson = await call('request', { url: bytes(10, 'text/plain') });
  assert.equal(typeof notJson.res.data, 'string', 'dataType json keeps a non-JSON body as text');
  assert.equal(notJson.res.data.length, 10);
  const asText = await call('request', { url: echo(), dataType: 'text' });
  assert.equal(typeof asText.res.data, 'string');
  assert.equal(JSON.parse(asText.res.data).method, 'GET');
  const buffer = await page.evaluate(
    (url) =>
      new Promise((resolve) =>
        wx.request({
          url,
          responseType: 'arraybuffer',
          success: (res) =>
            resolve({
              isBuffer: res.data instanceof ArrayBuffer,
              bytes: [...new Uint8Array(res.data)],
            }),
        }),
      ),
    bytes(300, 'application/octet-stream'),
  );
  assert.equal(buffer.isBuffer, true);
  assert.deepEqual(buffer.bytes, [...pattern(300)]);
});

test('timeouts and aborts fail once and free their slot', async () => {
  const result = await page.evaluate(async () => {
    const { createWx } = await import('/pkg/wxweb.js');
    const quick = await createWx({ appid: 'network-timeouts', networkTimeout: { request: 200 } });
    const delayed = (ms) => new URL(`__wxweb/test/delay/${ms}`, location.href).href;
    const outcome = (options) =>
      new Promise((resolve) => {
        const seen = [];
        const task = quick.request({
          ...options,
          success: (res) => seen.push(`success ${res.statusCode}`),
          fail: (res) => seen.push(res.errMsg),
          complete: () => setTimeout(() => resolve({ seen, task }), 50),
        });
        options.then?.(task);
      });
    const timeout = await outcome({ url: delayed(2000) });
    const aborted = await outcome({
      url: delayed(2000),
      // biome-ignore lint/suspicious/noThenProperty: wx.request's options may carry any field
      then: (task) => setTimeout(() => task.abort(), 20),
    });
    const done = await outcome({ url: delayed(0) });
    done.task.abort();
    // Five slots: after 2 failures and an abort-after-completion, five more still run.
    const five = await Promise.all([1, 2, 3, 4, 5].map(() => outcome({ url: delayed(10) })));
    return {
      timeout: timeout.seen,
      aborted: aborted.seen,
      done: done.seen,
      five: five.map((o) => o.seen),
    };
  });
  assert.deepEqual(result.timeout, ['request:fail timeout']);
  assert.deepEqual(result.aborted, ['request:fail abort']);
  assert.deepEqual(result.done, ['success 200'], 'abort after completion is a no-op');
  assert.deepEqual(result.five, Array(5).fill(['success 200']));
});

test('seed profile: 5 requests at once, the 6th fails at once', async () => {
  await fetch(new URL('__wxweb/test/stats?group=seed6', BASE_URL), { method: 'DELETE' });
  const outcomes = await page.evaluate(() => {
    const url = new URL('__wxweb/test/delay/400?group=seed6', location.href).href;
    return Promise.all(
      [0, 1, 2, 3, 4, 5].map(
        () =>
          new Promise((resolve) =>
            wx.request({
              url,
              success: (res) => resolve(`ok ${res.statusCode}`),
              fail: (res) => resolve(res.errMsg),
            }),
          ),
      ),
    );
  });
  assert.deepEqual(outcomes.slice(0, 5), Array(5).fill('ok 200'));
  assert.match(outcomes[5], /^request:fail .*limit of 5/);
  const stats = await (await fetch(new URL('__wxweb/test/stats?group=seed6', BASE_URL))).json();
  assert.equal(stats.max, 5);
});

test('modern profile: 25 requests all succeed, never more than 10 in flight', async () => {
  await fetch(new URL('__wxweb/test/stats?group=modern25', BASE_URL), { method: 'DELETE' });
  const outcomes = await page.evaluate(async () => {
    const { createWx } = await import('/pkg/wxweb.js');
    const modern = await createWx({ appid: 'network-modern', profile: 'modern' });
    // Chrome opens at most 6 HTTP/1.1 connections per host: two host names for the same
    // server let the browser run 12, so only wx's own limit can hold it to 10.
    const hosts = [location.href, location.href.replace('127.0.0.1', 'localhost')];
    return Promise.all(
      Array.from(
        { length: 25 },
        (_, i) =>
          new Promise((resolve) =>
            modern.request({
              url: new URL('__wxweb/test/delay/150?group=modern25', hosts[i % 2]).href,
              success: (res) => resolve(res.statusCode),
              fail: (res) => resolve(res.errMsg),
            }),
          ),
      ),
    );
  });
  assert.deepEqual(outcomes, Array(25).fill(200));
  const stats = await (await fetch(new URL('__wxweb/test/stats?group=modern25', BASE_URL))).json();
  assert.deepEqual([stats.max, stats.total], [10, 25]);
});

test('5 MB down and up again, with progress, the checksum intact', async () => {
  const size = 5 * 1024 * 1024;
  const result = await page.evaluate(async (size) => {
    const base = location.href;
    const progress = { down: [], up: [] };
    const downloaded = await new Promise((resolve) => {
      const task = wx.downloadFile({
        url: new URL(`__wxweb/test/bytes/${size}?name=big.bin`, base).href,
        success: resolve,
        fail: resolve,
      });
      task.onProgressUpdate((p) => progress.down.push(p));
    });
    const uploaded = await new Promise((resolve) => {
      const task = wx.uploadFile({
        url: new URL('__wxweb/test/upload', base).href,
        filePath: downloaded.tempFilePath,
        name: 'file',
        formData: { user: 'test' },
        success: resolve,
        fail: resolve,
      });
      task.onProgressUpdate((p) => progress.up.push(p));
    });
    const last = (list) => list[list.length - 1];
    return {
      downloaded,
      uploaded: { ...uploaded, data: JSON.parse(uploaded.data) },
      down: { count: progress.down.length, last: last(progress.down) },
      up: { count: progress.up.length, last: last(progress.up) },
    };
  }, size);
  assert.equal(result.downloaded.statusCode, 200);
  assert.match(result.downloaded.tempFilePath, /^wxfile:\/\/tmp_[0-9a-f]{32}\.bin$/);
  assert.equal(result.downloaded.errMsg, 'downloadFile:ok');
  assert.ok(result.down.count > 1, 'several download progress events');
  assert.deepEqual(result.down.last, {
    progress: 100,
    totalBytesWritten: size,
    totalBytesExpectedToWrite: size,
  });
  assert.equal(result.uploaded.errMsg, 'uploadFile:ok');
  assert.equal(result.uploaded.statusCode, 200);
  const [user, file] = [
    result.uploaded.data.parts.find((p) => p.name === 'user'),
    result.uploaded.data.parts.find((p) => p.name === 'file'),
  ];
  assert.equal(user.value, 'test');
  assert.equal(file.size, size);
  assert.equal(file.sha256, sha256(pattern(size)));
  assert.ok(result.up.count >= 1, 'upload progress events');
  assert.deepEqual(result.up.last, {
    progress: 100,
    totalBytesSent: result.up.last.totalBytesExpectedToSend,
    totalBytesExpectedToSend: result.up.last.totalBytesExpectedToSend,
  });
});

test('a download answered 404 succeeds without a temporary file', async () => {
  const { ok, res } = await call('downloadFile', {
    url: new URL('__wxweb/test/bytes/10?status=404', BASE_URL).href,
  });
  assert.equal(ok, true);
  assert.deepEqual(res, { statusCode: 404, errMsg: 'downloadFile:ok' });
});

test('the seed socket API: open, messages, close, in order', async () => {
  await fetch(new URL('__wxweb/test/ws-stats?group=order', BASE_URL), { method: 'DELETE' });
  const events = await page.evaluate(
    (url) =>
      new Promise((resolve) => {
        const events = [];
        wx.onSocketOpen(() => {
          events.push('open');
          wx.sendSocketMessage({ data: 'hello' });
          wx.sendSocketMessage({ data: new Uint8Array([7, 8, 9]).buffer });
        });
        wx.onSocketMessage((res) => {
          events.push(
            typeof res.data === 'string'
              ? `text ${res.data}`
              : `binary ${[...new Uint8Array(res.data)]}`,
          );
          if (events.length === 3) wx.sendSocketMessage({ data: 'close:4001:bye' });
        });
        wx.onSocketClose((res) => {
          events.push(`close ${res.code} ${res.reason}`);
          resolve(events);
        });
        wx.connectSocket({ url, fail: (res) => resolve([res.errMsg]) });
        wx.sendSocketMessage({ data: 'too early', fail: (res) => events.push(res.errMsg) });
      }),
    ws('?group=order'),
  );
  assert.deepEqual(events, [
    'sendSocketMessage:fail WebSocket is not connected',
    'open',
    'text hello',
    'binary 7,8,9',
    'close 4001 bye',
  ]);
});

test('connecting again closes the old socket, and the server sees it', async () => {
  await fetch(new URL('__wxweb/test/ws-stats?group=again', BASE_URL), { method: 'DELETE' });
  await page.evaluate(
    (url) =>
      new Promise((resolve) => {
        let opened = 0;
        wx.onSocketOpen(() => {
          opened += 1;
          if (opened === 1) wx.connectSocket({ url });
          else resolve();
        });
        wx.connectSocket({ url });
      }),
    ws('?group=again'),
  );
  await page.waitForTimeout(200);
  const stats = await (await fetch(new URL('__wxweb/test/ws-stats?group=again', BASE_URL))).json();
  assert.deepEqual([stats.opened, stats.open, stats.closed], [2, 1, 1]);
  assert.deepEqual(stats.lastClose, { code: 1000, reason: 'reconnect' });
  await page.evaluate(() => new Promise((resolve) => wx.closeSocket({ complete: resolve })));
});

test("the seed's socket examples run verbatim; the message queue flushes on open", async () => {
  const mark = page.logs.length;
  for (const example of Object.values(examples)) await run(page, example);
  const source = examples.socketQueue.replace("'test.php'", JSON.stringify(ws('?group=queue')));
  const echoed = await page.evaluate(
    (source) =>
      new Promise((resolve) => {
        const received = [];
        wx.onSocketMessage((res) => {
          received.push(res.data);
          if (received.length === 2) resolve(received);
        });
        // biome-ignore lint/security/noGlobalEval: runs the seed example verbatim, as the page would
        globalThis.eval(source);
        sendSocketMessage('first');
        sendSocketMessage('second');
      }),
    source,
  );
  assert.deepEqual(echoed, ['first', 'second']);
  await page.evaluate(() => new Promise((resolve) => wx.closeSocket({ complete: resolve })));
  assert.ok(!(await logsAfter(page, mark, 0)).some((l) => String(l).startsWith('pageerror')));
});

test('the modern profile: SocketTasks, up to 5 at once', async () => {
  const result = await page.evaluate(async (url) => {
    const { createWx } = await import('/pkg/wxweb.js');
    const modern = await createWx({ appid: 'network-sockets', profile: 'modern' });
    const tasks = Array.from({ length: 5 }, () => modern.connectSocket({ url }));
    await Promise.all(tasks.map((task) => new Promise((resolve) => task.onOpen(resolve))));
    const sixth = await new Promise((resolve) =>
      modern.connectSocket({ url, fail: (res) => resolve(res.errMsg) }),
    );
    const reply = await new Promise((resolve) => {
      tasks[2].onMessage((res) => resolve(res.data));
      tasks[2].send({ data: 'via task' });
    });
    const closes = await Promise.all(
      tasks.map(
        (task, i) =>
          new Promise((resolve) => {
            task.onClose((res) => resolve(res.code));
            task.close({ code: 4000 + i });
          }),
      ),
    );
    return { sixth, reply, closes };
  }, ws('?group=modern'));
  assert.match(result.sixth, /^connectSocket:fail .*5 sockets/);
  assert.equal(result.reply, 'via task');
  assert.deepEqual(result.closes, [4000, 4001, 4002, 4003, 4004]);
});

test('cross-origin requests go through the proxy, faithfully', async () => {
  const target = new URL('__wxweb/test/echo/path?q=1', other.url).href;
  const { ok, res } = await call('request', {
    url: target,
    method: 'PUT',
    data: { hello: 'world' },
    header: { 'X-Custom': 'yes' },
  });
  assert.ok(ok, res.errMsg);
  assert.equal(res.data.method, 'PUT');
  assert.equal(res.data.path, '/__wxweb/test/echo/path');
  assert.deepEqual(res.data.query, { q: '1' });
  assert.equal(res.data.body, '{"hello":"world"}');
  assert.equal(res.data.headers['x-custom'], 'yes');
  assert.match(res.data.headers.referer, /^https:\/\/servicewechat\.com\/touristappid\//);
  const status = await call('request', { url: new URL('__wxweb/test/status/418', other.url).href });
  assert.equal(status.res.statusCode, 418);
  const file = await call('downloadFile', {
    url: new URL('__wxweb/test/bytes/1000?name=a.txt', other.url).href,
  });
  assert.match(file.res.tempFilePath, /\.txt$/);
});

test("cookies: the browser's stay home, the mini program's go and come back in res.header", async () => {
  // A cookie of wxweb's origin (another local app's session on 127.0.0.1 looks the same).
  await page.evaluate(() => {
    // biome-ignore lint/suspicious/noDocumentCookie: the test sets a cookie of the page's own
    document.cookie = 'browser_own=1; path=/';
  });
  const url = new URL(
    `__wxweb/test/echo?setCookie=${encodeURIComponent('sid=abc; Path=/')}`,
    other.url,
  ).href;
  const { ok, res } = await call('request', { url, header: { cookie: 'mine=1' } });
  assert.ok(ok, res.errMsg);
  assert.equal(res.data.headers.cookie, 'mine=1');
  assert.equal(res.header['set-cookie'], 'sid=abc; Path=/');
  assert.equal(res.header['x-wxweb-set-cookie'], undefined);
  assert.match(res.header['content-security-policy'], /sandbox/);
  // Cookies ignore ports: had the browser stored sid for the other server, the page would see it.
  assert.equal(await page.evaluate(() => document.cookie), 'browser_own=1');
  await page.evaluate(() => {
    // biome-ignore lint/suspicious/noDocumentCookie: the test clears the page's own cookie
    document.cookie = 'browser_own=; max-age=0; path=/';
  });
});

test('hostile and invalid targets fail cleanly', async () => {
  for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'ftp://example.com/x']) {
    const { ok, res } = await call('request', { url });
    assert.deepEqual([ok, res.errMsg], [false, `request:fail invalid url "${url}"`]);
  }
  const loop = new URL(`__wxweb/proxy?url=${encodeURIComponent(echo())}`, other.url).href;
  const looped = await call('request', { url: loop });
  assert.equal(looped.res.errMsg, 'request:fail proxy loop refused');
  for (const target of [
    'file:///etc/passwd',
    'ftp://example.com/',
    'http://user:pw@example.com/',
    'not a url',
  ]) {
    const response = await fetch(
      new URL(`__wxweb/proxy?url=${encodeURIComponent(target)}`, BASE_URL),
    );
    assert.ok(response.status >= 400, target);
    assert.ok(response.headers.get('x-wxweb-proxy-error'), target);
  }
});

test('the domain list of project.config.json, as the developer tools check it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wxweb-domains-'));
  const allowed = new URL(other.url).origin;
  writeFileSync(
    join(dir, 'project.config.json'),
    JSON.stringify({
      appid: 'wxdomaincheck01',
      setting: { urlCheck: true },
      domains: { request: [allowed] },
    }),
  );
  const checked = await startServer([dir]);
  const third = await startServer();
  try {
    const context = await browser.newContext();
    const checkedPage = await openSimulator(context, '', checked.url);
    const attempt = (url) =>
      checkedPage.evaluate(
        (url) =>
          new Promise((resolve) =>
            wx.request({
              url,
              success: (res) => resolve(`ok ${res.statusCode}`),
              fail: (res) => resolve(res.errMsg),
            }),
          ),
        url,
      );
    assert.equal(await attempt(new URL('__wxweb/test/echo', other.url).href), 'ok 200');
    assert.equal(
      await attempt(new URL('__wxweb/test/echo', third.url).href),
      'request:fail url not in domain list',
    );
    await context.close();
  } finally {
    checked.stop();
    third.stop();
  }
});
