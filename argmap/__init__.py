"""argmap: a desktop argument mapper for policy debate."""

__version__ = "0.1.0"
