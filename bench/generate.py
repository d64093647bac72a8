"""Realistic district-scale data for the benchmarks: cases, inspections, four-list items.

Rows are written with raw ``executemany`` (peewee's per-row work would cost minutes), but the
result is what the services would have stored: the inspection rules open the items
(否 → 未整改到位, 有 → 反弹, each new problem → 新发现), items carry the defaults of
``inspections.item_defaults``, measures follow ``rectifications.required_periods``, the
derived case fields come from ``casestate.derive_status`` and are checked against
``casestate.refresh`` on a sample, ``search_text`` is ``search.searchable_text`` and the index
is filled by ``search.reindex``. The audit log is not generated.

The file is cached under bench/out/, keyed by the parameters, the generator version and the
schema version; ``ensure_db()`` returns it, building it first when needed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench import OUT_DIR, bound

#: bump when the generated data changes
GEN_VERSION = 5  # 3: search_text with the pinyin initials; 4: the pinyin sort keys (v7);
#: 5: a referred item's deadline no longer runs

CAMPAIGN_START = dt.date(2024, 3, 15)
#: the "today" of the generated data (the campaign's last day)
DATA_TODAY = dt.date(2024, 4, 15)
STAMP = dt.datetime(2024, 3, 14, 9, 0, 0)
#: the later campaign (``Params.campaigns == 2``): the same streets, most of the same cases
LATER_START, LATER_END = dt.date(2025, 3, 14), dt.date(2025, 4, 14)
LATER_NAME = "2025年贵池区生态环境领域信访事项“回头看”专项行动"
#: the later campaign's ledger: every case but each fifth; first inspections of a third of it
LATER_SHARE, LATER_INSPECTED = 0.8, 0.3


@dataclass(frozen=True)
class Params:
    cases: int = 100_000
    units: int = 200
    inspections: int = 150_000
    items: int = 30_000
    seed: int = 2024
    #: a district: the units spread evenly over this many streets
    streets: int = 20
    #: 1: the 2024 campaign only; 2: also a later one sharing most cases
    campaigns: int = 2

    def key(self) -> str:
        from huitoukan_tui.db import SCHEMA_VERSION

        return (f"gen-c{self.cases}-u{self.units}-i{self.inspections}-r{self.items}"
                f"-t{self.streets}-k{self.campaigns}"
                f"-s{self.seed}-g{GEN_VERSION}-v{SCHEMA_VERSION}")

    @classmethod
    def scaled(cls, cases: int, seed: int = 2024) -> Params:
        """The same proportions as the full size, for ``cases`` cases."""
        units = max(7, min(200, cases // 500))
        return cls(cases=cases, units=units, inspections=cases * 3 // 2,
                   items=cases * 3 // 10, seed=seed, streets=max(1, min(20, units // 10)))


# ---------------------------------------------------------------- text pools

FIRST = "东西南北上下大小新老金银石柳梅竹松桃李杏荷莲龙凤白青红黄"
SECOND = "山河湖塘坡岭湾桥庄冲店港岗坝园洲林田畈埠"
DEPARTMENTS = [
    "街道城建办", "街道农业农村办", "街道综合执法队", "街道应急管理办", "街道社会事务办",
    "街道经济发展办", "街道党政办", "街道规划建设办", "区城市管理局", "区住房和城乡建设局",
    "区农业农村局", "区水利局", "区市场监督管理局", "区交通运输局", "区自然资源局",
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建国志文辉"
BRANDS = ["恒达", "鑫源", "永兴", "宏发", "金鑫", "顺达", "兴旺", "华峰", "天成", "瑞丰",
          "长江", "九华", "秋浦", "皖南", "大通", "聚源", "利民", "福满", "好再来", "小辣椒"]
BUSINESSES = [
    "石材加工厂", "砂石堆场", "混凝土有限公司", "生猪养殖场", "养鸭场", "烧烤店", "餐馆",
    "洗车点", "汽车维修店", "木材加工厂", "化工有限公司", "建筑工地", "农贸市场", "砖瓦厂",
    "印刷厂", "家具厂", "塑料制品厂", "废品收购站", "屠宰场", "酒店", "沥青搅拌站",
    "预制构件厂", "机械加工厂", "服装厂", "茶叶加工厂", "加油站", "物流园", "采石场",
]
ROADS = ["中心街", "新河路", "学府路", "滨河路", "长江路", "秋浦路", "建设路", "工业大道",
         "迎宾大道", "人民路", "翠微路", "平天湖路"]
#: category → (problems, impacts)
PROBLEMS: dict[str, tuple[list[str], list[str]]] = {
    "噪声": (["夜间作业机器轰鸣", "切割机噪声扰民", "施工噪声持续到凌晨", "风机噪声大",
             "装卸货物噪声扰民", "音响声音过大"],
            ["影响附近居民休息", "老人小孩无法入睡", "周边学生无法正常学习"]),
    "扬尘": (["物料堆场未覆盖", "运输车辆带泥上路", "道路扬尘严重", "拆迁现场未洒水降尘",
             "搅拌站粉尘外溢"],
            ["大风天气灰尘满天", "农户晾晒衣物落满灰尘", "周边农作物叶面积尘"]),
    "废水": (["养殖废水直排水塘", "洗车废水排入雨水管网", "生产废水未经处理外排",
             "雨污管网混接", "化粪池满溢"],
            ["水体发黑发臭", "下游河道出现死鱼", "农田灌溉受到影响"]),
    "油烟": (["油烟未经净化直排", "排烟口正对居民窗户", "店外露天烧烤"],
            ["油烟味呛人", "楼上住户无法开窗", "墙面被熏黑"]),
    "垃圾": (["生活垃圾清运不及时", "建筑垃圾随意倾倒", "垃圾池满溢无人清理"],
            ["夏季异味大", "蚊蝇滋生", "污水横流"]),
    "异味": (["生产过程中散发刺鼻气味", "粪污堆放产生恶臭", "污水处理设施散发臭味"],
            ["周边居民长期受扰", "夜间气味尤其明显", "群众多次反映未解决"]),
    "焚烧": (["田间焚烧秸秆", "露天焚烧生活垃圾", "焚烧废旧电线"],
            ["烟雾弥漫", "呛得人喘不过气", "存在火灾隐患"]),
    "危废": (["废机油随意倾倒", "危险废物露天堆放", "废油桶随意丢弃"],
            ["地面油污严重", "雨水冲刷后流入沟渠", "存在土壤污染风险"]),
    "固废": (["工业固废随意堆放", "废弃厂区堆放建筑垃圾", "矿渣堆放侵占河道"],
            ["雨天污水流入农田", "影响防汛安全", "群众意见很大"]),
}
CATEGORY_WEIGHTS = [("噪声", 26), ("扬尘", 18), ("废水", 12), ("油烟", 14), ("垃圾", 9),
                    ("异味", 9), ("焚烧", 5), ("危废", 3), ("固废", 4)]
CLAUSES = [
    "群众多次通过电话反映", "希望有关部门尽快调查处理", "此前反映后曾有好转但近期又出现",
    "问题已持续半年以上", "周末和节假日尤为严重", "附近有学校和幼儿园", "要求依法查处并回复",
    "反映人称已向村委会反映多次", "涉及周边二百余户居民", "企业负责人态度消极",
    "请求街道协调解决", "附近有饮用水源", "现场有大量车辆进出", "晚上十点以后仍在作业",
    "下雨天情况更加严重", "反映人提供了现场照片", "曾经被媒体报道过", "要求公开处理结果",
]
HANDLING = [
    "责令企业调整作业时间，夜间22时后停止作业。", "督促全部覆盖防尘网，配备雾炮机。",
    "责令停止直排，建设沉淀池和干湿分离设施。", "督促安装油烟净化器并定期清洗。",
    "增加清运频次为每日两次。", "对当事人进行批评教育，加强巡查。",
    "责令规范收集并交有资质单位处置，建立台账。", "组织清运并对场地进行平整复绿。",
    "已约谈企业负责人，限期整改。", "移交综合执法部门依法处理。",
]
FINDINGS_OK = ["现场查看，问题已整改到位，未发现反弹。", "经回访，信访人对处理结果表示认可。",
               "设施运行正常，周边环境整洁。"]
FINDINGS_BAD = ["问题仍然存在，需继续整改。", "整改措施未落实到位，现场仍有污染。",
                "企业整改进度缓慢，群众仍有意见。"]
NEW_PROBLEMS = [
    "厂区西侧新增一处砂石露天堆放，未覆盖防尘网", "雨污管网混接，生活污水经雨水口排入沟渠",
    "危险废物暂存间未设置防渗和标识", "油烟净化器长期未清洗，净化效率低",
    "场区东侧发现一处废弃油桶，有渗漏痕迹", "新增一台未备案的燃煤锅炉",
]
MEASURES = ["责令限期整改，落实覆盖、隔音、治污等防治设施", "属地每周巡查一次，做好记录",
            "建立长效管理机制，明确责任人", "组织专家现场指导，制定整改方案"]
MILESTONE_TARGETS = ["完成问题排查和整改方案", "完成主体整改工程", "完成验收并建立长效机制"]
CHANNEL_WEIGHTS = [("hotline12345", 35), ("phone", 20), ("servicehotline", 15),
                   ("online", 12), ("letter", 6), ("visit", 5), ("peopledaily", 4),
                   ("cyberoffice", 3)]
SATISFACTION_WEIGHTS = [("satisfied", 60), ("basically", 25), ("unsatisfied", 8),
                        ("unreachable", 7)]


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def _text_of_length(rng: random.Random, head: str, length: int) -> str:
    """``head`` followed by clauses until ``length`` characters (20–300), ending in 。"""
    parts = [head]
    size = len(head)
    while size < length - 1:
        clause = rng.choice(CLAUSES)
        parts.append("，" + clause)
        size += len(clause) + 1
    return "".join(parts)[:length - 1] + "。"


def _content_length(rng: random.Random) -> int:
    """Most complaints are a sentence or two; some are long letters."""
    return max(20, min(300, int(rng.lognormvariate(4.3, 0.6))))


# ---------------------------------------------------------------- building

@dataclass
class _Item:
    id: int
    case: int
    inspection: int
    kind: str
    new_problem: str
    opened_on: dt.date
    status: str = "in_progress"
    deadline: dt.date | None = None
    extra: dict = field(default_factory=dict)
    campaign: int = 1


def _street_name(n: int) -> str:
    return f"{FIRST[n % len(FIRST)]}{SECOND[(n * 7) % len(SECOND)]}街道"


def _station_name(street_id: int, n: int) -> str:
    return f"{_street_name(n)}生态环境站"


def _insert_streets(cur, count: int, campaign_id: int, first_id: int) -> list[int]:
    """The district's streets (the seed's first), every one in the 2024 campaign."""
    ids = [first_id]
    for n in range(1, count):
        cur.execute("INSERT INTO street (name, district, station, contact, position)"
                    " VALUES (?, '贵池区', ?, '', ?)", (_street_name(n), _station_name(0, n),
                                                     (n + 1) * 10))
        ids.append(cur.lastrowid)
    cur.executemany("INSERT INTO campaign_street (campaign_id, street_id) VALUES (?, ?)",
                    [(campaign_id, s) for s in ids[1:]])
    return ids


def _later_campaign(cur, rng: random.Random, params: Params, cases: list[dict],
                    inspections: list[dict], items: list[_Item], streets: list[int],
                    first) -> dict | None:
    """The 2025 campaign over the same streets: its ledger (most of the cases), first
    inspections of part of it early in the campaign, a few new problems. Returns
    {"id", "start", "cases": set of case ids}."""
    if params.campaigns < 2:
        return None
    cur.execute(
        "INSERT INTO campaign (name, district, start_on, end_on, report_weekday, report_time,"
        " final_due_on, timezone, title_problems, title_progress, title_ledger, closed_by)"
        " VALUES (?, '贵池区', ?, ?, 3, '12:00', ?, 'Asia/Shanghai', ?, ?, ?, '')",
        (LATER_NAME, LATER_START, LATER_END, LATER_END - dt.timedelta(days=2),
         LATER_NAME + "问题清单", LATER_NAME + "进展一览表", LATER_NAME + "台账"))
    later_id = cur.lastrowid
    cur.executemany("INSERT INTO campaign_street (campaign_id, street_id) VALUES (?, ?)",
                    [(later_id, s) for s in streets])
    ledger = [c for c in cases if c["id"] % 5 != 0]
    inspected = rng.sample(ledger, int(len(ledger) * LATER_INSPECTED))
    next_id = len(inspections) + 1
    for case in inspected:
        day = LATER_START + dt.timedelta(days=int(17 * rng.random() ** 1.3))
        new = [rng.choice(NEW_PROBLEMS)] if rng.random() < 0.05 else []
        inspections.append({"id": next_id, "case_idx": case["id"] - 1, "inspected_on": day,
                            "handled": True, "rebound": False, "new": new,
                            "campaign": later_id})
        for text in new:
            items.append(_Item(len(items) + 1, case["id"], next_id, "new", text, day,
                               campaign=later_id))
        next_id += 1
    return {"id": later_id, "start": LATER_START, "cases": {c["id"] for c in ledger}}


def unit_names(count: int, rng: random.Random) -> list[tuple[str, str]]:
    """``count`` distinct (name, kind): villages, communities and departments."""
    places = [a + b for a in FIRST for b in SECOND]
    rng.shuffle(places)
    n_dep = min(len(DEPARTMENTS), max(1, count // 13))
    n_com = max(1, (count - n_dep) // 4)
    out = [(p + "社区", "community") for p in places[:n_com]]
    out += [(p + "村", "village") for p in places[n_com:count - n_dep]]
    out += [(d, "department") for d in DEPARTMENTS[:n_dep]]
    return out


def build(path: Path, params: Params) -> None:
    """Write a new database with ``params`` to ``path`` (which must not exist)."""
    from huitoukan_tui import db as dbmod
    from huitoukan_tui.config import DatabaseTarget
    from huitoukan_tui.models import database
    from huitoukan_tui.services import pinyin, search
    from huitoukan_tui.services.campaign import add_seed_campaign, streets_of

    rng = random.Random(params.seed)
    if database.obj is not None and not database.is_closed():
        database.close()
    dbmod.bind(DatabaseTarget(path=path), create=True)
    db = database.obj
    try:
        db.execute_sql("PRAGMA synchronous=OFF")
        with db.atomic():
            campaign = add_seed_campaign(with_units=False)
            first_street = streets_of(campaign)[0]
            cur = db.cursor()
            streets = _insert_streets(cur, params.streets, campaign.id, first_street.id)
            units = unit_names(params.units, rng)
            street_of = {i: streets[(i - 1) * len(streets) // len(units)]
                         for i in range(1, len(units) + 1)}
            cur.executemany(
                "INSERT INTO unit (id, name, kind, street_id, position, active, name_key)"
                " VALUES (?, ?, ?, ?, ?, 1, ?)",
                [(i, name, kind, street_of[i], i * 10, pinyin.sort_key(name))
                 for i, (name, kind) in enumerate(units, start=1)])
            # "admin" reads the whole district (as the benchmarks' figures need); "station"
            # is the first street's station
            users = [(1, "admin", "区环委办", None, None, "district", 0),
                     (2, "station", "站管理员", None, first_street.id, "station", 1)]
            users += [(i + 2, f"unit{i:03d}", f"{name} 联络员", i, street_of[i], "unit", 0)
                      for i, (name, _) in enumerate(units, start=1)]
            cur.executemany(
                "INSERT INTO user (id, login, display_name, unit_id, street_id, role, is_admin,"
                " active, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)",
                [(*u, STAMP) for u in users])
            cases = _make_cases(rng, params, units)
            inspections, items = _make_lookback(rng, params, cases)
            for row in inspections:
                row["campaign"] = campaign.id
            for item in items:
                item.campaign = campaign.id
            later = _later_campaign(cur, rng, params, cases, inspections, items, streets,
                                    campaign)
            stations = {s: _station_name(s, n) for n, s in enumerate(streets)}
            stations[first_street.id] = first_street.station
            _insert_cases(cur, cases)
            _insert_ledger(cur, cases, inspections, items, campaign, later)
            for start in range(0, len(cases), 10_000):
                search.reindex((c["id"], c["search_text"]) for c in cases[start:start + 10_000])
            _insert_lookback(cur, rng, cases, inspections, items,
                             {i: stations[street_of[i]] for i in street_of})
        verify_sample(min(1000, params.cases), params.seed)
        db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        database.close()


def _make_cases(rng: random.Random, params: Params, units: list[tuple[str, str]]) -> list[dict]:
    from huitoukan_tui.services import pinyin
    from huitoukan_tui.services.search import searchable_text

    unit_weights = [rng.lognormvariate(0, 0.8) for _ in units]
    unit_ids = rng.choices(range(1, len(units) + 1), unit_weights, k=params.cases)
    channels = rng.choices([c for c, _ in CHANNEL_WEIGHTS], [w for _, w in CHANNEL_WEIGHTS],
                           k=params.cases)
    categories = rng.choices([c for c, _ in CATEGORY_WEIGHTS],
                             [w for _, w in CATEGORY_WEIGHTS], k=params.cases)
    first, last = dt.date(2021, 1, 1), CAMPAIGN_START - dt.timedelta(days=5)
    span = (last - first).days
    received = sorted(first + dt.timedelta(days=rng.randint(0, span))
                      for _ in range(params.cases))
    seq: dict[int, int] = {}
    cases = []
    for n in range(params.cases):
        day = received[n]
        seq[day.year] = seq.get(day.year, 0) + 1
        case_no = f"LS-{day.year}-{seq[day.year]:05d}"
        unit_id = unit_ids[n]
        unit_name = units[unit_id - 1][0]
        category = categories[n]
        problems, impacts = PROBLEMS[category]
        if rng.random() < 0.15:
            target = _person(rng)
        else:
            target = rng.choice(BRANDS) + rng.choice(BUSINESSES)
            if rng.random() < 0.5:
                target = "池州市" + target
        if rng.random() < 0.6:
            location = f"{unit_name}{rng.choice(FIRST)}{rng.choice(SECOND)}组"
        else:
            location = f"{unit_name}{rng.choice(ROADS)}{rng.randint(1, 300)}号"
        head = (f"{location}{target}{rng.choice(problems)}，{rng.choice(impacts)}")
        content = _text_of_length(rng, head, _content_length(rng))
        handling = _text_of_length(rng, rng.choice(HANDLING).rstrip("。"),
                                   max(20, min(200, int(rng.lognormvariate(3.6, 0.4)))))
        cases.append({
            "id": n + 1, "case_no": case_no, "channel": channels[n], "received_on": day,
            "unit_id": unit_id, "unit_name": unit_name,
            "petitioner": rng.choice(["匿名", _person(rng), _person(rng)[0] + "先生",
                                      _person(rng)[0] + "女士"]),
            "phone": "1" + rng.choice("3578") + f"{rng.randint(0, 999_999_999):09d}",
            "target": target, "location": location, "category": category,
            "content": content, "original_handling": handling,
            "search_text": searchable_text(case_no, target, location, content),
            "target_key": pinyin.sort_key(target),
        })
    return cases


def _make_lookback(rng: random.Random, params: Params, cases: list[dict]
                   ) -> tuple[list[dict], list[_Item]]:
    """Inspections (first ones for 85% of the cases, the rest re-inspections) and the items
    their answers open, exactly ``params.items`` of them."""
    days = (DATA_TODAY - CAMPAIGN_START).days
    n_first = min(len(cases), params.inspections, int(len(cases) * 0.85))
    inspected = rng.sample(range(len(cases)), n_first)
    inspections = []
    first_day: dict[int, dt.date] = {}
    for idx in inspected:
        # more first inspections early in the campaign than late
        day = CAMPAIGN_START + dt.timedelta(days=int(days * rng.random() ** 1.3))
        first_day[idx] = day
        inspections.append({"case_idx": idx, "inspected_on": day})
    for _ in range(params.inspections - n_first):
        idx = rng.choice(inspected)
        start = first_day[idx]
        day = start + dt.timedelta(days=rng.randint(0, (DATA_TODAY - start).days))
        inspections.append({"case_idx": idx, "inspected_on": day})
    inspections.sort(key=lambda r: (r["inspected_on"], r["case_idx"]))
    for n, row in enumerate(inspections, start=1):
        row["id"] = n
        row["handled"], row["rebound"], row["new"] = True, False, []
    # the answers: 50% of the items from 否, 20% from 有 (反弹), 30% new problems
    n_not = params.items // 2
    n_rebound = params.items // 5
    n_new = params.items - n_not - n_rebound
    for row in rng.sample(inspections, min(n_not, len(inspections))):
        row["handled"] = False
    for row in rng.sample(inspections, min(n_rebound, len(inspections))):
        row["rebound"] = True
    for _ in range(n_new):
        rng.choice(inspections)["new"].append(rng.choice(NEW_PROBLEMS))
    items: list[_Item] = []
    for row in inspections:
        kinds = []
        if not row["handled"]:
            kinds.append(("not_rectified", ""))
        if row["rebound"]:
            kinds.append(("rebound", ""))
        kinds += [("new", text) for text in row["new"]]
        for kind, text in kinds:
            items.append(_Item(len(items) + 1, cases[row["case_idx"]]["id"], row["id"], kind,
                               text, row["inspected_on"]))
    for item in items:
        _advance(rng, item)
    return inspections, items


def _advance(rng: random.Random, item: _Item) -> None:
    """Move an item along its life cycle as the services would: plan (update_item), report
    (待验收), accept (已销号) or refer (移交执法)."""
    roll = rng.random()
    if roll < 0.2:
        return  # just opened, not planned yet
    opened = item.opened_on
    choices = [d for d in (dt.date(2024, 4, 30), dt.date(2024, 6, 30), dt.date(2024, 12, 31),
                           dt.date(2025, 6, 30)) if d >= opened]
    item.deadline = rng.choice(choices)
    item.extra["version"] = 2
    item.extra["target_standard"] = "问题整改到位，经现场验收无反弹，信访人满意或基本满意"
    if roll < 0.5:
        return
    if roll < 0.55:
        item.status = "referred"
        item.extra["referred_on"] = min(opened + dt.timedelta(days=12), DATA_TODAY)
        item.extra["referral_reason"] = "经多次督促拒不整改，移交区生态环境综合执法大队"
        item.extra["version"] = 3
        return
    item.status = "awaiting"
    item.extra["reported_on"] = min(opened + dt.timedelta(days=10), DATA_TODAY)
    item.extra["version"] = 3
    if roll < 0.7:
        return
    item.status = "closed"
    item.extra["accepted_on"] = min(opened + dt.timedelta(days=14), DATA_TODAY)
    item.extra["version"] = 4


def _entries(cases: list[dict], inspections: list[dict], items: list[_Item], campaign: int,
             start: dt.date, members: set[int] | None, starts: dict[int, dt.date]):
    """The ledger entries of one campaign, by the rules of services.casestate: its own
    inspections; its own items and those carried over from earlier campaigns."""
    from huitoukan_tui.enums import DEADLINE_RECT_STATUSES
    from huitoukan_tui.services.casestate import carried_over, derive_status

    #: an item's deadline runs while it is being worked on; a referred one's does not
    RUNNING_DEADLINE = {status.value for status in DEADLINE_RECT_STATUSES}

    first: dict[int, dt.date] = {}
    for row in inspections:
        if row["campaign"] != campaign:
            continue
        cid = cases[row["case_idx"]]["id"]
        if cid not in first or row["inspected_on"] < first[cid]:
            first[cid] = row["inspected_on"]
    by_case: dict[int, list[_Item]] = {}
    for item in items:
        if item.campaign == campaign or carried_over(
                starts[item.campaign], item.status, item.extra.get("accepted_on"), start):
            by_case.setdefault(item.case, []).append(item)
    for case in cases:
        if members is not None and case["id"] not in members:
            continue
        rows = by_case.get(case["id"], [])
        deadlines = [i.deadline for i in rows if i.status in RUNNING_DEADLINE and i.deadline]
        yield (campaign, case["id"], case["unit_id"],
               derive_status(case["id"] in first, [i.status for i in rows]).value,
               first.get(case["id"]), min(deadlines) if deadlines else None,
               any(i.status == "referred" for i in rows))


def _insert_ledger(cur, cases, inspections, items, campaign, later: dict | None) -> None:
    starts = {campaign.id: campaign.start_on}
    if later:
        starts[later["id"]] = later["start"]
    sql = ("INSERT INTO ledger_entry (campaign_id, case_id, unit_id, status, first_verified_on,"
           " next_deadline, referred) VALUES (?, ?, ?, ?, ?, ?, ?)")
    cur.executemany(sql, _entries(cases, inspections, items, campaign.id, campaign.start_on,
                                  None, starts))
    if later:
        cur.executemany(sql, _entries(cases, inspections, items, later["id"], later["start"],
                                      later["cases"], starts))


CASE_COLUMNS = ["id", "case_no", "channel", "received_on", "unit_id", "petitioner", "phone",
                "target", "location", "category", "content", "original_handling",
                "search_text", "target_key"]


def _insert_cases(cur, cases: list[dict]) -> None:
    cols = ", ".join(CASE_COLUMNS)
    marks = ", ".join("?" * len(CASE_COLUMNS))
    cur.executemany(
        f"INSERT INTO petition_case ({cols}, version, created_at, updated_at, updated_by) "
        f"VALUES ({marks}, 1, ?, ?, 'admin')",
        [(*(c[k] for k in CASE_COLUMNS), STAMP, STAMP) for c in cases])


def _insert_lookback(cur, rng: random.Random, cases: list[dict], inspections: list[dict],
                     items: list[_Item], stations: dict[int, str]) -> None:
    """``stations``: unit id → its street's station (the items' acceptance unit)."""
    from huitoukan_tui.enums import Channel
    from huitoukan_tui.services import search
    from huitoukan_tui.services.rectifications import required_periods

    inspectors = [f"{_person(rng)}、{_person(rng)}" for _ in range(200)]
    sats = rng.choices([s for s, _ in SATISFACTION_WEIGHTS],
                       [w for _, w in SATISFACTION_WEIGHTS], k=len(inspections))
    cur.executemany(
        "INSERT INTO inspection (id, case_id, campaign_id, inspected_on, inspectors, handled,"
        " rebound, satisfaction, findings, created_by, created_at, version)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'admin', ?, 1)",
        [(r["id"], cases[r["case_idx"]]["id"], r["campaign"], r["inspected_on"],
          rng.choice(inspectors),
          r["handled"], r["rebound"], sats[n],
          "现场查看，" + rng.choice(FINDINGS_OK if r["handled"] and not r["rebound"]
                                  else FINDINGS_BAD), STAMP)
         for n, r in enumerate(inspections)])
    item_rows, measure_rows = [], []
    for item in items:
        case = cases[item.case - 1]
        x = item.extra
        station = stations[case["unit_id"]]
        item_rows.append((
            item.id, item.case, item.campaign, item.inspection, item.kind,
            Channel(case["channel"]).label,
            case["content"], item.new_problem, x.get("target_standard", ""),
            case["unit_name"], station, item.deadline, item.opened_on, item.status,
            x.get("reported_on"), x.get("accepted_on"),
            station if item.status == "closed" else "", x.get("referred_on"),
            x.get("referral_reason", ""), x.get("version", 1), STAMP, STAMP,
            search.initials_line(item.new_problem)))
        if item.deadline is None:
            continue
        periods = required_periods(item.opened_on, item.deadline)
        for pos in range(1, rng.randint(1, 3) + 1):
            stones = [{"period": p, "target": MILESTONE_TARGETS[min(i, 2)]}
                      for i, p in enumerate(periods)]
            measure_rows.append((item.id, pos, rng.choice(MEASURES),
                                 json.dumps(stones, ensure_ascii=False)))
    cur.executemany(
        "INSERT INTO rectification (id, case_id, campaign_id, inspection_id, kind,"
        " problem_type, original_problem, new_problem, target_standard, implementer, acceptor,"
        " deadline, opened_on, status, reported_on, accepted_on, accepted_by, referred_on,"
        " referral_reason, note, version, created_by, created_at, updated_at, updated_by,"
        " problem_initials)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, 'admin', ?,"
        " ?, 'admin', ?)", item_rows)
    cur.executemany(
        "INSERT INTO measure (rectification_id, position, content, milestones)"
        " VALUES (?, ?, ?, ?)", measure_rows)


# ---------------------------------------------------------------- checking

class GeneratedDataMismatch(AssertionError):
    pass


def verify_sample(size: int, seed: int = 0) -> None:
    """Check a sample of cases against the services: the derived fields against
    ``casestate.refresh``, ``search_text`` against ``searchable_text``, and a 2-character
    search through the index against a plain scan."""
    from huitoukan_tui.models import Case, LedgerEntry, database
    from huitoukan_tui.services import casestate, pinyin, search

    E = LedgerEntry
    fields = (E.id, E.case, E.campaign, E.unit, E.status, E.first_verified_on,
              E.next_deadline, E.referred)
    total = Case.select().count()
    ids = sorted(random.Random(seed).sample(range(1, total + 1), min(size, total)))
    before = {r[0]: r for r in E.select(*fields).where(E.case.in_(ids)).tuples()}
    with database.atomic() as txn:
        casestate.refresh(ids)
        after = {r[0]: r for r in E.select(*fields).where(E.case.in_(ids)).tuples()}
        txn.rollback()
    if before != after:
        bad = [k for k in before if before[k] != after.get(k)][:5]
        raise GeneratedDataMismatch(
            f"derived fields differ from casestate.refresh: {[(before[k], after[k]) for k in bad]}")
    for case in Case.select().where(Case.id.in_(ids[:200])):
        if case.search_text != search.searchable_text(case.case_no, case.target, case.location,
                                                      case.content):
            raise GeneratedDataMismatch(f"search_text of {case.case_no}")
        if case.target_key != pinyin.sort_key(case.target):
            raise GeneratedDataMismatch(f"target_key of {case.case_no}")
    via_index = Case.select().where(search.condition("噪声")).count()
    via_scan = Case.select().where(Case.search_text.contains("噪声")).count()
    if via_index != via_scan:
        raise GeneratedDataMismatch(f"index finds {via_index} for 噪声, a scan {via_scan}")
    # the initials lines are in capitals, the text in lower case: SQLite's LIKE finds both
    via_index = Case.select().where(search.condition("zs")).count()
    via_scan = Case.select().where(Case.search_text.contains("zs")).count()
    if via_index != via_scan:
        raise GeneratedDataMismatch(f"index finds {via_index} for zs, a scan {via_scan}")


# ---------------------------------------------------------------- cache

def ensure_db(params: Params | None = None, out_dir: Path | None = None,
              log=None) -> Path:
    """The generated database for ``params`` (built on first use, then cached).
    Treat it as read-only: copy it before writing to it."""
    params = params or Params()
    out_dir = Path(out_dir or OUT_DIR)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{params.key()}.sqlite3"
    if path.exists():
        return path
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    for extra in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        extra.unlink(missing_ok=True)
    start = time.perf_counter()
    build(tmp, params)
    for extra in (Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        extra.unlink(missing_ok=True)
    os.replace(tmp, path)
    if log:
        log(f"generated {path.name} in {time.perf_counter() - start:.1f} s")
    return path


def ensure_demo_db(out_dir: Path | None = None) -> Path:
    """The 34-case sample ledger of ``init --demo`` (cached)."""
    from huitoukan_tui import db as dbmod
    from huitoukan_tui.config import DatabaseTarget
    from huitoukan_tui.enums import Role
    from huitoukan_tui.models import Street, User, database
    from huitoukan_tui.services.campaign import add_seed_campaign
    from huitoukan_tui.services.demo import create_demo

    out_dir = Path(out_dir or OUT_DIR)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"demo-g{GEN_VERSION}-v{dbmod.SCHEMA_VERSION}.sqlite3"
    if path.exists():
        return path
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    if database.obj is not None and not database.is_closed():
        database.close()
    dbmod.bind(DatabaseTarget(path=tmp), create=True)
    try:
        add_seed_campaign(with_units=False)
        admin = User.create(login="admin", display_name="站管理员", role=Role.STATION.value,
        street=Street.select().first(), is_admin=True)
        create_demo(admin)
        database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        database.close()
    for extra in (Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        extra.unlink(missing_ok=True)
    os.replace(tmp, path)
    return path


def counts(path: Path) -> dict[str, int]:
    from huitoukan_tui.models import (
        Campaign,
        Case,
        Inspection,
        Measure,
        Rectification,
        Street,
        Unit,
    )

    with bound(path):
        return {"units": Unit.select().count(), "cases": Case.select().count(),
                "inspections": Inspection.select().count(),
                "items": Rectification.select().count(), "measures": Measure.select().count(),
                "streets": Street.select().count(), "campaigns": Campaign.select().count()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate (or find cached) benchmark data.")
    parser.add_argument("--cases", type=int, default=Params.cases)
    parser.add_argument("--scaled", action="store_true",
                        help="scale units/inspections/items with --cases")
    args = parser.parse_args(argv)
    params = Params.scaled(args.cases) if args.scaled else Params(cases=args.cases)
    path = ensure_db(params, log=print)
    print(path, counts(path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
