//! wx.createContext and wx.drawCanvas. (Being written.)

use crate::bridge::WxObject;

pub fn install(_wx: &WxObject) {}
