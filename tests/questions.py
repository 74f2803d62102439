"""Questions of our own about the seed article (000_3ae34f4a203fbd2d.txt).

ON_TOPIC: (question, words of which at least one must be in the top passage).
They mix plain questions, paraphrases that share no content word with the article,
keyword queries and typos. OFF_TOPIC: questions the article does not cover at all.
NEAR_TOPIC: about the article's subject, but naming what it never mentions.
Used by the tests and to calibrate the "not covered" rule (README).
"""

ON_TOPIC = [
    # plain questions
    ("How many soldiers did North Korea send to Russia?", ["10,000"]),
    (
        "How many casualties has North Korea suffered according to the US?",
        ["several hundred casualties"],
    ),
    ("When did Russia attack Ukraine?", ["February 2022"]),
    ("When did Russia and North Korea sign the defense pact?", ["In June"]),
    ("When did the Ukrainian army invade the Kursk region?", ["in August"]),
    (
        "How many North Korean soldiers did Ukrainian intelligence say were killed or injured?",
        ["at least 30"],
    ),
    ("What did Zelensky say about North Korean soldiers?", ["significant extent"]),
    ("Who confirmed that North Korean forces were fighting on the front lines?", ["White House"]),
    ("When were the first reports of North Korean soldiers being sent to Russia?", ["mid-October"]),
    ("What kind of counteroffensive did Russia launch?", ["intense"]),
    ("How much territory did Ukraine occupy in Kursk?", ["square kilometers"]),
    (
        "Do North Korean troops fight alongside Russian soldiers?",
        ["mixed units", "alongside Russian units"],
    ),
    ("Which ranks were affected?", ["all ranks"]),
    ("Is the defense pact in force?", ["came into force"]),
    ("Did the North Korean forces fight independently?", ["independently"]),
    (
        "Do the North Korean troops have combat experience?",
        ["combat experience", "never been in combat"],
    ),
    # paraphrases that share no (or almost no) content word with the answer's passage
    (
        "Are the deployed fighters seasoned veterans?",
        ["combat experience", "never been in combat", "battle-hardened"],
    ),
    ("What treaty took effect recently?", ["defense pact"]),
    ("How big was the deployment of fighters from the North?", ["10,000"]),
    ("What was the estimated toll?", ["several hundred casualties"]),
    # keyword queries
    ("10,000", ["10,000"]),
    ("Volodymyr Zelensky", ["Zelensky"]),
    ("defense pact", ["defense pact"]),
    ("Pentagon front line", ["Pentagon"]),
    ("counteroffensive North Korean army units", ["counteroffensive"]),
    ("mid-October reports", ["mid-October"]),
    # typos
    ("How many soliders did North Koera send?", ["10,000"]),
    ("When was the defence pakt signed?", ["In June"]),
    ("What did Zelenksy say?", ["significant extent"]),
]

# (question, a word the article never uses that the reply must name, words the weak
# match may hold — empty when any passage will do). Questions that name something the
# article never names are near-topic: the reply says so and shows the closest passage
# only as a weak match. Metonyms ("Pyongyang" for North Korea) are treated the same way:
# the article does not say "Pyongyang", and the weak match still points at the passage.
NEAR_TOPIC = [
    ("How many tanks has China sent to Russia?", "China", []),
    ("Did Iran send drones to Russia?", "Iran", []),
    ("What did Putin say about the North Korean troops?", "Putin", []),
    ("What did Kim Jong Un say about the casualties?", "Kim", []),
    ("Did NATO respond to the deployment?", "NATO", []),
    ("When did North Korean troops arrive in Crimea?", "Crimea", []),
    ("Did South Korea send troops to Ukraine?", "South", []),
    ("What did the European Union say about the defense pact?", "European", []),
    ("Did Belarus sign the defense pact?", "Belarus", []),
    ("How many soldiers did North Korea send in 2024?", "2024", []),
]

# Names the article spells otherwise: a capital or demonym for a country it mentions.
# Until issue 10 these were refused as near-topic (listed above); now they are answered.
BY_OTHER_NAMES = [
    ("What size was the contingent Pyongyang dispatched?", ["10,000"]),
    ("Did Kyiv have to hand back captured land?", ["give up a large part"]),
    (
        "What did the Americans estimate about Pyongyang's losses?",
        ["several hundred casualties", "heavy losses"],
    ),
]

# Near-topic questions that name nothing new: only common words ("captured", "pay",
# "weapons", "died") are absent from the article, and the best passage does not answer
# to them (chat.covers_any until issue 17, now coverage.unanswered). The thresholds were set
# on these and the lists above.
NEAR_TOPIC_UNNAMED = [
    ("How many North Korean soldiers were captured by Ukraine?", "captured"),
    ("How much did Russia pay North Korea for the soldiers?", "pay"),
    ("What weapons did North Korea supply to Russia?", "weapons"),
    ("How many Ukrainian soldiers died in Kursk?", "died"),
    ("How many missiles did North Korea fire at Kyiv?", "missiles"),  # Kyiv: Ukraine
]

# Written after the rules and thresholds were fixed, and never used to tune them: an
# honest check of how they carry over (benchmarks/abstention.py reports them; the
# tests do not assert them, since they measure the rules' known limits).
HELD_OUT_PARAPHRASES = [
    (
        "Were the newcomers inexperienced?",
        ["combat experience", "never been in combat", "battle-hardened"],
    ),
    (
        "How many fatalities and wounded did the American official report?",
        ["several hundred casualties", "slightly injured"],
    ),
    ("When did the alliance agreement become effective?", ["came into force"]),
    ("Who verified that the foreign fighters were in battle?", ["White House"]),
    ("How much ground did the invaders hold?", ["square kilometers"]),
    ("When did the first news of the deployment emerge?", ["mid-October"]),
    ("Did the foreign units sometimes operate on their own?", ["independently"]),
    (
        "How did the Ukrainian president describe the use of the foreign troops?",
        ["significant extent"],
    ),
]
HELD_OUT_NEAR_TOPIC = [
    "How many prisoners were exchanged?",
    "What salary do the soldiers receive?",
    "Which artillery systems were delivered?",
    "How many civilians were evacuated from Kursk?",
    "What food rations do the troops get?",
    "Were any aircraft shot down?",
    "How long is the training of the soldiers?",
    "What was the weather during the fighting?",
]

OFF_TOPIC = [
    "What is the capital of France?",
    "How do I bake bread?",
    "What will the weather be like in London tomorrow?",
    "Who won the 2018 football World Cup?",
    "How do I install Python on Windows?",
    "Give me a recipe for chocolate cake.",
    "What is photosynthesis?",
    "How tall is Mount Everest?",
    "Which programming language should a beginner learn?",
    "How do vaccines work?",
    "Who wrote Hamlet?",
    "What is the speed of light?",
    "How do I change a flat tyre?",
    "What is Apple's share price today?",
    "How can I train my puppy to sit?",
    "When was the Eiffel Tower built?",
    "What are the symptoms of the flu?",
    "How many moons does Jupiter have?",
    "Explain quantum computing in simple terms.",
    "How do you say hello in Spanish?",
    "Who painted the Mona Lisa?",
    "Tell me a joke.",
    "What is the population of Brazil?",
    "How do I make a cup of green tea?",
    "What is the best laptop for gaming?",
]

# Two-turn conversations: (first question, follow-up, words the follow-up's top passage
# must hold). The follow-up alone does not say what it is about.
FOLLOW_UPS = [
    (
        "How many soldiers did North Korea send?",
        "How many of them were killed?",
        ["killed", "casualties"],
    ),
    ("When was the defense pact signed?", "Is it in force yet?", ["came into force"]),
    (
        "What did Zelensky say about North Korean soldiers?",
        "Did they fight with Russian units?",
        ["mixed units", "alongside Russian"],
    ),
    (
        "When did the Ukrainian army invade Kursk?",
        "How much territory did they occupy there?",
        ["square kilometers"],
    ),
    (
        "Who confirmed that North Korean forces were fighting?",
        "Were they fighting independently?",
        ["independently"],
    ),
    (
        "What did the US official say about North Korean casualties?",
        "Does that include injured soldiers?",
        ["slightly injured"],
    ),
    ("When did the defense pact come into force?", "Who signed it?", ["signed a defense pact"]),
    (
        "How many North Korean soldiers are in Kursk?",
        "Have they been in combat before?",
        ["never been in combat", "combat experience"],
    ),
    (
        "What counteroffensive did Russia launch in Kursk?",
        "Who took part in it?",
        ["North Korean army units"],
    ),
    (
        "When were North Korean soldiers first reported in Russia?",
        "Who sent them?",
        ["North Korea"],
    ),
    (
        "What did Ukrainian military intelligence say on Monday?",
        "How many were killed or injured?",
        ["at least 30"],
    ),
]


# ---------------------------------------------------------------- held out, issue 10
# Written before any rule of issue 10 changed, in a commit of their own; never tuned on.
# Reported once, in the README. Answerable questions name things the article calls
# otherwise: capitals for countries, leaders, institutions, demonyms, abbreviations.
ALIAS_ANSWERABLE = [
    ("How many troops has Pyongyang sent to Russia?", ["10,000"]),
    ("How many soldiers did Kim Jong Un send to help Moscow?", ["10,000"]),
    ("What does Washington say about the DPRK's losses?", ["several hundred casualties"]),
    (
        "How many casualties have Pyongyang's forces suffered according to American officials?",
        ["several hundred casualties"],
    ),
    ("When did the Moscow-Pyongyang defence treaty take effect?", ["came into force"]),
    ("When did Putin and Kim sign their mutual defence agreement?", ["In June"]),
    ("What did Kyiv's military intelligence report on Monday?", ["at least 30"]),
    (
        "Is the Kremlin using North Korean troops in the Kursk fighting, according to Zelensky?",
        ["significant extent"],
    ),
    ("What did the Ukrainian president say about Pyongyang's soldiers?", ["significant extent"]),
    ("Did the Pentagon confirm that DPRK forces are in combat?", ["White House"]),
    (
        "Who in the American government confirmed North Korean troops are on the front lines?",
        ["White House"],
    ),
    (
        "How experienced are the North Korean troops, according to the American official?",
        ["never been in combat", "battle-hardened"],
    ),
    ("When did Kyiv's forces enter Russia's Kursk region?", ["in August"]),
    (
        "How much Russian territory did Ukrainian troops capture in Kursk?",
        ["several hundred square kilometers"],
    ),
    ("What did Ukraine's army command say Moscow launched on Tuesday?", ["counteroffensive"]),
    ("When did the Russian invasion of Ukraine begin?", ["February 2022"]),
    ("When were the first reports of DPRK troops being sent to Russia?", ["mid-October"]),
    (
        "Are Pyongyang's units fighting alongside Russian troops or on their own?",
        ["independently", "mixed units"],
    ),
    ("Do the North Koreans fight in joint units with the Russians?", ["mixed units"]),
    ("What kinds of casualties does the American estimate include?", ["slightly injured"]),
    ("Which ranks of the North Korean army have been hit?", ["all ranks"]),
    ("Where are Kim Jong Un's soldiers fighting?", ["Kursk"]),
    (
        "What happened to the territory Ukraine seized in the Kursk region?",
        ["give up a large part"],
    ),
    ("Why did Moscow and Pyongyang deepen their military ties?", ["after Russia's attack"]),
    (
        "According to the US Defense Department, where are North Korean units fighting?",
        ["front line"],
    ),
    (
        "How many DPRK soldiers did Ukrainian intelligence say were killed or wounded?",
        ["at least 30"],
    ),
    (
        "What did the senior American military official in Washington estimate?",
        ["several hundred casualties"],
    ),
    (
        "Did the White House confirm that North Korean troops fight alongside the Russian army?",
        ["White House"],
    ),
]

# Near-topic: about the article's subject, naming something it never mentions. A right
# reply refuses ("do not mention") or answers with the caveat; never a plain answer.
ABSENT_NEAR_TOPIC = [
    "How many soldiers has China sent to Russia?",
    "What did NATO say about the North Korean troops?",
    "Has Seoul responded to the deployment of North Korean soldiers?",
    "How many tanks has North Korea supplied to Russia?",
    "Did Iran send drones to Russia along with the North Korean troops?",
    "What did Japan say about North Korean soldiers in Kursk?",
    "How many North Korean soldiers were captured by Ukraine?",
    "What did the United Nations say about North Korea's deployment?",
    "How many North Korean soldiers are fighting in Donetsk?",
    "What did Xi Jinping say about the defense pact?",
    "Did Belarus sign the defense pact too?",
    "How much did Russia pay North Korea for the soldiers?",
    "What missiles did North Korea give Russia?",
    "Did the European Union impose sanctions over the deployment?",
    "What did Trump say about North Korean troops?",
    "How many North Korean soldiers died in 2023?",
    "What did the South Korean intelligence service report about the troops?",
    "Are North Korean soldiers fighting in Crimea?",
    "What did Biden say about the North Korean soldiers in Kursk?",
    "How many artillery shells has North Korea sent to Russia?",
    "Did Poland send troops to Ukraine?",
    "What did the Red Cross say about the casualties in Kursk?",
]

NEW_OFF_TOPIC = [
    "What is the boiling point of water?",
    "Who won the 2018 FIFA World Cup?",
    "How do I reset my router?",
    "What is the capital of Australia?",
    "How many calories are in an avocado?",
    "Who painted the Mona Lisa?",
    "What is the best way to learn Python?",
    "When was the Eiffel Tower built?",
    "How does photosynthesis work?",
    "What is the price of Bitcoin today?",
    "Recommend a good science fiction novel.",
    "How tall is Mount Everest?",
    "What are the symptoms of the flu?",
    "How do I make pancakes?",
    "Who is the CEO of Apple?",
    "What time zone is Tokyo in?",
]
