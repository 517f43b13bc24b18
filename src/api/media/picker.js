// The browser side of chooseImage, chooseVideo and getImageInfo: a hidden file input,
// the desktop camera (getUserMedia preview with a shutter), re-encoding an image through
// a canvas, and reading an image's size or a video's metadata. image.rs and video.rs
// check the options and answer the wx calls.

/**
 * Opens the file picker: resolves with the chosen Files, or null when the person
 * cancels (the input's `cancel` event, Chromium ≥ 113; elsewhere the window regaining
 * focus with no file chosen).
 */
export function pickFiles(accept, multiple, capture) {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.multiple = multiple;
    if (capture) input.setAttribute('capture', capture);
    input.hidden = true;
    input.className = 'wx-file-picker';
    let timer = 0;
    const finish = (files) => {
      clearTimeout(timer);
      window.removeEventListener('focus', onFocus);
      input.remove();
      resolve(files);
    };
    const chosen = () => (input.files && input.files.length ? [...input.files] : null);
    input.addEventListener('change', () => finish(chosen()), { once: true });
    input.addEventListener('cancel', () => finish(null), { once: true });
    // Without the cancel event: the picker gives focus back when it closes; a choice
    // sends its change event soon after, so wait a little before calling it a cancel.
    const onFocus = () => { clearTimeout(timer); timer = setTimeout(() => finish(chosen()), 1500); };
    setTimeout(() => window.addEventListener('focus', onFocus), 0);
    document.body.append(input);
    input.click();
  });
}

const CAMERA_STYLE_ID = 'wx-camera-style';
const CAMERA_CSS = `
.wx-camera { position: absolute; inset: 0; z-index: 160; background: #000; display: flex; flex-direction: column; }
.wx-camera video { flex: 1; min-height: 0; width: 100%; object-fit: cover; }
.wx-camera-bar { height: 96px; flex: none; display: flex; align-items: center; justify-content: space-around; }
.wx-camera-shutter { width: 64px; height: 64px; border-radius: 50%; border: 5px solid #ccc; background: #fff; cursor: pointer; }
.wx-camera-cancel { border: 0; background: none; color: #fff; font: 16px sans-serif; cursor: pointer; }
`;

function ensureStyle(container, id, css) {
  const root = container.getRootNode();
  const scope = root.head ?? root;
  if (!scope.querySelector?.(`#${id}`)) {
    const style = document.createElement('style');
    style.id = id;
    style.textContent = css;
    scope.append(style);
  }
}

/**
 * The desktop camera: a live preview over the device screen with a shutter. Resolves
 * with a JPEG Blob of the frame, or null on cancel; rejects when there is no camera or
 * permission is denied (getUserMedia's error).
 */
export async function takePhoto(container, facing) {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: facing }, audio: false });
  ensureStyle(container, CAMERA_STYLE_ID, CAMERA_CSS);
  const view = document.createElement('div');
  view.className = 'wx-camera';
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  const bar = document.createElement('div');
  bar.className = 'wx-camera-bar';
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.className = 'wx-camera-cancel';
  cancel.textContent = '取消';
  const shutter = document.createElement('button');
  shutter.type = 'button';
  shutter.className = 'wx-camera-shutter';
  shutter.setAttribute('aria-label', '拍照');
  bar.append(cancel, shutter);
  view.append(video, bar);
  container.append(view);
  await video.play().catch(() => {});
  return new Promise((resolve) => {
    const finish = (blob) => {
      stream.getTracks().forEach((track) => track.stop());
      view.remove();
      resolve(blob);
    };
    cancel.onclick = () => finish(null);
    shutter.onclick = () => {
      const canvas = document.createElement('canvas');
      canvas.width = video.videoWidth || 640;
      canvas.height = video.videoHeight || 480;
      canvas.getContext('2d').drawImage(video, 0, 0, canvas.width, canvas.height);
      canvas.toBlob((blob) => finish(blob), 'image/jpeg', 0.92);
    };
  });
}

/**
 * sizeType "compressed": the image re-encoded as JPEG at `quality` through a canvas;
 * the original when that is not smaller (an already small JPEG).
 */
export async function compressImage(blob, quality) {
  const bitmap = await createImageBitmap(blob);
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const context = canvas.getContext('2d');
  context.fillStyle = '#fff'; // JPEG has no transparency: what was clear becomes white
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const jpeg = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
  return jpeg && jpeg.size < blob.size ? jpeg : blob;
}

/** The natural size of the image at `url` as [width, height]; rejects when it does not load. */
export async function imageSize(url) {
  const image = new Image();
  image.src = url;
  await image.decode();
  return [image.naturalWidth, image.naturalHeight];
}

/**
 * A video's [duration (s), width, height] from its metadata (a `<video>` element's
 * loadedmetadata). Recordings made by MediaRecorder carry no duration; seeking far past
 * the end makes the browser find it.
 */
export function videoMetadata(url) {
  return new Promise((resolve, reject) => {
    const video = document.createElement('video');
    video.preload = 'metadata';
    video.muted = true;
    const done = () => {
      resolve([video.duration, video.videoWidth, video.videoHeight]);
      video.removeAttribute('src');
      video.load();
    };
    video.onerror = () => reject(new Error('video cannot be read'));
    video.onloadedmetadata = () => {
      if (Number.isFinite(video.duration)) return done();
      video.ondurationchange = () => { if (Number.isFinite(video.duration)) done(); };
      video.onseeked = done;
      video.currentTime = Number.MAX_SAFE_INTEGER;
    };
    video.src = url;
  });
}
