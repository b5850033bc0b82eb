"""import_data / export_data per ../shared/docs/import-format.md."""

import csv
import json
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from audit.models import Action, AuditEvent
from factories import ParticipantFactory, VolunteerFactory
from matches.models import Match, MatchStatus
from referrals.models import Participant, ParticipantStatus, ParticipantStatusChange
from regions.models import TreatmentCentre
from transfer.applying import import_data
from transfer.planning import build_plan
from volunteers.models import Volunteer, VolunteerStatus

# The documented flag "consent held on paper, recorded on ..." (the files below have no consent_on).
ON_PAPER = date(2026, 1, 15)

pytestmark = pytest.mark.django_db

P_HEAD = (
    "id,first_name,last_name,gender,birth_year,birth_country,arrival_year,region,postcode,"
    "treatment_centre,referred_on,accepted_on,languages"
)
V_HEAD = "id,first_name,last_name,gender,birth_year,postcode,languages,region,applied_on,approved_on,left_on"
M_HEAD = (
    "id,participant_id,volunteer_id,region,proposed_on,started_on,cancelled_on,ended_on,end_reason,six_month_assessment"
)

PARTICIPANTS = [
    "P1,Amina,Rahimi,kvinde,1980,SY,2012,hovedstaden,2200,DIGNITY,2022-01-05,2022-01-10,ar|da",
    "P2,Omar,Haddad,male,1975,AF,,syddanmark,5000,ATT,2022-02-01,2022-02-03,prs",
    "P3,,,andet,,DK,,hovedstaden,,,2022-03-01,,",
]
VOLUNTEERS = [
    "V1,Karen,Munk,female,1970,2100,da|en,hovedstaden,2021-10-01,2021-11-01,",
    "V2,Søren,Bach,mand,1965,5000,da,syddanmark,2021-10-01,2021-11-15,",
    "V3,Lis,Berg,female,1990,2100,da,hovedstaden,2021-10-01,,",
]
MATCHES = [
    "M1,P1,V1,,2022-01-20,2022-02-01,,2022-09-01,moved,well_functioning",
    "M2,P2,V2,syddanmark,2022-02-10,2022-08-31,,,,",
]


def write(folder: Path, participants=None, volunteers=None, matches=None, bom=False) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, head, lines in (
        ("participants", P_HEAD, participants),
        ("volunteers", V_HEAD, volunteers),
        ("matches", M_HEAD, matches),
    ):
        if lines is not None:
            text = "\n".join([head, *lines]) + "\n"
            (folder / f"{name}.csv").write_text(text, encoding="utf-8-sig" if bom else "utf-8")
    return folder


@pytest.fixture
def data(tmp_path, hovedstaden, syddanmark):
    return write(tmp_path / "data", PARTICIPANTS, VOLUNTEERS, MATCHES)


def snapshot():
    return (
        sorted(Participant.objects.values_list("reference", "status", "birth_year", "accepted_on")),
        sorted(Volunteer.objects.values_list("reference", "status")),
        sorted(Match.objects.values_list("reference", "status", "slot", "ended_on")),
        TreatmentCentre.objects.count(),
        ParticipantStatusChange.objects.count(),
    )


def test_import_creates_everything_with_derived_statuses(data):
    plan = import_data(data, consent_on_paper=ON_PAPER)
    assert plan.errors == []
    assert plan.counts()["participants"] == {"created": 3, "changed": 0, "unchanged": 0}
    p1, p2, p3 = (Participant.objects.get(reference=r) for r in ("P1", "P2", "P3"))
    assert (p1.gender, p1.languages, p1.treatment_centre.name, p1.status) == (
        "female",
        ["ar", "da"],
        "DIGNITY",
        "ended",
    )
    assert (p2.status, p2.region.slug) == (ParticipantStatus.MATCHED, "syddanmark")
    assert (p3.gender, p3.status, p3.birth_year) == ("other", ParticipantStatus.REFERRED, None)
    m1, m2 = Match.objects.get(reference="M1"), Match.objects.get(reference="M2")
    assert (m1.status, m1.slot, m1.region.slug) == (MatchStatus.ENDED, None, "hovedstaden")
    assert (m2.status, m2.slot, m2.six_month_on) == (MatchStatus.ACTIVE, 1, date(2023, 2, 28))
    statuses = dict(Volunteer.objects.values_list("reference", "status"))
    assert statuses == {"V1": VolunteerStatus.APPROVED, "V2": VolunteerStatus.MATCHED, "V3": VolunteerStatus.APPLIED}
    assert Volunteer.objects.get(reference="V2").gender == "male"
    change = p2.status_changes.get()
    assert (change.from_status, change.to_status, change.on, change.reason) == (
        "",
        "matched",
        date(2022, 2, 10),
        "import",
    )
    event = AuditEvent.objects.get(action=Action.IMPORT)
    assert event.detail.startswith("participants: 3 created")
    assert "Amina" not in event.detail


def test_importing_the_same_data_twice_changes_nothing(data):
    import_data(data, consent_on_paper=ON_PAPER)
    before = snapshot()
    plan = import_data(data, consent_on_paper=ON_PAPER)
    assert plan.counts() == {
        "participants": {"created": 0, "changed": 0, "unchanged": 3},
        "volunteers": {"created": 0, "changed": 0, "unchanged": 3},
        "matches": {"created": 0, "changed": 0, "unchanged": 2},
        "readings": {"created": 0, "changed": 0, "unchanged": 0},
    }
    assert snapshot() == before


def test_a_changed_row_updates_the_record_and_moves_statuses(data, tmp_path):
    import_data(data, consent_on_paper=ON_PAPER)
    changed = write(
        tmp_path / "second",
        matches=["M2,P2,V2,syddanmark,2022-02-10,2022-08-31,,2023-05-01,volunteer moved,"],
    )
    plan = import_data(changed, consent_on_paper=ON_PAPER)
    assert plan.errors == []
    assert plan.tables["matches"].changed["M2"] == ["ended_on", "end_reason", "status", "status_changed_on", "slot"]
    m2 = Match.objects.get(reference="M2")
    assert (m2.status, m2.slot, m2.ended_on) == (MatchStatus.ENDED, None, date(2023, 5, 1))
    assert Participant.objects.get(reference="P2").status == ParticipantStatus.ENDED
    assert Volunteer.objects.get(reference="V2").status == VolunteerStatus.APPROVED
    assert m2.status_changes.last().to_status == MatchStatus.ENDED


def test_matches_may_refer_to_people_already_in_the_system(tmp_path, hovedstaden):
    participant = ParticipantFactory(reference="OLD-P", region=hovedstaden, waiting=True)
    VolunteerFactory(reference="OLD-V", region=hovedstaden, approved=True)
    folder = write(tmp_path / "d", matches=["M9,OLD-P,OLD-V,,2024-02-01,,,,,"])
    assert import_data(folder, consent_on_paper=ON_PAPER).errors == []
    participant.refresh_from_db()
    assert participant.status == ParticipantStatus.MATCHED
    assert Match.objects.get(reference="M9").slot == 1


def test_bom_and_column_order_and_danish_dates_are_accepted(tmp_path, hovedstaden):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "participants.csv").write_text(
        "region,referred_on,id,gender\nhovedstaden,05-01-2022,P1,Kvinde\n\n", encoding="utf-8-sig"
    )
    assert import_data(folder, consent_on_paper=ON_PAPER).errors == []
    person = Participant.objects.get(reference="P1")
    assert (person.referred_on, person.gender) == (date(2022, 1, 5), "female")


ERROR_CASES = [
    # (participants, volunteers, matches, expected error)
    (["P1,A,B,female,1980,SY,,narnia,,,,,"], None, None, "participants.csv:2:region: "),
    (["P1,A,B,female,1980,SY,,,,,,,"], None, None, "participants.csv:2:region: "),
    ([",A,B,female,1980,SY,,hovedstaden,,,,,"], None, None, "participants.csv:2:id: "),
    (["P1,A,B,woman,1980,SY,,hovedstaden,,,,,"], None, None, "participants.csv:2:gender: "),
    (["P1,A,B,female,80,SY,,hovedstaden,,,,,"], None, None, "participants.csv:2:birth_year: "),
    (["P1,A,B,female,1980,XX,,hovedstaden,,,,,"], None, None, "participants.csv:2:birth_country: "),
    (["P1,A,B,female,1980,SY,1970,hovedstaden,,,,,"], None, None, "participants.csv:2:arrival_year: "),
    (["P1,A,B,female,1980,SY,,hovedstaden,22,,,,"], None, None, "participants.csv:2:postcode: "),
    (["P1,A,B,female,1980,SY,,hovedstaden,,,2023-02-29,,"], None, None, "participants.csv:2:referred_on: "),
    (["P1,A,B,female,1980,SY,,hovedstaden,,,02/03/2023,,"], None, None, "participants.csv:2:referred_on: "),
    (["P1,A,B,female,1980,SY,,hovedstaden,,,2023-03-02,2023-03-01,"], None, None, "participants.csv:2:accepted_on: "),
    (["P1,A,B,female,1980,SY,,hovedstaden,,,,,ar|xx1"], None, None, "participants.csv:2:languages: "),
    (["P1,A,B,,,,,hovedstaden,,,,,", "P1,A,B,,,,,hovedstaden,,,,,"], None, None, "participants.csv:3:id: "),
    (None, ["V1,A,B,female,1980,2100,da,hovedstaden,2022-02-01,2022-01-01,"], None, "volunteers.csv:2:approved_on: "),
    (
        None,
        ["V1,A,B,female,1980,2100,da,hovedstaden,2022-02-01,2022-03-01,2022-02-15"],
        None,
        "volunteers.csv:2:left_on: ",
    ),
    (PARTICIPANTS, VOLUNTEERS, ["M1,P404,V1,,2022-01-20,2022-02-01,,,,"], "matches.csv:2:participant_id: "),
    (PARTICIPANTS, VOLUNTEERS, ["M1,P1,V404,,2022-01-20,2022-02-01,,,,"], "matches.csv:2:volunteer_id: "),
    (PARTICIPANTS, VOLUNTEERS, ["M1,P1,V1,,2022-02-20,2022-02-01,,,,"], "matches.csv:2:started_on: "),
    (PARTICIPANTS, VOLUNTEERS, ["M1,P1,V1,,2022-01-20,2022-02-01,,2022-01-31,,"], "matches.csv:2:ended_on: "),
    (PARTICIPANTS, VOLUNTEERS, ["M1,P1,V1,,2022-01-20,,,2022-03-01,,"], "matches.csv:2:ended_on: "),
    (PARTICIPANTS, VOLUNTEERS, ["M1,P1,V1,,2022-01-20,,,,,well_functioning"], "matches.csv:2:six_month_assessment: "),
    (PARTICIPANTS, VOLUNTEERS, ["M1,P1,V1,,2022-01-20,,,,,fine"], "matches.csv:2:six_month_assessment: "),
    (PARTICIPANTS, VOLUNTEERS, ["M1,P1,V1,,2022-01-20,2022-02-01,2022-02-02,,,"], "matches.csv:2:cancelled_on: "),
    (PARTICIPANTS, VOLUNTEERS, ["M1,P1,V1,narnia,2022-01-20,,,,,"], "matches.csv:2:region: "),
    (
        PARTICIPANTS,
        VOLUNTEERS,
        ["M1,P1,V1,,2022-01-20,2022-02-01,,2022-09-01,,", "M2,P1,V3,,2022-03-01,2022-03-05,,2022-04-01,,"],
        "matches.csv:3:started_on: ",
    ),
    (
        PARTICIPANTS,
        VOLUNTEERS,
        ["M1,P1,V1,,2022-01-20,2022-02-01,,,,", "M2,P1,V3,,2022-03-01,,,,,"],
        ":participant_id: ",
    ),
    (
        PARTICIPANTS,
        VOLUNTEERS,
        ["M1,P1,V1,,2022-01-20,2022-02-01,,2022-09-01,,", "M2,P3,V1,,2022-03-01,2022-03-05,,2022-04-01,,"],
        "matches.csv:3:started_on: ",
    ),
]


@pytest.mark.parametrize(("participants", "volunteers", "matches", "expected"), ERROR_CASES)
def test_each_error_is_reported_at_file_row_column_and_nothing_is_written(
    tmp_path, hovedstaden, syddanmark, participants, volunteers, matches, expected
):
    VolunteerFactory(reference="KEEP", region=hovedstaden)
    before = snapshot()
    folder = write(tmp_path / "bad", participants, volunteers, matches)
    plan = import_data(folder, consent_on_paper=ON_PAPER)
    assert any(expected in error for error in plan.errors), plan.errors
    assert snapshot() == before
    assert not AuditEvent.objects.filter(action=Action.IMPORT).exists()


def test_a_handover_on_the_same_day_is_not_an_overlap(tmp_path, hovedstaden, syddanmark):
    folder = write(
        tmp_path / "d",
        PARTICIPANTS,
        VOLUNTEERS,
        ["M1,P1,V1,,2022-01-20,2022-02-01,,2022-09-01,,", "M2,P3,V1,,2022-08-20,2022-09-01,,,,"],
    )
    assert import_data(folder, consent_on_paper=ON_PAPER).errors == []


def test_a_volunteer_marked_for_more_may_have_two_matches_at_a_time(tmp_path, hovedstaden, syddanmark):
    volunteers = [line + ",2" if line.startswith("V1") else line + ",1" for line in VOLUNTEERS]
    folder = write(
        tmp_path / "d",
        PARTICIPANTS,
        None,
        ["M1,P1,V1,,2022-01-20,2022-02-01,,,,", "M2,P3,V1,,2022-03-01,2022-03-05,,,,"],
    )
    (folder / "volunteers.csv").write_text("\n".join([V_HEAD + ",capacity", *volunteers]) + "\n", encoding="utf-8")
    plan = import_data(folder, consent_on_paper=ON_PAPER)
    assert plan.errors == []
    assert sorted(Match.objects.values_list("slot", flat=True)) == [1, 2]


def test_unknown_and_missing_columns_and_unknown_tables(tmp_path, hovedstaden):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "participants.csv").write_text("id,region,brith_year\nP1,hovedstaden,1980\n", encoding="utf-8")
    (folder / "volunteers.csv").write_text("id,first_name\nV1,Karen\n", encoding="utf-8")
    (folder / "participant.csv").write_text("id,region\nP2,hovedstaden\n", encoding="utf-8")
    errors = build_plan(folder, consent_on_paper=ON_PAPER).errors
    assert "participants.csv:1:brith_year: ukendt kolonne" in errors
    assert "volunteers.csv:1:region: påkrævet kolonne mangler" in errors
    assert any(error.startswith("participant.csv:1:-: ") for error in errors)
    assert not Participant.objects.exists()


def test_every_error_is_listed_not_just_the_first(tmp_path, hovedstaden):
    folder = write(
        tmp_path / "d",
        ["P1,A,B,woman,1980,SY,,hovedstaden,,,,,", "P2,A,B,female,19x0,SY,,hovedstaden,,,,,"],
    )
    errors = build_plan(folder, consent_on_paper=ON_PAPER).errors
    assert [error.split(": ")[0] for error in errors] == [
        "participants.csv:2:gender",
        "participants.csv:3:birth_year",
    ]


def test_command_lists_errors_and_exits_non_zero(tmp_path, hovedstaden):
    folder = write(tmp_path / "d", ["P1,A,B,woman,1980,SY,,hovedstaden,,,,,"])
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_data", str(folder), "--consent-held-on-paper", stderr=err)
    assert "participants.csv:2:gender: " in err.getvalue()
    assert not Participant.objects.exists()


def test_xlsx_errors_use_sheet_names_and_spreadsheet_rows(tmp_path, hovedstaden):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "participants"
    sheet.append(["id", "region", "birth_year", "referred_on"])
    sheet.append(["P1", "hovedstaden", 1980, date(2022, 1, 5)])
    sheet.append([None, None, None, None])
    sheet.append(["P2", "hovedstaden", "19x0", None])
    path = tmp_path / "data.xlsx"
    workbook.save(path)
    assert build_plan(path, consent_on_paper=ON_PAPER).errors == [
        "participants:4:birth_year: ikke et årstal med fire cifre: 19x0",
    ]


def kpi(**kwargs):
    out = StringIO()
    call_command("kpi_report", "--from", "2021-01-01", "--to", "2024-12-31", "--as-of", "2024-06-30", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.parametrize("suffix", ["", ".xlsx"])
def test_export_then_import_into_an_empty_installation_gives_the_same_kpi_report(tmp_path, data, suffix):
    from django.db import transaction

    import_data(data, consent_on_paper=ON_PAPER)
    more = write(
        tmp_path / "more",
        ["P4,,,female,1990,IQ,2016,hovedstaden,,,2023-01-01,2023-01-05,"],
        None,
        ["M3,P4,V1,,2023-02-01,,2023-02-20,,,", "M4,P3,V3,,2024-01-10,,,,,"],
    )
    assert import_data(more, consent_on_paper=ON_PAPER).errors == []
    expected = kpi()
    target = tmp_path / f"export{suffix}"
    call_command("export_data", str(target), stdout=StringIO())
    assert AuditEvent.objects.filter(action=Action.EXPORT).count() == 1
    # empty the installation (as a fresh one), then import the export
    with transaction.atomic():
        Match.objects.all().delete()
        Participant.objects.all().delete()
        Volunteer.objects.all().delete()
    assert kpi()["matches"]["established"] == 0
    plan = import_data(target, consent_on_paper=ON_PAPER)
    assert plan.errors == []
    assert kpi() == expected
    assert expected["matches"]["established"] == 2


def test_ten_thousand_rows_stream_through(tmp_path, hovedstaden):
    folder = tmp_path / "big"
    folder.mkdir()
    with (folder / "participants.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["id", "gender", "birth_year", "birth_country", "region", "referred_on", "accepted_on", "languages"]
        )
        for i in range(10_000):
            writer.writerow(
                [f"B{i:05d}", "female", 1960 + i % 40, "SY", "hovedstaden", "2022-01-03", "2022-01-05", "ar|da"]
            )
    plan = import_data(folder, consent_on_paper=ON_PAPER)
    assert plan.errors == []
    assert Participant.objects.filter(status=ParticipantStatus.WAITING).count() == 10_000
    assert import_data(folder, consent_on_paper=ON_PAPER).counts()["participants"] == {
        "created": 0,
        "changed": 0,
        "unchanged": 10_000,
    }


def test_a_participant_without_consent_is_refused_unless_consent_is_held_on_paper(tmp_path, hovedstaden):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "participants.csv").write_text(P_HEAD + "\n" + PARTICIPANTS[0] + "\n", encoding="utf-8")
    plan = import_data(folder)
    assert [error.split(": ")[0] for error in plan.errors] == ["participants.csv:2:consent_on"]
    assert not Participant.objects.exists()
    assert import_data(folder, consent_on_paper=ON_PAPER).errors == []
    person = Participant.objects.get()
    assert person.consent_on is None and person.consent_on_paper_recorded_on == ON_PAPER


def test_the_optional_consent_on_column_is_read_and_exported(tmp_path, hovedstaden):
    folder = tmp_path / "data"
    folder.mkdir()
    row = PARTICIPANTS[0] + ",2021-12-01"
    (folder / "participants.csv").write_text(P_HEAD + ",consent_on\n" + row + "\n", encoding="utf-8")
    assert import_data(folder).errors == []
    assert Participant.objects.get().consent_on == date(2021, 12, 1)
    target = tmp_path / "out"
    call_command("export_data", str(target), stdout=StringIO())
    assert "consent_on" in (target / "participants.csv").read_text(encoding="utf-8").splitlines()[0]


def test_a_volunteer_without_consent_is_refused_unless_consent_is_held_on_paper(tmp_path, hovedstaden):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "volunteers.csv").write_text(V_HEAD + "\n" + VOLUNTEERS[0] + "\n", encoding="utf-8")
    plan = import_data(folder)
    assert [error.split(": ")[0] for error in plan.errors] == ["volunteers.csv:2:consent_on"]
    assert not Volunteer.objects.exists()
    assert import_data(folder, consent_on_paper=ON_PAPER).errors == []
    volunteer = Volunteer.objects.get()
    assert volunteer.consent_on is None and volunteer.consent_on_paper_recorded_on == ON_PAPER


def test_a_volunteers_consent_date_is_read_and_exported(tmp_path, hovedstaden):
    folder = tmp_path / "data"
    folder.mkdir()
    row = VOLUNTEERS[0] + ",2021-12-01"
    (folder / "volunteers.csv").write_text(V_HEAD + ",consent_on\n" + row + "\n", encoding="utf-8")
    assert import_data(folder).errors == []
    assert Volunteer.objects.get().consent_on == date(2021, 12, 1)
    target = tmp_path / "out"
    call_command("export_data", str(target), stdout=StringIO())
    lines = (target / "volunteers.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].endswith(",consent_on") and lines[1].endswith(",2021-12-01")
