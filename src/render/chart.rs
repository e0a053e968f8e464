//! Result charts: the actuals of an SLA or KPI against its target as an
//! inline SVG, drawn at build time (no JavaScript library). The SVG carries
//! a title and a description naming every value, so a screen reader can
//! read it; the page also shows the same values as a table. Every point is
//! coloured met or missed and labelled with its period and value; the
//! latest carries the verdict in words as well as colour.

use std::fmt::Write;

/// What a chart draws (made by `render::results::series`).
pub struct Series {
    /// The level of the target line, in the values' scale (seconds for
    /// durations), and its label.
    pub target: f64,
    pub target_text: String,
    /// In period order.
    pub points: Vec<Point>,
}

pub struct Point {
    pub period: String,
    pub value: f64,
    pub value_text: String,
    pub met: bool,
}

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
pub fn svg(series: &Series, id: &str, size: ChartSize, words: &ChartWords<'_>) -> String {
    let actuals = &series.points;
    let values: Vec<f64> = actuals.iter().map(|a| a.value).collect();
    let mut low = values.iter().copied().fold(series.target, f64::min);
    let mut high = values.iter().copied().fold(series.target, f64::max);
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

    let verdict_of = |met: bool| if met { words.met } else { words.missed };
    let latest = actuals.last();
    let verdict = latest.map(|latest| verdict_of(latest.met));
    let description = {
        let mut text = format!("{}: {}. ", words.target, series.target_text);
        let listed: Vec<String> = actuals
            .iter()
            .map(|a| format!("{} {} ({})", a.period, a.value_text, verdict_of(a.met)))
            .collect();
        text.push_str(&listed.join(", "));
        if let (Some(latest), Some(verdict)) = (latest, verdict) {
            let _ = write!(text, ". {}: {verdict}.", latest.period);
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
    let target_y = y(series.target);
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
            label = escape(&series.target_text),
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
    // At most about twelve labels fit under the plot: with more periods
    // (a daily SLA), every n-th is labelled, the latest always; the table
    // beside the chart lists them all.
    let label_step = actuals.len().div_ceil(12).max(1);
    for (index, actual) in actuals.iter().enumerate() {
        let is_latest = index + 1 == actuals.len();
        let labelled =
            is_latest || (index % label_step == 0 && actuals.len() - 1 - index >= label_step);
        let met = actual.met;
        let fill = if met { "#1b7f4c" } else { "#b42318" };
        let radius = match (is_latest, size.labels) {
            (true, true) => 6.0,
            (true, false) => 4.5,
            (false, true) => 4.0,
            (false, false) => 2.5,
        };
        let _ = write!(
            svg,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"{radius}\" fill=\"{fill}\"/>",
            x(index),
            y(actual.value)
        );
        if size.labels && labelled {
            let _ = write!(
                svg,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#5b6575\">{}</text>",
                x(index),
                size.height - 10.0,
                escape(&actual.period)
            );
            // The latest value carries the verdict, in words.
            let label = match (is_latest, verdict) {
                (true, Some(verdict)) => format!("{} · {verdict}", actual.value_text),
                _ => actual.value_text.clone(),
            };
            let _ = write!(
                svg,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{}\" font-weight=\"{}\" text-anchor=\"middle\" fill=\"{}\">{}</text>",
                x(index),
                y(actual.value) - 10.0,
                if is_latest { 12 } else { 11 },
                if is_latest { "bold" } else { "normal" },
                if met { "#1b7f4c" } else { "#b42318" },
                escape(&label)
            );
        }
    }
    svg.push_str("</svg>");
    svg
}
