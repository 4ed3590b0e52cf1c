"""Where each province's square sits in the China view's tile-grid cartogram.

One square per province-level division, keyed by its GB/T 2260 code (the two-digit
prefix, as `Province.code`), placed roughly by geography on a grid of ROWS × COLUMNS
(row 0 at the top, north; column 0 on the left, west). No boundaries are drawn: a
tile grid is not a map in the sense of the surveying and mapping law, so it needs no
map approval number (shentu hao). The codes are those of shared/data/provinces_gbt2260.csv
(modood/Administrative-divisions-of-China, National Bureau of Statistics codes); the places are ours.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ROWS = 8
COLUMNS = 9

# code -> (row, column, the short name shown on the square: in Chinese through the
# catalogue, as Nei Menggu for Nei Menggu Zizhiqu) for the 31 provinces that report.
TILES: dict[str, tuple[int, int, Promise]] = {
    "23": (0, 8, _("Heilongjiang")),
    "15": (1, 5, _("Inner Mongolia")),
    "22": (1, 8, _("Jilin")),
    "65": (2, 1, _("Xinjiang")),
    "64": (2, 4, _("Ningxia")),
    "14": (2, 5, _("Shanxi")),
    "11": (2, 6, _("Beijing")),
    "12": (2, 7, _("Tianjin")),
    "21": (2, 8, _("Liaoning")),
    "63": (3, 2, _("Qinghai")),
    "62": (3, 3, _("Gansu")),
    "61": (3, 4, _("Shaanxi")),
    "41": (3, 5, _("Henan")),
    "13": (3, 6, _("Hebei")),
    "37": (3, 7, _("Shandong")),
    "54": (4, 1, _("Tibet")),
    "51": (4, 3, _("Sichuan")),
    "50": (4, 4, _("Chongqing")),
    "42": (4, 5, _("Hubei")),
    "34": (4, 6, _("Anhui")),
    "32": (4, 7, _("Jiangsu")),
    "31": (4, 8, _("Shanghai")),
    "53": (5, 3, _("Yunnan")),
    "52": (5, 4, _("Guizhou")),
    "43": (5, 5, _("Hunan")),
    "36": (5, 6, _("Jiangxi")),
    "33": (5, 7, _("Zhejiang")),
    "45": (6, 4, _("Guangxi")),
    "44": (6, 5, _("Guangdong")),
    "35": (6, 6, _("Fujian")),
    "46": (7, 4, _("Hainan")),
}

# Shown, greyed and without a link: outside the ministry's list of universities.
NOT_REPORTING: dict[str, tuple[int, int, Promise]] = {
    "71": (6, 7, _("Taiwan")),
    "81": (7, 6, _("Hong Kong")),
    "82": (7, 5, _("Macao")),
}
