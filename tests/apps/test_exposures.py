"""The dbt exposures name every app page at the URL the app serves, and list the marts it reads."""

from pathlib import Path

import yaml

from apps.data import PAGE_MARTS
from apps.pages import PAGES

EXPOSURES = Path(__file__).resolve().parents[2] / "dbt_project/models/marts/executive/_exposures.yml"


def test_every_page_has_an_exposure_at_its_url_naming_its_marts():
    exposures = yaml.safe_load(EXPOSURES.read_text())["exposures"]
    apps = {e["url"].rsplit("/", 1)[1]: e for e in exposures if e["type"] == "application"}
    assert set(apps) == set(PAGES)
    for key, exposure in apps.items():
        # the page's own file is named in the description, and every mart it needs is a dependency
        assert PAGES[key][0] in exposure["description"], key
        declared = {d.split("'")[1] for d in exposure["depends_on"]}
        needed = {t.split(".")[1] for t in PAGE_MARTS[key]}
        assert needed <= declared, (key, needed - declared)
