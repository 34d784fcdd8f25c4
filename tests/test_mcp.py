"""migdialogue mcp: each tool, prompt and resource through the SDK's in-memory client, a real session over
stdio with the server as a process, the tool list and schemas against a snapshot, and the footnotes every
result cites checked against the records they come from."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, get_args

import anyio
import pytest

from migdialogue import briefing, cite, dataset, fulltext, i18n, query, views
from migdialogue.dataset import Dataset

from .conftest import cli
from .test_validate import GOOD_EXAMPLE

if TYPE_CHECKING:
    from mcp import Client
# The SDK (and with it pydantic) and jsonschema are imported by the tests that use them, not when the tests
# are collected: every run of the fast loop, and each of its workers, would pay about a second for them.

GOLDEN = Path(__file__).parent / "golden" / "mcp_server.json"
NURSES = "What does the ILO brief say about recruiting nurses from abroad?"
T = TypeVar("T")


_CONNECTED: dict[int, tuple[Any, Any]] = {}  # id(server) -> (portal, client): one session per module's server


@pytest.fixture(scope="module")
def server(ds: Dataset) -> Iterator[Any]:
    """The server on the bundled data, with one client session kept open for the module's tests (an event
    loop in a thread, anyio's blocking portal): a session per call cost its handshake 120 times a run."""
    from mcp import Client

    from migdialogue import mcpserver

    built = mcpserver.build(ds)
    with (
        anyio.from_thread.start_blocking_portal() as portal,
        portal.wrap_async_context_manager(Client(built)) as client,
    ):
        _CONNECTED[id(built)] = (portal, client)
        yield built
        del _CONNECTED[id(built)]


def session(server: Any, work: Callable[[Client], Awaitable[T]]) -> T:
    """Run ``work`` with a client connected to the server in memory: the module's open session, or a new one
    for a server a test builds."""
    from mcp import Client

    connected = _CONNECTED.get(id(server))
    if connected is not None:
        portal, client = connected
        return portal.call(work, client)  # type: ignore[no-any-return]

    async def run() -> T:
        async with Client(server) as client:
            return await work(client)

    return anyio.run(run)


def call(server: Any, tool: str, **arguments: Any) -> Any:
    return session(server, lambda c: c.call_tool(tool, arguments))


def data(result: Any) -> dict[str, Any]:
    """A tool's structured content, checked against the JSON it also gives as text."""
    assert not result.is_error, result.content[0].text
    assert json.loads(result.content[0].text) == result.structured_content
    return result.structured_content  # type: ignore[no-any-return]


def error(result: Any) -> str:
    assert result.is_error and result.structured_content is None
    return result.content[0].text  # type: ignore[no-any-return]


async def _instructions(client: Client) -> str | None:
    return client.instructions


def schemas(server: Any) -> dict[str, Any]:
    tools = session(server, lambda c: c.list_tools())
    return {t.name: t.output_schema for t in tools.tools}


# -- the server as a host sees it -------------------------------------------------------------------


def _listing(server: Any) -> dict[str, Any]:
    async def work(c: Client) -> dict[str, Any]:
        tools = (await c.list_tools()).tools
        prompts = (await c.list_prompts()).prompts
        resources = (await c.list_resources()).resources
        templates = (await c.list_resource_templates()).resource_templates
        dump = lambda items: [i.model_dump(mode="json", by_alias=True, exclude_none=True) for i in items]  # noqa: E731
        return {
            "tools": dump(tools), "prompts": dump(prompts), "resources": dump(resources), "templates": dump(templates)
        }  # fmt: skip

    return session(server, work)


def test_tools_prompts_and_resources_match_the_snapshot(server: Any) -> None:
    """A renamed tool, argument or field breaks every host configured with it: change the snapshot on purpose
    (UPDATE_GOLDEN=1 python -m pytest tests/test_mcp.py) and say so."""
    listing = _listing(server)
    text = json.dumps(listing, indent=2, ensure_ascii=False) + "\n"
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert json.loads(GOLDEN.read_text(encoding="utf-8")) == listing


def test_every_tool_is_read_only_and_has_an_output_schema(server: Any) -> None:
    tools = session(server, lambda c: c.list_tools()).tools
    assert {t.name for t in tools} == {
        "search", "list_examples", "get_record", "get_country", "get_region", "briefing_note", "cite_record",
        "vocabularies",
    }  # fmt: skip
    for tool in tools:
        assert tool.annotations is not None and tool.annotations.read_only_hint is True, tool.name
        assert tool.annotations.destructive_hint is False and tool.annotations.open_world_hint is False
        assert tool.output_schema and tool.output_schema["type"] == "object", tool.name
        assert tool.description and tool.title


def test_the_choices_are_the_cores() -> None:
    from migdialogue import mcpserver

    assert get_args(mcpserver.Collection) == fulltext.COLLECTIONS
    assert get_args(mcpserver.CiteStyle) == cite.STYLES
    assert get_args(mcpserver.Language) == i18n.LANGUAGES


def test_the_instructions_tell_the_model_to_answer_from_the_brief_only(server: Any) -> None:
    text = session(server, _instructions)
    assert text is not None
    for words in ("Answer only from what these tools return", "footnote numbers", "does not cover", "February 2025",
                  "10.54394/GMYI2601", "vocabularies"):  # fmt: skip
        assert words in text


# -- each tool ----------------------------------------------------------------------------------------


def _ids(items: list[dict[str, Any]]) -> list[str]:
    return [i["id"] for i in items]


def test_the_nurses_question_reaches_the_germany_philippines_agreements(server: Any) -> None:
    """The issue's question, asked as a person would: the two Germany–Philippines agreements come first, and
    each says that the brief gives it no footnote (its sentence has none), citing the brief itself."""
    found = data(call(server, "search", query=NURSES))
    top = _ids(found["results"])[:2]
    assert set(top) == {"germany-philippines-triple-win-2013", "germany-philippines-nurses-agreement"}
    for item in found["results"][:2]:
        assert item["footnotes"] == [] and "Germany" in item["countries"]
        assert item["citation"].endswith("The brief gives no footnote for this.")
        assert "https://doi.org/10.54394/GMYI2601" in item["citation"]
    assert any("no footnote for germany-philippines" in n for n in found["notes"])
    record = data(call(server, "get_record", id=top[1]))
    assert record["footnotes"] == [] and record["record"]["sectors"] == ["health"]
    assert any("No footnote" in n for n in record["record"]["notes"])  # the editors say why


@pytest.mark.parametrize(
    "words", ["infirmières recrutées à l'étranger", "enfermeras contratadas en el extranjero", "nurses"]
)
def test_search_in_french_and_spanish(server: Any, words: str) -> None:
    found = data(call(server, "search", query=words, limit=3))
    assert "germany-philippines-nurses-agreement" in _ids(found["results"])


def test_search_is_the_cores_search_with_the_clis_filters(server: Any, ds: Dataset) -> None:
    found = data(call(server, "search", query="domestic work", region="Americas", type=["tripartite"], limit=50))
    chosen = query.Filters.resolve(ds, regions=["Americas"], types=["tripartite"])
    expected = fulltext.search(ds, "domestic work", chosen, limit=50)
    assert _ids(found["results"]) == [h.record.key for h in expected.hits]
    assert [r["score"] for r in found["results"]] == [round(h.score, 1) for h in expected.hits]
    assert found["filters"] == {"regions": ["americas"], "types": ["tripartite"]}
    assert found["results"] and all("record" not in r for r in found["results"])  # detail 'summary'


def test_search_all_collections_and_full_detail(server: Any) -> None:
    found = data(call(server, "search", query="freedom of association", collection="all", limit=20, detail="full"))
    assert len({r["collection"] for r in found["results"]}) > 1
    for item in found["results"]:
        assert item["record"] is not None
        assert item["footnotes"] == (
            [int(item["id"])] if item["collection"] == "sources" else item["record"].get("sources", [])
        )


def test_search_says_when_more_exist_and_when_nothing_matches(server: Any) -> None:
    found = data(call(server, "search", query="migrant workers", limit=2))
    assert len(found["results"]) == 2 and found["more"] is True
    none = data(call(server, "search", query="blockchain cryptocurrency"))
    assert none["results"] == [] and any("does not cover" in n for n in none["notes"])


def test_list_examples_is_the_cores_filter_with_pages(server: Any, ds: Dataset) -> None:
    chosen = query.Filters.resolve(ds, regions=["africa"], since=2015)
    expected = [e.id for e in query.filter_examples(ds, chosen)]
    first = data(call(server, "list_examples", region="africa", since=2015, limit=5))
    rest = data(call(server, "list_examples", region="africa", since=2015, limit=100, offset=5))
    assert first["total"] == rest["total"] == len(expected) > 5
    assert _ids(first["results"]) + _ids(rest["results"]) == expected
    assert any("offset 5" in n for n in first["notes"])


def test_a_record_in_full_with_its_footnotes_texts(server: Any, ds: Dataset) -> None:
    found = data(call(server, "get_record", id="jordan-garment-collective-agreement-2022"))
    rec = ds.get("jordan-garment-collective-agreement-2022")
    assert found["record"] == rec.to_dict()  # type: ignore[union-attr]
    assert found["footnotes"] == [{"number": n, "citation": ds.source(n).citation} for n in (44, 45, 46, 47)]  # type: ignore[union-attr]
    assert found["citation"].endswith("footnotes 44, 45, 46, 47.")
    assert found["links"]["challenges"]
    footnote = data(call(server, "get_record", id="44"))
    assert footnote["collection"] == "sources" and [f["number"] for f in footnote["footnotes"]] == [44]


def test_a_country_and_a_region_as_the_cli_shows_them(server: Any, ds: Dataset) -> None:
    country = data(call(server, "get_country", name="Jordanie"))  # its French name
    shown = views.country_document(ds, query.find_country(ds, "Jordan")).data
    assert country["country"] == shown["country"]
    assert _ids(country["examples"]) == [e["id"] for e in shown["examples"]]
    assert _ids(country["related_examples"]) == [e["id"] for e in shown["related_examples"]]
    assert [f["number"] for f in country["footnotes"]] == query.footnotes_cited(ds, query.find_country(ds, "Jordan"))
    region = data(call(server, "get_region", name="Arab States"))
    shown = views.region_document(ds, "arab-states").data
    assert [c["name"] for c in region["countries"]] == [c["name"] for c in shown["countries"]]
    assert _ids(region["examples"]) == [e["id"] for e in shown["examples"]]


def test_a_briefing_note_is_the_clis(server: Any, ds: Dataset) -> None:
    found = data(call(server, "briefing_note", subject="Jordan"))
    note = briefing.build(ds, "Jordan")
    assert found["markdown"] == briefing.render(ds, note, markdown=True)
    assert found["kind"] == "country" and found["subject"] == "Jordan"
    germany = data(call(server, "briefing_note", subject="Germany"))
    total = briefing.build(ds, "Germany").example_total()
    assert total > briefing.SHORT_EXAMPLES
    assert f"names {briefing.SHORT_EXAMPLES} of {total} examples" in " ".join(germany["notes"])
    numbers = [f["number"] for f in found["footnotes"]]
    assert numbers and set(numbers) <= set(note.footnotes())
    for n in numbers:
        assert f"[{n}]" in found["markdown"].replace("\\[", "[").replace("\\]", "]")


@pytest.mark.parametrize("style", cite.STYLES)
def test_cite_a_record_in_every_style(server: Any, ds: Dataset, style: str) -> None:
    found = data(call(server, "cite_record", id="germany-skilled-immigration-act", style=style))
    assert found["citation"] == cite.cite(ds, query.find_record(ds, "germany-skilled-immigration-act"), style)


def test_the_vocabularies_are_real_filter_values(server: Any, ds: Dataset) -> None:
    found = data(call(server, "vocabularies"))
    assert [c["name"] for c in found["countries"]] == [c.name for c in ds.countries]
    assert [r["id"] for r in found["regions"]] == ["africa", "americas", "arab-states", "asia-pacific",
                                                   "europe-central-asia"]  # fmt: skip
    assert found["collections"] == list(fulltext.COLLECTIONS)
    checks = [("country", found["countries"][0]["name"], found["countries"][0]["examples"])]
    for name, arg in (("challenges", "challenge"), ("themes", "theme"), ("sectors", "sector"), ("levels", "level"),
                      ("types", "type"), ("forms", "form"), ("parties", "party"), ("regions", "region")):  # fmt: skip
        assert found[name], name
        checks += [(arg, term["id"], term["examples"]) for term in found[name][:3]]
    for arg, value, count in checks:
        listed = data(call(server, "list_examples", **{arg: value}, limit=1))
        assert listed["total"] >= count, (arg, value)  # an id may also select others whose names share its words
    only = data(call(server, "vocabularies", which=["levels"]))
    assert only["levels"] and not only["countries"]


# -- footnotes: every number a result cites exists and belongs to its record --------------------------


def _check_items(ds: Dataset, items: list[dict[str, Any]]) -> int:
    for item in items:
        rec = query.find_record(ds, item["id"])
        own = [rec.number] if rec.collection == "sources" else list(getattr(rec, "sources", ()))  # type: ignore[attr-defined]
        assert item["footnotes"] == own, item["id"]
        for n in item["footnotes"]:
            assert ds.source(n) is not None, (item["id"], n)
            assert str(n) in item["citation"]
        if not own:
            assert "no footnote" in item["citation"]
    return len(items)


def calls(server: Any, requests: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """Several tool calls in one session, their structured content in order."""

    async def work(c: Client) -> list[dict[str, Any]]:
        return [data(await c.call_tool(tool, arguments)) for tool, arguments in requests]

    return session(server, work)


def test_every_footnote_a_result_cites_belongs_to_its_record(server: Any, ds: Dataset) -> None:
    words = ("collective bargaining", "recruitment fees", "domestic workers", "Ukraine refugees", "skills")
    regions = ("africa", "americas", "arab-states", "asia-pacific", "europe-central-asia")
    records = [*ds.examples, *ds.challenges, *ds.recommendations, *ds.instruments, *ds.statistics, *ds.sources]
    answers = iter(
        calls(
            server,
            [("search", {"query": w, "collection": "all", "limit": 50}) for w in words]
            + [("list_examples", {"limit": 100})]
            + [("get_country", {"name": c.name, "limit": 100}) for c in ds.countries]
            + [("get_region", {"name": r, "limit": 100}) for r in regions]
            + [("get_record", {"id": rec.key}) for rec in records],
        )
    )
    checked = 0
    for _ in range(len(words) + 1):
        checked += _check_items(ds, next(answers)["results"])
    for _ in ds.countries:
        found = next(answers)
        checked += _check_items(ds, found["examples"] + found["related_examples"] + found["statistics"])
        own = {n for e in found["examples"] for n in e["footnotes"]}
        assert {f["number"] for f in found["footnotes"]} == own
    for _ in regions:
        found = next(answers)
        checked += _check_items(ds, found["examples"] + found["statistics"])
    assert checked > 300
    for rec in records:
        found = next(answers)
        own = [rec.number] if rec.collection == "sources" else list(rec.sources)  # type: ignore[attr-defined]
        assert found["id"] == rec.key and [f["number"] for f in found["footnotes"]] == own
        assert all(f["citation"] == ds.source(f["number"]).citation for f in found["footnotes"])  # type: ignore[union-attr]


def test_every_answer_validates_against_its_output_schema(server: Any) -> None:
    import jsonschema

    output = schemas(server)
    calls = [
        ("search", {"query": NURSES}),
        ("search", {"query": "gender", "collection": "all", "detail": "full", "limit": 50}),
        ("list_examples", {"limit": 100, "detail": "full"}),
        ("get_record", {"id": "gender"}),
        ("get_record", {"id": "12"}),
        ("get_record", {"id": "jordan"}),  # a country's record is the country
        ("get_country", {"name": "Germany", "detail": "full"}),
        ("get_region", {"name": "europe", "detail": "full", "limit": 100}),
        ("briefing_note", {"subject": "domestic work", "full": True}),
        ("cite_record", {"id": "gender", "style": "csl-json"}),
        ("vocabularies", {}),
    ]
    for tool, arguments in calls:
        jsonschema.validate(data(call(server, tool, **arguments)), output[tool])


def test_answers_stay_small_and_say_what_was_cut(server: Any) -> None:
    import jsonschema

    from migdialogue import mcpserver

    result = call(server, "list_examples", limit=100, detail="full")
    found = data(result)
    assert len(result.content[0].text) <= mcpserver.BUDGET < 100_000  # well under 25,000 tokens
    assert found["total"] > len(found["results"]) and any(n.startswith("Cut: ") for n in found["notes"])
    jsonschema.validate(found, schemas(server)["list_examples"])
    for tool, arguments in (
        ("search", {"query": "migrant workers", "collection": "all", "limit": 50, "detail": "full"}),
        ("get_region", {"name": "africa", "limit": 100, "detail": "full"}),
        ("get_country", {"name": "Germany", "limit": 100, "detail": "full"}),
        ("briefing_note", {"subject": "domestic work", "full": True}),
        ("vocabularies", {}),
    ):
        text = call(server, tool, **arguments).content[0].text
        assert len(text) <= mcpserver.BUDGET, tool
    small = data(call(server, "list_examples", limit=20))
    assert len(small["results"]) == 20 and not any(n.startswith("Cut") for n in small["notes"])


# -- errors a model can act on --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tool", "arguments", "expected"),
    [
        ("get_record", {"id": "germany-philippines-nurses-agreemnt"}, "'germany-philippines-nurses-agreement'?"),
        ("get_country", {"name": "Germny"}, "did you mean 'Germany'"),
        ("get_region", {"name": "Afrika"}, "did you mean 'Africa'"),
        ("list_examples", {"theme": "crisis situatons"}, "no theme 'crisis situatons'"),
        ("search", {"query": "wages", "country": "Narnia"}, "no country 'Narnia'"),
        ("list_examples", {"since": 2030, "until": 2020}, "`since` 2030 is after `until` 2020"),
        ("search", {"query": "   "}, "the search query is empty"),
        ("search", {"query": "wages", "collection": "everything"}, "collection"),
        ("cite_record", {"id": "gender", "style": "apa"}, "style"),
        ("briefing_note", {"subject": "zzzz"}, "no country, region, challenge, sector, theme or instrument 'zzzz'"),
        ("get_record", {}, "id"),
    ],
)
def test_a_wrong_value_is_a_tool_error_naming_what_to_use(
    server: Any, tool: str, arguments: dict[str, Any], expected: str
) -> None:
    text = error(call(server, tool, **arguments))
    assert expected in text
    assert "Traceback" not in text and "internal error" not in text


def test_not_found_points_to_the_vocabularies(server: Any) -> None:
    assert "`vocabularies` tool lists every valid value" in error(call(server, "get_country", name="Atlantis"))


# -- resources and prompts --------------------------------------------------------------------------------


def _read(server: Any, uri: str) -> str:
    result = session(server, lambda c: c.read_resource(uri))
    return result.contents[0].text  # type: ignore[no-any-return, union-attr]


def _refused(server: Any, work: Callable[[Client], Awaitable[Any]]) -> str:
    """The message of the protocol error a request gets (caught inside the session)."""

    from mcp.shared.exceptions import MCPError

    async def attempt(client: Client) -> str:
        try:
            await work(client)
        except MCPError as err:
            return err.message
        raise AssertionError("no error")

    return session(server, attempt)


def test_resources_mirror_the_tools(server: Any, ds: Dataset) -> None:
    about = json.loads(_read(server, "migdialogue://about"))
    assert about["meta"]["doi"] == "10.54394/GMYI2601"
    assert json.loads(_read(server, "migdialogue://vocabularies")) == data(call(server, "vocabularies"))
    ident = "jordan-garment-collective-agreement-2022"
    assert json.loads(_read(server, f"migdialogue://record/{ident}")) == data(call(server, "get_record", id=ident))
    assert json.loads(_read(server, "migdialogue://country/Jordan")) == data(call(server, "get_country", name="Jordan"))
    assert json.loads(_read(server, "migdialogue://region/africa")) == data(call(server, "get_region", name="africa"))
    searched = json.loads(_read(server, "migdialogue://search/domestic%20work"))
    assert searched["results"] == data(call(server, "search", query="domestic work"))["results"]
    note = data(call(server, "briefing_note", subject="health"))
    assert _read(server, "migdialogue://briefing/health") == note["markdown"]
    assert _read(server, f"migdialogue://cite/{ident}?style=bibtex") == cite.cite(ds, ds.get(ident), "bibtex")  # type: ignore[arg-type]
    assert _read(server, f"migdialogue://cite/{ident}") == cite.cite(ds, ds.get(ident), "text")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("uri", "expected"),
    [
        ("migdialogue://record/jordan-garment-collective-agreement-2021", "did you mean"),
        ("migdialogue://country/Jordn", "did you mean 'Jordan'"),
        ("migdialogue://cite/gender?style=apa", "no citation style 'apa'"),
        ("migdialogue://nothing/here", "Unknown resource"),
    ],
)
def test_an_unknown_resource_is_an_error_naming_what_to_use(server: Any, uri: str, expected: str) -> None:
    assert expected in _refused(server, lambda c: c.read_resource(uri))


@pytest.mark.parametrize(
    ("language", "words"), [("en", "Answer in English"), ("fr", "Répondez en français"), ("es", "Responda en español")]
)
def test_prompts_in_three_languages_with_the_data_attached(server: Any, language: str, words: str) -> None:
    async def work(c: Client) -> list[Any]:
        return [
            await c.get_prompt("what_the_brief_says", {"topic": "nurses", "language": language}),
            await c.get_prompt("country_note", {"country": "Jordan", "language": language}),
            await c.get_prompt("compare_countries", {"first": "Viet Nam", "second": "ES", "language": language}),
        ]

    topic, country, compare = session(server, work)
    for prompt, attached in ((topic, 1), (country, 1), (compare, 2)):
        assert words in prompt.messages[0].content.text
        assert "2025" in prompt.messages[0].content.text
        assert len(prompt.messages) == 1 + attached
    for prompt in (topic, country, compare):  # each attachment is the resource its URI names
        for message in prompt.messages[1:]:
            assert message.content.resource.text == _read(server, message.content.resource.uri)
    results = json.loads(topic.messages[1].content.resource.text)["results"]
    assert "germany-philippines-nurses-agreement" in _ids(results)
    assert json.loads(country.messages[1].content.resource.text)["country"]["name"] == "Jordan"
    assert "Viet Nam and Spain" in compare.messages[0].content.text.replace(" et ", " and ").replace(" y ", " and ")


def test_prompts_are_listed_and_refuse_an_unknown_country(server: Any) -> None:
    prompts = session(server, lambda c: c.list_prompts()).prompts
    assert {p.name for p in prompts} == {"what_the_brief_says", "country_note", "compare_countries"}
    assert "did you mean 'Jordan'" in _refused(server, lambda c: c.get_prompt("country_note", {"country": "Jordn"}))


# -- a user's dataset -----------------------------------------------------------------------------------


def test_a_users_records_say_they_are_not_the_brief(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(GOOD_EXAMPLE, encoding="utf-8")
    from migdialogue import mcpserver

    mine = mcpserver.build(dataset.load(str(path)))
    assert "origin" in (session(mine, _instructions) or "")
    found = data(call(mine, "get_record", id="my-case"))
    assert found["origin"] == "user" and "not from the ILO brief" in found["citation"]
    listed = data(call(mine, "list_examples", country="Jordan", limit=100))
    item = next(i for i in listed["results"] if i["id"] == "my-case")
    assert item["origin"] == "user" and "not from the ILO brief" in item["citation"]
    assert "from your own dataset" in error(call(mine, "cite_record", id="my-case"))


# -- the command ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["claude-desktop", "claude-code", "vscode", "cursor"])
def test_print_config_gives_the_absolute_command(host: str, tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(GOOD_EXAMPLE, encoding="utf-8")
    run = cli("mcp", "--print-config", host, "--data", os.path.relpath(mine))
    assert run.code == 0, run.err
    if host == "claude-code":
        words = run.out.split()
        assert words[:7] == ["claude", "mcp", "add", "--scope", "user", "migdialogue", "--"]
        argv = words[7:]
    else:
        config = json.loads(run.out)
        entry = config["servers" if host == "vscode" else "mcpServers"]["migdialogue"]
        argv = [entry["command"], *entry["args"]]
    assert os.path.isabs(argv[0]) and os.path.exists(argv[0])
    assert argv[-3:] == ["mcp", "--data", str(mine)]
    assert run.err.count("\n") == 1  # where to put it


def test_print_config_refuses_an_unknown_host() -> None:
    run = cli("mcp", "--print-config", "emacs")
    assert run.code == 2 and "claude-desktop" in run.err


@pytest.mark.slow
def test_without_the_extra_one_line_says_how_to_install_it() -> None:
    code = "import sys; sys.modules['mcp'] = None; from migdialogue.cli import main; sys.argv[1:] = ['mcp']; main()"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, input="")
    assert result.returncode != 0 and result.stdout == ""
    assert result.stderr == "migdialogue: error: the MCP server needs the mcp extra: pip install 'migdialogue[mcp]'\n"


# -- a real session over stdio ------------------------------------------------------------------------

# A core function that prints: its stray line must reach stderr, never the protocol on stdout.
STRAY = (
    "import sys, migdialogue.query as q; found = q.find_record\n"
    "def noisy(*a, **k):\n    print('stray output from the core'); return found(*a, **k)\n"
    "q.find_record = noisy\n"
    "from migdialogue.cli import main; sys.argv[1:] = ['mcp']; main()\n"
)


@pytest.mark.slow
def test_a_stdio_session_with_the_sdks_client() -> None:
    """The server as a host starts it: a process on stdin and stdout, the initialize handshake, the tool
    list, a search, a record and an error (through a core function that prints on stdout)."""

    from mcp import Client, StdioServerParameters

    async def work() -> None:
        params = StdioServerParameters(command=sys.executable, args=["-c", STRAY])
        async with Client(params, mode="legacy") as client:  # the initialize handshake, as hosts do today
            assert client.server_info is not None and client.server_info.name == "migdialogue"
            assert "February 2025" in (client.instructions or "")
            names = {t.name for t in (await client.list_tools()).tools}
            assert {"search", "get_record", "cite_record"} <= names
            found = data(await client.call_tool("search", {"query": NURSES, "limit": 3}))
            assert "germany-philippines-nurses-agreement" in _ids(found["results"])
            record = data(await client.call_tool("get_record", {"id": "jordan-garment-collective-agreement-2022"}))
            assert [f["number"] for f in record["footnotes"]] == [44, 45, 46, 47]
            typo = await client.call_tool("get_record", {"id": "jordan-garment-agreement-2022"})
            assert "did you mean" in error(typo)

    anyio.run(work)


@pytest.mark.slow
def test_stdout_carries_only_protocol_messages() -> None:
    """Raw JSON-RPC lines in, and every line out is a JSON-RPC message, though a core call printed."""
    messages = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "test", "version": "0"}}},
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
        {"jsonrpc": "2.0", "id": 2, "method": "tools/list"},
        {"jsonrpc": "2.0", "id": 3, "method": "tools/call",
         "params": {"name": "get_record", "arguments": {"id": "44"}}},
        {"jsonrpc": "2.0", "id": 4, "method": "tools/call",
         "params": {"name": "get_country", "arguments": {"name": "X"}}},
        {"jsonrpc": "2.0", "id": 5, "method": "resources/read", "params": {"uri": "migdialogue://record/gender"}},
        {"jsonrpc": "2.0", "id": 6, "method": "tools/call",
         "params": {"name": "briefing_note", "arguments": {"subject": "Germany"}}},
    ]  # fmt: skip
    server = subprocess.Popen(
        [sys.executable, "-c", STRAY],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "MIGDIALOGUE_LANG": "fr"},  # the protocol stays English on a French machine
    )
    assert server.stdin is not None and server.stdout is not None
    server.stdin.write("".join(json.dumps(m) + "\n" for m in messages))
    server.stdin.flush()
    replies = []
    while len([r for r in replies if "id" in r]) < 6:  # every request answered; then the client hangs up
        line = server.stdout.readline()
        assert line, "the server ended before answering"
        replies.append(json.loads(line))  # each line a JSON-RPC message, nothing else
    rest, stderr = server.communicate(timeout=60)  # closes stdin: the client hangs up
    replies += [json.loads(line) for line in rest.splitlines()]
    assert server.returncode == 0, stderr
    assert all(r["jsonrpc"] == "2.0" for r in replies)
    by_id = {r["id"]: r for r in replies if "id" in r}
    assert set(by_id) == {1, 2, 3, 4, 5, 6}
    assert by_id[1]["result"]["serverInfo"]["name"] == "migdialogue"
    assert by_id[3]["result"]["structuredContent"]["footnotes"][0]["number"] == 44
    assert by_id[4]["result"]["isError"] is True
    assert "no country 'X'" in by_id[4]["result"]["content"][0]["text"]
    assert by_id[6]["result"]["structuredContent"]["markdown"].startswith("# Briefing note: Germany")
    assert "stray output from the core" in stderr
    assert "Traceback" not in stderr
