//! The development server: serves the current `Site` from memory, laid out
//! like the output (`/company/…`, `/vendor/…`, `/` redirects to the first
//! edition), injects the live-reload script into HTML pages, and pushes
//! "reload" and "errors" events to open pages over server-sent events.
//!
//! This module owns `axum` and `tokio`. It never reads the file system:
//! every path is looked up in the in-memory site, so no request can reach a
//! file outside the output.

use std::convert::Infallible;
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::{self, Stream};
use tokio::sync::broadcast;

use super::site::Site;

/// What open pages are told.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    /// A good rebuild is being served: reload.
    Reload,
    /// The project has errors (the text of the diagnostics): show the overlay.
    Errors(String),
}

/// Shared between the rebuild loop and the request handlers.
pub struct Shared {
    pub site: RwLock<Arc<Site>>,
    /// The errors of the last rebuild, shown to pages opened meanwhile.
    pub errors: RwLock<Option<String>>,
    pub notices: broadcast::Sender<Notice>,
}

impl Shared {
    pub fn new(site: Site) -> Arc<Self> {
        let (notices, _) = broadcast::channel(16);
        Arc::new(Shared {
            site: RwLock::new(Arc::new(site)),
            errors: RwLock::new(None),
            notices,
        })
    }

    /// Swaps in a new site at once, then tells the pages to reload.
    pub fn publish(&self, site: Site) {
        let previous = match self.site.write() {
            Ok(mut current) => Some(std::mem::replace(&mut *current, Arc::new(site))),
            Err(_) => None,
        };
        // Requests may still hold it; otherwise it is freed off this path.
        crate::pipeline::drop_later(previous);
        if let Ok(mut errors) = self.errors.write() {
            *errors = None;
        }
        let _ = self.notices.send(Notice::Reload);
    }

    /// Keeps the last good site and shows the errors on every open page.
    pub fn fail(&self, text: String) {
        if let Ok(mut errors) = self.errors.write() {
            *errors = Some(text.clone());
        }
        let _ = self.notices.send(Notice::Errors(text));
    }

    /// The site being served.
    pub fn current(&self) -> Arc<Site> {
        self.site
            .read()
            .map(|site| Arc::clone(&site))
            .unwrap_or_default()
    }
}

const LIVE_PATH: &str = "/__playbook/live.js";
const EVENTS_PATH: &str = "/__playbook/events";
const LIVE_SCRIPT: &str = include_str!("live.js");

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .route(LIVE_PATH, get(live_script))
        .fallback(get(file))
        .with_state(shared)
}

async fn live_script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        LIVE_SCRIPT,
    )
        .into_response()
}

async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let receiver = shared.notices.subscribe();
    // A page that connects while the project has errors sees them at once.
    let first = shared
        .errors
        .read()
        .ok()
        .and_then(|errors| errors.clone())
        .map(Notice::Errors);
    let stream = stream::unfold((first, receiver), |(first, mut receiver)| async move {
        let notice = match first {
            Some(notice) => notice,
            None => loop {
                match receiver.recv().await {
                    Ok(notice) => break notice,
                    Err(broadcast::error::RecvError::Lagged(_)) => continue,
                    Err(broadcast::error::RecvError::Closed) => return None,
                }
            },
        };
        let event = match notice {
            Notice::Reload => Event::default().event("reload").data("reload"),
            Notice::Errors(text) => Event::default().event("errors").data(text),
        };
        Some((Ok(event), (None, receiver)))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// Maps a request path to (edition, file): `/` → redirect, `/vendor` →
/// redirect to `/vendor/`, folders → their `index.html`. `None` for a path
/// that tries to climb (`..`, encoded or not) or names no edition.
pub fn resolve(path: &str, site: &Site) -> Resolved {
    let decoded = percent_decode(path);
    let trimmed = decoded.trim_start_matches('/');
    if trimmed.is_empty() {
        return match site.first_edition() {
            Some(first) => Resolved::Redirect(format!("/{first}/")),
            None => Resolved::NotFound(None),
        };
    }
    let segments: Vec<&str> = trimmed.split('/').collect();
    if segments.iter().any(|segment| {
        *segment == ".." || *segment == "." || segment.contains('\\') || segment.contains('\0')
    }) {
        return Resolved::Forbidden;
    }
    let edition = segments[0];
    if !site.editions.iter().any(|(name, _)| name == edition) {
        return Resolved::NotFound(site.first_edition().map(str::to_string));
    }
    if segments.len() == 1 {
        return Resolved::Redirect(format!("/{edition}/"));
    }
    let mut file = segments[1..].join("/");
    if file.is_empty() || file.ends_with('/') {
        file.push_str("index.html");
    }
    if site.file(edition, &file).is_some() {
        return Resolved::File(edition.to_string(), file);
    }
    let folder_index = format!("{file}/index.html");
    if site.file(edition, &folder_index).is_some() {
        return Resolved::Redirect(format!("/{edition}/{file}/"));
    }
    Resolved::NotFound(Some(edition.to_string()))
}

#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    File(String, String),
    Redirect(String),
    /// With the edition whose `404.html` to show.
    NotFound(Option<String>),
    Forbidden,
}

fn percent_decode(path: &str) -> String {
    crate::markdown::percent_decode(path)
}

async fn file(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let site = shared.current();
    match resolve(uri.path(), &site) {
        Resolved::File(edition, path) => match site.file(&edition, &path) {
            Some(bytes) => respond(StatusCode::OK, &path, &bytes),
            None => StatusCode::NOT_FOUND.into_response(),
        },
        Resolved::Redirect(location) => {
            let mut response = StatusCode::FOUND.into_response();
            if let Ok(value) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            response
        }
        Resolved::NotFound(edition) => {
            let page = edition.and_then(|edition| site.file(&edition, "404.html"));
            match page {
                Some(bytes) => respond(StatusCode::NOT_FOUND, "404.html", &bytes),
                None => (StatusCode::NOT_FOUND, "not found").into_response(),
            }
        }
        Resolved::Forbidden => (StatusCode::FORBIDDEN, "forbidden").into_response(),
    }
}

fn respond(status: StatusCode, path: &str, bytes: &[u8]) -> Response {
    let content_type = content_type(path);
    let body: Vec<u8> = if content_type.starts_with("text/html") {
        inject_live_script(bytes)
    } else {
        bytes.to_vec()
    };
    let mut response = (status, body).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Adds the live-reload script before `</body>` (served pages only; built
/// pages never contain it).
fn inject_live_script(html: &[u8]) -> Vec<u8> {
    let tag = format!("<script src=\"{LIVE_PATH}\"></script>");
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(at) => format!("{}{tag}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        "txt" | "md" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::site::Content;

    fn site() -> Site {
        let mut files = super::super::site::Files::default();
        files.insert(
            "index.html".into(),
            Content::Whole(Arc::from(&b"<html></html>"[..])),
        );
        files.insert(
            "sla/index.html".into(),
            Content::Whole(Arc::from(&b"x"[..])),
        );
        files.insert("sla/a.html".into(), Content::Whole(Arc::from(&b"x"[..])));
        Site {
            editions: vec![("company".into(), files.clone()), ("vendor".into(), files)],
        }
    }

    #[test]
    fn paths_map_to_files_and_redirects() {
        let site = site();
        assert_eq!(resolve("/", &site), Resolved::Redirect("/company/".into()));
        assert_eq!(
            resolve("/vendor", &site),
            Resolved::Redirect("/vendor/".into())
        );
        assert_eq!(
            resolve("/vendor/", &site),
            Resolved::File("vendor".into(), "index.html".into())
        );
        assert_eq!(
            resolve("/company/sla", &site),
            Resolved::Redirect("/company/sla/".into())
        );
        assert_eq!(
            resolve("/company/sla/a.html", &site),
            Resolved::File("company".into(), "sla/a.html".into())
        );
        assert_eq!(
            resolve("/company/nope.html", &site),
            Resolved::NotFound(Some("company".into()))
        );
    }

    #[test]
    fn climbing_out_is_refused() {
        let site = site();
        for path in [
            "/company/../vendor/index.html",
            "/company/%2e%2e/x",
            "/company/..%2fx",
            "/%2e%2e/etc/passwd",
            "/company/a\\b",
        ] {
            assert_eq!(resolve(path, &site), Resolved::Forbidden, "{path}");
        }
    }

    #[test]
    fn the_live_script_goes_before_the_end_of_body() {
        let html = inject_live_script(b"<html><body>x</body></html>");
        assert_eq!(
            String::from_utf8(html).unwrap(),
            "<html><body>x<script src=\"/__playbook/live.js\"></script></body></html>"
        );
    }
}
