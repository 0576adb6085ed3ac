"""Python ProxyStore's side of StreamThroughputBenchmarks (docs/benchmarks.md, issue 18).

The same shape as the .NET benchmark: a producer sends ``bytes`` items to one topic and a
consumer in the same process (a thread here, a task there) reads every item back in full with
``next_object()``; the events go through Redis pub/sub or a Redis queue (ProxyStore's
``RedisPublisher``/``RedisSubscriber`` and ``RedisQueuePublisher``/``RedisQueueSubscriber``
shims) and the data through a Redis store, a FileConnector on /dev/shm (the same-host medium;
``cache_size=0``, ``evict=True``) or inline in the events. One invocation sends 256, 16, 4 or 2 items (1 KB, 1 MB, 10 MB, 100 MB) and waits until
the consumer has read them all; the script prints the mean over the timed invocations as items/s
and MB/s (MB = 2**20 bytes, as the .NET side reports); ``--json PATH`` also writes them to a
file that scripts/bench-report.py reads.

Python ProxyStore is not installed here and this machine has no PyPI: point ``--proxystore``
at a source checkout (for example ``git archive`` of its repository) and ``--site`` at a
directory holding the ``redis`` package (Debian's ``python3-redis`` puts it in
``/usr/lib/python3/dist-packages``), appended to the path so it shadows nothing. The source
tree's ``tomli_w`` import and version lookup are patched in this process only.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import json
import statistics
import sys
import threading
import time
import types
import uuid

MIB = 1024 * 1024
SIZES = {'1KB': 1024, '1MB': MIB, '10MB': 10 * MIB, '100MB': 100 * MIB}


def items_per_invocation(size: int) -> int:
    if size <= 1024:
        return 256
    if size <= MIB:
        return 16
    if size <= 10 * MIB:
        return 4
    return 2


def load(proxystore: str, site: str):
    sys.path.append(site)
    sys.modules.setdefault('tomli_w', types.ModuleType('tomli_w'))
    real_version = importlib.metadata.version
    importlib.metadata.version = lambda name: '0.0.0' if name == 'proxystore' else real_version(name)
    sys.path.insert(0, proxystore)
    import redis  # noqa: F401  (fails here, clearly, when --site lacks it)

    from proxystore.connectors.redis import RedisConnector
    from proxystore.store import Store
    from proxystore.stream import StreamConsumer, StreamProducer
    from proxystore.stream.shims import redis as shims

    return Store, RedisConnector, StreamProducer, StreamConsumer, shims


def make_store(modules, host: str, port: int, data: str):
    """The store the items go through: Redis, a FileConnector on /dev/shm (Python's nearest
    equivalent of a shared-memory store: the same-host medium), or none (inline)."""
    Store, RedisConnector = modules[0], modules[1]
    name = 'stream-py-' + uuid.uuid4().hex
    if data == 'redis':
        return Store(name, RedisConnector(host, port), cache_size=0, register=False)
    if data == 'shared-memory':
        from proxystore.connectors.file import FileConnector

        return Store(name, FileConnector(f'/dev/shm/proxystore-pystream-{uuid.uuid4().hex}', clear=True), cache_size=0, register=False)
    return None


def run_case(modules, host: str, port: int, size: int, broker: str, data: str, invocations: int) -> tuple[float, float]:
    Store, RedisConnector, StreamProducer, StreamConsumer, shims = modules
    topic = 'proxystore-py-stream:' + uuid.uuid4().hex[:8]
    store = make_store(modules, host, port, data)
    if broker == 'queue':
        subscriber = shims.RedisQueueSubscriber(host, port, topic)
        publisher = shims.RedisQueuePublisher(host, port)
    else:
        subscriber = shims.RedisSubscriber(host, port, topic)
        publisher = shims.RedisPublisher(host, port)
    consumer = StreamConsumer(subscriber)
    producer = StreamProducer(publisher, stores={topic: store})
    item = bytes(bytearray((i * 31) & 0xFF for i in range(min(size, 4096)))) * (size // min(size, 4096))
    item = item + bytes(size - len(item))
    count = items_per_invocation(size)

    def invoke() -> float:
        received = []

        def consume() -> None:
            received.append(sum(len(consumer.next_object()) for _ in range(count)))

        reader = threading.Thread(target=consume)
        start = time.perf_counter()
        reader.start()
        for _ in range(count):
            producer.send(topic, item, evict=True)
        reader.join()
        elapsed = time.perf_counter() - start
        if received != [count * size]:
            raise RuntimeError(f'the consumer read {received} bytes of {count * size}')
        return elapsed

    try:
        invoke()  # warm-up: connections, first events
        times = [invoke() for _ in range(invocations)]
    finally:
        producer.close(stores=False)
        consumer.close(stores=False)
        if store is not None:
            store.close()
    mean = statistics.mean(times)
    return count / mean, count * size / MIB / mean


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--proxystore', required=True, help='a source checkout of ProxyStore')
    parser.add_argument('--site', default='/usr/lib/python3/dist-packages', help='where the redis package is')
    parser.add_argument('--redis', default='127.0.0.1:6499', help='host:port of the Redis server')
    parser.add_argument('--sizes', default='1KB,1MB,10MB,100MB')
    parser.add_argument('--brokers', default='pubsub,queue')
    parser.add_argument('--data', default='redis,shared-memory,inline', help='redis, shared-memory (FileConnector on /dev/shm) and/or inline')
    parser.add_argument('--invocations', type=int, default=5)
    parser.add_argument('--json', help='also write the results to this file (for scripts/bench-report.py)')
    args = parser.parse_args()
    host, port = args.redis.rsplit(':', 1)
    modules = load(args.proxystore, args.site)

    import redis

    # Inline items of 10 MB and more pass Redis's default pub/sub output buffer limit (32 MB).
    redis.Redis(host=host, port=int(port)).config_set('client-output-buffer-limit', 'pubsub 0 0 0')
    print(f'{"size":>6} {"broker":>7} {"data":>13} {"items/s":>10} {"MB/s":>9}', flush=True)
    results = []
    for name in args.sizes.split(','):
        for broker in args.brokers.split(','):
            for data in args.data.split(','):
                items, mbs = run_case(modules, host, int(port), SIZES[name], broker, data, args.invocations)
                print(f'{name:>6} {broker:>7} {data:>13} {items:10.1f} {mbs:9.1f}', flush=True)
                results.append({'case': {'size': SIZES[name], 'broker': broker, 'data': data}, 'items_per_s': items, 'mb_per_s': mbs})
    if args.json:
        document = {'script': 'stream_throughput', 'measured': datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'),
                    'python': sys.version.split()[0], 'invocations': args.invocations, 'results': results}
        with open(args.json, 'w', encoding='utf-8') as file:
            json.dump(document, file, indent=1)


if __name__ == '__main__':
    main()
