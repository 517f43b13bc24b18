//! The renderer: a page's compiled template ([`Program`]) and its data, shown as DOM
//! ([`tree`]) and kept in step by [`View::update`] after each `setData`.

pub(crate) mod dom;
mod tree;

use std::rc::Rc;

use web_sys::{Document, Element};
use wxweb_core::template::program::Program;
use wxweb_core::template::scope::{Changes, Scope};
use wxweb_core::value::Value;

pub use dom::{DATASET, ON};
use tree::{At, Ctx, Inst};

/// One page's rendered view inside its root element (`<wx-page>`).
pub struct View {
    program: Rc<Program>,
    doc: Document,
    insts: Vec<Inst>,
}

impl View {
    /// Renders `program` with `data` into `root`.
    pub fn new(program: Rc<Program>, doc: Document, root: &Element, data: &Value) -> View {
        let insts = {
            let ctx = Ctx { program: &program, doc: &doc };
            tree::build_all(
                &ctx,
                &program.root,
                &Scope::Data(data),
                At { parent: root, before: None },
            )
        };
        View { program, doc, insts }
    }

    /// Shows `data` after `changes` (the paths that `setData` set).
    pub fn update(&mut self, data: &Value, changes: &Changes) {
        let ctx = Ctx { program: &self.program, doc: &self.doc };
        let scope = Scope::Data(data);
        for inst in &mut self.insts {
            inst.update(&ctx, &scope, changes);
        }
    }
}
