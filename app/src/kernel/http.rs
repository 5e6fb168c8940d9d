//! HTTP pieces every feature shares: the cookies of a request, and where a
//! redirect may send the browser (only a path of this site). Every redirect
//! whose target comes from a request (`next=`, `back=`) goes through
//! [`local_path`].

/// A cookie of a request.
#[cfg(feature = "ssr")]
pub fn request_cookie(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers.get(http::header::COOKIE).and_then(|v| v.to_str().ok()).and_then(|h| cookie_value(h, name))
}

/// Reads a cookie from a `Cookie` header.
pub fn cookie_value(header: &str, name: &str) -> Option<String> {
    header.split(';').find_map(|p| p.trim().strip_prefix(name).and_then(|r| r.strip_prefix('='))).map(str::to_string)
}

/// `target` when it is a path on this site, otherwise `None`.
///
/// A local path starts with one `/` followed by something other than `/` or
/// `\` (browsers read `//host`, `/\host` and `\/host` as another site), and
/// holds only visible ASCII and no backslash (browsers drop tabs and newlines
/// from URLs, so `/<TAB>/host` would become `//host`; a raw non-ASCII path
/// cannot be a `Location` header). An
/// encoded slash or backslash right after the first `/` is refused too, for
/// servers or proxies that decode a path once more.
pub fn local_path(target: &str) -> Option<&str> {
    let rest = target.strip_prefix('/')?;
    if rest.starts_with('/') || rest.starts_with('\\') {
        return None;
    }
    // Visible ASCII only (a browser sends a path percent-encoded): no
    // whitespace or control character, and nothing a `Location` header cannot hold.
    if target.chars().any(|c| c == '\\' || !c.is_ascii_graphic()) {
        return None;
    }
    let head = rest.get(..3).unwrap_or("").to_ascii_lowercase();
    if head == "%2f" || head == "%5c" {
        return None;
    }
    Some(target)
}

/// `target` if local, else `fallback`; a decoded non-ASCII character (from a
/// query parameter such as `back=/public/orgs?q=协会`) is percent-encoded again
/// first, so such a target stays the same page.
pub fn local_or(target: Option<&str>, fallback: &str) -> String {
    target.map(encode_non_ascii).as_deref().and_then(local_path).unwrap_or(fallback).to_string()
}

/// Percent-encodes every non-ASCII character (its UTF-8 bytes); ASCII is kept.
fn encode_non_ascii(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// The page a plain form post came from, from its `Referer` (`http://host/a?b=1`
/// → `/a?b=1`), without the `__path` and `__err` pairs the framework adds to
/// carry an error (the flash carries it here), and only when it is local.
pub fn back_to_form(referer: &str) -> Option<String> {
    let path = match referer.split_once("://") {
        Some((_, rest)) => &rest[rest.find('/')?..],
        None => referer,
    };
    let path = local_path(path)?;
    let (base, query) = match path.split_once('?') {
        Some((b, q)) => (b, q),
        None => return Some(path.to_string()),
    };
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| {
            let key = pair.split('=').next().unwrap_or("");
            !pair.is_empty() && key != "__path" && key != "__err"
        })
        .collect();
    Some(if kept.is_empty() { base.to_string() } else { format!("{base}?{}", kept.join("&")) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_to_the_form_without_the_error_pairs() {
        assert_eq!(back_to_form("http://localhost/officer/reports/3").as_deref(), Some("/officer/reports/3"));
        assert_eq!(
            back_to_form("https://x.example:8443/officer/reports/3?__path=%2Fapi%2Freports%2Freview&__err=eyJ9&tab=a")
                .as_deref(),
            Some("/officer/reports/3?tab=a")
        );
        assert_eq!(back_to_form("http://h/p?__path=a&__err=b&__path=a&__err=b").as_deref(), Some("/p"));
        assert_eq!(back_to_form("http://h//evil.example/x"), None);
        assert_eq!(back_to_form("http://h"), None);
    }

    #[test]
    fn local_paths_pass() {
        for ok in ["/", "/officer/orgs?q=%E5%8D%8F%E4%BC%9A&page=2", "/public/orgs/1#credit", "/a/b//c", "/%E5%8D%8F"] {
            assert_eq!(local_path(ok), Some(ok), "{ok}");
        }
    }

    #[test]
    fn the_usual_bypasses_are_refused() {
        for bad in [
            "",
            "//evil.example",
            "///evil.example",
            "/\\evil.example",
            "\\/evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "/ /evil.example",
            "/%2f/evil.example",
            "/%2F%2Fevil.example",
            "/%5Cevil.example",
            "/%5cevil.example",
            "https://evil.example",
            "http:/evil.example",
            "evil.example",
            "javascript:alert(1)",
            "data:text/html,x",
            " /officer",
            "/officer\\..\\x",
            "/\u{0}x",
            "/\u{3000}/evil.example",
            "/officer/orgs?q=协会",
        ] {
            assert_eq!(local_path(bad), None, "{bad:?}");
        }
        assert_eq!(local_or(Some("//x"), "/"), "/");
        assert_eq!(local_or(None, "/portal"), "/portal");
        assert_eq!(local_or(Some("/public/orgs?q=协会"), "/"), "/public/orgs?q=%E5%8D%8F%E4%BC%9A");
        assert_eq!(local_or(Some("/\u{3000}/evil.example"), "/"), "/%E3%80%80/evil.example", "encoded, a local path");
    }
}
