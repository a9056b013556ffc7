"""Reading the portfolio for reports and the due rules: streamed, never all at once."""
