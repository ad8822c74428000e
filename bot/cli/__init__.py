"""The `stobot` command line: `commands` parses and dispatches, one module per larger subcommand."""
