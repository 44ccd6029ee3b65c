"""A checklist of a county of our own (not the demo district) for the planning tests."""

# A county of our own, not the demo's: 区 prefix, 委 and 办 bodies, one alias, one town.
COUNTY = """id = "cuihu-test"
title = "青州市翠湖区政府信息公开检查清单"
district = "青州市翠湖区"
district_short = "翠湖区"
department_prefix = "区"
extends = "regulations-2019"

[[departments]]
name = "区统计局"

[[departments]]
name = "区发改委"

[[departments]]
name = "区人社局"

[[departments]]
name = "区卫健委"
aliases = ["翠湖区卫生健康委员会"]

[[departments]]
name = "区水利局"

[[departments]]
name = "区审计局"

[[departments]]
name = "区外事办"

[[departments]]
name = "白沙镇"
aliases = ["白沙镇人民政府"]
"""
