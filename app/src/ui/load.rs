//! What every page shows while its data loads, when loading failed, and the
//! names of stored codes every feature's pages show (an organization's type).

use leptos::prelude::*;

use crate::domain::org_type::OrgType;
use crate::error::AppError;
use crate::i18n::{k, lookup, t, use_lang};
use crate::ui::form::error_text;

/// The translated name of a stored organization type.
pub fn type_label(s: &str) -> String {
    OrgType::parse(s).map(|t| lookup(use_lang(), t.label_key())).unwrap_or_else(|| s.to_string())
}

/// A failed page load: the message, and a sign-in link when that would help.
#[component]
pub fn LoadError(error: AppError) -> impl IntoView {
    let login = matches!(error, AppError::Unauthorized);
    view! {
        <div class="flash flash-error" role="alert">
            <p>{error_text(&error)}</p>
            {login.then(|| view! { <p><a href="/login" class="btn btn-primary">{t(k::NAV_LOGIN)}</a></p> })}
        </div>
    }
}

/// A resource's value once loaded (with a loading note before), or its error.
pub fn loaded<T, V>(
    data: Resource<Result<T, AppError>>,
    render: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    let render = std::sync::Arc::new(render);
    view! {
        // `data-loading` marks the note while the data is on its way (a page
        // reached by the client-side router fetches it after the URL changed):
        // the browser tests wait for it to go before they look at the page.
        <Suspense fallback=move || view! { <p class="muted" role="status" data-loading="">{t(k::LOADING)}</p> }>
            {move || {
                let render = render.clone();
                data.get().map(move |r| match r {
                    Err(e) => view! { <LoadError error=e /> }.into_any(),
                    Ok(v) => render(v).into_any(),
                })
            }}
        </Suspense>
    }
}
