//! The monthly service review of one edition (spec section 6): for each
//! month with an actual, every period of that month of every SLA and KPI
//! the edition contains, judged; the breaches and the service credits they
//! owe (exact decimals, capped by `service_credits.cap`); the requirements
//! whose SLAs were missed; the documents that fell silent. The views
//! (`render::review`) turn it into pages and CSV files; nothing here
//! formats for a reader.

use std::collections::BTreeMap;

use super::decimal::Decimal;
use super::{Judged, Month, expects_period_in, judge};
use crate::content::document::{Document, Kind, RefField, RefSyntax, Status};

/// One judged period of a document in the month.
#[derive(Clone, Debug)]
pub struct Row<'d> {
    pub document: &'d Document,
    pub judged: Judged<'d>,
}

impl Row<'_> {
    /// The credit this period owes: an SLA's `credit` when it was missed.
    pub fn credit_owed(&self) -> Option<Decimal> {
        (!self.judged.met && self.document.kind == Kind::Sla)
            .then_some(self.judged.credit)
            .flatten()
    }
}

/// One month's review.
#[derive(Clone, Debug)]
pub struct Review<'d> {
    pub month: Month,
    /// In the order of the documents given, then by period.
    pub rows: Vec<Row<'d>>,
    pub met: usize,
    pub missed: usize,
    /// The SLA rows that missed (each with its credit, if the SLA has one).
    pub breaches: Vec<Row<'d>>,
    /// The credits of the breaches added up, before the cap.
    pub credit_sum: Decimal,
    /// `credit_sum` capped by `service_credits.cap`.
    pub credit_total: Decimal,
    /// Requirements satisfied by an SLA missed this month, in the order of
    /// the documents given.
    pub requirements: Vec<&'d Document>,
    /// Documents with figures in earlier months but none in this one,
    /// although their cadence expected one.
    pub silent: Vec<&'d Document>,
}

impl Review<'_> {
    pub fn capped(&self) -> bool {
        self.credit_total < self.credit_sum
    }
}

/// The reviews of an edition, oldest month first. `documents` are the
/// edition's documents in the order rows are listed (navigation order):
/// its SLAs and KPIs give the rows, its requirements are those named;
/// `cap` is `service_credits.cap`.
pub fn reviews<'d>(
    documents: &[&'d Document],
    cap: Decimal,
    calendar: &crate::calendar::Calendar,
) -> Vec<Review<'d>> {
    // Each ID's document and its place in `documents` (the last one of an
    // ID, as a map collected from them keeps): requirements are listed by
    // place, and found without a scan of `documents` per breach.
    let by_id: BTreeMap<&str, (usize, &'d Document)> = documents
        .iter()
        .enumerate()
        .map(|(place, document)| (document.id.value.as_str(), (place, *document)))
        .collect();
    // Per month, its rows and the places of the documents that have them
    // (ascending: documents are visited in order), so that whether a
    // document has figures in a month is a binary search, not a scan of
    // the month's rows for each document.
    let mut months: BTreeMap<Month, (Vec<Row<'d>>, Vec<usize>)> = BTreeMap::new();
    // The first month each document has a figure in, with its place.
    let mut first_month: Vec<(usize, &'d Document, Month)> = Vec::new();
    for (place, &document) in documents.iter().enumerate() {
        if !matches!(document.kind, Kind::Sla | Kind::Kpi) {
            continue;
        }
        let judged = judge(document);
        if let Some(first) = judged.first() {
            first_month.push((place, document, first.month));
        }
        for judged in judged {
            let (rows, places) = months.entry(judged.month).or_default();
            rows.push(Row { document, judged });
            if places.last() != Some(&place) {
                places.push(place);
            }
        }
    }
    months
        .into_iter()
        .map(|(month, (rows, places))| {
            let breaches: Vec<Row<'d>> = rows
                .iter()
                .filter(|row| !row.judged.met && row.document.kind == Kind::Sla)
                .cloned()
                .collect();
            let credit_sum = breaches
                .iter()
                .filter_map(Row::credit_owed)
                .fold(Decimal::ZERO, Decimal::plus);
            // By place, each once.
            let mut requirements: BTreeMap<usize, &'d Document> = BTreeMap::new();
            for breach in &breaches {
                for reference in &breach.document.references {
                    if reference.syntax != RefSyntax::Field(RefField::Satisfies) {
                        continue;
                    }
                    if let Some(&(place, requirement)) = by_id.get(reference.target.as_str())
                        && requirement.kind == Kind::Requirement
                    {
                        requirements.insert(place, requirement);
                    }
                }
            }
            let silent = first_month
                .iter()
                .filter(|(place, document, first)| {
                    *first < month
                        && document.status != Status::Retired
                        && places.binary_search(place).is_err()
                        && expects_period_in(document, calendar, month)
                })
                .map(|(_, document, _)| *document)
                .collect();
            let met = rows.iter().filter(|row| row.judged.met).count();
            Review {
                month,
                missed: rows.len() - met,
                met,
                breaches,
                credit_total: credit_sum.min(cap),
                credit_sum,
                requirements: requirements.into_values().collect(),
                silent,
                rows,
            }
        })
        .collect()
}

/// The service review's files that some edition may hold, as root links
/// write them (`/review/index.html`, `/review/2026-06.html` and `.csv`):
/// those of every month with an actual, so a guide page may link to them.
/// The months are gathered first and each named once (a year of daily
/// results is hundreds of actuals a month, and this runs at every check).
pub fn review_paths<D: std::ops::Deref<Target = Document>>(
    documents: &[D],
) -> std::collections::BTreeSet<String> {
    let mut months = std::collections::BTreeSet::new();
    for document in documents {
        let mut last = None;
        for actual in super::actuals(document) {
            let month = super::month_of(actual.period);
            // Actuals come in runs of one month: skip the repeats cheaply.
            if last != Some(month) {
                months.insert(month);
                last = Some(month);
            }
        }
    }
    let mut paths = std::collections::BTreeSet::new();
    for month in &months {
        paths.insert(format!("/review/{month}.html"));
        paths.insert(format!("/review/{month}.csv"));
    }
    if !paths.is_empty() {
        paths.insert("/review/index.html".to_string());
    }
    paths
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn document(path: &str, text: &str) -> Document {
        let (_, document, diagnostics) =
            crate::content::load_bytes(text.as_bytes(), path, &Config::default());
        assert_eq!(diagnostics, vec![], "{text}");
        document.unwrap()
    }

    fn sla(id: &str, window: &str, credit: &str, actuals: &[(&str, &str)]) -> Document {
        let actuals: Vec<String> = actuals
            .iter()
            .map(|(period, value)| format!("  - {{ period: \"{period}\", value: \"{value}\" }}"))
            .collect();
        document(
            &format!("content/sla/{}.md", id.to_lowercase()),
            &format!(
                "---\nid: {id}\nkind: sla\ntitle: {id}\nchannel: chat\nmetric: first_response\ntarget: 2m\nattainment: 90%\nwindow: {window}\nsatisfies: [REQ-CHAT]\ncredit: {credit}\nactuals:\n{}\n---\n",
                actuals.join("\n")
            ),
        )
    }

    fn credits(documents: &[&Document], cap: &str) -> Vec<(String, usize, usize, String, String)> {
        reviews(
            documents,
            Decimal::parse(cap).unwrap(),
            &crate::calendar::Calendar::default(),
        )
        .iter()
        .map(|review| {
            (
                review.month.to_string(),
                review.met,
                review.missed,
                review.credit_sum.to_string(),
                review.credit_total.to_string(),
            )
        })
        .collect()
    }

    fn row(
        month: &str,
        met: usize,
        missed: usize,
        sum: &str,
        total: &str,
    ) -> (String, usize, usize, String, String) {
        (
            month.to_string(),
            met,
            missed,
            sum.to_string(),
            total.to_string(),
        )
    }

    /// The reviews as first written (a scan of the month's rows for each
    /// document, a scan of `documents` for each requirement's place):
    /// `reviews` must say exactly what this says.
    fn reviews_by_scans<'d>(
        documents: &[&'d Document],
        cap: Decimal,
        calendar: &crate::calendar::Calendar,
    ) -> Vec<Review<'d>> {
        let by_id: BTreeMap<&str, &Document> = documents
            .iter()
            .map(|document| (document.id.value.as_str(), *document))
            .collect();
        let mut months: BTreeMap<Month, Vec<Row<'d>>> = BTreeMap::new();
        let mut first_month: Vec<(&'d Document, Month)> = Vec::new();
        for &document in documents {
            if !matches!(document.kind, Kind::Sla | Kind::Kpi) {
                continue;
            }
            let judged = judge(document);
            if let Some(first) = judged.first() {
                first_month.push((document, first.month));
            }
            for judged in judged {
                months
                    .entry(judged.month)
                    .or_default()
                    .push(Row { document, judged });
            }
        }
        months
            .into_iter()
            .map(|(month, rows)| {
                let breaches: Vec<Row<'d>> = rows
                    .iter()
                    .filter(|row| !row.judged.met && row.document.kind == Kind::Sla)
                    .cloned()
                    .collect();
                let credit_sum = breaches
                    .iter()
                    .filter_map(Row::credit_owed)
                    .fold(Decimal::ZERO, Decimal::plus);
                let mut requirements: Vec<&'d Document> = Vec::new();
                for breach in &breaches {
                    for reference in &breach.document.references {
                        if reference.syntax != RefSyntax::Field(RefField::Satisfies) {
                            continue;
                        }
                        if let Some(&requirement) = by_id.get(reference.target.as_str())
                            && requirement.kind == Kind::Requirement
                            && !requirements.iter().any(|r| std::ptr::eq(*r, requirement))
                        {
                            requirements.push(requirement);
                        }
                    }
                }
                let position = |document: &Document| {
                    documents
                        .iter()
                        .position(|d| std::ptr::eq(*d, document))
                        .unwrap_or(usize::MAX)
                };
                requirements.sort_by_key(|document| position(document));
                let silent = first_month
                    .iter()
                    .filter(|(document, first)| {
                        *first < month
                            && document.status != Status::Retired
                            && expects_period_in(document, calendar, month)
                            && !rows.iter().any(|row| std::ptr::eq(row.document, *document))
                    })
                    .map(|(document, _)| *document)
                    .collect();
                let met = rows.iter().filter(|row| row.judged.met).count();
                Review {
                    month,
                    missed: rows.len() - met,
                    met,
                    breaches,
                    credit_total: credit_sum.min(cap),
                    credit_sum,
                    requirements,
                    silent,
                    rows,
                }
            })
            .collect()
    }

    /// Everything a review says, as text (documents by ID).
    fn said(reviews: &[Review<'_>]) -> Vec<String> {
        let rows = |rows: &[Row<'_>]| -> Vec<String> {
            rows.iter()
                .map(|row| {
                    format!(
                        "{} {} {} {:?} {:?} {:?}",
                        row.document.id.value,
                        row.judged.actual.period_text,
                        row.judged.met,
                        row.judged.credit.map(|credit| credit.to_string()),
                        row.judged.change,
                        row.credit_owed().map(|credit| credit.to_string()),
                    )
                })
                .collect()
        };
        let ids = |documents: &[&Document]| -> Vec<String> {
            documents
                .iter()
                .map(|document| document.id.value.clone())
                .collect()
        };
        reviews
            .iter()
            .map(|review| {
                format!(
                    "{} met {} missed {} sum {} total {} rows {:?} breaches {:?} requirements {:?} silent {:?}",
                    review.month,
                    review.met,
                    review.missed,
                    review.credit_sum,
                    review.credit_total,
                    rows(&review.rows),
                    rows(&review.breaches),
                    ids(&review.requirements),
                    ids(&review.silent),
                )
            })
            .collect()
    }

    /// One generated SLA or KPI: its cadence, its months with figures
    /// (1–12 of 2026), whether each is met, the requirements it satisfies
    /// (`REQ-0` to `REQ-3` exist, `REQ-4` does not), whether it is
    /// retired.
    #[derive(Clone, Debug)]
    struct Generated {
        cadence: usize,
        months: Vec<(i8, bool)>,
        satisfies: Vec<usize>,
        retired: bool,
    }

    fn generated() -> impl proptest::strategy::Strategy<Value = Generated> {
        use proptest::prelude::*;
        (
            0usize..5,
            proptest::collection::btree_map(1i8..=12, any::<bool>(), 0..6),
            proptest::collection::btree_set(0usize..5, 1..3),
            proptest::bool::weighted(0.15),
        )
            .prop_map(|(cadence, months, satisfies, retired)| Generated {
                cadence,
                months: months.into_iter().collect(),
                satisfies: satisfies.into_iter().collect(),
                retired,
            })
    }

    /// Its file: an SLA of each window (cadence 0–3, a period in each of
    /// its months: the 10th, the week of the 10th, the month, the quarter
    /// ending then or after) or a monthly KPI (4).
    fn generated_text(number: usize, generated: &Generated) -> String {
        let status = if generated.retired {
            "status: retired\n"
        } else {
            ""
        };
        let mut periods: Vec<(String, bool)> = Vec::new();
        for &(month, met) in &generated.months {
            let period = match generated.cadence {
                0 => format!("2026-{month:02}-10"),
                1 => {
                    let day = jiff::civil::date(2026, month, 10).iso_week_date();
                    format!("{}-W{:02}", day.year(), day.week())
                }
                3 => format!("2026-Q{}", (month + 2) / 3),
                _ => format!("2026-{month:02}"),
            };
            if !periods.iter().any(|(had, _)| *had == period) {
                periods.push((period, met));
            }
        }
        let actuals: String = periods
            .iter()
            .map(|(period, met)| {
                let value = if *met { "95%" } else { "80%" };
                format!("  - {{ period: \"{period}\", value: \"{value}\" }}\n")
            })
            .collect();
        let actuals = if actuals.is_empty() {
            String::new()
        } else {
            format!("actuals:\n{actuals}")
        };
        if generated.cadence == 4 {
            return format!(
                "---\nid: KPI-{number}\nkind: kpi\ntitle: KPI {number}\nunit: percent\ntarget: 90%\nbetter: higher\nfrequency: monthly\n{status}{actuals}---\n"
            );
        }
        let window = ["daily", "weekly", "monthly", "quarterly"][generated.cadence];
        let satisfies: Vec<String> = generated
            .satisfies
            .iter()
            .map(|requirement| format!("REQ-{requirement}"))
            .collect();
        format!(
            "---\nid: SLA-{number}\nkind: sla\ntitle: SLA {number}\nchannel: chat\nmetric: first_response\ntarget: 2m\nattainment: 90%\nwindow: {window}\nsatisfies: [{}]\ncredit: {}.5%\n{status}{actuals}---\n",
            satisfies.join(", "),
            number % 3,
        )
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

        /// Whatever the documents, their order and the cap, the reviews
        /// (rows, counts, credits, requirements, silent documents) are
        /// those of the scanning code.
        #[test]
        fn reviews_equal_the_scanning_reviews(
            generated in proptest::collection::vec(generated(), 0..14),
            requirements_first in proptest::bool::ANY,
            cap in 1u8..20,
        ) {
            let mut documents: Vec<Document> = (0..4)
                .map(|number| {
                    document(
                        &format!("content/requirement/req-{number}.md"),
                        &format!(
                            "---\nid: REQ-{number}\nkind: requirement\ntitle: REQ {number}\nchannels: [chat]\nhours: daily 08:00-22:00\npriority: must\nvolume: 100\n---\n"
                        ),
                    )
                })
                .collect();
            for (number, generated) in generated.iter().enumerate() {
                let folder = if generated.cadence == 4 { "kpi" } else { "sla" };
                documents.push(document(
                    &format!("content/{folder}/{number}.md"),
                    &generated_text(number, generated),
                ));
            }
            if !requirements_first {
                documents.rotate_left(4);
            }
            let documents: Vec<&Document> = documents.iter().collect();
            let cap = Decimal::parse(&cap.to_string()).unwrap();
            let calendar = crate::calendar::Calendar::default();
            proptest::prop_assert_eq!(
                said(&reviews(&documents, cap, &calendar)),
                said(&reviews_by_scans(&documents, cap, &calendar))
            );
        }
    }

    #[test]
    fn review_paths_name_each_month_of_any_actual_once_whatever_the_order() {
        let daily = sla(
            "SLA-DAY",
            "daily",
            "1%",
            &[
                ("2026-06-30", "91%"),
                ("2026-07-01", "91%"),
                ("2026-06-29", "91%"),
                ("2026-07-02", "91%"),
            ],
        );
        // Week 27 of 2026 has its Thursday on 2 July.
        let weekly = sla("SLA-WEEK", "weekly", "1%", &[("2026-W27", "91%")]);
        let quarterly = sla("SLA-QUARTER", "quarterly", "1%", &[("2026-Q3", "91%")]);
        let paths = review_paths(&[&daily, &weekly, &quarterly]);
        let expected: Vec<&str> = vec![
            "/review/2026-06.csv",
            "/review/2026-06.html",
            "/review/2026-07.csv",
            "/review/2026-07.html",
            "/review/2026-09.csv",
            "/review/2026-09.html",
            "/review/index.html",
        ];
        assert_eq!(
            paths.iter().map(String::as_str).collect::<Vec<_>>(),
            expected
        );
        let none: [&Document; 0] = [];
        assert!(review_paths(&none).is_empty());
    }

    #[test]
    fn daily_periods_credit_their_own_month() {
        let daily = sla(
            "SLA-D",
            "daily",
            "0.5%",
            &[
                ("2026-06-29", "85%"),
                ("2026-06-30", "95%"),
                ("2026-07-01", "80%"),
                ("2026-07-02", "70%"),
            ],
        );
        assert_eq!(
            credits(&[&daily], "100%"),
            [
                row("2026-06", 1, 1, "0.5", "0.5"),
                row("2026-07", 0, 2, "1", "1")
            ]
        );
    }

    #[test]
    fn weekly_periods_credit_the_month_of_their_thursday_across_a_month_boundary() {
        // W22: 25–31 May (May); W27: 29 June – 5 July (Thursday 2 July:
        // July); W31: 27 July – 2 August (Thursday 30 July: July).
        let weekly = sla(
            "SLA-W",
            "weekly",
            "1.25%",
            &[
                ("2026-W22", "80%"),
                ("2026-W27", "80%"),
                ("2026-W31", "89.9%"),
                ("2026-W26", "90%"),
            ],
        );
        assert_eq!(
            credits(&[&weekly], "100%"),
            [
                row("2026-05", 0, 1, "1.25", "1.25"),
                row("2026-06", 1, 0, "0", "0"),
                row("2026-07", 0, 2, "2.5", "2.5")
            ]
        );
    }

    #[test]
    fn monthly_periods_add_up_across_slas_exactly() {
        let a = sla(
            "SLA-A",
            "monthly",
            "0.1%",
            &[("2026-06", "89%"), ("2026-07", "91%")],
        );
        let b = sla("SLA-B", "monthly", "0.2%", &[("2026-06", "10%")]);
        let c = sla("SLA-C", "monthly", "1.5%", &[("2026-06", "90%")]);
        // 0.1 + 0.2 is exactly 0.3 (a float sum would be 0.30000000000000004).
        assert_eq!(
            credits(&[&a, &b, &c], "100%"),
            [
                row("2026-06", 1, 2, "0.3", "0.3"),
                row("2026-07", 1, 0, "0", "0")
            ]
        );
    }

    #[test]
    fn a_quarter_credits_its_last_month() {
        let quarterly = sla(
            "SLA-Q",
            "quarterly",
            "3%",
            &[("2026-Q1", "50%"), ("2026-Q2", "95%")],
        );
        assert_eq!(
            credits(&[&quarterly], "100%"),
            [
                row("2026-03", 0, 1, "3", "3"),
                row("2026-06", 1, 0, "0", "0")
            ]
        );
    }

    #[test]
    fn the_cap_limits_a_months_total_and_keeps_the_sum() {
        let a = sla(
            "SLA-A",
            "monthly",
            "10%",
            &[("2026-06", "50%"), ("2026-07", "50%")],
        );
        let b = sla("SLA-B", "monthly", "7.5%", &[("2026-06", "50%")]);
        let reviews = reviews(
            &[&a, &b],
            Decimal::parse("15%").unwrap(),
            &crate::calendar::Calendar::default(),
        );
        assert_eq!(reviews[0].credit_sum.to_string(), "17.5");
        assert_eq!(reviews[0].credit_total.to_string(), "15");
        assert!(reviews[0].capped());
        // Below the cap the total is the sum.
        assert_eq!(reviews[1].credit_total.to_string(), "10");
        assert!(!reviews[1].capped());
    }
}
