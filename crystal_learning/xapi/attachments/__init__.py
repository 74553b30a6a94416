"""Statement attachments (xAPI 1.0.3 Data 2.4.11, Communication 1.5.2) and
signed statements (Data 2.6)."""
