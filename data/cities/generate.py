#!/usr/bin/env python3
"""Writes cn_cities.csv, chainatlas's built-in table of Chinese cities (see README.md).

Facts only, taken from two MIT-licensed PyPI packages, fetched as wheels and read, not
installed into the project:

    pip download --no-deps cpca==0.5.5 pypinyin==0.55.0
    unzip -q cpca-0.5.5-py3-none-any.whl -d cpca
    unzip -q pypinyin-0.55.0-py2.py3-none-any.whl -d pypinyin
    python3 generate.py cpca pypinyin > cn_cities.csv

cpca's resources/adcodes.csv gives every division's adcode, Chinese name and coordinates;
its resources/56_nations.csv the ethnic groups (to shorten autonomous-prefecture names);
pypinyin's dictionaries give the pinyin. The corrections below are listed one by one.
"""

import csv
import os
import sys
from collections import defaultdict

# Changes to prefecture-level divisions after cpca 0.5.5's snapshot (State Council approvals).
DROPPED = {
    "371200": "莱芜市: merged into 济南市 (approved January 2019)",
}
RENAMED = {
    # adcode in cpca -> (new adcode, new name, why)
    "542400": ("540600", "那曲市", "那曲地区 became a prefecture-level city (2017)"),
}

# Readings pypinyin gets wrong for these place names (polyphonic characters).
PINYIN_FIXES = {
    "长治": "Changzhi",
    "朝阳": "Chaoyang",
    "漯河": "Luohe",
    "昌都": "Changdu",
    "吕梁": "Lüliang",
    "锡林郭勒": "Xilinguole",
    "阿勒泰": "Aletai",
    "克孜勒苏": "Kezilesu",
}

# Conventional English forms used as ids instead of the plain pinyin (which still resolves,
# being the `pinyin` column). Hong Kong and Macao follow datasets/gba; the rest are the
# romanisations from the minority language that English sources use.
ENGLISH_IDS = {
    "香港": "Hong Kong",
    "澳门": "Macao",
    "哈尔滨": "Harbin",
    "呼和浩特": "Hohhot",
    "乌鲁木齐": "Urumqi",
    "拉萨": "Lhasa",
    "日喀则": "Shigatse",
    "鄂尔多斯": "Ordos",
    "呼伦贝尔": "Hulunbuir",
    "克拉玛依": "Karamay",
    "喀什": "Kashgar",
    "吐鲁番": "Turpan",
    "和田": "Hotan",
    "阿克苏": "Aksu",
    "阿勒泰": "Altay",
    "博尔塔拉": "Bortala",
    "巴音郭楞": "Bayingolin",
    "克孜勒苏": "Kizilsu",
    "齐齐哈尔": "Qiqihar",
    "巴彦淖尔": "Bayannur",
    "乌兰察布": "Ulanqab",
    "锡林郭勒": "Xilingol",
    "阿拉善": "Alxa",
    "林芝": "Nyingchi",
    "昌都": "Qamdo",
    "那曲": "Nagqu",
    "阿里": "Ngari",
}

# Province-level divisions: adcode prefix -> (English name used in keys and the province column).
PROVINCES = {
    "11": "Beijing", "12": "Tianjin", "13": "Hebei", "14": "Shanxi", "15": "Inner Mongolia",
    "21": "Liaoning", "22": "Jilin", "23": "Heilongjiang", "31": "Shanghai", "32": "Jiangsu",
    "33": "Zhejiang", "34": "Anhui", "35": "Fujian", "36": "Jiangxi", "37": "Shandong",
    "41": "Henan", "42": "Hubei", "43": "Hunan", "44": "Guangdong", "45": "Guangxi",
    "46": "Hainan", "50": "Chongqing", "51": "Sichuan", "52": "Guizhou", "53": "Yunnan",
    "54": "Tibet", "61": "Shaanxi", "62": "Gansu", "63": "Qinghai", "64": "Ningxia",
    "65": "Xinjiang", "81": "Hong Kong", "82": "Macao",
}
MUNICIPALITIES = {"11", "12", "31", "50"}
SARS = {"81", "82"}

# Region presets (ids as chainatlas spells them; see src/geo/presets.rs).
GBA = {"广州市", "深圳市", "珠海市", "佛山市", "惠州市", "东莞市", "中山市", "江门市", "肇庆市",
       "香港特别行政区", "澳门特别行政区"}
# Chengdu-Chongqing Economic Circle plan (2021): Chongqing and these 15 Sichuan cities.
CCEC_SICHUAN = {"成都市", "自贡市", "泸州市", "德阳市", "绵阳市", "遂宁市", "内江市", "乐山市",
                "南充市", "眉山市", "宜宾市", "广安市", "达州市", "雅安市", "资阳市"}


def preset(prefix, name_zh):
    if name_zh in GBA:
        return "GBA"
    if prefix in ("31", "32", "33", "34"):
        return "YRD"
    if prefix in ("11", "12", "13"):
        return "JJJ"
    if prefix == "50" or (prefix == "51" and name_zh in CCEC_SICHUAN):
        return "CCEC"
    return "Mainland"


SUFFIXES = ("自治州", "地区", "盟", "市", "特别行政区")


def short_name(name, nations):
    """广州市 -> 广州; 恩施土家族苗族自治州 -> 恩施; 博尔塔拉蒙古自治州 -> 博尔塔拉."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            name = name[: -len(suffix)]
            break
    changed = True
    while changed:
        changed = False
        for nation in nations:
            for form in (nation, nation[:-1]):
                if len(form) >= 2 and name.endswith(form) and len(name) > len(form) + 1:
                    name = name[: -len(form)]
                    changed = True
    return name


def pinyin(lazy_pinyin, short):
    if short in PINYIN_FIXES:
        return PINYIN_FIXES[short]
    syllables = lazy_pinyin(short)
    out = syllables[0]
    for s in syllables[1:]:
        out += ("'" if s[0] in "aoe" else "") + s
    return out[0].upper() + out[1:]


def main():
    cpca_dir, pypinyin_dir = sys.argv[1], sys.argv[2]
    sys.path.insert(0, pypinyin_dir)
    from pypinyin import lazy_pinyin  # noqa: E402

    res = os.path.join(cpca_dir, "cpca", "resources")
    with open(os.path.join(res, "56_nations.csv"), encoding="utf-8") as f:
        nations = sorted({line.strip() for line in f if line.strip()}, key=len, reverse=True)
    with open(os.path.join(res, "adcodes.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    by_code = {r["adcode"][:6]: r for r in rows}

    cities = []
    for code, r in sorted(by_code.items()):
        prefix, mid, tail = code[:2], code[2:4], code[4:]
        name = r["name"]
        if prefix not in PROVINCES:
            continue  # Taiwan: datasets give its cities in cities.csv (country Taiwan)
        if prefix in MUNICIPALITIES or prefix in SARS:
            if mid != "00" or tail != "00":
                continue
        elif mid == "00" or tail != "00" or not name.endswith(("市", "地区", "自治州", "盟")):
            continue  # provinces, counties, and 省直辖县级行政区划 (no prefecture)
        if code in DROPPED:
            continue
        if code in RENAMED:
            code, name, _ = RENAMED[code]
        short = short_name(name, nations)
        cities.append({
            "adcode": code,
            "name_zh": name,
            "short_zh": short,
            "pinyin": pinyin(lazy_pinyin, short),
            "province": PROVINCES[prefix],
            "province_zh": by_code[prefix + "0000"]["name"],
            "lat": "%.4f" % float(r["latitude"]),
            "lon": "%.4f" % float(r["longitude"]),
            "region": preset(prefix, name),
            "country": "China",
        })

    # Ids: the conventional English form where listed, else the pinyin; pinyin homonyms
    # carry the province: `Suzhou (Jiangsu)`.
    by_base = defaultdict(list)
    for c in cities:
        c["base"] = ENGLISH_IDS.get(c["short_zh"], c["pinyin"])
        by_base[c["base"].lower()].append(c)
    for group in by_base.values():
        provinces = [c["province"] for c in group]
        assert len(set(provinces)) == len(provinces), group
        for c in group:
            c["city"] = c["base"] if len(group) == 1 else "%s (%s)" % (c["base"], c["province"])
    ids = [c["city"] for c in cities]
    assert len(set(ids)) == len(ids)
    for c in cities:
        for value in c.values():
            assert "," not in value and '"' not in value, c

    columns = ["city", "name_zh", "short_zh", "pinyin", "province", "province_zh", "adcode",
               "region", "country", "lat", "lon"]
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(columns)
    for c in sorted(cities, key=lambda c: c["adcode"]):
        out.writerow([c[k] for k in columns])


if __name__ == "__main__":
    main()
