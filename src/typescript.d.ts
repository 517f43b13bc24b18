// The types of the npm package: createWx, install and launch, and the `wx` they give, with
// exactly the functions wxweb implements (src/typescript.rs puts this text into
// pkg/wxweb.d.ts). Names and shapes follow miniprogram-api-typings (WechatMiniprogram.*)
// where they agree with the 2016 base library; tests/e2e/types checks both.

/** Which base library to follow: `seed` (callbacks only) or `modern` (Promises too). */
export type Profile = 'seed' | 'modern';

/** getSystemInfo's `platform`: the simulator's `devtools`, or what the browser runs on. */
export type Platform = 'ios' | 'android' | 'windows' | 'mac' | 'devtools';

/** The simulated phone of the simulator's device frame, as getSystemInfo reports it. */
export interface DeviceFrame {
  model: string;
  system: string;
  platform: Platform;
  screenWidth: number;
  screenHeight: number;
  pixelRatio: number;
}

/** app.json's `networkTimeout`, in milliseconds (60 000 when absent). */
export interface NetworkTimeout {
  request?: number;
  connectSocket?: number;
  uploadFile?: number;
  downloadFile?: number;
}

/** What createWx and install read. */
export interface WxConfig<P extends Profile = Profile> {
  /** Keeps each mini program's storage and files apart (letters, digits, `_`, `-`). */
  appid?: string;
  /** `seed` when absent. */
  profile?: P;
  /** The simulated phone; absent on a real phone, where the browser is the phone. */
  device?: DeviceFrame;
  /** The element whose size is the mini program's window; overlays go over its parent. */
  viewport?: Element;
  /** A proxy for cross-origin requests, such as `wxweb serve`'s `/__wxweb/proxy`. */
  proxy?: string;
  networkTimeout?: NetworkTimeout;
  /** Map tiles of openLocation and chooseLocation: a URL with `{z}`, `{x}` and `{y}`. */
  tileUrl?: string;
  /** The mini program's name on the permission sheets (the appid when absent). */
  appName?: string;
}

/** What launch reads: a WxConfig, where the mini program runs and its navigation bar. */
export interface LaunchConfig<P extends Profile = Profile> extends WxConfig<P> {
  /** The phone's window: it gets an open shadow root holding the pages and their styles. */
  viewport: HTMLElement;
  /** The folder of the mini program (with app.json), relative to the page; `app/`. */
  root?: string;
  /** The element that shows the navigation bar of the current page. */
  navigationBar?: HTMLElement;
  /** The folder's files, by path from `root`: no other file is requested (no 404s). */
  manifest?: string[];
  /** The folder's path on disk, named in start-up errors (no app.json, a broken one). */
  folder?: string;
  /**
   * The mini program in memory instead of fetched from `root` (the playground's): path
   * from the app root → the text of the file, or a Blob (an image) shown through a
   * `blob:` URL. Nothing is requested; paths with `..` are left out.
   */
  files?: Record<string, string | Blob>;
}

/**
 * `createWx(config) → Promise<wx>`: builds a `wx` object for one mini program once its
 * storage has loaded, without touching globals.
 */
export function createWx<P extends Profile = 'seed'>(config?: WxConfig<P>): Promise<Wx<P>>;

/** `install(config) → Promise<wx>`: createWx, then sets `globalThis.wx`. */
export function install<P extends Profile = 'seed'>(config?: WxConfig<P>): Promise<Wx<P>>;

/**
 * `launch(config) → Promise<wx>`: runs the mini program in the folder `config.root` inside
 * `config.viewport` and sets `globalThis.wx`. Resolves once the first page is shown;
 * problems with the folder's files are shown in the viewport, not thrown.
 */
export function launch<P extends Profile = 'seed'>(config: LaunchConfig<P>): Promise<AppWx<P>>;

/**
 * A compile error or an uncaught error of the mini program's code: the `detail` of the
 * `wxweb:error` event on `window`, and what reloadStyles resolves with.
 */
export interface ErrorDetail {
  type: 'compile' | 'runtime';
  /** The file, relative to the app root (the folder with app.json). */
  file: string | null;
  /** 1-based. */
  line: number | null;
  /** 1-based, in UTF-16 units as the JS engine counts. */
  column: number | null;
  message: string;
  /** The offending line with two lines around it, numbered, `>` marking it, a caret under the column. */
  frame: string | null;
  stack: string | null;
}

/**
 * `reloadStyles(paths) → Promise<ErrorDetail[]>`: the .wxss files at `paths` (relative to
 * the app root) changed on disk; the running mini program fetches them again and replaces
 * every sheet that includes one in place, without relaunching (data and scroll kept).
 * Resolves with the compile errors now found in those sheets (also `wxweb:error` events).
 */
export function reloadStyles(paths: string[]): Promise<ErrorDetail[]>;

/** An element of the rendered page as WXML tells it (describeElement). */
export interface ElementDescription {
  /** The WXML tag: `view`, not `wx-view`. */
  tag: string;
  /** id, class, style and component properties, as bound. */
  attributes: Record<string, string>;
  /** The `data-*` values, with their types. */
  dataset: Record<string, unknown>;
  /** Handler names by WXML attribute: `{bindtap: 'onTap', catchlongtap: 'onHold'}`. */
  bindings: Record<string, string>;
}

/** `describeElement(el)`: the element as WXML tells it; `null` for one the renderer did not make. */
export function describeElement(el: Element): ElementDescription | null;

/** The result of every call: `name:ok`, or `name:fail reason` for `fail`. */
export interface GeneralCallbackResult {
  errMsg: string;
}

/** The callbacks of an async call with the success result `R`; each is called once. */
export interface Callbacks<R> {
  success?: (result: R) => void;
  fail?: (result: GeneralCallbackResult) => void;
  complete?: (result: GeneralCallbackResult) => void;
}

/**
 * What an async call returns: nothing in the seed profile; in the modern profile a Promise
 * of the success result when the options have no callback (it rejects with the fail
 * result), as WechatMiniprogram.PromisifySuccessResult.
 */
export type Settled<P extends Profile, O, R> = P extends 'modern'
  ? O extends { success: unknown }
    ? undefined
    : O extends { fail: unknown }
      ? undefined
      : O extends { complete: unknown }
        ? undefined
        : Promise<R>
  : undefined;

/** A function the modern profile has and the seed profile does not (there it is absent). */
export type ModernOnly<P extends Profile, F> = P extends 'modern' ? F : undefined;

/** What an off… function takes: the very function given to on… (any function). */
export type AnyListener = (...args: never[]) => unknown;

/** Options of an async call with no field of its own. */
export type NoOption<R = GeneralCallbackResult> = Callbacks<R>;

// 数据 (storage)

export interface SetStorageOption<D = unknown> extends Callbacks<GeneralCallbackResult> {
  key: string;
  data: D;
}
export interface GetStorageSuccessCallbackResult<D = unknown> extends GeneralCallbackResult {
  data: D;
}
export interface GetStorageOption<D = unknown>
  extends Callbacks<GetStorageSuccessCallbackResult<D>> {
  key: string;
}
export interface RemoveStorageOption extends Callbacks<GeneralCallbackResult> {
  key: string;
}
export interface StorageInfo {
  keys: string[];
  /** KB used. */
  currentSize: number;
  /** KB allowed. */
  limitSize: number;
}
export interface GetStorageInfoSuccessCallbackOption extends StorageInfo, GeneralCallbackResult {}

// 位置 (location)

export interface GetLocationSuccessCallbackResult extends GeneralCallbackResult {
  latitude: number;
  longitude: number;
  speed: number;
  accuracy: number;
}
export interface GetLocationOption extends Callbacks<GetLocationSuccessCallbackResult> {
  type?: 'wgs84' | 'gcj02';
}
export interface OpenLocationOption extends Callbacks<GeneralCallbackResult> {
  latitude: number;
  longitude: number;
  scale?: number;
  name?: string;
  address?: string;
}
export interface ChooseLocationSuccessCallbackResult extends GeneralCallbackResult {
  name: string;
  address: string;
  latitude: number;
  longitude: number;
}

// 设备 (device)

export interface SystemInfo {
  model: string;
  pixelRatio: number;
  windowWidth: number;
  windowHeight: number;
  language: string;
  /** The WeChat version simulated: 6.5.3 (seed). */
  version: string;
  system: string;
  platform: Platform;
  screenWidth: number;
  screenHeight: number;
}
export interface GetSystemInfoSuccessCallbackResult extends SystemInfo, GeneralCallbackResult {}
export interface GetNetworkTypeSuccessCallbackResult extends GeneralCallbackResult {
  networkType: 'wifi' | '2g' | '3g' | '4g' | 'none' | 'unknown';
}
export interface OnAccelerometerChangeListenerResult {
  x: number;
  y: number;
  z: number;
}
export interface OnCompassChangeListenerResult {
  direction: number;
}
export interface MakePhoneCallOption extends Callbacks<GeneralCallbackResult> {
  phoneNumber: string;
}

// 网络 (network)

export type RequestData = string | Record<string, unknown> | ArrayBuffer;
export interface RequestSuccessCallbackResult extends GeneralCallbackResult {
  /** Parsed JSON with dataType `json` (the default), else the text or an ArrayBuffer. */
  data: RequestData;
  statusCode: number;
  header: Record<string, string>;
}
export interface RequestOption extends Callbacks<RequestSuccessCallbackResult> {
  url: string;
  data?: RequestData;
  header?: Record<string, string>;
  method?: 'OPTIONS' | 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE' | 'TRACE' | 'CONNECT';
  dataType?: string;
  responseType?: 'text' | 'arraybuffer';
}
/** What wx.request returns. */
export interface RequestTask {
  abort(): void;
}
export interface UploadFileSuccessCallbackResult extends GeneralCallbackResult {
  data: string;
  statusCode: number;
}
export interface UploadFileOption extends Callbacks<UploadFileSuccessCallbackResult> {
  url: string;
  filePath: string;
  name: string;
  header?: Record<string, string>;
  formData?: Record<string, unknown>;
}
export interface UploadTaskOnProgressUpdateListenerResult {
  progress: number;
  totalBytesSent: number;
  totalBytesExpectedToSend: number;
}
/** What wx.uploadFile returns. */
export interface UploadTask<P extends Profile = 'seed'> {
  abort(): void;
  onProgressUpdate(listener: (result: UploadTaskOnProgressUpdateListenerResult) => void): void;
  /** Removes `listener`, or every listener: modern profile only (absent in seed). */
  offProgressUpdate: ModernOnly<P, (listener?: AnyListener) => void>;
}
export interface DownloadFileSuccessCallbackResult extends GeneralCallbackResult {
  tempFilePath: string;
  statusCode: number;
}
export interface DownloadFileOption extends Callbacks<DownloadFileSuccessCallbackResult> {
  url: string;
  header?: Record<string, string>;
}
export interface DownloadTaskOnProgressUpdateListenerResult {
  progress: number;
  totalBytesWritten: number;
  totalBytesExpectedToWrite: number;
}
/** What wx.downloadFile returns. */
export interface DownloadTask<P extends Profile = 'seed'> {
  abort(): void;
  onProgressUpdate(listener: (result: DownloadTaskOnProgressUpdateListenerResult) => void): void;
  /** Removes `listener`, or every listener: modern profile only (absent in seed). */
  offProgressUpdate: ModernOnly<P, (listener?: AnyListener) => void>;
}
export interface ConnectSocketOption extends Callbacks<GeneralCallbackResult> {
  url: string;
  header?: Record<string, string>;
  protocols?: string[];
}
export interface SocketMessageResult {
  data: string | ArrayBuffer;
}
export interface SocketCloseResult {
  code: number;
  reason: string;
}
export interface SendSocketMessageOption extends Callbacks<GeneralCallbackResult> {
  data: string | ArrayBuffer;
}
export interface CloseSocketOption extends Callbacks<GeneralCallbackResult> {
  code?: number;
  reason?: string;
}
/** What wx.connectSocket returns: one socket, apart from the wx.onSocket… ones. */
export interface SocketTask {
  send(option: SendSocketMessageOption): void;
  close(option?: CloseSocketOption): void;
  onOpen(listener: (result: Record<string, never>) => void): void;
  onMessage(listener: (result: SocketMessageResult) => void): void;
  onError(listener: (result: GeneralCallbackResult) => void): void;
  onClose(listener: (result: SocketCloseResult) => void): void;
}

// 媒体 (media)

export interface ChooseImageSuccessCallbackResult extends GeneralCallbackResult {
  tempFilePaths: string[];
  tempFiles: { path: string; size: number }[];
}
export interface ChooseImageOption extends Callbacks<ChooseImageSuccessCallbackResult> {
  /** At most 9 (the default). */
  count?: number;
  sizeType?: ('original' | 'compressed')[];
  sourceType?: ('album' | 'camera')[];
}
export interface PreviewImageOption extends Callbacks<GeneralCallbackResult> {
  urls: string[];
  current?: string;
}
export interface GetImageInfoSuccessCallbackResult extends GeneralCallbackResult {
  width: number;
  height: number;
  path: string;
}
export interface GetImageInfoOption extends Callbacks<GetImageInfoSuccessCallbackResult> {
  src: string;
}
export interface ChooseVideoSuccessCallbackResult extends GeneralCallbackResult {
  tempFilePath: string;
  duration: number;
  size: number;
  width: number;
  height: number;
}
export interface ChooseVideoOption extends Callbacks<ChooseVideoSuccessCallbackResult> {
  sourceType?: ('album' | 'camera')[];
  maxDuration?: number;
  /** The typings' string, or the seed's array (`['front', 'back']`). */
  camera?: 'back' | 'front' | ('back' | 'front')[];
}
export interface StartRecordSuccessCallbackResult extends GeneralCallbackResult {
  tempFilePath: string;
}
export interface PlayVoiceOption extends Callbacks<GeneralCallbackResult> {
  filePath: string;
}
export interface GetBackgroundAudioPlayerStateSuccessCallbackResult extends GeneralCallbackResult {
  /** 0 paused, 1 playing, 2 none. */
  status: 0 | 1 | 2;
  duration: number;
  currentPosition: number;
  downloadPercent: number;
  dataUrl: string;
}
export interface PlayBackgroundAudioOption extends Callbacks<GeneralCallbackResult> {
  dataUrl: string;
  title?: string;
  coverImgUrl?: string;
}
export interface SeekBackgroundAudioOption extends Callbacks<GeneralCallbackResult> {
  /** Seconds. */
  position: number;
}
/** What wx.createAudioContext returns: the page's `<audio id>`. */
export interface AudioContext {
  /** The `<audio>`'s `src`, as the WXML would set it. */
  setSrc(src: string): void;
  play(): void;
  pause(): void;
  /** Seconds. */
  seek(position: number): void;
}
/** What wx.createVideoContext returns: the page's `<video id>`. */
export interface VideoContext {
  play(): void;
  pause(): void;
  /** Seconds. */
  seek(position: number): void;
  sendDanmu(danmu: { text: string; color?: string }): void;
}
/** MapContext.getCenterLocation's success result: GCJ-02 degrees. */
export interface GetCenterLocationSuccessCallbackResult extends GeneralCallbackResult {
  longitude: number;
  latitude: number;
}
/** What wx.createMapContext returns: the page's `<map id>` (1.x's methods). */
export interface MapContext {
  getCenterLocation(option?: Callbacks<GetCenterLocationSuccessCallbackResult>): void;
  /** Centres the map on the person's position. */
  moveToLocation(): void;
}

// 导航 (navigation)

export interface NavigateToOption extends Callbacks<GeneralCallbackResult> {
  url: string;
}
export interface RedirectToOption extends Callbacks<GeneralCallbackResult> {
  url: string;
}
export interface SwitchTabOption extends Callbacks<GeneralCallbackResult> {
  /** A page of app.json's tabBar; a query is dropped. */
  url: string;
}
export interface ReLaunchOption extends Callbacks<GeneralCallbackResult> {
  url: string;
}
export interface NavigateBackOption extends Callbacks<GeneralCallbackResult> {
  /** How many pages to go back; 1 when absent. */
  delta?: number;
}

// 开发接口 (open)

export interface LoginSuccessCallbackResult extends GeneralCallbackResult {
  /** For `wxweb serve`'s jscode2session, valid for 5 minutes. */
  code: string;
}

/** The scopes of wx.authorize. */
export type AuthScope =
  | 'scope.userInfo'
  | 'scope.userLocation'
  | 'scope.address'
  | 'scope.invoiceTitle'
  | 'scope.werun'
  | 'scope.record'
  | 'scope.writePhotosAlbum'
  | 'scope.camera';

export interface UserInfo {
  nickName: string;
  avatarUrl: string;
  /** 1 male, 2 female, 0 unknown. */
  gender: 0 | 1 | 2;
  city: string;
  province: string;
  country: string;
  language: 'en' | 'zh_CN' | 'zh_TW';
}

export interface GetUserInfoOption extends Callbacks<GetUserInfoSuccessCallbackResult> {
  /** false: no encryptedData and iv. */
  withCredentials?: boolean;
}

export interface GetUserInfoSuccessCallbackResult extends GeneralCallbackResult {
  userInfo: UserInfo;
  /** The JSON text of userInfo. */
  rawData: string;
  /** Hex SHA-1 of rawData + session_key. */
  signature: string;
  /**
   * Base64 AES-128-CBC of the user data with openId and watermark, keyed by session_key
   * (absent, with iv, when withCredentials is false).
   */
  encryptedData: string;
  iv: string;
}

export interface AuthorizeOption extends Callbacks<GeneralCallbackResult> {
  /** An AuthScope; another name fails with `authorize:fail invalid scope`. */
  scope: string;
}

export interface GetSettingSuccessCallbackResult extends GeneralCallbackResult {
  /** The scopes asked so far, and whether each is allowed. */
  authSetting: Partial<Record<AuthScope, boolean>>;
}

// 文件 (files)

export interface SaveFileSuccessCallbackResult extends GeneralCallbackResult {
  savedFilePath: string;
}
export interface SaveFileOption extends Callbacks<SaveFileSuccessCallbackResult> {
  tempFilePath: string;
}
export interface SavedFile {
  filePath: string;
  /** Seconds since 1970. */
  createTime: number;
  size: number;
}
export interface GetSavedFileListSuccessCallbackResult extends GeneralCallbackResult {
  fileList: SavedFile[];
}
export interface GetSavedFileInfoSuccessCallbackResult extends GeneralCallbackResult {
  createTime: number;
  size: number;
}
export interface GetSavedFileInfoOption extends Callbacks<GetSavedFileInfoSuccessCallbackResult> {
  filePath: string;
}
export interface RemoveSavedFileOption extends Callbacks<GeneralCallbackResult> {
  filePath: string;
}
export interface OpenDocumentSuccessCallbackResult extends GeneralCallbackResult {
  /** A wxweb addition: how the document shows. */
  view: 'viewer' | 'download';
}
export interface OpenDocumentOption extends Callbacks<OpenDocumentSuccessCallbackResult> {
  filePath: string;
  fileType?: 'doc' | 'docx' | 'xls' | 'xlsx' | 'ppt' | 'pptx' | 'pdf';
}

// 界面 (interface)

export interface ShowToastOption extends Callbacks<GeneralCallbackResult> {
  title: string;
  /** Another value shows no icon. */
  icon?: 'success' | 'loading' | 'none';
  /** Milliseconds; 1500 when absent. */
  duration?: number;
  mask?: boolean;
}
export interface ShowLoadingOption extends Callbacks<GeneralCallbackResult> {
  title: string;
  mask?: boolean;
}
/** hideToast and hideLoading hide a toast or a loading; `noConflict` only their own. */
export interface HideToastOption extends Callbacks<GeneralCallbackResult> {
  noConflict?: boolean;
}
export interface ShowModalSuccessCallbackResult extends GeneralCallbackResult {
  confirm: boolean;
  cancel: boolean;
}
export interface ShowModalOption extends Callbacks<ShowModalSuccessCallbackResult> {
  title?: string;
  content?: string;
  showCancel?: boolean;
  cancelText?: string;
  cancelColor?: string;
  confirmText?: string;
  confirmColor?: string;
}
export interface ShowActionSheetSuccessCallbackResult extends GeneralCallbackResult {
  tapIndex: number;
}
export interface ShowActionSheetOption extends Callbacks<ShowActionSheetSuccessCallbackResult> {
  /** At most 6 items. */
  itemList: string[];
  itemColor?: string;
}
export interface SetNavigationBarTitleOption extends Callbacks<GeneralCallbackResult> {
  title: string;
}
export interface StepOption {
  /** Milliseconds; 400 when absent. */
  duration?: number;
  timingFunction?: 'linear' | 'ease' | 'ease-in' | 'ease-in-out' | 'ease-out' | 'step-start' | 'step-end';
  delay?: number;
  transformOrigin?: string;
}
/** What wx.createAnimation returns; every method but export returns the animation. */
export interface Animation {
  opacity(value: number): Animation;
  backgroundColor(value: string): Animation;
  width(value: number | string): Animation;
  height(value: number | string): Animation;
  top(value: number | string): Animation;
  left(value: number | string): Animation;
  bottom(value: number | string): Animation;
  right(value: number | string): Animation;
  rotate(angle: number): Animation;
  rotateX(angle: number): Animation;
  rotateY(angle: number): Animation;
  rotateZ(angle: number): Animation;
  rotate3d(x: number, y?: number, z?: number, angle?: number): Animation;
  scale(sx: number, sy?: number): Animation;
  scaleX(scale: number): Animation;
  scaleY(scale: number): Animation;
  scaleZ(scale: number): Animation;
  scale3d(sx: number, sy: number, sz: number): Animation;
  translate(tx: number, ty?: number): Animation;
  translateX(translation: number): Animation;
  translateY(translation: number): Animation;
  translateZ(translation: number): Animation;
  translate3d(tx: number, ty: number, tz: number): Animation;
  skew(ax: number, ay?: number): Animation;
  skewX(angle: number): Animation;
  skewY(angle: number): Animation;
  matrix(a: number, b: number, c: number, d: number, tx: number, ty: number): Animation;
  matrix3d(...values: number[]): Animation;
  step(option?: StepOption): Animation;
  /** The steps so far, for a view's `animation` attribute; clears them. */
  export(): { actions: Record<string, unknown>[] };
}
/** A gradient of a 2016 canvas context, for setFillStyle and setStrokeStyle. */
export interface CanvasGradient {
  addColorStop(stop: number, color: string): void;
}
/** One recorded drawing call: what getActions returns and drawCanvas takes. */
export interface CanvasAction {
  method: string;
  data: unknown[];
}
/** What wx.createContext returns: it records drawing calls for wx.drawCanvas. */
export interface CanvasContext {
  beginPath(): void;
  closePath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  quadraticCurveTo(cpx: number, cpy: number, x: number, y: number): void;
  bezierCurveTo(cp1x: number, cp1y: number, cp2x: number, cp2y: number, x: number, y: number): void;
  arc(
    x: number,
    y: number,
    r: number,
    startAngle: number,
    endAngle: number,
    counterclockwise?: boolean,
  ): void;
  rect(x: number, y: number, width: number, height: number): void;
  fillRect(x: number, y: number, width: number, height: number): void;
  strokeRect(x: number, y: number, width: number, height: number): void;
  clearRect(x: number, y: number, width: number, height: number): void;
  fill(): void;
  stroke(): void;
  save(): void;
  restore(): void;
  translate(x: number, y: number): void;
  rotate(rotate: number): void;
  scale(scaleWidth: number, scaleHeight: number): void;
  setFillStyle(color: string | CanvasGradient): void;
  setStrokeStyle(color: string | CanvasGradient): void;
  setLineWidth(lineWidth: number): void;
  setLineCap(lineCap: 'butt' | 'round' | 'square'): void;
  setLineJoin(lineJoin: 'bevel' | 'round' | 'miter'): void;
  setMiterLimit(miterLimit: number): void;
  setFontSize(fontSize: number): void;
  fillText(text: string, x: number, y: number): void;
  drawImage(imageResource: string, x: number, y: number, width?: number, height?: number): void;
  setShadow(offsetX: number, offsetY: number, blur: number, color: string): void;
  setGlobalAlpha(alpha: number): void;
  createLinearGradient(x0: number, y0: number, x1: number, y1: number): CanvasGradient;
  createCircularGradient(x: number, y: number, r: number): CanvasGradient;
  /** The calls recorded since the last getActions or clearActions; clears them. */
  getActions(): CanvasAction[];
  clearActions(): void;
}
export interface DrawCanvasOption extends Callbacks<GeneralCallbackResult> {
  canvasId: string;
  actions: CanvasAction[];
  /** Draw over what the canvas shows instead of clearing it first. */
  reserve?: boolean;
}
/** Options of canvasToTempFilePath: a region in CSS px, the output size in pixels. */
export interface CanvasToTempFilePathOption
  extends Callbacks<CanvasToTempFilePathSuccessCallbackResult> {
  canvasId: string;
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  /** The region's width (seed), × devicePixelRatio (modern) when absent. */
  destWidth?: number;
  destHeight?: number;
  fileType?: 'jpg' | 'png';
  /** JPEG quality in (0, 1]; 1 otherwise. */
  quality?: number;
}
export interface CanvasToTempFilePathSuccessCallbackResult extends GeneralCallbackResult {
  /** A temporary `wxfile://tmp_….png` (or `.jpg`). */
  tempFilePath: string;
}
/** A node's fields (px, relative to the device window): those its request asked for. */
export interface NodeFields {
  id?: string;
  dataset?: Record<string, unknown>;
  left?: number;
  right?: number;
  top?: number;
  bottom?: number;
  width?: number;
  height?: number;
  scrollLeft?: number;
  scrollTop?: number;
  scrollWidth?: number;
  scrollHeight?: number;
  /** `properties` and `computedStyle` values, under the names asked for. */
  [name: string]: unknown;
}
/** One request's result: a list for selectAll, null when select matched nothing. */
export type NodeResult = NodeFields | NodeFields[] | null;
/** What createSelectorQuery's select, selectAll and selectViewport return. */
export interface NodesRef {
  /** id, dataset, left, right, top, bottom, width, height. */
  boundingClientRect(callback?: (res: NodeResult) => void): SelectorQuery;
  /** id, dataset, scrollLeft, scrollTop (of the page for selectViewport). */
  scrollOffset(callback?: (res: NodeResult) => void): SelectorQuery;
  fields(fields: SelectorQueryFields, callback?: (res: NodeResult) => void): SelectorQuery;
}
export interface SelectorQueryFields {
  id?: boolean;
  dataset?: boolean;
  rect?: boolean;
  size?: boolean;
  scrollOffset?: boolean;
  properties?: string[];
  computedStyle?: string[];
}
/** What wx.createSelectorQuery returns: measures the current page's nodes on exec. */
export interface SelectorQuery {
  select(selector: string): NodesRef;
  selectAll(selector: string): NodesRef;
  selectViewport(): NodesRef;
  /** Calls back in the next animation frame with one result per request. */
  exec(callback?: (res: NodeResult[]) => void): void;
}

/**
 * The `wx` of createWx and install: every function of the 2016 base library that wxweb
 * implements and that needs no running mini program. `P` is the profile, which decides
 * what async calls return (see Settled).
 */
export interface Wx<P extends Profile = 'seed'> {
  /** wx.setStorage: stores `data` under `key` (IndexedDB; 1 MB a key, 10 MB an appid). */
  setStorage<D = unknown, T extends SetStorageOption<D> = SetStorageOption<D>>(
    option: T,
  ): Settled<P, T, GeneralCallbackResult>;
  /** wx.setStorageSync: setStorage that throws `setStorageSync:fail …`. */
  setStorageSync<D = unknown>(key: string, data: D): void;
  /** wx.getStorage: the data under `key`; fails when there is none. */
  getStorage<D = unknown, T extends GetStorageOption<D> = GetStorageOption<D>>(
    option: T,
  ): Settled<P, T, GetStorageSuccessCallbackResult<D>>;
  /** wx.getStorageSync: the data under `key`, or `''` when there is none. */
  getStorageSync<D = unknown>(key: string): D;
  /** wx.removeStorage: forgets `key`. */
  removeStorage<T extends RemoveStorageOption = RemoveStorageOption>(
    option: T,
  ): Settled<P, T, GeneralCallbackResult>;
  /** wx.removeStorageSync: forgets `key`. */
  removeStorageSync(key: string): void;
  /** wx.clearStorage: forgets every key of this appid. */
  clearStorage<T extends NoOption = NoOption>(option?: T): Settled<P, T, GeneralCallbackResult>;
  /** wx.clearStorageSync: forgets every key of this appid. */
  clearStorageSync(): void;
  /** wx.getStorageInfo: the keys and the space they use. */
  getStorageInfo<T extends NoOption<GetStorageInfoSuccessCallbackOption>>(
    option?: T,
  ): Settled<P, T, GetStorageInfoSuccessCallbackOption>;
  /** wx.getStorageInfoSync: the keys and the space they use. */
  getStorageInfoSync(): StorageInfo;

  /** wx.getLocation: the browser's Geolocation, in WGS-84 or GCJ-02. */
  getLocation<T extends GetLocationOption = GetLocationOption>(
    option: T,
  ): Settled<P, T, GetLocationSuccessCallbackResult>;
  /** wx.openLocation: a map (OpenStreetMap tiles) with a marker. */
  openLocation<T extends OpenLocationOption = OpenLocationOption>(
    option: T,
  ): Settled<P, T, GeneralCallbackResult>;
  /** wx.chooseLocation: a map to pick a place on. */
  chooseLocation<T extends NoOption<ChooseLocationSuccessCallbackResult>>(
    option: T,
  ): Settled<P, T, ChooseLocationSuccessCallbackResult>;

  /** wx.getSystemInfo: the simulated phone, or the browser's window and screen. */
  getSystemInfo<T extends NoOption<GetSystemInfoSuccessCallbackResult>>(
    option?: T,
  ): Settled<P, T, GetSystemInfoSuccessCallbackResult>;
  /** wx.getSystemInfoSync: the simulated phone, or the browser's window and screen. */
  getSystemInfoSync(): SystemInfo;
  /** wx.getNetworkType: from `navigator.connection` and `navigator.onLine`. */
  getNetworkType<T extends NoOption<GetNetworkTypeSuccessCallbackResult>>(
    option?: T,
  ): Settled<P, T, GetNetworkTypeSuccessCallbackResult>;
  /** wx.onAccelerometerChange: `devicemotion`, every 200 ms. */
  onAccelerometerChange(listener: (result: OnAccelerometerChangeListenerResult) => void): void;
  /** wx.onCompassChange: `deviceorientation`, every 200 ms. */
  onCompassChange(listener: (result: OnCompassChangeListenerResult) => void): void;
  /** wx.offAccelerometerChange: removes `listener`, or every listener (modern profile). */
  offAccelerometerChange: ModernOnly<P, (listener?: AnyListener) => void>;
  /** wx.offCompassChange: removes `listener`, or every listener (modern profile). */
  offCompassChange: ModernOnly<P, (listener?: AnyListener) => void>;
  /** wx.makePhoneCall: a `tel:` link (behind a call button in the simulator). */
  makePhoneCall<T extends MakePhoneCallOption = MakePhoneCallOption>(
    option: T,
  ): Settled<P, T, GeneralCallbackResult>;

  /** wx.request: `fetch`, through the configured proxy for other origins. */
  request(option: RequestOption): RequestTask;
  /** wx.uploadFile: a multipart POST of a file (XMLHttpRequest). */
  uploadFile(option: UploadFileOption): UploadTask<P>;
  /** wx.downloadFile: a GET into a temporary file (XMLHttpRequest). */
  downloadFile(option: DownloadFileOption): DownloadTask<P>;
  /** wx.connectSocket: a WebSocket; the wx.onSocket… listeners follow the newest. */
  connectSocket(option: ConnectSocketOption): SocketTask;
  /** wx.onSocketOpen: the newest socket opened. */
  onSocketOpen(listener: (result: Record<string, never>) => void): void;
  /** wx.onSocketError: the newest socket failed. */
  onSocketError(listener: (result: GeneralCallbackResult) => void): void;
  /** wx.onSocketMessage: a message on the newest socket. */
  onSocketMessage(listener: (result: SocketMessageResult) => void): void;
  /** wx.onSocketClose: the newest socket closed. */
  onSocketClose(listener: (result: SocketCloseResult) => void): void;
  /** wx.sendSocketMessage: sends on the newest socket. */
  sendSocketMessage<T extends SendSocketMessageOption = SendSocketMessageOption>(
    option: T,
  ): Settled<P, T, GeneralCallbackResult>;
  /** wx.closeSocket: closes the newest socket. */
  closeSocket<T extends CloseSocketOption = CloseSocketOption>(
    option?: T,
  ): Settled<P, T, GeneralCallbackResult>;

  /** wx.chooseImage: a file input (`capture` for the camera on a phone). */
  chooseImage<T extends ChooseImageOption = ChooseImageOption>(
    option?: T,
  ): Settled<P, T, ChooseImageSuccessCallbackResult>;
  /** wx.previewImage: a full-screen viewer. */
  previewImage<T extends PreviewImageOption = PreviewImageOption>(
    option: T,
  ): Settled<P, T, GeneralCallbackResult>;
  /** wx.getImageInfo: the natural size of an `<img>` that decoded `src`. */
  getImageInfo<T extends GetImageInfoOption = GetImageInfoOption>(
    option: T,
  ): Settled<P, T, GetImageInfoSuccessCallbackResult>;
  /** wx.chooseVideo: a file input, measured by a `<video>`. */
  chooseVideo<T extends ChooseVideoOption = ChooseVideoOption>(
    option?: T,
  ): Settled<P, T, ChooseVideoSuccessCallbackResult>;
  /** wx.startRecord: MediaRecorder on the microphone, until stopRecord or 60 s. */
  startRecord<T extends NoOption<StartRecordSuccessCallbackResult>>(
    option?: T,
  ): Settled<P, T, StartRecordSuccessCallbackResult>;
  /** wx.stopRecord: ends the recording, whose startRecord then succeeds. */
  stopRecord<T extends NoOption = NoOption>(option?: T): Settled<P, T, GeneralCallbackResult>;
  /** wx.playVoice: plays a recording (an `Audio`). */
  playVoice<T extends PlayVoiceOption = PlayVoiceOption>(
    option: T,
  ): Settled<P, T, GeneralCallbackResult>;
  /** wx.pauseVoice: pauses it; playVoice of the same file resumes. */
  pauseVoice<T extends NoOption = NoOption>(option?: T): Settled<P, T, GeneralCallbackResult>;
  /** wx.stopVoice: stops it. */
  stopVoice<T extends NoOption = NoOption>(option?: T): Settled<P, T, GeneralCallbackResult>;
  /** wx.getBackgroundAudioPlayerState: the background `Audio`'s state. */
  getBackgroundAudioPlayerState<
    T extends NoOption<GetBackgroundAudioPlayerStateSuccessCallbackResult>,
  >(option?: T): Settled<P, T, GetBackgroundAudioPlayerStateSuccessCallbackResult>;
  /** wx.playBackgroundAudio: an `Audio` that outlives pages (Media Session metadata). */
  playBackgroundAudio<T extends PlayBackgroundAudioOption = PlayBackgroundAudioOption>(
    option: T,
  ): Settled<P, T, GeneralCallbackResult>;
  /** wx.pauseBackgroundAudio: pauses it. */
  pauseBackgroundAudio<T extends NoOption = NoOption>(
    option?: T,
  ): Settled<P, T, GeneralCallbackResult>;
  /** wx.seekBackgroundAudio: moves it to `position` seconds. */
  seekBackgroundAudio<T extends SeekBackgroundAudioOption = SeekBackgroundAudioOption>(
    option: T,
  ): Settled<P, T, GeneralCallbackResult>;
  /** wx.stopBackgroundAudio: stops it. */
  stopBackgroundAudio<T extends NoOption = NoOption>(
    option?: T,
  ): Settled<P, T, GeneralCallbackResult>;
  /** wx.onBackgroundAudioPlay: it started playing (`{errMsg: 'onBackgroundAudioPlay:ok'}`). */
  onBackgroundAudioPlay(listener: (res: GeneralCallbackResult) => void): void;
  /** wx.onBackgroundAudioPause: it paused. */
  onBackgroundAudioPause(listener: (res: GeneralCallbackResult) => void): void;
  /** wx.onBackgroundAudioStop: it stopped or ended. */
  onBackgroundAudioStop(listener: (res: GeneralCallbackResult) => void): void;

  /** wx.login: a code for `wxweb serve`'s jscode2session. */
  login<T extends NoOption<LoginSuccessCallbackResult>>(
    option?: T,
  ): Settled<P, T, LoginSuccessCallbackResult>;
  /** wx.getUserInfo: the simulated user, signed with the session key of the last login. */
  getUserInfo<T extends GetUserInfoOption = GetUserInfoOption>(
    option?: T,
  ): Settled<P, T, GetUserInfoSuccessCallbackResult>;
  /** wx.authorize: asks for a scope on the permission sheet (once). */
  authorize<T extends AuthorizeOption = AuthorizeOption>(
    option: T,
  ): Settled<P, T, GeneralCallbackResult>;
  /** wx.getSetting: the scopes asked so far. */
  getSetting<T extends NoOption<GetSettingSuccessCallbackResult>>(
    option?: T,
  ): Settled<P, T, GetSettingSuccessCallbackResult>;
  /** wx.openSetting: the settings page, a switch per scope asked. */
  openSetting<T extends NoOption<GetSettingSuccessCallbackResult>>(
    option?: T,
  ): Settled<P, T, GetSettingSuccessCallbackResult>;

  /** wx.saveFile: keeps a temporary file (IndexedDB). */
  saveFile<T extends SaveFileOption = SaveFileOption>(
    option: T,
  ): Settled<P, T, SaveFileSuccessCallbackResult>;
  /** wx.getSavedFileList: the saved files. */
  getSavedFileList<T extends NoOption<GetSavedFileListSuccessCallbackResult>>(
    option?: T,
  ): Settled<P, T, GetSavedFileListSuccessCallbackResult>;
  /** wx.getSavedFileInfo: a saved file's size and time. */
  getSavedFileInfo<T extends GetSavedFileInfoOption = GetSavedFileInfoOption>(
    option: T,
  ): Settled<P, T, GetSavedFileInfoSuccessCallbackResult>;
  /** wx.removeSavedFile: deletes a saved file. */
  removeSavedFile<T extends RemoveSavedFileOption = RemoveSavedFileOption>(
    option: T,
  ): Settled<P, T, GeneralCallbackResult>;
  /** wx.openDocument: a view over the screen (the browser's PDF viewer, or a download link). */
  openDocument<T extends OpenDocumentOption = OpenDocumentOption>(
    option: T,
  ): Settled<P, T, OpenDocumentSuccessCallbackResult>;

  /** wx.showToast: an overlay over the screen. */
  showToast<T extends ShowToastOption = ShowToastOption>(
    option: T,
  ): Settled<P, T, GeneralCallbackResult>;
  /** wx.hideToast: removes it (or a loading: they share one place). */
  hideToast<T extends HideToastOption = HideToastOption>(
    option?: T,
  ): Settled<P, T, GeneralCallbackResult>;
  /** wx.showLoading: a spinner and a title over the screen until hideLoading. */
  showLoading<T extends ShowLoadingOption = ShowLoadingOption>(
    option: T,
  ): Settled<P, T, GeneralCallbackResult>;
  /** wx.hideLoading: removes it (or a toast). */
  hideLoading<T extends HideToastOption = HideToastOption>(
    option?: T,
  ): Settled<P, T, GeneralCallbackResult>;
  /** wx.showModal: a dialog with one or two buttons. */
  showModal<T extends ShowModalOption = ShowModalOption>(
    option: T,
  ): Settled<P, T, ShowModalSuccessCallbackResult>;
  /** wx.showActionSheet: a list of items from the bottom; cancelling fails the call. */
  showActionSheet<T extends ShowActionSheetOption = ShowActionSheetOption>(
    option: T,
  ): Settled<P, T, ShowActionSheetSuccessCallbackResult>;
  /** wx.hideKeyboard: blurs the focused text field (`document.activeElement`). */
  hideKeyboard<T extends NoOption = NoOption>(option?: T): Settled<P, T, GeneralCallbackResult>;
  /** wx.createAnimation: steps for a view's `animation` attribute (CSS transitions). */
  createAnimation(option?: StepOption): Animation;
  /** wx.createContext: a recording 2016 canvas context. */
  createContext(): CanvasContext;
  /** wx.drawCanvas: replays actions onto the page's `<canvas canvas-id>` (2D context). */
  drawCanvas<T extends DrawCanvasOption = DrawCanvasOption>(
    option: T,
  ): Settled<P, T, GeneralCallbackResult>;
  /** wx.canvasToTempFilePath: the page's `<canvas canvas-id>` as a PNG or JPEG temporary file. */
  canvasToTempFilePath<T extends CanvasToTempFilePathOption = CanvasToTempFilePathOption>(
    option: T,
  ): Settled<P, T, CanvasToTempFilePathSuccessCallbackResult>;
  /** wx.toTempFilePath: canvasToTempFilePath's first (1.x) name. */
  toTempFilePath<T extends CanvasToTempFilePathOption = CanvasToTempFilePathOption>(
    option: T,
  ): Settled<P, T, CanvasToTempFilePathSuccessCallbackResult>;
}

/**
 * The `wx` of launch: a Wx plus the functions that act on the running mini program's
 * pages.
 */
export interface AppWx<P extends Profile = 'seed'> extends Wx<P> {
  /** wx.navigateTo: opens a page of the app. */
  navigateTo<T extends NavigateToOption = NavigateToOption>(
    option: T,
  ): Settled<P, T, GeneralCallbackResult>;
  /** wx.redirectTo: replaces the current page. */
  redirectTo<T extends RedirectToOption = RedirectToOption>(
    option: T,
  ): Settled<P, T, GeneralCallbackResult>;
  /** wx.navigateBack: closes `delta` pages. */
  navigateBack<T extends NavigateBackOption = NavigateBackOption>(
    option?: T,
  ): Settled<P, T, GeneralCallbackResult>;
  /** wx.switchTab: shows a tab page, closing the others (tab pages stay alive). */
  switchTab<T extends SwitchTabOption = SwitchTabOption>(
    option: T,
  ): Settled<P, T, GeneralCallbackResult>;
  /** wx.reLaunch: closes every page and opens one. */
  reLaunch<T extends ReLaunchOption = ReLaunchOption>(option: T): Settled<P, T, GeneralCallbackResult>;
  /** wx.setNavigationBarTitle: the current page's title. */
  setNavigationBarTitle<T extends SetNavigationBarTitleOption = SetNavigationBarTitleOption>(
    option: T,
  ): Settled<P, T, GeneralCallbackResult>;
  /** wx.showNavigationBarLoading: a spinner in the navigation bar. */
  showNavigationBarLoading<T extends NoOption = NoOption>(
    option?: T,
  ): Settled<P, T, GeneralCallbackResult>;
  /** wx.hideNavigationBarLoading: removes it. */
  hideNavigationBarLoading<T extends NoOption = NoOption>(
    option?: T,
  ): Settled<P, T, GeneralCallbackResult>;
  /** wx.stopPullDownRefresh: ends the current page's pull-down refresh. */
  stopPullDownRefresh<T extends NoOption = NoOption>(
    option?: T,
  ): Settled<P, T, GeneralCallbackResult>;
  /** wx.createAudioContext: controls the current page's `<audio id>` (`component` is ignored). */
  createAudioContext(id: string, component?: object): AudioContext;
  /** wx.createVideoContext: controls the current page's `<video id>` (`component` is ignored). */
  createVideoContext(id: string, component?: object): VideoContext;
  /** wx.createMapContext: acts on the current page's `<map id>` (`component` is ignored). */
  createMapContext(id: string, component?: object): MapContext;
  /** wx.createSelectorQuery: measures the current page's nodes (getBoundingClientRect). */
  createSelectorQuery(): SelectorQuery;
}
