//! Each page's WXML compiled once into the [`Program`] its views render from.

use std::cell::RefCell;
use std::rc::Rc;

use rustc_hash::FxHashMap;
use wxweb_core::template::program::Program;

use super::sources::Sources;

pub struct Templates {
    sources: Rc<Sources>,
    compiled: RefCell<FxHashMap<String, Rc<Program>>>,
}

impl Templates {
    pub fn new(sources: Rc<Sources>) -> Templates {
        Templates { sources, compiled: RefCell::default() }
    }

    /// The compiled `<route>.wxml` (and what it imports); the error says what is wrong.
    pub fn program(&self, route: &str) -> Result<Rc<Program>, String> {
        if let Some(program) = self.compiled.borrow().get(route) {
            return Ok(program.clone());
        }
        let program = Rc::new(Program::compile(&format!("{route}.wxml"), self.sources.as_ref())?);
        self.compiled.borrow_mut().insert(route.to_owned(), program.clone());
        Ok(program)
    }
}
