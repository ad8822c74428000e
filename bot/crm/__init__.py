"""The Bitrix24 side of the bot process: the relay task, the portal's webhook and inbound loop,
and the `stobot b24` commands with their advice."""
