"""The portal of the demo county (示例县): a dozen articles across the channels, written by the staff
account and reviewed and published by the leader through ``renda.portal.services``.

Deterministic and idempotent (an article whose title already exists in the county is skipped). Past
articles are written and published at their own earlier "now" with the demo clock of
``renda.demo.suggestions`` (``django.utils.timezone.now`` patched inside the loader only), so their
publication times and audit events carry those dates; one notice is scheduled a few days ahead and
one news item is a draft the leader sent back with a note.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from .suggestions import _real_now, demo_clock
from .units import COUNTY_CONGRESS


@dataclass(frozen=True)
class ArticleSpec:
    channel: str
    title: str
    summary: str
    paragraphs: tuple[str, ...]
    # when: an absolute date, or days before today; ``ahead`` = days after today (scheduled)
    on: dt.date | None = None
    days_ago: int = 0
    ahead: int = 0
    draft_note: str = ""  # a draft returned by the leader with this note


def _html(paragraphs: tuple[str, ...]) -> str:
    out = []
    for p in paragraphs:
        if p.startswith("## "):
            out.append(f"<h3>{p[3:]}</h3>")
        else:
            out.append(f"<p>{p}</p>")
    return "\n".join(out)


A = ArticleSpec
ARTICLES: list[ArticleSpec] = [
    A(
        "news",
        "县十八届人大常委会召开第二十六次会议",
        "会议听取审议县人民政府关于代表建议办理情况的报告和关于农村饮水安全工作情况的报告,表决通过有关人事任免事项。",
        (
            "近日,示例县第十八届人大常委会第二十六次会议在县人大常委会会议室举行。县人大常委会主任马德福主持会议,"
            "常委会副主任、委员出席会议,县人民政府、县监察委员会、县人民法院、县人民检察院负责同志和部分县人大代表列席会议。",
            "会议听取审议了县人民政府关于2026年度人大代表建议、批评和意见办理情况的报告,关于全县农村饮水安全巩固提升工作"
            "情况的报告,以及县人大常委会执法检查组关于检查《中华人民共和国食品安全法》实施情况的报告。",
            "会议指出,今年以来承办单位坚持办前、办中、办后与代表沟通,代表建议办理质量明显提高。会议要求,要把解决问题作为"
            "办理工作的核心,对答复为“正在解决”和“列入计划解决”的建议加强跟踪督办,确保承诺事项落到实处;对代表测评"
            "不满意的建议,要重新研究办理,切实提高代表满意度。",
            "会议表决通过了有关人事任免事项。",
        ),
        days_ago=25,
    ),
    A(
        "news",
        "县人大常委会开展食品安全法执法检查",
        "执法检查组深入城关镇、东坝镇、红湾镇的学校食堂、农贸市场和食品生产企业,实地检查食品安全法贯彻实施情况。",
        (
            "为推动食品安全法在我县全面有效实施,县人大常委会组成执法检查组,于9月中旬对全县贯彻实施食品安全法情况"
            "开展执法检查。",
            "检查组先后深入城关镇、东坝镇、红湾镇的6所学校食堂、3个农贸市场和4家食品生产企业,采取听取汇报、查阅资料、"
            "随机抽查、座谈交流等方式,重点检查了校园食品安全、农村集体聚餐管理、食用农产品快检等情况。",
            "检查组指出,我县食品安全监管体系逐步健全,“明厨亮灶”覆盖率达到95%以上,但仍存在基层监管力量薄弱、"
            "小作坊小摊贩管理不够规范、农村地区食品安全意识有待提高等问题。检查组要求,要压紧压实食品安全属地管理责任"
            "和企业主体责任,加强基层监管能力建设,以“零容忍”的态度严厉打击食品安全违法行为。",
            "执法检查报告将提请县人大常委会会议审议。",
        ),
        days_ago=62,
    ),
    A(
        "news",
        "县人大常委会领导督办重点代表建议",
        "马德福主任带队到县教育局、县卫生健康局督办寄宿制学校冬季供暖、牧区包虫病防治等重点建议。",
        (
            "为推动重点代表建议办理落实,县人大常委会主任马德福带领常委会有关工作委员会负责同志,深入县教育局、"
            "县卫生健康局,实地督办乡镇寄宿制学校冬季供暖、牧区包虫病防治等重点建议的办理工作。",
            "督办组一行察看了北山乡寄宿制学校锅炉房和学生宿舍,听取了承办单位办理工作情况汇报,与领衔代表进行了"
            "面对面交流。马德福指出,重点建议反映的都是群众急难愁盼的问题,承办单位要倒排工期、挂图作战,"
            "赶在供暖季前完成改造任务;对确因客观原因不能按期办结的,要如实向代表说明情况,依法申请延期。",
        ),
        days_ago=35,
    ),
    A(
        "news",
        "全县各代表联络站开展“人大代表接待日”活动",
        "各级人大代表走进联络站,面对面听取群众意见建议,现场解答和登记群众反映的问题。",
        (
            "本月15日是全县“人大代表接待日”。县乡两级人大代表分别走进城关镇、东坝镇、西河镇等10个人大代表联络站,"
            "面对面接待选民群众,听取意见建议。",
            "接待日当天,各联络站共接待群众136人次,收集意见建议48条,内容涉及农村道路、饮水安全、医疗养老、"
            "草原生态保护等方面。对能够当场解答的,代表现场解释说明;对需要有关部门办理的,联络站登记后转交办理,"
            "并在规定时限内向群众反馈办理结果。",
            "群众可通过本网站“代表联络站”栏目查询各联络站地址和接待日安排,也可扫描联络站二维码在线提交意见。",
        ),
        days_ago=8,
    ),
    A(
        "notice",
        "关于开展第四季度“人大代表集中接待日”活动的通知",
        "定于本季度每月15日在全县各人大代表联络站开展代表集中接待活动,欢迎广大群众前来反映意见建议。",
        (
            "各乡镇人大,各代表小组,各人大代表联络站:",
            "为进一步密切人大代表同人民群众的联系,经县人大常委会主任会议研究,决定在第四季度开展“人大代表集中接待日”"
            "活动。现将有关事项通知如下:",
            "## 一、时间地点",
            "每月15日(遇节假日顺延)上午9:00—11:30,在全县各人大代表联络站进行。",
            "## 二、参加人员",
            "驻站的县、乡两级人大代表,每次安排不少于2名代表进站接待。",
            "## 三、工作要求",
            "各联络站要提前3天在站点公示栏和本网站公布接待代表名单;对群众反映的问题要逐件登记、分类交办、"
            "限时反馈,办理结果及时向群众回复。",
            "特此通知。",
        ),
        days_ago=20,
    ),
    A(
        "notice",
        "示例县人大常委会关于公开征集2027年度监督工作议题的公告",
        "面向社会公开征集2027年度县人大常委会听取审议专项工作报告、执法检查、专题询问等监督工作议题。",
        (
            "为增强监督工作的针对性和实效性,使常委会监督工作更好地反映人民群众意愿,现面向社会公开征集2027年度"
            "县人大常委会监督工作议题。",
            "## 一、征集内容",
            "关系全县改革发展稳定大局和群众切身利益、社会普遍关注的重大问题,包括需要听取审议的专项工作报告、"
            "需要开展执法检查的法律法规、需要开展专题询问和专题调研的事项等。",
            "## 二、征集方式",
            "请于12月31日前通过本网站“意见征集”栏目、各人大代表联络站或信函方式提出,信函请寄县人大常委会办公室"
            "(城关镇人民路1号),并注明“监督议题建议”。",
            "欢迎社会各界积极参与。",
        ),
        ahead=3,
    ),
    A(
        "gazette",
        "示例县第十八届人民代表大会第五次会议公报",
        "示例县第十八届人民代表大会第五次会议于2025年2月18日至20日在县城召开。",
        (
            "示例县第十八届人民代表大会第五次会议于2025年2月18日至20日在县城召开。会议应到代表168名,实到代表161名,"
            "符合法定人数。",
            "会议听取和审议了县人民政府工作报告、关于2024年国民经济和社会发展计划执行情况与2025年计划草案的报告、"
            "关于2024年财政预算执行情况与2025年财政预算草案的报告,听取和审议了县人大常委会工作报告、"
            "县人民法院工作报告和县人民检察院工作报告,分别作出相应决议。",
            "会议期间,代表们围绕全县经济社会发展和群众关心的热点难点问题,提出建议、批评和意见,"
            "会后由县人大常委会交有关机关和组织研究办理,并在本网站公开办理情况。",
            "会议号召,全县各族人民紧密团结,凝心聚力,为推动示例县高质量发展而努力奋斗。",
        ),
        on=dt.date(2025, 2, 21),
    ),
    A(
        "gazette",
        "示例县人大常委会公报(2026年第3号)",
        "刊载县十八届人大常委会第二十六次会议审议通过的决议、审议意见和人事任免事项。",
        (
            "## 目录",
            "一、示例县人民代表大会常务委员会关于批准2025年县级财政决算的决议",
            "二、县人大常委会对县人民政府关于代表建议办理情况报告的审议意见",
            "三、县人大常委会执法检查组关于检查《中华人民共和国食品安全法》实施情况的报告",
            "四、示例县人民代表大会常务委员会任免名单",
            "## 说明",
            "本公报刊载的决议、审议意见与正式文件具有同等效力。审议意见交县人民政府研究处理,"
            "研究处理情况于两个月内书面报告县人大常委会。",
        ),
        days_ago=18,
    ),
    A(
        "rules",
        "示例县人大常委会关于人大代表建议、批评和意见办理工作的规定",
        "规范代表建议的提出、审查交办、办理答复、满意度测评、督办和公开,提高代表建议办理质量。",
        (
            "(2024年3月28日示例县第十八届人民代表大会常务委员会第十四次会议通过)",
            "## 第一章 总则",
            "第一条 为了规范县人民代表大会代表建议、批评和意见(以下简称代表建议)的办理工作,保障代表依法履职,"
            "根据《中华人民共和国全国人民代表大会和地方各级人民代表大会代表法》和有关法律法规,结合本县实际,制定本规定。",
            "第二条 代表建议的办理工作应当坚持实事求是、注重实效,把解决问题作为办理工作的核心,"
            "把建议提出问题的实际办结率作为检验办理工作的硬指标。",
            "## 第二章 提出和交办",
            "第三条 代表建议应当一事一议,内容具体,有事实根据,表述简明。代表可以个人或者联名提出建议。",
            "第四条 县人大常委会代表工作委员会对代表建议进行审查。属于涉及个人私事、正在诉讼或者超出本级职权范围等情形的,"
            "不作为代表建议交办,并向代表说明理由;内容笼统的,退回代表修改后重新提出。",
            "第五条 代表建议由县人大常委会交有关机关和组织办理。涉及多个单位的,明确主办单位和协办单位。"
            "承办单位认为不属于本单位职责的,应当在收到之日起七个工作日内申请退回,不得自行转办。",
            "## 第三章 办理和答复",
            "第六条 承办单位应当自交办之日起三个月内办理完毕并书面答复代表;情况复杂不能按期办结的,"
            "经批准可以延期,但最长不超过六个月。",
            "第七条 承办单位应当在办前、办中、办后与代表沟通,听取代表意见;答复应当由单位主要负责人签发。",
            "第八条 答复分为A类(所提问题已经解决或者基本解决)、B类(正在解决或者列入计划解决)、"
            "C类(因条件限制暂时不能解决)、D类(留作参考)。对B类、C类答复,承办单位应当跟踪落实并再次答复。",
            "## 第四章 测评和督办",
            "第九条 代表对答复进行满意度测评,分为满意、基本满意、不满意。代表不满意的,承办单位应当在一个月内重新办理并答复。",
            "第十条 推行县人大常委会主任会议成员牵头督办、县人民政府领导领办重点建议制度。"
            "重点建议由常委会领导带队督办,跟踪办理全过程。",
            "## 第五章 公开",
            "第十一条 人大代表建议内容及办理情况向社会公开,但涉及国家秘密、商业秘密和个人隐私的除外。"
            "公开内容包括代表姓名、建议内容、承办单位及负责人、督办单位及负责人、办理方案和办理结果。",
            "## 第六章 附则",
            "第十二条 本规定自通过之日起施行。",
        ),
        on=dt.date(2024, 3, 29),
    ),
    A(
        "report",
        "关于2025年县人大代表建议、批评和意见办理情况的报告",
        "2025年代表建议已全部办理答复,代表满意和基本满意率保持较高水平。",
        (),  # filled in from the year's figures when the suggestions demo is loaded
        on=dt.date(2025, 12, 26),
    ),
    A(
        "news",
        "县人大常委会召开代表建议交办会",
        "将县十八届人大五次会议期间代表提出的建议集中交县人民政府及有关部门办理。",
        (
            "3月上旬,县人大常委会召开代表建议交办会,将县十八届人大五次会议期间代表提出的建议集中交由县人民政府"
            "及有关部门办理。",
            "会议要求,各承办单位要认真落实办理责任制,主要负责同志亲自研究、亲自督办、亲自签发答复;"
            "要坚持办前、办中、办后与代表沟通,在规定时限内书面答复代表,答复内容将在本网站公开,接受社会监督。",
        ),
        on=dt.date(2025, 3, 7),
    ),
    A(
        "news",
        "县人大常委会调研全县农村饮水安全工作",
        "调研组深入东坝镇、西河镇,实地察看农村供水工程运行管护情况。",
        (
            "为做好听取和审议县人民政府关于农村饮水安全巩固提升工作情况的报告的准备工作,县人大常委会组成调研组,"
            "深入东坝镇、西河镇实地调研。",
            "调研组察看了集中供水工程和水质检测室,与镇村干部和群众座谈。",
        ),
        days_ago=5,
        draft_note="请补充调研发现的主要问题和下一步建议,配发现场图片后再送审。",
    ),
]


def _report_paragraphs(county: Any) -> tuple[str, ...]:
    """The 2025 report, with the year's own figures when the demo suggestions exist."""
    from renda.cases.models import Rating, Reply
    from renda.cases.selectors import percent_places
    from renda.core import numbers

    replies = Reply.objects.filter(case__congress=county, case__kind="suggestion", case__year=2025)
    total = replies.values("case").distinct().count()
    by_class = {c: replies.filter(classification=c).values("case").distinct().count() for c in "ABCD"}
    ratings = Rating.objects.filter(case__congress=county, case__kind="suggestion", case__year=2025)
    passed = ratings.exclude(value="dissatisfied").count()
    rate = numbers.percent_text(passed, ratings.count(), percent_places(county.pk))  # 四舍五入
    return (
        "——2025年12月26日在县十八届人大常委会第二十四次会议上",
        "主任、各位副主任、各位委员:",
        "县十八届人大五次会议期间和闭会期间,县人大代表共提出建议、批评和意见,经审查立案后交县人民政府及有关部门办理。"
        f"截至目前,已办理答复{total}件。其中,所提问题已经解决或者基本解决的(A类){by_class['A']}件,"
        f"正在解决或者列入计划解决的(B类){by_class['B']}件,因条件限制暂时不能解决的(C类){by_class['C']}件,"
        f"留作参考的(D类){by_class['D']}件。代表对答复的满意和基本满意率为{rate}。",
        "## 一、主要做法",
        "一是坚持集中交办,明确主办、协办单位和办理时限;二是坚持沟通协商,承办单位普遍做到办前、办中、办后与代表沟通;"
        "三是坚持重点督办,常委会主任会议成员牵头督办校车安全、草原生态保护、乡村旅游等重点建议;"
        "四是坚持公开透明,代表建议和办理结果在本网站公开。",
        "## 二、存在的问题",
        "部分承办单位重答复、轻落实,B类、C类答复的后续跟踪还不够;个别建议办理超过期限;"
        "少数答复针对性不强,代表测评为不满意。",
        "## 三、下一步工作",
        "将建议提出问题的实际解决率作为检验办理工作的硬指标,加强对列入计划解决事项的跟踪督办,"
        "对测评不满意的建议督促重新办理,推动代表建议办理工作提质增效。",
    )


def load_portal_demo() -> dict[str, int]:
    """Create the demo articles that are missing. Returns counts of what was created."""
    from renda.core.models import Congress, User
    from renda.portal import services as svc
    from renda.portal.models import Article

    counts: Counter = Counter({"articles": 0})
    county = Congress.objects.filter(name=COUNTY_CONGRESS).first()
    staff = User.objects.filter(username="staff").first()
    leader = User.objects.filter(username="leader").first()
    if county is None or staff is None or leader is None:
        return dict(counts)
    existing = set(Article.objects.filter(congress=county).values_list("title", flat=True))
    today = timezone.localdate(_real_now())
    zone = timezone.get_default_timezone()
    with demo_clock() as clock:
        for spec in ARTICLES:
            if spec.title in existing:
                continue
            day = spec.on or today - dt.timedelta(days=spec.days_ago)
            written = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 30)), zone)
            paragraphs = spec.paragraphs or _report_paragraphs(county)
            with transaction.atomic():
                clock.set(written - dt.timedelta(days=1))
                article = svc.article_create(
                    actor=staff,
                    congress=county,
                    channel=spec.channel,
                    title=spec.title,
                    summary=spec.summary,
                    body=_html(paragraphs),
                )
                clock.set(written - dt.timedelta(hours=20))
                svc.article_submit(actor=staff, article=article)
                clock.set(written)
                if spec.draft_note:
                    svc.article_return(actor=leader, article=article, note=spec.draft_note)
                elif spec.ahead:
                    publish_at = timezone.make_aware(
                        dt.datetime.combine(today + dt.timedelta(days=spec.ahead), dt.time(9, 0)), zone
                    )
                    svc.article_publish(actor=leader, article=article, publish_at=publish_at)
                else:
                    svc.article_publish(actor=leader, article=article)
            clock.release()
            counts["articles"] += 1
    return dict(counts)
