"""Batch export of the official forms: what the cron job, ``huitoukan-tui export`` and the
TUI's export action all call (``export_forms``).

- kinds: ``progress`` (attachment 2), ``problems`` (attachment 1, ``final`` adds 核查情况 and
  核查人员), ``ledger`` (the case ledger with the latest inspection), ``all``;
- scopes: the consolidated file (合计) and, with ``per_unit``, one file per unit; a unit user
  only ever gets its own unit;
- file names say what they are (``2024-03-21_进展一览表_七星村.xlsx``), made safe, and
  different for different units even when their names differ only in characters a file name
  cannot hold (``城建/规划办``, ``城建_规划办``);
- the station writes the official ``exports/`` folder; everyone else a folder of their own
  (services.access.export_folder), so an official file is never replaced by a lesser
  account's;
- each file is written to a hidden temporary file in the output folder and renamed over the
  old one, so a reader never sees half a file; a file whose content did not change is left
  alone (``force`` replaces it anyway); the whole batch holds a lock on the folder, and
  starts by removing the temporaries a killed export left there (openpyxl's included: they
  are kept in the output folder, never in /tmp).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from huitoukan_tui.enums import CaseStatus, Channel, RectKind, Satisfaction
from huitoukan_tui.io import forms, pdf
from huitoukan_tui.services import (
    access,
    cases,
    faults,
    inspections,
    organisation,
    rectifications,
    scratch,
    sharedfiles,
)
from huitoukan_tui.services import campaign as campaigns
from huitoukan_tui.services.campaign import Week, week_due
from huitoukan_tui.services.errors import ServiceError, ValidationError
from huitoukan_tui.services.locks import exclusive_lock
from huitoukan_tui.services.progress import (
    STREET_HEADING,
    TOTAL_LABEL,
    ProgressTable,
    submitted_progress,
    total_row,
    weekly_progress,
)
from huitoukan_tui.services.text import cn_date, date_problem, not_a_choice, parse_date

if TYPE_CHECKING:
    from huitoukan_tui.models import Campaign, Unit, User

PROGRESS, PROBLEMS, LEDGER, ALL = "progress", "problems", "ledger", "all"
KINDS = (PROGRESS, PROBLEMS, LEDGER)
FORMATS = ("xlsx", "csv", "pdf")
FORM_NAMES = {PROGRESS: "进展一览表", PROBLEMS: "问题清单", LEDGER: "信访台账"}
FINAL_NAME = "问题核查清单"
SUBMITTED_NAME = "进展一览表_报送版"
CONSOLIDATED = TOTAL_LABEL
LOCK_NAME = "export"

CREATED, UPDATED, UNCHANGED, FAILED = "created", "updated", "unchanged", "failed"
PENDING = "pending"  # a PDF whose xlsx is written, waiting for the batch's conversion
STATUS_LABELS = {CREATED: "新建", UPDATED: "已更新", UNCHANGED: "未变化", FAILED: "失败"}


@dataclass(frozen=True)
class ExportResult:
    path: Path
    kind: str
    scope: str          # 合计 or the unit's name
    rows: int           # data rows (units, problems or cases)
    sha256: str
    status: str         # created | updated | unchanged | failed
    error: str = ""
    warnings: tuple[str, ...] = ()  # rows written but incomplete (提醒, not a failure)

    @property
    def ok(self) -> bool:
        return self.status != FAILED

    def line(self) -> str:
        """What the command prints: ``path  rows  sha256  状态``."""
        return f"{self.path}  {self.rows}  {self.sha256}  {STATUS_LABELS[self.status]}"


@dataclass(frozen=True)
class Scope:
    label: str                    # file-name suffix
    reporter: str                 # 填报单位
    units: tuple[str, ...]        # unit names; () = everything the actor may see
    unit_ids: tuple[int, ...]
    #: attachment 2 of a district: one row per street (None), or this street's own table
    street: str | None = None


# ---------------------------------------------------------------- entry point

def export_forms(actor: User, kind: str, week: Week | dt.date | str | None = None,
                 units: Sequence[str] = (), per_unit: bool = False, final: bool = False,
                 out_dir: Path | str | None = None, fmt: str = "xlsx", force: bool = False,
                 *, submitted: bool = False, today: dt.date | None = None,
                 lock_timeout: float = 600.0, campaign: campaigns.CampaignRef = None,
                 per_street: bool = False) -> list[ExportResult]:
    """Write the forms of ``kind`` of ``campaign`` for the report ``week`` (default: the
    week due by ``today``) into ``out_dir`` (default: ``access.export_folder(actor)``).
    ``submitted``: attachment 2 as the week was submitted (报送), not as computed today.
    A district-wide actor's attachment 2 has one row per street; ``per_street`` adds each
    street's own table.

    Raises ServiceError for bad input or access; a file that cannot be written becomes a
    result with status ``failed`` and the batch goes on."""
    if kind not in (*KINDS, ALL):
        raise ValidationError.of("类型", not_a_choice(kind, (*KINDS, ALL)))
    if fmt not in FORMATS:
        raise ValidationError.of("格式", not_a_choice(fmt, FORMATS))
    if submitted and kind != PROGRESS:
        raise ValidationError.of("报送版", "只有进展一览表（progress）有报送时的数字。")
    campaign = campaigns.resolve(campaign, actor)
    report_week = resolve_week(campaign, week, today)
    scopes = plan_scopes(actor, campaign, units, per_unit, per_street)
    kinds = KINDS if kind == ALL else (kind,)
    frozen = (submitted_progress(actor, report_week, campaign) if submitted
              else None)  # or refused
    if fmt == "pdf":
        pdf.soffice_program()  # refused before anything is written when it is absent
    folder = Path(out_dir).expanduser() if out_dir else access.export_folder(actor)
    access.check_export_folder(actor, folder)
    try:
        folder = sharedfiles.ensure_folder(folder).resolve()
        with exclusive_lock(LOCK_NAME, folder, timeout=lock_timeout), (
                scratch.private_folder("pdf") if fmt == "pdf" else contextlib.nullcontext()
        ) as work:
            remove_stale_temporaries(folder)
            job = _Job(actor, campaign, report_week, folder, fmt, force, final, frozen)
            job.work = work
            results = [r for k in kinds for r in job.export(k, scopes)]
            if fmt == "pdf":
                results = job.convert_pdfs(results)
            _fsync_dir(folder)  # the renames survive a crash (once per batch, not per file)
    except OSError as exc:  # the folder itself (each file's own failure is its result)
        raise ServiceError(f"无法写入导出目录 {folder}：{faults.os_reason(exc)}") from None
    return results


def planned_files(actor: User, kind: str, units: Sequence[str] = (),
                  per_unit: bool = False, campaign: campaigns.CampaignRef = None,
                  per_street: bool = False) -> int:
    """How many files ``export_forms`` would write for this selection."""
    kinds = KINDS if kind == ALL else (kind,)
    found = campaigns.resolve(campaign, actor)
    return len(kinds) * len(plan_scopes(actor, found, units, per_unit, per_street))


@contextlib.contextmanager
def export_single(actor: User, kind: str, units: Sequence[str] = (), per_unit: bool = False,
                  **options) -> Iterator[ExportResult]:
    """The one file of a selection (for standard output), written into a private folder
    that is removed afterwards; the exports folder is not touched. A selection that makes
    several files is refused. ``options``: those of ``export_forms``."""
    count = planned_files(actor, kind, units, per_unit, options.get("campaign"),
                          options.get("per_street", False))
    if count != 1:
        raise ValidationError(
            f"标准输出只能输出一个文件，这次的选择会生成 {count} 个文件：请只选 progress、"
            "problems、ledger 中的一种，不要用 --per-unit（或不用 --stdout，写入导出目录）。")
    with scratch.private_folder("stdout") as folder:
        [result] = export_forms(actor, kind, units=units, per_unit=per_unit, out_dir=folder,
                                force=True, **options)
        if not result.ok:
            raise ServiceError(result.error)
        yield result


#: what an export leaves in its folder while it writes (its own and openpyxl's temporaries)
TEMPORARY_PATTERNS = (".*.xlsx.*.tmp", ".*.csv.*.tmp", f"{forms.SCRATCH_PREFIX}*")


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Under the folder's export lock no other export is writing: every temporary file of
    ours there was left by one that was killed."""
    removed = []
    for pattern in TEMPORARY_PATTERNS:
        for path in folder.glob(pattern):
            try:
                path.unlink()
                removed.append(path)
            except OSError:
                continue
    return removed


def resolve_week(campaign: Campaign, week: Week | dt.date | str | None,
                 today: dt.date | None = None) -> Week:
    """A Week as given, the campaign's report week containing a date (refused outside the
    campaign's weeks), or the one due by ``today``."""
    if isinstance(week, Week):
        return week
    if week in (None, ""):
        return week_due(campaign, today or campaigns.today_in(campaign))
    try:
        day = parse_date(week)
    except ValueError as exc:
        raise ValidationError.of("报送周", date_problem(week, exc)) from None
    return campaigns.week_of(campaign, day)


def plan_scopes(actor: User, campaign: Campaign, unit_names: Sequence[str] = (),
                per_unit: bool = False, per_street: bool = False) -> list[Scope]:
    """The files of one kind: the consolidated scope first, then one per street
    (``per_street``, district-wide actors), then one per unit."""
    taking_part = {s.id for s in campaigns.streets_of(campaign)}
    visible = [u for u in organisation.visible_units(actor) if u.street_id in taking_part]
    wanted = [n.strip() for n in unit_names if n and n.strip()]
    if wanted:
        by_name = {u.name: u for u in visible}
        unknown = [n for n in dict.fromkeys(wanted) if n not in by_name]
        if unknown:
            raise ValidationError.of("单位", f"没有这个单位或无权导出：{'、'.join(unknown)}")
        wanted_names = set(wanted)
        chosen = [u for u in visible if u.name in wanted_names]
    else:
        chosen = visible
    if not chosen:
        raise ValidationError.of("单位", "没有可以导出的单位。")
    singles = [_unit_scope(u) for u in chosen]
    if len(chosen) == 1:
        return singles
    names = tuple(u.name for u in chosen) if wanted else ()
    district = not wanted and access.sees_streets(actor)
    if district:
        streets = [_street_scope(s, chosen) for s in campaigns.streets_of(campaign)]
        whole = Scope(CONSOLIDATED, campaign.district, (), tuple(u.id for u in chosen))
        return [whole, *(streets if per_street else []), *(singles if per_unit else [])]
    if not wanted and (access.sees_all_units(actor) or access.is_station(actor)):
        label = CONSOLIDATED
    elif len(chosen) <= 3:
        label = "、".join(u.name for u in chosen)
    else:
        label = f"{chosen[0].name}等{len(chosen)}个单位"
    street = organisation.streets()[0] if access.street_of(actor) is None else \
        next(s for s in organisation.streets() if s.id == access.street_of(actor))
    whole = Scope(label if label == CONSOLIDATED else f"{CONSOLIDATED}（{label}）",
                  street.name, names, tuple(u.id for u in chosen))
    return [whole, *singles] if per_unit else [whole]


def _unit_scope(unit: Unit) -> Scope:
    return Scope(unit.name, unit.name, (unit.name,), (unit.id,))


def _street_scope(street, units: list[Unit]) -> Scope:
    mine = [u for u in units if u.street_id == street.id]
    return Scope(street.name, street.name, tuple(u.name for u in mine),
                 tuple(u.id for u in mine), street.name)


# ---------------------------------------------------------------- file names

_UNSAFE = re.compile(r'[\\/:*?"<>|~\s]+')
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                     *(f"LPT{i}" for i in range(1, 10))}
MAX_NAME_BYTES = 120
#: the campaign's part of a file name: with the rest it stays under the 255 bytes of a name
MAX_CAMPAIGN_BYTES = 80


def safe_name(text: str, limit: int = MAX_NAME_BYTES) -> str:
    """A file-name part made from user text: no path separators, no ``..``, no control or
    invisible characters, nothing Windows refuses; never empty. A name that had to be
    changed gets ``~`` and the start of the original's sha256, so two names that differ
    only in what a file name cannot hold never make the same file (``~`` itself counts as
    such a character)."""
    original = text or ""
    text = "".join(ch for ch in unicodedata.normalize("NFC", original)
                   if unicodedata.category(ch)[0] != "C")
    text = _UNSAFE.sub("_", text)
    text = re.sub(r"\.{2,}", "_", text).strip(" ._")
    if not text or text.upper().split(".")[0] in _WINDOWS_RESERVED:
        text = f"_{text}" if text else "未命名"
    if text == original and len(text.encode("utf-8")) <= limit:
        return text
    tag = "~" + hashlib.sha256(original.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    while len((text + tag).encode("utf-8")) > limit:
        text = text[:-1]
    return text + tag


def file_name(week: Week, form_name: str, scope_label: str, fmt: str,
              campaign_name: str = "") -> str:
    """``2024-03-21_进展一览表_七星村.xlsx``; with ``campaign_name`` (a database of several
    campaigns, whose weeks can be the same)
    ``2024-03-21_2024年…专项行动_进展一览表_七星村.xlsx``."""
    campaign = f"{safe_name(campaign_name, MAX_CAMPAIGN_BYTES)}_" if campaign_name else ""
    return f"{week.end.isoformat()}_{campaign}{form_name}_{safe_name(scope_label)}.{fmt}"


# ---------------------------------------------------------------- the work

class _Job:
    def __init__(self, actor: User, campaign: Campaign, week: Week, folder: Path, fmt: str,
                 force: bool, final: bool, frozen: ProgressTable | None):
        self.actor, self.campaign, self.week = actor, campaign, week
        self.folder, self.fmt, self.force, self.final = folder, fmt, force, final
        self.frozen = frozen  # attachment 2 as submitted, when that is what is asked for
        self.work: Path | None = None  # the private folder of a PDF batch
        self.pdf_sources: dict[Path, Path] = {}  # PDF path → its xlsx in ``work``
        # same week, same content, same bytes: every timestamp inside the file is this one
        self.stamp = dt.datetime.combine(week.end, dt.time(0, 0))
        #: 填报时间: the day the week's forms are due, as the board and the status bar say
        #: (the report day, or the working day before it when it is a holiday, or what the
        #: campaign file's [report_due] says)
        self.filled_on = campaigns.due_of(campaign, week).due_day
        self.campaign_name = campaign.name if campaigns.several_campaigns() else ""

    def export(self, kind: str, scopes: list[Scope]) -> list[ExportResult]:
        build = {PROGRESS: self._progress, PROBLEMS: self._problems, LEDGER: self._ledger}[kind]
        form_name = FINAL_NAME if kind == PROBLEMS and self.final else FORM_NAMES[kind]
        if kind == PROGRESS and self.frozen is not None:
            form_name = SUBMITTED_NAME
        results = []
        for scope, form, rows, warnings in build(scopes):
            path = self.folder / file_name(self.week, form_name, scope.label, self.fmt,
                                           self.campaign_name)
            if self.fmt == "pdf":
                result = self._pdf_source(path, form, rows, kind, scope.label)
            else:
                result = write_file(path, form, rows, self.fmt, self.force, kind=kind,
                                    scope=scope.label)
            results.append(dataclasses.replace(result, warnings=warnings))
        return results

    # -- PDF: every xlsx of the batch first, then one LibreOffice run for all of them
    def _pdf_source(self, path: Path, form: forms.Form, rows, kind: str,
                    scope: str) -> ExportResult:
        assert self.work is not None
        source = self.work / "xlsx" / (path.stem + ".xlsx")
        source.parent.mkdir(exist_ok=True)
        count = forms.write_xlsx(source, form, rows)
        self.pdf_sources[path] = source
        return ExportResult(path, kind, scope, count, "", PENDING)

    def convert_pdfs(self, results: list[ExportResult]) -> list[ExportResult]:
        assert self.work is not None
        try:
            done = pdf.convert(list(self.pdf_sources.values()), self.work, self.stamp)
            problem = "LibreOffice 没有转换这个文件"
        except pdf.ConversionFailed as exc:
            done, problem = {}, exc.lines[0]
        out = []
        for r in results:
            converted = done.get(self.pdf_sources.get(r.path)) if r.status == PENDING else None
            if converted is not None:
                placed = place_file(r.path, _copy(converted, r.rows), self.force,
                                    kind=r.kind, scope=r.scope)
                out.append(dataclasses.replace(placed, warnings=r.warnings))
            elif r.status == PENDING:
                out.append(dataclasses.replace(r, status=FAILED,
                                               error=f"{r.path.name}：{problem}"))
            else:
                out.append(r)
        return out

    def _form(self, title: str, columns: list[forms.Column], scope: Scope, sheet: str,
              **kw) -> forms.Form:
        return forms.Form(title=title, columns=columns, reporter=scope.reporter,
                          report_date=self.filled_on, sheet_name=sheet, stamp=self.stamp, **kw)

    # -- attachment 2: one computation (or the week as submitted), sliced per scope
    def _progress(self, scopes: list[Scope]):
        district = access.sees_streets(self.actor)
        table = self.frozen or weekly_progress(self.actor, self.week, campaign=self.campaign)
        for scope in scopes:
            first = forms.PROGRESS_HEADERS[1]
            if district and scope.street:  # a street's own table, its units' rows
                rows = weekly_progress(self.actor, self.week, campaign=self.campaign,
                                       street=scope.street).rows
            elif district and not scope.units and table.level == "street":
                rows = table.rows  # the district's table: one row per street
                first = STREET_HEADING
            elif district:
                rows = weekly_progress(self.actor, self.week, list(scope.units),
                                       campaign=self.campaign).rows
            else:
                rows = [r for r in table.rows if r.unit_id in scope.unit_ids]
            total = total_row(rows)
            values = [[n, r.unit, r.total, r.verified_this_week, r.verified_total,
                       r.completion_rate, r.new_problems_this_week, r.new_problems_total,
                       r.remarks] for n, r in enumerate(rows, start=1)]
            form = self._form(self.campaign.title_progress, forms.progress_columns(first), scope,
                              "附件2 进展一览表", title_break="“回头看”",
                              total=forms.progress_total(
                                  (CONSOLIDATED, None, total.total,
                                   total.verified_this_week, total.verified_total,
                                   total.completion_rate, total.new_problems_this_week,
                                   total.new_problems_total, "")))
            yield scope, form, values, ()

    # -- attachment 1: the four lists as of the end of the week
    def _problems(self, scopes: list[Scope]):
        wanted = {i for s in scopes for i in s.unit_ids}
        everything = any(not s.units for s in scopes)  # also units no longer active
        items = [i for i in rectifications.list_items(
                     self.actor, rectifications.ItemFilter(campaign=self.campaign.id))
                 if (everything or i.case.unit_id in wanted) and i.opened_on <= self.week.end]
        latest = (inspections.latest_inspections(sorted({i.case_id for i in items}),
                                                 self.campaign)
                  if self.final else {})
        rendered = {item.id: self._problem_row(item, latest) for item in items}
        incomplete = {item.id: _incomplete(item) for item in items}
        for scope in scopes:
            ids = set(scope.unit_ids)
            chosen = [i for i in items if not scope.units or i.case.unit_id in ids]
            rows = [[n, *rendered[item.id]] for n, item in enumerate(chosen, start=1)]
            sheet = "附件1 问题核查清单" if self.final else "附件1 问题清单"
            form = self._form(self.campaign.title_problems, forms.problems_columns(self.final),
                              scope, sheet)
            yield scope, form, rows, tuple(incomplete[i.id] for i in chosen
                                           if incomplete[i.id])

    def _problem_row(self, item, latest: dict) -> list:
        """The nine columns of the seed; 完成时限 also says the row's state at the end of
        the week (``2024年6月30日（已销号）``), so the printed list shows it."""
        state = f"（{rectifications.state_label_on(item, self.week.end)}）"
        deadline = f"{cn_date(item.deadline)}\n{state}" if item.deadline else state
        row = [item.problem_type, item.original_problem, item.new_problem,
               rectifications.measures_text(item), item.target_standard, item.implementer,
               item.acceptor, deadline]
        if self.final:
            inspection = latest.get(item.case_id)
            row += [inspection.findings if inspection else "",
                    inspection.inspectors if inspection else ""]
        return row

    # -- the ledger: streamed in chunks, whatever its size
    def _ledger(self, scopes: list[Scope]):
        for scope in scopes:
            form = self._form(self.campaign.title_ledger, forms.ledger_columns(), scope,
                              "信访台账", signature=False, fit=False,
                              date_format=forms.LEDGER_DATE_FORMAT)
            yield scope, form, self._ledger_rows(scope), ()

    def _ledger_rows(self, scope: Scope) -> Iterator[list]:
        channels, statuses, answers = (_labels(Channel), _labels(CaseStatus),
                                       _labels(Satisfaction))
        flt = cases.CaseFilter(units=scope.units, sort="form", campaign=self.campaign.id)
        for n, r in enumerate(cases.ledger_rows(self.actor, flt), start=1):
            checked = r.inspected_on is not None
            yield [
                n, r.case_no, channels.get(r.channel, r.channel), r.received_on, r.unit,
                r.petitioner, r.phone, r.target, r.location, r.category, r.content,
                r.original_handling, statuses.get(r.status, r.status), r.next_deadline,
                "是" if r.referred else "", r.inspected_on, r.inspectors or "",
                ("是" if r.handled else "否") if checked else "",
                ("有" if r.rebound else "无") if checked else "",
                answers.get(r.satisfaction, r.satisfaction or ""), r.findings or "",
            ]


def _copy(source: Path, rows: int) -> Callable[[Path], int]:
    def produce(target: Path) -> int:
        shutil.copyfile(source, target)
        return rows
    return produce


def _incomplete(item) -> str:
    """A warning for a row that lacks what attachment 1 asks for, naming the item (a case
    often has several of one kind); "" when complete."""
    missing = rectifications.missing_parts(item)
    if not missing:
        return ""
    return (f"问题清单：#{item.id} {item.case.case_no}（{item.case.unit.name}，"
            f"{RectKind(item.kind).label}）缺少{'、'.join(missing)}")


def _labels(enum) -> dict[str, str]:
    return {member.value: member.label for member in enum}


# ---------------------------------------------------------------- one file, atomically

def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _umask() -> int:
    """The process umask, read without changing it (os.umask would race with threads)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


def write_file(path: Path, form: forms.Form, rows, fmt: str, force: bool, *, kind: str = "",
               scope: str = "") -> ExportResult:
    """Write ``form`` with ``rows`` as ``fmt`` (xlsx or csv) to ``path`` (see place_file)."""
    writer = forms.write_xlsx if fmt == "xlsx" else forms.write_csv
    return place_file(path, lambda tmp: writer(tmp, form, rows), force, kind=kind,
                      scope=scope)


def place_file(path: Path, produce: Callable[[Path], int], force: bool, *, kind: str = "",
               scope: str = "") -> ExportResult:
    """``produce`` the file (it returns its row count) as a hidden temporary file beside
    ``path``, then either drop it (same content as the existing file) or rename it over
    ``path``."""
    tmp = None
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        tmp = Path(name)
        count = produce(tmp)
        digest = sha256_of(tmp)
        existed = path.exists()
        if existed and not force and sha256_of(path) == digest:
            tmp.unlink()
            return ExportResult(path, kind, scope, count, digest, UNCHANGED)
        os.chmod(tmp, sharedfiles.file_mode(path.parent, 0o666 & ~_umask()))
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        tmp = None
        return ExportResult(path, kind, scope, count, digest, UPDATED if existed else CREATED)
    except OSError as exc:
        return ExportResult(path, kind, scope, 0, "", FAILED,
                            f"无法写入 {path}：{faults.os_reason(exc)}")
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
