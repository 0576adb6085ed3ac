"""The Python side of samples/PythonInterop, run by the .NET program.

    producer.py produce DIR    puts three float64 arrays and a 2-D matrix in a Python store on DIR
                               and prints one neutral reference per line
    producer.py read REF       resolves a reference made by .NET and prints what Python sees
"""

import sys

import numpy as np

import proxystore_dotnet
from proxystore.connectors.file import FileConnector
from proxystore.proxy import extract
from proxystore.store import Store


def produce(directory):
    # clear=False: the .NET consumer reads the objects after this process has exited.
    store = Store('python-arrays', FileConnector(directory, clear=False), register=True)
    rng = np.random.default_rng(7)
    arrays = {
        'temperatures': rng.normal(15.0, 5.0, 1_000_000),
        'pressures': rng.normal(1013.0, 8.0, 1_000_000),
        'ramp': np.arange(1_000_000, dtype=np.float64),
        'matrix': np.arange(12, dtype=np.float64).reshape(3, 4),
    }
    for name, array in arrays.items():
        print(name, proxystore_dotnet.to_reference(store.proxy(array)).decode(), flush=True)


def read(reference):
    value = extract(proxystore_dotnet.from_reference(reference))
    print(f'python sees {type(value).__name__} {value.dtype} shape {value.shape}: {np.array2string(value, precision=4)}')


if __name__ == '__main__':
    {'produce': produce, 'read': read}[sys.argv[1]](*sys.argv[2:])
