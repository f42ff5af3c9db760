"""What the open data app stores about a person (see kosilab/core/personal_data.py): which platform
admin asked for a build of the dump. The dump itself holds only public data (docs/open-data.md)."""

from __future__ import annotations

from kosilab.core.personal_data import Erasure, declare

declare(
    "opendata.DumpBuild",
    fields=["requested_by"],
    erasure=Erasure.ANONYMISED,
    what="Builds of the open data dump a platform admin asked for; the build stays without the person.",
    not_exported="A technical record of the platform's administration, not data about the person.",
)
