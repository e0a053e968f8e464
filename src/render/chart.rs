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

/// A drawn chart without its id: the same marks serve the page and the
/// print section, each giving its own id (`with_id`).
#[derive(Clone, Debug, PartialEq)]
pub struct Drawn {
    width: f64,
    height: f64,
    /// Escaped.
    title: String,
    /// Escaped.
    description: String,
    /// Everything after the title and description, up to `</svg>`.
    marks: String,
}

impl Drawn {
    /// The SVG, `id` making its title and description ids unique on the
    /// page.
    pub fn with_id(&self, id: &str) -> String {
        let mut svg = String::with_capacity(
            self.title.len() + self.description.len() + self.marks.len() + 4 * id.len() + 256,
        );
        let _ = write!(
            svg,
            "<svg class=\"kpi-chart\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" xmlns=\"http://www.w3.org/2000/svg\">\
<title id=\"{id}-title\">{title}</title><desc id=\"{id}-desc\">{desc}</desc>",
            w = self.width,
            h = self.height,
            title = self.title,
            desc = self.description,
        );
        svg.push_str(&self.marks);
        svg
    }
}

/// Draws the chart; `id` makes the SVG's title and description ids unique
/// on the page.
pub fn svg(series: &Series, id: &str, size: ChartSize, words: &ChartWords<'_>) -> String {
    draw(series, size, words).with_id(id)
}

/// Draws the chart (`Drawn::with_id` gives it its id).
pub fn draw(series: &Series, size: ChartSize, words: &ChartWords<'_>) -> Drawn {
    let actuals = &series.points;
    let values: Vec<f64> = actuals.iter().map(|a| a.value.number).collect();
    // Each value as the site writes it, once (the description, the
    // labels and the labels' widths read them).
    let value_texts: Vec<String> = actuals.iter().map(|a| (words.value)(&a.value)).collect();
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
        let latest_text = value_texts.last().cloned().unwrap_or_default();
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
        for (index, (actual, value)) in actuals.iter().zip(&value_texts).enumerate() {
            if index > 0 {
                text.push_str(words.comma);
            }
            text.push_str(&(words.period)(actual.period));
            text.push(' ');
            text.push_str(value);
        }
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
        text.truncate(text.trim_end().len());
        text
    };

    let mut svg = String::new();
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
        svg.push_str("<polyline points=\"");
        for (index, &value) in values.iter().enumerate() {
            if index > 0 {
                svg.push(' ');
            }
            push_one_decimal(&mut svg, x(index));
            svg.push(',');
            push_one_decimal(&mut svg, y(value));
        }
        let _ = write!(
            svg,
            "\" fill=\"none\" stroke=\"{LINE}\" stroke-width=\"2\"/>"
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
    // Values are labelled above or below their points, staggered, while
    // two steps hold a label. A denser chart (a year of days is two
    // pixels a period) labels every j-th value instead, j steps wide
    // enough for a label, centred over its point, the latest always:
    // labelling every point there drew hundreds of labels over one
    // another. (The line still passes through every value, and the table
    // and the description give them all.)
    let widest_value = value_texts
        .iter()
        .map(|text| text_width(text, font - 1.0))
        .fold(0.0, f64::max);
    let dense = size.full && 2.0 * step < widest_value + 4.0;
    let every_value = if dense {
        ((widest_value + 4.0) / step).ceil().max(1.0) as usize
    } else {
        1
    };
    // Where the latest value's label sits (it ends at its point and
    // reaches left): a dense chart leaves out the labels it would cover.
    let latest_label = latest.filter(|_| dense).map(|latest| {
        let text = match verdict {
            Some(verdict) => format!("{} · {verdict}", value_texts[last]),
            None => value_texts[last].clone(),
        };
        let point_y = y(latest.value.number);
        let (label_y, _) =
            value_label_place(&values, last, point_y, target_y, font, &y, (top, axis_y));
        let radius = 6.0;
        (x(last) + radius - text_width(&text, font), label_y)
    });
    // Which values a dense chart labels: every j-th, and each missed one
    // whose label (centred, above or below its point) meets no other;
    // a miss is what a reader looks for.
    let labelled: Vec<bool> = {
        let regular = |index: usize| (last - index).is_multiple_of(every_value);
        let mut labelled: Vec<bool> = (0..actuals.len()).map(regular).collect();
        if dense {
            let label_box = |index: usize| {
                let half = text_width(&value_texts[index], font - 1.0) / 2.0;
                let (label_y, _) = value_label_place(
                    &values,
                    index,
                    y(values[index]),
                    target_y,
                    font,
                    &y,
                    (top, axis_y),
                );
                (x(index) - half, x(index) + half, label_y)
            };
            let mut boxes: Vec<(f64, f64, f64)> = (0..actuals.len())
                .filter(|&index| labelled[index] && index != last)
                .map(label_box)
                .collect();
            // Text widths are estimated: a gap of 4 pixels keeps labels
            // whose estimate is a little short from touching.
            let meets = |one: &(f64, f64, f64), other: &(f64, f64, f64)| {
                one.0 < other.1 + 4.0
                    && other.0 < one.1 + 4.0
                    && (one.2 - other.2).abs() < font + 2.0
            };
            for (index, actual) in actuals.iter().enumerate() {
                if actual.met || labelled[index] {
                    continue;
                }
                let candidate = label_box(index);
                let covered = latest_label.is_some_and(|(left, latest_y)| {
                    candidate.1 > left && (candidate.2 - latest_y).abs() < font + 2.0
                });
                if !covered && !boxes.iter().any(|other| meets(&candidate, other)) {
                    labelled[index] = true;
                    boxes.push(candidate);
                }
            }
        }
        labelled
    };
    // The font sizes as the marks below write them, once per chart.
    let font_text = font.to_string();
    let small_font_text = (font - 1.0).to_string();
    for (index, actual) in actuals.iter().enumerate() {
        let is_latest = index == last;
        let named = (last - index).is_multiple_of(every);
        let labelled = labelled[index];
        let met = actual.met;
        let point_y = y(actual.value.number);
        let (radius, radius_text, fill) = if is_latest {
            let (radius, text) = if size.full { (6.0, "6") } else { (4.5, "4.5") };
            (radius, text, if met { MET } else { MISSED })
        } else {
            let (radius, text) = if size.full {
                (3.5, "3.5")
            } else {
                (2.5, "2.5")
            };
            (radius, text, LINE)
        };
        // Points a step apart each get their mark; closer ones (a year of
        // days is two pixels a period) would merge into a band, so only
        // the named ones do.
        let spaced = step >= 3.0 * radius;
        if named || labelled || spaced {
            svg.push_str("<circle");
            push_attribute(&mut svg, "cx", x(index));
            push_attribute(&mut svg, "cy", point_y);
            for piece in [" r=\"", radius_text, "\" fill=\"", fill, "\"/>"] {
                svg.push_str(piece);
            }
        }
        // Every period under the axis (short on the small chart, the year
        // on the first and on January's).
        let with_year = size.full
            && (index == 0
                || matches!(
                    actual.period,
                    Period::Month(_, 1) | Period::Quarter(_, 1) | Period::Week(_, 1)
                ));
        if named {
            svg.push_str("<text");
            push_attribute(&mut svg, "x", x(index));
            push_attribute(
                &mut svg,
                "y",
                size.height - if size.full { 12.0 } else { 6.0 },
            );
            for piece in [
                " font-size=\"",
                &small_font_text,
                "\" text-anchor=\"middle\" fill=\"",
                MUTED,
                "\">",
                &escape(&(words.period_short)(actual.period, with_year)),
                "</text>",
            ] {
                svg.push_str(piece);
            }
        }
        // Values: each named period's on the detail chart, the latest on
        // the small one (at the right end, with the target's below or
        // above it).
        if size.full && !labelled {
            continue;
        }
        let label = match (is_latest, verdict) {
            (true, Some(verdict)) if size.full => {
                format!("{} · {verdict}", value_texts[index])
            }
            _ => value_texts[index].clone(),
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
            _ if dense => (x(index), "middle"),
            Shift::Left => (x(index) - 6.0, "end"),
            Shift::Right => (x(index) + 6.0, "start"),
            Shift::None => (x(index), "middle"),
        };
        if !is_latest
            && let Some((left, latest_y)) = latest_label
            && label_x + text_width(&label, font - 1.0) / 2.0 > left
            && (label_y - latest_y).abs() < font + 2.0
        {
            continue;
        }
        // The last label never runs past the chart's right edge.
        let (label_x, anchor) = if is_latest && anchor != "end" {
            (x(index) + radius, "end")
        } else {
            (label_x, anchor)
        };
        svg.push_str("<text");
        push_attribute(&mut svg, "x", label_x);
        push_attribute(&mut svg, "y", label_y);
        for piece in [
            " font-size=\"",
            if is_latest {
                &font_text
            } else {
                &small_font_text
            },
            "\" font-weight=\"",
            if is_latest { "bold" } else { "normal" },
            "\" text-anchor=\"",
            anchor,
            "\" fill=\"",
            colour,
            "\" paint-order=\"stroke\" stroke=\"#ffffff\" stroke-width=\"4\">",
            &escape(&label),
            "</text>",
        ] {
            svg.push_str(piece);
        }
    }
    svg.push_str("</svg>");
    Drawn {
        width: size.width,
        height: size.height,
        title: escape(words.title),
        description: escape(&description),
        marks: svg,
    }
}

/// ` name="value"`, the value to one decimal (`push_one_decimal`).
fn push_attribute(out: &mut String, name: &str, value: f64) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    push_one_decimal(out, value);
    out.push('"');
}

/// Writes `value` as `format!("{value:.1}")` does (the exact binary
/// value rounded to one decimal, halves to even, the sign of a negative
/// number kept when it rounds to zero), without the formatting machinery:
/// a year of daily results is 730 coordinates per chart, and the general
/// float formatting was most of a chart's cost. Beyond 10^14 and for
/// values that are not finite it asks `format!`. A property test holds the
/// two equal.
fn push_one_decimal(out: &mut String, value: f64) {
    if !value.is_finite() || value.abs() >= 1e14 {
        let _ = write!(out, "{value:.1}");
        return;
    }
    let magnitude = value.abs();
    // Ten times the value is `tenths + error` exactly (the error of a
    // product is what a fused multiply-add leaves of it).
    let tenths = magnitude * 10.0;
    let error = magnitude.mul_add(10.0, -tenths);
    let whole = tenths.floor();
    // How far the fraction is from a half: exact, and never smaller than
    // the product's error unless it is zero (both are multiples of the
    // product's last bit, which the error is less than half of).
    let from_half = (tenths - whole) - 0.5;
    let up = if from_half != 0.0 {
        from_half > 0.0
    } else if error != 0.0 {
        error > 0.0
    } else {
        // A true half: to the even neighbour.
        whole % 2.0 == 1.0
    };
    // Below 10^15: an integer a u64 holds exactly. Written from the end:
    // the tenth, the point, the whole part, the sign.
    let rounded = whole as u64 + u64::from(up);
    let mut text = [0u8; 24];
    let mut at = text.len() - 2;
    text[at] = b'.';
    text[at + 1] = b'0' + (rounded % 10) as u8;
    let mut rest = rounded / 10;
    loop {
        at -= 1;
        text[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if value.is_sign_negative() {
        at -= 1;
        text[at] = b'-';
    }
    out.push_str(std::str::from_utf8(&text[at..]).unwrap_or_default());
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

#[cfg(test)]
mod tests {

    fn one_decimal(value: f64) -> String {
        let mut out = String::new();
        push_one_decimal(&mut out, value);
        out
    }

    #[test]
    fn one_decimal_rounds_as_format_does_at_halves_signs_and_limits() {
        for value in [
            0.0,
            -0.0,
            0.05,
            0.15,
            0.25,
            0.35,
            0.45,
            0.75,
            1.25,
            2.5,
            -0.04,
            -0.25,
            123.45,
            99.95,
            9.95,
            0.95,
            1e14 - 0.05,
            1e14,
            1e15 + 0.5,
            -1e14,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MIN_POSITIVE,
            5e-324,
            0.049999999999999996,
        ] {
            assert_eq!(one_decimal(value), format!("{value:.1}"), "{value:e}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4096))]
        /// Any number, any multiple of a twentieth or a quarter (the halves
        /// a product can land on), and numbers a chart's coordinates are.
        #[test]
        fn one_decimal_is_format_one_decimal(
            any in proptest::num::f64::ANY,
            twentieths in -2_000_000i64..2_000_000,
            quarters in -4_000_000i64..4_000_000,
            coordinate in -1000.0f64..2000.0,
        ) {
            for value in [any, twentieths as f64 / 20.0, quarters as f64 / 4.0, coordinate, 96.0 + coordinate / 7.0] {
                proptest::prop_assert_eq!(one_decimal(value), format!("{value:.1}"), "{:e}", value);
            }
        }
    }

    use super::*;

    fn value(number: f64) -> KpiValue {
        KpiValue {
            number,
            text: format!("{number:.1}%"),
        }
    }

    /// A chart of `periods` with values wandering around a target of 85,
    /// every seventh missed.
    fn chart(periods: Vec<Period>, size: ChartSize) -> String {
        let points = periods
            .into_iter()
            .enumerate()
            .map(|(index, period)| {
                let number = 80.0 + ((index * 37) % 11) as f64;
                Point {
                    period,
                    value: value(number),
                    met: number >= 85.0,
                }
            })
            .collect();
        let series = Series {
            target: value(85.0),
            points,
        };
        drawn(&series, size)
    }

    /// `series` drawn with English-like words and the site's short period
    /// names (`3 月`, `W7`, `1 日`).
    fn drawn(series: &Series, size: ChartSize) -> String {
        let value_text = |value: &KpiValue| value.text.clone();
        let period = |period: Period| period.to_string();
        let period_short = |period: Period, _with_year: bool| match period {
            Period::Day(date) => format!("{} 日", date.day()),
            Period::Week(_, week) => format!("W{week}"),
            Period::Month(_, month) | Period::Quarter(_, month) => format!("{month} 月"),
        };
        let words = ChartWords {
            title: "T",
            target: "target",
            met: "met",
            missed: "missed",
            colon: ": ",
            comma: ", ",
            full_stop: ". ",
            value: &value_text,
            period: &period,
            period_short: &period_short,
        };
        svg(series, "c", size, &words)
    }

    /// The value labels' x positions and texts (they are drawn with a
    /// white outline, `paint-order`).
    fn value_labels(svg: &str) -> Vec<(f64, f64, f64, String)> {
        let attribute = |text: &str, name: &str| -> String {
            text.split(&format!(" {name}=\""))
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .unwrap()
                .to_string()
        };
        svg.split("<text")
            .skip(1)
            .filter(|text| text.contains("paint-order"))
            .map(|text| {
                let x: f64 = attribute(text, "x").parse().unwrap();
                let y: f64 = attribute(text, "y").parse().unwrap();
                let font: f64 = attribute(text, "font-size").parse().unwrap();
                let label = text.split('>').nth(1).unwrap().split('<').next().unwrap();
                let width = text_width(label, font);
                let left = match attribute(text, "text-anchor").as_str() {
                    "end" => x - width,
                    "start" => x,
                    _ => x - width / 2.0,
                };
                (left, left + width, y, label.to_string())
            })
            .collect()
    }

    fn days(count: i16) -> Vec<Period> {
        let first = jiff::civil::date(2025, 3, 1);
        (0..count)
            .map(|offset| Period::Day(first.checked_add(jiff::Span::new().days(offset)).unwrap()))
            .collect()
    }

    #[test]
    fn a_dense_chart_labels_only_values_whose_labels_fit_side_by_side() {
        for (periods, count) in [
            (days(365), 365),
            ((1..=52).map(|week| Period::Week(2025, week)).collect(), 52),
        ] {
            let svg = chart(periods, FULL);
            let labels = value_labels(&svg);
            assert!(labels.len() > 3 && labels.len() < count, "{}", labels.len());
            // No two labels share a place: apart side by side, or a line
            // apart.
            for (index, one) in labels.iter().enumerate() {
                for other in &labels[index + 1..] {
                    let apart = one.1 <= other.0 || other.1 <= one.0;
                    assert!(
                        apart || (one.2 - other.2).abs() >= 13.0,
                        "labels {one:?} and {other:?} overlap"
                    );
                }
            }
            // The latest is labelled with its verdict; the line and the
            // description still carry every value.
            assert!(labels.last().unwrap().3.contains(" · "));
            let polyline = svg.split("<polyline points=\"").nth(1).unwrap();
            let polyline = polyline.split('"').next().unwrap();
            assert_eq!(polyline.split(' ').count(), count);
            let description = svg.split("<desc").nth(1).unwrap();
            let description = description.split("</desc>").next().unwrap();
            assert_eq!(description.matches('%').count(), count + 1);
            // A mark for each labelled value, not for every day.
            assert!(svg.matches("<circle").count() <= count);
        }
    }

    /// A dense chart labels its misses where their labels fit: a year of
    /// weeks at 90 % with four weeks at 80 % names all four.
    #[test]
    fn a_dense_chart_labels_its_misses() {
        let dips = [6, 19, 33, 44];
        let points = (1..=52)
            .map(|week| {
                let missed = dips.contains(&week);
                Point {
                    period: Period::Week(2025, week),
                    value: value(if missed { 80.0 } else { 90.0 }),
                    met: !missed,
                }
            })
            .collect();
        let series = Series {
            target: value(85.0),
            points,
        };
        let svg = drawn(&series, FULL);
        let labels = value_labels(&svg);
        assert!(labels.len() < 52);
        assert_eq!(
            labels.iter().filter(|label| label.3 == "80.0%").count(),
            dips.len(),
            "{labels:?}"
        );
    }

    #[test]
    fn a_chart_with_room_labels_and_marks_every_value() {
        let months: Vec<Period> = (1..=12).map(|month| Period::Month(2026, month)).collect();
        let svg = chart(months, FULL);
        assert_eq!(value_labels(&svg).len(), 12);
        assert_eq!(svg.matches("<circle").count(), 12);
        // Eighteen days of a peak: labels staggered, all of them.
        let peak = chart(days(18), FULL);
        assert_eq!(value_labels(&peak).len(), 18);
        assert_eq!(peak.matches("<circle").count(), 18);
        let small = chart(
            (1..=12).map(|month| Period::Month(2026, month)).collect(),
            SMALL,
        );
        assert_eq!(small.matches("<circle").count(), 12);
    }
}
