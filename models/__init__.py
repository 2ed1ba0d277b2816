"""Trained model directories bundled with spasmtext (package data)."""
