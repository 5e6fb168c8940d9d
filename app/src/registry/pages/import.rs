use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_params_map;

use super::{loaded, LoadError};
use crate::flash::FlashCtx;
use crate::i18n::{k, lookup, t, tf, use_lang, Key};
use crate::registry::api::{get_import_job, recent_imports};
use crate::registry::types::ImportJobView;

fn status_badge(status: &str) -> impl IntoView {
    let (class, key) = match status {
        "done" => ("badge badge-active", "import_status_done"),
        "failed" => ("badge badge-revoked", "import_status_failed"),
        "writing" => ("badge badge-warning", "import_status_writing"),
        _ => ("badge badge-warning", "import_status_checking"),
    };
    view! { <span class=class>{lookup(use_lang(), key)}</span> }
}

/// The registry import page.
#[component]
pub fn ImportPage() -> impl IntoView {
    let columns = crate::registry::types::IMPORT_COLUMNS.iter().map(|(h, _)| *h).collect::<Vec<_>>().join(", ");
    view! {
        <ImportForm kind="organizations" title=k::IMPORT_TITLE intro=k::IMPORT_INTRO columns=columns upload="/officer/import/upload" />
    }
}

/// Upload form of an import of `kind` (a plain multipart form, so it works
/// without JavaScript) and the recent imports of that kind.
#[component]
pub fn ImportForm(kind: &'static str, title: Key, intro: Key, columns: String, upload: &'static str) -> impl IntoView {
    let jobs = Resource::new(move || kind.to_string(), recent_imports);
    let flash = use_context::<FlashCtx>();
    view! {
        <h1 class="page-title">{t(title)}</h1>
        <p>{t(intro)}</p>
        <p class="hint">{t(k::IMPORT_COLUMNS)}" "<span class="mono">{columns}</span></p>
        <Suspense fallback=|| ()>
            {move || {
                flash.and_then(|f| f.0.get()).and_then(|r| r.ok()).flatten().and_then(|f| (f.form.as_deref() == Some("import")).then_some(f)).map(|f| {
                    let msg = lookup(use_lang(), f.summary.as_deref().unwrap_or("err_validation"));
                    view! { <div class="error-summary" role="alert" id="error-summary"><h2>{msg}</h2></div> }
                })
            }}
        </Suspense>
        <form class="form card" method="post" action=upload enctype="multipart/form-data" id="import-form">
            <div class="field">
                <label for="f-file">{t(k::IMPORT_FILE)}<span class="required" aria-hidden="true">" *"</span></label>
                <p class="hint" id="f-file-hint">{t(k::IMPORT_FILE_HINT)}</p>
                <input id="f-file" type="file" name="file" accept=".csv,text/csv" required=true aria-describedby="f-file-hint" />
            </div>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" id="import-submit">{t(k::IMPORT_SUBMIT)}</button>
                {(kind == crate::registry::types::ORG_IMPORT_KIND).then(|| view! {
                    <a class="btn btn-secondary" href="/officer/orgs/export.csv" rel="external" download="organizations.csv">{t(k::IMPORT_TEMPLATE)}</a>
                })}
            </div>
        </form>
        <h2>{t(k::IMPORT_RECENT)}</h2>
        <Suspense fallback=move || view! { <p class="muted">{t(k::LOADING)}</p> }>
            {move || jobs.get().map(|r| match r {
                Err(e) => view! { <LoadError error=e /> }.into_any(),
                Ok(list) if list.is_empty() => view! { <p class="empty">{t(k::LIST_EMPTY)}</p> }.into_any(),
                Ok(list) => {
                    let rows = list.into_iter().map(|j| view! {
                        <tr>
                            <td><a href=format!("/officer/import/{}", j.id)>{j.file_name.clone()}</a></td>
                            <td>{j.created_at.clone()}</td>
                            <td>{status_badge(&j.status)}</td>
                            <td class="num">{j.total_rows}</td>
                            <td class="num">{j.written_rows}</td>
                            <td class="num">{j.unchanged_rows}</td>
                            <td class="num">{j.error_count}</td>
                        </tr>
                    }).collect_view();
                    view! {
                        <div class="table-wrap" tabindex="0"><table class="data-table">
                            <thead><tr>
                                <th scope="col">{t(k::IMPORT_FILE)}</th>
                                <th scope="col">{t(k::IMPORT_AT)}</th>
                                <th scope="col">{t(k::FIELD_STATUS)}</th>
                                <th scope="col">{t(k::IMPORT_ROWS)}</th>
                                <th scope="col">{t(k::IMPORT_WRITTEN)}</th>
                                <th scope="col">{t(k::IMPORT_UNCHANGED)}</th>
                                <th scope="col">{t(k::IMPORT_ERRORS)}</th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table></div>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}

/// The upload page of an import kind.
pub fn import_page(kind: &str) -> &'static str {
    if kind == crate::registry::types::REPORT_IMPORT_KIND {
        "/officer/reports/import"
    } else if kind == crate::lottery::types::OUTLET_IMPORT_KIND {
        "/officer/lottery/import"
    } else if kind == crate::lottery::types::SALES_IMPORT_KIND {
        "/officer/lottery/sales/import"
    } else {
        "/officer/import"
    }
}

#[component]
fn JobResult(job: ImportJobView) -> impl IntoView {
    let running = job.status == "checking" || job.status == "writing";
    let lang = use_lang();
    let errors = job
        .errors
        .iter()
        .map(|e| {
            view! {
                <tr>
                    <td class="num">{e.line}</td>
                    <td>{e.column.clone()}</td>
                    <td>{lookup(lang, &e.reason)}</td>
                </tr>
            }
        })
        .collect_view();
    let has_errors = job.error_count > 0;
    view! {
        {running.then(|| view! { <Meta http_equiv="refresh" content="1" /> })}
        <p>{t(k::IMPORT_FILE)}": "<strong>{job.file_name.clone()}</strong>" ("{job.encoding.to_uppercase()}") "{status_badge(&job.status)}</p>
        {running.then(|| {
            // Checking counts the rows read; writing, the rows written or found unchanged so far.
            let (label, value) = if job.status == "writing" {
                let done = job.written_rows + job.unchanged_rows;
                (tf(k::IMPORT_WRITING_PROGRESS, &[("done", done.to_string()), ("total", job.total_rows.to_string())]), done)
            } else {
                (tf(k::IMPORT_PROGRESS, &[("checked", job.checked_rows.to_string()), ("total", job.total_rows.to_string())]), job.checked_rows)
            };
            view! {
                <div class="progress" role="status">
                    <label for="import-progress">{label}</label>
                    <progress id="import-progress" max=job.total_rows.max(1) value=value></progress>
                </div>
            }
        })}
        {(job.status == "done").then(|| view! {
            <div class="flash flash-success" role="status" id="import-done">
                {tf(k::IMPORT_DONE, &[("written", job.written_rows.to_string()), ("unchanged", job.unchanged_rows.to_string())])}
            </div>
        })}
        {has_errors.then(|| view! {
            <div class="error-summary" role="alert" id="import-errors">
                <h2>{tf(k::IMPORT_FAILED, &[("n", job.error_count.to_string())])}</h2>
                <div class="table-wrap" tabindex="0"><table class="data-table">
                    <thead><tr>
                        <th scope="col">{t(k::IMPORT_LINE)}</th>
                        <th scope="col">{t(k::IMPORT_COLUMN)}</th>
                        <th scope="col">{t(k::IMPORT_REASON)}</th>
                    </tr></thead>
                    <tbody>{errors}</tbody>
                </table></div>
            </div>
        })}
        {(job.status == "failed" && job.file_kept).then(|| view! {
            <form method="post" action=format!("/officer/import/{}/again", job.id) class="form-actions" id="import-rerun">
                <p class="hint">{t(k::IMPORT_RERUN_HINT)}</p>
                <button type="submit" class="btn btn-primary">{t(k::IMPORT_RERUN)}</button>
            </form>
        })}
        <p><a class="btn btn-secondary" href=import_page(&job.kind)>{t(k::IMPORT_AGAIN)}</a></p>
    }
}

#[component]
pub fn ImportJobPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let job = Resource::new(id, get_import_job);
    view! {
        <p class="breadcrumbs"><a href="/officer/import">{t(k::IMPORT_TITLE)}</a></p>
        <h1 class="page-title">{t(k::IMPORT_JOB_TITLE)}</h1>
        {loaded(job, move |j| view! { <JobResult job=j /> }.into_any())}
    }
}
