"""The Bitrix24 mirror: the relay that sends the outbox, the mapping, setup and checks.

    relay = Relay(session_factory, Bitrix24Client.from_settings(settings), texts, shop=shop)
    await relay.run_forever(stop)          # in the bot process, beside the dispatcher

See `relay` for the cycle, `pipe` for batching, `claims` for taking messages safely from
several processes, and one module per entity (`contacts`, `cars`, `deals`, `tasks`,
`comments`) for what is sent.
"""
