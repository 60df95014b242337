"""A loopback mktows server: the protocol as documented, for tests and demos.

Marketo retired the SOAP API, so nothing real is left to test a client against.
The simulator speaks the documented protocol through the generated package
itself: it verifies signatures and timestamps, answers all operations from its
own state (in memory, or SQLite with ``--db``), pages with opaque positions,
enforces the account limits, and can inject latency and failures.

    with SimulatorServer(ServerConfig(user_id="u", secret="s", port=0)) as server:
        client = Client(server.endpoint, "u", "s")
"""

from __future__ import annotations

from generator.profiles.mktows.simulator.config import ServerConfig
from generator.profiles.mktows.simulator.server import SimulatorServer

__all__ = ["ServerConfig", "SimulatorServer"]
