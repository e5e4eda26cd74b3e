# Evaluated in every blank context before it is handed its one script on its one frame (the worker
# never reuses a context: nothing a script changes - builtins, modules, classes, the decimal
# context, these functions - outlives its frame). Turns the frame handed over as JSON into
# CloudKitty's 2023.1+ dict (qty and price as decimal.Decimal, the period as datetimes) and, after
# the script, checks what it left and hands it back as JSON with exact decimal text.
#
# Everything lives in closures: the worker takes the three functions and deletes their names from
# __main__; the script runs with globals of its own that hold only `data`.


def _ratekit_runner():
    import datetime as _dt
    import decimal as _decimal
    import json as _json

    class InvalidData(Exception):
        pass

    class ScriptExit(Exception):
        pass

    Decimal = _decimal.Decimal
    half_even = _decimal.ROUND_HALF_EVEN
    wide = _decimal.Context(prec=1000)
    scale = Decimal("1E-40")   # the processor keeps at most 40 decimals
    # Quantities and prices repeat (vCPU counts, RAM sizes, unrated 0): each distinct text is
    # parsed once per frame; every number still gets a Decimal of its own (a pure-Python Decimal's
    # fields can be written). texts maps the frame's Decimals back to their text, holding them so
    # ids stay unique.
    parsed = {}
    texts = {}
    fast = all(hasattr(Decimal("1"), f) for f in ("_exp", "_int", "_sign", "_is_special"))

    def dec(text):
        if not fast:
            d = Decimal(text)
        else:
            parts = parsed.get(text)
            if parts is None:
                p = Decimal(text)
                parts = (p._exp, p._int, p._sign, p._is_special)
                parsed[text] = parts
            d = object.__new__(Decimal)
            d._exp, d._int, d._sign, d._is_special = parts
        texts[id(d)] = (d, text)
        return d

    def is_number_text(value):
        # the processor sends decimal text; JSON numbers are read as CloudKitty does, Decimal(str(x))
        return isinstance(value, (str, int, float)) and not isinstance(value, bool)

    def prepare(payload):
        # CloudKitty's arithmetic: 28 digits, HALF_EVEN (Python's default, set explicitly all the same)
        _decimal.setcontext(_decimal.Context(prec=28, rounding=half_even, Emin=-999999, Emax=999999, capitals=1,
                                             clamp=0, flags=[],
                                             traps=[_decimal.DivisionByZero, _decimal.Overflow, _decimal.InvalidOperation]))
        texts.clear()  # a context sees one frame; this only keeps a misuse from growing without bound
        data = _json.loads(payload)
        usage = data.get("usage")
        if isinstance(usage, dict):
            for points in usage.values():
                if not isinstance(points, list):
                    continue
                for point in points:
                    if not isinstance(point, dict):
                        continue
                    vol = point.get("vol")
                    if isinstance(vol, dict) and is_number_text(vol.get("qty")):
                        vol["qty"] = dec(str(vol["qty"]))
                    rating = point.get("rating")
                    if isinstance(rating, dict) and is_number_text(rating.get("price")):
                        rating["price"] = dec(str(rating["price"]))
        period = data.get("period")
        if isinstance(period, dict):
            for key in ("begin", "end"):
                if isinstance(period.get(key), str):
                    period[key] = _dt.datetime.fromisoformat(period[key].replace("Z", "+00:00"))
        return data

    def run(source, name, data):
        # a function call, not the context's main module: GraalPy reports a statement limit hit in
        # top-level code as an internal error, in a call as the limit it is
        code = compile(source, name, "exec")
        scope = {"data": data, "__name__": "__ratekit_script__"}
        try:
            exec(code, scope)
        except SystemExit as e:
            raise ScriptExit("called sys.exit(%s); a script must leave its result in 'data'" % (e.code,))
        if "data" not in scope:
            raise InvalidData("data: the script deleted the global 'data'")
        return scope["data"]

    def number_text(value, where):
        # the shape CloudKitty's DataFrame.from_dict accepts: Decimal, int or float (read as str(x))
        if isinstance(value, Decimal):
            known = texts.get(id(value))
            if known is not None and known[0] is value:
                return known[1]
            if not value.is_finite():
                raise InvalidData(where + ": must be finite, got %s" % value)
            if value.as_tuple().exponent < -40:
                value = value.quantize(scale, rounding=half_even, context=wide)
            return str(value)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise InvalidData(where + ": must be a number, got %s" % type(value).__name__)
        return str(value)

    def finish(data, max_output):
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
                    vol["qty"] = number_text(vol["qty"], "data.usage.%s[%d].vol.qty" % (kind, i))
                rating = point.get("rating")
                if rating is not None:
                    if not isinstance(rating, dict):
                        raise InvalidData("data.usage.%s[%d].rating: must be a dict" % (kind, i))
                    if rating.get("price") is not None and id(rating) not in done:
                        done.add(id(rating))
                        rating["price"] = number_text(rating["price"], "data.usage.%s[%d].rating.price" % (kind, i))
                i += 1
        try:
            out = _json.dumps(data)
        except (TypeError, ValueError) as e:
            raise InvalidData("data: cannot be handed back: %s" % e)
        if len(out) > max_output:
            raise InvalidData("the script's data is %d characters, more than the %d allowed" % (len(out), max_output))
        return out

    return prepare, run, finish


ratekit_prepare, ratekit_run, ratekit_finish = _ratekit_runner()
del _ratekit_runner
