"""Files written for people outside the tool: the portfolio workbook, the questionnaire
sent to a vendor, calendars."""
