"""Challenge and sector tags, each with the brief's evidence, and the forms of dialogue and
parties of every example: data, filters, counts, documents, exports and validation (issue 15)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

from migdialogue.dataset import Dataset

from .conftest import cli

# -- challenge and sector tags, each with its evidence -----------------------------------------------------

CHALLENGE_COUNTS = {
    "cross-border-cooperation": 28,
    "discrimination": 8,
    "skills": 8,
    "freedom-of-association": 5,
    "gender": 4,
    "informality": 4,
    "climate-change": 3,
    "conflict": 1,
    "data": 1,
}


def test_list_challenge_data_is_chile() -> None:
    run = cli("list", "--challenge", "data", "--json")
    assert run.code == 0
    assert [e["id"] for e in run.json()] == ["chile-national-migration-policy-2023"]
    assert "baseline information" in run.json()[0]["challenge_notes"]["data"]


def test_stats_by_challenge_counts() -> None:
    data = cli("stats", "--by", "challenge", "--json").json()
    assert {d["value"]: d["count"] for d in data} == CHALLENGE_COUNTS


def test_the_tags_the_audit_expected(ds: Dataset) -> None:
    def tags(ident: str) -> tuple[str, ...]:
        rec = ds.get(ident)
        assert rec is not None, ident
        return rec.challenges  # type: ignore[attr-defined, no-any-return]

    assert "freedom-of-association" in tags("collective-agreement-extension")
    assert "freedom-of-association" in tags("italy-domestic-work-agreement-2020")
    assert "discrimination" in tags("czechia-ten-points-2020")
    assert "discrimination" in tags("cities-employer-engagement-migrants")
    for ident in ("germany-skilled-immigration-act", "spain-shortage-occupations-list-2022"):
        assert "skills" in tags(ident)
    assert "skills" in tags("australia-aged-care-labour-agreement")


def test_every_bundled_tag_has_its_evidence(ds: Dataset) -> None:
    for ex in ds.examples:
        assert set(ex.challenge_notes) == set(ex.challenges), ex.id
        assert set(ex.sector_notes) == set(ex.sectors), ex.id
        assert all(note.strip() for note in (*ex.challenge_notes.values(), *ex.sector_notes.values())), ex.id


def test_show_gives_each_tag_with_its_evidence() -> None:
    data = cli("show", "czechia-ten-points-2020", "--json").json()
    (challenge,) = data["links"]["challenges"]
    assert challenge["id"] == "discrimination" and "misuse of foreign workers" in challenge["evidence"]
    text = cli("show", "qatar-joint-committees", env={"COLUMNS": "250"}).out
    assert "Evidence in the brief" in text and "landscaping: Named among the sectors" in text


TAGGED = """\
examples:
  - id: my-case
    title: "A case"
    summary: "Something the team coded."
    countries: [Jordan]
    region: [arab-states]
    level: national
    dialogue_type: tripartite
    theme: policy-formulation
    years: [2021]
    sectors: [construction]
    sector_notes:
      construction: "named"
    actors: []
    challenges: [gender, data]
    challenge_notes:
      gender: "women"
      skills: "a tag the record lacks"
    sources: [44]
"""


def test_tag_notes_must_match_the_tags(tmp_path: Path) -> None:
    path = tmp_path / "tags.yaml"
    path.write_text(TAGGED, encoding="utf-8")
    run = cli("validate", str(path))
    assert run.code == 3
    wrong = "field 'challenge_notes': a note for 'skills', which 'challenges' does not list"
    assert f"{path}:18: record my-case: {wrong}" in run.out
    assert "field 'challenge_notes': no note for 'data'" in run.out
    fixed = TAGGED.replace('      skills: "a tag the record lacks"', '      data: "baseline information"')
    path.write_text(fixed, encoding="utf-8")
    assert cli("validate", str(path)).code == 0


# -- forms of social dialogue and parties --------------------------------------------------------------------

FORM_COUNTS = {"not-stated": 31, "consultation": 26, "negotiation": 10, "information-sharing": 2}
PARTY_COUNTS = {
    "workers": 57,
    "employers": 55,
    "governments": 46,
    "regional-bodies": 13,
    "other": 12,
    "civil-society": 6,
    "international-organizations": 5,
    "local-authorities": 5,
    "migrants": 4,
    "not-stated": 2,
}


def test_stats_by_form_and_party_counts() -> None:
    forms = cli("stats", "--by", "form", "--json").json()
    assert {d["value"]: d["count"] for d in forms} == FORM_COUNTS
    labels = ["Not stated in the brief", "Consultation", "Negotiation", "Information sharing"]
    assert [d["label"] for d in forms] == labels
    parties = cli("stats", "--by", "party", "--json").json()
    assert {d["value"]: d["count"] for d in parties} == PARTY_COUNTS
    table = cli("stats", "--by", "form").out
    assert "Negotiation" in table and "Information sharing" in table and "Not stated in the brief" in table


def test_form_and_party_filters() -> None:
    sharing = cli("list", "--form", "information sharing", "--json").json()
    assert [e["id"] for e in sharing] == [
        "asia-arab-states-interregional-meeting-2019",
        "chile-national-migration-policy-2023",
    ]
    silent = cli("list", "--party", "not stated", "--json").json()
    assert [e["id"] for e in silent] == ["au-migration-policy-framework-2018-2030", "egypt-labour-migration-road-map"]
    # a word of the name, combined with AND like every filter
    both = cli("list", "--party", "unions", "--form", "negotiation", "--region", "europe", "--json").json()
    assert {e["id"] for e in both} == {
        "belgium-fair-competition-plan-2015",
        "czechia-ten-points-2020",
        "italy-domestic-work-agreement-2020",
        "european-partnership-for-integration",
    }
    counted = cli("stats", "--by", "party", "--form", "negotiation", "--json").json()
    assert sum(d["count"] for d in counted if d["value"] == "governments") == 6
    bad = cli("list", "--form", "arbitration")
    assert bad.code == 1 and "no form of dialogue 'arbitration'" in bad.err


def test_every_bundled_example_states_forms_and_parties() -> None:
    import yaml

    folder = Path(__file__).resolve().parents[1] / "src" / "migdialogue" / "data"
    examples = [e for f in sorted(folder.glob("examples-*.yaml")) for e in yaml.safe_load(f.read_text())["examples"]]
    assert len(examples) == 67
    for ex in examples:
        assert ex["forms"] and ex["parties"], ex["id"]
        assert set(ex.get("form_notes", {})) == set(ex["forms"]) - {"not-stated"}, ex["id"]


def test_show_and_brief_give_forms_and_parties() -> None:
    data = cli("show", "belgium-fair-competition-plan-2015", "--json").json()["record"]
    assert data["forms"] == ["negotiation"] and data["parties"] == ["governments", "employers", "workers"]
    assert "tripartite negotiations" in data["form_notes"]["negotiation"]
    text = cli("show", "belgium-fair-competition-plan-2015", env={"COLUMNS": "200"}).out
    assert "Forms of dialogue  Negotiation" in text and "Workers' organizations (trade unions" in text
    brief = cli("brief", "Kenya", env={"COLUMNS": "1000"}).out
    assert "(2020)**: tripartite, national level; form: negotiation; parties: governments, employers, workers" in brief
    silent = cli("brief", "Egypt", env={"COLUMNS": "1000"}).out
    assert "form not stated; parties not stated" in silent


def test_exports_carry_forms_and_parties(tmp_path: Path) -> None:
    db = tmp_path / "md.db"
    assert cli("export", "--format", "sqlite", "--output", str(db)).code == 0
    con = sqlite3.connect(db)
    forms = dict(con.execute("SELECT form_id, COUNT(*) FROM example_forms GROUP BY form_id").fetchall())
    parties = dict(con.execute("SELECT party_id, COUNT(*) FROM example_parties GROUP BY party_id").fetchall())
    evidence = con.execute(
        "SELECT note FROM example_challenges WHERE example_id = ? AND challenge_id = 'data'",
        ("chile-national-migration-policy-2023",),
    ).fetchone()[0]
    con.close()
    assert forms == FORM_COUNTS and parties == PARTY_COUNTS and "baseline information" in evidence
    rows = list(csv.DictReader(io.StringIO(cli("export", "--format", "csv").out)))
    kenya = next(r for r in rows if r["id"] == "kenya-covid-mou-2020")
    assert json.loads(kenya["forms"]) == ["negotiation"]


def test_forms_and_parties_are_validated(tmp_path: Path) -> None:
    path = tmp_path / "forms.yaml"
    text = TAGGED.replace('      skills: "a tag the record lacks"', '      data: "baseline"')
    path.write_text(text, encoding="utf-8")
    # left out in a user's dataset: not stated
    assert cli("validate", str(path)).code == 0
    record = cli("show", "my-case", "--data", str(path), "--json").json()["record"]
    assert record["forms"] == ["not-stated"] and record["parties"] == ["not-stated"]
    wrong = "    forms: [not-stated, negotiation]\n    parties: [guilds]\n"
    bad = text.replace("    sources: [44]\n", "    sources: [44]\n" + wrong)
    path.write_text(bad, encoding="utf-8")
    run = cli("validate", str(path))
    assert run.code == 3
    assert "field 'forms': 'not-stated' cannot be listed with other values" in run.out
    assert "field 'parties': unknown value 'guilds'" in run.out
    assert "field 'form_notes'" not in run.out
    noted = text.replace("    sources: [44]\n", "    sources: [44]\n    forms: [negotiation]\n")
    path.write_text(noted.replace("    forms: [negotiation]\n", "    forms: [negotiation]\n    form_notes: {}\n"))
    assert "field 'form_notes': no note for 'negotiation'" in cli("validate", str(path)).out
