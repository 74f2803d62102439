"""The page's own words in the reader's language (Gradio's I18n: the browser's language
chooses; English otherwise), for the languages the multilingual index is tested with.
Only the fixed labels: replies are written by qa (its notes say which language a
question was read as) and the articles stay in their own language."""

from __future__ import annotations

ENGLISH = {
    "intro": "# Ask the article\nAnswers come only from the articles listed here, each with "
    "its source. If they do not cover a question, you are told so.",
    "answers": "Answers",
    "ask": "Ask a question about the articles…",
    "dates": "Only articles published between… (optional)",
    "since": "Published since",
    "until": "Published until",
    "sources": "Sources",
    "articles": "Articles",
    "open_source": "Sources of the last answer: open one",
    "citation": "Citation",
}

TRANSLATIONS = {
    "en": ENGLISH,
    "de": {
        "intro": "# Frag den Artikel\nAntworten kommen nur aus den hier aufgeführten Artikeln, "
        "jeweils mit Quelle. Decken sie eine Frage nicht ab, wird dir das gesagt.",
        "answers": "Antworten",
        "ask": "Stelle eine Frage zu den Artikeln…",
        "dates": "Nur Artikel, veröffentlicht zwischen… (optional)",
        "since": "Veröffentlicht seit",
        "until": "Veröffentlicht bis",
        "sources": "Quellen",
        "articles": "Artikel",
        "open_source": "Quellen der letzten Antwort: eine öffnen",
        "citation": "Zitat",
    },
    "ru": {
        "intro": "# Спросите статью\nОтветы берутся только из перечисленных здесь статей, "
        "каждый с источником. Если статьи не отвечают на вопрос, вам так и скажут.",
        "answers": "Ответы",
        "ask": "Задайте вопрос о статьях…",
        "dates": "Только статьи, опубликованные между… (необязательно)",
        "since": "Опубликовано с",
        "until": "Опубликовано до",
        "sources": "Источники",
        "articles": "Статьи",
        "open_source": "Источники последнего ответа: откройте один",
        "citation": "Цитата",
    },
    "uk": {
        "intro": "# Запитайте статтю\nВідповіді беруться лише з перелічених тут статей, "
        "кожна з джерелом. Якщо статті не відповідають на питання, вам так і скажуть.",
        "answers": "Відповіді",
        "ask": "Поставте питання про статті…",
        "dates": "Лише статті, опубліковані між… (необов'язково)",
        "since": "Опубліковано з",
        "until": "Опубліковано до",
        "sources": "Джерела",
        "articles": "Статті",
        "open_source": "Джерела останньої відповіді: відкрийте одне",
        "citation": "Цитата",
    },
    "ko": {
        "intro": "# 기사에 물어보세요\n답변은 여기 나열된 기사에서만 나오며, 각각 출처가 "
        "표시됩니다. 기사가 질문에 답하지 못하면 그렇다고 알려 드립니다.",
        "answers": "답변",
        "ask": "기사에 대해 질문하세요…",
        "dates": "다음 기간에 게시된 기사만… (선택)",
        "since": "게시 시작일",
        "until": "게시 종료일",
        "sources": "출처",
        "articles": "기사",
        "open_source": "마지막 답변의 출처: 하나를 여세요",
        "citation": "인용",
    },
}


def make_i18n(gr):
    """The page's I18n: a key for each fixed label, in every language above."""
    return gr.I18n(**TRANSLATIONS)
