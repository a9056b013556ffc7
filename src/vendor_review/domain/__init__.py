"""Pure domain: questionnaire model, scoring, policy and value types.

Imports neither sqlalchemy nor textual nor openpyxl.
"""
