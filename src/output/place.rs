//! Where `build` may write. The output folder's edition folders are
//! replaced whole, so an `--out` that is, or contains, a folder of the
//! project (`content/`, `templates/`, `static/`, `data/`, `releases/`, the
//! root itself) or the file-system root would delete what the user wrote;
//! one inside `content/`, `templates/`, `data/` or `releases/` would have
//! its pages read back as input on the next run; one inside `static/`
//! would copy each build into the next (the company edition into the
//! vendor one, growing every time). All are refused before anything is
//! written. Paths are compared as they really are: symbolic links and
//! `..` resolved in the part that exists.

use std::path::{Component, Path, PathBuf};

/// The project's folders that hold what the user wrote (with the root).
const SOURCE_FOLDERS: [&str; 5] = ["content", "templates", "static", "data", "releases"];

/// Why an output folder is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// A diagnostic code when there is one (`static-into-output`).
    pub code: Option<&'static str>,
    pub message: String,
    pub help: String,
}

/// `path` made absolute, with symbolic links and `..` resolved as far as
/// it exists; the rest (not yet created) appended as written, `.` and
/// `..` applied to it by name.
pub fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let components: Vec<Component<'_>> = absolute.components().collect();
    for split in (1..=components.len()).rev() {
        let existing: PathBuf = components[..split].iter().collect();
        let Ok(mut real) = existing.canonicalize() else {
            continue;
        };
        for component in &components[split..] {
            match component {
                Component::ParentDir => {
                    real.pop();
                }
                Component::Normal(name) => real.push(name),
                _ => {}
            }
        }
        return Ok(real);
    }
    Ok(absolute)
}

/// `out` as a diagnostic's path: relative to the project root, as every
/// path of a diagnostic is (`public`, `../site`), or absolute when the
/// two share nothing but `/`.
pub fn relative_to_root(root: &Path, out: &Path) -> String {
    let (Ok(root), Ok(out)) = (resolve(root), resolve(out)) else {
        return out.display().to_string();
    };
    let shared = root
        .components()
        .zip(out.components())
        .take_while(|(a, b)| a == b)
        .count();
    if shared <= 1 {
        return out.display().to_string();
    }
    let climbs = root.components().count() - shared;
    let mut parts: Vec<String> = vec!["..".to_string(); climbs];
    parts.extend(
        out.components()
            .skip(shared)
            .map(|part| part.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

/// Checks `out` against the project at `root`; `None` when it is safe.
pub fn refusal(root: &Path, out: &Path) -> Option<Refusal> {
    let shown = out.display();
    let real_out = match resolve(out) {
        Ok(real) => real,
        Err(error) => {
            return Some(Refusal {
                code: None,
                message: format!("cannot tell where --out `{shown}` is: {error}"),
                help: "give --out as an absolute path".to_string(),
            });
        }
    };
    let elsewhere = "write the editions to a folder of their own, such as `public` (the default)";
    if real_out.parent().is_none() {
        return Some(Refusal {
            code: None,
            message: format!(
                "--out `{shown}` is the file-system root: its folders named like an edition would be replaced"
            ),
            help: elsewhere.to_string(),
        });
    }
    let real_root = resolve(root).unwrap_or_else(|_| root.to_path_buf());
    if real_root.starts_with(&real_out) {
        return Some(Refusal {
            code: None,
            message: format!(
                "--out `{shown}` {} the project `{}`: its folders named like an edition (such as `content/<edition>`) would be replaced and what you wrote deleted",
                if real_root == real_out {
                    "is"
                } else {
                    "contains"
                },
                root.display(),
            ),
            help: elsewhere.to_string(),
        });
    }
    for folder in SOURCE_FOLDERS {
        let real_folder = resolve(&root.join(folder)).unwrap_or_else(|_| real_root.join(folder));
        if real_folder.starts_with(&real_out) {
            return Some(Refusal {
                code: (folder == "static").then_some("static-into-output"),
                message: format!(
                    "--out `{shown}` {} the project's `{folder}/`: folders there named like an edition would be replaced and what you wrote deleted",
                    if real_folder == real_out {
                        "is"
                    } else {
                        "contains"
                    },
                ),
                help: elsewhere.to_string(),
            });
        }
        if real_out.starts_with(&real_folder) {
            if folder == "static" {
                return Some(Refusal {
                    code: Some("static-into-output"),
                    message: format!(
                        "--out `{shown}` is inside `static/`, which is copied into every edition: each build would copy the previous output (the company edition into the vendor one) and grow every time"
                    ),
                    help: elsewhere.to_string(),
                });
            }
            return Some(Refusal {
                code: None,
                message: format!(
                    "--out `{shown}` is inside the project's `{folder}/`: the generated pages would be read back as input by the next run"
                ),
                help: elsewhere.to_string(),
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_not_yet_made_is_resolved_by_name() {
        let folder = tempfile::tempdir().unwrap();
        let real = folder.path().canonicalize().unwrap();
        assert_eq!(
            resolve(&folder.path().join("a/../b/./c")).unwrap(),
            real.join("b/c")
        );
        assert_eq!(
            resolve(&folder.path().join("..")).unwrap(),
            real.parent().unwrap()
        );
    }

    #[test]
    fn an_output_is_named_from_the_project_root() {
        let folder = tempfile::tempdir().unwrap();
        let root = folder.path().join("project");
        assert_eq!(relative_to_root(&root, &root.join("public")), "public");
        assert_eq!(
            relative_to_root(&root, &folder.path().join("out/x")),
            "../out/x"
        );
        assert_eq!(relative_to_root(&root, Path::new("/")), "/");
    }

    #[test]
    fn every_kind_of_unsafe_output_is_refused() {
        let folder = tempfile::tempdir().unwrap();
        let root = folder.path().join("project");
        for name in SOURCE_FOLDERS {
            std::fs::create_dir_all(root.join(name)).unwrap();
        }
        std::os::unix::fs::symlink(root.join("content"), folder.path().join("link")).unwrap();
        let refused = |out: &str| refusal(&root, &root.join(out)).is_some();
        for out in [
            ".",
            "content",
            "templates",
            "static",
            "data",
            "releases",
            "content/x",
            "templates/x/y",
            "data/out",
            "releases/v1",
            "static/x",
            "content/../content",
            "..",
            "../..",
            "../link",
            "../link/sub",
            "nothing/../static/x",
        ] {
            assert!(refused(out), "--out {out} was accepted");
        }
        assert!(refusal(&root, Path::new("/")).is_some());
        for out in ["public", "site/out", "../elsewhere", "contentx"] {
            assert!(!refused(out), "--out {out} was refused");
        }
        assert_eq!(
            refusal(&root, &root.join("static/x")).and_then(|r| r.code),
            Some("static-into-output")
        );
    }
}
