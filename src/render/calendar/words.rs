//! The calendar's words in the three UI languages (zh-Hans, zh-Hant, en):
//! labels of `calendar.html`, dates and date ranges, the "applies only
//! during …" notice and a day's hours in words. Kept beside the calendar
//! views rather than in `i18n.rs`, so the calendar is one folder.

use jiff::civil::Date;
use serde::Serialize;

use crate::calendar::hours::DayHours;
use crate::calendar::{DAY_MINUTES, EntryKind, clock};
use crate::config::Language;
use crate::render::format::{MonthName, english_month};

/// The labels `calendar.html` receives as `cal`.
#[derive(Clone, Debug, Serialize)]
pub struct CalendarUi {
    pub title: &'static str,
    pub intro: &'static str,
    pub legend: &'static str,
    pub weekdays: [&'static str; 7],
    pub entries: &'static str,
    pub dates: &'static str,
    pub name: &'static str,
    pub kind: &'static str,
    pub changes: &'static str,
    pub in_force: &'static str,
    pub nothing_in_force: &'static str,
    pub download_ics: &'static str,
    pub year: &'static str,
}

pub struct CalendarWords {
    pub language: Language,
}

impl CalendarWords {
    fn pick(&self, en: &'static str, hans: &'static str, hant: &'static str) -> &'static str {
        match self.language {
            Language::En => en,
            Language::ZhHans => hans,
            Language::ZhHant => hant,
        }
    }

    pub fn ui(&self) -> CalendarUi {
        CalendarUi {
            title: self.title(),
            intro: self.pick(
                "Public holidays, the weekend days worked in their place and the sales peaks, with the hours of each requirement and service level on those days.",
                "法定节假日、调休上班日和大促期间，以及每项需求和服务水平协议在这些日子的服务时间。",
                "法定節假日、調休上班日和大促期間，以及每項需求和服務水準協議在這些日子的服務時間。",
            ),
            legend: self.pick("Legend", "图例", "圖例"),
            weekdays: match self.language {
                Language::En => ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
                Language::ZhHans => ["一", "二", "三", "四", "五", "六", "日"],
                Language::ZhHant => ["一", "二", "三", "四", "五", "六", "日"],
            },
            entries: self.pick("Calendar entries", "日历条目", "日曆條目"),
            dates: self.pick("Dates", "日期", "日期"),
            name: self.pick("Name", "名称", "名稱"),
            kind: self.pick("Kind", "类型", "類型"),
            changes: self.pick("What changes", "变化", "變化"),
            in_force: self.pick("In force during the peak", "大促期间生效", "大促期間生效"),
            nothing_in_force: self.pick(
                "No requirement or service level of this edition names this peak.",
                "本版本中没有需求或服务水平协议指定此大促期间。",
                "本版本中沒有需求或服務水準協議指定此大促期間。",
            ),
            download_ics: self.pick(
                "Download for a calendar app (calendar.ics)",
                "下载到日历应用（calendar.ics）",
                "下載到日曆應用（calendar.ics）",
            ),
            year: self.pick("Year", "年份", "年份"),
        }
    }

    pub fn title(&self) -> &'static str {
        self.pick("Service calendar", "服务日历", "服務日曆")
    }

    /// The label of the page tables listing a document's entries.
    pub fn document_table(&self) -> &'static str {
        self.pick(
            "Calendar entries that change these hours",
            "服务日历中改变服务时间的日子",
            "服務日曆中改變服務時間的日子",
        )
    }

    pub fn hours_label(&self) -> &'static str {
        self.pick("Hours", "服务时间", "服務時間")
    }

    pub fn during_label(&self) -> &'static str {
        self.pick("In force", "生效期间", "生效期間")
    }

    pub fn kind(&self, kind: EntryKind) -> &'static str {
        match kind {
            EntryKind::Holiday => self.pick("holiday", "节假日", "節假日"),
            EntryKind::Workday => self.pick("working day (in lieu)", "调休上班", "調休上班"),
            EntryKind::Peak => self.pick("sales peak", "大促期间", "大促期間"),
        }
    }

    /// The one-character mark in the month grids (the colour repeats it).
    pub fn mark(&self, kind: EntryKind) -> &'static str {
        match kind {
            EntryKind::Holiday => self.pick("H", "休", "休"),
            EntryKind::Workday => self.pick("W", "班", "班"),
            EntryKind::Peak => self.pick("P", "促", "促"),
        }
    }

    pub fn month(&self, year: i16, month: i8) -> String {
        match self.language {
            Language::En => format!("{} {year}", english_month(month, MonthName::Full)),
            _ => format!("{year}年{month}月"),
        }
    }

    /// `10月1日`, `1 Oct`.
    pub fn day(&self, date: Date) -> String {
        match self.language {
            Language::En => format!(
                "{} {}",
                date.day(),
                english_month(date.month(), MonthName::Short)
            ),
            _ => format!("{}月{}日", date.month(), date.day()),
        }
    }

    /// `2026年10月1日至10月7日`, `1 Oct – 7 Oct 2026`; one day alone.
    pub fn range_with_year(&self, from: Date, to: Date) -> String {
        match self.language {
            Language::En if from == to => format!("{} {}", self.day(from), from.year()),
            Language::En => format!("{} – {} {}", self.day(from), self.day(to), to.year()),
            _ if from == to => format!("{}年{}", from.year(), self.day(from)),
            _ => format!("{}年{}至{}", from.year(), self.day(from), self.day(to)),
        }
    }

    /// `10月1日至10月7日`, `1 Oct – 7 Oct`.
    pub fn range(&self, from: Date, to: Date) -> String {
        if from == to {
            return self.day(from);
        }
        format!(
            "{}{}{}",
            self.day(from),
            self.pick(" – ", "至", "至"),
            self.day(to)
        )
    }

    /// "仅在双十一期间（10月31日至11月12日）生效".
    pub fn during_notice(&self, name: &str, from: Date, to: Date) -> String {
        let range = self.range(from, to);
        match self.language {
            Language::En => format!("Applies only during {name} ({range})."),
            Language::ZhHans => format!("仅在{name}期间（{range}）生效"),
            Language::ZhHant => format!("僅在{name}期間（{range}）生效"),
        }
    }

    /// A day's hours: "closed", "24 hours", "10:00–18:00",
    /// "22:00–06:00 (next day)"; a window in another zone names it.
    pub fn day_hours(&self, hours: &DayHours) -> String {
        match hours {
            DayHours::NotInForce => self.pick("not in force", "不适用", "不適用").to_string(),
            DayHours::AllDay => self
                .pick("24 hours", "全天 24 小时", "全天 24 小時")
                .to_string(),
            DayHours::Windows(windows) if windows.is_empty() => {
                self.pick("closed", "不提供服务", "不提供服務").to_string()
            }
            DayHours::Windows(windows) => windows
                .iter()
                .map(|window| {
                    let next_day = if window.end > DAY_MINUTES {
                        self.pick(" (next day)", "（次日）", "（次日）")
                    } else {
                        ""
                    };
                    let end = if window.end > DAY_MINUTES {
                        window.end - DAY_MINUTES
                    } else {
                        window.end
                    };
                    let zone = window
                        .timezone
                        .as_deref()
                        .map(|zone| format!(" {zone}"))
                        .unwrap_or_default();
                    format!("{}–{}{next_day}{zone}", clock(window.start), clock(end))
                })
                .collect::<Vec<_>>()
                .join(self.pick(", ", "、", "、")),
        }
    }

    /// "10月1日至10月3日：不提供服务" (a run of days with the same hours).
    pub fn run(&self, from: Date, to: Date, hours: &str) -> String {
        format!(
            "{}{}{hours}",
            self.range(from, to),
            self.pick(": ", "：", "：")
        )
    }

    pub fn separator(&self) -> &'static str {
        self.pick("; ", "；", "；")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::hours::Window;

    fn date(text: &str) -> Date {
        text.parse().unwrap()
    }

    #[test]
    fn the_peak_notice_and_hours_read_well_in_each_language() {
        let (from, to) = (date("2026-10-31"), date("2026-11-12"));
        let notice = |language| CalendarWords { language }.during_notice("双十一", from, to);
        assert_eq!(
            notice(Language::ZhHans),
            "仅在双十一期间（10月31日至11月12日）生效"
        );
        assert_eq!(
            notice(Language::ZhHant),
            "僅在双十一期間（10月31日至11月12日）生效"
        );
        assert_eq!(
            notice(Language::En),
            "Applies only during 双十一 (31 Oct – 12 Nov)."
        );
        let night = DayHours::Windows(vec![Window {
            start: 22 * 60,
            end: 30 * 60,
            timezone: None,
        }]);
        let hours = |language| CalendarWords { language }.day_hours(&night);
        assert_eq!(hours(Language::ZhHans), "22:00–06:00（次日）");
        assert_eq!(hours(Language::En), "22:00–06:00 (next day)");
        let words = CalendarWords {
            language: Language::ZhHant,
        };
        assert_eq!(words.day_hours(&DayHours::CLOSED), "不提供服務");
        assert_eq!(
            words.range_with_year(date("2026-10-01"), date("2026-10-07")),
            "2026年10月1日至10月7日"
        );
        assert_eq!(words.ui().weekdays[0], "一");
    }
}
