//! Registry pages: lists (officer and public), forms, details, terms.

mod detail;
mod form;
mod import;
mod list;
mod terms;

pub use detail::{Facts, OrgDetailPage, PublicOrgPage};
pub use form::{ChangeOrgPage, NewOrgPage};
pub use import::{ImportForm, ImportJobPage, ImportPage};
pub use list::{HomePage, OfficerOrgList, PublicOrgList};
pub use terms::TermsPage;

use leptos::prelude::*;

use crate::domain::{org_status::OrgStatus, org_type::OrgType};
use crate::error::AppError;
use crate::i18n::{k, lookup, t, use_lang};
use crate::ui::form::error_text;

/// The translated name of a stored organization type.
pub fn type_label(s: &str) -> String {
    OrgType::parse(s).map(|t| lookup(use_lang(), t.label_key())).unwrap_or_else(|| s.to_string())
}

/// A status badge.
#[component]
pub fn StatusBadge(status: String) -> impl IntoView {
    let (class, label) = match OrgStatus::parse(&status) {
        Some(OrgStatus::Active) => ("badge badge-active", lookup(use_lang(), OrgStatus::Active.label_key())),
        Some(s @ OrgStatus::Deregistered) => ("badge badge-deregistered", lookup(use_lang(), s.label_key())),
        Some(s @ OrgStatus::Revoked) => ("badge badge-revoked", lookup(use_lang(), s.label_key())),
        None => ("badge", status.clone()),
    };
    view! { <span class=class>{label}</span> }
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
        <Suspense fallback=move || view! { <p class="muted">{t(k::LOADING)}</p> }>
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
