//! The words of the generated site in each UI language (`language` in
//! `playbook.yaml`): labels, badges, and the sentences that turn front-matter
//! fields into prose ("90% of chat contacts get a first response within
//! 2 min"). Templates receive the labels as `ui`.

use serde::Serialize;

use crate::config::Language;
use crate::content::document::{Kind, Metric, Priority, Status};
use crate::content::values::{DAY_NAMES, Duration, Hours, HoursRule};

/// UI labels, passed to every template as `ui`.
#[derive(Clone, Debug, Serialize)]
pub struct Ui {
    pub lang: &'static str,
    pub home: &'static str,
    pub guide: &'static str,
    pub search: &'static str,
    pub search_placeholder: &'static str,
    pub contents: &'static str,
    pub referenced_by: &'static str,
    pub left_out: &'static str,
    pub draft_banner: &'static str,
    pub retired_banner: &'static str,
    pub internal_badge: &'static str,
    pub status: &'static str,
    pub audience: &'static str,
    pub owner: &'static str,
    pub updated: &'static str,
    pub review_by: &'static str,
    pub tags: &'static str,
    pub id: &'static str,
    pub title: &'static str,
    pub not_found_title: &'static str,
    pub not_found_text: &'static str,
    pub back_home: &'static str,
    pub version: &'static str,
    pub edition: &'static str,
    pub documents: &'static str,
    pub menu: &'static str,
    pub none: &'static str,
    pub documents_all: &'static str,
    pub trace_modules: &'static str,
    pub trace_gaps: &'static str,
    pub trace_no_gap: &'static str,
    pub built_on: &'static str,
    pub target: &'static str,
    pub search_found: &'static str,
    pub search_none: &'static str,
    pub search_needs_js: &'static str,
    pub table: &'static str,
    pub skip_to_content: &'static str,
    /// The colon after a label ("：" in Chinese).
    pub colon: &'static str,
    /// The menu group of the kind indexes.
    pub kinds_group: &'static str,
    pub on_this_page: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    /// Shown on an internal document's page in the editions that have it.
    pub internal_note: &'static str,
    pub filter_by_tag: &'static str,
    pub all_tags: &'static str,
    /// "Page" in the print footer ("第 3 页").
    pub page_before: &'static str,
    pub page_after: &'static str,
    pub kinds: [&'static str; 7],
    pub kind_plural: [&'static str; 7],
    pub statuses: [&'static str; 3],
}

pub fn ui(language: Language) -> &'static Ui {
    match language {
        Language::En => &EN,
        Language::ZhHans => &ZH_HANS,
        Language::ZhHant => &ZH_HANT,
    }
}

impl Ui {
    pub fn kind(&self, kind: Kind) -> &'static str {
        self.kinds[kind as usize]
    }

    pub fn kind_plural(&self, kind: Kind) -> &'static str {
        self.kind_plural[kind as usize]
    }

    pub fn status(&self, status: Status) -> &'static str {
        self.statuses[status as usize]
    }
}

static EN: Ui = Ui {
    lang: "en",
    home: "Home",
    guide: "Guide",
    search: "Search",
    search_placeholder: "Search the handbook",
    contents: "Contents",
    referenced_by: "Referenced by",
    left_out: "internal document",
    draft_banner: "Draft: this document is not approved yet.",
    retired_banner: "Retired: this document is kept for the record and no longer applies.",
    internal_badge: "internal",
    status: "Status",
    audience: "Audience",
    owner: "Owner",
    updated: "Updated",
    review_by: "Review by",
    tags: "Tags",
    id: "ID",
    title: "Title",
    not_found_title: "Page not found",
    not_found_text: "There is no page at this address. It may have moved: documents are found by their ID.",
    back_home: "Back to the home page",
    version: "Version",
    edition: "Edition",
    documents: "documents",
    menu: "Menu",
    none: "none",
    documents_all: "All documents",
    trace_modules: "Training modules",
    trace_gaps: "Gaps",
    trace_no_gap: "no gap",
    built_on: "Built on",
    target: "Target",
    search_found: "{n} results for “{q}”",
    search_none: "Nothing found for “{q}”.",
    search_needs_js: "Search needs JavaScript.",
    table: "table",
    skip_to_content: "Skip to content",
    colon: ": ",
    kinds_group: "Documents by kind",
    on_this_page: "On this page",
    previous: "Previous",
    next: "Next",
    internal_note: "Internal document: for the company only. Do not forward it to the vendor.",
    filter_by_tag: "Filter by tag",
    all_tags: "All",
    page_before: "Page ",
    page_after: "",
    kinds: [
        "Requirement",
        "SLA",
        "Training plan",
        "FAQ",
        "Vendor",
        "KPI",
        "Guide page",
    ],
    kind_plural: [
        "Requirements",
        "Service levels",
        "Training",
        "FAQ",
        "Vendors",
        "KPIs",
        "Guide",
    ],
    statuses: ["draft", "approved", "retired"],
};

static ZH_HANS: Ui = Ui {
    lang: "zh-Hans",
    home: "首页",
    guide: "指南",
    search: "搜索",
    search_placeholder: "搜索手册",
    contents: "目录",
    referenced_by: "被以下文档引用",
    left_out: "内部文档",
    draft_banner: "草稿：本文档尚未批准。",
    retired_banner: "已停用：本文档仅作存档，不再适用。",
    internal_badge: "内部",
    status: "状态",
    audience: "受众",
    owner: "负责人",
    updated: "更新日期",
    review_by: "复核期限",
    tags: "标签",
    id: "编号",
    title: "标题",
    not_found_title: "页面不存在",
    not_found_text: "此地址没有页面，它可能已经移动：文档按编号查找。",
    back_home: "返回首页",
    version: "版本",
    edition: "版本范围",
    documents: "篇文档",
    menu: "菜单",
    none: "无",
    documents_all: "全部文档",
    trace_modules: "培训模块",
    trace_gaps: "缺口",
    trace_no_gap: "无缺口",
    built_on: "生成日期",
    target: "目标",
    search_found: "找到 {n} 条与“{q}”相关的结果",
    search_none: "没有找到与“{q}”相关的内容。",
    search_needs_js: "搜索需要启用 JavaScript。",
    table: "表格",
    skip_to_content: "跳到正文",
    colon: "：",
    kinds_group: "文档分类",
    on_this_page: "本页内容",
    previous: "上一篇",
    next: "下一篇",
    internal_note: "内部文档：仅供公司内部使用，请勿转发给供应商。",
    filter_by_tag: "按标签筛选",
    all_tags: "全部",
    page_before: "第 ",
    page_after: " 页",
    kinds: [
        "需求",
        "服务水平协议",
        "培训计划",
        "常见问题",
        "供应商",
        "绩效指标",
        "指南",
    ],
    kind_plural: [
        "需求",
        "服务水平协议",
        "培训",
        "常见问题",
        "供应商",
        "绩效指标",
        "指南",
    ],
    statuses: ["草稿", "已批准", "已停用"],
};

static ZH_HANT: Ui = Ui {
    lang: "zh-Hant",
    home: "首頁",
    guide: "指南",
    search: "搜尋",
    search_placeholder: "搜尋手冊",
    contents: "目錄",
    referenced_by: "被以下文件引用",
    left_out: "內部文件",
    draft_banner: "草稿：本文件尚未核准。",
    retired_banner: "已停用：本文件僅作存檔，不再適用。",
    internal_badge: "內部",
    status: "狀態",
    audience: "受眾",
    owner: "負責人",
    updated: "更新日期",
    review_by: "複核期限",
    tags: "標籤",
    id: "編號",
    title: "標題",
    not_found_title: "頁面不存在",
    not_found_text: "此地址沒有頁面，它可能已經移動：文件按編號查找。",
    back_home: "返回首頁",
    version: "版本",
    edition: "版本範圍",
    documents: "篇文件",
    menu: "選單",
    none: "無",
    documents_all: "全部文件",
    trace_modules: "培訓模組",
    trace_gaps: "缺口",
    trace_no_gap: "無缺口",
    built_on: "產生日期",
    target: "目標",
    search_found: "找到 {n} 筆與「{q}」相關的結果",
    search_none: "沒有找到與「{q}」相關的內容。",
    search_needs_js: "搜尋需要啟用 JavaScript。",
    table: "表格",
    skip_to_content: "跳到正文",
    colon: "：",
    kinds_group: "文件分類",
    on_this_page: "本頁內容",
    previous: "上一篇",
    next: "下一篇",
    internal_note: "內部文件：僅供公司內部使用，請勿轉寄給供應商。",
    filter_by_tag: "按標籤篩選",
    all_tags: "全部",
    page_before: "第 ",
    page_after: " 頁",
    kinds: [
        "需求",
        "服務水準協議",
        "培訓計畫",
        "常見問題",
        "供應商",
        "績效指標",
        "指南",
    ],
    kind_plural: [
        "需求",
        "服務水準協議",
        "培訓",
        "常見問題",
        "供應商",
        "績效指標",
        "指南",
    ],
    statuses: ["草稿", "已核准", "已停用"],
};

/// Field labels and value words for the facts table of each kind.
pub struct Words {
    pub language: Language,
}

impl Words {
    fn pick(&self, en: &'static str, hans: &'static str, hant: &'static str) -> &'static str {
        match self.language {
            Language::En => en,
            Language::ZhHans => hans,
            Language::ZhHant => hant,
        }
    }

    pub fn label(&self, field: &str) -> &'static str {
        match field {
            "channels" => self.pick("Channels", "渠道", "渠道"),
            "channel" => self.pick("Channel", "渠道", "渠道"),
            "hours" => self.pick("Service hours", "服务时间", "服務時間"),
            "priority" => self.pick("Priority", "优先级", "優先級"),
            "volume" => self.pick("Expected volume", "预计咨询量", "預計諮詢量"),
            "metric" => self.pick("Metric", "指标", "指標"),
            "target" => self.pick("Target", "目标", "目標"),
            "attainment" => self.pick("Attainment", "达标比例", "達標比例"),
            "window" => self.pick("Measured", "统计周期", "統計週期"),
            "satisfies" => self.pick("Satisfies", "满足需求", "滿足需求"),
            "credit" => self.pick(
                "Service credit per breach",
                "每次违约服务抵扣",
                "每次違約服務抵扣",
            ),
            "modules" => self.pick("Modules", "课程模块", "課程模組"),
            "participants" => self.pick("Participants", "参训人员", "參訓人員"),
            "schedule" => self.pick("Schedule", "日程", "日程"),
            "pass_mark" => self.pick("Pass mark", "合格线", "合格線"),
            "duration" => self.pick("Duration", "时长", "時長"),
            "format" => self.pick("Format", "形式", "形式"),
            "covers" => self.pick("Covers", "涵盖", "涵蓋"),
            "related" => self.pick("Related", "相关文档", "相關文件"),
            "experience_years" => self.pick("Experience", "行业经验", "行業經驗"),
            "rating" => self.pick("Client rating", "客户评分", "客戶評分"),
            "quality" => self.pick("Service quality", "服务质量", "服務品質"),
            "selected" => self.pick("Selected", "是否选定", "是否選定"),
            "unit" => self.pick("Unit", "单位", "單位"),
            "better" => self.pick("Better when", "方向", "方向"),
            "frequency" => self.pick("Reviewed", "复盘频率", "複盤頻率"),
            "measures" => self.pick("Measures", "衡量的 SLA", "衡量的 SLA"),
            "actuals" => self.pick("Actuals", "实际值", "實際值"),
            "period" => self.pick("Period", "周期", "週期"),
            "value" => self.pick("Value", "数值", "數值"),
            _ => "",
        }
    }

    /// Words of the views (matrices, schedule, dashboard, trace, print).
    pub fn text(&self, key: &str) -> &'static str {
        match key {
            "by_channel" => self.pick("Requirements by channel", "按渠道查看需求", "按渠道查看需求"),
            "no_requirement" => self.pick("no requirement", "无需求", "無需求"),
            "sla_matrix" => self.pick("Service levels by channel and metric", "服务水平矩阵（渠道 × 指标）", "服務水準矩陣（渠道 × 指標）"),
            "matrix_note" => self.pick(
                "Measured monthly unless marked otherwise. Where a cell holds several service levels (a peak season's beside the usual one), each is named under its figure.",
                "除另有标注外，均按月考核。一格中有多项服务水平协议时（如大促期间与平日各一项），每项数值下注明其名称。",
                "除另有標註外，均按月考核。一格中有多項服務水準協議時（如大促期間與平日各一項），每項數值下註明其名稱。",
            ),
            "training_schedule" => self.pick("Training schedule", "培训日程", "培訓日程"),
            "start" => self.pick("Starts", "开始日期", "開始日期"),
            "refresh" => self.pick("Refresher", "复训周期", "複訓週期"),
            "next_session" => self.pick("Next session", "下次培训", "下次培訓"),
            "total_duration" => self.pick("Total time", "总时长", "總時長"),
            "untagged" => self.pick("Other questions", "其他问题", "其他問題"),
            "vendor_comparison" => self.pick("Vendor comparison", "供应商对比", "供應商對比"),
            "met" => self.pick("met", "达标", "達標"),
            "missed" => self.pick("missed", "未达标", "未達標"),
            "latest" => self.pick("Latest", "最新", "最新"),
            "chart_title" => self.pick("actuals against target", "实际值与目标", "實際值與目標"),
            "target_line" => self.pick("Target", "目标", "目標"),
            "trace" => self.pick("Traceability", "追溯矩阵", "追溯矩陣"),
            "trace_intro" => self.pick(
                "Each requirement with the service levels that satisfy it, the training modules that cover them, the KPIs that measure them and the related questions. Gaps are named in the second column.",
                "每项需求对应的服务水平协议、涵盖这些协议的培训模块、衡量它们的绩效指标以及相关常见问题。缺口在第二列说明。",
                "每項需求對應的服務水準協議、涵蓋這些協議的培訓模組、衡量它們的績效指標以及相關常見問題。缺口在第二欄說明。",
            ),
            "gaps" => self.pick("Gaps", "缺口", "缺口"),
            "no_gap" => self.pick("none", "无", "無"),
            "training_modules" => self.pick("Training modules", "培训模块", "培訓模組"),
            "print" => self.pick("Print edition", "打印版", "列印版"),
            "built_on" => self.pick("Built on", "生成日期", "產生日期"),
            _ => "",
        }
    }

    pub fn gap_no_sla(&self) -> String {
        self.pick(
            "Gap: no service level satisfies this requirement.",
            "缺口：没有任何服务水平协议满足此需求。",
            "缺口：沒有任何服務水準協議滿足此需求。",
        )
        .to_string()
    }

    pub fn gap_no_training(&self, sla: &str) -> String {
        match self.language {
            Language::En => format!("Gap: no training module covers “{sla}”."),
            Language::ZhHans => format!("缺口：没有培训模块涵盖“{sla}”。"),
            Language::ZhHant => format!("缺口：沒有培訓模組涵蓋「{sla}」。"),
        }
    }

    pub fn yes_no(&self, yes: bool) -> &'static str {
        if yes {
            self.pick("yes", "是", "是")
        } else {
            self.pick("no", "否", "否")
        }
    }

    pub fn priority(&self, priority: Priority) -> &'static str {
        match priority {
            Priority::Must => self.pick("must", "必须", "必須"),
            Priority::Should => self.pick("should", "应该", "應該"),
            Priority::Could => self.pick("could", "可选", "可選"),
        }
    }

    pub fn metric(&self, metric: Metric) -> &'static str {
        match metric {
            Metric::FirstResponse => self.pick("first response", "首次响应", "首次回應"),
            Metric::Resolution => self.pick("resolution", "解决时长", "解決時長"),
            Metric::Abandonment => self.pick("abandonment rate", "放弃率", "放棄率"),
            Metric::Csat => self.pick(
                "customer satisfaction (CSAT)",
                "顾客满意度（CSAT）",
                "顧客滿意度（CSAT）",
            ),
            Metric::Quality => self.pick("quality score (QA)", "质检得分（QA）", "質檢得分（QA）"),
        }
    }

    pub fn period_word(&self, word: &str) -> &'static str {
        match word {
            "daily" => self.pick("daily", "每日", "每日"),
            "weekly" => self.pick("weekly", "每周", "每週"),
            "monthly" => self.pick("monthly", "每月", "每月"),
            "quarterly" => self.pick("quarterly", "每季度", "每季度"),
            "yearly" => self.pick("yearly", "每年", "每年"),
            "none" => self.pick("no refresher", "不复训", "不複訓"),
            _ => "",
        }
    }

    pub fn module_format(&self, format: &str) -> &'static str {
        match format {
            "workshop" => self.pick("workshop", "工作坊", "工作坊"),
            "e-learning" => self.pick("e-learning", "在线学习", "線上學習"),
            "simulation" => self.pick("simulation", "情景模拟", "情境模擬"),
            "shadowing" => self.pick("shadowing", "跟岗", "跟崗"),
            "reading" => self.pick("reading", "自学阅读", "自學閱讀"),
            _ => "",
        }
    }

    pub fn quality(&self, quality: &str) -> &'static str {
        match quality {
            "high" => self.pick("high", "高", "高"),
            "medium" => self.pick("medium", "中", "中"),
            "low" => self.pick("low", "低", "低"),
            _ => "",
        }
    }

    pub fn better(&self, higher: bool) -> &'static str {
        if higher {
            self.pick("higher is better", "越高越好", "越高越好")
        } else {
            self.pick("lower is better", "越低越好", "越低越好")
        }
    }

    pub fn unit(&self, unit: &str) -> &'static str {
        match unit {
            "percent" => self.pick("percent", "百分比", "百分比"),
            "duration" => self.pick("duration", "时长", "時長"),
            "count" => self.pick("count", "次数", "次數"),
            "score" => self.pick("score", "分数", "分數"),
            _ => "",
        }
    }

    pub fn documents(&self, count: usize) -> String {
        match self.language {
            Language::En if count == 1 => "1 document".to_string(),
            Language::En => format!("{count} documents"),
            Language::ZhHans => format!("{count} 篇文档"),
            Language::ZhHant => format!("{count} 篇文件"),
        }
    }

    /// The menu's link to the home page's list of every guide page.
    pub fn all_guide_pages(&self, count: usize) -> String {
        match self.language {
            Language::En => format!("All guide pages ({count})"),
            Language::ZhHans => format!("全部指南（{count} 篇）"),
            Language::ZhHant => format!("全部指南（{count} 篇）"),
        }
    }

    pub fn years(&self, years: u64) -> String {
        match self.language {
            Language::En => format!("{years} year{}", if years == 1 { "" } else { "s" }),
            _ => format!("{years} 年"),
        }
    }

    pub fn per_month(&self, volume: u64) -> String {
        match self.language {
            Language::En => format!("{} contacts a month", group_digits(volume)),
            Language::ZhHans => format!("每月 {} 次", group_digits(volume)),
            Language::ZhHant => format!("每月 {} 次", group_digits(volume)),
        }
    }

    pub fn duration(&self, duration: Duration) -> String {
        self.duration_in(duration, true)
    }

    /// A duration in hours and smaller units (training time is counted in
    /// hours, not calendar days).
    pub fn working_duration(&self, duration: Duration) -> String {
        self.duration_in(duration, false)
    }

    fn duration_in(&self, duration: Duration, with_days: bool) -> String {
        // Days only from two days up: service levels say "24 hours", not "1 day".
        let with_days = with_days && duration.seconds >= 2 * 86_400;
        let units: [(u64, &str, &str, &str); 4] = [
            (
                if with_days { 86_400 } else { u64::MAX },
                " d",
                " 天",
                " 天",
            ),
            (3_600, " h", " 小时", " 小時"),
            (60, " min", " 分钟", " 分鐘"),
            (1, " s", " 秒", " 秒"),
        ];
        let mut rest = duration.seconds;
        // Written piece by piece (every duration of a year of results
        // passes here).
        let mut text = String::with_capacity(32);
        for (factor, en, hans, hant) in units {
            if rest >= factor {
                if !text.is_empty() {
                    text.push(' ');
                }
                crate::digits::push_u64(&mut text, rest / factor);
                text.push_str(self.pick(en, hans, hant));
                rest %= factor;
            }
        }
        text
    }

    /// "Mon–Fri 09:00–18:00 (Beijing time)"; "每天 08:00–22:00（北京时间）";
    /// "24/7". The time zone is named once when every rule shares it.
    pub fn hours(&self, hours: &Hours, default_timezone: &str) -> String {
        match hours {
            Hours::Always => self.pick("24/7", "7×24 小时", "7×24 小時").to_string(),
            Hours::Rules(rules) => {
                fn zone_of<'r>(rule: &'r HoursRule, default: &'r str) -> &'r str {
                    rule.timezone.as_deref().unwrap_or(default)
                }
                let shared_zone = rules
                    .first()
                    .map(|rule| zone_of(rule, default_timezone))
                    .filter(|first| {
                        rules
                            .iter()
                            .all(|rule| zone_of(rule, default_timezone) == *first)
                    });
                let text = rules
                    .iter()
                    .map(|rule| {
                        let window = self.hours_rule(rule);
                        match shared_zone {
                            Some(_) => window,
                            None => format!(
                                "{window}{}",
                                self.remark(&self.timezone(zone_of(rule, default_timezone)))
                            ),
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(self.pick("; ", "；", "；"));
                match shared_zone {
                    Some(zone) => format!("{text}{}", self.remark(&self.timezone(zone))),
                    None => text,
                }
            }
        }
    }

    fn hours_rule(&self, rule: &HoursRule) -> String {
        let days = self.days(&rule.days_text);
        let end = rule
            .end
            .map(|end| end.strftime("%H:%M").to_string())
            .unwrap_or_else(|| "24:00".to_string());
        let next_day = if rule.crosses_midnight() {
            self.pick(" (next day)", "（次日）", "（次日）")
        } else {
            ""
        };
        format!("{days} {}–{end}{next_day}", rule.start.strftime("%H:%M"))
    }

    fn days(&self, text: &str) -> String {
        if text == "daily" {
            return self.pick("daily", "每天", "每天").to_string();
        }
        let separator = self.pick(", ", "、", "、");
        text.split(',')
            .map(|item| match item.split_once('-') {
                Some((from, to)) => format!(
                    "{}{}{}",
                    self.day(from),
                    self.pick("–", "至", "至"),
                    self.day(to)
                ),
                None => self.day(item).to_string(),
            })
            .collect::<Vec<_>>()
            .join(separator)
    }

    fn day(&self, name: &str) -> &'static str {
        const EN_DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        const HANS_DAYS: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
        const HANT_DAYS: [&str; 7] = ["週一", "週二", "週三", "週四", "週五", "週六", "週日"];
        let index = DAY_NAMES.iter().position(|&day| day == name).unwrap_or(0);
        self.pick(EN_DAYS[index], HANS_DAYS[index], HANT_DAYS[index])
    }

    /// The service level as one sentence, e.g. "90% of chat contacts get a
    /// first response within 2 min, measured monthly, 24/7."
    pub fn sla_sentence(&self, sla: &SlaSentence<'_>) -> String {
        let hours = sla
            .hours
            .as_deref()
            .unwrap_or(self.pick("at all hours", "全天候", "全天候"));
        let window = self.period_word(sla.window);
        match (self.language, sla.metric) {
            (Language::En, Metric::FirstResponse | Metric::Resolution) => {
                let share = sla.attainment.as_deref().unwrap_or("All");
                let verb = if sla.metric == Metric::FirstResponse {
                    "get a first response"
                } else {
                    "are resolved"
                };
                format!(
                    "{share} of {} contacts {verb} within {}, measured {window}, {hours}.",
                    sla.channel, sla.target
                )
            }
            (Language::En, Metric::Abandonment) => format!(
                "At most {} of {} contacts abandoned before an answer, measured {window}, {hours}.",
                sla.target, sla.channel
            ),
            (Language::En, Metric::Csat) => format!(
                "Customer satisfaction (CSAT) on {} of at least {}, measured {window}, {hours}.",
                sla.channel, sla.target
            ),
            (Language::En, Metric::Quality) => format!(
                "Quality score (QA) on {} of at least {}, measured {window}, {hours}.",
                sla.channel, sla.target
            ),
            (_, Metric::FirstResponse | Metric::Resolution) => {
                let share = sla
                    .attainment
                    .as_deref()
                    .map(|a| format!("{a} 的"))
                    .unwrap_or_else(|| self.pick("", "全部", "全部").to_string());
                let verb = if sla.metric == Metric::FirstResponse {
                    self.pick("", "内首次响应", "內首次回應")
                } else {
                    self.pick("", "内解决", "內解決")
                };
                format!(
                    "{share}{}咨询在 {}{verb}，{window}统计，{hours}。",
                    sla.channel, sla.target
                )
            }
            (_, Metric::Abandonment) => format!(
                "{}放弃率不超过 {}，{window}统计，{hours}。",
                sla.channel, sla.target
            ),
            (_, Metric::Csat) => format!(
                "{}顾客满意度（CSAT）不低于 {}，{window}统计，{hours}。",
                sla.channel, sla.target
            ),
            (_, Metric::Quality) => format!(
                "{}质检得分（QA）不低于 {}，{window}统计，{hours}。",
                sla.channel, sla.target
            ),
        }
    }
}

/// The parts of an SLA sentence, already in words.
pub struct SlaSentence<'a> {
    pub channel: &'a str,
    pub metric: Metric,
    pub target: String,
    pub attainment: Option<String>,
    pub window: &'a str,
    pub hours: Option<String>,
}

/// `12000` → `12,000`.
pub fn group_digits(number: u64) -> String {
    let digits = number.to_string();
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::values::{Percent, parse_hours_rule};

    #[test]
    fn sla_reads_as_a_sentence() {
        let words = Words {
            language: Language::En,
        };
        let hours = parse_hours_rule("mon-fri 09:00-18:00", &|_| true).unwrap();
        let sentence = words.sla_sentence(&SlaSentence {
            channel: "phone",
            metric: Metric::FirstResponse,
            target: words.duration(Duration { seconds: 20 }),
            attainment: Some(Percent(80.0).to_string()),
            window: "monthly",
            hours: Some(words.hours(&hours, "Asia/Shanghai")),
        });
        assert_eq!(
            sentence,
            "80% of phone contacts get a first response within 20 s, measured monthly, Mon–Fri 09:00–18:00 (Beijing time)."
        );
        let words = Words {
            language: Language::ZhHans,
        };
        assert_eq!(words.duration(Duration { seconds: 5400 }), "1 小时 30 分钟");
        assert_eq!(group_digits(1234567), "1,234,567");
    }
}
