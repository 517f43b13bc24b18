// The `wxweb:network` events (issue 16, what the Network panel lists): the exact sequence
// and fields for requests (GET with JSON, POST with a string body, 404, timeout, abort,
// invalid url, parameter errors, the seed's limit, a domain not in the project's list),
// uploadFile, downloadFile, a socket with text and binary frames both ways and a close
// code, and a request through the proxy, against a real `wxweb serve` (a second one is
// the cross-origin host); none when nobody asked for them.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launch, openSimulator, startServer } from './support.mjs';

let browser;
let page;
let server;
let other; // a second wxweb serve: the cross-origin host
before(async () => {
  [server, other, browser] = await Promise.all([startServer(), startServer(), launch()]);
  page = await openSimulator(await browser.newContext(), '', server.url);
  // The page-side recorder: asks for the events, listens before the calls run, and
  // returns every event's detail once `run` has settled.
  await page.evaluate(() => {
    globalThis.wxweb.inspectNetwork = true;
    globalThis.recordNetwork = async (run) => {
      const events = [];
      const listen = (event) => events.push(event.detail);
      addEventListener('wxweb:network', listen);
      try {
        await run();
      } finally {
        removeEventListener('wxweb:network', listen);
      }
      return events;
    };
    // wx[api](options) as a Promise of its result (success or fail).
    globalThis.settle = (api, options, wxObject = wx) =>
      new Promise((resolve) => {
        wxObject[api]({ ...options, success: resolve, fail: resolve });
      });
  });
});
after(async () => {
  await browser?.close();
  server?.stop();
  other?.stop();
});

const on = (base, path) => new URL(path, base).href;
const START_KEYS = [
  'id',
  'kind',
  'phase',
  'time',
  'method',
  'url',
  'proxied',
  'requestHeaders',
  'requestBody',
  'requestSize',
];
const END_KEYS = [
  'id',
  'kind',
  'phase',
  'time',
  'status',
  'responseHeaders',
  'responseBody',
  'responseSize',
  'errMsg',
  'duration',
];

/** Checks a call's two events: their keys, shared id and kind, times; returns them. */
function pair(events, kind) {
  assert.deepEqual(
    events.map((e) => e.phase),
    ['start', 'end'],
  );
  const [start, end] = events;
  assert.deepEqual(Object.keys(start), START_KEYS);
  assert.deepEqual(Object.keys(end), END_KEYS);
  assert.equal(start.kind, kind);
  assert.equal(end.kind, kind);
  assert.equal(end.id, start.id);
  assert.ok(Number.isInteger(start.id) && start.id > 0, 'a positive integer id');
  assert.ok(start.time > 0 && end.time >= start.time, 'performance.now() times');
  assert.ok(Math.abs(end.duration - (end.time - start.time)) < 1e-6, 'duration = end - start');
  return [start, end];
}

/** The fields of a failed call's `end`. */
function failed(end, errMsg) {
  assert.deepEqual(
    {
      status: end.status,
      responseHeaders: end.responseHeaders,
      responseBody: end.responseBody,
      responseSize: end.responseSize,
      errMsg: end.errMsg,
    },
    { status: null, responseHeaders: {}, responseBody: null, responseSize: null, errMsg },
  );
}

test('a GET with a JSON response: start, then end with the body as text', async () => {
  const url = on(server.url, '__wxweb/test/echo/get?a=1');
  const events = await page.evaluate(
    (url) => recordNetwork(() => settle('request', { url, data: { b: 'ü' } })),
    url,
  );
  const [start, end] = pair(events, 'request');
  assert.deepEqual(
    { ...start, id: 0, time: 0 },
    {
      id: 0,
      kind: 'request',
      phase: 'start',
      time: 0,
      method: 'GET',
      url: `${url}&b=%C3%BC`,
      proxied: false,
      requestHeaders: { 'content-type': 'application/json' },
      requestBody: null,
      requestSize: 0,
    },
  );
  assert.equal(end.status, 200);
  assert.equal(end.errMsg, 'request:ok');
  assert.equal(end.responseHeaders['content-type'], 'application/json');
  const echoed = JSON.parse(end.responseBody);
  assert.deepEqual([echoed.method, echoed.query], ['GET', { a: '1', b: 'ü' }]);
  assert.equal(end.responseSize, Buffer.byteLength(end.responseBody));
  assert.equal(end.responseHeaders['content-length'], String(end.responseSize));
});

test('a POST with a string body and a custom header: the body and headers as sent', async () => {
  const url = on(server.url, '__wxweb/test/echo/post');
  const body = 'héllo wörld 你好';
  const events = await page.evaluate(
    ([url, body]) =>
      recordNetwork(() =>
        settle('request', {
          url,
          method: 'POST',
          data: body,
          header: { 'X-Custom': 'yes', 'Content-Type': 'text/plain' },
        }),
      ),
    [url, body],
  );
  const [start, end] = pair(events, 'request');
  assert.deepEqual(
    [start.method, start.url, start.proxied, start.requestHeaders],
    ['POST', url, false, { 'X-Custom': 'yes', 'Content-Type': 'text/plain' }],
  );
  assert.equal(start.requestBody, body);
  assert.equal(start.requestSize, Buffer.byteLength(body));
  assert.equal(end.status, 200);
  const echoed = JSON.parse(end.responseBody);
  assert.equal(echoed.body, body);
  assert.equal(echoed.headers['x-custom'], 'yes');
  assert.equal(end.errMsg, 'request:ok');
});

test('binary bodies are null with their size; text over 1 MiB is null too', async () => {
  const echo = on(server.url, '__wxweb/test/echo/bin');
  const bytes = (n, type) => on(server.url, `__wxweb/test/bytes/${n}?type=${type}`);
  const result = await page.evaluate(
    async ([echo, big, binary]) => ({
      sent: await recordNetwork(() =>
        settle('request', { url: echo, method: 'POST', data: new Uint8Array(300).buffer }),
      ),
      // JSON read as an ArrayBuffer is still shown as text.
      json: await recordNetwork(() =>
        settle('request', { url: echo, responseType: 'arraybuffer' }),
      ),
      big: await recordNetwork(() => settle('request', { url: big, dataType: 'text' })),
      binary: await recordNetwork(() =>
        settle('request', { url: binary, responseType: 'arraybuffer' }),
      ),
    }),
    [echo, bytes(2 * 1024 * 1024, 'text/plain'), bytes(1000, 'image/png')],
  );
  const [sentStart, sentEnd] = pair(result.sent, 'request');
  assert.deepEqual([sentStart.requestBody, sentStart.requestSize], [null, 300]);
  assert.equal(JSON.parse(sentEnd.responseBody).bodyLength, 300);
  const [, jsonEnd] = pair(result.json, 'request');
  assert.equal(JSON.parse(jsonEnd.responseBody).path, '/__wxweb/test/echo/bin');
  assert.equal(jsonEnd.responseSize, Buffer.byteLength(jsonEnd.responseBody));
  const [, bigEnd] = pair(result.big, 'request');
  assert.deepEqual([bigEnd.status, bigEnd.responseBody], [200, null]);
  assert.ok(bigEnd.responseSize >= 2 * 1024 * 1024, `${bigEnd.responseSize}`);
  const [, binaryEnd] = pair(result.binary, 'request');
  assert.deepEqual(
    [binaryEnd.responseHeaders['content-type'], binaryEnd.responseBody, binaryEnd.responseSize],
    ['image/png', null, 1000],
  );
});

test('a 404 is a success with its status, headers and body', async () => {
  const url = on(server.url, '__wxweb/test/status/404');
  const events = await page.evaluate((url) => recordNetwork(() => settle('request', { url })), url);
  const [, end] = pair(events, 'request');
  assert.equal(end.status, 404);
  assert.equal(end.responseHeaders['x-wxweb-test'], 'status');
  assert.equal(end.responseBody, '{"status":404}');
  assert.equal(end.responseSize, 14);
  assert.equal(end.errMsg, 'request:ok');
});

test('a timeout, an abort and an invalid url end with their fail texts', async () => {
  const delayed = on(server.url, '__wxweb/test/delay/2000');
  const result = await page.evaluate(async (delayed) => {
    const { createWx } = await import('/pkg/wxweb.js');
    const quick = await createWx({ appid: 'events-timeout', networkTimeout: { request: 200 } });
    const timeout = await recordNetwork(() => settle('request', { url: delayed }, quick));
    const abort = await recordNetwork(
      () =>
        new Promise((resolve) => {
          const task = wx.request({ url: delayed, fail: resolve, success: resolve });
          setTimeout(() => task.abort(), 50);
        }),
    );
    const invalid = await recordNetwork(() =>
      settle('request', { url: 'ftp://example.com/x', header: { 'X-A': '1' } }),
    );
    return { timeout, abort, invalid };
  }, delayed);

  const [timeoutStart, timeoutEnd] = pair(result.timeout, 'request');
  assert.equal(timeoutStart.url, delayed);
  failed(timeoutEnd, 'request:fail timeout');
  assert.ok(timeoutEnd.duration >= 190 && timeoutEnd.duration < 1500, `${timeoutEnd.duration}`);

  const [, abortEnd] = pair(result.abort, 'request');
  failed(abortEnd, 'request:fail abort');
  assert.ok(abortEnd.duration < 1500, 'ended by the abort, not the server');

  const [start, end] = pair(result.invalid, 'request');
  assert.deepEqual(
    [start.method, start.url, start.proxied, start.requestHeaders, start.requestBody],
    ['GET', 'ftp://example.com/x', false, { 'X-A': '1' }, null],
  );
  failed(end, 'request:fail invalid url "ftp://example.com/x"');
});

test('calls refused with a parameter error get their events, with the errMsg', async () => {
  const url = on(server.url, '__wxweb/test/echo');
  const result = await page.evaluate(async (url) => {
    const refused = async (api, options) => {
      let res;
      const events = await recordNetwork(async () => {
        res = await settle(api, options);
      });
      return { events, errMsg: res.errMsg };
    };
    return [
      await refused('request', { url: 5 }),
      await refused('request', { url, method: 'fetch' }),
      await refused('uploadFile', { url, filePath: 'wxfile://x' }),
      await refused('downloadFile', {}),
      await refused('connectSocket', { url: 'ws://example.com/', header: 7 }),
    ];
  }, url);
  const [noUrl, badMethod, noName, nothing, badHeader] = result;
  assert.match(noUrl.errMsg, /^request:fail parameter error: parameter\.url should be String/);
  for (const { events, errMsg } of [noUrl, badMethod]) {
    const [, end] = pair(events, 'request');
    failed(end, errMsg);
  }
  assert.deepEqual([noUrl.events[0].method, noUrl.events[0].url], ['GET', '']);
  assert.deepEqual([badMethod.events[0].method, badMethod.events[0].url], ['FETCH', url]);
  assert.match(badMethod.errMsg, /parameter\.method/);
  const [upStart, upEnd] = pair(noName.events, 'uploadFile');
  assert.deepEqual([upStart.method, upStart.url], ['POST', url]);
  failed(upEnd, noName.errMsg);
  assert.match(noName.errMsg, /^uploadFile:fail parameter error: parameter\.name/);
  failed(pair(nothing.events, 'downloadFile')[1], nothing.errMsg);
  assert.match(badHeader.errMsg, /^connectSocket:fail parameter error: parameter\.header/);
  assert.deepEqual(
    badHeader.events.map(({ phase, url, errMsg }) => ({ phase, url, errMsg })),
    [
      { phase: 'start', url: 'ws://example.com/', errMsg: undefined },
      { phase: 'error', url: undefined, errMsg: badHeader.errMsg },
    ],
  );
});

test('the seed limit: the 6th request at once ends failed before it is sent', async () => {
  const url = on(server.url, '__wxweb/test/delay/300?group=events6');
  const events = await page.evaluate(
    (url) =>
      recordNetwork(() => Promise.all([0, 1, 2, 3, 4, 5].map(() => settle('request', { url })))),
    url,
  );
  assert.equal(events.length, 12);
  const ids = [...new Set(events.map((e) => e.id))];
  assert.equal(ids.length, 6, 'one id per call');
  const sixth = events.filter((e) => e.id === ids[5]);
  const [, end] = pair(sixth, 'request');
  failed(end, 'request:fail request exceeds the limit of 5 network requests at the same time');
  // The sixth ends before any of the five.
  assert.ok(events.indexOf(end) < events.findIndex((e) => e.phase === 'end' && e !== end));
});

test('downloadFile and uploadFile: the file as the body, sizes, responses', async () => {
  const download = on(server.url, '__wxweb/test/bytes/1000?name=a.bin');
  const upload = on(server.url, '__wxweb/test/upload');
  const result = await page.evaluate(
    async ([download, upload]) => {
      let filePath;
      const downloaded = await recordNetwork(async () => {
        filePath = (await settle('downloadFile', { url: download })).tempFilePath;
      });
      const uploaded = await recordNetwork(() =>
        settle('uploadFile', {
          url: upload,
          filePath,
          name: 'file',
          formData: { user: 'test' },
          header: { 'X-Up': '1' },
        }),
      );
      const aborted = await recordNetwork(
        () =>
          new Promise((resolve) => {
            const task = wx.downloadFile({
              url: new URL('__wxweb/test/delay/2000', location.href).href,
              success: resolve,
              fail: resolve,
            });
            setTimeout(() => task.abort(), 50);
          }),
      );
      return { filePath, downloaded, uploaded, aborted };
    },
    [download, upload],
  );

  const [downStart, downEnd] = pair(result.downloaded, 'downloadFile');
  assert.deepEqual(
    [downStart.method, downStart.url, downStart.proxied, downStart.requestBody],
    ['GET', download, false, null],
  );
  assert.equal(downEnd.status, 200);
  assert.equal(downEnd.responseHeaders['content-type'], 'application/octet-stream');
  assert.equal(downEnd.responseHeaders['content-length'], '1000');
  assert.deepEqual([downEnd.responseBody, downEnd.responseSize], [null, 1000]);
  assert.equal(downEnd.errMsg, 'downloadFile:ok');

  const [upStart, upEnd] = pair(result.uploaded, 'uploadFile');
  assert.deepEqual(
    [upStart.method, upStart.url, upStart.proxied, upStart.requestHeaders],
    ['POST', upload, false, { 'X-Up': '1' }],
  );
  assert.deepEqual(JSON.parse(upStart.requestBody), {
    filePath: result.filePath,
    name: 'file',
    formData: { user: 'test' },
  });
  assert.equal(upStart.requestSize, 1000);
  assert.equal(upEnd.status, 200);
  const parts = JSON.parse(upEnd.responseBody).parts;
  assert.deepEqual(
    parts.map((p) => [p.name, p.size]),
    [
      ['user', 4],
      ['file', 1000],
    ],
  );
  assert.equal(upEnd.responseSize, Buffer.byteLength(upEnd.responseBody));
  assert.equal(upEnd.errMsg, 'uploadFile:ok');

  const [, abortEnd] = pair(result.aborted, 'downloadFile');
  failed(abortEnd, 'downloadFile:fail abort');
});

test('a socket: start, open, text and binary frames both ways, the close code', async () => {
  const url = `${server.url.replace(/^http/, 'ws')}__wxweb/test/ws`;
  const events = await page.evaluate(
    (url) =>
      recordNetwork(
        () =>
          new Promise((resolve) => {
            wx.onSocketOpen(() => wx.sendSocketMessage({ data: 'hello' }));
            wx.onSocketMessage(({ data }) => {
              if (typeof data === 'string')
                wx.sendSocketMessage({ data: new Uint8Array([1, 2, 3]).buffer });
              else wx.sendSocketMessage({ data: 'close:4001:bye' });
            });
            wx.onSocketClose(resolve);
            wx.connectSocket({ url, data: { group: 'events' }, header: { 'X-Not-Sent': '1' } });
          }),
      ),
    url,
  );
  const strip = ({ id, kind, time, ...rest }) => rest;
  assert.ok(events.every((e) => e.kind === 'socket' && e.id === events[0].id));
  assert.ok(events.every((e, i) => i === 0 || e.time >= events[i - 1].time));
  assert.deepEqual(events.map(strip), [
    {
      phase: 'start',
      url: `${url}?group=events`,
      proxied: false,
      requestHeaders: { 'X-Not-Sent': '1' },
      protocols: [],
    },
    { phase: 'open' },
    { phase: 'send', data: 'hello', size: 5, binary: false },
    { phase: 'receive', data: 'hello', size: 5, binary: false },
    { phase: 'send', data: null, size: 3, binary: true },
    { phase: 'receive', data: null, size: 3, binary: true },
    { phase: 'send', data: 'close:4001:bye', size: 14, binary: false },
    { phase: 'close', code: 4001, reason: 'bye' },
  ]);
  assert.deepEqual(Object.keys(events[0]).slice(0, 4), ['id', 'kind', 'phase', 'time']);

  const refused = await page.evaluate(() =>
    recordNetwork(() => settle('connectSocket', { url: 'http://example.com/' })),
  );
  assert.deepEqual(refused.map(strip), [
    {
      phase: 'start',
      url: 'http://example.com/',
      proxied: false,
      requestHeaders: {},
      protocols: [],
    },
    { phase: 'error', errMsg: 'connectSocket:fail invalid url "http://example.com/"' },
  ]);
});

test('modern profile: a SocketTask closed by the program with its code', async () => {
  const context = await browser.newContext();
  try {
    const modern = await openSimulator(context, '?profile=modern', server.url);
    const url = `${server.url.replace(/^http/, 'ws')}__wxweb/test/ws`;
    const events = await modern.evaluate(
      (url) =>
        new Promise((resolve) => {
          globalThis.wxweb.inspectNetwork = true;
          const events = [];
          addEventListener('wxweb:network', (event) => events.push(event.detail));
          const task = wx.connectSocket({ url, protocols: [] });
          task.onOpen(() => task.send({ data: 'ping' }));
          task.onMessage(() => task.close({ code: 4000, reason: 'done' }));
          task.onClose(() => resolve(events));
        }),
      url,
    );
    assert.deepEqual(
      events.map(({ phase, data, code, reason }) => ({ phase, data, code, reason })),
      [
        { phase: 'start', data: undefined, code: undefined, reason: undefined },
        { phase: 'open', data: undefined, code: undefined, reason: undefined },
        { phase: 'send', data: 'ping', code: undefined, reason: undefined },
        { phase: 'receive', data: 'ping', code: undefined, reason: undefined },
        { phase: 'close', data: undefined, code: 4000, reason: 'done' },
      ],
    );
  } finally {
    await context.close();
  }
});

test('a cross-origin request through the proxy: proxied, with the headers the program set', async () => {
  const url = on(
    other.url,
    `__wxweb/test/echo/x?setCookie=${encodeURIComponent('sid=abc; Path=/')}`,
  );
  const result = await page.evaluate(
    async (url) => ({
      request: await recordNetwork(() =>
        settle('request', { url, method: 'PUT', data: { a: 1 }, header: { cookie: 'mine=1' } }),
      ),
      download: await recordNetwork(() => settle('downloadFile', { url })),
    }),
    url,
  );
  const [start, end] = pair(result.request, 'request');
  assert.deepEqual(
    [start.method, start.url, start.proxied, start.requestHeaders, start.requestBody],
    ['PUT', url, true, { cookie: 'mine=1', 'content-type': 'application/json' }, '{"a":1}'],
  );
  assert.equal(end.status, 200);
  assert.equal(end.responseHeaders['set-cookie'], 'sid=abc; Path=/');
  assert.equal(end.responseHeaders['x-wxweb-set-cookie'], undefined);
  const echoed = JSON.parse(end.responseBody);
  assert.equal(echoed.headers.cookie, 'mine=1', 'the server got what the event shows');
  assert.equal(echoed.method, 'PUT');
  const [downStart, downEnd] = pair(result.download, 'downloadFile');
  assert.deepEqual([downStart.url, downStart.proxied], [url, true]);
  assert.equal(downEnd.responseHeaders['set-cookie'], 'sid=abc; Path=/');
  // A text file (JSON here) is shown as text, its size the file's.
  assert.equal(JSON.parse(downEnd.responseBody).method, 'GET');
  assert.equal(downEnd.responseSize, Buffer.byteLength(downEnd.responseBody));
  assert.equal(downEnd.errMsg, 'downloadFile:ok');
});

test("a domain the project's list refuses: proxied, then the fail text", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wxweb-netev-domains-'));
  writeFileSync(
    join(dir, 'project.config.json'),
    JSON.stringify({
      appid: 'wxnetevdomains1',
      setting: { urlCheck: true },
      domains: { request: [] },
    }),
  );
  const checked = await startServer([dir]);
  const context = await browser.newContext();
  try {
    const checkedPage = await openSimulator(context, '', checked.url);
    const url = on(other.url, '__wxweb/test/echo');
    const events = await checkedPage.evaluate(
      (url) =>
        new Promise((resolve) => {
          globalThis.wxweb.inspectNetwork = true;
          const events = [];
          addEventListener('wxweb:network', (event) => events.push(event.detail));
          wx.request({ url, complete: () => resolve(events) });
        }),
      url,
    );
    const [start, end] = pair(events, 'request');
    assert.deepEqual([start.url, start.proxied], [url, true]);
    failed(end, 'request:fail url not in domain list');
  } finally {
    await context.close();
    checked.stop();
  }
});

test('no events unless wxweb.inspectNetwork is true', async () => {
  const url = on(server.url, '__wxweb/test/echo');
  const events = await page.evaluate(async (url) => {
    globalThis.wxweb.inspectNetwork = false;
    try {
      return await recordNetwork(() => settle('request', { url }));
    } finally {
      globalThis.wxweb.inspectNetwork = true;
    }
  }, url);
  assert.deepEqual(events, []);
});
