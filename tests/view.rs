//! The renderer in a real document: WXML compiled and shown as DOM, and `View::update`
//! changing only what a change touches (checked with a MutationObserver).

use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_sys::Element;
use wxweb::view::convert::from_js;
use wxweb::view::render::View;
use wxweb_core::template::program::{Documents, Program};
use wxweb_core::template::scope::Changes;
use wxweb_core::value::Value;
use wxweb_core::wxml::{self, Document};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
export function observe(root) {
  const observer = new MutationObserver(() => {});
  observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
  return observer;
}
export function mutations(observer) { return observer.takeRecords().length; }
export function json(text) { return JSON.parse(text); }
"#)]
extern "C" {
    type Observer;
    fn observe(root: &Element) -> Observer;
    fn mutations(observer: &Observer) -> u32;
    fn json(text: &str) -> JsValue;
}

struct Page(&'static str);

impl Documents for Page {
    fn document(&self, path: &str) -> Result<Rc<Document>, String> {
        (path == "p.wxml").then_some(()).ok_or_else(|| format!("{path} not found"))?;
        wxml::parse(self.0).map(Rc::new).map_err(|e| e.to_string())
    }
}

fn data(text: &str) -> Value {
    from_js(&json(text)).unwrap().unwrap()
}

fn render(wxml: &str, initial: &Value) -> (Element, View) {
    let source: &'static str = Box::leak(wxml.to_owned().into_boxed_str());
    let program = Rc::new(Program::compile("p.wxml", &Page(source)).unwrap());
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("wx-page").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let view = View::new(program, document, &root, initial);
    (root, view)
}

fn changes(paths: &[&[Value]]) -> Changes {
    Changes::Paths(paths.iter().map(|p| p.to_vec()).collect())
}

fn texts(root: &Element, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length()).map(|i| list.get(i).unwrap().text_content().unwrap_or_default()).collect()
}

#[wasm_bindgen_test]
fn renders_elements_text_and_attributes() {
    let initial = data(r#"{"title": "Hi", "cls": "big", "n": 2}"#);
    let (root, _view) = render(
        r#"<view id="t" class="a {{cls}}" data-n="{{n}}">{{title}} x{{n * 2}}</view>"#,
        &initial,
    );
    assert!(
        root.inner_html().contains("<wx-view id=\"t\" class=\"a big\">Hi x4</wx-view>"),
        "{}",
        root.inner_html()
    );
    let dataset =
        js_sys::Reflect::get(&root.first_element_child().unwrap(), &"__wxDataset".into()).unwrap();
    assert_eq!(js_sys::Reflect::get(&dataset, &"n".into()).unwrap(), 2.0);
}

#[wasm_bindgen_test]
fn one_row_changes_only_that_row() {
    let initial = data(
        r#"{"rows": [{"id": 1, "t": "a"}, {"id": 2, "t": "b"}, {"id": 3, "t": "c"}], "title": "x"}"#,
    );
    let (root, mut view) = render(
        r#"<text>{{title}}</text><view wx:for="{{rows}}" wx:key="id" class="row">{{item.t}}</view>"#,
        &initial,
    );
    let observer = observe(&root);
    let mut next = initial.clone();
    wxweb_core::app::path::set(
        &mut next,
        &wxweb_core::app::path::parse_key("rows[1].t").unwrap(),
        Value::str("B"),
    )
    .unwrap();
    view.update(&next, &changes(&[&[Value::str("rows"), Value::Num(1.0), Value::str("t")]]));
    assert_eq!(texts(&root, ".row"), ["a", "B", "c"]);
    assert_eq!(mutations(&observer), 1, "one text node written");
    // A change to something nothing reads writes nothing.
    view.update(&next, &changes(&[&[Value::str("unused")]]));
    assert_eq!(mutations(&observer), 0);
}

#[wasm_bindgen_test]
fn keyed_rows_keep_their_elements_when_reordered() {
    let initial =
        data(r#"{"rows": [{"id": 1, "t": "a"}, {"id": 2, "t": "b"}, {"id": 3, "t": "c"}]}"#);
    let (root, mut view) =
        render(r#"<view wx:for="{{rows}}" wx:key="id" class="row">{{item.t}}</view>"#, &initial);
    let first = root.query_selector(".row").unwrap().unwrap();
    let reordered =
        data(r#"{"rows": [{"id": 3, "t": "c"}, {"id": 4, "t": "d"}, {"id": 1, "t": "a"}]}"#);
    view.update(&reordered, &changes(&[&[Value::str("rows")]]));
    assert_eq!(texts(&root, ".row"), ["c", "d", "a"]);
    let moved = root.query_selector_all(".row").unwrap().get(2).unwrap();
    assert!(moved.is_same_node(Some(&first)), "row 1 kept its element");
    view.update(&data(r#"{"rows": []}"#), &changes(&[&[Value::str("rows")]]));
    assert!(texts(&root, ".row").is_empty());
}

#[wasm_bindgen_test]
fn conditions_and_templates_follow_their_data() {
    let initial = data(r#"{"score": 95, "user": {"name": "Ann"}, "which": "a"}"#);
    let (root, mut view) = render(
        r#"<template name="a"><text class="t">A {{name}}</text></template><template name="b"><text class="t">B {{name}}</text></template>
<view class="g" wx:if="{{score >= 90}}">A</view><view class="g" wx:elif="{{score >= 60}}">B</view><view class="g" wx:else>C</view>
<template is="{{which}}" data="{{...user}}"/>"#,
        &initial,
    );
    assert_eq!(texts(&root, ".g"), ["A"]);
    assert_eq!(texts(&root, ".t"), ["A Ann"]);
    let next = data(r#"{"score": 10, "user": {"name": "Bob"}, "which": "b"}"#);
    view.update(
        &next,
        &changes(&[&[Value::str("score")], &[Value::str("user")], &[Value::str("which")]]),
    );
    assert_eq!(texts(&root, ".g"), ["C"]);
    assert_eq!(texts(&root, ".t"), ["B Bob"]);
}
