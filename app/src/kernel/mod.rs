//! The kernel: what every feature uses and no feature owns. A kernel module
//! never imports a feature (`tests` below scans the sources); features import
//! the kernel.
//!
//! Here: the bureau's clock, HTTP pieces (cookies, local redirects), the CSV
//! writer and uploaded files. The older kernel modules stay at the crate's
//! top level: `db`, `error`, `i18n`, `state` (settings and the application
//! state), `domain` (the pure rules), `ui` (shared components) and `mail`.

#[cfg(feature = "ssr")]
pub mod clock;
#[cfg(feature = "ssr")]
pub mod csv;
pub mod files;
pub mod http;
pub mod import;

/// The modules of the kernel, as paths under `app/src`: these may import one
/// another but no feature. `ui/layout.rs` is not among them: it is the app's
/// shell (the header shows who is signed in), as are `lib.rs` with the routes
/// and `imports.rs` with the import kinds; the scan counts those as features.
pub const KERNEL: [&str; 9] =
    ["kernel/", "db.rs", "error.rs", "i18n.rs", "state.rs", "domain/", "mail/", "flash/", "ui/"];

/// Kernel files that are not kernel modules.
pub const SHELL: [&str; 1] = ["ui/layout.rs"];

/// The first path segment of every `crate::` path in `src` (comments left
/// out), including each member of a `crate::{a::x, b}` group.
pub fn crate_roots(src: &str) -> Vec<String> {
    let code: String = src.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n");
    let ident = |s: &str| s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>();
    let mut out = Vec::new();
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // Members at the group's top level start after `{` or a `,`.
            let mut depth = 0;
            let mut start = true;
            for (j, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => start = true,
                    c if c.is_whitespace() => {}
                    _ if start && depth == 0 => {
                        out.push(ident(&group[j..]));
                        start = false;
                    }
                    _ => {}
                }
            }
        } else {
            out.push(ident(rest));
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    #[test]
    fn paths_are_read_from_plain_and_grouped_imports() {
        // Written with `krate` so that this file's own scan does not read it.
        let src = "use krate::db;\nuse krate::{\n    error::AppError,\n    registry::{service::today, types},\n};\n/ / krate::credit in a comment\nlet x = krate::lottery::f();"
            .replace("krate", "crate")
            .replace("/ /", "//");
        assert_eq!(crate_roots(&src), ["db", "error", "registry", "lottery"]);
    }

    /// Every top-level module of `lib.rs` that is not in the kernel is a
    /// feature, and no kernel file names one.
    #[test]
    fn the_kernel_imports_no_feature() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
        let kernel_roots: Vec<&str> = KERNEL.iter().map(|k| k.trim_end_matches('/').trim_end_matches(".rs")).collect();
        let features: Vec<String> = lib
            .lines()
            .filter_map(|l| l.trim().strip_prefix("pub mod ").and_then(|m| m.strip_suffix(';')))
            .filter(|m| !kernel_roots.contains(m))
            .map(str::to_string)
            .collect();
        assert!(features.len() >= 10 && features.iter().any(|f| f == "registry"), "{features:?}");
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        let mut found = Vec::new();
        for file in files {
            let rel = file.strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
            let in_kernel = KERNEL.iter().any(|k| if k.ends_with('/') { rel.starts_with(k) } else { rel == *k });
            if !in_kernel || SHELL.contains(&rel.as_str()) {
                continue;
            }
            let text = std::fs::read_to_string(&file).unwrap();
            for root in crate_roots(&text) {
                if features.contains(&root) {
                    found.push(format!("{rel} imports crate::{root}"));
                }
            }
        }
        assert!(found.is_empty(), "the kernel imports features:\n{}", found.join("\n"));
    }
}
