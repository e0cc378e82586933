"""Layout generator: the fixtures' gold content rendered with ReportLab in seeded styles, each
rendering with its own exact gold (render.py), checked against the pipeline (harness.py).

Modules: style (the seeded variations), fonts, page (drawing model, word wrapping), body (cover,
contents, body pages with footnotes), attachment (work-schedule forms), render (one rendering and
its gold), harness (extraction vs gold), stress (`make stress` and the in-suite expectations).
"""
