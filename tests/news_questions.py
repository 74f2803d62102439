"""News questions for issue 26 (the answer itself: the bold sentence and the exact answer span).

Written for issue 26 before any tuning, in a commit of their own. They are never tuned on:
no rule, weight or threshold is chosen by looking at how they score. They are reported once,
at the end of the issue's work.

They are asked the way a news reader asks (plain, short, sometimes sloppy wording, in lower
case or with a word missing, as a newcomer types them): how many, how much, when, since when,
who, against whom, where, which country, how long, how, why and what, plus follow-ups and
chains of two or three turns whose later questions only make sense after the earlier ones.

SEED holds the questions over the seed article (seeds/000_3ae34f4a203fbd2d.txt; its copy in
tests/corpus is korea.txt), with its chains; 28 of its first-turn questions are marked as
asked by a newcomer. CORPUS holds the questions over the other corpus articles in
tests/corpus (floods.txt, rates.txt, match.txt, probe.txt), with their chains. NEAR_TOPIC
holds questions about the seed article's subject that ask what it never says (payments,
weapons, deserters ...): the product should refuse them or answer them with a caveat.

Fields of each NewsQuestion:
- question: the question as the reader types it.
- history: the earlier questions of the same thread, oldest first; () for a first question.
  A follow-up only makes sense with them (it says "they", "it", "there", "and when?").
- source: the file name of the article that answers it (e.g. "floods.txt").
- sentence: the sentence of that article that answers it, copied character for character
  (a substring of the file's text read as UTF-8); the bold sentence should be this one.
- answer: the exact short answer span inside `sentence` (a number with its unit, a date, a
  name, a place or a short noun phrase), copied character for character.
- kind: what the answer is: "number", "date" (also times and other when-answers), "person",
  "place" (also countries and regions), "organization" or "other".
- newcomer: True for the seed article's first-turn questions asked as a newcomer asks them
  (the issue's "28 questions asked the way a newcomer asks them"); False otherwise.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class NewsQuestion:
    question: str
    history: tuple[str, ...]
    source: str
    sentence: str
    answer: str
    kind: str
    newcomer: bool = False


KINDS = ("number", "date", "person", "place", "organization", "other")

SEED_FILE = "000_3ae34f4a203fbd2d.txt"

SEED = [
    # ------------------------------------------------------------ first turns, as a newcomer
    NewsQuestion(
        "how many north korean troops went to russia?",
        (),
        SEED_FILE,
        "North Korea is said to have sent 10,000 soldiers to Russia for support.",
        "10,000 soldiers",
        "number",
        newcomer=True,
    ),
    NewsQuestion(
        "have the north korean soldiers ever fought a war before?",
        (),
        SEED_FILE,
        "They have never been in combat before,” he continued.",
        "never been in combat before",
        "other",
        newcomer=True,
    ),
    NewsQuestion(
        "when did north korea and russia make their military deal?",
        (),
        SEED_FILE,
        "In June, the two countries signed a defense pact that came into force this month.",
        "June",
        "date",
        newcomer=True,
    ),
    NewsQuestion(
        "since when have there been reports of north korean troops in russia?",
        (),
        SEED_FILE,
        "From mid-October there were the first reports of North Korean soldiers being sent"
        " to Russia.",
        "mid-October",
        "date",
        newcomer=True,
    ),
    NewsQuestion(
        "against whom are the north korean troops fighting?",
        (),
        SEED_FILE,
        "According to a US government official, the North Korean units fighting on Russia's"
        " side have suffered heavy losses in battles with the Ukrainian army in the Russian"
        " border region of Kursk.",
        "the Ukrainian army",
        "organization",
        newcomer=True,
    ),
    NewsQuestion(
        "which country are the north korean soldiers fighting for?",
        (),
        SEED_FILE,
        "According to a US government official, the North Korean units fighting on Russia's"
        " side have suffered heavy losses in battles with the Ukrainian army in the Russian"
        " border region of Kursk.",
        "Russia",
        "place",
        newcomer=True,
    ),
    NewsQuestion(
        "is kursk in russia or ukraine?",
        (),
        SEED_FILE,
        "According to a US government official, the North Korean units fighting on Russia's"
        " side have suffered heavy losses in battles with the Ukrainian army in the Russian"
        " border region of Kursk.",
        "the Russian border region",
        "place",
        newcomer=True,
    ),
    NewsQuestion(
        "what year did russia attack ukraine?",
        (),
        SEED_FILE,
        "Russia and North Korea increased their military cooperation after Russia's attack on"
        " Ukraine in February 2022.",
        "2022",
        "date",
        newcomer=True,
    ),
    NewsQuestion(
        "why did russia and north korea get closer militarily?",
        (),
        SEED_FILE,
        "Russia and North Korea increased their military cooperation after Russia's attack on"
        " Ukraine in February 2022.",
        "Russia's attack on Ukraine",
        "other",
        newcomer=True,
    ),
    NewsQuestion(
        "what is russia doing to win back kursk?",
        (),
        SEED_FILE,
        "On Tuesday, the Ukrainian army leadership said that Russia had launched an “intense”"
        " counteroffensive in the region involving “North Korean army units.”",
        "an “intense” counteroffensive",
        "other",
        newcomer=True,
    ),
    NewsQuestion(
        "who said russia launched a counteroffensive?",
        (),
        SEED_FILE,
        "On Tuesday, the Ukrainian army leadership said that Russia had launched an “intense”"
        " counteroffensive in the region involving “North Korean army units.”",
        "the Ukrainian army leadership",
        "organization",
        newcomer=True,
    ),
    NewsQuestion(
        "when did ukraine's army report the counteroffensive?",
        (),
        SEED_FILE,
        "On Tuesday, the Ukrainian army leadership said that Russia had launched an “intense”"
        " counteroffensive in the region involving “North Korean army units.”",
        "Tuesday",
        "date",
        newcomer=True,
    ),
    NewsQuestion(
        "who's taking part in russia's counterattack?",
        (),
        SEED_FILE,
        "On Tuesday, the Ukrainian army leadership said that Russia had launched an “intense”"
        " counteroffensive in the region involving “North Korean army units.”",
        "North Korean army units",
        "organization",
        newcomer=True,
    ),
    NewsQuestion(
        "are the korean troops mixed in with russian ones?",
        (),
        SEED_FILE,
        "They fought in mixed units alongside Russian soldiers.",
        "mixed units alongside Russian soldiers",
        "other",
        newcomer=True,
    ),
    NewsQuestion(
        "who is the source of the US casualty estimate?",
        (),
        SEED_FILE,
        "“Our most recent estimate is that North Korea has suffered several hundred"
        " casualties,” said the senior US military official in Washington.",
        "the senior US military official in Washington",
        "person",
        newcomer=True,
    ),
    NewsQuestion(
        "where did the US official speak?",
        (),
        SEED_FILE,
        "“Our most recent estimate is that North Korea has suffered several hundred"
        " casualties,” said the senior US military official in Washington.",
        "Washington",
        "place",
        newcomer=True,
    ),
    NewsQuestion(
        "what's ukraine's count of dead and wounded north koreans?",
        (),
        SEED_FILE,
        "On Monday, Ukrainian military intelligence said at least 30 North Korean soldiers had"
        " been killed or injured there.",
        "at least 30",
        "number",
        newcomer=True,
    ),
    NewsQuestion(
        "does the pentagon think the north koreans are experienced fighters?",
        (),
        SEED_FILE,
        "According to the Pentagon, units in the Kursk region are now fighting on the front"
        " line – and without much combat experience.",
        "without much combat experience",
        "other",
        newcomer=True,
    ),
    NewsQuestion(
        "are the north korean units at the front or behind the lines?",
        (),
        SEED_FILE,
        "According to the Pentagon, units in the Kursk region are now fighting on the front"
        " line – and without much combat experience.",
        "the front line",
        "place",
        newcomer=True,
    ),
    NewsQuestion(
        "are these elite troops?",
        (),
        SEED_FILE,
        "“These are not battle-hardened troops.",
        "not battle-hardened troops",
        "other",
        newcomer=True,
    ),
    NewsQuestion(
        "where does the 10,000 figure come from?",
        (),
        SEED_FILE,
        "According to US government estimates, North Korea sent around 10,000 soldiers to"
        " reinforce Russian units.",
        "US government",
        "organization",
        newcomer=True,
    ),
    # ---------------------------------------------------- first turns, as a careful reader
    NewsQuestion(
        "Which US defence body says North Korean units are now on the front line in Kursk?",
        (),
        SEED_FILE,
        "According to the Pentagon, units in the Kursk region are now fighting on the front"
        " line – and without much combat experience.",
        "the Pentagon",
        "organization",
    ),
    NewsQuestion(
        "How did Ukraine's military describe the scale of the Russian counteroffensive?",
        (),
        SEED_FILE,
        "On Tuesday, the Ukrainian army leadership said that Russia had launched an “intense”"
        " counteroffensive in the region involving “North Korean army units.”",
        "intense",
        "other",
    ),
    # ------------------------------------------------------------------------------ chains
    # chain 1
    NewsQuestion(
        "why are there north korean soldiers in russia?",
        (),
        SEED_FILE,
        "According to US government estimates, North Korea sent around 10,000 soldiers to"
        " reinforce Russian units.",
        "to reinforce Russian units",
        "other",
        newcomer=True,
    ),
    NewsQuestion(
        "how many of them are there?",
        ("why are there north korean soldiers in russia?",),
        SEED_FILE,
        "North Korea is said to have sent 10,000 soldiers to Russia for support.",
        "10,000 soldiers",
        "number",
    ),
    NewsQuestion(
        "and how many are dead or wounded, going by ukraine?",
        ("why are there north korean soldiers in russia?", "how many of them are there?"),
        SEED_FILE,
        "On Monday, Ukrainian military intelligence said at least 30 North Korean soldiers had"
        " been killed or injured there.",
        "at least 30",
        "number",
    ),
    # chain 2
    NewsQuestion(
        "which part of russia are the korean troops in?",
        (),
        SEED_FILE,
        "According to the Pentagon, units in the Kursk region are now fighting on the front"
        " line – and without much combat experience.",
        "the Kursk region",
        "place",
        newcomer=True,
    ),
    NewsQuestion(
        "who are they up against there?",
        ("which part of russia are the korean troops in?",),
        SEED_FILE,
        "According to a US government official, the North Korean units fighting on Russia's"
        " side have suffered heavy losses in battles with the Ukrainian army in the Russian"
        " border region of Kursk.",
        "the Ukrainian army",
        "organization",
    ),
    NewsQuestion(
        "and how's that going for them?",
        ("which part of russia are the korean troops in?", "who are they up against there?"),
        SEED_FILE,
        "According to a US government official, the North Korean units fighting on Russia's"
        " side have suffered heavy losses in battles with the Ukrainian army in the Russian"
        " border region of Kursk.",
        "heavy losses",
        "other",
    ),
    # chain 3
    NewsQuestion(
        "what kind of agreement did russia and north korea sign?",
        (),
        SEED_FILE,
        "In June, the two countries signed a defense pact that came into force this month.",
        "a defense pact",
        "other",
        newcomer=True,
    ),
    NewsQuestion(
        "since when does it apply?",
        ("what kind of agreement did russia and north korea sign?",),
        SEED_FILE,
        "In June, the two countries signed a defense pact that came into force this month.",
        "this month",
        "date",
    ),
    # chain 4
    NewsQuestion(
        "who's the president of ukraine?",
        (),
        SEED_FILE,
        "Ukrainian President Volodymyr Zelensky said at the weekend that Russia was using North"
        " Korean soldiers “to a significant extent” in the fighting in Kursk.",
        "Volodymyr Zelensky",
        "person",
        newcomer=True,
    ),
    NewsQuestion(
        "what does he say about the north korean soldiers?",
        ("who's the president of ukraine?",),
        SEED_FILE,
        "Ukrainian President Volodymyr Zelensky said at the weekend that Russia was using North"
        " Korean soldiers “to a significant extent” in the fighting in Kursk.",
        "to a significant extent",
        "other",
    ),
    NewsQuestion(
        "when did he say that?",
        ("who's the president of ukraine?", "what does he say about the north korean soldiers?"),
        SEED_FILE,
        "Ukrainian President Volodymyr Zelensky said at the weekend that Russia was using North"
        " Korean soldiers “to a significant extent” in the fighting in Kursk.",
        "at the weekend",
        "date",
    ),
    # chain 5
    NewsQuestion(
        "what month did ukraine push into russia?",
        (),
        SEED_FILE,
        "The Ukrainian army invaded the Kursk region in August and occupied several hundred"
        " square kilometers there.",
        "August",
        "date",
        newcomer=True,
    ),
    NewsQuestion(
        "how big an area did they get?",
        ("what month did ukraine push into russia?",),
        SEED_FILE,
        "The Ukrainian army invaded the Kursk region in August and occupied several hundred"
        " square kilometers there.",
        "several hundred square kilometers",
        "number",
    ),
    NewsQuestion(
        "do they still hold it?",
        ("what month did ukraine push into russia?", "how big an area did they get?"),
        SEED_FILE,
        "In the meantime, however, they had to give up a large part of the conquered territory.",
        "give up a large part of the conquered territory",
        "other",
    ),
    # chain 6
    NewsQuestion(
        "how many losses has north korea had, according to the US?",
        (),
        SEED_FILE,
        "“Our most recent estimate is that North Korea has suffered several hundred"
        " casualties,” said the senior US military official in Washington.",
        "several hundred casualties",
        "number",
        newcomer=True,
    ),
    NewsQuestion(
        "are those all deaths?",
        ("how many losses has north korea had, according to the US?",),
        SEED_FILE,
        "The government representative continued that the number of victims he cited included"
        " slightly injured soldiers as well as soldiers killed.",
        "slightly injured soldiers as well as soldiers killed",
        "other",
    ),
    NewsQuestion(
        "only ordinary soldiers, or officers too?",
        ("how many losses has north korea had, according to the US?", "are those all deaths?"),
        SEED_FILE,
        "Soldiers of all ranks are affected.",
        "all ranks",
        "other",
    ),
    # chain 7
    NewsQuestion(
        "who in washington confirmed the korean troops are in combat?",
        (),
        SEED_FILE,
        "The White House and the Pentagon confirmed earlier this week that North Korean forces"
        " were fighting on the front lines alongside Russian units – in some cases"
        " independently.",
        "The White House and the Pentagon",
        "organization",
        newcomer=True,
    ),
    NewsQuestion(
        "when did they confirm it?",
        ("who in washington confirmed the korean troops are in combat?",),
        SEED_FILE,
        "The White House and the Pentagon confirmed earlier this week that North Korean forces"
        " were fighting on the front lines alongside Russian units – in some cases"
        " independently.",
        "earlier this week",
        "date",
    ),
    NewsQuestion(
        "are the koreans always paired with russian units?",
        (
            "who in washington confirmed the korean troops are in combat?",
            "when did they confirm it?",
        ),
        SEED_FILE,
        "The White House and the Pentagon confirmed earlier this week that North Korean forces"
        " were fighting on the front lines alongside Russian units – in some cases"
        " independently.",
        "in some cases independently",
        "other",
    ),
]

CORPUS = [
    # ---------------------------------------------------------------------------- floods
    NewsQuestion(
        "why did the river flood?",
        (),
        "floods.txt",
        "Torrential rain over the weekend pushed the Elbe above its banks in several towns of"
        " Saxony, forcing about 4,200 people to leave their homes.",
        "Torrential rain over the weekend",
        "other",
    ),
    NewsQuestion(
        "which region got hit by the flooding?",
        (),
        "floods.txt",
        "Torrential rain over the weekend pushed the Elbe above its banks in several towns of"
        " Saxony, forcing about 4,200 people to leave their homes.",
        "Saxony",
        "place",
    ),
    NewsQuestion(
        "how far above normal was the river in pirna?",
        (),
        "floods.txt",
        "In Pirna, the river reached 8.9 metres on Monday morning, almost five metres above its"
        " usual level.",
        "almost five metres",
        "number",
    ),
    NewsQuestion(
        "who did the sandbagging?",
        (),
        "floods.txt",
        "Fire brigades and volunteers filled more than 60,000 sandbags to protect the old town,"
        " while the army sent 300 soldiers to help reinforce the dikes.",
        "Fire brigades and volunteers",
        "organization",
    ),
    NewsQuestion(
        "who says the situation is under control?",
        (),
        "floods.txt",
        '"The situation is serious but under control," said the state\'s interior minister,'
        " adding that two emergency shelters had been opened in school gyms.",
        "the state's interior minister",
        "person",
    ),
    NewsQuestion(
        "how many shelters are there for people who had to leave?",
        (),
        "floods.txt",
        '"The situation is serious but under control," said the state\'s interior minister,'
        " adding that two emergency shelters had been opened in school gyms.",
        "two emergency shelters",
        "number",
    ),
    # floods chain 1
    NewsQuestion(
        "when was the emergency declared?",
        (),
        "floods.txt",
        "The regional government declared a state of emergency on Sunday evening.",
        "Sunday evening",
        "date",
    ),
    NewsQuestion(
        "by whom?",
        ("when was the emergency declared?",),
        "floods.txt",
        "The regional government declared a state of emergency on Sunday evening.",
        "The regional government",
        "organization",
    ),
    # floods chain 2
    NewsQuestion(
        "why can't i get a train from dresden to prague?",
        (),
        "floods.txt",
        "Rail traffic between Dresden and Prague was suspended because water covered the tracks"
        " near Bad Schandau.",
        "water covered the tracks near Bad Schandau",
        "other",
    ),
    NewsQuestion(
        "so when can i travel again?",
        ("why can't i get a train from dresden to prague?",),
        "floods.txt",
        "The operator said trains would not run before Thursday.",
        "Thursday",
        "date",
    ),
    # floods chain 3
    NewsQuestion(
        "how high is the water going to get in dresden?",
        (),
        "floods.txt",
        "Forecasters expect the water to peak in Dresden on Tuesday at around 7.5 metres.",
        "around 7.5 metres",
        "number",
    ),
    NewsQuestion(
        "and on what day?",
        ("how high is the water going to get in dresden?",),
        "floods.txt",
        "Forecasters expect the water to peak in Dresden on Tuesday at around 7.5 metres.",
        "Tuesday",
        "date",
    ),
    # floods chain 4
    NewsQuestion(
        "how many people were forced out by the flooding?",
        (),
        "floods.txt",
        "Torrential rain over the weekend pushed the Elbe above its banks in several towns of"
        " Saxony, forcing about 4,200 people to leave their homes.",
        "about 4,200 people",
        "number",
    ),
    NewsQuestion(
        "what's the damage bill?",
        ("how many people were forced out by the flooding?",),
        "floods.txt",
        "Insurers estimate the damage at up to 350 million euros.",
        "up to 350 million euros",
        "number",
    ),
    NewsQuestion(
        "who came up with that figure?",
        ("how many people were forced out by the flooding?", "what's the damage bill?"),
        "floods.txt",
        "Insurers estimate the damage at up to 350 million euros.",
        "Insurers",
        "organization",
    ),
    # ----------------------------------------------------------------------------- rates
    NewsQuestion(
        "what's inflation in the eurozone right now?",
        (),
        "rates.txt",
        "Inflation in the euro area fell to 1.9 percent in October, just below the bank's target"
        " of 2 percent, according to the statistics office Eurostat.",
        "1.9 percent",
        "number",
    ),
    NewsQuestion(
        "who measures inflation for the euro area?",
        (),
        "rates.txt",
        "Inflation in the euro area fell to 1.9 percent in October, just below the bank's target"
        " of 2 percent, according to the statistics office Eurostat.",
        "Eurostat",
        "organization",
    ),
    NewsQuestion(
        "what inflation is the ecb aiming for?",
        (),
        "rates.txt",
        "Inflation in the euro area fell to 1.9 percent in October, just below the bank's target"
        " of 2 percent, according to the statistics office Eurostat.",
        "2 percent",
        "number",
    ),
    NewsQuestion(
        "how high is inflation without energy and food?",
        (),
        "rates.txt",
        "Core inflation, which excludes energy and food, stayed at 2.4 percent.",
        "2.4 percent",
        "number",
    ),
    NewsQuestion(
        "where was the ecb press conference?",
        (),
        "rates.txt",
        "The bank's president said at a press conference in Frankfurt that the governing"
        ' council saw "no urgency" to move rates again.',
        "Frankfurt",
        "place",
    ),
    NewsQuestion(
        "is the ecb in a hurry to change rates?",
        (),
        "rates.txt",
        "The bank's president said at a press conference in Frankfurt that the governing"
        ' council saw "no urgency" to move rates again.',
        "no urgency",
        "other",
    ),
    NewsQuestion(
        "what's the ecb boss worried about?",
        (),
        "rates.txt",
        "She warned that new trade tariffs could slow growth in the coming months.",
        "new trade tariffs",
        "other",
    ),
    NewsQuestion(
        "what's the euro worth in dollars now?",
        (),
        "rates.txt",
        "The euro rose slightly against the dollar to 1.16, and yields on German ten-year bonds"
        " were little changed at 2.6 percent.",
        "1.16",
        "number",
    ),
    NewsQuestion(
        "what are german 10-year bonds paying?",
        (),
        "rates.txt",
        "The euro rose slightly against the dollar to 1.16, and yields on German ten-year bonds"
        " were little changed at 2.6 percent.",
        "2.6 percent",
        "number",
    ),
    # rates chain 1
    NewsQuestion(
        "what did the ecb do with interest rates?",
        (),
        "rates.txt",
        "The European Central Bank left its main deposit rate unchanged at 2.0 percent on"
        " Thursday, pausing after eight cuts since the summer of 2024.",
        "unchanged at 2.0 percent",
        "other",
    ),
    NewsQuestion(
        "after how many cuts?",
        ("what did the ecb do with interest rates?",),
        "rates.txt",
        "The European Central Bank left its main deposit rate unchanged at 2.0 percent on"
        " Thursday, pausing after eight cuts since the summer of 2024.",
        "eight cuts",
        "number",
    ),
    NewsQuestion(
        "since when had it been cutting?",
        ("what did the ecb do with interest rates?", "after how many cuts?"),
        "rates.txt",
        "The European Central Bank left its main deposit rate unchanged at 2.0 percent on"
        " Thursday, pausing after eight cuts since the summer of 2024.",
        "the summer of 2024",
        "date",
    ),
    # rates chain 2
    NewsQuestion(
        "how much will the euro economy grow this year?",
        (),
        "rates.txt",
        "The bank now expects the economy of the euro area to grow by 1.2 percent this year and"
        " by 1.0 percent next year.",
        "1.2 percent",
        "number",
    ),
    NewsQuestion(
        "and next year?",
        ("how much will the euro economy grow this year?",),
        "rates.txt",
        "The bank now expects the economy of the euro area to grow by 1.2 percent this year and"
        " by 1.0 percent next year.",
        "1.0 percent",
        "number",
    ),
    # ----------------------------------------------------------------------------- match
    NewsQuestion(
        "what was the score?",
        (),
        "match.txt",
        "Northport reached the national cup final for the first time in 31 years after beating"
        " Eastfield 2-1 on Wednesday night in front of 38,500 spectators.",
        "2-1",
        "number",
    ),
    NewsQuestion(
        "how big was the crowd?",
        (),
        "match.txt",
        "Northport reached the national cup final for the first time in 31 years after beating"
        " Eastfield 2-1 on Wednesday night in front of 38,500 spectators.",
        "38,500 spectators",
        "number",
    ),
    NewsQuestion(
        "how long had northport waited to reach a final?",
        (),
        "match.txt",
        "Northport reached the national cup final for the first time in 31 years after beating"
        " Eastfield 2-1 on Wednesday night in front of 38,500 spectators.",
        "31 years",
        "number",
    ),
    NewsQuestion(
        "what day was the semi-final played?",
        (),
        "match.txt",
        "Northport reached the national cup final for the first time in 31 years after beating"
        " Eastfield 2-1 on Wednesday night in front of 38,500 spectators.",
        "Wednesday night",
        "date",
    ),
    NewsQuestion(
        "who opened the scoring?",
        (),
        "match.txt",
        "Eastfield took the lead in the 23rd minute when their captain, Marco Lindqvist, curled"
        " a free kick into the top corner.",
        "Marco Lindqvist",
        "person",
    ),
    NewsQuestion(
        "how did eastfield score their goal?",
        (),
        "match.txt",
        "Eastfield took the lead in the 23rd minute when their captain, Marco Lindqvist, curled"
        " a free kick into the top corner.",
        "a free kick",
        "other",
    ),
    NewsQuestion(
        "who got northport's first goal?",
        (),
        "match.txt",
        "Winger Samuel Osei ran past two defenders and shot low into the far corner in the 52nd"
        " minute.",
        "Samuel Osei",
        "person",
    ),
    NewsQuestion(
        "why was an eastfield player sent off?",
        (),
        "match.txt",
        "Eastfield had a player sent off ten minutes earlier for a second yellow card.",
        "a second yellow card",
        "other",
    ),
    # match chain 1
    NewsQuestion(
        "who won the game for northport?",
        (),
        "match.txt",
        "The winner came in stoppage time: defender Tom Barrett rose highest at a corner and"
        " headed the ball in during the 94th minute.",
        "Tom Barrett",
        "person",
    ),
    NewsQuestion(
        "what position does he play?",
        ("who won the game for northport?",),
        "match.txt",
        "The winner came in stoppage time: defender Tom Barrett rose highest at a corner and"
        " headed the ball in during the 94th minute.",
        "defender",
        "other",
    ),
    NewsQuestion(
        "how late in the game did he score?",
        ("who won the game for northport?", "what position does he play?"),
        "match.txt",
        "The winner came in stoppage time: defender Tom Barrett rose highest at a corner and"
        " headed the ball in during the 94th minute.",
        "94th minute",
        "date",
    ),
    # match chain 2
    NewsQuestion(
        "what date is the final?",
        (),
        "match.txt",
        "The final will be played on 24 May in the capital against holders Westbridge, who won"
        " the other semi-final on penalties.",
        "24 May",
        "date",
    ),
    NewsQuestion(
        "who will they face?",
        ("what date is the final?",),
        "match.txt",
        "The final will be played on 24 May in the capital against holders Westbridge, who won"
        " the other semi-final on penalties.",
        "Westbridge",
        "organization",
    ),
    NewsQuestion(
        "and where's it being played?",
        ("what date is the final?", "who will they face?"),
        "match.txt",
        "The final will be played on 24 May in the capital against holders Westbridge, who won"
        " the other semi-final on penalties.",
        "the capital",
        "place",
    ),
    # ----------------------------------------------------------------------------- probe
    NewsQuestion(
        "when did the rocket take off?",
        (),
        "probe.txt",
        "A rocket carrying the research probe Perihelion lifted off from the spaceport in French"
        " Guiana early on Friday.",
        "early on Friday",
        "date",
    ),
    NewsQuestion(
        "how many years will the journey take?",
        (),
        "probe.txt",
        "The probe will travel for six years to reach the asteroid 2001 KX, which orbits the sun"
        " between Mars and Jupiter.",
        "six years",
        "number",
    ),
    NewsQuestion(
        "what was the price tag of the mission?",
        (),
        "probe.txt",
        "The mission cost 1.1 billion euros and was developed by the European Space Agency with"
        " partners in Japan.",
        "1.1 billion euros",
        "number",
    ),
    NewsQuestion(
        "what instruments does it have on board?",
        (),
        "probe.txt",
        "Perihelion weighs 1,450 kilograms and carries seven scientific instruments, among them a"
        " camera and a radar that can look beneath the asteroid's surface.",
        "a camera and a radar",
        "other",
    ),
    NewsQuestion(
        "how long until the first signal came in?",
        (),
        "probe.txt",
        "Engineers received the first signal from the probe 42 minutes after launch, when its"
        " solar panels had unfolded.",
        "42 minutes",
        "number",
    ),
    NewsQuestion(
        "is the asteroid rock or metal?",
        (),
        "probe.txt",
        "It is thought to be made largely of metal, like the core of a young planet.",
        "largely of metal",
        "other",
    ),
    NewsQuestion(
        "why are scientists going to this asteroid?",
        (),
        "probe.txt",
        "Scientists hope the asteroid will reveal how the planets formed.",
        "how the planets formed",
        "other",
    ),
    NewsQuestion(
        "who said everything is working?",
        (),
        "probe.txt",
        '"Everything is working as planned," the flight director said.',
        "the flight director",
        "person",
    ),
    # probe chain 1
    NewsQuestion(
        "where's the probe headed?",
        (),
        "probe.txt",
        "The probe will travel for six years to reach the asteroid 2001 KX, which orbits the sun"
        " between Mars and Jupiter.",
        "the asteroid 2001 KX",
        "other",
    ),
    NewsQuestion(
        "where is that?",
        ("where's the probe headed?",),
        "probe.txt",
        "The probe will travel for six years to reach the asteroid 2001 KX, which orbits the sun"
        " between Mars and Jupiter.",
        "between Mars and Jupiter",
        "place",
    ),
    # probe chain 2
    NewsQuestion(
        "who built the probe?",
        (),
        "probe.txt",
        "The mission cost 1.1 billion euros and was developed by the European Space Agency with"
        " partners in Japan.",
        "the European Space Agency",
        "organization",
    ),
    NewsQuestion(
        "did another country help?",
        ("who built the probe?",),
        "probe.txt",
        "The mission cost 1.1 billion euros and was developed by the European Space Agency with"
        " partners in Japan.",
        "Japan",
        "place",
    ),
    # probe chain 3
    NewsQuestion(
        "what year does it arrive?",
        (),
        "probe.txt",
        "The probe is due to arrive in 2031 and to study the asteroid for at least two years.",
        "2031",
        "date",
    ),
    NewsQuestion(
        "how long will it stay to study the asteroid?",
        ("what year does it arrive?",),
        "probe.txt",
        "The probe is due to arrive in 2031 and to study the asteroid for at least two years.",
        "at least two years",
        "number",
    ),
]

# About the seed article's subject, asking what it never says: refused or caveated.
NEAR_TOPIC = [
    "how much money does north korea get for each soldier?",
    "what rifles are the north korean soldiers carrying?",
    "how many north korean soldiers have deserted?",
    "how did the north korean troops get to russia, by train or by plane?",
    "which north korean general is in charge of the troops in kursk?",
    "how many north koreans have surrendered to ukraine?",
    "what language do the korean and russian soldiers talk to each other in?",
    "how much ammunition has north korea shipped to russia?",
]
