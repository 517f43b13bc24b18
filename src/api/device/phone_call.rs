//! wx.makePhoneCall: on a phone's browser, follows a `tel:` link to the dialer and
//! succeeds; in the simulator (or on a desktop) shows the number over the device screen
//! with a call button, which follows the same link, and a cancel (`fail cancel`).
//! Which numbers pass: `wxweb_core::device::phone_number`.

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::Element;
use wxweb_core::device::phone_number::{checked, tel_uri};
use wxweb_core::errmsg::{Fail, ParamError};

use crate::bridge::{FromOptions, Options, WxObject};

#[wasm_bindgen(module = "/src/api/device/phone_call.js")]
extern "C" {
    fn dial(uri: &str);
    #[wasm_bindgen(js_name = isPhone)]
    fn is_phone() -> bool;
    #[wasm_bindgen(js_name = showPhoneCall)]
    fn show_phone_call(container: &Element, number: &str, uri: &str) -> Promise;
}

/// makePhoneCall's options: `{phoneNumber}`.
struct Call {
    number: String,
}

impl FromOptions for Call {
    fn from_options(options: &Options) -> Result<Self, ParamError> {
        Ok(Call { number: options.string("phoneNumber")? })
    }
}

/// Adds makePhoneCall. `simulated`: the simulator shows a device frame, so the overlay
/// is used even on a touch screen; `screen`: where the overlay goes.
pub fn install(wx: &WxObject, simulated: bool, screen: Option<Element>) {
    wx.add_async("makePhoneCall", move |call: Call| {
        let started = match checked(&call.number) {
            None => Err(Fail::new("invalid phoneNumber")),
            Some(number) => {
                let uri = tel_uri(number);
                match &screen {
                    Some(screen) if simulated || !is_phone() => {
                        Ok(Some(show_phone_call(screen, number, &uri)))
                    }
                    _ => {
                        dial(&uri);
                        Ok(None)
                    }
                }
            }
        };
        async move {
            if let Some(shown) = started? {
                let called =
                    JsFuture::from(shown).await.ok().and_then(|c| c.as_bool()).unwrap_or(false);
                if !called {
                    return Err(Fail::cancel());
                }
            }
            Ok(JsValue::UNDEFINED)
        }
    });
}
