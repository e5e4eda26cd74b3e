# Evaluated once in every script's own context (never shared between scripts). Turns the frame
# handed over as JSON into CloudKitty's 2023.1+ dict (qty and price as decimal.Decimal, the period
# as datetimes), runs the script with fresh globals holding only `data`, checks what it left and
# hands it back as JSON with exact decimal text.
import datetime as _dt
import decimal as _decimal
import json as _json


class ScriptExit(Exception):
    pass


class InvalidData(Exception):
    pass


# Every frame runs under CloudKitty's arithmetic (28 digits, HALF_EVEN), whatever an earlier frame
# of the same script did to the decimal context; built from names taken before any script ran.
_Context = _decimal.Context
_HALF_EVEN = _decimal.ROUND_HALF_EVEN
_TRAPS = [_decimal.DivisionByZero, _decimal.Overflow, _decimal.InvalidOperation]
_setcontext = _decimal.setcontext
_Decimal = _decimal.Decimal
_WIDE = _decimal.Context(prec=1000)
_SCALE = _decimal.Decimal("1E-40")   # the processor keeps at most 40 decimals


def _fresh_context():
    _setcontext(_Context(prec=28, rounding=_HALF_EVEN, Emin=-999999, Emax=999999, capitals=1, clamp=0,
                         flags=[], traps=_TRAPS))


# Quantities and prices repeat (vCPU counts, RAM sizes, unrated 0): each distinct text is parsed
# once; every frame still gets Decimals of its own (Python's decimal is the pure-Python one here,
# and a Decimal's fields can be written: a shared one could carry one frame's tampering into the
# next). _texts maps the frame's Decimals back to their text, holding them so ids stay unique.
_PARSED = {}
_PARSED_MAX = 100000
_FAST = all(hasattr(_Decimal("1"), f) for f in ("_exp", "_int", "_sign", "_is_special"))
_texts = {}


def _dec(text):
    if not _FAST:
        d = _Decimal(text)
    else:
        parts = _PARSED.get(text)
        if parts is None:
            if len(_PARSED) >= _PARSED_MAX:
                _PARSED.clear()
            p = _Decimal(text)
            parts = (p._exp, p._int, p._sign, p._is_special)
            _PARSED[text] = parts
        d = object.__new__(_Decimal)
        d._exp, d._int, d._sign, d._is_special = parts
    _texts[id(d)] = (d, text)
    return d


def _is_number_text(value):
    # the processor sends decimal text; JSON numbers are read as CloudKitty does, Decimal(str(x))
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def _prepare(data):
    usage = data.get("usage")
    if isinstance(usage, dict):
        for points in usage.values():
            if not isinstance(points, list):
                continue
            for point in points:
                if not isinstance(point, dict):
                    continue
                vol = point.get("vol")
                if isinstance(vol, dict) and _is_number_text(vol.get("qty")):
                    vol["qty"] = _dec(str(vol["qty"]))
                rating = point.get("rating")
                if isinstance(rating, dict) and _is_number_text(rating.get("price")):
                    rating["price"] = _dec(str(rating["price"]))
    period = data.get("period")
    if isinstance(period, dict):
        for key in ("begin", "end"):
            if isinstance(period.get(key), str):
                period[key] = _dt.datetime.fromisoformat(period[key].replace("Z", "+00:00"))


def _number_text(value, where):
    # the shape CloudKitty's DataFrame.from_dict accepts: Decimal, int or float (read as str(x))
    if isinstance(value, _decimal.Decimal):
        known = _texts.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        if not value.is_finite():
            raise InvalidData(where + ": must be finite, got %s" % value)
        if value.as_tuple().exponent < -40:
            value = value.quantize(_SCALE, rounding=_HALF_EVEN, context=_WIDE)
        return str(value)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidData(where + ": must be a number, got %s" % type(value).__name__)
    return str(value)


def _finish(data):
    # checks what the script left and turns numbers into exact text; the processor checks again
    if not isinstance(data, dict):
        raise InvalidData("data: must be a dict with period and usage, got %s" % type(data).__name__)
    for key in data:
        if key not in ("period", "usage"):
            raise InvalidData("data.%s: is not allowed (a frame has only period and usage)" % key)
    period = data.get("period")
    if isinstance(period, dict):
        for key in ("begin", "end"):
            if isinstance(period.get(key), _dt.datetime):
                period[key] = period[key].isoformat()
    usage = data.get("usage")
    if not isinstance(usage, dict):
        raise InvalidData("data.usage: must be a dict of metric type to a list of points")
    done = set()  # a script may put one dict in several places: convert it once
    for kind, points in usage.items():
        if not isinstance(points, list):
            raise InvalidData("data.usage.%s: must be a list of points" % kind)
        i = 0
        for point in points:
            if not isinstance(point, dict):
                raise InvalidData("data.usage.%s[%d]: must be a dict" % (kind, i))
            vol = point.get("vol")
            if not isinstance(vol, dict) or "qty" not in vol:
                raise InvalidData("data.usage.%s[%d].vol.qty: is required" % (kind, i))
            if id(vol) not in done:
                done.add(id(vol))
                vol["qty"] = _number_text(vol["qty"], "data.usage.%s[%d].vol.qty" % (kind, i))
            rating = point.get("rating")
            if rating is not None:
                if not isinstance(rating, dict):
                    raise InvalidData("data.usage.%s[%d].rating: must be a dict" % (kind, i))
                if rating.get("price") is not None and id(rating) not in done:
                    done.add(id(rating))
                    rating["price"] = _number_text(rating["price"], "data.usage.%s[%d].rating.price" % (kind, i))
            i += 1


def ratekit_run(code, payload, max_output):
    _texts.clear()
    _fresh_context()
    data = _json.loads(payload)
    _prepare(data)
    scope = {"data": data, "__name__": "__ratekit_script__"}
    try:
        exec(code, scope)
    except SystemExit as e:
        raise ScriptExit("called sys.exit(%s); a script must leave its result in 'data'" % (e.code,))
    if "data" not in scope:
        raise InvalidData("data: the script deleted the global 'data'")
    result = scope["data"]
    _finish(result)
    try:
        out = _json.dumps(result)
    except (TypeError, ValueError) as e:
        raise InvalidData("data: cannot be handed back: %s" % e)
    _texts.clear()
    if len(out) > max_output:
        raise InvalidData("the script's data is %d characters, more than the %d allowed" % (len(out), max_output))
    return out


def ratekit_compile(source, name):
    return compile(source, "<PyScripts: %s>" % name, "exec")
