//! Deterministic corpus generator for benchmarks.
//!
//! ```text
//! cargo run --release --example generate_corpus -- --docs N --seed S --out DIR [--hugo DIR2]
//! ```
//!
//! Writes a complete playbook project into `DIR` (`playbook.yaml` and
//! `content/` with `N` documents of every kind in realistic proportions) that
//! `playbook check` accepts with no errors and no warnings. With `--hugo`, the
//! same bodies are also written as a Hugo site into `DIR2`, references turned
//! into `{{< ref >}}` links, so the two generators can be compared on equal
//! input.
//!
//! Registered in `Cargo.toml` as `[[example]] generate_corpus`; the package
//! sets `autobenches = false`, or Cargo would also build this file as a
//! libtest bench target (with a warning and an unused `main`).
//!
//! The same `N` and seed always give byte-identical files: every random
//! choice comes from a SplitMix64 generator seeded from the command line, and
//! nothing depends on hash-map order, the clock or the machine.
//!
//! Proportions (of `N`, rounded down, the remainder goes to FAQs): pages 1%
//! (at least 3, `content/index.md` is the home page and every fourth other
//! page is internal), requirements 12%, SLAs 20%, training plans 5%, vendors
//! 2% (internal), KPIs 10%, FAQs the rest (about 50%). At most 500 files per
//! folder (`content/faq/0000/`, `content/faq/0001/`, …).
//!
//! Measured results: a year of them (March 2025 to February 2026) for every
//! KPI (monthly, in its front matter) and every SLA (each period of its
//! window, in `data/2025-03.csv` … `data/2026-02.csv`, one file per month as
//! a contact-centre system exports them; a period is in the file of the
//! month it belongs to: a week in its Thursday's, a quarter in its last).
//!
//! Why the corpus is free of warnings:
//! - every (requirement, channel) pair of a `must` requirement gets an SLA of
//!   that channel first (requirements are demoted to `should` while there are
//!   more pairs than SLAs), so no `channel-without-sla`;
//! - an SLA satisfies only requirements that list its channel, so no
//!   `sla-channel-not-required`;
//! - no two SLAs share (requirement, channel, metric, window), so no
//!   `conflicting-slas`;
//! - the SLAs are split over the training plans in order, every plan covers
//!   at least one document, so no `sla-without-training` and no
//!   `training-covers-nothing`;
//! - the latest actual of every KPI and SLA meets its target (`kpi-missed`,
//!   `sla-missed`), and every period of a year is there (`actuals-gap`);
//! - an SLA that names its hours names every hour (`sla-hours-short`);
//! - shared documents refer only to shared documents (`link-to-left-out`);
//!   nothing is a draft, retired or has a `review_by`.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// At most this many files in one folder.
const FILES_PER_FOLDER: usize = 500;
/// Marks a folder this program wrote, so a rerun may replace its content.
const MARKER: &str = ".generated-corpus";
const CHANNELS: [(&str, &str); 4] = [
    ("phone", "电话"),
    ("chat", "在线聊天"),
    ("email", "电子邮件"),
    ("social", "社交媒体"),
];
const SITE_TITLE: &str = "基准测试客服外包手册";

// ---------------------------------------------------------------------------
// Random numbers
// ---------------------------------------------------------------------------

/// SplitMix64: tiny, fast and good enough for test data.
struct Rng(u64);

impl Rng {
    /// An independent generator for one purpose (`stream`) of one seed.
    fn derive(seed: u64, stream: u64) -> Rng {
        let mut mixer = Rng(seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03));
        Rng(mixer.next_u64())
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        debug_assert!(n > 0);
        (self.next_u64() % n as u64) as usize
    }

    /// A number in `low..=high`.
    fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.next_u64() % (high - low + 1)
    }

    /// True with the given chance in percent.
    fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// `count` distinct indices of `0..n`, in random order.
    fn distinct(&mut self, n: usize, count: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        let count = count.min(n);
        for index in 0..count {
            let other = index + self.below(n - index);
            all.swap(index, other);
        }
        all.truncate(count);
        all
    }

    /// One of a list of words.
    fn word(&mut self, words: &[&'static str]) -> &'static str {
        words[self.below(words.len())]
    }

    /// `min..=max` distinct indices of `0..n`, how many chosen at random.
    fn some(&mut self, n: usize, min: usize, max: usize) -> Vec<usize> {
        let count = min + self.below(max - min + 1);
        self.distinct(n, count)
    }
}

// ---------------------------------------------------------------------------
// Word lists
// ---------------------------------------------------------------------------

const ZH_TIME: &[&str] = &[
    "大促期间",
    "每天早班交接时",
    "节假日",
    "夜间时段",
    "月底结算前",
    "新品上线首周",
    "系统故障时",
    "周末",
    "每周例会上",
    "618 和双十一期间",
    "顾客第二次来电时",
    "收到投诉后",
];
const ZH_SUBJECT: &[&str] = &[
    "一线客服",
    "班组长",
    "质检专员",
    "供应商项目经理",
    "客服运营部",
    "培训师",
    "值班主管",
    "售后专员",
    "数据分析师",
    "排班专员",
    "二线投诉组",
];
const ZH_ADVERB: &[&str] = &[
    "需要",
    "应当",
    "必须",
    "可以",
    "会",
    "原则上",
    "尽量",
    "要及时",
];
const ZH_VERB: &[&str] = &[
    "核对", "记录", "升级", "跟进", "复盘", "更新", "回访", "抽检", "确认", "汇总", "整理",
];
const ZH_OBJECT: &[&str] = &[
    "订单状态",
    "退款进度",
    "CRM 工单",
    "IVR 菜单",
    "顾客的联系方式",
    "质检评分",
    "排班表",
    "知识库条目",
    "服务水平报表",
    "投诉原因",
    "物流信息",
    "SOP 文档",
    "话术模板",
    "满意度调查结果",
    "大促备货清单",
];
const ZH_TAIL: &[&str] = &[
    "，并在 24 小时内反馈",
    "，确保信息一致",
    "，避免顾客重复描述问题",
    "，以便月度复盘",
    "",
    "，同时通知相关部门",
    "，必要时转交二线处理",
    "，结果记入周报",
];
const EN_SUBJECT: &[&str] = &[
    "The vendor team",
    "Each agent",
    "The team lead",
    "The quality analyst",
    "The on-call supervisor",
    "The workforce planner",
    "Our operations manager",
    "The escalation desk",
    "The trainer",
];
const EN_VERB: &[&str] = &[
    "reviews",
    "updates",
    "escalates",
    "tracks",
    "confirms",
    "documents",
    "monitors",
    "summarises",
    "checks",
];
const EN_OBJECT: &[&str] = &[
    "the ticket backlog",
    "the refund status",
    "the weekly schedule",
    "the knowledge base",
    "the service level report",
    "customer feedback",
    "the call recordings",
    "the handover notes",
    "open complaints",
    "the staffing forecast",
    "the IVR routing",
];
const EN_TAIL: &[&str] = &[
    "every morning",
    "before the end of each shift",
    "within two hours",
    "during peak season",
    "after every major incident",
    "at the monthly review",
    "as soon as possible",
    "on weekdays",
    "together with the client",
];
const LINK_TEXT: &[&str] = &[
    "详见",
    "服务标准",
    "处理流程",
    "see the details",
    "the agreed target",
    "相关说明",
    "escalation rules",
    "培训安排",
    "考核口径",
    "background",
];
/// Second-level headings besides the first one of each kind. `Details`
/// appears twice on purpose (the second becomes `details-1`), next to
/// `Details 2` (`details-2`).
const HEADINGS: &[&str] = &[
    "背景",
    "Details",
    "处理流程",
    "Escalation path",
    "注意事项",
    "Examples",
    "常见问题",
    "Q&A: 客户反馈",
    "Scope & limits",
    "数据口径",
    "Checklist",
    "Details 2",
    "Details",
    "升级规则",
    "Roles and owners",
    "时间要求",
];
const AREAS: &[&str] = &[
    "售前咨询",
    "售后服务",
    "退款处理",
    "会员服务",
    "物流查询",
    "投诉处理",
    "企业采购",
    "大促保障",
    "夜间值守",
    "VIP 回访",
    "生鲜售后",
    "发票服务",
];
const REGIONS: &[&str] = &["华北", "华东", "华南", "西南", "西北", "全国"];
const OWNERS: &[&str] = &[
    "客服运营部",
    "质检组",
    "培训组",
    "供应商管理组",
    "售后服务部",
    "数据分析组",
];
const TAGS: &[&str] = &[
    "售后",
    "大促",
    "退款",
    "会员",
    "物流",
    "投诉",
    "培训",
    "质检",
    "合同",
    "排班",
    "发票",
    "满意度",
];
const FAQ_TOPICS: &[&str] = &[
    "退款",
    "换货",
    "发票",
    "会员积分",
    "物流延迟",
    "优惠券",
    "预售订单",
    "账号安全",
    "企业采购",
    "生鲜破损",
    "价格保护",
    "地址修改",
];
const FAQ_QUESTIONS: &[&str] = &[
    "多久到账",
    "怎么申请",
    "需要哪些材料",
    "可以加急吗",
    "如何查询进度",
    "有什么限制",
    "能否撤销",
    "由谁负责处理",
];
const FAQ_SCENES: &[&str] = &[
    "",
    "大促期间",
    "夜间",
    "海外订单",
    "企业客户",
    "会员",
    "预售商品",
    "",
];
const TRAINING_TYPES: &[&str] = &[
    "新员工入职培训",
    "专项技能培训",
    "季度复训",
    "质检标准培训",
    "大促前集训",
    "升级处理演练",
];
const MODULE_TITLES: &[&str] = &[
    "公司文化与价值观",
    "服务标准解读",
    "系统操作与 CRM 工单",
    "话术与语气",
    "投诉分级与升级",
    "退款与售后政策",
    "模拟接待演练",
    "跟岗实习",
    "知识库使用",
    "质检评分规则",
];
const MODULE_FORMATS: &[&str] = &[
    "workshop",
    "e-learning",
    "simulation",
    "shadowing",
    "reading",
];
const MODULE_DURATIONS: &[&str] = &["45m", "1h", "1h30m", "2h", "3h", "4h", "1d"];
const PARTICIPANTS: &[&str] = &[
    "一线客服",
    "班组长",
    "质检专员",
    "邮件专席",
    "社媒专席",
    "投诉专席",
    "培训师",
];
const VENDOR_NAMES: &[&str] = &[
    "华讯", "联创", "博远", "云畅", "恒信", "安达", "汇智", "星联", "优联", "中科",
];
const VENDOR_CITIES: &[&str] = &["成都", "西安", "合肥", "长沙", "大连", "武汉", "郑州"];
const PAGE_TOPICS: &[&str] = &[
    "大促期间的人力安排",
    "升级与投诉处理流程",
    "合同与结算说明",
    "供应商评估记录",
    "实施计划",
    "沟通机制",
    "需求分析",
    "费用说明",
    "质检与反馈",
    "应急预案",
];

// ---------------------------------------------------------------------------
// The documents
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Page,
    Requirement,
    Sla,
    Training,
    Faq,
    Vendor,
    Kpi,
}

impl Kind {
    const ALL: [Kind; 7] = [
        Kind::Page,
        Kind::Requirement,
        Kind::Sla,
        Kind::Training,
        Kind::Faq,
        Kind::Vendor,
        Kind::Kpi,
    ];

    fn name(self) -> &'static str {
        match self {
            Kind::Page => "page",
            Kind::Requirement => "requirement",
            Kind::Sla => "sla",
            Kind::Training => "training",
            Kind::Faq => "faq",
            Kind::Vendor => "vendor",
            Kind::Kpi => "kpi",
        }
    }

    fn prefix(self) -> &'static str {
        match self {
            Kind::Page => "PG",
            Kind::Requirement => "REQ",
            Kind::Sla => "SLA",
            Kind::Training => "TRN",
            Kind::Faq => "FAQ",
            Kind::Vendor => "VEN",
            Kind::Kpi => "KPI",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Kind::Page => "指南",
            Kind::Requirement => "需求",
            Kind::Sla => "服务标准",
            Kind::Training => "培训计划",
            Kind::Faq => "常见问题",
            Kind::Vendor => "供应商",
            Kind::Kpi => "KPI",
        }
    }

    /// The first heading of a body of this kind.
    fn first_heading(self) -> &'static str {
        match self {
            Kind::Page => "概述",
            Kind::Requirement => "需求说明",
            Kind::Sla => "标准",
            Kind::Training => "培训目标",
            Kind::Faq => "答复",
            Kind::Vendor => "评估摘要",
            Kind::Kpi => "口径",
        }
    }
}

/// How many documents of each kind, in the order of `Kind::ALL`.
fn counts(total: usize) -> [usize; 7] {
    let pages = (total / 100).max(3);
    let requirements = (total * 12 / 100).max(1);
    let slas = (total * 20 / 100).max(1);
    let trainings = (total * 5 / 100).max(1);
    let vendors = (total * 2 / 100).max(1);
    let kpis = (total * 10 / 100).max(1);
    let faqs = total - pages - requirements - slas - trainings - vendors - kpis;
    [pages, requirements, slas, trainings, faqs, vendors, kpis]
}

struct Sla {
    channel: usize,
    metric: &'static str,
    window: &'static str,
    target: &'static str,
    attainment: Option<&'static str>,
    satisfies: Vec<usize>,
}

struct Doc {
    kind: Kind,
    /// Number within its kind, from 0.
    number: usize,
    id: String,
    title: String,
    /// Path below `content/`, with `/`.
    path: String,
    internal: bool,
    /// `(level, text)` of every heading, in order.
    headings: Vec<(usize, String)>,
    /// The anchor of each heading.
    anchors: Vec<String>,
    /// Requirement: channel indices; FAQ: channel indices.
    channels: Vec<usize>,
    must: bool,
    sla: Option<Sla>,
}

/// Lower-case; letters and digits of any script, `-` and `_` kept; each
/// space becomes `-`; everything else dropped (GitHub's rule, as playbook).
fn slug(text: &str) -> String {
    let mut slug = String::new();
    for c in text.trim().chars() {
        if c == ' ' {
            slug.push('-');
        } else if c.is_alphanumeric() || c == '-' || c == '_' {
            slug.extend(c.to_lowercase());
        }
    }
    slug
}

/// The anchors of headings in order, repeats numbered `-1`, `-2`, ….
fn anchors(headings: &[(usize, String)]) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut anchors = Vec::new();
    for (_, text) in headings {
        let base = slug(text);
        let anchor = match seen.get(&base).copied() {
            None => {
                seen.insert(base.clone(), 0);
                base
            }
            Some(mut count) => {
                let anchor = loop {
                    count += 1;
                    let candidate = format!("{base}-{count}");
                    if !seen.contains_key(&candidate) {
                        break candidate;
                    }
                };
                seen.insert(base, count);
                seen.insert(anchor.clone(), 0);
                anchor
            }
        };
        anchors.push(anchor);
    }
    anchors
}

/// The headings of a body: the kind's first heading, three to five more
/// second-level ones, and `### 示例` under the first and sometimes the third.
fn plan_headings(kind: Kind, rng: &mut Rng) -> Vec<(usize, String)> {
    let mut headings = vec![
        (2, kind.first_heading().to_string()),
        (3, "示例".to_string()),
    ];
    let more = 3 + rng.below(3);
    for (position, index) in rng.distinct(HEADINGS.len(), more).into_iter().enumerate() {
        headings.push((2, HEADINGS[index].to_string()));
        if position == 1 && rng.chance(50) {
            headings.push((3, "示例".to_string()));
        }
    }
    headings
}

fn id_width(count: usize) -> usize {
    count.to_string().len().max(5)
}

/// Builds every document with its front-matter facts; bodies come later.
fn plan(total: usize, seed: u64) -> Vec<Doc> {
    let counts = counts(total);
    let mut rng = Rng::derive(seed, 1);
    let mut docs = Vec::with_capacity(total);
    for (kind, &count) in Kind::ALL.iter().zip(&counts) {
        let width = id_width(count);
        for number in 0..count {
            let home = *kind == Kind::Page && number == 0;
            let id = if home {
                "PG-HOME".to_string()
            } else {
                format!("{}-{:0width$}", kind.prefix(), number + 1)
            };
            let path = if home {
                "index.md".to_string()
            } else {
                format!(
                    "{}/{:04}/{}.md",
                    kind.name(),
                    number / FILES_PER_FOLDER,
                    id.to_lowercase()
                )
            };
            let internal = *kind == Kind::Vendor || (*kind == Kind::Page && number % 4 == 2);
            let headings = plan_headings(*kind, &mut rng);
            let anchors = anchors(&headings);
            let channels = match kind {
                Kind::Requirement => {
                    let mut channels = rng.some(4, 1, 3);
                    channels.sort_unstable();
                    channels
                }
                Kind::Faq => {
                    let mut channels = rng.some(4, 0, 2);
                    channels.sort_unstable();
                    channels
                }
                _ => Vec::new(),
            };
            let title = title(*kind, number, &channels, &mut rng);
            docs.push(Doc {
                kind: *kind,
                number,
                id,
                title,
                path,
                internal,
                headings,
                anchors,
                channels,
                must: *kind == Kind::Requirement && rng.chance(40),
                sla: None,
            });
        }
    }
    assign_slas(&mut docs, &mut rng);
    docs
}

fn channel_labels(channels: &[usize]) -> String {
    channels
        .iter()
        .map(|&channel| CHANNELS[channel].1)
        .collect::<Vec<_>>()
        .join("、")
}

fn title(kind: Kind, number: usize, channels: &[usize], rng: &mut Rng) -> String {
    match kind {
        Kind::Page if number == 0 => SITE_TITLE.to_string(),
        Kind::Page => format!("{}（{}）", rng.pick(PAGE_TOPICS), rng.pick(REGIONS)),
        Kind::Requirement => format!(
            "{}{}（{}）",
            rng.pick(REGIONS),
            rng.pick(AREAS),
            channel_labels(channels)
        ),
        // Filled in by `assign_slas`, which knows the channel and metric.
        Kind::Sla => String::new(),
        Kind::Training => format!("{}{}", rng.pick(AREAS), rng.pick(TRAINING_TYPES)),
        Kind::Faq => format!(
            "{}{}{}？",
            rng.pick(FAQ_SCENES),
            rng.pick(FAQ_TOPICS),
            rng.pick(FAQ_QUESTIONS)
        ),
        Kind::Vendor => format!(
            "{}客服（{}）{}号",
            rng.pick(VENDOR_NAMES),
            rng.pick(VENDOR_CITIES),
            number + 1
        ),
        Kind::Kpi => {
            let class = &KPI_CLASSES[kpi_class(number)];
            format!("{}{}", rng.pick(&CHANNELS).1, rng.pick(class.names))
        }
    }
}

const METRICS: [&str; 5] = [
    "first_response",
    "resolution",
    "abandonment",
    "csat",
    "quality",
];
const WINDOWS: [&str; 4] = ["monthly", "weekly", "quarterly", "daily"];

fn metric_label(metric: &str) -> &'static str {
    match metric {
        "first_response" => "首次响应",
        "resolution" => "问题解决",
        "abandonment" => "放弃率",
        "csat" => "顾客满意度",
        _ => "质检合格率",
    }
}

/// Gives every SLA its channel, metric, window and the requirements it
/// satisfies: first one SLA for each channel of each `must` requirement,
/// then SLAs for random requirements.
fn assign_slas(docs: &mut [Doc], rng: &mut Rng) {
    let requirements: Vec<usize> = (0..docs.len())
        .filter(|&index| docs[index].kind == Kind::Requirement)
        .collect();
    let slas: Vec<usize> = (0..docs.len())
        .filter(|&index| docs[index].kind == Kind::Sla)
        .collect();
    // Demote `must` requirements while their channels outnumber the SLAs.
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    for &requirement in &requirements {
        if !docs[requirement].must {
            continue;
        }
        let channels = docs[requirement].channels.clone();
        if pairs.len() + channels.len() > slas.len() {
            docs[requirement].must = false;
            continue;
        }
        pairs.extend(channels.into_iter().map(|channel| (requirement, channel)));
    }
    // (requirement, channel, metric, window) already promised by an SLA.
    let mut used: HashSet<(usize, usize, usize, usize)> = HashSet::new();
    for (position, &sla) in slas.iter().enumerate() {
        let (requirement, channel, metric, window) = loop {
            let (requirement, channel) = match pairs.get(position) {
                Some(&pair) => pair,
                None => {
                    let requirement = *rng.pick(&requirements);
                    (requirement, *rng.pick(&docs[requirement].channels))
                }
            };
            let metric = pick_metric(rng);
            let window = pick_window(rng);
            // The first free (metric, window) from the random one on.
            let free = (0..METRICS.len() * WINDOWS.len())
                .map(|step| {
                    let combined =
                        (metric * WINDOWS.len() + window + step) % (METRICS.len() * WINDOWS.len());
                    (combined / WINDOWS.len(), combined % WINDOWS.len())
                })
                .find(|&(metric, window)| !used.contains(&(requirement, channel, metric, window)));
            if let Some((metric, window)) = free {
                break (requirement, channel, metric, window);
            }
        };
        used.insert((requirement, channel, metric, window));
        let mut satisfies = vec![requirement];
        // Sometimes one more requirement of the same channel.
        if rng.chance(30) {
            let other = *rng.pick(&requirements);
            if other != requirement
                && docs[other].channels.contains(&channel)
                && used.insert((other, channel, metric, window))
            {
                satisfies.push(other);
            }
        }
        let metric = METRICS[metric];
        let target = sla_target(metric, CHANNELS[channel].0, rng);
        let attainment = matches!(metric, "first_response" | "resolution")
            .then(|| *rng.pick(&["80%", "85%", "90%", "95%"]));
        docs[sla].title = match attainment {
            Some(attainment) => format!(
                "{}{}{} {target}（{attainment}）",
                rng.pick(AREAS),
                CHANNELS[channel].1,
                metric_label(metric)
            ),
            None => format!(
                "{}{}{} {target}",
                rng.pick(AREAS),
                CHANNELS[channel].1,
                metric_label(metric)
            ),
        };
        docs[sla].sla = Some(Sla {
            channel,
            metric,
            window: WINDOWS[window],
            target,
            attainment,
            satisfies,
        });
    }
}

/// A realistic target for a metric on a channel: a duration for the time
/// metrics, a percentage for the others.
fn sla_target(metric: &str, channel: &str, rng: &mut Rng) -> &'static str {
    match (metric, channel) {
        ("first_response", "phone") => rng.word(&["20s", "30s", "1m"]),
        ("first_response", "chat") => rng.word(&["30s", "1m", "2m"]),
        ("first_response", "email") => rng.word(&["4h", "8h", "1d"]),
        ("first_response", _) => rng.word(&["15m", "30m", "1h"]),
        ("resolution", "email") => rng.word(&["2d", "3d", "1d12h"]),
        ("resolution", _) => rng.word(&["24h", "1d", "2d"]),
        ("abandonment", _) => rng.word(&["2.5%", "3%", "5%", "8%"]),
        ("csat", _) => rng.word(&["85%", "90%", "92.5%"]),
        _ => rng.word(&["85%", "90%", "95%"]),
    }
}

fn pick_metric(rng: &mut Rng) -> usize {
    match rng.below(100) {
        0..35 => 0,
        35..55 => 1,
        55..70 => 2,
        70..90 => 3,
        _ => 4,
    }
}

fn pick_window(rng: &mut Rng) -> usize {
    match rng.below(100) {
        0..70 => 0,
        70..85 => 1,
        85..95 => 2,
        _ => 3,
    }
}

// ---------------------------------------------------------------------------
// Bodies
// ---------------------------------------------------------------------------

/// A reference in a body, written differently for playbook and Hugo.
enum Ref {
    /// `[[ID]]`
    Wiki(usize),
    /// `[text](@ID)`
    At(usize, &'static str),
    /// `[text](@ID#anchor)`
    Anchor(usize, &'static str, String),
    /// `[text](../x/y.md)`, optionally `#anchor`
    Relative(usize, &'static str, Option<String>),
}

enum Piece {
    Text(String),
    Ref(Ref),
}

struct Body(Vec<Piece>);

impl Body {
    fn text(&mut self, text: &str) {
        match self.0.last_mut() {
            Some(Piece::Text(last)) => last.push_str(text),
            _ => self.0.push(Piece::Text(text.to_string())),
        }
    }

    fn len(&self) -> usize {
        self.0
            .iter()
            .map(|piece| match piece {
                Piece::Text(text) => text.len(),
                Piece::Ref(_) => 30,
            })
            .sum()
    }
}

fn zh_sentence(rng: &mut Rng) -> String {
    let time = if rng.chance(50) {
        format!("{}，", rng.pick(ZH_TIME))
    } else {
        String::new()
    };
    let object = rng.pick(ZH_OBJECT);
    // Chinese typography: a space between Han characters and Latin letters.
    let space = if object.starts_with(|c: char| c.is_ascii()) {
        " "
    } else {
        ""
    };
    format!(
        "{time}{}{}{}{space}{object}{}。",
        rng.pick(ZH_SUBJECT),
        rng.pick(ZH_ADVERB),
        rng.pick(ZH_VERB),
        rng.pick(ZH_TAIL)
    )
}

fn en_sentence(rng: &mut Rng) -> String {
    format!(
        "{} {} {} {}.",
        rng.pick(EN_SUBJECT),
        rng.pick(EN_VERB),
        rng.pick(EN_OBJECT),
        rng.pick(EN_TAIL)
    )
}

/// A sentence, Chinese (60%) or English, and whether it is English.
fn sentence(rng: &mut Rng) -> (String, bool) {
    if rng.chance(60) {
        (zh_sentence(rng), false)
    } else {
        (en_sentence(rng), true)
    }
}

/// A paragraph of three to six sentences, with the next pending reference
/// after the first sentence.
fn paragraph(body: &mut Body, rng: &mut Rng, pending: &mut Vec<Ref>) {
    let sentences = 3 + rng.below(4);
    // English sentences are followed by a space, Chinese ones are not.
    let mut english = false;
    for index in 0..sentences {
        let (text, is_english) = sentence(rng);
        if index > 0 && (english || is_english) {
            body.text(" ");
        }
        body.text(&text);
        english = is_english;
        if index == 0
            && let Some(reference) = pending.pop()
        {
            body.text(if english { " See " } else { "参见 " });
            body.0.push(Piece::Ref(reference));
            body.text(if english { "." } else { "。" });
        }
    }
    body.text("\n\n");
}

fn list(body: &mut Body, rng: &mut Rng) {
    let ordered = rng.chance(30);
    for index in 0..3 + rng.below(3) {
        if ordered {
            body.text(&format!("{}. ", index + 1));
        } else {
            body.text("- ");
        }
        body.text(&sentence(rng).0);
        body.text("\n");
    }
    body.text("\n");
}

fn table(body: &mut Body, rng: &mut Rng) {
    body.text("| 项目 | Target | 说明 |\n|------|--------|------|\n");
    for _ in 0..3 + rng.below(3) {
        let metric = METRICS[rng.below(METRICS.len())];
        let item = metric_label(metric);
        let target = sla_target(metric, CHANNELS[rng.below(CHANNELS.len())].0, rng);
        let note = if rng.chance(50) {
            format!("{}{}", rng.pick(ZH_VERB), rng.pick(ZH_OBJECT))
        } else {
            format!("{} {}", rng.pick(EN_VERB), rng.pick(EN_OBJECT))
        };
        body.text(&format!("| {item} | {target} | {note} |\n"));
    }
    body.text("\n");
}

/// The documents a document may refer to: shared ones (not the home page)
/// from a shared document, any from an internal one.
struct Pools {
    shared: Vec<usize>,
    all: Vec<usize>,
}

impl Pools {
    fn new(docs: &[Doc]) -> Pools {
        let all: Vec<usize> = (1..docs.len()).collect();
        let shared = all
            .iter()
            .copied()
            .filter(|&index| !docs[index].internal)
            .collect();
        Pools { shared, all }
    }

    fn target(&self, docs: &[Doc], from: usize, rng: &mut Rng) -> usize {
        let pool = if docs[from].internal {
            &self.all
        } else {
            &self.shared
        };
        loop {
            let target = *rng.pick(pool);
            if target != from {
                return target;
            }
        }
    }
}

fn body(docs: &[Doc], index: usize, pools: &Pools, seed: u64) -> Body {
    let doc = &docs[index];
    let mut rng = Rng::derive(seed, 1_000 + index as u64);
    let mut pending = vec![
        Ref::Relative(
            pools.target(docs, index, &mut rng),
            rng.word(LINK_TEXT),
            None,
        ),
        {
            let target = pools.target(docs, index, &mut rng);
            let anchor = rng.pick(&docs[target].anchors).clone();
            Ref::Anchor(target, rng.word(LINK_TEXT), anchor)
        },
        Ref::At(pools.target(docs, index, &mut rng), rng.word(LINK_TEXT)),
        Ref::Wiki(pools.target(docs, index, &mut rng)),
        Ref::Wiki(pools.target(docs, index, &mut rng)),
    ];
    if rng.chance(25)
        && let Some(Ref::Relative(target, _, anchor)) = pending.first_mut()
    {
        *anchor = Some(rng.pick(&docs[*target].anchors).clone());
    }
    let target_size = 2_800 + rng.below(500);
    let mut body = Body(Vec::new());
    let mut section = 0;
    let last_heading = doc.headings.len() - 1;
    for (position, (level, text)) in doc.headings.iter().enumerate() {
        body.text(&format!("{} {text}\n\n", "#".repeat(*level)));
        paragraph(&mut body, &mut rng, &mut pending);
        if *level == 2 {
            match section {
                1 => list(&mut body, &mut rng),
                2 => table(&mut body, &mut rng),
                _ => {}
            }
            section += 1;
        }
        if position == last_heading {
            while body.len() < target_size || !pending.is_empty() {
                paragraph(&mut body, &mut rng, &mut pending);
            }
        }
    }
    // End with exactly one newline.
    if let Some(Piece::Text(last)) = body.0.last_mut() {
        last.truncate(last.trim_end().len());
        last.push('\n');
    }
    body
}

/// The path from the folder of `from` to `to`, both below `content/`.
fn relative(from: &str, to: &str) -> String {
    let from: Vec<&str> = from.split('/').collect();
    let from = &from[..from.len() - 1];
    let to: Vec<&str> = to.split('/').collect();
    let common = from
        .iter()
        .zip(&to[..to.len() - 1])
        .take_while(|(a, b)| a == b)
        .count();
    let mut path = "../".repeat(from.len() - common);
    path.push_str(&to[common..].join("/"));
    path
}

fn render_playbook(body: &Body, docs: &[Doc], from: usize) -> String {
    let mut out = String::new();
    for piece in &body.0 {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Ref(Ref::Wiki(target)) => {
                let _ = write!(out, "[[{}]]", docs[*target].id);
            }
            Piece::Ref(Ref::At(target, text)) => {
                let _ = write!(out, "[{text}](@{})", docs[*target].id);
            }
            Piece::Ref(Ref::Anchor(target, text, anchor)) => {
                let _ = write!(out, "[{text}](@{}#{anchor})", docs[*target].id);
            }
            Piece::Ref(Ref::Relative(target, text, anchor)) => {
                let path = relative(&docs[from].path, &docs[*target].path);
                let _ = match anchor {
                    Some(anchor) => write!(out, "[{text}]({path}#{anchor})"),
                    None => write!(out, "[{text}]({path})"),
                };
            }
        }
    }
    out
}

fn hugo_path(doc: &Doc) -> String {
    if doc.path == "index.md" {
        "_index.md".to_string()
    } else {
        doc.path.clone()
    }
}

fn render_hugo(body: &Body, docs: &[Doc]) -> String {
    let mut out = String::new();
    for piece in &body.0 {
        let (target, text, anchor): (usize, &str, Option<&String>) = match piece {
            Piece::Text(text) => {
                out.push_str(text);
                continue;
            }
            Piece::Ref(Ref::Wiki(target)) => (*target, &docs[*target].title, None),
            Piece::Ref(Ref::At(target, text)) => (*target, text, None),
            Piece::Ref(Ref::Anchor(target, text, anchor)) => (*target, text, Some(anchor)),
            Piece::Ref(Ref::Relative(target, text, anchor)) => (*target, text, anchor.as_ref()),
        };
        let path = hugo_path(&docs[target]);
        let _ = match anchor {
            Some(anchor) => write!(out, "[{text}]({{{{< ref \"/{path}#{anchor}\" >}}}})"),
            None => write!(out, "[{text}]({{{{< ref \"/{path}\" >}}}})"),
        };
    }
    out
}

// ---------------------------------------------------------------------------
// Front matter
// ---------------------------------------------------------------------------

fn date(rng: &mut Rng, year: u64, months: std::ops::RangeInclusive<u64>) -> String {
    format!(
        "{year}-{:02}-{:02}",
        rng.between(*months.start(), *months.end()),
        rng.between(1, 28)
    )
}

fn id_list(docs: &[Doc], indices: &[usize]) -> String {
    let ids: Vec<&str> = indices
        .iter()
        .map(|&index| docs[index].id.as_str())
        .collect();
    format!("[{}]", ids.join(", "))
}

fn channel_list(channels: &[usize]) -> String {
    let names: Vec<&str> = channels
        .iter()
        .map(|&channel| CHANNELS[channel].0)
        .collect();
    format!("[{}]", names.join(", "))
}

fn hours(rng: &mut Rng) -> &'static str {
    rng.word(&[
        "24/7",
        "24/7",
        "daily 08:00-22:00",
        "mon-fri 09:00-21:00",
        "[mon-fri 09:00-21:00, sat-sun 10:00-18:00]",
        "mon-sat 08:30-20:30 Asia/Shanghai",
        "daily 22:00-06:00",
        "mon,wed,fri 09:00-18:00",
    ])
}

/// Formats seconds in the canonical duration spelling (`90` → `1m30s`).
fn duration(mut seconds: u64) -> String {
    let mut out = String::new();
    for (unit, factor) in [('d', 86_400), ('h', 3_600), ('m', 60), ('s', 1)] {
        if seconds >= factor {
            let _ = write!(out, "{}{unit}", seconds / factor);
            seconds %= factor;
        }
    }
    out
}

struct Context<'a> {
    docs: &'a [Doc],
    pools: &'a Pools,
    /// For each training plan (by number), the SLAs it must cover.
    coverage: Vec<Vec<usize>>,
    slas: Vec<usize>,
    /// Whether KPIs carry their year of results.
    results: bool,
}

impl Context<'_> {
    fn new<'a>(docs: &'a [Doc], pools: &'a Pools) -> Context<'a> {
        let slas: Vec<usize> = (0..docs.len())
            .filter(|&index| docs[index].kind == Kind::Sla)
            .collect();
        let plans = docs.iter().filter(|doc| doc.kind == Kind::Training).count();
        let coverage = (0..plans)
            .map(|plan| slas[plan * slas.len() / plans..(plan + 1) * slas.len() / plans].to_vec())
            .collect();
        Context {
            docs,
            pools,
            results: true,
            coverage,
            slas,
        }
    }
}

fn front_matter(context: &Context<'_>, index: usize, seed: u64) -> String {
    let docs = context.docs;
    let doc = &docs[index];
    let mut rng = Rng::derive(seed, 1_000_000_000 + index as u64);
    let mut out = String::from("---\n");
    let _ = writeln!(out, "id: {}", doc.id);
    let _ = writeln!(out, "kind: {}", doc.kind.name());
    let _ = writeln!(out, "title: \"{}\"", doc.title);
    if doc.internal {
        out.push_str("audience: internal\n");
    }
    let _ = writeln!(out, "owner: {}", rng.pick(OWNERS));
    let _ = writeln!(out, "updated: {}", date(&mut rng, 2026, 1..=2));
    let mut tags: Vec<&str> = rng
        .some(TAGS.len(), 1, 3)
        .into_iter()
        .map(|tag| TAGS[tag])
        .collect();
    tags.sort_unstable();
    let _ = writeln!(out, "tags: [{}]", tags.join(", "));
    match doc.kind {
        Kind::Page => {
            if doc.number > 0 {
                let _ = writeln!(out, "weight: {}", doc.number);
            }
        }
        Kind::Requirement => {
            let _ = writeln!(out, "channels: {}", channel_list(&doc.channels));
            let _ = writeln!(out, "hours: {}", hours(&mut rng));
            let priority = if doc.must {
                "must"
            } else if rng.chance(75) {
                "should"
            } else {
                "could"
            };
            let _ = writeln!(out, "priority: {priority}");
            let _ = writeln!(out, "volume: {}", rng.between(5, 500) * 100);
        }
        Kind::Sla => sla_fields(&mut out, docs, doc, &mut rng),
        Kind::Training => training_fields(&mut out, context, index, &mut rng),
        Kind::Faq => {
            let related: Vec<usize> = (0..rng.below(4))
                .map(|_| context.pools.target(docs, index, &mut rng))
                .collect::<Vec<_>>();
            let mut related_unique = Vec::new();
            for target in related {
                if !related_unique.contains(&target) {
                    related_unique.push(target);
                }
            }
            if !related_unique.is_empty() {
                let _ = writeln!(out, "related: {}", id_list(docs, &related_unique));
            }
            if !doc.channels.is_empty() {
                let _ = writeln!(out, "channels: {}", channel_list(&doc.channels));
            }
        }
        Kind::Vendor => {
            let _ = writeln!(out, "experience_years: {}", rng.between(1, 20));
            let _ = writeln!(out, "rating: {}.{}", rng.between(2, 4), rng.between(0, 9));
            let _ = writeln!(out, "quality: {}", rng.pick(&["high", "medium", "low"]));
            if doc.number == 0 {
                out.push_str("selected: true\n");
            }
        }
        Kind::Kpi => kpi_fields(&mut out, context, doc.number, &mut rng),
    }
    out.push_str("---\n");
    out
}

fn sla_fields(out: &mut String, docs: &[Doc], doc: &Doc, rng: &mut Rng) {
    let sla = doc.sla.as_ref().expect("every SLA is assigned");
    let channel = CHANNELS[sla.channel].0;
    let _ = writeln!(out, "channel: {channel}");
    let _ = writeln!(out, "metric: {}", sla.metric);
    let _ = writeln!(out, "target: {}", sla.target);
    if let Some(attainment) = sla.attainment {
        let _ = writeln!(out, "attainment: {attainment}");
    }
    let _ = writeln!(out, "window: {}", sla.window);
    // An SLA that names its hours names the whole week: narrower hours
    // than its requirements ask for are `sla-hours-short`.
    if rng.chance(25) {
        let _ = writeln!(out, "hours: 24/7");
    }
    let _ = writeln!(out, "satisfies: {}", id_list(docs, &sla.satisfies));
    let _ = writeln!(out, "credit: {}", rng.pick(&["0.5%", "1%", "2%", "3%"]));
}

fn training_fields(out: &mut String, context: &Context<'_>, index: usize, rng: &mut Rng) {
    let docs = context.docs;
    let doc = &docs[index];
    let mut participants: Vec<&str> = rng
        .some(PARTICIPANTS.len(), 1, 3)
        .into_iter()
        .map(|participant| PARTICIPANTS[participant])
        .collect();
    participants.sort_unstable();
    let _ = writeln!(out, "participants: [{}]", participants.join(", "));
    let _ = writeln!(
        out,
        "schedule: {{ start: {}, refresh: {} }}",
        date(rng, 2026, 3..=6),
        rng.pick(&["none", "monthly", "quarterly", "yearly"])
    );
    let _ = writeln!(out, "pass_mark: {}", rng.pick(&["80%", "85%", "90%"]));
    out.push_str("modules:\n");
    let covered = &context.coverage[doc.number];
    let modules = 2 + rng.below(4);
    for module in 0..modules {
        let mut covers: Vec<usize> = covered
            [module * covered.len() / modules..(module + 1) * covered.len() / modules]
            .to_vec();
        // A plan with no SLA of its own covers something else.
        if covered.is_empty() && module == 0 {
            covers.push(context.pools.target(docs, index, rng));
        }
        let _ = write!(
            out,
            "  - {{ title: \"{}\", duration: {}, format: {}",
            rng.pick(MODULE_TITLES),
            rng.pick(MODULE_DURATIONS),
            rng.pick(MODULE_FORMATS)
        );
        if !covers.is_empty() {
            let _ = write!(out, ", covers: {}", id_list(docs, &covers));
        }
        out.push_str(" }\n");
    }
}

/// A kind of KPI: its unit, direction, possible targets (in whole units,
/// tenths for scores) and the names it goes by.
struct KpiClass {
    unit: &'static str,
    higher: bool,
    targets: &'static [u64],
    names: &'static [&'static str],
}

const KPI_CLASSES: [KpiClass; 5] = [
    KpiClass {
        unit: "percent",
        higher: true,
        targets: &[80, 85, 88, 90, 92, 95],
        names: &["接通率", "一次解决率", "顾客满意度", "服务水平达成率"],
    },
    KpiClass {
        unit: "percent",
        higher: false,
        targets: &[3, 5, 8],
        names: &["放弃率", "投诉率", "重复来电率"],
    },
    KpiClass {
        unit: "duration",
        higher: false,
        targets: &[30, 60, 120, 300, 14_400, 86_400],
        names: &["平均首次响应时长", "平均处理时长", "平均解决时长"],
    },
    KpiClass {
        unit: "count",
        higher: false,
        targets: &[12, 30, 50, 120, 200],
        names: &["月度投诉量", "升级工单量", "超时工单数"],
    },
    KpiClass {
        unit: "score",
        higher: true,
        targets: &[40, 42, 45, 47],
        names: &["质检平均分", "满意度评分"],
    },
];

/// The class of the KPI with this number, the same in the title and the
/// fields.
fn kpi_class(number: usize) -> usize {
    match Rng::derive(number as u64, 7).below(20) {
        0..5 => 0,
        5..8 => 1,
        8..13 => 2,
        13..17 => 3,
        _ => 4,
    }
}

fn kpi_fields(out: &mut String, context: &Context<'_>, number: usize, rng: &mut Rng) {
    let class = &KPI_CLASSES[kpi_class(number)];
    let (unit, higher, target) = (class.unit, class.higher, *rng.pick(class.targets));
    let format = |value: u64| match unit {
        "percent" => format!("{value}%"),
        "duration" => duration(value),
        "count" => value.to_string(),
        _ => format!("{}.{}", value / 10, value % 10),
    };
    let _ = writeln!(out, "unit: {unit}");
    let _ = writeln!(out, "target: {}", format(target));
    let _ = writeln!(out, "better: {}", if higher { "higher" } else { "lower" });
    out.push_str("frequency: monthly\n");
    let measures: Vec<usize> = rng
        .some(context.slas.len(), 1, 3)
        .into_iter()
        .map(|sla| context.slas[sla])
        .collect();
    let _ = writeln!(out, "measures: {}", id_list(context.docs, &measures));
    if !context.results {
        return;
    }
    out.push_str("actuals:\n");
    let periods = [
        "2025-03", "2025-04", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09", "2025-10",
        "2025-11", "2025-12", "2026-01", "2026-02",
    ];
    let cap = |value: u64| match unit {
        "percent" => value.min(100),
        "score" => value.min(50),
        _ => value,
    };
    for (position, period) in periods.iter().enumerate() {
        // Around the target, ±20%; the latest one meets it.
        let spread = (target / 5).max(1);
        let value = if position + 1 == periods.len() {
            if higher {
                cap(target + rng.between(0, spread))
            } else {
                (target - rng.between(0, spread)).max(1)
            }
        } else {
            cap((target + rng.between(0, 2 * spread))
                .saturating_sub(spread)
                .max(1))
        };
        let _ = writeln!(out, "  - {{ period: {period}, value: {} }}", format(value));
    }
}

/// The months of the SLAs' data files.
const DATA_MONTHS: [(i16, i8); 12] = [
    (2025, 3),
    (2025, 4),
    (2025, 5),
    (2025, 6),
    (2025, 7),
    (2025, 8),
    (2025, 9),
    (2025, 10),
    (2025, 11),
    (2025, 12),
    (2026, 1),
    (2026, 2),
];

/// Every SLA's periods of the year, each `(month file, row)`: the value
/// meets the target but for one period in ten before the last (misses in
/// earlier months, like a real engagement's).
fn sla_rows(docs: &[Doc], slas: &[usize], seed: u64) -> Vec<((i16, i8), String)> {
    use jiff::civil::{Date, ISOWeekDate, Weekday};
    let mut rows = Vec::new();
    let (first, last) = (
        Date::new(2025, 3, 1).expect("a date"),
        Date::new(2026, 2, 28).expect("a date"),
    );
    for &index in slas {
        let doc = &docs[index];
        let sla = doc.sla.as_ref().expect("every SLA is assigned");
        let mut rng = Rng::derive(seed, 0xDA7A ^ index as u64);
        // (period as written, the month it belongs to)
        let mut periods: Vec<(String, (i16, i8))> = Vec::new();
        match sla.window {
            "daily" => {
                let mut day = first;
                while day <= last {
                    periods.push((day.to_string(), (day.year(), day.month())));
                    day = day.tomorrow().expect("a later day");
                }
            }
            "weekly" => {
                // The ISO weeks whose Thursday is in the year's months.
                let mut monday = ISOWeekDate::new(2025, 10, Weekday::Monday)
                    .expect("a week")
                    .date();
                loop {
                    let week = monday.iso_week_date();
                    let thursday = ISOWeekDate::new(week.year(), week.week(), Weekday::Thursday)
                        .expect("a week")
                        .date();
                    if thursday > last {
                        break;
                    }
                    periods.push((
                        format!("{:04}-W{:02}", week.year(), week.week()),
                        (thursday.year(), thursday.month()),
                    ));
                    monday = monday
                        .checked_add(jiff::Span::new().days(7))
                        .expect("a later week");
                }
            }
            "quarterly" => {
                for (period, month) in [("2025-Q2", 6), ("2025-Q3", 9), ("2025-Q4", 12)] {
                    periods.push((period.to_string(), (2025, month)));
                }
            }
            _ => {
                for (year, month) in DATA_MONTHS {
                    periods.push((format!("{year:04}-{month:02}"), (year, month)));
                }
            }
        }
        let count = periods.len();
        for (position, (period, month)) in periods.into_iter().enumerate() {
            let miss = position + 1 < count && rng.chance(10);
            let value = match (sla.attainment, sla.target.strip_suffix('%')) {
                (Some(attainment), _) => {
                    let level: u64 = attainment
                        .trim_end_matches('%')
                        .parse()
                        .expect("a whole attainment");
                    if miss {
                        format!("{}.5%", level.saturating_sub(rng.between(1, 5)))
                    } else {
                        format!("{}.{}%", (level + rng.between(0, 4)).min(99), rng.below(10))
                    }
                }
                // A duration or percentage target without attainment: the
                // target itself is met (equal is met, whichever way is
                // better); a miss is a little worse.
                (None, Some(percent)) if miss => {
                    let level: u64 = percent.parse().unwrap_or(50);
                    if sla.metric == "abandonment" {
                        format!("{}%", (level + 2).min(100))
                    } else {
                        format!("{}%", level.saturating_sub(2))
                    }
                }
                // Longer than any generated target.
                (None, None) if miss => "4d".to_string(),
                _ => sla.target.to_string(),
            };
            rows.push((month, format!("{},{period},{value},\n", doc.id)));
        }
    }
    rows
}

fn hugo_front_matter(doc: &Doc) -> String {
    let mut out = String::from("---\n");
    let _ = writeln!(out, "title: \"{}\"", doc.title);
    let _ = writeln!(out, "id: {}", doc.id);
    if doc.kind == Kind::Page && doc.number > 0 {
        let _ = writeln!(out, "weight: {}", doc.number);
    }
    out.push_str("---\n");
    out
}

// ---------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------

fn playbook_yaml(seed: u64) -> String {
    let mut out = format!(
        "title: {SITE_TITLE}\nversion: \"bench-{seed}\"\nlanguage: zh-Hans\ntimezone: Asia/Shanghai\nchannels:\n"
    );
    for (id, label) in CHANNELS {
        let _ = writeln!(out, "  {id}: {label}");
    }
    out.push_str(
        "audiences: [shared, internal]\neditions:\n  company: { audiences: [shared, internal] }\n  vendor: { audiences: [shared] }\n",
    );
    out
}

const HUGO_BASEOF: &str = r#"<!DOCTYPE html>
<html lang="{{ .Site.LanguageCode }}">
<head>
<meta charset="utf-8">
<title>{{ .Title }} – {{ .Site.Title }}</title>
</head>
<body>
<nav><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a>{{ range .Site.Sections }} · <a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
"#;
const HUGO_SINGLE: &str = r#"{{ define "main" }}<h1>{{ .Title }}</h1>
<p class="id">{{ .Params.id }}</p>
{{ .Content }}
{{ end }}
"#;
const HUGO_LIST: &str = r#"{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ .Params.id }})</li>{{ end }}</ul>
{{ end }}
"#;
const HUGO_INDEX: &str = r#"{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ len .RegularPagesRecursive }})</li>{{ end }}</ul>
{{ end }}
"#;

/// Empties `dir` for writing: a missing or empty folder is fine, one this
/// program wrote before loses its generated parts, anything else is refused.
fn prepare(dir: &Path, generated: &[&str]) -> io::Result<()> {
    if dir.exists() {
        let empty = fs::read_dir(dir)?.next().is_none();
        if !empty {
            if !dir.join(MARKER).exists() {
                return Err(io::Error::other(format!(
                    "{} is not empty and was not written by generate_corpus",
                    dir.display()
                )));
            }
            for name in generated {
                let path = dir.join(name);
                if path.is_dir() {
                    fs::remove_dir_all(&path)?;
                } else if path.exists() {
                    fs::remove_file(&path)?;
                }
            }
        }
    }
    fs::create_dir_all(dir)?;
    fs::write(dir.join(MARKER), "written by benches/generate_corpus.rs\n")
}

/// Writes files, creating folders as needed, and counts bytes.
struct Writer {
    root: PathBuf,
    files: usize,
    bytes: u64,
    made: HashSet<PathBuf>,
}

impl Writer {
    fn new(root: &Path) -> Writer {
        Writer {
            root: root.to_path_buf(),
            files: 0,
            bytes: 0,
            made: HashSet::new(),
        }
    }

    fn write(&mut self, path: &str, text: &str) -> io::Result<()> {
        let path = self.root.join(path);
        if let Some(parent) = path.parent()
            && !self.made.contains(parent)
        {
            fs::create_dir_all(parent)?;
            self.made.insert(parent.to_path_buf());
        }
        fs::write(&path, text)?;
        self.files += 1;
        self.bytes += text.len() as u64;
        Ok(())
    }
}

/// What to generate (public: `tests/build_equals_watch.rs` includes this
/// file as a module to generate a corpus without a second binary).
pub struct Args {
    pub docs: usize,
    pub seed: u64,
    pub out: PathBuf,
    pub hugo: Option<PathBuf>,
    /// Whether to write the year of measured results (`--results no`: the
    /// corpus as it was before issue 18, for comparisons with older runs).
    pub results: bool,
}

const USAGE: &str =
    "usage: generate_corpus --docs N --seed S --out DIR [--hugo DIR] [--results yes|no]   (N ≥ 20)";

fn parse_args() -> Result<Args, String> {
    let mut docs = None;
    let mut seed = 42;
    let mut out = None;
    let mut hugo = None;
    let mut results = true;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        match flag.as_str() {
            "--docs" => {
                docs = Some(
                    value
                        .parse::<usize>()
                        .map_err(|_| format!("--docs: `{value}` is not a number"))?,
                );
            }
            "--seed" => {
                seed = value
                    .parse()
                    .map_err(|_| format!("--seed: `{value}` is not a number"))?;
            }
            "--out" => out = Some(PathBuf::from(value)),
            "--hugo" => hugo = Some(PathBuf::from(value)),
            "--results" => {
                results = match value.as_str() {
                    "yes" => true,
                    "no" => false,
                    _ => return Err(format!("--results: `{value}` is not yes or no\n{USAGE}")),
                }
            }
            _ => return Err(format!("unknown argument `{flag}`\n{USAGE}")),
        }
    }
    let docs = docs.ok_or_else(|| format!("--docs is required\n{USAGE}"))?;
    if docs < 20 {
        return Err(format!("--docs must be at least 20\n{USAGE}"));
    }
    let out = out.ok_or_else(|| format!("--out is required\n{USAGE}"))?;
    Ok(Args {
        docs,
        seed,
        out,
        hugo,
        results,
    })
}

pub fn run(args: &Args) -> io::Result<String> {
    let docs = plan(args.docs, args.seed);
    let pools = Pools::new(&docs);
    let mut context = Context::new(&docs, &pools);
    context.results = args.results;

    prepare(&args.out, &["playbook.yaml", "content", "data"])?;
    let mut playbook = Writer::new(&args.out);
    playbook.write("playbook.yaml", &playbook_yaml(args.seed))?;
    let mut hugo = match &args.hugo {
        Some(dir) => {
            prepare(dir, &["hugo.toml", "content", "layouts"])?;
            let mut hugo = Writer::new(dir);
            hugo.write(
                "hugo.toml",
                &format!(
                    "baseURL = \"/\"\nlanguageCode = \"zh-cn\"\ntitle = \"{SITE_TITLE}\"\nhasCJKLanguage = true\ndisableKinds = [\"taxonomy\", \"term\"]\n"
                ),
            )?;
            hugo.write("layouts/_default/baseof.html", HUGO_BASEOF)?;
            hugo.write("layouts/_default/single.html", HUGO_SINGLE)?;
            hugo.write("layouts/_default/list.html", HUGO_LIST)?;
            hugo.write("layouts/index.html", HUGO_INDEX)?;
            for kind in Kind::ALL {
                hugo.write(
                    &format!("content/{}/_index.md", kind.name()),
                    &format!("---\ntitle: \"{}\"\n---\n", kind.label()),
                )?;
            }
            Some(hugo)
        }
        None => None,
    };

    for index in 0..docs.len() {
        let body = body(&docs, index, &pools, args.seed);
        let text = front_matter(&context, index, args.seed) + &render_playbook(&body, &docs, index);
        playbook.write(&format!("content/{}", docs[index].path), &text)?;
        if let Some(hugo) = &mut hugo {
            let text = hugo_front_matter(&docs[index]) + &render_hugo(&body, &docs);
            hugo.write(&format!("content/{}", hugo_path(&docs[index])), &text)?;
        }
    }

    let mut months: Vec<String> = vec!["id,period,value,note\n".to_string(); DATA_MONTHS.len()];
    let rows = if args.results {
        sla_rows(&docs, &context.slas, args.seed)
    } else {
        Vec::new()
    };
    for (month, row) in rows {
        if let Some(file) = DATA_MONTHS.iter().position(|&m| m == month) {
            months[file].push_str(&row);
        }
    }
    for ((year, month), text) in DATA_MONTHS.iter().zip(&months) {
        if !args.results {
            break;
        }
        playbook.write(&format!("data/{year:04}-{month:02}.csv"), text)?;
    }

    let counts = counts(args.docs);
    let proportions: Vec<String> = Kind::ALL
        .iter()
        .zip(counts)
        .map(|(kind, count)| format!("{count} {}", kind.name()))
        .collect();
    let mut summary = format!(
        "generate_corpus: wrote {} documents ({}) in {} bytes to {}",
        docs.len(),
        proportions.join(", "),
        playbook.bytes,
        args.out.display()
    );
    if let (Some(hugo), Some(dir)) = (&hugo, &args.hugo) {
        let _ = write!(
            summary,
            "; Hugo site: {} files in {} bytes to {}",
            hugo.files,
            hugo.bytes,
            dir.display()
        );
    }
    Ok(summary)
}

fn main() -> ExitCode {
    if std::env::args().any(|arg| arg == "-h" || arg == "--help") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("generate_corpus: {error}");
            ExitCode::FAILURE
        }
    }
}
