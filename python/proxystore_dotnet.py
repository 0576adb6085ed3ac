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


# References shared with ProxyStore for .NET ---------------------------------------------------
#
# A neutral JSON reference: the store's config as Python dumps it and the key.
#
#     {"format": "proxystore-reference/1",
#      "store": {"name": ..., "connector": {"kind": ..., "options": {...}}},
#      "key": {"redis_key": ...} or {"filename": ...},
#      "evict": false}
#
# When PROXYSTORE_REFERENCE_KEY holds the application's reference key (Base64, at least 32
# bytes), references are signed as .NET signs them, {"kid", "sig", "ref"}, and unsigned ones are
# refused; a process without the key refuses signed ones.

REFERENCE_FORMAT = 'proxystore-reference/1'
_FILE_KIND = 'proxystore.connectors.file.FileConnector'
_REDIS_KIND = 'proxystore.connectors.redis.RedisConnector'
_PLAIN_ID = __import__('re').compile(r'^[A-Za-z0-9_-]{1,128}$')


class ReferenceError(ValueError):  # noqa: A001 - the module's own name for a refused reference
    """A neutral reference was refused: malformed, unsigned, altered, or naming what does not cross."""


def _reference_key() -> bytes | None:
    import base64
    import os

    text = os.environ.get('PROXYSTORE_REFERENCE_KEY')
    if not text:
        return None
    secret = base64.b64decode(text.strip(), validate=True)
    if len(secret) < 32:
        raise ReferenceError('PROXYSTORE_REFERENCE_KEY must hold at least 32 bytes')
    return secret


def _key_id(secret: bytes) -> str:
    import hashlib
    import hmac

    return hmac.new(secret, b'proxystore reference key id', hashlib.sha256).hexdigest()[:16]


def _signature(secret: bytes, ref: bytes) -> str:
    import base64
    import hashlib
    import hmac

    return base64.urlsafe_b64encode(hmac.new(secret, ref, hashlib.sha256).digest()).rstrip(b'=').decode()


def _sign(ref: bytes) -> bytes:
    secret = _reference_key()
    if secret is None:
        return ref
    head = json.dumps({'kid': _key_id(secret), 'sig': _signature(secret, ref)}, separators=(',', ':'))
    return head[:-1].encode() + b',"ref":' + ref + b'}'


def _open(data: bytes) -> bytes:
    """The reference inside a signed envelope, checked; or the reference as it is when unsigned."""
    import hmac
    import re

    secret = _reference_key()
    envelope = re.match(rb'\s*\{\s*"kid"\s*:\s*"([0-9a-f]+)"\s*,\s*"sig"\s*:\s*"([A-Za-z0-9_-]+)"\s*,\s*"ref"\s*:\s*', data)
    if envelope is None:
        if secret is not None:
            raise ReferenceError('the reference is not signed, and this process holds a reference key')
        return data
    if secret is None:
        raise ReferenceError('the reference is signed, and this process holds no reference key (PROXYSTORE_REFERENCE_KEY)')
    kid, sig = envelope.group(1).decode(), envelope.group(2).decode()
    if kid != _key_id(secret):
        raise ReferenceError(f'the reference is signed with a key this process does not hold (key id {kid!r})')
    _, end = json.JSONDecoder().raw_decode(data.decode(), envelope.end())
    ref = data[envelope.end():len(data.decode()[:end].encode())]
    if data[len(ref) + envelope.end():].strip() != b'}':
        raise ReferenceError('the signed reference holds something after its ref')
    if not hmac.compare_digest(sig, _signature(secret, ref)):
        raise ReferenceError(f'the signature of the reference does not match its contents under key {kid!r}: it was altered')
    return ref


def to_reference(proxy: Any) -> bytes:
    """The neutral reference of ``proxy``, a proxy of a Python store on files or Redis; does not resolve it."""
    from proxystore.proxy import get_factory
    from proxystore.store.factory import StoreFactory

    factory = get_factory(proxy)
    if not isinstance(factory, StoreFactory):
        raise ReferenceError('only proxies of a store have a reference')
    config = factory.store_config
    kind = config.connector.get_connector_type()
    path = f'{kind.__module__}.{kind.__qualname__}'
    if path == _FILE_KIND:
        options, key = {'store_dir': config.connector.options['store_dir'], 'clear': False}, {'filename': factory.key.filename}
    elif path == _REDIS_KIND:
        options = {'hostname': config.connector.options['hostname'], 'port': config.connector.options['port'], 'clear': False}
        key = {'redis_key': factory.key.redis_key}
    else:
        raise ReferenceError(f'store {config.name!r} has a {path}; only FileConnector and RedisConnector stores are shared with .NET')
    ref = {
        'format': REFERENCE_FORMAT,
        'store': {'name': config.name, 'connector': {'kind': path, 'options': options}},
        'key': key,
        'evict': bool(factory.evict),
    }
    return _sign(json.dumps(ref, separators=(',', ':'), ensure_ascii=False).encode())


def from_reference(data: bytes | str) -> Any:
    """A Python proxy of the object a neutral reference (made here or by .NET) names; not resolved yet."""
    from proxystore.connectors.file import FileKey
    from proxystore.connectors.redis import RedisKey
    from proxystore.store import get_or_create_store
    from proxystore.store.config import ConnectorConfig
    from proxystore.store.config import StoreConfig

    register()
    raw = _open(data.encode() if isinstance(data, str) else bytes(data))
    ref = json.loads(raw)
    if not isinstance(ref, dict) or ref.get('format') != REFERENCE_FORMAT:
        raise ReferenceError(f'not a neutral reference: its format is not {REFERENCE_FORMAT!r}')
    store, key = ref.get('store') or {}, ref.get('key') or {}
    connector = store.get('connector') or {}
    kind, options = connector.get('kind'), connector.get('options') or {}
    if kind == _FILE_KIND:
        options = {'store_dir': options['store_dir'], 'clear': False}
        key_tuple = FileKey(filename=key.get('filename', ''))
        key_id = key_tuple.filename
    elif kind == _REDIS_KIND:
        options = {'hostname': options['hostname'], 'port': int(options['port']), 'clear': False}
        key_tuple = RedisKey(redis_key=key.get('redis_key', ''))
        key_id = key_tuple.redis_key
    else:
        raise ReferenceError(f'the reference names the connector {kind!r}; only FileConnector and RedisConnector are shared')
    if not _PLAIN_ID.match(key_id):
        raise ReferenceError(f'the key {key_id!r} is not a plain id (letters, digits, - and _)')
    config = StoreConfig(name=store['name'], connector=ConnectorConfig(kind=kind, options=options))
    return get_or_create_store(config).proxy_from_key(key_tuple, evict=bool(ref.get('evict', False)))
