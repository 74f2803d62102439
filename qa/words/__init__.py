"""Words and questions: BM25 and spelling (lexical), word by word (tokens), what kind
of answer is asked (answer_types), names of countries (aliases), a question's
language (languages), follow-ups (followup). Imports qa.core and qa.text.
"""
