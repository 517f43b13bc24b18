//! Network (网络) without the browser: [`encode`] (request methods, query strings, form
//! bodies, the extension of a download) and [`scheduler`] (how many of request,
//! uploadFile and downloadFile run at once).

pub mod encode;
pub mod scheduler;
