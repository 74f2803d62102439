"""Questions in other languages over the seed article, for issue 27 (ask in your own language).

Written before any tuning, in a commit of their own; no rule, weight or threshold is chosen by
looking at how they score, and they are reported once, at the end of the issue's work.

The seed article (seeds/000_3ae34f4a203fbd2d.txt) is in English; these questions are asked
the way a reader of Ukrainian, Russian, Korean or German would type them. Each names the
English sentence that answers it (copied character for character from the article): the
first passage shown should hold it. OFF_TOPIC holds questions in the same languages that the
article does not answer at all (the weather, football, recipes, other countries' elections):
the product should refuse them. FOLLOW_UPS are two-turn threads in one language whose second
question only makes sense after the first.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class ForeignQuestion:
    question: str
    language: str  # ISO 639-1: uk, ru, ko, de
    sentence: str  # the English sentence of the seed article that answers it
    history: tuple[str, ...] = ()


SEED_FILE = "000_3ae34f4a203fbd2d.txt"

SENT = "North Korea is said to have sent 10,000 soldiers to Russia for support."
KURSK_FRONT = (
    "According to the Pentagon, units in the Kursk region are now fighting on the front line "
    "– and without much combat experience."
)
LOSSES = (
    "According to a US government official, the North Korean units fighting on Russia's side "
    "have suffered heavy losses in battles with the Ukrainian army in the Russian border region "
    "of Kursk."
)
HUNDREDS = (
    "“Our most recent estimate is that North Korea has suffered several hundred casualties,” "
    "said the senior US military official in Washington."
)
VICTIMS = (
    "The government representative continued that the number of victims he cited included "
    "slightly injured soldiers as well as soldiers killed."
)
NOT_HARDENED = "“These are not battle-hardened troops."
COOPERATION = (
    "Russia and North Korea increased their military cooperation after Russia's attack on "
    "Ukraine in February 2022."
)
PACT = "In June, the two countries signed a defense pact that came into force this month."
MID_OCTOBER = (
    "From mid-October there were the first reports of North Korean soldiers being sent to Russia."
)
AROUND = "According to US government estimates, North Korea sent around 10,000 soldiers to reinforce Russian units."
ZELENSKY = (
    "Ukrainian President Volodymyr Zelensky said at the weekend that Russia was using North "
    "Korean soldiers “to a significant extent” in the fighting in Kursk."
)
MIXED = "They fought in mixed units alongside Russian soldiers."
AT_LEAST_30 = (
    "On Monday, Ukrainian military intelligence said at least 30 North Korean soldiers had been "
    "killed or injured there."
)
INVADED = (
    "The Ukrainian army invaded the Kursk region in August and occupied several hundred square "
    "kilometers there."
)
COUNTEROFFENSIVE = (
    "On Tuesday, the Ukrainian army leadership said that Russia had launched an “intense” "
    "counteroffensive in the region involving “North Korean army units.”"
)
CONFIRMED = (
    "The White House and the Pentagon confirmed earlier this week that North Korean forces were "
    "fighting on the front lines alongside Russian units – in some cases independently."
)

QUESTIONS = [
    # ---------------------------------------------------------------- Ukrainian
    ForeignQuestion("Скільки північнокорейських солдатів відправили до Росії?", "uk", SENT),
    ForeignQuestion("Де воюють північнокорейські війська?", "uk", KURSK_FRONT),
    ForeignQuestion("Скільки втрат зазнала Північна Корея?", "uk", HUNDREDS),
    ForeignQuestion(
        "Коли з'явилися перші повідомлення про північнокорейських солдатів?", "uk", MID_OCTOBER
    ),
    ForeignQuestion("Коли Росія та Північна Корея підписали оборонний пакт?", "uk", PACT),
    ForeignQuestion("Що сказав Зеленський про північнокорейських солдатів?", "uk", ZELENSKY),
    ForeignQuestion(
        "Скільки північнокорейських солдатів загинули або були поранені за даними української розвідки?",
        "uk",
        AT_LEAST_30,
    ),
    ForeignQuestion("Коли українська армія вторглася в Курську область?", "uk", INVADED),
    ForeignQuestion(
        "Хто підтвердив, що північнокорейські сили воюють на передовій?", "uk", CONFIRMED
    ),
    ForeignQuestion("Чи мають північнокорейські солдати бойовий досвід?", "uk", KURSK_FRONT),
    # ---------------------------------------------------------------- Russian
    ForeignQuestion("Сколько солдат Северная Корея отправила в Россию?", "ru", SENT),
    ForeignQuestion("Какие потери понесли северокорейские войска?", "ru", LOSSES),
    ForeignQuestion(
        "Кто входит в число жертв, о которых говорил представитель правительства?", "ru", VICTIMS
    ),
    ForeignQuestion("Когда Россия напала на Украину?", "ru", COOPERATION),
    ForeignQuestion("Когда вступил в силу оборонный пакт между двумя странами?", "ru", PACT),
    ForeignQuestion("В каких подразделениях воевали северокорейские солдаты?", "ru", MIXED),
    ForeignQuestion(
        "Что Россия начала в Курской области по словам украинского командования?",
        "ru",
        COUNTEROFFENSIVE,
    ),
    ForeignQuestion("Какую территорию заняла украинская армия в Курской области?", "ru", INVADED),
    ForeignQuestion(
        "Подтвердили ли Белый дом и Пентагон участие северокорейских сил в боях?", "ru", CONFIRMED
    ),
    ForeignQuestion("Опытные ли это войска?", "ru", NOT_HARDENED),
    # ---------------------------------------------------------------- Korean
    ForeignQuestion("북한은 러시아에 병사를 몇 명 보냈나요?", "ko", SENT),
    ForeignQuestion("북한군은 어디에서 싸우고 있나요?", "ko", KURSK_FRONT),
    ForeignQuestion("북한군의 사상자는 몇 명인가요?", "ko", HUNDREDS),
    ForeignQuestion("러시아와 북한은 언제 방위 조약을 체결했나요?", "ko", PACT),
    ForeignQuestion(
        "북한 병사들이 러시아로 파견되었다는 첫 보도는 언제 나왔나요?", "ko", MID_OCTOBER
    ),
    ForeignQuestion("젤렌스키 대통령은 북한 병사들에 대해 뭐라고 말했나요?", "ko", ZELENSKY),
    ForeignQuestion(
        "우크라이나 군 정보국에 따르면 북한군 몇 명이 죽거나 다쳤나요?", "ko", AT_LEAST_30
    ),
    ForeignQuestion(
        "러시아가 쿠르스크에서 시작한 반격에 대해 우크라이나 군 지도부는 뭐라고 했나요?",
        "ko",
        COUNTEROFFENSIVE,
    ),
    ForeignQuestion("백악관과 국방부는 무엇을 확인했나요?", "ko", CONFIRMED),
    ForeignQuestion("북한군은 러시아 군과 함께 혼합 부대에서 싸웠나요?", "ko", MIXED),
    # ---------------------------------------------------------------- German
    ForeignQuestion("Wie viele Soldaten hat Nordkorea nach Russland geschickt?", "de", SENT),
    ForeignQuestion("Wie hoch sind die Verluste der nordkoreanischen Truppen?", "de", HUNDREDS),
    ForeignQuestion(
        "Seit wann gibt es Berichte über nordkoreanische Soldaten in Russland?", "de", MID_OCTOBER
    ),
    ForeignQuestion(
        "Wann haben Russland und Nordkorea ein Verteidigungsabkommen unterzeichnet?", "de", PACT
    ),
    ForeignQuestion(
        "Was sagte Selenskyj über den Einsatz nordkoreanischer Soldaten?", "de", ZELENSKY
    ),
    ForeignQuestion(
        "Wann ist die ukrainische Armee in die Region Kursk eingedrungen?", "de", INVADED
    ),
    ForeignQuestion(
        "Wer hat bestätigt, dass nordkoreanische Truppen an der Front kämpfen?", "de", CONFIRMED
    ),
    ForeignQuestion("Haben die nordkoreanischen Soldaten Kampferfahrung?", "de", KURSK_FRONT),
    ForeignQuestion(
        "Wie viele nordkoreanische Soldaten wurden laut ukrainischem Geheimdienst getötet oder verletzt?",
        "de",
        AT_LEAST_30,
    ),
    ForeignQuestion("Zählen auch leicht verletzte Soldaten zu den Opfern?", "de", VICTIMS),
]

FOLLOW_UPS = [
    ForeignQuestion(
        "Сколько из них погибло или было ранено?",
        "ru",
        AT_LEAST_30,
        ("Сколько солдат Северная Корея отправила в Россию?",),
    ),
    ForeignQuestion(
        "А де вони воюють?",
        "uk",
        KURSK_FRONT,
        ("Скільки північнокорейських солдатів відправили до Росії?",),
    ),
    ForeignQuestion(
        "그들은 전투 경험이 있나요?",
        "ko",
        KURSK_FRONT,
        ("북한은 러시아에 병사를 몇 명 보냈나요?",),
    ),
    ForeignQuestion(
        "Und wann wurde es unterzeichnet?",
        "de",
        PACT,
        ("Gibt es ein Verteidigungsabkommen zwischen Russland und Nordkorea?",),
    ),
]

OFF_TOPIC = [
    ForeignQuestion("Яка погода буде завтра в Києві?", "uk", ""),
    ForeignQuestion("Як приготувати борщ?", "uk", ""),
    ForeignQuestion("Хто виграв чемпіонат світу з футболу 2018 року?", "uk", ""),
    ForeignQuestion("Какой рецепт у пельменей?", "ru", ""),
    ForeignQuestion("Сколько стоит билет на поезд из Москвы в Санкт-Петербург?", "ru", ""),
    ForeignQuestion("Кто написал роман «Война и мир»?", "ru", ""),
    ForeignQuestion("서울의 내일 날씨는 어떤가요?", "ko", ""),
    ForeignQuestion("김치찌개는 어떻게 만드나요?", "ko", ""),
    ForeignQuestion("아이폰 최신 모델의 가격은 얼마인가요?", "ko", ""),
    ForeignQuestion("Wie wird das Wetter morgen in Berlin?", "de", ""),
    ForeignQuestion("Wer hat die Bundestagswahl 2021 gewonnen?", "de", ""),
    ForeignQuestion("Wie backe ich einen Apfelkuchen?", "de", ""),
]
