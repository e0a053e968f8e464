//! KPI charts: the actuals of a KPI against its target as an inline SVG,
//! drawn at build time (no JavaScript library). The SVG carries a title and
//! a description naming every value, so a screen reader can read it; the
//! page also shows the same values as a table. The latest period is marked
//! met or missed, in words as well as colour.

use std::fmt::Write;

use crate::content::document::Kpi;

/// Chart size and whether to draw axis labels.
#[derive(Clone, Copy)]
pub struct ChartSize {
    pub width: f64,
    pub height: f64,
    pub labels: bool,
}

pub const FULL: ChartSize = ChartSize {
    width: 640.0,
    height: 260.0,
    labels: true,
};

pub const SMALL: ChartSize = ChartSize {
    width: 260.0,
    height: 90.0,
    labels: false,
};

fn escape(text: &str) -> String {
    super::facts::escape(text)
}

/// Words the chart needs, in the site's language.
pub struct ChartWords<'a> {
    pub title: &'a str,
    pub target: &'a str,
    pub met: &'a str,
    pub missed: &'a str,
}

/// Draws the chart; `id` makes the SVG's title and description ids unique
/// on the page.
pub fn svg(kpi: &Kpi, id: &str, size: ChartSize, words: &ChartWords<'_>) -> String {
    let mut actuals: Vec<_> = kpi.actuals.iter().collect();
    actuals.sort_by_key(|actual| actual.period);
    let values: Vec<f64> = actuals.iter().map(|a| a.value.number).collect();
    let mut low = values.iter().copied().fold(kpi.target.number, f64::min);
    let mut high = values.iter().copied().fold(kpi.target.number, f64::max);
    if (high - low).abs() < f64::EPSILON {
        low -= 1.0;
        high += 1.0;
    }
    let pad = (high - low) * 0.15;
    let (low, high) = (low - pad, high + pad);
    let (left, right, top, bottom) = if size.labels {
        (56.0, 40.0, 24.0, 30.0)
    } else {
        (6.0, 6.0, 8.0, 8.0)
    };
    let plot_width = size.width - left - right;
    let plot_height = size.height - top - bottom;
    let x = |index: usize| {
        if actuals.len() <= 1 {
            left + plot_width / 2.0
        } else {
            left + plot_width * index as f64 / (actuals.len() - 1) as f64
        }
    };
    let y = |value: f64| top + plot_height * (1.0 - (value - low) / (high - low));

    let latest = kpi.latest();
    let verdict = latest.map(|latest| {
        if kpi.is_met(&latest.value) {
            words.met
        } else {
            words.missed
        }
    });
    let description = {
        let mut text = format!("{}: {}. ", words.target, kpi.target.text);
        let listed: Vec<String> = actuals
            .iter()
            .map(|a| format!("{} {}", a.period_text, a.value.text))
            .collect();
        text.push_str(&listed.join(", "));
        if let (Some(latest), Some(verdict)) = (latest, verdict) {
            let _ = write!(text, ". {}: {verdict}.", latest.period_text);
        }
        text
    };

    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"kpi-chart\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" xmlns=\"http://www.w3.org/2000/svg\">\
<title id=\"{id}-title\">{title}</title><desc id=\"{id}-desc\">{desc}</desc>",
        w = size.width,
        h = size.height,
        title = escape(words.title),
        desc = escape(&description),
    );
    // Target line.
    let target_y = y(kpi.target.number);
    let _ = write!(
        svg,
        "<line class=\"target\" x1=\"{left}\" x2=\"{x2}\" y1=\"{target_y:.1}\" y2=\"{target_y:.1}\" stroke=\"#9a5b00\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>",
        x2 = size.width - right,
    );
    if size.labels {
        let _ = write!(
            svg,
            "<text x=\"{lx}\" y=\"{ty:.1}\" font-size=\"12\" text-anchor=\"end\" fill=\"#9a5b00\">{label}</text>",
            lx = left - 6.0,
            ty = target_y + 4.0,
            label = escape(&kpi.target.text),
        );
    }
    // The series.
    if actuals.len() > 1 {
        let points: Vec<String> = values
            .iter()
            .enumerate()
            .map(|(index, &value)| format!("{:.1},{:.1}", x(index), y(value)))
            .collect();
        let _ = write!(
            svg,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"#1f5fbf\" stroke-width=\"2\"/>",
            points.join(" ")
        );
    }
    for (index, actual) in actuals.iter().enumerate() {
        let is_latest = index + 1 == actuals.len();
        let met = kpi.is_met(&actual.value);
        let (radius, fill) = if is_latest {
            (
                if size.labels { 6.0 } else { 4.5 },
                if met { "#1b7f4c" } else { "#b42318" },
            )
        } else {
            (if size.labels { 3.5 } else { 2.5 }, "#1f5fbf")
        };
        let _ = write!(
            svg,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"{radius}\" fill=\"{fill}\"/>",
            x(index),
            y(actual.value.number)
        );
        if size.labels {
            let _ = write!(
                svg,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#5b6575\">{}</text>",
                x(index),
                size.height - 10.0,
                escape(&actual.period_text)
            );
            // The latest value carries the verdict, in words.
            let label = match (is_latest, verdict) {
                (true, Some(verdict)) => format!("{} · {verdict}", actual.value.text),
                _ => actual.value.text.clone(),
            };
            let _ = write!(
                svg,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{}\" font-weight=\"{}\" text-anchor=\"middle\" fill=\"{}\">{}</text>",
                x(index),
                y(actual.value.number) - 10.0,
                if is_latest { 12 } else { 11 },
                if is_latest { "bold" } else { "normal" },
                if !is_latest {
                    "#1d2430"
                } else if met {
                    "#1b7f4c"
                } else {
                    "#b42318"
                },
                escape(&label)
            );
        }
    }
    svg.push_str("</svg>");
    svg
}
