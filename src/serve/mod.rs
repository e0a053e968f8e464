//! What `playbook watch` is made of: the site rendered into memory and
//! rebuilt incrementally (`site.rs`), the file watcher (`watcher.rs`) and
//! the server with live reload (`http.rs`). The verb itself, which ties
//! them together, is `cmd/watch.rs`.

pub mod http;
pub mod site;
pub mod watcher;
