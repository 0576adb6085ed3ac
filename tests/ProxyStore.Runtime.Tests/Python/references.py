"""Neutral references between Python ProxyStore and ProxyStore for .NET, for PythonReferenceTests.

    make NAME redis HOST PORT | make NAME file DIR    a Python store puts an array; prints its reference
    resolve REFERENCE                                 resolves a reference into a Python proxy; prints the value
    refuse REFERENCE                                  prints why a reference is refused (or null)
"""

import base64
import json
import sys

import numpy as np

import proxystore_dotnet
from proxystore.connectors.file import FileConnector
from proxystore.connectors.redis import RedisConnector
from proxystore.proxy import extract
from proxystore.proxy import is_resolved
from proxystore.store import Store

VALUES = [1.5, -0.0, 2.25e300, -7.0, 5e-324]


def main(command, *args):
    if command == 'make':
        name, kind, *medium = args
        connector = RedisConnector(medium[0], int(medium[1])) if kind == 'redis' else FileConnector(medium[0], clear=False)
        store = Store(name, connector, register=True)
        proxy = store.proxy(np.array(VALUES, dtype=np.float64))
        return {'reference': proxy_dotnet_text(proxy)}
    if command == 'resolve':
        proxy = proxystore_dotnet.from_reference(args[0])
        resolved_before = is_resolved(proxy)
        value = extract(proxy)
        return {
            'resolved_before': resolved_before,
            'type': type(value).__name__,
            'dtype': str(value.dtype),
            'shape': list(value.shape),
            'bytes': base64.b64encode(np.ascontiguousarray(value).tobytes()).decode(),
        }
    if command == 'refuse':
        try:
            proxystore_dotnet.from_reference(args[0])
        except Exception as e:  # noqa: BLE001 - the test reads the refusal
            return {'error': f'{type(e).__name__}: {e}'}
        return {'error': None}
    raise SystemExit(f'unknown command {command}')


def proxy_dotnet_text(proxy):
    return proxystore_dotnet.to_reference(proxy).decode()


if __name__ == '__main__':
    print(json.dumps(main(*sys.argv[1:])))
