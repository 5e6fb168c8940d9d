//! Zombie cases with their matched criteria and bulk steps.

use super::*;

/// Zombie cases with their matched criteria and bulk steps.
#[component]
pub fn ZombiesPage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        query.with(|q| ZombieFilter {
            status: q.get("status").unwrap_or_default(),
            q: q.get("q").unwrap_or_default(),
            page: page_param(q),
        })
    });
    let data = Resource::new(move || filter.get(), get_zombies);
    let action = ServerAction::<ZombieStep>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            data.refetch();
        }
    });
    let statuses = crate::domain::credit::ZombieStatus::ALL.map(|s| s.as_str());
    view! {
        <p class="breadcrumbs"><a href="/officer/credit">{t(k::CR_TITLE)}</a></p>
        <h1 class="page-title">{t(k::ZB_TITLE)}</h1>
        <p class="muted">{t(k::ZB_INTRO)}</p>
        {move || {
            let f = filter.get();
            let opts = filter_options(&f.status, statuses.iter().map(|s| (*s, zombie_status(s))));
            view! {
                <Form method="GET" action="/officer/zombies" attr:class="table-tools" attr:role="search">
                    <FilterSearch label=k::FILTER_Q value=f.q.clone() />
                    <FilterSelect id="filter-status" name="status" label=k::ZB_CASE_STATUS>{opts}</FilterSelect>
                    <FilterSubmit />
                </Form>
            }
        }}
        {loaded(data, move |p| {
            let state = FormState::new("zombie_step", Signal::derive(move || action.value().get().and_then(|r| r.err())));
            let rows = p.rows.iter().map(|z| {
                let mut facts = Vec::new();
                if z.missed_reports { facts.push(t(k::ZB_MISSED_REPORTS)); }
                if z.unreachable { facts.push(t(k::ZB_UNREACHABLE)); }
                if z.inactive { facts.push(t(k::ZB_INACTIVE)); }
                let open = crate::domain::credit::ZOMBIE_OPEN.contains(&z.status.as_str());
                let cb = format!("case-{}", z.id);
                view! {
                    <tr>
                        <td>{open.then(|| view! {
                            <input type="checkbox" id=cb.clone() name=format!("ids[c{}]", z.id) value=z.id.to_string() />
                            <label for=cb.clone() class="visually-hidden">{z.org_name.clone()}</label>
                        })}</td>
                        <td>
                            <a href=format!("/officer/credit/orgs/{}", z.org_id)>{z.org_name.clone()}</a>
                            {open.then(|| view! {
                                <br /><a class="hint" href=format!("/officer/cases/new?source=zombie&source_id={}", z.id)>{t(k::PEN_OPEN_CASE)}</a>
                            })}
                        </td>
                        <td class="mono">{z.credit_code.clone()}</td>
                        <td>{crate::domain::seeded::shown(&z.district)}</td>
                        <td>{facts.join("；")}</td>
                        <td>{zombie_status(&z.status)}</td>
                        <td>{z.detected_on.clone()}</td>
                        <td>{z.respond_by.clone().unwrap_or_default()}</td>
                        <td class="pre">{z.response.clone().or(z.decision_reason.clone()).unwrap_or_default()}</td>
                    </tr>
                }
            }).collect_view();
            let actions = vec![
                (String::new(), t(k::SELECT_PLACEHOLDER).to_string()),
                ("notify".into(), t(k::ZB_ACT_NOTIFY).to_string()),
                ("restore".into(), t(k::ZB_ACT_RESTORE).to_string()),
                ("deregister".into(), t(k::ZB_ACT_DEREGISTER).to_string()),
                ("revoke".into(), t(k::ZB_ACT_REVOKE).to_string()),
                ("dismiss".into(), t(k::ZB_ACT_DISMISS).to_string()),
            ];
            let labels = vec![("action", k::ZB_ACTION), ("reason", k::CR_DECISION_REASON), ("ids", k::ZB_CASES)];
            view! {
                <ResultCount total=p.total />
                <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="zombie-form">
                    <ErrorSummary state=state labels=labels />
                    <div class="table-wrap" tabindex="0">
                        <table class="data-table" id="zombie-table">
                            <thead><tr>
                                <th scope="col"><span class="visually-hidden">{t(k::ZB_SELECT)}</span></th>
                                <th scope="col">{t(k::FIELD_NAME)}</th>
                                <th scope="col">{t(k::FIELD_CREDIT_CODE)}</th>
                                <th scope="col">{t(k::FIELD_DISTRICT)}</th>
                                <th scope="col">{t(k::ZB_FACTS)}</th>
                                <th scope="col">{t(k::ZB_CASE_STATUS)}</th>
                                <th scope="col">{t(k::ZB_DETECTED_ON)}</th>
                                <th scope="col">{t(k::ZB_RESPOND_BY)}</th>
                                <th scope="col">{t(k::ZB_RESPONSE)}</th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                    <div class="form-grid">
                        <Select state=state name="input[action]" error_name="action" label=k::ZB_ACTION options=actions required=true />
                        <TextArea state=state name="input[reason]" error_name="reason" label=k::CR_DECISION_REASON hint=k::ZB_REASON_HINT />
                    </div>
                    <div class="form-actions"><button type="submit" class="btn btn-primary" id="zombie-submit">{t(k::ZB_APPLY)}</button></div>
                </ActionForm>
                <Pagination total=p.total page=p.page per_page=p.per_page />
            }.into_any()
        })}
        // What the supervisory units did about their organizations' cases (谁主管、谁负责).
        <crate::units::pages::UnitNotesPanel subject="zombie" id=0 />
    }
}
