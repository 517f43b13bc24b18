// The npm package that `cargo xtask build` writes to pkg/, as the tests that use it as a
// dependency see it: `linkPackage(dir)` makes `dir/node_modules/wxweb` a link to pkg/, as
// `npm install <path to pkg>` does, so TypeScript and Vite resolve `wxweb` through the
// package's own package.json (its `exports` map).
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PKG = fileURLToPath(new URL('../../pkg/', import.meta.url));

/** Why a test of the package skips (no build), or false: `test(name, { skip: NO_PKG }, …)`. */
export const NO_PKG =
  !existsSync(join(PKG, 'package.json')) && 'needs the built package pkg/: run `cargo xtask build`';

/** Links `dir/node_modules/wxweb` to pkg/ (replacing an older link); returns the link. */
export function linkPackage(dir) {
  const link = join(dir, 'node_modules', 'wxweb');
  mkdirSync(dirname(link), { recursive: true });
  rmSync(link, { force: true, recursive: true });
  symlinkSync(relative(dirname(link), PKG), link, 'dir');
  return link;
}

/** The names of the methods of `export interface <name>…` in the package's wxweb.d.ts. */
export function declaredMethods(name) {
  const dts = readFileSync(join(PKG, 'wxweb.d.ts'), 'utf8');
  const start = dts.search(new RegExp(`^export interface ${name}\\b`, 'm'));
  if (start < 0) throw new Error(`wxweb.d.ts declares no interface ${name}`);
  const body = dts.slice(start, dts.indexOf('\n}\n', start));
  return [...body.matchAll(/^\s+(\w+)[<(]/gm)].map((match) => match[1]).sort();
}

/** The functions interface `name` declares for the modern profile only (`ModernOnly<P, …>`). */
export function declaredModernOnly(name) {
  const dts = readFileSync(join(PKG, 'wxweb.d.ts'), 'utf8');
  const start = dts.search(new RegExp(`^export interface ${name}\\b`, 'm'));
  const body = dts.slice(start, dts.indexOf('\n}\n', start));
  return [...body.matchAll(/^\s+(\w+): ModernOnly</gm)].map((match) => match[1]).sort();
}
