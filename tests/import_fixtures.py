"""Builders of ledger files in the forms offices keep them: a grid of cells plus merged
ranges, written as .xlsx (openpyxl), .xls (xlwt), .ods (odfpy) or CSV in any encoding."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

#: (first row, first col, last row, last col), 0-based and inclusive
Range = tuple[int, int, int, int]

TITLE = "2024年里山街道生态环境领域信访事项台账"
HEADER = ["序号", "信访编号", "受理时间", "来源渠道", "所属村（社区）", "信访人", "联系电话",
          "被反映对象", "反映内容", "办理情况"]
SPECIAL_TEXT = "群众反映[噪声]问题，=SUM(A1:A3) <b>夜间</b> 施工 [bold]扰民[/bold]"


@dataclass
class Grid:
    rows: list[list[object]] = field(default_factory=list)
    merges: list[Range] = field(default_factory=list)

    def add(self, *cells: object) -> int:
        self.rows.append(list(cells))
        return len(self.rows) - 1

    def text_rows(self) -> list[list[str]]:
        """As a CSV holds it: dates as text; a value merged down typed into every row."""
        out = [["" if v is None else v.isoformat() if isinstance(v, dt.date) else str(v)
                for v in row] for row in self.rows]
        for r0, c0, r1, _ in self.merges:
            for r in range(r0 + 1, r1 + 1):
                out[r][c0] = out[r0][c0]
        return out


def sample_ledger(*, dates: str = "mixed") -> Grid:
    """The ledger as a village office keeps it: a merged title, a 填报单位 line, a header,
    a village name merged over its cases, dates in every form, notes below the table.

    ``dates="mixed"`` uses date cells and Excel serial numbers (spreadsheets only);
    ``dates="text"`` writes every date as text (as a CSV must).
    """
    g = Grid()
    g.add(TITLE)
    g.merges.append((0, 0, 0, len(HEADER) - 1))
    g.add("填报单位：里山街道生态环境站", None, None, None, None, None, None,
          "填报时间：2024年3月20日")
    g.add(*HEADER)
    serial = dt.date(2021, 5, 6) if dates == "text" else 44322  # Excel's 2021-05-06
    cell_date = dt.date(2021, 3, 2) if dates == "mixed" else "2021-03-02"
    first = g.add(1, "LS-2021-001", cell_date, "12345", "七星村", "张三", "13812345678",
                  "池州市恒达石材加工厂", "石材切割机夜间作业，噪声扰民。", "责令调整作业时间。")
    g.add(2, "LS-2021-002", serial, "12345政务服务热线", None, "李四", "", "鑫源混凝土公司",
          "运输车辆带泥上路，道路扬尘。", "完善车辆冲洗设施。")
    g.merges.append((first, 4, first + 1, 4))  # 七星村 merged over its two cases
    g.add(3, "LS-2021-003", "2021/5/7", "电话", "　桃坡村 ", "王五", "0566-1234567",
          "桃坡村汽车维修店", "废机油随意倾倒。", "")
    g.add(4, "LS-2022-004", "2022.1.9", "舆情", "新河社区", None, None,
          "新河路烧烤店", SPECIAL_TEXT, "安装油烟净化器。")
    g.add(5, "LS-2022-005", "2022年2月3日", "人民网留言板", "新河社区", "赵六", "13900001111",
          "新河社区洗车点", "洗车废水直排雨水管网。", "建设沉淀池。")
    g.add(None, None, None, None, None, None, None, None, None, None)  # an empty row
    g.add(6, "LS-2023-006", "20230304", "区网信办转办", "街道城建办", None, None,
          "某建筑工地", "工地夜间施工噪声扰民。", "责令停止夜间施工。")
    g.add(7, None, "2023-6-1", "便民服务热线", "七星村", "钱七", None,
          "七星村木材加工点", "木材加工设备噪声大。", "限定作业时间。")
    g.add(8, None, "2023年7月8日", "来访", "桃坡村", None, None,
          "桃坡村砖瓦厂旧址", "废弃厂区堆放建筑垃圾。", "组织清运。")
    g.add(None, None, None, None, None, None, None, None, None, None)
    g.add("制表人：王章兴", None, None, None, "审核人：李某")
    g.add("注：本表按受理时间排序。")
    return g


#: what ``sample_ledger`` must become: case_no → field values (None: a generated number)
EXPECTED = [
    dict(case_no="LS-2021-001", channel="hotline12345", received_on=dt.date(2021, 3, 2),
         unit="七星村", petitioner="张三", phone="13812345678", target="池州市恒达石材加工厂",
         content="石材切割机夜间作业，噪声扰民。", original_handling="责令调整作业时间。"),
    dict(case_no="LS-2021-002", channel="hotline12345", received_on=dt.date(2021, 5, 6),
         unit="七星村", petitioner="李四", phone="", target="鑫源混凝土公司",
         content="运输车辆带泥上路，道路扬尘。", original_handling="完善车辆冲洗设施。"),
    dict(case_no="LS-2021-003", channel="phone", received_on=dt.date(2021, 5, 7),
         unit="桃坡村", petitioner="王五", phone="0566-1234567", target="桃坡村汽车维修店",
         content="废机油随意倾倒。", original_handling=""),
    dict(case_no="LS-2022-004", channel="online", received_on=dt.date(2022, 1, 9),
         unit="新河社区", petitioner="", phone="", target="新河路烧烤店",
         content=SPECIAL_TEXT, original_handling="安装油烟净化器。"),
    dict(case_no="LS-2022-005", channel="peopledaily", received_on=dt.date(2022, 2, 3),
         unit="新河社区", petitioner="赵六", phone="13900001111", target="新河社区洗车点",
         content="洗车废水直排雨水管网。", original_handling="建设沉淀池。"),
    dict(case_no="LS-2023-006", channel="cyberoffice", received_on=dt.date(2023, 3, 4),
         unit="街道城建办", petitioner="", phone="", target="某建筑工地",
         content="工地夜间施工噪声扰民。", original_handling="责令停止夜间施工。"),
    dict(case_no=None, channel="servicehotline", received_on=dt.date(2023, 6, 1),
         unit="七星村", petitioner="钱七", phone="", target="七星村木材加工点",
         content="木材加工设备噪声大。", original_handling="限定作业时间。"),
    dict(case_no=None, channel="visit", received_on=dt.date(2023, 7, 8),
         unit="桃坡村", petitioner="", phone="", target="桃坡村砖瓦厂旧址",
         content="废弃厂区堆放建筑垃圾。", original_handling="组织清运。"),
]


def simple_ledger(header: list[str], rows: list[list[object]]) -> Grid:
    g = Grid()
    g.add(*header)
    for row in rows:
        g.add(*row)
    return g


# ---------------------------------------------------------------- writers

def write_xlsx(grid: Grid, path: Path, sheet: str = "台账", *, date_format: str = "yyyy-mm-dd",
               extra_sheets: tuple[str, ...] = ()) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for name in extra_sheets:  # sheets before the ledger, e.g. an instructions page
        wb.create_sheet(name, 0)["A1"] = "填表说明：请按模板填写。"
    ws.title = sheet
    for r, row in enumerate(grid.rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = ws.cell(row=r, column=c)
            if isinstance(value, str) and value.startswith("="):
                cell.set_explicit_value(value, "s")  # text that looks like a formula
            else:
                cell.value = value
            if isinstance(value, dt.date):
                cell.number_format = date_format
    for r0, c0, r1, c1 in grid.merges:
        ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1,
                       end_column=c1 + 1)
    wb.save(path)
    return path


def write_xlsx_sheets(sheets: dict[str, Grid], path: Path) -> Path:
    """A workbook with one sheet per grid, in order (e.g. one ledger sheet a year)."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, grid in sheets.items():
        ws = wb.create_sheet(name)
        for row in grid.rows:
            ws.append(row)
    wb.save(path)
    return path


def write_xls(grid: Grid, path: Path, sheet: str = "台账") -> Path:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet(sheet)
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    covered = {(r, c) for r0, c0, r1, c1 in grid.merges
               for r in range(r0, r1 + 1) for c in range(c0, c1 + 1) if (r, c) != (r0, c0)}
    merged_at = {(r0, c0): (r1, c1) for r0, c0, r1, c1 in grid.merges}
    for r, row in enumerate(grid.rows):
        for c, value in enumerate(row):
            if (r, c) in covered:
                continue
            style = date_style if isinstance(value, dt.date) else xlwt.Style.default_style
            if (r, c) in merged_at:
                r1, c1 = merged_at[(r, c)]
                ws.write_merge(r, r1, c, c1, value, style)
            elif value is not None:
                ws.write(r, c, value, style)
    wb.save(str(path))
    return path


def write_ods(grid: Grid, path: Path, sheet: str = "台账") -> Path:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name=sheet)
    covered = {(r, c) for r0, c0, r1, c1 in grid.merges
               for r in range(r0, r1 + 1) for c in range(c0, c1 + 1) if (r, c) != (r0, c0)}
    spans = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for r0, c0, r1, c1 in grid.merges}
    width = max(len(r) for r in grid.rows)
    for r, row in enumerate(grid.rows):
        tr = TableRow()
        for c in range(width):
            value = row[c] if c < len(row) else None
            if (r, c) in covered:
                tr.addElement(CoveredTableCell())
                continue
            kw = {}
            if (r, c) in spans:
                kw = dict(numberrowsspanned=spans[(r, c)][0],
                          numbercolumnsspanned=spans[(r, c)][1])
            if value is None:
                cell = TableCell(**kw)
            elif isinstance(value, dt.date):
                cell = TableCell(valuetype="date", datevalue=value.isoformat(), **kw)
                cell.addElement(P(text=value.isoformat()))
            elif isinstance(value, (int, float)):
                cell = TableCell(valuetype="float", value=str(value), **kw)
                cell.addElement(P(text=str(value)))
            else:
                cell = TableCell(valuetype="string", **kw)
                cell.addElement(P(text=str(value)))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path


def write_csv(grid: Grid, path: Path, encoding: str = "utf-8-sig",
              delimiter: str = ",") -> Path:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(grid.text_rows())
    path.write_bytes(buf.getvalue().encode(encoding))
    return path
