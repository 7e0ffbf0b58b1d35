"""``--format json``: the documented report, byte-identical for the same inputs and as-of date.

Written declaration by declaration; the bytes are those of ``json.dumps(report, indent=2)``.
"""

import json

from . import reporter


def _dump(value, depth: int) -> str:
    """``value`` as json.dumps(indent=2) writes it at nesting ``depth``."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * depth)


@reporter("json")
def render(report, context, out) -> None:
    out.write("{\n")
    for key, value in report.header().items():
        out.write(f"  {json.dumps(key)}: {_dump(value, 1)},\n")
    if not len(report.declarations):
        out.write('  "declarations": []\n}\n')
        return
    out.write('  "declarations": [\n')
    for index, decl in enumerate(report.declarations):
        out.write(("" if index == 0 else ",\n") + "    " + _dump(decl.to_json(), 2))
    out.write("\n  ]\n}\n")
