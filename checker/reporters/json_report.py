"""``--format json``: the documented report, byte-identical for the same inputs and as-of date."""
import json

from . import reporter


@reporter("json")
def render(report, context) -> str:
    return json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n"
