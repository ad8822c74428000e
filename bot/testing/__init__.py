"""The fake Telegram session, the harness on the real Dispatcher, and the demo built on them.

Imported by the tests, the benchmarks and `stobot demo`; never by the running bot."""
