"""Questions of our own about the seed article (000_3ae34f4a203fbd2d.txt).

ON_TOPIC: (question, words of which at least one must be in the top passage).
They mix plain questions, paraphrases that share no content word with the article,
keyword queries and typos. OFF_TOPIC: questions the article does not cover at all.
Used by the tests and to calibrate the "not covered" rule (README).
"""

ON_TOPIC = [
    # plain questions
    ("How many soldiers did North Korea send to Russia?", ["10,000"]),
    ("How many casualties has North Korea suffered according to the US?", ["several hundred casualties"]),
    ("When did Russia attack Ukraine?", ["February 2022"]),
    ("When did Russia and North Korea sign the defense pact?", ["In June"]),
    ("When did the Ukrainian army invade the Kursk region?", ["in August"]),
    ("How many North Korean soldiers did Ukrainian intelligence say were killed or injured?", ["at least 30"]),
    ("What did Zelensky say about North Korean soldiers?", ["significant extent"]),
    ("Who confirmed that North Korean forces were fighting on the front lines?", ["White House"]),
    ("When were the first reports of North Korean soldiers being sent to Russia?", ["mid-October"]),
    ("What kind of counteroffensive did Russia launch?", ["intense"]),
    ("How much territory did Ukraine occupy in Kursk?", ["square kilometers"]),
    ("Do North Korean troops fight alongside Russian soldiers?", ["mixed units", "alongside Russian units"]),
    ("Which ranks were affected?", ["all ranks"]),
    ("Is the defense pact in force?", ["came into force"]),
    ("Did the North Korean forces fight independently?", ["independently"]),
    ("Do the North Korean troops have combat experience?", ["combat experience", "never been in combat"]),
    # paraphrases that share no content word with the answer's passage
    ("What size was the contingent Pyongyang dispatched?", ["10,000"]),
    ("Are Pyongyang's troops seasoned veterans?", ["combat experience", "never been in combat", "battle-hardened"]),
    ("What treaty took effect recently?", ["defense pact"]),
    ("Did Kyiv have to hand back captured land?", ["give up a large part"]),
    ("What did the Americans estimate about Pyongyang's losses?", ["several hundred casualties", "heavy losses"]),
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
