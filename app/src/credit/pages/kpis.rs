//! Organizations by credit score, and the credit KPIs with charts.

use super::*;

/// Organizations by credit score.
#[component]
pub fn ScoresPage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        query.with(|q| ScoreFilter {
            level: q.get("level").unwrap_or_default(),
            q: q.get("q").unwrap_or_default(),
            sort: q.get("sort").unwrap_or_default(),
            page: page_param(q),
        })
    });
    let data = Resource::new(move || filter.get(), get_scores);
    view! {
        <p class="breadcrumbs"><a href="/officer/credit">{t(k::CR_TITLE)}</a></p>
        <h1 class="page-title">{t(k::CR_SCORES_TITLE)}</h1>
        <p class="muted">{t(k::CR_SCORES_INTRO)}</p>
        {move || {
            let f = filter.get();
            let levels = filter_options(&f.level, ["A", "B", "C", "D"].map(|l| (l, l)));
            let desc = f.sort == "desc";
            view! {
                <Form method="GET" action="/officer/credit/scores" attr:class="table-tools" attr:role="search">
                    <FilterSearch label=k::FILTER_Q value=f.q.clone() />
                    <FilterSelect id="filter-level" name="level" label=k::CR_LEVEL>{levels}</FilterSelect>
                    <div class="field"><label for="filter-sort">{t(k::FILTER_SORT)}</label>
                        <select id="filter-sort" name="sort">
                            <option value="" selected=!desc>{t(k::CR_SORT_LOW)}</option>
                            <option value="desc" selected=desc>{t(k::CR_SORT_HIGH)}</option>
                        </select></div>
                    <FilterSubmit />
                </Form>
            }
        }}
        {loaded(data, |p| {
            let rows = p.rows.iter().map(|r| view! {
                <tr>
                    <td><a href=format!("/officer/credit/orgs/{}", r.org_id)>{r.name.clone()}</a></td>
                    <td class="mono">{r.credit_code.clone()}</td>
                    <td>{crate::domain::seeded::shown(&r.district)}</td>
                    <td class="num">{r.score}</td>
                    <td>{r.level.clone()}</td>
                </tr>
            }).collect_view();
            view! {
                <ResultCount total=p.total />
                <div class="table-wrap" tabindex="0"><table class="data-table" id="score-table">
                    <thead><tr>
                        <th scope="col">{t(k::FIELD_NAME)}</th><th scope="col">{t(k::FIELD_CREDIT_CODE)}</th>
                        <th scope="col">{t(k::FIELD_DISTRICT)}</th><th scope="col">{t(k::CR_SCORE)}</th><th scope="col">{t(k::CR_LEVEL)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table></div>
                <Pagination total=p.total page=p.page per_page=p.per_page />
            }
        })}
    }
}

/// Credit KPIs with charts.
#[component]
pub fn CreditKpiPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_credit_kpis());
    view! {
        <p class="breadcrumbs"><a href="/officer/credit">{t(k::CR_TITLE)}</a></p>
        <h1 class="page-title">{t(k::CR_KPI_TITLE)}</h1>
        {loaded(data, |kp| {
            let target = (kp.governance_target * 10.0).round() as u64;
            let sound = (kp.sound_governance * 1000).checked_div(kp.active_orgs).unwrap_or(0);
            let max = kp.by_month.iter().map(|(_, a, s, r)| a.max(s).max(r)).copied().max().unwrap_or(0).max(1);
            let month_bars = |pick: fn(&(String, u64, u64, u64)) -> u64| -> Vec<Bar> {
                kp.by_month.iter().map(|m| Bar { label: m.0.clone(), permille: pick(m) * 1000 / max }).collect()
            };
            let rows = kp.by_month.iter().map(|(m, a, s, r)| view! {
                <tr><th scope="row">{m.clone()}</th><td class="num">{*a}</td><td class="num">{*s}</td><td class="num">{*r}</td></tr>
            }).collect_view();
            let levels = kp.levels.iter().map(|(l, n)| view! { <tr><th scope="row">{l.clone()}</th><td class="num">{*n}</td></tr> }).collect_view();
            let runs = kp.last_runs.iter().map(|(j, d, c)| view! { <tr><td>{j.clone()}</td><td>{d.clone()}</td><td class="mono">{c.clone()}</td></tr> }).collect_view();
            view! {
                <div class="stat-grid">
                    <div class="stat" id="kpi-abnormal"><span class="stat-value">{kp.abnormal_now}</span><span class="stat-label">{t(k::CR_LIST_ABNORMAL)}</span></div>
                    <div class="stat" id="kpi-serious"><span class="stat-value">{kp.serious_now}</span><span class="stat-label">{t(k::CR_LIST_SERIOUS)}</span></div>
                    <div class="stat" id="kpi-zombies"><span class="stat-value">{kp.zombies_found}</span><span class="stat-label">{t(k::ZB_FOUND)}</span></div>
                    <div class="stat"><span class="stat-value">{kp.zombies_notified}</span><span class="stat-label">{t(k::ZB_NOTIFIED)}</span></div>
                    <div class="stat"><span class="stat-value">{kp.zombies_cleared}</span><span class="stat-label">{t(k::ZB_CLEARED)}</span></div>
                    <div class="stat"><span class="stat-value">{kp.zombies_restored}</span><span class="stat-label">{t(k::ZB_RESTORED)}</span></div>
                    <div class="stat" id="kpi-governance"><span class="stat-value">{percent(sound)}</span><span class="stat-label">{t(k::CR_GOVERNANCE)}</span></div>
                </div>
                <h2>{t(k::CR_GOVERNANCE)}</h2>
                <p class="hint">{t(k::CR_GOVERNANCE_HINT)}</p>
                <TargetBars title=t(k::CR_GOVERNANCE).to_string() bars=vec![Bar { label: t(k::CR_GOVERNANCE_SHORT).to_string(), permille: sound }] target=target target_label=tf(k::RPT_TARGET, &[("rate", percent(target))]) />
                <h2>{t(k::CR_BY_MONTH)}</h2>
                <p class="hint">{tf(k::CR_BY_MONTH_HINT, &[("max", max.to_string())])}</p>
                <TargetBars title=t(k::CR_LIST_ABNORMAL).to_string() bars=month_bars(|m| m.1) target=1001 target_label=String::new() data_in="by-month" />
                <TargetBars title=t(k::CR_LIST_SERIOUS).to_string() bars=month_bars(|m| m.2) target=1001 target_label=String::new() data_in="by-month" />
                <div class="table-wrap" tabindex="0"><table class="data-table" id="by-month">
                    <caption class="visually-hidden">{t(k::CR_BY_MONTH)}</caption>
                    <thead><tr><th scope="col">{t(k::CR_MONTH)}</th><th scope="col">{t(k::CR_LIST_ABNORMAL)}</th><th scope="col">{t(k::CR_LIST_SERIOUS)}</th><th scope="col">{t(k::CR_REMOVED)}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table></div>
                <h2>{t(k::CR_LEVELS)}</h2>
                <div class="table-wrap" tabindex="0"><table class="data-table" id="levels"><thead><tr><th scope="col">{t(k::CR_LEVEL)}</th><th scope="col">{t(k::CR_ORGS)}</th></tr></thead><tbody>{levels}</tbody></table></div>
                <h2>{t(k::CR_RUNS)}</h2>
                <div class="table-wrap" tabindex="0"><table class="data-table" id="job-runs"><thead><tr><th scope="col">{t(k::CR_JOB)}</th><th scope="col">{t(k::CR_RUN_ON)}</th><th scope="col">{t(k::CR_COUNTS)}</th></tr></thead><tbody>{runs}</tbody></table></div>
            }
        })}
    }
}
