//! Rendering editions: which documents each holds, the navigation, every
//! page through the templates, `print.html`, the search index,
//! `playbook.json`, the stylesheet and the files of `static/`, each handed
//! to a `Sink` as soon as it is made (pages are rendered in parallel and
//! never all held in memory). `build` and `watch` render through the same
//! functions (`editions::render_editions`); a `reuse::Reuse` says what may
//! be taken from the last rendering (`build`: nothing).
//!
//! By file: `editions` the pass over the documents, `pages` the document
//! and view pages, `aggregates` the list of views made from all documents,
//! `print` the print page, `context` what every page shares, `view` an
//! edition's documents and order, `sink` where files go, `reuse` what a
//! rendering keeps for the next.
//!
//! Nothing here writes the title, ID or URL of a document the edition leaves
//! out: every lookup goes through `EditionView::visible`.

pub mod aggregates;
pub mod calendar;
mod change_words;
pub mod changes;
pub mod chart;
pub mod context;
pub mod editions;
pub mod fact;
pub mod facts;
pub mod format;
pub mod i18n;
pub mod json;
pub mod pages;
pub mod print;
mod print_cut;
mod results;
pub mod reuse;
mod review;
pub mod sink;
pub mod toc;
pub mod view;
pub mod views;

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::content::document::{Document, Kind};
use crate::diag::Diagnostic;
use crate::edition::Edition;
use crate::graph;
use crate::markdown::{self, LinkRef, Links, RenderOptions, Target};
use crate::pipeline::Analysis;
use crate::search;
use crate::templates::{self, Templates};
use i18n::{Ui, Words};

pub use aggregates::{Make, TogetherView, VIEWS, View};
use context::*;
pub use context::{DocLink, EditionRenderer, MENU_GUIDE_PAGES};
use editions::*;
pub use editions::{Stats, render_editions};
use pages::*;
pub use print::print_anchor;
use print::*;
pub use sink::{Emit, OpenFile, Sink};
pub use view::{EditionView, HOME_PATH, nav_order, root_prefix};
