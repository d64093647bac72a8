"""The sample ledger of ``init --demo``: 34 fictional cases with the seed's channel counts,
some inspections and four-list rows at different stages. Deterministic."""

from __future__ import annotations

import datetime as dt
import random

from huitoukan_tui.enums import Channel, Role, UnitKind
from huitoukan_tui.models import Unit, User, database
from huitoukan_tui.services import cases as case_service
from huitoukan_tui.services import inspections, rectifications, users
from huitoukan_tui.services.organisation import add_unit
from huitoukan_tui.services.rectifications import MeasureInput

UNITS = [
    ("七星村", UnitKind.VILLAGE), ("桃坡村", UnitKind.VILLAGE), ("杨山村", UnitKind.VILLAGE),
    ("里山社区", UnitKind.COMMUNITY), ("新河社区", UnitKind.COMMUNITY),
    ("街道城建办", UnitKind.DEPARTMENT), ("街道农业农村办", UnitKind.DEPARTMENT),
]

CHANNEL_COUNTS = [
    (Channel.PHONE, 10), (Channel.HOTLINE_12345, 3), (Channel.ONLINE_OPINION, 7),
    (Channel.VISIT, 1), (Channel.PEOPLE_DAILY, 1), (Channel.LETTER, 1),
    (Channel.CYBER_OFFICE, 1), (Channel.SERVICE_HOTLINE, 10),
]

# (unit, target, location, category, problem, handling)
PROBLEMS = [
    ("七星村", "池州市恒达石材加工厂", "七星村石门组", "噪声",
     "石材切割机夜间作业，噪声扰民，影响附近居民休息。",
     "责令企业调整作业时间，夜间22时后停止切割作业，安装隔音棚。"),
    ("杨山村", "里山镇永兴砂石堆场", "杨山村河沿组", "扬尘",
     "砂石堆场未覆盖，大风天气扬尘严重，附近农户晾晒衣物落满灰尘。",
     "督促堆场全部覆盖防尘网，配备雾炮机，进出车辆冲洗。"),
    ("街道农业农村办", "桃坡村张某某生猪养殖场", "桃坡村下湾组", "废水",
     "养殖废水未经处理直排水塘，水体发黑发臭。",
     "责令停止直排，建设三级沉淀池和干湿分离设施，粪污资源化利用。"),
    ("新河社区", "新河路“好再来”烧烤店", "新河社区新河路", "油烟",
     "烧烤店油烟未经净化直排，油烟味呛人，楼上住户无法开窗。",
     "督促安装油烟净化器并定期清洗，取缔店外露天烧烤。"),
    ("里山社区", "里山社区农贸市场", "里山社区中心街", "垃圾",
     "市场垃圾清运不及时，夏季异味大，污水横流。",
     "增加垃圾清运频次为每日两次，市场内设置污水收集沟。"),
    ("七星村", "池州市鑫源混凝土有限公司", "七星村工业集中区", "扬尘",
     "搅拌站运输车辆带泥上路，道路扬尘污染。",
     "责令完善车辆冲洗设施，对进出道路定时洒水保洁。"),
    ("杨山村", "杨山村李某某", "杨山村后山组", "焚烧",
     "村民在田间焚烧秸秆和生活垃圾，烟雾弥漫。",
     "对当事人进行批评教育，现场扑灭，加强禁烧巡查。"),
    ("街道城建办", "里山街道某建筑工地", "里山社区学府路", "噪声",
     "工地夜间施工噪声扰民，渣土车夜间进出。",
     "责令施工单位办理夜间施工许可，未经许可夜间停止施工。"),
    ("桃坡村", "桃坡村汽车维修店", "桃坡村集镇", "危废",
     "维修店废机油随意倾倒，地面油污严重。",
     "责令规范收集废机油并交有资质单位处置，建立危废台账。"),
    ("新河社区", "新河社区洗车点", "新河社区滨河路", "废水",
     "洗车废水直接排入雨水管网，流入河道。",
     "督促建设沉淀隔油池，废水经处理后排入污水管网。"),
    ("七星村", "七星村木材加工点", "七星村枫树组", "噪声",
     "木材加工设备噪声大，早晚作业影响周边居民。",
     "限定作业时间为早8时至晚6时，设备加装减振垫。"),
    ("街道农业农村办", "杨山村王某某养鸭场", "杨山村塘口组", "异味",
     "养鸭场臭味大，鸭粪堆放在路边。",
     "督促养殖户清理鸭粪，建设堆粪棚，控制养殖规模。"),
    ("里山社区", "里山社区“小辣椒”餐馆", "里山社区学府路", "油烟",
     "餐馆排烟口正对居民窗户，油烟和噪声扰民。",
     "督促餐馆改造排烟管道至楼顶高空排放，更换低噪声风机。"),
    ("桃坡村", "桃坡村砖瓦厂旧址", "桃坡村上湾组", "固废",
     "废弃厂区堆放建筑垃圾，雨天污水流入农田。",
     "组织清运建筑垃圾，对场地进行平整复绿。"),
]

NEW_PROBLEMS = [
    "厂区西侧新增一处砂石露天堆放，未覆盖防尘网",
    "雨污管网混接，生活污水经雨水口排入沟渠",
    "危险废物暂存间未设置防渗和标识",
    "油烟净化器长期未清洗，净化效率低",
    "场区东侧发现一处废弃油桶，有渗漏痕迹",
]

INSPECTORS = ["张伟、李娜", "王强、刘洋", "陈静、杨帆", "赵磊、周敏", "吴刚、郑丽", "孙涛、王芳"]
PETITIONERS = ["张先生", "李女士", "王先生", "刘女士", "陈先生", "杨女士", "匿名", "周先生"]


def _phone(rng: random.Random) -> str:
    return "1" + rng.choice("3578") + "".join(str(rng.randint(0, 9)) for _ in range(9))


def create_demo(actor: User) -> None:
    """Add the sample units (those the campaign file did not list), users, 34 cases and their
    look-back records to the current campaign."""
    rng = random.Random(2024)
    with database.atomic():
        units = [Unit.get_or_none(Unit.name == name) or add_unit(name, kind, (n + 1) * 10)
                 for n, (name, kind) in enumerate(UNITS)]
        users.add_user(None, "qixing", "七星村 陈村干", Role.UNIT.value, units[0].name)
        users.add_user(None, "xinhe", "新河社区 刘主任", Role.UNIT.value, units[4].name)
        users.add_user(None, "quhuanweiban", "区环委办 查看", Role.VIEWER.value)
        channels = [ch for ch, count in CHANNEL_COUNTS for _ in range(count)]
        rng.shuffle(channels)
        received = []
        for n, channel in enumerate(channels, start=1):
            unit_name, target, location, category, problem, handling = PROBLEMS[
                (n * 5) % len(PROBLEMS)]
            unit = next(u for u in units if u.name == unit_name)
            year = 2021 + (n - 1) * 3 // 34
            day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 330))
            received.append(day)
            case_service.create_case(actor, {
                "case_no": f"LS-{year}-{n:03d}",
                "channel": channel.label,
                "received_on": day,
                "unit": unit,
                "petitioner": rng.choice(PETITIONERS),
                "phone": _phone(rng),
                "target": target,
                "location": location,
                "category": category,
                "content": problem,
                "original_handling": handling,
            })
        _demo_lookback(actor, rng)


def _demo_lookback(actor: User, rng: random.Random) -> None:
    """Inspections for 21 of the 34 cases over the first three report weeks, with items in
    every stage of the life cycle."""
    start = dt.date(2024, 3, 15)
    today = dt.date(2024, 4, 15)
    for n in range(1, 22):
        case_no = next(c.case_no for c in case_service.list_cases(actor)
                       if c.case_no.endswith(f"-{n:03d}"))
        day = start + dt.timedelta(days=(n * 19) % 20)
        handled = n % 5 != 0
        rebound = n % 7 == 0
        new = [NEW_PROBLEMS[n // 4 % len(NEW_PROBLEMS)]] if n % 4 == 0 else []
        satisfaction = ["满意", "基本满意", "满意", "不满意", "联系不上"][n % 5]
        _, items = inspections.record_inspection(actor, case_no, inspections.InspectionInput(
            inspected_on=day, inspectors=rng.choice(INSPECTORS), handled=handled,
            rebound=rebound, satisfaction=satisfaction,
            findings="现场查看，" + ("问题已整改到位，未发现反弹。" if handled and not rebound
                                   else "问题仍然存在，需继续整改。"),
            new_problems=new), today=today)
        for m, item in enumerate(items):
            _plan_item(actor, item, day, cross_year=(n + m) % 3 == 0, stage=(n + m) % 4,
                       today=today)


def _plan_item(actor: User, item, opened: dt.date, *, cross_year: bool, stage: int,
               today: dt.date) -> None:
    deadline = dt.date(2025, 6, 30) if cross_year else dt.date(2024, 6, 30)
    periods = rectifications.required_periods(opened, deadline)
    measures = [
        MeasureInput("责令限期整改，落实覆盖、隔音、治污等防治设施",
                     [{"period": p, "target": _target(p, i)} for i, p in enumerate(periods)]),
        MeasureInput("属地村（社区）每周巡查一次，做好记录",
                     [{"period": p, "target": "巡查不少于每周一次"} for p in periods]),
    ]
    item = rectifications.update_item(actor, item.id, {
        "problem_type": item.problem_type, "original_problem": item.original_problem,
        "new_problem": item.new_problem,
        "target_standard": "问题整改到位，经现场验收无反弹，信访人满意或基本满意",
        "implementer": item.implementer, "acceptor": item.acceptor, "deadline": deadline,
    }, measures, item.version)
    if stage == 3:
        rectifications.set_status(actor, item.id, "移交执法", on=opened + dt.timedelta(days=12),
                                  reason="经多次督促拒不整改", department="区生态环境综合执法大队",
                                  today=today)
        return
    if stage >= 1:
        item = rectifications.set_status(actor, item.id, "待验收",
                                         on=opened + dt.timedelta(days=10), today=today)
    if stage >= 2:
        rectifications.set_status(actor, item.id, "已销号", on=opened + dt.timedelta(days=14),
                                  today=today)


def _target(period: str, index: int) -> str:
    return ["完成问题排查和整改方案", "完成主体整改工程", "完成验收并建立长效机制"][min(index, 2)]
