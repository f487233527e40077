"""The store-scale benchmark (`make bench`): a set-based data generator and a wrk load run.

Run as `python -m voc_portal.bench generate|run|check`; never imported by the running portal.
"""
