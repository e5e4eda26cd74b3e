# Evaluated once in every script's own context (never shared between scripts). Turns the frame
# handed over as JSON into CloudKitty's 2023.1+ dict (qty and price as decimal.Decimal, the period
# as datetimes), runs the script with fresh globals holding only `data`, and hands `data` back.
import datetime as _dt
import decimal as _decimal
import json as _json


def _encode(value):
    if isinstance(value, _decimal.Decimal):
        return str(value)
    if isinstance(value, _dt.datetime):
        return value.isoformat()
    raise TypeError("data holds a %s, which a rated frame cannot carry" % type(value).__name__)


def _parse_time(text):
    return _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


class ScriptExit(Exception):
    pass


def _decimals(data):
    # qty and price travel as exact decimal text; scripts get decimal.Decimal, as in CloudKitty
    usage = data.get("usage")
    if not isinstance(usage, dict):
        return
    for points in usage.values():
        if not isinstance(points, list):
            continue
        for point in points:
            if not isinstance(point, dict):
                continue
            vol = point.get("vol")
            if isinstance(vol, dict) and isinstance(vol.get("qty"), (str, int, float)):
                vol["qty"] = _decimal.Decimal(str(vol["qty"]))
            rating = point.get("rating")
            if isinstance(rating, dict) and isinstance(rating.get("price"), (str, int, float)):
                rating["price"] = _decimal.Decimal(str(rating["price"]))


def ratekit_run(code, payload, max_output):
    data = _json.loads(payload)
    _decimals(data)
    period = data.get("period")
    if isinstance(period, dict):
        for key in ("begin", "end"):
            if isinstance(period.get(key), str):
                period[key] = _parse_time(period[key])
    scope = {"data": data, "__name__": "__ratekit_script__"}
    try:
        exec(code, scope)
    except SystemExit as e:
        raise ScriptExit("called sys.exit(%s); a script must leave its result in 'data'" % (e.code,))
    if "data" not in scope:
        raise ValueError("the script deleted the global 'data'")
    out = _json.dumps(scope["data"], default=_encode)
    if len(out) > max_output:
        raise ValueError("the script's data is %d characters, more than the %d allowed" % (len(out), max_output))
    return out


def ratekit_compile(source, name):
    return compile(source, "<PyScripts: %s>" % name, "exec")
