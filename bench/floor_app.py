"""The floor for "start to ledger visible": a minimal Textual app with one 200-row DataTable.

Run as ``python -m bench.floor_app [ROWS]``. It imports nothing but Textual and the standard
library, builds rows like the ledger's (case number, channel, dates, unit, Chinese texts) and
adds them when mounted, the way a simple app would. ctrl+q quits.
"""

from __future__ import annotations

import random
import sys

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer

COLUMNS = ["编号", "来源", "受理日期", "核查单位", "被反映对象", "反映问题", "状态", "整改时限"]
CHANNELS = ["来电", "12345热线", "网络舆情", "来访", "人民网留言", "信访", "区网信办", "便民热线"]
UNITS = ["七星村", "桃坡村", "杨山村", "里山社区", "新河社区", "街道城建办", "街道农业农村办"]
TARGETS = ["池州市恒达石材加工厂", "里山镇永兴砂石堆场", "桃坡村张某某生猪养殖场",
           "新河路“好再来”烧烤店", "里山社区农贸市场", "池州市鑫源混凝土有限公司"]
PROBLEMS = ["石材切割机夜间作业，噪声扰民，影响附近居民休息。",
            "砂石堆场未覆盖，大风天气扬尘严重，附近农户晾晒衣物落满灰尘。",
            "养殖废水未经处理直排水塘，水体发黑发臭。",
            "烧烤店油烟未经净化直排，油烟味呛人，楼上住户无法开窗。",
            "市场垃圾清运不及时，夏季异味大，污水横流。"]
STATUSES = ["待核查", "已核查", "整改中", "已销号"]


def first_case_no() -> str:
    return "FL-2024-0001"


def rows(count: int) -> list[tuple[str, ...]]:
    rng = random.Random(7)
    return [(f"FL-2024-{n:04d}", rng.choice(CHANNELS), f"2023-{rng.randint(1, 12):02d}-"
             f"{rng.randint(1, 28):02d}", rng.choice(UNITS), rng.choice(TARGETS),
             rng.choice(PROBLEMS), rng.choice(STATUSES), "2024-06-30")
            for n in range(1, count + 1)]


class FloorApp(App):
    TITLE = "floor"

    def __init__(self, count: int = 200) -> None:
        super().__init__()
        self.count = count

    def compose(self) -> ComposeResult:
        yield DataTable(cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*COLUMNS)
        table.add_rows(rows(self.count))
        table.focus()


if __name__ == "__main__":
    FloorApp(int(sys.argv[1]) if len(sys.argv) > 1 else 200).run()
