"""Questions into answers: hybrid ranking (retrieval, crosslingual), what covers a
question (chat, coverage), the bold sentence and the exact answer (answer_sentence),
figures that differ (disagreement), the answer as HTML (page). Imports the layers below
(core to stores).
"""
