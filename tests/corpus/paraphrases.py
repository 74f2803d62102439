"""Held-out questions for issue 17 (token-level matching), over the articles in this
folder. Written before any rule of issue 17 was tuned, in a commit of their own; never
tuned on. Reported once, at the end (python -m benchmarks.paraphrases).

They name things otherwise than the articles do, or paraphrase them: capitals for
countries, "troops" for "soldiers", "draw level" for "equalise", "crest" for "peak".

ANSWERABLE: (question, the article that answers, words one of which the answering
passage must hold, and the bold sentence too).
NEAR_TOPIC: about an article's subject, but asking for what no article says (amounts,
weapons, motives, numbers never given). A right reply refuses, or answers with a caveat
that names what is missing; never a plain answer.
CHAINS: three turns; the second and third lean on the ones before. (first question,
second, words for the second's answer, third, words for the third's answer, article).
"""

ANSWERABLE = [
    # korea.txt (the seed article)
    ("How large a force has Pyongyang dispatched to help Moscow?", "korea.txt", ["10,000"]),
    (
        "What do the North Korean units lack, according to the Defense Department?",
        "korea.txt",
        ["combat experience"],
    ),
    (
        "How badly have Kim's troops fared against the Ukrainians, in Washington's view?",
        "korea.txt",
        ["heavy losses", "several hundred casualties"],
    ),
    ("Does the American toll count only the dead?", "korea.txt", ["slightly injured"]),
    ("Are only junior soldiers among the casualties?", "korea.txt", ["all ranks"]),
    (
        "How did the US official describe the troops' readiness for battle?",
        "korea.txt",
        ["battle-hardened", "never been in combat"],
    ),
    (
        "What prompted Moscow and Pyongyang to deepen their military ties?",
        "korea.txt",
        ["after Russia's attack"],
    ),
    (
        "When did the mutual defence treaty between the two countries take effect?",
        "korea.txt",
        ["came into force"],
    ),
    (
        "When did news first emerge that Pyongyang was moving soldiers to Russia?",
        "korea.txt",
        ["mid-October"],
    ),
    (
        "What did Kyiv's leader say about Moscow's use of the North Koreans?",
        "korea.txt",
        ["significant extent"],
    ),
    (
        "Are the Koreans deployed in separate formations or together with Russian troops?",
        "korea.txt",
        ["mixed units"],
    ),
    (
        "How many of Pyongyang's soldiers did Ukraine's spy agency report dead or wounded?",
        "korea.txt",
        ["at least 30"],
    ),
    ("When did Ukrainian forces cross into the Kursk area?", "korea.txt", ["in August"]),
    (
        "How much Russian land did Kyiv's troops seize?",
        "korea.txt",
        ["several hundred square kilometers"],
    ),
    ("Has Ukraine held on to all the ground it captured in Kursk?", "korea.txt", ["give up"]),
    (
        "What did Ukrainian commanders say Moscow began on Tuesday?",
        "korea.txt",
        ["counteroffensive"],
    ),
    (
        "Which American institutions confirmed that the Koreans are in combat?",
        "korea.txt",
        ["White House"],
    ),
    ("Do the North Koreans ever operate without Russian units?", "korea.txt", ["independently"]),
    ("Where are Pyongyang's troops seeing combat?", "korea.txt", ["Kursk"]),
    ("Whose estimate puts the deployment at ten thousand?", "korea.txt", ["US government"]),
    # floods.txt
    ("How many residents were displaced by the flooding in Saxony?", "floods.txt", ["4,200"]),
    ("What water level was recorded in Pirna?", "floods.txt", ["8.9 metres"]),
    ("How many troops helped shore up the embankments?", "floods.txt", ["300 soldiers"]),
    ("Why were trains to the Czech capital halted?", "floods.txt", ["water covered the tracks"]),
    ("What is the expected crest of the river in Dresden?", "floods.txt", ["7.5 metres"]),
    ("What did insurance companies put the losses at?", "floods.txt", ["350 million"]),
    ("Where were emergency shelters set up?", "floods.txt", ["school gyms"]),
    ("What happened to the farmers' crops?", "floods.txt", ["harvest were lost"]),
    # rates.txt
    ("Did the central bank change borrowing costs?", "rates.txt", ["unchanged at 2.0 percent"]),
    ("How many times had the ECB lowered rates before this pause?", "rates.txt", ["eight cuts"]),
    ("How fast were prices rising in the eurozone in October?", "rates.txt", ["1.9 percent"]),
    ("Where does underlying inflation stand?", "rates.txt", ["2.4 percent"]),
    ("What threat to growth did the ECB chief mention?", "rates.txt", ["trade tariffs"]),
    ("What inflation rate do the bank's economists project for 2026?", "rates.txt", ["1.7"]),
    ("How did German government debt fare in the markets?", "rates.txt", ["2.6 percent"]),
    ("What growth does the bank forecast for next year?", "rates.txt", ["1.0 percent"]),
    # match.txt
    ("Who gave Eastfield the lead?", "match.txt", ["Marco Lindqvist"]),
    ("When did Northport draw level?", "match.txt", ["52nd minute"]),
    ("Who scored the equaliser for Northport?", "match.txt", ["Samuel Osei"]),
    ("Why did Eastfield finish the game with ten men?", "match.txt", ["second yellow card"]),
    ("When did Northport last play in the final?", "match.txt", ["31 years"]),
    ("How did Westbridge get through their semi-final?", "match.txt", ["penalties"]),
    ("What did Northport's manager say after the game?", "match.txt", ["best night"]),
    # probe.txt
    ("Where was the spacecraft launched from?", "probe.txt", ["French Guiana"]),
    ("What is the mission's destination?", "probe.txt", ["2001 KX"]),
    ("How heavy is the spacecraft?", "probe.txt", ["1,450 kilograms"]),
    ("Which country partnered with the Europeans on the mission?", "probe.txt", ["Japan"]),
    (
        "How long after lift-off did controllers hear from the probe?",
        "probe.txt",
        ["42 minutes"],
    ),
    ("What do researchers hope to learn from the asteroid?", "probe.txt", ["planets formed"]),
    ("What is the asteroid believed to consist of?", "probe.txt", ["metal"]),
    ("For how long will Perihelion examine the asteroid?", "probe.txt", ["at least two years"]),
]

NEAR_TOPIC = [
    # korea.txt
    "How much is Moscow paying Pyongyang for the troops?",
    "What weapons are the North Korean soldiers equipped with?",
    "What does North Korea get in return for its soldiers?",
    "How many North Korean soldiers have been taken prisoner?",
    "How many Russian soldiers died in the Kursk counteroffensive?",
    "Which tanks are being used in the Kursk fighting?",
    "How long will the North Korean troops stay in Russia?",
    "What training did the North Korean soldiers receive before deployment?",
    # floods.txt
    "How many people died in the Elbe floods?",
    "How much rain fell over the weekend?",
    "How much emergency aid has the government promised the flood victims?",
    # rates.txt
    "Why did the ECB cut rates eight times?",
    "What is the unemployment rate in the euro area?",
    "How large are the ECB's bond purchases?",
    # match.txt
    "How much prize money will the cup winner receive?",
    "Who refereed the semi-final?",
    "How many tickets have been sold for the final?",
    # probe.txt
    "How fast is the probe travelling?",
    "Why was French Guiana chosen as the launch site?",
    "Which rocket launched the Perihelion probe?",
]

CHAINS = [
    (
        "How many soldiers did Pyongyang send to Russia?",
        "How many of them were killed or wounded?",
        ["at least 30", "several hundred casualties"],
        "Where are they fighting?",
        ["Kursk"],
        "korea.txt",
    ),
    (
        "When did Ukraine invade the Kursk region?",
        "How much territory did it take there?",
        ["square kilometers"],
        "Has it kept that land?",
        ["give up"],
        "korea.txt",
    ),
    (
        "What did the US official say about North Korean casualties?",
        "Does that include injured soldiers?",
        ["slightly injured"],
        "Which ranks are affected among them?",
        ["all ranks"],
        "korea.txt",
    ),
    (
        "Who confirmed that North Korean forces are fighting on the front lines?",
        "Do they fight alongside Russian units?",
        ["alongside Russian"],
        "Do they ever fight on their own?",
        ["independently"],
        "korea.txt",
    ),
    (
        "When did Russia and North Korea sign their defense pact?",
        "When did it come into force?",
        ["came into force"],
        "What led them to work together more closely?",
        ["after Russia's attack"],
        "korea.txt",
    ),
    (
        "What caused the floods in the Elbe valley?",
        "How high did it rise in Pirna?",
        ["8.9 metres"],
        "And when will it peak in Dresden?",
        ["7.5 metres"],
        "floods.txt",
    ),
    (
        "What did the ECB decide about its deposit rate?",
        "Did economists expect that?",
        ["economists had expected"],
        "How did the markets react to it?",
        ["reacted calmly"],
        "rates.txt",
    ),
    (
        "Who did Northport beat in the semi-final?",
        "Who scored their winning goal?",
        ["Tom Barrett"],
        "In which minute did he score it?",
        ["94th minute"],
        "match.txt",
    ),
    (
        "Where did the Perihelion probe lift off from?",
        "How long will it travel?",
        ["six years"],
        "When will it arrive there?",
        ["2031"],
        "probe.txt",
    ),
    (
        "What was euro area inflation in October?",
        "What is the bank's target for it?",
        ["target of 2 percent"],
        "What do staff projections say about it for 2026?",
        ["1.7 percent"],
        "rates.txt",
    ),
]
