"""JSON values shared with ProxyStore for .NET.

ProxyStore for .NET stores records, dictionaries and other values that are not bytes, strings
or arrays as JSON under the tag ``JS``, which Python ProxyStore does not know. This module
reads and writes them:

    import proxystore_dotnet
    proxystore_dotnet.register()                       # the default deserializer reads JS values
    key = store.put({'sensor': 't1'}, serializer=proxystore_dotnet.serialize_json)

Python ProxyStore's own tags (BS bytes, US str, NP numpy arrays) need nothing from here, and
.NET reads pickles (PK) of plain data: None, bools, ints, floats, str, bytes, lists, tuples
and dicts.
"""

from __future__ import annotations

import json
from typing import Any

IDENTIFIER = b'JS'


def serialize_json(obj: Any) -> bytes:
    """Serialize ``obj`` as ``JS\\n`` and its JSON (NaN and infinities are refused)."""
    return IDENTIFIER + b'\n' + json.dumps(obj, allow_nan=False, ensure_ascii=False).encode()


def deserialize_json(data: bytes) -> Any:
    """Deserialize a ``JS`` value written by :func:`serialize_json` or by .NET."""
    data = bytes(data)
    if not data.startswith(IDENTIFIER + b'\n'):
        raise ValueError('not a JS value: it does not start with JS and a newline')
    return json.loads(data[len(IDENTIFIER) + 1:])


class _JsonSerializer:
    identifier = IDENTIFIER
    name = 'json (ProxyStore for .NET)'

    def supported(self, obj: Any) -> bool:
        # Never chosen when serializing by default: pickle stays Python's default.
        return False

    def serialize(self, obj: Any, buffer: Any) -> None:
        buffer.write(json.dumps(obj, allow_nan=False, ensure_ascii=False).encode())

    def deserialize(self, buffer: Any) -> Any:
        return json.loads(buffer.read())


def register() -> None:
    """Teach ``proxystore.serialize.deserialize`` the ``JS`` tag; calling it again is harmless."""
    from proxystore import serialize

    if IDENTIFIER not in serialize._SERIALIZERS:
        serialize._register_serializer(_JsonSerializer)
