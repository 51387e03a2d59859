#!/usr/bin/env python3
"""Build the bundled Greater Bay Area dataset (datasets/gba/*.csv) from the facts in the repo.

Reads the fact base in datasets/gba/facts/base (gba_orgs.csv, gba_relations.csv,
chain_templates_reference.md, and groups.csv: the group of each plant and subsidiary), then
merges every topic folder datasets/gba/facts/<topic>/ (sorted by name, `base` excluded) that is
already in data-contract form (firms.csv, tags.csv, links.csv, chains.csv, cities.csv,
absences.csv, README.md), and writes cities.csv, chains.csv, firms.csv, links.csv,
absences.csv and README.md next to this script. Python 3 standard library only; output is
deterministic (same input, same bytes). Every mapping decision is a table or a function here.

    python3 datasets/gba/build.py              # from the repository root
    python3 datasets/gba/build.py --data DIR   # another copy of the fact base
    python3 datasets/gba/build.py --facts DIR  # another folder of topic folders
    python3 datasets/gba/build.py --check      # build, then list what was not written

The self-checks (ids unique, references resolve, supply stage produced by the source,
templates acyclic, counts) run on every build and name the folder and row of each failure;
the script exits 1 if one fails.
"""

import argparse
import collections
import csv
import io
import json
import os
import re
import sys
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
FACTS = os.path.join(HERE, "facts")
DEFAULT_DATA = os.path.join(FACTS, "base")
# The release binary, run after a build to count `chainatlas check` warnings for the README.
CHAINATLAS = os.path.join(REPO, "target", "release", "chainatlas")

GBA_CITIES = [
    # city, name_zh, lat, lon
    ("Guangzhou", "广州", 23.13, 113.26),
    ("Shenzhen", "深圳", 22.54, 114.06),
    ("Zhuhai", "珠海", 22.27, 113.58),
    ("Foshan", "佛山", 23.02, 113.12),
    ("Huizhou", "惠州", 23.11, 114.42),
    ("Dongguan", "东莞", 23.02, 113.75),
    ("Zhongshan", "中山", 22.52, 113.39),
    ("Jiangmen", "江门", 22.58, 113.08),
    ("Zhaoqing", "肇庆", 23.05, 112.47),
    ("Hong Kong", "香港", 22.32, 114.17),
    ("Macao", "澳门", 22.20, 113.55),
]

# Fact-base city text -> (clean city, name_zh, country, lat, lon). Region: Mainland for other
# mainland-China cities, Overseas otherwise (Taiwan included, country "Taiwan").
OUTSIDE_CITIES = {
    "Ayutthaya (Thailand)": ("Ayutthaya", "大城", "Thailand", 14.35, 100.57),
    "Wuxi (Jiangsu)": ("Wuxi", "无锡", "China", 31.49, 120.31),
    "Tokyo (Japan)": ("Tokyo", "东京", "Japan", 35.68, 139.69),
    "Feltre (Italy)": ("Feltre", "费尔特雷", "Italy", 46.02, 11.91),
    "Petah Tikva (Israel)": ("Petah Tikva", "佩塔提克瓦", "Israel", 32.09, 34.89),
    "Benton Harbor (USA)": ("Benton Harbor", "本顿港", "United States", 42.12, -86.45),
    "Osaka (Japan)": ("Osaka", "大阪", "Japan", 34.69, 135.50),
    "Hefei (Anhui)": ("Hefei", "合肥", "China", 31.82, 117.23),
    "Qingdao (Shandong)": ("Qingdao", "青岛", "China", 36.07, 120.38),
    "Wetzlar (Germany)": ("Wetzlar", "韦茨拉尔", "Germany", 50.56, 8.50),
    "Augsburg (Germany)": ("Augsburg", "奥格斯堡", "Germany", 48.37, 10.90),
    "Stuttgart (Germany)": ("Stuttgart", "斯图加特", "Germany", 48.78, 9.18),
    "Toyota City (Japan)": ("Toyota City", "丰田市", "Japan", 35.08, 137.16),
    "Yokohama (Japan)": ("Yokohama", "横滨", "Japan", 35.44, 139.64),
    "Changchun (Jilin)": ("Changchun", "长春", "China", 43.82, 125.32),
    "Wolfsburg (Germany)": ("Wolfsburg", "沃尔夫斯堡", "Germany", 52.42, 10.79),
    "Ningde (Fujian)": ("Ningde", "宁德", "China", 26.66, 119.55),
    "Changzhou (Jiangsu)": ("Changzhou", "常州", "China", 31.81, 119.97),
    "Santa Clara (USA)": ("Santa Clara", "圣克拉拉", "United States", 37.35, -121.96),
    "Xinyu (Jiangxi)": ("Xinyu", "新余", "China", 27.82, 114.92),
    "Chongqing": ("Chongqing", "重庆", "China", 29.56, 106.55),
    "Munich (Germany)": ("Munich", "慕尼黑", "Germany", 48.14, 11.58),
    "Dearborn (USA)": ("Dearborn", "迪尔伯恩", "United States", 42.32, -83.18),
    "Austin (USA)": ("Austin", "奥斯汀", "United States", 30.27, -97.74),
    "Hamamatsu (Japan)": ("Hamamatsu", "滨松", "Japan", 34.71, 137.73),
    "Luobei County (Heilongjiang)": ("Luobei", "萝北", "China", 47.58, 130.83),
    "Xiamen (Fujian)": ("Xiamen", "厦门", "China", 24.48, 118.09),
    "Jiaozuo (Henan)": ("Jiaozuo", "焦作", "China", 35.22, 113.24),
    "Seoul (Korea)": ("Seoul", "首尔", "South Korea", 37.57, 126.98),
    "Yongin (Korea)": ("Yongin", "龙仁", "South Korea", 37.24, 127.18),
    "Stockholm (Sweden)": ("Stockholm", "斯德哥尔摩", "Sweden", 59.33, 18.07),
    "Salzgitter (Germany)": ("Salzgitter", "萨尔茨吉特", "Germany", 52.15, 10.33),
    "Shanghai": ("Shanghai", "上海", "China", 31.23, 121.47),
    "Hsinchu (Taiwan)": ("Hsinchu", "新竹", "Taiwan", 24.80, 120.97),
    "New Taipei (Taiwan)": ("New Taipei", "新北", "Taiwan", 25.01, 121.47),
    "Cupertino (USA)": ("Cupertino", "库比蒂诺", "United States", 37.32, -122.03),
    "Kunshan (Jiangsu)": ("Kunshan", "昆山", "China", 31.38, 120.98),
    "Spring, Texas (USA)": ("Spring", "斯普林", "United States", 30.08, -95.42),
    "Shaoguan (Guangdong, outside GBA)": ("Shaoguan", "韶关", "China", 24.81, 113.60),
    # Province only in the fact base (Pujing Ceramics): a province-level placeholder city,
    # placed at the provincial capital Nanchang.
    "Jiangxi": ("Jiangxi", "江西", "China", 28.68, 115.86),
    "Changji (Xinjiang)": ("Changji", "昌吉", "China", 44.01, 87.30),
    "Beaverton (USA)": ("Beaverton", "比弗顿", "United States", 45.49, -122.80),
    "Ezhou (Hubei)": ("Ezhou", "鄂州", "China", 30.39, 114.89),
    "Palo Alto (USA)": ("Palo Alto", "帕洛阿尔托", "United States", 37.44, -122.14),
    "Beijing": ("Beijing", "北京", "China", 39.90, 116.41),
    "Wuhan (Hubei)": ("Wuhan", "武汉", "China", 30.59, 114.31),
    "London (UK)": ("London", "伦敦", "United Kingdom", 51.51, -0.13),
    # cities of organisations added from chain_templates_reference.md
    "Xinxiang (Henan)": ("Xinxiang", "新乡", "China", 35.30, 113.93),
    "Suzhou (Jiangsu)": ("Suzhou", "苏州", "China", 31.30, 120.59),
    "Taizhou (Zhejiang)": ("Taizhou", "台州", "China", 28.66, 121.42),
}

# A fact-base city naming two cities: the first one is used (district column keeps both).
CITY_FIX = {"Guangzhou / Foshan": "Guangzhou"}

# Organisations of the fact base left out, with the reason (reported in README).
EXCLUDED_ORGS = {
    "sunda": "location not confirmed in the fact base (city and in_gba blank); a city cannot be assigned without guessing",
}

HA, NV, EL, RB, CE, TX, FD = (
    "home_appliances", "nev_batteries", "electronics_semiconductors", "robotics_automation",
    "ceramics_building_materials", "textiles_apparel", "food",
)

# Firm id -> stages it produces (chain, stage). Written per firm, because the fact base's
# generic tags (`component`, `final_assembly`) do not say which template stage is meant.
# Firms not listed produce no template stage (labs, platforms, finance, logistics, energy,
# furniture, lighting, and makers of products outside every chain's template).
STAGES = {
    # home appliances
    "midea": [(HA, "room_air_conditioner"), (HA, "microwave_oven"), (HA, "heat_exchanger")],
    "gmcc": [(HA, "compressor")],
    "welling": [(HA, "motor")],
    "gat_thailand": [(HA, "compressor")],
    "gree": [(HA, "room_air_conditioner"), (HA, "heat_exchanger")],
    "gree_daikin_device": [(HA, "compressor")],
    "landa": [(HA, "compressor")],
    "kaibang": [(HA, "motor")],
    "galanz": [(HA, "microwave_oven"), (HA, "magnetron")],
    "kelon": [(HA, "room_air_conditioner"), (HA, "refrigerator"), (HA, "heat_exchanger")],
    "broad_ocean": [(HA, "motor"), (NV, "e_drive")],
    "kingfa": [(HA, "plastics")],
    "huicong_appliance_city": [(HA, "distribution_retail")],
    "gz_jfe": [(HA, "steel_sheet"), (NV, "body_structure")],
    "jfe": [(HA, "steel_sheet")],
    "cspc": [(HA, "plastics"), (HA, "pu_foam_system"), (TX, "meg")],
    # cnooc and sinopec (Beijing head offices) carry no stage: their crude_oil tags moved to
    # the producing units in facts/plants (cnooc_offshore, sinopec_shengli); see README.
    # robotics
    "kuka": [(RB, "articulated_robot")],
    "kuka_china": [(RB, "articulated_robot")],
    "gsk": [(RB, "articulated_robot")],
    "googol": [(RB, "robot_controller")],
    "servotronix": [(RB, "robot_controller")],
    "inovance": [(RB, "servo_motor"), (RB, "servo_drive")],
    "jma": [(RB, "aluminium_alloy")],
    "xingfa": [(RB, "aluminium_alloy")],
    "asia_aluminum": [(RB, "aluminium_alloy")],
    "baosteel_shaoguan": [(RB, "special_steel")],
    # NEV and batteries
    "byd": [(NV, "bev"), (NV, "battery_cell"), (NV, "e_drive")],
    "findreams": [(NV, "battery_cell"), (NV, "battery_pack")],
    "denza": [(NV, "bev")],
    "gac": [(NV, "bev")],
    "gac_aion": [(NV, "bev")],
    "gac_honda": [(NV, "bev")],
    "gac_toyota": [(NV, "bev")],
    "dfn_huadu": [(NV, "bev")],
    "xpeng": [(NV, "bev")],
    "xpeng_zhaoqing": [(NV, "bev")],
    "faw_vw_foshan": [(NV, "bev"), (NV, "battery_pack")],
    "daimler": [(NV, "bev")],
    "toyota": [(NV, "bev")],
    "honda": [(NV, "bev")],
    "nissan": [(NV, "bev")],
    "dongfeng": [(NV, "bev")],
    "faw": [(NV, "bev")],
    "vw": [(NV, "bev")],
    "li_auto": [(NV, "bev")],
    "seres": [(NV, "bev")],
    "bmw": [(NV, "bev")],
    "ford": [(NV, "bev")],
    "tesla": [(NV, "bev")],
    "yinpai": [(NV, "battery_cell")],
    "yinlong": [(NV, "battery_cell")],
    "catl": [(NV, "battery_cell"), (NV, "battery_pack")],
    "catl_zhaoqing": [(NV, "battery_cell")],
    "catl_gac_jv": [(NV, "battery_cell")],
    "calb": [(NV, "battery_cell"), (NV, "battery_pack")],
    "calb_guangzhou": [(NV, "battery_cell")],
    "eve": [(NV, "battery_cell")],
    "sunwoda": [(NV, "battery_cell"), (NV, "battery_pack"), (EL, "phone_battery")],
    "gotion": [(NV, "battery_cell")],
    "lges": [(NV, "battery_cell")],
    "samsung_sdi": [(NV, "battery_cell")],
    "northvolt": [(NV, "battery_cell")],
    "vw_powerco": [(NV, "battery_cell")],
    "ganfeng": [(NV, "lithium_ore"), (NV, "lithium_chemicals")],
    "tinci": [(NV, "electrolyte")],
    "capchem": [(NV, "electrolyte")],
    "do_fluoride": [(NV, "electrolyte")],
    "btr": [(NV, "anode_graphite")],
    "ruitong_hlj": [(NV, "graphite_feedstock")],
    "senior": [(NV, "separator")],
    "senior_foshan": [(NV, "separator")],
    "kedali": [(NV, "battery_pack")],
    "dynanonic": [(NV, "cathode_lfp")],
    "xtc": [(NV, "cathode_nmc")],
    # electronics and semiconductors
    "atl": [(EL, "phone_battery")],
    "huawei": [(EL, "smartphone")],
    "huawei_device": [(EL, "smartphone")],
    "hisilicon": [(EL, "ic_design")],
    "anyka": [(EL, "ic_design")],
    "nvidia": [(EL, "ic_design")],
    "smic": [(EL, "wafer_fab")],
    "smic_shenzhen": [(EL, "wafer_fab")],
    "tsmc": [(EL, "wafer_fab")],
    "cansemi": [(EL, "wafer_fab")],
    "oppo": [(EL, "smartphone")],
    "vivo": [(EL, "smartphone")],
    "foxconn": [(EL, "smartphone")],
    "foxconn_longhua": [(EL, "smartphone"), (EL, "pcba_mainboard")],
    "luxshare": [(EL, "pcba_mainboard"), (EL, "smartphone")],
    "byd_electronic": [(EL, "housing"), (EL, "pcba_mainboard")],
    "csot": [(EL, "display_module")],
    "csot_t9": [(EL, "display_module")],
    "tcl_module_huizhou": [(EL, "display_module")],
    "samsung_display": [(EL, "display_module")],
    "shennan": [(EL, "pcb")],
    "shengyi_electronics": [(EL, "pcb")],
    "wus_pcb": [(EL, "pcb")],
    "shengyi": [(EL, "ccl")],
    # ceramics
    "keda": [(CE, "tile_machinery")],
    "monalisa": [(CE, "ceramic_tile")],
    "dongpeng": [(CE, "ceramic_tile")],
    "newpearl": [(CE, "ceramic_tile")],
    "kito": [(CE, "ceramic_tile")],
    "oceano": [(CE, "ceramic_tile")],
    "pujing": [(CE, "ceramic_tile")],
    "ceramic_fair": [(CE, "distribution_trade")],
    # textiles
    "bp_zhuhai": [(TX, "pta")],
    "cnooc_huizhou": [(TX, "paraxylene")],
    "esquel": [(TX, "garment"), (TX, "finished_fabric")],
    "gd_esquel": [(TX, "greige_fabric"), (TX, "finished_fabric"), (TX, "garment")],
    "changji_esquel": [(TX, "yarn")],
    "nike": [(TX, "wholesale_retail")],
    "li_ning": [(TX, "wholesale_retail")],
    "shein": [(TX, "wholesale_retail")],
    "xintang_jean_city": [(TX, "wholesale_retail")],
    # food
    "haitian": [(FD, "raw_soy_sauce"), (FD, "bottled_soy_sauce")],
    "lkk_xinhui": [(FD, "raw_soy_sauce"), (FD, "bottled_soy_sauce")],
}

# Why a fact-base production tag was NOT turned into a template stage (kept in `note`).
STAGE_NOTES = {
    "midea": "robotics tag of the fact base carried by kuka_china (owned); refrigerators not tagged (no source in the fact base)",
    "gree": "NEV tag of the fact base carried by yinlong (controlled)",
    "welling": "NEV e-compressors/pumps/EPS motors have no stage in the nev_batteries template",
    "byd": "battery stage per fact base (battery business run by FinDreams since 2021); e_drive in-house per general knowledge (chain_templates_reference.md)",
    "gac_honda": "fact base nev_auto/final_assembly mapped to bev; the plant builds mostly ICE cars",
    "gac_toyota": "fact base nev_auto/final_assembly mapped to bev; the plant builds mostly ICE cars",
    "dfn_huadu": "fact base nev_auto/final_assembly mapped to bev; the plants build mostly ICE cars",
    "yinlong": "electric buses are not the bev (passenger car) stage; cells only",
    "senior_foshan": "separator base under construction (2023), planned capacity",
    "jma": "aluminium extrusion profiles (template label: casting alloys & extrusions); casting-alloy role not confirmed",
    "xingfa": "aluminium extrusion profiles (template label: casting alloys & extrusions); casting-alloy role not confirmed",
    "asia_aluminum": "aluminium processing (template label: casting alloys & extrusions); casting-alloy role not confirmed",
    "atl": "consumer Li-ion cells/packs mapped to phone_battery only (no EV-cell customer in the fact base)",
    "do_fluoride": "LiPF6 electrolyte salt, mapped to electrolyte (no separate LiPF6 stage)",
    "nvidia": "fabless chip designer; DRIVE computers to carmakers recorded with stage ic_design",
    "bright_dream": "construction robots: no stage in the industrial-robot template",
    "ubtech": "humanoid robots: no stage in the industrial-robot template",
    "dji": "drones: no stage in the templates",
    "narwal": "robot vacuums: no stage in the templates",
    "hai_robotics": "warehouse robots: no stage in the templates",
    "desay_sv": "automotive domain controllers/cockpits: no stage in the nev_batteries template",
    "shenling": "industrial/commercial AC: not the room_air_conditioner stage",
    "bbk": "deregistered 2023; phones made by oppo/vivo",
    "lkk_huangpu": "sauce factory; soy-sauce output not stated",
    "keda": "lithium-battery materials business not tagged (product not stated)",
    "gsk": "CNC systems have no stage in the robot template",
    "kejie": "CNC systems/machine tools have no stage in the robot template",
    "evml_cnc": "CNC machine tools have no stage in the robot template",
    "cnooc": "head office (Beijing): the fact base's crude_oil tag moved to cnooc_offshore (CNOOC Limited's offshore fields, facts/plants)",
    "sinopec": "head office (Beijing): the fact base's crude_oil tag moved to sinopec_shengli (Shengli Oilfield, Dongying, facts/plants)",
    "esquel": "group level: garments and fabric (esquel -> li_ning fabric link); production at gd_esquel and changji_esquel",
}

# Organisations added from chain_templates_reference.md (its GBA-producer tables and Appendix
# B sources): id, name, name_zh, fact-base-style city, district, kind, stages, source URL,
# source title, note. Only firms the reference names with a source; none invented.
ADDED_ORGS = [
    ("brunp", "Guangdong Brunp Recycling Technology", "广东邦普循环科技", "Foshan", "", "firm",
     [(NV, "nmc_precursor"), (NV, "battery_recycling")],
     "https://news.metal.com/newscontent/101430327/Exclusive:-China's-New-Energy-industry-field-trip-report---Brunp",
     "SMM field trip report: Guangdong Brunp (HQ, R&D and Foshan recycling + battery-material base; CATL-controlled since 2015) [NV12]",
     "from chain_templates_reference.md; 500 kt/yr Foshan recycling complex planned [NV13]"),
    ("gem", "GEM Co.", "格林美", "Shenzhen", "", "firm",
     [(NV, "battery_recycling")],
     "https://kallanish.com/en/news/power-materials/market-reports/article-details/gem-collaborates-with-ruipu-energy-on-battery-recycling",
     "GEM (Shenzhen-listed) builds power-battery recycling bases in Shenzhen and Tianjin (Kallanish) [NV14]",
     "from chain_templates_reference.md; NMC precursor plants outside the GBA (general knowledge), so nmc_precursor not tagged"),
    ("byd_semiconductor", "BYD Semiconductor", "比亚迪半导体", "Shenzhen", "", "firm",
     [(NV, "power_semiconductor"), (EL, "wafer_fab")],
     "https://jw.ijiwei.com/n/810965",
     "BYD Semiconductor automotive IGBT: bases in Shenzhen and Ningbo (JW Insights) [NV9b]",
     "from chain_templates_reference.md; IGBT/SiC IDM with a power-device fab"),
    ("tianyu_semi", "Tianyu Semiconductor", "天域半导体", "Dongguan", "Songshan Lake", "firm",
     [],
     "https://www.redplanx.com/html/news/1381020.html",
     "Tianyu Semiconductor HQ and SiC epitaxial-wafer plant, Songshan Lake, Dongguan (RedPlanX, 2023) [NV17]",
     "from chain_templates_reference.md; SiC epitaxial wafers for power devices: no matching stage (silicon_wafer is 300 mm Si)"),
    ("hongtu", "Guangdong Hongtu Technology", "广东鸿图", "Zhaoqing", "", "firm",
     [(NV, "body_structure")],
     "https://www.benzinga.com/news/22/01/25178089/nio-xpeng-among-chinese-ev-makers-looking-to-try-out-tesla-like-die-cast-technology-with-guangdong-h",
     "Guangdong Hongtu launches 6,800-t integrated die-casting unit; NIO and XPeng in its supply chain (Benzinga/CnEVPost, 2022) [NV11]",
     "from chain_templates_reference.md; home base Zhaoqing [NV11b]"),
    ("agc_huizhou", "AGC TFT-LCD glass base (Huizhou) / Shenzhen substrate processing", "AGC", "Huizhou", "", "firm",
     [(EL, "display_glass")],
     "http://www.ceramicindustry.com/articles/96006-agc-to-build-new-tft-lcd-glass-substrate-facility-in-china",
     "AGC to build TFT-LCD glass substrate facility in Shenzhen with CSOT; raw-glass base in Huizhou (Ceramic Industry, 2016) [EL8]",
     "from chain_templates_reference.md; raw glass in Huizhou, substrate processing in Shenzhen (Gen-11 with CSOT)"),
    ("ofilm", "O-Film Tech", "欧菲光", "Shenzhen", "", "firm",
     [(EL, "camera_module")],
     "http://macdailynews.com/2017/08/25/apple-has-secured-a-massive-supply-of-camera-lens-modules-ahead-of-next-gen-iphone-launch/",
     "Camera lens-module suppliers incl. Shenzhen O-Film Tech (DigiTimes via MacDailyNews, 2017) [EL11]",
     "from chain_templates_reference.md"),
    ("ofilm_gz", "O-Film Image Technology (Guangzhou)", "", "Guangzhou", "", "firm",
     [(EL, "camera_module")],
     "https://www.digitimes.com/news/a20211220PD201.html",
     "O-Film Image Technology (Guangzhou) lens modules, sold to Wingtech (DIGITIMES, 2021) [EL10]",
     "from chain_templates_reference.md; sold by O-Film to Wingtech in 2021"),
    ("payton", "Payton Technology (Shenzhen)", "沛顿科技", "Shenzhen", "", "firm",
     [(EL, "packaging_test")],
     "https://www.zhengshili.com/news/?5449.html",
     "List of leading Chinese packaging & test firms incl. Payton Technology (Shenzhen) [EL9]",
     "from chain_templates_reference.md; evidence is a name in a list"),
    ("kingboard", "Kingboard Holdings", "建滔集团", "Hong Kong", "", "firm",
     [(EL, "ccl"), (EL, "pcb")],
     "http://www.semimedia.cc/?p=7592",
     "Kingboard, world's largest CCL maker (14-16% share); CCL ~30% of PCB cost (SemiMedia) [EL6]",
     "from chain_templates_reference.md; HK-headquartered, plant locations not confirmed in stored pages"),
    ("kingboard_copper_foil", "Kingboard Copper Foil Holdings", "建滔铜箔", "Hong Kong", "Sha Tin (Science Park office)", "firm",
     [(EL, "copper_foil")],
     "https://documents.pub/document/kingboard-copper-foil-holdings-report-2012pdf-2013-4-5-kingboard-copper.html",
     "Kingboard Copper Foil Holdings annual report 2012 (office: Hong Kong Science Park, Shatin) [EL7]",
     "from chain_templates_reference.md; production sites not confirmed in stored pages"),
    ("galanz_zhongshan", "Galanz refrigerator plant (Zhongshan)", "格兰仕中山", "Zhongshan", "", "firm",
     [(HA, "refrigerator")],
     "https://www.utech-polyurethane.com/information/high-growth-fridges-galanz-zhongshan",
     "High-growth fridges: Galanz Zhongshan refrigerator plant, 3.5 m units/yr (Utech Polyurethane) [HA20]",
     "from chain_templates_reference.md; also in the fact-base note on galanz"),
    ("transsion", "Transsion Holdings", "传音控股", "Shenzhen", "", "firm",
     [(EL, "smartphone")],
     "http://en.people.cn/n3/2017/1128/c90000-9298027.html",
     "Shenzhen 'owns the whole industry chain of mobile phones' (Shenzhen Mobile Communications Association; People's Daily, 2017) [EL12]",
     "from chain_templates_reference.md"),
    ("huaqiangbei", "Huaqiangbei electronics markets", "华强北", "Shenzhen", "Futian", "platform",
     [(EL, "distribution_retail")],
     "http://techcrunch.com/2013/05/02/shenzhens-huaqiangbei-sellers-are-struggling-as-phones-get-cheaper/",
     "Shenzhen's Huaqiangbei phone sellers (TechCrunch, 2013) [EL13]",
     "from chain_templates_reference.md; wholesale/retail market"),
    ("h_t_control", "Shenzhen H&T Intelligent Control", "和而泰", "Shenzhen", "", "firm",
     [(HA, "control_board")],
     "https://patents.glgoo.top/patent/CN209373447U/en",
     "CN209373447U knob controller, assignee Shenzhen H&T Intelligent Control (Google Patents mirror) [HA17]",
     "from chain_templates_reference.md; patent evidence only"),
    ("juchuang", "Zhongshan Juchuang Electronic Technology", "", "Zhongshan", "", "firm",
     [(HA, "control_board")],
     "https://patents.google.com/patent/CN105988389A/en",
     "CN105988389A microcomputer controller, assignee Zhongshan Juchuang Electronic Technology (Google Patents) [HA18]",
     "from chain_templates_reference.md; patent evidence only"),
    ("lxd_robotics", "Guangdong (Foshan) LXD Robotics", "", "Foshan", "", "firm",
     [(RB, "articulated_robot")],
     "https://patents.glgoo.top/patent/CN104227250A/en",
     "CN104227250A welding robot, assignee Guangdong (Foshan) LXD Robotics (Google Patents mirror) [RB9]",
     "from chain_templates_reference.md; patent evidence only"),
    # outside suppliers named by the reference
    ("golden_dragon", "Golden Dragon Precise Copper Tube", "金龙精密铜管", "Xinxiang (Henan)", "", "firm",
     [(HA, "copper_semis")],
     "https://fx361.cc/page/2010/0815/20397879.shtml",
     "Golden Dragon copper-tube project in Handan for Midea AC lines (China Nonferrous Metals Monthly, 2010) [HA12]",
     "from chain_templates_reference.md; HQ city per general knowledge (reference says Henan); tube plant in Handan (Hebei) for Midea"),
    ("leaderdrive", "Leaderdrive (Suzhou Leader Harmonious Drive)", "绿的谐波", "Suzhou (Jiangsu)", "", "firm",
     [(RB, "harmonic_reducer")],
     "http://ziboxinyan.com/bgdown/101085.html",
     "Humanoid-robot reducer report 2022: listed domestic makers Leaderdrive (harmonic), Shuanghuan (RV), Zhongda Leader, Guomao [RB11]",
     "from chain_templates_reference.md; city per general knowledge"),
    ("shuanghuan", "Zhejiang Shuanghuan Driveline", "双环传动", "Taizhou (Zhejiang)", "Yuhuan", "firm",
     [(RB, "rv_reducer")],
     "http://ziboxinyan.com/bgdown/101085.html",
     "Humanoid-robot reducer report 2022: listed domestic makers Leaderdrive (harmonic), Shuanghuan (RV), Zhongda Leader, Guomao [RB11]",
     "from chain_templates_reference.md; city per general knowledge"),
    ("nabtesco", "Nabtesco", "纳博特斯克", "Tokyo (Japan)", "", "firm",
     [(RB, "rv_reducer")],
     "http://lsbst.com.cn/Article/szjykxbzlw.html",
     "Robot chain: core parts -> robot body -> system integrators; Nabtesco + Harmonic Drive ~75% of precision reducers [RB4]",
     "from chain_templates_reference.md; city per general knowledge"),
    ("harmonic_drive", "Harmonic Drive Systems", "哈默纳科", "Tokyo (Japan)", "", "firm",
     [(RB, "harmonic_reducer")],
     "http://lsbst.com.cn/Article/szjykxbzlw.html",
     "Robot chain: core parts -> robot body -> system integrators; Nabtesco + Harmonic Drive ~75% of precision reducers [RB4]",
     "from chain_templates_reference.md; city per general knowledge"),
]

# Kind changes against the fact base (contract has `investor`).
KIND_FIX = {"sz_capital": "investor", "accel": "investor"}

# Fact-base stage -> function. Production stages give `manufacturing` to firms only
# (platforms such as development zones and parks do not manufacture).
FUNCTION_OF_STAGE = {
    "raw_material": "manufacturing", "material_processing": "manufacturing",
    "component": "manufacturing", "subassembly": "manufacturing", "final_assembly": "manufacturing",
    "r_and_d": "rnd", "design": "design", "brand_marketing": "marketing", "distribution": "sales",
    "exhibition": "marketing", "finance": "finance", "logistics": "logistics",
    "after_sales": "after_sales",
}
FUNCTION_ORDER = ["rnd", "design", "manufacturing", "marketing", "sales", "logistics",
                  "finance", "after_sales", "hq"]

# Headcounts stated in the fact base (size or note). '>' lower bounds are used as stated.
EMPLOYEES = {
    "midea": 150000, "gree": 80000, "galanz": 22000, "kuka": 12000, "kuka_china": 1000,
    "dji": 2800, "byd": 968900, "btet": 300, "esquel": 57000, "foxconn": 1290000,
    "luxshare": 278000, "tcl": 35379, "peng_cheng_lab": 1800, "ihep": 1400,
}
# Revenue in CNY million where the fact base states an annual CNY figure for the firm.
REVENUE = {
    "midea": 240000, "gree": 189164, "galanz": 13000, "broad_ocean": 8605, "kingfa": 35060,
    "byd": 602310, "dji": 3000, "haitian": 14500, "little_swan": 20000,
}

# Supply relations whose goods belong to no template stage: under the contract a supply
# link must name a stage the source produces, so these are not written (listed in README).
OFF_TEMPLATE = {
    ("shenling", "gac"): "industrial air-conditioning / environmental systems for GAC plants (equipment, not a bill-of-materials input)",
    ("bright_dream", "country_garden"): "construction robots deployed on building sites (no template stage)",
    ("huawei", "peng_cheng_lab"): "Atlas 900 AI cluster for Cloud Brain II (servers, no template stage)",
    ("desay_sv", "xpeng"): "autonomous-driving domain controller (no template stage; general knowledge)",
    ("daya_bay_npp", "clp"): "electricity (energy is not a modelled chain)",
}

# Stage of what flows on each supply relation (source must produce it).
SUPPLY_STAGE = {
    ("gmcc", "midea"): (HA, "compressor"),
    ("welling", "midea"): (HA, "motor"),
    ("landa", "gree"): (HA, "compressor"),
    ("kaibang", "gree"): (HA, "motor"),
    ("findreams", "byd"): (NV, "battery_pack"),
    ("findreams", "ford"): (NV, "battery_cell"),
    ("do_fluoride", "byd"): (NV, "electrolyte"),
    ("xtc", "byd"): (NV, "cathode_nmc"),
    ("xtc", "sunwoda"): (NV, "cathode_nmc"),
    ("xtc", "atl"): (NV, "cathode_nmc"),
    ("xtc", "samsung_sdi"): (NV, "cathode_nmc"),
    ("nvidia", "byd"): (EL, "ic_design"),
    ("nvidia", "xpeng"): (EL, "ic_design"),
    ("nvidia", "gac_aion"): (EL, "ic_design"),
    ("yinpai", "gac_aion"): (NV, "battery_cell"),
    ("calb", "gac_aion"): (NV, "battery_cell"),
    ("calb", "xpeng"): (NV, "battery_pack"),
    ("catl", "xpeng"): (NV, "battery_cell"),
    ("eve", "xpeng"): (NV, "battery_cell"),
    ("sunwoda", "xpeng"): (NV, "battery_pack"),
    ("sunwoda", "li_auto"): (NV, "battery_cell"),
    ("sunwoda", "apple"): (EL, "phone_battery"),
    ("catl", "seres"): (NV, "battery_pack"),
    ("ganfeng", "gac_aion"): (NV, "lithium_chemicals"),
    ("eve", "bmw"): (NV, "battery_cell"),
    ("eve", "daimler"): (NV, "battery_cell"),
    ("tinci", "catl"): (NV, "electrolyte"),
    ("tinci", "calb"): (NV, "electrolyte"),
    ("tinci", "gotion"): (NV, "electrolyte"),
    ("tinci", "tesla"): (NV, "electrolyte"),
    ("ruitong_hlj", "btr"): (NV, "graphite_feedstock"),
    ("dynanonic", "catl"): (NV, "cathode_lfp"),
    ("kedali", "catl"): (NV, "battery_pack"),
    ("atl", "apple"): (EL, "phone_battery"),
    ("hisilicon", "huawei"): (EL, "ic_design"),
    ("tsmc", "hisilicon"): (EL, "wafer_fab"),
    ("smic", "hisilicon"): (EL, "wafer_fab"),
    ("shennan", "huawei"): (EL, "pcb"),
    ("wus_pcb", "huawei"): (EL, "pcb"),
    ("foxconn_longhua", "apple"): (EL, "smartphone"),
    ("luxshare", "apple"): (EL, "smartphone"),
    ("csot", "tcl"): (EL, "display_module"),
    ("gz_jfe", "gac_honda"): (NV, "body_structure"),
    ("gz_jfe", "gac_toyota"): (NV, "body_structure"),
    ("gz_jfe", "dfn_huadu"): (NV, "body_structure"),
    ("esquel", "nike"): (TX, "garment"),
    ("esquel", "li_ning"): (TX, "finished_fabric"),
}
for _t in ("lges", "northvolt", "vw_powerco", "catl", "byd", "eve", "calb", "samsung_sdi"):
    SUPPLY_STAGE[("senior", _t)] = (NV, "separator")

# Supply relations re-layered: an EMS assembly contract for a product outside the templates.
SUPPLY_AS_VALUE = {("byd_electronic", "apple"): "iPad assembly for Apple (OEM/EMS contract; product not in a template)"}

# `product` relations: value (OEM/ODM, contract manufacturing) or innovation (co-development).
PRODUCT_LAYER = {
    ("midea", "whirlpool"): "value",
    ("midea", "toshiba"): "value",
    ("gree", "daikin"): "value",
    ("bosch_tt", "vanward"): "value",
    ("huawei", "seres"): "value",
    ("broad_ocean", "dongfeng"): "innovation",
    ("dachangjiang", "suzuki"): "innovation",
    ("keda", "sunda"): "value",
}

# Annual values (CNY million) stated in the fact base: (source, target) -> (weight, year).
WEIGHTS = {("tinci", "catl"): (8100, "2023")}

# Links added beyond gba_relations.csv. Sourced ones come from chain_templates_reference.md
# pages; `assumed` ones carry a one-line rationale. Added sparingly (see README).
ADDED_LINKS = [
    # source, target, layer, stage, year, evidence (None = classify the URL), ref, flows
    ("gree_daikin_device", "gree", "supply", (HA, "compressor"), "", "assumed",
     "assumed: Gree-Daikin JV making compressors (fact-base note) whose output feeds its parent Gree's AC assembly in Zhuhai",
     "compressors (in-group, assumed)"),
    ("agc_huizhou", "csot", "supply", (EL, "display_glass"), "2016", "assumed",
     "assumed: EL8 says AGC builds its Shenzhen glass-substrate facility together with CSOT for the Gen-11 line; flow inferred",
     "TFT-LCD glass substrates (assumed)"),
    ("brunp", "catl", "supply", (NV, "nmc_precursor"), "", "assumed",
     "assumed: NV12 calls Brunp (CATL-controlled since 2015) the core of CATL's ternary/precursor layout; flow inferred",
     "NMC precursor (in-group, assumed)"),
    ("catl", "brunp", "capital", None, "2015", None,
     "https://news.metal.com/newscontent/101430327/Exclusive:-China's-New-Energy-industry-field-trip-report---Brunp"
     " — SMM field trip report: Guangdong Brunp (CATL-controlled since 2015) [NV12]"
     "; https://xrxxw.com/article/view/459998.html — 湖南宁乡一电池回收厂发生爆炸 系宁德时代重要孙公司"
     " (news repost citing Tianyancha, 2021)"
     "; https://newsroom.submitmypressrelease.com/2021/10/13/catls-subsidiary-to-build-battery-cathode-material-production-base-in-yichang-gasgoo-auto-news_43457.html"
     " — CATL's subsidiary to build battery cathode material production base in Yichang (Gasgoo Auto News copy, 2021)",
     "controlling stake: 52.88% in 2021 (Tianyancha via the 2021 news repost; Gasgoo, Oct 2021:"
     " about 53%); a 64.8% (2023) figure was not found on a stored page (facts/corrections, session 9)"),
    ("byd", "byd_semiconductor", "capital", None, "2021", None,
     "https://techtaiwan.com/20210513/byd-chinese-semiconductor/"
     " — BYD Semiconductor spin-off: battery ~40% and IGBTs ~10% of EV production cost (TechTaiwan, 2021) [NV10]",
     "parent of spun-off semiconductor unit"),
    ("byd_semiconductor", "byd", "supply", (NV, "power_semiconductor"), "", None,
     "https://carzxzc.com/industry/4611.html"
     " — BYD likely to build self-owned SiC line; IGBT/SiC IDM chain design-wafer-packaging-vehicle (ZXZC) [NV9]",
     "IGBT / SiC power modules for BYD vehicles"),
    ("hongtu", "xpeng", "supply", (NV, "body_structure"), "2022", None,
     "https://www.benzinga.com/news/22/01/25178089/nio-xpeng-among-chinese-ev-makers-looking-to-try-out-tesla-like-die-cast-technology-with-guangdong-h"
     " — Guangdong Hongtu launches 6,800-t integrated die-casting unit; NIO and XPeng in its supply chain (Benzinga/CnEVPost, 2022) [NV11]",
     "die-cast structural parts"),
    ("golden_dragon", "midea", "supply", (HA, "copper_semis"), "2010", None,
     "https://fx361.cc/page/2010/0815/20397879.shtml"
     " — Golden Dragon copper-tube project in Handan for Midea AC lines (China Nonferrous Metals Monthly, 2010) [HA12]",
     "copper tube for Midea's Handan AC lines"),
    ("galanz", "galanz_zhongshan", "capital", None, "", None,
     "https://www.utech-polyurethane.com/information/high-growth-fridges-galanz-zhongshan"
     " — High-growth fridges: Galanz Zhongshan refrigerator plant, 3.5 m units/yr (Utech Polyurethane) [HA20]",
     "own refrigerator plant"),
]

# Stored pages that are mirrors, reprints, excerpts or aggregators -> evidence `reported`.
REPORTED_DOMAINS = {
    "askwikinow.com", "de.knowledgr.com", "enwikipedia.net", "hessslslslsls.azureedge.net",
    "w.owiki.org", "wikimili.com", "web-production-4e80b.up.railway.app", "grokipedia.com",
    "www.factsnippet.com", "humanomics.me", "www.debtfree4ever.net", "macdailynews.com",
    "www.bazhesc.com", "m.wxykgl.com", "www.ccgp-fushun.com", "www.syej.cn", "www.syxj.com.cn",
    "www.tellerreport.com", "www.publicnow.com", "reportify.ai", "ttm.financial",
    "roughlife.com", "newyorktoday.net", "www.plnmw.com", "lanxianggoujian8.com",
    "www.breakinglatest.news", "hellosep.com", "china-shengbang.com", "vdocuments.net",
    "m.arw1314.com", "world-economist.com", "dy77.com", "scsg.ru", "empor.top",
    "www.guangzhoutravelguide.com", "aiwdrive.com", "www.glassesmachinery.com",
    "www.supamachinery.com", "www.ghillelectricals.com", "www.alltopgroup.com",
    "www.rsa-tax.com", "www.pressreader.com", "afpbb.com", "www.benzinga.com", "fx361.cc",
    "patents.glgoo.top", "documents.pub",
}
REPORTED_TITLE_WORDS = ("mirror", " via ", "excerpt", "quoting", "citing", "repost",
                        "encyclopedia page", "grokipedia", "factsnippet", "wikimili")


# Recorded absences (absences.csv): raw-material stages with no producer in the GBA, each
# with the public page it rests on. A row is `documented` only where a public record states
# the absence for all of Guangdong (cotton: the National Bureau of Statistics' provincial
# cotton table, "Guangdong: no cotton production"; facts/evidence9_absences); elsewhere no
# page found says "the GBA has no X mine" in so many words, so the row is `estimated`: the
# page says where China's (or Guangdong's) X comes from, and none of those places is one of
# the eleven GBA cities; the inference, and any doubt a page raised, is in `note`. This table
# holds the fact-base raw materials; the topic folders add the rest (crude oil in
# facts/quality, zircon, silica, wheat, rare earth … in facts/survey). Iron and copper ore are
# unknown, not absent (UNKNOWN_BECAUSE below).
# (stages as (chain, stage) pairs, evidence, source_ref, note)
ABSENCES = [
    ([("home_appliances", "bauxite"), ("robotics_automation", "bauxite")], "estimated",
     "http://china.org.cn/english/en-sz2005/zr/zrzy-kc.htm",
     "China's bauxite lies mainly in Shanxi, Henan, Guizhou and Guangxi "
     "(https://www.cmgroup.net/news/promising-future-for-al-industry-development-in-guangxi/: "
     "Guangxi mines near Baise); the GBA's aluminium firms (Foshan, Zhaoqing) process "
     "bought-in metal; no GBA bauxite mine found. Guangdong is among 15 provinces with minor "
     "bauxite deposits (Shanxi, Guizhou, Henan and Guangxi hold 90.9% of reserves; "
     "http://m.intrinsic-id.com.cn/teach/show-htm-itemid-492.html, reference-text mirror, "
     "n.d.), their place in Guangdong not given; no deposit in a GBA city was found "
     "(facts/evidence9_absences)"),
    ([("nev_batteries", "lithium_ore")], "estimated",
     "https://yicaiglobal.com/news/20230614-16-jiangxi-is-chinas-no-1-lithium-hub-with-40-of-reserves",
     "China's lithium resources are in Jiangxi (Yichun lepidolite), Qinghai, Sichuan, Tibet, "
     "Henan and Xinjiang; the GBA's battery makers buy lithium from outside (Ganfeng, "
     "Jiangxi, in this data); no GBA lithium mine or brine found"),
    ([("nev_batteries", "nickel_cobalt_ore")], "estimated",
     "https://www.reuters.com/article/us-china-metals-electric-vehicles-idUSKBN1D70GT",
     "China holds about 1% of global cobalt reserves and relies on the DR Congo; nickel comes "
     "mostly from Indonesia "
     "(https://www.chinatechnews.com/2022/12/18/87927-chinese-companies-flock-to-indonesia-for-its-nickel); "
     "no GBA nickel or cobalt mine found"),
    ([("textiles_apparel", "cotton")], "documented",
     "https://www.dx2025.com/archives/2512.html — 国家统计局关于2019年棉花产量的公告, "
     "announcement on 2019 cotton output with the provincial table (National Bureau of "
     "Statistics, 17 Dec 2019, verbatim copy on dx2025.com, 2019); "
     "http://snbst.com/caijing/1712/55139.html — 全国棉花总产量548.6万吨较2016年增长2.7% "
     "(China News Service, with the NBS 2017 announcement's provincial table, 2017); "
     "http://365daan.com/shenghuo/phb/69494.html — 2022 cotton output by province, ranked, "
     "with the NBS table's note (ranking page, n.d.); "
     "http://en.people.cn/n3/2021/0326/c90000-9832716.html — Xinjiang grows about 87% of "
     "China's cotton (People's Daily Online, 2021)",
     "documented by a public record (facts/evidence9_absences): the National Bureau of "
     "Statistics' announcement on 2019 cotton output (国家统计局关于2019年棉花产量的公告, NBS, "
     "17 December 2019; read from a verbatim copy on dx2025.com) leaves Guangdong's row of "
     "the provincial table empty, and its note 2 says that Jilin, Heilongjiang, Guangdong, "
     "Hainan, Chongqing, Tibet, Qinghai and Ningxia have no cotton production (没有棉花生产); "
     "the 2017 announcement (China News Service copy: Guangdong empty, the other provinces "
     "have no cotton) and the 2022 provincial table (ranking-page copy: Guangdong among the "
     "provinces with no cotton production) say the same. Guangdong at zero documents the "
     "absence for the GBA's nine mainland cities; Hong Kong and Macao grow no cotton "
     "(modeller's reasoning). Xinjiang grows about 87% of China's cotton and China imports "
     "about 2 Mt a year (Brazil, India); the GBA's textile cities (Foshan, Zhongshan, "
     "Guangzhou) spin bought-in fibre"),
]

# Raw-material stages with no GBA producer in the data that are NOT recorded absent, with what
# the search found and the research that would settle them (README, "unknown, not absent").
# Iron and copper ore were absences until facts/evidence9_absences found that Guangdong's
# mineral-resources plan names two Zhaoqing (GBA) counties, Huaiji and Fengkai, among its
# encouraged mining areas for iron and copper: a recorded absence a public plan contradicts is
# not confirmed, so they are unknown.
UNKNOWN_BECAUSE = {
    "iron_ore": (
        "China's iron ore comes mainly from Liaoning, Hebei and Shanxi and Guangdong's Dabaoshan "
        "mine is in Shaoguan (http://china.org.cn/english/en-sz2005/zr/zrzy-kc.htm; "
        "http://en.sg.gov.cn/html/2018/aboutus_0907/7.html), but Zhaoqing has iron in Huaiji "
        "county (http://zhongtushe.com/html/zhongtuxiaoxi/xingyexinwen/yejinxinwen/2009/0730/371038.html), "
        "Guangdong's mineral-resources master plan names Huaiji (怀集藤铁) and Fengkai (封开金装) "
        "among its encouraged mining areas for iron and copper (copy: "
        "http://m.china-audit.com/mlhd_61w7c2zhgk3gznb0fxe3_8.html), and the 2021-2025 plan lets "
        "the Pearl River Delta mine iron and copper moderately "
        "(http://www.huabaokuangji.com/guangdongshengguihuakaicaijianzhushiliao.html); no "
        "operating mine was found; a press summary of Huizhou's 2021-2025 plan names niobium-"
        "tantalum, building stone and mineral water, no iron or copper mine, and a Huizhou "
        "yearbook's 22 iron-ore occurrences are resources, not mines (facts/survey11_materials). "
        "Would settle it: Zhaoqing's mineral-resources plan (肇庆市矿产资源总体规划 2021-2025, not "
        "among the stored pages) or its list of valid mining licences"),
    "copper_ore": (
        "China's large copper mines are outside Guangdong's delta "
        "(https://cobalt-nickel.net/china-copper-industry), but Zhaoqing holds the Yuanzhuding "
        "copper-molybdenum deposit in Fengkai (about 0.39 Mt contained copper) and copper in "
        "Huaiji, both encouraged mining areas in Guangdong's plan (same pages as iron ore); "
        "whether a copper mine operates there was not established: Yuanzhuding's detailed "
        "exploration report passed the Ministry of Land and Resources' review in October 2007 "
        "(reserves only, outer and deep parts unexplored: "
        "https://yujingqiu.com/wanboguanwangmanbetx/ShowNews1.aspx?id=150573), and no later "
        "licence, construction or production record was found (facts/survey10_minerals, "
        "facts/survey11_materials). Would settle it: the same Zhaoqing plan or licence list"),
    "clay_kaolin": (
        "Guangdong's large kaolin deposit is in Maoming (outside the GBA) and Maoming Yinhua is "
        "the Chinese producer in the data; no clay or kaolin pit operating in a GBA city was "
        "found, and no page on where Foshan's or Zhaoqing's tile makers buy their body clay. "
        "An absence is not recorded because a 2009 Zhaoqing page lists porcelain clay among "
        "Huaiji's main minerals (facts/survey, facts/survey10_minerals); 2008-2009 press has "
        "Foshan's tile makers buying clay from Jiangxi and Hunan, and every quarry found in "
        "Huizhou, Zhaoqing and Guangzhou records is building stone (facts/survey11_materials). "
        "Would settle it: "
        "Zhaoqing's or Jiangmen's list of valid mining licences (ceramic clay, kaolin), or a "
        "trade-press account of the tile makers' clay sources"),
    "feldspar_quartz": (
        "South China's quartz sand comes from Heyuan (outside the GBA); no feldspar or ceramic "
        "quartz quarry in a GBA city was found, and no Chinese feldspar producer at all is in "
        "the data (facts/survey, facts/survey_feldspar, facts/survey10_minerals); feldspar "
        "(Huizhou, Jiangmen) and silica sand (Jiangmen) appear only as resources, not as "
        "producing quarries (facts/survey11_materials). Would settle it: the GBA cities' "
        "mining-licence lists, or a supplier list of a Foshan tile maker"),
}

# Stages above raw materials with no GBA producer in the data and no absence row, with what
# was searched (README, "unknown, not absent"): the research that would settle them.
UNKNOWN_SEARCHED = {
    "glass_fibre_cloth": (
        "electronic glass cloth makers found are outside the GBA (Taiwan Glass in Chengdu, Nan "
        "Ya in Kunshan, Grace Fabric in Shanghai and Huangshi); Kingboard's own cloth plants "
        "were not located, and Fulltech's Dongguan and Glotech's Huizhou plants (planned "
        "2012-2013) were not confirmed to operate; Fulltech's Dongguan plant was approved again "
        "in 2016 for Q4 2017, and a 2016 item says South China then had one glass-cloth maker, "
        "unnamed, so no absence (facts/survey, facts/survey10_materials, "
        "facts/survey11_materials). Would settle it: the plant list of a Kingboard Laminates "
        "annual report, Fulltech's 2018 or later annual report, or the competitor table of "
        "Grace Fabric's prospectus"),
    "aluminium_fin_stock": (
        "no GBA fin-stock mill, coating line or Gree/Midea supplier found; Asia Aluminum's "
        "Zhaoqing mill lists other flat products (0.15 mm at its thinnest when it started, "
        "c.2010; fin stock is about 0.1 mm); Guangdong's large fin-foil maker is HEC's mill in "
        "Ruyuan, Shaoguan, outside the GBA; a small GBA coating shop is not excluded, so no "
        "absence (facts/survey, facts/survey10_materials, facts/survey11_materials). Would "
        "settle it: the fabrication association's fin-stock producer ranking, a Gree/Midea "
        "supplier list, or a notice for a hydrophilic-coating line in a GBA city"),
    "ndfeb_magnet": (
        "no sintered-magnet plant in a GBA city found; Guangsheng Nonferrous's 8,000 t/yr plant "
        "in the Guangzhou airport zone was announced in 2021 (30 months to build) and no page "
        "says it produces; a Zhong Ke San Huan subsidiary in Zhaoqing was not found on any page; "
        "China has about 200 NdFeB makers, so no absence; Guangzhou Golden South Magnetic "
        "(金南磁材, bought by Newlife in 2025) is said to make micro-motor parts and soft-"
        "magnetic alloys, not sintered NdFeB (facts/survey, facts/survey10_materials, "
        "facts/survey11_robotparts). Would settle it: Guangsheng Nonferrous's 2023-2024 annual "
        "report (the Guangzhou project and the seats of its magnet companies; the group was "
        "renamed 中稀有色 at the end of 2025), or the business section of Newlife's 2025 "
        "reorganisation filings"),
    "rv_reducer": (
        "no page gives a complete list of China's RV reducer makers (Nabtesco and Shuanghuan "
        "hold about 60%; a third of the market is unnamed domestic makers); GSK (Guangzhou) is "
        "said in 2015 to have mastered 'the reducer' for its robots, type and maker not stated, "
        "so it is not tagged and no absence is recorded; Gree's pages say it makes its own "
        "robots, controllers and servo motors but name no reducer; Greatoo makes RV reducers "
        "in Jieyang, outside the GBA (facts/survey, facts/survey10_robotparts, "
        "facts/survey11_robotparts). Would settle it: a maker or market-share list with the "
        "makers' cities, the Gree Intelligent Equipment section of a Gree annual report, or a "
        "page showing a GBA firm producing RV reducers"),
    "structural_castings": (
        "the GBA has a large foundry and die-casting industry (Gaoyao, Foshan, Dongguan, "
        "Shenzhen), so an absence is not credible, but no page names a GBA foundry that casts "
        "robot bases, arms or housings; KUKA's Shunde plant is said (2025) to source 80-90% of "
        "its parts from South China, no city or part named (facts/survey, "
        "facts/survey10_robotparts, facts/survey11_robotparts). Would settle it: a robot "
        "maker's supplier list (KUKA China, GSK, Topstar) or a foundry's or die-caster's own "
        "page (Hongtu, Wencan, Everwin and Lingyi are in the data)"),
}


# Topic folders whose search aimed at the Guangzhou–Foshan pair: the links between the two
# cities that came from them (their `origin`) were found by a targeted search, which raises
# the pair's link intensity above what an even search of the region would find (README
# finding 2; the `complementarity` caveat in report.toml must name exactly these folders, and
# build.py checks that it does).
# - facts/gzfs: issue 16's search for links between Guangzhou and Foshan, every layer, both
#   directions (facts/gzfs/README.md).
# - facts/automotive: its supply links were sought "above all Foshan → Guangzhou" (issue 16
#   asked it for at least 10 such links; facts/automotive/README.md).
# Not listed: facts/evidence6_gzfs searched for primary documents of the pair's links already
# in the data; it added no link and documented none (its evidence.csv has only its header).
PAIR_SEARCH_FOLDERS = ("facts/automotive", "facts/gzfs")

# Raw-material stages (tier raw_material) count the extraction of the material: a mine, an
# oil or gas field, a farm, salt pans. Processing a bought-in material does not count, except
# where the stage's label names the processed form: then the plant making that form counts.
# RAW_PROCESSED: those exceptions, with what counts (README "Mapping decisions").
# RAW_EXTRACTED: raw-material stages whose GBA producers extract the material themselves.
# build.py fails when a raw-material stage has a GBA producer and is in neither table, so a
# new producer of a raw material is classified before the README states the rule.
RAW_PROCESSED = {
    "food/soybean": "crushers of imported beans count",
    "ceramics_building_materials/natural_gas": "gas counts at the onshore terminal where "
                                               "offshore gas is landed and processed (see "
                                               "\"Crude oil and natural gas\")",
    "nev_batteries/graphite_feedstock": "a refinery's petroleum coke counts",
}
RAW_EXTRACTED = {"food/salt"}
# Processing of a raw material that does not count for its stage (the label names no such
# form): (chain/stage or bare stage, the one GBA firm in the data that does it or None, whether
# such processing is in the data at all, what it is). Where it is, the README gives the
# verdicts on a copy of the data that counts it.
RAW_NOT_COUNTED = [
    ("ceramics_building_materials/zircon_sand", "bitossi_guangzhou", True,
     "Industrie Bitossi's Guangzhou plant (`bitossi_guangzhou`) mills imported zircon sand "
     "into opacifier"),
    ("bauxite", None, True, "the GBA's aluminium firms roll, extrude or cast bought-in metal"),
    ("food/wheat", None, False, "a flour mill would grind bought-in wheat (none is in the "
                                "data)"),
]

README_TEMPLATE = """# Greater Bay Area (GBA) industrial-chain dataset

A sample dataset in the chainatlas data contract (see `docs/data-format.md`): real
organisations of the Guangdong–Hong Kong–Macao Greater Bay Area (Guangzhou, Shenzhen, Zhuhai,
Foshan, Huizhou, Dongguan, Zhongshan, Jiangmen, Zhaoqing, Hong Kong, Macao), the outside
suppliers, customers and owners the fact base names, their documented relationships, and
product-chain templates for {n_chains} chains.

| file | rows | content |
|---|---|---|
| `cities.csv` | {n_cities} | 11 GBA cities (region `GBA`) + outside cities (`Mainland` = rest of mainland China, `Overseas` = everything else, Taiwan included) |
| `chains.csv` | {n_stages} | stage templates (AND of OR-groups of inputs) for {n_chains} chains |
| `firms.csv` | {n_firms} | organisations: {n_gba} in GBA cities, {n_out} outside |
| `links.csv` | {n_links} | directed relationships in four layers, each with `evidence` and `source_ref` |
| `absences.csv` | {n_absences} | recorded absences: stages a source places no producer of in the GBA (most are inferences, `estimated`), each with its source |
| `facts/` | | the facts: `facts/base/` (the fact base, with `groups.csv`) and topic folders ({topic_list}) |
| `build.py` | | regenerates the five CSV files and this README from `facts/` |

All text is UTF-8 without BOM; list cells use `;`.

## How it was built

`build.py` (Python 3, standard library only) reads the fact base in `facts/base/`
(`gba_orgs.csv`, `gba_relations.csv`, `chain_templates_reference.md`, copied from the
project's shared fact base and corrected only where a row names the folder that did it
(`facts/quality`, `facts/corrections`), plus `groups.csv`), merges the topic folders
`facts/<topic>/` (below), and writes the files deterministically. Every mapping decision
about the fact base is a table at the top of the script. Run it from the repository root:

```sh
python3 datasets/gba/build.py            # rebuild; exits 1 if a self-check fails
python3 datasets/gba/build.py --check    # same, and list the relations not written
python3 datasets/gba/build.py --data DIR --facts DIR   # another fact base / topic folders
```

It checks what it writes, naming the folder and row of each failure
(`facts/<topic>/links.csv:14: unknown target firm ...`): unique firm ids and stages across the
base and every folder, every city / stage / firm / area reference resolves, every supply
link's stage is one the source produces (or empty when the source makes exactly one stage),
no self-loops, weights ≥ 0, templates acyclic with only known inputs (a cycle names the rows
on it), at least 8 stages per chain with raw_material, material, final_product and service
tiers, at least 200 organisations in GBA cities, a README in every topic folder, every
raw-material stage with a GBA producer classified (`RAW_PROCESSED` or `RAW_EXTRACTED`, see
Mapping decisions). Then it runs
`target/release/chainatlas check` on the result when the binary exists: {warnings_line}
With the binary it also computes "What the data says" below and checks that the caveats of
`report.toml` (printed by `chainatlas report`, without figures) still hold on the data: the
folders the complementarity caveat names are `PAIR_SEARCH_FOLDERS` and most links between
the pair come from them, most supply links were searched from organisations already in the
data and most of those in GBA cities, and the ceramics chain's all-local supply rests on
estimated deliveries from one gas terminal.

### Topic folders

Facts gathered after the fact base live in `facts/<topic>/`, already in data-contract form;
`build.py` merges them in folder-name order (`base` excluded):

- `firms.csv` (`id,name,name_zh,city,kind,stages,functions,employees,revenue,group,source,district,note`): appended.
- `tags.csv` (`id,stages,source,note`, optional): `chain/stage` tags added to a firm defined
  elsewhere (the base or another folder); the stages are unioned into its `stages`, the source
  appended to its `source` cell (`;`-separated; it replaces a bare `general knowledge`), the
  note to its `note`. A row with no stages only sources the firm.
- `links.csv` (`source,target,layer,stage,weight,year,evidence,source_ref,flows,note`): appended; links may name any firm id.
- `chains.csv` (`chain,stage,label,tier,inputs,source`, optional): template rows appended; the
  `source` column (the bill of materials or process description the row follows) is listed
  under "Template notes" below, not written to `chains.csv`.
- `cities.csv` (`city,name_zh,region,country,lat,lon`, optional): new cities (region `GBA`,
  `Mainland` for the rest of China, `Overseas`); a city already defined with another region or
  country is an error, an identical repeat is ignored.
- `absences.csv` (`area,stage,evidence,source_ref,note`, optional): appended.
- `evidence.csv` (`source,target,layer,stage,evidence,source_ref,note`, optional): a party's
  own page or a public record found for a link already in the data (any folder). The link
  named by source, target, layer and stage (empty: every stage) becomes `documented`, the page
  goes first in its `source_ref` and the note says which folder documented it and what it was.
  A press host or a mirror is refused; a row naming no link is an error. An optional
  `document` column names an exchange filing or a party's own release (`issuer (code), title,
  date`) read from a verbatim copy on a host in `FILING_COPY_HOSTS` (financial portals'
  bulletin pages, statutory disclosure newspapers, wire services): the filing is the party's
  own statement, so the link is documented, and its note names the filing and the copy. A
  press story about a filing stays `reported`. A row with evidence `reported` gives an
  `assumed` link (the fact base's "general knowledge") the public page that reports it: the
  page replaces the link's `source_ref` and the link becomes `reported`; a link already known
  some other way is an error, not lowered.
- `README.md`: what was searched (queries, sources), what was found, what stays unknown.

A topic firm's `source` and the `source_ref` of a documented or reported topic link must hold a
public address (`URL — title (publisher, year)`, several `;`-separated); a group is spelt one
way everywhere (use the names of the groups table below: `GAC Group`, not `GAC`).

Every firm and link row keeps the folder it came from in the extra column `origin`
(`facts/base` or `facts/<topic>`; base organisations keep `gba_orgs.csv` /
`chain_templates_reference.md`).

{topic_table}

{template_notes}

### Mapping decisions

- **Chains** (`chains.csv`): the machine-readable rows of Appendix A of
  `chain_templates_reference.md`, unchanged: `home_appliances` (split AC, refrigerator,
  microwave), `nev_batteries` (battery-electric car; the optional `charging_service` row is
  left out), `electronics_semiconductors` (smartphone), `robotics_automation` (industrial
  robots), `ceramics_building_materials` (tiles), `textiles_apparel` (cotton/polyester
  garments), plus the reference's alternative sixth chain `food` (soy sauce) as a seventh
  chain so that Haitian and Lee Kum Kee have a template; the eighth, `automotive`, comes from
  `facts/automotive` with its bill of materials. Inputs follow bills of materials:
  `room_air_conditioner` needs `compressor;heat_exchanger;motor;control_board;...`,
  `battery_cell` needs `cathode_lfp|cathode_nmc;anode_graphite;electrolyte;separator;...`.
  Some non-raw stages have no inputs because their upstream belongs to another chain
  (`control_board`, `separator`, `power_semiconductor`, `tile_machinery`, ...): leaves, not
  errors (see the reference).
- **Organisations**: the {n_base} organisations built from the fact base keep its ids. The fact base's generic
  `sector`/`stage` pairs (e.g. `home_appliances/component`) do not say which template stage
  is meant, so `stages` is written per firm (table `STAGES` in `build.py`), following the
  reference's "GBA producers found" tables. Organisations whose products are outside the
  templates of the {n_chains} chains (energy, logistics, finance, furniture, lighting, TCM, drones, humanoid and
  construction robots, TVs, glass, CNC) keep empty `stages`; the fact-base tags stay in the
  extra columns `fb_sector` / `fb_stage`, and `note` says why a tag was not mapped.
  {n_added} organisations named with a source in `chain_templates_reference.md` but missing
  from `gba_orgs.csv` were added (`origin` = `chain_templates_reference.md`): e.g. Brunp,
  GEM, BYD Semiconductor, Hongtu, AGC, O-Film, Payton, Kingboard, Galanz's Zhongshan fridge
  plant, Transsion, Huaqiangbei, H&T and Juchuang (control boards, patent evidence only),
  LXD Robotics (patent evidence only), and outside suppliers Golden Dragon (copper tube),
  Leaderdrive, Shuanghuan, Nabtesco and Harmonic Drive (reducers; cities per general knowledge).
- **functions**: r_and_d -> `rnd`, design -> `design`, brand_marketing -> `marketing`,
  distribution -> `sales`, exhibition -> `marketing`, finance, logistics as is; production
  stages (raw_material ... final_assembly) -> `manufacturing` for kind `firm` only
  (development zones and parks do not manufacture); `hq` for every firm that owns another
  organisation in the data (an outgoing capital link).
- **kind**: as in the fact base, except Shenzhen Capital Group and Accel -> `investor`.
- **employees / revenue**: only where the fact base states a headcount or an annual revenue
  in CNY (CNY million); lower bounds (">278,000") are used as stated; USD/EUR figures,
  half-year and quarterly figures, segment revenue and capacity are not converted and stay
  in `size_note` with `size_year`.
- **cities**: fact-base "Tokyo (Japan)" -> city `Tokyo`, country `Japan`; region `Mainland`
  for other mainland-China cities, `Overseas` for the rest (Taiwan: country `Taiwan`).
  "Guangzhou / Foshan" (Guangfo Metro) -> `Guangzhou`. Pujing Ceramics has only a province
  ("Jiangxi"), kept as a province-level city row placed at Nanchang. Coordinates approximate.
- **links**: fact-base `supply`, `value`, `innovation` keep their layer; `ownership` ->
  `capital` (owner -> owned); `product` -> `value` for OEM/contract manufacturing (Midea for
  Whirlpool/Toshiba, Gree for Daikin, Bosch lines at Vanward, Huawei's components and sales
  network for Seres) or `innovation` for co-development (Broad-Ocean–Dongfeng e-drive JV,
  Dachangjiang–Suzuki). BYD Electronic's iPad assembly for Apple (a product outside the
  templates) is a `value` (EMS contract) link. Every supply link names the `chain/stage` of
  what flows. `weight` only where an annual CNY value is stated ({n_weighted}: {weighted_list}). Extra columns `flows` (what the fact base
  says flows), `fb_chain` (its relation type) and `note`.
- **evidence** (the data contract: `documented` a citable public source, `reported` press or
  a secondary source): `documented` = a party's own statement or a public record (the firm's
  or institution's own site or press release, a government or university page, a patent
  record: `PRIMARY_HOSTS` and the `.gov`/`.edu`/`.ac.cn` suffixes in `build.py`);
  `reported` = news, trade press, Wikipedia, a mirror, reprint, excerpt or aggregator (also
  a topic folder's `documented` row on a press host in `PRESS_HOSTS`, with a note saying
  so); `assumed` = general knowledge (the fact base's `general knowledge` rows) or a link
  added by the modeller. Before the evidence rules were tightened (issue 16), every stored
  news page counted as documented, which put 209 links at that level; the contract's reading
  leaves far fewer. An exchange filing or
  a party's own release read from a verbatim copy counts as documented when the row names the
  filing (`evidence.csv`'s `document` column; see Evidence mix). {estimated_line}
{raw_rule}

## Sources

Every organisation's `source` and every link's `source_ref` is the URL and title of the
stored public page from the fact base (`URL — title`), or `general knowledge`, or for an
assumed link a one-line rationale. The pages (95 look-ups for the fact base, ~80 for the
templates) are listed with keys in `facts/base/gba_facts.md` section 8 and in Appendix B
of `chain_templates_reference.md`; the template rows' own justifications (bills of
materials, cost shares, import dependence) are in that reference.

## Groups and plants

A firm's `group` is its parent company or business group; plants and subsidiaries are separate
rows in their own cities sharing the group, and the analyses count one producer unit per group
(five plants of one group are one unit). {n_grouped} organisations in {n_groups} groups carry a
group ({n_grouped_gba} of them in GBA cities). The groups of the fact base's organisations come
from `facts/base/groups.csv` (`id,group,source,note`), each row citing the page that states the
ownership; the note (in `firms.csv` `note`, after `group:`) says why a joint venture went to
one parent: majority owner where one holds more than half (`catl_gac_jv` CATL 51%,
`faw_vw_foshan` FAW 60%, `gz_jfe` JFE 51%); the Guangzhou parent for GAC's 50:50 car JVs; CNOOC
for its 50:50 petrochemical JV with Shell (`cspc`), which the source calls the start of CNOOC's
downstream integration and which sits beside CNOOC's own Huizhou refinery. 50:50 joint
ventures with no such reason (BYD–Toyota's `btet`, Dongfeng Nissan's `dfn_huadu`) carry no
group.

{group_table}

**Head offices.** Head offices outside the GBA do not carry the production stages of their
plants: the fact base tagged CNOOC's and Sinopec's Beijing head offices with `crude_oil`;
the tag now sits on the producing units `cnooc_offshore` (CNOOC Limited's offshore fields) and
`sinopec_shengli` (Shengli Oilfield, Dongying), rows of `facts/plants/` with their sources,
and the base's assumed `cnooc -> cnooc_huizhou` crude link is replaced by a documented one
from `cnooc_offshore`. Hong Kong head offices of firms that produce in Guangdong (ATL,
Kingboard, TTI, Esquel's group row) still carry stages: no stored page names their plant sites
(see Caveats).

## Evidence mix

Links per evidence level and layer:

{ev_table}

{copy_line}

## Organisations per city

{city_table}

Outside the GBA:

{outside_table}

{nolink_line}

## Chains and stage coverage

{chain_table}

## Known gaps (stages with no GBA producer in this data)

"No producer" means none was found by the fact-base search, not proof of absence. It is a
finding, not a defect: in this data no chain can be closed from GBA raw materials.

{gaps}

Further gaps and limits (producer names computed from the data when this README was built):

{further_gaps}

## Recorded absences (`absences.csv`, {n_absences})

Absent from the data is not absent from the region: a stage with no GBA producer in
`firms.csv` is *unknown* (the search may have missed it) unless `absences.csv` says a source
found no producer there. Evidence mix: {absence_mix}. The fact-base rows (`facts/base`) are
the raw materials the GBA plainly lacks (one row per chain stage, area `GBA`, so they apply to
the GBA and to any region inside it). A row is `documented` where a public record states the
absence for all of Guangdong (cotton: the National Bureau of Statistics' provincial table,
"Guangdong: no cotton production", which covers the nine mainland cities; Hong Kong and Macao
grow none); elsewhere no page found says "the GBA has no such mine" in so many words, so the
row is `estimated`: its source says where China's (or Guangdong's) supply comes from, and none
of those places is a GBA city; the inference, and any doubt a later page raised (a wheat
demonstration plot in Guangzhou, solar-grade wafers in Zhuhai), is in `note`
(`facts/evidence9_absences` records the search). Where a page contradicts an absence more than
its source supports it, the row is dropped and the stage is unknown: iron and copper ore, since
Guangdong's mining plan names two Zhaoqing counties among its iron and copper mining areas (below,
after the list). Rows from topic folders name their folder.

{absence_lines}

{oil_gas}

{unknown_raw}

### Fact-base relations not written ({n_dropped})

A supply link must name a stage its source produces; these relations carry goods outside every
template (or an excluded endpoint), so they are not in `links.csv`:

{dropped}

## Assumed links ({n_assumed})

Rule: a link is `assumed` when its only support is general knowledge (the fact base's
`general knowledge` rows) or when the modeller added it. Links were added only where the fact
base or the reference makes the relationship plausible — in-group flows between a parent and
a subsidiary that makes the input, or a flow implied by a cited page — and each carries a
one-line rationale in `source_ref`. None was added just to close a chain.

{assumed}

{findings}
## Caveats

Figures are as reported for the stated year (`size_note`, `size_year`) and not harmonised.
Shareholdings change (e.g. Daimler's Denza stake, BBK deregistered 2023). Plants of a firm in
another city are separate rows sharing a `group` (`xpeng_zhaoqing`, `catl_zhaoqing`,
`faw_vw_foshan`, `lkk_xinhui`, `galanz_zhongshan`, `midea_nansha`, ...). Some Hong Kong head
offices still carry production stages: ATL and Esquel also have plant rows in Guangdong
(`atl_dongguan`, `gd_esquel`), but Kingboard's laminate, PCB and copper-foil stages sit on its
Hong Kong rows because no stored page placed those plants. Such stages count as Hong Kong
production; the analyses count each group once (one producer unit per group).
"""


# The data contract (docs/data-format.md): `documented` = a citable public source, `reported`
# = press or a secondary source. A fact-base page is `documented` only when it is a party's own
# statement or a public record: the firm's or institution's own site, a press release it
# issued, a government or university page, a patent record (PRIMARY_HOSTS and the suffixes
# below). News sites, trade press, Wikipedia and aggregators are `reported`. (Before the
# evidence rules were tightened, issue 16, the base counted every stored news page as
# documented.)
PRIMARY_HOSTS = {
    "abnnewswire.cn", "prnewswire.com",  # press releases issued by the firms
    # exchanges and their disclosure sites: filings in their own place
    "cninfo.com.cn", "static.cninfo.com.cn", "hkexnews.hk", "www1.hkexnews.hk", "szse.cn",
    "sse.com.cn", "bse.cn",
    "bp.com", "en.capchem.com", "en.huazhongcnc.com", "en.tclcsot.com", "tcl.com",
    "fuyaogroup.com", "fygi.com", "ght-china.com", "toyota-global.com",
    "en.sslab.org.cn", "en.xianhulab.com", "gdas.gd.cn", "english.iop.cas.cn",
    "wipo.int",
}
PRIMARY_SUFFIXES = (".gov.cn", ".gov.hk", ".gov.mo", ".gov", ".edu.cn", ".edu.hk", ".edu",
                    ".ac.cn")
# Press, trade press, encyclopedias and aggregators seen in the data: a topic folder's
# `documented` link on one of these is graded `reported` at build time (its note says so).
PRESS_HOSTS = {
    "asia.nikkei.com", "autofutures.tv", "automotiveworld.com", "autonews.gasgoo.com",
    "bicmagazine.com", "business-standard.com", "caixinglobal.com", "carnewschina.com",
    "carzxzc.com", "cen.acs.org", "ceramictownweekly.com", "cgcc.org.hk", "china.org.cn",
    "chinaag.org", "chinaautoreview.com", "chinabusinesshandbook.com", "chinadaily.com.cn",
    "chinaservicesinfo.com", "chinasourcingnews.com", "ciobulletin.net", "climatecontrolme.com",
    "cnevpost.com", "cnrobopedia.com", "digitimes.com", "ecns.cn", "ejarn.com", "electrive.com",
    "electrive.net", "en.cheaa.org", "en.eeworld.com", "en.foshannews.net", "en.people.cn",
    "en.wikipedia.org", "energytrend.com", "english.china.com", "english.china.org.cn",
    "equalocean.com", "eu.36kr.com", "evertiq.com", "eworksglobal.com", "globaltimes.cn",
    "greaterbayinsight.com", "greencarcongress.com", "hkglobalconnections.economist.com",
    "hvac-intelligence.fr", "iafpalliance.com", "insideevs.com", "japantimes.co.jp",
    "just-style.com", "jw.ijiwei.com", "macaudailytimes.com.mo", "macauhub.com.mo",
    "marklines.com", "mingtiandi.com", "new.informare.it", "news.metal.com", "newsgd.com",
    "nsenergybusiness.com", "ogj.com", "oled-info.com", "pandaily.com", "paper.cnstock.com",
    "pcb.iconnect007.com", "pctextile.com", "peoplesdaily.pdnews.cn", "phonearena.com",
    "podms.com", "portfolio.hu", "rayradar.com", "redplanx.com", "rhomotion.com",
    "roboticsandautomationnews.com", "scmp.com", "shine.cn", "techtaiwan.com",
    "thesiliconreview.com", "thewirechina.com", "topgraphs.com", "tvj.co.in",
    "utech-polyurethane.com", "vansd.ca", "weekinchina.com", "window-to-china.eu",
    "world-energy.org", "yicaiglobal.com", "yourstory.com", "yourstory.com.",
    "newswitch.jp", "response.jp", "english.cctv.com", "english.nna.jp", "uniwire.cn",
}


# Hosts that reproduce exchange filings (annual reports, prospectuses, announcements) or a
# party's own press releases verbatim. An `evidence.csv` row on one of them documents a link
# only with a `document` cell naming the filing (`issuer (code), title, date`): the document
# is the party's own statement, the copy only where it was read. The note of each such link
# says so, and the README counts them, so a reader can discount them.
FILING_COPY_HOSTS = {
    "money.finance.sina.com.cn", "vip.stock.finance.sina.com.cn", "finance.sina.com.cn",
    "stock.finance.sina.com.cn", "stock.stockstar.com", "q.stock.sohu.com",
    "news.windin.com", "static.sse.com.cn",
    # the CSRC-designated disclosure newspapers' 信息披露 pages (filings are published there)
    "paper.cnstock.com", "epaper.cs.com.cn", "epaper.zqrb.cn", "epaper.stcn.com",
    "podms.com",
    "pdf.dfcfw.com", "data.eastmoney.com", "np-info.eastmoney.com", "stock.10jqka.com.cn",
    "publicnow.com", "businesswire.com", "globenewswire.com", "prnewswire.com",
    "abnnewswire.cn", "acnnewswire.com",
}
COPY_NOTE = "read from a verbatim copy on"


def host_of(url):
    """The page's host without `www.`."""
    host = urllib.parse.urlparse(url.split(" ")[0]).netloc.lower()
    return host[4:] if host.startswith("www.") else host


def is_primary(url):
    """A party's own statement or a public record (see PRIMARY_HOSTS)."""
    host = host_of(url)
    return host in PRIMARY_HOSTS or host.endswith(PRIMARY_SUFFIXES)


def evidence_of(url, title):
    """documented (a party's own page or a public record), reported (press, encyclopedia,
    mirror, aggregator, reprint), assumed (no page)."""
    if not url.startswith("http"):
        return "assumed"
    host = urllib.parse.urlparse(url).netloc
    low = title.lower()
    if host in REPORTED_DOMAINS or any(w in low for w in REPORTED_TITLE_WORDS):
        return "reported"
    return "documented" if is_primary(url) else "reported"


def ref_of(url, title):
    return f"{url} — {title}" if title else url


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


# Template labels restated where the fact base's label says more than the stage means. The
# crude stage is extraction (the dataset's crude/gas modelling rule, README "Crude oil and
# natural gas"): "Crude oil / naphtha" read as if the GBA's refineries, which make naphtha,
# were producers of it, while the data (and the absence) count only the oil fields.
LABELS = {
    ("home_appliances", "crude_oil"):
        "Crude oil extraction (petrochemical feedstock; refineries' naphtha is not this stage)",
    ("textiles_apparel", "crude_oil"):
        "Crude oil extraction (aromatics and ethylene feedstock; refineries' naphtha is not "
        "this stage)",
}


def chain_rows(reference_md):
    """The chains.csv rows of Appendix A (six chains + the food chain; the optional
    charging_service row is left out)."""
    text = open(reference_md, encoding="utf-8").read()
    appendix = text[text.index("## Appendix A"):text.index("## Appendix B")]
    rows = []
    for block in re.findall(r"```csv\n(.*?)```", appendix, flags=re.S):
        for row in csv.DictReader(io.StringIO(block)):
            if row["stage"] == "charging_service":
                continue
            rows.append({k: (row[k] or "") for k in ("chain", "stage", "label", "tier", "inputs")})
            rows[-1]["label"] = LABELS.get((row["chain"], row["stage"]), rows[-1]["label"])
    return rows


def write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow([r.get(h, "") for h in header])


def build(data_dir, facts_dir, out_dir):
    orgs = read_csv(os.path.join(data_dir, "gba_orgs.csv"))
    rels = read_csv(os.path.join(data_dir, "gba_relations.csv"))
    chains = chain_rows(os.path.join(data_dir, "chain_templates_reference.md"))

    # ---- firms -------------------------------------------------------------------------
    owners = {r["source_id"] for r in rels if r["chain"] == "ownership"}
    owners |= {l[0] for l in ADDED_LINKS if l[2] == "capital"}
    firms = []
    for o in orgs:
        if o["id"] in EXCLUDED_ORGS:
            continue
        kind = KIND_FIX.get(o["id"], o["kind"])
        funcs = set()
        for st in o["stage"].split(";"):
            st = st.strip()
            if not st:
                continue
            fn = FUNCTION_OF_STAGE[st]
            if fn == "manufacturing" and kind != "firm":
                continue
            funcs.add(fn)
        if kind in ("firm", "investor") and o["id"] in owners:
            funcs.add("hq")
        note = o["note"]
        if o["id"] in STAGE_NOTES:
            note = (note + "; " if note else "") + "mapping: " + STAGE_NOTES[o["id"]]
        firms.append({
            "id": o["id"], "name": o["name"], "name_zh": o["name_zh"],
            "city_raw": CITY_FIX.get(o["city"], o["city"]), "kind": kind,
            "stages": STAGES.get(o["id"], []), "functions": funcs,
            "employees": EMPLOYEES.get(o["id"], ""), "revenue": REVENUE.get(o["id"], ""),
            "source": ref_of(o["source"], o["source_title"]) if o["source"].startswith("http")
            else UNSOURCED,
            "district": o["district"], "size_note": o["size"], "size_year": o["size_year"],
            "fb_sector": o["sector"], "fb_stage": o["stage"], "note": note,
            "origin": "gba_orgs.csv",
        })
    for (fid, name, zh, city, district, kind, stages, url, title, note) in ADDED_ORGS:
        funcs = {"manufacturing"} if stages and kind == "firm" else set()
        if kind == "platform":
            funcs = {"sales"}
        if fid in owners:
            funcs.add("hq")
        firms.append({
            "id": fid, "name": name, "name_zh": zh, "city_raw": city, "kind": kind,
            "stages": stages, "functions": funcs, "employees": "", "revenue": "",
            "source": ref_of(url, title), "district": district, "size_note": "", "size_year": "",
            "fb_sector": "", "fb_stage": "", "note": note, "origin": "chain_templates_reference.md",
        })

    # ---- cities ------------------------------------------------------------------------
    gba = {c[0] for c in GBA_CITIES}
    city_rows = [{"city": c, "name_zh": z, "region": "GBA", "country": "China",
                  "lat": f"{la:.2f}", "lon": f"{lo:.2f}"} for c, z, la, lo in GBA_CITIES]
    outside = {}
    for f in firms:
        raw = f["city_raw"]
        if raw in gba:
            f["city"] = raw
            continue
        if raw not in OUTSIDE_CITIES:
            raise SystemExit(f"no city mapping for {raw!r} (firm {f['id']})")
        city, zh, country, la, lo = OUTSIDE_CITIES[raw]
        f["city"] = city
        region = "Mainland" if country == "China" else "Overseas"
        outside[city] = {"city": city, "name_zh": zh, "region": region, "country": country,
                         "lat": f"{la:.2f}", "lon": f"{lo:.2f}"}
    city_rows += sorted(outside.values(), key=lambda r: (r["region"], r["country"], r["city"]))

    # ---- links -------------------------------------------------------------------------
    links, dropped = [], []
    for r in rels:
        s, t, ch = r["source_id"], r["target_id"], r["chain"]
        if s in EXCLUDED_ORGS or t in EXCLUDED_ORGS:
            dropped.append((r, "endpoint excluded: " + EXCLUDED_ORGS.get(s, EXCLUDED_ORGS.get(t, ""))))
            continue
        if (s, t) in OFF_TEMPLATE and ch == "supply":
            dropped.append((r, "off-template supply: " + OFF_TEMPLATE[(s, t)]))
            continue
        stage = ""
        if ch == "supply" and (s, t) in SUPPLY_AS_VALUE:
            layer = "value"
        elif ch == "supply":
            layer = "supply"
            c, st = SUPPLY_STAGE[(s, t)]
            stage = f"{c}/{st}"
        elif ch == "ownership":
            layer = "capital"
        elif ch == "product":
            layer = PRODUCT_LAYER[(s, t)]
        else:
            layer = ch
        url, title = r["source"], r["source_title"]
        ev = evidence_of(url, title)
        if ev == "assumed":
            ref = "general knowledge (fact base, unconfirmed): " + r["flows"]
        else:
            ref = ref_of(url, title)
        weight, year = "", r["year"]
        if (s, t) in WEIGHTS:
            weight, year = WEIGHTS[(s, t)]
        links.append({"source": s, "target": t, "layer": layer, "stage": stage,
                      "weight": str(weight) if weight != "" else "", "year": year,
                      "evidence": ev, "source_ref": ref, "flows": r["flows"],
                      "fb_chain": ch, "note": r["note"]})
    for (s, t, layer, st, year, ev, ref, flows) in ADDED_LINKS:
        if ev is None:
            url, title = ref.split(" — ", 1)
            ev = evidence_of(url, title)
        links.append({"source": s, "target": t, "layer": layer,
                      "stage": f"{st[0]}/{st[1]}" if st else "", "weight": "", "year": year,
                      "evidence": ev, "source_ref": ref, "flows": flows, "fb_chain": "",
                      "note": "added from chain_templates_reference.md"})

    # ---- base provenance, groups, topic folders -----------------------------------------
    for i, f in enumerate(firms):
        f.setdefault("group", "")
        f["_where"] = f"facts/base (firm {f['id']})"
    for i, c in enumerate(chains):
        c["_where"] = f"facts/base/chain_templates_reference.md (stage {c['chain']}/{c['stage']})"
        c["source"] = ""
    for l in links:
        l["_where"] = f"facts/base ({l['source']} -> {l['target']}, {l['layer']})"
        l["origin"] = "facts/base"
    absences = [{"area": "GBA", "stage": f"{c}/{st}", "evidence": ev, "source_ref": ref,
                 "note": note, "origin": "facts/base", "_where": f"facts/base (absence {c}/{st})"}
                for stages, ev, ref, note in ABSENCES for c, st in stages]
    merge_errs = apply_groups(os.path.join(data_dir, "groups.csv"), firms)
    topics = topic_folders(facts_dir)
    merge_errs += merge_topics(facts_dir, topics, firms, city_rows, chains, links, absences)
    # Outside cities in one order whatever folder added them (GBA cities first, as listed).
    city_rows[len(GBA_CITIES):] = sorted(city_rows[len(GBA_CITIES):],
                                         key=lambda r: (r["region"], r["country"], r["city"]))
    # `hq` for every firm (or investor) that owns another organisation in the data.
    owners = {l["source"] for l in links if l["layer"] == "capital"}
    for f in firms:
        if f["kind"] in ("firm", "investor") and f["id"] in owners:
            f["functions"].add("hq")

    # ---- write -------------------------------------------------------------------------
    firms.sort(key=lambda f: f["id"])
    for f in firms:
        f["stages_s"] = ";".join(f"{c}/{s}" for c, s in f["stages"])
        f["functions_s"] = ";".join(x for x in FUNCTION_ORDER if x in f["functions"])
    firm_rows = [{
        "id": f["id"], "name": f["name"], "name_zh": f["name_zh"], "city": f["city"],
        "kind": f["kind"], "stages": f["stages_s"], "functions": f["functions_s"],
        "employees": f["employees"], "revenue": f["revenue"], "source": f["source"],
        "group": f["group"], "district": f["district"], "size_note": f["size_note"],
        "size_year": f["size_year"], "fb_sector": f["fb_sector"], "fb_stage": f["fb_stage"],
        "origin": f["origin"], "note": f["note"], "_where": f["_where"]} for f in firms]
    write_csv(os.path.join(out_dir, "cities.csv"),
              ["city", "name_zh", "region", "country", "lat", "lon"], city_rows)
    write_csv(os.path.join(out_dir, "chains.csv"),
              ["chain", "stage", "label", "tier", "inputs"], chains)
    write_csv(os.path.join(out_dir, "firms.csv"),
              ["id", "name", "name_zh", "city", "kind", "stages", "functions", "employees",
               "revenue", "source", "group", "district", "size_note", "size_year", "fb_sector",
               "fb_stage", "origin", "note"], firm_rows)
    write_csv(os.path.join(out_dir, "links.csv"),
              ["source", "target", "layer", "stage", "weight", "year", "evidence", "source_ref",
               "flows", "fb_chain", "origin", "note"], links)
    write_csv(os.path.join(out_dir, "absences.csv"),
              ["area", "stage", "evidence", "source_ref", "note"], absences)
    return city_rows, chains, firm_rows, links, dropped, absences, topics, merge_errs


# ---- groups and topic folders -------------------------------------------------------------

ID_RE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)*$")
KINDS = ("firm", "lab", "university", "platform", "investor", "agency", "association")
LAYERS = ("supply", "value", "innovation", "capital")
EVIDENCE = ("documented", "reported", "estimated", "assumed")
TIERS = ("raw_material", "material", "component", "module", "final_product", "service")
REGIONS = ("GBA", "Mainland", "Overseas")
# Columns of each file of a topic folder (docs: datasets/gba/README.md, "Topic folders").
TOPIC_COLUMNS = {
    "firms.csv": ["id", "name", "name_zh", "city", "kind", "stages", "functions", "employees",
                  "revenue", "group", "source", "district", "note"],
    "tags.csv": ["id", "stages", "source", "note"],
    "links.csv": ["source", "target", "layer", "stage", "weight", "year", "evidence",
                  "source_ref", "flows", "note"],
    "chains.csv": ["chain", "stage", "label", "tier", "inputs", "source"],
    "cities.csv": ["city", "name_zh", "region", "country", "lat", "lon"],
    "absences.csv": ["area", "stage", "evidence", "source_ref", "note"],
    # A party's own page or a public record found for a link already in the data (any
    # folder): the link becomes `documented` and the page is put first in its source_ref.
    "evidence.csv": ["source", "target", "layer", "stage", "evidence", "source_ref", "note"],
}


# The source cell of a fact-base organisation that cites no page.
UNSOURCED = "general knowledge"


def add_source(cell, ref):
    """Append `ref` to a `;`-separated source cell unless it is already there."""
    ref = ref.strip()
    if not ref or ref in [x.strip() for x in cell.split(";")]:
        return cell
    if cell.strip() == UNSOURCED:
        return ref  # a public page replaces the fact base's "general knowledge"
    return f"{cell}; {ref}" if cell else ref


def apply_groups(path, firms):
    """Fill `group` from groups.csv (id,group,source,note) of the fact base. A row with an
    empty source is the group's namesake parent; every other row needs a source (added to
    the firm's source cell). Returns error strings naming the row."""
    errs = []
    if not os.path.exists(path):
        return errs
    by_id = {f["id"]: f for f in firms}
    rows = read_csv(path)
    sourced = {r["group"] for r in rows if r["source"].strip()}
    seen = set()
    for i, r in enumerate(rows, start=2):
        where = f"facts/base/groups.csv:{i}"
        fid, group = r["id"].strip(), r["group"].strip()
        if fid in seen:
            errs.append(f"{where}: duplicate id {fid}")
        seen.add(fid)
        if fid not in by_id:
            errs.append(f"{where}: unknown firm {fid}")
            continue
        if not group:
            errs.append(f"{where}: empty group")
        if not r["source"].strip() and group not in sourced:
            errs.append(f"{where}: group {group} has no sourced member")
        f = by_id[fid]
        f["group"] = group
        f["source"] = add_source(f["source"], r["source"])
        if r["source"].strip() and r.get("note", "").strip():
            f["note"] = (f["note"] + "; " if f["note"] else "") + "group: " + r["note"].strip()
    return errs


def topic_folders(facts_dir):
    """Topic folders under facts/, sorted by name; `base` is the fact base, not a topic."""
    if not os.path.isdir(facts_dir):
        return []
    return sorted(d for d in os.listdir(facts_dir)
                  if d != "base" and not d.startswith(".")
                  and os.path.isdir(os.path.join(facts_dir, d)))


def read_topic_file(facts_dir, topic, name, errs):
    """Rows of one file of a topic folder (empty when the file is absent), each with `_where`
    = folder/file:line. Missing columns are errors; extra columns are kept."""
    path = os.path.join(facts_dir, topic, name)
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames or []
        missing = [c for c in TOPIC_COLUMNS[name] if c not in header]
        if missing:
            errs.append(f"facts/{topic}/{name}:1: missing column(s) {', '.join(missing)}")
            return []
        rows = []
        for i, r in enumerate(reader, start=2):
            row = {k: (v or "").strip() for k, v in r.items() if k is not None}
            row["_where"] = f"facts/{topic}/{name}:{i}"
            rows.append(row)
    return rows


def parse_stages(cell):
    """`chain/stage;...` -> [(chain, stage)], in order, without repeats."""
    out = []
    for item in filter(None, (x.strip() for x in cell.split(";"))):
        chain, _, stage = item.partition("/")
        if (chain, stage) not in out:
            out.append((chain, stage))
    return out


def links_named(r, links, what):
    """The links an `evidence.csv` row names (source, target, layer and, when given, stage),
    or an error when it names none: `([links], [])` or `([], [error])`."""
    hits = [l for l in links
            if (l["source"], l["target"], l["layer"]) == (r["source"], r["target"], r["layer"])
            and (not r["stage"] or l["stage"] == r["stage"])]
    if hits:
        return hits, []
    return [], [f"{r['_where']}: no {r['layer']} link {r['source']} -> {r['target']}"
                f"{' (' + r['stage'] + ')' if r['stage'] else ''} in the data to {what}"]


def apply_evidence(r, links, topic):
    """Raise a link of any earlier folder (an `evidence.csv` row): to `documented` on a
    party's own page or a public record, or an `assumed` link to `reported` on any public
    page. The row names the link by source, target, layer and (when the link has one) stage;
    every matching link is raised. Returns error strings."""
    where = r["_where"]
    if r["evidence"] not in ("documented", "reported"):
        return [f"{where}: evidence.csv raises links to documented, or assumed links to "
                f"reported (got {r['evidence']!r})"]
    url = r["source_ref"].split(" ")[0]
    if not url.startswith("http"):
        return [f"{where}: source_ref has no public address (`URL — title (publisher, year)`)"]
    if r["evidence"] == "reported":
        return raise_assumed(r, links, topic)
    document = r.get("document", "")
    if document:
        # A filing or a party's release read from a verbatim copy (FILING_COPY_HOSTS).
        if not (is_primary(url) or host_of(url) in FILING_COPY_HOSTS):
            return [f"{where}: {host_of(url)} is not a known verbatim copy of filings or "
                    "releases (FILING_COPY_HOSTS); cite the issuer's or exchange's own page"]
        if not re.search(r"\b(19|20)\d\d\b", document) or "," not in document:
            return [f"{where}: document must name the filing: `issuer (code), title, date`"]
    elif host_of(url) in PRESS_HOSTS or not is_primary(url) and host_of(url) in REPORTED_DOMAINS:
        return [f"{where}: {host_of(url)} is press or a mirror, not a party's own page or a "
                "public record (a filing read from a copy needs the `document` column)"]
    hits, errs = links_named(r, links, "document")
    if errs:
        return errs
    for l in hits:
        if l["evidence"] == "documented" and r["source_ref"] in l["source_ref"]:
            continue
        l["source_ref"] = r["source_ref"] + ("; " + l["source_ref"] if l["source_ref"] else "")
        old = l["evidence"]
        l["evidence"] = "documented"
        by = f"documented by facts/{topic} (was {old})"
        if document and not is_primary(url):
            by = (f"documented by facts/{topic} (was {old}) on the filing {document}, "
                  f"{COPY_NOTE} {host_of(url)}")
            l["_via_copy"] = True
        l["note"] = (l["note"] + "; " if l["note"] else "") + (
            by + (": " + r["note"] if r["note"] else ""))
    return []


def raise_assumed(r, links, topic):
    """An `assumed` link gets the public page that reports it and becomes `reported`; a link
    already known some other way is left as it is (raising it would lower its grade)."""
    where = r["_where"]
    hits, errs = links_named(r, links, "source")
    if errs:
        return errs
    for l in hits:
        if l["evidence"] != "assumed":
            errs.append(f"{where}: {r['source']} -> {r['target']} is already {l['evidence']}; "
                        "a reported row only raises an assumed link")
            continue
        l["source_ref"] = r["source_ref"]  # the public page replaces "general knowledge (...)"
        l["evidence"] = "reported"
        l["note"] = (l["note"] + "; " if l["note"] else "") + (
            f"reported by facts/{topic} (was assumed)" + (": " + r["note"] if r["note"] else ""))
    return errs


def merge_topics(facts_dir, topics, firms, city_rows, chains, links, absences):
    """Merge the topic folders into the base rows, in folder order: cities and chains first
    (so firms can use them), then firms, then tags, links and absences (which may name a
    firm of any folder). Returns error strings naming the folder and row; references are
    re-checked on the merged rows by check()."""
    errs = []
    files = {t: {n: read_topic_file(facts_dir, t, n, errs) for n in TOPIC_COLUMNS} for t in topics}
    for t in topics:
        if not os.path.exists(os.path.join(facts_dir, t, "README.md")):
            errs.append(f"facts/{t}: no README.md (what was searched, found, left unknown)")
    cities = {c["city"]: c for c in city_rows}
    for t in topics:
        for r in files[t]["cities.csv"]:
            row = {k: r[k] for k in TOPIC_COLUMNS["cities.csv"]}
            if r["region"] not in REGIONS:
                errs.append(f"{r['_where']}: region {r['region']!r} is not one of {', '.join(REGIONS)}")
            old = cities.get(r["city"])
            if old is None:
                cities[r["city"]] = row
                city_rows.append(row)
            elif any(old[k] != row[k] for k in ("region", "country")):
                errs.append(f"{r['_where']}: city {r['city']} already defined with region "
                            f"{old['region']} / country {old['country']}")
    stage_keys = {f"{c['chain']}/{c['stage']}" for c in chains}
    for t in topics:
        for r in files[t]["chains.csv"]:
            key = f"{r['chain']}/{r['stage']}"
            if key in stage_keys:
                errs.append(f"{r['_where']}: duplicate stage {key}")
                continue
            stage_keys.add(key)
            chains.append({"chain": r["chain"], "stage": r["stage"], "label": r["label"],
                           "tier": r["tier"], "inputs": r["inputs"], "source": r["source"],
                           "origin": f"facts/{t}", "_where": r["_where"]})
    by_id = {f["id"]: f for f in firms}
    for t in topics:
        for r in files[t]["firms.csv"]:
            fid = r["id"]
            if not ID_RE.match(fid):
                errs.append(f"{r['_where']}: id {fid!r} is not lowercase snake_case")
            if fid in by_id:
                errs.append(f"{r['_where']}: duplicate firm id {fid} (also in {by_id[fid]['_where']})")
                continue
            if "http" not in r["source"]:
                errs.append(f"{r['_where']}: firm {fid}: source has no public address "
                            "(`URL — title (publisher, year)`)")
            f = {"id": fid, "name": r["name"], "name_zh": r["name_zh"], "city": r["city"],
                 "kind": r["kind"], "stages": parse_stages(r["stages"]),
                 "functions": set(filter(None, (x.strip() for x in r["functions"].split(";")))),
                 "employees": r["employees"], "revenue": r["revenue"], "group": r["group"],
                 "source": r["source"], "district": r["district"], "size_note": "",
                 "size_year": "", "fb_sector": "", "fb_stage": "", "origin": f"facts/{t}",
                 "note": r["note"], "_where": r["_where"]}
            by_id[fid] = f
            firms.append(f)
    tier_of = {f"{c['chain']}/{c['stage']}": c["tier"] for c in chains}
    for t in topics:
        for r in files[t]["tags.csv"]:
            f = by_id.get(r["id"])
            if f is None:
                errs.append(f"{r['_where']}: tags for unknown firm {r['id']}")
                continue
            if not r["source"]:
                errs.append(f"{r['_where']}: tags for {r['id']} have no source")
            added = [st for st in parse_stages(r["stages"]) if st not in f["stages"]]
            f["stages"] = f["stages"] + added
            f["source"] = add_source(f["source"], r["source"])
            if f["kind"] == "firm" and any(tier_of.get(f"{c}/{s}") != "service" for c, s in added):
                f["functions"].add("manufacturing")
            tag_note = f"tags ({'; '.join(f'{c}/{s}' for c, s in added) or 'none new'}) from facts/{t}"
            if r["note"]:
                tag_note += ": " + r["note"]
            f["note"] = (f["note"] + "; " if f["note"] else "") + tag_note
        for r in files[t]["links.csv"]:
            if r["evidence"] in ("documented", "reported") and "http" not in r["source_ref"]:
                errs.append(f"{r['_where']}: {r['evidence']} link without a public address in "
                            "source_ref")
            evidence, note = r["evidence"], r["note"]
            if evidence == "documented" and host_of(r["source_ref"]) in PRESS_HOSTS:
                # One grading for every folder: a press page is `reported` (data contract).
                evidence = "reported"
                note = (note + "; " if note else "") + (
                    "graded reported at build: the page is press or an encyclopedia, not a "
                    "party's own statement")
            links.append({"source": r["source"], "target": r["target"], "layer": r["layer"],
                          "stage": r["stage"], "weight": r["weight"], "year": r["year"],
                          "evidence": evidence, "source_ref": r["source_ref"],
                          "flows": r["flows"], "fb_chain": "", "origin": f"facts/{t}",
                          "note": note, "_where": r["_where"]})
        for r in files[t]["absences.csv"]:
            absences.append({"area": r["area"], "stage": r["stage"], "evidence": r["evidence"],
                             "source_ref": r["source_ref"], "note": r["note"],
                             "origin": f"facts/{t}", "_where": r["_where"]})
    # After every folder's links are in, so a folder may document a link of any other.
    for t in topics:
        for r in files[t]["evidence.csv"]:
            errs.extend(apply_evidence(r, links, t))
    return errs


def further_gap_lines(gba_firms, firm_rows, country, absences):
    """The README's "Further gaps and limits": per chain what the data has and lacks in the
    GBA, with the producers named from the data (so the text cannot go stale). A stage with no
    GBA producer says "no GBA producer in the data" and names the outside producers the data
    has; "none in the data" only when no organisation anywhere in the data has the stage."""
    def short(name):  # a trailing parenthesis (plant, site) is left out
        return re.sub(r" \([^()]*\)$", "", name)

    def names_of(rows, stages):
        return sorted({short(f["name"]) for f in rows
                       if any(st in f["stages"].split(";") for st in stages)})

    def listed(names):
        shown = ", ".join(names[:4])
        return shown + (f" and {len(names) - 4} more" if len(names) > 4 else "")

    gba = {f["id"] for f in gba_firms}
    outside_rows = [f for f in firm_rows if f["id"] not in gba]

    def has_gba(*stages):
        return bool(names_of(gba_firms, stages))

    def makers(*stages):
        """GBA producers; else the outside producers in the data; else none in the data."""
        names = names_of(gba_firms, stages)
        if names:
            return listed(names)
        out = names_of(outside_rows, stages)
        if out:
            return f"no GBA producer in the data; outside producers in the data: {listed(out)}"
        return "none in the data"

    def line(title, items, extra=""):
        """`items`: (label, stage...) pairs; present ones first, then the missing ones."""
        present = [f"{lab} ({makers(*st)})" for lab, *st in items if has_gba(*st)]
        missing = [f"{lab} ({makers(*st)})" for lab, *st in items if not has_gba(*st)]
        parts = []
        if present:
            parts.append("present in the GBA in the data: " + "; ".join(present) + ".")
        if missing:
            parts.append("Missing from the GBA in the data: " + "; ".join(missing) + ".")
        text = f"- **{title}**: " + " ".join(parts)
        return text + (" " + extra if extra else "")

    absent = {a["stage"]: a["evidence"] for a in absences if a["area"] == "GBA"}
    bev = sorted(f["id"] for f in gba_firms if "nev_batteries/bev" in f["stages"].split(";")
                 and "automotive/ice_vehicle" in f["stages"].split(";"))
    feldspar = "ceramics_building_materials/feldspar_quartz"
    feldspar_cn = names_of([f for f in outside_rows if country.get(f["city"]) == "China"],
                           [feldspar])
    feldspar_abroad = [f"{short(f['name'])}, {country.get(f['city'])}"
                       for f in outside_rows if feldspar in f["stages"].split(";")
                       and country.get(f["city"]) != "China"]
    return "\n".join([
        "- **Raw materials**: the GBA producers of a raw-material stage in the data are natural "
        f"gas ({makers('ceramics_building_materials/natural_gas')}), soybean processing "
        f"({makers('food/soybean')}), sea salt ({makers('food/salt')}) and graphite feedstock "
        f"({makers('nev_batteries/graphite_feedstock')}: refinery coke). Where natural gas "
        "and crude oil count is a modelling choice, stated once with its consequences under "
        "\"Crude oil and natural gas\" below. The raw "
        "materials with no GBA producer in the data are listed per chain under Known gaps "
        "above; which of them are recorded absences and which are unknown is under Recorded "
        "absences.",
        line("Semiconductors", [("design", "electronics_semiconductors/ic_design"),
                                ("fabs", "electronics_semiconductors/wafer_fab"),
                                ("silicon wafers", "electronics_semiconductors/silicon_wafer"),
                                ("glass-fibre cloth",
                                 "electronics_semiconductors/glass_fibre_cloth")],
             "Tianyu Semiconductor (Dongguan) makes SiC epitaxial wafers for power devices, "
             "which the 300 mm-wafer stage does not cover. A fabless designer is not tagged as "
             "buying wafers: its foundry link counts for nothing in the template."),
        line("Robotics", [("harmonic reducers", "robotics_automation/harmonic_reducer"),
                          ("servo motors", "robotics_automation/servo_motor"),
                          ("controllers", "robotics_automation/robot_controller"),
                          ("sensors", "robotics_automation/sensors"),
                          ("cobots", "robotics_automation/collaborative_robot"),
                          ("integrators", "robotics_automation/system_integration"),
                          ("RV reducers", "robotics_automation/rv_reducer"),
                          ("precision bearings", "robotics_automation/precision_bearings"),
                          ("structural castings", "robotics_automation/structural_castings"),
                          ("NdFeB magnets", "robotics_automation/ndfeb_magnet")],
             "Supply links between them are almost absent from the public sources searched "
             "(the H3/H4 tests are not computed for this chain)."),
        line("Home appliances", [("copper tube", "home_appliances/copper_semis"),
                                 ("plastics", "home_appliances/plastics"),
                                 ("control boards", "home_appliances/control_board"),
                                 ("installation and after-sales",
                                  "home_appliances/installation_after_sales"),
                                 ("refrigerant", "home_appliances/refrigerant"),
                                 ("fin stock", "home_appliances/aluminium_fin_stock")]),
        line("NEV", [("copper foil", "nev_batteries/copper_foil"),
                     ("NMC cathode", "nev_batteries/cathode_nmc"),
                     ("separators", "nev_batteries/separator"),
                     ("aluminium foil", "nev_batteries/aluminium_foil"),
                     ("NdFeB", "nev_batteries/ndfeb_magnet")],
             (f"{', '.join(f'`{x}`' for x in bev)} carry both `bev` and `ice_vehicle` (battery-"
              "electric and combustion or plug-in-hybrid models): a plant that builds both "
              "counts as a producer of each; the data does not say how much of each."
              if bev else "")),
        line("Ceramics", [("body granulate", "ceramics_building_materials/body_granulate"),
                          ("glaze/frit", "ceramics_building_materials/glaze_frit"),
                          ("clays and kaolin", "ceramics_building_materials/clay_kaolin"),
                          ("feldspar and quartz", feldspar)],
             "Body granulate is tagged only where a source says a tile maker makes its own."
             + ("" if feldspar_cn else
              " No producer of feldspar or quartz for ceramics in China is in the data (the "
              "only producers in the data: " + ("; ".join(feldspar_abroad) or "none") + "): a search of stored pages "
              "(`facts/survey_feldspar`) found deposits named but no producing firm to cite, so "
              "the tile's closure `world` below reflects the sample, not a finding about "
              "China's supply.")),
        line("Textiles", [("polyester fibre", "textiles_apparel/polyester_fibre"),
                          ("yarn", "textiles_apparel/yarn"),
                          ("dyes", "textiles_apparel/dyes_auxiliaries"),
                          ("trims", "textiles_apparel/trims"),
                          ("cotton", "textiles_apparel/cotton")],
             (f"Cotton is a recorded absence ({absent['textiles_apparel/cotton']})."
              if "textiles_apparel/cotton" in absent else "")),
        "- **Dropped organisation**: SUNDA International (KEDA's African trade partner) has no "
        "city or `in_gba` in the fact base and was left out with its one relation.",
    ])


def oil_gas_line(gba_firms, chains, links, absences, dominators):
    """The README's one statement of the crude-oil / natural-gas modelling rule, with its
    consequences computed from the data (the gas producers in the GBA, their delivery links and
    their evidence, the dominators `chainatlas report` finds)."""
    gas = "ceramics_building_materials/natural_gas"
    crude = sorted(a["stage"] for a in absences if a["stage"].endswith("/crude_oil"))
    crude_ev = collections.Counter(a["evidence"] for a in absences if a["stage"] in crude)
    gas_firms = [f for f in gba_firms if gas in f["stages"].split(";")]
    gas_ids = {f["id"] for f in gas_firms}
    gas_links = [l for l in links if l["source"] in gas_ids and l["layer"] == "supply"
                 and l["stage"] == gas]
    gas_ev = collections.Counter(l["evidence"] for l in gas_links)
    gas_chain = gas.split("/")[0]
    text = ("**Crude oil and natural gas (a modelling choice).** Crude oil's stage is extraction, "
            "and the Pearl River Mouth fields lie offshore, outside every city (`cnooc_offshore`), "
            "so crude is recorded absent from the GBA ("
            + (", ".join(f"`{c}`" for c in crude) or "no row")
            + "; " + ", ".join(f"{n} {e}" for e, n in sorted(crude_ev.items()))
            + "). The ceramics chain's natural-gas input is pipeline gas, and it counts at the "
            "Gaolan terminal in Zhuhai, where offshore gas is landed and processed.")
    if gas_firms:
        names = ", ".join(f"{f['name'].split(' (')[0]} (`{f['id']}`, {f['city']})"
                          for f in gas_firms)
        dom = [d for d in (dominators or []) if d["firm"] in gas_ids]
        text += (f" Consequences: {names} "
                 + ("is" if len(gas_firms) == 1 else "are")
                 + f" the only GBA producer{'s' if len(gas_firms) > 1 else ''} of `{gas}` in "
                 f"the data, so the chain's gas is local only through "
                 + ("it" if len(gas_firms) == 1 else "them") + "; ")
        if dominators is not None:
            if dom and len(dominators) == len(dom):
                text += ("`chainatlas report` finds it the only dominator in the data (a firm on "
                         "every local supply path to "
                         + ", ".join(str(d["dominated_final_firms"]) for d in dom)
                         + " final-product firms); ")
            elif dom:
                text += ("`chainatlas report` lists it among the dominators (firms on every "
                         "local supply path to final-product firms); ")
        text += (f"its {len(gas_links)} supply link{'s' if len(gas_links) != 1 else ''} of "
                 "that stage "
                 + ("are all" if len(gas_ev) == 1 and len(gas_links) > 1 else "are")
                 + " " + ", ".join(f"{n} {e}" if len(gas_ev) > 1 else e
                                   for e, n in sorted(gas_ev.items()))
                 + ". To test the other reading (gas, like crude, counts at the offshore fields) "
                 f"in a copy of the dataset, remove `{gas}` from the terminal's `stages` in "
                 f"`firms.csv` and its {len(gas_links)} supply link"
                 f"{'s' if len(gas_links) != 1 else ''} of that stage from `links.csv` "
                 "(`chainatlas check` rejects a supply link of a stage its source does not "
                 f"produce), add an `absences.csv` row `GBA,{gas},estimated,...` (alone it is "
                 "ignored: a local producer outweighs an absence), and rerun `chainatlas report "
                 "DIR`.")
    return text


def unknown_raw_line(gba_firms, chains, absences):
    """Raw-material stages with no GBA producer in the data and no absence row: unknown."""
    made = {st for f in gba_firms for st in f["stages"].split(";") if st}
    absent = {a["stage"] for a in absences if a["area"] == "GBA"}
    unknown = [f"{r['chain']}/{r['stage']}" for r in chains if r["tier"] == "raw_material"
               and f"{r['chain']}/{r['stage']}" not in made
               and f"{r['chain']}/{r['stage']}" not in absent]
    if not unknown:
        return ("Every raw-material stage with no GBA producer in the data has an absence row "
                "above.")
    plain = [u for u in unknown if u.split("/", 1)[1] not in UNKNOWN_BECAUSE]
    text = ("Raw-material stages with no GBA producer in the data and no absence row (unknown, "
            "not absent): " + ", ".join(f"`{u}`" for u in unknown) + ".")
    if plain:
        text += (" " + ", ".join(f"`{u}`" for u in plain)
                 + ": no producer was found, and no absence is recorded.")
    for stage, why in sorted(UNKNOWN_BECAUSE.items()):
        chains_of = [u for u in unknown if u.split("/", 1)[1] == stage]
        if chains_of:
            text += f"\n\n- `{stage}` ({', '.join(f'`{u}`' for u in chains_of)}): {why}."
    above = [f"{r['chain']}/{r['stage']}" for r in chains if r["tier"] != "raw_material"
             and f"{r['chain']}/{r['stage']}" not in made
             and f"{r['chain']}/{r['stage']}" not in absent]
    if above:
        text += ("\n\nStages above raw materials with no GBA producer in the data and no "
                 "absence row (unknown, not absent), with what was searched: "
                 + ", ".join(f"`{u}`" for u in above) + ".")
        for stage in sorted({u.split("/", 1)[1] for u in above}):
            chains_of = [u for u in above if u.split("/", 1)[1] == stage]
            why = UNKNOWN_SEARCHED.get(stage, "no producer was found, and no absence is "
                                              "recorded; the search is not written up")
            text += f"\n\n- `{stage}` ({', '.join(f'`{u}`' for u in chains_of)}): {why}."
    return text


def raw_rule_errors(gba_firms, chains):
    """A raw-material stage with a GBA producer must be classified (RAW_PROCESSED or
    RAW_EXTRACTED) before the README states the counting rule; every RAW_NOT_COUNTED firm
    must be a GBA organisation that does not carry the stage."""
    errs = []
    raw = {f"{r['chain']}/{r['stage']}" for r in chains if r["tier"] == "raw_material"}
    made = {st for f in gba_firms for st in f["stages"].split(";") if st}
    for s in sorted((raw & made) - set(RAW_PROCESSED) - RAW_EXTRACTED):
        errs.append(f"raw-material stage {s} has a GBA producer but is in neither RAW_PROCESSED "
                    "nor RAW_EXTRACTED (build.py): say whether its producers extract it")
    for s in sorted((set(RAW_PROCESSED) | RAW_EXTRACTED) - raw):
        errs.append(f"RAW_PROCESSED/RAW_EXTRACTED name {s}, not a raw-material stage")
    gba = {f["id"]: f for f in gba_firms}
    for stage, firm, _, _ in RAW_NOT_COUNTED:
        if firm and firm not in gba:
            errs.append(f"RAW_NOT_COUNTED: {firm} is not a GBA organisation")
        elif firm and stage in gba[firm]["stages"].split(";"):
            errs.append(f"RAW_NOT_COUNTED: {firm} carries {stage}, which the rule does not count")
    return errs


def verdicts_if(binary, out_dir, drop=(), tag=None):
    """Structural verdict per chain on a copy of the written folder in which the absence rows
    of `drop` (chain/stage ids) are removed and `tag` = (firm id, chain/stage) is added to the
    firm's stages: what a counting rule decides. None when the binary is absent or fails."""
    if not binary or not os.path.exists(binary):
        return None
    import shutil
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("cities.csv", "chains.csv", "firms.csv", "links.csv", "absences.csv",
                     "report.toml"):
            if os.path.exists(os.path.join(out_dir, name)):
                shutil.copy(os.path.join(out_dir, name), tmp)
        for name, keep in (("absences.csv", lambda r: r["stage"] not in drop),
                           ("firms.csv", lambda r: True)):
            with open(os.path.join(tmp, name), encoding="utf-8") as f:
                reader = csv.DictReader(f)
                header, rows = reader.fieldnames, [r for r in reader if keep(r)]
            if name == "firms.csv" and tag:
                for r in rows:
                    if r["id"] == tag[0]:
                        r["stages"] = ";".join(filter(None, [r["stages"], tag[1]]))
            write_csv(os.path.join(tmp, name), header, rows)
        comp = chainatlas_json(binary, ["completeness", tmp, "--mode", "structural"])
    return {c["chain"]: c["verdict"] for c in comp["chains"]} if comp else None


def raw_rule_line(gba_firms, chains, absences, report, binary, out_dir):
    """The README's statement of how raw-material stages count (Mapping decisions): the rule,
    its exceptions with their GBA producers, the processing that does not count, and what each
    means for the verdicts (computed: each chain's deciding absences from `chainatlas report`,
    and for the processing not counted the verdicts on a copy of the data that counts it)."""
    def short(name):
        return re.sub(r" \([^()]*\)$", "", name)

    label = {f"{r['chain']}/{r['stage']}": r["label"] for r in chains}
    raw = [f"{r['chain']}/{r['stage']}" for r in chains if r["tier"] == "raw_material"]
    makers = collections.defaultdict(list)
    for f in gba_firms:
        for st in filter(None, f["stages"].split(";")):
            makers[st].append(f"{short(f['name'])} ({f['city']})")
    listed = lambda xs: or_join([f"`{x}`" for x in xs]).replace(" or ", " and ")
    extracted = [s for s in sorted(RAW_EXTRACTED) if makers.get(s)]
    text = ("- **raw-material stages**: a stage of tier `raw_material` counts the extraction of "
            "the material (a mine, an oil or gas field, a farm, salt pans"
            + "".join(f": {', '.join(makers[s])} for `{s}`" for s in extracted)
            + "); processing a bought-in material does not count. The exceptions are stages "
            "whose label names a processed form, where the plant making that form counts; "
            "those with a GBA producer in the data: "
            + "; ".join(f"`{s}` (\"{label[s]}\": {why}; in the data: "
                        f"{', '.join(makers[s]) or 'none'})"
                        for s, why in sorted(RAW_PROCESSED.items()))
            + ". Not counted: "
            + "; ".join(f"`{stage}`, where {why}" for stage, _, _, why in RAW_NOT_COUNTED) + ".")
    arrows = [s for s in raw if "->" in label[s]]
    if arrows and not any(makers.get(s) for s in arrows):
        text += (" Labels with an arrow (" + ", ".join(f"\"{label[s]}\"" for s in arrows[:2])
                 + ", ...) say what the material becomes; none of those "
                 f"{len(arrows)} chain/stage rows has a GBA producer in the data, so how far "
                 "along the arrow a plant would count has decided nothing.")
    if not report:
        return text
    rests = {c["chain"]: sorted({a["stage"] for a in c["verdict"]["rests_on"]})
             for c in report["chains"]}
    verdict = {c["chain"]: c["verdict"]["status"] for c in report["chains"]}
    unknown = {c["chain"]: sorted({b["stage"] for b in c["completeness"]["breakpoints"]
                                   if b["reason"] == "no_data"}) for c in report["chains"]}
    # The exceptions: a stage with a local producer decides no failing verdict; without the
    # exception it would be unknown (no producer, no absence row), which cannot lift a failure.
    held = [s for s in sorted(RAW_PROCESSED) if makers.get(s)
            and verdict.get(s.split("/")[0]) == "fails"
            and s.split("/", 1)[1] not in rests[s.split("/")[0]]]
    text += " For the verdicts:"
    if held:
        text += (" the exceptions decide none ("
                 + "; ".join(f"`{s.split('/')[0]}` fails on {listed(rests[s.split('/')[0]])}, "
                             f"not on `{s.split('/', 1)[1]}`" for s in held)
                 + "; without the exceptions those stages would be unknown and the chains "
                 "would still fail)")
        gas = gas_h3(out_dir, report)
        if gas and gas["gas_links"] and gas["status"] in ("pass", "fail"):
            text += (f", though the gas terminal's deliveries are {gas['gas_links']} of the "
                     f"{gas['links']} links that `{gas['chain']}`'s local-sourcing test (H3) "
                     "counts (finding 3)")
        text += "."
    for stage, firm, in_data, _ in RAW_NOT_COUNTED:
        ids = [s for s in raw if s == stage or s.split("/", 1)[1] == stage]
        drop = [s for s in ids if any(a["stage"] == s for a in absences)]
        if not drop or not in_data:
            continue
        after = verdicts_if(binary, out_dir, drop=drop,
                            tag=(firm, ids[0]) if firm and len(ids) == 1 else None)
        if after is None:
            continue
        bare = stage.split("/", 1)[-1]
        deciding = [s.split("/")[0] for s in drop if verdict.get(s.split("/")[0]) == "fails"
                    and bare in rests.get(s.split("/")[0], [])]
        alone = [c for c in deciding if rests[c] == [bare]]
        changed = [c for c in deciding if after[c] != "fails"]
        for c in alone:
            text += (f" The `{bare}` rule decides `{c}`, which fails on `{bare}` alone: "
                     + (f"counting `{firm}`'s processing (and dropping the absence row)" if firm
                        else f"without the `{c}/{bare}` absence row")
                     + (" it would still fail." if after[c] == "fails" else
                        f" it would be `{after[c]}`"
                        + (f", its unknown {listed(unknown[c])} remaining"
                           if unknown.get(c) and after[c] == "undetermined" else "") + "."))
        rest = [c for c in deciding if c not in alone]
        if rest:
            text += (f" Counting that processing for `{bare}` would "
                     + ("change no verdict: without their" if not set(changed) & set(rest)
                        else "change " + listed(sorted(set(changed) & set(rest)))
                        + ": without their")
                     + f" `{bare}` absence rows {listed(rest)} would "
                     + ("still fail." if not set(changed) & set(rest) else
                        "be " + ", ".join(f"`{c}` {after[c]}" for c in rest) + "."))
    return text


def or_join(words):
    """"a", "a or b", "a, b or c"."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def tier_order(tiers):
    """Tiers from the bottom of a chain up (raw_material, material, component, ...)."""
    order = ["raw_material", "material", "component", "module", "final_product", "service"]
    return sorted(tiers, key=lambda t: order.index(t) if t in order else len(order))


def copy_line(links):
    """The README sentence on documented links that rest on a filing read from a copy."""
    documented = [l for l in links if l["evidence"] == "documented"]
    non_assumed = [l for l in links if l["evidence"] != "assumed"]
    via_copy = sum(1 for l in documented if l.get("_via_copy"))
    share = f"{100 * len(documented) / len(non_assumed):.1f}%" if non_assumed else "n/a"
    verb = "rests" if via_copy == 1 else "rest"
    share_all = f"{100 * len(documented) / len(links):.1f}%" if links else "n/a"
    return (f"Documented: {len(documented)} of {len(non_assumed)} links that are not assumed "
            f"({share}; issue 16 counts the share this way, assumed rows outside it), or "
            f"{share_all} of all {len(links)} links (the share the table above and "
            f"`chainatlas report`'s data line give). {via_copy} of the documented links {verb} on an exchange filing or a "
            "party's own release read from a verbatim copy (a financial portal's bulletin page, "
            "a statutory disclosure newspaper, a wire service: `FILING_COPY_HOSTS` in "
            "`build.py`); the note of each names the filing and the copy. The others rest on "
            "a party's own page or a public record.")


def md_table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def pct(n, d):
    return f"{100.0 * n / d:.1f}%" if d else "-"


def nolink_counts(firm_rows, gba_ids, links):
    """(organisations with no link, GBA organisations with no link, GBA organisations with no
    link to another GBA organisation); every layer counts."""
    linked, local = set(), set()
    for l in links:
        linked |= {l["source"], l["target"]}
        if l["source"] in gba_ids and l["target"] in gba_ids:
            local |= {l["source"], l["target"]}
    ids = {f["id"] for f in firm_rows}
    return len(ids - linked), len(gba_ids - linked), len(gba_ids - local)


def write_readme(path, city_rows, chains, firm_rows, links, dropped, absences, topics, warnings,
                 findings=None, report=None, binary=None):
    region = {c["city"]: c["region"] for c in city_rows}
    gba_firms = [f for f in firm_rows if region[f["city"]] == "GBA"]
    n_links = len(links)
    layers = ["supply", "value", "innovation", "capital"]
    evs = ["documented", "reported", "estimated", "assumed"]
    cnt = collections.Counter((l["layer"], l["evidence"]) for l in links)
    ev_rows = []
    for e in evs:
        tot = sum(cnt[(ly, e)] for ly in layers)
        ev_rows.append([e] + [cnt[(ly, e)] for ly in layers] + [tot, pct(tot, n_links)])
    lay_tot = [sum(cnt[(ly, e)] for e in evs) for ly in layers]
    ev_rows.append(["**all**"] + lay_tot + [n_links, "100.0%"])
    ev_rows.append(["share of links"] + [pct(x, n_links) for x in lay_tot] + ["", ""])
    doc_share = [pct(cnt[(ly, "documented")], t) for ly, t in zip(layers, lay_tot)]
    ev_rows.append(["documented share within layer"] + doc_share + ["", ""])

    per_city = collections.Counter(f["city"] for f in firm_rows)
    kinds = ["firm", "lab", "university", "platform", "investor", "agency", "association"]
    by_ck = collections.Counter((f["city"], f["kind"]) for f in firm_rows)
    city_tab = []
    for c in city_rows:
        if c["region"] != "GBA":
            continue
        city_tab.append([c["city"], per_city[c["city"]]] + [by_ck[(c["city"], k)] for k in kinds])
    city_tab.append(["**GBA total**", len(gba_firms)] +
                    [sum(1 for f in gba_firms if f["kind"] == k) for k in kinds])
    reg_cnt = collections.Counter(region[f["city"]] for f in firm_rows)
    outside_rows = [[r, reg_cnt[r], ", ".join(sorted({f["city"] for f in firm_rows if region[f["city"]] == r}))]
                    for r in ("Mainland", "Overseas")]

    country = {c["city"]: c["country"] for c in city_rows}
    further_gaps = further_gap_lines(gba_firms, firm_rows, country, absences)
    gba_ids = {f["id"] for f in gba_firms}
    no_link, no_link_gba, no_local_gba = nolink_counts(firm_rows, gba_ids, links)
    nolink_line = (f"{no_link} of {len(firm_rows)} organisations ({no_link_gba} of {len(gba_firms)} "
                   f"in the GBA) have no link at all (kept as nodes; no relationship was found for "
                   f"them — a `check` warning, not an error); {no_local_gba} GBA organisations have "
                   "no link to another GBA organisation (every layer counted")
    isolated = (report or {}).get("fusion", {}).get("participation", {}).get("isolated_firms")
    if isolated == no_local_gba:
        nolink_line += ("; `chainatlas report` gives the same figure as local firms with no local "
                        "links under Multiplex participation")
    elif isolated is not None:
        nolink_line += (f"; `chainatlas report` counts {isolated} local firms with no local links "
                        "under Multiplex participation")
    nolink_line += ")."
    dominators = (report or {}).get("bottlenecks", {}).get("dominators")

    prod = collections.defaultdict(lambda: [0, 0])
    for f in firm_rows:
        for s in filter(None, f["stages"].split(";")):
            prod[s][0 if region[f["city"]] == "GBA" else 1] += 1
    chain_ids = []
    for r in chains:
        if r["chain"] not in chain_ids:
            chain_ids.append(r["chain"])
    chain_tab, gap_lines = [], []
    for c in chain_ids:
        rows = [r for r in chains if r["chain"] == c]
        present = [r for r in rows if prod[f"{c}/{r['stage']}"][0] > 0]
        finals = [r["stage"] for r in rows if r["tier"] == "final_product"]
        chain_tab.append([f"`{c}`", len(rows), ", ".join(f"`{x}`" for x in finals),
                          f"{len(present)} / {len(rows)}"])
        missing = [r for r in rows if prod[f"{c}/{r['stage']}"][0] == 0]
        items = []
        for r in missing:
            o = prod[f"{c}/{r['stage']}"][1]
            items.append(f"`{r['stage']}` ({r['tier']}{'; ' + str(o) + ' outside producer(s) in the data' if o else ''})")
        gap_lines.append(f"- **{c}**: " + ", ".join(items))

    assumed = [l for l in links if l["evidence"] == "assumed"]
    assumed_lines = [f"- `{l['source']}` -> `{l['target']}` ({l['layer']}{', ' + l['stage'] if l['stage'] else ''}): {l['source_ref']}"
                     for l in assumed]
    dropped_lines = [f"- `{r['source_id']}` -> `{r['target_id']}` ({r['chain']}, {r['flows']}): {why}. Source: "
                     + (ref_of(r['source'], r['source_title']) if r['source'].startswith('http') else 'general knowledge')
                     for r, why in dropped]
    ab_mix = collections.Counter(a["evidence"] for a in absences)
    absence_mix = ", ".join(f"{ab_mix[e]} {e}" for e in evs if ab_mix[e]) or "none"
    absence_lines = "\n".join(
        f"- `{a['stage']}` in {a['area']} ({a['evidence']}"
        + ("" if a.get("origin", "facts/base") == "facts/base" else f", {a['origin']}")
        + f"): {a['note']}. Source: {a['source_ref']}" for a in absences)

    # topic folders: what each contributed
    topic_rows = []
    for t in topics:
        o = f"facts/{t}"
        topic_rows.append([f"`{o}/`",
                           sum(1 for f in firm_rows if f["origin"] == o),
                           sum(1 for f in firm_rows if f["origin"] == o and region[f["city"]] == "GBA"),
                           sum(1 for f in firm_rows if f"tags (" in f["note"] and f"from {o}" in f["note"]),
                           sum(1 for l in links if l.get("origin") == o),
                           sum(1 for l in links if l.get("origin") == o and l["layer"] == "supply"),
                           sum(1 for c in chains if c.get("origin") == o),
                           sum(1 for a in absences if a.get("origin") == o)])
    topic_table = (md_table(["folder", "organisations", "in GBA", "firms tagged", "links",
                             "supply links", "template rows", "absences"], topic_rows)
                   if topic_rows else "No topic folder yet.")
    notes = [c for c in chains if c.get("source")]
    template_notes = ""
    if notes:
        template_notes = "#### Template notes (sources of the topic folders' template rows)\n\n" + "\n".join(
            f"- `{c['chain']}/{c['stage']}` ({c['origin']}): {c['source']}" for c in notes)

    # groups
    members = collections.defaultdict(list)
    for f in firm_rows:
        if f["group"]:
            members[f["group"]].append(f)
    group_rows = []
    for g in sorted(members, key=lambda g: (-len(members[g]), g)):
        fs = sorted(members[g], key=lambda f: f["id"])
        group_rows.append([g, len(fs), sum(1 for f in fs if region[f["city"]] == "GBA"),
                           ", ".join(f"`{f['id']}` ({f['city']})" for f in fs)])
    group_table = md_table(["group", "organisations", "in GBA", "members (city)"], group_rows)
    if warnings is None:
        warnings_line = ("the binary was not found when this README was written; run "
                         "`cargo build --release` and rebuild to count the warnings.")
    else:
        w_err, w_kinds = warnings
        w_total = sum(w_kinds.values())
        warnings_line = (f"at the time of writing {w_err} errors and {w_total} warnings: "
                         f"{w_kinds['no links']} of {len(firm_rows)} organisations without any "
                         f"link ({no_link_gba} of them in the GBA; see Organisations per city), "
                         f"{w_kinds['no producer']} template stages no organisation in the data "
                         f"produces, {w_kinds['other']} other.")
    if findings is None:
        findings = ("## What the data says\n\nNot computed: the release binary was not found "
                    "when this README was written; run `cargo build --release` and rebuild.\n")
    text = README_TEMPLATE.format(
        findings=findings,
        topic_list=", ".join(f"`{t}`" for t in topics) or "none yet",
        topic_table=topic_table, template_notes=template_notes, group_table=group_table,
        warnings_line=warnings_line, n_grouped=sum(len(v) for v in members.values()),
        n_groups=len(members),
        n_grouped_gba=sum(1 for f in firm_rows if f["group"] and region[f["city"]] == "GBA"),
        n_absences=len(absences), absence_mix=absence_mix, absence_lines=absence_lines,
        n_firms=len(firm_rows), n_gba=len(gba_firms), n_out=len(firm_rows) - len(gba_firms),
        n_links=n_links, n_chains=len(chain_ids), n_stages=len(chains), n_cities=len(city_rows),
        n_added=sum(1 for f in firm_rows if f["origin"] == "chain_templates_reference.md"),
        n_base=sum(1 for f in firm_rows if not f["origin"].startswith("facts/")),
        estimated_line=(lambda n: "No link is `estimated`." if n == 0 else
                        f"{n} links are `estimated` (an inference, explained in `note`).")(
            sum(1 for l in links if l["evidence"] == "estimated")),
        ev_table=md_table(["evidence"] + layers + ["all", "share"], ev_rows),
        copy_line=copy_line(links),
        city_table=md_table(["city", "all"] + kinds, city_tab),
        outside_table=md_table(["region", "organisations", "cities"], outside_rows),
        chain_table=md_table(["chain", "stages", "final products", "stages with a GBA producer"], chain_tab),
        gaps="\n".join(gap_lines), further_gaps=further_gaps, assumed="\n".join(assumed_lines), n_assumed=len(assumed),
        dropped="\n".join(dropped_lines), n_dropped=len(dropped),
        n_weighted=(lambda n: f"{n} link" + ("" if n == 1 else "s"))(
            sum(1 for l in links if l["weight"])),
        weighted_list="; ".join(f"`{l['source']}` -> `{l['target']}`, CNY {l['weight']} million"
                                for l in links if l["weight"]) or "none",
        nolink_line=nolink_line,
        oil_gas=oil_gas_line(gba_firms, chains, links, absences, dominators),
        unknown_raw=unknown_raw_line(gba_firms, chains, absences),
        raw_rule=raw_rule_line(gba_firms, chains, absences, report, binary,
                               os.path.dirname(path)),
    )
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def evidence_errors(row, where):
    """A link's or absence's `evidence` is one of the four levels and `source_ref` is filled."""
    errs = []
    if row["evidence"] not in EVIDENCE:
        errs.append(f"{where}: bad evidence {row['evidence']!r}")
    if not row["source_ref"]:
        errs.append(f"{where}: empty source_ref")
    return errs


def check(city_rows, chains, firm_rows, links, absences):
    """Self-checks on the merged rows; returns error strings, each naming the folder and row
    (`facts/<topic>/<file>:<line>`, or the fact-base row) it is about."""
    errs = []
    cities = {}
    for c in city_rows:
        if c["city"] in cities:
            errs.append(f"duplicate city {c['city']}")
        cities[c["city"]] = c
    stages = {}
    for r in chains:
        key = f"{r['chain']}/{r['stage']}"
        where = r.get("_where", key)
        if key in stages:
            errs.append(f"{where}: duplicate stage {key}")
        stages[key] = r
        if r["tier"] not in TIERS:
            errs.append(f"{where}: bad tier {r['tier']!r}")
        if r["tier"] == "raw_material" and r["inputs"]:
            errs.append(f"{where}: raw-material stage {key} has inputs")
    deps = collections.defaultdict(set)
    for r in chains:
        key = f"{r['chain']}/{r['stage']}"
        for group in filter(None, r["inputs"].split(";")):
            for u in filter(None, group.split("|")):
                if f"{r['chain']}/{u}" not in stages:
                    errs.append(f"{r.get('_where', key)}: unknown input {u}")
                    continue
                deps[key].add(f"{r['chain']}/{u}")
    state = {}

    def visit(k, path):
        if state.get(k) == 1:
            cycle = path[path.index(k):] + [k]
            wheres = sorted({stages[x].get("_where", x) for x in cycle})
            errs.append("template cycle " + " -> ".join(cycle) + " (rows: " + ", ".join(wheres) + ")")
            return
        if state.get(k) == 2:
            return
        state[k] = 1
        for u in sorted(deps[k]):
            visit(u, path + [k])
        state[k] = 2
    for k in sorted(stages):
        visit(k, [])
    per_chain = collections.defaultdict(list)
    for r in chains:
        per_chain[r["chain"]].append(r)
    for c, rows in per_chain.items():
        tiers = {r["tier"] for r in rows}
        if len(rows) < 8:
            errs.append(f"chain {c} has {len(rows)} stages (fewer than 8)")
        for need in ("raw_material", "material", "final_product", "service"):
            if need not in tiers:
                errs.append(f"chain {c} lacks tier {need}")
    group_spelling = {}
    for f in firm_rows:
        if f["group"]:
            other = group_spelling.setdefault(f["group"].casefold(), f["group"])
            if other != f["group"]:
                errs.append(f"{f.get('_where', f['id'])}: group {f['group']!r} is spelt "
                            f"{other!r} elsewhere (one spelling per group)")
    produced, first_where = {}, {}
    funcs = set(FUNCTION_ORDER)
    for f in firm_rows:
        where = f.get("_where", f["id"])
        if f["id"] in first_where:
            errs.append(f"{where}: duplicate firm id {f['id']} (also {first_where[f['id']]})")
        first_where.setdefault(f["id"], where)
        if f["city"] not in cities:
            errs.append(f"{where}: unknown city {f['city']!r}")
        if f["kind"] not in KINDS:
            errs.append(f"{where}: bad kind {f['kind']!r}")
        st = [x for x in f["stages"].split(";") if x]
        for x in st:
            if x not in stages:
                errs.append(f"{where}: unknown stage {x}")
        for fn in filter(None, f["functions"].split(";")):
            if fn not in funcs:
                errs.append(f"{where}: bad function {fn!r}")
        if not f["source"]:
            errs.append(f"{where}: empty source")
        produced[f["id"]] = set(st)
    for i, l in enumerate(links, start=2):
        where = l.get("_where", f"links.csv:{i}")
        for end in ("source", "target"):
            if l[end] not in produced:
                errs.append(f"{where}: unknown {end} firm {l[end]!r}")
        if l["source"] == l["target"]:
            errs.append(f"{where}: self-loop")
        if l["layer"] not in LAYERS:
            errs.append(f"{where}: bad layer {l['layer']!r}")
        errs += evidence_errors(l, where)
        if l["weight"]:
            try:
                if float(l["weight"]) < 0:
                    errs.append(f"{where}: negative weight")
            except ValueError:
                errs.append(f"{where}: weight {l['weight']!r} is not a number")
        if l["layer"] == "supply":
            src = produced.get(l["source"], set())
            if l["stage"]:
                if l["stage"] not in src:
                    errs.append(f"{where}: stage {l['stage']} not produced by {l['source']}")
            elif len(src) != 1:
                errs.append(f"{where}: empty stage but {l['source']} makes {len(src)} stages")
        elif l["stage"]:
            errs.append(f"{where}: stage on a non-supply link")
    areas = set(cities) | {c["region"] for c in city_rows} | {c["country"] for c in city_rows}
    for a in absences:
        where = a.get("_where", a["stage"])
        if a["area"] not in areas:
            errs.append(f"{where}: area {a['area']!r} is not a city, region or country")
        if a["stage"] not in stages:
            errs.append(f"{where}: unknown stage {a['stage']}")
        errs += evidence_errors(a, where)
    gba = {c["city"] for c in city_rows if c["region"] == "GBA"}
    n_gba = sum(1 for f in firm_rows if f["city"] in gba)
    if n_gba < 200:
        errs.append(f"only {n_gba} organisations in GBA cities")
    if len(per_chain) < 6:
        errs.append("fewer than 6 chains")
    return errs


def chainatlas_warnings(binary, out_dir):
    """Run `chainatlas check` on the written folder when the release binary exists; returns
    (errors, warnings by kind) or None when it was not run. Kinds: `no links` (an
    organisation without links), `no producer` (a template stage no organisation makes),
    `other`."""
    if not binary or not os.path.exists(binary):
        return None
    import subprocess
    run = subprocess.run([binary, "check", out_dir], capture_output=True, text=True)
    lines = (run.stdout + run.stderr).splitlines()
    kinds = collections.Counter()
    errors = 0
    for line in lines:
        if line.startswith("error"):
            errors += 1
        elif line.startswith("warning"):
            if "has no links" in line:
                kinds["no links"] += 1
            elif "has no producer" in line:
                kinds["no producer"] += 1
            else:
                kinds["other"] += 1
    return errors, kinds


def chainatlas_json(binary, args):
    """`chainatlas ARGS --format json` as a dict, or None when the binary is absent or fails."""
    if not binary or not os.path.exists(binary):
        return None
    import subprocess
    run = subprocess.run([binary, *args, "--format", "json"], capture_output=True, text=True)
    if run.returncode != 0:
        return None
    return json.loads(run.stdout)


def fusion_sentence(report):
    """Claim 2 (the four chains as one system) on all links and on documented links only."""
    fu = report["fusion"]
    mc, doc = fu["multi_chain"], fu["documented_only"]
    words = lambda v: v.replace("_", " ")
    return (f"Claim 2 (the four chains as one system) is `{words(fu['verdict'])}` on all "
            f"links, but {mc['product_and_one_link_chain']} of its {mc['multi_chain_firms']} "
            "multi-chain firms are producers with local links in one link chain only, and on "
            f"documented links alone it is `{words(doc['verdict'])}` "
            f"({doc['coupling']['coupled']} of {doc['coupling']['manufacturers']} manufacturers "
            f"with an innovation link, {doc['multi_chain']['multi_chain_firms']} of "
            f"{doc['multi_chain']['active_firms']} firms in two or more chains).")


def dated_sentence(binary, out_dir, report):
    """How many dated links postdate the claims' year (report.toml `year`) and whether
    the verdicts of claims 1-3 change when they are dropped (`--until YEAR`)."""
    data = report["data"]
    year = data.get("claims_year")
    if not year or not data.get("links_after_claims_year"):
        return ""
    asof = chainatlas_json(binary, ["report", out_dir, "--until", str(year)])
    if asof is None:
        return ""
    verdicts = lambda r: (r["fusion"]["verdict"],
                          (r.get("complementarity") or {}).get("verdict"))
    same = verdicts(asof) == verdicts(report)
    # H3 (local sourcing, claim 4) per chain: which results move when later links go.
    h3 = lambda r: {c["chain"]: c["verdict"]["tests"][2]["status"] for c in r["chains"]}
    moved = sorted(c for c, st in h3(report).items() if h3(asof).get(c) != st)
    dated = data["links"] - data["undated_links"]
    return (f" {data['links_after_claims_year']} of the {dated} dated links are dated after "
            f"{year}, the article's year (a link's year is when the source dates the "
            f"relationship, often the year it was reported); with `--until {year}` the "
            + ("verdicts of claims 2 and 3 are the same" if same else
               "verdicts of claims 2 and 3 are " + ", ".join(
                   f"`{v}`" for v in verdicts(asof)))
            + ", and claim 1 cannot change that way: it rests on producers, which carry no "
              "dates, so a plant opened after " + str(year) + " still counts"
            + (f"; the local-sourcing test H3 changes in {', '.join(f'`{c}`' for c in moved)}"
               if moved else "")
            + ".")


def read_rows(out_dir, name):
    with open(os.path.join(out_dir, name), encoding="utf-8") as f:
        return list(csv.DictReader(f))


def pair_sentences(out_dir, pair):
    """Finding 2's account of the links between the pair's cities, from the written CSVs:
    how many come from the searches aimed at the pair (PAIR_SEARCH_FOLDERS), and how
    concentrated the counted ones are (per layer and direction that the link-intensity signal
    counts: supply links within one group, the organisations the links come from). Returns
    (text after the evidence counts, text for the end of the finding, facts for the
    report.toml check, errors)."""
    a, b = pair["a"]["name"], pair["b"]["name"]
    cities_a, cities_b = set(pair["a"]["cities"]), set(pair["b"]["cities"])
    firms = {r["id"]: r for r in read_rows(out_dir, "firms.csv")}
    side = lambda fid: ("a" if firms[fid]["city"] in cities_a else
                        "b" if firms[fid]["city"] in cities_b else None)
    between = []
    for r in read_rows(out_dir, "links.csv"):
        ends = (side(r["source"]), side(r["target"]))
        if set(ends) == {"a", "b"}:
            between.append((r, "a_to_b" if ends == ("a", "b") else "b_to_a"))
    per_folder = collections.Counter(r["origin"] for r, _ in between
                                     if r["origin"] in PAIR_SEARCH_FOLDERS)
    targeted = sum(per_folder.values())
    facts = {"between": len(between), "targeted": targeted}
    errs = []
    lead = ""
    if targeted:
        lead = (f"; {targeted} of those {len(between)} links were found by searches aimed at "
                "this pair ("
                + ", ".join(f"`{o}` {per_folder[o]}" for o in PAIR_SEARCH_FOLDERS if per_folder[o])
                + "; the folders whose search targeted the pair, `PAIR_SEARCH_FOLDERS` in "
                "`build.py`), while link intensity compares with what an even search of the "
                "region would find, so the ratios overstate the pair's ties by an unknown amount")
    arrow = {"a_to_b": f"{a}→{b}", "b_to_a": f"{b}→{a}"}
    parts = []
    for li in pair["link_intensity"]:
        for d in ("a_to_b", "b_to_a"):
            if not li.get(f"{d}_enough_links"):
                continue
            rows = [r for r, dd in between if r["layer"] == li["layer"] and dd == d]
            if len(rows) != li[f"links_{d}"]:
                errs.append(f"finding 2: {len(rows)} {li['layer']} links {arrow[d]} in links.csv, "
                            f"`chainatlas complement` counts {li[f'links_{d}']}")
                continue
            n = len(rows)
            head = f"the {n} {arrow[d]} {li['layer']} links"
            by_source = collections.Counter(r["source"] for r in rows).most_common()
            top, top_n = by_source[0]
            tied = len(by_source) > 1 and by_source[1][1] == top_n
            src = (f"come from {len(by_source)} organisation"
                   + ("" if len(by_source) == 1 else "s")
                   + (f" (all from `{top}`)" if len(by_source) == 1 else
                      "" if top_n == 1 else
                      f", at most {top_n} from any one" if tied else
                      f", {top_n} of them from the largest single source (`{top}`)"))
            if li["layer"] == "supply":
                groups = collections.Counter(
                    firms[r["source"]]["group"] for r in rows
                    if firms[r["source"]]["group"]
                    and firms[r["source"]]["group"] == firms[r["target"]]["group"])
                inside = sum(groups.values())
                example = next((r for r in rows if firms[r["source"]]["group"]
                                == groups.most_common(1)[0][0]
                                and firms[r["target"]]["group"] == firms[r["source"]]["group"]),
                               None) if groups else None
                parts.append(f"{head} {src}, and {inside} of them run within one group (both "
                             "ends share a `group` in `firms.csv`"
                             + (": " + ", ".join(f"{g} {k}" for g, k in groups.most_common())
                                + f"; e.g. `{example['source']}` → `{example['target']}`"
                                if groups else "") + ")")
            else:
                parts.append(f"{head} {src}")
    tail = ""
    if parts:
        tail = ". Where the counted links come from: " + "; ".join(parts)
    cands = pair.get("outsourcing_candidates") or []
    if cands:
        buys = collections.Counter(c["buyer_side"] for c in cands)
        name = {"a": a, "b": b}
        other = {"a": b, "b": a}
        buying = lambda s: f"{name[s]} buying from outside the region what {other[s]} makes"
        one_side = [s for s in ("a", "b") if buys[s] == len(cands)]
        tail += (". " + (("The outsourcing candidate has " if len(cands) == 1 else
                          f"All {len(cands)} outsourcing candidates have ") + buying(one_side[0])
                         if one_side else
                         f"Of the {len(cands)} outsourcing candidates, "
                         + " and ".join(f"{buys[s]} have {buying(s)}" for s in ("a", "b")))
                 + (f"; none is in the claim's direction ({a} buying what {b} makes, i.e. {a} "
                    f"outsourcing to {b})" if not buys["a"] else ""))
    return lead, tail, facts, errs


def search_bias(out_dir):
    """How the supply links were found, for the H3 caveat. An end of a link that the link's
    own folder did not add was already in the data when the folder searched (a folder's links
    may name only organisations that exist; the fact base's organisations count as added by
    `facts/base`, with its links): `from_known` supply links have such an end (the search
    started from an organisation already in the data), `from_known_gba` one in a GBA city,
    `both_known` two; and the organisations in GBA cities."""
    gba = {r["city"] for r in read_rows(out_dir, "cities.csv") if r["region"] == "GBA"}
    firms = read_rows(out_dir, "firms.csv")
    city = {f["id"]: f["city"] for f in firms}
    added_by = {f["id"]: f["origin"] if f["origin"].startswith("facts/") else "facts/base"
                for f in firms}
    supply = [r for r in read_rows(out_dir, "links.csv") if r["layer"] == "supply"]
    known = [[e for e in (r["source"], r["target"]) if added_by[e] != r["origin"]]
             for r in supply]
    return {"supply": len(supply), "from_known": sum(1 for k in known if k),
            "from_known_gba": sum(1 for k in known if any(city[e] in gba for e in k)),
            "both_known": sum(1 for k in known if len(k) == 2), "firms": len(firms),
            "firms_gba": sum(1 for f in firms if f["city"] in gba)}


def gas_h3(out_dir, report):
    """The ceramics chain's H3 (local sourcing) and how much of it is natural gas from the
    GBA's gas producers (per-stage sourcing from `chainatlas report`), for the H3 caveat."""
    gas = "ceramics_building_materials/natural_gas"
    chain, stage = gas.split("/")
    c = next((c for c in report["chains"] if c["chain"] == chain), None)
    if c is None:
        return None
    counted = {s["stage"]: s["sourcing"] for s in c["completeness"]["stages"] if s["sourcing"]}
    n = sum(x["links"] for x in counted.values())
    local = sum(x["links"] * x["local"] for x in counted.values())
    g = counted.get(stage) or {"links": 0, "documented_or_reported": 0}
    gba = {r["city"] for r in read_rows(out_dir, "cities.csv") if r["region"] == "GBA"}
    gas_firms = [f for f in read_rows(out_dir, "firms.csv")
                 if f["city"] in gba and gas in f["stages"].split(";")]
    producers = [f["id"] for f in gas_firms]
    ev = collections.Counter(r["evidence"] for r in read_rows(out_dir, "links.csv")
                             if r["layer"] == "supply" and r["stage"] == gas
                             and r["source"] in producers)
    return {"chain": chain, "status": c["verdict"]["tests"][2]["status"], "links": n,
            "rests_on_estimates": "rests on estimated or assumed links"
                                  in c["verdict"]["tests"][2]["detail"],
            "local_share": local / n if n else None, "gas_links": g["links"],
            "gas_sourced": g["documented_or_reported"], "producers": producers,
            "producer_cities": sorted({f["city"] for f in gas_firms}),
            "gas_evidence": ev}


def caveat_errors(out_dir, pair_facts, bias, gas):
    """report.toml's caveats state, without figures, what build.py computes: check that their
    wording still holds on the data (the folder list and "most" of the complementarity caveat;
    "mostly", "most of them in GBA cities" and the ceramics gas terminal of the stability
    caveat)."""
    path = os.path.join(out_dir, "report.toml")
    if not os.path.exists(path):
        return []
    import tomllib
    with open(path, "rb") as f:
        claims = {c["id"]: c.get("caveat", "") for c in tomllib.load(f).get("claims", [])}
    errs = []
    comp = claims.get("complementarity", "")
    if comp and pair_facts is not None:
        named = re.findall(r"facts/[a-z0-9_]+", comp)
        if sorted(named) != sorted(PAIR_SEARCH_FOLDERS):
            errs.append(f"report.toml: the complementarity caveat names {named}, "
                        f"PAIR_SEARCH_FOLDERS is {list(PAIR_SEARCH_FOLDERS)}")
        if comp.startswith("Most ") and not 2 * pair_facts["targeted"] > pair_facts["between"]:
            errs.append(f"report.toml: the complementarity caveat says most pair links come from "
                        f"targeted searches; {pair_facts['targeted']} of "
                        f"{pair_facts['between']} do")
    stab = claims.get("stability", "")
    if stab:
        if not 2 * bias["from_known"] > bias["supply"]:
            errs.append("report.toml: the stability caveat says supply links were searched mostly "
                        f"from organisations already in the data; {bias['from_known']} of "
                        f"{bias['supply']} were")
        if not 2 * bias["from_known_gba"] > bias["from_known"]:
            errs.append("report.toml: the stability caveat says most of the organisations the "
                        f"supply searches started from are in GBA cities; "
                        f"{bias['from_known_gba']} of {bias['from_known']} links have such an end")
        if "gas terminal" in stab and not (
                gas and gas["local_share"] == 1.0 and len(gas["producers"]) == 1
                and gas["gas_links"] > 0 and gas["gas_sourced"] == 0
                and set(gas["gas_evidence"]) == {"estimated"} and gas["rests_on_estimates"]
                and all(c in stab for c in gas["producer_cities"])):
            errs.append("report.toml: the stability caveat says ceramics' all-local supply rests "
                        f"on estimated deliveries from one gas terminal; on the data: {gas}")
    return errs


def bought_in_sentence(comp):
    """What closes when raw materials (and materials) are bought in: the claim read as a
    manufacturing chain that buys its inputs, beside self-sufficiency down to mines and farms
    (completeness `bought_in`, structural closure)."""
    by_tier = {b["from_tier"]: b for b in comp.get("bought_in", [])}
    raw, mat = by_tier.get("material"), by_tier.get("component")
    if not raw or raw["closed_final_products"] <= comp["closed_final_products"]:
        return ""
    chains = len(comp["chains"])
    text = (f"Read as a manufacturing chain that buys its raw materials, {raw['closed_final_products']} "
            f"of them close ({len(raw['complete_chains'])} of {chains} chains complete: "
            + ", ".join(f"`{c}`" for c in raw["complete_chains"]) + ")")
    if mat and mat["closed_final_products"] > raw["closed_final_products"]:
        rest = [c["chain"] for c in comp["chains"] if c["chain"] not in mat["complete_chains"]]
        text += (f"; with materials bought in too, {mat['closed_final_products']} "
                 f"({len(mat['complete_chains'])} of {chains} chains"
                 + ("; " + ", ".join(f"`{c}`" for c in rest) + " still open" if rest else "")
                 + ")")
    return text + ". "


# Words by which an absence's note records a doubt about it (a page that contradicts it in
# part, a part of the stage not checked, what is not excluded): the verdict table names the
# deciding absences whose note has one, so a memo can tell a firm "fails" from a contested one.
DOUBT_MARKERS = ("Doubt", "doubt", "ontradicted", "at risk", "Nuance", "not checked",
                 "not excluded", "Not excluded")


def chainatlas_findings(binary, out_dir, report):
    """The README's "What the data says" section, computed by the release binary on the
    written folder (so its figures cannot drift from the data): the verdict per chain and
    three findings for a memo, and the errors of the checks that tie report.toml's caveats to
    the data; (None, []) when the binary is absent. `complement` runs in structural mode, as
    `chainatlas report` runs it (its default is realised closure)."""
    comp = chainatlas_json(binary, ["completeness", out_dir, "--mode", "structural"])
    pair = chainatlas_json(binary, ["complement", out_dir, "--mode", "structural"])
    if comp is None or pair is None or report is None:
        return None, []
    rows = []
    contested = []  # failing chains whose every deciding absence has a doubt in its note
    within = collections.Counter()
    fail_tiers = collections.Counter()
    for c in comp["chains"]:
        finals = c["final_products"]
        closed = sum(1 for f in finals if f["structural_closed"])
        # The deciding absences (`decided_by`, or all of `fails_on` when only their
        # combination keeps a product open), as the report's `rests_on` counts them.
        absent = sorted({s for f in finals for s in (f.get("decided_by") or f["fails_on"])})
        tiers = {st["stage"]: st["tier"] for st in c["stages"]}
        fail_tiers.update(tiers[x] for x in absent)
        no_data = [b["stage"] for b in c["breakpoints"] if b["reason"] == "no_data"]
        for f in finals:
            within[f["closes_within"] or "nowhere in the data"] += 1
        notes = {st["stage"]: (st.get("absence") or {}).get("note", "") for st in c["stages"]}
        doubted = [x for x in absent if any(m in notes.get(x, "") for m in DOUBT_MARKERS)]
        if absent and len(doubted) == len(absent):
            contested.append(c["chain"])
        rows.append([f"`{c['chain']}`", c["verdict"], f"{closed} of {len(finals)}",
                     ", ".join(f"`{x}`" for x in absent) or "–",
                     ", ".join(f"`{x}`" for x in doubted) or "–",
                     ", ".join(f"`{x}`" for x in no_data) or "–",
                     "; ".join(f"{f['stage']}: {f['closes_within'] or 'nowhere in the data'}"
                               for f in finals)])
    table = md_table(["chain", "verdict (structural)", "final products closed",
                      "fails on (recorded absences that decide it)",
                      "of those, a doubt in the absence's note", "unknown breakpoints (no producer in the data)",
                      "closes within"], rows)
    total = comp["total_final_products"]
    # Final-product stages vs distinct products: the same product (same label) can be a final
    # stage of two chains (the battery-electric car: automotive and nev_batteries).
    final_rows = [r for r in read_rows(out_dir, "chains.csv") if r["tier"] == "final_product"]
    by_label = collections.defaultdict(list)
    for r in final_rows:
        by_label[r["label"]].append(f"{r['chain']}/{r['stage']}")
    shared = {lab: ids for lab, ids in by_label.items() if len(ids) > 1}
    finals_unit = (f"{total} final-product stages"
                   + (f" ({len(by_label)} distinct products: "
                      + "; ".join(f"the {re.sub(r' [(][^()]*[)]$', '', lab).lower()} is in "
                                  f"{ {2: 'two', 3: 'three'}.get(len(ids), len(ids))} chains, "
                                  + " and ".join(f"`{i}`" for i in sorted(ids))
                                  for lab, ids in sorted(shared.items())) + ")"
                      if shared else ""))
    errs = []
    if len(final_rows) != total:
        errs.append(f"finding 1: chains.csv has {len(final_rows)} final-product rows, "
                    f"`chainatlas completeness` counts {total}")
    unknown_all = sorted({b["stage"] for c in comp["chains"] for b in c["breakpoints"]
                          if b["reason"] == "no_data"})
    region_closed = within.get("region", 0)
    country = within.get("country", 0)
    signals = pair["signals"]
    present = [s["signal"] for s in signals if s["present"]]
    unassessed = [s["signal"] for s in signals if not s["assessed"]]
    li = {l["layer"]: l for l in pair["link_intensity"]}
    sup = li.get("supply", {})
    ev = {e["evidence"]: e["links"] for e in pair["evidence_between"]}
    between = sum(ev.values())
    absences_ev = collections.Counter()
    with open(os.path.join(out_dir, "absences.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            absences_ev[r["evidence"]] += 1
    n_abs = sum(absences_ev.values())
    # absences the verdicts use: chain/stage rows (a stage absent in two chains counts twice)
    # The deciding ones (`decided_by`, or all of `fails_on` when only their combination
    # decides): an absence an alternative route goes around (cotton, when yarn can be spun
    # from polyester) or that another absence blocks anyway decides no verdict.
    deciding = lambda f: f.get("decided_by") or f["fails_on"]
    used = {f"{c['chain']}/{s}" for c in comp["chains"] for f in c["final_products"]
            for s in deciding(f)}
    around = sorted({f"{c['chain']}/{s}" for c in comp["chains"] for f in c["final_products"]
                     for s in f["fails_on"] if s not in deciding(f)})
    used_names = {u.split("/", 1)[1] for u in used}
    # Chains whose failure rests on the crude-oil modelling choice alone.
    crude_alone = [c["chain"] for c in comp["chains"]
                   if {s for f in c["final_products"] for s in deciding(f)} == {"crude_oil"}]
    with open(os.path.join(out_dir, "absences.csv"), encoding="utf-8") as f:
        ab_rows = list(csv.DictReader(f))
    used_ev = collections.Counter(r["evidence"] for r in ab_rows if r["stage"] in used)
    unused = sorted({r["stage"] for r in ab_rows if r["stage"] not in used})
    above = collections.defaultdict(set)  # chain/stage -> the stages of its chain that use it
    with open(os.path.join(out_dir, "chains.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            for x in filter(None, re.split(r"[;|]", r["inputs"])):
                above[f"{r['chain']}/{x.strip()}"].add(r["stage"])

    def why_unused(u):
        if u in around:
            return (f"`{u}`: the product it feeds is kept open by another absence anyway, or "
                    "an alternative input goes around it")
        absent_above = sorted(a for a in above[u] if f"{u.split('/')[0]}/{a}" in used)
        return (f"`{u}`: the stage it feeds, "
                + ", ".join(f"`{a}`" for a in absent_above) + ", is already absent"
                if absent_above else
                f"`{u}`: no open product's failure runs through it (an alternative input goes "
                "around it)")
    failing = sum(1 for c in comp["chains"] if c["verdict"] == "fails")
    countries = " and ".join(report.get("countries") or []) or "the region's countries"
    abroad = []  # final products closing only with producers abroad, with the stages why
    for c in report["chains"]:
        for d in c.get("dual_cycle") or []:
            if d["closes_within"] == "world":
                why = [m["stage"] for m in d["missing"] if m["nearest"] == "world"]
                abroad.append(f"`{d['final_product']}`: no producer of "
                              + ", ".join(f"`{w}`" for w in why)
                              + f" in {countries} in the data")
    # H3 (local sourcing, claim 4) on all counted supply links and on documented ones only.
    h3_all = collections.Counter(c["verdict"]["tests"][2]["status"] for c in report["chains"])
    h3_doc = collections.Counter(c["verdict"]["documented_only"]["stability"][0]["status"]
                                 for c in report["chains"])
    judged = lambda counter: counter["pass"] + counter["fail"]
    # Judged H3 results that the modeller's estimated or assumed links decide (the report's
    # H3 detail says so: "… so this pass rests on estimated or assumed links").
    h3_soft = [c["chain"] for c in report["chains"]
               if c["verdict"]["tests"][2]["status"] in ("pass", "fail")
               and "rests on estimated or assumed links" in c["verdict"]["tests"][2]["detail"]]
    used_doc = sorted(r["stage"] for r in ab_rows
                      if r["stage"] in used and r["evidence"] == "documented")
    # Two counting units for the deciding absences, as the report counts them: distinct stages
    # (its "evidence: N estimated") and chain/stage rows (the table's rows).
    stage_ev = {e["evidence"]: e["absences"] for e in report["overall"]["absence_evidence"]}
    if (sum(stage_ev.values()) != len(used_names)
            or report["overall"].get("absence_rows", len(used)) != len(used)):
        errs.append(f"finding 1: {len(used_names)} deciding stages in {len(used)} rows, "
                    f"`chainatlas report` counts {sum(stage_ev.values())} in "
                    f"{report['overall'].get('absence_rows')}")
    repeated = sorted(n for n in used_names
                      if sum(1 for u in used if u.split("/", 1)[1] == n) > 1)
    absence_units = (f"{len(used_names)} distinct stages in {len(used)} chain/stage rows"
                     + (f" ({' and '.join(f'`{n}`' for n in repeated)} "
                        + ("decides more than one chain" if len(repeated) == 1 else
                           "each decide more than one chain") + ")" if repeated else "")
                     + (f", all {next(iter(used_ev))}"
                        if len(used_ev) == 1 and list(stage_ev) == list(used_ev) else
                        "; by distinct stage "
                        + ", ".join(f"{n} {k}" for k, n in sorted(stage_ev.items()))
                        + ", by row " + ", ".join(f"{n} {k}" for k, n in sorted(used_ev.items()))))
    pair_lead, pair_tail, pair_facts, pair_errs = pair_sentences(out_dir, pair)
    errs += pair_errs
    bias = search_bias(out_dir)
    gas = gas_h3(out_dir, report)
    errs += caveat_errors(out_dir, pair_facts, bias, gas)
    # H3's upward bias: how the supply links were searched, and the ceramics gas terminal.
    bias_sentence = (
        "H3's local share of recorded supply is biased upward by the search, by an unknown "
        f"amount: {bias['from_known']} of the {bias['supply']} supply links "
        f"({pct(bias['from_known'], bias['supply'])}) have an end that their own folder did not "
        "add (the search started from an organisation already in the data; "
        f"{bias['both_known']} join two such organisations), {bias['from_known_gba']} "
        f"({pct(bias['from_known_gba'], bias['supply'])}) such an end in a GBA city, and "
        f"{bias['firms_gba']} of the {bias['firms']} organisations "
        f"({pct(bias['firms_gba'], bias['firms'])}) are in GBA cities")
    if gas and gas["gas_links"] and gas["status"] in ("pass", "fail"):
        gas_ev = gas["gas_evidence"]
        bias_sentence += (
            f"; `{gas['chain']}`'s {100 * gas['local_share']:.1f}% local rests on "
            f"{gas['gas_links']} of its {gas['links']} counted links, "
            + (f"{next(iter(gas_ev))} " if len(gas_ev) == 1 else "")
            + "deliveries of natural gas from "
            + ("one terminal (" + ", ".join(f"`{p}`" for p in gas["producers"]) + ")"
               if len(gas["producers"]) == 1 else f"{len(gas['producers'])} producers")
            + (" (" + ", ".join(f"{n} {k}" for k, n in sorted(gas_ev.items())) + ")"
               if len(gas_ev) > 1 else "")
            + "; see \"Crude oil and natural gas\"")
    bias_sentence += ". "
    unknown_rows = [f"{c['chain']}/{b['stage']}" for c in comp["chains"]
                    for b in c["breakpoints"] if b["reason"] == "no_data"]
    n_unknown_rows = len(unknown_rows)
    findings = [
        "1. **Complete from raw materials? No, "
        + ("mostly " if used_doc else "") + "on estimated evidence:** "
        + (f"every chain ({failing} of {failing}) needs" if failing == len(comp["chains"])
           else f"{failing} of {len(comp['chains'])} chains "
           + ("needs" if failing == 1 else "need"))
        + " inputs (tier " + or_join([f"`{t}`" for t in tier_order(fail_tiers)])
        + ") that the sources of `absences.csv` place outside the GBA; "
        + (("only " + str(len(used_doc)) + " of the absences the verdicts use "
            + ("is" if len(used_doc) == 1 else "are") + " documented ("
            + ", ".join(f"`{u}`" for u in used_doc) + "): ")
           if used_doc else "none of the absences the verdicts use is documented: ")
        + absence_units + ". "
        f"{comp['closed_final_products']} of {finals_unit} close from producers in the "
        f"region (structural closure; verdict `{comp['verdict']}`). "
        + bought_in_sentence(comp)
        + "With producers anywhere in "
        f"the data, {region_closed} close within the GBA and {country} of the {total} within "
        f"{countries} (the domestic cycle)"
        + (f"; the other {within.get('world', 0)} "
           + ("closes" if within.get("world") == 1 else "close")
           + " only with producers abroad in the data ("
           + "; ".join(abroad) + ")" if within.get("world") else "")
        + (f"; {within['nowhere in the data']} close nowhere in the data"
           if within.get("nowhere in the data") else "")
        + f". `absences.csv` has {n_abs} rows ("
        + ", ".join(f"{n} {k}" for k, n in sorted(absences_ev.items()))
        + ")" + (f"; {len(unused)} of them ("
                 + "; ".join(why_unused(u) for u in unused)
                 + (") decides no verdict" if len(unused) == 1 else ") decide no verdict")
                 if unused else "")
        + (f". Stages with no producer in the GBA in the data ({len(unknown_all)} distinct "
           f"stages in {n_unknown_rows} chain/stage rows, the table's unknown column, e.g. "
           f"{', '.join(f'`{x}`' for x in unknown_all[:3])}) are unknown, "
           "not absent: a survey could still close or break those chains there."
           if unknown_all else ".")
        + "".join(f" `{c}` fails on crude oil alone, whose absence is a modelling choice (crude "
                  "counts where it is extracted, offshore, while gas from the same fields counts "
                  "at its onshore terminal; see \"Crude oil and natural gas\")."
                  for c in crude_alone),
        f"2. **Guangzhou–Foshan complementarity is `{pair['verdict']}`.** "
        f"{pair['signal_count']} of 4 signals present ({', '.join(present) or 'none'}), "
        f"{len(unassessed)} not assessable ({', '.join(unassessed) or 'none'}). Supply links "
        f"run Foshan→Guangzhou {sup.get('links_b_to_a', 0)} and Guangzhou→Foshan "
        f"{sup.get('links_a_to_b', 0)}; of the {between} links between the two cities "
        + ", ".join(f"{n} are {k}" for k, n in ev.items() if n)
        + pair_lead + pair_tail
        + (". Joint gain cannot show: no final product closes in the two cities together, nor "
           "anywhere in the GBA (each final product lacks a stage with a GBA producer in the data)"
           if "joint_gain" in unassessed else "")
        + (". Employment is known for too few firms to compute functional specialisation."
           if "functional_specialisation" in unassessed else "."),
        f"3. **The evidence is thin where the article's claims need it most.** Realised "
        f"closure (recorded local trade) closes {sum(1 for c in comp['chains'] for f in c['final_products'] if f['closed'])} "
        f"of the {total} final-product stages; "
        + (f"the verdicts rest on absences that are all `{'`, `'.join(sorted(used_ev))}`, so "
           "counting only documented links and absences leaves every failing chain undetermined"
           if not used_doc else
           "the verdicts rest on absences that are `estimated` except "
           + ", ".join(f"`{u}`" for u in used_doc) + " (`documented`), so counting only "
           "documented links and absences leaves undetermined every failing chain whose "
           "failure needs an estimated absence")
        + f". The local-sourcing test of claim 4 (H3) is judged in {judged(h3_all)} of "
        f"{len(report['chains'])} chains ({h3_all['pass']} pass, {h3_all['fail']} fail) on every "
        f"counted supply link, but in {judged(h3_doc)} on documented links alone (the others "
        "have fewer than 5)"
        + (f"; in {len(h3_soft)} of the {judged(h3_all)} ({', '.join(f'`{c}`' for c in h3_soft)}) "
           "the result rests on estimated or assumed links: on documented and reported links "
           "alone it would differ or could not be judged" if h3_soft else "")
        + ". " + bias_sentence
        + fusion_sentence(report)
        + dated_sentence(binary, out_dir, report)
        + " The next survey should document the absences and the supplier "
        "relations, not only add producers.",
    ]
    status = collections.Counter(st["status"] for c in comp["chains"] for st in c["stages"])
    n_stages = sum(status.values())
    names_in = collections.defaultdict(set)  # status -> distinct stage names
    for c in comp["chains"]:
        for st in c["stages"]:
            names_in[st["status"]].add(st["stage"])
    n_names = len({st["stage"] for c in comp["chains"] for st in c["stages"]})
    status_line = (f"Stage status in the GBA over the {n_stages} chain/stage rows of the "
                   f"{len(comp['chains'])} chains ({n_names} distinct stages: a stage in several "
                   "chains is one row per chain; distinct stages in brackets): "
                   f"{status['present']} present ({len(names_in['present'])}), "
                   f"{status['absent']} absent (a recorded absence applies; "
                   f"{len(names_in['absent'])}), {status['unknown']} unknown "
                   f"({len(names_in['unknown'])}; {100 * status['unknown'] / n_stages:.1f}% of "
                   "the rows; issue 16's target is at most 10%"
                   + ("; iron and copper ore are unknown since a provincial mining plan put two "
                      "of Zhaoqing's counties among its iron and copper mining areas, see "
                      "\"Recorded absences\")" if status["unknown"] * 10 > n_stages else ")")
                   + ".\n\n")
    # Counting units of the table, stated once: chain/stage rows and distinct stages.
    state = {f"{c['chain']}/{st['stage']}": st["status"] for c in comp["chains"]
             for st in c["stages"]}
    no_break = sorted(u for u, v in state.items() if v == "unknown" and u not in unknown_rows)

    def why_no_break(u):
        chain = u.split("/")[0]
        if all(state.get(f"{chain}/{a}") != "present" for a in above[u]):
            return "every stage it feeds is itself missing, so the walk from the final products stops above it"
        return "it sits in an OR-group whose other member is closed"
    units_line = (
        "Counting units: the table has one row per chain, so a stage missing in several chains "
        f"is counted once per chain. Its \"fails on\" column holds {len(used)} chain/stage rows "
        f"({len(used_names)} distinct stages), its unknown column {n_unknown_rows} chain/stage "
        f"rows ({len(unknown_all)} distinct stages). Of the {status['unknown']} unknown chain/stage "
        f"rows above ({len(names_in['unknown'])} distinct stages), "
        + (f"{len(no_break)} " + ("is" if len(no_break) == 1 else "are") + " not in the table ("
           + "; ".join(f"`{u}`: {why_no_break(u)}" for u in no_break) + ")."
           if no_break else "all are in the table."))
    if status["unknown"] != n_unknown_rows + len(no_break):
        errs.append(f"finding 1: {status['unknown']} unknown rows, {n_unknown_rows} breakpoints "
                    f"and {len(no_break)} others")
    return ("## What the data says (computed by `chainatlas` when this README was built)\n\n"
            + status_line
            + "Verdict per chain (structural closure: producers exist in the region):\n\n"
            + table + "\n\n" + units_line
            + (" A doubt column entry means the absence's own note records a page that "
               "contradicts it in part, a part of the stage not checked, or what is not "
               "excluded (`DOUBT_MARKERS` in `build.py`); "
               + ", ".join(f"`{c}`" for c in contested)
               + (" fails" if len(contested) == 1 else " fail")
               + " only on such absences, so "
               + ("its verdict is" if len(contested) == 1 else "their verdicts are")
               + " the most open to a finding either way." if contested else "")
            + "\n\nThree findings for a memo (figures from `chainatlas completeness "
            "--mode structural` and `chainatlas complement --mode structural` on this folder, "
            "the two analyses `chainatlas report` runs in structural mode; `complement` alone "
            "defaults to realised closure):\n\n"
            + "\n".join(findings) + "\n"), errs


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=DEFAULT_DATA,
                    help="fact-base folder (default: datasets/gba/facts/base)")
    ap.add_argument("--facts", default=FACTS,
                    help="folder of topic folders (default: datasets/gba/facts)")
    ap.add_argument("--out", default=HERE, help="output folder (default: this script's folder)")
    ap.add_argument("--chainatlas", default=CHAINATLAS,
                    help="binary whose `check` warnings the README counts (default: "
                         "target/release/chainatlas; skipped when absent)")
    ap.add_argument("--check", action="store_true", help="print the self-check summary")
    args = ap.parse_args()
    city_rows, chains, firm_rows, links, dropped, absences, topics, merge_errs = build(
        args.data, args.facts, args.out)
    errs = merge_errs + check(city_rows, chains, firm_rows, links, absences)
    gba = {c["city"] for c in city_rows if c["region"] == "GBA"}
    errs += raw_rule_errors([f for f in firm_rows if f["city"] in gba], chains)
    warnings = None
    if not errs:  # the README's tables assume resolved references
        warnings = chainatlas_warnings(args.chainatlas, args.out)
        report = chainatlas_json(args.chainatlas, ["report", args.out])
        findings, finding_errs = (chainatlas_findings(args.chainatlas, args.out, report)
                                  if report else (None, []))
        errs += finding_errs
        write_readme(os.path.join(args.out, "README.md"), city_rows, chains, firm_rows, links,
                     dropped, absences, topics, warnings, findings, report, args.chainatlas)
    for e in errs:
        print("error:", e, file=sys.stderr)
    gba = {c["city"] for c in city_rows if c["region"] == "GBA"}
    print(f"cities {len(city_rows)} | stages {len(chains)} | firms {len(firm_rows)} "
          f"(GBA {sum(1 for f in firm_rows if f['city'] in gba)}) | links {len(links)} "
          f"| topic folders {len(topics)} | fact-base relations not written {len(dropped)} "
          f"| errors {len(errs)}")
    if warnings is not None:
        print(f"chainatlas check: {warnings[0]} errors, "
              + ", ".join(f"{n} {k}" for k, n in sorted(warnings[1].items())) + " warnings")
    if args.check:
        for r, why in dropped:
            print(f"  not written: {r['source_id']} -> {r['target_id']} ({r['chain']}): {why}")
    sys.exit(1 if errs else 0)


if __name__ == "__main__":
    main()
