"""The one door into the engine: ``calculate(name, inputs) -> dict`` (JSON in, JSON out)."""
from __future__ import annotations

import json
from typing import Any

from .errors import InputError
from .law import rough
from .law.inputs import json_schema, parse
from .law.scalars import quote
from .registry import CALCULATORS, module, title


def _module(name: str):
    if not isinstance(name, str) or name not in CALCULATORS:
        raise InputError("calculator", f"There is no calculator called {quote(name)}. "
                                       f"The calculators are: {', '.join(CALCULATORS)}")
    return module(name)


def calculate(name: str, inputs: dict[str, Any]) -> dict[str, Any]:
    """Run calculator ``name`` on JSON-like ``inputs``; raises InputError for bad input.

    Besides its outputs, ``explanation``, ``citations`` and ``warnings``, every answer carries
    ``rules_from``: for each output that holds a date, the commencement of the rule that produced it.
    A date may be given as a month (``2019-03``) or a year (``2019``): see law/rough.py.
    """
    module = _module(name)

    def answer(raw: Any) -> dict[str, Any]:
        return {"calculator": name, **module.calculate(parse(module.Inputs, raw)).to_dict()}

    return rough.calculate(module.Inputs, inputs, answer, module)


def answer_json(name: str, text: str) -> str:
    """The browser's door (calculators/worker.js): JSON text in, JSON text out.

    ``{"result": ...}``, the InputError as ``{"error": {field, message}}``, or for a fault in the
    engine ``{"error": {"field": null, "unexpected": <its kind>, "name": <a missing module's name>}}``:
    its kind only, never the inputs, which may identify someone.
    """
    try:
        return json.dumps({"result": calculate(name, json.loads(text))})
    except InputError as exc:
        return json.dumps(exc.to_dict())
    except Exception as exc:  # noqa: BLE001 (reported by kind, the page says what to do)
        return json.dumps({"error": {"field": None, "unexpected": type(exc).__name__,
                                     "name": getattr(exc, "name", None)}})


def schema(name: str) -> dict[str, Any]:
    """JSON Schema of the calculator's inputs, with labels, hints and when each field shows or is needed.

    ``x-outputs`` labels each output; ``x-output-values`` gives the words for each output whose
    value is a code (``{output: {code: words}}``; ``limits.authorised_by`` is a key inside each
    entry of the list ``limits``).
    """
    module = _module(name)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": name,
            "title": title(name), "description": (module.__doc__ or "").strip().split("\n")[0],
            **json_schema(module.Inputs), "x-outputs": module.OUTPUTS,
            "x-output-values": getattr(module, "OUTPUT_VALUES", {})}


def calculators() -> list[str]:
    return list(CALCULATORS)
