//! The penalty documents as a printable A4 page and as a PDF, officers only:
//! `/officer/cases/{id}/documents/{kind}` (HTML: the official layout with
//! `style/documents.css`, printed from the browser's own print; a print
//! button where JavaScript runs) and `/officer/cases/{id}/documents/{kind}.pdf`
//! (`crate::pdf`, a download). One route serves both: the router cannot
//! match a suffix after a parameter. Both show the document as issued with
//! its step (`penalty_document`), never the template as it is now.

use app::auth::service::Auth;
use app::penalty::documents::service::{issued, Issued};
use app::state::AppState;
use axum::extract::Path;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};

use super::download::{error_response, staff_only};
use crate::headers::CspNonce;
use crate::pdf::{self, PdfFont};

/// The print stylesheet, also part of the site's bundle.
const CSS: &str = include_str!("../../../style/documents.css");

pub(super) fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new().route("/officer/cases/{id}/documents/{file}", get(document))
}

async fn document(
    Extension(state): Extension<AppState>,
    Extension(auth): Extension<Auth>,
    nonce: Option<Extension<CspNonce>>,
    Path((id, file)): Path<(i64, String)>,
) -> Response {
    if let Some(res) = staff_only(&auth, &format!("/officer/cases/{id}/documents/{file}")) {
        return res;
    }
    let (kind, as_pdf) = match file.strip_suffix(".pdf") {
        Some(kind) => (kind, true),
        None => (file.as_str(), false),
    };
    let doc = match issued(&state.db, &state.settings, id, kind).await {
        Ok(doc) => doc,
        Err(e) => return error_response(e),
    };
    if !as_pdf {
        let nonce = nonce.map(|Extension(n)| n.0.to_string()).unwrap_or_default();
        return Html(page(id, kind, &doc, &nonce)).into_response();
    }
    let font = match state.part::<PdfFont>() {
        Ok(f) => f.clone(),
        Err(e) => return error_response(e),
    };
    let loaded = match font.0.as_ref() {
        Ok(f) => f,
        Err(reason) => {
            let mut res = (StatusCode::SERVICE_UNAVAILABLE, pdf::disabled_message(reason)).into_response();
            res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
            return res;
        }
    };
    match pdf::render(loaded, &doc) {
        Ok(bytes) => {
            let name = format!("{}-{id}.pdf", doc.kind.as_str());
            let mut res = bytes.into_response();
            let h = res.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
            if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
            res
        }
        Err(e) => {
            tracing::error!(case = id, kind, error = %e, "PDF document");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The A4 page: the bureau in red over a red rule, the title, the number,
/// the body's paragraphs, the signature block flush right.
fn page(id: i64, kind: &str, d: &Issued, nonce: &str) -> String {
    let paras: String = d
        .text
        .split('\n')
        .map(|p| {
            let p = p.trim_end();
            if p.is_empty() {
                "<p class=\"doc-gap\"></p>".to_string()
            } else if p.ends_with('：') {
                format!("<p class=\"doc-salutation\">{}</p>", esc(p))
            } else {
                format!("<p>{}</p>", esc(p))
            }
        })
        .collect();
    let sig: String = d.signature.iter().map(|l| format!("<p>{}</p>", esc(l))).collect();
    format!(
        r#"<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} {number}</title>
<style>{CSS}</style>
</head>
<body class="doc-body">
<nav class="doc-tools" aria-label="文书操作">
<a href="/officer/cases/{id}">返回案件</a>
<button type="button" id="doc-print" class="doc-print" hidden>打印</button>
<a href="/officer/cases/{id}/documents/{kind}.pdf" id="doc-pdf" download>下载 PDF</a>
<span class="doc-hint">用浏览器的“打印”（Ctrl+P）即按 A4 版式打印。</span>
</nav>
<main>
<article class="doc-a4" id="document" data-template-version="{version}">
<header class="doc-head">
<p class="doc-bureau">{bureau}</p>
<h1 class="doc-title">{title}</h1>
<p class="doc-number" id="doc-number">{number}</p>
</header>
<div class="doc-text">{paras}</div>
<div class="doc-signature">{sig}</div>
</article>
</main>
<script nonce="{nonce}">
(function () {{
  var b = document.getElementById("doc-print");
  if (b) {{ b.hidden = false; b.addEventListener("click", function () {{ window.print(); }}); }}
}})();
</script>
</body>
</html>"#,
        title = esc(&d.title),
        number = esc(&d.number),
        bureau = esc(&d.bureau),
        version = d.template_version,
        nonce = esc(nonce),
    )
}
