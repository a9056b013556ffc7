"""The test kit every test level shares (importable as ``support`` — pytest puts ``tests/``
on ``sys.path``): builders for files, databases, portfolios, CLI runs and app sessions."""
