"""The Bitrix24 integration: the REST client (`bitrix24`), the outbox our changes go through,
the mirror that relays them to the portal and the inbound side that applies the portal's."""
