//! The two behaviours wxweb follows (CONVENTIONS.md, "Profiles"): the 2016 base library
//! of the seed document, and the later one that mini programs written today expect.

/// Which base library's behaviour to follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// Base library 1.x, as the seed document describes: callbacks only.
    Seed,
    /// The later base library: Promises when no callback is given, higher limits.
    Modern,
}
