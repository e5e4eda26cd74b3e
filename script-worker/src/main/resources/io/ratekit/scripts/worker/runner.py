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


class InvalidData(Exception):
    pass


_NUMBER = (_decimal.Decimal, int, float)


def _validate(data):
    # the shape CloudKitty's DataFrame.from_dict accepts; the processor checks it again, strictly
    if not isinstance(data, dict):
        raise InvalidData("data: must be a dict with period and usage, got %s" % type(data).__name__)
    extra = set(data) - {"period", "usage"}
    if extra:
        raise InvalidData("data.%s: is not allowed (a frame has only period and usage)" % sorted(extra)[0])
    usage = data.get("usage")
    if not isinstance(usage, dict):
        raise InvalidData("data.usage: must be a dict of metric type to a list of points")
    for kind, points in usage.items():
        if not isinstance(points, list):
            raise InvalidData("data.usage.%s: must be a list of points" % kind)
        for i, point in enumerate(points):
            where = "data.usage.%s[%d]" % (kind, i)
            if not isinstance(point, dict):
                raise InvalidData(where + ": must be a dict")
            vol = point.get("vol")
            if not isinstance(vol, dict) or not isinstance(vol.get("qty"), _NUMBER) or isinstance(vol.get("qty"), bool):
                raise InvalidData(where + ".vol.qty: must be a number")
            rating = point.get("rating")
            if rating is not None:
                if not isinstance(rating, dict):
                    raise InvalidData(where + ".rating: must be a dict")
                price = rating.get("price")
                if price is not None and (not isinstance(price, _NUMBER) or isinstance(price, bool)):
                    raise InvalidData(where + ".rating.price: must be a number, got %s" % type(price).__name__)
                if isinstance(price, _decimal.Decimal) and not price.is_finite():
                    raise InvalidData(where + ".rating.price: must be finite, got %s" % price)


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
        raise InvalidData("data: the script deleted the global 'data'")
    _validate(scope["data"])
    out = _json.dumps(scope["data"], default=_encode)
    if len(out) > max_output:
        raise InvalidData("the script's data is %d characters, more than the %d allowed" % (len(out), max_output))
    return out


def ratekit_compile(source, name):
    return compile(source, "<PyScripts: %s>" % name, "exec")
