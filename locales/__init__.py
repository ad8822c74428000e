"""The Fluent messages (`<lang>/*.ftl`), shipped as package data; `bot.i18n` finds them here."""
