"""A small sample of news-like prose, written for this project, that the synthetic
corpus generator learns from when it is given no real texts. It has the shape of market
news (numbers, percentages, quarters, currencies, attributions) and names no company:
the generator puts the universe's names in itself."""

from __future__ import annotations

__all__ = ["FALLBACK_TEXTS"]

_EN = """\
Shares rose 3.2% in early trading on Tuesday after the company reported revenue above analyst estimates.
The chipmaker said demand from data center customers remained strong through the first quarter.
Net income for the three months ended March 31 was $1.8 billion, up from $1.1 billion a year earlier.
Analysts at several brokerages raised their price targets, citing higher margins and a larger order backlog.
The stock has gained 41% so far this year, outpacing the broader market.
Management expects second-quarter sales of between $6.2 billion and $6.6 billion.
Investors were cautious ahead of the central bank meeting, and trading volumes were light.
The company plans to spend about $4 billion on new factories over the next two years.
Its shares fell 5.7% in after-hours trading after it cut its full-year outlook.
The retailer blamed weaker consumer spending and higher shipping costs for the shortfall.
Gross margin narrowed to 38.4% from 41.0% in the same period last year.
The board approved a share buyback of up to $10 billion and raised the quarterly dividend by 8%.
Regulators in Europe opened an investigation into the proposed acquisition on Monday.
The deal, valued at roughly $12 billion including debt, is expected to close in the second half.
Revenue from the cloud division grew 28% year over year to $9.3 billion.
The index closed 0.6% higher, led by technology and energy stocks.
Bond yields edged up as traders weighed new inflation data.
The automaker delivered 412,000 vehicles in the quarter, slightly fewer than expected.
Executives told analysts on a conference call that pricing pressure would ease later in the year.
The company said it would cut about 4% of its workforce as part of a restructuring plan.
Operating profit rose to 2.6 billion euros, helped by cost savings and a weaker currency.
The bank set aside more money for possible loan losses as commercial property values fell.
Earnings per share came in at $2.14, compared with a consensus estimate of $1.97.
The shares hit a record high before giving back some gains late in the session.
Supply constraints are expected to limit shipments until the new plant starts production next year.
"""

_ZH = """\
公司周二公布一季度业绩，营业收入同比增长百分之二十三，超出市场预期。
受此消息影响，公司股价早盘上涨百分之四点五，成交额明显放大。
报告期内实现归属于上市公司股东的净利润十八亿元，较上年同期增长三成。
多家券商上调了公司的目标价，认为毛利率改善和订单增长将持续。
今年以来该股累计上涨百分之四十一，跑赢大盘。
公司预计第二季度销售额在六十亿元至六十五亿元之间。
市场人士表示，投资者在央行议息会议前保持谨慎，成交量有所萎缩。
公司计划在未来两年投入约四十亿元建设新工厂。
盘后交易中公司股价下跌百分之五点七，此前公司下调了全年业绩指引。
管理层在电话会议上表示，价格压力有望在下半年缓解。
董事会批准了不超过一百亿元的股份回购计划，并提高季度分红。
沪深三百指数收涨百分之零点六，科技和能源板块领涨。
该行增加了贷款损失准备，以应对商业地产价格下跌带来的风险。
公司表示将裁减约百分之四的员工，作为重组计划的一部分。
新工厂投产前，供应紧张预计将限制出货量。
"""



def _stories(text: str, joiner: str, per_story: int = 5) -> list[str]:
    lines = text.strip().split("\n")
    return [joiner.join(lines[i : i + per_story]) for i in range(0, len(lines), per_story)]


FALLBACK_TEXTS: tuple[str, ...] = (*_stories(_EN, " "), *_stories(_ZH, ""))
