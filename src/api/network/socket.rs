//! WeChat's WebSocket API over the browser's WebSocket.
//!
//! Seed (base library 1.x): one connection. `connectSocket` closes the previous one
//! first, succeeds once the socket is created ("accepted", not "open"), and the
//! `onSocket*` functions set the one handler of each event. `sendSocketMessage` and
//! `closeSocket` fail unless the socket is open. Modern profile: `connectSocket` also
//! returns a SocketTask (send, close, onOpen/onClose/onError/onMessage), up to 5 sockets
//! at once, and the global functions act on the newest socket.
//!
//! Where browsers differ from WeChat: a page cannot set headers on the WebSocket
//! handshake. A `header` option is reported with `console.warn` and not sent, except
//! `Sec-WebSocket-Protocol`, which becomes the socket's subprotocols.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use js_sys::{Array, ArrayBuffer, Function, Object};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::{BinaryType, CloseEvent, MessageEvent, WebSocket};
use wxweb_core::errmsg::{Fail, ParamError};
use wxweb_core::network::encode::append_query;

use super::headers::{self, HeaderList};
use super::inspect::{Call, Checked, Kind, Probe, Refused};
use super::values::query_of;
use super::{check_length, Network};
use crate::bridge::params::{self, FromOptions, Options};
use crate::bridge::read;
use crate::bridge::result::wx_result;
use crate::bridge::{answer, listener, method, IntoResult, Listeners, Outcome, Profile, WxObject};
use crate::platform::js::{console_warn, error_message};

#[wasm_bindgen]
extern "C" {
    /// `WebSocket.send(data)` with the mini program's own string or ArrayBuffer, which
    /// never has to be copied through wasm memory.
    #[wasm_bindgen(catch, js_namespace = ["WebSocket", "prototype", "send"], js_name = call)]
    fn send_value(socket: &WebSocket, data: &JsValue) -> Result<(), JsValue>;
}

wx_result! {
    /// The onSocketOpen / SocketTask.onOpen event: an empty object.
    struct SocketOpen {}
}

wx_result! {
    /// The onSocketMessage / SocketTask.onMessage event: a string or an ArrayBuffer.
    struct SocketMessage {
        data: JsValue,
    }
}

wx_result! {
    /// The onSocketError / SocketTask.onError event.
    struct SocketError {
        err_msg as "errMsg": &'static str,
    }
}

wx_result! {
    /// The onSocketClose / SocketTask.onClose event.
    struct SocketClose {
        code: u16,
        reason: String,
    }
}

/// Most sockets open at once in the modern profile.
const MODERN_LIMIT: usize = 5;

#[derive(Clone, Copy)]
enum Event {
    Open,
    Message,
    Error,
    Close,
}

impl Event {
    const ALL: [Event; 4] = [Event::Open, Event::Message, Event::Error, Event::Close];

    fn dom_name(self) -> &'static str {
        match self {
            Event::Open => "open",
            Event::Message => "message",
            Event::Error => "error",
            Event::Close => "close",
        }
    }

    /// The global function that registers a handler of this event.
    fn global_name(self) -> &'static str {
        match self {
            Event::Open => "wx.onSocketOpen",
            Event::Message => "wx.onSocketMessage",
            Event::Error => "wx.onSocketError",
            Event::Close => "wx.onSocketClose",
        }
    }

    /// The SocketTask method that registers a listener of this event.
    fn task_name(self) -> &'static str {
        match self {
            Event::Open => "SocketTask.onOpen",
            Event::Message => "SocketTask.onMessage",
            Event::Error => "SocketTask.onError",
            Event::Close => "SocketTask.onClose",
        }
    }
}

/// The listeners of each event: a SocketTask's, or the global handlers.
struct Handlers([Listeners; 4]);

impl Handlers {
    fn new(name: fn(Event) -> &'static str) -> Self {
        Handlers(Event::ALL.map(|event| Listeners::new(name(event))))
    }
    fn of(&self, event: Event) -> &Listeners {
        &self.0[event as usize]
    }
}

/// One WebSocket, the SocketTask listeners and the DOM listeners it owns.
struct Connection {
    socket: WebSocket,
    task: Handlers,
    listeners: RefCell<Vec<EventListener>>,
    connect_timeout: RefCell<Option<Timeout>>,
    /// The Network panel's events of this socket.
    probe: Probe,
}

/// The sockets of one `wx`; clones share them.
#[derive(Clone)]
struct Sockets(Rc<RefCell<State>>);

struct State {
    open: Vec<Rc<Connection>>,
    newest: Option<Rc<Connection>>,
    /// The `wx.onSocket…` handlers: one of each event, the newest (seed and modern).
    global: Handlers,
}

/// The options of connectSocket.
struct ConnectOptions {
    url: String,
    data: JsValue,
    header: HeaderList,
    protocols: Vec<String>,
}

impl Call for ConnectOptions {
    const KIND: Kind = Kind::Socket;
}

impl FromOptions for ConnectOptions {
    fn from_options(options: &Options) -> Result<Self, ParamError> {
        if let Some(method) = options.optional_string("method")? {
            if !method.eq_ignore_ascii_case("GET") {
                return Err(ParamError::mismatch("method", "GET", format!("\"{method}\"")));
            }
        }
        let protocols = match read::elements(&options.get("protocols")) {
            Ok(Some(list)) => list.iter().filter_map(|p| p.as_string()).collect(),
            Ok(None) => Vec::new(),
            Err(thrown) => return Err(ParamError::threw("protocols", thrown)),
        };
        Ok(ConnectOptions {
            url: options.string("url")?,
            data: options.get("data"),
            header: headers::from_options(options)?,
            protocols,
        })
    }
}

/// The `data` of sendSocketMessage and SocketTask.send: a string or an ArrayBuffer.
fn message_data(options: &Options) -> Result<JsValue, ParamError> {
    let data = options.get("data");
    if data.is_string() || data.is_instance_of::<ArrayBuffer>() {
        Ok(data)
    } else {
        Err(params::mismatch(&data, "data", "String or ArrayBuffer"))
    }
}

pub fn install(wx: &WxObject, network: &Network) {
    let sockets = Sockets(Rc::new(RefCell::new(State {
        open: Vec::new(),
        newest: None,
        global: Handlers::new(Event::global_name),
    })));
    let profile = network.profile;
    let timeout = network.timeouts.connect_socket;

    let s = sockets.clone();
    wx.add_task("connectSocket", inert_task, move |options: Checked<ConnectOptions>| {
        let connected = options
            .0
            .map_err(Refused::fail)
            .and_then(|options| s.connect(options, profile, timeout));
        match connected {
            Ok(connection) => {
                let task = match profile {
                    Profile::Seed => JsValue::UNDEFINED,
                    Profile::Modern => task(&connection),
                };
                (task, std::future::ready(Ok(JsValue::UNDEFINED)))
            }
            Err(fail) => (inert_task(), std::future::ready(Err(fail))),
        }
    });

    for (name, event) in [
        ("onSocketOpen", Event::Open),
        ("onSocketMessage", Event::Message),
        ("onSocketError", Event::Error),
        ("onSocketClose", Event::Close),
    ] {
        let handlers = sockets.0.borrow().global.of(event).clone();
        wx.add_sync(name, move |callback, _| {
            handlers.set(listener(callback)?);
            Ok(JsValue::UNDEFINED)
        });
    }

    let s = sockets.clone();
    wx.add_async("sendSocketMessage", move |data: SendData| {
        std::future::ready(s.newest_open().and_then(|connection| send(&connection, &data.0)))
    });
    let s = sockets;
    wx.add_async("closeSocket", move |close: CloseOptions| {
        std::future::ready(s.newest_open().and_then(|connection| close.apply(&connection)))
    });
}

/// The options of sendSocketMessage: `{data}`.
struct SendData(JsValue);

impl FromOptions for SendData {
    fn from_options(options: &Options) -> Result<Self, ParamError> {
        message_data(options).map(SendData)
    }
}

/// The options of closeSocket and SocketTask.close: `{code?, reason?}`.
struct CloseOptions {
    code: Option<u16>,
    reason: Option<String>,
}

impl FromOptions for CloseOptions {
    fn from_options(options: &Options) -> Result<Self, ParamError> {
        let code = options.optional_number("code")?;
        Ok(CloseOptions {
            code: code.map(|c| c as u16),
            reason: options.optional_string("reason")?,
        })
    }
}

impl CloseOptions {
    fn apply(&self, connection: &Connection) -> Outcome {
        let socket = &connection.socket;
        let closed = match (&self.code, &self.reason) {
            (Some(code), Some(reason)) => socket.close_with_code_and_reason(*code, reason),
            (Some(code), None) => socket.close_with_code(*code),
            (None, Some(reason)) => socket.close_with_code_and_reason(1000, reason),
            (None, None) => socket.close(),
        };
        closed.map(|()| JsValue::UNDEFINED).map_err(|error| Fail::owned(message(&error)))
    }
}

fn send(connection: &Connection, data: &JsValue) -> Outcome {
    send_value(&connection.socket, data).map_err(|error| Fail::owned(message(&error)))?;
    connection.probe.frame("send", data);
    Ok(JsValue::UNDEFINED)
}

impl Sockets {
    fn connect(
        &self,
        options: ConnectOptions,
        profile: Profile,
        timeout: u32,
    ) -> Result<Rc<Connection>, Fail> {
        let probe = Probe::socket(&options.url, &options.header, &options.protocols);
        let socket = match self.open(options, profile, &probe) {
            Ok(socket) => socket,
            Err(fail) => {
                probe.error(&fail.err_msg("connectSocket"));
                return Err(fail);
            }
        };
        let connection = Rc::new(Connection {
            socket,
            task: Handlers::new(Event::task_name),
            listeners: RefCell::default(),
            connect_timeout: RefCell::default(),
            probe,
        });
        let listeners = Event::ALL.map(|event| {
            let (sockets, weak) = (self.clone(), Rc::downgrade(&connection));
            EventListener::new(&connection.socket, event.dom_name(), move |dom_event| {
                sockets.dispatch(&weak, event, dom_event)
            })
        });
        connection.listeners.borrow_mut().extend(listeners);
        let weak = Rc::downgrade(&connection);
        *connection.connect_timeout.borrow_mut() = Some(Timeout::new(timeout, move || {
            if let Some(connection) = weak.upgrade() {
                if connection.socket.ready_state() == WebSocket::CONNECTING {
                    let _ = connection.socket.close();
                }
            }
        }));
        let mut state = self.0.borrow_mut();
        state.open.push(connection.clone());
        state.newest = Some(connection.clone());
        Ok(connection)
    }

    /// The WebSocket of a connectSocket call (after its `start` event), or why not.
    fn open(
        &self,
        options: ConnectOptions,
        profile: Profile,
        probe: &Probe,
    ) -> Result<WebSocket, Fail> {
        let target = Network::target(&options.url, &["ws:", "wss:"])?;
        let url = append_query(
            &target.href,
            &query_of(&options.data)
                .map_err(|thrown| Fail::from(ParamError::threw("data", thrown)))?,
        );
        check_length(&url)?;
        let mut protocols = options.protocols;
        let mut dropped = Vec::new();
        for (name, value) in &options.header {
            if name.eq_ignore_ascii_case("sec-websocket-protocol") {
                protocols.extend(value.split(',').map(|p| p.trim().to_owned()));
            } else {
                dropped.push(name.as_str());
            }
        }
        if !dropped.is_empty() {
            console_warn(&format!(
                "wx.connectSocket: browsers cannot set headers on the WebSocket handshake; not sent: {}",
                dropped.join(", ")
            ));
        }
        match profile {
            Profile::Seed => self.close_newest(),
            Profile::Modern if self.0.borrow().open.len() >= MODERN_LIMIT => {
                return Err(Fail::owned(format!(
                    "the limit of {MODERN_LIMIT} sockets at the same time is reached"
                )))
            }
            Profile::Modern => {}
        }
        probe.socket_start(&url, &options.header, &protocols);
        let socket = if protocols.is_empty() {
            WebSocket::new(&url)
        } else {
            let list: Array = protocols.iter().map(|p| JsValue::from_str(p)).collect();
            WebSocket::new_with_str_sequence(&url, &list)
        }
        .map_err(|error| Fail::owned(message(&error)))?;
        socket.set_binary_type(BinaryType::Arraybuffer);
        Ok(socket)
    }

    /// The seed reconnect: the previous socket is closed before the new one opens.
    fn close_newest(&self) {
        let newest = self.0.borrow_mut().newest.take();
        if let Some(old) = newest {
            if old.socket.ready_state() <= WebSocket::OPEN {
                let _ = old.socket.close_with_code_and_reason(1000, "reconnect");
            }
        }
    }

    /// The newest socket, when it is open; otherwise WeChat's failure.
    fn newest_open(&self) -> Result<Rc<Connection>, Fail> {
        match &self.0.borrow().newest {
            Some(connection) if connection.socket.ready_state() == WebSocket::OPEN => {
                Ok(connection.clone())
            }
            _ => Err(Fail::new("WebSocket is not connected")),
        }
    }

    /// Delivers a DOM event to the socket's task listeners and then, for the newest
    /// socket, to the global handler (the one set by then). A close ends the connection
    /// and frees its listeners.
    fn dispatch(&self, connection: &Weak<Connection>, event: Event, dom_event: &web_sys::Event) {
        let Some(connection) = connection.upgrade() else { return };
        let probe = &connection.probe;
        let result = match event {
            Event::Open => {
                connection.connect_timeout.borrow_mut().take();
                probe.open();
                SocketOpen {}.into_result()
            }
            Event::Message => {
                let data = dom_event
                    .dyn_ref::<MessageEvent>()
                    .map_or(JsValue::UNDEFINED, MessageEvent::data);
                probe.frame("receive", &data);
                SocketMessage { data }.into_result()
            }
            Event::Error => {
                const ERROR: &str = "WebSocket connection error";
                probe.error(ERROR);
                SocketError { err_msg: ERROR }.into_result()
            }
            Event::Close => {
                let close = dom_event.dyn_ref::<CloseEvent>();
                let code = close.map_or(1006, CloseEvent::code);
                let reason = close.map(CloseEvent::reason).unwrap_or_default();
                probe.close(code, &reason);
                SocketClose { code, reason }.into_result()
            }
        };
        let global = {
            let state = self.0.borrow();
            let is_newest = state.newest.as_ref().is_some_and(|n| Rc::ptr_eq(n, &connection));
            is_newest.then(|| state.global.of(event).clone())
        };
        connection.task.of(event).emit(&result);
        if let Some(global) = global {
            global.emit(&result);
        }
        if let Event::Close = event {
            self.forget(&connection);
        }
    }

    /// Drops a closed connection; its DOM listeners go after the current event.
    fn forget(&self, connection: &Rc<Connection>) {
        let mut state = self.0.borrow_mut();
        state.open.retain(|c| !Rc::ptr_eq(c, connection));
        if state.newest.as_ref().is_some_and(|n| Rc::ptr_eq(n, connection)) {
            state.newest = None;
        }
        let listeners = std::mem::take(&mut *connection.listeners.borrow_mut());
        spawn_local(async move { drop(listeners) });
    }
}

/// The modern SocketTask of `connection`.
fn task(connection: &Rc<Connection>) -> JsValue {
    let task = Object::new();
    for (name, event) in [
        ("onOpen", Event::Open),
        ("onMessage", Event::Message),
        ("onError", Event::Error),
        ("onClose", Event::Close),
    ] {
        let weak = Rc::downgrade(connection);
        method(&task, name, move |callback| {
            if let (Some(connection), Ok(callback)) =
                (weak.upgrade(), callback.dyn_into::<Function>())
            {
                connection.task.of(event).add(callback);
            }
        });
    }
    let weak = Rc::downgrade(connection);
    method(&task, "send", move |options| {
        let outcome = SendData::from_options(&Options::new(options.clone()))
            .map_err(Fail::from)
            .and_then(|data| match weak.upgrade() {
                Some(c) if c.socket.ready_state() == WebSocket::OPEN => send(&c, &data.0),
                _ => Err(Fail::new("WebSocket is not connected")),
            });
        answer("sendSocketMessage", options, outcome);
    });
    let weak = Rc::downgrade(connection);
    method(&task, "close", move |options| {
        let outcome = CloseOptions::from_options(&Options::new(options.clone()))
            .map_err(Fail::from)
            .and_then(|close| match weak.upgrade() {
                Some(c) => close.apply(&c),
                None => Err(Fail::new("WebSocket is not connected")),
            });
        answer("closeSocket", options, outcome);
    });
    task.into()
}

/// The SocketTask of a call that failed (its methods do nothing).
fn inert_task() -> JsValue {
    let task = Object::new();
    for name in ["onOpen", "onMessage", "onError", "onClose", "send", "close"] {
        method(&task, name, |_| {});
    }
    task.into()
}

fn message(error: &JsValue) -> String {
    error_message(error, "WebSocket error")
}
