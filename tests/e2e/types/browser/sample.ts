// A host page's use of the package: what compiles, and (each `@ts-expect-error`) what the
// types refuse. A refusal that stops being one fails the compilation too.
import init, { type AppWx, createWx, install, launch, type RequestTask, type Wx } from 'wxweb';

export async function seed(): Promise<string> {
  await init();
  const wx: Wx = await createWx({ appid: 'wx0123456789abcdef' });
  const returned: undefined = wx.getStorage({ key: 'k', success: (res) => console.log(res.data) });
  wx.getSystemInfo({
    success: (info) => console.log(info.windowWidth * info.pixelRatio, info.platform),
    fail: (res) => console.log(res.errMsg),
  });
  wx.setStorageSync('k', { n: 1 });
  const n = wx.getStorageSync<{ n: number }>('k').n;
  wx.createAnimation({ duration: 300 }).opacity(0.5).translateX(10).step().export();
  const context = wx.createContext();
  context.setFillStyle(context.createLinearGradient(0, 0, 10, 10));
  wx.drawCanvas({ canvasId: 'c', actions: context.getActions() });
  // @ts-expect-error the seed profile returns nothing, never a Promise
  await wx.getStorage({ key: 'k' }).then(() => {});
  // @ts-expect-error getStorage needs a key
  wx.getStorage({});
  // @ts-expect-error wxweb has no getUserProfile (the d.ts lists what is implemented)
  wx.getUserProfile({});
  // @ts-expect-error navigateTo needs a running mini program: launch's wx
  wx.navigateTo({ url: '/pages/a/a' });
  // @ts-expect-error showModal's result has no tapIndex
  wx.showModal({ title: 't', success: (res) => res.tapIndex });
  return `${returned}${n}`;
}

export async function modern(): Promise<number> {
  const wx = await createWx({ profile: 'modern', networkTimeout: { request: 5000 } });
  const info = await wx.getSystemInfo();
  const stored = await wx.getStorage<{ n: number }>({ key: 'k' });
  const withCallback: undefined = wx.setStorage({ key: 'k', data: 1, complete: () => {} });
  const task: RequestTask = wx.request({ url: 'https://example.com/', method: 'POST' });
  task.abort();
  wx.connectSocket({ url: 'wss://example.com/' }).onMessage((res) => console.log(res.data));
  // @ts-expect-error the profile is seed or modern
  await createWx({ profile: 'future' });
  return info.screenWidth + stored.data.n + Number(withCallback);
}

export async function launched(viewport: HTMLElement, navigationBar: HTMLElement): Promise<void> {
  const wx: AppWx = await launch({ viewport, navigationBar, root: 'app/', appid: 'demo' });
  wx.navigateTo({ url: '/pages/b/b', success: () => wx.setNavigationBarTitle({ title: 'B' }) });
  wx.createVideoContext('video').sendDanmu({ text: 'hi', color: '#f00' });
  wx.createMapContext('map').getCenterLocation({ success: (r) => r.latitude + r.longitude });
  await install({ device: { model: 'iPhone 6', system: 'iOS 10.0.1', platform: 'devtools', screenWidth: 375, screenHeight: 667, pixelRatio: 2 } });
  // @ts-expect-error launch needs the viewport element
  await launch({ root: 'app/' });
}
