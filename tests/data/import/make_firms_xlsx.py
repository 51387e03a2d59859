"""Writes firms.xlsx, the spreadsheet fixture of tests/import.rs: an enterprise-database
style firm list (hypothetical firms; the figures are illustrative) with a title row above
Chinese headers, free-text 经营范围, 万/亿 numbers, "-" for unknown, a number stored as a
number, a blank row and a repeated firm.

Run from this folder: python3 make_firms_xlsx.py (needs openpyxl: pip install openpyxl).
The document timestamps are fixed; the zip entries' are not, so the bytes may differ per
run, the cells never.
"""

import datetime

from openpyxl import Workbook

book = Workbook()
sheet = book.active
sheet.title = "企业名单"
sheet.append(["企业名单导出（示例数据，企业为虚构）"])
sheet.append(["企业名称", "统一社会信用代码", "所在城市", "国标行业", "经营范围", "参保人数", "营业收入", "注册资本"])
sheet.append(["甲正极材料有限公司", "91440600000000001A", "佛山市", "C3985 电子专用材料制造", "正极材料的研发、生产、销售", "1.2万", "3.5亿", "1000万人民币"])
sheet.append(["乙电池科技有限公司", "91440100000000002B", "广州", "C3841 锂离子电池制造", "电芯、电池模组的生产", "3,500", "12,000万元", "-"])
sheet.append(["丙新能源有限公司", "-", "佛山", "", "电池包及电池系统的组装", "-", "2.5亿元", "—"])
sheet.append(["丁贸易有限公司", "91440600000000004D", "佛山市", "F5179 其他机械设备及电子产品批发", "销售正极材料；电子产品批发", "12人", 800, "N/A"])
sheet.append([])
sheet.append(["乙电池科技有限公司", "91440100000000002B", "广州市", "C3841 锂离子电池制造", "电芯", "3500", "1.2亿", ""])
book.properties.created = datetime.datetime(2026, 1, 1)
book.properties.modified = datetime.datetime(2026, 1, 1)
book.save("firms.xlsx")
