// The browser names that wxweb.d.ts uses, for a project without lib.dom (which
// miniprogram-api-typings cannot share a program with).
interface Element {}
interface HTMLElement extends Element {}
interface Response {}
interface URL {}
interface Blob {}
type RequestInfo = string;
type BufferSource = ArrayBuffer;
declare namespace WebAssembly {
  interface Memory {}
  interface Module {}
  interface Table {}
}
