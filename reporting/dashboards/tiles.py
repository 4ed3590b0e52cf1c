"""Where each province's square sits in the China view's tile-grid cartogram.

One square per province-level division, keyed by its GB/T 2260 code (the two-digit
prefix, as `Province.code`), placed roughly by geography on a grid of ROWS × COLUMNS
(row 0 at the top, north; column 0 on the left, west). No boundaries are drawn: a
tile grid is not a map in the sense of the surveying and mapping law, so it needs no
map approval number (审图号). The codes are those of shared/data/provinces_gbt2260.csv
(modood/Administrative-divisions-of-China, 国家统计局 codes); the places are ours.
"""

from __future__ import annotations

ROWS = 8
COLUMNS = 9

# code -> (row, column, short Chinese name shown on the square) for the 31
# provinces that report.
TILES: dict[str, tuple[int, int, str]] = {
    "23": (0, 8, "黑龙江"),
    "15": (1, 5, "内蒙古"),
    "22": (1, 8, "吉林"),
    "65": (2, 1, "新疆"),
    "64": (2, 4, "宁夏"),
    "14": (2, 5, "山西"),
    "11": (2, 6, "北京"),
    "12": (2, 7, "天津"),
    "21": (2, 8, "辽宁"),
    "63": (3, 2, "青海"),
    "62": (3, 3, "甘肃"),
    "61": (3, 4, "陕西"),
    "41": (3, 5, "河南"),
    "13": (3, 6, "河北"),
    "37": (3, 7, "山东"),
    "54": (4, 1, "西藏"),
    "51": (4, 3, "四川"),
    "50": (4, 4, "重庆"),
    "42": (4, 5, "湖北"),
    "34": (4, 6, "安徽"),
    "32": (4, 7, "江苏"),
    "31": (4, 8, "上海"),
    "53": (5, 3, "云南"),
    "52": (5, 4, "贵州"),
    "43": (5, 5, "湖南"),
    "36": (5, 6, "江西"),
    "33": (5, 7, "浙江"),
    "45": (6, 4, "广西"),
    "44": (6, 5, "广东"),
    "35": (6, 6, "福建"),
    "46": (7, 4, "海南"),
}

# Shown, greyed and without a link: outside the ministry's list of universities.
NOT_REPORTING: dict[str, tuple[int, int, str, str]] = {
    "71": (6, 7, "台湾", "Taiwan"),
    "81": (7, 6, "香港", "Hong Kong"),
    "82": (7, 5, "澳门", "Macao"),
}
