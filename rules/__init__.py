"""Guardian's pure domain: the policy model, presets and the rule engine.

Nothing here reads files, clocks or the OS, and nothing imports Qt: time and usage are passed in.
"""
