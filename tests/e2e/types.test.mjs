// The package's TypeScript types (src/typescript.d.ts, in pkg/wxweb.d.ts): a host page's
// sample compiles against them (types/browser), wxweb's `wx` fits miniprogram-api-typings
// (types/miniprogram), both with `strict` and `skipLibCheck: false`; and the `Wx` and
// `AppWx` interfaces list exactly the functions that createWx's and launch's `wx` have.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { declaredMethods, declaredModernOnly, linkPackage, NO_PKG } from './npm-package.mjs';
import { launch, openSimulator } from './support.mjs';

const TYPES = fileURLToPath(new URL('types/', import.meta.url));
const TSC = fileURLToPath(new URL('node_modules/typescript/bin/tsc', import.meta.url));

before(() => {
  if (!NO_PKG) linkPackage(TYPES);
});

function tsc(project) {
  const run = spawnSync(process.execPath, [TSC, '-p', `${TYPES}${project}`], { encoding: 'utf8' });
  assert.equal(run.status, 0, `tsc -p types/${project} failed:\n${run.stdout}${run.stderr}`);
}

test('a host page compiles against the types (strict, skipLibCheck off)', { skip: NO_PKG }, () =>
  tsc('browser'),
);

test('wx fits miniprogram-api-typings (strict, skipLibCheck off)', { skip: NO_PKG }, () =>
  tsc('miniprogram'),
);

let browser;
after(() => browser?.close());

test('Wx and AppWx declare exactly the functions wx has', { skip: NO_PKG }, async () => {
  browser = await launch();
  const page = await openSimulator(await browser.newContext());
  const names = await page.evaluate(async () => {
    const functions = (wx) => Object.keys(wx).filter((name) => typeof wx[name] === 'function');
    const { createWx } = await import(new URL('pkg/wxweb.js', location.href).href);
    return {
      created: functions(await createWx({ appid: 'typestest' })).sort(),
      modern: functions(await createWx({ appid: 'typestest', profile: 'modern' })).sort(),
      launched: functions(globalThis.wx).sort(),
    };
  });
  const wx = declaredMethods('Wx');
  assert.deepEqual(wx, names.created, 'Wx: the functions of createWx(…)');
  const modern = [...wx, ...declaredModernOnly('Wx')].sort();
  assert.deepEqual(modern, names.modern, "Wx<'modern'>: the functions of the modern createWx(…)");
  const appWx = [...wx, ...declaredMethods('AppWx')].sort();
  assert.deepEqual(appWx, names.launched, 'Wx and AppWx: the functions of launch(…)');
});
