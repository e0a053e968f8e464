//! What each edition may contain: a document is in an edition when its
//! audience is one of the edition's and it is published (not a draft, unless
//! drafts are included). Every stage that shows or checks an edition asks
//! here, so the rule lives in one place.

use crate::config::EditionConfig;
use crate::content::document::{Document, Status};

/// An edition with the publishing options of this run.
#[derive(Clone, Copy, Debug)]
pub struct Edition<'a> {
    pub config: &'a EditionConfig,
    pub include_drafts: bool,
}

impl<'a> Edition<'a> {
    pub fn new(config: &'a EditionConfig, include_drafts: bool) -> Self {
        Edition {
            config,
            include_drafts,
        }
    }

    pub fn name(&self) -> &'a str {
        &self.config.name
    }

    /// Whether the edition's audiences include this document's.
    pub fn admits_audience(&self, document: &Document) -> bool {
        self.config.audiences.contains(&document.audience)
    }

    pub fn contains(&self, document: &Document) -> bool {
        self.admits_audience(document) && is_published(document, self.include_drafts)
    }
}

/// Whether a document is published in this run (drafts only with `--drafts`).
pub fn is_published(document: &Document, include_drafts: bool) -> bool {
    include_drafts || document.status != Status::Draft
}
