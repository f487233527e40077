"""Saved replies ("reply templates") shared by inquiries and reviews: one model with a kind."""
