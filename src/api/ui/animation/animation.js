// The instance object of wx.createAnimation. Every instance shares one prototype; each
// method hands its arguments to the instance's Rust core and returns the instance, so calls
// chain. The core is a function under a symbol key, out of Object.keys and JSON.stringify.

const CORE = Symbol('wxAnimation');
const STEP = -1;
const EXPORT = -2;

/** The shared prototype: `names[i](...)` calls the core with `(i, a, b, c, d, rest)`, plus step and export. */
export function animationPrototype(names) {
  const proto = {};
  names.forEach((name, op) => {
    // Up to four arguments go as they are; more (matrix, matrix3d) as one array.
    proto[name] = function (...args) {
      const [a, b, c, d] = args;
      this[CORE](op, a, b, c, d, args.length > 4 ? args : undefined);
      return this;
    };
  });
  proto.step = function (options) {
    this[CORE](STEP, options);
    return this;
  };
  proto.export = function () {
    return this[CORE](EXPORT);
  };
  return proto;
}

/** A new instance over `core(op, …)`. */
export function newAnimation(proto, core) {
  const animation = Object.create(proto);
  animation[CORE] = core;
  return animation;
}
