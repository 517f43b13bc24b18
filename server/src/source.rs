//! Where the files under `/app/` come from: a folder on disk or the demo embedded in the
//! binary. Its own module so that the routes, the project config and the proxy, which all
//! need it, depend on it rather than on each other.

use crate::files::Root;

/// Where the files under `/app/` come from.
#[derive(Clone, Debug)]
pub enum AppSource {
    /// A mini-program folder, read from disk at each request.
    Folder(Root),
    /// The demo embedded in the binary.
    BundledDemo,
}
