//! `playbook init [DIR]`: a new, minimal, valid project: `playbook.yaml`, a
//! home page and one document of each kind, for an example online shop.
//! Writes nothing when any of its files exists already.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::failure;

/// The files of a new project, relative to its folder, in the order written.
pub const FILES: [(&str, &str); 10] = [
    ("playbook.yaml", CONFIG),
    ("content/index.md", HOME),
    ("content/requirement/req-chat.md", REQUIREMENT),
    ("content/sla/sla-chat-first-response.md", SLA),
    ("content/training/trn-chat-onboarding.md", TRAINING),
    ("content/faq/faq-order-status.md", FAQ),
    ("content/vendor/ven-example-contact.md", VENDOR),
    ("content/kpi/kpi-chat-first-response.md", KPI),
    ("content/page/pg-escalation.md", PAGE),
    ("data/chat-platform-2026-q1.csv", DATA),
];

pub fn run(dir: Option<&Path>) -> ExitCode {
    let dir = dir.unwrap_or(Path::new("."));
    if dir.exists() && !dir.is_dir() {
        eprintln!("error: `{}` is not a folder", dir.display());
        return failure();
    }
    // `symlink_metadata` also sees a dangling symlink, which writing would
    // follow.
    let existing: Vec<PathBuf> = FILES
        .iter()
        .map(|(path, _)| dir.join(path))
        .filter(|path| path.symlink_metadata().is_ok())
        .collect();
    if !existing.is_empty() {
        for path in &existing {
            eprintln!("error: `{}` already exists", path.display());
        }
        eprintln!(
            "playbook init writes nothing over existing files; nothing was written. Choose an empty folder: playbook init NEW-FOLDER"
        );
        return failure();
    }
    for (path, text) in FILES {
        let path = dir.join(path);
        if let Err(error) = super::new::write_new(&path, text) {
            eprintln!("error: cannot write `{}`: {error}", path.display());
            return failure();
        }
        println!("wrote {}", path.display());
    }
    let root = if dir == Path::new(".") {
        String::new()
    } else {
        format!(" --root {}", shell_word(&dir.display().to_string()))
    };
    println!();
    println!("Next:");
    println!("  playbook check{root}    # check every document");
    println!("  playbook build{root}    # write the site to public/company/ and public/vendor/");
    println!("  playbook new sla SLA-EMAIL-FIRST-RESPONSE{root}    # add a document");
    ExitCode::SUCCESS
}

/// The path as one shell word (quoted when it has to be).
fn shell_word(text: &str) -> String {
    let plain = text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c));
    if plain && !text.is_empty() {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

const CONFIG: &str = r#"# playbook.yaml: the configuration of this handbook. Every key is optional;
# a key left out takes its default. Unknown keys are errors.

# The site title, shown on every page (default: Playbook).
title: Example Shop customer service playbook

# The language of the site's own words (menus, labels): en, zh-Hans or zh-Hant.
language: en

# The IANA time zone of service hours and of "today" for `review_by` dates.
timezone: UTC

# The channels documents may name, as `id: label`; documents use the ids.
channels:
  phone: Phone
  chat: Chat
  email: Email
  social: Social media

# The audiences documents may name in `audience:` (`shared` and `internal`
# are required). Documents are `shared` by default, vendor documents
# `internal`.
audiences: [shared, internal]

# The editions `playbook build` writes, each into public/<name>/, with the
# audiences it contains. The vendor's edition never shows internal documents.
editions:
  company: { audiences: [shared, internal] }
  vendor: { audiences: [shared] }

# More keys, shown with their defaults:
# version: "2026.1"            # shown in the footer and on print.html; `playbook release`
#                              # freezes the content as releases/<version>.json, and
#                              # changes.html lists what changed from release to release
# markdown:
#   raw_html: sanitize         # HTML in Markdown: sanitize, escape or allow
# limits:
#   max_file_bytes: 16777216   # a larger file is an error (it is not read)
#   max_document_bytes: 4194304 # a larger document is an error (memory: see README)
#   max_yaml_depth: 64         # deeper front matter is an error
#   max_body_depth: 128        # a body nesting lists, quotes or HTML deeper is an error
# service_credits:
#   cap: 100%                  # the most a month's service credits may add up to

# The service calendar: days with other hours. Holidays close every line
# that is not 24/7, or keep their `hours` (`to` defaults to `from`); a
# workday is a weekend day worked as the weekday `as` (default mon); a peak
# is a period that requirements and SLAs name with `during: PEAK-…`. A
# document may set `on_holidays: closed | normal | HH:MM-HH:MM`. The site
# gets calendar.html and calendar.ics.
calendar:
  holidays:
    - { name: New Year's Day, from: 2026-01-01, hours: "10:00-16:00" }
    - { name: Christmas, from: 2026-12-25, to: 2026-12-26 }
  workdays: []
  #   - { name: Bridge day worked, date: 2026-01-03, as: fri }
  peaks:
    - { id: PEAK-BLACK-FRIDAY, name: Black Friday week, from: 2026-11-23, to: 2026-11-30 }
"#;

/// Measured results as a contact-centre system exports them: one row per
/// SLA or KPI and period (see data/ in the README).
const DATA: &str = "id,period,value,note\n\
SLA-CHAT-FIRST-RESPONSE,2026-01,84.5%,exported from the chat platform\n\
SLA-CHAT-FIRST-RESPONSE,2026-02,78.0%,new agents in their first week\n\
SLA-CHAT-FIRST-RESPONSE,2026-03,86.2%,\n";

const HOME: &str = r#"---
id: HOME
kind: page
title: Example Shop customer service playbook
audience: shared
---
This is the handbook of Example Shop's customer service, which an outsourcing
partner runs for us. It says what we need, what was promised, how agents are
trained and how the service is measured.

- What we need: [[REQ-CHAT]]
- What was promised: [[SLA-CHAT-FIRST-RESPONSE]]
- How agents are trained: [[TRN-CHAT-ONBOARDING]]
- How we measure it: [[KPI-CHAT-FIRST-RESPONSE]]
- A common question: [[FAQ-ORDER-STATUS]]
- When a case needs more help: [[PG-ESCALATION]]

Every page is a Markdown file under `content/` with its facts in the front
matter at the top. Edit them, add new ones with `playbook new`, then run
`playbook check` and `playbook build`.
"#;

const REQUIREMENT: &str = r#"---
id: REQ-CHAT
kind: requirement
title: Live chat during opening hours
channels: [chat]
hours: daily 08:00-22:00
priority: must
volume: 3000
owner: Customer service lead
---
Shoppers ask about orders, delivery and returns in the chat on the website
and in the app. We expect about 3,000 chats a month, and twice as many in the
weeks before public holidays.

The service level promised for this requirement is [[SLA-CHAT-FIRST-RESPONSE]].
"#;

const SLA: &str = r#"---
id: SLA-CHAT-FIRST-RESPONSE
kind: sla
title: First response in chat
channel: chat
metric: first_response
target: 2m
attainment: 80%
window: monthly
hours: daily 08:00-22:00
satisfies: [REQ-CHAT]
credit: 2%
---
Of the chats started during opening hours, 80% get a first answer from a
person within 2 minutes, counted over each calendar month. The clock starts
with the shopper's first message; an automatic greeting is not a response.

Each month below the target credits 2% of the monthly fee.
"#;

const TRAINING: &str = r#"---
id: TRN-CHAT-ONBOARDING
kind: training
title: Onboarding for new chat agents
participants: [Chat agent, Team lead]
schedule: { start: 2026-01-05, refresh: quarterly }
pass_mark: 80%
modules:
  - { title: Our products and returns policy, duration: 2h, format: workshop }
  - { title: Answering chats within two minutes, duration: 1h30m, format: simulation, covers: [SLA-CHAT-FIRST-RESPONSE] }
---
Every new agent completes both modules before taking live chats. The
simulation replays anonymised chats from last year; agents pass with 80% of
the cases answered correctly and in time.
"#;

const FAQ: &str = r#"---
id: FAQ-ORDER-STATUS
kind: faq
title: Where is my order?
related: [REQ-CHAT]
channels: [chat, email]
tags: [orders, delivery]
---
Ask for the order number, look it up in the order system and send the
tracking link. If the parcel has not moved for three working days, follow
[the escalation steps](@PG-ESCALATION#when-to-escalate).
"#;

const VENDOR: &str = r#"---
id: VEN-EXAMPLE-CONTACT
kind: vendor
title: Example Contact Centre Ltd.
audience: internal
experience_years: 8
rating: 4.2
quality: high
selected: true
---
Vendor pages are internal: only the company edition contains them.

Selected for [[REQ-CHAT]]: eight years of retail chat support, a trial week
with 85% of chats answered within two minutes, and a team lead on site.
"#;

const KPI: &str = r#"---
id: KPI-CHAT-FIRST-RESPONSE
kind: kpi
title: Chats answered within two minutes
unit: percent
target: 80%
better: higher
frequency: monthly
measures: [SLA-CHAT-FIRST-RESPONSE]
actuals:
  - { period: 2026-01, value: 82% }
  - { period: 2026-02, value: 86% }
---
The share of chats with a first response within two minutes, from the chat
system's monthly report. Reviewed in the monthly service meeting.
"#;

const PAGE: &str = r#"---
id: PG-ESCALATION
kind: page
title: Escalating a customer case
weight: 1
---
## When to escalate

Escalate when a shopper asks for a manager, when a parcel has not moved for
three working days, or when a refund is over 200 EUR.

## How to escalate

1. Tell the shopper that a colleague will take over and when they will hear
   back (within one working day).
2. Hand the case to the team lead on duty with the order number and a short
   summary.
3. The team lead answers the shopper and closes the case.
"#;
