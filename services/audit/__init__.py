"""The audit journal: `log` writes it inside the caller's transaction, `journal` reads it back
for the director, `facts` shows its machine facts the bot's way."""
