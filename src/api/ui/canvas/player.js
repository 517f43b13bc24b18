// wx.drawCanvas: replays the command buffer that `commands.rs` encodes onto a
// CanvasRenderingContext2D, in one JS loop. `strings` holds the texts, colours and
// keywords the commands point at; `images` the loaded images.

const SAVE = 0,
  RESTORE = 1,
  TRANSLATE = 2,
  SCALE = 3,
  ROTATE = 4,
  CLEAR_RECT = 5,
  FILL_RECT = 6,
  STROKE_RECT = 7,
  BEGIN_PATH = 8,
  MOVE_TO = 9,
  LINE_TO = 10,
  QUADRATIC = 11,
  BEZIER = 12,
  ARC = 13,
  RECT = 14,
  CLOSE_PATH = 15,
  FILL = 16,
  STROKE = 17,
  FILL_TEXT = 18,
  DRAW_IMAGE = 19,
  DRAW_IMAGE_SIZED = 20,
  FILL_STYLE = 21,
  STROKE_STYLE = 22,
  LINEAR_GRADIENT = 23,
  RADIAL_GRADIENT = 24,
  GLOBAL_ALPHA = 25,
  SHADOW = 26,
  FONT = 27,
  LINE_WIDTH = 28,
  MITER_LIMIT = 29,
  LINE_CAP = 30,
  LINE_JOIN = 31;

export function play(ctx, c, strings, images) {
  const n = c.length;
  let i = 0;
  while (i < n) {
    // `| 0`: opcodes are small integers, and a switch on integers compiles to a jump
    // table where one on doubles compares case by case.
    switch (c[i] | 0) {
      case SAVE:
        ctx.save();
        i += 1;
        break;
      case RESTORE:
        ctx.restore();
        i += 1;
        break;
      case TRANSLATE:
        ctx.translate(c[i + 1], c[i + 2]);
        i += 3;
        break;
      case SCALE:
        ctx.scale(c[i + 1], c[i + 2]);
        i += 3;
        break;
      case ROTATE:
        ctx.rotate(c[i + 1]);
        i += 2;
        break;
      case CLEAR_RECT:
        ctx.clearRect(c[i + 1], c[i + 2], c[i + 3], c[i + 4]);
        i += 5;
        break;
      case FILL_RECT:
        ctx.fillRect(c[i + 1], c[i + 2], c[i + 3], c[i + 4]);
        i += 5;
        break;
      case STROKE_RECT:
        ctx.strokeRect(c[i + 1], c[i + 2], c[i + 3], c[i + 4]);
        i += 5;
        break;
      case BEGIN_PATH:
        ctx.beginPath();
        i += 1;
        break;
      case MOVE_TO:
        ctx.moveTo(c[i + 1], c[i + 2]);
        i += 3;
        break;
      case LINE_TO:
        ctx.lineTo(c[i + 1], c[i + 2]);
        i += 3;
        break;
      case QUADRATIC:
        ctx.quadraticCurveTo(c[i + 1], c[i + 2], c[i + 3], c[i + 4]);
        i += 5;
        break;
      case BEZIER:
        ctx.bezierCurveTo(c[i + 1], c[i + 2], c[i + 3], c[i + 4], c[i + 5], c[i + 6]);
        i += 7;
        break;
      case ARC:
        ctx.arc(c[i + 1], c[i + 2], c[i + 3], c[i + 4], c[i + 5], c[i + 6] === 1);
        i += 7;
        break;
      case RECT:
        ctx.rect(c[i + 1], c[i + 2], c[i + 3], c[i + 4]);
        i += 5;
        break;
      case CLOSE_PATH:
        ctx.closePath();
        i += 1;
        break;
      case FILL:
        ctx.fill();
        i += 1;
        break;
      case STROKE:
        ctx.stroke();
        i += 1;
        break;
      case FILL_TEXT:
        ctx.fillText(strings[c[i + 1]], c[i + 2], c[i + 3]);
        i += 4;
        break;
      case DRAW_IMAGE:
        ctx.drawImage(images[c[i + 1]], c[i + 2], c[i + 3]);
        i += 4;
        break;
      case DRAW_IMAGE_SIZED:
        ctx.drawImage(images[c[i + 1]], c[i + 2], c[i + 3], c[i + 4], c[i + 5]);
        i += 6;
        break;
      case FILL_STYLE:
        ctx.fillStyle = strings[c[i + 1]];
        i += 2;
        break;
      case STROKE_STYLE:
        ctx.strokeStyle = strings[c[i + 1]];
        i += 2;
        break;
      case LINEAR_GRADIENT:
      case RADIAL_GRADIENT: {
        const fill = c[i + 1] === 1;
        let paint;
        try {
          paint =
            c[i] === LINEAR_GRADIENT
              ? ctx.createLinearGradient(c[i + 2], c[i + 3], c[i + 4], c[i + 5])
              : ctx.createRadialGradient(c[i + 2], c[i + 3], 0, c[i + 2], c[i + 3], c[i + 4]);
        } catch {
          paint = null; // non-finite geometry: black, as an unusable style
        }
        i += c[i] === LINEAR_GRADIENT ? 6 : 5;
        const count = c[i++];
        for (let k = 0; k < count; k++, i += 2) paint?.addColorStop(c[i], strings[c[i + 1]]);
        if (fill) ctx.fillStyle = paint ?? '#000000';
        else ctx.strokeStyle = paint ?? '#000000';
        break;
      }
      case GLOBAL_ALPHA:
        ctx.globalAlpha = c[i + 1];
        i += 2;
        break;
      case SHADOW:
        ctx.shadowOffsetX = c[i + 1];
        ctx.shadowOffsetY = c[i + 2];
        ctx.shadowBlur = c[i + 3];
        ctx.shadowColor = strings[c[i + 4]];
        i += 5;
        break;
      case FONT:
        ctx.font = strings[c[i + 1]];
        i += 2;
        break;
      case LINE_WIDTH:
        ctx.lineWidth = c[i + 1];
        i += 2;
        break;
      case MITER_LIMIT:
        ctx.miterLimit = c[i + 1];
        i += 2;
        break;
      case LINE_CAP:
        ctx.lineCap = strings[c[i + 1]];
        i += 2;
        break;
      case LINE_JOIN:
        ctx.lineJoin = strings[c[i + 1]];
        i += 2;
        break;
      default:
        throw new RangeError(`drawCanvas: unknown command ${c[i]}`);
    }
  }
}
