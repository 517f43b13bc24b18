// wxweb's `wx` (the launched one, modern profile) against miniprogram-api-typings'
// WechatMiniprogram.Wx, function by function, for the functions both have:
// - arguments: what a mini program passes under their types (callbacks aside), ours accept;
// - results: each field ours give has their type (ours give the 2016 fields, fewer);
// - returned objects (tasks, contexts, sync results): likewise, member by member.
import type { AppWx } from 'wxweb';

type Ours = AppWx<'modern'>;
type Theirs = WechatMiniprogram.Wx;
type Shared = keyof Ours & keyof Theirs;

type Fn = (...args: never[]) => unknown;
type Args<F> = F extends (...args: infer A) => unknown ? A : never;
type Returned<F> = F extends (...args: never[]) => infer R ? R : never;
type Fields<O> = O extends Fn ? O : O extends object ? Omit<O, 'success' | 'fail' | 'complete'> : O;
type FieldsOf<A> = { [I in keyof A]: Fields<A[I]> };
type Success<F> =
  NonNullable<Args<F>[0]> extends { success?: infer S } ? Args<NonNullable<S>>[0] : never;
/** Ours (`A`) fits theirs (`B`): each field of ours has their type (any type: unknown). */
type Fits<A, B> =
  unknown extends B
    ? true
    : [A] extends [undefined | void]
      ? true
      : [Awaited<A>] extends [Pick<Awaited<B>, keyof Awaited<A> & keyof Awaited<B>>]
        ? true
        : false;

type ArgsMisfit = {
  [K in Shared]: FieldsOf<Args<Theirs[K]>> extends FieldsOf<Args<Ours[K]>> ? never : K;
}[Shared];
type ResultMisfit = {
  [K in Shared]: Fits<Success<Ours[K]>, Success<Theirs[K]>> extends true ? never : K;
}[Shared];
type ReturnMisfit = {
  [K in Shared]: Fits<Returned<Ours[K]>, Returned<Theirs[K]>> extends true ? never : K;
}[Shared];
type ExtraField = {
  [K in Shared]: Exclude<keyof Success<Ours[K]>, keyof Success<Theirs[K]> | 'errMsg'> extends never
    ? never
    : K;
}[Shared];

// Each list below names the misfits with their reasons: a new misfit is a missing
// property (named in tsc's message), one that no longer misfits an excess property.

/** Ours alone: the 2016 canvas API and saved-file functions, since replaced. */
export const oursAlone: Record<Exclude<keyof Ours, keyof Theirs>, string> = {
  createContext: 'replaced by wx.createCanvasContext',
  drawCanvas: 'replaced by CanvasContext.draw',
  getSavedFileInfo: 'moved to FileSystemManager (getFileInfo)',
  getSavedFileList: 'moved to FileSystemManager',
  removeSavedFile: 'moved to FileSystemManager',
  saveFile: 'moved to FileSystemManager',
  toTempFilePath: 'renamed wx.canvasToTempFilePath',
};

/** Arguments theirs allow that ours refuse. */
export const argumentMisfits: Record<ArgsMisfit, string> = {
  canvasToTempFilePath: 'their canvasId is optional (a later `canvas` node instead)',
  onSocketOpen: 'their listener reads `header`, which 2016 did not give',
  onCompassChange: 'their listener reads `accuracy`, which 2016 did not give',
  getLocation: 'their `type` is any string; here wgs84 or gcj02 (others fail)',
  showToast: 'their icon `error` is later than 2016 (here it would show no icon)',
};

/** Success results whose fields do not have their types. */
export const resultMisfits: Record<ResultMisfit, string> = {};

/** Returned objects whose members do not have their types. */
export const returnMisfits: Record<ReturnMisfit, string> = {
  connectSocket: 'their SocketTask.onOpen listener reads `header` and `profile`',
  createAnimation: 'their matrix() and matrix3d() take no arguments (here 6 and 16)',
  createSelectorQuery: 'their NodesRef has the later context(), node() and ref()',
};

/** Result fields theirs do not have. */
export const extraFields: Record<ExtraField, string> = {
  openDocument: '`view`, a wxweb addition',
};
