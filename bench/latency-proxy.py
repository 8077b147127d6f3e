#!/usr/bin/env python3
"""A TCP proxy on loopback that delays every byte by a fixed one-way latency, in both directions, without limiting
throughput: each chunk is forwarded <one-way ms> after it arrived, in order. bench/tenant-store.sh puts it in front
of Postgres (BENCH_DB_RTT_MS) to model a database across a network, as Neon is.

    latency-proxy.py <listen-port> <target-host> <target-port> <round-trip-ms>
"""
import asyncio
import sys


async def pump(reader, writer, delay):
    queue = asyncio.Queue()

    async def forward():
        loop = asyncio.get_running_loop()
        while True:
            due, chunk = await queue.get()
            if chunk is None:
                break
            wait = due - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            writer.write(chunk)
            await writer.drain()
        writer.close()

    forwarder = asyncio.create_task(forward())
    loop = asyncio.get_running_loop()
    try:
        while True:
            chunk = await reader.read(65536)
            if not chunk:
                break
            queue.put_nowait((loop.time() + delay, chunk))
    except ConnectionError:
        pass
    queue.put_nowait((0, None))
    try:
        await forwarder
    except ConnectionError:
        pass


async def main(listen_port, host, port, rtt_ms):
    one_way = rtt_ms / 2000.0

    async def handle(client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.open_connection(host, port)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(pump(client_reader, server_writer, one_way), pump(server_reader, client_writer, one_way))

    server = await asyncio.start_server(handle, "127.0.0.1", listen_port)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4])))
