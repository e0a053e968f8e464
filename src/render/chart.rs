//! Result charts: the actuals of an SLA or KPI against its target as an inline SVG,
//! drawn at build time (no JavaScript library). The SVG carries a title and
//! a description naming every value, so a screen reader can read it; the
//! page also shows the same values as a table. The latest period is marked
//! met or missed, in words as well as colour.
//!
//! Labels are placed so they do not collide: every period is named under
//! the axis (the small dashboard chart names them short), a value's label
//! goes above or below its point, away from the line's neighbours and from
//! the target line, and the target's value sits in the left margin.

use std::fmt::Write;

use crate::content::document::KpiValue;
use crate::content::values::Period;

/// What a chart draws (made by `render::results::series`): values in the
/// document's unit (seconds for durations), each period judged by the
/// terms in force at its end.
pub struct Series {
    /// The target line (the latest period's terms).
    pub target: KpiValue,
    /// In period order.
    pub points: Vec<Point>,
}

pub struct Point {
    pub period: Period,
    pub value: KpiValue,
    pub met: bool,
}

/// Chart size and how much it labels.
#[derive(Clone, Copy)]
pub struct ChartSize {
    pub width: f64,
    pub height: f64,
    /// The detail chart: every value labelled, larger type.
    pub full: bool,
}

/// The chart of a KPI's page: as wide as the text column.
pub const FULL: ChartSize = ChartSize {
    width: 760.0,
    height: 300.0,
    full: true,
};

/// The dashboard card's chart.
pub const SMALL: ChartSize = ChartSize {
    width: 300.0,
    height: 140.0,
    full: false,
};

fn escape(text: &str) -> String {
    crate::markdown::escape_html(text)
}

/// Words the chart needs, in the site's language, and the site's way of
/// writing its values and periods (`format`).
pub struct ChartWords<'a> {
    pub title: &'a str,
    pub target: &'a str,
    pub met: &'a str,
    pub missed: &'a str,
    /// "：" or ": ".
    pub colon: &'a str,
    /// "，" or ", ", and "。" or ". ".
    pub comma: &'a str,
    pub full_stop: &'a str,
    pub value: &'a dyn Fn(&KpiValue) -> String,
    /// A period in full.
    pub period: &'a dyn Fn(Period) -> String,
    /// A period on the axis; `true`: with its year.
    pub period_short: &'a dyn Fn(Period, bool) -> String,
}

const INK: &str = "#1d2430";
const MUTED: &str = "#5b6575";
const LINE: &str = "#1f5fbf";
const TARGET: &str = "#8a5100";
const MET: &str = "#1b7f4c";
const MISSED: &str = "#b42318";

/// Draws the chart; `id` makes the SVG's title and description ids unique
/// on the page.
pub fn svg(series: &Series, id: &str, size: ChartSize, words: &ChartWords<'_>) -> String {
    let actuals = &series.points;
    let values: Vec<f64> = actuals.iter().map(|a| a.value.number).collect();
    let mut low = values.iter().copied().fold(series.target.number, f64::min);
    let mut high = values.iter().copied().fold(series.target.number, f64::max);
    if (high - low).abs() < f64::EPSILON {
        low -= 1.0;
        high += 1.0;
    }
    // Room above and below the extremes for a label.
    let pad = (high - low) * if size.full { 0.22 } else { 0.3 };
    let (low, high) = (low - pad, high + pad);
    let font = if size.full { 13.0 } else { 14.0 };
    let target_text = (words.value)(&series.target);
    let (left, right, top, bottom) = if size.full {
        (96.0, 24.0, 16.0, 34.0)
    } else {
        // The small chart names its latest value and the target at the
        // right end of their lines, outside the plot: as much room as the
        // longer of them takes.
        let latest_text = actuals
            .last()
            .map(|latest| (words.value)(&latest.value))
            .unwrap_or_default();
        let target_label = format!("{} {target_text}", words.target);
        let widest = text_width(&latest_text, font).max(text_width(&target_label, font - 2.0));
        (
            6.0,
            (widest + 14.0).clamp(48.0, size.width * 0.45),
            12.0,
            24.0,
        )
    };
    let plot_width = size.width - left - right;
    let plot_height = size.height - top - bottom;
    // Points sit inside the plot with half a step of room at each end, so
    // the first and last period names fit under them.
    let step = plot_width / actuals.len().max(1) as f64;
    let x = |index: usize| left + step * (index as f64 + 0.5);
    let y = |value: f64| top + plot_height * (1.0 - (value - low) / (high - low));

    let latest = actuals.last();
    let verdict = latest.map(|latest| if latest.met { words.met } else { words.missed });
    let description = {
        let mut text = format!(
            "{}{}{target_text}{}",
            words.target, words.colon, words.full_stop
        );
        let listed: Vec<String> = actuals
            .iter()
            .map(|a| format!("{} {}", (words.period)(a.period), (words.value)(&a.value)))
            .collect();
        text.push_str(&listed.join(words.comma));
        text.push_str(words.full_stop);
        if let (Some(latest), Some(verdict)) = (latest, verdict) {
            let _ = write!(
                text,
                "{}{}{verdict}{}",
                (words.period)(latest.period),
                words.colon,
                words.full_stop
            );
        }
        text.trim_end().to_string()
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
    // Axis.
    let axis_y = top + plot_height;
    let _ = write!(
        svg,
        "<line class=\"axis\" x1=\"{left}\" x2=\"{x2}\" y1=\"{axis_y:.1}\" y2=\"{axis_y:.1}\" stroke=\"{MUTED}\" stroke-width=\"1\"/>",
        x2 = size.width - right,
    );
    // Target line, its value named where no point is.
    let target_y = y(series.target.number);
    let _ = write!(
        svg,
        "<line class=\"target\" x1=\"{left}\" x2=\"{x2}\" y1=\"{target_y:.1}\" y2=\"{target_y:.1}\" stroke=\"{TARGET}\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>",
        x2 = size.width - right,
    );
    if size.full {
        let _ = write!(
            svg,
            "<text class=\"target-label\" x=\"{lx}\" y=\"{ty:.1}\" font-size=\"{small}\" text-anchor=\"end\" fill=\"{TARGET}\">{word}</text>\
<text class=\"target-label\" x=\"{lx}\" y=\"{vy:.1}\" font-size=\"{font}\" font-weight=\"bold\" text-anchor=\"end\" fill=\"{TARGET}\">{value}</text>",
            lx = left - 8.0,
            ty = target_y - 3.0,
            vy = target_y + font,
            small = font - 2.0,
            word = escape(words.target),
            value = escape(&target_text),
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
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{LINE}\" stroke-width=\"2\"/>",
            points.join(" ")
        );
    }
    let last = actuals.len().saturating_sub(1);
    // Every k-th period named (counting back from the latest) when their
    // names would not fit side by side.
    let widest_period = actuals
        .iter()
        .map(|a| text_width(&(words.period_short)(a.period, size.full), font - 1.0))
        .fold(0.0, f64::max);
    let every = ((widest_period + 6.0) / step).ceil().max(1.0) as usize;
    for (index, actual) in actuals.iter().enumerate() {
        let is_latest = index == last;
        let met = actual.met;
        let point_y = y(actual.value.number);
        let (radius, fill) = if is_latest {
            (
                if size.full { 6.0 } else { 4.5 },
                if met { MET } else { MISSED },
            )
        } else {
            (if size.full { 3.5 } else { 2.5 }, LINE)
        };
        let _ = write!(
            svg,
            "<circle cx=\"{:.1}\" cy=\"{point_y:.1}\" r=\"{radius}\" fill=\"{fill}\"/>",
            x(index),
        );
        // Every period under the axis (short on the small chart, the year
        // on the first and on January's).
        let with_year = size.full
            && (index == 0
                || matches!(
                    actual.period,
                    Period::Month(_, 1) | Period::Quarter(_, 1) | Period::Week(_, 1)
                ));
        if (last - index).is_multiple_of(every) {
            let _ = write!(
                svg,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"{}\" text-anchor=\"middle\" fill=\"{MUTED}\">{}</text>",
                x(index),
                size.height - if size.full { 12.0 } else { 6.0 },
                font - 1.0,
                escape(&(words.period_short)(actual.period, with_year))
            );
        }
        // Values: all on the detail chart, the latest on the small one
        // (at the right end, with the target's below or above it).
        let label = match (is_latest, verdict) {
            (true, Some(verdict)) if size.full => {
                format!("{} · {verdict}", (words.value)(&actual.value))
            }
            _ => (words.value)(&actual.value),
        };
        let colour = if !is_latest {
            INK
        } else if met {
            MET
        } else {
            MISSED
        };
        if !size.full {
            if !is_latest {
                continue;
            }
            // Value and target at their heights, kept a line apart.
            let mut value_y = point_y + font * 0.35;
            let mut target_label_y = target_y + font * 0.35;
            if (value_y - target_label_y).abs() < font + 2.0 {
                let middle = (value_y + target_label_y) / 2.0;
                let half = (font + 2.0) / 2.0;
                if point_y <= target_y {
                    value_y = middle - half;
                    target_label_y = middle + half;
                } else {
                    value_y = middle + half;
                    target_label_y = middle - half;
                }
            }
            let label_x = size.width - right + 8.0;
            let _ = write!(
                svg,
                "<text x=\"{label_x:.1}\" y=\"{value_y:.1}\" font-size=\"{font}\" font-weight=\"bold\" fill=\"{colour}\">{}</text>\
<text class=\"target-label\" x=\"{label_x:.1}\" y=\"{target_label_y:.1}\" font-size=\"{small}\" fill=\"{TARGET}\">{}</text>",
                escape(&label),
                escape(&format!("{} {target_text}", words.target)),
                small = font - 2.0,
            );
            continue;
        }
        let (label_y, shift) =
            value_label_place(&values, index, point_y, target_y, font, &y, (top, axis_y));
        let (label_x, anchor) = match shift {
            Shift::Left => (x(index) - 6.0, "end"),
            Shift::Right => (x(index) + 6.0, "start"),
            Shift::None => (x(index), "middle"),
        };
        // The last label never runs past the chart's right edge.
        let (label_x, anchor) = if is_latest && anchor != "end" {
            (x(index) + radius, "end")
        } else {
            (label_x, anchor)
        };
        let _ = write!(
            svg,
            "<text x=\"{label_x:.1}\" y=\"{label_y:.1}\" font-size=\"{}\" font-weight=\"{}\" text-anchor=\"{anchor}\" fill=\"{colour}\" paint-order=\"stroke\" stroke=\"#ffffff\" stroke-width=\"4\">{}</text>",
            if is_latest { font } else { font - 1.0 },
            if is_latest { "bold" } else { "normal" },
            escape(&label)
        );
    }
    svg.push_str("</svg>");
    svg
}

/// About how wide `text` is at `font` pixels: a CJK character takes a
/// font's width, others a little over half.
fn text_width(text: &str, font: f64) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 0.6 } else { 1.0 })
        .sum::<f64>()
        * font
}

/// Which way a label moves off its point, away from the line.
enum Shift {
    Left,
    Right,
    None,
}

/// Where a value's label goes: above its point unless the line comes up
/// into that place from both sides (a valley is labelled below) or the
/// target line runs there, then below; kept inside the plot; moved off to
/// the side the line leaves free (a falling line leaves the upper right).
fn value_label_place(
    values: &[f64],
    index: usize,
    point_y: f64,
    target_y: f64,
    font: f64,
    y: &dyn Fn(f64) -> f64,
    (top, bottom): (f64, f64),
) -> (f64, Shift) {
    let higher = |other: Option<&f64>| other.is_some_and(|&v| y(v) < point_y - 2.0);
    let lower = |other: Option<&f64>| other.is_some_and(|&v| y(v) > point_y + 2.0);
    let before = index.checked_sub(1).and_then(|i| values.get(i));
    let after = values.get(index + 1);
    let valley = (higher(before) || before.is_none())
        && (higher(after) || after.is_none())
        && (higher(before) || higher(after));
    let above = point_y - 9.0;
    let below = point_y + font + 7.0;
    // A label's box: from its baseline up by the font size.
    let hits_target = |baseline: f64| target_y > baseline - font - 2.0 && target_y < baseline + 3.0;
    let mut choice = if valley { below } else { above };
    if hits_target(choice) {
        choice = if choice == above { below } else { above };
    }
    if choice - font < top - 4.0 {
        choice = below;
    }
    if choice > bottom - 2.0 {
        choice = above;
    }
    let shift = if choice == above {
        match (higher(before), higher(after)) {
            (true, false) => Shift::Right,
            (false, true) => Shift::Left,
            _ => Shift::None,
        }
    } else {
        match (lower(before), lower(after)) {
            (true, false) => Shift::Right,
            (false, true) => Shift::Left,
            _ => Shift::None,
        }
    };
    (choice, shift)
}
