"""vendor-review: vendor and subprocessor due diligence in the terminal."""

__version__ = "0.1.0"
