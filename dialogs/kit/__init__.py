"""What every aiogram-dialog dialog of the bot is built with.

- `setup(dp)`: aiogram-dialog on the dispatcher, with `ScreenMessages` (screens.py).
- `Fluent(key)`: a text widget that renders a key of `locales/` in the person's language.
- `close(manager, text)`: end a dialog on a last screen that says how it ended (no buttons).
- stale.py: a button of a dialog that is gone explains itself (UnknownIntent, OutdatedIntent).
- `Stray()`: last in a window, answers a tap of another window's button without a redraw.

Getters and handlers reach the services through `dialog_manager.middleware_data` (the
middlewares of bot/middlewares fill it for every update, dialogs included).
"""
