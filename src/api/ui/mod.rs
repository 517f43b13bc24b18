//! Interface (界面): feedback (toast, modal, action sheet), the navigation bar, pull-down
//! refresh and the keyboard, animations, and the 2016 canvas drawing API.

pub mod animation;
pub mod canvas;

use crate::bridge::WxObject;

/// Adds the interface APIs to `wx`.
pub fn install(wx: &WxObject) {
    animation::install(wx);
    canvas::install(wx);
}
