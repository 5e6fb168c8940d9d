//! Lists: result count, pagination links that keep the current filters, and
//! the empty state.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::i18n::{k, t, tf, Key};

/// The 0-based page from a `page=N` (1-based) query parameter, bounded
/// (`domain::paging`).
pub fn page_param(q: &leptos_router::params::ParamsMap) -> u64 {
    crate::domain::paging::page_from_query(q.get("page").as_deref())
}

/// The current query string with `key` set to `value` (or removed when empty).
pub fn with_param(search: &str, key: &str, value: &str) -> String {
    let mut pairs: Vec<(String, String)> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .filter_map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (k != key).then(|| (k.to_string(), v.to_string()))
        })
        .collect();
    if !value.is_empty() {
        pairs.push((key.to_string(), encode(value)));
    }
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&"))
    }
}

/// Percent-encodes a query value.
pub fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[component]
pub fn ResultCount(total: u64) -> impl IntoView {
    let count = |n: u64| crate::domain::money::display_count(i64::try_from(n).unwrap_or(i64::MAX));
    let text = if total > crate::domain::paging::COUNT_CAP {
        tf(k::LIST_RESULT_COUNT_MORE, &[("n", count(crate::domain::paging::COUNT_CAP))])
    } else {
        tf(k::LIST_RESULT_COUNT, &[("n", count(total))])
    };
    view! { <p class="result-count" role="status">{text}</p> }
}

/// A list filter's drop-down: a labelled `<select>` whose first option,
/// `all` ("all" unless told; `None`: no such option, a value is always
/// chosen), sends nothing; `children` are the other options.
#[component]
pub fn FilterSelect(
    id: &'static str,
    name: &'static str,
    label: Key,
    #[prop(default = Some(k::FILTER_ALL))] all: Option<Key>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{t(label)}</label>
            <select id=id name=name>{all.map(|all| view! { <option value="">{t(all)}</option> })}{children()}</select>
        </div>
    }
}

/// A list filter's options: `(value, text)` pairs, the one whose value is
/// `current` selected (the page's filter as the server read it).
pub fn filter_options<V, T>(current: &str, options: impl IntoIterator<Item = (V, T)>) -> AnyView
where
    V: Into<String>,
    T: IntoView + 'static,
{
    options
        .into_iter()
        .map(|(v, text)| {
            let v: String = v.into();
            let selected = v == current;
            view! { <option value=v selected=selected>{text}</option> }
        })
        .collect_view()
        .into_any()
}

/// A list filter's search box: the query parameter `q`, labelled `label`.
#[component]
pub fn FilterSearch(
    label: Key,
    #[prop(into)] value: String,
    #[prop(default = "filter-q")] id: &'static str,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{t(label)}</label>
            <input id=id type="search" name="q" value=value />
        </div>
    }
}

/// A list filter's submit button.
#[component]
pub fn FilterSubmit() -> impl IntoView {
    view! {
        <div class="form-actions">
            <button type="submit" class="btn btn-primary" id="filter-submit">{t(k::FILTER_SUBMIT)}</button>
        </div>
    }
}

/// The export at `path` with the filters of the page's query string
/// `search` (given with or without its `?`; the router's has none), without
/// the page number: the export has every row the filters select.
pub fn export_href(path: &str, search: &str) -> String {
    format!("{path}{}", with_param(search, "page", ""))
}

/// A list's "export CSV" button: the export at `path` with the page's own
/// query string (the same filters), saved as `file`.
#[component]
pub fn ExportCsv(#[prop(into)] path: String, file: &'static str) -> impl IntoView {
    let location = use_location();
    let href = move || export_href(&path, &location.search.get());
    view! {
        <a class="btn btn-secondary" href=href rel="external" download=file id="export-csv">{t(k::EXPORT_CSV)}</a>
    }
}

/// A list's table as every list page shows it: the count of results (unless
/// `no_count`), the table with its column heads and `children` as its rows,
/// in a region that scrolls on its own and takes the keyboard focus, then the
/// pagination.
#[component]
pub fn ListTable(
    id: &'static str,
    /// A caption for screen readers (the page's heading already says it to the eye).
    #[prop(optional)]
    caption: Option<Key>,
    heads: Vec<Key>,
    total: u64,
    page: u64,
    per_page: u64,
    #[prop(optional)] no_count: bool,
    children: Children,
) -> impl IntoView {
    let heads = heads.into_iter().map(|h| view! { <th scope="col">{t(h)}</th> }).collect_view();
    view! {
        {(!no_count).then(|| view! { <ResultCount total=total /> })}
        <div class="table-wrap" tabindex="0">
            <table class="data-table" id=id>
                {caption.map(|c| view! { <caption class="visually-hidden">{t(c)}</caption> })}
                <thead>
                    <tr>{heads}</tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
        <Pagination total=total page=page per_page=per_page />
    }
}

/// Page links: first, previous, a window of pages, next, last. `page` is 0-based.
#[component]
pub fn Pagination(total: u64, page: u64, per_page: u64) -> impl IntoView {
    let location = use_location();
    let pages = total.div_ceil(per_page.max(1));
    if pages <= 1 {
        return None;
    }
    let search = location.search.get_untracked();
    let path = location.pathname.get_untracked();
    let href = move |p: u64| format!("{path}{}", with_param(&search, "page", &(p + 1).to_string()));
    let page = page.min(crate::domain::paging::MAX_PAGE);
    let start = page.saturating_sub(3);
    let end = page.saturating_add(4).min(pages);
    let links = (start..end)
        .map(|p| {
            if p == page {
                view! { <li><span class="current" aria-current="page">{p + 1}</span></li> }.into_any()
            } else {
                view! { <li><a href=href(p)>{p + 1}</a></li> }.into_any()
            }
        })
        .collect_view();
    Some(view! {
        <nav class="pagination" aria-label=t(k::LIST_PAGINATION)>
            <ul>
                {(page > 0).then(|| view! { <li><a href=href(0)>{t(k::LIST_FIRST)}</a></li> <li><a href=href(page - 1) rel="prev">{t(k::LIST_PREV)}</a></li> })}
                {links}
                {(page + 1 < pages).then(|| view! { <li><a href=href(page + 1) rel="next">{t(k::LIST_NEXT)}</a></li> <li><a href=href(pages - 1)>{t(k::LIST_LAST)}</a></li> })}
            </ul>
            <p class="muted">{tf(k::LIST_PAGE_OF, &[("page", (page + 1).to_string()), ("pages", pages.to_string())])}</p>
        </nav>
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_one_parameter_and_keeps_the_rest() {
        assert_eq!(with_param("?q=%E6%85%88&page=3", "page", "4"), "?q=%E6%85%88&page=4");
        assert_eq!(with_param("", "q", "慈善"), "?q=%E6%85%88%E5%96%84");
        assert_eq!(with_param("?q=a", "q", ""), "");
    }

    #[test]
    fn the_export_link_keeps_the_filters_after_a_question_mark() {
        assert_eq!(
            export_href("/officer/orgs/export.csv", "q=%E6%85%88&district=x"),
            "/officer/orgs/export.csv?q=%E6%85%88&district=x"
        );
        assert_eq!(export_href("/officer/orgs/export.csv", "?q=a&page=3"), "/officer/orgs/export.csv?q=a");
        assert_eq!(export_href("/public/orgs/export.csv", ""), "/public/orgs/export.csv");
        assert_eq!(export_href("/public/orgs/export.csv", "page=2"), "/public/orgs/export.csv");
    }
}
