"""What every aiogram-dialog dialog of the bot is built with.

- `setup(dp)` (setup.py): aiogram-dialog on the dispatcher, with `ScreenMessages` (screens.py).
- `Fluent(key)` (text.py): a text widget that renders a key of `locales/` in the person's
  language (`raw=True` for button labels).
- `close(manager, closed_state, text)` (close.py): end a dialog on a last screen that says how
  it ended, with no buttons, drawn by the dialog's `closed_window(closed_state)`.
- stale.py: a button of a dialog that is gone explains itself (UnknownIntent, OutdatedIntent).
- `choices(widget_id, items, on_click)` (choices.py): a button per (label, id) pair a getter
  lists.
- `Stray()`: last in a window, answers a tap of another window's button without a redraw.
- `open_over(manager, first, data)` (over.py): open a dialog over the one in progress, which
  waits below and is drawn again when it ends (the stage dialogs, the search, a delivery's
  new date).
- `open_alone(manager, state, first)` (over.py): open a dialog on a fresh stack (the new order,
  the director's screens).
- seat.py: the director's dialogs behind the role check, taking messages only in the states
  that ask for text (`directors_only`).
- feedback.py: how a refusal reads on a dialog screen (`error_text`, `warning`) and whether
  it ends the dialog; send_back.py: the send-back note on top of a redone stage's screens;
  expired.py: the catch-all for a tapped button whose screen is gone.

A dialog, as parts_walk, pre_issue and labour are built:
- its entry is a plain handler of the order's stage button that builds its data and calls
  `stage.start(manager, state, first_state, data)`: the send-back note is pinned, and the
  dialog opens in a new message below the card; the package's `entry()` is
  `stage.stage_entry(...)` (that handler) and its `setup()` the dialog;
- its data is one pydantic model in `dialog_data` (load/store helpers in its data.py);
- getters and handlers reach the services through `dialog_manager.middleware_data` (the
  middlewares of bot/middlewares fill it for every update, dialogs included);
- widget ids start with "w" and stay short: a button's callback data is the intent id, the
  widget id and the item id, within Telegram's 64 bytes; a hand-built button tapped while a
  dialog is open reaches the dialog and must not match one of its widgets.
"""
