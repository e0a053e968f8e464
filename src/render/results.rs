//! Measured results as readers see them (spec section 6): a document's
//! table of every period (period, actual, target, met or missed, note) and
//! its chart series, the status in words and colour (document pages, SLA
//! matrix, KPI dashboard, trace matrix), and the words these views and the
//! service review share. Judging is `evaluation`'s; this module only
//! formats, with the site's value helpers (`i18n::Words`).

use super::chart::{Point, Series};
use super::fact::Table;
use super::i18n::Words;
use crate::config::Language;
use crate::content::document::{Document, KindFields, KpiValue, SlaTarget, Unit};
use crate::content::values::Duration;
use crate::evaluation::{self, Judged};
use crate::markdown::escape_html as escape;

/// The words of the evaluation views, in the site's language.
pub struct ResultWords {
    pub language: Language,
}

impl ResultWords {
    fn pick(&self, en: &'static str, hans: &'static str, hant: &'static str) -> &'static str {
        match self.language {
            Language::En => en,
            Language::ZhHans => hans,
            Language::ZhHant => hant,
        }
    }

    pub fn text(&self, key: &str) -> &'static str {
        match key {
            "results" => self.pick("Measured results", "实际结果", "實際結果"),
            "period" => self.pick("Period", "周期", "週期"),
            "actual" => self.pick("Actual", "实际值", "實際值"),
            "target" => self.pick("Target", "目标", "目標"),
            "status" => self.pick("Status", "状态", "狀態"),
            "note" => self.pick("Note", "备注", "備註"),
            "met" => self.pick("met", "达标", "達標"),
            "missed" => self.pick("missed", "未达标", "未達標"),
            "no_figures" => self.pick("no figures yet", "暂无数据", "暫無資料"),
            "current_status" => self.pick("Current status", "当前状态", "目前狀態"),
            "reviews" => self.pick("Service reviews", "服务评审", "服務評審"),
            "reviews_intro" => self.pick(
                "Every month with measured results: which promises were kept, and the service credits owed.",
                "每个有实际结果的月份：哪些承诺达成了，以及应付的服务抵扣。",
                "每個有實際結果的月份：哪些承諾達成了，以及應付的服務抵扣。",
            ),
            "month" => self.pick("Month", "月份", "月份"),
            "met_count" => self.pick("Met", "达标", "達標"),
            "missed_count" => self.pick("Missed", "未达标", "未達標"),
            "credit_total" => self.pick("Credits", "服务抵扣", "服務抵扣"),
            "scorecard" => self.pick("Scorecard", "计分卡", "計分卡"),
            "document" => self.pick("Document", "文档", "文件"),
            "change" => self.pick("Against previous period", "较上期", "較上期"),
            "better" => self.pick("better", "改善", "改善"),
            "worse" => self.pick("worse", "变差", "變差"),
            "same" => self.pick("the same", "持平", "持平"),
            "first_period" => self.pick("first period", "首个周期", "首個週期"),
            "breaches" => self.pick("Breaches and service credits", "违约与服务抵扣", "違約與服務抵扣"),
            "no_breaches" => self.pick("No SLA was missed this month.", "本月没有未达标的 SLA。", "本月沒有未達標的 SLA。"),
            "credit" => self.pick("Credit", "抵扣", "抵扣"),
            "no_credit" => self.pick("no credit agreed", "未约定抵扣", "未約定抵扣"),
            "month_total" => self.pick("Credit total for the month", "本月抵扣合计", "本月抵扣合計"),
            "before_cap" => self.pick("before the cap of", "封顶前合计，封顶为", "封頂前合計，封頂為"),
            "of_fee" => self.pick("of the monthly fee", "（月服务费的百分比）", "（月服務費的百分比）"),
            "requirements_missed" => self.pick(
                "Requirements whose SLAs were missed",
                "SLA 未达标所涉及的需求",
                "SLA 未達標所涉及的需求",
            ),
            "silent" => self.pick(
                "Figures missing this month",
                "本月缺少数据",
                "本月缺少資料",
            ),
            "silent_intro" => self.pick(
                "These documents had figures before, and their cadence expected one this month:",
                "这些文档以前有数据，按其周期本月也应有数据：",
                "這些文件以前有資料，按其週期本月也應有資料：",
            ),
            "download_csv" => self.pick("Download as CSV (for spreadsheets)", "下载 CSV（用于电子表格）", "下載 CSV（用於試算表）"),
            "latest_scorecard" => self.pick("Latest monthly scorecard", "最近一个月的计分卡", "最近一個月的計分卡"),
            "none" => self.pick("none", "无", "無"),
            _ => "",
        }
    }

    /// "Service review 2026-06", "2026-06 服务评审".
    pub fn review_title(&self, month: &str) -> String {
        match self.language {
            Language::En => format!("Service review {month}"),
            Language::ZhHans => format!("{month} 服务评审"),
            Language::ZhHant => format!("{month} 服務評審"),
        }
    }
}

/// A status in words and colour: `✓ 达标`, `✗ 未达标`, or "no figures".
pub fn status_html(met: Option<bool>, words: &ResultWords) -> String {
    let (open, word) = match met {
        Some(true) => ("<span class=\"result result-met\">✓ ", "met"),
        Some(false) => ("<span class=\"result result-missed\">✗ ", "missed"),
        None => ("<span class=\"result result-none\">", "no_figures"),
    };
    [open, &escape(words.text(word)), "</span>"].concat()
}

/// A value as readers read it: a duration in words ("1 分钟 40 秒"), any
/// other value as written.
pub fn value_text(text: &str, words: &Words) -> String {
    match Duration::read(text) {
        Ok(duration) => words.duration(duration),
        Err(_) => text.to_string(),
    }
}

/// What an actual is compared with: the attainment of a duration target
/// ("90% ≤ 2 分钟", as the SLA matrix writes it), the duration, the
/// percentage, the KPI's target.
pub fn target_text(fields: &KindFields, words: &Words) -> String {
    match fields {
        KindFields::Sla(sla) => {
            let target = match sla.target {
                SlaTarget::Duration(duration) => words.duration(duration),
                SlaTarget::Percent(percent) => percent.to_string(),
            };
            match sla.attainment {
                Some(attainment) => format!("{attainment} ≤ {target}"),
                None => target,
            }
        }
        KindFields::Kpi(kpi) => value_text(&kpi.target.text, words),
        _ => String::new(),
    }
}

/// The target as written in the sources, for the review's CSV (`2m`,
/// `90% ≤ 2m` for a duration target with an attainment, `85%`, `4.5`).
pub fn target_as_written(fields: &KindFields) -> String {
    match fields {
        KindFields::Sla(sla) => match sla.attainment {
            Some(attainment) => format!("{attainment} ≤ {}", sla.target_text),
            None => sla.target_text.clone(),
        },
        KindFields::Kpi(kpi) => kpi.target.text.clone(),
        _ => String::new(),
    }
}

/// What the chart of a document's periods draws, and the unit its values
/// are written in (`None` without actuals).
pub fn series(document: &Document) -> Option<(Series, Unit)> {
    let judged = evaluation::judge(document);
    let latest = judged.last()?;
    let terms = evaluation::terms_in_force(document, latest.actual);
    let value = |number: f64, text: String| KpiValue { number, text };
    let (target, unit) = match terms {
        KindFields::Sla(sla) => match (sla.target, sla.attainment) {
            (SlaTarget::Duration(_), Some(attainment)) => {
                (value(attainment.0, attainment.to_string()), Unit::Percent)
            }
            (SlaTarget::Duration(duration), None) => (
                value(duration.seconds as f64, sla.target_text.clone()),
                Unit::Duration,
            ),
            (SlaTarget::Percent(percent), _) => {
                (value(percent.0, percent.to_string()), Unit::Percent)
            }
        },
        KindFields::Kpi(kpi) => (kpi.target.clone(), kpi.unit),
        _ => return None,
    };
    Some((
        Series {
            target,
            points: judged
                .iter()
                .map(|judged| Point {
                    period: judged.actual.period,
                    value: judged.actual.value.clone(),
                    met: judged.met,
                })
                .collect(),
        },
        unit,
    ))
}

/// The table of every period of a document (`None` without actuals).
pub fn results_table(
    document: &Document,
    words: &Words,
    result_words: &ResultWords,
) -> Option<Table> {
    let judged = evaluation::judge(document);
    if judged.is_empty() {
        return None;
    }
    Some(Table {
        title: result_words.text("results"),
        headers: ["period", "actual", "target", "status", "note"]
            .iter()
            .map(|key| result_words.text(key))
            .collect(),
        rows: judged
            .iter()
            .map(|judged| period_row(document, judged, words, result_words))
            .collect(),
    })
}

fn period_row(
    document: &Document,
    judged: &Judged<'_>,
    words: &Words,
    result_words: &ResultWords,
) -> Vec<String> {
    let terms = evaluation::terms_in_force(document, judged.actual);
    let unit = match &document.fields {
        KindFields::Sla(sla) => sla.value_unit(),
        KindFields::Kpi(kpi) => kpi.unit,
        _ => Unit::Percent,
    };
    vec![
        format!(
            "<span class=\"period\">{}</span>",
            escape(&words.period(judged.actual.period))
        ),
        escape(&words.kpi_value(unit, &judged.actual.value)),
        escape(&target_text(terms, words)),
        status_html(Some(judged.met), result_words),
        escape(judged.actual.note.as_deref().unwrap_or("")),
    ]
}

/// The current status of a document with its latest period
/// (`✓ 达标 (2026-06)`), or `None` when it has no actuals.
pub fn current_status_html(document: &Document, words: &ResultWords) -> Option<String> {
    let latest = evaluation::actuals(document).last()?;
    let met = evaluation::status(document);
    Some(format!(
        "{} <span class=\"muted\">{}</span>",
        status_html(met, words),
        escape(&latest.period_text)
    ))
}
