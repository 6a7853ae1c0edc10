"""Schemathesis hooks for `kmmtop serve`: the rules an OpenAPI schema cannot state.

A request window must lie in the last 24 hours of the server's clock, so a generated integer `from`/`to`
(almost always decades off) would stop every case at the first check and the engine would never be
reached. Where both bounds are integers, they are moved into the last hour, keeping their order and
their (clamped) span. Anything else, a string or a float where an integer belongs, is left alone for the
negative cases to find.
"""
import time

import schemathesis

HOUR = 3_600_000


@schemathesis.hook
def map_body(context, body):
    if not isinstance(body, dict):
        return body
    filters = body.get("filters")
    if not isinstance(filters, dict):
        return body
    window = filters.get("time")
    if not isinstance(window, dict):
        return body
    start, end = window.get("from"), window.get("to")
    if type(start) is not int or type(end) is not int:
        return body
    # Beyond 64 bits a bound is a negative case of its own (the schema's int64): keep it.
    if not all(-(2**63) <= v < 2**63 for v in (start, end)):
        return body
    now = int(time.time() * 1000)
    span = min(max(end - start, 0), HOUR)
    window["to"] = now - (0 if end >= start else -1)
    window["from"] = window["to"] - span if end >= start else window["to"] + 1
    return body
