//! The officers' list of active organizations by party status, with its
//! filters (type, district, kind, no instructor) and its CSV.

use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use super::kind_label;
use crate::domain::org_type::OrgType;
use crate::domain::party::Kind;
use crate::i18n::{k, t, tf};
use crate::party::api::get_party_list;
use crate::party::types::{ListFilter, ListPage};
use crate::ui::head::PageHead;
use crate::ui::load::{loaded, type_label};
use crate::ui::table::{filter_options, page_param, ExportCsv, FilterSelect, FilterSubmit, ListTable};

fn use_filter() -> Memo<ListFilter> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|q| ListFilter {
            org_type: q.get("org_type").unwrap_or_default(),
            district: q.get("district").unwrap_or_default(),
            kind: q.get("kind").unwrap_or_default(),
            no_instructor: q.get("no_instructor").unwrap_or_default(),
            page: page_param(q),
        })
    })
}

#[component]
fn Filters(filter: ListFilter, districts: Vec<String>) -> impl IntoView {
    let types = filter_options(&filter.org_type, OrgType::ALL.iter().map(|ty| (ty.as_str(), type_label(ty.as_str()))));
    let districts = filter_options(
        &filter.district,
        districts.into_iter().map(|d| {
            let shown = crate::domain::seeded::shown(&d);
            (d, shown)
        }),
    );
    let kinds = filter_options(
        &filter.kind,
        Kind::ALL
            .iter()
            .map(|x| (x.as_str(), kind_label(Some(x.as_str()))))
            .chain(std::iter::once(("unrecorded", t(k::PARTY_UNRECORDED).to_string()))),
    );
    view! {
        <Form method="GET" action="/officer/party" attr:class="table-tools" attr:role="search">
            <FilterSelect id="filter-type" name="org_type" label=k::FIELD_ORG_TYPE>{types}</FilterSelect>
            <FilterSelect id="filter-district" name="district" label=k::FIELD_DISTRICT>{districts}</FilterSelect>
            <FilterSelect id="filter-kind" name="kind" label=k::PARTY_KIND>{kinds}</FilterSelect>
            <div class="field field-check">
                <input id="filter-no-instructor" type="checkbox" name="no_instructor" value="1" checked=filter.no_instructor == "1" />
                <label for="filter-no-instructor">{t(k::PARTY_FILTER_NO_INSTRUCTOR)}</label>
            </div>
            <FilterSubmit />
        </Form>
    }
}

#[component]
fn PartyTable(page: ListPage) -> impl IntoView {
    if page.rows.is_empty() {
        return view! { <p class="empty">{t(k::LIST_EMPTY)}</p> }.into_any();
    }
    let rows = page
        .rows
        .iter()
        .map(|r| {
            view! {
                <tr>
                    <td><a href=format!("/officer/orgs/{}#party", r.org_id)>{r.name.clone()}</a></td>
                    <td>{type_label(&r.org_type)}</td>
                    <td>{crate::domain::seeded::shown(&r.district)}</td>
                    <td>
                        {kind_label(r.kind.as_deref())}
                        {r.should_establish.then(|| view! { " "<span class="badge badge-warning">{t(k::PARTY_SHOULD_ESTABLISH_SHORT)}</span> })}
                    </td>
                    <td class="num">{r.kind.is_some().then(|| tf(k::PARTY_MEMBERS_OF, &[("full", r.full_members.to_string()), ("probationary", r.probationary_members.to_string())]))}</td>
                    <td>{if r.instructor.is_empty() { "—".to_string() } else { r.instructor.clone() }}</td>
                    <td class="num">{format!("{}/6", r.steps_done)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <ListTable id="party-table" caption=k::PARTY_LIST_TITLE heads=vec![k::FIELD_NAME, k::FIELD_ORG_TYPE, k::FIELD_DISTRICT, k::PARTY_KIND, k::PARTY_MEMBERS, k::PARTY_INSTRUCTOR, k::PARTY_STEPS_DONE] total=page.total page=page.page per_page=page.per_page>{rows}</ListTable>
    }
    .into_any()
}

/// Active organizations by party status (`/officer/party`).
#[component]
pub fn PartyListPage() -> impl IntoView {
    let filter = use_filter();
    let data = Resource::new(move || filter.get(), get_party_list);
    view! {
        <PageHead title=t(k::PARTY_LIST_TITLE)>
            <ExportCsv path="/officer/party/export.csv" file="party.csv" />
        </PageHead>
        <p class="muted">{t(k::PARTY_LIST_INTRO)}</p>
        {loaded(data, move |page| {
            let districts = page.districts.clone();
            view! {
                <Filters filter=filter.get_untracked() districts=districts />
                <PartyTable page=page />
            }
        })}
    }
}
