//! Form outcomes that survive a redirect. With JavaScript off a form posts to
//! the server function and the browser is redirected (to the new record, or
//! back to the form); the field errors, the values typed and success notices
//! travel in a short-lived `flash` cookie that the next page shows and clears.

use std::collections::BTreeMap;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{AppError, FieldError};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Flash {
    /// The form the errors and values belong to.
    pub form: Option<String>,
    pub summary: Option<String>,
    pub errors: Vec<FieldError>,
    pub values: BTreeMap<String, String>,
    /// A success message key, shown once on the next page.
    pub notice: Option<String>,
    pub notice_arg: Option<String>,
}

/// Reads and clears the flash cookie.
#[server(endpoint = "flash/take")]
pub async fn take_flash() -> Result<Option<Flash>, AppError> {
    Ok(ssr::take())
}

#[cfg(feature = "ssr")]
pub use ssr::{finish, set_cookie, set_status, with_status};

#[cfg(feature = "ssr")]
mod ssr {
    use super::*;
    use base64::Engine;
    use http::header::{ACCEPT, SET_COOKIE};
    use http::{HeaderValue, StatusCode};
    use leptos_axum::ResponseOptions;

    const COOKIE_NAME: &str = "flash";
    const MAX_COOKIE: usize = 3800;

    fn b64() -> base64::engine::GeneralPurpose {
        base64::engine::general_purpose::URL_SAFE_NO_PAD
    }

    /// Sets the HTTP status of the response for an error. A plain form post
    /// keeps its redirect back to the form instead (the flash carries the error).
    pub fn set_status(e: &AppError) {
        if plain_form() && is_server_fn_call() {
            return;
        }
        if let Some(res) = use_context::<ResponseOptions>() {
            let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let earlier = res.0.read().ok().and_then(|p| p.status);
            if earlier.is_none_or(|s| weight(status) > weight(s)) {
                res.set_status(status);
            }
        }
    }

    /// Which of a page's failed reads names its status: a fault of the server
    /// (never hidden), then a refusal of access (401, then 403), then a record
    /// not found, then any other refusal. A page reads several things; a panel
    /// of it that answers 404 for another organization's record must not hide
    /// that the page itself is forbidden.
    fn weight(s: StatusCode) -> u8 {
        match s.as_u16() {
            500..=599 => 5,
            401 => 4,
            403 => 3,
            404 => 2,
            400..=499 => 1,
            _ => 0,
        }
    }

    /// Passes `result` through, setting the response status when it is an error.
    pub fn with_status<T>(result: Result<T, AppError>) -> Result<T, AppError> {
        if let Err(e) = &result {
            set_status(e);
        }
        result
    }

    /// Whether this request is a call of a server function (not a page render).
    fn is_server_fn_call() -> bool {
        use_context::<http::request::Parts>().map(|p| p.uri.path().starts_with("/api/")).unwrap_or(false)
    }

    /// Whether this request is a plain HTML form post (JavaScript off).
    fn plain_form() -> bool {
        use_context::<http::request::Parts>()
            .and_then(|p| p.headers.get(ACCEPT).and_then(|v| v.to_str().ok()).map(|v| v.contains("text/html")))
            .unwrap_or(false)
    }

    /// The configured secret; none (so nothing is signed or trusted) when the
    /// state is missing or the secret is empty.
    fn secret() -> Option<String> {
        crate::state::state().ok().map(|s| s.settings.secret.clone()).filter(|s| !s.is_empty())
    }

    fn mac(secret: &str, payload: &str) -> hmac::Hmac<sha2::Sha256> {
        use hmac::Mac;
        let mut mac = <hmac::Hmac<sha2::Sha256> as Mac>::new_from_slice(secret.as_bytes()).expect("any key length");
        mac.update(payload.as_bytes());
        mac
    }

    /// HMAC-SHA256 of the cookie payload under the configured secret, so a
    /// forged flash is ignored.
    fn sign_with(secret: &str, payload: &str) -> String {
        use hmac::Mac;
        hex::encode(mac(secret, payload).finalize().into_bytes())
    }

    /// Whether `tag` (hex) is the payload's HMAC, compared in constant time.
    fn verify(secret: &str, payload: &str, tag: &str) -> bool {
        use hmac::Mac;
        hex::decode(tag).is_ok_and(|t| mac(secret, payload).verify_slice(&t).is_ok())
    }

    /// The `Set-Cookie` value carrying `flash` (for handlers outside Leptos).
    pub fn set_cookie(secret: &str, flash: &Flash) -> String {
        let mut json = serde_json::to_vec(flash).unwrap_or_default();
        if json.len() * 4 / 3 > MAX_COOKIE {
            let mut slim = flash.clone();
            slim.values.clear();
            json = serde_json::to_vec(&slim).unwrap_or_default();
        }
        let payload = b64().encode(json);
        format!("{COOKIE_NAME}={payload}.{}; Path=/; HttpOnly; SameSite=Lax; Max-Age=120", sign_with(secret, &payload))
    }

    fn write(flash: &Flash) {
        let Some(res) = use_context::<ResponseOptions>() else { return };
        let Some(secret) = secret() else { return };
        let value = set_cookie(&secret, flash);
        if let Ok(v) = HeaderValue::from_str(&value) {
            res.append_header(SET_COOKIE, v);
        }
    }

    pub fn take() -> Option<Flash> {
        let parts = use_context::<http::request::Parts>()?;
        let raw = crate::kernel::http::request_cookie(&parts.headers, COOKIE_NAME)?;
        if raw.is_empty() {
            return None;
        }
        if let Some(res) = use_context::<ResponseOptions>() {
            res.append_header(
                SET_COOKIE,
                HeaderValue::from_static("flash=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"),
            );
        }
        read()
    }

    /// The flash the request carries, if genuine (without clearing it).
    pub fn read() -> Option<Flash> {
        let parts = use_context::<http::request::Parts>()?;
        let raw = crate::kernel::http::request_cookie(&parts.headers, COOKIE_NAME)?;
        let (payload, tag) = raw.split_once('.')?;
        if !verify(&secret()?, payload, tag) {
            return None;
        }
        let bytes = b64().decode(payload).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Ends a form's server function: on success redirects to `to` with an
    /// optional notice; on failure sets the status and, for a plain form
    /// post, keeps the errors and the values typed for the form page.
    pub fn finish<T>(
        form: &str,
        values: BTreeMap<String, String>,
        result: Result<T, AppError>,
        ok: impl FnOnce(&T) -> (String, Option<(&'static str, Option<String>)>),
    ) -> Result<T, AppError> {
        match &result {
            Ok(v) => {
                let (to, notice) = ok(v);
                if let Some((key, arg)) = notice {
                    write(&Flash { notice: Some(key.into()), notice_arg: arg, ..Default::default() });
                }
                // Targets are built by the server functions; one that carries a
                // request's value is still only followed within this site.
                leptos_axum::redirect(&crate::kernel::http::local_or(Some(&to), "/"));
            }
            Err(e) => {
                set_status(e);
                if plain_form() && is_server_fn_call() {
                    // Back to the form. Said here, the framework does not add
                    // the error to the address (`?__path=…&__err=…`, again on
                    // each retry, and read by every form of that server
                    // function on the page): the flash carries it, for this form.
                    let back = use_context::<http::request::Parts>()
                        .and_then(|p| p.headers.get(http::header::REFERER)?.to_str().ok().map(str::to_string))
                        .and_then(|r| crate::kernel::http::back_to_form(&r));
                    if let Some(back) = back {
                        leptos_axum::redirect(&back);
                    }
                    write(&Flash {
                        form: Some(form.into()),
                        summary: Some(e.message_key().to_string()),
                        errors: e.fields().to_vec(),
                        values,
                        notice: None,
                        notice_arg: match e {
                            AppError::Locked { minutes } => Some(minutes.to_string()),
                            _ => None,
                        },
                    });
                }
            }
        }
        result
    }
}

/// The flash of the current page, provided by the layout.
#[derive(Clone, Copy)]
pub struct FlashCtx(pub Resource<Result<Option<Flash>, AppError>>);

/// With JavaScript on, a server function that succeeds answers with a
/// redirect that the router follows in the page. When the target is the page
/// already shown (a report concluded on its own page) the router has nowhere
/// to go, so the flash would not be read again and its notice would show one
/// page late. The layout gives [`follow_redirect`] a way to read it again.
#[cfg(feature = "hydrate")]
mod client {
    use std::cell::RefCell;

    thread_local! {
        static ON_REDIRECT: RefCell<Option<Box<dyn Fn(&str)>>> = const { RefCell::new(None) };
    }

    /// Installs the server functions' redirect hook before the router would
    /// install its own (the first one set is kept): it asks the layout's
    /// handler, which navigates as the router does and re-reads the flash when
    /// the target is the page shown.
    pub fn install_redirect_hook() {
        let _ = leptos::server_fn::redirect::set_redirect_hook(|loc: &str| {
            ON_REDIRECT.with(|h| {
                if let Some(h) = &*h.borrow() {
                    h(loc)
                }
            })
        });
    }

    pub fn on_redirect(handler: impl Fn(&str) + 'static) {
        ON_REDIRECT.with(|h| *h.borrow_mut() = Some(Box::new(handler)));
    }
}

/// Called by the app before its router: see [`follow_redirect`].
pub fn install_redirect_hook() {
    #[cfg(feature = "hydrate")]
    client::install_redirect_hook();
}

/// The path of a redirect target (`/a/b?x=1` → `/a/b`).
pub fn target_path(loc: &str) -> &str {
    loc.split(['?', '#']).next().unwrap_or(loc)
}

/// Called by the layout, inside the router: follows each server function's
/// redirect by navigating, and calls `reread` when the target is the page
/// already shown.
pub fn follow_redirect(reread: impl Fn() + Clone + 'static) {
    #[cfg(feature = "hydrate")]
    {
        let navigate = leptos_router::hooks::use_navigate();
        client::on_redirect(move |loc: &str| {
            let loc = loc.to_string();
            let navigate = navigate.clone();
            let reread = reread.clone();
            // A tick later, as the router does, so the action's value is set first.
            request_animation_frame(move || {
                let here = window().location().pathname().unwrap_or_default();
                let same = target_path(&loc) == here;
                navigate(&loc, Default::default());
                if same {
                    reread();
                }
            });
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = reread;
}

/// The flash for `form`, if the last submission of that form failed.
pub fn form_flash(form: &str) -> Option<Flash> {
    let flash = use_context::<PageFlash>()?.0.get_untracked()?;
    (flash.form.as_deref() == Some(form)).then_some(flash)
}

/// The flash the page was served with, for the forms' errors and typed
/// values: read on the server while rendering and handed to the browser with
/// the page (a shared value, so hydration sees the same and no form reads a
/// resource outside a `<Suspense/>`). It is cleared on the first navigation:
/// a plain-form failure belongs to the page it came back to.
#[derive(Clone, Copy)]
pub struct PageFlash(pub RwSignal<Option<Flash>>);

/// Provides [`PageFlash`] (called by the layout, inside the router).
pub fn provide_page_flash() {
    let served = leptos::server::SharedValue::new(|| {
        #[cfg(feature = "ssr")]
        {
            ssr::read()
        }
        #[cfg(not(feature = "ssr"))]
        {
            None::<Flash>
        }
    })
    .into_inner();
    let page = RwSignal::new(served);
    provide_context(PageFlash(page));
    let location = leptos_router::hooks::use_location();
    Effect::new(move |first: Option<()>| {
        location.pathname.track();
        if first.is_some() {
            page.set(None);
        }
    });
}

/// The fields of a submitted input struct as strings, to refill the form.
pub fn values_of<T: Serialize>(input: &T) -> BTreeMap<String, String> {
    match serde_json::to_value(input) {
        Ok(serde_json::Value::Object(map)) => map
            .into_iter()
            .map(|(k, v)| {
                let s = match v {
                    serde_json::Value::String(s) => s,
                    serde_json::Value::Null => String::new(),
                    other => other.to_string(),
                };
                (k, s)
            })
            .collect(),
        _ => BTreeMap::new(),
    }
}
