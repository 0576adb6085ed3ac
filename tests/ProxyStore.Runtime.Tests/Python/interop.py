"""The Python side of PythonInteropTests: real Python ProxyStore on a real medium.

    interop.py produce redis HOST PORT | file DIR
        puts one value of each kind with Python ProxyStore's Store and prints {name: key id}.
    interop.py consume redis HOST PORT | file DIR KEYS_JSON
        gets each {name: key id} with Python ProxyStore's Store and prints {name: description}.
    interop.py evict redis HOST PORT | file DIR KEYS_JSON
        evicts each key through Python ProxyStore.
"""

import json
import os
import sys

import numpy

import proxystore_dotnet
from proxystore.connectors.file import FileConnector, FileKey
from proxystore.connectors.redis import RedisConnector, RedisKey
from proxystore.store import Store


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y


def open_store(args):
    if args[0] == 'redis':
        return Store('interop', RedisConnector(args[1], int(args[2]))), lambda i: RedisKey(redis_key=i), lambda k: k.redis_key, args[3:]
    if args[0] == 'file':
        return Store('interop', FileConnector(args[1], clear=False)), lambda i: FileKey(filename=i), lambda k: k.filename, args[2:]
    raise SystemExit(f'unknown medium {args[0]!r}')


def produce(store, key_id):
    values = {
        'bytes': b'\x00\x01raw\xff',
        'str': 'h\u00e9llo \U0001F40D',
        'f8_2d': numpy.arange(6, dtype=numpy.float64).reshape(2, 3) / 4,
        'f4': numpy.array([1.5, -2.25, numpy.inf], dtype=numpy.float32),
        'i4': numpy.array([-(2**31), 0, 2**31 - 1], dtype=numpy.int32),
        'i8': numpy.array([-(2**63), 2**63 - 1], dtype=numpy.int64),
        'u1': numpy.array([0, 7, 255], dtype=numpy.uint8),
        'bool': numpy.array([True, False, True]),
        'c16': numpy.array([1 + 2j, -0.5j]),
        'empty': numpy.zeros((0,), dtype=numpy.float64),
        'pickle': {'a': [1, 2.5, None, True], 'b': (b'xy', 'z'), 'big': 2**70},
        'class': Point(1, 2),
    }
    keys = {name: key_id(store.put(value)) for name, value in values.items()}
    keys['json'] = key_id(store.put({'sensor': 't1', 'value': 2.5, 'samples': [1, 2]}, serializer=proxystore_dotnet.serialize_json))
    return keys


def describe(value):
    if isinstance(value, numpy.ndarray):
        items = value.tolist()
        if value.dtype.kind == 'c':
            items = [[c.real, c.imag] for c in value.ravel().tolist()]
        return {'type': 'ndarray', 'dtype': str(value.dtype), 'shape': list(value.shape), 'c_order': bool(value.flags['C_CONTIGUOUS']), 'values': items}
    if isinstance(value, bytes):
        return {'type': 'bytes', 'hex': value.hex()}
    if isinstance(value, str):
        return {'type': 'str', 'value': value}
    if value is None:
        return {'type': 'None'}
    return {'type': type(value).__name__, 'value': value}


def main():
    proxystore_dotnet.register()
    command, args = sys.argv[1], sys.argv[2:]
    store, make_key, key_id, rest = open_store(args)
    if command == 'produce':
        print(json.dumps(produce(store, key_id)))
    elif command == 'consume':
        keys = json.loads(rest[0])
        print(json.dumps({name: describe(store.get(make_key(i))) for name, i in keys.items()}))
    elif command == 'evict':
        for i in json.loads(rest[0]).values():
            store.evict(make_key(i))
    else:
        raise SystemExit(f'unknown command {command!r}')
    store.close()


if __name__ == '__main__':
    main()
