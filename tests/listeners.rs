//! The listener contract (src/bridge/listeners.rs) in headless Chromium: emission order,
//! set/add/remove, listeners added or removed during an emit, nested emits, and a
//! throwing listener reported through the error hook while the others still run.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use wxweb::bridge::{listener, Listeners};
use wxweb::platform::js::set_error_hook;

wasm_bindgen_test_configure!(run_in_browser);

/// What the listeners of one test did, in order.
type Log = Rc<RefCell<Vec<String>>>;

fn new_log() -> Log {
    Rc::default()
}

fn entries(log: &Log) -> Vec<String> {
    log.borrow().clone()
}

/// A JS function that runs `body` with its argument; the JS garbage collector owns it.
/// (`Fn`, not `FnMut`: wasm-bindgen refuses to re-enter an `FnMut` closure.)
fn function(body: impl Fn(JsValue) + 'static) -> Function {
    Closure::<dyn Fn(JsValue)>::new(body).into_js_value().unchecked_into()
}

/// A listener that logs `name` and the argument's text.
fn logger(log: &Log, name: &'static str) -> Function {
    let log = log.clone();
    function(move |argument| {
        let text = argument.as_string().unwrap_or_else(|| format!("{argument:?}"));
        log.borrow_mut().push(format!("{name}:{text}"));
    })
}

/// Sends what the error hook receives to `log` as `context: message`.
fn catch_reports(log: &Log) {
    let log = log.clone();
    set_error_hook(Rc::new(move |error: &JsValue, context: &str| {
        let message = Reflect::get(error, &"message".into()).ok().and_then(|m| m.as_string());
        log.borrow_mut().push(format!("{context}: {}", message.unwrap_or_default()));
    }));
}

#[wasm_bindgen_test]
fn listeners_run_in_the_order_they_were_added() {
    let log = new_log();
    let listeners = Listeners::new("wx.onTest");
    assert!(listeners.is_empty());
    listeners.emit(&"nobody".into());
    let b = logger(&log, "b");
    listeners.add(logger(&log, "a"));
    listeners.add(b.clone());
    listeners.add(logger(&log, "c"));
    listeners.add(b);
    assert!(!listeners.is_empty());
    listeners.emit(&"1".into());
    assert_eq!(entries(&log), ["a:1", "b:1", "c:1", "b:1"]);
}

#[wasm_bindgen_test]
fn set_keeps_only_the_newest_and_remove_takes_every_registration() {
    let log = new_log();
    let listeners = Listeners::new("wx.onTest");
    let (a, b) = (logger(&log, "a"), logger(&log, "b"));
    listeners.add(a.clone());
    listeners.add(a.clone());
    listeners.set(b.clone());
    listeners.emit(&"1".into());
    listeners.add(a.clone());
    listeners.add(b.clone());
    listeners.remove(&b);
    listeners.remove(&logger(&log, "never added"));
    listeners.emit(&"2".into());
    listeners.remove(&a);
    assert!(listeners.is_empty());
    listeners.emit(&"3".into());
    listeners.add(b);
    listeners.clear();
    listeners.emit(&"4".into());
    assert_eq!(entries(&log), ["b:1", "a:2"]);
}

#[wasm_bindgen_test]
fn clones_share_one_list() {
    let log = new_log();
    let listeners = Listeners::new("wx.onTest");
    listeners.clone().add(logger(&log, "a"));
    listeners.emit(&"1".into());
    assert_eq!(entries(&log), ["a:1"]);
}

#[wasm_bindgen_test]
fn a_listener_added_during_an_emit_waits_for_the_next_event() {
    let log = new_log();
    let listeners = Listeners::new("wx.onTest");
    let late = logger(&log, "late");
    let (list, adds) = (listeners.clone(), log.clone());
    listeners.add(function(move |_| {
        adds.borrow_mut().push("adder".into());
        list.add(late.clone());
    }));
    listeners.emit(&"1".into());
    assert_eq!(entries(&log), ["adder"]);
    listeners.emit(&"2".into());
    assert_eq!(entries(&log), ["adder", "adder", "late:2"]);
}

#[wasm_bindgen_test]
fn a_listener_removed_during_an_emit_is_not_called_after_that() {
    let log = new_log();
    let listeners = Listeners::new("wx.onTest");
    let victim = logger(&log, "victim");
    let (list, target, remover_log) = (listeners.clone(), victim.clone(), log.clone());
    listeners.add(logger(&log, "first"));
    listeners.add(function(move |_| {
        remover_log.borrow_mut().push("remover".into());
        list.remove(&target);
    }));
    listeners.add(victim);
    listeners.add(logger(&log, "last"));
    listeners.emit(&"1".into());
    assert_eq!(entries(&log), ["first:1", "remover", "last:1"]);
}

#[wasm_bindgen_test]
fn a_listener_may_remove_itself_and_set_replaces_during_an_emit() {
    let log = new_log();
    let listeners = Listeners::new("wx.onTest");
    let once: Rc<RefCell<Option<Function>>> = Rc::default();
    let (list, me, once_log) = (listeners.clone(), once.clone(), log.clone());
    let function_once = function(move |argument| {
        once_log.borrow_mut().push(format!("once:{}", argument.as_string().unwrap_or_default()));
        if let Some(me) = me.borrow().as_ref() {
            list.remove(me);
        }
    });
    *once.borrow_mut() = Some(function_once.clone());
    listeners.add(function_once);
    listeners.add(logger(&log, "other"));
    listeners.emit(&"1".into());
    listeners.emit(&"2".into());
    assert_eq!(entries(&log), ["once:1", "other:1", "other:2"]);

    // `set` from inside: the old listeners whose turn has not come are not called, the
    // new one waits for the next event.
    let log = new_log();
    let replaced = Listeners::new("wx.onTest");
    let (list, newest, setter_log) = (replaced.clone(), logger(&log, "newest"), log.clone());
    replaced.add(function(move |_| {
        setter_log.borrow_mut().push("setter".into());
        list.set(newest.clone());
    }));
    replaced.add(logger(&log, "old"));
    replaced.emit(&"1".into());
    replaced.emit(&"2".into());
    assert_eq!(entries(&log), ["setter", "newest:2"]);
}

#[wasm_bindgen_test]
fn a_nested_emit_runs_to_its_end_before_the_outer_one_goes_on() {
    let log = new_log();
    let listeners = Listeners::new("wx.onTest");
    let (list, outer_log) = (listeners.clone(), log.clone());
    listeners.add(function(move |argument| {
        let text = argument.as_string().unwrap_or_default();
        outer_log.borrow_mut().push(format!("a:{text}"));
        if text == "outer" {
            list.emit(&"inner".into());
        }
    }));
    listeners.add(logger(&log, "b"));
    listeners.emit(&"outer".into());
    assert_eq!(entries(&log), ["a:outer", "a:inner", "b:inner", "b:outer"]);
}

#[wasm_bindgen_test]
fn a_throwing_listener_is_reported_and_the_others_still_run() {
    let reports = new_log();
    catch_reports(&reports);
    let log = new_log();
    let listeners = Listeners::new("wx.onSocketMessage");
    listeners.add(logger(&log, "before"));
    listeners.add(Function::new_with_args("value", "throw new Error('boom ' + value)"));
    listeners.add(Function::new_no_args("throw 'a string'"));
    listeners.add(logger(&log, "after"));
    listeners.emit(&"1".into());
    listeners.emit(&"2".into());
    assert_eq!(entries(&log), ["before:1", "after:1", "before:2", "after:2"]);
    assert_eq!(
        entries(&reports),
        [
            "wx.onSocketMessage callback: boom 1",
            "wx.onSocketMessage callback: ",
            "wx.onSocketMessage callback: boom 2",
            "wx.onSocketMessage callback: ",
        ]
    );
}

#[wasm_bindgen_test]
fn on_functions_take_functions_only() {
    assert!(listener(&Function::new_no_args("").into()).is_ok());
    let error = listener(&JsValue::from(1)).err().map(|e| format!("{e}"));
    assert_eq!(
        error.as_deref(),
        Some("parameter error: parameter.callback should be Function instead of Number;")
    );
}
