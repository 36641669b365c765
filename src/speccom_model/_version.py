"""The version of speccom_model."""

__version__ = "0.1.0.dev0"
