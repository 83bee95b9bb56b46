"""Small maps written in Arabic, Chinese and Cyrillic (with a long quote, paragraphs and a locator):
what a reader of those languages must find word for word in every export."""

from __future__ import annotations

from argmap.model import ArgumentMap, Card, Cite, MapInfo, Relation, Source

TEXTS = {
    "arabic": {
        "title": "هل ينبغي تمويل حركة مقاومة أوكرانية؟",
        "position": "ينبغي للولايات المتحدة أن تمول وتدرب وتسلح مقاومة أوكرانية طويلة الأمد.",
        "tag": "أوكرانيا طلبت المال",
        "argument": "تسليح المقاتلين يجعل الولايات المتحدة طرفا في الحرب.\n\nوهذا خطر كبير على الحلفاء.",
        "quote": (
            "قال أمين مجلس الأمن القومي إن الحكومة قررت تخصيص أموال إضافية لتنظيم حركة المقاومة "
            "في المناطق المحتلة، وإن المتطوعين سيتلقون التدريب والسلاح في الأسابيع المقبلة، "
            "وإن هذا القرار جاء بعد مشاورات طويلة مع الشركاء الغربيين حول كلفة الحرب ومدتها."
        ),
        "by": "أوليكسي دانيلوف",
        "at": "الفقرة 8",
    },
    "chinese": {
        "title": "美国是否应资助乌克兰抵抗运动？",
        "position": "美国应当资助、训练并武装一支长期的乌克兰抵抗力量，以便在被占领地区持续牵制对手。",
        "tag": "乌克兰请求资金",
        "argument": "武装游击队可能使美国成为交战方。\n\n盟友也会因此承担更大的风险，第三段说明了代价。",
        "quote": (
            "国家安全委员会秘书表示，政府已决定拨出额外资金，用于在被占领地区组织抵抗运动，"
            "志愿者将在未来几周内接受训练并获得武器，这一决定是在与西方伙伴就战争的代价和持续时间"
            "进行长时间磋商之后作出的。"
        ),
        "by": "达尼洛夫",
        "at": "第8段",
    },
    "cyrillic": {
        "title": "Должны ли США финансировать украинское движение сопротивления?",
        "position": "США должны финансировать, обучать и вооружать долгосрочное украинское сопротивление.",
        "tag": "Украина просила денег",
        "argument": "Вооружение партизан делает США стороной войны.\n\nЭто риск и для союзников.",
        "quote": (
            "Секретарь Совета национальной безопасности сообщил, что правительство решило выделить "
            "дополнительные средства на организацию движения сопротивления на оккупированных "
            "территориях, а добровольцы получат обучение и оружие в ближайшие недели."
        ),
        "by": "Алексей Данилов",
        "at": "абзац 8",
    },
}


def script_map(language: str) -> ArgumentMap:
    """A four-card map in ``language`` (a key of TEXTS): position, evidence, rebuttal, answer."""
    t = TEXTS[language]
    amap = ArgumentMap(MapInfo(t["title"], ""))
    amap.sources["src"] = Source("src", t["title"], publisher="Axios", date="2022-03-18")
    amap.insert_card(Card("pos", "position", "for", text=t["position"], tag=t["position"][:12]))
    amap.insert_card(
        Card(
            "ev", "evidence", "for", tag=t["tag"], quote=t["quote"], cite=Cite("src", by=t["by"], at=t["at"])
        )
    )
    amap.insert_card(Card("reb", "rebuttal", "against", text=t["argument"], tag=t["tag"] + " 2"))
    amap.insert_relation(Relation("ev", "pos", "supports"))
    amap.insert_relation(Relation("reb", "pos", "rebuts"))
    return amap
