"""Peewee models of the domain: the campaign, its units and staff, cases, inspections, the
four-list rows (rectification items) with their measures, and the audit log.

Enumerations are stored as their codes (huitoukan_tui.enums); every editable record carries a
``version`` used to detect concurrent edits.

The organisation is district → streets → units. A campaign (专项行动) covers some streets; its
ledger (台账) is a set of cases, each in a ``LedgerEntry`` that also keeps the case's derived
look-back values *in that campaign* (``status``, ``first_verified_on``, ``next_deadline``,
``referred``, and the case's unit, copied) so that the ledger and the weekly table are answered
from indexes at any size; services.casestate keeps them right. Inspections, rectification items,
weekly remarks and submitted snapshots belong to one campaign.
"""

from __future__ import annotations

from peewee import (
    SQL,
    BooleanField,
    CharField,
    DatabaseProxy,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from huitoukan_tui import clock

database = DatabaseProxy()
#: a column default the database itself applies
EMPTY = SQL("DEFAULT ''")


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


class Meta(BaseModel):
    """Key/value facts about the database itself, e.g. the schema version."""

    key = CharField(primary_key=True, max_length=64)
    value = TextField()


class Street(BaseModel):
    """A 街道 of the district: its environment station (生态环境站) and contact person."""

    name = CharField(max_length=50, unique=True)
    district = CharField(max_length=50)
    station = CharField(max_length=100)
    contact = CharField(max_length=50, default="")
    position = IntegerField(default=0)


class Campaign(BaseModel):
    """A 专项行动 as its campaign file describes it (services.campaignfile)."""

    name = CharField(max_length=200, unique=True)
    district = CharField(max_length=50)
    start_on = DateField()
    end_on = DateField()
    report_weekday = IntegerField(default=3)  # Monday=0 … Thursday=3
    report_time = CharField(max_length=5, default="12:00")  # the deadline on the report day
    final_due_on = DateField()
    timezone = CharField(max_length=64, default="Asia/Shanghai")
    title_problems = CharField(max_length=200)
    title_progress = CharField(max_length=200)
    title_ledger = CharField(max_length=200)
    closed_on = DateField(null=True)  # closed by a station: read-only except its open items
    closed_by = CharField(max_length=64, default="")


class CampaignStreet(BaseModel):
    """The streets a campaign covers."""

    campaign = ForeignKeyField(Campaign, backref="street_links", on_delete="CASCADE")
    street = ForeignKeyField(Street, backref="campaign_links", on_delete="RESTRICT")

    class Meta:
        indexes = ((("campaign", "street"), True),)


class ReportDue(BaseModel):
    """A report week whose report is due on another day than its report day (a holiday):
    the campaign file's ``[report_due]`` table, report day → due day."""

    campaign = ForeignKeyField(Campaign, backref="report_dues", on_delete="CASCADE")
    report_day = DateField()
    due_on = DateField()

    class Meta:
        indexes = ((("campaign", "report_day"), True),)


class Unit(BaseModel):
    name = CharField(max_length=50, unique=True)  # unique in the whole district
    kind = CharField(max_length=16)
    street = ForeignKeyField(Street, backref="units", on_delete="RESTRICT")
    position = IntegerField(default=0)
    active = BooleanField(default=True)
    #: v7: the name's pinyin sort key (services.pinyin.sort_key): lists sorted by name
    name_key = TextField(default="", constraints=[EMPTY])


class User(BaseModel):
    login = CharField(max_length=64, unique=True)
    display_name = CharField(max_length=50)
    unit = ForeignKeyField(Unit, null=True, backref="users", on_delete="RESTRICT")
    #: the street of a station, of a street's viewer, of a unit (its unit's); None: district
    street = ForeignKeyField(Street, null=True, backref="users", on_delete="RESTRICT")
    role = CharField(max_length=16)
    #: the administrator (``init``'s caller): adds campaigns, streets, accounts anywhere
    is_admin = BooleanField(default=False)
    active = BooleanField(default=True)
    created_at = DateTimeField(default=clock.now)


class Case(BaseModel):
    case_no = CharField(max_length=64, unique=True)
    channel = CharField(max_length=24)
    received_on = DateField()
    unit = ForeignKeyField(Unit, backref="cases", on_delete="RESTRICT")
    petitioner = CharField(max_length=50, default="")
    phone = CharField(max_length=40, default="")
    target = CharField(max_length=200)
    location = CharField(max_length=200, default="")
    category = CharField(max_length=50, default="")
    content = TextField()
    original_handling = TextField(default="")
    search_text = TextField(default="")
    #: v7: the target's pinyin sort key (services.pinyin.sort_key), kept by casewrite
    target_key = TextField(default="", constraints=[EMPTY])
    version = IntegerField(default=1)
    created_at = DateTimeField(default=clock.now)
    updated_at = DateTimeField(default=clock.now)
    updated_by = CharField(max_length=64, default="")

    class Meta:
        table_name = "petition_case"  # "case" is an SQL keyword
        indexes = (
            (("unit", "case_no"), False),
            (("channel", "case_no"), False),
            (("received_on", "case_no"), False),
            # v3: the unit of a case without reading its (wide) row: weekly numbers
            (("id", "unit"), False),
        )


class LedgerEntry(BaseModel):
    """A case in a campaign's ledger, with its derived look-back values in that campaign."""

    campaign = ForeignKeyField(Campaign, backref="entries", on_delete="CASCADE")
    case = ForeignKeyField(Case, backref="entries", on_delete="CASCADE")
    unit = ForeignKeyField(Unit, on_delete="RESTRICT")  # the case's unit (copied)
    status = CharField(max_length=16, default="pending")
    first_verified_on = DateField(null=True)
    next_deadline = DateField(null=True)
    referred = BooleanField(default=False)

    class Meta:
        indexes = (
            (("campaign", "case"), True),
            (("campaign", "status", "case"), False),
            (("campaign", "next_deadline", "case"), False),
            # the weekly numbers: one pass over the index, grouped by (day, unit)
            (("campaign", "first_verified_on", "unit"), False),
            (("campaign", "unit", "case"), False),
            (("case", "campaign"), False),
        )


class Inspection(BaseModel):
    case = ForeignKeyField(Case, backref="inspections", on_delete="CASCADE")
    campaign = ForeignKeyField(Campaign, backref="inspections", on_delete="RESTRICT")
    inspected_on = DateField()
    inspectors = CharField(max_length=200)
    handled = BooleanField()
    rebound = BooleanField()
    satisfaction = CharField(max_length=16)
    findings = TextField(default="")
    created_by = CharField(max_length=64, default="")
    created_at = DateTimeField(default=clock.now)
    version = IntegerField(default=1)

    class Meta:
        indexes = ((("case", "inspected_on"), False),)


class Rectification(BaseModel):
    """One row of the four lists (四项清单, attachment 1)."""

    case = ForeignKeyField(Case, backref="rectifications", on_delete="CASCADE")
    #: the campaign that opened the item; later campaigns carry it while it is open (结转)
    campaign = ForeignKeyField(Campaign, backref="rectifications", on_delete="RESTRICT")
    inspection = ForeignKeyField(Inspection, null=True, backref="rectifications",
                                 on_delete="SET NULL")
    kind = CharField(max_length=16)
    problem_type = CharField(max_length=50)
    original_problem = TextField(default="")
    new_problem = TextField(default="")
    target_standard = TextField(default="")
    implementer = CharField(max_length=100, default="")
    acceptor = CharField(max_length=100, default="")
    deadline = DateField(null=True)
    opened_on = DateField()
    status = CharField(max_length=16, default="in_progress")
    reported_on = DateField(null=True)
    accepted_on = DateField(null=True)
    accepted_by = CharField(max_length=100, default="")
    referred_on = DateField(null=True)
    referral_reason = TextField(default="")
    # v4: the reasons of the life cycle, each set by the step that needs it (with a default
    # in the database too, as the version 4 step adds them: raw bulk inserts may omit them)
    report_note = TextField(default="", constraints=[EMPTY])  # 报验收说明
    acceptance_opinion = TextField(default="", constraints=[EMPTY])  # 验收意见
    returned_on = DateField(null=True)  # 退回整改: the latest time it was sent back
    return_reason = TextField(default="", constraints=[EMPTY])
    referral_department = CharField(max_length=100, default="", constraints=[EMPTY])  # 移交执法
    referral_result = TextField(default="", constraints=[EMPTY])  # what enforcement did
    referral_result_on = DateField(null=True)
    note = TextField(default="")
    #: v7: the pinyin initials of 新发现问题 in capitals (services.search.spelled_line): the
    #: four lists' search finds ``zs`` in 噪声 there
    problem_initials = TextField(default="", constraints=[EMPTY])
    version = IntegerField(default=1)
    created_by = CharField(max_length=64, default="")
    created_at = DateTimeField(default=clock.now)
    updated_at = DateTimeField(default=clock.now)
    updated_by = CharField(max_length=64, default="")

    class Meta:
        indexes = (
            (("kind", "opened_on"), False),
            (("status", "deadline"), False),
            # v3: new problems by date and case, read from the index alone
            (("kind", "opened_on", "case"), False),
            # v5: a campaign's new problems by date and case, from the index alone
            (("campaign", "kind", "opened_on", "case"), False),
            (("case", "campaign"), False),
        )


class Measure(BaseModel):
    """An itemised rectification measure; ``milestones`` is a JSON list of
    ``{"period": "2024" | "2024Q2", "target": "…"}``."""

    rectification = ForeignKeyField(Rectification, backref="measures", on_delete="CASCADE")
    position = IntegerField()
    content = TextField()
    milestones = TextField(default="[]")


class AuditEntry(BaseModel):
    at = DateTimeField(default=clock.now, index=True)
    actor = CharField(max_length=64)
    entity = CharField(max_length=32)
    entity_id = IntegerField()
    case_no = CharField(max_length=64, default="", index=True)
    action = CharField(max_length=16)
    field = CharField(max_length=64, default="")
    before = TextField(default="")
    after = TextField(default="")
    version = IntegerField(default=0)  # the entity's version after this change

    class Meta:
        indexes = ((("entity", "entity_id", "version"), False),)


# ---- schema version 2: weekly remarks, submitted snapshots, form drafts

class WeekRemark(BaseModel):
    """备注 of attachment 2, per unit and report week (edited on the weekly screen)."""

    campaign = ForeignKeyField(Campaign, backref="remarks", on_delete="CASCADE")
    unit = ForeignKeyField(Unit, backref="remarks", on_delete="CASCADE")
    week_end = DateField()
    text = TextField(default="")
    version = IntegerField(default=1)
    updated_by = CharField(max_length=64, default="")
    updated_at = DateTimeField(default=clock.now)

    class Meta:
        indexes = ((("campaign", "unit", "week_end"), True),)


class ReportSnapshot(BaseModel):
    """The numbers of a report week as submitted (报送): JSON of ProgressTable.record().
    ``street`` None: the district's consolidated table."""

    campaign = ForeignKeyField(Campaign, backref="snapshots", on_delete="CASCADE")
    week_end = DateField(index=True)
    street = ForeignKeyField(Street, null=True, backref="snapshots", on_delete="CASCADE")
    unit = ForeignKeyField(Unit, null=True, backref="snapshots", on_delete="CASCADE")
    data = TextField()
    submitted_by = CharField(max_length=64)
    submitted_at = DateTimeField(default=clock.now)


class Draft(BaseModel):
    """Text typed into a form and not saved yet; restored after a dropped connection."""

    login = CharField(max_length=64)
    form_key = CharField(max_length=128)
    data = TextField()
    saved_at = DateTimeField(default=clock.now)

    class Meta:
        indexes = ((("login", "form_key"), True),)


V1_MODELS = [Meta, Campaign, Unit, User, Case, Inspection, Rectification, Measure, AuditEntry]
#: schema version 5: streets, several campaigns, per-campaign ledgers
V5_MODELS = [Street, CampaignStreet, ReportDue, LedgerEntry]
ALL_MODELS = [Meta, Street, Campaign, CampaignStreet, ReportDue, Unit, User, Case, LedgerEntry,
              Inspection, Rectification, Measure, AuditEntry, WeekRemark, ReportSnapshot, Draft]
