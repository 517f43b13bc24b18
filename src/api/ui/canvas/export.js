// wx.canvasToTempFilePath: copies a region of a canvas (in its backing pixels) onto a new
// canvas of the output size and encodes it with HTMLCanvasElement.toBlob. The Rust side
// (export.rs) checks the options, finds the canvas and keeps the Blob as a temporary file.

/** Resolves with the Blob of `source`'s region (sx, sy, sw, sh) drawn at width × height. */
export function exportCanvas(source, sx, sy, sw, sh, width, height, type, quality) {
  return new Promise((resolve, reject) => {
    const out = document.createElement('canvas');
    out.width = width;
    out.height = height;
    const ctx = out.getContext('2d');
    if (!ctx) {
      reject(new Error('canvas 2d context is not available'));
      return;
    }
    ctx.drawImage(source, sx, sy, sw, sh, 0, 0, width, height);
    out.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('canvas is empty'))),
      type,
      quality,
    );
  });
}
