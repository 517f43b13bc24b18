// The built-in WXML components as light-DOM custom elements (<wx-view>, <wx-button>, …).
//
// The renderer creates `wx-<tag>` elements, sets every component attribute as a camelCase JS
// property, appends WXML children into `el.wxContent` (when it is an Element) or `el`, and turns
// the `wx:<type>` CustomEvents dispatched here into WeChat events. Internals are built lazily
// (on connection or first use of `wxContent`) because a custom element created by
// `document.createElement` must not gain children or attributes in its constructor.

/**
 * What the components get from the runtime: `resolveUrl(src, element)`, and, once their
 * modules install them (`setHook`), `overlay` (overlay.js: `style(element)`, `successIcon`)
 * and `map` (map.js/map.rs: tiles, projection, drawing).
 */
let hooks = { resolveUrl: (src, _element) => src };

// ---- Helpers -------------------------------------------------------------------------------

/** WXML booleans: `true`, a bare attribute, any non-empty string. */
const bool = (v) => (typeof v === 'string' ? v !== '' : !!v); // as in WeChat, "false" is true
const num = (v, d = 0) => {
  const n = typeof v === 'number' ? v : parseFloat(v);
  return Number.isFinite(n) ? n : d;
};
const str = (v, d = '') => (v == null ? d : String(v));
const COERCE = { bool, num, str, any: (v, d) => (v === undefined ? d : v) };
const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
const cssUrl = (url) => (url ? `url(${JSON.stringify(url)})` : 'none');
const resolve = (src, element) => (src ? hooks.resolveUrl(String(src), element) : '');
const mmss = (s) => {
  const t = Math.floor(Number.isFinite(s) ? s : 0);
  return `${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
};

/** Creates `<tag class=cls>` and appends it to `parent` when given. */
function el(tag, cls, parent, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  parent?.append(e);
  return e;
}

function svg(tag, attrs, parent) {
  const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  parent?.append(e);
  return e;
}

// ---- Base class ----------------------------------------------------------------------------

/**
 * Base of every component. Subclasses declare `static props = { name: [type, default] }`
 * (type: bool | num | str | any); `register` turns them into coercing accessors that call
 * `update(name)` once the internals exist. Subclasses implement `build()` (create internals,
 * set `this._content` for a WXML children container) and `render()` (reflect all props).
 */
class WxElement extends HTMLElement {
  static props = {};

  constructor() {
    super();
    this._p = {};
    this._built = false;
    // Properties assigned before the element was upgraded shadow the accessors: re-assign them.
    for (const k of [...Object.keys(this.constructor.props), 'animation']) {
      if (Object.hasOwn(this, k)) {
        const v = this[k];
        delete this[k];
        this[k] = v;
      }
    }
  }

  _ensure() {
    if (this._built) return;
    this._built = true;
    this.build();
    this.render();
  }

  build() {}
  render() {}
  update() {
    this.render();
  }

  connectedCallback() {
    this._ensure();
    this.connected?.();
  }
  disconnectedCallback() {
    this.disconnected?.();
  }

  /** Puts back the animation's inline styles after the renderer rewrote `style`. */
  wxRestyle() {
    for (const [name, v] of this._animation?.inline ?? []) this.style.setProperty(name, v);
  }

  /** The `animation` attribute of every component: wx.createAnimation's export, played. */
  get animation() {
    return this._animation?.value;
  }
  set animation(v) {
    playAnimation(this, v);
  }

  /** Where the renderer appends WXML children (null: the element itself). */
  get wxContent() {
    this._ensure();
    return this._content ?? null;
  }

  emit(type, detail = {}) {
    this.dispatchEvent(new CustomEvent(`wx:${type}`, { bubbles: true, detail }));
  }

  /** hover-class: added while pressed, removed `hoverStayTime` ms after release. */
  initHover() {
    let classes = [];
    let timer;
    const off = () => {
      clearTimeout(timer);
      const done = classes;
      timer = setTimeout(() => this.classList.remove(...done), this.hoverStayTime);
      classes = [];
    };
    this.addEventListener('pointerdown', () => {
      const cls = this.hoverClass;
      if (!cls || cls === 'none' || this.disabled === true) return;
      clearTimeout(timer);
      classes = cls.split(/\s+/).filter(Boolean);
      this.classList.add(...classes);
    });
    for (const t of ['pointerup', 'pointercancel', 'pointerleave']) this.addEventListener(t, off);
  }
}

// ---- animation attribute: wx.createAnimation's {actions} as CSS transitions --------------------

/** Transform types and the unit WeChat's view adds to their numeric arguments. */
const TRANSFORM_UNITS = {
  matrix: '',
  matrix3d: '',
  scale: '',
  scale3d: '',
  scaleX: '',
  scaleY: '',
  scaleZ: '',
  rotate: 'deg',
  rotateX: 'deg',
  rotateY: 'deg',
  rotateZ: 'deg',
  rotate3d: 'deg',
  skew: 'deg',
  skewX: 'deg',
  skewY: 'deg',
  translate: 'px',
  translate3d: 'px',
  translateX: 'px',
  translateY: 'px',
  translateZ: 'px',
};
const PX_STYLES = new Set(['width', 'height', 'top', 'left', 'bottom', 'right']);
/** How long past a step's duration + delay to wait for its transitions before moving on. */
const STEP_SLACK_MS = 100;

const withUnit = (v, unit) => (typeof v === 'number' ? `${v}${unit}` : String(v));
const dashed = (name) => String(name).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** One animate `{type, args}` as a CSS transform function (rotate3d: only its angle in deg). */
function transformFunction(type, args) {
  const unit = TRANSFORM_UNITS[type];
  const list = args.map((v, i) => withUnit(v, type === 'rotate3d' && i < 3 ? '' : unit));
  return `${type}(${list.join(',')})`;
}

/**
 * Plays `value.actions` on `element`, one step after another (WeChat's `animation` attribute):
 * each step sets `transition` (its duration, timing function and delay, for transform and the
 * styles it changes) and `transform-origin`, then its styles and the transform. Transforms merge
 * by type into those the element already has, from earlier steps and earlier exports (within one
 * instance's export WeChat repeats them anyway); a second instance's export therefore keeps the
 * first's other transform types, where WeChat's view replaces the whole transform. The next step
 * starts when the step's CSS transitions have finished (`Element.getAnimations()`), or after
 * `duration + delay` when nothing transitions (+ slack, should a transition never finish).
 * A new value stops the running sequence and plays from where the element is.
 */
function playAnimation(element, value) {
  const state = (element._animation ??= {
    value: undefined,
    transforms: new Map(),
    run: 0,
    timer: 0,
  });
  state.value = value;
  clearTimeout(state.timer);
  const actions = Array.isArray(value?.actions) ? value.actions : [];
  const run = ++state.run;
  const play = (index) => {
    if (run !== state.run || index >= actions.length) return;
    const { animates, option } = actions[index] ?? {};
    const { duration = 400, timingFunction = 'linear', delay = 0 } = option?.transition ?? {};
    const styles = [];
    for (const animate of Array.isArray(animates) ? animates : []) {
      const { type, args } = animate ?? {};
      const list = Array.isArray(args) ? args : [];
      if (type === 'style' && list.length >= 2) {
        const [name, v] = list;
        styles.push([dashed(name), withUnit(v, PX_STYLES.has(name) ? 'px' : '')]);
      } else if (Object.hasOwn(TRANSFORM_UNITS, type)) {
        state.transforms.set(type, transformFunction(type, list));
      }
    }
    // The styles the previous step left are the start of this step's transitions.
    getComputedStyle(element).transform;
    const timing = `${num(duration)}ms ${timingFunction} ${num(delay)}ms`;
    const style = element.style;
    style.transition = ['transform', ...styles.map(([name]) => name)]
      .map((name) => `${name} ${timing}`)
      .join(',');
    style.transformOrigin = option?.transformOrigin ?? '';
    style.transform = [...state.transforms.values()].join(' ');
    for (const [name, v] of styles) style.setProperty(name, v);
    state.inline = [
      ['transition', style.transition],
      ['transform-origin', style.transformOrigin],
      ['transform', style.transform],
      ...(state.inline ?? []).slice(3),
      ...styles,
    ];
    let moved = false;
    const next = () => {
      if (moved || run !== state.run) return;
      moved = true;
      clearTimeout(state.timer);
      play(index + 1);
    };
    // getAnimations() applies the styles above, which starts this step's transitions; the
    // previous step's may still be listed, finished.
    const transitions = element
      .getAnimations()
      .filter((a) => a instanceof CSSTransition && a.playState !== 'finished');
    if (transitions.length) Promise.all(transitions.map((a) => a.finished)).then(next, () => {});
    const total = Math.max(0, num(duration)) + Math.max(0, num(delay));
    state.timer = setTimeout(next, transitions.length ? total + STEP_SLACK_MS : total);
  };
  play(0);
}

function hasAccessor(proto, k) {
  for (let p = proto; p && p !== WxElement.prototype; p = Object.getPrototypeOf(p)) {
    if (Object.hasOwn(p, k)) return true;
  }
  return false;
}

/** Defines the prop accessors of `cls` and registers it as `tag` (once). */
function register(tag, cls) {
  if (customElements.get(tag)) return;
  for (const [k, [type, def]] of Object.entries(cls.props)) {
    if (hasAccessor(cls.prototype, k)) continue; // a custom (or inherited) accessor
    Object.defineProperty(cls.prototype, k, {
      configurable: true,
      get() {
        return k in this._p ? this._p[k] : def;
      },
      set(v) {
        this._p[k] = COERCE[type](v, def);
        if (this._built) this.update(k);
      },
    });
  }
  customElements.define(tag, cls);
}

const HOVER = { hoverClass: ['str', 'none'], hoverStayTime: ['num', 400] };

// ---- view, text, label, navigator, button, icon ------------------------------------------------

/** <view>: block container with hover-class. */
class WxView extends WxElement {
  static props = { ...HOVER };
  build() {
    this.initHover();
  }
}

/** <text>: inline text; `selectable` is styled by CSS. */
class WxText extends WxElement {
  static props = { selectable: ['bool', false], space: ['str', ''], decode: ['bool', false] };
}

const CONTROLS = 'wx-checkbox, wx-radio, wx-switch, wx-input, wx-textarea';

/** <label>: a click activates the control with id `for`, or the first control inside. */
class WxLabel extends WxElement {
  static props = { for: ['str', ''] };
  build() {
    this.addEventListener('click', (e) => {
      const inner = e.target.closest?.(CONTROLS);
      if (inner && this.contains(inner)) return; // the control handles its own click
      const scope = this.closest('wx-page') ?? document;
      const target = this.for
        ? scope.querySelector(`#${CSS.escape(this.for)}`)
        : this.querySelector(CONTROLS);
      target?.activate?.();
    });
  }
}

/** <navigator>: dispatches `wx:navigate` {url, openType, delta}; the renderer navigates. */
class WxNavigator extends WxElement {
  static props = {
    url: ['str', ''],
    openType: ['str', 'navigate'],
    delta: ['num', 1],
    hoverClass: ['str', 'navigator-hover'],
    hoverStayTime: ['num', 600],
  };
  build() {
    this.initHover();
    this.addEventListener('click', () => {
      this.emit('navigate', { url: this.url, openType: this.openType, delta: this.delta });
    });
  }
}

/** <button>: styled by CSS on the mirrored attributes; a spinner while `loading`. */
class WxButton extends WxElement {
  static props = {
    type: ['str', 'default'],
    size: ['str', 'default'],
    plain: ['bool', false],
    disabled: ['bool', false],
    loading: ['bool', false],
    formType: ['str', ''],
    openType: ['str', ''],
    hoverClass: ['str', 'button-hover'],
    hoverStayTime: ['num', 70],
  };
  build() {
    this.initHover();
    this._spinner = el('span', 'wx-button-loading');
  }
  render() {
    if (!this.loading) this._spinner.remove();
    else if (this.firstChild !== this._spinner) this.prepend(this._spinner);
  }
}

// [filled circle?, glyph path] on a 24×24 grid; WeChat's default color per type.
const ICONS = {
  success: [1, 'M6.8 12.3l3.6 3.6 6.9-7.4', '#09BB07'],
  success_no_circle: [0, 'M4.5 12.5l5 5L20 7', '#09BB07'],
  info: [1, 'M12 10.5v7M12 6.6v.3', '#10AEFF'],
  warn: [1, 'M12 6.3v8M12 17.2v.3', '#F76260'],
  waiting: [1, 'M12 6.5V12l3.8 2.6', '#10AEFF'],
  cancel: [1, 'M8.2 8.2l7.6 7.6M15.8 8.2l-7.6 7.6', '#F43530'],
  download: [1, 'M12 6.3v9.2M8.2 11.8L12 15.6l3.8-3.8M7.5 18h9', '#09BB07'],
  search: [0, 'M10.5 3.8a6.7 6.7 0 1 0 0 13.4 6.7 6.7 0 1 0 0-13.4zM15.4 15.4l5 5', '#B2B2B2'],
  clear: [1, 'M8.5 8.5l7 7M15.5 8.5l-7 7', '#B2B2B2'],
};

/** <icon>: inline SVG drawing of WeChat's icon types. */
class WxIcon extends WxElement {
  static props = { type: ['str', ''], size: ['num', 23], color: ['str', ''] };
  render() {
    const [circle, d, def] = ICONS[this.type] ?? [0, '', '#000'];
    const color = this.color || def;
    const s = svg('svg', { width: this.size, height: this.size, viewBox: '0 0 24 24' });
    if (circle) svg('circle', { cx: 12, cy: 12, r: 12, fill: color }, s);
    svg(
      'path',
      {
        d,
        fill: 'none',
        stroke: circle ? '#fff' : color,
        'stroke-width': circle ? 2 : 2.2,
        'stroke-linecap': 'round',
        'stroke-linejoin': 'round',
      },
      s,
    );
    this.replaceChildren(s);
  }
}

// ---- image ---------------------------------------------------------------------------------

// mode → [background-size, background-position]; widthFix/heightFix use the <img> itself.
const IMAGE_MODES = {
  scaleToFill: ['100% 100%', '0 0'],
  aspectFit: ['contain', 'center'],
  aspectFill: ['cover', 'center'],
  widthFix: ['100% 100%', '0 0'],
  heightFix: ['100% 100%', '0 0'],
  top: ['auto', 'center top'],
  bottom: ['auto', 'center bottom'],
  center: ['auto', 'center'],
  left: ['auto', 'left center'],
  right: ['auto', 'right center'],
  'top left': ['auto', 'left top'],
  'top right': ['auto', 'right top'],
  'bottom left': ['auto', 'left bottom'],
  'bottom right': ['auto', 'right bottom'],
};

/** <image>: a background-image div; a hidden <img> reports load/error (and sizes widthFix). */
class WxImage extends WxElement {
  static props = { src: ['str', ''], mode: ['str', 'scaleToFill'], lazyLoad: ['bool', false] };
  build() {
    this._bg = el('div', 'wx-image-bg', this);
    const img = (this._img = el('img', 'wx-image-img', this));
    img.alt = '';
    img.draggable = false;
    img.addEventListener('load', () => {
      this.emit('load', { width: img.naturalWidth, height: img.naturalHeight });
    });
    img.addEventListener('error', () => {
      if (this._url) this.emit('error', { errMsg: `GET ${this._url} 404 (Not Found)` });
    });
  }
  render() {
    const url = resolve(this.src, this);
    if (url !== this._url) {
      this._url = url;
      if (url) this._img.src = url;
      else this._img.removeAttribute('src');
      this._bg.style.backgroundImage = cssUrl(url);
    }
    const [size, pos] = IMAGE_MODES[this.mode] ?? IMAGE_MODES.scaleToFill;
    Object.assign(this._bg.style, { backgroundSize: size, backgroundPosition: pos });
  }
}

// ---- input, textarea -----------------------------------------------------------------------

const INPUT_FILTERS = { number: /[^0-9]/g, digit: /[^0-9.]/g, idcard: /[^0-9xX]/g };
const INPUT_MODES = { number: 'numeric', digit: 'decimal', idcard: 'text' };

/** <input>: a real <input> with a styleable placeholder; events input/focus/blur/confirm. */
class WxInput extends WxElement {
  static field = 'input';
  static props = {
    value: ['str', ''],
    type: ['str', 'text'],
    password: ['bool', false],
    name: ['str', ''],
    placeholder: ['str', ''],
    placeholderClass: ['str', ''],
    placeholderStyle: ['str', ''],
    disabled: ['bool', false],
    maxlength: ['num', 140],
    focus: ['bool', false],
    autoFocus: ['bool', false],
    confirmType: ['str', 'done'],
    autoHeight: ['bool', false],
  };

  build() {
    const wrap = el('div', `wx-${this.constructor.field}-wrapper`, this);
    this._ph = el('div', '', wrap);
    const f = (this._field = el(
      this.constructor.field,
      `wx-${this.constructor.field}-inner`,
      wrap,
    ));
    f.value = str(this._p.value);
    let last = f.value;
    f.addEventListener('input', () => {
      const re = INPUT_FILTERS[this.type];
      if (re && !this._isTextarea && re.test(f.value)) {
        const caret = f.selectionStart - (f.value.length - f.value.replace(re, '').length);
        f.value = f.value.replace(re, '');
        f.setSelectionRange(caret, caret);
        if (f.value === last) return; // only rejected characters were typed
      }
      last = f.value;
      this._sync();
      this.emit('input', {
        value: f.value,
        cursor: f.selectionStart ?? f.value.length,
        keyCode: 0,
      });
    });
    f.addEventListener('focus', () => this.emit('focus', { value: f.value, height: 0 }));
    f.addEventListener('blur', () => this.emit('blur', { value: f.value }));
    f.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.isComposing && !this._isTextarea)
        this.emit('confirm', { value: f.value });
    });
  }

  get _isTextarea() {
    return this.constructor.field === 'textarea';
  }

  // The live text; setting it keeps the caret when the text is unchanged.
  get value() {
    return this._field ? this._field.value : str(this._p.value);
  }
  set value(v) {
    this._p.value = str(v);
    if (this._field && this._field.value !== this._p.value) {
      this._field.value = this._p.value;
      this._sync();
    }
  }

  // `focus` is a WXML prop here; read as a method it still focuses the inner field.
  get focus() {
    return () => this.activate();
  }
  set focus(v) {
    this._p.focus = bool(v);
    if (this._built) this.update('focus');
  }

  update(k) {
    if (k === 'focus' || k === 'autoFocus') {
      if (this._p[k]) this._focusSoon();
      else if (k === 'focus' && this.getRootNode().activeElement === this._field)
        this._field.blur();
    } else this.render();
  }

  connected() {
    this._sync();
    if (this._p.focus || this.autoFocus) this._focusSoon();
  }
  _focusSoon() {
    requestAnimationFrame(() => this.isConnected && this.activate());
  }
  activate() {
    this._ensure();
    this._field.focus();
  }

  render() {
    const f = this._field;
    if (!this._isTextarea) {
      f.type = this.password ? 'password' : 'text';
      f.inputMode = INPUT_MODES[this.type] ?? 'text';
      f.enterKeyHint = this.confirmType;
    }
    f.placeholder = this.placeholder;
    f.disabled = this.disabled;
    if (this.maxlength >= 0) f.maxLength = this.maxlength;
    else f.removeAttribute('maxlength');
    const kind = this.constructor.field;
    this._ph.className = `wx-${kind}-placeholder ${kind}-placeholder ${this.placeholderClass}`;
    this._ph.style.cssText = this.placeholderStyle;
    this._ph.textContent = this.placeholder;
    this._sync();
  }

  _sync() {
    const f = this._field;
    this._ph.hidden = f.value !== '';
    if (this._isTextarea && this.autoHeight) {
      f.style.height = 'auto';
      f.style.height = `${f.scrollHeight}px`;
    } else f.style.height = '';
  }

  get formValue() {
    return this.value;
  }
  resetForm() {
    this.value = '';
  }
}

/** <textarea>: like <input> with a real <textarea>; no confirm on Enter; autoHeight. */
class WxTextarea extends WxInput {
  static field = 'textarea';
}

// ---- checkbox, radio, switch and their groups --------------------------------------------------

/** <checkbox>: a `.wx-checkbox-input` box before its children; clicking toggles it. */
class WxCheckbox extends WxElement {
  static kind = 'checkbox';
  static props = {
    value: ['str', ''],
    checked: ['bool', false],
    disabled: ['bool', false],
    color: ['str', ''],
  };
  build() {
    const k = this.constructor.kind;
    const wrap = el('div', `wx-${k}-wrapper`, this);
    this._box = el('div', `wx-${k}-input`, wrap);
    this._content = el('span', `wx-${k}-label`, wrap);
    this.addEventListener('click', () => this.activate());
  }
  render() {
    const k = this.constructor.kind;
    this._box.classList.toggle(`wx-${k}-input-checked`, this.checked);
    this._box.classList.toggle(`wx-${k}-input-disabled`, this.disabled);
    this._box.style.color = this.color;
  }
  activate() {
    if (this.disabled) return;
    this.checked = !this.checked;
    this.closest('wx-checkbox-group')?.changed();
  }
}

/** <radio>: checking one unchecks the others of its radio-group. */
class WxRadio extends WxCheckbox {
  static kind = 'radio';
  activate() {
    if (this.disabled || this.checked) return;
    this.checked = true;
    this.closest('wx-radio-group')?.changed(this);
  }
}

/** <checkbox-group>: `change` {value: checked values in document order}. */
class WxCheckboxGroup extends WxElement {
  static props = { name: ['str', ''] };
  get _items() {
    return [...this.querySelectorAll('wx-checkbox')];
  }
  changed() {
    this.emit('change', { value: this.formValue });
  }
  get formValue() {
    return this._items.filter((c) => c.checked).map((c) => c.value);
  }
  resetForm() {
    for (const c of this._items) c.checked = false;
  }
}

/** <radio-group>: `change` {value}. */
class WxRadioGroup extends WxElement {
  static props = { name: ['str', ''] };
  get _items() {
    return [...this.querySelectorAll('wx-radio')];
  }
  changed(radio) {
    for (const r of this._items) if (r !== radio) r.checked = false;
    this.emit('change', { value: radio.value });
  }
  get formValue() {
    return this._items.find((r) => r.checked)?.value ?? '';
  }
  resetForm() {
    for (const r of this._items) r.checked = false;
  }
}

/** <switch>: a toggle (or a checkbox when type="checkbox"); `change` {value: bool}. */
class WxSwitch extends WxElement {
  static props = {
    checked: ['bool', false],
    type: ['str', 'switch'],
    disabled: ['bool', false],
    color: ['str', ''],
    name: ['str', ''],
  };
  build() {
    this._box = el('div', '', el('div', 'wx-switch-wrapper', this));
    this.addEventListener('click', () => this.activate());
  }
  render() {
    const k = this.type === 'checkbox' ? 'checkbox' : 'switch';
    this._box.className = `wx-${k}-input`;
    this._box.classList.toggle(`wx-${k}-input-checked`, this.checked);
    this._box.classList.toggle(`wx-${k}-input-disabled`, this.disabled);
    this._box.style.color = this.color;
  }
  activate() {
    if (this.disabled) return;
    this.checked = !this.checked;
    this.emit('change', { value: this.checked });
  }
  get formValue() {
    return this.checked;
  }
  resetForm() {
    this.checked = false;
  }
}

// ---- slider, progress ------------------------------------------------------------------------

/** <slider>: drag or tap the track; `changing` {value} while dragging, `change` on release. */
class WxSlider extends WxElement {
  static props = {
    min: ['num', 0],
    max: ['num', 100],
    step: ['num', 1],
    value: ['num', 0],
    disabled: ['bool', false],
    showValue: ['bool', false],
    name: ['str', ''],
    color: ['str', '#e9e9e9'],
    selectedColor: ['str', '#1aad19'],
    activeColor: ['str', ''],
    backgroundColor: ['str', ''],
    blockSize: ['num', 28],
    blockColor: ['str', '#ffffff'],
  };
  build() {
    const wrap = el('div', 'wx-slider-wrapper', this);
    const area = el('div', 'wx-slider-tap-area', wrap);
    this._track = el('div', 'wx-slider-handle-wrapper', area);
    this._active = el('div', 'wx-slider-track', this._track);
    this._handle = el('div', 'wx-slider-handle', this._track);
    this._label = el('span', 'wx-slider-value', wrap);
    area.addEventListener('pointerdown', (e) => {
      if (this.disabled || e.button) return;
      area.setPointerCapture(e.pointerId);
      this._dragging = true;
      this._seek(e.clientX);
    });
    area.addEventListener('pointermove', (e) => {
      if (this._dragging && this._seek(e.clientX)) this.emit('changing', { value: this.value });
    });
    area.addEventListener('pointerup', (e) => {
      if (!this._dragging) return;
      this._dragging = false;
      this._seek(e.clientX);
      this.emit('change', { value: this.value });
    });
    area.addEventListener('pointercancel', () => {
      this._dragging = false;
    });
  }
  /** Moves the value to the pointer's x; true when it changed. */
  _seek(x) {
    const { min, max } = this;
    const step = this.step > 0 ? this.step : 1;
    const r = this._track.getBoundingClientRect();
    const ratio = r.width ? clamp((x - r.left) / r.width, 0, 1) : 0;
    const v = clamp(+(min + Math.round((ratio * (max - min)) / step) * step).toFixed(10), min, max);
    if (v === this.value) return false;
    this.value = v;
    return true;
  }
  render() {
    const { min, max } = this;
    const v = clamp(this.value, min, max);
    const pct = max > min ? ((v - min) / (max - min)) * 100 : 0;
    this._track.style.backgroundColor = this.backgroundColor || this.color;
    Object.assign(this._active.style, {
      width: `${pct}%`,
      backgroundColor: this.activeColor || this.selectedColor,
    });
    const size = clamp(this.blockSize, 12, 28);
    Object.assign(this._handle.style, {
      left: `${pct}%`,
      width: `${size}px`,
      height: `${size}px`,
      margin: `${-size / 2}px 0 0 ${-size / 2}px`,
      backgroundColor: this.blockColor,
    });
    this._label.hidden = !this.showValue;
    this._label.textContent = v;
  }
  get formValue() {
    return clamp(this.value, this.min, this.max);
  }
  resetForm() {
    this.value = this.min;
  }
}

/** <progress>: a bar with an optional percentage. */
class WxProgress extends WxElement {
  static props = {
    percent: ['num', 0],
    showInfo: ['bool', false],
    strokeWidth: ['num', 6],
    color: ['str', '#09BB07'],
    activeColor: ['str', ''],
    backgroundColor: ['str', '#EBEBEB'],
    borderRadius: ['num', 0],
  };
  build() {
    this._bar = el('div', 'wx-progress-bar', this);
    this._inner = el('div', 'wx-progress-inner-bar', this._bar);
    this._info = el('span', 'wx-progress-info', this);
  }
  render() {
    const p = clamp(this.percent, 0, 100);
    Object.assign(this._bar.style, {
      height: `${this.strokeWidth}px`,
      backgroundColor: this.backgroundColor,
      borderRadius: `${this.borderRadius}px`,
    });
    Object.assign(this._inner.style, {
      width: `${p}%`,
      backgroundColor: this.activeColor || this.color,
    });
    this._info.hidden = !this.showInfo;
    this._info.textContent = `${p}%`;
  }
}

// ---- picker ----------------------------------------------------------------------------------

/**
 * <picker>: its WXML children are the visible content; a tap opens a bottom sheet
 * (in #device-screen or <body>) with 取消 / 确定. Modes: selector, multiSelector, date, time.
 */
class WxPicker extends WxElement {
  static props = {
    mode: ['str', 'selector'],
    range: ['any', []],
    rangeKey: ['str', ''],
    value: ['any', 0],
    disabled: ['bool', false],
    name: ['str', ''],
    start: ['str', ''],
    end: ['str', ''],
  };
  build() {
    this.addEventListener('click', () => this.open());
  }
  disconnected() {
    this.close();
  }

  get formValue() {
    const v = this.value;
    if (this.mode === 'multiSelector') return Array.isArray(v) ? v.map((x) => num(x)) : [];
    return this.mode === 'selector' ? num(v) : str(v);
  }
  resetForm() {
    this.value = this.mode === 'selector' ? 0 : this.mode === 'multiSelector' ? [] : '';
  }

  _label(item) {
    if (item != null && typeof item === 'object')
      return str(this.rangeKey ? item[this.rangeKey] : '');
    return str(item);
  }

  open() {
    if (this.disabled || this._mask) return;
    // Over the device screen: its shadow root (where this sheet's CSS is), else the page.
    const root = this.getRootNode();
    const host =
      root instanceof ShadowRoot ? root : (this.closest('#device-screen') ?? document.body);
    const mask = (this._mask = el('div', 'wx-picker-mask'));
    mask.style.position = host === document.body ? 'fixed' : 'absolute';
    const sheet = el('div', 'wx-picker', mask);
    const head = el('div', 'wx-picker-header', sheet);
    const cancel = el('div', 'wx-picker-action wx-picker-cancel', head, '取消');
    const confirm = el('div', 'wx-picker-action wx-picker-confirm', head, '确定');
    const body = el('div', 'wx-picker-body', sheet);
    let result;
    if (this.mode === 'date' || this.mode === 'time') {
      const input = el('input', 'wx-picker-native', body);
      Object.assign(input, {
        type: this.mode,
        value: str(this.value),
        min: this.start,
        max: this.end,
      });
      result = () => input.value;
    } else {
      const multi = this.mode === 'multiSelector';
      const cols = multi ? (Array.isArray(this.range) ? this.range : []) : [this.range];
      const sel = cols.map((_, i) => (multi ? num(this.value?.[i]) : this.formValue));
      const lists = cols.map((col, ci) => {
        const list = el('div', 'wx-picker-column', body);
        (Array.isArray(col) ? col : []).forEach((item, i) => {
          const it = el('div', 'wx-picker-item', list, this._label(item));
          it.classList.toggle('wx-picker-item-selected', i === sel[ci]);
          it.addEventListener('click', () => {
            sel[ci] = i;
            for (const o of list.children) o.classList.toggle('wx-picker-item-selected', o === it);
            if (multi) this.emit('columnchange', { column: ci, value: i });
          });
        });
        return list;
      });
      result = () => (multi ? sel.slice() : sel[0]);
      requestAnimationFrame(() =>
        lists.forEach((list) => {
          const it = list.querySelector('.wx-picker-item-selected');
          if (it) list.scrollTop = it.offsetTop - (list.clientHeight - it.offsetHeight) / 2;
        }),
      );
    }
    const finish = (ok) => {
      this.close();
      if (!ok) return this.emit('cancel', {});
      const value = result();
      this.value = value;
      this.emit('change', { value });
    };
    cancel.addEventListener('click', () => finish(false));
    confirm.addEventListener('click', () => finish(true));
    mask.addEventListener('click', (e) => e.target === mask && finish(false));
    host.append(mask);
  }

  close() {
    this._mask?.remove();
    this._mask = null;
  }
}

// ---- form ------------------------------------------------------------------------------------

/** <form>: submit/reset from descendant <button form-type>; collects named fields' formValue. */
class WxForm extends WxElement {
  static props = { reportSubmit: ['bool', false] };
  build() {
    this.addEventListener('click', (e) => {
      const btn = e.target.closest?.('wx-button');
      if (!btn || btn.closest('wx-form') !== this || btn.disabled) return;
      if (btn.formType === 'submit') this.submit();
      else if (btn.formType === 'reset') this.reset();
    });
  }
  get _fields() {
    return [...this.querySelectorAll('*')].filter(
      (n) => typeof n.name === 'string' && n.name && 'formValue' in n,
    );
  }
  submit() {
    const value = {};
    for (const f of this._fields) value[f.name] = f.formValue;
    this.emit('submit', { value });
  }
  reset() {
    for (const f of this._fields) f.resetForm?.();
    this.emit('reset', {});
  }
}

// ---- scroll-view, swiper ---------------------------------------------------------------------

/**
 * <scroll-view>: the scroll container itself (overflow from the mirrored scroll-x/scroll-y
 * attributes). scrollTop/scrollLeft/scrollIntoView are WXML props here: a new value scrolls.
 */
class WxScrollView extends WxElement {
  static props = {
    scrollX: ['bool', false],
    scrollY: ['bool', false],
    upperThreshold: ['num', 50],
    lowerThreshold: ['num', 50],
    scrollWithAnimation: ['bool', false],
  };
  build() {
    this._last = { top: 0, left: 0 };
    this._near = { top: true, left: true, bottom: false, right: false };
    this.addEventListener('scroll', () => this._onScroll(), { passive: true });
  }

  get scrollTop() {
    return super.scrollTop;
  }
  set scrollTop(v) {
    this._request('top', num(v));
  }
  get scrollLeft() {
    return super.scrollLeft;
  }
  set scrollLeft(v) {
    this._request('left', num(v));
  }
  // Read as a method, `scrollIntoView` is still Element's.
  get scrollIntoView() {
    return (...args) => super.scrollIntoView(...args);
  }
  set scrollIntoView(id) {
    this._request('into', str(id));
  }

  _request(k, v) {
    if (this._p[k] === v) return; // like WeChat: only a changed value scrolls
    this._p[k] = v;
    if (k === 'into' && !v) return;
    (this._req ??= {})[k] = v;
    queueMicrotask(() => this._apply());
  }

  connected() {
    this._apply();
  }

  _apply() {
    const r = this._req;
    if (!r || !this.isConnected) return;
    this._req = null;
    const to = { behavior: this.scrollWithAnimation ? 'smooth' : 'instant' };
    const target = r.into && this.querySelector(`#${CSS.escape(r.into)}`);
    if (target) {
      const a = target.getBoundingClientRect();
      const b = this.getBoundingClientRect();
      if (this.scrollY) to.top = super.scrollTop + a.top - b.top;
      if (this.scrollX) to.left = super.scrollLeft + a.left - b.left;
    }
    if ('top' in r) to.top = r.top;
    if ('left' in r) to.left = r.left;
    this.scrollTo(to);
  }

  _onScroll() {
    const top = super.scrollTop;
    const left = super.scrollLeft;
    const { scrollHeight, scrollWidth, clientHeight, clientWidth } = this;
    this.emit('scroll', {
      scrollLeft: left,
      scrollTop: top,
      scrollHeight,
      scrollWidth,
      deltaX: this._last.left - left,
      deltaY: this._last.top - top,
    });
    this._last = { top, left };
    const edge = (side, near, type) => {
      if (near && !this._near[side]) this.emit(type, { direction: side });
      this._near[side] = near;
    };
    if (this.scrollY) {
      edge('top', top <= this.upperThreshold, 'scrolltoupper');
      edge('bottom', scrollHeight - clientHeight - top <= this.lowerThreshold, 'scrolltolower');
    }
    if (this.scrollX) {
      edge('left', left <= this.upperThreshold, 'scrolltoupper');
      edge('right', scrollWidth - clientWidth - left <= this.lowerThreshold, 'scrolltolower');
    }
  }
}

/** <swiper>: a sliding track of <swiper-item>s (wxContent), dots, autoplay and dragging. */
class WxSwiper extends WxElement {
  static props = {
    indicatorDots: ['bool', false],
    indicatorColor: ['str', 'rgba(0, 0, 0, .3)'],
    indicatorActiveColor: ['str', '#000000'],
    autoplay: ['bool', false],
    interval: ['num', 5000],
    duration: ['num', 500],
    circular: ['bool', false],
    vertical: ['bool', false],
  };
  build() {
    this._cur = num(this._p.current);
    const wrap = el('div', 'wx-swiper-wrapper', this);
    this._track = this._content = el('div', 'wx-swiper-slides', wrap);
    this._dots = el('div', 'wx-swiper-dots', this);
    new MutationObserver(() => this._layout(false)).observe(this._track, { childList: true });
    this.addEventListener('pointerdown', (e) => {
      if (!e.button) this._drag = { id: e.pointerId, x: e.clientX, y: e.clientY, moved: false };
    });
    this.addEventListener('pointermove', (e) => this._dragMove(e));
    this.addEventListener('pointerup', (e) => this._dragEnd(e));
    this.addEventListener('pointercancel', (e) => this._dragEnd(e));
  }

  get current() {
    return this._built ? this._index : num(this._p.current);
  }
  set current(v) {
    this._p.current = num(v);
    if (this._built) this._go(this._p.current, null);
  }

  update(k) {
    if (k === 'autoplay' || k === 'interval') this._timer();
    this._layout(false);
  }
  render() {
    this._layout(false);
  }
  connected() {
    this._timer();
  }
  disconnected() {
    clearInterval(this._auto);
    clearTimeout(this._finish);
    this._auto = null;
  }

  _timer() {
    clearInterval(this._auto);
    this._auto =
      this.autoplay && this.isConnected
        ? setInterval(() => this._go(this._index + 1, 'autoplay'), Math.max(this.interval, 100))
        : null;
  }

  /** The shown item: `current` clamped to the items present. */
  get _index() {
    return clamp(this._cur, 0, Math.max(0, this._track.children.length - 1));
  }

  _offset(extra) {
    const pct = `${-this._index * 100}%`;
    return `${this.vertical ? 'translateY' : 'translateX'}(calc(${pct} + ${extra}px))`;
  }

  _layout(animate) {
    const n = this._track.children.length;
    const cur = this._index;
    this._track.style.transitionDuration = animate ? `${this.duration}ms` : '0ms';
    this._track.style.transform = this._offset(0);
    this._dots.hidden = !this.indicatorDots;
    while (this._dots.children.length < n) el('span', 'wx-swiper-dot', this._dots);
    while (this._dots.children.length > n) this._dots.lastChild.remove();
    [...this._dots.children].forEach((d, i) => {
      d.classList.toggle('wx-swiper-dot-active', i === cur);
      d.style.backgroundColor = i === cur ? this.indicatorActiveColor : this.indicatorColor;
    });
  }

  /** Shows item `i`; `source` null means a data-driven change (no event). */
  _go(i, source) {
    const n = this._track.children.length;
    if (!n) return void (this._cur = i); // items not appended yet
    i = this.circular || source === 'autoplay' ? ((i % n) + n) % n : clamp(i, 0, n - 1);
    const changed = i !== this._index;
    this._cur = i;
    this._layout(true);
    if (!changed || source == null) return;
    const detail = { current: i, source, currentItemId: this._track.children[i].itemId ?? '' };
    this.emit('change', detail);
    clearTimeout(this._finish);
    this._finish = setTimeout(() => this.emit('animationfinish', detail), this.duration);
  }

  _dragMove(e) {
    const d = this._drag;
    if (!d || e.pointerId !== d.id) return;
    if (!e.buttons) return void (this._drag = null);
    const delta = this.vertical ? e.clientY - d.y : e.clientX - d.x;
    if (!d.moved) {
      if (Math.abs(delta) < 6) return;
      d.moved = true; // capture only now, so taps inside items keep their targets
      this.setPointerCapture(e.pointerId);
      clearInterval(this._auto);
    }
    this._track.style.transitionDuration = '0ms';
    this._track.style.transform = this._offset(delta);
  }

  _dragEnd(e) {
    const d = this._drag;
    this._drag = null;
    if (!d?.moved) return;
    const delta = this.vertical ? e.clientY - d.y : e.clientX - d.x;
    const size = this.vertical ? this.clientHeight : this.clientWidth;
    const dir = Math.abs(delta) > size / 5 ? -Math.sign(delta) : 0;
    if (dir) this._go(this._index + dir, 'touch');
    else this._layout(true);
    this._timer();
  }
}

/** <swiper-item>: one full-size page of a swiper. */
class WxSwiperItem extends WxElement {
  static props = { itemId: ['str', ''] };
}

// ---- canvas, audio, video --------------------------------------------------------------------

/**
 * <canvas>: a real <canvas> (the `canvas` getter) kept at the element's size ×
 * devicePixelRatio. A resize keeps what is drawn at its place in CSS pixels (resizing
 * a <canvas> would clear it), as WeChat's canvas keeps its drawing.
 */
class WxCanvas extends WxElement {
  static props = { canvasId: ['str', ''], type: ['str', ''], disableScroll: ['bool', false] };
  build() {
    this._canvas = el('canvas', 'wx-canvas-inner', this);
  }
  get canvas() {
    this._ensure();
    return this._canvas;
  }
  connected() {
    this._ro ??= new ResizeObserver(() => this._fit());
    this._ro.observe(this);
    this._fit();
  }
  disconnected() {
    this._ro?.disconnect();
  }
  _fit() {
    const r = window.devicePixelRatio || 1;
    const w = Math.round(this.clientWidth * r);
    const h = Math.round(this.clientHeight * r);
    const canvas = this._canvas;
    if (!w || !h || (canvas.width === w && canvas.height === h)) return;
    let kept = null;
    if (this._ratio && canvas.width && canvas.height) {
      kept = document.createElement('canvas');
      kept.width = canvas.width;
      kept.height = canvas.height;
      kept.getContext('2d').drawImage(canvas, 0, 0);
    }
    canvas.width = w;
    canvas.height = h;
    if (kept) {
      const scale = r / this._ratio;
      canvas.getContext('2d').drawImage(kept, 0, 0, kept.width * scale, kept.height * scale);
    }
    this._ratio = r;
  }
}

const MEDIA_ERRORS = [
  '',
  'MEDIA_ERR_ABORTED',
  'MEDIA_ERR_NETWORK',
  'MEDIA_ERR_DECODE',
  'MEDIA_ERR_SRC_NOT_SUPPORTED',
];

/** Shared by <audio> and <video>: play/pause/seek and the media events. */
class WxMedia extends WxElement {
  _forward(m) {
    for (const t of ['play', 'pause', 'ended']) {
      m.addEventListener(t, () => {
        this.render();
        this.emit(t, {});
      });
    }
    m.addEventListener('timeupdate', () => {
      this.render();
      this.emit('timeupdate', { currentTime: m.currentTime, duration: m.duration || 0 });
    });
    m.addEventListener('error', () => {
      if (m.error)
        this.emit('error', {
          errMsg: MEDIA_ERRORS[m.error.code] ?? 'MEDIA_ERR',
          errCode: m.error.code,
        });
    });
  }
  _source(m, src) {
    const url = resolve(src, this);
    if (url === this._url) return;
    this._url = url;
    if (url) m.src = url;
    else m.removeAttribute('src');
  }
  get _m() {
    this._ensure();
    return this._media;
  }
  play() {
    return this._m.play().catch(() => {});
  }
  pause() {
    this._m.pause();
  }
  seek(seconds) {
    this._m.currentTime = num(seconds);
  }
}

/** <audio>: WeChat's player card (poster with play button, name, author, time) when `controls`. */
class WxAudio extends WxMedia {
  static props = {
    src: ['str', ''],
    controls: ['bool', false],
    poster: ['str', ''],
    loop: ['bool', false],
    name: ['str', '未知音频'],
    author: ['str', '未知作者'],
  };
  build() {
    const m = (this._media = el('audio', '', this));
    const card = (this._card = el('div', 'wx-audio-default', this));
    this._poster = el('div', 'wx-audio-left', card);
    this._button = el('div', 'wx-audio-button', this._poster);
    const right = el('div', 'wx-audio-right', card);
    this._time = el('div', 'wx-audio-time', right);
    const info = el('div', 'wx-audio-info', right);
    this._name = el('div', 'wx-audio-name', info);
    this._author = el('div', 'wx-audio-author', info);
    this._button.addEventListener('click', () => (m.paused ? this.play() : this.pause()));
    this._forward(m);
  }
  render() {
    const m = this._media;
    this._source(m, this.src);
    m.loop = this.loop;
    this._card.hidden = !this.controls;
    this._poster.style.backgroundImage = cssUrl(resolve(this.poster, this));
    this._button.classList.toggle('wx-audio-button-pause', !m.paused);
    this._time.textContent = mmss(m.currentTime);
    this._name.textContent = this.name;
    this._author.textContent = this.author;
  }
}

/** Seconds a bullet comment takes to cross the video. */
const DANMU_SECONDS = 5;
/** Height of one lane of bullet comments, in px. */
const DANMU_LANE = 24;

/**
 * <video>: a native <video> plus `danmuLayer`, the overlay where bullet comments (danmu)
 * cross from right to left: those sent by `sendDanmu({text, color})` (VideoContext) and
 * those of `danmu-list` (`[{text, color, time}]`), each shown when playback passes its
 * `time` in seconds. As in WeChat, `enable-danmu` (shown or not) and `danmu-btn` (a
 * button that switches them) count only when the video is created; comments pause with
 * the video (new ones always start moving).
 */
class WxVideo extends WxMedia {
  static props = {
    src: ['str', ''],
    controls: ['bool', true],
    poster: ['str', ''],
    autoplay: ['bool', false],
    loop: ['bool', false],
    muted: ['bool', false],
    objectFit: ['str', 'contain'],
    danmuList: ['any', []],
    enableDanmu: ['bool', false],
    danmuBtn: ['bool', false],
    initialTime: ['num', 0],
  };
  build() {
    const m = (this._media = el('video', 'wx-video-inner', this));
    m.playsInline = true;
    m.addEventListener('loadedmetadata', () => {
      if (this.initialTime) m.currentTime = this.initialTime;
    });
    this._danmu = el('div', 'wx-video-danmu', this);
    this._danmuButton = el('div', 'wx-video-danmu-btn', this, '弹幕');
    this._danmuButton.addEventListener('click', (event) => {
      event.stopPropagation();
      this._showDanmu(!this._danmuOn);
    });
    // `enable-danmu` and `danmu-btn` as first set: the renderer sets properties right
    // after inserting the element, in the same task.
    this._showDanmu(false);
    this._danmuButton.hidden = true;
    queueMicrotask(() => {
      this._showDanmu(this.enableDanmu);
      this._danmuButton.hidden = !this.danmuBtn;
    });
    this._danmuAt = -1;
    this._lane = 0;
    this._lanes = 1;
    m.addEventListener('timeupdate', () => this._timedDanmu());
    m.addEventListener('emptied', () => {
      this._danmuAt = -1;
    });
    m.addEventListener('play', () => {
      for (const a of this._danmu.getAnimations({ subtree: true })) a.play();
    });
    m.addEventListener('pause', () => {
      for (const a of this._danmu.getAnimations({ subtree: true })) a.pause();
    });
    this._forward(m);
  }
  get danmuLayer() {
    this._ensure();
    return this._danmu;
  }
  render() {
    const m = this._media;
    this._source(m, this.src);
    const poster = resolve(this.poster, this);
    if (m.getAttribute('poster') !== poster) m.poster = poster;
    Object.assign(m, {
      controls: this.controls,
      autoplay: this.autoplay,
      loop: this.loop,
      muted: this.muted,
    });
    m.style.objectFit = ['fill', 'cover'].includes(this.objectFit) ? this.objectFit : 'contain';
  }
  /** VideoContext.sendDanmu: one comment, now. */
  sendDanmu(danmu) {
    this._ensure();
    this._shoot(str(danmu?.text), str(danmu?.color, '#ffffff'));
  }
  _showDanmu(on) {
    this._danmuOn = on;
    this._danmu.hidden = !on;
    this._danmuButton.classList.toggle('wx-video-danmu-btn-active', on);
  }
  /** The `danmu-list` comments whose time playback has just passed (not by a seek). */
  _timedDanmu() {
    const m = this._media;
    const from = this._danmuAt;
    const to = m.currentTime;
    this._danmuAt = to;
    if (m.seeking || !(to > from) || to - from > 2) return;
    const list = Array.isArray(this.danmuList) ? this.danmuList : [];
    for (const d of list) {
      const time = num(d?.time, -2);
      if (time > from && time <= to) this._shoot(str(d.text), str(d.color, '#ffffff'));
    }
  }
  /**
   * Sends `text` across the video in the next lane, and removes it at the far side. No
   * layout is read here (the layer is a size container and the lanes follow a
   * ResizeObserver), so many comments at once cost no reflows.
   */
  _shoot(text, color) {
    const item = el('div', 'wx-video-danmu-item', this._danmu, text);
    item.style.color = color;
    item.style.top = `${(this._lane++ % this._lanes) * DANMU_LANE + 4}px`;
    const run = item.animate(
      [{ transform: 'translateX(100cqw)' }, { transform: 'translateX(-100%)' }],
      { duration: DANMU_SECONDS * 1000, easing: 'linear', fill: 'forwards' },
    );
    run.onfinish = () => item.remove();
  }
  connected() {
    this._ro ??= new ResizeObserver(([entry]) => {
      this._lanes = Math.max(1, Math.floor((entry.contentRect.height * 0.75) / DANMU_LANE));
    });
    this._ro.observe(this);
  }
  disconnected() {
    this._ro?.disconnect();
  }
}

// ---- modal, toast, loading, action-sheet: the 1.x overlays, declared in WXML -----------------

/**
 * Base of the 1.x overlay components: drawn with the look of wx.showModal & co. (overlay.js's
 * CSS, which the `overlay` hook adds to the element's root) and fixed over the window. The
 * renderer's `hidden` attribute shows and hides them; `shown(on)` hears of each change.
 */
class WxOverlay extends WxElement {
  static observedAttributes = ['hidden'];
  connected() {
    hooks.overlay?.style(this);
  }
  attributeChangedCallback() {
    if (this._built) this.shown(!this.hidden);
  }
  shown() {}
}

/** A `<button>` of an overlay, reporting clicks to `action`. */
function overlayButton(cls, parent, action) {
  const b = el('button', cls, parent);
  b.type = 'button';
  b.addEventListener('click', action);
  return b;
}

/**
 * <modal>: wx.showModal's dialog with the WXML children as its content; `confirm` from the
 * confirm button, `cancel` from the cancel button and the mask. It stays until the page
 * hides it, as in WeChat 1.x.
 */
class WxModal extends WxOverlay {
  static props = {
    title: ['str', ''],
    noCancel: ['bool', false],
    confirmText: ['str', '确定'],
    cancelText: ['str', '取消'],
  };
  build() {
    el('div', 'wx-modal-mask', this).addEventListener('click', () => this.emit('cancel'));
    const box = el('div', 'wx-modal', this);
    box.setAttribute('role', 'dialog');
    this._title = el('div', 'wx-modal-title', box);
    this._content = el('div', 'wx-modal-content', box);
    const buttons = el('div', 'wx-modal-buttons', box);
    this._cancel = overlayButton('wx-modal-cancel', buttons, () => this.emit('cancel'));
    this._confirm = overlayButton('wx-modal-confirm', buttons, () => this.emit('confirm'));
  }
  render() {
    this._title.textContent = this.title;
    this._cancel.textContent = this.cancelText;
    this._cancel.hidden = this.noCancel;
    this._confirm.textContent = this.confirmText;
  }
}

/**
 * <toast>: wx.showToast's box (the success icon, the WXML children as its text); `change`
 * once it has shown for `duration` ms, when the page is expected to hide it.
 */
class WxToast extends WxOverlay {
  static props = { duration: ['num', 1500] };
  build() {
    const box = el('div', 'wx-toast', this);
    box.setAttribute('role', 'status');
    this.icon(box);
    this._content = el('div', 'wx-toast-title', box);
  }
  icon(box) {
    box.insertAdjacentHTML('beforeend', hooks.overlay?.successIcon ?? '');
  }
  connected() {
    super.connected();
    this.shown(!this.hidden);
  }
  disconnected() {
    clearTimeout(this._timer);
  }
  update(k) {
    if (k === 'duration') this.shown(!this.hidden);
  }
  shown(on) {
    clearTimeout(this._timer);
    if (on && this.isConnected) {
      this._timer = setTimeout(() => this.emit('change'), Math.max(0, this.duration));
    }
  }
}

/** <loading>: the toast box with wx.showLoading's spinner, shown until the page hides it. */
class WxLoading extends WxToast {
  icon(box) {
    el('div', 'wx-toast-loading', box);
  }
  shown() {}
}

/**
 * <action-sheet>: wx.showActionSheet's sheet holding the <action-sheet-item>s (taps reach
 * their own `bindtap`) and <action-sheet-cancel>; `change` from the mask and from cancel.
 */
class WxActionSheet extends WxOverlay {
  build() {
    el('div', 'wx-sheet-mask', this).addEventListener('click', () => this.emit('change'));
    this._content = el('div', 'wx-sheet', this);
    this._content.setAttribute('role', 'menu');
  }
  shown(on) {
    // The sheet rises again each time it is shown.
    if (on) for (const a of this._content.getAnimations()) a.play();
  }
}

/** <action-sheet-item>: one row of the sheet. */
class WxActionSheetItem extends WxElement {
  build() {
    this.setAttribute('role', 'menuitem');
  }
}

/** <action-sheet-cancel>: the sheet's last row; a tap is the sheet's `change`. */
class WxActionSheetCancel extends WxElement {
  build() {
    this.addEventListener('click', () => this.closest('wx-action-sheet')?.emit('change'));
  }
}

// ---- map ---------------------------------------------------------------------------------------

/** Where WeChat's map opens without a centre: Tiananmen (GCJ-02). */
const MAP_CENTER = [39.909, 116.39742];
const MAP_SCALE = [5, 18];
/** Metres per degree of latitude, for circles' radii. */
const METRES_PER_DEGREE = 111320;
/** Pixels a press may move before it drags the map. */
const MAP_SLOP = 4;

const list = (v) => (Array.isArray(v) ? v : []);
const finite = (...values) => values.every((v) => Number.isFinite(v));

/**
 * <map>: openLocation's tiles (the `map` hook: map.js draws them from the `tileUrl` template
 * through map.rs's Web-Mercator math, GCJ-02 in and out) under the markers, covers, polyline,
 * circles and controls; the same offline card when a tile cannot load. Dragging moves the
 * view (`regionchange` {type: begin|end}); markers report `markertap` {markerId}, clickable
 * controls `controltap` {controlId}; a tap elsewhere is the map's `tap`. `include-points`
 * picks the centre and the largest scale showing them all; `show-location` puts a dot at
 * the browser's position. wx.createMapContext reaches `centerLocation()` and
 * `moveTo(latitude, longitude)`.
 */
class WxMap extends WxElement {
  static props = {
    latitude: ['num', MAP_CENTER[0]],
    longitude: ['num', MAP_CENTER[1]],
    scale: ['num', 16],
    markers: ['any', []],
    covers: ['any', []],
    polyline: ['any', []],
    circles: ['any', []],
    controls: ['any', []],
    includePoints: ['any', []],
    showLocation: ['bool', false],
  };
  build() {
    const area = (this._area = el('div', 'wx-map-area', this));
    this._pan = el('div', 'wx-map-pan', area);
    this._tiles = el('div', 'wx-map-tiles', this._pan);
    this._shapes = svg('svg', { class: 'wx-map-shapes' }, this._pan);
    this._markers = el('div', 'wx-map-markers', this._pan);
    this._controls = el('div', 'wx-map-controls', area);
    this._note = el('div', 'wx-map-note', area);
    area.addEventListener('pointerdown', (e) => {
      if (!e.button) this._drag = { id: e.pointerId, x: e.clientX, y: e.clientY, moved: false };
    });
    area.addEventListener('pointermove', (e) => this._dragMove(e));
    area.addEventListener('pointerup', (e) => this._dragEnd(e));
    area.addEventListener('pointercancel', (e) => this._dragEnd(e));
    // The click that ends a drag is no tap.
    this.addEventListener(
      'click',
      (e) => {
        if (e.timeStamp - this._dragEnded < 300) e.stopPropagation();
      },
      true,
    );
  }
  connected() {
    hooks.map?.style(this);
    if (this.showLocation) this._locate();
    this._ro ??= new ResizeObserver(() => this._redraw());
    this._ro.observe(this);
  }
  disconnected() {
    this._ro?.disconnect();
  }
  update(k) {
    if (['latitude', 'longitude', 'scale', 'includePoints'].includes(k)) this._moved = null;
    if (k === 'showLocation' && this.showLocation) this._locate();
    this._redraw();
  }

  /** show-location: the person's position (the browser's, in GCJ-02) as a blue dot. */
  _locate() {
    navigator.geolocation?.getCurrentPosition(
      ({ coords }) => {
        this._here = hooks.map?.gcj02(coords.latitude, coords.longitude);
        this._redraw();
      },
      () => {},
      { maximumAge: 60000, timeout: 10000 },
    );
  }
  render() {
    this._redraw();
  }

  /** Draws once after the properties a setData sets together. */
  _redraw() {
    if (this._pending) return;
    this._pending = true;
    queueMicrotask(() => {
      this._pending = false;
      this._draw();
    });
  }

  /** The view: [latitude, longitude, zoom], from a drag or moveTo, else from the props. */
  _view() {
    if (this._moved) return this._moved;
    const zoom = Math.round(clamp(this.scale, ...MAP_SCALE));
    const points = list(this.includePoints).filter((p) => finite(+p?.latitude, +p?.longitude));
    const kit = hooks.map;
    if (!points.length || !kit) {
      return [this.latitude, this.longitude, Number.isFinite(zoom) ? zoom : 16];
    }
    const lats = points.map((p) => +p.latitude);
    const lngs = points.map((p) => +p.longitude);
    const lat = (Math.min(...lats) + Math.max(...lats)) / 2;
    const lng = (Math.min(...lngs) + Math.max(...lngs)) / 2;
    const [w, h] = [this.clientWidth / 2, this.clientHeight / 2];
    for (let z = MAP_SCALE[1]; z > MAP_SCALE[0]; z--) {
      const fits = points.every((p) => {
        const [dx, dy] = kit.offset(lat, lng, z, +p.latitude, +p.longitude);
        return Math.abs(dx) <= w && Math.abs(dy) <= h;
      });
      if (fits) return [lat, lng, z];
    }
    return [lat, lng, MAP_SCALE[0]];
  }

  /** The map's centre, GCJ-02: [latitude, longitude] (MapContext.getCenterLocation). */
  centerLocation() {
    this._ensure();
    const [lat, lng] = this._view();
    return [lat, lng];
  }

  /** Centres the map on a GCJ-02 point (MapContext.moveToLocation). */
  moveTo(latitude, longitude) {
    this._ensure();
    if (!finite(latitude, longitude)) return;
    this._moved = [latitude, longitude, this._view()[2]];
    this._redraw();
  }

  _draw() {
    const kit = hooks.map;
    const [w, h] = [this.clientWidth, this.clientHeight];
    if (!this._built || !kit || !w || !h) return;
    const [lat, lng, zoom] = this._view();
    if (!finite(lat, lng)) return;
    this._pan.style.transform = '';
    kit.drawTiles(this, this._tiles, kit.tiles(lat, lng, zoom, w, h), w, h);
    this._note.textContent = `${lat.toFixed(6)}, ${lng.toFixed(6)}`;
    /** Pixel position of a GCJ-02 point in the map, or null. */
    const at = (p) => {
      const [la, ln] = [+p?.latitude, +p?.longitude];
      if (!finite(la, ln)) return null;
      const [dx, dy] = kit.offset(lat, lng, zoom, la, ln);
      return [w / 2 + dx, h / 2 + dy];
    };

    this._shapes.replaceChildren();
    for (const line of list(this.polyline)) {
      const points = list(line?.points).map(at).filter(Boolean);
      if (points.length < 2) continue;
      const width = num(line.width, 1);
      svg(
        'polyline',
        {
          points: points.map((p) => p.join(',')).join(' '),
          fill: 'none',
          stroke: str(line.color, '#000000'),
          'stroke-width': width,
          'stroke-linejoin': 'round',
          'stroke-linecap': 'round',
          'stroke-dasharray': line.dottedLine ? `${width * 2} ${width * 2}` : 'none',
        },
        this._shapes,
      );
    }
    for (const circle of list(this.circles)) {
      const centre = at(circle);
      if (!centre) continue;
      const edge = at({
        latitude: +circle.latitude + num(circle.radius) / METRES_PER_DEGREE,
        longitude: circle.longitude,
      });
      svg(
        'circle',
        {
          cx: centre[0],
          cy: centre[1],
          r: Math.abs(centre[1] - edge[1]),
          fill: str(circle.fillColor, 'none'),
          stroke: str(circle.color, '#000000'),
          'stroke-width': num(circle.strokeWidth, 1),
        },
        this._shapes,
      );
    }

    this._markers.replaceChildren();
    const here =
      this.showLocation && this._here && at({ latitude: this._here[0], longitude: this._here[1] });
    if (here) {
      const dot = el('div', 'wx-map-here', this._markers);
      dot.style.left = `${here[0]}px`;
      dot.style.top = `${here[1]}px`;
    }
    const pins = [
      ...list(this.markers).map((m) => [m, true]),
      ...list(this.covers).map((c) => [c]),
    ];
    for (const [m, tappable] of pins) {
      const place = at(m);
      if (!place) continue;
      const marker = el('div', 'wx-map-marker', this._markers);
      marker.style.left = `${place[0]}px`;
      marker.style.top = `${place[1]}px`;
      let icon;
      if (m.iconPath) {
        icon = el('img', '', marker);
        icon.alt = str(m.title);
        icon.draggable = false;
        icon.src = resolve(m.iconPath, this);
        if (m.width != null) icon.style.width = `${num(m.width)}px`;
        if (m.height != null) icon.style.height = `${num(m.height)}px`;
      } else {
        marker.insertAdjacentHTML('beforeend', kit.pin);
        icon = marker.lastElementChild;
      }
      icon.classList.add('wx-map-marker-icon');
      icon.style.transform = `rotate(${num(m.rotate)}deg) translateX(-50%)`;
      icon.style.opacity = String(num(m.alpha, 1));
      if (m.title) marker.title = str(m.title);
      if (tappable) {
        marker.dataset.markerId = str(m.id);
        marker.addEventListener('click', (e) => {
          e.stopPropagation();
          this.emit('markertap', { markerId: m.id });
        });
      }
    }

    this._controls.replaceChildren();
    for (const c of list(this.controls)) {
      const p = c?.position ?? {};
      const control = el('img', 'wx-map-control', this._controls);
      control.alt = '';
      control.draggable = false;
      control.src = resolve(c.iconPath, this);
      control.style.left = `${num(p.left)}px`;
      control.style.top = `${num(p.top)}px`;
      if (p.width != null) control.style.width = `${num(p.width)}px`;
      if (p.height != null) control.style.height = `${num(p.height)}px`;
      control.addEventListener('pointerdown', (e) => e.stopPropagation());
      control.addEventListener('click', (e) => {
        e.stopPropagation();
        if (c.clickable) this.emit('controltap', { controlId: c.id });
      });
    }
  }

  _dragMove(e) {
    const d = this._drag;
    if (!d || e.pointerId !== d.id) return;
    if (!e.buttons) return void (this._drag = null);
    const [dx, dy] = [e.clientX - d.x, e.clientY - d.y];
    if (!d.moved) {
      if (Math.hypot(dx, dy) < MAP_SLOP) return;
      d.moved = true;
      this._area.setPointerCapture(e.pointerId);
      this.emit('regionchange', { type: 'begin' });
    }
    this._pan.style.transform = `translate(${dx}px, ${dy}px)`;
  }

  _dragEnd(e) {
    const d = this._drag;
    this._drag = null;
    if (!d?.moved) return;
    this._dragEnded = e.timeStamp;
    const kit = hooks.map;
    const [lat, lng, zoom] = this._view();
    const [dx, dy] = [e.clientX - d.x, e.clientY - d.y];
    const [la, ln] = kit ? kit.locate(lat, lng, zoom, -dx, -dy) : [lat, lng];
    this._moved = [la, ln, zoom];
    this._draw();
    this.emit('regionchange', { type: 'end' });
  }
}

// ---- registration ----------------------------------------------------------------------------

const COMPONENTS = {
  view: WxView,
  text: WxText,
  label: WxLabel,
  navigator: WxNavigator,
  button: WxButton,
  icon: WxIcon,
  image: WxImage,
  input: WxInput,
  textarea: WxTextarea,
  checkbox: WxCheckbox,
  'checkbox-group': WxCheckboxGroup,
  radio: WxRadio,
  'radio-group': WxRadioGroup,
  switch: WxSwitch,
  slider: WxSlider,
  progress: WxProgress,
  picker: WxPicker,
  form: WxForm,
  'scroll-view': WxScrollView,
  swiper: WxSwiper,
  'swiper-item': WxSwiperItem,
  canvas: WxCanvas,
  audio: WxAudio,
  video: WxVideo,
  modal: WxModal,
  toast: WxToast,
  loading: WxLoading,
  'action-sheet': WxActionSheet,
  'action-sheet-item': WxActionSheetItem,
  'action-sheet-cancel': WxActionSheetCancel,
  map: WxMap,
};

/**
 * Registers every `wx-<tag>` component (idempotent).
 * @param {{resolveUrl?: (src: string, element: Element) => string}} h turns the WXML src of
 *   `element` into a loadable URL
 */
export function defineComponents(h = {}) {
  hooks = { ...hooks, ...h };
  for (const [tag, cls] of Object.entries(COMPONENTS)) register(`wx-${tag}`, cls);
}

/** Installs one hook (`overlay`, `map`) the components use; see `hooks`. */
export function setHook(name, value) {
  hooks = { ...hooks, [name]: value };
}
