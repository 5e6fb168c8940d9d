//! Charts drawn by the server as SVG: readable without JavaScript, with the
//! numbers also in a table inside each chart's figure. Values are tenths of a
//! percent. Series use the Okabe–Ito colours (blue #0072B2, vermillion
//! #D55E00); the second series and "below target" are also striped, so they
//! never rely on colour alone. Every label is kept inside the viewBox.

use leptos::prelude::*;

use crate::i18n::{k, t, tf};

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

/// The width of `s` in SVG units at 12 px: ASCII glyphs are taken as 7 units,
/// all others (CJK, symbols) as 12, so an estimate is never short.
pub fn text_width(s: &str) -> u64 {
    s.chars().map(|c| if c.is_ascii() { 7 } else { 12 }).sum()
}

/// `s` shortened with `…` to at most `max` units (as `text_width` counts);
/// the second value says whether it was shortened.
pub fn fit_label(s: &str, max: u64) -> (String, bool) {
    if text_width(s) <= max {
        return (s.to_string(), false);
    }
    let mut out = String::new();
    let mut w = text_width("…");
    for c in s.chars() {
        let cw = if c.is_ascii() { 7 } else { 12 };
        if w + cw > max {
            break;
        }
        w += cw;
        out.push(c);
    }
    out.push('…');
    (out, true)
}

/// The x of a centred label of width `w` near `x`, moved so that it stays
/// within `0..width` (2 units of margin).
pub fn centred_x(x: i64, w: i64, width: i64) -> i64 {
    let half = w / 2 + 2;
    x.clamp(half, (width - half).max(half))
}

/// Vertical stripes over a rectangle, as one path: the mark of the second
/// series and of "below target", beside the colour.
pub fn stripes(x: u64, y: u64, w: u64, h: u64) -> String {
    let mut d = String::new();
    let mut sx = x + 3;
    while sx + 1 < x + w {
        d.push_str(&format!("M{sx} {y}v{h}"));
        sx += 5;
    }
    d
}

/// A legend entry: a swatch (`kind`: "s1", "s2" striped, "line", "dash") and its text.
#[derive(Clone)]
struct LegendKey {
    kind: &'static str,
    text: String,
}

/// A legend on one row at the top of a chart, its entries placed by the
/// width of their texts.
fn legend(keys: Vec<LegendKey>, y: u64) -> impl IntoView {
    let mut x = 4u64;
    let items = keys
        .into_iter()
        .map(|key| {
            let at = x;
            x += 16 + text_width(&key.text) + 16;
            let swatch = match key.kind {
                "s1" => view! { <rect x=at y=y - 10 width="12" height="12" class="chart-s1"></rect> }.into_any(),
                "s2" => view! {
                    <rect x=at y=y - 10 width="12" height="12" class="chart-s2"></rect>
                    <path d=stripes(at, y - 10, 12, 12) class="chart-stripes"></path>
                }
                .into_any(),
                "line" => view! { <line x1=at y1=y - 4 x2=at + 12 y2=y - 4 class="trend-line"></line> }.into_any(),
                _ => view! { <line x1=at y1=y - 4 x2=at + 12 y2=y - 4 class="target-line"></line> }.into_any(),
            };
            view! { <g class="chart-key">{swatch}<text x=at + 16 y=y class="chart-label">{key.text}</text></g> }
        })
        .collect_view();
    view! { <g class="chart-legend">{items}</g> }
}

/// The chart's numbers: its own table in a `<details>`, or, when the page
/// already shows them in a table of its own (`data_in`, that table's id), a
/// link to it, so that the page never shows the same numbers twice.
fn chart_data(data_in: Option<String>, table: impl IntoView + 'static) -> impl IntoView {
    match data_in {
        Some(id) => view! {
            <figcaption class="chart-data-link"><a href=format!("#{id}")>{t(k::CHART_DATA_BELOW)}</a></figcaption>
        }
        .into_any(),
        None => view! {
            <details class="chart-data">
                <summary>{t(k::CHART_DATA)}</summary>
                <div class="table-wrap" tabindex="0">{table}</div>
            </details>
        }
        .into_any(),
    }
}

/// The width a legend of these texts takes.
fn legend_width(texts: &[&str]) -> u64 {
    4 + texts.iter().map(|s| 32 + text_width(s)).sum::<u64>()
}

/// Horizontal bars against a target line, with an accessible title and
/// description, a legend, the value at each bar and the numbers in a table;
/// bars under the target are striped vermillion. A target of 0, above 100 %
/// or without a label means the chart has none (one series).
#[component]
pub fn TargetBars(
    /// Text for screen readers, e.g. "参检率（按区）".
    title: String,
    bars: Vec<Bar>,
    /// Target in tenths of a percent.
    target: u64,
    target_label: String,
    /// The id of the page's own table of these numbers, if it has one.
    #[prop(optional, into)]
    data_in: Option<String>,
) -> impl IntoView {
    const LABEL_W: u64 = 120;
    const BAR_W: u64 = 400;
    const ROW_H: u64 = 26;
    let has_target = target > 0 && target <= 1000 && !target_label.is_empty();
    let below_any = has_target && bars.iter().any(|b| b.permille < target);
    let met_text = t(k::CHART_MET).to_string();
    let below_text = t(k::CHART_BELOW).to_string();
    let target_text = format!("{}: {}", t(k::CHART_TARGET), target_label);
    let keys = if has_target {
        let mut keys = vec![LegendKey { kind: "s1", text: met_text.clone() }];
        keys.push(LegendKey { kind: "s2", text: below_text.clone() });
        keys.push(LegendKey { kind: "dash", text: target_text.clone() });
        keys
    } else {
        Vec::new()
    };
    let top: u64 = if has_target { 30 } else { 6 };
    let height = top + ROW_H * bars.len() as u64 + 6;
    let width = (LABEL_W + BAR_W + 64).max(legend_width(&[&met_text, &below_text, &target_text]));
    let x_of = |permille: u64| LABEL_W + permille.min(1000) * BAR_W / 1000;
    let target_x = x_of(target);
    let status = move |p: u64| if p >= target { t(k::CHART_MET) } else { t(k::CHART_BELOW) };
    let desc = bars
        .iter()
        .map(|b| {
            if has_target {
                format!("{} {}（{}）", b.label, percent(b.permille), status(b.permille))
            } else {
                format!("{} {}", b.label, percent(b.permille))
            }
        })
        .collect::<Vec<_>>()
        .join("；");
    let table_rows = bars
        .iter()
        .map(|b| {
            view! {
                <tr>
                    <th scope="row">{b.label.clone()}</th>
                    <td class="num">{percent(b.permille)}</td>
                    {has_target.then(|| view! { <td>{status(b.permille)}</td> })}
                </tr>
            }
        })
        .collect_view();
    let rows = bars
        .into_iter()
        .enumerate()
        .map(|(i, b)| {
            let y = top + ROW_H * i as u64;
            let below = has_target && b.permille < target;
            let end = x_of(b.permille);
            let (label, cut) = fit_label(&b.label, LABEL_W - 10);
            let value = percent(b.permille);
            let vx = (end + 4).min(width - 2 - text_width(&value));
            let class = if below { "chart-bar chart-s2" } else { "chart-bar chart-s1" };
            view! {
                <g class=if below { "chart-row chart-row-below" } else { "chart-row" }>
                    <text x=LABEL_W - 6 y=y + 17 text-anchor="end" class="chart-label">
                        {cut.then(|| view! { <title>{b.label.clone()}</title> })}
                        {label}
                    </text>
                    <rect x=LABEL_W y=y + 4 width=end - LABEL_W height=ROW_H - 8 class=class></rect>
                    {below.then(|| view! { <path d=stripes(LABEL_W, y + 4, end - LABEL_W, ROW_H - 8) class="chart-stripes"></path> })}
                    <text x=vx y=y + 17 class="chart-value">{value}</text>
                </g>
            }
        })
        .collect_view();
    let _ = below_any;
    view! {
        <figure class="chart chart-bars">
            <svg
                viewBox=format!("0 0 {width} {height}")
                width="100%"
                role="img"
                aria-label=title.clone()
                xmlns="http://www.w3.org/2000/svg"
            >
                <title>{title.clone()}</title>
                <desc>{desc}</desc>
                {has_target.then(|| legend(keys, 16))}
                {rows}
                {has_target.then(|| view! {
                    <line x1=target_x y1=top - 2 x2=target_x y2=height - 2 class="target-line"></line>
                })}
            </svg>
            {chart_data(data_in, view! { <table class="data-table">
                        <caption>{title.clone()}</caption>
                        <thead><tr>
                            <th scope="col">{t(k::CHART_ITEM)}</th>
                            <th scope="col">{t(k::CHART_VALUE)}</th>
                            {has_target.then(|| view! { <th scope="col">{t(k::CHART_STATUS)}" ("{target_text.clone()}")"</th> })}
                        </tr></thead>
                        <tbody>{table_rows}</tbody>
                    </table> })}
        </figure>
    }
}

/// A line over the months with the target as a dashed line, for a trend
/// (values in the measure's unit; `format` writes one), with a legend, the
/// value at each point and the numbers in a table.
#[component]
pub fn TrendLine(
    title: String,
    /// `YYYY-MM` and the value.
    points: Vec<(String, i64)>,
    target: i64,
    format: fn(i64) -> String,
    /// The id of the page's own table of these numbers, if it has one.
    #[prop(optional, into)]
    data_in: Option<String>,
) -> impl IntoView {
    const W: i64 = 480;
    const H: i64 = 190;
    const LEFT: i64 = 20;
    const RIGHT: i64 = 20;
    const TOP: i64 = 40;
    const BOTTOM: i64 = 26;
    let top_value = points.iter().map(|p| p.1).chain([target, 1]).max().unwrap_or(1);
    let scale = top_value + top_value / 10 + 1;
    let plot_h = H - TOP - BOTTOM;
    let y_of = move |v: i64| TOP + plot_h - v.clamp(0, scale) * plot_h / scale;
    // Twelve slots, one a month, whatever the number of points.
    let x_at = |m: i64| LEFT + (m - 1) * (W - LEFT - RIGHT) / 11;
    let x_of = move |month: &str| x_at(month.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(1));
    let value_text = t(k::CHART_VALUE).to_string();
    let target_text = format!("{}: {}", t(k::CHART_TARGET), format(target));
    let desc = points.iter().map(|(m, v)| format!("{m} {}", format(*v))).collect::<Vec<_>>().join("；");
    let line = points.iter().map(|(m, v)| format!("{},{}", x_of(m), y_of(*v))).collect::<Vec<_>>().join(" ");
    let dots = points
        .iter()
        .map(|(m, v)| {
            let (x, y) = (x_of(m), y_of(*v));
            let label = format(*v);
            let lx = centred_x(x, text_width(&label) as i64, W);
            // Above the point, or below it when that would leave the plot.
            let ly = if y - 8 - 12 < TOP - 14 { y + 16 } else { y - 8 };
            view! {
                <circle cx=x cy=y r="3.5" class="trend-dot"></circle>
                <text x=lx y=ly text-anchor="middle" class="chart-value">{label}</text>
            }
        })
        .collect_view();
    let months = (1..=12)
        .map(|m| {
            view! { <text x=x_at(m) y=H - 8 text-anchor="middle" class="chart-label">{tf(k::CHART_MONTH, &[("m", m.to_string())])}</text> }
        })
        .collect_view();
    let table_rows = points
        .iter()
        .map(|(m, v)| view! { <tr><th scope="row">{m.clone()}</th><td class="num">{format(*v)}</td></tr> })
        .collect_view();
    let ty = y_of(target);
    let keys = vec![
        LegendKey { kind: "line", text: value_text.clone() },
        LegendKey { kind: "dash", text: target_text.clone() },
    ];
    view! {
        <figure class="chart chart-trend">
            <svg viewBox=format!("0 0 {W} {H}") width="100%" role="img" aria-label=title.clone() xmlns="http://www.w3.org/2000/svg">
                <title>{title.clone()}</title>
                <desc>{format!("{desc}；{target_text}")}</desc>
                {legend(keys, 16)}
                <line x1=LEFT - 8 y1=TOP + plot_h x2=W - 4 y2=TOP + plot_h class="axis"></line>
                <line x1=LEFT - 8 y1=ty x2=W - 4 y2=ty class="target-line"></line>
                {months}
                <polyline points=line class="trend-line" fill="none"></polyline>
                {dots}
            </svg>
            {chart_data(data_in, view! { <table class="data-table">
                        <caption>{format!("{title}（{target_text}）")}</caption>
                        <thead><tr><th scope="col">{t(k::CHART_ITEM)}</th><th scope="col">{value_text.clone()}</th></tr></thead>
                        <tbody>{table_rows}</tbody>
                    </table> })}
        </figure>
    }
}

/// Two columns a month (e.g. registrations and exits), with a legend, the
/// value on each column and the numbers in a table.
#[component]
pub fn MonthColumns(
    title: String,
    /// `YYYY-MM`, first and second value.
    months: Vec<(String, u64, u64)>,
    first_label: String,
    second_label: String,
    /// The id of the page's own table of these numbers, if it has one.
    #[prop(optional, into)]
    data_in: Option<String>,
) -> impl IntoView {
    const W: u64 = 560;
    const H: u64 = 210;
    const LEFT: u64 = 8;
    const TOP: u64 = 42;
    const BOTTOM: u64 = 24;
    let max = months.iter().map(|m| m.1.max(m.2)).max().unwrap_or(0).max(1);
    let plot_h = H - TOP - BOTTOM;
    let slot = (W - LEFT) / 12;
    let bar_w = slot * 2 / 5;
    let h_of = move |v: u64| v * plot_h / max;
    let desc = months
        .iter()
        .map(|(m, a, b)| format!("{m} {first_label} {a} {second_label} {b}"))
        .collect::<Vec<_>>()
        .join("；");
    let cols = months
        .iter()
        .map(|(m, a, b)| {
            let i: u64 = m.get(5..7).and_then(|m| m.parse::<u64>().ok()).unwrap_or(1).clamp(1, 12) - 1;
            let x = LEFT + i * slot + slot / 10;
            let (ya, yb) = (TOP + plot_h - h_of(*a), TOP + plot_h - h_of(*b));
            view! {
                <rect x=x y=ya width=bar_w height=h_of(*a) class="chart-bar chart-s1"></rect>
                <rect x=x + bar_w y=yb width=bar_w height=h_of(*b) class="chart-bar chart-s2"></rect>
                <path d=stripes(x + bar_w, yb, bar_w, h_of(*b)) class="chart-stripes"></path>
                <text x=x + bar_w / 2 y=ya - 3 text-anchor="middle" class="chart-value chart-value-small">{*a}</text>
                <text x=x + bar_w + bar_w / 2 y=yb - 3 text-anchor="middle" class="chart-value chart-value-small">{*b}</text>
                <text x=x + bar_w y=H - 8 text-anchor="middle" class="chart-label">{tf(k::CHART_MONTH, &[("m", (i + 1).to_string())])}</text>
            }
        })
        .collect_view();
    let table_rows = months
        .iter()
        .map(|(m, a, b)| view! { <tr><th scope="row">{m.clone()}</th><td class="num">{*a}</td><td class="num">{*b}</td></tr> })
        .collect_view();
    let keys =
        vec![LegendKey { kind: "s1", text: first_label.clone() }, LegendKey { kind: "s2", text: second_label.clone() }];
    view! {
        <figure class="chart chart-columns">
            <svg viewBox=format!("0 0 {W} {H}") width="100%" role="img" aria-label=title.clone() xmlns="http://www.w3.org/2000/svg">
                <title>{title.clone()}</title>
                <desc>{desc}</desc>
                {legend(keys, 16)}
                <line x1=LEFT y1=TOP + plot_h x2=W - 4 y2=TOP + plot_h class="axis"></line>
                {cols}
            </svg>
            {chart_data(data_in, view! { <table class="data-table">
                        <caption>{title.clone()}</caption>
                        <thead><tr><th scope="col">{t(k::CHART_ITEM)}</th><th scope="col">{first_label.clone()}</th><th scope="col">{second_label.clone()}</th></tr></thead>
                        <tbody>{table_rows}</tbody>
                    </table> })}
        </figure>
    }
}

/// One column of a `Columns` chart: the label under it, its value (the
/// height) and the value's text above it.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub label: String,
    pub value: u64,
    pub text: String,
}

/// One series of columns in the order given (e.g. the last months' sales),
/// with the value on each column, the unit under the axis and the numbers in
/// a table. Each column's slot is as wide as its widest text, so nothing is
/// clipped.
#[component]
pub fn Columns(
    title: String,
    columns: Vec<Column>,
    /// What the values count, e.g. "单位：万元".
    unit: String,
    /// The id of the page's own table of these numbers, if it has one.
    #[prop(optional, into)]
    data_in: Option<String>,
) -> impl IntoView {
    const LEFT: u64 = 10;
    const TOP: u64 = 24;
    const PLOT_H: u64 = 160;
    let slot = columns.iter().map(|c| text_width(&c.text).max(text_width(&c.label)) + 10).max().unwrap_or(0).max(48);
    let width = (LEFT * 2 + slot * columns.len() as u64).max(LEFT * 2 + text_width(&unit));
    let height = TOP + PLOT_H + 40;
    let max = columns.iter().map(|c| c.value).max().unwrap_or(0).max(1);
    let desc = columns.iter().map(|c| format!("{} {}", c.label, c.text)).collect::<Vec<_>>().join("；");
    let bars = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let h = c.value * PLOT_H / max;
            let x = LEFT + slot * i as u64;
            view! {
                <g>
                    <rect x=x + 6 y=TOP + PLOT_H - h width=slot - 12 height=h class="chart-bar chart-s1"></rect>
                    <text x=x + slot / 2 y=TOP + PLOT_H - h - 4 text-anchor="middle" class="chart-value">{c.text.clone()}</text>
                    <text x=x + slot / 2 y=TOP + PLOT_H + 16 text-anchor="middle" class="chart-label">{c.label.clone()}</text>
                </g>
            }
        })
        .collect_view();
    let table_rows = columns
        .iter()
        .map(|c| view! { <tr><th scope="row">{c.label.clone()}</th><td class="num">{c.text.clone()}</td></tr> })
        .collect_view();
    view! {
        <figure class="chart chart-series">
            <svg viewBox=format!("0 0 {width} {height}") width="100%" role="img" aria-label=title.clone() xmlns="http://www.w3.org/2000/svg">
                <title>{title.clone()}</title>
                <desc>{format!("{desc}（{unit}）")}</desc>
                <line x1=LEFT y1=TOP + PLOT_H x2=width - LEFT y2=TOP + PLOT_H class="axis"></line>
                {bars}
                <text x=LEFT y=TOP + PLOT_H + 34 class="chart-label">{unit.clone()}</text>
            </svg>
            {chart_data(data_in, view! { <table class="data-table">
                        <caption>{format!("{title}（{unit}）")}</caption>
                        <thead><tr><th scope="col">{t(k::CHART_ITEM)}</th><th scope="col">{t(k::CHART_VALUE)}</th></tr></thead>
                        <tbody>{table_rows}</tbody>
                    </table> })}
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_measured_and_shortened() {
        assert_eq!(text_width("97.5%"), 35);
        assert_eq!(text_width("慈善"), 24);
        assert_eq!(fit_label("短", 110), ("短".to_string(), false));
        let (s, cut) = fit_label("一个很长很长的社会组织名称用于测试", 110);
        assert!(cut && s.ends_with('…') && text_width(&s) <= 110, "{s}");
    }

    #[test]
    fn centred_labels_stay_inside() {
        assert_eq!(centred_x(20, 40, 480), 22, "moved right at the left edge");
        assert_eq!(centred_x(478, 40, 480), 458, "moved left at the right edge");
        assert_eq!(centred_x(200, 40, 480), 200);
    }

    #[test]
    fn stripes_stay_inside_their_rectangle() {
        let d = stripes(10, 5, 20, 8);
        assert_eq!(d, "M13 5v8M18 5v8M23 5v8M28 5v8");
        assert_eq!(stripes(10, 5, 0, 8), "");
    }
}
