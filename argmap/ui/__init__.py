"""The Qt editor: it observes the core's model and changes it only through undoable commands."""
