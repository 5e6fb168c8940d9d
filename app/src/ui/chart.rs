//! Charts drawn by the server as SVG: readable without JavaScript, with the
//! numbers also in the accompanying table. Values are tenths of a percent.

use leptos::prelude::*;

/// One bar: a label and a value in tenths of a percent (975 = 97.5 %).
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub label: String,
    pub permille: u64,
}

/// `975` → `97.5%`.
pub fn percent(permille: u64) -> String {
    format!("{}.{}%", permille / 10, permille % 10)
}

/// Horizontal bars against a target line, with an accessible title and
/// description; bars under the target are drawn in the warning colour.
#[component]
pub fn TargetBars(
    /// Text for screen readers, e.g. "参检率（按区）".
    title: String,
    bars: Vec<Bar>,
    /// Target in tenths of a percent.
    target: u64,
    target_label: String,
) -> impl IntoView {
    const LABEL_W: u64 = 120;
    const BAR_W: u64 = 400;
    const ROW_H: u64 = 26;
    const TOP: u64 = 24;
    let height = TOP + ROW_H * bars.len() as u64 + 8;
    let width = LABEL_W + BAR_W + 70;
    let x_of = |permille: u64| LABEL_W + permille.min(1000) * BAR_W / 1000;
    let target_x = x_of(target);
    let desc = bars.iter().map(|b| format!("{} {}", b.label, percent(b.permille))).collect::<Vec<_>>().join("；");
    let rows = bars
        .into_iter()
        .enumerate()
        .map(|(i, b)| {
            let y = TOP + ROW_H * i as u64;
            let class = if b.permille >= target { "bar bar-ok" } else { "bar bar-below" };
            view! {
                <g>
                    <text x=LABEL_W - 6 y=y + 17 text-anchor="end" class="chart-label">{b.label.clone()}</text>
                    <rect x=LABEL_W y=y + 4 width=x_of(b.permille) - LABEL_W height=ROW_H - 8 class=class></rect>
                    <text x=x_of(b.permille) + 4 y=y + 17 class="chart-value">{percent(b.permille)}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <figure class="chart">
            <svg
                viewBox=format!("0 0 {width} {height}")
                width="100%"
                role="img"
                aria-label=title.clone()
                xmlns="http://www.w3.org/2000/svg"
            >
                <title>{title.clone()}</title>
                <desc>{desc}</desc>
                {rows}
                <line x1=target_x y1=TOP - 6 x2=target_x y2=height - 4 class="target-line"></line>
                <text x=target_x y=TOP - 10 text-anchor="middle" class="chart-target">{target_label.clone()}</text>
            </svg>
        </figure>
    }
}

/// A line over the months with the target as a dashed line, for a trend
/// (values in the measure's unit; `format` writes one).
#[component]
pub fn TrendLine(
    title: String,
    /// `YYYY-MM` and the value.
    points: Vec<(String, i64)>,
    target: i64,
    format: fn(i64) -> String,
) -> impl IntoView {
    const W: i64 = 480;
    const H: i64 = 170;
    const LEFT: i64 = 56;
    const TOP: i64 = 16;
    const BOTTOM: i64 = 28;
    let top_value = points.iter().map(|p| p.1).chain([target, 1]).max().unwrap_or(1);
    let scale = top_value + top_value / 10 + 1;
    let plot_h = H - TOP - BOTTOM;
    let y_of = move |v: i64| TOP + plot_h - v.clamp(0, scale) * plot_h / scale;
    // Twelve slots, one a month, whatever the number of points.
    let x_of = |month: &str| {
        let m: i64 = month.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(1);
        LEFT + (m - 1) * (W - LEFT - 12) / 11
    };
    let desc = points.iter().map(|(m, v)| format!("{m} {}", format(*v))).collect::<Vec<_>>().join("；");
    let line = points.iter().map(|(m, v)| format!("{},{}", x_of(m), y_of(*v))).collect::<Vec<_>>().join(" ");
    let dots = points
        .iter()
        .map(|(m, v)| {
            view! {
                <circle cx=x_of(m) cy=y_of(*v) r="3.5" class="trend-dot"></circle>
                <text x=x_of(m) y=y_of(*v) - 7 text-anchor="middle" class="chart-value">{format(*v)}</text>
            }
        })
        .collect_view();
    let months = (1..=12)
        .map(|m| {
            let x = LEFT + (m - 1) * (W - LEFT - 12) / 11;
            view! { <text x=x y=H - 8 text-anchor="middle" class="chart-label">{format!("{m}月")}</text> }
        })
        .collect_view();
    let ty = y_of(target);
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {W} {H}") width="100%" role="img" aria-label=title.clone() xmlns="http://www.w3.org/2000/svg">
                <title>{title.clone()}</title>
                <desc>{desc}</desc>
                <line x1=LEFT y1=TOP + plot_h x2=W - 4 y2=TOP + plot_h class="axis"></line>
                <line x1=LEFT y1=ty x2=W - 4 y2=ty class="target-line"></line>
                <text x=LEFT - 4 y=ty + 4 text-anchor="end" class="chart-target">{format(target)}</text>
                {months}
                <polyline points=line class="trend-line" fill="none"></polyline>
                {dots}
            </svg>
        </figure>
    }
}

/// Two columns a month (e.g. registrations and exits), with a legend.
#[component]
pub fn MonthColumns(
    title: String,
    /// `YYYY-MM`, first and second value.
    months: Vec<(String, u64, u64)>,
    first_label: String,
    second_label: String,
) -> impl IntoView {
    const W: u64 = 560;
    const H: u64 = 200;
    const LEFT: u64 = 30;
    const TOP: u64 = 26;
    const BOTTOM: u64 = 24;
    let max = months.iter().map(|m| m.1.max(m.2)).max().unwrap_or(0).max(1);
    let plot_h = H - TOP - BOTTOM;
    let slot = (W - LEFT) / 12;
    let bar_w = slot / 3;
    let h_of = move |v: u64| v * plot_h / max;
    let desc = months
        .iter()
        .map(|(m, a, b)| format!("{m} {first_label} {a} {second_label} {b}"))
        .collect::<Vec<_>>()
        .join("；");
    let cols = months
        .iter()
        .map(|(m, a, b)| {
            let i: u64 = m.get(5..7).and_then(|m| m.parse::<u64>().ok()).unwrap_or(1) - 1;
            let x = LEFT + i * slot + slot / 6;
            view! {
                <rect x=x y=TOP + plot_h - h_of(*a) width=bar_w height=h_of(*a) class="bar bar-ok"></rect>
                <rect x=x + bar_w y=TOP + plot_h - h_of(*b) width=bar_w height=h_of(*b) class="bar bar-below"></rect>
                <text x=x + bar_w y=H - 8 text-anchor="middle" class="chart-label">{format!("{}月", i + 1)}</text>
            }
        })
        .collect_view();
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {W} {H}") width="100%" role="img" aria-label=title.clone() xmlns="http://www.w3.org/2000/svg">
                <title>{title.clone()}</title>
                <desc>{desc}</desc>
                <rect x=LEFT y="6" width="10" height="10" class="bar bar-ok"></rect>
                <text x=LEFT + 14 y="15" class="chart-label">{first_label.clone()}</text>
                <rect x=LEFT + 120 y="6" width="10" height="10" class="bar bar-below"></rect>
                <text x=LEFT + 134 y="15" class="chart-label">{second_label.clone()}</text>
                <line x1=LEFT y1=TOP + plot_h x2=W y2=TOP + plot_h class="axis"></line>
                {cols}
            </svg>
        </figure>
    }
}

/// A progress bar towards a target (the bar stops at the end; the text says
/// how far beyond it the value is).
#[component]
pub fn ProgressBar(
    /// Value ÷ target in tenths of a percent.
    progress: i64,
    label: String,
) -> impl IntoView {
    let width = progress.clamp(0, 1000) / 10;
    let class = if progress >= 1000 { "progress progress-met" } else { "progress" };
    view! {
        <div class=class role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=width aria-label=label>
            <span class="progress-fill" style=format!("width:{width}%")></span>
        </div>
    }
}
