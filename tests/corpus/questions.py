"""Questions over the several-article corpus in this folder (written with it, before any
measurement): which article answers, and words the answering passage must hold.
floods-wire-copy.txt is floods.txt saved twice, as news sites do; korea.txt is the seed."""

ANSWERABLE = [
    (
        "How many people had to leave their homes because of the Elbe floods?",
        "floods.txt",
        ["4,200"],
    ),
    ("How high was the river in Pirna on Monday?", "floods.txt", ["8.9 metres"]),
    ("How many sandbags were filled in Pirna?", "floods.txt", ["60,000"]),
    ("When will trains between Dresden and Prague run again?", "floods.txt", ["Thursday"]),
    ("How much damage do insurers expect from the flooding?", "floods.txt", ["350 million"]),
    ("How many soldiers were sent to help with the dikes?", "floods.txt", ["300 soldiers"]),
    ("At what level did the ECB keep its deposit rate?", "rates.txt", ["2.0 percent"]),
    ("What was euro area inflation in October?", "rates.txt", ["1.9 percent"]),
    (
        "How fast does the central bank expect the economy to grow this year?",
        "rates.txt",
        ["1.2 percent"],
    ),
    ("How did the euro react to the rate decision?", "rates.txt", ["1.16"]),
    ("Who scored Northport's winning goal?", "match.txt", ["Tom Barrett"]),
    ("How many spectators watched the semi-final?", "match.txt", ["38,500"]),
    ("When is the cup final?", "match.txt", ["24 May"]),
    ("Who will Northport play in the final?", "match.txt", ["Westbridge"]),
    ("How long will the probe travel to reach the asteroid?", "probe.txt", ["six years"]),
    ("How much did the Perihelion mission cost?", "probe.txt", ["1.1 billion"]),
    ("How many instruments does the probe carry?", "probe.txt", ["seven"]),
    ("When will Perihelion arrive at the asteroid?", "probe.txt", ["2031"]),
    ("How many soldiers did North Korea send to Russia?", "korea.txt", ["10,000"]),
    ("Who confirmed that North Korean forces are fighting?", "korea.txt", ["White House"]),
]

NEAR_TOPIC = [
    "How many people died in the Danube floods?",
    "Did the Federal Reserve raise rates?",
    "What did NASA say about the Perihelion launch?",
    "How many people were evacuated in Hamburg?",
    "Did the Bank of England cut rates?",
    "Who scored for Northport against Southfield?",
]

OFF_TOPIC = [
    "What is the recipe for lasagne?",
    "How do I change a bicycle tyre?",
    "Who wrote Hamlet?",
    "What is the population of Canada?",
]
