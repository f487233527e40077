"""The store integration: the server-to-server Store API and the store app's customer endpoints.

One store per installation (docs/store-integration.md): its signing keys see everything here.
"""
