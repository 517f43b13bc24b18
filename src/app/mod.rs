//! The mini-program framework: App and Page, the page stack, app.json and the module loader.
