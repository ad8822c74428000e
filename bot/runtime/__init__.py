"""How the process runs: the event loop, the frozen start-up heap, structured logs and the
Redis FSM storage."""
