"""The scene that both the editor window and headless export draw: cards, arrows, legend."""
