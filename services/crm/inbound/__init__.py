"""Two-way sync, the portal's side: what the shop does in Bitrix24 reaches the bot.

    ok = Verifier(token, domain).accepts(payload); await inbox.store(session, payload, now)
    await process_pending(Inbound(factory, client, mapping, texts, telling))
    await reconcile(inbound, client)       # scheduled: catches what a lost delivery missed

`inbox` keeps deliveries (checked, deduplicated), `processor` hands each to its applier
(`deals`, `entities`), which re-read the entity and go through the bot's own use cases;
`reconcile` lists what changed since the watermark and uses the same appliers.
"""
