"""Refresh the real command outputs shown in README.md: python scripts/update_readme.py"""

import json
import os
import re
import subprocess
import sys

env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1"}


def run(*a):
    return subprocess.run([sys.executable, "-m", "migdialogue", *a], capture_output=True, text=True, env=env).stdout


readme = open("README.md").read()


def block(text):
    return "```\n" + text.rstrip("\n") + "\n```"


country = run("country", "Jordan")
search = '$ migdialogue search "colective bargainig" --limit 5\n' + run("search", "colective bargainig", "--limit", "5")
ex = json.loads(run("show", "thailand-migrant-workers-ordinance-2018", "--json"))["record"]
for key, value in (
    ("COUNTRY_JORDAN_OUTPUT", block(country)),
    ("SEARCH_OUTPUT", block(search)),
    ("EXAMPLE_JSON", "```json\n" + json.dumps(ex, ensure_ascii=False, indent=2) + "\n```"),
):
    pattern = re.compile(r"<!-- " + key + r" -->.*?<!-- /" + key + r" -->", re.S)
    new = f"<!-- {key} -->\n{value}\n<!-- /{key} -->"
    if key in readme and f"<!-- {key} -->" not in readme:
        readme = readme.replace(key, new)
    else:
        readme = pattern.sub(lambda m: new, readme)
open("README.md", "w").write(readme)
