"""Goals in plain language: reading (lexicon and intent model), references resolved against what the
robot sees, plans, answers and refusals. docs/language.md is the contract."""
