"""What a browser would send from a page's form: tests fill in forms from the page itself, so a field
added to a form reaches them without being named again."""
from __future__ import annotations

import lxml.html


def form_values(html: str) -> dict:
    """The values a browser would send from the page's main form (the POST form with most fields);
    a name sent more than once has a list of its values."""
    forms = [form for form in lxml.html.fromstring(html).forms if form.method.upper() == "POST"]
    main = max(forms, key=lambda form: len(form.inputs))
    values: dict = {}
    for name, value in main.form_values():
        if name in values:
            values[name] = [*values[name], value] if isinstance(values[name], list) else [values[name], value]
        else:
            values[name] = value
    return values
