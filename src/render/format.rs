//! Values written the way the UI language writes them (spec section 9): the
//! one set of formatting functions every page, view and print section uses
//! for a value of the source format: durations ("1 小时 30 分钟", never
//! `1h30m`), KPI values in their unit, periods ("2026 年 5 月"), time zones
//! by the name people use ("北京时间"), SLA targets with their comparison
//! ("≥ 95%", "5 分钟内 ≥ 85%") and the punctuation around labels and
//! remarks (full-width in Chinese: "目标：1 分钟（越低越好）").
//!
//! The words themselves (field labels, enumerated values) are in `i18n`.

use super::i18n::Words;
use crate::config::Language;
use crate::content::document::{KpiValue, Metric, Sla, SlaTarget, Unit};
use crate::content::values::{Duration, Period};

/// How long a month's English name is.
#[derive(Clone, Copy)]
pub enum MonthName {
    /// "September".
    Full,
    /// "Sep".
    Short,
}

/// Month `month` (1–12) in English; empty for a month outside 1–12.
/// The one table of month names: Chinese writes the number (`5 月`).
pub fn english_month(month: i8, length: MonthName) -> &'static str {
    const FULL: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let Some(index) = usize::try_from(month)
        .ok()
        .and_then(|month| month.checked_sub(1))
    else {
        return "";
    };
    match (FULL.get(index), length) {
        (Some(name), MonthName::Full) => name,
        // Every English month's abbreviation is its first three letters.
        (Some(name), MonthName::Short) => &name[..3],
        (None, _) => "",
    }
}

impl Words {
    /// Picks the text of the UI language.
    pub fn in_language<'t>(&self, en: &'t str, hans: &'t str, hant: &'t str) -> &'t str {
        match self.language {
            Language::En => en,
            Language::ZhHans => hans,
            Language::ZhHant => hant,
        }
    }

    fn chinese(&self) -> bool {
        self.language != Language::En
    }

    /// The colon after a label: "：" in Chinese, ": " in English.
    pub fn colon(&self) -> &'static str {
        if self.chinese() { "：" } else { ": " }
    }

    /// "目标：1 分钟" / "Target: 1 min".
    pub fn labelled(&self, label: &str, value: &str) -> String {
        format!("{label}{}{value}", self.colon())
    }

    /// A remark after a value: "（越低越好）" / " (lower is better)".
    pub fn remark(&self, text: &str) -> String {
        if self.chinese() {
            format!("（{text}）")
        } else {
            format!(" ({text})")
        }
    }

    /// The separator of a list: "、" / ", ".
    pub fn list_separator(&self) -> &'static str {
        if self.chinese() { "、" } else { ", " }
    }

    /// Items as a list: "电话、在线聊天" / "phone, chat".
    pub fn list<S: AsRef<str>>(&self, items: &[S]) -> String {
        items
            .iter()
            .map(AsRef::as_ref)
            .collect::<Vec<_>>()
            .join(self.list_separator())
    }

    /// The separator of clauses of one sentence: "，" / ", ".
    pub fn comma(&self) -> &'static str {
        if self.chinese() { "，" } else { ", " }
    }

    /// The end of a sentence: "。" / ".".
    pub fn full_stop(&self) -> &'static str {
        if self.chinese() { "。" } else { "." }
    }

    /// A time zone by the name people use where the UI language has one
    /// ("北京时间" for Asia/Shanghai), else its IANA name.
    pub fn timezone(&self, iana: &str) -> String {
        let named = match iana {
            "Asia/Shanghai" | "Asia/Chongqing" | "Asia/Harbin" | "Asia/Urumqi" | "PRC" => {
                Some(("Beijing time", "北京时间", "北京時間"))
            }
            "Asia/Hong_Kong" => Some(("Hong Kong time", "香港时间", "香港時間")),
            "Asia/Macau" => Some(("Macau time", "澳门时间", "澳門時間")),
            "Asia/Taipei" => Some(("Taipei time", "台北时间", "台北時間")),
            "Asia/Singapore" => Some(("Singapore time", "新加坡时间", "新加坡時間")),
            "Asia/Tokyo" => Some(("Tokyo time", "东京时间", "東京時間")),
            "Asia/Seoul" => Some(("Seoul time", "首尔时间", "首爾時間")),
            "Asia/Kuala_Lumpur" => Some(("Kuala Lumpur time", "吉隆坡时间", "吉隆坡時間")),
            "Asia/Manila" => Some(("Manila time", "马尼拉时间", "馬尼拉時間")),
            "Asia/Bangkok" => Some(("Bangkok time", "曼谷时间", "曼谷時間")),
            "Asia/Kolkata" => Some(("India time", "印度时间", "印度時間")),
            "Europe/London" => Some(("London time", "伦敦时间", "倫敦時間")),
            "Europe/Berlin" => Some(("Berlin time", "柏林时间", "柏林時間")),
            "Europe/Paris" => Some(("Paris time", "巴黎时间", "巴黎時間")),
            "America/New_York" => Some(("New York time", "纽约时间", "紐約時間")),
            "America/Los_Angeles" => Some(("Los Angeles time", "洛杉矶时间", "洛杉磯時間")),
            "UTC" | "Etc/UTC" | "Etc/GMT" | "GMT" => Some(("UTC", "协调世界时", "世界協調時間")),
            _ => None,
        };
        match named {
            Some((en, hans, hant)) => self.in_language(en, hans, hant).to_string(),
            None => iana.to_string(),
        }
    }

    /// A KPI value in its unit: durations in words, counts with digit
    /// groups, percentages and scores as written.
    pub fn kpi_value(&self, unit: Unit, value: &KpiValue) -> String {
        match unit {
            Unit::Duration if value.number >= 0.0 => self.duration(Duration {
                seconds: value.number.round() as u64,
            }),
            Unit::Count if value.number >= 0.0 && value.number.fract() == 0.0 => {
                super::i18n::group_digits(value.number as u64)
            }
            _ => value.text.clone(),
        }
    }

    /// A period in full: "2026 年 5 月", "May 2026", "2026 年第 7 周".
    pub fn period(&self, period: Period) -> String {
        use crate::digits::{Piece::Number as N, Piece::Text as T, join};
        match (self.chinese(), period) {
            (true, Period::Month(year, month)) => {
                join(&[N(year.into()), T(" 年 "), N(month.into()), T(" 月")])
            }
            (true, Period::Week(year, week)) => join(&[
                N(year.into()),
                T(" 年第 "),
                N(week.into()),
                T(" "),
                T(self.in_language("", "周", "週")),
            ]),
            (true, Period::Quarter(year, quarter)) => {
                join(&[N(year.into()), T(" 年第 "), N(quarter.into()), T(" 季度")])
            }
            (false, Period::Month(year, month)) => join(&[
                T(english_month(month, MonthName::Full)),
                T(" "),
                N(year.into()),
            ]),
            (false, Period::Week(year, week)) => {
                join(&[T("week "), N(week.into()), T(" of "), N(year.into())])
            }
            (false, Period::Quarter(year, quarter)) => {
                join(&[T("Q"), N(quarter.into()), T(" "), N(year.into())])
            }
            (true, Period::Day(date)) => join(&[
                N(date.year().into()),
                T(" 年 "),
                N(date.month().into()),
                T(" 月 "),
                N(date.day().into()),
                T(" 日"),
            ]),
            (false, Period::Day(date)) => join(&[
                T(english_month(date.month(), MonthName::Full)),
                T(" "),
                N(date.day().into()),
                T(", "),
                N(date.year().into()),
            ]),
        }
    }

    /// A period as a chart's axis shows it: "5 月", "May", "第 7 周",
    /// "Q1"; with the year when `with_year` (the first label, and the
    /// first of each new year).
    pub fn period_short(&self, period: Period, with_year: bool) -> String {
        use crate::digits::{Piece::Number as N, Piece::Text as T, join};
        let (year, short) = match (self.chinese(), period) {
            (true, Period::Month(year, month)) => (year, join(&[N(month.into()), T(" 月")])),
            (true, Period::Week(year, week)) => (
                year,
                join(&[
                    T("第 "),
                    N(week.into()),
                    T(" "),
                    T(self.in_language("", "周", "週")),
                ]),
            ),
            (true, Period::Quarter(year, quarter)) => {
                (year, join(&[T("第 "), N(quarter.into()), T(" 季度")]))
            }
            (false, Period::Month(year, month)) => {
                (year, english_month(month, MonthName::Short).to_string())
            }
            (false, Period::Week(year, week)) => (year, join(&[T("W"), N(week.into())])),
            (false, Period::Quarter(year, quarter)) => (year, join(&[T("Q"), N(quarter.into())])),
            (true, Period::Day(date)) => (
                date.year(),
                join(&[
                    N(date.month().into()),
                    T(" 月 "),
                    N(date.day().into()),
                    T(" 日"),
                ]),
            ),
            (false, Period::Day(date)) => (
                date.year(),
                join(&[
                    T(english_month(date.month(), MonthName::Short)),
                    T(" "),
                    N(date.day().into()),
                ]),
            ),
        };
        match (with_year, self.chinese()) {
            (false, _) => short,
            (true, true) => join(&[N(year.into()), T(" 年 "), T(&short)]),
            (true, false) => join(&[T(&short), T(" "), N(year.into())]),
        }
    }

    /// An SLA's target as written: a duration in words, or a percentage.
    pub fn sla_target(&self, target: SlaTarget) -> String {
        match target {
            SlaTarget::Duration(duration) => self.duration(duration),
            SlaTarget::Percent(percent) => percent.to_string(),
        }
    }

    /// An SLA's commitment in a few characters, with its comparison:
    /// "5 分钟内 ≥ 85%" (a duration target met by a share of contacts),
    /// "≤ 5%" (abandonment), "≥ 88%" (satisfaction, quality).
    pub fn sla_commitment(&self, sla: &Sla) -> String {
        let target = self.sla_target(sla.target);
        match (sla.metric, sla.attainment) {
            (Metric::FirstResponse | Metric::Resolution, Some(attainment)) => match self.language {
                Language::En => format!("≥ {attainment} within {target}"),
                _ => format!("{target}内 ≥ {attainment}"),
            },
            (Metric::FirstResponse | Metric::Resolution, None) => match self.language {
                Language::En => format!("all within {target}"),
                _ => format!("{}{target}内", self.in_language("", "全部", "全部")),
            },
            (Metric::Abandonment, _) => format!("≤ {target}"),
            (Metric::Csat | Metric::Quality, _) => format!("≥ {target}"),
        }
    }

    /// The reading window of an SLA, as a label: "按月考核" / "monthly".
    pub fn window_label(&self, window: &str) -> String {
        match window {
            "daily" => self.in_language("measured daily", "按日考核", "按日考核"),
            "weekly" => self.in_language("measured weekly", "按周考核", "按週考核"),
            "quarterly" => self.in_language("measured quarterly", "按季度考核", "按季度考核"),
            _ => self.in_language("measured monthly", "按月考核", "按月考核"),
        }
        .to_string()
    }

    /// An edition's display name: its `label`, else the UI language's word
    /// for the company's and the vendor's edition, else its name.
    pub fn edition_label(&self, name: &str, label: Option<&str>) -> String {
        if let Some(label) = label {
            return label.to_string();
        }
        match name {
            "company" => self.in_language("Company edition", "公司版", "公司版"),
            "vendor" => self.in_language("Vendor edition", "供应商版", "供應商版"),
            other => other,
        }
        .to_string()
    }

    /// A requirement in one sentence: "电话、在线聊天渠道，每天 08:00–22:00
    /// （北京时间）；优先级：必须。"
    pub fn requirement_sentence(&self, channels: &[String], hours: &str, priority: &str) -> String {
        match self.language {
            Language::En => format!("{}, {hours}; priority: {priority}.", self.list(channels)),
            _ => format!(
                "{}{}，{hours}；{}",
                self.list(channels),
                self.in_language("", "渠道", "渠道"),
                self.labelled(
                    self.in_language("", "优先级", "優先級"),
                    &format!("{priority}。")
                )
            ),
        }
    }

    /// A training plan in one sentence: "共 10 个课程模块，合计 44 小时 30 分钟。"
    pub fn training_sentence(&self, modules: usize, total: Duration) -> String {
        let total = self.working_duration(total);
        match self.language {
            Language::En if modules == 1 => format!("1 module, {total} in all."),
            Language::En => format!("{modules} modules, {total} in all."),
            Language::ZhHans => format!("共 {modules} 个课程模块，合计 {total}。"),
            Language::ZhHant => format!("共 {modules} 個課程模組，合計 {total}。"),
        }
    }

    /// A training schedule: "2026-03-01 开始，每季度复训" / "from 2026-03-01,
    /// refreshed quarterly".
    pub fn schedule(&self, start: &str, refresh: &str, no_refresh: bool) -> String {
        match (self.language, no_refresh) {
            (Language::En, true) => format!("from {start}, {refresh}"),
            (Language::En, false) => format!("from {start}, refreshed {refresh}"),
            (Language::ZhHans, true) => format!("{start} 开始，{refresh}"),
            (Language::ZhHans, false) => format!("{start} 开始，{refresh}复训"),
            (Language::ZhHant, true) => format!("{start} 開始，{refresh}"),
            (Language::ZhHant, false) => format!("{start} 開始，{refresh}複訓"),
        }
    }

    /// A vendor's rating: "4.8（满分 5）" / "4.8 of 5".
    pub fn rating(&self, rating: f64) -> String {
        match self.language {
            Language::En => format!("{rating} of 5"),
            Language::ZhHans => format!("{rating}（满分 5）"),
            Language::ZhHant => format!("{rating}（滿分 5）"),
        }
    }

    /// A vendor in one sentence: "行业经验 7 年，客户评分 4.8（满分 5），服务质量：高。"
    pub fn vendor_sentence(&self, years: u64, rating: f64, quality: &str) -> String {
        match self.language {
            Language::En => format!(
                "{} of experience, client rating {}, service quality: {quality}.",
                self.years(years),
                self.rating(rating)
            ),
            Language::ZhHans => format!(
                "行业经验 {years} 年，客户评分 {}，服务质量：{quality}。",
                self.rating(rating)
            ),
            Language::ZhHant => format!(
                "行業經驗 {years} 年，客戶評分 {}，服務品質：{quality}。",
                self.rating(rating)
            ),
        }
    }

    /// A KPI in one sentence: "目标：1 分钟（越低越好），每月复盘。"
    pub fn kpi_sentence(&self, target: &str, better: &str, frequency: &str) -> String {
        let target = self.labelled(self.label("target"), target);
        match self.language {
            Language::En => format!("{target}{}, reviewed {frequency}.", self.remark(better)),
            Language::ZhHans => format!("{target}{}，{frequency}复盘。", self.remark(better)),
            Language::ZhHant => format!("{target}{}，{frequency}複盤。", self.remark(better)),
        }
    }

    /// A change of a value: "3 分钟 → 2 分钟".
    pub fn change(&self, from: &str, to: &str) -> String {
        format!("{from} → {to}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_months_full_and_short_and_nothing_outside_the_year() {
        assert_eq!(english_month(1, MonthName::Full), "January");
        assert_eq!(english_month(9, MonthName::Full), "September");
        assert_eq!(english_month(9, MonthName::Short), "Sep");
        assert_eq!(english_month(12, MonthName::Short), "Dec");
        for outside in [0, 13, -1, i8::MIN, i8::MAX] {
            assert_eq!(english_month(outside, MonthName::Full), "");
            assert_eq!(english_month(outside, MonthName::Short), "");
        }
    }

    fn words(language: Language) -> Words {
        Words { language }
    }

    #[test]
    fn chinese_punctuation_is_full_width() {
        let hans = words(Language::ZhHans);
        assert_eq!(hans.labelled("状态", "草稿"), "状态：草稿");
        assert_eq!(hans.remark("越低越好"), "（越低越好）");
        let en = words(Language::En);
        assert_eq!(en.labelled("Status", "draft"), "Status: draft");
        assert_eq!(en.remark("lower is better"), " (lower is better)");
    }

    #[test]
    fn time_zones_by_the_name_people_use() {
        assert_eq!(
            words(Language::ZhHans).timezone("Asia/Shanghai"),
            "北京时间"
        );
        assert_eq!(
            words(Language::ZhHant).timezone("Asia/Shanghai"),
            "北京時間"
        );
        assert_eq!(
            words(Language::En).timezone("Asia/Shanghai"),
            "Beijing time"
        );
        assert_eq!(
            words(Language::ZhHans).timezone("America/Chicago"),
            "America/Chicago"
        );
    }

    #[test]
    fn kpi_values_in_their_unit() {
        let hans = words(Language::ZhHans);
        let value = |number: f64, text: &str| KpiValue {
            number,
            text: text.to_string(),
        };
        assert_eq!(hans.kpi_value(Unit::Duration, &value(52.0, "52s")), "52 秒");
        assert_eq!(
            hans.kpi_value(Unit::Duration, &value(72.0, "1m12s")),
            "1 分钟 12 秒"
        );
        assert_eq!(hans.kpi_value(Unit::Percent, &value(95.0, "95%")), "95%");
        assert_eq!(hans.kpi_value(Unit::Count, &value(1200.0, "1200")), "1,200");
    }

    /// `period` and `period_short` as `format!` wrote them, the plain
    /// versions the hand-written ones are held to.
    fn plain_period(words: &Words, period: Period) -> String {
        match (words.chinese(), period) {
            (true, Period::Month(year, month)) => format!("{year} 年 {month} 月"),
            (true, Period::Week(year, week)) => {
                format!("{year} 年第 {week} {}", words.in_language("", "周", "週"))
            }
            (true, Period::Quarter(year, quarter)) => format!("{year} 年第 {quarter} 季度"),
            (false, Period::Month(year, month)) => {
                format!("{} {year}", english_month(month, MonthName::Full))
            }
            (false, Period::Week(year, week)) => format!("week {week} of {year}"),
            (false, Period::Quarter(year, quarter)) => format!("Q{quarter} {year}"),
            (true, Period::Day(date)) => {
                format!("{} 年 {} 月 {} 日", date.year(), date.month(), date.day())
            }
            (false, Period::Day(date)) => {
                let name = english_month(date.month(), MonthName::Full);
                format!("{name} {}, {}", date.day(), date.year())
            }
        }
    }

    fn plain_period_short(words: &Words, period: Period, with_year: bool) -> String {
        let (year, short) = match (words.chinese(), period) {
            (true, Period::Month(year, month)) => (year, format!("{month} 月")),
            (true, Period::Week(year, week)) => (
                year,
                format!("第 {week} {}", words.in_language("", "周", "週")),
            ),
            (true, Period::Quarter(year, quarter)) => (year, format!("第 {quarter} 季度")),
            (false, Period::Month(year, month)) => {
                (year, english_month(month, MonthName::Short).to_string())
            }
            (false, Period::Week(year, week)) => (year, format!("W{week}")),
            (false, Period::Quarter(year, quarter)) => (year, format!("Q{quarter}")),
            (true, Period::Day(date)) => (
                date.year(),
                format!("{} 月 {} 日", date.month(), date.day()),
            ),
            (false, Period::Day(date)) => (
                date.year(),
                format!(
                    "{} {}",
                    english_month(date.month(), MonthName::Short),
                    date.day()
                ),
            ),
        };
        match (with_year, words.chinese()) {
            (false, _) => short,
            (true, true) => format!("{year} 年 {short}"),
            (true, false) => format!("{short} {year}"),
        }
    }

    proptest::proptest! {
        #[test]
        fn periods_are_written_as_format_wrote_them(
            language in 0usize..3,
            shape in 0usize..4,
            year in -9999i16..=9999,
            number in 1i8..=53,
            with_year: bool,
        ) {
            let words = words([Language::En, Language::ZhHans, Language::ZhHant][language]);
            let period = match shape {
                0 => Period::Month(year, number.min(12)),
                1 => Period::Week(year, number),
                2 => Period::Quarter(year, number.min(4)),
                _ => Period::Day(jiff::civil::date(year, number.min(12), 28)),
            };
            proptest::prop_assert_eq!(words.period(period), plain_period(&words, period));
            proptest::prop_assert_eq!(
                words.period_short(period, with_year),
                plain_period_short(&words, period, with_year)
            );
        }
    }

    #[test]
    fn periods_in_words() {
        let hans = words(Language::ZhHans);
        assert_eq!(hans.period(Period::Month(2026, 5)), "2026 年 5 月");
        assert_eq!(hans.period(Period::Quarter(2026, 1)), "2026 年第 1 季度");
        assert_eq!(
            words(Language::ZhHant).period(Period::Week(2026, 7)),
            "2026 年第 7 週"
        );
        assert_eq!(
            words(Language::En).period(Period::Month(2026, 5)),
            "May 2026"
        );
        assert_eq!(hans.period_short(Period::Month(2026, 5), false), "5 月");
        assert_eq!(
            words(Language::En).period_short(Period::Month(2026, 5), true),
            "May 2026"
        );
    }
}
