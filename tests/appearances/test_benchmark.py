"""The export benchmark script works and leaves nothing behind (its figures are not tested)."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from appearances import benchmark
from appearances.models import Appearance

pytestmark = pytest.mark.django_db


def test_benchmark_reports_every_format_and_rolls_its_rows_back():
    results = benchmark.run(rows=25, formats=("csv", "xlsx"))
    assert [r["format"] for r in results] == ["csv", "xlsx"]
    for result in results:
        assert result["rows"] == 25
        assert result["bytes"] > 0
        assert result["peak_python_memory_mib"] > 0
    assert not Appearance.objects.exists()


def test_benchmark_command_prints_a_table_and_writes_json(tmp_path):
    out = StringIO()
    path = tmp_path / "bench.json"
    call_command("benchmark_exports", rows=10, formats="csv", json_path=str(path), stdout=out)
    assert "rows/s" in out.getvalue()
    assert json.loads(path.read_text())[0]["format"] == "csv"
