//! The edge of the server functions (`/api/…`): what a request body must be
//! before any server function decodes it.
//!
//! - At most [`MAX_API_BODY`] bytes: a larger body is answered 413 and never
//!   read further (the server functions would otherwise buffer any size).
//! - A form body (`application/x-www-form-urlencoded`) must percent-decode to
//!   UTF-8 in every name and value: serde's form decoder would replace the bad
//!   bytes with U+FFFD and store the result. Such a body is answered 400 naming
//!   the field. (A U+FFFD the user typed is text like any other and passes.)
//! - A server function whose arguments do not decode answers 400
//!   (`AppError::BadRequest`, set in `app::error`); here a plain form post that
//!   got one loses the redirect back to the form and reads a short text instead.
//!
//! Errors are answered as the server functions answer theirs: the JSON of the
//! `AppError` for the hydrated page, a short text for a plain form post.

use app::error::AppError;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures::StreamExt;

/// The largest body a server function accepts: 1 MiB. The largest form of the
/// app, an annual report with every text at its maximum length, is far below
/// it; file uploads go to their own routes with their own limits.
pub const MAX_API_BODY: usize = 1024 * 1024;

/// The middleware (see the module's text).
pub async fn api_body(req: Request, next: Next) -> Response {
    if !req.uri().path().starts_with("/api/") || matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let html = accepts_html(&req);
    let declared =
        req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_API_BODY as u64) {
        return refuse(AppError::TooLarge, html);
    }
    let form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let (parts, body) = req.into_parts();
    let bytes = match read_limited(body, MAX_API_BODY).await {
        Ok(b) => b,
        Err(e) => return refuse(e, html),
    };
    if form {
        if let Err(field) = check_form_utf8(&bytes) {
            return refuse(AppError::BadRequest(format!("field {field:?} is not UTF-8 text")), html);
        }
    }
    let res = next.run(Request::from_parts(parts, Body::from(bytes))).await;
    if res.status() == StatusCode::BAD_REQUEST && html {
        // A malformed server-function call from a plain form post: no
        // redirect back (the form cannot have sent it), a readable text.
        return refuse(AppError::BadRequest(String::new()), true);
    }
    res
}

fn accepts_html(req: &Request) -> bool {
    req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"))
}

/// Reads at most `limit` bytes of `body`: `TooLarge` past it, `BadRequest`
/// when the body cannot be read.
async fn read_limited(body: Body, limit: usize) -> Result<Vec<u8>, AppError> {
    let mut stream = body.into_data_stream();
    let mut out = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| AppError::BadRequest(format!("reading the body: {e}")))?;
        if out.len() + chunk.len() > limit {
            return Err(AppError::TooLarge);
        }
        out.extend_from_slice(&chunk);
    }
    Ok(out)
}

/// The first field of a form body whose name or value is not UTF-8 once
/// percent-decoded (`+` is a space), if any; `Err` carries the field's name
/// (lossily decoded, for the message).
pub fn check_form_utf8(body: &[u8]) -> Result<(), String> {
    for pair in body.split(|b| *b == b'&').filter(|p| !p.is_empty()) {
        let mut kv = pair.splitn(2, |b| *b == b'=');
        let name = percent_decode(kv.next().unwrap_or_default());
        let value = percent_decode(kv.next().unwrap_or_default());
        if std::str::from_utf8(&name).is_err() || std::str::from_utf8(&value).is_err() {
            return Err(String::from_utf8_lossy(&name).into_owned());
        }
    }
    Ok(())
}

fn percent_decode(s: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        match s[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < s.len() => match (hex(s[i + 1]), hex(s[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    out
}

/// The answer for a request refused here: the `AppError`'s status, and its
/// JSON (as the server functions encode errors) or, for a plain form post, a
/// short text in both languages.
fn refuse(e: AppError, html: bool) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST);
    tracing::warn!(status = status.as_u16(), error = %e, "request refused at the edge");
    if html {
        let text = match e {
            AppError::TooLarge => "提交的内容过大 / What was sent is too large.",
            _ => "请求无法识别，请刷新页面后重试 / The request could not be read. Reload the page and try again.",
        };
        return (status, [(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"))], text)
            .into_response();
    }
    let json = serde_json::to_string(&e).unwrap_or_default();
    (status, [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], json).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_bodies_must_decode_to_utf8() {
        assert_eq!(check_form_utf8(b"a=1&input%5Bname%5D=%E6%85%88%E5%96%84+x"), Ok(()));
        assert_eq!(check_form_utf8(b""), Ok(()));
        assert_eq!(check_form_utf8(b"a=%ZZ&b=100%"), Ok(()), "a stray % is text, not a byte");
        assert_eq!(check_form_utf8(b"a=1&input%5Bname%5D=%FF%FE"), Err("input[name]".to_string()));
        assert_eq!(check_form_utf8(b"input%5Bname%5D=%E6%85"), Err("input[name]".to_string()), "cut in a character");
        assert_eq!(check_form_utf8(b"q=\xff"), Err("q".to_string()), "raw bytes too");
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode(b"a%20b+c"), b"a b c");
        assert_eq!(percent_decode(b"%4"), b"%4");
        assert_eq!(percent_decode(b"%41%4a"), b"AJ");
    }
}
