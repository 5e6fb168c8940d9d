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
