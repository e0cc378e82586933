"""Compare two editions of the roadmap: pure functions over the rows of the extracted tables.

`measures` aligns the numbered measures (renumber-aware), `schedules` the work-schedule tables
through their measures, `document` the rest of the text; `text` holds the comparison keys,
similarities and the word-level redline they share. Nothing here reads or writes files.
"""
