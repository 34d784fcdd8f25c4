"""Spot checks of facts against the brief, at least one per section."""

from __future__ import annotations

from migdialogue.dataset import Dataset
from migdialogue.models import Example, Instrument, Statistic


def ex(ds: Dataset, ident: str) -> Example:
    rec = ds.get(ident)
    assert isinstance(rec, Example), ident
    return rec


def stat_values(ds: Dataset) -> dict[float, Statistic]:
    return {s.value: s for s in ds.statistics}


def test_meta_and_definition(ds: Dataset) -> None:
    assert ds.meta.doi == "10.54394/GMYI2601"
    assert ds.meta.date == "2025-02"
    assert ds.meta.definition.text.startswith("All types of negotiation, consultation or information sharing")


def test_introduction_figures(ds: Dataset) -> None:
    values = stat_values(ds)
    assert values[169_000_000].year == 2019 and 2 in values[169_000_000].sources
    assert values[70_000_000].year == 2019
    for share in (60.6, 66.2, 26.7, 7.1):
        assert 2 in values[share].sources
    assert 3 in values[31_600_000].sources and 3 in values[6_900_000].sources


def test_ilo_mandate_instruments(ds: Dataset) -> None:
    c97 = ds.get("c097")
    assert isinstance(c97, Instrument) and c97.number == 97 and c97.year == 1949
    r205 = ds.get("r205")
    assert isinstance(r205, Instrument) and r205.year == 2017 and 4 in r205.sources
    r86 = ds.get("r086")
    assert isinstance(r86, Instrument) and r86.year is None  # the brief gives no year


def test_box1_principles(ds: Dataset) -> None:
    assert [p.number for p in ds.principles] == [2, 6, 7]
    six = ds.get("mf-principle-6")
    assert six is not None and "Social dialogue is essential" in six.quote.text  # type: ignore[attr-defined]


def test_multilateral_frameworks(ds: Dataset) -> None:
    names = " ".join(f.name for f in ds.frameworks)
    for part in ("2030 Agenda", "Global Compact for Safe, Orderly", "Global Compact on Refugees", "Global Forum"):
        assert part in names


def test_challenges(ds: Dataset) -> None:
    assert {c.id for c in ds.challenges} == {
        "informality",
        "discrimination",
        "skills",
        "gender",
        "climate-change",
        "conflict",
        "freedom-of-association",
        "data",
        "cross-border-cooperation",
    }
    assert 18 in ds.get("freedom-of-association").sources  # type: ignore[union-attr]


def test_policy_formulation_chile(ds: Dataset) -> None:
    chile = ex(ds, "chile-national-migration-policy-2023")
    assert chile.countries == ("Chile",) and 2023 in chile.years and chile.sources == (20,)


def test_legislative_reform(ds: Dataset) -> None:
    assert ex(ds, "viet-nam-overseas-workers-law-2022").sources == (30,)
    thai = ex(ds, "thailand-migrant-workers-ordinance-2018")
    assert 2018 in thai.years and thai.sources == (31,)


def test_sectoral_protection_argentina(ds: Dataset) -> None:
    arg = ex(ds, "argentina-domestic-work-commission")
    assert "domestic work" in arg.sectors and 2018 in arg.years and 32 in arg.sources


def test_skills_germany_60000_a_year(ds: Dataset) -> None:
    germany = ex(ds, "germany-skilled-immigration-act")
    assert set(germany.sources) == {35, 36}
    figure = stat_values(ds)[60_000]
    assert figure.countries == ("Germany",) and 36 in figure.sources


def test_crisis_czechia_and_kenya(ds: Dataset) -> None:
    assert 2020 in ex(ds, "czechia-ten-points-2020").years
    assert ex(ds, "kenya-covid-mou-2020").sources == (41,)


def test_bipartite_jordan_agreement(ds: Dataset) -> None:
    jordan = ex(ds, "jordan-garment-collective-agreement-2022")
    assert jordan.sources == (44, 45, 46, 47)
    assert jordan.dialogue_type == "bipartite" and 2022 in jordan.years
    assert any("J-GATE" in a for a in jordan.actors)
    assert 78_600 in stat_values(ds)


def test_local_italy_incas(ds: Dataset) -> None:
    incas = ex(ds, "italy-incas-local-plans-2023")
    assert incas.level == "local" and 59 in incas.sources and 2023 in incas.years


def test_cross_border_au_and_asean(ds: Dataset) -> None:
    lmac = ex(ds, "au-labour-migration-advisory-committee-2019")
    assert 2019 in lmac.years and lmac.region == ("africa",)
    ace = ex(ds, "ace-atuc-joint-dialogues")
    assert ace.dialogue_type == "bipartite" and 75 in ace.sources and 2016 in ace.years


def test_bilateral_germany_philippines(ds: Dataset) -> None:
    triple = ex(ds, "germany-philippines-triple-win-2013")
    assert set(triple.countries) == {"Germany", "Philippines"} and 2013 in triple.years
    assert triple.level == "bilateral"


def test_recommendations(ds: Dataset) -> None:
    blma = [r for r in ds.recommendations if "germany-philippines-nurses-agreement" in r.examples]
    assert blma and blma[0].kind == "main"
    # the brief never says the nurses agreement is the 2013 Triple Win BLMA: that one is only the editors' reading
    assert blma[0].examples == ("germany-philippines-nurses-agreement",)
    assert "germany-philippines-triple-win-2013" in blma[0].related_examples
    ratify = [r for r in ds.recommendations if "c087" in r.instruments]
    assert ratify and set(ratify[0].instruments) >= {"c087", "c098"} and ratify[0].kind == "sub"


def test_audit_fixes(ds: Dataset) -> None:
    # the AU framework stresses tripartite dialogue; the brief does not say who drew it up
    au = ex(ds, "au-migration-policy-framework-2018-2030")
    assert au.dialogue_type == "unspecified" and au.notes
    # Ghana: consultation led by an inter-ministerial committee; who was consulted is not said (a judgement call)
    ghana = ex(ds, "ghana-national-migration-policy-2016")
    assert ghana.dialogue_type == "unspecified" and any("Judgement call" in n for n in ghana.notes)
    # footnote 33: the 2015 plan renewed on 21 February 2024 by the second plan
    belgium = ex(ds, "belgium-fair-competition-plan-2015")
    assert any("renewed on 21 February 2024 by a second" in p for p in belgium.points)
    assert not any("plan for the construction sector, renewed" in p for p in belgium.points)
    cambodia = ex(ds, "cambodia-covid-recovery-priorities-2020")
    assert "annual tripartite meeting" in cambodia.summary and "yearly review" not in cambodia.summary
    # second reading: the key points had slipped under notes when the note was added
    assert len(cambodia.points) == 3 and any("Five priority areas" in p for p in cambodia.points)
    assert not any("Five priority areas" in n for n in cambodia.notes)
    venezuela = ex(ds, "venezuelan-integration-regional-strategy")
    assert "socioeconomic integration of Venezuelan refugees and migrants" not in venezuela.summary
    # second reading: the brief names only the social partners implementing it, not governments with them
    assert venezuela.dialogue_type == "unspecified" and venezuela.parties == ("employers", "workers")
    # the figures the audit found missing
    czech = ds.get("czechia-ten-points-count-2020")
    assert isinstance(czech, Statistic) and czech.value == 10 and czech.sources == (40,)
    belgian = ds.get("belgium-fair-competition-plan-construction-measures-2015")
    assert isinstance(belgian, Statistic) and belgian.value == 40 and belgian.sources == (33,)
