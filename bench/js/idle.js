// Injected before any page script for the "idle is idle" check: counts every timer and
// animation-frame callback the page runs, with the time it ran.
(() => {
  const calls = [];
  window.__benchCallbacks = calls;
  const wrap = (name) => {
    const original = window[name].bind(window);
    window[name] = (callback, ...rest) => {
      if (typeof callback !== "function") return original(callback, ...rest);
      return original((...args) => {
        calls.push({ kind: name, wall: performance.now() });
        return callback(...args);
      }, ...rest);
    };
  };
  for (const name of ["setTimeout", "setInterval", "requestAnimationFrame"]) wrap(name);
})();
