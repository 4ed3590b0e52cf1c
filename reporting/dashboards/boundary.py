"""The China view's boundary map: the file the ministry supplies (`CHINA_MAP_FILE`,
GeoJSON or ECharts' compressed map JSON) with its map approval number
(`CHINA_MAP_APPROVAL`, shentu hao). A boundary map of China may be published only
with its number, so without both the file is neither served nor drawn and the page
shows the tile-grid cartogram alone.

The file is served by `map_file` to anyone who sees the China view (never from
static: the approval covers this use, not a public download), with an ETag and
Last-Modified so that a browser revalidates it with a 304. static/js/china_map.js
draws it with ECharts, each region joined to the table's row on the GB/T 2260 code
held in the feature property named by `CHINA_MAP_CODE_PROPERTY`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from .download import Table
from .periods import dashboard_membership
from .tiles import NOT_REPORTING

TILES_VIEW = "tiles"
BOUNDARY_VIEW = "boundary"
VIEWS = {
    TILES_VIEW: gettext_lazy("Tile grid"),
    BOUNDARY_VIEW: gettext_lazy("Boundary map"),
}
# The cartogram's classes (static/css/portal.css), in the order of the values the
# map's visualMap is given: a shade 0-4, then no data, then not reporting.
NO_DATA = 5
NOT_REPORTING_SHADE = 6


def map_file_configured() -> bool:
    """Both the file and its approval number are set: only then is it shown."""
    return bool(settings.CHINA_MAP_FILE and settings.CHINA_MAP_APPROVAL)


def chosen_view(request: HttpRequest) -> str:
    """`?map=boundary` shows the boundary map when one is configured; the
    cartogram is the default and the answer to anything else."""
    if request.GET.get("map") == BOUNDARY_VIEW and map_file_configured():
        return BOUNDARY_VIEW
    return TILES_VIEW


@dataclass(frozen=True)
class ViewLink:
    key: str
    label: str
    href: str
    active: bool


def view_links(request: HttpRequest, chosen: str) -> list[ViewLink]:
    """The switch between the cartogram and the boundary map: the page's own
    address with `map` set, every other choice (period, indicator) kept."""
    if not map_file_configured():
        return []
    links = []
    for key, label in VIEWS.items():
        query: QueryDict = request.GET.copy()
        query["map"] = key
        links.append(
            ViewLink(
                key, str(label), f"{request.path}?{query.urlencode()}", key == chosen
            )
        )
    return links


def map_regions(table: Table, shades: dict[str, int | None]) -> list[dict]:
    """What the boundary map draws for each province: the table's name, its value
    as the table writes it, the cartogram's shade and the table's link; then the
    three regions that do not report, greyed as on the cartogram."""
    regions = []
    for name, code, value, *_coverage in table.rows:
        shade = shades.get(code.value)
        regions.append(
            {
                "code": code.value,
                "name": name.value,
                "text": value.text,
                "shade": NO_DATA if shade is None else shade,
                "href": name.href,
            }
        )
    for code, (_row, _column, name) in NOT_REPORTING.items():
        regions.append(
            {
                "code": code,
                "name": str(name),
                "text": _("not in the ministry list"),
                "shade": NOT_REPORTING_SHADE,
                "href": "",
            }
        )
    return regions


def map_config(table: Table, shades: dict[str, int | None]) -> dict:
    """The boundary map's data for static/js/china_map.js (json_script)."""
    return {
        "url": reverse("reporting:dashboard-map-file"),
        "codeProperty": settings.CHINA_MAP_CODE_PROPERTY,
        "regions": map_regions(table, shades),
        "failed": _(
            "The boundary map could not be loaded; the table holds the same figures."
        ),
    }


@lru_cache(maxsize=4)
def _etag(path: str, mtime_ns: int, size: int) -> str:
    """The file's content hash, read again only when the file changes."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return f'"{digest.hexdigest()[:32]}"'


@require_safe
@login_required
def map_file(request: HttpRequest) -> HttpResponse:
    """The configured boundary map file, to whoever sees the China view; 404 when
    none is configured with its approval number (or the file is missing)."""
    dashboard_membership(request)
    if not map_file_configured():
        raise Http404(_("No boundary map is configured."))
    path = Path(settings.CHINA_MAP_FILE)
    try:
        stat = path.stat()
    except OSError:
        raise Http404(_("No boundary map is configured.")) from None
    etag = _etag(str(path), stat.st_mtime_ns, stat.st_size)
    modified = int(stat.st_mtime)
    response = get_conditional_response(request, etag=etag, last_modified=modified)
    if response is None:
        response = FileResponse(path.open("rb"), content_type="application/json")
    response.headers["ETag"] = etag
    response.headers["Last-Modified"] = http_date(modified)
    # Signed-in users only: no shared cache; revalidated on every use (a 304).
    patch_cache_control(response, private=True, no_cache=True)
    return response
