//! The organization's own credit page: its entries with a repair form each,
//! and a cleanup notice to answer.

use super::record::RecordBody;
use super::*;

/// The organization's own credit page: its entries with a repair form each,
/// and a cleanup notice to answer.
#[component]
pub fn PortalCreditPage() -> impl IntoView {
    let data = Resource::new(|| 0i64, get_credit_record);
    view! {
        <p class="breadcrumbs"><a href="/portal">{t(k::PORTAL_TITLE)}</a></p>
        <h1 class="page-title">{t(k::CR_STATUS)}</h1>
        {loaded(data, move |r| {
            let refetch = Callback::new(move |_| data.refetch());
            let notice = r.zombie.clone().filter(|z| z.status == crate::domain::credit::ZombieStatus::Notified.as_str()).map(|z| view! { <RespondForm z=z on_done=refetch /> });
            let open: Vec<EntryView> = r.entries.iter().filter(|e| e.removed_on.is_none()).cloned().collect();
            let repair_forms = open.into_iter().map(|e| view! { <RepairForm e=e on_done=refetch /> }).collect_view();
            view! {
                {notice}
                <RecordBody r=r.clone() staff=false />
                {repair_forms}
            }
        })}
    }
}

#[component]
pub(super) fn RepairForm(e: EntryView, on_done: Callback<()>) -> impl IntoView {
    let action = ServerAction::<ApplyRepair>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            on_done.run(());
        }
    });
    let state =
        FormState::new(&format!("repair_{}", e.id), Signal::derive(move || action.value().get().and_then(|r| r.err())));
    view! {
        <section class="card" id=format!("repair-entry-{}", e.id)>
            <h2>{t(k::CR_REPAIR_TITLE)}": "{reason_label(&e.reason)}</h2>
            {if e.repair_pending {
                view! { <p class="badge badge-warning">{t(k::CR_REPAIR_PENDING)}</p> }.into_any()
            } else {
                view! {
                    <ActionForm action=action attr:class="form" attr:novalidate=true>
                        <ErrorSummary state=state labels=vec![("statement", k::CR_REPAIR_STATEMENT)] />
                        <input type="hidden" name="entry_id" value=e.id />
                        <TextArea state=state name="statement" error_name="statement" label=k::CR_REPAIR_STATEMENT hint=k::CR_REPAIR_HINT required=true />
                        <div class="form-actions"><button type="submit" class="btn btn-primary" id=format!("repair-submit-{}", e.id)>{t(k::CR_REPAIR_SUBMIT)}</button></div>
                    </ActionForm>
                }.into_any()
            }}
        </section>
    }
}

#[component]
pub(super) fn RespondForm(z: ZombieView, on_done: Callback<()>) -> impl IntoView {
    let action = ServerAction::<ZombieRespond>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            on_done.run(());
        }
    });
    let state = FormState::new("zombie_respond", Signal::derive(move || action.value().get().and_then(|r| r.err())));
    view! {
        <div class="flash flash-error" role="alert" id="zombie-notice">
            <p><strong>{tf(k::ZB_NOTICE_TO_ORG, &[("by", z.respond_by.clone().unwrap_or_default())])}</strong></p>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="respond-form">
                <ErrorSummary state=state labels=vec![("response", k::ZB_RESPONSE)] />
                <TextArea state=state name="response" error_name="response" label=k::ZB_RESPONSE hint=k::ZB_RESPONSE_HINT required=true />
                <div class="form-actions"><button type="submit" class="btn btn-primary" id="respond-submit">{t(k::ZB_RESPOND)}</button></div>
            </ActionForm>
        </div>
    }
}
