//! Drawing (绘图), the 2016 API, without the browser: `wx.createContext()`'s records
//! and `wx.drawCanvas`'s checking of them.
//!
//! [`color`] (CSS colours → `[r, g, b, a]`), [`record`] (the context's records),
//! [`tape`] (the actions as `tape.js` flattens them), [`compile`] (checking them into
//! [`commands`], the drawing as one buffer, which `player.js` replays).

pub mod color;
pub mod commands;
pub mod compile;
pub mod record;
pub mod tape;
#[cfg(test)]
mod tests;
