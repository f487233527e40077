"""Saved views: named filter sets of a list (the inbox, the review console), personal or shared
with the account. The lists themselves say what a valid filter is and how to count it, by
registering a `ViewKind` (kinds.py) from their AppConfig.ready(): this app knows no domain."""
