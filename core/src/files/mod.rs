//! Files (文件) without the browser: [`ledger`], the accounting of saved files
//! (saveFile, getSavedFileList, getSavedFileInfo, removeSavedFile, 10 MB in all), and
//! [`kind`], which documents openDocument opens and how.

pub mod kind;
pub mod ledger;
