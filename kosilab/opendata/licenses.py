"""The licences the open data dump can be published under (``KOSILAB_OPEN_DATA_LICENSE``).

The default is the "Datenlizenz Deutschland – Namensnennung – Version 2.0" (dl-de/by-2-0), the licence
German public bodies use for open data (GovData): anybody may use the data for any purpose, naming the
source. CC BY 4.0 says the same internationally; the two "zero" licences need no attribution.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class License:
    name: str  # the Frictionless/SPDX-style identifier in datapackage.json
    title: str  # the licence's own title (not translated: it is a name)
    path: str  # where its text is
    attribution: bool  # must users name the source?


LICENSES: dict[str, License] = {
    "dl-de-by-2.0": License(
        name="dl-de-by-2.0",
        title="Datenlizenz Deutschland – Namensnennung – Version 2.0",
        path="https://www.govdata.de/dl-de/by-2-0",
        attribution=True,
    ),
    "dl-de-zero-2.0": License(
        "dl-de-zero-2.0", "Datenlizenz Deutschland – Zero – Version 2.0", "https://www.govdata.de/dl-de/zero-2-0", False
    ),
    "cc-by-4.0": License(
        name="CC-BY-4.0",
        title="Creative Commons Attribution 4.0 International",
        path="https://creativecommons.org/licenses/by/4.0/",
        attribution=True,
    ),
    "cc0-1.0": License(
        "CC0-1.0", "Creative Commons Zero 1.0 Universal", "https://creativecommons.org/publicdomain/zero/1.0/", False
    ),
}


def current_license() -> License:
    return LICENSES[settings.KOSILAB_OPEN_DATA_LICENSE]
