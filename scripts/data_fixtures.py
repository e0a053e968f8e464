#!/usr/bin/env python3
"""Writes the data-file fixtures of tests/fixtures/diagnostics/data-*/.

Each fixture has the same rows saved three ways: UTF-8 (a.csv), GB18030
(b.csv, what Excel writes on a Chinese Windows) and UTF-16 with a BOM
(c.tsv, Excel's "Unicode text", tab-separated). Chinese text sits before
each faulty field, so the expected columns hold only when the file is
decoded before columns are counted. Run from the repository root; the
`expected` files are written by hand.
"""
import pathlib

ROOT = pathlib.Path("tests/fixtures/diagnostics")

CONTENT = {
    "req.md": "---\nid: REQ-CHAT\nkind: requirement\ntitle: 在线聊天\nchannels: [chat]\nhours: mon-fri 09:00-18:00\n---\n",
    "sla.md": "---\nid: SLA-CHAT-FIRST\nkind: sla\ntitle: 在线聊天首次响应\nchannel: chat\nmetric: first_response\ntarget: 2m\nattainment: 90%\nsatisfies: [REQ-CHAT]\ncredit: 2%\n{actuals}---\n",
    "sla-daily.md": "---\nid: SLA-CHAT-DAILY\nkind: sla\ntitle: 在线聊天每日放弃率\nchannel: chat\nmetric: abandonment\ntarget: 5%\nwindow: daily\nhours: mon-fri 09:00-18:00\nsatisfies: [REQ-CHAT]\n---\n",
    "kpi.md": "---\nid: KPI-CSAT\nkind: kpi\ntitle: 顾客满意度\nunit: percent\ntarget: 90%\nbetter: higher\nfrequency: weekly\nmeasures: [SLA-CHAT-FIRST]\n---\n",
    "trn.md": "---\nid: TRN-CHAT\nkind: training\ntitle: 聊天培训\nmodules:\n  - { title: 聊天标准, duration: 2h, format: workshop, covers: [SLA-CHAT-FIRST, SLA-CHAT-DAILY] }\n---\n",
}


def project(name, rows_by_file, sla_actuals=""):
    folder = ROOT / name
    (folder / "content").mkdir(parents=True, exist_ok=True)
    (folder / "data").mkdir(parents=True, exist_ok=True)
    for file, text in CONTENT.items():
        if file == "sla.md":
            text = text.format(actuals=sla_actuals)
        (folder / "content" / file).write_text(text, encoding="utf-8")
    for variant, rows in zip(["a.csv", "b.csv", "c.tsv"], rows_by_file):
        text = "\r\n".join(rows) + "\r\n"
        if variant == "a.csv":
            data = text.encode("utf-8")
        elif variant == "b.csv":
            data = text.encode("gb18030")
        else:
            data = text.replace(",", "\t").encode("utf-16")  # with BOM
        (folder / "data" / variant).write_bytes(data)


def same(rows, months=("01", "02", "03")):
    """The rows for each file, with MM standing for that file's month."""
    return [[row.replace("MM", month) for row in rows] for month in months]


project("data-csv-syntax", same([
    "note,id,period,value",
    '"跨行',
    '备注",SLA-CHAT-FIRST,2026-MM,95%',
    "正常,SLA-CHAT-FIRST,2026-MM,95%,多余",
    "缺字段,SLA-CHAT-FIRST,2026-MM",
    '未闭合,SLA-CHAT-FIRST,2026-MM,"95%',
]))

project("data-csv-header", same([
    "id,周期,value,id",
    "SLA-CHAT-FIRST,2026-MM,95%,SLA-CHAT-FIRST",
]))

project("data-dangling-reference", same([
    "note,id,period,value",
    "不存在,SLA-CHAT-FRIST,2026-MM,95%",
]))

project("data-wrong-reference-kind", same([
    "note,id,period,value",
    "需求,REQ-CHAT,2026-MM,95%",
]))

project("data-invalid-value", same([
    "note,id,period,value",
    "小数,SLA-CHAT-FIRST,2026-0MM,0.935",
    "月份,SLA-CHAT-FIRST,2026/MM,95%",
    "斜杠,SLA-CHAT-DAILY,2026/6/1MM,3%",
    "周次,KPI-CSAT,2026-MM,95%",
], months=("1", "2", "3")))

# Front matter has 2026-01; a.csv repeats it, b.csv has 2026-02 twice,
# c.tsv has 2026-02 again.
project("data-duplicate-actual", [
    ["note,id,period,value", "重复,SLA-CHAT-FIRST,2026-01,95%"],
    ["note,id,period,value", "首次,SLA-CHAT-FIRST,2026-02,95%", "再次,SLA-CHAT-FIRST,2026-02,96%"],
    ["note,id,period,value", "三次,SLA-CHAT-FIRST,2026-02,97%"],
], sla_actuals="actuals:\n  - { period: 2026-01, value: 95% }\n")

# Warnings: the SLA's latest month (in b.csv, GB18030) misses, after a
# month without a figure; the daily SLA lacks weekdays only (its hours are
# mon-fri), in a.csv; the weekly KPI lacks seven weeks, in c.tsv.
project("data-evaluation-warnings", [
    ["note,id,period,value",
     "周一,SLA-CHAT-DAILY,2026-06-01,3%",
     "周五,SLA-CHAT-DAILY,2026-06-05,4%",
     "下周一,SLA-CHAT-DAILY,2026-06-08,2%",
     "下周三,SLA-CHAT-DAILY,2026-06-10,5%"],
    ["note,id,period,value",
     "一月,SLA-CHAT-FIRST,2026-01,95%",
     "三月未达标,SLA-CHAT-FIRST,2026-03,87.5%"],
    ["note,id,period,value",
     "第一周,KPI-CSAT,2026-W01,91%",
     "第九周,KPI-CSAT,2026-W09,92%"],
])
