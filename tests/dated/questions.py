"""Questions over the dated articles in this folder (written with them, before any
measurement). The bridge reports revise their figures (several hundred evacuated, then
about 3,000; 12 injured, then 27); the budget reports and the festival reports state
the same figures (one festival report is undated).

DISAGREE: (question, the sources that must both be shown, newest first).
AGREE: (question, a figure the answer holds): no "differ" note.
IN_RANGE: (question, since, until, the only source allowed in the answer, or None when
the articles inside those dates do not cover it).
"""

DISAGREE = [
    (
        "How many people were evacuated after the bridge collapse?",
        ["bridge-update.md", "bridge-early.md"],
    ),
    (
        "How many people were injured when the bridge collapsed?",
        ["bridge-update.md", "bridge-early.md"],
    ),
]

AGREE = [
    ("How large is the Kalmar city budget?", "40 million"),
    ("How many visitors did the harbour festival draw?", "50,000"),
]

IN_RANGE = [
    (
        "How many people were evacuated after the bridge collapse?",
        "2024-03-04",
        None,
        "bridge-update.md",
    ),
    (
        "How many people were evacuated after the bridge collapse?",
        None,
        "2024-03-03",
        "bridge-early.md",
    ),
    (
        "How many visitors did the harbour festival draw?",
        "2023-01-01",
        "2023-12-31",
        "festival-2023.md",
    ),
    ("How large is the Kalmar city budget?", "2025-01-01", None, None),
]
